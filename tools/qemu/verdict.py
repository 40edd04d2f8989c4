#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a guest run on the host: every verdict of the QEMU harness.

    verdict.py [--mode check] --kernel K --kunit kunit.py --console C
               --results R --summary S [--repeat N] MODULE.ko...
    verdict.py --mode stock --kernel K --console C --results R
    verdict.py --expect-red SUMMARY     (the harness's self-test)
    verdict.py --totals SUMMARY         (prints "passed failed skipped")

Check mode (tools/qemu/run.sh check|selftest): each suite's KTAP is taken
from the console log, which keeps every line (on 6.1 the debugfs results
keep only 512 bytes of log per case, which loses the results of
parameterised cases), given the top-level KTAP header that 6.1 does not
print for a module's suite, and parsed with the kernel's own
tools/testing/kunit parser.  The debugfs results, read in the guest, are a
second witness: each suite's final line there is the kernel's own verdict
and must be `ok`.

With --repeat N each suite ran N times in the boot, and each run is
judged on its own.  The run fails on any failed, crashed or unparsable
case; on fewer suite runs than the test modules declare times N; on a
module that did not load or unload; on a guest that did not reach its end;
on a suite that debugfs reports as failed; on a failed guest check; and on
any splat in the console log or the kmemleak report.

Stock mode (tools/qemu/stock.sh, Debian's stock kernel): the guest started
on that kernel, loaded and unloaded ntthread and the example drivers, read
the four debugfs files, the drivers logged what they should, and no splat.

--expect-red judges the self-test's check-mode summary (make check): the
known-bad module must have failed it for its failing case and its WARN.

SPLAT is the one list of kernel reports that fail a run, used here and by
tools/bench/report.py.
"""
import argparse
import inspect
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
# A KCSAN report runs from its BUG line to a line of '='.  The RT kernel's
# boot reports races of the kernel's own (lapic calibration): only reports
# whose text names ntthread or its test modules fail a run.
KCSAN_BEGIN = re.compile(r'BUG: KCSAN: ')
KCSAN_END = re.compile(r'^(\[\s*\d+\.\d+\] ?)?={20,}$')
OURS = re.compile(r'\[ntthread|ntthread_|\bntt?_\w+\+0x')
SUBTEST = re.compile(r'^    # Subtest: (\S+)$')
# tools/qemu/checks/zz-lockdep.sh provokes a lockdep report on purpose,
# between these kernel log lines: the report must be there, and the
# region holds no other splat.
EXPECT_BEGIN = 'ntthread-check: expected lockdep report begins'
EXPECT_END = 'ntthread-check: expected lockdep report ends'
EXPECTED_REPORT = 'possible circular locking dependency detected'
EXPECTED_LINES = re.compile(re.escape(EXPECTED_REPORT) + r'|Call Trace:')


def without_foreign_kcsan(console):
    """The console without the KCSAN reports that do not name ntthread,
    and how many were dropped."""
    kept, dropped, report = [], 0, None
    for l in console:
        if report is None and KCSAN_BEGIN.search(l):
            report = [l]
        elif report is not None:
            report.append(l)
            if KCSAN_END.match(l.rstrip()):
                if any(OURS.search(r) for r in report):
                    kept.extend(report)
                else:
                    dropped += 1
                report = None
        else:
            kept.append(l)
    return kept + (report or []), dropped


def without_expected_lockdep(console):
    """The console without the lockdep report that a guest check expects
    (its lines between the markers), and the problems: no report there, a
    region never closed."""
    kept, problems, region = [], [], None
    for l in console:
        if EXPECT_BEGIN in l:
            region = []
        elif region is not None and EXPECT_END in l:
            if not any(EXPECTED_REPORT in r for r in region):
                problems.append('the expected lockdep report did not appear')
            kept.extend(r for r in region if not EXPECTED_LINES.search(r))
            region = None
        elif region is not None:
            region.append(l)
        else:
            kept.append(l)
    if region is not None:
        problems.append('the expected lockdep report\'s region never ended')
        kept.extend(region)
    return kept, problems


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
    # Newer kunit.py (6.16 on) takes a printer; quiet, as stdout is ours.
    if 'printer' in inspect.signature(kunit_parser.parse_run_tests).parameters:
        import kunit_printer
        test = kunit_parser.parse_run_tests(lines, kunit_printer.null_printer)
    else:
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
    """tools/ntstat in the guest (tools/qemu/checks/ntstat.sh): each block
    is there, each JSON block parses, json-threads shows example_pool's four
    workers running and json-threads-after, taken after its unload, none."""
    text = dict(blocks(results, 'NTTHREAD-NTSTAT-BEGIN', 'NTTHREAD-NTSTAT-END'))
    bad = []
    for name in ('summary', 'threads', 'sites', 'json-threads', 'json-summary',
                 'json-threads-after', 'json-by-routine', 'json-sorted'):
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
    # --by routine: the four workers are one row; --sort: biggest first.
    def rows_of(name, key):
        doc = parsed.get(name)
        rows = doc.get(key) if isinstance(doc, dict) else None
        return rows if isinstance(rows, list) and all(isinstance(r, dict) for r in rows) else None
    rows = rows_of('json-by-routine', 'by_routine')
    pool = [r for r in rows or [] if r.get('start_routine') == 'pool_worker']
    if 'json-by-routine' in text and not (pool and pool[0].get('threads', 0) >= 4
                                          and pool[0].get('running', 0) >= 4):
        bad.append(f'ntstat json-by-routine: no pool_worker row of 4 running threads: {rows!r:.200}')
    rows = rows_of('json-sorted', 'threads')
    if 'json-sorted' in text and not (rows is not None and
                                      [t.get('total_bytes') for t in rows] ==
                                      sorted((t.get('total_bytes') for t in rows), reverse=True)):
        bad.append(f'ntstat json-sorted: not sorted by total_bytes: {rows!r:.200}')
    doc = parsed.get('json-summary', {'stats': {}, 'alloc_sites': []})
    if not (isinstance(doc, dict) and isinstance(doc.get('stats'), dict)
            and isinstance(doc.get('alloc_sites'), list)):
        bad.append('ntstat json-summary: no "stats" object and "alloc_sites" list')
    problems.extend(bad)
    totals['failed'] += len(bad)


def check_combined_ktap(args, suites, totals, problems):
    """One KTAP document for the whole run, {results}.ktap: every suite's in
    the order they ran, renumbered 1..N, which `kunit.py parse --json` (the
    kernel's own) must read with the same counts as the suites one by one."""
    path = f'{args.results}.ktap'
    out = ['KTAP version 1\n', f'1..{len(suites)}\n']
    for i, (name, text) in enumerate(suites, 1):
        for line in text.splitlines(keepends=True)[2:]:   # its own header and plan
            if line.startswith('# Totals:'):
                continue
            out.append(re.sub(r'^(not ok|ok) 1 ', rf'\g<1> {i} ', line))
    with open(path, 'w') as f:
        f.writelines(out)
    run = subprocess.run([sys.executable, args.kunit, 'parse', '--json', path],
                         capture_output=True, text=True)
    # The JSON is the last thing kunit.py prints (its summary comes first).
    doc = None
    start = run.stdout.find('{\n')
    if run.returncode == 0 and start >= 0:
        try:
            doc = json.loads(run.stdout[start:])
        except ValueError:
            pass
    if doc is None:
        problems.append(f'{path}: kunit.py parse --json failed (exit {run.returncode}): '
                        + (run.stderr or run.stdout).strip()[-300:])
        totals['failed'] += 1
        return
    def leaves(group):      # a parameterised case is a group of its params
        for t in group.get('test_cases', []):
            yield t.get('status')
        for g in group.get('sub_groups', []):
            yield from leaves(g)
    groups = doc.get('sub_groups', [])
    status = Counter(leaves(doc))
    if (len(groups) != len(suites) or status['PASS'] != totals['passed']
            or status['SKIP'] != totals['skipped']):
        problems.append(f'{path}: kunit.py parse --json read {len(groups)} suites and '
                        f'{dict(status)}; the suites one by one: {len(suites)} suites, '
                        f'{totals["passed"]} passed, {totals["skipped"]} skipped')
        totals['failed'] += 1


def check(args):
    """Check mode: the KUnit suites, the guest checks, splats; summary.json."""
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
        run = subprocess.run([sys.executable, __file__, '--kunit', args.kunit,
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

    check_combined_ktap(args, suites, totals, problems)

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

    judged, foreign_kcsan = without_foreign_kcsan(console)
    judged, expect_problems = without_expected_lockdep(judged)
    problems.extend(expect_problems)
    totals['failed'] += len(expect_problems)
    splats = [l.rstrip() for l in judged if SPLAT.search(l)]
    leak = list(blocks(results, 'NTTHREAD-KMEMLEAK-BEGIN', 'NTTHREAD-KMEMLEAK-END'))
    if leak and 'unreferenced object' in leak[0][1]:
        splats.append('kmemleak: ' + leak[0][1].splitlines()[0])
    if splats:
        problems.append(f'{len(splats)} splat lines in the console log, first:')
        problems.extend('    ' + l for l in splats[:15])
        totals['failed'] += 1

    summary = dict(totals, kernel=args.kernel, suites=len(suites),
                   expected_suites=expected, splats=len(splats),
                   foreign_kcsan=foreign_kcsan,
                   repeat=args.repeat,
                   runs={n: {'runs': runs[n], 'failed': failed_runs[n]} for n in sorted(runs)},
                   problems=problems)
    with open(args.summary, 'w') as f:
        json.dump(summary, f, indent=1)
    print(f"== Linux {args.kernel}: {totals['passed']} passed, "
          f"{totals['failed']} failed, {totals['skipped']} skipped; "
          f"suites {len(suites)}/{expected}; splats {len(splats)}" +
          (f"; {foreign_kcsan} KCSAN reports not naming ntthread"
           if foreign_kcsan else ''))
    if args.repeat > 1:
        for n in sorted(runs):
            print(f'   {n}: {runs[n] - failed_runs[n]} of {runs[n]} runs passed')
    for p in problems:
        print('   ' + p)
    return 1 if totals['failed'] else 0



def stock(args):
    """Stock mode: what init.sh's stock mode reported, and no splat."""
    lines = lambda p: (open(p, errors='replace').read().splitlines()
                       if os.path.exists(p) else [])
    console, results = lines(args.console), lines(args.results)
    problems = []

    said = [l.split('NTTHREAD-GUEST: ', 1)[1] for l in results
            if 'NTTHREAD-GUEST: ' in l]
    if not said or not said[0].startswith('start ' + args.kernel + ' '):
        problems.append('the guest did not start on ' + args.kernel)
    for want in ['loaded ntthread.ko', 'loaded example_pool.ko',
                 'loaded example_seed.ko', 'unloaded example_pool',
                 'unloaded example_seed', 'unloaded ntthread', 'done']:
        if want not in said:
            problems.append('the guest did not say "%s"' % want)
    for line in said:
        if line.startswith(('insmod-failed', 'rmmod-failed')):
            problems.append(line)

    # Each debugfs file: its header, then at least its own header line.
    files = {}
    name = None
    for line in results:
        m = re.match(r'^==> /sys/kernel/debug/ntthread/(\S+) <==$', line)
        if m:
            name = m.group(1)
            files[name] = []
        elif line.startswith(('---', 'NTTHREAD-')):
            name = None
        elif name:
            files[name].append(line)
    for f in ['stats', 'threads', 'alloc_sites', 'handles']:
        if f not in files:
            problems.append('no /sys/kernel/debug/ntthread/' + f)
        elif not files[f]:
            problems.append('/sys/kernel/debug/ntthread/%s read empty' % f)

    log = '\n'.join(console + results)
    for want in ['ntthread: loaded: System process PID 4',
                 'example_seed: System thread created successfully',
                 'example_seed: Hello from kernel thread',
                 'example_pool: stopped', 'ntthread: unloaded']:
        if want not in log:
            problems.append('no "%s" in the kernel log' % want)

    splats = [l.rstrip() for l in console if SPLAT.search(l)]
    problems += ['splat: ' + s for s in splats[:20]]
    # Unsigned modules taint the stock kernel: expected, and said.
    taint = [l for l in console if 'module verification failed' in l]

    for p in problems:
        print('PROBLEM ' + p)
    print('>> stock %s: %s (%d debugfs files read, %d splats%s)' % (
        args.kernel, 'FAILED' if problems else 'passed', len(files),
        len(splats), ', unsigned-module taint as expected' if taint else ''))
    return 1 if problems else 0


def load_summary(path):
    """A check-mode summary.json, or None (said on stdout) if unreadable."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f'verdict.py: no summary in {path!r}: {e}')
        return None


def expect_red(path):
    """The harness's self-test: tools/qemu/selftest's module has a failing
    case and a passing case that WARNs; its check-mode run must have
    failed for both."""
    d = load_summary(path)
    if d is None:
        print('>> self-test: NOT caught: no verdict')
        return 1
    text = '\n'.join(d['problems'])
    ok = 'ntthread_selftest_fail' in text and d['splats'] > 0 and 'WARNING:' in text
    print('>> self-test: ' + ('the failing case and the WARN were both caught' if ok
          else 'NOT caught: ' + text))
    return 0 if ok else 1


def totals(path):
    """make check's sum: a summary's counts."""
    d = load_summary(path)
    if d is None:
        return 1
    print(d['passed'], d['failed'], d['skipped'])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mode', choices=('check', 'stock'), default='check')
    ap.add_argument('--kernel')
    ap.add_argument('--kunit', help="the kernel's kunit.py")
    ap.add_argument('--console')
    ap.add_argument('--results')
    ap.add_argument('--summary')
    ap.add_argument('--repeat', type=int, default=1,
                    help='times each suite was run in the guest')
    ap.add_argument('--expect-red', metavar='SUMMARY',
                    help="judge the self-test's summary instead")
    ap.add_argument('--totals', metavar='SUMMARY',
                    help='print a summary\'s "passed failed skipped"')
    ap.add_argument('--parse-one', help=argparse.SUPPRESS)
    ap.add_argument('modules', nargs='*')
    args = ap.parse_args()
    if args.parse_one:
        if not args.kunit:
            ap.error('--parse-one needs --kunit')
        parse_one(os.path.dirname(os.path.abspath(args.kunit)), args.parse_one)
        return 0
    if args.expect_red is not None:
        return expect_red(args.expect_red)
    if args.totals is not None:
        return totals(args.totals)
    need = ['kernel', 'console', 'results']
    if args.mode == 'check':
        need += ['kunit', 'summary']
    missing = ['--' + n for n in need if getattr(args, n) is None]
    if missing:
        ap.error(f'--mode {args.mode} needs ' + ' '.join(missing))
    return check(args) if args.mode == 'check' else stock(args)


if __name__ == '__main__':
    sys.exit(main())
