// SPDX-License-Identifier: GPL-2.0
/*
 * The run-time library (WRK's rtl/): counted strings, time fields, memory
 * comparison and the interlocked singly linked list.
 *
 * The strings the conversions allocate are paged pool of tag "Strg", so
 * that RtlFreeUnicodeString and RtlFreeAnsiString free only buffers they
 * gave out: the pool reports any other pointer and leaves it alone
 * (Windows would corrupt its pool or bug check).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/time64.h>

#include "ke.h"
#include "pool.h"
#include "report.h"
#include "rtl.h"

/* 100 ns units between 1601-01-01 and 1970-01-01 */
#define NT_EPOCH_DELTA	116444736000000000LL
#define NT_TICKS_PER_SEC	10000000LL

/**
 * RtlCompareMemory() - count the equal bytes at the start of two blocks
 * @Source1: first block
 * @Source2: second block
 * @Length: bytes to compare
 *
 * Context: any context.
 * Return: the number of leading bytes that are equal (@Length if all).
 */
SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2,
			SIZE_T Length)
{
	const u8 *a = Source1, *b = Source2;
	SIZE_T i;

	for (i = 0; i < Length && a[i] == b[i]; i++)
		;
	return i;
}
EXPORT_SYMBOL_GPL(RtlCompareMemory);

/* NT caps a string that RtlInit* describes at MAXUSHORT bytes, even. */
#define NT_MAX_STRING	(MAXUSHORT & ~1)

/**
 * RtlInitUnicodeString() - describe a NUL-terminated wide string
 * @DestinationString: the UNICODE_STRING to fill
 * @SourceString: the string, or NULL for an empty one
 *
 * Length is the string's bytes without the NUL, MaximumLength with it;
 * a string longer than 32765 characters is described up to there, as on
 * Windows.  A NULL @DestinationString is reported once and ignored.
 *
 * Context: any context.
 */
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString,
			  PCWSTR SourceString)
{
	size_t n = 0;

	if (!DestinationString) {
		nt_bugcheck_once("NULL DestinationString");
		return;
	}
	if (SourceString)
		while (SourceString[n] && n < NT_MAX_STRING / 2 - 1)
			n++;
	DestinationString->Length = n * sizeof(WCHAR);
	DestinationString->MaximumLength = SourceString ?
		DestinationString->Length + sizeof(WCHAR) : 0;
	DestinationString->Buffer = (PWSTR)SourceString;
}
EXPORT_SYMBOL_GPL(RtlInitUnicodeString);

/**
 * RtlInitAnsiString() - describe a NUL-terminated narrow string
 * @DestinationString: the ANSI_STRING to fill
 * @SourceString: the string, or NULL for an empty one
 *
 * As RtlInitUnicodeString(), in bytes (at most 65533 described).
 *
 * Context: any context.
 */
VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
	size_t n = 0;

	if (!DestinationString) {
		nt_bugcheck_once("NULL DestinationString");
		return;
	}
	if (SourceString)
		n = strnlen((const char *)SourceString, NT_MAX_STRING - 1);
	DestinationString->Length = n;
	DestinationString->MaximumLength = SourceString ? n + 1 : 0;
	DestinationString->Buffer = (PCHAR)SourceString;
}
EXPORT_SYMBOL_GPL(RtlInitAnsiString);

/**
 * RtlInitString() - RtlInitAnsiString() under its other name
 * @DestinationString: the STRING to fill
 * @SourceString: the string, or NULL
 *
 * Context: any context.
 */
VOID RtlInitString(PANSI_STRING DestinationString, PCSZ SourceString)
{
	RtlInitAnsiString(DestinationString, SourceString);
}
EXPORT_SYMBOL_GPL(RtlInitString);

/*
 * What the Rtl routines allocate strings with: paged pool of tag "Strg",
 * as on Windows, counted in the pool's statistics like any allocation
 * (belonging to no module, as ExAllocatePoolWithTag() called by name).
 */
#define NT_RTL_STRING_TAG	NT_POOL_TAG('S', 't', 'r', 'g')

