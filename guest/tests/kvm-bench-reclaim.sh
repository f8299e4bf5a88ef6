#!/bin/sh
# guest/plans/count-reclaim: reclaim 512 guest pages of 4 KiB, once
# (guest/kvm-bench.c; the figure it prints is not the point here).
exec kvm-bench reclaim 4k 512
