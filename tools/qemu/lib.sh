# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by run.sh (the test kernels) and stock.sh (Debian's stock
# kernel): what both do to get from the checkout to a guest's logs.
#
#   out_dir NAME              $out (emptied) and $src in it
#   copy_sources PATH...      the checkout's files under PATHs to $src
#   initramfs_start           $root: busybox, /init, ntthread and examples
#   initramfs_add DIR FILE... more files for the guest
#   initramfs_pack            $out/initramfs.cpio.gz
#   qemu_args KERNEL MEM CPUS $qemu, the guest's QEMU command
#   boot_to_files TIMEOUT CMDLINE
#                             run it, logs in $out/{console,results}.log
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck disable=SC2034	# for the scripts that source this
jobs=${JOBS:-$(nproc)}

# out_dir NAME: $out is $NTTHREAD_OUT/NAME (default: out/ in the
# checkout), emptied; $src is where the sources are copied to.
out_dir() {
	out=${NTTHREAD_OUT:-$repo/out}/$1
	src=$out/src
	rm -rf "$out"
	mkdir -p "$src"
}

# copy_sources PATH...: build from a copy, so that builds for two kernels
# never share objects.  In a git checkout only its files are copied
# (tracked or new, not ignored; not those deleted and not yet staged):
# objects built in the checkout for another kernel stay behind.
copy_sources() {
	local files=() f

	if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
		while IFS= read -r -d '' f; do
			if [ -e "$repo/$f" ]; then
				files+=("$f")
			fi
		done < <(git -C "$repo" ls-files -z -co --exclude-standard -- "$@")
		(cd "$repo" && cp -a --parents -t "$src" "${files[@]}")
	else
		(cd "$repo" && cp -a --parents -t "$src" "$@")
	fi
}

# initramfs_start: $root, the guest's root, with what every mode needs.
initramfs_start() {
	root=$out/initramfs
	mkdir -p "$root"/{bin,dev,proc,sys,tmp}
	cp /bin/busybox "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$here/init.sh" "$root/init"
	initramfs_add lib/ntthread "$src/ntthread.ko"
	initramfs_add lib/ntthread/examples "$src"/tools/examples/*.ko
}

# initramfs_add DIR FILE...: copy the FILEs to DIR of the guest's root.
initramfs_add() {
	local dir=$root/$1

	shift
	mkdir -p "$dir"
	cp "$@" "$dir/"
}

# initramfs_add_program PROGRAM...: copy each PROGRAM (a path) and the
# shared libraries it loads, as ldd lists them, to the same paths in the
# guest's root (busybox is static; these are Debian's dynamic binaries).
initramfs_add_program() {
	local prog lib

	for prog in "$@"; do
		mkdir -p "$root/$(dirname "$prog")"
		cp -L "$prog" "$root/$prog"
		for lib in $(ldd "$prog" | awk '/=>/ { print $3 } /^[ \t]*\// { print $1 }'); do
			mkdir -p "$root/$(dirname "$lib")"
			cp -L "$lib" "$root/$lib"
		done
	done
}

initramfs_pack() {
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"
}

# kvm_works KERNEL: does a KVM guest boot here?  Users' machines usually
# have a working /dev/kvm, which runs every guest many times faster; on
# this project's machines KVM guests hang (broken nesting).  A 20 s probe
# boot of KERNEL without an init (it panics and reboots at once) decides;
# the verdict is kept for a day in the cache.  NTTHREAD_ACCEL=kvm|tcg
# skips the probe.
kvm_boot() {	# kernel log: a KVM boot without init, bounded
	timeout 20 qemu-system-x86_64 -nodefaults -no-reboot -accel kvm -cpu host \
		-m 256 -bios /usr/share/qemu/qboot.rom -kernel "$1" -display none \
		-append "console=ttyS0 panic=-1 init=/nonexistent" \
		-serial file:"$2" </dev/null
}

kvm_works() {
	local verdict=${NTTHREAD_CACHE:-/var/cache/ntthread}/kvm-probe log

	case ${NTTHREAD_ACCEL:-auto} in
	kvm) return 0 ;;
	tcg) return 1 ;;
	esac
	[ -w /dev/kvm ] || return 1
	if [ -z "$(find "$verdict" -mmin -1440 2>/dev/null)" ]; then
		log=$(mktemp)
		if kvm_boot "$1" "$log" >/dev/null 2>&1 && grep -q 'Linux version' "$log"; then
			echo kvm >"$verdict"
		else
			echo tcg >"$verdict"
		fi
		rm -f "$log"
		echo ">> KVM probe: $(cat "$verdict")" >&2
	fi
	[ "$(cat "$verdict")" = kvm ]
}

# qemu_args KERNEL MEM CPUS: $qemu boots KERNEL with $out's initramfs, MEM
# MB, under KVM where it works (kvm_works) and TCG otherwise (with
# NTTHREAD_ICOUNT=1: TCG counting instructions as time); no -append
# and no serial ports yet, which depend on how the guest is used.  TCG's
# CPU is "max" without LA57: 4-level paging, as on most x86 machines (once,
# 6.1 debug on 5-level paging reported a KASAN wild-memory-access in
# handle_edge_irq 0.09 s into boot, long before any module of ours).
qemu_args() {
	# shellcheck disable=SC2054 # one -cpu value, its commas QEMU's
	local accel=(-accel tcg -cpu max,la57=off)

	if [ "${NTTHREAD_ICOUNT:-}" = 1 ]; then
		# Deterministic time: one virtual ns per instruction, idle time
		# skipped, one vCPU (QEMU's -icount).
		# shellcheck disable=SC2054 # one -icount value, its commas QEMU's
		accel+=(-icount shift=0,sleep=off,align=off)
	elif kvm_works "$1"; then
		accel=(-accel kvm -cpu host)
	fi
	qemu=(qemu-system-x86_64 -nodefaults -no-reboot "${accel[@]}" -m "$2" -smp "$3"
	      -bios /usr/share/qemu/qboot.rom -kernel "$1"
	      -initrd "$out/initramfs.cpio.gz")
}

# boot_to_files TIMEOUT CMDLINE: run the guest, the console (ttyS0) to
# console.log and what /init reports (ttyS1) to results.log; the verdict
# is the logs', so a guest that died or timed out is only said here.
boot_to_files() {
	local start

	start=$(date +%s)
	timeout --foreground "$1" "${qemu[@]}" -display none -append "$2" \
		-serial file:"$out/console.log" -serial file:"$out/results.log" \
		</dev/null || echo ">> qemu exited with status $?" >&2
	echo ">> guest ran $(( $(date +%s) - start )) s" >&2
}
