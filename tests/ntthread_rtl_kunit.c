// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the runtime a worker's body uses: NT's format
 * conversions and DbgPrint levels, ASSERT, lists, interlocked operations,
 * the SLIST, Rtl memory, strings and time fields, the KeQuery* clocks.
 */
#include <kunit/test.h>

#include "dbg.h"
#include "ntthread_kunit.h"
#include "pool.h"

static char ntt_out[NT_DBG_MAX];

static const char *ntt_fmt(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	nt_format(ntt_out, sizeof(ntt_out), fmt, args);
	va_end(args);
	return ntt_out;
}

static void rtl_format_nt_conversions(struct kunit *test)
{
	static WCHAR abcd[] = L"abcd";
	UNICODE_STRING us = { 4, 8, abcd };	/* "ab": not NUL-terminated */
	ANSI_STRING as = { 3, 3, (PCHAR)"xyzw" };
	static const WCHAR smile[] = { 0xd83d, 0xde00, 0xd800, 'x', 0 };

	KUNIT_EXPECT_STREQ(test, ntt_fmt("[%wZ]", &us), "[ab]");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("[%Z]", &as), "[xyz]");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("[%ws|%S|%ls]", L"w1", L"w2", L"w3"),
			   "[w1|w2|w3]");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("[%s|%hs|%hS]", "n1", "n2", "n3"),
			   "[n1|n2|n3]");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%I64x %I64X", 0x123456789abcdefULL,
					 0xfedcba9876543210ULL),
			   "123456789abcdef FEDCBA9876543210");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%I64d %I64u %lld", -5LL,
					 18446744073709551615ULL, -6LL),
			   "-5 18446744073709551615 -6");
	/* %lu and %ld are 32-bit, as ULONG and LONG are. */
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%lu %ld %lx", (ULONG)0xffffffff,
					 (LONG)-1, (ULONG)0xabc),
			   "4294967295 -1 abc");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%Iu %Ix %zu", (SIZE_T)1 << 40,
					 (ULONG_PTR)0xfffffffffULL, (size_t)7),
			   "1099511627776 fffffffff 7");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%hd %hu %hhx", -2, 65535, 0x1ff),
			   "-2 65535 ff");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%08X|%-5d|%+d|%#x", 0xbeef, 42, 3, 255),
			   "0000BEEF|42   |+3|0xff");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%5s|%-4ws|%.2ws|%*d|%-*d|", "ab",
					 L"cd", L"efg", 4, 7, 3, 8),
			   "   ab|cd  |ef|   7|8  |");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%c%wc%C%%", 'a', L'b', L'c'), "abc%");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%ws", smile),
			   "\xf0\x9f\x98\x80\xef\xbf\xbdx");
}

static void rtl_format_bad_arguments(struct kunit *test)
{
	UNICODE_STRING bad = { 4, 4, (PWSTR)16 };

	KUNIT_EXPECT_STREQ(test, ntt_fmt("%wZ|%Z|%ws|%s", NULL, NULL, NULL, NULL),
			   "(null)|(null)|(null)|(null)");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%wZ|%ws|%s", (void *)16, (void *)16,
					 (void *)16),
			   "(invalid)|(invalid)|(invalid)");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%wZ", &bad), "(invalid)");
	/* Floating point cannot be taken from a va_list: the rest verbatim. */
	KUNIT_EXPECT_STREQ(test, ntt_fmt("a %d %f %d", 1, 2), "a 1 %f %d");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("trailing %"), "trailing ");
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%n|x", (void *)NULL), "|x");
}

static void rtl_format_truncates(struct kunit *test)
{
	char big[700];

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	KUNIT_EXPECT_EQ(test, strlen(ntt_fmt("%s", big)), sizeof(ntt_out) - 1);
}

