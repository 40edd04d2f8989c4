/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System worker threads: the work queues that ExQueueWorkItem() feeds,
 * served by the layer's own system threads.
 */
#ifndef _NTTHREAD_WORKITEM_H
#define _NTTHREAD_WORKITEM_H

int nt_workitem_init(void);
void nt_workitem_exit(void);

#endif /* _NTTHREAD_WORKITEM_H */
