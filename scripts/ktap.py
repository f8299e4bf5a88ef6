#!/usr/bin/env python3
"""Turn the KTAP that the suites print into one report.

    ktap.py [--console LOG]... [--known FILE] [--kcsan-scope FILE] [--show N]
            KTAP...

Each KTAP file is a document whose top-level tests are named SUITE:NAME
(the guest's run-plan.sh and the host-side suites both write that form).
A top-level test whose output holds TAP/KTAP of its own (indented by four
spaces) is reported per subtest, down to the leaves; its own result still
counts when it fails for a reason no subtest shows (a crash, a timeout, a
non-zero exit after all subtests passed, fewer results than planned).

A console log (the guest's kernel log) is searched for splats: a lockdep
report, BUG, WARNING, Oops, KASAN/UBSAN report, panic, hung task or RCU
stall fails the test that was running when it was printed (the guest writes
"mmtest: begin N ID" markers to the kernel log).  The one exception: a
lockdep report during a test of suite "lockdep", which provokes it on
purpose and passes only if it appears.

With --kcsan-scope FILE (make check-kcsan), a KCSAN data-race report fails
the running test only when one of the two functions it names matches a
pattern of FILE (one regular expression per line, # comments): the series'
code.  The others, races the kernel has elsewhere, are listed at the end
and neither pass nor fail anything.

Tests listed in the known-failures file (ID, whitespace, reason) are
expected to fail: they are reported as such and not counted as failed; a
listed test that passes is reported so the list can be trimmed.

Prints a per-suite table, the failures with their output, and ends with the
line "N passed, N failed, N skipped"; exits 1 when anything failed.
"""

import argparse
import fnmatch
import re
import sys
from dataclasses import dataclass, field

RESULT = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')
PLAN = re.compile(r'^1\.\.(\d+)')
TIME = re.compile(r'^# time (\S+) ([\d.]+)s')

SPLATS = [
    r'\bBUG: ',
    r'kernel BUG at',
    r'\bWARNING: ',
    r'\bOops\b',
    r'general protection fault',
    r'Kernel panic',
    r'\bKASAN: ',
    r'\bUBSAN: ',
    r'\bKFENCE: ',
    r'possible circular locking dependency',
    r'possible recursive locking',
    r'inconsistent lock state',
    r'suspicious RCU usage',
    r'DEBUG_LOCKS_WARN_ON',
    r'INFO: task \S+ blocked for more than',
    r'rcu: INFO: \S+ detected stalls',
    r'kmemleak: \d+ new suspected memory leaks',
    r'\bsoft lockup\b',
]
SPLAT = re.compile('|'.join(SPLATS))
# Lockdep's own reports.  A test of suite "lockdep" provokes one on purpose
# and checks for it itself, so these do not fail it; other splats still do.
LOCKDEP = re.compile(r'possible circular locking dependency|'
                     r'possible recursive locking|inconsistent lock state')
MARK = re.compile(r'mmtest: (begin|end) (\d+) (\S+)')
KCSAN = re.compile(r'BUG: KCSAN: (?:data-race|assert: race) in (\S+)(?: / (\S+))?')


@dataclass
class Test:
    name: str
    ok: bool = True
    directive: str = ''
    lines: list = field(default_factory=list)   # the test's own output
    subtests: list = field(default_factory=list)
    planned: int = -1

    @property
    def skipped(self):
        return self.directive.upper().startswith('SKIP')


def parse(lines):
    """Parse KTAP/TAP lines into a list of top-level Tests.

    Lines indented by four more spaces than the current level belong to the
    subtest block of the next result line at this level.
    """
    tests = []
    pending = []   # indented lines waiting for their parent's result line
    diag = []      # unindented non-result lines since the last result
    planned = -1
    for raw in lines:
        line = raw.rstrip('\n')
        if line.startswith('    ') or line.startswith('\t'):
            pending.append(line[4:] if line.startswith('    ') else line[1:])
            continue
        m = RESULT.match(line)
        if m:
            t = Test(name=m.group(3).strip() or f'#{m.group(2)}',
                     ok=m.group(1) == 'ok',
                     directive=(m.group(4) or '').strip())
            # A leaf's output is what the program printed since the
            # previous result (kselftest_harness prints a failure's details
            # as diagnostics just before its "not ok").
            t.lines = pending if pending else diag
            t.subtests, t.planned = parse_block(pending)
            tests.append(t)
            pending, diag = [], []
            continue
        p = PLAN.match(line)
        if p and planned < 0:
            planned = int(p.group(1))
        diag.append(line)
    return tests, planned, pending + diag


