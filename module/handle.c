// SPDX-License-Identifier: GPL-2.0
/*
 * NT-style handle tables: see handle.h for the layout.  The same code backs
 * the System process's kernel handle table and the CID table that hands out
 * thread IDs.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "compat.h"
#include "fault.h"
#include "handle.h"

#define NT_HT_PAGE_BYTES	4096U

static_assert(sizeof(struct nt_handle_entry) == 16);
static_assert(NT_HT_LOW_ENTRIES * sizeof(struct nt_handle_entry) == NT_HT_PAGE_BYTES);
static_assert(NT_HT_MID_ENTRIES * sizeof(void *) == NT_HT_PAGE_BYTES);

static struct kmem_cache *nt_ht_page_cache;

int nt_handle_cache_init(void)
{
	nt_ht_page_cache = kmem_cache_create("nt_handle_page", NT_HT_PAGE_BYTES,
					     NT_HT_PAGE_BYTES, 0, NULL);
	return nt_ht_page_cache ? 0 : -ENOMEM;
}

void nt_handle_cache_exit(void)
{
	kmem_cache_destroy(nt_ht_page_cache);
}

/* The bytes one table page really occupies in its slab cache. */
unsigned int nt_handle_page_size(void)
{
	return kmem_cache_size(nt_ht_page_cache);
}

static void *nt_ht_page_alloc(int level)
{
	if (nt_should_fail(NT_FAULT_HANDLE_PAGE_LOW + level))
		return NULL;
	return kmem_cache_zalloc(nt_ht_page_cache, GFP_KERNEL);
}

static unsigned int nt_ht_levels(unsigned long root)
{
	return root & NT_HT_LEVEL_MASK;
}

static void *nt_ht_page(unsigned long root)
{
	return (void *)(root & ~NT_HT_LEVEL_MASK);
}

/**
 * nt_handle_table_init() - set up an empty table with its first low page
 * @table: the table
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int nt_handle_table_init(struct nt_handle_table *table)
{
	void *low;

	memset(table, 0, sizeof(*table));
	spin_lock_init(&table->lock);
	low = nt_ht_page_alloc(0);
	if (!low)
		return -ENOMEM;
	table->pages[0] = 1;
	table->next_index = 1;
	/*
	 * Pairs with the smp_load_acquire() of ->root in the lock-free
	 * readers (nt_handle_lookup_rcu(), nt_handle_for_each()): whoever sees
	 * the root sees its page zeroed.
	 */
	smp_store_release(&table->root, (unsigned long)low);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_table_init, NT_NS_INTERNAL);

/**
 * nt_handle_table_set_strict_fifo() - reuse entries oldest-freed first
 * @table: a table just initialised, before its first insert
 *
 * As WRK's ExSetHandleTableStrictFIFO for the CID table: a freed index
 * comes back only after every index freed before it, so that a stale ID
 * does not name a new object at once.
 *
 * Context: any context.
 */
void nt_handle_table_set_strict_fifo(struct nt_handle_table *table)
{
	table->strict_fifo = true;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_table_set_strict_fifo, NT_NS_INTERNAL);

static void nt_ht_free_level(void *page, unsigned int level)
{
	struct nt_ht_dir *dir = page;
	unsigned int i;

	if (level > 0) {
		for (i = 0; i < NT_HT_MID_ENTRIES; i++) {
			void *child = rcu_dereference_protected(dir->slot[i], 1);

			if (child)
				nt_ht_free_level(child, level - 1);
		}
	}
	kmem_cache_free(nt_ht_page_cache, page);
}

/**
 * nt_handle_table_destroy() - free every page of a table
 * @table: the table; the caller has removed every entry and no lookup can
 *	   still be running
 *
 * Context: process context, may sleep (waits for an RCU grace period).
 */
void nt_handle_table_destroy(struct nt_handle_table *table)
{
	unsigned long root = table->root;

	WARN_ON(table->count);
	synchronize_rcu();
	if (root)
		nt_ht_free_level(nt_ht_page(root), nt_ht_levels(root));
	table->root = 0;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_table_destroy, NT_NS_INTERNAL);

