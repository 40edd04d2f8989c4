/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic NT types for drivers ported to Linux.  Sizes follow 64-bit Windows
 * (LLP64): ULONG and LONG are 32 bits, pointers and HANDLE are 64 bits.
 */
#ifndef _NT_TYPES_H
#define _NT_TYPES_H

#include <linux/types.h>
#include <linux/list.h>

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
 * The dispatcher header that begins every waitable object (KEVENT, the
 * thread object).  Same size and layout as NT's on x64; the wait list is a
 * Linux list_head, which has LIST_ENTRY's shape.
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
