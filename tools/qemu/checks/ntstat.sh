# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode after the KUnit modules and
# before the other checks, ntthread loaded): tools/ntstat reads the real
# debugfs files while example_pool's four workers run.  Each run's stdout
# goes to the results between "NTTHREAD-NTSTAT-BEGIN <name>" and
# "NTTHREAD-NTSTAT-END <name>"; verdict.py parses every json* block and
# looks for the workers in json-threads, and for none of them running in
# json-threads-after.

# ntstat_run NAME ARGS...: run ntstat ARGS into block NAME; $ntstat_rc is
# its exit status, and what it said on stderr is reported.
ntstat_run() {
	ntstat_name=$1
	shift
	echo "NTTHREAD-NTSTAT-BEGIN $ntstat_name" >"$out"
	/bin/ntstat "$@" >"$out" 2>/tmp/ntstat.err
	ntstat_rc=$?
	echo "NTTHREAD-NTSTAT-END $ntstat_name" >"$out"
	[ -s /tmp/ntstat.err ] &&
		say "ntstat $ntstat_name: $(tr '\n' ' ' </tmp/ntstat.err | head -c 300)"
	return $ntstat_rc
}

# ntstat_check NAME ARGS...: ntstat_run, which must exit 0.
ntstat_check() {
	ntstat_run "$@" || say "check-failed ntstat $1 exit $ntstat_rc"
}

load /lib/ntthread/examples/example_pool.ko
ntstat_check summary
ntstat_check threads threads
ntstat_check sites sites
ntstat_check handles handles
ntstat_check json-threads --json threads
ntstat_check json-summary --json
ntstat_check json-sites --json sites
ntstat_check json-handles --json handles
# The same threads per start routine, and sorted: four pool_worker rows.
ntstat_check json-by-routine --json --by routine threads
ntstat_check json-sorted --json --sort total_bytes threads
ntstat_check pool pool
ntstat_check pool-threads --by thread pool
ntstat_check json-pool --json pool
ntstat_check json-pool-threads --json --by thread pool
# The workers' pool: each holds its context and one record per item.
for tag in WCtx Item; do
	/bin/ntstat pool | grep -q "^  $tag .* Nonp\|^  $tag .* Paged" ||
		say "check-failed ntstat pool: no $tag row while example_pool runs"
done

# No debugfs directory: exit 1 and one "ntstat: " line, nothing on stdout.
ntstat_run missing --root /nonexistent
if [ "$ntstat_rc" -ne 1 ]; then
	say "check-failed ntstat missing exit $ntstat_rc, expected 1"
elif [ "$(grep -c '^ntstat: /nonexistent: ' /tmp/ntstat.err)" -ne 1 ] ||
     [ "$(wc -l </tmp/ntstat.err)" -ne 1 ]; then
	say "check-failed ntstat missing: stderr is not one 'ntstat: /nonexistent: ' line"
fi

unload example_pool
# The pool waited for its workers: none of them may still run.
ntstat_check json-threads-after --json threads
rm -f /tmp/ntstat.err
