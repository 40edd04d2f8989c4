// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel dispatcher: signal state, waits, events, semaphores, mutexes and
 * queues (timers and DPCs are in ktimer.c), delays, time, IRQL, and the
 * KTHREAD: a thread's kthread, its priority and its termination.
 *
 * Locking is per object, as NT's has been since Windows 7: there is no
 * dispatcher lock.  Each dispatcher object is guarded by one raw spinlock
 * of a table hashed by the object's address (NT's header keeps a lock bit
 * in its first LONG, but drivers' objects have no room for a Linux lock);
 * objects that hash alike share a lock, harmlessly.  Signalling an object,
 * and acquiring it, takes that object's lock alone.
 *
 * A wait is claimed once, by cmpxchg() on its status: by the signaller of
 * one of its objects (WaitAny), by whoever holds the locks of all of its
 * objects (WaitAll), or by the waiter when its time is up.  Only the
 * claimer acquires objects for it, so a wait is satisfied exactly once, and
 * WaitAll, which acquires its objects under all their locks, stays atomic.
 * WaitAll takes its objects' locks in table order, under nt_wait_all_lock
 * (lockdep's nest lock for them); a signaller, which holds one of them
 * already, only try-locks the others, and when one is busy wakes the
 * waiter to take them all itself.
 *
 * The locks are taken at DISPATCH_LEVEL (KeSetEvent() from an interrupt, a
 * zero-timeout wait under a spin lock), so they are raw spinlocks, which
 * PREEMPT_RT does not turn into sleeping locks; what they guard is bounded:
 * one object's waiters, each woken once, or one wait's 64 objects.  A
 * waiter links one wait block per object and sleeps in TASK_IDLE:
 * uninterruptible like NT's kernel-mode waits, but neither counted as load
 * nor reported as a hung task when a worker waits for work for a long
 * time.  Alertable waits are accepted and behave as non-alertable ones: no
 * APCs are delivered here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/hash.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "fault.h"
#include "irql.h"
#include "ke.h"
#include "report.h"
#include "stats.h"
#include "trace.h"

/* 100 ns units between 1601-01-01 and 1970-01-01 */
#define NT_EPOCH_OFFSET		116444736000000000LL
#define NT_KTHREAD_SIZE		NT_SIZE(struct nt_kthread)
#define NT_DEFAULT_PRIORITY	8

/* A wait's status before it is over: no NTSTATUS has these values. */
#define NT_WAIT_PENDING		(-1)	/* nobody has claimed it */
#define NT_WAIT_CLAIMED		(-2)	/* claimed; its status follows */

#define NT_OBJECT_LOCK_BITS	8
#define NT_OBJECT_LOCKS		BIT(NT_OBJECT_LOCK_BITS)

static struct {
	raw_spinlock_t lock;
} ____cacheline_aligned_in_smp nt_object_locks[NT_OBJECT_LOCKS];

static DEFINE_RAW_SPINLOCK(nt_wait_all_lock);

static unsigned int nt_lock_index(const void *object)
{
	return hash_ptr(object, NT_OBJECT_LOCK_BITS);
}

static raw_spinlock_t *nt_object_lock(const void *object)
{
	return &nt_object_locks[nt_lock_index(object)].lock;
}

/* One lockdep class for the whole table: WaitAll nests them. */
void nt_ke_init(void)
{
	unsigned int i;

	for (i = 0; i < NT_OBJECT_LOCKS; i++)
		raw_spin_lock_init(&nt_object_locks[i].lock);
}

/* Take and drop @header's lock (for ktimer.c). */
unsigned long nt_object_lock_irqsave(DISPATCHER_HEADER *header)
	__acquires(header)
{
	unsigned long flags;

	raw_spin_lock_irqsave(nt_object_lock(header), flags);
	return flags;
}

void nt_object_unlock_irqrestore(DISPATCHER_HEADER *header,
				 unsigned long flags)
	__releases(header)
{
	raw_spin_unlock_irqrestore(nt_object_lock(header), flags);
}

/**
 * struct nt_waiter - a thread blocked in a wait, on its own stack
 * @task: the waiting task: what owns the mutexes it acquires
 * @thread: its thread object, or NULL in a thread the layer did not create
 * @status: NT_WAIT_PENDING, NT_WAIT_CLAIMED, then the wait's result
 * @visible: a block is linked: others may claim the wait (set once, by
 *	     the waiter, under the lock of the first object it links to)
 * @retry: a signaller of a WaitAll could not take all the locks: the waiter
 *	   should try itself (an int: GCC's KCSAN instrumentation turns a
 *	   READ_ONCE() of a bool checked by UBSAN into a plain read)
 * @wait_type: WaitAll or WaitAny
 * @count: objects waited on
 * @blocks: one wait block per object, each naming its object: the wait
 *	    reads the objects from here, never again from the caller's array
 * @entry: NULL, or for KeRemoveQueue() where the entry it takes goes
 * @locks: for WaitAll, the table's locks its objects use
 *
 * The claimer of a wait unlinks the blocks on the objects it acquired
 * before it publishes the status (with release semantics) and wakes the
 * waiter, as NT does: the waiter never touches those objects again, so the
 * signaller may free or reinitialise an event as soon as KeSetEvent()
 * returns.  The waiter unlinks its other blocks itself.
 */
struct nt_waiter {
	struct task_struct *task;
	struct nt_kthread *thread;
	NTSTATUS status;
	bool visible;
	int retry;
	WAIT_TYPE wait_type;
	ULONG count;
	KWAIT_BLOCK *blocks;
	PLIST_ENTRY *entry;
	DECLARE_BITMAP(locks, NT_OBJECT_LOCKS);
};

static DISPATCHER_HEADER *nt_waiter_object(const struct nt_waiter *w, ULONG i)
{
	return w->blocks[i].Object;
}

/*
 * Claim @w: true for the one caller that may complete it.  Until a block
 * is linked, the waiter alone knows the wait.
 */
static bool nt_claim(struct nt_waiter *w)
{
	if (!w->visible) {
		w->status = NT_WAIT_CLAIMED;
		return true;
	}
	return cmpxchg(&w->status, NT_WAIT_PENDING, NT_WAIT_CLAIMED) ==
	       NT_WAIT_PENDING;
}

/*
 * Publish the result of @w, which the caller claimed, and wake the waiter
 * unless the caller is the waiter itself, in task context.  An interrupt
 * (a timer's expiry, a DPC) runs as the task it interrupted, which may be
 * the waiter between its last look at the status and schedule(): it must
 * be woken like any other.  The waiter may return, and its task exit, as
 * soon as it sees the status: the task is referenced across the wake-up.
 */
static void nt_complete(struct nt_waiter *w, NTSTATUS status)
{
	struct task_struct *task = w->task;
	bool other = task != current || !in_task();

	if (other)
		get_task_struct(task);
	/* Pairs with nt_wait()'s acquire: it sees what was acquired for it. */
	smp_store_release(&w->status, status);
	if (other) {
		wake_up_process(task);
		put_task_struct(task);
	}
}

/*
 * Take @w's blocks off @header's list (a WaitAny may name an object more
 * than once).  Return: the lowest index of @header in the wait.
 */
static ULONG nt_unlink_blocks_locked(struct nt_waiter *w,
				     DISPATCHER_HEADER *header)
{
	ULONG i, first = w->count;

	lockdep_assert_held(nt_object_lock(header));
	for (i = 0; i < w->count; i++) {
		if (nt_waiter_object(w, i) != header)
			continue;
		if (first == w->count)
			first = i;
		list_del_init(&w->blocks[i].WaitListEntry);
	}
	return first;
}

void nt_dispatcher_init_header(DISPATCHER_HEADER *header, u8 type, u8 size,
			       LONG state)
{
	/* Absolute and Inserted are left alone, as NT's initialisers do. */
	header->Type = type;
	header->Size = size;
	header->SignalState = state;
	INIT_LIST_HEAD(&header->WaitListHead);
}

/*
 * The type of the dispatcher object at @object, or -1 if it is none that
 * can be waited on: uninitialised, or no dispatcher object at all.
 * Drivers pass anything, so the header's first word (type, size, state)
 * and its wait list's head are read with nt_read_word_nofault(), which
 * neither faults on an unmapped address nor counts as an out-of-bounds
 * access where a smaller object lies, and costs a comparison and a load.
 */
static int nt_dispatcher_type(const void *object)
{
	const DISPATCHER_HEADER *header = object;
	unsigned long word, next;
	u8 type, size;
	size_t expect;

	if (!nt_read_word_nofault(header, &word) ||
	    !nt_read_word_nofault(&header->WaitListHead.next, &next) || !next)
		return -1;
	/* Type and Size are the header's bytes 0 and 2 (x86-64: little endian). */
	static_assert(offsetof(DISPATCHER_HEADER, Type) == 0);
	static_assert(offsetof(DISPATCHER_HEADER, Size) == 2);
	type = word & 0xff;
	size = (word >> 16) & 0xff;
	switch (type) {
	case NT_DISP_EVENT_NOTIFICATION:
	case NT_DISP_EVENT_SYNCHRONIZATION:
		expect = NT_SIZE(KEVENT);
		break;
	case NT_DISP_MUTANT:
		expect = NT_SIZE(KMUTANT);
		break;
	case NT_DISP_QUEUE:
		expect = NT_SIZE(KQUEUE);
		break;
	case NT_DISP_SEMAPHORE:
		expect = NT_SIZE(KSEMAPHORE);
		break;
	case NT_DISP_TIMER_NOTIFICATION:
	case NT_DISP_TIMER_SYNCHRONIZATION:
		expect = NT_SIZE(KTIMER);
		break;
	case NT_DISP_THREAD:
		expect = NT_KTHREAD_SIZE;
		break;
	case NT_DISP_PROCESS:
		return type;
	default:
		return -1;
	}
	return size == expect ? type : -1;
}

/* Is @object an initialised dispatcher object of @type? */
bool nt_dispatcher_is(const void *object, enum nt_dispatcher_type type)
{
	return nt_dispatcher_type(object) == type;
}

static bool nt_is_event(const void *object)
{
	int type = nt_dispatcher_type(object);

	return type == NT_DISP_EVENT_NOTIFICATION ||
	       type == NT_DISP_EVENT_SYNCHRONIZATION;
}

/* Can @w acquire @header now?  A mutex also by the thread that owns it. */
static bool nt_ready_locked(const DISPATCHER_HEADER *header,
			    const struct nt_waiter *w)
{
	lockdep_assert_held(nt_object_lock(header));
	if (header->SignalState > 0)
		return true;
	return header->Type == NT_DISP_MUTANT &&
	       ((const KMUTANT *)header)->OwnerTask == w->task;
}

/*
 * @w acquires the mutex: the first acquisition makes it the owner.  Only
 * the claimer of @w links the mutex to the waiter's list of mutexes, and
 * the waiter is blocked meanwhile (or is the caller): the list has one
 * writer at a time, the thread itself otherwise.
 */
static bool nt_mutant_acquire_locked(KMUTANT *mutant, struct nt_waiter *w)
{
	bool abandoned = mutant->Abandoned;

	if (mutant->Header.SignalState-- != 1)
		return false;
	mutant->OwnerTask = w->task;
	mutant->OwnerThread = (struct nt_thread *)w->thread;
	mutant->Abandoned = FALSE;
	if (w->thread)
		list_add_tail(nt_list(&mutant->MutantListEntry),
			      &w->thread->mutants);
	return abandoned;
}

/*
 * A satisfied wait acquires @header: a synchronization event or timer
 * resets, a semaphore gives one count, a mutex its ownership, and a queue
 * its first entry to KeRemoveQueue().  True if the acquired mutex had been
 * abandoned.  @w may be NULL but for a mutex.
 */
static bool nt_consume_locked(DISPATCHER_HEADER *header, struct nt_waiter *w)
{
	lockdep_assert_held(nt_object_lock(header));
	trace_ntthread_object_acquire(header, header->Type, w ? w->thread : NULL,
				      !w);
	switch (header->Type) {
	case NT_DISP_EVENT_SYNCHRONIZATION:
	case NT_DISP_TIMER_SYNCHRONIZATION:
		header->SignalState = 0;
		break;
	case NT_DISP_SEMAPHORE:
		header->SignalState--;
		break;
	case NT_DISP_MUTANT:
		return nt_mutant_acquire_locked((KMUTANT *)header, w);
	case NT_DISP_QUEUE:
		if (w && w->entry) {
			KQUEUE *queue = (KQUEUE *)header;
			struct list_head *first = nt_list(&queue->EntryListHead)->next;

			list_del(first);
			/* NT marks an entry taken off a queue so. */
			first->next = NULL;
			header->SignalState--;
			*w->entry = (PLIST_ENTRY)first;
		}
		break;
	}
	return false;
}

/*
 * Would @w acquire a mutex it owns past MINLONG acquisitions?  Where
 * Windows raises STATUS_MUTANT_LIMIT_EXCEEDED, the wait ends with that
 * status, having acquired nothing.
 */
static bool nt_mutant_at_limit_locked(const DISPATCHER_HEADER *header,
				      const struct nt_waiter *w)
{
	if (header->Type != NT_DISP_MUTANT ||
	    header->SignalState != INT_MIN ||
	    ((const KMUTANT *)header)->OwnerTask != w->task)
		return false;
	nt_bugcheck_once("mutex %p: MINLONG acquisitions (MUTANT_LIMIT_EXCEEDED)",
			 header);
	return true;
}

/* WaitAny: @w acquires @header, whose lock is held, if it can. */
static bool nt_try_any_locked(struct nt_waiter *w, DISPATCHER_HEADER *header)
{
	NTSTATUS status;

	if (nt_mutant_at_limit_locked(header, w)) {
		status = STATUS_MUTANT_LIMIT_EXCEEDED;
		if (!nt_claim(w))
			return false;
	} else {
		if (!nt_ready_locked(header, w) || !nt_claim(w))
			return false;
		status = nt_consume_locked(header, w) ? STATUS_ABANDONED_WAIT_0 :
							STATUS_WAIT_0;
	}
	status += nt_unlink_blocks_locked(w, header);
	nt_complete(w, status);
	return true;
}

/*
 * WaitAll, with the locks of all of @w's objects held: acquire them all if
 * every one is signalled, and unlink every block.
 */
static bool nt_try_all_locked(struct nt_waiter *w)
{
	NTSTATUS status = STATUS_SUCCESS;
	ULONG i;

	for (i = 0; i < w->count; i++) {
		if (nt_mutant_at_limit_locked(nt_waiter_object(w, i), w)) {
			status = STATUS_MUTANT_LIMIT_EXCEEDED;
			goto claim;
		}
	}
	for (i = 0; i < w->count; i++)
		if (!nt_ready_locked(nt_waiter_object(w, i), w))
			return false;
claim:
	if (!nt_claim(w))
		return false;
	for (i = 0; i < w->count; i++) {
		if (status != STATUS_MUTANT_LIMIT_EXCEEDED &&
		    nt_consume_locked(nt_waiter_object(w, i), w))
			status = STATUS_ABANDONED;
		list_del_init(&w->blocks[i].WaitListEntry);
	}
	nt_complete(w, status);
	return true;
}

/*
 * Take the locks of all of WaitAll @w's objects, in table order.  Sparse
 * cannot count locks taken in a loop: each lock is taken and released
 * in sparse's view, and all of them stand in the nest lock's context.
 */
static unsigned long nt_lock_all(struct nt_waiter *w)
	__acquires(&nt_wait_all_lock)
{
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&nt_wait_all_lock, flags);
	for_each_set_bit(i, w->locks, NT_OBJECT_LOCKS) {
		raw_spin_lock_nest_lock(&nt_object_locks[i].lock,
					&nt_wait_all_lock);
		__release(&nt_object_locks[i].lock);
	}
	return flags;
}

