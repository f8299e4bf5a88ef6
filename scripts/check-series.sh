#!/usr/bin/env bash
# Series hygiene, printed as KTAP:
#   series:applies               every patch applies, in order, on the base
#                                (checked in a scratch index: no checkout)
#   series:checkpatch/PATCH      checkpatch.pl --strict finds nothing, apart
#                                from what config/checkpatch-allow excuses
#
#   check-series.sh TREE      (exit status 1 when any test failed)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
patches=${PATCHES:-$top/patches}
tree=$(realpath "$1")
allow=$top/config/checkpatch-allow
list=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$patches/series" || true)
n=$(( 1 + $(echo -n "$list" | grep -c . || true) ))
echo "KTAP version 1"
echo "1..$n"

idx=$(mktemp); trap 'rm -f "$idx" "$idx.out"' EXIT
GIT_INDEX_FILE=$idx git -C "$tree" read-tree base
bad= rc=0
for p in $list; do
	if ! GIT_INDEX_FILE=$idx git -C "$tree" apply --cached "$patches/$p" 2>"$idx.out"; then
		bad=$p; sed 's/^/# /' "$idx.out"; break
	fi
done
if [ -z "$bad" ]; then
	echo "ok 1 series:applies"
else
	echo "not ok 1 series:applies # $bad does not apply on base"
	rc=1
fi

# config/checkpatch-allow: "PATCH-GLOB TYPE reason", one excuse a line.
excused() {	# excused PATCH TYPE
	local glob type why
	[ -f "$allow" ] || return 1
	while read -r glob type why; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $1 == $glob ]] && [ "$2" = "$type" ] && return 0
	done < "$allow"
	return 1
}

i=1
for p in $list; do
	i=$((i + 1))
	# Debian's python3 first: spdxcheck.py needs its python3-ply.
	out=$(cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
		--show-types --no-summary --root="$tree" "$patches/$p" 2>&1)
	msgs=$(echo "$out" | grep -E '^(ERROR|WARNING|CHECK):' || true)
	# A helper that crashed checked nothing: report it as a failure.
	if echo "$out" | grep -q '^Traceback'; then
		msgs+=$'\n'"ERROR:HELPER_CRASHED: $(echo "$out" | grep -A3 '^Traceback' | tail -1)"
	fi
	left=
	while IFS= read -r m; do
		[ -n "$m" ] || continue
		type=$(echo "$m" | cut -d: -f2)
		excused "$p" "$type" || left+="$m"$'\n'
	done <<< "$msgs"
	if [ -z "$left" ]; then
		echo "ok $i series:checkpatch/$p"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $i series:checkpatch/$p # $(echo -n "$left" | grep -c .) checkpatch reports"
		rc=1
	fi
done
exit $rc
