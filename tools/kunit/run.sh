#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/kunit/run.sh [SERIES|KERNEL-TREE] [KUNIT.PY-ARGUMENT...] (make
# kunit): the KUnit suites built into an x86_64 kernel with ntthread, run
# by the kernel's own tools/testing/kunit/kunit.py under QEMU (TCG).
#
# SERIES is a Debian linux-source-SERIES (default 6.12; 6.12 and 7.3
# tested), fetched and unpacked into the cache as for the test kernels
# (tools/qemu/build-kernel.sh --unpack); KERNEL-TREE is any kernel source
# tree of 6.10 or later (earlier kbuild has another $(src)), left as it is.
# The tree is copied as hard links into $NTTHREAD_CACHE/kunit/NAME/linux
# (made once per source; a file changed there is replaced, never edited:
# its data is the shared tree's), and ntthread is linked in as a Kconfig'd
# subdirectory: drivers/ntthread holds a fresh copy of Kconfig, Kbuild,
# dkms.conf, include/, module/ and tests/ on each run (timestamps kept, so
# only what changed is rebuilt), and drivers/Kconfig and drivers/Makefile
# name it.  Then, in that tree:
#
#   kunit.py run --kunitconfig=drivers/ntthread/tests --arch=x86_64
#       --build_dir=$NTTHREAD_CACHE/kunit/NAME/build --jobs=$JOBS
#       --qemu_args='-smp 4 -cpu max,la57=off' --timeout=1800 ...
#
# tests/.kunitconfig builds ntthread and every suite in; the build directory
# stays in the cache, so a second run rebuilds only what changed.  QEMU
# runs under TCG: tools/kunit/tcg drops the "-accel kvm" of newer kunit.py.
#
# Exit status: kunit.py's; the run also fails on any splat on the console
# (tools/qemu/verdict.py's list) and, without KUNIT.PY-ARGUMENTs (a filter,
# say), unless every suite of tests/ reported, each with at least as many
# cases as its source declares (KUNIT_CASE*).  Ends with ">> kunit.py: ...".
# shellcheck source=tools/qemu/lib.sh
. "$(dirname "$0")/../qemu/lib.sh"

cache=${NTTHREAD_CACHE:-/var/cache/ntthread}
source=6.12
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	source=$1
	shift
fi

"$repo/tools/qemu/deps.sh" || exit 1
if [ -d "$source" ]; then
	origin=$(cd "$source" && pwd)
	name=$(basename "$origin")-$(echo "$origin" | sha256sum | cut -c1-8)
else
	origin=$("$here/build-kernel.sh" --unpack "$source")
	name=$(basename "$origin")
fi
if [ ! -f "$origin/tools/testing/kunit/kunit.py" ]; then
	echo "tools/kunit/run.sh: $origin: no tools/testing/kunit/kunit.py" >&2
	exit 2
fi
kver=$(make -s -C "$origin" kernelversion)
if [ "$(printf '%s\n' 6.10 "$kver" | sort -V | head -1)" != 6.10 ]; then
	echo "tools/kunit/run.sh: Linux $kver: 6.10 or later needed" >&2
	exit 2
fi

dir=$cache/kunit/$name
tree=$dir/linux
build=$dir/build
# The private tree is made again, and the build started afresh, when the
# source is another (unpacked again, or another tree at the same path).
stamp="$origin $kver $(stat -c '%i-%Y' "$origin/Makefile") $(cat "$origin/.ntthread-tarball" 2>/dev/null)"
if [ "$(cat "$dir/source" 2>/dev/null)" != "$stamp" ]; then
	echo ">> linking $origin into $tree" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -al "$origin" "$tree" 2>/dev/null || { rm -rf "$tree"; cp -a "$origin" "$tree"; }
	echo "$stamp" >"$dir/source"
fi

# replace FILE: FILE.new takes FILE's place, if it differs.
replace() {
	if cmp -s "$1.new" "$1"; then
		rm -f "$1.new"
	else
		mv -f "$1.new" "$1"
	fi
}
awk '{ line[NR] = $0 } /^endmenu/ { last = NR }
     END { for (i = 1; i <= NR; i++) {
		if (i == last) print "source \"drivers/ntthread/Kconfig\"\n"
		print line[i] } }' "$origin/drivers/Kconfig" >"$tree/drivers/Kconfig.new"
replace "$tree/drivers/Kconfig"
# shellcheck disable=SC2016 # make's $(...), not the shell's
{ cat "$origin/drivers/Makefile"; echo 'obj-$(CONFIG_NTTHREAD)		+= ntthread/'; } \
	>"$tree/drivers/Makefile.new"
replace "$tree/drivers/Makefile"
src=$tree/drivers/ntthread
rm -rf "$src"
mkdir -p "$src"
copy_sources Kconfig Kbuild dkms.conf include module tests

mkdir -p "$build"
json=$build/ntthread.json
rm -f "$json"
echo ">> kunit.py run in $tree (Linux $kver), build in $build" >&2
rc=0
# QEMU through tools/kunit/tcg: TCG whatever kunit.py asks for.
(cd "$tree" && PATH="$repo/tools/kunit/tcg:$PATH" python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=drivers/ntthread/tests --arch=x86_64 \
	--build_dir="$build" --jobs="$jobs" \
	--qemu_args='-smp 4 -cpu max,la57=off' --timeout=1800 \
	--json="$json" "$@") || rc=$?

# The console's splats, and what the suites declare against what kunit.py
# read (not with arguments of the caller's, which may filter).
python3 - "$repo" "$json" "$build/test.log" "$#" <<'PY' || { [ "$rc" -ne 0 ] || rc=1; }
import glob, json, os, re, sys

repo, path, log, custom = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] != '0'
sys.path.insert(0, os.path.join(repo, 'tools', 'qemu'))
from verdict import SPLAT

declared = {}
for f in glob.glob(os.path.join(repo, 'tests', '*_kunit.c')):
    text = open(f).read()
    # One suite a file: its cases are the file's.
    for name in re.findall(r'struct kunit_suite \w+ = \{\s*\.name = "([^"]+)"', text):
        declared[name] = len(re.findall(r'\bKUNIT_CASE\w*\(', text))
try:
    doc = json.load(open(path))
except (OSError, ValueError) as e:
    print(f'>> kunit.py: no results ({e})')
    sys.exit(1)

def leaves(group):
    for t in group['test_cases']:
        yield t['status']
    for g in group['sub_groups']:
        yield from leaves(g)

status = {}
for s in leaves(doc):
    status[s] = status.get(s, 0) + 1
suites = {g['name']: len(g['test_cases']) + len(g['sub_groups'])
          for g in doc['sub_groups']}
problems = []
if not custom:
    if not declared:
        problems.append('no suite found in tests/*_kunit.c')
    for name, n in sorted(declared.items()):
        if suites.get(name, 0) < n:
            problems.append(f'{name}: {suites.get(name, 0)} cases reported, {n} declared')
splats = [l.rstrip() for l in open(log, errors='replace') if SPLAT.search(l)]
problems += ['splat: ' + l for l in splats[:10]]
print(f'>> kunit.py: {len(suites)} suites, {sum(status.values())} cases: '
      f'{status.get("PASS", 0)} passed, {status.get("FAIL", 0)} failed, '
      f'{status.get("ERROR", 0)} crashed, {status.get("SKIP", 0)} skipped' +
      ('' if custom else f' ({len(declared)} suites and '
       f'{sum(declared.values())} cases declared)'))
for p in problems:
    print('>>   ' + p)
sys.exit(1 if problems else 0)
PY
exit "$rc"
