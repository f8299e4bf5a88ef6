#!/usr/bin/env bash
# make bench: the series against the unmodified base, built from the same
# config, booted the same way, running the same workloads
# (guest/plans/bench), in one invocation.  Prints the table and writes it
# to results/bench.md and results/bench.json.
#
#   bench.sh
#
# Each workload runs three times per kernel (guest/plans/bench); the table
# gives median, min and max.
# The base is build/linux-base (the base tarball with no patches, its own
# tag "base") built in build/obj-base; the patched kernel is the usual
# build/linux in build/obj.  The workload programs are built once, from
# the patched tree (the base has none of them), and run on both kernels.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
out=$B/bench
[ $# -eq 0 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
step() { printf '\n== %s\n' "$1"; }

step "dependencies"
"$top/scripts/install-deps.sh"
step "patched tree and kernel"
"$top/scripts/tree.sh" "$B/linux"
"$top/scripts/build-kernel.sh" "$B/linux" "$B/obj"
step "base tree and kernel (no patches, same config)"
mkdir -p "$out/no-patches"
echo "# no patches: the unmodified base" > "$out/no-patches/series"
PATCHES="$out/no-patches" "$top/scripts/tree.sh" "$B/linux-base"
"$top/scripts/build-kernel.sh" "$B/linux-base" "$B/obj-base"
step "workload programs and initramfs for each kernel"
"$top/scripts/build-selftests.sh" "$B/linux" "$B/obj" "$B/tests" "$top/guest/plans/bench"
"$top/scripts/mkinitramfs.sh" "$B/obj" "$B/tests" "$out/initramfs-patched.cpio.gz"
"$top/scripts/mkinitramfs.sh" "$B/obj-base" "$B/tests" "$out/initramfs-base.cpio.gz"

for k in base patched; do
	obj=$B/obj; [ $k = base ] && obj=$B/obj-base
	step "boot the $k kernel and run the workloads"
	"$top/scripts/boot.sh" "$obj/arch/x86/boot/bzImage" \
		"$out/initramfs-$k.cpio.gz" bench "$out/$k"
	python3 "$top/scripts/ktap.py" --known "$top/config/known-failures" \
		--console "$out/$k/console.log" "$out/$k/results.ktap" | tail -n 1
done

step "results"
mkdir -p "$top/results"
title="make bench, $(date -u +%Y-%m-%d), base $(grep -v "^#" "$top/config/base-version" | head -n 1)"
python3 "$top/scripts/bench_table.py" --title "$title" \
	--md "$top/results/bench.md" --json "$top/results/bench.json" \
	"$out/base/results.ktap" "$out/patched/results.ktap"
echo "(written to results/bench.md and results/bench.json)"
