/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntthread's tracepoints: /sys/kernel/tracing/events/ntthread/.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ntthread

#if !defined(_NTTHREAD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTTHREAD_TRACE_H

#include <linux/tracepoint.h>

#include "compat.h"

/*
 * The events' fields have C's own types, not u32 or bool: their format
 * files name them, and bpftrace (and other tools that read the formats)
 * parses those with a C compiler that knows no kernel typedef unless the
 * kernel has BTF.
 */

/*
 * Statuses by name in the trace (hex for any other, STATUS_WAIT_0 + n of a
 * WaitAny included).  Literal numbers: the table is copied into the
 * events' format files, where trace-cmd and perf evaluate it, and those
 * know no NTSTATUS.
 */
#define NT_TRACE_STATUS(status)						\
	__print_symbolic((u32)(status),					\
			 { 0x00000000, "STATUS_SUCCESS" },		\
			 { 0x00000080, "STATUS_ABANDONED" },		\
			 { 0x000000c0, "STATUS_USER_APC" },		\
			 { 0x00000101, "STATUS_ALERTED" },		\
			 { 0x00000102, "STATUS_TIMEOUT" },		\
			 { 0x00000103, "STATUS_PENDING" },		\
			 { 0xc0000008, "STATUS_INVALID_HANDLE" },	\
			 { 0xc000000d, "STATUS_INVALID_PARAMETER" },	\
			 { 0xc0000017, "STATUS_NO_MEMORY" },		\
			 { 0xc0000022, "STATUS_ACCESS_DENIED" },	\
			 { 0xc0000024, "STATUS_OBJECT_TYPE_MISMATCH" },	\
			 { 0xc000009a, "STATUS_INSUFFICIENT_RESOURCES" }, \
			 { 0xc0000184, "STATUS_INVALID_DEVICE_STATE" },	\
			 { 0xc0000191, "STATUS_MUTANT_LIMIT_EXCEEDED" })

/* Dispatcher object types by name (the header's Type byte, ke.h). */
#define NT_TRACE_DISP_TYPE(type)					\
	__print_symbolic(type,						\
			 { 0, "NotificationEvent" },			\
			 { 1, "SynchronizationEvent" },			\
			 { 2, "Mutant" },				\
			 { 3, "Process" },				\
			 { 4, "Queue" },				\
			 { 5, "Semaphore" },				\
			 { 6, "Thread" },				\
			 { 8, "NotificationTimer" },			\
			 { 9, "SynchronizationTimer" })

/* A wait's time-out as text, once (this header is read more than once). */
#ifndef NT_TRACE_TIMEOUT
#define NT_TRACE_TIMEOUT
struct nt_kthread;

/*
 * What the events without a thread of their own name, so that events
 * join on it: the TID of @t, or of the caller if @me; 0 for a task with no
 * thread object (tracing never adopts one).  ps.c sets it while it is up
 * (trace is a leaf that every component uses); trace.c reads it.
 */
void nt_trace_set_tid_of(unsigned long (*tid_of)(const struct nt_kthread *t,
						 bool me));

static inline void nt_trace_timeout(char *text, bool infinite, s64 timeout)
{
	if (infinite)
		strscpy(text, "infinite", 24);
	else
		snprintf(text, 24, "%lld", timeout);
}
#endif

TRACE_EVENT(ntthread_thread_create,
	    TP_PROTO(unsigned long tid, void *routine, unsigned long handle),
	    TP_ARGS(tid, routine, handle),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(void *, routine)
			     __field(unsigned long, handle)),
	    TP_fast_assign(__entry->tid = tid;
			   __entry->routine = routine;
			   __entry->handle = handle;),
	    TP_printk("tid=%lu routine=%ps handle=0x%lx", __entry->tid,
		      __entry->routine, __entry->handle)
);

/* PsCreateSystemThread failed: the routine that would have run, and why. */
TRACE_EVENT(ntthread_thread_create_failed,
	    TP_PROTO(void *routine, s32 status),
	    TP_ARGS(routine, status),
	    TP_STRUCT__entry(__field(void *, routine)
			     __field(int, status)),
	    TP_fast_assign(__entry->routine = routine;
			   __entry->status = status;),
	    TP_printk("routine=%ps status=%s", __entry->routine,
		      NT_TRACE_STATUS(__entry->status))
);

TRACE_EVENT(ntthread_thread_start,
	    TP_PROTO(unsigned long tid),
	    TP_ARGS(tid),
	    TP_STRUCT__entry(__field(unsigned long, tid)),
	    TP_fast_assign(__entry->tid = tid;),
	    TP_printk("tid=%lu", __entry->tid)
);

TRACE_EVENT(ntthread_thread_exit,
	    TP_PROTO(unsigned long tid, s32 status),
	    TP_ARGS(tid, status),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(int, status)),
	    TP_fast_assign(__entry->tid = tid;
			   __entry->status = status;),
	    TP_printk("tid=%lu status=%s", __entry->tid,
		      NT_TRACE_STATUS(__entry->status))
);

DECLARE_EVENT_CLASS(ntthread_handle,
		    TP_PROTO(unsigned long handle, const char *type, u32 access),
		    TP_ARGS(handle, type, access),
		    TP_STRUCT__entry(__field(unsigned long, tid)
				     __field(unsigned long, handle)
				     __string(type, type)
				     __field(unsigned int, access)),
		    TP_fast_assign(__entry->tid = nt_trace_tid();
				   __entry->handle = handle;
				   nt_assign_str(type, type);
				   __entry->access = access;),
		    TP_printk("tid=%lu handle=0x%lx type=%s access=0x%08x",
			      __entry->tid, __entry->handle, __get_str(type),
			      __entry->access)
);

