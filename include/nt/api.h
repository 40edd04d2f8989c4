/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NT routines ntthread.ko exports.  Context rules are in the kernel-doc
 * of each definition; in short, PASSIVE_LEVEL means "process context that
 * may sleep" and DISPATCH_LEVEL means "atomic context".
 */
#ifndef _NT_API_H
#define _NT_API_H

#include <linux/build_bug.h>
#include <linux/printk.h>
#include <nt/types.h>
#include <nt/status.h>
#include <nt/access.h>

typedef struct _ACCESS_STATE *PACCESS_STATE;

extern POBJECT_TYPE *PsThreadType;
extern POBJECT_TYPE *PsProcessType;
extern POBJECT_TYPE *ExEventObjectType;
extern PEPROCESS PsInitialSystemProcess;

/* Process and thread manager (Ps) */
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes,
			      HANDLE ProcessHandle, PCLIENT_ID ClientId,
			      PKSTART_ROUTINE StartRoutine, PVOID StartContext);
NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus);
PETHREAD PsGetCurrentThread(void);
PKTHREAD KeGetCurrentThread(void);
HANDLE PsGetCurrentThreadId(void);
HANDLE PsGetThreadId(PETHREAD Thread);
HANDLE PsGetThreadProcessId(PETHREAD Thread);
PEPROCESS PsGetCurrentProcess(void);
PEPROCESS IoGetCurrentProcess(void);
HANDLE PsGetCurrentProcessId(void);
HANDLE PsGetProcessId(PEPROCESS Process);
BOOLEAN PsIsSystemThread(PETHREAD Thread);
BOOLEAN PsIsThreadTerminating(PETHREAD Thread);
NTSTATUS PsGetThreadExitStatus(PETHREAD Thread);
NTSTATUS PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread);

/* Object manager (Ob) */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType,
				   KPROCESSOR_MODE AccessMode, PVOID *Object,
				   POBJECT_HANDLE_INFORMATION HandleInformation);
NTSTATUS ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
				    POBJECT_TYPE ObjectType,
				    KPROCESSOR_MODE AccessMode);
LONG_PTR ObfReferenceObject(PVOID Object);
LONG_PTR ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(o)	ObfReferenceObject(o)
#define ObDereferenceObject(o)	ObfDereferenceObject(o)
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
			       PACCESS_STATE PassedAccessState,
			       ACCESS_MASK DesiredAccess,
			       POBJECT_TYPE ObjectType,
			       KPROCESSOR_MODE AccessMode, PHANDLE Handle);
NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE PreviousMode);
NTSTATUS ZwClose(HANDLE Handle);
NTSTATUS NtClose(HANDLE Handle);

/* Kernel dispatcher (Ke) */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
			       KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout);
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[],
				  WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
				  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				  PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray);
NTSTATUS ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout);
VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG KeResetEvent(PRKEVENT Event);
VOID KeClearEvent(PRKEVENT Event);
LONG KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG KeReadStateEvent(PRKEVENT Event);

NTSTATUS ZwWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
				  WAIT_TYPE WaitType, BOOLEAN Alertable,
				  PLARGE_INTEGER Timeout);

/* Event objects with handles and names (Ex, Io) */
NTSTATUS ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes,
		       EVENT_TYPE EventType, BOOLEAN InitialState);
NTSTATUS ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
		     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS ZwSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS ZwResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS ZwClearEvent(HANDLE EventHandle);
NTSTATUS ZwPulseEvent(HANDLE EventHandle, PLONG PreviousState);
PKEVENT IoCreateNotificationEvent(PUNICODE_STRING EventName,
				  PHANDLE EventHandle);
PKEVENT IoCreateSynchronizationEvent(PUNICODE_STRING EventName,
				     PHANDLE EventHandle);

VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit);
LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment,
			LONG Adjustment, BOOLEAN Wait);
LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore);

VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level);
LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait);
LONG KeReadStateMutex(PRKMUTEX Mutex);

VOID KeInitializeTimer(PKTIMER Timer);
VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type);
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period,
		     PKDPC Dpc);
BOOLEAN KeCancelTimer(PKTIMER Timer);
BOOLEAN KeReadStateTimer(PKTIMER Timer);

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
		     PVOID DeferredContext);
VOID KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
			     PVOID DeferredContext);
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
			 PVOID SystemArgument2);
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc);
VOID KeFlushQueuedDpcs(void);
VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number);

VOID KeInitializeQueue(PRKQUEUE Queue, ULONG Count);
LONG KeInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry);
LONG KeInsertHeadQueue(PRKQUEUE Queue, PLIST_ENTRY Entry);
PLIST_ENTRY KeRemoveQueue(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
			  PLARGE_INTEGER Timeout);
PLIST_ENTRY KeRundownQueue(PRKQUEUE Queue);
LONG KeReadStateQueue(PRKQUEUE Queue);

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				PLARGE_INTEGER Interval);
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
KPRIORITY KeQueryPriorityThread(PKTHREAD Thread);
KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority);
KIRQL KeGetCurrentIrql(void);

/*
 * MSVC accepts a PETHREAD * or an array of PKEVENT where these routines
 * take a PVOID *, and real drivers pass them; the kernel's
 * -Werror=incompatible-pointer-types rejects the conversion.  These macros
 * accept any pointer to a pointer (and NULL), as MSVC does, and still
 * reject anything else at compile time.  Write (ObReferenceObjectByHandle)
 * to reach the function itself.
 */
#define __nt_pp_type(p)							\
	__typeof__(__builtin_choose_expr(				\
		__builtin_types_compatible_p(__typeof__(p), void *),	\
		(void **)0, &*(p)))
#ifdef __CHECKER__	/* sparse knows neither builtin: it checks the rest */
#define __nt_pvoid_ptr(p)	((PVOID *)(p))
#else
#define __nt_pvoid_ptr(p) ({					\
	__auto_type __nt_p = (p);					\
									\
	BUILD_BUG_ON_MSG(__builtin_classify_type(*(__nt_pp_type(__nt_p))0) != 5, \
			 "not a pointer to a pointer");			\
	(PVOID *)__nt_p;						\
})
#endif
#define ObReferenceObjectByHandle(Handle, DesiredAccess, ObjectType,	\
				  AccessMode, Object, HandleInformation) \
	ObReferenceObjectByHandle(Handle, DesiredAccess, ObjectType,	\
				  AccessMode, __nt_pvoid_ptr(Object),	\
				  HandleInformation)
#define KeWaitForMultipleObjects(Count, Object, ...)			\
	KeWaitForMultipleObjects(Count, __nt_pvoid_ptr(Object), __VA_ARGS__)

#endif /* _NT_API_H */
