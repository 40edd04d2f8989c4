/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows the differences between the kernels ntthread
 * supports (the 6.1 and 6.12 LTS series).
 */
#ifndef _NTTHREAD_COMPAT_H
#define _NTTHREAD_COMPAT_H

#include <linux/version.h>

/* 6.10 dropped __assign_str()'s source argument. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define nt_assign_str(dst, src)	__assign_str(dst)
#else
#define nt_assign_str(dst, src)	__assign_str(dst, src)
#endif

#endif /* _NTTHREAD_COMPAT_H */
