#!/usr/bin/env python3
"""Run the project's own unit tests (tests/test_*.py) and print KTAP.

Each test is reported as "harness:MODULE.CLASS.TEST"; a failure's traceback
is printed as diagnostics just before its "not ok" line.  Exit status 1
when any test failed.
"""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))


class KtapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0

    def _emit(self, test, ok, note='', diag=''):
        self.n += 1
        name = test.id()
        for line in diag.rstrip().splitlines():
            print(f'# {line}')
        print(f"{'ok' if ok else 'not ok'} {self.n} harness:{name}"
              + (f' # {note}' if note else ''), flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._emit(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._emit(test, False, diag=self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._emit(test, False, diag=self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._emit(test, True, note=f'SKIP {reason}')


def main():
    suite = unittest.defaultTestLoader.discover(here, pattern='test_*.py',
                                                top_level_dir=here)
    print('KTAP version 1')
    print(f'1..{suite.countTestCases()}')
    result = KtapResult()
    suite.run(result)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == '__main__':
    main()
