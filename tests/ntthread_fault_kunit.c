// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: fault injection at every allocation site of the layer, through
 * the fault_attr of each site (/sys/kernel/debug/ntthread/fail_*): the
 * thread object, the kthread, and table pages of each level.  Each site
 * fails on its first and on a later allocation; the caller must get
 * STATUS_INSUFFICIENT_RESOURCES (or -ENOMEM inside the table), nothing may
 * remain, the counts return to baseline and the table works afterwards.
 */
#include <linux/fault-inject.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "ntthread_kunit.h"

/* Fail the @nth allocation at @site from now on, once, silently. */
static void fault_arm(enum nt_fault_site site, unsigned long nth)
{
	struct fault_attr *attr = ntthread_fault_attr(site);

	attr->verbose = 0;
	attr->interval = nth;
	attr->count = 0;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, 1);
	attr->probability = 100;
}

static void fault_disarm(enum nt_fault_site site)
{
	struct fault_attr *attr = ntthread_fault_attr(site);

	attr->probability = 0;
	atomic_set(&attr->times, 0);
}

/* Has the armed fault fired? */
static bool fault_fired(enum nt_fault_site site)
{
	return atomic_read(&ntthread_fault_attr(site)->times) == 0;
}

struct fault_case {
	enum nt_fault_site site;
	unsigned long nth;
	const char *name;
};

static const struct fault_case thread_sites[] = {
	{ NT_FAULT_THREAD_OBJECT, 1, "thread object, first" },
	{ NT_FAULT_THREAD_OBJECT, 3, "thread object, third" },
	{ NT_FAULT_KTHREAD, 1, "kthread, first" },
	{ NT_FAULT_KTHREAD, 3, "kthread, third" },
};

static void fault_case_desc(const struct fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(thread_sites, thread_sites, fault_case_desc);

static VOID fault_noop(PVOID context)
{
}

static VOID fault_count(PVOID context)
{
	atomic_inc(context);
}

/* Create threads until the armed site fails; all others succeed. */
static void fault_thread_creation_unwinds(struct kunit *test)
{
	const struct fault_case *c = test->param_value;
	struct ntt_snapshot before;
	long failed_before;
	HANDLE handle = (HANDLE)1;
	NTSTATUS status;
	unsigned long i;

	ntt_snapshot(&before);
	failed_before = ntthread_counter(NT_CTR_CREATE_FAILED);
	fault_arm(c->site, c->nth);
	for (i = 1; i <= c->nth; i++) {
		status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL,
					      NULL, NULL, fault_noop, NULL);
		if (i < c->nth) {
			KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
			if (NT_SUCCESS(status)) {
				ZwWaitForSingleObject(handle, FALSE, NULL);
				ZwClose(handle);
			}
		}
	}
	fault_disarm(c->site);
	KUNIT_EXPECT_EQ(test, status, STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_TRUE(test, fault_fired(c->site));
	KUNIT_EXPECT_EQ(test, ntthread_counter(NT_CTR_CREATE_FAILED),
			failed_before + 1);
	ntt_expect_baseline(test, &before);

	/* And the layer works afterwards. */
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS,
						   NULL, NULL, NULL, fault_noop,
						   NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwWaitForSingleObject(handle, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	ntt_expect_baseline(test, &before);
}

/*
 * The kernel handle table at a page boundary: the thread's handle needs a
 * new low page, which fails after the kthread exists - the unwinding must
 * stop the kthread without running its routine.
 */
static void fault_handle_page_in_thread_creation(struct kunit *test)
{
	struct ntt_snapshot before;
	struct ntt_fill fill;
	struct ntt_gate gate;
	atomic_t ran = ATOMIC_INIT(0);
	HANDLE handle, parked;
	PETHREAD thread;
	bool ready;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	parked = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, parked);
	ready = ntt_fill_page(test, thread, &fill);
	KUNIT_EXPECT_TRUE(test, ready);
	if (ready) {
		ntt_snapshot(&before);
		fault_arm(NT_FAULT_HANDLE_PAGE_LOW, 1);
		KUNIT_EXPECT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, fault_count, &ran),
				STATUS_INSUFFICIENT_RESOURCES);
		fault_disarm(NT_FAULT_HANDLE_PAGE_LOW);
		KUNIT_EXPECT_TRUE(test, fault_fired(NT_FAULT_HANDLE_PAGE_LOW));
		ntt_expect_baseline(test, &before);
		msleep(20);
		KUNIT_EXPECT_EQ(test, atomic_read(&ran), 0);
		/* The table grows on the next try. */
		KUNIT_EXPECT_EQ(test, ObOpenObjectByPointer(thread, 0, NULL, 0, NULL,
							    KernelMode, &handle),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	}
	ntt_fill_close(test, &fill);
	ntt_finish(test, &gate, parked);
	ObDereferenceObject(thread);
}

/*
 * Private tables, driven to the boundary where an insert needs a page of
 * the level under test: 256 entries need a low and the first mid page;
 * 131,072 need a low, a mid and the top page.
 */
