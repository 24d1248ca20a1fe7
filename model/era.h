/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * era.h - which kernel's rules the model follows.
 *
 * buddyscope models two kernel eras: 4.19 (the era of the classic textbook
 * descriptions, with __GFP_ATOMIC and ALLOC_HARDER) and 6.12 (the current
 * long-term kernel, as in Debian's 6.12-stable with the 6.15 fallback
 * rework backported).  Every behaviour that differs between them is one
 * field of struct era_rules, and the table of both eras is in era.c, so the
 * differences can be read in one place.  Code asks "does this era do X?"
 * through era_rules(), never "is this 4.19?".
 */
#ifndef BUDDYSCOPE_ERA_H
#define BUDDYSCOPE_ERA_H

#include <stdbool.h>

enum kernel_era {
	ERA_4_19,
	ERA_6_12,
	NR_ERAS,
};

/* Free-list position for pages moved between lists or handed over at boot. */
enum list_pos {
	LIST_HEAD_POS,
	LIST_TAIL_POS,
};

struct era_rules {
	const char *name;		/* "4.19", "6.12" */
	/* Boot: where __free_pages_core() puts the boot chunks (6.5). */
	enum list_pos boot_pos;
	/* move_freepages_block(): list_move (head) or list_move_tail. */
	enum list_pos move_pos;
	/* min_free_kbytes upper clamp in calculate_min_free_kbytes(). */
	unsigned min_free_kbytes_max;
	/* watermark_scale_factor upper bound of the sysctl. */
	unsigned wsf_max;
	/* __setup_per_zone_wmarks: ZONE_MOVABLE treated like HIGHMEM. */
	bool wmark_movable_is_high;
	/* Watermark boosting (5.0+). */
	bool has_boost;
	/* ALLOC_NOFRAGMENT (5.0+). */
	bool has_nofragment;
	/* lowmem_reserve index: highest_zoneidx (5.8+) or classzone_idx. */
	bool reserve_by_highest_zoneidx;
	/* lowmem_reserve is 0 when the lower zone has no managed pages (6.x). */
	bool reserve_zero_if_empty;
	/* zone_watermark_fast order-0 shortcut subtracts the unusable pages. */
	bool fast_subtracts_unusable;
	/* 6.3+ ALLOC_* semantics (MIN_RESERVE/NON_BLOCK/HIGHATOMIC). */
	bool new_alloc_flags;
	/* Fallback: 6.12 claim/steal split (true) or 4.19 steal-all (false). */
	bool claim_steal_split;
	/* __free_one_page merges across pageblocks by mergeable types (6.x)
	 * instead of the pageblock_order limit with the isolate check. */
	bool merge_mergeable_types;
	/* Orders served by per-CPU lists: only 0 (4.19) or 0..3 + THP. */
	bool pcp_high_orders;
	/* The HighAtomic reserve limit: ALIGN(managed/100, pageblock) (6.12)
	 * or managed/100 + pageblock_nr_pages (4.19). */
	bool highatomic_aligned_limit;
	/* The watermark check subtracts free highatomic pages (6.12-stable)
	 * rather than the reserved ones. */
	bool highatomic_subtract_free;
	/* Compaction: a direct compactor captures the block its order
	 * frees (compaction_capture, 5.1+). */
	bool compaction_capture;
	/* kcompactd's proactive compaction (vm.compaction_proactiveness,
	 * 5.9+). */
	bool proactive_compaction;
	/* 6.x compaction: free pages kept per order, large folios
	 * migrated, the pageblock always finished (__compact_finished),
	 * should_compact_retry's 6.x order of tests, costly requests need
	 * __GFP_IO to retry, __GFP_NORETRY gives up on SKIPPED too. */
	bool compaction_6x;
	/* Text formats. */
	bool zoneinfo_boost_promo_cma;	/* boost, promo and cma lines */
	bool pagetypeinfo_cap;		/* ">100000" cap on list counts */
	bool extfrag_padded;		/* "%2d.%03d " (6.x) vs "%d.%03d " */
	bool trace_pfn_hex;		/* pfn=0x%lx (5.14+) vs pfn=%lu */
};

const struct era_rules *era_rules(enum kernel_era era);

/* Parse "4.19" or "6.12" (also "4", "6", "old", "new"); false if unknown. */
bool era_parse(const char *s, enum kernel_era *out);

#endif
