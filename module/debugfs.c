// SPDX-License-Identifier: GPL-2.0
/*
 * The debugfs views, /sys/kernel/debug/ntthread/: seq_file listings of the
 * other components' data, read under RCU, and the fault injection
 * attributes.  Nothing here is on a path a driver calls.
 */
#include <linux/debugfs.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "debugfs.h"
#include "fault.h"
#include "pool.h"
#include "ps.h"

static struct dentry *nt_debugfs;

/*
 * Each file's first line is its format version, "# format N".  Readers
 * (tools/ntstat) find the columns by name and keep those they do not know,
 * so a column or counter may be added without a new N; N grows only when
 * a column or counter changes meaning or goes away.
 */
#define NT_DEBUGFS_FORMAT	1

static void nt_format_line(struct seq_file *seq)
{
	seq_printf(seq, "# format %d\n", NT_DEBUGFS_FORMAT);
}

/*
 * A read-only seq_file with .read_iter, so that kernel_read() works too
 * (the KUnit suites read these files); created "unsafe" because the file
 * operations' owner pins the module while a file is open.
 */
#define NT_DEBUGFS_FILE(name)						\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_show, inode->i_private);	\
}									\
static const struct file_operations name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = name##_open,						\
	.read_iter = seq_read_iter,					\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

/* The same for a seq_file iterator of name##_start, _next, _stop, _show. */
#define NT_DEBUGFS_SEQ_FILE(name)					\
static const struct seq_operations name##_seq_ops = {			\
	.start = name##_start,						\
	.next = name##_next,						\
	.stop = name##_stop,						\
	.show = name##_show,						\
};									\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return seq_open(file, &name##_seq_ops);				\
}									\
static const struct file_operations name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = name##_open,						\
	.read_iter = seq_read_iter,					\
	.llseek = seq_lseek,						\
	.release = seq_release,						\
}

/*
 * The seed's table: for each site, the NT routine that allocates, what
 * does it here, and the figures published for NT where there are some
 * (kernel stacks from WRK; the seed gives only totals otherwise).
 */
struct nt_site_info {
	const char *name;
	const char *nt_routine;
	const char *linux_mechanism;
	long nt32_bytes;	/* -1: no published figure */
	long nt64_bytes;
};

static const struct nt_site_info nt_sites[] = {
	[NT_SITE_OBJECT] = { "object", "ObCreateObject", "slab:nt_thread", -1, -1 },
	[NT_SITE_HANDLE] = { "handle", "ExCreateHandle/ExpAllocateHandleTableEntrySlow",
			     "entry+slab:nt_handle_page", -1, -1 },
	[NT_SITE_CID] = { "cid", "ExCreateHandle(PspCidTable)",
			  "entry+slab:nt_handle_page", -1, -1 },
	[NT_SITE_TEB] = { "teb", "MmCreateTeb", "none:system_thread", -1, -1 },
	[NT_SITE_STACK] = { "stack", "KeInitThread/MmCreateKernelStack",
			    IS_ENABLED(CONFIG_VMAP_STACK) ? "vmalloc:THREAD_SIZE+guard"
							  : "pages:THREAD_SIZE",
			    12288, 24576 },
	[NT_SITE_TASK] = { "task", "-", "slab:task_struct+kmalloc:kthread", -1, -1 },
};

static_assert(ARRAY_SIZE(nt_sites) == NT_SITES);

/* The seed's totals per thread: ~20 KB on 32-bit, ~40 KB on 64-bit NT. */
#define NT_SEED_TOTAL_32	20480
#define NT_SEED_TOTAL_64	40960

static unsigned long nt_row_total(const unsigned long *bytes)
{
	unsigned long total = 0;
	int i;

	for (i = 0; i < NT_SITES; i++)
		total += bytes[i];
	return total;
}

static void nt_threads_header(struct seq_file *seq)
{
	int i;

	nt_format_line(seq);
	seq_puts(seq, "tid pid state exit_status handles refs priority start_routine");
	for (i = 0; i < NT_SITES; i++)
		seq_printf(seq, " %s_bytes", nt_sites[i].name);
	seq_puts(seq, " total_bytes pool_bytes pool_peak_bytes pool_allocs\n");
}