/*
 * Install the low page for index @first (a multiple of 256), using pages
 * from @spare as needed.  Returns false if @spare lacks one.
 */
static bool nt_ht_grow_locked(struct nt_handle_table *table, u32 first,
			      void *spare[NT_HT_LEVELS], unsigned long *added)
{
	u32 lowno = first / NT_HT_LOW_ENTRIES;
	unsigned long root = table->root;
	unsigned int level = nt_ht_levels(root);
	struct nt_ht_dir *top, *mid;

	lockdep_assert_held(&table->lock);

	if (level == 0) {
		if (!spare[0] || !spare[1])
			return false;
		mid = spare[1];
		RCU_INIT_POINTER(mid->slot[0], nt_ht_page(root));
		rcu_assign_pointer(mid->slot[1], spare[0]);
		/*
		 * The new root goes last.  Pairs with the readers'
		 * smp_load_acquire() of ->root: a reader that sees one more
		 * level sees the slots of its page filled in.
		 */
		smp_store_release(&table->root, (unsigned long)mid | 1);
		spare[0] = NULL;
		spare[1] = NULL;
		table->pages[1]++;
		*added += 2;
	} else if (level == 1 && lowno < NT_HT_MID_ENTRIES) {
		if (!spare[0])
			return false;
		mid = nt_ht_page(root);
		rcu_assign_pointer(mid->slot[lowno], spare[0]);
		spare[0] = NULL;
		*added += 1;
	} else if (level == 1) {
		if (!spare[0] || !spare[1] || !spare[2])
			return false;
		top = spare[2];
		mid = spare[1];
		RCU_INIT_POINTER(mid->slot[0], spare[0]);
		RCU_INIT_POINTER(top->slot[0], nt_ht_page(root));
		rcu_assign_pointer(top->slot[1], mid);
		/* As above: the root last, for the readers' acquire. */
		smp_store_release(&table->root, (unsigned long)top | 2);
		spare[0] = NULL;
		spare[1] = NULL;
		spare[2] = NULL;
		table->pages[1]++;
		table->pages[2]++;
		*added += 3;
	} else {
		u32 midno = lowno / NT_HT_MID_ENTRIES;

		top = nt_ht_page(root);
		mid = rcu_dereference_protected(top->slot[midno],
						lockdep_is_held(&table->lock));
		if (!mid) {
			if (!spare[0] || !spare[1])
				return false;
			mid = spare[1];
			RCU_INIT_POINTER(mid->slot[0], spare[0]);
			rcu_assign_pointer(top->slot[midno], mid);
			spare[1] = NULL;
			table->pages[1]++;
			*added += 2;
		} else {
			if (!spare[0])
				return false;
			rcu_assign_pointer(mid->slot[lowno % NT_HT_MID_ENTRIES],
					   spare[0]);
			*added += 1;
		}
		spare[0] = NULL;
	}
	table->pages[0]++;
	table->growths++;
	return true;
}

/* Which pages growing past @first needs, as a bitmask of levels. */
static unsigned int nt_ht_pages_needed(unsigned long root, u32 first)
{
	u32 lowno = first / NT_HT_LOW_ENTRIES;

	switch (nt_ht_levels(root)) {
	case 0:
		return BIT(0) | BIT(1);
	case 1:
		return lowno < NT_HT_MID_ENTRIES ? BIT(0) : BIT(0) | BIT(1) | BIT(2);
	default:
		return lowno % NT_HT_MID_ENTRIES ? BIT(0) : BIT(0) | BIT(1);
	}
}

/**
 * nt_handle_insert() - store an object in a free entry
 * @table: the table
 * @object: what to store; the table takes no reference.  NULL reserves
 *	    the entry: it reads as free until nt_handle_publish(), and only
 *	    nt_handle_unreserve() frees it before that
 * @access: the access to record in the entry
 * @index: receives the entry's index (never 0, never a multiple of 256)
 * @pages_added: if not NULL, incremented by the pages this insert added
 *
 * Context: process context, may sleep (to allocate table pages).
 * Return: 0; -ENOMEM if a page could not be allocated; -ENOSPC when all
 * 2^24 entries are in use.
 */
