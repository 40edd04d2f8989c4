#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn one guest run of tools/bench into a table and BENCH lines.

The guest prints raw figures per round ("ntbench: " lines, copied to
ttyS1 between NTTHREAD-BENCH-BEGIN/END); this script takes the medians,
the ratios and the verdicts:

    BENCH kernel=<version> metric=<name> ratio=<x> target=<op><y> verdict=<met|missed|n/a>

(n/a: memory on a kernel with KASAN, lockdep or kmemleak, not judged.)

Exit status: 0 when the benchmark ran to its end and every metric it was
asked for produced well-formed figures, whatever the verdicts; 1 when the
guest died, the module failed, the console shows a kernel report (the
harness's SPLAT list, tools/qemu/verdict.py), or the output is incomplete
or malformed.

    report.py --kernel K --results results.log --console console.log [--json F]
    report.py --combine a.json b.json ... [--markdown]
"""
import argparse
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'qemu'))
from verdict import SPLAT, TIMESTAMP  # noqa: E402  (the harness's splat list)

NT64_SEED_BYTES = 40960      # the seed's 64-bit NT figure per thread
LAYER_BUDGET_BYTES = 512

# metric -> (operator, target)
TARGETS = {
    'thread_cycle': ('<=', 1.05),
    'parallel_create': ('>=', 0.95),
    'handle_ref': ('<=', 1.0),
    'handle_scale': ('<=', 1.0),   # the layer's scaling / the xarray's
    'memory': ('<=', 0.75),
    'memory_layer': ('<=', 1.0),
    'thread_limit': ('>=', 0.97),
    'event_pingpong': ('<=', 1.10),
    'semaphore_pc': ('>=', 0.95),
    'wake': ('<=', 1.10),
    'pool': ('<=', 1.10),
    # the pool's two tracepoints while disabled, as a share of one
    # allocation and free: "off by default cost-wise" (issue #18)
    'pool_tracepoint': ('<=', 0.01),
}
KINDS = {'START', 'MEM', 'MEMROUND', 'CYCLE', 'PARALLEL', 'REFSETUP', 'REF',
         'LIMIT', 'LIMITWARM', 'RELEASE', 'PINGPONG', 'SEM', 'WAKESETUP',
         'WAKE', 'POOL', 'POOLSIZE', 'POOLTRACE', 'ERROR', 'END'}
PAIR = re.compile(r'^([a-z_0-9]+)=(\S*)$')


class Malformed(Exception):
    pass


def parse_lines(lines):
    """'KIND k=v ...' lines -> list of (kind, dict); ints where they are ints."""
    records = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        kind, *pairs = line.split()
        if kind not in KINDS:
            raise Malformed(f'unknown record: {line!r}')
        fields = {}
        for p in pairs:
            m = PAIR.match(p)
            if not m:
                raise Malformed(f'bad field {p!r} in {line!r}')
            k, v = m.groups()
            fields[k] = int(v) if re.fullmatch(r'-?\d+', v) else v
        records.append((kind, fields))
    return records


def guest_output(results_path, console_path):
    """(bench lines, guest status lines, complete?) from the run's logs."""
    read = lambda p: open(p, errors='replace').read().splitlines() if p else []
    try:
        results = read(results_path)
    except FileNotFoundError:
        results = []
    guest = [l.split(':', 1)[1].strip() for l in results
             if l.startswith('NTTHREAD-GUEST:')]
    bench, inside, closed = [], False, False
    for l in results:
        if l.startswith('NTTHREAD-BENCH-BEGIN'):
            inside = True
        elif l.startswith('NTTHREAD-BENCH-END'):
            inside, closed = False, True
        elif inside:
            bench.append(l)
    if not closed:
        # The guest died: what the module printed is still on the console.
        try:
            console = read(console_path)
        except FileNotFoundError:
            console = []
        bench = [TIMESTAMP.sub('', l).split('ntbench: ', 1)[1]
                 for l in console if 'ntbench: ' in l]
    return bench, guest, closed


def need(d, *keys):
    for k in keys:
        if k not in d:
            raise Malformed(f'missing {k} in {d}')
    return [d[k] for k in keys]


def verdict(name, ratio):
    op, target = TARGETS[name.split(':')[0]]
    ok = ratio <= target if op == '<=' else ratio >= target
    return op, target, 'met' if ok else 'missed'


def fmt_ns(ns):
    if ns >= 1e6:
        return f'{ns / 1e6:.2f} ms'
    if ns >= 1e3:
        return f'{ns / 1e3:.1f} us'
    return f'{ns:.0f} ns'


def analyse(records):
    """-> (start, metrics, problems); each metric a dict."""
    by = {}
    for kind, f in records:
        by.setdefault(kind, []).append(f)
    problems = [f"module error: metric={e.get('metric')} what={e.get('what')} "
                f"code={e.get('code')}" for e in by.get('ERROR', [])]
    start = (by.get('START') or [None])[0]
    if start is None:
        raise Malformed('no START line')
    wanted = re.split(r'[+,:]', str(start.get('metrics', '')))
    end = (by.get('END') or [None])[0]
    if end is None:
        problems.append('no END line: the module did not finish')
    metrics = []

    def paired(a, b):
        """median of the per-round ratios a/b, and their range"""
        rs = [x / y for x, y in zip(a, b)]
        return statistics.median(rs), (min(rs), max(rs))

    def add(name, ratio, layer, base, **extra):
        op, target, v = verdict(name, ratio)
        key = name.split(':')[0]
        metrics.append(dict(name=name.split(':')[-1], kind=key, ratio=ratio,
                            op=op, target=target, verdict=v, layer=layer,
                            base=base, extra=extra))

    if 'cycle' in wanted:
        rounds = by.get('CYCLE', [])
        if not rounds:
            problems.append('cycle: no rounds')
        else:
            ops = need(rounds[0], 'ops')[0]
            nt = [need(r, 'nt_ns')[0] for r in rounds]
            raw = [need(r, 'raw_ns')[0] for r in rounds]
            if min(nt + raw) <= 0:
                raise Malformed('cycle: zero time')
            phases = {k: statistics.median(r[k + '_ns'] for r in rounds) / ops
                      for k in ('nt_create', 'nt_wait', 'nt_close',
                                'raw_create', 'raw_wait')
                      if all(k + '_ns' in r for r in rounds)}
            ratio, spread = paired(nt, raw)
            add('thread_cycle', ratio,
                f'{fmt_ns(statistics.median(nt) / ops)}/cycle',
                f'{fmt_ns(statistics.median(raw) / ops)}/cycle (kthread)',
                rounds=len(rounds), phases=phases, spread=spread)

    if 'parallel' in wanted:
        rounds = by.get('PARALLEL', [])
        if not rounds:
            problems.append('parallel: no rounds')
        else:
            cpus, per = need(rounds[0], 'cpus', 'per_cpu')
            nt = [need(r, 'nt_ns')[0] for r in rounds]
            raw = [need(r, 'raw_ns')[0] for r in rounds]
            if min(nt + raw) <= 0:
                raise Malformed('parallel: zero time')
            n = cpus * per
            ratio, spread = paired(raw, nt)
            phases = {k: statistics.median(r[k + '_ns'] for r in rounds) / per
                      for k in ('nt_create', 'nt_join', 'nt_close', 'raw_create', 'raw_wait')
                      if all(k + '_ns' in r for r in rounds)}
            add('parallel_create', ratio,
                f'{n * 1e9 / statistics.median(nt):.0f} threads/s',
                f'{n * 1e9 / statistics.median(raw):.0f} threads/s (kthread)',
                rounds=len(rounds), cpus=cpus, spread=spread,
                par_phases=phases)

    if 'handle' in wanted:
        setups = by.get('REFSETUP', [])
        refs = by.get('REF', [])
        if not setups:
            problems.append('handle: no sizes set up')
        sizes = [need(s, 'size')[0] for s in setups]
        nt_med, xa_med = {}, {}
        for size in sizes:
            for scope in ('1cpu', 'allcpu', '1cpu_seq'):
                rs = [r for r in refs
                      if r.get('size') == size and r.get('scope') == scope]
                if not rs:
                    problems.append(f'handle: no rounds for size {size} {scope}')
                    continue
                ops = need(rs[0], 'ops')[0]
                nt = [need(r, 'nt_ns')[0] for r in rs]
                xa = [need(r, 'xa_ns')[0] for r in rs]
                if min(nt + xa) <= 0:
                    raise Malformed(f'handle: zero time at size {size}')
                nt_med[size, scope] = statistics.median(nt) / ops
                xa_med[size, scope] = statistics.median(xa) / ops
                ratio, spread = paired(nt, xa)
                add(f'handle_ref:handle_ref_{size}_{scope}', ratio,
                    f'{fmt_ns(nt_med[size, scope])}/ref',
                    f'{fmt_ns(statistics.median(xa) / ops)}/ref (xarray)',
                    rounds=len(rs), cpus=rs[0]['cpus'], spread=spread)
        if len(sizes) >= 2:
            # How much slower a reference gets from the smallest to the
            # largest table, relative to the xarray's own slow-down over
            # the same sizes and walk (the walk's locality costs both).
            lo, hi = min(sizes), max(sizes)
            for scope in ('1cpu', 'allcpu', '1cpu_seq'):
                if (lo, scope) in nt_med and (hi, scope) in nt_med:
                    scale = nt_med[hi, scope] / nt_med[lo, scope]
                    xarray = xa_med[hi, scope] / xa_med[lo, scope]
                    add(f'handle_scale:handle_scale_{scope}', scale / xarray,
                        f'{scale:.2f}x ({hi}/{lo})',
                        f'{xarray:.2f}x (xarray)',
                        sizes=f'{hi}/{lo}', scale=scale, xarray=xarray)

    if 'memory' in wanted:
        mem = (by.get('MEM') or [None])[0]
        if mem is None:
            problems.append('memory: no MEM line')
        else:
            (n, obj, page, hp, he, cp, ce, stack, guard,
             task) = need(mem, 'threads', 'object_bytes', 'page_bytes',
                          'handle_pages', 'handle_entries', 'cid_pages',
                          'cid_entries', 'stack_bytes', 'guard_bytes',
                          'task_bytes')
            if min(he, ce, n) <= 0:
                raise Malformed('memory: empty tables')
            handle = hp * page / he
            cid = cp * page / ce
            layer = round(obj + handle + cid)
            total = layer + stack + guard + task
            rounds = by.get('MEMROUND', [])
            meas = {s: [r['avail_drop_bytes'] / r['threads'] for r in rounds
                        if r.get('side') == s] for s in ('nt', 'raw')}
            measured = {s: round(statistics.median(v)) for s, v in meas.items() if v}
            breakdown = dict(object=obj, handle=round(handle), cid=round(cid),
                             stack=stack, guard=guard, task=task,
                             threads=n)
            add('memory', total / NT64_SEED_BYTES,
                f'{total} B/thread', f'{NT64_SEED_BYTES} B/thread (NT x64)',
                layer_bytes=layer, total_bytes=total, breakdown=breakdown,
                measured=measured)
            if any(start.get(k) == 1 for k in ('kasan', 'lockdep', 'kmemleak')):
                # Judged on the debug-free kernels only: KASAN doubles
                # THREAD_SIZE and the debug options grow the task_struct.
                metrics[-1]['verdict'] = 'n/a'
                metrics[-1]['extra']['why'] = 'debug kernel'
            add('memory_layer', layer / LAYER_BUDGET_BYTES,
                f'{layer} B/thread', f'{LAYER_BUDGET_BYTES} B budget',
                layer_bytes=layer, total_bytes=total)

    if 'limit' in wanted:
        limits = by.get('LIMIT', [])
        releases = by.get('RELEASE', [])
        nt = [r for r in limits if r.get('side') == 'nt']
        raw = [r for r in limits if r.get('side') == 'raw']
        if not nt or not raw:
            problems.append('limit: a side is missing')
        else:
            ntn = statistics.median(need(r, 'threads')[0] for r in nt)
            rawn = statistics.median(need(r, 'threads')[0] for r in raw)
            if rawn <= 0:
                raise Malformed('limit: no raw kthread was created')
            released = (len(releases) == len(limits) and
                        all(r.get('released') == 1 for r in releases))
            stops = '/'.join(sorted({f"{r['side']}:{r.get('stop')}" for r in limits}))
            add('thread_limit', ntn / rawn, f'{ntn:.0f} threads',
                f'{rawn:.0f} threads (kthread)', stop=stops,
                released='yes' if released else 'no',
                nt_threads=int(ntn), raw_threads=int(rawn))
            if not released:
                m = metrics[-1]
                m['verdict'] = 'missed'
                problems.append('limit: the layer was not back at its baseline: ' +
                                '; '.join(' '.join(f'{k}={v}' for k, v in r.items())
                                          for r in releases if r.get('released') != 1))
    if 'event_pingpong' in wanted:
        rounds = by.get('PINGPONG', [])
        if not rounds:
            problems.append('event_pingpong: no rounds')
        else:
            trips = need(rounds[0], 'trips')[0]
            nt = [need(r, 'nt_ns')[0] for r in rounds]
            raw = [need(r, 'raw_ns')[0] for r in rounds]
            if min(nt + raw) <= 0:
                raise Malformed('event_pingpong: zero time')
            ratio, spread = paired(nt, raw)
            add('event_pingpong', ratio,
                f'{fmt_ns(statistics.median(nt) / trips)}/round trip',
                f'{fmt_ns(statistics.median(raw) / trips)}/round trip (completion)',
                rounds=len(rounds), spread=spread)

    if 'semaphore_pc' in wanted:
        sems = by.get('SEM', [])
        sizes = sorted({need(r, 'size')[0] for r in sems})
        if not sizes:
            problems.append('semaphore_pc: no rounds')
        for size in sizes:
            rs = [r for r in sems if r['size'] == size]
            items = need(rs[0], 'items')[0]
            nt = [need(r, 'nt_ns')[0] for r in rs]
            raw = [need(r, 'raw_ns')[0] for r in rs]
            if min(nt + raw) <= 0:
                raise Malformed(f'semaphore_pc: zero time at size {size}')
            # throughput ratio: the same items in each side's time
            ratio, spread = paired(raw, nt)
            add(f'semaphore_pc:semaphore_pc_{size}', ratio,
                f'{items * 1e9 / statistics.median(nt):.0f} items/s',
                f'{items * 1e9 / statistics.median(raw):.0f} items/s (semaphore)',
                rounds=len(rs), spread=spread)

    if any(w.startswith('wake') for w in wanted):
        rounds = by.get('WAKE', [])
        if not rounds:
            problems.append('wake: no rounds')
        else:
            waiters, trials = need(rounds[0], 'waiters', 'trials')
            nt = [need(r, 'nt_ns')[0] for r in rounds]
            raw = [need(r, 'raw_ns')[0] for r in rounds]
            if min(nt + raw) <= 0:
                raise Malformed('wake: zero time')
            ratio, spread = paired(nt, raw)
            add(f'wake:wake_{waiters}', ratio,
                f'{fmt_ns(statistics.median(nt) / trials)}/wake-up',
                f'{fmt_ns(statistics.median(raw) / trials)}/wake-up (waitqueue)',
                rounds=len(rounds), spread=spread)

    if 'pool' in wanted:
        pools = by.get('POOL', [])
        info = {need(r, 'size')[0]: r for r in by.get('POOLSIZE', [])}
        if not pools:
            problems.append('pool: no rounds')
        for size in sorted({need(r, 'size')[0] for r in pools}):
            for scope in ('1cpu', 'allcpu'):
                rs = [r for r in pools if r['size'] == size and r.get('scope') == scope]
                if not rs:
                    problems.append(f'pool: no rounds for size {size} {scope}')
                    continue
                ops = need(rs[0], 'ops')[0]
                nt = [need(r, 'nt_ns')[0] for r in rs]
                raw = [need(r, 'raw_ns')[0] for r in rs]
                if min(nt + raw) <= 0:
                    raise Malformed(f'pool: zero time at size {size}')
                ratio, spread = paired(nt, raw)
                add(f'pool:pool_{size}_{scope}', ratio,
                    f'{fmt_ns(statistics.median(nt) / ops)}/alloc+free',
                    f'{fmt_ns(statistics.median(raw) / ops)}/alloc+free (kmalloc)',
                    rounds=len(rs), cpus=rs[0]['cpus'], spread=spread,
                    header_bytes=info.get(size, {}).get('header_bytes'),
                    overhead_bytes=info.get(size, {}).get('overhead_bytes'),
                    side=info.get(size, {}).get('side'))
        traces = by.get('POOLTRACE', [])
        if not traces:
            problems.append('pool: no tracepoint rounds')
        else:
            ops = need(traces[0], 'ops')[0]
            base, off, on, pool = ([need(r, k)[0] for r in traces]
                                   for k in ('base_ns', 'off_ns', 'on_ns', 'pool_ns'))
            if min(pool) <= 0:
                raise Malformed('pool: zero time for the tracepoint rounds')
            # one tracepoint disabled, enabled: the loop less the bare loop
            off_each = [max(o - b, 0) / ops for o, b in zip(off, base)]
            on_each = [max(o - b, 0) / ops for o, b in zip(on, base) if o]
            alloc_free = [p / ops for p in pool]
            ratio, spread = paired([2 * o for o in off_each], alloc_free)
            add('pool_tracepoint:pool_tracepoint_off', ratio,
                f'{statistics.median(off_each):.1f} ns/tracepoint off',
                f'{fmt_ns(statistics.median(alloc_free))}/alloc+free (pool)',
                rounds=len(traces), spread=spread,
                enabled_ns=(f'{statistics.median(on_each):.1f}' if on_each
                            else 'n/a'))
    return start, metrics, problems


def bench_line(kernel, m):
    line = (f"BENCH kernel={kernel} metric={m['name']} ratio={m['ratio']:.3f} "
            f"target={m['op']}{m['target']} verdict={m['verdict']}")
    if m['kind'] in ('memory', 'memory_layer'):
        line += f" layer_bytes={m['extra']['layer_bytes']} total_bytes={m['extra']['total_bytes']}"
    if m['kind'] == 'handle_scale':
        line += f" scale={m['extra']['scale']:.3f} xarray_scale={m['extra']['xarray']:.3f}"
    if m['kind'] == 'pool':
        line += (f" header_bytes={m['extra']['header_bytes']}"
                 f" overhead_bytes={m['extra']['overhead_bytes']}")
        if m['extra'].get('side') is not None:
            line += f" side={m['extra']['side']}"
    if m['kind'] == 'pool_tracepoint':
        line += f" enabled_ns={m['extra']['enabled_ns']}"
    return line


def print_table(kernel, start, metrics, out=sys.stdout):
    w = out.write
    cfg = ', '.join(k for k in ('kasan', 'lockdep', 'kmemleak') if start.get(k) == 1)
    w(f"ntthread benchmark on Linux {kernel}: {start.get('cpus')} CPUs, "
      f"{start.get('mem_mb')} MB, {start.get('rounds')} rounds, medians; "
      f"debug options: {cfg or 'none'}{'; SMOKE run' if start.get('smoke') == 1 else ''}\n")
    w(f"{'metric':<27} {'ntthread':<26} {'baseline':<32} {'ratio':>6}  {'target':<7} "
      f"{'verdict':<7} rounds' range\n")
    for m in metrics:
        e = m['extra']
        spread = (f"{e['spread'][0]:.2f}-{e['spread'][1]:.2f}" if e.get('spread')
                  else f"not judged: {e['why']}" if 'why' in e else '')
        w(f"{m['name']:<27} {m['layer']:<26} {m['base']:<32} {m['ratio']:>6.3f}  "
          f"{m['op'] + str(m['target']):<7} {m['verdict']:<7} {spread}\n")
        if 'breakdown' in e:
            b = e['breakdown']
            w(f"{'':<27} layer {e['layer_bytes']} B = object {b['object']} + handle "
              f"{b['handle']} + CID {b['cid']} (entry + amortised pages, "
              f"{b['threads']} threads)\n")
            w(f"{'':<27} total {e['total_bytes']} B = layer + stack {b['stack']} + "
              f"guard {b['guard']} + task {b['task']}\n")
            if e.get('measured'):
                meas = e['measured']
                w(f"{'':<27} MemAvailable drop per parked thread: ntthread "
                  f"{meas.get('nt', '?')} B, kthread {meas.get('raw', '?')} B\n")
        if e.get('phases') and len(e['phases']) == 5:
            p = {k: fmt_ns(v) for k, v in e['phases'].items()}
            w(f"{'':<27} ntthread: create {p['nt_create']} + reference/wait "
              f"{p['nt_wait']} + close {p['nt_close']}; kthread: create "
              f"{p['raw_create']} + wait {p['raw_wait']}\n")
        if e.get('par_phases') and len(e['par_phases']) >= 4:
            p = {k: fmt_ns(v) for k, v in e['par_phases'].items()}
            close = f" (close {p['nt_close']})" if 'nt_close' in p else ''
            w(f"{'':<27} per thread and creator: ntthread create {p['nt_create']} "
              f"+ join {p['nt_join']}{close}; kthread create {p['raw_create']} "
              f"+ wait {p['raw_wait']}\n")
        if 'stop' in e:
            w(f"{'':<27} stopped by {e['stop']}; released: {e['released']}\n")


def report(args):
    bench, guest, closed = guest_output(args.results, args.console)
    problems = []
    if not any(l.endswith('done') for l in guest):
        problems.append('the guest did not reach the end of its run (died, hung or timed out)')
    for l in guest:
        if 'insmod-failed' in l or 'rmmod-failed' in l:
            problems.append(l)
    if not closed:
        problems.append('no NTTHREAD-BENCH-END marker: figures below come from the console')
    splats = []
    try:
        splats = [l.rstrip() for l in open(args.console, errors='replace')
                  if SPLAT.search(l)] if args.console else []
    except FileNotFoundError:
        problems.append('no console log')
    if splats:
        problems.append(f'{len(splats)} kernel report lines in the console, first: ' +
                        ' | '.join(splats[:3]))
    start, metrics = None, []
    try:
        start, metrics, more = analyse(parse_lines(bench))
        problems += more
    except (Malformed, KeyError, TypeError, ValueError, ZeroDivisionError) as e:
        problems.append(f'malformed benchmark output: {e}')
    if start and not metrics:
        problems.append('no metric produced figures')
    if start:
        print_table(args.kernel, start, metrics)
    for m in metrics:
        print(bench_line(args.kernel, m))
    for p in problems:
        print(f'PROBLEM {p}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(dict(kernel=args.kernel, start=start, metrics=metrics,
                           problems=problems), f, indent=1)
    return 1 if problems else 0


