// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: semaphores - initial count and layout, KeReleaseSemaphore's
 * previous count and its limit, invalid initialisation, polling, one
 * count per satisfied wait, FIFO release of blocked waiters, WaitAll
 * that takes nothing until it is satisfied, the ignored priority
 * increment, and releases from hard interrupt context.
 */
#include <linux/module.h>
#include <linux/sched.h>

#include "ntthread_kunit.h"

/* Bound for "until a thread is blocked": 30 s, it reports a hang only. */
#define SEMAPHORE_TRIES		3000
#define SEMAPHORE_MAX_WAITERS	8

static NTSTATUS semaphore_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

/**
 * struct semaphore_waiter - a layer thread that waits once
 * @objects: what it waits on
 * @count: how many of @objects
 * @type: WaitAny or WaitAll
 * @status: the wait's result (STATUS_PENDING until it returns)
 * @before: its priority before the wait
 * @after: its priority just after the wait returned
 * @thread: its thread object, referenced by the test
 */
struct semaphore_waiter {
	PVOID objects[THREAD_WAIT_OBJECTS];
	ULONG count;
	WAIT_TYPE type;
	NTSTATUS status;
	KPRIORITY before, after;
	PETHREAD thread;
};

static VOID semaphore_wait_routine(PVOID context)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct semaphore_waiter *w = context;

	w->before = KeQueryPriorityThread(KeGetCurrentThread());
	w->status = KeWaitForMultipleObjects(w->count, w->objects, w->type,
					     Executive, KernelMode, FALSE,
					     &timeout, NULL);
	w->after = KeQueryPriorityThread(KeGetCurrentThread());
}

/*
 * Start @w in a layer thread.  Asserts nothing, as other threads may be
 * parked: false (and a failed expectation) if it did not start.  Its
 * wait is bounded (30 s), so a thread never released still ends.
 */
static bool semaphore_start(struct kunit *test, struct semaphore_waiter *w)
{
	w->status = STATUS_PENDING;
	w->thread = ntt_start_routine(test, semaphore_wait_routine, w);
	return w->thread;
}

/* Wait for @w's thread to end and drop the test's reference. */
static void semaphore_join(struct kunit *test, struct semaphore_waiter *w)
{
	ntt_join(test, w->thread);
	w->thread = NULL;
}

/* Has @w's thread ended?  A zero-timeout wait on its object. */
static bool semaphore_ended(struct semaphore_waiter *w)
{
	return w->thread && semaphore_poll(w->thread) == STATUS_SUCCESS;
}

/*
 * Is @w's thread asleep in its wait?  It sets TASK_IDLE once its wait
 * blocks are linked, and does nothing
 * else that sleeps in TASK_IDLE before.
 */
static bool semaphore_blocked(struct semaphore_waiter *w)
{
	return w->thread &&
	       READ_ONCE(w->thread->tcb.task->__state) == TASK_IDLE;
}

/* Poll, bounded, until @w's thread blocks in its wait. */
static bool semaphore_until_blocked(struct semaphore_waiter *w)
{
	int tries;

	for (tries = 0; tries < SEMAPHORE_TRIES; tries++) {
		if (semaphore_blocked(w))
			return true;
		if (!w->thread || semaphore_ended(w))
			return false;
		usleep_range(10000, 11000);
	}
	return false;
}

static void semaphore_waiter_init(struct semaphore_waiter *w, PVOID object)
{
	memset(w, 0, sizeof(*w));
	w->objects[0] = object;
	w->count = 1;
	w->type = WaitAny;
}

