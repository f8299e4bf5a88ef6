#!/usr/bin/env bash
# Pack the guest's initramfs: busybox-static, guest/ (init, runners, plans,
# wrapper scripts), the selftest programs and the kernel's modules.
#
#   mkinitramfs.sh OBJ TESTS OUTPUT.cpio.gz
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
obj=$(realpath "$1"); tests=$(realpath "$2"); outfile=$(realpath -m "$3")
mkdir -p "$(dirname "$outfile")"
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -b "$bb" | grep -q 'statically linked' ||
	{ echo "mkinitramfs: need a static busybox (busybox-static)" >&2; exit 1; }

root=$(mktemp -d); trap 'rm -rf "$root" "$root.nested"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,lib,plans,t/sh}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$top/guest/init" "$root/init"
install -m 755 "$top/guest/run-plan.sh" "$top/guest/run-kunit.sh" "$root/bin/"
cp "$top/guest/plans/"* "$root/plans/"
# A VM held for the whole boot by plans that ask for it (guest/kvm-hold.c).
gcc -O2 -Wall -Werror -static -o "$root/bin/kvm-hold" "$top/guest/kvm-hold.c"
# The "Oops: int3" reproduction's VM churn (guest/plans/kvm-flip).
gcc -O2 -Wall -Werror -static -o "$root/bin/kvm-flip" "$top/guest/kvm-flip.c"
# make bench's KVM guest of chosen folio sizes (guest/plans/bench-kvm1).
gcc -O2 -Wall -Werror -static -o "$root/bin/kvm-bench" "$top/guest/kvm-bench.c"
install -m 755 "$top/guest/tests/"*.sh "$root/t/sh/"
cp -a "$tests/." "$root/t/"
# Only the programs: drop the object files and libraries of the builds.
find "$root/t" -type f \( -name '*.o' -o -name '*.a' -o -name '*.d' \) -delete
find "$root/t" -type d -empty -delete
if [ -d "$obj/modroot/lib/modules" ]; then
	cp -a "$obj/modroot/lib/modules" "$root/lib/"
	find "$root/lib/modules" -name build -o -name source | xargs rm -f
fi
# Nested guests (guest/tests/nested-ksm.sh): QEMU with the libraries and
# firmware a -kernel boot under KVM reads, this kernel, and the nested
# guest's own initramfs (busybox, guest/nested/init, memcheck).
if [ -f "$obj/arch/x86/boot/bzImage" ]; then
	qemu=$(command -v qemu-system-x86_64)
	mkdir -p "$root/usr/bin" "$root/nested"
	cp "$qemu" "$root/usr/bin/"
	ldd "$qemu" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' |
		xargs -I{} cp -L --parents {} "$root/"
	for f in /usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/kvmvapic.bin \
		 /usr/share/seabios/bios-256k.bin; do
		cp -L --parents "$f" "$root/"
	done
	cp "$obj/arch/x86/boot/bzImage" "$root/nested/"
	inner=$root.nested
	mkdir -p "$inner/bin" "$inner/proc" "$inner/dev"
	cp "$bb" "$inner/bin/busybox"; ln -s busybox "$inner/bin/sh"
	install -m 755 "$top/guest/nested/init" "$inner/init"
	gcc -O2 -Wall -Werror -static -o "$inner/bin/memcheck" "$top/guest/nested/memcheck.c"
	(cd "$inner" && find . -print0 | sort -z | cpio --null -o -H newc --quiet) |
		gzip -1 > "$root/nested/initramfs.cpio.gz"
	rm -rf "$inner"
fi
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --quiet) |
	gzip -1 > "$outfile.tmp"
mv "$outfile.tmp" "$outfile"
echo ">> initramfs $(du -h "$outfile" | cut -f1) in $outfile"
