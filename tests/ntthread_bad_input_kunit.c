// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: every exported routine with each bad argument, as one table.
 * Each row states the status a Windows driver expects; after each row the
 * layer's counts (handles, threads, objects, TIDs) must be as before: bad
 * input never leaks nor loses an object.
 */
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "ntthread_kunit.h"
#include "pool.h"

#define KERNEL_BIT	((HANDLE)0xFFFFFFFF80000000UL)

/* A valid thread, its handle and an event, set up for every row. */
struct bad_ctx {
	struct ntt_gate gate;
	HANDLE handle;
	HANDLE closed;
	PETHREAD thread;
	KEVENT event;
	KSEMAPHORE semaphore;
	KQUEUE queue;
	KDPC dpc;
	void *small;
	void *vmalloc_start;
	struct ntt_snapshot before;
};

struct bad_row {
	const char *name;
	NTSTATUS (*call)(struct bad_ctx *c);
	NTSTATUS expected;
};

static VOID bad_noop(PVOID context)
{
}

static VOID bad_dpc_routine(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
}

static NTSTATUS create(PHANDLE h, POBJECT_ATTRIBUTES oa, HANDLE process,
		       PKSTART_ROUTINE routine)
{
	NTSTATUS status = PsCreateSystemThread(h, THREAD_ALL_ACCESS, oa,
					       process, NULL, routine, NULL);

	/* Should a bad row succeed, do not leave its thread behind. */
	if (NT_SUCCESS(status) && h) {
		ZwWaitForSingleObject(*h, FALSE, NULL);
		ZwClose(*h);
	}
	return status;
}

static NTSTATUS create_null_handle(struct bad_ctx *c)
{
	return create(NULL, NULL, NULL, bad_noop);
}

static NTSTATUS create_null_routine(struct bad_ctx *c)
{
	HANDLE h;

	return create(&h, NULL, NULL, NULL);
}

static NTSTATUS create_attrs(ULONG length, ULONG attributes)
{
	OBJECT_ATTRIBUTES oa;
	HANDLE h;

	InitializeObjectAttributes(&oa, NULL, attributes, NULL, NULL);
	oa.Length = length;
	return create(&h, &oa, NULL, bad_noop);
}

static NTSTATUS create_attrs_length(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES) - 8, OBJ_KERNEL_HANDLE);
}

static NTSTATUS create_attrs_permanent(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES), OBJ_PERMANENT);
}

static NTSTATUS create_attrs_exclusive(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES), OBJ_EXCLUSIVE);
}

static NTSTATUS create_attrs_openif(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES), OBJ_OPENIF);
}

static NTSTATUS create_attrs_unknown_bit(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES), 0x80000000);
}

/* The current WDK's attributes: OBJ_DONT_REPARSE is valid, 0x2000 is not. */
static NTSTATUS create_attrs_dont_reparse(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES),
			    OBJ_KERNEL_HANDLE | OBJ_DONT_REPARSE |
			    OBJ_IGNORE_IMPERSONATED_DEVICEMAP);
}

static NTSTATUS create_attrs_past_valid(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES), OBJ_KERNEL_HANDLE | 0x2000);
}

static NTSTATUS create_attrs_valid(struct bad_ctx *c)
{
	return create_attrs(sizeof(OBJECT_ATTRIBUTES),
			    OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE);
}

static NTSTATUS create_process_bogus(struct bad_ctx *c)
{
	HANDLE h;

	return create(&h, NULL, (HANDLE)0xFFFFFFFF80000FFCUL, bad_noop);
}

static NTSTATUS create_process_thread_handle(struct bad_ctx *c)
{
	HANDLE h;

	return create(&h, NULL, c->handle, bad_noop);
}

static NTSTATUS create_process_current_thread(struct bad_ctx *c)
{
	HANDLE h;

	return create(&h, NULL, NtCurrentThread(), bad_noop);
}

static NTSTATUS create_process_current_process(struct bad_ctx *c)
{
	HANDLE h;

	return create(&h, NULL, NtCurrentProcess(), bad_noop);
}

static NTSTATUS create_in_atomic(struct bad_ctx *c)
{
	NTSTATUS status;
	HANDLE h;

	preempt_disable();
	status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
				      bad_noop, NULL);
	preempt_enable();
	return status;
}

static NTSTATUS close_null(struct bad_ctx *c)
{
	return ZwClose(NULL);
}

static NTSTATUS close_4(struct bad_ctx *c)
{
	return ZwClose((HANDLE)4);
}

static NTSTATUS close_7ffffffc(struct bad_ctx *c)
{
	return ZwClose((HANDLE)0x7FFFFFFCUL);
}

static NTSTATUS close_kernel_bit_alone(struct bad_ctx *c)
{
	return ZwClose(KERNEL_BIT);
}

static NTSTATUS close_tag_bits_only(struct bad_ctx *c)
{
	return ZwClose((HANDLE)((unsigned long)KERNEL_BIT | 3));
}

static NTSTATUS close_closed(struct bad_ctx *c)
{
	return ZwClose(c->closed);
}

static NTSTATUS close_current_thread(struct bad_ctx *c)
{
	return ZwClose(NtCurrentThread());
}

static NTSTATUS close_current_process(struct bad_ctx *c)
{
	return NtClose(NtCurrentProcess());
}

static NTSTATUS close_user_mode_kernel_handle(struct bad_ctx *c)
{
	return ObCloseHandle(c->handle, UserMode);
}

static NTSTATUS close_bad_mode(struct bad_ctx *c)
{
	return ObCloseHandle(c->handle, 7);
}

static NTSTATUS ref(HANDLE h, POBJECT_TYPE type, KPROCESSOR_MODE mode,
		    bool null_out)
{
	PVOID object = NULL;
	NTSTATUS status;

	status = ObReferenceObjectByHandle(h, SYNCHRONIZE, type, mode,
					   null_out ? NULL : &object, NULL);
	if (NT_SUCCESS(status))
		ObDereferenceObject(object);
	return status;
}

static NTSTATUS ref_null_out(struct bad_ctx *c)
{
	return ref(c->handle, NULL, KernelMode, true);
}

static NTSTATUS ref_handle_0(struct bad_ctx *c)
{
	return ref(NULL, NULL, KernelMode, false);
}

static NTSTATUS ref_handle_4(struct bad_ctx *c)
{
	return ref((HANDLE)4, NULL, KernelMode, false);
}

static NTSTATUS ref_closed(struct bad_ctx *c)
{
	return ref(c->closed, NULL, KernelMode, false);
}

static NTSTATUS ref_wrong_type(struct bad_ctx *c)
{
	return ref(c->handle, *PsProcessType, KernelMode, false);
}

static NTSTATUS ref_event_type(struct bad_ctx *c)
{
	return ref(c->handle, *ExEventObjectType, KernelMode, false);
}

static NTSTATUS ref_user_mode_kernel_handle(struct bad_ctx *c)
{
	return ref(c->handle, NULL, UserMode, false);
}

static NTSTATUS ref_bad_mode(struct bad_ctx *c)
{
	return ref(c->handle, NULL, 2, false);
}

static NTSTATUS ref_pointer_null(struct bad_ctx *c)
{
	return ObReferenceObjectByPointer(NULL, 0, NULL, KernelMode);
}

static NTSTATUS ref_pointer_wrong_type(struct bad_ctx *c)
{
	return ObReferenceObjectByPointer(c->thread, 0, *PsProcessType,
					  KernelMode);
}

static NTSTATUS open(PVOID object, ULONG attributes, PACCESS_STATE state,
		     POBJECT_TYPE type, KPROCESSOR_MODE mode, bool null_out)
{
	NTSTATUS status;
	HANDLE h;

	status = ObOpenObjectByPointer(object, attributes, state, SYNCHRONIZE,
				       type, mode, null_out ? NULL : &h);
	if (NT_SUCCESS(status))
		ZwClose(h);
	return status;
}

static NTSTATUS open_null_object(struct bad_ctx *c)
{
	return open(NULL, 0, NULL, NULL, KernelMode, false);
}

static NTSTATUS open_null_handle(struct bad_ctx *c)
{
	return open(c->thread, 0, NULL, NULL, KernelMode, true);
}

static NTSTATUS open_permanent(struct bad_ctx *c)
{
	return open(c->thread, OBJ_PERMANENT, NULL, NULL, KernelMode, false);
}

static NTSTATUS open_access_state(struct bad_ctx *c)
{
	return open(c->thread, 0, (PACCESS_STATE)c, NULL, KernelMode, false);
}

static NTSTATUS open_user_mode(struct bad_ctx *c)
{
	return open(c->thread, 0, NULL, NULL, UserMode, false);
}

