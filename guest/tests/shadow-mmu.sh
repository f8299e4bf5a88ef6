#!/bin/sh
# needs: kvm/x86_64/mmu_notifier_ksm_test
# needs: kvm/x86_64/mmu_notifier_reclaim_test
# needs: kvm/x86_64/mmu_notifier_exit_test
# shadow-mmu.sh TEST [ARGS]: run a KVM selftest of x86_64/ only when KVM
# really maps guest memory through the shadow MMU (kvm.tdp_mmu=0 on the
# kernel command line), so that the test cannot pass on the TDP MMU instead.
. /t/sh/shadow-mmu-only.sh
shadow_mmu_only
t=$1; shift
exec "/t/kvm/x86_64/$t" "$@"