static void nt_unlock_all(struct nt_waiter *w, unsigned long flags)
	__releases(&nt_wait_all_lock)
{
	unsigned int i;

	for_each_set_bit(i, w->locks, NT_OBJECT_LOCKS) {
		__acquire(&nt_object_locks[i].lock);
		raw_spin_unlock(&nt_object_locks[i].lock);
	}
	raw_spin_unlock_irqrestore(&nt_wait_all_lock, flags);
}

/* Drop the locks nt_wake_all_locked() took (as sparse sees them: none). */
static void nt_unlock_taken(unsigned long *taken)
{
	unsigned int i;

	for_each_set_bit(i, taken, NT_OBJECT_LOCKS) {
		__acquire(&nt_object_locks[i].lock);
		raw_spin_unlock(&nt_object_locks[i].lock);
	}
}

/*
 * A signaller, holding @header's lock, satisfies WaitAll @w if it can take
 * the other locks at once and every object is signalled.  If a lock is
 * busy, the waiter is woken to try with all the locks itself: @w cannot
 * go meanwhile, since its block on @header is still linked.
 */
static bool nt_wake_all_locked(struct nt_waiter *w, DISPATCHER_HEADER *header)
{
	DECLARE_BITMAP(taken, NT_OBJECT_LOCKS);
	unsigned int held = nt_lock_index(header), i;
	bool done;

	if (!nt_ready_locked(header, w))
		return false;
	if (w->count > NT_TRY_ALL_MAX)
		goto retry;
	bitmap_zero(taken, NT_OBJECT_LOCKS);
	for_each_set_bit(i, w->locks, NT_OBJECT_LOCKS) {
		if (i == held)
			continue;
		if (!raw_spin_trylock(&nt_object_locks[i].lock))
			goto unlock;
		__release(&nt_object_locks[i].lock);
		__set_bit(i, taken);
	}
	done = nt_try_all_locked(w);
	nt_unlock_taken(taken);
	return done;
unlock:
	nt_unlock_taken(taken);
retry:
	WRITE_ONCE(w->retry, 1);
	wake_up_process(w->task);
	return false;
}

