/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_fallback.c - migratetype fallback and its side effects against
 * numbers worked out by hand from the kernel's formulas: the "half the
 * pageblock" claim rule and the single-buddy steal (reference 7.2-7.4,
 * scenario S6), watermark boosting (4.5, S2, 13.1) and the HighAtomic
 * reserve (5.3, 7.6, S8), in both eras.
 *
 * Every scenario builds an exact layout first:
 *
 *   1. fill_zone(): the whole zone allocated as pageblock-sized anonymous
 *      (LRU-movable) blocks by PF_MEMALLOC, so every pageblock is Movable
 *      and nothing is free;
 *   2. build_block(): one such allocation given back and its 512 pages
 *      allocated again one by one, with chosen GFP type and owners (the
 *      pages come out in ascending PFN order, asserted page by page);
 *   3. chosen PFNs freed; they merge with each other as the kernel's
 *      __free_one_page() would, which only changes how the free pages are
 *      split into buddies, never how many there are.
 *
 * Every expected number is computed in the comment next to it from the
 * kernel's code (function named), never copied from the model's output.
 * mm_check() runs after every scenario.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "mm.h"

#define PB 512u			/* pageblock_nr_pages, pageblock_order 9 */
#define NR_ORDERS 11		/* orders 0..10 in both eras */

static char err[256];

/* ---- machines and views ---- */

/* A one-node x86-64 machine with one Normal zone.  DMA32 is configured
 * but empty, which is enough for ALLOC_NOFRAGMENT (reference 13.4). */
static struct machine *
make_normal(enum kernel_era era, uint64_t pages)
{
	struct machine_config cfg;
	struct machine *m;

	mm_config_init(&cfg);
	cfg.era = era;
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = pages;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "mm_create: %s", err);
	return m;
}

static unsigned
normal_zone(const struct machine *m)
{
	int z = mm_zone_by_name(m, "Normal");

	ck_assert_int_ge(z, 0);
	return (unsigned)z;
}

static struct zone_info
zinfo(const struct machine *m)
{
	struct zone_info zi;

	ck_assert(mm_zone_info(m, normal_zone(m), &zi));
	return zi;
}

static long
zone_free(const struct machine *m)
{
	return zinfo(m).free;
}

static unsigned long
nr_free_mt(const struct machine *m, unsigned order, enum migratetype mt)
{
	return mm_nr_free_mt(m, normal_zone(m), order, mt);
}

static unsigned long
nr_blocks(const struct machine *m, enum migratetype mt)
{
	return mm_nr_pageblocks(m, normal_zone(m), mt);
}

static void
assert_ok(const struct machine *m)
{
	ck_assert_msg(mm_check(m, err, sizeof(err)), "invariant: %s", err);
}

/* The free lists of one type hold exactly want[order] blocks. */
static void
expect_lists(const struct machine *m, enum migratetype mt,
	     const unsigned long want[NR_ORDERS])
{
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_msg(nr_free_mt(m, o, mt) == want[o],
			      "%s order %u: %lu blocks, expected %lu",
			      migratetype_name(mt), o, nr_free_mt(m, o, mt),
			      want[o]);
}

static unsigned long
extfrag_events(const struct machine *m)
{
	struct mm_vmstat vs;

	mm_get_vmstat(m, &vs);
	return vs.extfrag_events;
}

/* ---- requests ---- */

static bool
alloc_req(struct machine *m, enum gfp_type t, unsigned order,
	  enum alloc_ctx ctx, enum page_owner owner, struct alloc_result *res)
{
	struct alloc_request req;

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), t);
	req.ctx = ctx;
	req.owner = owner;
	req.owner_set = true;
	return mm_alloc_pages(m, &req, res);
}

/* An ordinary request from process context; the owner follows the gfp. */
static bool
alloc_gfp(struct machine *m, enum gfp_type t, unsigned order,
	  struct alloc_result *res)
{
	struct alloc_request req;

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), t);
	return mm_alloc_pages(m, &req, res);
}

/* GFP_KERNEL|__GFP_NORETRY: one round of reclaim and compaction, no
 * should_reclaim_retry(), so the HighAtomic reserve is not returned
 * before the request fails (as it would be before an OOM kill). */
static bool
alloc_kernel_noretry(struct machine *m, unsigned order,
		     struct alloc_result *res)
{
	struct alloc_request req;

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_KERNEL) | GFPF_NORETRY;
	return mm_alloc_pages(m, &req, res);
}

static enum page_owner
owner_of(const struct machine *m, enum gfp_type t)
{
	return page_owner_from_gfp(gfp_type_flag(mm_era(m), t));
}

/* ---- layouts ---- */

/*
 * The whole zone as pageblock-sized anonymous blocks (order 9, Movable,
 * PF_MEMALLOC so no watermark stops it).  A Movable request never leaves
 * its own lists while they hold pages, so every pageblock stays Movable.
 */
static void
fill_zone(struct machine *m)
{
	struct alloc_result res;

	while (zone_free(m) > 0) {
		ck_assert(alloc_req(m, GFPT_HIGHUSER_MOVABLE, 9, CTX_MEMALLOC,
				    OWNER_ANON, &res));
		ck_assert_uint_eq(res.pfn % PB, 0);
	}
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_MOVABLE), zinfo(m).spanned / PB);
	ck_assert_uint_eq(extfrag_events(m), 0);
}

struct seg {
	unsigned n;
	enum page_owner owner;
};

/*
 * Give back the order-9 allocation at `start` (the zone must have nothing
 * else free) and allocate its 512 pages again, one order-0 request each,
 * with GFP type t and the owners of segs in PFN order.  The first request
 * takes the free order-9 buddy: a Movable request from its own list; an
 * Unmovable one by claiming it (__rmqueue_fallback / try_to_claim_block
 * with current_order >= pageblock_order: the pageblock is re-typed, no
 * counting, no boost because it is not fragmenting).  expand() keeps the
 * low half and puts each upper half at its list head, so the pages come
 * out in ascending order: start, start+1 (the order-0 half), start+2 (the
 * order-1 half split, leaving start+3), start+3, start+4, ...
 */
