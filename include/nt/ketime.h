/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time a worker reads, inline over the kernel's clocks; all in NT's
 * 100 ns units.  Interrupt time counts from boot and includes suspend
 * (CLOCK_BOOTTIME); unbiased interrupt time leaves suspend out
 * (CLOCK_MONOTONIC); system time is since 1601 (CLOCK_REALTIME).  The
 * performance counter runs at 10 MHz, as on current Windows, and the
 * tick is the kernel's jiffy.
 */
#ifndef _NT_KETIME_H
#define _NT_KETIME_H

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>
#include <nt/basetsd.h>

#define __NT_100NS(ns)		div_u64((ns), 100)
#define __NT_EPOCH_DELTA	116444736000000000ULL

static inline LARGE_INTEGER
KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER now = { .QuadPart = __NT_100NS(ktime_get_ns()) };

	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = 10000000;
	return now;
}

/* Ticks since boot; a NULL pointer stores nothing. */
static inline VOID KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
	if (CurrentCount)
		CurrentCount->QuadPart = get_jiffies_64() - INITIAL_JIFFIES;
}

static inline ULONG KeQueryTimeIncrement(void)
{
	return 10000000 / HZ;
}

static inline ULONGLONG KeQueryInterruptTime(void)
{
	return __NT_100NS(ktime_get_boottime_ns());
}

static inline ULONGLONG KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
	ULONGLONG now = __NT_100NS(ktime_get_boottime_ns());

	if (QpcTimeStamp)
		*QpcTimeStamp = __NT_100NS(ktime_get_ns());
	return now;
}

static inline ULONGLONG KeQueryUnbiasedInterruptTime(void)
{
	return __NT_100NS(ktime_get_ns());
}

static inline VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
	if (CurrentTime)
		CurrentTime->QuadPart = __NT_100NS(ktime_get_real_ns()) +
					__NT_EPOCH_DELTA;
}

#endif /* _NT_KETIME_H */
