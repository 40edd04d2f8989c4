// SPDX-License-Identifier: GPL-2.0
/*
 * Process and thread manager: the System process, thread objects over the
 * dispatcher's KTHREAD, PsCreateSystemThread/PsTerminateSystemThread and
 * thread queries.
 *
 * A thread's life: PsCreateSystemThread allocates the object (one
 * reference: the running thread's own), takes a TID from the CID table,
 * has the dispatcher create the kthread without waking it, opens the
 * caller's handle (a second reference), fills in its statistics, lists
 * it, and only then wakes the kthread.  The kthread runs the start
 * routine; when it returns, or the routine calls PsTerminateSystemThread,
 * the exit status is stored, the object is signalled, the thread drops
 * its own reference and the kthread exits.  So a waiter released by the
 * signal may still see the thread's own reference for a moment.  The
 * object (and its TID) goes with the last handle or reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "fault.h"
#include "notify.h"
#include "ps.h"
#include "report.h"
#include "trace.h"

#define NT_SYSTEM_PID		((HANDLE)4)

static_assert(offsetof(struct nt_thread, tcb) == 0);

static void nt_thread_delete(void *body);
static void *nt_thread_current(void);
static void *nt_process_current(void);
static bool nt_thread_in_use(void *body);
static bool nt_process_in_use(void *body);

struct nt_object_type nt_thread_type = {
	.name = "Thread",
	.cache_name = "nt_thread",
	.body_size = sizeof(struct nt_thread),
	.valid_access = THREAD_ALL_ACCESS,
	.delete = nt_thread_delete,
	.pseudo_handle = NtCurrentThread(),
	.resolve = nt_thread_current,
	.in_use = nt_thread_in_use,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | THREAD_GET_CONTEXT |
			       THREAD_QUERY_INFORMATION,
		.GenericWrite = STANDARD_RIGHTS_WRITE | THREAD_TERMINATE |
				THREAD_SUSPEND_RESUME | THREAD_ALERT |
				THREAD_SET_INFORMATION | THREAD_SET_CONTEXT,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = THREAD_ALL_ACCESS,
	},
};

struct nt_object_type nt_process_type = {
	.name = "Process",
	.cache_name = "nt_process",
	.body_size = sizeof(struct nt_process),
	.valid_access = PROCESS_ALL_ACCESS,
	.pseudo_handle = NtCurrentProcess(),
	.resolve = nt_process_current,
	.in_use = nt_process_in_use,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | PROCESS_VM_READ |
			       PROCESS_QUERY_INFORMATION,
		.GenericWrite = STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS |
				PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
				PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
				PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
				PROCESS_SUSPEND_RESUME,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = PROCESS_ALL_ACCESS,
	},
};

static POBJECT_TYPE nt_thread_type_ptr = &nt_thread_type;
static POBJECT_TYPE nt_process_type_ptr = &nt_process_type;

POBJECT_TYPE *PsThreadType = &nt_thread_type_ptr;
EXPORT_SYMBOL_GPL(PsThreadType);
POBJECT_TYPE *PsProcessType = &nt_process_type_ptr;
EXPORT_SYMBOL_GPL(PsProcessType);

static struct nt_handle_table nt_cid_table;
struct nt_process *nt_system_process;
PEPROCESS PsInitialSystemProcess;
EXPORT_SYMBOL_GPL(PsInitialSystemProcess);

LIST_HEAD(nt_threads);
DEFINE_RAW_SPINLOCK(nt_threads_lock);

/* The layer's thread object of the caller, or NULL in any other thread. */
struct nt_thread *nt_current_thread(void)
{
	struct nt_kthread *tcb = nt_ke_current_thread();

	return tcb ? container_of(tcb, struct nt_thread, tcb) : NULL;
}

