// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: timers and DPCs - notification and synchronization timers, the
 * forms of a due time, re-setting and cancelling, periodic timers, timers
 * among other objects in a wait, invalid timers; DPCs: their arguments and
 * context, insertion and removal, importance, flushing, DPCs queued from a
 * hard interrupt, from their own routine and by a timer at each expiry.
 *
 * Timers and DPCs live in kunit_kzalloc() memory, cancelled and flushed
 * before a case returns; one case puts a KTIMER on its stack, as drivers
 * do.  No case asserts a duration: the waits are bounded by
 * NTT_TIMEOUT_100NS only to turn a hang into a failure.
 */
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "ntthread_kunit.h"

/* An hour in 100 ns units: the slack allowed a DPC's system time. */
#define TIMER_HOUR_100NS	(3600LL * 10000000)
/* 60 s: a due time no case waits for; such timers are cancelled. */
#define TIMER_LONG_100NS	(-60LL * 10000000)
#define TIMER_WAITERS		4
#define TIMER_PERIODS		5
#define DPC_MANY		16
#define TIMER_SOON_ROUNDS	1000

static LARGE_INTEGER timer_rel_ms(s64 ms)
{
	LARGE_INTEGER t = { .QuadPart = -ms * 10000 };

	return t;
}

static LARGE_INTEGER timer_due(s64 due)
{
	LARGE_INTEGER t = { .QuadPart = due };

	return t;
}

static NTSTATUS timer_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

static NTSTATUS timer_wait_ms(PVOID object, s64 ms)
{
	LARGE_INTEGER timeout = timer_rel_ms(ms);

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE,
				     &timeout);
}

/* |@a - @b| in 100 ns units is under an hour. */
static bool timer_within_hour(s64 a, s64 b)
{
	return a - b < TIMER_HOUR_100NS && b - a < TIMER_HOUR_100NS;
}

/*
 * No DPC queued or running, and the DPC tasklet idle on every CPU: once
 * the queue is quiet, a tasklet still finishing on another CPU is in a
 * softirq, which synchronize_rcu() waits for.  A case that then queues
 * DPCs with bottom halves disabled knows that none can run until it
 * enables them: the tasklet is scheduled on this CPU only.
 */
static void dpc_quiesce(void)
{
	KeFlushQueuedDpcs();
	synchronize_rcu();
}

/* A layer thread running @fn(@context), or NULL (the case failed). */
static void timer_initialised_not_signalled(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimer(timer);
	KUNIT_EXPECT_EQ(test, timer->Header.Type, (UCHAR)8);	/* TimerNotificationObject */
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	KeInitializeTimerEx(timer, SynchronizationTimer);
	KUNIT_EXPECT_EQ(test, timer->Header.Type, (UCHAR)9);	/* TimerSynchronizationObject */
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
}

enum timer_due_kind {
	TIMER_DUE_RELATIVE,
	TIMER_DUE_ZERO,
	TIMER_DUE_ABSOLUTE,
	TIMER_DUE_ABSOLUTE_PAST,
	TIMER_DUE_1601,
};

struct timer_due_case {
	const char *name;
	enum timer_due_kind kind;
};

static const struct timer_due_case timer_due_cases[] = {
	{ "relative 2 ms", TIMER_DUE_RELATIVE },
	{ "zero", TIMER_DUE_ZERO },
	{ "absolute, 2 ms ahead", TIMER_DUE_ABSOLUTE },
	{ "absolute, 1 s ago", TIMER_DUE_ABSOLUTE_PAST },
	{ "absolute, 1601", TIMER_DUE_1601 },
};

static void timer_due_desc(const struct timer_due_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(timer_due, timer_due_cases, timer_due_desc);

/*
 * Every form of due time expires the timer: relative (negative), zero (at
 * once) and absolute system time (positive), in the future or the past.
 * A positive value taken as relative would be centuries away, and the
 * bounded wait would fail.  A one-shot timer that expired is no longer
 * set, and a notification timer stays signalled.
 */
static void timer_due_time_forms_expire(struct kunit *test)
{
	const struct timer_due_case *c = test->param_value;
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	LARGE_INTEGER now;
	s64 due = 0;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimer(timer);
	KeQuerySystemTime(&now);
	switch (c->kind) {
	case TIMER_DUE_RELATIVE:
		due = -2 * 10000;
		break;
	case TIMER_DUE_ZERO:
		due = 0;
		break;
	case TIMER_DUE_ABSOLUTE:
		due = now.QuadPart + 2 * 10000;
		break;
	case TIMER_DUE_ABSOLUTE_PAST:
		due = now.QuadPart - 10000000;
		break;
	case TIMER_DUE_1601:
		due = 1;
		break;
	}
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(due), NULL));
	KUNIT_EXPECT_EQ(test, ntt_wait(timer), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	/* Cancelling keeps the state. */
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(timer));
}

