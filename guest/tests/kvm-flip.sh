#!/bin/sh
# Flip KVM's static keys (creating and destroying VMs) while other CPUs
# switch tasks: the reproduction of the "Oops: int3" seen under QEMU's
# multi-threaded TCG.  See guest/kvm-flip.c; scripts/int3-repro.sh boots a
# kernel several times with guest/plans/kvm-flip and counts what happened.
#   kvm-flip.sh [-a] [ROUNDS [PAIRS]]
set -e
[ -c /dev/kvm ] || { echo "# /dev/kvm missing"; exit 1; }
/bin/kvm-flip "$@"
