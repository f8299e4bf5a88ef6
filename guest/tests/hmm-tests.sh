#!/bin/sh
# needs: mm/hmm-tests
# hmm-tests needs the test_hmm driver; its /dev/hmm_dmirror* nodes come from
# devtmpfs.
#
# The driver stays loaded afterwards.  The base's lib/test_hmm.c never drops
# the reference device_initialize() gave each of its two devices
# (dmirror_device_remove() calls cdev_device_del() but no put_device()), so
# each rmmod leaks two device names and two device_private structs: four
# objects that make check-debug's kmemleak scan would blame on whatever test
# ran last.  Seen on the debug kernel with a modprobe/rmmod of test_hmm and
# nothing else; test_mmu_notifier and mmu_mirror leave nothing the same way.
set -e
modprobe test_hmm
for i in 0 1; do
	[ -c /dev/hmm_dmirror$i ] || { echo "# /dev/hmm_dmirror$i missing"; exit 1; }
done
/t/mm/hmm-tests
