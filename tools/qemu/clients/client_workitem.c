// SPDX-License-Identifier: GPL-2.0
/*
 * A careless driver: its exit routine returns with two work items still
 * queued or running in the delayed queue (one worker: the second waits
 * behind the first, which takes about two seconds).  Windows bug checks
 * (0xCE); ntthread must make the unload wait for both and name them.
 */
#include <linux/module.h>
#include <ntddk.h>

static WORK_QUEUE_ITEM items[2];

static VOID slow_item(PVOID context)
{
	LARGE_INTEGER tick = { .QuadPart = -100 * 10000 };	/* 100 ms */
	int i;

	for (i = 0; i < 20; i++)
		KeDelayExecutionThread(KernelMode, FALSE, &tick);
	DbgPrint("client_workitem: item %lu done\n", (unsigned long)context);
}

static int __init client_workitem_init(void)
{
	ExInitializeWorkItem(&items[0], slow_item, (PVOID)1UL);
	ExInitializeWorkItem(&items[1], slow_item, (PVOID)2UL);
	ExQueueWorkItem(&items[0], DelayedWorkQueue);
	ExQueueWorkItem(&items[1], DelayedWorkQueue);
	return 0;
}

static void __exit client_workitem_exit(void)
{
	DbgPrint("client_workitem: exit returns with its work items queued\n");
}

module_init(client_workitem_init);
module_exit(client_workitem_exit);
MODULE_DESCRIPTION("ntthread check: a driver unloaded with work items queued");
MODULE_LICENSE("GPL");
