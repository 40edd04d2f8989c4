#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh [VERSION...]: the Debian packages (debian/), built with
# dpkg-buildpackage, checked by lintian, installed in a scratch root and
# built by Debian's dkms against Debian's stock headers (default: every
# series make check tests); a driver built against what they installed;
# then everything removed again.
#
# dpkg-buildpackage builds ntthread-dkms and ntthread-tools from a copy of
# the project's files; lintian (--pedantic, info tags too) must say nothing.
# Both packages are unpacked into a scratch root, and the DKMS steps their
# maintainer scripts run (add, build, install; remove) are run there with
# Debian's dkms, whose trees (--sourcetree, --dkmstree, --installtree) all
# lie in that root: the check leaves the system's /usr/src, /var/lib/dkms,
# /usr/lib/ntthread and /lib/modules alone, and works whether or not
# ntthread is installed there for real.  For each kernel, the example
# driver is built from the package's examples with the two-line Kbuild
# snippet of docs/ecosystem.md against the installed headers and the
# Module.symvers dkms.conf's hooks installed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
series=${*:-$("$here/qemu/debian-archive.sh" series)}
out=${NTTHREAD_OUT:-$repo/out}/dkms
rm -rf "$out"
mkdir -p "$out"

"$here/qemu/deps.sh" dkms dpkg-dev debhelper dh-dkms lintian || exit 1
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
root=$scratch/root
mkdir -p "$scratch/dkms" "$root/lib/modules"
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

# The packages, from a copy of the project's files (dpkg-buildpackage
# writes next to the tree it builds).
build=$scratch/build/ntthread-$version
mkdir -p "$build"
(cd "$repo" && { git ls-files -co --exclude-standard 2>/dev/null || find . -type f; } |
	grep -vE '^(\./)?out/' | xargs -d '\n' cp --parents -t "$build") ||
	{ echo ">> dkms: cannot copy the sources"; exit 1; }
if ! (cd "$build" && dpkg-buildpackage -uc -us) >"$out/dpkg-buildpackage.log" 2>&1; then
	tail -30 "$out/dpkg-buildpackage.log"
	echo ">> dkms: FAILED: dpkg-buildpackage"
	exit 1
fi
debs=("$scratch/build/ntthread-dkms_${version}_all.deb" "$scratch/build/ntthread-tools_${version}_"*.deb)
cp "${debs[@]}" "$out/"
# Every tag lintian knows, the pedantic ones too, counts: none is overridden.
lintian --pedantic -E -I "$scratch/build/ntthread_${version}_"*.changes 2>&1 |
	grep -v 'running with root privileges' >"$out/lintian.log"
if [ -s "$out/lintian.log" ]; then
	cat "$out/lintian.log"
	fail "lintian: $(wc -l <"$out/lintian.log") tags"
fi
echo ">> dkms: built $(cd "$scratch/build" && echo *.deb), lintian: $(wc -l <"$out/lintian.log") tags"

# "Install": unpack both into the scratch root, then what the postinst
# does: dkms add, build, install.
for deb in "${debs[@]}"; do
	dpkg-deb -x "$deb" "$root"
	dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./|/|' >>"$scratch/package-files"
done
pkg=$root/usr/src/ntthread-$version
if [ -e "$pkg/tests" ] || [ -e "$pkg/tools" ]; then
	fail "the package's sources hold tests or tools"
fi
[ "$("$root/usr/bin/ntstat" --version)" = "ntstat $version" ] ||
	fail "ntthread-tools: ntstat --version says '$("$root/usr/bin/ntstat" --version)'"
"$root/usr/bin/ntstat" --root "$repo/tools/ntstat/testdata/good" threads >/dev/null ||
	fail "ntthread-tools: ntstat cannot read tools/ntstat/testdata/good"
[ -f "$root/usr/share/man/man1/ntstat.1.gz" ] || fail "ntthread-tools: no ntstat(1)"

# The driver's Kbuild: docs/ecosystem.md's snippet, rooted in the scratch root.
snippet=$(sed -n '/^<!-- driver-kbuild -->$/,/^```$/p' "$repo/docs/ecosystem.md" | grep -v '^<!--\|^```')
[ "$(printf '%s\n' "$snippet" | wc -l)" = 2 ] ||
	fail "docs/ecosystem.md has no two-line driver Kbuild snippet"

