// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for IRQL and locks: KeRaiseIrql / KeLowerIrql, KSPIN_LOCK
 * (plain, at DPC level, in-stack queued, ExInterlocked lists), FAST_MUTEX,
 * ERESOURCE, critical regions; the misuse that Windows bug checks on is
 * reported and changes nothing.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/irqflags.h>

#include "ntthread_kunit.h"

static void lock_raise_and_lower(struct kunit *test)
{
	KIRQL old, old2;

	KUNIT_ASSERT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	KeRaiseIrql(HIGH_LEVEL, &old2);
	KUNIT_EXPECT_EQ(test, old2, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), HIGH_LEVEL);
	/* Lower than current: a bug check on Windows; reported, no change. */
	KeRaiseIrql(DISPATCH_LEVEL, &old2);
	KUNIT_EXPECT_EQ(test, old2, HIGH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), HIGH_LEVEL);
	KeLowerIrql(DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	/* Higher than current: reported, no change. */
	KeLowerIrql(DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeRaiseIrql(DISPATCH_LEVEL, NULL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	old = KeRaiseIrqlToDpcLevel();
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(old);
	/* APC_LEVEL changes nothing here (no APCs). */
	KeRaiseIrql(APC_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeLowerIrql(old);
}

static void lock_spin_lock_raises_and_nests(struct kunit *test)
{
	KSPIN_LOCK a, b;
	KLOCK_QUEUE_HANDLE qh;
	KIRQL old, inner;

	KeInitializeSpinLock(&a);
	KeInitializeSpinLock(&b);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));
	KeAcquireSpinLock(&a, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KUNIT_EXPECT_FALSE(test, KeTestSpinLock(&a));
	KUNIT_EXPECT_FALSE(test, KeTryToAcquireSpinLockAtDpcLevel(&a));
	KeAcquireSpinLock(&b, &inner);
	KUNIT_EXPECT_EQ(test, inner, DISPATCH_LEVEL);
	KeReleaseSpinLock(&b, inner);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, KeTryToAcquireSpinLockAtDpcLevel(&b));
	KeReleaseSpinLockFromDpcLevel(&b);
	KeAcquireSpinLockAtDpcLevel(&b);
	KeReleaseSpinLockFromDpcLevel(&b);
	KeReleaseSpinLock(&a, old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));

	KeAcquireInStackQueuedSpinLock(&a, &qh);
	KUNIT_EXPECT_PTR_EQ(test, qh.LockQueue.Lock, &a);
	KUNIT_EXPECT_EQ(test, qh.OldIrql, PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, KeTestSpinLock(&a));
	{
		KLOCK_QUEUE_HANDLE qh2;

		KeAcquireInStackQueuedSpinLockAtDpcLevel(&b, &qh2);
		KUNIT_EXPECT_FALSE(test, KeTestSpinLock(&b));
		KeReleaseInStackQueuedSpinLockFromDpcLevel(&qh2);
	}
	KeReleaseInStackQueuedSpinLock(&qh);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&b));
}

static void lock_spin_lock_misuse(struct kunit *test)
{
	KSPIN_LOCK a;
	KIRQL old;

	KeInitializeSpinLock(&a);
	/* Released but not held: reported, the lock stays free. */
	KeReleaseSpinLock(&a, PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	/* Acquired again by its holder: reported, counted, no deadlock. */
	KeAcquireSpinLock(&a, &old);
	KeAcquireSpinLockAtDpcLevel(&a);
	KeReleaseSpinLockFromDpcLevel(&a);
	KUNIT_EXPECT_FALSE(test, KeTestSpinLock(&a));
	KeReleaseSpinLock(&a, old);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	/* At DPC level from PASSIVE_LEVEL: reported, still a working lock. */
	KeAcquireSpinLockAtDpcLevel(&a);
	KUNIT_EXPECT_FALSE(test, KeTestSpinLock(&a));
	KeReleaseSpinLockFromDpcLevel(&a);
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&a));
}

