// SPDX-License-Identifier: GPL-2.0
/*
 * IRQL and spin locks (WRK's ke/amd64 spinlock and IRQL routines).
 *
 * Linux has no IRQL: PASSIVE_LEVEL is process context that may sleep,
 * anything atomic is DISPATCH_LEVEL (see ke.c's nt_at_passive()).  Raising
 * from below DISPATCH_LEVEL turns interrupts off and records, per CPU,
 * the level and the interrupt state to restore; nothing can run on this
 * CPU in between, so the record is the CPU's own until the level is
 * lowered again.  Interrupts off rather than preemption or softirqs off:
 * a DPC (a softirq here) and a timer's expiry must not run on a CPU whose
 * IRQL is DISPATCH_LEVEL, and local_bh_disable() may sleep on PREEMPT_RT.
 *
 * A KSPIN_LOCK is a raw_spinlock_t, so it spins on PREEMPT_RT too, with
 * its holder's context recorded: releasing a lock the caller does not
 * hold, and acquiring one it holds already (a deadlock on Windows), are
 * reported once and change nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "irql.h"
#include "report.h"

struct nt_irql_cpu {
	bool raised;
	KIRQL level;
	KIRQL base;		/* the IRQL before the first raise */
	unsigned long flags;	/* interrupt state before the first raise */
};

static DEFINE_PER_CPU(struct nt_irql_cpu, nt_irql);

/**
 * nt_irql_raised() - the IRQL KeRaiseIrql or a spin lock raised this CPU to
 *
 * Context: any context.
 * Return: the level, or PASSIVE_LEVEL (0) if nothing is raised here.
 */
KIRQL nt_irql_raised(void)
{
	if (!irqs_disabled())
		return PASSIVE_LEVEL;
	return this_cpu_read(nt_irql.raised) ? this_cpu_read(nt_irql.level) :
					       PASSIVE_LEVEL;
}

/* The IRQL of the Linux context, as nt_at_passive() sees it (ke.c). */
static KIRQL nt_irql_current(void)
{
	KIRQL raised = nt_irql_raised();

	if (raised)
		return raised;
	if (!in_task() || irqs_disabled() || rcu_preempt_depth() ||
	    (IS_ENABLED(CONFIG_PREEMPT_COUNT) && !preemptible()))
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}

/* Raise to @level (>= the current IRQL); return the old IRQL. */
static KIRQL nt_raise(KIRQL level)
{
	KIRQL old = nt_irql_current();
	struct nt_irql_cpu *cpu;
	unsigned long flags;

	if (level < DISPATCH_LEVEL || level == old)
		return old;
	local_irq_save(flags);
	cpu = this_cpu_ptr(&nt_irql);
	/*
	 * Interrupts were on: any record here is stale (a driver turned them
	 * on while raised, and may have moved CPU since).  Start afresh.
	 */
	if (!irqs_disabled_flags(flags))
		cpu->raised = false;
	if (!cpu->raised) {
		cpu->raised = true;
		cpu->base = old;
		cpu->flags = flags;
	}
	cpu->level = level;
	return old;
}

static void nt_lower(KIRQL level)
{
	struct nt_irql_cpu *cpu;

	if (!irqs_disabled())
		return;
	cpu = this_cpu_ptr(&nt_irql);
	if (!cpu->raised)
		return;
	if (level < DISPATCH_LEVEL || level <= cpu->base) {
		cpu->raised = false;
		local_irq_restore(cpu->flags);
	} else {
		cpu->level = level;
	}
}

/**
 * KeRaiseIrql() - raise the IRQL
 * @NewIrql: the new level, at least the current one (up to HIGH_LEVEL)
 * @OldIrql: receives the current level, for KeLowerIrql()
 *
 * DISPATCH_LEVEL and above turn interrupts off on this CPU.  APC_LEVEL
 * changes nothing here (no APCs exist; KeGetCurrentIrql() still reports
 * PASSIVE_LEVEL).  A level below the current one, or above HIGH_LEVEL, is
 * reported once (a bug check on Windows) and nothing changes; a NULL
 * @OldIrql likewise.
 *
 * Context: any context.  Does not sleep.
 */
VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
	KIRQL cur = nt_irql_current();

	if (!OldIrql || NewIrql < cur || NewIrql > HIGH_LEVEL) {
		nt_bugcheck_once("from IRQL %u to %u (OldIrql %p): IRQL_NOT_GREATER_OR_EQUAL",
				 cur, NewIrql, OldIrql);
		if (OldIrql)
			*OldIrql = cur;
		return;
	}
	*OldIrql = nt_raise(NewIrql);
}
EXPORT_SYMBOL_GPL(KeRaiseIrql);

/**
 * KeRaiseIrqlToDpcLevel() - raise the IRQL to DISPATCH_LEVEL
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Does not sleep.
 * Return: the previous IRQL.
 */
KIRQL KeRaiseIrqlToDpcLevel(void)
{
	KIRQL old;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	return old;
}
EXPORT_SYMBOL_GPL(KeRaiseIrqlToDpcLevel);

/**
 * KeLowerIrql() - lower the IRQL to what KeRaiseIrql() returned
 * @NewIrql: the level, at most the current one
 *
 * Lowering below the level the first raise began at restores this CPU's
 * interrupts.  A level above the current one is reported once (a bug
 * check on Windows) and nothing changes.
 *
 * Context: any context.  Does not sleep.
 */
VOID KeLowerIrql(KIRQL NewIrql)
{
	KIRQL cur = nt_irql_current();

	if (NewIrql > cur) {
		nt_bugcheck_once("from IRQL %u to %u: IRQL_NOT_LESS_OR_EQUAL",
				 cur, NewIrql);
		return;
	}
	nt_lower(NewIrql);
}
EXPORT_SYMBOL_GPL(KeLowerIrql);

/* Who holds a spin lock: the task, or the interrupt that took it. */
static void *nt_lock_owner(void)
{
	return (void *)((unsigned long)current |
			(in_hardirq() ? 2 : in_serving_softirq() ? 1 : 0));
}

/**
 * nt_init_spin_lock() - KeInitializeSpinLock(), with the site's class
 * @SpinLock: the lock
 * @name: its lockdep name
 * @key: its lockdep class (one per KeInitializeSpinLock call site)
 *
 * Context: any context.
 */
void nt_init_spin_lock(PKSPIN_LOCK SpinLock, const char *name,
		       struct lock_class_key *key)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		return;
	}
	raw_spin_lock_init(&SpinLock->Lock);
	lockdep_set_class_and_name(&SpinLock->Lock, key, name);
	SpinLock->Owner = NULL;
	SpinLock->Recursion = 0;
}
EXPORT_SYMBOL_GPL(nt_init_spin_lock);

/*
 * sparse follows the lock through these helpers; the exported routines
 * that return holding it (or release one taken in another call) say so,
 * and their bad-argument paths, which take nothing, balance the count.
 */
static void nt_spin_acquire(PKSPIN_LOCK lock)
	__acquires(&lock->Lock)
{
	void *owner = nt_lock_owner();

	if (READ_ONCE(lock->Owner) == owner) {
		nt_bugcheck_once("spin lock %p taken again by its holder (a deadlock)",
				 lock);
		lock->Recursion++;
		__acquire(&lock->Lock);
		return;
	}
	raw_spin_lock(&lock->Lock);
	WRITE_ONCE(lock->Owner, owner);
}

static bool nt_spin_try(PKSPIN_LOCK lock)
{
	if (READ_ONCE(lock->Owner) == nt_lock_owner() ||
	    !raw_spin_trylock(&lock->Lock))
		return false;
	/* Held on TRUE, for the caller's release: balanced for sparse here. */
	__release(&lock->Lock);
	WRITE_ONCE(lock->Owner, nt_lock_owner());
	return true;
}

