/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mm.c - the buddy allocator model against numbers worked out by hand
 * from the kernel's formulas (reference sections 4, 5, 6, 7 and the
 * scenarios of section 11), in both eras.
 *
 * Every expected number below is computed in the comment next to it from
 * the kernel's formula, never copied from the model's output.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "compaction.h"
#include "mm.h"
#include "procfs.h"
#include "reclaim.h"
#include "save.h"

static char err[256];

/* A one-node x86-64 machine with the given zones (type, pages). */
static struct machine *
make(enum kernel_era era, unsigned n, const enum zone_type *t,
     const uint64_t *pages)
{
	struct machine_config cfg;
	struct machine *m;

	mm_config_init(&cfg);
	cfg.era = era;
	cfg.nr_zones = n;
	for (unsigned i = 0; i < n; i++) {
		cfg.zones[i].type = t[i];
		cfg.zones[i].spanned = pages[i];
	}
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "mm_create: %s", err);
	return m;
}

static struct machine *
make_normal(enum kernel_era era, uint64_t pages)
{
	enum zone_type t = ZONE_NORMAL;

	return make(era, 1, &t, &pages);
}

static void
assert_ok(const struct machine *m)
{
	ck_assert_msg(mm_check(m, err, sizeof(err)), "invariant: %s", err);
}

static int
zone_idx(const struct machine *m, const char *name)
{
	int z = mm_zone_by_name(m, name);

	ck_assert_int_ge(z, 0);
	return z;
}

static long
zone_free(const struct machine *m, const char *name)
{
	struct zone_info zi;

	ck_assert(mm_zone_info(m, (unsigned)zone_idx(m, name), &zi));
	return zi.free;
}

/* Allocate with no watermarks (PF_MEMALLOC) from zone class `zone` until
 * that zone has exactly `target` free pages. */
static void
drain_to(struct machine *m, const char *name, long target)
{
	int z = zone_idx(m, name);
	struct alloc_request req;
	struct alloc_result res;

	mm_request_init(m, &req, 0);
	req.ctx = CTX_MEMALLOC;
	req.zone = z;
	/* Movable, so ALLOC_NOFRAGMENT never sends it to a lower zone */
	req.gfp = gfp_type_flag(mm_era(m), GFPT_HIGHUSER_MOVABLE);
	/* and without waking kswapd, so tests can watch the wakeup */
	req.gfp &= ~GFPF_KSWAPD_RECLAIM;
	while (zone_free(m, name) > target) {
		long gap = zone_free(m, name) - target;

		req.order = 0;
		while (req.order < mm_max_order(m) && (2L << req.order) <= gap)
			req.order++;
		/* the largest block that fits the gap and is in this zone */
		for (;;) {
			bool ok = mm_alloc_pages(m, &req, &res);

			if (ok && res.zone == z)
				break;
			if (ok)
				ck_assert(mm_free_pages(m, res.pfn, err, sizeof(err)));
			ck_assert_msg(req.order > 0, "cannot drain %s", name);
			req.order--;
		}
	}
	ck_assert_int_eq(zone_free(m, name), target);
}

static bool
alloc_gfp(struct machine *m, enum gfp_type t, unsigned order,
	  struct alloc_result *res)
{
	struct alloc_request req;

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), t);
	return mm_alloc_pages(m, &req, res);
}

/* ---- watermarks: reference 4.1, 4.2, 11 (M1, M2) ---- */

