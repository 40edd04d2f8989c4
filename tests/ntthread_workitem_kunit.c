// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread_workitem: ExQueueWorkItem (module/workitem.c): routines run at
 * PASSIVE_LEVEL in the layer's own system worker threads, per queue, in
 * FIFO order; queuing from DISPATCH_LEVEL and hard interrupts; an item
 * queued again by its routine, or while queued; bad arguments.  Unloading
 * a driver with queued items is the guest check's (checks/unload.sh).
 */
#include "ntthread_kunit.h"

/**
 * struct wi_item - a work item and what its routine saw
 * @item: the WORK_QUEUE_ITEM
 * @done: set by the routine
 * @gate: if not NULL, the routine waits for it first
 * @self: PsGetCurrentThread() in the routine
 * @irql: KeGetCurrentIrql() there
 * @flink: the item's List.Flink there
 * @parameter: the routine's argument
 * @terminate: PsTerminateSystemThread()'s status there
 * @requeue: times the routine queues its item again
 * @runs: times it ran
 * @order: its turn among the items sharing @turn
 * @turn: the counter of turns, or NULL
 * @type: the queue it queues itself on again
 */
struct wi_item {
	WORK_QUEUE_ITEM item;
	KEVENT done;
	KEVENT *gate;
	PETHREAD self;
	KIRQL irql;
	PLIST_ENTRY flink;
	PVOID parameter;
	NTSTATUS terminate;
	int requeue;
	atomic_t runs;
	int order;
	atomic_t *turn;
	WORK_QUEUE_TYPE type;
};

static VOID wi_routine(PVOID parameter)
{
	struct wi_item *w = parameter;

	if (w->gate)
		ntt_wait(w->gate);
	w->self = PsGetCurrentThread();
	w->irql = KeGetCurrentIrql();
	w->flink = w->item.List.Flink;
	w->parameter = parameter;
	if (w->turn)
		w->order = atomic_inc_return(w->turn);
	atomic_inc(&w->runs);
	if (w->requeue-- > 0) {
		ExQueueWorkItem(&w->item, w->type);
		return;
	}
	KeSetEvent(&w->done, IO_NO_INCREMENT, FALSE);
}

static void wi_init(struct wi_item *w, WORK_QUEUE_TYPE type)
{
	memset(w, 0, sizeof(*w));
	ExInitializeWorkItem(&w->item, wi_routine, w);
	KeInitializeEvent(&w->done, NotificationEvent, FALSE);
	w->type = type;
	w->terminate = STATUS_PENDING;
}

struct wi_queue_case {
	const char *name;
	WORK_QUEUE_TYPE type;
	KPRIORITY priority;
};

static const struct wi_queue_case wi_queue_cases[] = {
	{ "CriticalWorkQueue", CriticalWorkQueue, 13 },
	{ "DelayedWorkQueue", DelayedWorkQueue, 12 },
	{ "HyperCriticalWorkQueue", HyperCriticalWorkQueue, 15 },
	{ "NormalWorkQueue", NormalWorkQueue, 13 },
	{ "BackgroundWorkQueue", BackgroundWorkQueue, 12 },
	{ "RealTimeWorkQueue", RealTimeWorkQueue, 15 },
	{ "SuperCriticalWorkQueue", SuperCriticalWorkQueue, 15 },
};

static void wi_queue_desc(const struct wi_queue_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wi_queue, wi_queue_cases, wi_queue_desc);

/* The routine runs in a system worker of the queue, at PASSIVE_LEVEL. */
static void workitem_runs_in_a_system_worker(struct kunit *test)
{
	const struct wi_queue_case *c = test->param_value;
	struct wi_item *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	wi_init(w, c->type);
	KUNIT_EXPECT_NULL(test, w->item.List.Flink);
	ExQueueWorkItem(&w->item, c->type);
	KUNIT_ASSERT_EQ(test, ntt_wait(&w->done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, w->parameter, (PVOID)w);
	KUNIT_EXPECT_EQ(test, w->irql, (KIRQL)PASSIVE_LEVEL);
	KUNIT_EXPECT_NULL(test, w->flink);
	KUNIT_ASSERT_NOT_NULL(test, w->self);
	KUNIT_EXPECT_TRUE(test, PsIsSystemThread(w->self));
	KUNIT_EXPECT_TRUE(test, w->self->flags & NT_THREAD_WORKER);
	KUNIT_EXPECT_FALSE(test, w->self->flags & NT_THREAD_ADOPTED);
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(w->self));
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetThreadId(w->self) % 4, 0UL);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(w->self), c->priority);
}

#define WI_FIFO	8

/* One queue's items run in the order they were queued. */
static void workitem_fifo_order(struct kunit *test)
{
	struct wi_item *w = kunit_kcalloc(test, WI_FIFO + 1, sizeof(*w), GFP_KERNEL);
	atomic_t turn = ATOMIC_INIT(0);
	KEVENT gate;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeEvent(&gate, NotificationEvent, FALSE);
	/* The delayed queue's one worker waits in the first item. */
	for (i = 0; i <= WI_FIFO; i++) {
		wi_init(&w[i], DelayedWorkQueue);
		w[i].turn = &turn;
	}
	w[0].gate = &gate;
	for (i = 0; i <= WI_FIFO; i++)
		ExQueueWorkItem(&w[i].item, DelayedWorkQueue);
	KeSetEvent(&gate, IO_NO_INCREMENT, FALSE);
	for (i = 0; i <= WI_FIFO; i++) {
		KUNIT_ASSERT_EQ(test, ntt_wait(&w[i].done), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, w[i].order, i + 1);
	}
}

