#!/usr/bin/env python3
"""Copy a git format-patch file without its MAINTAINERS part.

Patches of the series that add files also list them in the MMU NOTIFIER
entry of MAINTAINERS, which the base lacks until the entry's own patch.
To apply such a patch alone on the base (make bench's base kernel takes
the test driver patch only), drop that part; nothing is built from
MAINTAINERS.

    drop-maintainers.py IN OUT
"""
import re
import sys


def drop(text):
    parts = re.split(r'(?m)^(?=diff --git )', text)
    kept = [p for p in parts
            if not p.startswith('diff --git a/MAINTAINERS b/MAINTAINERS')]
    out = ''.join(kept)
    # The last part ends with the signature separator and trailer; keep them
    # if the dropped part was last.
    if parts and parts[-1].startswith('diff --git a/MAINTAINERS'):
        m = re.search(r'(?m)^-- \n.*\Z', parts[-1], re.S)
        if m:
            out += m.group(0)
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1]) as f:
        text = f.read()
    with open(argv[2], 'w') as f:
        f.write(drop(text))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
