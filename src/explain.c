/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * explain.c - `explain`: the events of one allocation in plain words.
 *
 * Every line names the kernel function that took the decision and gives
 * its numbers, in the order the model reported them; nothing is derived
 * here that the model did not report.  The function names follow the
 * machine's era (__rmqueue_fallback and steal_suitable_fallback in 4.19,
 * __rmqueue_claim / try_to_claim_block / __rmqueue_steal in 6.12,
 * ALLOC_HARDER vs ALLOC_NON_BLOCK through alloc_flags_format()).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "compaction.h"
#include "reclaim.h"

#include "cmd.h"
#include "gfpinfo.h"
#include "session_impl.h"


static const char *
wmark_name(int w)
{
	static const char *const n[] = { "min", "low", "high", "promo" };

	return w >= 0 && w < 4 ? n[w] : "?";
}

/* EV_SLOW_STEP: what one step of __alloc_pages_slowpath came to. */
static void
explain_slow_step(const struct machine *m, const struct mm_event *ev,
		  struct strbuf *out)
{
	const char *fn = slow_step_name((enum slow_step)ev->step);

	switch ((enum slow_step)ev->step) {
	case SLOW_EARLY_COMPACT:
	case SLOW_DIRECT_COMPACT:
		strbuf_addf(out, "  %s at priority %s: %s%s\n", fn,
			    compact_priority_name((enum compact_priority)ev->count2),
			    compact_result_name((enum compact_result)ev->count),
			    ev->ok ? ", page obtained" : "");
		break;
	case SLOW_RETRY:
		strbuf_addf(out, "  %s: round %ld\n", fn, ev->count + 1);
		break;
	case SLOW_DIRECT_RECLAIM:
		strbuf_addf(out, "  %s (try_to_free_pages): reclaimed %ld of %ld "
			    "pages scanned\n", fn, ev->count, ev->count2);
		break;
	case SLOW_DRAIN_RETRY:
		strbuf_addf(out, "  %s: the free lists still failed; retry once\n", fn);
		break;
	case SLOW_RECLAIM_RETRY:
		strbuf_addf(out, "  %s: %s (no_progress_loops %ld of %ld)\n", fn,
			    ev->ok ? "retry" : "give up", ev->count, ev->count2);
		break;
	case SLOW_COMPACT_RETRY:
		strbuf_addf(out, "  %s: %s (priority now %s, compaction_retries "
			    "%ld)\n", fn, ev->ok ? "retry" : "give up",
			    compact_priority_name((enum compact_priority)ev->count),
			    ev->count2);
		break;
	case SLOW_MAY_OOM:
		if (ev->ok) {
			struct mm_task_info t;

			strbuf_addf(out, "  %s: out_of_memory() killed %s, %ld "
				    "pages freed\n", fn,
				    mm_task_info(m, (int)ev->count2, &t) ? t.name : "?",
				    ev->count);
		} else {
			strbuf_addf(out, "  %s: no OOM kill\n", fn);
		}
		break;
	case SLOW_NOFAIL:
		strbuf_addf(out, "  %s: round %ld at the MIN_RESERVE level failed; "
			    "looping\n", fn, ev->count);
		break;
	case NR_SLOW_STEPS:
		break;
	}
}

/* EV_COMPACT_SUITABLE: the numbers of compaction_suitable(). */
static void
explain_suitable(const struct machine *m, const struct mm_event *ev,
		 struct strbuf *out)
{
	enum compact_result r = (enum compact_result)ev->step;

	strbuf_addf(out, "    compaction_suitable: %s, order %u: ", cmd_zone_name(m, ev->zone),
		    ev->order);
	if (r == COMPACT_SUCCESS)
		strbuf_adds(out, "the allocation would already succeed\n");
	else if (r == COMPACT_SKIPPED)
		strbuf_addf(out, "skipped: free %ld is not above %ld "
			    "(watermark + compact_gap 2<<order); reclaim first\n",
			    ev->free, ev->mark);
	else if (r == COMPACT_NOT_SUITABLE_ZONE)
		strbuf_addf(out, "not suitable: fragmentation index %ld.%03ld <= "
			    "extfrag_threshold %ld.%03ld: the failure is a lack "
			    "of memory, not fragmentation\n", ev->count / 1000,
			    ev->count % 1000, ev->count2 / 1000, ev->count2 % 1000);
	else if (ev->count != INT_MIN)
		strbuf_addf(out, "continue (free %ld > %ld, fragmentation index "
			    "%ld.%03ld > %ld.%03ld)\n", ev->free, ev->mark,
			    ev->count / 1000, ev->count % 1000,
			    ev->count2 / 1000, ev->count2 % 1000);
	else
		strbuf_addf(out, "continue (free %ld > %ld)\n", ev->free, ev->mark);
}

