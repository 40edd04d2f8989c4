// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the handle table as a data structure, driven directly (as
 * lib/test_ida.c drives the IDA): it stores any pointer with an access
 * mask, hands out indices that are never 0 nor a page's reserved first
 * entry, reuses the most recently freed entry first (or the oldest, when
 * strict FIFO), grows by a page at a
 * time, lists what is in use, and takes no reference to what it stores.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "ntthread_kunit.h"

/* Some distinct pointers to store: the table never dereferences them. */
#define TABLE_ITEMS	(2 * NT_HT_LOW_ENTRIES)

struct table_fixture {
	struct nt_handle_table table;
	char items[TABLE_ITEMS];
	u32 index[TABLE_ITEMS];
};

static int table_init(struct kunit *test)
{
	struct table_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	if (nt_handle_table_init(&f->table))
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static void table_exit(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	u32 i;

	for (i = 1; i < f->table.next_index; i++)
		nt_handle_remove(&f->table, i, NULL);
	KUNIT_EXPECT_EQ(test, f->table.count, 0U);
	nt_handle_table_destroy(&f->table);
}

static void table_insert_then_lookup_returns_pointer_and_access(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	struct nt_handle_entry *entry;
	ACCESS_MASK access = 0;
	void *object;
	u32 index;

	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[0], 0x1234,
					       &index, NULL), 0);
	KUNIT_EXPECT_EQ(test, index, 1U);
	rcu_read_lock();
	object = nt_handle_lookup_rcu(&f->table, index, &entry);
	if (object)
		access = READ_ONCE(entry->access);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, object, (void *)&f->items[0]);
	KUNIT_EXPECT_EQ(test, access, (ACCESS_MASK)0x1234);
	KUNIT_EXPECT_EQ(test, f->table.count, 1U);
	KUNIT_EXPECT_PTR_EQ(test, nt_handle_remove(&f->table, index, &access),
			    (void *)&f->items[0]);
	KUNIT_EXPECT_EQ(test, access, (ACCESS_MASK)0x1234);
	KUNIT_EXPECT_EQ(test, f->table.count, 0U);
	KUNIT_EXPECT_EQ(test, f->table.peak, 1U);
}

static void table_unused_and_reserved_indices_hold_nothing(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	static const u32 indices[] = {
		0, 1, NT_HT_LOW_ENTRIES, NT_HT_LOW_ENTRIES + 1, NT_HT_MAX_INDEX,
		NT_HT_MAX_INDEX + 1, U32_MAX,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(indices); i++) {
		KUNIT_EXPECT_NULL(test, ntt_table_get(&f->table, indices[i]));
		KUNIT_EXPECT_NULL(test, nt_handle_remove(&f->table, indices[i], NULL));
	}
	KUNIT_EXPECT_EQ(test, f->table.count, 0U);
}

static void table_indices_skip_each_pages_first_entry(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	unsigned long added = 0;
	int i;

	for (i = 0; i < TABLE_ITEMS; i++) {
		KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[i], 0,
						       &f->index[i], &added), 0);
		KUNIT_EXPECT_NE(test, f->index[i] % NT_HT_LOW_ENTRIES, 0U);
		KUNIT_EXPECT_PTR_EQ(test, ntt_table_get(&f->table, f->index[i]),
				    (void *)&f->items[i]);
	}
	/* 255 entries in each of the first two low pages, two in a third. */
	KUNIT_EXPECT_EQ(test, f->index[TABLE_ITEMS - 1], 2 * NT_HT_LOW_ENTRIES + 2);
	KUNIT_EXPECT_EQ(test, f->table.pages[0], 3UL);
	KUNIT_EXPECT_EQ(test, f->table.pages[1], 1UL);
	/* Two low pages and the mid page above them were added. */
	KUNIT_EXPECT_EQ(test, added, 3UL);
	KUNIT_EXPECT_EQ(test, f->table.growths, 2UL);
	KUNIT_EXPECT_EQ(test, f->table.count, (u32)TABLE_ITEMS);
}

