#!/bin/sh
# needs: samples/mmu_notifier/mmu_mirror_test
# The driver example of samples/mmu_notifier: load it, check that its
# mirror follows the CPU page tables, and that it cannot be unloaded while
# a file still holds one of its notifiers.
set -e
modprobe mmu_mirror
trap 'rmmod mmu_mirror 2>/dev/null || true' EXIT
[ -c /dev/mmu_mirror ] || { echo "# /dev/mmu_mirror missing"; exit 1; }
/t/samples/mmu_notifier/mmu_mirror_test

# A file with a notifier inserted holds the module: rmmod must refuse.
/t/samples/mmu_notifier/mmu_mirror_test --hold &
holder=$!
i=0
while [ ! -e /tmp/mmu_mirror.held ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
[ -e /tmp/mmu_mirror.held ] || { echo "# holder did not start"; exit 1; }
if rmmod mmu_mirror 2>/dev/null; then
	echo "# rmmod succeeded while /dev/mmu_mirror was open"
	exit 1
fi
kill "$holder"; wait "$holder" 2>/dev/null || true
rm -f /tmp/mmu_mirror.held
rmmod mmu_mirror
echo "# rmmod refused while a mirror was set up, succeeded after it closed"
trap - EXIT
