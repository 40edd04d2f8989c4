// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the executive pool.  Each POOL_FLAG_* and POOL_TYPE (alignment,
 * zeroing, the counts of its tag and pool type), the context rules
 * (DISPATCH_LEVEL, hard interrupts, PREEMPT_RT), a thread that allocates
 * three tags and frees one while another thread frees its memory, read
 * back from the counts and from the debugfs files pool, pool_threads and
 * threads; Driver Verifier's reports (wrong tag, double free, foreign
 * pointers) and fault injection by tag; side records (the blocks a
 * header would move into a larger size class): which sizes get one,
 * their reports, frees from other threads and racing frees.
 */
#include <linux/fault-inject.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "ntthread_kunit.h"
#include "pool.h"

#define POOL_BUF	(256 * 1024)

/* A tag that poolmon shows as "abcd" (a driver writes 'dcba'). */
#define TAG(a, b, c, d)	((ULONG)(a) | (ULONG)(b) << 8 | (ULONG)(c) << 16 | \
			 (ULONG)(d) << 24)

/* A tag's counts now, minus @base. */
static struct nt_pool_figures pool_delta(ULONG tag, enum nt_pool_kind kind,
					 const struct nt_pool_figures *base)
{
	struct nt_pool_figures f;

	ntthread_pool_flush();
	ntthread_pool_tag(tag, kind, &f);
	f.allocs -= base->allocs;
	f.frees -= base->frees;
	f.bytes -= base->bytes;
	return f;
}

struct pool_case {
	const char *name;
	enum nt_pool_call call;
	u64 how;
	SIZE_T size;
	bool ok;
	bool zeroed;
	unsigned int align;
	enum nt_pool_kind kind;
};

static const struct pool_case pool_cases[] = {
	{ "Pool2 NON_PAGED", NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 100,
	  true, true, 16, NT_POOL_NONPAGED },
	{ "Pool2 NON_PAGED_EXECUTE", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED_EXECUTE, 100, true, true, 16, NT_POOL_NONPAGED },
	{ "Pool2 PAGED", NT_POOL_CALL_FLAGS, POOL_FLAG_PAGED, 3000, true, true,
	  16, NT_POOL_PAGED },
	{ "Pool2 UNINITIALIZED", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, 40, true, false, 16,
	  NT_POOL_NONPAGED },
	{ "Pool2 CACHE_ALIGNED", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_PAGED | POOL_FLAG_CACHE_ALIGNED, 100, true, true,
	  SMP_CACHE_BYTES, NT_POOL_PAGED },
	{ "Pool2 USE_QUOTA|SESSION|RAISE_ON_FAILURE", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | POOL_FLAG_USE_QUOTA | POOL_FLAG_SESSION |
	  POOL_FLAG_RAISE_ON_FAILURE, 8, true, true, 16, NT_POOL_NONPAGED },
	{ "Pool2 SPECIAL_POOL (optional)", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | POOL_FLAG_SPECIAL_POOL | (1ULL << 40), 8, true,
	  true, 16, NT_POOL_NONPAGED },
	{ "Pool2 size 0", NT_POOL_CALL_FLAGS, POOL_FLAG_NON_PAGED, 0, true,
	  true, 16, NT_POOL_NONPAGED },
	{ "Pool2 PAGED 1 MiB", NT_POOL_CALL_FLAGS, POOL_FLAG_PAGED, 1 << 20,
	  true, true, 16, NT_POOL_PAGED },
	{ "Pool2 no pool", NT_POOL_CALL_FLAGS, POOL_FLAG_UNINITIALIZED, 8,
	  false, false, 16, NT_POOL_NONPAGED },
	{ "Pool2 NON_PAGED|PAGED", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 8, false, false, 16,
	  NT_POOL_NONPAGED },
	{ "Pool2 RESERVED1", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED1, 8, false, false, 16,
	  NT_POOL_NONPAGED },
	{ "Pool2 unknown required flag", NT_POOL_CALL_FLAGS,
	  POOL_FLAG_NON_PAGED | 0x800, 8, false, false, 16, NT_POOL_NONPAGED },
	{ "Pool2 size above INT_MAX", NT_POOL_CALL_FLAGS, POOL_FLAG_PAGED,
	  (SIZE_T)INT_MAX + 1, false, false, 16, NT_POOL_PAGED },
	{ "WithTag NonPagedPool", NT_POOL_CALL_TYPE, NonPagedPool, 64, true,
	  false, 16, NT_POOL_NONPAGED },
	{ "WithTag NonPagedPoolNx", NT_POOL_CALL_TYPE, NonPagedPoolNx, 64,
	  true, false, 16, NT_POOL_NONPAGED },
	{ "WithTag PagedPool", NT_POOL_CALL_TYPE, PagedPool, 64, true, false,
	  16, NT_POOL_PAGED },
	{ "WithTag NonPagedPoolCacheAligned", NT_POOL_CALL_TYPE,
	  NonPagedPoolCacheAligned, 64, true, false, SMP_CACHE_BYTES,
	  NT_POOL_NONPAGED },
	{ "WithTag PagedPoolCacheAligned", NT_POOL_CALL_TYPE,
	  PagedPoolCacheAligned, 64, true, false, SMP_CACHE_BYTES,
	  NT_POOL_PAGED },
	{ "WithTag NonPagedPoolNxCacheAligned", NT_POOL_CALL_TYPE,
	  NonPagedPoolNxCacheAligned, 64, true, false, SMP_CACHE_BYTES,
	  NT_POOL_NONPAGED },
	{ "WithTag PagedPoolSession", NT_POOL_CALL_TYPE, PagedPoolSession, 64,
	  true, false, 16, NT_POOL_PAGED },
	{ "WithTag NonPagedPool|RAISE", NT_POOL_CALL_TYPE,
	  NonPagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE, 64, true, false, 16,
	  NT_POOL_NONPAGED },
	{ "WithTag NonPagedPoolMustSucceed", NT_POOL_CALL_TYPE,
	  NonPagedPoolMustSucceed, 64, false, false, 16, NT_POOL_NONPAGED },
	{ "WithTag DontUseThisType", NT_POOL_CALL_TYPE, DontUseThisType, 64,
	  false, false, 16, NT_POOL_NONPAGED },
	{ "WithTag MaxPoolType", NT_POOL_CALL_TYPE, MaxPoolType, 64, false,
	  false, 16, NT_POOL_NONPAGED },
	{ "Zero NonPagedPoolNx", NT_POOL_CALL_ZERO, NonPagedPoolNx, 500, true,
	  true, 16, NT_POOL_NONPAGED },
	{ "Zero PagedPool", NT_POOL_CALL_ZERO, PagedPool, 500, true, true, 16,
	  NT_POOL_PAGED },
	{ "QuotaTag PagedPool", NT_POOL_CALL_QUOTA, PagedPool, 64, true, false,
	  16, NT_POOL_PAGED },
	{ "QuotaTag NonPagedPool|FAIL_INSTEAD_OF_RAISE", NT_POOL_CALL_QUOTA,
	  NonPagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE, 64, true, false, 16,
	  NT_POOL_NONPAGED },
};