static void
build_block(struct machine *m, uint64_t start, enum gfp_type t,
	    const struct seg *segs, size_t nsegs)
{
	struct alloc_result res;
	struct page_info pi;
	uint64_t pfn = start;

	ck_assert_int_eq(zone_free(m), 0);
	ck_assert_msg(mm_free_pages(m, start, err, sizeof(err)), "%s", err);
	for (size_t s = 0; s < nsegs; s++) {
		uint64_t first = pfn;

		for (unsigned k = 0; k < segs[s].n; k++, pfn++) {
			ck_assert(alloc_req(m, t, 0, CTX_MEMALLOC, segs[s].owner,
					    &res));
			ck_assert_uint_eq(res.pfn, pfn);
		}
		ck_assert(mm_page_info(m, first, &pi));
		ck_assert_int_eq(pi.kind, PAGE_ALLOCATED);
		ck_assert_int_eq(pi.owner, segs[s].owner);
		ck_assert_uint_eq(pi.order, 0);
	}
	ck_assert_uint_eq(pfn, start + PB);
	ck_assert_int_eq(zone_free(m), 0);
}

/* A pageblock of 512 order-0 pages with one owner. */
static void
build_block_all(struct machine *m, uint64_t start, enum gfp_type t,
		enum page_owner owner)
{
	struct seg s = { PB, owner };

	build_block(m, start, t, &s, 1);
}

static void
free_range(struct machine *m, uint64_t start, unsigned n)
{
	for (uint64_t p = start; p < start + n; p++)
		ck_assert_msg(mm_free_pages(m, p, err, sizeof(err)),
			      "free 0x%lx: %s", (unsigned long)p, err);
}

/* Pages taken by set_free(), most recent last. */
static struct {
	uint64_t pfn[8192];
	size_t n;
} pool;

/*
 * Bring the zone to exactly `target` free pages: allocate order-0 pages
 * of type t by PF_MEMALLOC (from t's own lists: asserted, no fallback may
 * happen here, so the hand computations stay valid), or give back the
 * most recently taken ones.
 */
static void
set_free(struct machine *m, long target, enum gfp_type t)
{
	unsigned long frag = extfrag_events(m);
	struct alloc_result res;

	while (zone_free(m) > target) {
		ck_assert(pool.n < sizeof(pool.pfn) / sizeof(pool.pfn[0]));
		ck_assert(alloc_req(m, t, 0, CTX_MEMALLOC, owner_of(m, t), &res));
		pool.pfn[pool.n++] = res.pfn;
	}
	while (zone_free(m) < target) {
		ck_assert(pool.n > 0);
		pool.n--;
		ck_assert_msg(mm_free_pages(m, pool.pfn[pool.n], err, sizeof(err)),
			      "%s", err);
	}
	ck_assert_int_eq(zone_free(m), target);
	ck_assert_uint_eq(extfrag_events(m), frag);
}

/* ---- the event log ---- */

#define EVLOG_MAX 4096
static struct mm_event evlog[EVLOG_MAX];
static unsigned evlog_n;

static void
record_event(const struct mm_event *ev, void *data)
{
	(void)data;
	if (evlog_n < EVLOG_MAX)
		evlog[evlog_n++] = *ev;
}

static void
log_start(struct machine *m)
{
	evlog_n = 0;
	mm_set_listener(m, record_event, NULL);
}

static void
log_stop(struct machine *m)
{
	mm_set_listener(m, NULL, NULL);
	ck_assert_uint_lt(evlog_n, EVLOG_MAX);
}

static unsigned
count_events(enum mm_event_type t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < evlog_n; i++)
		n += evlog[i].type == t;
	return n;
}

/* Index of the nth (from 0) event of type t, -1 if none. */
static int
find_event(enum mm_event_type t, unsigned nth)
{
	for (unsigned i = 0; i < evlog_n; i++)
		if (evlog[i].type == t && nth-- == 0)
			return (int)i;
	return -1;
}

static const struct mm_event *
the_event(enum mm_event_type t)
{
	int i = find_event(t, 0);

	ck_assert_msg(i >= 0, "no event of type %d", (int)t);
	ck_assert_uint_eq(count_events(t), 1);
	return &evlog[i];
}

/* ==================================================================== */
/* S6: the "half the pageblock" rule (reference 7.2-7.4, 11 S6)         */
/* ==================================================================== */

/*
 * The S6 machine: Normal 4096 pages (8 pageblocks; >= 2560 so mobility
 * grouping is on, reference 13.5; managed 4096 >= 4 * 512 = 2048 so 6.12
 * boosts, 4.5).  vm.min_free_kbytes = 128 so the scenarios' 48..300 free
 * pages pass the fast path: pages_min = 128 >> 2 = 32, tmp = 32 * 4096 /
 * 4096 = 32, dist = max(32 / 4 = 8, 4096 * 10 / 10000 = 4) = 8 -> min
 * 32, low 40, high 48.  max_boost = max(512, 48 * 15000 / 10000 = 72) =
 * 512.  The test pageblock is block 1, PFN 512..1023.
 */
#define S6_BLOCK 512u

static struct machine *
make_s6(enum kernel_era era)
{
	struct machine *m = make_normal(era, 4096);
	struct mm_sysctl s;
	struct zone_info zi;

	mm_get_sysctl(m, &s);
	s.min_free_kbytes = 128;
	ck_assert_msg(mm_set_sysctl(m, &s, err, sizeof(err)), "%s", err);
	zi = zinfo(m);
	ck_assert_uint_eq(zi.wmark[0], 32);
	ck_assert_uint_eq(zi.wmark[1], 40);
	ck_assert_uint_eq(zi.wmark[2], 48);
	ck_assert(mm_group_by_mobility(m));
	fill_zone(m);
	return m;
}

