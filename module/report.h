/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How ntthread reports a driver's mistake: where Windows would bug check,
 * log once (per call site) and let the caller return the status its
 * kernel-doc promises.  Each file that prints defines pr_fmt as
 * "ntthread: ".
 */
#ifndef _NTTHREAD_REPORT_H
#define _NTTHREAD_REPORT_H

#include <linux/printk.h>

#define nt_bugcheck_once(fmt, ...)					\
	pr_warn_once("%s: " fmt " (Windows would bug check)\n",	\
		     __func__, ##__VA_ARGS__)

/* A PASSIVE_LEVEL routine entered in atomic context. */
#define nt_wrong_irql_once()						\
	pr_warn_once("%s called at DISPATCH_LEVEL from %pS "		\
		     "(IRQL_NOT_LESS_OR_EQUAL on Windows)\n", __func__,	\
		     __builtin_return_address(0))

#endif /* _NTTHREAD_REPORT_H */
