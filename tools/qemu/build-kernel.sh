#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh VERSION FLAVOUR: build (or reuse) a test kernel.
#
# VERSION is a Debian linux-source-VERSION package (6.1, 6.12, 7.3: see
# debian-archive.sh, which fetches it without touching apt's sources); FLAVOUR is
# "debug" (kernel.config + debug.config, what `make check` runs), "rt"
# (debug.config then rt.config: PREEMPT_RT with KCSAN instead of KASAN, 6.12
# and later) or "bench" (kernel.config + bench.config: no debug options, for
# timings); 7.3's debug kernel adds bpf.config.  A later fragment overrides
# an earlier one.  The
# kernel is built out of tree in a cache outside the checkout, keyed by the
# source version and a hash of the fragments and toolchain, so later runs
# reuse it.
# Prints the build directory (usable as KDIR) on stdout; progress goes to
# stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# --unpack VERSION: only unpack the source (once), print its directory.
unpack_only=
if [ "${1:-}" = --unpack ]; then
	unpack_only=1
	shift
fi
version=${1:?usage: build-kernel.sh [--unpack] VERSION debug|rt|bench}
flavour=${2:-debug}
cache=${NTTHREAD_CACHE:-/var/cache/ntthread}
jobs=${JOBS:-$(nproc)}

case $flavour in
debug) fragments=("$here/kernel.config" "$here/debug.config") ;;
rt) fragments=("$here/kernel.config" "$here/debug.config" "$here/rt.config") ;;
bench) fragments=("$here/kernel.config" "$here/bench.config") ;;
*) echo "build-kernel.sh: unknown flavour '$flavour'" >&2; exit 2 ;;
esac
# BPF on one series only, the newest (7.3) debug kernel: bpftrace's lines
# in docs/tracing.md run there (checks/tracing.sh), and the other kernels
# keep their cached builds.
[ "$version" = 7.3 ] && [ "$flavour" = debug ] && fragments+=("$here/bpf.config")

# Debian's linux-source-VERSION, fetched into the cache whatever the host.
tarball=$("$here/debian-archive.sh" source "$version")

src=$cache/src/linux-source-$version
stamp=$src/.ntthread-tarball
tarsum=$(stat -c '%s-%Y' "$tarball")
if [ "$(cat "$stamp" 2>/dev/null)" != "$tarsum" ]; then
	echo ">> unpacking $tarball" >&2
	rm -rf "$src"
	mkdir -p "$cache/src"
	tar -C "$cache/src" -xf "$tarball"
	echo "$tarsum" >"$stamp"
fi

if [ -n "$unpack_only" ]; then
	echo "$src"
	exit 0
fi
kver=$(make -s -C "$src" kernelversion)
# The toolchain is part of the key: a kernel records its compiler and
# pahole, and module builds warn when either has changed since.
hash=$({ cat "${fragments[@]}"; "${CC:-gcc}" --version | head -1
	 pahole --version 2>/dev/null || :; } | sha256sum | cut -c1-12)
out=$cache/build/$kver-$flavour-$hash

# A build names its source by absolute path (source -> $src): one whose
# source has moved (the cache was moved) is built again.
if [ -f "$out/.ntthread-done" ] && [ -f "$out/source/Makefile" ]; then
	echo "$out"
	exit 0
fi

echo ">> building Linux $kver ($flavour) in $out" >&2
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$out" allnoconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${fragments[@]}" >/dev/null
make -s -C "$src" O="$out" olddefconfig >&2

# merge_config drops an option whose dependencies are off without failing:
# every option the fragments set must have survived, with the value of the
# last fragment that sets it.
missing=()
declare -A seen=()
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) opt=${line%%=*} ;;
	"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} ;;
	*) continue ;;
	esac
	[ -n "${seen[$opt]:-}" ] && continue
	seen[$opt]=1
	case $line in
	CONFIG_*) grep -qxF "$line" "$out/.config" || missing+=("$line") ;;
	*) grep -q "^$opt=" "$out/.config" && missing+=("$line") ;;
	esac
done < <(cat "${fragments[@]}" | tac)
if [ ${#missing[@]} -ne 0 ]; then
	echo "build-kernel.sh: these options did not survive olddefconfig on $kver:" >&2
	for m in "${missing[@]}"; do
		opt=${m%%=*}
		echo "  $m -> $(grep -E "^($opt=|# $opt is not set)" "$out/.config" || echo absent)" >&2
	done
	exit 1
fi

make -s -C "$src" O="$out" -j"$jobs" bzImage modules_prepare >&2
# modules writes Module.symvers, without which modpost fails on 6.12.
make -s -C "$src" O="$out" -j"$jobs" modules >&2
touch "$out/.ntthread-done"
echo "$out"
