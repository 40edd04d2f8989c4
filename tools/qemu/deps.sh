#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh [EXTRA-PACKAGE...]: install, from Debian's archive, every package
# the harness needs.  Does nothing when all are installed already.
set -euo pipefail

# The test kernels' sources come from debian-archive.sh, for every series
# on every host; these packages have the same names on Debian 12 and 13.
packages=(
	debian-archive-keyring	# debian-archive.sh's package lists
	build-essential bc bison flex libelf-dev libssl-dev	# kernel build
	cpio kmod xz-utils python3	# kernel build, initramfs, verdict
	pahole		# the stock kernels' BTF options (stock-kernel.sh)
	qemu-system-x86 qemu-system-data busybox-static	# the guest
	trace-cmd linux-perf bpftrace	# docs/tracing.md's one-liners, run in the guest
	"$@"
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo ">> installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
