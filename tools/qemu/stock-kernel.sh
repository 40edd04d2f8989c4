#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock-kernel.sh headers|image VERSION: Debian's stock kernel for a series.
#
#   headers  install (deps.sh) Debian's current headers for VERSION and
#            print their directory, usable as KDIR
#   image    fetch the kernel image that matches those headers, unpack it
#            (its boot/ only, with dpkg-deb: nothing is installed) into a
#            cache outside the checkout and print the path of its vmlinuz
#
# VERSION is 6.1 (linux-headers-amd64, bookworm's kernel) or 6.12
# (linux-headers-6.12-amd64).  The headers' exact version decides the
# image's, so modules built against the one load into the other.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
what=${1:?usage: stock-kernel.sh headers|image VERSION}
version=${2:?usage: stock-kernel.sh headers|image VERSION}
cache=${NTTHREAD_CACHE:-/var/cache/ntthread}/stock

case $version in
6.1) meta=linux-headers-amd64 ;;
6.12) meta=linux-headers-6.12-amd64 ;;
*) echo "stock-kernel.sh: unknown series '$version' (6.1 or 6.12)" >&2; exit 2 ;;
esac

"$here/deps.sh" "$meta" >&2

# The meta-package depends on exactly one linux-headers-KVER package.
headers=$(dpkg-query -W -f='${Depends}' "$meta" | tr ',' '\n' |
	  sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -1)
kver=${headers#linux-headers-}
case $kver in
"$version".*) ;;
*) echo "stock-kernel.sh: $meta names $headers, not Linux $version" >&2; exit 1 ;;
esac
kdir=/usr/src/$headers
if [ ! -f "$kdir/Makefile" ]; then
	echo "stock-kernel.sh: $kdir missing ($headers not installed?)" >&2
	exit 1
fi

case $what in
headers)
	echo "$kdir"
	;;
image)
	pkgver=$(dpkg-query -W -f='${Version}' "$headers")
	pkg=linux-image-$kver-unsigned
	dir=$cache/$kver-$pkgver
	if [ ! -f "$dir/.ntthread-done" ]; then
		echo ">> fetching $pkg $pkgver" >&2
		rm -rf "$dir"
		mkdir -p "$dir/deb"
		# apt-get download runs as _apt where it can: give it the directory.
		chmod 777 "$dir/deb"
		if ! (cd "$dir/deb" && apt-get download -q "$pkg=$pkgver") >&2; then
			apt-get update -q >&2
			if ! (cd "$dir/deb" && apt-get download -q "$pkg=$pkgver") >&2; then
				echo "stock-kernel.sh: $pkg $pkgver is not in the archive" \
				     "(any more?): upgrade the headers with" \
				     "apt-get install $meta" >&2
				exit 1
			fi
		fi
		# The guest needs no module of the image's: only boot/ (10 MB
		# of its 400).
		mkdir -p "$dir/root"
		dpkg-deb --fsys-tarfile "$dir"/deb/*.deb | tar -C "$dir/root" -x ./boot
		rm -rf "$dir/deb"
		touch "$dir/.ntthread-done"
	fi
	vmlinuz=$dir/root/boot/vmlinuz-$kver
	if [ ! -f "$vmlinuz" ]; then
		echo "stock-kernel.sh: no $vmlinuz in $pkg" >&2
		exit 1
	fi
	echo "$vmlinuz"
	;;
*)
	echo "stock-kernel.sh: unknown request '$what' (headers or image)" >&2
	exit 2
	;;
esac