static void semaphore_init_sets_count_and_layout(struct kunit *test)
{
	KSEMAPHORE s;

	memset(&s, 0x5a, sizeof(s));
	KeInitializeSemaphore(&s, 3, 5);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 3);
	KUNIT_EXPECT_EQ(test, s.Header.Type, (UCHAR)5);	/* SemaphoreObject */
	KUNIT_EXPECT_EQ(test, s.Header.Size, (UCHAR)(sizeof(KSEMAPHORE) / 4));
	KUNIT_EXPECT_EQ(test, s.Header.SignalState, 3);
	KUNIT_EXPECT_EQ(test, s.Limit, 5);
	KUNIT_EXPECT_TRUE(test, list_empty(&s.Header.WaitListHead));
	/* NT x64: a 24-byte header, then the LONG limit, padded to 32. */
	KUNIT_EXPECT_EQ(test, sizeof(KSEMAPHORE), (size_t)32);
	KUNIT_EXPECT_EQ(test, offsetof(KSEMAPHORE, Limit), (size_t)24);
	/* The bounds themselves are valid. */
	KeInitializeSemaphore(&s, 0, 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_TIMEOUT);
	KeInitializeSemaphore(&s, S32_MAX, S32_MAX);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), S32_MAX);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), S32_MAX - 1);
}

static void semaphore_release_returns_previous_count(struct kunit *test)
{
	KSEMAPHORE s;

	KeInitializeSemaphore(&s, 0, 5);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 2, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 3);
	/* Up to the limit exactly is allowed; Wait TRUE changes nothing. */
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 2, TRUE), 3);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 5);
}

/* A release the limit refuses: the count stays, the previous is returned. */
struct semaphore_refused {
	LONG count, limit, adjustment;
	const char *what;
};

static const struct semaphore_refused semaphore_refused_cases[] = {
	{ 4, 5, 2, "past the limit" },
	{ 5, 5, 1, "at the limit" },
	{ 0, 1, 2, "more than the limit at once" },
	{ 3, 5, 0, "zero adjustment" },
	{ 3, 5, -1, "negative adjustment" },
	{ 3, 5, S32_MIN, "most negative adjustment" },
	{ S32_MAX - 1, S32_MAX, 2, "past LONG's range" },
	{ 1, S32_MAX, S32_MAX, "count plus adjustment overflows" },
};

static void semaphore_refused_desc(const struct semaphore_refused *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s: %d + %d, limit %d",
		 c->what, c->count, c->adjustment, c->limit);
}

KUNIT_ARRAY_PARAM(semaphore_refused, semaphore_refused_cases,
		  semaphore_refused_desc);

static void semaphore_release_past_limit_changes_nothing(struct kunit *test)
{
	const struct semaphore_refused *c = test->param_value;
	KSEMAPHORE s;

	KeInitializeSemaphore(&s, c->count, c->limit);
	KUNIT_ASSERT_EQ(test, KeReadStateSemaphore(&s), c->count);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT,
						 c->adjustment, FALSE), c->count);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), c->count);
	KUNIT_EXPECT_EQ(test, s.Limit, c->limit);
	/* Still usable: a count can be taken and given back. */
	if (c->count) {
		KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1,
							 FALSE), c->count - 1);
	}
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), c->count);
}

/* Count and limit KeInitializeSemaphore() must refuse. */
struct semaphore_bad_init {
	LONG count, limit;
};

static const struct semaphore_bad_init semaphore_bad_init_cases[] = {
	{ 0, 0 }, { 1, 0 }, { 0, -1 }, { -1, 1 }, { -1, -1 }, { 2, 1 },
	{ S32_MAX, S32_MAX - 1 }, { S32_MIN, S32_MAX }, { 0, S32_MIN },
};

static void semaphore_bad_init_desc(const struct semaphore_bad_init *c,
				    char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "count %d, limit %d",
		 c->count, c->limit);
}

KUNIT_ARRAY_PARAM(semaphore_bad_init, semaphore_bad_init_cases,
		  semaphore_bad_init_desc);

