// SPDX-License-Identifier: GPL-2.0
/*
 * What MSVC refuses too: InterlockedIncrement takes a LONG volatile *.
 * nt/interlocked.h's macro takes any 32-bit integer (volatile or not, as
 * MSVC does), not a 16-bit one, which the atomic would overrun.
 *
 * Expect: not a LONG
 */
#include <linux/module.h>
#include <ntddk.h>

static int __init interlocked_not_a_long_init(void)
{
	USHORT count = 0;

	return InterlockedIncrement(&count);
}

module_init(interlocked_not_a_long_init);
MODULE_LICENSE("GPL");