START_TEST(test_m1_watermarks)
{
	/* M1: Normal 262144 pages.  min_free_kbytes = int_sqrt(1048576 kB *
	 * 16) = 4096 -> pages_min 1024; dist = max(1024/4, 262144*10/10000 =
	 * 262) = 262: min 1024, low 1286, high 1548, promo 1810. */
	struct machine *m = make_normal((enum kernel_era)_i, 262144);
	struct zone_info zi;
	struct mm_sysctl s;

	mm_get_sysctl(m, &s);
	ck_assert_int_eq(s.min_free_kbytes, 4096);
	ck_assert(mm_zone_info(m, (unsigned)zone_idx(m, "Normal"), &zi));
	ck_assert_uint_eq(zi.wmark[0], 1024);
	ck_assert_uint_eq(zi.wmark[1], 1286);
	ck_assert_uint_eq(zi.wmark[2], 1548);
	ck_assert_uint_eq(zi.wmark[3], 1810);
	ck_assert_int_eq(zi.free, 262144);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_m2_lowmem_reserve)
{
	/* M2: DMA32 262144 + Normal 786432 = 4 GiB of lowmem:
	 * min_free_kbytes = int_sqrt(4194304*16) = 8192 -> pages_min 2048.
	 * DMA32: min 2048*262144/1048576 = 512, dist max(128, 262) = 262
	 *        -> 512/774/1036.
	 * Normal: min 1536, dist max(384, 786) = 786 -> 1536/2322/3108.
	 * DMA32 protection[Normal] = 786432/256 = 3072 (ratio 256); the
	 * Movable and Device columns add 0 pages: 3072 too. */
	enum zone_type t[] = { ZONE_DMA32, ZONE_NORMAL };
	uint64_t p[] = { 262144, 786432 };
	struct machine *m = make((enum kernel_era)_i, 2, t, p);
	struct zone_info zi;
	int d32 = zone_idx(m, "DMA32"), n = zone_idx(m, "Normal");

	ck_assert(mm_zone_info(m, (unsigned)d32, &zi));
	ck_assert_uint_eq(zi.wmark[0], 512);
	ck_assert_uint_eq(zi.wmark[1], 774);
	ck_assert_uint_eq(zi.wmark[2], 1036);
	ck_assert_int_eq(zi.lowmem_reserve[d32], 0);
	ck_assert_int_eq(zi.lowmem_reserve[n], 3072);
	ck_assert_int_eq(zi.lowmem_reserve[mm_zone_by_name(m, "Movable")], 3072);
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_uint_eq(zi.wmark[0], 1536);
	ck_assert_uint_eq(zi.wmark[1], 2322);
	ck_assert_uint_eq(zi.wmark[2], 3108);
	ck_assert_int_eq(zi.lowmem_reserve[n], 0);

	/* S7: Normal free 1400, DMA32 free 3500.  GFP_KERNEL: Normal fails
	 * (1400 <= 1536 in the slow path) and DMA32 fails (3500 <= 512 +
	 * 3072 = 3584) -> no page.  GFP_DMA32 (reserve 0): 3500 > 774. */
	/* the lower zone first: while it has plenty, the fast path would
	 * serve Normal-class requests from it */
	drain_to(m, "DMA32", 3500);
	drain_to(m, "Normal", 1400);
	ck_assert_int_eq(zone_free(m, "DMA32"), 3500);
	{
		struct alloc_result res;

		ck_assert(!alloc_gfp(m, GFPT_KERNEL, 0, &res));
		ck_assert(alloc_gfp(m, GFPT_DMA32, 0, &res));
		ck_assert_int_eq(res.zone, d32);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_sampled_618_watermarks)
{
	/* The sampled 6.18 machine (reference 4.2): managed DMA 3840, DMA32
	 * 772808, Normal 458752, min_free_kbytes 67584 (THP-raised): DMA
	 * 52/65/78/91, DMA32 10569/13211/15853/18495, Normal
	 * 6274/7842/9410/10978, Movable 32/32/32/32; protection DMA (0,
	 * 3018, 4810, 4810, 4810), DMA32 (0, 0, 1792, 1792, 1792). */
	struct machine_config cfg;
	struct machine *m;
	struct zone_info zi;
	struct mm_sysctl s;

	mm_config_init(&cfg);
	cfg.nr_zones = 3;
	cfg.start_pfn = 1;
	cfg.zones[0] = (struct zone_config){ .type = ZONE_DMA, .spanned = 4095,
					     .managed = 3840 };
	cfg.zones[1] = (struct zone_config){ .type = ZONE_DMA32,
					     .spanned = 1044480,
					     .managed = 772808 };
	cfg.zones[2] = (struct zone_config){ .type = ZONE_NORMAL,
					     .spanned = 5505024,
					     .managed = 458752 };
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	mm_get_sysctl(m, &s);
	s.min_free_kbytes = 67584;
	ck_assert(mm_set_sysctl(m, &s, err, sizeof(err)));
	ck_assert(mm_zone_info(m, 0, &zi));
	ck_assert_uint_eq(zi.wmark[0], 52);
	ck_assert_uint_eq(zi.wmark[1], 65);
	ck_assert_uint_eq(zi.wmark[2], 78);
	ck_assert_uint_eq(zi.wmark[3], 91);
	ck_assert_int_eq(zi.lowmem_reserve[1], 3018);
	ck_assert_int_eq(zi.lowmem_reserve[2], 4810);
	ck_assert_int_eq(zi.lowmem_reserve[4], 4810);
	ck_assert(mm_zone_info(m, 1, &zi));
	ck_assert_uint_eq(zi.wmark[0], 10569);
	ck_assert_uint_eq(zi.wmark[1], 13211);
	ck_assert_uint_eq(zi.wmark[2], 15853);
	ck_assert_uint_eq(zi.wmark[3], 18495);
	ck_assert_int_eq(zi.lowmem_reserve[2], 1792);
	ck_assert(mm_zone_info(m, 2, &zi));
	ck_assert_uint_eq(zi.wmark[0], 6274);
	ck_assert_uint_eq(zi.wmark[1], 7842);
	ck_assert_uint_eq(zi.wmark[2], 9410);
	ck_assert_uint_eq(zi.wmark[3], 10978);
	ck_assert(mm_zone_info(m, 3, &zi));
	ck_assert_str_eq(zi.name, "Movable");
	ck_assert_uint_eq(zi.wmark[0], 32);
	ck_assert_uint_eq(zi.wmark[2], 32);
	mm_destroy(m);
}
END_TEST

/* ---- watermark edges: issue 2, reference 5.3 and S1 ---- */

START_TEST(test_atomic_edge)
{
	/* min 1000: GFP_ATOMIC may go to min - min/2 = 500, then - 500/4 =
	 * 375.  It succeeds while free > 375: at free 376 it passes, at 375
	 * it fails.  GFP_NOWAIT has no reserve: fails at free 1000. */
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	int n = zone_idx(m, "Normal");
	struct alloc_result res;

	ck_assert(mm_set_watermarks(m, (unsigned)n, 1000, 1200, 1400, err,
				    sizeof(err)));
	drain_to(m, "Normal", 1001);
	ck_assert(alloc_gfp(m, GFPT_NOWAIT, 0, &res));
	ck_assert(!alloc_gfp(m, GFPT_NOWAIT, 0, &res));
	ck_assert_int_eq(res.reason, FAIL_NO_RECLAIM);
	ck_assert_int_eq(res.fail_free, 1000);
	ck_assert_int_eq(res.fail_min, 1000);
	drain_to(m, "Normal", 376);
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	ck_assert_int_eq(zone_free(m, "Normal"), 375);
	ck_assert(!alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	ck_assert_int_eq(res.fail_min, 375);
	ck_assert_int_eq(res.fail_free, 375);
	/* GFP_KERNEL cannot go below min at all (slow path at min 1000). */
	ck_assert(!alloc_gfp(m, GFPT_KERNEL, 0, &res));
	/* PF_MEMALLOC ignores watermarks. */
	{
		struct alloc_request req;

		mm_request_init(m, &req, 0);
		req.ctx = CTX_MEMALLOC;
		ck_assert(mm_alloc_pages(m, &req, &res));
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s1_m1)
{
	/* S1 on M1 (min 1024, low 1286): at free 900 GFP_KERNEL fails the
	 * fast path (900 <= 1286) and the slow path (900 <= 1024); GFP_ATOMIC
	 * passes (min 1024 -> 512 -> 384) and wakes kswapd. */
	struct machine *m = make_normal((enum kernel_era)_i, 262144);
	struct alloc_result res;

	drain_to(m, "Normal", 900);
	ck_assert(!alloc_gfp(m, GFPT_KERNEL, 0, &res));
	ck_assert_int_eq(res.fail_min, 1024);
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	ck_assert(res.slowpath);
	ck_assert(mm_kswapd_awake(m));
	drain_to(m, "Normal", 385);
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	ck_assert(!alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	ck_assert_int_eq(res.fail_min, 384);
	mm_destroy(m);
}
END_TEST

/* ---- boot and split: reference 6.2, 6.5, S11 ---- */

START_TEST(test_boot_first_pfn)
{
	/* A fresh 8192-page Normal zone: 8 order-10 blocks.  6.12 puts boot
	 * chunks at the tail (list starts with PFN 0); 4.19 at the head
	 * (list starts with PFN 7168). */
	struct machine *m612 = make_normal(ERA_6_12, 8192);
	struct machine *m419 = make_normal(ERA_4_19, 8192);
	struct alloc_result res;
	struct zone_info zi;

	ck_assert(mm_zone_info(m612, (unsigned)zone_idx(m612, "Normal"), &zi));
	ck_assert_uint_eq(zi.nr_free[10], 8);
	ck_assert(alloc_gfp(m612, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 0);
	ck_assert(alloc_gfp(m419, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 7168);
	assert_ok(m612);
	assert_ok(m419);
	mm_destroy(m612);
	mm_destroy(m419);
}
END_TEST

START_TEST(test_expand_lifo)
{
	/* expand() keeps the low half: the first order-0 movable request on a
	 * fresh 6.12 zone returns 0 and puts 0x200 (o9), 0x100 (o8) ... 0x2
	 * (o1), 0x1 (o0) at list heads.  The next request takes 0x1 (LIFO),
	 * the next splits 0x2 -> returns 0x2, leaves 0x3 on the order-0 list. */
	struct machine *m = make_normal(ERA_6_12, 8192);
	int n = zone_idx(m, "Normal");
	struct alloc_result res;
	uint64_t pfns[4];

	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 0);
	for (unsigned o = 0; o < 10; o++) {
		ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, o,
						    MIGRATE_MOVABLE, pfns, 1), 1);
		ck_assert_uint_eq(pfns[0], 1u << o);
	}
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 1);
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 2);
	ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, 0, MIGRATE_MOVABLE,
					    pfns, 4), 1);
	ck_assert_uint_eq(pfns[0], 3);
	/* Order 1 from the order-2 block at 4: returns 4, 6 goes to o1. */
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 1, &res));
	ck_assert_uint_eq(res.pfn, 4);
	ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, 1, MIGRATE_MOVABLE,
					    pfns, 1), 1);
	ck_assert_uint_eq(pfns[0], 6);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_merge_s11)
{
	/* S11: take 0x1000..0x1007 as eight order-0 pages, keep 0x1004-0x1007
	 * and free 0x1000, 0x1001, 0x1002, then 0x1003: 0x1003 merges with
	 * 0x1002 (o0) -> 0x1002/o1, with 0x1000/o1 -> 0x1000/o2, and stops
	 * because 0x1004 is in use.  The order-3 buddy 0x1008 is not free,
	 * so the block goes to the head of the order-2 list. */
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	int n = zone_idx(m, "Normal");
	struct alloc_request req;
	struct alloc_result res;
	struct page_info pi;

	mm_request_init(m, &req, 0);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_HIGHUSER_MOVABLE);
	/* allocate everything, page by page */
	while (mm_alloc_pages(m, &req, &res))
		;
	req.ctx = CTX_MEMALLOC;
	while (mm_alloc_pages(m, &req, &res))
		;
	ck_assert_int_eq(zone_free(m, "Normal"), 0);
	ck_assert(mm_free_pages(m, 0x1000, err, sizeof(err)));
	ck_assert(mm_free_pages(m, 0x1001, err, sizeof(err)));
	ck_assert(mm_free_pages(m, 0x1002, err, sizeof(err)));
	ck_assert(mm_free_pages(m, 0x1003, err, sizeof(err)));
	ck_assert(mm_page_info(m, 0x1003, &pi));
	ck_assert_int_eq(pi.kind, PAGE_FREE);
	ck_assert_uint_eq(pi.block_pfn, 0x1000);
	ck_assert_uint_eq(pi.order, 2);
	ck_assert_uint_eq(mm_nr_free_mt(m, (unsigned)n, 2, MIGRATE_MOVABLE), 1);
	ck_assert_uint_eq(mm_nr_free_mt(m, (unsigned)n, 0, MIGRATE_MOVABLE), 0);
	/* Now free 0x1008..0x100f: they merge into 0x1008/o3.  Freeing
	 * 0x1004..0x1007 then merges everything into 0x1000/o4. */
	for (uint64_t p = 0x1008; p < 0x1010; p++)
		ck_assert(mm_free_pages(m, p, err, sizeof(err)));
	ck_assert(mm_page_info(m, 0x100c, &pi));
	ck_assert_uint_eq(pi.block_pfn, 0x1008);
	ck_assert_uint_eq(pi.order, 3);
	for (uint64_t p = 0x1004; p < 0x1008; p++)
		ck_assert(mm_free_pages(m, p, err, sizeof(err)));
	ck_assert(mm_page_info(m, 0x1001, &pi));
	ck_assert_uint_eq(pi.block_pfn, 0x1000);
	ck_assert_uint_eq(pi.order, 4);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_merge_tail_placement)
{
	/* buddy_merge_likely: free 0x1000/o0 while 0x1002/o1 is free (the
	 * buddy of the parent 0x1000/o1): the page goes to the order-0 tail.
	 * Set up: all allocated, free 0x1002, 0x1003 (-> 0x1002/o1), free 0x1005
	 * (head of o0), then 0x1000: tail, so the o0 list is 0x1005, 0x1000. */
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	int n = zone_idx(m, "Normal");
	struct alloc_request req;
	struct alloc_result res;
	uint64_t pfns[4];

	mm_request_init(m, &req, 0);
	req.ctx = CTX_MEMALLOC;
	while (mm_alloc_pages(m, &req, &res))
		;
	ck_assert_msg(mm_free_pages(m, 0x1002, err, sizeof(err)), "%s", err);
	ck_assert(mm_free_pages(m, 0x1003, err, sizeof(err)));
	ck_assert(mm_free_pages(m, 0x1005, err, sizeof(err)));
	ck_assert(mm_free_pages(m, 0x1000, err, sizeof(err)));
	ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, 0, MIGRATE_UNMOVABLE,
					    pfns, 4), 2);
	ck_assert_uint_eq(pfns[0], 0x1005);
	ck_assert_uint_eq(pfns[1], 0x1000);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ---- fallback: reference 7, S5 ---- */

