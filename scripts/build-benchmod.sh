#!/usr/bin/env bash
# Build bench/sub/mn_bench_sub.ko, make bench's minimal subscriber, out of
# tree against a built kernel, into OUT/mn_bench_sub.ko.  The same source
# is built against each kernel that make bench compares.
#
#   build-benchmod.sh OBJ OUT
#
# OBJ is the kernel's build folder (build-kernel.sh's; its modules must be
# built).  The build runs in OUT/.mn_bench_sub, a copy of bench/sub, so the
# project's folder stays clean.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: build-benchmod.sh OBJ OUT" >&2; exit 2; }
obj=$(realpath "$1"); out=$(realpath -m "$2")
[ -f "$obj/Module.symvers" ] ||
	{ echo "build-benchmod: $obj has no Module.symvers: build its kernel and modules first" >&2; exit 1; }
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
work=$out/.mn_bench_sub
rm -rf "$work"; mkdir -p "$work"
cp "$top"/bench/sub/Kbuild "$top"/bench/sub/*.[ch] "$work/"
make -s -C "$obj" M="$work" CC="$cc" W=1 modules
cp "$work/mn_bench_sub.ko" "$out/mn_bench_sub.ko"
rm -rf "$work"
echo ">> $out/mn_bench_sub.ko built against $obj"
