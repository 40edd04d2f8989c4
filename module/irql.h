/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IRQL raised by KeRaiseIrql and the spin locks: raising from below
 * DISPATCH_LEVEL to DISPATCH_LEVEL or above turns interrupts off on this
 * CPU (so nothing else runs there, as nothing below the new IRQL runs on
 * Windows) and records the level per CPU.  irql uses no other component;
 * ke's KeGetCurrentIrql reads the recorded level.
 */
#ifndef _NTTHREAD_IRQL_H
#define _NTTHREAD_IRQL_H

#include <ntddk.h>

KIRQL nt_irql_raised(void);

#endif /* _NTTHREAD_IRQL_H */
