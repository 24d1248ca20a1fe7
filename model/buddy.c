/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * buddy.c - the buddy free lists: taking blocks off them, splitting
 * (expand), freeing and merging (__free_one_page), falling back to other
 * migratetypes (stealing and claiming pageblocks), the HighAtomic reserve
 * and the per-CPU page lists.
 *
 * Each function mirrors the mm/page_alloc.c function named in its comment,
 * in the kernel era the machine follows (4.19 or 6.12, see era.h).  The
 * layout of the lists is drawn in internal.h.
 */
#include "internal.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Circular lists through m->links (include/linux/list.h).            */

void
list_init(struct machine *m, uint32_t head)
{
	m->links[head].next = head;
	m->links[head].prev = head;
}


/* ------------------------------------------------------------------ */
/* Free-list bookkeeping: add_to_free_list() and del_from_free_list() are
 * inline in internal.h. */

/* move_to_free_list(): same order, another type's list. */
static void
move_to_free_list(struct machine *m, struct zone *z, uint32_t idx,
		  enum migratetype mt, bool tail)
{
	unsigned order = m->page[idx].order;

	del_from_free_list(m, z, idx);
	add_to_free_list(m, z, idx, order, mt, tail);
}

uint8_t *
pageblock_byte(struct machine *m, uint32_t idx)
{
	return &m->pageblock[(idx + (uint32_t)(m->start_pfn &
		(m->pageblock_nr_pages - 1))) >> m->pageblock_order];
}

static int
zone_index(const struct machine *m, const struct zone *z)
{
	return (int)(z - m->zones);
}

/* set_pageblock_migratetype() */
void
set_pageblock_migratetype(struct machine *m, struct zone *z, uint32_t idx,
			  enum migratetype mt)
{
	uint8_t *pb = pageblock_byte(m, idx);
	enum migratetype old = (enum migratetype)(*pb & PB_MT_MASK);

	if (old == mt)
		return;
	*pb = (uint8_t)((*pb & ~PB_MT_MASK) | mt);
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_PAGEBLOCK_RETYPE);
		ev.zone = zone_index(m, z);
		ev.pfn = idx_to_pfn(m, idx) & ~(uint64_t)(m->pageblock_nr_pages - 1);
		ev.mt = mt;
		ev.fallback_mt = old;
		ev_emit(m, &ev);
	}
}

/* change_pageblock_range(): every pageblock of a block >= pageblock_order. */
static void
change_pageblock_range(struct machine *m, struct zone *z, uint32_t idx,
		       unsigned order, enum migratetype mt)
{
	uint32_t n = 1u << order;

	for (uint32_t i = 0; i < n; i += m->pageblock_nr_pages)
		set_pageblock_migratetype(m, z, idx + i, mt);
}

/* ------------------------------------------------------------------ */
/* Allocation from the lists.                                         */

/* The events of expand() and __rmqueue_smallest() (internal.h), which
 * are inline in the allocation paths. */
void
emit_split(struct machine *m, struct zone *z, uint32_t idx, unsigned high,
	   unsigned low, enum migratetype mt)
{
	struct mm_event ev;

	ev_init(&ev, EV_SPLIT);
	ev.zone = zone_index(m, z);
	ev.pfn = idx_to_pfn(m, idx + (1u << high));
	ev.block_order = high;
	ev.order = low;
	ev.mt = mt;
	ev_emit(m, &ev);
}

void
emit_list_take(struct machine *m, struct zone *z, uint32_t idx,
	       unsigned order, unsigned current_order, enum migratetype mt)
{
	struct mm_event ev;

	ev_init(&ev, EV_LIST_TAKE);
	ev.zone = zone_index(m, z);
	ev.pfn = idx_to_pfn(m, idx);
	ev.order = order;
	ev.block_order = current_order;
	ev.mt = mt;
	/* The percpu_refill field of mm_page_alloc_zone_locked. */
	if (m->era->pcp_high_orders)
		ev.percpu = pcp_allowed_order(m, order) && mt < MIGRATE_PCPTYPES;
	else
		ev.percpu = order == 0;
	ev_emit(m, &ev);
}