START_TEST(test_s6a_claimed)
{
	/*
	 * (a) Movable block X: PFN 512..811 free (300), 812..961 anon (150
	 * LRU-movable), 962..1023 kernel (62 other).  The 300 free pages
	 * merge into 512/o8 (512..767), 768/o5, 800/o3, 808/o2 (256 + 32 +
	 * 8 + 4 = 300); no other page of the zone is free, so there are no
	 * Unmovable or Reclaimable free pages anywhere.
	 *
	 * GFP_KERNEL order 0 (Unmovable).  Fast path: 300 > low 40.
	 * 6.12: alloc_flags_nofragment() sets ALLOC_NOFRAGMENT (preferred
	 *   zone Normal, DMA32 configured): __rmqueue_claim scans only
	 *   orders 10..9 (none free) and __rmqueue_steal is skipped -> no
	 *   page; get_page_from_freelist retries without NOFRAGMENT.  Then
	 *   the claim scan from order 10 down finds X's order-8 buddy
	 *   (fallbacks[UNMOVABLE] = Reclaimable (empty), Movable; can_steal
	 *   for an Unmovable requester): try_to_steal_block boosts (+512 ->
	 *   512), counts free 300, movable 150: alike = 512 - 300 - 150 =
	 *   62, 300 + 62 = 362 >= 256 -> claimed: the four buddies move to
	 *   the Unmovable lists, the block becomes Unmovable and
	 *   __rmqueue_smallest(Unmovable) takes the smallest, 808/o2:
	 *   returns 808, leaves 810/o1 and 809/o0.  The extfrag event
	 *   reports the page handed out (808), fallback order 8.
	 * 4.19: __rmqueue_fallback finds the same order-8 buddy (512);
	 *   steal_suitable_fallback moves all 300 free pages to Unmovable,
	 *   362 >= 256 -> claimed; the retried __rmqueue_smallest takes the
	 *   same 808.  The event reports the stolen buddy's head, 512.  No
	 *   boost (added in 5.0).
	 * Both: fragmenting (fallback order 8 < pageblock_order 9),
	 * change_ownership = 1; Unmovable lists o8 512, o5 768, o3 800,
	 * o1 810, o0 809 = 299 pages; Movable lists empty.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_s6(era);
	static const struct seg segs[] = {
		{ 300, OWNER_ANON },	/* freed below */
		{ 150, OWNER_ANON },
		{ 62, OWNER_KERNEL },
	};
	static const unsigned long u_before[NR_ORDERS] = { 0 };
	static const unsigned long m_before[NR_ORDERS] = {
		[2] = 1, [3] = 1, [5] = 1, [8] = 1,
	};
	static const unsigned long u_after[NR_ORDERS] = {
		[0] = 1, [1] = 1, [3] = 1, [5] = 1, [8] = 1,
	};
	static const unsigned long none[NR_ORDERS] = { 0 };
	const struct mm_event *fb;
	struct alloc_result res;
	struct mm_vmstat vs0, vs1;

	build_block(m, S6_BLOCK, GFPT_HIGHUSER_MOVABLE, segs, 3);
	free_range(m, S6_BLOCK, 300);
	ck_assert_int_eq(zone_free(m), 300);
	expect_lists(m, MIGRATE_MOVABLE, m_before);
	expect_lists(m, MIGRATE_UNMOVABLE, u_before);
	expect_lists(m, MIGRATE_RECLAIMABLE, none);
	assert_ok(m);

	mm_get_vmstat(m, &vs0);
	log_start(m);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
	log_stop(m);
	mm_get_vmstat(m, &vs1);

	ck_assert_uint_eq(res.pfn, 808);
	ck_assert(!res.slowpath);
	fb = the_event(EV_FALLBACK);
	ck_assert_uint_eq(fb->pfn, era == ERA_6_12 ? 808 : 512);
	ck_assert_uint_eq(fb->order, 0);
	ck_assert_uint_eq(fb->block_order, 8);
	ck_assert_uint_lt(fb->block_order, mm_pageblock_order(m));
	ck_assert_int_eq(fb->mt, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(fb->fallback_mt, MIGRATE_MOVABLE);
	ck_assert(fb->claimed);
	ck_assert_int_eq(fb->count2, 362);
	ck_assert_uint_eq(vs1.extfrag_fragmenting - vs0.extfrag_fragmenting, 1);
	ck_assert_uint_eq(vs1.pageblock_claims - vs0.pageblock_claims, 1);
	ck_assert_int_eq(mm_pageblock_type(m, S6_BLOCK), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_UNMOVABLE), 1);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_MOVABLE), 7);
	expect_lists(m, MIGRATE_UNMOVABLE, u_after);
	expect_lists(m, MIGRATE_MOVABLE, none);
	ck_assert_int_eq(zone_free(m), 299);
	if (era == ERA_6_12) {
		int retry = find_event(EV_NOFRAGMENT_RETRY, 0);
		int boost = find_event(EV_BOOST, 0);

		ck_assert_uint_eq(count_events(EV_NOFRAGMENT_RETRY), 1);
		ck_assert_uint_eq(count_events(EV_BOOST), 1);
		/* nothing was tried before NOFRAGMENT was dropped */
		ck_assert_int_lt(retry, boost);
		ck_assert_int_lt(boost, find_event(EV_FALLBACK, 0));
		ck_assert_int_eq(evlog[boost].count, 512);
		ck_assert_uint_eq(zinfo(m).boost, 512);
	} else {
		ck_assert_uint_eq(count_events(EV_NOFRAGMENT_RETRY), 0);
		ck_assert_uint_eq(count_events(EV_BOOST), 0);
		ck_assert_uint_eq(zinfo(m).boost, 0);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s6b_not_claimed)
{
	/*
	 * (b) Movable block Y: PFN 512..611 free (100), 612..1011 anon
	 * (400), 1012..1023 kernel (12).  The free pages merge into 512/o6,
	 * 576/o5, 608/o2 (64 + 32 + 4).  alike = 512 - 100 - 400 = 12,
	 * 100 + 12 = 112 < 256 -> not claimed in either era.
	 *
	 * GFP_KERNEL order 0.  Fast path: 100 > low 40.
	 * 4.19: __rmqueue_fallback (largest first) finds 512/o6; since
	 *   can_steal, steal_suitable_fallback calls move_freepages_block,
	 *   which moves ALL 100 free pages to the Unmovable lists before the
	 *   threshold test; 112 < 256 leaves the block Movable.  The retried
	 *   __rmqueue_smallest(Unmovable) takes the smallest moved piece,
	 *   608/o2: returns 608, 610/o1 and 609/o0 on the Unmovable lists.
	 *   Unmovable lists: o6, o5, o1, o0 (99 pages); Movable: empty.
	 * 6.12: pass 1 with ALLOC_NOFRAGMENT: claim only at orders 10..9
	 *   (none free), no steal -> nothing, nothing boosted.  Pass 2
	 *   without it: __rmqueue_claim tries every fallback order from the
	 *   top: o6 (try_to_steal_block: boost, 112 < 256, fail), o5
	 *   (boost, fail), o2 (boost, fail): three boost_watermark() calls
	 *   (reference 13.1), each +512 but capped at max_boost 512.  Then
	 *   __rmqueue_steal from order 0 upward takes the smallest buddy,
	 *   608/o2, and expand()s it onto the Movable lists (the block's
	 *   type): returns 608, 610/o1 and 609/o0 stay Movable.  Movable
	 *   lists: o6, o5, o1, o0 (99 pages); Unmovable: empty.
	 * Both: fragmenting, change_ownership = 0, block stays Movable.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_s6(era);
	static const struct seg segs[] = {
		{ 100, OWNER_ANON },	/* freed below */
		{ 400, OWNER_PAGECACHE },
		{ 12, OWNER_SLAB },
	};
	static const unsigned long before[NR_ORDERS] = {
		[2] = 1, [5] = 1, [6] = 1,
	};
	static const unsigned long after[NR_ORDERS] = {
		[0] = 1, [1] = 1, [5] = 1, [6] = 1,
	};
	static const unsigned long none[NR_ORDERS] = { 0 };
	const struct mm_event *fb;
	struct alloc_result res;

	build_block(m, S6_BLOCK, GFPT_HIGHUSER_MOVABLE, segs, 3);
	free_range(m, S6_BLOCK, 100);
	ck_assert_int_eq(zone_free(m), 100);
	expect_lists(m, MIGRATE_MOVABLE, before);
	expect_lists(m, MIGRATE_UNMOVABLE, none);
	assert_ok(m);

	log_start(m);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
	log_stop(m);

	ck_assert_uint_eq(res.pfn, 608);
	ck_assert(!res.slowpath);
	fb = the_event(EV_FALLBACK);
	ck_assert_int_eq(fb->mt, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(fb->fallback_mt, MIGRATE_MOVABLE);
	ck_assert(!fb->claimed);
	ck_assert_int_eq(mm_pageblock_type(m, S6_BLOCK), MIGRATE_MOVABLE);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_MOVABLE), 8);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_UNMOVABLE), 0);
	ck_assert_uint_eq(count_events(EV_PAGEBLOCK_RETYPE), 0);
	ck_assert_int_eq(zone_free(m), 99);
	if (era == ERA_4_19) {
		/* the stolen buddy was 512/o6; free + alike = 112 */
		ck_assert_uint_eq(fb->pfn, 512);
		ck_assert_uint_eq(fb->block_order, 6);
		ck_assert_int_eq(fb->count2, 112);
		expect_lists(m, MIGRATE_UNMOVABLE, after);
		expect_lists(m, MIGRATE_MOVABLE, none);
		ck_assert_uint_eq(count_events(EV_BOOST), 0);
		ck_assert_uint_eq(zinfo(m).boost, 0);
	} else {
		int retry = find_event(EV_NOFRAGMENT_RETRY, 0);

		ck_assert_uint_eq(fb->pfn, 608);
		ck_assert_uint_eq(fb->block_order, 2);
		expect_lists(m, MIGRATE_MOVABLE, after);
		expect_lists(m, MIGRATE_UNMOVABLE, none);
		ck_assert_uint_eq(count_events(EV_NOFRAGMENT_RETRY), 1);
		ck_assert_uint_eq(count_events(EV_BOOST), 3);
		/* no claim attempt (so no boost) in the NOFRAGMENT pass */
		ck_assert_int_lt(retry, find_event(EV_BOOST, 0));
		ck_assert_int_eq(evlog[find_event(EV_BOOST, 0)].count2, 0);
		ck_assert_int_eq(evlog[find_event(EV_BOOST, 2)].count, 512);
		ck_assert_int_eq(evlog[find_event(EV_BOOST, 2)].mark, 512);
		ck_assert_uint_eq(zinfo(m).boost, 512);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s6c_movable_small_buddy)
{
	/*
	 * (c) A MOVABLE request falling back into an Unmovable block whose
	 * free buddies are all order 2.  Block U (PFN 512..1023) is built
	 * by GFP_KERNEL (claimed whole at order 9, re-typed Unmovable), then
	 * twelve order-2 buddies are freed: 512+8k .. 512+8k+3 for k = 11
	 * down to 0 (the other half of each 8 stays allocated, so nothing
	 * merges beyond order 2).  Each new order-2 block goes to the list
	 * head (buddy_merge_likely: its order-3 buddy is not a free order-3
	 * block), so the order-2 Unmovable list starts with 512.  Free = 48
	 * > low 40: the fast path passes; no Movable or Reclaimable page is
	 * free anywhere.
	 *
	 * GFP_HIGHUSER_MOVABLE order 0: can_steal_fallback(2, MOVABLE) is
	 * false (order 2 < pageblock_order / 2 = 4 and the requester is
	 * Movable).
	 * 4.19: __rmqueue_fallback finds order 2 first from the top; !can_steal
	 *   && Movable && 2 > 0 -> find_smallest: orders 0, 1 empty, order 2
	 *   -> steal_suitable_fallback(whole_block = false) -> single_page:
	 *   512/o2 list_move()d to the Movable list; the retry splits it
	 *   onto the Movable lists: returns 512, 514/o1 and 513/o0 Movable.
	 * 6.12: NOFRAGMENT pass: nothing at orders 10..9, no steal.  Retry:
	 *   __rmqueue_claim meets order 2 with can_steal false and stops
	 *   (break) before try_to_steal_block, so no boost (13.1);
	 *   __rmqueue_steal takes 512/o2 and splits it onto the Unmovable
	 *   lists (the block's type): returns 512, 514/o1 and 513/o0 stay
	 *   Unmovable.
	 * Both: block stays Unmovable; change_ownership = 0; fragmenting.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_s6(era);
	static const unsigned long u_before[NR_ORDERS] = { [2] = 12 };
	static const unsigned long u_419[NR_ORDERS] = { [2] = 11 };
	static const unsigned long m_419[NR_ORDERS] = { [0] = 1, [1] = 1 };
	static const unsigned long u_612[NR_ORDERS] = {
		[0] = 1, [1] = 1, [2] = 11,
	};
	static const unsigned long none[NR_ORDERS] = { 0 };
	const struct mm_event *fb;
	struct alloc_result res;
	uint64_t head;

	build_block_all(m, S6_BLOCK, GFPT_KERNEL, OWNER_KERNEL);
	ck_assert_int_eq(mm_pageblock_type(m, S6_BLOCK), MIGRATE_UNMOVABLE);
	for (int k = 11; k >= 0; k--)
		free_range(m, S6_BLOCK + 8u * (unsigned)k, 4);
	ck_assert_int_eq(zone_free(m), 48);
	expect_lists(m, MIGRATE_UNMOVABLE, u_before);
	expect_lists(m, MIGRATE_MOVABLE, none);
	ck_assert_uint_eq(mm_free_list_peek(m, normal_zone(m), 2,
					    MIGRATE_UNMOVABLE, &head, 1), 1);
	ck_assert_uint_eq(head, 512);
	ck_assert_uint_eq(zinfo(m).boost, 0);
	assert_ok(m);

	log_start(m);
	ck_assert(alloc_gfp(m, GFPT_HIGHUSER_MOVABLE, 0, &res));
	log_stop(m);

	ck_assert_uint_eq(res.pfn, 512);
	ck_assert(!res.slowpath);
	fb = the_event(EV_FALLBACK);
	ck_assert_uint_eq(fb->pfn, 512);
	ck_assert_uint_eq(fb->order, 0);
	ck_assert_uint_eq(fb->block_order, 2);
	ck_assert_int_eq(fb->mt, MIGRATE_MOVABLE);
	ck_assert_int_eq(fb->fallback_mt, MIGRATE_UNMOVABLE);
	ck_assert(!fb->claimed);
	ck_assert_int_eq(mm_pageblock_type(m, S6_BLOCK), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(count_events(EV_BOOST), 0);
	ck_assert_uint_eq(count_events(EV_MOVE_FREEPAGES), 0);
	ck_assert_uint_eq(zinfo(m).boost, 0);
	ck_assert_int_eq(zone_free(m), 47);
	if (era == ERA_4_19) {
		expect_lists(m, MIGRATE_UNMOVABLE, u_419);
		expect_lists(m, MIGRATE_MOVABLE, m_419);
		ck_assert_uint_eq(count_events(EV_NOFRAGMENT_RETRY), 0);
	} else {
		expect_lists(m, MIGRATE_UNMOVABLE, u_612);
		expect_lists(m, MIGRATE_MOVABLE, none);
		ck_assert_uint_eq(count_events(EV_NOFRAGMENT_RETRY), 1);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* S8: the HighAtomic reserve (reference 5.3, 7.6, 11 S8, 13.2)         */
/* ==================================================================== */

/*
 * M1: Normal 262144 pages: min 1024, low 1286, high 1548 (test_mm
 * checks these); managed / 100 = 2621.
 *
 * How to make each atomic allocation land in a fresh pageblock: every
 * candidate block B has exactly one free buddy, of order 2.  The atomic
 * order-2 request takes it, reserve_highatomic_pageblock() turns B into
 * HighAtomic with no free pages left in it, so the next atomic request
 * finds nothing on the HighAtomic lists (4.19 tries them first) and takes
 * the next B's buddy from the Unmovable lists.
 */
START_TEST(test_s8_highatomic_limit)
{
	/*
	 * Blocks 1..8 (B_k at PFN 512k) are built by GFP_KERNEL (Unmovable)
	 * and each gets one free order-2 buddy, B_k .. B_k+3, freed for k = 8
	 * down to 1 so the order-2 Unmovable list reads 512, 1024, ... 4096.
	 * One more anonymous pageblock (block 100) is given back as free
	 * Movable memory.  free = 8 * 4 + 512 = 544.
	 *
	 * GFP_ATOMIC order 2, k-th time (free = 544 - 4(k-1) >= 516):
	 * fast path (LOW, no reserves): 4.19 544 - 3 - reserved <= 1286,
	 * 6.12 544 - 3 - 0 free highatomic <= 1286 -> fail, so only the
	 * slow path succeeds, which is where the reserve is taken (4.19
	 * ALLOC_HARDER, 6.12-stable ALLOC_HIGHATOMIC = order > 0, no direct
	 * reclaim, __GFP_HIGH).  Slow path: min 1024 -> 512 -> 384 and no
	 * reserve subtracted: 544 - 3 > 384 (down to 516 - 3 > 384).  The
	 * page comes from the Unmovable order-2 list head: PFN 512k (4.19
	 * tries the HighAtomic lists first: empty; 6.12 goes through the
	 * per-CPU refill, own lists first, 13.2).
	 *
	 * reserve_highatomic_pageblock():
	 * 4.19: max_managed = 2621 + 512 = 3133; reserve while
	 *   nr_reserved_highatomic < 3133: 0, 512, ..., 3072 -> the 7th
	 *   block still gets in (3072 < 3133) -> 3584; the 8th does not.
	 * 6.12-stable: 2621 >= 512, max_managed = ALIGN(2621, 512) = 3072;
	 *   reserve while < 3072: the 6th -> 3072; 7th and 8th do not.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_normal(era, 262144);
	unsigned cap = era == ERA_4_19 ? 7 : 6;
	long max_managed = era == ERA_4_19 ? 3133 : 3072;
	struct alloc_result res;

	fill_zone(m);
	for (unsigned k = 1; k <= 8; k++)
		build_block_all(m, PB * k, GFPT_KERNEL, OWNER_KERNEL);
	for (unsigned k = 8; k >= 1; k--)
		free_range(m, PB * k, 4);
	ck_assert(mm_free_pages(m, PB * 100, err, sizeof(err)));
	ck_assert_int_eq(zone_free(m), 544);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_UNMOVABLE), 8);
	ck_assert_uint_eq(nr_free_mt(m, 2, MIGRATE_UNMOVABLE), 8);
	assert_ok(m);

	for (unsigned k = 1; k <= 8; k++) {
		unsigned want = k < cap ? k : cap;
		struct zone_info zi;

		log_start(m);
		ck_assert_msg(alloc_gfp(m, GFPT_ATOMIC, 2, &res),
			      "atomic #%u failed", k);
		log_stop(m);
		ck_assert(res.slowpath);
		ck_assert_uint_eq(res.pfn, PB * k);
		zi = zinfo(m);
		ck_assert_int_eq(zi.free, 544 - 4 * (long)k);
		ck_assert_int_eq(zi.nr_reserved_highatomic, 512L * want);
		ck_assert_int_eq(zi.nr_free_highatomic, 0);
		ck_assert_uint_eq(nr_blocks(m, MIGRATE_HIGHATOMIC), want);
		ck_assert_int_eq(mm_pageblock_type(m, PB * k),
				 k <= cap ? MIGRATE_HIGHATOMIC : MIGRATE_UNMOVABLE);
		if (k <= cap) {
			const struct mm_event *ev = the_event(EV_HIGHATOMIC_RESERVE);

			ck_assert_uint_eq(ev->pfn, PB * k);
			ck_assert_int_eq(ev->count, 512L * k);
			ck_assert_int_eq(ev->mark, max_managed);
		} else {
			ck_assert_uint_eq(count_events(EV_HIGHATOMIC_RESERVE), 0);
		}
		ck_assert_uint_eq(count_events(EV_FALLBACK), 0);
	}
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_UNMOVABLE), 8 - cap);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s8_reserve_in_watermark)
{
	/*
	 * Block B (PFN 512..1023) built by GFP_KERNEL, 512..575 freed
	 * (512/o6 on the Unmovable list); blocks 2..5 (PFN 1024..3071)
	 * given back as free Movable memory (they merge into 1024/o10 and
	 * 2048/o10).  set_free() then takes Movable pages down to free 1000.
	 *
	 * 1. GFP_ATOMIC order 2 at free 1000: fast path 1000 - 3 <= 1286
	 *    fails; slow path 997 > 384 -> the Unmovable list's 512/o6 is
	 *    split: returns 512, leaves 516/o2, 520/o3, 528/o4, 544/o5 (60
	 *    pages); B becomes HighAtomic and those 60 pages move to the
	 *    HighAtomic lists: nr_reserved_highatomic 512, free highatomic
	 *    60, free 996.
	 *
	 * The reserve R that GFP_KERNEL (no ALLOC_RESERVES bit / no
	 * ALLOC_HARDER) has subtracted in __zone_watermark_ok():
	 * 4.19: R = nr_reserved_highatomic = 512;
	 * 6.12-stable: R = nr_free_highatomic = 60.
	 *
	 * 2. Order 0 at free 1025 (slow path, MIN 1024):
	 *    4.19: zone_watermark_fast's order-0 shortcut does not subtract
	 *    R: 1025 > 1024 -> pass (the fast path failed: 1025 <= 1286 and
	 *    1025 - 512 <= 1286).  The page comes from a fallback claim of
	 *    the largest Movable buddy, 1536/o9 (hand-tracked below).
	 *    6.12: the shortcut subtracts it: 1025 - 60 = 965 <= 1024, and
	 *    __zone_watermark_ok says the same -> fail (fail_free 965).
	 *
	 * 3. Order 1 (no shortcut in either era), slow path at MIN:
	 *    pass iff free - 1 - R > 1024, i.e. free > 1025 + R.
	 *    4.19: edge E = 1537: 1537 - 1 - 512 = 1024 <= 1024 -> fail;
	 *    at 1538: 1025 > 1024 -> pass.  (Without R, 1536 would pass.)
	 *    6.12: E = 1085: 1085 - 1 - 60 = 1024 -> fail; 1086 -> pass.
	 *    (4.19 would refuse that request at 1086: 1086 - 513 = 573.)
	 *
	 * 4. A second GFP_ATOMIC order 2:
	 *    4.19: order > 0 with ALLOC_HARDER tries the HighAtomic lists
	 *    first -> 516/o2 from B; B is already HighAtomic: nr_reserved
	 *    stays 512.
	 *    6.12: order 2 goes through the per-CPU refill, which never
	 *    looks at HighAtomic while the own lists have pages (13.2): the
	 *    GFP_KERNEL claim of step 3 left pieces of 1024/o10 on the
	 *    Unmovable lists (1026/o1, 1028/o2, ...): returns 1028, and
	 *    pageblock 1024 becomes the second HighAtomic block (1024
	 *    reserved); pageblock 1536 stays Unmovable.
	 *
	 * Tracking the Movable pool by hand (head insertion of freed o10
	 * blocks, smallest-first allocation, stack order of set_free):
	 * taking 1112 pages empties 2048/o10 (the later freed, list head:
	 * 2048..3071) and takes 1024..1111; giving back to 1025 returns
	 * 1111..1083.
	 * 4.19, step 2: 1024..1082 are still taken, 1536/o9 is whole and is
	 *   the largest Movable buddy: claimed (re-typed Unmovable, no
	 *   counting), split to order 0: returns 1536, 1537/o0, 1538/o1 ...
	 *   on the Unmovable lists.  Step 3 gives back 1082..1024 and
	 *   3071..2618 (to 1537), then 2617; the order-1 request is served
	 *   from its own list: 1538/o1.
	 * 6.12, step 3: going from 1025 to 1085 gives back 1082..1024 (59)
	 *   and 3071, then 3070 for 1086: 1024..2047 is whole again and
	 *   merges into 1024/o10, the largest Movable buddy: the claim
	 *   re-types both pageblocks (order 10 >= pageblock_order: not
	 *   fragmenting, no boost) and returns 1024.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_normal(era, 262144);
	long R = era == ERA_4_19 ? 512 : 60;
	long E = 1025 + R;
	static const unsigned long ha_lists[NR_ORDERS] = {
		[2] = 1, [3] = 1, [4] = 1, [5] = 1,
	};
	struct alloc_result res;
	struct zone_info zi;

	pool.n = 0;
	fill_zone(m);
	build_block_all(m, 512, GFPT_KERNEL, OWNER_KERNEL);
	for (unsigned b = 2; b <= 5; b++)
		ck_assert(mm_free_pages(m, PB * b, err, sizeof(err)));
	free_range(m, 512, 64);
	ck_assert_int_eq(zone_free(m), 2048 + 64);
	ck_assert_uint_eq(nr_free_mt(m, 10, MIGRATE_MOVABLE), 2);
	ck_assert_uint_eq(nr_free_mt(m, 6, MIGRATE_UNMOVABLE), 1);
	set_free(m, 1000, GFPT_HIGHUSER_MOVABLE);
	assert_ok(m);

	/* 1 */
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 2, &res));
	ck_assert(res.slowpath);
	ck_assert_uint_eq(res.pfn, 512);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 996);
	ck_assert_int_eq(zi.nr_reserved_highatomic, 512);
	ck_assert_int_eq(zi.nr_free_highatomic, 60);
	ck_assert_uint_eq(nr_blocks(m, MIGRATE_HIGHATOMIC), 1);
	expect_lists(m, MIGRATE_HIGHATOMIC, ha_lists);
	assert_ok(m);

	/* 2 */
	set_free(m, 1025, GFPT_HIGHUSER_MOVABLE);
	if (era == ERA_4_19) {
		ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
		ck_assert(res.slowpath);
		ck_assert_uint_eq(res.pfn, 1536);
	} else {
		ck_assert(!alloc_kernel_noretry(m, 0, &res));
		ck_assert_int_eq(res.reason, FAIL_NORETRY);
		ck_assert_int_eq(res.fail_free, 965);
		ck_assert_int_eq(res.fail_min, 1024);
	}
	assert_ok(m);

	/* 3 */
	set_free(m, E, GFPT_HIGHUSER_MOVABLE);
	ck_assert(!alloc_kernel_noretry(m, 1, &res));
	ck_assert_int_eq(res.reason, FAIL_NORETRY);
	ck_assert_int_eq(res.fail_free, 1024);
	ck_assert_int_eq(res.fail_min, 1024);
	set_free(m, E + 1, GFPT_HIGHUSER_MOVABLE);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 1, &res));
	ck_assert(res.slowpath);
	/* 4.19: 1538/o1 left by step 2; 6.12: claims 1024/o10 (see above) */
	ck_assert_uint_eq(res.pfn, era == ERA_4_19 ? 1538 : 1024);
	ck_assert_uint_eq(zinfo(m).boost, 0);
	assert_ok(m);

	/* 4 */
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 2, &res));
	ck_assert(res.slowpath);
	zi = zinfo(m);
	if (era == ERA_4_19) {
		ck_assert_uint_eq(res.pfn, 516);
		ck_assert_int_eq(zi.nr_reserved_highatomic, 512);
		ck_assert_int_eq(zi.nr_free_highatomic, 56);
		ck_assert_uint_eq(nr_blocks(m, MIGRATE_HIGHATOMIC), 1);
	} else {
		ck_assert_uint_eq(res.pfn, 1028);
		ck_assert_int_eq(zi.nr_reserved_highatomic, 1024);
		ck_assert_int_eq(mm_pageblock_type(m, 1024), MIGRATE_HIGHATOMIC);
		ck_assert_int_eq(mm_pageblock_type(m, 1536), MIGRATE_UNMOVABLE);
		/* B's 60 plus block 1024's free pieces 1026/o1, 1032/o3,
		 * 1040/o4, 1056/o5, 1088/o6, 1152/o7, 1280/o8 = 506 */
		ck_assert_int_eq(zi.nr_free_highatomic, 60 + 506);
		ck_assert_uint_eq(nr_blocks(m, MIGRATE_HIGHATOMIC), 2);
	}
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* S2: watermark boost (reference 4.5, 5.3, 11 S2, 13.1)               */
/* ==================================================================== */

