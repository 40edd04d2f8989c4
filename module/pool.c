// SPDX-License-Identifier: GPL-2.0
/*
 * Executive pool.  An allocation is kvmalloc()'ed (kmalloc(GFP_ATOMIC) at
 * DISPATCH_LEVEL) with a 16-byte header just before the caller's memory,
 * as NT's POOL_HEADER on x64: the tag, the size asked for, the record
 * that counts it and a check value that makes a header found where none
 * was written (a foreign pointer) or one already freed (a double free)
 * recognisable.  The header is read without faulting and without KASAN
 * instrumentation, so a bad pointer is reported, never followed.
 *
 * Side records: where the header would move a block into a larger
 * kmalloc size class (64 B into kmalloc-96, 1 KiB into kmalloc-2k, 64 KiB
 * into 128 KiB of pages), the block is allocated at its exact size, from
 * a power-of-two class (naturally aligned, so at least 32-byte aligned),
 * and what the header would say goes in a 16-byte slot of a fixed table
 * hashed by the block's address.  A header block's pointer is its raw
 * block + 16, never 32-byte aligned when the raw block is; so a free
 * looks a 32-byte aligned pointer up in the table first and reads a
 * header only when that misses.  A slot is claimed with a cmpxchg of its
 * key, so that of two frees of one block only one frees it; a double free
 * of a side block then finds no slot and is reported by the header path,
 * as a double free or as not pool.  A full bucket means a header block.
 *
 * The counts: each thread of this layer has an account, created at its
 * first allocation with preemption on (before it, the CPU's account
 * counts for the thread); every other context (an interrupt, a task that has
 * no thread object) counts in its CPU's account.  An account holds
 * records, one per (tag, pool type, driver module).  A thread's own
 * allocations and frees are counted with plain stores that only it makes;
 * frees by any other context (another thread, an interrupt) with atomics
 * in separate counters, which the views subtract; a CPU's records are
 * all atomic.  Nothing is global on the allocation path, and the views
 * sum the records when read.  The calling thread's account is found in a
 * per-CPU cache of the last one used there, checked against current.  An
 * account lives while its thread object does and while any allocation it
 * counted does; accounts are found by ID (an xarray: RCU lookups, its
 * lock only to add and remove accounts) and freed after a grace period.
 *
 * With preemption or interrupts disabled (a KSPIN_LOCK, which is a raw
 * spinlock, or KeRaiseIrql()), non-paged pool of up to 4 KiB comes from
 * a per-CPU reserve of kmalloc()'ed blocks, eight of each power-of-two
 * size, which a work item on that CPU refills: the slab allocator takes
 * spinlock_t locks, which must not nest in a raw spinlock and sleep on
 * PREEMPT_RT.  Elsewhere an empty reserve or a larger block falls back to
 * kmalloc(GFP_ATOMIC); on PREEMPT_RT it fails (NULL and a log line), and
 * frees there are deferred to a work item, as are frees of vmalloc'ed
 * (paged) memory in atomic context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define NT_POOL_NO_MACROS

#include <linux/ctype.h>
#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/kmemleak.h>
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "compat.h"
#include "fault.h"
#include "pool.h"
#include "ps.h"
#include "report.h"
#include "trace.h"

#define NT_POOL_ALIGN		16
#define NT_POOL_MAX_SIZE	((SIZE_T)INT_MAX - 2 * SMP_CACHE_BYTES)
#define NT_POOL_CPU_RECORDS	256	/* per CPU account */
#define NT_POOL_RETIRED_RECORDS	1024	/* the released accounts' history */
#define NT_POOL_CPU_RETIRED	-2	/* nt_pool_account.cpu of that one */
#define NT_POOL_RECORD_BITS	8

/* A record's key: tag, kind and a bit that says it is in use. */
#define NT_POOL_KEY(tag, kind)	((unsigned long)(tag) | (unsigned long)(kind) << 32 | \
				 BIT(40))
#define NT_POOL_KEY_CLAIMING	BIT(41)
#define NT_POOL_KEY_TAG(key)	((u32)(key))
#define NT_POOL_KEY_KIND(key)	((unsigned int)((key) >> 32) & 0xff)

/* A record whose module has unloaded: no allocation names it again. */
#define NT_POOL_OWNER_GONE	((struct module *)1)

/**
 * struct nt_pool_header - the 16 bytes before each allocation
 * @tag: the tag
 * @size: the bytes asked for
 * @word: bits 0-31 the account's ID << NT_POOL_RECORD_BITS | the
 *	  record's index; 32-39 the offset from the start of the block to
 *	  the caller's memory; 40-47 the enum nt_pool_kind; 48-63
 *	  nt_pool_check() of the rest while allocated, its complement once
 *	  freed
 */
struct nt_pool_header {
	u32 tag;
	u32 size;
	u64 word;
};

#define NT_POOL_WORD(where, offset, kind)				\
	((u64)(where) | (u64)(offset) << 32 | (u64)(kind) << 40)
#define NT_POOL_WHERE(word)	((u32)(word))
#define NT_POOL_OFFSET(word)	((u8)((word) >> 32))
#define NT_POOL_KIND(word)	((u8)((word) >> 40))
#define NT_POOL_CHECK(word)	((u16)((word) >> 48))
#define NT_POOL_CHECK_MASK	GENMASK_ULL(63, 48)

static_assert(sizeof(struct nt_pool_header) == NT_POOL_ALIGN);

/**
 * struct nt_pool_record - the counts of one (tag, kind, module) in an account
 * @key: NT_POOL_KEY(), 0 while free; set once
 * @owner: the module that allocates (NULL: none), or NT_POOL_OWNER_GONE
 * @allocs: allocations
 * @frees: frees by the account's thread
 * @bytes: bytes allocated, less the bytes the account's thread freed
 * @peak: highest bytes held
 * @remote_frees: frees by any other context
 * @remote_bytes: the bytes they freed
 *
 * In a thread's account, @allocs, @frees, @bytes and @peak are written by
 * that thread alone, in task context (atomic_long_set() of what it read:
 * no locked instruction); everyone else adds to @remote_frees and
 * @remote_bytes with atomics.  In a CPU's account every counter is
 * atomic.  Bytes held are @bytes - @remote_bytes; frees @frees +
 * @remote_frees.  Record 0 of each account is the overflow, which counts
 * whatever finds no free record: its key is 0 and its tag "????".
 */
struct nt_pool_record {
	unsigned long key;
	struct module *owner;
	atomic_long_t allocs, frees, bytes, peak;
	atomic_long_t remote_frees, remote_bytes;
};

/**
 * struct nt_pool_account - the records of one thread, or of one CPU
 * @live: allocations counted here less those the thread freed itself (a
 *	  thread's account; written by the thread alone)
 * @remote_frees: allocations counted here that other contexts freed
 * @bytes: bytes allocated less the bytes the thread freed (a thread's
 *	   account only; written by the thread alone)
 * @remote_bytes: bytes other contexts freed
 * @peak: highest bytes held (@bytes - @remote_bytes)
 * @task: the thread's task while its thread object lives, else NULL: a
 *	  thread account's owner is the task that finds itself here
 * @hint: the index of the record the thread used last (its own)
 * @id: key in nt_pool_ids
 * @cpu: the CPU, -1 for a thread's account, NT_POOL_CPU_RETIRED for the
 *	 one that keeps the counts of released accounts
 * @tid: the thread's ID
 * @routine: its start routine
 * @thread_gone: its thread object has been deleted: the thread's own
 *		 counts are final
 * @released: queued for release (once)
 * @link: entry in nt_pool_accounts (RCU; changed under nt_pool_ids' lock)
 * @release: entry in nt_pool_deferred's list of accounts to release
 * @rcu: for kfree_rcu()
 * @nr_records: how many @records
 * @records: the records
 *
 * A thread's account is released when its thread object is gone and
 * @remote_frees has reached @live: whichever of the two events comes
 * last (nt_pool_thread_delete(), nt_pool_uncount()) releases it.
 */
struct nt_pool_account {
	atomic_long_t live, remote_frees;
	atomic_long_t bytes, remote_bytes, peak;
	struct task_struct *task;
	u32 hint;
	u32 id;
	int cpu;
	unsigned long tid;
	void *routine;
	bool thread_gone;
	int released;
	struct list_head link;
	struct llist_node release;
	struct rcu_head rcu;
	unsigned int nr_records;
	struct nt_pool_record records[];
};

/* A thread's account: as many records as fit a 2 KiB slab object. */
#define NT_POOL_THREAD_RECORDS						\
	((2048 - sizeof(struct nt_pool_account)) / sizeof(struct nt_pool_record))
static_assert(NT_POOL_THREAD_RECORDS >= 16);

