#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one guest run of `make check` on the host.

Each suite's KTAP is taken from the console log, which keeps every line
(on 6.1 the debugfs results keep only 512 bytes of log per case, which
loses the results of parameterised cases), given the top-level KTAP header
that 6.1 does not print for a module's suite, and parsed with the kernel's
own tools/testing/kunit parser.  The debugfs results, read in the guest,
are a second witness: each suite's final line there is the kernel's own
verdict and must be `ok`.

With --repeat N each suite ran N times in the boot, and each run is
judged on its own.  The run fails on any failed, crashed or unparsable
case; on fewer suite runs than the test modules declare times N; on a module that did not load or unload;
on a guest that did not reach its end; on a suite that debugfs reports as
failed; and on any splat in the console log or the kmemleak report.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

# Kernel reports that mean a run hit a bug, leaked, ran out of memory or
# stalled: the one list, which tools/bench/report.py imports too.
SPLAT = re.compile(
    r'BUG:|WARNING:|KASAN:|UBSAN:|kernel BUG|Oops|Call Trace:|'
    r'general protection fault|Kernel panic|unreferenced object|'
    r'Out of memory|oom-kill|invoked oom-killer|rcu: INFO:|detected stall|'
    r'possible recursive locking|possible circular locking|'
    r'inconsistent lock state|suspicious RCU usage|'
    r'DEBUG_LOCKS_WARN_ON|INFO: task .* blocked for more than|'
    r'sleeping function called from invalid context|scheduling while atomic|'
    r'ODEBUG:|list_add corruption|list_del corruption|refcount_t:|'
    r'[Ss]lab cache still has objects|[Oo]bjects remaining|'
    r'kmemleak: \d+ new suspected memory leaks')
TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\] ?')
SUBTEST = re.compile(r'^    # Subtest: (\S+)$')


def console_suites(console):
    """Yield (suite, KTAP document) for each suite the console printed."""
    lines = [TIMESTAMP.sub('', l.rstrip('\n')) for l in console]
    for i, line in enumerate(lines):
        m = SUBTEST.match(line)
        if not m:
            continue
        name = m.group(1)
        start = i - 1 if i and lines[i - 1].strip() == 'KTAP version 1' else i
        end = re.compile(r'^(not )?ok \d+ ' + re.escape(name) + r'$')
        stop = next((j for j in range(i, len(lines)) if end.match(lines[j])),
                    len(lines) - 1)
        yield name, '\n'.join(['KTAP version 1', '1..1'] +
                              lines[start:stop + 1]) + '\n'


def parse_one(kunit_dir, path):
    """Child mode: parse one KTAP document, print its counts as JSON."""
    sys.path.insert(0, kunit_dir)
    import kunit_parser  # the kernel's own parser
    with open(path, errors='replace') as f:
        lines = f.readlines()
    test = kunit_parser.parse_run_tests(lines)
    c = test.counts
    print('NTTHREAD-COUNTS ' + json.dumps({
        'passed': c.passed, 'failed': c.failed, 'crashed': c.crashed,
        'skipped': c.skipped, 'errors': c.errors,
        'status': test.status.name}))