def parse_block(lines):
    tests, planned, _ = parse(lines)
    return tests, planned


def leaves(test, prefix=''):
    """Yield (id, status, test) for every leaf under test.

    status is one of pass, fail, skip.  A parent that failed although every
    leaf under it passed or skipped yields itself as failing, with a reason.
    """
    tid = prefix + test.name
    if not test.subtests:
        yield tid, status_of(test), test
        return
    any_fail = False
    for sub in test.subtests:
        for item in leaves(sub, tid + '/'):
            any_fail |= item[1] == 'fail'
            yield item
    why = None
    if not test.ok and not test.skipped and not any_fail:
        why = test.directive or 'failed'
    elif test.planned >= 0 and len(test.subtests) < test.planned:
        why = f'{len(test.subtests)} of {test.planned} planned subtests ran'
        if test.directive:
            why += f' ({test.directive})'
    if why:
        failed = Test(name=test.name, ok=False, directive=why, lines=test.lines)
        yield tid, 'fail', failed


def status_of(test):
    if test.skipped:
        return 'skip'
    return 'pass' if test.ok else 'fail'


def read_known(path):
    known = {}
    if not path:
        return known
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.split(None, 1)
            known[parts[0]] = parts[1] if len(parts) > 1 else ''
    return known


def match_known(tid, known):
    for pat, why in known.items():
        if fnmatch.fnmatchcase(tid, pat):
            return pat, why
    return None


def scan_console(path):
    """Return [(test id or 'boot', [lines])] for every splat in a kernel log."""
    found = []
    current = 'boot'
    with open(path, errors='replace') as f:
        lines = f.readlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARK.search(line)
        if m:
            current = m.group(3) if m.group(1) == 'begin' else 'between tests'
        elif SPLAT.search(line):
            if not (current.startswith('lockdep:') and LOCKDEP.search(line)):
                found.append((current,
                              [l.rstrip('\n') for l in lines[i:i + 40]]))
            # One report per splat: skip its body (up to the end marker,
            # an --[ end trace ]-- line, or the ==== line that closes a
            # KCSAN report).
            kcsan = KCSAN.search(line)
            j = i + 1
            while j < len(lines) and j < i + 200:
                if 'end trace' in lines[j] or MARK.search(lines[j]):
                    break
                if kcsan and lines[j].rstrip().endswith('=' * 20):
                    break
                j += 1
            i = j
            continue
        i += 1
    return found


def read_scope(path):
    """The --kcsan-scope patterns, compiled; None without the option."""
    if not path:
        return None
    with open(path) as f:
        pats = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    return re.compile('|'.join(f'(?:{p})' for p in pats)) if pats else None


def kcsan_in_scope(line, scope):
    """For a KCSAN report's first line: True/False by scope, None if not one."""
    m = KCSAN.search(line)
    if not m:
        return None
    if scope is None:
        return True
    return any(f and scope.search(f) for f in m.groups())