/*
 * threads: a row per thread object alive, terminated ones included.  Every
 * field is one token: the start routine is printed without the " [module]"
 * that %ps appends to a module's symbol.  An iterator: the RCU read lock is
 * held over what fills one buffer, never over the whole list.
 */
static int nt_threads_show(struct seq_file *seq, void *v)
{
	struct nt_thread *thread = list_entry(v, struct nt_thread, link);
	struct nt_object_header *header = nt_ob_header(thread);
	char routine[KSYM_SYMBOL_LEN];
	struct nt_pool_figures pool;
	bool ended;
	int i;

	if (v == &nt_threads) {
		nt_threads_header(seq);
		return 0;
	}
	ended = PsIsThreadTerminating(thread);
	seq_printf(seq, "%lu ", (unsigned long)thread->cid.UniqueThread);
	if (ended)
		seq_puts(seq, "-");
	else
		seq_printf(seq, "%d", task_pid_nr(thread->tcb.task));
	if (thread->flags & NT_THREAD_ADOPTED)
		strscpy(routine, "adopted", sizeof(routine));
	else
		snprintf(routine, sizeof(routine), "%ps", thread->start_routine);
	seq_printf(seq, " %s 0x%08x %d %u %d %.*s",
		   ended ? "terminated" : "running",
		   (u32)READ_ONCE(thread->exit_status),
		   atomic_read(&header->handle_count),
		   refcount_read(&header->pointer_count),
		   READ_ONCE(thread->tcb.priority),
		   (int)strcspn(routine, " "), routine);
	for (i = 0; i < NT_SITES; i++)
		seq_printf(seq, " %lu", thread->bytes[i]);
	nt_pool_thread_figures(thread, &pool);
	seq_printf(seq, " %lu %ld %ld %ld\n", nt_row_total(thread->bytes),
		   pool.bytes, pool.peak, pool.allocs);
	return 0;
}

static void *nt_threads_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	return seq_list_start_head_rcu(&nt_threads, *pos);
}

static void *nt_threads_next(struct seq_file *seq, void *v, loff_t *pos)
{
	return seq_list_next_rcu(v, &nt_threads, pos);
}

static void nt_threads_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

NT_DEBUGFS_SEQ_FILE(nt_threads);

/* Bytes per site of the thread objects alive now. */
static void nt_live_bytes(unsigned long live[NT_SITES])
{
	struct nt_thread *thread;
	int i;

	memset(live, 0, NT_SITES * sizeof(*live));
	rcu_read_lock();
	list_for_each_entry_rcu(thread, &nt_threads, link)
		for (i = 0; i < NT_SITES; i++)
			live[i] += thread->bytes[i];
	rcu_read_unlock();
}

static void nt_print_figure(struct seq_file *seq, long bytes)
{
	if (bytes < 0)
		seq_puts(seq, " -");
	else
		seq_printf(seq, " %ld", bytes);
}

/*
 * alloc_sites: the seed's table for this kernel: per site, bytes per
 * thread (mean and max over the threads created since load), the bytes
 * the live thread objects hold now, and NT's published figures.
 */
static int nt_alloc_sites_show(struct seq_file *seq, void *v)
{
	long created = ntthread_counter(NT_CTR_THREADS_CREATED);
	unsigned long live[NT_SITES], mean_total = 0, max_total = 0, live_total = 0;
	int i;

	nt_live_bytes(live);
	nt_format_line(seq);
	seq_puts(seq, "site nt_routine linux_mechanism threads mean_bytes max_bytes total_bytes nt32_bytes nt64_bytes\n");
	for (i = 0; i < NT_SITES; i++) {
		long sum = nt_stats_site_sum(i);
		unsigned long mean = created ? sum / created : 0;
		unsigned long max = nt_stats_site_max(i);

		seq_printf(seq, "%s %s %s %ld %lu %lu %lu", nt_sites[i].name,
			   nt_sites[i].nt_routine, nt_sites[i].linux_mechanism,
			   created, mean, max, live[i]);
		nt_print_figure(seq, nt_sites[i].nt32_bytes);
		nt_print_figure(seq, nt_sites[i].nt64_bytes);
		seq_putc(seq, '\n');
		mean_total += mean;
		max_total += max;
		live_total += live[i];
	}
	seq_printf(seq, "total - - %ld %lu %lu %lu %d %d\n", created, mean_total,
		   max_total, live_total, NT_SEED_TOTAL_32, NT_SEED_TOTAL_64);
	return 0;
}

