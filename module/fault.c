// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection at the allocation sites of fault.h.  Without
 * CONFIG_FAULT_INJECTION nothing ever fails and no file is created.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/fault-inject.h>

#include "compat.h"
#include "fault.h"

#ifdef CONFIG_FAULT_INJECTION
static struct fault_attr nt_fault_attrs[NT_FAULT_SITES] = {
	[0 ... NT_FAULT_SITES - 1] = FAULT_ATTR_INITIALIZER,
};

static const char *const nt_fault_names[] = {
	[NT_FAULT_THREAD_OBJECT] = "fail_thread_object",
	[NT_FAULT_HANDLE_PAGE_LOW] = "fail_handle_page_low",
	[NT_FAULT_HANDLE_PAGE_MID] = "fail_handle_page_mid",
	[NT_FAULT_HANDLE_PAGE_TOP] = "fail_handle_page_top",
	[NT_FAULT_KTHREAD] = "fail_kthread",
	[NT_FAULT_POOL] = "fail_pool",
};

/* fail_pool_tag: the one tag fail_pool fails (0: every tag). */
static u32 nt_fault_pool_tag;

static_assert(ARRAY_SIZE(nt_fault_names) == NT_FAULT_SITES);

bool nt_should_fail(enum nt_fault_site site)
{
	return should_fail(&nt_fault_attrs[site], 1);
}

unsigned long *const nt_fault_pool_armed =
	&nt_fault_attrs[NT_FAULT_POOL].probability;

/*
 * fail_pool, armed (fault.h's nt_should_fail_pool() has read a non-zero
 * probability): should_fail() draws a random number on every call, which
 * the pool's fast path cannot afford unarmed.
 */
bool nt_should_fail_pool_tag(u32 tag)
{
	struct fault_attr *attr = &nt_fault_attrs[NT_FAULT_POOL];
	u32 only = READ_ONCE(nt_fault_pool_tag);

	return (!only || only == tag) && should_fail(attr, 1);
}

/* The fail_* attributes, in the module's debugfs directory @dir. */
void nt_fault_debugfs_init(struct dentry *dir)
{
	int i;

	for (i = 0; i < NT_FAULT_SITES; i++)
		fault_create_debugfs_attr(nt_fault_names[i], dir,
					  &nt_fault_attrs[i]);
	debugfs_create_x32("fail_pool_tag", 0600, dir, &nt_fault_pool_tag);
}

/**
 * ntthread_fault_attr() - the fault_attr of an allocation site, for tests
 * @site: which
 *
 * Context: any context.
 * Return: the attribute; configure it as lib/fault-inject.c documents.
 */
struct fault_attr *ntthread_fault_attr(enum nt_fault_site site)
{
	return &nt_fault_attrs[site];
}
EXPORT_SYMBOL_NS_GPL(ntthread_fault_attr, NT_NS_INTERNAL);

/**
 * ntthread_fault_pool_tag() - make fail_pool fail only one tag's allocations
 * @tag: the tag, or 0 for every tag
 *
 * Context: any context.
 */
void ntthread_fault_pool_tag(u32 tag)
{
	WRITE_ONCE(nt_fault_pool_tag, tag);
}
EXPORT_SYMBOL_NS_GPL(ntthread_fault_pool_tag, NT_NS_INTERNAL);
#else
bool nt_should_fail(enum nt_fault_site site)
{
	return false;
}

void nt_fault_debugfs_init(struct dentry *dir)
{
}
#endif
