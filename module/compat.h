/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows the differences between the kernels ntthread
 * supports (the 6.1 and 6.12 LTS series, Debian's stock builds and the
 * test kernels alike): no other file tests the kernel version, and
 * `make lint` allows LINUX_VERSION_CODE in this file alone.
 */
#ifndef _NTTHREAD_COMPAT_H
#define _NTTHREAD_COMPAT_H

#include <linux/version.h>

#define NT_LINUX_6_10	KERNEL_VERSION(6, 10, 0)

/*
 * 6.10 dropped __assign_str()'s source argument: the field's __string()
 * declaration names the source.  Callers pass it; 6.10 and later ignore it.
 */
#if LINUX_VERSION_CODE >= NT_LINUX_6_10
#define nt_assign_str(dst, ...)	__assign_str(dst)
#else
#define nt_assign_str(dst, src)	__assign_str(dst, src)
#endif

#endif /* _NTTHREAD_COMPAT_H */
