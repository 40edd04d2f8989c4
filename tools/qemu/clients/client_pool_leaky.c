// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that leaks pool: written as a Windows driver would be, it
 * allocates four blocks of four tags, in its entry point and in a system
 * thread, frees one and unloads holding the rest.  ntthread must list
 * them, by tag, size and allocating thread, and leave them allocated.
 */
#include <linux/module.h>
#include <ntddk.h>

#define TAG_LEAK	NT_POOL_TAG('L', 'e', 'a', 'k')
#define TAG_BUF		NT_POOL_TAG('L', 'B', 'u', 'f')
#define TAG_THREAD	NT_POOL_TAG('L', 'T', 'h', 'd')
#define TAG_FREE	NT_POOL_TAG('F', 'r', 'e', 'e')

static VOID pool_leaky_thread(PVOID context)
{
	ExAllocatePoolWithTag(NonPagedPoolNx, 300, TAG_THREAD);
}

static int __init client_pool_leaky_init(void)
{
	NTSTATUS status;
	HANDLE handle;
	PVOID freed;

	ExAllocatePoolWithTag(NonPagedPoolNx, 100, TAG_LEAK);
	ExAllocatePool2(POOL_FLAG_PAGED, 200, TAG_BUF);
	freed = ExAllocatePool2(POOL_FLAG_NON_PAGED, 50, TAG_FREE);
	if (freed)
		ExFreePoolWithTag(freed, TAG_FREE);
	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, pool_leaky_thread, NULL);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	ZwWaitForSingleObject(handle, FALSE, NULL);
	ZwClose(handle);
	return 0;
}

static void __exit client_pool_leaky_exit(void)
{
}

module_init(client_pool_leaky_init);
module_exit(client_pool_leaky_exit);
MODULE_DESCRIPTION("ntthread check: a driver that unloads holding pool");
MODULE_LICENSE("GPL");
