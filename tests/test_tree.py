"""Tests of scripts/tree.sh and scripts/export.sh on a tiny stand-in base.

A small tarball laid out like linux-source-6.12 (one top folder, Debian's
ignore-everything .gitignore block) stands in for the real base, so the
whole cycle runs in a second: generate the tree, commit, export, rebuild
from patches/, and check that nothing is lost or churned on the way.
"""

import os
import subprocess
import tarfile
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
TREE = os.path.join(TOP, 'scripts', 'tree.sh')
EXPORT = os.path.join(TOP, 'scripts', 'export.sh')

GITIGNORE = """\
*.o
#
# Debian packaging: ignore everything at the top level, since it isn't
# included in our repository
#
/*
!/debian/
"""


class TreeExport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        src = os.path.join(d, 'src', 'linux-source-6.12')
        os.makedirs(os.path.join(src, 'mm'))
        with open(os.path.join(src, '.gitignore'), 'w') as f:
            f.write(GITIGNORE)
        with open(os.path.join(src, 'mm', 'a.c'), 'w') as f:
            f.write('int a;\n')
        self.tarball = os.path.join(d, 'base.tar.xz')
        with tarfile.open(self.tarball, 'w:xz') as t:
            t.add(os.path.join(d, 'src', 'linux-source-6.12'),
                  arcname='linux-source-6.12')
        self.patches = os.path.join(d, 'patches')
        os.makedirs(self.patches)
        with open(os.path.join(self.patches, 'series'), 'w') as f:
            f.write('# series\n')
        self.tree = os.path.join(d, 'linux')
        self.env = dict(os.environ, TARBALL=self.tarball,
                        PATCHES=self.patches,
                        GIT_AUTHOR_NAME='T', GIT_AUTHOR_EMAIL='t@example.org',
                        GIT_COMMITTER_NAME='T',
                        GIT_COMMITTER_EMAIL='t@example.org')

    def tearDown(self):
        self.tmp.cleanup()

    def run_(self, *cmd, ok=True):
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if ok and p.returncode != 0:
            self.fail(f'{cmd} exited {p.returncode}:\n{p.stdout}{p.stderr}')
        return p

    def git(self, *args):
        return self.run_('git', '-C', self.tree, *args).stdout

    def commit(self, path, text, msg):
        full = os.path.join(self.tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w') as f:
            f.write(text)
        self.git('add', path)
        self.git('commit', '-q', '-m', msg)

    def series(self):
        with open(os.path.join(self.patches, 'series')) as f:
            return [l.strip() for l in f if l.strip() and not l.startswith('#')]

    def read_patches(self):
        out = {}
        for n in self.series():
            with open(os.path.join(self.patches, n)) as f:
                out[n] = f.read()
        return out

    def test_round_trip(self):
        self.run_(TREE, self.tree)
        self.assertEqual(self.git('log', '--format=%s').strip().splitlines()[-1][:5],
                         'base:')
        self.assertTrue(self.git('rev-parse', 'base'))
        # The base commit is the pristine tarball, Debian block included,
        # but a new file still shows as untracked in the working tree.
        self.assertIn('/*', self.git('show', 'base:.gitignore'))
        with open(os.path.join(self.tree, 'mm', 'new.c'), 'w') as f:
            f.write('int n;\n')
        self.assertIn('?? mm/new.c', self.git('status', '--porcelain'))
        self.assertEqual(self.run_(EXPORT, '--check', self.tree, ok=False).returncode, 1)
        os.unlink(os.path.join(self.tree, 'mm', 'new.c'))

        self.commit('mm/a.c', 'int a = 1;\n', 'mm: set a\n\nBecause.')
        self.commit('mm/b.c', 'int b;\n', 'mm: add b\n\nBecause too.')
        self.assertEqual(self.run_(EXPORT, '--check', self.tree, ok=False).returncode, 1)
        self.run_(EXPORT, self.tree)
        self.assertEqual(self.series(), ['0001-mm-set-a.patch', '0002-mm-add-b.patch'])
        first = self.read_patches()
        for text in first.values():
            self.assertTrue(text.startswith('From 0000000000000000000000000000000000000000 '))
            self.assertNotIn('\n-- \n2.', text)
        self.run_(EXPORT, '--check', self.tree)

        # Exporting again writes nothing.
        out = self.run_(EXPORT, self.tree).stdout
        self.assertNotIn('wrote', out)

        # Regenerate from scratch: the same patches come back byte for byte.
        self.run_('rm', '-rf', self.tree)
        self.run_(TREE, self.tree)
        self.assertEqual(self.git('show', 'HEAD:mm/b.c'), 'int b;\n')
        self.run_(EXPORT, self.tree)
        self.assertEqual(self.read_patches(), first)

    def test_cover_letter(self):
        self.run_(TREE, self.tree)
        self.commit('mm/a.c', 'int a = 3;\n', 'mm: set a\n\nBecause.')
        with open(os.path.join(self.patches, 'cover-letter.txt'), 'w') as f:
            f.write('mm: the subject\n\nWhy the series.\n')
        self.run_(EXPORT, self.tree)
        cover = os.path.join(self.patches, '0000-cover-letter.patch')
        with open(cover) as f:
            text = f.read()
        self.assertIn('Subject: [PATCH 0/1] mm: the subject\n', text)
        self.assertIn('\nWhy the series.\n', text)
        self.assertIn('mm: set a', text)          # the shortlog
        self.assertNotIn('***', text)
        self.assertNotIn('0000-cover-letter.patch', self.series())
        # Stable: exporting again writes nothing, and --check passes.
        self.assertNotIn('wrote', self.run_(EXPORT, self.tree).stdout)
        self.run_(EXPORT, '--check', self.tree)
        # A changed text makes the exported cover letter stale.
        with open(os.path.join(self.patches, 'cover-letter.txt'), 'a') as f:
            f.write('More.\n')
        p = self.run_(EXPORT, '--check', self.tree, ok=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn('0000-cover-letter.patch', p.stdout)

    def test_refuses_to_discard_unexported_work(self):
        self.run_(TREE, self.tree)
        self.commit('mm/a.c', 'int a = 2;\n', 'mm: change a\n\nWhy.')
        p = self.run_(TREE, self.tree, ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('make export', p.stderr)
        self.assertEqual(self.git('show', 'HEAD:mm/a.c'), 'int a = 2;\n')
        # Once exported, the same call succeeds and keeps the commit.
        self.run_(EXPORT, self.tree)
        self.run_(TREE, self.tree)
        self.assertEqual(self.git('show', 'HEAD:mm/a.c'), 'int a = 2;\n')

    def test_uncommitted_edit_is_kept_and_blocks_rebuild(self):
        self.run_(TREE, self.tree)
        with open(os.path.join(self.tree, 'mm', 'a.c'), 'w') as f:
            f.write('int a = 3;\n')
        # Same series: nothing to regenerate, the edit stays and is built.
        p = self.run_(TREE, self.tree)
        self.assertIn('uncommitted edits', p.stderr)
        with open(os.path.join(self.tree, 'mm', 'a.c')) as f:
            self.assertEqual(f.read(), 'int a = 3;\n')
        # patches/ changed: regenerating would lose the edit, so refuse.
        with open(os.path.join(self.patches, '0001-x.patch'), 'w') as f:
            f.write('x\n')
        with open(os.path.join(self.patches, 'series'), 'a') as f:
            f.write('0001-x.patch\n')
        p = self.run_(TREE, self.tree, ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('mm/a.c', p.stderr)
        with open(os.path.join(self.tree, 'mm', 'a.c')) as f:
            self.assertEqual(f.read(), 'int a = 3;\n')

    def test_removed_commit_is_removed_from_patches(self):
        self.run_(TREE, self.tree)
        self.commit('mm/a.c', 'int a = 1;\n', 'mm: one\n\nx')
        self.commit('mm/b.c', 'int b;\n', 'mm: two\n\ny')
        self.run_(EXPORT, self.tree)
        self.git('reset', '-q', '--hard', 'HEAD~1')
        self.run_(EXPORT, self.tree)
        self.assertEqual(self.series(), ['0001-mm-one.patch'])
        self.assertFalse(os.path.exists(os.path.join(self.patches, '0002-mm-two.patch')))

    def test_patch_that_does_not_apply_is_named(self):
        with open(os.path.join(self.patches, '0001-bad.patch'), 'w') as f:
            f.write('From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
                    'From: T <t@example.org>\nDate: Sat, 1 Jan 2000 00:00:00 +0000\n'
                    'Subject: [PATCH] bad\n\n---\n'
                    ' mm/a.c | 2 +-\n\n'
                    'diff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n'
                    '@@ -1 +1 @@\n-int zzz;\n+int a = 9;\n')
        with open(os.path.join(self.patches, 'series'), 'a') as f:
            f.write('0001-bad.patch\n')
        p = self.run_(TREE, self.tree, ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('0001-bad.patch does not apply', p.stderr)

    def test_series_names_a_missing_file(self):
        with open(os.path.join(self.patches, 'series'), 'a') as f:
            f.write('0001-gone.patch\n')
        p = self.run_(TREE, self.tree, ok=False)
        self.assertIn('0001-gone.patch, which is missing', p.stderr)


if __name__ == '__main__':
    unittest.main()
