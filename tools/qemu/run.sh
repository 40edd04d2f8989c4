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
#            NTTHREAD_SMP CPUs, default 4), demo (example drivers
#            and the debugfs files), shell (interactive guest)
#   VERSION  6.1 or 6.12 (Debian's linux-source-VERSION)
#   FLAVOUR  debug (default) or bench
#
# In check mode NTTHREAD_SUITE=NAME loads only that suite's test module,
# and NTTHREAD_REPEAT=N loads each test module N times in a row, in one
# boot (make check SUITE=... REPEAT=...).
#
# Artefacts go to $NTTHREAD_OUT (default: out/ in the checkout).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mode=${1:?usage: run.sh check|selftest|demo|shell VERSION [FLAVOUR]}
version=${2:?usage: run.sh MODE VERSION [FLAVOUR]}
flavour=${3:-debug}
jobs=${JOBS:-$(nproc)}

kdir=$("$here/build-kernel.sh" "$version" "$flavour")
kver=$(cat "$kdir/include/config/kernel.release")
out=${NTTHREAD_OUT:-$repo/out}/$kver-$flavour-$mode
src=$out/src
rm -rf "$out"
mkdir -p "$src"

# Build from a copy, so that builds for two kernels never share objects.
(cd "$repo" && cp -a Kbuild Makefile include module tests tools "$src/")
make -s -C "$kdir" M="$src" -j"$jobs" modules >&2
symvers=$src/Module.symvers
make -s -C "$kdir" M="$src/tools/examples" KBUILD_EXTRA_SYMBOLS="$symvers" \
	-j"$jobs" modules >&2
# ntstat, the debugfs viewer: static, as the guest has no C library.
make -s -B -C "$src/tools/ntstat" ntstat >&2

root=$out/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/ntthread/tests,lib/ntthread/examples}
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/init.sh" "$root/init"
cp "$src/ntthread.ko" "$root/lib/ntthread/"
cp "$src"/tools/examples/*.ko "$root/lib/ntthread/examples/"
cp "$src/tools/ntstat/ntstat" "$root/bin/ntstat"
if [ "$mode" = selftest ]; then
	make -s -C "$kdir" M="$src/tools/qemu/selftest" -j"$jobs" modules >&2
	cp "$src"/tools/qemu/selftest/*.ko "$root/lib/ntthread/tests/"
elif [ "$mode" = bench ]; then
	make -s -C "$kdir" M="$src/tools/bench" KBUILD_EXTRA_SYMBOLS="$symvers" \
		-j"$jobs" modules >&2
	mkdir -p "$root/lib/ntthread/bench"
	cp "$src"/tools/bench/*.ko "$root/lib/ntthread/bench/"
elif [ "$mode" = check ]; then
	if [ -n "${NTTHREAD_SUITE:-}" ]; then
		if [ ! -f "$src/tests/${NTTHREAD_SUITE}_kunit.ko" ]; then
			echo "run.sh: no suite $NTTHREAD_SUITE; the suites are:" \
			     $(cd "$src/tests" && ls *_kunit.ko | sed 's/_kunit\.ko$//') >&2
			exit 2
		fi
		cp "$src/tests/${NTTHREAD_SUITE}_kunit.ko" "$root/lib/ntthread/tests/"
	else
		cp "$src"/tests/*.ko "$root/lib/ntthread/tests/"
	fi
	[ -f "$here/check.sh" ] && cp "$here/check.sh" "$root/lib/ntthread/check.sh"
	# The guest's other checks (tracepoints, unloading) and their clients.
	make -s -C "$kdir" M="$src/tools/qemu/clients" \
		KBUILD_EXTRA_SYMBOLS="$symvers" -j"$jobs" modules >&2
	mkdir -p "$root/lib/ntthread/clients" "$root/lib/ntthread/checks"
	cp "$src"/tools/qemu/clients/*.ko "$root/lib/ntthread/clients/"
	cp "$here"/checks/*.sh "$root/lib/ntthread/checks/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"

guest_mode=$mode
[ "$mode" = selftest ] && guest_mode=check
mem=1024
[ "$mode" = bench ] && mem=${NTTHREAD_BENCH_MEM:-512}	# fixed, for the limit metric
qemu=(qemu-system-x86_64 -nodefaults -no-reboot -cpu max -m "$mem" -smp "${NTTHREAD_SMP:-4}"
      -bios /usr/share/qemu/qboot.rom -kernel "$kdir/arch/x86/boot/bzImage"
      -initrd "$out/initramfs.cpio.gz")
repeat=${NTTHREAD_REPEAT:-1}
append="console=ttyS0 panic=-1 ntthread.mode=$guest_mode ntthread.repeat=$repeat"

# boot_to_files TIMEOUT EXTRA-APPEND: run the guest, the console to
# console.log and what /init reports (ttyS1) to results.log.
boot_to_files() {
	local start=$(date +%s)

	timeout --foreground "$1" "${qemu[@]}" -display none -append "$append $2" \
		-serial file:"$out/console.log" -serial file:"$out/results.log" \
		</dev/null || echo ">> qemu exited with status $?" >&2
	echo ">> guest ran $(( $(date +%s) - start )) s" >&2
}

case $mode in
check|selftest)
	echo ">> booting Linux $kver ($flavour) for $mode" >&2
	boot_to_files "${NTTHREAD_TIMEOUT:-$((900 + 600 * repeat))}" ""
	python3 "$here/verdict.py" --kernel "$kver" --kunit "$kdir/source/tools/testing/kunit/kunit.py" \
		--repeat "$repeat" \
		--console "$out/console.log" --results "$out/results.log" \
		--summary "$out/summary.json" "$root"/lib/ntthread/tests/*.ko
	;;
bench)
	echo ">> booting Linux $kver ($flavour) for bench ${NTTHREAD_BENCH_ARGS:-}" >&2
	boot_to_files "${NTTHREAD_TIMEOUT:-3000}" \
		"ntthread.bench=${NTTHREAD_BENCH_ARGS:-} ntthread.bench_trace=${NTTHREAD_BENCH_TRACE:-}"
	python3 "$repo/tools/bench/report.py" --kernel "$kver-$flavour" \
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