NT_DEBUGFS_FILE(nt_alloc_sites);

/*
 * handles: every open kernel handle.  An iterator whose position is the
 * handle's index: each row takes a reference to its object, and no lock is
 * held from one row to the next.
 */
static int nt_handles_show(struct seq_file *seq, void *v)
{
	u32 index = (unsigned long)v >> 1;
	struct nt_object_header *header;
	ACCESS_MASK access;
	void *body;

	if (v == SEQ_START_TOKEN) {
		nt_format_line(seq);
		seq_puts(seq, "value type access target\n");
		return 0;
	}
	header = nt_ob_lookup(nt_ob_kernel_handle_table(), index, &access);
	if (!header)
		return SEQ_SKIP;	/* closed since it was found */
	body = nt_ob_body(header);
	seq_printf(seq, "0x%016lx %s 0x%08x ",
		   (unsigned long)nt_ob_kernel_handle(index), header->type->name,
		   access);
	if (header->type == &nt_thread_type)
		seq_printf(seq, "tid=%lu\n",
			   (unsigned long)((struct nt_thread *)body)->cid.UniqueThread);
	else
		seq_printf(seq, "pid=%lu\n",
			   (unsigned long)((struct nt_process *)body)->pid);
	nt_ob_put(header);
	return 0;
}

/*
 * The entry in use at or after *@pos, as a cookie (its index times 2, never
 * SEQ_START_TOKEN); *@pos becomes its index.
 */
static void *nt_handles_seek(loff_t *pos)
{
	u32 index = 0;

	if (*pos < NT_HT_MAX_INDEX)
		index = nt_handle_next_used(nt_ob_kernel_handle_table(), *pos);
	if (!index)
		return NULL;
	*pos = index;
	return (void *)((unsigned long)index << 1);
}

static void *nt_handles_start(struct seq_file *seq, loff_t *pos)
{
	return *pos ? nt_handles_seek(pos) : SEQ_START_TOKEN;
}

static void *nt_handles_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	cond_resched();
	return nt_handles_seek(pos);
}

static void nt_handles_stop(struct seq_file *seq, void *v)
{
}

NT_DEBUGFS_SEQ_FILE(nt_handles);

static void nt_table_show(struct seq_file *seq, const char *name,
			  struct nt_handle_table *t)
{
	seq_printf(seq, "%s_table_entries %u\n", name, READ_ONCE(t->count));
	seq_printf(seq, "%s_table_peak %u\n", name, READ_ONCE(t->peak));
	seq_printf(seq, "%s_table_pages_low %lu\n", name, READ_ONCE(t->pages[0]));
	seq_printf(seq, "%s_table_pages_mid %lu\n", name, READ_ONCE(t->pages[1]));
	seq_printf(seq, "%s_table_pages_top %lu\n", name, READ_ONCE(t->pages[2]));
	seq_printf(seq, "%s_table_growths %lu\n", name, READ_ONCE(t->growths));
}

static unsigned long nt_table_pages(struct nt_handle_table *t)
{
	return READ_ONCE(t->pages[0]) + READ_ONCE(t->pages[1]) +
	       READ_ONCE(t->pages[2]);
}

static void nt_type_objects(struct nt_object_type *type, void *arg)
{
	if (type->cache)
		seq_printf(arg, "objects_%s %ld\n", type->cache_name,
			   atomic_long_read(&type->live));
}

static void nt_type_bytes(struct nt_object_type *type, void *arg)
{
	if (type->cache)
		seq_printf(arg, "slab_bytes_%s %ld\n", type->cache_name,
			   atomic_long_read(&type->live) *
			   kmem_cache_size(type->cache));
}

