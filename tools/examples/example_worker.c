// SPDX-License-Identifier: GPL-2.0
/*
 * A worker thread written the way Windows drivers write theirs: requests
 * queued under a spin lock, a semaphore that wakes the worker, a periodic
 * timer whose DPC queues a request of its own, statistics under an
 * ERESOURCE (released for the thread that took it, in a FORCEINLINE
 * helper), KdPrintEx with NT's format conversions.  Built with -Werror
 * against <ntddk.h> (tools/examples/Kbuild); nothing in it knows Linux but
 * the module_init/module_exit lines at the end.
 */
#include <linux/module.h>
#include <ntddk.h>

#define WORKER_REQUESTS		8
#define WORKER_TIMER_PERIOD_MS	20

struct work_request {
	LIST_ENTRY link;
	ULONG sequence;
	BOOLEAN from_timer;
};

struct worker_context {
	KSPIN_LOCK queue_lock;
	LIST_ENTRY queue;
	KSEMAPHORE queue_semaphore;
	KEVENT stop;
	KTIMER timer;
	KDPC timer_dpc;
	ERESOURCE stats_resource;
	ULONG processed;
	ULONG timer_requests;
	LONG tick_queued;
	LARGE_INTEGER busy_ticks;
	PETHREAD worker_thread;
	UNICODE_STRING name;
	struct work_request requests[WORKER_REQUESTS];
	struct work_request tick_request;
};

static struct worker_context worker;

_IRQL_requires_max_(DISPATCH_LEVEL)
static VOID worker_queue(_Inout_ struct worker_context *ctx,
			 _Inout_ struct work_request *req)
{
	ExInterlockedInsertTailList(&ctx->queue, &req->link,
				    &ctx->queue_lock);
	KeReleaseSemaphore(&ctx->queue_semaphore, IO_NO_INCREMENT, 1, FALSE);
}

_Function_class_(KDEFERRED_ROUTINE)
_IRQL_requires_(DISPATCH_LEVEL)
static VOID worker_timer_dpc(_In_ PKDPC dpc, _In_opt_ PVOID deferred_context,
			     _In_opt_ PVOID arg1, _In_opt_ PVOID arg2)
{
	struct worker_context *ctx = (struct worker_context *)deferred_context;

	UNREFERENCED_PARAMETER(dpc);
	UNREFERENCED_PARAMETER(arg1);
	UNREFERENCED_PARAMETER(arg2);
	NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);

	/* One timer request in the queue at a time. */
	if (InterlockedCompareExchange(&ctx->tick_queued, 1, 0) != 0)
		return;
	KeAcquireSpinLockAtDpcLevel(&ctx->queue_lock);
	InsertTailList(&ctx->queue, &ctx->tick_request.link);
	KeReleaseSpinLockFromDpcLevel(&ctx->queue_lock);
	KeReleaseSemaphore(&ctx->queue_semaphore, IO_NO_INCREMENT, 1, FALSE);
}

_IRQL_requires_max_(APC_LEVEL)
FORCEINLINE VOID worker_count(_Inout_ struct worker_context *ctx,
			      _In_ BOOLEAN from_timer)
{
	ERESOURCE_THREAD owner;

	KeEnterCriticalRegion();
	ExAcquireResourceExclusiveLite(&ctx->stats_resource, TRUE);
	owner = ExGetCurrentResourceThread();
	ctx->processed++;
	if (from_timer)
		ctx->timer_requests++;
	ExReleaseResourceForThreadLite(&ctx->stats_resource, owner);
	KeLeaveCriticalRegion();
}

_IRQL_requires_(PASSIVE_LEVEL)
static VOID worker_process(_Inout_ struct worker_context *ctx,
			   _In_ struct work_request *req)
{
	LARGE_INTEGER start, end;

	PAGED_CODE();
	start = KeQueryPerformanceCounter(NULL);

	worker_count(ctx, req->from_timer);

	if (!req->from_timer)
		KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
			   "example_worker: %wZ processed request %lu\n",
			   &ctx->name, req->sequence));
	else
		InterlockedExchange(&ctx->tick_queued, 0);

	end = KeQueryPerformanceCounter(NULL);
	ctx->busy_ticks.QuadPart += end.QuadPart - start.QuadPart;
}