static int extfrag_seen;
static struct mm_event last_extfrag;

static void
listen(const struct mm_event *ev, void *data)
{
	(void)data;
	if (ev->type == EV_FALLBACK) {
		extfrag_seen++;
		last_extfrag = *ev;
	}
}

START_TEST(test_s5_claim_whole_block)
{
	/* S5: no Unmovable/Reclaimable free pages, GFP_KERNEL order 0.
	 * 6.12: own lists empty -> claim from the largest Movable block
	 * (order 10 >= pageblock_order): both pageblocks re-typed Unmovable,
	 * page 0 handed out (6.12 boot order puts PFN 0 first), its halves
	 * 0x200/o9 ... 0x1/o0 on the Unmovable lists.  Trace:
	 * alloc_order=0 fallback_order=10 fragmenting=0 change_ownership=1.
	 * 4.19: the order-10 list head is the highest block 0x3fc00. */
	struct machine *m = make_normal((enum kernel_era)_i, 262144);
	int n = zone_idx(m, "Normal");
	uint64_t expect = _i == ERA_6_12 ? 0 : 0x3fc00;
	struct alloc_result res;
	uint64_t pfns[2];

	extfrag_seen = 0;
	mm_set_listener(m, listen, NULL);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
	ck_assert_uint_eq(res.pfn, expect);
	ck_assert_int_eq(extfrag_seen, 1);
	ck_assert_uint_eq(last_extfrag.order, 0);
	ck_assert_uint_eq(last_extfrag.block_order, 10);
	ck_assert_int_eq(last_extfrag.mt, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(last_extfrag.fallback_mt, MIGRATE_MOVABLE);
	ck_assert(last_extfrag.claimed);
	ck_assert_uint_eq(mm_nr_pageblocks(m, (unsigned)n, MIGRATE_UNMOVABLE), 2);
	ck_assert_uint_eq(mm_nr_pageblocks(m, (unsigned)n, MIGRATE_MOVABLE), 510);
	ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, 9, MIGRATE_UNMOVABLE,
					    pfns, 2), 1);
	ck_assert_uint_eq(pfns[0], expect + 0x200);
	ck_assert_uint_eq(mm_free_list_peek(m, (unsigned)n, 0, MIGRATE_UNMOVABLE,
					    pfns, 2), 1);
	ck_assert_uint_eq(pfns[0], expect + 1);
	/* No boost: the fallback was not fragmenting. */
	{
		struct zone_info zi;

		ck_assert(mm_zone_info(m, (unsigned)n, &zi));
		ck_assert_uint_eq(zi.boost, 0);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_highatomic_unreserve)
{
	/* Only a slow-path success reserves (ALLOC_HIGHATOMIC / 4.19
	 * ALLOC_HARDER come from gfp_to_alloc_flags): drain M1 below low,
	 * then GFP_ATOMIC order 2 succeeds at min (900 - 3 > 384) and its
	 * pageblock becomes HighAtomic: nr_reserved_highatomic = 512.
	 * Unreserving without force keeps the zone's last block; with force
	 * the block goes back to the requester's type (Movable here) and the
	 * reservation drops to 0. */
	struct machine *m = make_normal((enum kernel_era)_i, 262144);
	int n = zone_idx(m, "Normal");
	struct alloc_result res;
	struct zone_info zi;

	drain_to(m, "Normal", 900);
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 2, &res));
	ck_assert(res.slowpath);
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.nr_reserved_highatomic, 512);
	ck_assert_uint_eq(mm_nr_pageblocks(m, (unsigned)n, MIGRATE_HIGHATOMIC), 1);
	assert_ok(m);
	ck_assert(!mm_unreserve_highatomic(m, n, MIGRATE_MOVABLE, false));
	ck_assert(mm_unreserve_highatomic(m, n, MIGRATE_MOVABLE, true));
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.nr_reserved_highatomic, 0);
	ck_assert_uint_eq(mm_nr_pageblocks(m, (unsigned)n, MIGRATE_HIGHATOMIC), 0);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_cma_area)
{
	/* A 8192-page Normal zone with a 2048-page CMA area at its end: the
	 * last 4 pageblocks are CMA, their pages on the CMA lists (2 order-10
	 * blocks), counted in free but not usable by unmovable requests'
	 * watermark checks.  A movable request with ALLOC_CMA may use them
	 * once the Movable lists are empty; GFP_KERNEL never does. */
	struct machine_config cfg;
	struct machine *m;
	struct zone_info zi;

	mm_config_init(&cfg);
	cfg.era = (enum kernel_era)_i;
	cfg.cma = true;
	cfg.nr_zones = 1;
	cfg.zones[0] = (struct zone_config){ .type = ZONE_NORMAL, .spanned = 8192,
					     .cma_pages = 2048 };
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert(mm_zone_info(m, (unsigned)zone_idx(m, "Normal"), &zi));
	ck_assert_int_eq(zi.free, 8192);
	ck_assert_int_eq(zi.free_cma, 2048);
	ck_assert_uint_eq(mm_nr_free_mt(m, (unsigned)zone_idx(m, "Normal"), 10,
					MIGRATE_CMA), 2);
	ck_assert_uint_eq(mm_nr_pageblocks(m, (unsigned)zone_idx(m, "Normal"),
					   MIGRATE_CMA), 4);
	assert_ok(m);
	cfg.cma = false;
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	mm_destroy(m);
	/* The area must start on a pageblock boundary, as
	 * cma_init_reserved_mem() demands: with the zone at PFN 0x40040 its
	 * last 2048 pages start at 0x40040 + 8192 - 2048 = 0x41840, 64 pages
	 * past the pageblock at 0x41800.  It used to be accepted and freed
	 * as misaligned order-9 blocks (mm_check failed). */
	cfg.cma = true;
	cfg.start_pfn = 0x40040;
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	ck_assert_msg(strstr(err, "0x41840") && strstr(err, "pageblock"), "%s", err);
	cfg.start_pfn = 0x40000;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* A block of this order and GFP type from PF_MEMALLOC (no watermark),
 * anonymous if movable, else the kernel's; returns its first PFN. */
static uint64_t
take_movable(struct machine *m, enum gfp_type t, unsigned order)
{
	struct alloc_request req;
	struct alloc_result res;

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), t);
	req.ctx = CTX_MEMALLOC;
	req.owner = t == GFPT_HIGHUSER_MOVABLE ? OWNER_ANON : OWNER_KERNEL;
	req.owner_set = true;
	ck_assert(mm_alloc_pages(m, &req, &res));
	return res.pfn;
}