static void semaphore_invalid_init_leaves_it_unusable(struct kunit *test)
{
	const struct semaphore_bad_init *c = test->param_value;
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	KSEMAPHORE s;
	KEVENT event;
	PVOID objects[2] = { &event, &s };

	/* A valid semaphore with counts first: none of them may survive. */
	KeInitializeSemaphore(&s, 3, 5);
	KeInitializeSemaphore(&s, c->count, c->limit);
	KeInitializeEvent(&event, SynchronizationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&s, Executive, KernelMode,
						    FALSE, &timeout),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_INVALID_PARAMETER);
	/* In a list, it fails the whole wait: the ready event is not taken. */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny,
						       Executive, KernelMode,
						       FALSE, &timeout, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&event), 1);
}

static void semaphore_zero_timeout_takes_one_count(struct kunit *test)
{
	KSEMAPHORE s;

	KeInitializeSemaphore(&s, 2, 4);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	/* A poll is allowed in atomic context too. */
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1, FALSE), 0);
	preempt_disable();
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, semaphore_poll(&s), STATUS_TIMEOUT);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
}

static void semaphore_listed_twice_in_wait_all_is_invalid_mix(struct kunit *test)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	KSEMAPHORE s;
	KEVENT event;
	PVOID twice[2] = { &s, &s };
	PVOID mixed[3] = { &s, &event, &s };

	KeInitializeSemaphore(&s, 2, 2);
	KeInitializeEvent(&event, NotificationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, twice, WaitAll, Executive,
						       KernelMode, FALSE, &zero,
						       NULL),
			STATUS_INVALID_PARAMETER_MIX);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, mixed, WaitAll, Executive,
						       KernelMode, FALSE, &timeout,
						       NULL),
			STATUS_INVALID_PARAMETER_MIX);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 2);
	/* WaitAny may list it twice: the first index wins, one count goes. */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, twice, WaitAny, Executive,
						       KernelMode, FALSE, &zero,
						       NULL),
			STATUS_WAIT_0);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
}

/* N waiters blocked in turn, one release of some adjustment, then the rest. */
struct semaphore_release_case {
	int waiters;
	LONG adjustment;
};

static const struct semaphore_release_case semaphore_release_cases[] = {
	{ 1, 1 }, { 3, 3 }, { SEMAPHORE_MAX_WAITERS, SEMAPHORE_MAX_WAITERS },
	{ 3, 1 }, { SEMAPHORE_MAX_WAITERS, 3 }, { 2, 5 },
};

static void semaphore_release_desc(const struct semaphore_release_case *c,
				   char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d waiters, release %d",
		 c->waiters, c->adjustment);
}

KUNIT_ARRAY_PARAM(semaphore_release, semaphore_release_cases,
		  semaphore_release_desc);

/*
 * Each satisfied wait takes exactly one count, and waiters are released
 * in the order they began to wait: a release of k wakes the first k
 * (min(k, N)) and leaves max(k - N, 0) counts; the others stay blocked
 * until the rest is released.
 */
