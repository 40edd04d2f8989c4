// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the dispatcher - notification and synchronization events, pulse,
 * NT time-outs, WaitAny and WaitAll, caller wait blocks, waits on threads
 * ending in random order, delays and system time.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/poison.h>
#include <linux/random.h>
#include <linux/sched.h>

#include "ntthread_kunit.h"

#define NT_EPOCH_OFFSET		116444736000000000LL

static LARGE_INTEGER wait_ms(s64 ms)
{
	LARGE_INTEGER t = { .QuadPart = -ms * 10000 };

	return t;
}

static NTSTATUS wait_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

static void wait_event_state_and_previous_values(struct kunit *test)
{
	KEVENT event;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 0);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&event, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&event, IO_NO_INCREMENT, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 1);
	KUNIT_EXPECT_EQ(test, KeResetEvent(&event), 1);
	KUNIT_EXPECT_EQ(test, KeResetEvent(&event), 0);
	KeInitializeEvent(&event, SynchronizationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 1);
	KeClearEvent(&event);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 0);
	KUNIT_EXPECT_EQ(test, sizeof(KEVENT), (size_t)24);
}

static void wait_zero_timeout_polls(struct kunit *test)
{
	KEVENT notification, sync;

	KeInitializeEvent(&notification, NotificationEvent, FALSE);
	KeInitializeEvent(&sync, SynchronizationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, wait_poll(&notification), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, wait_poll(&sync), STATUS_TIMEOUT);
	KeSetEvent(&notification, IO_NO_INCREMENT, FALSE);
	KeSetEvent(&sync, IO_NO_INCREMENT, FALSE);
	/* A notification event stays signalled; a synchronization one is consumed. */
	KUNIT_EXPECT_EQ(test, wait_poll(&notification), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wait_poll(&notification), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wait_poll(&sync), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wait_poll(&sync), STATUS_TIMEOUT);
	/* A zero wait is allowed in atomic context. */
	preempt_disable();
	KUNIT_EXPECT_EQ(test, wait_poll(&notification), STATUS_SUCCESS);
	preempt_enable();
}

struct wait_in_irq {
	KEVENT *event, *poll;
	KIRQL irql;
	LONG set_state;
	NTSTATUS polled;
};

static void wait_set_and_poll(void *arg)
{
	struct wait_in_irq *w = arg;

	w->irql = KeGetCurrentIrql();
	w->set_state = KeSetEvent(w->event, IO_NO_INCREMENT, FALSE);
	w->polled = wait_poll(w->poll);
}

/*
 * KeSetEvent and a zero-timeout wait from hard interrupt context: the
 * objects' locks must not sleep there, PREEMPT_RT included.
 */
static void wait_set_and_poll_in_hard_interrupt(struct kunit *test)
{
	struct wait_in_irq w = { .set_state = -1, .polled = STATUS_PENDING };
	struct ntt_gate gate;
	KEVENT poll;
	HANDLE handle;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	KeInitializeEvent(&poll, NotificationEvent, TRUE);
	w.event = &gate.go;
	w.poll = &poll;
	ntt_in_hardirq(test, wait_set_and_poll, &w);
	KUNIT_EXPECT_EQ(test, w.irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, w.set_state, 0);
	KUNIT_EXPECT_EQ(test, w.polled, STATUS_SUCCESS);
	/* The parked thread was released by the interrupt's KeSetEvent. */
	KUNIT_EXPECT_EQ(test, ntt_wait_thread(handle), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

static void wait_relative_timeout_expires(struct kunit *test)
{
	LARGE_INTEGER timeout = wait_ms(20);
	KEVENT event;
	ktime_t start;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout),
			STATUS_TIMEOUT);
	/* Never early. */
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), start), 20LL);
}

static void wait_absolute_timeout_expires(struct kunit *test)
{
	LARGE_INTEGER now, timeout;
	KEVENT event;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	KeQuerySystemTime(&now);
	/* In the past: expires at once. */
	timeout.QuadPart = now.QuadPart - 10000000;
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout),
			STATUS_TIMEOUT);
	/* 20 ms ahead. */
	timeout.QuadPart = now.QuadPart + 20 * 10000;
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout),
			STATUS_TIMEOUT);
	KeQuerySystemTime(&now);
	KUNIT_EXPECT_GE(test, now.QuadPart, timeout.QuadPart);
}

