#!/usr/bin/env python3
"""Turn the output of `make bench` boots into the comparison table.

    bench_table.py BASE_KTAP PATCHED_KTAP [--md FILE] [--json FILE]
                   [--plot FILE.png] [--plot-folios FILE.png] [--title TEXT]

Each KTAP file is what one kernel's guest printed for guest/plans/bench.
Workloads print one line per run, "NAME: key=value key=value ...".  Every
row of ROWS picks one key of one workload; its figure is the median of the
runs, shown with min, max and the spread ((max - min) / median), and the
ratio is patched / base.  A row's goal is a bound on that ratio; it is
"met" when the patched median is at most goal x base median plus the
larger of the two spreads (of the base median), and "worse" when every
patched run is above every base run (patched min > base max).  A scaling
row compares one kernel with itself instead (the cost at the largest
interval count over the cost at one), and its goal bounds the patched
kernel's figure.

Prints the table (Markdown); --md and --json write it, --plot draws the
interval scaling curve with gnuplot, --plot-folios the cost per page of
reclaim and migration of KVM guest memory for each folio size.  Exit status 1 when a row has no
runs on one of the kernels.

A second table compares the two forms of interval invalidation on the
patched kernel alone (the base has only the first): a munmap that N
device mirrors with a latency cover, invalidated in one pass (each device
waited for in turn) and in two (all told, then all waited for).  Its goal
bounds the two-pass figure at N devices by PASSES_GOAL times the one-pass
figure at one device: N devices at close to the cost of one.  Exit status
1 as well when one of its rows has no runs on the patched kernel.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys

OPS = [
    ('fault_munmap', 'page fault + munmap, per page'),
    ('mprotect', 'mprotect of 1 MiB'),
    ('dontneed', 'madvise(DONTNEED) of 1 MiB'),
    ('fork_exit', 'fork + exit of 16 MiB'),
    ('mremap', 'mremap of 1 MiB'),
]
MODES = [
    ('disarmed', 'disarmed', '1.000'),
    ('elsewhere', 'armed elsewhere', '1.00'),
    ('here', 'armed here', '1.00'),
]
SIZES = [1, 100, 10000, 100000]
TEARDOWN = [10000, 100000]
FOLIOS = [('4k', '4 KiB pages'), ('64k', '64 KiB mTHPs'),
          ('2m', '2 MiB THPs')]
IVAL_KEYS = [
    ('munmap', 'one-page munmap hitting one'),
    ('mprotect', 'one-page mprotect hitting one'),
    ('insert', 'insert, per interval'),
    ('remove', 'remove, per interval'),
]


def _rows():
    rows = []
    for mode, label, goal in MODES:
        for key, what in OPS:
            rows.append(('ops_' + mode, key, f'{label}: {what}', goal))
    for n in SIZES:
        for key, what in IVAL_KEYS:
            rows.append((f'intervals_{n}', key,
                         f'{n:,} intervals: {what}', '1.00'))
    for n in TEARDOWN:
        rows += [
            (f'teardown_{n}', 'ns',
             f'exit with {n:,} intervals + 1 classic: time', '1.00'),
            (f'teardown_{n}', 'callbacks',
             f'exit with {n:,} intervals + 1 classic: callbacks', '1.00'),
        ]
    rows += [
        ('mirror_alone', 'ns', 'device mirror (test_hmm): fault path, per '
         'page', '1.00'),
        ('mirror_busy', 'ns', 'device mirror: fault path, per page, with '
         'another CPU invalidating other pages', '1.00'),
        ('churn_1000', 'insert', '1,000 intervals: insert, per interval, '
         'while another CPU invalidates pages no interval covers', '1.00'),
        ('churn_1000', 'remove', '1,000 intervals: remove, per interval, '
         'the same', '1.00'),
        ('ksm', 'read_faults',
         'KVM: guest page faults reading KSM-merged memory', '0.05'),
        ('ksm', 'write_faults',
         'KVM: guest page faults writing it (COW break)', '1.00'),
        ('kvm_demand_paging', 'ns', 'KVM: demand_paging_test run time', '1.00'),
        ('kvm_memslot_stress', 'ns',
         'KVM: memslot_modification_stress_test run time', '1.00'),
        ('kvm_page_table', 'ns', 'KVM: kvm_page_table_test run time', '1.00'),
    ]
    for op, verb in (('reclaim', 'MADV_PAGEOUT'), ('migrate', 'move_pages')):
        for size, what in FOLIOS:
            w = f'kvm_{op}_{size}'
            rows += [
                (w, 'ns_per_page', f'KVM guest memory in {what}: {verb}, '
                 'per page', '1.00'),
                (w, 'flushes', f'KVM guest memory in {what}: {verb}, '
                 'remote TLB flush requests', '1.00'),
                (w, 'faults_after', f'KVM guest memory in {what}: guest '
                 f'page faults after {verb}', '1.00'),
            ]
    rows += [
        # ksmd merge throughput >= 0.95 x the base's: time <= 1/0.95.
        ('kvm_ksm', 'ns_per_page', 'KVM: ksmd merging guest pages, per page',
         '1.05'),
        # What change_pte costs per merge (no goal: the price of the
        # feature, set against the read faults above).
        ('kvm_ksm', 'flushes', 'KVM: ksmd merging guest pages, remote TLB '
         'flush requests', None),
        ('kvm_exit', 'ns', 'KVM: exit of a process whose guest touched '
         '1 GiB', '1.00'),
    ]
    return rows


# (workload, key, what, goal: the largest acceptable patched/base ratio,
# written with the precision it is judged at, or None: shown, not judged)
ROWS = _rows()
# (key, what, goal): intervals_<largest>.key / intervals_1.key, per kernel
SCALING = [
    ('munmap', f'munmap cost at {SIZES[-1]:,} intervals / at 1', 2.0),
    ('mprotect', f'mprotect cost at {SIZES[-1]:,} intervals / at 1', 2.0),
]

DEVICES = [1, 4, 16]
PASSES_GOAL = 1.5

LINE = re.compile(r'^\s*#?\s*([a-z][a-z0-9_]*): ((?:[a-z_]+=\S+\s*)+)$')


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
    vals = [r[key] for r in runs.get(workload, [])
            if isinstance(r.get(key), float)]
    if not vals:
        return None
    med = statistics.median(vals)
    spread = (max(vals) - min(vals)) / med if med else 0.0
    return {'median': med, 'min': min(vals), 'max': max(vals),
            'runs': len(vals), 'spread': spread}


def ratio(base, patched):
    if base['median'] == 0:
        return 0.0 if patched['median'] == 0 else float('inf')
    return patched['median'] / base['median']


def overlap(base, patched):
    """The min-max ranges of the two kernels' runs overlap: a difference
    between the medians is within the run-to-run spread."""
    return patched['min'] <= base['max'] and base['min'] <= patched['max']


def worse(base, patched):
    """Every patched run costs more than every base run."""
    return patched['min'] > base['max']


def met(base, patched, goal):
    """The patched median is within the goal, give or take the larger
    run-to-run spread of the two kernels."""
    slack = max(base['spread'], patched['spread'])
    return patched['median'] <= base['median'] * (goal + slack)


def scaling(runs, key):
    """Median cost at the largest size over median cost at size 1."""
    lo = summary(runs, f'intervals_{SIZES[0]}', key)
    hi = summary(runs, f'intervals_{SIZES[-1]}', key)
    if not lo or not hi or lo['median'] == 0:
        return None
    return hi['median'] / lo['median']


def table(base_runs, patched_runs):
    rows = []
    for workload, key, what, goal in ROWS:
        b = summary(base_runs, workload, key)
        p = summary(patched_runs, workload, key)
        row = {'kind': 'ratio', 'workload': workload, 'key': key,
               'what': what, 'goal': None if goal is None else float(goal),
               'goal_text': goal, 'base': b, 'patched': p}
        if b and p:
            row['ratio'] = ratio(b, p)
            if goal is not None:
                row['met'] = met(b, p, row['goal'])
            row['worse'] = worse(b, p)
            row['overlap'] = overlap(b, p)
        rows.append(row)
    for key, what, goal in SCALING:
        b = scaling(base_runs, key)
        p = scaling(patched_runs, key)
        row = {'kind': 'scaling', 'workload': 'intervals', 'key': key,
               'what': what, 'goal': goal, 'base': b, 'patched': p}
        if b is not None and p is not None:
            row['ratio'] = p
            row['met'] = p <= goal
        rows.append(row)
    return rows


def passes(patched_runs):
    """Rows of the two-pass table: one pass and two passes per N."""
    one = summary(patched_runs, f'devices_{DEVICES[0]}', 'one_pass')
    rows = []
    for n in DEVICES:
        o = summary(patched_runs, f'devices_{n}', 'one_pass')
        t = summary(patched_runs, f'devices_{n}', 'two_pass')
        lat = [r.get('latency_us') for r in patched_runs.get(f'devices_{n}', [])]
        row = {'kind': 'passes', 'devices': n, 'one_pass': o, 'two_pass': t,
               'latency_us': lat[0] if lat else None, 'goal': PASSES_GOAL}
        if o and t and one:
            row['ratio'] = t['median'] / o['median']
            row['met'] = t['median'] <= one['median'] * (
                PASSES_GOAL + max(t['spread'], one['spread']))
        rows.append(row)
    return rows


def passes_markdown(rows):
    lat = next((r['latency_us'] for r in rows if r['latency_us']), None)
    out = ['', 'Interval subscriptions invalidated in two passes, patched '
           'kernel only: the munmap of a page that N device mirrors of the '
           'test driver cover, each device taking '
           f"{num(lat) if lat else '?'} us to drop its mappings.  One pass: "
           'each ->invalidate() waits for its device before the next is '
           'called, as every interval subscription does on the base.  Two '
           'passes: every device is told, then each is waited for.', '',
           '| devices | one pass | two passes | two/one | goal | met |',
           '|---:|---:|---:|---:|---:|---|']
    for r in rows:
        ok = {True: 'yes', False: '**no**'}.get(r.get('met'), '-')
        ratio_s = f"{r['ratio']:.3f}" if 'ratio' in r else '-'
        out.append(f"| {r['devices']} | {fmt(r['one_pass'])} | "
                   f"{fmt(r['two_pass'])} | {ratio_s} | two passes <= "
                   f"{r['goal']:.1f} x one pass of 1 device | {ok} |")
    return '\n'.join(out) + '\n'


def num(x):
    if abs(x) >= 100:
        return f'{x:,.0f}'
    return f'{x:.3g}'


def fmt(s):
    if s is None:
        return 'no runs'
    if isinstance(s, float):
        return f'{s:.2f}'
    return f"{num(s['median'])} ({num(s['min'])}-{num(s['max'])})"


def markdown(rows, title=None):
    out = []
    if title:
        out += [title, '']
    out.append('| workload | base | patched | spread base / patched '
               '| patched/base | goal | met | worse |')
    out.append('|---|---:|---:|---:|---:|---:|---|---|')
    for r in rows:
        ok = {True: 'yes', False: '**no**'}.get(r.get('met'), '-')
        if r['kind'] == 'scaling':
            ratio_s = spread = '-'
            goal = f"patched <= {r['goal']:.2f}"
        else:
            ratio_s = f"{r['ratio']:.3f}" if 'ratio' in r else '-'
            goal = '-' if r['goal'] is None else f"<= {r['goal_text']}"
            spread = ' / '.join(f"{x['spread']:.2%}" if x else '-'
                                for x in (r['base'], r['patched']))
        bad = {True: '**yes**', False: 'no'}.get(r.get('worse'), '-')
        out.append(f"| {r['what']} | {fmt(r['base'])} | {fmt(r['patched'])}"
                   f" | {spread} | {ratio_s} | {goal} | {ok} | {bad} |")
    out.append('')
    out.append('Figures: median (min-max) of the runs; times in guest ns '
               'per operation (one instruction each under -icount '
               'shift=0), scaling rows as a plain ratio.  Spread: (max - '
               'min) / median of a kernel\'s runs.  "met": patched median '
               '<= base median x (goal + the larger spread).  "worse": '
               'every patched run above every base run.')
    return '\n'.join(out) + '\n'


def median_pairs(base_runs, patched_runs, workloads, key):
    """(workload, base median, patched median) of @key for each of
    @workloads that has runs on both kernels, in order."""
    out = []
    for w in workloads:
        b = summary(base_runs, w, key)
        p = summary(patched_runs, w, key)
        if b and p:
            out.append((w, b['median'], p['median']))
    return out


def plot_data(base_runs, patched_runs, key):
    """Lines "N base patched" of the median cost of @key per size."""
    pairs = median_pairs(base_runs, patched_runs,
                         [f'intervals_{n}' for n in SIZES], key)
    return ''.join(f"{w.split('_')[1]} {b:g} {p:g}\n" for w, b, p in pairs)


def plot(base_runs, patched_runs, path, title):
    data = {k: plot_data(base_runs, patched_runs, k)
            for k in ('munmap', 'mprotect')}
    script = f"""set terminal pngcairo size 800,500 noenhanced