static NTSTATUS open_wrong_type(struct bad_ctx *c)
{
	return open(c->thread, 0, NULL, *PsProcessType, KernelMode, false);
}

static NTSTATUS open_in_atomic(struct bad_ctx *c)
{
	NTSTATUS status;

	local_irq_disable();
	status = open(c->thread, 0, NULL, NULL, KernelMode, false);
	local_irq_enable();
	return status;
}

static NTSTATUS wait_many(ULONG count, WAIT_TYPE type, PKWAIT_BLOCK blocks,
			  PVOID first)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	PVOID objects[MAXIMUM_WAIT_OBJECTS + 1];
	ULONG i;

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		objects[i] = first;
	return KeWaitForMultipleObjects(count, objects, type, Executive,
					KernelMode, FALSE, &zero, blocks);
}

static NTSTATUS wait_count_0(struct bad_ctx *c)
{
	return wait_many(0, WaitAny, NULL, &c->event);
}

static NTSTATUS wait_count_65(struct bad_ctx *c)
{
	static KWAIT_BLOCK blocks[MAXIMUM_WAIT_OBJECTS + 1];

	return wait_many(MAXIMUM_WAIT_OBJECTS + 1, WaitAny, blocks, &c->event);
}

static NTSTATUS wait_4_without_blocks(struct bad_ctx *c)
{
	return wait_many(THREAD_WAIT_OBJECTS + 1, WaitAny, NULL, &c->event);
}

static NTSTATUS wait_3_without_blocks(struct bad_ctx *c)
{
	return wait_many(THREAD_WAIT_OBJECTS, WaitAny, NULL, &c->event);
}

static NTSTATUS wait_bad_type(struct bad_ctx *c)
{
	return wait_many(1, 7, NULL, &c->event);
}

static NTSTATUS wait_null_object(struct bad_ctx *c)
{
	return KeWaitForSingleObject(NULL, Executive, KernelMode, FALSE, NULL);
}

static NTSTATUS wait_bad_mode(struct bad_ctx *c)
{
	return KeWaitForSingleObject(&c->event, Executive, 3, FALSE, NULL);
}

static NTSTATUS wait_uninitialised_event(struct bad_ctx *c)
{
	KEVENT zeroed = { };

	return KeWaitForSingleObject(&zeroed, Executive, KernelMode, FALSE,
				     NULL);
}

static NTSTATUS wait_bad_event_type(struct bad_ctx *c)
{
	KEVENT event;

	KeInitializeEvent(&event, 5, FALSE);
	return KeWaitForSingleObject(&event, Executive, KernelMode, FALSE,
				     NULL);
}

static NTSTATUS wait_in_atomic(struct bad_ctx *c)
{
	LARGE_INTEGER timeout = { .QuadPart = -10000 };
	NTSTATUS status;

	preempt_disable();
	status = KeWaitForSingleObject(&c->event, Executive, KernelMode, FALSE,
				       &timeout);
	preempt_enable();
	return status;
}

static NTSTATUS zwwait_bad_handle(struct bad_ctx *c)
{
	return ZwWaitForSingleObject(c->closed, FALSE, NULL);
}

static NTSTATUS delay_null(struct bad_ctx *c)
{
	return KeDelayExecutionThread(KernelMode, FALSE, NULL);
}

static NTSTATUS delay_in_atomic(struct bad_ctx *c)
{
	LARGE_INTEGER interval = { .QuadPart = -10000 };
	NTSTATUS status;

	preempt_disable();
	status = KeDelayExecutionThread(KernelMode, FALSE, &interval);
	preempt_enable();
	return status;
}

static NTSTATUS lookup(HANDLE tid, bool null_out)
{
	PETHREAD thread;
	NTSTATUS status;

	status = PsLookupThreadByThreadId(tid, null_out ? NULL : &thread);
	if (NT_SUCCESS(status))
		ObDereferenceObject(thread);
	return status;
}

static NTSTATUS lookup_tid_0(struct bad_ctx *c)
{
	return lookup(NULL, false);
}

static NTSTATUS lookup_tid_of_system_process(struct bad_ctx *c)
{
	return lookup((HANDLE)4, false);
}

static NTSTATUS lookup_huge_tid(struct bad_ctx *c)
{
	return lookup((HANDLE)0x7FFFFFFCUL, false);
}

static NTSTATUS lookup_null_out(struct bad_ctx *c)
{
	return lookup(PsGetThreadId(c->thread), true);
}

static NTSTATUS terminate_foreign_thread(struct bad_ctx *c)
{
	return PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS exit_status_null(struct bad_ctx *c)
{
	return PsGetThreadExitStatus(NULL);
}

static NTSTATUS exit_status_of_process(struct bad_ctx *c)
{
	return PsGetThreadExitStatus((PETHREAD)PsInitialSystemProcess);
}

/*
 * Pointers that are not ours: a 4-byte allocation (KASAN's redzone lies
 * before and after it), a driver's KEVENT, the first byte of a vmalloc
 * area (the page before it is unmapped).
 */
static NTSTATUS ref_pointer_small(struct bad_ctx *c)
{
	return ObReferenceObjectByPointer(c->small, 0, NULL, KernelMode);
}

static NTSTATUS ref_pointer_kevent(struct bad_ctx *c)
{
	return ObReferenceObjectByPointer(&c->event, 0, NULL, KernelMode);
}

static NTSTATUS ref_pointer_vmalloc_start(struct bad_ctx *c)
{
	return ObReferenceObjectByPointer(c->vmalloc_start, 0, NULL, KernelMode);
}

static NTSTATUS open_vmalloc_start(struct bad_ctx *c)
{
	return open(c->vmalloc_start, 0, NULL, NULL, KernelMode, false);
}

static NTSTATUS wait_small(struct bad_ctx *c)
{
	return KeWaitForSingleObject(c->small, Executive, KernelMode, FALSE, NULL);
}

static NTSTATUS wait_vmalloc_start(struct bad_ctx *c)
{
	return KeWaitForSingleObject(c->vmalloc_start, Executive, KernelMode,
				     FALSE, NULL);
}

static NTSTATUS exit_status_small(struct bad_ctx *c)
{
	return PsGetThreadExitStatus(c->small);
}

static NTSTATUS exit_status_vmalloc_start(struct bad_ctx *c)
{
	return PsGetThreadExitStatus(c->vmalloc_start);
}

/* The dispatcher objects, semaphores to queues. */
static NTSTATUS wait_all_semaphore_twice(struct bad_ctx *c)
{
	PVOID objects[2] = { &c->semaphore, &c->semaphore };
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForMultipleObjects(2, objects, WaitAll, Executive,
					KernelMode, FALSE, &zero, NULL);
}

static NTSTATUS wait_bad_semaphore(struct bad_ctx *c)
{
	KSEMAPHORE semaphore;

	KeInitializeSemaphore(&semaphore, 2, 1);
	return KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE,
				     NULL);
}

static NTSTATUS wait_bad_timer_type(struct bad_ctx *c)
{
	KTIMER timer;

	KeInitializeTimerEx(&timer, 7);
	return KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL);
}

static NTSTATUS wait_dpc(struct bad_ctx *c)
{
	return KeWaitForSingleObject(&c->dpc, Executive, KernelMode, FALSE, NULL);
}

static NTSTATUS remove_queue(PVOID queue, LONGLONG timeout, bool atomic)
{
	LARGE_INTEGER t = { .QuadPart = timeout };
	PLIST_ENTRY entry;

	if (atomic)
		preempt_disable();
	entry = KeRemoveQueue(queue, KernelMode, &t);
	if (atomic)
		preempt_enable();
	return (NTSTATUS)(LONG_PTR)entry;
}

static NTSTATUS remove_queue_null(struct bad_ctx *c)
{
	return remove_queue(NULL, 0, false);
}

static NTSTATUS remove_queue_event(struct bad_ctx *c)
{
	return remove_queue(&c->event, 0, false);
}

static NTSTATUS remove_queue_empty_poll(struct bad_ctx *c)
{
	return remove_queue(&c->queue, 0, false);
}

static NTSTATUS remove_queue_in_atomic(struct bad_ctx *c)
{
	return remove_queue(&c->queue, -10000, true);
}

static NTSTATUS create_event(ACCESS_MASK access, POBJECT_ATTRIBUTES oa,
			     EVENT_TYPE type, bool null_handle)
{
	NTSTATUS status;
	HANDLE h;

	status = ZwCreateEvent(null_handle ? NULL : &h, access, oa, type, FALSE);
	/* Should a bad row succeed, do not leave its event behind. */
	if (NT_SUCCESS(status) && !null_handle)
		ZwClose(h);
	return status;
}