/* For the trace events (trace.h): the caller is peeked at, never adopted. */
static unsigned long nt_ps_trace_tid(const struct nt_kthread *tcb,
				     bool caller)
{
	if (caller)
		tcb = nt_ke_current_thread_peek();
	return tcb ? (unsigned long)container_of(tcb, struct nt_thread,
						 tcb)->cid.UniqueThread : 0;
}

static void *nt_thread_current(void)
{
	return nt_current_thread();
}

static void *nt_process_current(void)
{
	return nt_system_process;
}

/* Started and not yet terminated: it holds a reference of its own. */
static bool nt_thread_in_use(void *body)
{
	struct nt_thread *thread = body;

	return READ_ONCE(thread->on_list) &&
	       !nt_ke_thread_terminated(&thread->tcb);
}

/* The System process lives until the module's exit drops it. */
static bool nt_process_in_use(void *body)
{
	return body == READ_ONCE(nt_system_process);
}

/* The CID table, for the debugfs views. */
struct nt_handle_table *nt_ps_cid_table(void)
{
	return &nt_cid_table;
}

/**
 * ntthread_handle_table() - a handle table, for the tests to inspect
 * @cid: true for the CID table, false for the kernel handle table
 *
 * Context: any context.
 * Return: the table.
 */
struct nt_handle_table *ntthread_handle_table(bool cid)
{
	return cid ? &nt_cid_table : nt_ob_kernel_handle_table();
}
EXPORT_SYMBOL_NS_GPL(ntthread_handle_table, NT_NS_INTERNAL);

static struct nt_thread *nt_thread_checked(PETHREAD thread)
{
	if (nt_ob_type_of(thread) != &nt_thread_type)
		return NULL;
	return thread;
}

void (*nt_ps_delete_hook)(struct nt_thread *thread);

/* Last reference gone: the TID and the list entry go with the object. */
static void nt_thread_delete(void *body)
{
	void (*hook)(struct nt_thread *thread) = READ_ONCE(nt_ps_delete_hook);
	struct nt_thread *thread = body;
	unsigned long flags;

	if (hook)
		hook(thread);
	if (thread->flags & NT_THREAD_ADOPTED)
		nt_stat_dec(NT_CTR_ADOPTED_LIVE);
	if (thread->cid.UniqueThread)
		nt_handle_remove(&nt_cid_table,
				 nt_cid_index(thread->cid.UniqueThread), NULL);
	if (thread->on_list) {
		raw_spin_lock_irqsave(&nt_threads_lock, flags);
		list_del_rcu(&thread->link);
		raw_spin_unlock_irqrestore(&nt_threads_lock, flags);
	}
	nt_ke_release_thread(&thread->tcb);
}

/*
 * Threads that have terminated, whose own references the reaper drops
 * once their kthreads are in do_exit() (PspReaper): until then an
 * interrupt may still find the object through PsGetCurrentThread().
 */
static LLIST_HEAD(nt_reap_list);

static void nt_thread_reap(struct work_struct *work)
{
	struct nt_thread *thread, *next;

	llist_for_each_entry_safe(thread, next, llist_del_all(&nt_reap_list),
				  reap) {
		nt_ke_stop_thread(&thread->tcb);
		nt_ob_put(nt_ob_header(thread));
	}
}

static DECLARE_WORK(nt_reap_work, nt_thread_reap);

static void __noreturn nt_thread_exit(struct nt_thread *thread,
				      NTSTATUS status)
{
	/* Thread notify routines run at PASSIVE_LEVEL, in the exiting thread. */
	if (nt_at_passive())
		nt_notify_thread(thread->cid.UniqueProcess,
				 thread->cid.UniqueThread, FALSE);
	trace_ntthread_thread_exit((unsigned long)thread->cid.UniqueThread,
				   status);
	/* The status is stored before the object is signalled. */
	WRITE_ONCE(thread->exit_status, status);
	nt_ke_terminate_thread(&thread->tcb);
	nt_stat_inc(NT_CTR_THREADS_EXITED);
	nt_stat_dec(NT_CTR_THREADS_LIVE);
	/* The reaper runs module code: unload flushes it (nt_ps_exit()). */
	if (llist_add(&thread->reap, &nt_reap_list))
		schedule_work(&nt_reap_work);
	/* A system worker holds no module reference (nt_ps_create_worker()). */
	if (thread->flags & NT_THREAD_WORKER)
		kthread_complete_and_exit(NULL, 0);
	module_put_and_kthread_exit(0);
}