/* A string buffer of @bytes, at PASSIVE_LEVEL; NULL if there is none. */
static void *nt_rtl_string_alloc(size_t bytes)
{
	return nt_pool_allocate(NT_POOL_CALL_TYPE, PagedPool, bytes,
				NT_RTL_STRING_TAG, NULL, 0, NULL);
}

/**
 * RtlAnsiStringToUnicodeString() - widen an ANSI string
 * @DestinationString: receives the result, NUL-terminated
 * @SourceString: the string; its bytes are taken as Latin-1 (Windows-1252
 *	is the same for every byte a driver's ASCII text has)
 * @AllocateDestinationString: TRUE to allocate the buffer from paged pool
 *	(MaximumLength is then Length + 2; free it with
 *	RtlFreeUnicodeString()), FALSE to use @DestinationString's own
 *
 * Without allocation, the destination's MaximumLength must hold the
 * result and its NUL; if not, nothing is written.
 *
 * Context: PASSIVE_LEVEL when allocating (may sleep); any context
 * otherwise.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL argument,
 * or a NULL Buffer with a non-zero length; STATUS_INVALID_PARAMETER_2 for
 * a source longer than a UNICODE_STRING holds; STATUS_BUFFER_OVERFLOW
 * when the destination's buffer is too small (nothing copied);
 * STATUS_NO_MEMORY; STATUS_INVALID_DEVICE_STATE when asked to allocate in
 * atomic context.  On failure nothing is allocated.
 */
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
				      PCANSI_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	size_t bytes, i;
	PWSTR out;

	if (!DestinationString || !SourceString ||
	    (SourceString->Length && !SourceString->Buffer))
		return STATUS_INVALID_PARAMETER;
	bytes = (size_t)SourceString->Length * sizeof(WCHAR);
	if (bytes + sizeof(WCHAR) > MAXUSHORT)
		return STATUS_INVALID_PARAMETER_2;
	if (AllocateDestinationString) {
		if (!nt_at_passive()) {
			nt_wrong_irql_once();
			return STATUS_INVALID_DEVICE_STATE;
		}
		out = nt_rtl_string_alloc(bytes + sizeof(WCHAR));
		if (!out)
			return STATUS_NO_MEMORY;
		DestinationString->MaximumLength = bytes + sizeof(WCHAR);
	} else {
		if (DestinationString->MaximumLength < bytes + sizeof(WCHAR))
			return STATUS_BUFFER_OVERFLOW;
		if (!DestinationString->Buffer)
			return STATUS_INVALID_PARAMETER;
		out = DestinationString->Buffer;
	}
	for (i = 0; i < SourceString->Length; i++)
		out[i] = (u8)SourceString->Buffer[i];
	out[i] = 0;
	DestinationString->Buffer = out;
	DestinationString->Length = bytes;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlAnsiStringToUnicodeString);

/* NT's default character for one the ANSI code page does not have. */
#define NT_ANSI_DEFAULT_CHAR	'?'