static void wait_system_time_counts_from_1601(struct kunit *test)
{
	LARGE_INTEGER now;
	s64 unix_100ns;

	KeQuerySystemTime(&now);
	unix_100ns = div_s64(ktime_get_real_ns(), 100);
	KUNIT_EXPECT_GE(test, now.QuadPart, NT_EPOCH_OFFSET);
	KUNIT_EXPECT_LT(test, unix_100ns + NT_EPOCH_OFFSET - now.QuadPart,
			10LL * 10000000);
}

static void wait_delay_execution_sleeps(struct kunit *test)
{
	LARGE_INTEGER interval = wait_ms(10), zero = { .QuadPart = 0 };
	ktime_t start = ktime_get();

	KUNIT_EXPECT_EQ(test, KeDelayExecutionThread(KernelMode, FALSE,
						     &interval), STATUS_SUCCESS);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), start), 10LL);
	KUNIT_EXPECT_EQ(test, KeDelayExecutionThread(KernelMode, FALSE, &zero),
			STATUS_SUCCESS);
}

struct wait_waiter {
	PVOID object;
	atomic_t *released;
};

static VOID wait_on_object(PVOID context)
{
	struct wait_waiter *w = context;

	if (KeWaitForSingleObject(w->object, Executive, KernelMode, FALSE,
				  NULL) == STATUS_SUCCESS)
		atomic_inc(w->released);
}

#define WAIT_WAITERS	6

/* Start WAIT_WAITERS threads blocked on @object; return their objects. */
static void wait_start_waiters(struct kunit *test, PVOID object,
			       atomic_t *released, PETHREAD *threads,
			       struct wait_waiter *w)
{
	HANDLE handle;
	int i;

	for (i = 0; i < WAIT_WAITERS; i++) {
		w[i].object = object;
		w[i].released = released;
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, wait_on_object, &w[i]),
				STATUS_SUCCESS);
		threads[i] = ntt_object(test, handle);
		ZwClose(handle);
	}
}

static void wait_collect(struct kunit *test, PETHREAD *threads)
{
	int i;

	for (i = 0; i < WAIT_WAITERS; i++) {
		KUNIT_EXPECT_EQ(test, ntt_wait(threads[i]), STATUS_SUCCESS);
		ObDereferenceObject(threads[i]);
	}
}

static void wait_notification_event_releases_every_waiter(struct kunit *test)
{
	struct wait_waiter w[WAIT_WAITERS];
	PETHREAD threads[WAIT_WAITERS];
	atomic_t released = ATOMIC_INIT(0);
	KEVENT event;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	wait_start_waiters(test, &event, &released, threads, w);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
	wait_collect(test, threads);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), WAIT_WAITERS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 1);
}

static void wait_synchronization_event_releases_one_per_set(struct kunit *test)
{
	struct wait_waiter w[WAIT_WAITERS];
	PETHREAD threads[WAIT_WAITERS];
	atomic_t released = ATOMIC_INIT(0);
	KEVENT event;
	int i, tries;

	KeInitializeEvent(&event, SynchronizationEvent, FALSE);
	wait_start_waiters(test, &event, &released, threads, w);
	for (i = 1; i <= WAIT_WAITERS; i++) {
		KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
		for (tries = 0; tries < 3000 && atomic_read(&released) < i; tries++)
			usleep_range(10000, 11000);
		/* Time for a second, wrongful release to show. */
		msleep(20);
		KUNIT_EXPECT_EQ(test, atomic_read(&released), i);
	}
	wait_collect(test, threads);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 0);
}

static void wait_pulse_releases_waiters_and_resets(struct kunit *test)
{
	struct wait_waiter w[WAIT_WAITERS];
	PETHREAD threads[WAIT_WAITERS];
	atomic_t released = ATOMIC_INIT(0);
	KEVENT event;
	int tries;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	wait_start_waiters(test, &event, &released, threads, w);
	/* Pulse only once every waiter sleeps in its wait (bounded: 30 s). */
	for (tries = 0; tries < 3000; tries++) {
		int i, blocked = 0;

		for (i = 0; i < WAIT_WAITERS; i++)
			blocked += READ_ONCE(threads[i]->tcb.task->__state) == TASK_IDLE;
		if (blocked == WAIT_WAITERS)
			break;
		usleep_range(10000, 11000);
	}
	KUNIT_EXPECT_LT(test, tries, 3000);
	KUNIT_EXPECT_EQ(test, KePulseEvent(&event, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 0);
	for (tries = 0; tries < 3000 && atomic_read(&released) < WAIT_WAITERS; tries++)
		usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), WAIT_WAITERS);
	/* Whatever the pulse missed must not block the module's unload. */
	KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
	wait_collect(test, threads);
}

