// SPDX-License-Identifier: GPL-2.0
/*
 * A driver with a lock-order bug, written as Windows drivers write it:
 * one path takes the queue lock, then the statistics lock; another takes
 * them the other way round.  It never deadlocks here (one thread), but it
 * could on two CPUs, and lockdep must say so (tools/qemu/checks/).
 */
#include <linux/module.h>
#include <ntddk.h>

typedef struct _LOCKORDER_EXTENSION {
	KSPIN_LOCK QueueLock;
	KSPIN_LOCK StatsLock;
	LIST_ENTRY Queue;
	ULONG Queued;
} LOCKORDER_EXTENSION, *PLOCKORDER_EXTENSION;

static LOCKORDER_EXTENSION Extension;

static VOID LockOrderQueue(_Inout_ PLOCKORDER_EXTENSION Ext)
{
	KIRQL oldIrql;

	KeAcquireSpinLock(&Ext->QueueLock, &oldIrql);
	KeAcquireSpinLockAtDpcLevel(&Ext->StatsLock);
	Ext->Queued++;
	KeReleaseSpinLockFromDpcLevel(&Ext->StatsLock);
	KeReleaseSpinLock(&Ext->QueueLock, oldIrql);
}

static VOID LockOrderReport(_Inout_ PLOCKORDER_EXTENSION Ext)
{
	KLOCK_QUEUE_HANDLE stats, queue;

	KeAcquireInStackQueuedSpinLock(&Ext->StatsLock, &stats);
	KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->QueueLock, &queue);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
		   "client_lockorder: %lu queued\n", Ext->Queued);
	KeReleaseInStackQueuedSpinLockFromDpcLevel(&queue);
	KeReleaseInStackQueuedSpinLock(&stats);
}

static int __init client_lockorder_init(void)
{
	KeInitializeSpinLock(&Extension.QueueLock);
	KeInitializeSpinLock(&Extension.StatsLock);
	InitializeListHead(&Extension.Queue);
	LockOrderQueue(&Extension);
	LockOrderReport(&Extension);	/* the inverted order */
	return 0;
}

static void __exit client_lockorder_exit(void)
{
}

module_init(client_lockorder_init);
module_exit(client_lockorder_exit);
MODULE_DESCRIPTION("ntthread check: a driver whose spin locks are taken in both orders");
MODULE_LICENSE("GPL");
