#!/bin/sh
# needs: kvm/x86_64/mmu_notifier_reclaim_test
# A guest checks its memory while the host swaps it out, migrates it,
# KSM-merges it and changes memslots.  ksmd runs fast meanwhile, so that
# merges happen within the run; its settings are restored after.
#
#   kvm-pressure.sh [--shadow] [TEST ARGS]
#
# --shadow: fail unless KVM maps guest memory through the shadow MMU
# (kvm.tdp_mmu=0), as sh/shadow-mmu.sh does for the other tests (sh/shadow-mmu-only.sh).
set -e
if [ "${1:-}" = --shadow ]; then
	shift
	. /t/sh/shadow-mmu-only.sh
	shadow_mmu_only
fi
. /t/sh/ksm-fast.sh
ksm_fast
/t/kvm/x86_64/mmu_notifier_reclaim_test -n 256 -k -s "$@"