/* What the kthread runs (PspSystemThreadStartup). */
static void nt_thread_startup(struct nt_kthread *tcb)
{
	struct nt_thread *thread = container_of(tcb, struct nt_thread, tcb);

	trace_ntthread_thread_start((unsigned long)thread->cid.UniqueThread);
	thread->start_routine(thread->start_context);
	nt_thread_exit(thread, STATUS_SUCCESS);
}

/*
 * A new thread's bytes per site, each read from the allocation itself:
 * the slab cache's object size, the table pages really added, ksize() of
 * the task and its kthread data.
 */
static void nt_thread_account(struct nt_thread *thread,
			      unsigned long handle_pages,
			      unsigned long cid_pages)
{
	unsigned long page = nt_handle_page_size();
	struct task_struct *task = thread->tcb.task;
	unsigned long *bytes = thread->bytes;

	bytes[NT_SITE_OBJECT] = kmem_cache_size(nt_thread_type.cache);
	bytes[NT_SITE_HANDLE] = sizeof(struct nt_handle_entry) +
				handle_pages * page;
	bytes[NT_SITE_CID] = sizeof(struct nt_handle_entry) + cid_pages * page;
	bytes[NT_SITE_TEB] = 0;
	bytes[NT_SITE_STACK] = THREAD_SIZE +
			       (IS_ENABLED(CONFIG_VMAP_STACK) ? PAGE_SIZE : 0);
	bytes[NT_SITE_TASK] = ksize(task) +
			      (task->worker_private ? ksize(task->worker_private) : 0);
	nt_stats_sites_add(bytes);
	nt_stat_inc(NT_CTR_THREADS_CREATED);
	nt_stat_inc(NT_CTR_THREADS_LIVE);
}

/**
 * ntthread_thread_name() - the name of a thread object's kthread
 * @buf: receives the name, TASK_COMM_LEN bytes
 * @tid: the thread's TID
 * @routine: its start routine
 *
 * "<routine>/<tid>", the routine's name cut to fit, or "nt/<tid>" when
 * kallsyms does not know the routine: never its address, which any user
 * could read in /proc/<pid>/comm.
 *
 * Context: process context.
 */
void ntthread_thread_name(char *buf, HANDLE tid, PKSTART_ROUTINE routine)
{
	char sym[KSYM_SYMBOL_LEN], id[TASK_COMM_LEN];
	size_t len;

	len = scnprintf(id, sizeof(id), "/%lu", (unsigned long)tid);
	sprint_symbol_no_offset(sym, (unsigned long)routine);
	/* Unknown: "0x..."; a module's: "name [module]". */
	if (!strncmp(sym, "0x", 2))
		strscpy(sym, "nt", sizeof(sym));
	len = min(strcspn(sym, " "), TASK_COMM_LEN - 1 - len);
	memcpy(buf, sym, len);
	strscpy(buf + len, id, TASK_COMM_LEN - len);
}
EXPORT_SYMBOL_NS_GPL(ntthread_thread_name, NT_NS_INTERNAL);

