/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compaction.c - memory compaction as mm/compaction.c does it:
 * compaction_suitable(), compact_zone() with its migration scanner
 * (isolate_migratepages) and free scanner (isolate_freepages),
 * compaction_alloc(), __compact_finished(), deferral, direct compaction
 * (try_to_compact_pages) with page capture, kcompactd, proactive
 * compaction and echo 1 > /proc/sys/vm/compact_memory; plus the
 * contiguity check and the metric history.
 *
 * Migration is instantaneous: a block moves to its new place, keeps its
 * owner and task, goes to the young end of its LRU list, and the old copy
 * is freed (and merges) at once.  Isolated free pages leave the buddy
 * lists and wait on cc->freepages (lists through the page links, one per
 * order in 6.x, order 0 only in 4.19, which splits them).  What is not
 * modelled: fast_find_migrateblock / fast_isolate_freepages (5.1+), the
 * async free-scanner stride, and migration failures other than "no free
 * target" (pinned pages are simply never isolated).
 */
#include "internal.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

/* For the per-batch functions of the scan: out of line, each with the
 * registers to itself, instead of inlined into one large loop. */
#define BATCH_NOINLINE __attribute__((noinline))

enum migrate_mode { MIGRATE_ASYNC, MIGRATE_SYNC_LIGHT, MIGRATE_SYNC };

struct compact_control {
	struct zone *z;
	int zi;
	int order;			/* -1: compact_memory / proactive */
	enum migratetype mt;
	enum compact_priority prio;
	enum migrate_mode mode;
	unsigned alloc_flags;
	int highest_zoneidx;
	bool direct, whole_zone, ignore_skip_hint, ignore_block_suitable;
	bool proactive, finishing_block, update_cached;
	uint64_t start_pfn, end_pfn;		/* the zone */
	uint64_t migrate_pfn;
	uint64_t free_pfn;			/* block the free scanner is in */
	uint64_t free_resume;			/* where inside it to go on */
	uint64_t last_migrated_pfn;
	/* one slot more: the migration scan writes each head it passes
	 * into the next slot before it knows whether it keeps it */
	uint32_t migratepages[COMPACT_CLUSTER_MAX + 1];
	unsigned nr_migrate_blocks;
	/* migratepages[nr_freed..nr_moved) are migrated and their old
	 * copies not yet freed (free_old_copies()) */
	unsigned nr_freed, nr_moved;
	struct free_sums free_sums;	/* zero between free_old_copies() */
	unsigned long nr_migratepages, nr_freepages;
	long wmark_slack;	/* __isolate_free_page's watermark room */
	struct compact_info info;
};

const char *
compact_result_name(enum compact_result r)
{
	static const char *const name[NR_COMPACT_RESULTS] = {
		"not_suitable_zone", "skipped", "deferred", "no_suitable_page",
		"continue", "complete", "partial_skipped", "contended", "success",
	};

	return (unsigned)r < NR_COMPACT_RESULTS ? name[r] : "?";
}

static const char *const prio_name[NR_COMPACT_PRIO] = {
	"sync-full", "sync-light", "async",
};

const char *
compact_priority_name(enum compact_priority p)
{
	return (unsigned)p < NR_COMPACT_PRIO ? prio_name[p] : "?";
}

bool
compact_priority_parse(const char *s, enum compact_priority *out)
{
	for (int i = 0; i < NR_COMPACT_PRIO; i++)
		if (strcmp(s, prio_name[i]) == 0) {
			*out = (enum compact_priority)i;
			return true;
		}
	return false;
}

/* The owners whose pages compaction migrates (on an LRU, not pinned). */
#define MIGRATABLE_OWNERS ((1u << OWNER_ANON) | (1u << OWNER_PAGECACHE) | \
			   (1u << OWNER_PAGECACHE_DIRTY))

bool
migratable_owner(enum page_owner o)
{
	return (unsigned)o < NR_OWNERS && (MIGRATABLE_OWNERS & (1u << o));
}

/* ------------------------------------------------------------------ */
/* Pageblock helpers */

static inline uint64_t
pb_start(const struct machine *m, uint64_t pfn)
{
	return pfn & ~(uint64_t)(m->pageblock_nr_pages - 1);
}

static inline uint64_t
pb_end(const struct machine *m, uint64_t pfn)
{
	return pb_start(m, pfn) + m->pageblock_nr_pages;
}

static inline bool
pb_skip(const struct machine *m, uint64_t pfn)
{
	uint32_t idx = pfn_to_idx(m, pfn);

	return m->pageblock[(idx + (uint32_t)(m->start_pfn &
		(m->pageblock_nr_pages - 1))) >> m->pageblock_order] & PB_SKIP;
}

static inline void
set_pb_skip(struct machine *m, uint64_t pfn)
{
	*pageblock_byte(m, pfn_to_idx(m, pfn)) |= PB_SKIP;
}

/* __reset_isolation_suitable() for every zone. */
void
reset_isolation_suitable(struct machine *m)
{
	for (uint32_t i = 0; i < m->nr_pageblocks; i++)
		m->pageblock[i] &= (uint8_t)~PB_SKIP;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];

		z->compact_blockskip_flush = false;
		z->compact_cached_migrate_pfn[0] = z->start_pfn;
		z->compact_cached_migrate_pfn[1] = z->start_pfn;
		z->compact_cached_free_pfn = z->spanned ?
			pb_start(m, z->start_pfn + z->spanned - 1) : z->start_pfn;
	}
}

static void
reset_cached_positions(struct machine *m, struct zone *z)
{
	z->compact_cached_migrate_pfn[0] = z->start_pfn;
	z->compact_cached_migrate_pfn[1] = z->start_pfn;
	z->compact_cached_free_pfn = pb_start(m, z->start_pfn + z->spanned - 1);
}

/* ------------------------------------------------------------------ */
/* Deferral */

static bool
compaction_deferred(struct machine *m, struct zone *z, int order)
{
	unsigned long limit = 1ul << z->compact_defer_shift;

	if (order < z->compact_order_failed)
		return false;
	if (++z->compact_considered >= limit) {
		z->compact_considered = (unsigned)limit;
		return false;
	}
	m->vmstat.compact_deferred++;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_COMPACT_DEFER);
		ev.zone = (int)(z - m->zones);
		ev.order = (unsigned)order;
		ev.ok = true;		/* deferred: skipped this time */
		ev.count = z->compact_considered;
		ev.count2 = (long)limit;
		ev_emit(m, &ev);
	}
	return true;
}

static void
defer_compaction(struct machine *m, struct zone *z, int order)
{
	z->compact_considered = 0;
	z->compact_defer_shift++;
	if (order < z->compact_order_failed)
		z->compact_order_failed = order;
	if (z->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_COMPACT_DEFER);
		ev.zone = (int)(z - m->zones);
		ev.order = (unsigned)order;
		ev.ok = false;		/* defer_compaction */
		ev.count = z->compact_defer_shift;
		ev_emit(m, &ev);
	}
}

void
compaction_defer_reset(struct machine *m, struct zone *z, int order,
		       bool alloc_success)
{
	(void)m;
	if (alloc_success) {
		z->compact_considered = 0;
		z->compact_defer_shift = 0;
	}
	if (order >= z->compact_order_failed)
		z->compact_order_failed = order + 1;
}

static bool
compaction_restarting(const struct zone *z, int order)
{
	if (order < z->compact_order_failed)
		return false;
	return z->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       z->compact_considered >= 1u << z->compact_defer_shift;
}

void
mm_compact_defer_info(const struct machine *m, unsigned zone,
		      struct compact_defer_info *out)
{
	memset(out, 0, sizeof(*out));
	if (zone >= m->nr_zones)
		return;
	out->considered = m->zones[zone].compact_considered;
	out->defer_shift = m->zones[zone].compact_defer_shift;
	out->order_failed = m->zones[zone].compact_order_failed;
}

/* ------------------------------------------------------------------ */
/* Suitability */

/* __compaction_suitable(): order-0 headroom for migration targets. */
static bool
compaction_headroom(struct machine *m, struct zone *z, unsigned order,
		    int highest_zoneidx, long free)
{
	unsigned long mark = order > PAGE_ALLOC_COSTLY_ORDER ?
		wmark_pages(z, WMARK_IDX_LOW) : wmark_pages(z, WMARK_IDX_MIN);

	mark += 2ul << order;		/* compact_gap() */
	return zone_wmark_ok_free(m, z, 0, mark, highest_zoneidx, ALLOC_CMA, free);
}

