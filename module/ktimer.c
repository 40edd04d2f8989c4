// SPDX-License-Identifier: GPL-2.0
/*
 * Timers and DPCs.
 *
 * A KTIMER is a dispatcher object that an hrtimer in soft-interrupt mode
 * expires, so that expiry runs, as NT's does, at DISPATCH_LEVEL: in a
 * softirq, or on PREEMPT_RT in the softirq thread with bottom halves
 * disabled.  Expiry signals the timer and wakes its waiters under the
 * timer's lock, re-arms a periodic timer and queues the timer's DPC.
 * All due times run on the monotonic clock: an absolute one (system time)
 * is converted when the timer is set, so setting the clock later does not
 * move it.
 *
 * DPCs wait on one queue, not one per CPU as in NT: a DPC's target CPU and
 * importance are recorded, and only HighImportance is honoured (it queues
 * at the head).  A tasklet drains the queue, so a DeferredRoutine runs in
 * softirq context, DISPATCH_LEVEL, one DPC at a time.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "compat.h"
#include "ke.h"
#include "report.h"

/* KOBJECTS values of DPCs */
#define NT_DPC_OBJECT		0x13
#define NT_THREADED_DPC_OBJECT	0x18
/* DPCs one tasklet run takes before it lets other softirqs in */
#define NT_DPC_BATCH		64

/* Header.Size counts LONGs in a byte. */
static_assert(sizeof(KTIMER) / sizeof(LONG) <= U8_MAX);

static LIST_HEAD(nt_dpc_queue);
static DEFINE_RAW_SPINLOCK(nt_dpc_lock);
static bool nt_dpc_busy;	/* a DeferredRoutine runs; under nt_dpc_lock */
static DECLARE_WAIT_QUEUE_HEAD(nt_dpc_idle);

static bool nt_dpc_quiet(void)
{
	unsigned long flags;
	bool quiet;

	raw_spin_lock_irqsave(&nt_dpc_lock, flags);
	quiet = list_empty(&nt_dpc_queue) && !nt_dpc_busy;
	raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
	return quiet;
}

/*
 * Run the queued DPCs, in order.  A DPC leaves the queue before its
 * routine runs, which may queue it again or free it: it is not touched
 * after the call.
 */
static void nt_dpc_run(struct tasklet_struct *tasklet)
{
	unsigned int n;
	bool more;

	for (n = 0; n < NT_DPC_BATCH; n++) {
		PKDEFERRED_ROUTINE routine;
		PVOID context, arg1, arg2;
		unsigned long flags;
		PKDPC dpc;

		raw_spin_lock_irqsave(&nt_dpc_lock, flags);
		if (list_empty(&nt_dpc_queue)) {
			raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
			break;
		}
		dpc = container_of((PLIST_ENTRY)nt_dpc_queue.next, KDPC,
				   DpcListEntry);
		list_del_init(nt_list(&dpc->DpcListEntry));
		dpc->DpcData = NULL;
		routine = dpc->DeferredRoutine;
		context = dpc->DeferredContext;
		arg1 = dpc->SystemArgument1;
		arg2 = dpc->SystemArgument2;
		nt_dpc_busy = true;
		raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);

		routine(dpc, context, arg1, arg2);

		raw_spin_lock_irqsave(&nt_dpc_lock, flags);
		nt_dpc_busy = false;
		raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
	}
	more = !nt_dpc_quiet();
	if (more)
		tasklet_schedule(tasklet);
	else
		wake_up_all(&nt_dpc_idle);
}

static DECLARE_TASKLET(nt_dpc_tasklet, nt_dpc_run);

/* Is @dpc an initialised KDPC?  Read without faulting: drivers pass anything. */
static bool nt_is_dpc(const KDPC *dpc)
{
	KDPC copy;

	if (!dpc || copy_from_kernel_nofault(&copy, dpc, sizeof(copy)))
		return false;
	return (copy.Type == NT_DPC_OBJECT ||
		copy.Type == NT_THREADED_DPC_OBJECT) && copy.DeferredRoutine;
}

static void nt_dpc_init(PRKDPC dpc, UCHAR type, PKDEFERRED_ROUTINE routine,
			PVOID context)
{
	if (!dpc || !routine) {
		nt_bugcheck_once("DPC %p, routine %p", dpc, routine);
		return;
	}
	dpc->Type = type;
	dpc->Importance = MediumImportance;
	dpc->Number = 0;
	INIT_LIST_HEAD(nt_list(&dpc->DpcListEntry));
	dpc->ProcessorHistory = 0;
	dpc->DeferredRoutine = routine;
	dpc->DeferredContext = context;
	dpc->SystemArgument1 = NULL;
	dpc->SystemArgument2 = NULL;
	dpc->DpcData = NULL;
}