static NTSTATUS nt_thread_create(PHANDLE handle, ACCESS_MASK access,
				 PCLIENT_ID client_id, PKSTART_ROUTINE routine,
				 PVOID context, unsigned long flags_extra)
{
	unsigned long flags, handle_pages = 0, cid_pages = 0;
	char name[TASK_COMM_LEN];
	struct nt_thread *thread;
	NTSTATUS status;
	u32 tid;

	if (nt_should_fail(NT_FAULT_THREAD_OBJECT))
		return STATUS_INSUFFICIENT_RESOURCES;
	thread = nt_ob_create(&nt_thread_type);
	if (!thread)
		return STATUS_INSUFFICIENT_RESOURCES;
	thread->exit_status = STATUS_PENDING;
	thread->start_routine = routine;
	thread->start_context = context;
	thread->flags = NT_THREAD_SYSTEM | flags_extra;
	thread->cid.UniqueProcess = NT_SYSTEM_PID;

	status = STATUS_INSUFFICIENT_RESOURCES;
	if (nt_handle_insert(&nt_cid_table, nt_ob_header(thread), 0, &tid,
			     &cid_pages))
		goto err_put_object;
	thread->cid.UniqueThread = (HANDLE)((unsigned long)tid << 2);

	ntthread_thread_name(name, thread->cid.UniqueThread, routine);
	if (nt_ke_init_thread(&thread->tcb, nt_thread_startup, name))
		goto err_put_object;

	status = nt_ob_insert_handle(thread, access, handle, &handle_pages);
	if (!NT_SUCCESS(status))
		goto err_discard_thread;

	/*
	 * The running thread executes this module's code until it exits; a
	 * system worker, which the module's exit stops, does not pin it.
	 */
	if (!(thread->flags & NT_THREAD_WORKER))
		__module_get(THIS_MODULE);
	/*
	 * Fill in the statistics before the thread is listed: the readers of
	 * nt_threads (debugfs) see only complete rows.  list_add_tail_rcu()
	 * publishes with release semantics.
	 */
	nt_thread_account(thread, handle_pages, cid_pages);
	raw_spin_lock_irqsave(&nt_threads_lock, flags);
	list_add_tail_rcu(&thread->link, &nt_threads);
	WRITE_ONCE(thread->on_list, true);
	raw_spin_unlock_irqrestore(&nt_threads_lock, flags);
	trace_ntthread_thread_create((unsigned long)thread->cid.UniqueThread,
				     routine, (unsigned long)*handle);
	if (client_id)
		*client_id = thread->cid;
	/* In the creating thread, before the new one runs (it may exit at once). */
	nt_notify_thread(thread->cid.UniqueProcess, thread->cid.UniqueThread,
			 TRUE);
	wake_up_process(thread->tcb.task);
	return STATUS_SUCCESS;

err_discard_thread:
	nt_ke_stop_thread(&thread->tcb);
err_put_object:
	nt_ob_put(nt_ob_header(thread));
	return status;
}

/**
 * nt_ps_create_worker() - start one of the layer's own system worker threads
 * @routine: what it runs; it must return (not PsTerminateSystemThread())
 * @context: its argument
 * @thread: receives its object, referenced
 *
 * A system thread like any other (listed, counted, PsIsSystemThread()),
 * except that it holds no reference to the module: the module's exit
 * makes it return, and waits until the reaper has dropped its own
 * reference (its kthread has exited) before nt_ps_exit().
 *
 * Context: process context, may sleep.
 * Return: STATUS_SUCCESS, or PsCreateSystemThread()'s failure status.
 */
NTSTATUS nt_ps_create_worker(PKSTART_ROUTINE routine, PVOID context,
			     PETHREAD *thread)
{
	PVOID object = NULL;
	NTSTATUS status;
	HANDLE handle;

	status = nt_thread_create(&handle, THREAD_ALL_ACCESS, NULL, routine,
				  context, NT_THREAD_WORKER);
	if (!NT_SUCCESS(status))
		return status;
	status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType,
					   KernelMode, &object, NULL);
	ZwClose(handle);
	*thread = object;
	return status;
}

/* ProcessHandle names the System process, or the call fails. */
static NTSTATUS nt_check_process_handle(HANDLE process)
{
	NTSTATUS status;
	PVOID object;

	if (!process || process == NtCurrentProcess())
		return STATUS_SUCCESS;
	status = ObReferenceObjectByHandle(process, PROCESS_CREATE_THREAD,
					   *PsProcessType, KernelMode, &object,
					   NULL);
	if (NT_SUCCESS(status))
		ObDereferenceObject(object);
	return status;
}

