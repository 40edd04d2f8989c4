#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-archive.sh: Debian's kernel packages for any series, on a Debian
# 12 or 13 host alike, without touching the host's apt sources.
#
#   debian-archive.sh newest             the newest linux-source-X.Y series
#                                        the archive has (7.3 today)
#   debian-archive.sh series             the series ntthread is tested on:
#                                        6.1, 6.12 and the newest (or
#                                        $NTTHREAD_SERIES, when set)
#   debian-archive.sh source SERIES      fetch linux-source-SERIES (unless
#                                        the host has it installed), print
#                                        the path of its tarball
#   debian-archive.sh version PACKAGE    the candidate version of PACKAGE
#   debian-archive.sh names PREFIX       the package names starting PREFIX
#   debian-archive.sh download DIR PKG...  download PKGs (name or
#                                        name=version) into DIR
#   debian-archive.sh fetch DIR PKG...   the same, unpacked into DIR
#                                        (dpkg-deb -x)
#
# A private apt configuration under the cache ($NTTHREAD_CACHE/apt) lists
# bookworm, trixie and trixie-backports with their updates and security
# suites; its package lists are refreshed once a day.  Nothing is
# installed: packages are downloaded and unpacked into the cache.
# NTTHREAD_MIRROR and NTTHREAD_SECURITY_MIRROR choose other mirrors.
set -euo pipefail

cache=${NTTHREAD_CACHE:-/var/cache/ntthread}
mirror=${NTTHREAD_MIRROR:-http://deb.debian.org/debian}
security=${NTTHREAD_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
apt_dir=$cache/apt
# When the archive has moved past every series this knows of, or cannot
# be reached, `newest` falls back to this one.
pinned_newest=7.3

apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list"
	  -o Dir::Etc::sourceparts=/dev/null
	  -o "Dir::State=$apt_dir/state" -o Dir::State::status=/dev/null
	  -o "Dir::Cache=$apt_dir/cache" -o APT::Get::List-Cleanup=0
	  -o Debug::NoLocking=1 -q)

apt_setup() {
	local stamp=$apt_dir/state/.updated s

	mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
	if [ ! -f "$keyring" ]; then
		echo "debian-archive.sh: $keyring missing (apt-get install debian-archive-keyring)" >&2
		exit 1
	fi
	{
		for s in bookworm bookworm-updates trixie trixie-updates trixie-backports; do
			echo "deb [signed-by=$keyring] $mirror $s main"
		done
		for s in bookworm-security trixie-security; do
			echo "deb [signed-by=$keyring] $security $s main"
		done
	} >"$apt_dir/sources.list"
	if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
		echo ">> reading Debian's package lists (bookworm, trixie, trixie-backports)" >&2
		apt-get "${apt_opts[@]}" update >&2 || return 1
		touch "$stamp"
	fi
}

candidate() {
	apt-cache "${apt_opts[@]}" policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: //p' | grep -v '(none)' || true
}

# download DIR PKG...: the .debs into DIR (as root: _apt may not write there).
download() {
	local dir=$1
	shift
	mkdir -p "$dir"
	(cd "$dir" && apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root download "$@") >&2
}

# fetch DIR PKG...: downloaded and unpacked into DIR.
fetch() {
	local dir=$1 tmp deb
	shift
	tmp=$(mktemp -d)
	download "$tmp" "$@"
	mkdir -p "$dir"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$dir"
	done
	rm -rf "$tmp"
}

what=${1:?usage: debian-archive.sh newest|source SERIES|version PKG|fetch DIR PKG...}
shift
case $what in
newest | series)
	if [ "$what" = series ] && [ -n "${NTTHREAD_SERIES:-}" ]; then
		echo "$NTTHREAD_SERIES"
		exit 0
	fi
	newest=
	if apt_setup 2>/dev/null; then
		newest=$(apt-cache "${apt_opts[@]}" pkgnames linux-source- 2>/dev/null |
			 sed -n 's/^linux-source-\([0-9]*\.[0-9]*\)$/\1/p' | sort -V | tail -1)
	fi
	newest=${newest:-$pinned_newest}
	if [ "$what" = newest ]; then
		echo "$newest"
	else
		printf '%s\n' 6.1 6.12 "$newest" | sort -uV | tr '\n' ' ' | sed 's/ $/\n/'
	fi
	;;
source)
	series=${1:?usage: debian-archive.sh source SERIES}
	# The host's own linux-source-SERIES, where it is installed: kernels
	# built from it stay valid when the archive moves on.
	host=/usr/src/linux-source-$series.tar.xz
	if [ -f "$host" ] &&
	   dpkg-query -W -f='${Status}' "linux-source-$series" 2>/dev/null | grep -q "ok installed"; then
		echo "$host"
		exit 0
	fi
	apt_setup
	version=$(candidate "linux-source-$series")
	if [ -z "$version" ]; then
		echo "debian-archive.sh: no linux-source-$series in bookworm, trixie or trixie-backports" >&2
		exit 1
	fi
	dir=$cache/debian/linux-source-$series-$version
	if [ ! -f "$dir/.ntthread-done" ]; then
		echo ">> fetching linux-source-$series $version" >&2
		rm -rf "$dir"
		fetch "$dir" "linux-source-$series=$version"
		touch "$dir/.ntthread-done"
	fi
	tarball=$(ls "$dir"/usr/src/linux-source-*.tar.* 2>/dev/null | head -1)
	if [ -z "$tarball" ]; then
		echo "debian-archive.sh: linux-source-$series $version holds no tarball" >&2
		exit 1
	fi
	echo "$tarball"
	;;
version)
	apt_setup
	candidate "${1:?usage: debian-archive.sh version PACKAGE}"
	;;
names)
	apt_setup
	apt-cache "${apt_opts[@]}" pkgnames "${1:?usage: debian-archive.sh names PREFIX}"
	;;
download | fetch)
	dir=${1:?usage: debian-archive.sh $what DIR PKG...}
	shift
	apt_setup
	"$what" "$dir" "$@"
	;;
*)
	echo "debian-archive.sh: unknown request '$what'" >&2
	exit 2
	;;
esac