struct ntt_counter {
	KSPIN_LOCK lock;
	LIST_ENTRY list;
	unsigned long value;
	KEVENT done;
	KDPC dpc;
};

#define NTT_ROUNDS	2000

static VOID ntt_count(PVOID context)
{
	struct ntt_counter *c = context;
	KIRQL old;
	int i;

	for (i = 0; i < NTT_ROUNDS; i++) {
		KeAcquireSpinLock(&c->lock, &old);
		c->value++;
		KeReleaseSpinLock(&c->lock, old);
	}
}

static VOID ntt_count_dpc(PKDPC dpc, PVOID context, PVOID a1, PVOID a2)
{
	struct ntt_counter *c = context;

	KeAcquireSpinLockAtDpcLevel(&c->lock);
	c->value += 1000;
	KeReleaseSpinLockFromDpcLevel(&c->lock);
	KeSetEvent(&c->done, IO_NO_INCREMENT, FALSE);
}

static void lock_spin_lock_excludes_threads_and_dpcs(struct kunit *test)
{
	struct ntt_counter *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	PETHREAD t1, t2;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeSpinLock(&c->lock);
	KeInitializeEvent(&c->done, NotificationEvent, FALSE);
	KeInitializeDpc(&c->dpc, ntt_count_dpc, c);
	t1 = ntt_start_routine(test, ntt_count, c);
	t2 = ntt_start_routine(test, ntt_count, c);
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
	ntt_count(c);
	ntt_join(test, t1);
	ntt_join(test, t2);
	KUNIT_EXPECT_EQ(test, ntt_wait(&c->done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->value, 3 * NTT_ROUNDS + 1000);
}

struct ntt_node {
	LIST_ENTRY link;
	SINGLE_LIST_ENTRY next;
};

static void lock_interlocked_lists(struct kunit *test)
{
	struct ntt_node n[3];
	SINGLE_LIST_ENTRY stack = { NULL };
	LIST_ENTRY head;
	KSPIN_LOCK lock;

	KeInitializeSpinLock(&lock);
	InitializeListHead(&head);
	KUNIT_EXPECT_NULL(test, ExInterlockedRemoveHeadList(&head, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertTailList(&head, &n[1].link, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertTailList(&head, &n[2].link, &lock),
			    &n[1].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertHeadList(&head, &n[0].link, &lock),
			    &n[1].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &n[0].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &n[1].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &n[2].link);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	KUNIT_EXPECT_NULL(test, ExInterlockedPushEntryList(&stack, &n[0].next, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPushEntryList(&stack, &n[1].next, &lock),
			    &n[0].next);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&stack, &lock), &n[1].next);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&stack, &lock), &n[0].next);
	KUNIT_EXPECT_NULL(test, ExInterlockedPopEntryList(&stack, &lock));
	KUNIT_EXPECT_TRUE(test, KeTestSpinLock(&lock));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

enum ntt_mode { NTT_SHARED, NTT_EXCLUSIVE, NTT_STARVE };

struct ntt_shared {
	FAST_MUTEX mutex;
	ERESOURCE resource;
	BOOLEAN got;
	BOOLEAN wait;
	enum ntt_mode mode;
	KEVENT release;
	atomic_t holding;
	atomic_t errors;
	PVOID owner;		/* an owner pointer to hand holds to */
};

static VOID ntt_try_fast_mutex(PVOID context)
{
	struct ntt_shared *s = context;

	s->got = ExTryToAcquireFastMutex(&s->mutex);
	if (s->got)
		ExReleaseFastMutex(&s->mutex);
}

static VOID ntt_fast_mutex_count(PVOID context)
{
	struct ntt_shared *s = context;
	int i;

	for (i = 0; i < 200; i++) {
		ExAcquireFastMutex(&s->mutex);
		if (atomic_inc_return(&s->holding) != 1)
			atomic_inc(&s->errors);
		atomic_dec(&s->holding);
		ExReleaseFastMutex(&s->mutex);
	}
}

static void lock_fast_mutex(struct kunit *test)
{
	struct ntt_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	PETHREAD t1, t2;
	KSPIN_LOCK spin;
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, s);
	ExInitializeFastMutex(&s->mutex);
	ExAcquireFastMutex(&s->mutex);
	KUNIT_EXPECT_PTR_EQ(test, s->mutex.Owner, (PVOID)current);
	ntt_join(test, ntt_start_routine(test, ntt_try_fast_mutex, s));
	KUNIT_EXPECT_FALSE(test, s->got);
	/* Acquired again by its owner: reported, no deadlock, counted. */
	ExAcquireFastMutexUnsafe(&s->mutex);
	ExReleaseFastMutexUnsafe(&s->mutex);
	KUNIT_EXPECT_FALSE(test, ExTryToAcquireFastMutex(&s->mutex));
	ExReleaseFastMutex(&s->mutex);
	KUNIT_EXPECT_NULL(test, s->mutex.Owner);
	ntt_join(test, ntt_start_routine(test, ntt_try_fast_mutex, s));
	KUNIT_EXPECT_TRUE(test, s->got);
	/* Released by a non-owner: reported, nothing changes. */
	ExReleaseFastMutex(&s->mutex);
	KUNIT_EXPECT_TRUE(test, ExTryToAcquireFastMutex(&s->mutex));
	ExReleaseFastMutex(&s->mutex);
	/* At DISPATCH_LEVEL: reported, nothing acquired, no sleep. */
	KeInitializeSpinLock(&spin);
	KeAcquireSpinLock(&spin, &old);
	ExAcquireFastMutex(&s->mutex);
	KUNIT_EXPECT_FALSE(test, ExTryToAcquireFastMutex(&s->mutex));
	KeReleaseSpinLock(&spin, old);
	KUNIT_EXPECT_NULL(test, s->mutex.Owner);

	t1 = ntt_start_routine(test, ntt_fast_mutex_count, s);
	t2 = ntt_start_routine(test, ntt_fast_mutex_count, s);
	ntt_fast_mutex_count(s);
	ntt_join(test, t1);
	ntt_join(test, t2);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->errors), 0);
	KUNIT_EXPECT_NULL(test, s->mutex.Owner);
}