/**
 * PsCreateSystemThread() - create a system thread running @StartRoutine
 * @ThreadHandle: receives a kernel handle to the thread object
 * @DesiredAccess: the access the handle grants (generic rights and
 *		   MAXIMUM_ALLOWED are mapped; THREAD_ALL_ACCESS is 0x1FFFFF)
 * @ObjectAttributes: NULL, or attributes with Length set; OBJ_PERMANENT,
 *		      OBJ_EXCLUSIVE and OBJ_OPENIF are invalid for threads
 * @ProcessHandle: NULL, NtCurrentProcess() or a handle to the System process
 * @ClientId: if not NULL, receives { 4, the new TID }
 * @StartRoutine: the thread's routine; returning from it terminates the
 *		  thread with STATUS_SUCCESS
 * @StartContext: its argument
 *
 * The kthread is named after @StartRoutine.  The handle is always a kernel
 * handle, as on Vista and later.  On failure nothing is left behind.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL
 * @ThreadHandle or @StartRoutine or bad @ObjectAttributes;
 * STATUS_INVALID_HANDLE or STATUS_OBJECT_TYPE_MISMATCH for a bad
 * @ProcessHandle; STATUS_INSUFFICIENT_RESOURCES when memory, TIDs or
 * handles run out; STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes,
			      HANDLE ProcessHandle, PCLIENT_ID ClientId,
			      PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
	NTSTATUS status;

	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	status = STATUS_INVALID_PARAMETER;
	if (!ThreadHandle || !StartRoutine)
		goto out;
	if (ObjectAttributes &&
	    (ObjectAttributes->Length != sizeof(*ObjectAttributes) ||
	     (ObjectAttributes->Attributes & ~OBJ_VALID_ATTRIBUTES) ||
	     (ObjectAttributes->Attributes &
	      (OBJ_PERMANENT | OBJ_EXCLUSIVE | OBJ_OPENIF))))
		goto out;
	status = nt_check_process_handle(ProcessHandle);
	if (!NT_SUCCESS(status))
		goto out;
	might_sleep();
	status = nt_thread_create(ThreadHandle,
				  nt_ob_map_access(&nt_thread_type, DesiredAccess),
				  ClientId, StartRoutine, StartContext, 0);
out:
	if (!NT_SUCCESS(status)) {
		nt_stats_create_failed(status);
		trace_ntthread_thread_create_failed(StartRoutine, status);
	}
	return status;
}
EXPORT_SYMBOL_GPL(PsCreateSystemThread);

/**
 * PsTerminateSystemThread() - end the calling system thread
 * @ExitStatus: the thread's exit status
 *
 * Stores @ExitStatus, signals the thread object (releasing its waiters),
 * drops the thread's own reference to it and exits the kthread.
 *
 * Context: process context (PASSIVE_LEVEL), in a thread created by
 * PsCreateSystemThread().
 * Return: never returns when called by such a thread.  Called by any
 * other thread (adopted ones, and the system workers that run work items,
 * included) it returns
 * STATUS_INVALID_PARAMETER and the caller runs on; in atomic context it
 * returns STATUS_INVALID_DEVICE_STATE.
 */
NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus)
{
	struct nt_thread *thread = nt_current_thread();

	if (!thread || (thread->flags & (NT_THREAD_ADOPTED | NT_THREAD_WORKER))) {
		pr_warn_once("%s called by %s[%d], which is not a system thread of this layer\n",
			     __func__, current->comm, task_pid_nr(current));
		return STATUS_INVALID_PARAMETER;
	}
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	nt_thread_exit(thread, ExitStatus);
}
EXPORT_SYMBOL_GPL(PsTerminateSystemThread);