START_TEST(test_highatomic_pageblock_across_zones)
{
	/*
	 * A pageblock across a zone boundary, reserved for HighAtomic by the
	 * zone above it.  DMA32 is [0x40003, 0x40c8b) (3208 pages), Normal
	 * [0x40c8b, 0x4108b) (1024); pageblock_order 7, so the pageblock
	 * [0x40c80, 0x40d00) has 11 pages in DMA32 and 117 in Normal.
	 *
	 * DMA32 is filled.  Normal gives its 7 whole pageblocks 0x40d00 ..
	 * 0x41000 and the blocks of order 6, 5, 4 and 3 at 0x40cc0, 0x40ca0,
	 * 0x40c90 and 0x41080, leaving 0x40c8b (order 0), 0x40c8c (order 2),
	 * 0x41088 (order 1) and 0x4108a (order 0): 8 pages.  With Normal's
	 * watermarks at min 0, low 60, high 80, a GFP_ATOMIC order-2 request
	 * fails the fast path (8 < 60) and the slow path's ALLOC_HARDER
	 * takes the only block of order >= 2, 0x40c8c.
	 *
	 * 4.19: reserve_highatomic_pageblock() (max managed 1024/100 + 128 =
	 * 138 > 0) types the whole pageblock HighAtomic and counts 128 in
	 * Normal, none in DMA32 -- the kernel's state, which mm_check()
	 * refused: DMA32 saw a HighAtomic pageblock it had not reserved.
	 * 6.x: the reserve needs managed / 100 = 10 >= 128 pages, so none.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine_config cfg;
	struct alloc_request req;
	struct alloc_result res;
	struct zone_info zi;
	struct machine *m;
	int normal;

	mm_config_init(&cfg);
	cfg.era = era;
	cfg.pageblock_order = 7;
	cfg.max_page_order = 7;
	cfg.start_pfn = 0x40003;
	cfg.nr_zones = 2;
	cfg.zones[0] = (struct zone_config){ .type = ZONE_DMA32, .spanned = 3208 };
	cfg.zones[1] = (struct zone_config){ .type = ZONE_NORMAL, .spanned = 1024 };
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	mm_set_pcp(m, false);
	normal = zone_idx(m, "Normal");
	for (int i = 0; i < 3208; i++)
		take_movable(m, GFPT_DMA32, 0);
	for (int i = 0; i < 7; i++) {
		uint64_t pfn = take_movable(m, GFPT_HIGHUSER_MOVABLE, 7);

		ck_assert(pfn >= 0x40d00 && pfn <= 0x41000 && !(pfn & 0x7f));
	}
	ck_assert_uint_eq(take_movable(m, GFPT_HIGHUSER_MOVABLE, 6), 0x40cc0);
	ck_assert_uint_eq(take_movable(m, GFPT_HIGHUSER_MOVABLE, 5), 0x40ca0);
	ck_assert_uint_eq(take_movable(m, GFPT_HIGHUSER_MOVABLE, 4), 0x40c90);
	ck_assert_uint_eq(take_movable(m, GFPT_HIGHUSER_MOVABLE, 3), 0x41080);
	ck_assert_int_eq(zone_free(m, "Normal"), 8);
	ck_assert_int_eq(zone_free(m, "DMA32"), 0);
	ck_assert(mm_set_watermarks(m, (unsigned)normal, 0, 60, 80, err, sizeof(err)));

	mm_request_init(m, &req, 2);
	req.gfp = gfp_type_flag(era, GFPT_ATOMIC);
	ck_assert(mm_alloc_pages(m, &req, &res));
	ck_assert(res.slowpath);
	ck_assert_uint_eq(res.pfn, 0x40c8c);
	ck_assert(mm_zone_info(m, (unsigned)normal, &zi));
	ck_assert_int_eq(zi.nr_reserved_highatomic, era == ERA_4_19 ? 128 : 0);
	ck_assert_int_eq(mm_pageblock_type(m, 0x40c80) == MIGRATE_HIGHATOMIC,
			 era == ERA_4_19);
	ck_assert(mm_zone_info(m, (unsigned)zone_idx(m, "DMA32"), &zi));
	ck_assert_int_eq(zi.nr_reserved_highatomic, 0);
	assert_ok(m);
	if (era != ERA_4_19) {
		mm_destroy(m);
		return;
	}

	/*
	 * 4.19 goes on: DMA32 reserves a pageblock of its own, then gives
	 * back the shared one.  Freed, 0x40700..0x40703 (four order-0 pages
	 * of the DMA32 fill) merge into one order-2 block; with DMA32's
	 * watermarks at min 0, low 60, high 80, a GFP_ATOMIC | GFP_DMA32
	 * order-2 request takes it in the slow path and reserves pageblock
	 * 0x40700 (3208 / 100 + 128 = 160 > 0): DMA32 counts 128.  Freed,
	 * page 0x40c88 (DMA32's part of the shared pageblock) goes to DMA32's
	 * HighAtomic list, the only page on it; unreserve_highatomic_pageblock()
	 * forced for DMA32 takes that page, subtracts min(128, 128) from
	 * DMA32's count and gives the shared pageblock back (Movable),
	 * moving no page (the pageblock ends outside DMA32).  Now
	 * pageblock 0x40700 is HighAtomic with DMA32 counting 0, and Normal
	 * counts 128 with none: the kernel's own bookkeeping, as the counts
	 * follow the zone while the types follow the pageblock.  What holds
	 * is the machine's: HighAtomic pages 128 <= 0 + 128 reserved.
	 */
	{
		int dma32 = zone_idx(m, "DMA32");

		for (uint64_t pfn = 0x40700; pfn < 0x40704; pfn++)
			ck_assert(mm_free_pages(m, pfn, err, sizeof(err)));
		ck_assert(mm_set_watermarks(m, (unsigned)dma32, 0, 60, 80, err,
					    sizeof(err)));
		mm_request_init(m, &req, 2);
		req.gfp = gfp_type_flag(era, GFPT_ATOMIC) | GFPF_DMA32;
		ck_assert(mm_alloc_pages(m, &req, &res));
		ck_assert_uint_eq(res.pfn, 0x40700);
		ck_assert(mm_zone_info(m, (unsigned)dma32, &zi));
		ck_assert_int_eq(zi.nr_reserved_highatomic, 128);
		ck_assert_int_eq(mm_pageblock_type(m, 0x40700), MIGRATE_HIGHATOMIC);
		assert_ok(m);
		ck_assert(mm_free_pages(m, 0x40c88, err, sizeof(err)));
		/* move_freepages_block() moves nothing from a pageblock that
		 * ends outside the zone, so the call says false: but the
		 * count and the type have changed already */
		ck_assert(!mm_unreserve_highatomic(m, dma32, MIGRATE_MOVABLE, true));
		ck_assert_int_eq(mm_pageblock_type(m, 0x40c80), MIGRATE_MOVABLE);
		ck_assert_int_eq(mm_pageblock_type(m, 0x40700), MIGRATE_HIGHATOMIC);
		ck_assert(mm_zone_info(m, (unsigned)dma32, &zi));
		ck_assert_int_eq(zi.nr_reserved_highatomic, 0);
		ck_assert(mm_zone_info(m, (unsigned)normal, &zi));
		ck_assert_int_eq(zi.nr_reserved_highatomic, 128);
		assert_ok(m);
	}
	mm_destroy(m);
}
END_TEST

