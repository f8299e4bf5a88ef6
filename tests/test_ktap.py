"""Tests of scripts/ktap.py: parsing, leaf results, splats, known failures."""

import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'scripts'))
import ktap  # noqa: E402


def doc(text):
    return textwrap.dedent(text).lstrip('\n').splitlines(keepends=True)


def run_report(ktap_text, console_text=None, known_text=None):
    with tempfile.TemporaryDirectory() as d:
        kp = os.path.join(d, 'r.ktap')
        with open(kp, 'w') as f:
            f.write(textwrap.dedent(ktap_text).lstrip('\n'))
        consoles = []
        if console_text is not None:
            cp = os.path.join(d, 'console.log')
            with open(cp, 'w') as f:
                f.write(textwrap.dedent(console_text).lstrip('\n'))
            consoles.append(cp)
        kn = None
        if known_text is not None:
            kn = os.path.join(d, 'known')
            with open(kn, 'w') as f:
                f.write(known_text)
        out = io.StringIO()
        rc = ktap.report([kp], consoles, kn, out=out)
        return rc, out.getvalue()


GUEST = """
    KTAP version 1
    1..3
    # begin mm:hmm-tests
        TAP version 13
        1..3
        # Starting 3 tests from 1 test cases.
        ok 1 hmm.open_close
        # hmm-tests.c:42:migrate:Expected 0 (0) == ret (-16)
        not ok 2 hmm.migrate
        ok 3 hmm.hugetlb # SKIP no huge pages
    # time mm:hmm-tests 2.0s exit 1
    not ok 1 mm:hmm-tests # exit status 1
    # begin kvm:demand_paging_test
        Testing guest mode: PA-bits:ANY, VA-bits:48,  4K pages
    # time kvm:demand_paging_test 14.0s exit 0
    ok 2 kvm:demand_paging_test
    # begin kvm:dirty_log_test
    # time kvm:dirty_log_test 1.0s exit 4
    ok 3 kvm:dirty_log_test # SKIP exit status 4
"""


class Parse(unittest.TestCase):
    def test_nesting_and_leaves(self):
        tests, planned, _ = ktap.parse(doc(GUEST))
        self.assertEqual(planned, 3)
        self.assertEqual([t.name for t in tests],
                         ['mm:hmm-tests', 'kvm:demand_paging_test',
                          'kvm:dirty_log_test'])
        got = [(tid, st) for t in tests for tid, st, _ in ktap.leaves(t)]
        self.assertEqual(got, [
            ('mm:hmm-tests/hmm.open_close', 'pass'),
            ('mm:hmm-tests/hmm.migrate', 'fail'),
            ('mm:hmm-tests/hmm.hugetlb', 'skip'),
            ('kvm:demand_paging_test', 'pass'),
            ('kvm:dirty_log_test', 'skip'),
        ])

    def test_failure_context_is_the_diagnostic_before_it(self):
        tests, _, _ = ktap.parse(doc(GUEST))
        fail = [leaf for _, st, leaf in ktap.leaves(tests[0]) if st == 'fail']
        self.assertIn('Expected 0 (0) == ret (-16)', '\n'.join(fail[0].lines))

    def test_parent_fails_when_its_subtests_do_not_show_why(self):
        text = """
            1..1
                1..2
                ok 1 a
                ok 2 b
            not ok 1 mm:cow # exit status 139
        """
        tests, _, _ = ktap.parse(doc(text))
        got = [(tid, st) for tid, st, _ in ktap.leaves(tests[0])]
        self.assertIn(('mm:cow', 'fail'), got)
        self.assertEqual(sum(1 for _, st in got if st == 'pass'), 2)

    def test_fewer_subtests_than_planned_fails(self):
        text = """
            1..1
                1..5
                ok 1 a
            ok 1 mm:cow
        """
        tests, _, _ = ktap.parse(doc(text))
        got = [(tid, st, leaf.directive) for tid, st, leaf in ktap.leaves(tests[0])]
        self.assertEqual(got[-1][:2], ('mm:cow', 'fail'))
        self.assertIn('1 of 5', got[-1][2])

    def test_kunit_three_levels(self):
        text = """
            KTAP version 1
            1..1
                KTAP version 1
                1..1
                    KTAP version 1
                    # Subtest: list-kunit-test
                    1..2
                    ok 1 list_test_list_init
                    not ok 2 list_test_list_add
                not ok 1 list-kunit-test
            not ok 1 kunit:list-test # exit status 1
        """
        tests, _, _ = ktap.parse(doc(text))
        got = [(tid, st) for tid, st, _ in ktap.leaves(tests[0])]
        self.assertEqual(got, [
            ('kunit:list-test/list-kunit-test/list_test_list_init', 'pass'),
            ('kunit:list-test/list-kunit-test/list_test_list_add', 'fail'),
        ])


