/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mm.h - the simulated machine: one node of zones, their free lists and
 * pageblocks, and the buddy allocator that serves GFP requests from them.
 *
 * A struct machine is built from a struct machine_config (zones in the
 * kernel's order, sizes, holes, era, orders) and then driven with
 * mm_alloc_pages() and mm_free_pages().  It is deterministic: the same
 * config, seed and calls give the same state and the same mm_state_hash().
 * The library never prints and never exits: user errors come back as
 * false plus a message, decisions as events (event.h).
 *
 * Zone indices: a machine configures the zone types the kernel would
 * (x86-64: DMA, DMA32, Normal, Movable, Device; 32-bit: DMA, Normal,
 * HighMem, Movable) and keeps all of them, populated or not, in that
 * order; "zone index" everywhere means the position in that list, which
 * is what the kernel's zone_idx() and the columns of "protection:" use.
 */
#ifndef BUDDYSCOPE_MM_H
#define BUDDYSCOPE_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "era.h"
#include "event.h"
#include "gfp.h"

#define MM_MAX_ZONES 6
#define MM_MAX_ORDER_LIMIT 12	/* largest MAX_PAGE_ORDER we accept */
#define MM_MAX_HOLES 8
#define MM_MAX_CPUS 64
#define PAGE_SIZE_KB 4

/* What an allocated block is (its owner kind); decides what reclaim and
 * compaction may do with it. */
enum page_owner {
	OWNER_KERNEL,		/* unmovable, never reclaimable */
	OWNER_SLAB,		/* reclaimable slab */
	OWNER_PAGECACHE,	/* movable, reclaimable when clean */
	OWNER_PAGECACHE_DIRTY,	/* movable, reclaimable after writeback */
	OWNER_ANON,		/* movable; reclaimable only with swap */
	OWNER_PINNED,		/* movable type, cannot migrate */
	OWNER_RESERVED,		/* memblock-reserved at boot, never freed */
	NR_OWNERS,
};
const char *page_owner_name(enum page_owner o);
bool page_owner_parse(const char *s, enum page_owner *out);
/* The owner a GFP mask suggests (movable -> anon, reclaimable -> slab,
 * else kernel). */
enum page_owner page_owner_from_gfp(gfp_t gfp);

struct zone_config {
	enum zone_type type;
	uint64_t spanned;	/* pages from start_pfn */
	uint64_t present;	/* spanned minus holes (0: = spanned) */
	uint64_t managed;	/* present minus boot reservations (0: = present) */
	unsigned nr_holes;	/* holes, each [start, start+len) inside */
	uint64_t hole_start[MM_MAX_HOLES];
	uint64_t hole_len[MM_MAX_HOLES];
	/* A CMA area (cma_init_reserved_mem): this many pages at the end of
	 * the zone, whole pageblocks, typed MIGRATE_CMA at boot.  Needs
	 * machine_config.cma. */
	uint64_t cma_pages;
};

struct machine_config {
	enum kernel_era era;
	bool highmem_arch;	/* 32-bit layout: DMA, Normal, HighMem, Movable */
	bool cma;		/* CONFIG_CMA: a MIGRATE_CMA type exists */
	unsigned max_page_order;	/* MAX_PAGE_ORDER, default 10 */
	unsigned pageblock_order;	/* default 9 */
	unsigned nr_cpus;		/* per-CPU lists, default 1 */
	uint64_t start_pfn;		/* PFN of the first zone, default 0 */
	/* Zones in kernel order, contiguous from start_pfn.  Types not
	 * listed are configured but empty. */
	unsigned nr_zones;
	struct zone_config zones[MM_MAX_ZONES];
	/* Optional explicit start PFN per zone (0 = follow the previous). */
	uint64_t zone_start_pfn[MM_MAX_ZONES];
};

/* A sensible default config: era 6.12, orders 0..10, pageblock 9, 1 CPU. */
void mm_config_init(struct machine_config *cfg);

struct machine;

/*
 * Build a machine as the kernel boots one (reference 6.5): every pageblock
 * MOVABLE, reserved pages allocated to OWNER_RESERVED, the rest freed in
 * ascending PFN order in the largest aligned chunks, watermarks and
 * lowmem_reserve computed from the defaults.  Returns NULL and a message
 * on a config the kernel could not have (sizes, orders, overlaps).
 */
struct machine *mm_create(const struct machine_config *cfg, char *err,
			  size_t errlen);
void mm_destroy(struct machine *m);
/* A deep copy (for undo and what-if); NULL on out of memory.  The copy
 * has no event listener. */
struct machine *mm_clone(const struct machine *m);

/* The callback that receives every event; NULL to detach.  Building the
 * events costs nothing when no listener is attached. */
void mm_set_listener(struct machine *m, mm_event_fn fn, void *data);

const struct machine_config *mm_config(const struct machine *m);
enum kernel_era mm_era(const struct machine *m);
unsigned mm_max_order(const struct machine *m);
unsigned mm_pageblock_order(const struct machine *m);
unsigned mm_nr_zones(const struct machine *m);
uint64_t mm_start_pfn(const struct machine *m);
uint64_t mm_end_pfn(const struct machine *m);	/* one past the last */
bool mm_group_by_mobility(const struct machine *m);
bool mm_have_cma(const struct machine *m);

/* A read-only view of one zone, copied out. */
struct zone_info {
	enum zone_type type;
	const char *name;		/* "DMA", "Normal", ... */
	uint64_t start_pfn, spanned, present, managed;
	long free;			/* NR_FREE_PAGES */
	long free_cma;
	unsigned long wmark[4];		/* MIN, LOW, HIGH, PROMO (no boost) */
	unsigned long boost;		/* watermark_boost */
	long lowmem_reserve[MM_MAX_ZONES];
	long nr_reserved_highatomic;
	long nr_free_highatomic;
	long pcp_count;			/* pages on per-CPU lists */
	int pcp_high, pcp_batch, pcp_high_min, pcp_high_max;
	unsigned long nr_free[MM_MAX_ORDER_LIMIT + 1];	/* blocks per order */
	bool populated;
};
bool mm_zone_info(const struct machine *m, unsigned zone, struct zone_info *out);
/* Blocks on free_area[order].free_list[mt] of a zone. */
unsigned long mm_nr_free_mt(const struct machine *m, unsigned zone,
			    unsigned order, enum migratetype mt);
/* Pageblocks of a zone whose type is mt. */
unsigned long mm_nr_pageblocks(const struct machine *m, unsigned zone,
			       enum migratetype mt);
/* The first n PFNs from the head of a free list; returns how many. */
unsigned mm_free_list_peek(const struct machine *m, unsigned zone,
			   unsigned order, enum migratetype mt,
			   uint64_t *pfns, unsigned n);
/* Zone index by name ("Normal", case-insensitive); -1 if none. */
int mm_zone_by_name(const struct machine *m, const char *name);

/* What one PFN is (crash's kmem -f / -p). */
enum page_kind {
	PAGE_HOLE,		/* not present */
	PAGE_FREE,		/* inside a free buddy block */
	PAGE_PCP,		/* on a per-CPU list: free but not counted */
	PAGE_ALLOCATED,		/* inside an allocated block */
};
struct page_info {
	enum page_kind kind;
	int zone;
	uint64_t block_pfn;	/* head of the block holding it */
	unsigned order;		/* order of that block */
	enum migratetype list_mt;	/* FREE/PCP: list it is on */
	enum migratetype pageblock_mt;	/* type of its pageblock */
	enum page_owner owner;		/* ALLOCATED */
};
bool mm_page_info(const struct machine *m, uint64_t pfn, struct page_info *out);
enum migratetype mm_pageblock_type(const struct machine *m, uint64_t pfn);

/* Settings: the vm.* sysctls. */
struct mm_sysctl {
	long min_free_kbytes;		/* current value */
	unsigned watermark_scale_factor;	/* default 10 */
	unsigned watermark_boost_factor;	/* default 15000 (0 in 4.19) */
	unsigned lowmem_reserve_ratio[MM_MAX_ZONES];
	unsigned extfrag_threshold;		/* default 500 */
	unsigned compaction_proactiveness;	/* default 20 (6.12) */
};
void mm_get_sysctl(const struct machine *m, struct mm_sysctl *out);
/*
 * Change sysctls and recompute as the kernel's handlers do
 * (min_free_kbytes_sysctl_handler -> setup_per_zone_wmarks, lowmem_reserve
 * handler -> setup_per_zone_lowmem_reserve).  Validates the kernel's
 * ranges first; on error nothing changes.
 */
bool mm_set_sysctl(struct machine *m, const struct mm_sysctl *s, char *err,
		   size_t errlen);
/* Override one zone's min/low/high directly (teaching); high >= low >= min. */
bool mm_set_watermarks(struct machine *m, unsigned zone, unsigned long min,
		       unsigned long low, unsigned long high, char *err,
		       size_t errlen);

/* Per-CPU page lists: off = zone_pcp_disable() (high 0, batch 1). */
void mm_set_pcp(struct machine *m, bool on);
bool mm_pcp_enabled(const struct machine *m);
/* Return every per-CPU page to the buddy lists (drain_all_pages). */
void mm_drain_pcp(struct machine *m);

struct alloc_request {
	gfp_t gfp;
	unsigned order;
	enum alloc_ctx ctx;
	int zone;		/* -1: as gfp_zone() says; else highest zone index */
	enum page_owner owner;	/* what the pages will be */
	bool owner_set;		/* false: page_owner_from_gfp() */
	unsigned cpu;		/* per-CPU list used */
	int task;		/* owning task (reclaim.h), 0 none */
};
/* A request with defaults: GFP_KERNEL of the era, process context. */
void mm_request_init(const struct machine *m, struct alloc_request *req,
		     unsigned order);

struct alloc_result {
	uint64_t pfn;		/* first page of the block */
	bool ok;
	bool kswapd_woken;
	bool slowpath;
	bool oom_killed;
	bool nofail_warned;	/* __GFP_NOFAIL with nothing left */
	int zone;
	enum migratetype mt;	/* gfp_migratetype used */
	enum alloc_fail_reason reason;
	int fail_zone;		/* the zone whose check decided the failure */
	long fail_free, fail_min, fail_reserve;	/* its numbers */
	/* What the slow path did (reclaim, compaction, OOM). */
	unsigned long reclaimed;	/* pages by direct reclaim */
	unsigned reclaim_rounds;
	unsigned compact_rounds;
	int compact_result;		/* last enum compact_result, -1 none */
	int oom_victim;			/* task id */
	unsigned retries;		/* times the slow path went to retry */
	const char *detail;		/* more about the reason, or NULL */
};

/*
 * __alloc_pages(): the fast path at the low watermark, then the slow path
 * (gfp_to_alloc_flags, wake kswapd, reserves at min, no-watermark access)
 * as the era does, then direct reclaim, direct compaction, the retry
 * rules and the OOM killer (reclaim.h, compaction.h).  Every loop is
 * bounded; __GFP_NOFAIL with nothing left to free fails with a warning
 * where the kernel would loop for ever.  A failure is an outcome, not an
 * error.
 */
bool mm_alloc_pages(struct machine *m, const struct alloc_request *req,
		    struct alloc_result *res);

/*
 * __free_pages(): free the allocated block that starts at pfn with its
 * order (through the per-CPU list when on).  Returns false with a message
 * when pfn is not the head of an allocated block or the block is reserved.
 */
bool mm_free_pages(struct machine *m, uint64_t pfn, char *err, size_t errlen);

/*
 * unreserve_highatomic_pageblock(): return one HighAtomic pageblock of the
 * zones up to highest_zoneidx to type mt (the slow path does this before
 * giving up).  Without force a zone keeps one reserved block.  True if a
 * block with free pages was returned.
 */
bool mm_unreserve_highatomic(struct machine *m, int highest_zoneidx,
			     enum migratetype mt, bool force);

/* Head PFN and order of the allocated block holding pfn; false if none. */
bool mm_find_allocation(const struct machine *m, uint64_t pfn,
			uint64_t *head, unsigned *order, enum page_owner *owner);

/* Counters in the spirit of /proc/vmstat. */
struct mm_vmstat {
	unsigned long pgalloc[MM_MAX_ZONES];
	unsigned long pgfree;
	unsigned long allocstall[MM_MAX_ZONES];	/* by highest_zoneidx */
	unsigned long alloc_fail;
	unsigned long kswapd_wake;
	unsigned long extfrag_events;
	unsigned long extfrag_fragmenting;
	unsigned long pageblock_claims;
	/* reclaim (mm/vmscan.c) */
	unsigned long pgscan_kswapd, pgscan_direct;
	unsigned long pgsteal_kswapd, pgsteal_direct;
	unsigned long pageoutrun;		/* kswapd balance passes */
	unsigned long nr_vmscan_write;		/* dirty pages written */
	unsigned long pswpout;			/* anon pages swapped out */
	unsigned long slabs_scanned;
	unsigned long drop_pagecache, drop_slab;
	/* compaction (mm/compaction.c) */
	unsigned long compact_stall, compact_success, compact_fail;
	unsigned long compact_migrate_scanned, compact_free_scanned;
	unsigned long compact_isolated, compact_daemon_wake;
	unsigned long pgmigrate_success, pgmigrate_fail;
	unsigned long compact_deferred;
	/* OOM */
	unsigned long oom_kill;
	unsigned long nofail_loops;		/* __GFP_NOFAIL rounds warned */
};
void mm_get_vmstat(const struct machine *m, struct mm_vmstat *out);

/* kswapd state per node, for the screen and issue-3 reclaim. */
bool mm_kswapd_awake(const struct machine *m);

/* A 64-bit hash of the whole allocator state (lists in order included). */
uint64_t mm_state_hash(const struct machine *m);

/*
 * The invariant checker (CONFIG_DEBUG_VM in spirit): every list is well
 * linked and holds PageBuddy heads of its order and zone, nr_free and the
 * zone free counters agree with the lists, free blocks are aligned, inside
 * one zone, disjoint and cover exactly the pages not allocated, pageblock
 * types are valid, no two free buddies of equal order sit unmerged where
 * the kernel would have merged them.  Returns false with the first
 * violation described in err.
 */
bool mm_check(const struct machine *m, char *err, size_t errlen);

/* Bytes of model state per simulated page (for the benchmark). */
double mm_bytes_per_page(const struct machine *m);

/* Bytes the page arrays of a machine of this configuration take (its
 * spanned pages' links and state, and the pageblock types): what building
 * it costs in memory, known before it is built. */
uint64_t mm_config_state_bytes(const struct machine_config *cfg);

#endif
