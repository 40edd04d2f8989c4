// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: concurrency stress, parameterised by the number of worker
 * kthreads (up to the CPUs there are; kcsan_test style: workers started in
 * the case, always stopped before it ends).  Creators start threads while
 * other workers reference, wait on and close their handles; threads end
 * at random moments, so closes race with exits; PsTerminateSystemThread
 * races with ZwClose of the thread's only handle.  Mixed WaitAny and
 * WaitAll over a mutex, a semaphore, an event and a timer keep each
 * object's admission rule, and overlapping WaitAlls share a ring of
 * events without deadlock.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>

#include "ntthread_kunit.h"

#define STRESS_RING	64
#define STRESS_CREATES	200

/* What can go wrong, counted apart so that a failure names its step. */
enum stress_failure {
	STRESS_CREATE,
	STRESS_REFERENCE,
	STRESS_POLL,
	STRESS_WAIT,
	STRESS_CLOSE,
	STRESS_WAIT_OBJECT,
	STRESS_EXIT_STATUS,
	STRESS_FAILURES
};

static const char *const stress_failure_names[] = {
	[STRESS_CREATE] = "PsCreateSystemThread",
	[STRESS_REFERENCE] = "ObReferenceObjectByHandle",
	[STRESS_POLL] = "ZwWaitForSingleObject(0)",
	[STRESS_WAIT] = "ZwWaitForSingleObject(NULL)",
	[STRESS_CLOSE] = "ZwClose",
	[STRESS_WAIT_OBJECT] = "KeWaitForSingleObject after close",
	[STRESS_EXIT_STATUS] = "PsGetThreadExitStatus after the wait",
};

static_assert(ARRAY_SIZE(stress_failure_names) == STRESS_FAILURES);

/* Handles passed from creators to consumers. */
struct stress_ring {
	spinlock_t lock;		/* protects slot, head and tail */
	HANDLE slot[STRESS_RING];
	unsigned int head, tail;
	atomic_t creators_left;
	atomic_t failures[STRESS_FAILURES];
	atomic_t created, consumed;
	NTSTATUS last_status[STRESS_FAILURES];
};

static void stress_failed(struct stress_ring *r, enum stress_failure what,
			  NTSTATUS status)
{
	atomic_inc(&r->failures[what]);
	WRITE_ONCE(r->last_status[what], status);
}

static bool ring_push(struct stress_ring *r, HANDLE h)
{
	bool ok;

	spin_lock(&r->lock);
	ok = r->head - r->tail < STRESS_RING;
	if (ok)
		r->slot[r->head++ % STRESS_RING] = h;
	spin_unlock(&r->lock);
	return ok;
}

static HANDLE ring_pop(struct stress_ring *r)
{
	HANDLE h = NULL;

	spin_lock(&r->lock);
	if (r->head != r->tail)
		h = r->slot[r->tail++ % STRESS_RING];
	spin_unlock(&r->lock);
	return h;
}

/*
 * Ends after a random short while, by returning or by terminating with a
 * random error status (never STATUS_PENDING, which means "still running").
 */
static VOID stress_routine(PVOID context)
{
	u32 r = get_random_u32();

	if (r & 1)
		usleep_range(10, 10 + (r >> 24));
	if (r & 2)
		PsTerminateSystemThread((NTSTATUS)(0xC0000000 | (r & 0xfff0)));
}

static int stress_creator(void *arg)
{
	struct stress_ring *r = arg;
	NTSTATUS status;
	HANDLE h;
	int i;

	for (i = 0; i < STRESS_CREATES; i++) {
		status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL,
					      NULL, stress_routine, NULL);
		if (!NT_SUCCESS(status)) {
			stress_failed(r, STRESS_CREATE, status);
			continue;
		}
		atomic_inc(&r->created);
		while (!ring_push(r, h))
			usleep_range(50, 100);
	}
	atomic_dec(&r->creators_left);
	while (!kthread_should_stop())
		schedule_timeout_idle(1);
	return 0;
}

