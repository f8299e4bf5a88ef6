#!/usr/bin/env bash
# The "Oops: int3" reproduction: boot a kernel BOOTS times with
# guest/plans/kvm-flip (VMs created and destroyed while the other vCPUs
# switch tasks, so KVM's static keys are patched under them) and say, per
# boot, how it ended.
#
#   int3-repro.sh [--single-thread] [--boots N] [--timeout SECS] OBJ OUTDIR
#   int3-repro.sh --classify BOOTDIR RC   how one boot ended (boot.sh's
#                                         OUTDIR and exit status)
#
# OBJ is a kernel build folder (its bzImage and modules; build/tests gives
# the programs).  --single-thread runs QEMU's TCG on one host thread for
# all vCPUs instead of one thread per vCPU.  Prints one line per boot
# (clean, int3 with the Oops line, other with the first splat line, hung)
# and a summary; exit status 0 whatever the boots did, 2 on bad usage.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
boots=5 single=() tmo=2400

# classify BOOTDIR RC: prints "WHAT ROUNDS DETAIL"; WHAT is clean, int3,
# other or hung, ROUNDS the kvm-flip rounds the boot finished.
classify() {
	local d=$1 rc=$2 what detail="" rounds splat
	rounds=$({ grep -o 'kvm-flip: [0-9]* rounds' "$d/results.ktap" || true; } |
		awk '{s += $2} END {print s + 0}')
	splat=$(grep -m 1 -E 'Oops|BUG:|WARNING:|Kernel panic' "$d/console.log" || true)
	if grep -q 'Oops: int3' "$d/console.log"; then
		what=int3
		detail=$(grep -A 12 'Oops: int3' "$d/console.log" | grep -m 1 'RIP:' || true)
	elif [ -n "$splat" ]; then
		what=other detail=$splat
	elif [ "$rc" -eq 124 ]; then
		what=hung detail="killed after the timeout"
	elif [ "$rc" -ne 0 ]; then
		what=other detail="boot.sh exit $rc"
	else
		what=clean
	fi
	echo "$what $rounds $detail"
}

if [ "${1:-}" = --classify ]; then
	[ $# -eq 3 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
	classify "$2" "$3"
	exit 0
fi
while [ $# -gt 0 ]; do
	case "$1" in
	--single-thread) single=(--single-thread); shift ;;
	--boots) boots=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
obj=$(realpath "$1") out=$(realpath -m "$2")
mkdir -p "$out"
"$top/scripts/mkinitramfs.sh" "$obj" "$top/build/tests" "$out/initramfs.cpio.gz" >/dev/null
declare -A n=([clean]=0 [int3]=0 [other]=0 [hung]=0)
for i in $(seq 1 "$boots"); do
	d=$out/boot-$i rc=0
	"$top/scripts/boot.sh" --quiet "${single[@]}" --timeout "$tmo" \
		"$obj/arch/x86/boot/bzImage" "$out/initramfs.cpio.gz" kvm-flip "$d" || rc=$?
	read -r what rounds detail < <(classify "$d" "$rc")
	n[$what]=$((n[$what] + 1))
	printf 'boot %d: %-5s %6d rounds done  %s\n' "$i" "$what" "$rounds" "$detail"
done
printf 'summary: %d boots, %d clean, %d int3, %d other, %d hung (%s, %s)\n' \
	"$boots" "${n[clean]}" "${n[int3]}" "${n[other]}" "${n[hung]}" \
	"$(basename "$obj")" "${single[*]:-multi-threaded TCG}"
