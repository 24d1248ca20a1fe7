/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * alloc.c - the request path: __alloc_pages(), get_page_from_freelist(),
 * the watermark checks and the part of __alloc_pages_slowpath() that
 * decides who may dip into the reserves.
 *
 * A request first tries every zone it may use at the LOW watermark with no
 * reserve access (the fast path, even for GFP_ATOMIC).  If that fails, the
 * slow path wakes kswapd, recomputes alloc_flags from the GFP mask and the
 * calling context (gfp_to_alloc_flags) and tries again at MIN with the
 * reserves the flags grant, then without watermarks for PF_MEMALLOC and
 * __GFP_MEMALLOC.  What comes after (direct reclaim, compaction, OOM) is
 * the job of reclaim; a request that would need it fails here with the
 * reason.  Reference sections 5.1-5.4 and 5.6.
 */
#include "internal.h"

#include <string.h>

#define MAX_RECLAIM_RETRIES 16
#define MAX_COMPACT_RETRIES 16
/* The simulator's bound on the slow path's retry loop: the kernel may
 * loop for ever (GFP_NOFS, __GFP_NOFAIL); the model reports it. */
#define SLOWPATH_MAX_ROUNDS 64

/* The numbers of one watermark check, for results and events. */
struct wmark_check {
	long free, unusable, min, reserve;
	unsigned long mark;
	bool ok;
	enum alloc_fail_reason reason;
};

static void
emit_wmark(struct machine *m, const struct zone *z, unsigned order,
	   unsigned alloc_flags, const struct wmark_check *c, bool fast)
{
	struct mm_event ev;

	ev_init(&ev, EV_WMARK_CHECK);
	ev.zone = (int)(z - m->zones);
	ev.order = order;
	ev.alloc_flags = alloc_flags;
	ev.wmark = (int)(alloc_flags & ALLOC_WMARK_MASK);
	ev.free = c->free;
	ev.unusable = c->unusable;
	ev.mark = (long)c->mark;
	ev.min = c->min;
	ev.reserve = c->reserve;
	ev.ok = c->ok;
	ev.fast = fast;
	ev.reason = c->reason;
	ev_emit(m, &ev);
}

/* Orders with a block the request may take, as a mask (the high-order
 * part of __zone_watermark_ok without walking empty lists). */
static HOT_INLINE uint32_t
usable_order_mask(const struct machine *m, const struct zone *z,
		  unsigned alloc_flags)
{
	uint32_t mask = z->order_mask[MIGRATE_UNMOVABLE] |
			z->order_mask[MIGRATE_MOVABLE] |
			z->order_mask[MIGRATE_RECLAIMABLE];
	bool highatomic;

	if (m->have_cma && (alloc_flags & ALLOC_CMA))
		mask |= z->order_mask[MIGRATE_CMA];
	if (m->era->new_alloc_flags)
		highatomic = alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM);
	else
		highatomic = alloc_flags & (ALLOC_NON_BLOCK | ALLOC_OOM);
	if (highatomic)
		mask |= z->order_mask[MIGRATE_HIGHATOMIC];
	return mask;
}

/*
 * __zone_watermark_unusable_free() (5.10+): free pages this request may
 * not count, besides the (1 << order) - 1 of the order itself: the free
 * HighAtomic reserve unless it has reserve access, and free CMA pages
 * unless it may use CMA.
 */
static HOT_INLINE long
unusable_free(const struct machine *m, const struct zone *z, unsigned order,
	      unsigned alloc_flags)
{
	long unusable = (1L << order) - 1;

	if (!(alloc_flags & ALLOC_RESERVES))
		unusable += m->era->highatomic_subtract_free ?
			    z->free_pages_mt[MIGRATE_HIGHATOMIC] :
			    z->nr_reserved_highatomic;
	if (!(alloc_flags & ALLOC_CMA))
		unusable += z->free_pages_mt[MIGRATE_CMA];
	return unusable;
}

/*
 * __zone_watermark_ok(): free pages minus what this request may not use
 * must stay strictly above min + lowmem_reserve, where min is the mark
 * reduced by the reserves the alloc_flags grant (halved for
 * ALLOC_MIN_RESERVE, then a further quarter for ALLOC_NON_BLOCK in 6.12 or
 * ALLOC_HARDER in 4.19, halved for ALLOC_OOM); then some block of at least
 * `order` must sit on a list the request may take from.
 */
static HOT_INLINE void
wmark_ok_core(const struct machine *m, const struct zone *z, unsigned order,
	      unsigned long mark, int ridx, unsigned alloc_flags, long free,
	      struct wmark_check *c, bool block_known)
{
	long min = (long)mark;
	long unusable = (1L << order) - 1;
	long cma = z->free_pages_mt[MIGRATE_CMA];

	if (m->era->new_alloc_flags) {
		unusable = unusable_free(m, z, order, alloc_flags);
		if (alloc_flags & ALLOC_RESERVES) {
			if (alloc_flags & ALLOC_MIN_RESERVE) {
				min -= min / 2;
				if (alloc_flags & ALLOC_NON_BLOCK)
					min -= min / 4;
			}
			if (alloc_flags & ALLOC_OOM)
				min -= min / 2;
		}
	} else {
		bool harder = alloc_flags & (ALLOC_NON_BLOCK | ALLOC_OOM);

		if (alloc_flags & ALLOC_MIN_RESERVE)	/* ALLOC_HIGH */
			min -= min / 2;
		if (!harder)
			unusable += z->nr_reserved_highatomic;
		else if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
		else
			min -= min / 4;
		if (!(alloc_flags & ALLOC_CMA))
			unusable += cma;
	}
	c->free = free;
	c->unusable = unusable;
	c->mark = mark;
	c->min = min;
	c->reserve = z->lowmem_reserve[ridx];
	if (free - unusable <= min + c->reserve) {
		c->ok = false;
		c->reason = FAIL_WMARK;
		return;
	}
	if (order == 0 || block_known ||
	    (usable_order_mask(m, z, alloc_flags) >> order)) {
		c->ok = true;
		c->reason = FAIL_NONE;
		return;
	}
	c->ok = false;
	c->reason = FAIL_NO_BLOCK;
}

/* The same, looking for the block (block_known: the caller has seen one
 * of at least `order` on a list the request may take from). */
static HOT_INLINE void
wmark_ok(const struct machine *m, const struct zone *z, unsigned order,
	 unsigned long mark, int ridx, unsigned alloc_flags, long free,
	 struct wmark_check *c)
{
	wmark_ok_core(m, z, order, mark, ridx, alloc_flags, free, c, false);
}

/* __zone_watermark_ok() with a given free count, for reclaim and
 * compaction. */
bool
zone_wmark_ok_free(struct machine *m, struct zone *z, unsigned order,
		   unsigned long mark, int highest_zoneidx, unsigned alloc_flags,
		   long free)
{
	struct wmark_check c;

	wmark_ok(m, z, order, mark, highest_zoneidx, alloc_flags, free, &c);
	return c.ok;
}

