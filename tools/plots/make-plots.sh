#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make plots`: draw docs/img/{memory,bench,pool}.{svg,png} from real runs
# on the debug-free ("bench") 6.1 and 6.12 kernels: the example drivers'
# threads and their pool as ntstat sees them, and the benchmark's figures (the latest
# `make bench` run of each kernel, or a new one if there is none).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${NTTHREAD_OUT:-$repo/out}
img=$repo/docs/img

"$repo/tools/qemu/deps.sh" python3-matplotlib
mkdir -p "$out/plots"
args=()
for v in 6.1 6.12; do
	kver=$(cat "$("$repo/tools/qemu/build-kernel.sh" "$v" bench)/include/config/kernel.release")
	echo ">> $kver: the example drivers' threads, through ntstat" >&2
	NTTHREAD_OUT="$out/plots" "$repo/tools/qemu/run.sh" demo "$v" bench \
		>"$out/plots/demo-$v.log" 2>&1
	args+=(--sites "$kver=$out/plots/demo-$v.log" --pool "$kver=$out/plots/demo-$v.log")
	if [ ! -f "$out/$kver-bench-bench/results.log" ]; then
		echo ">> $kver: no benchmark run yet; running it" >&2
		"$repo/tools/qemu/run.sh" bench "$v" bench >"$out/plots/bench-$v.log" 2>&1
	fi
	args+=(--bench "$kver=$out/$kver-bench-bench")
done
/usr/bin/python3 "$here/plots.py" --out "$img" --date "$(date +%F)" "${args[@]}"
echo ">> wrote $(ls "$img" | tr '\n' ' ')" >&2
