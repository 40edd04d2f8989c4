#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh [NTSTAT]: host tests of ntstat (default: ./ntstat next to this
# script) against the fixtures in testdata/:
#
#   good/      a well-formed set, as ntthread writes it
#   edge/      legal but awkward: tabs, CRs, blank lines, leading zeros,
#              64-bit extremes, an empty table, characters JSON must escape
#   bad/CASE/  one malformed file each, laid over a copy of good/
#   expected/  the tables ntstat must print for good/
#
# Ends with "ntstat tests: N passed, M failed"; exits non-zero on a failure.
set -uo pipefail
unset PYTHONOPTIMIZE	# the JSON checks are Python asserts

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/ntstat}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
data=$here/testdata
good=$data/good
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A sanitizer report must not pass for one of ntstat's own exit codes.
export ASAN_OPTIONS=exitcode=99:detect_leaks=1
export UBSAN_OPTIONS=exitcode=98:print_stacktrace=1:halt_on_error=1

[ -x "$bin" ] || { echo "test.sh: $bin: not executable" >&2; exit 1; }

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# run ARGS...: run ntstat; leaves $rc, $tmp/out and $tmp/err.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect_ok DESC ARGS...: exit 0, silent stderr, something on stdout.
expect_ok() {
	local desc=$1
	shift
	run "$@"
	if [ "$rc" -ne 0 ]; then
		fail "$desc: exit $rc, stderr: $(head -c 300 "$tmp/err")"
	elif [ -s "$tmp/err" ]; then
		fail "$desc: stderr: $(head -c 300 "$tmp/err")"
	elif [ ! -s "$tmp/out" ]; then
		fail "$desc: no output"
	else
		pass
		return 0
	fi
	return 1
}

# expect_fail DESC CODE TEXT ARGS...: exit CODE, nothing on stdout, and
# exactly one line on stderr that starts "ntstat: " and contains TEXT.
expect_fail() {
	local desc=$1 code=$2 text=$3 lines
	shift 3
	run "$@"
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -ne "$code" ]; then
		fail "$desc: exit $rc, expected $code; stderr: $(head -c 300 "$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		fail "$desc: stdout not empty: $(head -c 200 "$tmp/out")"
	elif [ "$lines" -ne 1 ] || [ "$(wc -c <"$tmp/err")" -gt 600 ]; then
		fail "$desc: stderr is not one short line: $(head -c 300 "$tmp/err")"
	elif ! grep -q '^ntstat: ' "$tmp/err"; then
		fail "$desc: stderr does not start with 'ntstat: ': $(cat "$tmp/err")"
	elif ! grep -qF -- "$text" "$tmp/err"; then
		fail "$desc: stderr lacks '$text': $(cat "$tmp/err")"
	else
		pass
	fi
}

# expect_json DESC PYTHON ARGS...: `ntstat --json ARGS` exits 0 with one
# line that json.load() reads; then the Python asserts, on `d`, hold.
expect_json() {
	local desc=$1 code=$2
	shift 2
	expect_ok "$desc" --json "$@" || return
	if ! python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out"; then
		fail "$desc: output is not JSON: $(head -c 300 "$tmp/out")"
		return
	fi
	if python3 - "$tmp/out" "$code" <<-'PY'
		import json, sys
		text = open(sys.argv[1]).read()
		assert text.endswith('\n') and text.count('\n') == 1, 'not one line'
		d = json.loads(text)
		try:
		    exec(sys.argv[2])
		except AssertionError as e:
		    sys.exit(f'assertion failed: {e}')
		PY
	then
		pass
	else
		fail "$desc: JSON content (above)"
	fi
}

# stop PID SIGNAL: send SIGNAL, wait up to 5 s for PID to end (else kill it
# and fail); leaves its exit status in $rc.
stop() {
	local pid=$1 sig=$2
	kill -"$sig" "$pid"
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "--watch: still running 5 s after SIG$sig"
		kill -KILL "$pid"
	fi
	wait "$pid"
	rc=$?
}

