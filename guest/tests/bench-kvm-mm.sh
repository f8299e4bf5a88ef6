#!/bin/sh
# make bench: what reclaim, migration, KSM merging and exit cost the host
# while KVM maps the memory (guest/kvm-bench.c), RUNS times (default 3):
# MADV_PAGEOUT and move_pages() of PAGES (default 4096) guest pages backed
# by 4 KiB pages, 64 KiB mTHPs and 2 MiB THPs, ksmd merging PAGES
# identical guest pages, and the exit of a process whose guest touched MIB
# (default 1024) of 4 KiB pages.  "smoke" runs each once, small
# (make check: the program and the kernel interfaces it uses still work).
set -e
runs=${1:-3} pages=${2:-4096} mib=${3:-1024}
[ "$1" = smoke ] && { runs=1 pages=512 mib=8; }
i=0
while [ $i -lt "$runs" ]; do
	for size in 4k 64k 2m; do
		kvm-bench reclaim $size "$pages"
		kvm-bench migrate $size "$pages"
	done
	kvm-bench ksm "$pages"
	kvm-bench exit "$mib"
	i=$((i + 1))
done
