#!/bin/sh
# needs: mm/mmu_notifier-stress
# Mirror versus invalidate under stress (the test driver's stale-mapping
# checker).  ksmd runs fast meanwhile, so that KSM merges happen during
# the run.  Usage: mmu_notifier-stress.sh [SECONDS [THREADS]]
set -e
modprobe test_mmu_notifier
ksm=/sys/kernel/mm/ksm
old_run=$(cat $ksm/run) old_scan=$(cat $ksm/pages_to_scan) old_sleep=$(cat $ksm/sleep_millisecs)
restore() {
	echo 2 > $ksm/run	# unmerge what the run merged
	echo "$old_scan" > $ksm/pages_to_scan
	echo "$old_sleep" > $ksm/sleep_millisecs
	echo "$old_run" > $ksm/run
	rmmod test_mmu_notifier
}
trap restore EXIT
echo 1000 > $ksm/pages_to_scan
echo 10 > $ksm/sleep_millisecs
echo 1 > $ksm/run
threads=${2:-2}
scans=$(cat $ksm/full_scans)
/t/mm/mmu_notifier-stress -t "${1:-20}" -m "$threads" -o "$threads"
echo "# ksm: $(( $(cat $ksm/full_scans) - scans )) full scans during the run"
