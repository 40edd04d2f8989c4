// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: queues (KQUEUE) - an empty queue, FIFO and head insertion,
 * time-outs and invalid queues, threads blocked in KeRemoveQueue sharing
 * entries, the order NT releases them in, plain waits on a queue,
 * rundown, a DPC feeding a worker thread, and a worker waiting for any of
 * a timer, an event, a semaphore and a queue.
 *
 * Threads are created without KUNIT_ASSERT (a case that stopped while one
 * is parked would free what it uses), and every wait they make is bounded
 * by NTT_TIMEOUT_100NS, so that a bug ends in a failure, never a hang.
 */
#include <linux/module.h>
#include <linux/sched.h>

#include "ntthread_kunit.h"

#define QUEUE_ENTRIES	5
#define QUEUE_FEED	8

struct queue_item {
	LIST_ENTRY entry;
	int id;
};

static LARGE_INTEGER queue_rel_ms(s64 ms)
{
	LARGE_INTEGER t = { .QuadPart = -ms * 10000 };

	return t;
}

static PLIST_ENTRY queue_status(NTSTATUS status)
{
	return (PLIST_ENTRY)(LONG_PTR)status;
}

static PLIST_ENTRY queue_poll(PKQUEUE queue)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeRemoveQueue(queue, KernelMode, &zero);
}

static PLIST_ENTRY queue_remove_bounded(PKQUEUE queue)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };

	return KeRemoveQueue(queue, KernelMode, &timeout);
}

static NTSTATUS queue_wait_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

/* The id of @items[] that @entry is, or -1. */
static int queue_id(struct queue_item *items, int n, PLIST_ENTRY entry)
{
	int i;

	for (i = 0; i < n; i++)
		if (entry == &items[i].entry)
			return items[i].id;
	return -1;
}

static void queue_items_init(struct queue_item *items, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		InitializeListHead(&items[i].entry);
		items[i].id = i;
	}
}

/* A layer thread running @fn(@context), or NULL (the case failed). */
/*
 * A new queue is empty and records its concurrency (0: the number of
 * CPUs); removing from it times out, rundown finds nothing.
 */
static void queue_initialised_empty(struct kunit *test)
{
	LARGE_INTEGER timeout = queue_rel_ms(5);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	LARGE_INTEGER past;

	KUNIT_ASSERT_NOT_NULL(test, queue);
	KeInitializeQueue(queue, 0);
	KUNIT_EXPECT_EQ(test, queue->Header.Type, (UCHAR)4);	/* QueueObject */
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), 0);
	KUNIT_EXPECT_EQ(test, queue->MaximumCount, (ULONG)num_online_cpus());
	KUNIT_EXPECT_EQ(test, queue->CurrentCount, 0U);
	KUNIT_EXPECT_PTR_EQ(test, queue_poll(queue), queue_status(STATUS_TIMEOUT));
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue(queue, KernelMode, &timeout),
			    queue_status(STATUS_TIMEOUT));
	KeQuerySystemTime(&past);
	past.QuadPart -= 10000000;
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue(queue, KernelMode, &past),
			    queue_status(STATUS_TIMEOUT));
	KUNIT_EXPECT_EQ(test, queue_wait_poll(queue), STATUS_TIMEOUT);
	KUNIT_EXPECT_PTR_EQ(test, KeRundownQueue(queue), (PLIST_ENTRY)NULL);
	KeInitializeQueue(queue, 3);
	KUNIT_EXPECT_EQ(test, queue->MaximumCount, 3U);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), 0);
}

/*
 * KeInsertQueue appends and KeInsertHeadQueue prepends, each returning
 * the count before it: 0, 1, 2 appended then 3, 4 at the head leave as
 * 4, 3, 0, 1, 2.
 */
