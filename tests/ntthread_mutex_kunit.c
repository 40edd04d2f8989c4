// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: mutexes (KMUTEX, NT's mutant) - the free state, ownership by the
 * KUnit thread, a kthread and a layer thread, recursion and its limit,
 * releases by non-owners, contention, abandonment by a terminating layer
 * thread (for later and for blocked acquirers, WaitAny and WaitAll),
 * atomic WaitAll over a mutex, a semaphore and an event, and WaitAny
 * over them.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "ntthread_kunit.h"

/* Bound for "until a thread is blocked": 30 s, it reports a hang only. */
#define MUTEX_TRIES	3000

static NTSTATUS mutex_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

static NTSTATUS mutex_wait_many(ULONG count, PVOID *objects, WAIT_TYPE type,
				bool poll)
{
	LARGE_INTEGER timeout = { .QuadPart = poll ? 0 : NTT_TIMEOUT_100NS };

	return KeWaitForMultipleObjects(count, objects, type, Executive,
					KernelMode, FALSE, &timeout, NULL);
}

/*
 * Start @routine(@context) in a layer thread.  Asserts nothing, as other
 * threads may be parked: the thread object, referenced, or NULL (and a
 * failed expectation).
 */
/* Wait for the thread to end and drop the test's reference. */
static void mutex_join(struct kunit *test, PETHREAD *thread)
{
	ntt_join(test, *thread);
	*thread = NULL;
}

static bool mutex_ended(PETHREAD thread)
{
	return thread && mutex_poll(thread) == STATUS_SUCCESS;
}

/*
 * Poll, bounded, until @thread sleeps in a wait: it sets TASK_IDLE once
 * its wait blocks are linked.  The routines here
 * sleep in TASK_IDLE in no other wait before the one the test means.
 */
static bool mutex_until_blocked(PETHREAD thread)
{
	int tries;

	for (tries = 0; tries < MUTEX_TRIES && thread; tries++) {
		if (READ_ONCE(thread->tcb.task->__state) == TASK_IDLE)
			return true;
		if (mutex_ended(thread))
			return false;
		usleep_range(10000, 11000);
	}
	return false;
}

/**
 * struct mutex_holder - a thread that acquires a mutex and holds it
 * @mutex: the mutex
 * @depth: how many times it acquires it
 * @release: release every acquisition before it ends; else abandon it
 * @terminate: end with PsTerminateSystemThread rather than by returning
 * @poll_first: try a zero-timeout wait first, into @polled
 * @acquired: notification event it sets once it holds the mutex
 * @go: notification event it waits for before it releases and ends
 * @polled: the zero-timeout wait's status
 * @status: the first acquisition's status (bounded wait)
 * @recursed: how many later acquisitions returned STATUS_SUCCESS
 * @self: KeGetCurrentThread() in it
 * @owner_thread: the mutex's OwnerThread while it holds it
 * @owner_is_current: the mutex's OwnerTask was current
 * @state: KeReadStateMutex() while it holds it
 * @released: what each release returned, last acquisition first
 * @state_after: KeReadStateMutex() after its releases
 */
struct mutex_holder {
	KMUTEX *mutex;
	int depth;
	bool release, terminate, poll_first;
	KEVENT acquired, go;
	NTSTATUS polled, status;
	int recursed;
	PKTHREAD self;
	struct nt_thread *owner_thread;
	bool owner_is_current;
	LONG state;
	LONG released[4];
	LONG state_after;
};

static void mutex_holder_init(struct mutex_holder *h, KMUTEX *mutex, int depth,
			      bool release, bool terminate)
{
	memset(h, 0, sizeof(*h));
	h->mutex = mutex;
	h->depth = depth;
	h->release = release;
	h->terminate = terminate;
	KeInitializeEvent(&h->acquired, NotificationEvent, FALSE);
	KeInitializeEvent(&h->go, NotificationEvent, FALSE);
	h->polled = STATUS_PENDING;
	h->status = STATUS_PENDING;
	h->state = 99;
	h->state_after = 99;
}

