#!/bin/sh
# needs: mm/mmu_notifier-faults
# Allocation failures injected into every subscription path of the test
# driver (fail-nth); needs debugfs, which /init mounts.
set -e
modprobe test_mmu_notifier
trap 'rmmod test_mmu_notifier' EXIT
/t/mm/mmu_notifier-faults
