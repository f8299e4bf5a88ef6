"""Unit tests of scripts/count_insns.py (the summary side; the gdb side
needs a booted guest)."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'scripts'))
import count_insns  # noqa: E402

MAP = """ffffffff81000000 T _stext
ffffffff81001000 T start_fn
ffffffff81001040 t helper
ffffffff81001080 D some_data
ffffffff81002000 W weak_fn
""".splitlines()


class CountInsns(unittest.TestCase):
    def test_counts_per_call_and_function(self):
        out = ['call 0 4', 'ffffffff81001000', 'ffffffff81001044',
               'ffffffff81001048', 'ffffffff81001004',
               'call 1 2', 'ffffffff81002010', 'ffffffff81001000']
        calls = count_insns.count(MAP, out)
        self.assertEqual(calls, [{'start_fn': 2, 'helper': 2},
                                 {'weak_fn': 1, 'start_fn': 1}])
        self.assertEqual(list(calls[0]), ['start_fn', 'helper'])

    def test_data_symbols_do_not_own_code(self):
        # 0x...1090 lies above the data symbol: it belongs to helper.
        calls = count_insns.count(MAP, ['call 0 1', 'ffffffff81001090'])
        self.assertEqual(calls, [{'helper': 1}])

    def test_address_below_every_symbol_is_an_error(self):
        with self.assertRaises(ValueError):
            count_insns.count(MAP, ['call 0 1', 'ffffffff80000000'])

    def test_address_before_a_call_line_is_an_error(self):
        with self.assertRaises(ValueError):
            count_insns.count(MAP, ['ffffffff81001000'])


class CountInsnsScript(unittest.TestCase):
    """count-insns.sh refuses what it cannot stop at, before booting."""
    script = os.path.join(os.path.dirname(__file__), '..', 'scripts',
                          'count-insns.sh')

    def run_script(self, *args):
        with tempfile.TemporaryDirectory() as obj:
            with open(os.path.join(obj, 'System.map'), 'w') as f:
                f.write('\n'.join(MAP) + '\n')
            return subprocess.run([self.script, *args, obj, 'initrd', 'plan',
                                   'start_fn', os.path.join(obj, 'out')],
                                  capture_output=True, text=True)

    def test_unknown_arming_function_is_refused(self):
        r = self.run_script('--after', 'no_such_fn')
        self.assertEqual(r.returncode, 1)
        self.assertIn('no_such_fn is not in', r.stderr)

    def test_missing_operands_print_the_usage(self):
        r = subprocess.run([self.script, '--if', '1', 'obj'],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn('--after FUNC', r.stderr)


if __name__ == '__main__':
    unittest.main()