static void mutex_hold(struct mutex_holder *h)
{
	int i;

	if (h->poll_first)
		h->polled = mutex_poll(h->mutex);
	h->status = ntt_wait(h->mutex);
	for (i = 1; i < h->depth; i++)
		h->recursed += mutex_poll(h->mutex) == STATUS_SUCCESS;
	h->self = KeGetCurrentThread();
	h->owner_thread = READ_ONCE(h->mutex->OwnerThread);
	h->owner_is_current = READ_ONCE(h->mutex->OwnerTask) == current;
	h->state = KeReadStateMutex(h->mutex);
	KeSetEvent(&h->acquired, IO_NO_INCREMENT, FALSE);
	ntt_wait(&h->go);
	if (!h->release)
		return;
	for (i = 0; i < h->depth && i < ARRAY_SIZE(h->released); i++)
		h->released[i] = KeReleaseMutex(h->mutex, FALSE);
	h->state_after = KeReadStateMutex(h->mutex);
}

static VOID mutex_hold_routine(PVOID context)
{
	struct mutex_holder *h = context;

	mutex_hold(h);
	if (h->terminate)
		PsTerminateSystemThread(STATUS_SUCCESS);
}

static int mutex_hold_kthread(void *arg)
{
	mutex_hold(arg);
	return 0;
}

static void mutex_init_is_free_and_unowned(struct kunit *test)
{
	static const ULONG levels[] = { 0, 1, 0xffffffff };
	KMUTEX m;
	int i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		memset(&m, 0xa5, sizeof(m));
		KeInitializeMutex(&m, levels[i]);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
		KUNIT_EXPECT_EQ(test, m.Header.Type, (UCHAR)2);	/* MutantObject */
		KUNIT_EXPECT_EQ(test, m.Header.Size, (UCHAR)(sizeof(KMUTANT) / 4));
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, NULL);
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
		KUNIT_EXPECT_FALSE(test, m.Abandoned);
		KUNIT_EXPECT_TRUE(test, list_empty(&m.Header.WaitListHead));
	}
}

/*
 * In a thread the layer did not create, OwnerThread is its adopted thread
 * object (ntthread_adopt).
 */
static void mutex_wait_acquires_for_the_kunit_thread(struct kunit *test)
{
	PKTHREAD self = KeGetCurrentThread();
	KMUTEX m;

	KeInitializeMutex(&m, 0);
	KUNIT_EXPECT_NOT_NULL(test, self);
	KUNIT_EXPECT_EQ(test, ntt_wait(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)m.OwnerThread, (PVOID)self);
	KUNIT_EXPECT_FALSE(test, m.Abandoned);
	/* The last release frees it and returns 0. */
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, NULL);
	/* A zero-timeout wait acquires it too, also in atomic context. */
	preempt_disable();
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
}

/*
 * A kthread_run() thread owns the mutex by its task, and by the thread
 * object it was adopted with; while it holds it, the KUnit thread can
 * neither acquire nor release it.
 */
static void mutex_kthread_owner_is_its_adopted_thread(struct kunit *test)
{
	struct mutex_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct task_struct *task;
	KMUTEX m;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KeInitializeMutex(&m, 0);
	mutex_holder_init(h, &m, 1, true, false);
	task = kthread_create(mutex_hold_kthread, h, "ntt_mutex");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);
	KUNIT_EXPECT_EQ(test, ntt_wait(&h->acquired), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h->status, STATUS_SUCCESS);
	KUNIT_EXPECT_NOT_NULL(test, h->self);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)h->owner_thread, (PVOID)h->self);
	KUNIT_EXPECT_TRUE(test, h->owner_is_current);
	KUNIT_EXPECT_EQ(test, h->state, 0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)task);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)m.OwnerThread, (PVOID)h->self);
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)task);
	KeSetEvent(&h->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, kthread_stop(task), 0);
	put_task_struct(task);
	KUNIT_EXPECT_EQ(test, h->released[0], 0);
	KUNIT_EXPECT_EQ(test, h->state_after, 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
}

/*
 * In a layer thread OwnerThread is its thread object, KeGetCurrentThread()
 * there.  Released before the thread ends, the mutex is not abandoned.
 */
