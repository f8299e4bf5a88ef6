// SPDX-License-Identifier: GPL-2.0
/*
 * make bench's KVM workloads that need a guest with memory of a chosen
 * folio size: what reclaim, migration, KSM merging and exit cost the host
 * while KVM maps the memory.  The guest is a few instructions in 32-bit
 * protected mode without paging, so its accesses go straight to the
 * memslot and every KVM mapping comes from the host's folios (a 2 MiB THP
 * gets a 2 MiB spte, a 64 KiB mTHP sixteen 4 KiB ones); each pass reads
 * (or writes) one word of every page, then exits to the host with an OUT.
 *
 *   kvm-bench reclaim 4k|64k|2m PAGES   MADV_PAGEOUT of all of it
 *   kvm-bench migrate 4k|64k|2m PAGES   move_pages() of all of it to the
 *                                       other node (nodes 0 and 1)
 *   kvm-bench ksm PAGES                 ksmd merging PAGES identical pages
 *   kvm-bench exit MIB                  exit of a process whose guest has
 *                                       touched MIB of 4 KiB pages
 *
 * Each prints one line, "kvm_<what>[_<size>]: key=value ...": ns (guest
 * CLOCK_MONOTONIC, instructions under -icount) and ns_per_page of the
 * operation, the remote TLB flushes and vCPU page faults KVM counted
 * during it (flushes=, debugfs kvm/remote_tlb_flush_requests) and during the guest
 * pass after it (faults_after=, kvm/pf_taken), and what mm did (pages
 * swapped out, migrated, merged), which must cover the memory, else the
 * run fails: a row of nothing measured is no row.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif
#define MPOL_MF_MOVE	2
#define PAGE		4096UL
#define HUGE		(2UL << 20)
#define CODE_GPA	0x1000UL
#define PARAM_GPA	0x2000UL
#define DATA_GPA	(1UL << 30)
#define THP		"/sys/kernel/mm/transparent_hugepage/"
#define KSM		"/sys/kernel/mm/ksm/"

/* The guest: pass over every page, one word each, then OUT to port 0x10. */
extern const unsigned char guest_code[], guest_code_end[];
asm(".pushsection .rodata\n"
    ".code32\n"
    "guest_code:\n"
    "1:	mov 0x2000, %esi\n"		/* first page's address */
    "	mov 0x2004, %ecx\n"		/* pages */
    "	mov 0x2008, %edx\n"		/* write instead of read? */
    "2:	test %edx, %edx\n"
    "	jz 3f\n"
    "	mov %ecx, (%esi)\n"
    "	jmp 4f\n"
    "3:	mov (%esi), %eax\n"
    "4:	add $4096, %esi\n"
    "	dec %ecx\n"
    "	jnz 2b\n"
    "	out %al, $0x10\n"
    "	jmp 1b\n"
    "guest_code_end:\n"
    ".code64\n"
    ".popsection\n");

struct vm {
	int kvm, fd, vcpu;
	struct kvm_run *run;
	uint32_t *param;
	char *mem;
	unsigned long pages;
};

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "kvm-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, e ? ": %s\n" : "\n", strerror(e));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static unsigned long read_ul(const char *path)
{
	unsigned long v;
	FILE *f = fopen(path, "r");

	if (!f || fscanf(f, "%lu", &v) != 1)
		die("read %s", path);
	fclose(f);
	return v;
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		die("write %s to %s", s, path);
	close(fd);
}

