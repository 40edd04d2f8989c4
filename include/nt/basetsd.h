/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rest of the WDK's base types (basetsd.h, ntdef.h, minwindef.h) that
 * nt/types.h does not define, and their limits; 64-bit Windows sizes
 * (LLP64), as in nt/types.h.  With the kernel's -fshort-wchar, L"..." is
 * an array of 16-bit WCHARs, as with MSVC.
 */
#ifndef _NT_BASETSD_H
#define _NT_BASETSD_H

#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/stddef.h>
#include <nt/types.h>

typedef s8 INT8, *PINT8;
typedef s16 INT16, *PINT16;
typedef s32 INT32, *PINT32;
typedef s64 INT64, *PINT64;
typedef u8 UINT8, *PUINT8;
typedef u16 UINT16, *PUINT16;
typedef u32 UINT32, *PUINT32;
typedef u64 UINT64, *PUINT64;
typedef s32 LONG32, *PLONG32;
typedef u32 ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef s64 LONG64, *PLONG64;
typedef u64 ULONG64, *PULONG64, DWORD64, *PDWORD64;
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef int BOOL, *PBOOL;
typedef u8 BYTE, *PBYTE;
typedef u16 WORD, *PWORD;
typedef u32 DWORD, *PDWORD;
typedef s16 CSHORT, *PSHORT;
typedef s64 *PLONGLONG;
typedef u64 *PULONGLONG;
typedef unsigned long *PULONG_PTR, *PSIZE_T, DWORD_PTR, *PDWORD_PTR;
typedef long *PLONG_PTR, SSIZE_T, *PSSIZE_T;
typedef long INT_PTR, *PINT_PTR;
typedef unsigned long UINT_PTR, *PUINT_PTR;
typedef ULONG LOGICAL, *PLOGICAL;
typedef PVOID *PPVOID;
typedef const void *PCVOID, *LPCVOID;
typedef void *LPVOID;
typedef s8 *PSZ;
typedef const s8 *PCSZ;
typedef CHAR *PCH, *LPCH, *PSTR, *LPSTR, *NPSTR;
typedef const CHAR *PCCH, *LPCCH, *PCSTR, *LPCSTR;
typedef WCHAR *LPWCH, *LPWSTR, *NWPSTR, *PWCHAR;
typedef const WCHAR *PCWCH, *LPCWCH, *PCWSTR, *LPCWSTR;
typedef ULONG CLONG;
typedef LONG HRESULT;
typedef ULONGLONG DWORDLONG, *PDWORDLONG;
typedef USHORT RTL_ATOM;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;

#define MINCHAR		0x80
#define MAXCHAR		0x7f
#define MINSHORT	0x8000
#define MAXSHORT	0x7fff
#define MINLONG		0x80000000
#define MAXLONG		0x7fffffff
#define MAXUCHAR	0xff
#define MAXUSHORT	0xffff
#define MAXULONG	0xffffffff
#define MAXLONGLONG	(0x7fffffffffffffffLL)
#define MAXULONGLONG	(~0ULL)
#define MAXULONG_PTR	(~(ULONG_PTR)0)
#define MAXLONG_PTR	((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR	(~MAXLONG_PTR)
#define MAXSIZE_T	(~(SIZE_T)0)
#define MAXSSIZE_T	((SSIZE_T)(MAXSIZE_T >> 1))
#define MAXINT8		((INT8)0x7f)
#define MININT8		((INT8)~MAXINT8)
#define MAXUINT8	((UINT8)~0)
#define MAXINT16	((INT16)0x7fff)
#define MININT16	((INT16)~MAXINT16)
#define MAXUINT16	((UINT16)~0)
#define MAXINT32	((INT32)0x7fffffff)
#define MININT32	((INT32)~MAXINT32)
#define MAXUINT32	((UINT32)~0U)
#define MAXINT64	((INT64)0x7fffffffffffffffLL)
#define MININT64	((INT64)~MAXINT64)
#define MAXUINT64	((UINT64)~0ULL)
#define MAXDWORD	0xffffffff
#define MAXBYTE		0xff
#define MAXWORD		0xffff

#define ANYSIZE_ARRAY	1
#define ARGUMENT_PRESENT(p)	((CHAR *)((ULONG_PTR)(p)) != (CHAR *)NULL)

/* Calling conventions and storage classes: x86-64 has one convention. */
#define NTAPI
#define NTAPI_INLINE
#define WINAPI
#define CALLBACK
#define APIENTRY
#define NTKERNELAPI
#define NTHALAPI
#define NTSYSAPI
#define NTSYSCALLAPI
#define __stdcall
#define __cdecl
#define _cdecl
#define __fastcall
#define FASTCALL
#define CONST		const
#define DECLSPEC_NOINLINE	noinline
/*
 * MSVC's __forceinline, static: a driver header's FORCEINLINE function
 * is then compiled into each file that includes it, as MSVC's inline
 * linkage allows, without a second definition at link time or W=1's
 * missing-prototype warning.  "static FORCEINLINE" would say static twice.
 */
#define FORCEINLINE	static __always_inline
#define DECLSPEC_ALIGN(x)	__aligned(x)
#define DECLSPEC_CACHEALIGN	DECLSPEC_ALIGN(64)
#define DECLSPEC_NORETURN	__noreturn
#define DECLSPEC_NOTHROW
#define EXTERN_C	extern
#define C_ASSERT(e)	static_assert(e)

#define RTL_NUMBER_OF(a)	ARRAY_SIZE(a)
#define ARRAYSIZE(a)		RTL_NUMBER_OF(a)
#define RTL_FIELD_SIZE(type, field)	sizeof_field(type, field)
#define RTL_SIZEOF_THROUGH_FIELD(type, field)	offsetofend(type, field)
#define ALIGN_DOWN_BY(length, alignment) \
	ALIGN_DOWN((ULONG_PTR)(length), (alignment))
#define ALIGN_UP_BY(length, alignment)	ALIGN((ULONG_PTR)(length), (alignment))
#define ALIGN_DOWN_POINTER_BY(address, alignment) \
	((PVOID)ALIGN_DOWN_BY(address, alignment))
#define ALIGN_UP_POINTER_BY(address, alignment) \
	((PVOID)ALIGN_UP_BY(address, alignment))
#define FlagOn(flags, single)	((flags) & (single))
#define BooleanFlagOn(flags, single)	((BOOLEAN)(((flags) & (single)) != 0))
#define SetFlag(flags, single)	((flags) |= (single))
#define ClearFlag(flags, single)	((flags) &= ~(single))

typedef struct _STRING {
	USHORT Length;
	USHORT MaximumLength;
	PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

#endif /* _NT_BASETSD_H */
