import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'scripts'))
import series_lint  # noqa: E402

RULES = series_lint.read_prefixes("""
# comment
mm/mmu_notifier: mm/mmu_notifier*.c include/linux/mmu_notifier.h
KVM: virt/kvm/*
KVM: selftests: tools/testing/selftests/kvm/*
""")

WHY = ' '.join(['because'] * 45)


def patch(subject, files, body=WHY, sob=True):
    text = ('From 0123 Mon Sep 17 00:00:00 2001\n'
            'From: A <a@example.org>\n'
            f'Subject: [PATCH 01/21] {subject}\n'
            '\n'
            f'{body}\n\n')
    if sob:
        text += 'Signed-off-by: A <a@example.org>\n'
    text += '---\n'
    for f in files:
        text += f'diff --git a/{f} b/{f}\n--- a/{f}\n+++ b/{f}\n'
    return text


class SeriesLint(unittest.TestCase):
    def test_clean_patch(self):
        self.assertEqual(series_lint.check(RULES, patch(
            'mm/mmu_notifier: fix it',
            ['mm/mmu_notifier.c', 'mm/mmu_notifier_kunit.c'])), [])

    def test_file_outside_prefix(self):
        p = series_lint.check(RULES, patch('KVM: fix it',
                                           ['virt/kvm/kvm_main.c',
                                            'mm/rmap.c']))
        self.assertEqual(len(p), 1)
        self.assertIn('mm/rmap.c', p[0])

    def test_longest_prefix_wins(self):
        # "KVM: selftests:" must not be judged by the "KVM:" globs
        self.assertEqual(series_lint.check(RULES, patch(
            'KVM: selftests: add a test',
            ['tools/testing/selftests/kvm/x86_64/t.c'])), [])
        p = series_lint.check(RULES, patch('KVM: add a test',
                                           ['tools/testing/selftests/kvm/t.c']))
        self.assertEqual(len(p), 1)

    def test_unknown_prefix(self):
        p = series_lint.check(RULES, patch('mmu: do it', ['mm/mmu_notifier.c']))
        self.assertEqual(len(p), 1)
        self.assertIn('subject prefix', p[0])

    def test_prefix_needs_a_space_after(self):
        p = series_lint.check(RULES, patch('KVM:x', ['virt/kvm/a.c']))
        self.assertIn('subject prefix', p[0])

    def test_missing_signoff(self):
        p = series_lint.check(RULES, patch('KVM: x', ['virt/kvm/a.c'],
                                           sob=False))
        self.assertEqual(p, ['no Signed-off-by:'])

    def test_short_message(self):
        p = series_lint.check(RULES, patch('KVM: x', ['virt/kvm/a.c'],
                                           body='Fix it.'))
        self.assertEqual(len(p), 1)
        self.assertIn('say why', p[0])

    def test_tags_do_not_count_as_explanation(self):
        body = 'Short.\n\n' + '\n'.join(['Reviewed-by: B <b@example.org>'] * 20)
        p = series_lint.check(RULES, patch('KVM: x', ['virt/kvm/a.c'],
                                           body=body))
        self.assertEqual(len(p), 1)

    def test_folded_subject(self):
        text = patch('KVM: selftests: a long', ['tools/testing/selftests/kvm/a'])
        text = text.replace('a long\n', 'a long\n summary\n')
        summary, _, files = series_lint.parse_patch(text)
        self.assertEqual(summary, 'KVM: selftests: a long summary')
        self.assertEqual(files, ['tools/testing/selftests/kvm/a'])

    def test_bad_prefix_line(self):
        with self.assertRaises(ValueError):
            series_lint.read_prefixes('no-colon-here foo/*')


if __name__ == '__main__':
    unittest.main()
