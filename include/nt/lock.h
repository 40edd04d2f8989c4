/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IRQL and locks: KeRaiseIrql / KeLowerIrql, KSPIN_LOCK (also in-stack
 * queued), the ExInterlocked list routines, FAST_MUTEX (and guarded
 * mutexes), ERESOURCE, critical regions.
 *
 * Each lock gets a lockdep class per initialisation site, as
 * spin_lock_init() does: the Initialize routines are macros with a static
 * key, so a driver's lock-order inversions show up as lockdep reports.
 *
 * KSPIN_LOCK is NT's ULONG_PTR; here it is a raw_spinlock_t (which never
 * sleeps, also on PREEMPT_RT) with its holder, so it is larger than a
 * pointer on kernels with lock debugging, and must be initialised with
 * KeInitializeSpinLock (zeroed memory is not enough there).
 */
#ifndef _NT_LOCK_H
#define _NT_LOCK_H

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock_types.h>
#include <nt/basetsd.h>

#include <nt/access.h>

#define PROFILE_LEVEL	15
#define HIGH_LEVEL	15

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
VOID KeLowerIrql(KIRQL NewIrql);
KIRQL KeRaiseIrqlToDpcLevel(void);

typedef struct _KSPIN_LOCK {
	raw_spinlock_t Lock;
	PVOID Owner;		/* the holder's context while held */
	ULONG Recursion;	/* re-acquisitions by the holder (reported) */
} KSPIN_LOCK, *PKSPIN_LOCK;

typedef struct _KSPIN_LOCK_QUEUE {
	struct _KSPIN_LOCK_QUEUE *Next;
	PKSPIN_LOCK Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
	KSPIN_LOCK_QUEUE LockQueue;
	KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

void nt_init_spin_lock(PKSPIN_LOCK SpinLock, const char *name,
		       struct lock_class_key *key);
#define KeInitializeSpinLock(SpinLock) do {				\
	static struct lock_class_key __nt_key;				\
									\
	nt_init_spin_lock((SpinLock), #SpinLock, &__nt_key);		\
} while (0)

VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql);
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
BOOLEAN KeTestSpinLock(PKSPIN_LOCK SpinLock);
VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
				    PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock,
					      PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle);

/* Under the spin lock, with interrupts off: any IRQL. */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead,
					PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead,
					PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead,
					PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry,
					      PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead,
					     PKSPIN_LOCK Lock);

/*
 * A fast mutex: a struct mutex (an rt_mutex on PREEMPT_RT) with its
 * owner.  Guarded mutexes are the same thing under other names.
 */
typedef struct _FAST_MUTEX {
	struct mutex Mutex;	/* the lock itself */
	PVOID Owner;		/* the owning task */
	ULONG Contention;	/* acquisitions that had to wait */
	ULONG Recursion;	/* re-acquisitions by the owner (reported) */
	ULONG Magic;
	KIRQL OldIrql;
} FAST_MUTEX, *PFAST_MUTEX, KGUARDED_MUTEX, *PKGUARDED_MUTEX;

void nt_init_fast_mutex(PFAST_MUTEX FastMutex, const char *name,
			struct lock_class_key *key);
#define ExInitializeFastMutex(FastMutex) do {				\
	static struct lock_class_key __nt_key;				\
									\
	nt_init_fast_mutex((FastMutex), #FastMutex, &__nt_key);		\
} while (0)
VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex);
VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex);
BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex);
VOID ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex);
VOID ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex);
#define KeInitializeGuardedMutex(m)	ExInitializeFastMutex(m)
#define KeAcquireGuardedMutex(m)	ExAcquireFastMutex(m)
#define KeReleaseGuardedMutex(m)	ExReleaseFastMutex(m)
#define KeTryToAcquireGuardedMutex(m)	ExTryToAcquireFastMutex(m)
#define KeAcquireGuardedMutexUnsafe(m)	ExAcquireFastMutexUnsafe(m)
#define KeReleaseGuardedMutexUnsafe(m)	ExReleaseFastMutexUnsafe(m)

/*
 * An executive resource (reader/writer lock, recursive for its owners).
 * Shared owners are tracked in a small table; holds of further concurrent
 * owners are counted, not named (README.md says what that changes).
 */
#define NT_RESOURCE_OWNERS	4

/*
 * What names an owner: its thread object (PsGetCurrentThread()), or an
 * owner pointer with the low two bits set (ExSetResourceOwnerPointer).
 */
typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

#define ExGetCurrentResourceThread()	((ERESOURCE_THREAD)PsGetCurrentThread())

typedef struct _OWNER_ENTRY {
	PVOID OwnerThread;	/* a task, or an owner pointer */
	ULONG OwnerCount;
} OWNER_ENTRY, *POWNER_ENTRY;

typedef struct _ERESOURCE {
	raw_spinlock_t SpinLock;
	LIST_ENTRY Waiters;
	PVOID ExclusiveOwner;	/* the owning task, or an owner pointer */
	ULONG ExclusiveCount;
	ULONG SharedCount;	/* every shared hold */
	ULONG AnonymousShared;	/* holds of owners the table had no room for */
	OWNER_ENTRY OwnerTable[NT_RESOURCE_OWNERS];
	ULONG ContentionCount;
	ULONG Magic;
#ifdef CONFIG_LOCKDEP
	struct lockdep_map DepMap;
#endif
} ERESOURCE, *PERESOURCE;

NTSTATUS nt_init_resource(PERESOURCE Resource, const char *name,
			  struct lock_class_key *key);
#define ExInitializeResourceLite(Resource) ({				\
	static struct lock_class_key __nt_key;				\
									\
	nt_init_resource((Resource), #Resource, &__nt_key);		\
})
NTSTATUS ExDeleteResourceLite(PERESOURCE Resource);
BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait);
BOOLEAN ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait);
BOOLEAN ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait);
VOID ExReleaseResourceLite(PERESOURCE Resource);
#define ExReleaseResource(r)	ExReleaseResourceLite(r)
VOID ExReleaseResourceForThreadLite(PERESOURCE Resource,
				    ERESOURCE_THREAD ResourceThreadId);
VOID ExSetResourceOwnerPointer(PERESOURCE Resource, PVOID OwnerPointer);
BOOLEAN ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource);
ULONG ExIsResourceAcquiredSharedLite(PERESOURCE Resource);
#define ExIsResourceAcquiredLite(r)	ExIsResourceAcquiredSharedLite(r)
VOID ExConvertExclusiveToSharedLite(PERESOURCE Resource);

/* No APCs are ever delivered here: see README.md. */
VOID KeEnterCriticalRegion(void);
VOID KeLeaveCriticalRegion(void);
BOOLEAN KeAreApcsDisabled(void);
#define KeEnterGuardedRegion()	KeEnterCriticalRegion()
#define KeLeaveGuardedRegion()	KeLeaveCriticalRegion()

#endif /* _NT_LOCK_H */
