/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Adopted threads: the thread object of a task this layer did not create
 * (insmod, a workqueue worker, a user process calling in), made on the
 * task's first call that asks for it and ended when the task exits.
 */
#ifndef _NTTHREAD_ADOPT_H
#define _NTTHREAD_ADOPT_H

int nt_adopt_init(void);
void nt_adopt_exit(void);

#endif /* _NTTHREAD_ADOPT_H */
