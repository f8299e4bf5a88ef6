// SPDX-License-Identifier: GPL-2.0
/*
 * Keep one KVM VM, with one vCPU that never runs, alive for the whole boot,
 * so that the static keys KVM flips as VMs come and go are patched once at
 * boot instead of around every VM a test starts and stops:
 *
 * - the scheduler's preempt-notifier key, on with the system's first VM;
 * - KVM's apic_hw_disabled and apic_sw_disabled keys, counts of vCPUs whose
 *   local APIC is disabled in MSR_IA32_APICBASE or in its SVR: every new
 *   vCPU starts software-disabled and drops out of the count (a second
 *   later, the keys are deferred) when its guest enables the APIC.  The
 *   vCPU held here has its APIC disabled both ways, so both counts stay
 *   above zero and the keys stay on.
 *
 * Under QEMU's multi-threaded TCG a vCPU executes the int3 of such a text
 * patch after the patch has completed, and dies of an "Oops: int3" with
 * RIP one byte into the finished NOP.  scripts/int3-repro.sh shows it:
 * VMs created and destroyed in a loop (guest/kvm-flip.c) kill every boot
 * within seconds, of the unmodified base as of the series, at the two
 * preempt_notifier_key sites in __schedule() and finish_task_switch();
 * with one TCG thread for all vCPUs no boot dies.  It is QEMU's, not the
 * kernel's; holding the keys on avoids the flips that expose it.
 * Started by /init for plans with a "# kvm-hold" line; never for make
 * bench, whose disarmed rows need no MMU notifier subscription anywhere.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MSR_IA32_APICBASE	0x1b
#define APIC_DEFAULT_BASE	0xfee00000ull	/* the enable bit (11) clear */

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(void)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry entry;
	} msrs = {
		.hdr.nmsrs = 1,
		.entry = { .index = MSR_IA32_APICBASE, .data = APIC_DEFAULT_BASE },
	};
	int kvm, vm, vcpu;

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("kvm-hold: /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("kvm-hold: KVM_CREATE_VM");
	/* An in-kernel local APIC for the vCPU (software-disabled at reset). */
	if (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0)
		die("kvm-hold: KVM_CREATE_IRQCHIP");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("kvm-hold: KVM_CREATE_VCPU");
	if (ioctl(vcpu, KVM_SET_MSRS, &msrs) != 1)
		die("kvm-hold: KVM_SET_MSRS(APIC base, disabled)");
	printf("kvm-hold: holding a VM and a vCPU with its APIC disabled\n");
	fflush(stdout);
	for (;;)
		pause();
}