static void mutex_layer_thread_owner_is_its_thread_object(struct kunit *test)
{
	struct mutex_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	PETHREAD thread;
	KMUTEX m;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KeInitializeMutex(&m, 0);
	mutex_holder_init(h, &m, 1, true, false);
	thread = ntt_start_routine(test, mutex_hold_routine, h);
	KUNIT_ASSERT_NOT_NULL(test, thread);
	KUNIT_EXPECT_EQ(test, ntt_wait(&h->acquired), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h->status, STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, h->self, thread);
	KUNIT_EXPECT_PTR_EQ(test, h->owner_thread, thread);
	KUNIT_EXPECT_TRUE(test, h->owner_is_current);
	KUNIT_EXPECT_EQ(test, h->state, 0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, thread);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)thread->tcb.task);
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_TIMEOUT);
	KeSetEvent(&h->go, IO_NO_INCREMENT, FALSE);
	mutex_join(test, &thread);
	KUNIT_EXPECT_EQ(test, h->released[0], 0);
	KUNIT_EXPECT_EQ(test, h->state_after, 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, NULL);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	KUNIT_EXPECT_FALSE(test, m.Abandoned);
	/* Released, then the thread ended: the next acquirer gets it plainly. */
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
}

static const int mutex_depths[] = { 2, 3, 16 };

static void mutex_depth_desc(const int *depth, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "depth %d", *depth);
}

KUNIT_ARRAY_PARAM(mutex_depth, mutex_depths, mutex_depth_desc);

/*
 * The owner acquires it again and again: the state goes 0, -1, -2...;
 * each release returns the state before it, and only the last (which
 * returns 0) frees the mutex.
 */
static void mutex_recursive_acquisition_counts_down(struct kunit *test)
{
	const int depth = *(const int *)test->param_value;
	KMUTEX m;
	KEVENT event;
	PVOID any[2] = { &event, &m };
	PVOID twice[2] = { &m, &m };
	int i;

	KeInitializeMutex(&m, 0);
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	for (i = 0; i < depth; i++) {
		/* Alternately a bounded WaitAny and a poll: both recurse. */
		if (i % 2)
			KUNIT_EXPECT_EQ(test, mutex_wait_many(2, any, WaitAny, false),
					STATUS_WAIT_0 + 1);
		else
			KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), -i);
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	}
	/* A WaitAll listing it twice is refused and takes nothing. */
	KUNIT_EXPECT_EQ(test, mutex_wait_many(2, twice, WaitAll, true),
			STATUS_INVALID_PARAMETER_MIX);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1 - depth);
	for (i = depth - 1; i >= 0; i--) {
		KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), -i);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1 - i);
		if (i)
			KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	}
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	/* Free now: one more release changes nothing and returns 1. */
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
}

/*
 * Recursion stops at MINLONG (where Windows raises
 * STATUS_MUTANT_LIMIT_EXCEEDED): an owner's further acquisition fails
 * and the state does not wrap round to "free".  2^31 acquisitions are
 * out of reach, so the state is set just above the limit by hand, on a
 * mutex this thread owns and no other thread sees.
 */
static void mutex_recursion_stops_at_the_limit(struct kunit *test)
{
	KMUTEX m;

	KeInitializeMutex(&m, 0);
	KUNIT_ASSERT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	WRITE_ONCE(m.Header.SignalState, S32_MIN + 1);
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), S32_MIN);
	KUNIT_EXPECT_NE(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), S32_MIN);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_TRUE(test, list_empty(&m.Header.WaitListHead));
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), S32_MIN);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), S32_MIN + 1);
	/* Back to one acquisition by hand, then the last release. */
	WRITE_ONCE(m.Header.SignalState, 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
}

/* A KeReleaseMutex() call from another thread, and what it saw. */
struct mutex_release_call {
	KMUTEX *mutex;
	LONG released, state;
	struct completion done;
};

static void mutex_release_from_here(struct mutex_release_call *c)
{
	c->released = KeReleaseMutex(c->mutex, FALSE);
	c->state = KeReadStateMutex(c->mutex);
	complete(&c->done);
}

static VOID mutex_release_routine(PVOID context)
{
	mutex_release_from_here(context);
}

static int mutex_release_kthread(void *arg)
{
	mutex_release_from_here(arg);
	return 0;
}

/*
 * A release of a free mutex, or by a thread that does not own it (a layer
 * thread, a kthread), changes nothing and returns the current state.
 */
