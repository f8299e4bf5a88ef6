#!/usr/bin/env bash
# make bench: the series against the unmodified base, built from the same
# config, booted the same way (-icount: guest time counts instructions),
# running the same workloads (guest/plans/bench), in one invocation.
# Prints the table and writes bench/results/bench.md, bench.json and the
# interval scaling plot bench-intervals.png: the published figures, which
# the README shows, committed with the project.
#
#   bench.sh [--timeout SECS]
#
# The base kernel is the base tree plus the series' test driver patch
# (lib/test_mmu_notifier.c, a module: mm/ and virt/kvm/ are the base's),
# without which nothing could subscribe to an mm from user space: tree
# build/linux-basedrv.  The patched kernel is the usual build/linux.  Both
# get the same production config: the project's fragments plus
# config/bench.config, which turns off every debugging option that costs
# at run time (lockdep, DEBUG_VM, ...), built in build/obj-bench-base and
# build/obj-bench; BENCH_CONFIG=FILE names another last fragment (and the
# table's title says so).  The selftest programs are built once, from the
# patched tree, and run on both kernels; bench/mn_bench is built against
# each tree's driver interface (the record layout of the log grew with the
# series).  Each kernel boots three times: guest/plans/bench-micro on one
# vCPU, guest/plans/bench-kvm1 on one vCPU with a memory-only second NUMA
# node (KVM guest memory: reclaim, migration, KSM, exit), and
# guest/plans/bench on four; each workload runs several times per kernel
# and the table gives median, min, max and the spread.  The reclaim and
# migration cost per folio size is plotted in bench-kvm-folios.png.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
out=$B/bench
tmo=7200
case "${1:-}" in
--timeout) tmo=$2; shift 2 ;;
esac
[ $# -eq 0 ] || { sed -n '2,26p' "$0" >&2; exit 2; }
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "dependencies"
"$top/scripts/install-deps.sh"
cfgfile=${BENCH_CONFIG:-config/bench.config}
cfg=("$(realpath "$top/$cfgfile" 2>/dev/null || realpath "$cfgfile")")
objp=$B/obj-bench objb=$B/obj-bench-base
step "patched tree and kernel"
"$top/scripts/tree.sh" "$B/linux"
"$top/scripts/build-kernel.sh" "$B/linux" "$objp" "${cfg[@]}"

step "base tree and kernel (base + the test driver, same config)"
drv=$(grep -l '^Subject: .*add a test driver that records callbacks' \
	"$top"/patches/*.patch | head -n 1)
[ -n "$drv" ] || { echo "bench: the test driver patch is not in patches/" >&2; exit 1; }
rm -rf "$out/base-patches"; mkdir -p "$out/base-patches"
# Its MAINTAINERS part extends an entry the base does not have.
"$top/scripts/drop-maintainers.py" "$drv" "$out/base-patches/$(basename "$drv")"
basename "$drv" > "$out/base-patches/series"
PATCHES="$out/base-patches" "$top/scripts/tree.sh" "$B/linux-basedrv"
"$top/scripts/build-kernel.sh" "$B/linux-basedrv" "$objb" "${cfg[@]}"

step "workload programs and an initramfs for each kernel"
"$top/scripts/build-selftests.sh" "$B/linux" "$objp" "$B/tests" \
	"$top/guest/plans/bench-micro" "$top/guest/plans/bench-kvm1" \
	"$top/guest/plans/bench"
rm -rf "$out/tests-base"; cp -a "$B/tests" "$out/tests-base"
# The bench's own subscriber, the same source built against the base.
"$top/scripts/build-benchmod.sh" "$objb" "$out/tests-base/bench"
gcc -O2 -Wall -Werror -static -I"$B/linux-basedrv/lib" -isystem "$objp/usr/include" \
	-o "$out/tests-base/bench/mn_bench" "$top/bench/mn_bench.c"
"$top/scripts/mkinitramfs.sh" "$objp" "$B/tests" "$out/initramfs-patched.cpio.gz"
"$top/scripts/mkinitramfs.sh" "$objb" "$out/tests-base" "$out/initramfs-base.cpio.gz"

for k in base patched; do
	obj=$objp; [ $k = base ] && obj=$objb
	for plan in bench-micro bench-kvm1 bench; do
		step "boot the $k kernel: $plan"
		"$top/scripts/boot.sh" --icount --timeout "$tmo" "$obj/arch/x86/boot/bzImage" \
			"$out/initramfs-$k.cpio.gz" $plan "$out/$k-$plan"
		python3 "$top/scripts/ktap.py" --known "$top/config/known-failures" \
			--console "$out/$k-$plan/console.log" "$out/$k-$plan/results.ktap" | tail -n 1
	done
	cat "$out/$k-bench-micro/results.ktap" "$out/$k-bench-kvm1/results.ktap" \
		"$out/$k-bench/results.ktap" > "$out/$k.ktap"
done

step "results"
res=$top/bench/results
mkdir -p "$res"
ver=$(grep -v "^#" "$top/config/base-version" | head -n 1)
title="make bench, $(date -u +%Y-%m-%d), base $ver, config: x86_64_defconfig + kvm_guest.config + config/qemu.config + $cfgfile"
python3 "$top/scripts/bench_table.py" --title "$title" \
	--md "$res/bench.md" --json "$res/bench.json" \
	--plot "$res/bench-intervals.png" --plot-folios "$res/bench-kvm-folios.png" \
	"$out/base.ktap" "$out/patched.ktap"
echo "(written to bench/results/: bench.md, bench.json, bench-intervals.png, bench-kvm-folios.png)"
