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
	echo 0 >$t/events/ntthread/enable
	for ev in thread_create thread_start thread_exit handle_create \
		  handle_close object_free wait_begin wait_end pool_alloc \
		  pool_free; do
		grep -q "ntthread_$ev:" $t/trace ||
			say "check-failed trace: no ntthread_$ev event"
	done
	grep -q "ntthread_thread_exit: tid=[0-9]* status=0x00000003" $t/trace ||
		say "check-failed trace: no exit with the pool's status 3"
	say "check trace: $(grep -c ntthread_ $t/trace) events"
else
	say "check-failed trace: no $t/events/ntthread"
fi