set output '{path}'
set title '{title}'
set logscale x
set xlabel 'interval notifiers on the mm'
set ylabel 'guest ns per call (instructions)'
set key bottom right
set yrange [0:*]
plot '-' using 1:2 with linespoints title 'munmap, base', \\
     '-' using 1:3 with linespoints title 'munmap, patched', \\
     '-' using 1:2 with linespoints title 'mprotect, base', \\
     '-' using 1:3 with linespoints title 'mprotect, patched'
{data['munmap']}e
{data['munmap']}e
{data['mprotect']}e
{data['mprotect']}e
"""
    subprocess.run(['gnuplot'], input=script, text=True, check=True)


def folio_data(base_runs, patched_runs, op):
    """Lines "INDEX LABEL base patched" of the median cost per page of
    kvm_<op>_<size> for each folio size; sizes without runs on both
    kernels are left out."""
    names = [f'kvm_{op}_{size}' for size, _ in FOLIOS]
    pairs = median_pairs(base_runs, patched_runs, names, 'ns_per_page')
    return ''.join(f"{names.index(w)} {w.rsplit('_', 1)[1]} {b:g} {p:g}\n"
                   for w, b, p in pairs)


def plot_folios(base_runs, patched_runs, path, title):
    data = {op: folio_data(base_runs, patched_runs, op)
            for op in ('reclaim', 'migrate')}
    script = f"""set terminal pngcairo size 800,500 noenhanced
