# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded): every
# tracepoint of the layer fires while the example drivers run.
t=/sys/kernel/tracing
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
	grep -q "ntthread_thread_create_failed: routine=.* status=STATUS_INSUFFICIENT_RESOURCES$" $t/trace ||
		say "check-failed trace: no failed creation with STATUS_INSUFFICIENT_RESOURCES"
	for ev in thread_create thread_start thread_exit handle_create \
		  handle_close object_free wait_begin wait_end pool_alloc \
		  pool_free object_signal object_acquire mutex_abandon; do
		grep -q "ntthread_$ev:" $t/trace ||
			say "check-failed trace: no ntthread_$ev event"
	done
	grep -q "ntthread_thread_exit: tid=[0-9]* status=0x3$" $t/trace ||
		say "check-failed trace: no exit with the pool's status 3"
	# Statuses and wait types by name; an infinite wait says so alone.
	grep -q "ntthread_thread_exit: tid=[0-9]* status=STATUS_SUCCESS$" $t/trace ||
		say "check-failed trace: no exit with STATUS_SUCCESS"
	grep -q "ntthread_wait_begin: tid=[0-9]* count=[0-9]* type=a[nl][yl] timeout=infinite$" $t/trace ||
		say "check-failed trace: no infinite wait"
	grep -q "ntthread_wait_end: tid=[0-9]* status=STATUS_SUCCESS$" $t/trace ||
		say "check-failed trace: no wait ending with STATUS_SUCCESS"
	# Events without a thread of their own name the caller's, a layer
	# thread's TID (not 0) among them.
	grep -q "ntthread_pool_alloc: tid=[1-9][0-9]* tag=" $t/trace ||
		say "check-failed trace: no pool allocation naming a layer thread"
	grep -q "ntthread_object_signal: tid=[0-9]* object=[^ ]* type=[A-Za-z]* state=" $t/trace ||
		say "check-failed trace: no object_signal with a type by name"
	grep -q "ntthread_mutex_abandon: tid=[1-9][0-9]* mutex=" $t/trace ||
		say "check-failed trace: no mutex abandoned by a layer thread"
	grep -q "ntthread_object_acquire: tid=[0-9]* object=[^ ]* type=Mutant$" $t/trace ||
		say "check-failed trace: no mutex acquired"
	grep -q "timeout=infinite[0-9-]" $t/trace &&
		say "check-failed trace: an infinite wait printed with a number"
	say "check trace: $(grep -c ntthread_ $t/trace) events"
else
	say "check-failed trace: no $t/events/ntthread"
fi