/**
 * RtlUnicodeStringToAnsiString() - narrow a string to ANSI
 * @DestinationString: receives the result, NUL-terminated
 * @SourceString: the string; each UTF-16 unit up to U+00FF becomes that
 *	byte (Latin-1, the inverse of RtlAnsiStringToUnicodeString()), any
 *	other (a surrogate included) '?', the ANSI code page's default
 *	character; Windows-1252 maps U+0080..U+009F and a few characters
 *	above U+00FF differently, and best-fits some others
 * @AllocateDestinationString: TRUE to allocate the buffer from paged pool
 *	(MaximumLength is then Length + 1; free it with RtlFreeAnsiString()),
 *	FALSE to use @DestinationString's own
 *
 * Without allocation, a destination whose MaximumLength is too small for
 * the result and its NUL gets what fits, MaximumLength - 1 characters and
 * the NUL, as on Windows; with MaximumLength 0 nothing is written.
 *
 * Context: PASSIVE_LEVEL when allocating (may sleep); any context
 * otherwise.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL argument,
 * or a NULL Buffer with a non-zero length; STATUS_BUFFER_OVERFLOW when
 * the destination's buffer is too small (what fits is copied);
 * STATUS_NO_MEMORY; STATUS_INVALID_DEVICE_STATE when asked to allocate in
 * atomic context.  STATUS_INVALID_PARAMETER_2, for a result longer than
 * MAXUSHORT, cannot happen: one byte a unit.  On failure nothing is
 * allocated.
 */
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
				      PCUNICODE_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	NTSTATUS st = STATUS_SUCCESS;
	size_t n, i;
	PCHAR out;

	if (!DestinationString || !SourceString ||
	    (SourceString->Length && !SourceString->Buffer))
		return STATUS_INVALID_PARAMETER;
	n = SourceString->Length / sizeof(WCHAR);
	if (AllocateDestinationString) {
		if (!nt_at_passive()) {
			nt_wrong_irql_once();
			return STATUS_INVALID_DEVICE_STATE;
		}
		out = nt_rtl_string_alloc(n + 1);
		if (!out)
			return STATUS_NO_MEMORY;
		DestinationString->MaximumLength = n + 1;
	} else {
		if (!DestinationString->MaximumLength)
			return STATUS_BUFFER_OVERFLOW;
		if (!DestinationString->Buffer)
			return STATUS_INVALID_PARAMETER;
		if (DestinationString->MaximumLength < n + 1) {
			n = DestinationString->MaximumLength - 1;
			st = STATUS_BUFFER_OVERFLOW;
		}
		out = DestinationString->Buffer;
	}
	for (i = 0; i < n; i++) {
		WCHAR c = SourceString->Buffer[i];

		out[i] = c <= 0xff ? c : NT_ANSI_DEFAULT_CHAR;
	}
	out[i] = 0;
	DestinationString->Buffer = out;
	DestinationString->Length = n;
	return st;
}
EXPORT_SYMBOL_GPL(RtlUnicodeStringToAnsiString);

/**
 * RtlFreeUnicodeString() - free a buffer that an Rtl routine allocated
 * @UnicodeString: the string; its Buffer is freed and the string emptied
 *
 * A NULL Buffer is nothing to do.  A Buffer that no Rtl routine allocated
 * (a literal, a driver's array or pool of another tag) is reported by
 * the pool and not freed, and the string stays as it is.
 *
 * Context: any context.  Does not sleep.
 */
VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
	if (!UnicodeString) {
		nt_bugcheck_once("NULL UnicodeString");
		return;
	}
	if (!UnicodeString->Buffer ||
	    !nt_pool_free_tagged(UnicodeString->Buffer, NT_RTL_STRING_TAG,
				 _RET_IP_))
		return;
	UnicodeString->Buffer = NULL;
	UnicodeString->Length = 0;
	UnicodeString->MaximumLength = 0;
}
EXPORT_SYMBOL_GPL(RtlFreeUnicodeString);

/**
 * RtlFreeAnsiString() - free a buffer that RtlUnicodeStringToAnsiString()
 *	allocated
 * @AnsiString: the string; its Buffer is freed and the string emptied
 *
 * As RtlFreeUnicodeString().
 *
 * Context: any context.  Does not sleep.
 */
VOID RtlFreeAnsiString(PANSI_STRING AnsiString)
{
	if (!AnsiString) {
		nt_bugcheck_once("NULL AnsiString");
		return;
	}
	if (!AnsiString->Buffer ||
	    !nt_pool_free_tagged(AnsiString->Buffer, NT_RTL_STRING_TAG,
				 _RET_IP_))
		return;
	AnsiString->Buffer = NULL;
	AnsiString->Length = 0;
	AnsiString->MaximumLength = 0;
}
EXPORT_SYMBOL_GPL(RtlFreeAnsiString);

