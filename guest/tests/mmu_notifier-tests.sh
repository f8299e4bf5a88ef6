#!/bin/sh
# needs: mm/mmu_notifier-tests
# The series' own kselftest needs the test_mmu_notifier driver; without its
# device every case would skip, so a missing device fails instead.
set -e
modprobe test_mmu_notifier
trap 'rmmod test_mmu_notifier' EXIT
[ -c /dev/test_mmu_notifier ] || { echo "# /dev/test_mmu_notifier missing"; exit 1; }
/t/mm/mmu_notifier-tests