/*
 * A timer due within microseconds expires in a softirq that often
 * interrupts its own waiter, perhaps between the waiter's last look at
 * the wait and schedule(): the expiry must wake it all the same.  A wait
 * that finds its result only when its own time-out fires counts in
 * waits_woken_late; the 10 s time-out only bounds a lost wake-up.
 */
static void timer_due_soon_wakes_the_waiter_it_interrupts(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	long late = ntthread_counter(NT_CTR_WAITS_WOKEN_LATE);
	int i, woken = 0;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimerEx(timer, SynchronizationTimer);
	for (i = 0; i < TIMER_SOON_ROUNDS; i++) {
		/* 0 to 19.5 us ahead, in 0.5 us steps */
		KeSetTimer(timer, timer_due(-5 * (i % 40)), NULL);
		woken += timer_wait_ms(timer, 10000) == STATUS_WAIT_0;
	}
	KUNIT_EXPECT_EQ(test, woken, TIMER_SOON_ROUNDS);
	KUNIT_EXPECT_EQ(test, ntthread_counter(NT_CTR_WAITS_WOKEN_LATE) - late, 0);
}

/*
 * KeSetTimer returns whether the timer was set; KeCancelTimer likewise,
 * and a timer it cancelled does not expire.
 */
static void timer_set_and_cancel_return_whether_it_was_set(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	BOOLEAN was_set;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimer(timer);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));

	/*
	 * A short timer cancelled before it expires stays unsignalled well
	 * past its due time.  On a stalled guest it may have expired before
	 * the cancel: then KeCancelTimer must say so and the state show it.
	 */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_rel_ms(20), NULL));
	was_set = KeCancelTimer(timer);
	if (was_set) {
		KUNIT_EXPECT_EQ(test, timer_wait_ms(timer, 100), STATUS_TIMEOUT);
		KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	} else {
		kunit_info(test, "the 20 ms timer expired before its cancel\n");
		KUNIT_EXPECT_TRUE(test, KeReadStateTimer(timer));
	}
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
}

/* Setting a signalled timer makes it unsignalled again. */
static void timer_set_resets_the_signal_state(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimer(timer);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(0), NULL));
	KUNIT_EXPECT_EQ(test, ntt_wait(timer), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(timer));
	/* Expired, so no longer set: FALSE; and no longer signalled. */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_TIMEOUT);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(timer));
}

/*
 * Setting a set timer replaces its due time: a 60 s timer set again to
 * 1 ms expires within the 30 s bound.
 */
static void timer_set_again_replaces_the_due_time(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimerEx(timer, SynchronizationTimer);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(timer, timer_rel_ms(1), NULL));
	KUNIT_EXPECT_EQ(test, ntt_wait(timer), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	/* And a short timer set again to 60 s does not expire soon. */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_rel_ms(5), NULL));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_EQ(test, timer_wait_ms(timer, 50), STATUS_TIMEOUT);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(timer));
}

struct timer_waiter {
	PVOID object;
	atomic_t *released;
	NTSTATUS status;
};

static VOID timer_wait_once(PVOID context)
{
	struct timer_waiter *w = context;
	NTSTATUS status = ntt_wait(w->object);

	if (status == STATUS_SUCCESS)
		atomic_inc(w->released);
	WRITE_ONCE(w->status, status);
}

/* Start @n waiters on @object and wait until each one is blocked. */
static int timer_start_waiters(struct kunit *test, PVOID object,
			       atomic_t *released, struct timer_waiter *w,
			       PETHREAD *threads, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		w[i].object = object;
		w[i].released = released;
		w[i].status = STATUS_PENDING;
		threads[i] = ntt_start_routine(test, timer_wait_once, &w[i]);
		if (!threads[i])
			break;
		KUNIT_EXPECT_TRUE(test, ntt_until_blocked(threads[i]));
	}
	return i;
}

