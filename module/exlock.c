// SPDX-License-Identifier: GPL-2.0
/*
 * The executive's sleeping locks (WRK's ex/fastmutx and ex/resource):
 * FAST_MUTEX over a struct mutex, ERESOURCE as NT's reader/writer lock
 * with recursive owners, and critical regions.
 *
 * ERESOURCE: a raw spin lock guards its counts (ExReleaseResourceLite is
 * allowed at DISPATCH_LEVEL, also on PREEMPT_RT); waiters queue in FIFO
 * order on the caller's stack and are handed the resource by the release
 * that frees it, then woken.  Its lockdep map (a class per
 * ExInitializeResourceLite site) is acquired before a wait, so an
 * inverted order is reported before it deadlocks; recursive holds are
 * not seen by lockdep.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "exlock.h"
#include "ke.h"
#include "report.h"

#define NT_FAST_MUTEX_MAGIC	0x78744d46	/* "FMtx" */
#define NT_RESOURCE_MAGIC	0x73655245	/* "ERes" */

/* Is @magic at @p, readable?  Bad pointers are not ours. */
static bool nt_magic_ok(const ULONG *p, ULONG magic)
{
	ULONG v;

	return p && !get_kernel_nofault(v, p) && v == magic;
}

/* FAST_MUTEX and ERESOURCE need IRQL <= APC_LEVEL: sleepable here. */
static bool nt_lock_irql_ok(void)
{
	if (KeGetCurrentIrql() > APC_LEVEL) {
		nt_wrong_irql_once();
		return false;
	}
	return true;
}

/**
 * nt_init_fast_mutex() - ExInitializeFastMutex(), with the site's class
 * @FastMutex: the mutex
 * @name: its lockdep name
 * @key: its lockdep class (one per ExInitializeFastMutex call site)
 *
 * Context: any context.
 */
void nt_init_fast_mutex(PFAST_MUTEX FastMutex, const char *name,
			struct lock_class_key *key)
{
	if (!FastMutex) {
		nt_bugcheck_once("NULL FastMutex");
		return;
	}
	__mutex_init(&FastMutex->Mutex, name, key);
	FastMutex->Owner = NULL;
	FastMutex->Contention = 0;
	FastMutex->Recursion = 0;
	FastMutex->OldIrql = PASSIVE_LEVEL;
	FastMutex->Magic = NT_FAST_MUTEX_MAGIC;
}
EXPORT_SYMBOL_GPL(nt_init_fast_mutex);

static bool nt_fast_mutex_ok(PFAST_MUTEX m)
{
	if (!nt_magic_ok(m ? &m->Magic : NULL, NT_FAST_MUTEX_MAGIC)) {
		nt_bugcheck_once("%p is not an initialised FAST_MUTEX", m);
		return false;
	}
	return true;
}

static void nt_fast_mutex_acquire(PFAST_MUTEX m)
{
	if (!nt_fast_mutex_ok(m) || !nt_lock_irql_ok())
		return;
	if (READ_ONCE(m->Owner) == current) {
		nt_bugcheck_once("fast mutex %p acquired again by its owner (a deadlock)",
				 m);
		m->Recursion++;
		return;
	}
	if (!mutex_trylock(&m->Mutex)) {
		mutex_lock(&m->Mutex);
		m->Contention++;
	}
	WRITE_ONCE(m->Owner, current);
}

static void nt_fast_mutex_release(PFAST_MUTEX m)
{
	if (!nt_fast_mutex_ok(m))
		return;
	if (READ_ONCE(m->Owner) != current) {
		nt_bugcheck_once("fast mutex %p released by a thread that does not own it",
				 m);
		return;
	}
	if (m->Recursion) {
		m->Recursion--;
		return;
	}
	WRITE_ONCE(m->Owner, NULL);
	mutex_unlock(&m->Mutex);
}

/**
 * ExAcquireFastMutex() - acquire a fast mutex, waiting if need be
 * @FastMutex: the mutex, initialised with ExInitializeFastMutex()
 *
 * Not recursive: its owner acquiring it again (a deadlock on Windows) is
 * reported once and counted, so that the matching release does not free
 * it.  Called at DISPATCH_LEVEL, or with anything but an initialised
 * FAST_MUTEX, it is reported once and nothing is acquired.
 *
 * Context: IRQL <= APC_LEVEL.  May sleep.
 */
VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
	nt_fast_mutex_acquire(FastMutex);
}
EXPORT_SYMBOL_GPL(ExAcquireFastMutex);

/**
 * ExAcquireFastMutexUnsafe() - ExAcquireFastMutex() inside a critical
 *	region (the same here: no APCs)
 * @FastMutex: the mutex
 *
 * Context: IRQL <= APC_LEVEL.  May sleep.
 */
VOID ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
	nt_fast_mutex_acquire(FastMutex);
}
EXPORT_SYMBOL_GPL(ExAcquireFastMutexUnsafe);

/**
 * ExTryToAcquireFastMutex() - acquire a fast mutex if it is free
 * @FastMutex: the mutex
 *
 * Context: IRQL <= APC_LEVEL.  Does not sleep.
 * Return: TRUE if acquired; FALSE if owned (by the caller too), or on bad
 * input or IRQL (reported once).
 */
BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
	if (!nt_fast_mutex_ok(FastMutex) || !nt_lock_irql_ok())
		return FALSE;
	if (READ_ONCE(FastMutex->Owner) == current ||
	    !mutex_trylock(&FastMutex->Mutex))
		return FALSE;
	WRITE_ONCE(FastMutex->Owner, current);
	return TRUE;
}
EXPORT_SYMBOL_GPL(ExTryToAcquireFastMutex);

/**
 * ExReleaseFastMutex() - release a fast mutex the caller owns
 * @FastMutex: the mutex
 *
 * Released by a thread that does not own it: reported once, and the
 * mutex stays as it is.
 *
 * Context: the owner, IRQL <= APC_LEVEL.  Does not sleep.
 */
VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
	nt_fast_mutex_release(FastMutex);
}
EXPORT_SYMBOL_GPL(ExReleaseFastMutex);

/**
 * ExReleaseFastMutexUnsafe() - ExReleaseFastMutex() inside a critical
 *	region
 * @FastMutex: the mutex
 *
 * Context: the owner, IRQL <= APC_LEVEL.  Does not sleep.
 */
VOID ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
	nt_fast_mutex_release(FastMutex);
}
EXPORT_SYMBOL_GPL(ExReleaseFastMutexUnsafe);

/* A task waiting for an ERESOURCE, on its stack. */
struct nt_resource_waiter {
	struct list_head node;
	struct task_struct *task;
	bool exclusive;
	bool granted;
};

static struct list_head *nt_waiters(PERESOURCE r)
{
	return (struct list_head *)&r->Waiters;
}

#ifdef CONFIG_LOCKDEP
#define nt_dep_map(r)	(&(r)->DepMap)
#endif

/**
 * nt_init_resource() - ExInitializeResourceLite(), with the site's class
 * @Resource: the resource
 * @name: its lockdep name
 * @key: its lockdep class (one per ExInitializeResourceLite call site)
 *
 * Context: any context.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL.
 */
NTSTATUS nt_init_resource(PERESOURCE Resource, const char *name,
			  struct lock_class_key *key)
{
	if (!Resource) {
		nt_bugcheck_once("NULL Resource");
		return STATUS_INVALID_PARAMETER;
	}
	memset(Resource, 0, sizeof(*Resource));
	raw_spin_lock_init(&Resource->SpinLock);
	INIT_LIST_HEAD(nt_waiters(Resource));
#ifdef CONFIG_LOCKDEP
	lockdep_init_map(nt_dep_map(Resource), name, key, 0);
#endif
	Resource->Magic = NT_RESOURCE_MAGIC;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(nt_init_resource);

static bool nt_resource_ok(PERESOURCE r)
{
	if (!nt_magic_ok(r ? &r->Magic : NULL, NT_RESOURCE_MAGIC)) {
		nt_bugcheck_once("%p is not an initialised ERESOURCE", r);
		return false;
	}
	return true;
}

static POWNER_ENTRY nt_resource_owner(PERESOURCE r, void *task)
{
	int i;

	for (i = 0; i < NT_RESOURCE_OWNERS; i++)
		if (r->OwnerTable[i].OwnerThread == task)
			return &r->OwnerTable[i];
	return NULL;
}

/* One more shared hold for @task (count @n); the caller holds SpinLock. */
static void nt_resource_add_shared(PERESOURCE r, void *task, ULONG n)
{
	POWNER_ENTRY e = nt_resource_owner(r, task);

	if (!e)
		e = nt_resource_owner(r, NULL);
	if (e) {
		e->OwnerThread = task;
		e->OwnerCount += n;
	} else {
		r->AnonymousShared += n;
	}
	r->SharedCount += n;
}

/* Hand the resource to the waiters that can have it now, in order. */
static void nt_resource_grant_locked(PERESOURCE r)
{
	struct nt_resource_waiter *w, *next;

	list_for_each_entry_safe(w, next, nt_waiters(r), node) {
		if (r->ExclusiveOwner)
			return;
		if (w->exclusive) {
			if (r->SharedCount)
				return;
			r->ExclusiveOwner = w->task;
			r->ExclusiveCount = 1;
		} else {
			nt_resource_add_shared(r, w->task, 1);
		}
		list_del(&w->node);
		w->granted = true;
		wake_up_process(w->task);
	}
}

static bool nt_resource_exclusive_waiters(PERESOURCE r)
{
	struct nt_resource_waiter *w;

	list_for_each_entry(w, nt_waiters(r), node)
		if (w->exclusive)
			return true;
	return false;
}

/* Queue and sleep until granted; SpinLock held on entry and on return. */
static void nt_resource_wait(PERESOURCE r, bool exclusive,
			     unsigned long *flags)
{
	struct nt_resource_waiter w = {
		.task = current, .exclusive = exclusive,
	};

	list_add_tail(&w.node, nt_waiters(r));
	r->ContentionCount++;
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (w.granted)
			break;
		raw_spin_unlock_irqrestore(&r->SpinLock, *flags);
		schedule();
		raw_spin_lock_irqsave(&r->SpinLock, *flags);
	}
	__set_current_state(TASK_RUNNING);
}