/*
 * @header became signalled, its lock held: release the waiters it
 * satisfies, in the order they began to wait.  A satisfied waiter's blocks
 * leave this list (perhaps the next entries too), so the walk starts over;
 * the waiters it passes again are WaitAll waiters still missing an object
 * and waits that another object satisfied.
 */
void nt_dispatcher_wake_locked(DISPATCHER_HEADER *header)
{
	KWAIT_BLOCK *block;

	lockdep_assert_held(nt_object_lock(header));
	trace_ntthread_object_signal(header, header->Type, header->SignalState);
again:
	list_for_each_entry(block, &header->WaitListHead, WaitListEntry) {
		struct nt_waiter *w = block->SparePtr;
		bool done;

		if (header->SignalState <= 0)
			return;
		if (READ_ONCE(w->status) != NT_WAIT_PENDING)
			continue;
		if (w->wait_type == WaitAny)
			done = nt_try_any_locked(w, header);
		else
			done = nt_wake_all_locked(w, header);
		if (done)
			goto again;
	}
}

/**
 * KeGetCurrentIrql() - the IRQL that the Linux context corresponds to
 *
 * Context: any context.
 * Return: PASSIVE_LEVEL in process context that may sleep, DISPATCH_LEVEL
 * in any atomic context (interrupts, softirqs, preemption or interrupts
 * disabled, spinlock held, RCU read-side section); the level KeRaiseIrql
 * raised to (up to HIGH_LEVEL) while it is raised.  Needs
 * CONFIG_PREEMPT_COUNT to see spinlocks.
 */
KIRQL KeGetCurrentIrql(void)
{
	KIRQL raised = nt_irql_raised();	/* by KeRaiseIrql, spin locks */

	if (raised)
		return raised;
	return nt_at_passive() ? PASSIVE_LEVEL : DISPATCH_LEVEL;
}
EXPORT_SYMBOL_GPL(KeGetCurrentIrql);

/*
 * Turn an NT timeout into an absolute expiry on @clock.  Negative values
 * are relative (monotonic clock), positive ones absolute system time since
 * 1601 (real-time clock, so that setting the clock moves the expiry).
 */
ktime_t nt_expiry(s64 timeout, clockid_t *clock)
{
	if (timeout < 0) {
		*clock = CLOCK_MONOTONIC;
		if (timeout < -(KTIME_MAX / 100))
			return KTIME_MAX;
		return ktime_add_safe(ktime_get(), ns_to_ktime(-timeout * 100));
	}
	*clock = CLOCK_REALTIME;
	if (timeout <= NT_EPOCH_OFFSET)
		return 0;
	if (timeout - NT_EPOCH_OFFSET > KTIME_MAX / 100)
		return KTIME_MAX;
	return ns_to_ktime((timeout - NT_EPOCH_OFFSET) * 100);
}

/* Link block @i of @w on its object, whose lock is held. */
static void nt_link_block_locked(struct nt_waiter *w, ULONG i)
{
	/* Written once, before signallers can see the wait. */
	if (!w->visible)
		w->visible = true;
	/*
	 * Waiters are released in the order they began to wait, but for
	 * KeRemoveQueue(): NT releases the last of those first (LIFO), whose
	 * cache is warm.
	 */
	if (w->entry)
		list_add(&w->blocks[i].WaitListEntry,
			 &nt_waiter_object(w, i)->WaitListHead);
	else
		list_add_tail(&w->blocks[i].WaitListEntry,
			      &nt_waiter_object(w, i)->WaitListHead);
}

/*
 * WaitAny begins: object by object, in index order, under each one's lock,
 * acquire the first that is signalled, or link a block (unless @link is
 * false: a poll).  A signaller may claim the wait once its first block is
 * linked: the walk stops there.
 */
static void nt_wait_any_begin(struct nt_waiter *w, bool link)
{
	unsigned long flags;
	ULONG i;

	for (i = 0; i < w->count; i++) {
		DISPATCHER_HEADER *header = nt_waiter_object(w, i);
		bool over;

		raw_spin_lock_irqsave(nt_object_lock(header), flags);
		over = READ_ONCE(w->status) != NT_WAIT_PENDING ||
		       nt_try_any_locked(w, header);
		if (!over && link)
			nt_link_block_locked(w, i);
		raw_spin_unlock_irqrestore(nt_object_lock(header), flags);
		if (over)
			return;
	}
}

