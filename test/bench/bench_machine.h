/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_machine.h - the machine the model's benchmarks share: one Normal
 * zone of 1048576 pages (4 GiB), era 6.12, orders 0..10, pageblock order
 * 9, one CPU, the per-CPU lists as mm_create() leaves them (off); and
 * the scene of the compaction benchmarks on it.
 */
#ifndef BUDDYSCOPE_BENCH_MACHINE_H
#define BUDDYSCOPE_BENCH_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gfp.h"
#include "mm.h"

#define PAGES_1M 1048576u

/* NULL with a message in err when mm_create() refuses or runs out of
 * memory. */
static inline struct machine *
bench_machine_1m(char *err, size_t errlen)
{
	struct machine_config cfg;

	mm_config_init(&cfg);
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = PAGES_1M;
	return mm_create(&cfg, err, errlen);
}

static inline int
bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The scene of the compaction benchmarks (bench_vm.c, bench_instr.c,
 * ab_compact.c): the zone filled with order-0 anonymous pages
 * (GFP_HIGHUSER_MOVABLE from PF_MEMALLOC, so that no watermark stops the
 * fill), their PFNs shuffled by xorshift64* from seed, the first half
 * freed, in ascending PFN order when sorted.  False with a message in
 * err.
 */
static inline bool
bench_half_free_scene(struct machine *m, uint64_t seed, bool sorted,
		      char *err, size_t errlen)
{
	uint64_t *p = malloc(PAGES_1M * sizeof(*p));
	struct alloc_request req;
	struct alloc_result res;
	unsigned long n = 0;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	mm_request_init(m, &req, 0);
	req.gfp = gfp_type_flag(ERA_6_12, GFPT_HIGHUSER_MOVABLE);
	req.ctx = CTX_MEMALLOC;
	req.owner = OWNER_ANON;
	req.owner_set = true;
	while (mm_alloc_pages(m, &req, &res) && n < PAGES_1M)
		p[n++] = res.pfn;
	for (unsigned long i = n - 1; n && i > 0; i--) {
		unsigned long j;
		uint64_t t;

		seed ^= seed >> 12;
		seed ^= seed << 25;
		seed ^= seed >> 27;
		j = (unsigned long)((seed * 0x2545f4914f6cdd1dull) % (i + 1));
		t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	if (sorted)
		qsort(p, n / 2, sizeof(*p), bench_cmp_u64);
	for (unsigned long i = 0; i < n / 2; i++)
		if (!mm_free_pages(m, p[i], err, errlen)) {
			free(p);
			return false;
		}
	free(p);
	return true;
}

#endif