static enum compact_result
suitable(struct machine *m, struct zone *z, unsigned order,
	 int highest_zoneidx, int *fragindex)
{
	enum compact_result r = COMPACT_CONTINUE;

	*fragindex = INT_MIN;
	if (!compaction_headroom(m, z, order, highest_zoneidx, zone_free_pages(z)))
		r = COMPACT_SKIPPED;
	else if (order > PAGE_ALLOC_COSTLY_ORDER) {
		*fragindex = frag_extfrag_index(m, (unsigned)(z - m->zones), order);
		if (*fragindex >= 0 &&
		    *fragindex <= (int)m->sysctl.extfrag_threshold)
			r = COMPACT_NOT_SUITABLE_ZONE;
	}
	return r;
}

enum compact_result
mm_compaction_suitable(const struct machine *m, unsigned zone, unsigned order,
		       int highest_zoneidx, int *fragindex)
{
	struct machine *mm = (struct machine *)m;	/* reads only */

	if (zone >= m->nr_zones || order > m->max_order) {
		*fragindex = INT_MIN;
		return COMPACT_SKIPPED;
	}
	if (highest_zoneidx < (int)zone)
		highest_zoneidx = (int)zone;
	return suitable(mm, &mm->zones[zone], order, highest_zoneidx, fragindex);
}

/*
 * compaction_suit_allocation_order(): SUCCESS if the allocation would
 * already succeed, SKIPPED (or NOT_SUITABLE_ZONE, reported and treated as
 * SKIPPED) if compaction cannot help, else CONTINUE.
 */
static enum compact_result
suit_allocation_order(struct machine *m, struct zone *z, unsigned order,
		      int highest_zoneidx, unsigned alloc_flags)
{
	enum compact_result r;
	int fragindex;

	if (zone_wmark_ok_free(m, z, order,
			       wmark_pages(z, (int)(alloc_flags & ALLOC_WMARK_MASK)),
			       highest_zoneidx, alloc_flags, zone_free_pages(z)))
		r = COMPACT_SUCCESS;
	else
		r = suitable(m, z, order, highest_zoneidx, &fragindex);
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_COMPACT_SUITABLE);
		ev.zone = (int)(z - m->zones);
		ev.order = order;
		ev.step = (int)r;
		ev.free = zone_free_pages(z);
		ev.mark = (long)((order > PAGE_ALLOC_COSTLY_ORDER ?
			wmark_pages(z, WMARK_IDX_LOW) : wmark_pages(z, WMARK_IDX_MIN)) +
			(2ul << order));
		ev.count = r == COMPACT_SUCCESS ? INT_MIN : fragindex;
		ev.count2 = m->sysctl.extfrag_threshold;
		ev_emit(m, &ev);
	}
	return r == COMPACT_NOT_SUITABLE_ZONE ? COMPACT_SKIPPED : r;
}

/* ------------------------------------------------------------------ */
/* The free scanner */

static inline uint32_t
cc_list(const struct machine *m, unsigned order)
{
	return m->cc_free_head + order;
}

/*
 * The free-list counters (__del_page_from_free_list()'s accounting) of
 * the blocks one batch of the free scanner takes off the lists of type
 * mt: added up per order and applied once at the end of the batch
 * (free_area_count()), as nothing reads them in between.
 */
struct free_taken {
	enum migratetype mt;
	uint32_t orders;			/* bit o: blocks[o] != 0 */
	unsigned long blocks[MM_MAX_ORDER_LIMIT + 1];
};

static void
free_taken_apply(struct zone *z, struct free_taken *t)
{
	for (uint32_t mask = t->orders; mask; mask &= mask - 1) {
		unsigned o = (unsigned)__builtin_ctz(mask);

		free_area_count(z, t->mt, o, -(long)t->blocks[o]);
		t->blocks[o] = 0;
	}
	t->orders = 0;
}

/*
 * __isolate_free_page(): take a free block off the buddy lists for
 * compaction, if the zone stays above min + 2^order (the order-0 check,
 * kept as a running slack, *slack: only the isolations of this scan
 * change it), and put it on cc->freepages: whole (six: 6.x) or as
 * order-0 pages (4.19).  A block on a list of type t->mt is counted in
 * *t (free_taken_apply() does the rest).  The caller counts the pages.
 */
static HOT_INLINE bool
isolate_free_block(struct machine *m, struct compact_control *cc,
		   uint32_t idx, long *slack, struct free_taken *t, bool six)
{
	struct zone *z = cc->z;
	unsigned order = m->page[idx].order;
	enum migratetype mt = page_type(m, idx);

	if (mt != MIGRATE_ISOLATE && *slack <= (long)(1ul << order))
		return false;
	*slack -= 1L << order;
	if (mt == t->mt) {
		list_del_idx(m, idx);
		t->blocks[order]++;
		t->orders |= 1u << order;
	} else {
		del_page_from_free_list(m, z, idx, order, mt);
	}
	m->page[idx].flags = 0;
	if (order + 1 >= m->pageblock_order) {
		/* the counters as they are now for a listener of the
		 * retype events */
		free_taken_apply(z, t);
		for (uint32_t i = idx; i < idx + (1u << order);
		     i += m->pageblock_nr_pages) {
			enum migratetype bmt = pageblock_mt(m, i);

			if (bmt == MIGRATE_UNMOVABLE || bmt == MIGRATE_RECLAIMABLE)
				set_pageblock_migratetype(m, z, i, MIGRATE_MOVABLE);
		}
	}
	if (six) {
		list_add_idx(m, idx, cc_list(m, order), true);
	} else {
		/* split_map_pages(): order-0 pages */
		for (uint32_t i = idx; i < idx + (1u << order); i++) {
			m->page[i].order = 0;
			m->page[i].flags = 0;
			list_add_idx(m, i, cc_list(m, 0), true);
		}
	}
	return true;
}

/* suitable_migration_target(): MOVABLE or CMA blocks that are not
 * already one free block of pageblock size. */
static bool
suitable_migration_target(const struct machine *m,
			  const struct compact_control *cc, uint64_t block)
{
	uint32_t idx = pfn_to_idx(m, block);
	enum migratetype mt;

	if ((m->page[idx].flags & PG_BUDDY) && m->page[idx].order >= m->pageblock_order)
		return false;
	if (cc->ignore_block_suitable)
		return true;
	mt = pageblock_mt(m, idx);
	return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA;
}

/*
 * The first free block from idx on, end_idx if there is none before it.
 * Where a page's state is the 2-byte record {flags, order} of
 * internal.h, four pages are looked at at once: the PG_buddy bits of
 * four records are one 64-bit word, and the first set one is found
 * without a branch per page, which a run of pages in use of random
 * length would make the processor mispredict.
 */
static HOT_INLINE uint32_t
next_free_block(const struct page_state *pg, uint32_t idx, uint32_t end_idx)
{
	if (sizeof(struct page_state) == 2 &&
	    offsetof(struct page_state, flags) == 0 &&
	    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		while (idx + 4 <= end_idx) {
			uint64_t w;

			memcpy(&w, &pg[idx], sizeof(w));
			w &= 0x0001000100010001ull * PG_BUDDY;
			if (w)
				return idx + (uint32_t)__builtin_ctzll(w) / 16;
			idx += 4;
		}
	}
	while (idx < end_idx && !(pg[idx].flags & PG_BUDDY))
		idx++;
	return idx;
}

/* Fetch the links of the list neighbours of page idx, which taking idx
 * off its list will write: they are anywhere in memory. */
static HOT_INLINE void
prefetch_list_neighbours(const struct machine *m, uint32_t idx)
{
	const struct page_link *l = m->links;

	__builtin_prefetch(&l[l[idx].next], 1);
	__builtin_prefetch(&l[l[idx].prev], 1);
}

/* The loop of isolate_freepages_block(), inlined once per era (six: the
 * isolated blocks keep their order, 6.x) so the era is no test in it. */