static void queue_insert_appends_and_head_insert_prepends(struct kunit *test)
{
	static const int expected[QUEUE_ENTRIES] = { 4, 3, 0, 1, 2 };
	struct queue_item *items = kunit_kcalloc(test, QUEUE_ENTRIES,
						 sizeof(*items), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, items);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	queue_items_init(items, QUEUE_ENTRIES);
	KeInitializeQueue(queue, 0);
	KUNIT_EXPECT_EQ(test, KeInsertQueue(queue, &items[0].entry), 0);
	KUNIT_EXPECT_EQ(test, KeInsertQueue(queue, &items[1].entry), 1);
	KUNIT_EXPECT_EQ(test, KeInsertQueue(queue, &items[2].entry), 2);
	KUNIT_EXPECT_EQ(test, KeInsertHeadQueue(queue, &items[3].entry), 3);
	KUNIT_EXPECT_EQ(test, KeInsertHeadQueue(queue, &items[4].entry), 4);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), QUEUE_ENTRIES);
	for (i = 0; i < QUEUE_ENTRIES; i++) {
		KUNIT_EXPECT_EQ_MSG(test, queue_id(items, QUEUE_ENTRIES, queue_poll(queue)),
				    expected[i], "position %d", i);
		KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), QUEUE_ENTRIES - 1 - i);
	}
	KUNIT_EXPECT_PTR_EQ(test, queue_poll(queue), queue_status(STATUS_TIMEOUT));
}

/*
 * What is not a queue is refused with STATUS_INVALID_PARAMETER (as a
 * pointer), and so is an invalid wait mode.  A zero time-out may poll at
 * DISPATCH_LEVEL; a sleeping remove there is refused.
 */
static void queue_remove_refuses_a_non_queue(struct kunit *test)
{
	LARGE_INTEGER timeout = queue_rel_ms(5), zero = { .QuadPart = 0 };
	struct queue_item *item = kunit_kzalloc(test, sizeof(*item), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	KEVENT *event = kunit_kzalloc(test, sizeof(*event), GFP_KERNEL);
	PLIST_ENTRY atomic_poll, atomic_wait;

	KUNIT_ASSERT_NOT_NULL(test, item);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	KUNIT_ASSERT_NOT_NULL(test, event);
	queue_items_init(item, 1);
	KeInitializeEvent(event, NotificationEvent, TRUE);
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue((PRKQUEUE)event, KernelMode, &zero),
			    queue_status(STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue(NULL, KernelMode, &zero),
			    queue_status(STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, KeInsertQueue((PRKQUEUE)event, &item->entry), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue((PRKQUEUE)event), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(event), 1);
	/* An uninitialised (zeroed) KQUEUE is no queue either. */
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue(queue, KernelMode, &zero),
			    queue_status(STATUS_INVALID_PARAMETER));

	KeInitializeQueue(queue, 1);
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveQueue(queue, (KPROCESSOR_MODE)7, &zero),
			    queue_status(STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, KeInsertQueue(queue, &item->entry), 0);
	preempt_disable();
	atomic_wait = KeRemoveQueue(queue, KernelMode, &timeout);
	atomic_poll = KeRemoveQueue(queue, KernelMode, &zero);
	preempt_enable();
	KUNIT_EXPECT_PTR_EQ(test, atomic_wait, queue_status(STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_PTR_EQ(test, atomic_poll, &item->entry);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), 0);
}

/*
 * A queue is signalled while it holds entries; waiting on it as an object
 * (alone, or in a WaitAny) succeeds and takes none.
 */
static void queue_wait_on_it_takes_no_entry(struct kunit *test)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	struct queue_item *item = kunit_kzalloc(test, sizeof(*item), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	KEVENT *event = kunit_kzalloc(test, sizeof(*event), GFP_KERNEL);
	PVOID objects[2];

	KUNIT_ASSERT_NOT_NULL(test, item);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	KUNIT_ASSERT_NOT_NULL(test, event);
	queue_items_init(item, 1);
	KeInitializeQueue(queue, 0);
	KeInitializeEvent(event, SynchronizationEvent, FALSE);
	objects[0] = event;
	objects[1] = queue;
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
						       KernelMode, FALSE, &zero, NULL),
			STATUS_TIMEOUT);
	KeInsertQueue(queue, &item->entry);
	KUNIT_EXPECT_EQ(test, queue_wait_poll(queue), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_wait(queue), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
						       KernelMode, FALSE, &zero, NULL),
			STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), 1);
	KUNIT_EXPECT_PTR_EQ(test, queue_poll(queue), &item->entry);
	KUNIT_EXPECT_EQ(test, queue_wait_poll(queue), STATUS_TIMEOUT);
}

