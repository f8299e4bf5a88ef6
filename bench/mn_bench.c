// SPDX-License-Identifier: GPL-2.0
/*
 * mn_bench: the guest side of `make bench`.  The same static binary runs on
 * the base and on the patched kernel; every workload prints one line
 *
 *	NAME: key=value key=value ...
 *
 * per run, with times in guest nanoseconds per operation (under
 * -icount shift=0 a guest nanosecond is one instruction).  Where each
 * call is timed on its own, the figure is the mean of the middle 80 % of
 * the calls: a timer interrupt landing in one call does not move it, and
 * an operation whose calls take one of two paths averages them instead of
 * flipping from one to the other.  Else it is the mean.
 * scripts/bench_table.py turns the lines of both kernels into the table.
 *
 *   mn_bench [-s] ops disarmed|elsewhere|here
 *	page faults + munmap, mprotect, madvise(DONTNEED), fork + exit and
 *	mremap with no subscription in the system (run it before anything
 *	in the boot subscribes), with
 *	a classic and an interval subscription on another process's mm, or
 *	with a classic subscription on this mm.
 *   mn_bench [-s] intervals N
 *	N one-page interval subscriptions on this mm: insert and remove
 *	cost, and the cost of a one-page munmap / mprotect that hits one
 *	(the same 256 operations at every N).
 *   mn_bench [-s] teardown N
 *	exit of a process with N interval subscriptions and a classic one:
 *	time from its last instruction to its parent's waitpid(), and the
 *	callbacks the exit made.
 *   mn_bench [-s] devices N
 *	munmap of a page that N device mirrors of the test driver cover, each
 *	a device taking DEVICE_US to drop its mappings
 *	(TEST_MN_MIRROR_DEVICE): invalidated in one pass, one device after
 *	another, and in two passes, all devices at once.  On a kernel whose
 *	driver has no such mirror (the base) it prints "unsupported=1".
 *   mn_bench [-s] mirror alone|busy
 *	a device mirror's fault path: HMM_DMIRROR_READ of 256 pages through
 *	lib/test_hmm (hmm_range_fault() under mmu_interval_read_begin() /
 *	_retry(), the same driver on both kernels) after an mprotect dropped
 *	the mirror's copies; "busy" with another thread, on CPU 1, protecting
 *	other pages of the mm all the while (every one an invalidation of
 *	the mirror's interval, which spans the mm).
 *   mn_bench [-s] churn N
 *	insert and remove cost of N one-page interval subscriptions while
 *	another thread, on CPU 1, protects pages of the mm that no interval
 *	covers all the while: invalidations that overlap no interval must
 *	not hold inserts and removes up.
 *   mn_bench exec NAME PROGRAM [ARG...]
 *	run PROGRAM, print "NAME: ns=..." if it succeeds.
 *
 * -s makes every size small: `make check` runs that to prove the program
 * and the driver still work, without measuring anything.
 *
 * The ops, intervals and churn workloads subscribe through
 * /dev/mn_bench_sub (bench/sub/mn_bench_sub.ko, built from one source for
 * each kernel, so that both run the same callbacks); teardown and devices
 * through /dev/test_mmu_notifier (the series' test driver, which the
 * bench's base kernel carries as well), whose log counts the callbacks of
 * an exit.  Exits 0 on success, 1 on an error (with a message on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_mmu_notifier_uapi.h"
#include "test_hmm_uapi.h"
#include "sub/mn_bench_sub.h"

#define DEV "/dev/test_mmu_notifier"

static int smoke;
static long P;

static void die(const char *what)
{
	fprintf(stderr, "mn_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static char *map(size_t len, int prot)
{
	char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += P)
		p[i] = 1;
}

static int open_dev(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		die(path);
	return fd;
}

static int dev_open(void)
{
	return open_dev(DEV);
}

static void attach(int fd)
{
	struct test_mn_attach a = { 0 };

	if (ioctl(fd, TEST_MN_ATTACH, &a))
		die("TEST_MN_ATTACH");
}

static __u32 insert(int fd, unsigned long start, unsigned long len)
{
	struct test_mn_interval iv = { .start = start, .length = len };

	if (ioctl(fd, TEST_MN_INSERT, &iv))
		die("TEST_MN_INSERT");
	return iv.id;
}

/*
 * The subscriptions whose cost the ops, intervals and churn rows measure
 * are those of mn_bench_sub.ko (bench/sub/), built from one source for
 * both kernels: the test driver's callbacks and ioctls differ between the
 * two (the series' version records more), and would be counted too.
 */
