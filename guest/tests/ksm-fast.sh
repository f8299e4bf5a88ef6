# Sourced by wrappers, not a test: run ksmd fast (1,000 pages every 10 ms)
# so that merges happen within a test's run, and put its settings back,
# after unmerging everything, when the wrapper exits.
#   . /t/sh/ksm-fast.sh; ksm_fast [EXTRA EXIT COMMAND]
ksm=/sys/kernel/mm/ksm
ksm_fast() {
	ksm_old_run=$(cat $ksm/run) ksm_old_scan=$(cat $ksm/pages_to_scan)
	ksm_old_sleep=$(cat $ksm/sleep_millisecs)
	# shellcheck disable=SC2064
	trap "echo 2 > $ksm/run; echo $ksm_old_scan > $ksm/pages_to_scan; \
echo $ksm_old_sleep > $ksm/sleep_millisecs; echo $ksm_old_run > $ksm/run; ${1:-:}" EXIT
	echo 1000 > $ksm/pages_to_scan
	echo 10 > $ksm/sleep_millisecs
	echo 1 > $ksm/run
}
