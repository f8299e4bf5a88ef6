#!/usr/bin/env bash
# Configure and build a kernel tree out of tree.
#
#   build-kernel.sh SRC OBJ [FRAGMENT...]
#
# Config: x86_64_defconfig + kvm_guest.config + config/qemu.config + the
# extra fragments given.  Builds bzImage and modules, installs the modules
# (stripped) under OBJ/modroot.  Uses ccache when it is installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$(realpath "$1"); obj=$(realpath -m "$2"); shift 2
frags=("$src/kernel/configs/kvm_guest.config" "$top/config/qemu.config" "$@")
jobs=$(( $(nproc) + 1 ))
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
mk() { make -s -C "$src" O="$obj" CC="$cc" HOSTCC="$cc" "$@"; }

mkdir -p "$obj"
# Reconfigure only when a fragment changed, so an unchanged tree rebuilds
# nothing.
sum=$(cat "${frags[@]}" "$src/arch/x86/configs/x86_64_defconfig" | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.config-sum" 2>/dev/null)" != "$sum" ]; then
	mk x86_64_defconfig >/dev/null
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null)
	mk olddefconfig >/dev/null
	# Every option the project's fragments ask for must have survived
	# olddefconfig (they override kvm_guest.config where the two differ).
	# An option that no Kconfig file of SRC defines (one the series adds,
	# when SRC is the base) cannot be set and is only reported.
	bad=0
	declare -A want=() from=()
	# A later fragment overrides an earlier one (config/bench.config turns
	# the debug options of config/qemu.config off): check the last word.
	for f in "${frags[@]:1}"; do	# the project's fragments, not kvm_guest.config
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=*) want[${line%%=*}]=$line; from[${line%%=*}]=$(basename "$f") ;;
			esac
		done < "$f"
	done
	for opt in "${!want[@]}"; do
		line=${want[$opt]} sym=${opt#CONFIG_}
		if ! grep -rqxE --include='Kconfig*' "(menu)?config $sym" "$src"; then
			echo "config: $sym is not defined in $src; not checked" >&2
			continue
		fi
		case "$line" in
		CONFIG_*=n)
			grep -q "^$opt=[ym]" "$obj/.config" &&
				{ echo "config: $opt is set, ${from[$opt]} wants it off" >&2; bad=1; } ;;
		*)	grep -qxF "$line" "$obj/.config" ||
				{ echo "config: ${from[$opt]} wants $line, got: $(grep "^$opt=" "$obj/.config" || echo unset)" >&2; bad=1; } ;;
		esac
	done
	[ $bad -eq 0 ] || { rm -f "$obj/.config"; exit 1; }
	echo "$sum" > "$obj/.config-sum"
fi
mk -j"$jobs" bzImage modules
rm -rf "$obj/modroot"
mk INSTALL_MOD_PATH="$obj/modroot" INSTALL_MOD_STRIP=1 modules_install >/dev/null
echo ">> kernel $(mk kernelrelease) built in $obj"
