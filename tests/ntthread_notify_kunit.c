// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread_notify: thread notify routines (module/notify.c): called with
 * (4, TID, TRUE) in the creating thread and (4, TID, FALSE) in the exiting
 * one, once per registration; 64 at most; removal of an unknown routine.
 */
#include <linux/kthread.h>
#include <linux/spinlock.h>

#include "ntthread_kunit.h"

#define NOTIFY_LOG	16

struct notify_event {
	HANDLE pid, tid;
	BOOLEAN create;
	struct task_struct *task;
	PETHREAD self;
	KIRQL irql;
};

static struct {
	spinlock_t lock;	/* guards n and e */
	unsigned int n;
	struct notify_event e[NOTIFY_LOG];
} notify_log = { .lock = __SPIN_LOCK_UNLOCKED(notify_log.lock) };

static void notify_reset(void)
{
	spin_lock(&notify_log.lock);
	notify_log.n = 0;
	spin_unlock(&notify_log.lock);
}

static unsigned int notify_count(void)
{
	unsigned int n;

	spin_lock(&notify_log.lock);
	n = notify_log.n;
	spin_unlock(&notify_log.lock);
	return n;
}

static VOID notify_routine(HANDLE pid, HANDLE tid, BOOLEAN create)
{
	struct notify_event e = {
		.pid = pid, .tid = tid, .create = create, .task = current,
		.self = PsGetCurrentThread(), .irql = KeGetCurrentIrql(),
	};

	spin_lock(&notify_log.lock);
	if (notify_log.n < NOTIFY_LOG)
		notify_log.e[notify_log.n] = e;
	notify_log.n++;
	spin_unlock(&notify_log.lock);
}

static VOID notify_other_routine(HANDLE pid, HANDLE tid, BOOLEAN create)
{
}

/*
 * Start a thread, let it end, wait until @calls calls are logged.  With
 * @object, return a reference to the thread's object in it, which keeps
 * the object alive for comparisons after the thread is gone.
 */
static HANDLE notify_thread_cycle_ref(struct kunit *test, unsigned int calls,
				      PETHREAD *object)
{
	CLIENT_ID cid = { };
	struct ntt_gate gate;
	HANDLE handle;
	int tries = 3000;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	if (object)
		*object = ntt_object(test, handle);
	ntt_finish(test, &gate, handle);
	/* The exit call comes before the signal: nothing to wait for. */
	while (notify_count() < calls && --tries)
		usleep_range(10000, 11000);
	return cid.UniqueThread;
}

static HANDLE notify_thread_cycle(struct kunit *test, unsigned int calls)
{
	return notify_thread_cycle_ref(test, calls, NULL);
}

static void notify_called_on_create_and_exit(struct kunit *test)
{
	PETHREAD thread;
	HANDLE tid, thread_tid;

	notify_reset();
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	tid = notify_thread_cycle_ref(test, 2, &thread);
	/* Read while our reference keeps the object, then let it go. */
	thread_tid = PsGetThreadId(thread);
	ObDereferenceObject(thread);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, notify_count(), 2U);
	/* Creation: in the creating thread, before the new one runs. */
	KUNIT_EXPECT_EQ(test, (unsigned long)notify_log.e[0].pid, 4UL);
	KUNIT_EXPECT_PTR_EQ(test, notify_log.e[0].tid, tid);
	KUNIT_EXPECT_TRUE(test, notify_log.e[0].create);
	KUNIT_EXPECT_PTR_EQ(test, notify_log.e[0].task, current);
	KUNIT_EXPECT_EQ(test, notify_log.e[0].irql, (KIRQL)PASSIVE_LEVEL);
	/* Exit: in the exiting thread itself. */
	KUNIT_EXPECT_EQ(test, (unsigned long)notify_log.e[1].pid, 4UL);
	KUNIT_EXPECT_PTR_EQ(test, notify_log.e[1].tid, tid);
	KUNIT_EXPECT_FALSE(test, notify_log.e[1].create);
	KUNIT_EXPECT_PTR_NE(test, notify_log.e[1].task, current);
	/* The thread's own object (compared as an address only). */
	KUNIT_EXPECT_PTR_EQ(test, notify_log.e[1].self, thread);
	KUNIT_EXPECT_PTR_EQ(test, thread_tid, tid);
	KUNIT_EXPECT_EQ(test, notify_log.e[1].irql, (KIRQL)PASSIVE_LEVEL);
	/* Removed: not called any more, and unknown to a second removal. */
	notify_thread_cycle(test, 2);
	KUNIT_EXPECT_EQ(test, notify_count(), 2U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine),
			STATUS_PROCEDURE_NOT_FOUND);
}