static void nt_spin_release(PKSPIN_LOCK lock)
	__releases(&lock->Lock)
{
	if (READ_ONCE(lock->Owner) != nt_lock_owner()) {
		nt_bugcheck_once("spin lock %p released but not held: SPIN_LOCK_NOT_OWNED",
				 lock);
		__release(&lock->Lock);
		return;
	}
	if (lock->Recursion) {
		lock->Recursion--;
		__release(&lock->Lock);
		return;
	}
	WRITE_ONCE(lock->Owner, NULL);
	raw_spin_unlock(&lock->Lock);
}

static KIRQL nt_spin_lock_raise(PKSPIN_LOCK lock)
	__acquires(&lock->Lock)
{
	KIRQL old = nt_raise(max_t(KIRQL, DISPATCH_LEVEL, nt_irql_current()));

	nt_spin_acquire(lock);
	return old;
}

static void nt_spin_unlock_lower(PKSPIN_LOCK lock, KIRQL irql)
	__releases(&lock->Lock)
{
	nt_spin_release(lock);
	KeLowerIrql(irql);
}

static void nt_spin_acquire_at_dpc(PKSPIN_LOCK lock, void *caller)
	__acquires(&lock->Lock)
{
	if (nt_irql_current() < DISPATCH_LEVEL)
		nt_bugcheck_once("called at PASSIVE_LEVEL from %pS", caller);
	nt_spin_acquire(lock);
}

/**
 * KeAcquireSpinLockRaiseToDpc() - raise to DISPATCH_LEVEL and take a lock
 * @SpinLock: the lock
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Spins; does not sleep.
 * Return: the previous IRQL, for KeReleaseSpinLock().  A NULL @SpinLock
 * is reported once and nothing is taken.
 */
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
	__acquires(&SpinLock->Lock)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		__acquire(&SpinLock->Lock);
		return nt_irql_current();
	}
	return nt_spin_lock_raise(SpinLock);
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockRaiseToDpc);

/**
 * KeAcquireSpinLock() - raise to DISPATCH_LEVEL and take a spin lock
 * @SpinLock: the lock
 * @OldIrql: receives the previous IRQL, for KeReleaseSpinLock()
 *
 * A NULL argument is reported once and nothing is taken (@OldIrql, if
 * there is one, receives the current IRQL).
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Spins; does not sleep.
 */
VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
	__acquires(&SpinLock->Lock)
{
	if (!SpinLock || !OldIrql) {
		nt_bugcheck_once("NULL argument");
		if (OldIrql)
			*OldIrql = nt_irql_current();
		__acquire(&SpinLock->Lock);
		return;
	}
	*OldIrql = nt_spin_lock_raise(SpinLock);
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLock);

/**
 * KeReleaseSpinLock() - release a spin lock and lower the IRQL
 * @SpinLock: the lock, held by the caller
 * @NewIrql: what KeAcquireSpinLock() stored
 *
 * A lock the caller does not hold is reported once and left alone (the
 * IRQL is still lowered).
 *
 * Context: DISPATCH_LEVEL, holding @SpinLock.  Does not sleep.
 */
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
	__releases(&SpinLock->Lock)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		__release(&SpinLock->Lock);
		KeLowerIrql(NewIrql);
		return;
	}
	nt_spin_unlock_lower(SpinLock, NewIrql);
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLock);

/**
 * KeAcquireSpinLockAtDpcLevel() - take a spin lock at DISPATCH_LEVEL
 * @SpinLock: the lock
 *
 * Called below DISPATCH_LEVEL, it is reported once and takes the lock
 * all the same (a raw spin lock disables preemption itself).
 *
 * Context: DISPATCH_LEVEL (a DPC, a timer's DPC, another spin lock held).
 * Spins; does not sleep.
 */
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
	__acquires(&SpinLock->Lock)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		__acquire(&SpinLock->Lock);
		return;
	}
	nt_spin_acquire_at_dpc(SpinLock, __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockAtDpcLevel);

