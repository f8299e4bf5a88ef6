#!/bin/sh
# Load a KUnit test module and print, as KTAP, the results of the suites it
# added (from debugfs: CONFIG_KUNIT_DEBUGFS).
mod=$1
d=/sys/kernel/debug/kunit
before=$(ls $d 2>/dev/null)
modprobe "$mod" || { echo "# modprobe $mod failed"; exit 1; }
suites=$(ls $d | while read -r s; do
	echo "$before" | grep -qxF "$s" || echo "$s"; done)
[ -n "$suites" ] || { echo "# $mod added no KUnit suite"; exit 1; }
echo "KTAP version 1"
echo "1..$(echo "$suites" | wc -l)"
rc=0 k=0
for s in $suites; do
	# Each results file is a KTAP document of its own with one test, the
	# suite: drop its two header lines and renumber the suite's line.
	k=$((k + 1))
	awk -v k=$k 'NR <= 2 { next }
		/^(not )?ok 1 / { sub(/ok 1 /, "ok " k " ") } { print }' "$d/$s/results"
	grep -q '^not ok' "$d/$s/results" && rc=1
done
rmmod "$mod"
exit $rc
