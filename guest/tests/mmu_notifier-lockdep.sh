#!/bin/sh
# needs: mm/mmu_notifier-lockdep
# Provokes a lockdep report on purpose (argument: alloc or lock); the
# program passes when the report is in the kernel log.  Lockdep is off
# after it, so each case has a boot of its own (see plans/check).
set -e
modprobe test_mmu_notifier
[ -c /dev/test_mmu_notifier ] || { echo "# /dev/test_mmu_notifier missing"; exit 1; }
/t/mm/mmu_notifier-lockdep "$1"