long
zone_wmark_slack(struct machine *m, struct zone *z, unsigned long mark,
		 int highest_zoneidx, unsigned alloc_flags)
{
	struct wmark_check c;

	wmark_ok(m, z, 0, mark, highest_zoneidx, alloc_flags, zone_free_pages(z), &c);
	return c.free - c.unusable - (c.min + c.reserve);
}

/*
 * zone_watermark_fast(): the order-0 shortcut, then __zone_watermark_ok,
 * then (5.0+) the retry of order-0 __GFP_HIGH requests at the unboosted
 * min watermark.  The numbers go to *c.  The own-list allocation passes c
 * NULL: it knows no listener is attached, needs only the answer (the
 * compiler then drops the recording), and has seen a block of the order on
 * its own list, one of those the order test looks at.
 */
static HOT_INLINE bool
watermark_fast(struct machine *m, struct zone *z, unsigned order,
	       unsigned long mark, int ridx, unsigned alloc_flags,
	       struct wmark_check *c, bool fast)
{
	long free = zone_free_pages(z);
	bool quiet = !c;
	struct wmark_check local;

	if (quiet)
		c = &local;

	if (!order) {
		long usable = free, reserved = 0;

		if (m->era->fast_subtracts_unusable) {
			reserved = unusable_free(m, z, 0, alloc_flags);
			usable -= usable < reserved ? usable : reserved;
		} else if (!(alloc_flags & ALLOC_CMA)) {
			reserved = z->free_pages_mt[MIGRATE_CMA];
			usable -= reserved;
		}
		if (usable > (long)mark + z->lowmem_reserve[ridx]) {
			/* Recorded with or without a listener: when rmqueue()
			 * then finds the lists empty, these are the numbers the
			 * failure is explained with. */
			c->free = free;
			c->unusable = free - usable;
			c->mark = mark;
			c->min = (long)mark;
			c->reserve = z->lowmem_reserve[ridx];
			c->ok = true;
			c->reason = FAIL_NONE;
			if (!quiet && mm_has_listener(m))
				emit_wmark(m, z, order, alloc_flags, c, fast);
			return true;
		}
	}
	wmark_ok_core(m, z, order, mark, ridx, alloc_flags, free, c, quiet);
	if (!c->ok && m->era->has_boost && !order &&
	    (alloc_flags & ALLOC_MIN_RESERVE) && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN) {
		if (!quiet && mm_has_listener(m))
			emit_wmark(m, z, order, alloc_flags, c, fast);
		wmark_ok(m, z, order, z->_watermark[WMARK_IDX_MIN], ridx,
			 alloc_flags, free, c);
	}
	if (!quiet && mm_has_listener(m))
		emit_wmark(m, z, order, alloc_flags, c, fast);
	return c->ok;
}

/*
 * pgdat_balanced(): any managed zone up to highest_zoneidx passes its high
 * watermark (boost included) at order, with the lowmem_reserve of
 * highest_zoneidx (zone_watermark_ok_safe); a node with no managed zone
 * there needs no balancing.
 */
bool
pgdat_balanced(struct machine *m, unsigned order, int highest_zoneidx)
{
	bool seen = false;

	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *z = &m->zones[i];
		struct wmark_check c;

		if (!z->managed)
			continue;
		seen = true;
		wmark_ok(m, z, order, wmark_pages(z, WMARK_IDX_HIGH),
			 highest_zoneidx, 0, zone_free_pages(z), &c);
		if (c.ok)
			return true;
	}
	return !seen;
}

/*
 * wakeup_kswapd(): raise kswapd's order and highest zone and wake it,
 * unless the node is hopeless (kswapd_failures >= MAX_RECLAIM_RETRIES)
 * or already balanced and not boosted; then a caller that cannot reclaim
 * itself wakes kcompactd instead.  kswapd works in mm_kswapd_step().
 */
static void wakeup_kswapd_asleep(struct machine *m, struct zone *z, gfp_t gfp,
				 unsigned order, int highest_zoneidx);

/* wakeup_kswapd()'s common case, kswapd already awake, inline in the
 * allocation paths. */
static HOT_INLINE void
wakeup_kswapd_inline(struct machine *m, struct zone *z, gfp_t gfp,
		     unsigned order, int highest_zoneidx)
{
	if (!z->managed)
		return;
	if (m->kswapd_awake) {
		if ((int)order > m->kswapd_order)
			m->kswapd_order = (int)order;
		if (highest_zoneidx > m->kswapd.highest_zoneidx)
			m->kswapd.highest_zoneidx = highest_zoneidx;
		return;
	}
	wakeup_kswapd_asleep(m, z, gfp, order, highest_zoneidx);
}

void
wakeup_kswapd(struct machine *m, struct zone *z, gfp_t gfp, unsigned order,
	      int highest_zoneidx)
{
	wakeup_kswapd_inline(m, z, gfp, order, highest_zoneidx);
}

static void
wakeup_kswapd_asleep(struct machine *m, struct zone *z, gfp_t gfp,
		     unsigned order, int highest_zoneidx)
{
	bool boosted = false;

	for (int i = 0; i <= highest_zoneidx; i++)
		if (m->zones[i].watermark_boost)
			boosted = true;
	if (m->kswapd.failures >= MAX_RECLAIM_RETRIES ||
	    (pgdat_balanced(m, order, highest_zoneidx) && !boosted)) {
		if (!(gfp & GFPF_DIRECT_RECLAIM))
			wakeup_kcompactd(m, (int)order, highest_zoneidx);
		return;
	}
	m->kswapd_awake = true;
	m->kswapd_order = (int)order;
	m->kswapd.highest_zoneidx = highest_zoneidx;
	m->kswapd.priority = 0;
	m->kswapd.in_pass = false;
	m->vmstat.kswapd_wake++;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_KSWAPD_WAKE);
		ev.zone = (int)(z - m->zones);
		ev.order = order;
		ev.gfp = gfp;
		ev_emit(m, &ev);
	}
}

/* The request's view of the machine (struct alloc_context). */
struct alloc_context {
	int highest_zoneidx;
	int preferred_zone;	/* first populated zone <= highest */
	enum migratetype migratetype;
	gfp_t gfp;
	unsigned order;
	unsigned cpu;
	enum page_owner owner;
	/* The check that decided the last failure, for the result. */
	int fail_zone;
	struct wmark_check fail;
};

static int
reserve_idx(const struct machine *m, const struct alloc_context *ac)
{
	return m->era->reserve_by_highest_zoneidx ? ac->highest_zoneidx
						  : ac->preferred_zone;
}

/* wake_all_kswapds(): one wakeup per node, at the first zone. */
static void
wake_all_kswapds(struct machine *m, const struct alloc_context *ac)
{
	wakeup_kswapd_inline(m, &m->zones[ac->preferred_zone], ac->gfp,
			     ac->order, ac->highest_zoneidx);
}

/* The orders with a free block on any list of any zone from z down to
 * the first: what a zonelist walk from z could ever hand out. */
static inline uint32_t
free_order_mask_upto(const struct machine *m, const struct zone *z)
{
	uint32_t mask = z->free_mask;

	while (z != m->zones)
		mask |= (--z)->free_mask;
	return mask;
}

/* 4.19's ALLOC_HARDER and 6.12's ALLOC_HIGHATOMIC try the HighAtomic
 * lists before the request's own. */
