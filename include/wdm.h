/* SPDX-License-Identifier: GPL-2.0 */
/* wdm.h: the same declarations as ntddk.h. */
#ifndef _WDM_H
#define _WDM_H

#include <ntddk.h>

#endif /* _WDM_H */
