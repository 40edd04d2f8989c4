/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thread notify routines (PsSetCreateThreadNotifyRoutine): the process
 * manager calls nt_notify_thread() when one of its threads is created and
 * when it exits.
 */
#ifndef _NTTHREAD_NOTIFY_H
#define _NTTHREAD_NOTIFY_H

#include <ntddk.h>

void nt_notify_thread(HANDLE pid, HANDLE tid, BOOLEAN create);
int nt_notify_init(void);
void nt_notify_exit(void);

#endif /* _NTTHREAD_NOTIFY_H */