static DEFINE_XARRAY_FLAGS(nt_pool_ids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
static u32 nt_pool_next_id;
static LIST_HEAD(nt_pool_accounts);
static struct nt_pool_account **nt_pool_cpu;
static struct nt_pool_account *nt_pool_retired;
static u64 nt_pool_secret __read_mostly;
static atomic_long_t nt_pool_reports[NT_POOL_REPORTS];

/*
 * The thread account used last on each CPU: the calling thread's when
 * its ->task is current.  Written by that thread; cleared (from any CPU)
 * when the thread object goes, before its task_struct can be reused and
 * a grace period before the account can be freed.
 */
static DEFINE_PER_CPU(struct nt_pool_account *, nt_pool_last);

/* The last size's kmalloc_size_roundup() on each CPU: size << 32 | class. */
static DEFINE_PER_CPU(unsigned long, nt_pool_last_class);

/* Blocks and accounts to free where the caller's context cannot. */
static LLIST_HEAD(nt_pool_deferred_blocks);
static LLIST_HEAD(nt_pool_deferred_accounts);
static void nt_pool_deferred(struct work_struct *work);
static DECLARE_WORK(nt_pool_work, nt_pool_deferred);

static const char *const nt_pool_kind_names[NT_POOL_KINDS] = {
	[NT_POOL_NONPAGED] = "Nonp",
	[NT_POOL_PAGED] = "Paged",
};

static void nt_pool_raise(atomic_long_t *peak, long value)
{
	long old = atomic_long_read(peak);

	while (old < value && !atomic_long_try_cmpxchg(peak, &old, value))
		;
}

/* Add @n to a counter that only the calling thread writes: no lock prefix. */
static __always_inline long nt_pool_local_add(atomic_long_t *v, long n)
{
	long value = atomic_long_read(v) + n;

	atomic_long_set(v, value);
	return value;
}

/* The same for a peak: the calling thread's alone. */
static __always_inline void nt_pool_local_raise(atomic_long_t *peak, long value)
{
	if (value > atomic_long_read(peak))
		atomic_long_set(peak, value);
}

/* The check value of a header of @tag, @size and @word at @p. */
static u64 nt_pool_check(const void *p, u32 tag, u32 size, u64 word)
{
	u64 v = (unsigned long)p ^ ((u64)tag << 32 | size) ^
		((word & ~NT_POOL_CHECK_MASK) << 16) ^ nt_pool_secret;

	return (u64)hash_64(v, 16) << 48;
}

/*
 * The slab allocator may be called here: not in hard interrupts, where
 * its spinlock_t locks are not allowed (and NT allows no pool above
 * DISPATCH_LEVEL), nor with preemption off, where the caller may hold a
 * raw spinlock (a KSPIN_LOCK) that they must not nest in, and where they
 * sleep on PREEMPT_RT.
 */
static bool nt_pool_slab_ok(void)
{
	if (in_nmi() || in_hardirq())
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_COUNT) || preemptible();
}

static void nt_pool_count_report(enum nt_pool_report report)
{
	atomic_long_inc(&nt_pool_reports[report]);
}

/* ---- accounts ---- */

/* A record's key; once set, its owner is too (nt_pool_record_get()). */
static unsigned long nt_pool_record_key(struct nt_pool_record *r)
{
	/* Pairs with the release that publishes the key. */
	return smp_load_acquire(&r->key);
}

/* A thread's account, complete, or NULL before its first allocation. */
static struct nt_pool_account *nt_pool_thread_account(struct nt_thread *thread)
{
	/* Pairs with the release in nt_pool_current_account(). */
	return smp_load_acquire(&thread->pool);
}

static struct nt_pool_account *nt_pool_account_new(unsigned int records,
						   gfp_t gfp)
{
	struct nt_pool_account *a;
	unsigned long flags;
	u32 id;
	int ret;

	a = kzalloc(struct_size(a, records, records), gfp);
	if (!a)
		return NULL;
	a->nr_records = records;
	a->cpu = -1;
	xa_lock_irqsave(&nt_pool_ids, flags);
	ret = __xa_alloc_cyclic(&nt_pool_ids, &id, a,
				XA_LIMIT(1, U32_MAX >> NT_POOL_RECORD_BITS),
				&nt_pool_next_id, gfp);
	if (ret >= 0) {
		a->id = id;
		list_add_tail_rcu(&a->link, &nt_pool_accounts);
	}
	xa_unlock_irqrestore(&nt_pool_ids, flags);
	if (ret < 0) {
		kfree(a);
		return NULL;
	}
	return a;
}

static void nt_pool_account_free(struct nt_pool_account *a)
{
	unsigned long flags;

	xa_lock_irqsave(&nt_pool_ids, flags);
	__xa_erase(&nt_pool_ids, a->id);
	list_del_rcu(&a->link);
	xa_unlock_irqrestore(&nt_pool_ids, flags);
	kfree_rcu(a, rcu);
}

/* Release a thread's account, once: in the work item. */
static void nt_pool_account_release(struct nt_pool_account *a)
{
	if (xchg(&a->released, 1))
		return;
	llist_add(&a->release, &nt_pool_deferred_accounts);
	queue_work(system_wq, &nt_pool_work);
}

/*
 * Is current the owner of thread account @a, which may count with plain
 * stores?  Only in task context (an interrupt on the thread's CPU would
 * race with it) and before do_exit() (the thread's counts are final once
 * its object may go).  Caller has preemption disabled or holds a block
 * of @a.
 */
static __always_inline bool nt_pool_owns(struct nt_pool_account *a)
{
	return in_task() && !(current->flags & PF_EXITING) &&
	       READ_ONCE(a->task) == current;
}

/*
 * The calling thread's account from this CPU's cache, or NULL.  With
 * preemption disabled: an RCU read-side section (RCU's flavours are one
 * since 4.20), which keeps the account (kfree_rcu()) and costs no call,
 * where rcu_read_lock() is one on a PREEMPT_RCU kernel.
 */
static __always_inline struct nt_pool_account *nt_pool_cached_account(void)
{
	struct nt_pool_account *a = this_cpu_read(nt_pool_last);

	return a && nt_pool_owns(a) ? a : NULL;
}

/*
 * The calling context's account: its thread's (created now if need be),
 * else its CPU's.  Another context's allocations never create a thread's
 * account: only the thread itself does, so none races.
 */
static __always_inline struct nt_pool_account *nt_pool_current_account(void)
{
	struct nt_pool_account *a;
	struct nt_thread *thread;

	if (!in_task())
		return nt_pool_cpu[raw_smp_processor_id()];
	preempt_disable();
	a = nt_pool_cached_account();
	preempt_enable();
	/* Current's own: alive while current's thread object is. */
	if (likely(a))
		return a;
	thread = nt_current_thread();
	if (!thread)
		return nt_pool_cpu[raw_smp_processor_id()];
	a = READ_ONCE(thread->pool);
	if (!a) {
		/* With preemption off the CPU's account counts, until later. */
		if (!nt_pool_slab_ok())
			return nt_pool_cpu[raw_smp_processor_id()];
		a = nt_pool_account_new(NT_POOL_THREAD_RECORDS,
					nt_at_passive() ? GFP_KERNEL : GFP_ATOMIC);
		if (!a)
			return nt_pool_cpu[raw_smp_processor_id()];
		a->tid = (unsigned long)thread->cid.UniqueThread;
		a->routine = thread->start_routine;
		a->task = current;
		/* Published complete: pairs with nt_pool_thread_account(). */
		smp_store_release(&thread->pool, a);
	}
	this_cpu_write(nt_pool_last, a);
	return a;
}

/*
 * A thread object goes (ps.c's hook), after its thread has stopped
 * calling in (the thread's own reference goes once it is in do_exit()),
 * before its task_struct is put: the account no longer names the task,
 * no CPU's cache names the account, and it is released now or by the
 * free that leaves it empty.
 */
static void nt_pool_thread_delete(struct nt_thread *thread)
{
	struct nt_pool_account *a = thread->pool;
	int cpu;

	if (!a)
		return;
	WRITE_ONCE(a->task, NULL);
	for_each_possible_cpu(cpu)
		cmpxchg(per_cpu_ptr(&nt_pool_last, cpu), a, NULL);
	/* Pairs with the acquire in nt_pool_uncount(): @live is final. */
	smp_store_release(&a->thread_gone, true);
	smp_mb();	/* thread_gone before remote_frees; pairs with the free's */
	if (atomic_long_read(&a->remote_frees) == atomic_long_read(&a->live))
		nt_pool_account_release(a);
}

/*
 * The record of (@key, @owner) in @a; claimed if there is none.  Only
 * a CPU's account has several writers: a record being claimed is passed
 * over, so the same key may have two records, which the views add up.
 */
static u32 nt_pool_record_get(struct nt_pool_account *a, unsigned long key,
			      struct module *owner)
{
	unsigned int n = a->nr_records - 1;
	/* A multiply and a shift map the hash onto [0, n): no division. */
	unsigned int start = ((u64)hash_long(key ^ (unsigned long)owner, 32) * n) >> 32;
	unsigned int i, index = start + 1;

	for (i = 0; i < n; i++, index = index == n ? 1 : index + 1) {
		struct nt_pool_record *r = &a->records[index];
		unsigned long k = nt_pool_record_key(r);

		if (!k && !cmpxchg(&r->key, 0, NT_POOL_KEY_CLAIMING)) {
			r->owner = owner;
			/* The owner before the key: pairs with nt_pool_record_key(). */
			smp_store_release(&r->key, key);
			return index;
		}
		if (k == key && READ_ONCE(r->owner) == owner)
			return index;
	}
	return 0;
}

