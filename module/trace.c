// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of trace.h, defined here: a leaf every component uses. */
#include <linux/compiler.h>
#include <linux/types.h>

struct nt_kthread;

static unsigned long (*nt_trace_tid_of)(const struct nt_kthread *t, bool me);

/* For the events' TP_fast_assign(), expanded below. */
static unsigned long nt_trace_thread_tid(const struct nt_kthread *t, bool me)
{
	unsigned long (*tid_of)(const struct nt_kthread *t, bool me);

	tid_of = READ_ONCE(nt_trace_tid_of);
	return tid_of ? tid_of(t, me) : 0;
}

static unsigned long nt_trace_tid(void)
{
	return nt_trace_thread_tid(NULL, true);
}

#define CREATE_TRACE_POINTS
#include "trace.h"

void nt_trace_set_tid_of(unsigned long (*tid_of)(const struct nt_kthread *t,
						 bool me))
{
	WRITE_ONCE(nt_trace_tid_of, tid_of);
}