/*
 * KeRundownQueue returns the first entry, the others still linked to it
 * in a ring without the queue's head, and leaves the queue empty.
 */
static void queue_rundown_returns_the_entries_as_a_ring(struct kunit *test)
{
	struct queue_item *items = kunit_kcalloc(test, QUEUE_ENTRIES,
						 sizeof(*items), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	PLIST_ENTRY first, entry;
	int i, n = 0;

	KUNIT_ASSERT_NOT_NULL(test, items);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	queue_items_init(items, QUEUE_ENTRIES);
	KeInitializeQueue(queue, 0);
	for (i = 0; i < QUEUE_ENTRIES; i++)
		KeInsertQueue(queue, &items[i].entry);
	first = KeRundownQueue(queue);
	KUNIT_ASSERT_PTR_EQ(test, first, &items[0].entry);
	entry = first;
	do {
		KUNIT_EXPECT_EQ(test, queue_id(items, QUEUE_ENTRIES, entry), n);
		KUNIT_EXPECT_PTR_EQ(test, entry->Flink->Blink, entry);
		KUNIT_EXPECT_PTR_NE(test, entry, &queue->EntryListHead);
		entry = entry->Flink;
	} while (entry != first && ++n < 2 * QUEUE_ENTRIES);
	KUNIT_EXPECT_EQ(test, n, QUEUE_ENTRIES - 1);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), 0);
	KUNIT_EXPECT_PTR_EQ(test, queue_poll(queue), queue_status(STATUS_TIMEOUT));
	KUNIT_EXPECT_EQ(test, queue_wait_poll(queue), STATUS_TIMEOUT);
	KUNIT_EXPECT_PTR_EQ(test, KeRundownQueue(queue), (PLIST_ENTRY)NULL);
}

struct queue_taker {
	PKQUEUE queue;
	PLIST_ENTRY taken;
};

static VOID queue_take_one(PVOID context)
{
	struct queue_taker *t = context;

	WRITE_ONCE(t->taken, queue_remove_bounded(t->queue));
}

static const int queue_taker_counts[] = { 1, 4, 16 };

static void queue_takers_desc(const int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d threads", *n);
}

KUNIT_ARRAY_PARAM(queue_takers, queue_taker_counts, queue_takers_desc);

/*
 * N threads blocked in KeRemoveQueue, N entries inserted: each thread
 * receives exactly one, none is lost or given twice, none is left.
 */
static void queue_blocked_threads_each_take_one_entry(struct kunit *test)
{
	const int n = *(const int *)test->param_value;
	struct queue_item *items = kunit_kcalloc(test, n, sizeof(*items), GFP_KERNEL);
	struct queue_taker *takers = kunit_kcalloc(test, n, sizeof(*takers), GFP_KERNEL);
	PETHREAD *threads = kunit_kcalloc(test, n, sizeof(*threads), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	int *seen = kunit_kcalloc(test, n, sizeof(*seen), GFP_KERNEL);
	int i, started;

	KUNIT_ASSERT_NOT_NULL(test, items);
	KUNIT_ASSERT_NOT_NULL(test, takers);
	KUNIT_ASSERT_NOT_NULL(test, threads);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	queue_items_init(items, n);
	KeInitializeQueue(queue, 0);
	for (started = 0; started < n; started++) {
		takers[started].queue = queue;
		takers[started].taken = NULL;
		threads[started] = ntt_start_routine(test, queue_take_one,
						     &takers[started]);
		if (!threads[started])
			break;
	}
	for (i = 0; i < started; i++)
		KUNIT_EXPECT_TRUE(test, ntt_until_blocked(threads[i]));
	for (i = 0; i < n; i++)
		KeInsertQueue(queue, &items[i].entry);
	for (i = 0; i < started; i++)
		ntt_join(test, threads[i]);
	for (i = 0; i < started; i++) {
		int id = queue_id(items, n, takers[i].taken);

		KUNIT_EXPECT_GE_MSG(test, id, 0, "thread %d took %p", i, takers[i].taken);
		if (id >= 0)
			seen[id]++;
	}
	for (i = 0; started == n && i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, seen[i], 1, "entry %d", i);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(queue), n - started);
	KeRundownQueue(queue);
}