/* A notification timer's expiry releases every waiter and stays signalled. */
static void timer_notification_releases_every_waiter(struct kunit *test)
{
	struct timer_waiter w[TIMER_WAITERS];
	PETHREAD threads[TIMER_WAITERS];
	atomic_t released = ATOMIC_INIT(0);
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	int i, n;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimer(timer);
	n = timer_start_waiters(test, timer, &released, w, threads, TIMER_WAITERS);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	KeSetTimer(timer, timer_rel_ms(1), NULL);
	for (i = 0; i < n; i++) {
		ntt_join(test, threads[i]);
		KUNIT_EXPECT_EQ(test, w[i].status, STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&released), TIMER_WAITERS);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_SUCCESS);
	KeCancelTimer(timer);
}

/*
 * A synchronization timer's expiry releases one of two waiters and
 * resets: the other stays blocked until the timer expires again.
 */
static void timer_synchronization_releases_one_waiter_and_resets(struct kunit *test)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct timer_waiter w[2];
	PETHREAD threads[2];
	atomic_t released = ATOMIC_INIT(0);
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	NTSTATUS first;
	int n, other;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimerEx(timer, SynchronizationTimer);
	n = timer_start_waiters(test, timer, &released, w, threads, 2);
	if (n == 2) {
		KeSetTimer(timer, timer_rel_ms(1), NULL);
		first = KeWaitForMultipleObjects(2, (PVOID *)threads, WaitAny,
						 Executive, KernelMode, FALSE,
						 &timeout, NULL);
		KUNIT_EXPECT_LT(test, (ULONG)first, 2U);
		other = first == STATUS_WAIT_0 ? 1 : 0;
		KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
		KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
		KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_TIMEOUT);
		KUNIT_EXPECT_EQ(test, READ_ONCE(w[other].status), STATUS_PENDING);
	}
	/* The second expiry releases the other one (and ends the threads). */
	KeSetTimer(timer, timer_rel_ms(1), NULL);
	if (n > 0)
		ntt_join(test, threads[0]);
	if (n > 1)
		ntt_join(test, threads[1]);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 2);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KeCancelTimer(timer);
}

struct timer_dpc_probe {
	KTIMER timer;
	KDPC dpc;
	KEVENT done;
	atomic_t runs;
	atomic_t wrong;		/* invocations with a wrong context or argument */
	int target;		/* the invocation that sets @done */
	bool rearm;		/* set the timer again from the DPC */
	bool cancel;		/* cancel the timer from the DPC at @target */
	BOOLEAN cancelled;
	atomic_t set_returned_true;
};

static bool timer_dpc_args_ok(struct timer_dpc_probe *p, PKDPC dpc,
			      PVOID context, PVOID arg1, PVOID arg2)
{
	LARGE_INTEGER at, now;

	at.LowPart = (ULONG)(ULONG_PTR)arg1;
	at.HighPart = (LONG)(ULONG_PTR)arg2;
	KeQuerySystemTime(&now);
	return dpc == &p->dpc && context == p &&
	       KeGetCurrentIrql() == DISPATCH_LEVEL && in_serving_softirq() &&
	       timer_within_hour(at.QuadPart, now.QuadPart);
}

/* Counts its calls; at the target one sets the event, and may cancel. */
static VOID timer_dpc_count(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
	struct timer_dpc_probe *p = context;
	int n = atomic_inc_return(&p->runs);

	if (!timer_dpc_args_ok(p, dpc, context, arg1, arg2))
		atomic_inc(&p->wrong);
	if (p->rearm && n < p->target &&
	    KeSetTimer(&p->timer, timer_rel_ms(1), &p->dpc))
		atomic_inc(&p->set_returned_true);
	if (n == p->target) {
		if (p->cancel)
			p->cancelled = KeCancelTimer(&p->timer);
		KeSetEvent(&p->done, IO_NO_INCREMENT, FALSE);
	}
}