/* WaitAll begins: under all the locks, acquire everything or link. */
static void nt_wait_all_begin(struct nt_waiter *w, bool link)
{
	unsigned long flags;
	ULONG i;

	for (i = 0; i < w->count; i++)
		__set_bit(nt_lock_index(nt_waiter_object(w, i)), w->locks);
	flags = nt_lock_all(w);
	if (!nt_try_all_locked(w) && link)
		for (i = 0; i < w->count; i++)
			nt_link_block_locked(w, i);
	nt_unlock_all(w, flags);
}

/*
 * The wait is over: unlink the blocks its claimer left.  Those that it
 * unlinked read as empty here (the status was read with acquire
 * semantics); those left linked stay so until unlinked here.
 */
static void nt_wait_end(struct nt_waiter *w)
{
	unsigned long flags;
	ULONG i;

	for (i = 0; i < w->count; i++) {
		KWAIT_BLOCK *block = &w->blocks[i];
		raw_spinlock_t *lock;

		if (list_empty(&block->WaitListEntry))
			continue;
		lock = nt_object_lock(block->Object);
		raw_spin_lock_irqsave(lock, flags);
		list_del_init(&block->WaitListEntry);
		raw_spin_unlock_irqrestore(lock, flags);
	}
}

/*
 * A wait for one signalled object, but a mutex, which records its owner:
 * acquire it without building a waiter (a semaphore or a synchronization
 * event with work pending, the common case); a caller's wait block is
 * left as it was.  The unlocked peek only saves the lock where the object
 * is not signalled.
 */
static bool nt_wait_one_at_once(DISPATCHER_HEADER *header)
{
	raw_spinlock_t *lock;
	unsigned long flags;
	bool ready;

	if (header->Type == NT_DISP_MUTANT || READ_ONCE(header->SignalState) <= 0)
		return false;
	lock = nt_object_lock(header);
	raw_spin_lock_irqsave(lock, flags);
	ready = header->SignalState > 0;
	if (ready)
		nt_consume_locked(header, NULL);
	raw_spin_unlock_irqrestore(lock, flags);
	return ready;
}

/* Any other wait: a waiter with one wait block per object. */
static NTSTATUS nt_wait_with_blocks(PVOID *objects, ULONG count,
				    WAIT_TYPE wait_type, const s64 *timeout,
				    KWAIT_BLOCK *blocks, PLIST_ENTRY *entry)
{
	struct nt_waiter w = {
		.task = current,
		.thread = nt_ke_current_thread(),
		.status = NT_WAIT_PENDING,
		.wait_type = wait_type,
		.count = count,
		.blocks = blocks,
		.entry = entry,
	};
	bool poll = timeout && !*timeout, expired = false;
	PKTHREAD self = (PKTHREAD)w.thread;
	clockid_t clock = CLOCK_MONOTONIC;
	ktime_t expiry = KTIME_MAX;
	NTSTATUS status;
	ULONG i;

	if (timeout && *timeout)
		expiry = nt_expiry(*timeout, &clock);

	for (i = 0; i < count; i++) {
		blocks[i].Thread = self;
		blocks[i].SparePtr = &w;
		blocks[i].Object = objects[i];
		blocks[i].WaitKey = i;
		blocks[i].WaitType = wait_type;
		INIT_LIST_HEAD(&blocks[i].WaitListEntry);
	}
	if (wait_type == WaitAny)
		nt_wait_any_begin(&w, !poll);
	else
		nt_wait_all_begin(&w, !poll);
	if (!w.visible) {
		/* Over at once, or a poll: nobody else could claim it. */
		status = w.status;
		goto out;
	}
	for (;;) {
		set_current_state(TASK_IDLE);
		/* Pairs with nt_complete(): the claimer's acquisitions. */
		status = smp_load_acquire(&w.status);
		if (status != NT_WAIT_PENDING && status != NT_WAIT_CLAIMED) {
			/* A lost wake-up, or a result due as the time-out fired */
			if (expired)
				nt_stat_inc(NT_CTR_WAITS_WOKEN_LATE);
			break;
		}
		if (status == NT_WAIT_PENDING && READ_ONCE(w.retry)) {
			unsigned long flags;

			__set_current_state(TASK_RUNNING);
			WRITE_ONCE(w.retry, 0);
			flags = nt_lock_all(&w);
			nt_try_all_locked(&w);
			nt_unlock_all(&w, flags);
			continue;
		}
		if (status == NT_WAIT_PENDING && expired && nt_claim(&w)) {
			status = STATUS_TIMEOUT;
			break;
		}
		/* Claimed: the claimer wakes us once it has published. */
		if (expiry == KTIME_MAX || expired)
			schedule();
		else
			expired = !schedule_hrtimeout_range_clock(&expiry, 0,
						HRTIMER_MODE_ABS, clock);
	}
	__set_current_state(TASK_RUNNING);
	nt_wait_end(&w);
out:
	return status == NT_WAIT_PENDING ? STATUS_TIMEOUT : status;
}

/*
 * The wait itself, once the arguments are checked.  @timeout is NULL for
 * no time-out; @entry is NULL but for KeRemoveQueue().
 */
static NTSTATUS nt_wait(PVOID *objects, ULONG count,
			WAIT_TYPE wait_type, const s64 *timeout,
			KWAIT_BLOCK *blocks, PLIST_ENTRY *entry)
{
	NTSTATUS status;

	trace_ntthread_wait_begin(count, wait_type, !timeout,
				  timeout ? *timeout : 0);
	if (count == 1 && !entry && nt_wait_one_at_once(objects[0]))
		status = STATUS_WAIT_0;
	else
		status = nt_wait_with_blocks(objects, count, wait_type,
					     timeout, blocks, entry);
	trace_ntthread_wait_end(status);
	return status;
}

static bool nt_listed_before(PVOID *objects, ULONG i)
{
	ULONG j;

	for (j = 0; j < i; j++)
		if (objects[j] == objects[i])
			return true;
	return false;
}

/* Can the caller wait with @timeout here?  A zero wait never sleeps. */
static bool nt_wait_allowed(PLARGE_INTEGER timeout)
{
	if ((timeout && timeout->QuadPart == 0) || nt_at_passive())
		return true;
	return false;
}

/* The function itself, not api.h's macro for MSVC-style callers. */
#undef KeWaitForMultipleObjects