static inline bool
own_list_skipped(const struct machine *m, unsigned alloc_flags)
{
	return alloc_flags & (m->era->new_alloc_flags ? ALLOC_HIGHATOMIC
						      : ALLOC_NON_BLOCK);
}

/*
 * rmqueue() in the case most allocations meet: the per-CPU lists are off
 * and a list of the request's own type holds a block of at least its
 * order, so rmqueue_pcplist() (or rmqueue_buddy()) ends in
 * __rmqueue_smallest() on that list.  rmqueue_own_list_serves() tells
 * whether the case holds, changing nothing; rmqueue_own_list() then takes
 * the block, moving the counters the bypassed per-CPU path keeps as
 * rmqueue_pcplist() does, and waking kswapd for a pending boost as
 * rmqueue() does.
 */
static HOT_INLINE bool
rmqueue_own_list_serves(const struct machine *m, const struct zone *z,
			unsigned order, const struct alloc_decode *d)
{
	if (m->pcp_on || !(z->order_mask[d->migratetype] >> order))
		return false;
	if (d->own_plain)
		return true;
	/* 6.12's __rmqueue() tries CMA first when it holds half the zone */
	if (m->have_cma && (d->fast_flags & ALLOC_CMA) &&
	    m->era->claim_steal_split &&
	    z->free_pages_mt[MIGRATE_CMA] > zone_free_pages(z) / 2)
		return false;
	return !own_list_skipped(m, d->fast_flags);
}

static HOT_INLINE uint32_t
rmqueue_own_list(struct machine *m, struct zone *z, unsigned order,
		 unsigned alloc_flags, enum migratetype mt, unsigned cpu)
{
	struct per_cpu_pages *pcp = &z->pcp[cpu];
	/* 1 for the orders rmqueue_pcplist() serves.  Random orders would
	 * mispredict a branch on it, so the counters move by arithmetic:
	 * free_count halves and high drops to 0 only for those orders. */
	unsigned pcp_order = pcp_allowed_order(m, order);
	uint32_t page;

	pcp->free_count >>= pcp_order;
	if (m->era->pcp_high_orders)
		pcp->high &= (int)pcp_order - 1;
	page = rmqueue_smallest(m, z, order, mt);
	if ((alloc_flags & ALLOC_KSWAPD) && (z->flags & ZONE_BOOSTED_WATERMARK)) {
		z->flags &= ~ZONE_BOOSTED_WATERMARK;
		wakeup_kswapd(m, z, 0, 0, (int)(z - m->zones));
	}
	return page;
}

/*
 * get_page_from_freelist(): walk the zonelist from the preferred zone
 * down, check the watermark, take the pages.  With ALLOC_NOFRAGMENT a
 * second pass without it follows a fruitless first.
 */
static uint32_t
get_page_from_freelist(struct machine *m, unsigned alloc_flags,
		       struct alloc_context *ac, int *zone_out, bool fast)
{
	int ridx = reserve_idx(m, ac);
	/* Zones whose watermark check failed in the first pass.  The
	 * ALLOC_NOFRAGMENT retry checks them again with the same numbers
	 * (nothing changed in between and NOFRAGMENT plays no part in the
	 * check), so without a listener to show the repeat it skips them. */
	unsigned failed = 0;
	bool second = false;

	/*
	 * The exact early-out of a hopeless high-order request.  When no zone
	 * the walk visits has a free block of at least ac->order on any list,
	 * every zone's __zone_watermark_ok fails (its order test looks at a
	 * subset of those lists), and without ALLOC_NO_WATERMARKS no zone
	 * reaches rmqueue(): the walk, and the ALLOC_NOFRAGMENT pass after it,
	 * return NIL.  All that outlives the walk is the preferred zone's
	 * check (the first visited, so the one a failure is explained with),
	 * so without a listener to show each check only that one is made.
	 */
	if (ac->order && !(alloc_flags & ALLOC_NO_WATERMARKS) &&
	    !mm_has_listener(m) &&
	    !(free_order_mask_upto(m, &m->zones[ac->preferred_zone]) >> ac->order)) {
		struct zone *z = &m->zones[ac->preferred_zone];

		watermark_fast(m, z, ac->order,
			       wmark_pages(z, (int)(alloc_flags & ALLOC_WMARK_MASK)),
			       ridx, alloc_flags, &ac->fail, fast);
		ac->fail_zone = ac->preferred_zone;
		return NIL;
	}

retry:
	for (int i = ac->preferred_zone; i >= 0; i--) {
		struct zone *z = &m->zones[i];
		struct wmark_check local, *c;
		bool record;
		unsigned long mark;
		uint32_t page;

		if (!populated_zone(z))
			continue;
		/* The preferred zone's check (or the first one that fails) is
		 * the one a failure is explained with: write it in place. */
		record = i == ac->preferred_zone || ac->fail_zone < 0;
		c = record ? &ac->fail : &local;
		if (second && (failed & (1u << i)) && !mm_has_listener(m))
			continue;
		mark = wmark_pages(z, (int)(alloc_flags & ALLOC_WMARK_MASK));
		if (!watermark_fast(m, z, ac->order, mark, ridx, alloc_flags, c,
				    fast)) {
			failed |= 1u << i;
			if (record)
				ac->fail_zone = i;
			if (!(alloc_flags & ALLOC_NO_WATERMARKS))
				continue;
		}
		page = rmqueue(m, z, ac->order, alloc_flags, ac->migratetype,
			       ac->cpu);
		if (page != NIL) {
			bool highatomic = m->era->new_alloc_flags ?
				(alloc_flags & ALLOC_HIGHATOMIC) :
				(ac->order && (alloc_flags & ALLOC_NON_BLOCK));

			*zone_out = i;
			if (highatomic)
				reserve_highatomic_pageblock(m, z, page, ac->order);
			return page;
		}
		if (record) {
			ac->fail_zone = i;
			ac->fail.reason = FAIL_LISTS_EMPTY;
		}
	}
	if (alloc_flags & ALLOC_NOFRAGMENT) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		second = !(alloc_flags & ALLOC_NO_WATERMARKS);
		if (mm_has_listener(m)) {
			struct mm_event ev;

			ev_init(&ev, EV_NOFRAGMENT_RETRY);
			ev.alloc_flags = alloc_flags;
			ev_emit(m, &ev);
		}
		goto retry;
	}
	return NIL;
}

static void
emit_flags(struct machine *m, const struct alloc_context *ac,
	   unsigned alloc_flags, bool fast)
{
	struct mm_event ev;

	ev_init(&ev, fast ? EV_ALLOC_FLAGS : EV_SLOWPATH);
	ev.zone = ac->preferred_zone;
	ev.order = ac->order;
	ev.gfp = ac->gfp;
	ev.mt = ac->migratetype;
	ev.alloc_flags = alloc_flags;
	ev.fast = fast;
	ev_emit(m, &ev);
}

void
mm_request_init(const struct machine *m, struct alloc_request *req,
		unsigned order)
{
	memset(req, 0, sizeof(*req));
	req->gfp = gfp_type_flag(m->cfg.era, GFPT_KERNEL);
	req->order = order;
	req->ctx = CTX_PROCESS;
	req->zone = -1;
}