static HOT_INLINE uint64_t
isolate_freepages_range(struct machine *m, struct compact_control *cc,
			uint64_t start, uint64_t end, bool *stopped, bool *full,
			bool six)
{
	const struct page_state *pg = m->page;
	uint32_t idx = pfn_to_idx(m, start), end_idx = pfn_to_idx(m, end);
	uint32_t first = idx;
	unsigned long nr_free = cc->nr_freepages, want = cc->nr_migratepages;
	unsigned long isolated = 0, scanned, nr_blocks = 0;
	long slack = cc->wmark_slack;
	struct free_taken taken = { .mt = MIGRATE_MOVABLE };

	uint32_t next = next_free_block(pg, idx, end_idx);

	*stopped = *full = false;
	for (;;) {
		unsigned order;

		idx = next;
		if (idx >= end_idx)
			break;
		order = pg[idx].order;
		/* one block ahead: its list neighbours come from memory
		 * while this one is isolated (isolating it changes no
		 * page after it) */
		next = next_free_block(pg, idx + (1u << order), end_idx);
		if (next < end_idx)
			prefetch_list_neighbours(m, next);
		if (!isolate_free_block(m, cc, idx, &slack, &taken, six)) {
			*full = true;
			break;
		}
		idx += 1u << order;
		isolated += 1ul << order;
		nr_blocks++;
		if (nr_free + isolated >= want) {
			*stopped = true;
			break;
		}
	}
	free_taken_apply(cc->z, &taken);
	/* each page passed and each free block looked at, refused or not */
	scanned = idx - first - isolated + nr_blocks + *full;
	cc->wmark_slack = slack;
	cc->nr_freepages = nr_free + isolated;
	cc->info.nr_isolated_free += isolated;
	m->vmstat.compact_isolated += isolated;
	cc->info.nr_free_scanned += scanned;
	m->vmstat.compact_free_scanned += scanned;
	return idx_to_pfn(m, idx);
}

/*
 * isolate_freepages_block(): from start to end (one pageblock), isolate
 * free blocks until there are as many free pages as pages to migrate
 * (*stopped) or the watermark refuses one (*full).  Every page looked at
 * counts as scanned, a free block as one.  The counts of the block are
 * kept in locals and added once at the end.  Returns where it stopped.
 */
static BATCH_NOINLINE uint64_t
isolate_freepages_block(struct machine *m, struct compact_control *cc,
			uint64_t start, uint64_t end, bool *stopped, bool *full)
{
	if (m->era->compaction_6x)
		return isolate_freepages_range(m, cc, start, end, stopped, full, true);
	return isolate_freepages_range(m, cc, start, end, stopped, full, false);
}

/*
 * isolate_freepages(): from the free scanner's block downwards, stopping
 * at the block after the migration scanner's, isolate free blocks until
 * there are as many free pages as pages to migrate.
 */
static BATCH_NOINLINE void
isolate_freepages(struct machine *m, struct compact_control *cc)
{
	uint64_t low = pb_end(m, cc->migrate_pfn);
	uint64_t block = cc->free_pfn;
	uint64_t start = cc->free_resume;

	cc->wmark_slack = zone_wmark_slack(m, cc->z, cc->z->_watermark[WMARK_IDX_MIN],
					   0, ALLOC_CMA);

	while (block >= low && block >= cc->start_pfn) {
		uint64_t end = block + m->pageblock_nr_pages;
		unsigned long before = cc->nr_freepages;
		uint64_t pfn;
		bool stopped = false, full;

		if (end > cc->end_pfn)
			end = cc->end_pfn;
		if (start < block || start >= end)
			start = block;
		if (start < cc->start_pfn)
			start = cc->start_pfn;
		if ((!cc->ignore_skip_hint && pb_skip(m, block)) ||
		    !suitable_migration_target(m, cc, block))
			goto next;
		pfn = isolate_freepages_block(m, cc, start, end, &stopped, &full);
		if (full) {
			/* below the watermark: stop here, resume here next
			 * time */
			cc->free_pfn = block;
			cc->free_resume = pfn;
			cc->info.free_pfn = block;
			return;
		}
		if (!stopped && pfn >= end && cc->nr_freepages == before)
			set_pb_skip(m, block);	/* nothing here: skip next time */
		if (stopped) {
			if (pfn >= end) {
				cc->free_pfn = block - m->pageblock_nr_pages;
				cc->free_resume = cc->free_pfn;
			} else {
				cc->free_pfn = block;
				cc->free_resume = pfn;
			}
			cc->info.free_pfn = cc->free_pfn;
			return;
		}
next:
		if (block < m->pageblock_nr_pages)
			break;
		block -= m->pageblock_nr_pages;
		start = block;
	}
	/* the scanners met: park the free scanner below the migrate one */
	cc->free_pfn = block >= low ? block : pb_start(m, cc->migrate_pfn);
	cc->free_resume = cc->free_pfn;
	cc->info.free_pfn = cc->free_pfn;
}

/*
 * Free the old copies of the blocks migrate_pages() has moved since the
 * last call.  With the per-CPU lists off, nobody listening and no direct
 * compactor capturing, migrate_pages() frees them together at the end of
 * the batch, or here before the free scanner runs: between those points
 * nothing reads what the frees change (the zone's free counts, the free
 * lists, the lower pageblocks' pages), so the state is the one of each
 * old copy freed as soon as it was copied.  Otherwise each is freed at
 * once (free_unref_page(), through the per-CPU lists when they are on).
 */
static void
free_old_copies(struct machine *m, struct compact_control *cc)
{
	if (cc->nr_moved > cc->nr_freed)
		free_unref_pages_compacted(m, cc->z, cc->migratepages + cc->nr_freed,
					   cc->nr_moved - cc->nr_freed, &cc->free_sums);
	cc->nr_freed = cc->nr_moved;
}

/* compaction_alloc() when cc->freepages has no block of this order:
 * split a larger one (6.x), or isolate more free pages first. */
static BATCH_NOINLINE uint32_t
compaction_alloc_slow(struct machine *m, struct compact_control *cc,
		      unsigned order)
{
	bool isolated = false;

	for (;;) {
		for (unsigned o = order; o <= m->max_order; o++) {
			uint32_t head = cc_list(m, o), idx;

			if (list_empty_idx(m, head))
				continue;
			idx = m->links[head].next;
			list_del_idx(m, idx);
			while (o > order) {
				uint32_t half;

				o--;
				half = idx + (1u << o);
				m->page[half].order = (uint8_t)o;
				list_add_idx(m, half, cc_list(m, o), false);
			}
			cc->nr_freepages -= 1ul << order;
			return idx;
		}
		if (isolated)
			return NIL;
		/* the free scanner reads the zone's free count */
		free_old_copies(m, cc);
		isolate_freepages(m, cc);
		isolated = true;
	}
}

/* compaction_alloc(): a free block of this order for a migration target,
 * splitting a larger one (6.x) or taking an order-0 page (4.19).  The
 * first block of the list of that order, or else of the next order
 * split in two, is what the search of compaction_alloc_slow() would find
 * first. */
static HOT_INLINE uint32_t
compaction_alloc(struct machine *m, struct compact_control *cc,
		 unsigned order)
{
	struct page_link *l = m->links;
	uint32_t head = cc_list(m, order), idx = l[head].next;

	if (idx == head) {
		uint32_t half;

		if (order >= m->max_order || (idx = l[head + 1].next) == head + 1)
			return compaction_alloc_slow(m, cc, order);
		list_del_idx(m, idx);
		half = idx + (1u << order);
		m->page[half].order = (uint8_t)order;
		list_add_idx(m, half, head, false);
	} else {
		list_del_idx(m, idx);
	}
	cc->nr_freepages -= 1ul << order;
	return idx;
}

/* release_freepages(): give back what was isolated and not used;
 * returns the highest PFN given back (0 if none). */
static uint64_t
release_freepages(struct machine *m, struct compact_control *cc)
{
	uint64_t high = 0;

	for (unsigned o = 0; o <= m->max_order; o++) {
		uint32_t head = cc_list(m, o);

		while (!list_empty_idx(m, head)) {
			uint32_t idx = m->links[head].next;
			uint64_t pfn = idx_to_pfn(m, idx);

			list_del_idx(m, idx);
			if (pfn > high)
				high = pfn;
			free_one_page(m, cc->z, idx, o, false);
		}
	}
	cc->nr_freepages = 0;
	return high;
}

/* ------------------------------------------------------------------ */
/* The migration scanner */

/* suitable_migration_source(): async direct compaction only takes
 * blocks of the request's type (movable requests: MOVABLE or CMA). */
