/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection at ntthread's allocation sites (lib/fault-inject.c):
 * /sys/kernel/debug/ntthread/fail_*.  A leaf: it knows no other component.
 */
#ifndef _NTTHREAD_FAULT_H
#define _NTTHREAD_FAULT_H

#include <linux/compiler.h>
#include <linux/types.h>

struct dentry;
struct fault_attr;

enum nt_fault_site {
	NT_FAULT_THREAD_OBJECT,		/* the thread object's slab allocation */
	NT_FAULT_HANDLE_PAGE_LOW,	/* handle-table pages, per level */
	NT_FAULT_HANDLE_PAGE_MID,
	NT_FAULT_HANDLE_PAGE_TOP,
	NT_FAULT_KTHREAD,		/* kthread_create() */
	NT_FAULT_POOL,			/* pool allocations, of one tag or all */
	NT_FAULT_SITES
};

bool nt_should_fail(enum nt_fault_site site);

#ifdef CONFIG_FAULT_INJECTION
/* fail_pool's probability: 0 while unarmed. */
extern unsigned long *const nt_fault_pool_armed;
bool nt_should_fail_pool_tag(u32 tag);

/*
 * Driver Verifier's low-resources simulation, by tag.  Unarmed, it costs
 * one load and no call: the pool's fast path asks on every allocation.
 */
static inline bool nt_should_fail_pool(u32 tag)
{
	return unlikely(READ_ONCE(*nt_fault_pool_armed)) &&
	       nt_should_fail_pool_tag(tag);
}
#else
static inline bool nt_should_fail_pool(u32 tag)
{
	return false;
}
#endif
void nt_fault_debugfs_init(struct dentry *dir);

/* For the KUnit suites only (namespace NTTHREAD_INTERNAL). */
struct fault_attr *ntthread_fault_attr(enum nt_fault_site site);
void ntthread_fault_pool_tag(u32 tag);

#endif /* _NTTHREAD_FAULT_H */
