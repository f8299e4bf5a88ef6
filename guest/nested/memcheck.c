// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of a nested guest (guest/nested/init): fill MiB of memory
 * with a pattern every guest computes alike, so that KSM on the host of
 * two such guests merges their pages, then check every word once a second
 * while rewriting one page in eight per pass (a COW break of a merged page;
 * the new contents again match the other guest's sooner or later, so the
 * pages merge again).  A word that does not hold what was last written to
 * it is reported with its page, offset, expected and found value, and the
 * program exits 1: a write lost, or a read served from a stale page.
 *
 *   memcheck MIB SECONDS
 *
 * Prints "memcheck: pass N ok" after each clean pass, "memcheck: done ok"
 * at the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE_WORDS (4096 / sizeof(uint64_t))

static uint64_t pattern(size_t page, size_t word, uint32_t gen)
{
	/* Identical in every guest; differs by page, word and generation. */
	return ((uint64_t)gen << 48) ^ ((uint64_t)page << 20) ^ (word * 0x9e3779b9u);
}

static void fill(uint64_t *p, size_t page, uint32_t gen)
{
	for (size_t w = 0; w < PAGE_WORDS; w++)
		p[w] = pattern(page, w, gen);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: memcheck MIB SECONDS\n");
		return 2;
	}
	size_t pages = strtoul(argv[1], NULL, 0) * 256;
	long secs = strtol(argv[2], NULL, 0);
	uint64_t *mem = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	uint32_t *gen = calloc(pages, sizeof(*gen));

	if (mem == MAP_FAILED || !gen || !pages || secs <= 0) {
		perror("memcheck");
		return 2;
	}
	for (size_t i = 0; i < pages; i++)
		fill(mem + i * PAGE_WORDS, i, 0);
	time_t end = time(NULL) + secs;
	for (unsigned long pass = 1; time(NULL) < end; pass++) {
		for (size_t i = 0; i < pages; i++) {
			uint64_t *p = mem + i * PAGE_WORDS;

			for (size_t w = 0; w < PAGE_WORDS; w++) {
				if (p[w] == pattern(i, w, gen[i]))
					continue;
				printf("memcheck: FAIL pass %lu page %zu word %zu: expected %#llx found %#llx\n",
				       pass, i, w,
				       (unsigned long long)pattern(i, w, gen[i]),
				       (unsigned long long)p[w]);
				fflush(stdout);
				return 1;
			}
			/* One page in eight, a different eighth each pass. */
			if ((i & 7) == (pass & 7))
				fill(p, i, ++gen[i]);
		}
		printf("memcheck: pass %lu ok\n", pass);
		fflush(stdout);
		sleep(1);
	}
	printf("memcheck: done ok\n");
	return 0;
}