static struct timer_dpc_probe *timer_probe(struct kunit *test, TIMER_TYPE type,
					   int target)
{
	struct timer_dpc_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	KeInitializeTimerEx(&p->timer, type);
	KeInitializeDpc(&p->dpc, timer_dpc_count, p);
	KeInitializeEvent(&p->done, NotificationEvent, FALSE);
	p->target = target;
	return p;
}

/*
 * A periodic synchronization timer signals once per period: five waits in
 * a row each take one expiry.  Once cancelled it expires no more.
 */
static void timer_periodic_expires_until_cancelled(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KeInitializeTimerEx(timer, SynchronizationTimer);
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(timer, timer_rel_ms(1), 2, NULL));
	for (i = 0; i < TIMER_PERIODS; i++)
		KUNIT_EXPECT_EQ(test, ntt_wait(timer), STATUS_SUCCESS);
	/* Still set after its expiries. */
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(timer));
	/* An expiry since the last wait may have left it signalled: take it. */
	timer_poll(timer);
	KUNIT_EXPECT_EQ(test, timer_wait_ms(timer, 40), STATUS_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
}

/*
 * A periodic timer queues its DPC at each expiry, at DISPATCH_LEVEL in a
 * softirq, with the system time of the expiry as its arguments.  Once
 * KeCancelTimer has returned and the DPCs are flushed, no more run.
 */
static void timer_periodic_dpc_runs_until_cancelled(struct kunit *test)
{
	struct timer_dpc_probe *p = timer_probe(test, NotificationTimer,
						TIMER_PERIODS);
	LARGE_INTEGER delay = timer_rel_ms(20);
	int runs;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&p->timer, timer_rel_ms(1), 1, &p->dpc));
	KUNIT_EXPECT_EQ(test, ntt_wait(&p->done), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&p->timer));
	KeFlushQueuedDpcs();
	runs = atomic_read(&p->runs);
	KUNIT_EXPECT_GE(test, runs, TIMER_PERIODS);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->wrong), 0);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&p->timer));
	/* Twenty periods later, nothing more. */
	KeDelayExecutionThread(KernelMode, FALSE, &delay);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), runs);
}

/*
 * A one-shot timer's DPC sets its timer again (at DISPATCH_LEVEL), four
 * times: each set finds the timer expired, so returns FALSE.
 */
static void timer_dpc_sets_its_timer_again(struct kunit *test)
{
	struct timer_dpc_probe *p = timer_probe(test, SynchronizationTimer,
						TIMER_PERIODS);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->rearm = true;
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&p->timer, timer_rel_ms(1), &p->dpc));
	KUNIT_EXPECT_EQ(test, ntt_wait(&p->done), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&p->timer));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), TIMER_PERIODS);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->set_returned_true), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->wrong), 0);
	/* Its last expiry left it signalled: one wait takes that. */
	KUNIT_EXPECT_EQ(test, timer_poll(&p->timer), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, timer_poll(&p->timer), STATUS_TIMEOUT);
}

/*
 * A periodic timer's DPC cancels it at DISPATCH_LEVEL: KeCancelTimer
 * returns TRUE there, and the timer expires no more.
 */
static void timer_cancelled_from_its_dpc_stops(struct kunit *test)
{
	struct timer_dpc_probe *p = timer_probe(test, NotificationTimer, 3);
	LARGE_INTEGER delay = timer_rel_ms(20);
	int runs;

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->cancel = true;
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&p->timer, timer_rel_ms(1), 1, &p->dpc));
	KUNIT_EXPECT_EQ(test, ntt_wait(&p->done), STATUS_SUCCESS);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_TRUE(test, p->cancelled);
	runs = atomic_read(&p->runs);
	/* An expiry may have queued the DPC again before it cancelled. */
	KUNIT_EXPECT_GE(test, runs, 3);
	KUNIT_EXPECT_LE(test, runs, 4);
	KeDelayExecutionThread(KernelMode, FALSE, &delay);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), runs);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&p->timer));
	KUNIT_EXPECT_EQ(test, atomic_read(&p->wrong), 0);
}

/*
 * A synchronization timer that expires with no waiter stays signalled
 * until one wait takes it.  Its DPC, queued after the timer is signalled,
 * says when it expired.
 */