static void
explain_event(const struct machine *m, const struct mm_event *ev,
	      struct strbuf *out)
{
	enum kernel_era era = mm_era(m);
	bool new_era = era_rules(era)->claim_steal_split;
	char buf[256];

	switch (ev->type) {
	case EV_ALLOC_START:
		gfp_format(era, ev->gfp, buf, sizeof(buf));
		strbuf_addf(out, "__alloc_pages: order %u, gfp %s (0x%llx), %s context\n",
			    ev->order, buf,
			    (unsigned long long)gfp_to_kernel(era, ev->gfp),
			    alloc_ctx_name(ev->ctx));
		break;
	case EV_ALLOC_FLAGS:
		alloc_flags_format(era, ev->alloc_flags, buf, sizeof(buf));
		strbuf_addf(out, "  fast path: get_page_from_freelist with %s, "
			    "migratetype %s, from zone %s down\n", buf,
			    migratetype_name(ev->mt), cmd_zone_name(m, ev->zone));
		break;
	case EV_SLOWPATH:
		alloc_flags_format(era, ev->alloc_flags, buf, sizeof(buf));
		strbuf_addf(out, "  __alloc_pages_slowpath: gfp_to_alloc_flags() = %s\n",
			    buf);
		break;
	case EV_WMARK_CHECK: {
		const char *fn = ev->order == 0 && ev->ok && ev->min == ev->mark
				 ? "zone_watermark_fast" : "__zone_watermark_ok";

		strbuf_addf(out, "    %s(%s, order %u, %s mark %ld): free %ld - "
			    "unusable %ld %s min %ld + lowmem_reserve %ld",
			    fn, cmd_zone_name(m, ev->zone), ev->order, wmark_name(ev->wmark),
			    ev->mark, ev->free, ev->unusable,
			    ev->free - ev->unusable <= ev->min + ev->reserve ? "<=" : ">",
			    ev->min, ev->reserve);
		if (ev->min != ev->mark) {
			struct strbuf why = STRBUF_INIT;

			gfp_effective_min(era, ev->alloc_flags, ev->mark, &why);
			strbuf_addf(out, " (min: %s)", strbuf_str(&why));
			strbuf_release(&why);
		}
		if (ev->ok)
			strbuf_adds(out, ": ok\n");
		else if (ev->reason == FAIL_NO_BLOCK)
			strbuf_addf(out, ": enough pages, but no free block of order "
				    ">= %u on a list it may use: fail\n", ev->order);
		else
			strbuf_adds(out, ": fail\n");
		break;
	}
	case EV_ZONE_SKIP:
		strbuf_addf(out, "    zone %s skipped\n", cmd_zone_name(m, ev->zone));
		break;
	case EV_NOFRAGMENT_RETRY:
		strbuf_adds(out, "    no zone could serve it without mixing "
				 "pageblocks: get_page_from_freelist again "
				 "without ALLOC_NOFRAGMENT\n");
		break;
	case EV_LIST_TAKE:
		strbuf_addf(out, "    __rmqueue_smallest: took the order-%u block at "
			    "pfn 0x%llx from free_area[%u].free_list[MIGRATE_%s] of %s\n",
			    ev->block_order, (unsigned long long)ev->pfn,
			    ev->block_order, migratetype_name(ev->mt),
			    cmd_zone_name(m, ev->zone));
		break;
	case EV_SPLIT:
		strbuf_addf(out, "      expand: upper half, order %u at pfn 0x%llx, "
			    "to the head of free_area[%u].free_list[MIGRATE_%s]\n",
			    ev->block_order, (unsigned long long)ev->pfn,
			    ev->block_order, migratetype_name(ev->mt));
		break;
	case EV_FALLBACK:
		if (!new_era)
			strbuf_addf(out, "    __rmqueue_fallback: no MIGRATE_%s block of "
				    "order >= %u; steal_suitable_fallback took the "
				    "order-%u MIGRATE_%s block at pfn 0x%llx (%s)\n",
				    migratetype_name(ev->mt), ev->order, ev->block_order,
				    migratetype_name(ev->fallback_mt),
				    (unsigned long long)ev->pfn,
				    ev->claimed ? "the pageblock was claimed"
						: "the pageblock keeps its type");
		else if (ev->claimed)
			strbuf_addf(out, "    __rmqueue_claim: no MIGRATE_%s block of "
				    "order >= %u; try_to_claim_block claimed the "
				    "pageblock of the order-%u MIGRATE_%s block, "
				    "handing out pfn 0x%llx\n",
				    migratetype_name(ev->mt), ev->order, ev->block_order,
				    migratetype_name(ev->fallback_mt),
				    (unsigned long long)ev->pfn);
		else
			strbuf_addf(out, "    __rmqueue_steal: no MIGRATE_%s block of "
				    "order >= %u and no block to claim; stole the "
				    "order-%u MIGRATE_%s block at pfn 0x%llx "
				    "(the pageblock keeps its type: mixed)\n",
				    migratetype_name(ev->mt), ev->order, ev->block_order,
				    migratetype_name(ev->fallback_mt),
				    (unsigned long long)ev->pfn);
		if (ev->block_order < mm_pageblock_order(m))
			strbuf_adds(out, "      (a fragmenting fallback: smaller "
					 "than a pageblock)\n");
		break;
	case EV_PAGEBLOCK_RETYPE:
		strbuf_addf(out, "      set_pageblock_migratetype: pageblock at pfn "
			    "0x%llx MIGRATE_%s -> MIGRATE_%s\n",
			    (unsigned long long)ev->pfn,
			    migratetype_name(ev->fallback_mt), migratetype_name(ev->mt));
		break;
	case EV_MOVE_FREEPAGES:
		strbuf_addf(out, "      move_freepages_block: %ld free pages of the "
			    "pageblock at pfn 0x%llx moved to the MIGRATE_%s lists "
			    "(free + alike = %ld, claim needs %u)\n",
			    ev->count, (unsigned long long)ev->pfn,
			    migratetype_name(ev->mt), ev->count2,
			    1u << (mm_pageblock_order(m) - 1));
		break;
	case EV_BOOST:
		strbuf_addf(out, "      boost_watermark: %s watermark_boost %ld -> %ld "
			    "(max %ld)\n", cmd_zone_name(m, ev->zone), ev->count2, ev->count,
			    ev->mark);
		break;
	case EV_HIGHATOMIC_RESERVE:
		strbuf_addf(out, "    reserve_highatomic_pageblock: the pageblock at "
			    "pfn 0x%llx becomes MIGRATE_HighAtomic\n",
			    (unsigned long long)ev->pfn);
		break;
	case EV_HIGHATOMIC_UNRESERVE:
		strbuf_addf(out, "    unreserve_highatomic_pageblock: pageblock at "
			    "pfn 0x%llx\n", (unsigned long long)ev->pfn);
		break;
	case EV_PCP_REFILL:
		strbuf_addf(out, "    rmqueue_bulk: per-CPU list refilled with pfn "
			    "0x%llx (order %u)\n", (unsigned long long)ev->pfn,
			    ev->order);
		break;
	case EV_PCP_DRAIN:
		strbuf_addf(out, "    free_pcppages_bulk: pfn 0x%llx (order %u) back "
			    "to the buddy lists\n", (unsigned long long)ev->pfn,
			    ev->order);
		break;
	case EV_KSWAPD_WAKE:
		strbuf_addf(out, "    wakeup_kswapd: kswapd woken for order %u "
			    "(zone %s)\n", ev->order, cmd_zone_name(m, ev->zone));
		break;
	case EV_ALLOC_DONE:
		if (ev->ok)
			strbuf_addf(out, "  result: pfn 0x%llx, order %u, from %s\n",
				    (unsigned long long)ev->pfn, ev->order,
				    cmd_zone_name(m, ev->zone));
		else
			strbuf_addf(out, "  result: failed: %s\n",
				    alloc_fail_reason_text(ev->reason));
		break;
	case EV_SLOW_STEP:
		explain_slow_step(m, ev, out);
		break;
	case EV_WRITEBACK:
		strbuf_addf(out, "    %s: dirty page cache at pfn 0x%llx (order %u) "
			    "written back%s\n", ev->kswapd ? "pageout" : "flusher",
			    (unsigned long long)ev->pfn, ev->block_order,
			    ev->kswapd ? ", reclaimable when next scanned" :
			    "; back to the young end of the LRU");
		break;
	case EV_RECLAIM_DONE:
		strbuf_addf(out, "    shrink_node: %s reclaim at priority %d "
			    "scanned %ld pages, reclaimed %ld (zones up to %s)\n",
			    ev->kswapd ? "kswapd" : "direct", ev->step, ev->count2,
			    ev->count, cmd_zone_name(m, ev->zone));
		break;
	case EV_KSWAPD_SLEEP:
		strbuf_addf(out, "    kswapd_try_to_sleep: kswapd sleeps after "
			    "reclaiming %ld pages (%s)\n", ev->count,
			    ev->ok ? "node balanced at the high watermark"
				   : "node hopeless: kswapd_failures reached 16");
		break;
	case EV_BOOST_CLEAR:
		strbuf_addf(out, "    balance_pgdat: boosted reclaim done, "
			    "watermark_boost of %s cleared\n", cmd_zone_name(m, ev->zone));
		break;
	case EV_KCOMPACTD_WAKE:
		strbuf_addf(out, "    wakeup_kcompactd: kcompactd woken for "
			    "order %u\n", ev->order);
		break;
	case EV_COMPACT_SUITABLE:
		explain_suitable(m, ev, out);
		break;
	case EV_COMPACT_BEGIN:
		strbuf_addf(out, "    compact_zone: %s, migrate scanner at pfn "
			    "0x%llx, free scanner at 0x%llx\n", cmd_zone_name(m, ev->zone),
			    (unsigned long long)ev->scan_pfn,
			    (unsigned long long)ev->scan_pfn2);
		break;
	case EV_COMPACT_BATCH:
		if (ev->count)
			strbuf_addf(out, "      migrate_pages: %ld pages moved "
				    "(scanners at 0x%llx / 0x%llx)\n", ev->count,
				    (unsigned long long)ev->scan_pfn,
				    (unsigned long long)ev->scan_pfn2);
		break;
	case EV_COMPACT_END:
		strbuf_addf(out, "    compact_zone: %s ends: %s, %ld pages "
			    "migrated\n", cmd_zone_name(m, ev->zone),
			    compact_result_name((enum compact_result)ev->step),
			    ev->count);
		break;
	case EV_COMPACT_DEFER:
		if (ev->ok)
			strbuf_addf(out, "    compaction_deferred: %s skipped "
				    "(attempt %ld of %ld)\n", cmd_zone_name(m, ev->zone),
				    ev->count, ev->count2);
		else
			strbuf_addf(out, "    defer_compaction: %s, defer_shift "
				    "now %ld\n", cmd_zone_name(m, ev->zone), ev->count);
		break;
	case EV_CAPTURE:
		strbuf_addf(out, "    compaction_capture: the freed order-%u block "
			    "at pfn 0x%llx goes straight to this request\n",
			    ev->block_order, (unsigned long long)ev->pfn);
		break;
	case EV_OOM_KILL: {
		struct mm_task_info t;

		if (mm_task_info(m, ev->task, &t))
			strbuf_addf(out, "    out_of_memory: Killed process %d (%s), "
				    "oom_badness %ld pages, %ld anon/pinned pages "
				    "freed\n", t.pid, t.name, ev->count, ev->count2);
		break;
	}
	case EV_DROP_CACHES:
		strbuf_addf(out, "drop_caches: %ld pages dropped\n", ev->count);
		break;
	case EV_FREE:
	case EV_MIGRATE:
	case EV_MERGE:
	case EV_MERGE_STOP:
	case EV_FREE_PLACE:
	case NR_MM_EVENTS:
		break;
	}
}

