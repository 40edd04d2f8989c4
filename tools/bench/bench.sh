#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: run tools/bench in QEMU on each test kernel (the debug
# kernels of `make check`, then the debug-free bench kernels, built on
# first use), print each run's table and BENCH lines, then one summary.
#
#   BENCH_RUNS   VERSION:FLAVOUR pairs (default: the debug and the bench
#                kernel of every series make check tests, 6.1, 6.12, 7.3)
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
runs=${BENCH_RUNS:-$(printf '%s:debug ' $series)$(printf '%s:bench ' $series)}
mkdir -p "$out"

failed=0
jsons=() loads=()
for run in $runs; do
	version=${run%%:*}
	flavour=${run#*:}
	stamp=$out/.bench-$version-$flavour
	touch "$stamp"
	echo ">> benchmark on Linux $version ($flavour); host load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
	loads+=("$version-$flavour: host load $(cut -d' ' -f1-3 /proc/loadavg) before the run")
	if ! "$repo/tools/qemu/run.sh" bench "$version" "$flavour"; then
		echo ">> Linux $version ($flavour): the benchmark did not run to its end"
		failed=1
	fi
	json=$(ls -d "$out/$version".*-"$flavour"-bench/bench.json 2>/dev/null | head -1)
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
