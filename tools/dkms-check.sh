#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh [VERSION...]: the DKMS package, built with Debian's dkms
# against Debian's stock headers (default: every series make check tests).
#
# `make dkms-src` writes the package's sources (no tests) into a scratch
# tree; dkms then adds, builds and installs it for each kernel and removes
# it again.  Everything dkms keeps (its tree, the sources, the installed
# modules) stays in that scratch directory, which is deleted at the end:
# the check leaves the system's /usr/src, /var/lib/dkms and /lib/modules
# alone, and works whether or not ntthread is installed there for real.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
series=${*:-$("$here/qemu/debian-archive.sh" series)}
out=${NTTHREAD_OUT:-$repo/out}/dkms
rm -rf "$out"
mkdir -p "$out"

"$here/qemu/deps.sh" dkms || exit 1
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# depmod is ours to run, on the scratch tree: dkms's would work on the
# system's /lib/modules/KVER, which need not exist (no stock kernel of
# the series is installed here).
dkms=(dkms --sourcetree "$scratch/src" --dkmstree "$scratch/dkms"
      --installtree "$scratch/root/lib/modules" --no-depmod)
mkdir -p "$scratch/dkms" "$scratch/root/lib/modules"
# dkms signs what it builds, with a key it makes on first use: a throwaway
# one here, not the machine's (/var/lib/dkms/mok.key).
export mok_signing_key=$scratch/mok.key mok_certificate=$scratch/mok.pub

failed=0
fail() {
	echo ">> dkms: FAILED: $*"
	failed=1
}

# BUILD_EXCLUSIVE_KERNEL admits exactly the series make check tests.
exclusive=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$/\1/p' "$repo/dkms.conf")
for kver in 6.1.0-57-amd64 6.12.117+deb12-amd64 \
	    $(for s in $("$here/qemu/debian-archive.sh" series); do echo "$s.4+deb13-amd64"; done); do
	echo "$kver" | grep -Eq "$exclusive" ||
		fail "dkms.conf's BUILD_EXCLUSIVE_KERNEL ($exclusive) refuses $kver, which make check tests"
done
for kver in 5.10.0-30-amd64 6.6.0-1-amd64 6.10.0-1-amd64; do
	echo "$kver" | grep -Eq "$exclusive" &&
		fail "dkms.conf's BUILD_EXCLUSIVE_KERNEL ($exclusive) admits $kver, which make check does not test"
done

# The package's sources, as `make dkms-src` installs them.
make -s -C "$repo" DESTDIR="$scratch" dkms-src >"$out/dkms-src.log" 2>&1 ||
	{ cat "$out/dkms-src.log"; exit 1; }
mv "$scratch/usr/src" "$scratch/src"
pkg=$scratch/src/ntthread-$version
if [ -e "$pkg/tests" ] || [ -e "$pkg/tools" ]; then
	fail "the package's sources hold tests or tools"
fi

if ! "${dkms[@]}" add "ntthread/$version" >"$out/add.log" 2>&1; then
	cat "$out/add.log"
	exit 1
fi
for v in $series; do
	kdir=$("$here/qemu/stock-kernel.sh" headers "$v") || { fail "no $v headers"; continue; }
	kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
	log=$out/$kver.log
	if ! "${dkms[@]}" build "ntthread/$version" -k "$kver" \
		--kernelsourcedir "$kdir" >"$log" 2>&1; then
		cat "$log"
		cat "$scratch/dkms/ntthread/$version/build/make.log" 2>/dev/null
		fail "dkms build -k $kver"
		continue
	fi
	built=$scratch/dkms/ntthread/$version/$kver/x86_64/module
	# Debian 13's dkms (3.2) also keeps the build's Module.symvers there.
	if [ "$(cd "$built" && ls | grep -vx Module.symvers)" != "$(cd "$built" && ls ntthread.ko*)" ]; then
		fail "dkms built more than ntthread.ko for $kver: $(ls "$built")"
	fi
	mkdir -p "$scratch/root/lib/modules/$kver"
	if ! "${dkms[@]}" install "ntthread/$version" -k "$kver" \
		--kernelsourcedir "$kdir" >>"$log" 2>&1; then
		cat "$log"
		fail "dkms install -k $kver"
		continue
	fi
	installed=$(find "$scratch/root/lib/modules/$kver" -name 'ntthread.ko*' 2>/dev/null)
	if [ -z "$installed" ]; then
		fail "dkms install -k $kver installed no ntthread.ko"
		continue
	fi
	if ! depmod -b "$scratch/root" "$kver" >>"$log" 2>&1 ||
	   ! grep -q 'updates/dkms/ntthread\.ko' "$scratch/root/lib/modules/$kver/modules.dep"; then
		fail "depmod on the scratch tree does not list ntthread.ko for $kver"
	fi
	vermagic=$(modinfo -F vermagic "$installed" | cut -d' ' -f1)
	[ "$vermagic" = "$kver" ] || fail "ntthread.ko for $kver has vermagic $vermagic"
	modversion=$(modinfo -F version "$installed")
	[ "$modversion" = "$version" ] ||
		fail "ntthread.ko says version '$modversion', dkms.conf $version"
	status=$("${dkms[@]}" status "ntthread/$version" -k "$kver" 2>&1)
	echo ">> dkms: ntthread/$version on $kver: built and installed" \
		"(${installed#"$scratch/root/lib/modules/"}; status: ${status##*: })"
done
"${dkms[@]}" remove "ntthread/$version" --all >"$out/remove.log" 2>&1 ||
	{ cat "$out/remove.log"; fail "dkms remove"; }
if [ -n "$(find "$scratch/root/lib/modules" -name 'ntthread.ko*')" ]; then
	fail "dkms remove left ntthread.ko behind"
fi
[ "$failed" -eq 0 ] && echo ">> dkms: passed"
exit "$failed"
