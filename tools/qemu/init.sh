#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test guest (busybox).  The mode comes from the kernel command
# line (ntthread.mode=check|bench|demo|stock|shell).  In check, bench and
# stock mode everything meant for the host goes to /dev/ttyS1 between marker
# lines, apart from the kernel's own console on ttyS0.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
[ -d /sys/kernel/tracing ] && mount -t tracefs tracefs /sys/kernel/tracing

mode=check repeat=1
# shellcheck disable=SC2013 # the command line is words
for arg in $(cat /proc/cmdline); do
	case $arg in
	ntthread.mode=*) mode=${arg#ntthread.mode=} ;;
	ntthread.repeat=*) repeat=${arg#ntthread.repeat=} ;;
	esac
done
out=/dev/ttyS1
case $mode in check|bench|stock) ;; *) out=/dev/console ;; esac
say() { echo "NTTHREAD-GUEST: $*" >"$out"; }

kmemleak=/sys/kernel/debug/kmemleak
# Objects that exist before our modules load are not ours to report.
[ -e $kmemleak ] && echo clear >$kmemleak

# Print the KTAP of every suite that is loaded now.
dump_suites() {
	for dir in /sys/kernel/debug/kunit/*/; do
		[ -f "$dir/results" ] || continue
		suite=$(basename "$dir")
		echo "NTTHREAD-KTAP-BEGIN $suite" >"$out"
		cat "$dir/results" >"$out"
		echo "NTTHREAD-KTAP-END $suite" >"$out"
	done
}

load() {	# MODULE [PARAMETER...]
	if insmod "$@"; then
		say "loaded $(basename "$1")"
	else
		say "insmod-failed $(basename "$1")"
	fi
}

unload() {
	if rmmod "$1"; then
		say "unloaded $1"
	else
		say "rmmod-failed $1"
	fi
}

show_debugfs() {
	for f in /sys/kernel/debug/ntthread/*; do
		[ -f "$f" ] || continue
		echo "==> $f <==" >"$out"
		cat "$f" >"$out"
	done
}

say "start $(uname -r) mode=$mode cpus=$(grep -c ^processor /proc/cpuinfo)"
case $mode in
check)
	load /lib/ntthread/ntthread.ko
	# Each suite $repeat times in a row (make check REPEAT=N).
	for ko in /lib/ntthread/tests/*.ko; do
		[ -e "$ko" ] || continue
		run=1
		while [ $run -le "$repeat" ]; do
			load "$ko"
			dump_suites
			unload "$(basename "$ko" .ko)"
			run=$((run + 1))
		done
	done
	# The guest checks (tools/qemu/checks/), in name order as before:
	# ntstat.sh first, unload.sh (which unloads and reloads ntthread), then
	# zz-lockdep.sh, after which lockdep is off.
	for check in /lib/ntthread/checks/*.sh; do
		# shellcheck disable=SC1090 # each guest check, by name
		[ -e "$check" ] && . "$check"
	done
	unload ntthread
	if [ -e $kmemleak ]; then
		# kmemleak reports objects older than 5 s: let ours age first.
		sleep 6
		echo scan >$kmemleak
		echo scan >$kmemleak
		echo "NTTHREAD-KMEMLEAK-BEGIN" >"$out"
		cat $kmemleak >"$out"
		echo "NTTHREAD-KMEMLEAK-END" >"$out"
	fi
	;;
demo|stock)
	# stock: the same on Debian's stock kernel (tools/qemu/stock.sh).
	load /lib/ntthread/ntthread.ko
	for ko in /lib/ntthread/examples/*.ko; do
		[ -e "$ko" ] && load "$ko"
	done
	sleep 1
	show_debugfs
	if [ -x /bin/ntstat ]; then
		echo "--- ntstat ---" >"$out"
		ntstat >"$out"
		ntstat threads >"$out"
		# For `make plots`: the allocation sites as JSON.
		echo "NTTHREAD-SITES-JSON-BEGIN" >"$out"
		ntstat --json sites >"$out"
		echo "NTTHREAD-SITES-JSON-END" >"$out"
		ntstat pool >"$out"
		echo "NTTHREAD-POOL-JSON-BEGIN" >"$out"
		ntstat --json --by thread pool >"$out"
		echo "NTTHREAD-POOL-JSON-END" >"$out"
	fi
	for ko in /lib/ntthread/examples/*.ko; do
		[ -e "$ko" ] && unload "$(basename "$ko" .ko)"
	done
	echo "--- kernel log of ntthread and the example drivers ---" >"$out"
	dmesg | grep -E 'ntthread: |example_' >"$out"
	unload ntthread
	;;
bench)
	# tools/bench: module parameters come as ntthread.bench=a=1,b=2, and
	# ntthread.bench_trace=EVENT,EVENT records trace events (for instance
	# sched:sched_switch,ntthread) during the run.  The limit metric lets
	# memory, not Linux's thread-count limits, stop it (Windows has none);
	# kmemleak's scans stay out of the timings.
	# shellcheck disable=SC1007 # both emptied
	bench_args= bench_trace=
	# shellcheck disable=SC2013 # the command line is words
	for arg in $(cat /proc/cmdline); do
		case $arg in
		ntthread.bench=*) bench_args=$(echo "${arg#ntthread.bench=}" | tr , ' ') ;;
		ntthread.bench_trace=*) bench_trace=$(echo "${arg#ntthread.bench_trace=}" | tr , ' ') ;;
		esac
	done
	tracing=/sys/kernel/tracing
	echo 4194304 >/proc/sys/kernel/pid_max
	echo 4194304 >/proc/sys/kernel/threads-max
	[ -e $kmemleak ] && echo scan=off >$kmemleak
	load /lib/ntthread/ntthread.ko
	say "bench-args $bench_args"
	if [ -n "$bench_trace" ] && [ -d $tracing/events ]; then
		echo 16384 >$tracing/buffer_size_kb
		# the guest's clocks tick in jiffies (no calibrated TSC)
		echo x86-tsc >$tracing/trace_clock 2>/dev/null
		for event in $bench_trace; do
			echo "$event" >>$tracing/set_event || say "no trace event $event"
		done
		echo 1 >$tracing/tracing_on
	fi
	dmesg -c >/dev/null
	# shellcheck disable=SC2086
	if insmod /lib/ntthread/bench/ntthread_bench.ko $bench_args; then
		say "loaded ntthread_bench.ko"
	else
		say "insmod-failed ntthread_bench.ko"
	fi
	echo "NTTHREAD-BENCH-BEGIN" >"$out"
	dmesg | sed -n 's/^.*ntbench: //p' >"$out"
	echo "NTTHREAD-BENCH-END" >"$out"
	if [ -n "$bench_trace" ] && [ -d $tracing/events ]; then
		echo 0 >$tracing/tracing_on
		echo "NTTHREAD-TRACE-BEGIN" >"$out"
		cat $tracing/trace >"$out"
		echo "NTTHREAD-TRACE-END" >"$out"
	fi
	show_debugfs
	unload ntthread_bench
	unload ntthread
	;;
shell)
	load /lib/ntthread/ntthread.ko
	echo "ntthread is loaded; debugfs is at /sys/kernel/debug/ntthread." \
		"The KUnit suites are in /lib/ntthread/tests: insmod one (its" \
		"KTAP goes to the console and /sys/kernel/debug/kunit/<suite>/results)." \
		"Leave with 'exit' (reboots the guest)."
	setsid cttyhack sh
	;;
esac
say "done"
sync
reboot -f