/**
 * PsGetCurrentThread() - the calling thread's object
 *
 * A task this layer did not create (insmod, a workqueue worker, a user
 * process calling in) gets a thread object, with a TID, on its first
 * call at PASSIVE_LEVEL; it is signalled when the task exits and freed
 * with its last reference, as any thread's (adopt.c).
 *
 * Context: any context.  In an interrupt, the object of the interrupted
 * task, if it has one.
 * Return: the object (no reference is taken); NULL in a task whose first
 * call comes at DISPATCH_LEVEL, in an interrupt that interrupted a task
 * without an object, and in a task that has entered do_exit() without
 * one (a layer thread's included: its own reference may be gone there).
 */
PETHREAD PsGetCurrentThread(void)
{
	return nt_current_thread();
}
EXPORT_SYMBOL_GPL(PsGetCurrentThread);

/**
 * PsGetCurrentThreadId() - the calling thread's TID
 *
 * Context: any context.
 * Return: the TID (a multiple of 4) of PsGetCurrentThread()'s object;
 * NULL where that is NULL: a Linux PID is never passed off as a TID.
 */
HANDLE PsGetCurrentThreadId(void)
{
	struct nt_thread *thread = nt_current_thread();

	return thread ? thread->cid.UniqueThread : NULL;
}
EXPORT_SYMBOL_GPL(PsGetCurrentThreadId);

/**
 * PsGetThreadId() - a thread's TID
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: the TID; NULL for a NULL or non-thread object (logged once).
 */
HANDLE PsGetThreadId(PETHREAD Thread)
{
	struct nt_thread *thread = nt_thread_checked(Thread);

	if (!thread) {
		nt_bugcheck_once("%p is not a thread object", Thread);
		return NULL;
	}
	return thread->cid.UniqueThread;
}
EXPORT_SYMBOL_GPL(PsGetThreadId);

/**
 * PsGetThreadProcessId() - the PID of a thread's process
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: 4 (System); NULL for a NULL or non-thread object.
 */
HANDLE PsGetThreadProcessId(PETHREAD Thread)
{
	struct nt_thread *thread = nt_thread_checked(Thread);

	if (!thread) {
		nt_bugcheck_once("%p is not a thread object", Thread);
		return NULL;
	}
	return thread->cid.UniqueProcess;
}
EXPORT_SYMBOL_GPL(PsGetThreadProcessId);

/**
 * PsGetCurrentProcess() - the current process: always the System process
 *
 * Kernel code runs in the System process's context here, in every thread.
 *
 * Context: any context.
 * Return: PsInitialSystemProcess.
 */
PEPROCESS PsGetCurrentProcess(void)
{
	return nt_system_process;
}
EXPORT_SYMBOL_GPL(PsGetCurrentProcess);

/**
 * IoGetCurrentProcess() - as PsGetCurrentProcess()
 *
 * Context: any context.
 * Return: PsInitialSystemProcess.
 */
PEPROCESS IoGetCurrentProcess(void)
{
	return nt_system_process;
}
EXPORT_SYMBOL_GPL(IoGetCurrentProcess);

/**
 * PsGetCurrentProcessId() - the current process's PID
 *
 * Context: any context.
 * Return: 4, the System process's PID, in every thread.
 */
HANDLE PsGetCurrentProcessId(void)
{
	return NT_SYSTEM_PID;
}
EXPORT_SYMBOL_GPL(PsGetCurrentProcessId);

/**
 * PsGetProcessId() - a process's PID
 * @Process: the process object
 *
 * Context: any context.
 * Return: the PID; NULL for a NULL or non-process object (logged once).
 */
HANDLE PsGetProcessId(PEPROCESS Process)
{
	if (nt_ob_type_of(Process) != &nt_process_type) {
		nt_bugcheck_once("%p is not a process object", Process);
		return NULL;
	}
	return Process->pid;
}
EXPORT_SYMBOL_GPL(PsGetProcessId);