static void pool_case_desc(const struct pool_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pool_cases, pool_cases, pool_case_desc);

static bool pool_all_zero(const u8 *p, SIZE_T size)
{
	return !size || (!p[0] && !memcmp(p, p + 1, size - 1));
}

/* Each flag and type: NULL or memory as asked, counted under its tag. */
static void pool_each_flag_and_type(struct kunit *test)
{
	const struct pool_case *c = test->param_value;
	ULONG tag = TAG('P', 't', 'y', 'A' + (c - pool_cases));
	long bad = ntthread_pool_reports(NT_POOL_REPORT_BAD_CALL);
	struct nt_pool_figures base, f;
	u8 *p;

	ntthread_pool_tag(tag, c->kind, &base);
	p = nt_pool_allocate(c->call, c->how, c->size, tag, NULL, 0,
			     THIS_MODULE);
	f = pool_delta(tag, c->kind, &base);
	if (!c->ok) {
		KUNIT_EXPECT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, f.allocs, 0);
		/* Bad arguments are reported; a size too large is not. */
		KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_BAD_CALL) - bad,
				c->size > INT_MAX ? 0L : 1L);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, c->align));
	if (c->zeroed)
		KUNIT_EXPECT_TRUE(test, pool_all_zero(p, c->size));
	memset(p, 0xa5, c->size);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.frees, 0);
	KUNIT_EXPECT_EQ(test, f.bytes, (long)c->size);
	ExFreePoolWithTag(p, tag);
	f = pool_delta(tag, c->kind, &base);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_BAD_CALL), bad);
}

/* The functions themselves (no macro): ExAllocatePool's tag is "None". */
static void pool_functions_and_default_tag(struct kunit *test)
{
	static const POOL_EXTENDED_PARAMETER prio = {
		.Type = PoolExtendedParameterPriority,
		.Priority = HighPoolPriority,
	};
	static const POOL_EXTENDED_PARAMETER secure = {
		.Type = PoolExtendedParameterSecurePool,
	};
	struct nt_pool_figures base, f;
	void *p;

	ntthread_pool_tag(NT_POOL_TAG_NONE, NT_POOL_PAGED, &base);
	p = (ExAllocatePool)(PagedPool, 10);
	KUNIT_ASSERT_NOT_NULL(test, p);
	f = pool_delta(NT_POOL_TAG_NONE, NT_POOL_PAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 10);
	(ExFreePool)(p);
	KUNIT_EXPECT_EQ(test, pool_delta(NT_POOL_TAG_NONE, NT_POOL_PAGED, &base).bytes, 0);

	p = (ExAllocatePool3)(POOL_FLAG_NON_PAGED, 8, TAG('P', 't', '3', 'a'),
			      &prio, 1);
	KUNIT_EXPECT_NOT_NULL(test, p);
	(ExFreePoolWithTag)(p, TAG('P', 't', '3', 'a'));
	KUNIT_EXPECT_NULL(test, (ExAllocatePool3)(POOL_FLAG_NON_PAGED, 8,
						  TAG('P', 't', '3', 'b'),
						  &secure, 1));
	KUNIT_EXPECT_NULL(test, ExAllocatePool3(POOL_FLAG_NON_PAGED, 8,
						TAG('P', 't', '3', 'c'), NULL, 1));
	p = (ExAllocatePoolWithTag)(NonPagedPool, 8, TAG('P', 't', 'f', 'n'));
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePoolWithTag(p, TAG('P', 't', 'f', 'n'));
	p = (ExAllocatePoolZero)(NonPagedPool, 8, TAG('P', 't', 'f', 'n'));
	KUNIT_EXPECT_TRUE(test, p && pool_all_zero(p, 8));
	ExFreePool(p);
	p = (ExAllocatePoolWithQuotaTag)(PagedPool, 8, TAG('P', 't', 'f', 'n'));
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePool(p);
	p = (ExAllocatePool2)(POOL_FLAG_PAGED, 8, TAG('P', 't', 'f', 'n'));
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePool(p);
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_PAGED, 8, 0));
}

/* ---- context rules ---- */

struct pool_irq {
	void *nonpaged, *paged;
	void *to_free;
};

static void pool_in_irq(void *arg)
{
	struct pool_irq *s = arg;

	s->nonpaged = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG('P', 't', 'i', 'r'));
	s->paged = ExAllocatePoolWithTag(PagedPool, 32, TAG('P', 't', 'i', 'r'));
	ExFreePoolWithTag(s->to_free, TAG('P', 't', 'i', 'r'));
}

static DEFINE_SPINLOCK(pool_lock);

/*
 * At DISPATCH_LEVEL non-paged pool is allocated and paged pool refused
 * with NULL; with preemption off, where PREEMPT_RT's allocator cannot
 * run, non-paged pool comes from the CPU's reserve; in hard interrupts
 * (above DISPATCH_LEVEL) pool is refused everywhere.  Frees work in any
 * context (deferred where they must be).
 */
