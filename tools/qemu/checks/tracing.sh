# SPDX-License-Identifier: GPL-2.0
# Guest check (sourced by /init in check mode, ntthread loaded): every
# command of docs/tracing.md's sh blocks, run while example_pool loads and
# unloads in a loop, exits 0 and prints its "# expect:" pattern.
doc=/lib/ntthread/tracing.md
PATH=/bin:/usr/bin	# trace-cmd and perf (run.sh)
if [ -e $doc ] && command -v trace-cmd >/dev/null && command -v perf >/dev/null; then
	# "pattern<TAB>command" per command
	awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 }
	     on && /^# expect: / { e = substr($0, 11); next }
	     on && !/^#/ && NF { print e "\t" $0 }' $doc >/tmp/tracing.cmds
	n=0
	while IFS="	" read -r expect cmd; do
		n=$((n + 1))
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
	[ $n -ge 5 ] || say "check-failed tracing: $n commands found in docs/tracing.md"
else
	say "check-failed tracing: no docs/tracing.md, trace-cmd or perf in the guest"
fi
