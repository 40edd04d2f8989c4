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

#define STATS_BUF	(64 * 1024)

/* Read a debugfs file of the layer into @buf (STATS_BUF bytes). */
static ssize_t stats_read_into(char *buf, const char *name)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n, len = 0;

	f = ntt_debugfs_open(name);
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

#define STATS_COUNTERS_MAX	8

/*
 * The values of counters @names[@n] in one read of the stats file; fails
 * the test if one is absent.
 */
static void stats_read_counters(struct kunit *test, const char *const *names,
				int n, long *values)
{
	char *start = stats_read(test, "stats"), *buf = start, *line;
	unsigned long found = 0;
	int i;

	KUNIT_ASSERT_LE(test, n, STATS_COUNTERS_MAX);
	while ((line = strsep(&buf, "\n"))) {
		for (i = 0; i < n; i++) {
			size_t len = strlen(names[i]);

			if (!strncmp(line, names[i], len) && line[len] == ' ' &&
			    kstrtol(line + len + 1, 10, &values[i]) == 0)
				found |= BIT(i);
		}
	}
	for (i = 0; i < n; i++) {
		if (!(found & BIT(i))) {
			KUNIT_FAIL(test, "no counter %s", names[i]);
			values[i] = -1;
		}
	}
	kunit_kfree(test, start);
}

/* The value of counter @name in the stats file; fails the test if absent. */
static long stats_counter(struct kunit *test, const char *name)
{
	long value;

	stats_read_counters(test, &name, 1, &value);
	return value;
}

/*
 * The same, read again until two reads agree.  An adopted object deleted
 * meanwhile (an earlier case's KUnit thread, freed by a worker once it
 * has exited) leaves adopted_live, the TIDs and the objects one at a
 * time: a read between two of those steps is off by one.  The bound is
 * for a hang only.
 */
