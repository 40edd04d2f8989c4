# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded): every
# command of docs/tracing.md's sh blocks, run while example_pool loads and
# unloads in a loop, exits 0 and prints its "# expect:" pattern.  The
# "sh bpftrace" blocks run where the kernel has BPF and bpftrace is here
# (run.sh copies it for such a kernel); 7.3's debug kernel must have both
# (bpf.config), so that there they cannot go unrun.
doc=/lib/ntthread/tracing.md
PATH=/bin:/usr/bin	# trace-cmd, perf and bpftrace (run.sh)
bpf=
[ -d /sys/fs/bpf ] && command -v bpftrace >/dev/null && bpf=1
if [ -e $doc ] && command -v trace-cmd >/dev/null && command -v perf >/dev/null; then
	# "bpftrace?<TAB>pattern<TAB>command" per command
	awk '/^```sh( bpftrace)?$/ { on = 1; b = ($2 == "bpftrace"); next }
	     /^```/ { on = 0 }
	     on && /^# expect: / { e = substr($0, 11); next }
	     on && !/^#/ && NF { print b "\t" e "\t" $0 }' $doc >/tmp/tracing.cmds
	n=0 nbpf=0 unrun=0
	while IFS="	" read -r isbpf expect cmd; do
		n=$((n + 1))
		if [ "$isbpf" = 1 ]; then
			nbpf=$((nbpf + 1))
			if [ -z "$bpf" ]; then
				unrun=$((unrun + 1))
				continue
			fi
		fi
		rm -f /tmp/tracing.stop
		(while [ ! -e /tmp/tracing.stop ]; do
			insmod /lib/ntthread/examples/example_pool.ko
			rmmod example_pool
		done) >/dev/null 2>&1 &
		bg=$!
		(sh -c "$cmd") </dev/null >/tmp/tracing.out 2>&1
		rc=$?
		touch /tmp/tracing.stop
		wait $bg
		if [ $rc -ne 0 ]; then
			say "check-failed tracing: command $n of docs/tracing.md exited $rc: $(tail -3 /tmp/tracing.out | tr '\n' ' ')"
		elif ! grep -Eq "$expect" /tmp/tracing.out; then
			say "check-failed tracing: command $n of docs/tracing.md printed no \"$expect\": $(head -3 /tmp/tracing.out | tr '\n' ' ')"
		else
			say "check tracing: command $n: $(grep -Ec "$expect" /tmp/tracing.out) lines like \"$expect\", e.g. $(grep -E "$expect" /tmp/tracing.out | head -1)"
		fi
	done </tmp/tracing.cmds
	[ $((n - nbpf)) -ge 5 ] || say "check-failed tracing: $((n - nbpf)) commands found in docs/tracing.md"
	[ $nbpf -ge 3 ] || say "check-failed tracing: $nbpf bpftrace commands found in docs/tracing.md"
	if [ $unrun -ne 0 ]; then
		case $(uname -r) in
		7.3.*) say "check-failed tracing: $unrun bpftrace commands not run on $(uname -r): BPF $([ -d /sys/fs/bpf ] && echo on || echo off), bpftrace $(command -v bpftrace || echo absent)" ;;
		*) say "check tracing: $unrun bpftrace commands not run: no BPF in this kernel (7.3's has it)" ;;
		esac
	fi
else
	say "check-failed tracing: no docs/tracing.md, trace-cmd or perf in the guest"
fi