int nt_handle_insert(struct nt_handle_table *table, void *object,
		     ACCESS_MASK access, u32 *index,
		     unsigned long *pages_added)
{
	void *spare[NT_HT_LEVELS] = { };
	unsigned long added = 0;
	struct nt_handle_entry *entry;
	unsigned long flags;
	int ret = 0, level;
	u32 i;

	spin_lock_irqsave(&table->lock, flags);
	for (;;) {
		unsigned int need;

		if (table->free_head) {
			i = table->free_head;
			entry = nt_handle_slot(table, table->root, i);
			table->free_head = entry->next_free;
			if (!table->free_head)
				table->free_tail = 0;
			break;
		}
		i = table->next_index;
		if (i % NT_HT_LOW_ENTRIES) {
			table->next_index++;
			entry = nt_handle_slot(table, table->root, i);
			break;
		}
		if (i >= NT_HT_MAX_INDEX) {
			ret = -ENOSPC;
			goto out_unlock;
		}
		if (nt_ht_grow_locked(table, i, spare, &added)) {
			table->next_index = i + 1;	/* entry 0 stays reserved */
			continue;
		}
		/* Allocate what growth needs without the lock, then retry. */
		need = nt_ht_pages_needed(table->root, i);
		spin_unlock_irqrestore(&table->lock, flags);
		for (level = 0; level < NT_HT_LEVELS; level++) {
			if (!(need & BIT(level)) || spare[level])
				continue;
			spare[level] = nt_ht_page_alloc(level);
			if (!spare[level]) {
				ret = -ENOMEM;
				goto out_free;
			}
		}
		spin_lock_irqsave(&table->lock, flags);
	}

	entry->access = access;
	entry->next_free = 0;
	/*
	 * Publish last.  Pairs with the smp_load_acquire() of ->object in
	 * nt_handle_lookup_rcu() and nt_handle_for_each(): a reader that sees
	 * the object sees the access recorded with it.
	 */
	smp_store_release(&entry->object, object);
	if (++table->count > table->peak)
		table->peak = table->count;
	*index = i;
	if (pages_added)
		*pages_added += added;
out_unlock:
	spin_unlock_irqrestore(&table->lock, flags);
out_free:
	for (level = 0; level < NT_HT_LEVELS; level++)
		if (spare[level])
			kmem_cache_free(nt_ht_page_cache, spare[level]);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_insert, NT_NS_INTERNAL);

/* Put entry @index, in use, on the free list. */
static void nt_handle_free_locked(struct nt_handle_table *table,
				  struct nt_handle_entry *entry, u32 index)
{
	lockdep_assert_held(&table->lock);
	WRITE_ONCE(entry->object, NULL);
	if (!table->strict_fifo) {
		entry->next_free = table->free_head;
		table->free_head = index;
	} else {
		entry->next_free = 0;
		if (table->free_tail)
			nt_handle_slot(table, table->root,
				       table->free_tail)->next_free = index;
		else
			table->free_head = index;
		table->free_tail = index;
	}
	table->count--;
}

/**
 * nt_handle_remove() - free an entry
 * @table: the table
 * @index: the entry's index
 * @access: if not NULL, receives the access the entry granted
 *
 * Whatever the entry stood for (a reference, for the object manager)
 * passes to the caller.  RCU readers may still see the entry's object
 * until a grace period has passed.
 *
 * Context: any context.
 * Return: what the entry stored, or NULL if the entry was not in use.
 */
void *nt_handle_remove(struct nt_handle_table *table, u32 index,
		       ACCESS_MASK *access)
{
	void *object = NULL;
	struct nt_handle_entry *entry;
	unsigned long flags;

	if (!index || index % NT_HT_LOW_ENTRIES == 0)
		return NULL;
	spin_lock_irqsave(&table->lock, flags);
	entry = nt_handle_slot(table, table->root, index);
	if (entry && entry->object) {
		object = entry->object;
		if (access)
			*access = entry->access;
		nt_handle_free_locked(table, entry, index);
	}
	spin_unlock_irqrestore(&table->lock, flags);
	return object;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_remove, NT_NS_INTERNAL);

