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
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/mount.h>
#include <linux/slab.h>

#include "compat.h"
#include "fault.h"
#include "ps.h"

MODULE_IMPORT_NS(NT_NS_INTERNAL);

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

/*
 * Open ntthread's debugfs file @name for reading, through a mount of
 * debugfs of its own: built into the kernel (tools/kunit/run.sh) the
 * suites run before anything has mounted /sys/kernel/debug, and since
 * nullfs (7.0) a kthread resolves paths against an empty root.  debugfs
 * has one superblock: its dentries are this mount's too.
 */
static inline struct file *ntt_debugfs_open(const char *name)
{
	/* debugfs is always built in: no module reference to drop. */
	struct file_system_type *type = get_fs_type("debugfs");
	struct dentry *dir;
	struct path path;
	struct file *f;

	if (!type)
		return ERR_PTR(-ENODEV);
	path.mnt = vfs_kern_mount(type, 0, "debugfs", NULL);
	if (IS_ERR(path.mnt))
		return ERR_CAST(path.mnt);
	dir = debugfs_lookup("ntthread", NULL);
	path.dentry = dir ? debugfs_lookup(name, dir) : NULL;
	dput(dir);
	f = path.dentry ? dentry_open(&path, O_RDONLY, current_cred()) :
			  ERR_PTR(-ENOENT);
	dput(path.dentry);
	/* The file holds the mount until it is closed. */
	mntput(path.mnt);
	return f;
}

/* Start @routine(@context) in a system thread: its object, referenced, or NULL. */
static inline PETHREAD ntt_start_routine(struct kunit *test,
					 PKSTART_ROUTINE routine,
					 PVOID context)
{
	PVOID object = NULL;
	NTSTATUS status;
	HANDLE handle;

	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, routine, context);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	if (!NT_SUCCESS(status))
		return NULL;
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handle, SYNCHRONIZE,
							*PsThreadType,
							KernelMode, &object,
							NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	return object;
}

/* Wait for @thread (NULL: none) to end and drop the test's reference. */
static inline void ntt_join(struct kunit *test, PETHREAD thread)
{
	if (!thread)
		return;
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	ObDereferenceObject(thread);
}

/*
 * Wait (bounded: 30 s, a hang) until @thread sleeps in a dispatcher wait:
 * waits set TASK_IDLE once their blocks are linked.  Only for routines
 * that sleep in no other TASK_IDLE wait first.
 */
static inline bool ntt_until_blocked(PETHREAD thread)
{
	int tries;

	for (tries = 0; tries < 3000 && thread; tries++) {
		if (READ_ONCE(thread->tcb.task->__state) == TASK_IDLE)
			return true;
		usleep_range(10000, 11000);
	}
	return false;
}

/*
 * The wait blocks linked on @header: meaningful only while no waiter
 * comes or goes (every waiter on it blocked, nothing signalling it).
 */
static inline unsigned int ntt_waiters(DISPATCHER_HEADER *header)
{
	struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, &header->WaitListHead)
		if (++n > MAXIMUM_WAIT_OBJECTS)
			break;
	return n;
}

/*
 * Wait for the thread behind @handle for NTT_TIMEOUT_100NS, the bound of a
 * hang; if it has not ended by then, wait on without a bound, for it may
 * still use what the caller has on its stack.  Return: the first wait's
 * status, which a test expects to be STATUS_SUCCESS.
 */
static inline NTSTATUS ntt_wait_thread(HANDLE handle)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	NTSTATUS status = ZwWaitForSingleObject(handle, FALSE, &timeout);

	if (status == STATUS_TIMEOUT) {
		pr_err("ntthread test: a thread has not ended in %d s; waiting on\n",
		       (int)(NTT_TIMEOUT_100NS / -10000000));
		ZwWaitForSingleObject(handle, FALSE, NULL);
	}
	return status;
}

