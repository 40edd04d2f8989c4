// SPDX-License-Identifier: GPL-2.0
/*
 * Adopted threads.  Windows has a thread object in every context, and
 * drivers use it as an owner tag; here a task the layer did not create
 * (insmod, a workqueue worker, a user process calling in through a file)
 * gets one on its first call that asks for its thread (PsGetCurrentThread,
 * KeGetCurrentThread, PsGetCurrentThreadId, NtCurrentThread(), a wait),
 * with a TID from the CID table, listed in `threads` with "adopted" as
 * its start routine.
 *
 * - Lookup: a fixed hash of 4096 chains keyed by the task, read
 *   lock-free under RCU; written under a raw spinlock, with nothing to
 *   allocate (the node is in the object), so in any context.  The
 *   layer's own kthreads never reach it (ke.c finds them by their kthread
 *   data first).
 * - Creation in task context before do_exit(), at any IRQL.  At
 *   PASSIVE_LEVEL the object is made there and then.  At DISPATCH_LEVEL
 *   nothing may be allocated on PREEMPT_RT, nor a spinlock_t taken: the
 *   task takes one of NT_ADOPT_SPARES objects made beforehand, each with
 *   a TID reserved in the CID table, and a work item makes another.  Only
 *   a burst of more first calls at DISPATCH_LEVEL than there are spares,
 *   faster than the work item, gets NULL (counted in adopt_no_spare).  An
 *   interrupt never adopts: it finds the object of the task it
 *   interrupted, if that has one, as Windows' KeGetCurrentThread() does in
 *   an ISR.
 * - End: a probe on the sched_process_exit tracepoint, which every task
 *   passes in do_exit() in its own context, takes the object out of the
 *   table, stores STATUS_SUCCESS, signals it (waiters released, mutexes
 *   it owns abandoned) and drops the task's reference.  Handles and
 *   references others hold keep the object (and its TID) as for any
 *   thread.  The probe runs with preemption disabled: every step is
 *   allowed there, the last dereference defers deletion to ob's worker.
 * - Unload: the probe goes first (tracepoint_synchronize_unregister()),
 *   then each object still adopted ends as its task would, and the
 *   spares go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/sched/task.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

#include "adopt.h"
#include "compat.h"
#include "ps.h"

/* NT's normal priority: what KeQueryPriorityThread() reports until set. */
#define NT_ADOPTED_PRIORITY	8

#define NT_ADOPT_HASH_BITS	12
#define NT_ADOPT_SPARES		8

/* The adopted objects, by task; spares, complete but for their task. */
static struct hlist_head nt_adopted[1 << NT_ADOPT_HASH_BITS];
static struct nt_thread *nt_adopt_spares[NT_ADOPT_SPARES];
static unsigned int nt_adopt_nr_spares;
static DEFINE_RAW_SPINLOCK(nt_adopt_lock);	/* writers of both */
static struct tracepoint *nt_exit_tracepoint;

static void nt_adopt_refill(struct work_struct *work);
static DECLARE_WORK(nt_adopt_refill_work, nt_adopt_refill);

static struct hlist_head *nt_adopt_chain(const struct task_struct *task)
{
	return &nt_adopted[hash_ptr(task, NT_ADOPT_HASH_BITS)];
}

/*
 * A thread object for a task yet to come: initialised, its TID reserved
 * (nobody finds it by TID until published), listed nowhere.
 */
static struct nt_thread *nt_adopt_blank(void)
{
	unsigned long cid_pages = 0;
	struct nt_thread *thread;
	u32 tid;

	thread = nt_ob_create(&nt_thread_type);
	if (!thread)
		return NULL;
	thread->exit_status = STATUS_PENDING;
	thread->cid.UniqueProcess = nt_system_process->pid;
	nt_dispatcher_init_header(&thread->tcb.header, NT_DISP_THREAD,
				  NT_SIZE(struct nt_kthread), 0);
	INIT_LIST_HEAD(&thread->tcb.mutants);
	thread->tcb.priority = NT_ADOPTED_PRIORITY;
	if (nt_handle_insert(nt_ps_cid_table(), NULL, 0, &tid, &cid_pages)) {
		nt_ob_put(nt_ob_header(thread));
		return NULL;
	}
	thread->cid.UniqueThread = (HANDLE)((unsigned long)tid << 2);
	thread->bytes[NT_SITE_OBJECT] = kmem_cache_size(nt_thread_type.cache);
	thread->bytes[NT_SITE_CID] = sizeof(struct nt_handle_entry) +
				     cid_pages * nt_handle_page_size();
	return thread;
}