static void mutex_release_by_non_owner_changes_nothing(struct kunit *test)
{
	struct mutex_release_call c = { .released = 99, .state = 99 };
	struct task_struct *task;
	PETHREAD thread;
	KMUTEX m;

	KeInitializeMutex(&m, 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	/* Owned twice by the KUnit thread: state -1. */
	KUNIT_ASSERT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	c.mutex = &m;
	init_completion(&c.done);
	thread = ntt_start_routine(test, mutex_release_routine, &c);
	mutex_join(test, &thread);
	KUNIT_EXPECT_EQ(test, c.released, -1);
	KUNIT_EXPECT_EQ(test, c.state, -1);
	c.released = 99;
	c.state = 99;
	reinit_completion(&c.done);
	task = kthread_create(mutex_release_kthread, &c, "ntt_mutex");
	if (!IS_ERR(task)) {
		get_task_struct(task);
		wake_up_process(task);
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&c.done, 30 * HZ),
				0UL);
		KUNIT_EXPECT_EQ(test, kthread_stop(task), 0);
		put_task_struct(task);
	}
	KUNIT_EXPECT_FALSE(test, IS_ERR(task));
	KUNIT_EXPECT_EQ(test, c.released, -1);
	KUNIT_EXPECT_EQ(test, c.state, -1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), -1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), -1);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
}

/*
 * A layer thread owns it: another thread's zero-timeout wait times out;
 * a thread blocked in a wait on it acquires it when the owner releases
 * it, plainly (not abandoned), and becomes its owner.
 */
static void mutex_blocked_waiter_acquires_on_release(struct kunit *test)
{
	struct mutex_holder *owner, *waiter;
	PETHREAD owner_thread, waiter_thread = NULL;
	bool blocked = false;
	KMUTEX m;

	owner = kunit_kzalloc(test, sizeof(*owner), GFP_KERNEL);
	waiter = kunit_kzalloc(test, sizeof(*waiter), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, owner);
	KUNIT_ASSERT_NOT_NULL(test, waiter);
	KeInitializeMutex(&m, 0);
	mutex_holder_init(owner, &m, 1, true, true);
	mutex_holder_init(waiter, &m, 1, true, false);
	waiter->poll_first = true;
	owner_thread = ntt_start_routine(test, mutex_hold_routine, owner);
	KUNIT_ASSERT_NOT_NULL(test, owner_thread);
	KUNIT_EXPECT_EQ(test, ntt_wait(&owner->acquired), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_TIMEOUT);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, owner_thread);
	waiter_thread = ntt_start_routine(test, mutex_hold_routine, waiter);
	blocked = mutex_until_blocked(waiter_thread);
	KUNIT_EXPECT_TRUE(test, blocked);
	if (blocked) {
		KUNIT_EXPECT_EQ(test, waiter->polled, STATUS_TIMEOUT);
		KUNIT_EXPECT_EQ(test, ntt_waiters(&m.Header), 1U);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, owner_thread);
	}
	/* The owner releases and ends; the waiter holds it until its go. */
	KeSetEvent(&owner->go, IO_NO_INCREMENT, FALSE);
	mutex_join(test, &owner_thread);
	KUNIT_EXPECT_EQ(test, owner->released[0], 0);
	if (waiter_thread) {
		KUNIT_EXPECT_EQ(test, ntt_wait(&waiter->acquired), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, waiter->status, STATUS_SUCCESS);
		KUNIT_EXPECT_PTR_EQ(test, waiter->owner_thread, waiter_thread);
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, waiter_thread);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
		KUNIT_EXPECT_FALSE(test, m.Abandoned);
	}
	KeSetEvent(&waiter->go, IO_NO_INCREMENT, FALSE);
	mutex_join(test, &waiter_thread);
	KUNIT_EXPECT_EQ(test, waiter->released[0], 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&m.Header.WaitListHead));
}

/* How a layer thread ends while it owns the mutex. */
struct mutex_abandon_case {
	bool terminate;
	int depth;
};

static const struct mutex_abandon_case mutex_abandon_cases[] = {
	{ true, 1 }, { false, 1 }, { true, 3 }, { false, 2 },
};

static void mutex_abandon_desc(const struct mutex_abandon_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, owned %d time(s)",
		 c->terminate ? "PsTerminateSystemThread" : "returns", c->depth);
}

KUNIT_ARRAY_PARAM(mutex_abandon, mutex_abandon_cases, mutex_abandon_desc);

