#!/usr/bin/env bash
# make pull-request: what a maintainer needs to pull the series.
#
#   pull-request.sh TREE [BUNDLE]
#
# Prints a git request-pull summary of base..HEAD of TREE (the generated
# tree, whose commits are the series): where to pull from, the cover
# letter's subject and summary, the shortlog and the diffstat.  PULL_URL
# names the repository to pull from (default: TREE itself).  With BUNDLE,
# also writes base..HEAD as a git bundle, checks it, and says how to fetch
# from it; the bundle needs the base (Linux 6.12.y of config/base-version)
# in the repository that fetches it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$(realpath "$1")
bundle=${2:-}
url=${PULL_URL:-$tree}
branch=$(git -C "$tree" symbolic-ref --short HEAD)
cover=$top/patches/0000-cover-letter.patch

# The tree must be the series, not work that patches/ lacks.
"$top/scripts/export.sh" --check "$tree" >&2

git -C "$tree" request-pull base "$url" "$branch"

if [ -f "$cover" ]; then
	echo
	echo "----------------------------------------------------------------"
	sed -n 's/^Subject: \[PATCH[^]]*\] /Subject: /p' "$cover"
	# the cover letter's text, up to its own shortlog
	awk 'body && /^[^ ].*\([0-9]+\):$/ { exit }
	     body { print }
	     /^$/ && !body { body = 1 }' "$cover"
fi

if [ -n "$bundle" ]; then
	bundle=$(realpath -m "$bundle")
	git -C "$tree" bundle create -q "$bundle" "base..$branch"
	git -C "$tree" bundle verify -q "$bundle" >&2
	echo
	echo "Bundle: $bundle ($(git -C "$tree" rev-list --count "base..$branch") commits)"
	echo "  git fetch $bundle $branch   # in a clone that has the base"
fi