static ULONG ntt_print_prefixed(PCCH prefix, PCCH fmt, ...)
{
	va_list args;
	ULONG status;

	va_start(args, fmt);
	status = vDbgPrintExWithPrefix(prefix, DPFLTR_IHVDRIVER_ID,
				       DPFLTR_WARNING_LEVEL, fmt, args);
	va_end(args);
	return status;
}

static void rtl_dbgprint_levels(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_ERROR_LEVEL), LOGLEVEL_ERR);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_WARNING_LEVEL),
			LOGLEVEL_WARNING);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_TRACE_LEVEL), LOGLEVEL_NOTICE);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_INFO_LEVEL), LOGLEVEL_INFO);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(4), LOGLEVEL_DEBUG);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(31), LOGLEVEL_DEBUG);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_MASK | 0x1), LOGLEVEL_ERR);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_MASK | 0x8), LOGLEVEL_INFO);
	KUNIT_EXPECT_EQ(test, nt_dbg_loglevel(DPFLTR_MASK | 0x30), LOGLEVEL_DEBUG);
	KUNIT_EXPECT_EQ(test, DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
					 "ntthread_rtl: DbgPrintEx %wZ %I64u\n",
					 NULL, 1ULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, DbgPrint("ntthread_rtl: DbgPrint %ws\n", L"wide"),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_print_prefixed((PCCH)"ntthread_rtl: ",
						 (PCCH)"prefixed %Z\n", NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_print_prefixed(NULL, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
					 "ntthread_rtl: KdPrintEx %d\n", 1)),
			STATUS_SUCCESS);
}

static void rtl_assert_and_paged_code(struct kunit *test)
{
	int evaluated = 0;

	KUNIT_EXPECT_TRUE(test, ASSERT(++evaluated == 1));
	KUNIT_EXPECT_EQ(test, evaluated, 1);
	/* Reported once (RtlAssert's message), and the code runs on. */
	KUNIT_EXPECT_FALSE(test, NT_ASSERT(++evaluated == 0));
	KUNIT_EXPECT_EQ(test, evaluated, 2);
	PAGED_CODE();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	UNREFERENCED_PARAMETER(test);
}

struct ntt_item {
	ULONG value;
	LIST_ENTRY link;
	SINGLE_LIST_ENTRY next;
};

static void rtl_lists(struct kunit *test)
{
	struct ntt_item items[3] = { { 1 }, { 2 }, { 3 } };
	SINGLE_LIST_ENTRY stack = { NULL };
	LIST_ENTRY head;
	PLIST_ENTRY e;

	KUNIT_EXPECT_EQ(test, FIELD_OFFSET(struct ntt_item, link), 8);
	InitializeListHead(&head);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	InsertTailList(&head, &items[1].link);
	InsertHeadList(&head, &items[0].link);
	InsertTailList(&head, &items[2].link);
	e = RemoveHeadList(&head);
	KUNIT_EXPECT_EQ(test, CONTAINING_RECORD(e, struct ntt_item, link)->value, 1);
	e = RemoveTailList(&head);
	KUNIT_EXPECT_EQ(test, CONTAINING_RECORD(e, struct ntt_item, link)->value, 3);
	KUNIT_EXPECT_TRUE(test, RemoveEntryList(&items[1].link));
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	KUNIT_EXPECT_PTR_EQ(test, RemoveHeadList(&head), &head);

	PushEntryList(&stack, &items[0].next);
	PushEntryList(&stack, &items[1].next);
	KUNIT_EXPECT_PTR_EQ(test, PopEntryList(&stack), &items[1].next);
	KUNIT_EXPECT_PTR_EQ(test, PopEntryList(&stack), &items[0].next);
	KUNIT_EXPECT_NULL(test, PopEntryList(&stack));
}

/* A driver's "volatile LONG" (spelled so that checkpatch lets it be). */
static LONG __volatile__ vl;