START_TEST(test_kswapd_wake_lowmem_reserve)
{
	/* Regression: pgdat_balanced() must use the lowmem_reserve of the
	 * request's highest zone.  DMA 4096 + Normal 262144 pages: DMA's
	 * protection for Normal-class requests is 262144/256 = 1024.
	 * min_free_kbytes = int_sqrt(266240 * 4 * 16) = 4127 -> pages_min
	 * 1031; Normal min = 1031 * 262144 / 266240 = 1015, dist = max(253,
	 * 262) = 262: low 1277, high 1539.  With DMA at 100 free and Normal
	 * at 1200, GFP_KERNEL fails the fast path in both zones and wakes
	 * kswapd: DMA is not balanced (100 <= its high + 1024) and neither
	 * is Normal (1200 <= 1539).  It then succeeds in the slow path
	 * (1200 > min 1015). */
	enum zone_type t[] = { ZONE_DMA, ZONE_NORMAL };
	uint64_t p[] = { 4096, 262144 };
	struct machine *m = make((enum kernel_era)_i, 2, t, p);
	struct zone_info zi;
	struct alloc_result res;

	ck_assert(mm_zone_info(m, 0, &zi));
	ck_assert_int_eq(zi.lowmem_reserve[zone_idx(m, "Normal")], 1024);
	drain_to(m, "DMA", 100);
	drain_to(m, "Normal", 1200);
	ck_assert(!mm_kswapd_awake(m));
	ck_assert(mm_zone_info(m, (unsigned)zone_idx(m, "Normal"), &zi));
	ck_assert_uint_eq(zi.wmark[0], 1015);
	ck_assert_uint_eq(zi.wmark[1], 1277);
	ck_assert_uint_eq(zi.wmark[2], 1539);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
	ck_assert(res.slowpath);
	ck_assert_int_eq(res.zone, zone_idx(m, "Normal"));
	ck_assert(mm_kswapd_awake(m));
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_movable_reclaimable_refused)
{
	/* Regression: __GFP_MOVABLE|__GFP_RECLAIMABLE would index the
	 * HighAtomic per-CPU list; the request is refused, nothing changes. */
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	struct alloc_request req;
	struct alloc_result res;
	uint64_t h = mm_state_hash(m);

	mm_request_init(m, &req, 0);
	req.gfp |= GFPF_MOVABLE | GFPF_RECLAIMABLE;
	ck_assert(!mm_alloc_pages(m, &req, &res));
	ck_assert_int_eq(res.reason, FAIL_BAD_MIGRATETYPE);
	ck_assert_uint_eq(h, mm_state_hash(m));
	mm_destroy(m);
}
END_TEST

START_TEST(test_small_machine_no_grouping)
{
	/* Reference 13.5: below pageblock_nr_pages * MIGRATE_TYPES = 512 * 5
	 * = 2560 pages mobility grouping is off and every request is
	 * Unmovable; at 2560 it is on. */
	struct machine *m = make_normal(ERA_6_12, 2048);
	struct machine *m2 = make_normal(ERA_6_12, 2560);

	ck_assert(!mm_group_by_mobility(m));
	ck_assert(mm_group_by_mobility(m2));
	mm_destroy(m);
	mm_destroy(m2);
}
END_TEST

