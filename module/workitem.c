// SPDX-License-Identifier: GPL-2.0
/*
 * System worker threads (WRK's ex/worker.c): ExQueueWorkItem() hands a
 * driver's WORK_QUEUE_ITEM to one of three queues, each served by the
 * layer's own system threads (nt_ps_create_worker()), which run the item's
 * routine at PASSIVE_LEVEL: PsGetCurrentThread() there is the worker's
 * object, PsIsSystemThread() is TRUE, and `threads` and the statistics
 * count the workers as the layer's threads.
 *
 * - Queues: critical (2 workers, priority 13), delayed (1, priority 12)
 *   and hypercritical (1, priority 15), started at load, each a FIFO list
 *   under a raw spinlock with a simple wait queue: ExQueueWorkItem() works
 *   at DISPATCH_LEVEL and in hard interrupts, PREEMPT_RT included.
 * - An item is queued while its List.Flink is not NULL (ExInitializeWorkItem
 *   clears it); the worker clears it again before it calls the routine,
 *   which may then queue the item again (or free it: the worker no longer
 *   touches it).  Queuing an item that is queued already is logged and
 *   ignored, where Windows corrupts its list.
 * - A driver being unloaded while an item whose routine lies in its code is
 *   queued or running makes the unload wait until none is, naming the
 *   routine (Windows bug checks 0xCE), as it waits for a driver's threads.
 * - The workers hold no module reference; ntthread's exit stops them, once
 *   no driver is left to queue anything.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/swait.h>
#include <linux/wait.h>

#include "compat.h"
#include "ps.h"
#include "report.h"
#include "workitem.h"

#define NT_WORKERS_MAX	2

/**
 * struct nt_work_queue - one of the system work queues
 * @name: for the messages
 * @nworkers: its workers
 * @priority: theirs (Windows' ExpWorkerThread priorities)
 * @lock: guards @items, @stopping and each worker's @running
 * @items: queued WORK_QUEUE_ITEMs, by their List
 * @wait: where idle workers wait
 * @stopping: the module is going: workers end once @items is empty
 * @workers: their objects, referenced
 * @running: the routine each worker runs, NULL while idle
 */
struct nt_work_queue {
	const char *name;
	unsigned int nworkers;
	KPRIORITY priority;
	raw_spinlock_t lock;
	struct list_head items;
	struct swait_queue_head wait;
	bool stopping;
	PETHREAD workers[NT_WORKERS_MAX];
	PWORKER_THREAD_ROUTINE running[NT_WORKERS_MAX];
};

static struct nt_work_queue nt_work_queues[] = {
	[CriticalWorkQueue] = { "critical", 2, 13 },
	[DelayedWorkQueue] = { "delayed", 1, 12 },
	[HyperCriticalWorkQueue] = { "hypercritical", 1, 15 },
};

/* A worker finished an item: the unload waits (nt_work_module_notify()) look. */
static DECLARE_WAIT_QUEUE_HEAD(nt_work_done);

/* What a worker thread gets: its queue and its slot there. */
struct nt_worker_arg {
	struct nt_work_queue *queue;
	unsigned int slot;
};

static struct nt_worker_arg nt_worker_args[ARRAY_SIZE(nt_work_queues)][NT_WORKERS_MAX];

static bool nt_work_ready(struct nt_work_queue *q)
{
	return !list_empty(&q->items) || READ_ONCE(q->stopping);
}

