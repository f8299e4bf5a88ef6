#!/usr/bin/env bash
# Build, statically linked, the selftest programs that the guest plans name
# (and the project's own bench/ programs; bench/NAME.ko is bench/sub's
# module, built against OBJ).
#
#   build-selftests.sh SRC OBJ OUT PLAN...
#
# SRC is the kernel tree, OBJ its configured build folder (for the uapi
# headers), OUT the folder that becomes /t in the guest.  Programs are
# built out of tree (OUTPUT=), so the source tree stays clean.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$(realpath "$1"); obj=$(realpath "$2"); out=$(realpath -m "$3"); shift 3
st=$src/tools/testing/selftests
jobs=$(( $(nproc) + 1 ))

make -s -C "$src" O="$obj" headers >/dev/null
hdr="-isystem $obj/usr/include"

declare -A want=()
for plan in "$@"; do
	while read -r _ _ prog _; do
		case "$prog" in
		mm/*|kvm/*|bench/*|samples/*) want[$prog]=1 ;;
		sh/*)	# a wrapper names the programs it runs on "# needs:" lines
			for p in $(sed -n 's/^# needs://p' "$top/guest/tests/${prog#sh/}"); do
				want[$p]=1
			done ;;
		esac
	done < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$plan")
done

mm=() kvm=() bench=() samples=() kmods=()
for prog in "${!want[@]}"; do
	case "$prog" in
	mm/*) mm+=("$out/$prog") ;;
	kvm/*) kvm+=("$out/$prog") ;;
	bench/*.ko) kmods+=("$prog") ;;
	bench/*) bench+=("${prog#bench/}") ;;
	samples/*) samples+=("$prog") ;;
	esac
done
mkdir -p "$out/mm" "$out/kvm" "$out/bench"
# The project's own guest programs (bench/NAME.c), built against the
# tree's test driver interface.
for b in "${bench[@]}"; do
	gcc -O2 -Wall -Werror -static -I"$src/lib" $hdr \
		-o "$out/bench/$b" "$top/bench/$b.c"
done
for m in "${kmods[@]}"; do
	[ "$m" = bench/mn_bench_sub.ko ] || { echo "selftests: no rule for $m" >&2; exit 1; }
	"$top/scripts/build-benchmod.sh" "$obj" "$out/bench" >/dev/null
done
# User programs of the tree's samples/ (samples/DIR/NAME from NAME.c),
# which kbuild links dynamically.
for p in "${samples[@]}"; do
	mkdir -p "$out/${p%/*}"
	gcc -O2 -Wall -Werror -static $hdr -o "$out/$p" "$src/$p.c"
done
if [ ${#mm[@]} -gt 0 ]; then
	make -s -C "$st/mm" -j"$jobs" OUTPUT="$out/mm" KHDR_INCLUDES="$hdr" \
		LDFLAGS=-static "${mm[@]}"
fi
if [ ${#kvm[@]} -gt 0 ]; then
	make -s -C "$st/kvm" -j"$jobs" OUTPUT="$out/kvm" KHDR_INCLUDES="$hdr" \
		EXTRA_CFLAGS=-static LDFLAGS=-static "${kvm[@]}"
fi
for prog in "${!want[@]}"; do
	case "$prog" in
	*.ko)	file -b "$out/$prog" 2>/dev/null | grep -q 'ELF.*relocatable' ||
			{ echo "selftests: $prog was not built" >&2; exit 1; }
		continue ;;
	esac
	[ -x "$out/$prog" ] || { echo "selftests: $prog was not built" >&2; exit 1; }
	file -b "$out/$prog" | grep -q 'statically linked' ||
		{ echo "selftests: $prog is not statically linked" >&2; exit 1; }
done
echo ">> selftests: ${#want[@]} programs in $out"
