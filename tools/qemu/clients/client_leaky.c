// SPDX-License-Identifier: GPL-2.0
/*
 * A leaky driver: it unloads with a handle and a reference to its
 * (terminated) thread still open.  Unloading ntthread afterwards must close
 * and free them, name them, and leak nothing.
 */
#include <linux/module.h>
#include <ntddk.h>

static VOID leaky_thread(PVOID context)
{
}

static int __init client_leaky_init(void)
{
	NTSTATUS status;
	HANDLE handle;
	PVOID thread;

	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, leaky_thread, NULL);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	ZwWaitForSingleObject(handle, FALSE, NULL);
	ObReferenceObjectByHandle(handle, 0, NULL, KernelMode, &thread, NULL);
	ObOpenObjectByPointer(thread, 0, NULL, 0, NULL, KernelMode, &handle);
	return 0;	/* two handles and a reference left behind */
}

static void __exit client_leaky_exit(void)
{
}

module_init(client_leaky_init);
module_exit(client_leaky_exit);
MODULE_DESCRIPTION("ntthread check: a driver that leaks handles and references");
MODULE_LICENSE("GPL");