class Report(unittest.TestCase):
    def test_counts_and_exit(self):
        rc, out = run_report(GUEST)
        self.assertEqual(rc, 1)
        self.assertEqual(out.strip().splitlines()[-1],
                         '2 passed, 1 failed, 2 skipped')
        self.assertIn('FAIL mm:hmm-tests/hmm.migrate', out)

    def test_all_pass(self):
        rc, out = run_report("""
            1..1
            ok 1 harness:one
        """)
        self.assertEqual(rc, 0)
        self.assertTrue(out.rstrip().endswith('1 passed, 0 failed, 0 skipped'))

    def test_known_failure_is_not_counted_as_failed(self):
        rc, out = run_report(GUEST, known_text=(
            '# comment\nmm:hmm-tests/hmm.migrate  needs a second device\n'))
        self.assertEqual(rc, 0)
        self.assertIn('1 known failures', out)
        self.assertIn('needs a second device', out)
        self.assertTrue(out.rstrip().endswith('2 passed, 0 failed, 2 skipped'))

    def test_known_failure_that_passes_is_noted(self):
        rc, out = run_report(GUEST, known_text='kvm:demand_paging_test x\n')
        self.assertIn('NOTE kvm:demand_paging_test passed', out)

    def test_run_that_stopped_early_fails(self):
        rc, out = run_report("""
            KTAP version 1
            1..3
            ok 1 mm:cow
        """)
        self.assertEqual(rc, 1)
        self.assertIn('only 1 of 3 tests reported', out)

    def test_empty_results_fail(self):
        rc, out = run_report('\n')
        self.assertEqual(rc, 1)
        self.assertIn('no KTAP results', out)

    def test_splat_fails_the_test_that_was_running(self):
        console = """
            [    1.0] mmtest: begin 1 mm:hmm-tests
            [    1.1] mmtest: end 1 mm:hmm-tests
            [    1.2] mmtest: begin 2 kvm:demand_paging_test
            [    1.3] ======================================================
            [    1.3] WARNING: possible circular locking dependency detected
            [    1.4] 6.12.0 #1 Not tainted
            [    1.5] mmtest: end 2 kvm:demand_paging_test
        """
        rc, out = run_report(GUEST, console_text=console,
                             known_text='mm:hmm-tests/hmm.migrate x\n')
        self.assertEqual(rc, 1)
        self.assertIn('FAIL dmesg:kvm:demand_paging_test', out)
        self.assertIn('circular locking', out)
        self.assertEqual(out.count('FAIL dmesg:'), 1)

    def test_lockdep_suite_expects_lockdep_reports_only(self):
        results = """
            KTAP version 1
            1..2
            ok 1 lockdep:mmu_notifier-lockdep
            ok 2 lockdep:other
        """
        console = """
            [    1.0] mmtest: begin 1 lockdep:mmu_notifier-lockdep
            [    1.1] WARNING: possible circular locking dependency detected
            [    1.2] mmtest: end 1 lockdep:mmu_notifier-lockdep
            [    1.3] mmtest: begin 2 lockdep:other
            [    1.4] BUG: KASAN: use-after-free in foo
            [    1.5] mmtest: end 2 lockdep:other
            [    1.6] mmtest: begin 3 mm:cow
            [    1.7] WARNING: possible circular locking dependency detected
            [    1.8] mmtest: end 3 mm:cow
        """
        rc, out = run_report(results, console_text=console)
        self.assertEqual(rc, 1)
        self.assertNotIn('FAIL dmesg:lockdep:mmu_notifier-lockdep', out)
        self.assertIn('FAIL dmesg:lockdep:other', out)
        self.assertIn('FAIL dmesg:mm:cow', out)
        self.assertEqual(out.count('FAIL dmesg:'), 2)

    def test_kcsan_scope_fails_only_the_series_races(self):
        results = """
            KTAP version 1
            1..1
            ok 1 mm:mmu_notifier-stress
        """
        console = """
            [    1.0] mmtest: begin 1 mm:mmu_notifier-stress
            [    1.1] ==================================================================
            [    1.1] BUG: KCSAN: data-race in mmu_interval_read_begin / tree_invalidate
            [    1.2]
            [    1.2] write to 0xffff888004c8a0a8 of 8 bytes by task 90 on cpu 1:
            [    1.2]  tree_invalidate+0x1f/0x120
            [    1.3] ==================================================================
            [    1.4] ==================================================================
            [    1.4] BUG: KCSAN: data-race in lru_add / folio_batch_move_lru
            [    1.5] ==================================================================
            [    1.6] BUG: KCSAN: data-race in tmn_mirror_fault+0x1/0x2 / x
            [    1.7] ==================================================================
            [    1.8] mmtest: end 1 mm:mmu_notifier-stress
        """
        with tempfile.TemporaryDirectory() as d:
            kp = os.path.join(d, 'r.ktap')
            cp = os.path.join(d, 'console.log')
            sp = os.path.join(d, 'scope')
            with open(kp, 'w') as f:
                f.write(textwrap.dedent(results).lstrip('\n'))
            with open(cp, 'w') as f:
                f.write(textwrap.dedent(console).lstrip('\n'))
            with open(sp, 'w') as f:
                f.write('# the series\n^mmu_interval_\n^tmn_\n')
            out = io.StringIO()
            rc = ktap.report([kp], [cp], None, out=out, kcsan_scope=sp)
            text = out.getvalue()
            self.assertEqual(rc, 1)
            self.assertEqual(text.count('FAIL dmesg:'), 2)
            self.assertIn('mmu_interval_read_begin / tree_invalidate', text)
            self.assertIn('tmn_mirror_fault', text)
            self.assertIn("1 KCSAN reports outside the series' code", text)
            self.assertIn('lru_add / folio_batch_move_lru', text)
            # Without a scope every KCSAN report fails.
            out = io.StringIO()
            ktap.report([kp], [cp], None, out=out)
            self.assertEqual(out.getvalue().count('FAIL dmesg:'), 3)

    def test_command_line_passes_the_scope(self):
        """The script as make check-kcsan runs it: --kcsan-scope is the
        scope, not where the report goes."""
        import subprocess
        script = os.path.join(os.path.dirname(__file__), '..', 'scripts',
                              'ktap.py')
        with tempfile.TemporaryDirectory() as d:
            kp = os.path.join(d, 'r.ktap')
            sp = os.path.join(d, 'scope')
            with open(kp, 'w') as f:
                f.write('KTAP version 1\n1..1\nok 1 mm:cow\n')
            with open(sp, 'w') as f:
                f.write('^tmn_\n')
            r = subprocess.run([sys.executable, script, '--kcsan-scope', sp,
                                kp], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('1 passed, 0 failed, 0 skipped', r.stdout)

    def test_quiet_console_adds_nothing(self):
        rc, out = run_report("""
            1..1
            ok 1 mm:cow
        """, console_text='[ 0.1] Linux version 6.12\n[ 0.2] mmtest: begin 1 mm:cow\n')
        self.assertEqual(rc, 0)


if __name__ == '__main__':
    unittest.main()
