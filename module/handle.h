/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT-style handle tables (WRK's ExCreateHandle & co.): up to three levels,
 * 256 sixteen-byte entries per low-level page, 512 pointers per mid-level
 * page, 128 per top-level page: at most 2^24 entries.  Entry 0 of every
 * low-level page is reserved, so index 0 never names an object.
 *
 * Lookups are lock-free (RCU); insert and remove are serialised by the
 * table's spinlock.  Pages are kept until the table is destroyed, as NT
 * keeps them; freed entries are reused, most recently freed first.
 */
#ifndef _NTTHREAD_HANDLE_H
#define _NTTHREAD_HANDLE_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <nt/types.h>

struct nt_object_header;

#define NT_HT_LOW_ENTRIES	256U
#define NT_HT_MID_ENTRIES	512U
#define NT_HT_TOP_ENTRIES	128U
#define NT_HT_MAX_INDEX		(NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES * NT_HT_TOP_ENTRIES)
#define NT_HT_LEVELS		3

/**
 * struct nt_handle_entry - one slot of a low-level page
 * @object: the object, or NULL while the slot is free
 * @access: the access granted through this handle
 * @next_free: while free, the index of the next free slot (0: none)
 */
struct nt_handle_entry {
	struct nt_object_header *object;
	ACCESS_MASK access;
	u32 next_free;
};

/**
 * struct nt_handle_table - a handle table
 * @lock: serialises insert, remove and growth
 * @root: the top page, with the number of levels below it (0..2) in the
 *	  low bits; published with release semantics for RCU readers
 * @next_index: the lowest index never handed out
 * @free_head: the most recently freed index (0: none)
 * @count: entries in use
 * @peak: most entries ever in use at once
 * @pages: pages in use, per level (0: low, 1: mid, 2: top)
 * @growths: calls that added pages
 */
struct nt_handle_table {
	spinlock_t lock;	/* protects all but the RCU readers' fields */
	unsigned long root;
	u32 next_index;
	u32 free_head;
	u32 count;
	u32 peak;
	unsigned long pages[NT_HT_LEVELS];
	unsigned long growths;
};

int nt_handle_cache_init(void);
void nt_handle_cache_exit(void);
unsigned int nt_handle_page_size(void);

int nt_handle_table_init(struct nt_handle_table *table);
void nt_handle_table_destroy(struct nt_handle_table *table);
int nt_handle_insert(struct nt_handle_table *table,
		     struct nt_object_header *object, ACCESS_MASK access,
		     u32 *index, unsigned long *pages_added);
struct nt_object_header *nt_handle_remove(struct nt_handle_table *table,
					  u32 index, ACCESS_MASK *access);
struct nt_object_header *nt_handle_lookup(struct nt_handle_table *table,
					  u32 index, ACCESS_MASK *access);
void nt_handle_for_each(struct nt_handle_table *table,
			void (*fn)(u32 index, struct nt_object_header *object,
				   ACCESS_MASK access, void *arg),
			void *arg);

#endif /* _NTTHREAD_HANDLE_H */
