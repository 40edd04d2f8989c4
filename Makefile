# SPDX-License-Identifier: GPL-2.0
#
# `make` builds ntthread.ko (and, where the kernel has KUnit, the test
# modules) against KDIR, as every out-of-tree module does.  The other
# targets run the project's tools; see README.md.
KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

# checkpatch --strict, sparse and W=1 builds on the debug test kernels and
# Debian's stock headers; fails on any finding.  See docs/ecosystem.md.
lint:
	tools/lint.sh

.PHONY: lint

# Boot the 6.1 test kernel, load ntthread and the example drivers, show
# /sys/kernel/debug/ntthread/.
demo:
	tools/qemu/deps.sh
	tools/qemu/run.sh demo 6.1

# KUnit suites on the 6.1 and 6.12 debug kernels, and the harness self-test.
check:
	tools/check.sh

# An interactive shell in the 6.1 guest with ntthread loaded.
shell:
	tools/qemu/deps.sh
	tools/qemu/run.sh shell 6.1

.PHONY: all modules clean demo check shell