def report(ktaps, consoles, known_path, show=40, out=sys.stdout,
           kcsan_scope=None):
    known = read_known(known_path)
    scope = read_scope(kcsan_scope)
    outside = []       # (test id, first line) of KCSAN reports out of scope
    rows = []          # (suite, id, status, test, note)
    times = {}
    for path in ktaps:
        with open(path, errors='replace') as f:
            lines = f.readlines()
        for line in lines:
            m = TIME.match(line)
            if m:
                times[m.group(1)] = float(m.group(2))
        tests, planned, _ = parse(lines)
        for t in tests:
            for tid, st, leaf in leaves(t):
                rows.append((tid.split(':', 1)[0], tid, st, leaf, ''))
        if planned >= 0 and len(tests) < planned:
            rows.append(('harness', f'{path}', 'fail',
                         Test(name=path, ok=False,
                              directive=f'only {len(tests)} of {planned} '
                                        'tests reported (the run stopped early)'),
                         ''))
        if planned < 0 and not tests:
            rows.append(('harness', f'{path}', 'fail',
                         Test(name=path, ok=False, directive='no KTAP results'),
                         ''))
    for path in consoles:
        for tid, body in scan_console(path):
            if kcsan_in_scope(body[0], scope) is False:
                outside.append((tid, body[0].strip()))
                continue
            suite = tid.split(':', 1)[0] if ':' in tid else 'kernel'
            rows.append((suite, f'dmesg:{tid}', 'fail',
                         Test(name=tid, ok=False,
                              directive='kernel log: ' + body[0].strip(),
                              lines=body), ''))

    final = []
    used = set()
    for suite, tid, st, t, _ in rows:
        k = match_known(tid, known)
        if k:
            used.add(k[0])
            if st == 'fail':
                st, note = 'known', k[1]
            elif st == 'pass':
                note = f'listed in known failures ({k[1]}) but passed'
            else:
                note = ''
        else:
            note = ''
        final.append((suite, tid, st, t, note))

    suites = {}
    for suite, tid, st, t, note in final:
        s = suites.setdefault(suite, {'pass': 0, 'fail': 0, 'skip': 0,
                                      'known': 0, 'time': 0.0})
        s[st] += 1
    for tid, secs in times.items():
        suite = tid.split(':', 1)[0]
        if suite in suites:
            suites[suite]['time'] += secs

    w = max([len(s) for s in suites] + [5])
    print(f"{'suite':<{w}}  {'passed':>6} {'failed':>6} {'skipped':>7} "
          f"{'known':>5} {'guest s':>8}", file=out)
    for name, s in suites.items():
        t = f"{s['time']:.0f}" if s['time'] else '-'
        print(f"{name:<{w}}  {s['pass']:>6} {s['fail']:>6} {s['skip']:>7} "
              f"{s['known']:>5} {t:>8}", file=out)

    fails = [r for r in final if r[2] == 'fail']
    knowns = [r for r in final if r[2] == 'known']
    xpass = [r for r in final if r[4] and r[2] == 'pass']
    for suite, tid, st, t, note in fails:
        print(f'\nFAIL {tid}' + (f': {t.directive}' if t.directive else ''),
              file=out)
        body = [l for l in t.lines if l.strip()]
        for l in body[-show:]:
            print(f'  | {l}', file=out)
    if knowns:
        print(f'\n{len(knowns)} known failures of the base (not counted as '
              f'failed; reasons in {known_path}):', file=out)
        for suite, tid, st, t, note in knowns:
            print(f'  {tid}: {note}', file=out)
    for suite, tid, st, t, note in xpass:
        print(f'\nNOTE {tid} passed: {note}', file=out)
    for pat in known:
        if pat not in used:
            print(f'\nNOTE {pat} is in {known_path} but did not run', file=out)

    if outside:
        print(f'\n{len(outside)} KCSAN reports outside the series\' code '
              f'(not counted; scope: {kcsan_scope}):', file=out)
        for tid, line in outside:
            print(f'  {tid}: {line}', file=out)

    n = {k: sum(1 for r in final if r[2] == k) for k in ('pass', 'fail', 'skip')}
    print(f"\n{n['pass']} passed, {n['fail']} failed, {n['skip']} skipped",
          file=out)
    return 1 if n['fail'] else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ktap', nargs='+')
    ap.add_argument('--console', action='append', default=[])
    ap.add_argument('--known')
    ap.add_argument('--show', type=int, default=40,
                    help='output lines shown per failure')
    ap.add_argument('--kcsan-scope',
                    help='patterns of the functions whose KCSAN reports fail')
    a = ap.parse_args()
    sys.exit(report(a.ktap, a.console, a.known, a.show,
                    kcsan_scope=a.kcsan_scope))


if __name__ == '__main__':
    main()