/* ExpWorkerThread: take the first item, run its routine, again. */
static VOID nt_worker_thread(PVOID context)
{
	struct nt_worker_arg *arg = context;
	struct nt_work_queue *q = arg->queue;
	PWORKER_THREAD_ROUTINE routine;
	PWORK_QUEUE_ITEM item;
	PVOID parameter;

	for (;;) {
		swait_event_idle_exclusive(q->wait, nt_work_ready(q));
		raw_spin_lock_irq(&q->lock);
		if (list_empty(&q->items)) {
			bool stop = q->stopping;

			raw_spin_unlock_irq(&q->lock);
			if (stop)
				return;
			continue;
		}
		item = container_of((PLIST_ENTRY)q->items.next, WORK_QUEUE_ITEM,
				    List);
		list_del(q->items.next);
		routine = item->WorkerRoutine;
		parameter = item->Parameter;
		/* Not queued any more: the routine may queue or free it. */
		WRITE_ONCE(item->List.Flink, NULL);
		WRITE_ONCE(q->running[arg->slot], routine);
		raw_spin_unlock_irq(&q->lock);

		routine(parameter);
		if (!nt_at_passive())
			nt_bugcheck_once("work routine %ps returned at DISPATCH_LEVEL",
					 routine);

		raw_spin_lock_irq(&q->lock);
		WRITE_ONCE(q->running[arg->slot], NULL);
		raw_spin_unlock_irq(&q->lock);
		wake_up_all(&nt_work_done);
	}
}

/* NormalWorkQueue and later as the three queues that exist; else NULL. */
static struct nt_work_queue *nt_work_queue_of(WORK_QUEUE_TYPE type)
{
	switch (type) {
	case CriticalWorkQueue:
	case NormalWorkQueue:
		return &nt_work_queues[CriticalWorkQueue];
	case DelayedWorkQueue:
	case BackgroundWorkQueue:
		return &nt_work_queues[DelayedWorkQueue];
	case HyperCriticalWorkQueue:
	case RealTimeWorkQueue:
	case SuperCriticalWorkQueue:
		return &nt_work_queues[HyperCriticalWorkQueue];
	default:
		return NULL;
	}
}

/**
 * ExQueueWorkItem() - have a system worker thread run a work item
 * @WorkItem: the item, set up with ExInitializeWorkItem(); it must stay
 *	      valid until its routine runs, and not be queued already
 * @QueueType: CriticalWorkQueue, DelayedWorkQueue or HyperCriticalWorkQueue
 *	       (NormalWorkQueue, BackgroundWorkQueue, RealTimeWorkQueue and
 *	       SuperCriticalWorkQueue go to the first, the second and the
 *	       third)
 *
 * The routine runs at PASSIVE_LEVEL in a worker of that queue, in the
 * order items were queued.  Where Windows bug checks (a NULL item or
 * routine, an unreadable item, another queue type, an item queued
 * twice), nothing is queued and the mistake is logged once.
 *
 * Context: any context up to DISPATCH_LEVEL, hard interrupts included;
 * never sleeps.
 */
VOID ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType)
{
	struct nt_work_queue *q = nt_work_queue_of(QueueType);
	unsigned long routine, flags;

	if (!WorkItem ||
	    !nt_read_word_nofault(&WorkItem->WorkerRoutine, &routine)) {
		nt_bugcheck_once("%p is not a work item", WorkItem);
		return;
	}
	if (!routine) {
		nt_bugcheck_once("work item %p has no routine", WorkItem);
		return;
	}
	if (!q) {
		nt_bugcheck_once("invalid QueueType %d", QueueType);
		return;
	}
	raw_spin_lock_irqsave(&q->lock, flags);
	if (READ_ONCE(WorkItem->List.Flink)) {
		raw_spin_unlock_irqrestore(&q->lock, flags);
		nt_bugcheck_once("work item %p queued while queued", WorkItem);
		return;
	}
	list_add_tail(nt_list(&WorkItem->List), &q->items);
	raw_spin_unlock_irqrestore(&q->lock, flags);
	swake_up_one(&q->wait);
}
EXPORT_SYMBOL_GPL(ExQueueWorkItem);

