// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread: the Windows NT system-thread API over Linux kthreads.
 */
#include <linux/module.h>

#include "ntthread.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static int __init ntthread_init(void)
{
	int ret;

	ret = nt_handle_cache_init();
	if (ret)
		goto err;
	ret = nt_ob_types_init();
	if (ret)
		goto err_handle_cache;
	ret = nt_stats_init();
	if (ret)
		goto err_types;
	ret = nt_ps_init();
	if (ret)
		goto err_stats;
	pr_info("ntthread: loaded: System process PID %lu\n",
		(unsigned long)nt_system_process->pid);
	return 0;

err_stats:
	nt_stats_exit();
err_types:
	nt_ob_types_exit();
err_handle_cache:
	nt_handle_cache_exit();
err:
	return ret;
}

static void __exit ntthread_exit(void)
{
	nt_stats_exit();
	nt_ps_exit();
	nt_ob_types_exit();
	nt_handle_cache_exit();
	pr_info("ntthread: unloaded\n");
}

module_init(ntthread_init);
module_exit(ntthread_exit);

MODULE_DESCRIPTION("Windows NT system threads, thread objects, handles and waits over kthreads");
MODULE_LICENSE("GPL");