DEFINE_EVENT(ntthread_handle, ntthread_handle_create,
	     TP_PROTO(unsigned long handle, const char *type, u32 access),
	     TP_ARGS(handle, type, access)
);

DEFINE_EVENT(ntthread_handle, ntthread_handle_close,
	     TP_PROTO(unsigned long handle, const char *type, u32 access),
	     TP_ARGS(handle, type, access)
);

TRACE_EVENT(ntthread_object_free,
	    TP_PROTO(const void *object, const char *type),
	    TP_ARGS(object, type),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(const void *, object)
			     __string(type, type)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->object = object;
			   nt_assign_str(type, type);),
	    TP_printk("tid=%lu object=%p type=%s", __entry->tid,
		      __entry->object, __get_str(type))
);

TRACE_EVENT(ntthread_wait_begin,
	    TP_PROTO(u32 count, int wait_type, bool infinite, s64 timeout),
	    TP_ARGS(count, wait_type, infinite, timeout),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(unsigned int, count)
			     __field(int, wait_type)
			     __field(unsigned char, infinite)
			     __field(long long, timeout)
			     __array(char, timeout_text, 24)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->count = count;
			   __entry->wait_type = wait_type;
			   __entry->infinite = infinite;
			   __entry->timeout = timeout;
			   nt_trace_timeout(__entry->timeout_text, infinite, timeout);),
	    /* timeout: 100 ns units, negative relative, or "infinite". */
	    TP_printk("tid=%lu count=%u type=%s timeout=%s", __entry->tid,
		      __entry->count,
		      __print_symbolic(__entry->wait_type, { 0, "all" }, { 1, "any" }),
		      __entry->timeout_text)
);

TRACE_EVENT(ntthread_wait_end,
	    TP_PROTO(s32 status),
	    TP_ARGS(status),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(int, status)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->status = status;),
	    TP_printk("tid=%lu status=%s", __entry->tid,
		      NT_TRACE_STATUS(__entry->status))
);

/* Dispatcher objects (ke.c): signalled, acquired by a wait, abandoned. */
TRACE_EVENT(ntthread_object_signal,
	    TP_PROTO(const void *object, u8 type, s32 state),
	    TP_ARGS(object, type, state),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(const void *, object)
			     __field(unsigned char, type)
			     __field(int, state)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->object = object;
			   __entry->type = type;
			   __entry->state = state;),
	    TP_printk("tid=%lu object=%p type=%s state=%d", __entry->tid,
		      __entry->object, NT_TRACE_DISP_TYPE(__entry->type),
		      __entry->state)
);

/*
 * @tcb: the thread whose wait acquires @object, or (@caller) the caller,
 * found only when the event is on.
 */
TRACE_EVENT(ntthread_object_acquire,
	    TP_PROTO(const void *object, u8 type, const struct nt_kthread *tcb,
		     bool caller),
	    TP_ARGS(object, type, tcb, caller),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(const void *, object)
			     __field(unsigned char, type)),
	    TP_fast_assign(__entry->tid = nt_trace_thread_tid(tcb, caller);
			   __entry->object = object;
			   __entry->type = type;),
	    TP_printk("tid=%lu object=%p type=%s", __entry->tid,
		      __entry->object, NT_TRACE_DISP_TYPE(__entry->type))
);

/* @tcb, terminating, abandons @mutex. */
TRACE_EVENT(ntthread_mutex_abandon,
	    TP_PROTO(const void *mutex, const struct nt_kthread *tcb),
	    TP_ARGS(mutex, tcb),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(const void *, mutex)),
	    TP_fast_assign(__entry->tid = nt_trace_thread_tid(tcb, false);
			   __entry->mutex = mutex;),
	    TP_printk("tid=%lu mutex=%p", __entry->tid, __entry->mutex)
);

/* The executive pool (pool.c). */
TRACE_EVENT(ntthread_pool_alloc,
	    TP_PROTO(u32 tag, unsigned long size, const void *p, bool paged),
	    TP_ARGS(tag, size, p, paged),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(unsigned int, tag)
			     __field(unsigned long, size)
			     __field(const void *, p)
			     __field(unsigned char, paged)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->tag = tag;
			   __entry->size = size;
			   __entry->p = p;
			   __entry->paged = paged;),
	    TP_printk("tid=%lu tag=0x%08x size=%lu p=%p type=%s", __entry->tid,
		      __entry->tag,
		      __entry->size, __entry->p,
		      __entry->paged ? "Paged" : "Nonp")
);

TRACE_EVENT(ntthread_pool_free,
	    TP_PROTO(u32 tag, unsigned long size, const void *p),
	    TP_ARGS(tag, size, p),
	    TP_STRUCT__entry(__field(unsigned long, tid)
			     __field(unsigned int, tag)
			     __field(unsigned long, size)
			     __field(const void *, p)),
	    TP_fast_assign(__entry->tid = nt_trace_tid();
			   __entry->tag = tag;
			   __entry->size = size;
			   __entry->p = p;),
	    TP_printk("tid=%lu tag=0x%08x size=%lu p=%p", __entry->tid,
		      __entry->tag, __entry->size, __entry->p)
);

#endif /* _NTTHREAD_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