/*
 * NT releases the threads blocked in KeRemoveQueue last in, first out
 * (WRK queueobj.c: KiInsertQueue hands the entry to the waiter at the
 * tail of the wait list, KeRemoveQueue appends; "the wait discipline for
 * Queue object is LIFO"), so that the thread that ran last, whose cache
 * is warm, runs again.  A blocks, then B; one entry goes to B.
 */
static void queue_remove_releases_the_last_waiter_first(struct kunit *test)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct queue_item *items = kunit_kcalloc(test, 2, sizeof(*items), GFP_KERNEL);
	struct queue_taker *takers = kunit_kcalloc(test, 2, sizeof(*takers), GFP_KERNEL);
	KQUEUE *queue = kunit_kzalloc(test, sizeof(*queue), GFP_KERNEL);
	PETHREAD threads[2] = { NULL, NULL };
	NTSTATUS first = STATUS_PENDING;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, items);
	KUNIT_ASSERT_NOT_NULL(test, takers);
	KUNIT_ASSERT_NOT_NULL(test, queue);
	queue_items_init(items, 2);
	KeInitializeQueue(queue, 0);
	for (i = 0; i < 2; i++) {
		takers[i].queue = queue;
		threads[i] = ntt_start_routine(test, queue_take_one, &takers[i]);
		if (!threads[i] || !ntt_until_blocked(threads[i])) {
			KUNIT_FAIL(test, "thread %d did not block", i);
			break;
		}
	}
	KeInsertQueue(queue, &items[0].entry);
	if (threads[0] && threads[1])
		first = KeWaitForMultipleObjects(2, (PVOID *)threads, WaitAny,
						 Executive, KernelMode, FALSE,
						 &timeout, NULL);
	KeInsertQueue(queue, &items[1].entry);
	ntt_join(test, threads[0]);
	ntt_join(test, threads[1]);
	KUNIT_EXPECT_EQ(test, first, STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_PTR_EQ(test, takers[1].taken, &items[0].entry);
	KUNIT_EXPECT_PTR_EQ(test, takers[0].taken, &items[1].entry);
	KeRundownQueue(queue);
}

/* A timer's DPC feeds a queue at DISPATCH_LEVEL; a worker thread drains it. */
struct queue_feed {
	KTIMER timer;
	KDPC dpc;
	KQUEUE queue;
	KEVENT fed;
	struct queue_item items[QUEUE_FEED];
	int next;		/* only the DPC touches it: DPCs never overlap */
	atomic_t wrong;
	int got[QUEUE_FEED];
	int n;
};

static VOID queue_feed_dpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
	struct queue_feed *f = context;

	if (f->next >= QUEUE_FEED)
		return;
	if (KeGetCurrentIrql() != DISPATCH_LEVEL ||
	    KeInsertQueue(&f->queue, &f->items[f->next].entry) < 0)
		atomic_inc(&f->wrong);
	if (++f->next == QUEUE_FEED)
		KeSetEvent(&f->fed, IO_NO_INCREMENT, FALSE);
}