/**
 * RtlCopyUnicodeString() - copy a string into another's buffer
 * @DestinationString: receives as much as its MaximumLength holds,
 *	NUL-terminated when there is room
 * @SourceString: the string, or NULL to make the destination empty
 *
 * Context: any context.
 */
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
			  PCUNICODE_STRING SourceString)
{
	USHORT n;

	if (!DestinationString) {
		nt_bugcheck_once("NULL DestinationString");
		return;
	}
	if (!SourceString) {
		DestinationString->Length = 0;
		return;
	}
	n = min(SourceString->Length, DestinationString->MaximumLength) & ~1;
	memmove(DestinationString->Buffer, SourceString->Buffer, n);
	if (DestinationString->MaximumLength >= n + sizeof(WCHAR))
		DestinationString->Buffer[n / 2] = 0;
	DestinationString->Length = n;
}
EXPORT_SYMBOL_GPL(RtlCopyUnicodeString);

static WCHAR nt_upcase(WCHAR c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/**
 * RtlEqualUnicodeString() - compare two strings
 * @String1: a string
 * @String2: another
 * @CaseInSensitive: TRUE to ignore the case of ASCII letters (Windows
 *	upcases every letter it has a table for)
 *
 * Context: any context.
 * Return: TRUE if equal; FALSE otherwise, and for a NULL argument.
 */
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1,
			      PCUNICODE_STRING String2,
			      BOOLEAN CaseInSensitive)
{
	size_t i;

	if (!String1 || !String2)
		return FALSE;
	if (String1->Length != String2->Length)
		return FALSE;
	for (i = 0; i < String1->Length / 2; i++) {
		WCHAR a = String1->Buffer[i], b = String2->Buffer[i];

		if (CaseInSensitive ? nt_upcase(a) != nt_upcase(b) : a != b)
			return FALSE;
	}
	return TRUE;
}
EXPORT_SYMBOL_GPL(RtlEqualUnicodeString);

/**
 * RtlTimeToTimeFields() - split a system time into its calendar fields
 * @Time: 100 ns units since 1601-01-01 (UTC, or local time if it is one)
 * @TimeFields: receives year, month, day, hour, minute, second,
 *	milliseconds and the weekday
 *
 * A negative @Time (before 1601) or a NULL argument is reported once and
 * @TimeFields is left alone.
 *
 * Context: any context.
 */
VOID RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
	struct tm tm;
	s64 secs;
	u32 rem;

	if (!Time || !TimeFields || Time->QuadPart < 0) {
		nt_bugcheck_once("bad argument: Time %p, TimeFields %p",
				 Time, TimeFields);
		return;
	}
	secs = div_u64_rem(Time->QuadPart, NT_TICKS_PER_SEC, &rem);
	time64_to_tm(secs - NT_EPOCH_DELTA / NT_TICKS_PER_SEC, 0, &tm);
	TimeFields->Year = tm.tm_year + 1900;
	TimeFields->Month = tm.tm_mon + 1;
	TimeFields->Day = tm.tm_mday;
	TimeFields->Hour = tm.tm_hour;
	TimeFields->Minute = tm.tm_min;
	TimeFields->Second = tm.tm_sec;
	TimeFields->Milliseconds = rem / 10000;
	TimeFields->Weekday = tm.tm_wday;
}
EXPORT_SYMBOL_GPL(RtlTimeToTimeFields);

/**
 * RtlTimeFieldsToTime() - join calendar fields into a system time
 * @TimeFields: year (1601..30827), month, day, hour, minute, second,
 *	milliseconds; the weekday is ignored
 * @Time: receives 100 ns units since 1601-01-01
 *
 * Context: any context.
 * Return: TRUE; FALSE for a field out of range (a day the month does not
 * have included) or a NULL argument, with @Time left alone.
 */
BOOLEAN RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
	static const u8 days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const TIME_FIELDS *f = TimeFields;
	bool leap;
	s64 secs;

	if (!f || !Time)
		return FALSE;
	if (f->Year < 1601 || f->Year > 30827 || f->Month < 1 || f->Month > 12 ||
	    f->Day < 1 || f->Hour < 0 || f->Hour > 23 || f->Minute < 0 ||
	    f->Minute > 59 || f->Second < 0 || f->Second > 59 ||
	    f->Milliseconds < 0 || f->Milliseconds > 999)
		return FALSE;
	leap = (f->Year % 4 == 0 && f->Year % 100) || f->Year % 400 == 0;
	if (f->Day > days[f->Month - 1] || (f->Month == 2 && !leap && f->Day > 28))
		return FALSE;
	secs = mktime64(f->Year, f->Month, f->Day, f->Hour, f->Minute,
			f->Second);
	Time->QuadPart = (secs + NT_EPOCH_DELTA / NT_TICKS_PER_SEC) *
			 NT_TICKS_PER_SEC + f->Milliseconds * 10000LL;
	return TRUE;
}
EXPORT_SYMBOL_GPL(RtlTimeFieldsToTime);

