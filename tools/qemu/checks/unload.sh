# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded; leaves it
# loaded): unloading drivers and ntthread while threads run or handles
# are open never crashes, never frees memory in use, and leaks nothing.
c=/lib/ntthread/clients

# A driver unloaded while its thread runs: the unload waits, naming it.
load $c/client_lingering.ko
unload client_lingering
dmesg | grep -q "module client_lingering is going away while thread [0-9]* (lingering_thread" ||
	say "check-failed unload: ntthread did not wait for client_lingering's thread"
dmesg | grep -q "client_lingering: thread done" ||
	say "check-failed unload: client_lingering's thread did not finish"

# A driver whose thread goes on (8 s here; for good, in the worst case):
# rmmod waits, warns every unload_warn_secs (1 s here, 10 by default),
# and SIGKILL does not end it (the unload cannot be abandoned once the
# driver's exit routine has run).
warn=/sys/module/ntthread/parameters/unload_warn_secs
echo 1 >$warn
load $c/client_endless.ko secs=8
rmmod client_endless &
rmmod_pid=$!
sleep 4
kill -9 $rmmod_pid 2>/dev/null
sleep 1
grep -q '^State:.*[DI] ' /proc/$rmmod_pid/status 2>/dev/null ||
	say "check-failed unload: rmmod of client_endless did not block (or was killed)"
[ "$(dmesg | grep -c 'still waiting for thread [0-9]* (endless_thread')" -ge 2 ] ||
	say "check-failed unload: no repeated warning while rmmod waited for client_endless"
wait $rmmod_pid
echo 10 >$warn
dmesg | grep -q "client_endless: thread done" ||
	say "check-failed unload: client_endless's thread did not finish"
grep -q '^client_endless ' /proc/modules &&
	say "check-failed unload: client_endless still loaded after its thread ended"

# ntthread cannot go while a thread runs.
load $c/client_lingering.ko
if rmmod ntthread 2>/dev/null; then
	say "check-failed unload: rmmod ntthread succeeded with a thread running"
	insmod /lib/ntthread/ntthread.ko
fi
unload client_lingering

# Handles and references a driver leaked are closed at ntthread's unload.
load $c/client_leaky.ko
unload client_leaky
unload ntthread
[ "$(dmesg | grep -c 'ntthread: closing leaked handle')" -ge 2 ] ||
	say "check-failed unload: leaked handles were not closed and named"
dmesg | grep -q "ntthread: thread [0-9]* (.*) leaked 1 references" ||
	say "check-failed unload: the leaked reference was not named"

# 50 load/unload cycles of ntthread and a client.
i=0
while [ $i -lt 50 ]; do
	insmod /lib/ntthread/ntthread.ko || say "check-failed cycle $i: insmod ntthread"
	insmod /lib/ntthread/examples/example_seed.ko || say "check-failed cycle $i: insmod example_seed"
	rmmod example_seed || say "check-failed cycle $i: rmmod example_seed"
	rmmod ntthread || say "check-failed cycle $i: rmmod ntthread"
	i=$((i + 1))
done
say "check unload: 50 load/unload cycles done"
load /lib/ntthread/ntthread.ko
