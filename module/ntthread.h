/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntthread's internal declarations: the object manager core, thread and
 * process objects, the dispatcher, statistics and fault injection.
 */
#ifndef _NTTHREAD_H
#define _NTTHREAD_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <ntddk.h>

#include "handle.h"

/* Dispatcher object types, NT's KOBJECTS values. */
enum nt_dispatcher_type {
	NT_DISP_EVENT_NOTIFICATION = 0,
	NT_DISP_EVENT_SYNCHRONIZATION = 1,
	NT_DISP_PROCESS = 3,
	NT_DISP_THREAD = 6,
};

/**
 * struct nt_object_type - an object type (NT's OBJECT_TYPE)
 * @name: "Thread", "Process", "Event"
 * @cache_name: its slab cache's name
 * @cache: slab cache of header + body, NULL for a type without objects
 * @body_size: bytes of the body that follows the header
 * @valid_access: the rights a handle to this type may grant
 * @mapping: generic rights mapped to specific ones
 * @delete: tears down the body on the last reference; any context
 * @live: objects alive
 */
struct nt_object_type {
	const char *name;
	const char *cache_name;
	struct kmem_cache *cache;
	size_t body_size;
	ACCESS_MASK valid_access;
	GENERIC_MAPPING mapping;
	void (*delete)(void *body);
	atomic_long_t live;
};

/**
 * struct nt_object_header - what precedes every object body (OBJECT_HEADER)
 * @pointer_count: references; each handle holds one
 * @handle_count: open handles
 * @type: the object's type
 * @rcu: frees the object a grace period after its last reference
 *
 * The body, the pointer that drivers hold, follows the header directly.
 */
struct nt_object_header {
	refcount_t pointer_count;
	atomic_t handle_count;
	struct nt_object_type *type;
	struct rcu_head rcu;
};

static inline void *nt_ob_body(struct nt_object_header *header)
{
	return header + 1;
}

static inline struct nt_object_header *nt_ob_header(const void *body)
{
	return (struct nt_object_header *)body - 1;
}

static inline bool nt_ob_tryget(struct nt_object_header *header)
{
	return refcount_inc_not_zero(&header->pointer_count);
}

void nt_ob_put(struct nt_object_header *header);
void nt_thread_delete(void *body);
void *nt_ob_create(struct nt_object_type *type);
int nt_ob_types_init(void);
void nt_ob_types_exit(void);
ACCESS_MASK nt_ob_map_access(const struct nt_object_type *type,
			     ACCESS_MASK desired);
NTSTATUS nt_ob_insert_handle(void *body, ACCESS_MASK granted, PHANDLE handle,
			     unsigned long *pages_added);
void nt_ob_close_all_handles(void);

extern struct nt_object_type nt_thread_type, nt_process_type, nt_event_type;
extern struct nt_handle_table nt_cid_table;

/* Thread flags */
#define NT_THREAD_SYSTEM	BIT(0)
#define NT_THREAD_TERMINATED	BIT(1)

/**
 * struct nt_thread - the thread object (ETHREAD and KTHREAD in one)
 * @header: dispatcher header: signalled once the thread has terminated
 * @cid: { System PID, this thread's TID }
 * @exit_status: STATUS_PENDING while running, then the exit status
 * @start_routine: the driver's routine
 * @start_context: its argument
 * @task: the kthread; referenced while the object lives
 * @flags: NT_THREAD_*
 * @priority: NT priority, 1..31 (8 by default)
 * @link: entry in nt_threads (RCU)
 * @on_list: @link is on nt_threads
 * @bytes: bytes per allocation site (enum nt_site), for the statistics
 */
struct nt_thread {
	DISPATCHER_HEADER header;
	CLIENT_ID cid;
	NTSTATUS exit_status;
	PKSTART_ROUTINE start_routine;
	PVOID start_context;
	struct task_struct *task;
	unsigned long flags;
	KPRIORITY priority;
	struct list_head link;
	bool on_list;
	unsigned long bytes[6];
};

