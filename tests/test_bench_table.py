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

    def test_median_min_max_and_ratio(self):
        rows = bench_table.table(bench_table.parse(KTAP),
                                 bench_table.parse(PATCHED))
        read = rows[0]
        self.assertEqual(read['base'], {'median': 256, 'min': 250,
                                        'max': 260, 'runs': 3})
        self.assertEqual(read['patched']['median'], 1)
        self.assertAlmostEqual(read['ratio'], 1 / 256)
        self.assertTrue(read['met'])
        self.assertTrue(rows[1]['met'])

    def test_goal_missed(self):
        worse = PATCHED.replace('write_faults=256', 'write_faults=600')
        rows = bench_table.table(bench_table.parse(KTAP),
                                 bench_table.parse(worse))
        self.assertFalse(rows[1]['met'])
        self.assertIn('**no**', bench_table.markdown(rows))

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

if __name__ == '__main__':
    unittest.main()