static bool
suitable_migration_source(const struct machine *m,
			  const struct compact_control *cc, uint64_t block)
{
	enum migratetype mt;

	if (cc->mode != MIGRATE_ASYNC || !cc->direct)
		return true;
	mt = pageblock_mt(m, pfn_to_idx(m, block));
	if (cc->mt == MIGRATE_MOVABLE)
		return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA;
	return mt == cc->mt;
}

/*
 * skip_isolation_on_order() (6.x) as a bound: blocks of this order or
 * more are not isolated (those of the requested order or more, and
 * those of a pageblock or more); 4.19 never migrates compound pages.
 */
static unsigned
skip_order_bound(const struct machine *m, const struct compact_control *cc)
{
	if (!m->era->compaction_6x)
		return 1;
	if (cc->order >= 0 && (unsigned)cc->order < m->pageblock_order)
		return (unsigned)cc->order;
	return m->pageblock_order;
}

/*
 * What the migration scanner does with a page, by its flags byte: bit 0,
 * a head it may isolate (PG_head and an owner on an LRU, not pinned);
 * bit 1, it passes the whole block (a free block or an allocated one;
 * any other page alone).  A table, so a step of the scan looks the page
 * up once instead of taking its flags apart.
 */
#define SCAN_CLASS(f) \
	((((f) & PG_HEAD) && ((MIGRATABLE_OWNERS >> \
	  (((f) & PG_TYPE_MASK) >> PG_TYPE_SHIFT)) & 1)) | \
	 (((f) & (PG_BUDDY | PG_HEAD)) ? 2 : 0))
#define SCAN_CLASS4(f) SCAN_CLASS(f), SCAN_CLASS((f) + 1), \
	SCAN_CLASS((f) + 2), SCAN_CLASS((f) + 3)
#define SCAN_CLASS16(f) SCAN_CLASS4(f), SCAN_CLASS4((f) + 4), \
	SCAN_CLASS4((f) + 8), SCAN_CLASS4((f) + 12)
#define SCAN_CLASS64(f) SCAN_CLASS16(f), SCAN_CLASS16((f) + 16), \
	SCAN_CLASS16((f) + 32), SCAN_CLASS16((f) + 48)

static const uint8_t scan_class[256] = {
	SCAN_CLASS64(0), SCAN_CLASS64(64), SCAN_CLASS64(128), SCAN_CLASS64(192),
};

/* The migratable owners are one range of owner numbers (see below). */
#define MIGRATABLE_LO __builtin_ctz(MIGRATABLE_OWNERS)
#define MIGRATABLE_HI (31 - __builtin_clz(MIGRATABLE_OWNERS))
_Static_assert(((MIGRATABLE_OWNERS >> MIGRATABLE_LO) &
		((MIGRATABLE_OWNERS >> MIGRATABLE_LO) + 1)) == 0,
	       "MIGRATABLE_OWNERS is a range");

/*
 * Up to four steps of the scan below at once, over pages of order 0 (a
 * free order-0 page, an order-0 allocation, a tail page): each is passed
 * alone and kept if it is a head of a migratable owner.  The records
 * {flags, order} of four pages are one 64-bit word (as in
 * next_free_block()), looked at as four 16-bit lanes, and the steps end
 * before the first page with an order.  Appends the pages kept to
 * list[*nr] and returns how many pages it passed (0..4).  The caller
 * makes sure four more fit below COMPACT_CLUSTER_MAX and that order 0 is
 * below the scan's bound.
 */
static HOT_INLINE unsigned
isolate_order0_steps(const struct page_state *pg, uint32_t idx,
		     uint32_t *list, unsigned *nr)
{
	const uint64_t ones = 0x0001000100010001ull;
	const uint64_t top = ones << 15;	/* bit 15 of each lane */
	uint64_t w, nz, type, keep;
	unsigned k = *nr;

	memcpy(&w, &pg[idx], sizeof(w));
	/* bit 16i+8 set where page i has an order: its order byte plus
	 * 0xff carries into bit 8 of the lane exactly when it is not 0 */
	nz = (((w >> 8) & (ones * 0xff)) + ones * 0xff) & (ones << 8);
	/* the owner of each page, and lo <= owner <= hi in bit 15 of its
	 * lane (the sums stay below 0x10000: no carry into the next) */
	type = (w >> PG_TYPE_SHIFT) & (ones * (PG_TYPE_MASK >> PG_TYPE_SHIFT));
	keep = (type + ones * (0x8000 - MIGRATABLE_LO)) &
	       ~(type + ones * (0x8000 - MIGRATABLE_HI - 1)) & top;
	/* and PG_head, before the first page with an order */
	keep &= (w << (15 - 1)) & (((nz & -nz) >> 8) - 1);
	_Static_assert(PG_HEAD == 1 << 1, "PG_head is bit 1");
	keep >>= 15;
	list[k] = idx;
	k += (unsigned)keep & 1;
	list[k] = idx + 1;
	k += (unsigned)(keep >> 16) & 1;
	list[k] = idx + 2;
	k += (unsigned)(keep >> 32) & 1;
	list[k] = idx + 3;
	k += (unsigned)(keep >> 48) & 1;
	*nr = k;
	/* the first lane with an order (bit 8, 24, 40 or 56), else 4 */
	return ((unsigned)__builtin_ctzll(nz | 1ull << 63) + 1) / 16;
}

/*
 * The scan of isolate_migratepages_block() from page index idx up to
 * end_idx; returns where it stopped.  Every page it passes counts as
 * scanned and every page it isolates stays isolated unless put back, so
 * the block's scanned and isolated counts follow from where it stopped
 * and from cc->nr_migratepages.  Inlined twice, with skip_on_failure a
 * constant in each.
 */
static HOT_INLINE uint32_t
isolate_migratepages_scan(struct machine *m, struct compact_control *cc,
			  uint32_t idx, uint32_t end_idx, bool skip_on_failure)
{
	const struct page_state *pg = m->page;
	unsigned bound = skip_order_bound(m, cc);
	uint64_t chunk = skip_on_failure ? (1ull << cc->order) - 1 : 0;
	uint32_t next_skip = 0;
	/* isolate_order0_steps() reads four records as one word, and keeps
	 * order-0 pages only if order 0 is below the bound */
	bool quad = sizeof(struct page_state) == 2 &&
		offsetof(struct page_state, flags) == 0 &&
		__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && bound > 0;
	unsigned nr_blocks = cc->nr_migrate_blocks;
	unsigned long nr_pages = cc->nr_migratepages;

	if (!skip_on_failure) {
		/*
		 * A page that cannot be isolated is just passed, so every
		 * step is the same: a free block or an allocated head is
		 * passed whole, any other page alone, and a head that may be
		 * isolated is kept.  Written without a branch on the page
		 * (in use or free, at random), which the processor would
		 * mispredict half the time.
		 */
		while (idx < end_idx) {
			unsigned c, order, keep;

			/* the order-0 pages ahead, four at a time; the step
			 * below then takes the page after them (there is
			 * one: idx + 4 < end_idx) */
			if (quad && idx + 4 < end_idx &&
			    nr_pages + 4 < COMPACT_CLUSTER_MAX &&
			    nr_blocks + 4 < COMPACT_CLUSTER_MAX) {
				unsigned before = nr_blocks;

				idx += isolate_order0_steps(pg, idx,
							    cc->migratepages,
							    &nr_blocks);
				nr_pages += nr_blocks - before;
			}
			c = scan_class[pg[idx].flags];
			order = pg[idx].order;
			keep = (c & 1) & (order < bound) &
				(nr_blocks < COMPACT_CLUSTER_MAX);

			cc->migratepages[nr_blocks] = idx;
			nr_blocks += keep;
			nr_pages += (unsigned long)keep << order;
			/* the whole block, or one page (order & 0) */
			idx += 1u << (order & -(c >> 1));
			if (keep & (nr_pages >= COMPACT_CLUSTER_MAX))
				break;
		}
		cc->nr_migrate_blocks = nr_blocks;
		cc->nr_migratepages = nr_pages;
		return idx;
	}
	next_skip = pfn_to_idx(m, (idx_to_pfn(m, idx) | chunk) + 1);
	while (idx < end_idx) {
		uint8_t f = pg[idx].flags;
		unsigned order = pg[idx].order;

		if (idx >= next_skip) {
			/* a new order-aligned chunk: what was isolated in
			 * the previous one stays */
			next_skip = pfn_to_idx(m, (idx_to_pfn(m, idx) | chunk) + 1);
		}
		if (f & PG_BUDDY) {
			idx += 1u << order;
			continue;
		}
		if (!(f & PG_HEAD)) {
			/* an isolated free page, a tail page or a page on a
			 * per-CPU list: not on an LRU, cannot be isolated */
			idx++;
			if (f & PG_HOLE)
				continue;
			goto fail;
		}
		idx += 1u << order;
		if (!(MIGRATABLE_OWNERS & (1u << ((f & PG_TYPE_MASK) >> PG_TYPE_SHIFT))) ||
		    order >= bound || nr_blocks >= COMPACT_CLUSTER_MAX)
			goto fail;
		cc->migratepages[nr_blocks++] = idx - (1u << order);
		nr_pages += 1ul << order;
		if (nr_pages >= COMPACT_CLUSTER_MAX)
			break;
		continue;
fail:
		if (!skip_on_failure)
			continue;
		/* putback: the chunk cannot become free anyway */
		nr_blocks = 0;
		nr_pages = 0;
		if (idx < next_skip)
			idx = next_skip;
	}
	cc->nr_migrate_blocks = nr_blocks;
	cc->nr_migratepages = nr_pages;
	return idx;
}

