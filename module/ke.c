// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel dispatcher: signal state, waits, events, semaphores, mutexes and
 * queues (timers and DPCs are in ktimer.c), delays, time, IRQL, and the
 * KTHREAD: a thread's kthread, its priority and its termination.
 *
 * One lock guards all dispatcher state (NT's dispatcher lock before it was
 * split), which keeps WaitAll atomic and simple.  It is taken at
 * DISPATCH_LEVEL (KeSetEvent() from an interrupt, a zero-timeout wait under
 * a spin lock), so it is a raw spinlock, which PREEMPT_RT does not turn into
 * a sleeping lock; what it guards is bounded: a wait's 64 blocks, or one
 * signalled object's waiters, each unlinked and woken once.  A waiter links one
 * wait block per object and sleeps in TASK_IDLE: uninterruptible like NT's
 * kernel-mode waits, but neither counted as load nor reported as a hung
 * task when a worker waits for work for a long time.  Alertable waits are
 * accepted and behave as non-alertable ones: no APCs are delivered here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "fault.h"
#include "ke.h"
#include "report.h"
#include "trace.h"

/* 100 ns units between 1601-01-01 and 1970-01-01 */
#define NT_EPOCH_OFFSET		116444736000000000LL
#define NT_WAIT_PENDING		(-1)
#define NT_KTHREAD_SIZE		NT_SIZE(struct nt_kthread)
#define NT_DEFAULT_PRIORITY	8

static DEFINE_RAW_SPINLOCK(nt_dispatcher_lock);

/**
 * struct nt_waiter - a thread blocked in a wait, on its own stack
 * @task: the waiting task: what owns the mutexes it acquires
 * @thread: its thread object, or NULL in a thread the layer did not create
 * @status: NT_WAIT_PENDING, or the wait's result once satisfied
 * @wait_type: WaitAll or WaitAny
 * @count: objects waited on
 * @blocks: one wait block per object, each naming its object: the wait
 *	    reads the objects from here, never again from the caller's array
 * @entry: NULL, or for KeRemoveQueue() where the entry it takes goes
 *
 * The signaller that satisfies a wait unlinks all its blocks under the
 * dispatcher lock before it wakes the waiter, as NT does: once the wait
 * is satisfied the waiter never touches an object again, so the
 * signaller may free or reinitialise an event as soon as KeSetEvent()
 * returns.  Only a wait that times out unlinks its own blocks.
 */
struct nt_waiter {
	struct task_struct *task;
	struct nt_kthread *thread;
	NTSTATUS status;
	WAIT_TYPE wait_type;
	ULONG count;
	KWAIT_BLOCK *blocks;
	PLIST_ENTRY *entry;
};

static DISPATCHER_HEADER *nt_waiter_object(const struct nt_waiter *w, ULONG i)
{
	return w->blocks[i].Object;
}

static void nt_unlink_waiter_locked(struct nt_waiter *w)
{
	ULONG i;

	lockdep_assert_held(&nt_dispatcher_lock);
	for (i = 0; i < w->count; i++)
		list_del(&w->blocks[i].WaitListEntry);
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

/* Take and drop the dispatcher lock (for ktimer.c). */
unsigned long nt_dispatcher_lock_irqsave(void)
	__acquires(&nt_dispatcher_lock)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	return flags;
}

void nt_dispatcher_unlock_irqrestore(unsigned long flags)
	__releases(&nt_dispatcher_lock)
{
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
}

/*
 * The type of the dispatcher object at @object, or -1 if it is none that
 * can be waited on: uninitialised, or no dispatcher object at all.
 * Drivers pass anything, so the header is read with
 * copy_from_kernel_nofault(), which neither faults on an unmapped address
 * nor counts as an out-of-bounds access where a smaller object lies.
 */
static int nt_dispatcher_type(const void *object)
{
	DISPATCHER_HEADER header;
	size_t size;

	if (!object ||
	    copy_from_kernel_nofault(&header, object, sizeof(header)) ||
	    !header.WaitListHead.next)
		return -1;
	switch (header.Type) {
	case NT_DISP_EVENT_NOTIFICATION:
	case NT_DISP_EVENT_SYNCHRONIZATION:
		size = NT_SIZE(KEVENT);
		break;
	case NT_DISP_MUTANT:
		size = NT_SIZE(KMUTANT);
		break;
	case NT_DISP_QUEUE:
		size = NT_SIZE(KQUEUE);
		break;
	case NT_DISP_SEMAPHORE:
		size = NT_SIZE(KSEMAPHORE);
		break;
	case NT_DISP_TIMER_NOTIFICATION:
	case NT_DISP_TIMER_SYNCHRONIZATION:
		size = NT_SIZE(KTIMER);
		break;
	case NT_DISP_THREAD:
		size = NT_KTHREAD_SIZE;
		break;
	case NT_DISP_PROCESS:
		return header.Type;
	default:
		return -1;
	}
	return header.Size == size ? header.Type : -1;
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
	lockdep_assert_held(&nt_dispatcher_lock);
	if (header->SignalState > 0)
		return true;
	return header->Type == NT_DISP_MUTANT &&
	       ((const KMUTANT *)header)->OwnerTask == w->task;
}

