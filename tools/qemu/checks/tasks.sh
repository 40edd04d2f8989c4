# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded): user
# processes that call in (a read of debugfs `current`, which asks for
# PsGetCurrentThread() and NtCurrentThread()) are adopted: each gets a
# thread object with a TID, listed in `threads`, freed after it exits.
# 10,000 short-lived ones leave no object and no TID behind.
nt=/sys/kernel/debug/ntthread
counter() { sed -n "s/^$1 //p" $nt/stats; }

# Wait (30 s at most: a hang) until counter $1 is $2 again; 0 if it is.
settles() {
	tries=0
	while [ "$(counter "$1")" != "$2" ] && [ $tries -lt 300 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	[ "$(counter "$1")" = "$2" ]
}

live0=$(counter adopted_live)
objects0=$(counter objects_nt_thread)
cids0=$(counter cid_table_entries)
adopted0=$(counter threads_adopted)

# A process that stays: its row says adopted, with its Linux pid.
rm -f /tmp/tasks.self
(read -r line <$nt/current; echo "$line" >/tmp/tasks.self; sleep 60) &
holder=$!
tries=0
while [ ! -s /tmp/tasks.self ] && [ $tries -lt 300 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
# shellcheck disable=SC2046 # split into the line's words on purpose
set -- $(cat /tmp/tasks.self)
case "$*" in
"tid $2 pid $holder adopted 1 system 0 current_handle 1") ;;
*) say "check-failed tasks: current read by process $holder: $*" ;;
esac
tid=$2
case $((tid % 4)):$tid in
0:4 | 0:0 | [123]:*) say "check-failed tasks: TID $tid is not a thread's" ;;
esac
grep -q "^$tid $holder running 0x00000103 [0-9]* [0-9]* 8 adopted " $nt/threads ||
	say "check-failed tasks: no adopted row for TID $tid in threads"
kill $holder
wait $holder 2>/dev/null
settles adopted_live "$live0" ||
	say "check-failed tasks: adopted_live $(counter adopted_live) after process $holder exited, $live0 before"
grep -q "^$tid " $nt/threads &&
	say "check-failed tasks: TID $tid still listed after its process exited"

# 10,000 short-lived processes, each adopted once: four loops of 2,500
# at once, so that adoptions and exits also race on several CPUs.  On
# 6.1 only, the first kernel of make check; the others run 1,000, which
# prove their exit probe as well: the count costs only time (80 to 300 s
# of guest time per kernel for 10,000).
per_loop=250
case $(uname -r) in 6.1.*) per_loop=2500 ;; esac
rm -f /tmp/tasks.bad
start=$(date +%s)
tasks_loop() {
	n=0
	while [ $n -lt $per_loop ]; do
		(read -r line <$nt/current
		 case $line in
		 "tid "*" adopted 1 system 0 current_handle 1") ;;
		 *) echo "$line" >>/tmp/tasks.bad ;;
		 esac)
		n=$((n + 1))
	done
}
tasks_loop &
tasks_loop &
tasks_loop &
tasks_loop
wait
[ -s /tmp/tasks.bad ] &&
	say "check-failed tasks: $(wc -l </tmp/tasks.bad) processes read a wrong line, first: $(head -n 1 /tmp/tasks.bad)"
adopted=$(($(counter threads_adopted) - adopted0))
[ $adopted -ge $((4 * per_loop + 1)) ] ||
	say "check-failed tasks: $adopted adoptions for $((4 * per_loop + 1)) processes"
settles adopted_live "$live0" ||
	say "check-failed tasks: adopted_live $(counter adopted_live) after $((4 * per_loop)) processes, $live0 before"
settles objects_nt_thread "$objects0" ||
	say "check-failed tasks: objects_nt_thread $(counter objects_nt_thread) after $((4 * per_loop)) processes, $objects0 before"
settles cid_table_entries "$cids0" ||
	say "check-failed tasks: cid_table_entries $(counter cid_table_entries) after $((4 * per_loop)) processes, $cids0 before"
say "check tasks: $adopted processes adopted in $(($(date +%s) - start)) s, cid_table_peak $(counter cid_table_peak)"