_Function_class_(KSTART_ROUTINE)
_IRQL_requires_(PASSIVE_LEVEL)
static VOID worker_thread(_In_ PVOID start_context)
{
	struct worker_context *ctx = (struct worker_context *)start_context;
	PVOID objects[2] = { &ctx->stop, &ctx->queue_semaphore };
	KLOCK_QUEUE_HANDLE lock_handle;
	struct work_request *req;
	PLIST_ENTRY entry;
	NTSTATUS status;

	PAGED_CODE();
	for (;;) {
		status = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects,
						  WaitAny, Executive, KernelMode,
						  FALSE, NULL, NULL);
		if (status == STATUS_WAIT_0)
			break;

		KeAcquireInStackQueuedSpinLock(&ctx->queue_lock, &lock_handle);
		entry = IsListEmpty(&ctx->queue) ? NULL :
			RemoveHeadList(&ctx->queue);
		KeReleaseInStackQueuedSpinLock(&lock_handle);
		if (!entry)
			continue;
		req = CONTAINING_RECORD(entry, struct work_request, link);
		worker_process(ctx, req);
	}
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static int __init example_worker_init(void)
{
	struct worker_context *ctx = &worker;
	ANSI_STRING ansi_name;
	LARGE_INTEGER due;
	HANDLE handle;
	NTSTATUS status;
	ULONG i;

	RtlZeroMemory(ctx, sizeof(*ctx));
	RtlInitUnicodeString(&ctx->name, L"\\Device\\ExampleWorker");
	KeInitializeSpinLock(&ctx->queue_lock);
	InitializeListHead(&ctx->queue);
	KeInitializeSemaphore(&ctx->queue_semaphore, 0, MAXLONG);
	KeInitializeEvent(&ctx->stop, NotificationEvent, FALSE);
	status = ExInitializeResourceLite(&ctx->stats_resource);
	if (!NT_SUCCESS(status))
		return -EINVAL;
	ctx->tick_request.from_timer = TRUE;

	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL,
				      NULL, NULL, worker_thread, ctx);
	if (!NT_SUCCESS(status)) {
		DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
			   "example_worker: PsCreateSystemThread failed: 0x%08X\n",
			   status);
		ExDeleteResourceLite(&ctx->stats_resource);
		return -ENOMEM;
	}
	ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType,
				  KernelMode, &ctx->worker_thread, NULL);
	ZwClose(handle);

	KeInitializeDpc(&ctx->timer_dpc, worker_timer_dpc, ctx);
	KeInitializeTimerEx(&ctx->timer, NotificationTimer);
	due.QuadPart = -10000LL * WORKER_TIMER_PERIOD_MS;
	KeSetTimerEx(&ctx->timer, due, WORKER_TIMER_PERIOD_MS,
		     &ctx->timer_dpc);

	for (i = 0; i < WORKER_REQUESTS; i++) {
		ctx->requests[i].sequence = i;
		worker_queue(ctx, &ctx->requests[i]);
	}
	if (NT_SUCCESS(RtlUnicodeStringToAnsiString(&ansi_name, &ctx->name,
						    TRUE))) {
		DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
			   "example_worker: %Z started, %lu requests queued\n",
			   &ansi_name, (ULONG)WORKER_REQUESTS);
		RtlFreeAnsiString(&ansi_name);
	}
	return 0;
}

static void __exit example_worker_exit(void)
{
	struct worker_context *ctx = &worker;
	LARGE_INTEGER frequency, now;
	TIME_FIELDS fields;
	ULONG processed, from_timer;

	KeCancelTimer(&ctx->timer);
	KeFlushQueuedDpcs();
	KeSetEvent(&ctx->stop, IO_NO_INCREMENT, FALSE);
	KeWaitForSingleObject(ctx->worker_thread, Executive, KernelMode,
			      FALSE, NULL);
	ObDereferenceObject(ctx->worker_thread);

	ExAcquireResourceSharedLite(&ctx->stats_resource, TRUE);
	processed = ctx->processed;
	from_timer = ctx->timer_requests;
	ExReleaseResourceLite(&ctx->stats_resource);
	ExDeleteResourceLite(&ctx->stats_resource);

	KeQueryPerformanceCounter(&frequency);
	KeQuerySystemTimePrecise(&now);
	RtlTimeToTimeFields(&now, &fields);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
		   "example_worker: stopped at %04d-%02d-%02d %02d:%02d:%02d UTC: %lu requests (%lu from the timer), busy %I64u us\n",
		   fields.Year, fields.Month, fields.Day, fields.Hour,
		   fields.Minute, fields.Second, processed, from_timer,
		   ctx->busy_ticks.QuadPart * 1000000 / frequency.QuadPart);
}

module_init(example_worker_init);
module_exit(example_worker_exit);
MODULE_DESCRIPTION("ntthread example: a Windows-style worker thread with a queue, a timer and an ERESOURCE");
MODULE_LICENSE("GPL");
