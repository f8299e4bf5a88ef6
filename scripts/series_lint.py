#!/usr/bin/env python3
"""Check one git format-patch file of the series for what checkpatch.pl
does not: the subject prefix fits the files the patch touches, and the
commit message says why.

    series_lint.py PREFIXES PATCH

PREFIXES is config/subject-prefixes: "PREFIX: GLOB..." lines.  A patch's
prefix is the longest listed prefix its summary starts with; every file it
touches must match one of that prefix's globs ("*" crosses "/").  Prints
one problem a line and exits 1 when there is any.
"""
import fnmatch
import re
import sys

MIN_BODY_WORDS = 40


def read_prefixes(text):
    """'PREFIX: GLOB GLOB' lines -> [(prefix, [globs])], longest first."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        m = re.match(r'(.+:)\s+(\S.*)$', line)
        if not m:
            raise ValueError(f'bad prefix line: {line!r}')
        rules.append((m.group(1), m.group(2).split()))
    rules.sort(key=lambda r: len(r[0]), reverse=True)
    return rules


def parse_patch(text):
    """-> (summary, body lines, touched files) of a format-patch file."""
    lines = text.splitlines()
    summary, i = None, 0
    for i, line in enumerate(lines):
        if line.startswith('Subject:'):
            summary = line[len('Subject:'):].strip()
            # folded header lines continue with whitespace
            j = i + 1
            while j < len(lines) and lines[j][:1] in (' ', '\t'):
                summary += ' ' + lines[j].strip()
                j += 1
            i = j
            break
    if summary is None:
        raise ValueError('no Subject: header')
    summary = re.sub(r'^\[PATCH[^\]]*\]\s*', '', summary)
    # the headers end at the first empty line
    while i < len(lines) and lines[i].strip():
        i += 1
    body = []
    for line in lines[i + 1:]:
        if line == '---':
            break
        body.append(line)
    files = []
    for line in lines:
        m = re.match(r'^diff --git a/(\S+) b/(\S+)$', line)
        if m:
            files.append(m.group(2))
    return summary, body, files


def check(rules, text):
    """Problems found in one patch, as strings."""
    problems = []
    summary, body, files = parse_patch(text)
    rule = next((r for r in rules if summary.startswith(r[0] + ' ')), None)
    if rule is None:
        problems.append(f'subject prefix not in config/subject-prefixes: '
                        f'{summary!r}')
    else:
        prefix, globs = rule
        for f in files:
            if not any(fnmatch.fnmatchcase(f, g) for g in globs):
                problems.append(f'{f} is outside what "{prefix}" covers')
    tags = [l for l in body if re.match(r'^[A-Za-z-]+: ', l)
            and not l.startswith(' ')]
    if not any(l.startswith('Signed-off-by: ') for l in tags):
        problems.append('no Signed-off-by:')
    prose = [l for l in body if l not in tags]
    words = sum(len(l.split()) for l in prose)
    if words < MIN_BODY_WORDS:
        problems.append(f'commit message has {words} words of explanation '
                        f'(fewer than {MIN_BODY_WORDS}): say why')
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        rules = read_prefixes(f.read())
    with open(argv[2]) as f:
        problems = check(rules, f.read())
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
