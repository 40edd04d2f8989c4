// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: random operation sequences against a model.  A seeded generator
 * drives creates, closes, references, dereferences, ObOpenObjectByPointer,
 * lookups, waits with and without time-out, event sets and resets, and
 * terminations over a few thread slots; a second model does the same for
 * semaphores, mutexes (abandonment too), events, a queue and timers under
 * WaitAny and WaitAll; the models predict every status, state and count.
 * On a mismatch the test prints the seed and the last operations;
 * `insmod ntthread_random_kunit.ko seed=N ops=M` replays.
 */
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/random.h>

#include "ntthread_kunit.h"

static unsigned int seed;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "generator seed (0: random)");
static unsigned int ops = 100000;
module_param(ops, uint, 0444);
MODULE_PARM_DESC(ops, "operations per run");

#define SLOTS		8
#define SLOT_HANDLES	4
#define SLOT_REFS	4
#define HISTORY		16

/* The model of one thread and what the test holds of it. */
struct slot {
	struct ntt_gate gate;		/* gate.go is also the slot's event */
	bool live;			/* a thread object exists */
	bool ended;			/* its thread has terminated */
	LONG event_state;		/* predicted state of gate.go */
	NTSTATUS exit_status;
	HANDLE tid;
	PETHREAD thread;		/* valid while we hold a reference */
	HANDLE handles[SLOT_HANDLES];
	int nhandles, nrefs;
};

struct random_run {
	struct kunit *test;
	struct rnd_state rnd;
	struct slot slots[SLOTS];
	const char *history[HISTORY];
	unsigned long done, created;
	bool failed;
};

static u32 pick(struct random_run *r, u32 n)
{
	return prandom_u32_state(&r->rnd) % n;
}

static void check(struct random_run *r, bool ok, const char *what, long got,
		  long want)
{
	unsigned long i;

	if (ok || r->failed)
		return;
	r->failed = true;
	KUNIT_FAIL(r->test, "seed %u op %lu: %s: got %#lx, model says %#lx",
		   seed, r->done, what, got, want);
	for (i = r->done > HISTORY ? r->done - HISTORY : 0; i <= r->done; i++)
		kunit_info(r->test, "  op %lu: %s\n", i,
			   r->history[i % HISTORY] ?: "-");
}

#define CHECK_EQ(r, what, got, want) do {				\
	long __got = (long)(got), __want = (long)(want);		\
									\
	check(r, __got == __want, what, __got, __want);			\
} while (0)

static void op_create(struct random_run *r, struct slot *s)
{
	CLIENT_ID cid;
	NTSTATUS status;

	r->history[r->done % HISTORY] = "create";
	ntt_gate_init(&s->gate, 0x40000000 | pick(r, 0x10000));
	status = PsCreateSystemThread(&s->handles[0], THREAD_ALL_ACCESS, NULL,
				      NULL, &cid, ntt_parked, &s->gate);
	CHECK_EQ(r, "PsCreateSystemThread", status, STATUS_SUCCESS);
	if (!NT_SUCCESS(status))
		return;
	r->created++;
	s->live = true;
	s->ended = false;
	s->event_state = 0;
	s->exit_status = s->gate.status;
	s->tid = cid.UniqueThread;
	s->nhandles = 1;
	s->nrefs = 0;
	CHECK_EQ(r, "TID multiple of 4", (unsigned long)s->tid % 4, 0);
}

/* The object is gone once no handle or reference is left. */
static void slot_maybe_gone(struct random_run *r, struct slot *s)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	PETHREAD found;
	NTSTATUS status;

	if (s->nhandles || s->nrefs)
		return;
	if (!s->ended) {
		/* Only the running thread holds it: let it end. */
		KeSetEvent(&s->gate.go, IO_NO_INCREMENT, FALSE);
		status = PsLookupThreadByThreadId(s->tid, &found);
		if (NT_SUCCESS(status)) {
			CHECK_EQ(r, "wait for unheld thread",
				 KeWaitForSingleObject(found, Executive,
						       KernelMode, FALSE,
						       &timeout),
				 STATUS_SUCCESS);
			ObDereferenceObject(found);
		}
	}
	s->live = false;
}

