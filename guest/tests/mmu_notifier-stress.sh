#!/bin/sh
# needs: mm/mmu_notifier-stress
# Mirror versus invalidate under stress (the test driver's stale-mapping
# checker).  ksmd runs fast meanwhile, so that KSM merges happen during
# the run.  Usage: mmu_notifier-stress.sh [SECONDS [THREADS [DEVICES]]]
# DEVICES: that many more mirrors of the region, as devices that take
# 50 us to drop their mappings and are invalidated in two passes.  The
# last quarter of the region maps a file on an ext2 loop mount
# (writeback-fs.sh), so that msync() runs page_mkclean() under the mirrors.
set -e
modprobe test_mmu_notifier
. /t/sh/writeback-fs.sh
writeback_fs /mnt/writeback
. /t/sh/ksm-fast.sh
ksm_fast "rmmod test_mmu_notifier; writeback_fs_done"
threads=${2:-2}
scans=$(cat $ksm/full_scans)
/t/mm/mmu_notifier-stress -t "${1:-20}" -m "$threads" -o "$threads" \
	-d "${3:-0}" -f /mnt/writeback
echo "# ksm: $(( $(cat $ksm/full_scans) - scans )) full scans during the run"