static void wait_any_returns_index_of_signalled_object(struct kunit *test)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	KEVENT events[3];
	PVOID objects[3];
	int i;

	for (i = 0; i < 3; i++) {
		KeInitializeEvent(&events[i], SynchronizationEvent, FALSE);
		objects[i] = &events[i];
	}
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_TIMEOUT);
	KeSetEvent(&events[2], IO_NO_INCREMENT, FALSE);
	KeSetEvent(&events[1], IO_NO_INCREMENT, FALSE);
	/* The lowest signalled index wins; only it is consumed. */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&events[2]), 1);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_WAIT_0 + 2);
}

static void wait_all_consumes_only_when_all_are_signalled(struct kunit *test)
{
	LARGE_INTEGER zero = { .QuadPart = 0 }, short_wait = wait_ms(5);
	KEVENT a, b;
	PVOID objects[2] = { &a, &b };

	KeInitializeEvent(&a, SynchronizationEvent, FALSE);
	KeInitializeEvent(&b, SynchronizationEvent, FALSE);
	KeSetEvent(&a, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode,
						       FALSE, &short_wait, NULL), STATUS_TIMEOUT);
	/* Not satisfied: a was not consumed. */
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&a), 1);
	KeSetEvent(&b, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&a), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&b), 0);
}

struct wait_all_waiter {
	PVOID *objects;
	ULONG count;
	KWAIT_BLOCK *blocks;
	NTSTATUS status;
};

static VOID wait_all_routine(PVOID context)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct wait_all_waiter *w = context;

	w->status = KeWaitForMultipleObjects(w->count, w->objects, WaitAll,
					     Executive, KernelMode, FALSE,
					     &timeout, w->blocks);
}

/*
 * A blocked WaitAll over n synchronization events acquires nothing until
 * the last one is set, then all of them.  Up to NT_TRY_ALL_MAX objects the
 * signaller acquires them for the waiter before KeSetEvent returns, as NT
 * does; over more, the waiter, woken, takes their locks and acquires them
 * itself.
 */
static const ULONG wait_all_counts[] = { 2, NT_TRY_ALL_MAX, NT_TRY_ALL_MAX + 1,
					 MAXIMUM_WAIT_OBJECTS };

static void wait_all_count_desc(const ULONG *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u events", *n);
}

KUNIT_ARRAY_PARAM(wait_all_count, wait_all_counts, wait_all_count_desc);

static void wait_all_blocked_is_released_by_the_last_set(struct kunit *test)
{
	ULONG n = *(const ULONG *)test->param_value, i;
	struct wait_all_waiter w = { .count = n };
	PETHREAD thread;
	KEVENT *events;

	events = kunit_kcalloc(test, n, sizeof(*events), GFP_KERNEL);
	w.objects = kunit_kcalloc(test, n, sizeof(*w.objects), GFP_KERNEL);
	w.blocks = kunit_kcalloc(test, n, sizeof(*w.blocks), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, events && w.objects && w.blocks);
	for (i = 0; i < n; i++) {
		KeInitializeEvent(&events[i], SynchronizationEvent, FALSE);
		w.objects[i] = &events[i];
	}
	thread = ntt_start_routine(test, wait_all_routine, &w);
	KUNIT_ASSERT_NOT_NULL(test, thread);
	KUNIT_EXPECT_TRUE(test, ntt_until_blocked(thread));
	for (i = 0; i + 1 < n; i++)
		KeSetEvent(&events[i], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_TRUE(test, ntt_until_blocked(thread));
	for (i = 0; i + 1 < n; i++)
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&events[i]), 1);
	KeSetEvent(&events[n - 1], IO_NO_INCREMENT, FALSE);
	if (n <= NT_TRY_ALL_MAX)
		for (i = 0; i < n; i++)
			KUNIT_EXPECT_EQ(test, KeReadStateEvent(&events[i]), 0);
	ntt_join(test, thread);
	KUNIT_EXPECT_EQ(test, w.status, STATUS_SUCCESS);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&events[i]), 0);
}