/**
 * PsIsSystemThread() - was the thread created as a system thread?
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: TRUE for every thread of this layer and for an adopted kernel
 * thread (a workqueue worker); FALSE for an adopted user task, for NULL
 * or a non-thread object.
 */
BOOLEAN PsIsSystemThread(PETHREAD Thread)
{
	struct nt_thread *thread = nt_thread_checked(Thread);

	return thread && (thread->flags & NT_THREAD_SYSTEM);
}
EXPORT_SYMBOL_GPL(PsIsSystemThread);

/**
 * PsIsThreadTerminating() - has the thread terminated?
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: TRUE once the thread has terminated; FALSE while it runs, and
 * for NULL or a non-thread object.
 */
BOOLEAN PsIsThreadTerminating(PETHREAD Thread)
{
	struct nt_thread *thread = nt_thread_checked(Thread);

	return thread && nt_ke_thread_terminated(&thread->tcb);
}
EXPORT_SYMBOL_GPL(PsIsThreadTerminating);

/**
 * PsGetThreadExitStatus() - a thread's exit status
 * @Thread: the thread object
 *
 * Context: any context.
 * Return: STATUS_PENDING while the thread runs, then its exit status;
 * STATUS_INVALID_PARAMETER for NULL or a non-thread object.
 */
NTSTATUS PsGetThreadExitStatus(PETHREAD Thread)
{
	struct nt_thread *thread = nt_thread_checked(Thread);

	if (!thread)
		return STATUS_INVALID_PARAMETER;
	return READ_ONCE(thread->exit_status);
}
EXPORT_SYMBOL_GPL(PsGetThreadExitStatus);

/**
 * PsLookupThreadByThreadId() - reference a thread by its TID
 * @ThreadId: the TID (the two low tag bits are ignored)
 * @Thread: receives the referenced thread object
 *
 * A terminated thread is found while its object is still held.  Drop the
 * reference with ObDereferenceObject().
 *
 * Context: any context; lock-free.
 * Return: STATUS_SUCCESS; STATUS_INVALID_CID for an unknown TID or one
 * that names a process; STATUS_INVALID_PARAMETER if @Thread is NULL.
 */
