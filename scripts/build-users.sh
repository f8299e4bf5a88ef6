#!/usr/bin/env bash
# Compile, under allmodconfig, every C file of the tree that uses the MMU
# notifier API (mentions mmu_notifier or mmu_interval_notifier), so an API
# slip in a driver the guest never boots is caught.  ARCH (default x86_64)
# is one of x86_64, arm64, riscv64, powerpc64le, s390x; every other one is
# cross-compiled with Debian's gcc-TRIPLET (scripts/install-deps.sh cross).
# The file set is the same on every architecture: the users outside arch/,
# plus that architecture's own users, plus, when cross-compiling, its
# whole KVM as one test (the folder arch/ARCH/kvm/, built as kbuild builds
# it: hypervisor objects included), which x86_64's make check kernel
# builds already.  Prints KTAP, one test per file or folder: "users:PATH"
# on x86_64, "users-ARCH:PATH" elsewhere; a file that allmodconfig does not
# build on ARCH is a skip, not a pass.  config/users-map maps or skips
# files kbuild cannot build on their own.
#
#   build-users.sh SRC OBJ [ARCH]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] && [ $# -le 3 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
src=$(realpath "$1"); obj=$(realpath -m "$2"); arch=${3:-x86_64}
map=${USERS_MAP:-$top/config/users-map}	# USERS_MAP: for the harness
jobs=$(( $(nproc) + 1 ))

case $arch in
x86_64)		karch=x86 triplet= ;;
arm64)		karch=arm64 triplet=aarch64-linux-gnu ;;
riscv64)	karch=riscv triplet=riscv64-linux-gnu ;;
powerpc64le)	karch=powerpc triplet=powerpc64le-linux-gnu ;;
s390x)		karch=s390 triplet=s390x-linux-gnu ;;
*)		echo "build-users: unknown ARCH $arch" >&2; exit 2 ;;
esac
prefix=users
[ "$arch" = x86_64 ] || prefix=users-$arch

ccache=
command -v ccache >/dev/null && ccache="ccache "
mkargs=(CC="${ccache}${triplet:+$triplet-}gcc" HOSTCC="${ccache}gcc")
[ -n "$triplet" ] && mkargs+=(ARCH="$karch" CROSS_COMPILE="$triplet-")
mk() { make -s -C "$src" O="$obj" "${mkargs[@]}" "$@"; }

bail() {	# bail WHAT LOG: one failing test for a stage before the files
	echo "KTAP version 1"; echo "1..1"; sed 's/^/# /' "$2"
	echo "not ok 1 $prefix:$1 # failed"; exit 1
}

mkdir -p "$obj"
if [ -n "$triplet" ] && ! command -v "$triplet-gcc" >/dev/null; then
	echo "$triplet-gcc not found: scripts/install-deps.sh cross installs it" > "$obj/prepare.log"
	bail compiler "$obj/prepare.log"
fi
if [ ! -f "$obj/.config" ]; then
	# powerpc's allmodconfig builds a big-endian kernel; the Debian
	# compiler for 64-bit powerpc is the little-endian one.
	allcfg=$obj/allmod.config
	: > "$allcfg"
	[ "$arch" = powerpc64le ] && echo CONFIG_CPU_LITTLE_ENDIAN=y > "$allcfg"
	KCONFIG_ALLCONFIG=$allcfg mk allmodconfig > "$obj/config.log" 2>&1 ||
		bail allmodconfig "$obj/config.log"
	# Warnings are reported, not fatal: the point is the API, and a base
	# file that warns with this compiler must not hide the others.
	"$src/scripts/config" --file "$obj/.config" -d WERROR -d DEBUG_INFO_BTF \
		-e DEBUG_INFO_NONE -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT
	mk olddefconfig >> "$obj/config.log" 2>&1 || bail allmodconfig "$obj/config.log"
fi
mk -j"$jobs" prepare >/dev/null 2>"$obj/prepare.log" || bail prepare "$obj/prepare.log"

api='mmu_notifier|mmu_interval_notifier'
files=$(cd "$src" && {
	git grep -lE "$api" -- '*.c' ':!tools/' ':!Documentation/' ':!samples/' ':!arch/'
	git grep -lE "$api" -- "arch/$karch/*.c"
} | sort -u)
[ -z "$triplet" ] || files+=$'\n'"arch/$karch/kvm/"
n=$(echo "$files" | grep -c .)
echo "KTAP version 1"
echo "1..$n"
i=0 rc=0
rule_for() {	# rule_for FILE: the config/users-map action for FILE, if any
	local glob action
	while read -r glob action; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $1 == $glob ]] && { echo "$action"; return; }
	done < "$map"
}

for f in $files; do
	i=$((i + 1))
	o=${f%.c}.o
	case $f in */) o=$f ;; esac
	rule=$(rule_for "$f") skip= bad=
	case "$rule" in skip:*) skip=${rule#skip:}; rule= ;; esac
	for a in $rule; do
		case "$a" in
		via:*)	o=${a#via:}$(basename "$o") ;;
		# kbuild compiles a single object whatever the config says;
		# one whose driver this architecture cannot enable is a skip,
		# decided by the config, never by the map alone.
		needs:*) sym=${a#needs:}
			git -C "$src" grep -qE "^config $sym\s*$" -- '*Kconfig*' ||
				bad="config/users-map: no Kconfig defines $sym"
			grep -qE "^CONFIG_$sym=[ym]$" "$obj/.config" ||
				skip="CONFIG_$sym is off in $arch allmodconfig" ;;
		esac
	done
	if [ -n "$bad" ]; then
		echo "# $bad"; echo "not ok $i $prefix:$f # bad rule"; rc=1; continue
	fi
	if [ -n "$skip" ]; then
		echo "ok $i $prefix:$f # SKIP $skip"; continue
	fi
	log=$(mk -j"$jobs" "$o" 2>&1); made=$?
	case $o in
	*/)	built=$([ $made -eq 0 ] && echo y) ;;
	*)	built=$([ -f "$obj/$(realpath -m --relative-to=. "$o")" ] && echo y) ;;
	esac
	if [ -n "$built" ] && ! echo "$log" | grep -q ' error: '; then
		echo "$log" | grep ' warning: ' | sed 's/^/# /'
		echo "ok $i $prefix:$f"
	elif echo "$log" | grep -q -e 'No rule to make target' -e 'is not a configured'; then
		echo "ok $i $prefix:$f # SKIP not built by $arch allmodconfig"
	else
		echo "$log" | tail -n 30 | sed 's/^/# /'
		echo "not ok $i $prefix:$f # does not compile"
		rc=1
	fi
done
exit $rc