/* The fallbacks[] table: which other types a type may take from. */
static const enum migratetype fallbacks[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* can_steal_fallback() (6.15: should_try_claim_block()). */
static bool
can_steal_fallback(const struct machine *m, unsigned order,
		   enum migratetype start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	if (order >= m->pageblock_order / 2 ||
	    start_mt == MIGRATE_RECLAIMABLE ||
	    start_mt == MIGRATE_UNMOVABLE || !m->group_by_mobility)
		return true;
	return false;
}

/* find_suitable_fallback(): -1 if no fallback list of this order has a
 * block; only_stealable skips types it may not steal from. */
int
find_suitable_fallback(const struct machine *m, const struct zone *z,
		       unsigned order, enum migratetype start_mt,
		       bool only_stealable, bool *can_steal)
{
	const struct free_area *area = &z->free_area[order];

	*can_steal = false;
	if (area->nr_free == 0 || start_mt >= MIGRATE_PCPTYPES)
		return -1;
	for (int i = 0; i < 2; i++) {
		enum migratetype fmt = fallbacks[start_mt][i];

		if (area->nr_free_mt[fmt] == 0)
			continue;
		if (can_steal_fallback(m, order, start_mt))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return (int)fmt;
	}
	return -1;
}

static bool
page_is_lru_movable(const struct machine *m, uint32_t head)
{
	switch ((enum page_owner)page_type(m, head)) {
	case OWNER_PAGECACHE:
	case OWNER_PAGECACHE_DIRTY:
	case OWNER_ANON:
	case OWNER_PINNED:
		return true;
	default:
		return false;
	}
}

/*
 * Count (and with `move_to` >= 0 also move) the free buddy blocks of the
 * pageblock holding idx: move_freepages_block() in 4.19 and
 * prep_move_freepages_block() + __move_freepages_block() in 6.12.
 * Allocated pages of LRU owners count as movable, one per page, as the
 * kernel's PageLRU() test on each page does.  Returns false when the
 * pageblock straddles the zone's edge.
 */
static bool
scan_pageblock(struct machine *m, struct zone *z, uint32_t idx,
	       int move_to, long *free_pages, long *movable_pages)
{
	uint32_t nr = m->pageblock_nr_pages;
	uint64_t pfn = idx_to_pfn(m, idx);
	uint64_t start_pfn = pfn & ~(uint64_t)(nr - 1);
	uint64_t zend = z->start_pfn + z->spanned;
	uint32_t i, end;

	if (start_pfn + nr > zend)
		return false;
	end = pfn_to_idx(m, start_pfn) + nr;
	if (start_pfn < z->start_pfn) {
		/* 4.19 scans from the page itself; 6.12 refuses */
		if (m->era->merge_mergeable_types)
			return false;
		i = idx;
	} else {
		i = pfn_to_idx(m, start_pfn);
	}
	*free_pages = 0;
	*movable_pages = 0;
	/* A block bigger than a pageblock can cover it from before its start. */
	if (!(m->page[i].flags & (PG_BUDDY | PG_HEAD | PG_PCP | PG_HOLE))) {
		uint64_t head;
		unsigned order;
		enum page_owner owner;

		if (mm_find_allocation(m, start_pfn, &head, &order, &owner)) {
			if (page_is_lru_movable(m, pfn_to_idx(m, head)))
				*movable_pages = nr;
			return true;
		}
	}
	while (i < end) {
		uint8_t f = m->page[i].flags;
		uint32_t step = 1;

		if (f & PG_BUDDY) {
			step = 1u << m->page[i].order;
			*free_pages += step;
			/* every buddy is list_move'd, even one already on
			 * the target type's list (4.19 re-orders those) */
			if (move_to >= 0)
				move_to_free_list(m, z, i, (enum migratetype)move_to,
						  m->era->move_pos == LIST_TAIL_POS);
		} else if (f & PG_HEAD) {
			step = 1u << m->page[i].order;
			if (page_is_lru_movable(m, i))
				*movable_pages += step;
		} else if (f & PG_PCP) {
			step = 1u << m->page[i].order;
		}
		i += step;
	}
	return true;
}

/*
 * boost_watermark(): a fragmenting fallback raises every watermark of the
 * zone by a pageblock, up to watermark_boost_factor of the high mark.
 */
static bool
boost_watermark(struct machine *m, struct zone *z)
{
	unsigned long max_boost, high = z->_watermark[WMARK_IDX_HIGH];
	unsigned long factor = m->sysctl.watermark_boost_factor;
	unsigned long old = z->watermark_boost;

	if (!m->era->has_boost || !factor)
		return false;
	if ((unsigned long)m->pageblock_nr_pages * 4 > z->managed)
		return false;
	/* mult_frac(high, factor, 10000) */
	max_boost = (high / 10000) * factor + ((high % 10000) * factor) / 10000;
	if (!max_boost)
		return false;
	if (max_boost < m->pageblock_nr_pages)
		max_boost = m->pageblock_nr_pages;
	z->watermark_boost = z->watermark_boost + m->pageblock_nr_pages;
	if (z->watermark_boost > max_boost)
		z->watermark_boost = max_boost;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_BOOST);
		ev.zone = zone_index(m, z);
		ev.count = (long)z->watermark_boost;
		ev.count2 = (long)old;
		ev.mark = (long)max_boost;
		ev_emit(m, &ev);
	}
	return true;
}

static void
emit_fallback(struct machine *m, struct zone *z, uint32_t idx,
	      unsigned order, unsigned fallback_order,
	      enum migratetype start_mt, enum migratetype fallback_mt,
	      long free_alike)
{
	bool claimed = pageblock_mt(m, idx) == start_mt;

	m->vmstat.extfrag_events++;
	if (fallback_order < m->pageblock_order)
		m->vmstat.extfrag_fragmenting++;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_FALLBACK);
		ev.zone = zone_index(m, z);
		ev.pfn = idx_to_pfn(m, idx);
		ev.order = order;
		ev.block_order = fallback_order;
		ev.mt = start_mt;
		ev.fallback_mt = fallback_mt;
		ev.claimed = claimed;
		ev.count2 = free_alike;
		ev_emit(m, &ev);
	}
}

/* The "half the pageblock" rule shared by both eras' claim code. */
static long
alike_pages(const struct machine *m, enum migratetype start_mt,
	    enum migratetype block_mt, long free_pages, long movable_pages)
{
	if (start_mt == MIGRATE_MOVABLE)
		return movable_pages;
	if (block_mt == MIGRATE_MOVABLE)
		return (long)m->pageblock_nr_pages - (free_pages + movable_pages);
	return 0;
}

/*
 * 4.19 steal_suitable_fallback(): blocks of pageblock size or more are
 * re-typed whole; otherwise every free page of the pageblock is moved to
 * the requester's lists (even when the block is not claimed), and the block
 * is claimed when free + alike pages reach half of it.
 */
static long
steal_suitable_fallback_419(struct machine *m, struct zone *z, uint32_t idx,
			    enum migratetype start_mt, bool whole_block)
{
	unsigned current_order = m->page[idx].order;
	enum migratetype old_mt = pageblock_mt(m, idx);
	long free_pages, movable_pages, alike;

	if (old_mt == MIGRATE_HIGHATOMIC)
		goto single_page;
	if (current_order >= m->pageblock_order) {
		change_pageblock_range(m, z, idx, current_order, start_mt);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;
	if (!scan_pageblock(m, z, idx, (int)start_mt, &free_pages,
			    &movable_pages) || !free_pages)
		goto single_page;
	alike = alike_pages(m, start_mt, old_mt, free_pages, movable_pages);
	if (free_pages + alike >= (1L << (m->pageblock_order - 1)) ||
	    !m->group_by_mobility) {
		set_pageblock_migratetype(m, z, idx, start_mt);
		m->vmstat.pageblock_claims++;
	}
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_MOVE_FREEPAGES);
		ev.zone = zone_index(m, z);
		ev.pfn = idx_to_pfn(m, idx);
		ev.mt = start_mt;
		ev.fallback_mt = old_mt;
		ev.count = free_pages;
		ev.count2 = free_pages + alike;
		ev_emit(m, &ev);
	}
	return free_pages + alike;
single_page:
	move_to_free_list(m, z, idx, start_mt, false);	/* list_move */
	return -1;
}

/* 4.19 __rmqueue_fallback(): largest fallback block first. */
static bool
rmqueue_fallback_419(struct machine *m, struct zone *z, unsigned order,
		     enum migratetype start_mt)
{
	int current_order, fallback_mt = -1;
	bool can_steal = false;
	uint32_t idx;
	long fa;