# overlay NAME [CASE]: a copy of good/ with bad/CASE's files laid over it.
overlay() {
	local dir=$tmp/$1
	rm -rf "$dir"
	cp -r "$good" "$dir"
	[ $# -lt 2 ] || cp "$data/bad/$2"/* "$dir/"
	echo "$dir"
}

echo ">> ntstat tests: $bin"

# --- Well-formed input: tables ------------------------------------------
for cmd in summary threads sites handles; do
	if expect_ok "table $cmd" --root "$good" $cmd; then
		if diff -u "$data/expected/$cmd.txt" "$tmp/out" >"$tmp/diff"; then
			pass
		else
			fail "table $cmd differs from expected/$cmd.txt:"
			cat "$tmp/diff"
		fi
	fi
done
# pool, per tag and per thread (pool_threads).
for by in tag thread; do
	want=$data/expected/pool.txt
	[ $by = thread ] && want=$data/expected/pool-threads.txt
	if expect_ok "table pool --by $by" --root "$good" --by $by pool; then
		diff -u "$want" "$tmp/out" >"$tmp/diff" && pass ||
			{ fail "table pool --by $by differs from $want:"; cat "$tmp/diff"; }
	fi
done
expect_ok "pool: --by tag is the default" --root "$good" pool
cmp -s "$data/expected/pool.txt" "$tmp/out" && pass || fail "pool without --by is not per tag"
expect_json "json pool" '
p = d["pool"]
assert list(d) == ["pool"] and len(p) == 4, d
assert p[0] == {"tag": "LBuf", "tag_value": "0x6675424c", "type": "Paged",
                "allocs": 1, "frees": 0, "diff": 1, "bytes": 2000,
                "peak_bytes": 2000}, p[0]
' --root "$good" pool
expect_json "json pool by thread" '
t = d["pool_threads"]
assert list(d) == ["pool_threads"] and len(t) == 5, d
assert [x["tid"] for x in t] == [8, 8, 12, None, None], t
assert t[2]["state"] == "gone" and t[3]["start_routine"] == "cpu0", t
assert sum(x["bytes"] for x in t if x["tag"] == "Thre") == 1768, t
' --root "$good" --by thread pool
bad_by=$(overlay bad-by)
sed 's/ alive / dead /' "$good/pool_threads" >"$bad_by/pool_threads"
expect_fail "pool_threads: bad state" 2 "/pool_threads:3: state: expected alive, gone or cpu, found 'dead'" \
	--root "$bad_by" --by thread pool
expect_fail "--by: bad value" 64 "--by: 'cpu' is none of routine, tag and thread" --by cpu pool
expect_fail "--by without pool" 64 "--by thread is for the pool command" --by thread threads
expect_fail "--by tag without pool" 64 "--by tag is for the pool command" --by tag sites
expect_fail "--by routine on pool" 64 "--by routine groups the threads command's rows" --by routine pool
expect_json "pool --by thread --sort tag" '
t = d["pool_threads"]
assert [x["tag"] for x in t] == sorted(x["tag"] for x in t) and len(t) == 5, t
' --root "$good" --by thread --sort tag pool
expect_ok "default command is summary" --root "$good"
cmp -s "$data/expected/summary.txt" "$tmp/out" && pass ||
	fail "no command does not print the summary"
expect_ok "threads table rows" --root "$good" threads
n=$(grep -cE '^ +[0-9]+ +[0-9]+ +running +0x00000103 .* pool_worker ' "$tmp/out")
[ "$n" -eq 4 ] && pass || fail "threads table: $n running pool_worker rows, expected 4"
grep -qE '^ +24 +- +terminated +0x00000000 .* seed_thread ' "$tmp/out" && pass ||
	fail "threads table: no terminated seed_thread row with pid -"
# Aligned: in every table, each column starts at the same offset on every
# line (so every line of a table has the same length up to its last column).
for cmd in threads sites handles; do
	run --root "$good" $cmd
	if python3 - "$tmp/out" <<-'PY'
		import re, sys
		lines = open(sys.argv[1]).read().splitlines()[1:]
		starts = [[m.start() for m in re.finditer(r'(?<=  )\S', l)] for l in lines]
		ends = [[m.end() for m in re.finditer(r'\S(?=  |$)', l)] for l in lines]
		# a column is left-aligned (same start) or right-aligned (same end)
		cols = len(starts[0])
		assert all(len(s) == cols for s in starts), 'column count varies'
		for c in range(cols):
		    same_start = len({s[c] for s in starts}) == 1
		    same_end = len({e[c] for e in ends}) == 1
		    assert same_start or same_end, f'column {c + 1} is not aligned'
		PY
	then
		pass
	else
		fail "table $cmd is not aligned"
	fi
done
expect_ok "edge: empty threads table" --root "$data/edge" threads
grep -q '^  (none)$' "$tmp/out" && pass || fail "edge: empty threads table lacks '(none)'"
expect_ok "edge: summary" --root "$data/edge"
grep -qE '^  huge +18446744073709551615$' "$tmp/out" && pass ||
	fail "edge: summary lacks 'huge 18446744073709551615'"
grep -qE '^  threads_created +7$' "$tmp/out" && pass ||
	fail "edge: leading zeros not dropped in the table"
expect_ok "arguments in any order" threads --json --root "$good"
expect_ok "--root=DIR" --root="$good" handles
expect_ok "--help" --help
grep -q '^usage: ntstat ' "$tmp/out" && pass || fail "--help prints no usage line"

# --- Well-formed input: JSON --------------------------------------------
expect_json "json summary" '
assert list(d) == ["stats", "alloc_sites"], list(d)
s = d["stats"]
assert len(s) == 29, len(s)
assert all(type(v) is int for v in s.values()), s
assert s["threads_live"] == 4 and s["create_failed_0xc000009a"] == 1, s
assert s["slab_bytes_nt_handle_page"] == 8192, s
assert list(s)[:2] == ["threads_created", "threads_exited"], list(s)[:2]
a = d["alloc_sites"]
assert [r["site"] for r in a] == ["object", "handle", "cid", "teb", "stack", "task", "total"], a
assert a[0] == {"site": "object", "nt_routine": "ObCreateObject",
                "linux_mechanism": "slab:nt_thread", "threads": 6,
                "mean_bytes": 768, "max_bytes": 768, "total_bytes": 3840,
                "nt32_bytes": None, "nt64_bytes": None}, a[0]
assert a[4]["nt32_bytes"] == 12288 and a[4]["nt64_bytes"] == 24576, a[4]
assert a[5]["nt_routine"] is None, a[5]
assert a[6]["linux_mechanism"] is None and a[6]["total_bytes"] == 160672, a[6]
' --root "$good"
expect_json "json threads" '
assert list(d) == ["threads"], list(d)
t = d["threads"]
assert len(t) == 5, len(t)
workers = [x for x in t if x["state"] == "running" and x["start_routine"] == "pool_worker"]
assert len(workers) == 4, workers
assert t[0] == {"tid": 8, "pid": 97, "state": "running", "exit_status": "0x00000103",
                "handles": 1, "refs": 2, "priority": 8, "start_routine": "pool_worker",
                "object_bytes": 768, "handle_bytes": 4112, "cid_bytes": 4112,
                "teb_bytes": 0, "stack_bytes": 20480, "task_bytes": 9216,
                "total_bytes": 38688, "pool_bytes": 1216,
                "pool_peak_bytes": 1216, "pool_allocs": 3}, t[0]
assert t[4]["pid"] is None and t[4]["state"] == "terminated", t[4]
assert t[4]["exit_status"] == "0x00000000" and t[4]["priority"] == 12, t[4]
' --root "$good" threads
expect_json "json sites" '
assert list(d) == ["alloc_sites"] and len(d["alloc_sites"]) == 7, d
assert d["alloc_sites"][1]["nt_routine"] == "ExCreateHandle/ExpAllocateHandleTableEntrySlow", d
' --root "$good" sites
expect_json "json handles" '
h = d["handles"]
assert list(d) == ["handles"] and len(h) == 4, d
assert h[0] == {"value": "0xffffffff80000004", "type": "Thread",
                "access": "0x001fffff", "target": "tid=8"}, h[0]
assert h[3]["type"] == "Process" and h[3]["target"] == "pid=4", h[3]
' --root "$good" handles
expect_json "json edge summary" '
assert d["stats"] == {"threads_created": 7, "threads_live": 0,
                      "huge": 18446744073709551615,
                      "lowest": -9223372036854775808, "indented": 1,
                      "last_no_newline": 42}, d["stats"]
assert d["alloc_sites"] == [{"site": "task", "nt_routine": None,
                             "linux_mechanism": None, "threads": 0,
                             "mean_bytes": 0, "max_bytes": 0, "total_bytes": 0,
                             "nt32_bytes": None, "nt64_bytes": 0}], d["alloc_sites"]
' --root "$data/edge"
expect_json "json edge threads" 'assert d == {"threads": []}, d' --root "$data/edge" threads
expect_json "json edge handles: escaping" '
h = d["handles"]
assert h[0]["value"] == "0XFFFFFFFF80000004" and h[0]["target"] == "name=\"a\\b\"", h[0]
assert h[1] == {"value": "0x0", "type": None, "access": "0x0", "target": None}, h[1]
assert h[2]["target"] == "{\"x\":[1]}</script>", h[2]
' --root "$data/edge" handles

# Large but legal: many rows, and a long token.
big=$(overlay big)
{
	grep -v "^#" "$good/threads" | head -1
	for i in $(seq 1 20000); do
		echo "$i $i running 0x00000103 1 2 8 pool_worker 768 16 16 0 20480 9216 30496 0 0 0"
	done
	printf '20001 1 running 0x00000103 1 2 8 %s 1 1 1 1 1 1 6 0 0 0\n' "$(head -c 100000 /dev/zero | tr '\0' s)"
} >"$big/threads"
expect_json "20001 threads, a 100000-byte symbol" '
t = d["threads"]
assert len(t) == 20001 and t[19999]["tid"] == 20000, len(t)
assert len(t[20000]["start_routine"]) == 100000
' --root "$big" threads
expect_ok "20001 threads as a table" --root "$big" threads
[ "$(wc -l <"$tmp/out")" -eq 20003 ] && pass || fail "20001 threads: $(wc -l <"$tmp/out") lines, expected 20003"
# The long symbol must not widen every row (20001 x 100000 bytes).
[ "$(wc -c <"$tmp/out")" -lt 5000000 ] && pass ||
	fail "20001 threads: the table is $(wc -c <"$tmp/out") bytes"

# --- Missing: exit 1 -----------------------------------------------------
expect_fail "missing root" 1 "$tmp/none: No such file or directory" --root "$tmp/none"
expect_fail "missing root, json" 1 "No such file or directory" --root "$tmp/none" --json threads
: >"$tmp/plainfile"
expect_fail "root is a file" 1 "Not a directory" --root "$tmp/plainfile"
if [ ! -e /sys/kernel/debug/ntthread ]; then
	expect_fail "default root absent" 1 "ntthread not loaded, or debugfs not mounted" threads
fi
part=$tmp/part
mkdir -p "$part"
cp "$good/stats" "$good/alloc_sites" "$part/"
expect_ok "summary needs only stats and alloc_sites" --root "$part"
expect_ok "sites needs only alloc_sites" --root "$part" sites
expect_fail "threads file missing" 1 "$part/threads: No such file or directory" --root "$part" threads
expect_fail "threads file missing, json" 1 "$part/threads: No such file" --root "$part" --json threads
expect_fail "handles file missing" 1 "$part/handles: No such file" --root "$part" handles
rm "$part/alloc_sites"
expect_fail "alloc_sites missing" 1 "$part/alloc_sites: No such file" --root "$part"
expect_fail "alloc_sites missing, json" 1 "$part/alloc_sites: No such file" --root "$part" --json
rm "$part/stats"
cp "$good/alloc_sites" "$part/"
expect_fail "stats missing" 1 "$part/stats: No such file" --root "$part"
mkdir "$part/threads"
expect_fail "threads is a directory" 1 "$part/threads: Is a directory" --root "$part" threads

# --- Malformed: exit 2, in table and JSON mode ---------------------------
# case | command | what the error line must say
declare -A tested
while IFS='|' read -r name cmd text; do
	[ -n "$name" ] || continue
	tested[$name]=1
	f=$(ls "$data/bad/$name")
	# The fixture must really differ from the good file it replaces.
	if [ -s "$data/bad/$name/$f" ] && cmp -s "$good/$f" "$data/bad/$name/$f"; then
		fail "bad/$name/$f is identical to good/$f"
		continue
	fi
	dir=$(overlay "bad-$name" "$name")
	expect_fail "bad/$name" 2 "$text" --root "$dir" "$cmd"
	expect_fail "bad/$name, json" 2 "$text" --root "$dir" --json "$cmd"
done <<'EOF'
pool-bad-type|pool|/pool:3: type: expected Nonp or Paged, found 'NonP'
pool-bad-tag-value|pool|/pool:2: tag_value: expected a hex number 0x..., found '6675424c'
threads-short-row|threads|/threads:3: expected 18 columns, found 17
threads-long-row|threads|/threads:4: expected 18 columns, found 19
threads-bad-tid|threads|/threads:2: tid: expected an integer, found '8a'
threads-bad-pid|threads|/threads:2: pid: expected an integer or '-', found 'abc'
threads-bad-state|threads|/threads:5: state: expected running or terminated, found 'zombie'
threads-bad-exit|threads|/threads:2: exit_status: expected a hex number 0x..., found '259'
threads-bad-bytes|threads|/threads:2: total_bytes: expected an integer, found '38688x'
threads-no-header|threads|/threads:1: expected a header line starting with 'tid', found '8'
threads-header-renamed|threads|/threads:1: header lacks column 'exit_status'
threads-empty|threads|/threads: empty, expected a header line starting with 'tid'
stats-bad-value|summary|/stats:3: value: expected an integer, found 'four'
stats-bad-name|summary|/stats:3: name: expected a name of [a-z0-9_], found 'Threads_Live'
stats-three-cols|summary|/stats:3: expected 2 columns, found 3
stats-one-col|summary|/stats:3: expected 2 columns, found 1
stats-dup|summary|/stats:30: counter 'threads_live' repeats line 3
stats-overflow|summary|/stats:3: value: expected an integer, found '18446744073709551616'
stats-negative-overflow|summary|/stats:3: value: expected an integer, found '-9223372036854775809'
stats-fraction|summary|/stats:3: value: expected an integer, found '4.5'
stats-empty|summary|/stats: empty, expected '<counter> <value>' lines
sites-bad-nt32|sites|/alloc_sites:6: nt32_bytes: expected an integer or '-', found '12k'
sites-bad-nt32|summary|/alloc_sites:6: nt32_bytes: expected an integer or '-', found '12k'
sites-bad-site|sites|/alloc_sites:5: site: expected object, handle, cid, teb, stack, task or total, found 'heap'
sites-short-row|sites|/alloc_sites:2: expected 9 columns, found 8
sites-dash-total|sites|/alloc_sites:2: total_bytes: expected an integer, found '-'
handles-bad-value|handles|/handles:2: value: expected a hex number 0x..., found 'ffffffff80000004'
handles-empty-hex|handles|/handles:3: access: expected a hex number 0x..., found '0x'
handles-long-hex|handles|/handles:3: access: expected a hex number 0x..., found '0x1111222233334444f'
handles-short-row|handles|/handles:4: expected 4 columns, found 3
EOF
# Every bad/ case is in the list above.
for d in "$data"/bad/*/; do
	[ -n "${tested[$(basename "$d")]:-}" ] ||
		fail "bad/$(basename "$d") has no expectation in test.sh"
done

# Bytes that are not printable ASCII, a file past the size limit, a long
# bad token (quoted shortened, so the error stays one short line).
dir=$(overlay bin-nul)
printf 'threads_created 6\nthreads_live 4\0\n' >"$dir/stats"
expect_fail "NUL byte" 2 "/stats:2: byte 0x00 is not printable ASCII" --root "$dir" --json
dir=$(overlay bin-utf8)
sed -i '3s/pool_worker/pool_w\xc3\xb6rker/' "$dir/threads"
expect_fail "UTF-8 byte" 2 "/threads:3: byte 0xc3 is not printable ASCII" --root "$dir" threads
dir=$(overlay bin-escape)
printf 'value type access target\n0x4 Thread 0x1 \033[2Jtid=8\n' >"$dir/handles"
expect_fail "escape byte" 2 "/handles:2: byte 0x1b is not printable ASCII" --root "$dir" handles
dir=$(overlay longtoken)
{ grep -v "^#" "$good/threads" | head -1; printf '%s 1 running 0x0 1 2 8 f 1 1 1 1 1 1 6 0 0 0\n' "$(head -c 100000 /dev/zero | tr '\0' 7)x"; } >"$dir/threads"
expect_fail "long bad token" 2 "tid: expected an integer, found '7777777777" --root "$dir" threads
quoted=$(grep -o "found '7*'" "$tmp/err")
[ "${#quoted}" -eq $((7 + 40 + 1)) ] && pass ||
	fail "long bad token: quoted as ${#quoted} bytes, expected its first 40"

# --- Format versions and columns of a newer ntthread ---------------------
# Each file's "# format N" line: N must be the one ntstat reads; a file
# without it (an older ntthread) reads the same.
dir=$(overlay noformat)
for f in stats threads alloc_sites handles pool pool_threads; do grep -v '^# format' "$good/$f" >"$dir/$f"; done
expect_ok "files without a format line" --root "$dir"
cp "$tmp/out" "$tmp/noformat.out"
expect_ok "files with a format line" --root "$good"
cmp -s "$tmp/out" "$tmp/noformat.out" && pass || fail "the format line changes the summary"
dir=$(overlay format2)
sed -i '1s/.*/# format 2/' "$dir/handles"
expect_fail "format 2" 2 "/handles:1: format 2, this ntstat reads format 1" --root "$dir" handles
sed -i '1s/.*/# format two/' "$dir/handles"
expect_fail "format two" 2 "/handles:1: format version 'two' is not a number" --root "$dir" handles
dir=$(overlay comment)
sed -i '3i # a comment' "$dir/threads"
expect_ok "a comment line" --root "$dir" threads
# Columns ntstat does not know, anywhere in the header; a new counter.
dir=$(overlay newcols)
awk 'NR == 1 { print; next }
     NR == 2 { $3 = $3 " wait_reason"; $14 = $14 " queue_bytes"; print; next }
     { $3 = $3 " " (NR % 2 ? "Executive" : "-"); $14 = $14 " " NR * 100; print }' \
	"$good/threads" >"$dir/threads"
echo "dispatcher_waits 12" >>"$dir/stats"
expect_json "unknown columns" '
t = d["threads"]
assert list(t[0])[2:4] == ["state", "wait_reason"] and list(t[0])[15] == "queue_bytes", list(t[0])
assert t[0]["wait_reason"] == "Executive" and t[1]["wait_reason"] is None, t[:2]
assert t[0]["queue_bytes"] == 300 and t[0]["total_bytes"] == 38688, t[0]
' --root "$dir" threads
expect_ok "unknown columns, table" --root "$dir" threads
grep -q '  wait_reason  ' "$tmp/out" && grep -q ' queue_bytes ' "$tmp/out" && pass ||
	fail "unknown columns missing from the table: $(head -2 "$tmp/out")"
expect_json "a new counter" 'assert d["stats"]["dispatcher_waits"] == 12, d["stats"]' --root "$dir"
expect_json "unknown byte column summed by routine" '
r = d["by_routine"]
assert r[0]["start_routine"] == "pool_worker" and r[0]["queue_bytes"] == 300 + 400 + 500 + 600, r
' --root "$dir" --by routine threads
dir=$(overlay dupcol)
sed -i '2s/ refs / handles /' "$dir/threads"
expect_fail "a column twice" 2 "/threads:2: header column 'handles' repeats column 5" --root "$dir" threads
dir=$(overlay nocol)
awk 'NR == 1 { print; next } { $6 = ""; print }' "$good/threads" | tr -s ' ' >"$dir/threads"
expect_fail "a column missing" 2 "/threads:2: header lacks column 'refs'" --root "$dir" threads

# --- --sort and --by routine ---------------------------------------------
expect_json "--sort total_bytes" '
t = d["threads"]
assert [x["tid"] for x in t][:1] == [8] and t[-1]["total_bytes"] <= t[1]["total_bytes"], t
' --root "$good" --sort total_bytes threads
expect_json "--sort tid: biggest first" '
assert [x["tid"] for x in d["threads"]] == sorted((x["tid"] for x in d["threads"]), reverse=True), d
' --root "$good" --sort tid threads
expect_json "--sort start_routine: A to Z, ties in file order" '
t = d["threads"]
assert [x["start_routine"] for x in t] == ["pool_worker"] * 4 + ["seed_thread"], t
assert [x["tid"] for x in t[:4]] == [8, 12, 16, 20], t
' --root "$good" --sort start_routine threads
expect_json "--sort value (hex)" '
v = [int(x["value"], 16) for x in d["handles"]]
assert v == sorted(v, reverse=True), v
' --root "$good" --sort value handles
expect_json "--sort in summary sorts the sites" '
assert d["alloc_sites"][0]["site"] == "total" and d["stats"]["threads_created"] == 6, d
' --root "$good" --sort total_bytes
expect_fail "--sort, no such column" 64 "--sort: threads has no column 'nosuch'" --root "$good" --sort nosuch threads
expect_fail "--sort, not a name" 64 "--sort: 'Tid' is not a column name" --root "$good" --sort Tid threads
expect_json "--by routine" '
r = d["by_routine"]
assert list(d) == ["by_routine"] and len(r) == 2, d
assert r[0] == {"start_routine": "pool_worker", "threads": 4, "running": 4, "handles": 4,
                "object_bytes": 3072, "handle_bytes": 4160, "cid_bytes": 4160,
                "teb_bytes": 0, "stack_bytes": 81920, "task_bytes": 36864,
                "total_bytes": 130176, "pool_bytes": 1216,
                "pool_peak_bytes": 1216}, r[0]
assert r[1]["start_routine"] == "seed_thread" and r[1]["running"] == 0, r[1]
' --root "$good" --by routine threads
expect_json "--by routine --sort threads" '
assert [x["threads"] for x in d["by_routine"]] == [4, 1], d
' --root "$good" --by routine --sort threads threads
expect_ok "--by routine, table" --root "$good" --by routine threads
grep -q '^  pool_worker  *4  *4  *4 ' "$tmp/out" && pass || fail "--by routine table: $(cat "$tmp/out")"
expect_fail "--by other" 64 "--by: 'tid' is none of routine, tag and thread" --root "$good" --by tid threads
expect_fail "--by routine on sites" 64 "--by routine groups the threads command's rows" --root "$good" --by routine sites

# --- --version -----------------------------------------------------------
want=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$here/../../dkms.conf")
expect_ok "--version" --version
[ "$(cat "$tmp/out")" = "ntstat $want" ] && pass || fail "--version: '$(cat "$tmp/out")', dkms.conf says $want"

# --- A million handles: no size limit, output written in pieces ----------
dir=$(overlay million)
{ echo '# format 1'; echo 'value type access target'
  awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "0x%016x Thread 0x001fffff tid=%d\n", 4 * i, i }'
} >"$dir/handles"
expect_ok "1M handles, table" --root "$dir" handles
[ "$(wc -l <"$tmp/out")" -eq 1000002 ] && pass || fail "1M handles: $(wc -l <"$tmp/out") lines, expected 1000002"
[ "$(tail -1 "$tmp/out")" = "  0x00000000003d0900  Thread  0x001fffff  tid=1000000" ] && pass ||
	fail "1M handles: last row '$(tail -1 "$tmp/out")'"
