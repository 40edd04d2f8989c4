// SPDX-License-Identifier: GPL-2.0
/*
 * What MSVC refuses too: ObReferenceObjectByHandle's Object must point to
 * a pointer.  api.h's macro accepts a PETHREAD * as MSVC does, not this.
 *
 * Expect: not a pointer to a pointer
 */
#include <linux/module.h>
#include <ntddk.h>

static int __init msvc_not_a_pointer_init(void)
{
	ULONG value;

	return ObReferenceObjectByHandle(NULL, SYNCHRONIZE, NULL, KernelMode,
					 &value, NULL);
}

module_init(msvc_not_a_pointer_init);
MODULE_LICENSE("GPL");