/*
 * isolate_migratepages_block(): from low_pfn to end, isolate movable
 * in-use blocks until COMPACT_CLUSTER_MAX pages.  Async direct
 * compaction gives up on an order-aligned chunk at the first page it
 * cannot isolate (skip_on_failure).  Returns where it stopped.
 */
static BATCH_NOINLINE uint64_t
isolate_migratepages_block(struct machine *m, struct compact_control *cc,
			   uint64_t low_pfn, uint64_t end)
{
	uint32_t start = pfn_to_idx(m, low_pfn), end_idx = pfn_to_idx(m, end);
	unsigned long nr_before = cc->nr_migratepages;
	unsigned long isolated, scanned;
	uint32_t idx;

	if (cc->direct && cc->mode == MIGRATE_ASYNC && cc->order > 0)
		idx = isolate_migratepages_scan(m, cc, start, end_idx, true);
	else
		idx = isolate_migratepages_scan(m, cc, start, end_idx, false);
	scanned = idx - start;
	isolated = cc->nr_migratepages - nr_before;
	low_pfn = idx < end_idx ? idx_to_pfn(m, idx) : end;
	if (idx >= end_idx && !isolated &&
	    pb_start(m, idx_to_pfn(m, start)) == pb_start(m, end - 1)) {
		/* update_pageblock_skip() + update_cached_migrate() */
		set_pb_skip(m, pb_start(m, end - 1));
		if (end > cc->z->compact_cached_migrate_pfn[0])
			cc->z->compact_cached_migrate_pfn[0] = end;
		if (cc->mode != MIGRATE_ASYNC &&
		    end > cc->z->compact_cached_migrate_pfn[1])
			cc->z->compact_cached_migrate_pfn[1] = end;
	}
	cc->info.nr_migrate_scanned += scanned;
	m->vmstat.compact_migrate_scanned += scanned;
	m->vmstat.compact_isolated += isolated;
	return low_pfn;
}

/* isolate_migratepages(): the next pageblock the scanner may use, up to
 * (not into) the free scanner's block.  Returns true if it isolated. */
static bool
isolate_migratepages(struct machine *m, struct compact_control *cc)
{
	uint64_t low = cc->migrate_pfn;
	uint64_t block = pb_start(m, low);
	uint64_t end = pb_end(m, low);

	if (block < cc->start_pfn)
		block = cc->start_pfn;
	for (; end <= cc->free_pfn; low = block = end, end += m->pageblock_nr_pages) {
		uint64_t stop = end < cc->end_pfn ? end : cc->end_pfn;

		cc->migrate_pfn = low;
		if (low == block && !cc->ignore_skip_hint && pb_skip(m, block))
			continue;
		if (!suitable_migration_source(m, cc, block))
			continue;
		cc->migrate_pfn = isolate_migratepages_block(m, cc, low, stop);
		cc->info.migrate_pfn = cc->migrate_pfn;
		return cc->nr_migrate_blocks > 0;
	}
	cc->migrate_pfn = low > cc->migrate_pfn ? low : cc->migrate_pfn;
	cc->info.migrate_pfn = cc->migrate_pfn;
	return false;
}

/*
 * The new copy of a block that belongs to a task, or any block while a
 * listener watches: the migration event, then the new copy takes the
 * owner, the task and the young end of the LRU, and the old copy leaves
 * them (account_allocated_block / unaccount_allocated_block).
 */
static BATCH_NOINLINE void
migrate_block_account(struct machine *m, struct compact_control *cc,
		      uint32_t src, uint32_t dst)
{
	unsigned order = m->page[src].order;
	enum page_owner owner = (enum page_owner)page_type(m, src);
	int task = task_of(m, src);

	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_MIGRATE);
		ev.zone = cc->zi;
		ev.pfn = idx_to_pfn(m, src);
		ev.buddy_pfn = idx_to_pfn(m, dst);
		ev.block_order = order;
		ev.owner = owner;
		ev.task = task;
		ev_emit(m, &ev);
	}
	account_allocated_block(m, cc->z, dst, order, owner, task);
	unaccount_allocated_block(m, cc->z, src);
}

/*
 * Move one allocated block to a free target: migrate_pages() for one
 * folio with compaction_alloc() as the allocator; the old copy is freed
 * at once when batch_free is false (through the per-CPU lists when on),
 * else by free_old_copies().  Returns false when no target was found
 * (-ENOMEM).
 */
static HOT_INLINE bool
migrate_block(struct machine *m, struct compact_control *cc, uint32_t src,
	      bool batch_free)
{
	uint8_t f = m->page[src].flags;
	unsigned order = m->page[src].order;
	uint32_t dst = compaction_alloc(m, cc, order);

	if (dst == NIL)
		return false;
	if ((f & PG_TASK) || mm_has_listener(m)) {
		migrate_block_account(m, cc, src, dst);
	} else {
		/*
		 * The same for a block without a task and nobody watching:
		 * the new copy takes the young end of the owner's LRU
		 * (isolation took only LRU owners) and the old copy leaves
		 * it, so the zone's LRU and dirty counts, which would go up
		 * and down by the same amount, stay as they are.
		 */
		enum page_owner owner = (enum page_owner)((f & PG_TYPE_MASK) >>
							  PG_TYPE_SHIFT);

		/* the old head's flags are PG_head and the owner (no
		 * PG_task here): what set_page_flags(PG_HEAD, owner) writes */
		m->page[dst].flags = f;
		m->page[dst].order = (uint8_t)order;
		list_add_idx(m, dst, m->lru_head[lru_of_owner(owner)], false);
		list_del_idx(m, src);
		m->page[src].flags = 0;
	}
	if (batch_free)
		cc->nr_moved++;
	else
		free_unref_page(m, cc->z, src, order, 0);
	return true;
}

/*
 * migrate_pages() of cc->migratepages with compaction_alloc() as the
 * allocator, one block after the other; from the first block that finds
 * no target (-ENOMEM) on, the blocks stay where they are and count as
 * failed.  Returns false after an -ENOMEM.  The migrated count is added
 * once at the end (nothing reads it in between).
 */
