// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the statistics in /sys/kernel/debug/ntthread/, read through the
 * files themselves: per-thread bytes per site, baselines after teardown,
 * terminated threads still held, handle-table pages, and totals that stay
 * consistent while threads come and go.
 */
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>

#include "ntthread_kunit.h"

#define STATS_DIR	"/sys/kernel/debug/ntthread/"
#define STATS_BUF	(64 * 1024)

/* Read a debugfs file of the layer into @buf (STATS_BUF bytes). */
static ssize_t stats_read_into(char *buf, const char *name)
{
	char path[64];
	struct file *f;
	loff_t pos = 0;
	ssize_t n, len = 0;

	snprintf(path, sizeof(path), STATS_DIR "%s", name);
	f = nt_filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while ((n = kernel_read(f, buf + len, STATS_BUF - 1 - len, &pos)) > 0)
		len += n;
	filp_close(f, NULL);
	buf[len] = 0;
	return n < 0 ? n : len;
}

static char *stats_read(struct kunit *test, const char *name)
{
	char *buf = kunit_kzalloc(test, STATS_BUF, GFP_KERNEL);
	ssize_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = stats_read_into(buf, name);
	KUNIT_ASSERT_GT_MSG(test, len, 0, "reading %s", name);
	KUNIT_ASSERT_LT(test, len, (ssize_t)STATS_BUF - 1);
	return buf;
}

/* The value of counter @name in the stats file; fails the test if absent. */
static long stats_counter(struct kunit *test, const char *name)
{
	char *buf = stats_read(test, "stats"), *line;
	size_t len = strlen(name);
	long value;

	while ((line = strsep(&buf, "\n"))) {
		if (!strncmp(line, name, len) && line[len] == ' ' &&
		    kstrtol(line + len + 1, 10, &value) == 0)
			return value;
	}
	KUNIT_FAIL(test, "no counter %s", name);
	return -1;
}

/* One row of the threads file. */
struct stats_row {
	unsigned long tid, handles, refs, bytes[NT_SITES], total;
	char pid[16], state[16], routine[64];
	unsigned int exit_status;
	int priority;
};

/* Returns the fields parsed: 15 for a whole row. */
static int stats_parse_row(const char *line, struct stats_row *r)
{
	int fields;

	fields = sscanf(line, "%lu %15s %15s %x %lu %lu %d %63s %lu %lu %lu %lu %lu %lu %lu",
			&r->tid, r->pid, r->state, &r->exit_status, &r->handles,
			&r->refs, &r->priority, r->routine, &r->bytes[0],
			&r->bytes[1], &r->bytes[2], &r->bytes[3], &r->bytes[4],
			&r->bytes[5], &r->total);
	return fields;
}

/* Find the row of @tid; false if there is none. */
static bool stats_find_thread(struct kunit *test, HANDLE tid,
			      struct stats_row *row)
{
	char *buf = stats_read(test, "threads"), *line;

	line = strsep(&buf, "\n");
	KUNIT_EXPECT_STREQ(test, line, "# format 1");
	line = strsep(&buf, "\n");
	KUNIT_EXPECT_EQ(test, strncmp(line, "tid pid state", 13), 0);
	while ((line = strsep(&buf, "\n")) && *line) {
		KUNIT_EXPECT_EQ(test, stats_parse_row(line, row), 15);
		if (row->tid == (unsigned long)tid)
			return true;
	}
	return false;
}

static void stats_row_shows_each_site_of_a_thread(struct kunit *test)
{
	struct stats_row row;
	struct ntt_gate gate;
	CLIENT_ID cid;
	HANDLE handle;
	int i;
	unsigned long sum = 0;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	KUNIT_ASSERT_TRUE(test, stats_find_thread(test, cid.UniqueThread, &row));
	KUNIT_EXPECT_STREQ(test, row.state, "running");
	KUNIT_EXPECT_NE(test, strcmp(row.pid, "-"), 0);
	KUNIT_EXPECT_EQ(test, row.exit_status, (unsigned int)STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, row.handles, 1UL);
	KUNIT_EXPECT_EQ(test, row.priority, 8);
	KUNIT_EXPECT_STREQ(test, row.routine, "ntt_parked");
	KUNIT_EXPECT_EQ(test, row.bytes[NT_SITE_OBJECT],
			(unsigned long)kmem_cache_size((*PsThreadType)->cache));
	KUNIT_EXPECT_GE(test, row.bytes[NT_SITE_HANDLE], 16UL);
	KUNIT_EXPECT_EQ(test, row.bytes[NT_SITE_HANDLE] % 16, 0UL);
	KUNIT_EXPECT_GE(test, row.bytes[NT_SITE_CID], 16UL);
	KUNIT_EXPECT_EQ(test, row.bytes[NT_SITE_TEB], 0UL);
	KUNIT_EXPECT_EQ(test, row.bytes[NT_SITE_STACK],
			THREAD_SIZE + (IS_ENABLED(CONFIG_VMAP_STACK) ? PAGE_SIZE : 0));
	/* x86 sizes the FPU state at the end of task_struct at boot. */
	KUNIT_EXPECT_GE(test, row.bytes[NT_SITE_TASK],
			(unsigned long)offsetof(struct task_struct, thread));
	for (i = 0; i < NT_SITES; i++)
		sum += row.bytes[i];
	KUNIT_EXPECT_EQ(test, row.total, sum);
	ntt_finish(test, &gate, handle);
}