START_TEST(test_order_too_large_and_bad_input)
{
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	struct alloc_result res;
	uint64_t h = mm_state_hash(m);

	ck_assert(!alloc_gfp(m, GFPT_KERNEL, 11, &res));
	ck_assert_int_eq(res.reason, FAIL_ORDER_TOO_LARGE);
	ck_assert(!mm_free_pages(m, 5, err, sizeof(err)));
	ck_assert(strstr(err, "does not start an allocated block") != NULL);
	ck_assert(!mm_free_pages(m, 1u << 20, err, sizeof(err)));
	ck_assert_uint_eq(h, mm_state_hash(m));
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_config_errors)
{
	struct machine_config cfg;

	mm_config_init(&cfg);
	cfg.nr_zones = 2;
	cfg.zones[0] = (struct zone_config){ .type = ZONE_NORMAL, .spanned = 10 };
	cfg.zones[1] = (struct zone_config){ .type = ZONE_DMA, .spanned = 10 };
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	ck_assert(strstr(err, "kernel order") != NULL);
	cfg.nr_zones = 1;
	cfg.zones[0].spanned = 0;
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	cfg.zones[0].spanned = 1ull << 40;
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	cfg.zones[0].spanned = 4096;
	cfg.max_page_order = 13;
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
	cfg.max_page_order = 10;
	cfg.zones[0].type = ZONE_HIGHMEM;	/* not on x86-64 */
	ck_assert(mm_create(&cfg, err, sizeof(err)) == NULL);
}
END_TEST

START_TEST(test_holes_and_reserved)
{
	/* A DMA zone like the real one: PFN 1..4095 (spanned 4095), a hole
	 * of 97 pages, managed 3840: 158 reserved pages.  Free = 3840. */
	struct machine_config cfg;
	struct machine *m;
	struct zone_info zi;
	struct page_info pi;

	mm_config_init(&cfg);
	cfg.start_pfn = 1;
	cfg.nr_zones = 1;
	cfg.zones[0] = (struct zone_config){ .type = ZONE_DMA, .spanned = 4095,
		.managed = 3840, .nr_holes = 1, .hole_start = { 0x9e },
		.hole_len = { 97 } };
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert(mm_zone_info(m, 0, &zi));
	ck_assert_uint_eq(zi.present, 3998);
	ck_assert_uint_eq(zi.managed, 3840);
	ck_assert_int_eq(zi.free, 3840);
	ck_assert(mm_page_info(m, 0x9f + 10, &pi));
	ck_assert_int_eq(pi.kind, PAGE_HOLE);
	ck_assert(mm_page_info(m, 1, &pi));
	ck_assert_int_eq(pi.kind, PAGE_ALLOCATED);
	ck_assert_int_eq(pi.owner, OWNER_RESERVED);
	ck_assert(!mm_free_pages(m, 1, err, sizeof(err)));
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_pcp_on)
{
	/* 6.12 per-CPU lists on a 262144-page zone: batch =
	 * rounddown_pow_of_two(64 + 32) - 1 = 63 (zone_batchsize: min(256,
	 * 262144/1024 = 256) / 4 = 64).  The first order-0 allocation refills
	 * the list (nr_pcp_alloc: high_min = low 1286 / 1 CPU = 1286, batch
	 * 63 << alloc_factor 0 = 63, max_nr_alloc = 1286 + 63 - 0 - 63 ...);
	 * pages on the list are free but not counted in NR_FREE_PAGES. */
	struct machine *m = make_normal(ERA_6_12, 262144);
	struct alloc_result res;
	struct zone_info zi;
	int n = zone_idx(m, "Normal");

	mm_set_pcp(m, true);
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.pcp_batch, 63);
	ck_assert_int_eq(zi.pcp_high_min, 1286);
	ck_assert_int_eq(zi.pcp_high_max, 262144 / 8);
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert_uint_eq(res.pfn, 0);
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.pcp_count, 62);
	ck_assert_int_eq(zi.free, 262144 - 63);
	assert_ok(m);
	ck_assert(mm_free_pages(m, 0, err, sizeof(err)));
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.pcp_count, 63);
	mm_drain_pcp(m);
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.pcp_count, 0);
	ck_assert_int_eq(zi.free, 262144);
	ck_assert_uint_eq(zi.nr_free[10], 256);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_pcp_counters_while_off)
{
	/* Regression: with the lists off, frees still halve alloc_factor as
	 * free_unref_page() does.  Thousands of order-0 allocations with the
	 * lists on grow alloc_factor (at most 5: CONFIG_PCP_BATCH_SCALE_MAX).
	 * Five frees with the lists off halve it five times: 0.  Switched on
	 * again, the first refill is batch << 0 = 63 pages (max_nr_alloc =
	 * high 1286 + 63 - 0 - 63 = 1286 allows it), one is handed out: 62
	 * stay on the list.  (high is back at high_min 1286 because the
	 * bypassed path clamped it to 0.)  Had the factor stayed at 5 the
	 * refill would be 63 << 5 = 2016 pages. */
	struct machine *m = make_normal(ERA_6_12, 262144);
	int n = zone_idx(m, "Normal");
	struct alloc_result res;
	struct zone_info zi;
	uint64_t held[5];

	mm_set_pcp(m, true);
	for (int i = 0; i < 3000; i++) {
		ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
		if (i < 5)
			held[i] = res.pfn;
	}
	mm_set_pcp(m, false);
	for (int i = 0; i < 5; i++)
		ck_assert(mm_free_pages(m, held[i], err, sizeof(err)));
	mm_set_pcp(m, true);
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	ck_assert(mm_zone_info(m, (unsigned)n, &zi));
	ck_assert_int_eq(zi.pcp_count, 62);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_clone_and_hash)
{
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	struct machine *c;
	struct alloc_result res;

	ck_assert(alloc_gfp(m, GFPT_KERNEL, 3, &res));
	c = mm_clone(m);
	ck_assert(c != NULL);
	ck_assert_uint_eq(mm_state_hash(m), mm_state_hash(c));
	ck_assert(alloc_gfp(c, GFPT_KERNEL, 0, &res));
	ck_assert_uint_ne(mm_state_hash(m), mm_state_hash(c));
	assert_ok(c);
	mm_destroy(c);
	mm_destroy(m);
}
END_TEST

/* The metric history: each sample agrees with the indices computed the
 * long way (frag_unusable_index, mm_fragmentation_score), oldest first,
 * and the ring keeps the newest MM_HISTORY. */
