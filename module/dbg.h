/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug output (DbgPrint and its relatives, RtlAssert): NT's format
 * conversions done here, the result printed at the printk level of its
 * DPFLTR level.  dbg uses no other component.
 */
#ifndef _NTTHREAD_DBG_H
#define _NTTHREAD_DBG_H

#include <ntddk.h>

#include "compat.h"

/* NT's DbgPrint truncates a message at 512 bytes. */
#define NT_DBG_MAX	512

int nt_dbg_loglevel(ULONG level);
size_t nt_format(char *buf, size_t size, const char *fmt, va_list args);

#endif /* _NTTHREAD_DBG_H */
