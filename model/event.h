/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event.h - the model's decisions, as structured events.
 *
 * Every decision the allocator takes (a watermark check with its numbers,
 * the list a page came from, each split and merge, a fallback and whether
 * it claimed the pageblock, a boost, a failure and its reason) is reported
 * through one callback as a struct mm_event.  The screen, `explain`, the
 * batch printer and the trace writer all consume the same events; none of
 * them re-derives a decision.  Fields a type does not use are zero, except
 * the PFN fields, which are PFN_NONE.
 */
#ifndef BUDDYSCOPE_EVENT_H
#define BUDDYSCOPE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"

#define PFN_NONE UINT64_MAX

enum mm_event_type {
	EV_ALLOC_START,		/* __alloc_pages entry: gfp, order, ctx */
	EV_ALLOC_FLAGS,		/* alloc_flags chosen for a pass (fast/slow) */
	EV_WMARK_CHECK,		/* zone_watermark_fast/__zone_watermark_ok */
	EV_ZONE_SKIP,		/* zone skipped in get_page_from_freelist */
	EV_NOFRAGMENT_RETRY,	/* second zonelist pass without NOFRAGMENT */
	EV_LIST_TAKE,		/* block taken from a free list head */
	EV_SPLIT,		/* expand(): upper half put on a list */
	EV_FALLBACK,		/* mm_page_alloc_extfrag */
	EV_PAGEBLOCK_RETYPE,	/* set_pageblock_migratetype */
	EV_MOVE_FREEPAGES,	/* move_freepages_block: pages moved */
	EV_BOOST,		/* boost_watermark */
	EV_HIGHATOMIC_RESERVE,	/* reserve_highatomic_pageblock */
	EV_HIGHATOMIC_UNRESERVE,
	EV_PCP_REFILL,		/* mm_page_alloc_zone_locked percpu_refill */
	EV_PCP_DRAIN,		/* mm_page_pcpu_drain */
	EV_KSWAPD_WAKE,		/* wakeup_kswapd */
	EV_SLOWPATH,		/* entering __alloc_pages_slowpath */
	EV_ALLOC_DONE,		/* mm_page_alloc: pfn or failure + reason */
	EV_FREE,		/* mm_page_free */
	EV_MERGE,		/* __free_one_page merged with its buddy */
	EV_MERGE_STOP,		/* why merging stopped */
	EV_FREE_PLACE,		/* final free block at list head or tail */
	/* reclaim, compaction and OOM (vmscan.c, compaction.c, oom.c) */
	EV_SLOW_STEP,		/* a step of __alloc_pages_slowpath (step) */
	EV_WRITEBACK,		/* pageout() of a dirty page cache block */
	EV_RECLAIM_DONE,	/* a reclaim batch: count=reclaimed count2=scanned */
	EV_KSWAPD_SLEEP,	/* kswapd_try_to_sleep: node balanced or hopeless */
	EV_BOOST_CLEAR,		/* boosted reclaim ended: watermark_boost = 0 */
	EV_KCOMPACTD_WAKE,	/* wakeup_kcompactd */
	EV_COMPACT_SUITABLE,	/* compaction_suitable: result + numbers */
	EV_COMPACT_BEGIN,	/* mm_compaction_begin: scanner PFNs */
	EV_COMPACT_BATCH,	/* one isolate + migrate round: scanner PFNs */
	EV_MIGRATE,		/* a block moved from pfn to buddy_pfn */
	EV_COMPACT_END,		/* mm_compaction_end: result */
	EV_COMPACT_DEFER,	/* defer_compaction / compaction_deferred */
	EV_CAPTURE,		/* compaction_capture: freed block handed over */
	EV_OOM_KILL,		/* out_of_memory killed a task (task, count) */
	EV_DROP_CACHES,		/* drop_caches: count pages dropped */
	NR_MM_EVENTS,
};

/* The steps of __alloc_pages_slowpath() after the reserve attempt
 * (EV_SLOW_STEP; count and ok say what came of it). */
enum slow_step {
	SLOW_EARLY_COMPACT,	/* async compaction before reclaim */
	SLOW_RETRY,		/* the retry: label (count = round) */
	SLOW_DIRECT_RECLAIM,	/* __alloc_pages_direct_reclaim: count pages */
	SLOW_DRAIN_RETRY,	/* unreserve highatomic + drain_all_pages */
	SLOW_DIRECT_COMPACT,	/* __alloc_pages_direct_compact: count result */
	SLOW_RECLAIM_RETRY,	/* should_reclaim_retry: ok, count loops */
	SLOW_COMPACT_RETRY,	/* should_compact_retry: ok, count prio */
	SLOW_MAY_OOM,		/* __alloc_pages_may_oom: ok = killed */
	SLOW_NOFAIL,		/* __GFP_NOFAIL: another round */
	NR_SLOW_STEPS,
};
const char *slow_step_name(enum slow_step s);	/* kernel function */