static void pool_context_rules(struct kunit *test)
{
	const ULONG tag = TAG('P', 't', 'i', 'r');
	long bad = ntthread_pool_reports(NT_POOL_REPORT_BAD_CALL);
	struct nt_pool_figures base[2], f;
	long taken, empty, taken2, empty2;
	struct pool_irq s = {};
	void *p, *q;

	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base[0]);
	ntthread_pool_tag(tag, NT_POOL_PAGED, &base[1]);
	q = ExAllocatePoolWithTag(PagedPool, 64, tag);
	KUNIT_ASSERT_NOT_NULL(test, q);

	/* A spin lock: DISPATCH_LEVEL everywhere, and may allocate on RT. */
	spin_lock(&pool_lock);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)DISPATCH_LEVEL);
	p = ExAllocatePoolWithTag(NonPagedPool, 64, tag);
	KUNIT_EXPECT_NULL(test, ExAllocatePoolWithTag(PagedPool, 64, tag));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_PAGED, 64, tag));
	ExFreePoolWithTag(q, tag);	/* paged, freed at DISPATCH_LEVEL */
	spin_unlock(&pool_lock);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_BAD_CALL) - bad, 2L);

	/* Preemption off: a block from the reserve. */
	ntthread_pool_flush();
	ntthread_pool_reserve_counts(&taken, &empty);
	preempt_disable();
	q = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, tag);
	ExFreePoolWithTag(p, tag);
	preempt_enable();
	KUNIT_EXPECT_NOT_NULL(test, q);
	if (q)
		ExFreePoolWithTag(q, tag);
	ntthread_pool_reserve_counts(&taken2, &empty2);
	KUNIT_EXPECT_EQ(test, taken2 - taken, 1L);
	KUNIT_EXPECT_EQ(test, empty2, empty);

	/* Hard interrupt context: the free is deferred. */
	s.to_free = ExAllocatePoolWithTag(NonPagedPool, 16, tag);
	KUNIT_ASSERT_NOT_NULL(test, s.to_free);
	ntt_in_hardirq(test, pool_in_irq, &s);
	KUNIT_EXPECT_NULL(test, s.nonpaged);
	KUNIT_EXPECT_NULL(test, s.paged);

	f = pool_delta(tag, NT_POOL_NONPAGED, &base[0]);
	KUNIT_EXPECT_EQ(test, f.allocs, 3L);
	KUNIT_EXPECT_EQ(test, f.frees, f.allocs);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	f = pool_delta(tag, NT_POOL_PAGED, &base[1]);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

#define POOL_RESERVE_DEPTH	8	/* pool.c's NT_POOL_RESERVE_DEPTH */

/*
 * Under a KSPIN_LOCK (a raw spinlock, preemption off) the slab allocator
 * may not run on PREEMPT_RT, nor nest there for lockdep anywhere: non-paged
 * pool of up to 4 KiB comes from the CPU's reserve, eight blocks of each
 * size.  On RT the ninth is NULL until the reserve's work item has run, as
 * is any larger block; elsewhere those fall back to GFP_ATOMIC (not done
 * here: lockdep would object to the nesting).
 */
static void pool_reserve_under_spin_lock(struct kunit *test)
{
	const ULONG tag = TAG('P', 'r', 's', 'v');
	bool rt = IS_ENABLED(CONFIG_PREEMPT_RT);
	unsigned int i, got = 0, n = POOL_RESERVE_DEPTH + (rt ? 2 : 0);
	void *p[POOL_RESERVE_DEPTH + 2] = {}, *big = NULL, *again;
	long taken, empty, taken2, empty2;
	struct nt_pool_figures base, f;
	KSPIN_LOCK lock;
	KIRQL old;

	KeInitializeSpinLock(&lock);
	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base);
	ntthread_pool_flush();		/* every reserve full */
	ntthread_pool_reserve_counts(&taken, &empty);
	KeAcquireSpinLock(&lock, &old);
	/* 1000 bytes and a header: 1 KiB blocks, on one CPU. */
	for (i = 0; i < n; i++) {
		p[i] = ExAllocatePoolWithTag(NonPagedPoolNx, 1000, tag);
		got += !!p[i];
	}
	if (rt)
		big = ExAllocatePoolWithTag(NonPagedPoolNx, 8192, tag);
	KeReleaseSpinLock(&lock, old);
	ntthread_pool_reserve_counts(&taken2, &empty2);

	KUNIT_EXPECT_EQ(test, got, POOL_RESERVE_DEPTH);
	KUNIT_EXPECT_NULL(test, big);
	KUNIT_EXPECT_EQ(test, taken2 - taken, (long)POOL_RESERVE_DEPTH);
	KUNIT_EXPECT_EQ(test, empty2 - empty, rt ? 2L : 0L);
	for (i = 0; i < got; i++) {
		KUNIT_EXPECT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p[i], 16));
	}

	/* Refilled: the next allocation under the lock succeeds. */
	ntthread_pool_flush();
	KeAcquireSpinLock(&lock, &old);
	again = ExAllocatePoolZero(NonPagedPoolNx, 4000, tag);
	KeReleaseSpinLock(&lock, old);
	KUNIT_EXPECT_NOT_NULL(test, again);
	if (again)
		KUNIT_EXPECT_TRUE(test, !memchr_inv(again, 0, 4000));

	/* Freed at DISPATCH_LEVEL too, and nothing is left counted. */
	KeAcquireSpinLock(&lock, &old);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		if (p[i])
			ExFreePoolWithTag(p[i], tag);
	if (again)
		ExFreePoolWithTag(again, tag);
	KeReleaseSpinLock(&lock, old);
	ntthread_pool_flush();
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, (long)got + !!again);
	KUNIT_EXPECT_EQ(test, f.frees, f.allocs);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

/* ---- per thread and per tag, and the debugfs files ---- */

#define TAG_A	TAG('P', 't', 'h', 'A')
#define TAG_B	TAG('P', 't', 'h', 'B')
#define TAG_C	TAG('P', 't', 'h', 'C')

