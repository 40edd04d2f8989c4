/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel dispatcher (WRK's ke/): dispatcher headers and waits, events,
 * IRQL, and the KTHREAD part of a thread object: its kthread, priority
 * and terminated state.  ke knows no object manager and no ETHREAD: the
 * process manager (ps.c) embeds struct nt_kthread at the start of its
 * thread object, as ETHREAD embeds KTHREAD.
 */
#ifndef _NTTHREAD_KE_H
#define _NTTHREAD_KE_H

#include <linux/sched.h>
#include <ntddk.h>

/* Dispatcher object types, NT's KOBJECTS values. */
enum nt_dispatcher_type {
	NT_DISP_EVENT_NOTIFICATION = 0,
	NT_DISP_EVENT_SYNCHRONIZATION = 1,
	NT_DISP_PROCESS = 3,
	NT_DISP_THREAD = 6,
};

/* KTHREAD state bits */
#define NT_KTHREAD_TERMINATED	0

/**
 * struct nt_kthread - the dispatcher's part of a thread object (KTHREAD)
 * @header: dispatcher header: signalled once the thread has terminated
 * @task: the kthread; referenced while the object lives
 * @startup: what the kthread runs; never returns (it ends in
 *	     kthread_exit() or module_put_and_kthread_exit())
 * @state: NT_KTHREAD_* bits
 * @priority: NT priority, 1..31 (8 by default)
 */
struct nt_kthread {
	DISPATCHER_HEADER header;
	struct task_struct *task;
	void (*startup)(struct nt_kthread *thread);
	unsigned long state;
	KPRIORITY priority;
};

void nt_dispatcher_init_header(DISPATCHER_HEADER *header, u8 type, u8 size,
			       LONG state);
void nt_dispatcher_signal(DISPATCHER_HEADER *header);
NTSTATUS nt_wait_timeout(void *object, s64 timeout_100ns);
bool nt_at_passive(void);

int nt_ke_init_thread(struct nt_kthread *thread,
		      void (*startup)(struct nt_kthread *thread),
		      const char *name);
void nt_ke_stop_thread(struct nt_kthread *thread);
void nt_ke_release_thread(struct nt_kthread *thread);
void nt_ke_terminate_thread(struct nt_kthread *thread);
struct nt_kthread *nt_ke_current_thread(void);

static inline bool nt_ke_thread_terminated(const struct nt_kthread *thread)
{
	return test_bit(NT_KTHREAD_TERMINATED, &thread->state);
}

#endif /* _NTTHREAD_KE_H */
