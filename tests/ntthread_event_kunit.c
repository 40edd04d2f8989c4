// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: event objects, the ones the object manager allocates and drivers
 * reach through handles: ZwCreateEvent and the Zw*Event routines, their
 * KEVENT through ObReferenceObjectByHandle, ZwWaitForMultipleObjects over
 * handles, named events (OBJ_OPENIF, case, the name going with the last
 * reference), IoCreateNotificationEvent and IoCreateSynchronizationEvent.
 */
#include <linux/module.h>

#include "ntthread_kunit.h"

static LARGE_INTEGER event_zero = { .QuadPart = 0 };

static NTSTATUS event_poll(HANDLE h)
{
	return ZwWaitForSingleObject(h, FALSE, &event_zero);
}

/* A UNICODE_STRING over @chars (ASCII), in @buffer. */
static void event_name(PUNICODE_STRING name, WCHAR *buffer, const char *chars)
{
	size_t i, n = strlen(chars);

	for (i = 0; i < n; i++)
		buffer[i] = chars[i];
	name->Buffer = buffer;
	name->Length = n * sizeof(WCHAR);
	name->MaximumLength = name->Length;
}

static NTSTATUS event_create_named(PHANDLE h, const char *chars,
				   ULONG attributes, EVENT_TYPE type,
				   BOOLEAN state)
{
	WCHAR buffer[64];
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;

	event_name(&name, buffer, chars);
	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | attributes,
				   NULL, NULL);
	return ZwCreateEvent(h, EVENT_ALL_ACCESS, &oa, type, state);
}

static void event_handle_states_and_previous_values(struct kunit *test)
{
	LONG previous = -1;
	HANDLE h;

	KUNIT_ASSERT_EQ(test, ZwCreateEvent(&h, EVENT_ALL_ACCESS, NULL,
					    NotificationEvent, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwSetEvent(h, &previous), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, previous, 0);
	KUNIT_EXPECT_EQ(test, ZwSetEvent(h, &previous), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, previous, 1);
	/* A notification event stays signalled. */
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwResetEvent(h, &previous), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, previous, 1);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwSetEvent(h, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClearEvent(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_TIMEOUT);
	/* A pulse with no waiter leaves it not signalled. */
	KUNIT_EXPECT_EQ(test, ZwPulseEvent(h, &previous), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, previous, 0);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);

	/* A synchronization event: each poll that finds it takes it. */
	KUNIT_ASSERT_EQ(test, ZwCreateEvent(&h, EVENT_ALL_ACCESS, NULL,
					    SynchronizationEvent, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* The handle's object is a KEVENT that the Ke routines take as any other. */
static void event_object_is_a_kevent(struct kunit *test)
{
	PVOID object = NULL;
	HANDLE h, other;

	KUNIT_ASSERT_EQ(test, ZwCreateEvent(&h, EVENT_ALL_ACCESS, NULL,
					    NotificationEvent, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(h, EVENT_MODIFY_STATE,
							*ExEventObjectType,
							KernelMode, &object,
							NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, object);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(object), 0);
	KUNIT_EXPECT_EQ(test, KeSetEvent(object, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, event_poll(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwResetEvent(h, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(object), 0);
	/* Another handle to it, and the object outlives both handles. */
	KUNIT_EXPECT_EQ(test, ObOpenObjectByPointer(object, OBJ_KERNEL_HANDLE,
						    NULL, EVENT_ALL_ACCESS,
						    *ExEventObjectType,
						    KernelMode, &other),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwSetEvent(other, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(other), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(object), 1);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByPointer(object, 0,
							 *PsThreadType,
							 KernelMode),
			STATUS_OBJECT_TYPE_MISMATCH);
	ObDereferenceObject(object);
}

static VOID event_set_later(PVOID context)
{
	LARGE_INTEGER tick = { .QuadPart = -10000 };	/* 1 ms */

	KeDelayExecutionThread(KernelMode, FALSE, &tick);
	ZwSetEvent(context, NULL);
}

/* ZwWaitForMultipleObjects over event and thread handles. */
static void event_wait_for_multiple_handles(struct kunit *test)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	HANDLE events[3], thread, both[2];
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, ZwCreateEvent(&events[i], EVENT_ALL_ACCESS,
						    NULL, SynchronizationEvent,
						    FALSE),
				STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(3, events, WaitAny, FALSE,
						       &event_zero),
			STATUS_TIMEOUT);
	ZwSetEvent(events[2], NULL);
	ZwSetEvent(events[1], NULL);
	/* The lowest index wins and takes only its own event. */
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(3, events, WaitAny, FALSE,
						       &event_zero),
			STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, event_poll(events[2]), STATUS_SUCCESS);
	/* WaitAll takes all or nothing. */
	ZwSetEvent(events[0], NULL);
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(2, events, WaitAll, FALSE,
						       &event_zero),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, event_poll(events[0]), STATUS_SUCCESS);
	ZwSetEvent(events[0], NULL);
	ZwSetEvent(events[1], NULL);
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(2, events, WaitAll, FALSE,
						       &event_zero),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(2, events, WaitAny, FALSE,
						       &event_zero),
			STATUS_TIMEOUT);
	/* A thread sets the event later; the wait over both handles sleeps. */
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&thread, THREAD_ALL_ACCESS,
						   NULL, NULL, NULL,
						   event_set_later, events[0]),
			STATUS_SUCCESS);
	both[0] = events[0];
	both[1] = thread;
	KUNIT_EXPECT_EQ(test, ZwWaitForMultipleObjects(2, both, WaitAll, FALSE,
						       &timeout),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(thread), STATUS_SUCCESS);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, ZwClose(events[i]), STATUS_SUCCESS);
}