/**
 * ExAcquireResourceExclusiveLite() - acquire a resource for writing
 * @Resource: the resource
 * @Wait: TRUE to wait until it can be had
 *
 * Its exclusive owner gets it again (recursively).  A caller that holds
 * it shared would deadlock on Windows: reported once, FALSE returned.
 *
 * Context: IRQL <= APC_LEVEL (in a critical region on Windows).  May
 * sleep when @Wait.
 * Return: TRUE if acquired; FALSE if not (@Wait FALSE and owned), and on
 * bad input or IRQL, which are reported once.
 */
BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
	unsigned long flags;
	bool held;

	if (!nt_resource_ok(Resource) || !nt_lock_irql_ok())
		return FALSE;
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	if (Resource->ExclusiveOwner == current) {
		Resource->ExclusiveCount++;
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		return TRUE;
	}
	held = nt_resource_owner(Resource, current);
	if (held) {
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		nt_bugcheck_once("resource %p: exclusive acquire by a shared owner (a deadlock)",
				 Resource);
		return FALSE;
	}
	if (!Resource->ExclusiveOwner && !Resource->SharedCount &&
	    list_empty(nt_waiters(Resource))) {
		Resource->ExclusiveOwner = current;
		Resource->ExclusiveCount = 1;
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		rwsem_acquire(nt_dep_map(Resource), 0, !Wait, _RET_IP_);
		return TRUE;
	}
	if (!Wait) {
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		return FALSE;
	}
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
	rwsem_acquire(nt_dep_map(Resource), 0, 0, _RET_IP_);
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	if (!Resource->ExclusiveOwner && !Resource->SharedCount &&
	    list_empty(nt_waiters(Resource))) {
		Resource->ExclusiveOwner = current;
		Resource->ExclusiveCount = 1;
	} else {
		nt_resource_wait(Resource, true, &flags);
	}
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
	return TRUE;
}
EXPORT_SYMBOL_GPL(ExAcquireResourceExclusiveLite);