static void timer_synchronization_stays_signalled_until_a_wait(struct kunit *test)
{
	struct timer_dpc_probe *p = timer_probe(test, SynchronizationTimer, 1);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KeSetTimer(&p->timer, timer_rel_ms(1), &p->dpc);
	KUNIT_EXPECT_EQ(test, ntt_wait(&p->done), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&p->timer));
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&p->timer));
	KUNIT_EXPECT_EQ(test, timer_poll(&p->timer), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&p->timer));
	KUNIT_EXPECT_EQ(test, timer_poll(&p->timer), STATUS_TIMEOUT);
	KeCancelTimer(&p->timer);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->wrong), 0);
}

/*
 * A timer waits alongside other objects: WaitAny over {event, timer}
 * returns index 1 when the timer expires first; WaitAll over a
 * synchronization event and timer takes both once both are signalled.
 */
static void timer_waited_for_with_an_event(struct kunit *test)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	LARGE_INTEGER zero = { .QuadPart = 0 };
	struct {
		KEVENT event;
		KTIMER timer;
	} *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	PVOID objects[2];

	KUNIT_ASSERT_NOT_NULL(test, o);
	objects[0] = &o->event;
	objects[1] = &o->timer;
	KeInitializeEvent(&o->event, SynchronizationEvent, FALSE);
	KeInitializeTimerEx(&o->timer, SynchronizationTimer);
	KeSetTimer(&o->timer, timer_rel_ms(2), NULL);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
						       KernelMode, FALSE, &timeout, NULL),
			STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&o->event), 0);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&o->timer));

	KeSetEvent(&o->event, IO_NO_INCREMENT, FALSE);
	KeSetTimer(&o->timer, timer_rel_ms(2), NULL);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAll, Executive,
						       KernelMode, FALSE, &timeout, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&o->event), 0);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&o->timer));
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
						       KernelMode, FALSE, &zero, NULL),
			STATUS_TIMEOUT);
	KeCancelTimer(&o->timer);
}

/*
 * A timer initialised with an invalid type is unusable; a negative period
 * sets nothing, and leaves a timer that was set as it was.
 */
static void timer_invalid_type_or_period_sets_nothing(struct kunit *test)
{
	KTIMER *timer = kunit_kzalloc(test, sizeof(*timer), GFP_KERNEL);
	KEVENT *event = kunit_kzalloc(test, sizeof(*event), GFP_KERNEL);
	PVOID objects[2];

	KUNIT_ASSERT_NOT_NULL(test, timer);
	KUNIT_ASSERT_NOT_NULL(test, event);
	KeInitializeEvent(event, NotificationEvent, TRUE);
	objects[0] = event;
	objects[1] = timer;
	KeInitializeTimerEx(timer, (TIMER_TYPE)2);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(0), NULL));
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(0), NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_poll(timer), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ntt_wait(timer), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
						       KernelMode, FALSE, NULL, NULL),
			STATUS_INVALID_PARAMETER);

	KeInitializeTimer(timer);
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(timer, timer_due(0), -1, NULL));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(timer));
	KUNIT_EXPECT_EQ(test, timer_wait_ms(timer, 20), STATUS_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(timer, timer_due(TIMER_LONG_100NS), NULL));
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(timer, timer_due(0), -5, NULL));
	KUNIT_EXPECT_EQ(test, timer_wait_ms(timer, 20), STATUS_TIMEOUT);
	/* Still set for 60 s, as before the rejected call. */
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(timer));
}

/*
 * Drivers put a KTIMER on the stack and wait for it.  The timer must work
 * there; the harness also reads the console, where a debug-objects kernel
 * reports an hrtimer initialised on the stack without being annotated so
 * ("ODEBUG: object ... is on stack ..., but NOT annotated", a WARNING)
 * unless the timer is initialised as an on-stack one.
 */
static void timer_on_the_stack_like_a_driver(struct kunit *test)
{
	KTIMER timer;

	KeInitializeTimer(&timer);
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&timer, timer_rel_ms(1), NULL));
	KUNIT_EXPECT_EQ(test, ntt_wait(&timer), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&timer));
}