# depmod is ours to run, on the scratch tree: dkms's would work on the
# system's /lib/modules/KVER, which need not exist (no stock kernel of
# the series is installed here).
dkms=(dkms --sourcetree "$root/usr/src" --dkmstree "$scratch/dkms"
      --installtree "$root/lib/modules" --no-depmod)
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
	if [ -n "$(find "$built" -mindepth 1 ! -name 'ntthread.ko*' ! -name Module.symvers)" ]; then
		fail "dkms built more than ntthread.ko for $kver: $(ls "$built")"
	fi
	[ -f "$built/Module.symvers" ] ||
		fail "dkms.conf's POST_BUILD kept no Module.symvers for $kver"
	mkdir -p "$root/lib/modules/$kver"
	if ! "${dkms[@]}" install "ntthread/$version" -k "$kver" \
		--kernelsourcedir "$kdir" >>"$log" 2>&1; then
		cat "$log"
		fail "dkms install -k $kver"
		continue
	fi
	installed=$(find "$root/lib/modules/$kver" -name 'ntthread.ko*' 2>/dev/null)
	if [ -z "$installed" ]; then
		fail "dkms install -k $kver installed no ntthread.ko"
		continue
	fi
	if ! depmod -b "$root" "$kver" >>"$log" 2>&1 ||
	   ! grep -q 'updates/dkms/ntthread\.ko' "$root/lib/modules/$kver/modules.dep"; then
		fail "depmod on the scratch tree does not list ntthread.ko for $kver"
	fi
	vermagic=$(modinfo -F vermagic "$installed" | cut -d' ' -f1)
	[ "$vermagic" = "$kver" ] || fail "ntthread.ko for $kver has vermagic $vermagic"
	modversion=$(modinfo -F version "$installed")
	[ "$modversion" = "$version" ] ||
		fail "ntthread.ko says version '$modversion', dkms.conf $version"
	status=$("${dkms[@]}" status "ntthread/$version" -k "$kver" 2>&1)
	echo ">> dkms: ntthread/$version on $kver: built and installed" \
		"(${installed#"$root/lib/modules/"}; status: ${status##*: })"

	# A driver of its own, built against the installed headers and the
	# Module.symvers that dkms.conf's POST_INSTALL put in place.
	symvers=$root/usr/lib/ntthread/$kver/Module.symvers
	if ! grep -q '	PsCreateSystemThread	' "$symvers" 2>/dev/null; then
		fail "no $symvers exporting PsCreateSystemThread after dkms install"
		continue
	fi
	drv=$scratch/driver-$kver
	mkdir -p "$drv"
	cp "$root/usr/share/doc/ntthread-dkms/examples/example_seed.c" "$drv/"
	{ printf '%s\n' "$snippet" | sed "s|/usr/|$root/usr/|g"; echo 'obj-m += example_seed.o'; } >"$drv/Kbuild"
	# KERNELRELEASE is the release in Debian's headers (6.1.0-57-amd64);
	# the tree prepared from 6.1's source says 6.1.192, so it is given.
	make -s -C "$kdir" M="$drv" KERNELRELEASE="$kver" modules 2>&1 |
		grep -v 'Skipping BTF generation for .* due to unavailability of vmlinux' >"$out/driver-$kver.log"
	if [ -s "$out/driver-$kver.log" ] || [ ! -f "$drv/example_seed.ko" ]; then
		cat "$out/driver-$kver.log"
		fail "example_seed against the installed ntthread for $kver"
	elif [ "$(modinfo -F depends "$drv/example_seed.ko")" != ntthread ]; then
		fail "example_seed for $kver depends on '$(modinfo -F depends "$drv/example_seed.ko")'"
	else
		echo ">> dkms: example_seed built against the installed headers and" \
			"${symvers#"$root"} ($(grep -c . "$symvers") exports; depends: ntthread)"
	fi
done
"${dkms[@]}" remove "ntthread/$version" --all >"$out/remove.log" 2>&1 ||
	{ cat "$out/remove.log"; fail "dkms remove"; }
if [ -n "$(find "$root/lib/modules" -name 'ntthread.ko*')" ]; then
	fail "dkms remove left ntthread.ko behind"
fi
[ -e "$root/usr/lib/ntthread" ] && fail "dkms remove left $(find "$root/usr/lib/ntthread")"

# Remove the packages' files: nothing may be left in the root but the
# directories and what depmod wrote.
sort -r "$scratch/package-files" | while read -r f; do
	if [ -d "$root$f" ]; then rmdir "$root$f" 2>/dev/null; else rm -f "$root$f"; fi
done
left=$(find "$root" -type f ! -path "$root/lib/modules/*/modules.*")
if [ -n "$left" ] || [ -e "$root/usr/src/ntthread-$version" ]; then
	fail "the packages' removal left: $left"
fi
[ "$failed" -eq 0 ] && echo ">> dkms: passed"
exit "$failed"
