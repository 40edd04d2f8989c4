#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: run tools/bench in QEMU on each test kernel (the debug
# kernels of `make check`, then the debug-free bench kernels, built on
# first use), print each run's table and BENCH lines, then one summary.
#
#   BENCH_RUNS   VERSION:FLAVOUR[:icount] (default: the debug and the bench
#                kernel of every series make check tests, 6.1, 6.12, 7.3,
#                then each bench kernel again with :icount)
#
# An :icount run boots one vCPU under QEMU's -icount: guest time counts
# executed instructions, so the single-CPU metrics (thread_cycle,
# handle_ref_*_1cpu, event_pingpong, semaphore_pc_1) come out the same
# on every run, and a 5 % difference shows.  Its ratios are reported
# beside the real-time ones, under the kernel name VERSION-bench-icount.
#   NTTHREAD_BENCH_ARGS  module parameters, comma-separated (e.g.
#                rounds=7,ref_ops=400000); see ntthread_bench.c
#
# Exits 0 when every run produced complete, well-formed figures, whatever
# the verdicts; 1 when a build failed, a guest died or output was missing.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${NTTHREAD_OUT:-$repo/out}
export NTTHREAD_OUT=$out
series=$("$repo/tools/qemu/debian-archive.sh" series)
# shellcheck disable=SC2086 # the series, a list split on purpose
runs=${BENCH_RUNS:-$(printf '%s:debug ' $series)$(printf '%s:bench ' $series)$(printf '%s:bench:icount ' $series)}
# What an :icount run measures: the metrics that one CPU can take.
icount_args=metrics=cycle+handle+event_pingpong+semaphore_pc,sem_sizes=1
mkdir -p "$out"

failed=0
jsons=() loads=()
for run in $runs; do
	IFS=: read -r version flavour clock <<<"$run"
	icount='' args=${NTTHREAD_BENCH_ARGS:-} dir=bench
	if [ "$clock" = icount ]; then
		icount=1 args=$icount_args${args:+,$args} dir=bench-icount
	fi
	stamp=$out/.bench-$version-$flavour-$dir
	touch "$stamp"
	echo ">> benchmark on Linux $version ($flavour${icount:+, icount}); host load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
	loads+=("$version-$flavour${icount:+-icount}: host load $(cut -d' ' -f1-3 /proc/loadavg) before the run")
	if ! NTTHREAD_ICOUNT=$icount NTTHREAD_BENCH_ARGS=$args \
		"$repo/tools/qemu/run.sh" bench "$version" "$flavour"; then
		echo ">> Linux $version ($flavour): the benchmark did not run to its end"
		failed=1
	fi
	json=$(ls -d "$out/$version".*-"$flavour-$dir"/bench.json 2>/dev/null | head -1)
	if [ -n "$json" ] && [ "$json" -nt "$stamp" ]; then
		jsons+=("$json")
	else
		echo ">> Linux $version ($flavour): no figures"
		failed=1
	fi
	rm -f "$stamp"
done

summary=$out/bench-summary.txt
{
	echo "ntthread benchmarks, $(date -u +%Y-%m-%d), ratios (medians) and verdicts"
	[ ${#jsons[@]} -gt 0 ] && python3 "$here/report.py" --combine "${jsons[@]}"
	printf '%s\n' "${loads[@]}"
	echo
	for json in "${jsons[@]}"; do
		grep -h '^BENCH ' "$(dirname "$json")/bench.txt"
	done
} | tee "$summary"
echo ">> summary in $summary"
exit $failed
