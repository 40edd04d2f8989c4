// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: random operation sequences against a model.  A seeded generator
 * drives creates, closes, references, dereferences, ObOpenObjectByPointer,
 * lookups, waits with and without time-out, event sets and resets, and
 * terminations over a few thread slots; a small model predicts every
 * status, state and count.  On a mismatch the test prints the seed and the
 * last operations; `insmod ntthread_random_kunit.ko seed=N ops=M` replays.
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

static struct kunit_case random_cases[] = {
	KUNIT_CASE(random_operations_match_the_model),
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
