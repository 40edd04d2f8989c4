// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the handle table - value encoding, tag bits, reuse, growth past
 * both level boundaries and back to empty.
 */
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "ntthread_kunit.h"

#define NTT_KERNEL_BITS	0xFFFFFFFF80000000UL

static void handle_value_is_kernel_index_times_four(struct kunit *test)
{
	struct ntt_gate gate;
	unsigned long value;
	HANDLE handle;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	value = (unsigned long)handle;
	KUNIT_EXPECT_EQ(test, value & NTT_KERNEL_BITS, NTT_KERNEL_BITS);
	KUNIT_EXPECT_EQ(test, value & 3, 0UL);
	KUNIT_EXPECT_NE(test, value & ~NTT_KERNEL_BITS, 0UL);
	KUNIT_EXPECT_NE(test, value & 0x3FF, 0UL);
	ntt_finish(test, &gate, handle);
}

static void handle_tag_bits_name_the_same_entry(struct kunit *test)
{
	struct ntt_gate gate;
	PVOID first, tagged;
	HANDLE handle;
	int tag;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	first = ntt_object(test, handle);
	for (tag = 1; tag < 4; tag++) {
		HANDLE value = (HANDLE)((unsigned long)handle | tag);

		KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(value, 0, NULL, KernelMode,
								&tagged, NULL),
				STATUS_SUCCESS);
		KUNIT_EXPECT_PTR_EQ(test, tagged, first);
		ObDereferenceObject(tagged);
	}
	/* Closing through a tagged value closes the handle. */
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(first), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose((HANDLE)((unsigned long)handle | 3)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_INVALID_HANDLE);
	ObDereferenceObject(first);
}

static void handle_freed_entry_is_reused(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle, again;
	PETHREAD thread;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	KUNIT_ASSERT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObOpenObjectByPointer(thread, OBJ_KERNEL_HANDLE,
						    NULL, SYNCHRONIZE,
						    *PsThreadType, KernelMode,
						    &again), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, again, handle);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(again), STATUS_SUCCESS);
	ObDereferenceObject(thread);
}

static void handle_double_close_is_safe(struct kunit *test)
{
	struct ntt_snapshot before;
	struct ntt_gate gate;
	HANDLE handle;

	ntt_snapshot(&before);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	ntt_finish(test, &gate, handle);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, NtClose(handle), STATUS_INVALID_HANDLE);
	ntt_expect_baseline(test, &before);
}

/*
 * Open one handle per entry until the table has grown past the low page,
 * then past the first mid page (131,072 entries), check the page counts at
 * each boundary, close everything and check the table is empty again.
 */
static void handle_table_grows_past_both_levels_and_empties(struct kunit *test)
{
	const u32 total = NT_HT_LOW_ENTRIES * NT_HT_MID_ENTRIES + 1000;
	struct nt_handle_table *table = ntthread_handle_table(false);
	unsigned long pages0[NT_HT_LEVELS];
	struct ntt_snapshot before;
	struct ntt_gate gate;
	HANDLE *handles, handle;
	PETHREAD thread;
	u32 i, opened = 0;
	NTSTATUS status = STATUS_SUCCESS;

	handles = vmalloc(array_size(total, sizeof(*handles)));
	KUNIT_ASSERT_NOT_NULL(test, handles);
	ntt_snapshot(&before);
	memcpy(pages0, table->pages, sizeof(pages0));
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);

	for (i = 0; i < total && NT_SUCCESS(status); i++) {
		status = ObOpenObjectByPointer(thread, OBJ_KERNEL_HANDLE, NULL,
					       SYNCHRONIZE, NULL, KernelMode,
					       &handles[i]);
		opened += NT_SUCCESS(status);
		cond_resched();
	}
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, opened, total);
	KUNIT_EXPECT_EQ(test, READ_ONCE(table->root) & 3, 2UL);
	KUNIT_EXPECT_GE(test, table->pages[1], 2UL);
	KUNIT_EXPECT_EQ(test, table->pages[2], 1UL);
	KUNIT_EXPECT_GE(test, table->pages[0],
			(unsigned long)DIV_ROUND_UP(total, NT_HT_LOW_ENTRIES - 1));
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&nt_ob_header(thread)->handle_count),
			total + 1);
	/* Every handle still resolves to the object after growth. */
	for (i = 0; i < opened; i += 997) {
		PVOID object;

		KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(handles[i], 0, *PsThreadType,
								KernelMode, &object, NULL),
				STATUS_SUCCESS);
		if (object)
			ObDereferenceObject(object);
	}
	for (i = 0; i < opened; i++) {
		KUNIT_EXPECT_EQ(test, ZwClose(handles[i]), STATUS_SUCCESS);
		cond_resched();
	}
	vfree(handles);
	KUNIT_EXPECT_EQ(test, atomic_read(&nt_ob_header(thread)->handle_count), 1);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	ObDereferenceObject(thread);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	ntt_expect_baseline(test, &before);
	/* Pages stay (as in NT) and are reused: no page was added twice. */
	KUNIT_EXPECT_EQ(test, table->pages[2], 1UL);
}

static void handle_256th_entry_of_a_page_adds_one_page(struct kunit *test)
{
	struct nt_handle_table *table = ntthread_handle_table(false);
	struct ntt_fill fill;
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD thread;
	unsigned long low;
	u32 growths;
	bool ready;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	/* Fill entries until the next insert needs a new low page. */
	ready = ntt_fill_page(test, thread, &fill);
	KUNIT_EXPECT_TRUE(test, ready);
	if (ready) {
		low = table->pages[0];
		growths = table->growths;
		KUNIT_EXPECT_EQ(test, ObOpenObjectByPointer(thread, 0, NULL, 0, NULL, KernelMode,
							    &fill.handles[fill.n]),
				STATUS_SUCCESS);
		fill.n++;
		KUNIT_EXPECT_EQ(test, table->pages[0], low + 1);
		KUNIT_EXPECT_EQ(test, table->growths, growths + 1);
		/* The new page's entry 0 is reserved: never a multiple of 0x400. */
		KUNIT_EXPECT_NE(test, (unsigned long)fill.handles[fill.n - 1] & 0x3FF, 0UL);
	}
	ntt_fill_close(test, &fill);
	ntt_finish(test, &gate, handle);
	ObDereferenceObject(thread);
}

static struct kunit_case handle_cases[] = {
	KUNIT_CASE(handle_value_is_kernel_index_times_four),
	KUNIT_CASE(handle_tag_bits_name_the_same_entry),
	KUNIT_CASE(handle_freed_entry_is_reused),
	KUNIT_CASE(handle_double_close_is_safe),
	KUNIT_CASE(handle_256th_entry_of_a_page_adds_one_page),
	KUNIT_CASE(handle_table_grows_past_both_levels_and_empties),
	{}
};

static struct kunit_suite handle_suite = {
	.name = "ntthread_handle",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = handle_cases,
};

kunit_test_suite(handle_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's handle tables");
MODULE_LICENSE("GPL");
