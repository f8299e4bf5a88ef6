// SPDX-License-Identifier: GPL-2.0
/*
 * Keep one KVM VM alive for the whole boot, so that the scheduler's
 * preempt-notifier static key, which KVM turns on with a system's first VM
 * and off with its last, is patched once at boot instead of around every
 * KVM test.  Under QEMU's multi-threaded TCG a vCPU now and then executes
 * the int3 of such a text patch after the patch has completed (an "Oops:
 * int3" at __schedule+0x3fa, three times in about fifteen boots that ran
 * the KVM tests); each flip avoided is one chance fewer.  Started by
 * /init for plans with a "# kvm-hold" line; never for make bench, whose
 * disarmed rows need no MMU notifier subscription anywhere.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR);

	if (kvm < 0 || ioctl(kvm, KVM_CREATE_VM, 0) < 0) {
		perror("kvm-hold");
		return 1;
	}
	for (;;)
		pause();
}