/* Who freed a block (EV_FREE). */
enum free_cause {
	FREE_BY_CALLER,		/* __free_pages() */
	FREE_BY_RECLAIM,	/* shrink_folio_list() */
	FREE_BY_OOM,		/* the OOM reaper, or the task exited */
	FREE_BY_MIGRATION,	/* compaction freed the old copy */
	FREE_BY_DROP,		/* drop_caches */
};

/* Why an allocation failed, or why a watermark check said no. */
enum alloc_fail_reason {
	FAIL_NONE,
	FAIL_ORDER_TOO_LARGE,	/* order > MAX_PAGE_ORDER */
	FAIL_BAD_GFP_ZONE,	/* GFP_ZONE_BAD combination */
	FAIL_BAD_MIGRATETYPE,	/* both __GFP_MOVABLE and __GFP_RECLAIMABLE */
	FAIL_NO_ZONE,		/* no populated zone the request may use */
	FAIL_WMARK,		/* free <= min + lowmem_reserve */
	FAIL_NO_BLOCK,		/* enough free pages, no block >= order */
	FAIL_LISTS_EMPTY,	/* watermark passed but rmqueue found nothing */
	FAIL_NO_RECLAIM,	/* could not sleep: no direct reclaim */
	FAIL_MEMALLOC_RECURSION,/* PF_MEMALLOC task cannot reclaim */
	FAIL_RECLAIM_EXHAUSTED,	/* reclaim/compaction/retries gave up */
	FAIL_NORETRY,		/* __GFP_NORETRY: one round, then give up */
	FAIL_COSTLY,		/* order > 3 without __GFP_RETRY_MAYFAIL */
	FAIL_NO_OOM,		/* out of retries where the OOM killer may not run */
	FAIL_OOM_NO_VICTIM,	/* the OOM killer found no task to kill */
	FAIL_RETRY_LIMIT,	/* the simulator's bound on the retry loop */
	NR_FAIL_REASONS,
};
const char *alloc_fail_reason_text(enum alloc_fail_reason r);

struct mm_event {
	enum mm_event_type type;
	int zone;		/* zone index in the machine, -1 if none */
	unsigned order;		/* request order (or block order) */
	unsigned block_order;	/* order of the block acted on */
	uint64_t pfn;		/* block or page acted on */
	uint64_t buddy_pfn;	/* EV_MERGE: the buddy */
	enum migratetype mt;	/* requested / list type */
	enum migratetype fallback_mt;	/* EV_FALLBACK, EV_PAGEBLOCK_RETYPE old */
	gfp_t gfp;
	unsigned alloc_flags;
	enum alloc_ctx ctx;
	/* Watermark numbers (EV_WMARK_CHECK) */
	int wmark;		/* ALLOC_WMARK_MIN/LOW/HIGH */
	long free;		/* NR_FREE_PAGES of the zone */
	long unusable;		/* subtracted before the comparison */
	long mark;		/* wmark_pages() (boost included) */
	long min;		/* after reserve reductions */
	long reserve;		/* lowmem_reserve[classzone] */
	bool ok;		/* check passed / allocation succeeded */
	bool fast;		/* fast path (EV_ALLOC_FLAGS, WMARK_CHECK) */
	bool tail;		/* EV_FREE_PLACE: at the list tail */
	bool claimed;		/* EV_FALLBACK: change_ownership */
	bool percpu;		/* EV_PCP_REFILL / EV_LIST_TAKE via pcp */
	long count;		/* pages moved, boost value, ... */
	long count2;		/* EV_BOOST old value; claim: free+alike */
	int step;		/* EV_SLOW_STEP: enum slow_step; compaction:
				   enum compact_result; reclaim: priority */
	int task;		/* EV_OOM_KILL, EV_FREE: task id (0 none) */
	unsigned cause;		/* EV_FREE: enum free_cause */
	unsigned owner;		/* enum page_owner of the block */
	bool kswapd;		/* reclaim by kswapd (not direct) */
	uint64_t scan_pfn;	/* compaction: migrate scanner PFN */
	uint64_t scan_pfn2;	/* compaction: free scanner PFN */
	enum alloc_fail_reason reason;
};

typedef void (*mm_event_fn)(const struct mm_event *ev, void *data);

#endif
