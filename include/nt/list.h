/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT's list helpers (wdm.h's inline routines) over LIST_ENTRY and
 * SINGLE_LIST_ENTRY, with their return values; not thread-safe, like NT's.
 */
#ifndef _NT_LIST_H
#define _NT_LIST_H

#include <linux/stddef.h>
#include <nt/types.h>

#define FIELD_OFFSET(type, field)	((LONG)offsetof(type, field))
#define CONTAINING_RECORD(address, type, field) \
	((type *)((PCHAR)(address) - offsetof(type, field)))

static inline VOID InitializeListHead(PLIST_ENTRY ListHead)
{
	ListHead->Flink = ListHead;
	ListHead->Blink = ListHead;
}

static inline BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
	return ListHead->Flink == ListHead;
}

/* Unlink @Entry; TRUE if the list it was on is empty now. */
static inline BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
	PLIST_ENTRY next = Entry->Flink;
	PLIST_ENTRY prev = Entry->Blink;

	prev->Flink = next;
	next->Blink = prev;
	return next == prev;
}

/* Unlink and return the first entry; on an empty list, the head itself. */
static inline PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Flink;

	RemoveEntryList(entry);
	return entry;
}

/* Unlink and return the last entry; on an empty list, the head itself. */
static inline PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Blink;

	RemoveEntryList(entry);
	return entry;
}

static inline VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY prev = ListHead->Blink;

	Entry->Flink = ListHead;
	Entry->Blink = prev;
	prev->Flink = Entry;
	ListHead->Blink = Entry;
}

static inline VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY next = ListHead->Flink;

	Entry->Flink = next;
	Entry->Blink = ListHead;
	next->Blink = Entry;
	ListHead->Flink = Entry;
}

/* Append the headless ring that @ListToAppend begins to @ListHead's tail. */
static inline VOID AppendTailList(PLIST_ENTRY ListHead,
				  PLIST_ENTRY ListToAppend)
{
	PLIST_ENTRY end = ListHead->Blink;

	ListHead->Blink->Flink = ListToAppend;
	ListHead->Blink = ListToAppend->Blink;
	ListToAppend->Blink->Flink = ListHead;
	ListToAppend->Blink = end;
}

static inline VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead,
				 PSINGLE_LIST_ENTRY Entry)
{
	Entry->Next = ListHead->Next;
	ListHead->Next = Entry;
}

/* Unlink and return the first entry, or NULL. */
static inline PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
	PSINGLE_LIST_ENTRY first = ListHead->Next;

	if (first)
		ListHead->Next = first->Next;
	return first;
}

#endif /* _NT_LIST_H */
