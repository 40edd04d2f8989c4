/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executive pool: ExAllocatePool2/3, ExAllocatePoolWithTag and friends,
 * ExFreePool(WithTag), with the POOL_TYPE and POOL_FLAG_* values of the
 * current WDK.  Every allocation is counted by tag, pool type, allocating
 * thread and driver module (/sys/kernel/debug/ntthread/pool).
 *
 * The allocation routines are macros over nt_pool_allocate() that pass
 * the calling module (THIS_MODULE), so that pool a driver still holds when
 * it unloads can be listed; (ExAllocatePoolWithTag) names the function
 * itself, whose allocations belong to no module.
 */
#ifndef _NT_POOL_H
#define _NT_POOL_H

#include <linux/module.h>
#include <nt/types.h>

typedef u64 ULONG64;
typedef ULONG64 POOL_FLAGS;

typedef enum _POOL_TYPE {
	NonPagedPool = 0,
	NonPagedPoolExecute = 0,
	PagedPool = 1,
	NonPagedPoolMustSucceed = 2,
	DontUseThisType = 3,
	NonPagedPoolCacheAligned = 4,
	PagedPoolCacheAligned = 5,
	NonPagedPoolCacheAlignedMustS = 6,
	MaxPoolType = 7,
	NonPagedPoolBase = 0,
	NonPagedPoolBaseMustSucceed = 2,
	NonPagedPoolBaseCacheAligned = 4,
	NonPagedPoolBaseCacheAlignedMustS = 6,
	NonPagedPoolSession = 32,
	PagedPoolSession = 33,
	NonPagedPoolMustSucceedSession = 34,
	DontUseThisTypeSession = 35,
	NonPagedPoolCacheAlignedSession = 36,
	PagedPoolCacheAlignedSession = 37,
	NonPagedPoolCacheAlignedMustSSession = 38,
	NonPagedPoolNx = 512,
	NonPagedPoolNxCacheAligned = 516,
	NonPagedPoolSessionNx = 544,
} POOL_TYPE;

/* Modifiers a POOL_TYPE may carry. */
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE	8
#define POOL_RAISE_IF_ALLOCATION_FAILURE	16
#define POOL_COLD_ALLOCATION			256
#define POOL_NX_ALLOCATION			512

#define POOL_FLAG_REQUIRED_START	0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA		0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED		0x0000000000000002ULL
#define POOL_FLAG_SESSION		0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED		0x0000000000000008ULL
#define POOL_FLAG_RESERVED1		0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE	0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED		0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE	0x0000000000000080ULL
#define POOL_FLAG_PAGED			0x0000000000000100ULL
#define POOL_FLAG_RESERVED2		0x0000000000000200ULL
#define POOL_FLAG_RESERVED3		0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END		0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START	0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL		0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END		0x8000000000000000ULL

typedef enum _EX_POOL_PRIORITY {
	LowPoolPriority,
	LowPoolPrioritySpecialPoolOverrun = 8,
	LowPoolPrioritySpecialPoolUnderrun = 9,
	NormalPoolPriority = 16,
	NormalPoolPrioritySpecialPoolOverrun = 24,
	NormalPoolPrioritySpecialPoolUnderrun = 25,
	HighPoolPriority = 32,
	HighPoolPrioritySpecialPoolOverrun = 40,
	HighPoolPrioritySpecialPoolUnderrun = 41,
} EX_POOL_PRIORITY;

typedef enum _POOL_EXTENDED_PARAMETER_TYPE {
	PoolExtendedParameterInvalidType = 0,
	PoolExtendedParameterPriority,
	PoolExtendedParameterSecurePool,
	PoolExtendedParameterNumaNode,
	PoolExtendedParameterMax,
} POOL_EXTENDED_PARAMETER_TYPE;

typedef struct _POOL_EXTENDED_PARAMETER {
	struct {
		ULONG64 Type : 8;
		ULONG64 Optional : 1;
		ULONG64 Reserved : 64 - 9;
	};
	union {
		ULONG64 Reserved2;
		PVOID Reserved3;
		EX_POOL_PRIORITY Priority;
		PVOID SecurePoolParams;
		ULONG PreferredNode;
	};
} POOL_EXTENDED_PARAMETER, *PPOOL_EXTENDED_PARAMETER;

typedef const POOL_EXTENDED_PARAMETER *PCPOOL_EXTENDED_PARAMETER;

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
PVOID ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
		      PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
		      ULONG ExtendedParametersCount);
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
			    ULONG Tag);
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
				 ULONG Tag);
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
VOID ExFreePool(PVOID P);

/* How nt_pool_allocate() reads its first argument. */
enum nt_pool_call {
	NT_POOL_CALL_FLAGS,	/* ExAllocatePool2/3: POOL_FLAG_* */
	NT_POOL_CALL_TYPE,	/* ExAllocatePoolWithTag: a POOL_TYPE */
	NT_POOL_CALL_ZERO,	/* ExAllocatePoolZero */
	NT_POOL_CALL_QUOTA,	/* ExAllocatePoolWithQuotaTag */
};

PVOID nt_pool_allocate(enum nt_pool_call call, u64 how, SIZE_T size,
		       ULONG tag, PCPOOL_EXTENDED_PARAMETER params,
		       ULONG count, struct module *owner);

/*
 * The tag poolmon shows as "abcd": what a Windows driver writes 'dcba', a
 * multi-character constant, which gcc accepts with -Wno-multichar and
 * sparse always warns about.
 */
#define NT_POOL_TAG(a, b, c, d)						\
	((ULONG)(a) | (ULONG)(b) << 8 | (ULONG)(c) << 16 | (ULONG)(d) << 24)

/* The tag ExAllocatePool gives: "None", as poolmon shows it. */
#define NT_POOL_TAG_NONE	NT_POOL_TAG('N', 'o', 'n', 'e')

#ifndef NT_POOL_NO_MACROS
#define ExAllocatePool2(Flags, NumberOfBytes, Tag)			\
	nt_pool_allocate(NT_POOL_CALL_FLAGS, Flags, NumberOfBytes, Tag,	\
			 NULL, 0, THIS_MODULE)
#define ExAllocatePool3(Flags, NumberOfBytes, Tag, ExtendedParameters,	\
			ExtendedParametersCount)				\
	nt_pool_allocate(NT_POOL_CALL_FLAGS, Flags, NumberOfBytes, Tag,	\
			 ExtendedParameters, ExtendedParametersCount, THIS_MODULE)
#define ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag)		\
	nt_pool_allocate(NT_POOL_CALL_TYPE, PoolType, NumberOfBytes, Tag,	\
			 NULL, 0, THIS_MODULE)
#define ExAllocatePoolZero(PoolType, NumberOfBytes, Tag)		\
	nt_pool_allocate(NT_POOL_CALL_ZERO, PoolType, NumberOfBytes, Tag,	\
			 NULL, 0, THIS_MODULE)
#define ExAllocatePoolWithQuotaTag(PoolType, NumberOfBytes, Tag)	\
	nt_pool_allocate(NT_POOL_CALL_QUOTA, PoolType, NumberOfBytes, Tag,	\
			 NULL, 0, THIS_MODULE)
#define ExAllocatePool(PoolType, NumberOfBytes)				\
	nt_pool_allocate(NT_POOL_CALL_TYPE, PoolType, NumberOfBytes,	\
			 NT_POOL_TAG_NONE, NULL, 0, THIS_MODULE)
#endif

#endif /* _NT_POOL_H */