/* The same for the calling thread's own account: its last record first. */
static __always_inline u32 nt_pool_own_record(struct nt_pool_account *a,
					      unsigned long key,
					      struct module *owner)
{
	u32 index = a->hint;
	struct nt_pool_record *r = &a->records[index];

	if (likely(index && READ_ONCE(r->key) == key &&
		   READ_ONCE(r->owner) == owner))
		return index;
	index = nt_pool_record_get(a, key, owner);
	a->hint = index;
	return index;
}

/* Count an allocation of @size in record @index of @a, current's account. */
static __always_inline void nt_pool_count(struct nt_pool_account *a, u32 index,
					  u32 size)
{
	struct nt_pool_record *r = &a->records[index];

	if (a->cpu >= 0) {
		atomic_long_inc(&r->allocs);
		nt_pool_raise(&r->peak, atomic_long_add_return(size, &r->bytes) -
					atomic_long_read(&r->remote_bytes));
		return;
	}
	/* The thread's own counters: it alone writes them. */
	nt_pool_local_add(&r->allocs, 1);
	nt_pool_local_raise(&r->peak, nt_pool_local_add(&r->bytes, size) -
				      atomic_long_read(&r->remote_bytes));
	nt_pool_local_add(&a->live, 1);
	nt_pool_local_raise(&a->peak, nt_pool_local_add(&a->bytes, size) -
				      atomic_long_read(&a->remote_bytes));
}

/*
 * Count the free of @size from record @index of @a: with plain stores by
 * the account's own thread (@own), else with atomics; the free that
 * leaves a gone thread's account empty releases it.  With preemption
 * disabled (an RCU read side): @a may be released by a concurrent free
 * as soon as this one is counted.
 */
static __always_inline void nt_pool_uncount(struct nt_pool_account *a,
					    u32 index, u32 size, bool own)
{
	struct nt_pool_record *r = &a->records[index];
	long freed;

	if (own) {
		nt_pool_local_add(&r->frees, 1);
		nt_pool_local_add(&r->bytes, -(long)size);
		nt_pool_local_add(&a->bytes, -(long)size);
		nt_pool_local_add(&a->live, -1);
		return;
	}
	atomic_long_add(size, &r->remote_bytes);
	atomic_long_inc(&r->remote_frees);
	if (a->cpu >= 0)
		return;		/* a CPU's account is never released */
	atomic_long_add(size, &a->remote_bytes);
	/* Fully ordered: pairs with the smp_mb() in nt_pool_thread_delete(). */
	freed = atomic_long_inc_return(&a->remote_frees);
	/* Pairs with the release in nt_pool_thread_delete(): @live is final. */
	if (smp_load_acquire(&a->thread_gone) &&
	    freed == atomic_long_read(&a->live))
		nt_pool_account_release(a);
}

/*
 * The account a block names, or NULL: the calling thread's from the
 * cache when it is that one, else by ID.  With preemption disabled.
 */
static __always_inline struct nt_pool_account *
nt_pool_account_of(u32 where, bool *own)
{
	u32 id = where >> NT_POOL_RECORD_BITS;
	struct nt_pool_account *a = nt_pool_cached_account();

	if (likely(a && a->id == id)) {
		*own = true;
		return a;
	}
	a = xa_load(&nt_pool_ids, id);
	*own = a && a->cpu < 0 && nt_pool_owns(a);
	return a;
}

/* ---- side records ---- */

/*
 * A slot of the side table: the block's address as its key (0: free,
 * NT_POOL_SIDE_BUSY: being filled or emptied), and its size << 32 | the
 * record (the "where" of a header: account ID and index; the record's key
 * has the tag and the pool type).  Four slots, a cache line, per bucket.
 */
struct nt_pool_side {
	unsigned long key;
	u64 word;
};

#define NT_POOL_SIDE_ALIGN	32	/* side blocks' alignment, at least */
#define NT_POOL_SIDE_SLOTS	4	/* per bucket */
#define NT_POOL_SIDE_BUSY	1UL
#define NT_POOL_SIDE_WORD(size, where)	((u64)(size) << 32 | (where))

static_assert(sizeof(struct nt_pool_side) == NT_POOL_SIDE_BYTES);
static_assert(sizeof(struct nt_pool_side) * NT_POOL_SIDE_SLOTS == 64);

static struct nt_pool_side *nt_pool_side_table __read_mostly;
static unsigned int nt_pool_side_bits __read_mostly;
static atomic_long_t nt_pool_side_full;	/* header blocks for want of a slot */

static __always_inline struct nt_pool_side *nt_pool_side_bucket(const void *p)
{
	unsigned long h = hash_long((unsigned long)p >> 5, nt_pool_side_bits);

	return &nt_pool_side_table[h * NT_POOL_SIDE_SLOTS];
}

/* Is @size, @align-aligned, a side block: does a header change its class? */
static __always_inline bool nt_pool_side_fits(SIZE_T size, SIZE_T align)
{
	unsigned long last = this_cpu_read(nt_pool_last_class);
	size_t class;

	if (likely(last >> 32 == size)) {
		class = (u32)last;
	} else {
		class = kmalloc_size_roundup(size);
		this_cpu_write(nt_pool_last_class,
			       (unsigned long)size << 32 | (u32)class);
	}
	/* Power-of-two classes are naturally aligned (kmalloc's promise). */
	return class >= max_t(SIZE_T, align, NT_POOL_SIDE_ALIGN) &&
	       is_power_of_2(class) && size + align > class;
}

/* Record block @p in a free slot; false if its bucket is full. */
static __always_inline bool nt_pool_side_insert(const void *p, u64 word)
{
	struct nt_pool_side *s = nt_pool_side_bucket(p);
	int i;

	for (i = 0; i < NT_POOL_SIDE_SLOTS; i++, s++) {
		if (READ_ONCE(s->key) ||
		    cmpxchg(&s->key, 0, NT_POOL_SIDE_BUSY))
			continue;
		WRITE_ONCE(s->word, word);
		/* The word before the key: pairs with nt_pool_side_find(). */
		smp_store_release(&s->key, (unsigned long)p);
		return true;
	}
	atomic_long_inc(&nt_pool_side_full);
	return false;
}

/* The slot of block @p and its word, or NULL. */
static __always_inline struct nt_pool_side *
nt_pool_side_find(const void *p, u64 *word)
{
	struct nt_pool_side *s = nt_pool_side_bucket(p);
	int i;

	for (i = 0; i < NT_POOL_SIDE_SLOTS; i++, s++) {
		/* Pairs with the release in nt_pool_side_insert(). */
		if (smp_load_acquire(&s->key) == (unsigned long)p) {
			*word = READ_ONCE(s->word);
			return s;
		}
	}
	return NULL;
}

static int nt_pool_side_init(void)
{
	unsigned long buckets = totalram_pages() / 64;

	/* A bucket of four slots per 64 pages of memory: 0.025 %. */
	nt_pool_side_bits = clamp_t(unsigned int, ilog2(max(buckets, 1UL)), 8, 18);
	nt_pool_side_table = kvcalloc(NT_POOL_SIDE_SLOTS << nt_pool_side_bits,
				      sizeof(*nt_pool_side_table), GFP_KERNEL);
	return nt_pool_side_table ? 0 : -ENOMEM;
}

/* ---- the reserve for allocations with preemption off ---- */

#define NT_POOL_RESERVE_MIN	32	/* the smallest block */
#define NT_POOL_RESERVE_CLASSES	8	/* 32 B to 4 KiB */
#define NT_POOL_RESERVE_MAX	(NT_POOL_RESERVE_MIN << (NT_POOL_RESERVE_CLASSES - 1))
#define NT_POOL_RESERVE_DEPTH	8	/* blocks of each size per CPU: 64 KiB */

static_assert(NT_POOL_RESERVE_MAX == 4096);

/**
 * struct nt_pool_reserve - a CPU's blocks for allocations that cannot sleep
 * @lock: guards @blocks and @count (raw: taken with preemption off on RT)
 * @count: how many blocks of each size
 * @blocks: the blocks, NT_POOL_RESERVE_MIN << class bytes each
 * @refill: tops @blocks up, queued on the CPU
 */
struct nt_pool_reserve {
	raw_spinlock_t lock;
	u8 count[NT_POOL_RESERVE_CLASSES];
	void *blocks[NT_POOL_RESERVE_CLASSES][NT_POOL_RESERVE_DEPTH];
	struct work_struct refill;
};

static DEFINE_PER_CPU(struct nt_pool_reserve, nt_pool_reserves);
static atomic_long_t nt_pool_reserve_taken, nt_pool_reserve_empty;

/* kmalloc()'s class for @bytes from the reserve: naturally aligned. */
static unsigned int nt_pool_reserve_class(SIZE_T bytes)
{
	return bytes <= NT_POOL_RESERVE_MIN ? 0 :
	       order_base_2(bytes) - order_base_2(NT_POOL_RESERVE_MIN);
}

