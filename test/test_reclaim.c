/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_reclaim.c - what the allocator does when the free lists run low:
 * direct compaction and /proc/sys/vm/compact_memory (reference 8), the
 * fragmentation index that decides whether compaction is worth it (9),
 * kswapd's balance_pgdat() passes and boosted reclaim (4.5, 5.7), direct
 * reclaim in __alloc_pages_slowpath() (5.6), the retry policies of
 * __GFP_NORETRY, __GFP_RETRY_MAYFAIL, __GFP_NOFAIL and costly orders (5.8)
 * and the OOM killer -- the classroom stories of reference 11 (S2, S3, S4,
 * S9, S10), in both eras where the behaviour exists in both.
 *
 * Every expected number is worked out in the comment next to it from the
 * kernel's code (function named), never copied from the model's output.
 *
 * The machines: M1 (reference 11: one ZONE_NORMAL of 262144 pages, min
 * 1024, low 1286, high 1548) and a 1024-page Normal zone with
 * pageblock_order 7 (128-page pageblocks, so that mobility grouping is on:
 * 1024 >= 5 * 128; with pageblock_order 9 it would be off and every
 * pageblock Unmovable, which compaction never takes targets from).  On
 * every machine the per-CPU lists are switched off (zone_pcp_disable(): a
 * freed page reaches the buddy lists at once), so that NR_FREE_PAGES
 * counts every free page and the hand computations below are exact; with
 * them on, pages freed by reclaim or compaction may wait on a pcp list
 * (uncounted) until a drain.  Memory is filled by PF_MEMALLOC requests
 * (no watermarks) without __GFP_KSWAPD_RECLAIM, so that setting a scene
 * never wakes kswapd; the requests under test are ordinary ones.
 * Nothing is reclaimable unless a story says so: anonymous memory needs
 * swap (none by default), kernel pages never are.
 *
 * mm_check() runs after every story.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "compaction.h"
#include "mm.h"
#include "procfs.h"
#include "reclaim.h"

#define M1_PAGES 262144u
#define NR_ORDERS 11		/* orders 0..10 in both eras */

static char err[256];

/* ---- machines and views ---- */

/* One node, one ZONE_NORMAL of `pages` pages (pb_order 0: the default 9),
 * per-CPU lists off. */
static struct machine *
make_machine(enum kernel_era era, uint64_t pages, unsigned pb_order)
{
	struct machine_config cfg;
	struct machine *m;

	mm_config_init(&cfg);
	cfg.era = era;
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = pages;
	if (pb_order)
		cfg.pageblock_order = pb_order;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "mm_create: %s", err);
	mm_set_pcp(m, false);
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

static struct mm_vmstat
vmstat(const struct machine *m)
{
	struct mm_vmstat vs;

	mm_get_vmstat(m, &vs);
	return vs;
}

static struct kswapd_info
kswapd(const struct machine *m)
{
	struct kswapd_info ki;

	mm_kswapd_info(m, &ki);
	return ki;
}

static struct mm_task_info
task(const struct machine *m, int id)
{
	struct mm_task_info ti;

	ck_assert(mm_task_info(m, id, &ti));
	return ti;
}

static long
file_lru(const struct machine *m)
{
	return mm_zone_lru_pages(m, normal_zone(m), LRU_FILE);
}

static void
assert_ok(const struct machine *m)
{
	ck_assert_msg(mm_check(m, err, sizeof(err)), "invariant: %s", err);
}

/* M1's watermarks (reference 4.1, 4.2, 11): min_free_kbytes =
 * isqrt(1048576 * 16) = 4096 -> min 4096 / 4 = 1024 pages; distance
 * max(1024 / 4 = 256, 262144 * 10 / 10000 = 262) = 262 -> low 1286,
 * high 1548; no boost yet. */
static void
assert_m1_wmarks(const struct machine *m)
{
	struct zone_info zi = zinfo(m);

	ck_assert_uint_eq(zi.wmark[0], 1024);
	ck_assert_uint_eq(zi.wmark[1], 1286);
	ck_assert_uint_eq(zi.wmark[2], 1548);
	ck_assert_uint_eq(zi.boost, 0);
}

static gfp_t
gfp(const struct machine *m, enum gfp_type t)
{
	return gfp_type_flag(mm_era(m), t);
}

/* ---- requests ---- */

static bool
alloc(struct machine *m, gfp_t mask, unsigned order, enum alloc_ctx ctx,
      enum page_owner owner, int tsk, struct alloc_result *res)
{
	struct alloc_request req;

	mm_request_init(m, &req, order);
	req.gfp = mask;
	req.ctx = ctx;
	req.owner = owner;
	req.owner_set = true;
	req.task = tsk;
	return mm_alloc_pages(m, &req, res);
}

/* An ordinary request from a task (process context). */
static bool
alloc_process(struct machine *m, gfp_t mask, unsigned order,
	      enum page_owner owner, struct alloc_result *res)
{
	return alloc(m, mask, order, CTX_PROCESS, owner, 0, res);
}

/*
 * Scene setting: blocks of `order` and GFP type t by PF_MEMALLOC without
 * __GFP_KSWAPD_RECLAIM, while at least `down_to` pages stay free after
 * the next one.  Each must succeed.
 */
static void
fill(struct machine *m, enum gfp_type t, enum page_owner owner,
     unsigned order, int tsk, long down_to)
{
	struct alloc_result res;
	gfp_t mask = gfp(m, t) & ~GFPF_KSWAPD_RECLAIM;

	while (zone_free(m) >= down_to + (1L << order)) {
		ck_assert_msg(alloc(m, mask, order, CTX_MEMALLOC, owner, tsk, &res),
			      "fill order %u at free %ld: %s", order,
			      zone_free(m), alloc_fail_reason_text(res.reason));
	}
}

/* n pages of one order-0 owner for a task. */
static void
give_task(struct machine *m, int tsk, enum page_owner owner, unsigned n)
{
	struct alloc_result res;
	gfp_t mask = gfp(m, GFPT_HIGHUSER_MOVABLE) & ~GFPF_KSWAPD_RECLAIM;

	for (unsigned i = 0; i < n; i++)
		ck_assert(alloc(m, mask, 0, CTX_MEMALLOC, owner, tsk, &res));
}

/* Kernel (unmovable, unreclaimable) pages until exactly `target` pages are
 * free: whole pageblocks first (each claimed whole by
 * __rmqueue_fallback, current_order >= pageblock_order: no fragmenting
 * fallback, so no watermark boost), then single pages. */
static void
fill_kernel_to(struct machine *m, long target)
{
	fill(m, GFPT_KERNEL, OWNER_KERNEL, 9, 0, target);
	fill(m, GFPT_KERNEL, OWNER_KERNEL, 0, 0, target);
	ck_assert_int_eq(zone_free(m), target);
	ck_assert_uint_eq(zinfo(m).boost, 0);
}

static void
free_pfn(struct machine *m, uint64_t pfn)
{
	ck_assert_msg(mm_free_pages(m, pfn, err, sizeof(err)),
		      "free 0x%lx: %s", (unsigned long)pfn, err);
}

/* ---- the event log (for compaction_capture) ---- */

static unsigned nr_capture_events;

static void
count_captures(const struct mm_event *ev, void *data)
{
	(void)data;
	if (ev->type == EV_CAPTURE)
		nr_capture_events++;
}

/* ==================================================================== */
/* 1. Free memory that no order-1 request can use, and compact_memory  */
/* ==================================================================== */

/*
 * The 1024-page zone (pageblock_order 7: pageblocks 0..7 of 128 pages),
 * every page allocated as an order-0 block, then every odd PFN freed:
 * 512 free pages, none with a free buddy (each buddy, pfn ^ 1, is an
 * allocated even page), so buddyinfo reads "512 0 0 0 0 0 0 0 0 0 0".
 *
 * Order-1 GFP_NOWAIT: the order-0 part of __zone_watermark_ok passes
 * (512 - 1 = 511 is far above this zone's watermarks: min_free_kbytes =
 * max(128, isqrt(4096 * 16) = 256) -> min 64, low 80), but free_area[1..10]
 * are all empty -> false in the fast path and again at min in the slow
 * path.  GFP_NOWAIT has no __GFP_DIRECT_RECLAIM: __alloc_pages_slowpath
 * gives up right after that attempt ("!can_direct_reclaim -> nopage"):
 * no reclaim, no compaction.  Half the zone is free and the request fails.
 */
