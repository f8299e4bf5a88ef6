#!/usr/bin/env bash
# Count, instruction by instruction, what the first calls of a kernel
# function execute: the guest boots with QEMU's gdb stub, gdb stops at
# FUNCTION and single-steps each call to its return, and the executed
# addresses are summed per function (the kernel's System.map; a module's
# code shows under the last kernel symbol below it).  Used to find where a
# bench row's instructions go (README, "Latest figures").
#
#   count-insns.sh [--calls N] OBJ INITRD PLAN FUNCTION OUT
#
# OBJ: a built kernel folder (vmlinux, System.map, bzImage); INITRD: its
# initramfs with PLAN in it (scripts/mkinitramfs.sh); the guest boots with
# one vCPU and nokaslr.  OUT gets the addresses; the summary goes to stdout.
set -euo pipefail
calls=3
[ "${1:-}" = --calls ] && { calls=$2; shift 2; }
[ $# -eq 5 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
obj=$1 initrd=$2 plan=$3 fn=$4 out=$5
top=$(cd "$(dirname "$0")/.." && pwd)
addr=$(awk -v f="$fn" '$3 == f { print $1; exit }' "$obj/System.map")
[ -n "$addr" ] || { echo "count-insns: $fn is not in $obj/System.map" >&2; exit 1; }
port=$((20000 + $$ % 10000))
d=$(mktemp -d); trap 'kill $q 2>/dev/null; rm -rf "$d"' EXIT
qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 1 -m 6G \
	-kernel "$obj/arch/x86/boot/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 hugepages=128 mmtest.plan=$plan nokaslr" \
	-display none -monitor none -no-reboot -serial "file:$d/console.log" \
	-serial "file:$d/results.ktap" -gdb "tcp:127.0.0.1:$port" -S &
q=$!
sleep 1
FN_ADDR=$addr OUT=$out PORT=$port NCALLS=$calls timeout 1800 \
	gdb -q -batch -x "$top/scripts/count_insns.py" "$obj/vmlinux" > "$out.gdb.log" 2>&1 ||
	{ echo "count-insns: gdb failed, see $out.gdb.log" >&2; exit 1; }
python3 "$top/scripts/count_insns.py" "$obj/System.map" "$out"
