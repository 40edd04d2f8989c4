#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock.sh [VERSION]: the smoke test on Debian's stock kernel of a series;
# without VERSION, of every series make check tests, one after the other.
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

if [ $# -eq 0 ]; then
	for v in $("$here/debian-archive.sh" series); do
		"$0" "$v" || exit 1
	done
	exit 0
fi
version=$1

"$here/deps.sh" >&2
kdir=$("$here/stock-kernel.sh" headers "$version")
vmlinuz=$("$here/stock-kernel.sh" image "$version")
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
out_dir "stock-$kver"
copy_sources Kbuild Makefile dkms.conf include module tests tools/examples

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
python3 "$here/verdict.py" --mode stock --kernel "$kver" \
	--console "$out/console.log" --results "$out/results.log"