static void op_close(struct random_run *r, struct slot *s)
{
	int i = pick(r, s->nhandles);

	r->history[r->done % HISTORY] = "ZwClose";
	CHECK_EQ(r, "ZwClose", ZwClose(s->handles[i]), STATUS_SUCCESS);
	s->handles[i] = s->handles[--s->nhandles];
	slot_maybe_gone(r, s);
}

static void op_reference(struct random_run *r, struct slot *s)
{
	PVOID object;
	NTSTATUS status;

	r->history[r->done % HISTORY] = "ObReferenceObjectByHandle";
	status = ObReferenceObjectByHandle(s->handles[pick(r, s->nhandles)],
					   SYNCHRONIZE, *PsThreadType,
					   KernelMode, &object, NULL);
	CHECK_EQ(r, "ObReferenceObjectByHandle", status, STATUS_SUCCESS);
	if (!NT_SUCCESS(status))
		return;
	if (s->nrefs)
		CHECK_EQ(r, "same object", (unsigned long)object,
			 (unsigned long)s->thread);
	s->thread = object;
	s->nrefs++;
}

static void op_dereference(struct random_run *r, struct slot *s)
{
	r->history[r->done % HISTORY] = "ObDereferenceObject";
	ObDereferenceObject(s->thread);
	s->nrefs--;
	slot_maybe_gone(r, s);
}

static void op_open(struct random_run *r, struct slot *s)
{
	NTSTATUS status;

	r->history[r->done % HISTORY] = "ObOpenObjectByPointer";
	status = ObOpenObjectByPointer(s->thread, OBJ_KERNEL_HANDLE, NULL,
				       SYNCHRONIZE, *PsThreadType, KernelMode,
				       &s->handles[s->nhandles]);
	CHECK_EQ(r, "ObOpenObjectByPointer", status, STATUS_SUCCESS);
	if (NT_SUCCESS(status))
		s->nhandles++;
}

static void op_lookup(struct random_run *r, struct slot *s)
{
	PETHREAD found;
	NTSTATUS status;

	r->history[r->done % HISTORY] = "PsLookupThreadByThreadId";
	status = PsLookupThreadByThreadId(s->tid, &found);
	CHECK_EQ(r, "PsLookupThreadByThreadId", status, STATUS_SUCCESS);
	if (!NT_SUCCESS(status))
		return;
	CHECK_EQ(r, "PsIsThreadTerminating", PsIsThreadTerminating(found),
		 s->ended);
	CHECK_EQ(r, "PsGetThreadExitStatus", PsGetThreadExitStatus(found),
		 s->ended ? s->exit_status : STATUS_PENDING);
	ObDereferenceObject(found);
}

static void op_wait(struct random_run *r, struct slot *s, bool timed)
{
	LARGE_INTEGER timeout = { .QuadPart = timed ? -1000 : 0 };

	r->history[r->done % HISTORY] = timed ? "ZwWaitForSingleObject 100us"
					      : "ZwWaitForSingleObject 0";
	CHECK_EQ(r, "ZwWaitForSingleObject",
		 ZwWaitForSingleObject(s->handles[pick(r, s->nhandles)], FALSE,
				       &timeout),
		 s->ended ? STATUS_SUCCESS : STATUS_TIMEOUT);
}

static void op_event(struct random_run *r, struct slot *s, bool set)
{
	r->history[r->done % HISTORY] = set ? "KeSetEvent" : "KeResetEvent";
	if (set) {
		CHECK_EQ(r, "KeSetEvent", KeSetEvent(&s->gate.go, 0, FALSE),
			 s->event_state);
		s->event_state = 1;
		/* A set gate releases the thread: it terminates. */
		s->ended = true;
		CHECK_EQ(r, "ZwWaitForSingleObject after set",
			 ZwWaitForSingleObject(s->handles[0], FALSE, NULL),
			 STATUS_SUCCESS);
	} else {
		CHECK_EQ(r, "KeResetEvent", KeResetEvent(&s->gate.go),
			 s->event_state);
		s->event_state = 0;
	}
}

