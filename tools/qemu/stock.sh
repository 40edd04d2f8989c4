#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock.sh [VERSION]: the smoke test on Debian's stock kernel (default 6.1).
#
# Builds ntthread.ko and the example drivers against Debian's stock headers
# (no KUnit there: the test modules must not build, and no build may warn),
# boots the matching stock kernel image (unpacked, not installed) in QEMU
# with a busybox initramfs, loads ntthread and the examples, reads
# /sys/kernel/debug/ntthread/, unloads everything and judges the run:
# the drivers' log lines, the four debugfs files, clean unloads, no splat.
# Unsigned modules taint the stock kernel: that is expected.
#
# Artefacts go to $NTTHREAD_OUT/stock-KVER (default: out/ in the checkout).
# shellcheck source=tools/qemu/lib.sh
. "$(dirname "$0")/lib.sh"

version=${1:-6.1}

"$here/deps.sh" >&2
kdir=$("$here/stock-kernel.sh" headers "$version")
vmlinuz=$("$here/stock-kernel.sh" image "$version")
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
out_dir "stock-$kver"
copy_sources Kbuild Makefile include module tests tools/examples

# Any output of a silent build is a warning, except the stock headers' note
# that they lack the vmlinux to make BTF for modules from.
build() {
	local log=$out/build.log
	make -s -C "$kdir" -j"$jobs" "$@" modules >"$log" 2>&1 || {
		cat "$log" >&2
		echo "stock.sh: the build against $kver failed" >&2
		exit 1
	}
	if grep -v 'Skipping BTF generation for .* due to unavailability of vmlinux' "$log" >&2; then
		echo "stock.sh: the build against $kver warned" >&2
		exit 1
	fi
}
echo ">> building ntthread and the example drivers against $kver headers" >&2
build M="$src"
build M="$src/tools/examples" KBUILD_EXTRA_SYMBOLS="$src/Module.symvers"
if ls "$src"/tests/*.ko >/dev/null 2>&1; then
	echo "stock.sh: KUnit test modules were built against $kver, which has no KUnit" >&2
	exit 1
fi

initramfs_start
initramfs_pack

echo ">> booting the stock Linux $kver" >&2
qemu_args "$vmlinuz" 1024 2
boot_to_files "${NTTHREAD_TIMEOUT:-600}" "console=ttyS0 panic=-1 ntthread.mode=stock"

python3 - "$here" "$kver" "$out/console.log" "$out/results.log" <<'PY'
import re
import sys

sys.path.insert(0, sys.argv[1])
from verdict import SPLAT  # noqa: E402  (the harness's splat patterns)

kver = sys.argv[2]
console = open(sys.argv[3], errors='replace').read().splitlines()
results = open(sys.argv[4], errors='replace').read().splitlines()
problems = []

said = [l.split('NTTHREAD-GUEST: ', 1)[1] for l in results
        if 'NTTHREAD-GUEST: ' in l]
if not said or not said[0].startswith('start ' + kver + ' '):
    problems.append('the guest did not start on ' + kver)
for want in ['loaded ntthread.ko', 'loaded example_pool.ko',
             'loaded example_seed.ko', 'unloaded example_pool',
             'unloaded example_seed', 'unloaded ntthread', 'done']:
    if want not in said:
        problems.append('the guest did not say "%s"' % want)
for line in said:
    if line.startswith(('insmod-failed', 'rmmod-failed')):
        problems.append(line)

# Each debugfs file: its header, then at least its own header line.
files = {}
name = None
for line in results:
    m = re.match(r'^==> /sys/kernel/debug/ntthread/(\S+) <==$', line)
    if m:
        name = m.group(1)
        files[name] = []
    elif line.startswith(('---', 'NTTHREAD-')):
        name = None
    elif name:
        files[name].append(line)
for f in ['stats', 'threads', 'alloc_sites', 'handles']:
    if f not in files:
        problems.append('no /sys/kernel/debug/ntthread/' + f)
    elif not files[f]:
        problems.append('/sys/kernel/debug/ntthread/%s read empty' % f)

log = '\n'.join(console + results)
for want in ['ntthread: loaded: System process PID 4',
             'example_seed: System thread created successfully',
             'example_seed: Hello from kernel thread',
             'example_pool: stopped', 'ntthread: unloaded']:
    if want not in log:
        problems.append('no "%s" in the kernel log' % want)

splats = [l.rstrip() for l in console if SPLAT.search(l)]
problems += ['splat: ' + s for s in splats[:20]]
taint = [l for l in console if 'module verification failed' in l]

for p in problems:
    print('PROBLEM ' + p)
print('>> stock %s: %s (%d debugfs files read, %d splats%s)' % (
    kver, 'FAILED' if problems else 'passed', len(files), len(splats),
    ', unsigned-module taint as expected' if taint else ''))
sys.exit(1 if problems else 0)
PY