static NTSTATUS create_event_named(const WCHAR *buffer, USHORT length,
				   HANDLE root)
{
	UNICODE_STRING name = {
		.Length = length, .MaximumLength = length,
		.Buffer = (PWSTR)buffer,
	};
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, root, NULL);
	return create_event(EVENT_ALL_ACCESS, &oa, NotificationEvent, false);
}

static const WCHAR bad_event_name[] = { '\\', 'b', 'a', 'd' };

static NTSTATUS create_event_null_handle(struct bad_ctx *c)
{
	return create_event(EVENT_ALL_ACCESS, NULL, NotificationEvent, true);
}

static NTSTATUS create_event_bad_type(struct bad_ctx *c)
{
	return create_event(EVENT_ALL_ACCESS, NULL, 5, false);
}

static NTSTATUS create_event_attrs_length(struct bad_ctx *c)
{
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	oa.Length = 4;
	return create_event(EVENT_ALL_ACCESS, &oa, NotificationEvent, false);
}

static NTSTATUS create_event_root_directory(struct bad_ctx *c)
{
	return create_event_named(bad_event_name, sizeof(bad_event_name),
				  c->handle);
}

static NTSTATUS create_event_empty_name(struct bad_ctx *c)
{
	return create_event_named(bad_event_name, 0, NULL);
}

static NTSTATUS create_event_odd_name(struct bad_ctx *c)
{
	return create_event_named(bad_event_name, 3, NULL);
}

static NTSTATUS create_event_name_unmapped(struct bad_ctx *c)
{
	return create_event_named((WCHAR *)c->vmalloc_start - 4, 16, NULL);
}

static NTSTATUS create_event_name_collision(struct bad_ctx *c)
{
	NTSTATUS status;
	HANDLE first;
	UNICODE_STRING name = {
		.Length = sizeof(bad_event_name),
		.MaximumLength = sizeof(bad_event_name),
		.Buffer = (PWSTR)bad_event_name,
	};
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
	status = ZwCreateEvent(&first, EVENT_ALL_ACCESS, &oa,
			       NotificationEvent, FALSE);
	if (!NT_SUCCESS(status))
		return status;
	status = create_event(EVENT_ALL_ACCESS, &oa, NotificationEvent, false);
	ZwClose(first);
	return status;
}

static NTSTATUS create_event_in_atomic(struct bad_ctx *c)
{
	NTSTATUS status;

	preempt_disable();
	status = create_event(EVENT_ALL_ACCESS, NULL, NotificationEvent, false);
	preempt_enable();
	return status;
}

static NTSTATUS open_event(POBJECT_ATTRIBUTES oa)
{
	NTSTATUS status;
	HANDLE h;

	status = ZwOpenEvent(&h, EVENT_ALL_ACCESS, oa);
	if (NT_SUCCESS(status))
		ZwClose(h);
	return status;
}

static NTSTATUS open_event_not_found(struct bad_ctx *c)
{
	UNICODE_STRING name = {
		.Length = sizeof(bad_event_name),
		.MaximumLength = sizeof(bad_event_name),
		.Buffer = (PWSTR)bad_event_name,
	};
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
	return open_event(&oa);
}

static NTSTATUS open_event_no_name(struct bad_ctx *c)
{
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	return open_event(&oa);
}

static NTSTATUS open_event_null_attrs(struct bad_ctx *c)
{
	return open_event(NULL);
}

static NTSTATUS set_event_thread_handle(struct bad_ctx *c)
{
	return ZwSetEvent(c->handle, NULL);
}

static NTSTATUS set_event_closed(struct bad_ctx *c)
{
	LONG previous;

	return ZwSetEvent(c->closed, &previous);
}

static NTSTATUS reset_event_0(struct bad_ctx *c)
{
	return ZwResetEvent(NULL, NULL);
}

static NTSTATUS clear_event_thread_handle(struct bad_ctx *c)
{
	return ZwClearEvent(c->handle);
}

static NTSTATUS pulse_event_closed(struct bad_ctx *c)
{
	return ZwPulseEvent(c->closed, NULL);
}

static NTSTATUS zwwait_multiple(ULONG count, HANDLE *handles, bool atomic)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	NTSTATUS status;

	if (atomic)
		preempt_disable();
	status = ZwWaitForMultipleObjects(count, handles, WaitAny, FALSE, &zero);
	if (atomic)
		preempt_enable();
	return status;
}

static NTSTATUS zwwait_multiple_count_0(struct bad_ctx *c)
{
	return zwwait_multiple(0, &c->handle, false);
}

static NTSTATUS zwwait_multiple_count_65(struct bad_ctx *c)
{
	return zwwait_multiple(65, &c->handle, false);
}

static NTSTATUS zwwait_multiple_null(struct bad_ctx *c)
{
	return zwwait_multiple(1, NULL, false);
}

static NTSTATUS zwwait_multiple_closed(struct bad_ctx *c)
{
	HANDLE handles[2] = { c->handle, c->closed };

	return zwwait_multiple(2, handles, false);
}

static NTSTATUS zwwait_multiple_in_atomic(struct bad_ctx *c)
{
	return zwwait_multiple(1, &c->handle, true);
}

/*
 * The runtime's routines (nt/rtl.h, nt/debug.h, nt/lock.h).  Those that
 * return no status are in bad_runtime_routines_survive_bad_arguments.
 */
static NTSTATUS ansi_to_unicode(PUNICODE_STRING dest, PCANSI_STRING src,
				BOOLEAN allocate)
{
	NTSTATUS status = RtlAnsiStringToUnicodeString(dest, src, allocate);

	if (NT_SUCCESS(status) && allocate)
		RtlFreeUnicodeString(dest);
	return status;
}

static NTSTATUS a2u_null_dest(struct bad_ctx *c)
{
	ANSI_STRING a;

	RtlInitAnsiString(&a, "x");
	return ansi_to_unicode(NULL, &a, TRUE);
}

static NTSTATUS a2u_null_source(struct bad_ctx *c)
{
	UNICODE_STRING u;

	return ansi_to_unicode(&u, NULL, TRUE);
}

static NTSTATUS a2u_too_long(struct bad_ctx *c)
{
	ANSI_STRING a = { 40000, 40000, (PCHAR)c->vmalloc_start };
	UNICODE_STRING u;

	return ansi_to_unicode(&u, &a, TRUE);
}

static NTSTATUS a2u_null_source_buffer(struct bad_ctx *c)
{
	ANSI_STRING a = { 1, 1, NULL };
	UNICODE_STRING u;

	return ansi_to_unicode(&u, &a, TRUE);
}

static NTSTATUS a2u_small_buffer(struct bad_ctx *c)
{
	WCHAR buf[2];
	UNICODE_STRING u = { 0, sizeof(buf), buf };
	ANSI_STRING a;

	RtlInitAnsiString(&a, "abc");
	return ansi_to_unicode(&u, &a, FALSE);
}

static NTSTATUS a2u_in_atomic(struct bad_ctx *c)
{
	UNICODE_STRING u;
	ANSI_STRING a;
	NTSTATUS status;

	RtlInitAnsiString(&a, "abc");
	preempt_disable();
	status = ansi_to_unicode(&u, &a, TRUE);
	preempt_enable();
	return status;
}

static NTSTATUS unicode_to_ansi(PANSI_STRING dest, PCUNICODE_STRING src,
				BOOLEAN allocate)
{
	NTSTATUS status = RtlUnicodeStringToAnsiString(dest, src, allocate);

	if (NT_SUCCESS(status) && allocate)
		RtlFreeAnsiString(dest);
	return status;
}

static NTSTATUS u2a_null_dest(struct bad_ctx *c)
{
	UNICODE_STRING u;

	RtlInitUnicodeString(&u, L"x");
	return unicode_to_ansi(NULL, &u, TRUE);
}

static NTSTATUS u2a_null_source(struct bad_ctx *c)
{
	ANSI_STRING a;

	return unicode_to_ansi(&a, NULL, TRUE);
}

static NTSTATUS u2a_null_source_buffer(struct bad_ctx *c)
{
	UNICODE_STRING u = { 2, 2, NULL };
	ANSI_STRING a;

	return unicode_to_ansi(&a, &u, TRUE);
}

static NTSTATUS u2a_null_dest_buffer(struct bad_ctx *c)
{
	ANSI_STRING a = { 0, 8, NULL };
	UNICODE_STRING u;

	RtlInitUnicodeString(&u, L"x");
	return unicode_to_ansi(&a, &u, FALSE);
}

