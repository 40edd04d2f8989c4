// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the object manager - slab caches and debugfs, references,
 * ObReferenceObjectByHandle's type and access rules, pseudo-handles,
 * ObOpenObjectByPointer, and deletion on the last reference.
 */
#include <linux/debugfs.h>
#include <linux/module.h>

#include "ntthread_kunit.h"

static void ob_types_have_slab_caches(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, (*PsThreadType)->cache);
	KUNIT_EXPECT_GE(test, kmem_cache_size((*PsThreadType)->cache),
			(unsigned int)(sizeof(struct nt_object_header) +
				       sizeof(struct nt_thread)));
	KUNIT_ASSERT_NOT_NULL(test, (*PsProcessType)->cache);
	KUNIT_EXPECT_STREQ(test, (*PsThreadType)->name, "Thread");
	KUNIT_EXPECT_STREQ(test, (*PsProcessType)->name, "Process");
	KUNIT_EXPECT_STREQ(test, (*ExEventObjectType)->name, "Event");
	/* The System process is an object of its type, PID 4. */
	KUNIT_EXPECT_PTR_EQ(test, nt_ob_header(PsInitialSystemProcess)->type,
			    *PsProcessType);
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetProcessId(PsInitialSystemProcess),
			4UL);
}

static void ob_debugfs_directory_exists(struct kunit *test)
{
	struct dentry *dir = debugfs_lookup("ntthread", NULL);
	struct dentry *stats;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dir);
	stats = debugfs_lookup("stats", dir);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, stats);
	dput(stats);
	dput(dir);
}

/* The access a new thread handle grants for @desired. */
static ACCESS_MASK ob_granted(struct kunit *test, ACCESS_MASK desired)
{
	OBJECT_HANDLE_INFORMATION info = { };
	struct ntt_gate gate;
	HANDLE handle;
	PVOID object;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsCreateSystemThread(&handle, desired, NULL, NULL,
						   NULL, ntt_parked, &gate),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handle, 0, NULL,
							KernelMode, &object,
							&info), STATUS_SUCCESS);
	ObDereferenceObject(object);
	ntt_finish(test, &gate, handle);
	return info.GrantedAccess;
}

static void ob_generic_access_is_mapped(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ob_granted(test, GENERIC_ALL),
			(ACCESS_MASK)THREAD_ALL_ACCESS);
	KUNIT_EXPECT_EQ(test, ob_granted(test, MAXIMUM_ALLOWED),
			(ACCESS_MASK)THREAD_ALL_ACCESS);
	KUNIT_EXPECT_EQ(test, ob_granted(test, GENERIC_EXECUTE),
			(ACCESS_MASK)(READ_CONTROL | SYNCHRONIZE));
	KUNIT_EXPECT_EQ(test, ob_granted(test, GENERIC_READ),
			(ACCESS_MASK)(READ_CONTROL | THREAD_GET_CONTEXT |
				      THREAD_QUERY_INFORMATION));
	KUNIT_EXPECT_EQ(test, ob_granted(test, GENERIC_WRITE),
			(ACCESS_MASK)(READ_CONTROL | THREAD_TERMINATE |
				      THREAD_SUSPEND_RESUME | THREAD_ALERT |
				      THREAD_SET_INFORMATION |
				      THREAD_SET_CONTEXT));
	KUNIT_EXPECT_EQ(test, ob_granted(test, SYNCHRONIZE | THREAD_TERMINATE),
			(ACCESS_MASK)(SYNCHRONIZE | THREAD_TERMINATE));
	/* Bits beyond the type's valid mask are dropped. */
	KUNIT_EXPECT_EQ(test, ob_granted(test, ACCESS_SYSTEM_SECURITY |
					 SYNCHRONIZE),
			(ACCESS_MASK)SYNCHRONIZE);
	KUNIT_EXPECT_EQ(test, (ACCESS_MASK)THREAD_ALL_ACCESS, 0x001FFFFFU);
}

static void ob_reference_by_handle_checks_type(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle;
	PVOID object = (PVOID)1;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handle, 0, *PsProcessType, KernelMode,
							&object, NULL),
			STATUS_OBJECT_TYPE_MISMATCH);
	KUNIT_EXPECT_NULL(test, object);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handle, 0, NULL, KernelMode, &object, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, nt_ob_header(object)->type, *PsThreadType);
	ObDereferenceObject(object);
	ntt_finish(test, &gate, handle);
}