/* What a DPC's routine saw. */
struct dpc_probe {
	KDPC dpc;
	atomic_t runs;
	PKDPC seen_dpc;
	PVOID context, arg1, arg2;
	KIRQL irql;
	bool was_softirq, was_hardirq, was_task;
	int cpu;
	BOOLEAN inserted;	/* KeInsertQueueDpc() from hard interrupt */
	int again;		/* times the routine queues itself again */
	atomic_t again_true;
	KEVENT done;
};

static VOID dpc_record(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
	struct dpc_probe *p = context;
	int n = atomic_inc_return(&p->runs);

	p->seen_dpc = dpc;
	p->context = context;
	p->arg1 = arg1;
	p->arg2 = arg2;
	p->irql = KeGetCurrentIrql();
	p->was_softirq = in_serving_softirq();
	p->was_hardirq = in_hardirq();
	p->was_task = in_task();
	p->cpu = raw_smp_processor_id();
	if (n <= p->again) {
		if (KeInsertQueueDpc(dpc, (PVOID)(long)n, NULL))
			atomic_inc(&p->again_true);
	} else if (p->again) {
		KeSetEvent(&p->done, IO_NO_INCREMENT, FALSE);
	}
}

struct dpc_kind {
	const char *name;
	VOID (*init)(PRKDPC dpc, PKDEFERRED_ROUTINE routine, PVOID context);
	UCHAR type;
};

static const struct dpc_kind dpc_kinds[] = {
	{ "KeInitializeDpc", KeInitializeDpc, 0x13 },
	{ "KeInitializeThreadedDpc", KeInitializeThreadedDpc, 0x18 },
};

static void dpc_kind_desc(const struct dpc_kind *k, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", k->name);
}

KUNIT_ARRAY_PARAM(dpc_kind, dpc_kinds, dpc_kind_desc);

/*
 * A DPC runs once per insertion, with its DPC, context and the system
 * arguments of the insertion that queued it, at DISPATCH_LEVEL in a
 * softirq, on the CPU that queued it.  Queued with bottom halves disabled,
 * it cannot run before they are enabled again; a second insertion
 * meanwhile returns FALSE and changes no argument.  (A threaded DPC runs
 * as a DPC here, as on Windows with threaded DPCs disabled.)
 */
static void dpc_runs_once_with_its_arguments(struct kunit *test)
{
	const struct dpc_kind *kind = test->param_value;
	struct dpc_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	BOOLEAN first, second;
	int cpu, before;

	KUNIT_ASSERT_NOT_NULL(test, p);
	kind->init(&p->dpc, dpc_record, p);
	KUNIT_EXPECT_EQ(test, p->dpc.Type, kind->type);
	KUNIT_EXPECT_EQ(test, p->dpc.Importance, (UCHAR)MediumImportance);
	dpc_quiesce();
	local_bh_disable();
	cpu = smp_processor_id();
	first = KeInsertQueueDpc(&p->dpc, (PVOID)0x1111, (PVOID)0x2222);
	second = KeInsertQueueDpc(&p->dpc, (PVOID)0x3333, (PVOID)0x4444);
	before = atomic_read(&p->runs);
	local_bh_enable();
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_TRUE(test, first);
	KUNIT_EXPECT_FALSE(test, second);
	KUNIT_EXPECT_EQ(test, before, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, p->seen_dpc, &p->dpc);
	KUNIT_EXPECT_PTR_EQ(test, p->context, (PVOID)p);
	KUNIT_EXPECT_PTR_EQ(test, p->arg1, (PVOID)0x1111);
	KUNIT_EXPECT_PTR_EQ(test, p->arg2, (PVOID)0x2222);
	KUNIT_EXPECT_EQ(test, p->irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, p->was_softirq);
	KUNIT_EXPECT_FALSE(test, p->was_hardirq);
	KUNIT_EXPECT_FALSE(test, p->was_task);
	KUNIT_EXPECT_EQ(test, p->cpu, cpu);
	/* It ran: no longer queued, and it may be queued again. */
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&p->dpc));
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&p->dpc, (PVOID)0x5555, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 2);
	KUNIT_EXPECT_PTR_EQ(test, p->arg1, (PVOID)0x5555);
	KUNIT_EXPECT_PTR_EQ(test, p->arg2, (PVOID)NULL);
}

