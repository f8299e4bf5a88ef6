#!/usr/bin/env bash
# make bisect: every patch of the series builds on its own, and brings no
# new sparse or W=1 warning into the C files it touches.  KTAP:
#
#   bisect:build/N-SUBJECT     the kernel and modules of the QEMU config
#                              (+ config/bisect.config) build at this
#                              commit (the base is built first)
#   bisect:sparse-w1/N-SUBJECT make C=2 W=1 on the commit's .c files that the
#                              config builds: no warning the base's copy of
#                              the file did not have (line numbers ignored)
#
#   bisect-check.sh TREE [WORK]
#
# TREE is the generated tree (make tree); its commits base..HEAD are checked
# out one by one in a worktree under WORK (default build/bisect), built
# incrementally in WORK/obj.  Heavy: four of the commits change
# include/linux/mmu_notifier.h, which about 1,700 of the config's 2,100
# objects include (asm/tlbflush.h includes it).
#
# BISECT_FROM=COMMIT checks only the commits after COMMIT (one of the
# series), for a series that grew since a full run: the base's warnings
# are then read from WORK/baseline/, which a full run writes.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$(realpath "$1")
work=$(realpath -m "${2:-$top/build/bisect}")
wt=$work/linux obj=$work/obj
mkdir -p "$work"

from=${BISECT_FROM:-}
commits=$(git -C "$tree" rev-list --reverse "${from:-base}..HEAD")
n=$(echo "$commits" | grep -c .)
skip=0
[ -n "$from" ] && skip=$(git -C "$tree" rev-list --count "base..$from")
echo "KTAP version 1"
echo "1..$((2 * n))"

# A worktree whose repository was regenerated (make tree) is stale.
if ! git -C "$wt" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	rm -rf "$wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$wt" base
fi

build() {	# build LOG: the QEMU config's kernel and modules at the worktree's commit
	# Configure at every commit: a symbol the series adds (a test module,
	# the sample) exists only from its own commit on, and must be set
	# there.  Cheap: kbuild rebuilds only what uses a changed symbol.
	rm -f "$obj/.config-sum"
	"$top/scripts/build-kernel.sh" "$wt" "$obj" "$top/config/bisect.config" > "$1" 2>&1
}

# config/bisect-allow: "PATH-GLOB REGEX reason": a report of sparse or W=1
# that is the same as the base gives for code of the same shape.
allowed() {	# allowed REPORT
	local glob re why
	[ -f "$top/config/bisect-allow" ] || return 1
	while read -r glob re why; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ ${1%%:*} == $glob ]] && [[ $1 =~ $re ]] && return 0
	done < "$top/config/bisect-allow"
	return 1
}

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
# C=2 W=1 on FILE.c of the worktree: the warnings of its compilation
# (the headers it includes too), paths made relative, line numbers and
# columns dropped, sorted.
warnings() {
	make -s -C "$wt" O="$obj" CC="$cc" C=2 W=1 "${1%.c}.o" 2>&1 |
		grep -E '^[^ ]+:[0-9]+(:[0-9]+)?: (warning|error)' |
		sed -E "s#^$wt/##; s#^([^:]+):[0-9]+(:[0-9]+)?:#\1:#" | sort -u
}

# The base first: it must build (incrementally, from whatever commit an
# earlier or interrupted run left WORK/obj at), and its warnings are the
# baseline, kept in WORK/baseline/ for BISECT_FROM runs.
base_files=$(git -C "$tree" diff --name-only --diff-filter=M base HEAD -- '*.c' | grep -v '^tools/')
declare -A before=()
if [ -z "$from" ]; then
	git -C "$wt" checkout -q --detach base
	if ! build "$work/build-base.log"; then
		echo "# the base does not build: $work/build-base.log"
		for i in $(seq 1 $((2 * n))); do echo "not ok $i bisect:base-build"; done
		exit 1
	fi
	rm -rf "$work/baseline"
	for f in $base_files; do
		[ -f "$obj/${f%.c}.o" ] || continue
		before[$f]=$(warnings "$f")
		mkdir -p "$work/baseline/$(dirname "$f")"
		echo "${before[$f]}" > "$work/baseline/$f.txt"
	done
else
	for f in $base_files; do
		[ -f "$work/baseline/$f.txt" ] && before[$f]=$(cat "$work/baseline/$f.txt")
	done
fi

i=0 k=$skip rc=0
for c in $commits; do
	k=$((k + 1))
	name=$(printf '%04d-%s' "$k" "$(git -C "$tree" log -1 --format=%f "$c" | cut -c1-52)")
	git -C "$wt" checkout -q --detach "$c"
	i=$((i + 1))
	log=$work/build-$k.log
	if build "$log"; then
		echo "ok $i bisect:build/$name"
	else
		tail -30 "$log" | sed 's/^/# /'
		echo "not ok $i bisect:build/$name # does not build on its own"
		rc=1
	fi

	i=$((i + 1))
	new= checked=0
	for f in $(git -C "$tree" diff-tree --no-commit-id --name-only -r \
			--diff-filter=AM "$c" -- '*.c' | grep -v '^tools/'); do
		# only what the QEMU config builds (user programs of samples/ and
		# drivers it leaves out are not kernel objects here)
		[ -f "$obj/${f%.c}.o" ] || continue
		checked=$((checked + 1))
		while IFS= read -r r; do
			[ -n "$r" ] || continue
			if allowed "$r"; then
				echo "# allowed (config/bisect-allow): $r"
			else
				new+="$r"$'\n'
			fi
		done < <(comm -13 <(echo "${before[$f]:-}") <(warnings "$f"))
	done
	echo "# $name: sparse and W=1 on $checked files"
	if [ -z "$new" ]; then
		echo "ok $i bisect:sparse-w1/$name"
	else
		echo -n "$new" | sed 's/^/# /'
		echo "not ok $i bisect:sparse-w1/$name # $(echo -n "$new" | grep -c .) new reports"
		rc=1
	fi
done
exit $rc