struct pool_thread_ctx {
	void *a[2], *b;
	KEVENT done, go;
	ULONG tag_a;	/* what the freeing thread frees with */
};

/* Allocate two blocks of A, one of B (paged) and one of C; free C. */
static VOID pool_allocator(PVOID context)
{
	struct pool_thread_ctx *c = context;
	void *p;

	c->a[0] = ExAllocatePoolWithTag(NonPagedPoolNx, 100, TAG_A);
	c->a[1] = ExAllocatePool2(POOL_FLAG_NON_PAGED, 200, TAG_A);
	c->b = ExAllocatePoolWithTag(PagedPool, 1000, TAG_B);
	p = ExAllocatePoolZero(NonPagedPoolNx, 50, TAG_C);
	ExFreePoolWithTag(p, TAG_C);
	KeSetEvent(&c->done, IO_NO_INCREMENT, FALSE);
	KeWaitForSingleObject(&c->go, Executive, KernelMode, FALSE, NULL);
}

static VOID pool_freer(PVOID context)
{
	struct pool_thread_ctx *c = context;

	ExFreePoolWithTag(c->a[0], c->tag_a);
	ExFreePoolWithTag(c->a[1], c->tag_a);
}

static char *pool_read(struct kunit *test, const char *name)
{
	char *buf = kunit_kzalloc(test, POOL_BUF, GFP_KERNEL);
	ssize_t n, len = 0;
	struct file *f;
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	f = ntt_debugfs_open(name);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "opening %s", name);
	while ((n = kernel_read(f, buf + len, POOL_BUF - 1 - len, &pos)) > 0)
		len += n;
	filp_close(f, NULL);
	KUNIT_ASSERT_GE(test, n, 0);
	KUNIT_ASSERT_LT(test, len, (ssize_t)POOL_BUF - 1);
	return buf;
}

/* The figures of @tag in the pool file; false if it has no row. */
static bool pool_file_row(struct kunit *test, char *buf, ULONG tag,
			  const char *kind, struct nt_pool_figures *f)
{
	char *line, text[8], type[8];
	int fields;
	long diff;
	u32 value;

	KUNIT_EXPECT_STREQ(test, strsep(&buf, "\n"), "# format 1");
	line = strsep(&buf, "\n");
	KUNIT_EXPECT_STREQ(test, line,
			   "tag tag_value type allocs frees diff bytes peak_bytes");
	while ((line = strsep(&buf, "\n")) && *line) {
		fields = sscanf(line, "%7s %x %7s %ld %ld %ld %ld %ld", text,
				&value, type, &f->allocs, &f->frees, &diff,
				&f->bytes, &f->peak);
		KUNIT_ASSERT_EQ(test, fields, 8);
		KUNIT_EXPECT_EQ(test, diff, f->allocs - f->frees);
		if (value == tag && !strcmp(type, kind)) {
			KUNIT_EXPECT_EQ(test, memcmp(text, &tag, 4), 0);
			return true;
		}
	}
	return false;
}

/* The figures of thread @tid and @tag in pool_threads. */
static bool pool_threads_row(struct kunit *test, char *buf, HANDLE tid,
			     ULONG tag, struct nt_pool_figures *f)
{
	char *line, routine[64], state[8], text[8], type[8];
	char want[16];
	int fields;
	long diff;
	u32 value;

	snprintf(want, sizeof(want), "%lu ", (unsigned long)tid);
	KUNIT_EXPECT_STREQ(test, strsep(&buf, "\n"), "# format 1");
	line = strsep(&buf, "\n");
	KUNIT_EXPECT_STREQ(test, line,
			   "tid start_routine state tag tag_value type allocs frees diff bytes peak_bytes");
	while ((line = strsep(&buf, "\n")) && *line) {
		if (strncmp(line, want, strlen(want)))
			continue;
		fields = sscanf(line + strlen(want),
				"%63s %7s %7s %x %7s %ld %ld %ld %ld %ld",
				routine, state, text, &value, type, &f->allocs,
				&f->frees, &diff, &f->bytes, &f->peak);
		KUNIT_ASSERT_EQ(test, fields, 10);
		KUNIT_EXPECT_STREQ(test, routine, "pool_allocator");
		if (value == tag)
			return true;
	}
	return false;
}

/* The pool columns of thread @tid in threads (the last three). */
static bool pool_threads_columns(struct kunit *test, char *buf, HANDLE tid,
				 struct nt_pool_figures *f)
{
	char *line, *last;
	int i;

	KUNIT_EXPECT_STREQ(test, strsep(&buf, "\n"), "# format 1");
	line = strsep(&buf, "\n");
	KUNIT_EXPECT_NOT_NULL(test,
			      strstr(line, " total_bytes pool_bytes pool_peak_bytes pool_allocs"));
	while ((line = strsep(&buf, "\n")) && *line) {
		char *space = strchr(line, ' ');
		unsigned long t;

		if (!space)
			continue;
		*space = '\0';
		if (kstrtoul(line, 10, &t) || t != (unsigned long)tid)
			continue;
		*space = ' ';
		last = line + strlen(line);
		for (i = 0; i < 3; i++)
			while (last > line && *--last != ' ')
				;
		return sscanf(last, "%ld %ld %ld", &f->bytes, &f->peak,
			      &f->allocs) == 3;
	}
	return false;
}

/*
 * A thread allocates three tags and frees one; another thread frees the
 * first tag's blocks, which are credited back to the allocating thread.
 * The counts, pool, pool_threads and threads all show exactly that.
 */
