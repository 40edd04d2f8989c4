// SPDX-License-Identifier: GPL-2.0
/*
 * A worker pool in NT style: POOL_THREADS system threads wait on a work
 * event (synchronization: one worker per signal) and a stop event
 * (notification: every worker sees it).  Unloading signals stop and waits
 * for all workers with KeWaitForMultipleObjects(WaitAll), which needs a
 * caller-supplied wait-block array for more than THREAD_WAIT_OBJECTS.
 * Written as Windows drivers are: PKEVENT and PETHREAD arrays, and a
 * PETHREAD *, where the routines take PVOID *, with no casts.
 *
 * Each worker allocates pool as it goes, under three tags: its context
 * (paged, a size per worker), a record per item it took (kept until it
 * stops) and a scratch buffer per item (freed at once), so that
 * /sys/kernel/debug/ntthread/pool and pool_threads show who holds what.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <ntddk.h>

#define POOL_THREADS	4
#define POOL_ITEMS	8

/* Pool tags: 'xtCW' and so on in a Windows driver. */
#define TAG_CONTEXT	NT_POOL_TAG('W', 'C', 't', 'x')
#define TAG_ITEM	NT_POOL_TAG('I', 't', 'e', 'm')
#define TAG_SCRATCH	NT_POOL_TAG('S', 'r', 'c', 'h')

static KEVENT pool_work, pool_stop;
static atomic_t pool_pending, pool_done;
static PETHREAD pool_threads[POOL_THREADS];
static KWAIT_BLOCK pool_wait_blocks[POOL_THREADS];

static VOID pool_worker(PVOID context)
{
	PKEVENT events[2] = { &pool_work, &pool_stop };
	unsigned long id = (unsigned long)context;
	PVOID items[POOL_ITEMS], state, scratch;
	unsigned int held = 0;
	NTSTATUS status;

	state = ExAllocatePoolZero(PagedPool, 512 * (id + 1), TAG_CONTEXT);
	for (;;) {
		status = KeWaitForMultipleObjects(2, events, WaitAny, Executive,
						  KernelMode, FALSE, NULL, NULL);
		if (status != STATUS_WAIT_0)
			break;
		while (atomic_dec_if_positive(&pool_pending) >= 0) {
			atomic_inc(&pool_done);
			scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, 1024,
						  TAG_SCRATCH);
			items[held] = ExAllocatePoolWithTag(NonPagedPoolNx, 128,
							    TAG_ITEM);
			if (items[held])
				held++;
			if (scratch)
				ExFreePoolWithTag(scratch, TAG_SCRATCH);
			DbgPrint("example_pool: worker %lu (TID %lu) took an item\n",
				 id, (unsigned long)PsGetCurrentThreadId());
		}
	}
	while (held)
		ExFreePoolWithTag(items[--held], TAG_ITEM);
	if (state)
		ExFreePoolWithTag(state, TAG_CONTEXT);
	PsTerminateSystemThread(STATUS_SUCCESS + id);
}

static int __init example_pool_init(void)
{
	LARGE_INTEGER tick = { .QuadPart = -10 * 1000 * 10 };	/* 10 ms */
	NTSTATUS status;
	HANDLE handle;
	unsigned long i;

	KeInitializeEvent(&pool_work, SynchronizationEvent, FALSE);
	KeInitializeEvent(&pool_stop, NotificationEvent, FALSE);
	for (i = 0; i < POOL_THREADS; i++) {
		status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL,
					      NULL, NULL, pool_worker,
					      (PVOID)i);
		if (!NT_SUCCESS(status))
			goto err_stop;
		status = ObReferenceObjectByHandle(handle, SYNCHRONIZE,
						   *PsThreadType, KernelMode,
						   &pool_threads[i], NULL);
		ZwClose(handle);
		if (!NT_SUCCESS(status))
			goto err_stop;
	}
	for (i = 0; i < POOL_ITEMS; i++) {
		atomic_inc(&pool_pending);
		KeSetEvent(&pool_work, IO_NO_INCREMENT, FALSE);
		KeDelayExecutionThread(KernelMode, FALSE, &tick);
	}
	DbgPrint("example_pool: %d workers started, %d items posted\n",
		 POOL_THREADS, POOL_ITEMS);
	return 0;

err_stop:
	DbgPrint("example_pool: start failed: 0x%X\n", status);
	KeSetEvent(&pool_stop, IO_NO_INCREMENT, FALSE);
	while (i--) {
		KeWaitForSingleObject(pool_threads[i], Executive, KernelMode,
				      FALSE, NULL);
		ObDereferenceObject(pool_threads[i]);
	}
	return -ENOMEM;
}

static void __exit example_pool_exit(void)
{
	NTSTATUS status;
	int i;

	KeSetEvent(&pool_stop, IO_NO_INCREMENT, FALSE);
	status = KeWaitForMultipleObjects(POOL_THREADS, pool_threads,
					  WaitAll, Executive, KernelMode, FALSE,
					  NULL, pool_wait_blocks);
	for (i = 0; i < POOL_THREADS; i++) {
		DbgPrint("example_pool: worker %d exited with status 0x%X\n",
			 i, PsGetThreadExitStatus(pool_threads[i]));
		ObDereferenceObject(pool_threads[i]);
	}
	DbgPrint("example_pool: stopped (wait status 0x%X), %d items done\n",
		 status, atomic_read(&pool_done));
}

module_init(example_pool_init);
module_exit(example_pool_exit);
MODULE_DESCRIPTION("ntthread example: a worker pool on KEVENTs");
MODULE_LICENSE("GPL");
