#!/usr/bin/env bash
# make run: install what is missing, build the tree, the kernel and the
# guest, boot it and show the demonstration (guest/plans/demo).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
out=$B/run
step() { printf '\n== %s\n' "$1"; }
t_all=$SECONDS
step "1/6 dependencies (apt-get, only what is missing)"
"$top/scripts/install-deps.sh"
step "2/6 kernel tree: base + $(grep -cv -e '^#' -e '^$' "$top/patches/series" || true) patches from patches/"
"$top/scripts/tree.sh" "$B/linux"
step "3/6 kernel build (minutes from clean, seconds when unchanged)"
"$top/scripts/build-kernel.sh" "$B/linux" "$B/obj"
step "4/6 selftests"
"$top/scripts/build-selftests.sh" "$B/linux" "$B/obj" "$B/tests" "$top"/guest/plans/*
step "5/6 initramfs"
"$top/scripts/mkinitramfs.sh" "$B/obj" "$B/tests" "$B/initramfs.cpio.gz"
step "6/6 boot in QEMU and run the demonstration (kernel log: build/run/console.log)"
"$top/scripts/boot.sh" "$B/obj/arch/x86/boot/bzImage" "$B/initramfs.cpio.gz" demo "$out" || true
echo
sed -n 's/^    demo| //p' "$out/results.ktap"
echo
python3 "$top/scripts/ktap.py" --console "$out/console.log" "$out/results.ktap" | tail -n 1
echo "(total $((SECONDS - t_all))s; make shell for a prompt on the same kernel)"
