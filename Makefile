# MMU notifier series: build, boot and test it.  `make help` lists targets.
B       := build
TREE    := $(B)/linux
OBJ     := $(B)/obj
TESTS   := $(B)/tests
INITRD  := $(B)/initramfs.cpio.gz
KERNEL  := $(OBJ)/arch/x86/boot/bzImage
PLAN    ?= check

.PHONY: help deps tree export export-check kernel selftests initramfs guest \
	check check-debug check-kcsan run shell test-harness hygiene users cross bench bisect base-fixes pull-request \
	clean distclean

help:
	@echo "make run           build everything, boot, show the notifiers at work"
	@echo "make check         every suite; ends with 'N passed, N failed, N skipped'"
	@echo "make check-debug   the same on a KASAN/kmemleak kernel, plus a longer stress"
	@echo "make check-kcsan   the series' tests on a KCSAN kernel (data races)"
	@echo "make shell         boot the kernel to a busybox prompt"
	@echo "make tree          generate $(TREE): base + patches/ (refuses to drop unexported work)"
	@echo "make export        write the tree's commits to patches/"
	@echo "make export-check  fail when the tree holds work patches/ lacks"
	@echo "make kernel | selftests | initramfs    one build stage"
	@echo "make test-harness  the project's own unit tests"
	@echo "make hygiene       series applies + checkpatch --strict"
	@echo "make users         compile every user of the API under allmodconfig"
	@echo "make cross         the same, and each one's KVM, on $(CROSS_ARCHES)"
	@echo "make guest PLAN=x  boot and run guest/plans/x (after the builds)"
	@echo "make guest TEST=\"sh/mmu_notifier-tests.sh ksm_merge_precise; kvm/demand_paging_test\""
	@echo "                   boot and run just those tests (TIMEOUT=seconds each)"
	@echo "make bench         base and patched kernels side by side (results/bench.md)"
	@echo "make bisect        each patch builds; no new sparse/W=1 warning (~70 min)"
	@echo "make base-fixes    the base fixes' KUnit cases on the base, with and without each fix (~15 min)"
	@echo "make pull-request  request-pull summary; BUNDLE=file also writes a git bundle"

deps:
	@scripts/install-deps.sh

tree: deps
	@scripts/tree.sh $(TREE)

export:
	@scripts/export.sh $(TREE)

export-check:
	@scripts/export.sh --check $(TREE)

kernel: tree
	@scripts/build-kernel.sh $(TREE) $(OBJ)

selftests: kernel
	@scripts/build-selftests.sh $(TREE) $(OBJ) $(TESTS) guest/plans/*

initramfs: selftests
	@scripts/mkinitramfs.sh $(OBJ) $(TESTS) $(INITRD)

# make guest TEST="PROGRAM [ARGS][; ...]" [TIMEOUT=S]: just those tests,
# from a plan scripts/one-plan.sh writes to guest/plans/one (ignored).
ifneq ($(strip $(TEST)),)
PLAN := one
selftests: guest/plans/one
.PHONY: guest/plans/one
guest/plans/one:
	@scripts/one-plan.sh "$(TEST)" $(TIMEOUT) > $@.tmp && mv $@.tmp $@ || \
		{ rm -f $@.tmp; exit 1; }
endif

guest: initramfs
	@scripts/boot.sh $(KERNEL) $(INITRD) $(PLAN) $(B)/guest-$(PLAN) && \
		python3 scripts/ktap.py --known config/known-failures \
			--console $(B)/guest-$(PLAN)/console.log $(B)/guest-$(PLAN)/results.ktap

check:
	@scripts/check.sh --plan $(PLAN)

check-debug:
	@scripts/check.sh --plan $(PLAN) --debug

check-kcsan:
	@scripts/check.sh --plan kcsan --kcsan

run:
	@scripts/run.sh

bench:
	@scripts/bench.sh

base-fixes: deps
	@mkdir -p $(B); scripts/base-fixes.sh > $(B)/base-fixes.ktap; rc=$$?; \
		python3 scripts/ktap.py $(B)/base-fixes.ktap && exit $$rc

shell: initramfs
	@scripts/boot.sh $(KERNEL) $(INITRD) shell $(B)/shell

test-harness:
	@mkdir -p $(B); python3 tests/run.py > $(B)/harness.ktap || true; \
		python3 scripts/ktap.py $(B)/harness.ktap

users: tree
	@scripts/build-users.sh $(TREE) $(B)/obj-allmod > $(B)/users.ktap; \
		python3 scripts/ktap.py $(B)/users.ktap

CROSS_ARCHES ?= arm64 riscv64 powerpc64le s390x
cross: tree
	@scripts/install-deps.sh cross
	@for a in $(CROSS_ARCHES); do \
		scripts/build-users.sh $(TREE) $(B)/obj-allmod-$$a $$a > $(B)/users-$$a.ktap; \
	done; python3 scripts/ktap.py $(patsubst %,$(B)/users-%.ktap,$(CROSS_ARCHES))

hygiene: tree
	@scripts/check-series.sh $(TREE) > $(B)/series.ktap; \
		python3 scripts/ktap.py $(B)/series.ktap

bisect: tree
	@scripts/bisect-check.sh $(TREE) $(B)/bisect > $(B)/bisect.ktap; \
		python3 scripts/ktap.py $(B)/bisect.ktap

pull-request: tree
	@scripts/pull-request.sh $(TREE) $(BUNDLE)

clean:
	rm -rf $(OBJ) $(B)/obj-allmod $(TESTS) $(INITRD) $(B)/check $(B)/guest-* $(B)/run

distclean:
	@scripts/export.sh --check $(TREE) || \
		{ echo "refusing: $(TREE) holds unexported work"; exit 1; }
	rm -rf $(B)
