"""Tests of scripts/build-users.sh's file set and config/users-map rules.

A fake `make` on PATH stands in for kbuild: allmodconfig writes a .config,
an object target is "compiled" by creating it (or fails with a compiler
error for files under drivers/bad/), and every target asked for is logged,
so each rule's effect (via:, needs:, skip:) is checked
without building a kernel.
"""

import os
import stat
import subprocess
import tempfile
import textwrap
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SCRIPT = os.path.join(TOP, 'scripts', 'build-users.sh')

FAKE_MAKE = r'''#!/usr/bin/env bash
obj= target=
for a in "$@"; do
	case "$a" in O=*) obj=${a#O=} ;; *=*|-*) ;; *) target=$a ;; esac
done
echo "$target" >> "$obj/made.log"
case "$target" in
allmodconfig) printf 'CONFIG_FOO=m\nCONFIG_BAR_OFF_IS_NOT_SET=y\n' > "$obj/.config" ;;
olddefconfig|prepare) ;;
drivers/bad/*) echo "$target: error: boom" >&2; exit 2 ;;
*/) ;;
*) mkdir -p "$obj/$(dirname "$target")"; : > "$obj/$target" ;;
esac
'''

MAP = textwrap.dedent('''\
    # test map
    drivers/via/*.c        via:drivers/owner/
    drivers/on/*.c         needs:FOO
    drivers/off/*.c        needs:BAR
    drivers/typo/*.c       needs:NO_SUCH_SYMBOL
    drivers/arm/*.c        skip:x86 only here
    ''')


def exe(path, text):
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


class BuildUsers(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.src = os.path.join(d, 'src')
        files = {
            'drivers/plain/a.c': 'struct mmu_notifier *n;\n',
            'drivers/via/b.c': 'struct mmu_interval_notifier *n;\n',
            'drivers/on/c.c': 'struct mmu_notifier *n;\n',
            'drivers/off/d.c': 'struct mmu_notifier *n;\n',
            'drivers/typo/e.c': 'struct mmu_notifier *n;\n',
            'drivers/arm/f.c': 'struct mmu_notifier *n;\n',
            'drivers/bad/g.c': 'struct mmu_notifier *n;\n',
            'drivers/none/h.c': 'int unrelated;\n',
            'arch/arm64/kvm/mmu.c': 'struct mmu_notifier *n;\n',
            'arch/x86/kvm/mmu.c': 'struct mmu_notifier *n;\n',
            'drivers/Kconfig': 'config FOO\n\ttristate "foo"\n'
                               'config BAR\n\ttristate "bar"\n',
        }
        for name, text in files.items():
            p = os.path.join(self.src, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w') as f:
                f.write(text)
        os.makedirs(os.path.join(self.src, 'scripts'))
        exe(os.path.join(self.src, 'scripts', 'config'), '#!/bin/sh\n')
        git = ['git', '-C', self.src, '-c', 'user.name=T',
               '-c', 'user.email=t@example.org']
        subprocess.run(git + ['init', '-q'], check=True)
        subprocess.run(git + ['add', '-A'], check=True)
        subprocess.run(git + ['commit', '-qm', 'stand-in'], check=True)
        self.bin = os.path.join(d, 'bin')
        os.makedirs(self.bin)
        exe(os.path.join(self.bin, 'make'), FAKE_MAKE)
        exe(os.path.join(self.bin, 'aarch64-linux-gnu-gcc'), '#!/bin/sh\n')
        self.map = os.path.join(d, 'users-map')
        with open(self.map, 'w') as f:
            f.write(MAP)
        # No ccache: the fake compiler is never run through it.
        path = ':'.join(p for p in os.environ['PATH'].split(':')
                        if 'ccache' not in p)
        self.env = dict(os.environ, PATH=self.bin + ':' + path,
                        USERS_MAP=self.map)

    def tearDown(self):
        self.tmp.cleanup()

    def run_arch(self, arch):
        obj = os.path.join(self.tmp.name, 'obj-' + arch)
        p = subprocess.run([SCRIPT, self.src, obj, arch], env=self.env,
                           capture_output=True, text=True)
        results = {}
        for line in p.stdout.splitlines():
            if line.startswith(('ok ', 'not ok ')):
                head, _, note = line.partition(' # ')
                name = head.split(' ', 3)[-1] if head.startswith('not') \
                    else head.split(' ', 2)[-1]
                results[name.split(':', 1)[1]] = (
                    'not ok' if head.startswith('not') else 'ok', note)
        with open(os.path.join(obj, 'made.log')) as f:
            made = f.read().split()
        return p, results, made

    def test_x86_64(self):
        p, r, made = self.run_arch('x86_64')
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn('\n1..8\n', p.stdout)
        self.assertEqual(r['drivers/plain/a.c'], ('ok', ''))
        self.assertEqual(r['drivers/via/b.c'], ('ok', ''))
        self.assertIn('drivers/owner/b.o', made)
        self.assertEqual(r['drivers/on/c.c'], ('ok', ''))
        self.assertEqual(r['drivers/off/d.c'],
                         ('ok', 'SKIP CONFIG_BAR is off in x86_64 allmodconfig'))
        self.assertNotIn('drivers/off/d.o', made)
        self.assertEqual(r['drivers/typo/e.c'], ('not ok', 'bad rule'))
        self.assertIn('no Kconfig defines NO_SUCH_SYMBOL', p.stdout)
        self.assertEqual(r['drivers/arm/f.c'], ('ok', 'SKIP x86 only here'))
        self.assertNotIn('drivers/arm/f.o', made)
        self.assertEqual(r['drivers/bad/g.c'], ('not ok', 'does not compile'))
        self.assertEqual(r['arch/x86/kvm/mmu.c'], ('ok', ''))
        self.assertNotIn('drivers/none/h.c', r)
        self.assertNotIn('arch/arm64/kvm/mmu.c', r)
        self.assertNotIn('arch/x86/kvm/', r)   # built by make check's kernel

    def test_arm64_cross(self):
        p, r, made = self.run_arch('arm64')
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn('\n1..9\n', p.stdout)
        self.assertIn('ok 1 users-arm64:', p.stdout)
        self.assertEqual(r['drivers/arm/f.c'], ('ok', 'SKIP x86 only here'))
        self.assertEqual(r['arch/arm64/kvm/mmu.c'], ('ok', ''))
        self.assertEqual(r['arch/arm64/kvm/'], ('ok', ''))
        self.assertIn('arch/arm64/kvm/', made)
        self.assertNotIn('arch/x86/kvm/mmu.c', r)


if __name__ == '__main__':
    unittest.main()