static BOOLEAN nt_resource_acquire_shared(PERESOURCE r, BOOLEAN wait,
					  bool starve, unsigned long ip)
{
	unsigned long flags;
	POWNER_ENTRY e;

	if (!nt_resource_ok(r) || !nt_lock_irql_ok())
		return FALSE;
	raw_spin_lock_irqsave(&r->SpinLock, flags);
	if (r->ExclusiveOwner == current) {
		/* NT: the exclusive owner's shared acquire is one more hold */
		r->ExclusiveCount++;
		raw_spin_unlock_irqrestore(&r->SpinLock, flags);
		return TRUE;
	}
	e = nt_resource_owner(r, current);
	if (e) {
		e->OwnerCount++;
		r->SharedCount++;
		raw_spin_unlock_irqrestore(&r->SpinLock, flags);
		return TRUE;
	}
	if (!r->ExclusiveOwner &&
	    (starve || !nt_resource_exclusive_waiters(r))) {
		nt_resource_add_shared(r, current, 1);
		raw_spin_unlock_irqrestore(&r->SpinLock, flags);
		rwsem_acquire_read(nt_dep_map(r), 0, !wait, ip);
		return TRUE;
	}
	raw_spin_unlock_irqrestore(&r->SpinLock, flags);
	if (!wait)
		return FALSE;
	rwsem_acquire_read(nt_dep_map(r), 0, 0, ip);
	raw_spin_lock_irqsave(&r->SpinLock, flags);
	if (!r->ExclusiveOwner &&
	    (starve || !nt_resource_exclusive_waiters(r)))
		nt_resource_add_shared(r, current, 1);
	else
		nt_resource_wait(r, false, &flags);
	raw_spin_unlock_irqrestore(&r->SpinLock, flags);
	return TRUE;
}

/**
 * ExAcquireResourceSharedLite() - acquire a resource for reading
 * @Resource: the resource
 * @Wait: TRUE to wait until it can be had
 *
 * Granted at once to a thread that owns it already (shared, or
 * exclusively: one more exclusive hold), and to a new reader while no one
 * owns it exclusively or waits to; otherwise the caller waits behind the
 * exclusive waiters.
 *
 * Context: IRQL <= APC_LEVEL.  May sleep when @Wait.
 * Return: TRUE if acquired; FALSE if not, and on bad input or IRQL
 * (reported once).
 */
BOOLEAN ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
	return nt_resource_acquire_shared(Resource, Wait, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(ExAcquireResourceSharedLite);

/**
 * ExAcquireSharedStarveExclusive() - acquire a resource for reading
 *	ahead of exclusive waiters
 * @Resource: the resource
 * @Wait: TRUE to wait while it is owned exclusively
 *
 * Context: IRQL <= APC_LEVEL.  May sleep when @Wait.
 * Return: as ExAcquireResourceSharedLite().
 */
BOOLEAN ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
	return nt_resource_acquire_shared(Resource, Wait, true, _RET_IP_);
}
EXPORT_SYMBOL_GPL(ExAcquireSharedStarveExclusive);

/*
 * Release one hold of @owner: the caller's task, or an owner pointer that
 * ExSetResourceOwnerPointer() gave holds to.  Only the caller's own holds
 * are in lockdep, and only the caller may take one of the holds of owners
 * the owner table had no room for.  False if @owner has none.
 */
static bool nt_resource_release(PERESOURCE r, void *owner, unsigned long ip)
{
	bool self = owner == current;
	unsigned long flags;
	POWNER_ENTRY e;

	raw_spin_lock_irqsave(&r->SpinLock, flags);
	if (r->ExclusiveOwner == owner) {
		if (--r->ExclusiveCount == 0) {
			r->ExclusiveOwner = NULL;
			if (self)
				rwsem_release(nt_dep_map(r), ip);
			nt_resource_grant_locked(r);
		}
		goto out;
	}
	e = nt_resource_owner(r, owner);
	if (e || (self && r->AnonymousShared)) {
		if (!e)
			r->AnonymousShared--;
		else if (--e->OwnerCount == 0)
			e->OwnerThread = NULL;
		if (self && (!e || !e->OwnerThread))
			rwsem_release(nt_dep_map(r), ip);
		if (--r->SharedCount == 0)
			nt_resource_grant_locked(r);
		goto out;
	}
	raw_spin_unlock_irqrestore(&r->SpinLock, flags);
	return false;
out:
	raw_spin_unlock_irqrestore(&r->SpinLock, flags);
	return true;
}

/**
 * ExReleaseResourceLite() - release one hold of a resource
 * @Resource: the resource, owned by the caller
 *
 * The last hold hands the resource to the waiters that can have it.  A
 * caller that owns it neither way is reported once (a bug check on
 * Windows) and nothing changes, unless shared holds of owners the owner
 * table had no room for are outstanding: one of them is released.
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Does not sleep.
 */
VOID ExReleaseResourceLite(PERESOURCE Resource)
{
	if (!nt_resource_ok(Resource))
		return;
	if (!nt_resource_release(Resource, current, _RET_IP_))
		nt_bugcheck_once("resource %p released by a thread that does not own it",
				 Resource);
}
EXPORT_SYMBOL_GPL(ExReleaseResourceLite);