/* Acquire as told (s->mode, s->wait), hold until s->release. */
static VOID ntt_resource_user(PVOID context)
{
	struct ntt_shared *s = context;
	BOOLEAN got;

	if (s->mode == NTT_EXCLUSIVE)
		got = ExAcquireResourceExclusiveLite(&s->resource, s->wait);
	else if (s->mode == NTT_STARVE)
		got = ExAcquireSharedStarveExclusive(&s->resource, s->wait);
	else
		got = ExAcquireResourceSharedLite(&s->resource, s->wait);
	WRITE_ONCE(s->got, got);
	if (!got)
		return;
	atomic_inc(&s->holding);
	KeWaitForSingleObject(&s->release, Executive, KernelMode, FALSE, NULL);
	atomic_dec(&s->holding);
	ExReleaseResourceLite(&s->resource);
}

/* Acquire shared, hand the hold to s->owner and exit still "holding". */
static VOID ntt_resource_hand_over(PVOID context)
{
	struct ntt_shared *s = context;

	if (!ExAcquireResourceSharedLite(&s->resource, TRUE))
		return;
	ExSetResourceOwnerPointer(&s->resource, s->owner);
	WRITE_ONCE(s->got, ExIsResourceAcquiredSharedLite(&s->resource) == 0);
}

/* Release one hold of s->owner, in a thread that never acquired it. */
static VOID ntt_resource_release_owner(PVOID context)
{
	struct ntt_shared *s = context;

	ExReleaseResourceForThreadLite(&s->resource, (ERESOURCE_THREAD)s->owner);
}

/* Bounded: 30 s means a hang, not a timing. */
static bool ntt_until(atomic_t *v, int n)
{
	int i;

	for (i = 0; i < 1500 && atomic_read(v) != n; i++)
		msleep(20);
	return atomic_read(v) == n;
}

