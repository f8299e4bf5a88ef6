#!/usr/bin/env bash
# Show that each base fix at the head of the series is needed.  The
# series opens with fixes for the 6.12 core (the patches that carry
# "Cc: stable@vger.kernel.org") and, after the MAINTAINERS entry, a patch
# adding their KUnit cases.
# Those patches alone are applied to the base in DIR, and the KUnit
# suite (tools/testing/kunit/kunit.py, UML, mm/mmu_notifier.kunitconfig)
# runs on it as it is, then once per fix with that fix's change taken
# back out.  Each fix names the case that shows it ("KUnit case NAME");
# that case must pass with every fix and fail without its own, and the
# other cases must pass.  Prints KTAP, one test per run and case.
#
#   base-fixes.sh [DIR]    (default build/linux-basefix; UML build in DIR-kunit)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$top/build/linux-basefix}")
kdir=$dir-kunit pdir=$dir-patches
[ $# -le 1 ] || { sed -n '2,12p' "$0" >&2; exit 2; }

# The fixes at the head of the series, and every patch after them up to
# the first that adds KUnit cases (their test; the MAINTAINERS entry that
# patch extends comes before it).
mapfile -t all < <(grep -v '^#' "$top/patches/series" | grep .)
fixes=() between=() test=
for p in "${all[@]}"; do
	if [ ${#between[@]} -eq 0 ] && grep -q '^Cc: stable@vger.kernel.org' "$top/patches/$p"; then
		fixes+=("$p")
	elif grep -q '^+.*KUNIT_CASE(' "$top/patches/$p"; then
		test=$p; break
	else
		between+=("$p")
	fi
done
[ ${#fixes[@]} -gt 0 ] && [ -n "$test" ] || { echo "base-fixes: no fixes at the head of patches/series, or no KUnit test after them" >&2; exit 1; }

rm -rf "$pdir"; mkdir -p "$pdir"
for p in "${fixes[@]}" "${between[@]}" "$test"; do
	cp "$top/patches/$p" "$pdir/"; echo "$p"
done > "$pdir/series"
PATCHES=$pdir "$top/scripts/tree.sh" "$dir" >&2

cases=$(grep -o 'KUNIT_CASE([a-z_0-9]*)' "$pdir/$test" | sed 's/KUNIT_CASE(\(.*\))/\1/')
# case_of PATCH: the KUnit case its message names
case_of() {
	local c
	for c in $cases; do
		sed '/^---$/q' "$top/patches/$1" | grep -qw "KUnit case $c" && { echo "$c"; return; }
	done
}

mkopt=()
command -v ccache >/dev/null && mkopt=(--make_options "CC=ccache gcc")
# run LABEL: one kunit.py run of the tree as it is now; "CASE RESULT" lines
run() {
	local log=$kdir.$1.log
	(cd "$dir" && tools/testing/kunit/kunit.py run --kunitconfig=mm/mmu_notifier.kunitconfig \
		--build_dir="$kdir" --jobs="$(nproc)" "${mkopt[@]}") > "$log" 2>&1 || true
	sed -n 's/.*\[\(PASSED\|FAILED\|SKIPPED\)\] \([a-z_0-9]*\)$/\2 \1/p' "$log"
}

n=0 rc=0
out=()
report() {	# report OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 1 ]; then out+=("ok $n $2"); else out+=("not ok $n $2"); rc=1; fi
}
check() {	# check LABEL RESULTS WANT_FAIL_CASE
	local c got want name
	for c in $cases; do
		got=$(echo "$2" | awk -v c="$c" '$1 == c { print $2 }')
		want=PASSED name="base-fixes:$1:$c"
		[ "$c" = "$3" ] && want=FAILED name="$name fails"
		if [ "$got" = "$want" ]; then report 1 "$name"; else report 0 "$name"; fi
	done
}

check "all fixes" "$(run all)" ""
mapfile -t shas < <(git -C "$dir" rev-list --reverse base..HEAD)
i=0
for p in "${fixes[@]}"; do
	sha=${shas[$i]}; i=$((i + 1))
	c=$(case_of "$p")
	label="without ${p%.patch}"
	if [ -z "$c" ]; then
		report 0 "base-fixes:$label names a KUnit case"; continue
	fi
	git -C "$dir" show "$sha" -- . ':!mm/mmu_notifier_kunit.c' | git -C "$dir" apply -R
	check "$label" "$(run "${p%.patch}")" "$c"
	git -C "$dir" checkout -q -- .
done

echo "KTAP version 1"
echo "1..$n"
printf '%s\n' "${out[@]}"
exit $rc