/* An owner pointer has its low two bits set; a thread object never has. */
static bool nt_resource_owner_pointer(ERESOURCE_THREAD t)
{
	return (t & 3) == 3;
}

/**
 * ExReleaseResourceForThreadLite() - release one hold of a resource for
 *	the thread or owner pointer that has it
 * @Resource: the resource
 * @ResourceThreadId: ExGetCurrentResourceThread() of the caller, or the
 *	owner pointer that an owner gave its holds to with
 *	ExSetResourceOwnerPointer()
 *
 * For the caller's own thread it is ExReleaseResourceLite().  An owner
 * pointer's hold may be released by any thread, as on Windows.  Another
 * thread's ExGetCurrentResourceThread(), whose holds were not handed over
 * to an owner pointer first (which Windows requires), is reported once
 * and nothing changes: that thread's holds are its own (lockdep's
 * too).  So is a @ResourceThreadId that owns no hold of @Resource (a bug
 * check on Windows), 0 included.
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Does not sleep.
 */
VOID ExReleaseResourceForThreadLite(PERESOURCE Resource,
				    ERESOURCE_THREAD ResourceThreadId)
{
	void *owner;

	if (!nt_resource_ok(Resource))
		return;
	if (nt_resource_owner_pointer(ResourceThreadId)) {
		owner = (void *)ResourceThreadId;
	} else if (ResourceThreadId &&
		   ResourceThreadId == (ERESOURCE_THREAD)nt_ke_current_thread_peek()) {
		/* KeGetCurrentThread()'s object: PsGetCurrentThread()'s */
		owner = current;
	} else {
		nt_bugcheck_once("resource %p: %#lx is neither the caller nor an owner pointer",
				 Resource, ResourceThreadId);
		return;
	}
	if (!nt_resource_release(Resource, owner, _RET_IP_))
		nt_bugcheck_once("resource %p released for %#lx, which does not own it",
				 Resource, ResourceThreadId);
}
EXPORT_SYMBOL_GPL(ExReleaseResourceForThreadLite);

/**
 * ExSetResourceOwnerPointer() - give the caller's holds of a resource to
 *	an owner pointer
 * @Resource: the resource, owned by the caller
 * @OwnerPointer: a pointer to memory of the caller's that stays allocated
 *	until the holds are released, with its low two bits set
 *
 * The caller's holds, exclusive or shared, become @OwnerPointer's (added
 * to those it has already); the caller owns the resource no more, and
 * ExReleaseResourceForThreadLite() with @OwnerPointer releases them, in
 * any thread.  Lockdep forgets them here.  An @OwnerPointer without the
 * low bits set, a caller that does not own the resource (a bug check on
 * Windows) and one whose shared holds the owner table had no room for
 * are reported once, and nothing changes.
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Does not sleep.
 */
VOID ExSetResourceOwnerPointer(PERESOURCE Resource, PVOID OwnerPointer)
{
	POWNER_ENTRY e, existing;
	unsigned long flags;

	if (!nt_resource_ok(Resource))
		return;
	if (!nt_resource_owner_pointer((ERESOURCE_THREAD)OwnerPointer)) {
		nt_bugcheck_once("resource %p: owner pointer %p without its low two bits set",
				 Resource, OwnerPointer);
		return;
	}
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	if (Resource->ExclusiveOwner == current) {
		Resource->ExclusiveOwner = OwnerPointer;
		goto out;
	}
	e = nt_resource_owner(Resource, current);
	if (!e) {
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		nt_bugcheck_once("resource %p: not owned by the caller, or not in its owner table",
				 Resource);
		return;
	}
	existing = nt_resource_owner(Resource, OwnerPointer);
	if (existing) {
		existing->OwnerCount += e->OwnerCount;
		e->OwnerCount = 0;
		e->OwnerThread = NULL;
	} else {
		e->OwnerThread = OwnerPointer;
	}
out:
	rwsem_release(nt_dep_map(Resource), _RET_IP_);
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
}
EXPORT_SYMBOL_GPL(ExSetResourceOwnerPointer);

/**
 * ExConvertExclusiveToSharedLite() - turn exclusive holds into shared
 * @Resource: the resource, owned exclusively by the caller
 *
 * Every exclusive hold becomes a shared one; waiting readers get it too.
 * A caller that is not the exclusive owner is reported once.
 *
 * Context: IRQL <= DISPATCH_LEVEL.  Does not sleep.
 */