static VOID queue_feed_worker(PVOID context)
{
	struct queue_feed *f = context;

	while (f->n < QUEUE_FEED) {
		int id = queue_id(f->items, QUEUE_FEED,
				  queue_remove_bounded(&f->queue));

		if (id < 0)
			break;
		f->got[f->n++] = id;
	}
}

static void queue_fed_by_a_dpc_drained_by_a_thread(struct kunit *test)
{
	struct queue_feed *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	LARGE_INTEGER due = queue_rel_ms(1);
	PETHREAD worker;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	queue_items_init(f->items, QUEUE_FEED);
	KeInitializeQueue(&f->queue, 1);
	KeInitializeEvent(&f->fed, NotificationEvent, FALSE);
	KeInitializeTimer(&f->timer);
	KeInitializeDpc(&f->dpc, queue_feed_dpc, f);
	worker = ntt_start_routine(test, queue_feed_worker, f);
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&f->timer, due, 1, &f->dpc));
	KUNIT_EXPECT_EQ(test, ntt_wait(&f->fed), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&f->timer));
	KeFlushQueuedDpcs();
	ntt_join(test, worker);
	KUNIT_EXPECT_EQ(test, f->n, QUEUE_FEED);
	for (i = 0; i < f->n; i++)
		KUNIT_EXPECT_EQ(test, f->got[i], i);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->wrong), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(&f->queue), 0);
	KeRundownQueue(&f->queue);
}

#define QUEUE_MIXED_STEPS	7

/*
 * A worker that waits for any of a synchronization timer (0), a
 * synchronization event (1), a semaphore (2) and a queue (3), one wait per
 * @go, recording what woke it and, for the queue, taking the entry.
 */
struct queue_mixed {
	KTIMER timer;
	KEVENT event;
	KSEMAPHORE semaphore;
	KQUEUE queue;
	KEVENT go, ack;
	KWAIT_BLOCK blocks[4];
	struct queue_item items[2];
	bool stop;
	int n;
	NTSTATUS woke[QUEUE_MIXED_STEPS];
	int taken[QUEUE_MIXED_STEPS];
};

static VOID queue_mixed_worker(PVOID context)
{
	LARGE_INTEGER timeout = { .QuadPart = NTT_TIMEOUT_100NS };
	struct queue_mixed *m = context;
	PVOID objects[4] = { &m->timer, &m->event, &m->semaphore, &m->queue };

	while (m->n < QUEUE_MIXED_STEPS) {
		NTSTATUS status;
		int taken = -1;

		if (ntt_wait(&m->go) != STATUS_SUCCESS || READ_ONCE(m->stop))
			break;
		status = KeWaitForMultipleObjects(4, objects, WaitAny, Executive,
						  KernelMode, FALSE, &timeout,
						  m->blocks);
		if (READ_ONCE(m->stop))
			break;
		if (status == STATUS_WAIT_0 + 3)
			taken = queue_id(m->items, 2, queue_poll(&m->queue));
		m->woke[m->n] = status;
		m->taken[m->n] = taken;
		m->n++;
		KeSetEvent(&m->ack, IO_NO_INCREMENT, FALSE);
	}
}

/* Let the worker wait once more, then wait (bounded) for its record. */
static bool queue_mixed_step(struct queue_mixed *m)
{
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	return ntt_wait(&m->ack) == STATUS_SUCCESS;
}

/*
 * Each object wakes the worker with its own index, and the wait acquires
 * it: the timer and event reset, the semaphore gives its count, the
 * queue keeps its entry for KeRemoveQueue.  With several signalled at
 * once the lowest index wins and only it is acquired.
 */
