/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executive's sleeping locks: FAST_MUTEX, ERESOURCE, critical
 * regions.  exlock uses ke (KeGetCurrentIrql).
 */
#ifndef _NTTHREAD_EXLOCK_H
#define _NTTHREAD_EXLOCK_H

#include <ntddk.h>

#endif /* _NTTHREAD_EXLOCK_H */