START_TEST(test_history_samples)
{
	struct machine *m = make_normal((enum kernel_era)_i, 8192);
	int z = mm_zone_by_name(m, "Normal");
	struct mm_sample *h = calloc(MM_HISTORY, sizeof(*h));
	struct alloc_result res;
	unsigned n;

	for (unsigned i = 0; i < MM_HISTORY + 10; i++) {
		ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, i % 4, &res));
		mm_history_sample(m);
	}
	n = mm_history(m, h, MM_HISTORY);
	ck_assert_uint_eq(n, MM_HISTORY);
	ck_assert_uint_eq(h[0].seq, 10);
	ck_assert_uint_eq(h[n - 1].seq, MM_HISTORY + 9);
	ck_assert_int_eq(h[n - 1].unusable9[z],
			 frag_unusable_index(m, (unsigned)z, mm_pageblock_order(m)));
	ck_assert_uint_eq(h[n - 1].score, mm_fragmentation_score(m));
	ck_assert_int_eq(h[n - 1].largest[z], mm_largest_free_order(m, (unsigned)z));
	ck_assert(h[n - 1].free[z] < h[0].free[z]);
	free(h);
	mm_destroy(m);
}
END_TEST


/* The machine image (save.h): a state built by every kind of operation
 * loads back to the same hash and the same image, then behaves the same:
 * the same requests get the same PFNs.  Every truncation is refused. */
START_TEST(test_image_round_trip)
{
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_normal(era, 4096), *l;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct alloc_request req;
	struct alloc_result r1, r2;
	int task;
	size_t used = 0;
	char msg[256];

	mm_set_pcp(m, true);
	mm_set_swap(m, 256);
	task = mm_task_get(m, "db", err, sizeof(err));
	for (unsigned i = 0; i < 400; i++) {
		mm_request_init(m, &req, i % 4);
		req.gfp = i % 3 ? gfp_type_flag(era, GFPT_HIGHUSER_MOVABLE)
				: gfp_type_flag(era, GFPT_KERNEL);
		req.owner = (enum page_owner)(i % OWNER_PINNED);
		req.owner_set = true;
		req.task = i % 5 == 0 ? task : 0;
		if (mm_alloc_pages(m, &req, &r1) && i % 3 == 1)
			mm_free_pages(m, r1.pfn, err, sizeof(err));
	}
	mm_compact_zone(m, (unsigned)mm_zone_by_name(m, "Normal"), -1,
			COMPACT_PRIO_SYNC_FULL, NULL);
	mm_kswapd_wake(m, 2);
	mm_kswapd_run(m, 100);
	for (unsigned i = 0; i < 40; i++)
		mm_history_sample(m);
	assert_ok(m);
	ck_assert(mm_save(m, &a));
	l = mm_load(a.buf, a.len, &used, msg, sizeof(msg));
	ck_assert_msg(l != NULL, "%s", msg);
	ck_assert_uint_eq(used, a.len);
	ck_assert_uint_eq(mm_state_hash(l), mm_state_hash(m));
	ck_assert(mm_save(l, &b));
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(memcmp(a.buf, b.buf, a.len) == 0);
	for (unsigned i = 0; i < 300; i++) {
		mm_request_init(m, &req, (i * 7) % 5);
		req.task = i % 4 == 0 ? task : 0;
		ck_assert_int_eq(mm_alloc_pages(m, &req, &r1), mm_alloc_pages(l, &req, &r2));
		ck_assert_uint_eq(r1.pfn, r2.pfn);
	}
	ck_assert_uint_eq(mm_state_hash(l), mm_state_hash(m));
	/* truncated anywhere: refused with a message, never a crash */
	for (size_t len = 0; len < a.len; len += len < 64 ? 1 : 4093) {
		msg[0] = '\0';
		ck_assert_ptr_null(mm_load(a.buf, len, &used, msg, sizeof(msg)));
		ck_assert_msg(msg[0] != '\0', "no message at length %zu", len);
	}
	ck_assert_ptr_null(mm_load(a.buf, a.len - 1, &used, msg, sizeof(msg)));
	ck_assert_msg(strstr(msg, "truncated"), "%s", msg);
	strbuf_release(&a);
	strbuf_release(&b);
	mm_destroy(l);
	mm_destroy(m);
}
END_TEST

/* ---- the random test: invariants after every operation ---- */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* The blocks the random test holds, kept in step with what reclaim, the
 * OOM killer and compaction free or move behind its back (the model's
 * EV_FREE and EV_MIGRATE events). */
struct held_set {
	uint64_t *pfn;
	uint32_t *pos;		/* by PFN: index + 1, 0 if not held */
	size_t n;
};

static void
held_add(struct held_set *h, uint64_t pfn)
{
	h->pfn[h->n] = pfn;
	h->pos[pfn] = (uint32_t)++h->n;
}

static void
held_del(struct held_set *h, uint64_t pfn)
{
	size_t k = h->pos[pfn] - 1;

	h->pos[pfn] = 0;
	h->pfn[k] = h->pfn[--h->n];
	if (k < h->n)
		h->pos[h->pfn[k]] = (uint32_t)k + 1;
}

static void
held_track(const struct mm_event *ev, void *data)
{
	struct held_set *h = data;

	if (ev->type == EV_FREE && ev->cause != FREE_BY_CALLER && h->pos[ev->pfn])
		held_del(h, ev->pfn);
	else if (ev->type == EV_MIGRATE && h->pos[ev->pfn]) {
		held_del(h, ev->pfn);
		held_add(h, ev->buddy_pfn);
	}
}

/* Every field of two results of the same request. */
static bool
same_result(const struct alloc_result *a, const struct alloc_result *b)
{
	return a->ok == b->ok && a->pfn == b->pfn && a->zone == b->zone &&
	       a->mt == b->mt && a->reason == b->reason &&
	       a->fail_zone == b->fail_zone && a->fail_free == b->fail_free &&
	       a->fail_min == b->fail_min && a->fail_reserve == b->fail_reserve &&
	       a->kswapd_woken == b->kswapd_woken && a->slowpath == b->slowpath &&
	       a->reclaimed == b->reclaimed &&
	       a->reclaim_rounds == b->reclaim_rounds &&
	       a->compact_rounds == b->compact_rounds &&
	       a->compact_result == b->compact_result &&
	       a->oom_killed == b->oom_killed && a->oom_victim == b->oom_victim &&
	       a->retries == b->retries && a->nofail_warned == b->nofail_warned &&
	       (a->detail == b->detail ||
		(a->detail && b->detail && !strcmp(a->detail, b->detail)));
}

/* The machine with a listener and its twin without one: same lists, same
 * counters, same kswapd state. */
static void
assert_twins(const struct machine *m, const struct machine *t, uint64_t seed,
	     long op)
{
	struct mm_vmstat a, b;
	struct kswapd_info ka, kb;

	mm_get_vmstat(m, &a);
	mm_get_vmstat(t, &b);
	mm_kswapd_info(m, &ka);
	mm_kswapd_info(t, &kb);
	ck_assert_msg(mm_state_hash(m) == mm_state_hash(t) &&
		      !memcmp(&a, &b, sizeof(a)) && !memcmp(&ka, &kb, sizeof(ka)),
		      "seed %llu op %ld: the machine without a listener is in "
		      "another state", (unsigned long long)seed, op);
}

