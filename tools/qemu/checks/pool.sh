# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded; leaves it
# loaded): a driver that unloads holding pool has it listed, by tag, size
# and allocating thread, and left allocated; what it freed is not listed.
d=/sys/kernel/debug/ntthread
load /lib/ntthread/clients/client_pool_leaky.ko
unload client_pool_leaky
m="module client_pool_leaky unloaded holding pool: tag"
dmesg | grep -q "$m Leak (0x6b61654c) Nonp, 1 allocations, 100 bytes, allocated on CPU [0-9]* outside" ||
	say "check-failed pool: the leaked Leak block was not listed"
dmesg | grep -q "$m LBuf (0x6675424c) Paged, 1 allocations, 200 bytes" ||
	say "check-failed pool: the leaked LBuf block was not listed"
dmesg | grep -q "$m LThd (0x6468544c) Nonp, 1 allocations, 300 bytes, allocated by thread [0-9]* (pool_leaky_thread" ||
	say "check-failed pool: the leaked LThd block was not listed with its thread"
dmesg | grep -q "$m Free" &&
	say "check-failed pool: the freed block was listed"
dmesg | grep -q "module client_pool_leaky unloaded holding 3 pool allocations, 600 bytes" ||
	say "check-failed pool: no summary of the leak"
# Reported, not freed: the pool file still counts the bytes.
grep -q "^Leak 0x6b61654c Nonp 1 0 1 100 100$" $d/pool ||
	say "check-failed pool: the Leak block is not in the pool file: $(grep Leak $d/pool)"
grep -q "^Free 0x65657246 Nonp 1 1 0 0 50$" $d/pool ||
	say "check-failed pool: the freed block's row is wrong: $(grep Free $d/pool)"
say "check pool: $(dmesg | grep -c "$m") leaked records listed"