static BATCH_NOINLINE bool
migrate_pages(struct machine *m, struct compact_control *cc)
{
	unsigned i, n = cc->nr_migrate_blocks;
	unsigned long migrated = 0;
	bool batch_free = !m->pcp_on && !mm_has_listener(m) && !m->capc;

	cc->nr_freed = cc->nr_moved = 0;
	for (i = 0; i < n; i++) {
		uint32_t src = cc->migratepages[i];
		unsigned order = m->page[src].order;

		if (!migrate_block(m, cc, src, batch_free))
			break;
		migrated += 1ul << order;
	}
	free_old_copies(m, cc);
	m->vmstat.pgmigrate_success += migrated;
	cc->info.nr_migrated += migrated;
	if (i == n)
		return true;
	for (; i < n; i++) {
		uint32_t src = cc->migratepages[i];

		cc->info.nr_failed += 1ul << m->page[src].order;
		m->vmstat.pgmigrate_fail += 1ul << m->page[src].order;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* compact_zone() */

static bool
scanners_met(const struct machine *m, const struct compact_control *cc)
{
	return (cc->free_pfn >> m->pageblock_order) <=
	       (cc->migrate_pfn >> m->pageblock_order);
}

/* __compact_finished() */
static enum compact_result
compact_finished(struct machine *m, struct compact_control *cc,
		 const struct capture_control *capc)
{
	bool aligned;

	if (capc && capc->page != NIL)
		return COMPACT_SUCCESS;
	if (scanners_met(m, cc)) {
		reset_cached_positions(m, cc->z);
		if (cc->direct)
			cc->z->compact_blockskip_flush = true;
		return cc->whole_zone ? COMPACT_COMPLETE : COMPACT_PARTIAL_SKIPPED;
	}
	if (cc->proactive) {
		if (m->kswapd_awake)
			return COMPACT_PARTIAL_SKIPPED;
		return (unsigned)frag_extfrag_for_order(m, (unsigned)cc->zi,
			m->pageblock_order) > (m->sysctl.compaction_proactiveness >= 95 ?
			5u : 100u - m->sysctl.compaction_proactiveness) ?
			COMPACT_CONTINUE : COMPACT_SUCCESS;
	}
	if (cc->order < 0)
		return COMPACT_CONTINUE;
	aligned = (cc->migrate_pfn & (m->pageblock_nr_pages - 1)) == 0;
	if (m->era->compaction_6x) {
		if (!aligned)
			return COMPACT_CONTINUE;
	} else if (cc->finishing_block) {
		if (!aligned)
			return COMPACT_CONTINUE;
		cc->finishing_block = false;
	}
	for (unsigned o = (unsigned)cc->order; o <= m->max_order; o++) {
		const struct free_area *area = &cc->z->free_area[o];
		bool can_steal;

		if (area->nr_free_mt[cc->mt])
			return COMPACT_SUCCESS;
		if (m->have_cma && cc->mt == MIGRATE_MOVABLE &&
		    area->nr_free_mt[MIGRATE_CMA])
			return COMPACT_SUCCESS;
		if (find_suitable_fallback(m, cc->z, o, cc->mt, true,
					   &can_steal) >= 0) {
			if (m->era->compaction_6x || cc->mt == MIGRATE_MOVABLE)
				return COMPACT_SUCCESS;
			if (cc->mode == MIGRATE_ASYNC || aligned)
				return COMPACT_SUCCESS;
			cc->finishing_block = true;
			return COMPACT_CONTINUE;
		}
	}
	return COMPACT_CONTINUE;	/* COMPACT_NO_SUITABLE_PAGE */
}

static void
emit_compact(struct machine *m, const struct compact_control *cc,
	     enum mm_event_type type, long count)
{
	struct mm_event ev;

	ev_init(&ev, type);
	ev.zone = cc->zi;
	ev.order = (unsigned)cc->order;
	ev.step = (int)cc->info.result;
	ev.scan_pfn = cc->migrate_pfn;
	ev.scan_pfn2 = cc->free_pfn;
	ev.count = count;
	ev.count2 = (long)cc->info.nr_migrated;
	ev.mt = cc->mt;
	ev.kswapd = !cc->direct;
	ev_emit(m, &ev);
}

static void
cc_setup(struct machine *m, struct compact_control *cc, unsigned zone,
	 int order, enum compact_priority prio, bool direct)
{
	struct zone *z = &m->zones[zone];

	memset(cc, 0, sizeof(*cc));
	cc->z = z;
	cc->zi = (int)zone;
	cc->order = order;
	cc->mt = MIGRATE_MOVABLE;
	cc->prio = prio;
	cc->mode = prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT;
	cc->alloc_flags = ALLOC_WMARK_MIN;
	cc->highest_zoneidx = (int)zone;
	cc->direct = direct;
	cc->whole_zone = cc->ignore_skip_hint = cc->ignore_block_suitable =
		prio == COMPACT_PRIO_SYNC_FULL;
	if (order < 0) {
		/* compact_node(): the whole zone, synchronously, into
		 * MOVABLE and CMA blocks only */
		cc->mode = MIGRATE_SYNC;
		cc->whole_zone = cc->ignore_skip_hint = true;
		cc->ignore_block_suitable = false;
	}
	cc->start_pfn = z->start_pfn;
	cc->end_pfn = z->start_pfn + z->spanned;
	cc->info.zone = cc->zi;
	cc->info.order = cc->order;
	cc->info.prio = cc->prio;
	cc->info.direct = direct;
	cc->info.migrate_pfn = cc->start_pfn;
	cc->info.free_pfn = pb_start(m, cc->end_pfn - 1);
}

/*
 * The start of compact_zone(): suitability (unless order -1), the skip
 * hints after a long deferral, the scanners' start positions.
 * Returns COMPACT_CONTINUE when the scan should run.
 */
static enum compact_result
cc_start(struct machine *m, struct compact_control *cc)
{
	struct zone *z = cc->z;
	int sync = cc->mode != MIGRATE_ASYNC;

	if (cc->order >= 0) {
		enum compact_result r = suit_allocation_order(m, z,
			(unsigned)cc->order, cc->highest_zoneidx, cc->alloc_flags);

		if (r != COMPACT_CONTINUE)
			return r;
	}
	if (compaction_restarting(z, cc->order))
		reset_isolation_suitable(m);
	if (cc->whole_zone) {
		cc->migrate_pfn = cc->start_pfn;
		cc->free_pfn = pb_start(m, cc->end_pfn - 1);
	} else {
		cc->migrate_pfn = z->compact_cached_migrate_pfn[sync];
		cc->free_pfn = z->compact_cached_free_pfn;
		if (cc->free_pfn < cc->start_pfn || cc->free_pfn >= cc->end_pfn) {
			cc->free_pfn = pb_start(m, cc->end_pfn - 1);
			z->compact_cached_free_pfn = cc->free_pfn;
		}
		if (cc->migrate_pfn < cc->start_pfn ||
		    cc->migrate_pfn >= cc->end_pfn) {
			cc->migrate_pfn = cc->start_pfn;
			z->compact_cached_migrate_pfn[0] = cc->migrate_pfn;
			z->compact_cached_migrate_pfn[1] = cc->migrate_pfn;
		}
		if (cc->migrate_pfn <= cc->start_pfn)
			cc->whole_zone = true;
	}
	cc->free_resume = cc->free_pfn;
	cc->update_cached = !sync &&
		z->compact_cached_migrate_pfn[0] == z->compact_cached_migrate_pfn[1];
	cc->info.active = true;
	cc->info.zone = cc->zi;
	cc->info.order = cc->order;
	cc->info.prio = cc->prio;
	cc->info.whole_zone = cc->whole_zone;
	cc->info.proactive = cc->proactive;
	cc->info.direct = cc->direct;
	cc->info.migrate_pfn = cc->migrate_pfn;
	cc->info.free_pfn = cc->free_pfn;
	cc->info.result = COMPACT_CONTINUE;
	if (mm_has_listener(m))
		emit_compact(m, cc, EV_COMPACT_BEGIN, 0);
	return COMPACT_CONTINUE;
}

/* One turn of compact_zone()'s loop; false when it has ended (the
 * result is in cc->info.result). */
static bool
cc_iterate(struct machine *m, struct compact_control *cc,
	   const struct capture_control *capc)
{
	enum compact_result r = compact_finished(m, cc, capc);
	unsigned long migrated_before = cc->info.nr_migrated;

	if (r != COMPACT_CONTINUE) {
		cc->info.result = r;
		return false;
	}
	if (!isolate_migratepages(m, cc)) {
		if (cc->update_cached)
			cc->z->compact_cached_migrate_pfn[1] =
				cc->z->compact_cached_migrate_pfn[0];
	} else {
		bool enomem;

		cc->update_cached = false;
		cc->last_migrated_pfn = pb_start(m, cc->migrate_pfn - 1);
		if (cc->last_migrated_pfn < cc->start_pfn)
			cc->last_migrated_pfn = cc->start_pfn;
		enomem = !migrate_pages(m, cc);
		cc->nr_migrate_blocks = 0;
		cc->nr_migratepages = 0;
		if (enomem && !scanners_met(m, cc)) {
			cc->info.result = COMPACT_CONTENDED;
			if (mm_has_listener(m))
				emit_compact(m, cc, EV_COMPACT_BATCH,
					     (long)(cc->info.nr_migrated - migrated_before));
			return false;
		}
	}
	/* Once the scanner has left the order-aligned block it migrated
	 * from, drain the local per-CPU lists so the freed pages merge
	 * (lru_add_drain_cpu_zone -> drain_local_pages; 4.19 the same) */
	if (cc->order > 0 && cc->last_migrated_pfn) {
		uint64_t cur = cc->migrate_pfn & ~((1ull << cc->order) - 1);

		if (cc->last_migrated_pfn < cur) {
			pcp_drain_zone(m, cc->z);
			cc->last_migrated_pfn = 0;
		}
	}
	if (mm_has_listener(m))
		emit_compact(m, cc, EV_COMPACT_BATCH,
			     (long)(cc->info.nr_migrated - migrated_before));
	return true;
}

/* The end of compact_zone(): release the unused free pages and move the
 * cached free scanner back to them. */
static void
cc_end(struct machine *m, struct compact_control *cc)
{
	if (cc->nr_freepages) {
		uint64_t high = release_freepages(m, cc);

		if (high) {
			high = pb_start(m, high);
			if (high > cc->z->compact_cached_free_pfn)
				cc->z->compact_cached_free_pfn = high;
		}
	}
	cc->info.active = false;
	cc->info.migrate_pfn = cc->migrate_pfn;
	cc->info.free_pfn = cc->free_pfn;
	if (mm_has_listener(m))
		emit_compact(m, cc, EV_COMPACT_END, (long)cc->info.nr_migrated);
}

static enum compact_result
run_compact_zone(struct machine *m, struct compact_control *cc,
		 const struct capture_control *capc)
{
	enum compact_result r = cc_start(m, cc);

	if (r != COMPACT_CONTINUE) {
		cc->info.result = r;
		return r;
	}
	while (cc_iterate(m, cc, capc))
		;
	cc_end(m, cc);
	return cc->info.result;
}

/* ------------------------------------------------------------------ */
/* The stepped compaction (for the screen) */

void
mm_compact_abort(struct machine *m)
{
	if (!m->cc)
		return;
	if (m->cc->info.active) {
		m->cc->info.result = COMPACT_CONTENDED;
		cc_end(m, m->cc);
	}
	free(m->cc);
	m->cc = NULL;
}

bool
mm_compact_begin(struct machine *m, unsigned zone, int order,
		 enum compact_priority prio, char *err, size_t errlen)
{
	struct compact_control *cc;
	enum compact_result r;

	if (m->cc && m->cc->info.active) {
		snprintf(err, errlen, "a compaction (zone index %d) is already running",
			 m->cc->zi);
		return false;
	}
	if (zone >= m->nr_zones || !populated_zone(&m->zones[zone])) {
		snprintf(err, errlen, "no such populated zone");
		return false;
	}
	if (order < -1 || order > (int)m->max_order || prio >= NR_COMPACT_PRIO) {
		snprintf(err, errlen, "order must be -1..%u", m->max_order);
		return false;
	}
	mm_compact_abort(m);
	cc = malloc(sizeof(*cc));
	if (!cc) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	cc_setup(m, cc, zone, order, prio, false);
	m->cc = cc;
	r = cc_start(m, cc);
	if (r != COMPACT_CONTINUE) {
		cc->info.result = r;
		cc->info.active = false;
	}
	return true;
}

bool
mm_compact_step(struct machine *m)
{
	struct compact_control *cc = m->cc;

	if (!cc || !cc->info.active)
		return false;
	if (cc_iterate(m, cc, NULL))
		return true;
	cc_end(m, cc);
	return false;
}

void
mm_compact_info(const struct machine *m, struct compact_info *out)
{
	if (m->cc)
		*out = m->cc->info;
	else
		memset(out, 0, sizeof(*out));
}

enum compact_result
mm_compact_zone(struct machine *m, unsigned zone, int order,
		enum compact_priority prio, struct compact_info *out)
{
	struct compact_control cc;
	enum compact_result r;

	if (zone >= m->nr_zones || !populated_zone(&m->zones[zone]) ||
	    order < -1 || order > (int)m->max_order || prio >= NR_COMPACT_PRIO)
		return COMPACT_SKIPPED;
	mm_compact_abort(m);
	cc_setup(m, &cc, zone, order, prio, false);
	r = run_compact_zone(m, &cc, NULL);
	if (out)
		*out = cc.info;
	return r;
}

void
mm_compact_memory(struct machine *m)
{
	mm_drain_pcp(m);	/* compact_nodes() starts with lru_add_drain_all */
	for (unsigned i = 0; i < m->nr_zones; i++)
		if (populated_zone(&m->zones[i]))
			mm_compact_zone(m, i, -1, COMPACT_PRIO_SYNC_FULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Direct compaction */

/* compaction_capture(): called by __free_one_page() at each order while
 * a direct compactor runs in this zone. */
bool
compaction_capture(struct machine *m, struct zone *z, uint32_t idx,
		   unsigned order, enum migratetype mt)
{
	struct capture_control *capc = m->capc;

	if (capc->page != NIL || &m->zones[capc->zone] != z ||
	    order != capc->order)
		return false;
	if (mt == MIGRATE_CMA || mt == MIGRATE_ISOLATE)
		return false;
	if (order < m->pageblock_order && mt == MIGRATE_MOVABLE &&
	    capc->mt != MIGRATE_MOVABLE)
		return false;
	capc->page = idx;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_CAPTURE);
		ev.zone = capc->zone;
		ev.pfn = idx_to_pfn(m, idx);
		ev.block_order = order;
		ev.mt = capc->mt;
		ev.fallback_mt = mt;
		ev_emit(m, &ev);
	}
	return true;
}

/*
 * try_to_compact_pages(): each zone of the zonelist, preferred first,
 * unless deferred; stop at the first success.  A block captured while
 * compacting is handed back in *captured.
 */
enum compact_result
try_to_compact_pages(struct machine *m, gfp_t gfp, unsigned order,
		     unsigned alloc_flags, int highest_zoneidx,
		     enum migratetype mt, enum compact_priority prio,
		     uint32_t *captured, int *captured_zone)
{
	enum compact_result rc = COMPACT_SKIPPED;

	(void)gfp;
	*captured = NIL;
	mm_compact_abort(m);
	for (int i = highest_zoneidx; i >= 0; i--) {
		struct zone *z = &m->zones[i];
		struct compact_control cc;
		struct capture_control capc = { i, order, mt, NIL };
		enum compact_result status;

		if (!populated_zone(z))
			continue;
		if (prio > COMPACT_PRIO_SYNC_FULL &&
		    compaction_deferred(m, z, (int)order)) {
			if (rc < COMPACT_DEFERRED)
				rc = COMPACT_DEFERRED;
			continue;
		}
		cc_setup(m, &cc, (unsigned)i, (int)order, prio, true);
		cc.mt = mt;
		cc.alloc_flags = alloc_flags;
		cc.highest_zoneidx = highest_zoneidx;
		if (m->era->compaction_capture)
			m->capc = &capc;
		status = run_compact_zone(m, &cc, &capc);
		m->capc = NULL;
		if (capc.page != NIL) {
			*captured = capc.page;
			*captured_zone = i;
			status = COMPACT_SUCCESS;
		}
		if (status > rc)
			rc = status;
		if (status == COMPACT_SUCCESS) {
			compaction_defer_reset(m, z, (int)order, false);
			break;
		}
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT_COMPLETE || status == COMPACT_PARTIAL_SKIPPED))
			defer_compaction(m, z, (int)order);
	}
	return rc;
}