/**
 * KeWaitForMultipleObjects() - wait for any or all of several objects
 * @Count: number of objects, 1..MAXIMUM_WAIT_OBJECTS (64)
 * @Object: the objects: events, semaphores, mutexes, timers, queues,
 *	    thread or process objects, in any mix
 * @WaitType: WaitAny or WaitAll
 * @WaitReason: recorded by NT for debugging; ignored
 * @WaitMode: KernelMode or UserMode; both wait the same way here
 * @Alertable: accepted; no APCs are delivered, so never STATUS_ALERTED
 * @Timeout: NULL to wait forever, zero to poll, negative for a relative
 *	     time, positive for an absolute system time (100 ns units)
 * @WaitBlockArray: wait blocks, one per object; required when @Count is
 *		    above THREAD_WAIT_OBJECTS (3)
 *
 * WaitAny is satisfied by the first object (lowest index) that is
 * signalled, and acquires only that one.  WaitAll is satisfied atomically
 * once every object is, and only then acquires them all.  Acquiring
 * resets a synchronization event or timer, takes one count of a semaphore
 * and takes ownership of a mutex (a mutex its owner waits on again is
 * acquired recursively).  A mutex whose owner terminated is acquired as
 * abandoned.
 *
 * Context: process context and may sleep; a zero @Timeout is also allowed
 * in atomic context (DISPATCH_LEVEL).
 * Return: STATUS_WAIT_0 + index for WaitAny, STATUS_SUCCESS for WaitAll,
 * STATUS_ABANDONED_WAIT_0 + index (WaitAny) or STATUS_ABANDONED (WaitAll)
 * when an abandoned mutex was acquired, STATUS_TIMEOUT;
 * STATUS_MUTANT_LIMIT_EXCEEDED when the caller would acquire a mutex it
 * owns past MINLONG times (Windows raises it; logged once);
 * STATUS_INVALID_PARAMETER for a bad @Count, @WaitType, object, or a
 * missing @WaitBlockArray (Windows bug checks: logged once);
 * STATUS_INVALID_PARAMETER_MIX for an object listed twice in a WaitAll;
 * STATUS_INVALID_DEVICE_STATE for a sleeping wait in atomic context.
 */
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[],
				  WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
				  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				  PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	KWAIT_BLOCK blocks[THREAD_WAIT_OBJECTS];
	ULONG i;

	if (!Count || Count > MAXIMUM_WAIT_OBJECTS || !Object) {
		nt_bugcheck_once("Count %u (MAXIMUM_WAIT_OBJECTS_EXCEEDED)", Count);
		return STATUS_INVALID_PARAMETER;
	}
	if (Count > THREAD_WAIT_OBJECTS && !WaitBlockArray) {
		nt_bugcheck_once("%u objects and no wait block array", Count);
		return STATUS_INVALID_PARAMETER;
	}
	if (WaitType != WaitAll && WaitType != WaitAny)
		return STATUS_INVALID_PARAMETER;
	if (WaitMode != KernelMode && WaitMode != UserMode)
		return STATUS_INVALID_PARAMETER;
	for (i = 0; i < Count; i++) {
		if (nt_dispatcher_type(Object[i]) < 0) {
			nt_bugcheck_once("object %u (%p) is not a dispatcher object",
					 i, Object[i]);
			return STATUS_INVALID_PARAMETER;
		}
		/* WaitAll would acquire a semaphore or mutex twice at once. */
		if (WaitType == WaitAll && nt_listed_before(Object, i))
			return STATUS_INVALID_PARAMETER_MIX;
	}
	if (!nt_wait_allowed(Timeout)) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	return nt_wait(Object, Count, WaitType,
		       Timeout ? &Timeout->QuadPart : NULL,
		       WaitBlockArray ? WaitBlockArray : blocks, NULL);
}
EXPORT_SYMBOL_GPL(KeWaitForMultipleObjects);

/**
 * KeWaitForSingleObject() - wait for one object to be signalled
 * @Object: an event, semaphore, mutex, timer, queue, thread or process
 * @WaitReason: ignored
 * @WaitMode: KernelMode or UserMode
 * @Alertable: accepted; never STATUS_ALERTED here
 * @Timeout: as for KeWaitForMultipleObjects()
 *
 * Context: process context and may sleep; a zero @Timeout is also allowed
 * in atomic context.
 * Return: STATUS_SUCCESS, STATUS_TIMEOUT; STATUS_INVALID_PARAMETER for an
 * object that is not an initialised dispatcher object;
 * STATUS_INVALID_DEVICE_STATE for a sleeping wait in atomic context.
 */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
			       KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
{
	return KeWaitForMultipleObjects(1, &Object, WaitAny, WaitReason,
					WaitMode, Alertable, Timeout, NULL);
}
EXPORT_SYMBOL_GPL(KeWaitForSingleObject);

/* Wait for @object with a relative time-out in 100 ns units (internal). */
NTSTATUS nt_wait_timeout(void *object, s64 timeout_100ns)
{
	LARGE_INTEGER timeout = { .QuadPart = -timeout_100ns };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE,
				     &timeout);
}

/**
 * KeInitializeEvent() - initialise a KEVENT in the caller's memory
 * @Event: the event
 * @Type: NotificationEvent (stays signalled until reset) or
 *	  SynchronizationEvent (releases one waiter, then resets itself)
 * @State: initial state: TRUE for signalled
 *
 * An invalid @Type leaves the event unusable: waits and sets on it then
 * fail (logged once).
 *
 * Context: any context.
 */
VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	if (!Event) {
		nt_bugcheck_once("NULL event");
		return;
	}
	if (Type != NotificationEvent && Type != SynchronizationEvent) {
		nt_bugcheck_once("event type %d", Type);
		nt_dispatcher_init_header(&Event->Header, 0xff, 0, 0);
		return;
	}
	nt_dispatcher_init_header(&Event->Header, Type, NT_SIZE(KEVENT), !!State);
}
EXPORT_SYMBOL_GPL(KeInitializeEvent);

/* Set @event's state under its lock; returns the old state. */
static LONG nt_event_set(PRKEVENT event, LONG state, bool pulse)
{
	unsigned long flags;
	LONG old;

	if (!nt_is_event(event)) {
		nt_bugcheck_once("%p is not an initialised event", event);
		return 0;
	}
	flags = nt_object_lock_irqsave(&event->Header);
	old = event->Header.SignalState;
	event->Header.SignalState = state;
	if (state)
		nt_dispatcher_wake_locked(&event->Header);
	if (pulse)
		event->Header.SignalState = 0;
	nt_object_unlock_irqrestore(&event->Header, flags);
	return old;
}

/**
 * KeSetEvent() - signal an event
 * @Event: the event
 * @Increment: priority boost for released waiters; ignored
 * @Wait: TRUE if a wait call follows at once; ignored (no lock is held
 *	  across calls here)
 *
 * A notification event releases every waiter and stays signalled; a
 * synchronization event releases one waiter, or stays signalled until one
 * comes.
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: the previous state (non-zero if it was signalled); 0 for an
 * invalid event.
 */
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	return nt_event_set(Event, 1, false);
}
EXPORT_SYMBOL_GPL(KeSetEvent);

/**
 * KePulseEvent() - signal an event, release its waiters, and reset it
 * @Event: the event
 * @Increment: ignored
 * @Wait: ignored
 *
 * Context: any context; never sleeps.
 * Return: the previous state; 0 for an invalid event.
 */
LONG KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	return nt_event_set(Event, 1, true);
}
EXPORT_SYMBOL_GPL(KePulseEvent);

/**
 * KeResetEvent() - set an event to not signalled
 * @Event: the event
 *
 * Context: any context; never sleeps.
 * Return: the previous state; 0 for an invalid event.
 */
LONG KeResetEvent(PRKEVENT Event)
{
	return nt_event_set(Event, 0, false);
}
EXPORT_SYMBOL_GPL(KeResetEvent);

/**
 * KeClearEvent() - set an event to not signalled, ignoring the old state
 * @Event: the event
 *
 * Context: any context; never sleeps.
 */
VOID KeClearEvent(PRKEVENT Event)
{
	nt_event_set(Event, 0, false);
}
EXPORT_SYMBOL_GPL(KeClearEvent);

/**
 * KeReadStateEvent() - read an event's state
 * @Event: the event
 *
 * Context: any context; never sleeps.
 * Return: the current state (non-zero: signalled); 0 for an invalid event.
 */