expect_ok "1M handles, JSON" --root "$dir" --json handles
python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["handles"]
assert len(h) == 1000000 and h[-1]["target"] == "tid=1000000", len(h)
' "$tmp/out" && pass || fail "1M handles: JSON (above)"
echo '0x1 Thread' >>"$dir/handles"
expect_fail "1M handles, the last row short" 2 "/handles:1000003: expected 4 columns, found 2" --root "$dir" handles

# --- Usage: exit 64 ------------------------------------------------------
expect_fail "unknown option" 64 "unknown option '--bogus'" --bogus
expect_fail "unknown short option" 64 "unknown option '-x'" -x
expect_fail "option with a stray argument" 64 "unknown option '--json=1'" --json=1
expect_fail "unknown command" 64 "unknown command 'thread'" --root "$good" thread
expect_fail "two commands" 64 "one command at most, found 'threads' and 'sites'" threads sites
expect_fail "--watch without seconds" 64 "--watch: needs an argument" --watch
expect_fail "--root without directory" 64 "--root: needs an argument" --root
expect_fail "--root empty" 64 "--root: empty directory name" --root ''
for w in 0 -1 abc 1x inf nan 0.01 86401; do
	expect_fail "--watch $w" 64 "--watch: '$w' is not a number of seconds" --watch "$w"