static bool ntt_until_contended(PERESOURCE r, ULONG n)
{
	int i;

	for (i = 0; i < 1500 && READ_ONCE(r->ContentionCount) < n; i++)
		msleep(20);
	return READ_ONCE(r->ContentionCount) >= n;
}

static void lock_resource_recursion_and_queries(struct kunit *test)
{
	ERESOURCE r;

	KUNIT_ASSERT_EQ(test, ExInitializeResourceLite(&r), STATUS_SUCCESS);
	KeEnterCriticalRegion();
	KUNIT_EXPECT_TRUE(test, KeAreApcsDisabled());
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&r, TRUE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&r, FALSE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&r, TRUE));
	KUNIT_EXPECT_TRUE(test, ExIsResourceAcquiredExclusiveLite(&r));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&r), 3);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&r), STATUS_INVALID_PARAMETER);
	ExConvertExclusiveToSharedLite(&r);
	KUNIT_EXPECT_FALSE(test, ExIsResourceAcquiredExclusiveLite(&r));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&r), 3);
	/* A shared owner asking for exclusive: a deadlock on Windows. */
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&r, TRUE));
	KUNIT_EXPECT_TRUE(test, ExAcquireSharedStarveExclusive(&r, FALSE));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredLite(&r), 4);
	ExReleaseResourceLite(&r);
	ExReleaseResourceLite(&r);
	ExReleaseResourceLite(&r);
	ExReleaseResourceLite(&r);
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&r), 0);
	/* Not owned: reported, nothing changes. */
	ExReleaseResourceLite(&r);
	KUNIT_EXPECT_EQ(test, r.SharedCount, 0);
	KeLeaveCriticalRegion();
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&r), STATUS_SUCCESS);
	/* Deleted: not a resource any more. */
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceSharedLite(&r, TRUE));
}

static void lock_resource_readers_and_writers(struct kunit *test)
{
	struct ntt_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	PETHREAD reader, writer, late, starver;

	KUNIT_ASSERT_NOT_NULL(test, s);
	ExInitializeResourceLite(&s->resource);
	KeInitializeEvent(&s->release, NotificationEvent, FALSE);
	KUNIT_ASSERT_TRUE(test, ExAcquireResourceSharedLite(&s->resource, TRUE));

	/* Another reader shares it. */
	s->mode = NTT_SHARED;
	s->wait = TRUE;
	reader = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until(&s->holding, 1));
	/* A writer must wait ... */
	s->mode = NTT_EXCLUSIVE;
	s->wait = FALSE;
	ntt_join(test, ntt_start_routine(test, ntt_resource_user, s));
	KUNIT_EXPECT_FALSE(test, s->got);
	s->wait = TRUE;
	writer = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until_contended(&s->resource, 1));
	/* ... a new reader queues behind it ... */
	s->mode = NTT_SHARED;
	late = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until_contended(&s->resource, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&s->holding), 1);
	/* ... unless it starves the writer. */
	s->mode = NTT_STARVE;
	starver = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until(&s->holding, 2));

	/* Readers leave: the writer has it, then the late reader. */
	ExReleaseResourceLite(&s->resource);
	KeSetEvent(&s->release, IO_NO_INCREMENT, FALSE);
	ntt_join(test, reader);
	ntt_join(test, starver);
	ntt_join(test, writer);
	ntt_join(test, late);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->holding), 0);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	KUNIT_EXPECT_NULL(test, s->resource.ExclusiveOwner);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&s->resource), STATUS_SUCCESS);
}

