#!/bin/sh
# needs: kvm/demand_paging_test
# needs: kvm/access_tracking_perf_test
# needs: mm/hmm-tests
# The demonstration `make run` shows: each step runs a workload and counts
# the MMU notifier callbacks it caused, from tracepoints: the core's own
# (mmu_notifier:mmu_notifier_range_start for every invalidation that
# reached a subscriber, mmu_notifier:mmu_interval_invalidate for every
# interval subscription it reached; "-" on a kernel without them) and
# KVM's (kvm:kvm_unmap_hva_range from its invalidate_range_start,
# kvm:kvm_age_hva from its young callbacks).  Lines starting with "demo| "
# are the table make run prints.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo 16384 > $T/buffer_size_kb
events="mmu_notifier/mmu_notifier_range_start mmu_notifier/mmu_interval_invalidate
	kvm/kvm_unmap_hva_range kvm/kvm_age_hva"
for e in $events; do
	[ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
fail=0

row() { printf 'demo| %-44s %9s %9s %9s %9s  %s\n' "$@"; }
row "step" "invalid." "interval" "kvm unmap" "kvm age" "result"

count() {	# count EVENT: lines of that event in the trace, or "-"
	[ -d $T/events/$1 ] || { echo -; return; }
	grep -c " ${1#*/}:" $T/trace
}

step() {	# step "what" command...
	what=$1; shift
	echo > $T/trace
	"$@" > /tmp/step.log 2>&1
	rc=$?
	set -- $(for e in $events; do count $e; done)
	over=$(cat $T/per_cpu/cpu*/stats | awk '/^overrun/ { s += $2 } END { print s }')
	res=ok
	[ $rc -eq 0 ] || { res="FAILED (exit $rc)"; fail=1; sed 's/^/# /' /tmp/step.log; }
	[ "$over" = 0 ] || res="$res, trace overran by $over"
	row "$what" "$1" "$2" "$3" "$4" "$res"
}

hmm() {
	modprobe test_hmm || return 1
	/t/mm/hmm-tests > /tmp/hmm.log 2>&1
	rc=$?
	rmmod test_hmm
	grep '^# Totals' /tmp/hmm.log
	return $rc
}

cd /t/kvm
step "KVM guest faults in 64 MiB, then exits" \
	./demand_paging_test -v 2 -b 32M
step "KVM guest memory aged (idle page tracking)" \
	./access_tracking_perf_test -v 2 -b 32M
step "HMM: test_hmm mirrors, migrates, unmaps" hmm
echo 0 > $T/tracing_on
sed -n 's/^# Totals: /demo| hmm-tests: /p' /tmp/hmm.log
exit $fail
