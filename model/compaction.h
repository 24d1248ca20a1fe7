/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compaction.h - memory compaction (mm/compaction.c) and the
 * fragmentation metrics that decide and judge it (mm/vmstat.c).
 *
 * compact_zone() moves movable in-use blocks from the bottom of a zone
 * (the migration scanner, walking up) into free pages found at the top
 * (the free scanner, walking down) until the scanners meet or, for a
 * request of a given order, a suitable free block exists.  A compaction
 * can be run to the end (mm_compact_zone, mm_compact_memory) or stepped
 * one isolate-and-migrate batch at a time (mm_compact_begin / _step), so
 * a screen can draw both scanners moving.  The allocator's slow path runs
 * direct compaction itself (alloc.c); kcompactd and proactive compaction
 * run as the kernel's kcompactd thread would.
 */
#ifndef BUDDYSCOPE_COMPACTION_H
#define BUDDYSCOPE_COMPACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "mm.h"

/* enum compact_result, in the kernel's order and with its trace names. */
enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,
	COMPACT_SKIPPED,
	COMPACT_DEFERRED,
	COMPACT_NO_SUITABLE_PAGE,
	COMPACT_CONTINUE,
	COMPACT_COMPLETE,
	COMPACT_PARTIAL_SKIPPED,
	COMPACT_CONTENDED,
	COMPACT_SUCCESS,
	NR_COMPACT_RESULTS,
};
const char *compact_result_name(enum compact_result r);	/* "success" */

/* enum compact_priority: lower is more effort. */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,		/* MIN_COMPACT_PRIORITY */
	COMPACT_PRIO_SYNC_LIGHT,	/* DEF_COMPACT_PRIORITY */
	COMPACT_PRIO_ASYNC,		/* INIT_COMPACT_PRIORITY */
	NR_COMPACT_PRIO,
};
const char *compact_priority_name(enum compact_priority p);
bool compact_priority_parse(const char *s, enum compact_priority *out);

#define COMPACT_CLUSTER_MAX 32
#define COMPACT_MAX_DEFER_SHIFT 6

/* The state of a running compaction, for display. */
struct compact_info {
	bool active;
	int zone;
	int order;			/* -1: whole zone (compact_memory) */
	enum compact_priority prio;
	bool whole_zone, proactive, direct;
	uint64_t migrate_pfn;		/* migration scanner */
	uint64_t free_pfn;		/* free scanner (block it works in) */
	unsigned long nr_migrated;
	unsigned long nr_migrate_scanned, nr_free_scanned;
	unsigned long nr_isolated_free;
	unsigned long nr_failed;	/* no free target */
	enum compact_result result;	/* COMPACT_CONTINUE while running */
};

/* compaction_suitable() for a request of order in zone (with the
 * lowmem_reserve of highest_zoneidx); also reports the fragmentation
 * index it used (or INT32_MIN when not consulted). */
enum compact_result mm_compaction_suitable(const struct machine *m,
					   unsigned zone, unsigned order,
					   int highest_zoneidx, int *fragindex);

/* Start compacting zone for order (-1: the whole zone as compact_memory
 * does).  Only one compaction runs at a time: false with a message if one
 * is active or the arguments are wrong. */
bool mm_compact_begin(struct machine *m, unsigned zone, int order,
		      enum compact_priority prio, char *err, size_t errlen);
/* One batch: isolate up to COMPACT_CLUSTER_MAX pages and migrate them.
 * Returns true while the compaction continues; then mm_compact_info()
 * has the result.  The run's state is freed when it ends. */
bool mm_compact_step(struct machine *m);
void mm_compact_abort(struct machine *m);
void mm_compact_info(const struct machine *m, struct compact_info *out);

/* compact_zone() to its end; returns the result. */
enum compact_result mm_compact_zone(struct machine *m, unsigned zone,
				    int order, enum compact_priority prio,
				    struct compact_info *out);
/* echo 1 > /proc/sys/vm/compact_memory: every populated zone, whole. */
void mm_compact_memory(struct machine *m);

/* Deferral state of a zone (defer_compaction). */
struct compact_defer_info {
	unsigned considered, defer_shift;
	int order_failed;
};
void mm_compact_defer_info(const struct machine *m, unsigned zone,
			   struct compact_defer_info *out);

/* kcompactd: woken by kswapd before it sleeps or after boosted reclaim;
 * runs one compaction per zone that needs it. */
bool mm_kcompactd_pending(const struct machine *m);
void mm_kcompactd_run(struct machine *m);
/* Proactive compaction (5.9+): the node's fragmentation score and the
 * kcompactd timer check; true if it compacted. */
unsigned mm_fragmentation_score(const struct machine *m);
bool mm_proactive_compact(struct machine *m);

/* ---- metrics (mm/vmstat.c) ---- */
/* The indices themselves are procfs.h's frag_unusable_index() and
 * frag_extfrag_index(). */
/* Largest free block's order in a zone, -1 if none free. */
int mm_largest_free_order(const struct machine *m, unsigned zone);
/* Free pages of a zone per migratetype (pages on that type's lists). */
long mm_free_pages_mt(const struct machine *m, unsigned zone,
		      enum migratetype mt);

/*
 * Could nr_pages (a power of two, aligned) be had contiguously now, or
 * after compaction?  Looks at every aligned range of the zones: free now
 * if one range is all free; by compaction if some range holds only free
 * and migratable pages.  blockers gets up to max_blockers pageblock PFNs
 * that stand in the way (holding unmovable, pinned or reserved pages),
 * counted in *nr_blockers.
 */
struct contig_info {
	bool free_now;
	bool after_compaction;
	uint64_t best_pfn;		/* range with fewest obstacles */
	unsigned long nr_ranges;
	unsigned long nr_blockers;	/* pageblocks holding unmovable pages */
};
void mm_contig_check(const struct machine *m, unsigned order,
		     struct contig_info *out, uint64_t *blockers,
		     unsigned max_blockers);

/* A bounded history of samples for sparklines: one sample per call of
 * mm_history_sample(), the newest MM_HISTORY kept. */
#define MM_HISTORY 256
struct mm_sample {
	uint64_t seq;
	long free[MM_MAX_ZONES];
	int unusable9[MM_MAX_ZONES];	/* unusable index at pageblock order */
	int largest[MM_MAX_ZONES];
	unsigned score;			/* fragmentation score */
	/* Per zone: free_area[order].nr_free and the effective min, low
	 * and high watermarks (wmark_pages(), boost included), for export. */
	uint32_t nr_free[MM_MAX_ZONES][MM_MAX_ORDER_LIMIT + 1];
	uint32_t wmark[MM_MAX_ZONES][3];
};
void mm_history_sample(struct machine *m);
/* Samples oldest first; returns how many (<= MM_HISTORY). */
unsigned mm_history(const struct machine *m, struct mm_sample *out,
		    unsigned max);

#endif
