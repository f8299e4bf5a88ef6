#!/bin/sh
# needs: bench/mn_bench bench/mn_bench_sub.ko
# make bench: the notifier workloads of bench/mn_bench.c, RUNS times each
# (default 3).  The disarmed runs come first, before anything in the boot
# has subscribed.
#
#   bench-mn.sh [RUNS]                 all workloads, all sizes
#   bench-mn.sh RUNS WORKLOAD ARG      one of them (mn_bench WORKLOAD ARG),
#                                      e.g. "3 intervals 10000": a row by hand
#   bench-mn.sh smoke                  one small run of each (make check)
set -e
runs=${1:-3} s= sizes="1 100 10000 100000" tear="10000 100000" devs="1 4 16"
[ $# -le 1 ] || { [ $# -eq 3 ] || { echo "# usage: bench-mn.sh RUNS WORKLOAD ARG"; exit 2; }; }
if [ "$runs" = smoke ]; then
	runs=1 s=-s sizes="1 100" tear=100 devs="1 4"
fi
modprobe test_mmu_notifier
# The subscriber of the ops, intervals and churn rows: one source, built
# against each kernel (scripts/build-benchmod.sh).
insmod /t/bench/mn_bench_sub.ko
trap 'rmmod mn_bench_sub; rmmod test_mmu_notifier' EXIT
[ -c /dev/test_mmu_notifier ] || { echo "# /dev/test_mmu_notifier missing"; exit 1; }
[ -c /dev/mn_bench_sub ] || { echo "# /dev/mn_bench_sub missing"; exit 1; }
# The mirror workloads' device, loaded only for them; it stays loaded (see
# hmm-tests.sh).
hmm() {
	modprobe test_hmm
	[ -c /dev/hmm_dmirror0 ] || { echo "# /dev/hmm_dmirror0 missing"; exit 1; }
}
b=/t/bench/mn_bench out=/tmp/bench-mn.out
: > "$out"
rep() {
	i=0
	while [ $i -lt "$runs" ]; do
		"$b" $s "$@" > /tmp/bench-mn.one || { cat /tmp/bench-mn.one; exit 1; }
		tee -a "$out" < /tmp/bench-mn.one
		i=$((i + 1))
	done
}
if [ $# -eq 3 ]; then
	shift
	[ "$1" != mirror ] || hmm
	rep "$@"
	exit 0
fi
# A warm-up run, discarded: the first touch of the program, the driver and
# the page allocator's free lists would otherwise weigh on the first row.
[ -n "$s" ] || "$b" ops disarmed > /dev/null
rep ops disarmed
rep ops elsewhere
rep ops here
for n in $sizes; do
	rep intervals "$n"
done
for n in $tear; do
	rep teardown "$n"
done
for n in $devs; do
	rep devices "$n"
done
# "mirror busy" and "churn" need a second CPU: guest/plans/bench runs them
# (four vCPUs); the smoke runs them where there is one.
hmm
rep mirror alone
mirror=mirror_alone
churn=
if [ -n "$s" ] && [ "$(nproc)" -gt 1 ]; then
	rep mirror busy
	mirror="$mirror mirror_busy"
	rep churn 1000
	churn=churn_16
fi
# Every workload printed its figures, once per run.
for w in ops_disarmed ops_elsewhere ops_here $(for n in $tear; do echo teardown_$n; done) \
	$(for n in $sizes; do echo intervals_$n; done) $(for n in $devs; do echo devices_$n; done) \
	$mirror $churn; do
	got=$(grep -c "^$w: " "$out" || true)
	[ "$got" -eq "$runs" ] || { echo "# $w: $got lines, want $runs"; exit 1; }
done