/*
 * A result of nothing done yet: zone and fail_zone -1, the rest 0 (mt as
 * given).  Field by field because every allocation starts here, and gcc
 * makes `rep stosq` of a compound literal this size, which costs more
 * than an order-0 allocation's whole bookkeeping.  The assertion sends
 * whoever adds a field here.
 */
static HOT_INLINE void
alloc_result_init(struct alloc_result *res, enum migratetype mt)
{
	_Static_assert(sizeof(struct alloc_result) == 96,
		       "alloc_result_init() must set every field");
	res->ok = false;
	res->pfn = 0;
	res->zone = -1;
	res->mt = mt;
	res->reason = FAIL_NONE;
	res->fail_zone = -1;
	res->fail_free = 0;
	res->fail_min = 0;
	res->fail_reserve = 0;
	res->kswapd_woken = false;
	res->slowpath = false;
	res->reclaimed = 0;
	res->reclaim_rounds = 0;
	res->compact_rounds = 0;
	res->compact_result = 0;
	res->oom_killed = false;
	res->oom_victim = 0;
	res->retries = 0;
	res->nofail_warned = false;
	res->detail = NULL;
}

static bool
alloc_fail(struct machine *m, const struct alloc_request *req,
	   struct alloc_result *res, enum alloc_fail_reason reason)
{
	res->ok = false;
	res->reason = reason;
	m->vmstat.alloc_fail++;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_ALLOC_DONE);
		ev.zone = res->fail_zone;
		ev.order = req->order;
		ev.gfp = req->gfp;
		ev.mt = res->mt;
		ev.ctx = req->ctx;
		ev.ok = false;
		ev.reason = reason;
		ev.free = res->fail_free;
		ev.min = res->fail_min;
		ev.reserve = res->fail_reserve;
		ev_emit(m, &ev);
	}
	return false;
}

static void
copy_fail(struct alloc_result *res, const struct alloc_context *ac)
{
	res->fail_zone = ac->fail_zone;
	res->fail_free = ac->fail.free - ac->fail.unusable;
	res->fail_min = ac->fail.min;
	res->fail_reserve = ac->fail.reserve;
}

const char *
slow_step_name(enum slow_step st)
{
	static const char *const name[NR_SLOW_STEPS] = {
		[SLOW_EARLY_COMPACT] = "__alloc_pages_direct_compact (async, before reclaim)",
		[SLOW_RETRY] = "__alloc_pages_slowpath retry",
		[SLOW_DIRECT_RECLAIM] = "__alloc_pages_direct_reclaim",
		[SLOW_DRAIN_RETRY] = "unreserve_highatomic_pageblock + drain_all_pages",
		[SLOW_DIRECT_COMPACT] = "__alloc_pages_direct_compact",
		[SLOW_RECLAIM_RETRY] = "should_reclaim_retry",
		[SLOW_COMPACT_RETRY] = "should_compact_retry",
		[SLOW_MAY_OOM] = "__alloc_pages_may_oom",
		[SLOW_NOFAIL] = "__GFP_NOFAIL retry",
	};

	return (unsigned)st < NR_SLOW_STEPS ? name[st] : "?";
}

static void
emit_step(struct machine *m, const struct alloc_context *ac,
	  enum slow_step st, long count, long count2, bool ok)
{
	struct mm_event ev;

	ev_init(&ev, EV_SLOW_STEP);
	ev.zone = ac->preferred_zone;
	ev.order = ac->order;
	ev.gfp = ac->gfp;
	ev.step = (int)st;
	ev.count = count;
	ev.count2 = count2;
	ev.ok = ok;
	ev_emit(m, &ev);
}

/* The slow path's own state (locals of __alloc_pages_slowpath). */
struct slow_state {
	enum compact_priority compact_priority;
	enum compact_result compact_result;
	int compaction_retries;
	int no_progress_loops;
	unsigned long did_some_progress;
	bool can_compact;
};

/*
 * __alloc_pages_direct_reclaim(): reclaim, then try the free lists; if
 * that fails once, return a HighAtomic block and drain the per-CPU
 * lists, and try again.
 */
static uint32_t
direct_reclaim(struct machine *m, struct alloc_result *res,
	       struct alloc_context *ac, unsigned alloc_flags,
	       struct slow_state *ss, int *zone)
{
	struct reclaim_result r;
	bool drained = false;
	uint32_t page;

	direct_reclaim_for(m, ac->order, ac->highest_zoneidx, &r);
	ss->did_some_progress = r.nr_reclaimed;
	res->reclaimed += r.nr_reclaimed;
	res->reclaim_rounds++;
	if (mm_has_listener(m))
		emit_step(m, ac, SLOW_DIRECT_RECLAIM, (long)r.nr_reclaimed,
			  (long)r.nr_scanned, r.nr_reclaimed > 0);
	if (!r.nr_reclaimed)
		return NIL;
	for (;;) {
		ac->fail_zone = -1;
		page = get_page_from_freelist(m, alloc_flags, ac, zone, false);
		if (page != NIL || drained)
			return page;
		if (mm_has_listener(m))
			emit_step(m, ac, SLOW_DRAIN_RETRY, 0, 0, true);
		mm_unreserve_highatomic(m, ac->highest_zoneidx, ac->migratetype,
					false);
		mm_drain_pcp(m);
		drained = true;
	}
}

/*
 * __alloc_pages_direct_compact(): nothing for order 0 or without
 * __GFP_IO; else try_to_compact_pages(), then the captured block or the
 * free lists.  Counts compact_stall, compact_success, compact_fail.
 */
static uint32_t
direct_compact(struct machine *m, struct alloc_result *res,
	       struct alloc_context *ac, unsigned alloc_flags,
	       enum compact_priority prio, struct slow_state *ss, int *zone,
	       enum slow_step st)
{
	uint32_t page = NIL;
	int czone = -1;

	if (!ac->order)
		return NIL;
	if (!(ac->gfp & GFPF_IO))
		ss->compact_result = COMPACT_SKIPPED;
	else
		ss->compact_result = try_to_compact_pages(m, ac->gfp, ac->order,
			alloc_flags, ac->highest_zoneidx, ac->migratetype, prio,
			&page, &czone);
	res->compact_rounds++;
	res->compact_result = (int)ss->compact_result;
	/* 6.x returns at once only when every zone was skipped; 4.19 also
	 * when compaction was deferred (COMPACT_INACTIVE) */
	if (m->era->compaction_6x ? ss->compact_result != COMPACT_SKIPPED :
	    ss->compact_result > COMPACT_DEFERRED) {
		m->vmstat.compact_stall++;
		if (page != NIL) {
			*zone = czone;
		} else {
			ac->fail_zone = -1;
			page = get_page_from_freelist(m, alloc_flags, ac, zone, false);
		}
		if (page != NIL) {
			struct zone *z = &m->zones[*zone];

			z->compact_blockskip_flush = false;
			compaction_defer_reset(m, z, (int)ac->order, true);
			m->vmstat.compact_success++;
		} else {
			m->vmstat.compact_fail++;
		}
	}
	if (mm_has_listener(m))
		emit_step(m, ac, st, (long)ss->compact_result, (long)prio,
			  page != NIL);
	return page;
}