/* @w acquires the mutex: the first acquisition makes it the owner. */
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
 * abandoned.
 */
static bool nt_consume_locked(DISPATCHER_HEADER *header, struct nt_waiter *w)
{
	lockdep_assert_held(&nt_dispatcher_lock);
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
		if (w->entry) {
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

/* Would @w acquire a mutex it owns past MINLONG acquisitions? */
static bool nt_mutant_at_limit_locked(const DISPATCHER_HEADER *header,
				      const struct nt_waiter *w)
{
	return header->Type == NT_DISP_MUTANT &&
	       header->SignalState == INT_MIN &&
	       ((const KMUTANT *)header)->OwnerTask == w->task;
}

/*
 * Try to satisfy @w now; true if it was.  Where Windows raises
 * STATUS_MUTANT_LIMIT_EXCEEDED, the wait ends with that status, having
 * acquired nothing.
 */
static bool nt_try_satisfy_locked(struct nt_waiter *w)
{
	bool abandoned = false;
	ULONG i;

	lockdep_assert_held(&nt_dispatcher_lock);
	for (i = 0; i < w->count; i++) {
		if (nt_mutant_at_limit_locked(nt_waiter_object(w, i), w)) {
			nt_bugcheck_once("mutex %p: MINLONG acquisitions (MUTANT_LIMIT_EXCEEDED)",
					 nt_waiter_object(w, i));
			w->status = STATUS_MUTANT_LIMIT_EXCEEDED;
			return true;
		}
	}
	if (w->wait_type == WaitAny) {
		for (i = 0; i < w->count; i++) {
			if (nt_ready_locked(nt_waiter_object(w, i), w)) {
				abandoned = nt_consume_locked(nt_waiter_object(w, i), w);
				w->status = (abandoned ? STATUS_ABANDONED_WAIT_0 :
					     STATUS_WAIT_0) + i;
				return true;
			}
		}
		return false;
	}
	for (i = 0; i < w->count; i++)
		if (!nt_ready_locked(nt_waiter_object(w, i), w))
			return false;
	for (i = 0; i < w->count; i++)
		abandoned |= nt_consume_locked(nt_waiter_object(w, i), w);
	w->status = abandoned ? STATUS_ABANDONED : STATUS_SUCCESS;
	return true;
}

/*
 * @header became signalled: release the waiters it satisfies, in the
 * order they began to wait.  A satisfied waiter's blocks leave every list
 * (perhaps the next entries of this one), so the walk starts over; the
 * waiters it passes again are WaitAll waiters still missing an object.
 */
void nt_dispatcher_wake_locked(DISPATCHER_HEADER *header)
{
	KWAIT_BLOCK *block;

	lockdep_assert_held(&nt_dispatcher_lock);
again:
	list_for_each_entry(block, &header->WaitListHead, WaitListEntry) {
		struct nt_waiter *w = block->SparePtr;

		if (header->SignalState <= 0)
			return;
		if (nt_try_satisfy_locked(w)) {
			nt_unlink_waiter_locked(w);
			wake_up_process(w->task);
			goto again;
		}
	}
}

/**
 * nt_at_passive() - is the caller at PASSIVE_LEVEL, free to sleep?
 *
 * Return: false in interrupt context, with interrupts or preemption
 * disabled, under a spinlock, or in a preemptible RCU read-side section.
 */
bool nt_at_passive(void)
{
	if (!in_task() || irqs_disabled() || rcu_preempt_depth())
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_COUNT) || preemptible();
}

/**
 * KeGetCurrentIrql() - the IRQL that the Linux context corresponds to
 *
 * Context: any context.
 * Return: PASSIVE_LEVEL in process context that may sleep, DISPATCH_LEVEL
 * in any atomic context (interrupts, softirqs, preemption or interrupts
 * disabled, spinlock held, RCU read-side section).  Needs
 * CONFIG_PREEMPT_COUNT to see spinlocks.
 */
KIRQL KeGetCurrentIrql(void)
{
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

/*
 * The wait itself, once the arguments are checked.  @timeout is NULL for
 * no time-out; @entry is NULL but for KeRemoveQueue().
 */
static NTSTATUS nt_wait(PVOID *objects, ULONG count,
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
	PKTHREAD self = (PKTHREAD)w.thread;
	clockid_t clock = CLOCK_MONOTONIC;
	ktime_t expiry = KTIME_MAX;
	unsigned long flags;
	bool expired = false;
	ULONG i;

	if (timeout && *timeout)
		expiry = nt_expiry(*timeout, &clock);
	trace_ntthread_wait_begin(count, wait_type, !timeout,
				  timeout ? *timeout : 0);

	for (i = 0; i < count; i++) {
		blocks[i].Thread = self;
		blocks[i].SparePtr = &w;
		blocks[i].Object = objects[i];
		blocks[i].WaitKey = i;
		blocks[i].WaitType = wait_type;
	}
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	if (nt_try_satisfy_locked(&w) || (timeout && !*timeout)) {
		raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
		goto out;
	}
	/*
	 * Waiters are released in the order they began to wait, but for
	 * KeRemoveQueue(): NT releases the last of those first (LIFO), whose
	 * cache is warm.
	 */
	for (i = 0; i < count; i++) {
		if (entry)
			list_add(&blocks[i].WaitListEntry,
				 &nt_waiter_object(&w, i)->WaitListHead);
		else
			list_add_tail(&blocks[i].WaitListEntry,
				      &nt_waiter_object(&w, i)->WaitListHead);
	}
	while (w.status == NT_WAIT_PENDING && !expired) {
		set_current_state(TASK_IDLE);
		raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
		if (expiry == KTIME_MAX)
			schedule();
		else
			expired = !schedule_hrtimeout_range_clock(&expiry, 0,
						HRTIMER_MODE_ABS, clock);
		raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	}
	__set_current_state(TASK_RUNNING);
	/* Satisfied: the signaller unlinked the blocks.  Timed out: we do. */
	if (w.status == NT_WAIT_PENDING)
		nt_unlink_waiter_locked(&w);
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
out:
	if (w.status == NT_WAIT_PENDING)
		w.status = STATUS_TIMEOUT;
	trace_ntthread_wait_end(w.status);
	return w.status;
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

/* Set @event's state under the dispatcher lock; returns the old state. */
static LONG nt_event_set(PRKEVENT event, LONG state, bool pulse)
{
	unsigned long flags;
	LONG old;

	if (!nt_is_event(event)) {
		nt_bugcheck_once("%p is not an initialised event", event);
		return 0;
	}
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	old = event->Header.SignalState;
	event->Header.SignalState = state;
	if (state)
		nt_dispatcher_wake_locked(&event->Header);
	if (pulse)
		event->Header.SignalState = 0;
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
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
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	old = Semaphore->Header.SignalState;
	if (!Adjustment) {		/* nothing to add, as on Windows */
		raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
		return old;
	}
	if (Adjustment < 0 || old > Semaphore->Limit - Adjustment) {
		raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
		nt_bugcheck_once("semaphore %p: %d + %d exceeds the limit %d",
				 Semaphore, old, Adjustment, Semaphore->Limit);
		return old;
	}
	Semaphore->Header.SignalState = old + Adjustment;
	nt_dispatcher_wake_locked(&Semaphore->Header);
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
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
 * the task, in any thread: in one this layer did not create, OwnerThread
 * stays NULL and the mutex is not abandoned when that task exits.
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
	lockdep_assert_held(&nt_dispatcher_lock);
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
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	old = Mutex->Header.SignalState;
	if (old > 0 || Mutex->OwnerTask != current) {
		raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
		nt_bugcheck_once("mutex %p released by a non-owner", Mutex);
		return old;
	}
	if (old == 0)
		nt_mutant_release_locked(Mutex);
	else
		Mutex->Header.SignalState = old + 1;
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
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
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	old = queue->Header.SignalState;
	if (head)
		list_add(nt_list(entry), nt_list(&queue->EntryListHead));
	else
		list_add_tail(nt_list(entry), nt_list(&queue->EntryListHead));
	queue->Header.SignalState = old + 1;
	nt_dispatcher_wake_locked(&queue->Header);
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
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
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	if (!list_empty(head)) {
		first = head->next;
		list_del_init(head);
	}
	Queue->Header.SignalState = 0;
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
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
	raw_spin_lock_irqsave(&nt_dispatcher_lock, flags);
	while (!list_empty(&thread->mutants)) {
		KMUTANT *mutant = container_of((PLIST_ENTRY)thread->mutants.next,
					       KMUTANT, MutantListEntry);

		nt_bugcheck_once("mutex %p abandoned (THREAD_TERMINATE_HELD_MUTEX)",
				 mutant);
		mutant->Abandoned = TRUE;
		nt_mutant_release_locked(mutant);
	}
	thread->header.SignalState = 1;
	nt_dispatcher_wake_locked(&thread->header);
	raw_spin_unlock_irqrestore(&nt_dispatcher_lock, flags);
}

/*
 * Set by adopt.c while the module is loaded: the KTHREAD of a task that
 * is not one of ntthread's kthreads (an adopted thread), or NULL.
 */
struct nt_kthread *(*nt_ke_foreign_thread)(void);

/*
 * The calling thread's KTHREAD: one of ntthread's kthreads' own, found
 * first, or else the adopted thread's (adopt.c); NULL in one of
 * ntthread's kthreads once it is in do_exit(): its own reference to the
 * object may be gone then (nt_ke_stop_thread()).  In an interrupt, the
 * interrupted thread's: that cannot go on to exit meanwhile.
 */
struct nt_kthread *nt_ke_current_thread(void)
{
	struct nt_kthread *(*foreign)(void);

	if ((current->flags & (PF_KTHREAD | PF_EXITING)) == PF_KTHREAD &&
	    kthread_func(current) == nt_ke_thread_main)
		return kthread_data(current);
	foreign = READ_ONCE(nt_ke_foreign_thread);
	return foreign ? foreign() : NULL;
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
