/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run-time library: counted strings, time fields, RtlCompareMemory,
 * the interlocked singly linked list.  rtl uses ke (the IRQL test) and
 * pool (the strings it allocates).
 */
#ifndef _NTTHREAD_RTL_H
#define _NTTHREAD_RTL_H

#include <ntddk.h>

#endif /* _NTTHREAD_RTL_H */
