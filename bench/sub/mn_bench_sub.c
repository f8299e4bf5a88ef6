// SPDX-License-Identifier: GPL-2.0
/*
 * mn_bench_sub: the subscriber of make bench's "armed", interval and churn
 * rows.  Built out of tree, from this one source, against the base kernel
 * and against the patched one, so that both run the very same callbacks
 * and ioctls and a row's difference is the notifier core's (the series'
 * test driver records more of each call than the version the base kernel
 * carries).  Uses only the 6.12 API, which both kernels have.
 *
 * Each callback does what the cheapest real subscriber does: a classic
 * subscription counts its calls; an interval one takes its "driver lock"
 * around mmu_interval_set_seq(), as the read_begin/read_retry protocol
 * wants, and counts.  Interface: mn_bench_sub.h.
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "mn_bench_sub.h"

struct mbs_file {
	struct mm_struct *mm;		/* the opener's, grabbed */
	struct mmu_notifier classic;
	struct mutex attach_lock;	/* @attached and @classic */
	bool attached;
	/* The lock a mirroring driver would hold around its page tables. */
	spinlock_t seq_lock;
	struct xarray intervals;	/* id -> struct mbs_interval */
	atomic_t count;			/* entries of @intervals */
	atomic64_t starts, ends, releases, invalidations;
};

struct mbs_interval {
	struct mmu_interval_notifier sub;
	struct mbs_file *f;
};

static struct mbs_file *classic_file(struct mmu_notifier *mn)
{
	return container_of(mn, struct mbs_file, classic);
}

static int mbs_start(struct mmu_notifier *mn,
		     const struct mmu_notifier_range *range)
{
	atomic64_inc(&classic_file(mn)->starts);
	return 0;
}

static void mbs_end(struct mmu_notifier *mn,
		    const struct mmu_notifier_range *range)
{
	atomic64_inc(&classic_file(mn)->ends);
}

static void mbs_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	atomic64_inc(&classic_file(mn)->releases);
}

static const struct mmu_notifier_ops mbs_classic_ops = {
	.release = mbs_release,
	.invalidate_range_start = mbs_start,
	.invalidate_range_end = mbs_end,
};

static bool mbs_invalidate(struct mmu_interval_notifier *sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq)
{
	struct mbs_interval *iv = container_of(sub, struct mbs_interval, sub);

	spin_lock(&iv->f->seq_lock);
	mmu_interval_set_seq(sub, cur_seq);
	spin_unlock(&iv->f->seq_lock);
	atomic64_inc(&iv->f->invalidations);
	return true;
}

static const struct mmu_interval_notifier_ops mbs_interval_ops = {
	.invalidate = mbs_invalidate,
};

static int mbs_attach(struct mbs_file *f)
{
	int ret = -EBUSY;

	mutex_lock(&f->attach_lock);
	if (!f->attached) {
		f->classic.ops = &mbs_classic_ops;
		ret = mmu_notifier_register(&f->classic, f->mm);
		f->attached = !ret;
	}
	mutex_unlock(&f->attach_lock);
	return ret;
}

static int mbs_insert(struct mbs_file *f, void __user *uarg)
{
	struct mn_bench_sub_interval arg;
	struct mbs_interval *iv;
	int ret;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.pad)
		return -EINVAL;
	if (atomic_inc_return(&f->count) > MN_BENCH_SUB_MAX) {
		ret = -ENOSPC;
		goto out_count;
	}
	iv = kzalloc(sizeof(*iv), GFP_KERNEL);
	if (!iv) {
		ret = -ENOMEM;
		goto out_count;
	}
	iv->f = f;
	ret = mmu_interval_notifier_insert(&iv->sub, f->mm, arg.start,
					   arg.length, &mbs_interval_ops);
	if (ret)
		goto out_free;
	ret = xa_alloc(&f->intervals, &arg.id, iv, xa_limit_32b, GFP_KERNEL);
	if (ret)
		goto out_remove;
	if (copy_to_user(uarg, &arg, sizeof(arg))) {
		xa_erase(&f->intervals, arg.id);
		ret = -EFAULT;
		goto out_remove;
	}
	return 0;

out_remove:
	mmu_interval_notifier_remove(&iv->sub);
out_free:
	kfree(iv);
out_count:
	atomic_dec(&f->count);
	return ret;
}

static int mbs_remove(struct mbs_file *f, void __user *uarg)
{
	struct mbs_interval *iv;
	u32 id;

	if (get_user(id, (u32 __user *)uarg))
		return -EFAULT;
	iv = xa_erase(&f->intervals, id);
	if (!iv)
		return -ENOENT;
	mmu_interval_notifier_remove(&iv->sub);
	kfree(iv);
	atomic_dec(&f->count);
	return 0;
}

static int mbs_counts(struct mbs_file *f, void __user *uarg)
{
	struct mn_bench_sub_counts c = {
		.starts = atomic64_read(&f->starts),
		.ends = atomic64_read(&f->ends),
		.releases = atomic64_read(&f->releases),
		.invalidations = atomic64_read(&f->invalidations),
	};

	return copy_to_user(uarg, &c, sizeof(c)) ? -EFAULT : 0;
}

static long mbs_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct mbs_file *f = filp->private_data;
	void __user *uarg = (void __user *)arg;

	/* Subscriptions are made on the opener's mm, by the opener. */
	if (current->mm != f->mm)
		return -EINVAL;
	switch (cmd) {
	case MN_BENCH_SUB_ATTACH:
		return mbs_attach(f);
	case MN_BENCH_SUB_INSERT:
		return mbs_insert(f, uarg);
	case MN_BENCH_SUB_REMOVE:
		return mbs_remove(f, uarg);
	case MN_BENCH_SUB_COUNTS:
		return mbs_counts(f, uarg);
	}
	return -ENOTTY;
}

static int mbs_open(struct inode *inode, struct file *filp)
{
	struct mbs_file *f;

	if (!current->mm)
		return -EINVAL;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->mm = current->mm;
	mmgrab(f->mm);
	mutex_init(&f->attach_lock);
	spin_lock_init(&f->seq_lock);
	xa_init_flags(&f->intervals, XA_FLAGS_ALLOC);
	filp->private_data = f;
	return 0;
}

/* The last close: no ioctl runs any more. */
static int mbs_release_file(struct inode *inode, struct file *filp)
{
	struct mbs_file *f = filp->private_data;
	struct mbs_interval *iv;
	unsigned long id;

	xa_for_each(&f->intervals, id, iv) {
		xa_erase(&f->intervals, id);
		mmu_interval_notifier_remove(&iv->sub);
		kfree(iv);
	}
	xa_destroy(&f->intervals);
	/* Also after the exit released it: then it only waits for SRCU. */
	if (f->attached)
		mmu_notifier_unregister(&f->classic, f->mm);
	mmdrop(f->mm);
	kfree(f);
	return 0;
}

static const struct file_operations mbs_fops = {
	.owner = THIS_MODULE,
	.open = mbs_open,
	.release = mbs_release_file,
	.unlocked_ioctl = mbs_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice mbs_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mn_bench_sub",
	.fops = &mbs_fops,
};

module_misc_device(mbs_dev);
MODULE_DESCRIPTION("make bench: a minimal MMU notifier subscriber");
MODULE_LICENSE("GPL");