static void ob_user_mode_cannot_use_kernel_handles(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle;
	PVOID object;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handle, 0, NULL, UserMode, &object, NULL),
			STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ObCloseHandle(handle, UserMode),
			STATUS_INVALID_HANDLE);
	/* The failed close left the handle open. */
	ntt_finish(test, &gate, handle);
}

static void ob_current_process_pseudo_handle(struct kunit *test)
{
	PVOID object;

	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(NtCurrentProcess(), 0, *PsProcessType,
							KernelMode, &object, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, object, (PVOID)PsInitialSystemProcess);
	ObDereferenceObject(object);
	/* UserMode gets the pseudo-handle too, with every right. */
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(NtCurrentProcess(), PROCESS_ALL_ACCESS,
							NULL, UserMode, &object, NULL),
			STATUS_SUCCESS);
	ObDereferenceObject(object);
	/* Not a system thread of the layer: its adopted thread object. */
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(NtCurrentThread(), 0, NULL, KernelMode,
							&object, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, object, (PVOID)PsGetCurrentThread());
	ObDereferenceObject(object);
}

struct ob_self {
	NTSTATUS status;
	PVOID object;
	PETHREAD self_thread;
};

static VOID ob_reference_self(PVOID context)
{
	struct ob_self *self = context;

	self->self_thread = PsGetCurrentThread();
	self->status = ObReferenceObjectByHandle(NtCurrentThread(), 0,
						 *PsThreadType, KernelMode,
						 &self->object, NULL);
}

static void ob_current_thread_pseudo_handle_in_a_system_thread(struct kunit *test)
{
	struct ob_self self = { .status = STATUS_PENDING };
	HANDLE handle;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS,
						   NULL, NULL, NULL,
						   ob_reference_self, &self),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ZwWaitForSingleObject(handle, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, self.status, STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, self.object, (PVOID)self.self_thread);
	if (self.object)
		ObDereferenceObject(self.object);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

static void ob_reference_counts_and_last_dereference_frees(struct kunit *test)
{
	struct ntt_snapshot before;
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD thread;
	refcount_t *count;

	ntt_snapshot(&before);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	count = &nt_ob_header(thread)->pointer_count;
	/* The thread's own, the handle's and ours. */
	KUNIT_EXPECT_EQ(test, refcount_read(count), 3U);
	KUNIT_EXPECT_EQ(test, ObfReferenceObject(thread), (LONG_PTR)4);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByPointer(thread, 0, *PsThreadType, KernelMode),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByPointer(thread, 0, *PsProcessType, KernelMode),
			STATUS_OBJECT_TYPE_MISMATCH);
	KUNIT_EXPECT_EQ(test, ObfDereferenceObject(thread), (LONG_PTR)4);
	KUNIT_EXPECT_EQ(test, ObfDereferenceObject(thread), (LONG_PTR)3);
	ntt_finish(test, &gate, handle);
	KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(thread));
	/* The last reference may be dropped in atomic context. */
	preempt_disable();
	ObDereferenceObject(thread);
	preempt_enable();
	ntt_expect_baseline(test, &before);
}

static void ob_dereference(void *object)
{
	ObDereferenceObject(object);
}

/*
 * The last reference to a terminated thread dropped in hard interrupt
 * context: its deletion (which takes the TID table's lock, a sleeping lock
 * on PREEMPT_RT) is deferred, and the object is gone soon after.
 */
static void ob_last_dereference_in_hard_interrupt(struct kunit *test)
{
	struct ntt_gate gate;
	PETHREAD thread;
	HANDLE handle;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	ntt_finish(test, &gate, handle);
	ntt_expect_refs(test, thread, 1);
	ntt_in_hardirq(test, ob_dereference, thread);
	/* .exit expects the object, its TID and its row gone. */
}

