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

#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <ntddk.h>

/* Dispatcher object types, NT's KOBJECTS values. */
enum nt_dispatcher_type {
	NT_DISP_EVENT_NOTIFICATION = 0,
	NT_DISP_EVENT_SYNCHRONIZATION = 1,
	NT_DISP_MUTANT = 2,
	NT_DISP_PROCESS = 3,
	NT_DISP_QUEUE = 4,
	NT_DISP_SEMAPHORE = 5,
	NT_DISP_THREAD = 6,
	NT_DISP_TIMER_NOTIFICATION = 8,
	NT_DISP_TIMER_SYNCHRONIZATION = 9,
};

/* An object's size as its dispatcher header records it, in LONGs. */
#define NT_SIZE(type)		(sizeof(type) / sizeof(LONG))

/* Drivers' LIST_ENTRYs are list_heads to the dispatcher. */
static_assert(sizeof(LIST_ENTRY) == sizeof(struct list_head));
static_assert(offsetof(LIST_ENTRY, Flink) == offsetof(struct list_head, next));
static_assert(offsetof(LIST_ENTRY, Blink) == offsetof(struct list_head, prev));

static inline struct list_head *nt_list(PLIST_ENTRY entry)
{
	return (struct list_head *)entry;
}

/* A signaller acquires a WaitAll's objects for it up to this many. */
#define NT_TRY_ALL_MAX		8

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
 * @mutants: the mutexes it owns, by their MutantListEntry: changed only
 *	     by the thread, or for it by the claimer of its wait; abandoned
 *	     when it terminates
 */
struct nt_kthread {
	DISPATCHER_HEADER header;
	struct task_struct *task;
	void (*startup)(struct nt_kthread *thread);
	unsigned long state;
	KPRIORITY priority;
	struct list_head mutants;
};

void nt_dispatcher_init_header(DISPATCHER_HEADER *header, u8 type, u8 size,
			       LONG state);
bool nt_dispatcher_is(const void *object, enum nt_dispatcher_type type);
unsigned long nt_object_lock_irqsave(DISPATCHER_HEADER *header);
void nt_object_unlock_irqrestore(DISPATCHER_HEADER *header,
				 unsigned long flags);
void nt_dispatcher_wake_locked(DISPATCHER_HEADER *header);
ktime_t nt_expiry(s64 timeout, clockid_t *clock);
NTSTATUS nt_wait_timeout(void *object, s64 timeout_100ns);

/**
 * nt_at_passive() - is the caller at PASSIVE_LEVEL, free to sleep?
 *
 * Inline: the pool's allocation and free paths ask on every call.
 *
 * Return: false in interrupt context, with interrupts or preemption
 * disabled, under a spinlock, or in a preemptible RCU read-side section.
 */
static __always_inline bool nt_at_passive(void)
{
	if (!in_task() || irqs_disabled() || rcu_preempt_depth())
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_COUNT) || preemptible();
}

int nt_ke_init_thread(struct nt_kthread *thread,
		      void (*startup)(struct nt_kthread *thread),
		      const char *name);
void nt_ke_stop_thread(struct nt_kthread *thread);
void nt_ke_release_thread(struct nt_kthread *thread);
void nt_ke_terminate_thread(struct nt_kthread *thread);
struct nt_kthread *nt_ke_current_thread(void);
struct nt_kthread *nt_ke_current_thread_peek(void);
void nt_ke_init(void);
extern struct nt_kthread *(*nt_ke_foreign_thread)(bool adopt);
void nt_ke_exit(void);

static inline bool nt_ke_thread_terminated(const struct nt_kthread *thread)
{
	return test_bit(NT_KTHREAD_TERMINATED, &thread->state);
}

#endif /* _NTTHREAD_KE_H */
