/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executive pool (WRK's ex/pool.c): allocations with a 16-byte header
 * naming their tag, size and the record that counts them (or, where a
 * header would need a larger kmalloc size class, a 16-byte side record
 * in a table hashed by address), one record per
 * (allocating thread, tag, pool type, driver module).  Threads of this
 * layer count in their own account; every other context in its CPU's.
 * Over ps (the current thread); the debugfs views read it.
 */
#ifndef _NTTHREAD_POOL_H
#define _NTTHREAD_POOL_H

#include <nt/pool.h>

/* A side record: what a header would hold, for a block without one. */
#define NT_POOL_SIDE_BYTES	16

struct nt_thread;
struct seq_file;

/* The pool types that the statistics tell apart. */
enum nt_pool_kind {
	NT_POOL_NONPAGED,
	NT_POOL_PAGED,
	NT_POOL_KINDS
};

/* The Verifier's checks, counted (BAD_POOL_CALLER on Windows). */
enum nt_pool_report {
	NT_POOL_REPORT_WRONG_TAG,
	NT_POOL_REPORT_DOUBLE_FREE,
	NT_POOL_REPORT_FOREIGN,
	NT_POOL_REPORT_BAD_CALL,	/* a bad argument or context */
	NT_POOL_REPORT_LEAK,		/* records listed at a module's unload */
	NT_POOL_REPORTS
};

/**
 * struct nt_pool_figures - what one tag, thread or record counts
 * @allocs: allocations made
 * @frees: allocations freed, by whichever thread
 * @bytes: bytes allocated and not freed
 * @peak: the highest @bytes seen (per thread and per record; a tag's is
 *	  the sum of its records' peaks, an upper bound)
 */
struct nt_pool_figures {
	long allocs;
	long frees;
	long bytes;
	long peak;
};

int nt_pool_init(void);
void nt_pool_exit(void);
void nt_pool_show(struct seq_file *seq);
void nt_pool_threads_show(struct seq_file *seq);
void nt_pool_thread_figures(struct nt_thread *thread,
			    struct nt_pool_figures *f);
bool nt_pool_free_tagged(PVOID p, ULONG tag, unsigned long caller);

/* For the KUnit suites and the benchmark (namespace NTTHREAD_INTERNAL). */
void ntthread_pool_tag(ULONG tag, enum nt_pool_kind kind,
		       struct nt_pool_figures *f);
void ntthread_pool_thread_tag(struct nt_thread *thread, ULONG tag,
			      enum nt_pool_kind kind,
			      struct nt_pool_figures *f);
long ntthread_pool_reports(enum nt_pool_report report);
bool ntthread_pool_side(const void *p);
long ntthread_pool_side_full(void);
void ntthread_pool_trace_loop(unsigned int n, bool traced);
void ntthread_pool_reserve_counts(long *taken, long *empty);
void ntthread_pool_flush(void);

#endif /* _NTTHREAD_POOL_H */