/* A layer thread ends owning @m (@depth times), abandoning it. */
static void mutex_abandon(struct kunit *test, KMUTEX *m, bool terminate,
			  int depth)
{
	struct mutex_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	PETHREAD thread;

	KUNIT_ASSERT_NOT_NULL(test, h);
	mutex_holder_init(h, m, depth, false, terminate);
	KeSetEvent(&h->go, IO_NO_INCREMENT, FALSE);
	thread = ntt_start_routine(test, mutex_hold_routine, h);
	KUNIT_ASSERT_NOT_NULL(test, thread);
	mutex_join(test, &thread);
	KUNIT_EXPECT_EQ(test, h->status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h->recursed, depth - 1);
	KUNIT_EXPECT_EQ(test, h->state, 1 - depth);
	KUNIT_EXPECT_TRUE(test, h->owner_is_current);
}

/*
 * The owner's end abandons the mutex: free, no owner, Abandoned set.  The
 * next WaitAny acquirer gets STATUS_ABANDONED_WAIT_0 + its index and
 * owns it, the flag is cleared, and the acquisition after is plain.
 */
static void mutex_abandoned_by_ending_owner(struct kunit *test)
{
	const struct mutex_abandon_case *c = test->param_value;
	KMUTEX m;
	KEVENT event;
	PVOID objects[2] = { &event, &m };

	KeInitializeMutex(&m, 0);
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	mutex_abandon(test, &m, c->terminate, c->depth);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerThread, NULL);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	KUNIT_EXPECT_TRUE(test, m.Abandoned);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(2, objects, WaitAny, true),
			STATUS_ABANDONED_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_FALSE(test, m.Abandoned);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(2, objects, WaitAny, true),
			STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
}

/* WaitAll that acquires an abandoned mutex returns STATUS_ABANDONED. */
static void mutex_abandoned_wait_all_returns_abandoned(struct kunit *test)
{
	KSEMAPHORE s;
	KEVENT event;
	KMUTEX m;
	PVOID objects[3] = { &event, &m, &s };

	KeInitializeMutex(&m, 0);
	KeInitializeEvent(&event, NotificationEvent, TRUE);
	KeInitializeSemaphore(&s, 2, 2);
	mutex_abandon(test, &m, true, 1);
	KUNIT_EXPECT_TRUE(test, m.Abandoned);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(3, objects, WaitAll, true),
			STATUS_ABANDONED);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_FALSE(test, m.Abandoned);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(3, objects, WaitAll, true),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
}

/**
 * struct mutex_worker - a layer thread that waits once on a mix of objects
 * @objects: what it waits on
 * @count: how many
 * @type: WaitAny or WaitAll
 * @again: then acquire once more with a zero-timeout wait into @status2
 * @mutex: the mutex among @objects
 * @sem: the semaphore among @objects, or NULL
 * @event: the event among @objects, or NULL
 * @status: the (bounded) wait's status
 * @status2: the second wait's status
 * @owned: it owned @mutex just after the wait
 * @owner_is_self: @mutex's OwnerThread was KeGetCurrentThread() then
 * @abandoned: @mutex's Abandoned flag then
 * @state: @mutex's state then
 * @sem_count: @sem's count then
 * @event_state: @event's state then
 * @released: KeReleaseMutex()'s return, if it owned it
 * @released2: the same after the second wait
 */
struct mutex_worker {
	PVOID objects[THREAD_WAIT_OBJECTS];
	ULONG count;
	WAIT_TYPE type;
	bool again;
	KMUTEX *mutex;
	KSEMAPHORE *sem;
	KEVENT *event;
	NTSTATUS status, status2;
	bool owned, owner_is_self, abandoned;
	LONG state, sem_count, event_state, released, released2;
};

static void mutex_worker_init(struct mutex_worker *w, KMUTEX *mutex,
			      KSEMAPHORE *sem, KEVENT *event)
{
	memset(w, 0, sizeof(*w));
	w->mutex = mutex;
	w->sem = sem;
	w->event = event;
	w->type = WaitAny;
	w->status = STATUS_PENDING;
	w->status2 = STATUS_PENDING;
	w->state = 99;
	w->sem_count = 99;
	w->event_state = 99;
	w->released = 99;
	w->released2 = 99;
}

