/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic NT types for drivers ported to Linux.  Sizes follow 64-bit Windows
 * (LLP64): ULONG and LONG are 32 bits, pointers and HANDLE are 64 bits.
 */
#ifndef _NT_TYPES_H
#define _NT_TYPES_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/types.h>

typedef void VOID;
typedef void *PVOID;
typedef u8 UCHAR, *PUCHAR;
typedef s8 CHAR, *PCHAR;
typedef s8 CCHAR;
typedef u16 USHORT, *PUSHORT;
typedef s16 SHORT;
typedef u16 WCHAR, *PWCH, *PWSTR;
typedef u32 ULONG, *PULONG;
typedef s32 LONG, *PLONG;
typedef u64 ULONGLONG;
typedef s64 LONGLONG;
typedef unsigned long ULONG_PTR, SIZE_T;
typedef long LONG_PTR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS;
typedef PVOID HANDLE, *PHANDLE;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;
typedef LONG KPRIORITY;
typedef UCHAR KIRQL, *PKIRQL;

#ifndef TRUE
#define TRUE	1
#define FALSE	0
#endif

#define IN
#define OUT
#define OPTIONAL

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	};
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* NT's list entries; LIST_ENTRY has the shape of a Linux list_head. */
typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
	struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;
	HANDLE RootDirectory;
	PUNICODE_STRING ObjectName;
	ULONG Attributes;
	PVOID SecurityDescriptor;
	PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s) do {	\
	POBJECT_ATTRIBUTES __oa = (p);				\
								\
	__oa->Length = sizeof(OBJECT_ATTRIBUTES);		\
	__oa->RootDirectory = (r);				\
	__oa->Attributes = (a);					\
	__oa->ObjectName = (n);					\
	__oa->SecurityDescriptor = (s);				\
	__oa->SecurityQualityOfService = NULL;			\
} while (0)

/*
 * A distinct struct type: passing a PVOID * or a PHANDLE where a PCLIENT_ID
 * is expected is an incompatible-pointer-types error (the kernel builds
 * with -Werror=incompatible-pointer-types), not a silent 16-byte write.
 */
typedef struct _CLIENT_ID {
	HANDLE UniqueProcess;
	HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _GENERIC_MAPPING {
	ACCESS_MASK GenericRead;
	ACCESS_MASK GenericWrite;
	ACCESS_MASK GenericExecute;
	ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

typedef CCHAR KPROCESSOR_MODE;
typedef enum _MODE {
	KernelMode,
	UserMode,
	MaximumMode
} MODE;

typedef enum _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
	WrExecutive,
	WrFreePage,
	WrPageIn,
	WrPoolAllocation,
	WrDelayExecution,
	WrSuspended,
	WrUserRequest,
	WrEventPair,
	WrQueue,
	WrLpcReceive,
	WrLpcReply,
	WrVirtualMemory,
	WrPageOut,
	WrRendezvous,
	MaximumWaitReason = 37
} KWAIT_REASON;

typedef enum _WAIT_TYPE {
	WaitAll,
	WaitAny
} WAIT_TYPE;

typedef enum _EVENT_TYPE {
	NotificationEvent,
	SynchronizationEvent
} EVENT_TYPE;

/*
 * The dispatcher header that begins every waitable object (events,
 * semaphores, mutexes, timers, queues, the thread object).  Same size and
 * layout as NT's on x64; the wait list is a Linux list_head, which has
 * LIST_ENTRY's shape.
 */
typedef struct _DISPATCHER_HEADER {
	UCHAR Type;
	UCHAR Absolute;
	UCHAR Size;
	UCHAR Inserted;
	LONG SignalState;
	struct list_head WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
	DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

/* A counting semaphore: Header.SignalState is the count. */
typedef struct _KSEMAPHORE {
	DISPATCHER_HEADER Header;
	LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

/*
 * A mutex (NT's mutant): Header.SignalState is 1 when free, and 1 minus the
 * owner's recursion depth when owned.  OwnerThread is the owner's thread
 * object (a layer thread's or an adopted task's; NULL only for a task
 * that had none yet, see README); OwnerTask, which NT's KMUTANT does not
 * have, names the owning task in every case.
 */
typedef struct _KMUTANT {
	DISPATCHER_HEADER Header;
	LIST_ENTRY MutantListEntry;
	struct nt_thread *OwnerThread;
	BOOLEAN Abandoned;
	UCHAR ApcDisable;
	PVOID OwnerTask;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

typedef enum _TIMER_TYPE {
	NotificationTimer,
	SynchronizationTimer
} TIMER_TYPE;

typedef enum _KDPC_IMPORTANCE {
	LowImportance,
	MediumImportance,
	HighImportance,
	MediumHighImportance
} KDPC_IMPORTANCE;

struct _KDPC;
typedef VOID KDEFERRED_ROUTINE(struct _KDPC *Dpc, PVOID DeferredContext,
			       PVOID SystemArgument1, PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

/* A deferred procedure call; NT's x64 layout.  DpcData is set while queued. */
typedef struct _KDPC {
	UCHAR Type;
	UCHAR Importance;
	USHORT Number;
	LIST_ENTRY DpcListEntry;
	ULONG_PTR ProcessorHistory;
	PKDEFERRED_ROUTINE DeferredRoutine;
	PVOID DeferredContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	PVOID DpcData;
} KDPC, *PKDPC, *PRKDPC;

/*
 * A timer: NT's fields, then the hrtimer that expires it, which NT's
 * KTIMER has no room for; so sizeof(KTIMER) is larger than on Windows.
 */
typedef struct _KTIMER {
	DISPATCHER_HEADER Header;
	ULARGE_INTEGER DueTime;
	LIST_ENTRY TimerListEntry;
	PKDPC Dpc;
	ULONG Processor;
	LONG Period;
	struct hrtimer Timer;
} KTIMER, *PKTIMER, *PRKTIMER;

/* A queue of LIST_ENTRYs: Header.SignalState is the number of entries. */
typedef struct _KQUEUE {
	DISPATCHER_HEADER Header;
	LIST_ENTRY EntryListHead;
	ULONG CurrentCount;
	ULONG MaximumCount;
	LIST_ENTRY ThreadListHead;
} KQUEUE, *PKQUEUE, *PRKQUEUE;

/*
 * One per object a thread waits on; caller-supplied above
 * THREAD_WAIT_OBJECTS.  The current WDK's layout: Thread names the waiting
 * thread's object (NULL in a thread the layer did not create), SparePtr
 * the wait it belongs to.
 */
typedef struct _KWAIT_BLOCK {
	struct list_head WaitListEntry;
	UCHAR WaitType;
	UCHAR BlockState;
	USHORT WaitKey;
	LONG SpareLong;
	struct nt_thread *Thread;
	PVOID Object;
	PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK;

/* Thread and process objects are opaque; KTHREAD and ETHREAD are one object. */
struct nt_thread;
struct nt_process;
struct nt_object_type;
typedef struct nt_thread ETHREAD, *PETHREAD, KTHREAD, *PKTHREAD, *PRKTHREAD;
typedef struct nt_process EPROCESS, *PEPROCESS, KPROCESS, *PKPROCESS;
typedef struct nt_object_type OBJECT_TYPE, *POBJECT_TYPE;

typedef struct _OBJECT_HANDLE_INFORMATION {
	ULONG HandleAttributes;
	ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

typedef VOID KSTART_ROUTINE(PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

#endif /* _NT_TYPES_H */