static void random_step(struct random_run *r)
{
	struct slot *s = &r->slots[pick(r, SLOTS)];

	if (!s->live) {
		op_create(r, s);
		return;
	}
	switch (pick(r, 10)) {
	case 0:
		if (s->nhandles > 1 || (s->nhandles && s->nrefs))
			op_close(r, s);
		else if (s->nhandles && pick(r, 4) == 0)
			op_close(r, s);
		break;
	case 1:
		if (s->nhandles && s->nrefs < SLOT_REFS)
			op_reference(r, s);
		break;
	case 2:
		if (s->nrefs)
			op_dereference(r, s);
		break;
	case 3:
		if (s->nrefs && s->nhandles < SLOT_HANDLES)
			op_open(r, s);
		break;
	case 4:
		op_lookup(r, s);
		break;
	case 5:
	case 6:
		if (s->nhandles)
			op_wait(r, s, pick(r, 8) == 0);
		break;
	case 7:
		if (s->nhandles && !s->ended && pick(r, 4) == 0)
			op_event(r, s, true);
		break;
	case 8:
		if (s->ended)
			op_event(r, s, false);
		else
			op_lookup(r, s);
		break;
	default:
		r->history[r->done % HISTORY] = "KeReadStateEvent";
		CHECK_EQ(r, "KeReadStateEvent", KeReadStateEvent(&s->gate.go),
			 s->event_state);
		break;
	}
}

static void random_operations_match_the_model(struct kunit *test)
{
	struct ntt_snapshot before;
	struct random_run *r;
	int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	if (!seed)
		seed = get_random_u32() | 1;
	kunit_info(test, "seed %u, %u operations\n", seed, ops);
	r->test = test;
	prandom_seed_state(&r->rnd, seed);
	ntt_snapshot(&before);
	for (r->done = 0; r->done < ops && !r->failed; r->done++) {
		random_step(r);
		if ((r->done & 1023) == 0)
			cond_resched();
	}
	/* Release everything the run still holds. */
	for (i = 0; i < SLOTS; i++) {
		struct slot *s = &r->slots[i];

		if (!s->live)
			continue;
		while (s->nrefs)
			op_dereference(r, s);
		while (s->nhandles)
			op_close(r, s);
	}
	KUNIT_EXPECT_EQ(test, r->done, (unsigned long)ops);
	kunit_info(test, "%lu operations, %lu threads created\n", r->done,
		   r->created);
	ntt_expect_baseline(test, &before);
}

/*
 * The dispatcher objects against a model, in the test's own thread: two
 * semaphores, two mutexes, three events, a queue and two timers, with
 * zero-timeout WaitAny and WaitAll polls over random subsets, so that
 * every outcome is determined.  Layer threads that take a mutex and end
 * abandon it.
 */
enum {
	D_SEM0, D_SEM1, D_MUT0, D_MUT1, D_SYNC0, D_SYNC1, D_NOTIF, D_QUEUE,
	D_TSYNC, D_TNOTIF, D_OBJECTS
};

#define D_ENTRIES	8

struct dmodel {
	struct random_run *r;
	KSEMAPHORE sem[2];
	LONG sem_count[2], sem_limit[2];
	KMUTEX mut[2];
	int mut_depth[2];		/* the test's acquisitions; 0: free */
	bool mut_abandoned[2];
	KEVENT ev[3];			/* D_SYNC0, D_SYNC1, D_NOTIF */
	LONG ev_state[3];
	KQUEUE queue;
	LIST_ENTRY entries[D_ENTRIES];
	int fifo[D_ENTRIES], queued;	/* the model's queue, head first */
	KTIMER timer[2];		/* D_TSYNC, D_TNOTIF */
	LONG timer_state[2];
	KWAIT_BLOCK blocks[D_OBJECTS];
};

static PVOID d_object(struct dmodel *m, int k)
{
	switch (k) {
	case D_SEM0:
	case D_SEM1:
		return &m->sem[k - D_SEM0];
	case D_MUT0:
	case D_MUT1:
		return &m->mut[k - D_MUT0];
	case D_SYNC0:
	case D_SYNC1:
	case D_NOTIF:
		return &m->ev[k - D_SYNC0];
	case D_QUEUE:
		return &m->queue;
	default:
		return &m->timer[k - D_TSYNC];
	}
}

/* Would the test thread's wait find object @k signalled? */
static bool d_ready(const struct dmodel *m, int k)
{
	switch (k) {
	case D_SEM0:
	case D_SEM1:
		return m->sem_count[k - D_SEM0] > 0;
	case D_MUT0:
	case D_MUT1:
		return true;	/* free, or the test's own */
	case D_SYNC0:
	case D_SYNC1:
	case D_NOTIF:
		return m->ev_state[k - D_SYNC0] > 0;
	case D_QUEUE:
		return m->queued > 0;
	default:
		return m->timer_state[k - D_TSYNC] > 0;
	}
}

