#!/bin/sh
# needs: kvm/x86_64/mmu_notifier_ksm_test
# make bench: the KSM merge / COW break fault counts, RUNS times (default
# 3).  Each run prints "ksm: pages=.. merged=.. read_faults=.. write_faults=..".
runs=${1:-3}
i=0
while [ $i -lt "$runs" ]; do
	/t/kvm/x86_64/mmu_notifier_ksm_test || exit 1
	i=$((i + 1))
done