static void stress_consume(struct stress_ring *r, HANDLE h)
{
	LARGE_INTEGER poll = { .QuadPart = 0 };
	PVOID object;
	NTSTATUS status;

	status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType,
					   KernelMode, &object, NULL);
	if (!NT_SUCCESS(status))
		stress_failed(r, STRESS_REFERENCE, status);
	switch (get_random_u32() % 3) {
	case 0:		/* close at once, racing the thread's exit */
		break;
	case 1:		/* poll, then close */
		status = ZwWaitForSingleObject(h, FALSE, &poll);
		if (status != STATUS_SUCCESS && status != STATUS_TIMEOUT)
			stress_failed(r, STRESS_POLL, status);
		break;
	default:	/* wait for the end */
		status = ZwWaitForSingleObject(h, FALSE, NULL);
		if (status != STATUS_SUCCESS)
			stress_failed(r, STRESS_WAIT, status);
		break;
	}
	status = ZwClose(h);
	if (status != STATUS_SUCCESS)
		stress_failed(r, STRESS_CLOSE, status);
	/* Our reference outlives the handle; the thread must end. */
	if (object) {
		status = ntt_wait(object);
		if (status != STATUS_SUCCESS)
			stress_failed(r, STRESS_WAIT_OBJECT, status);
		else if (PsGetThreadExitStatus(object) == STATUS_PENDING)
			stress_failed(r, STRESS_EXIT_STATUS, STATUS_PENDING);
		ObDereferenceObject(object);
	}
	atomic_inc(&r->consumed);
}

static int stress_consumer(void *arg)
{
	struct stress_ring *r = arg;
	HANDLE h;

	while (!kthread_should_stop()) {
		h = ring_pop(r);
		if (h)
			stress_consume(r, h);
		else
			schedule_timeout_idle(1);
	}
	/* Drain what is left. */
	while ((h = ring_pop(r)))
		stress_consume(r, h);
	return 0;
}

static const int stress_workers[] = { 1, 2, 4 };

static void stress_workers_desc(const int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d creators, %d consumers",
		 *n, *n);
}

KUNIT_ARRAY_PARAM(stress, stress_workers, stress_workers_desc);

static void stress_create_reference_wait_close(struct kunit *test)
{
	int n = min_t(int, *(const int *)test->param_value, num_online_cpus());
	struct task_struct **tasks;
	struct ntt_snapshot before;
	struct stress_ring *r;
	int i, tries;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	tasks = kunit_kcalloc(test, 2 * n, sizeof(*tasks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, tasks);
	spin_lock_init(&r->lock);
	atomic_set(&r->creators_left, n);
	ntt_snapshot(&before);
	for (i = 0; i < 2 * n; i++) {
		tasks[i] = kthread_run(i < n ? stress_creator : stress_consumer,
				       r, "ntt_stress/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tasks[i]));
	}
	for (tries = 0; tries < 3000 && atomic_read(&r->creators_left); tries++)
		msleep(20);
	for (i = 0; i < 2 * n; i++)
		kthread_stop(tasks[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->creators_left), 0);
	for (i = 0; i < STRESS_FAILURES; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->failures[i]), 0,
				    "%s failed, last with 0x%08x",
				    stress_failure_names[i],
				    (u32)r->last_status[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->created), n * STRESS_CREATES);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->consumed), n * STRESS_CREATES);
	ntt_expect_baseline(test, &before);
}

/* The thread terminates while its creator closes its only handle. */
static VOID stress_terminate_now(PVOID context)
{
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static void stress_terminate_races_close(struct kunit *test)
{
	struct ntt_snapshot before;
	HANDLE h;
	int i;

	ntt_snapshot(&before);
	for (i = 0; i < 500; i++) {
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
							   stress_terminate_now, NULL),
				STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	}
	ntt_expect_baseline(test, &before);
}

/*
 * Workers (layer threads and plain kthreads alike) wait with WaitAny or
 * WaitAll over a mutex, a semaphore of STRESS_PERMITS, a synchronization
 * event used as a token and a periodic synchronization timer, and hold
 * what they acquired for a moment: the mutex and the token admit one
 * holder, the semaphore STRESS_PERMITS, and WaitAll acquires all or
 * nothing.  Each breach is counted; at the end every object is as it was.
 */
#define STRESS_PERMITS	2
#define STRESS_ROUNDS	500

enum { S_MUTEX, S_SEMAPHORE, S_TOKEN, S_TIMER, S_OBJECTS };

struct stress_objects {
	KMUTEX mutex;
	KSEMAPHORE semaphore;
	KEVENT token;
	KTIMER timer;
	atomic_t holders[S_OBJECTS];
	atomic_t breaches, failed_waits, rounds, timer_takes;
	NTSTATUS last_status;
};

static void stress_hold(struct stress_objects *o, int k)
{
	int limit = k == S_SEMAPHORE ? STRESS_PERMITS : 1;

	if (k == S_TIMER) {
		atomic_inc(&o->timer_takes);
		return;
	}
	if (atomic_inc_return(&o->holders[k]) > limit)
		atomic_inc(&o->breaches);
}