static void nt_pool_reserve_fill(struct work_struct *work)
{
	struct nt_pool_reserve *r = container_of(work, struct nt_pool_reserve,
						 refill);
	unsigned int class;

	for (class = 0; class < NT_POOL_RESERVE_CLASSES; class++) {
		while (READ_ONCE(r->count[class]) < NT_POOL_RESERVE_DEPTH) {
			void *block = kmalloc(NT_POOL_RESERVE_MIN << class,
					      GFP_KERNEL | __GFP_NOWARN);
			unsigned long flags;
			bool kept = false;

			if (!block)
				break;
			/* Handed out, it is the caller's (see the allocation). */
			kmemleak_not_leak(block);
			raw_spin_lock_irqsave(&r->lock, flags);
			if (r->count[class] < NT_POOL_RESERVE_DEPTH) {
				r->blocks[class][r->count[class]] = block;
				/* Read without the lock above. */
				WRITE_ONCE(r->count[class], r->count[class] + 1);
				kept = true;
			}
			raw_spin_unlock_irqrestore(&r->lock, flags);
			if (!kept) {
				kfree(block);
				break;
			}
		}
	}
}

/*
 * A block of @bytes (at most NT_POOL_RESERVE_MAX) from this CPU's
 * reserve, zeroed with @zero; NULL if none is left.  With preemption or
 * interrupts disabled on PREEMPT_RT, not in a hard interrupt.
 */
static void *nt_pool_reserve_take(SIZE_T bytes, bool zero)
{
	unsigned int class = nt_pool_reserve_class(bytes);
	struct nt_pool_reserve *r = this_cpu_ptr(&nt_pool_reserves);
	void *block = NULL;
	unsigned long flags;
	unsigned int left;

	raw_spin_lock_irqsave(&r->lock, flags);
	left = r->count[class];
	if (left)
		block = r->blocks[class][--left];
	WRITE_ONCE(r->count[class], left);
	raw_spin_unlock_irqrestore(&r->lock, flags);
	if (left < NT_POOL_RESERVE_DEPTH / 2)
		queue_work_on(smp_processor_id(), system_highpri_wq, &r->refill);
	if (!block) {
		atomic_long_inc(&nt_pool_reserve_empty);
		return NULL;
	}
	atomic_long_inc(&nt_pool_reserve_taken);
	if (zero)
		memset(block, 0, bytes);
	return block;
}

/*
 * Fill each online CPU's reserve; a CPU that comes online later has its
 * filled after its first allocation with preemption off, which finds it
 * empty.
 */
static void nt_pool_reserve_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct nt_pool_reserve *r = per_cpu_ptr(&nt_pool_reserves, cpu);

		raw_spin_lock_init(&r->lock);
		INIT_WORK(&r->refill, nt_pool_reserve_fill);
		if (cpu_online(cpu))
			nt_pool_reserve_fill(&r->refill);
	}
}

static void nt_pool_reserve_exit(void)
{
	unsigned int class, i;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct nt_pool_reserve *r = per_cpu_ptr(&nt_pool_reserves, cpu);

		cancel_work_sync(&r->refill);
		for (class = 0; class < NT_POOL_RESERVE_CLASSES; class++) {
			for (i = 0; i < r->count[class]; i++)
				kfree(r->blocks[class][i]);
			r->count[class] = 0;
		}
	}
}

/* ---- allocation ---- */

/* What a call asks for, once its flags or pool type are read. */
struct nt_pool_request {
	enum nt_pool_kind kind;
	bool zero;
	bool cache_aligned;
	bool raise;	/* Windows raises an exception on failure */
};

#define NT_POOL_FLAGS_KNOWN						\
	(POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION | \
	 POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE |		\
	 POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED)
#define NT_POOL_FLAGS_REQUIRED	0x00000000ffffffffULL

static bool nt_pool_read_flags(ULONG64 flags, struct nt_pool_request *req)
{
	ULONG64 kinds = flags & (POOL_FLAG_NON_PAGED |
				 POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);

	/* Unknown required flags fail; unknown optional ones are ignored. */
	if ((flags & NT_POOL_FLAGS_REQUIRED & ~NT_POOL_FLAGS_KNOWN) ||
	    !kinds || (kinds & (kinds - 1)))	/* exactly one */
		return false;
	req->kind = kinds == POOL_FLAG_PAGED ? NT_POOL_PAGED : NT_POOL_NONPAGED;
	req->zero = !(flags & POOL_FLAG_UNINITIALIZED);
	req->cache_aligned = flags & POOL_FLAG_CACHE_ALIGNED;
	req->raise = flags & POOL_FLAG_RAISE_ON_FAILURE;
	return true;
}

#define NT_POOL_TYPE_MODIFIERS						\
	(POOL_QUOTA_FAIL_INSTEAD_OF_RAISE | POOL_RAISE_IF_ALLOCATION_FAILURE | \
	 POOL_COLD_ALLOCATION | POOL_NX_ALLOCATION | NonPagedPoolSession)

static bool nt_pool_read_type(enum nt_pool_call call, ULONG64 type,
			      struct nt_pool_request *req)
{
	ULONG64 base = type & ~(ULONG64)NT_POOL_TYPE_MODIFIERS;

	/* The must-succeed types are the system's: Windows bug checks. */
	if (base != NonPagedPool && base != PagedPool &&
	    base != NonPagedPoolCacheAligned && base != PagedPoolCacheAligned)
		return false;
	req->kind = base & PagedPool ? NT_POOL_PAGED : NT_POOL_NONPAGED;
	req->cache_aligned = base & NonPagedPoolCacheAligned;
	req->zero = call == NT_POOL_CALL_ZERO;
	req->raise = type & POOL_RAISE_IF_ALLOCATION_FAILURE;
	if (call == NT_POOL_CALL_QUOTA)
		req->raise = !(type & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE);
	return true;
}

/* ExAllocatePool3's parameters: a priority or a node, which change nothing. */
static bool nt_pool_read_params(PCPOOL_EXTENDED_PARAMETER params, ULONG count)
{
	ULONG i;

	if (count && !params)
		return false;
	for (i = 0; i < count; i++) {
		POOL_EXTENDED_PARAMETER p;

		if (copy_from_kernel_nofault(&p, &params[i], sizeof(p)))
			return false;
		if (p.Type != PoolExtendedParameterPriority &&
		    p.Type != PoolExtendedParameterNumaNode && !p.Optional)
			return false;
	}
	return true;
}

/* Free a raw block in any context: deferred where it must be. */
static __always_inline void nt_pool_free_block(void *raw, bool vmalloced)
{
	struct llist_node *node = raw;

	if (likely(nt_pool_slab_ok()) && !vmalloced) {
		kfree(raw);
		return;
	}
	if (nt_pool_slab_ok() && nt_at_passive()) {
		vfree(raw);
		return;
	}
	llist_add(node, &nt_pool_deferred_blocks);
	queue_work(system_wq, &nt_pool_work);
}

static __always_inline void *nt_pool_block(SIZE_T bytes, gfp_t gfp,
					   bool atomic)
{
	/*
	 * Preemption off (a KSPIN_LOCK, KeRaiseIrql()): the reserve first,
	 * for a raw spinlock may be held; on PREEMPT_RT the reserve alone,
	 * for the slab allocator's locks sleep there.
	 */
	if (atomic && !nt_pool_slab_ok()) {
		void *block = NULL;

		if (bytes <= NT_POOL_RESERVE_MAX)
			block = nt_pool_reserve_take(bytes, gfp & __GFP_ZERO);
		if (block)
			return block;
		if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
			pr_warn_once("%s: no %zu-byte block for an allocation with preemption off (PREEMPT_RT: the reserve's blocks are 4 KiB at most, and refilled by a work item): NULL\n",
				     __func__, bytes);
			return NULL;
		}
	}
	/* kvmalloc() is kmalloc() up to a page: one call fewer. */
	if (atomic || bytes <= PAGE_SIZE)
		return kmalloc(bytes, gfp);
	return kvmalloc(bytes, gfp);
}

/*
 * A header block for @size bytes, @align-aligned: the caller's memory,
 * with the raw block in *@rawp; NULL on failure.
 */
static void *nt_pool_header_block(SIZE_T size, SIZE_T align, gfp_t gfp,
				  bool atomic, void **rawp)
{
	SIZE_T bytes = size + align;
	void *raw, *p;

	raw = nt_pool_block(bytes, gfp, atomic);
	if (!raw)
		return NULL;
	p = PTR_ALIGN(raw + sizeof(struct nt_pool_header), align);
	if (p + size > raw + bytes) {
		/* A block aligned to less than 16 bytes: 16 more are enough. */
		nt_pool_free_block(raw, is_vmalloc_addr(raw));
		bytes += NT_POOL_ALIGN;
		raw = nt_pool_block(bytes, gfp, atomic);
		if (!raw)
			return NULL;
		p = PTR_ALIGN(raw + sizeof(struct nt_pool_header), align);
	}
	*rawp = raw;
	return p;
}

/**
 * nt_pool_allocate() - what the ExAllocatePool* macros call
 * @call: which routine, and so how @how is read
 * @how: POOL_FLAG_* (NT_POOL_CALL_FLAGS) or a POOL_TYPE
 * @size: bytes
 * @tag: the pool tag, not 0
 * @params: ExAllocatePool3's extended parameters, or NULL
 * @count: how many @params
 * @owner: the calling module (THIS_MODULE), NULL for none
 *
 * Context: non-paged pool at IRQL <= DISPATCH_LEVEL: not in a hard
 * interrupt, and on PREEMPT_RT not with preemption or interrupts disabled;
 * paged pool at PASSIVE_LEVEL.  Sleeps only at PASSIVE_LEVEL.
 * Return: 16-byte aligned memory (cache-line aligned if asked), zeroed
 * unless the call leaves it uninitialised; NULL on failure, and on bad
 * flags, a bad type, tag 0 or the wrong context, which are logged once.
 */