static int sub_open(void)
{
	return open_dev(MN_BENCH_SUB_DEV);
}

static void sub_attach(int fd)
{
	if (ioctl(fd, MN_BENCH_SUB_ATTACH))
		die("MN_BENCH_SUB_ATTACH");
}

static __u32 sub_insert(int fd, unsigned long start, unsigned long len)
{
	struct mn_bench_sub_interval iv = { .start = start, .length = len };

	if (ioctl(fd, MN_BENCH_SUB_INSERT, &iv))
		die("MN_BENCH_SUB_INSERT");
	return iv.id;
}

static void sub_remove(int fd, __u32 id)
{
	if (ioctl(fd, MN_BENCH_SUB_REMOVE, &id))
		die("MN_BENCH_SUB_REMOVE");
}

static struct mn_bench_sub_counts sub_counts(int fd)
{
	struct mn_bench_sub_counts c;

	if (ioctl(fd, MN_BENCH_SUB_COUNTS, &c))
		die("MN_BENCH_SUB_COUNTS");
	return c;
}

/* Callbacks recorded since the last call, by kind; empties the log. */
struct counts {
	unsigned long records, interval, release, lost;
};

static struct counts drain(int fd)
{
	static struct test_mn_record rec[4096];
	struct counts c = { 0 };
	struct test_mn_log log;
	unsigned int i;

	do {
		log.ptr = (uintptr_t)rec;
		log.count = sizeof(rec) / sizeof(rec[0]);
		if (ioctl(fd, TEST_MN_READ_LOG, &log))
			die("TEST_MN_READ_LOG");
		c.records += log.count;
		c.lost += log.lost;
		for (i = 0; i < log.count; i++) {
			c.interval += rec[i].op == TEST_MN_OP_INTERVAL;
			c.release += rec[i].op == TEST_MN_OP_RELEASE;
		}
	} while (log.count);
	return c;
}

/* The mm operations ---------------------------------------------------- */

static double op_fault_munmap(void)
{
	size_t len = (smoke ? 1 : 16) << 20;
	int i, rounds = smoke ? 1 : 4;
	uint64_t t = 0, t0;

	char *p;

	for (i = 0; i < rounds; i++) {
		t0 = now();
		p = map(len, PROT_READ | PROT_WRITE);
		touch(p, len);
		if (munmap(p, len))
			die("munmap");
		t += now() - t0;
	}
	return (double)t / (rounds * (len / P));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The mean of the middle 80 % of @n call times (sorts @t). */
static double trimmed_mean(uint64_t *t, int n)
{
	int lo = n / 10, hi = n - n / 10, i;
	double sum = 0;

	qsort(t, n, sizeof(*t), cmp_u64);
	for (i = lo; i < hi; i++)
		sum += t[i];
	return sum / (hi - lo);
}

/* Run @op @n times on [@p, @p + @len); guest ns per call (trimmed_mean()). */
static double time_loop(void (*op)(char *p, size_t len, int i), int n,
			char *p, size_t len)
{
	uint64_t *t = calloc(n, sizeof(*t)), t0;
	double ns;
	int i;

	if (!t)
		die("calloc");
	for (i = 0; i < n; i++) {
		t0 = now();
		op(p, len, i);
		t[i] = now() - t0;
	}
	ns = trimmed_mean(t, n);
	free(t);
	return ns;
}

/* Read-only and back: each sample times one call of each kind. */
static void do_mprotect(char *p, size_t len, int i)
{
	if (mprotect(p, len, PROT_READ) ||
	    mprotect(p, len, PROT_READ | PROT_WRITE))
		die("mprotect");
}

/* Between the two halves of [@p, @p + 2 * @len), one way and back. */
static void do_mremap(char *p, size_t len, int i)
{
	char *from = i & 1 ? p + len : p, *to = i & 1 ? p : p + len;

	if (mremap(from, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to) != to)
		die("mremap");
}

static void do_fork_exit(char *p, size_t len, int i)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || status)
		die("waitpid");
}

static double op_mprotect(void)
{
	size_t len = 256 * P;
	char *p = map(len, PROT_READ | PROT_WRITE);
	double ns;

	touch(p, len);
	ns = time_loop(do_mprotect, smoke ? 5 : 200, p, len) / 2;
	munmap(p, len);
	return ns;
}