static void
random_ops(enum kernel_era era, uint64_t pages, long ops, uint64_t seed,
	   bool pcp)
{
	struct machine *m = make_normal(era, pages);
	/* The twin gets the same operations without a listener: every result
	 * and the whole state must be the same, so the shortcuts the model
	 * takes when no one watches are exact. */
	struct machine *t = make_normal(era, pages);
	struct held_set h = { calloc(pages, sizeof(uint64_t)),
			      calloc(pages, sizeof(uint32_t)), 0 };
	static const enum gfp_type types[] = {
		GFPT_KERNEL, GFPT_ATOMIC, GFPT_NOWAIT, GFPT_HIGHUSER_MOVABLE,
		GFPT_USER, GFPT_NOFS,
	};
	int tasks[3];

	rng_state = seed;
	mm_set_pcp(m, pcp);
	mm_set_pcp(t, pcp);
	mm_set_listener(m, held_track, &h);
	mm_set_swap(m, pages / 8);
	mm_set_swap(t, pages / 8);
	tasks[0] = mm_task_get(m, "a", err, sizeof(err));
	tasks[1] = mm_task_get(m, "b", err, sizeof(err));
	tasks[2] = mm_task_get(m, "c", err, sizeof(err));
	for (int k = 0; k < 3; k++)
		ck_assert_int_eq(mm_task_get(t, k == 0 ? "a" : k == 1 ? "b" : "c",
					     err, sizeof(err)), tasks[k]);
	for (long i = 0; i < ops; i++) {
		uint64_t r = rng();

		if (r % 97 == 0) {
			/* the other half of the story: reclaim, compaction,
			 * page cache state, the OOM killer */
			switch (rng() % 6) {
			case 0: {
				unsigned o = (unsigned)(rng() % 4);

				mm_kswapd_wake(m, o);
				mm_kswapd_run(m, 1000);
				mm_kswapd_wake(t, o);
				mm_kswapd_run(t, 1000);
				break;
			}
			case 1: {
				unsigned zn = (unsigned)mm_zone_by_name(m, "Normal");
				int o = (int)(rng() % 11) - 1;
				enum compact_priority p = (enum compact_priority)(rng() % 3);

				ck_assert_int_eq(mm_compact_zone(m, zn, o, p, NULL),
						 mm_compact_zone(t, zn, o, p, NULL));
				break;
			}
			case 2: {
				int what = (int)(rng() % 3) + 1;

				mm_drop_caches(m, what);
				mm_drop_caches(t, what);
				break;
			}
			case 3:
				if (h.n) {
					uint64_t pfn = h.pfn[rng() % h.n];

					mm_set_dirty(m, pfn, true, NULL, 0);
					mm_set_dirty(t, pfn, true, NULL, 0);
				}
				break;
			case 4: {
				struct oom_result o, ot;

				ck_assert_int_eq(mm_out_of_memory(m, &o),
						 mm_out_of_memory(t, &ot));
				ck_assert_int_eq(o.task, ot.task);
				break;
			}
			default:
				mm_kcompactd_run(m);
				mm_kcompactd_run(t);
				break;
			}
		} else if (h.n && (r & 1)) {
			uint64_t pfn = h.pfn[rng() % h.n];

			ck_assert_msg(mm_free_pages(m, pfn, err, sizeof(err)),
				      "seed %llu op %ld: %s",
				      (unsigned long long)seed, i, err);
			ck_assert_msg(mm_free_pages(t, pfn, err, sizeof(err)),
				      "twin: seed %llu op %ld: %s",
				      (unsigned long long)seed, i, err);
			held_del(&h, pfn);
		} else {
			struct alloc_request req;
			struct alloc_result res, rt;
			bool ok;

			mm_request_init(m, &req, (unsigned)(rng() % 11) % 11);
			if (rng() % 4)
				req.order = (unsigned)(rng() % 4);
			req.gfp = gfp_type_flag(era, types[rng() % 6]);
			if (rng() % 3 == 0)
				req.gfp |= GFPF_RECLAIMABLE & ~GFPF_MOVABLE;
			if ((req.gfp & GFPF_MOVABLE) && (req.gfp & GFPF_RECLAIMABLE))
				req.gfp &= ~GFPF_RECLAIMABLE;
			req.ctx = (enum alloc_ctx)(rng() % NR_ALLOC_CTX);
			if (rng() % 4 == 0) {
				req.owner = (enum page_owner)(rng() % OWNER_RESERVED);
				req.owner_set = true;
			}
			req.task = tasks[rng() % 3] * (int)(rng() % 2);
			ok = mm_alloc_pages(m, &req, &res);
			ck_assert_int_eq(mm_alloc_pages(t, &req, &rt), ok);
			ck_assert_msg(same_result(&res, &rt),
				      "seed %llu op %ld: the machine without a "
				      "listener answered differently",
				      (unsigned long long)seed, i);
			if (ok)
				held_add(&h, res.pfn);
		}
		if (i % 64 == 0 || i == ops - 1)
			assert_twins(m, t, seed, i);
		if (!mm_check(m, err, sizeof(err)))
			ck_abort_msg("seed %llu op %ld era %s pcp %d: %s",
				     (unsigned long long)seed, i,
				     era_rules(era)->name, pcp, err);
	}
	free(h.pfn);
	free(h.pos);
	mm_destroy(m);
	mm_destroy(t);
}

START_TEST(test_random_invariants)
{
	/* 4 configurations x 2 eras: 1,000,000 operations in all (fewer
	 * under valgrind), each followed by mm_check(), each also done on a
	 * twin machine without a listener that must give the same results
	 * and end in the same state. */
	long ops = getenv("BS_VALGRIND") ? 2000 : 125000;
	enum kernel_era era = (enum kernel_era)_i;

	random_ops(era, 1024, ops, 1, false);	/* grouping disabled */
	random_ops(era, 4096, ops, 2, false);
	random_ops(era, 4096, ops, 3, true);
	random_ops(era, 6144, ops, 4, false);
}
END_TEST

static Suite *
mm_suite(void)
{
	Suite *s = suite_create("mm");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_m1_watermarks, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_image_round_trip, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_m2_lowmem_reserve, ERA_4_19, NR_ERAS);
	tcase_add_test(tc, test_sampled_618_watermarks);
	tcase_add_loop_test(tc, test_atomic_edge, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s1_m1, ERA_4_19, NR_ERAS);
	tcase_add_test(tc, test_boot_first_pfn);
	tcase_add_test(tc, test_expand_lifo);
	tcase_add_loop_test(tc, test_merge_s11, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_merge_tail_placement, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s5_claim_whole_block, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_highatomic_unreserve, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_cma_area, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_highatomic_pageblock_across_zones, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_kswapd_wake_lowmem_reserve, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_movable_reclaimable_refused, ERA_4_19, NR_ERAS);
	tcase_add_test(tc, test_small_machine_no_grouping);
	tcase_add_loop_test(tc, test_order_too_large_and_bad_input, ERA_4_19,
			    NR_ERAS);
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_holes_and_reserved);
	tcase_add_test(tc, test_pcp_on);
	tcase_add_test(tc, test_pcp_counters_while_off);
	tcase_add_loop_test(tc, test_clone_and_hash, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_history_samples, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("random");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_random_invariants, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(mm_suite());
}
