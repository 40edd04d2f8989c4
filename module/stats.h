/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics counters: atomics that their writers update without waiting
 * on readers, and the per-site byte sums of the threads created.  A leaf:
 * the debugfs views (debugfs.c) read them.
 */
#ifndef _NTTHREAD_STATS_H
#define _NTTHREAD_STATS_H

#include <linux/atomic.h>
#include <nt/status.h>
#include <nt/types.h>

enum nt_counter {
	NT_CTR_THREADS_CREATED,
	NT_CTR_THREADS_EXITED,
	NT_CTR_THREADS_LIVE,
	NT_CTR_THREADS_PEAK,
	NT_CTR_CREATE_FAILED,
	NT_CTR_HANDLES_OPEN,
	NT_CTR_HANDLES_PEAK,
	NT_CTR_THREADS_ADOPTED,	/* tasks given a thread object (adopt.c) */
	NT_CTR_ADOPTED_LIVE,	/* their objects alive */
	NT_CTR_ADOPT_SPARES,	/* objects made ahead for them (adopt.c) */
	NT_CTR_ADOPT_NO_SPARE,	/* first calls at DISPATCH_LEVEL left without */
	NT_CTR_WAITS_WOKEN_LATE, /* done, but woken by their own time-out */
	NT_CTR_COUNT
};

extern const char *const nt_counter_names[NT_CTR_COUNT];

/* Where a thread's memory goes: the seed's four NT sites, plus Linux's task. */
enum nt_site {
	NT_SITE_OBJECT,		/* ObCreateObject: ETHREAD + header */
	NT_SITE_HANDLE,		/* ExCreateHandle: entry + pages added */
	NT_SITE_CID,		/* the CID table entry + pages added */
	NT_SITE_TEB,		/* MmCreateTeb: none for system threads */
	NT_SITE_STACK,		/* KeInitThread / MmCreateKernelStack */
	NT_SITE_TASK,		/* Linux only: task_struct + struct kthread */
	NT_SITES
};

/* The statuses PsCreateSystemThread fails with, counted apart. */
#define NT_FAILURE_STATUSES	5
extern const NTSTATUS nt_failure_status[NT_FAILURE_STATUSES];

void nt_stat_inc(enum nt_counter counter);
void nt_stat_dec(enum nt_counter counter);
void nt_stats_create_failed(NTSTATUS status);
void nt_stats_sites_add(const unsigned long bytes[NT_SITES]);
long nt_stats_failures(unsigned int i);
long nt_stats_site_sum(enum nt_site site);
long nt_stats_site_max(enum nt_site site);

/* For the KUnit suites and the views (namespace NTTHREAD_INTERNAL). */
long ntthread_counter(enum nt_counter counter);

#endif /* _NTTHREAD_STATS_H */