/* A blank that never got its task goes: its TID first. */
static void nt_adopt_blank_free(struct nt_thread *thread)
{
	nt_handle_unreserve(nt_ps_cid_table(),
			    nt_cid_index(thread->cid.UniqueThread));
	thread->cid.UniqueThread = NULL;
	nt_ob_put(nt_ob_header(thread));
}

/*
 * @thread, a blank, becomes current's, found by TID, in `threads` and by
 * current's lookups.  Nothing here allocates or sleeps.
 */
static void nt_adopt_publish(struct nt_thread *thread)
{
	unsigned long flags;

	/* From here the object counts as adopted: nt_thread_delete() uncounts it. */
	thread->flags = NT_THREAD_ADOPTED;
	nt_stat_inc(NT_CTR_ADOPTED_LIVE);
	if (current->flags & PF_KTHREAD)
		thread->flags |= NT_THREAD_SYSTEM;
	get_task_struct(current);
	thread->tcb.task = current;
	nt_handle_publish(nt_ps_cid_table(),
			  nt_cid_index(thread->cid.UniqueThread),
			  nt_ob_header(thread));
	raw_spin_lock_irqsave(&nt_threads_lock, flags);
	list_add_tail_rcu(&thread->link, &nt_threads);
	WRITE_ONCE(thread->on_list, true);
	raw_spin_unlock_irqrestore(&nt_threads_lock, flags);
	raw_spin_lock_irqsave(&nt_adopt_lock, flags);
	hlist_add_head_rcu(&thread->adopt_node, nt_adopt_chain(current));
	raw_spin_unlock_irqrestore(&nt_adopt_lock, flags);
	nt_stat_inc(NT_CTR_THREADS_ADOPTED);
}

/* A spare, or NULL if there is none left; another is made meanwhile. */
static struct nt_thread *nt_adopt_take_spare(void)
{
	struct nt_thread *thread = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&nt_adopt_lock, flags);
	if (nt_adopt_nr_spares)
		thread = nt_adopt_spares[--nt_adopt_nr_spares];
	raw_spin_unlock_irqrestore(&nt_adopt_lock, flags);
	if (!thread) {
		nt_stat_inc(NT_CTR_ADOPT_NO_SPARE);
		return NULL;
	}
	nt_stat_dec(NT_CTR_ADOPT_SPARES);
	schedule_work(&nt_adopt_refill_work);
	return thread;
}

/* Make spares until there are NT_ADOPT_SPARES (at init, and as a work item). */
static void nt_adopt_refill(struct work_struct *work)
{
	struct nt_thread *thread;
	unsigned long flags;
	bool stored;

	for (;;) {
		if (READ_ONCE(nt_adopt_nr_spares) >= NT_ADOPT_SPARES)
			return;
		thread = nt_adopt_blank();
		if (!thread)
			return;
		raw_spin_lock_irqsave(&nt_adopt_lock, flags);
		stored = nt_adopt_nr_spares < NT_ADOPT_SPARES;
		if (stored) {
			nt_adopt_spares[nt_adopt_nr_spares++] = thread;
			nt_stat_inc(NT_CTR_ADOPT_SPARES);
		}
		raw_spin_unlock_irqrestore(&nt_adopt_lock, flags);
		if (!stored) {
			nt_adopt_blank_free(thread);
			return;
		}
	}
}

static struct nt_thread *nt_adopt_lookup(struct task_struct *task)
{
	struct nt_thread *thread;

	hlist_for_each_entry_rcu(thread, nt_adopt_chain(task), adopt_node)
		if (thread->tcb.task == task)
			return thread;
	return NULL;
}

