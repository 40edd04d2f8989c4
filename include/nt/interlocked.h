/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT's interlocked operations, over the kernel's atomics: each is a full
 * barrier, as on Windows, and returns what NT's does (the new value for
 * Increment/Decrement/Add, the old one for the others).  They are macros,
 * as MSVC's are intrinsics: they take a pointer to any 32-bit (64-bit for
 * the ...64 forms) integer, volatile or not, signed or not, and refuse
 * any other size at compile time.  LONG is atomic_t's int and LONG64
 * atomic64_t's s64, so the casts change no layout.
 */
#ifndef _NT_INTERLOCKED_H
#define _NT_INTERLOCKED_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <nt/basetsd.h>

static_assert(sizeof(atomic_t) == sizeof(LONG));
static_assert(sizeof(atomic64_t) == sizeof(LONG64));

#define __nt_a(p) ({							\
	__auto_type __nt_p = (p);					\
									\
	BUILD_BUG_ON_MSG(sizeof(*__nt_p) != sizeof(LONG), "not a LONG"); \
	(atomic_t *)__nt_p;						\
})
#define __nt_a64(p) ({							\
	__auto_type __nt_p = (p);					\
									\
	BUILD_BUG_ON_MSG(sizeof(*__nt_p) != sizeof(LONG64), "not a LONG64"); \
	(atomic64_t *)__nt_p;						\
})

#define InterlockedIncrement(a)		((LONG)atomic_inc_return(__nt_a(a)))
#define InterlockedDecrement(a)		((LONG)atomic_dec_return(__nt_a(a)))
#define InterlockedExchange(t, v)	((LONG)atomic_xchg(__nt_a(t), (v)))
#define InterlockedExchangeAdd(a, v)	((LONG)atomic_fetch_add((v), __nt_a(a)))
#define InterlockedAdd(a, v)		((LONG)atomic_add_return((v), __nt_a(a)))
#define InterlockedCompareExchange(d, e, c) \
	((LONG)atomic_cmpxchg(__nt_a(d), (c), (e)))
#define InterlockedOr(d, v)		((LONG)atomic_fetch_or((v), __nt_a(d)))
#define InterlockedAnd(d, v)		((LONG)atomic_fetch_and((v), __nt_a(d)))
#define InterlockedXor(d, v)		((LONG)atomic_fetch_xor((v), __nt_a(d)))

#define InterlockedIncrement64(a)	((LONG64)atomic64_inc_return(__nt_a64(a)))
#define InterlockedDecrement64(a)	((LONG64)atomic64_dec_return(__nt_a64(a)))
#define InterlockedExchange64(t, v)	((LONG64)atomic64_xchg(__nt_a64(t), (v)))
#define InterlockedExchangeAdd64(a, v) \
	((LONG64)atomic64_fetch_add((v), __nt_a64(a)))
#define InterlockedAdd64(a, v)		((LONG64)atomic64_add_return((v), __nt_a64(a)))
#define InterlockedCompareExchange64(d, e, c) \
	((LONG64)atomic64_cmpxchg(__nt_a64(d), (c), (e)))
#define InterlockedOr64(d, v)		((LONG64)atomic64_fetch_or((v), __nt_a64(d)))
#define InterlockedAnd64(d, v)		((LONG64)atomic64_fetch_and((v), __nt_a64(d)))
#define InterlockedXor64(d, v)		((LONG64)atomic64_fetch_xor((v), __nt_a64(d)))

#define InterlockedExchangePointer(t, v)	((PVOID)xchg((PVOID *)(t), (PVOID)(v)))
#define InterlockedCompareExchangePointer(d, e, c) \
	((PVOID)cmpxchg((PVOID *)(d), (PVOID)(c), (PVOID)(e)))

#define InterlockedIncrementAcquire	InterlockedIncrement
#define InterlockedIncrementRelease	InterlockedIncrement
#define InterlockedDecrementAcquire	InterlockedDecrement
#define InterlockedDecrementRelease	InterlockedDecrement
#define InterlockedCompareExchangeAcquire	InterlockedCompareExchange
#define InterlockedCompareExchangeRelease	InterlockedCompareExchange
#define InterlockedExchangeAddSizeT(a, v)	((SIZE_T)InterlockedExchangeAdd64((a), (v)))
#define InterlockedIncrementSizeT(a)	((SIZE_T)InterlockedIncrement64(a))
#define InterlockedDecrementSizeT(a)	((SIZE_T)InterlockedDecrement64(a))

/* KeMemoryBarrier: a full barrier, as NT's. */
#define KeMemoryBarrier()		smp_mb()
/* MemoryBarrier: a full barrier, as NT's. */
#define MemoryBarrier()			smp_mb()
#define KeMemoryBarrierWithoutFence()	barrier()
#define _ReadWriteBarrier()		barrier()
#define YieldProcessor()		cpu_relax()
#define ReadNoFence(p)			READ_ONCE(*(p))
#define WriteNoFence(p, v)		WRITE_ONCE(*(p), (v))
/* ReadAcquire: an acquire barrier, as NT's. */
#define ReadAcquire(p)			smp_load_acquire(p)
/* WriteRelease: a release barrier, as NT's. */
#define WriteRelease(p, v)		smp_store_release((p), (v))

#endif /* _NT_INTERLOCKED_H */