/* Queuing from DISPATCH_LEVEL and from a hard interrupt. */
static void wi_queue_critical(void *arg)
{
	ExQueueWorkItem(arg, CriticalWorkQueue);
}

static void workitem_queued_at_dispatch_level(struct kunit *test)
{
	struct wi_item *w = kunit_kcalloc(test, 2, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	wi_init(&w[0], CriticalWorkQueue);
	wi_init(&w[1], CriticalWorkQueue);
	preempt_disable();
	ExQueueWorkItem(&w[0].item, CriticalWorkQueue);
	preempt_enable();
	ntt_in_hardirq(test, wi_queue_critical, &w[1].item);
	KUNIT_EXPECT_EQ(test, ntt_wait(&w[0].done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_wait(&w[1].done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w[1].irql, (KIRQL)PASSIVE_LEVEL);
}

/* A routine may queue its own item again: it runs again. */
static void workitem_queued_again_by_its_routine(struct kunit *test)
{
	struct wi_item *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	wi_init(w, HyperCriticalWorkQueue);
	w->requeue = 3;
	ExQueueWorkItem(&w->item, HyperCriticalWorkQueue);
	KUNIT_ASSERT_EQ(test, ntt_wait(&w->done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->runs), 4);
}

/* An item queued while queued is ignored (logged): it runs once. */
static void workitem_queued_twice_runs_once(struct kunit *test)
{
	struct wi_item *w = kunit_kcalloc(test, 3, sizeof(*w), GFP_KERNEL);
	KEVENT gate;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KeInitializeEvent(&gate, NotificationEvent, FALSE);
	wi_init(&w[0], DelayedWorkQueue);
	wi_init(&w[1], DelayedWorkQueue);
	wi_init(&w[2], DelayedWorkQueue);
	w[0].gate = &gate;
	ExQueueWorkItem(&w[0].item, DelayedWorkQueue);
	ExQueueWorkItem(&w[1].item, DelayedWorkQueue);
	KUNIT_EXPECT_NOT_NULL(test, w[1].item.List.Flink);
	ExQueueWorkItem(&w[1].item, DelayedWorkQueue);
	ExQueueWorkItem(&w[1].item, CriticalWorkQueue);
	ExQueueWorkItem(&w[2].item, DelayedWorkQueue);
	KeSetEvent(&gate, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(&w[2].done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_wait(&w[1].done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&w[1].runs), 1);
}

static VOID wi_terminate_routine(PVOID parameter)
{
	struct wi_item *w = parameter;

	w->terminate = PsTerminateSystemThread(STATUS_UNSUCCESSFUL);
	w->self = PsGetCurrentThread();
	KeSetEvent(&w->done, IO_NO_INCREMENT, FALSE);
}

/* A work routine cannot end its worker: the worker goes on. */
static void workitem_routine_cannot_terminate_its_worker(struct kunit *test)
{
	struct wi_item *w = kunit_kcalloc(test, 2, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	wi_init(&w[0], HyperCriticalWorkQueue);
	wi_init(&w[1], HyperCriticalWorkQueue);
	ExInitializeWorkItem(&w[0].item, wi_terminate_routine, &w[0]);
	ExQueueWorkItem(&w[0].item, HyperCriticalWorkQueue);
	KUNIT_ASSERT_EQ(test, ntt_wait(&w[0].done), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w[0].terminate, STATUS_INVALID_PARAMETER);
	ExQueueWorkItem(&w[1].item, HyperCriticalWorkQueue);
	KUNIT_ASSERT_EQ(test, ntt_wait(&w[1].done), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, w[1].self, w[0].self);
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(w[0].self));
}

/* Where Windows bug checks: nothing is queued, nothing breaks. */
static void workitem_bad_arguments_queue_nothing(struct kunit *test)
{
	struct wi_item *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	WORK_QUEUE_ITEM none;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ExQueueWorkItem(NULL, CriticalWorkQueue);
	ExQueueWorkItem((PWORK_QUEUE_ITEM)16, CriticalWorkQueue);
	ExInitializeWorkItem(&none, NULL, NULL);
	ExQueueWorkItem(&none, CriticalWorkQueue);
	KUNIT_EXPECT_NULL(test, none.List.Flink);
	wi_init(w, CriticalWorkQueue);
	ExQueueWorkItem(&w->item, MaximumWorkQueue);
	ExQueueWorkItem(&w->item, CustomPriorityWorkQueue);
	ExQueueWorkItem(&w->item, (WORK_QUEUE_TYPE)-1);
	KUNIT_EXPECT_NULL(test, w->item.List.Flink);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->runs), 0);
}

static struct kunit_case workitem_cases[] = {
	KUNIT_CASE_PARAM(workitem_runs_in_a_system_worker, wi_queue_gen_params),
	KUNIT_CASE(workitem_fifo_order),
	KUNIT_CASE(workitem_queued_at_dispatch_level),
	KUNIT_CASE(workitem_queued_again_by_its_routine),
	KUNIT_CASE(workitem_queued_twice_runs_once),
	KUNIT_CASE(workitem_routine_cannot_terminate_its_worker),
	KUNIT_CASE(workitem_bad_arguments_queue_nothing),
	{}
};

static struct kunit_suite workitem_suite = {
	.name = "ntthread_workitem",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = workitem_cases,
};

kunit_test_suite(workitem_suite);
MODULE_DESCRIPTION("KUnit: work items in system worker threads");
MODULE_LICENSE("GPL");
