#!/usr/bin/env bash
# Boot a kernel + initramfs in QEMU (TCG; -cpu max exposes SVM, so KVM works
# inside the guest).
#
#   boot.sh [options] BZIMAGE INITRD PLAN OUTDIR
#     PLAN      a file name under guest/plans, or "shell" for a prompt
#     OUTDIR    gets console.log (serial 0: the kernel log) and
#               results.ktap (serial 1: what the plan printed)
#   options:
#     --timeout SECS   kill the guest after SECS (default 2400)
#     --icount         single-threaded TCG with -icount shift=0,sleep=off, so
#                      guest time counts instructions (for benchmarks)
#     --single-thread  single-threaded TCG (one host thread runs every
#                      vCPU in turn) instead of a thread per vCPU
#     --quiet          no progress lines
#
# Exit status: 0 when the guest finished the plan and powered off, 124 when
# it hung past the timeout, 1 when it stopped early (panic, reboot).
set -euo pipefail
tmo=2400 icount=0 quiet=0 threads=multi
while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) tmo=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--single-thread) threads=single; shift ;;
	--quiet) quiet=1; shift ;;
	*) break ;;
	esac
done
[ $# -eq 4 ] || { sed -n '2,19p' "$0" >&2; exit 2; }
kernel=$1 initrd=$2 plan=$3 outdir=$4
mkdir -p "$outdir"

accel=(-accel tcg,thread=$threads)
[ $icount -eq 1 ] && accel=(-accel tcg -icount shift=0,sleep=off)
# Two NUMA nodes, one socket of two CPUs and 3 GiB each: migration tests
# need two nodes and three CPUs, and a node must not split a socket (the
# scheduler warns when CPUs sharing a cache sit on different nodes).
mach=(-cpu max -smp 4,sockets=2,cores=2,threads=1 -m 6G
      -object memory-backend-ram,id=m0,size=3G
      -object memory-backend-ram,id=m1,size=3G
      -numa node,nodeid=0,cpus=0-1,memdev=m0
      -numa node,nodeid=1,cpus=2-3,memdev=m1)
planfile=$(dirname "$0")/../guest/plans/$plan
# A plan may ask for one CPU ("# cpus: 1"): micro benchmarks, where no
# other vCPU's timer or idle loop is interleaved with the one measured.
# With "# nodes: 2" as well, the one CPU's node 0 gets a memory-only node 1
# beside it (migration).
if [ -f "$planfile" ] && grep -qx '# cpus: 1' "$planfile"; then
	mach=(-cpu max -smp 1 -m 6G)
	grep -qx '# nodes: 2' "$planfile" &&
		mach=(-cpu max -smp 1 -m 6G
		      -object memory-backend-ram,id=m0,size=3G
		      -object memory-backend-ram,id=m1,size=3G
		      -numa node,nodeid=0,cpus=0,memdev=m0
		      -numa node,nodeid=1,memdev=m1)
fi
# 256 MiB of 2 MiB huge pages, reserved at boot while memory is not yet
# fragmented.  No 1 GiB pages: cow then spends minutes under TCG copying
# them; its 1 GiB cases skip ("need more free huge pages").
cmdline="console=ttyS0 panic=-1 hugepages=128"
cmdline+=" mmtest.plan=$plan"
# A plan may ask for kernel parameters of its own: "# cmdline: ARGS" lines.
[ -f "$planfile" ] && cmdline+=$(sed -n 's/^# cmdline:\(.*\)/ \1/p' "$planfile" | tr -d '\n')
# And the caller (make check-debug): BOOT_CMDLINE.
cmdline+=${BOOT_CMDLINE:+ $BOOT_CMDLINE}

if [ "$plan" = shell ]; then
	exec qemu-system-x86_64 "${accel[@]}" "${mach[@]}" -kernel "$kernel" \
		-initrd "$initrd" -append "$cmdline" \
		-nographic -no-reboot
fi

: > "$outdir/console.log"; : > "$outdir/results.ktap"
timeout -k 10 "$tmo" qemu-system-x86_64 "${accel[@]}" "${mach[@]}" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-display none -monitor none -no-reboot \
	-serial "file:$outdir/console.log" -serial "file:$outdir/results.ktap" &
qpid=$!
if [ $quiet -eq 0 ]; then
	tail -n +1 -F --pid=$qpid "$outdir/results.ktap" 2>/dev/null |
		sed -u -n -e 's/^# begin /   running /p' -e 's/^# time /   done    /p' &
fi
rc=0; wait $qpid || rc=$?
sleep 0.5
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "boot: guest hung: killed after ${tmo}s" >&2; exit 124
fi
grep -q "mmtest: plan $plan finished" "$outdir/console.log" || {
	echo "boot: guest stopped before the plan finished (qemu exit $rc)" >&2; exit 1; }
exit 0