PVOID nt_pool_allocate(enum nt_pool_call call, u64 how, SIZE_T size,
		       ULONG tag, PCPOOL_EXTENDED_PARAMETER params,
		       ULONG count, struct module *owner)
{
	struct nt_pool_request req;
	struct nt_pool_account *a;
	struct nt_pool_header *h;
	bool atomic, ok, side;
	unsigned long key;
	void *raw, *p;
	u32 index, where;
	SIZE_T align;
	gfp_t gfp;

	ok = call == NT_POOL_CALL_FLAGS ?
	     nt_pool_read_flags(how, &req) && nt_pool_read_params(params, count) :
	     nt_pool_read_type(call, how, &req);
	if (!ok || !tag) {
		nt_pool_count_report(NT_POOL_REPORT_BAD_CALL);
		nt_bugcheck_once("bad flags/type 0x%llx, parameters or tag 0x%08x from %pS",
				 how, tag, __builtin_return_address(0));
		return NULL;
	}
	atomic = !nt_at_passive();
	if (atomic && (req.kind == NT_POOL_PAGED || in_nmi() || in_hardirq())) {
		nt_pool_count_report(NT_POOL_REPORT_BAD_CALL);
		pr_warn_once("%s: %s pool at DISPATCH_LEVEL or above from %pS: refused (Windows would bug check)\n",
			     __func__, nt_pool_kind_names[req.kind],
			     __builtin_return_address(0));
		return NULL;
	}
	if (size > NT_POOL_MAX_SIZE || nt_should_fail_pool(tag))
		goto failed;

	align = req.cache_aligned ? max(SMP_CACHE_BYTES, NT_POOL_ALIGN) :
				    NT_POOL_ALIGN;
	gfp = (atomic ? GFP_ATOMIC : GFP_KERNEL) | __GFP_NOWARN;
	if (req.zero)
		gfp |= __GFP_ZERO;
	side = nt_pool_side_fits(size, align);
	if (side) {
		p = nt_pool_block(size, gfp, atomic);
		if (!p)
			goto failed;
		raw = p;
		if (unlikely(!IS_ALIGNED((unsigned long)p,
					 max_t(SIZE_T, align, NT_POOL_SIDE_ALIGN)))) {
			nt_pool_free_block(p, is_vmalloc_addr(p));
			side = false;
		}
	}
	if (!side) {
		p = nt_pool_header_block(size, align, gfp, atomic, &raw);
		if (!p)
			goto failed;
	}
	/* Its pointer may live only in a driver that unloads: see the docs. */
	kmemleak_not_leak(raw);

	a = nt_pool_current_account();
	key = NT_POOL_KEY(tag, req.kind);
	index = a->cpu < 0 ? nt_pool_own_record(a, key, owner) :
			     nt_pool_record_get(a, key, owner);
	where = a->id << NT_POOL_RECORD_BITS | index;
	/* The overflow record has no tag to check a free against: a header. */
	if (side && (!index || !nt_pool_side_insert(p, NT_POOL_SIDE_WORD(size, where)))) {
		nt_pool_free_block(p, is_vmalloc_addr(p));
		side = false;
		p = nt_pool_header_block(size, align, gfp, atomic, &raw);
		if (!p)
			goto failed;
		kmemleak_not_leak(raw);
	}
	nt_pool_count(a, index, size);
	if (!side) {
		h = p - sizeof(*h);
		h->tag = tag;
		h->size = size;
		h->word = NT_POOL_WORD(where, p - raw, req.kind);
		h->word |= nt_pool_check(p, tag, size, h->word);
	}
	trace_ntthread_pool_alloc(tag, size, p, req.kind == NT_POOL_PAGED);
	return p;

failed:
	if (req.raise)
		pr_warn_ratelimited("%s: %zu bytes of tag 0x%08x from %pS failed; Windows would raise STATUS_INSUFFICIENT_RESOURCES, here it returns NULL\n",
				    __func__, size, tag,
				    __builtin_return_address(0));
	return NULL;
}
EXPORT_SYMBOL_GPL(nt_pool_allocate);

/**
 * ExAllocatePool2() - allocate pool, zeroed unless POOL_FLAG_UNINITIALIZED
 * @Flags: exactly one of POOL_FLAG_NON_PAGED, _NON_PAGED_EXECUTE and
 *	   _PAGED, with POOL_FLAG_UNINITIALIZED, _CACHE_ALIGNED, _USE_QUOTA
 *	   (no quota is charged), _SESSION (no session pool: ignored) and
 *	   _RAISE_ON_FAILURE (no exceptions: NULL and a log line)
 * @NumberOfBytes: bytes
 * @Tag: the pool tag, not 0
 *
 * Called through the function (the macro of the same name passes the
 * calling module), the allocation belongs to no module.
 *
 * Context: non-paged pool at IRQL <= DISPATCH_LEVEL, paged pool at
 * PASSIVE_LEVEL (see nt_pool_allocate()).
 * Return: the memory, 16-byte aligned, or NULL.
 */
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	return nt_pool_allocate(NT_POOL_CALL_FLAGS, Flags, NumberOfBytes, Tag,
				NULL, 0, NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePool2);

/**
 * ExAllocatePool3() - ExAllocatePool2() with extended parameters
 * @Flags: as ExAllocatePool2's
 * @NumberOfBytes: bytes
 * @Tag: the pool tag, not 0
 * @ExtendedParameters: priorities and NUMA nodes (accepted, without
 *			effect); a secure pool parameter fails unless optional
 * @ExtendedParametersCount: how many
 *
 * Context: as ExAllocatePool2().
 * Return: the memory, 16-byte aligned, or NULL.
 */
PVOID ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
		      PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
		      ULONG ExtendedParametersCount)
{
	return nt_pool_allocate(NT_POOL_CALL_FLAGS, Flags, NumberOfBytes, Tag,
				ExtendedParameters, ExtendedParametersCount,
				NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePool3);

/**
 * ExAllocatePoolWithTag() - allocate uninitialised pool
 * @PoolType: NonPagedPool(Nx), PagedPool or their CacheAligned and
 *	      Session variants, with the POOL_* modifiers; the must-succeed
 *	      types fail
 * @NumberOfBytes: bytes
 * @Tag: the pool tag, not 0
 *
 * Context: non-paged pool at IRQL <= DISPATCH_LEVEL, paged pool at
 * PASSIVE_LEVEL (see nt_pool_allocate()).
 * Return: the memory, 16-byte aligned, or NULL.
 */
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
			    ULONG Tag)
{
	return nt_pool_allocate(NT_POOL_CALL_TYPE, PoolType, NumberOfBytes, Tag,
				NULL, 0, NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePoolWithTag);

/**
 * ExAllocatePoolZero() - ExAllocatePoolWithTag(), zeroed
 * @PoolType: as ExAllocatePoolWithTag's
 * @NumberOfBytes: bytes
 * @Tag: the pool tag, not 0
 *
 * Context: as ExAllocatePoolWithTag().
 * Return: the memory, zeroed, or NULL.
 */
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return nt_pool_allocate(NT_POOL_CALL_ZERO, PoolType, NumberOfBytes, Tag,
				NULL, 0, NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePoolZero);

/**
 * ExAllocatePoolWithQuotaTag() - ExAllocatePoolWithTag(); no quota here
 * @PoolType: as ExAllocatePoolWithTag's; without
 *	      POOL_QUOTA_FAIL_INSTEAD_OF_RAISE a failure is logged (Windows
 *	      raises an exception)
 * @NumberOfBytes: bytes
 * @Tag: the pool tag, not 0
 *
 * Context: as ExAllocatePoolWithTag().
 * Return: the memory or NULL.
 */
PVOID ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
				 ULONG Tag)
{
	return nt_pool_allocate(NT_POOL_CALL_QUOTA, PoolType, NumberOfBytes,
				Tag, NULL, 0, NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePoolWithQuotaTag);

/**
 * ExAllocatePool() - ExAllocatePoolWithTag() with the tag "None"
 * @PoolType: as ExAllocatePoolWithTag's
 * @NumberOfBytes: bytes
 *
 * Context: as ExAllocatePoolWithTag().
 * Return: the memory or NULL.
 */
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	return nt_pool_allocate(NT_POOL_CALL_TYPE, PoolType, NumberOfBytes,
				NT_POOL_TAG_NONE, NULL, 0, NULL);
}
EXPORT_SYMBOL_GPL(ExAllocatePool);

/* ---- free ---- */

/*
 * Keep a released account's counts, so that a tag's allocations and frees
 * never go down: added to the retired account's record of the same key
 * (peaks: the highest).  Only the work item writes there.
 */