static VOID mutex_worker_routine(PVOID context)
{
	struct mutex_worker *w = context;

	w->status = mutex_wait_many(w->count, w->objects, w->type, false);
	w->owned = READ_ONCE(w->mutex->OwnerTask) == current;
	w->owner_is_self = READ_ONCE(w->mutex->OwnerThread) ==
			   KeGetCurrentThread();
	w->abandoned = READ_ONCE(w->mutex->Abandoned);
	w->state = KeReadStateMutex(w->mutex);
	if (w->sem)
		w->sem_count = KeReadStateSemaphore(w->sem);
	if (w->event)
		w->event_state = KeReadStateEvent(w->event);
	if (w->owned)
		w->released = KeReleaseMutex(w->mutex, FALSE);
	if (!w->again)
		return;
	w->status2 = mutex_wait_many(w->count, w->objects, w->type, true);
	if (READ_ONCE(w->mutex->OwnerTask) == current)
		w->released2 = KeReleaseMutex(w->mutex, FALSE);
}

/*
 * A waiter already blocked on the mutex (WaitAny {event, mutex}) when its
 * owner terminates is woken with STATUS_ABANDONED_WAIT_0 + 1 and owns the
 * mutex, its flag cleared; its next acquisition is plain.
 */
static void mutex_blocked_waiter_gets_abandoned_status(struct kunit *test)
{
	struct mutex_holder *owner;
	struct mutex_worker *w;
	PETHREAD owner_thread, waiter_thread;
	bool blocked;
	KEVENT event;
	KMUTEX m;

	owner = kunit_kzalloc(test, sizeof(*owner), GFP_KERNEL);
	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, owner);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeMutex(&m, 0);
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	mutex_holder_init(owner, &m, 1, false, true);
	mutex_worker_init(w, &m, NULL, &event);
	w->objects[0] = &event;
	w->objects[1] = &m;
	w->count = 2;
	w->again = true;
	owner_thread = ntt_start_routine(test, mutex_hold_routine, owner);
	KUNIT_ASSERT_NOT_NULL(test, owner_thread);
	KUNIT_EXPECT_EQ(test, ntt_wait(&owner->acquired), STATUS_SUCCESS);
	waiter_thread = ntt_start_routine(test, mutex_worker_routine, w);
	blocked = mutex_until_blocked(waiter_thread);
	KUNIT_EXPECT_TRUE(test, blocked);
	if (blocked) {
		KUNIT_EXPECT_EQ(test, ntt_waiters(&m.Header), 1U);
		KUNIT_EXPECT_EQ(test, w->status, STATUS_PENDING);
	}
	/* The owner terminates without releasing it. */
	KeSetEvent(&owner->go, IO_NO_INCREMENT, FALSE);
	mutex_join(test, &owner_thread);
	mutex_join(test, &waiter_thread);
	KUNIT_EXPECT_EQ(test, w->status, STATUS_ABANDONED_WAIT_0 + 1);
	KUNIT_EXPECT_TRUE(test, w->owned);
	KUNIT_EXPECT_TRUE(test, w->owner_is_self);
	KUNIT_EXPECT_FALSE(test, w->abandoned);
	KUNIT_EXPECT_EQ(test, w->state, 0);
	KUNIT_EXPECT_EQ(test, w->released, 0);
	KUNIT_EXPECT_EQ(test, w->status2, STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, w->released2, 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_FALSE(test, m.Abandoned);
	KUNIT_EXPECT_TRUE(test, list_empty(&m.Header.WaitListHead));
}

/* A thread that owns two mutexes (one recursively) and held a third. */
struct mutex_several {
	KMUTEX *owned[2], *released;
	NTSTATUS status[4];
	LONG released_state;
};

static VOID mutex_several_routine(PVOID context)
{
	struct mutex_several *s = context;

	s->status[0] = mutex_poll(s->owned[0]);
	s->status[1] = mutex_poll(s->owned[1]);
	s->status[2] = mutex_poll(s->owned[1]);
	s->status[3] = mutex_poll(s->released);
	s->released_state = KeReleaseMutex(s->released, FALSE);
}

