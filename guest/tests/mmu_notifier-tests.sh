#!/bin/sh
# needs: mm/mmu_notifier-tests
# The series' own kselftest needs the test_mmu_notifier driver; without its
# device every case would skip, so a missing device fails instead.
# "no-churn" leaves out churn_vs_exit (see guest/plans/check).
set -e
modprobe test_mmu_notifier
trap 'rmmod test_mmu_notifier' EXIT
[ -c /dev/test_mmu_notifier ] || { echo "# /dev/test_mmu_notifier missing"; exit 1; }
if [ "${1:-}" = no-churn ]; then
	/t/mm/mmu_notifier-tests -T churn_vs_exit
else
	/t/mm/mmu_notifier-tests
fi