static double op_dontneed(void)
{
	size_t len = 256 * P;
	int i, n = smoke ? 4 : 100;
	char *p = map(len, PROT_READ | PROT_WRITE);
	uint64_t t[100], t0;

	for (i = 0; i < n; i++) {
		touch(p, len);	/* not timed: only the zap is */
		t0 = now();
		if (madvise(p, len, MADV_DONTNEED))
			die("madvise");
		t[i] = now() - t0;
	}
	munmap(p, len);
	return trimmed_mean(t, n);
}

static double op_fork_exit(void)
{
	size_t len = (smoke ? 1 : 16) << 20;
	char *p = map(len, PROT_READ | PROT_WRITE);
	double ns;

	touch(p, len);
	ns = time_loop(do_fork_exit, smoke ? 2 : 20, p, len);
	munmap(p, len);
	return ns;
}

static double op_mremap(void)
{
	size_t len = 256 * P;
	char *p = map(2 * len, PROT_READ | PROT_WRITE);
	double ns;

	munmap(p + len, len);
	touch(p, len);
	ns = time_loop(do_mremap, smoke ? 10 : 400, p, len);
	munmap(p, 2 * len);
	return ns;
}

static int cmd_ops(const char *mode)
{
	int fd = -1, sync[2];
	pid_t helper = -1;
	char c;

	if (!strcmp(mode, "here")) {
		fd = sub_open();
		sub_attach(fd);
	} else if (!strcmp(mode, "elsewhere")) {
		/* A process of its own subscribes, then waits to be killed. */
		if (pipe(sync))
			die("pipe");
		helper = fork();
		if (helper < 0)
			die("fork");
		if (!helper) {
			char *p = map(P, PROT_READ | PROT_WRITE);

			fd = sub_open();
			sub_attach(fd);
			sub_insert(fd, (uintptr_t)p, P);
			if (write(sync[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		if (read(sync[0], &c, 1) != 1)
			die("the subscribing helper");
	} else if (strcmp(mode, "disarmed")) {
		fprintf(stderr, "mn_bench: ops disarmed|elsewhere|here\n");
		return 2;
	}

	printf("ops_%s: fault_munmap=%.1f mprotect=%.1f dontneed=%.1f fork_exit=%.1f mremap=%.1f\n",
	       mode, op_fault_munmap(), op_mprotect(), op_dontneed(),
	       op_fork_exit(), op_mremap());
	if (fd >= 0) {
		struct mn_bench_sub_counts n = sub_counts(fd);

		/* Every operation above invalidated this mm at least once. */
		if (n.starts < 5 || n.starts != n.ends) {
			fprintf(stderr, "mn_bench: ops here: %llu starts, %llu ends\n",
				(unsigned long long)n.starts,
				(unsigned long long)n.ends);
			return 1;
		}
	}

	if (helper > 0) {
		kill(helper, SIGKILL);
		waitpid(helper, NULL, 0);
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Interval scaling ------------------------------------------------------ */

static int cmd_intervals(unsigned long n)
{
	unsigned long targets = n < 64 ? n : 64, ops = smoke ? 8 : 256, i, k;
	uint64_t t0, t_unmap[256], t_prot[256], *t_each, calls;
	struct mn_bench_sub_counts c;
	double t_ins, t_rm;
	int fd = sub_open();
	char *span, *pg;
	__u32 *ids;

	if (!n || n > MN_BENCH_SUB_MAX) {
		fprintf(stderr, "mn_bench: intervals: 1 to %u\n",
			MN_BENCH_SUB_MAX);
		return 2;
	}
	ids = calloc(n, sizeof(*ids));
	t_each = calloc(n, sizeof(*t_each));
	if (!ids || !t_each)
		die("calloc");
	/*
	 * Interval i is the page at 2 * i; only the target pages are mapped,
	 * each a VMA of its own between PROT_NONE gaps, so that every size
	 * unmaps and protects the same kind of VMA.
	 */
	span = mmap(NULL, 2 * n * P, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (span == MAP_FAILED)
		die("mmap span");
	for (i = 0; i < targets; i++) {
		pg = span + 2 * (i * (n / targets)) * P;
		if (mprotect(pg, P, PROT_READ | PROT_WRITE))
			die("mprotect target");
		touch(pg, P);
	}

	for (i = 0; i < n; i++) {
		t0 = now();
		ids[i] = sub_insert(fd, (uintptr_t)span + 2 * i * P, P);
		t_each[i] = now() - t0;
	}
	t_ins = trimmed_mean(t_each, n);
	c = sub_counts(fd);

	/* The same number of operations at every size, over the targets. */
	for (i = 0; i < ops; i++) {
		k = (i % targets) * (n / targets);
		pg = span + 2 * k * P;
		t0 = now();
		if (munmap(pg, P))
			die("munmap target");
		t_unmap[i] = now() - t0;
		if (mmap(pg, P, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != pg)
			die("mmap target");
		touch(pg, P);

		t0 = now();
		if (mprotect(pg, P, PROT_READ) ||
		    mprotect(pg, P, PROT_READ | PROT_WRITE))
			die("mprotect target");
		t_prot[i] = now() - t0;
	}
	/* Each munmap and each mprotect called one interval. */
	calls = sub_counts(fd).invalidations - c.invalidations;
	if (calls < 3 * ops) {
		fprintf(stderr, "mn_bench: intervals: %llu invalidations for %lu operations\n",
			(unsigned long long)calls, 3 * ops);
		return 1;
	}

	for (i = 0; i < n; i++) {
		t0 = now();
		sub_remove(fd, ids[i]);
		t_each[i] = now() - t0;
	}
	t_rm = trimmed_mean(t_each, n);

	printf("intervals_%lu: insert=%.1f remove=%.1f munmap=%.1f mprotect=%.1f\n",
	       n, t_ins, t_rm,
	       trimmed_mean(t_unmap, ops), trimmed_mean(t_prot, ops) / 2);
	munmap(span, 2 * n * P);
	free(t_each);
	free(ids);
	close(fd);
	return 0;
}

/* Devices with a latency --------------------------------------------------- */

#define DEVICE_US	200

#ifdef TEST_MN_MIRROR_DEVICE
/* Guest ns per munmap of a page covered by @n devices, @flags passes. */
static double devices_munmap(unsigned long n, __u32 flags)
{
	struct test_mn_mirror_device d = {
		.length = 16 * P, .latency_us = DEVICE_US, .flags = flags,
	};
	int ops = smoke ? 2 : 32, i, fds[16];
	uint64_t t[32], t0;
	unsigned long k;
	char *span;

	span = map(16 * P, PROT_NONE);
	d.start = (uintptr_t)span;
	for (k = 0; k < n; k++) {
		fds[k] = dev_open();
		if (ioctl(fds[k], TEST_MN_MIRROR_DEVICE, &d))
			die("TEST_MN_MIRROR_DEVICE");
	}
	for (i = 0; i < ops; i++) {
		if (mmap(span, P, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != span)
			die("mmap target");
		touch(span, P);
		t0 = now();
		if (munmap(span, P))
			die("munmap target");
		t[i] = now() - t0;
	}
	for (k = 0; k < n; k++)
		close(fds[k]);
	munmap(span, 16 * P);
	return trimmed_mean(t, ops);
}
#endif

static int cmd_devices(unsigned long n)
{
	if (!n || n > 16) {
		fprintf(stderr, "mn_bench: devices: 1 to 16\n");
		return 2;
	}
#ifdef TEST_MN_MIRROR_DEVICE
	printf("devices_%lu: latency_us=%d one_pass=%.1f two_pass=%.1f\n", n,
	       DEVICE_US, devices_munmap(n, 0),
	       devices_munmap(n, TEST_MN_DEVICE_TWO_PASS));
#else
	printf("devices_%lu: unsupported=1\n", n);
#endif
	return 0;
}

/* A device mirror's fault path -------------------------------------------- */

#define HMM_DEV "/dev/hmm_dmirror0"
#define MIRROR_PAGES 256

struct invalidator {
	char *p;		/* pages of its own, none of the mirror's reads */
	volatile int stop;
	unsigned long ops;
};

static void *invalidate_loop(void *arg)
{
	struct invalidator *inv = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity (busy needs two CPUs)");
	while (!inv->stop) {
		if (mprotect(inv->p, 16 * P, PROT_READ) ||
		    mprotect(inv->p, 16 * P, PROT_READ | PROT_WRITE))
			die("mprotect (invalidator)");
		inv->ops += 2;
	}
	return NULL;
}

static int cmd_mirror(const char *mode)
{
	size_t len = MIRROR_PAGES * P;
	int n = smoke ? 4 : 100, i, fd, busy;
	char *p = map(len, PROT_READ | PROT_WRITE), *buf = map(len, PROT_READ | PROT_WRITE);
	struct invalidator inv = { 0 };
	unsigned long faults = 0;
	uint64_t t[100], t0;
	pthread_t thread;

	if (strcmp(mode, "alone") && strcmp(mode, "busy")) {
		fprintf(stderr, "mn_bench: mirror: alone or busy\n");
		return 2;
	}
	busy = !strcmp(mode, "busy");
	fd = open(HMM_DEV, O_RDWR);
	if (fd < 0)
		die("open " HMM_DEV);
	touch(p, len);
	if (busy) {
		inv.p = map(16 * P, PROT_READ | PROT_WRITE);
		touch(inv.p, 16 * P);
		if (pthread_create(&thread, NULL, invalidate_loop, &inv))
			die("pthread_create");
	}
	for (i = 0; i < n; i++) {
		struct hmm_dmirror_cmd cmd = {
			.addr = (uintptr_t)p, .ptr = (uintptr_t)buf,
			.npages = MIRROR_PAGES,
		};

		/* Not timed: drops the mirror's copies of the pages. */
		if (mprotect(p, len, PROT_READ) ||
		    mprotect(p, len, PROT_READ | PROT_WRITE))
			die("mprotect");
		t0 = now();
		if (ioctl(fd, HMM_DMIRROR_READ, &cmd))
			die("HMM_DMIRROR_READ");
		t[i] = now() - t0;
		if (cmd.cpages != MIRROR_PAGES || !cmd.faults) {
			fprintf(stderr, "mn_bench: mirror read %llu of %d pages with %llu faults\n",
				(unsigned long long)cmd.cpages, MIRROR_PAGES,
				(unsigned long long)cmd.faults);
			return 1;
		}
		faults += cmd.faults;
	}
	if (busy) {
		inv.stop = 1;
		pthread_join(thread, NULL);
		if (!inv.ops) {
			fprintf(stderr, "mn_bench: the invalidator never ran\n");
			return 1;
		}
	}
	printf("mirror_%s: pages=%d ns=%.1f faults=%lu invalidations=%lu\n", mode,
	       MIRROR_PAGES, trimmed_mean(t, n) / MIRROR_PAGES, faults, inv.ops);
	close(fd);
	munmap(p, len);
	munmap(buf, len);
	return 0;
}

/* Inserts and removes beside unrelated invalidations ---------------------- */

static int cmd_churn(unsigned long n)
{
	struct invalidator inv = { 0 };
	uint64_t t0, *t_each;
	double t_ins, t_rm;
	int fd = sub_open();
	pthread_t thread;
	unsigned long i;
	char *span;
	__u32 *ids;

	if (!n || n > MN_BENCH_SUB_MAX) {
		fprintf(stderr, "mn_bench: churn: 1 to %u\n",
			MN_BENCH_SUB_MAX);
		return 2;
	}
	if (smoke && n > 16)
		n = 16;
	ids = calloc(n, sizeof(*ids));
	t_each = calloc(n, sizeof(*t_each));
	if (!ids || !t_each)
		die("calloc");
	span = mmap(NULL, n * P, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (span == MAP_FAILED)
		die("mmap span");
	inv.p = map(16 * P, PROT_READ | PROT_WRITE);
	touch(inv.p, 16 * P);
	if (pthread_create(&thread, NULL, invalidate_loop, &inv))
		die("pthread_create");
	/* Until the invalidator runs, there is nothing to measure. */
	while (!*(volatile unsigned long *)&inv.ops)
		sched_yield();

	for (i = 0; i < n; i++) {
		t0 = now();
		ids[i] = sub_insert(fd, (uintptr_t)span + i * P, P);
		t_each[i] = now() - t0;
	}
	t_ins = trimmed_mean(t_each, n);
	for (i = 0; i < n; i++) {
		t0 = now();
		sub_remove(fd, ids[i]);
		t_each[i] = now() - t0;
	}
	t_rm = trimmed_mean(t_each, n);

	inv.stop = 1;
	pthread_join(thread, NULL);
	printf("churn_%lu: insert=%.1f remove=%.1f invalidations=%lu\n",
	       n, t_ins, t_rm, inv.ops);
	munmap(inv.p, 16 * P);
	munmap(span, n * P);
	free(t_each);
	free(ids);
	close(fd);
	return 0;
}

/* Exit -------------------------------------------------------------------- */

static int cmd_teardown(unsigned long n)
{
	size_t len = (smoke ? 1 : 16) << 20;
	int fd = dev_open(), ready[2], go[2], status;
	volatile uint64_t *stamp;
	struct counts c;
	uint64_t t1;
	unsigned long i;
	pid_t pid;
	char ch;

	if (n > TEST_MN_MAX_INTERVALS) {
		fprintf(stderr, "mn_bench: teardown: at most %u intervals\n",
			TEST_MN_MAX_INTERVALS);
		return 2;
	}
	stamp = mmap(NULL, P, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stamp == MAP_FAILED || pipe(ready) || pipe(go))
		die("setup");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		/* Three VMAs of populated memory under the intervals. */
		char *p = map(len, PROT_READ | PROT_WRITE);

		touch(p, len);
		if (mprotect(p + len / 2, P, PROT_READ))
			die("mprotect");
		attach(fd);
		for (i = 0; i < n; i++)
			insert(fd, (uintptr_t)p + (i % (len / P)) * P, P);
		if (write(ready[1], "x", 1) != 1 || read(go[0], &ch, 1) != 1)
			_exit(1);
		*stamp = now();
		_exit(0);
	}
	if (read(ready[0], &ch, 1) != 1)
		die("the exiting child");
	drain(fd);
	if (write(go[1], "x", 1) != 1)
		die("write");
	if (waitpid(pid, &status, 0) != pid || status)
		die("waitpid");
	t1 = now();
	c = drain(fd);
	/*
	 * The driver's log holds 65,536 records: at 100,000 intervals the exit
	 * overflows it, and the records it dropped count as callbacks too
	 * (interval_callbacks and releases then count only those logged).
	 */
	printf("teardown_%lu: intervals=%lu ns=%llu callbacks=%lu interval_callbacks=%lu releases=%lu lost=%lu\n",
	       n, n, (unsigned long long)(t1 - *stamp), c.records + c.lost,
	       c.interval, c.release, c.lost);
	close(fd);
	return 0;
}

/* Programs ---------------------------------------------------------------- */

static int cmd_exec(const char *name, char **argv)
{
	int status;
	uint64_t t0;
	pid_t pid;

	t0 = now();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		/* Its own output would read as figures: keep it on stderr. */
		dup2(2, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "mn_bench: %s failed (status %#x)\n", argv[0],
			status);
		return 1;
	}
	printf("%s: ns=%llu\n", name, (unsigned long long)(now() - t0));
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mn_bench [-s] ops disarmed|elsewhere|here\n"
		"       mn_bench [-s] intervals N\n"
		"       mn_bench [-s] teardown N\n"
		"       mn_bench [-s] devices N\n"
		"       mn_bench [-s] mirror alone|busy\n"
		"       mn_bench [-s] churn N\n"
		"       mn_bench exec NAME PROGRAM [ARG...]\n");
	exit(2);
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end)
		usage();
	return v;
}

/*
 * The mm workloads run on CPU 0, children included: where the scheduler
 * puts a forked child or a woken parent is not what is measured, and it
 * would vary from run to run.
 */
static void pin(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

int main(int argc, char **argv)
{
	P = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "-s")) {
		smoke = 1;
		argv++;
		argc--;
	}
	if (argc >= 4 && !strcmp(argv[1], "exec"))
		return cmd_exec(argv[2], argv + 3);
	if (argc != 3)
		usage();
	pin();
	if (!strcmp(argv[1], "ops"))
		return cmd_ops(argv[2]);
	if (!strcmp(argv[1], "intervals"))
		return cmd_intervals(number(argv[2]));
	if (!strcmp(argv[1], "teardown"))
		return cmd_teardown(number(argv[2]));
	if (!strcmp(argv[1], "devices"))
		return cmd_devices(number(argv[2]));
	if (!strcmp(argv[1], "mirror"))
		return cmd_mirror(argv[2]);
	if (!strcmp(argv[1], "churn"))
		return cmd_churn(number(argv[2]));
	usage();
	return 2;
}
