/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug output and checks: DbgPrint / DbgPrintEx / vDbgPrintEx with the
 * DPFLTR_* component ids and levels, KdPrint / KdPrintEx, ASSERT /
 * NT_ASSERT, PAGED_CODE, UNREFERENCED_PARAMETER.
 *
 * DBG is the WDK's "debug build" switch: KdPrint, ASSERT and PAGED_CODE do
 * something only when it is non-zero.  A driver built without -DDBG gets
 * DBG 1 here (the WDK's default Debug configuration, which is how a port
 * is first run); a release build passes -DDBG=0.
 */
#ifndef _NT_DEBUG_H
#define _NT_DEBUG_H

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/stdarg.h>
#include <nt/basetsd.h>

#ifndef DBG
#define DBG 1
#endif

/* Component ids (DPFLTR_TYPE): the ones drivers use, at the WDK's values. */
typedef enum _DPFLTR_TYPE {
	DPFLTR_SYSTEM_ID = 0,
	DPFLTR_FLTMGR_ID = 47,
	DPFLTR_PCI_ID = 66,
	DPFLTR_IHVDRIVER_ID = 77,
	DPFLTR_IHVVIDEO_ID = 78,
	DPFLTR_IHVAUDIO_ID = 79,
	DPFLTR_IHVNETWORK_ID = 80,
	DPFLTR_IHVSTREAMING_ID = 81,
	DPFLTR_IHVBUS_ID = 82,
	DPFLTR_STORPORT_ID = 89,
	DPFLTR_STORMINIPORT_ID = 90,
	DPFLTR_DEFAULT_ID = 101
} DPFLTR_TYPE;

/*
 * Levels: 0..31 is a level; a larger value is a mask, whose lowest set bit
 * is the level (DPFLTR_MASK itself is ignored).  Printed at KERN_ERR,
 * KERN_WARNING, KERN_NOTICE, KERN_INFO for 0..3 and KERN_DEBUG above.
 */
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_WARNING_LEVEL	1
#define DPFLTR_TRACE_LEVEL	2
#define DPFLTR_INFO_LEVEL	3
#define DPFLTR_MASK		0x80000000

/*
 * The format is NT's (%wZ, %ws, %S, %Z, %I64x, %lu of a ULONG ...), not
 * printk's, so these have no printf attribute: see README.md.
 */
ULONG DbgPrint(PCSTR Format, ...);
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format,
		  va_list arglist);
ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level,
			    PCCH Format, va_list arglist);
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName,
	       ULONG LineNumber, PCHAR MutableMessage);
KIRQL KeGetCurrentIrql(void);

#define UNREFERENCED_PARAMETER(P)		((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P)		((void)(P))
#define UNREFERENCED_LOCAL_VARIABLE(V)		((void)(V))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V)	((void)(V))

/* No debugger to break into: log where it would have stopped. */
#define DbgBreakPoint()	\
	pr_warn("DbgBreakPoint at %s:%d (no debugger)\n", __FILE__, __LINE__)

#if DBG
#define KdPrint(_x_)		(DbgPrint _x_)
#define KdPrintEx(_x_)		(DbgPrintEx _x_)
#define vKdPrintEx(_x_)		(vDbgPrintEx _x_)
#define KdBreakPoint()		DbgBreakPoint()

/*
 * A failed assertion is reported once per site (RtlAssert's message) and
 * the driver runs on, where a Windows debug build stops in the debugger.
 * The value is the condition's, as ASSERT's is with MSVC.
 */
#define __nt_assert(exp, msg) ({					\
	bool __nt_ok = !!(exp);						\
	static bool __nt_said;						\
									\
	if (unlikely(!__nt_ok) && !__nt_said) {				\
		__nt_said = true;					\
		RtlAssert((PVOID)(msg), (PVOID)__FILE__, __LINE__, NULL); \
	}								\
	(BOOLEAN)__nt_ok;						\
})
#define ASSERT(exp)		__nt_assert(exp, #exp)
#define ASSERTMSG(msg, exp)	__nt_assert(exp, msg)
#define NT_ASSERT(exp)		__nt_assert(exp, #exp)
#define NT_ASSERTMSG(msg, exp)	__nt_assert(exp, msg)
#define NT_VERIFY(exp)		__nt_assert(exp, #exp)

/*
 * Pageable code entered above APC_LEVEL: Windows bug checks when the page
 * is not resident.  One report per site.
 */
#define PAGED_CODE() do {						\
	KIRQL __nt_irql = KeGetCurrentIrql();				\
									\
	if (unlikely(__nt_irql > 1))					\
		pr_warn_once("%s: pageable code called at IRQL %u\n",	\
			     __func__, __nt_irql);			\
} while (0)
#else
#define KdPrint(...)		do { } while (0)
#define KdPrintEx(...)		do { } while (0)
#define vKdPrintEx(...)		do { } while (0)
#define KdBreakPoint()		do { } while (0)
/* Not evaluated, as in a release build, but its names count as used. */
#define ASSERT(exp)		((void)sizeof(!(exp)))
#define ASSERTMSG(msg, exp)	((void)sizeof(msg), (void)sizeof(!(exp)))
#define NT_ASSERT(exp)		((void)sizeof(!(exp)))
#define NT_ASSERTMSG(msg, exp)	((void)sizeof(msg), (void)sizeof(!(exp)))
#define NT_VERIFY(exp)		((void)(exp))
#define PAGED_CODE()		do { } while (0)
#endif
#define PAGED_CODE_LOCKED()	do { } while (0)

#endif /* _NT_DEBUG_H */
