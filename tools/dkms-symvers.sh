#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dkms.conf's hooks that give drivers built against ntthread its
# Module.symvers (the NT routines' exports and CRCs) for each kernel
# ntthread is installed for:
#
#   dkms-symvers.sh build MODULE_DIR           POST_BUILD, in the build tree:
#       keep ./Module.symvers beside the built ntthread.ko (MODULE_DIR)
#   dkms-symvers.sh install MODULE_DIR INSTALL_TREE KVER     POST_INSTALL:
#       install it as ROOT/usr/lib/ntthread/KVER/Module.symvers
#   dkms-symvers.sh remove INSTALL_TREE KVER                 POST_REMOVE:
#       remove it again
#
# ROOT is what holds INSTALL_TREE (dkms's --installtree, /lib/modules by
# default) as its lib/modules: / on a real system, a scratch root in
# tools/dkms-check.sh.  See docs/ecosystem.md.
set -eu

root_of() {
	case $1 in
	*/usr/lib/modules) echo "${1%/usr/lib/modules}" ;;
	*/lib/modules) echo "${1%/lib/modules}" ;;
	*) echo "dkms-symvers.sh: install tree $1 is no lib/modules" >&2; exit 1 ;;
	esac
}

case ${1:-}:$# in
build:2)
	install -m 644 Module.symvers "$2/Module.symvers"
	;;
install:4)
	root=$(root_of "$3")
	install -D -m 644 "$2/Module.symvers" "$root/usr/lib/ntthread/$4/Module.symvers"
	;;
remove:3)
	root=$(root_of "$2")
	rm -f "$root/usr/lib/ntthread/$3/Module.symvers"
	rmdir "$root/usr/lib/ntthread/$3" "$root/usr/lib/ntthread" 2>/dev/null || true
	;;
*)
	echo "usage: dkms-symvers.sh build DIR | install DIR TREE KVER | remove TREE KVER" >&2
	exit 2
	;;
esac