static void rtl_interlocked(struct kunit *test)
{
	LONG v = 5;
	LONG64 w = 1LL << 40;
	ULONG ul = 7;
	int x, y;
	PVOID p = &x;

	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&v), 6);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement(&v), 5);
	KUNIT_EXPECT_EQ(test, InterlockedExchange(&v, 9), 5);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd(&v, 2), 9);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 1, 0), 11);
	KUNIT_EXPECT_EQ(test, v, 11);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 1, 11), 11);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_EXPECT_EQ(test, InterlockedOr(&v, 6), 1);
	KUNIT_EXPECT_EQ(test, InterlockedAnd(&v, 3), 7);
	KUNIT_EXPECT_EQ(test, v, 3);
	KUNIT_EXPECT_EQ(test, InterlockedIncrement64(&w), (1LL << 40) + 1);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement64(&w), 1LL << 40);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd64(&w, 1), 1LL << 40);
	KUNIT_EXPECT_EQ(test, InterlockedExchange64(&w, 4), (1LL << 40) + 1);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange64(&w, 8, 4), 4);
	KUNIT_EXPECT_EQ(test, InterlockedOr64(&w, 1LL << 50), 8);
	KUNIT_EXPECT_EQ(test, InterlockedAnd64(&w, 1LL << 50), (1LL << 50) | 8);
	KUNIT_EXPECT_EQ(test, w, 1LL << 50);
	/* Volatile and unsigned 32-bit targets too, as MSVC takes them. */
	vl = 0;
	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&vl), 1);
	KUNIT_EXPECT_EQ(test, InterlockedExchange(&ul, 0xffffffff), 7);
	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&ul), 0);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedExchangePointer(&p, &y), &x);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&p, NULL, &x),
			    &y);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&p, NULL, &y),
			    &y);
	KUNIT_EXPECT_NULL(test, p);
}

static void rtl_slist(struct kunit *test)
{
	struct ntt_item items[3];
	KSPIN_LOCK unused;
	SLIST_HEADER head;
	PSLIST_ENTRY e;
	int i;

	InitializeSListHead(&head);
	KeInitializeSpinLock(&unused);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
	for (i = 0; i < 3; i++)
		InterlockedPushEntrySList(&head, &items[i].next);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&head), 3);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedPopEntrySList(&head), &items[2].next);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPushEntrySList(&head, &items[2].next,
							      &unused),
			    &items[1].next);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntrySList(&head, &unused),
			    &items[2].next);
	e = InterlockedFlushSList(&head);
	KUNIT_EXPECT_PTR_EQ(test, e, &items[1].next);
	KUNIT_EXPECT_PTR_EQ(test, e->Next, &items[0].next);
	KUNIT_EXPECT_NULL(test, e->Next->Next);
	KUNIT_EXPECT_EQ(test, QueryDepthSList(&head), 0);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
}

static void rtl_memory(struct kunit *test)
{
	char a[8] = "abcdefg", b[8] = "abcXefg";

	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, 8), 3);
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, a, 8), 8);
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, 0), 0);
	KUNIT_EXPECT_FALSE(test, RtlEqualMemory(a, b, 8));
	KUNIT_EXPECT_TRUE(test, RtlEqualMemory(a, b, 3));
	RtlMoveMemory(a + 1, a, 4);
	KUNIT_EXPECT_STREQ(test, a, "aabcdfg");
	RtlCopyMemory(b, "12", 2);
	RtlFillMemory(b + 2, 2, 'z');
	KUNIT_EXPECT_STREQ(test, b, "12zzefg");
	RtlZeroMemory(b + 1, 7);
	KUNIT_EXPECT_STREQ(test, b, "1");
	KUNIT_EXPECT_PTR_EQ(test, RtlSecureZeroMemory(a, 8), (PVOID)a);
	KUNIT_EXPECT_EQ(test, a[7], 0);
}