/*
 * should_reclaim_retry(): progress at order <= 3 resets the count of
 * fruitless rounds; after MAX_RECLAIM_RETRIES of them, or when no zone
 * could pass its min watermark even with every reclaimable page freed,
 * give up, but return a HighAtomic block first if one is left.
 */
static bool
should_reclaim_retry(struct machine *m, struct alloc_context *ac,
		     unsigned alloc_flags, struct slow_state *ss)
{
	bool ret = false, exceeded;

	if (ss->did_some_progress && ac->order <= PAGE_ALLOC_COSTLY_ORDER)
		ss->no_progress_loops = 0;
	else
		ss->no_progress_loops++;
	exceeded = ss->no_progress_loops > MAX_RECLAIM_RETRIES;
	for (int i = ac->preferred_zone; i >= 0 && !exceeded; i--) {
		struct zone *z = &m->zones[i];
		long avail;

		if (!populated_zone(z))
			continue;
		avail = mm_zone_reclaimable_pages(m, (unsigned)i) + zone_free_pages(z);
		if (zone_wmark_ok_free(m, z, ac->order, wmark_pages(z, WMARK_IDX_MIN),
				       ac->highest_zoneidx, alloc_flags, avail)) {
			ret = true;
			break;
		}
	}
	/* before OOM, exhaust the HighAtomic reserve (4.19 only once the
	 * loops are used up) */
	if (!ret && (exceeded || m->era->new_alloc_flags))
		ret = mm_unreserve_highatomic(m, ac->highest_zoneidx,
					      ac->migratetype, true);
	if (mm_has_listener(m))
		emit_step(m, ac, SLOW_RECLAIM_RETRY, ss->no_progress_loops,
			  MAX_RECLAIM_RETRIES, ret);
	return ret;
}

/* should_compact_retry(), in each era's order of tests. */
static bool
should_compact_retry(struct machine *m, struct alloc_context *ac,
		     struct slow_state *ss)
{
	int max_retries = MAX_COMPACT_RETRIES;
	enum compact_priority min_prio;
	enum compact_result r = ss->compact_result;
	bool ret = false;

	if (!ac->order)
		return false;
	if (ac->order > PAGE_ALLOC_COSTLY_ORDER)
		max_retries /= 4;
	min_prio = ac->order > PAGE_ALLOC_COSTLY_ORDER ? COMPACT_PRIO_SYNC_LIGHT
						       : COMPACT_PRIO_SYNC_FULL;
	if (m->era->compaction_6x) {
		if (r == COMPACT_SKIPPED) {
			ret = compaction_zonelist_suitable(m, ac->order,
							   ac->highest_zoneidx);
			goto out;
		}
		if (r == COMPACT_SUCCESS &&
		    ++ss->compaction_retries <= max_retries) {
			ret = true;
			goto out;
		}
	} else {
		if (r == COMPACT_SUCCESS)
			ss->compaction_retries++;
		if (r == COMPACT_COMPLETE)
			goto check_priority;
		if (r == COMPACT_SKIPPED || r == COMPACT_DEFERRED ||
		    r == COMPACT_CONTENDED || r == COMPACT_PARTIAL_SKIPPED) {
			ret = compaction_zonelist_suitable(m, ac->order,
							   ac->highest_zoneidx);
			goto out;
		}
		if (ss->compaction_retries <= max_retries) {
			ret = true;
			goto out;
		}
	}
check_priority:
	if (ss->compact_priority > min_prio) {
		ss->compact_priority--;
		ss->compaction_retries = 0;
		ret = true;
	}
out:
	if (mm_has_listener(m))
		emit_step(m, ac, SLOW_COMPACT_RETRY, (long)ss->compact_priority,
			  ss->compaction_retries, ret);
	return ret;
}

/*
 * __alloc_pages_may_oom(): one more try at the HIGH watermark (a kill
 * elsewhere may have freed memory), then the OOM killer unless the
 * request is costly, may fail (__GFP_RETRY_MAYFAIL, __GFP_THISNODE) or
 * wants lowmem only.  Without __GFP_FS out_of_memory() kills nothing but
 * reports progress, so the caller keeps looping.
 */
static uint32_t
may_oom(struct machine *m, struct alloc_result *res, struct alloc_context *ac,
	struct slow_state *ss, int *zone)
{
	struct oom_result oom;
	uint32_t page;
	bool progress = false;

	ss->did_some_progress = 0;
	ac->fail_zone = -1;
	page = get_page_from_freelist(m, ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac,
				      zone, false);
	if (page != NIL)
		return page;
	if (ac->order > PAGE_ALLOC_COSTLY_ORDER) {
		res->detail = "the OOM killer does not help orders above 3";
		goto out;
	}
	if (ac->gfp & (GFPF_RETRY_MAYFAIL | GFPF_THISNODE)) {
		res->detail = ac->gfp & GFPF_RETRY_MAYFAIL ?
			"__GFP_RETRY_MAYFAIL: the caller prefers failing to an OOM kill" :
			"__GFP_THISNODE: killing frees memory on any node, not this one";
		goto out;
	}
	if (m->zones[ac->highest_zoneidx].type < ZONE_NORMAL) {
		res->detail = "the OOM killer does not kill for a lowmem (GFP_DMA/GFP_DMA32) request";
		goto out;
	}
	if (!(ac->gfp & GFPF_FS)) {
		/* out_of_memory() returns true: "progress" without a kill */
		res->detail = "without __GFP_FS the OOM killer may not run; out_of_memory() reports progress and the allocator loops";
		progress = true;
	} else if (mm_out_of_memory(m, &oom)) {
		res->oom_killed = true;
		res->oom_victim = oom.task;
		progress = true;
	} else {
		res->reason = FAIL_OOM_NO_VICTIM;
		res->detail = NULL;
		if (mm_has_listener(m))
			emit_step(m, ac, SLOW_MAY_OOM, 0, 0, false);
		return NIL;
	}
	if (ac->gfp & GFPF_NOFAIL) {
		ac->fail_zone = -1;
		page = get_page_from_freelist(m, ALLOC_NO_WATERMARKS, ac, zone,
					      false);
	}
out:
	ss->did_some_progress = progress;
	if (!progress && res->reason != FAIL_OOM_NO_VICTIM)
		res->reason = FAIL_NO_OOM;
	if (mm_has_listener(m))
		emit_step(m, ac, SLOW_MAY_OOM, res->oom_killed ? oom.freed : 0,
			  res->oom_killed ? res->oom_victim : 0, res->oom_killed);
	return page;
}

/*
 * The rest of __alloc_pages_slowpath() after the first reserve attempt:
 * early async compaction, then the retry loop of reserves, direct
 * reclaim, direct compaction, the retry rules and the OOM killer, in the
 * kernel's order.  Returns the page or NIL with res->reason set.
 */