static void semaphore_release_wakes_one_waiter_per_count(struct kunit *test)
{
	const struct semaphore_release_case *c = test->param_value;
	struct semaphore_waiter *w;
	int n = c->waiters, woken = min_t(int, n, c->adjustment), i, started;
	LONG left = max_t(LONG, c->adjustment - n, 0);
	KSEMAPHORE s;

	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeSemaphore(&s, 0, max_t(LONG, n, c->adjustment));
	/* One at a time, each blocked before the next starts: FIFO order. */
	for (started = 0; started < n; started++) {
		semaphore_waiter_init(&w[started], &s);
		if (!semaphore_start(test, &w[started]))
			break;
		if (!semaphore_until_blocked(&w[started])) {
			KUNIT_FAIL(test, "waiter %d never blocked", started);
			started++;
			break;
		}
	}
	if (started == n) {
		KUNIT_EXPECT_EQ(test, ntt_waiters(&s.Header), (unsigned int)n);
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT,
							 c->adjustment, FALSE), 0);
		/* The release took the counts for the waiters it woke. */
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), left);
		KUNIT_EXPECT_EQ(test, ntt_waiters(&s.Header),
				(unsigned int)(n - woken));
		for (i = 0; i < woken; i++) {
			KUNIT_EXPECT_EQ(test, ntt_wait(w[i].thread), STATUS_SUCCESS);
			KUNIT_EXPECT_EQ(test, w[i].status, STATUS_WAIT_0);
		}
		/* The later waiters have no count: still blocked. */
		for (i = woken; i < n; i++) {
			KUNIT_EXPECT_FALSE(test, semaphore_ended(&w[i]));
			KUNIT_EXPECT_EQ(test, w[i].status, STATUS_PENDING);
		}
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), left);
	}
	/* The rest; on failure, a count for every thread that started. */
	if (started == n && n > woken)
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT,
							 n - woken, FALSE), left);
	else if (started < n && started)
		KeReleaseSemaphore(&s, IO_NO_INCREMENT, started, FALSE);
	for (i = 0; i < started; i++) {
		semaphore_join(test, &w[i]);
		KUNIT_EXPECT_EQ(test, w[i].status, STATUS_WAIT_0);
	}
	if (started == n)
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), left);
	KUNIT_EXPECT_TRUE(test, list_empty(&s.Header.WaitListHead));
}

/*
 * A WaitAll waiter that the semaphore alone cannot satisfy takes no
 * count, and does not keep one from a later WaitAny waiter; it takes
 * one only when its event comes too.
 */
static void semaphore_unsatisfied_wait_all_takes_no_count(struct kunit *test)
{
	struct semaphore_waiter *all, *any;
	KSEMAPHORE s;
	KEVENT event;
	bool ok;

	all = kunit_kzalloc(test, sizeof(*all), GFP_KERNEL);
	any = kunit_kzalloc(test, sizeof(*any), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, all);
	KUNIT_ASSERT_NOT_NULL(test, any);
	KeInitializeSemaphore(&s, 0, 2);
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	semaphore_waiter_init(all, &s);
	all->objects[1] = &event;
	all->count = 2;
	all->type = WaitAll;
	semaphore_waiter_init(any, &s);
	KUNIT_ASSERT_TRUE(test, semaphore_start(test, all));
	ok = semaphore_until_blocked(all);
	KUNIT_EXPECT_TRUE(test, ok);
	ok = ok && semaphore_start(test, any) && semaphore_until_blocked(any);
	KUNIT_EXPECT_TRUE(test, ok);
	if (ok) {
		/* First in line, but not satisfiable: the count goes to any. */
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1,
							 FALSE), 0);
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
		KUNIT_EXPECT_EQ(test, ntt_wait(any->thread), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, any->status, STATUS_WAIT_0);
		KUNIT_EXPECT_FALSE(test, semaphore_ended(all));
		/* A count alone still does not satisfy it, nor is it taken. */
		KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, IO_NO_INCREMENT, 1,
							 FALSE), 0);
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 1);
		KUNIT_EXPECT_FALSE(test, semaphore_ended(all));
		KUNIT_EXPECT_EQ(test, all->status, STATUS_PENDING);
	}
	KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
	if (ok)
		KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	else
		KeReleaseSemaphore(&s, IO_NO_INCREMENT, 2, FALSE);
	semaphore_join(test, all);
	semaphore_join(test, any);
	KUNIT_EXPECT_EQ(test, all->status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, any->status, STATUS_WAIT_0);
}

/* Increments a driver may pass: SEMAPHORE_INCREMENT (1) and larger boosts. */
static const KPRIORITY semaphore_increments[] = { 1, 8, 15 };

static void semaphore_increment_desc(const KPRIORITY *increment, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "increment %d", *increment);
}

KUNIT_ARRAY_PARAM(semaphore_increment, semaphore_increments,
		  semaphore_increment_desc);

/*
 * The Increment is ignored: the layer gives no priority boost, so the
 * woken layer thread's priority is still NT's default, 8, just after its
 * wait returns and once it has ended.
 */