/*
 * One fragmenting fallback on M1: block 1 built of anonymous order-0
 * pages, its first page (512) freed and nothing else free.  GFP_KERNEL by
 * PF_MEMALLOC (watermarks ignored in the slow path's last attempt) falls
 * back: 6.12 __rmqueue_claim finds 512/o0, try_to_steal_block boosts
 * (+512), counts free 1, movable 511, alike = 512 - 1 - 511 = 0, 1 < 256
 * -> not claimed; __rmqueue_steal takes 512.  4.19 steals it without a
 * boost.  The fallback buddy has order 0 < 9: fragmenting.
 */
static void
one_fragmenting_fallback(struct machine *m, uint64_t pfn)
{
	const struct mm_event *fb;
	struct alloc_result res;

	log_start(m);
	ck_assert(alloc_req(m, GFPT_KERNEL, 0, CTX_MEMALLOC, OWNER_KERNEL, &res));
	log_stop(m);
	ck_assert_uint_eq(res.pfn, pfn);
	fb = the_event(EV_FALLBACK);
	ck_assert_uint_eq(fb->block_order, 0);
	ck_assert(!fb->claimed);
	ck_assert_int_eq(mm_pageblock_type(m, pfn), MIGRATE_MOVABLE);
	ck_assert_uint_eq(count_events(EV_BOOST),
			  mm_era(m) == ERA_6_12 ? 1 : 0);
}