static void pool_per_thread_and_tag(struct kunit *test)
{
	struct pool_thread_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct nt_pool_figures base[3], f, g;
	PETHREAD allocator, freer;
	HANDLE tid;
	char *buf;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeEvent(&c->done, NotificationEvent, FALSE);
	KeInitializeEvent(&c->go, NotificationEvent, FALSE);
	c->tag_a = TAG_A;
	ntthread_pool_tag(TAG_A, NT_POOL_NONPAGED, &base[0]);
	ntthread_pool_tag(TAG_B, NT_POOL_PAGED, &base[1]);
	ntthread_pool_tag(TAG_C, NT_POOL_NONPAGED, &base[2]);
	allocator = ntt_start_routine(test, pool_allocator, c);
	KUNIT_ASSERT_NOT_NULL(test, allocator);
	KUNIT_ASSERT_EQ(test, ntt_wait(&c->done), STATUS_SUCCESS);
	tid = PsGetThreadId(allocator);
	KUNIT_ASSERT_TRUE(test, c->a[0] && c->a[1] && c->b);

	/* Three tags allocated, one freed. */
	ntthread_pool_thread_tag(allocator, TAG_A, NT_POOL_NONPAGED, &f);
	KUNIT_EXPECT_EQ(test, f.allocs, 2);
	KUNIT_EXPECT_EQ(test, f.bytes, 300);
	KUNIT_EXPECT_EQ(test, f.peak, 300);
	ntthread_pool_thread_tag(allocator, TAG_C, NT_POOL_NONPAGED, &f);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	KUNIT_EXPECT_EQ(test, f.peak, 50);
	/* The files, against the same model. */
	buf = pool_read(test, "pool");
	KUNIT_EXPECT_TRUE(test, pool_file_row(test, buf, TAG_B, "Paged", &f));
	KUNIT_EXPECT_EQ(test, f.allocs - base[1].allocs, 1);
	KUNIT_EXPECT_EQ(test, f.bytes - base[1].bytes, 1000);
	buf = pool_read(test, "pool");
	KUNIT_EXPECT_TRUE(test, pool_file_row(test, buf, TAG_C, "Nonp", &f));
	KUNIT_EXPECT_EQ(test, f.allocs - base[2].allocs, 1);
	KUNIT_EXPECT_EQ(test, f.frees - base[2].frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes - base[2].bytes, 0);
	buf = pool_read(test, "pool_threads");
	KUNIT_EXPECT_TRUE(test, pool_threads_row(test, buf, tid, TAG_A, &f));
	KUNIT_EXPECT_EQ(test, f.allocs, 2);
	KUNIT_EXPECT_EQ(test, f.bytes, 300);
	buf = pool_read(test, "threads");
	KUNIT_EXPECT_TRUE(test, pool_threads_columns(test, buf, tid, &f));
	KUNIT_EXPECT_EQ(test, f.bytes, 1300);
	KUNIT_EXPECT_EQ(test, f.peak, 1350);
	KUNIT_EXPECT_EQ(test, f.allocs, 4);

	/* Another thread frees A: credited to the allocator and to A. */
	freer = ntt_start_routine(test, pool_freer, c);
	ntt_join(test, freer);
	ntthread_pool_thread_tag(allocator, TAG_A, NT_POOL_NONPAGED, &f);
	KUNIT_EXPECT_EQ(test, f.frees, 2);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	f = pool_delta(TAG_A, NT_POOL_NONPAGED, &base[0]);
	KUNIT_EXPECT_EQ(test, f.allocs, 2);
	KUNIT_EXPECT_EQ(test, f.frees, 2);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	buf = pool_read(test, "threads");
	KUNIT_EXPECT_TRUE(test, pool_threads_columns(test, buf, tid, &g));
	KUNIT_EXPECT_EQ(test, g.bytes, 1000);

	KeSetEvent(&c->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(allocator), STATUS_SUCCESS);
	ObDereferenceObject(allocator);
	/* Its thread gone, B still counts for it, in pool_threads too. */
	f = pool_delta(TAG_B, NT_POOL_PAGED, &base[1]);
	KUNIT_EXPECT_EQ(test, f.bytes, 1000);
	buf = pool_read(test, "pool_threads");
	KUNIT_EXPECT_TRUE(test, pool_threads_row(test, buf, tid, TAG_B, &f));
	KUNIT_EXPECT_EQ(test, f.bytes, 1000);
	ExFreePoolWithTag(c->b, TAG_B);
	f = pool_delta(TAG_B, NT_POOL_PAGED, &base[1]);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

/* ---- Driver Verifier's checks ---- */

static long pool_reports(void)
{
	return ntthread_pool_reports(NT_POOL_REPORT_WRONG_TAG) +
	       ntthread_pool_reports(NT_POOL_REPORT_DOUBLE_FREE) +
	       ntthread_pool_reports(NT_POOL_REPORT_FOREIGN);
}

/* Wrong-tag blocks: one with a header, one with a side record. */
static const struct pool_wrong_tag_case {
	SIZE_T size;
	bool side;
} pool_wrong_tag_cases[] = {
	{ 40, false },		/* 40 + 16 fit kmalloc-64 */
	{ 1024, true },		/* 1024 + 16 would not fit kmalloc-1k */
};

static void pool_wrong_tag_case_desc(const struct pool_wrong_tag_case *c,
				     char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes, %s", c->size,
		 c->side ? "side record" : "header");
}

KUNIT_ARRAY_PARAM(pool_wrong_tag, pool_wrong_tag_cases, pool_wrong_tag_case_desc);

/* A wrong tag is reported and frees nothing; the right one then frees. */
static void pool_wrong_tag_reported_not_freed(struct kunit *test)
{
	const struct pool_wrong_tag_case *c = test->param_value;
	const ULONG tag = TAG('P', 't', 'w', 't');
	long wrong = ntthread_pool_reports(NT_POOL_REPORT_WRONG_TAG);
	struct nt_pool_figures base, f;
	u8 *p;

	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base);
	p = ExAllocatePool2(POOL_FLAG_NON_PAGED, c->size, tag);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, ntthread_pool_side(p), c->side);
	memset(p, 0x5a, c->size);
	ExFreePoolWithTag(p, TAG('P', 't', 'w', 'x'));
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_WRONG_TAG) - wrong, 1L);
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.frees, 0);
	KUNIT_EXPECT_EQ(test, f.bytes, (long)c->size);
	KUNIT_EXPECT_EQ(test, p[0], 0x5a);
	KUNIT_EXPECT_EQ(test, p[c->size - 1], 0x5a);
	ExFreePoolWithTag(p, tag);
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_WRONG_TAG) - wrong, 1L);
}

