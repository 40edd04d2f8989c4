#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh MODE VERSION [FLAVOUR]: build ntthread against a test kernel, boot
# it in QEMU and, in check mode, judge the run on the host.
#
#   MODE     check (KUnit suites, verdict), selftest (a known-bad module
#            must turn the verdict red), bench (tools/bench in a 512 MB
#            guest, report on the host; module parameters from
#            NTTHREAD_BENCH_ARGS, e.g. "smoke=1", trace events to record
#            from NTTHREAD_BENCH_TRACE, e.g. "sched:sched_switch,ntthread";
#            NTTHREAD_SMP CPUs, default 4; NTTHREAD_ICOUNT=1: one CPU
#            under QEMU's -icount, deterministic), demo (example drivers
#            and the debugfs files), shell (interactive guest)
#   VERSION  6.1 or 6.12 (Debian's linux-source-VERSION)
#   FLAVOUR  debug (default) or bench
#
# In check mode NTTHREAD_SUITE=NAME[,NAME...] loads only those suites' test modules,
# and NTTHREAD_REPEAT=N loads each test module N times in a row, in one
# boot (make check SUITE=... REPEAT=...); NTTHREAD_FILTER=GLOB runs only
# the cases KUnit's filter_glob matches (make check FILTER=..., not 6.1).
#
# Artefacts go to $NTTHREAD_OUT (default: out/ in the checkout).
# shellcheck source=tools/qemu/lib.sh
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: run.sh check|selftest|bench|demo|shell VERSION [FLAVOUR]}
version=${2:?usage: run.sh MODE VERSION [FLAVOUR]}
flavour=${3:-debug}
# 6.1's kunit_module_init() runs every case of a module's suites.
if [ -n "${NTTHREAD_FILTER:-}" ] && [ "$version" = 6.1 ]; then
	echo "run.sh: FILTER needs Linux 6.3 or later (6.1's KUnit does not filter module suites); use SUITE=" >&2
	exit 2
fi

kdir=$("$here/build-kernel.sh" "$version" "$flavour")
kver=$(cat "$kdir/include/config/kernel.release")
clock=
[ "${NTTHREAD_ICOUNT:-}" = 1 ] && clock=-icount
out_dir "$kver-$flavour-$mode$clock"
copy_sources Kbuild Makefile dkms.conf include module tests tools
make -s -C "$kdir" M="$src" -j"$jobs" modules >&2
symvers=$src/Module.symvers
make -s -C "$kdir" M="$src/tools/examples" KBUILD_EXTRA_SYMBOLS="$symvers" \
	-j"$jobs" modules >&2
# ntstat, the debugfs viewer: static, as the guest has no C library.
make -s -B -C "$src/tools/ntstat" ntstat >&2