static NTSTATUS u2a_small_buffer(struct bad_ctx *c)
{
	CHAR buf[3];
	ANSI_STRING a = { 0, sizeof(buf), buf };
	UNICODE_STRING u;
	NTSTATUS status;

	RtlInitUnicodeString(&u, L"abc");
	status = unicode_to_ansi(&a, &u, FALSE);
	/* What fits, NUL-terminated. */
	if (a.Length != 2 || strcmp(buf, "ab"))
		return STATUS_UNSUCCESSFUL;
	return status;
}

static NTSTATUS u2a_no_buffer(struct bad_ctx *c)
{
	ANSI_STRING a = { 0, 0, NULL };
	UNICODE_STRING u;

	RtlInitUnicodeString(&u, L"abc");
	return unicode_to_ansi(&a, &u, FALSE);
}

static NTSTATUS u2a_in_atomic(struct bad_ctx *c)
{
	UNICODE_STRING u;
	ANSI_STRING a;
	NTSTATUS status;

	RtlInitUnicodeString(&u, L"abc");
	preempt_disable();
	status = unicode_to_ansi(&a, &u, TRUE);
	preempt_enable();
	return status;
}

static NTSTATUS resource_init_null(struct bad_ctx *c)
{
	return ExInitializeResourceLite((PERESOURCE)NULL);
}

static NTSTATUS resource_delete_null(struct bad_ctx *c)
{
	return ExDeleteResourceLite(NULL);
}

static NTSTATUS resource_delete_foreign(struct bad_ctx *c)
{
	return ExDeleteResourceLite(c->small);
}

static NTSTATUS resource_delete_owned(struct bad_ctx *c)
{
	ERESOURCE r;
	NTSTATUS status;

	ExInitializeResourceLite(&r);
	ExAcquireResourceExclusiveLite(&r, TRUE);
	status = ExDeleteResourceLite(&r);
	ExReleaseResourceLite(&r);
	if (ExDeleteResourceLite(&r) != STATUS_SUCCESS)
		return STATUS_UNSUCCESSFUL;
	return status;
}

static NTSTATUS dbgprintex_null_format(struct bad_ctx *c)
{
	return DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, NULL);
}

static NTSTATUS dbgprint_null_format(struct bad_ctx *c)
{
	return DbgPrint(NULL);
}

/*
 * The executive pool.  An allocation routine's row expects
 * STATUS_INSUFFICIENT_RESOURCES for the NULL it must return, a free
 * routine's STATUS_INVALID_PARAMETER for the report it must make; both
 * return STATUS_UNSUCCESSFUL if the pool's counts of the tag changed.
 */
#define BAD_TAG		0x64614250	/* "PBad" */

static long bad_pool_reports(void)
{
	long n = 0;
	int i;

	for (i = 0; i < NT_POOL_REPORTS; i++)
		n += ntthread_pool_reports(i);
	return n;
}

static bool bad_pool_unchanged(const struct nt_pool_figures *before)
{
	struct nt_pool_figures now[NT_POOL_KINDS];

	ntthread_pool_flush();
	ntthread_pool_tag(BAD_TAG, NT_POOL_NONPAGED, &now[0]);
	ntthread_pool_tag(BAD_TAG, NT_POOL_PAGED, &now[1]);
	return !memcmp(before, now, sizeof(now));
}

static NTSTATUS bad_pool_alloc(enum nt_pool_call call, u64 how, SIZE_T size,
			       ULONG tag, PCPOOL_EXTENDED_PARAMETER params,
			       ULONG count, bool atomic)
{
	struct nt_pool_figures before[NT_POOL_KINDS];
	void *p;

	ntthread_pool_flush();
	ntthread_pool_tag(BAD_TAG, NT_POOL_NONPAGED, &before[0]);
	ntthread_pool_tag(BAD_TAG, NT_POOL_PAGED, &before[1]);
	if (atomic)
		preempt_disable();
	p = nt_pool_allocate(call, how, size, tag, params, count, THIS_MODULE);
	if (atomic)
		preempt_enable();
	if (p) {
		ExFreePool(p);
		return STATUS_SUCCESS;
	}
	return bad_pool_unchanged(before) ? STATUS_INSUFFICIENT_RESOURCES :
					    STATUS_UNSUCCESSFUL;
}

static NTSTATUS pool2_no_type(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_UNINITIALIZED, 8,
			      BAD_TAG, NULL, 0, false);
}

static NTSTATUS pool2_two_types(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS,
			      POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 8, BAD_TAG,
			      NULL, 0, false);
}

static NTSTATUS pool2_reserved(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS,
			      POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED2, 8,
			      BAD_TAG, NULL, 0, false);
}

static NTSTATUS pool2_tag_0(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 8, 0,
			      NULL, 0, false);
}

static NTSTATUS pool2_paged_in_atomic(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_PAGED, 8, BAD_TAG,
			      NULL, 0, true);
}

static NTSTATUS pool2_too_large(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_PAGED,
			      (SIZE_T)INT_MAX + 1, BAD_TAG, NULL, 0, false);
}

static NTSTATUS pool2_huge(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED,
			      ~(SIZE_T)0, BAD_TAG, NULL, 0, false);
}

static NTSTATUS pool3_null_params(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 8,
			      BAD_TAG, NULL, 1, false);
}

static NTSTATUS pool3_secure(struct bad_ctx *c)
{
	static const POOL_EXTENDED_PARAMETER secure = {
		.Type = PoolExtendedParameterSecurePool,
	};

	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 8,
			      BAD_TAG, &secure, 1, false);
}

static NTSTATUS pool3_params_unmapped(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 8,
			      BAD_TAG, c->vmalloc_start - 64, 1, false);
}

static NTSTATUS pool_with_tag_must_succeed(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_TYPE, NonPagedPoolMustSucceed, 8,
			      BAD_TAG, NULL, 0, false);
}

static NTSTATUS pool_with_tag_type_7(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_TYPE, MaxPoolType, 8, BAD_TAG, NULL,
			      0, false);
}

static NTSTATUS pool_with_tag_tag_0(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_TYPE, NonPagedPool, 8, 0, NULL, 0,
			      false);
}

static NTSTATUS pool_with_tag_paged_in_atomic(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_TYPE, PagedPool, 8, BAD_TAG, NULL, 0,
			      true);
}

static NTSTATUS pool_zero_dont_use(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_ZERO, DontUseThisType, 8, BAD_TAG,
			      NULL, 0, false);
}

static NTSTATUS pool_quota_paged_in_atomic(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_QUOTA, PagedPoolSession, 8, BAD_TAG,
			      NULL, 0, true);
}

static NTSTATUS pool_none_must_succeed(struct bad_ctx *c)
{
	return bad_pool_alloc(NT_POOL_CALL_TYPE,
			      NonPagedPoolCacheAlignedMustS, 8, BAD_TAG, NULL,
			      0, false);
}

/* Free @p as asked; the report, and no count changed. */
static NTSTATUS bad_pool_free(void *p, bool with_tag, ULONG tag)
{
	struct nt_pool_figures before[NT_POOL_KINDS];
	long reports;

	ntthread_pool_flush();
	ntthread_pool_tag(BAD_TAG, NT_POOL_NONPAGED, &before[0]);
	ntthread_pool_tag(BAD_TAG, NT_POOL_PAGED, &before[1]);
	reports = bad_pool_reports();
	if (with_tag)
		ExFreePoolWithTag(p, tag);
	else
		ExFreePool(p);
	if (!bad_pool_unchanged(before))
		return STATUS_UNSUCCESSFUL;
	return bad_pool_reports() - reports == 1 ? STATUS_INVALID_PARAMETER :
						   STATUS_SUCCESS;
}

static NTSTATUS free_pool_null(struct bad_ctx *c)
{
	return bad_pool_free(NULL, true, BAD_TAG);
}

static NTSTATUS free_pool_wrong_tag(struct bad_ctx *c)
{
	void *p = ExAllocatePoolWithTag(NonPagedPool, 8, BAD_TAG);
	NTSTATUS status;

	if (!p)
		return STATUS_NO_MEMORY;
	status = bad_pool_free(p, true, BAD_TAG + 1);
	ExFreePoolWithTag(p, BAD_TAG);
	return status;
}

static NTSTATUS free_pool_twice(struct bad_ctx *c)
{
	void *p = ExAllocatePoolWithTag(PagedPool, 8, BAD_TAG);

	if (!p)
		return STATUS_NO_MEMORY;
	ExFreePoolWithTag(p, BAD_TAG);
	return bad_pool_free(p, true, BAD_TAG);
}

static NTSTATUS free_pool_stack(struct bad_ctx *c)
{
	u8 stack[32] __aligned(16) = {};

	return bad_pool_free(stack + 16, true, BAD_TAG);
}

