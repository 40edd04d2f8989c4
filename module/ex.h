/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executive (WRK's ex/): the Event object type that ExEventObjectType
 * names.  Drivers' KEVENTs live in their own memory, so the type has no
 * cache; the dispatcher (ke.c) implements the events themselves.
 */
#ifndef _NTTHREAD_EX_H
#define _NTTHREAD_EX_H

int nt_ex_init(void);
void nt_ex_exit(void);

#endif /* _NTTHREAD_EX_H */