static void
expect_nowait_order1_fails(struct machine *m)
{
	struct alloc_result res;

	ck_assert(!alloc(m, gfp(m, GFPT_NOWAIT), 1, CTX_PROCESS,
			 OWNER_KERNEL, 0, &res));
	ck_assert_int_eq(res.reason, FAIL_NO_RECLAIM);
	ck_assert_uint_eq(res.reclaim_rounds, 0);
	ck_assert_uint_eq(res.compact_rounds, 0);
}

static void
make_checkerboard(struct machine *m)
{
	struct zone_info zi;

	ck_assert_int_eq(zone_free(m), 0);
	for (uint64_t pfn = 1; pfn < 1024; pfn += 2)
		free_pfn(m, pfn);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 512);
	ck_assert_uint_eq(zi.nr_free[0], 512);
	for (unsigned o = 1; o < NR_ORDERS; o++)
		ck_assert_uint_eq(zi.nr_free[o], 0);
}

START_TEST(test_compact_memory_movable)
{
	/*
	 * Movable (anonymous, LRU) pages: the boot pageblocks are Movable
	 * and a Movable request never leaves its own lists, so all 8
	 * pageblocks stay Movable, each holding 64 used (even) and 64 free
	 * (odd) pages.
	 *
	 * echo 1 > /proc/sys/vm/compact_memory: compact_node() ->
	 * compact_zone() with order -1, MIGRATE_SYNC, whole zone.  The
	 * migration scanner walks up from pageblock 0, the free scanner down
	 * from pageblock 7 (pageblock_start_pfn(zone_end - 1) = 896).  Each
	 * pageblock's 64 used pages (two batches of COMPACT_CLUSTER_MAX = 32)
	 * go into the 64 free pages of one pageblock at the top:
	 *   block 0 -> block 7, 1 -> 6, 2 -> 5, 3 -> 4.
	 * After block 3 the migration scanner is at 512 (block 4) and the
	 * free scanner, having used block 4's last free page, restarts at
	 * the block below it (block 3): compact_scanners_met (3 <= 4) ->
	 * COMPACT_COMPLETE.  pgmigrate_success = 4 * 64 = 256.
	 * Blocks 0..3 (PFN 0..511) are now all free and merge in
	 * __free_one_page up to one order-9 block at PFN 0 (its order-9
	 * buddy, 512, is in use); blocks 4..7 are full.  buddyinfo:
	 * "0 0 0 0 0 0 0 0 0 1 0", still 512 pages free.
	 *
	 * The scan counts (isolate_migratepages_block and
	 * isolate_freepages_block count every page they pass, a free block
	 * as 1 << order pages on the migration side and as one on the free
	 * side).  Migration scanner, per source block b: the first batch
	 * isolates the 32 even pages 128b..128b+62 and stops after them,
	 * passing 63 pages; the second passes 128b+63 (now a tail of the
	 * merged free block, or a free page) and isolates 128b+64..126: 64
	 * pages; a third pass looks at 128b+127 alone: 1 page, nothing
	 * isolated.  Block 3 ends after its second batch (the scanners
	 * meet), so 3 * 128 + 63 + 64 = 511 pages.  Free scanner: each of
	 * the 8 batches passes 64 pages of one target block (a used page,
	 * then a free one, 32 times) = 512 pages.  compact_isolated: 256
	 * source pages + 256 free pages = 512.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, 1024, 7);
	struct zone_info zi;
	struct page_info pi;
	struct mm_vmstat vs;

	ck_assert(mm_group_by_mobility(m));
	ck_assert_uint_eq(mm_pageblock_order(m), 7);
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_ANON, 0, 0, 0);
	ck_assert_uint_eq(mm_nr_pageblocks(m, normal_zone(m), MIGRATE_MOVABLE), 8);
	make_checkerboard(m);
	expect_nowait_order1_fails(m);

	mm_compact_memory(m);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 512);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_msg(zi.nr_free[o] == (o == 9 ? 1u : 0u),
			      "order %u: %lu free blocks", o, zi.nr_free[o]);
	ck_assert(mm_page_info(m, 0, &pi));
	ck_assert_int_eq(pi.kind, PAGE_FREE);
	ck_assert_uint_eq(pi.block_pfn, 0);
	ck_assert_uint_eq(pi.order, 9);
	for (uint64_t pfn = 512; pfn < 1024; pfn++) {
		ck_assert(mm_page_info(m, pfn, &pi));
		ck_assert_int_eq(pi.kind, PAGE_ALLOCATED);
	}
	vs = vmstat(m);
	ck_assert_uint_eq(vs.pgmigrate_success, 256);
	ck_assert_uint_eq(vs.pgmigrate_fail, 0);
	ck_assert_uint_eq(vs.compact_migrate_scanned, 511);
	ck_assert_uint_eq(vs.compact_free_scanned, 512);
	ck_assert_uint_eq(vs.compact_isolated, 512);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_compact_memory_scan_counts)
{
	/*
	 * The scan counts when the free scanner meets free blocks larger
	 * than a page, and runs dry.  1024 anonymous pages, pageblock order
	 * 7 (8 blocks); freed: the 64 odd pages of block 0, the 32 order-1
	 * blocks 896 + 4k (pages 4k and 4k+1 of block 7; 4k+2 and 4k+3 stay
	 * in use), and all of blocks 5 and 6 (two free order-7 blocks: their
	 * buddies 512 and 896 are not free).  384 pages free.
	 *
	 * compact_memory (order -1, sync, whole zone, MOVABLE targets):
	 *  1. migration scanner, block 0: isolates 0, 2, .., 62 (passes 63
	 *     pages).  Free scanner, block 7 from 896: isolates the order-1
	 *     blocks 896 .. 956 (16 blocks, 32 pages) and stops at 958: 16
	 *     free blocks + 15 * 2 used pages = 46 scanned.  The 32 pages
	 *     migrate, the old copies merge into an order-6 block at 0.
	 *  2. From 63 (a tail of that block): 63 .. 126, 64 scanned, 32
	 *     isolated.  Free scanner from 958: 958, 959, then 960 .. 1020:
	 *     2 + 16 + 30 = 48 scanned.  Block 0 is now one free order-7
	 *     block.
	 *  3. 127 alone: 1 scanned, nothing isolated (the skip hint is set).
	 *  4. Block 1: 128 .. 159 isolated (32 scanned).  The free scanner
	 *     passes 1022 and 1023 (2), steps over blocks 6 and 5 (a free
	 *     block of pageblock order is no migration target, nothing
	 *     scanned), scans blocks 4, 3 and 2 in vain (3 * 128) and stops
	 *     above block 1, the migration scanner's: 386 scanned, no free
	 *     page, so the 32 pages fail to migrate (-ENOMEM).  The scanners
	 *     have met: COMPACT_COMPLETE.
	 * compact_migrate_scanned = 63 + 64 + 1 + 32 = 160, compact_free_
	 * scanned = 46 + 48 + 386 = 480, compact_isolated = 96 source pages
	 * + 64 free pages = 160, pgmigrate_success 64, pgmigrate_fail 32.
	 * Free afterwards: three order-7 blocks (0, 640, 768), 384 pages.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, 1024, 7);
	struct zone_info zi;
	struct mm_vmstat vs;

	ck_assert(mm_group_by_mobility(m));
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_ANON, 0, 0, 0);
	ck_assert_int_eq(zone_free(m), 0);
	for (uint64_t pfn = 1; pfn < 128; pfn += 2)
		free_pfn(m, pfn);
	for (uint64_t pfn = 896; pfn < 1024; pfn += 4) {
		free_pfn(m, pfn);
		free_pfn(m, pfn + 1);
	}
	for (uint64_t pfn = 640; pfn < 896; pfn++)
		free_pfn(m, pfn);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 384);
	ck_assert_uint_eq(zi.nr_free[0], 64);
	ck_assert_uint_eq(zi.nr_free[1], 32);
	ck_assert_uint_eq(zi.nr_free[7], 2);

	mm_compact_memory(m);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.compact_migrate_scanned, 160);
	ck_assert_uint_eq(vs.compact_free_scanned, 480);
	ck_assert_uint_eq(vs.compact_isolated, 160);
	ck_assert_uint_eq(vs.pgmigrate_success, 64);
	ck_assert_uint_eq(vs.pgmigrate_fail, 32);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 384);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_msg(zi.nr_free[o] == (o == 7 ? 3u : 0u),
			      "order %u: %lu free blocks", o, zi.nr_free[o]);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* A copy of every free list of the zone: counts and contents. */
#define SNAP_MAX 1024
struct lists_snapshot {
	unsigned long n[NR_ORDERS][MIGRATE_TYPES];
	uint64_t pfn[NR_ORDERS][MIGRATE_TYPES][SNAP_MAX];
};

static void
snapshot_lists(const struct machine *m, struct lists_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned o = 0; o < NR_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			s->n[o][mt] = mm_nr_free_mt(m, normal_zone(m), o,
						    (enum migratetype)mt);
			ck_assert_uint_le(s->n[o][mt], SNAP_MAX);
			ck_assert_uint_eq(mm_free_list_peek(m, normal_zone(m), o,
					  (enum migratetype)mt, s->pfn[o][mt],
					  SNAP_MAX), s->n[o][mt]);
		}
}

