/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evtext.c - the event table and the words of each event (evtext.h).
 */
#include "evtext.h"

#include <stdio.h>

#include "compaction.h"

struct ev_desc {
	const char *function;
	int visual;
	const char *name;	/* words for types without their own text */
};

static const struct ev_desc ev_table[NR_MM_EVENTS] = {
	[EV_ALLOC_START] = { "__alloc_pages", 0 },
	[EV_ALLOC_FLAGS] = { "get_page_from_freelist", 0 },
	[EV_WMARK_CHECK] = { "zone_watermark_ok", 0 },
	[EV_ZONE_SKIP] = { "get_page_from_freelist", 0 },
	[EV_NOFRAGMENT_RETRY] = { "get_page_from_freelist", 0 },
	[EV_LIST_TAKE] = { "rmqueue", 1 },
	[EV_SPLIT] = { "expand", 1 },
	[EV_FALLBACK] = { "__rmqueue_fallback", 1 },
	[EV_PAGEBLOCK_RETYPE] = { "set_pageblock_migratetype", 1 },
	[EV_MOVE_FREEPAGES] = { "move_freepages_block", 1 },
	[EV_BOOST] = { "boost_watermark", 0 },
	[EV_HIGHATOMIC_RESERVE] = { "reserve_highatomic_pageblock", 1 },
	[EV_HIGHATOMIC_UNRESERVE] = { "unreserve_highatomic_pageblock", 1 },
	[EV_PCP_REFILL] = { "rmqueue_bulk", 1 },
	[EV_PCP_DRAIN] = { "free_pcppages_bulk", 1 },
	[EV_KSWAPD_WAKE] = { "wakeup_kswapd", 0 },
	[EV_SLOWPATH] = { "__alloc_pages_slowpath", 0 },
	[EV_ALLOC_DONE] = { "__alloc_pages", 1 },
	[EV_FREE] = { "__free_pages", 1 },
	[EV_MERGE] = { "__free_one_page", 1 },
	[EV_MERGE_STOP] = { "__free_one_page", 0 },
	[EV_FREE_PLACE] = { "__free_one_page", 1 },
	/* Reclaim, compaction and OOM (issue 3) */
	[EV_SLOW_STEP] = { "__alloc_pages_slowpath", 0, "slow path step" },
	[EV_WRITEBACK] = { "pageout", 1, "writeback of dirty page cache" },
	[EV_RECLAIM_DONE] = { "shrink_node", 1, "reclaim batch" },
	[EV_KSWAPD_SLEEP] = { "kswapd_try_to_sleep", 0, "kswapd sleeps" },
	[EV_BOOST_CLEAR] = { "balance_pgdat", 0, "watermark boost cleared" },
	[EV_KCOMPACTD_WAKE] = { "wakeup_kcompactd", 0, "kcompactd woken" },
	[EV_COMPACT_SUITABLE] = { "compaction_suitable", 0,
				  "compaction suitable?" },
	[EV_COMPACT_BEGIN] = { "compact_zone", 1, "compaction begins" },
	[EV_COMPACT_BATCH] = { "compact_zone", 1, "compaction batch" },
	[EV_MIGRATE] = { "migrate_pages", 1, "block migrated" },
	[EV_COMPACT_END] = { "compact_zone", 1, "compaction ends" },
	[EV_COMPACT_DEFER] = { "defer_compaction", 0, "compaction deferred" },
	[EV_CAPTURE] = { "compaction_capture", 1, "freed block captured" },
	[EV_OOM_KILL] = { "out_of_memory", 1, "OOM kill" },
	[EV_DROP_CACHES] = { "drop_caches", 1, "caches dropped" },
};

const char *
ui_event_function(enum mm_event_type t)
{
	if ((unsigned)t < NR_MM_EVENTS && ev_table[t].function)
		return ev_table[t].function;
	return "mm";
}

int
ui_event_is_visual(enum mm_event_type t)
{
	return (unsigned)t < NR_MM_EVENTS ? ev_table[t].visual : 1;
}

static const char *
zone_name(const struct machine *m, int zone)
{
	struct zone_info zi;

	if (zone < 0 || !mm_zone_info(m, (unsigned)zone, &zi))
		return "-";
	return zi.name;
}

static const char *
wmark_name(int w)
{
	switch (w) {
	case ALLOC_WMARK_MIN:
		return "min";
	case ALLOC_WMARK_LOW:
		return "low";
	case ALLOC_WMARK_HIGH:
		return "high";
	default:
		return "no";
	}
}