def declared_suites(ko):
    """Suites a test module declares: pointers in .kunit_test_suites."""
    out = subprocess.run(['readelf', '-S', '-W', ko], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        m = re.search(r'\.kunit_test_suites\s+\S+\s+\S+\s+\S+\s+([0-9a-f]+)',
                      line)
        if m:
            return int(m.group(1), 16) // 8
    return 0


def blocks(results, begin, end):
    """Yield (name, text) for each block between marker lines."""
    name, buf = None, []
    for line in results:
        if line.startswith(begin):
            name, buf = line[len(begin):].strip(), []
        elif line.startswith(end) and name is not None:
            yield name, ''.join(buf)
            name = None
        elif name is not None:
            buf.append(line)


def check_ntstat(results, problems, totals):
    """tools/ntstat in the guest (tools/qemu/check.sh): each block is there,
    each JSON block parses, json-threads shows example_pool's four workers
    running and json-threads-after, taken after its unload, none."""
    text = dict(blocks(results, 'NTTHREAD-NTSTAT-BEGIN', 'NTTHREAD-NTSTAT-END'))
    bad = []
    for name in ('summary', 'threads', 'sites', 'json-threads', 'json-summary',
                 'json-threads-after'):
        if name not in text:
            bad.append(f'ntstat: no {name} block in the results')
    parsed = {}
    for name in sorted(n for n in text if n.startswith('json')):
        try:
            parsed[name] = json.loads(text[name])
        except ValueError as e:
            bad.append(f'ntstat {name}: not JSON ({e}): {text[name][:200]!r}')

    def workers(name):
        """Running pool_worker threads in a threads block; None if malformed."""
        doc = parsed[name]
        rows = doc.get('threads') if isinstance(doc, dict) else None
        if not isinstance(rows, list) or not all(isinstance(t, dict) for t in rows):
            return None
        return sum(t.get('state') == 'running' and t.get('start_routine') == 'pool_worker'
                   for t in rows)
    for name, low, high in (('json-threads', 4, None), ('json-threads-after', 0, 0)):
        if name not in parsed:
            continue
        n = workers(name)
        if n is None:
            bad.append(f'ntstat {name}: not a {{"threads": [{{...}}, ...]}} object')
        elif n < low or (high is not None and n > high):
            bad.append(f'ntstat {name}: {n} running pool_worker threads, expected '
                       + (f'at least {low}' if high is None else f'{high}'))
    doc = parsed.get('json-summary', {'stats': {}, 'alloc_sites': []})
    if not (isinstance(doc, dict) and isinstance(doc.get('stats'), dict)
            and isinstance(doc.get('alloc_sites'), list)):
        bad.append('ntstat json-summary: no "stats" object and "alloc_sites" list')
    problems.extend(bad)
    totals['failed'] += len(bad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--kunit', required=True, help="the kernel's kunit.py")
    ap.add_argument('--console', required=True)
    ap.add_argument('--results', required=True)
    ap.add_argument('--summary', required=True)
    ap.add_argument('--repeat', type=int, default=1,
                    help='times each suite was run in the guest')
    ap.add_argument('--parse-one', help=argparse.SUPPRESS)
    ap.add_argument('modules', nargs='*')
    args = ap.parse_args()
    kunit_dir = os.path.dirname(os.path.abspath(args.kunit))
    if args.parse_one:
        parse_one(kunit_dir, args.parse_one)
        return 0

    problems = []
    read = lambda p: open(p, errors='replace').readlines() if os.path.exists(p) else []
    console, results = read(args.console), read(args.results)

    expected = args.repeat * sum(declared_suites(ko) for ko in args.modules)
    totals = {'passed': 0, 'failed': 0, 'skipped': 0}
    # Each suite runs args.repeat times: a list of runs, in their order.
    suites = list(console_suites(console))
    runs, failed_runs = Counter(), Counter()
    for name, text in suites:
        runs[name] += 1
        path = f'{args.results}.{name}.{runs[name]}.ktap'
        with open(path, 'w') as f:
            f.write(text)
        run = subprocess.run([sys.executable, __file__, '--kernel', args.kernel,
                              '--kunit', args.kunit, '--console', '-',
                              '--results', '-', '--summary', '-',
                              '--parse-one', path],
                             capture_output=True, text=True)
        counts = None
        for line in run.stdout.splitlines():
            if line.startswith('NTTHREAD-COUNTS '):
                counts = json.loads(line.split(' ', 1)[1])
        if counts is None:
            problems.append(f'suite {name}: kunit parser failed: {run.stderr.strip()[-300:]}')
            totals['failed'] += 1
            continue
        bad = counts['failed'] + counts['crashed'] + counts['errors']
        if not bad and counts['status'] not in ('SUCCESS', 'SKIPPED'):
            bad = 1
        if counts['passed'] + counts['skipped'] + bad == 0:
            problems.append(f'suite {name}: no test cases')
            bad = 1
        totals['passed'] += counts['passed']
        totals['skipped'] += counts['skipped']
        totals['failed'] += bad
        if bad:
            failed_runs[name] += 1
            problems.append(f'suite {name} (run {runs[name]}): {counts}; see {path}')
            problems.extend('    ' + l for l in text.splitlines()
                            if 'not ok' in l or 'Expected' in l or 'FAILED' in l)

    # The second witness: the kernel's own verdict per suite, from debugfs.
    witnessed = Counter()
    for name, text in blocks(results, 'NTTHREAD-KTAP-BEGIN', 'NTTHREAD-KTAP-END'):
        witnessed[name] += 1
        last = [l for l in text.splitlines() if l.strip()][-1:]
        if last != [f'ok 1 {name}']:
            problems.append(f'suite {name} (run {witnessed[name]}): debugfs results end with {last}')
            totals['failed'] += 1
    for name in sorted(set(runs) | set(witnessed)):
        if runs[name] != witnessed[name] or runs[name] != args.repeat:
            problems.append(f'suite {name}: {runs[name]} runs on the console, '
                            f'{witnessed[name]} in debugfs, {args.repeat} expected')
            totals['failed'] += 1

    if len(suites) < expected:
        problems.append(f'{len(suites)} suites reported, the test modules declare {expected}')
        totals['failed'] += expected - len(suites)

    guest = [l.strip() for l in results if l.startswith('NTTHREAD-GUEST:')]
    for l in guest:
        if 'insmod-failed' in l or 'rmmod-failed' in l or 'check-failed' in l:
            problems.append(l)
            totals['failed'] += 1
    if not any(l.endswith(': done') for l in guest):
        problems.append('the guest did not reach the end of its run')
        totals['failed'] += 1

    check_ntstat(results, problems, totals)

    splats = [l.rstrip() for l in console if SPLAT.search(l)]
    leak = list(blocks(results, 'NTTHREAD-KMEMLEAK-BEGIN', 'NTTHREAD-KMEMLEAK-END'))
    if leak and 'unreferenced object' in leak[0][1]:
        splats.append('kmemleak: ' + leak[0][1].splitlines()[0])
    if splats:
        problems.append(f'{len(splats)} splat lines in the console log, first:')
        problems.extend('    ' + l for l in splats[:15])
        totals['failed'] += 1

    summary = dict(totals, kernel=args.kernel, suites=len(suites),
                   expected_suites=expected, splats=len(splats),
                   repeat=args.repeat,
                   runs={n: {'runs': runs[n], 'failed': failed_runs[n]} for n in sorted(runs)},
                   problems=problems)
    with open(args.summary, 'w') as f:
        json.dump(summary, f, indent=1)
    print(f"== Linux {args.kernel}: {totals['passed']} passed, "
          f"{totals['failed']} failed, {totals['skipped']} skipped; "
          f"suites {len(suites)}/{expected}; splats {len(splats)}")
    if args.repeat > 1:
        for n in sorted(runs):
            print(f'   {n}: {runs[n] - failed_runs[n]} of {runs[n]} runs passed')
    for p in problems:
        print('   ' + p)
    return 1 if totals['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
