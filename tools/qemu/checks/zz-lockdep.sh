# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded), the last
# one: lockdep reports a driver's inverted spin-lock order.  Lockdep turns
# itself off after its first report, so nothing may run after this that
# lockdep should still watch; the other splat checks go on.  The marker
# lines tell tools/qemu/verdict.py that the report between them is
# expected (it must be there, and nothing else may be).
c=/lib/ntthread/clients
if [ -e /proc/lockdep ]; then
	echo "ntthread-check: expected lockdep report begins" >/dev/kmsg
	load $c/client_lockorder.ko
	echo "ntthread-check: expected lockdep report ends" >/dev/kmsg
	unload client_lockorder
	dmesg | grep -q "possible circular locking dependency detected" ||
		say "check-failed lockdep: no report of client_lockorder's inverted order"
	dmesg | grep -q "client_lockorder: 1 queued" ||
		say "check-failed lockdep: client_lockorder did not run both paths"
	say "check lockdep: the inverted order was reported"
else
	say "check-failed lockdep: the kernel has no lockdep (/proc/lockdep)"
fi