/* Events the model reports before the fallback that caused them. */
static bool
fallback_detail(enum mm_event_type t)
{
	return t == EV_PAGEBLOCK_RETYPE || t == EV_SPLIT ||
	       t == EV_MOVE_FREEPAGES || t == EV_BOOST || t == EV_LIST_TAKE;
}

/*
 * The kernel traces mm_page_alloc_extfrag after the claim or steal it
 * describes, and the model reports it in the same place; for reading, the
 * fallback line is printed before the retypes and splits it caused.
 */
void
explain_record(const struct session *s, const struct alloc_record *r,
	       struct strbuf *out)
{
	uint64_t shown = 0, early = UINT64_MAX;

	strbuf_addf(out, "explain %s (%s):\n", r->name[0] ? r->name : "last",
		    r->ok ? "succeeded" : "failed");
	for (uint64_t i = 0; i < r->nev; i++) {
		const struct mm_event *ev = session_record_event(s, r, i);

		if (!ev) {
			strbuf_adds(out, "  (the older events of this allocation are "
					 "no longer kept)\n");
			return;
		}
		if (i == early)
			continue;	/* printed ahead */
		if (early != UINT64_MAX && early < i)
			early = UINT64_MAX;
		if (fallback_detail(ev->type) && early == UINT64_MAX) {
			for (uint64_t j = i + 1; j < r->nev; j++) {
				const struct mm_event *f = session_record_event(s, r, j);

				if (!f || !fallback_detail(f->type)) {
					if (f && f->type == EV_FALLBACK) {
						explain_event(s->m, f, out);
						early = j;
					}
					break;
				}
			}
		}
		explain_event(s->m, ev, out);
		shown++;
	}
	if (!shown)
		strbuf_adds(out, "  (no events were recorded)\n");
}