/* One class for every SLIST's lock: no code holds two at once. */
static struct lock_class_key nt_slist_key;

/**
 * InitializeSListHead() - make an empty interlocked list
 * @SListHead: the header
 *
 * Context: any context.
 */
VOID InitializeSListHead(PSLIST_HEADER SListHead)
{
	if (!SListHead) {
		nt_bugcheck_once("NULL SListHead");
		return;
	}
	SListHead->Next = NULL;
	SListHead->Depth = 0;
	SListHead->Sequence = 0;
	raw_spin_lock_init(&SListHead->Lock);
	lockdep_set_class_and_name(&SListHead->Lock, &nt_slist_key, "SLIST_HEADER");
}
EXPORT_SYMBOL_GPL(InitializeSListHead);

/**
 * InterlockedPushEntrySList() - push an entry onto an interlocked list
 * @ListHead: the list
 * @ListEntry: the entry (not on any list)
 *
 * Context: any context.  Does not sleep.
 * Return: the entry that was first before, or NULL (also for a NULL
 * argument, which is reported once).
 */
PSLIST_ENTRY InterlockedPushEntrySList(PSLIST_HEADER ListHead,
				       PSLIST_ENTRY ListEntry)
{
	unsigned long flags;
	PSLIST_ENTRY first;

	if (!ListHead || !ListEntry) {
		nt_bugcheck_once("NULL argument");
		return NULL;
	}
	raw_spin_lock_irqsave(&ListHead->Lock, flags);
	first = ListHead->Next;
	ListEntry->Next = first;
	ListHead->Next = ListEntry;
	ListHead->Depth++;
	ListHead->Sequence++;
	raw_spin_unlock_irqrestore(&ListHead->Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedPushEntrySList);

/**
 * InterlockedPopEntrySList() - pop the first entry of an interlocked list
 * @ListHead: the list
 *
 * Context: any context.  Does not sleep.
 * Return: the entry, or NULL if the list is empty (or @ListHead NULL).
 */
PSLIST_ENTRY InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
	unsigned long flags;
	PSLIST_ENTRY first;

	if (!ListHead) {
		nt_bugcheck_once("NULL ListHead");
		return NULL;
	}
	raw_spin_lock_irqsave(&ListHead->Lock, flags);
	first = ListHead->Next;
	if (first) {
		ListHead->Next = first->Next;
		ListHead->Depth--;
		ListHead->Sequence++;
	}
	raw_spin_unlock_irqrestore(&ListHead->Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedPopEntrySList);

/**
 * InterlockedFlushSList() - take every entry off an interlocked list
 * @ListHead: the list
 *
 * Context: any context.  Does not sleep.
 * Return: the first entry (the rest follow by Next), or NULL.
 */
PSLIST_ENTRY InterlockedFlushSList(PSLIST_HEADER ListHead)
{
	unsigned long flags;
	PSLIST_ENTRY first;

	if (!ListHead) {
		nt_bugcheck_once("NULL ListHead");
		return NULL;
	}
	raw_spin_lock_irqsave(&ListHead->Lock, flags);
	first = ListHead->Next;
	ListHead->Next = NULL;
	ListHead->Depth = 0;
	raw_spin_unlock_irqrestore(&ListHead->Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedFlushSList);

/**
 * ExQueryDepthSList() - the number of entries on an interlocked list
 * @SListHead: the list
 *
 * Context: any context.
 * Return: the depth (0 for a NULL @SListHead).
 */
USHORT ExQueryDepthSList(PSLIST_HEADER SListHead)
{
	return SListHead ? READ_ONCE(SListHead->Depth) : 0;
}
EXPORT_SYMBOL_GPL(ExQueryDepthSList);
