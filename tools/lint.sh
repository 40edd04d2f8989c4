#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make lint`: the static checks.  Fails on any finding.
#
#  1. scripts/checkpatch.pl --strict on every C source and header of the
#     project's kernel code (module/, include/, tests/, tools/examples/,
#     tools/qemu/clients/, tools/qemu/selftest/, tools/bench/, ...), with
#     the options of .checkpatch.conf.  The only findings let through are
#     CamelCase words listed in tools/lint/nt-names.txt (the NT API's
#     names) and the lines of tools/lint/checkpatch-exceptions.txt, each
#     with its reason (the one LINUX_VERSION_CODE test in module/compat.h,
#     the FORCEINLINE macro).  tools/ntstat is
#     userspace C and is not checked against the kernel's style rules;
#     tools/qemu/compile-fail quotes the seed's driver verbatim.
#  1b. kernel-doc -Wall on module/ and include/, and docs/api.rst rendered
#     from it up to date (tools/api-doc.sh); 1c. shellcheck on every
#     shell script (.shellcheckrc).
#  2. A sparse (C=2) and W=1 build of ntthread and of every module built
#     against it, on the two debug test kernels (tools/qemu/build-kernel.sh)
#     and on Debian's stock 6.1 and 6.12 headers.  Any compiler or sparse
#     output fails.
#
# LINT_KERNELS limits step 2 (default: the debug kernel and Debian's stock
# headers of every series make check tests, "6.1 6.12 7.3 stock-6.1 ..."; empty:
# checkpatch, kernel-doc and shellcheck only).
# Ends with "lint: clean" or "lint: N findings".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
series=$("$here/qemu/debian-archive.sh" series)
# shellcheck disable=SC2086 # the series, a list split on purpose
kernels=${LINT_KERNELS-$series $(printf 'stock-%s ' $series)}
out=${NTTHREAD_OUT:-$repo/out}/lint
jobs=${JOBS:-$(nproc)}

"$here/qemu/deps.sh" sparse || exit 1
rm -rf "$out"
mkdir -p "$out"
findings=0

# The project's files: tracked and new ones, never build products.
sources() {
	if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$repo" ls-files -co --exclude-standard "$@"
	else
		# No git (a tarball, a minimal root): what .gitignore leaves out,
		# build output and the generated *.mod.c, is left out here too.
		(cd "$repo" && find "${@:-.}" \( -path ./out -o -name '.?*' -o \
			-name __pycache__ \) -prune -o -type f \
			! -name '*.mod.c' ! -name '*.o' ! -name '*.ko' -print |
			sed 's|^\./||')
	fi
}

# --- 1. checkpatch ---------------------------------------------------------
# Any kernel tree's checkpatch.pl and kernel-doc will do: 6.12's source,
# unpacked, never built (build-kernel.sh --unpack).
tree=$("$here/qemu/build-kernel.sh" --unpack 6.12) || exit 1
checkpatch=${CHECKPATCH:-$tree/scripts/checkpatch.pl}
# Every C file but userspace C (tools/ntstat) and the seed's code quoted
# verbatim to prove that it does not compile (tools/qemu/compile-fail).
mapfile -t files < <(cd "$repo" && sources | grep -E '\.[ch]$' |
	grep -vE '^tools/(ntstat|qemu/compile-fail)/' | sort)

# With --strict, checkpatch takes every CamelCase word that include/ defines
# as known, from a cache it keeps in the current directory.  Give it an
# empty include/ and no git, so that nt-names.txt alone decides.
empty=$(mktemp -d)
mkdir "$empty/include"
rm -f "$repo"/.checkpatch-camelcase.date.*
(cd "$repo" && GIT_DIR="$empty/nogit" perl "$checkpatch" --terse \
	--root="$empty" -f "${files[@]}") >"$out/checkpatch.txt" 2>&1
rm -rf "$empty" "$repo"/.checkpatch-camelcase.date.*