/* More concurrent readers than the owner table has room for. */
static void lock_resource_many_readers(struct kunit *test)
{
	struct ntt_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	PETHREAD t[NT_RESOURCE_OWNERS + 2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	ExInitializeResourceLite(&s->resource);
	KeInitializeEvent(&s->release, NotificationEvent, FALSE);
	s->wait = TRUE;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		t[i] = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until(&s->holding, ARRAY_SIZE(t)));
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, ARRAY_SIZE(t));
	KUNIT_EXPECT_EQ(test, s->resource.AnonymousShared, 2);
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&s->resource, FALSE));
	/* Holds counted, not named, cannot be handed over: reported. */
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&s->resource, FALSE));
	ExSetResourceOwnerPointer(&s->resource, (PVOID)((ULONG_PTR)s | 3));
	KUNIT_EXPECT_EQ(test, s->resource.AnonymousShared, 3);
	ExReleaseResourceForThreadLite(&s->resource, ExGetCurrentResourceThread());
	KUNIT_EXPECT_EQ(test, s->resource.AnonymousShared, 2);
	KeSetEvent(&s->release, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		ntt_join(test, t[i]);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	KUNIT_EXPECT_EQ(test, s->resource.AnonymousShared, 0);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, FALSE));
	ExReleaseResourceLite(&s->resource);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&s->resource), STATUS_SUCCESS);
}

static void lock_resource_release_for_thread(struct kunit *test)
{
	struct ntt_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	ERESOURCE_THREAD self = ExGetCurrentResourceThread();
	PETHREAD reader;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, self, (ERESOURCE_THREAD)PsGetCurrentThread());
	KUNIT_EXPECT_NE(test, self, 0);
	ExInitializeResourceLite(&s->resource);
	KeInitializeEvent(&s->release, NotificationEvent, FALSE);
	KeEnterCriticalRegion();
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, TRUE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, TRUE));
	ExReleaseResourceForThreadLite(&s->resource, self);
	KUNIT_EXPECT_TRUE(test, ExIsResourceAcquiredExclusiveLite(&s->resource));
	ExReleaseResourceForThreadLite(&s->resource, ExGetCurrentResourceThread());
	KUNIT_EXPECT_NULL(test, s->resource.ExclusiveOwner);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&s->resource, TRUE));
	ExReleaseResourceForThreadLite(&s->resource, self);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);

	/* Not owned, 0, a value not a thread: reported, nothing changes. */
	ExReleaseResourceForThreadLite(&s->resource, self);
	ExReleaseResourceForThreadLite(&s->resource, 0);
	ExReleaseResourceForThreadLite(&s->resource, 1);
	ExReleaseResourceForThreadLite(&s->resource, (ERESOURCE_THREAD)s | 3);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	KUNIT_EXPECT_NULL(test, s->resource.ExclusiveOwner);

	/* Another thread's hold, not handed over: reported, it stays. */
	s->mode = NTT_SHARED;
	s->wait = TRUE;
	reader = ntt_start_routine(test, ntt_resource_user, s);
	KUNIT_EXPECT_TRUE(test, ntt_until(&s->holding, 1));
	ExReleaseResourceForThreadLite(&s->resource, (ERESOURCE_THREAD)reader);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 1);
	KeSetEvent(&s->release, IO_NO_INCREMENT, FALSE);
	ntt_join(test, reader);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	KeLeaveCriticalRegion();
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&s->resource), STATUS_SUCCESS);
}

