// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of trace.h, defined here: a leaf every component uses. */
#define CREATE_TRACE_POINTS
#include "trace.h"