static NTSTATUS free_pool_slab(struct bad_ctx *c)
{
	return bad_pool_free(c->small, true, BAD_TAG);
}

static NTSTATUS free_pool_vmalloc_start(struct bad_ctx *c)
{
	return bad_pool_free(c->vmalloc_start, false, 0);
}

static NTSTATUS free_pool_unaligned(struct bad_ctx *c)
{
	void *p = ExAllocatePoolWithTag(NonPagedPool, 64, BAD_TAG);
	NTSTATUS status;

	if (!p)
		return STATUS_NO_MEMORY;
	status = bad_pool_free(p + 8, false, 0);
	ExFreePoolWithTag(p, BAD_TAG);
	return status;
}

static NTSTATUS free_pool_user_address(struct bad_ctx *c)
{
	return bad_pool_free((void *)0x10000, false, 0);
}

/* Thread notify routines: the rows at the end of the table. */
static VOID bad_notify(HANDLE pid, HANDLE tid, BOOLEAN create)
{
}

static NTSTATUS notify_set_null(struct bad_ctx *c)
{
	return PsSetCreateThreadNotifyRoutine(NULL);
}

static NTSTATUS notify_set_65th(struct bad_ctx *c)
{
	NTSTATUS status = STATUS_SUCCESS;
	int i, n;

	for (n = 0; n < 65 && NT_SUCCESS(status); n++)
		status = PsSetCreateThreadNotifyRoutine(bad_notify);
	/* Exactly 64 went in. */
	for (i = 0; i < n - 1; i++)
		PsRemoveCreateThreadNotifyRoutine(bad_notify);
	return n == 65 ? status : STATUS_UNSUCCESSFUL;
}

static NTSTATUS notify_set_in_atomic(struct bad_ctx *c)
{
	NTSTATUS status;

	preempt_disable();
	status = PsSetCreateThreadNotifyRoutine(bad_notify);
	preempt_enable();
	if (NT_SUCCESS(status))
		PsRemoveCreateThreadNotifyRoutine(bad_notify);
	return status;
}

static NTSTATUS notify_set_ex_bad_type(struct bad_ctx *c)
{
	return PsSetCreateThreadNotifyRoutineEx((PSCREATETHREADNOTIFYTYPE)2, bad_notify);
}

static NTSTATUS notify_set_ex_null(struct bad_ctx *c)
{
	return PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifySubsystems, NULL);
}

static NTSTATUS notify_remove_unknown(struct bad_ctx *c)
{
	return PsRemoveCreateThreadNotifyRoutine(bad_notify);
}

static NTSTATUS notify_remove_null(struct bad_ctx *c)
{
	return PsRemoveCreateThreadNotifyRoutine(NULL);
}

static NTSTATUS notify_remove_twice(struct bad_ctx *c)
{
	NTSTATUS status = PsSetCreateThreadNotifyRoutine(bad_notify);

	if (!NT_SUCCESS(status))
		return status;
	PsRemoveCreateThreadNotifyRoutine(bad_notify);
	return PsRemoveCreateThreadNotifyRoutine(bad_notify);
}

static NTSTATUS notify_remove_in_atomic(struct bad_ctx *c)
{
	NTSTATUS status = PsSetCreateThreadNotifyRoutine(bad_notify);

	if (!NT_SUCCESS(status))
		return status;
	preempt_disable();
	status = PsRemoveCreateThreadNotifyRoutine(bad_notify);
	preempt_enable();
	PsRemoveCreateThreadNotifyRoutine(bad_notify);
	return status;
}