/* A DPC taken off the queue before it runs does not run for that insertion. */
static void dpc_removed_before_it_runs_does_not_run(struct kunit *test)
{
	struct dpc_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	BOOLEAN inserted, removed, removed_again;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KeInitializeDpc(&p->dpc, dpc_record, p);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&p->dpc));
	dpc_quiesce();
	local_bh_disable();
	inserted = KeInsertQueueDpc(&p->dpc, NULL, NULL);
	removed = KeRemoveQueueDpc(&p->dpc);
	removed_again = KeRemoveQueueDpc(&p->dpc);
	local_bh_enable();
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_TRUE(test, inserted);
	KUNIT_EXPECT_TRUE(test, removed);
	KUNIT_EXPECT_FALSE(test, removed_again);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 0);
	/* Removed, it may be queued again, and then runs. */
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&p->dpc, (PVOID)7, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, p->arg1, (PVOID)7);
}

#define DPC_ORDERED	5

struct dpc_order {
	struct dpc_order_item {
		KDPC dpc;
		struct dpc_order *order;
		int id;
	} items[DPC_ORDERED];
	atomic_t next;
	int ran[DPC_ORDERED];
};

static VOID dpc_note_order(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
	struct dpc_order_item *item = context;
	int n = atomic_inc_return(&item->order->next) - 1;

	if (n < DPC_ORDERED && dpc == &item->dpc)
		item->order->ran[n] = item->id;
}

/*
 * HighImportance DPCs queue at the head, the others at the tail: queued
 * as A (medium), B (medium), C (high), D (low), E (high), they run as
 * E, C, A, B, D.
 */
static void dpc_high_importance_runs_before_earlier_ones(struct kunit *test)
{
	static const KDPC_IMPORTANCE importance[DPC_ORDERED] = {
		MediumImportance, MediumImportance, HighImportance,
		LowImportance, HighImportance,
	};
	static const int expected[DPC_ORDERED] = { 4, 2, 0, 1, 3 };
	struct dpc_order *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	BOOLEAN inserted[DPC_ORDERED];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < DPC_ORDERED; i++) {
		o->items[i].order = o;
		o->items[i].id = i;
		o->ran[i] = -1;
		KeInitializeDpc(&o->items[i].dpc, dpc_note_order, &o->items[i]);
		KeSetImportanceDpc(&o->items[i].dpc, importance[i]);
		KUNIT_EXPECT_EQ(test, o->items[i].dpc.Importance, (UCHAR)importance[i]);
	}
	dpc_quiesce();
	local_bh_disable();
	for (i = 0; i < DPC_ORDERED; i++)
		inserted[i] = KeInsertQueueDpc(&o->items[i].dpc, NULL, NULL);
	local_bh_enable();
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&o->next), DPC_ORDERED);
	for (i = 0; i < DPC_ORDERED; i++) {
		KUNIT_EXPECT_TRUE(test, inserted[i]);
		KUNIT_EXPECT_EQ_MSG(test, o->ran[i], expected[i], "position %d", i);
	}
}

/*
 * KeFlushQueuedDpcs returns once every DPC queued before it has run.  At
 * DISPATCH_LEVEL it cannot wait, and returns at once (logged once).
 */
static void dpc_flush_returns_after_queued_dpcs_ran(struct kunit *test)
{
	struct dpc_probe *p = kunit_kcalloc(test, DPC_MANY, sizeof(*p), GFP_KERNEL);
	int i, ran = 0, ran_in_atomic_flush;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < DPC_MANY; i++) {
		KeInitializeDpc(&p[i].dpc, dpc_record, &p[i]);
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&p[i].dpc, NULL, NULL));
	}
	KeFlushQueuedDpcs();
	for (i = 0; i < DPC_MANY; i++)
		ran += atomic_read(&p[i].runs);
	KUNIT_EXPECT_EQ(test, ran, DPC_MANY);

	dpc_quiesce();
	local_bh_disable();
	KeInsertQueueDpc(&p[0].dpc, NULL, NULL);
	KeFlushQueuedDpcs();
	ran_in_atomic_flush = atomic_read(&p[0].runs);
	local_bh_enable();
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, ran_in_atomic_flush, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&p[0].runs), 2);
}

/*
 * A DPC leaves the queue before its routine runs: the routine may queue
 * it again (KeInsertQueueDpc returns TRUE there), with new arguments.
 */