static void nt_pool_retire(struct nt_pool_account *a)
{
	struct nt_pool_account *to = nt_pool_retired;
	unsigned int i;

	for (i = 0; i < a->nr_records; i++) {
		struct nt_pool_record *r = &a->records[i], *t;
		unsigned long key = nt_pool_record_key(r);

		if (key == NT_POOL_KEY_CLAIMING || !atomic_long_read(&r->allocs))
			continue;
		t = &to->records[key ? nt_pool_record_get(to, key, NULL) : 0];
		atomic_long_add(atomic_long_read(&r->allocs), &t->allocs);
		atomic_long_add(atomic_long_read(&r->frees) +
				atomic_long_read(&r->remote_frees), &t->frees);
		atomic_long_add(atomic_long_read(&r->bytes) -
				atomic_long_read(&r->remote_bytes), &t->bytes);
		nt_pool_raise(&t->peak, atomic_long_read(&r->peak));
	}
}

static void nt_pool_deferred(struct work_struct *work)
{
	struct nt_pool_account *a, *next_a;
	struct llist_node *node, *next;

	llist_for_each_safe(node, next, llist_del_all(&nt_pool_deferred_blocks))
		kvfree(node);
	llist_for_each_entry_safe(a, next_a,
				  llist_del_all(&nt_pool_deferred_accounts),
				  release) {
		nt_pool_retire(a);
		nt_pool_account_free(a);
	}
}

/* Report a bad free, as Verifier would (BAD_POOL_CALLER, 0xC2). */
static void nt_pool_bad_free(enum nt_pool_report report, const void *p,
			     ULONG tag, ULONG had, unsigned long caller)
{
	static const char *const what[] = {
		[NT_POOL_REPORT_WRONG_TAG] = "with the wrong tag",
		[NT_POOL_REPORT_DOUBLE_FREE] = "already freed",
		[NT_POOL_REPORT_FOREIGN] = "that is not pool",
	};

	nt_pool_count_report(report);
	if (report == NT_POOL_REPORT_WRONG_TAG)
		pr_err_ratelimited("BAD_POOL_CALLER: %pS freed %p with tag 0x%08x, allocated with tag 0x%08x ('%.4s'): not freed (Windows would bug check)\n",
				   (void *)caller, p, tag, had, (char *)&had);
	else
		pr_err_ratelimited("BAD_POOL_CALLER: %pS freed %p (tag 0x%08x), %s: ignored (Windows would bug check)\n",
				   (void *)caller, p, tag, what[report]);
}

static void nt_pool_hardirq_free(unsigned long caller)
{
	pr_warn_once("%s: %pS freed pool in a hard interrupt: freed later (Windows would bug check)\n",
		     __func__, (void *)caller);
}

/*
 * Free @p if it is a side block: false if the side table has no slot for
 * it (then it may be a header block).  The slot is claimed with a
 * cmpxchg, so that of two frees of one block only one frees it; the other
 * finds no slot.  A wrong tag is reported without claiming.  *freed
 * says whether it was freed.
 */
static __always_inline bool nt_pool_side_free(void *p, ULONG tag,
					      bool check_tag,
					      unsigned long caller,
					      bool *freed)
{
	struct nt_pool_account *a;
	struct nt_pool_side *s;
	u32 where, index, size;
	u64 word;
	ULONG had;
	bool own;

again:
	/* An RCU read side: an account seen through a slot stays. */
	preempt_disable();
	s = nt_pool_side_find(p, &word);
	if (!s) {
		preempt_enable();
		return false;
	}
	where = NT_POOL_WHERE(word);
	size = word >> 32;
	index = where & (BIT(NT_POOL_RECORD_BITS) - 1);
	/* A slot names a live record: its block keeps the account. */
	a = nt_pool_account_of(where, &own);
	if (unlikely(!a || !index || index >= a->nr_records)) {
		/*
		 * Unless a racing free of the same block (a double free)
		 * has just freed it and released its account: look again.
		 */
		bool same = READ_ONCE(s->key) == (unsigned long)p &&
			    READ_ONCE(s->word) == word;

		preempt_enable();
		if (!same)
			goto again;
		WARN_ONCE(1, "ntthread: side slot of %p names no record\n", p);
		nt_pool_bad_free(NT_POOL_REPORT_FOREIGN, p, tag, 0, caller);
		return true;
	}
	had = NT_POOL_KEY_TAG(READ_ONCE(a->records[index].key));
	if (check_tag && tag != had) {
		preempt_enable();
		nt_pool_bad_free(NT_POOL_REPORT_WRONG_TAG, p, tag, had, caller);
		return true;
	}
	if (cmpxchg(&s->key, (unsigned long)p, NT_POOL_SIDE_BUSY) != (unsigned long)p) {
		/* Being freed by another call: look again. */
		preempt_enable();
		goto again;
	}
	if (READ_ONCE(s->word) != word) {
		/* Freed and allocated again meanwhile: check the new one. */
		smp_store_release(&s->key, (unsigned long)p);
		preempt_enable();
		goto again;
	}
	if (unlikely(in_hardirq()))
		nt_pool_hardirq_free(caller);
	trace_ntthread_pool_free(had, size, p);
	nt_pool_uncount(a, index, size, own);
	preempt_enable();
	/* The slot's word read before it is free for another block. */
	smp_store_release(&s->key, 0);
	nt_pool_free_block(p, is_vmalloc_addr(p));
	*freed = true;
	return true;
}

/*
 * Free @p: with @check_tag, only if it was allocated with @tag.  A side
 * block is found in the side table; a header block's header is read
 * without faulting and claimed with a cmpxchg, so that of two frees of
 * one block only one frees it.  False if it was reported, not freed.
 */
static bool nt_pool_free(PVOID p, ULONG tag, bool check_tag,
			 unsigned long caller)
{
	struct nt_pool_header *hp = p - sizeof(*hp);
	unsigned long first, word, check;
	struct nt_pool_account *a;
	u32 index, had, size;
	bool own, done = false;

	if (!IS_ALIGNED((unsigned long)p, NT_POOL_ALIGN) ||
	    (unsigned long)p < PAGE_OFFSET + sizeof(*hp))
		goto foreign;
	if (IS_ALIGNED((unsigned long)p, NT_POOL_SIDE_ALIGN) &&
	    nt_pool_side_free(p, tag, check_tag, caller, &done))
		return done;
	if (!nt_read_word_nofault(hp, &first) ||
	    !nt_read_word_nofault(&hp->word, &word))
		goto foreign;
	had = first;
	size = first >> 32;
	check = nt_pool_check(p, had, size, word);
	if ((word & NT_POOL_CHECK_MASK) == (~check & NT_POOL_CHECK_MASK))
		goto freed;
	if ((word & NT_POOL_CHECK_MASK) != check)
		goto foreign;
	index = NT_POOL_WHERE(word) & (BIT(NT_POOL_RECORD_BITS) - 1);
	preempt_disable();
	a = nt_pool_account_of(NT_POOL_WHERE(word), &own);
	if (!a || index >= a->nr_records ||
	    (index && NT_POOL_KEY_TAG(READ_ONCE(a->records[index].key)) != had)) {
		preempt_enable();
		goto foreign;
	}
	/* A live header names a live account: its allocation keeps it. */
	if (check_tag && tag != had) {
		preempt_enable();
		nt_pool_bad_free(NT_POOL_REPORT_WRONG_TAG, p, tag, had, caller);
		return false;
	}
	if (cmpxchg64(&hp->word, word, word ^ NT_POOL_CHECK_MASK) != word) {
		preempt_enable();
		goto freed;
	}
	if (unlikely(in_hardirq()))
		nt_pool_hardirq_free(caller);
	trace_ntthread_pool_free(had, size, p);
	nt_pool_uncount(a, index, size, own);
	preempt_enable();
	nt_pool_free_block(p - NT_POOL_OFFSET(word), is_vmalloc_addr(p));
	return true;

freed:
	nt_pool_bad_free(NT_POOL_REPORT_DOUBLE_FREE, p, tag, 0, caller);
	return false;
foreign:
	nt_pool_bad_free(NT_POOL_REPORT_FOREIGN, p, tag, 0, caller);
	return false;
}

/**
 * ExFreePoolWithTag() - free pool allocated with @Tag
 * @P: what an ExAllocatePool* routine returned
 * @Tag: the tag it was allocated with
 *
 * A wrong tag, a block already freed and a pointer that is not pool
 * (NULL included) are reported, naming the caller and the tag, and
 * nothing is freed (Windows bug checks BAD_POOL_CALLER).
 *
 * Context: IRQL <= DISPATCH_LEVEL; paged pool at PASSIVE_LEVEL.  Where
 * the slab allocator cannot run (PREEMPT_RT with preemption off, a hard
 * interrupt) or vmalloc'ed memory is freed in atomic context, the memory
 * goes in a work item.  Does not sleep.
 */
VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	nt_pool_free(P, Tag, true, _RET_IP_);
}
EXPORT_SYMBOL_GPL(ExFreePoolWithTag);

/**
 * ExFreePool() - free pool, whatever its tag
 * @P: what an ExAllocatePool* routine returned
 *
 * Context: as ExFreePoolWithTag().
 */
