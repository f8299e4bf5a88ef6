#!/usr/bin/env bash
# make bench: the series against the unmodified base, built from the same
# config, booted the same way (-icount: guest time counts instructions),
# running the same workloads (guest/plans/bench), in one invocation.
# Prints the table and writes results/bench.md, results/bench.json and the
# interval scaling plot results/bench-intervals.png.
#
#   bench.sh [--timeout SECS]
#
# The base kernel is the base tree plus the series' test driver patch
# (lib/test_mmu_notifier.c, a module: mm/ and virt/kvm/ are the base's),
# without which nothing could subscribe to an mm from user space: tree
# build/linux-basedrv.  The patched kernel is the usual build/linux.  Both
# get the same config: by default the project's fragments, the config of
# `make check` (lockdep and DEBUG_VM on), built in build/obj-basedrv and
# build/obj (so `make check` and `make bench` share the patched build);
# with BENCH_CONFIG=config/bench.config, those fragments plus that one
# (lockdep and DEBUG_VM off), built in build/obj-bench-base and
# build/obj-bench.  The selftest programs are built once, from the patched
# tree, and run on both kernels; bench/mn_bench is built against each
# tree's driver interface (the record layout of the log grew with the
# series).  Each workload runs several times per kernel
# (guest/plans/bench); the table gives median, min and max.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
out=$B/bench
tmo=7200
case "${1:-}" in
--timeout) tmo=$2; shift 2 ;;
esac
[ $# -eq 0 ] || { sed -n '2,23p' "$0" >&2; exit 2; }
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "dependencies"
"$top/scripts/install-deps.sh"
cfg=() objp=$B/obj objb=$B/obj-basedrv
if [ -n "${BENCH_CONFIG:-}" ]; then
	cfg=("$(realpath "$BENCH_CONFIG")") objp=$B/obj-bench objb=$B/obj-bench-base
fi
step "patched tree and kernel"
"$top/scripts/tree.sh" "$B/linux"
"$top/scripts/build-kernel.sh" "$B/linux" "$objp" "${cfg[@]}"

step "base tree and kernel (base + the test driver, same config)"
drv=$(grep -l '^Subject: .*add a test driver that records callbacks' \
	"$top"/patches/*.patch | head -n 1)
[ -n "$drv" ] || { echo "bench: the test driver patch is not in patches/" >&2; exit 1; }
rm -rf "$out/base-patches"; mkdir -p "$out/base-patches"
cp "$drv" "$out/base-patches/"
basename "$drv" > "$out/base-patches/series"
PATCHES="$out/base-patches" "$top/scripts/tree.sh" "$B/linux-basedrv"
"$top/scripts/build-kernel.sh" "$B/linux-basedrv" "$objb" "${cfg[@]}"

step "workload programs and an initramfs for each kernel"
"$top/scripts/build-selftests.sh" "$B/linux" "$objp" "$B/tests" "$top/guest/plans/bench"
rm -rf "$out/tests-base"; cp -a "$B/tests" "$out/tests-base"
gcc -O2 -Wall -Werror -static -I"$B/linux-basedrv/lib" -isystem "$objp/usr/include" \
	-o "$out/tests-base/bench/mn_bench" "$top/bench/mn_bench.c"
"$top/scripts/mkinitramfs.sh" "$objp" "$B/tests" "$out/initramfs-patched.cpio.gz"
"$top/scripts/mkinitramfs.sh" "$objb" "$out/tests-base" "$out/initramfs-base.cpio.gz"

for k in base patched; do
	obj=$objp; [ $k = base ] && obj=$objb
	step "boot the $k kernel and run the workloads"
	"$top/scripts/boot.sh" --icount --timeout "$tmo" "$obj/arch/x86/boot/bzImage" \
		"$out/initramfs-$k.cpio.gz" bench "$out/$k"
	python3 "$top/scripts/ktap.py" --known "$top/config/known-failures" \
		--console "$out/$k/console.log" "$out/$k/results.ktap" | tail -n 1
done

step "results"
mkdir -p "$top/results"
ver=$(grep -v "^#" "$top/config/base-version" | head -n 1)
title="make bench, $(date -u +%Y-%m-%d), base $ver, config: ${BENCH_CONFIG:-that of make check (lockdep, DEBUG_VM)}"
python3 "$top/scripts/bench_table.py" --title "$title" \
	--md "$top/results/bench.md" --json "$top/results/bench.json" \
	--plot "$top/results/bench-intervals.png" \
	"$out/base/results.ktap" "$out/patched/results.ktap"
echo "(written to results/bench.md, results/bench.json, results/bench-intervals.png)"