static void stress_release(struct stress_objects *o, int k)
{
	if (k == S_TIMER)
		return;
	atomic_dec(&o->holders[k]);
	if (k == S_MUTEX)
		KeReleaseMutex(&o->mutex, FALSE);
	else if (k == S_SEMAPHORE)
		KeReleaseSemaphore(&o->semaphore, IO_NO_INCREMENT, 1, FALSE);
	else
		KeSetEvent(&o->token, IO_NO_INCREMENT, FALSE);
}

static void stress_objects_round(void *context, u32 rnd)
{
	struct stress_objects *o = context;
	PVOID all[S_OBJECTS] = { &o->mutex, &o->semaphore, &o->token, &o->timer };
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	KWAIT_BLOCK blocks[S_OBJECTS];
	bool wait_all = rnd & 1;
	/* WaitAll over mutex, semaphore and token: the timer may be slow. */
	ULONG n = wait_all ? S_TIMER : S_OBJECTS;
	NTSTATUS status;
	ULONG i;

	status = KeWaitForMultipleObjects(n, all, wait_all ? WaitAll : WaitAny,
					  Executive, KernelMode, FALSE,
					  &timeout, blocks);
	if (wait_all ? status != STATUS_SUCCESS : status >= n) {
		o->last_status = status;
		atomic_inc(&o->failed_waits);
		return;
	}
	for (i = 0; i < n; i++)
		if (wait_all || i == status)
			stress_hold(o, i);
	if (rnd & 2)
		cond_resched();
	for (i = 0; i < n; i++)
		if (wait_all || i == status)
			stress_release(o, i);
	atomic_inc(&o->rounds);
}

/*
 * A crew: n layer threads and n kthreads, each running @round
 * STRESS_ROUNDS times with a random number (a mutex is owned by the task
 * either way).
 */
struct stress_crew {
	void (*round)(void *context, u32 rnd);
	void *context;
	atomic_t workers_left;
};

static void stress_crew_worker(struct stress_crew *crew)
{
	u32 i, seed = get_random_u32();

	for (i = 0; i < STRESS_ROUNDS; i++) {
		seed = seed * 1103515245 + 12345;
		crew->round(crew->context, seed >> 8);
	}
	atomic_dec(&crew->workers_left);
}

static VOID stress_crew_layer_thread(PVOID context)
{
	stress_crew_worker(context);
}

static int stress_crew_kthread(void *context)
{
	stress_crew_worker(context);
	while (!kthread_should_stop())
		schedule_timeout_idle(1);
	return 0;
}

/* Run @crew's 2 * @n workers to their end (or 30 s, a hang). */
static void stress_crew_run(struct kunit *test, struct stress_crew *crew, int n)
{
	struct task_struct *tasks[4];
	HANDLE handles[4];
	int i;

	atomic_set(&crew->workers_left, 2 * n);
	for (i = 0; i < n; i++) {
		handles[i] = NULL;
		if (PsCreateSystemThread(&handles[i], THREAD_ALL_ACCESS, NULL, NULL,
					 NULL, stress_crew_layer_thread,
					 crew) != STATUS_SUCCESS)
			atomic_dec(&crew->workers_left);
		tasks[i] = kthread_run(stress_crew_kthread, crew, "ntt_crew/%d", i);
		if (IS_ERR(tasks[i])) {
			tasks[i] = NULL;
			atomic_dec(&crew->workers_left);
		}
	}
	/* A kthread stopped before it first runs never runs its function. */
	for (i = 0; i < 1500 && atomic_read(&crew->workers_left); i++)
		msleep(20);
	for (i = 0; i < n; i++) {
		if (handles[i]) {
			KUNIT_EXPECT_EQ(test, ntt_wait_thread(handles[i]),
					STATUS_SUCCESS);
			ZwClose(handles[i]);
		}
		if (tasks[i])
			kthread_stop(tasks[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&crew->workers_left), 0);
}

static void stress_mixed_waits_keep_every_object_exclusive(struct kunit *test)
{
	int n = min_t(int, *(const int *)test->param_value, num_online_cpus());
	LARGE_INTEGER due = { .QuadPart = -10000 };
	struct stress_crew crew = { .round = stress_objects_round };
	struct stress_objects *o;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KeInitializeMutex(&o->mutex, 0);
	KeInitializeSemaphore(&o->semaphore, STRESS_PERMITS, STRESS_PERMITS);
	KeInitializeEvent(&o->token, SynchronizationEvent, TRUE);
	KeInitializeTimerEx(&o->timer, SynchronizationTimer);
	KeSetTimerEx(&o->timer, due, 1, NULL);
	crew.context = o;
	stress_crew_run(test, &crew, n);
	KeCancelTimer(&o->timer);
	KUNIT_EXPECT_EQ(test, atomic_read(&o->breaches), 0);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&o->failed_waits), 0,
			    "last status 0x%08x", (u32)o->last_status);
	KUNIT_EXPECT_EQ(test, atomic_read(&o->rounds), 2 * n * STRESS_ROUNDS);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&o->mutex), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&o->semaphore), STRESS_PERMITS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&o->token), 1);
	kunit_info(test, "%d rounds, %d timer expiries taken\n",
		   atomic_read(&o->rounds), atomic_read(&o->timer_takes));
}