# Leave checkpatch's own CamelCase cache holding exactly the NT names, so
# that a plain `checkpatch.pl -f FILE` from the top of the checkout (where
# .checkpatch.conf is read) allows them too.  The cache is keyed by the
# last commit that touched include/, as checkpatch computes it.
if hash=$(cd "$repo" && git log --no-merges --pretty=format:%h -1 -- include 2>/dev/null) &&
   [ -n "$hash" ]; then
	rm -f "$repo"/.checkpatch-camelcase.*
	grep -v '^#' "$repo/tools/lint/nt-names.txt" | grep . \
		>"$repo/.checkpatch-camelcase.git.$hash"
fi

python3 - "$repo/tools/lint/nt-names.txt" "$out/checkpatch.txt" \
	"$repo/tools/lint/checkpatch-exceptions.txt" "$repo" >"$out/checkpatch-findings.txt" <<'PY'
import os
import re
import sys

names = {l.strip() for l in open(sys.argv[1])
         if l.strip() and not l.startswith('#')}
exceptions = [l.rstrip('\n').split(' ', 2) for l in open(sys.argv[3])
              if l.strip() and not l.startswith('#')]


def excepted(path, lineno, kind):
    for k, p, text in exceptions:
        if k == kind and p == path:
            lines = open(os.path.join(sys.argv[4], path)).read().split('\n')
            if 0 < lineno <= len(lines) and text in lines[lineno - 1]:
                return True
    return False


finding = re.compile(r'^(\S+?):(\d+): (ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$')
for line in open(sys.argv[2]):
    line = line.rstrip('\n')
    if line.startswith('total: ') or not line:
        continue
    m = finding.match(line)
    if not m:
        print(line)     # anything else checkpatch says is a finding too
        continue
    path, lineno, _, kind, text = m.groups()
    word = re.search(r'<([^>]*)>', text)
    if kind == 'CAMELCASE' and word and word.group(1) in names:
        continue
    if excepted(path, int(lineno), kind):
        continue
    print(line)
PY
n=$(wc -l <"$out/checkpatch-findings.txt")
echo ">> checkpatch --strict: ${#files[@]} files, $n findings"
sed 's/^/   /' "$out/checkpatch-findings.txt"
findings=$((findings + n))

# --- 1b. kernel-doc -Wall ----------------------------------------------------
# Every kernel-doc comment of the module and the headers, as the kernel's
# own `make htmldocs` would take it.  kernel-doc does not expand macros:
# it reads the NT VOID as a return type to describe, so the files are read
# with VOID spelt void (line numbers unchanged).
kdoc=$(mktemp -d)
mapfile -t kfiles < <(cd "$repo" && sources module include | grep -E '\.[ch]$' | sort)
(cd "$repo" && for f in "${kfiles[@]}"; do
	mkdir -p "$kdoc/$(dirname "$f")"
	sed 's/\bVOID\b/void/g' "$f" >"$kdoc/$f"
done)
(cd "$kdoc" && perl "$tree/scripts/kernel-doc" -none -Wall "${kfiles[@]}") >"$out/kernel-doc.txt" 2>&1
rm -rf "$kdoc"
# docs/api.rst is rendered from the same comments: it must be current.
"$here/api-doc.sh" --check >>"$out/kernel-doc.txt" 2>&1 ||
	echo "   (docs/api.rst: run tools/api-doc.sh)" >>"$out/kernel-doc.txt"
sed -i '/^docs\/api.rst: [0-9]* routines, up to date$/d' "$out/kernel-doc.txt"
n=$(wc -l <"$out/kernel-doc.txt")
echo ">> kernel-doc -Wall: ${#kfiles[@]} files, $n findings"
sed 's/^/   /' "$out/kernel-doc.txt"
findings=$((findings + n))

# --- 1c. shellcheck ----------------------------------------------------------
# Every shell script: *.sh and whatever starts with a sh or bash #! line,
# with .shellcheckrc's options.  The guest checks are POSIX sh fragments
# that /init (tools/qemu/init.sh) sources, with its variables.
"$here/qemu/deps.sh" shellcheck || exit 1
mapfile -t shfiles < <(cd "$repo" && sources | while read -r f; do
	case $f in
	*.sh) echo "$f" ;;
	*) [ -f "$f" ] && head -n1 "$f" | grep -qE '^#! ?(/usr)?/bin/(env )?(ba)?sh( |$)' && echo "$f" ;;
	esac
done | sort)
(cd "$repo" && {
	printf '%s\n' "${shfiles[@]}" | grep -v '^tools/qemu/checks/' | xargs -d '\n' shellcheck -f gcc
	printf '%s\n' "${shfiles[@]}" | grep '^tools/qemu/checks/' | xargs -r -d '\n' shellcheck -f gcc -s sh -e SC2154
}) >"$out/shellcheck.txt" 2>&1
n=$(wc -l <"$out/shellcheck.txt")
echo ">> shellcheck: ${#shfiles[@]} scripts, $n findings"
sed 's/^/   /' "$out/shellcheck.txt"
findings=$((findings + n))

# --- 2. sparse and W=1 builds ----------------------------------------------
# Build from a clean copy; every line a silent build prints is a finding,
# except the stock headers' note that they have no vmlinux to make the
# modules' BTF from.
build() {	# name kdir dir [make args...]
	local name=$1 kdir=$2 dir=$3 log
	shift 3
	log=$out/$name-$(basename "$dir").log
	if ! make -s -C "$kdir" M="$dir" "${checker[@]}" W=1 -j"$jobs" "$@" modules >"$log" 2>&1; then
		echo "   build of $dir failed:"
		sed 's/^/   /' "$log"
		findings=$((findings + 1))
		return 1
	fi
	grep -v 'Skipping BTF generation for .* due to unavailability of vmlinux' "$log" |
		sed "s|$out/$name/||; s/^/   /" >"$log.findings"
	n=$(wc -l <"$log.findings")
	cat "$log.findings"
	findings=$((findings + n))
	return 0
}

for k in $kernels; do
	case $k in
	stock-*) kdir=$("$here/qemu/stock-kernel.sh" headers "${k#stock-}") || exit 1 ;;
	*) kdir=$("$here/qemu/build-kernel.sh" "$k" debug) || exit 1 ;;
	esac
	src=$out/$k
	mkdir -p "$src"
	(cd "$repo" && sources Kbuild Makefile dkms.conf include module tests tools/examples \
		tools/qemu/clients tools/qemu/selftest tools/bench | xargs -d '\n' cp --parents -t "$src")
	before=$findings
	symvers=(KBUILD_EXTRA_SYMBOLS="$src/Module.symvers")
	# Since 6.14 (__typeof_unqual__) the kernel refuses Debian's sparse
	# 0.6.4, the newest Debian has: there, W=1 alone, and said so.
	checker=(C=2) what="sparse + W=1"
	valid=$kdir/source/scripts/checker-valid.sh
	[ -f "$valid" ] || valid=$kdir/scripts/checker-valid.sh
	if [ -f "$valid" ] && [ "$(sh "$valid" sparse -m64 2>/dev/null)" != 1 ]; then
		checker=() what="W=1 (sparse $(sparse --version 2>/dev/null | cut -d' ' -f1) too old for this kernel)"
	fi
	if build "$k" "$kdir" "$src"; then
		build "$k" "$kdir" "$src/tools/examples" "${symvers[@]}"
		build "$k" "$kdir" "$src/tools/qemu/clients" "${symvers[@]}"
		if [ -d "$src/tools/bench" ]; then
			build "$k" "$kdir" "$src/tools/bench" "${symvers[@]}"
		fi
		# The KUnit modules need a kernel with KUnit (not the stock ones).
		if grep -q '^CONFIG_KUNIT=' "$kdir/.config"; then
			build "$k" "$kdir" "$src/tools/qemu/selftest"
		fi
	fi
	echo ">> $what on $k ($kdir): $((findings - before)) findings"
	# The components form layers: no two depend on each other, by
	# include or by symbol, directly or round a circle.
	if [ -z "${layered:-}" ] && [ -d "$src/module" ] && ls "$src"/module/*.o >/dev/null 2>&1; then
		layered=1
		if ! python3 "$here/lint/layers.py" "$repo" "$src" | sed 's/^/>> /'; then
			findings=$((findings + 1))
		fi
	fi
done

if [ "$findings" -eq 0 ]; then
	echo "lint: clean"
else
	echo "lint: $findings findings"
fi
[ "$findings" -eq 0 ]