START_TEST(test_compact_memory_unmovable)
{
	/*
	 * The same checkerboard of kernel (unmovable, non-migratable) pages.
	 * The first GFP_KERNEL page falls back into the free order-10 block
	 * (the whole zone): current_order 10 >= pageblock_order 7, so
	 * __rmqueue_fallback / try_to_claim_block (6.12; steal_suitable_
	 * fallback in 4.19) re-types the whole range, change_pageblock_range:
	 * all 8 pageblocks Unmovable, and every later page comes from the
	 * Unmovable lists.  The 512 freed pages sit on free_list[UNMOVABLE]
	 * of order 0.
	 *
	 * compact_memory: isolate_migratepages_block finds no page it may
	 * isolate (no LRU or __PageMovable page), so nothing is migrated,
	 * compaction_alloc / the free scanner never run, and the scanners
	 * meet: COMPACT_COMPLETE with every free list exactly as before (the
	 * same blocks in the same order).
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, 1024, 7);
	static struct lists_snapshot before, after;

	ck_assert(mm_group_by_mobility(m));
	fill(m, GFPT_KERNEL, OWNER_KERNEL, 0, 0, 0);
	ck_assert_uint_eq(mm_nr_pageblocks(m, normal_zone(m), MIGRATE_UNMOVABLE), 8);
	make_checkerboard(m);
	ck_assert_uint_eq(mm_nr_free_mt(m, normal_zone(m), 0, MIGRATE_UNMOVABLE), 512);
	expect_nowait_order1_fails(m);

	snapshot_lists(m, &before);
	mm_compact_memory(m);
	snapshot_lists(m, &after);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			ck_assert_uint_eq(after.n[o][mt], before.n[o][mt]);
			for (unsigned long k = 0; k < before.n[o][mt]; k++)
				ck_assert_uint_eq(after.pfn[o][mt][k],
						  before.pfn[o][mt][k]);
		}
	ck_assert_int_eq(zone_free(m), 512);
	ck_assert_uint_eq(vmstat(m).pgmigrate_success, 0);
	ck_assert_uint_eq(mm_nr_pageblocks(m, normal_zone(m), MIGRATE_UNMOVABLE), 8);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 2. S9: a kswapd cycle (reference 5.7, 11 S9)                         */
/* ==================================================================== */

START_TEST(test_s9_kswapd_cycle)
{
	/*
	 * M1, page cache (GFP_HIGHUSER_MOVABLE, clean) allocated one page at
	 * a time by an ordinary task.  Fast path: zone_watermark_fast at
	 * low, order 0: succeed while free > 1286 + lowmem_reserve 0.  So the
	 * requests at free = 262144 ... 1287 succeed there: 262144 - 1286 =
	 * 260858 pages.  The next one sees 1286 <= 1286: fast path fails,
	 * the slow path wakes kswapd (wake_all_kswapds -> wakeup_kswapd: the
	 * node is not balanced, 1286 <= high 1548) and succeeds at min
	 * (1286 > 1024): 260859 page cache pages, free 1285.
	 *
	 * balance_pgdat(order 0): each pass first checks pgdat_balanced
	 * (free > high 1548), then kswapd_shrink_node asks for
	 * nr_to_reclaim = max(high, SWAP_CLUSTER_MAX) = 1548 and
	 * get_scan_count lets it scan (file LRU size >> priority); every page
	 * is clean and reclaimed.  raise_priority stays true because the
	 * pass scanned less than 1548 (kswapd_shrink_node returns
	 * sc->nr_scanned >= sc->nr_to_reclaim), so the priority drops:
	 *   prio 12: 260859 >> 12 = 63  (63 * 4096 = 258048 <= 260859)
	 *            free 1285 + 63 = 1348, LRU 260796
	 *   prio 11: 260796 >> 11 = 127 (127 * 2048 = 260096)
	 *            free 1348 + 127 = 1475, LRU 260669
	 *   prio 10: 260669 >> 10 = 254 (254 * 1024 = 260096)
	 *            free 1475 + 254 = 1729, LRU 260415
	 *   next pass: 1729 > 1548 -> balanced -> out; kswapd_try_to_sleep
	 *            (wakeup_kcompactd(order 0) does nothing: order 0).
	 * pgsteal_kswapd = pgscan_kswapd = 63 + 127 + 254 = 444, one
	 * balance_pgdat() run (PAGEOUTRUN once), free 1729.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, M1_PAGES, 0);
	gfp_t mask = gfp(m, GFPT_HIGHUSER_MOVABLE);
	struct alloc_result res;
	unsigned long n = 0;
	struct mm_vmstat vs;
	struct kswapd_info ki;

	assert_m1_wmarks(m);
	for (;;) {
		ck_assert(alloc_process(m, mask, 0, OWNER_PAGECACHE, &res));
		n++;
		if (res.slowpath)
			break;
		ck_assert(!mm_kswapd_awake(m));
	}
	ck_assert_uint_eq(n, 260859);
	ck_assert(res.kswapd_woken);
	ck_assert(mm_kswapd_awake(m));
	ck_assert_int_eq(zone_free(m), 1285);
	ck_assert_int_eq(file_lru(m), 260859);
	ck_assert_int_eq(kswapd(m).order, 0);

	mm_kswapd_run(m, 1000000);
	ck_assert(!mm_kswapd_awake(m));
	ck_assert_int_eq(zone_free(m), 1729);
	ck_assert_int_eq(file_lru(m), 260415);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.pgsteal_kswapd, 444);
	ck_assert_uint_eq(vs.pgscan_kswapd, 444);
	ck_assert_uint_eq(vs.pageoutrun, 1);
	ck_assert_uint_eq(vs.nr_vmscan_write, 0);
	ck_assert_uint_eq(vs.pgsteal_direct, 0);
	ki = kswapd(m);
	ck_assert_uint_eq(ki.reclaimed, 444);
	ck_assert_int_eq(ki.failures, 0);
	ck_assert(!mm_kcompactd_pending(m));
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 3. GFP_KERNEL reclaims where GFP_ATOMIC cannot (reference 5.3, S1)   */
/* ==================================================================== */

START_TEST(test_kernel_reclaims_atomic_cannot)
{
	/*
	 * M1 filled with clean page cache (PF_MEMALLOC) down to free = 300:
	 * 262144 - 300 = 261844 page cache pages on the file LRU.
	 *
	 * GFP_ATOMIC order 0: fast path 300 <= low 1286; slow path
	 * (4.19 ALLOC_HIGH|ALLOC_HARDER, 6.12 ALLOC_MIN_RESERVE|
	 * ALLOC_NON_BLOCK): min 1024 - 1024/2 = 512, 512 - 512/4 = 384;
	 * 300 <= 384 -> fail; no __GFP_DIRECT_RECLAIM -> nopage.
	 *
	 * GFP_KERNEL order 0 needs free > min 1024 (no reduction).  Each
	 * round of the retry loop calls __alloc_pages_direct_reclaim ->
	 * try_to_free_pages(nr_to_reclaim = SWAP_CLUSTER_MAX = 32) ->
	 * do_try_to_free_pages, first at DEF_PRIORITY 12.  get_scan_count:
	 * file LRU >> 12 = 261844 >> 12 = 63 (63 * 4096 = 258048).  For
	 * global direct reclaim at DEF_PRIORITY, shrink_lruvec does not stop
	 * at nr_to_reclaim: proportional_reclaim (6.12; scan_adjusted in
	 * 4.19) = !cgroup_reclaim && !current_is_kswapd() && priority ==
	 * DEF_PRIORITY, and the loop reads "if (nr_reclaimed < nr_to_reclaim
	 * || proportional_reclaim) continue;" -- so the whole target of 63
	 * (batches of 32 + 31) is scanned and reclaimed; 63 >= 32 ends
	 * do_try_to_free_pages at priority 12.  The file LRU stays above
	 * 63 * 4096 = 258048 pages throughout (261844 - 12 * 63 = 261088), so
	 * every round reclaims 63.  get_page_from_freelist then needs
	 * 300 + 63k > 1024: k = 11 gives 993, k = 12 gives 1056 -> 12 rounds,
	 * 12 * 63 = 756 pages, each round a try_to_free_pages() call
	 * (allocstall_normal += 1).  Order 0: no compaction.  Between the
	 * rounds should_reclaim_retry says yes (progress, and free +
	 * reclaimable is far above min).  Free afterwards: 1056 - 1 = 1055.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, M1_PAGES, 0);
	struct alloc_result res;
	struct mm_vmstat vs;
	unsigned z = normal_zone(m);

	assert_m1_wmarks(m);
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_PAGECACHE, 0, 0, 300);
	ck_assert_int_eq(zone_free(m), 300);
	ck_assert_int_eq(file_lru(m), 261844);
	ck_assert_int_eq(mm_zone_reclaimable_pages(m, z), 261844);

	ck_assert(!alloc(m, gfp(m, GFPT_ATOMIC), 0, CTX_ATOMIC, OWNER_KERNEL,
			 0, &res));
	ck_assert_int_eq(res.reason, FAIL_NO_RECLAIM);
	ck_assert_int_eq(res.fail_free, 300);
	ck_assert_int_eq(res.fail_min, 384);
	ck_assert_uint_eq(res.reclaim_rounds, 0);
	ck_assert_int_eq(zone_free(m), 300);

	ck_assert(alloc_process(m, gfp(m, GFPT_KERNEL), 0, OWNER_KERNEL, &res));
	ck_assert_msg(res.reclaim_rounds == 12 && res.reclaimed == 756,
		      "direct reclaim: %u rounds, %lu pages; the kernel: 12 "
		      "rounds of 63 (file LRU >> DEF_PRIORITY, not stopped at "
		      "SWAP_CLUSTER_MAX at DEF_PRIORITY) = 756",
		      res.reclaim_rounds, res.reclaimed);
	ck_assert_int_eq(zone_free(m), 1055);
	ck_assert_int_eq(file_lru(m), 261844 - 756);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.pgsteal_direct, 756);
	ck_assert_uint_eq(vs.pgscan_direct, 756);
	ck_assert_uint_eq(vs.allocstall[z], 12);
	ck_assert_uint_eq(vs.pgsteal_kswapd, 0);
	ck_assert_uint_eq(vs.oom_kill, 0);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 4. The OOM killer (reference 5.6 step 13)                            */
/* ==================================================================== */

/*
 * M1 with task A owning 100 anonymous pages, task B 300 (allocated first,
 * from the Movable lists), then kernel pages until free = 900 (below min
 * 1024).  No swap: anonymous memory is not reclaimable
 * (zone_reclaimable_pages counts anon only with swap), kernel pages never
 * are, so reclaimable = 0.
 */
static struct machine *
make_oom_machine(enum kernel_era era, int *a, int *b)
{
	struct machine *m = make_machine(era, M1_PAGES, 0);

	assert_m1_wmarks(m);
	if (a) {
		*a = mm_task_get(m, "A", err, sizeof(err));
		ck_assert_msg(*a > 0, "%s", err);
		give_task(m, *a, OWNER_ANON, 100);
	}
	if (b) {
		*b = mm_task_get(m, "B", err, sizeof(err));
		ck_assert_msg(*b > 0, "%s", err);
		give_task(m, *b, OWNER_ANON, 300);
	}
	fill_kernel_to(m, 900);
	ck_assert_int_eq(mm_zone_reclaimable_pages(m, normal_zone(m)), 0);
	return m;
}

START_TEST(test_oom_kills_largest)
{
	/*
	 * GFP_KERNEL|__GFP_RETRY_MAYFAIL order 0 at free 900: fast path
	 * 900 <= 1286, slow path 900 <= min 1024; direct reclaim frees
	 * nothing (one round, did_some_progress = 0); order 0: no
	 * compaction; should_reclaim_retry: no progress -> no_progress_loops
	 * = 1, and no zone passes __zone_watermark_ok(min 1024) even with
	 * free + reclaimable = 900 + 0 -> false.  should_compact_retry is not
	 * asked (no progress).  __alloc_pages_may_oom: the attempt at high
	 * fails, and __GFP_RETRY_MAYFAIL skips out_of_memory() -> no
	 * progress -> nopage.  Nobody killed.
	 *
	 * GFP_KERNEL order 0: the same up to __alloc_pages_may_oom, which
	 * now calls out_of_memory(): select_bad_process picks the largest
	 * oom_badness (rss + swap entries): B 300 > A 100.  B is killed, the
	 * OOM reaper frees its 300 anonymous pages: free 1200; progress ->
	 * no_progress_loops = 0, goto retry: get_page_from_freelist at min:
	 * 1200 > 1024 -> success.  One reclaim round, oom_kill 1, free
	 * afterwards 1199; A keeps its 100 pages.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	int a, b;
	struct machine *m = make_oom_machine(era, &a, &b);
	struct alloc_result res;
	struct mm_task_info ti;

	ck_assert_int_eq(task(m, a).pages[OWNER_ANON], 100);
	ck_assert_int_eq(task(m, b).pages[OWNER_ANON], 300);

	ck_assert(!alloc_process(m, gfp(m, GFPT_KERNEL) | GFPF_RETRY_MAYFAIL, 0,
				 OWNER_KERNEL, &res));
	ck_assert_int_eq(res.reason, FAIL_NO_OOM);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(res.reclaim_rounds, 1);
	ck_assert_uint_eq(res.reclaimed, 0);
	ck_assert_uint_eq(vmstat(m).oom_kill, 0);
	ck_assert_int_eq(task(m, b).pages[OWNER_ANON], 300);
	ck_assert_int_eq(zone_free(m), 900);

	ck_assert(alloc_process(m, gfp(m, GFPT_KERNEL), 0, OWNER_KERNEL, &res));
	ck_assert(res.oom_killed);
	ck_assert_int_eq(res.oom_victim, b);
	ck_assert_uint_eq(res.reclaim_rounds, 1);
	ck_assert_uint_eq(res.reclaimed, 0);
	ck_assert_uint_eq(vmstat(m).oom_kill, 1);
	ti = task(m, b);
	ck_assert(ti.killed);
	ck_assert_int_eq(ti.pages[OWNER_ANON], 0);
	ti = task(m, a);
	ck_assert(!ti.killed);
	ck_assert_int_eq(ti.pages[OWNER_ANON], 100);
	ck_assert_int_eq(zone_free(m), 900 + 300 - 1);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_oom_no_victim)
{
	/*
	 * The same machine without tasks: out_of_memory() ->
	 * select_bad_process() finds nobody.  The kernel then prints "Out of
	 * memory and no killable processes..." and panics ("System is
	 * deadlocked on memory"); the model reports FAIL_OOM_NO_VICTIM.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_oom_machine(era, NULL, NULL);
	struct alloc_result res;

	ck_assert(!alloc_process(m, gfp(m, GFPT_KERNEL), 0, OWNER_KERNEL, &res));
	ck_assert_int_eq(res.reason, FAIL_OOM_NO_VICTIM);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(vmstat(m).oom_kill, 0);
	ck_assert_int_eq(zone_free(m), 900);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 5. S3: compaction_suitable and the fragmentation index (8.2, 9)      */
/* ==================================================================== */

START_TEST(test_s3_suitability)
{
	/*
	 * M1 entirely in order-2 anonymous blocks (65536 of them, at every
	 * multiple of 4).
	 *
	 * S3: the blocks at PFN 0, 8, 16, ..., 8 * 4999 = 39992 freed: each
	 * one's buddy (pfn + 4) is in use, so none merge: 5000 order-2
	 * blocks, 20000 pages.  fill_contig_page_info(order 4): free_pages
	 * 20000, free_blocks_total 5000, suitable 0.
	 *   unusable_free_index = (20000 - 0) * 1000 / 20000 = 1000
	 *   __fragmentation_index = 1000 - (1000 + 20000 * 1000 / 16) / 5000
	 *     = 1000 - 1251000 / 5000 = 1000 - 250 = 750
	 * compaction_suitable(order 4): order-0 headroom (order > 3: low) +
	 * compact_gap = 1286 + (2 << 4) = 1318; 20000 > 1318; costly order,
	 * fragindex 750 > extfrag_threshold 500 -> COMPACT_CONTINUE.
	 *
	 * S3b: those blocks allocated again, then all 128 order-2 blocks of
	 * pageblocks 0, 2, 4, ..., 14 freed: each pageblock merges to one
	 * order-9 block (its order-9 buddy, the next pageblock, is in use):
	 * 8 blocks, 4096 pages.  Order 10: headroom 1286 + 2048 = 3334 <
	 * 4096 passes; fragindex(10) = 1000 - (1000 + 4096 * 1000 / 1024) / 8
	 * = 1000 - 5000 / 8 = 1000 - 625 = 375 <= 500 ->
	 * COMPACT_NOT_SUITABLE_ZONE (lack of memory, not fragmentation).
	 *
	 * S3c: those allocated again (as order-9 blocks), then in pageblock
	 * 1 the order-2 pairs (512, 516), (528, 532), (544, 548) freed:
	 * three order-3 blocks at 512, 528, 544 (buddies 520, 536, 552 in
	 * use), 24 pages.  Order 4: headroom 1318 > 24 -> COMPACT_SKIPPED
	 * before the index is consulted (it would be 1000 - (1000 + 24 *
	 * 1000 / 16) / 3 = 1000 - 2500 / 3 = 1000 - 833 = 167).
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, M1_PAGES, 0);
	unsigned z = normal_zone(m);
	struct alloc_result res;
	struct zone_info zi;
	gfp_t mask = gfp(m, GFPT_HIGHUSER_MOVABLE) & ~GFPF_KSWAPD_RECLAIM;
	int fi;

	assert_m1_wmarks(m);
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_ANON, 2, 0, 0);
	ck_assert_int_eq(zone_free(m), 0);

	/* S3 */
	for (unsigned k = 0; k < 5000; k++)
		free_pfn(m, 8ull * k);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 20000);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_uint_eq(zi.nr_free[o], o == 2 ? 5000 : 0);
	ck_assert_int_eq(frag_unusable_index(m, z, 4), 1000);
	ck_assert_int_eq(frag_extfrag_index(m, z, 4), 750);
	ck_assert_int_eq(mm_compaction_suitable(m, z, 4, (int)z, &fi),
			 COMPACT_CONTINUE);
	ck_assert_int_eq(fi, 750);
	assert_ok(m);

	/* S3b */
	for (unsigned k = 0; k < 5000; k++)
		ck_assert(alloc(m, mask, 2, CTX_MEMALLOC, OWNER_ANON, 0, &res));
	ck_assert_int_eq(zone_free(m), 0);
	for (uint64_t pb = 0; pb < 16; pb += 2)
		for (uint64_t pfn = pb * 512; pfn < (pb + 1) * 512; pfn += 4)
			free_pfn(m, pfn);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 4096);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_uint_eq(zi.nr_free[o], o == 9 ? 8 : 0);
	ck_assert_int_eq(frag_extfrag_index(m, z, 10), 375);
	ck_assert_int_eq(mm_compaction_suitable(m, z, 10, (int)z, &fi),
			 COMPACT_NOT_SUITABLE_ZONE);
	ck_assert_int_eq(fi, 375);
	assert_ok(m);

	/* S3c */
	for (unsigned k = 0; k < 8; k++)
		ck_assert(alloc(m, mask, 9, CTX_MEMALLOC, OWNER_ANON, 0, &res));
	ck_assert_int_eq(zone_free(m), 0);
	for (uint64_t pfn = 512; pfn <= 544; pfn += 16) {
		free_pfn(m, pfn);
		free_pfn(m, pfn + 4);
	}
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 24);
	for (unsigned o = 0; o < NR_ORDERS; o++)
		ck_assert_uint_eq(zi.nr_free[o], o == 3 ? 3 : 0);
	ck_assert_int_eq(frag_extfrag_index(m, z, 4), 167);
	ck_assert_int_eq(mm_compaction_suitable(m, z, 4, (int)z, &fi),
			 COMPACT_SKIPPED);
	ck_assert_int_eq(fi, INT_MIN);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 6. S4: direct compaction fixes it (reference 8.3-8.5, 11 S4)         */
/* ==================================================================== */

START_TEST(test_s4_direct_compaction)
{
	/*
	 * M1 entirely in order-0 anonymous (LRU-movable) pages, then every
	 * odd PFN of the last 16 pageblocks (0x3e000..0x3ffff) freed: 16 *
	 * 256 = 4096 free order-0 pages, no free buddy anywhere.
	 *
	 * Suitability for order 9 (compaction_suitable): headroom low +
	 * compact_gap(9) = 1286 + 1024 = 2310 < 4096; fragindex(9) = 1000 -
	 * (1000 + 4096 * 1000 / 512) / 4096 = 1000 - 9000 / 4096 = 1000 - 2
	 * = 998 > 500 -> COMPACT_CONTINUE.
	 *
	 * GFP_HIGHUSER_MOVABLE|__GFP_RETRY_MAYFAIL order 9 from a task:
	 * fast path: 4096 - 511 = 3585 > 1286 but free_area[9..10] empty ->
	 * fail; slow path at min: same.  Costly order: early direct
	 * compaction at INIT_COMPACT_PRIORITY (async).  The migration
	 * scanner starts at the zone start (pageblock 0, Movable: a
	 * suitable_migration_source for a movable request), isolates its
	 * 512 pages in batches of 32 and migrates them into the free pages
	 * at the top of the zone.  When the last source page of pageblock 0
	 * is freed, PFN 0..511 merge in __free_one_page into an order-9 block
	 * (its buddy 512 is in use):
	 *   6.12: compaction_capture() hands that block to the compactor
	 *     (order == cc->order, Movable) -> COMPACT_SUCCESS with the page;
	 *   4.19 (no capture before 5.1): the scanner has left the order-9
	 *     aligned block, the pages are drained and merge, and
	 *     __compact_finished finds free_list[MOVABLE] of order 9 non-empty
	 *     -> COMPACT_SUCCESS; __alloc_pages_direct_compact's
	 *     get_page_from_freelist (min: 4096 - 511 > 1024) takes the only
	 *     order-9 block, PFN 0.
	 * Both: pfn 0, compact_stall 1, compact_success 1, compact_fail 0,
	 * pgmigrate_success 512, no reclaim.  Free afterwards 4096 - 512 =
	 * 3584.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, M1_PAGES, 0);
	unsigned z = normal_zone(m);
	struct alloc_result res;
	struct mm_vmstat vs;
	struct zone_info zi;
	int fi;

	assert_m1_wmarks(m);
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_ANON, 0, 0, 0);
	ck_assert_int_eq(zone_free(m), 0);
	for (uint64_t pfn = 0x3e001; pfn <= 0x3ffff; pfn += 2)
		free_pfn(m, pfn);
	zi = zinfo(m);
	ck_assert_int_eq(zi.free, 4096);
	ck_assert_uint_eq(zi.nr_free[0], 4096);
	ck_assert_int_eq(frag_unusable_index(m, z, 9), 1000);
	ck_assert_int_eq(frag_extfrag_index(m, z, 9), 998);
	ck_assert_int_eq(mm_compaction_suitable(m, z, 9, (int)z, &fi),
			 COMPACT_CONTINUE);
	ck_assert_int_eq(fi, 998);

	nr_capture_events = 0;
	mm_set_listener(m, count_captures, NULL);
	ck_assert(alloc_process(m, gfp(m, GFPT_HIGHUSER_MOVABLE) |
				GFPF_RETRY_MAYFAIL, 9, OWNER_ANON, &res));
	mm_set_listener(m, NULL, NULL);
	ck_assert_uint_eq(res.pfn, 0);
	ck_assert_uint_eq(res.compact_rounds, 1);
	ck_assert_int_eq(res.compact_result, COMPACT_SUCCESS);
	ck_assert_uint_eq(res.reclaim_rounds, 0);
	ck_assert_uint_eq(nr_capture_events, era == ERA_6_12 ? 1 : 0);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.compact_stall, 1);
	ck_assert_uint_eq(vs.compact_success, 1);
	ck_assert_uint_eq(vs.compact_fail, 0);
	ck_assert_uint_eq(vs.pgmigrate_success, 512);
	ck_assert_int_eq(zone_free(m), 3584);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 7. S10: retry policies (reference 5.6, 5.8, 11 S10)                  */
/* ==================================================================== */

START_TEST(test_s10_retry_policies)
{
	/*
	 * The OOM machine with task B only (300 anonymous pages), free 900,
	 * nothing reclaimable.  Compaction headroom (__compaction_suitable)
	 * is never there: order <= 3 needs free > min + 2 << order (order
	 * 3: 1040), order > 3 free > low + 2 << order (order 4: 1318, order
	 * 9: 2310), and 900 is below all of them -> every compaction attempt
	 * is COMPACT_SKIPPED (no compact_stall).
	 *
	 * a) order 3 GFP_KERNEL|__GFP_RETRY_MAYFAIL: order > 0 and Unmovable
	 *    -> early async compaction (SKIPPED); retry: reclaim (nothing),
	 *    direct compaction (SKIPPED), should_reclaim_retry: 900 - 7 <=
	 *    1024 even with reclaimable 0 -> no; should_compact_retry not
	 *    asked (no progress); may_oom: __GFP_RETRY_MAYFAIL -> no kill ->
	 *    FAIL_NO_OOM.  1 reclaim round, 2 compaction attempts.
	 * b) order 4 GFP_KERNEL: early compaction (costly) SKIPPED, one
	 *    reclaim round, direct compaction SKIPPED, then "costly_order &&
	 *    !__GFP_RETRY_MAYFAIL -> nopage": FAIL_COSTLY, never the OOM
	 *    killer (it would not help orders > 3 anyway).
	 * c) order 9 GFP_HIGHUSER_MOVABLE|__GFP_NORETRY (a THP fault): early
	 *    async compaction SKIPPED.
	 *    6.12: "costly_order && __GFP_NORETRY: compact_result ==
	 *      COMPACT_SKIPPED || COMPACT_DEFERRED -> nopage": fails at once,
	 *      no reclaim, 1 compaction attempt.
	 *    4.19: only COMPACT_DEFERRED fails at once; SKIPPED sets
	 *      compact_priority = INIT_COMPACT_PRIORITY and goes on: one
	 *      reclaim round (nothing), direct compaction (SKIPPED), "Do not
	 *      loop if specifically requested: __GFP_NORETRY -> nopage".
	 *      1 reclaim round, 2 compaction attempts.
	 *    Both FAIL_NORETRY, no OOM kill.
	 * d) order 3 GFP_KERNEL: as (a) up to __alloc_pages_may_oom, which
	 *    kills B (the only task): its 300 pages come back, free 1200,
	 *    retry: order-3 check at min 1200 - 7 = 1193 > 1024 and B's
	 *    freed pages merged into blocks of order >= 3 -> success.
	 *    1 reclaim round, 2 compaction attempts, oom_kill 1.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	int b;
	struct machine *m = make_oom_machine(era, NULL, &b);
	struct alloc_result res;
	struct mm_vmstat vs;

	/* a */
	ck_assert(!alloc_process(m, gfp(m, GFPT_KERNEL) | GFPF_RETRY_MAYFAIL, 3,
				 OWNER_KERNEL, &res));
	ck_assert_int_eq(res.reason, FAIL_NO_OOM);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(res.reclaim_rounds, 1);
	ck_assert_uint_eq(res.compact_rounds, 2);
	ck_assert_int_eq(res.compact_result, COMPACT_SKIPPED);
	/* b */
	ck_assert(!alloc_process(m, gfp(m, GFPT_KERNEL), 4, OWNER_KERNEL, &res));
	ck_assert_int_eq(res.reason, FAIL_COSTLY);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(res.reclaim_rounds, 1);
	ck_assert_uint_eq(res.compact_rounds, 2);
	ck_assert_int_eq(res.compact_result, COMPACT_SKIPPED);
	/* c */
	ck_assert(!alloc_process(m, gfp(m, GFPT_HIGHUSER_MOVABLE) | GFPF_NORETRY,
				 9, OWNER_ANON, &res));
	ck_assert_int_eq(res.reason, FAIL_NORETRY);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(res.reclaim_rounds, era == ERA_6_12 ? 0 : 1);
	ck_assert_uint_eq(res.compact_rounds, era == ERA_6_12 ? 1 : 2);
	ck_assert_int_eq(res.compact_result, COMPACT_SKIPPED);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.oom_kill, 0);
	ck_assert_uint_eq(vs.compact_stall, 0);
	ck_assert_int_eq(task(m, b).pages[OWNER_ANON], 300);
	ck_assert_int_eq(zone_free(m), 900);
	/* d */
	ck_assert(alloc_process(m, gfp(m, GFPT_KERNEL), 3, OWNER_KERNEL, &res));
	ck_assert(res.oom_killed);
	ck_assert_int_eq(res.oom_victim, b);
	ck_assert_uint_eq(res.reclaim_rounds, 1);
	ck_assert_uint_eq(res.compact_rounds, 2);
	ck_assert_uint_eq(vmstat(m).oom_kill, 1);
	ck_assert_uint_eq(vmstat(m).compact_stall, 0);
	ck_assert_int_eq(task(m, b).pages[OWNER_ANON], 0);
	ck_assert_int_eq(zone_free(m), 1200 - 8);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

START_TEST(test_s10_nofail)
{
	/*
	 * __GFP_NOFAIL with nothing left: M1 all kernel pages (free 0),
	 * GFP_NOFS|__GFP_NOFAIL order 0.  Reclaim frees nothing,
	 * should_reclaim_retry says no, __alloc_pages_may_oom calls
	 * out_of_memory(), which for a request without __GFP_FS returns true
	 * at once ("progress", nobody killed); __GFP_NOFAIL then tries
	 * __alloc_pages_cpuset_fallback(ALLOC_NO_WATERMARKS), which finds
	 * nothing with free 0; did_some_progress -> goto retry -- for ever
	 * (both eras).  The model bounds the loop and returns a failure with
	 * nofail_warned.  Nobody is killed.
	 *
	 * First the same for a costly order, GFP_KERNEL|__GFP_NOFAIL order
	 * 4: early compaction SKIPPED (free 0 < 1318), one reclaim round
	 * (nothing), compaction SKIPPED, "costly_order &&
	 * !__GFP_RETRY_MAYFAIL -> nopage", where __GFP_NOFAIL warns
	 * (WARN_ON_ONCE_GFP(costly_order)), tries
	 * __alloc_pages_cpuset_fallback(ALLOC_MIN_RESERVE) -- nothing, free
	 * is 0 -- and goes back to retry, for ever; __alloc_pages_may_oom is
	 * never reached, nobody is killed.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_oom_machine(era, NULL, NULL);
	struct alloc_result res;

	fill_kernel_to(m, 0);
	ck_assert(!alloc_process(m, gfp(m, GFPT_KERNEL) | GFPF_NOFAIL, 4,
				 OWNER_KERNEL, &res));
	ck_assert(res.nofail_warned);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(vmstat(m).nofail_loops, 1);

	ck_assert(!alloc_process(m, gfp(m, GFPT_NOFS) | GFPF_NOFAIL, 0,
				 OWNER_KERNEL, &res));
	ck_assert_msg(res.nofail_warned,
		      "__GFP_NOFAIL gave up without nofail_warned: reason %s, "
		      "%u retries, nofail_loops %lu",
		      alloc_fail_reason_text(res.reason), res.retries,
		      vmstat(m).nofail_loops);
	ck_assert(!res.oom_killed);
	ck_assert_uint_eq(vmstat(m).oom_kill, 0);
	ck_assert_uint_eq(vmstat(m).nofail_loops, 2);
	ck_assert_int_eq(zone_free(m), 0);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ==================================================================== */
/* 8. S2: boosted reclaim (reference 4.5, 11 S2; 5.0+)                  */
/* ==================================================================== */

START_TEST(test_s2_boosted_reclaim)
{
	/*
	 * M1 entirely clean page cache (order 0).  Page 512 is truncated (the
	 * only free page) and taken by GFP_KERNEL (PF_MEMALLOC, without
	 * __GFP_KSWAPD_RECLAIM so that ZONE_BOOSTED_WATERMARK is not set and
	 * kswapd stays asleep): the Unmovable lists are empty, the fallback
	 * finds 512/o0 on the Movable list:
	 *   6.12: try_to_claim_block -> boost_watermark: boost = min(0 + 512,
	 *     max(512, 1548 * 15000 / 10000 = 2322)) = 512; free 1 + alike 0
	 *     < 256: not claimed; __rmqueue_steal takes 512.
	 *   4.19: no boosting (boost stays 0).
	 * Then 4096 page cache pages at PFN 8192..12287 are truncated: free
	 * 4096 (four order-10 blocks), file LRU 262144 - 1 - 4096 = 258047.
	 *
	 * 6.12, wakeup_kswapd(order 0): the node is balanced (free 4096 >
	 * high_wmark_pages = 1548 + boost 512 = 2060) but boosted
	 * (pgdat_watermark_boosted), so kswapd wakes.  balance_pgdat:
	 * nr_boost_reclaim = 512; every pass finds the node balanced, so
	 * boosted reclaim goes on (may_writepage = may_swap = 0, no
	 * writeback), nr_to_reclaim = max(2060, 32):
	 *   prio 12: 258047 >> 12 = 62 (63 * 4096 = 258048 > 258047);
	 *            boost left 450, free 4158; priority raised (62 < 2060)
	 *   prio 11: 257985 >> 11 = 125 (126 * 2048 = 258048); left 325,
	 *            free 4283
	 *   prio 10: 257860 >> 10 = 251 (252 * 1024 = 258048); left 74,
	 *            free 4534; "nr_boost_reclaim && sc.priority ==
	 *            DEF_PRIORITY - 2 -> raise_priority = false": stays 10
	 *   prio 10: 257609 >> 10 = 251 (251 * 1024 = 257024); left 0,
	 *            free 4785
	 *   next pass: balanced, no boost left -> out: watermark_boost -= 512
	 *   -> 0, wakeup_kcompactd(pgdat, pageblock_order = 9, ...).
	 * kswapd reclaimed 62 + 125 + 251 + 251 = 689 pages (a little more
	 * than the boost: the last pass is not cut at the boost), none
	 * written back; kswapd_try_to_sleep then finds the node balanced
	 * (4785 > 1548) and sleeps; kcompactd is pending for order 9.
	 *
	 * 4.19: nothing boosted, the node balanced (4096 > 1548):
	 * wakeup_kswapd does not wake kswapd (and wakeup_kcompactd(order 0)
	 * does nothing).
	 */
	enum kernel_era era = (enum kernel_era)_i;
	struct machine *m = make_machine(era, M1_PAGES, 0);
	struct alloc_result res;
	struct mm_vmstat vs;
	struct kswapd_info ki;

	assert_m1_wmarks(m);
	fill(m, GFPT_HIGHUSER_MOVABLE, OWNER_PAGECACHE, 0, 0, 0);
	ck_assert_int_eq(zone_free(m), 0);
	free_pfn(m, 512);
	ck_assert(alloc(m, gfp(m, GFPT_KERNEL) & ~GFPF_KSWAPD_RECLAIM, 0,
			CTX_MEMALLOC, OWNER_KERNEL, 0, &res));
	ck_assert_uint_eq(res.pfn, 512);
	ck_assert_uint_eq(zinfo(m).boost, era == ERA_6_12 ? 512 : 0);
	for (uint64_t pfn = 8192; pfn < 8192 + 4096; pfn++)
		free_pfn(m, pfn);
	ck_assert_int_eq(zone_free(m), 4096);
	ck_assert_int_eq(file_lru(m), 258047);
	ck_assert(!mm_kswapd_awake(m));

	mm_kswapd_wake(m, 0);
	if (era == ERA_4_19) {
		ck_assert(!mm_kswapd_awake(m));
		ck_assert(!mm_kcompactd_pending(m));
		ck_assert_int_eq(zone_free(m), 4096);
		assert_ok(m);
		mm_destroy(m);
		return;
	}
	ck_assert(mm_kswapd_awake(m));
	mm_kswapd_run(m, 1000000);
	ck_assert(!mm_kswapd_awake(m));
	ki = kswapd(m);
	ck_assert_uint_eq(ki.reclaimed, 689);
	ck_assert_int_eq(zone_free(m), 4785);
	ck_assert_int_eq(file_lru(m), 258047 - 689);
	ck_assert_uint_eq(zinfo(m).boost, 0);
	vs = vmstat(m);
	ck_assert_uint_eq(vs.pgsteal_kswapd, 689);
	ck_assert_uint_eq(vs.nr_vmscan_write, 0);
	ck_assert_uint_eq(vs.pswpout, 0);
	ck_assert(mm_kcompactd_pending(m));
	ck_assert(ki.kcompactd_woken);
	ck_assert_int_eq(ki.kcompactd_order, 9);
	assert_ok(m);
	mm_destroy(m);
}
END_TEST

/* ---- the old copies of a batch, freed together ---- */

/* The blocks both machines hold, by first PFN; pos[pfn - base] is the
 * index in pfn[] + 1, 0 for none. */
struct same_held {
	uint64_t base;
	unsigned n;
	uint64_t *pfn;
	unsigned *pos;
};

static void
held_put(struct same_held *h, uint64_t pfn)
{
	h->pfn[h->n++] = pfn;
	h->pos[pfn - h->base] = h->n;
}

static void
held_drop(struct same_held *h, unsigned i)
{
	h->pos[h->pfn[i] - h->base] = 0;
	h->pfn[i] = h->pfn[--h->n];
	if (i < h->n)
		h->pos[h->pfn[i] - h->base] = i + 1;
}

/* The listener of the machine that frees each old copy at once: it also
 * follows the held blocks compaction moves. */
static void
same_track(const struct mm_event *ev, void *data)
{
	struct same_held *h = data;

	if (ev->type == EV_MIGRATE && h->pos[ev->pfn - h->base]) {
		held_drop(h, h->pos[ev->pfn - h->base] - 1);
		held_put(h, ev->buddy_pfn);
	}
}

static uint64_t same_rng;

static uint32_t
same_below(uint32_t n)
{
	same_rng ^= same_rng >> 12;
	same_rng ^= same_rng << 25;
	same_rng ^= same_rng >> 27;
	return (uint32_t)(((same_rng * 0x2545f4914f6cdd1dull) >> 32) % n);
}

static void
assert_same(const struct machine *a, const struct machine *b, unsigned seed,
	    const char *what)
{
	struct mm_vmstat va, vb;

	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	mm_get_vmstat(a, &va);
	mm_get_vmstat(b, &vb);
	ck_assert_msg(mm_state_hash(a) == mm_state_hash(b),
		      "seed %u, after %s: the machines differ", seed, what);
	ck_assert_msg(!memcmp(&va, &vb, sizeof(va)),
		      "seed %u, after %s: vmstat differs", seed, what);
	ck_assert_msg(mm_check(a, err, sizeof(err)), "seed %u, after %s: %s",
		      seed, what, err);
}

/* The same random allocation or free on both machines. */
static void
same_step(struct machine *a, struct machine *b, struct same_held *h,
	  unsigned max_held)
{
	static const enum page_owner owners[] = {
		OWNER_ANON, OWNER_ANON, OWNER_PAGECACHE, OWNER_PAGECACHE_DIRTY,
		OWNER_KERNEL, OWNER_SLAB, OWNER_PINNED,
	};
	static const unsigned orders[] = { 0, 0, 0, 0, 1, 1, 2, 3 };

	if (h->n && (h->n == max_held || same_below(5) < 2)) {
		unsigned i = same_below(h->n);

		ck_assert_msg(mm_free_pages(a, h->pfn[i], err, sizeof(err)), "%s", err);
		ck_assert_msg(mm_free_pages(b, h->pfn[i], err, sizeof(err)), "%s", err);
		held_drop(h, i);
	} else {
		unsigned pick = same_below(8);
		enum page_owner owner = pick < 7 ? owners[pick] : OWNER_KERNEL;
		unsigned order = pick == 7 ? 2 + same_below(2) :
				 same_below(32) ? orders[same_below(8)] : 9;
		enum gfp_type t = owner == OWNER_KERNEL || owner == OWNER_SLAB ?
			GFPT_KERNEL : GFPT_HIGHUSER_MOVABLE;
		/* the eighth kind: a high-order GFP_ATOMIC from a process,
		 * which may reserve a HighAtomic pageblock */
		enum alloc_ctx ctx = pick < 7 ? CTX_MEMALLOC : CTX_PROCESS;
		gfp_t mask = gfp(a, pick < 7 ? t : GFPT_ATOMIC) & ~GFPF_KSWAPD_RECLAIM;
		struct alloc_result ra, rb;
		bool oka, okb;

		if (owner == OWNER_SLAB)
			mask |= GFPF_RECLAIMABLE;
		oka = alloc(a, mask, order, ctx, owner, 0, &ra);
		okb = alloc(b, mask, order, ctx, owner, 0, &rb);
		ck_assert_int_eq(oka, okb);
		if (oka) {
			ck_assert_uint_eq(ra.pfn, rb.pfn);
			held_put(h, ra.pfn);
		}
	}
}

START_TEST(test_compaction_batch_free_same)
{
	/*
	 * With the per-CPU lists off and nobody listening, compaction frees
	 * the old copies of a batch together (free_unref_pages_compacted());
	 * with a listener each is freed as soon as it is copied, as the
	 * kernel's migrate_pages() frees it.  Both must leave the same
	 * machine -- every page's state, every free list in its order, the
	 * counters (mm_state_hash) and vmstat -- after compactions of every
	 * kind: whole zone, for an order, each priority, stepped, proactive.
	 * Random machines of both eras: three sizes; zones that start at a
	 * PFN 64 pages past a pageblock boundary, so the merge meets the
	 * zone's ends; some with a CMA area or a hole; HighAtomic reserves
	 * from high-order GFP_ATOMIC requests.
	 */
	enum kernel_era era = (enum kernel_era)_i;
	static const uint64_t sizes[] = { 1024, 4096, 16384 };
	static const enum compact_priority prios[] = {
		COMPACT_PRIO_ASYNC, COMPACT_PRIO_SYNC_LIGHT, COMPACT_PRIO_SYNC_FULL,
	};

	for (unsigned seed = 1; seed <= 24; seed++) {
		struct machine_config cfg;
		struct machine *a, *b;
		struct same_held h;
		unsigned max_held, zone;

		same_rng = 0x5eed0000ull + seed;
		mm_config_init(&cfg);
		cfg.era = era;
		cfg.nr_zones = 1;
		cfg.zones[0].type = ZONE_NORMAL;
		cfg.zones[0].spanned = sizes[seed % 3];
		if (seed % 3 == 0)
			cfg.pageblock_order = 7;
		if (seed % 2)
			cfg.start_pfn = 0x40040;
		if (seed % 4 == 2) {	/* a start on a pageblock boundary */
			cfg.cma = true;
			cfg.zones[0].cma_pages = 2ull << (seed % 3 == 0 ? 7 : 9);
		}
		if (seed % 5 == 2) {
			cfg.zones[0].nr_holes = 1;
			cfg.zones[0].hole_start[0] = cfg.zones[0].spanned / 2 + 3;
			cfg.zones[0].hole_len[0] = 200;
		}
		a = mm_create(&cfg, err, sizeof(err));
		ck_assert_msg(a != NULL, "mm_create: %s", err);
		mm_set_pcp(a, false);
		zone = normal_zone(a);
		max_held = (unsigned)cfg.zones[0].spanned;
		h.base = cfg.start_pfn;
		h.n = 0;
		h.pfn = malloc(max_held * sizeof(*h.pfn));
		h.pos = calloc(max_held, sizeof(*h.pos));
		ck_assert(h.pfn && h.pos);
		b = mm_clone(a);
		ck_assert_ptr_nonnull(b);
		mm_set_listener(b, same_track, &h);
		/* fill the zone, freeing some on the way, then free about
		 * half of what is held */
		for (unsigned i = 0; i < max_held; i++)
			same_step(a, b, &h, max_held);
		for (unsigned i = h.n / 2; i > 0; i--) {
			unsigned k = same_below(h.n);

			ck_assert(mm_free_pages(a, h.pfn[k], err, sizeof(err)));
			ck_assert(mm_free_pages(b, h.pfn[k], err, sizeof(err)));
			held_drop(&h, k);
		}
		for (unsigned round = 0; round < 8; round++) {
			unsigned kind = same_below(5);
			int order = same_below(3) ? -1 : (int)same_below(NR_ORDERS);
			enum compact_priority prio = prios[same_below(3)];
			struct compact_info ca, cb;

			for (unsigned i = 0; i < max_held / 8; i++)
				same_step(a, b, &h, max_held);
			assert_same(a, b, seed, "the random steps");
			if (kind == 0) {
				mm_compact_memory(a);
				mm_compact_memory(b);
			} else if (kind == 1) {
				ck_assert_int_eq(mm_proactive_compact(a),
						 mm_proactive_compact(b));
			} else if (kind == 2) {
				ck_assert(mm_compact_begin(a, zone, order, prio, err,
							   sizeof(err)));
				ck_assert(mm_compact_begin(b, zone, order, prio, err,
							   sizeof(err)));
				while (mm_compact_step(a)) {
					ck_assert(mm_compact_step(b));
					assert_same(a, b, seed, "a compaction step");
				}
				ck_assert(!mm_compact_step(b));
			} else {
				ck_assert_int_eq(mm_compact_zone(a, zone, order, prio, &ca),
						 mm_compact_zone(b, zone, order, prio, &cb));
				ck_assert_uint_eq(ca.nr_migrated, cb.nr_migrated);
			}
			assert_same(a, b, seed, "a compaction");
		}
		/* not vacuous: every machine had pages to migrate */
		ck_assert_msg(vmstat(a).pgmigrate_success > 0,
			      "seed %u: nothing migrated", seed);
		free(h.pfn);
		free(h.pos);
		mm_destroy(a);
		mm_destroy(b);
	}
}
END_TEST

static Suite *
reclaim_suite(void)
{
	Suite *s = suite_create("reclaim");
	TCase *tc = tcase_create("compact_memory");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_compact_memory_movable, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_compact_memory_unmovable, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_compact_memory_scan_counts, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_compaction_batch_free_same, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("reclaim");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_s9_kswapd_cycle, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_kernel_reclaims_atomic_cannot, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s2_boosted_reclaim, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("oom");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_oom_kills_largest, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_oom_no_victim, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s10_retry_policies, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s10_nofail, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	tc = tcase_create("compaction");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_s3_suitability, ERA_4_19, NR_ERAS);
	tcase_add_loop_test(tc, test_s4_direct_compaction, ERA_4_19, NR_ERAS);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(reclaim_suite());
}