/* The test thread acquires object @k; true if it was an abandoned mutex. */
static bool d_acquire(struct dmodel *m, int k)
{
	bool abandoned = false;

	switch (k) {
	case D_SEM0:
	case D_SEM1:
		m->sem_count[k - D_SEM0]--;
		break;
	case D_MUT0:
	case D_MUT1:
		abandoned = m->mut_abandoned[k - D_MUT0];
		m->mut_abandoned[k - D_MUT0] = false;
		m->mut_depth[k - D_MUT0]++;
		break;
	case D_SYNC0:
	case D_SYNC1:
		m->ev_state[k - D_SYNC0] = 0;
		break;
	case D_TSYNC:
		m->timer_state[0] = 0;
		break;
	}
	return abandoned;
}

static void d_wait(struct dmodel *m, WAIT_TYPE type)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	int picked[D_OBJECTS], n = 1 + pick(m->r, 4), i, j;
	PVOID objects[D_OBJECTS];
	bool abandoned = false;
	NTSTATUS want;

	m->r->history[m->r->done % HISTORY] = type == WaitAny ? "WaitAny poll"
							      : "WaitAll poll";
	/* n distinct objects in random order */
	for (i = 0; i < n; i++) {
		do {
			picked[i] = pick(m->r, D_OBJECTS);
			for (j = 0; j < i && picked[j] != picked[i]; j++)
				;
		} while (j < i);
		objects[i] = d_object(m, picked[i]);
	}
	want = STATUS_TIMEOUT;
	if (type == WaitAny) {
		for (i = 0; i < n; i++) {
			if (d_ready(m, picked[i])) {
				abandoned = d_acquire(m, picked[i]);
				want = (abandoned ? STATUS_ABANDONED_WAIT_0 :
					STATUS_WAIT_0) + i;
				break;
			}
		}
	} else {
		for (i = 0; i < n && d_ready(m, picked[i]); i++)
			;
		if (i == n) {
			for (i = 0; i < n; i++)
				abandoned |= d_acquire(m, picked[i]);
			want = abandoned ? STATUS_ABANDONED : STATUS_SUCCESS;
		}
	}
	CHECK_EQ(m->r, type == WaitAny ? "WaitAny poll" : "WaitAll poll",
		 KeWaitForMultipleObjects(n, objects, type, Executive,
					  KernelMode, FALSE, &zero, m->blocks),
		 want);
}

static void d_release_semaphore(struct dmodel *m, int i)
{
	LONG adjustment = 1 + pick(m->r, 3);
	LONG old = m->sem_count[i];

	m->r->history[m->r->done % HISTORY] = "KeReleaseSemaphore";
	CHECK_EQ(m->r, "KeReleaseSemaphore",
		 KeReleaseSemaphore(&m->sem[i], 0, adjustment, FALSE), old);
	if (old + adjustment <= m->sem_limit[i])
		m->sem_count[i] = old + adjustment;
	CHECK_EQ(m->r, "KeReadStateSemaphore",
		 KeReadStateSemaphore(&m->sem[i]), m->sem_count[i]);
}

static void d_release_mutex(struct dmodel *m, int i)
{
	m->r->history[m->r->done % HISTORY] = "KeReleaseMutex";
	/* Releasing a free mutex is a non-owner's release: nothing changes. */
	CHECK_EQ(m->r, "KeReleaseMutex", KeReleaseMutex(&m->mut[i], FALSE),
		 1 - m->mut_depth[i]);
	if (m->mut_depth[i])
		m->mut_depth[i]--;
	CHECK_EQ(m->r, "KeReadStateMutex", KeReadStateMutex(&m->mut[i]),
		 1 - m->mut_depth[i]);
}

struct d_taker {
	PRKMUTEX mutex;
	NTSTATUS status;
};

static VOID d_take_and_end(PVOID context)
{
	struct d_taker *taker = context;
	LARGE_INTEGER zero = { .QuadPart = 0 };

	taker->status = KeWaitForSingleObject(taker->mutex, Executive,
					      KernelMode, FALSE, &zero);
}