set output '{path}'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xlabel 'folio size backing the guest memory'
set ylabel 'guest ns per page (instructions)'
set key top right
set yrange [0:*]
set multiplot layout 1,2 title '{title}'
set title 'MADV_PAGEOUT'
plot '-' using 3:xtic(2) title 'base', '-' using 4 title 'patched'
{data['reclaim']}e
{data['reclaim']}e
set title 'move_pages'
plot '-' using 3:xtic(2) title 'base', '-' using 4 title 'patched'
{data['migrate']}e
{data['migrate']}e
unset multiplot
"""
    subprocess.run(['gnuplot'], input=script, text=True, check=True)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('base')
    ap.add_argument('patched')
    ap.add_argument('--md')
    ap.add_argument('--json')
    ap.add_argument('--plot')
    ap.add_argument('--plot-folios')
    ap.add_argument('--title')
    a = ap.parse_args(argv)
    with open(a.base) as f:
        base_runs = parse(f.read())
    with open(a.patched) as f:
        patched_runs = parse(f.read())
    rows = table(base_runs, patched_runs)
    prow = passes(patched_runs)
    md = markdown(rows, a.title) + passes_markdown(prow)
    sys.stdout.write(md)
    if a.md:
        with open(a.md, 'w') as f:
            f.write(md)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'title': a.title, 'rows': rows, 'passes': prow}, f,
                      indent=1)
            f.write('\n')
    if a.plot:
        plot(base_runs, patched_runs, a.plot,
             'Interval notifiers on one mm: one-page munmap and mprotect')
    if a.plot_folios:
        plot_folios(base_runs, patched_runs, a.plot_folios,
                    'KVM guest memory: reclaim and migration per page')
    return 0 if all('ratio' in r for r in rows + prow) else 1


if __name__ == '__main__':
    sys.exit(main())