	for (current_order = (int)m->max_order; current_order >= (int)order;
	     current_order--) {
		fallback_mt = find_suitable_fallback(m, z, (unsigned)current_order,
						     start_mt, false, &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE &&
		    current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;
find_smallest:
	for (current_order = (int)order; current_order <= (int)m->max_order;
	     current_order++) {
		fallback_mt = find_suitable_fallback(m, z, (unsigned)current_order,
						     start_mt, false, &can_steal);
		if (fallback_mt != -1)
			break;
	}
do_steal:
	idx = first_on_list(m, z, (unsigned)current_order,
			    (enum migratetype)fallback_mt);
	fa = steal_suitable_fallback_419(m, z, idx, start_mt, can_steal);
	emit_fallback(m, z, idx, order, (unsigned)current_order, start_mt,
		      (enum migratetype)fallback_mt, fa);
	return true;
}

/*
 * 6.12 try_to_claim_block() (try_to_steal_block in 6.12-stable): take a
 * whole pageblock for the requester, or nothing.  Every sub-pageblock
 * attempt boosts the watermark first, whether it then claims or not.
 */
static uint32_t
try_to_claim_block(struct machine *m, struct zone *z, uint32_t idx,
		   unsigned current_order, unsigned order,
		   enum migratetype start_mt, enum migratetype block_mt,
		   unsigned alloc_flags, long *free_alike)
{
	long free_pages, movable_pages, alike;

	*free_alike = -1;
	if (pageblock_mt(m, idx) == MIGRATE_HIGHATOMIC)
		return NIL;
	if (current_order >= m->pageblock_order) {
		del_from_free_list(m, z, idx);
		change_pageblock_range(m, z, idx, current_order, start_mt);
		expand(m, z, idx, order, current_order, start_mt);
		return idx;
	}
	if (boost_watermark(m, z) && (alloc_flags & ALLOC_KSWAPD))
		z->flags |= ZONE_BOOSTED_WATERMARK;
	if (!scan_pageblock(m, z, idx, -1, &free_pages, &movable_pages))
		return NIL;
	alike = alike_pages(m, start_mt, block_mt, free_pages, movable_pages);
	*free_alike = free_pages + alike;
	if (free_pages + alike >= (1L << (m->pageblock_order - 1)) ||
	    !m->group_by_mobility) {
		scan_pageblock(m, z, idx, (int)start_mt, &free_pages,
			       &movable_pages);
		set_pageblock_migratetype(m, z, idx, start_mt);
		m->vmstat.pageblock_claims++;
		return rmqueue_smallest(m, z, order, start_mt);
	}
	return NIL;
}

/* 6.12 __rmqueue_claim(): largest fallback block first, claim or stop. */
static uint32_t
rmqueue_claim(struct machine *m, struct zone *z, unsigned order,
	      enum migratetype start_mt, unsigned alloc_flags)
{
	int current_order, min_order = (int)order;

	if (order < m->pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)m->pageblock_order;
	for (current_order = (int)m->max_order; current_order >= min_order;
	     current_order--) {
		bool can_steal;
		int fmt = find_suitable_fallback(m, z, (unsigned)current_order,
						 start_mt, false, &can_steal);
		uint32_t idx, page;
		long fa;

		if (fmt == -1)
			continue;
		if (!can_steal)
			break;
		idx = first_on_list(m, z, (unsigned)current_order,
				    (enum migratetype)fmt);
		page = try_to_claim_block(m, z, idx, (unsigned)current_order,
					  order, start_mt,
					  (enum migratetype)fmt, alloc_flags,
					  &fa);
		if (page != NIL) {
			emit_fallback(m, z, page, order, (unsigned)current_order,
				      start_mt, (enum migratetype)fmt, fa);
			return page;
		}
	}
	return NIL;
}

/* 6.12 __rmqueue_steal(): the smallest fallback buddy, split onto the
 * fallback type's own lists; the pageblock keeps its type. */
static uint32_t
rmqueue_steal(struct machine *m, struct zone *z, unsigned order,
	      enum migratetype start_mt)
{
	for (unsigned current_order = order; current_order <= m->max_order;
	     current_order++) {
		bool can_steal;
		int fmt = find_suitable_fallback(m, z, current_order, start_mt,
						 false, &can_steal);
		uint32_t idx;

		if (fmt == -1)
			continue;
		idx = first_on_list(m, z, current_order, (enum migratetype)fmt);
		del_from_free_list(m, z, idx);
		expand(m, z, idx, order, current_order, (enum migratetype)fmt);
		emit_fallback(m, z, idx, order, current_order, start_mt,
			      (enum migratetype)fmt, -1);
		return idx;
	}
	return NIL;
}

/* __rmqueue_cma_fallback() */
static uint32_t
rmqueue_cma_fallback(struct machine *m, struct zone *z, unsigned order)
{
	if (!m->have_cma)
		return NIL;
	return rmqueue_smallest(m, z, order, MIGRATE_CMA);
}

/* 6.12 enum rmqueue_mode: remembered across one rmqueue_bulk(). */
enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CMA,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

/* __rmqueue(): own lists, then CMA, then fallback, per era. */
static HOT_INLINE uint32_t
rmqueue_one(struct machine *m, struct zone *z, unsigned order,
	    enum migratetype mt, unsigned alloc_flags, enum rmqueue_mode *mode)
{
	uint32_t page;

	if (!m->era->claim_steal_split) {
		/* 4.19: retry the own lists after each successful steal. */
		for (;;) {
			page = rmqueue_smallest(m, z, order, mt);
			if (page != NIL)
				return page;
			if (mt == MIGRATE_MOVABLE) {
				page = rmqueue_cma_fallback(m, z, order);
				if (page != NIL)
					return page;
			}
			if (!rmqueue_fallback_419(m, z, order, mt))
				return NIL;
		}
	}
	if (m->have_cma && (alloc_flags & ALLOC_CMA) &&
	    z->free_pages_mt[MIGRATE_CMA] > zone_free_pages(z) / 2) {
		page = rmqueue_cma_fallback(m, z, order);
		if (page != NIL)
			return page;
	}
	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = rmqueue_smallest(m, z, order, mt);
		if (page != NIL)
			return page;
		/* fallthrough */
	case RMQUEUE_CMA:
		if (alloc_flags & ALLOC_CMA) {
			page = rmqueue_cma_fallback(m, z, order);
			if (page != NIL) {
				*mode = RMQUEUE_CMA;
				return page;
			}
		}
		/* fallthrough */
	case RMQUEUE_CLAIM:
		page = rmqueue_claim(m, z, order, mt, alloc_flags);
		if (page != NIL) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fallthrough */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = rmqueue_steal(m, z, order, mt);
			if (page != NIL) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NIL;
}

/* ------------------------------------------------------------------ */
/* Per-CPU page lists.                                                 */

/* order_to_pindex() */
static unsigned
order_to_pindex(const struct machine *m, enum migratetype mt, unsigned order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1) +
		       (mt == MIGRATE_MOVABLE ? 1 : 0);
	return MIGRATE_PCPTYPES * order + mt;
}

static unsigned
nr_pcp_lists(const struct machine *m)
{
	return m->era->pcp_high_orders ? NR_PCP_LISTS_MAX : MIGRATE_PCPTYPES;
}

/* zone_batchsize(): may be 0 for small zones (callers clamp). */
static int
zone_batchsize(const struct machine *m, const struct zone *z)
{
	unsigned long batch = z->managed / 1024;
	unsigned long cap = m->era->pcp_high_orders ? 256 : 128;
	unsigned long b;

	if (batch > cap)
		batch = cap;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	b = batch + batch / 2;
	/* rounddown_pow_of_two(b) - 1 */
	while (b & (b - 1))
		b &= b - 1;
	return (int)(b - 1);
}

/* zone_highsize() (6.12): a share of the low watermark or of managed/8. */
static int
zone_highsize(const struct machine *m, const struct zone *z, int batch,
	      unsigned high_fraction)
{
	unsigned long total = high_fraction ? z->managed / high_fraction
					    : z->_watermark[WMARK_IDX_LOW];
	long high = (long)(total / m->cfg.nr_cpus);

	if (high < (long)batch * 4)
		high = (long)batch * 4;
	return (int)high;
}

/*
 * zone_set_pageset_high_and_batch(), or zone_pcp_disable() when the
 * per-CPU lists are switched off: high 0, batch 1.
 */
void
pcp_setup(struct machine *m, struct zone *z)
{
	for (unsigned c = 0; c < m->cfg.nr_cpus; c++) {
		struct per_cpu_pages *pcp = &z->pcp[c];

		if (!m->pcp_on) {
			pcp->high = pcp->high_min = pcp->high_max = 0;
			pcp->batch = 1;
		} else if (m->era->pcp_high_orders) {
			/* zone_set_pageset_high_and_batch(): max(1, batch) */
			int b = zone_batchsize(m, z);

			pcp->batch = b > 1 ? b : 1;
			pcp->high_min = zone_highsize(m, z, pcp->batch, 0);
			pcp->high_max = zone_highsize(m, z, pcp->batch, 8);
			/* pcp->high itself is clamped lazily on use */
		} else {
			/* pageset_set_batch(): high 6 * batch, batch max(1, batch) */
			int b = zone_batchsize(m, z);

			pcp->high = pcp->high_min = pcp->high_max = 6 * b;
			pcp->batch = b > 1 ? b : 1;
		}
	}
}

static void
emit_pcp(struct machine *m, struct zone *z, enum mm_event_type type,
	 uint32_t idx, unsigned order, enum migratetype mt)
{
	struct mm_event ev;

	ev_init(&ev, type);
	ev.zone = zone_index(m, z);
	ev.pfn = idx_to_pfn(m, idx);
	ev.order = order;
	ev.mt = mt;
	ev_emit(m, &ev);
}

/* free_pcppages_bulk(): return `count` pages from list tails to the buddy
 * lists, round-robin over the lists starting with pindex. */
static void
free_pcppages_bulk(struct machine *m, struct zone *z,
		   struct per_cpu_pages *pcp, int count, unsigned pindex)
{
	unsigned nlists = nr_pcp_lists(m);
	int batch_free = 0;

