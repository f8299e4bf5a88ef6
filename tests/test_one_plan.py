"""Tests of scripts/one-plan.sh (make guest TEST=...)."""

import os
import subprocess
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SCRIPT = os.path.join(TOP, 'scripts', 'one-plan.sh')


def run(*args):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True)


def plan_lines(out):
    return [l for l in out.splitlines() if l and not l.startswith('#')]


class OnePlan(unittest.TestCase):
    def test_suites_and_args(self):
        p = run('sh/mmu_notifier-tests.sh ksm_merge_precise 3; '
                'mm/hmm-tests ;kunit:mmu_notifier_kunit', '120')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(plan_lines(p.stdout), [
            'one 120 sh/mmu_notifier-tests.sh ksm_merge_precise 3',
            'mm 120 mm/hmm-tests',
            'kunit 120 kunit:mmu_notifier_kunit'])
        self.assertNotIn('# kvm-hold', p.stdout)

    def test_kvm_holds_a_vm(self):
        p = run('kvm/demand_paging_test -b 32M')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('# kvm-hold\n', p.stdout)
        self.assertEqual(plan_lines(p.stdout),
                         ['kvm 900 kvm/demand_paging_test -b 32M'])

    def test_bad_input(self):
        for args in (['foo'], [' ; '], ['mm/hmm-tests', 'soon'],
                     ['kunit:'], []):
            p = run(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertEqual(p.stdout, '', args)


if __name__ == '__main__':
    unittest.main()
