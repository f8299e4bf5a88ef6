#!/usr/bin/env bash
# Print a guest plan (format: guest/plans/check) that runs the tests named
# in TEST, for `make guest TEST="..."`:
#
#   one-plan.sh "PROGRAM [ARGS...][; PROGRAM [ARGS...]...]" [TIMEOUT]
#
# PROGRAM is what a plan line names: a selftest under /t (mm/hmm-tests,
# kvm/demand_paging_test), a wrapper (sh/mmu_notifier-tests.sh) or
# kunit:MODULE.  Each test's suite is its folder (mm, kvm, sh's wrappers
# are "one", KUnit modules "kunit"); TIMEOUT (seconds, default 900) is
# every test's.  A plan with a KVM test holds a VM for the boot (# kvm-hold),
# as guest/plans/check does.
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
tmo=${2:-900}
case $tmo in ''|*[!0-9]*) echo "one-plan: TIMEOUT must be seconds, not '$tmo'" >&2; exit 2 ;; esac
lines=() hold=
IFS=';' read -ra tests <<< "$1"
for t in "${tests[@]}"; do
	read -ra words <<< "$t"
	[ ${#words[@]} -gt 0 ] || continue
	prog=${words[0]}
	case $prog in
	kunit:?*)	suite=kunit ;;
	sh/?*)		suite=one ;;
	mm/?*|kvm/?*|bench/?*|samples/?*) suite=${prog%%/*} ;;
	*)	echo "one-plan: '$prog' is not mm/, kvm/, bench/, samples/, sh/ or kunit:" >&2
		exit 2 ;;
	esac
	case $prog in kvm/*) hold=1 ;; esac
	lines+=("$suite $tmo ${words[*]}")
done
[ ${#lines[@]} -gt 0 ] || { echo "one-plan: TEST names no program" >&2; exit 2; }
echo "# make guest TEST=\"$1\" (scripts/one-plan.sh)"
[ -z "$hold" ] || echo "# kvm-hold"
printf '%s\n' "${lines[@]}"
