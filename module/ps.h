/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process and thread manager (WRK's ps/): the System process, thread
 * objects (ETHREAD) over the dispatcher's KTHREAD, the CID table that
 * hands out thread IDs, and the list of thread objects the debugfs views
 * walk.
 */
#ifndef _NTTHREAD_PS_H
#define _NTTHREAD_PS_H

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/spinlock.h>

#include "ke.h"
#include "ob.h"
#include "stats.h"

/* Thread flags */
#define NT_THREAD_SYSTEM	BIT(0)
#define NT_THREAD_ADOPTED	BIT(1)	/* a task the layer did not create (adopt.c) */
#define NT_THREAD_WORKER	BIT(2)	/* a system worker thread (workitem.c) */

/**
 * struct nt_thread - the thread object (ETHREAD)
 * @tcb: the dispatcher's part (KTHREAD), first, as in NT: a PKTHREAD and
 *	 a PETHREAD of one thread are the same pointer
 * @cid: { System PID, this thread's TID }
 * @exit_status: STATUS_PENDING while running, then the exit status
 * @start_routine: the driver's routine
 * @start_context: its argument
 * @flags: NT_THREAD_*
 * @link: entry in nt_threads (RCU)
 * @on_list: @link is on nt_threads
 * @reap: entry in the reaper's list, once the thread has terminated
 * @bytes: bytes per allocation site (enum nt_site), for the statistics;
 *	   filled in before the thread is listed
 * @pool: its pool account (pool.c), from its first pool allocation on
 * @adopt_node: an adopted thread's entry in adopt.c's hash, keyed by
 *		@tcb.task
 */
struct nt_thread {
	struct nt_kthread tcb;
	CLIENT_ID cid;
	NTSTATUS exit_status;
	PKSTART_ROUTINE start_routine;
	PVOID start_context;
	unsigned long flags;
	struct list_head link;
	bool on_list;
	struct llist_node reap;
	unsigned long bytes[NT_SITES];
	struct nt_pool_account *pool;
	struct hlist_node adopt_node;
};

/**
 * struct nt_process - the process object; only the System process exists
 * @header: dispatcher header (never signalled: System does not exit)
 * @pid: 4
 *
 * Its handle table is the object manager's kernel handle table.
 */
struct nt_process {
	DISPATCHER_HEADER header;
	HANDLE pid;
};

extern struct nt_object_type nt_thread_type, nt_process_type;
extern struct nt_process *nt_system_process;

/*
 * Every thread object alive: RCU readers, or nt_threads_lock, raw: a task
 * adopted at DISPATCH_LEVEL is listed there (adopt.c).
 */
extern struct list_head nt_threads;
extern raw_spinlock_t nt_threads_lock;

/*
 * Called as a thread object goes, by the component above ps that set it
 * (pool.c, which releases the thread's pool account); NULL for none.
 */
extern void (*nt_ps_delete_hook)(struct nt_thread *thread);

int nt_ps_init(void);
void nt_ps_exit(void);
struct nt_thread *nt_current_thread(void);
struct nt_handle_table *nt_ps_cid_table(void);

/* The CID table's index of a TID or PID. */
static inline u32 nt_cid_index(HANDLE id)
{
	return (unsigned long)id >> 2;
}

NTSTATUS nt_ps_create_worker(PKSTART_ROUTINE routine, PVOID context,
			     PETHREAD *thread);

/* For the KUnit suites only (namespace NTTHREAD_INTERNAL). */
struct nt_handle_table *ntthread_handle_table(bool cid);
void ntthread_thread_name(char *buf, HANDLE tid, PKSTART_ROUTINE routine);

#endif /* _NTTHREAD_PS_H */
