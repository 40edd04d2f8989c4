/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows the differences between the kernels ntthread
 * supports (the 6.1 and 6.12 LTS series and the newest series Debian
 * ships, 7.3 today; Debian's stock builds and the test kernels alike): no
 * other file tests the kernel version, and `make lint` allows
 * LINUX_VERSION_CODE in this file alone.  The KUnit suites include it too.
 */
#ifndef _NTTHREAD_COMPAT_H
#define _NTTHREAD_COMPAT_H

#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <asm/vsyscall.h>

#define NT_LINUX_6_10	KERNEL_VERSION(6, 10, 0)
#define NT_LINUX_6_13	KERNEL_VERSION(6, 13, 0)
#define NT_LINUX_6_15	KERNEL_VERSION(6, 15, 0)
#define NT_LINUX_6_16	KERNEL_VERSION(6, 16, 0)

/*
 * The namespace of the symbols only ntthread's own test and benchmark
 * modules use, for EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS().  6.13 made
 * namespaces string literals; before, the macros stringified a bare name.
 */
#if LINUX_VERSION_CODE >= NT_LINUX_6_13
#define NT_NS_INTERNAL	"NTTHREAD_INTERNAL"
#else
#define NT_NS_INTERNAL	NTTHREAD_INTERNAL
#endif

/* 6.15 removed hrtimer_init() for hrtimer_setup(). */
static inline void nt_hrtimer_setup(struct hrtimer *timer,
				    enum hrtimer_restart (*fn)(struct hrtimer *),
				    clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= NT_LINUX_6_15
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

/* 6.15 removed hrtimer_init_on_stack() for hrtimer_setup_on_stack(). */
static inline void nt_hrtimer_setup_on_stack(struct hrtimer *timer,
					     enum hrtimer_restart (*fn)(struct hrtimer *),
					     clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= NT_LINUX_6_15
	hrtimer_setup_on_stack(timer, fn, clock, mode);
#else
	hrtimer_init_on_stack(timer, clock, mode);
	timer->function = fn;
#endif
}

/* 6.16 gave the sched_process_exit tracepoint a group_dead argument. */
#if LINUX_VERSION_CODE >= NT_LINUX_6_16
#define NT_SCHED_PROCESS_EXIT_ARGS	struct task_struct *p, bool group_dead
#else
#define NT_SCHED_PROCESS_EXIT_ARGS	struct task_struct *p
#endif

/*
 * 6.10 dropped __assign_str()'s source argument: the field's __string()
 * declaration names the source.  Callers pass it; 6.10 and later ignore it.
 */
#if LINUX_VERSION_CODE >= NT_LINUX_6_10
#define nt_assign_str(dst, ...)	__assign_str(dst)
#else
#define nt_assign_str(dst, src)	__assign_str(dst, src)
#endif

/*
 * get_kernel_nofault() of one word, inline, for the hot paths that
 * check a driver's pointer (ObDereferenceObject): the exported
 * copy_from_kernel_nofault() behind get_kernel_nofault() made a
 * reference/dereference pair 1.6 times as slow (make bench, handle_ref).
 * Only addresses from the direct map up to the vsyscall page are read,
 * with one comparison: that excludes user and non-canonical addresses and
 * the vsyscall page, whose faults are a user fault's; a fault on any other
 * kernel address never sleeps on x86, so the load's exception-table fixup
 * needs no pagefault_disable().  The load is uninstrumented: KASAN does
 * not report a redzone read.  ntthread is x86-64 only.
 */
static __always_inline bool nt_read_word_nofault(const void *src,
						 unsigned long *val)
{
	unsigned long addr = (unsigned long)src;

	if (addr - PAGE_OFFSET >= VSYSCALL_ADDR - PAGE_OFFSET)
		return false;
	__get_kernel_nofault(val, src, unsigned long, fault);
	return true;
fault:
	return false;
}

#endif /* _NTTHREAD_COMPAT_H */
