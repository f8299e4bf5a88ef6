"""Two uses (scripts/count-insns.sh):

- inside gdb (gdb -x): connect to QEMU's stub on $PORT, stop at $FN_ADDR
  $NCALLS times (only where the gdb expression $COND, if set, is true, and
  with $ARM_ADDR only after a stop there, under $ARM_COND), single-step
  each call until it returns to its caller, and write the executed addresses to $OUT ("call N COUNT" before each call's);
- as a program: count_insns.py SYSTEM_MAP OUT prints, per call, the total
  and the instructions executed in each function, in order of first use.
"""
import bisect
import os
import sys


def trace():
    import gdb  # only inside gdb
    gdb.execute('set pagination off')
    gdb.execute('set confirm off')
    gdb.execute('target remote 127.0.0.1:' + os.environ['PORT'])

    def stop_at(addr, cond):
        gdb.execute('hbreak *0x' + addr)
        bp = gdb.breakpoints()[-1]
        if cond:
            bp.condition = cond
        return bp

    if os.environ.get('ARM_ADDR'):
        # The stop at another function arms the count: only the calls
        # after it are traced.
        arm = stop_at(os.environ['ARM_ADDR'], os.environ.get('ARM_COND'))
        gdb.execute('continue')
        arm.delete()
    stop_at(os.environ['FN_ADDR'], os.environ.get('COND'))
    with open(os.environ['OUT'], 'w') as f:
        for call in range(int(os.environ['NCALLS'])):
            gdb.execute('continue')
            sp = int(gdb.parse_and_eval('$rsp'))
            ret = int(gdb.parse_and_eval('*(unsigned long *)$rsp'))
            pcs = []
            while True:
                pc = int(gdb.parse_and_eval('$pc'))
                if pc == ret and int(gdb.parse_and_eval('$rsp')) > sp:
                    break
                pcs.append(pc)
                if len(pcs) > 1000000:
                    raise gdb.GdbError('no return after 1,000,000 steps')
                gdb.execute('stepi', to_string=True)
            f.write('call %d %d\n' % (call, len(pcs)))
            f.writelines('%x\n' % pc for pc in pcs)
    gdb.execute('kill')


def count(map_lines, out_lines):
    """[{function: instructions}, ...], one dict per traced call, each in
    order of first use; an address belongs to the last text symbol at or
    below it."""
    syms = []
    for line in map_lines:
        addr, kind, name = line.split()[:3]
        if kind in 'tTwW':
            syms.append((int(addr, 16), name))
    syms.sort()
    addrs = [a for a, _ in syms]
    calls = []
    for line in out_lines:
        if line.startswith('call'):
            calls.append({})
            continue
        i = bisect.bisect_right(addrs, int(line, 16)) - 1
        if i < 0 or not calls:
            raise ValueError('address %s before any symbol or call' % line.strip())
        name = syms[i][1]
        calls[-1][name] = calls[-1].get(name, 0) + 1
    return calls


def summary(system_map, out):
    with open(system_map) as m, open(out) as o:
        calls = count(m, o)
    for i, c in enumerate(calls):
        print('call %d: %d instructions' % (i, sum(c.values())))
        for name, n in c.items():
            print('  %6d %s' % (n, name))


if __name__ == '__main__':
    if 'gdb' in sys.modules or os.environ.get('FN_ADDR'):
        trace()
    else:
        summary(sys.argv[1], sys.argv[2])