/* A second free is one report and changes no count. */
static void pool_double_free_reported_once(struct kunit *test)
{
	const ULONG tag = TAG('P', 't', 'd', 'f');
	struct nt_pool_figures base, f;
	long reports = pool_reports();
	void *p;

	ntthread_pool_tag(tag, NT_POOL_PAGED, &base);
	p = ExAllocatePoolWithTag(PagedPool, 128, tag);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ExFreePoolWithTag(p, tag);
	KUNIT_EXPECT_EQ(test, pool_reports(), reports);
	ExFreePoolWithTag(p, tag);
	KUNIT_EXPECT_EQ(test, pool_reports() - reports, 1L);
	f = pool_delta(tag, NT_POOL_PAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

static u8 pool_static[64] __aligned(16);

/* Pointers that are no pool: each one report, nothing freed. */
static void pool_foreign_pointers_reported(struct kunit *test)
{
	u8 stack[64] __aligned(16);
	u8 *slab = kunit_kzalloc(test, 64, GFP_KERNEL);
	u8 *page = vzalloc(PAGE_SIZE);
	long foreign = ntthread_pool_reports(NT_POOL_REPORT_FOREIGN);
	void *inside = ExAllocatePoolWithTag(NonPagedPool, 64, TAG('P', 't', 'f', 'p'));
	void *const bad[] = {
		NULL, stack + 16, slab, slab + 1, page, page + 32, pool_static + 16,
		(void *)0x1000, (void *)0xdead000000000000UL, inside + 16,
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, slab);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, inside);
	memset(inside, 0, 64);
	memset(stack, 0, sizeof(stack));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ExFreePoolWithTag(bad[i], TAG('P', 't', 'f', 'p'));
		ExFreePool(bad[i]);
	}
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_FOREIGN) - foreign,
			(long)(2 * ARRAY_SIZE(bad)));
	memset(slab, 1, 64);		/* still ours */
	memset(page, 1, PAGE_SIZE);
	vfree(page);
	ExFreePoolWithTag(inside, TAG('P', 't', 'f', 'p'));
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_FOREIGN) - foreign,
			(long)(2 * ARRAY_SIZE(bad)));
}

/* ---- fault injection by tag ---- */

/*
 * fail_pool with fail_pool_tag set fails that tag's allocations, and no
 * other's; a failed allocation returns NULL and counts nothing.
 */
static void pool_fault_injection_by_tag(struct kunit *test)
{
	const ULONG tag = TAG('P', 't', 'f', 'i'), other = TAG('P', 't', 'f', 'o');
	struct fault_attr *attr = ntthread_fault_attr(NT_FAULT_POOL);
	struct nt_pool_figures base, f;
	void *p;
	int i;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base);
	attr->verbose = 0;
	attr->interval = 1;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, -1);
	attr->probability = 100;
	ntthread_fault_pool_tag(tag);
	for (i = 0; i < 10; i++) {
		KUNIT_EXPECT_NULL(test, ExAllocatePoolWithTag(NonPagedPool, 32, tag));
		KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_PAGED, 32, tag));
		p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, other);
		KUNIT_EXPECT_NOT_NULL(test, p);
		ExFreePoolWithTag(p, other);
	}
	attr->probability = 0;
	atomic_set(&attr->times, 0);
	ntthread_fault_pool_tag(0);
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 0);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	p = ExAllocatePoolWithTag(NonPagedPool, 32, tag);
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePoolWithTag(p, tag);
}

/* ---- side records ---- */

/*
 * The model of the rule: a block goes without a header where the header
 * would move it into a larger kmalloc size class, and its exact size
 * comes from a power-of-two class (naturally aligned, at least 32 bytes).
 */
static bool pool_side_expected(SIZE_T size, SIZE_T align)
{
	size_t class = kmalloc_size_roundup(size);

	return class >= max_t(SIZE_T, align, 32) && is_power_of_2(class) &&
	       size + align > class;
}

struct pool_side_case {
	const char *name;
	u64 flags;
	SIZE_T size;
};

static const struct pool_side_case pool_side_cases[] = {
	{ "64 B", POOL_FLAG_NON_PAGED, 64 },
	{ "50 B", POOL_FLAG_NON_PAGED, 50 },
	{ "1 KiB", POOL_FLAG_NON_PAGED, 1024 },
	{ "4 KiB paged", POOL_FLAG_PAGED, 4096 },
	{ "8 KiB", POOL_FLAG_NON_PAGED, 8192 },
	{ "64 KiB", POOL_FLAG_NON_PAGED, 65536 },
	{ "64 KiB paged", POOL_FLAG_PAGED, 65536 },
	{ "1 MiB paged", POOL_FLAG_PAGED, 1 << 20 },
	{ "100 B cache aligned", POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, 100 },
	{ "100 B (header)", POOL_FLAG_NON_PAGED, 100 },
	{ "1000 B (header)", POOL_FLAG_NON_PAGED, 1000 },
	{ "8 B (header)", POOL_FLAG_NON_PAGED, 8 },
	{ "96 B (header: kmalloc-96)", POOL_FLAG_NON_PAGED, 96 },
	{ "12 KiB (header)", POOL_FLAG_PAGED, 12288 },
};

static void pool_side_case_desc(const struct pool_side_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pool_side_cases, pool_side_cases, pool_side_case_desc);

/*
 * Each size goes the way the rule says (a side record or a header),
 * aligned, zeroed, usable to its last byte, counted and freed.
 */
