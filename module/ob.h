/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The object manager (WRK's ob/): object headers and types, references,
 * the kernel handle table and the handle routines drivers call.  It knows
 * no particular type: each component registers its own (ps: Thread and
 * Process, ex: Event), and ob's routines check a pointer against the
 * registered types.
 */
#ifndef _NTTHREAD_OB_H
#define _NTTHREAD_OB_H

#include <linux/atomic.h>
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <ntddk.h>

#include "compat.h"
#include "handle.h"

/**
 * struct nt_object_type - an object type (NT's OBJECT_TYPE)
 * @name: "Thread", "Process", "Event"
 * @cache_name: its slab cache's name; NULL for a type whose objects live
 *		in their users' memory (drivers' KEVENTs)
 * @body_size: bytes of the body that follows the header
 * @valid_access: the rights a handle to this type may grant
 * @mapping: generic rights mapped to specific ones
 * @delete: tears down the body on the last reference; any context
 * @pseudo_handle: a pseudo-handle that names an object of this type
 *		   (NtCurrentThread()), or NULL
 * @resolve: the object @pseudo_handle names for the caller, or NULL
 * @in_use: if not NULL, true while an object must outlive a driver's
 *	    extra dereference (the System process, a running thread): its
 *	    last reference is then not dropped
 * @cache: slab cache of header + body, set by nt_ob_type_register()
 * @live: objects alive
 */
struct nt_object_type {
	const char *name;
	const char *cache_name;
	size_t body_size;
	ACCESS_MASK valid_access;
	GENERIC_MAPPING mapping;
	void (*delete)(void *body);
	HANDLE pseudo_handle;
	void *(*resolve)(void);
	bool (*in_use)(void *body);
	struct kmem_cache *cache;
	atomic_long_t live;
};

/**
 * struct nt_object_header - what precedes every object body (OBJECT_HEADER)
 * @pointer_count: references; each handle holds one
 * @handle_count: open handles
 * @type: the object's type
 * @rcu: frees the object a grace period after its last reference
 * @deferred: links an object whose last reference went in atomic context
 *	      until a worker deletes it; before @rcu is used
 *
 * The body, the pointer that drivers hold, follows the header directly.
 */
struct nt_object_header {
	refcount_t pointer_count;
	atomic_t handle_count;
	struct nt_object_type *type;
	union {
		struct rcu_head rcu;
		struct llist_node deferred;
	};
};

static inline void *nt_ob_body(struct nt_object_header *header)
{
	return header + 1;
}

static inline struct nt_object_header *nt_ob_header(const void *body)
{
	return (struct nt_object_header *)body - 1;
}

/**
 * nt_ob_type_of() - the type of what a driver says is an object body
 * @body: any pointer
 *
 * Drivers pass anything (ObReferenceObject(&kevent), PsGetThreadId() of
 * some struct), so the header before @body is read with
 * nt_read_word_nofault() (an inline get_kernel_nofault()), which neither
 * faults at the start of a vmalloc area nor counts as an out-of-bounds
 * access where another object lies.
 *
 * Context: any context.
 * Return: the type the header names, for the caller to check against its
 * own or the registered ones; NULL for NULL or an unreadable header.
 */
static inline const struct nt_object_type *nt_ob_type_of(const void *body)
{
	unsigned long type;

	if (!body || !nt_read_word_nofault(&nt_ob_header(body)->type, &type))
		return NULL;
	return (const struct nt_object_type *)type;
}

static inline bool nt_ob_tryget(struct nt_object_header *header)
{
	return refcount_inc_not_zero(&header->pointer_count);
}

bool nt_ob_keep_last(struct nt_object_header *header);
void nt_ob_free(struct nt_object_header *header);

/**
 * nt_ob_put() - drop a reference; the last one deletes the object
 * @header: the object
 *
 * The last reference to an object its type says is in use (the System
 * process, a running thread) is kept, with one warning.  That check reads
 * the count before the decrement: it catches a driver's one dereference
 * too many, not two racing ones.
 *
 * Context: any context.  In atomic context the object is deleted later
 * by a worker, as NT defers deletion from DISPATCH_LEVEL: the type's
 * delete routine takes locks that sleep on PREEMPT_RT.  The memory is
 * freed an RCU grace period after deletion, so that lock-free lookups
 * never touch freed memory.
 */
static inline void nt_ob_put(struct nt_object_header *header)
{
	if (unlikely(refcount_read(&header->pointer_count) == 1) &&
	    nt_ob_keep_last(header))
		return;
	if (refcount_dec_and_test(&header->pointer_count))
		nt_ob_free(header);
}

/**
 * nt_ob_lookup() - reference the object an entry of a table of objects names
 * @table: a table whose entries store object headers
 * @index: the entry's index
 * @access: if not NULL, receives the access the entry grants
 *
 * Lock-free: the object is read under RCU, a reference is taken with
 * refcount_inc_not_zero(), and the entry is checked again to still name
 * that object (it may have been closed, and the slot reused, meanwhile).
 *
 * Context: any context.
 * Return: the referenced object, or NULL if the entry is not in use.
 */
static inline struct nt_object_header *
nt_ob_lookup(struct nt_handle_table *table, u32 index, ACCESS_MASK *access)
{
	struct nt_object_header *object = NULL;
	struct nt_handle_entry *entry;
	ACCESS_MASK granted = 0;

	rcu_read_lock();
	object = nt_handle_lookup_rcu(table, index, &entry);
	if (object) {
		granted = READ_ONCE(entry->access);
		if (!nt_ob_tryget(object)) {
			object = NULL;
		} else if (READ_ONCE(entry->object) != object) {
			rcu_read_unlock();
			nt_ob_put(object);
			return NULL;
		}
	}
	rcu_read_unlock();
	if (object && access)
		*access = granted;
	return object;
}

int nt_ob_init(void);
void nt_ob_exit(void);
int nt_ob_type_register(struct nt_object_type *type);
void nt_ob_type_unregister(struct nt_object_type *type);
void nt_ob_walk_types(void (*fn)(struct nt_object_type *type, void *arg),
		      void *arg);
void *nt_ob_create(struct nt_object_type *type);
ACCESS_MASK nt_ob_map_access(const struct nt_object_type *type,
			     ACCESS_MASK desired);
NTSTATUS nt_ob_insert_handle(void *body, ACCESS_MASK granted, PHANDLE handle,
			     unsigned long *pages_added);
void nt_ob_close_all_handles(void);
struct nt_handle_table *nt_ob_kernel_handle_table(void);
HANDLE nt_ob_kernel_handle(u32 index);

#endif /* _NTTHREAD_OB_H */