/*
 * What nt_ke_current_thread() returns in a task that is not one of the
 * layer's kthreads, adopting it first if @adopt (the peek of tracing
 * never adopts).  The object is current's: only current's exit (or
 * the module's) drops the reference that keeps it, so it stays valid
 * after the RCU read side the lookup used.
 */
static struct nt_kthread *nt_adopt_current(bool adopt)
{
	struct task_struct *task = current;
	struct nt_thread *thread;

	rcu_read_lock();
	thread = nt_adopt_lookup(task);
	rcu_read_unlock();
	if (thread || !adopt || !in_task() || (task->flags & PF_EXITING))
		return thread ? &thread->tcb : NULL;
	thread = nt_at_passive() ? nt_adopt_blank() : nt_adopt_take_spare();
	if (!thread)
		return NULL;
	nt_adopt_publish(thread);
	return &thread->tcb;
}

/* @thread's task is gone, or the module is: end it as a thread ends. */
static void nt_adopt_end(struct nt_thread *thread)
{
	WRITE_ONCE(thread->exit_status, STATUS_SUCCESS);
	nt_ke_terminate_thread(&thread->tcb);
	nt_ob_put(nt_ob_header(thread));
}

/* In the exiting task, preemption disabled. */
static void nt_adopt_exit_probe(void *data, NT_SCHED_PROCESS_EXIT_ARGS)
{
	struct nt_thread *thread;
	unsigned long flags;

	/* Only the task itself adds or removes its entry, and it is here. */
	rcu_read_lock();
	thread = nt_adopt_lookup(p);
	rcu_read_unlock();
	if (!thread)
		return;
	raw_spin_lock_irqsave(&nt_adopt_lock, flags);
	hlist_del_init_rcu(&thread->adopt_node);
	raw_spin_unlock_irqrestore(&nt_adopt_lock, flags);
	nt_adopt_end(thread);
}

static void nt_adopt_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		*(struct tracepoint **)priv = tp;
}

/* The spares go, the work item that makes them first. */
static void nt_adopt_free_spares(void)
{
	cancel_work_sync(&nt_adopt_refill_work);
	while (nt_adopt_nr_spares) {
		nt_stat_dec(NT_CTR_ADOPT_SPARES);
		nt_adopt_blank_free(nt_adopt_spares[--nt_adopt_nr_spares]);
	}
}

int nt_adopt_init(void)
{
	int ret;

	for_each_kernel_tracepoint(nt_adopt_find_tracepoint,
				   &nt_exit_tracepoint);
	if (!nt_exit_tracepoint) {
		/* Without exit detection an adopted object would leak. */
		pr_warn("no sched_process_exit tracepoint: threads the layer did not create have no thread object\n");
		return 0;
	}
	nt_adopt_refill(NULL);
	ret = tracepoint_probe_register(nt_exit_tracepoint,
					nt_adopt_exit_probe, NULL);
	if (ret) {
		nt_exit_tracepoint = NULL;
		nt_adopt_free_spares();
		return ret;
	}
	WRITE_ONCE(nt_ke_foreign_thread, nt_adopt_current);
	return 0;
}

/* Module exit: no caller is left in the layer, and no probe once unregistered. */
void nt_adopt_exit(void)
{
	struct nt_thread *thread;
	unsigned int i;

	WRITE_ONCE(nt_ke_foreign_thread, NULL);
	if (!nt_exit_tracepoint)
		return;
	tracepoint_probe_unregister(nt_exit_tracepoint, nt_adopt_exit_probe,
				    NULL);
	tracepoint_synchronize_unregister();
	nt_exit_tracepoint = NULL;
	for (i = 0; i < ARRAY_SIZE(nt_adopted); i++) {
		for (;;) {
			raw_spin_lock_irq(&nt_adopt_lock);
			thread = hlist_entry_safe(nt_adopted[i].first,
						  struct nt_thread, adopt_node);
			if (thread)
				hlist_del_init_rcu(&thread->adopt_node);
			raw_spin_unlock_irq(&nt_adopt_lock);
			if (!thread)
				break;
			nt_adopt_end(thread);
		}
	}
	nt_adopt_free_spares();
}
