#!/usr/bin/env bash
# Move the generated tree's commits to patches/ and back-check them.
#
#   export.sh [DIR]          write base..HEAD of DIR (default build/linux) to
#                            patches/ as git format-patch files + series,
#                            and 0000-cover-letter.patch from
#                            patches/cover-letter.txt (not in series)
#   export.sh --check [DIR]  exit 1 when DIR has commits, edits or new files
#                            that patches/ does not hold
#   export.sh --check-commits [DIR]
#                            the same for commits only
#
# The files are made stable so that re-exporting an unchanged series gives
# byte-identical files: zero commit hash in the From line, no tool-version
# signature, fixed-width blob abbreviations, and names from the subject.
# PATCHES overrides the patches folder (used by the project's own tests).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
patches=${PATCHES:-$top/patches}
mode=export commits_only=0
case "${1:-}" in
--check) mode=check; shift ;;
--check-commits) mode=check; commits_only=1; shift ;;
esac
dir=${1:-$top/build/linux}

series_list() {
	[ -f "$patches/series" ] || return 0
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$patches/series" || true
}

# No tree: nothing can be lost.
if [ ! -e "$dir/.git" ]; then	# a directory, or a file in a worktree
	[ $mode = check ] && exit 0
	echo "export: no tree at $dir" >&2; exit 1
fi
git -C "$dir" rev-parse -q --verify base >/dev/null || {
	echo "export: $dir has no base tag" >&2; exit 1; }

gen() {	# gen OUTDIR: format base..HEAD into OUTDIR, one file per commit
	git -C "$dir" -c core.abbrev=12 -c diff.noprefix=false -c format.signature= \
		format-patch -q --zero-commit --no-signature --abbrev=12 \
		--no-cover-letter --no-numbered --no-thread --no-notes \
		--output-directory "$1" base..HEAD >/dev/null
}

# The cover letter: git's own, for shortlog and diffstat, with the subject
# and text of patches/cover-letter.txt (first line: the subject) and the
# date of the newest commit, so that it too is stable.
cover() {	# cover OUTFILE
	local text=$patches/cover-letter.txt d
	[ -f "$text" ] || return 0
	d=$(mktemp -d)
	git -C "$dir" -c core.abbrev=12 -c format.signature= \
		format-patch -q --zero-commit --no-signature --abbrev=12 \
		--cover-letter --numbered --no-thread --no-notes \
		--output-directory "$d" base..HEAD >/dev/null
	python3 - "$d/0000-cover-letter.patch" "$text" \
		"$(git -C "$dir" log -1 --format=%aD HEAD)" > "$1" <<'PY'
import re, sys
patch, text, date = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
subject, _, body = text.partition('\n')
out = open(patch).read()
out = out.replace('*** SUBJECT HERE ***', subject.strip(), 1)
out = out.replace('*** BLURB HERE ***', body.strip('\n'), 1)
out = re.sub(r'^Date: .*$', 'Date: ' + date, out, count=1, flags=re.M)
sys.stdout.write(out)
PY
	rm -rf "$d"
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gen "$tmp"
new=$(cd "$tmp" && ls -1 | sort)
mkdir -p "$tmp/cover"
cover "$tmp/cover/0000-cover-letter.patch"

if [ $mode = check ]; then
	bad=0
	dirty=$(git -C "$dir" status --porcelain)
	if [ -n "$dirty" ] && [ $commits_only -eq 0 ]; then
		echo "uncommitted edits or new files in $dir:"; echo "$dirty" | head -20 | sed 's/^/  /'
		bad=1
	fi
	if [ "$new" != "$(series_list)" ]; then
		echo "$dir: base..HEAD has $(echo -n "$new" | grep -c .) commits; patches/series lists $(series_list | grep -c .) (or other names):"
		diff <(series_list) <(echo "$new") | grep '^[<>]' | sed 's/^/  /' || true
		bad=1
	else
		for p in $new; do
			cmp -s "$tmp/$p" "$patches/$p" ||
				{ echo "  $p differs from the tree's commit"; bad=1; }
		done
	fi
	if [ -f "$tmp/cover/0000-cover-letter.patch" ] && [ $commits_only -eq 0 ] &&
	   ! cmp -s "$tmp/cover/0000-cover-letter.patch" "$patches/0000-cover-letter.patch"; then
		echo "  0000-cover-letter.patch is not that of the tree and cover-letter.txt"
		bad=1
	fi
	[ $bad -eq 0 ] || echo "run: make export (then commit patches/)"
	exit $bad
fi

mkdir -p "$patches"
for old in $(series_list); do
	echo "$new" | grep -qxF "$old" || { rm -f "$patches/$old"; echo "removed $old"; }
done
for p in $new; do
	if ! cmp -s "$tmp/$p" "$patches/$p"; then
		cp "$tmp/$p" "$patches/$p"; echo "wrote   $p"
	fi
done
{
	sed -n '/^#/p' "$patches/series" 2>/dev/null | grep . ||
		printf '# The series, in order: one git format-patch file per line, applied with\n# git am on top of the base (config/base-version).  Written by make export.\n'
	[ -z "$new" ] || echo "$new"
} > "$tmp/series.new"
cmp -s "$tmp/series.new" "$patches/series" || cp "$tmp/series.new" "$patches/series"
if [ -f "$tmp/cover/0000-cover-letter.patch" ] &&
   ! cmp -s "$tmp/cover/0000-cover-letter.patch" "$patches/0000-cover-letter.patch"; then
	cp "$tmp/cover/0000-cover-letter.patch" "$patches/"; echo "wrote   0000-cover-letter.patch"
fi
echo "export: $(echo -n "$new" | grep -c . || true) patches in $patches"