static void stats_one_thread_adds_one_objects_bytes(struct kunit *test)
{
	long objects, bytes, created, live;
	struct ntt_gate gate;
	HANDLE handle;

	objects = stats_counter(test, "objects_nt_thread");
	bytes = stats_counter(test, "slab_bytes_nt_thread");
	created = stats_counter(test, "threads_created");
	live = stats_counter(test, "threads_live");
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	KUNIT_EXPECT_EQ(test, stats_counter(test, "objects_nt_thread"), objects + 1);
	KUNIT_EXPECT_EQ(test, stats_counter(test, "slab_bytes_nt_thread"),
			bytes + kmem_cache_size((*PsThreadType)->cache));
	KUNIT_EXPECT_EQ(test, stats_counter(test, "threads_created"), created + 1);
	KUNIT_EXPECT_EQ(test, stats_counter(test, "threads_live"), live + 1);
	ntt_finish(test, &gate, handle);
}

static void stats_figures_return_to_baseline_after_teardown(struct kunit *test)
{
	static const char *const names[] = {
		"threads_live", "handles_open", "objects_nt_thread",
		"slab_bytes_nt_thread", "slab_bytes_nt_handle_page",
		"cid_table_entries", "handle_table_entries",
	};
	struct ntt_snapshot base;
	struct ntt_gate gate;
	HANDLE handles[8];
	long before[ARRAY_SIZE(names)], adopted;
	int i;

	/*
	 * Table pages stay once added (as in NT): warm the tables so that
	 * the threads below reuse free entries instead of adding a page.
	 */
	ntt_snapshot(&base);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = ntt_start(test, &gate, NULL);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		ntt_finish(test, &gate, handles[i]);
	ntt_expect_baseline(test, &base);
	adopted = stats_counter(test, "adopted_live");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		before[i] = stats_counter(test, names[i]);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = ntt_start(test, &gate, NULL);
	KUNIT_EXPECT_EQ(test, stats_counter(test, "threads_live"), before[0] + 8);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		ntt_finish(test, &gate, handles[i]);
	ntt_expect_baseline(test, &base);
	/*
	 * A kworker that runs the layer's deferred work may be adopted
	 * meanwhile (and stays so while it lives): its object and TID are
	 * not the threads' above, so they are left out of the comparison.
	 */
	adopted = stats_counter(test, "adopted_live") - adopted;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		long now = stats_counter(test, names[i]);

		if (!strcmp(names[i], "objects_nt_thread") ||
		    !strcmp(names[i], "cid_table_entries"))
			now -= adopted;
		else if (!strcmp(names[i], "slab_bytes_nt_thread"))
			now -= adopted * (long)kmem_cache_size((*PsThreadType)->cache);
		KUNIT_EXPECT_EQ_MSG(test, now, before[i], "%s", names[i]);
	}
}

static void stats_terminated_thread_listed_until_last_reference(struct kunit *test)
{
	struct stats_row row;
	struct ntt_gate gate;
	PETHREAD thread;
	CLIENT_ID cid;
	HANDLE handle;

	ntt_gate_init(&gate, (NTSTATUS)0xC0000001);
	handle = ntt_start(test, &gate, &cid);
	thread = ntt_object(test, handle);
	ntt_finish(test, &gate, handle);
	/* Handle closed, thread gone: our reference alone keeps the row. */
	ntt_expect_refs(test, thread, 1);
	KUNIT_ASSERT_TRUE(test, stats_find_thread(test, cid.UniqueThread, &row));
	KUNIT_EXPECT_STREQ(test, row.state, "terminated");
	KUNIT_EXPECT_STREQ(test, row.pid, "-");
	KUNIT_EXPECT_EQ(test, row.exit_status, 0xC0000001U);
	KUNIT_EXPECT_EQ(test, row.handles, 0UL);
	KUNIT_EXPECT_EQ(test, row.refs, 1UL);
	ObDereferenceObject(thread);
	KUNIT_EXPECT_FALSE(test, stats_find_thread(test, cid.UniqueThread, &row));
}

