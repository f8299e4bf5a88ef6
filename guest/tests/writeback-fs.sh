# Sourced by wrappers, not a test: writeback_fs DIR mounts at DIR an ext2
# file system on a loop device backed by a file in /tmp, so that a shared
# file mapping there is written back (page_mkclean()) on msync(), which
# tmpfs and ramfs never do.  Prints what it did; fails the calling script
# (set -e) if a step fails.  writeback_fs_done unmounts it and frees the
# loop device.
#   . /t/sh/writeback-fs.sh; writeback_fs DIR; ...; writeback_fs_done
writeback_fs() {
	wb_dir=$1
	wb_img=/tmp/writeback-fs.img
	dd if=/dev/zero of=$wb_img bs=1M count=16 2>/dev/null
	wb_dev=$(losetup -f)
	losetup "$wb_dev" $wb_img
	mke2fs -F "$wb_dev" >/dev/null
	mkdir -p "$wb_dir"
	mount -t ext2 "$wb_dev" "$wb_dir"
	echo "# writeback: ext2 on $wb_dev mounted at $wb_dir"
}

writeback_fs_done() {
	umount "$wb_dir"
	losetup -d "$wb_dev"
	rm -f $wb_img
}
