#!/bin/sh
# needs: mm/hmm-tests
# hmm-tests needs the test_hmm driver; its /dev/hmm_dmirror* nodes come from
# devtmpfs.
set -e
modprobe test_hmm
trap 'rmmod test_hmm' EXIT
for i in 0 1; do
	[ -c /dev/hmm_dmirror$i ] || { echo "# /dev/hmm_dmirror$i missing"; exit 1; }
done
/t/mm/hmm-tests