done

# --- --watch -------------------------------------------------------------
"$bin" --root "$good" --watch 0.3 threads >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 1.2
stop "$pid" INT
frames=$(grep -oF $'\033[H\033[2J' "$tmp/out" | wc -l)
[ "$rc" -eq 0 ] && pass || fail "--watch: exit $rc after SIGINT, expected 0"
[ "$frames" -ge 3 ] && pass || fail "--watch: $frames screen clears in 1.2 s at 0.3 s"
[ "$(grep -c 'pool_worker' "$tmp/out")" -eq $((4 * frames)) ] && pass ||
	fail "--watch: each frame should hold the 4 pool_worker rows"
[ ! -s "$tmp/err" ] && pass || fail "--watch: stderr: $(head -c 300 "$tmp/err")"

# Each frame's time, and from the second on the change of every counter:
# threads_created goes from 6 to 9 while ntstat watches.
dir=$(overlay watchdelta)
"$bin" --root "$dir" --json --watch 0.3 >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.75
sed 's/^threads_created 6$/threads_created 9/' "$good/stats" >"$dir/stats.new"
mv "$dir/stats.new" "$dir/stats"
sleep 0.75
stop "$pid" TERM
[ "$rc" -eq 0 ] && pass || fail "--json --watch: exit $rc after SIGTERM, expected 0"
if python3 - "$tmp/out" <<-'PY'
	import json, re, sys
	data = open(sys.argv[1]).read()
	assert '\033' not in data, 'terminal control in JSON output'
	frames = [json.loads(l) for l in data.splitlines()]
	assert len(frames) >= 4, f'{len(frames)} frames'
	for f in frames:
	    assert f['stats']['threads_live'] == 4
	    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z', f['time']), f['time']
	    assert f['interval'] == 0.3, f
	assert frames[0]['delta'] is None and frames[0]['elapsed'] == 0, frames[0]
	assert all(0.25 < f['elapsed'] < 5 for f in frames[1:]), [f['elapsed'] for f in frames]
	deltas = [f['delta']['threads_created'] for f in frames[1:]]
	assert sorted(deltas) == [0] * (len(deltas) - 1) + [3], deltas
	assert all(f['delta']['threads_live'] == 0 for f in frames[1:]), frames
	PY
