#!/usr/bin/env bash
# Compile, under x86_64 allmodconfig, every C file of the tree that uses the
# MMU notifier API (mentions mmu_notifier or mmu_interval_notifier), so an
# API slip in a driver the guest never boots is caught.  Prints KTAP, one
# test per file ("users:PATH"); a file that allmodconfig does not build on
# x86_64 is a skip, not a pass.
#
#   build-users.sh SRC OBJ
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$(realpath "$1"); obj=$(realpath -m "$2")
map=$top/config/users-map
jobs=$(( $(nproc) + 1 ))
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
mk() { make -s -C "$src" O="$obj" CC="$cc" HOSTCC="$cc" "$@"; }

mkdir -p "$obj"
if [ ! -f "$obj/.config" ]; then
	mk allmodconfig >/dev/null
	# Warnings are reported, not fatal: the point is the API, and a base
	# file that warns with this compiler must not hide the others.
	"$src/scripts/config" --file "$obj/.config" -d WERROR -d DEBUG_INFO_BTF \
		-e DEBUG_INFO_NONE -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT
	mk olddefconfig >/dev/null
fi
mk -j"$jobs" prepare >/dev/null 2>"$obj/prepare.log" || {
	echo "KTAP version 1"; echo "1..1"; sed 's/^/# /' "$obj/prepare.log"
	echo "not ok 1 users:prepare # make prepare failed"; exit 1; }

files=$(cd "$src" && git grep -lE 'mmu_notifier|mmu_interval_notifier' -- '*.c' |
	grep -v -e '^tools/' -e '^Documentation/' -e '^samples/' |
	grep -v -e '^arch/' ; cd "$src" && git grep -lE 'mmu_notifier|mmu_interval_notifier' -- 'arch/x86/*.c')
files=$(echo "$files" | sort -u)
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
	rule=$(rule_for "$f")
	case "$rule" in
	skip:*)	echo "ok $i users:$f # SKIP ${rule#skip:}"; continue ;;
	via:*)	o=${rule#via:}$(basename "$o") ;;
	esac
	log=$(mk -j"$jobs" "$o" 2>&1)
	if [ -f "$obj/$(realpath -m --relative-to=. "$o")" ] && ! echo "$log" | grep -q ' error: '; then
		echo "$log" | grep ' warning: ' | sed 's/^/# /'
		echo "ok $i users:$f"
	elif echo "$log" | grep -q -e 'No rule to make target' -e 'is not a configured'; then
		echo "ok $i users:$f # SKIP not built by x86_64 allmodconfig"
	else
		echo "$log" | tail -n 30 | sed 's/^/# /'
		echo "not ok $i users:$f # does not compile"
		rc=1
	fi
done
exit $rc
