#!/bin/sh
# needs: bench/mn_bench kvm/demand_paging_test kvm/memslot_modification_stress_test kvm/kvm_page_table_test
# make bench: run time of three KVM selftests that fault, change memslots
# and build page tables under MMU notifier invalidations, RUNS times each
# (default 3); each run prints "NAME: ns=...".  Sizes are cut to what a
# nested guest under TCG gets through in a few seconds.
set -e
runs=${1:-3}
b=/t/bench/mn_bench
i=0
while [ $i -lt "$runs" ]; do
	"$b" exec kvm_demand_paging /t/kvm/demand_paging_test -v 1 -b 32M
	"$b" exec kvm_memslot_stress /t/kvm/memslot_modification_stress_test -v 1 -b 16M -i 20
	"$b" exec kvm_page_table /t/kvm/kvm_page_table_test -v 1 -b 32M
	i=$((i + 1))
done