/* Where a thread's memory goes: the seed's four NT sites, plus Linux's task. */
enum nt_site {
	NT_SITE_OBJECT,		/* ObCreateObject: ETHREAD + header */
	NT_SITE_HANDLE,		/* ExCreateHandle: entry + pages added */
	NT_SITE_CID,		/* the CID table entry + pages added */
	NT_SITE_TEB,		/* MmCreateTeb: none for system threads */
	NT_SITE_STACK,		/* KeInitThread / MmCreateKernelStack */
	NT_SITE_TASK,		/* Linux only: task_struct + struct kthread */
	NT_SITES
};

/**
 * struct nt_process - the process object; only the System process exists
 * @header: dispatcher header (never signalled: System does not exit)
 * @pid: 4
 * @handles: its handle table, which holds every kernel handle
 */
struct nt_process {
	DISPATCHER_HEADER header;
	HANDLE pid;
	struct nt_handle_table handles;
};

extern struct nt_process *nt_system_process;

int nt_ps_init(void);
void nt_ps_exit(void);
struct nt_thread *nt_current_thread(void);
u32 nt_handle_index(HANDLE handle);

/* Dispatcher */
void nt_dispatcher_init_header(DISPATCHER_HEADER *header, u8 type, u8 size,
			       LONG state);
void nt_dispatcher_signal(DISPATCHER_HEADER *header);
NTSTATUS nt_wait_timeout(void *object, s64 timeout_100ns);

/* IRQL */
bool nt_at_passive(void);

/*
 * Where Windows would bug check, log once (per call site) and let the
 * caller return the status the kernel-doc promises.
 */
#define nt_bugcheck_once(fmt, ...)					\
	pr_warn_once("ntthread: %s: " fmt " (Windows would bug check)\n", \
		     __func__, ##__VA_ARGS__)

/* A PASSIVE_LEVEL routine entered in atomic context. */
#define nt_wrong_irql_once()						\
	pr_warn_once("ntthread: %s called at DISPATCH_LEVEL from %pS "	\
		     "(IRQL_NOT_LESS_OR_EQUAL on Windows)\n", __func__,	\
		     __builtin_return_address(0))

/* Fault injection sites: see stats.c */
enum nt_fault_site {
	NT_FAULT_THREAD_OBJECT,
	NT_FAULT_HANDLE_PAGE_LOW,
	NT_FAULT_HANDLE_PAGE_MID,
	NT_FAULT_HANDLE_PAGE_TOP,
	NT_FAULT_KTHREAD,
	NT_FAULT_SITES
};

bool nt_should_fail(enum nt_fault_site site);

/* Statistics: see stats.c */
enum nt_counter {
	NT_CTR_THREADS_CREATED,
	NT_CTR_THREADS_EXITED,
	NT_CTR_THREADS_LIVE,
	NT_CTR_THREADS_PEAK,
	NT_CTR_CREATE_FAILED,
	NT_CTR_HANDLES_OPEN,
	NT_CTR_HANDLES_PEAK,
	NT_CTR_COUNT
};

extern struct list_head nt_threads;
extern spinlock_t nt_threads_lock;

/* For the KUnit suites only (namespace NTTHREAD_INTERNAL). */
long ntthread_counter(enum nt_counter counter);
struct fault_attr *ntthread_fault_attr(enum nt_fault_site site);
struct nt_handle_table *ntthread_handle_table(bool cid);

void nt_stats_thread_created(struct nt_thread *thread,
			     unsigned long handle_pages,
			     unsigned long cid_pages);
void nt_stats_create_failed(NTSTATUS status);
void nt_stat_inc(enum nt_counter counter);
void nt_stat_dec(enum nt_counter counter);
int nt_stats_init(void);
void nt_stats_exit(void);

#endif /* _NTTHREAD_H */
