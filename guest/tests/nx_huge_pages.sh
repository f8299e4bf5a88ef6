#!/bin/sh
# needs: kvm/x86_64/nx_huge_pages_test
# What tools/testing/selftests/kvm/x86_64/nx_huge_pages_test.sh does, for
# busybox sh and a root-only guest: turn on the NX huge page mitigation with
# fast recovery, reserve 3 more huge pages, run the test with reboot
# permission (-r), and restore everything.
p=/sys/module/kvm/parameters
h=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
old_nx=$(cat $p/nx_huge_pages)
old_ratio=$(cat $p/nx_huge_pages_recovery_ratio)
old_period=$(cat $p/nx_huge_pages_recovery_period_ms)
old_huge=$(cat $h)
restore() {
	echo "$old_nx" > $p/nx_huge_pages
	echo "$old_ratio" > $p/nx_huge_pages_recovery_ratio
	echo "$old_period" > $p/nx_huge_pages_recovery_period_ms
	echo "$old_huge" > $h
}
trap restore EXIT
echo 1 > $p/nx_huge_pages &&
echo 1 > $p/nx_huge_pages_recovery_ratio &&
echo 100 > $p/nx_huge_pages_recovery_period_ms &&
echo $((old_huge + 3)) > $h || exit 1
/t/kvm/x86_64/nx_huge_pages_test -t 887563923 -p 100 -r