static void notify_registered_twice_called_twice(struct kunit *test)
{
	notify_reset();
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	notify_thread_cycle(test, 4);
	KUNIT_EXPECT_EQ(test, notify_count(), 4U);
	/* One removal takes one registration. */
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	notify_reset();
	notify_thread_cycle(test, 2);
	KUNIT_EXPECT_EQ(test, notify_count(), 2U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine),
			STATUS_PROCEDURE_NOT_FOUND);
}

/* 64 registrations, any mix of routines; the 65th fails, as on Windows. */
static void notify_at_most_64_routines(struct kunit *test)
{
	int i;

	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ(test, PsSetCreateThreadNotifyRoutine(i % 2 ? notify_routine :
								     notify_other_routine),
				STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_routine),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_EQ(test, PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifySubsystems,
							       notify_routine),
			STATUS_INSUFFICIENT_RESOURCES);
	/* Each routine called once per registration: 32 for each event. */
	notify_reset();
	notify_thread_cycle(test, 64);
	KUNIT_EXPECT_EQ(test, notify_count(), 64U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_other_routine),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_other_routine),
			STATUS_SUCCESS);
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(i % 2 ? notify_routine :
									notify_other_routine),
				STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine),
			STATUS_PROCEDURE_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_other_routine),
			STATUS_PROCEDURE_NOT_FOUND);
}

/*
 * Ex: Subsystems routines are called for every thread; NonSystem ones
 * for user threads only, which this layer never reports.
 */
static void notify_ex_types(struct kunit *test)
{
	notify_reset();
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifyNonSystem,
							       notify_routine),
			STATUS_SUCCESS);
	notify_thread_cycle(test, 0);
	KUNIT_EXPECT_EQ(test, notify_count(), 0U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifySubsystems,
							       notify_routine),
			STATUS_SUCCESS);
	notify_thread_cycle(test, 2);
	KUNIT_EXPECT_EQ(test, notify_count(), 2U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
}

struct notify_adopted {
	struct completion done;
	PETHREAD self;
};

static int notify_adopted_fn(void *arg)
{
	struct notify_adopted *a = arg;

	a->self = PsGetCurrentThread();
	complete(&a->done);
	return 0;
}

/* An adopted thread calls no routine, neither at adoption nor at exit. */
static void notify_adopted_threads_call_none(struct kunit *test)
{
	struct notify_adopted adopted = { };
	struct task_struct *task;
	long live = ntthread_counter(NT_CTR_ADOPTED_LIVE);
	int tries = 3000;

	notify_reset();
	KUNIT_ASSERT_EQ(test, PsSetCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
	init_completion(&adopted.done);
	task = kthread_create(notify_adopted_fn, &adopted, "ntt_notify");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);
	/* Stopped before it ran, it would never call in. */
	wait_for_completion(&adopted.done);
	KUNIT_EXPECT_EQ(test, kthread_stop(task), 0);
	put_task_struct(task);
	KUNIT_EXPECT_NOT_NULL(test, adopted.self);
	/* Exited and freed: no routine was called on the way. */
	while (ntthread_counter(NT_CTR_ADOPTED_LIVE) != live && --tries)
		usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ(test, ntthread_counter(NT_CTR_ADOPTED_LIVE), live);
	KUNIT_EXPECT_EQ(test, notify_count(), 0U);
	KUNIT_EXPECT_EQ(test, PsRemoveCreateThreadNotifyRoutine(notify_routine), STATUS_SUCCESS);
}

static struct kunit_case notify_cases[] = {
	KUNIT_CASE(notify_called_on_create_and_exit),
	KUNIT_CASE(notify_registered_twice_called_twice),
	KUNIT_CASE(notify_at_most_64_routines),
	KUNIT_CASE(notify_ex_types),
	KUNIT_CASE(notify_adopted_threads_call_none),
	{}
};

static struct kunit_suite notify_suite = {
	.name = "ntthread_notify",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = notify_cases,
};

kunit_test_suite(notify_suite);
MODULE_DESCRIPTION("KUnit: thread notify routines");
MODULE_LICENSE("GPL");