static void rtl_strings(struct kunit *test)
{
	UNICODE_STRING us, wide, copy;
	ANSI_STRING as;
	WCHAR buf[4];

	RtlInitUnicodeString(&us, L"abc");
	KUNIT_EXPECT_EQ(test, us.Length, 6);
	KUNIT_EXPECT_EQ(test, us.MaximumLength, 8);
	RtlInitUnicodeString(&us, NULL);
	KUNIT_EXPECT_EQ(test, us.Length, 0);
	KUNIT_EXPECT_EQ(test, us.MaximumLength, 0);
	KUNIT_EXPECT_NULL(test, us.Buffer);
	RtlInitAnsiString(&as, "Hello");
	KUNIT_EXPECT_EQ(test, as.Length, 5);
	KUNIT_EXPECT_EQ(test, as.MaximumLength, 6);

	KUNIT_ASSERT_EQ(test, RtlAnsiStringToUnicodeString(&wide, &as, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wide.Length, 10);
	KUNIT_EXPECT_EQ(test, wide.MaximumLength, 12);
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%wZ", &wide), "Hello");
	RtlInitUnicodeString(&us, L"hELLO");
	KUNIT_EXPECT_TRUE(test, RtlEqualUnicodeString(&wide, &us, TRUE));
	KUNIT_EXPECT_FALSE(test, RtlEqualUnicodeString(&wide, &us, FALSE));

	copy.Buffer = buf;
	copy.MaximumLength = sizeof(buf);
	RtlCopyUnicodeString(&copy, &wide);
	KUNIT_EXPECT_EQ(test, copy.Length, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, ntt_fmt("%wZ", &copy), "Hell");
	KUNIT_EXPECT_EQ(test, RtlAnsiStringToUnicodeString(&copy, &as, FALSE),
			STATUS_BUFFER_OVERFLOW);
	as.Length = 2;
	KUNIT_EXPECT_EQ(test, RtlAnsiStringToUnicodeString(&copy, &as, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, copy.Length, 4);
	KUNIT_EXPECT_EQ(test, buf[2], 0);

	RtlFreeUnicodeString(&wide);
	KUNIT_EXPECT_NULL(test, wide.Buffer);
	KUNIT_EXPECT_EQ(test, wide.Length, 0);
	RtlFreeUnicodeString(&wide);	/* empty: nothing to do */
	/* Not an Rtl buffer: reported once, left alone. */
	RtlFreeUnicodeString(&us);
	KUNIT_EXPECT_NOT_NULL(test, us.Buffer);
}

/* A driver header's helper: compiled in, no prototype needed. */
FORCEINLINE ULONG ntt_twice(ULONG x)
{
	return 2 * x;
}

static void rtl_ansi_strings(struct kunit *test)
{
	static const WCHAR mixed[] = { 'a', 0xe9, 0x20ac, 0xd83d, 0xde00, 'z' };
	UNICODE_STRING us = { sizeof(mixed), sizeof(mixed), (PWSTR)mixed };
	struct nt_pool_figures before, after;
	ANSI_STRING as, lit;
	WCHAR wbuf[3] = { 'q', 'q', 'q' };
	UNICODE_STRING wide;
	CHAR buf[4];

	KUNIT_EXPECT_EQ(test, ntt_twice(21), 42);
	ntthread_pool_tag(NT_POOL_TAG('S', 't', 'r', 'g'), NT_POOL_PAGED, &before);
	/* Latin-1 as is, '?' for the rest, one a UTF-16 unit. */
	KUNIT_ASSERT_EQ(test, RtlUnicodeStringToAnsiString(&as, &us, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, as.Length, 6);
	KUNIT_EXPECT_EQ(test, as.MaximumLength, 7);
	KUNIT_EXPECT_STREQ(test, as.Buffer, "a\xe9???z");
	/* Paged pool of tag "Strg", counted as any. */
	ntthread_pool_tag(NT_POOL_TAG('S', 't', 'r', 'g'), NT_POOL_PAGED, &after);
	KUNIT_EXPECT_EQ(test, after.allocs - before.allocs, 1);
	KUNIT_EXPECT_EQ(test, after.bytes - before.bytes, 7);
	/* Back: the bytes as Latin-1, the NUL after them. */
	KUNIT_ASSERT_EQ(test, RtlAnsiStringToUnicodeString(&wide, &as, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wide.Length, 12);
	KUNIT_EXPECT_EQ(test, wide.MaximumLength, 14);
	KUNIT_EXPECT_EQ(test, wide.Buffer[1], 0xe9);
	KUNIT_EXPECT_EQ(test, wide.Buffer[2], '?');
	KUNIT_EXPECT_EQ(test, wide.Buffer[6], 0);
	RtlFreeUnicodeString(&wide);
	RtlFreeAnsiString(&as);
	KUNIT_EXPECT_NULL(test, as.Buffer);
	KUNIT_EXPECT_EQ(test, as.Length, 0);
	KUNIT_EXPECT_EQ(test, as.MaximumLength, 0);
	RtlFreeAnsiString(&as);		/* empty: nothing to do */
	ntthread_pool_tag(NT_POOL_TAG('S', 't', 'r', 'g'), NT_POOL_PAGED, &after);
	KUNIT_EXPECT_EQ(test, after.frees - before.frees, 2);
	KUNIT_EXPECT_EQ(test, after.bytes, before.bytes);

	/* The caller's buffer: what fits, NUL-terminated. */
	as = (ANSI_STRING){ 0, sizeof(buf), buf };
	RtlInitUnicodeString(&wide, L"abc");
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToAnsiString(&as, &wide, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, as.Length, 3);
	KUNIT_EXPECT_STREQ(test, buf, "abc");
	RtlInitUnicodeString(&wide, L"wxyz");
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToAnsiString(&as, &wide, FALSE),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, as.Length, 3);
	KUNIT_EXPECT_STREQ(test, buf, "wxy");
	KUNIT_EXPECT_PTR_EQ(test, as.Buffer, (PCHAR)buf);
	/* Widening needs room for the NUL too, or copies nothing. */
	wide = (UNICODE_STRING){ 0, sizeof(wbuf), wbuf };
	RtlInitAnsiString(&lit, "abc");
	KUNIT_EXPECT_EQ(test, RtlAnsiStringToUnicodeString(&wide, &lit, FALSE),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, wide.Length, 0);
	KUNIT_EXPECT_EQ(test, wbuf[0], 'q');

	/* Empty: a NUL alone. */
	RtlInitUnicodeString(&wide, L"");
	KUNIT_ASSERT_EQ(test, RtlUnicodeStringToAnsiString(&as, &wide, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, as.Length, 0);
	KUNIT_EXPECT_EQ(test, as.MaximumLength, 1);
	KUNIT_EXPECT_EQ(test, as.Buffer[0], 0);
	RtlFreeAnsiString(&as);
	/* Not an Rtl buffer: reported by the pool, left alone. */
	RtlFreeAnsiString(&lit);
	KUNIT_EXPECT_NOT_NULL(test, lit.Buffer);
	KUNIT_EXPECT_EQ(test, lit.Length, 3);
}

static void rtl_time_fields(struct kunit *test)
{
	TIME_FIELDS f;
	LARGE_INTEGER t = { .QuadPart = 0 }, back;

	RtlTimeToTimeFields(&t, &f);
	KUNIT_EXPECT_EQ(test, f.Year, 1601);
	KUNIT_EXPECT_EQ(test, f.Month, 1);
	KUNIT_EXPECT_EQ(test, f.Day, 1);
	KUNIT_EXPECT_EQ(test, f.Weekday, 1);	/* a Monday */
	t.QuadPart = 116444736000000000LL + 1234567;	/* 1970, +123.4567 ms */
	RtlTimeToTimeFields(&t, &f);
	KUNIT_EXPECT_EQ(test, f.Year, 1970);
	KUNIT_EXPECT_EQ(test, f.Weekday, 4);	/* a Thursday */
	KUNIT_EXPECT_EQ(test, f.Milliseconds, 123);

	f = (TIME_FIELDS){ 2024, 2, 29, 23, 59, 58, 999, 0 };
	KUNIT_ASSERT_TRUE(test, RtlTimeFieldsToTime(&f, &t));
	RtlTimeToTimeFields(&t, &f);
	KUNIT_EXPECT_EQ(test, f.Year, 2024);
	KUNIT_EXPECT_EQ(test, f.Month, 2);
	KUNIT_EXPECT_EQ(test, f.Day, 29);
	KUNIT_EXPECT_EQ(test, f.Hour, 23);
	KUNIT_EXPECT_EQ(test, f.Minute, 59);
	KUNIT_EXPECT_EQ(test, f.Second, 58);
	KUNIT_EXPECT_EQ(test, f.Milliseconds, 999);
	KUNIT_EXPECT_EQ(test, f.Weekday, 4);
	back = t;
	f.Year = 2023;
	KUNIT_EXPECT_FALSE(test, RtlTimeFieldsToTime(&f, &t));
	KUNIT_EXPECT_EQ(test, t.QuadPart, back.QuadPart);
	f = (TIME_FIELDS){ 1600, 12, 31, 0, 0, 0, 0, 0 };
	KUNIT_EXPECT_FALSE(test, RtlTimeFieldsToTime(&f, &t));
	f = (TIME_FIELDS){ 2000, 13, 1, 0, 0, 0, 0, 0 };
	KUNIT_EXPECT_FALSE(test, RtlTimeFieldsToTime(&f, &t));
}

static void rtl_clocks(struct kunit *test)
{
	LARGE_INTEGER freq, c1, c2, tick1, tick2, sys;
	ULONGLONG unbiased;

	c1 = KeQueryPerformanceCounter(&freq);
	KUNIT_EXPECT_EQ(test, freq.QuadPart, 10000000);
	c2 = KeQueryPerformanceCounter(NULL);
	KUNIT_EXPECT_LE(test, c1.QuadPart, c2.QuadPart);
	KeQueryTickCount(&tick1);
	KeQueryTickCount(&tick2);
	KUNIT_EXPECT_LE(test, tick1.QuadPart, tick2.QuadPart);
	KeQueryTickCount(NULL);
	KUNIT_EXPECT_EQ(test, KeQueryTimeIncrement(), 10000000 / HZ);
	unbiased = KeQueryUnbiasedInterruptTime();
	/* Interrupt time includes suspend; unbiased leaves it out. */
	KUNIT_EXPECT_GE(test, KeQueryInterruptTime(), unbiased);
	KeQuerySystemTimePrecise(&sys);
	KUNIT_EXPECT_GT(test, sys.QuadPart, 116444736000000000LL);
}

static struct kunit_case rtl_cases[] = {
	KUNIT_CASE(rtl_format_nt_conversions),
	KUNIT_CASE(rtl_format_bad_arguments),
	KUNIT_CASE(rtl_format_truncates),
	KUNIT_CASE(rtl_dbgprint_levels),
	KUNIT_CASE(rtl_assert_and_paged_code),
	KUNIT_CASE(rtl_lists),
	KUNIT_CASE(rtl_interlocked),
	KUNIT_CASE(rtl_slist),
	KUNIT_CASE(rtl_memory),
	KUNIT_CASE(rtl_strings),
	KUNIT_CASE(rtl_ansi_strings),
	KUNIT_CASE(rtl_time_fields),
	KUNIT_CASE(rtl_clocks),
	{}
};

static struct kunit_suite rtl_suite = {
	.name = "ntthread_rtl",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = rtl_cases,
};

kunit_test_suite(rtl_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's runtime: debug output, lists, interlocked, Rtl, clocks");
MODULE_LICENSE("GPL");
