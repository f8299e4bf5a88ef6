# Sourced by wrappers, not a test: shadow_mmu_only fails the wrapper
# (exit 1) unless KVM maps guest memory through the shadow MMU
# (kvm.tdp_mmu=0 on the kernel command line), so that a test meant for
# the shadow MMU cannot pass on the TDP MMU instead.
shadow_mmu_only() {
	p=/sys/module/kvm/parameters/tdp_mmu
	[ "$(cat $p 2>/dev/null)" = N ] ||
		{ echo "# $p is '$(cat $p 2>/dev/null)', not N"; exit 1; }
}
