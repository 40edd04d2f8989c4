#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compile-fail.sh [KDIR]: code that must not compile (compile-fail/*.c:
# the seed's ClientId mistake, what MSVC refuses too) must be rejected by
# the compiler, for the reason each file's "Expect:" line gives; without
# KDIR, on the debug test kernel of every series (debian-archive.sh series).
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
# Each case says in an "Expect:" line what the compiler must say.
for c in "$here"/compile-fail/*.c; do
	name=$(basename "$c" .c)
	expect=$(sed -n 's/^ \* Expect: //p' "$c")
	if make -s -C "$kdir" M="$work/tools/qemu/compile-fail" CASE="$name" \
		modules >"$work/log" 2>&1; then
		echo "compile-fail: $name compiled" >&2
		exit 1
	fi
	if [ -z "$expect" ] || ! grep -Eq "$expect" "$work/log"; then
		echo "compile-fail: $name failed for another reason than \"$expect\":" >&2
		cat "$work/log" >&2
		exit 1
	fi
	echo "compile-fail: $name is rejected: $(grep -Eo -m1 "$expect" "$work/log")"
done