static unsigned long vmstat(const char *name)
{
	char key[64];
	unsigned long v, found = 0;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		die("open /proc/vmstat");
	while (fscanf(f, "%63s %lu", key, &v) == 2)
		if (!strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/*
 * KVM's counters, summed over every VM: this program's is the only one.
 * remote_tlb_flush counts only flushes that had to kick a running vCPU,
 * and this one is stopped while the host works: count the requests.
 */
static unsigned long flushes(void)
{
	return read_ul("/sys/kernel/debug/kvm/remote_tlb_flush_requests");
}

static unsigned long faults(void)
{
	return read_ul("/sys/kernel/debug/kvm/pf_taken");
}

/* Anonymous memory, 2 MiB aligned, of the folio size asked for. */
static char *guest_memory(unsigned long len, const char *size)
{
	char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap %lu", len);
	p = (char *)(((unsigned long)p + HUGE - 1) & ~(HUGE - 1));
	/* 64k: no advice, as hugepages-64kB/enabled is "always" (mTHP). */
	if (!strcmp(size, "4k") && madvise(p, len, MADV_NOHUGEPAGE))
		die("madvise(NOHUGEPAGE)");
	if (!strcmp(size, "2m") && madvise(p, len, MADV_HUGEPAGE))
		die("madvise(HUGEPAGE)");
	return p;
}

static void vm_create(struct vm *vm, char *mem, unsigned long pages)
{
	struct kvm_userspace_memory_region code = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = 0x10000,
	};
	struct kvm_userspace_memory_region data = {
		.slot = 1, .guest_phys_addr = DATA_GPA,
		.memory_size = pages * PAGE, .userspace_addr = (unsigned long)mem,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = CODE_GPA, .rflags = 2 };
	struct kvm_segment seg = {
		.base = 0, .limit = 0xffffffff, .present = 1, .dpl = 0,
		.db = 1, .s = 1, .l = 0, .g = 1,
	};
	char *low;
	int size;

	vm->mem = mem;
	vm->pages = pages;
	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		die("open /dev/kvm");
	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		die("KVM_CREATE_VM");
	low = mmap(NULL, code.memory_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (low == MAP_FAILED)
		die("mmap");
	memcpy(low + CODE_GPA, guest_code, guest_code_end - guest_code);
	vm->param = (uint32_t *)(low + PARAM_GPA);
	vm->param[0] = DATA_GPA;
	vm->param[1] = pages;
	code.userspace_addr = (unsigned long)low;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &code) ||
	    ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &data))
		die("KVM_SET_USER_MEMORY_REGION");
	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	size = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->vcpu < 0 || size <= 0)
		die("KVM_CREATE_VCPU");
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die("mmap kvm_run");
	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	seg.selector = 8;
	seg.type = 11;			/* code: execute, read, accessed */
	sregs.cs = seg;
	seg.selector = 16;
	seg.type = 3;			/* data: read, write, accessed */
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = seg;
	sregs.cr0 |= 1;			/* protected mode, paging off */
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) ||
	    ioctl(vm->vcpu, KVM_SET_REGS, &regs))
		die("KVM_SET_SREGS/REGS");
}

/* One guest pass over every page; the guest exits with its OUT. */
static void guest_pass(struct vm *vm, int write)
{
	vm->param[2] = write;
	if (ioctl(vm->vcpu, KVM_RUN, 0))
		die("KVM_RUN");
	if (vm->run->exit_reason != KVM_EXIT_IO || vm->run->io.port != 0x10)
		die("guest stopped with exit reason %u", vm->run->exit_reason);
}

static void vm_destroy(struct vm *vm)
{
	close(vm->vcpu);
	close(vm->fd);
	close(vm->kvm);
}

/* Host-populate the memory, so its folios have the size asked for. */
static void populate(char *mem, unsigned long pages, int same)
{
	unsigned long i;

	for (i = 0; i < pages; i++)
		memset(mem + i * PAGE, same ? 0x5a : (int)(i % 251) + 1, PAGE);
}

/* The THP settings of a folio size; returns the stats file of that size. */
static const char *folio_size(const char *size)
{
	if (!strcmp(size, "4k"))
		return NULL;
	if (!strcmp(size, "64k")) {
		write_str(THP "hugepages-2048kB/enabled", "never");
		write_str(THP "hugepages-64kB/enabled", "always");
		return THP "hugepages-64kB/stats/anon_fault_alloc";
	}
	if (!strcmp(size, "2m")) {
		write_str(THP "hugepages-64kB/enabled", "never");
		write_str(THP "hugepages-2048kB/enabled", "inherit");
		return THP "hugepages-2048kB/stats/anon_fault_alloc";
	}
	fprintf(stderr, "kvm-bench: folio size %s: 4k, 64k or 2m\n", size);
	exit(2);
}

static void folio_size_reset(void)
{
	write_str(THP "hugepages-64kB/enabled", "never");
	write_str(THP "hugepages-2048kB/enabled", "inherit");
}

static int reclaim_or_migrate(int migrate, const char *size, unsigned long pages)
{
	unsigned long per = !strcmp(size, "2m") ? 512 : !strcmp(size, "64k") ? 16 : 1;
	const char *stat = folio_size(size);
	unsigned long allocs = stat ? read_ul(stat) : 0, done, f0, p0, i;
	const char *what = migrate ? "migrate" : "reclaim";
	char *mem;
	struct vm vm;
	uint64_t t;

	if (pages % 512)
		die("PAGES must be a multiple of 512");
	if (migrate && access("/sys/devices/system/node/node1", F_OK))
		die("migrate needs a node 1");
	mem = guest_memory(pages * PAGE, size);
	populate(mem, pages, 0);
	if (stat && read_ul(stat) - allocs < pages / per) {
		errno = 0;
		die("%s: %lu folios of %s allocated, %lu wanted", what,
		    read_ul(stat) - allocs, size, pages / per);
	}
	vm_create(&vm, mem, pages);
	guest_pass(&vm, 0);

	f0 = flushes();
	p0 = vmstat(migrate ? "pgmigrate_success" : "pswpout");
	t = now_ns();
	if (migrate) {
		void **addr = calloc(pages, sizeof(*addr));
		int *node = calloc(pages, sizeof(*node));
		int *status = calloc(pages, sizeof(*status));

		if (!addr || !node || !status)
			die("calloc");
		for (i = 0; i < pages; i++)
			addr[i] = mem + i * PAGE;
		/* To the node the memory is not on. */
		if (syscall(__NR_move_pages, 0, 1, addr, NULL, status, 0) ||
		    status[0] < 0)
			die("move_pages (where is page 0?)");
		for (i = 0; i < pages; i++)
			node[i] = !status[0];
		t = now_ns();
		if (syscall(__NR_move_pages, 0, pages, addr, node, status,
			    MPOL_MF_MOVE) < 0)
			die("move_pages");
	} else if (madvise(mem, pages * PAGE, MADV_PAGEOUT)) {
		die("madvise(PAGEOUT)");
	}
	t = now_ns() - t;
	f0 = flushes() - f0;
	done = vmstat(migrate ? "pgmigrate_success" : "pswpout") - p0;
	p0 = faults();
	guest_pass(&vm, 0);
	p0 = faults() - p0;
	vm_destroy(&vm);
	folio_size_reset();

	printf("kvm_%s_%s: pages=%lu ns=%llu ns_per_page=%llu flushes=%lu "
	       "faults_after=%lu %s=%lu\n", what, size, pages,
	       (unsigned long long)t, (unsigned long long)(t / pages), f0, p0,
	       migrate ? "migrated" : "swapped", done);
	if (done < pages) {
		errno = 0;
		die("%s: %lu of %lu pages %s", what, done, pages,
		    migrate ? "migrated" : "swapped out");
	}
	return 0;
}