static const struct bad_row bad_rows[] = {
	{ "PsCreateSystemThread(ThreadHandle NULL)", create_null_handle, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(StartRoutine NULL)",
	  create_null_routine, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(ObjectAttributes.Length short)",
	  create_attrs_length, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(OBJ_PERMANENT)", create_attrs_permanent, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(OBJ_EXCLUSIVE)", create_attrs_exclusive, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(OBJ_OPENIF)", create_attrs_openif, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(unknown attribute bit)",
	  create_attrs_unknown_bit, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(attribute 0x2000, past OBJ_VALID_ATTRIBUTES)",
	  create_attrs_past_valid, STATUS_INVALID_PARAMETER },
	{ "PsCreateSystemThread(valid ObjectAttributes)", create_attrs_valid, STATUS_SUCCESS },
	{ "PsCreateSystemThread(OBJ_DONT_REPARSE, OBJ_IGNORE_IMPERSONATED_DEVICEMAP)",
	  create_attrs_dont_reparse, STATUS_SUCCESS },
	{ "PsCreateSystemThread(ProcessHandle bogus)",
	  create_process_bogus, STATUS_INVALID_HANDLE },
	{ "PsCreateSystemThread(ProcessHandle to a thread)",
	  create_process_thread_handle, STATUS_OBJECT_TYPE_MISMATCH },
	{ "PsCreateSystemThread(ProcessHandle NtCurrentThread())",
	  create_process_current_thread, STATUS_OBJECT_TYPE_MISMATCH },
	{ "PsCreateSystemThread(ProcessHandle NtCurrentProcess())",
	  create_process_current_process, STATUS_SUCCESS },
	{ "PsCreateSystemThread(atomic context)", create_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "ZwClose(0)", close_null, STATUS_INVALID_HANDLE },
	{ "ZwClose(4)", close_4, STATUS_INVALID_HANDLE },
	{ "ZwClose(0x7FFFFFFC)", close_7ffffffc, STATUS_INVALID_HANDLE },
	{ "ZwClose(kernel bit alone)", close_kernel_bit_alone, STATUS_INVALID_HANDLE },
	{ "ZwClose(kernel bit and tag bits only)", close_tag_bits_only, STATUS_INVALID_HANDLE },
	{ "ZwClose(closed handle)", close_closed, STATUS_INVALID_HANDLE },
	{ "ZwClose(NtCurrentThread())", close_current_thread, STATUS_INVALID_HANDLE },
	{ "NtClose(NtCurrentProcess())", close_current_process, STATUS_INVALID_HANDLE },
	{ "ObCloseHandle(kernel handle, UserMode)",
	  close_user_mode_kernel_handle, STATUS_INVALID_HANDLE },
	{ "ObCloseHandle(PreviousMode 7)", close_bad_mode, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByHandle(Object NULL)", ref_null_out, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByHandle(0)", ref_handle_0, STATUS_INVALID_HANDLE },
	{ "ObReferenceObjectByHandle(4)", ref_handle_4, STATUS_INVALID_HANDLE },
	{ "ObReferenceObjectByHandle(closed handle)", ref_closed, STATUS_INVALID_HANDLE },
	{ "ObReferenceObjectByHandle(thread as PsProcessType)",
	  ref_wrong_type, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ObReferenceObjectByHandle(thread as ExEventObjectType)",
	  ref_event_type, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ObReferenceObjectByHandle(kernel handle, UserMode)",
	  ref_user_mode_kernel_handle, STATUS_INVALID_HANDLE },
	{ "ObReferenceObjectByHandle(AccessMode 2)", ref_bad_mode, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByPointer(NULL)", ref_pointer_null, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByPointer(thread as PsProcessType)",
	  ref_pointer_wrong_type, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ObReferenceObjectByPointer(a 4-byte allocation)",
	  ref_pointer_small, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByPointer(a driver's KEVENT)",
	  ref_pointer_kevent, STATUS_INVALID_PARAMETER },
	{ "ObReferenceObjectByPointer(start of a vmalloc area)",
	  ref_pointer_vmalloc_start, STATUS_INVALID_PARAMETER },
	{ "ObOpenObjectByPointer(Object NULL)", open_null_object, STATUS_INVALID_PARAMETER },
	{ "ObOpenObjectByPointer(start of a vmalloc area)",
	  open_vmalloc_start, STATUS_INVALID_PARAMETER },
	{ "ObOpenObjectByPointer(Handle NULL)", open_null_handle, STATUS_INVALID_PARAMETER },
	{ "ObOpenObjectByPointer(OBJ_PERMANENT)", open_permanent, STATUS_INVALID_PARAMETER },
	{ "ObOpenObjectByPointer(PassedAccessState)", open_access_state, STATUS_NOT_SUPPORTED },
	{ "ObOpenObjectByPointer(UserMode)", open_user_mode, STATUS_NOT_SUPPORTED },
	{ "ObOpenObjectByPointer(thread as PsProcessType)",
	  open_wrong_type, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ObOpenObjectByPointer(atomic context)", open_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "KeWaitForMultipleObjects(Count 0)", wait_count_0, STATUS_INVALID_PARAMETER },
	{ "KeWaitForMultipleObjects(Count 65)", wait_count_65, STATUS_INVALID_PARAMETER },
	{ "KeWaitForMultipleObjects(Count 4, no wait blocks)",
	  wait_4_without_blocks, STATUS_INVALID_PARAMETER },
	{ "KeWaitForMultipleObjects(Count 3, no wait blocks)",
	  wait_3_without_blocks, STATUS_TIMEOUT },
	{ "KeWaitForMultipleObjects(WaitType 7)", wait_bad_type, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(NULL)", wait_null_object, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(WaitMode 3)", wait_bad_mode, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(uninitialised KEVENT)",
	  wait_uninitialised_event, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(EventType 5)", wait_bad_event_type, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(a 4-byte allocation)", wait_small, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(start of a vmalloc area)",
	  wait_vmalloc_start, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(timeout, atomic context)",
	  wait_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "ZwWaitForSingleObject(closed handle)", zwwait_bad_handle, STATUS_INVALID_HANDLE },
	{ "KeDelayExecutionThread(Interval NULL)", delay_null, STATUS_INVALID_PARAMETER },
	{ "KeDelayExecutionThread(atomic context)", delay_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "PsLookupThreadByThreadId(0)", lookup_tid_0, STATUS_INVALID_CID },
	{ "PsLookupThreadByThreadId(4, the System process)",
	  lookup_tid_of_system_process, STATUS_INVALID_CID },
	{ "PsLookupThreadByThreadId(0x7FFFFFFC)", lookup_huge_tid, STATUS_INVALID_CID },
	{ "PsLookupThreadByThreadId(Thread NULL)", lookup_null_out, STATUS_INVALID_PARAMETER },
	{ "PsTerminateSystemThread(not a system thread)",
	  terminate_foreign_thread, STATUS_INVALID_PARAMETER },
	{ "PsGetThreadExitStatus(NULL)", exit_status_null, STATUS_INVALID_PARAMETER },
	{ "PsGetThreadExitStatus(a process)", exit_status_of_process, STATUS_INVALID_PARAMETER },
	{ "PsGetThreadExitStatus(a 4-byte allocation)",
	  exit_status_small, STATUS_INVALID_PARAMETER },
	{ "PsGetThreadExitStatus(start of a vmalloc area)",
	  exit_status_vmalloc_start, STATUS_INVALID_PARAMETER },
	{ "KeWaitForMultipleObjects(WaitAll, one semaphore twice)",
	  wait_all_semaphore_twice, STATUS_INVALID_PARAMETER_MIX },
	{ "KeWaitForSingleObject(KSEMAPHORE with Count > Limit)",
	  wait_bad_semaphore, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(KTIMER of type 7)",
	  wait_bad_timer_type, STATUS_INVALID_PARAMETER },
	{ "KeWaitForSingleObject(a KDPC)", wait_dpc, STATUS_INVALID_PARAMETER },
	{ "KeRemoveQueue(NULL)", remove_queue_null, STATUS_INVALID_PARAMETER },
	{ "KeRemoveQueue(a KEVENT)", remove_queue_event, STATUS_INVALID_PARAMETER },
	{ "KeRemoveQueue(empty queue, zero timeout)", remove_queue_empty_poll, STATUS_TIMEOUT },
	{ "KeRemoveQueue(timeout, atomic context)",
	  remove_queue_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "ZwCreateEvent(EventHandle NULL)", create_event_null_handle, STATUS_INVALID_PARAMETER },
	{ "ZwCreateEvent(EventType 5)", create_event_bad_type, STATUS_INVALID_PARAMETER },
	{ "ZwCreateEvent(ObjectAttributes.Length 4)",
	  create_event_attrs_length, STATUS_INVALID_PARAMETER },
	{ "ZwCreateEvent(RootDirectory)", create_event_root_directory, STATUS_NOT_SUPPORTED },
	{ "ZwCreateEvent(empty name)", create_event_empty_name, STATUS_OBJECT_NAME_INVALID },
	{ "ZwCreateEvent(name of odd length)", create_event_odd_name, STATUS_OBJECT_NAME_INVALID },
	{ "ZwCreateEvent(name in unmapped memory)",
	  create_event_name_unmapped, STATUS_OBJECT_NAME_INVALID },
	{ "ZwCreateEvent(existing name, no OBJ_OPENIF)",
	  create_event_name_collision, STATUS_OBJECT_NAME_COLLISION },
	{ "ZwCreateEvent(atomic context)", create_event_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "ZwOpenEvent(no such name)", open_event_not_found, STATUS_OBJECT_NAME_NOT_FOUND },
	{ "ZwOpenEvent(no name)", open_event_no_name, STATUS_OBJECT_NAME_INVALID },
	{ "ZwOpenEvent(ObjectAttributes NULL)", open_event_null_attrs, STATUS_INVALID_PARAMETER },
	{ "ZwSetEvent(a thread handle)", set_event_thread_handle, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ZwSetEvent(closed handle)", set_event_closed, STATUS_INVALID_HANDLE },
	{ "ZwResetEvent(0)", reset_event_0, STATUS_INVALID_HANDLE },
	{ "ZwClearEvent(a thread handle)", clear_event_thread_handle, STATUS_OBJECT_TYPE_MISMATCH },
	{ "ZwPulseEvent(closed handle)", pulse_event_closed, STATUS_INVALID_HANDLE },
	{ "ZwWaitForMultipleObjects(Count 0)",
	  zwwait_multiple_count_0, STATUS_INVALID_PARAMETER },
	{ "ZwWaitForMultipleObjects(Count 65)",
	  zwwait_multiple_count_65, STATUS_INVALID_PARAMETER },
	{ "ZwWaitForMultipleObjects(Handles NULL)",
	  zwwait_multiple_null, STATUS_INVALID_PARAMETER },
	{ "ZwWaitForMultipleObjects(a closed handle among them)",
	  zwwait_multiple_closed, STATUS_INVALID_HANDLE },
	{ "ZwWaitForMultipleObjects(atomic context)",
	  zwwait_multiple_in_atomic, STATUS_INVALID_DEVICE_STATE },
	/* The runtime (nt/rtl.h, nt/debug.h, nt/lock.h) */
	{ "RtlAnsiStringToUnicodeString(DestinationString NULL)",
	  a2u_null_dest, STATUS_INVALID_PARAMETER },
	{ "RtlAnsiStringToUnicodeString(SourceString NULL)",
	  a2u_null_source, STATUS_INVALID_PARAMETER },
	{ "RtlAnsiStringToUnicodeString(source Buffer NULL, Length 1)",
	  a2u_null_source_buffer, STATUS_INVALID_PARAMETER },
	{ "RtlAnsiStringToUnicodeString(source of 40000 bytes)",
	  a2u_too_long, STATUS_INVALID_PARAMETER_2 },
	{ "RtlAnsiStringToUnicodeString(destination buffer too small)",
	  a2u_small_buffer, STATUS_BUFFER_OVERFLOW },
	{ "RtlAnsiStringToUnicodeString(allocating, atomic context)",
	  a2u_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "RtlUnicodeStringToAnsiString(DestinationString NULL)",
	  u2a_null_dest, STATUS_INVALID_PARAMETER },
	{ "RtlUnicodeStringToAnsiString(SourceString NULL)",
	  u2a_null_source, STATUS_INVALID_PARAMETER },
	{ "RtlUnicodeStringToAnsiString(source Buffer NULL, Length 2)",
	  u2a_null_source_buffer, STATUS_INVALID_PARAMETER },
	{ "RtlUnicodeStringToAnsiString(destination Buffer NULL, MaximumLength 8)",
	  u2a_null_dest_buffer, STATUS_INVALID_PARAMETER },
	{ "RtlUnicodeStringToAnsiString(destination buffer too small: what fits)",
	  u2a_small_buffer, STATUS_BUFFER_OVERFLOW },
	{ "RtlUnicodeStringToAnsiString(destination MaximumLength 0)",
	  u2a_no_buffer, STATUS_BUFFER_OVERFLOW },
	{ "RtlUnicodeStringToAnsiString(allocating, atomic context)",
	  u2a_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "ExInitializeResourceLite(NULL)", resource_init_null, STATUS_INVALID_PARAMETER },
	{ "ExDeleteResourceLite(NULL)", resource_delete_null, STATUS_INVALID_PARAMETER },
	{ "ExDeleteResourceLite(not an ERESOURCE)",
	  resource_delete_foreign, STATUS_INVALID_PARAMETER },
	{ "ExDeleteResourceLite(still owned)",
	  resource_delete_owned, STATUS_INVALID_PARAMETER },
	{ "DbgPrintEx(Format NULL)", dbgprintex_null_format, STATUS_INVALID_PARAMETER },
	{ "DbgPrint(Format NULL)", dbgprint_null_format, STATUS_INVALID_PARAMETER },
	/* The executive pool: NULL, or a report (see bad_pool_alloc()). */
	{ "ExAllocatePool2(no pool type)", pool2_no_type, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(NON_PAGED|PAGED)", pool2_two_types, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(a reserved flag)", pool2_reserved, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(Tag 0)", pool2_tag_0, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(PAGED, atomic context)",
	  pool2_paged_in_atomic, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(INT_MAX + 1 bytes)", pool2_too_large, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool2(~0 bytes)", pool2_huge, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool3(1 parameter, NULL)", pool3_null_params, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool3(secure pool)", pool3_secure, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool3(parameters in unmapped memory)",
	  pool3_params_unmapped, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolWithTag(NonPagedPoolMustSucceed)",
	  pool_with_tag_must_succeed, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolWithTag(MaxPoolType)",
	  pool_with_tag_type_7, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolWithTag(Tag 0)", pool_with_tag_tag_0, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolWithTag(PagedPool, atomic context)",
	  pool_with_tag_paged_in_atomic, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolZero(DontUseThisType)",
	  pool_zero_dont_use, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePoolWithQuotaTag(PagedPoolSession, atomic context)",
	  pool_quota_paged_in_atomic, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExAllocatePool(NonPagedPoolCacheAlignedMustS)",
	  pool_none_must_succeed, STATUS_INSUFFICIENT_RESOURCES },
	{ "ExFreePoolWithTag(NULL)", free_pool_null, STATUS_INVALID_PARAMETER },
	{ "ExFreePoolWithTag(the wrong tag)", free_pool_wrong_tag, STATUS_INVALID_PARAMETER },
	{ "ExFreePoolWithTag(freed already)", free_pool_twice, STATUS_INVALID_PARAMETER },
	{ "ExFreePoolWithTag(a stack address)", free_pool_stack, STATUS_INVALID_PARAMETER },
	{ "ExFreePoolWithTag(a kmalloc'ed object)", free_pool_slab, STATUS_INVALID_PARAMETER },
	{ "ExFreePool(start of a vmalloc area)",
	  free_pool_vmalloc_start, STATUS_INVALID_PARAMETER },
	{ "ExFreePool(8 bytes into pool)", free_pool_unaligned, STATUS_INVALID_PARAMETER },
	{ "ExFreePool(a user address)", free_pool_user_address, STATUS_INVALID_PARAMETER },

	/* Thread notify routines (module/notify.c). */
	{ "PsSetCreateThreadNotifyRoutine(NULL)", notify_set_null, STATUS_INVALID_PARAMETER },
	{ "PsSetCreateThreadNotifyRoutine(a 65th routine)",
	  notify_set_65th, STATUS_INSUFFICIENT_RESOURCES },
	{ "PsSetCreateThreadNotifyRoutine(atomic context)",
	  notify_set_in_atomic, STATUS_INVALID_DEVICE_STATE },
	{ "PsSetCreateThreadNotifyRoutineEx(NotifyType 2)",
	  notify_set_ex_bad_type, STATUS_INVALID_PARAMETER },
	{ "PsSetCreateThreadNotifyRoutineEx(NotifyInformation NULL)",
	  notify_set_ex_null, STATUS_INVALID_PARAMETER },
	{ "PsRemoveCreateThreadNotifyRoutine(a routine never registered)",
	  notify_remove_unknown, STATUS_PROCEDURE_NOT_FOUND },
	{ "PsRemoveCreateThreadNotifyRoutine(NULL)",
	  notify_remove_null, STATUS_PROCEDURE_NOT_FOUND },
	{ "PsRemoveCreateThreadNotifyRoutine(removed already)",
	  notify_remove_twice, STATUS_PROCEDURE_NOT_FOUND },
	{ "PsRemoveCreateThreadNotifyRoutine(atomic context)",
	  notify_remove_in_atomic, STATUS_INVALID_DEVICE_STATE },
};

static void bad_row_desc(const struct bad_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad, bad_rows, bad_row_desc);

static void bad_input_returns_nt_status_and_leaks_nothing(struct kunit *test)
{
	const struct bad_row *row = test->param_value;
	struct bad_ctx *c = test->priv;
	struct ntt_snapshot before;

	ntt_snapshot(&before);
	KUNIT_EXPECT_EQ_MSG(test, row->call(c), row->expected, "%s", row->name);
	ntt_expect_baseline(test, &before);
	/* The valid handle still works after the bad call. */
	KUNIT_EXPECT_EQ(test, ref(c->handle, *PsThreadType, KernelMode, false),
			STATUS_SUCCESS);
}

static void bad_void_routines_survive_bad_arguments(struct kunit *test)
{
	struct bad_ctx *c = test->priv;

	KeInitializeEvent(NULL, NotificationEvent, FALSE);
	KeQuerySystemTime(NULL);
	KUNIT_EXPECT_EQ(test, KeSetEvent(NULL, 0, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeResetEvent(NULL), 0);
	KeClearEvent(NULL);
	KUNIT_EXPECT_EQ(test, KePulseEvent(NULL, 0, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(NULL), 0);
	KUNIT_EXPECT_EQ(test, ObfReferenceObject(NULL), (LONG_PTR)0);
	KUNIT_EXPECT_EQ(test, ObfDereferenceObject(NULL), (LONG_PTR)0);
	KUNIT_EXPECT_NULL(test, PsGetThreadId(NULL));
	KUNIT_EXPECT_NULL(test, PsGetThreadProcessId(NULL));
	KUNIT_EXPECT_NULL(test, PsGetProcessId(NULL));
	KUNIT_EXPECT_NULL(test, PsGetThreadId((PETHREAD)PsInitialSystemProcess));
	KUNIT_EXPECT_FALSE(test, PsIsSystemThread(NULL));
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(NULL));
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(NULL), 0);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(NULL, 8), 0);
	/* Wrong priorities and atomic context change nothing. */
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(c->thread, 0), 8);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(c->thread, 32), 8);
	preempt_disable();
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(c->thread, 12), 8);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(c->thread), 8);
}