/* A routine in @mod that is queued or running, or NULL. */
static PWORKER_THREAD_ROUTINE nt_work_in_module(struct module *mod)
{
	PWORKER_THREAD_ROUTINE found = NULL;
	struct nt_work_queue *q;
	struct list_head *pos;
	unsigned int i;

	for (q = nt_work_queues; !found && q < nt_work_queues + ARRAY_SIZE(nt_work_queues); q++) {
		raw_spin_lock_irq(&q->lock);
		list_for_each(pos, &q->items) {
			PWORK_QUEUE_ITEM item = container_of((PLIST_ENTRY)pos,
							     WORK_QUEUE_ITEM, List);

			if (within_module((unsigned long)item->WorkerRoutine, mod)) {
				found = item->WorkerRoutine;
				break;
			}
		}
		for (i = 0; !found && i < q->nworkers; i++)
			if (within_module((unsigned long)q->running[i], mod))
				found = q->running[i];
		raw_spin_unlock_irq(&q->lock);
	}
	return found;
}

/*
 * A driver is going away with work items of its code queued or running:
 * wait for them, naming the routine, and warn every 10 s.
 */
static int nt_work_module_notify(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	PWORKER_THREAD_ROUTINE routine;
	struct module *mod = data;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	routine = nt_work_in_module(mod);
	if (!routine)
		return NOTIFY_DONE;
	pr_warn("module %s is going away while work item routine %pS is queued or running: waiting for its work items\n",
		mod->name, routine);
	while (!wait_event_timeout(nt_work_done,
				   !(routine = nt_work_in_module(mod)), 10 * HZ))
		pr_warn("still waiting for work item routine %pS\n", routine);
	return NOTIFY_DONE;
}

static struct notifier_block nt_work_module_nb = {
	.notifier_call = nt_work_module_notify,
};

/* Stop every worker started so far; none may be running an item. */
static void nt_work_stop(void)
{
	struct nt_work_queue *q;
	unsigned int i;

	for (q = nt_work_queues; q < nt_work_queues + ARRAY_SIZE(nt_work_queues); q++) {
		raw_spin_lock_irq(&q->lock);
		WRITE_ONCE(q->stopping, true);
		raw_spin_unlock_irq(&q->lock);
		swake_up_all(&q->wait);
		for (i = 0; i < q->nworkers; i++) {
			if (!q->workers[i])
				continue;
			KeWaitForSingleObject(q->workers[i], Executive,
					      KernelMode, FALSE, NULL);
			/*
			 * Signalled is not gone: it holds no module reference,
			 * so wait until the reaper it queued has dropped its
			 * own reference, once its kthread has exited.
			 */
			while (refcount_read(&nt_ob_header(q->workers[i])->pointer_count) > 1)
				usleep_range(1000, 2000);
			ObDereferenceObject(q->workers[i]);
			q->workers[i] = NULL;
		}
	}
}

int nt_workitem_init(void)
{
	struct nt_work_queue *q;
	unsigned int i;
	int ret;

	for (q = nt_work_queues; q < nt_work_queues + ARRAY_SIZE(nt_work_queues); q++) {
		raw_spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->items);
		init_swait_queue_head(&q->wait);
		q->stopping = false;
	}
	for (q = nt_work_queues; q < nt_work_queues + ARRAY_SIZE(nt_work_queues); q++) {
		for (i = 0; i < q->nworkers; i++) {
			struct nt_worker_arg *arg = &nt_worker_args[q - nt_work_queues][i];

			arg->queue = q;
			arg->slot = i;
			if (!NT_SUCCESS(nt_ps_create_worker(nt_worker_thread, arg,
							    &q->workers[i]))) {
				ret = -ENOMEM;
				goto err_stop;
			}
			KeSetPriorityThread(q->workers[i], q->priority);
		}
	}
	ret = register_module_notifier(&nt_work_module_nb);
	if (ret)
		goto err_stop;
	return 0;

err_stop:
	nt_work_stop();
	return ret;
}

/* Module exit: every driver is gone, so no item is queued or running. */
void nt_workitem_exit(void)
{
	unregister_module_notifier(&nt_work_module_nb);
	nt_work_stop();
}
