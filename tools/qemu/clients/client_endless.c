// SPDX-License-Identifier: GPL-2.0
/*
 * A driver whose thread does not end when the driver is unloaded: it goes
 * on for secs (25 s) after the module's exit routine has returned, past
 * at least two of the unload's warnings (every 10 s unless ntthread's
 * unload_warn_secs says otherwise; a thread that never ends blocks rmmod
 * for good in the same way).  Windows bug checks (0xCE); here rmmod
 * waits, warns, and cannot be killed.
 */
#include <linux/module.h>
#include <ntddk.h>

static unsigned int secs = 25;
module_param(secs, uint, 0444);
MODULE_PARM_DESC(secs, "how long the thread outlives the unload (25)");

static KEVENT endless_exiting;

static VOID endless_thread(PVOID context)
{
	LARGE_INTEGER tick = { .QuadPart = -100 * 10000 };	/* 100 ms */
	int i;

	KeWaitForSingleObject(&endless_exiting, Executive, KernelMode, FALSE,
			      NULL);
	for (i = 0; i < secs * 10; i++)
		KeDelayExecutionThread(KernelMode, FALSE, &tick);
	DbgPrint("client_endless: thread done\n");
}

static int __init client_endless_init(void)
{
	NTSTATUS status;
	HANDLE handle;

	KeInitializeEvent(&endless_exiting, NotificationEvent, FALSE);
	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, endless_thread, NULL);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	ZwClose(handle);
	return 0;
}

static void __exit client_endless_exit(void)
{
	KeSetEvent(&endless_exiting, IO_NO_INCREMENT, FALSE);
}

module_init(client_endless_init);
module_exit(client_endless_exit);
MODULE_DESCRIPTION("ntthread check: a driver whose thread outlives its unload");
MODULE_LICENSE("GPL");
