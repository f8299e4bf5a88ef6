// SPDX-License-Identifier: GPL-2.0
/*
 * Create and destroy KVM VMs in a loop while the other CPUs switch tasks
 * as fast as they can: each first VM of the system turns the scheduler's
 * preempt-notifier static key on and each last VM turns it off, so every
 * round patches the two call sites in __schedule() twice (text_poke_bp():
 * int3, sync on every CPU, new bytes, sync) while those CPUs run through
 * them.  With -a each VM also gets a vCPU with an in-kernel local APIC,
 * which flips KVM's apic_sw_disabled key as well (deferred by a second).
 *
 * A CPU that executes an int3 of a patch after the patch has completed
 * dies with "Oops: int3"; this program only provides the flips and prints
 * how many it made.  Run it from a plan without "# kvm-hold" (a held VM
 * keeps the key on, which is its purpose) and compare kernels and QEMU
 * accelerators by how many boots survive: guest/plans/kvm-flip.
 *
 *   kvm-flip [-a] [ROUNDS [SWITCHER_PAIRS]]   (default 2000 rounds, 3 pairs)
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS	16

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Two processes handing one byte back and forth: a task switch per hop. */
static pid_t ping_pong(void)
{
	int ab[2], ba[2];
	pid_t pid;
	char c = 0;

	if (pipe(ab) || pipe(ba))
		die("kvm-flip: pipe");
	pid = fork();
	if (pid < 0)
		die("kvm-flip: fork");
	if (!pid) {
		pid_t other = fork();

		if (other < 0)
			_exit(1);
		/* This process serves, its child (other == 0) answers. */
		for (;;) {
			if (other ? write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1 :
				    read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(0);
		}
	}
	close(ab[0]); close(ab[1]); close(ba[0]); close(ba[1]);
	return pid;
}

int main(int argc, char **argv)
{
	int rounds = 2000, npairs = 3, apic = 0, i, kvm;
	pid_t pairs[MAX_PAIRS];
	struct timespec t0, t1;

	if (argc > 1 && !strcmp(argv[1], "-a")) {
		apic = 1;
		argv++;
		argc--;
	}
	if (argc > 1)
		rounds = atoi(argv[1]);
	if (argc > 2)
		npairs = atoi(argv[2]);
	if (rounds < 1 || npairs < 0 || npairs > MAX_PAIRS) {
		fprintf(stderr, "usage: kvm-flip [-a] [ROUNDS [PAIRS (0-%d)]]\n",
			MAX_PAIRS);
		return 2;
	}
	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("kvm-flip: /dev/kvm");
	/* Own process group, so that the switchers go with us. */
	setpgid(0, 0);
	for (i = 0; i < npairs; i++)
		pairs[i] = ping_pong();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < rounds; i++) {
		int vm = ioctl(kvm, KVM_CREATE_VM, 0), vcpu = -1;

		if (vm < 0)
			die("kvm-flip: KVM_CREATE_VM");
		if (apic && (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0 ||
			     (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0))
			die("kvm-flip: vCPU with an in-kernel APIC");
		/*
		 * A vCPU's file holds the VM too.  The last close destroys the
		 * VM before it returns.
		 */
		if (vcpu >= 0)
			close(vcpu);
		close(vm);
		if ((i + 1) % 500 == 0)
			printf("# kvm-flip: %d VMs created and destroyed\n", i + 1);
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# kvm-flip: %d rounds%s, %d switcher pairs, %.1f s\n", rounds,
	       apic ? " with an APIC vCPU" : "", npairs,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	signal(SIGTERM, SIG_IGN);
	kill(0, SIGTERM);
	for (i = 0; i < npairs; i++)
		waitpid(pairs[i], NULL, 0);
	return 0;
}