/**
 * KeInitializeDpc() - initialise a KDPC in the caller's memory
 * @Dpc: the DPC
 * @DeferredRoutine: what it runs, at DISPATCH_LEVEL, with the DPC,
 *		     @DeferredContext and the two system arguments
 * @DeferredContext: the routine's context
 *
 * Context: any context.
 */
VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
		     PVOID DeferredContext)
{
	nt_dpc_init(Dpc, NT_DPC_OBJECT, DeferredRoutine, DeferredContext);
}
EXPORT_SYMBOL_GPL(KeInitializeDpc);

/**
 * KeInitializeThreadedDpc() - initialise a threaded KDPC
 * @Dpc: the DPC
 * @DeferredRoutine: what it runs
 * @DeferredContext: the routine's context
 *
 * Runs as an ordinary DPC, at DISPATCH_LEVEL, as Windows runs threaded
 * DPCs when they are disabled; a routine written for either level works.
 *
 * Context: any context.
 */
VOID KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
			     PVOID DeferredContext)
{
	nt_dpc_init(Dpc, NT_THREADED_DPC_OBJECT, DeferredRoutine,
		    DeferredContext);
}
EXPORT_SYMBOL_GPL(KeInitializeThreadedDpc);

/**
 * KeInsertQueueDpc() - queue a DPC to run soon
 * @Dpc: the DPC
 * @SystemArgument1: the routine's third argument
 * @SystemArgument2: the routine's fourth argument
 *
 * A DPC is queued at most once: until its routine starts, more insertions
 * change nothing (not even the arguments).
 *
 * Context: any context, hard interrupts included; never sleeps.
 * Return: TRUE if the DPC was queued, FALSE if it already was, or is not
 * an initialised DPC (logged once).
 */
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
			 PVOID SystemArgument2)
{
	unsigned long flags;

	if (!nt_is_dpc(Dpc)) {
		nt_bugcheck_once("%p is not an initialised DPC", Dpc);
		return FALSE;
	}
	raw_spin_lock_irqsave(&nt_dpc_lock, flags);
	if (Dpc->DpcData) {
		raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
		return FALSE;
	}
	Dpc->SystemArgument1 = SystemArgument1;
	Dpc->SystemArgument2 = SystemArgument2;
	Dpc->DpcData = &nt_dpc_queue;
	if (READ_ONCE(Dpc->Importance) == HighImportance)
		list_add(nt_list(&Dpc->DpcListEntry), &nt_dpc_queue);
	else
		list_add_tail(nt_list(&Dpc->DpcListEntry), &nt_dpc_queue);
	raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
	tasklet_schedule(&nt_dpc_tasklet);
	return TRUE;
}
EXPORT_SYMBOL_GPL(KeInsertQueueDpc);

/**
 * KeRemoveQueueDpc() - take a DPC off the queue before it runs
 * @Dpc: the DPC
 *
 * Context: any context; never sleeps.
 * Return: TRUE if the DPC was queued (it will not run for that insertion),
 * FALSE if it was not, or is not an initialised DPC (logged once).
 */
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
	unsigned long flags;
	bool queued;

	if (!nt_is_dpc(Dpc)) {
		nt_bugcheck_once("%p is not an initialised DPC", Dpc);
		return FALSE;
	}
	raw_spin_lock_irqsave(&nt_dpc_lock, flags);
	queued = Dpc->DpcData;
	if (queued) {
		list_del_init(nt_list(&Dpc->DpcListEntry));
		Dpc->DpcData = NULL;
	}
	raw_spin_unlock_irqrestore(&nt_dpc_lock, flags);
	return queued;
}
EXPORT_SYMBOL_GPL(KeRemoveQueueDpc);

/**
 * KeFlushQueuedDpcs() - wait until the queued DPCs have run
 *
 * Returns once the queue is empty and no routine is running; DPCs queued
 * without pause (a short periodic timer's) can delay that.  Drivers call
 * it before they unload, so that none of their routines runs after.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL); in atomic context
 * it returns at once (logged once).
 */
VOID KeFlushQueuedDpcs(void)
{
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return;
	}
	wait_event(nt_dpc_idle, nt_dpc_quiet());
}
EXPORT_SYMBOL_GPL(KeFlushQueuedDpcs);

/**
 * KeSetImportanceDpc() - set a DPC's importance
 * @Dpc: the DPC
 * @Importance: HighImportance queues it at the head; the others at the tail
 *
 * Context: any context.
 */
VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
	if (!nt_is_dpc(Dpc) || Importance > MediumHighImportance) {
		nt_bugcheck_once("DPC %p, importance %d", Dpc, Importance);
		return;
	}
	WRITE_ONCE(Dpc->Importance, Importance);
}
EXPORT_SYMBOL_GPL(KeSetImportanceDpc);

/**
 * KeSetTargetProcessorDpc() - choose the CPU a DPC runs on
 * @Dpc: the DPC
 * @Number: the CPU; recorded, not honoured: DPCs run on the CPU that
 *	    drains the queue
 *
 * Context: any context.
 */
VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
	if (!nt_is_dpc(Dpc) || Number < 0) {
		nt_bugcheck_once("DPC %p, processor %d", Dpc, Number);
		return;
	}
	WRITE_ONCE(Dpc->Number, Number);
}
EXPORT_SYMBOL_GPL(KeSetTargetProcessorDpc);

static bool nt_is_timer(const void *object)
{
	return nt_dispatcher_is(object, NT_DISP_TIMER_NOTIFICATION) ||
	       nt_dispatcher_is(object, NT_DISP_TIMER_SYNCHRONIZATION);
}

/*
 * The hrtimer expired.  If the timer was cancelled, or set again, since
 * the hrtimer fired, this expiry is not the timer's: nothing happens.
 */
static enum hrtimer_restart nt_timer_expire(struct hrtimer *hrtimer)
{
	KTIMER *timer = container_of(hrtimer, KTIMER, Timer);
	enum hrtimer_restart restart = HRTIMER_NORESTART;
	LARGE_INTEGER now;
	unsigned long flags;
	PKDPC dpc;

	flags = nt_object_lock_irqsave(&timer->Header);
	if (!timer->Header.Inserted || hrtimer_is_queued(hrtimer)) {
		nt_object_unlock_irqrestore(&timer->Header, flags);
		return HRTIMER_NORESTART;
	}
	timer->Header.SignalState = 1;
	nt_dispatcher_wake_locked(&timer->Header);
	dpc = timer->Dpc;
	if (timer->Period) {
		hrtimer_forward_now(hrtimer, ms_to_ktime(timer->Period));
		restart = HRTIMER_RESTART;
	} else {
		timer->Header.Inserted = 0;
	}
	nt_object_unlock_irqrestore(&timer->Header, flags);
	if (dpc) {
		KeQuerySystemTime(&now);
		KeInsertQueueDpc(dpc, (PVOID)(ULONG_PTR)now.LowPart,
				 (PVOID)(ULONG_PTR)now.HighPart);
	}
	return restart;
}

/**
 * KeInitializeTimerEx() - initialise a KTIMER in the caller's memory
 * @Timer: the timer, not set (initialising a set timer corrupts it, as on
 *	   Windows; DEBUG_OBJECTS kernels report it)
 * @Type: NotificationTimer (stays signalled until set again) or
 *	  SynchronizationTimer (releases one waiter, then resets itself)
 *
 * An invalid @Type leaves the timer unusable: waits and sets on it then
 * fail (logged once).
 *
 * Context: any context.
 */
VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
	if (!Timer) {
		nt_bugcheck_once("NULL timer");
		return;
	}
	if (Type != NotificationTimer && Type != SynchronizationTimer) {
		nt_bugcheck_once("timer type %d", Type);
		nt_dispatcher_init_header(&Timer->Header, 0xff, 0, 0);
		return;
	}
	nt_dispatcher_init_header(&Timer->Header,
				  Type == NotificationTimer ?
				  NT_DISP_TIMER_NOTIFICATION :
				  NT_DISP_TIMER_SYNCHRONIZATION,
				  NT_SIZE(KTIMER), 0);
	Timer->Header.Inserted = 0;
	Timer->DueTime.QuadPart = 0;
	INIT_LIST_HEAD(nt_list(&Timer->TimerListEntry));
	Timer->Dpc = NULL;
	Timer->Processor = 0;
	Timer->Period = 0;
	/* DEBUG_OBJECTS tracks a timer on a stack apart from others. */
	if (object_is_on_stack(Timer))
		nt_hrtimer_setup_on_stack(&Timer->Timer, nt_timer_expire,
					  CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	else
		nt_hrtimer_setup(&Timer->Timer, nt_timer_expire,
				 CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
}
EXPORT_SYMBOL_GPL(KeInitializeTimerEx);

/**
 * KeInitializeTimer() - initialise a notification timer
 * @Timer: the timer, not set
 *
 * Context: any context.
 */
VOID KeInitializeTimer(PKTIMER Timer)
{
	KeInitializeTimerEx(Timer, NotificationTimer);
}
EXPORT_SYMBOL_GPL(KeInitializeTimer);

/**
 * KeSetTimerEx() - set a timer to expire, once or periodically
 * @Timer: the timer
 * @DueTime: negative: relative, in 100 ns units; positive: absolute
 *	     system time; zero: at once
 * @Period: 0 for a one-shot timer, else the period in milliseconds
 * @Dpc: NULL, or a DPC to queue at each expiry; its system arguments are
 *	 the low and high 32 bits of the system time at expiry
 *
 * A timer that was set already is cancelled first.  Setting resets the
 * timer to not signalled; each expiry signals it and releases its waiters.
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: TRUE if the timer was set already; FALSE if not, or for an
 * invalid timer or a negative @Period (logged once).
 */
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period,
		     PKDPC Dpc)
{
	unsigned long flags;
	clockid_t clock;
	ktime_t expiry;
	bool was_set;

	if (!nt_is_timer(Timer) || Period < 0) {
		nt_bugcheck_once("timer %p, period %d", Timer, Period);
		return FALSE;
	}
	expiry = nt_expiry(DueTime.QuadPart, &clock);
	if (clock == CLOCK_REALTIME)
		expiry = ktime_sub(expiry, ktime_sub(ktime_get_real(),
						     ktime_get()));
	flags = nt_object_lock_irqsave(&Timer->Header);
	was_set = Timer->Header.Inserted;
	Timer->Header.Inserted = 1;
	Timer->Header.Absolute = DueTime.QuadPart > 0;
	Timer->Header.SignalState = 0;
	Timer->DueTime.QuadPart = DueTime.QuadPart;
	Timer->Period = Period;
	Timer->Dpc = Dpc;
	hrtimer_start(&Timer->Timer, expiry > 0 ? expiry : 0,
		      HRTIMER_MODE_ABS_SOFT);
	nt_object_unlock_irqrestore(&Timer->Header, flags);
	return was_set;
}
EXPORT_SYMBOL_GPL(KeSetTimerEx);

/**
 * KeSetTimer() - set a one-shot timer
 * @Timer: the timer
 * @DueTime: as for KeSetTimerEx()
 * @Dpc: NULL, or a DPC to queue when it expires
 *
 * Context: any context (DISPATCH_LEVEL); never sleeps.
 * Return: TRUE if the timer was set already.
 */
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}
EXPORT_SYMBOL_GPL(KeSetTimer);

/**
 * KeCancelTimer() - cancel a timer that is set
 * @Timer: the timer
 *
 * The timer keeps its state; its DPC, if queued already, still runs.  At
 * PASSIVE_LEVEL the call also waits for an expiry running on another CPU,
 * so the KTIMER may be freed once it returns.  In atomic context it cannot
 * wait: the timer will not be signalled again, but the KTIMER must stay
 * valid until its hrtimer callback has returned (free it at PASSIVE_LEVEL).
 *
 * Context: any context (DISPATCH_LEVEL); sleeps only at PASSIVE_LEVEL.
 * Return: TRUE if the timer was set; FALSE if not, or for an invalid
 * timer (logged once).
 */
BOOLEAN KeCancelTimer(PKTIMER Timer)
{
	unsigned long flags;
	bool was_set;

	if (!nt_is_timer(Timer)) {
		nt_bugcheck_once("%p is not an initialised timer", Timer);
		return FALSE;
	}
	flags = nt_object_lock_irqsave(&Timer->Header);
	was_set = Timer->Header.Inserted;
	Timer->Header.Inserted = 0;
	nt_object_unlock_irqrestore(&Timer->Header, flags);
	if (nt_at_passive())
		hrtimer_cancel(&Timer->Timer);
	else
		hrtimer_try_to_cancel(&Timer->Timer);
	return was_set;
}
EXPORT_SYMBOL_GPL(KeCancelTimer);

/**
 * KeReadStateTimer() - is a timer signalled?
 * @Timer: the timer
 *
 * Context: any context; never sleeps.
 * Return: TRUE if it expired since it was last set (and, for a
 * synchronization timer, no wait took it since); FALSE if not, or for an
 * invalid timer (logged once).
 */
BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
	if (!nt_is_timer(Timer)) {
		nt_bugcheck_once("%p is not an initialised timer", Timer);
		return FALSE;
	}
	return READ_ONCE(Timer->Header.SignalState) > 0;
}
EXPORT_SYMBOL_GPL(KeReadStateTimer);

/* Unload: the DPC tasklet must not run module code afterwards. */
void nt_ke_exit(void)
{
	tasklet_kill(&nt_dpc_tasklet);
}