def combine(args):
    runs = []
    for path in args.combine:
        try:
            runs.append(json.load(open(path)))
        except (OSError, ValueError) as e:
            print(f'PROBLEM {path}: {e}')
    names = []
    for r in runs:
        for m in r['metrics']:
            if m['name'] not in names:
                names.append(m['name'])
    cell = {(r['kernel'], m['name']): m for r in runs for m in r['metrics']}
    kernels = [r['kernel'] for r in runs]
    if args.markdown:
        print('| metric | target | ' + ' | '.join(kernels) + ' |')
        print('|---|---|' + '---|' * len(kernels))
        for n in names:
            any_m = next(cell[k, n] for k in kernels if (k, n) in cell)
            row = [f"{cell[k, n]['ratio']:.3f} {cell[k, n]['verdict']}"
                   if (k, n) in cell else '-' for k in kernels]
            print(f"| {n} | {any_m['op']}{any_m['target']} | " + ' | '.join(row) + ' |')
    else:
        print(f"{'metric':<26} {'target':<7} " + ' '.join(f'{k:<24}' for k in kernels))
        for n in names:
            any_m = next(cell[k, n] for k in kernels if (k, n) in cell)
            row = [f"{cell[k, n]['ratio']:.3f} {cell[k, n]['verdict']}"
                   if (k, n) in cell else '-' for k in kernels]
            print(f"{n:<26} {any_m['op'] + str(any_m['target']):<7} " +
                  ' '.join(f'{c:<24}' for c in row))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kernel')
    ap.add_argument('--results')
    ap.add_argument('--console')
    ap.add_argument('--json')
    ap.add_argument('--combine', nargs='+')
    ap.add_argument('--markdown', action='store_true')
    args = ap.parse_args()
    if args.combine:
        return combine(args)
    if not args.kernel or not args.results:
        ap.error('--kernel and --results are required')
    return report(args)


if __name__ == '__main__':
    sys.exit(main())