static VOID wait_sleep_then_exit(PVOID context)
{
	LARGE_INTEGER delay = wait_ms((unsigned long)context);

	KeDelayExecutionThread(KernelMode, FALSE, &delay);
	PsTerminateSystemThread((NTSTATUS)(unsigned long)context);
}

/* WaitAll and WaitAny over threads that end in random order. */
static const ULONG wait_thread_counts[] = { 2, 4, 16, MAXIMUM_WAIT_OBJECTS };

static void wait_threads_desc(const ULONG *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u threads", *n);
}

KUNIT_ARRAY_PARAM(wait_threads, wait_thread_counts, wait_threads_desc);

static void wait_all_and_any_on_threads_ending_in_random_order(struct kunit *test)
{
	const ULONG n = *(const ULONG *)test->param_value;
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	PKWAIT_BLOCK blocks;
	HANDLE handle;
	PVOID *threads;
	NTSTATUS status;
	ULONG i;

	threads = kunit_kcalloc(test, n, sizeof(*threads), GFP_KERNEL);
	blocks = kunit_kcalloc(test, n, sizeof(*blocks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, threads);
	KUNIT_ASSERT_NOT_NULL(test, blocks);
	for (i = 0; i < n; i++) {
		unsigned long ms = 1 + get_random_u32() % 40;

		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, wait_sleep_then_exit, (PVOID)ms),
				STATUS_SUCCESS);
		threads[i] = ntt_object(test, handle);
		ZwClose(handle);
	}
	status = KeWaitForMultipleObjects(n, threads, WaitAny, Executive,
					  KernelMode, FALSE, &timeout, blocks);
	KUNIT_EXPECT_LT(test, (ULONG)status, n);
	if ((ULONG)status < n)
		KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(threads[status]));
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(n, threads, WaitAll, Executive, KernelMode,
						       FALSE, &timeout, blocks), STATUS_SUCCESS);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(threads[i]));
		KUNIT_EXPECT_NE(test, PsGetThreadExitStatus(threads[i]),
				STATUS_PENDING);
		ObDereferenceObject(threads[i]);
	}
}

#define WAIT_BLOCKS	4

struct wait_blocks {
	KEVENT events[WAIT_BLOCKS];
	KWAIT_BLOCK blocks[WAIT_BLOCKS];
	NTSTATUS status;
};

static VOID wait_with_blocks(PVOID context)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct wait_blocks *wb = context;
	PVOID objects[WAIT_BLOCKS];
	int i;

	for (i = 0; i < WAIT_BLOCKS; i++)
		objects[i] = &wb->events[i];
	wb->status = KeWaitForMultipleObjects(WAIT_BLOCKS, objects, WaitAny, Executive,
					      KernelMode, FALSE, &timeout, wb->blocks);
}

/* While a thread waits, its wait blocks name it, their objects and keys. */
static void wait_blocks_name_thread_object_and_key(struct kunit *test)
{
	struct wait_blocks *wb = kunit_kzalloc(test, sizeof(*wb), GFP_KERNEL);
	PETHREAD thread;
	HANDLE handle;
	int i, tries;

	KUNIT_ASSERT_NOT_NULL(test, wb);
	for (i = 0; i < WAIT_BLOCKS; i++)
		KeInitializeEvent(&wb->events[i], SynchronizationEvent, FALSE);
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
						   NULL, wait_with_blocks, wb),
			STATUS_SUCCESS);
	thread = ntt_object(test, handle);
	ZwClose(handle);
	for (tries = 0; tries < 3000; tries++) {	/* 30 s: a hang */
		if (READ_ONCE(thread->tcb.task->__state) == TASK_IDLE)
			break;
		usleep_range(10000, 11000);
	}
	for (i = 0; i < WAIT_BLOCKS; i++) {
		KUNIT_EXPECT_PTR_EQ(test, wb->blocks[i].Thread, thread);
		KUNIT_EXPECT_PTR_EQ(test, wb->blocks[i].Object, &wb->events[i]);
		KUNIT_EXPECT_EQ(test, wb->blocks[i].WaitKey, (USHORT)i);
		KUNIT_EXPECT_EQ(test, wb->blocks[i].WaitType, (UCHAR)WaitAny);
	}
	KeSetEvent(&wb->events[2], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wb->status, STATUS_WAIT_0 + 2);
	ObDereferenceObject(thread);
}