	if (count > pcp->count)
		count = pcp->count;
	if (m->era->pcp_high_orders)
		pindex = pindex == 0 ? nlists - 1 : pindex - 1;
	else
		pindex = 0;
	while (count > 0) {
		uint32_t list;

		do {
			batch_free++;
			if (++pindex >= nlists)
				pindex = 0;
			list = pcp->lists[pindex];
		} while (list_empty_idx(m, list));
		/* 4.19: the only non-empty list gives all it has. */
		if (!m->era->pcp_high_orders && batch_free == MIGRATE_PCPTYPES)
			batch_free = count;
		do {
			uint32_t idx = m->links[list].prev;
			unsigned order = m->page[idx].order;
			enum migratetype mt;

			/* 6.12 reads the pageblock; 4.19 the cached type */
			if (m->era->pcp_high_orders)
				mt = pageblock_mt(m, idx);
			else
				mt = page_type(m, idx);
			list_del_idx(m, idx);
			m->page[idx].flags = 0;
			count -= 1 << order;
			pcp->count -= 1 << order;
			if (mm_has_listener(m))
				emit_pcp(m, z, EV_PCP_DRAIN, idx, order, mt);
			free_one_page_mt(m, z, idx, order, mt, false);
		} while (count > 0 &&
			 (m->era->pcp_high_orders || --batch_free) &&
			 !list_empty_idx(m, list));
	}
}

/* nr_pcp_alloc() (6.12): how many blocks one refill takes. */
static int
nr_pcp_alloc(struct per_cpu_pages *pcp, unsigned order)
{
	int base_batch = pcp->batch, batch, max_nr_alloc;
	int high;

	high = pcp->high;
	if (high < pcp->high_min)
		high = pcp->high_min;
	if (high > pcp->high_max)
		high = pcp->high_max;
	pcp->high = high;
	if (high < base_batch)
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	if (pcp->high_min != pcp->high_max)
		high = pcp->high = high + batch < pcp->high_max ?
				   high + batch : pcp->high_max;
	if (!order) {
		max_nr_alloc = high - pcp->count - base_batch;
		if (max_nr_alloc < base_batch)
			max_nr_alloc = base_batch;
		if (batch <= max_nr_alloc && pcp->alloc_factor < 5)
			pcp->alloc_factor++;
		if (batch > max_nr_alloc)
			batch = max_nr_alloc;
	}
	if (batch > 1) {
		batch >>= order;
		if (batch < 2)
			batch = 2;
	}
	return batch;
}

/* rmqueue_pcplist() + rmqueue_bulk(): refill the list from the buddy
 * lists (appending at the tail) when it is empty, take its head. */
static HOT_INLINE uint32_t
rmqueue_pcplist(struct machine *m, struct zone *z, unsigned order,
		enum migratetype mt, unsigned alloc_flags, unsigned cpu)
{
	struct per_cpu_pages *pcp = &z->pcp[cpu];
	uint32_t list, idx;

