#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock-kernel.sh headers|image SERIES: Debian's stock kernel of a series
# (6.1, 6.12, 7.3 ...), on a Debian 12 or 13 host alike.
#
#   headers  print a directory to build modules against (KDIR) that
#            equals Debian's stock headers of SERIES: the same package
#            version's kernel source (debian-archive.sh), configured with
#            the stock .config, prepared for modules under the stock
#            release name, with the stock Module.symvers.  Prepared from
#            source because a headers package's tools are built for its own
#            Debian release (trixie's do not run on Debian 12) and name its
#            compiler (gcc-14 on trixie).
#   image    print the path of the stock kernel's vmlinuz (boot/ of its
#            linux-image package, unpacked, not installed)
#
# The stock kernel is the archive's newest amd64 build of SERIES whose
# package version is the version of linux-source-SERIES in use.  All of it
# is cached under $NTTHREAD_CACHE/stock.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
what=${1:?usage: stock-kernel.sh headers|image SERIES}
series=${2:?usage: stock-kernel.sh headers|image SERIES}
cache=${NTTHREAD_CACHE:-/var/cache/ntthread}
archive=$here/debian-archive.sh

# The source in use, and its Debian version.
tarball=$("$archive" source "$series")
case $tarball in
/usr/src/*) srcver=$(dpkg-query -W -f='${Version}' "linux-source-$series") ;;
*) srcver=${tarball%/usr/src/*}; srcver=${srcver##*/linux-source-"$series"-} ;;
esac

# linux-headers-<release> packages of that version: <release> is
# "6.1.0-57-amd64", "6.12.118+deb13-amd64", "7.3.4+deb13-amd64".
release=
for pkg in $("$archive" names "linux-headers-$series." |
	     grep -E "^linux-headers-${series//./\\.}\.[0-9]+(-[0-9]+)?(\+[a-z0-9]+)?-amd64$" |
	     sort -rV); do
	if [ "$("$archive" version "$pkg")" = "$srcver" ]; then
		release=${pkg#linux-headers-}
		break
	fi
done
if [ -z "$release" ]; then
	echo "stock-kernel.sh: no amd64 stock kernel of linux-source-$series $srcver in the archive" >&2
	exit 1
fi
dir=$cache/stock/$release-$srcver

# Compare two .configs, leaving out what describes the toolchain, and Rust
# with the drivers written in it (no rustc here; no effect on a C module's
# ABI: 7.3's stock modules load without it).  Anything else that differs
# is reported and fails.
cmp_config() {
	local ignore='^CONFIG_(CC|GCC|AS|LD|PAHOLE|RUSTC|CLANG|TOOLS)_|^CONFIG_BUILD_SALT='

	ignore+='|^CONFIG_(RUST|BINDGEN)|_RUST_|^CONFIG_AMCC_QT2025_PHY='
	ignore+='|^CONFIG_DRM_PANIC_SCREEN_QR_|^CONFIG_OPENSSL_SUPPORTS_'
	diff <(grep '^CONFIG_' "$1" | grep -Ev "$ignore" | sort) \
	     <(grep '^CONFIG_' "$2" | grep -Ev "$ignore" | sort)
}

case $what in
headers)
	kdir=$dir/build
	# Prepared with this toolchain (as build-kernel.sh keys its kernels):
	# the stock .config records pahole's version, and a module build
	# warns when it differs.
	toolchain=$({ "${CC:-gcc}" --version | head -1
		      pahole --version 2>/dev/null || :; })
	if [ "$(cat "$kdir/.ntthread-done" 2>/dev/null)" != "$toolchain" ]; then
		src=$("$here/build-kernel.sh" --unpack "$series")
		echo ">> preparing Linux $release (Debian's stock configuration) for modules" >&2
		rm -rf "$dir/headers" "$kdir"
		"$archive" fetch "$dir/headers" "linux-headers-$release=$srcver"
		hdr=$dir/headers/usr/src/linux-headers-$release
		mkdir -p "$kdir"
		cp "$hdr/.config" "$kdir/.config"
		make -s -C "$src" O="$kdir" olddefconfig >&2
		# olddefconfig drops what this host's tools cannot build: without
		# pahole, DEBUG_INFO_BTF_MODULES, which changes struct module,
		# and the module then fails to load ("Invalid relocation
		# target").  Only options that name the toolchain may differ.
		if ! cmp_config "$hdr/.config" "$kdir/.config" >&2; then
			echo "stock-kernel.sh: this host cannot prepare Debian's configuration of $release (see above)" >&2
			exit 1
		fi
		make -s -C "$src" O="$kdir" KERNELRELEASE="$release" \
			-j"${JOBS:-$(nproc)}" modules_prepare >&2
		cp "$hdr/Module.symvers" "$kdir/Module.symvers"
		rm -rf "$dir/headers"
		echo "$toolchain" >"$kdir/.ntthread-done"
	fi
	echo "$kdir"
	;;
image)
	vmlinuz=$dir/image/boot/vmlinuz-$release
	if [ ! -f "$dir/image/.ntthread-done" ]; then
		echo ">> fetching linux-image-$release $srcver" >&2
		rm -rf "$dir/image" "$dir/deb"
		# Where vmlinuz is: linux-binary-* since 7.x packaging,
		# linux-image-*-unsigned before.
		for pkg in "linux-binary-$release" "linux-image-$release-unsigned" \
			   "linux-image-$release"; do
			[ -n "$("$archive" version "$pkg")" ] && break
		done
		"$archive" download "$dir/deb" "$pkg=$srcver"
		# The guest needs none of the image's modules: only vmlinuz,
		# in boot/ or (linux-binary-*) in usr/lib/modules/RELEASE/.
		mkdir -p "$dir/image/boot"
		dpkg-deb --fsys-tarfile "$dir"/deb/*.deb |
			tar -C "$dir/image" -x --wildcards '*vmlinuz*'
		[ -f "$vmlinuz" ] || mv "$dir/image/usr/lib/modules/$release/vmlinuz" "$vmlinuz"
		rm -rf "$dir/deb" "$dir/image/usr"
		touch "$dir/image/.ntthread-done"
	fi
	if [ ! -f "$vmlinuz" ]; then
		echo "stock-kernel.sh: no $vmlinuz in linux-image-$release" >&2
		exit 1
	fi
	echo "$vmlinuz"
	;;
*)
	echo "stock-kernel.sh: unknown request '$what' (headers or image)" >&2
	exit 2
	;;
esac