VOID ExFreePool(PVOID P)
{
	nt_pool_free(P, 0, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(ExFreePool);

/**
 * nt_pool_free_tagged() - ExFreePoolWithTag() for the layer's own
 *	allocations, saying whether it freed
 * @p: the block
 * @tag: its tag
 * @caller: whom a report names (the driver that called the layer)
 *
 * Context: as ExFreePoolWithTag().
 * Return: true if freed; false if reported and left alone.
 */
bool nt_pool_free_tagged(PVOID p, ULONG tag, unsigned long caller)
{
	return nt_pool_free(p, tag, true, caller);
}

/* ---- what the views and the unload report read ---- */

static void nt_pool_record_read(struct nt_pool_record *r,
				struct nt_pool_figures *f)
{
	long remote_bytes = atomic_long_read(&r->remote_bytes);
	long remote_frees = atomic_long_read(&r->remote_frees);

	/* The remote counts first: never more frees than allocations seen. */
	smp_rmb();
	f->allocs += atomic_long_read(&r->allocs);
	f->frees += atomic_long_read(&r->frees) + remote_frees;
	f->bytes += atomic_long_read(&r->bytes) - remote_bytes;
	f->peak += atomic_long_read(&r->peak);
}

static ULONG nt_pool_record_tag(struct nt_pool_record *r, unsigned long key)
{
	return key ? NT_POOL_KEY_TAG(key) : 0x3f3f3f3f;	/* "????" */
}

static bool nt_pool_record_used(struct nt_pool_record *r, unsigned long key)
{
	return key ? key != NT_POOL_KEY_CLAIMING :
		     atomic_long_read(&r->allocs) != 0;
}

/* A tag as four printable characters, in memory order (poolmon's). */
static void nt_pool_tag_text(ULONG tag, char text[5])
{
	int i;

	for (i = 0; i < 4; i++) {
		char c = tag >> (8 * i);

		text[i] = isgraph(c) ? c : '.';
	}
	text[4] = '\0';
}

/*
 * A module is going (after its exit routine): list, by tag and kind, the
 * pool it allocated and has not freed.  It stays allocated, as under
 * Verifier; its records are no longer the module's.
 */
static int nt_pool_module_notify(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	struct module *mod = data;
	struct nt_pool_account *a;
	long allocations = 0, bytes = 0;
	unsigned int i;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	rcu_read_lock();
	list_for_each_entry_rcu(a, &nt_pool_accounts, link) {
		for (i = 1; i < a->nr_records; i++) {
			struct nt_pool_record *r = &a->records[i];
			unsigned long key = nt_pool_record_key(r);
			struct nt_pool_figures f = {};
			char tag[5];

			if (!key || key == NT_POOL_KEY_CLAIMING ||
			    READ_ONCE(r->owner) != mod)
				continue;
			WRITE_ONCE(r->owner, NT_POOL_OWNER_GONE);
			nt_pool_record_read(r, &f);
			if (!f.bytes && f.allocs == f.frees)
				continue;
			nt_pool_tag_text(NT_POOL_KEY_TAG(key), tag);
			if (a->cpu < 0 && a->routine)
				pr_warn("module %s unloaded holding pool: tag %s (0x%08x) %s, %ld allocations, %ld bytes, allocated by thread %lu (%ps)\n",
					mod->name, tag, NT_POOL_KEY_TAG(key),
					nt_pool_kind_names[NT_POOL_KEY_KIND(key)],
					f.allocs - f.frees, f.bytes, a->tid,
					a->routine);
			else if (a->cpu < 0)	/* an adopted thread: no routine */
				pr_warn("module %s unloaded holding pool: tag %s (0x%08x) %s, %ld allocations, %ld bytes, allocated by thread %lu (adopted)\n",
					mod->name, tag, NT_POOL_KEY_TAG(key),
					nt_pool_kind_names[NT_POOL_KEY_KIND(key)],
					f.allocs - f.frees, f.bytes, a->tid);
			else
				pr_warn("module %s unloaded holding pool: tag %s (0x%08x) %s, %ld allocations, %ld bytes, allocated on CPU %d outside this layer's threads\n",
					mod->name, tag, NT_POOL_KEY_TAG(key),
					nt_pool_kind_names[NT_POOL_KEY_KIND(key)],
					f.allocs - f.frees, f.bytes, a->cpu);
			allocations += f.allocs - f.frees;
			bytes += f.bytes;
			nt_pool_count_report(NT_POOL_REPORT_LEAK);
		}
	}
	rcu_read_unlock();
	if (allocations)
		pr_warn("module %s unloaded holding %ld pool allocations, %ld bytes: left allocated (Driver Verifier would bug check, 0xC4)\n",
			mod->name, allocations, bytes);
	return NOTIFY_DONE;
}

/* After ps.c's notifier, which waits for the module's threads to end. */
static struct notifier_block nt_pool_module_nb = {
	.notifier_call = nt_pool_module_notify,
	.priority = -1,
};

/**
 * nt_pool_thread_figures() - a thread's pool: all its records added up
 * @thread: a thread object the caller keeps alive (RCU or a reference)
 * @f: filled in; its peak is the thread's own peak of bytes held
 */
void nt_pool_thread_figures(struct nt_thread *thread, struct nt_pool_figures *f)
{
	struct nt_pool_account *a;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	rcu_read_lock();
	a = nt_pool_thread_account(thread);
	if (a) {
		for (i = 0; i < a->nr_records; i++)
			nt_pool_record_read(&a->records[i], f);
		f->bytes = atomic_long_read(&a->bytes) -
			   atomic_long_read(&a->remote_bytes);
		f->peak = atomic_long_read(&a->peak);
	}
	rcu_read_unlock();
}

/* One row of `pool`: a tag and kind, summed over every account. */
struct nt_pool_row {
	ULONG tag;
	unsigned int kind;
	struct nt_pool_figures f;
};

static int nt_pool_row_by_key(const void *x, const void *y)
{
	const struct nt_pool_row *a = x, *b = y;

	if (a->tag != b->tag)
		return a->tag < b->tag ? -1 : 1;
	return a->kind - b->kind;
}

static int nt_pool_row_by_bytes(const void *x, const void *y)
{
	const struct nt_pool_row *a = x, *b = y;

	if (a->f.bytes != b->f.bytes)
		return a->f.bytes > b->f.bytes ? -1 : 1;
	return nt_pool_row_by_key(x, y);
}

/* Every record in use, as rows (at most @max); how many there are. */
static size_t nt_pool_collect(struct nt_pool_row *rows, size_t max)
{
	struct nt_pool_account *a;
	size_t n = 0;
	unsigned int i;

	rcu_read_lock();
	list_for_each_entry_rcu(a, &nt_pool_accounts, link) {
		for (i = 0; i < a->nr_records; i++) {
			struct nt_pool_record *r = &a->records[i];
			unsigned long key = nt_pool_record_key(r);

			if (!nt_pool_record_used(r, key))
				continue;
			if (n < max) {
				memset(&rows[n], 0, sizeof(rows[n]));
				rows[n].tag = nt_pool_record_tag(r, key);
				rows[n].kind = NT_POOL_KEY_KIND(key);
				nt_pool_record_read(r, &rows[n].f);
			}
			n++;
		}
	}
	rcu_read_unlock();
	return n;
}

/**
 * nt_pool_show() - the `pool` view: per tag and kind, sorted by bytes
 * @seq: where
 *
 * Context: process context; sleeps.
 */
void nt_pool_show(struct seq_file *seq)
{
	struct nt_pool_row *rows = NULL;
	size_t n, max = 0, i, out = 0;

	/* Records only ever get added: retry until the array is big enough. */
	while ((n = nt_pool_collect(rows, max)) > max) {
		kvfree(rows);
		max = n + 64;
		rows = kvmalloc_array(max, sizeof(*rows), GFP_KERNEL);
		if (!rows) {
			seq_puts(seq, "(out of memory)\n");
			return;
		}
	}
	sort(rows, n, sizeof(*rows), nt_pool_row_by_key, NULL);
	for (i = 0; i < n; i++) {
		if (out && !nt_pool_row_by_key(&rows[out - 1], &rows[i])) {
			struct nt_pool_figures *f = &rows[out - 1].f;

			f->allocs += rows[i].f.allocs;
			f->frees += rows[i].f.frees;
			f->bytes += rows[i].f.bytes;
			f->peak += rows[i].f.peak;
		} else {
			rows[out++] = rows[i];
		}
	}
	sort(rows, out, sizeof(*rows), nt_pool_row_by_bytes, NULL);
	seq_puts(seq, "tag tag_value type allocs frees diff bytes peak_bytes\n");
	for (i = 0; i < out; i++) {
		struct nt_pool_figures *f = &rows[i].f;
		char tag[5];

		nt_pool_tag_text(rows[i].tag, tag);
		seq_printf(seq, "%s 0x%08x %s %ld %ld %ld %ld %ld\n", tag,
			   rows[i].tag, nt_pool_kind_names[rows[i].kind],
			   f->allocs, f->frees, f->allocs - f->frees, f->bytes,
			   f->peak);
	}
	kvfree(rows);
}

/* A start routine as one token: without the " [module]" of %ps. */
static noinline void nt_pool_print_routine(struct seq_file *seq, void *routine)
{
	char name[KSYM_SYMBOL_LEN];

	snprintf(name, sizeof(name), "%ps", routine);
	seq_printf(seq, "%.*s", (int)strcspn(name, " "), name);
}

/**
 * nt_pool_threads_show() - the `pool_threads` view: per account and record
 * @seq: where
 *
 * A row per (thread or CPU, tag, kind): the thread's TID and start
 * routine, or "-" and "cpuN" for the contexts that are not this layer's
 * threads.  Threads whose objects are gone stay while their pool does.
 *
 * Context: process context.
 */
void nt_pool_threads_show(struct seq_file *seq)
{
	struct nt_pool_account *a;
	unsigned int i;

	seq_puts(seq, "tid start_routine state tag tag_value type allocs frees diff bytes peak_bytes\n");
	rcu_read_lock();
	list_for_each_entry_rcu(a, &nt_pool_accounts, link) {
		for (i = 0; i < a->nr_records; i++) {
			struct nt_pool_record *r = &a->records[i];
			unsigned long key = nt_pool_record_key(r);
			struct nt_pool_figures f = {};
			char tag[5];

			if (!nt_pool_record_used(r, key))
				continue;
			nt_pool_record_read(r, &f);
			nt_pool_tag_text(nt_pool_record_tag(r, key), tag);
			if (a->cpu == NT_POOL_CPU_RETIRED) {
				seq_puts(seq, "- retired gone");
			} else if (a->cpu >= 0) {
				seq_printf(seq, "- cpu%d cpu", a->cpu);
			} else {
				seq_printf(seq, "%lu ", a->tid);
				nt_pool_print_routine(seq, a->routine);
				seq_puts(seq, READ_ONCE(a->thread_gone) ?
					 " gone" : " alive");
			}
			seq_printf(seq, " %s 0x%08x %s %ld %ld %ld %ld %ld\n", tag,
				   nt_pool_record_tag(r, key),
				   nt_pool_kind_names[NT_POOL_KEY_KIND(key)],
				   f.allocs, f.frees, f.allocs - f.frees,
				   f.bytes, f.peak);
		}
	}
	rcu_read_unlock();
}

/* ---- for the KUnit suites ---- */

static void nt_pool_sum(struct nt_pool_account *only, ULONG tag,
			enum nt_pool_kind kind, struct nt_pool_figures *f)
{
	unsigned long want = NT_POOL_KEY(tag, kind);
	struct nt_pool_account *a;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	rcu_read_lock();
	list_for_each_entry_rcu(a, &nt_pool_accounts, link) {
		if (only && a != only)
			continue;
		for (i = 1; i < a->nr_records; i++)
			if (nt_pool_record_key(&a->records[i]) == want)
				nt_pool_record_read(&a->records[i], f);
	}
	rcu_read_unlock();
}

/**
 * ntthread_pool_tag() - a tag's figures, summed over every account
 * @tag: the tag
 * @kind: which pool
 * @f: filled in
 *
 * Context: any context.
 */
void ntthread_pool_tag(ULONG tag, enum nt_pool_kind kind,
		       struct nt_pool_figures *f)
{
	nt_pool_sum(NULL, tag, kind, f);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_tag, NT_NS_INTERNAL);

/**
 * ntthread_pool_thread_tag() - one thread's figures for a tag
 * @thread: a thread object the caller holds a reference to
 * @tag: the tag
 * @kind: which pool
 * @f: filled in; all 0 if the thread never allocated
 *
 * Context: any context.
 */
void ntthread_pool_thread_tag(struct nt_thread *thread, ULONG tag,
			      enum nt_pool_kind kind, struct nt_pool_figures *f)
{
	struct nt_pool_account *a = nt_pool_thread_account(thread);

	memset(f, 0, sizeof(*f));
	if (a)
		nt_pool_sum(a, tag, kind, f);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_thread_tag, NT_NS_INTERNAL);

/**
 * ntthread_pool_reports() - how many reports of a kind were made
 * @report: which
 *
 * Context: any context.
 * Return: the count since load.
 */
long ntthread_pool_reports(enum nt_pool_report report)
{
	return atomic_long_read(&nt_pool_reports[report]);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_reports, NT_NS_INTERNAL);

/**
 * ntthread_pool_side() - is @p a side block, its record in the side table?
 * @p: what an ExAllocatePool* routine returned (and not freed)
 *
 * Context: any context.
 * Return: true for a side block, false for a header block (or no pool).
 */
bool ntthread_pool_side(const void *p)
{
	u64 word;

	return IS_ALIGNED((unsigned long)p, NT_POOL_SIDE_ALIGN) &&
	       (unsigned long)p >= PAGE_OFFSET && nt_pool_side_find(p, &word);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_side, NT_NS_INTERNAL);

/**
 * ntthread_pool_side_full() - allocations that found their bucket full
 *
 * Context: any context.
 * Return: how many became header blocks for want of a slot, since load.
 */
long ntthread_pool_side_full(void)
{
	return atomic_long_read(&nt_pool_side_full);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_side_full, NT_NS_INTERNAL);

/**
 * ntthread_pool_trace_loop() - the allocation tracepoint, @n times over
 * @n: how many
 * @traced: false for the same loop without the tracepoint
 *
 * For the benchmark: the loop's time with @traced less its time without
 * is what @n tracepoints cost, disabled or enabled, where the pool calls
 * them.
 *
 * Context: any context.
 */
void ntthread_pool_trace_loop(unsigned int n, bool traced)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (traced)
			trace_ntthread_pool_alloc(NT_POOL_TAG_NONE, i, NULL,
						  false);
		barrier();
	}
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_trace_loop, NT_NS_INTERNAL);