	/*
	 * Lists switched off (high 0, batch 1): each refill moves exactly one
	 * block to the empty list and it is taken again at once, so take it
	 * straight from the buddy lists; the state is the same.
	 */
	pcp->free_count >>= 1;
	if (!m->pcp_on) {
		enum rmqueue_mode mode = RMQUEUE_NORMAL;

		/* what nr_pcp_alloc() clamps high to */
		if (m->era->pcp_high_orders)
			pcp->high = 0;
		return rmqueue_one(m, z, order, mt, alloc_flags, &mode);
	}
	list = pcp->lists[order_to_pindex(m, mt, order)];
	if (list_empty_idx(m, list)) {
		int batch = m->era->pcp_high_orders ? nr_pcp_alloc(pcp, order)
						   : pcp->batch;
		enum rmqueue_mode mode = RMQUEUE_NORMAL;

		for (int i = 0; i < batch; i++) {
			uint32_t page = rmqueue_one(m, z, order, mt, alloc_flags,
						    &mode);

			if (page == NIL)
				break;
			/* 4.19 caches the type of the list it came from */
			set_page_flags(m, page, PG_PCP, mt);
			m->page[page].order = (uint8_t)order;
			list_add_idx(m, page, list, true);
			pcp->count += 1 << order;
		}
		if (list_empty_idx(m, list))
			return NIL;
	}
	idx = m->links[list].next;
	list_del_idx(m, idx);
	m->page[idx].flags = 0;
	pcp->count -= 1 << order;
	return idx;
}

/* rmqueue_buddy() (6.12) / the zone->lock part of 4.19 rmqueue(). */
static HOT_INLINE uint32_t
rmqueue_buddy(struct machine *m, struct zone *z, unsigned order,
	      unsigned alloc_flags, enum migratetype mt)
{
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	uint32_t page = NIL;

	if (!m->era->new_alloc_flags) {
		if (alloc_flags & ALLOC_NON_BLOCK)	/* ALLOC_HARDER */
			page = rmqueue_smallest(m, z, order, MIGRATE_HIGHATOMIC);
		if (page == NIL)
			page = rmqueue_one(m, z, order, mt, alloc_flags, &mode);
		return page;
	}
	if (alloc_flags & ALLOC_HIGHATOMIC)
		page = rmqueue_smallest(m, z, order, MIGRATE_HIGHATOMIC);
	if (page == NIL) {
		page = rmqueue_one(m, z, order, mt, alloc_flags, &mode);
		if (page == NIL && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
			page = rmqueue_smallest(m, z, order, MIGRATE_HIGHATOMIC);
	}
	return page;
}

/*
 * rmqueue(): per-CPU lists for the orders they serve, else the buddy
 * lists.  4.19 never falls back from the per-CPU path to the buddy path;
 * 6.12 does.  A pending boost wakes kswapd at the end (6.12).
 */
uint32_t
rmqueue(struct machine *m, struct zone *z, unsigned order,
	unsigned alloc_flags, enum migratetype mt, unsigned cpu)
{
	uint32_t page;

	if (pcp_allowed_order(m, order)) {
		page = rmqueue_pcplist(m, z, order, mt, alloc_flags, cpu);
		if (page != NIL || !m->era->pcp_high_orders)
			goto out;
	}
	page = rmqueue_buddy(m, z, order, alloc_flags, mt);
out:
	if ((alloc_flags & ALLOC_KSWAPD) && (z->flags & ZONE_BOOSTED_WATERMARK)) {
		z->flags &= ~ZONE_BOOSTED_WATERMARK;
		wakeup_kswapd(m, z, 0, 0, zone_index(m, z));
	}
	return page;
}

/* ------------------------------------------------------------------ */
/* Freeing and merging.                                               */

static inline bool
migratetype_is_mergeable(enum migratetype mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* page_is_buddy(): a free block of exactly this order, same zone. */
static inline bool
page_is_buddy(const struct machine *m, const struct zone *z, uint64_t bidx,
	      unsigned order)
{
	if (bidx < z->start_idx || bidx >= z->end_idx)
		return false;
	return (m->page[bidx].flags & PG_BUDDY) && m->page[bidx].order == order;
}

static void
emit_merge(struct machine *m, struct zone *z, uint32_t idx, uint32_t bidx,
	   unsigned order)
{
	struct mm_event ev;

	ev_init(&ev, EV_MERGE);
	ev.zone = zone_index(m, z);
	ev.pfn = idx_to_pfn(m, idx);
	ev.buddy_pfn = idx_to_pfn(m, bidx);
	ev.block_order = order;
	ev.mt = page_type(m, bidx);	/* the buddy's list */
	ev_emit(m, &ev);
}

/*
 * __free_one_page(): merge with the buddy (pfn ^ (1 << order)) while it is
 * a free block of the same order, then put the block at the head of its
 * list, or at the tail when the next-higher merge looks likely
 * (buddy_merge_likely) or when to_tail (FPI_TO_TAIL).
 */
static HOT_INLINE void
__free_one_page(struct machine *m, struct zone *z, uint32_t idx,
		unsigned order, enum migratetype mt, bool to_tail)
{
	unsigned max = m->max_order;
	uint64_t pfn = idx_to_pfn(m, idx);	/* merge on absolute PFNs */
	uint64_t buddy_pfn = pfn ^ (1ull << order);
	unsigned limit = m->merge_limit;

	for (;;) {
		uint64_t bidx;

		while (order < limit) {
			enum migratetype buddy_mt = mt;

			/* a direct compactor waiting for this order takes
			 * the block before it reaches a list */
			if (m->capc && compaction_capture(m, z, pfn_to_idx(m, pfn),
							  order, mt))
				return;
			buddy_pfn = pfn ^ (1ull << order);
			if (buddy_pfn < m->start_pfn)
				goto done_merging;
			bidx = buddy_pfn - m->start_pfn;
			if (!page_is_buddy(m, z, bidx, order))
				goto done_merging;
			if (m->era->merge_mergeable_types &&
			    order >= m->pageblock_order) {
				buddy_mt = pageblock_mt(m, (uint32_t)bidx);
				if (mt != buddy_mt &&
				    (!migratetype_is_mergeable(mt) ||
				     !migratetype_is_mergeable(buddy_mt)))
					goto done_merging;
			}
			if (mm_has_listener(m))
				emit_merge(m, z, pfn_to_idx(m, pfn),
					   (uint32_t)bidx, order);
			del_from_free_list(m, z, (uint32_t)bidx);
			/* 6.10+: match the buddy's type (first pageblock) */
			if (buddy_mt != mt)
				set_pageblock_migratetype(m, z, (uint32_t)bidx, mt);
			pfn &= buddy_pfn;
			order++;
		}
		/* 4.19: past pageblock_order, refuse to merge isolate with
		 * non-isolate, then continue up to MAX_ORDER-1. */
		if (m->era->merge_mergeable_types || limit >= max)
			break;
		buddy_pfn = pfn ^ (1ull << order);
		if (buddy_pfn >= m->start_pfn &&
		    buddy_pfn - m->start_pfn < m->nr_pages) {
			enum migratetype buddy_mt =
				pageblock_mt(m, (uint32_t)(buddy_pfn - m->start_pfn));

			if (mt != buddy_mt && (mt == MIGRATE_ISOLATE ||
					       buddy_mt == MIGRATE_ISOLATE))
				goto done_merging;
		}
		limit = max;
	}
done_merging:
	idx = pfn_to_idx(m, pfn);
	if (!to_tail && order + 1 < max) {
		/* buddy_merge_likely(): is the parent's buddy free? */
		uint64_t higher = pfn & ~(1ull << order);
		uint64_t hb = higher ^ (1ull << (order + 1));

		if (hb >= m->start_pfn &&
		    page_is_buddy(m, z, hb - m->start_pfn, order + 1))
			to_tail = true;
	}
	add_to_free_list(m, z, idx, order, mt, to_tail);
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_FREE_PLACE);
		ev.zone = zone_index(m, z);
		ev.pfn = idx_to_pfn(m, idx);
		ev.block_order = order;
		ev.mt = mt;
		ev.tail = to_tail;
		ev_emit(m, &ev);
	}
}

/* A free of 2^order pages (PGFREE) that __free_one_page() merges. */
static HOT_INLINE void
merge_free_block(struct machine *m, struct zone *z, uint32_t idx,
		 unsigned order, enum migratetype mt, bool to_tail)
{
	m->vmstat.pgfree += 1ul << order;
	__free_one_page(m, z, idx, order, mt, to_tail);
}

/* The out-of-line __free_one_page() for the other files. */
void
free_one_page_mt(struct machine *m, struct zone *z, uint32_t idx,
		 unsigned order, enum migratetype mt, bool to_tail)
{
	merge_free_block(m, z, idx, order, mt, to_tail);
}

/*
 * free_one_page(): the pageblock's type decides the list.  6.12 first
 * chops blocks larger than a pageblock into pageblocks
 * (split_large_buddy), each freed with its own type.
 */
static HOT_INLINE void
free_one_page_inline(struct machine *m, struct zone *z, uint32_t idx,
		     unsigned order, bool to_tail)
{
	if (m->era->merge_mergeable_types && order > m->pageblock_order) {
		uint32_t end = idx + (1u << order);

		for (; idx < end; idx += m->pageblock_nr_pages)
			merge_free_block(m, z, idx, m->pageblock_order,
					 pageblock_mt(m, idx), to_tail);
		return;
	}
	merge_free_block(m, z, idx, order, pageblock_mt(m, idx), to_tail);
}

void
free_one_page(struct machine *m, struct zone *z, uint32_t idx, unsigned order,
	      bool to_tail)
{
	free_one_page_inline(m, z, idx, order, to_tail);
}

/*
 * free_unref_page() with the per-CPU lists switched off (high 0): a page
 * of an order they serve is added and drained again at once
 * (free_pcppages_bulk reads the pageblock type, and 4.19 cached the same
 * type a moment before), so it goes straight to the buddy lists, as pages
 * of other orders and Isolate pages do through free_one_page().  Only the
 * counters free_unref_page() keeps for the orders the lists serve move.
 * Random orders would mispredict a branch on that, so they move by
 * arithmetic: upd is 1 for those orders and 0 otherwise.
 */
/* The counters of one such free: upd 1 for an order the lists serve
 * (not Isolate), 0 otherwise; fc_max is batch << 5. */
static HOT_INLINE void
pcp_free_counters(int *alloc_factor, int *free_count, int *high, int upd,
		  unsigned order, int fc_max)
{
	int fc = *free_count;

	*alloc_factor >>= upd;
	*free_count = fc + ((upd & (fc < fc_max)) << order);
	*high &= upd - 1;
}

static HOT_INLINE void
free_unref_page_off(struct machine *m, struct zone *z,
		    struct per_cpu_pages *pcp, uint32_t idx, unsigned order)
{
	enum migratetype mt;
	int upd;

