/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface of mn_bench_sub.ko (/dev/mn_bench_sub): a subscriber that does
 * the least a real one does, so that make bench compares the notifier cores
 * of the two kernels and not two versions of a test driver.  The module is
 * built from this same source against each kernel; see mn_bench_sub.c.
 *
 * Every subscription is on the mm of the process that makes the ioctl, and
 * is dropped when the file is closed.
 */
#ifndef MN_BENCH_SUB_H
#define MN_BENCH_SUB_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define MN_BENCH_SUB_DEV	"/dev/mn_bench_sub"

/* Interval subscriptions per file, at most. */
#define MN_BENCH_SUB_MAX	200000

struct mn_bench_sub_interval {
	__u64 start;
	__u64 length;
	__u32 id;		/* out: for MN_BENCH_SUB_REMOVE */
	__u32 pad;
};

/* Callbacks this file's subscriptions have had. */
struct mn_bench_sub_counts {
	__u64 starts;		/* classic ->invalidate_range_start() */
	__u64 ends;		/* classic ->invalidate_range_end() */
	__u64 releases;		/* classic ->release() */
	__u64 invalidations;	/* interval ->invalidate() */
};

/* A classic subscription (start, end, release); -EBUSY the second time. */
#define MN_BENCH_SUB_ATTACH	_IO('N', 0x40)
/* An interval subscription of [start, start + length). */
#define MN_BENCH_SUB_INSERT	_IOWR('N', 0x41, struct mn_bench_sub_interval)
/* Remove the interval subscription @id (a __u32). */
#define MN_BENCH_SUB_REMOVE	_IOW('N', 0x42, __u32)
#define MN_BENCH_SUB_COUNTS	_IOR('N', 0x43, struct mn_bench_sub_counts)

#endif
