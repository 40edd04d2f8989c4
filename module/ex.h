/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executive (WRK's ex/): event objects, the type ExEventObjectType
 * names, with handles and names.  A driver's own KEVENTs live in its
 * memory; the dispatcher (ke.c) implements the events themselves.
 */
#ifndef _NTTHREAD_EX_H
#define _NTTHREAD_EX_H

int nt_ex_init(void);
void nt_ex_exit(void);

#endif /* _NTTHREAD_EX_H */
