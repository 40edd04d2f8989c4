// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics and fault injection, under /sys/kernel/debug/ntthread/.
 *
 * Counters are atomics that creators update without waiting on readers;
 * the debugfs files are seq_file listings read under RCU.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/seq_file.h>

#include "ntthread.h"

static struct dentry *nt_debugfs;
static atomic_long_t nt_counters[NT_CTR_COUNT];

static const char *const nt_counter_names[] = {
	[NT_CTR_THREADS_CREATED] = "threads_created",
	[NT_CTR_THREADS_EXITED] = "threads_exited",
	[NT_CTR_THREADS_LIVE] = "threads_live",
	[NT_CTR_THREADS_PEAK] = "threads_peak",
	[NT_CTR_CREATE_FAILED] = "create_failed",
	[NT_CTR_HANDLES_OPEN] = "handles_open",
	[NT_CTR_HANDLES_PEAK] = "handles_peak",
};
static_assert(ARRAY_SIZE(nt_counter_names) == NT_CTR_COUNT);

static void nt_stat_raise_peak(enum nt_counter peak, long value)
{
	long old = atomic_long_read(&nt_counters[peak]);

	while (old < value &&
	       !atomic_long_try_cmpxchg(&nt_counters[peak], &old, value))
		;
}

void nt_stat_inc(enum nt_counter counter)
{
	long value = atomic_long_inc_return(&nt_counters[counter]);

	if (counter == NT_CTR_THREADS_LIVE)
		nt_stat_raise_peak(NT_CTR_THREADS_PEAK, value);
	else if (counter == NT_CTR_HANDLES_OPEN)
		nt_stat_raise_peak(NT_CTR_HANDLES_PEAK, value);
}

void nt_stat_dec(enum nt_counter counter)
{
	atomic_long_dec(&nt_counters[counter]);
}

/**
 * ntthread_counter() - read a statistics counter
 * @counter: which
 *
 * Context: any context.
 * Return: the counter's value.
 */
long ntthread_counter(enum nt_counter counter)
{
	return atomic_long_read(&nt_counters[counter]);
}
EXPORT_SYMBOL_NS_GPL(ntthread_counter, NTTHREAD_INTERNAL);

/**
 * ntthread_handle_table() - a handle table, for the tests to inspect
 * @cid: true for the CID table, false for the kernel handle table
 *
 * Context: any context.
 * Return: the table.
 */
struct nt_handle_table *ntthread_handle_table(bool cid)
{
	return cid ? &nt_cid_table : &nt_system_process->handles;
}
EXPORT_SYMBOL_NS_GPL(ntthread_handle_table, NTTHREAD_INTERNAL);

static int nt_stats_show(struct seq_file *seq, void *v)
{
	struct nt_handle_table *tables[] = {
		&nt_system_process->handles, &nt_cid_table
	};
	static const char *const table_names[] = { "handle", "cid" };
	struct nt_object_type *types[] = {
		&nt_thread_type, &nt_process_type
	};
	int i;

	for (i = 0; i < NT_CTR_COUNT; i++)
		seq_printf(seq, "%-24s %ld\n", nt_counter_names[i],
			   atomic_long_read(&nt_counters[i]));
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		struct nt_handle_table *t = tables[i];

		seq_printf(seq, "%s_table_entries%*s %u\n", table_names[i],
			   (int)(9 - strlen(table_names[i])), "",
			   READ_ONCE(t->count));
		seq_printf(seq, "%s_table_pages_low%*s %lu\n", table_names[i],
			   (int)(7 - strlen(table_names[i])), "",
			   READ_ONCE(t->pages[0]));
		seq_printf(seq, "%s_table_pages_mid%*s %lu\n", table_names[i],
			   (int)(7 - strlen(table_names[i])), "",
			   READ_ONCE(t->pages[1]));
		seq_printf(seq, "%s_table_pages_top%*s %lu\n", table_names[i],
			   (int)(7 - strlen(table_names[i])), "",
			   READ_ONCE(t->pages[2]));
		seq_printf(seq, "%s_table_growths%*s %lu\n", table_names[i],
			   (int)(9 - strlen(table_names[i])), "",
			   READ_ONCE(t->growths));
	}
	for (i = 0; i < ARRAY_SIZE(types); i++)
		seq_printf(seq, "objects_%-16s %ld\n", types[i]->name,
			   atomic_long_read(&types[i]->live));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nt_stats);

#ifdef CONFIG_FAULT_INJECTION
static struct fault_attr nt_fault_attrs[NT_FAULT_SITES];
static const char *const nt_fault_names[] = {
	[NT_FAULT_THREAD_OBJECT] = "fail_thread_object",
	[NT_FAULT_HANDLE_PAGE_LOW] = "fail_handle_page_low",
	[NT_FAULT_HANDLE_PAGE_MID] = "fail_handle_page_mid",
	[NT_FAULT_HANDLE_PAGE_TOP] = "fail_handle_page_top",
	[NT_FAULT_KTHREAD] = "fail_kthread",
};
static_assert(ARRAY_SIZE(nt_fault_names) == NT_FAULT_SITES);

bool nt_should_fail(enum nt_fault_site site)
{
	return should_fail(&nt_fault_attrs[site], 1);
}

/**
 * ntthread_fault_attr() - the fault_attr of an allocation site, for tests
 * @site: which
 *
 * Context: any context.
 * Return: the attribute; configure it as lib/fault-inject.c documents.
 */
struct fault_attr *ntthread_fault_attr(enum nt_fault_site site)
{
	return &nt_fault_attrs[site];
}
EXPORT_SYMBOL_NS_GPL(ntthread_fault_attr, NTTHREAD_INTERNAL);

static void nt_fault_init(void)
{
	int i;

	for (i = 0; i < NT_FAULT_SITES; i++) {
		nt_fault_attrs[i] = (struct fault_attr)FAULT_ATTR_INITIALIZER;
		fault_create_debugfs_attr(nt_fault_names[i], nt_debugfs,
					  &nt_fault_attrs[i]);
	}
}
#else
bool nt_should_fail(enum nt_fault_site site)
{
	return false;
}

static void nt_fault_init(void)
{
}
#endif

int nt_stats_init(void)
{
	nt_debugfs = debugfs_create_dir("ntthread", NULL);
	debugfs_create_file("stats", 0444, nt_debugfs, NULL, &nt_stats_fops);
	nt_fault_init();
	return 0;
}

void nt_stats_exit(void)
{
	debugfs_remove_recursive(nt_debugfs);
}