static void queue_worker_waits_for_any_of_four_objects(struct kunit *test)
{
	static const NTSTATUS expected[QUEUE_MIXED_STEPS] = {
		STATUS_WAIT_0 + 0, STATUS_WAIT_0 + 1, STATUS_WAIT_0 + 2,
		STATUS_WAIT_0 + 3, STATUS_WAIT_0 + 1, STATUS_WAIT_0 + 2,
		STATUS_WAIT_0 + 3,
	};
	static const int expected_taken[QUEUE_MIXED_STEPS] = {
		-1, -1, -1, 0, -1, -1, 1,
	};
	struct queue_mixed *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	PETHREAD worker;
	bool ok = true;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KeInitializeTimerEx(&m->timer, SynchronizationTimer);
	KeInitializeEvent(&m->event, SynchronizationEvent, FALSE);
	KeInitializeSemaphore(&m->semaphore, 0, 4);
	KeInitializeQueue(&m->queue, 0);
	KeInitializeEvent(&m->go, SynchronizationEvent, FALSE);
	KeInitializeEvent(&m->ack, SynchronizationEvent, FALSE);
	queue_items_init(m->items, 2);
	worker = ntt_start_routine(test, queue_mixed_worker, m);
	if (!worker)
		return;

	/* One object at a time, set while the worker waits or about to. */
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	KeSetTimer(&m->timer, queue_rel_ms(1), NULL);
	ok = ok && ntt_wait(&m->ack) == STATUS_SUCCESS;
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	KeSetEvent(&m->event, IO_NO_INCREMENT, FALSE);
	ok = ok && ntt_wait(&m->ack) == STATUS_SUCCESS;
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	KeReleaseSemaphore(&m->semaphore, IO_NO_INCREMENT, 1, FALSE);
	ok = ok && ntt_wait(&m->ack) == STATUS_SUCCESS;
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	KeInsertQueue(&m->queue, &m->items[0].entry);
	ok = ok && ntt_wait(&m->ack) == STATUS_SUCCESS;
	/* Three at once, before the worker waits: 1, then 2, then 3. */
	if (ok) {
		KeInsertQueue(&m->queue, &m->items[1].entry);
		KeReleaseSemaphore(&m->semaphore, IO_NO_INCREMENT, 1, FALSE);
		KeSetEvent(&m->event, IO_NO_INCREMENT, FALSE);
	}
	ok = ok && queue_mixed_step(m);
	ok = ok && queue_mixed_step(m);
	ok = ok && queue_mixed_step(m);
	KUNIT_EXPECT_TRUE(test, ok);

	/* Stop the worker, wherever it waits. */
	WRITE_ONCE(m->stop, true);
	KeSetEvent(&m->go, IO_NO_INCREMENT, FALSE);
	KeSetEvent(&m->event, IO_NO_INCREMENT, FALSE);
	ntt_join(test, worker);
	KeCancelTimer(&m->timer);

	KUNIT_EXPECT_EQ(test, m->n, QUEUE_MIXED_STEPS);
	for (i = 0; i < m->n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, m->woke[i], expected[i], "step %d", i);
		KUNIT_EXPECT_EQ_MSG(test, m->taken[i], expected_taken[i], "step %d", i);
	}
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&m->timer));
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(&m->semaphore), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateQueue(&m->queue), 0);
	KeRundownQueue(&m->queue);
}

static struct kunit_case queue_cases[] = {
	KUNIT_CASE(queue_initialised_empty),
	KUNIT_CASE(queue_insert_appends_and_head_insert_prepends),
	KUNIT_CASE(queue_remove_refuses_a_non_queue),
	KUNIT_CASE(queue_wait_on_it_takes_no_entry),
	KUNIT_CASE(queue_rundown_returns_the_entries_as_a_ring),
	KUNIT_CASE_PARAM(queue_blocked_threads_each_take_one_entry,
			 queue_takers_gen_params),
	KUNIT_CASE(queue_remove_releases_the_last_waiter_first),
	KUNIT_CASE(queue_fed_by_a_dpc_drained_by_a_thread),
	KUNIT_CASE(queue_worker_waits_for_any_of_four_objects),
	{}
};

static struct kunit_suite queue_suite = {
	.name = "ntthread_queue",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = queue_cases,
};

kunit_test_suite(queue_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's queues");
MODULE_LICENSE("GPL");
