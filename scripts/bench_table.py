#!/usr/bin/env python3
"""Turn the output of `make bench` boots into the comparison table.

    bench_table.py BASE_KTAP PATCHED_KTAP [--md FILE] [--json FILE]
                   [--title TEXT]

Each KTAP file is what one kernel's guest printed for guest/plans/bench.
Workloads print one line per run, "NAME: key=value key=value ...".  Every
row of ROWS picks one key of one workload; its figure is the median of the
runs, shown with min and max, and the ratio is patched / base.  A row's
goal is a bound on that ratio.  Prints the table (Markdown) and, with
--json, writes the same as JSON.  Exit status 1 when a row has no runs on
one of the kernels.
"""
import argparse
import json
import re
import statistics
import sys

# (workload, key, what, goal: the largest acceptable patched/base ratio)
ROWS = [
    ('ksm', 'read_faults',
     'KVM: guest page faults reading KSM-merged memory', 0.05),
    ('ksm', 'write_faults',
     'KVM: guest page faults writing it (COW break)', 1.00),
]

LINE = re.compile(r'^\s*#?\s*([a-z_]+): ((?:[a-z_]+=\S+\s*)+)$')


def parse(text):
    """{workload: [{key: number}, ...]}, one dict per run, in order."""
    runs = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        fields = {}
        for kv in m.group(2).split():
            k, _, v = kv.partition('=')
            try:
                fields[k] = float(v)
            except ValueError:
                fields[k] = v
        runs.setdefault(m.group(1), []).append(fields)
    return runs


def summary(runs, workload, key):
    vals = [r[key] for r in runs.get(workload, []) if key in r]
    if not vals:
        return None
    return {'median': statistics.median(vals), 'min': min(vals),
            'max': max(vals), 'runs': len(vals)}


def ratio(base, patched):
    if base['median'] == 0:
        return 0.0 if patched['median'] == 0 else float('inf')
    return patched['median'] / base['median']


def table(base_runs, patched_runs):
    rows = []
    for workload, key, what, goal in ROWS:
        b = summary(base_runs, workload, key)
        p = summary(patched_runs, workload, key)
        row = {'workload': workload, 'key': key, 'what': what, 'goal': goal,
               'base': b, 'patched': p}
        if b and p:
            row['ratio'] = ratio(b, p)
            row['met'] = row['ratio'] <= goal
        rows.append(row)
    return rows


def fmt(s):
    if not s:
        return 'no runs'
    n = lambda x: f'{x:g}'
    return f"{n(s['median'])} ({n(s['min'])}-{n(s['max'])})"


def markdown(rows, title=None):
    out = []
    if title:
        out += [title, '']
    out.append('| workload | base | patched | patched/base | goal | met |')
    out.append('|---|---:|---:|---:|---:|---|')
    for r in rows:
        ratio_s = f"{r['ratio']:.3f}" if 'ratio' in r else '-'
        met = {True: 'yes', False: '**no**'}.get(r.get('met'), '-')
        out.append(f"| {r['what']} | {fmt(r['base'])} | {fmt(r['patched'])}"
                   f" | {ratio_s} | <= {r['goal']:.2f} | {met} |")
    out.append('')
    out.append('Figures: median (min-max) of the runs.')
    return '\n'.join(out) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('base')
    ap.add_argument('patched')
    ap.add_argument('--md')
    ap.add_argument('--json')
    ap.add_argument('--title')
    a = ap.parse_args(argv)
    with open(a.base) as f:
        base_runs = parse(f.read())
    with open(a.patched) as f:
        patched_runs = parse(f.read())
    rows = table(base_runs, patched_runs)
    md = markdown(rows, a.title)
    sys.stdout.write(md)
    if a.md:
        with open(a.md, 'w') as f:
            f.write(md)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'title': a.title, 'rows': rows}, f, indent=1)
            f.write('\n')
    return 0 if all('ratio' in r for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