static uint32_t
slowpath_rest(struct machine *m, const struct alloc_request *req,
	      struct alloc_result *res, struct alloc_context *ac, gfp_t gfp,
	      unsigned alloc_flags, bool can_direct_reclaim, int *zone)
{
	struct slow_state ss = {
		.compact_priority = COMPACT_PRIO_SYNC_LIGHT,
		.compact_result = COMPACT_SKIPPED,
		.can_compact = (gfp & GFPF_IO) != 0,
	};
	bool costly = ac->order > PAGE_ALLOC_COSTLY_ORDER;
	unsigned rounds = 0, nofail_rounds = 0;
	uint32_t page;
	/* Nothing has changed since the attempt before this function: the
	 * retry's first attempt would repeat it exactly. */
	bool same_as_before = true;

	res->compact_result = -1;
	res->reason = FAIL_RECLAIM_EXHAUSTED;
	/* Early compaction: costly orders, or any order > 0 that is not
	 * movable, compact (async) before reclaiming. */
	if (can_direct_reclaim && (!m->era->compaction_6x || ss.can_compact) &&
	    (costly || (ac->order > 0 && ac->migratetype != MIGRATE_MOVABLE)) &&
	    !gfp_pfmemalloc_flags(gfp, req->ctx)) {
		same_as_before = false;
		page = direct_compact(m, res, ac, alloc_flags, COMPACT_PRIO_ASYNC,
				      &ss, zone, SLOW_EARLY_COMPACT);
		if (page != NIL)
			return page;
		if (costly && (gfp & GFPF_NORETRY)) {
			if (ss.compact_result == COMPACT_DEFERRED ||
			    (m->era->compaction_6x &&
			     ss.compact_result == COMPACT_SKIPPED)) {
				res->reason = FAIL_NORETRY;
				res->detail = "the first async compaction was skipped or deferred";
				goto nopage;
			}
			ss.compact_priority = COMPACT_PRIO_ASYNC;
		}
	}
retry:
	if (++rounds > SLOWPATH_MAX_ROUNDS) {
		res->reason = FAIL_RETRY_LIMIT;
		if (gfp & GFPF_NOFAIL) {
			/* the kernel would loop here for ever (and warn) */
			res->nofail_warned = true;
			m->vmstat.nofail_loops++;
			res->detail = "__GFP_NOFAIL with nothing left to reclaim or kill: the kernel would loop for ever (and warn)";
		} else if (!(gfp & GFPF_FS)) {
			res->detail = "without __GFP_FS the OOM killer may not run, yet out_of_memory() reports progress: the kernel keeps looping";
		}
		return NIL;
	}
	res->retries = rounds - 1;
	if (rounds > 1 && mm_has_listener(m))
		emit_step(m, ac, SLOW_RETRY, rounds - 1, 0, true);
	if ((alloc_flags & ALLOC_KSWAPD) &&
	    (rounds > 1 || !same_as_before || mm_has_listener(m)))
		wake_all_kswapds(m, ac);
	{
		/* the reserves of PF_MEMALLOC, __GFP_MEMALLOC, OOM victims */
		unsigned reserve_flags = gfp_pfmemalloc_flags(gfp, req->ctx);

		if (reserve_flags) {
			/* 4.19 replaces the flags; 6.x keeps CMA and KSWAPD */
			if (!m->era->new_alloc_flags) {
				alloc_flags = reserve_flags;
			} else {
				alloc_flags = reserve_flags |
					      (alloc_flags & ALLOC_KSWAPD);
				if (m->have_cma && ac->migratetype == MIGRATE_MOVABLE)
					alloc_flags |= ALLOC_CMA;
			}
			if (mm_has_listener(m))
				emit_flags(m, ac, alloc_flags, false);
		}
	}
	/* The kernel tries the free lists again here.  On the first round,
	 * with no reserve flags, nothing changed since the attempt before
	 * (early compaction did not run; waking kswapd again is a no-op), so
	 * without a listener to show the repeat its outcome is known: it
	 * fails the same way. */
	if (rounds > 1 || !same_as_before || mm_has_listener(m) ||
	    gfp_pfmemalloc_flags(gfp, req->ctx)) {
		ac->fail_zone = -1;
		page = get_page_from_freelist(m, alloc_flags, ac, zone, false);
		if (page != NIL)
			return page;
	}
	if (rounds == 1)
		copy_fail(res, ac);
	if (!can_direct_reclaim) {
		res->reason = FAIL_NO_RECLAIM;
		goto nopage;
	}
	if (req->ctx == CTX_MEMALLOC) {
		res->reason = FAIL_MEMALLOC_RECURSION;
		goto nopage;
	}
	page = direct_reclaim(m, res, ac, alloc_flags, &ss, zone);
	if (page != NIL)
		return page;
	page = direct_compact(m, res, ac, alloc_flags, ss.compact_priority, &ss,
			      zone, SLOW_DIRECT_COMPACT);
	if (page != NIL)
		return page;
	if (gfp & GFPF_NORETRY) {
		res->reason = FAIL_NORETRY;
		goto nopage;
	}
	if (costly && ((m->era->compaction_6x && !ss.can_compact) ||
		       !(gfp & GFPF_RETRY_MAYFAIL))) {
		res->reason = FAIL_COSTLY;
		goto nopage;
	}
	if (should_reclaim_retry(m, ac, alloc_flags, &ss))
		goto retry;
	if (ss.did_some_progress && (!m->era->compaction_6x || ss.can_compact) &&
	    should_compact_retry(m, ac, &ss))
		goto retry;
	page = may_oom(m, res, ac, &ss, zone);
	if (page != NIL)
		return page;
	if (res->reason == FAIL_OOM_NO_VICTIM)
		return NIL;
	if (ss.did_some_progress) {
		ss.no_progress_loops = 0;
		goto retry;
	}
nopage:
	if ((gfp & GFPF_NOFAIL) && can_direct_reclaim) {
		/* __alloc_pages_cpuset_fallback() with a reserve of half min
		 * (4.19: ALLOC_HARDER, a quarter) */
		ac->fail_zone = -1;
		page = get_page_from_freelist(m, m->era->new_alloc_flags ?
					      ALLOC_MIN_RESERVE : ALLOC_NON_BLOCK,
					      ac, zone, false);
		if (page != NIL)
			return page;
		if (mm_has_listener(m))
			emit_step(m, ac, SLOW_NOFAIL, ++nofail_rounds, 0, false);
		if (rounds < SLOWPATH_MAX_ROUNDS)
			goto retry;
		res->nofail_warned = true;
		m->vmstat.nofail_loops++;
		res->reason = FAIL_RETRY_LIMIT;
		res->detail = "__GFP_NOFAIL with nothing left to reclaim or kill: the kernel would loop for ever (and warn)";
	}
	return NIL;
}

/* Whether m->adec holds the decoding of req's shape.  The order matters
 * only as 0 or not (gfp_to_alloc_flags), and the decoding holds both, once
 * it is known not to be too large. */
static HOT_INLINE bool
decoded_before(const struct machine *m, const struct alloc_request *req)
{
	const struct alloc_decode *d = &m->adec;

	return d->valid && d->gfp == req->gfp && req->order <= m->max_order &&
	       d->ctx == req->ctx && d->zone == req->zone &&
	       d->owner_set == req->owner_set &&
	       (!req->owner_set || d->owner == req->owner);
}