/**
 * nt_handle_publish() - store an object in an entry reserved for it
 * @table: the table
 * @index: an index nt_handle_insert() reserved (with a NULL object)
 * @object: what the entry is to store, not NULL
 *
 * The reserver alone knows the index, and the entry's page stays where it
 * is as the table grows: no lock is needed.
 *
 * Context: any context.
 */
void nt_handle_publish(struct nt_handle_table *table, u32 index,
		       void *object)
{
	struct nt_handle_entry *entry;

	rcu_read_lock();
	/* Pairs with the release of ->root: the pages below it are filled. */
	entry = nt_handle_slot(table, smp_load_acquire(&table->root), index);
	/* As nt_handle_insert() publishes: pairs with the lookups' acquire. */
	smp_store_release(&entry->object, object);
	rcu_read_unlock();
}

/**
 * nt_handle_unreserve() - free an entry reserved and never published
 * @table: the table
 * @index: the index nt_handle_insert() reserved
 *
 * Context: any context but on PREEMPT_RT atomic context (the table's lock).
 */
void nt_handle_unreserve(struct nt_handle_table *table, u32 index)
{
	struct nt_handle_entry *entry;
	unsigned long flags;

	spin_lock_irqsave(&table->lock, flags);
	entry = nt_handle_slot(table, table->root, index);
	if (!WARN_ON_ONCE(!entry || entry->object))
		nt_handle_free_locked(table, entry, index);
	spin_unlock_irqrestore(&table->lock, flags);
}

/**
 * nt_handle_next_used() - the first entry in use at or after an index
 * @table: the table
 * @index: where to start looking (0 is taken as 1)
 *
 * Each call holds the RCU read lock over at most NT_HT_LOW_ENTRIES slots
 * at a time, so that a walk over a large, sparse table never holds up a
 * grace period for long; process-context callers may reschedule between
 * calls.  Entries inserted or removed meanwhile may or may not be seen.
 *
 * Context: any context.
 * Return: the index of an entry in use, or 0 if there is none at or
 * after @index.
 */
u32 nt_handle_next_used(struct nt_handle_table *table, u32 index)
{
	u32 end = READ_ONCE(table->next_index);

	for (index = max(index, 1U); index < end; ) {
		u32 chunk_end = min(end, round_up(index + 1, NT_HT_LOW_ENTRIES));
		struct nt_handle_entry *entry;
		bool found = false;

		rcu_read_lock();
		for (; index < chunk_end; index++) {
			if (nt_handle_lookup_rcu(table, index, &entry)) {
				found = true;
				break;
			}
		}
		rcu_read_unlock();
		if (found)
			return index;
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(nt_handle_next_used, NT_NS_INTERNAL);

/**
 * nt_handle_for_each() - call @fn for every entry in use
 * @table: the table
 * @fn: called under rcu_read_lock(); must not sleep
 * @arg: passed to @fn
 *
 * The walk holds the RCU read lock over one page of entries at a time and
 * reschedules between pages.
 *
 * Context: process context, may sleep.  Entries inserted or removed
 * meanwhile may or may not be seen; no insert or remove waits for the walk.
 */
void nt_handle_for_each(struct nt_handle_table *table,
			void (*fn)(u32 index, void *object, ACCESS_MASK access,
				   void *arg),
			void *arg)
{
	struct nt_handle_entry *entry;
	void *object;
	u32 index;

	for (index = nt_handle_next_used(table, 1); index;
	     index = nt_handle_next_used(table, index + 1)) {
		rcu_read_lock();
		object = nt_handle_lookup_rcu(table, index, &entry);
		if (object)
			fn(index, object, READ_ONCE(entry->access), arg);
		rcu_read_unlock();
		cond_resched();
	}
}
EXPORT_SYMBOL_NS_GPL(nt_handle_for_each, NT_NS_INTERNAL);
