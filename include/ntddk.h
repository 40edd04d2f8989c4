/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntddk.h for drivers ported to Linux: build with -I <ntthread>/include and
 * link against ntthread.ko's Module.symvers (KBUILD_EXTRA_SYMBOLS).
 */
#ifndef _NTDDK_H
#define _NTDDK_H

#include <nt/types.h>
#include <nt/status.h>
#include <nt/access.h>
#include <nt/list.h>
#include <nt/api.h>
#include <nt/sal.h>
#include <nt/basetsd.h>
#include <nt/debug.h>
#include <nt/interlocked.h>
#include <nt/rtl.h>
#include <nt/ketime.h>
#include <nt/lock.h>
#include <nt/pool.h>

#endif /* _NTDDK_H */