/*
 * Decode a request into m->adec (the part of __alloc_pages() and of
 * __alloc_pages_slowpath() that depends on the request alone), unless
 * m->adec already holds it.  Returns FAIL_NONE, or the reason the request
 * is refused before any zone is looked at; res->mt is set once known.
 */
static enum alloc_fail_reason
decode_request(struct machine *m, const struct alloc_request *req,
	       struct alloc_result *res)
{
	struct alloc_decode *d = &m->adec;
	enum zone_type ztype;
	gfp_t gfp;

	if (decoded_before(m, req)) {
		res->mt = d->migratetype;
		return FAIL_NONE;
	}
	d->valid = false;
	if (req->order > m->max_order)
		return FAIL_ORDER_TOO_LARGE;
	if (!gfp_zone(req->gfp, m->have_dma32, m->have_highmem, &ztype))
		return FAIL_BAD_GFP_ZONE;
	d->highest_zoneidx = req->zone >= 0 && (unsigned)req->zone < m->nr_zones ?
			     req->zone : m->type_to_idx[ztype];
	d->preferred_zone = d->highest_zoneidx >= 0 ?
			    m->preferred[d->highest_zoneidx] : -1;
	d->pref_z = d->preferred_zone >= 0 ? &m->zones[d->preferred_zone] : NULL;
	/* Both mobility bits would be MIGRATE_HIGHATOMIC: a caller bug the
	 * kernel only warns about (VM_WARN_ON); refuse it. */
	if ((req->gfp & GFPF_MOVABLE) && (req->gfp & GFPF_RECLAIMABLE))
		return FAIL_BAD_MIGRATETYPE;
	d->migratetype = gfp_migratetype(req->gfp, m->group_by_mobility);
	res->mt = d->migratetype;
	if (d->preferred_zone < 0)
		return FAIL_NO_ZONE;
	d->ac_owner = req->owner_set ? req->owner : page_owner_from_gfp(req->gfp);

	/* The fast path: LOW watermark, no reserves, even for GFP_ATOMIC. */
	d->fast_flags = ALLOC_WMARK_LOW;
	if (m->have_cma && d->migratetype == MIGRATE_MOVABLE)
		d->fast_flags |= ALLOC_CMA;
	if (m->era->has_nofragment) {
		/* alloc_flags_nofragment() */
		d->fast_flags |= req->gfp & GFPF_KSWAPD_RECLAIM ? ALLOC_KSWAPD : 0;
		if (m->have_dma32 &&
		    m->zones[d->preferred_zone].type == ZONE_NORMAL)
			d->fast_flags |= ALLOC_NOFRAGMENT;
	}

	/* rmqueue_own_list_serves() without its tests that depend on the
	 * request alone: neither CMA first nor the HighAtomic lists first */
	d->own_plain = !(m->have_cma && (d->fast_flags & ALLOC_CMA) &&
			 m->era->claim_steal_split) &&
		       !own_list_skipped(m, d->fast_flags);

	/* __alloc_pages_slowpath(): who may reclaim, gfp_to_alloc_flags() */
	d->can_direct_reclaim = (req->gfp & GFPF_DIRECT_RECLAIM) &&
				req->ctx != CTX_ATOMIC;
	gfp = req->gfp;
	/* 4.19: __GFP_ATOMIC with __GFP_DIRECT_RECLAIM is stripped (WARN) */
	if (!m->era->new_alloc_flags && (gfp & GFPF_ATOMIC) &&
	    (gfp & GFPF_DIRECT_RECLAIM))
		gfp &= ~GFPF_ATOMIC;
	d->slow_gfp = gfp;
	for (unsigned high = 0; high < 2; high++) {
		unsigned f = gfp_to_alloc_flags(m->cfg.era, gfp, high, req->ctx,
						m->have_cma);

		/* ALLOC_CMA follows gfp_migratetype(), which is Unmovable
		 * for every request when mobility grouping is off */
		f &= ~ALLOC_CMA;
		if (m->have_cma && d->migratetype == MIGRATE_MOVABLE)
			f |= ALLOC_CMA;
		d->slow_flags[high] = f;
	}
	d->pfmemalloc_flags = gfp_pfmemalloc_flags(gfp, req->ctx);
	d->nowait = !d->can_direct_reclaim && !d->pfmemalloc_flags;
	d->ridx = m->era->reserve_by_highest_zoneidx ? d->highest_zoneidx
						     : d->preferred_zone;

	d->gfp = req->gfp;
	d->ctx = req->ctx;
	d->zone = req->zone;
	d->owner_set = req->owner_set;
	d->owner = req->owner;
	d->valid = true;
	return FAIL_NONE;
}

/* Whether a request decoded into m->adec is the kind
 * alloc_hopeless_nowait() decides: it may not wait, and no zone it may
 * use has a free block of its order. */
static HOT_INLINE bool
alloc_is_hopeless(const struct machine *m, const struct alloc_request *req)
{
	const struct alloc_decode *d = &m->adec;

	/* nowait first: it is the same for every request of a shape, the
	 * order may change at random from one request to the next */
	return d->nowait && req->order &&
	       !(free_order_mask_upto(m, d->pref_z) >> req->order);
}

/*
 * A request that may neither reclaim nor use the reserves without
 * watermarks (GFP_ATOMIC, GFP_NOWAIT and their kind), of an order no zone
 * it may use has a free block of: the kernel runs get_page_from_freelist()
 * (it fails every zone's order test), wakes kswapd, runs it again at
 * ALLOC_WMARK_MIN with the slow path's flags (it fails again) and gives
 * up.  Without a listener nothing of the first walk outlives it, so this
 * does the kswapd wakeup and the preferred zone's check of the second
 * walk, the one the failure is explained with, and fails as
 * __alloc_pages_slowpath() does.
 */
static bool
alloc_hopeless_nowait(struct machine *m, const struct alloc_request *req,
		      struct alloc_result *res)
{
	const struct alloc_decode *d = &m->adec;
	int pz = d->preferred_zone;
	struct zone *z = d->pref_z;
	unsigned alloc_flags = d->slow_flags[1] & ~ALLOC_NO_WATERMARKS;
	struct wmark_check c;

	res->slowpath = true;
	if (d->slow_flags[1] & ALLOC_KSWAPD) {
		/* wake_all_kswapds() */
		wakeup_kswapd_inline(m, z, req->gfp, req->order,
				     d->highest_zoneidx);
		res->kswapd_woken = m->kswapd_awake;
	}
	wmark_ok(m, z, req->order,
		 wmark_pages(z, (int)(alloc_flags & ALLOC_WMARK_MASK)), d->ridx,
		 alloc_flags, zone_free_pages(z), &c);
	/* slowpath_rest(): the first round (copy_fail), then "nopage" */
	res->compact_result = -1;
	res->fail_zone = pz;
	res->fail_free = c.free - c.unusable;
	res->fail_min = c.min;
	res->fail_reserve = c.reserve;
	return alloc_fail(m, req, res, FAIL_NO_RECLAIM);
}

/*
 * __alloc_pages() with the first part of __alloc_pages_slowpath().
 */