/* The dispatcher objects' routines without a status, given NULL. */
static void bad_void_dispatcher_routines_survive_null(struct kunit *test)
{
	struct bad_ctx *c = test->priv;
	LARGE_INTEGER due = { .QuadPart = -10000 };
	UNICODE_STRING empty = { 0 };
	LIST_ENTRY entry;
	KTIMER timer;
	HANDLE h;

	KeInitializeSemaphore(NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(NULL, 0, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(NULL), 0);
	KeInitializeMutex(NULL, 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(NULL, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(NULL), 0);
	KeInitializeTimer(NULL);
	KeInitializeTimerEx(NULL, SynchronizationTimer);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(NULL, due, NULL));
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(NULL, due, 10, NULL));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(NULL));
	/* A negative period sets nothing. */
	KeInitializeTimer(&timer);
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&timer, due, -1, NULL));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&timer));
	KeInitializeDpc(NULL, bad_dpc_routine, NULL);
	KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(NULL, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(NULL));
	KeSetImportanceDpc(NULL, HighImportance);
	KeSetTargetProcessorDpc(NULL, 0);
	KeInitializeQueue(NULL, 0);
	KUNIT_EXPECT_EQ(test, KeInsertQueue(NULL, &entry), 0);
	KUNIT_EXPECT_EQ(test, KeInsertQueue(&c->queue, NULL), 0);
	KUNIT_EXPECT_EQ(test, KeInsertHeadQueue(&c->queue, NULL), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(&c->queue), 0);
	KUNIT_EXPECT_NULL(test, KeRundownQueue(NULL));
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(NULL), 0);
	KUNIT_EXPECT_NULL(test, IoCreateNotificationEvent(NULL, &h));
	KUNIT_EXPECT_NULL(test, IoCreateSynchronizationEvent(&empty, &h));
	/* KeFlushQueuedDpcs() in atomic context returns, waiting for nothing. */
	preempt_disable();
	KeFlushQueuedDpcs();
	preempt_enable();
}