static void ob_open_object_by_pointer_opens_a_handle(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle, second;
	PETHREAD thread;
	PVOID object;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	KUNIT_ASSERT_EQ(test, ObOpenObjectByPointer(thread, OBJ_KERNEL_HANDLE, NULL, SYNCHRONIZE,
						    *PsThreadType, KernelMode, &second),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_NE(test, second, handle);
	KUNIT_EXPECT_EQ(test, atomic_read(&nt_ob_header(thread)->handle_count), 2);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(second, 0, NULL, KernelMode, &object, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, object, (PVOID)thread);
	ObDereferenceObject(object);
	KUNIT_EXPECT_EQ(test, ZwClose(second), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&nt_ob_header(thread)->handle_count), 1);
	/* A handle to the System process is a valid ProcessHandle. */
	KUNIT_ASSERT_EQ(test, ObOpenObjectByPointer(PsInitialSystemProcess, 0, NULL,
						    PROCESS_ALL_ACCESS, *PsProcessType, KernelMode,
						    &second), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(second, 0, *PsProcessType, KernelMode,
							&object, NULL), STATUS_SUCCESS);
	ObDereferenceObject(object);
	KUNIT_EXPECT_EQ(test, ZwClose(second), STATUS_SUCCESS);
	ntt_finish(test, &gate, handle);
	ObDereferenceObject(thread);
}

/*
 * ObDereferenceObject(PsGetCurrentProcess()) without a reference, a classic
 * driver bug, only leaks on Windows: the System process and the handle
 * table every handle lives in must survive it.
 */
static void ob_extra_dereference_keeps_the_system_process(struct kunit *test)
{
	PEPROCESS system = PsGetCurrentProcess();
	PVOID object;

	ObDereferenceObject(system);
	ObDereferenceObject(system);
	KUNIT_EXPECT_EQ(test, refcount_read(&nt_ob_header(system)->pointer_count), 1U);
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetProcessId(system), 4UL);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(NtCurrentProcess(), 0, *PsProcessType,
							KernelMode, &object, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, object, (PVOID)system);
	ObDereferenceObject(object);
}

/*
 * One dereference too many, then the handle's close: the running thread
 * keeps its object (its own reference) and frees it when it ends.
 */
static void ob_extra_dereference_keeps_a_running_thread(struct kunit *test)
{
	/* Not on the stack: nothing is left to wait on once it is released. */
	struct ntt_gate *gate = kunit_kzalloc(test, sizeof(*gate), GFP_KERNEL);
	HANDLE handle;
	PETHREAD thread;

	KUNIT_ASSERT_NOT_NULL(test, gate);
	ntt_gate_init(gate, STATUS_SUCCESS);
	handle = ntt_start(test, gate, NULL);
	thread = ntt_object(test, handle);
	ObDereferenceObject(thread);
	ObDereferenceObject(thread);		/* the extra one: 1 left */
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, refcount_read(&nt_ob_header(thread)->pointer_count), 1U);
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(thread));
	KeSetEvent(&gate->go, IO_NO_INCREMENT, FALSE);
	/*
	 * The thread frees its object on its way out: the suite's exit waits
	 * for the baseline (the thread gone) before the gate is freed.
	 */
}

static struct kunit_case ob_cases[] = {
	KUNIT_CASE(ob_types_have_slab_caches),
	KUNIT_CASE(ob_debugfs_directory_exists),
	KUNIT_CASE(ob_generic_access_is_mapped),
	KUNIT_CASE(ob_reference_by_handle_checks_type),
	KUNIT_CASE(ob_user_mode_cannot_use_kernel_handles),
	KUNIT_CASE(ob_current_process_pseudo_handle),
	KUNIT_CASE(ob_current_thread_pseudo_handle_in_a_system_thread),
	KUNIT_CASE(ob_reference_counts_and_last_dereference_frees),
	KUNIT_CASE(ob_last_dereference_in_hard_interrupt),
	KUNIT_CASE(ob_open_object_by_pointer_opens_a_handle),
	KUNIT_CASE(ob_extra_dereference_keeps_the_system_process),
	KUNIT_CASE(ob_extra_dereference_keeps_a_running_thread),
	{}
};

static struct kunit_suite ob_suite = {
	.name = "ntthread_ob",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = ob_cases,
};

kunit_test_suite(ob_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's object manager");
MODULE_LICENSE("GPL");
