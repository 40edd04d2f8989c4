// SPDX-License-Identifier: GPL-2.0
/*
 * A driver thread that ends holding a KMUTEX, as a buggy Windows driver's
 * might (Windows bug checks THREAD_TERMINATE_HELD_MUTEX): the trace check
 * sees the abandonment, then the driver's own wait acquire it.
 */
#include <linux/module.h>
#include <ntddk.h>

static KMUTEX mutex;

static VOID take_and_end(PVOID context)
{
	KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL);
}

static int __init client_abandon_init(void)
{
	NTSTATUS status;
	HANDLE thread;

	KeInitializeMutex(&mutex, 0);
	status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, take_and_end, NULL);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	ZwWaitForSingleObject(thread, FALSE, NULL);
	ZwClose(thread);
	status = KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE,
				       NULL);
	DbgPrint("client_abandon: the mutex acquired with status 0x%x\n",
		 status);
	KeReleaseMutex(&mutex, FALSE);
	return 0;
}

static void __exit client_abandon_exit(void)
{
}

module_init(client_abandon_init);
module_exit(client_abandon_exit);
MODULE_DESCRIPTION("ntthread check: a thread that ends holding a mutex");
MODULE_LICENSE("GPL");
