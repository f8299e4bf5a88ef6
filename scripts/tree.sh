#!/usr/bin/env bash
# Generate the working kernel tree: the pristine base committed and tagged
# "base", then the series applied on top with git am.
#
#   tree.sh [DIR]          create DIR (default build/linux) or bring it up to
#                          date with patches/; refuses to discard commits or
#                          edits that patches/ does not hold yet
#
# PATCHES and TARBALL override the patches folder and the base tarball (the
# project's own tests use them).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
patches=${PATCHES:-$top/patches}
tarball=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
dir=${1:-$top/build/linux}
ident=(-c user.name="mmu-notifier series" -c user.email="series@localhost"
       -c commit.gpgsign=false)

die() { echo "tree: $*" >&2; exit 1; }

# Debian's linux-source ships a top-level .gitignore ending in a block that
# ignores everything ("/*"), which would hide every new file a patch adds.
# Keep the committed base pristine, but mask that block in the working copy
# only (skip-worktree), so git status shows new files as they are upstream.
mask_debian_ignore() {
	local gi="$dir/.gitignore"
	grep -q '^# Debian packaging' "$gi" 2>/dev/null || return 0
	git -C "$dir" update-index --skip-worktree .gitignore
	sed -i '/^# Debian packaging/,$d' "$gi"
}

make_base() {
	[ -f "$tarball" ] || die "$tarball missing: run make deps"
	local tmp="$dir.tmp"
	rm -rf "$tmp"; mkdir -p "$tmp"
	echo ">> unpacking $(basename "$tarball") ($(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo '?'))"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	(
		cd "$tmp"
		git init -q -b master
		git "${ident[@]}" add -A -f >/dev/null
		GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
			git "${ident[@]}" commit -q -m "base: linux-source-6.12 $(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)"
		git tag base
		git config user.name "$(git -C "$top" config user.name || echo 'mmu-notifier series')"
		git config user.email "$(git -C "$top" config user.email || echo 'series@localhost')"
		git config core.abbrev 12
		git config gc.auto 0
	)
	rm -rf "$dir"; mv "$tmp" "$dir"
	mask_debian_ignore
}

apply_series() {
	local n=0 p
	git -C "$dir" update-index --no-skip-worktree .gitignore
	git -C "$dir" checkout -q -f master
	git -C "$dir" reset -q --hard base
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -f "$patches/$p" ] || die "patches/series names $p, which is missing"
		if ! git -C "$dir" "${ident[@]}" am -q --keep-cr "$patches/$p" >/dev/null 2>"$dir.am.log"; then
			git -C "$dir" am --abort >/dev/null 2>&1 || true
			mask_debian_ignore
			cat "$dir.am.log" >&2
			die "patches/$p does not apply on base ($(git -C "$dir" log -1 --format=%s base)); the base may have moved, see config/base-version"
		fi
		n=$((n + 1))
	done < "$patches/series"
	rm -f "$dir.am.log"
	mask_debian_ignore
	git -C "$dir" tag -f series >/dev/null
	echo ">> tree: $dir = base + $n patches"
}

if [ ! -d "$dir/.git" ] || ! git -C "$dir" rev-parse -q --verify base >/dev/null; then
	make_base
	apply_series
	exit 0
fi

# The tree's commits already are the series (for instance right after make
# export): keep its files, and their timestamps, as they are.  Edits not yet
# committed stay too, and are what gets built.
if "$top/scripts/export.sh" --check-commits "$dir" >/dev/null 2>&1; then
	git -C "$dir" tag -f series >/dev/null
	if [ -n "$(git -C "$dir" status --porcelain | head -1)" ]; then
		echo ">> tree: $dir has uncommitted edits; building them as they are" >&2
	fi
	exit 0
fi

# patches/ changed: the tree must be regenerated.  That is safe when it
# holds nothing but what was applied last time (HEAD is still the "series"
# tag and nothing is edited).
clean=$(git -C "$dir" status --porcelain | head -1)
if [ -n "$clean" ] || [ "$(git -C "$dir" rev-parse HEAD)" != \
     "$(git -C "$dir" rev-parse -q --verify series || echo none)" ]; then
	"$top/scripts/export.sh" --check "$dir" >&2 || true
	die "$dir holds work that patches/ lacks; run make export first (or remove $dir to discard it)"
fi
apply_series
