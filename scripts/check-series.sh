#!/usr/bin/env bash
# Series hygiene, printed as KTAP:
#   series:applies               every patch applies, in order, on the base
#                                (checked in a scratch index: no checkout)
#   series:checkpatch/PATCH      checkpatch.pl --strict finds nothing, apart
#                                from what config/checkpatch-allow excuses
#   series:message/PATCH         subject prefix fits the files touched
#                                (config/subject-prefixes), the message says
#                                why, Signed-off-by (scripts/series_lint.py)
#   series:maintainers/PATCH     get_maintainer.pl names MMU NOTIFIER (a skip
#                                for config/maintainers-elsewhere)
#   series:kernel-doc            kernel-doc -Wall finds nothing new in the
#                                C files the series touches
#   series:htmldocs              make SPHINXDIRS=mm htmldocs: no warning
#                                from mmu_notifier.rst or its kernel-doc
#
# TREE must be the base with the series applied (make tree).  The heavier
# checks (each patch builds, sparse, W=1) are scripts/bisect-check.sh.
#   check-series.sh TREE      (exit status 1 when any test failed)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
patches=${PATCHES:-$top/patches}
tree=$(realpath "$1")
allow=$top/config/checkpatch-allow
list=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$patches/series" || true)
np=$(echo -n "$list" | grep -c . || true)
n=$(( 3 + 3 * np ))
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

result() {	# result OK NAME [REASON]: one KTAP line, numbered
	i=$((i + 1))
	if [ "$1" = 1 ]; then echo "ok $i $2"; else echo "not ok $i $2${3:+ # $3}"; rc=1; fi
}

for p in $list; do
	if out=$(python3 "$top/scripts/series_lint.py" "$top/config/subject-prefixes" \
		"$patches/$p" 2>&1); then
		result 1 "series:message/$p"
	else
		echo "$out" | sed 's/^/# /'
		result 0 "series:message/$p" "$(echo "$out" | grep -c .) problems"
	fi
done

# get_maintainer.pl names each address once, with the role of the first
# section that matched: MEMORY MANAGEMENT already names the same people and
# list for most patches, so its output would hide the new entry.  Ask the
# question directly instead: does the MMU NOTIFIER entry alone (its F: and
# K: lines, read from the tree's MAINTAINERS) match the patch?
tmpb=$(mktemp -d); trap 'rm -rf "$idx" "$idx.out" "$tmpb"' EXIT
awk '/^MMU NOTIFIER$/ { p = 1 } p && /^$/ { exit } p' "$tree/MAINTAINERS" > "$tmpb/MAINTAINERS"
# config/maintainers-elsewhere lists the patches the entry leaves out on
# purpose ("PATCH-GLOB why"): skips, unless the entry matches them after all.
elsewhere() {	# elsewhere PATCH: print the reason when PATCH is listed
	local glob why
	[ -f "$top/config/maintainers-elsewhere" ] || return 1
	while read -r glob why; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $1 == $glob ]] && { echo "$why"; return 0; }
	done < "$top/config/maintainers-elsewhere"
	return 1
}
for p in $list; do
	why=$(elsewhere "$p")
	if [ ! -s "$tmpb/MAINTAINERS" ]; then
		result 0 "series:maintainers/$p" "no MMU NOTIFIER entry in MAINTAINERS"
	elif out=$(cd "$tree" && ./scripts/get_maintainer.pl --no-git \
		--no-git-fallback --mpath "$tmpb/MAINTAINERS" "$patches/$p" 2>&1) &&
		grep -q '(.*MMU NOTIFIER' <<< "$out"; then
		if [ -n "$why" ]; then
			result 0 "series:maintainers/$p" "in config/maintainers-elsewhere, but the entry matches it"
		else
			result 1 "series:maintainers/$p"
		fi
	elif [ -n "$why" ]; then
		i=$((i + 1)); echo "ok $i series:maintainers/$p # SKIP $why"
	else
		result 0 "series:maintainers/$p" "the MMU NOTIFIER entry does not match it"
	fi
done

# kernel-doc -Wall on every C file the series touches, against the same
# file in the base: only new warnings count (line numbers dropped).
kdoc() { PATH=/usr/bin:$PATH "$tree/scripts/kernel-doc" -none -Wall "$1" 2>&1 |
	sed -E 's/^([^:]*):[0-9]+:/\1:/' | sort -u; }
files=$(git -C "$tree" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h' |
	grep -v '^tools/')
new=
for f in $files; do
	after=$(cd "$tree" && kdoc "$f")
	before=
	if git -C "$tree" cat-file -e "base:$f" 2>/dev/null; then
		mkdir -p "$tmpb/$(dirname "$f")"
		git -C "$tree" show "base:$f" > "$tmpb/$f"
		before=$(cd "$tmpb" && kdoc "$f")
	fi
	added=$(comm -13 <(echo "$before") <(echo "$after") | grep . || true)
	[ -n "$added" ] && new+="$added"$'\n'
done
if [ -z "$new" ]; then
	result 1 "series:kernel-doc"
else
	echo -n "$new" | sed 's/^/# /'
	result 0 "series:kernel-doc" "$(echo -n "$new" | grep -c .) new reports"
fi

# The rst and the kernel-doc it pulls in, built by Sphinx (the mm book
# only: its cross-references to other books warn in the base already).
# A folder of its own: two runs at once must not share one.
docs=$tmpb/docs
mkdir -p "$docs"
if ! command -v sphinx-build >/dev/null; then
	result 0 "series:htmldocs" "sphinx-build missing (make deps)"
elif ! make -s -C "$tree" O="$docs" SPHINXDIRS=mm htmldocs > "$docs/log" 2>&1; then
	tail -20 "$docs/log" | sed 's/^/# /'
	result 0 "series:htmldocs" "make htmldocs failed"
else
	bad=$(grep -E 'WARNING|ERROR|CRITICAL' "$docs/log" | grep -E 'mmu_notifier|mmu_mirror' || true)
	if [ -n "$bad" ] || [ ! -s "$docs/Documentation/output/mm/mmu_notifier.html" ]; then
		echo "${bad:-# no mm/mmu_notifier.html}" | sed 's/^/# /'
		result 0 "series:htmldocs" "$(echo "$bad" | grep -c .) reports"
	else
		result 1 "series:htmldocs"
	fi
fi
exit $rc