/*
 * Dining philosophers on a ring of STRESS_FORKS synchronization events.
 * Each round a worker takes two neighbouring forks with one WaitAll or,
 * one round in eight, all of them (more objects than a signaller acquires
 * for a waiter: the woken waiter takes the locks itself), holds them for a
 * moment and puts them back.  Neighbours' waits overlap, so signallers'
 * try-locks meet waiters holding locks.  WaitAll's atomicity keeps each
 * fork with one holder, and the ring never deadlocks.
 */
#define STRESS_FORKS	12

struct stress_table {
	KEVENT forks[STRESS_FORKS];
	atomic_t holders[STRESS_FORKS];
	atomic_t breaches, failed_waits, rounds, all_forks;
	NTSTATUS last_status;
};

static void stress_table_round(void *context, u32 rnd)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct stress_table *t = context;
	KWAIT_BLOCK blocks[STRESS_FORKS];
	PVOID forks[STRESS_FORKS];
	ULONG n = rnd % 8 ? 2 : STRESS_FORKS, first = (rnd >> 3) % STRESS_FORKS;
	NTSTATUS status;
	ULONG i;

	for (i = 0; i < n; i++)
		forks[i] = &t->forks[(first + i) % STRESS_FORKS];
	status = KeWaitForMultipleObjects(n, forks, WaitAll, Executive,
					  KernelMode, FALSE, &timeout, blocks);
	if (status != STATUS_SUCCESS) {
		t->last_status = status;
		atomic_inc(&t->failed_waits);
		return;
	}
	for (i = 0; i < n; i++)
		if (atomic_inc_return(&t->holders[(first + i) % STRESS_FORKS]) > 1)
			atomic_inc(&t->breaches);
	if (n == STRESS_FORKS)
		atomic_inc(&t->all_forks);
	if (rnd & 0x100)
		cond_resched();
	for (i = 0; i < n; i++) {
		atomic_dec(&t->holders[(first + i) % STRESS_FORKS]);
		KeSetEvent(forks[i], IO_NO_INCREMENT, FALSE);
	}
	atomic_inc(&t->rounds);
}

static void stress_philosophers_share_forks_by_wait_all(struct kunit *test)
{
	int n = min_t(int, *(const int *)test->param_value, num_online_cpus());
	struct stress_crew crew = { .round = stress_table_round };
	struct stress_table *t;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < STRESS_FORKS; i++)
		KeInitializeEvent(&t->forks[i], SynchronizationEvent, TRUE);
	crew.context = t;
	stress_crew_run(test, &crew, n);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->breaches), 0);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&t->failed_waits), 0,
			    "last status 0x%08x", (u32)t->last_status);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->rounds), 2 * n * STRESS_ROUNDS);
	KUNIT_EXPECT_GT(test, atomic_read(&t->all_forks), 0);
	for (i = 0; i < STRESS_FORKS; i++)
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&t->forks[i]), 1);
	kunit_info(test, "%d rounds, %d with every fork\n",
		   atomic_read(&t->rounds), atomic_read(&t->all_forks));
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE_PARAM(stress_create_reference_wait_close, stress_gen_params),
	KUNIT_CASE(stress_terminate_races_close),
	KUNIT_CASE_PARAM(stress_mixed_waits_keep_every_object_exclusive,
			 stress_gen_params),
	KUNIT_CASE_PARAM(stress_philosophers_share_forks_by_wait_all,
			 stress_gen_params),
	{}
};

static struct kunit_suite stress_suite = {
	.name = "ntthread_stress",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = stress_cases,
};

kunit_test_suite(stress_suite);
MODULE_DESCRIPTION("KUnit concurrency stress for ntthread");
MODULE_LICENSE("GPL");
