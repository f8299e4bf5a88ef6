#!/bin/sh
# Two real Linux guests (this kernel, guest/nested/init) run by QEMU under
# KVM while ksmd merges their memory: their kernels' pages (text, page
# tables, stacks) and memcheck's patterned data, which each guest checks
# every second while it rewrites some of it.  ksmd unmerges everything and
# merges again in cycles.  Fails when a guest reports a wrong word, oopses,
# or does not finish, or when no page was merged.
#
#   nested-ksm.sh [--shadow] [SECONDS [ROUNDS]]
#
# --shadow: fail unless KVM maps guest memory through the shadow MMU
# (kvm.tdp_mmu=0).  SECONDS (default 60): how long each guest checks;
# ROUNDS (default 1): pairs of guests run one after the other.
if [ "${1:-}" = --shadow ]; then
	shift
	. /t/sh/shadow-mmu-only.sh
	shadow_mmu_only
fi
secs=${1:-60} rounds=${2:-1}
# A guest that hangs is killed after its run plus five minutes (times
# mmtest.tmo_scale on a slower kernel) and fails.
scale=$(sed -n 's/.*mmtest\.tmo_scale=\([0-9]*\).*/\1/p' /proc/cmdline)
limit=$(((secs + 300) * ${scale:-1}))
[ -c /dev/kvm ] || { echo "# no /dev/kvm"; exit 4; }
thp=/sys/kernel/mm/transparent_hugepage/enabled
thp_old=$(sed 's/.*\[\(.*\)\].*/\1/' $thp)
. /t/sh/ksm-fast.sh
ksm_fast "echo $thp_old > $thp"
# Base pages only, so that guest memory is mapped by 4 KiB sptes that KSM
# can merge one by one.
echo never > $thp

# One pair of guests; status 0 when both checked clean to the end.
pair() {
	pids=
	for g in A B; do
		timeout -s KILL $limit qemu-system-x86_64 -enable-kvm -cpu host -smp 1 -m 128 -nodefaults \
			-display none -vga none -no-reboot \
			-kernel /nested/bzImage -initrd /nested/initramfs.cpio.gz \
			-append "console=ttyS0 panic=-1 nested.mib=36 nested.secs=$secs" \
			-serial file:/tmp/nested-$g.log > /tmp/nested-$g.qemu 2>&1 &
		pids="$pids $!"
	done

	# Merge cycles: wait for merged pages, let the guests run on them, then
	# unmerge everything (COW copies back into every guest page) and merge again.
	cycles=0 merged_max=0 t=0
	while kill -0 $pids 2>/dev/null; do
		sharing=$(cat $ksm/pages_sharing)
		[ "$sharing" -gt "$merged_max" ] && merged_max=$sharing
		if [ "$sharing" -gt 2000 ] && [ $t -ge 10 ]; then
			echo "# cycle $((cycles + 1)): $sharing pages sharing, unmerging"
			echo 2 > $ksm/run; echo 1 > $ksm/run
			cycles=$((cycles + 1)) t=0
		fi
		sleep 1; t=$((t + 1))
	done
	st=
	for p in $pids; do wait $p; st="$st $?"; done
	echo "# qemu exit status (A B):$st"

	rc=0
	for g in A B; do
		log=/tmp/nested-$g.log
		echo "# guest $g: $(grep -c 'memcheck: pass .* ok' $log) clean passes"
		grep -A12 -- '-\[ cut here \]-' $log | sed "s/^/#   $g: /"
		# A guest that resets (a triple fault) makes QEMU exit, since
		# -no-reboot, without the kernel's "reboot: Power down".
		grep -q 'reboot: Power down' $log ||
			echo "# guest $g stopped without powering off (reset or hang)"
		if ! grep -q 'nested: memcheck exit 0' $log ||
		   grep -q -E 'Oops|BUG:|Kernel panic|memcheck: FAIL' $log; then
			echo "# guest $g failed; its console:"
			sed 's/^/#   /' $log | tail -60
			sed 's/^/#   qemu: /' /tmp/nested-$g.qemu
			rc=1
		fi
	done
	echo "# merge cycles: $cycles, most pages sharing: $merged_max"
	[ "$merged_max" -gt 0 ] || { echo "# ksmd merged nothing"; rc=1; }
	return $rc
}

fails=0
# Each round's result goes to the kernel log as well, so that a long run can
# be followed on the console while the plan's output waits for its end.
for r in $(seq "$rounds"); do
	echo "# round $r of $rounds"
	res=pass
	pair || { fails=$((fails + 1)); res=FAIL; }
	echo "nested-ksm: round $r of $rounds: $res" > /dev/kmsg
done
echo "# rounds: $rounds, failed: $fails"
[ $fails -eq 0 ]