/* The end of a layer thread abandons every mutex it owns, and only those. */
static void mutex_ending_thread_abandons_only_what_it_owns(struct kunit *test)
{
	struct mutex_several s = { };
	PETHREAD thread;
	KMUTEX a, b, c;
	PVOID both[2] = { &a, &b };
	int i;

	KeInitializeMutex(&a, 0);
	KeInitializeMutex(&b, 0);
	KeInitializeMutex(&c, 0);
	s.owned[0] = &a;
	s.owned[1] = &b;
	s.released = &c;
	thread = ntt_start_routine(test, mutex_several_routine, &s);
	KUNIT_ASSERT_NOT_NULL(test, thread);
	mutex_join(test, &thread);
	for (i = 0; i < ARRAY_SIZE(s.status); i++)
		KUNIT_EXPECT_EQ(test, s.status[i], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s.released_state, 0);
	KUNIT_EXPECT_TRUE(test, a.Abandoned);
	KUNIT_EXPECT_TRUE(test, b.Abandoned);
	KUNIT_EXPECT_FALSE(test, c.Abandoned);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&a), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&b), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c), 1);
	KUNIT_EXPECT_EQ(test, mutex_poll(&c), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&c, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(2, both, WaitAll, true),
			STATUS_ABANDONED);
	KUNIT_EXPECT_PTR_EQ(test, a.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_PTR_EQ(test, b.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_FALSE(test, a.Abandoned);
	KUNIT_EXPECT_FALSE(test, b.Abandoned);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&a, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&b, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(2, both, WaitAll, true),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&a, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&b, FALSE), 0);
}

/*
 * WaitAll over {mutex, semaphore, event} is atomic: while the event is not
 * set, neither a zero-timeout WaitAll nor a blocked one takes the mutex
 * or a count (others may take and give them back meanwhile); once it is
 * set, the blocked one acquires all three at once.
 */
static void mutex_wait_all_with_semaphore_and_event_is_atomic(struct kunit *test)
{
	struct mutex_worker *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	PETHREAD thread;
	KSEMAPHORE s;
	KEVENT event;
	bool blocked;
	KMUTEX m;
	PVOID objects[3] = { &m, &s, &event };

	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeMutex(&m, 0);
	KeInitializeSemaphore(&s, 1, 1);
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(3, objects, WaitAll, true),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, NULL);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);

	mutex_worker_init(w, &m, &s, &event);
	memcpy(w->objects, objects, sizeof(objects));
	w->count = 3;
	w->type = WaitAll;
	thread = ntt_start_routine(test, mutex_worker_routine, w);
	KUNIT_ASSERT_NOT_NULL(test, thread);
	blocked = mutex_until_blocked(thread);
	KUNIT_EXPECT_TRUE(test, blocked);
	if (blocked) {
		KUNIT_EXPECT_EQ(test, ntt_waiters(&m.Header), 1U);
		KUNIT_EXPECT_EQ(test, ntt_waiters(&s.Header), 1U);
		KUNIT_EXPECT_EQ(test, ntt_waiters(&event.Header), 1U);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
		/* Both free: this thread takes each and gives it back. */
		KUNIT_EXPECT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
		KUNIT_EXPECT_EQ(test, mutex_poll(&s), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1,
							 FALSE), 0);
		/* Those releases did not satisfy the waiter either. */
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
		KUNIT_EXPECT_FALSE(test, mutex_ended(thread));
		KUNIT_EXPECT_EQ(test, w->status, STATUS_PENDING);
	}
	KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
	/* The set satisfied it at once: the count is gone already. */
	if (blocked)
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	mutex_join(test, &thread);
	KUNIT_EXPECT_EQ(test, w->status, STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, w->owned);
	KUNIT_EXPECT_TRUE(test, w->owner_is_self);
	KUNIT_EXPECT_EQ(test, w->state, 0);
	KUNIT_EXPECT_EQ(test, w->sem_count, 0);
	KUNIT_EXPECT_EQ(test, w->event_state, 1);
	KUNIT_EXPECT_EQ(test, w->released, 0);
	/* This thread's zero-timeout WaitAll now acquires all three. */
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, mutex_wait_many(3, objects, WaitAll, true),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
}

/*
 * A worker's WaitAny on {semaphore, synchronization event, mutex}: which
 * are ready when it starts (a mutex is not ready while the KUnit thread
 * owns it), and which one the test readies once it is blocked (-1: none).
 */
struct mutex_any_case {
	bool sem, event, mutex;
	int later;
	int index;
	const char *what;
};

static const struct mutex_any_case mutex_any_cases[] = {
	{ true, true, true, -1, 0, "all ready" },
	{ false, true, true, -1, 1, "event and mutex ready" },
	{ true, false, true, -1, 0, "semaphore and mutex ready" },
	{ false, false, true, -1, 2, "mutex ready" },
	{ false, false, false, 0, 0, "none; semaphore released" },
	{ false, false, false, 1, 1, "none; event set" },
	{ false, false, false, 2, 2, "none; mutex released" },
};