	/* split_large_buddy(): larger than the lists serve in any era */
	if (m->era->merge_mergeable_types && order > m->pageblock_order) {
		free_one_page_inline(m, z, idx, order, false);
		return;
	}
	mt = pageblock_mt(m, idx);
	upd = (int)pcp_allowed_order(m, order) & (mt != MIGRATE_ISOLATE);
	if (m->era->pcp_high_orders)
		pcp_free_counters(&pcp->alloc_factor, &pcp->free_count,
				  &pcp->high, upd, order, pcp->batch << 5);
	if (mm_has_listener(m) && upd)
		emit_pcp(m, z, EV_PCP_DRAIN, idx, order, mt);
	merge_free_block(m, z, idx, order, mt, false);
}

/*
 * free_unref_page(): orders the per-CPU lists serve go to the head of the
 * list of the pageblock's type (HighAtomic and CMA pages to the Movable
 * list; Isolate pages straight to the buddy lists) and are drained when the
 * list count reaches high.  Other orders go to free_one_page().
 */
static HOT_INLINE void
free_unref_page_inline(struct machine *m, struct zone *z, uint32_t idx,
		       unsigned order, unsigned cpu)
{
	enum migratetype mt, list_mt;
	struct per_cpu_pages *pcp = &z->pcp[cpu];
	unsigned pindex;
	int high;

	if (!m->pcp_on) {
		free_unref_page_off(m, z, pcp, idx, order);
		return;
	}
	if (!pcp_allowed_order(m, order)) {
		free_one_page_inline(m, z, idx, order, false);
		return;
	}
	mt = pageblock_mt(m, idx);
	list_mt = mt;
	if (mt >= MIGRATE_PCPTYPES) {
		if (mt == MIGRATE_ISOLATE) {
			merge_free_block(m, z, idx, order, mt, false);
			return;
		}
		list_mt = MIGRATE_MOVABLE;
	}
	pindex = order_to_pindex(m, list_mt, order);
	/* 4.19 caches the pageblock type; 6.12 re-reads it at drain time */
	set_page_flags(m, idx, PG_PCP, m->era->pcp_high_orders ? list_mt : mt);
	m->page[idx].order = (uint8_t)order;
	list_add_idx(m, idx, pcp->lists[pindex], false);
	pcp->count += 1 << order;
	if (!m->era->pcp_high_orders) {
		if (pcp->count >= pcp->high)
			free_pcppages_bulk(m, z, pcp, pcp->batch, pindex);
		return;
	}
	pcp->alloc_factor >>= 1;
	if (pcp->free_count < (pcp->batch << 5))
		pcp->free_count += 1 << order;
	/* nr_pcp_high() without time-based decay: the clamped high. */
	high = pcp->high;
	if (high < pcp->high_min)
		high = pcp->high_min;
	if (high > pcp->high_max)
		high = pcp->high_max;
	pcp->high = high;
	if (pcp->count >= high) {
		/* nr_pcp_free() */
		int n;

		if (high < pcp->batch) {
			n = pcp->count;
		} else {
			n = pcp->free_count;
			if (n < pcp->batch)
				n = pcp->batch;
			if (n > high - pcp->batch)
				n = high - pcp->batch;
		}
		free_pcppages_bulk(m, z, pcp, n, pindex);
	}
}

void
free_unref_page(struct machine *m, struct zone *z, uint32_t idx,
		unsigned order, unsigned cpu)
{
	free_unref_page_inline(m, z, idx, order, cpu);
}

/* The per-CPU counters free_unref_page_off() moves, and PGFREE. */
struct pcp_sums {
	long pgfree;
	int alloc_factor, free_count, high;
};

static HOT_INLINE void
pcp_sums_load(struct pcp_sums *ps, const struct per_cpu_pages *pcp)
{
	ps->pgfree = 0;
	ps->alloc_factor = pcp->alloc_factor;
	ps->free_count = pcp->free_count;
	ps->high = pcp->high;
}

/* Store what ps and fs hold; fs is left zero. */
static void
sums_store(struct machine *m, struct zone *z, const struct pcp_sums *ps,
	   struct free_sums *fs)
{
	struct per_cpu_pages *pcp = &z->pcp[0];

