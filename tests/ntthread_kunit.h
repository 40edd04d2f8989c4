/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites: threads that park on a gate until a
 * test releases them, bounded waits, and snapshots of the layer's counts
 * to prove that nothing leaked.
 */
#ifndef _NTTHREAD_KUNIT_H
#define _NTTHREAD_KUNIT_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/slab.h>

#include "ntthread.h"

MODULE_IMPORT_NS(NTTHREAD_INTERNAL);

/*
 * 30 s: a bound that only reports a hang.  It is no timing: a TCG guest on
 * a loaded host can stall for seconds.
 */
#define NTT_TIMEOUT_100NS	(-30LL * 10000000)

/**
 * struct ntt_gate - what a parked thread waits for
 * @go: notification event the test sets to release the thread
 * @started: threads that have begun running
 * @status: exit status passed to PsTerminateSystemThread; STATUS_PENDING
 *	    to return from the routine instead
 */
struct ntt_gate {
	KEVENT go;
	atomic_t started;
	NTSTATUS status;
};

static inline void ntt_gate_init(struct ntt_gate *gate, NTSTATUS status)
{
	KeInitializeEvent(&gate->go, NotificationEvent, FALSE);
	atomic_set(&gate->started, 0);
	gate->status = status;
}

static inline VOID ntt_parked(PVOID context)
{
	struct ntt_gate *gate = context;

	atomic_inc(&gate->started);
	KeWaitForSingleObject(&gate->go, Executive, KernelMode, FALSE, NULL);
	if (gate->status != STATUS_PENDING)
		PsTerminateSystemThread(gate->status);
}

/* Create a thread running ntt_parked(@gate); fails the test otherwise. */
static inline HANDLE ntt_start(struct kunit *test, struct ntt_gate *gate,
			       PCLIENT_ID cid)
{
	HANDLE handle = NULL;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS,
						   NULL, NULL, cid, ntt_parked,
						   gate), STATUS_SUCCESS);
	return handle;
}

static inline PETHREAD ntt_object(struct kunit *test, HANDLE handle)
{
	PVOID object = NULL;

	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(handle, SYNCHRONIZE,
							*PsThreadType,
							KernelMode, &object,
							NULL),
			STATUS_SUCCESS);
	return object;
}

static inline NTSTATUS ntt_wait(PVOID object)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE,
				     &timeout);
}

/* Release @gate's threads, wait for the thread behind @handle, close it. */
static inline void ntt_finish(struct kunit *test, struct ntt_gate *gate,
			      HANDLE handle)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };

	KeSetEvent(&gate->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ZwWaitForSingleObject(handle, FALSE, &timeout),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

/*
 * A thread signals its object before it drops its own reference (ps.c):
 * "waited for" does not mean "released".  Expect @object's references to
 * fall to @refs, the ones the test holds, once the thread is on its way out.
 */
static inline void ntt_expect_refs(struct kunit *test, PVOID object,
				   unsigned int refs)
{
	refcount_t *count = &nt_ob_header(object)->pointer_count;
	int tries = 2000;

	while (refcount_read(count) != refs && --tries)
		usleep_range(10000, 15000);
	KUNIT_EXPECT_EQ(test, refcount_read(count), refs);
}

/* What must come back to where it was once a test has cleaned up. */
struct ntt_snapshot {
	long handles, threads, objects;
	u32 cids;
};

static inline void ntt_snapshot(struct ntt_snapshot *s)
{
	/* Freed objects go after a grace period; let pending ones go. */
	rcu_barrier();
	s->handles = ntthread_counter(NT_CTR_HANDLES_OPEN);
	s->threads = ntthread_counter(NT_CTR_THREADS_LIVE);
	s->objects = atomic_long_read(&(*PsThreadType)->live);
	s->cids = READ_ONCE(ntthread_handle_table(true)->count);
}

/*
 * Expect the counts of @before again.  A thread that has signalled its
 * object may still be on its way out of the kthread: give it a moment.
 */
static inline void ntt_expect_baseline(struct kunit *test,
				       const struct ntt_snapshot *before)
{
	struct ntt_snapshot now;
	int tries = 2000;	/* 20-30 s: a bound for a hang, no timing */

	do {
		ntt_snapshot(&now);
		if (now.handles == before->handles &&
		    now.threads == before->threads &&
		    now.objects == before->objects && now.cids == before->cids)
			break;
		usleep_range(10000, 15000);
	} while (--tries);
	KUNIT_EXPECT_EQ(test, now.handles, before->handles);
	KUNIT_EXPECT_EQ(test, now.threads, before->threads);
	KUNIT_EXPECT_EQ(test, now.objects, before->objects);
	KUNIT_EXPECT_EQ(test, now.cids, before->cids);
}

#endif /* _NTTHREAD_KUNIT_H */