initramfs_start
initramfs_add bin "$src/tools/ntstat/ntstat"
if [ "$mode" = selftest ]; then
	make -s -C "$kdir" M="$src/tools/qemu/selftest" -j"$jobs" modules >&2
	initramfs_add lib/ntthread/tests "$src"/tools/qemu/selftest/*.ko
elif [ "$mode" = bench ]; then
	make -s -C "$kdir" M="$src/tools/bench" KBUILD_EXTRA_SYMBOLS="$symvers" \
		-j"$jobs" modules >&2
	initramfs_add lib/ntthread/bench "$src"/tools/bench/*.ko
elif [ "$mode" = check ]; then
	if [ -n "${NTTHREAD_SUITE:-}" ]; then
		for suite in ${NTTHREAD_SUITE//,/ }; do
			if [ ! -f "$src/tests/${suite}_kunit.ko" ]; then
				echo "run.sh: no suite $suite; the suites are:" \
				     "$(cd "$src/tests" && ls -- *_kunit.ko | sed 's/_kunit\.ko$//' | tr '\n' ' ')" >&2
				exit 2
			fi
			initramfs_add lib/ntthread/tests "$src/tests/${suite}_kunit.ko"
		done
	else
		initramfs_add lib/ntthread/tests "$src"/tests/*.ko
	fi
	# The guest's other checks (ntstat, tracepoints, unloading) and their
	# clients.
	make -s -C "$kdir" M="$src/tools/qemu/clients" \
		KBUILD_EXTRA_SYMBOLS="$symvers" -j"$jobs" modules >&2
	initramfs_add lib/ntthread/clients "$src"/tools/qemu/clients/*.ko
	initramfs_add lib/ntthread/checks "$here"/checks/*.sh
	# docs/tracing.md's one-liners and their tools (checks/tracing.sh)
	initramfs_add lib/ntthread "$here/../../docs/tracing.md"
	initramfs_add_program "$(command -v trace-cmd)" "$(command -v perf)"
	# bpftrace, with LLVM, only for a kernel with BPF (bpf.config: 7.3's)
	# and the UAPI headers with which its clang parses a tracepoint's
	# fields (<linux/types.h> and what it includes: linux-libc-dev's)
	if grep -qx CONFIG_BPF_EVENTS=y "$kdir/.config"; then
		initramfs_add_program "$(command -v bpftrace)"
		echo '#include <linux/types.h>' | cpp -H -o /dev/null - 2>&1 |
			awk '$1 ~ /^\.+$/ { print $2 }' | xargs cp --parents -t "$root"
	fi
elif [ "$mode" = shell ]; then
	# Every KUnit suite, to load by hand (make shell).
	initramfs_add lib/ntthread/tests "$src"/tests/*.ko
fi
initramfs_pack

guest_mode=$mode
[ "$mode" = selftest ] && guest_mode=check
mem=1024
[ "$mode" = bench ] && mem=${NTTHREAD_BENCH_MEM:-512}	# fixed, for the limit metric
# The benchmarks' ratios are taken under TCG everywhere, so that they
# compare across machines: KVM only where NTTHREAD_ACCEL=kvm asks.
[ "$mode" = bench ] && export NTTHREAD_ACCEL=${NTTHREAD_ACCEL:-tcg}
smp=${NTTHREAD_SMP:-4}
[ -n "$clock" ] && smp=1
qemu_args "$kdir/arch/x86/boot/bzImage" "$mem" "$smp"
echo ">> QEMU accelerator: ${qemu[4]}" >&2
repeat=${NTTHREAD_REPEAT:-1}
append="console=ttyS0 panic=-1 ntthread.mode=$guest_mode ntthread.repeat=$repeat"
[ -n "${NTTHREAD_FILTER:-}" ] &&
	append="$append kunit.filter_glob=$NTTHREAD_FILTER"

case $mode in
check|selftest)
	echo ">> booting Linux $kver ($flavour) for $mode" >&2
	boot_to_files "${NTTHREAD_TIMEOUT:-$((900 + 600 * repeat))}" "$append"
	python3 "$here/verdict.py" --kernel "$kver" --kunit "$kdir/source/tools/testing/kunit/kunit.py" \
		--repeat "$repeat" \
		--console "$out/console.log" --results "$out/results.log" \
		--summary "$out/summary.json" "$root"/lib/ntthread/tests/*.ko
	;;
bench)
	echo ">> booting Linux $kver ($flavour) for bench ${NTTHREAD_BENCH_ARGS:-}" >&2
	boot_to_files "${NTTHREAD_TIMEOUT:-3000}" \
		"$append ntthread.bench=${NTTHREAD_BENCH_ARGS:-} ntthread.bench_trace=${NTTHREAD_BENCH_TRACE:-}"
	python3 "$repo/tools/bench/report.py" --kernel "$kver-$flavour$clock" \
		--console "$out/console.log" --results "$out/results.log" \
		--json "$out/bench.json" | tee "$out/bench.txt"
	;;
demo)
	timeout --foreground 600 "${qemu[@]}" -display none \
		-append "$append quiet" -serial stdio -serial null </dev/null
	;;
shell)
	"${qemu[@]}" -nographic -append "$append quiet" -serial mon:stdio
	;;
*)
	echo "run.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac
