#!/bin/sh
# needs: kvm/demand_paging_test
# needs: kvm/access_tracking_perf_test
# needs: mm/hmm-tests
# The demonstration `make run` shows: each step runs a workload and counts
# the MMU notifier callbacks it caused, as seen through the tracepoints KVM
# fires from its notifier (kvm_unmap_hva_range from invalidate_range_start,
# kvm_age_hva / kvm_test_age_hva from the young callbacks).  Lines starting
# with "demo| " are the table make run prints.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
events="kvm_unmap_hva_range kvm_age_hva kvm_test_age_hva"
echo 16384 > $T/buffer_size_kb
for e in $events; do echo 1 > $T/events/kvm/$e/enable; done
fail=0

row() { printf 'demo| %-52s %10s %10s %10s %s\n' "$@"; }
row "step" "unmap" "age" "test_age" "result"

step() {	# step "what" command...
	what=$1; shift
	echo > $T/trace
	"$@" > /tmp/step.log 2>&1
	rc=$?
	set -- $(for e in $events; do grep -c " $e:" $T/trace; done)
	over=$(cat $T/per_cpu/cpu*/stats | awk '/^overrun/ { s += $2 } END { print s }')
	res=ok
	[ $rc -eq 0 ] || { res="FAILED (exit $rc)"; fail=1; sed 's/^/# /' /tmp/step.log; }
	[ "$over" = 0 ] || res="$res, trace overran by $over"
	row "$what" "$1" "$2" "$3" "$res"
}

cd /t/kvm
step "KVM: 2 vCPUs fault in 64 MiB, VM exits (munmap)" \
	./demand_paging_test -v 2 -b 32M
step "KVM: idle-page tracking ages guest memory" \
	./access_tracking_perf_test -v 2 -b 32M
echo 0 > $T/tracing_on

modprobe test_hmm
/t/mm/hmm-tests > /tmp/hmm.log 2>&1
rc=$?
rmmod test_hmm
row "HMM mirror (test_hmm): $(grep '^# Totals' /tmp/hmm.log | sed 's/^# Totals: //')" "" "" "" \
	"$([ $rc -eq 0 ] && echo ok || echo "exit $rc")"
exit $fail