static const struct fault_case page_sites[] = {
	{ NT_FAULT_HANDLE_PAGE_LOW, 1, "low page, first" },
	{ NT_FAULT_HANDLE_PAGE_LOW, 2, "low page, second" },
	{ NT_FAULT_HANDLE_PAGE_MID, 1, "mid page, first" },
	{ NT_FAULT_HANDLE_PAGE_MID, 2, "mid page, second" },
	{ NT_FAULT_HANDLE_PAGE_TOP, 1, "top page, first" },
	{ NT_FAULT_HANDLE_PAGE_TOP, 2, "top page, second" },
};

KUNIT_ARRAY_PARAM(page_sites, page_sites, fault_case_desc);

/* Fill @t until the next insert needs a page of @level. */
static int fault_fill(struct kunit *test, struct nt_handle_table *t,
		      struct nt_object_header *object, enum nt_fault_site site)
{
	u32 limit = site == NT_FAULT_HANDLE_PAGE_TOP ?
		    NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES : NT_HT_LOW_ENTRIES;
	u32 index;

	while (t->next_index < limit) {
		if (nt_handle_insert(t, object, 0, &index, NULL))
			return -ENOMEM;
		if ((index & 0xffff) == 0)
			cond_resched();
	}
	return 0;
}

static void fault_table_page_at_each_level(struct kunit *test)
{
	const struct fault_case *c = test->param_value;
	struct nt_object_header *object;
	struct nt_handle_table *tables;
	unsigned long pages[NT_HT_LEVELS];
	u32 count, index = 0, round;
	int ret = 0;

	object = kunit_kzalloc(test, sizeof(*object), GFP_KERNEL);
	tables = kunit_kcalloc(test, 2, sizeof(*tables), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, object);
	KUNIT_ASSERT_NOT_NULL(test, tables);
	refcount_set(&object->pointer_count, 1);

	/* nth tables at the boundary; then the nth growth at the site fails. */
	for (round = 0; round < c->nth; round++) {
		KUNIT_ASSERT_EQ(test, nt_handle_table_init(&tables[round]), 0);
		KUNIT_ASSERT_EQ(test, fault_fill(test, &tables[round], object,
						 c->site), 0);
	}
	fault_arm(c->site, c->nth);
	for (round = 0; round < c->nth; round++) {
		struct nt_handle_table *t = &tables[round];

		memcpy(pages, t->pages, sizeof(pages));
		count = t->count;
		ret = nt_handle_insert(t, object, 0, &index, NULL);
		if (round + 1 < c->nth)
			KUNIT_EXPECT_EQ(test, ret, 0);
	}
	fault_disarm(c->site);
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_TRUE(test, fault_fired(c->site));
	round = c->nth - 1;
	/* Nothing installed, nothing counted; old entries intact. */
	KUNIT_EXPECT_EQ(test, tables[round].count, count);
	KUNIT_EXPECT_EQ(test, memcmp(pages, tables[round].pages, sizeof(pages)), 0);
	KUNIT_EXPECT_PTR_EQ(test, ntt_table_get(&tables[round], 1), object);
	/* The table grows on the next try, by the pages the level needs. */
	KUNIT_EXPECT_EQ(test, nt_handle_insert(&tables[round], object, 0, &index,
					       NULL), 0);
	KUNIT_EXPECT_EQ(test, tables[round].pages[0], pages[0] + 1);
	KUNIT_EXPECT_PTR_EQ(test, ntt_table_get(&tables[round], index), object);
	KUNIT_EXPECT_PTR_EQ(test, nt_handle_remove(&tables[round], index, NULL),
			    object);
	KUNIT_EXPECT_NULL(test, ntt_table_get(&tables[round], index));

	for (round = 0; round < c->nth; round++) {
		struct nt_handle_table *t = &tables[round];
		u32 i;

		for (i = 1; i < t->next_index; i++)
			nt_handle_remove(t, i, NULL);
		KUNIT_EXPECT_EQ(test, t->count, 0U);
		nt_handle_table_destroy(t);
	}
	KUNIT_EXPECT_EQ(test, refcount_read(&object->pointer_count), 1U);
}

static struct kunit_case fault_cases[] = {
	KUNIT_CASE_PARAM(fault_thread_creation_unwinds, thread_sites_gen_params),
	KUNIT_CASE(fault_handle_page_in_thread_creation),
	KUNIT_CASE_PARAM(fault_table_page_at_each_level, page_sites_gen_params),
	{}
};

static void fault_suite_exit(struct kunit *test)
{
	int site;

	for (site = 0; site < NT_FAULT_SITES; site++)
		fault_disarm(site);
	ntt_case_exit(test);
}

static struct kunit_suite fault_suite = {
	.name = "ntthread_fault",
	.init = ntt_case_init,
	.exit = fault_suite_exit,
	.test_cases = fault_cases,
};

kunit_test_suite(fault_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread under fault injection");
MODULE_LICENSE("GPL");
