/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs views, /sys/kernel/debug/ntthread/: created last at module
 * init, once everything they show exists, and removed first at exit.
 */
#ifndef _NTTHREAD_DEBUGFS_H
#define _NTTHREAD_DEBUGFS_H

void nt_debugfs_init(void);
void nt_debugfs_exit(void);

#endif /* _NTTHREAD_DEBUGFS_H */
