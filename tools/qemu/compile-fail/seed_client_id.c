// SPDX-License-Identifier: GPL-2.0
/*
 * The seed document's mistake, verbatim: `PVOID threadId` passed as the
 * CLIENT_ID argument, which would make PsCreateSystemThread write 16 bytes
 * into 8.  ntddk.h's types must make this a compile error.
 *
 * Expect: passing argument [0-9] of .PsCreateSystemThread. from incompatible pointer type
 */
#include <linux/module.h>
#include <ntddk.h>

static VOID MyThreadRoutine(PVOID StartContext)
{
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static int __init seed_client_id_init(void)
{
	HANDLE hThread;
	PVOID threadId;

	return PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL,
				    &threadId, MyThreadRoutine, NULL);
}

module_init(seed_client_id_init);
MODULE_LICENSE("GPL");