LONG KeReadStateEvent(PRKEVENT Event)
{
	if (!nt_is_event(Event)) {
		nt_bugcheck_once("%p is not an initialised event", Event);
		return 0;
	}
	return READ_ONCE(Event->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateEvent);

/**
 * KeInitializeSemaphore() - initialise a KSEMAPHORE in the caller's memory
 * @Semaphore: the semaphore
 * @Count: initial count, 0..@Limit; the semaphore is signalled while
 *	   the count is above zero
 * @Limit: the largest count, above zero
 *
 * An invalid @Count or @Limit leaves the semaphore unusable: waits and
 * releases on it then fail (logged once).
 *
 * Context: any context.
 */
VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
	if (!Semaphore) {
		nt_bugcheck_once("NULL semaphore");
		return;
	}
	if (Limit <= 0 || Count < 0 || Count > Limit) {
		nt_bugcheck_once("semaphore count %d, limit %d", Count, Limit);
		nt_dispatcher_init_header(&Semaphore->Header, 0xff, 0, 0);
		return;
	}
	nt_dispatcher_init_header(&Semaphore->Header, NT_DISP_SEMAPHORE,
				  NT_SIZE(KSEMAPHORE), Count);
	Semaphore->Limit = Limit;
}
EXPORT_SYMBOL_GPL(KeInitializeSemaphore);

/**
 * KeReleaseSemaphore() - add to a semaphore's count, releasing waiters
 * @Semaphore: the semaphore
 * @Increment: priority boost for released waiters; ignored (see README)
 * @Adjustment: what to add to the count; 0 adds nothing
 * @Wait: ignored (no lock is held across calls here)
 *
 * Each wait that the semaphore satisfies takes one count.  Where Windows
 * raises STATUS_SEMAPHORE_LIMIT_EXCEEDED (the count would pass the limit,
 * or fall: a negative @Adjustment), the count is left unchanged and the
 * misuse is logged once.
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: the count before the call; 0 for an invalid semaphore.
 */
LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment,
			LONG Adjustment, BOOLEAN Wait)
{
	unsigned long flags;
	LONG old;

	if (!nt_dispatcher_is(Semaphore, NT_DISP_SEMAPHORE)) {
		nt_bugcheck_once("%p is not an initialised semaphore", Semaphore);
		return 0;
	}
	flags = nt_object_lock_irqsave(&Semaphore->Header);
	old = Semaphore->Header.SignalState;
	if (!Adjustment) {		/* nothing to add, as on Windows */
		nt_object_unlock_irqrestore(&Semaphore->Header, flags);
		return old;
	}
	if (Adjustment < 0 || old > Semaphore->Limit - Adjustment) {
		nt_object_unlock_irqrestore(&Semaphore->Header, flags);
		nt_bugcheck_once("semaphore %p: %d + %d exceeds the limit %d",
				 Semaphore, old, Adjustment, Semaphore->Limit);
		return old;
	}
	Semaphore->Header.SignalState = old + Adjustment;
	nt_dispatcher_wake_locked(&Semaphore->Header);
	nt_object_unlock_irqrestore(&Semaphore->Header, flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeReleaseSemaphore);

/**
 * KeReadStateSemaphore() - read a semaphore's count
 * @Semaphore: the semaphore
 *
 * Context: any context; never sleeps.
 * Return: the count; 0 for an invalid semaphore.
 */
LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
	if (!nt_dispatcher_is(Semaphore, NT_DISP_SEMAPHORE)) {
		nt_bugcheck_once("%p is not an initialised semaphore", Semaphore);
		return 0;
	}
	return READ_ONCE(Semaphore->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateSemaphore);

/**
 * KeInitializeMutex() - initialise a KMUTEX in the caller's memory, free
 * @Mutex: the mutex
 * @Level: ignored, as by Windows
 *
 * A wait acquires the mutex for the waiting thread, which may acquire it
 * again (recursively) and must release it as often.  Ownership belongs to
 * the task, in any thread, and OwnerThread is its thread object (adopted,
 * for a task the layer did not create), which abandons the mutex if the
 * task ends owning it.  Only a task left without an object (a burst of
 * first calls at DISPATCH_LEVEL past adopt.c's spares, counted in
 * adopt_no_spare) owns it with OwnerThread NULL, and its exit does not
 * abandon it.
 *
 * Context: any context.
 */
VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
	if (!Mutex) {
		nt_bugcheck_once("NULL mutex");
		return;
	}
	nt_dispatcher_init_header(&Mutex->Header, NT_DISP_MUTANT,
				  NT_SIZE(KMUTANT), 1);
	INIT_LIST_HEAD(nt_list(&Mutex->MutantListEntry));
	Mutex->OwnerThread = NULL;
	Mutex->OwnerTask = NULL;
	Mutex->Abandoned = FALSE;
	Mutex->ApcDisable = 1;
}
EXPORT_SYMBOL_GPL(KeInitializeMutex);

/* The owner lets go of @mutant for good; it wakes a waiter if any. */
static void nt_mutant_release_locked(KMUTANT *mutant)
{
	lockdep_assert_held(nt_object_lock(mutant));
	list_del_init(nt_list(&mutant->MutantListEntry));
	mutant->OwnerThread = NULL;
	mutant->OwnerTask = NULL;
	mutant->Header.SignalState = 1;
	nt_dispatcher_wake_locked(&mutant->Header);
}

/**
 * KeReleaseMutex() - release one acquisition of a mutex
 * @Mutex: the mutex, owned by the caller
 * @Wait: ignored (no lock is held across calls here)
 *
 * The last release frees the mutex and lets the first waiter acquire it.
 * Where Windows raises STATUS_MUTANT_NOT_OWNED (the caller does not own
 * the mutex), nothing changes and the misuse is logged once.
 *
 * Context: any context in the owning task; never sleeps.
 * Return: the state before the call: 0 if this release freed the mutex,
 * negative if the owner still holds it; 0 for an invalid mutex.
 */
LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
	unsigned long flags;
	LONG old;

	if (!nt_dispatcher_is(Mutex, NT_DISP_MUTANT)) {
		nt_bugcheck_once("%p is not an initialised mutex", Mutex);
		return 0;
	}
	flags = nt_object_lock_irqsave(&Mutex->Header);
	old = Mutex->Header.SignalState;
	if (old > 0 || Mutex->OwnerTask != current) {
		nt_object_unlock_irqrestore(&Mutex->Header, flags);
		nt_bugcheck_once("mutex %p released by a non-owner", Mutex);
		return old;
	}
	if (old == 0)
		nt_mutant_release_locked(Mutex);
	else
		Mutex->Header.SignalState = old + 1;
	nt_object_unlock_irqrestore(&Mutex->Header, flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeReleaseMutex);

/**
 * KeReadStateMutex() - read a mutex's state
 * @Mutex: the mutex
 *
 * Context: any context; never sleeps.
 * Return: 1 if the mutex is free, 1 minus the owner's recursion depth if
 * it is owned; 0 for an invalid mutex.
 */
