#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Draw ntthread's pictures with matplotlib, from real runs.

1. memory.{svg,png}: bytes per thread split by allocation site, for 32-bit
   and 64-bit NT (the seed's published totals; the seed itemises no site
   except that WRK's kernel stacks are known) and for this module as
   measured on each kernel (`ntstat --json sites` captured in the guest).
2. bench.{svg,png}: handle-reference cost against open handles (log scale)
   for the layer and the xarray baseline, and the thread-cycle cost of raw
   kthreads and of the layer, from tools/bench's raw figures.
3. pool.{svg,png}: each thread's pool bytes now, stacked by tag, while the
   example drivers run (`ntstat --json --by thread pool` in the guest).

    plots.py --out DIR --date D --sites KERNEL=LOG ... --bench KERNEL=DIR ...
             --pool KERNEL=LOG ...
"""
import argparse
import json
import os
import statistics
import sys

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', 'bench'))
import report  # noqa: E402  (tools/bench/report.py: the guest's figures)

SITES = ['object', 'handle', 'cid', 'teb', 'stack', 'task']
LABELS = {'object': 'thread object (ObCreateObject)',
          'handle': 'handle entry + table pages (ExCreateHandle)',
          'cid': 'CID entry + table pages',
          'teb': 'TEB (MmCreateTeb): none for system threads',
          'stack': 'kernel stack (+ guard page)',
          'task': 'Linux task_struct + kthread',
          'other': 'rest of the published total (not itemised)'}
COLORS = {'object': '#4e79a7', 'handle': '#f28e2b', 'cid': '#e15759',
          'teb': '#76b7b2', 'stack': '#59a14f', 'task': '#edc948',
          'other': '#bab0ac'}


def marked_json(path, marker):
    """The JSON between the guest's MARKER-BEGIN and MARKER-END lines."""
    lines, inside = [], False
    for line in open(path, errors='replace'):
        if line.startswith(marker + '-BEGIN'):
            inside = True
        elif line.startswith(marker + '-END'):
            break
        elif inside:
            lines.append(line)
    if not lines:
        sys.exit(f'plots: no {marker} JSON in {path}')
    return json.loads(''.join(lines))


def sites_json(path):
    """The alloc_sites list between the guest's JSON markers."""
    return {row['site']: row for row in
            marked_json(path, 'NTTHREAD-SITES-JSON')['alloc_sites']}


def pool_plot(runs, out, date):
    """A bar per thread of this layer: its pool bytes now, stacked by tag."""
    fig, axes = plt.subplots(1, len(runs), figsize=(6 * len(runs) + 2, 5),
                             squeeze=False)
    tags = sorted({r['tag'] for rows in runs.values() for r in rows
                   if r['tid'] is not None and r['bytes'] > 0})
    cmap = plt.get_cmap('tab10')
    color = {t: cmap(i % 10) for i, t in enumerate(tags)}
    for ax, (kernel, rows) in zip(axes[0], runs.items()):
        threads = {}
        for r in rows:
            if r['tid'] is None or r['bytes'] <= 0:
                continue
            key = (r['tid'], r['start_routine'])
            threads.setdefault(key, {}).setdefault(r['tag'], 0)
            threads[key][r['tag']] += r['bytes']
        keys = sorted(threads)
        for x, key in enumerate(keys):
            bottom = 0
            for tag in tags:
                v = threads[key].get(tag, 0)
                if v:
                    ax.bar(x, v, bottom=bottom, color=color[tag], width=0.6,
                           edgecolor='white')
                    bottom += v
            ax.text(x, bottom, f'{bottom} B', ha='center', va='bottom',
                    fontsize=8)
        ax.set_xticks(range(len(keys)),
                      [f'TID {t}\n{routine}' for t, routine in keys], fontsize=8)
        ax.set_ylabel('pool bytes held now')
        ax.set_title(f'Linux {kernel}', fontsize=10)
    handles = [plt.Rectangle((0, 0), 1, 1, color=color[t]) for t in tags]
    fig.legend(handles, tags, title='pool tag', fontsize=8, title_fontsize=9,
               loc='center right')
    fig.suptitle('Pool held per thread, by tag, while example_pool runs '
                 '(pool_threads)', fontsize=11)
    fig.text(0.99, 0.01, date, ha='right', fontsize=7)
    fig.tight_layout(rect=(0, 0.02, 0.86, 0.95))
    for ext in ('svg', 'png'):
        fig.savefig(os.path.join(out, f'pool.{ext}'), dpi=110)


def memory_plot(sites, out, date):
    # NT: the seed's totals; the kernel stack is WRK's, the rest unitemised.
    any_run = next(iter(sites.values()))
    bars = []
    for bits, key in (('32', 'nt32_bytes'), ('64', 'nt64_bytes')):
        total = any_run['total'][key]
        stack = any_run['stack'][key]
        bars.append((f'NT {bits}-bit\n(published)', {'stack': stack,
                                                     'other': total - stack}))
    for kernel, rows in sites.items():
        bars.append((f'ntthread\nLinux {kernel}\n(measured)',
                     {s: rows[s]['mean_bytes'] for s in SITES}))

    fig, ax = plt.subplots(figsize=(12, 5.5))
    order = SITES + ['other']
    used = set()
    for x, (label, parts) in enumerate(bars):
        bottom = 0
        for site in order:
            v = parts.get(site, 0)
            if not v:
                continue
            ax.bar(x, v / 1024, bottom=bottom / 1024, color=COLORS[site],
                   label=LABELS[site] if site not in used else None,
                   edgecolor='white', width=0.6)
            used.add(site)
            bottom += v
        text = f'{bottom / 1024:.1f} KiB'
        layer = sum(parts.get(s, 0) for s in ('object', 'handle', 'cid'))
        if layer:
            text += f'\n(layer\'s own: {layer} B)'
        ax.text(x, bottom / 1024 + 0.5, text, ha='center', va='bottom',
                fontsize=9, fontweight='bold')
    ax.set_xticks(range(len(bars)), [b[0] for b in bars], fontsize=9)
    ax.set_ylabel('kernel memory per system thread (KiB)')
    ax.set_ylim(0, max(sum(p.values()) for _, p in bars) / 1024 * 1.25)
    ax.set_title('Where a thread\'s memory goes: NT (seed) vs. ntthread (measured)')
    ax.legend(fontsize=8, loc='upper left', bbox_to_anchor=(1.01, 1),
              title='allocation site', title_fontsize=9)
    fig.text(0.99, 0.01, f'{date}; Linux bars: debug-free kernels, '
             'mean over the threads created', ha='right', fontsize=7)
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    for ext in ('svg', 'png'):
        fig.savefig(os.path.join(out, f'memory.{ext}'), dpi=110)


def bench_records(run_dir):
    bench, _, _ = report.guest_output(os.path.join(run_dir, 'results.log'),
                                      os.path.join(run_dir, 'console.log'))
    by = {}
    for kind, f in report.parse_lines(bench):
        by.setdefault(kind, []).append(f)
    return by


def bench_plot(runs, out, date):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8))
    markers = iter('osD^v<>')
    # Wide first, so that curves that coincide stay visible.
    widths = iter([5, 2, 1.5, 1])
    for kernel, by in runs.items():
        refs = [r for r in by.get('REF', []) if r.get('scope') == '1cpu']
        sizes = sorted({r['size'] for r in refs})
        if not sizes:
            sys.exit(f'plots: no handle-reference rounds for {kernel}')
        med = lambda key, s: statistics.median(
            r[key] / r['ops'] for r in refs if r['size'] == s)
        m, w = next(markers), next(widths)
        left.plot(sizes, [med('nt_ns', s) for s in sizes], marker=m,
                  linewidth=w, alpha=0.8, label=f'ntthread, {kernel}')
        left.plot(sizes, [med('xa_ns', s) for s in sizes], marker=m,
                  linewidth=w, alpha=0.8, linestyle='--',
                  label=f'xarray + refcount, {kernel}')
    left.set_xscale('log')
    left.set_xlabel('open handles')
    left.set_ylabel('ns per reference + dereference (one CPU)')
    left.set_ylim(bottom=0)
    left.set_title('Handle reference cost (random order)')
    left.legend(fontsize=8)

    kernels = list(runs)
    width = 0.38
    for i, (side, key) in enumerate((('raw kthread', 'raw_ns'),
                                     ('ntthread', 'nt_ns'))):
        vals = []
        for kernel in kernels:
            rounds = runs[kernel].get('CYCLE', [])
            vals.append(statistics.median(r[key] / r['ops'] for r in rounds) / 1000)
        xs = [x + (i - 0.5) * width for x in range(len(kernels))]
        bars = right.bar(xs, vals, width, label=side)
        right.bar_label(bars, fmt='%.0f', fontsize=8)
    right.set_xticks(range(len(kernels)), kernels)
    right.set_ylabel('µs per create → run → wait → close')
    right.set_title('Thread cycle cost')
    right.legend(fontsize=8)
    fig.text(0.99, 0.01, f'{date}; median of the rounds of one guest run each '
             '(QEMU TCG: emulated time, compare within a kernel)',
             ha='right', fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    for ext in ('svg', 'png'):
        fig.savefig(os.path.join(out, f'bench.{ext}'), dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--date', required=True)
    ap.add_argument('--sites', action='append', default=[],
                    help='KERNEL=demo log with ntstat JSON')
    ap.add_argument('--bench', action='append', default=[],
                    help='KERNEL=bench run directory')
    ap.add_argument('--pool', action='append', default=[],
                    help='KERNEL=demo log with ntstat JSON')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.sites:
        memory_plot({k: sites_json(p) for k, p in
                     (a.split('=', 1) for a in args.sites)}, args.out, args.date)
    if args.pool:
        pool_plot({k: marked_json(p, 'NTTHREAD-POOL-JSON')['pool_threads']
                   for k, p in (a.split('=', 1) for a in args.pool)},
                  args.out, args.date)
    if args.bench:
        bench_plot({k: bench_records(p) for k, p in
                    (a.split('=', 1) for a in args.bench)}, args.out, args.date)


if __name__ == '__main__':
    main()
