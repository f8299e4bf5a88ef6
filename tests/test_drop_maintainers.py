"""Tests of scripts/drop-maintainers.py."""

import importlib.util
import os
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
spec = importlib.util.spec_from_file_location(
    'drop_maintainers', os.path.join(TOP, 'scripts', 'drop-maintainers.py'))
dm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dm)

HEAD = 'From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\nwhy\n---\n' \
       ' MAINTAINERS | 1 +\n a.c | 1 +\n\n'
MAINT = 'diff --git a/MAINTAINERS b/MAINTAINERS\n--- a/MAINTAINERS\n' \
        '+++ b/MAINTAINERS\n@@ -1,1 +1,2 @@\n X\n+F:\ta.c\n'
AC = 'diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n a\n+b\n'


class DropMaintainers(unittest.TestCase):
    def test_first(self):
        self.assertEqual(dm.drop(HEAD + MAINT + AC), HEAD + AC)

    def test_last_keeps_signature(self):
        sig = '-- \n2.39.5\n\n'
        self.assertEqual(dm.drop(HEAD + AC + MAINT + sig), HEAD + AC + sig)

    def test_nothing_to_drop(self):
        self.assertEqual(dm.drop(HEAD + AC), HEAD + AC)


if __name__ == '__main__':
    unittest.main()
