/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT's interlocked operations, over the kernel's atomics: each is a full
 * barrier, as on Windows, and returns what NT's does (the new value for
 * Increment/Decrement, the old one for the others).  LONG is atomic_t's
 * int and LONG64 atomic64_t's s64, so the casts below change no layout.
 */
#ifndef _NT_INTERLOCKED_H
#define _NT_INTERLOCKED_H

#include <linux/atomic.h>
#include <nt/basetsd.h>

static_assert(sizeof(atomic_t) == sizeof(LONG));
static_assert(sizeof(atomic64_t) == sizeof(LONG64));

#define __nt_a(p)	((atomic_t *)(p))
#define __nt_a64(p)	((atomic64_t *)(p))

static inline LONG InterlockedIncrement(LONG volatile *Addend)
{
	return atomic_inc_return(__nt_a(Addend));
}

static inline LONG InterlockedDecrement(LONG volatile *Addend)
{
	return atomic_dec_return(__nt_a(Addend));
}

static inline LONG InterlockedExchange(LONG volatile *Target, LONG Value)
{
	return atomic_xchg(__nt_a(Target), Value);
}

static inline LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
	return atomic_fetch_add(Value, __nt_a(Addend));
}

static inline LONG InterlockedAdd(LONG volatile *Addend, LONG Value)
{
	return atomic_add_return(Value, __nt_a(Addend));
}

static inline LONG InterlockedCompareExchange(LONG volatile *Destination,
					      LONG Exchange, LONG Comperand)
{
	return atomic_cmpxchg(__nt_a(Destination), Comperand, Exchange);
}

static inline LONG InterlockedOr(LONG volatile *Destination, LONG Value)
{
	return atomic_fetch_or(Value, __nt_a(Destination));
}

static inline LONG InterlockedAnd(LONG volatile *Destination, LONG Value)
{
	return atomic_fetch_and(Value, __nt_a(Destination));
}

static inline LONG InterlockedXor(LONG volatile *Destination, LONG Value)
{
	return atomic_fetch_xor(Value, __nt_a(Destination));
}

static inline LONG64 InterlockedIncrement64(LONG64 volatile *Addend)
{
	return atomic64_inc_return(__nt_a64(Addend));
}

static inline LONG64 InterlockedDecrement64(LONG64 volatile *Addend)
{
	return atomic64_dec_return(__nt_a64(Addend));
}

static inline LONG64 InterlockedExchange64(LONG64 volatile *Target,
					   LONG64 Value)
{
	return atomic64_xchg(__nt_a64(Target), Value);
}

static inline LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend,
					      LONG64 Value)
{
	return atomic64_fetch_add(Value, __nt_a64(Addend));
}

static inline LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value)
{
	return atomic64_add_return(Value, __nt_a64(Addend));
}

static inline LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination,
						  LONG64 Exchange,
						  LONG64 Comperand)
{
	return atomic64_cmpxchg(__nt_a64(Destination), Comperand, Exchange);
}

static inline LONG64 InterlockedOr64(LONG64 volatile *Destination,
				     LONG64 Value)
{
	return atomic64_fetch_or(Value, __nt_a64(Destination));
}

static inline LONG64 InterlockedAnd64(LONG64 volatile *Destination,
				      LONG64 Value)
{
	return atomic64_fetch_and(Value, __nt_a64(Destination));
}

static inline LONG64 InterlockedXor64(LONG64 volatile *Destination,
				      LONG64 Value)
{
	return atomic64_fetch_xor(Value, __nt_a64(Destination));
}

static inline PVOID InterlockedExchangePointer(PVOID volatile *Target,
					       PVOID Value)
{
	return xchg((PVOID *)Target, Value);
}

static inline PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination,
						      PVOID Exchange,
						      PVOID Comperand)
{
	return cmpxchg((PVOID *)Destination, Comperand, Exchange);
}

#define InterlockedIncrementAcquire	InterlockedIncrement
#define InterlockedIncrementRelease	InterlockedIncrement
#define InterlockedDecrementAcquire	InterlockedDecrement
#define InterlockedDecrementRelease	InterlockedDecrement
#define InterlockedCompareExchangeAcquire	InterlockedCompareExchange
#define InterlockedCompareExchangeRelease	InterlockedCompareExchange
#define InterlockedExchangeAddSizeT(a, v) \
	((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(v)))
#define InterlockedIncrementSizeT(a) \
	((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) \
	((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))

/* Full barriers and reads/writes that are single accesses. */
#define KeMemoryBarrier()		smp_mb()
#define MemoryBarrier()			smp_mb()
#define KeMemoryBarrierWithoutFence()	barrier()
#define _ReadWriteBarrier()		barrier()
#define YieldProcessor()		cpu_relax()
#define ReadNoFence(p)			READ_ONCE(*(p))
#define WriteNoFence(p, v)		WRITE_ONCE(*(p), (v))
#define ReadAcquire(p)			smp_load_acquire(p)
#define WriteRelease(p, v)		smp_store_release((p), (v))

#endif /* _NT_INTERLOCKED_H */