int
ui_event_text(const struct machine *m, const struct mm_event *ev, char *buf,
	      size_t len)
{
	const char *zn = zone_name(m, ev->zone);
	char g[160], f[160];
	unsigned long long pfn = ev->pfn, bpfn = ev->buddy_pfn;

	switch (ev->type) {
	case EV_ALLOC_START:
		gfp_format(mm_era(m), ev->gfp, g, sizeof(g));
		return snprintf(buf, len, "request: order %u, %s, %s context",
				ev->order, g, alloc_ctx_name(ev->ctx));
	case EV_ALLOC_FLAGS:
		alloc_flags_format(mm_era(m), ev->alloc_flags, f, sizeof(f));
		return snprintf(buf, len, "%s pass with %s",
				ev->fast ? "fast" : "slow", f);
	case EV_WMARK_CHECK:
		return snprintf(buf, len,
				"%s: %s mark %ld: free %ld - unusable %ld %s "
				"min %ld + reserve %ld: %s",
				zn, wmark_name(ev->wmark), ev->mark, ev->free,
				ev->unusable, ev->ok ? ">" : "<=", ev->min,
				ev->reserve, ev->ok ? "ok" : "FAILS");
	case EV_ZONE_SKIP:
		return snprintf(buf, len, "%s skipped", zn);
	case EV_NOFRAGMENT_RETRY:
		return snprintf(buf, len,
				"no block without fragmenting: retry without "
				"ALLOC_NOFRAGMENT");
	case EV_LIST_TAKE:
		return snprintf(buf, len, "took order-%u block 0x%llx from "
				"%s free_list[%s]%s", ev->block_order, pfn, zn,
				migratetype_name(ev->mt),
				ev->percpu ? " (per-CPU list)" : "");
	case EV_SPLIT:
		return snprintf(buf, len, "split: upper half 0x%llx (order %u) "
				"to free_list[%s]", pfn, ev->block_order,
				migratetype_name(ev->mt));
	case EV_FALLBACK:
		return snprintf(buf, len, "fallback: %s request takes a %s block "
				"of order %u at 0x%llx%s",
				migratetype_name(ev->mt),
				migratetype_name(ev->fallback_mt),
				ev->block_order, pfn,
				ev->claimed ? ", pageblock claimed" : ", stolen");
	case EV_PAGEBLOCK_RETYPE:
		return snprintf(buf, len, "pageblock 0x%llx: %s -> %s", pfn,
				migratetype_name(ev->fallback_mt),
				migratetype_name(ev->mt));
	case EV_MOVE_FREEPAGES:
		return snprintf(buf, len, "%ld free pages of pageblock 0x%llx "
				"moved to free_list[%s]", ev->count, pfn,
				migratetype_name(ev->mt));
	case EV_BOOST:
		return snprintf(buf, len, "%s watermark boost %ld -> %ld", zn,
				ev->count2, ev->count);
	case EV_HIGHATOMIC_RESERVE:
		return snprintf(buf, len, "pageblock 0x%llx reserved as "
				"HighAtomic", pfn);
	case EV_HIGHATOMIC_UNRESERVE:
		return snprintf(buf, len, "HighAtomic pageblock 0x%llx "
				"returned as %s", pfn, migratetype_name(ev->mt));
	case EV_PCP_REFILL:
		return snprintf(buf, len, "per-CPU list refilled with %ld "
				"pages of order %u", ev->count, ev->order);
	case EV_PCP_DRAIN:
		return snprintf(buf, len, "per-CPU page 0x%llx (order %u) "
				"back to the buddy lists", pfn, ev->order);
	case EV_KSWAPD_WAKE:
		return snprintf(buf, len, "kswapd woken for %s (order %u)", zn,
				ev->order);
	case EV_SLOWPATH:
		return snprintf(buf, len, "fast path failed: slow path");
	case EV_ALLOC_DONE:
		if (ev->ok)
			return snprintf(buf, len, "allocated order %u at 0x%llx "
					"in %s", ev->order, pfn, zn);
		return snprintf(buf, len, "allocation of order %u FAILED: %s",
				ev->order, alloc_fail_reason_text(ev->reason));
	case EV_FREE:
		return snprintf(buf, len, "free order %u at 0x%llx", ev->order,
				pfn);
	case EV_MERGE:
		return snprintf(buf, len, "merge 0x%llx with buddy 0x%llx into "
				"order %u", pfn, bpfn, ev->block_order + 1);
	case EV_MERGE_STOP:
		return snprintf(buf, len, "merging stops at order %u (0x%llx)",
				ev->block_order, pfn);
	case EV_FREE_PLACE:
		return snprintf(buf, len, "order-%u block 0x%llx to the %s of "
				"free_list[%s]", ev->block_order, pfn,
				ev->tail ? "tail" : "head",
				migratetype_name(ev->mt));
	case EV_SLOW_STEP:
		return snprintf(buf, len, "%s: %s%s", slow_step_name((enum slow_step)ev->step),
				ev->ok ? "yes" : "no",
				ev->step == SLOW_DIRECT_RECLAIM ? " (pages reclaimed)" : "");
	case EV_WRITEBACK:
		return snprintf(buf, len, "dirty page cache 0x%llx written back (%s)",
				pfn, ev->kswapd ? "kswapd pageout" : "flusher");
	case EV_RECLAIM_DONE:
		return snprintf(buf, len, "%s reclaim, priority %d: %ld of %ld "
				"scanned pages reclaimed", ev->kswapd ? "kswapd" :
				"direct", ev->step, ev->count, ev->count2);
	case EV_KSWAPD_SLEEP:
		return snprintf(buf, len, "kswapd sleeps after %ld pages (%s)",
				ev->count, ev->ok ? "balanced" : "hopeless");
	case EV_BOOST_CLEAR:
		return snprintf(buf, len, "%s: watermark_boost cleared", zn);
	case EV_KCOMPACTD_WAKE:
		return snprintf(buf, len, "kcompactd woken for order %u", ev->order);
	case EV_COMPACT_SUITABLE:
		return snprintf(buf, len, "%s order %u: %s (free %ld, needs > %ld)",
				zn, ev->order,
				compact_result_name((enum compact_result)ev->step),
				ev->free, ev->mark);
	case EV_COMPACT_BEGIN:
		return snprintf(buf, len, "%s: migrate scanner 0x%llx, free scanner 0x%llx",
				zn, (unsigned long long)ev->scan_pfn,
				(unsigned long long)ev->scan_pfn2);
	case EV_COMPACT_BATCH:
		return snprintf(buf, len, "%ld pages moved; scanners 0x%llx / 0x%llx",
				ev->count, (unsigned long long)ev->scan_pfn,
				(unsigned long long)ev->scan_pfn2);
	case EV_MIGRATE:
		return snprintf(buf, len, "order-%u block 0x%llx moved to 0x%llx",
				ev->block_order, pfn, bpfn);
	case EV_COMPACT_END:
		return snprintf(buf, len, "%s: %s, %ld pages migrated", zn,
				compact_result_name((enum compact_result)ev->step),
				ev->count);
	case EV_COMPACT_DEFER:
		return snprintf(buf, len, "%s: compaction %s", zn,
				ev->ok ? "deferred (skipped this time)" :
				"failed: deferred for later attempts");
	case EV_CAPTURE:
		return snprintf(buf, len, "order-%u block 0x%llx captured for the "
				"compacting request", ev->block_order, pfn);
	case EV_OOM_KILL:
		return snprintf(buf, len, "killed task %d (oom_badness %ld pages)",
				ev->task, ev->count);
	case EV_DROP_CACHES:
		return snprintf(buf, len, "%ld pages dropped", ev->count);
	default:
		/* A type without words of its own: its name (or number)
		 * and fields. */
		if ((unsigned)ev->type < NR_MM_EVENTS && ev_table[ev->type].name) {
			if (ev->pfn != PFN_NONE)
				return snprintf(buf, len, "%s: zone %s, order %u, "
						"pfn 0x%llx, count %ld",
						ev_table[ev->type].name, zn,
						ev->block_order, pfn, ev->count);
			return snprintf(buf, len, "%s: zone %s, order %u, count %ld",
					ev_table[ev->type].name, zn, ev->order,
					ev->count);
		}
		if (ev->pfn != PFN_NONE)
			return snprintf(buf, len, "event %d: zone %s, order %u, "
					"pfn 0x%llx, count %ld", (int)ev->type,
					zn, ev->block_order, pfn, ev->count);
		return snprintf(buf, len, "event %d: zone %s, order %u, count %ld",
				(int)ev->type, zn, ev->order, ev->count);
	}
}
