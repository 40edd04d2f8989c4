#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compile-fail.sh [KDIR]: the seed's ClientId mistake (compile-fail/) must
# be rejected by the compiler, for the reason intended; without KDIR, on
# the debug test kernel of every series (debian-archive.sh series).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
	for v in $("$here/debian-archive.sh" series); do
		"$0" "$("$here/build-kernel.sh" "$v" debug)" || exit 1
	done
	exit 0
fi
kdir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tools/qemu"
cp -a "$here/../../include" "$work/"
cp -a "$here/compile-fail" "$work/tools/qemu/"
if make -s -C "$kdir" M="$work/tools/qemu/compile-fail" modules >"$work/log" 2>&1; then
	echo "compile-fail: the seed's PVOID ClientId compiled" >&2
	exit 1
fi
if ! grep -q "incompatible pointer type" "$work/log"; then
	echo "compile-fail: the build failed for another reason:" >&2
	cat "$work/log" >&2
	exit 1
fi
echo "compile-fail: the seed's PVOID ClientId is rejected: $(grep -m1 -o 'passing argument [0-9] of .PsCreateSystemThread. from incompatible pointer type' "$work/log")"