static void semaphore_release_ignores_priority_increment(struct kunit *test)
{
	const KPRIORITY increment = *(const KPRIORITY *)test->param_value;
	struct semaphore_waiter *w;
	KSEMAPHORE s;
	bool blocked;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeSemaphore(&s, 0, 1);
	semaphore_waiter_init(w, &s);
	KUNIT_ASSERT_TRUE(test, semaphore_start(test, w));
	blocked = semaphore_until_blocked(w);
	KUNIT_EXPECT_TRUE(test, blocked);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(&s, increment, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, ntt_wait(w->thread), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->status, STATUS_WAIT_0);
	KUNIT_EXPECT_EQ(test, w->before, 8);
	KUNIT_EXPECT_EQ(test, w->after, 8);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(w->thread), 8);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	semaphore_join(test, w);
}

struct semaphore_in_irq {
	KSEMAPHORE *s;
	KIRQL irql;
	LONG released;
	NTSTATUS polled, polled_again;
};

static void semaphore_release_and_poll(void *arg)
{
	struct semaphore_in_irq *h = arg;

	h->irql = KeGetCurrentIrql();
	h->released = KeReleaseSemaphore(h->s, IO_NO_INCREMENT, 2, FALSE);
	h->polled = semaphore_poll(h->s);
	h->polled_again = semaphore_poll(h->s);
}

/*
 * KeReleaseSemaphore (DISPATCH_LEVEL and above) and a zero-timeout wait
 * from hard interrupt context: the release of 2 wakes the blocked
 * waiter, which takes one count, and the poll takes the other.
 */
static void semaphore_release_and_poll_in_hard_interrupt(struct kunit *test)
{
	struct semaphore_in_irq h = {
		.released = -1,
		.polled = STATUS_PENDING,
		.polled_again = STATUS_PENDING,
	};
	struct semaphore_waiter *w;
	KSEMAPHORE s;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeSemaphore(&s, 0, 2);
	h.s = &s;
	semaphore_waiter_init(w, &s);
	KUNIT_ASSERT_TRUE(test, semaphore_start(test, w));
	KUNIT_EXPECT_TRUE(test, semaphore_until_blocked(w));
	ntt_in_hardirq(test, semaphore_release_and_poll, &h);
	KUNIT_EXPECT_EQ(test, h.irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, h.released, 0);
	KUNIT_EXPECT_EQ(test, h.polled, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.polled_again, STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&s), 0);
	semaphore_join(test, w);
	KUNIT_EXPECT_EQ(test, w->status, STATUS_WAIT_0);
}

static struct kunit_case semaphore_cases[] = {
	KUNIT_CASE(semaphore_init_sets_count_and_layout),
	KUNIT_CASE(semaphore_release_returns_previous_count),
	KUNIT_CASE_PARAM(semaphore_release_past_limit_changes_nothing,
			 semaphore_refused_gen_params),
	KUNIT_CASE_PARAM(semaphore_invalid_init_leaves_it_unusable,
			 semaphore_bad_init_gen_params),
	KUNIT_CASE(semaphore_zero_timeout_takes_one_count),
	KUNIT_CASE(semaphore_listed_twice_in_wait_all_is_invalid_mix),
	KUNIT_CASE_PARAM(semaphore_release_wakes_one_waiter_per_count,
			 semaphore_release_gen_params),
	KUNIT_CASE(semaphore_unsatisfied_wait_all_takes_no_count),
	KUNIT_CASE_PARAM(semaphore_release_ignores_priority_increment,
			 semaphore_increment_gen_params),
	KUNIT_CASE(semaphore_release_and_poll_in_hard_interrupt),
	{}
};

static struct kunit_suite semaphore_suite = {
	.name = "ntthread_semaphore",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = semaphore_cases,
};

kunit_test_suite(semaphore_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's semaphores");
MODULE_LICENSE("GPL");