/**
 * ntthread_pool_reserve_counts() - the PREEMPT_RT reserve's use since load
 * @taken: set to the blocks taken from a CPU's reserve
 * @empty: set to the allocations that found their size's reserve empty
 *
 * Context: any context.
 */
void ntthread_pool_reserve_counts(long *taken, long *empty)
{
	*taken = atomic_long_read(&nt_pool_reserve_taken);
	*empty = atomic_long_read(&nt_pool_reserve_empty);
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_reserve_counts, NT_NS_INTERNAL);

/**
 * ntthread_pool_flush() - finish deferred frees, releases and refills
 *
 * Context: process context; sleeps.
 */
void ntthread_pool_flush(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		flush_work(&per_cpu_ptr(&nt_pool_reserves, cpu)->refill);
	flush_work(&nt_pool_work);
	rcu_barrier();
}
EXPORT_SYMBOL_NS_GPL(ntthread_pool_flush, NT_NS_INTERNAL);

/* ---- init and exit ---- */

static void nt_pool_exit_accounts(void);

int nt_pool_init(void)
{
	struct nt_pool_account *a;
	int cpu, ret;

	nt_pool_secret = get_random_u64();
	nt_pool_reserve_init();
	if (nt_pool_side_init()) {
		nt_pool_reserve_exit();
		return -ENOMEM;
	}
	nt_pool_cpu = kcalloc(nr_cpu_ids, sizeof(*nt_pool_cpu), GFP_KERNEL);
	if (!nt_pool_cpu) {
		kvfree(nt_pool_side_table);
		nt_pool_side_table = NULL;
		nt_pool_reserve_exit();
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		a = nt_pool_account_new(NT_POOL_CPU_RECORDS, GFP_KERNEL);
		if (!a) {
			ret = -ENOMEM;
			goto err;
		}
		a->cpu = cpu;
		nt_pool_cpu[cpu] = a;
	}
	nt_pool_retired = nt_pool_account_new(NT_POOL_RETIRED_RECORDS, GFP_KERNEL);
	if (!nt_pool_retired) {
		ret = -ENOMEM;
		goto err;
	}
	nt_pool_retired->cpu = NT_POOL_CPU_RETIRED;
	ret = register_module_notifier(&nt_pool_module_nb);
	if (ret)
		goto err;
	WRITE_ONCE(nt_ps_delete_hook, nt_pool_thread_delete);
	return 0;

err:
	nt_pool_exit_accounts();
	return ret;
}

/* Free every account; pool still allocated then is unloaded drivers'. */
static void nt_pool_exit_accounts(void)
{
	struct nt_pool_account *a, *next;
	long bytes = 0;
	unsigned int i;

	flush_work(&nt_pool_work);
	list_for_each_entry_safe(a, next, &nt_pool_accounts, link) {
		for (i = 0; i < a->nr_records; i++)
			bytes += atomic_long_read(&a->records[i].bytes) -
				 atomic_long_read(&a->records[i].remote_bytes);
		nt_pool_account_free(a);
	}
	if (bytes)
		pr_warn("unloading with %ld bytes of pool that unloaded drivers left allocated\n",
			bytes);
	kfree(nt_pool_cpu);
	nt_pool_cpu = NULL;
	/* Slots left name unloaded drivers' blocks, which stay allocated. */
	kvfree(nt_pool_side_table);
	nt_pool_side_table = NULL;
	nt_pool_reserve_exit();
}

/* After ps's exit: every thread object has released its account. */
void nt_pool_exit(void)
{
	WRITE_ONCE(nt_ps_delete_hook, NULL);
	unregister_module_notifier(&nt_pool_module_nb);
	nt_pool_exit_accounts();
}