static void stats_sum_over_threads_matches_stats(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handles[4];
	char *buf, *line;
	unsigned long objects = 0, live_total = 0, sites_total = 0;
	long rows = 0, spares;
	int i;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = ntt_start(test, &gate, NULL);

	buf = stats_read(test, "threads");
	strsep(&buf, "\n");	/* # format */
	strsep(&buf, "\n");	/* the header */
	while ((line = strsep(&buf, "\n")) && *line) {
		struct stats_row row;

		KUNIT_ASSERT_EQ(test, stats_parse_row(line, &row), 15);
		objects += row.bytes[NT_SITE_OBJECT];
		live_total += row.total;
		rows++;
	}
	/* The spares for adoptions at DISPATCH_LEVEL are no rows (yet). */
	spares = stats_counter(test, "adopt_spares");
	KUNIT_EXPECT_EQ(test, rows + spares,
			stats_counter(test, "objects_nt_thread"));
	KUNIT_EXPECT_EQ(test, (long)objects +
			spares * (long)kmem_cache_size((*PsThreadType)->cache),
			stats_counter(test, "slab_bytes_nt_thread"));

	/* alloc_sites: the total row's live bytes are the threads' total. */
	buf = stats_read(test, "alloc_sites");
	strsep(&buf, "\n");	/* # format */
	strsep(&buf, "\n");	/* the header */
	while ((line = strsep(&buf, "\n")) && *line) {
		char site[16];
		unsigned long total;
		int fields;

		fields = sscanf(line, "%15s %*s %*s %*d %*u %*u %lu", site, &total);
		KUNIT_ASSERT_EQ(test, fields, 2);
		if (strcmp(site, "total"))
			sites_total += total;
		else
			KUNIT_EXPECT_EQ(test, total, sites_total);
	}
	KUNIT_EXPECT_EQ(test, sites_total, live_total);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		ntt_finish(test, &gate, handles[i]);
}

static void stats_handles_file_lists_open_handles(struct kunit *test)
{
	struct ntt_gate gate;
	CLIENT_ID cid;
	HANDLE handle;
	char want[80];
	char *buf;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	snprintf(want, sizeof(want), "0x%016lx Thread 0x%08x tid=%lu\n",
		 (unsigned long)handle, THREAD_ALL_ACCESS,
		 (unsigned long)cid.UniqueThread);
	buf = stats_read(test, "handles");
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
	ntt_finish(test, &gate, handle);
	buf = stats_read(test, "handles");
	KUNIT_EXPECT_NULL(test, strstr(buf, want));
}

#define STATS_STREAM_HANDLES	200
#define STATS_TAIL		256	/* bytes: more than two rows */

/*
 * handles is an iterator, not one buffer filled at open: a handle opened
 * after the first read, past every row read so far, is in what follows;
 * and with nothing changing, every handle is listed exactly once.
 */
static void stats_handles_file_streams_its_rows(struct kunit *test)
{
	struct ntt_fill fill = { };
	unsigned int i, rows = 0;
	HANDLE *handles, late = NULL;
	char *buf, want[80], *line, *rest;
	struct ntt_gate gate;
	unsigned long last;
	PETHREAD thread;
	HANDLE handle;
	struct file *f;
	loff_t pos = 0;
	size_t keep;
	ssize_t len, n;

	handles = kunit_kcalloc(test, STATS_STREAM_HANDLES, sizeof(HANDLE), GFP_KERNEL);
	buf = kunit_kzalloc(test, STATS_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, handles);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	last = (unsigned long)handle;
	for (i = 0; i < STATS_STREAM_HANDLES; i++) {
		if (!NT_SUCCESS(ObOpenObjectByPointer(thread, 0, NULL, 0, NULL,
						      KernelMode, &handles[i])))
			break;
		last = max_t(unsigned long, last, (unsigned long)handles[i]);
	}
	KUNIT_EXPECT_EQ(test, i, STATS_STREAM_HANDLES);

	f = nt_filp_open(STATS_DIR "handles", O_RDONLY, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(f));
	if (!IS_ERR(f)) {
		len = kernel_read(f, buf, 256, &pos);
		KUNIT_EXPECT_GT(test, len, 0);
		/* Past every handle so far: free entries taken, a new page begun. */
		if (ntt_fill_page(test, thread, &fill) &&
		    NT_SUCCESS(ObOpenObjectByPointer(thread, 0, NULL, 0, NULL, KernelMode,
						     &late)))
			KUNIT_EXPECT_GT(test, (unsigned long)late, last);
		KUNIT_EXPECT_NOT_NULL(test, late);
		/*
		 * The rest, however long (the fill may have opened many
		 * handles): keep its last STATS_TAIL bytes, where the late
		 * handle's row, the highest index, must be.
		 */
		keep = 0;
		while ((n = kernel_read(f, buf + keep, STATS_BUF - 1 - keep, &pos)) > 0) {
			len = keep + n;
			keep = min_t(size_t, len, STATS_TAIL);
			memmove(buf, buf + len - keep, keep);
		}
		filp_close(f, NULL);
		buf[keep] = 0;
		snprintf(want, sizeof(want), "0x%016lx Thread ", (unsigned long)late);
		KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
	}
	if (late)
		KUNIT_EXPECT_EQ(test, ZwClose(late), STATUS_SUCCESS);
	ntt_fill_close(test, &fill);

	/* Nothing changes now: each of our handles is listed once. */
	KUNIT_EXPECT_GT(test, stats_read_into(buf, "handles"), 0);
	rest = buf;
	while ((line = strsep(&rest, "\n"))) {
		for (i = 0; i < STATS_STREAM_HANDLES; i++) {
			snprintf(want, sizeof(want), "0x%016lx ", (unsigned long)handles[i]);
			if (!strncmp(line, want, strlen(want)))
				rows++;
		}
	}
	KUNIT_EXPECT_EQ(test, rows, STATS_STREAM_HANDLES);
	for (i = 0; i < STATS_STREAM_HANDLES && handles[i]; i++)
		KUNIT_EXPECT_EQ(test, ZwClose(handles[i]), STATUS_SUCCESS);
	ntt_finish(test, &gate, handle);
	ObDereferenceObject(thread);
}