static void table_reuses_most_recently_freed_first(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	u32 a, b, c, again;

	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[0], 0, &a, NULL), 0);
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[1], 0, &b, NULL), 0);
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[2], 0, &c, NULL), 0);
	nt_handle_remove(&f->table, a, NULL);
	nt_handle_remove(&f->table, c, NULL);
	KUNIT_EXPECT_NULL(test, ntt_table_get(&f->table, c));
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[3], 0, &again, NULL), 0);
	KUNIT_EXPECT_EQ(test, again, c);
	KUNIT_EXPECT_PTR_EQ(test, ntt_table_get(&f->table, c), (void *)&f->items[3]);
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[4], 0, &again, NULL), 0);
	KUNIT_EXPECT_EQ(test, again, a);
	KUNIT_EXPECT_PTR_EQ(test, ntt_table_get(&f->table, b), (void *)&f->items[1]);
	KUNIT_EXPECT_EQ(test, f->table.peak, 3U);
}

static void table_strict_fifo_reuses_oldest_freed_first(struct kunit *test)
{
	static const int order[] = { 2, 0, 3 };
	struct table_fixture *f = test->priv;
	u32 again;
	int i;

	nt_handle_table_set_strict_fifo(&f->table);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[i], 0,
						       &f->index[i], NULL), 0);
	nt_handle_remove(&f->table, f->index[2], NULL);
	nt_handle_remove(&f->table, f->index[0], NULL);
	nt_handle_remove(&f->table, f->index[3], NULL);
	/* Freed 2, 0, 3: reused in that order, then new ones. */
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[10 + i], 0,
						       &again, NULL), 0);
		KUNIT_EXPECT_EQ(test, again, f->index[order[i]]);
	}
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[13], 0, &again, NULL), 0);
	KUNIT_EXPECT_EQ(test, again, f->index[3] + 1);
	/* A free list emptied and begun again keeps its order. */
	nt_handle_remove(&f->table, f->index[1], NULL);
	nt_handle_remove(&f->table, again, NULL);
	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[14], 0, &again, NULL), 0);
	KUNIT_EXPECT_EQ(test, again, f->index[1]);
}

static void table_remove_twice_returns_null(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	u32 index;

	KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[0], 0, &index, NULL), 0);
	KUNIT_EXPECT_PTR_EQ(test, nt_handle_remove(&f->table, index, NULL),
			    (void *)&f->items[0]);
	KUNIT_EXPECT_NULL(test, nt_handle_remove(&f->table, index, NULL));
	KUNIT_EXPECT_EQ(test, f->table.count, 0U);
}

static void table_count_row(u32 index, void *object, ACCESS_MASK access,
			    void *arg)
{
	u32 *seen = arg;

	seen[0]++;
	seen[1] += access;
}

static void table_walk_visits_entries_in_use(struct kunit *test)
{
	struct table_fixture *f = test->priv;
	u32 seen[2] = { };
	int i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, nt_handle_insert(&f->table, &f->items[i], i,
						       &f->index[i], NULL), 0);
	for (i = 0; i < 10; i += 2)
		nt_handle_remove(&f->table, f->index[i], NULL);
	nt_handle_for_each(&f->table, table_count_row, seen);
	KUNIT_EXPECT_EQ(test, seen[0], 5U);
	KUNIT_EXPECT_EQ(test, seen[1], 1U + 3 + 5 + 7 + 9);
}

static struct kunit_case table_cases[] = {
	KUNIT_CASE(table_insert_then_lookup_returns_pointer_and_access),
	KUNIT_CASE(table_unused_and_reserved_indices_hold_nothing),
	KUNIT_CASE(table_indices_skip_each_pages_first_entry),
	KUNIT_CASE(table_reuses_most_recently_freed_first),
	KUNIT_CASE(table_strict_fifo_reuses_oldest_freed_first),
	KUNIT_CASE(table_remove_twice_returns_null),
	KUNIT_CASE(table_walk_visits_entries_in_use),
	{}
};

static struct kunit_suite table_suite = {
	.name = "ntthread_table",
	.init = table_init,
	.exit = table_exit,
	.test_cases = table_cases,
};

kunit_test_suite(table_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's handle table as a data structure");
MODULE_LICENSE("GPL");
