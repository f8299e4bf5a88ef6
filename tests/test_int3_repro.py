"""Tests of scripts/int3-repro.sh --classify: how one boot of the int3
reproduction ended, read from boot.sh's console.log and results.ktap."""

import os
import subprocess
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SCRIPT = os.path.join(TOP, 'scripts', 'int3-repro.sh')

CLEAN_KTAP = """\
# kvm-flip: 3000 rounds, 3 switcher pairs, 41.0 s
ok 1 kvm:kvm-flip/3000
# kvm-flip: 300 rounds with an APIC vCPU, 3 switcher pairs, 9.5 s
ok 2 kvm:kvm-flip/-a,300
"""

INT3_CONSOLE = """\
[   12.000000] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI
[   12.000001] CPU: 2 UID: 0 PID: 77 Comm: kvm-flip Not tainted 6.12.57 #1
[   12.000002] RIP: 0010:__schedule+0x3fa/0x1200
[   12.000003] Kernel panic - not syncing: Fatal exception
"""


class Classify(unittest.TestCase):
    def boot(self, console, ktap, rc):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'console.log'), 'w') as f:
                f.write(console)
            with open(os.path.join(d, 'results.ktap'), 'w') as f:
                f.write(ktap)
            out = subprocess.run(['bash', SCRIPT, '--classify', d, str(rc)],
                                 capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def test_clean_boot_counts_every_round(self):
        self.assertEqual(self.boot('[ 1.0] mmtest: plan kvm-flip finished\n',
                                   CLEAN_KTAP, 0), 'clean 3300')

    def test_int3_oops_names_the_rip(self):
        out = self.boot(INT3_CONSOLE, '', 1)
        self.assertTrue(out.startswith('int3 0 '), out)
        self.assertIn('RIP: 0010:__schedule+0x3fa/0x1200', out)

    def test_other_splat_is_not_int3(self):
        out = self.boot('[ 3.0] BUG: IRQ stack guard page was hit\n',
                        CLEAN_KTAP.splitlines(True)[0], 1)
        self.assertEqual(out, 'other 3000 [ 3.0] BUG: IRQ stack guard page '
                         'was hit')

    def test_timeout_without_splat_is_hung(self):
        self.assertEqual(self.boot('', '', 124),
                         'hung 0 killed after the timeout')

    def test_early_stop_without_splat_is_other(self):
        self.assertEqual(self.boot('', '', 1), 'other 0 boot.sh exit 1')


if __name__ == '__main__':
    unittest.main()
