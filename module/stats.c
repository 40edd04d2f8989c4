// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics counters (stats.h).  Writers never wait: every figure is an
 * atomic, and peaks are raised with a cmpxchg loop.
 */
#include <linux/module.h>

#include "compat.h"
#include "stats.h"

static atomic_long_t nt_counters[NT_CTR_COUNT];

const char *const nt_counter_names[NT_CTR_COUNT] = {
	[NT_CTR_THREADS_CREATED] = "threads_created",
	[NT_CTR_THREADS_EXITED] = "threads_exited",
	[NT_CTR_THREADS_LIVE] = "threads_live",
	[NT_CTR_THREADS_PEAK] = "threads_peak",
	[NT_CTR_CREATE_FAILED] = "create_failed",
	[NT_CTR_HANDLES_OPEN] = "handles_open",
	[NT_CTR_HANDLES_PEAK] = "handles_peak",
	[NT_CTR_THREADS_ADOPTED] = "threads_adopted",
	[NT_CTR_ADOPTED_LIVE] = "adopted_live",
	[NT_CTR_ADOPT_SPARES] = "adopt_spares",
	[NT_CTR_ADOPT_NO_SPARE] = "adopt_no_spare",
	[NT_CTR_WAITS_WOKEN_LATE] = "waits_woken_late",
};

const NTSTATUS nt_failure_status[NT_FAILURE_STATUSES] = {
	STATUS_INVALID_PARAMETER, STATUS_INVALID_HANDLE,
	STATUS_OBJECT_TYPE_MISMATCH, STATUS_INSUFFICIENT_RESOURCES,
	STATUS_INVALID_DEVICE_STATE,
};

static atomic_long_t nt_failures[NT_FAILURE_STATUSES];
static atomic_long_t nt_site_sum[NT_SITES];
static atomic_long_t nt_site_max[NT_SITES];

static void nt_stat_raise(atomic_long_t *max, long value)
{
	long old = atomic_long_read(max);

	while (old < value && !atomic_long_try_cmpxchg(max, &old, value))
		;
}

void nt_stat_inc(enum nt_counter counter)
{
	long value = atomic_long_inc_return(&nt_counters[counter]);

	if (counter == NT_CTR_THREADS_LIVE)
		nt_stat_raise(&nt_counters[NT_CTR_THREADS_PEAK], value);
	else if (counter == NT_CTR_HANDLES_OPEN)
		nt_stat_raise(&nt_counters[NT_CTR_HANDLES_PEAK], value);
}

void nt_stat_dec(enum nt_counter counter)
{
	atomic_long_dec(&nt_counters[counter]);
}

void nt_stats_create_failed(NTSTATUS status)
{
	int i;

	nt_stat_inc(NT_CTR_CREATE_FAILED);
	for (i = 0; i < NT_FAILURE_STATUSES; i++)
		if (nt_failure_status[i] == status)
			atomic_long_inc(&nt_failures[i]);
}

/* A new thread's bytes per site: into the sums and maxima. */
void nt_stats_sites_add(const unsigned long bytes[NT_SITES])
{
	int i;

	for (i = 0; i < NT_SITES; i++) {
		atomic_long_add(bytes[i], &nt_site_sum[i]);
		nt_stat_raise(&nt_site_max[i], bytes[i]);
	}
}

long nt_stats_failures(unsigned int i)
{
	return atomic_long_read(&nt_failures[i]);
}

long nt_stats_site_sum(enum nt_site site)
{
	return atomic_long_read(&nt_site_sum[site]);
}

long nt_stats_site_max(enum nt_site site)
{
	return atomic_long_read(&nt_site_max[site]);
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
EXPORT_SYMBOL_NS_GPL(ntthread_counter, NT_NS_INTERNAL);
