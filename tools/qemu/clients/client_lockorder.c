// SPDX-License-Identifier: GPL-2.0
/*
 * A driver with a lock-order bug, written as Windows drivers write it:
 * one path takes the queue lock, then the statistics lock; another takes
 * them the other way round.  It never deadlocks here (one thread), but it
 * could on two CPUs, and lockdep must say so (tools/qemu/checks/).
 */
#include <linux/module.h>
#include <ntddk.h>

struct lockorder_extension {
	KSPIN_LOCK queue_lock;
	KSPIN_LOCK stats_lock;
	LIST_ENTRY queue;
	ULONG queued;
};

static struct lockorder_extension extension;

static VOID lockorder_queue(_Inout_ struct lockorder_extension *ext)
{
	KIRQL old_irql;

	KeAcquireSpinLock(&ext->queue_lock, &old_irql);
	KeAcquireSpinLockAtDpcLevel(&ext->stats_lock);
	ext->queued++;
	KeReleaseSpinLockFromDpcLevel(&ext->stats_lock);
	KeReleaseSpinLock(&ext->queue_lock, old_irql);
}

static VOID lockorder_report(_Inout_ struct lockorder_extension *ext)
{
	KLOCK_QUEUE_HANDLE stats, queue;

	KeAcquireInStackQueuedSpinLock(&ext->stats_lock, &stats);
	KeAcquireInStackQueuedSpinLockAtDpcLevel(&ext->queue_lock, &queue);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
		   "client_lockorder: %lu queued\n", ext->queued);
	KeReleaseInStackQueuedSpinLockFromDpcLevel(&queue);
	KeReleaseInStackQueuedSpinLock(&stats);
}

static int __init client_lockorder_init(void)
{
	KeInitializeSpinLock(&extension.queue_lock);
	KeInitializeSpinLock(&extension.stats_lock);
	InitializeListHead(&extension.queue);
	lockorder_queue(&extension);
	lockorder_report(&extension);	/* the inverted order */
	return 0;
}

static void __exit client_lockorder_exit(void)
{
}

module_init(client_lockorder_init);
module_exit(client_lockorder_exit);
MODULE_DESCRIPTION("ntthread check: a driver whose spin locks are taken in both orders");
MODULE_LICENSE("GPL");