static void stats_read_counters_agreed(struct kunit *test,
				       const char *const *names, int n,
				       long *values)
{
	long again[STATS_COUNTERS_MAX];
	int tries = 100;

	stats_read_counters(test, names, n, values);
	do {
		usleep_range(1000, 2000);
		stats_read_counters(test, names, n, again);
		if (!memcmp(values, again, n * sizeof(*values)))
			return;
		memcpy(values, again, n * sizeof(*values));
	} while (--tries);
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

/*
 * The objects and bytes of adopted objects are left out: those may come
 * and go meanwhile (an earlier case's KUnit thread is freed once it has
 * exited).
 */
static void stats_one_thread_adds_one_objects_bytes(struct kunit *test)
{
	enum { OBJECTS, BYTES, CREATED, LIVE, ADOPTED, COUNTERS };
	static const char *const names[COUNTERS] = {
		[OBJECTS] = "objects_nt_thread", [BYTES] = "slab_bytes_nt_thread",
		[CREATED] = "threads_created", [LIVE] = "threads_live",
		[ADOPTED] = "adopted_live",
	};
	long size = kmem_cache_size((*PsThreadType)->cache);
	long before[COUNTERS], now[COUNTERS];
	struct ntt_gate gate;
	HANDLE handle;

	stats_read_counters_agreed(test, names, COUNTERS, before);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	stats_read_counters_agreed(test, names, COUNTERS, now);
	KUNIT_EXPECT_EQ(test, now[OBJECTS] - now[ADOPTED],
			before[OBJECTS] - before[ADOPTED] + 1);
	KUNIT_EXPECT_EQ(test, now[BYTES] - now[ADOPTED] * size,
			before[BYTES] - before[ADOPTED] * size + size);
	KUNIT_EXPECT_EQ(test, now[CREATED], before[CREATED] + 1);
	KUNIT_EXPECT_EQ(test, now[LIVE], before[LIVE] + 1);
	ntt_finish(test, &gate, handle);
}

static void stats_figures_return_to_baseline_after_teardown(struct kunit *test)
{
	static const char *const names[] = {
		"threads_live", "handles_open", "objects_nt_thread",
		"slab_bytes_nt_thread", "slab_bytes_nt_handle_page",
		"cid_table_entries", "handle_table_entries", "adopted_live",
	};
	const int adopted_live = ARRAY_SIZE(names) - 1;
	long before[ARRAY_SIZE(names)], now[ARRAY_SIZE(names)], adopted;
	struct ntt_snapshot base;
	struct ntt_gate gate;
	HANDLE handles[8];
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
	stats_read_counters_agreed(test, names, ARRAY_SIZE(names), before);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = ntt_start(test, &gate, NULL);
	KUNIT_EXPECT_EQ(test, stats_counter(test, "threads_live"), before[0] + 8);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		ntt_finish(test, &gate, handles[i]);
	ntt_expect_baseline(test, &base);
	/*
	 * Adopted objects may come and go meanwhile (an earlier case's
	 * KUnit thread is freed once it has exited): their objects and TIDs
	 * are not the threads' above, so they are left out of the comparison.
	 */
	stats_read_counters_agreed(test, names, ARRAY_SIZE(names), now);
	adopted = now[adopted_live] - before[adopted_live];
	for (i = 0; i < adopted_live; i++) {
		if (!strcmp(names[i], "objects_nt_thread") ||
		    !strcmp(names[i], "cid_table_entries"))
			now[i] -= adopted;
		else if (!strcmp(names[i], "slab_bytes_nt_thread"))
			now[i] -= adopted * (long)kmem_cache_size((*PsThreadType)->cache);
		KUNIT_EXPECT_EQ_MSG(test, now[i], before[i], "%s", names[i]);
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

/* The threads file's rows, their object bytes and their total bytes. */
static long stats_sum_threads(struct kunit *test, unsigned long *objects,
			      unsigned long *live_total)
{
	char *buf = stats_read(test, "threads"), *line;
	long rows = 0;

	*objects = 0;
	*live_total = 0;
	strsep(&buf, "\n");	/* # format */
	strsep(&buf, "\n");	/* the header */
	while ((line = strsep(&buf, "\n")) && *line) {
		struct stats_row row;

		KUNIT_ASSERT_EQ(test, stats_parse_row(line, &row), 15);
		*objects += row.bytes[NT_SITE_OBJECT];
		*live_total += row.total;
		rows++;
	}
	return rows;
}

/* alloc_sites: the sum of the sites' live bytes; the total row's are @total. */
static unsigned long stats_sum_sites(struct kunit *test, unsigned long *total)
{
	char *buf = stats_read(test, "alloc_sites"), *line;
	unsigned long sites_total = 0;

	*total = 0;
	strsep(&buf, "\n");	/* # format */
	strsep(&buf, "\n");	/* the header */
	while ((line = strsep(&buf, "\n")) && *line) {
		char site[16];
		unsigned long bytes;
		int fields;

		fields = sscanf(line, "%15s %*s %*s %*d %*u %*u %lu", site, &bytes);
		KUNIT_ASSERT_EQ(test, fields, 2);
		if (strcmp(site, "total"))
			sites_total += bytes;
		else
			*total = bytes;
	}
	return sites_total;
}

static void stats_sum_over_threads_matches_stats(struct kunit *test)
{
	enum { ADOPTED, OBJECTS, BYTES, SPARES, COUNTERS };
	static const char *const names[COUNTERS] = {
		[ADOPTED] = "adopted_live", [OBJECTS] = "objects_nt_thread",
		[BYTES] = "slab_bytes_nt_thread", [SPARES] = "adopt_spares",
	};
	unsigned long objects, live_total, sites_total, total_row;
	long before[COUNTERS], after[COUNTERS], rows;
	struct ntt_gate gate;
	HANDLE handles[4];
	int i, tries = 10;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = ntt_start(test, &gate, NULL);

	/*
	 * Each file is read on its own: an adopted object deleted or made
	 * between two reads (an earlier case's KUnit thread is freed once
	 * it has exited) is in one and not the other.  Read them all again
	 * until the counts before and after agree; the bound is for a hang
	 * only.
	 */
	do {
		stats_read_counters_agreed(test, names, COUNTERS, before);
		rows = stats_sum_threads(test, &objects, &live_total);
		sites_total = stats_sum_sites(test, &total_row);
		stats_read_counters_agreed(test, names, COUNTERS, after);
	} while (memcmp(before, after, sizeof(before)) && --tries);
	/* The spares for adoptions at DISPATCH_LEVEL are no rows (yet). */
	KUNIT_EXPECT_EQ(test, rows + before[SPARES], before[OBJECTS]);
	KUNIT_EXPECT_EQ(test, (long)objects + before[SPARES] *
			(long)kmem_cache_size((*PsThreadType)->cache),
			before[BYTES]);
	/* alloc_sites: the total row's live bytes are the threads' total. */
	KUNIT_EXPECT_EQ(test, total_row, sites_total);
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

	f = ntt_debugfs_open("handles");
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
		WRITE_ONCE(r->reads, r->reads + 1);	/* read by the test */
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
	int i;

	ntt_snapshot(&base);
	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		readers[i].buf = kunit_kzalloc(test, STATS_BUF, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, readers[i].buf);
		readers[i].task = kthread_run(stats_reader_main, &readers[i],
					      "ntt_reader/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(readers[i].task));
	}
	/* Each reader under way (one read done) before the creators start. */
	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		int tries;

		for (tries = 0; tries < 3000 && !READ_ONCE(readers[i].reads); tries++)
			usleep_range(10000, 11000);
		KUNIT_EXPECT_GT(test, READ_ONCE(readers[i].reads), 0);
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
	}
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
