// SPDX-License-Identifier: GPL-2.0
/*
 * The example driver of the seed document ("Creating Threads"), ported.
 * One change: the seed passed `PVOID threadId` as the CLIENT_ID argument,
 * which makes PsCreateSystemThread write 16 bytes into 8.  With ntddk.h's
 * types that is a compile error; the port uses a CLIENT_ID.  The driver's
 * own names (MyThreadRoutine, hThread, threadId) are in Linux style here:
 * the NT API's names are the only CamelCase the project allows.
 */
#include <linux/module.h>
#include <ntddk.h>

static VOID my_thread_routine(PVOID StartContext)
{
	DbgPrint("example_seed: Hello from kernel thread %lu!\n",
		 (unsigned long)PsGetCurrentThreadId());
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static int __init example_seed_init(void)
{
	HANDLE thread_handle;
	CLIENT_ID client_id;
	NTSTATUS status;

	status = PsCreateSystemThread(&thread_handle, THREAD_ALL_ACCESS, NULL,
				      NULL, &client_id, my_thread_routine, NULL);
	if (NT_SUCCESS(status)) {
		DbgPrint("example_seed: System thread created successfully: PID %lu TID %lu\n",
			 (unsigned long)client_id.UniqueProcess,
			 (unsigned long)client_id.UniqueThread);
		ObCloseHandle(thread_handle, KernelMode);
	} else {
		DbgPrint("example_seed: Failed to create system thread. Status: 0x%X\n",
			 status);
	}
	return 0;
}

static void __exit example_seed_exit(void)
{
}

module_init(example_seed_init);
module_exit(example_seed_exit);
MODULE_DESCRIPTION("ntthread example: the seed's PsCreateSystemThread driver");
MODULE_LICENSE("GPL");