/* stats: counters, table pages, live objects and bytes per slab cache. */
static int nt_stats_show(struct seq_file *seq, void *v)
{
	struct nt_handle_table *handles = nt_ob_kernel_handle_table();
	struct nt_handle_table *cids = nt_ps_cid_table();
	int i;

	nt_format_line(seq);
	for (i = 0; i < NT_CTR_COUNT; i++)
		seq_printf(seq, "%s %ld\n", nt_counter_names[i],
			   ntthread_counter(i));
	for (i = 0; i < NT_FAILURE_STATUSES; i++)
		seq_printf(seq, "create_failed_0x%08x %ld\n",
			   (u32)nt_failure_status[i], nt_stats_failures(i));
	nt_table_show(seq, "handle", handles);
	nt_table_show(seq, "cid", cids);
	nt_ob_walk_types(nt_type_objects, seq);
	nt_ob_walk_types(nt_type_bytes, seq);
	seq_printf(seq, "slab_bytes_nt_handle_page %lu\n",
		   (nt_table_pages(handles) + nt_table_pages(cids)) *
		   nt_handle_page_size());
	return 0;
}

NT_DEBUGFS_FILE(nt_stats);

/* pool: poolmon's table, per tag and pool type, sorted by bytes. */
static int nt_pool_file_show(struct seq_file *seq, void *v)
{
	nt_format_line(seq);
	nt_pool_show(seq);
	return 0;
}

NT_DEBUGFS_FILE(nt_pool_file);

/* pool_threads: each thread's (or CPU's) pool, per tag and pool type. */
static int nt_pool_threads_file_show(struct seq_file *seq, void *v)
{
	nt_format_line(seq);
	nt_pool_threads_show(seq);
	return 0;
}

NT_DEBUGFS_FILE(nt_pool_threads_file);

/*
 * current: the reading task's thread object as a driver sees it, adopted
 * if the layer did not create the task; `current_handle 1` if
 * NtCurrentThread() names the same object.  The guest check reads it
 * from thousands of short-lived processes.
 */
static int nt_current_show(struct seq_file *seq, void *v)
{
	PETHREAD thread = PsGetCurrentThread();
	PVOID object = NULL;
	bool named = false;

	if (!thread) {
		seq_puts(seq, "none\n");
		return 0;
	}
	if (NT_SUCCESS(ObReferenceObjectByHandle(NtCurrentThread(), 0,
						 *PsThreadType, KernelMode,
						 &object, NULL))) {
		named = object == thread;
		ObDereferenceObject(object);
	}
	seq_printf(seq, "tid %lu pid %d adopted %d system %d current_handle %d\n",
		   (unsigned long)PsGetCurrentThreadId(),
		   task_pid_nr(current), !!(thread->flags & NT_THREAD_ADOPTED),
		   PsIsSystemThread(thread), named);
	return 0;
}

NT_DEBUGFS_FILE(nt_current);

/* Last at module init: everything the files show exists by now. */
void nt_debugfs_init(void)
{
	nt_debugfs = debugfs_create_dir("ntthread", NULL);
	debugfs_create_file_unsafe("stats", 0444, nt_debugfs, NULL,
				   &nt_stats_fops);
	debugfs_create_file_unsafe("threads", 0444, nt_debugfs, NULL,
				   &nt_threads_fops);
	debugfs_create_file_unsafe("alloc_sites", 0444, nt_debugfs, NULL,
				   &nt_alloc_sites_fops);
	debugfs_create_file_unsafe("handles", 0444, nt_debugfs, NULL,
				   &nt_handles_fops);
	debugfs_create_file_unsafe("pool", 0444, nt_debugfs, NULL,
				   &nt_pool_file_fops);
	debugfs_create_file_unsafe("pool_threads", 0444, nt_debugfs, NULL,
				   &nt_pool_threads_file_fops);
	debugfs_create_file_unsafe("current", 0444, nt_debugfs, NULL,
				   &nt_current_fops);
	nt_fault_debugfs_init(nt_debugfs);
}

/* First at module exit: no reader can be left in a file afterwards. */
void nt_debugfs_exit(void)
{
	debugfs_remove_recursive(nt_debugfs);
}
