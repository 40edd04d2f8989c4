// SPDX-License-Identifier: GPL-2.0
/*
 * The example driver of the seed document ("Creating Threads"), ported.
 * One change: the seed passed `PVOID threadId` as the CLIENT_ID argument,
 * which makes PsCreateSystemThread write 16 bytes into 8.  With ntddk.h's
 * types that is a compile error; the port uses a CLIENT_ID.
 */
#include <linux/module.h>
#include <ntddk.h>

static VOID MyThreadRoutine(PVOID StartContext)
{
	DbgPrint("example_seed: Hello from kernel thread %lu!\n",
		 (unsigned long)PsGetCurrentThreadId());
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static int __init example_seed_init(void)
{
	HANDLE hThread;
	CLIENT_ID threadId;
	NTSTATUS status;

	status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL,
				      &threadId, MyThreadRoutine, NULL);
	if (NT_SUCCESS(status)) {
		DbgPrint("example_seed: System thread created successfully: PID %lu TID %lu\n",
			 (unsigned long)threadId.UniqueProcess,
			 (unsigned long)threadId.UniqueThread);
		ObCloseHandle(hThread, KernelMode);
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