static void wait_many_waiters_on_one_thread(struct kunit *test)
{
	struct wait_waiter w[WAIT_WAITERS];
	PETHREAD threads[WAIT_WAITERS];
	atomic_t released = ATOMIC_INIT(0);
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD target;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	target = ntt_object(test, handle);
	wait_start_waiters(test, target, &released, threads, w);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	ntt_finish(test, &gate, handle);
	wait_collect(test, threads);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), WAIT_WAITERS);
	ObDereferenceObject(target);
}

/*
 * NT lets the signaller free or reinitialise an event as soon as
 * KeSetEvent returns: the waiter it released must not touch the event
 * afterwards.  The waiter and this thread share one CPU and the event is
 * poisoned with preemption off, so the waiter runs only once it is gone: a
 * waiter that unlinked itself from the event then would follow poisoned
 * list pointers (a list_del corruption report, or an oops).  The memory is
 * freed after preempt_enable(): on PREEMPT_RT kfree() may sleep.
 */
static void wait_signaller_may_free_the_event_at_once(struct kunit *test)
{
	struct wait_waiter w;
	atomic_t released = ATOMIC_INIT(0);
	PETHREAD thread;
	HANDLE handle;
	KEVENT *event;
	int cpu, tries;

	event = kmalloc(sizeof(*event), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, event);
	KeInitializeEvent(event, SynchronizationEvent, FALSE);
	w.object = event;
	w.released = &released;
	cpu = cpumask_first(cpu_online_mask);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
						   NULL, wait_on_object, &w),
			STATUS_SUCCESS);
	thread = ntt_object(test, handle);
	ZwClose(handle);
	KUNIT_EXPECT_EQ(test, set_cpus_allowed_ptr(thread->tcb.task, cpumask_of(cpu)), 0);
	for (tries = 0; tries < 3000; tries++) {
		if (READ_ONCE(thread->tcb.task->__state) == TASK_IDLE)
			break;
		usleep_range(10000, 11000);
	}
	KUNIT_EXPECT_LT(test, tries, 3000);
	preempt_disable();
	KeSetEvent(event, IO_NO_INCREMENT, FALSE);
	memset(event, POISON_FREE, sizeof(*event));
	preempt_enable();
	kfree(event);
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
	ObDereferenceObject(thread);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static struct kunit_case wait_cases[] = {
	KUNIT_CASE(wait_event_state_and_previous_values),
	KUNIT_CASE(wait_zero_timeout_polls),
	KUNIT_CASE(wait_set_and_poll_in_hard_interrupt),
	KUNIT_CASE(wait_relative_timeout_expires),
	KUNIT_CASE(wait_absolute_timeout_expires),
	KUNIT_CASE(wait_system_time_counts_from_1601),
	KUNIT_CASE(wait_delay_execution_sleeps),
	KUNIT_CASE(wait_notification_event_releases_every_waiter),
	KUNIT_CASE(wait_synchronization_event_releases_one_per_set),
	KUNIT_CASE(wait_pulse_releases_waiters_and_resets),
	KUNIT_CASE(wait_any_returns_index_of_signalled_object),
	KUNIT_CASE(wait_all_consumes_only_when_all_are_signalled),
	KUNIT_CASE_PARAM(wait_all_blocked_is_released_by_the_last_set,
			 wait_all_count_gen_params),
	KUNIT_CASE_PARAM(wait_all_and_any_on_threads_ending_in_random_order,
			 wait_threads_gen_params),
	KUNIT_CASE(wait_blocks_name_thread_object_and_key),
	KUNIT_CASE(wait_many_waiters_on_one_thread),
	KUNIT_CASE(wait_signaller_may_free_the_event_at_once),
	{}
};

static struct kunit_suite wait_suite = {
	.name = "ntthread_wait",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = wait_cases,
};

kunit_test_suite(wait_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's dispatcher");
MODULE_LICENSE("GPL");