static void dpc_queues_itself_again_from_its_routine(struct kunit *test)
{
	struct dpc_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KeInitializeDpc(&p->dpc, dpc_record, p);
	KeInitializeEvent(&p->done, NotificationEvent, FALSE);
	p->again = 4;
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&p->dpc, NULL, NULL));
	KUNIT_EXPECT_EQ(test, ntt_wait(&p->done), STATUS_SUCCESS);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->again_true), 4);
	KUNIT_EXPECT_PTR_EQ(test, p->arg1, (PVOID)4L);
	KUNIT_EXPECT_EQ(test, p->irql, (KIRQL)DISPATCH_LEVEL);
}

static void dpc_insert_in_irq(void *arg)
{
	struct dpc_probe *p = arg;

	p->inserted = KeInsertQueueDpc(&p->dpc, (PVOID)0xabc, (PVOID)0xdef);
}

/* Queued from a hard interrupt, a DPC runs later, in a softirq. */
static void dpc_queued_from_hard_interrupt_runs_in_softirq(struct kunit *test)
{
	struct dpc_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KeInitializeDpc(&p->dpc, dpc_record, p);
	ntt_in_hardirq(test, dpc_insert_in_irq, p);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_TRUE(test, p->inserted);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, p->arg1, (PVOID)0xabc);
	KUNIT_EXPECT_PTR_EQ(test, p->arg2, (PVOID)0xdef);
	KUNIT_EXPECT_TRUE(test, p->was_softirq);
	KUNIT_EXPECT_FALSE(test, p->was_hardirq);
	KUNIT_EXPECT_EQ(test, p->irql, (KIRQL)DISPATCH_LEVEL);
}

/* An uninitialised KDPC is refused, not queued. */
static void dpc_uninitialised_is_refused(struct kunit *test)
{
	KDPC *dpc = kunit_kzalloc(test, sizeof(*dpc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dpc);
	KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(dpc, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(dpc));
	KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(NULL, NULL, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_PTR_EQ(test, dpc->DpcData, (PVOID)NULL);
}

static struct kunit_case timer_cases[] = {
	KUNIT_CASE(timer_initialised_not_signalled),
	KUNIT_CASE_PARAM(timer_due_time_forms_expire, timer_due_gen_params),
	KUNIT_CASE(timer_due_soon_wakes_the_waiter_it_interrupts),
	KUNIT_CASE(timer_set_and_cancel_return_whether_it_was_set),
	KUNIT_CASE(timer_set_resets_the_signal_state),
	KUNIT_CASE(timer_set_again_replaces_the_due_time),
	KUNIT_CASE(timer_notification_releases_every_waiter),
	KUNIT_CASE(timer_synchronization_releases_one_waiter_and_resets),
	KUNIT_CASE(timer_synchronization_stays_signalled_until_a_wait),
	KUNIT_CASE(timer_periodic_expires_until_cancelled),
	KUNIT_CASE(timer_periodic_dpc_runs_until_cancelled),
	KUNIT_CASE(timer_dpc_sets_its_timer_again),
	KUNIT_CASE(timer_cancelled_from_its_dpc_stops),
	KUNIT_CASE(timer_waited_for_with_an_event),
	KUNIT_CASE(timer_invalid_type_or_period_sets_nothing),
	KUNIT_CASE(timer_on_the_stack_like_a_driver),
	KUNIT_CASE_PARAM(dpc_runs_once_with_its_arguments, dpc_kind_gen_params),
	KUNIT_CASE(dpc_removed_before_it_runs_does_not_run),
	KUNIT_CASE(dpc_high_importance_runs_before_earlier_ones),
	KUNIT_CASE(dpc_flush_returns_after_queued_dpcs_ran),
	KUNIT_CASE(dpc_queues_itself_again_from_its_routine),
	KUNIT_CASE(dpc_queued_from_hard_interrupt_runs_in_softirq),
	KUNIT_CASE(dpc_uninitialised_is_refused),
	{}
};

static struct kunit_suite timer_suite = {
	.name = "ntthread_timer",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = timer_cases,
};

kunit_test_suite(timer_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's timers and DPCs");
MODULE_LICENSE("GPL");
