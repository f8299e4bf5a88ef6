#!/usr/bin/env bash
# make check: every suite, one report.
#
#   check.sh [--plan NAME] [--debug | --kcsan]
#
# --debug (make check-debug): the same suites on a kernel built with
# config/debug.config on top (KASAN, kmemleak, debug objects, list
# debugging) in build/obj-debug, results in build/check-debug/; each boot
# gets three times the plan's timeouts and ends with a kmemleak scan, and
# guest/plans/debug (longer stress, fault injection) boots after the rest.
#
# --kcsan (make check-kcsan): guest/plans/kcsan on a kernel built with
# config/kcsan.config in build/obj-kcsan, results in build/check-kcsan/,
# three times the timeouts.  The hygiene and API-user stages, which do not
# depend on the kernel's config, are left to make check.  A KCSAN report
# fails the run only if it names a function of config/kcsan-scope.
#
# Stages (each timed): harness unit tests, tree (apply the series), series
# hygiene, kernel build, API users under allmodconfig, selftest build,
# initramfs, guest run of
# guest/plans/NAME (default: check).  A stage that fails is recorded as a
# failing test with its log, and the stages that need it are not run; the
# report at the end covers whatever ran.  Results: build/check/.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: check.sh [--plan NAME] [--debug | --kcsan]" >&2; exit 2; }
plan=check variant=normal
while [ $# -gt 0 ]; do
	case "$1" in
	--plan) [ $# -ge 2 ] || usage; plan=$2; shift 2 ;;
	--debug|--kcsan)
		# KASAN and KCSAN do not go in one kernel.
		[ $variant = normal ] || usage
		variant=${1#--}; shift ;;
	*) usage ;;
	esac
done
B=$top/build
res=$B/check
tree=$B/linux obj=$B/obj tests=$B/tests
initrd=$B/initramfs.cpio.gz
frags=() boot_opts=() report_opts=()
case $variant in
debug)
	res=$B/check-debug obj=$B/obj-debug initrd=$B/initramfs-debug.cpio.gz
	frags=("$top/config/debug.config")
	# no5lvl: 6.12's identify_cpu() clears boot_cpu_data's capabilities
	# and sets them again; KASAN's idea of the shadow's start follows
	# X86_FEATURE_LA57, so an interrupt in that window is reported as a
	# wild access to the 5-level direct map (seen once at 4 s into a
	# boot, in handle_edge_irq()).  Four-level paging has no such window.
	export BOOT_CMDLINE="mmtest.tmo_scale=3 mmtest.kmemleak=1 no5lvl"
	boot_opts=(--timeout 10800) ;;
kcsan)
	res=$B/check-kcsan obj=$B/obj-kcsan initrd=$B/initramfs-kcsan.cpio.gz
	frags=("$top/config/kcsan.config")
	export BOOT_CMDLINE="mmtest.tmo_scale=3"
	boot_opts=(--timeout 10800)
	report_opts=(--kcsan-scope "$top/config/kcsan-scope") ;;
esac
rm -rf "$res"; mkdir -p "$res/logs"
: > "$res/times"
ktaps=() consoles=()
# Plans that need a boot of their own (a test that turns lockdep off, say)
# are named in the main plan by "# separate boot: NAME" lines.
separate=$(sed -n 's/^# separate boot: *//p' "$top/guest/plans/$plan")
# make check-debug boots guest/plans/debug too, and the boots it names.
[ $variant = debug ] && [ "$plan" != debug ] &&
	separate+=" debug $(sed -n 's/^# separate boot: *//p' "$top/guest/plans/debug" | tr '\n' ' ')"

stage() {	# stage NAME CMD...: run, time, log; status of CMD
	local name=$1; shift
	local t0=$SECONDS rc=0
	printf '>> %-10s ' "$name"
	"$@" > "$res/logs/$name.log" 2>&1 || rc=$?
	local dt=$((SECONDS - t0))
	echo "$name $dt" >> "$res/times"
	if [ $rc -eq 0 ]; then echo "ok (${dt}s)"; else echo "FAILED (${dt}s, log: ${res#"$top"/}/logs/$name.log)"; fi
	return $rc
}