static __attribute__((noinline)) bool
alloc_pages_full(struct machine *m, const struct alloc_request *req,
		 struct alloc_result *res)
{
	const struct alloc_decode *d = &m->adec;
	struct alloc_context ac;
	enum alloc_fail_reason early;
	unsigned alloc_flags;
	uint32_t page;
	int zone = -1;

	alloc_result_init(res, MIGRATE_UNMOVABLE);
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_ALLOC_START);
		ev.order = req->order;
		ev.gfp = req->gfp;
		ev.ctx = req->ctx;
		ev_emit(m, &ev);
	}
	early = decode_request(m, req, res);
	if (early != FAIL_NONE)
		return alloc_fail(m, req, res, early);
	if (!mm_has_listener(m) && alloc_is_hopeless(m, req))
		return alloc_hopeless_nowait(m, req, res);
	ac.owner = d->ac_owner;
	ac.migratetype = d->migratetype;
	ac.cpu = req->cpu < m->cfg.nr_cpus ? req->cpu : 0;
	ac.highest_zoneidx = d->highest_zoneidx;
	ac.preferred_zone = d->preferred_zone;
	ac.gfp = req->gfp;
	ac.order = req->order;
	ac.fail_zone = -1;

	/* The fast path: LOW watermark, no reserves, even for GFP_ATOMIC. */
	alloc_flags = d->fast_flags;
	if (mm_has_listener(m))
		emit_flags(m, &ac, alloc_flags, true);
	page = get_page_from_freelist(m, alloc_flags, &ac, &zone, true);
	if (page != NIL)
		goto got_pg;

	/* __alloc_pages_slowpath() */
	res->slowpath = true;
	alloc_flags = d->slow_flags[req->order != 0];
	if (mm_has_listener(m))
		emit_flags(m, &ac, alloc_flags, false);
	if (alloc_flags & ALLOC_KSWAPD) {
		wake_all_kswapds(m, &ac);
		res->kswapd_woken = m->kswapd_awake;
	}
	ac.fail_zone = -1;
	page = get_page_from_freelist(m, alloc_flags & ~ALLOC_NO_WATERMARKS,
				      &ac, &zone, false);
	if (page != NIL)
		goto got_pg;
	page = slowpath_rest(m, req, res, &ac, d->slow_gfp, alloc_flags,
			     d->can_direct_reclaim, &zone);
	if (page == NIL)
		return alloc_fail(m, req, res, res->reason);

got_pg:
	account_allocated_block(m, &m->zones[zone], page, req->order, ac.owner,
				req->task);
	m->vmstat.pgalloc[zone] += 1ul << req->order;
	res->ok = true;
	res->pfn = idx_to_pfn(m, page);
	res->zone = zone;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_ALLOC_DONE);
		ev.zone = zone;
		ev.pfn = res->pfn;
		ev.order = req->order;
		ev.gfp = req->gfp;
		ev.mt = ac.migratetype;
		ev.ctx = req->ctx;
		ev.ok = true;
		ev_emit(m, &ev);
	}
	return true;
}

/*
 * The way most allocations go, in one short piece (for a request shape
 * decoded before, with no listener): the fast path's first zone (the
 * preferred zone, at the LOW watermark) passes its check and serves the
 * request from its own lists (rmqueue_own_list).  get_page_from_freelist()
 * would take the same block and leave the same state; this skips the
 * zonelist walk's bookkeeping.  Any other request goes the whole way,
 * from a state this has not changed.
 */
static __attribute__((noinline)) bool
alloc_pages_own_list(struct machine *m, const struct alloc_request *req,
		     struct alloc_result *res)
{
	const struct alloc_decode *d = &m->adec;
	unsigned order = req->order, alloc_flags = d->fast_flags;
	struct zone *z;
	uint32_t page;
	int zone;

	zone = d->preferred_zone;
	z = d->pref_z;
	if (!rmqueue_own_list_serves(m, z, order, d) ||
	    !watermark_fast(m, z, order,
			    wmark_pages(z, (int)(alloc_flags & ALLOC_WMARK_MASK)),
			    d->ridx, alloc_flags, NULL, true))
		return alloc_pages_full(m, req, res);
	page = rmqueue_own_list(m, z, order, alloc_flags, d->migratetype,
				req->cpu < m->cfg.nr_cpus ? req->cpu : 0);
	account_allocated_block(m, z, page, order, d->ac_owner, req->task);
	m->vmstat.pgalloc[zone] += 1ul << order;
	alloc_result_init(res, d->migratetype);
	res->ok = true;
	res->pfn = idx_to_pfn(m, page);
	res->zone = zone;
	return true;
}

bool
mm_alloc_pages(struct machine *m, const struct alloc_request *req,
	       struct alloc_result *res)
{
	const struct alloc_decode *d = &m->adec;

	if (mm_has_listener(m) || !decoded_before(m, req))
		return alloc_pages_full(m, req, res);
	if (alloc_is_hopeless(m, req)) {
		alloc_result_init(res, d->migratetype);
		return alloc_hopeless_nowait(m, req, res);
	}
	return alloc_pages_own_list(m, req, res);
}

const char *
alloc_fail_reason_text(enum alloc_fail_reason r)
{
	static const char *const text[NR_FAIL_REASONS] = {
		[FAIL_NONE] = "succeeded",
		[FAIL_ORDER_TOO_LARGE] = "the order is larger than MAX_PAGE_ORDER",
		[FAIL_BAD_GFP_ZONE] = "the GFP zone modifiers are an invalid combination (GFP_ZONE_BAD)",
		[FAIL_BAD_MIGRATETYPE] = "__GFP_MOVABLE and __GFP_RECLAIMABLE together name no migratetype (the kernel warns: a caller bug)",
		[FAIL_NO_ZONE] = "no populated zone is allowed by the GFP zone modifiers",
		[FAIL_WMARK] = "free pages are not above the watermark plus lowmem_reserve",
		[FAIL_NO_BLOCK] = "enough free pages, but no free block of this order or larger on a list the request may use",
		[FAIL_LISTS_EMPTY] = "the watermark passed but no list held a suitable block",
		[FAIL_NO_RECLAIM] = "the caller cannot sleep (no __GFP_DIRECT_RECLAIM), so the allocator gives up after the reserve attempt",
		[FAIL_MEMALLOC_RECURSION] = "a PF_MEMALLOC task may not enter reclaim itself",
		[FAIL_RECLAIM_EXHAUSTED] = "direct reclaim and compaction could not make room and the retry rules gave up",
		[FAIL_NORETRY] = "__GFP_NORETRY: after one round of reclaim and compaction the allocator gives up",
		[FAIL_COSTLY] = "a costly order (> PAGE_ALLOC_COSTLY_ORDER 3) without __GFP_RETRY_MAYFAIL gets one round of reclaim and compaction, never the OOM killer",
		[FAIL_NO_OOM] = "reclaim and compaction are exhausted and the OOM killer may not run for this request",
		[FAIL_OOM_NO_VICTIM] = "out of memory and no task left to kill (the kernel would panic: \"System is deadlocked on memory\")",
		[FAIL_RETRY_LIMIT] = "the kernel would keep retrying here for ever; the simulator stops after 64 rounds",
	};

	return (unsigned)r < NR_FAIL_REASONS ? text[r] : "?";
}