START_TEST(test_s2_boost_watermarks)
{
	/*
	 * After one fragmenting fallback (6.12): boost = min(0 + 512,
	 * max(512, 1548 * 15000 / 10000 = 2322)) = 512.  zoneinfo's
	 * _watermark[] stay 1024/1286/1548; wmark_pages() adds the boost:
	 * 1536/1798/2060.
	 *
	 * Free memory is then provided on the Unmovable lists only (blocks
	 * 16..19 claimed whole by GFP_KERNEL order 9 -- order 9 >=
	 * pageblock_order, not fragmenting, no boost -- then freed), so the
	 * requests below never fall back and the boost stays 512.
	 *
	 * GFP_KERNEL order 0 at free 1700:
	 * 6.12: fast path at low + boost = 1798: 1700 <= 1798 -> fail; with
	 *   ALLOC_NOFRAGMENT the zonelist is tried twice (two failing fast
	 *   checks).  Slow path at min + boost = 1536: 1700 > 1536 -> pass.
	 *   (Unboosted, 1700 > 1286 would have passed the fast path.)
	 * 4.19: no boost: fast path 1700 > 1286 -> pass.
	 *
	 * GFP_ATOMIC order 0 at free 500:
	 * 6.12: slow path ALLOC_MIN_RESERVE|ALLOC_NON_BLOCK at boosted min
	 *   1536: 1536 - 768 = 768, 768 - 192 = 576; 500 <= 576 -> fail;
	 *   zone_watermark_fast retries order-0 MIN_RESERVE requests at the
	 *   unboosted _watermark[WMARK_MIN] = 1024: 1024 -> 512 -> 384,
	 *   500 > 384 -> pass.
	 * 4.19: ALLOC_HIGH|ALLOC_HARDER at 1024 -> 512 -> 384: one check,
	 *   500 > 384 -> pass.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_normal(era, 262144);
	struct alloc_result res;
	struct zone_info zi;
	int i;

	pool.n = 0;
	fill_zone(m);
	build_block_all(m, 512, GFPT_HIGHUSER_MOVABLE, OWNER_ANON);
	free_range(m, 512, 1);
	one_fragmenting_fallback(m, 512);
	zi = zinfo(m);
	ck_assert_uint_eq(zi.boost, era == ERA_6_12 ? 512 : 0);
	ck_assert_uint_eq(zi.wmark[0], 1024);
	ck_assert_uint_eq(zi.wmark[1], 1286);
	ck_assert_uint_eq(zi.wmark[2], 1548);

	for (unsigned b = 16; b <= 19; b++) {
		ck_assert(mm_free_pages(m, PB * b, err, sizeof(err)));
		ck_assert(alloc_req(m, GFPT_KERNEL, 9, CTX_MEMALLOC,
				    OWNER_KERNEL, &res));
		ck_assert_uint_eq(res.pfn, PB * b);
		ck_assert_int_eq(mm_pageblock_type(m, PB * b), MIGRATE_UNMOVABLE);
	}
	for (unsigned b = 16; b <= 19; b++)
		ck_assert(mm_free_pages(m, PB * b, err, sizeof(err)));
	ck_assert_int_eq(zone_free(m), 2048);
	ck_assert_uint_eq(zinfo(m).boost, era == ERA_6_12 ? 512 : 0);
	set_free(m, 1700, GFPT_KERNEL);

	log_start(m);
	ck_assert(alloc_gfp(m, GFPT_KERNEL, 0, &res));
	log_stop(m);
	i = find_event(EV_WMARK_CHECK, 0);
	ck_assert_int_ge(i, 0);
	ck_assert(evlog[i].fast);
	if (era == ERA_6_12) {
		ck_assert(res.slowpath);
		ck_assert(!evlog[i].ok);
		ck_assert_int_eq(evlog[i].mark, 1798);
		ck_assert_int_eq(evlog[i].free, 1700);
		i = find_event(EV_WMARK_CHECK, 1);
		ck_assert(evlog[i].fast && !evlog[i].ok);
		i = find_event(EV_WMARK_CHECK, 2);
		ck_assert_int_ge(i, 0);
		ck_assert(!evlog[i].fast);
		ck_assert(evlog[i].ok);
		ck_assert_int_eq(evlog[i].mark, 1536);
		ck_assert_uint_eq(count_events(EV_WMARK_CHECK), 3);
	} else {
		ck_assert(!res.slowpath);
		ck_assert(evlog[i].ok);
		ck_assert_int_eq(evlog[i].mark, 1286);
		ck_assert_uint_eq(count_events(EV_WMARK_CHECK), 1);
	}
	ck_assert_uint_eq(count_events(EV_FALLBACK), 0);
	assert_ok(m);

	set_free(m, 500, GFPT_KERNEL);
	log_start(m);
	ck_assert(alloc_gfp(m, GFPT_ATOMIC, 0, &res));
	log_stop(m);
	ck_assert(res.slowpath);
	{
		/* the slow-path checks, in order */
		int slow[4], n = 0;

		for (unsigned k = 0; k < evlog_n && n < 4; k++)
			if (evlog[k].type == EV_WMARK_CHECK && !evlog[k].fast)
				slow[n++] = (int)k;
		if (era == ERA_6_12) {
			ck_assert_int_eq(n, 2);
			ck_assert(!evlog[slow[0]].ok);
			ck_assert_int_eq(evlog[slow[0]].mark, 1536);
			ck_assert_int_eq(evlog[slow[0]].min, 576);
			ck_assert(evlog[slow[1]].ok);
			ck_assert_int_eq(evlog[slow[1]].mark, 1024);
			ck_assert_int_eq(evlog[slow[1]].min, 384);
		} else {
			ck_assert_int_eq(n, 1);
			ck_assert(evlog[slow[0]].ok);
			ck_assert_int_eq(evlog[slow[0]].mark, 1024);
			ck_assert_int_eq(evlog[slow[0]].min, 384);
		}
	}
	ck_assert_uint_eq(count_events(EV_FALLBACK), 0);
	ck_assert_uint_eq(zinfo(m).boost, era == ERA_6_12 ? 512 : 0);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s2_boost_saturates)
{
	/*
	 * Six anonymous blocks 1..6 (PFN 512k), each with its first page
	 * freed (ascending, each at the head of the order-0 Movable list:
	 * the list reads 3072, 2560, ..., 512).  Six GFP_KERNEL (PF_MEMALLOC)
	 * requests each take the list head through one fragmenting fallback
	 * (one failed claim attempt, one boost_watermark() call, then the
	 * steal; see one_fragmenting_fallback()).
	 * 6.12 boost after event k: min(512k, max_boost 2322) = 512, 1024,
	 * 1536, 2048, 2322 (saturated at the fifth), 2322.
	 * 4.19: always 0 (no boosting before 5.0).
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_normal(era, 262144);
	static const unsigned long want[7] = { 0, 512, 1024, 1536, 2048, 2322, 2322 };

	fill_zone(m);
	for (unsigned k = 1; k <= 6; k++)
		build_block_all(m, PB * k, GFPT_HIGHUSER_MOVABLE, OWNER_ANON);
	for (unsigned k = 1; k <= 6; k++)
		free_range(m, PB * k, 1);
	ck_assert_int_eq(zone_free(m), 6);
	for (unsigned k = 1; k <= 6; k++) {
		one_fragmenting_fallback(m, PB * (7 - k));
		if (era == ERA_6_12) {
			const struct mm_event *b = the_event(EV_BOOST);

			ck_assert_int_eq(b->count, (long)want[k]);
			ck_assert_int_eq(b->count2, (long)want[k - 1]);
			ck_assert_int_eq(b->mark, 2322);
			ck_assert_uint_eq(zinfo(m).boost, want[k]);
		} else {
			ck_assert_uint_eq(zinfo(m).boost, 0);
		}
	}
	ck_assert_int_eq(zone_free(m), 0);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

static Suite *
fallback_suite(void)
{
	Suite *s = suite_create("fallback");
	TCase *tc = tcase_create("s6");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_s6a_claimed, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s6b_not_claimed, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s6c_movable_small_buddy, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("s8");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_s8_highatomic_limit, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s8_reserve_in_watermark, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("s2");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_s2_boost_watermarks, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s2_boost_saturates, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(fallback_suite());
}
