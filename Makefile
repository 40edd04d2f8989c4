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

# `make install`: ntthread.ko into /lib/modules/<release>/updates/ (then
# depmod), and for the drivers built against it the NT headers into
# $(PREFIX)/include/ntthread/ and ntthread's Module.symvers into
# $(PREFIX)/lib/ntthread/<release>/.  DESTDIR stages the lot.  The KUnit
# suites are never installed.  See docs/ecosystem.md.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)
PREFIX ?= /usr/local
KRELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' $(KDIR)/include/generated/utsrelease.h)
# Sign the module only where the kernel's signing key is (Debian's headers
# have none; sign-file would only complain).
SIGKEY = $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"$$/\1/p' $(KDIR)/.config)
NOSIGN = $(if $(wildcard $(KDIR)/$(SIGKEY) $(filter /%,$(SIGKEY))),,CONFIG_MODULE_SIG_ALL=)

install: headers-install ntstat-install
	$(MAKE) -C $(KDIR) M=$(CURDIR) NTTHREAD_TESTS=n modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) NTTHREAD_TESTS=n INSTALL_MOD_DIR=updates \
		INSTALL_MOD_PATH=$(DESTDIR) $(NOSIGN) modules_install
	install -D -m 644 Module.symvers \
		$(DESTDIR)$(PREFIX)/lib/ntthread/$(KRELEASE)/Module.symvers
	$(if $(DESTDIR),,depmod -a $(KRELEASE))

# The NT headers alone (also the Debian package's, PREFIX=/usr), and ntstat
# with its man page.
headers-install:
	install -d $(DESTDIR)$(PREFIX)/include/ntthread/nt
	install -m 644 include/*.h $(DESTDIR)$(PREFIX)/include/ntthread/
	install -m 644 include/nt/*.h $(DESTDIR)$(PREFIX)/include/ntthread/nt/
ntstat-install:
	$(MAKE) -C tools/ntstat DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) install

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KRELEASE)/updates/ntthread.ko*
	rm -rf $(DESTDIR)$(PREFIX)/include/ntthread \
		$(DESTDIR)$(PREFIX)/lib/ntthread/$(KRELEASE)
	$(MAKE) -C tools/ntstat DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) uninstall
	-rmdir $(DESTDIR)$(PREFIX)/lib/ntthread 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KRELEASE))

# The DKMS package's sources, without the tests, where dkms looks for them
# (dkms-symvers.sh: dkms.conf's hooks for ntthread's Module.symvers):
# then `dkms add ntthread/$(VERSION)`.  See docs/ecosystem.md.
DKMS_SRC = $(DESTDIR)/usr/src/ntthread-$(VERSION)
dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/module $(DKMS_SRC)/include/nt
	install -m 644 dkms.conf Makefile Kbuild $(DKMS_SRC)/
	install -m 755 tools/dkms-symvers.sh $(DKMS_SRC)/
	install -m 644 module/*.c module/*.h $(DKMS_SRC)/module/
	install -m 644 include/*.h $(DKMS_SRC)/include/
	install -m 644 include/nt/*.h $(DKMS_SRC)/include/nt/

.PHONY: install headers-install ntstat-install uninstall dkms-src

# Boot the 6.1 test kernel, load ntthread and the example drivers, show
# /sys/kernel/debug/ntthread/.
demo:
	tools/qemu/deps.sh
	tools/qemu/run.sh demo 6.1

# KUnit suites on the 6.1 and 6.12 debug kernels, and the harness self-test.
# `make check SUITE=ntthread_stats REPEAT=50 KERNELS=6.12`: one suite (or
# with REPEAT alone, every suite) N times in a row in one boot; see README.
check:
	tools/check.sh

# The KUnit suites built into a 6.12 kernel with ntthread, run by that
# kernel's own tools/testing/kunit/kunit.py (tools/kunit/run.sh, which also
# takes another series or a kernel tree); part of make check.
kunit:
	tools/kunit/run.sh

# The benchmarks (tools/bench) on the 6.1 and 6.12 debug kernels and on the
# debug-free bench kernels: see docs/benchmarks.md.
bench:
	tools/qemu/deps.sh
	tools/bench/bench.sh

# The two pictures of README.md, docs/img/, from runs on debug-free kernels.
plots:
	tools/plots/make-plots.sh

.PHONY: plots

# An interactive shell in the 6.1 guest with ntthread loaded.
shell:
	tools/qemu/deps.sh
	tools/qemu/run.sh shell 6.1

.PHONY: all modules clean demo check kunit bench shell