	m->vmstat.pgfree += (unsigned long)ps->pgfree;
	pcp->alloc_factor = ps->alloc_factor;
	pcp->free_count = ps->free_count;
	pcp->high = ps->high;
	for (unsigned t = 0; t < MIGRATE_TYPES; t++) {
		for (uint32_t mask = fs->orders[t]; mask; mask &= mask - 1) {
			unsigned o = (unsigned)__builtin_ctz(mask);

			free_area_count(z, (enum migratetype)t, o, fs->blocks[t][o]);
			fs->blocks[t][o] = 0;
		}
		fs->orders[t] = 0;
	}
}

/* A free block of this order: the {flags, order} record of internal.h
 * read as one 16-bit word where that is its layout. */
static HOT_INLINE bool
page_is_free_block(const struct page_state *pg, uint64_t idx, unsigned order)
{
	if (sizeof(struct page_state) == 2 &&
	    offsetof(struct page_state, flags) == 0 &&
	    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		uint16_t w;

		memcpy(&w, &pg[idx], sizeof(w));
		return (w & (0xff00u | PG_BUDDY)) == ((order << 8) | PG_BUDDY);
	}
	return (pg[idx].flags & PG_BUDDY) && pg[idx].order == order;
}

/*
 * free_unref_page() of CPU 0 for each of n old copies of a compaction
 * batch, in order (compaction.c's migrate_pages()), when the per-CPU
 * lists are off, nobody listens and no direct compactor captures: the
 * same state as the calls one by one, in fewer instructions.
 *
 * - The counters the bypassed per-CPU path moves (free_unref_page_off())
 *   and the free-list counters (__add_to_free_list(),
 *   __del_page_from_free_list()) are added up in locals and stored at the
 *   end; nothing reads them in between.  An order's bit in free_mask and
 *   order_mask follows from the final count, as it does on the way.
 * - The pageblock's type is read once per pageblock.
 * - Below pageblock_order, where __free_one_page() tests no types, the
 *   merge loop is its own: a buddy is a free block of the same order in
 *   the zone, taken off the list of its own type.
 * A merge that reaches pageblock_order, and a block larger than a
 * pageblock, goes on in __free_one_page() / free_unref_page() once the
 * counters are stored.
 */
void
free_unref_pages_compacted(struct machine *m, struct zone *z,
			   const uint32_t *idxs, unsigned n,
			   struct free_sums *fs)
{
	struct per_cpu_pages *pcp = &z->pcp[0];
	struct page_state *const pg = m->page;
	const bool high_orders = m->era->pcp_high_orders;
	const bool split_large = m->era->merge_mergeable_types;
	const unsigned pb_order = m->pageblock_order, max = m->max_order;
	const unsigned lean = pb_order < max ? pb_order : max;
	const uint64_t start = m->start_pfn;
	const uint64_t zstart = z->start_idx, zspan = z->end_idx - z->start_idx;
	const int fc_max = pcp->batch << 5;
	uint64_t pb = UINT64_MAX;	/* the pageblock whose type mt is */
	enum migratetype mt = MIGRATE_MOVABLE;
	struct pcp_sums ps;

	pcp_sums_load(&ps, pcp);
	for (unsigned i = 0; i < n; i++) {
		uint32_t idx = idxs[i];
		unsigned order = pg[idx].order;
		uint64_t pfn = start + idx;
		bool to_tail = false;
		int upd;

		if (split_large && order > pb_order) {
			/* split_large_buddy(): the whole way */
			sums_store(m, z, &ps, fs);
			free_unref_page(m, z, idx, order, 0);
			pcp_sums_load(&ps, pcp);
			continue;
		}
		if ((pfn >> pb_order) != pb) {
			pb = pfn >> pb_order;
			mt = pageblock_mt(m, idx);
		}
		/* free_unref_page_off() */
		upd = (int)pcp_allowed_order(m, order) & (mt != MIGRATE_ISOLATE);
		if (high_orders)
			pcp_free_counters(&ps.alloc_factor, &ps.free_count,
					  &ps.high, upd, order, fc_max);
		ps.pgfree += 1L << order;
		/* __free_one_page() below pageblock_order */
		while (order < lean) {
			uint64_t buddy_pfn = pfn ^ (1ull << order);
			uint64_t bidx = buddy_pfn - start;
			unsigned bmt;

			if (bidx - zstart >= zspan || !page_is_free_block(pg, bidx, order))
				break;
			bmt = page_type(m, (uint32_t)bidx);
			fs->blocks[bmt][order]--;
			fs->orders[bmt] |= 1u << order;
			list_del_idx(m, (uint32_t)bidx);
			pg[bidx].flags = 0;
			pfn &= buddy_pfn;
			order++;
		}
		idx = pfn_to_idx(m, pfn);
		if (order >= lean && lean < max) {
			/* from pageblock_order on, the types decide */
			sums_store(m, z, &ps, fs);
			__free_one_page(m, z, idx, order, mt, false);
			pcp_sums_load(&ps, pcp);
			continue;
		}
		if (order + 1 < max) {
			/* buddy_merge_likely() */
			uint64_t hb = ((pfn & ~(1ull << order)) ^ (2ull << order)) - start;

			to_tail = hb - zstart < zspan &&
				  page_is_free_block(pg, hb, order + 1);
		}
		set_page_flags(m, idx, PG_BUDDY, mt);
		pg[idx].order = (uint8_t)order;
		list_add_idx(m, idx, z->free_area[order].free_list[mt], to_tail);
		fs->blocks[mt][order]++;
		fs->orders[mt] |= 1u << order;
	}
	sums_store(m, z, &ps, fs);
}

static HOT_INLINE void
free_allocated_block_inline(struct machine *m, struct zone *z, uint32_t idx,
			    enum free_cause cause)
{
	unsigned order = m->page[idx].order;

