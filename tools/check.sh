#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: install what is missing, then for each test kernel build
# ntthread and its KUnit modules, run them in QEMU and judge the run; then
# prove that the harness itself turns red on a failing case and on a WARN,
# and smoke-test the benchmark (tools/bench).
# Then `make lint`, the smoke test on Debian's stock kernel, the DKMS
# package's build and kunit.py's run of the suites built in (one pass or
# failure each).
# Ends with one line: "N passed, M failed, K skipped".
#
# SUITE=NAME[,NAME...] or SUITES=... (suites, e.g. ntthread_stats; all for
# every suite) and REPEAT=N (each suite N times in a row in one boot) make a
# focused run: the KUnit suites and guest checks on each kernel of
# KERNELS, and nothing else (`make check KERNELS=6.1 SUITE=all`).
# FILTER=SUITE.CASE (KUnit's glob, e.g. ntthread_timer.timer_due*) runs
# the matching cases only (kunit.filter_glob), of SUITE alone when SUITE is
# not given; a focused run too.  6.1's KUnit filters no module's suites:
# FILTER is refused there.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${NTTHREAD_OUT:-$here/../out}
export NTTHREAD_OUT=$out
export NTTHREAD_SUITE=${SUITES:-${SUITE:-}} NTTHREAD_REPEAT=${REPEAT:-1}
export NTTHREAD_FILTER=${FILTER:-}
if [ -n "$NTTHREAD_FILTER" ] && [ -z "$NTTHREAD_SUITE" ]; then
	case ${NTTHREAD_FILTER%%.*} in
	*[*?[]*) NTTHREAD_SUITE=all ;;	# a glob over suites: load them all
	*) NTTHREAD_SUITE=${NTTHREAD_FILTER%%.*} ;;
	esac
fi
case $NTTHREAD_REPEAT in
''|*[!0-9]*|0) echo "check.sh: REPEAT must be a positive number" >&2; exit 2 ;;
esac
focused=
[ -n "$NTTHREAD_SUITE" ] || [ "$NTTHREAD_REPEAT" != 1 ] && focused=1
[ "$NTTHREAD_SUITE" = all ] && NTTHREAD_SUITE=

"$here/qemu/deps.sh" || exit 1

# A kernel is VERSION (the debug flavour) or VERSION-rt (PREEMPT_RT + KCSAN).
# The default: the two LTS series and the newest series Debian ships (found
# in the archive: 7.3 today), then 6.12 with PREEMPT_RT.
# With KERNELS, the steps after the suites (lint, stock, dkms) take
# those kernels' series too (NTTHREAD_SERIES, see debian-archive.sh).
series=$("$here/qemu/debian-archive.sh" series)
kernels=${KERNELS:-$series 6.12-rt}
if [ -n "${KERNELS:-}" ]; then
	# shellcheck disable=SC2086 # the kernels, a list split on purpose
	NTTHREAD_SERIES=$(printf '%s\n' $kernels | sed 's/-rt$//' | sort -uV | tr '\n' ' ')
	export NTTHREAD_SERIES=${NTTHREAD_SERIES% }
fi

passed=0 failed=0 skipped=0
verdict=$here/qemu/verdict.py
add_summary() {	# summary.json -> totals; an unreadable one is a failure
	local counts p f s

	if ! counts=$(python3 "$verdict" --totals "$1"); then
		echo ">> $counts"
		failed=$((failed + 1))
		return
	fi
	read -r p f s <<<"$counts"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

# ntstat's host tests, against its fixtures: no kernel needed.
# (100 mutated inputs per build here; test.sh alone runs 300.)
[ -n "$focused" ] ||
	NTSTAT_FUZZ=100 make -s -C "$here/ntstat" check || { echo ">> ntstat host tests: FAILED"; failed=$((failed + 1)); }

# docs/bad-input.md is rendered from the bad-input suite's table: it must
# be up to date (tools/bad-input-table.py).
if [ -z "$focused" ]; then
	if python3 "$here/bad-input-table.py" --check; then
		passed=$((passed + 1))
	else
		echo ">> docs/bad-input.md: out of date: run tools/bad-input-table.py"
		failed=$((failed + 1))
	fi
fi

for k in $kernels; do
	v=${k%-rt} flavour=debug
	[ "$v" != "$k" ] && flavour=rt
	if ! "$here/qemu/run.sh" check "$v" "$flavour"; then
		echo ">> Linux $k: FAILED"
	fi
	summary=$(ls -d "$out"/"$v".*-"$flavour"-check/summary.json 2>/dev/null | head -1)
	if [ -n "$summary" ]; then
		add_summary "$summary"
	else
		echo ">> Linux $k: no verdict (build or boot failed)"
		failed=$((failed + 1))
	fi
done

if [ -n "$focused" ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
fi

# The harness's self-test: a known-bad module must make the verdict fail,
# for its failing case and for its WARN.
first=${kernels%% *} first=${first%-rt}
echo ">> harness self-test on Linux $first (expected: red)"
if "$here/qemu/run.sh" selftest "$first" >"$out/selftest.log" 2>&1; then
	echo ">> self-test: the harness passed a known-bad module"
	failed=$((failed + 1))
elif ! python3 "$verdict" --expect-red \
	"$(ls -d "$out"/"$first".*-debug-selftest/summary.json 2>/dev/null | head -1)"; then
	failed=$((failed + 1))
fi

# The static checks (tools/lint.sh), the seed's ClientId mistake rejected
# by the compiler (tools/qemu/compile-fail.sh), the smoke test on Debian's stock 6.1
# kernel (tools/qemu/stock.sh), the DKMS package built and installed
# against the stock headers, from the Debian packages (tools/dkms-check.sh),
# and the suites built into 6.12 and run by the kernel's own kunit.py
# (tools/kunit/run.sh: fails on fewer suites or cases than tests/ declares).
for step in lint:lint.sh compile-fail:qemu/compile-fail.sh stock:qemu/stock.sh dkms:dkms-check.sh \
	    kunit:kunit/run.sh; do
	name=${step%%:*}
	if "$here/${step#*:}" >"$out/$name.log" 2>&1; then
		grep -E '^(lint: |>> )' "$out/$name.log" | tail -6
		passed=$((passed + 1))
	else
		echo ">> $name: FAILED (see $out/$name.log)"
		tail -20 "$out/$name.log" | sed 's/^/   /'
		failed=$((failed + 1))
	fi
done

# The benchmark's smoke runs: every metric of tools/bench, tiny, on the
# first kernel; then the single-CPU ones under -icount (make bench's
# deterministic runs).  Each fails the check only if the benchmark did not
# run to its end or printed malformed figures, never on a missed target.
smoke() {	# NAME ICOUNT ARGS
	echo ">> benchmark $1 run on Linux $first"
	if NTTHREAD_OUT="$out/bench-$1" NTTHREAD_ICOUNT=$2 NTTHREAD_BENCH_ARGS=$3 \
		"$here/qemu/run.sh" bench "$first" >"$out/bench-$1.log" 2>&1; then
		echo ">> benchmark $1 run: ran; $(grep -c '^BENCH ' "$out/bench-$1.log") well-formed BENCH lines"
	else
		echo ">> benchmark $1 run: FAILED (see $out/bench-$1.log)"
		grep '^PROBLEM ' "$out/bench-$1.log" | head -5
		failed=$((failed + 1))
	fi
}
smoke smoke '' smoke=1
smoke icount-smoke 1 smoke=1,metrics=cycle+event_pingpong+semaphore_pc,sem_sizes=1

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
