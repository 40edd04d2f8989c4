# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded; leaves it
# loaded): a driver unloaded with work items of its code queued and
# running makes the unload wait until both have run, naming the routine.
c=/lib/ntthread/clients
load $c/client_workitem.ko
unload client_workitem
dmesg | grep -q "module client_workitem is going away while work item routine slow_item" ||
	say "check-failed workitems: the unload did not wait for client_workitem's work items"
dmesg | grep -q "client_workitem: item 1 done" ||
	say "check-failed workitems: item 1 did not run before the unload ended"
dmesg | grep -q "client_workitem: item 2 done" ||
	say "check-failed workitems: item 2 (queued at the unload) did not run before it ended"
say "check workitems: unload waited for queued and running work items"