static void event_named_open_if_collision_and_open(struct kunit *test)
{
	HANDLE first, second, opened;
	WCHAR buffer[64];
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	PVOID a, b;

	KUNIT_ASSERT_EQ(test, event_create_named(&first, "\\BaseNamedObjects\\ntt",
						 0, NotificationEvent, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_create_named(&second, "\\BaseNamedObjects\\ntt",
						 0, NotificationEvent, FALSE),
			STATUS_OBJECT_NAME_COLLISION);
	/* OBJ_OPENIF opens it: the same object, its type and state kept. */
	KUNIT_ASSERT_EQ(test, event_create_named(&second, "\\BaseNamedObjects\\ntt",
						 OBJ_OPENIF, SynchronizationEvent,
						 TRUE),
			STATUS_OBJECT_NAME_EXISTS);
	KUNIT_EXPECT_EQ(test, event_poll(second), STATUS_TIMEOUT);
	ZwSetEvent(first, NULL);
	KUNIT_EXPECT_EQ(test, event_poll(second), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(second), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(first, 0, *ExEventObjectType,
							KernelMode, &a, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(second, 0, *ExEventObjectType,
							KernelMode, &b, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	ObDereferenceObject(a);
	ObDereferenceObject(b);
	/* ZwOpenEvent finds it by name, exactly or ignoring ASCII case. */
	event_name(&name, buffer, "\\BaseNamedObjects\\ntt");
	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ZwOpenEvent(&opened, EVENT_ALL_ACCESS, &oa),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(opened), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(opened), STATUS_SUCCESS);
	event_name(&name, buffer, "\\basenamedobjects\\NTT");
	KUNIT_EXPECT_EQ(test, ZwOpenEvent(&opened, EVENT_ALL_ACCESS, &oa),
			STATUS_OBJECT_NAME_NOT_FOUND);
	oa.Attributes |= OBJ_CASE_INSENSITIVE;
	KUNIT_EXPECT_EQ(test, ZwOpenEvent(&opened, EVENT_ALL_ACCESS, &oa),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(opened), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(first), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(second), STATUS_SUCCESS);
}

/* The name goes with the last reference: a handle or a pointer reference. */
static void event_name_goes_with_the_last_reference(struct kunit *test)
{
	HANDLE h, again;
	PVOID object;

	KUNIT_ASSERT_EQ(test, event_create_named(&h, "\\BaseNamedObjects\\gone", 0,
						 NotificationEvent, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, 0, *ExEventObjectType,
							KernelMode, &object,
							NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	/* Still referenced: the name still names it. */
	KUNIT_EXPECT_EQ(test, event_create_named(&again, "\\BaseNamedObjects\\gone",
						 0, NotificationEvent, FALSE),
			STATUS_OBJECT_NAME_COLLISION);
	ObDereferenceObject(object);
	/* Gone: the same name makes a new event, not signalled this time. */
	KUNIT_ASSERT_EQ(test, event_create_named(&again, "\\BaseNamedObjects\\gone",
						 0, NotificationEvent, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(again), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwClose(again), STATUS_SUCCESS);
}

/* IoCreate*Event: created signalled, opened as it is, the same KEVENT. */
static void event_io_create_named_events(struct kunit *test)
{
	HANDLE h1, h2, h3;
	WCHAR buffer[64];
	UNICODE_STRING name;
	PKEVENT e1, e2, e3;

	event_name(&name, buffer, "\\BaseNamedObjects\\ntt_io");
	e1 = IoCreateNotificationEvent(&name, &h1);
	KUNIT_ASSERT_NOT_NULL(test, e1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(e1), 1);
	KeClearEvent(e1);
	e2 = IoCreateNotificationEvent(&name, &h2);
	KUNIT_EXPECT_PTR_EQ(test, e2, e1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(e1), 0);
	/* The existing event keeps its type: a notification event. */
	e3 = IoCreateSynchronizationEvent(&name, &h3);
	KUNIT_EXPECT_PTR_EQ(test, e3, e1);
	KeSetEvent(e1, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, event_poll(h3), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h3), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h2), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h3), STATUS_SUCCESS);

	event_name(&name, buffer, "\\BaseNamedObjects\\ntt_io_sync");
	e1 = IoCreateSynchronizationEvent(&name, &h1);
	KUNIT_ASSERT_NOT_NULL(test, e1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(e1), 1);
	KUNIT_EXPECT_EQ(test, event_poll(h1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, event_poll(h1), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ZwClose(h1), STATUS_SUCCESS);
}

static struct kunit_case event_cases[] = {
	KUNIT_CASE(event_handle_states_and_previous_values),
	KUNIT_CASE(event_object_is_a_kevent),
	KUNIT_CASE(event_wait_for_multiple_handles),
	KUNIT_CASE(event_named_open_if_collision_and_open),
	KUNIT_CASE(event_name_goes_with_the_last_reference),
	KUNIT_CASE(event_io_create_named_events),
	{}
};

static struct kunit_suite event_suite = {
	.name = "ntthread_event",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = event_cases,
};

kunit_test_suite(event_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's event objects with handles and names");
MODULE_LICENSE("GPL");