static void mutex_any_desc(const struct mutex_any_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->what);
}

KUNIT_ARRAY_PARAM(mutex_any, mutex_any_cases, mutex_any_desc);

/* WaitAny returns the index of the first ready object and takes only it. */
static void mutex_wait_any_takes_only_the_first_ready(struct kunit *test)
{
	const struct mutex_any_case *c = test->param_value;
	struct mutex_worker *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	bool sem = c->sem || c->later == 0, event = c->event || c->later == 1;
	bool mutex_free = c->mutex || c->later == 2, blocked = true;
	PETHREAD thread;
	KSEMAPHORE s;
	KEVENT e;
	KMUTEX m;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeSemaphore(&s, c->sem, 1);
	KeInitializeEvent(&e, SynchronizationEvent, c->event);
	KeInitializeMutex(&m, 0);
	if (!c->mutex)
		KUNIT_ASSERT_EQ(test, mutex_poll(&m), STATUS_SUCCESS);
	mutex_worker_init(w, &m, &s, &e);
	w->objects[0] = &s;
	w->objects[1] = &e;
	w->objects[2] = &m;
	w->count = 3;
	thread = ntt_start_routine(test, mutex_worker_routine, w);
	if (c->later >= 0) {
		blocked = mutex_until_blocked(thread);
		KUNIT_EXPECT_TRUE(test, blocked);
		KUNIT_EXPECT_EQ(test, w->status, STATUS_PENDING);
	}
	/* Ready the one object; also if it did not block, so that it ends. */
	if (c->later == 0)
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1,
							 FALSE), 0);
	else if (c->later == 1)
		KUNIT_EXPECT_EQ(test, KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 0);
	else if (c->later == 2)
		KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	/* A blocked worker was satisfied by that call, under the lock. */
	if (c->later >= 0 && blocked) {
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e), 0);
	}
	mutex_join(test, &thread);
	KUNIT_EXPECT_EQ(test, w->status, STATUS_WAIT_0 + c->index);
	/* Only the object it returned was taken. */
	KUNIT_EXPECT_EQ(test, w->sem_count, (LONG)(sem && c->index != 0));
	KUNIT_EXPECT_EQ(test, w->event_state, (LONG)(event && c->index != 1));
	KUNIT_EXPECT_EQ(test, w->owned, c->index == 2);
	if (c->index == 2) {
		KUNIT_EXPECT_TRUE(test, w->owner_is_self);
		KUNIT_EXPECT_EQ(test, w->state, 0);
		KUNIT_EXPECT_EQ(test, w->released, 0);
	} else {
		KUNIT_EXPECT_EQ(test, w->state, mutex_free ? 1 : 0);
	}
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), w->sem_count);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e), w->event_state);
	if (c->mutex || c->later == 2) {
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m), 1);
	} else {
		KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
		KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	}
}

static struct kunit_case mutex_cases[] = {
	KUNIT_CASE(mutex_init_is_free_and_unowned),
	KUNIT_CASE(mutex_wait_acquires_for_the_kunit_thread),
	KUNIT_CASE(mutex_kthread_owner_is_its_adopted_thread),
	KUNIT_CASE(mutex_layer_thread_owner_is_its_thread_object),
	KUNIT_CASE_PARAM(mutex_recursive_acquisition_counts_down,
			 mutex_depth_gen_params),
	KUNIT_CASE(mutex_recursion_stops_at_the_limit),
	KUNIT_CASE(mutex_release_by_non_owner_changes_nothing),
	KUNIT_CASE(mutex_blocked_waiter_acquires_on_release),
	KUNIT_CASE_PARAM(mutex_abandoned_by_ending_owner,
			 mutex_abandon_gen_params),
	KUNIT_CASE(mutex_abandoned_wait_all_returns_abandoned),
	KUNIT_CASE(mutex_blocked_waiter_gets_abandoned_status),
	KUNIT_CASE(mutex_ending_thread_abandons_only_what_it_owns),
	KUNIT_CASE(mutex_wait_all_with_semaphore_and_event_is_atomic),
	KUNIT_CASE_PARAM(mutex_wait_any_takes_only_the_first_ready,
			 mutex_any_gen_params),
	{}
};

static struct kunit_suite mutex_suite = {
	.name = "ntthread_mutex",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = mutex_cases,
};

kunit_test_suite(mutex_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's mutexes");
MODULE_LICENSE("GPL");
