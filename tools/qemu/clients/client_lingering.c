// SPDX-License-Identifier: GPL-2.0
/*
 * A careless driver: its thread still runs its code for about two seconds
 * after the module's exit routine has returned.  Windows bug checks (0xCE);
 * ntthread must make the unload wait for the thread and name it.
 */
#include <linux/module.h>
#include <ntddk.h>

static VOID lingering_thread(PVOID context)
{
	LARGE_INTEGER tick = { .QuadPart = -100 * 10000 };	/* 100 ms */
	int i;

	for (i = 0; i < 20; i++)
		KeDelayExecutionThread(KernelMode, FALSE, &tick);
	DbgPrint("client_lingering: thread done\n");
}

static int __init client_lingering_init(void)
{
	NTSTATUS status;
	HANDLE handle;

	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, lingering_thread, NULL);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	ZwClose(handle);
	return 0;
}

static void __exit client_lingering_exit(void)
{
	DbgPrint("client_lingering: exit returns while the thread runs\n");
}

module_init(client_lingering_init);
module_exit(client_lingering_exit);
MODULE_DESCRIPTION("ntthread check: a driver unloaded while its thread runs");
MODULE_LICENSE("GPL");
