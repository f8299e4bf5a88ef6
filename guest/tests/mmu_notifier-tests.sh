#!/bin/sh
# needs: mm/mmu_notifier-tests
# The series' own kselftest needs the test_mmu_notifier driver; without its
# device every case would skip, so a missing device fails instead.  Its
# mkclean_precise case needs a file system with writeback: an ext2 loop
# mount (writeback-fs.sh), named by MMU_NOTIFIER_WRITEBACK_DIR.
#
#   mmu_notifier-tests.sh [CASE[,CASE...] [RUNS]]
#
# Without arguments every case runs once.  CASE names the cases to run as
# the harness's -t does (churn_vs_exit for mn.churn_vs_exit); RUNS repeats
# them and stops at the first run that fails or after which the kernel log
# has a new WARNING, for races (see guest/plans/churn).
set -e
cases=${1:-} runs=${2:-1}
set --
for c in $(echo "$cases" | tr , ' '); do
	set -- "$@" -t "$c"
done
modprobe test_mmu_notifier
# page_mkclean() needs a file system with writeback: mkclean_precise.
. /t/sh/writeback-fs.sh
writeback_fs /mnt/writeback
trap 'rmmod test_mmu_notifier; writeback_fs_done' EXIT
export MMU_NOTIFIER_WRITEBACK_DIR=/mnt/writeback
[ -c /dev/test_mmu_notifier ] || { echo "# /dev/test_mmu_notifier missing"; exit 1; }
if [ "$runs" -eq 1 ]; then
	/t/mm/mmu_notifier-tests "$@"
	exit
fi
out=/tmp/mmu_notifier-tests.out
warns=$(dmesg | grep -c "WARNING:" || true)
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	if ! /t/mm/mmu_notifier-tests "$@" > $out 2>&1; then
		cat $out
		echo "# run $i of $runs failed"
		exit 1
	fi
	if [ "$(dmesg | grep -c "WARNING:" || true)" -ne "$warns" ]; then
		cat $out
		echo "# kernel WARNING during run $i of $runs"
		exit 1
	fi
done
cat $out
echo "# $runs runs passed"
