/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run-time library a worker uses: memory (inline, over the kernel's
 * mem* routines), counted strings, time fields, and the interlocked
 * singly linked list (SLIST_HEADER).
 */
#ifndef _NT_RTL_H
#define _NT_RTL_H

#include <linux/spinlock_types.h>
#include <linux/string.h>
#include <nt/basetsd.h>

#define RtlZeroMemory(Destination, Length)	memset((Destination), 0, (Length))
#define RtlZeroBytes				RtlZeroMemory
#define RtlCopyMemory(Destination, Source, Length) \
	memcpy((Destination), (Source), (Length))
#define RtlCopyBytes				RtlCopyMemory
#define RtlMoveMemory(Destination, Source, Length) \
	memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) \
	memset((Destination), (Fill), (Length))
#define RtlFillBytes				RtlFillMemory
#define RtlEqualMemory(Source1, Source2, Length) \
	(!memcmp((Source1), (Source2), (Length)))
/* Not optimised away, as SecureZeroMemory is not. */
#define RtlSecureZeroMemory(Destination, Length) ({	\
	PVOID __nt_d = (Destination);			\
							\
	memzero_explicit(__nt_d, (Length));		\
	__nt_d;						\
})

/* How many bytes from the start are equal. */
SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2,
			SIZE_T Length);

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString,
			  PCWSTR SourceString);
VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString);
VOID RtlInitString(PANSI_STRING DestinationString, PCSZ SourceString);
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
				      PCANSI_STRING SourceString,
				      BOOLEAN AllocateDestinationString);
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
				      PCUNICODE_STRING SourceString,
				      BOOLEAN AllocateDestinationString);
VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
VOID RtlFreeAnsiString(PANSI_STRING AnsiString);
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
			  PCUNICODE_STRING SourceString);
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1,
			      PCUNICODE_STRING String2,
			      BOOLEAN CaseInSensitive);

#define RTL_CONSTANT_STRING(s) \
	{ sizeof(s) - sizeof((s)[0]), sizeof(s), (void *)(s) }
#define DECLARE_CONST_UNICODE_STRING(_var, _string)			\
	const WCHAR _var ## _buffer[] = _string;			\
	const UNICODE_STRING _var = { sizeof(_string) - sizeof(WCHAR),	\
				      sizeof(_string), (PWCH)_var ## _buffer }
#define DECLARE_UNICODE_STRING_SIZE(_var, _size)			\
	WCHAR _var ## _buffer[_size];					\
	UNICODE_STRING _var = { 0, sizeof(_var ## _buffer), _var ## _buffer }

typedef struct _TIME_FIELDS {
	CSHORT Year;		/* 1601... */
	CSHORT Month;		/* 1..12 */
	CSHORT Day;		/* 1..31 */
	CSHORT Hour;		/* 0..23 */
	CSHORT Minute;		/* 0..59 */
	CSHORT Second;		/* 0..59 */
	CSHORT Milliseconds;	/* 0..999 */
	CSHORT Weekday;		/* 0..6 = Sunday..Saturday */
} TIME_FIELDS, *PTIME_FIELDS;

VOID RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields);
BOOLEAN RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time);

/*
 * The interlocked singly linked list.  NT's SLIST_HEADER is 16 bytes that
 * cmpxchg16b updates; this one has a raw spin lock instead (taken with
 * interrupts off, so any context may use it), so it is larger on kernels
 * with lock debugging.  Entries need no 16-byte alignment.
 */
typedef struct _SINGLE_LIST_ENTRY SLIST_ENTRY, *PSLIST_ENTRY;

typedef struct _SLIST_HEADER {
	PSLIST_ENTRY Next;
	USHORT Depth;
	USHORT Sequence;
	raw_spinlock_t Lock;
} SLIST_HEADER, *PSLIST_HEADER;

VOID InitializeSListHead(PSLIST_HEADER SListHead);
PSLIST_ENTRY InterlockedPushEntrySList(PSLIST_HEADER ListHead,
				       PSLIST_ENTRY ListEntry);
PSLIST_ENTRY InterlockedPopEntrySList(PSLIST_HEADER ListHead);
PSLIST_ENTRY InterlockedFlushSList(PSLIST_HEADER ListHead);
USHORT ExQueryDepthSList(PSLIST_HEADER SListHead);
#define QueryDepthSList(h)	ExQueryDepthSList(h)
/* NT's x64 ignores the lock too: the header is its own lock. */
#define ExInterlockedPushEntrySList(Head, Entry, Lock) \
	((void)(Lock), InterlockedPushEntrySList(Head, Entry))
#define ExInterlockedPopEntrySList(Head, Lock) \
	((void)(Lock), InterlockedPopEntrySList(Head))
#define ExInterlockedFlushSList(Head)	InterlockedFlushSList(Head)

#endif /* _NT_RTL_H */
