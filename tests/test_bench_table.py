"""Unit tests of scripts/bench_table.py."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'scripts'))
import bench_table  # noqa: E402

KTAP = """KTAP version 1
# begin bench:ksm
    ksm: pages=256 merged=260 read_faults=256 write_faults=512
    ksm: pages=256 merged=260 read_faults=250 write_faults=510
    ksm: pages=256 merged=260 read_faults=260 write_faults=515
ok 1 bench:ksm
"""

PATCHED = """    ksm: pages=256 merged=260 read_faults=1 write_faults=256
    ksm: pages=256 merged=260 read_faults=0 write_faults=256
    ksm: pages=256 merged=260 read_faults=2 write_faults=300
"""


class BenchTable(unittest.TestCase):
    def test_parse_runs(self):
        runs = bench_table.parse(KTAP)
        self.assertEqual(len(runs['ksm']), 3)
        self.assertEqual(runs['ksm'][1]['read_faults'], 250)

    def test_other_lines_ignored(self):
        self.assertEqual(bench_table.parse('ok 1 x\n# time a 1s exit 0\n'),
                         {})

    def row(self, rows, workload, key):
        return next(r for r in rows
                    if r['workload'] == workload and r['key'] == key)

    def test_median_min_max_and_ratio(self):
        rows = bench_table.table(bench_table.parse(KTAP),
                                 bench_table.parse(PATCHED))
        read = self.row(rows, 'ksm', 'read_faults')
        self.assertEqual(read['base'], {'median': 256, 'min': 250,
                                        'max': 260, 'runs': 3,
                                        'spread': 10 / 256})
        self.assertEqual(read['patched']['median'], 1)
        self.assertAlmostEqual(read['ratio'], 1 / 256)
        self.assertTrue(read['met'])
        self.assertTrue(self.row(rows, 'ksm', 'write_faults')['met'])

    def test_goal_missed(self):
        worse = ('ksm: read_faults=1 write_faults=600\n'
                 'ksm: read_faults=0 write_faults=601\n'
                 'ksm: read_faults=2 write_faults=602\n')
        rows = bench_table.table(bench_table.parse(KTAP),
                                 bench_table.parse(worse))
        r = self.row(rows, 'ksm', 'write_faults')
        self.assertFalse(r['met'])
        self.assertTrue(r['worse'])
        self.assertIn('**no**', bench_table.markdown(rows))
        self.assertIn('**yes**', bench_table.markdown(rows))

    def test_teardown_per_size_and_mirror_rows(self):
        base = ('teardown_100000: intervals=100000 ns=900 callbacks=200001\n'
                'mirror_busy: pages=256 ns=1000.5 faults=4 invalidations=9\n')
        patched = ('teardown_100000: intervals=100000 ns=600 '
                   'callbacks=100001\n'
                   'mirror_busy: pages=256 ns=1100.0 faults=5 '
                   'invalidations=9\n')
        rows = bench_table.table(bench_table.parse(base),
                                 bench_table.parse(patched))
        t = self.row(rows, 'teardown_100000', 'callbacks')
        self.assertIn('100,000 intervals', t['what'])
        self.assertAlmostEqual(t['ratio'], 100001 / 200001)
        m = self.row(rows, 'mirror_busy', 'ns')
        self.assertAlmostEqual(m['ratio'], 1100.0 / 1000.5)
        self.assertTrue(m['worse'])

    def test_names_with_digits(self):
        runs = bench_table.parse('intervals_100000: insert=12.5 '
                                 'remove=3 munmap=900.1 mprotect=1e3\n')
        self.assertEqual(runs['intervals_100000'][0]['mprotect'], 1000.0)

    def test_scaling_row_is_patched_against_itself(self):
        def ivals(lo, hi):
            return (f'intervals_1: munmap={lo} mprotect={lo}\n'
                    f'intervals_100000: munmap={hi} mprotect={hi}\n')
        rows = bench_table.table(bench_table.parse(ivals(1000, 5000)),
                                 bench_table.parse(ivals(1000, 1900)))
        r = self.row(rows, 'intervals', 'munmap')
        self.assertEqual(r['kind'], 'scaling')
        self.assertAlmostEqual(r['base'], 5.0)
        self.assertAlmostEqual(r['ratio'], 1.9)
        self.assertTrue(r['met'])
        rows = bench_table.table(bench_table.parse(ivals(1000, 1000)),
                                 bench_table.parse(ivals(1000, 2100)))
        self.assertFalse(self.row(rows, 'intervals', 'munmap')['met'])

    def test_plot_data_needs_both_kernels(self):
        base = bench_table.parse('intervals_1: munmap=10\n'
                                 'intervals_100: munmap=20\n')
        patched = bench_table.parse('intervals_1: munmap=8\n')
        self.assertEqual(bench_table.plot_data(base, patched, 'munmap'),
                         '1 10 8\n')

    def test_kvm_folio_rows(self):
        base = ('kvm_reclaim_64k: pages=4096 ns=1 ns_per_page=4858 '
                'flushes=256 faults_after=4096 swapped=4096\n'
                'kvm_ksm: pages=4096 ns=1 ns_per_page=24000 flushes=4096 '
                'merged=4096\n')
        patched = ('kvm_reclaim_64k: pages=4096 ns=1 ns_per_page=4867 '
                   'flushes=256 faults_after=4096 swapped=4096\n'
                   'kvm_ksm: pages=4096 ns=1 ns_per_page=25100 '
                   'flushes=8192 merged=4096\n')
        rows = bench_table.table(bench_table.parse(base),
                                 bench_table.parse(patched))
        r = self.row(rows, 'kvm_reclaim_64k', 'ns_per_page')
        self.assertIn('64 KiB mTHPs', r['what'])
        self.assertAlmostEqual(r['ratio'], 4867 / 4858)
        self.assertFalse(r['met'])
        self.assertTrue(self.row(rows, 'kvm_reclaim_64k', 'flushes')['met'])
        # ksmd throughput 0.956 x the base's: within its goal.
        self.assertTrue(self.row(rows, 'kvm_ksm', 'ns_per_page')['met'])
        # The flush count is shown, not judged.
        f = self.row(rows, 'kvm_ksm', 'flushes')
        self.assertEqual(f['ratio'], 2.0)
        self.assertNotIn('met', f)
        line = next(x for x in bench_table.markdown(rows).splitlines()
                    if 'flush requests' in x and 'ksmd' in x)
        self.assertIn('| 2.000 | - | - |', line)

    def test_folio_plot_data(self):
        base = bench_table.parse('kvm_migrate_4k: ns_per_page=10500\n'
                                 'kvm_migrate_2m: ns_per_page=4800\n')
        patched = bench_table.parse('kvm_migrate_4k: ns_per_page=10400\n'
                                    'kvm_migrate_64k: ns_per_page=6500\n'
                                    'kvm_migrate_2m: ns_per_page=4810\n')
        self.assertEqual(bench_table.folio_data(base, patched, 'migrate'),
                         '0 4k 10500 10400\n2 2m 4800 4810\n')

    def test_overlap_of_ranges(self):
        rows = bench_table.table(bench_table.parse(KTAP),
                                 bench_table.parse(PATCHED))
        self.assertFalse(self.row(rows, 'ksm', 'read_faults')['overlap'])
        a = {'median': 10, 'min': 9, 'max': 12, 'runs': 3}
        b = {'median': 12, 'min': 11, 'max': 13, 'runs': 3}
        self.assertTrue(bench_table.overlap(a, b))
        self.assertIn('| yes |', bench_table.markdown(rows[:0] + [
            dict(self.row(rows, 'ksm', 'write_faults'), overlap=True)]))

    def test_met_within_the_larger_spread(self):
        def s(med, lo, hi):
            return {'median': med, 'min': lo, 'max': hi, 'runs': 5,
                    'spread': (hi - lo) / med}
        base = s(1000, 999, 1001)        # 0.2 %
        tight = s(1002, 1002, 1002)      # 0 %
        self.assertTrue(bench_table.met(base, tight, 1.0))
        self.assertTrue(bench_table.worse(base, tight))
        self.assertFalse(bench_table.met(base, s(1003, 1003, 1003), 1.0))
        # A noisy patched kernel widens the slack, and overlaps the base.
        noisy = s(1030, 990, 1040)
        self.assertTrue(bench_table.met(base, noisy, 1.0))
        self.assertFalse(bench_table.worse(base, noisy))

    def test_zero_base(self):
        zero = {'median': 0, 'min': 0, 'max': 0, 'runs': 1}
        one = {'median': 1, 'min': 1, 'max': 1, 'runs': 1}
        self.assertEqual(bench_table.ratio(zero, zero), 0.0)
        self.assertEqual(bench_table.ratio(zero, one), float('inf'))

    def test_missing_runs_fail(self):
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, 'base.ktap')
            patched = os.path.join(d, 'patched.ktap')
            with open(base, 'w') as f:
                f.write(KTAP)
            with open(patched, 'w') as f:
                f.write('nothing here\n')
            with open(os.devnull, 'w') as null:
                old, sys.stdout = sys.stdout, null
                try:
                    rc = bench_table.main([base, patched])
                finally:
                    sys.stdout = old
            self.assertEqual(rc, 1)

    def test_two_passes_against_one_device(self):
        runs = bench_table.parse(
            'devices_1: latency_us=200 one_pass=210000 two_pass=211000\n'
            'devices_4: latency_us=200 one_pass=840000 two_pass=230000\n'
            'devices_16: latency_us=200 one_pass=3360000 two_pass=400000\n'
            'devices_1: unsupported=1\n')
        rows = bench_table.passes(runs)
        self.assertEqual([r['devices'] for r in rows], [1, 4, 16])
        self.assertTrue(rows[1]['met'])
        self.assertAlmostEqual(rows[1]['ratio'], 230000 / 840000)
        # 400,000 > 1.5 x 210,000: sixteen devices missed the goal.
        self.assertFalse(rows[2]['met'])
        md = bench_table.passes_markdown(rows)
        self.assertIn('200 us', md)
        self.assertIn('| 16 | 3,360,000 (3,360,000-3,360,000) |', md)

    def test_two_passes_missing_on_the_base_only(self):
        rows = bench_table.passes(bench_table.parse('devices_4: unsupported=1\n'))
        self.assertTrue(all('ratio' not in r for r in rows))
        self.assertIn('| 4 | no runs | no runs | - |',
                      bench_table.passes_markdown(rows))


if __name__ == '__main__':
    unittest.main()