/* Readers race creators: every row and every table they see adds up. */
struct stats_racer {
	char *buf;
	struct task_struct *task;
	int bad_rows, reads;
};

static int stats_reader_main(void *arg)
{
	struct stats_racer *r = arg;

	while (!kthread_should_stop()) {
		char *buf = r->buf, *line;

		if (stats_read_into(buf, "threads") <= 0) {
			r->bad_rows++;
			usleep_range(1000, 2000);
			continue;
		}
		strsep(&buf, "\n");	/* # format */
		strsep(&buf, "\n");	/* the header */
		while ((line = strsep(&buf, "\n")) && *line) {
			struct stats_row row;
			unsigned long sum = 0;
			int i;

			if (stats_parse_row(line, &row) != 15) {
				r->bad_rows++;
				continue;
			}
			for (i = 0; i < NT_SITES; i++)
				sum += row.bytes[i];
			r->bad_rows += sum != row.total || !sum;
		}
		r->reads++;
		cond_resched();
	}
	return 0;
}

static VOID stats_quick(PVOID context)
{
}

static void stats_readers_racing_creators_see_consistent_rows(struct kunit *test)
{
	struct stats_racer readers[2] = { };
	struct ntt_snapshot base;
	HANDLE handle;
	int i, reads = 0;

	ntt_snapshot(&base);
	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		readers[i].buf = kunit_kzalloc(test, STATS_BUF, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, readers[i].buf);
		readers[i].task = kthread_run(stats_reader_main, &readers[i],
					      "ntt_reader/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(readers[i].task));
	}
	for (i = 0; i < 64; i++) {
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, stats_quick, NULL),
				STATUS_SUCCESS);
		if (i % 2)
			ZwWaitForSingleObject(handle, FALSE, NULL);
		ZwClose(handle);
	}
	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		kthread_stop(readers[i].task);
		KUNIT_EXPECT_EQ(test, readers[i].bad_rows, 0);
		reads += readers[i].reads;
	}
	KUNIT_EXPECT_GT(test, reads, 0);
	ntt_expect_baseline(test, &base);
}

/* Every file begins with its format version (see module/debugfs.c). */
static void stats_files_begin_with_their_format(struct kunit *test)
{
	static const char *const files[] = {
		"stats", "threads", "alloc_sites", "handles", "pool", "pool_threads",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *buf = stats_read(test, files[i]);

		KUNIT_EXPECT_STREQ_MSG(test, strsep(&buf, "\n"), "# format 1",
				       "%s", files[i]);
	}
}

static struct kunit_case stats_cases[] = {
	KUNIT_CASE(stats_row_shows_each_site_of_a_thread),
	KUNIT_CASE(stats_one_thread_adds_one_objects_bytes),
	KUNIT_CASE(stats_figures_return_to_baseline_after_teardown),
	KUNIT_CASE(stats_terminated_thread_listed_until_last_reference),
	KUNIT_CASE(stats_sum_over_threads_matches_stats),
	KUNIT_CASE(stats_handles_file_lists_open_handles),
	KUNIT_CASE(stats_handles_file_streams_its_rows),
	KUNIT_CASE(stats_readers_racing_creators_see_consistent_rows),
	KUNIT_CASE(stats_files_begin_with_their_format),
	{}
};

static struct kunit_suite stats_suite = {
	.name = "ntthread_stats",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = stats_cases,
};

kunit_test_suite(stats_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's debugfs statistics");
MODULE_LICENSE("GPL");