static void pool_side_or_header(struct kunit *test)
{
	const struct pool_side_case *c = test->param_value;
	bool cache = c->flags & POOL_FLAG_CACHE_ALIGNED;
	SIZE_T align = cache ? max(SMP_CACHE_BYTES, 16) : 16;
	enum nt_pool_kind kind = c->flags & POOL_FLAG_PAGED ? NT_POOL_PAGED :
							      NT_POOL_NONPAGED;
	ULONG tag = TAG('P', 's', 'a', 'A' + (c - pool_side_cases));
	long full = ntthread_pool_side_full(), reports = pool_reports();
	struct nt_pool_figures base, f;
	u8 *p;

	ntthread_pool_tag(tag, kind, &base);
	p = ExAllocatePool2(c->flags, c->size, tag);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, align));
	/* A full bucket (never expected here) would make it a header block. */
	if (ntthread_pool_side_full() == full)
		KUNIT_EXPECT_EQ(test, ntthread_pool_side(p),
				pool_side_expected(c->size, align));
	KUNIT_EXPECT_TRUE(test, pool_all_zero(p, c->size));
	memset(p, 0x3c, c->size);
	f = pool_delta(tag, kind, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, (long)c->size);
	ExFreePoolWithTag(p, tag);
	f = pool_delta(tag, kind, &base);
	KUNIT_EXPECT_EQ(test, f.frees, 1);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	KUNIT_EXPECT_EQ(test, pool_reports(), reports);
}

/*
 * A side block freed twice: the second free finds no slot and is one
 * report (as a double free or as not pool), and nothing is counted or
 * freed twice.  Between the frees the memory is reused by kmalloc, so a
 * second kfree would show (KASAN, SLUB's freelist checks).
 */
static void pool_side_double_free(struct kunit *test)
{
	static const SIZE_T sizes[] = { 64, 1024, 65536 };
	const ULONG tag = TAG('P', 's', 'd', 'f');
	struct nt_pool_figures base, f;
	unsigned int i;
	void *p, *q;

	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		long reports = pool_reports();

		p = ExAllocatePoolWithTag(NonPagedPool, sizes[i], tag);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE(test, ntthread_pool_side(p));
		ExFreePoolWithTag(p, tag);
		q = kmalloc(sizes[i], GFP_KERNEL);	/* maybe p again */
		ExFreePoolWithTag(p, tag);
		ExFreePool(p);
		KUNIT_EXPECT_EQ(test, pool_reports() - reports, 2L);
		if (q)
			memset(q, 0x11, sizes[i]);
		kfree(q);
	}
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, (long)ARRAY_SIZE(sizes));
	KUNIT_EXPECT_EQ(test, f.frees, (long)ARRAY_SIZE(sizes));
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

/*
 * 32-byte aligned pointers that are no side block (a kmalloc'ed block of
 * a side size, a pointer into a side block, a page): each one report as
 * not pool, nothing freed, the side block intact.
 */
static void pool_side_foreign(struct kunit *test)
{
	const ULONG tag = TAG('P', 's', 'f', 'p');
	long foreign = ntthread_pool_reports(NT_POOL_REPORT_FOREIGN);
	u8 *slab = kunit_kzalloc(test, 1024, GFP_KERNEL);
	u8 *p = ExAllocatePoolWithTag(NonPagedPool, 1024, tag);
	u8 *big = ExAllocatePoolWithTag(NonPagedPool, 65536, tag);
	void *bad[6];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, slab);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(p, 0, 1024);
	memset(big, 0, 65536);
	bad[0] = slab;
	bad[1] = p + 32;
	bad[2] = p + 512;
	bad[3] = big + PAGE_SIZE;
	bad[4] = big + 64;
	bad[5] = slab + 512;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ExFreePoolWithTag(bad[i], tag);
		ExFreePool(bad[i]);
	}
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_FOREIGN) - foreign,
			(long)(2 * ARRAY_SIZE(bad)));
	KUNIT_EXPECT_TRUE(test, ntthread_pool_side(p));
	KUNIT_EXPECT_TRUE(test, ntthread_pool_side(big));
	memset(slab, 1, 1024);
	memset(p, 1, 1024);
	memset(big, 1, 65536);
	ExFreePoolWithTag(p, tag);
	ExFreePoolWithTag(big, tag);
	KUNIT_EXPECT_EQ(test, ntthread_pool_reports(NT_POOL_REPORT_FOREIGN) - foreign,
			(long)(2 * ARRAY_SIZE(bad)));
}

#define TAG_S	TAG('P', 's', 't', 'S')

struct pool_side_ctx {
	void *own[2], *given[2], *kept;
	KEVENT done, go;
};

/*
 * Allocate side blocks of 1 KiB and 64 KiB twice over: free one pair
 * itself, hand one pair to another thread, keep one 1 KiB block beyond
 * its end (freed by the test).
 */
static VOID pool_side_allocator(PVOID context)
{
	struct pool_side_ctx *c = context;

	c->own[0] = ExAllocatePoolWithTag(NonPagedPoolNx, 1024, TAG_S);
	c->own[1] = ExAllocatePoolWithTag(NonPagedPoolNx, 65536, TAG_S);
	c->given[0] = ExAllocatePoolWithTag(NonPagedPoolNx, 1024, TAG_S);
	c->given[1] = ExAllocatePoolWithTag(NonPagedPoolNx, 65536, TAG_S);
	c->kept = ExAllocatePoolWithTag(NonPagedPoolNx, 1024, TAG_S);
	ExFreePoolWithTag(c->own[0], TAG_S);
	ExFreePoolWithTag(c->own[1], TAG_S);
	KeSetEvent(&c->done, IO_NO_INCREMENT, FALSE);
	KeWaitForSingleObject(&c->go, Executive, KernelMode, FALSE, NULL);
}

static VOID pool_side_freer(PVOID context)
{
	struct pool_side_ctx *c = context;

	ExFreePoolWithTag(c->given[0], TAG_S);
	ExFreePoolWithTag(c->given[1], TAG_S);
}

/*
 * Side blocks allocated in one thread and freed in another are credited
 * back to the allocating thread and tag, as header blocks are; one freed
 * after the allocating thread has gone still counts for it, and its
 * account goes with that last free (its counts move to the retired ones:
 * the tag's figures stay whole).
 */
