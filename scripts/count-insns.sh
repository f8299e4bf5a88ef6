#!/usr/bin/env bash
# Count, instruction by instruction, what the first calls of a kernel
# function execute: the guest boots with QEMU's gdb stub, gdb stops at
# FUNCTION and single-steps each call to its return, and the executed
# addresses are summed per function (the kernel's System.map; a module's
# code shows under the last kernel symbol below it).  Used to find where a
# bench row's instructions go (README, "Latest figures").
#
#   count-insns.sh [--calls N] [--if EXPR] [--after FUNC [--after-if EXPR]]
#                  OBJ INITRD PLAN FUNCTION OUT
#
# OBJ: a built kernel folder (vmlinux, System.map, bzImage); INITRD: its
# initramfs with PLAN in it (scripts/mkinitramfs.sh); the guest boots with
# one vCPU and nokaslr.  OUT gets the addresses; the summary goes to stdout.
# --if counts only the calls where the gdb expression EXPR, evaluated on
# entry, is true: the registers hold the arguments, so for example
# '*(long *)($rsi + 8) - *(long *)$rsi == 0x1000000' picks the calls of
# copy_page_range() for a 16 MiB VMA (vm_start and vm_end come first).
# --after counts only the calls that follow a call of FUNC (where the
# --after-if EXPR holds): the exit_mmap() after the copy_page_range() above
# is the forked child's.
set -euo pipefail
calls=3 cond= after= acond=
while :; do
	case "${1:-}" in
	--calls) calls=$2; shift 2 ;;
	--if) cond=$2; shift 2 ;;
	--after) after=$2; shift 2 ;;
	--after-if) acond=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 5 ] || { sed -n '2,23p' "$0" >&2; exit 2; }
obj=$1 initrd=$2 plan=$3 fn=$4 out=$5
top=$(cd "$(dirname "$0")/.." && pwd)
sym() {	# sym NAME: its address in System.map, or fail
	local a
	a=$(awk -v f="$1" '$3 == f { print $1; exit }' "$obj/System.map")
	[ -n "$a" ] || { echo "count-insns: $1 is not in $obj/System.map" >&2; exit 1; }
	echo "$a"
}
addr=$(sym "$fn")
aaddr=
[ -z "$after" ] || aaddr=$(sym "$after")
port=$((20000 + $$ % 10000))
d=$(mktemp -d); trap 'kill $q 2>/dev/null || :; rm -rf "$d"' EXIT
qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 1 -m 6G \
	-kernel "$obj/arch/x86/boot/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 hugepages=128 mmtest.plan=$plan nokaslr" \
	-display none -monitor none -no-reboot -serial "file:$d/console.log" \
	-serial "file:$d/results.ktap" -gdb "tcp:127.0.0.1:$port" -S &
q=$!
sleep 1
FN_ADDR=$addr OUT=$out PORT=$port NCALLS=$calls COND=$cond \
	ARM_ADDR=$aaddr ARM_COND=$acond timeout 1800 \
	gdb -q -batch -x "$top/scripts/count_insns.py" "$obj/vmlinux" > "$out.gdb.log" 2>&1 ||
	{ echo "count-insns: gdb failed, see $out.gdb.log" >&2; exit 1; }
python3 "$top/scripts/count_insns.py" "$obj/System.map" "$out"