static void lock_resource_owner_pointer(struct kunit *test)
{
	struct ntt_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	ULONG_PTR token[2];
	PVOID owner = (PVOID)((ULONG_PTR)&token[0] | 3);

	KUNIT_ASSERT_NOT_NULL(test, s);
	ExInitializeResourceLite(&s->resource);
	s->owner = owner;

	/* Exclusive holds handed over, released by another thread. */
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, TRUE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, TRUE));
	ExSetResourceOwnerPointer(&s->resource, owner);
	KUNIT_EXPECT_PTR_EQ(test, s->resource.ExclusiveOwner, owner);
	KUNIT_EXPECT_EQ(test, s->resource.ExclusiveCount, 2);
	KUNIT_EXPECT_FALSE(test, ExIsResourceAcquiredExclusiveLite(&s->resource));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&s->resource), 0);
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&s->resource, FALSE));
	/* Not the caller's now: its release is a non-owner's. */
	ExReleaseResourceLite(&s->resource);
	KUNIT_EXPECT_EQ(test, s->resource.ExclusiveCount, 2);
	ntt_join(test, ntt_start_routine(test, ntt_resource_release_owner, s));
	KUNIT_EXPECT_EQ(test, s->resource.ExclusiveCount, 1);
	ntt_join(test, ntt_start_routine(test, ntt_resource_release_owner, s));
	KUNIT_EXPECT_NULL(test, s->resource.ExclusiveOwner);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&s->resource, FALSE));
	ExReleaseResourceLite(&s->resource);

	/*
	 * Shared holds: a thread hands its hold over and exits (lockdep
	 * must not count it as held there), the caller hands its own to
	 * the same owner: its entry has both.
	 */
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&s->resource, TRUE));
	ntt_join(test, ntt_start_routine(test, ntt_resource_hand_over, s));
	KUNIT_EXPECT_TRUE(test, s->got);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 2);
	ExSetResourceOwnerPointer(&s->resource, owner);
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&s->resource), 0);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 2);
	KUNIT_EXPECT_NULL(test, s->resource.OwnerTable[0].OwnerThread);
	KUNIT_EXPECT_PTR_EQ(test, s->resource.OwnerTable[1].OwnerThread, owner);
	KUNIT_EXPECT_EQ(test, s->resource.OwnerTable[1].OwnerCount, 2);
	ExReleaseResourceForThreadLite(&s->resource, (ERESOURCE_THREAD)owner);
	ntt_join(test, ntt_start_routine(test, ntt_resource_release_owner, s));
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	/* Released for good: the owner has nothing left. */
	ExReleaseResourceForThreadLite(&s->resource, (ERESOURCE_THREAD)owner);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);

	/* Reported, nothing changes: low bits clear, or not the owner. */
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&s->resource, TRUE));
	ExSetResourceOwnerPointer(&s->resource, &token[1]);
	ExSetResourceOwnerPointer(&s->resource, NULL);
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&s->resource), 1);
	ExReleaseResourceLite(&s->resource);
	ExSetResourceOwnerPointer(&s->resource, owner);
	KUNIT_EXPECT_EQ(test, s->resource.SharedCount, 0);
	KUNIT_EXPECT_NULL(test, s->resource.OwnerTable[0].OwnerThread);
	ExSetResourceOwnerPointer(NULL, owner);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&s->resource), STATUS_SUCCESS);
}

static void lock_passive_locks_at_dispatch(struct kunit *test)
{
	ERESOURCE r;
	KSPIN_LOCK spin;
	KIRQL old;

	ExInitializeResourceLite(&r);
	KeInitializeSpinLock(&spin);
	KeAcquireSpinLock(&spin, &old);
	/* Reported once each, nothing acquired, no sleep. */
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&r, TRUE));
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceSharedLite(&r, TRUE));
	KeEnterCriticalRegion();
	KeLeaveCriticalRegion();
	KeReleaseSpinLock(&spin, old);
	KUNIT_EXPECT_EQ(test, r.SharedCount, 0);
	KUNIT_EXPECT_NULL(test, r.ExclusiveOwner);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&r), STATUS_SUCCESS);
}

static struct kunit_case lock_cases[] = {
	KUNIT_CASE(lock_raise_and_lower),
	KUNIT_CASE(lock_spin_lock_raises_and_nests),
	KUNIT_CASE(lock_spin_lock_misuse),
	KUNIT_CASE(lock_spin_lock_excludes_threads_and_dpcs),
	KUNIT_CASE(lock_interlocked_lists),
	KUNIT_CASE(lock_fast_mutex),
	KUNIT_CASE(lock_resource_recursion_and_queries),
	KUNIT_CASE(lock_resource_readers_and_writers),
	KUNIT_CASE(lock_resource_many_readers),
	KUNIT_CASE(lock_resource_release_for_thread),
	KUNIT_CASE(lock_resource_owner_pointer),
	KUNIT_CASE(lock_passive_locks_at_dispatch),
	{}
};

static struct kunit_suite lock_suite = {
	.name = "ntthread_lock",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = lock_cases,
};

kunit_test_suite(lock_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's IRQL, spin locks, fast mutexes and executive resources");
MODULE_LICENSE("GPL");