/* Routines without a status, given pointers that are not ours. */
static void bad_void_routines_survive_foreign_pointers(struct kunit *test)
{
	struct bad_ctx *c = test->priv;
	void *foreign[] = { c->small, c->vmalloc_start, &c->event };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		void *p = foreign[i];

		KUNIT_EXPECT_EQ(test, ObfReferenceObject(p), (LONG_PTR)0);
		KUNIT_EXPECT_EQ(test, ObfDereferenceObject(p), (LONG_PTR)0);
		KUNIT_EXPECT_NULL(test, PsGetThreadId(p));
		KUNIT_EXPECT_NULL(test, PsGetThreadProcessId(p));
		KUNIT_EXPECT_NULL(test, PsGetProcessId(p));
		KUNIT_EXPECT_FALSE(test, PsIsSystemThread(p));
		KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(p));
		KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(p), 0);
		KUNIT_EXPECT_EQ(test, KeSetPriorityThread(p, 8), 0);
	}
	KUNIT_EXPECT_EQ(test, KeSetEvent(c->small, 0, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(c->vmalloc_start), 0);
	KUNIT_EXPECT_EQ(test, KeResetEvent(c->small), 0);
	/* And the dispatcher objects' routines, given the wrong kind too. */
	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		void *p = foreign[i];

		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(p, 0, 1, FALSE), 0);
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(p), 0);
		KUNIT_EXPECT_EQ(test, KeReleaseMutex(p, FALSE), 0);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(p), 0);
		KUNIT_EXPECT_FALSE(test, KeCancelTimer(p));
		KUNIT_EXPECT_FALSE(test, KeReadStateTimer(p));
		KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(p, NULL, NULL));
		KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(p));
		KUNIT_EXPECT_EQ(test, KeReadStateQueue(p), 0);
		KUNIT_EXPECT_NULL(test, KeRundownQueue(p));
	}
	KUNIT_EXPECT_EQ(test, KeReadStateEvent((PRKEVENT)&c->semaphore), 0);
	KUNIT_EXPECT_EQ(test, KeSetEvent((PRKEVENT)&c->queue, 0, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&c->semaphore), 1);
}

/* The runtime's routines that return no status: NULL and foreign pointers. */
static void bad_runtime_routines_survive_bad_arguments(struct kunit *test)
{
	struct bad_ctx *c = test->priv;
	UNICODE_STRING u = { 2, 2, c->small };
	LARGE_INTEGER t = { .QuadPart = -1 };
	KLOCK_QUEUE_HANDLE qh;
	SINGLE_LIST_ENTRY se;
	SLIST_HEADER sh;
	LIST_ENTRY le;
	KSPIN_LOCK lock;
	TIME_FIELDS f;
	KIRQL old = HIGH_LEVEL;
	void *foreign[] = { NULL, c->small, c->vmalloc_start };
	unsigned int i;

	RtlInitUnicodeString(NULL, L"x");
	RtlInitAnsiString(NULL, "x");
	RtlInitString(NULL, "x");
	RtlFreeUnicodeString(NULL);
	RtlFreeUnicodeString(&u);	/* not an Rtl buffer: left alone */
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)u.Buffer, c->small);
	RtlFreeAnsiString(NULL);
	RtlFreeAnsiString((PANSI_STRING)&u);	/* the same */
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)u.Buffer, c->small);
	RtlCopyUnicodeString(NULL, &u);
	KUNIT_EXPECT_FALSE(test, RtlEqualUnicodeString(NULL, &u, FALSE));
	RtlTimeToTimeFields(NULL, &f);
	RtlTimeToTimeFields(&t, NULL);
	RtlTimeToTimeFields(&t, &f);	/* before 1601 */
	KUNIT_EXPECT_FALSE(test, RtlTimeFieldsToTime(NULL, &t));
	InitializeSListHead(NULL);
	InitializeSListHead(&sh);
	KUNIT_EXPECT_NULL(test, InterlockedPushEntrySList(NULL, &se));
	KUNIT_EXPECT_NULL(test, InterlockedPushEntrySList(&sh, NULL));
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(NULL));
	KUNIT_EXPECT_NULL(test, InterlockedFlushSList(NULL));
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(NULL), 0);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&sh), 0);

	KeRaiseIrql(DISPATCH_LEVEL, NULL);
	KeInitializeSpinLock((PKSPIN_LOCK)NULL);
	KeInitializeSpinLock(&lock);
	KeAcquireSpinLock(NULL, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KeAcquireSpinLock(&lock, NULL);
	KUNIT_EXPECT_EQ(test, KeAcquireSpinLockRaiseToDpc(NULL), PASSIVE_LEVEL);
	KeReleaseSpinLock(NULL, PASSIVE_LEVEL);
	KeAcquireSpinLockAtDpcLevel(NULL);
	KeReleaseSpinLockFromDpcLevel(NULL);
	KUNIT_EXPECT_FALSE(test, KeTryToAcquireSpinLockAtDpcLevel(NULL));
	KUNIT_EXPECT_FALSE(test, KeTestSpinLock(NULL));
	KeAcquireInStackQueuedSpinLock(NULL, &qh);
	KeAcquireInStackQueuedSpinLock(&lock, NULL);
	KeReleaseInStackQueuedSpinLock(NULL);
	KeAcquireInStackQueuedSpinLockAtDpcLevel(NULL, &qh);
	KeReleaseInStackQueuedSpinLockFromDpcLevel(NULL);
	InitializeListHead(&le);
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertHeadList(NULL, &le, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertTailList(&le, NULL, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedRemoveHeadList(&le, NULL));
	KUNIT_EXPECT_NULL(test, ExInterlockedPushEntryList(NULL, &se, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedPopEntryList(&se, NULL));
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&lock));

	ExInitializeFastMutex((PFAST_MUTEX)NULL);
	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		void *p = foreign[i];

		ExAcquireFastMutex(p);
		ExAcquireFastMutexUnsafe(p);
		KUNIT_EXPECT_FALSE(test, ExTryToAcquireFastMutex(p));
		ExReleaseFastMutex(p);
		ExReleaseFastMutexUnsafe(p);
		KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(p, TRUE));
		KUNIT_EXPECT_FALSE(test, ExAcquireResourceSharedLite(p, TRUE));
		KUNIT_EXPECT_FALSE(test, ExAcquireSharedStarveExclusive(p, TRUE));
		ExReleaseResourceLite(p);
		ExReleaseResourceForThreadLite(p, ExGetCurrentResourceThread());
		ExSetResourceOwnerPointer(p, (PVOID)((ULONG_PTR)c->small | 3));
		ExConvertExclusiveToSharedLite(p);
		KUNIT_EXPECT_FALSE(test, ExIsResourceAcquiredExclusiveLite(p));
		KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(p), 0);
	}
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

static int bad_init(struct kunit *test)
{
	struct bad_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	HANDLE h;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	c->small = kunit_kzalloc(test, 4, GFP_KERNEL);
	c->vmalloc_start = vzalloc(PAGE_SIZE);
	if (!c->small || !c->vmalloc_start)
		return -ENOMEM;		/* bad_exit() frees what there is */
	ntt_snapshot(&c->before);
	ntt_gate_init(&c->gate, STATUS_SUCCESS);
	KeInitializeEvent(&c->event, NotificationEvent, FALSE);
	KeInitializeSemaphore(&c->semaphore, 1, 1);
	KeInitializeQueue(&c->queue, 0);
	KeInitializeDpc(&c->dpc, bad_dpc_routine, NULL);
	c->handle = ntt_start(test, &c->gate, NULL);
	c->thread = ntt_object(test, c->handle);
	KUNIT_ASSERT_EQ(test, ObOpenObjectByPointer(c->thread, 0, NULL, 0, NULL,
						    KernelMode, &h),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	/* Closed: no row opens a handle before using it. */
	c->closed = h;
	return 0;
}

static void bad_exit(struct kunit *test)
{
	struct bad_ctx *c = test->priv;

	if (!c)
		return;
	vfree(c->vmalloc_start);
	if (!c->thread)
		return;
	ntt_finish(test, &c->gate, c->handle);
	ObDereferenceObject(c->thread);
	ntt_expect_baseline(test, &c->before);
}

static struct kunit_case bad_cases[] = {
	KUNIT_CASE_PARAM(bad_input_returns_nt_status_and_leaks_nothing,
			 bad_gen_params),
	KUNIT_CASE(bad_void_routines_survive_bad_arguments),
	KUNIT_CASE(bad_void_routines_survive_foreign_pointers),
	KUNIT_CASE(bad_void_dispatcher_routines_survive_null),
	/* The runtime (nt/rtl.h, nt/lock.h) */
	KUNIT_CASE(bad_runtime_routines_survive_bad_arguments),
	{}
};

static struct kunit_suite bad_suite = {
	.name = "ntthread_bad_input",
	.init = bad_init,
	.exit = bad_exit,
	.test_cases = bad_cases,
};

kunit_test_suite(bad_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's handling of bad input");
MODULE_LICENSE("GPL");