LONG KeReadStateMutex(PRKMUTEX Mutex)
{
	if (!nt_dispatcher_is(Mutex, NT_DISP_MUTANT)) {
		nt_bugcheck_once("%p is not an initialised mutex", Mutex);
		return 0;
	}
	return READ_ONCE(Mutex->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateMutex);

/**
 * KeInitializeQueue() - initialise a KQUEUE in the caller's memory, empty
 * @Queue: the queue
 * @Count: the concurrency NT would allow (0: the number of CPUs); recorded
 *	   in MaximumCount, not enforced (see README)
 *
 * Context: any context.
 */
VOID KeInitializeQueue(PRKQUEUE Queue, ULONG Count)
{
	if (!Queue) {
		nt_bugcheck_once("NULL queue");
		return;
	}
	nt_dispatcher_init_header(&Queue->Header, NT_DISP_QUEUE,
				  NT_SIZE(KQUEUE), 0);
	INIT_LIST_HEAD(nt_list(&Queue->EntryListHead));
	INIT_LIST_HEAD(nt_list(&Queue->ThreadListHead));
	Queue->CurrentCount = 0;
	Queue->MaximumCount = Count ? Count : num_online_cpus();
}
EXPORT_SYMBOL_GPL(KeInitializeQueue);

static LONG nt_queue_insert(PRKQUEUE queue, PLIST_ENTRY entry, bool head)
{
	unsigned long flags;
	LONG old;

	if (!nt_dispatcher_is(queue, NT_DISP_QUEUE) || !entry) {
		nt_bugcheck_once("%p is not an initialised queue, or entry %p",
				 queue, entry);
		return 0;
	}
	flags = nt_object_lock_irqsave(&queue->Header);
	old = queue->Header.SignalState;
	if (head)
		list_add(nt_list(entry), nt_list(&queue->EntryListHead));
	else
		list_add_tail(nt_list(entry), nt_list(&queue->EntryListHead));
	queue->Header.SignalState = old + 1;
	nt_dispatcher_wake_locked(&queue->Header);
	nt_object_unlock_irqrestore(&queue->Header, flags);
	return old;
}

/**
 * KeInsertQueue() - append an entry to a queue
 * @Queue: the queue
 * @Entry: the caller's LIST_ENTRY, not on any list
 *
 * A thread waiting in KeRemoveQueue() takes it at once.  A queue
 * is signalled while it holds entries; waits on it with
 * KeWaitForSingleObject() take none.
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: the number of entries before the call; 0 for an invalid queue.
 */
LONG KeInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
	return nt_queue_insert(Queue, Entry, false);
}
EXPORT_SYMBOL_GPL(KeInsertQueue);

/**
 * KeInsertHeadQueue() - insert an entry at the head of a queue
 * @Queue: the queue
 * @Entry: the caller's LIST_ENTRY, not on any list
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: the number of entries before the call; 0 for an invalid queue.
 */
LONG KeInsertHeadQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
	return nt_queue_insert(Queue, Entry, true);
}
EXPORT_SYMBOL_GPL(KeInsertHeadQueue);

/**
 * KeRemoveQueue() - take the first entry of a queue, waiting for one
 * @Queue: the queue
 * @WaitMode: KernelMode or UserMode
 * @Timeout: as for KeWaitForMultipleObjects(): NULL waits forever
 *
 * Entries leave in FIFO order (but for KeInsertHeadQueue()); of the
 * threads waiting here, the one that began to wait last takes the next
 * entry (NT's LIFO wait discipline for queues).
 *
 * Context: process context and may sleep; a zero @Timeout is also allowed
 * in atomic context.
 * Return: the entry, its Flink set to NULL as NT does; or, as NT does, a
 * status cast to the pointer:
 * STATUS_TIMEOUT, or STATUS_INVALID_PARAMETER for an invalid queue or
 * @WaitMode and STATUS_INVALID_DEVICE_STATE for a sleeping wait in
 * atomic context (both where Windows bug checks; logged once).
 */
PLIST_ENTRY KeRemoveQueue(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
			  PLARGE_INTEGER Timeout)
{
	PLIST_ENTRY entry = NULL;
	KWAIT_BLOCK block;
	PVOID object = Queue;
	NTSTATUS status;

	if (!nt_dispatcher_is(Queue, NT_DISP_QUEUE) ||
	    (WaitMode != KernelMode && WaitMode != UserMode)) {
		nt_bugcheck_once("%p is not an initialised queue", Queue);
		return (PLIST_ENTRY)(LONG_PTR)STATUS_INVALID_PARAMETER;
	}
	if (!nt_wait_allowed(Timeout)) {
		nt_wrong_irql_once();
		return (PLIST_ENTRY)(LONG_PTR)STATUS_INVALID_DEVICE_STATE;
	}
	status = nt_wait(&object, 1, WaitAny,
			 Timeout ? &Timeout->QuadPart : NULL, &block, &entry);
	if (status != STATUS_WAIT_0)
		return (PLIST_ENTRY)(LONG_PTR)status;
	return entry;
}
EXPORT_SYMBOL_GPL(KeRemoveQueue);

/**
 * KeRundownQueue() - empty a queue that is going away
 * @Queue: the queue
 *
 * Context: any context; never sleeps.
 * Return: NULL if the queue was empty; else its first entry, still linked
 * to the others in a ring without the queue's head.
 */
PLIST_ENTRY KeRundownQueue(PRKQUEUE Queue)
{
	struct list_head *head, *first = NULL;
	unsigned long flags;

	if (!nt_dispatcher_is(Queue, NT_DISP_QUEUE)) {
		nt_bugcheck_once("%p is not an initialised queue", Queue);
		return NULL;
	}
	head = nt_list(&Queue->EntryListHead);
	flags = nt_object_lock_irqsave(&Queue->Header);
	if (!list_empty(head)) {
		first = head->next;
		list_del_init(head);
	}
	Queue->Header.SignalState = 0;
	nt_object_unlock_irqrestore(&Queue->Header, flags);
	return (PLIST_ENTRY)first;
}
EXPORT_SYMBOL_GPL(KeRundownQueue);

/**
 * KeReadStateQueue() - the number of entries in a queue
 * @Queue: the queue
 *
 * Context: any context; never sleeps.
 * Return: the number of entries; 0 for an invalid queue.
 */
LONG KeReadStateQueue(PRKQUEUE Queue)
{
	if (!nt_dispatcher_is(Queue, NT_DISP_QUEUE)) {
		nt_bugcheck_once("%p is not an initialised queue", Queue);
		return 0;
	}
	return READ_ONCE(Queue->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateQueue);

/**
 * KeDelayExecutionThread() - sleep for an interval
 * @WaitMode: KernelMode or UserMode
 * @Alertable: accepted; never STATUS_ALERTED here
 * @Interval: negative: relative, in 100 ns units; positive: absolute system
 *	      time; zero: give up the processor once
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL @Interval or
 * invalid @WaitMode; STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				PLARGE_INTEGER Interval)
{
	clockid_t clock;
	ktime_t expiry;

	if (!Interval || (WaitMode != KernelMode && WaitMode != UserMode))
		return STATUS_INVALID_PARAMETER;
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!Interval->QuadPart) {
		cond_resched();
		return STATUS_SUCCESS;
	}
	expiry = nt_expiry(Interval->QuadPart, &clock);
	do {
		set_current_state(TASK_IDLE);
	} while (schedule_hrtimeout_range_clock(&expiry, 0, HRTIMER_MODE_ABS,
						clock));
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(KeDelayExecutionThread);

/**
 * KeQuerySystemTime() - the current system time
 * @CurrentTime: receives 100 ns units since 1601-01-01 UTC
 *
 * Context: any context.
 */
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	if (!CurrentTime) {
		nt_bugcheck_once("NULL pointer");
		return;
	}
	CurrentTime->QuadPart = div_s64(ktime_get_real_ns(), 100) +
				NT_EPOCH_OFFSET;
}
EXPORT_SYMBOL_GPL(KeQuerySystemTime);

/* The kthread of every thread object: runs what ps gave it. */
static int nt_ke_thread_main(void *arg)
{
	struct nt_kthread *thread = arg;

	thread->startup(thread);
	return 0;
}

/**
 * nt_ke_init_thread() - set up a KTHREAD and its kthread, not yet running
 * @thread: the KTHREAD, zeroed
 * @startup: what the kthread runs once woken; must not return
 * @name: the kthread's name
 *
 * Context: process context, may sleep.
 * Return: 0, or a negative errno if the kthread could not be created.
 */