then
	pass
else
	fail "--json --watch: frames, times or deltas (above)"
fi
"$bin" --root "$good" --json --watch 0.3 handles >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.8
stop "$pid" INT
python3 -c '
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
assert len(f) >= 2 and f[0]["delta"] is None and f[1]["delta"] == {"rows": 0}, f
assert len(f[1]["handles"]) == 4, f[1]
' "$tmp/out" && pass || fail "--json --watch handles: row deltas (above)"
"$bin" --root "$good" --watch 0.3 >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.8
stop "$pid" INT
grep -q '^counters (delta since the last frame)$' "$tmp/out" &&
	grep -Eq '^  threads_live +4  \+0$' "$tmp/out" &&
	grep -Eq ' every 0\.3s  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z$' "$tmp/out" && pass ||
	fail "--watch: no time or deltas in the text frames: $(head -c 400 "$tmp/out")"

# The module goes away under --watch: exit 1 with one line.
dir=$(overlay vanish)
"$bin" --root "$dir" --watch 0.2 threads >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.5
rm -r "$dir"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
	kill "$pid"
	fail "--watch: still running 5 s after its directory vanished"
fi
wait "$pid"
rc=$?
[ "$rc" -eq 1 ] && pass || fail "--watch, directory removed: exit $rc, expected 1"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^ntstat: $dir: No such file or directory" "$tmp/err" &&
	pass || fail "--watch, directory removed: stderr: $(head -c 300 "$tmp/err")"
