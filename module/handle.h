/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT-style handle tables (WRK's ExCreateHandle & co.): up to three levels,
 * 256 sixteen-byte entries per low-level page, 512 pointers per mid-level
 * page, 128 per top-level page: at most 2^24 entries.  Entry 0 of every
 * low-level page is reserved, so index 0 never names an object.
 *
 * Lookups are lock-free (RCU); insert and remove are serialised by the
 * table's spinlock.  Pages are kept until the table is destroyed, as NT
 * keeps them; freed entries are reused, most recently freed first (or,
 * for the CID table, oldest first: ExSetHandleTableStrictFIFO).
 *
 * The table is a container: it stores { pointer, access } and knows
 * nothing of what the pointers are.  It takes no reference: a user that
 * looks an entry up under RCU and wants to keep its object takes a
 * reference and checks that the entry still names it (see ob.c), as
 * xarray users do.
 */
#ifndef _NTTHREAD_HANDLE_H
#define _NTTHREAD_HANDLE_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <nt/types.h>

#define NT_HT_LOW_ENTRIES	256U
#define NT_HT_MID_ENTRIES	512U
#define NT_HT_TOP_ENTRIES	128U
#define NT_HT_MAX_INDEX		(NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES * NT_HT_TOP_ENTRIES)
#define NT_HT_LEVELS		3

/**
 * struct nt_handle_entry - one slot of a low-level page
 * @object: what the entry stores, or NULL while the slot is free
 * @access: the access granted through this handle
 * @next_free: while free, the index of the next free slot (0: none)
 */
struct nt_handle_entry {
	void *object;
	ACCESS_MASK access;
	u32 next_free;
};

/**
 * struct nt_handle_table - a handle table
 * @lock: serialises insert, remove and growth
 * @root: the top page, with the number of levels below it (0..2) in the
 *	  low bits; published with release semantics for RCU readers
 * @next_index: the lowest index never handed out
 * @free_head: the next free index to reuse (0: none): the most recently
 *	       freed, or with @strict_fifo the least recently freed
 * @free_tail: with @strict_fifo, the most recently freed index (0: none)
 * @strict_fifo: reuse freed entries in the order they were freed
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
	u32 free_tail;
	bool strict_fifo;
	u32 count;
	u32 peak;
	unsigned long pages[NT_HT_LEVELS];
	unsigned long growths;
};

/* A mid- or top-level page: pointers to the pages of the level below. */
struct nt_ht_dir {
	void __rcu *slot[NT_HT_MID_ENTRIES];
};

#define NT_HT_LEVEL_MASK	3UL

/**
 * nt_handle_slot() - find the slot of an index
 * @table: the table
 * @root: @table->root as the caller read it (with acquire under RCU)
 * @index: the index
 *
 * Context: under rcu_read_lock() or @table->lock.
 * Return: the slot, or NULL past the table's end or in a missing page.
 */
static inline struct nt_handle_entry *
nt_handle_slot(struct nt_handle_table *table, unsigned long root, u32 index)
{
	unsigned int level = root & NT_HT_LEVEL_MASK;
	void *page = (void *)(root & ~NT_HT_LEVEL_MASK);
	u32 span;

	if (level == 0) {
		if (index >= NT_HT_LOW_ENTRIES)
			return NULL;
	} else if (level == 1) {
		if (index >= NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES)
			return NULL;
	} else if (index >= NT_HT_MAX_INDEX) {
		return NULL;
	}
	for (; level > 0; level--) {
		struct nt_ht_dir *dir = page;

		span = level == 2 ? NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES
				  : NT_HT_LOW_ENTRIES;
		page = rcu_dereference_check(dir->slot[index / span],
					     lockdep_is_held(&table->lock));
		if (!page)
			return NULL;
		index %= span;
	}
	return &((struct nt_handle_entry *)page)[index];
}

/**
 * nt_handle_lookup_rcu() - what the entry of @index stores, if in use
 * @table: the table
 * @index: the index
 * @entry: receives the entry (unchanged when NULL is returned)
 *
 * What the entry stores is valid only while the caller stays in the RCU
 * read side, unless its user keeps it alive otherwise: to keep an object,
 * take a reference and check that (*@entry)->object still names it.  The
 * entry's ->access may be read once this has returned non-NULL.
 *
 * Context: under rcu_read_lock().
 * Return: the stored pointer, or NULL for index 0, a reserved index, an
 * index past the end or a free entry.
 */
static inline void *nt_handle_lookup_rcu(struct nt_handle_table *table,
					 u32 index,
					 struct nt_handle_entry **entry)
{
	struct nt_handle_entry *slot;
	void *object;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(),
			 "nt_handle_lookup_rcu() needs rcu_read_lock()");
	if (!index || index % NT_HT_LOW_ENTRIES == 0)
		return NULL;
	/* Pairs with the release of ->root: the pages below it are filled. */
	slot = nt_handle_slot(table, smp_load_acquire(&table->root), index);
	if (!slot)
		return NULL;
	/* Pairs with the release in nt_handle_insert(): ->access is written. */
	object = smp_load_acquire(&slot->object);
	if (object)
		*entry = slot;
	return object;
}

int nt_handle_cache_init(void);
void nt_handle_cache_exit(void);
unsigned int nt_handle_page_size(void);

int nt_handle_table_init(struct nt_handle_table *table);
void nt_handle_table_set_strict_fifo(struct nt_handle_table *table);
void nt_handle_table_destroy(struct nt_handle_table *table);
int nt_handle_insert(struct nt_handle_table *table, void *object,
		     ACCESS_MASK access, u32 *index,
		     unsigned long *pages_added);
void *nt_handle_remove(struct nt_handle_table *table, u32 index,
		       ACCESS_MASK *access);
void nt_handle_publish(struct nt_handle_table *table, u32 index,
		       void *object);
void nt_handle_unreserve(struct nt_handle_table *table, u32 index);
u32 nt_handle_next_used(struct nt_handle_table *table, u32 index);
void nt_handle_for_each(struct nt_handle_table *table,
			void (*fn)(u32 index, void *object, ACCESS_MASK access,
				   void *arg),
			void *arg);

#endif /* _NTTHREAD_HANDLE_H */
