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
 * - Lookup: an rhashtable keyed by the task, read lock-free under RCU,
 *   O(1); the layer's own kthreads never reach it (ke.c finds them by
 *   their kthread data first).
 * - Creation only at PASSIVE_LEVEL, in task context before do_exit():
 *   allocating needs GFP_KERNEL and the CID table's spinlock_t, neither of
 *   which PREEMPT_RT allows in atomic context (and GFP_ATOMIC would make
 *   the object's existence depend on the kernel flavour).  A task whose
 *   first call comes at DISPATCH_LEVEL or in an interrupt gets NULL; once
 *   it has its object, every context finds it, an interrupt the object of
 *   the task it interrupted, as Windows' KeGetCurrentThread() does in an
 *   ISR.
 * - End: a probe on the sched_process_exit tracepoint, which every task
 *   passes in do_exit() in its own context, takes the object out of the
 *   table, stores STATUS_SUCCESS, signals it (waiters released, mutexes
 *   it owns abandoned) and drops the task's reference.  Handles and
 *   references others hold keep the object (and its TID) as for any
 *   thread.  The probe runs with preemption disabled: every step is
 *   allowed there, the last dereference defers deletion to ob's worker.
 * - Unload: the probe goes first (tracepoint_synchronize_unregister()),
 *   then each object still adopted ends as its task would.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rhashtable.h>
#include <linux/sched/task.h>
#include <linux/tracepoint.h>

#include "adopt.h"
#include "compat.h"
#include "ps.h"

/* NT's normal priority: what KeQueryPriorityThread() reports until set. */
#define NT_ADOPTED_PRIORITY	8

static const struct rhashtable_params nt_adopt_params = {
	.key_len = sizeof(struct task_struct *),
	.key_offset = offsetof(struct nt_thread, tcb.task),
	.head_offset = offsetof(struct nt_thread, adopt_node),
	.automatic_shrinking = true,
};

static struct rhashtable nt_adopted;
static struct tracepoint *nt_exit_tracepoint;

/* A new object for current, listed and findable; NULL on failure. */
static struct nt_thread *nt_adopt_create(void)
{
	unsigned long flags, cid_pages = 0;
	struct nt_thread *thread;
	u32 tid;

	thread = nt_ob_create(&nt_thread_type);
	if (!thread)
		return NULL;
	/* From here the object counts as adopted: nt_thread_delete() uncounts it. */
	thread->flags = NT_THREAD_ADOPTED;
	nt_stat_inc(NT_CTR_ADOPTED_LIVE);
	if (current->flags & PF_KTHREAD)
		thread->flags |= NT_THREAD_SYSTEM;
	thread->exit_status = STATUS_PENDING;
	thread->cid.UniqueProcess = nt_system_process->pid;
	nt_dispatcher_init_header(&thread->tcb.header, NT_DISP_THREAD,
				  NT_SIZE(struct nt_kthread), 0);
	INIT_LIST_HEAD(&thread->tcb.mutants);
	thread->tcb.priority = NT_ADOPTED_PRIORITY;
	get_task_struct(current);
	thread->tcb.task = current;
	if (nt_handle_insert(nt_ps_cid_table(), nt_ob_header(thread), 0, &tid,
			     &cid_pages))
		goto err_put;
	thread->cid.UniqueThread = (HANDLE)((unsigned long)tid << 2);
	thread->bytes[NT_SITE_OBJECT] = kmem_cache_size(nt_thread_type.cache);
	thread->bytes[NT_SITE_CID] = sizeof(struct nt_handle_entry) +
				     cid_pages * nt_handle_page_size();
	if (rhashtable_insert_fast(&nt_adopted, &thread->adopt_node,
				   nt_adopt_params))
		goto err_put;
	spin_lock_irqsave(&nt_threads_lock, flags);
	list_add_tail_rcu(&thread->link, &nt_threads);
	WRITE_ONCE(thread->on_list, true);
	spin_unlock_irqrestore(&nt_threads_lock, flags);
	nt_stat_inc(NT_CTR_THREADS_ADOPTED);
	return thread;

err_put:
	nt_ob_put(nt_ob_header(thread));
	return NULL;
}

/*
 * What nt_ke_current_thread() returns in a task that is not one of the
 * layer's kthreads.  The object is current's: only current's exit (or
 * the module's) drops the reference that keeps it, so it stays valid
 * after the RCU read side the lookup used.
 */
static struct nt_kthread *nt_adopt_current(void)
{
	struct task_struct *task = current;
	struct nt_thread *thread;

	thread = rhashtable_lookup_fast(&nt_adopted, &task, nt_adopt_params);
	if (!thread && nt_at_passive() && !(task->flags & PF_EXITING))
		thread = nt_adopt_create();
	return thread ? &thread->tcb : NULL;
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

	thread = rhashtable_lookup_fast(&nt_adopted, &p, nt_adopt_params);
	if (thread && !rhashtable_remove_fast(&nt_adopted, &thread->adopt_node,
					      nt_adopt_params))
		nt_adopt_end(thread);
}

static void nt_adopt_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		*(struct tracepoint **)priv = tp;
}

int nt_adopt_init(void)
{
	int ret;

	ret = rhashtable_init(&nt_adopted, &nt_adopt_params);
	if (ret)
		return ret;
	for_each_kernel_tracepoint(nt_adopt_find_tracepoint,
				   &nt_exit_tracepoint);
	if (!nt_exit_tracepoint) {
		/* Without exit detection an adopted object would leak. */
		pr_warn("no sched_process_exit tracepoint: threads the layer did not create have no thread object\n");
		return 0;
	}
	ret = tracepoint_probe_register(nt_exit_tracepoint,
					nt_adopt_exit_probe, NULL);
	if (ret) {
		nt_exit_tracepoint = NULL;
		rhashtable_destroy(&nt_adopted);
		return ret;
	}
	WRITE_ONCE(nt_ke_foreign_thread, nt_adopt_current);
	return 0;
}

static void nt_adopt_drop(void *ptr, void *arg)
{
	nt_adopt_end(ptr);
}

/* Module exit: no caller is left in the layer, and no probe once unregistered. */
void nt_adopt_exit(void)
{
	WRITE_ONCE(nt_ke_foreign_thread, NULL);
	if (nt_exit_tracepoint) {
		tracepoint_probe_unregister(nt_exit_tracepoint,
					    nt_adopt_exit_probe, NULL);
		tracepoint_synchronize_unregister();
		nt_exit_tracepoint = NULL;
	}
	rhashtable_free_and_destroy(&nt_adopted, nt_adopt_drop, NULL);
}