/**
 * KeReleaseSpinLockFromDpcLevel() - release a spin lock, staying at
 *	DISPATCH_LEVEL
 * @SpinLock: the lock, held by the caller
 *
 * Context: DISPATCH_LEVEL, holding @SpinLock.  Does not sleep.
 */
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
	__releases(&SpinLock->Lock)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		__release(&SpinLock->Lock);
		return;
	}
	nt_spin_release(SpinLock);
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLockFromDpcLevel);

/**
 * KeTryToAcquireSpinLockAtDpcLevel() - take a spin lock if it is free
 * @SpinLock: the lock
 *
 * Context: DISPATCH_LEVEL.  Does not spin or sleep.
 * Return: TRUE if taken; FALSE if held (by anyone, the caller too) or
 * @SpinLock is NULL.
 */
BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	if (!SpinLock) {
		nt_bugcheck_once("NULL SpinLock");
		return FALSE;
	}
	return nt_spin_try(SpinLock);
}
EXPORT_SYMBOL_GPL(KeTryToAcquireSpinLockAtDpcLevel);

/**
 * KeTestSpinLock() - is a spin lock free?
 * @SpinLock: the lock
 *
 * Context: any context.
 * Return: TRUE if free at the time of the call; FALSE if held or NULL.
 */
BOOLEAN KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
	return SpinLock && !raw_spin_is_locked(&SpinLock->Lock);
}
EXPORT_SYMBOL_GPL(KeTestSpinLock);

/**
 * KeAcquireInStackQueuedSpinLock() - take a spin lock with a handle
 * @SpinLock: the lock
 * @LockHandle: the caller's handle (on its stack); receives the lock and
 *	the previous IRQL
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Spins; does not sleep.  A NULL
 * argument is reported once and nothing is taken.
 */
VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
				    PKLOCK_QUEUE_HANDLE LockHandle)
	__acquires(&SpinLock->Lock)
{
	if (!SpinLock || !LockHandle) {
		nt_bugcheck_once("NULL argument");
		__acquire(&SpinLock->Lock);
		return;
	}
	LockHandle->LockQueue.Next = NULL;
	LockHandle->LockQueue.Lock = SpinLock;
	LockHandle->OldIrql = nt_spin_lock_raise(SpinLock);
}
EXPORT_SYMBOL_GPL(KeAcquireInStackQueuedSpinLock);

/**
 * KeReleaseInStackQueuedSpinLock() - release what a handle holds
 * @LockHandle: the handle KeAcquireInStackQueuedSpinLock() filled
 *
 * Context: DISPATCH_LEVEL, holding the handle's lock.  Does not sleep.
 */
VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
	__releases(&LockHandle->LockQueue.Lock->Lock)
{
	if (!LockHandle || !LockHandle->LockQueue.Lock) {
		nt_bugcheck_once("NULL LockHandle");
		__release(&LockHandle->LockQueue.Lock->Lock);
		return;
	}
	nt_spin_unlock_lower(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}
EXPORT_SYMBOL_GPL(KeReleaseInStackQueuedSpinLock);

/**
 * KeAcquireInStackQueuedSpinLockAtDpcLevel() - take a spin lock with a
 *	handle at DISPATCH_LEVEL
 * @SpinLock: the lock
 * @LockHandle: the caller's handle
 *
 * Context: DISPATCH_LEVEL.  Spins; does not sleep.
 */
VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock,
					      PKLOCK_QUEUE_HANDLE LockHandle)
	__acquires(&SpinLock->Lock)
{
	if (!SpinLock || !LockHandle) {
		nt_bugcheck_once("NULL argument");
		__acquire(&SpinLock->Lock);
		return;
	}
	LockHandle->LockQueue.Next = NULL;
	LockHandle->LockQueue.Lock = SpinLock;
	LockHandle->OldIrql = DISPATCH_LEVEL;
	nt_spin_acquire_at_dpc(SpinLock, __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(KeAcquireInStackQueuedSpinLockAtDpcLevel);

/**
 * KeReleaseInStackQueuedSpinLockFromDpcLevel() - release what a handle
 *	holds, staying at DISPATCH_LEVEL
 * @LockHandle: the handle
 *
 * Context: DISPATCH_LEVEL, holding the handle's lock.  Does not sleep.
 */
VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
	__releases(&LockHandle->LockQueue.Lock->Lock)
{
	if (!LockHandle || !LockHandle->LockQueue.Lock) {
		nt_bugcheck_once("NULL LockHandle");
		__release(&LockHandle->LockQueue.Lock->Lock);
		return;
	}
	nt_spin_release(LockHandle->LockQueue.Lock);
}
EXPORT_SYMBOL_GPL(KeReleaseInStackQueuedSpinLockFromDpcLevel);

/*
 * The ExInterlocked list routines take the lock with interrupts off, as
 * NT's do, so any context may use them on one list.  A NULL argument is
 * reported once and they return NULL.
 */
static unsigned long nt_interlocked_begin(PKSPIN_LOCK lock)
	__acquires(&lock->Lock)
{
	unsigned long flags;

	local_irq_save(flags);
	nt_spin_acquire(lock);
	return flags;
}

static void nt_interlocked_end(PKSPIN_LOCK lock, unsigned long flags)
	__releases(&lock->Lock)
{
	nt_spin_release(lock);
	local_irq_restore(flags);
}

/**
 * ExInterlockedInsertHeadList() - insert at the head under a spin lock
 * @ListHead: the list
 * @ListEntry: the entry
 * @Lock: the list's lock
 *
 * Context: any context.  Does not sleep.
 * Return: the entry that was first, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead,
					PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY first = NULL;
	unsigned long flags;

	if (!ListHead || !ListEntry || !Lock) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	flags = nt_interlocked_begin(Lock);
	if (!IsListEmpty(ListHead))
		first = ListHead->Flink;
	InsertHeadList(ListHead, ListEntry);
	nt_interlocked_end(Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertHeadList);

/**
 * ExInterlockedInsertTailList() - insert at the tail under a spin lock
 * @ListHead: the list
 * @ListEntry: the entry
 * @Lock: the list's lock
 *
 * Context: any context.  Does not sleep.
 * Return: the entry that was last, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead,
					PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY last = NULL;
	unsigned long flags;

	if (!ListHead || !ListEntry || !Lock) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	flags = nt_interlocked_begin(Lock);
	if (!IsListEmpty(ListHead))
		last = ListHead->Blink;
	InsertTailList(ListHead, ListEntry);
	nt_interlocked_end(Lock, flags);
	return last;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertTailList);

/**
 * ExInterlockedRemoveHeadList() - remove the first entry under a spin lock
 * @ListHead: the list
 * @Lock: the list's lock
 *
 * Context: any context.  Does not sleep.
 * Return: the entry, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY first = NULL;
	unsigned long flags;

	if (!ListHead || !Lock) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	flags = nt_interlocked_begin(Lock);
	if (!IsListEmpty(ListHead))
		first = RemoveHeadList(ListHead);
	nt_interlocked_end(Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedRemoveHeadList);

/**
 * ExInterlockedPushEntryList() - push onto a singly linked list under a
 *	spin lock
 * @ListHead: the list
 * @ListEntry: the entry
 * @Lock: the list's lock
 *
 * Context: any context.  Does not sleep.
 * Return: the entry that was first, or NULL.
 */
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry,
					      PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY first = NULL;
	unsigned long flags;

	if (!ListHead || !ListEntry || !Lock) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	flags = nt_interlocked_begin(Lock);
	first = ListHead->Next;
	PushEntryList(ListHead, ListEntry);
	nt_interlocked_end(Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedPushEntryList);

/**
 * ExInterlockedPopEntryList() - pop from a singly linked list under a
 *	spin lock
 * @ListHead: the list
 * @Lock: the list's lock
 *
 * Context: any context.  Does not sleep.
 * Return: the entry, or NULL if the list was empty.
 */
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead,
					     PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY first = NULL;
	unsigned long flags;

	if (!ListHead || !Lock) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	flags = nt_interlocked_begin(Lock);
	first = PopEntryList(ListHead);
	nt_interlocked_end(Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedPopEntryList);
