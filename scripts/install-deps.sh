#!/usr/bin/env bash
# Install what building, booting and testing the series needs on a Debian 12
# machine.  Idempotent: does nothing when everything is already present.
#
#   install-deps.sh [cross]     cross: also the cross compilers of make cross
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
want=$(grep -v '^#' "$here/config/base-version" | head -n1)

pkgs=(
	# kernel build
	build-essential flex bison bc libelf-dev libssl-dev dwarves kmod cpio
	rsync xz-utils git ccache python3 perl file
	# checkpatch.pl checks SPDX tags with scripts/spdxcheck.py
	python3-ply python3-git
	# the base tree itself
	linux-source-6.12
	# guest
	qemu-system-x86 busybox-static
	# selftests (static links)
	libnuma-dev libcap-ng-dev libcap-dev
	# series hygiene and benchmarks (gdb: scripts/count-insns.sh)
	sparse gnuplot-nox gdb
	# make hygiene builds Documentation/mm with Sphinx
	python3-sphinx python3-docutils
)
if [ "${1:-}" = cross ]; then
	pkgs+=(gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu gcc-powerpc64le-linux-gnu
	       gcc-s390x-linux-gnu)
fi

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

have_src=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
if [ ${#missing[@]} -eq 0 ] && [ "$have_src" = "$want" ]; then
	exit 0
fi

echo ">> installing: ${missing[*]:-} (base wanted: $want, have: ${have_src:-none})"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
src=linux-source-6.12
if apt-cache madison linux-source-6.12 | awk '{print $3}' | grep -qxF "$want"; then
	src="linux-source-6.12=$want"
else
	newest=$(apt-cache madison linux-source-6.12 | awk '{print $3}' | sort -V | tail -n1)
	echo "WARNING: linux-source-6.12 $want is no longer in the archive;" >&2
	echo "WARNING: falling back to the newest, $newest. The series may not apply." >&2
fi
list=()
for p in "${missing[@]}"; do
	[ "$p" = linux-source-6.12 ] || list+=("$p")
done
$sudo apt-get install -y -qq --no-install-recommends --allow-downgrades \
	"${list[@]}" "$src" >/dev/null
echo ">> installed linux-source-6.12 $(dpkg-query -W -f='${Version}' linux-source-6.12)"