/* A layer thread polls mutex @i and ends, abandoning it if it got it. */
static void d_abandon(struct dmodel *m, int i)
{
	struct d_taker taker = { .mutex = &m->mut[i], .status = -1 };
	HANDLE h;
	NTSTATUS status;

	m->r->history[m->r->done % HISTORY] = "mutex taken by an ending thread";
	status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
				      d_take_and_end, &taker);
	CHECK_EQ(m->r, "PsCreateSystemThread", status, STATUS_SUCCESS);
	if (!NT_SUCCESS(status))
		return;
	CHECK_EQ(m->r, "wait for the taker", ntt_wait_thread(h),
		 STATUS_SUCCESS);
	ZwClose(h);
	if (m->mut_depth[i]) {
		CHECK_EQ(m->r, "taker's poll of an owned mutex", taker.status,
			 STATUS_TIMEOUT);
		return;
	}
	CHECK_EQ(m->r, "taker's poll of a free mutex", taker.status,
		 m->mut_abandoned[i] ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0);
	m->mut_abandoned[i] = true;
	CHECK_EQ(m->r, "KeReadStateMutex after abandonment",
		 KeReadStateMutex(&m->mut[i]), 1);
}

static void d_event(struct dmodel *m, int i)
{
	LONG *state = &m->ev_state[i];

	switch (pick(m->r, 3)) {
	case 0:
		m->r->history[m->r->done % HISTORY] = "KeSetEvent";
		CHECK_EQ(m->r, "KeSetEvent", KeSetEvent(&m->ev[i], 0, FALSE),
			 *state);
		*state = 1;
		break;
	case 1:
		m->r->history[m->r->done % HISTORY] = "KeResetEvent";
		CHECK_EQ(m->r, "KeResetEvent", KeResetEvent(&m->ev[i]), *state);
		*state = 0;
		break;
	default:
		m->r->history[m->r->done % HISTORY] = "KePulseEvent";
		CHECK_EQ(m->r, "KePulseEvent", KePulseEvent(&m->ev[i], 0, FALSE),
			 *state);
		*state = 0;
		break;
	}
}

static void d_queue(struct dmodel *m)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	PLIST_ENTRY entry;
	int e, i;

	if (m->queued < D_ENTRIES && pick(m->r, 2)) {
		bool head = pick(m->r, 4) == 0;

		m->r->history[m->r->done % HISTORY] = head ? "KeInsertHeadQueue"
							   : "KeInsertQueue";
		/* a free entry: one that is not queued */
		for (e = 0; e < D_ENTRIES; e++) {
			for (i = 0; i < m->queued && m->fifo[i] != e; i++)
				;
			if (i == m->queued)
				break;
		}
		CHECK_EQ(m->r, "KeInsertQueue",
			 head ? KeInsertHeadQueue(&m->queue, &m->entries[e]) :
				KeInsertQueue(&m->queue, &m->entries[e]),
			 m->queued);
		if (head) {
			memmove(&m->fifo[1], &m->fifo[0],
				m->queued * sizeof(m->fifo[0]));
			m->fifo[0] = e;
		} else {
			m->fifo[m->queued] = e;
		}
		m->queued++;
		return;
	}
	m->r->history[m->r->done % HISTORY] = "KeRemoveQueue poll";
	entry = KeRemoveQueue(&m->queue, KernelMode, &zero);
	if (!m->queued) {
		CHECK_EQ(m->r, "KeRemoveQueue of an empty queue",
			 (LONG_PTR)entry, (LONG_PTR)STATUS_TIMEOUT);
		return;
	}
	CHECK_EQ(m->r, "KeRemoveQueue", (unsigned long)entry,
		 (unsigned long)&m->entries[m->fifo[0]]);
	m->queued--;
	memmove(&m->fifo[0], &m->fifo[1], m->queued * sizeof(m->fifo[0]));
}