VOID ExConvertExclusiveToSharedLite(PERESOURCE Resource)
{
	unsigned long flags;
	ULONG n;

	if (!nt_resource_ok(Resource))
		return;
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	if (Resource->ExclusiveOwner != current) {
		raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
		nt_bugcheck_once("resource %p converted by a thread not its exclusive owner",
				 Resource);
		return;
	}
	n = Resource->ExclusiveCount;
	Resource->ExclusiveOwner = NULL;
	Resource->ExclusiveCount = 0;
	nt_resource_add_shared(Resource, current, n);
	lock_downgrade(nt_dep_map(Resource), _RET_IP_);
	/* Readers waiting behind nothing but the owner go now. */
	while (!list_empty(nt_waiters(Resource))) {
		struct nt_resource_waiter *w =
			list_first_entry(nt_waiters(Resource),
					 struct nt_resource_waiter, node);

		if (w->exclusive)
			break;
		nt_resource_add_shared(Resource, w->task, 1);
		list_del(&w->node);
		w->granted = true;
		wake_up_process(w->task);
	}
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
}
EXPORT_SYMBOL_GPL(ExConvertExclusiveToSharedLite);

/**
 * ExIsResourceAcquiredExclusiveLite() - does the caller own it exclusively?
 * @Resource: the resource
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: TRUE or FALSE (also for bad input, reported once).
 */
BOOLEAN ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
	if (!nt_resource_ok(Resource))
		return FALSE;
	return READ_ONCE(Resource->ExclusiveOwner) == current;
}
EXPORT_SYMBOL_GPL(ExIsResourceAcquiredExclusiveLite);

/**
 * ExIsResourceAcquiredSharedLite() - how many holds does the caller have?
 * @Resource: the resource
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the caller's holds, shared or exclusive; 0 if none, for an
 * owner the owner table had no room for, and for bad input.
 */
ULONG ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
	unsigned long flags;
	POWNER_ENTRY e;
	ULONG n = 0;

	if (!nt_resource_ok(Resource))
		return 0;
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	if (Resource->ExclusiveOwner == current) {
		n = Resource->ExclusiveCount;
	} else {
		e = nt_resource_owner(Resource, current);
		if (e)
			n = e->OwnerCount;
	}
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(ExIsResourceAcquiredSharedLite);

/**
 * ExDeleteResourceLite() - retire a resource before its memory is freed
 * @Resource: the resource, owned by no one
 *
 * Context: IRQL <= APC_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for bad input or a
 * resource still owned or waited for (reported once; left as it is).
 */
NTSTATUS ExDeleteResourceLite(PERESOURCE Resource)
{
	unsigned long flags;
	bool busy;

	if (!nt_resource_ok(Resource))
		return STATUS_INVALID_PARAMETER;
	raw_spin_lock_irqsave(&Resource->SpinLock, flags);
	busy = Resource->ExclusiveOwner || Resource->SharedCount ||
	       !list_empty(nt_waiters(Resource));
	if (!busy)
		Resource->Magic = 0;
	raw_spin_unlock_irqrestore(&Resource->SpinLock, flags);
	if (busy) {
		nt_bugcheck_once("resource %p deleted while owned", Resource);
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ExDeleteResourceLite);

/**
 * KeEnterCriticalRegion() - disable normal kernel APCs
 *
 * No APCs are ever delivered here, so there is nothing to disable; called
 * above APC_LEVEL it is reported once.
 *
 * Context: IRQL <= APC_LEVEL.
 */
VOID KeEnterCriticalRegion(void)
{
	nt_lock_irql_ok();
}
EXPORT_SYMBOL_GPL(KeEnterCriticalRegion);

/**
 * KeLeaveCriticalRegion() - the end of KeEnterCriticalRegion()'s region
 *
 * Context: IRQL <= APC_LEVEL.
 */
VOID KeLeaveCriticalRegion(void)
{
	nt_lock_irql_ok();
}
EXPORT_SYMBOL_GPL(KeLeaveCriticalRegion);

/**
 * KeAreApcsDisabled() - would an APC be held off now?
 *
 * Context: any context.
 * Return: TRUE: no APC is ever delivered to any thread here, so code that
 * asserts it runs in a critical region (as ERESOURCE users do) holds.
 */
BOOLEAN KeAreApcsDisabled(void)
{
	return TRUE;
}
EXPORT_SYMBOL_GPL(KeAreApcsDisabled);