grep -q pool_worker "$tmp/out" && pass || fail "--watch, directory removed: no frame before"

# --- Mutations of good/: never a crash, never half an output --------------
if python3 - "$bin" "$good" "$tmp/fuzz" "${NTSTAT_FUZZ:-300}" <<-'PY'
	import json, os, random, shutil, subprocess, sys
	bin, good, work, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
	rng = random.Random(20261122)
	needs = {'stats': 'summary', 'alloc_sites': 'sites', 'threads': 'threads',
	         'handles': 'handles'}
	pool = b'0123456789abcdefx-_ \t\n\r"\\\x00\xff\x1bZ.'
	def mutate(b):
	    lines = b.split(b'\n')
	    kind = rng.randrange(7)
	    if kind == 0 and b:
	        i = rng.randrange(len(b)); return b[:i] + bytes([rng.choice(pool)]) + b[i + 1:]
	    if kind == 1 and b:
	        i = rng.randrange(len(b)); return b[:i] + b[i + 1:]
	    if kind == 2:
	        i = rng.randrange(len(b) + 1); return b[:i] + bytes([rng.choice(pool)]) + b[i:]
	    if kind == 3:
	        i = rng.randrange(len(lines)); lines.insert(i, lines[i]); return b'\n'.join(lines)
	    if kind == 4:
	        del lines[rng.randrange(len(lines))]; return b'\n'.join(lines)
	    if kind == 5:
	        return b[:rng.randrange(len(b) + 1)]
	    i = rng.randrange(len(lines)); t = lines[i].split(b' ')
	    rng.shuffle(t); lines[i] = b' '.join(t); return b'\n'.join(lines)
	bad = 0
	for n in range(count):
	    shutil.rmtree(work, ignore_errors=True)
	    shutil.copytree(good, work)
	    name = rng.choice(sorted(needs))
	    path = os.path.join(work, name)
	    data = open(path, 'rb').read()
	    for _ in range(rng.randrange(1, 4)):
	        data = mutate(data)
	    open(path, 'wb').write(data)
	    for mode in ([], ['--json']):
	        p = subprocess.run([bin, '--root', work] + mode + [needs[name]],
	                           capture_output=True)
	        why = None
	        if p.returncode == 0:
	            if p.stderr:
	                why = 'exit 0 with stderr'
	            elif mode:
	                try:
	                    json.loads(p.stdout)
	                except ValueError as e:
	                    why = f'exit 0, JSON does not parse: {e}'
	        elif p.returncode == 2:
	            err = p.stderr.decode('ascii', 'replace')
	            if p.stdout:
	                why = 'exit 2 with stdout'
	            elif err.count('\n') != 1 or not err.startswith('ntstat: '):
	                why = 'exit 2 without one ntstat: line'
	        else:
	            why = f'exit {p.returncode}'
	        if why:
	            bad += 1
	            if bad <= 3:
	                print(f'mutation {n} of {name} {mode}: {why}; input {data[:300]!r}; '
	                      f'stderr {p.stderr[:500]!r}')
	print(f'>> {count} mutated inputs, {bad} bad outcomes')
	sys.exit(1 if bad else 0)
	PY
then
	pass
else
	fail "mutated inputs (above)"
fi

echo "ntstat tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
