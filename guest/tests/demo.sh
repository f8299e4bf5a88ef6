#!/bin/sh
# needs: kvm/x86_64/mmu_notifier_ksm_test
# needs: kvm/x86_64/mmu_notifier_reclaim_test
# needs: mm/mmu_notifier-tests
# The demonstration `make run` shows: a KVM guest, and a process whose
# memory the test_mmu_notifier driver mirrors, while the host KSM-merges,
# pages out, migrates and COW-breaks their memory.  Each step counts the
# MMU notifier callbacks it caused, from tracepoints: invalidations that
# reached a subscriber (mmu_notifier_range_start), how many of them were
# precise, the per-page callbacks (mmu_notifier_change_pte,
# mmu_notifier_invalidate_page) and KVM's answer to change_pte
# (kvm_change_pte_hva); "-" on a kernel without them.  The KVM steps give
# the guest's page faults; every step checks its data.  Lines starting
# with "demo| " are the table make run prints.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo 16384 > $T/buffer_size_kb
events="mmu_notifier/mmu_notifier_range_start mmu_notifier/mmu_notifier_change_pte
	mmu_notifier/mmu_notifier_invalidate_page kvm/kvm_change_pte_hva"
for e in $events; do
	[ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
fail=0

row() { printf 'demo| %-40s %7s %7s %7s %7s %7s %-18s %s\n' "$@"; }
row "step" "invals" "precise" "chg_pte" "inv_pg" "kvm_chg" "guest faults" "data"

count() {	# count EVENT [PATTERN]: trace lines of EVENT (matching PATTERN)
	[ -d $T/events/$1 ] || { echo -; return; }
	grep " ${1#*/}:" $T/trace | grep -c -e "${2:-.}"
}

step() {	# step "what" command...
	what=$1; shift
	echo > $T/trace
	"$@" > /tmp/step.log 2>&1
	rc=$?
	starts=$(count mmu_notifier/mmu_notifier_range_start)
	precise=$(count mmu_notifier/mmu_notifier_range_start "precise=1")
	chg=$(count mmu_notifier/mmu_notifier_change_pte)
	inv=$(count mmu_notifier/mmu_notifier_invalidate_page)
	kvm=$(count kvm/kvm_change_pte_hva)
	faults=$(sed -n 's/.*read_faults=\([0-9]*\) write_faults=\([0-9]*\).*/read \1, write \2/p' /tmp/step.log)
	over=$(cat $T/per_cpu/cpu*/stats | awk '/^overrun/ { s += $2 } END { print s }')
	res=intact
	[ $rc -eq 0 ] || { res="FAILED (exit $rc)"; fail=1; sed 's/^/# /' /tmp/step.log; }
	[ "$over" = 0 ] || res="$res, trace overran by $over"
	row "$what" "$starts" "$precise" "$chg" "$inv" "$kvm" "${faults:--}" "$res"
}

mirror() {	# mirror TEST: one case of mmu_notifier-tests, driver loaded
	modprobe test_mmu_notifier || return 1
	/t/mm/mmu_notifier-tests -t "$1"
	rc=$?
	rmmod test_mmu_notifier
	return $rc
}

step "KVM: KSM merge, guest reads + writes" \
	/t/kvm/x86_64/mmu_notifier_ksm_test
step "KVM: page-out + migration under guest" \
	/t/kvm/x86_64/mmu_notifier_reclaim_test -r 10
step "mirror: KSM merges 8 pages" mirror ksm_merge_precise
step "mirror: 4 pages paged out" mirror pageout_precise
step "mirror: 4 pages migrated" mirror move_pages_precise
step "mirror: fork, a write breaks COW" mirror cow_precise
echo 0 > $T/tracing_on
exit $fail