/* Release @gate's threads, wait for the thread behind @handle, close it. */
static inline void ntt_finish(struct kunit *test, struct ntt_gate *gate,
			      HANDLE handle)
{
	KeSetEvent(&gate->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait_thread(handle), STATUS_SUCCESS);
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

/*
 * Look @tid up until no thread object has it, its last reference gone
 * (perhaps in a worker, after the task has exited); dereference what is
 * found.  Return: STATUS_INVALID_CID then, or STATUS_SUCCESS if it is
 * still found after 30 s (a leak, or a hang).  The CID table reuses the
 * oldest freed TID first (strict FIFO): no other thread takes @tid
 * meanwhile.
 */
static inline NTSTATUS ntt_until_tid_freed(HANDLE tid)
{
	int tries = 3000;
	PETHREAD found;
	NTSTATUS status;

	for (;;) {
		status = PsLookupThreadByThreadId(tid, &found);
		if (!NT_SUCCESS(status))
			return status;
		ObDereferenceObject(found);
		if (!--tries)
			return status;
		usleep_range(10000, 11000);
	}
}

/* What entry @index of @table stores, or NULL (no reference taken). */
static inline void *ntt_table_get(struct nt_handle_table *table, u32 index)
{
	struct nt_handle_entry *entry;
	void *object;

	rcu_read_lock();
	object = nt_handle_lookup_rcu(table, index, &entry);
	rcu_read_unlock();
	return object;
}

/* Handles opened to bring the kernel handle table to a page boundary. */
struct ntt_fill {
	HANDLE *handles;
	u32 n, max;
};

/*
 * Open handles to @object until the kernel handle table's next insert
 * needs a new low page: every free entry first (earlier cases and runs
 * leave whole pages of them), then the rest of the last page.  One slot
 * is left for the caller's insert past the boundary.  Asserts nothing, as
 * its callers have threads parked: true if the boundary was reached.
 */
static inline bool ntt_fill_page(struct kunit *test, PVOID object,
				 struct ntt_fill *fill)
{
	struct nt_handle_table *table = ntthread_handle_table(false);

	fill->n = 0;
	fill->max = READ_ONCE(table->next_index) - READ_ONCE(table->count) +
		    NT_HT_LOW_ENTRIES + 1;
	fill->handles = kvcalloc(fill->max, sizeof(HANDLE), GFP_KERNEL);
	if (!fill->handles)
		return false;
	while ((READ_ONCE(table->free_head) ||
		READ_ONCE(table->next_index) % NT_HT_LOW_ENTRIES) &&
	       fill->n + 1 < fill->max &&
	       NT_SUCCESS(ObOpenObjectByPointer(object, 0, NULL, 0, NULL,
						KernelMode,
						&fill->handles[fill->n])))
		fill->n++;
	return !READ_ONCE(table->free_head) &&
	       !(READ_ONCE(table->next_index) % NT_HT_LOW_ENTRIES);
}

static inline void ntt_fill_close(struct kunit *test, struct ntt_fill *fill)
{
	u32 i;

	for (i = 0; i < fill->n; i++)
		KUNIT_EXPECT_EQ(test, ZwClose(fill->handles[i]), STATUS_SUCCESS);
	kvfree(fill->handles);
}

/**
 * struct ntt_hardirq - a call made from hard interrupt context
 * @timer: a hard hrtimer, whose callback runs in hard interrupt context
 *	   on every kernel, PREEMPT_RT included
 * @done: completed by the callback
 * @fn: what the callback calls, with @arg
 * @arg: its argument
 * @in_hardirq: whether @fn ran in hard interrupt context
 */
struct ntt_hardirq {
	struct hrtimer timer;
	struct completion done;
	void (*fn)(void *arg);
	void *arg;
	bool in_hardirq;
};

static inline enum hrtimer_restart ntt_hardirq_fire(struct hrtimer *timer)
{
	struct ntt_hardirq *h = container_of(timer, struct ntt_hardirq, timer);

	h->in_hardirq = in_hardirq() && irqs_disabled();
	h->fn(h->arg);
	complete(&h->done);
	return HRTIMER_NORESTART;
}

/* Call @fn(@arg) in hard interrupt context (DISPATCH_LEVEL and above). */
static inline void ntt_in_hardirq(struct kunit *test, void (*fn)(void *arg),
				  void *arg)
{
	struct ntt_hardirq h = { .fn = fn, .arg = arg };

	init_completion(&h.done);
	nt_hrtimer_setup_on_stack(&h.timer, ntt_hardirq_fire, CLOCK_MONOTONIC,
				  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&h.timer, ns_to_ktime(NSEC_PER_USEC), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&h.done);
	hrtimer_cancel(&h.timer);
	destroy_hrtimer_on_stack(&h.timer);
	KUNIT_EXPECT_TRUE(test, h.in_hardirq);
}

/* What must come back to where it was once a test has cleaned up. */
struct ntt_snapshot {
	long handles, threads, objects, events;
	u32 cids;
};

static inline void ntt_snapshot_read(struct ntt_snapshot *s)
{
	long adopted;

	s->handles = ntthread_counter(NT_CTR_HANDLES_OPEN);
	s->threads = ntthread_counter(NT_CTR_THREADS_LIVE);
	/*
	 * Adopted threads are not counted: every case's KUnit thread gets
	 * one, freed once that thread has exited (ntthread_adopt checks them).
	 */
	adopted = ntthread_counter(NT_CTR_ADOPTED_LIVE);
	s->objects = atomic_long_read(&(*PsThreadType)->live) - adopted;
	s->events = atomic_long_read(&(*ExEventObjectType)->live);
	s->cids = READ_ONCE(ntthread_handle_table(true)->count) - adopted;
}

static inline bool ntt_snapshot_equal(const struct ntt_snapshot *a,
				      const struct ntt_snapshot *b)
{
	return a->handles == b->handles && a->threads == b->threads &&
	       a->objects == b->objects && a->events == b->events &&
	       a->cids == b->cids;
}

/*
 * An adopted object deleted meanwhile (an earlier case's KUnit thread,
 * freed by a worker once it has exited) leaves the adopted count, the
 * TIDs and the objects one at a time: a read between two of those steps
 * is off by one.  Read until two reads a moment apart agree; the bound
 * is for a hang only.
 */
static inline void ntt_snapshot(struct ntt_snapshot *s)
{
	struct ntt_snapshot again;
	int tries = 100;

	/* Freed objects go after a grace period; let pending ones go. */
	rcu_barrier();
	ntt_snapshot_read(s);
	do {
		usleep_range(1000, 2000);
		ntt_snapshot_read(&again);
		if (ntt_snapshot_equal(s, &again))
			return;
		*s = again;
	} while (--tries);
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
		if (ntt_snapshot_equal(&now, before))
			break;
		usleep_range(10000, 15000);
	} while (--tries);
	KUNIT_EXPECT_EQ(test, now.handles, before->handles);
	KUNIT_EXPECT_EQ(test, now.threads, before->threads);
	KUNIT_EXPECT_EQ(test, now.objects, before->objects);
	KUNIT_EXPECT_EQ(test, now.events, before->events);
	KUNIT_EXPECT_EQ(test, now.cids, before->cids);
}

/*
 * Every suite's .init and .exit: each case must leave the layer's counts
 * (handles, threads, objects, TIDs) as it found them.
 */
static inline int ntt_case_init(struct kunit *test)
{
	struct ntt_snapshot *before = kunit_kzalloc(test, sizeof(*before),
						    GFP_KERNEL);

	if (!before)
		return -ENOMEM;
	ntt_snapshot(before);
	test->priv = before;
	return 0;
}

static inline void ntt_case_exit(struct kunit *test)
{
	ntt_expect_baseline(test, test->priv);
}

#endif /* _NTTHREAD_KUNIT_H */