	if (mm_has_listener(m))
		emit_free_event(m, z, idx, cause);
	unaccount_allocated_block(m, z, idx);
	free_unref_page_inline(m, z, idx, order, 0);
}

void
free_allocated_block(struct machine *m, struct zone *z, uint32_t idx,
		     enum free_cause cause)
{
	free_allocated_block_inline(m, z, idx, cause);
}

/* __free_pages() of an allocated block, by its first PFN. */
bool
mm_free_pages(struct machine *m, uint64_t pfn, char *err, size_t errlen)
{
	uint32_t idx;

	if (pfn < m->start_pfn || pfn >= m->start_pfn + m->nr_pages)
		return mm_fail(err, errlen, "PFN 0x%lx is outside the machine",
			       (unsigned long)pfn);
	idx = pfn_to_idx(m, pfn);
	if (!(m->page[idx].flags & PG_HEAD))
		return mm_fail(err, errlen,
			       "PFN 0x%lx does not start an allocated block",
			       (unsigned long)pfn);
	if ((enum page_owner)page_type(m, idx) == OWNER_RESERVED)
		return mm_fail(err, errlen,
			       "PFN 0x%lx is reserved at boot and never freed",
			       (unsigned long)pfn);
	free_allocated_block_inline(m, page_zone(m, idx), idx, FREE_BY_CALLER);
	return true;
}

/* drain_pages_zone(): every per-CPU page of the zone back to the buddy. */
void
pcp_drain_zone(struct machine *m, struct zone *z)
{
	for (unsigned c = 0; c < m->cfg.nr_cpus; c++) {
		struct per_cpu_pages *pcp = &z->pcp[c];

		if (pcp->count)
			free_pcppages_bulk(m, z, pcp, pcp->count, 0);
	}
}

/* ------------------------------------------------------------------ */
/* The HighAtomic reserve.                                            */

/* reserve_highatomic_pageblock(): after a high-order atomic allocation,
 * turn its pageblock into a HighAtomic reserve (up to about 1% of the
 * zone) and move the block's free pages to the HighAtomic lists. */
void
reserve_highatomic_pageblock(struct machine *m, struct zone *z, uint32_t idx,
			     unsigned order)
{
	long max_managed, free_pages, movable_pages;
	enum migratetype mt;

	if (m->era->highatomic_aligned_limit) {
		long pb = (long)m->pageblock_nr_pages;

		if ((long)(z->managed / 100) < pb)
			return;
		max_managed = ((long)(z->managed / 100) + pb - 1) / pb * pb;
	} else {
		max_managed = (long)(z->managed / 100) +
			      (long)m->pageblock_nr_pages;
	}
	if (z->nr_reserved_highatomic >= max_managed)
		return;
	mt = pageblock_mt(m, idx);
	if (mt == MIGRATE_HIGHATOMIC || mt == MIGRATE_ISOLATE ||
	    mt == MIGRATE_CMA)
		return;
	if (!m->era->merge_mergeable_types) {
		/* 4.19: type first, then move_freepages_block() */
		z->nr_reserved_highatomic += m->pageblock_nr_pages;
		set_pageblock_migratetype(m, z, idx, MIGRATE_HIGHATOMIC);
		scan_pageblock(m, z, idx, MIGRATE_HIGHATOMIC, &free_pages,
			       &movable_pages);
	} else if (order < m->pageblock_order) {
		if (!scan_pageblock(m, z, idx, MIGRATE_HIGHATOMIC, &free_pages,
				    &movable_pages))
			return;
		set_pageblock_migratetype(m, z, idx, MIGRATE_HIGHATOMIC);
		z->nr_reserved_highatomic += m->pageblock_nr_pages;
	} else {
		change_pageblock_range(m, z, idx, order, MIGRATE_HIGHATOMIC);
		z->nr_reserved_highatomic += 1L << order;
	}
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_HIGHATOMIC_RESERVE);
		ev.zone = zone_index(m, z);
		ev.pfn = idx_to_pfn(m, idx) &
			 ~(uint64_t)(m->pageblock_nr_pages - 1);
		ev.count = z->nr_reserved_highatomic;
		ev.mark = max_managed;
		ev_emit(m, &ev);
	}
}

/*
 * unreserve_highatomic_pageblock(): give one reserved pageblock (the one
 * holding the first free HighAtomic page found, lowest order first) back
 * to the requester's type, in the zones up to highest_zoneidx.  Without
 * force, a zone keeps at least one reserved pageblock.  Called by the slow
 * path before it gives up (direct reclaim, before OOM).
 */
bool
mm_unreserve_highatomic(struct machine *m, int highest_zoneidx,
			enum migratetype mt, bool force)
{
	if (highest_zoneidx >= (int)m->nr_zones)
		highest_zoneidx = (int)m->nr_zones - 1;
	for (int zi = highest_zoneidx; zi >= 0; zi--) {
		struct zone *z = &m->zones[zi];

		if (!populated_zone(z))
			continue;
		if (!force && z->nr_reserved_highatomic <= (long)m->pageblock_nr_pages)
			continue;
		for (unsigned order = 0; order <= m->max_order; order++) {
			uint32_t idx = first_on_list(m, z, order, MIGRATE_HIGHATOMIC);
			long size, free_pages = 0, movable_pages;

			if (idx == NIL)
				continue;
			if (!m->era->merge_mergeable_types) {
				/* 4.19 */
				if (pageblock_mt(m, idx) == MIGRATE_HIGHATOMIC) {
					size = m->pageblock_nr_pages;
					if (size > z->nr_reserved_highatomic)
						size = z->nr_reserved_highatomic;
					z->nr_reserved_highatomic -= size;
				}
				set_pageblock_migratetype(m, z, idx, mt);
				scan_pageblock(m, z, idx, (int)mt, &free_pages,
					       &movable_pages);
			} else {
				size = (long)m->pageblock_nr_pages > (1L << order) ?
				       (long)m->pageblock_nr_pages : 1L << order;
				if (size > z->nr_reserved_highatomic)
					size = z->nr_reserved_highatomic;
				z->nr_reserved_highatomic -= size;
				if (order < m->pageblock_order) {
					scan_pageblock(m, z, idx, (int)mt,
						       &free_pages, &movable_pages);
					set_pageblock_migratetype(m, z, idx, mt);
				} else {
					move_to_free_list(m, z, idx, mt, true);
					change_pageblock_range(m, z, idx, order, mt);
					free_pages = 1;
				}
			}
			if (mm_has_listener(m)) {
				struct mm_event ev;

				ev_init(&ev, EV_HIGHATOMIC_UNRESERVE);
				ev.zone = zi;
				ev.pfn = idx_to_pfn(m, idx) &
					 ~(uint64_t)(m->pageblock_nr_pages - 1);
				ev.mt = mt;
				ev.count = z->nr_reserved_highatomic;
				ev_emit(m, &ev);
			}
			if (free_pages > 0)
				return true;
		}
	}
	return false;
}
