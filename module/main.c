// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread: the Windows NT system-thread API over Linux kthreads.
 *
 * The components, each over the ones after it:
 *   debugfs views -> pool -> ps, ex -> ob -> handle, ke, stats -> fault,
 *   trace.
 * Init brings them up from the bottom, the views last; exit takes them
 * down in reverse, the views first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "debugfs.h"
#include "ex.h"
#include "pool.h"
#include "ps.h"

static int __init ntthread_init(void)
{
	int ret;

	nt_ke_init();
	ret = nt_ob_init();
	if (ret)
		goto err;
	ret = nt_ex_init();
	if (ret)
		goto err_ob;
	/* Pool is over ps, but first: ps's threads release their accounts. */
	ret = nt_pool_init();
	if (ret)
		goto err_ex;
	ret = nt_ps_init();
	if (ret)
		goto err_pool;
	nt_debugfs_init();
	pr_info("loaded: System process PID %lu\n",
		(unsigned long)nt_system_process->pid);
	return 0;

err_pool:
	nt_pool_exit();
err_ex:
	nt_ex_exit();
err_ob:
	nt_ob_exit();
err:
	return ret;
}

static void __exit ntthread_exit(void)
{
	nt_debugfs_exit();
	/* Closes the handles drivers left open, to events too. */
	nt_ps_exit();
	nt_pool_exit();
	nt_ke_exit();
	nt_ex_exit();
	nt_ob_exit();
	pr_info("unloaded\n");
}

module_init(ntthread_init);
module_exit(ntthread_exit);

MODULE_DESCRIPTION("Windows NT system threads, thread objects, handles and waits over kthreads");
MODULE_LICENSE("GPL");
MODULE_VERSION(NTTHREAD_VERSION);