NTSTATUS PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread)
{
	struct nt_object_header *header;

	if (!Thread)
		return STATUS_INVALID_PARAMETER;
	*Thread = NULL;
	if ((unsigned long)ThreadId >= (unsigned long)NT_HT_MAX_INDEX << 2)
		return STATUS_INVALID_CID;
	header = nt_ob_lookup(&nt_cid_table, nt_cid_index(ThreadId), NULL);
	if (!header)
		return STATUS_INVALID_CID;
	if (header->type != &nt_thread_type) {
		nt_ob_put(header);
		return STATUS_INVALID_CID;
	}
	*Thread = nt_ob_body(header);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(PsLookupThreadByThreadId);

/* A running thread whose start routine lies in @mod, referenced; or NULL. */
static struct nt_thread *nt_thread_in_module(struct module *mod)
{
	struct nt_thread *thread, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(thread, &nt_threads, link) {
		if (!PsIsThreadTerminating(thread) &&
		    within_module((unsigned long)thread->start_routine, mod) &&
		    nt_ob_tryget(nt_ob_header(thread))) {
			found = thread;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static unsigned int unload_warn_secs = 10;
module_param(unload_warn_secs, uint, 0644);
MODULE_PARM_DESC(unload_warn_secs,
		 "seconds between warnings while an unload waits for a driver's thread (10)");

/*
 * A driver is being unloaded while one of its threads still runs its
 * code: Windows bug checks (DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_
 * OPERATIONS, 0xCE).  Here the unload waits for the thread, naming it,
 * and warns every unload_warn_secs.
 */
static int nt_module_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;
	struct nt_thread *thread;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	while ((thread = nt_thread_in_module(mod))) {
		pr_warn("module %s is going away while thread %lu (%pS) runs its code: waiting for the thread to end\n",
			mod->name, (unsigned long)thread->cid.UniqueThread,
			thread->start_routine);
		while (nt_wait_timeout(thread, max(READ_ONCE(unload_warn_secs), 1U) *
				       10000000LL) == STATUS_TIMEOUT)
			pr_warn("still waiting for thread %lu (%pS)\n",
				(unsigned long)thread->cid.UniqueThread,
				thread->start_routine);
		nt_ob_put(nt_ob_header(thread));
	}
	return NOTIFY_DONE;
}

static struct notifier_block nt_module_nb = {
	.notifier_call = nt_module_notify,
};

int nt_ps_init(void)
{
	struct nt_process *system;
	u32 pid;
	int ret;

	ret = nt_ob_type_register(&nt_thread_type);
	if (ret)
		goto err;
	ret = nt_ob_type_register(&nt_process_type);
	if (ret)
		goto err_unregister_thread;
	ret = nt_handle_table_init(&nt_cid_table);
	if (ret)
		goto err_unregister_process;
	nt_handle_table_set_strict_fifo(&nt_cid_table);
	system = nt_ob_create(&nt_process_type);
	if (!system) {
		ret = -ENOMEM;
		goto err_destroy_cid;
	}
	nt_dispatcher_init_header(&system->header, NT_DISP_PROCESS, 0, 0);
	/* The first CID is index 1: the System process is PID 4. */
	ret = nt_handle_insert(&nt_cid_table, nt_ob_header(system), 0, &pid,
			       NULL);
	if (ret)
		goto err_put_system;
	system->pid = (HANDLE)((unsigned long)pid << 2);
	nt_system_process = system;
	PsInitialSystemProcess = system;
	ret = register_module_notifier(&nt_module_nb);
	if (ret)
		goto err_remove_pid;
	nt_trace_set_tid_of(nt_ps_trace_tid);
	return 0;

err_remove_pid:
	nt_handle_remove(&nt_cid_table, pid, NULL);
	nt_system_process = NULL;
	PsInitialSystemProcess = NULL;
err_put_system:
	nt_ob_put(nt_ob_header(system));
err_destroy_cid:
	nt_handle_table_destroy(&nt_cid_table);
err_unregister_process:
	nt_ob_type_unregister(&nt_process_type);
err_unregister_thread:
	nt_ob_type_unregister(&nt_thread_type);
err:
	return ret;
}

/*
 * Module exit.  No thread runs (each holds a module reference); handles
 * that drivers left open are closed, and objects that leaked references
 * are freed, each with a warning: their holders are unloaded already.
 */
void nt_ps_exit(void)
{
	struct nt_process *system = nt_system_process;
	struct nt_thread *thread;

	nt_trace_set_tid_of(NULL);
	unregister_module_notifier(&nt_module_nb);
	/* Every thread has queued itself before dropping its module reference. */
	flush_work(&nt_reap_work);
	nt_ob_close_all_handles();
	for (;;) {
		raw_spin_lock_irq(&nt_threads_lock);
		thread = list_first_entry_or_null(&nt_threads, struct nt_thread,
						  link);
		raw_spin_unlock_irq(&nt_threads_lock);
		if (!thread)
			break;
		pr_warn("thread %lu (%ps) leaked %u references; freeing it\n",
			(unsigned long)thread->cid.UniqueThread,
			thread->start_routine,
			refcount_read(&nt_ob_header(thread)->pointer_count));
		refcount_set(&nt_ob_header(thread)->pointer_count, 1);
		nt_ob_put(nt_ob_header(thread));
	}
	nt_handle_remove(&nt_cid_table, nt_cid_index(system->pid), NULL);
	nt_system_process = NULL;
	PsInitialSystemProcess = NULL;
	nt_ob_put(nt_ob_header(system));
	nt_handle_table_destroy(&nt_cid_table);
	nt_ob_type_unregister(&nt_process_type);
	nt_ob_type_unregister(&nt_thread_type);
}