/* compaction_zonelist_suitable(): would compaction have room if reclaim
 * freed what it can (free + reclaimable / order)? */
bool
compaction_zonelist_suitable(struct machine *m, unsigned order,
			     int highest_zoneidx)
{
	for (int i = highest_zoneidx; i >= 0; i--) {
		struct zone *z = &m->zones[i];
		long avail;

		if (!populated_zone(z))
			continue;
		avail = mm_zone_reclaimable_pages(m, (unsigned)i);
		if (m->era->compaction_6x && order)
			avail /= order;
		avail += zone_free_pages(z);
		if (compaction_headroom(m, z, order, highest_zoneidx, avail))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* kcompactd and proactive compaction */

bool
mm_kcompactd_pending(const struct machine *m)
{
	return m->kswapd.kcompactd_woken;
}

/*
 * kcompactd_do_work(): each zone up to highest_zoneidx that is not
 * deferred, where the allocation would not already succeed but
 * compaction is suitable, is compacted SYNC_LIGHT; failures defer.
 */
void
mm_kcompactd_run(struct machine *m)
{
	struct kswapd_state *k = &m->kswapd;
	int order = k->kcompactd_order;

	if (!k->kcompactd_woken)
		return;
	k->kcompactd_woken = false;
	m->vmstat.compact_daemon_wake++;
	for (int i = 0; i <= k->kcompactd_highest_zoneidx && i < (int)m->nr_zones; i++) {
		struct zone *z = &m->zones[i];
		struct compact_control cc;
		enum compact_result r;

		if (!populated_zone(z) || compaction_deferred(m, z, order))
			continue;
		mm_compact_abort(m);
		cc_setup(m, &cc, (unsigned)i, order, COMPACT_PRIO_SYNC_LIGHT, false);
		cc.highest_zoneidx = i;
		r = run_compact_zone(m, &cc, NULL);
		if (r == COMPACT_SUCCESS) {
			compaction_defer_reset(m, z, order, false);
		} else if (r == COMPACT_PARTIAL_SKIPPED || r == COMPACT_COMPLETE) {
			/* free pages stranded on per-CPU lists may merge */
			pcp_drain_zone(m, z);
			defer_compaction(m, z, order);
		}
	}
}

/* fragmentation_score_node(): the zones' extfrag_for_order at pageblock
 * order, weighted by present pages. */
unsigned
mm_fragmentation_score(const struct machine *m)
{
	uint64_t present = 0, score = 0;

	for (unsigned i = 0; i < m->nr_zones; i++)
		present += m->zones[i].present;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		const struct zone *z = &m->zones[i];

		if (!populated_zone(z))
			continue;
		score += z->present * (uint64_t)frag_extfrag_for_order(m, i,
						m->pageblock_order) / (present + 1);
	}
	return (unsigned)score;
}

/*
 * The kcompactd timer (every 500 ms): with vm.compaction_proactiveness
 * > 0, kswapd asleep and the node's score above the high mark
 * (min(low + 10, 100), low = max(100 - proactiveness, 5)), compact every
 * zone until its score is at or below the low mark.
 */
bool
mm_proactive_compact(struct machine *m)
{
	unsigned p = m->sysctl.compaction_proactiveness;
	unsigned wlow = p >= 95 ? 5 : 100 - p;
	unsigned whigh = wlow + 10 > 100 ? 100 : wlow + 10;

	unsigned prev;

	if (!m->era->proactive_compaction || !p || m->kswapd_awake)
		return false;
	if (m->proactive_defer) {
		m->proactive_defer--;
		return false;
	}
	prev = mm_fragmentation_score(m);
	if (prev <= whigh)
		return false;
	mm_compact_abort(m);
	m->vmstat.compact_daemon_wake++;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct compact_control cc;

		if (!populated_zone(&m->zones[i]))
			continue;
		/* proactive_compact_node() */
		cc_setup(m, &cc, i, -1, COMPACT_PRIO_SYNC_LIGHT, false);
		cc.proactive = true;
		cc.mode = MIGRATE_SYNC_LIGHT;
		run_compact_zone(m, &cc, NULL);
	}
	/* no improvement: back off for 1 << COMPACT_MAX_DEFER_SHIFT ticks */
	m->proactive_defer = mm_fragmentation_score(m) < prev ? 0
			     : 1u << COMPACT_MAX_DEFER_SHIFT;
	return true;
}