static int ksm(unsigned long pages)
{
	unsigned long merged, f0, i;
	struct vm vm;
	char *mem = guest_memory(pages * PAGE, "4k");
	char scan[32];
	uint64_t t;

	populate(mem, pages, 1);
	vm_create(&vm, mem, pages);
	guest_pass(&vm, 0);
	write_str(KSM "run", "2");		/* nothing merged from before */
	snprintf(scan, sizeof(scan), "%lu", pages);
	write_str(KSM "pages_to_scan", scan);
	write_str(KSM "sleep_millisecs", "0");
	if (madvise(mem, pages * PAGE, MADV_MERGEABLE))
		die("madvise(MERGEABLE)");
	f0 = flushes();
	t = now_ns();
	write_str(KSM "run", "1");
	/*
	 * Every page merged: KSM pages (pages_shared; one per
	 * max_page_sharing sharers) plus the mappings sharing them make
	 * PAGES, or give up after 60 s.
	 */
	for (i = 0; (merged = read_ul(KSM "pages_shared") +
			      read_ul(KSM "pages_sharing")) < pages &&
		    i < 60000; i++)
		usleep(1000);
	t = now_ns() - t;
	f0 = flushes() - f0;
	write_str(KSM "run", "2");
	vm_destroy(&vm);
	printf("kvm_ksm: pages=%lu ns=%llu ns_per_page=%llu flushes=%lu "
	       "merged=%lu\n", pages, (unsigned long long)t,
	       (unsigned long long)(t / pages), f0, merged);
	if (merged < pages) {
		errno = 0;
		die("ksm: %lu of %lu pages merged in 60 s", merged, pages);
	}
	return 0;
}

/*
 * A child makes a guest touch MIB of memory and exits; the parent times
 * the child's last instruction to its own waitpid(): the VM's memory and
 * sptes torn down by exit_mmap() and the VM's file release.
 */
static int vm_exit(unsigned long mib)
{
	volatile uint64_t *last = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned long pages = mib << 8;
	int status;
	pid_t pid;
	uint64_t t;

	if (last == MAP_FAILED)
		die("mmap");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		struct vm vm;
		char *mem = guest_memory(pages * PAGE, "4k");

		vm_create(&vm, mem, pages);
		guest_pass(&vm, 1);
		*last = now_ns();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	t = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !*last) {
		errno = 0;
		die("exit: the child failed (status %#x)", status);
	}
	printf("kvm_exit: mib=%lu ns=%llu\n", mib,
	       (unsigned long long)(t - *last));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 2 ? strtoul(argv[argc - 1], NULL, 0) : 0;
	cpu_set_t cpu0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * On CPU 0 only: a page the vCPU faults in waits in the LRU batch of
	 * the CPU it was faulted on, and MADV_PAGEOUT drains only its own
	 * CPU's batch; a page left in another's is not reclaimed.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		die("sched_setaffinity");
	if (argc == 4 && n && !strcmp(argv[1], "reclaim"))
		return reclaim_or_migrate(0, argv[2], n);
	if (argc == 4 && n && !strcmp(argv[1], "migrate"))
		return reclaim_or_migrate(1, argv[2], n);
	if (argc == 3 && n > 1 && !strcmp(argv[1], "ksm"))
		return ksm(n);
	if (argc == 3 && n && n <= 2048 && !strcmp(argv[1], "exit"))
		return vm_exit(n);
	fprintf(stderr, "usage: kvm-bench reclaim|migrate 4k|64k|2m PAGES | "
		"ksm PAGES | exit MIB\n");
	return 2;
}