static void d_timer(struct dmodel *m, int i)
{
	LARGE_INTEGER now = { .QuadPart = 0 }, later = { .QuadPart = -600000000LL };

	if (pick(m->r, 2)) {
		m->r->history[m->r->done % HISTORY] = "KeSetTimer now, wait";
		CHECK_EQ(m->r, "KeSetTimer", KeSetTimer(&m->timer[i], now, NULL),
			 FALSE);
		CHECK_EQ(m->r, "wait for the timer", ntt_wait(&m->timer[i]),
			 STATUS_SUCCESS);
		/* A synchronization timer is taken by the wait. */
		m->timer_state[i] = i == 1;
	} else {
		m->r->history[m->r->done % HISTORY] = "KeSetTimer in 60 s, cancel";
		CHECK_EQ(m->r, "KeSetTimer", KeSetTimer(&m->timer[i], later, NULL),
			 FALSE);
		CHECK_EQ(m->r, "KeCancelTimer", KeCancelTimer(&m->timer[i]), TRUE);
		m->timer_state[i] = 0;
	}
	CHECK_EQ(m->r, "KeReadStateTimer", KeReadStateTimer(&m->timer[i]),
		 m->timer_state[i]);
}

static void d_step(struct dmodel *m)
{
	switch (pick(m->r, 10)) {
	case 0:
	case 1:
		d_wait(m, WaitAny);
		break;
	case 2:
		d_wait(m, WaitAll);
		break;
	case 3:
		d_release_semaphore(m, pick(m->r, 2));
		break;
	case 4:
		d_release_mutex(m, pick(m->r, 2));
		break;
	case 5:
		d_event(m, pick(m->r, 3));
		break;
	case 6:
		d_queue(m);
		break;
	case 7:
		if (pick(m->r, 8) == 0)
			d_abandon(m, pick(m->r, 2));
		else
			d_queue(m);
		break;
	case 8:
		if (pick(m->r, 16) == 0)
			d_timer(m, pick(m->r, 2));
		else
			d_wait(m, WaitAny);
		break;
	default:
		m->r->history[m->r->done % HISTORY] = "KeReadState*";
		CHECK_EQ(m->r, "KeReadStateQueue", KeReadStateQueue(&m->queue),
			 m->queued);
		CHECK_EQ(m->r, "KeReadStateEvent", KeReadStateEvent(&m->ev[2]),
			 m->ev_state[2]);
		break;
	}
}

static void random_dispatcher_objects_match_the_model(struct kunit *test)
{
	struct ntt_snapshot before;
	struct random_run *r;
	struct dmodel *m;
	unsigned long n = ops / 10;
	int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, m);
	if (!seed)
		seed = get_random_u32() | 1;
	kunit_info(test, "seed %u, %lu operations\n", seed, n);
	r->test = test;
	m->r = r;
	prandom_seed_state(&r->rnd, seed);
	ntt_snapshot(&before);
	for (i = 0; i < 2; i++) {
		m->sem_limit[i] = 1 + pick(r, 4);
		m->sem_count[i] = pick(r, m->sem_limit[i] + 1);
		KeInitializeSemaphore(&m->sem[i], m->sem_count[i],
				      m->sem_limit[i]);
		KeInitializeMutex(&m->mut[i], 0);
	}
	KeInitializeEvent(&m->ev[0], SynchronizationEvent, FALSE);
	KeInitializeEvent(&m->ev[1], SynchronizationEvent, FALSE);
	KeInitializeEvent(&m->ev[2], NotificationEvent, FALSE);
	KeInitializeQueue(&m->queue, 0);
	KeInitializeTimerEx(&m->timer[0], SynchronizationTimer);
	KeInitializeTimerEx(&m->timer[1], NotificationTimer);
	for (r->done = 0; r->done < n && !r->failed; r->done++) {
		d_step(m);
		if ((r->done & 1023) == 0)
			cond_resched();
	}
	KUNIT_EXPECT_EQ(test, r->done, n);
	for (i = 0; i < 2; i++) {
		while (m->mut_depth[i]--)
			KeReleaseMutex(&m->mut[i], FALSE);
		KUNIT_EXPECT_EQ(test, KeReadStateMutex(&m->mut[i]), 1);
		KeCancelTimer(&m->timer[i]);
	}
	KeRundownQueue(&m->queue);
	ntt_expect_baseline(test, &before);
}

static struct kunit_case random_cases[] = {
	KUNIT_CASE(random_operations_match_the_model),
	KUNIT_CASE(random_dispatcher_objects_match_the_model),
	{}
};

static struct kunit_suite random_suite = {
	.name = "ntthread_random",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = random_cases,
};

kunit_test_suite(random_suite);
MODULE_DESCRIPTION("KUnit random operation sequences against a model of ntthread");
MODULE_LICENSE("GPL");