/* ------------------------------------------------------------------ */
/* Metrics */

int
mm_largest_free_order(const struct machine *m, unsigned zone)
{
	if (zone >= m->nr_zones)
		return -1;
	for (int o = (int)m->max_order; o >= 0; o--)
		if (m->zones[zone].free_area[o].nr_free)
			return o;
	return -1;
}

long
mm_free_pages_mt(const struct machine *m, unsigned zone, enum migratetype mt)
{
	if (zone >= m->nr_zones || (unsigned)mt >= MIGRATE_TYPES)
		return 0;
	return m->zones[zone].free_pages_mt[mt];
}

/*
 * For every aligned range of 2^order pages inside a zone: all free (now),
 * or free and migratable pages only (after compaction, if the zone has
 * room elsewhere).  A pageblock holding a page that can never move
 * (kernel, slab, pinned, reserved) stands in the way of its ranges.
 */
void
mm_contig_check(const struct machine *m, unsigned order,
		struct contig_info *out, uint64_t *blockers,
		unsigned max_blockers)
{
	uint64_t span = 1ull << order;
	unsigned long best_bad = ULONG_MAX;

	memset(out, 0, sizeof(*out));
	out->best_pfn = PFN_NONE;
	if (order > 30)
		return;
	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		const struct zone *z = &m->zones[zi];
		uint64_t first = (z->start_pfn + span - 1) & ~(span - 1);

		if (!populated_zone(z))
			continue;
		for (uint64_t r = first; r + span <= z->start_pfn + z->spanned; r += span) {
			uint32_t idx = pfn_to_idx(m, r), end = idx + (uint32_t)span;
			unsigned long used = 0, bad = 0;
			uint64_t last_bad_block = PFN_NONE;

			out->nr_ranges++;
			while (idx < end) {
				uint8_t f = m->page[idx].flags;

				if (f & PG_BUDDY) {
					idx += 1u << m->page[idx].order;
					continue;
				}
				if (f & PG_HEAD) {
					unsigned o = m->page[idx].order;

					used += 1ul << o;
					if (!migratable_owner((enum page_owner)page_type(m, idx))) {
						uint64_t b = pb_start(m, idx_to_pfn(m, idx));

						bad++;
						if (b != last_bad_block) {
							last_bad_block = b;
							if (out->nr_blockers < max_blockers && blockers)
								blockers[out->nr_blockers] = b;
							out->nr_blockers++;
						}
					}
					idx += 1u << o;
					continue;
				}
				if (f & PG_HOLE)
					bad++;
				idx++;
			}
			if (!used && !bad)
				out->free_now = true;
			/* the used pages need somewhere to go above min */
			if (!bad && z->nr_free_pages - (long)span >
				    (long)z->_watermark[WMARK_IDX_MIN])
				out->after_compaction = true;
			if (bad < best_bad) {
				best_bad = bad;
				out->best_pfn = r;
			}
		}
	}
	if (out->free_now)
		out->after_compaction = true;
}

/*
 * One pass over each zone's nr_free[] gives all of a sample: free pages,
 * the unusable index at pageblock order (unusable_free_index), the
 * largest free order and extfrag_for_order for the node's fragmentation
 * score (fragmentation_score_node), so sampling after every command is
 * cheap.
 */
void
mm_history_sample(struct machine *m)
{
	struct mm_sample *s = &m->history[m->history_seq % MM_HISTORY];
	unsigned pb = m->pageblock_order;
	uint64_t present = 0, score = 0;

	memset(s, 0, sizeof(*s));
	s->seq = m->history_seq++;
	for (unsigned i = 0; i < m->nr_zones; i++)
		present += m->zones[i].present;
	for (unsigned i = 0; i < m->nr_zones && i < MM_MAX_ZONES; i++) {
		const struct zone *z = &m->zones[i];
		unsigned long free = 0, suitable = 0;

		s->largest[i] = -1;
		if (!populated_zone(z))
			continue;
		for (unsigned o = 0; o <= m->max_order; o++) {
			unsigned long n = z->free_area[o].nr_free;

			free += n << o;
			if (o >= pb)
				suitable += n << (o - pb);
			if (n)
				s->largest[i] = (int)o;
			s->nr_free[i][o] = (uint32_t)n;
		}
		for (int w = 0; w < 3; w++)
			s->wmark[i][w] = (uint32_t)wmark_pages(z, w);
		s->free[i] = z->nr_free_pages;
		s->unusable9[i] = free ? (int)((free - (suitable << pb)) * 1000 / free)
				       : 1000;
		if (free)
			score += z->present * ((free - (suitable << pb)) * 100 / free) /
				 (present + 1);
	}
	s->score = (unsigned)score;
}

unsigned
mm_history(const struct machine *m, struct mm_sample *out, unsigned max)
{
	uint64_t n = m->history_seq < MM_HISTORY ? m->history_seq : MM_HISTORY;
	uint64_t first = m->history_seq - n;
	unsigned k = 0;

	for (uint64_t i = first; i < m->history_seq && k < max; i++)
		out[k++] = m->history[i % MM_HISTORY];
	return k;
}