static void pool_side_other_thread(struct kunit *test)
{
	struct pool_side_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	const long held = 1024 + 65536 + 1024;
	struct nt_pool_figures base, f;
	PETHREAD allocator, freer;
	long reports = pool_reports();

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeEvent(&c->done, NotificationEvent, FALSE);
	KeInitializeEvent(&c->go, NotificationEvent, FALSE);
	ntthread_pool_tag(TAG_S, NT_POOL_NONPAGED, &base);
	allocator = ntt_start_routine(test, pool_side_allocator, c);
	KUNIT_ASSERT_NOT_NULL(test, allocator);
	KUNIT_ASSERT_EQ(test, ntt_wait(&c->done), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, c->given[0] && c->given[1] && c->kept);
	KUNIT_EXPECT_TRUE(test, ntthread_pool_side(c->given[0]));
	KUNIT_EXPECT_TRUE(test, ntthread_pool_side(c->given[1]));
	KUNIT_EXPECT_TRUE(test, ntthread_pool_side(c->kept));

	ntthread_pool_thread_tag(allocator, TAG_S, NT_POOL_NONPAGED, &f);
	KUNIT_EXPECT_EQ(test, f.allocs, 5);
	KUNIT_EXPECT_EQ(test, f.frees, 2);
	KUNIT_EXPECT_EQ(test, f.bytes, held);
	KUNIT_EXPECT_EQ(test, f.peak, 1024 + 65536 + held);

	freer = ntt_start_routine(test, pool_side_freer, c);
	ntt_join(test, freer);
	ntthread_pool_thread_tag(allocator, TAG_S, NT_POOL_NONPAGED, &f);
	KUNIT_EXPECT_EQ(test, f.frees, 4);
	KUNIT_EXPECT_EQ(test, f.bytes, 1024);
	/* threads: the allocator's pool_bytes, pool_peak_bytes, pool_allocs */
	KUNIT_EXPECT_TRUE(test, pool_threads_columns(test, pool_read(test, "threads"),
						     PsGetThreadId(allocator), &f));
	KUNIT_EXPECT_EQ(test, f.bytes, 1024);
	KUNIT_EXPECT_EQ(test, f.peak, 1024 + 65536 + held);
	KUNIT_EXPECT_EQ(test, f.allocs, 5);

	KeSetEvent(&c->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(allocator), STATUS_SUCCESS);
	ObDereferenceObject(allocator);
	f = pool_delta(TAG_S, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 5);
	KUNIT_EXPECT_EQ(test, f.frees, 4);
	KUNIT_EXPECT_EQ(test, f.bytes, 1024);
	ExFreePoolWithTag(c->kept, TAG_S);
	f = pool_delta(TAG_S, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, 5);
	KUNIT_EXPECT_EQ(test, f.frees, 5);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
	KUNIT_EXPECT_EQ(test, pool_reports(), reports);
}

struct pool_race_ctx {
	void *p;
	KEVENT go;
	atomic_t ready;
};

static VOID pool_race_freer(PVOID context)
{
	struct pool_race_ctx *c = context;

	atomic_inc(&c->ready);
	KeWaitForSingleObject(&c->go, Executive, KernelMode, FALSE, NULL);
	ExFreePoolWithTag(c->p, TAG('P', 's', 'r', 'c'));
}

/*
 * Two threads free one side block at once, many times: each time one of
 * them frees it and the other is one report; the counts see one free.
 */
static void pool_side_racing_frees(struct kunit *test)
{
	const ULONG tag = TAG('P', 's', 'r', 'c');
	struct pool_race_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct nt_pool_figures base, f;
	long reports = pool_reports();
	const int rounds = 20;
	PETHREAD t[2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	ntthread_pool_tag(tag, NT_POOL_NONPAGED, &base);
	for (i = 0; i < rounds; i++) {
		KeInitializeEvent(&c->go, NotificationEvent, FALSE);
		atomic_set(&c->ready, 0);
		c->p = ExAllocatePoolWithTag(NonPagedPool, 1024, tag);
		KUNIT_ASSERT_NOT_NULL(test, c->p);
		t[0] = ntt_start_routine(test, pool_race_freer, c);
		t[1] = ntt_start_routine(test, pool_race_freer, c);
		while (atomic_read(&c->ready) < 2)
			usleep_range(100, 200);
		KeSetEvent(&c->go, IO_NO_INCREMENT, FALSE);
		ntt_join(test, t[0]);
		ntt_join(test, t[1]);
	}
	KUNIT_EXPECT_EQ(test, pool_reports() - reports, (long)rounds);
	f = pool_delta(tag, NT_POOL_NONPAGED, &base);
	KUNIT_EXPECT_EQ(test, f.allocs, (long)rounds);
	KUNIT_EXPECT_EQ(test, f.frees, (long)rounds);
	KUNIT_EXPECT_EQ(test, f.bytes, 0);
}

static struct kunit_case pool_kunit_cases[] = {
	KUNIT_CASE_PARAM(pool_each_flag_and_type, pool_cases_gen_params),
	KUNIT_CASE(pool_functions_and_default_tag),
	KUNIT_CASE(pool_context_rules),
	KUNIT_CASE(pool_reserve_under_spin_lock),
	KUNIT_CASE(pool_per_thread_and_tag),
	KUNIT_CASE_PARAM(pool_wrong_tag_reported_not_freed, pool_wrong_tag_gen_params),
	KUNIT_CASE(pool_double_free_reported_once),
	KUNIT_CASE(pool_foreign_pointers_reported),
	KUNIT_CASE(pool_fault_injection_by_tag),
	KUNIT_CASE_PARAM(pool_side_or_header, pool_side_cases_gen_params),
	KUNIT_CASE(pool_side_double_free),
	KUNIT_CASE(pool_side_foreign),
	KUNIT_CASE(pool_side_other_thread),
	KUNIT_CASE(pool_side_racing_frees),
	{}
};

static struct kunit_suite pool_suite = {
	.name = "ntthread_pool",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = pool_kunit_cases,
};

kunit_test_suite(pool_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's executive pool");
MODULE_LICENSE("GPL");
