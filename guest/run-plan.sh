#!/bin/sh
# Run a test plan (see plans/check for the format) and print one KTAP
# document: each plan line is a top-level test; the program's own TAP/KTAP
# output, indented by four spaces, forms its subtests.  Lines the program
# prints that are not TAP still pass through (the host parser keeps them as
# diagnostics).  A marker goes to the kernel log before and after every test,
# so that the host can tie a splat in dmesg to the test that caused it.
plan=$1
n=$(grep -cv -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$plan")
# make check-debug boots with mmtest.tmo_scale=N (a slower kernel: every
# TIMEOUT times N) and mmtest.kmemleak=1 (one more test at the end: a
# kmemleak scan that must find nothing).
scale=1 leak=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	mmtest.tmo_scale=*) scale=${arg#mmtest.tmo_scale=} ;;
	mmtest.kmemleak=1) leak=1 ;;
	esac
done
echo "KTAP version 1"
echo "1..$((n + leak))"
# What boot left behind is not the tests' doing: report from here on.
if [ $leak -eq 1 ] && [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
fi
i=0
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$plan" |
while read -r suite tmo prog args; do
	i=$((i + 1))
	name=${prog#kunit:}; name=${name##*/}; name=${name%.sh}
	# A wrapper run with different arguments names a different test:
	# WRAPPER/ARG1,ARG2...
	case "$prog" in sh/*) [ -n "$args" ] && name="$name/$(echo $args | tr ' ' ,)" ;; esac
	id="$suite:$name"
	echo "mmtest: begin $i $id" > /dev/kmsg
	echo "# begin $id"
	start=$(cut -d' ' -f1 /proc/uptime)
	log=/tmp/test.log
	case "$prog" in
	kunit:*)
		/bin/run-kunit.sh "${prog#kunit:}" > $log 2>&1 < /dev/null
		rc=$? ;;
	*)
		if [ ! -x "/t/$prog" ]; then
			echo "# /t/$prog is not in the initramfs" > $log; rc=127
		else
			(cd "/t/${prog%/*}" && exec timeout -s KILL "$((tmo * scale))" "/t/$prog" $args) \
				> $log 2>&1 < /dev/null
			rc=$?
		fi ;;
	esac
	end=$(cut -d' ' -f1 /proc/uptime)
	sed 's/^/    /' $log
	secs=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
	echo "# time $id ${secs}s exit $rc"
	echo "mmtest: end $i $id" > /dev/kmsg
	case $rc in
	0) echo "ok $i $id" ;;
	4) echo "ok $i $id # SKIP exit status 4" ;;
	137) echo "not ok $i $id # TIMEOUT after $((tmo * scale))s" ;;
	*) echo "not ok $i $id # exit status $rc" ;;
	esac
done

# kmemleak: objects must be older than its minimum age (5 s) to count, and
# a second scan confirms what the first found.
if [ $leak -eq 1 ]; then
	i=$((n + 1)) k=/sys/kernel/debug/kmemleak
	echo "mmtest: begin $i debug:kmemleak" > /dev/kmsg
	echo "# begin debug:kmemleak"
	if [ ! -w $k ]; then
		echo "not ok $i debug:kmemleak # $k missing"
	else
		echo scan > $k; sleep 6; echo scan > $k
		report=$(cat $k)
		echo "mmtest: end $i debug:kmemleak" > /dev/kmsg
		if [ -z "$report" ]; then
			echo "ok $i debug:kmemleak"
		else
			echo "$report" | head -200 | sed 's/^/    # /'
			echo "not ok $i debug:kmemleak # $(echo "$report" | grep -c '^unreferenced object') unreferenced objects"
		fi
	fi
fi