fail_ktap() {	# fail_ktap NAME: a one-test KTAP file for a failed stage
	local f=$res/$1.ktap
	{ echo "KTAP version 1"; echo "1..1"
	  tail -n 40 "$res/logs/$1.log" | sed 's/^/# /'
	  echo "not ok 1 build:$1 # stage failed, see ${res#"$top"/}/logs/$1.log"; } > "$f"
	ktaps+=("$f")
}

finish() {
	echo
	echo "stage times (s): $(awk '{printf "%s%s %s", (NR>1?", ":""), $1, $2}' "$res/times")"
	echo
	python3 "$top/scripts/ktap.py" --known "$top/config/known-failures" \
		"${report_opts[@]}" "${consoles[@]}" "${ktaps[@]}" | tee "$res/report.txt"
	exit "${PIPESTATUS[0]}"
}

stage deps "$top/scripts/install-deps.sh" || { fail_ktap deps; finish; }

python3 "$top/tests/run.py" > "$res/harness.ktap" 2>"$res/logs/harness.log"
ktaps+=("$res/harness.ktap")

if ! stage tree "$top/scripts/tree.sh" "$tree"; then
	{ echo "KTAP version 1"; echo "1..1"; sed 's/^/# /' "$res/logs/tree.log"
	  echo "not ok 1 series:applies # tree.sh failed"; } > "$res/series.ktap"
	ktaps+=("$res/series.ktap"); finish
fi
if [ $variant != kcsan ]; then
	stage hygiene sh -c '"$1" "$2" > "$3"' - "$top/scripts/check-series.sh" "$tree" "$res/series.ktap"
	ktaps+=("$res/series.ktap")
fi

stage kernel "$top/scripts/build-kernel.sh" "$tree" "$obj" "${frags[@]}" ||
	{ fail_ktap kernel; finish; }
if [ $variant != kcsan ]; then
	stage users sh -c '"$1" "$2" "$3" > "$4"' - "$top/scripts/build-users.sh" "$tree" \
		"$B/obj-allmod" "$res/users.ktap"
	ktaps+=("$res/users.ktap")
fi
stage selftests "$top/scripts/build-selftests.sh" "$tree" "$obj" "$tests" \
	"$top/guest/plans/$plan" $(for p in $separate; do echo "$top/guest/plans/$p"; done) ||
	{ fail_ktap selftests; finish; }
stage initramfs "$top/scripts/mkinitramfs.sh" "$obj" "$tests" "$initrd" ||
	{ fail_ktap initramfs; finish; }

boot_plan() {	# boot_plan PLAN DIR: boot the kernel, run the plan, keep its KTAP
	local name=guest${3:+-$3} t0=$SECONDS rc=0
	printf '>> %-10s\n' "$name"
	"$top/scripts/boot.sh" "${boot_opts[@]}" "$obj/arch/x86/boot/bzImage" "$initrd" \
		"$1" "$2" 2> "$res/logs/$name.log" || rc=$?
	echo "$name $((SECONDS - t0))" >> "$res/times"
	echo ">> $name finished (exit $rc, $((SECONDS - t0))s)"
	ktaps+=("$2/results.ktap")
	[ -s "$2/console.log" ] && consoles+=(--console "$2/console.log")
	if [ $rc -ne 0 ]; then
		{ echo "KTAP version 1"; echo "1..1"; sed 's/^/# /' "$res/logs/$name.log"
		  tail -n 60 "$2/console.log" | sed 's/^/# /'
		  echo "not ok 1 $name:boot # $(head -1 "$res/logs/$name.log")"; } > "$2.boot.ktap"
		ktaps+=("$2.boot.ktap")
	fi
}

boot_plan "$plan" "$res/guest"
for p in $separate; do
	boot_plan "$p" "$res/guest-$p" "$p"
done
finish
