# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded): every
# tracepoint of the layer fires while the example drivers run.
t=/sys/kernel/tracing

# trace_has PATTERN WHAT: a failed check, "no WHAT", unless a line has PATTERN.
trace_has() {
	grep -q "$1" $t/trace || say "check-failed trace: no $2"
}

if [ -d $t/events/ntthread ]; then
	echo >$t/trace
	echo 1 >$t/events/ntthread/enable
	load /lib/ntthread/examples/example_seed.ko
	load /lib/ntthread/examples/example_pool.ko
	unload example_pool
	unload example_seed
	load /lib/ntthread/clients/client_abandon.ko
	unload client_abandon
	# A creation that fails: the thread object's allocation, injected.
	f=/sys/kernel/debug/ntthread/fail_thread_object
	echo 0 >$f/verbose
	echo 1 >$f/interval
	echo 1 >$f/times
	echo 100 >$f/probability
	load /lib/ntthread/examples/example_seed.ko
	echo 0 >$f/probability
	unload example_seed
	echo 0 >$t/events/ntthread/enable
	# (The routine prints as an address: its module is gone by now.)
	trace_has "ntthread_thread_create_failed: routine=.* status=STATUS_INSUFFICIENT_RESOURCES$" \
		"failed creation with STATUS_INSUFFICIENT_RESOURCES"
	for ev in thread_create thread_start thread_exit handle_create \
		  handle_close object_free wait_begin wait_end pool_alloc \
		  pool_free object_signal object_acquire mutex_abandon; do
		trace_has "ntthread_$ev:" "ntthread_$ev event"
	done
	trace_has "ntthread_thread_exit: tid=[0-9]* status=0x3$" \
		"exit with the pool's status 3"
	# Statuses and wait types by name; an infinite wait says so alone.
	trace_has "ntthread_thread_exit: tid=[0-9]* status=STATUS_SUCCESS$" \
		"exit with STATUS_SUCCESS"
	trace_has "ntthread_wait_begin: tid=[0-9]* count=[0-9]* type=a[nl][yl] timeout=infinite$" \
		"infinite wait"
	trace_has "ntthread_wait_end: tid=[0-9]* status=STATUS_SUCCESS$" \
		"wait ending with STATUS_SUCCESS"
	# Events without a thread of their own name the caller's, a layer
	# thread's TID (not 0) among them.
	trace_has "ntthread_pool_alloc: tid=[1-9][0-9]* tag=" \
		"pool allocation naming a layer thread"
	trace_has "ntthread_object_signal: tid=[0-9]* object=[^ ]* type=[A-Za-z]* state=" \
		"object_signal with a type by name"
	trace_has "ntthread_mutex_abandon: tid=[1-9][0-9]* mutex=" \
		"mutex abandoned by a layer thread"
	trace_has "ntthread_object_acquire: tid=[0-9]* object=[^ ]* type=Mutant$" \
		"mutex acquired"
	grep -q "timeout=infinite[0-9-]" $t/trace &&
		say "check-failed trace: an infinite wait printed with a number"
	say "check trace: $(grep -c ntthread_ $t/trace) events"
else
	say "check-failed trace: no $t/events/ntthread"
fi