int nt_ke_init_thread(struct nt_kthread *thread,
		      void (*startup)(struct nt_kthread *thread),
		      const char *name)
{
	struct task_struct *task;

	nt_dispatcher_init_header(&thread->header, NT_DISP_THREAD,
				  NT_KTHREAD_SIZE, 0);
	INIT_LIST_HEAD(&thread->mutants);
	thread->priority = NT_DEFAULT_PRIORITY;
	thread->startup = startup;
	if (nt_should_fail(NT_FAULT_KTHREAD))
		return -ENOMEM;
	task = kthread_create(nt_ke_thread_main, thread, "%s", name);
	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	thread->task = task;
	return 0;
}

/*
 * Wait until @thread's kthread has left the layer for good: one never
 * woken ends without running @startup; one that terminated is in do_exit()
 * (past PF_EXITING, so nt_ke_current_thread() no longer returns it).
 */
void nt_ke_stop_thread(struct nt_kthread *thread)
{
	kthread_stop(thread->task);
}

/* The thread object is going: drop the kthread's task. */
void nt_ke_release_thread(struct nt_kthread *thread)
{
	if (thread->task)
		put_task_struct(thread->task);
}

/*
 * The calling thread terminates (KeTerminateThread): it abandons the
 * mutexes it owns, each acquired next with STATUS_ABANDONED_WAIT_0 + i,
 * then its object is signalled, releasing its waiters.
 */
void nt_ke_terminate_thread(struct nt_kthread *thread)
{
	unsigned long flags;

	set_bit(NT_KTHREAD_TERMINATED, &thread->state);
	/* Only this thread changes its list of mutexes now (see above). */
	while (!list_empty(&thread->mutants)) {
		KMUTANT *mutant = container_of((PLIST_ENTRY)thread->mutants.next,
					       KMUTANT, MutantListEntry);

		nt_bugcheck_once("mutex %p abandoned (THREAD_TERMINATE_HELD_MUTEX)",
				 mutant);
		trace_ntthread_mutex_abandon(mutant, thread);
		flags = nt_object_lock_irqsave(&mutant->Header);
		mutant->Abandoned = TRUE;
		nt_mutant_release_locked(mutant);
		nt_object_unlock_irqrestore(&mutant->Header, flags);
	}
	flags = nt_object_lock_irqsave(&thread->header);
	thread->header.SignalState = 1;
	nt_dispatcher_wake_locked(&thread->header);
	nt_object_unlock_irqrestore(&thread->header, flags);
}

/*
 * Set by adopt.c while the module is loaded: the KTHREAD of a task that
 * is not one of ntthread's kthreads (an adopted thread, adopted now if
 * @adopt), or NULL.
 */
struct nt_kthread *(*nt_ke_foreign_thread)(bool adopt);

static struct nt_kthread *nt_ke_current(bool adopt)
{
	struct nt_kthread *(*foreign)(bool adopt);

	if ((current->flags & (PF_KTHREAD | PF_EXITING)) == PF_KTHREAD &&
	    kthread_func(current) == nt_ke_thread_main)
		return kthread_data(current);
	foreign = READ_ONCE(nt_ke_foreign_thread);
	return foreign ? foreign(adopt) : NULL;
}

/*
 * The calling thread's KTHREAD: one of ntthread's kthreads' own, found
 * first, or else the adopted thread's (adopt.c); NULL in one of
 * ntthread's kthreads once it is in do_exit(): its own reference to the
 * object may be gone then (nt_ke_stop_thread()).  In an interrupt, the
 * interrupted thread's: that cannot go on to exit meanwhile.
 */
struct nt_kthread *nt_ke_current_thread(void)
{
	return nt_ke_current(true);
}

/* The same, but a task without an object yet stays so (for tracing). */
struct nt_kthread *nt_ke_current_thread_peek(void)
{
	return nt_ke_current(false);
}

static struct nt_kthread *nt_kthread_checked(PKTHREAD thread)
{
	if (nt_dispatcher_type(thread) != NT_DISP_THREAD)
		return NULL;
	return (struct nt_kthread *)thread;
}

/**
 * KeGetCurrentThread() - the calling thread's object, as PsGetCurrentThread()
 *
 * Context: any context.
 * Return: the object; NULL where PsGetCurrentThread() is NULL.
 */
PKTHREAD KeGetCurrentThread(void)
{
	return (PKTHREAD)nt_ke_current_thread();
}
EXPORT_SYMBOL_GPL(KeGetCurrentThread);

/*
 * NT priorities 1..15 as nice values (8, NT's normal base, is nice 0);
 * index 0 is unused.  16..31 are real-time: see nt_apply_priority().
 */
static const s8 nt_priority_nice[LOW_REALTIME_PRIORITY] = {
	19, 19, 16, 13, 10, 7, 5, 2, 0, -2, -5, -7, -10, -13, -16, -20
};

/* Serialises KeSetPriorityThread() calls (they are rare). */
static DEFINE_MUTEX(nt_priority_lock);

static void nt_apply_priority(struct task_struct *task, KPRIORITY priority)
{
	/*
	 * Modules can only choose SCHED_FIFO at priority 1 or at
	 * MAX_RT_PRIO / 2: 16..23 get the first, 24..31 the second.
	 */
	if (priority >= 24)
		sched_set_fifo(task);
	else if (priority >= LOW_REALTIME_PRIORITY)
		sched_set_fifo_low(task);
	else
		sched_set_normal(task, nt_priority_nice[priority]);
}

/**
 * KeQueryPriorityThread() - a thread's current priority
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: the priority (8 unless changed); 0 for NULL or a non-thread
 * object (logged once).
 */
KPRIORITY KeQueryPriorityThread(PKTHREAD Thread)
{
	struct nt_kthread *thread = nt_kthread_checked(Thread);

	if (!thread) {
		nt_bugcheck_once("%p is not a thread object", Thread);
		return 0;
	}
	return READ_ONCE(thread->priority);
}
EXPORT_SYMBOL_GPL(KeQueryPriorityThread);

/**
 * KeSetPriorityThread() - set a thread's priority
 * @Thread: the thread object
 * @Priority: 1..31; 1..15 map to nice 19..-20 (8 is nice 0), 16..23 to
 *	      SCHED_FIFO priority 1, 24..31 to SCHED_FIFO priority 50
 *
 * Unlike Windows (DISPATCH_LEVEL), Linux may sleep to change a policy.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: the previous priority.  A priority outside 1..31, or a call in
 * atomic context, changes nothing (logged once) and also returns the
 * current priority; NULL or a non-thread object returns 0.
 */
KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
	struct nt_kthread *thread = nt_kthread_checked(Thread);
	KPRIORITY old;

	if (!thread) {
		nt_bugcheck_once("%p is not a thread object", Thread);
		return 0;
	}
	if (Priority <= LOW_PRIORITY || Priority > HIGH_PRIORITY) {
		nt_bugcheck_once("priority %d out of range", Priority);
		return READ_ONCE(thread->priority);
	}
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return READ_ONCE(thread->priority);
	}
	/* Setters take turns: the priority stored is the one the task has. */
	mutex_lock(&nt_priority_lock);
	old = thread->priority;
	WRITE_ONCE(thread->priority, Priority);
	if (!nt_ke_thread_terminated(thread))
		nt_apply_priority(thread->task, Priority);
	mutex_unlock(&nt_priority_lock);
	return old;
}
EXPORT_SYMBOL_GPL(KeSetPriorityThread);
