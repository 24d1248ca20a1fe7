/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmemtrace.c - moving blocks at the PFNs a real kernel's trace names.
 *
 * The model's own allocator chooses its pages; a trace says which pages
 * the kernel chose, so replay needs moves by PFN.  Every move works on a
 * range R of 2^order pages, aligned, in one zone, in two steps:
 *
 *   detach(R)   every block overlapping R leaves its structure: a free
 *               block its free list, a per-CPU block its list (and the
 *               count of its CPU), an allocated block its head.  A block
 *               larger than R is split and the parts outside R go back
 *               where the block was (free halves to the free lists as
 *               expand() does, allocated halves stay allocated).
 *   attach(R)   the range becomes one allocated block, a per-CPU block
 *               (at the list head for a free, at the tail for a refill,
 *               as free_unref_page() and rmqueue_bulk() do), or a free
 *               block given to free_one_page(), which merges.
 *
 * Which CPU a per-CPU block belongs to is found by walking its circular
 * list both ways to the nearest sentinel: the sentinel's index says the
 * zone and the CPU (the layout of internal.h).  Pages freed and taken
 * again soon sit near the head, drained pages near the tail, so the walk
 * is short in practice.
 */
#include "kmemtrace.h"
#include "internal.h"

#include <string.h>

static const char *const op_names[NR_MM_TRACE_OPS] = {
	[MM_TRACE_ALLOC] = "mm_page_alloc",
	[MM_TRACE_FREE] = "mm_page_free",
	[MM_TRACE_FREE_BATCHED] = "mm_page_free_batched",
	[MM_TRACE_ZONE_LOCKED] = "mm_page_alloc_zone_locked",
	[MM_TRACE_PCPU_DRAIN] = "mm_page_pcpu_drain",
	[MM_TRACE_EXTFRAG] = "mm_page_alloc_extfrag",
};

const char *
mm_trace_op_name(enum mm_trace_op op)
{
	return (unsigned)op < NR_MM_TRACE_OPS ? op_names[op] : "?";
}

static const char *const div_text[NR_MM_DIVS] = {
	[MM_DIV_NONE] = "no divergence",
	[MM_DIV_ALLOC_ALLOCATED] = "the kernel allocated pages the model holds allocated",
	[MM_DIV_FREE_FREE] = "the kernel freed pages the model holds free",
	[MM_DIV_NO_ZONE] = "the PFN is in no zone of the machine",
	[MM_DIV_DRAIN_NOT_PCP] = "the kernel drained pages the model does not hold on a per-CPU list",
	[MM_DIV_REFILL_PCP] = "the kernel took from the buddy lists pages the model holds on a per-CPU list",
	[MM_DIV_BAD_ORDER] = "the order is above MAX_PAGE_ORDER or the PFN is not aligned to it",
};

const char *
mm_trace_div_text(enum mm_trace_div d)
{
	return (unsigned)d < NR_MM_DIVS ? div_text[d] : "?";
}

/* ---- finding blocks ----------------------------------------------------- */

/* The block covering idx: its head and order; false for a hole. */
static bool
unit_of(const struct machine *m, uint32_t idx, uint32_t *head, unsigned *order)
{
	uint64_t pfn = idx_to_pfn(m, idx);

	for (unsigned o = 0; o <= m->max_order; o++) {
		uint64_t h = pfn & ~((1ull << o) - 1);
		uint32_t hi;

		if (h < m->start_pfn)
			return false;
		hi = pfn_to_idx(m, h);
		if ((m->page[hi].flags & (PG_BUDDY | PG_HEAD | PG_PCP)) &&
		    m->page[hi].order >= o) {
			*head = hi;
			*order = m->page[hi].order;
			return true;
		}
	}
	return false;
}

static unsigned
nr_lists(const struct machine *m)
{
	return m->era->pcp_high_orders ? NR_PCP_LISTS_MAX : MIGRATE_PCPTYPES;
}

/* The per-CPU list sentinel of a PG_pcp block -> its CPU. */
static int
pcp_cpu_of_idx(const struct machine *m, uint32_t idx)
{
	uint32_t a = m->links[idx].next, b = m->links[idx].prev, s;
	uint32_t per_zone = (m->max_order + 1) * MIGRATE_TYPES +
			    m->cfg.nr_cpus * nr_lists(m);
	uint32_t off;

	for (;;) {
		if (a >= m->nr_pages) {
			s = a;
			break;
		}
		if (b >= m->nr_pages) {
			s = b;
			break;
		}
		a = m->links[a].next;
		b = m->links[b].prev;
	}
	off = (s - m->nr_pages) % per_zone;
	if (off < (m->max_order + 1) * MIGRATE_TYPES)
		return -1;
	return (int)((off - (m->max_order + 1) * MIGRATE_TYPES) / nr_lists(m));
}

int
mm_pcp_cpu_of(const struct machine *m, uint64_t pfn)
{
	uint32_t h;
	unsigned o;

	if (pfn < m->start_pfn || pfn - m->start_pfn >= m->nr_pages)
		return -1;
	if (!unit_of(m, pfn_to_idx(m, pfn), &h, &o) || !(m->page[h].flags & PG_PCP))
		return -1;
	return pcp_cpu_of_idx(m, h);
}

/* order_to_pindex() */
static unsigned
pindex(const struct machine *m, enum migratetype mt, unsigned order)
{
	if (!m->era->pcp_high_orders)
		return mt;
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1) +
		       (mt == MIGRATE_MOVABLE ? 1 : 0);
	return MIGRATE_PCPTYPES * order + mt;
}

static void
link_add(struct machine *m, uint32_t idx, uint32_t head, bool tail)
{
	struct page_link *l = m->links;
	uint32_t prev = tail ? l[head].prev : head;
	uint32_t next = tail ? head : l[head].next;

	l[idx].next = next;
	l[idx].prev = prev;
	l[prev].next = idx;
	l[next].prev = idx;
}

static void
link_del(struct machine *m, uint32_t idx)
{
	struct page_link *l = m->links;

	l[l[idx].prev].next = l[idx].next;
	l[l[idx].next].prev = l[idx].prev;
}

/* ---- what a range holds ---------------------------------------------- */

struct range_state {
	unsigned nfree, npcp, nalloc, nhole;	/* blocks overlapping R */
};

static bool
range_zone(const struct machine *m, uint64_t pfn, unsigned order, int *zone)
{
	uint64_t n = 1ull << order;
	uint32_t idx;

	if (pfn < m->start_pfn || pfn - m->start_pfn >= m->nr_pages ||
	    pfn - m->start_pfn + n > m->nr_pages)
		return false;
	idx = pfn_to_idx(m, pfn);
	*zone = zone_of_idx(m, idx);
	return *zone >= 0 && zone_of_idx(m, idx + (uint32_t)n - 1) == *zone;
}

static void
survey(const struct machine *m, uint32_t idx, unsigned order,
       struct range_state *st)
{
	uint32_t end = idx + (1u << order);

	memset(st, 0, sizeof(*st));
	while (idx < end) {
		uint32_t h;
		unsigned o;

		if (m->page[idx].flags & PG_HOLE || !unit_of(m, idx, &h, &o)) {
			st->nhole++;
			idx++;
			continue;
		}
		if (m->page[h].flags & PG_BUDDY)
			st->nfree++;
		else if (m->page[h].flags & PG_PCP)
			st->npcp++;
		else
			st->nalloc++;
		idx = h + (1u << o);
	}
}

/* ---- detach and attach ----------------------------------------------- */

static void
pcp_unlink(struct machine *m, struct zone *z, uint32_t h)
{
	int cpu = pcp_cpu_of_idx(m, h);

	link_del(m, h);
	if (cpu >= 0)
		z->pcp[cpu].count -= 1 << m->page[h].order;
	m->page[h].flags = 0;
}

/* Take every block overlapping [idx, idx + 2^order) out of its place;
 * the parts of larger blocks outside the range stay where they were. */
static void
detach(struct machine *m, struct zone *z, uint32_t idx, unsigned order)
{
	uint32_t end = idx + (1u << order);
	uint32_t p = idx;

	while (p < end) {
		uint32_t h;
		unsigned o;
		uint8_t f;
		enum migratetype mt;

		if (!unit_of(m, p, &h, &o)) {
			p++;
			continue;
		}
		f = m->page[h].flags;
		mt = page_type(m, h);
		if (f & PG_BUDDY) {
			del_from_free_list(m, z, h);
		} else if (f & PG_PCP) {
			pcp_unlink(m, z, h);
		} else {
			/* off its LRU list and its task (the owner is in mt) */
			unaccount_allocated_block(m, z, h);
		}
		/* split a block larger than the range, keeping its other
		 * parts as they were (expand() for free ones) */
		while (o > order) {
			uint32_t half = 1u << (o - 1);
			uint32_t other = idx < h + half ? h + half : h;

			o--;
			if (f & PG_BUDDY) {
				add_to_free_list(m, z, other, o, mt, false);
			} else if (f & PG_PCP) {
				free_one_page_mt(m, z, other, o, pageblock_mt(m, other),
						 false);
			} else {
				account_allocated_block(m, z, other, o,
							(enum page_owner)mt, 0);
			}
			if (other == h)
				h += half;
		}
		p = h + (1u << o);
	}
}

static void
attach_alloc(struct machine *m, uint32_t idx, unsigned order,
	     enum page_owner owner)
{
	account_allocated_block(m, &m->zones[zone_of_idx(m, idx)], idx, order,
				owner, 0);
}

static void
attach_pcp(struct machine *m, struct zone *z, uint32_t idx, unsigned order,
	   enum migratetype mt, unsigned cpu, bool tail)
{
	/* a trace of a machine with more CPUs: CPU n uses list n mod nr_cpus */
	struct per_cpu_pages *pcp = &z->pcp[cpu % m->cfg.nr_cpus];

	if (mt >= MIGRATE_PCPTYPES)
		mt = MIGRATE_MOVABLE;
	set_page_flags(m, idx, PG_PCP, mt);
	m->page[idx].order = (uint8_t)order;
	link_add(m, idx, pcp->lists[pindex(m, mt, order)], tail);
	pcp->count += 1 << order;
}

/* ---- the public moves ------------------------------------------------- */

static bool
checked_range(const struct machine *m, uint64_t pfn, unsigned order,
	      int *zone)
{
	return order <= m->max_order && !(pfn & ((1ull << order) - 1)) &&
	       range_zone(m, pfn, order, zone);
}

bool
mm_alloc_at(struct machine *m, uint64_t pfn, unsigned order,
	    enum page_owner owner)
{
	struct range_state st;
	int zone;
	uint32_t idx;

	if (!checked_range(m, pfn, order, &zone))
		return false;
	idx = pfn_to_idx(m, pfn);
	survey(m, idx, order, &st);
	if (st.nalloc || st.nhole)
		return false;
	detach(m, &m->zones[zone], idx, order);
	attach_alloc(m, idx, order, owner);
	m->vmstat.pgalloc[zone] += 1ul << order;
	return true;
}

static bool
pcp_takes(const struct machine *m, const struct zone *z, unsigned order,
	  unsigned cpu)
{
	/* Even with high 0 the kernel adds the page and drains it at once,
	 * writing mm_page_pcpu_drain; the drain event moves it on. */
	return m->pcp_on && pcp_allowed_order(m, order);
}

static void
free_range(struct machine *m, struct zone *z, uint32_t idx, unsigned order,
	   unsigned cpu, bool to_pcp)
{
	enum migratetype mt = pageblock_mt(m, idx);

	if (to_pcp && mt != MIGRATE_ISOLATE && pcp_takes(m, z, order, cpu))
		attach_pcp(m, z, idx, order, mt, cpu, false);
	else
		free_one_page(m, z, idx, order, false);
}

bool
mm_free_at(struct machine *m, uint64_t pfn, unsigned order, unsigned cpu,
	   bool to_pcp)
{
	struct range_state st;
	int zone;
	uint32_t idx;

	if (!checked_range(m, pfn, order, &zone))
		return false;
	idx = pfn_to_idx(m, pfn);
	survey(m, idx, order, &st);
	if (st.nfree || st.npcp || st.nhole)
		return false;
	detach(m, &m->zones[zone], idx, order);
	free_range(m, &m->zones[zone], idx, order, cpu, to_pcp);
	return true;
}

bool
mm_pcp_refill_at(struct machine *m, uint64_t pfn, unsigned order,
		 enum migratetype mt, unsigned cpu)
{
	struct range_state st;
	int zone;
	uint32_t idx;

	if (!checked_range(m, pfn, order, &zone) || (unsigned)mt >= MIGRATE_TYPES)
		return false;
	idx = pfn_to_idx(m, pfn);
	survey(m, idx, order, &st);
	if (st.nalloc || st.npcp || st.nhole)
		return false;
	detach(m, &m->zones[zone], idx, order);
	attach_pcp(m, &m->zones[zone], idx, order, mt, cpu, true);
	return true;
}

bool
mm_pcp_drain_at(struct machine *m, uint64_t pfn, unsigned order)
{
	struct range_state st;
	int zone;
	uint32_t idx;

	if (!checked_range(m, pfn, order, &zone))
		return false;
	idx = pfn_to_idx(m, pfn);
	survey(m, idx, order, &st);
	if (st.nalloc || st.nfree || st.nhole)
		return false;
	detach(m, &m->zones[zone], idx, order);
	free_one_page_mt(m, &m->zones[zone], idx, order, pageblock_mt(m, idx),
			 false);
	return true;
}

/* ---- extfrag: the pageblock changes owner ---------------------------- */

static void
retype(struct machine *m, struct zone *z, uint32_t idx, unsigned order,
       enum migratetype mt)
{
	uint32_t n, start, end, p;
	uint32_t h;
	unsigned o;

	if (order < m->pageblock_order)
		order = m->pageblock_order;
	n = 1u << order;
	start = pfn_to_idx(m, idx_to_pfn(m, idx) & ~(uint64_t)(n - 1));
	if (start < z->start_idx)
		start = z->start_idx;
	end = start + n > z->end_idx ? z->end_idx : start + n;
	/* a free block reaching outside the range is retyped whole, each
	 * of its pageblocks counted as below */
	if (unit_of(m, start, &h, &o) && h < start)
		start = h;
	if (unit_of(m, end - 1, &h, &o) && (m->page[h].flags & PG_BUDDY) &&
	    h + (1u << o) > end)
		end = h + (1u << o);
	for (p = start; p < end; p += m->pageblock_nr_pages) {
		enum migratetype old = pageblock_mt(m, p);

		if (old == MIGRATE_HIGHATOMIC)
			z->nr_reserved_highatomic -= m->pageblock_nr_pages;
		if (mt == MIGRATE_HIGHATOMIC)
			z->nr_reserved_highatomic += m->pageblock_nr_pages;
		set_pageblock_migratetype(m, z, p, mt);
	}
	for (p = start; p < end;) {
		if (!unit_of(m, p, &h, &o)) {
			p++;
			continue;
		}
		if ((m->page[h].flags & PG_BUDDY) && page_type(m, h) != mt) {
			/* move_to_free_list() */
			del_from_free_list(m, z, h);
			add_to_free_list(m, z, h, o, mt, true);
		}
		p = h + (1u << o);
	}
	/*
	 * The new type may let free blocks merge that could not before (an
	 * Isolate pageblock's block beside its free buddy): in the kernel's
	 * state they are one block, so each free block of the range is
	 * merged as __free_one_page() merges.  A move, not a free: pgfree
	 * is left as it was.
	 */
	for (p = start; p < end;) {
		if (!unit_of(m, p, &h, &o)) {
			p++;
			continue;
		}
		if (m->page[h].flags & PG_BUDDY) {
			enum migratetype bt = page_type(m, h);
			unsigned long pgfree = m->vmstat.pgfree;

			del_from_free_list(m, z, h);
			free_one_page_mt(m, z, h, o, bt, true);
			m->vmstat.pgfree = pgfree;
			if (!unit_of(m, p, &h, &o)) {
				p++;
				continue;
			}
		}
		p = h + (1u << o);
	}
}

/* ---- one event ------------------------------------------------------- */

static enum page_owner
owner_of_mt(int mt)
{
	if (mt == MIGRATE_MOVABLE)
		return OWNER_ANON;
	if (mt == MIGRATE_RECLAIMABLE)
		return OWNER_SLAB;
	return OWNER_KERNEL;
}

static void
fill_seen(const struct machine *m, uint64_t pfn, int zone,
	  struct mm_trace_seen *seen)
{
	struct page_info pi;

	if (!seen)
		return;
	memset(seen, 0, sizeof(*seen));
	seen->zone = zone;
	seen->kind = PAGE_HOLE;
	if (mm_page_info(m, pfn, &pi)) {
		seen->kind = pi.kind;
		seen->block_pfn = pi.block_pfn;
		seen->order = pi.order;
		seen->owner = pi.owner;
	}
}

enum mm_trace_div
mm_trace_apply(struct machine *m, const struct mm_trace_event *ev, bool strict,
	       struct mm_trace_seen *seen)
{
	unsigned order = ev->op == MM_TRACE_FREE_BATCHED ? 0 : ev->order;
	enum mm_trace_div div = MM_DIV_NONE;
	struct range_state st;
	struct zone *z;
	int zone;
	uint32_t idx;

	if (ev->op == MM_TRACE_ALLOC && ev->failed)
		return MM_DIV_NONE;
	if (ev->op == MM_TRACE_EXTFRAG)
		order = ev->fallback_order;
	if (order > m->max_order || (ev->pfn & ((1ull << order) - 1))) {
		fill_seen(m, ev->pfn, -1, seen);
		return MM_DIV_BAD_ORDER;
	}
	if (!range_zone(m, ev->pfn, order, &zone)) {
		fill_seen(m, ev->pfn, -1, seen);
		return MM_DIV_NO_ZONE;
	}
	z = &m->zones[zone];
	idx = pfn_to_idx(m, ev->pfn);
	survey(m, idx, order, &st);
	if (st.nhole) {
		fill_seen(m, ev->pfn, zone, seen);
		return MM_DIV_NO_ZONE;
	}
	switch (ev->op) {
	case MM_TRACE_ALLOC:
		if (st.nalloc)
			div = MM_DIV_ALLOC_ALLOCATED;
		break;
	case MM_TRACE_FREE:
		if (st.nfree || st.npcp)
			div = MM_DIV_FREE_FREE;
		break;
	case MM_TRACE_FREE_BATCHED:
		/* free_unref_folios(): free_pages_prepare() wrote mm_page_free
		 * for the page just before, so it is free already. */
		break;
	case MM_TRACE_ZONE_LOCKED:
		if (st.nalloc)
			div = MM_DIV_ALLOC_ALLOCATED;
		else if (st.npcp)
			div = MM_DIV_REFILL_PCP;
		break;
	case MM_TRACE_PCPU_DRAIN:
		if (st.nalloc || st.nfree)
			div = MM_DIV_DRAIN_NOT_PCP;
		break;
	case MM_TRACE_EXTFRAG:
	case NR_MM_TRACE_OPS:
		break;
	}
	if (div != MM_DIV_NONE)
		fill_seen(m, ev->pfn, zone, seen);
	if (div != MM_DIV_NONE && strict)
		return div;
	switch (ev->op) {
	case MM_TRACE_ALLOC:
		detach(m, z, idx, order);
		attach_alloc(m, idx, order, owner_of_mt(ev->mt));
		m->vmstat.pgalloc[zone] += 1ul << order;
		break;
	case MM_TRACE_FREE:
	case MM_TRACE_FREE_BATCHED:
		if (st.nalloc) {
			detach(m, z, idx, order);
			free_range(m, z, idx, order, ev->cpu, true);
		}
		break;
	case MM_TRACE_ZONE_LOCKED:
		/* The block leaves the buddy lists: to the per-CPU list, or
		 * to the caller (its mm_page_alloc follows and takes it). */
		if (ev->percpu_refill) {
			detach(m, z, idx, order);
			attach_pcp(m, z, idx, order, (enum migratetype)
				   ((unsigned)ev->mt < MIGRATE_TYPES ? ev->mt : 0),
				   ev->cpu, true);
		}
		break;
	case MM_TRACE_PCPU_DRAIN:
		/* free_pcppages_bulk() frees each page with its pageblock's
		 * type; a drain the model adopts may name a block larger than
		 * a pageblock, which free_one_page() splits at pageblock
		 * boundaries first (split_large_buddy, 6.10+) so that no free
		 * block spans pageblocks of other types */
		detach(m, z, idx, order);
		free_one_page(m, z, idx, order, false);
		break;
	case MM_TRACE_EXTFRAG:
		if (ev->change_ownership && (unsigned)ev->mt < MIGRATE_TYPES &&
		    (ev->mt != MIGRATE_CMA || m->have_cma))
			retype(m, z, idx, ev->fallback_order,
			       (enum migratetype)ev->mt);
		/*
		 * A steal (__rmqueue_steal) writes no zone_locked event: when
		 * the allocated block is still on the buddy lists and its order
		 * goes through the per-CPU lists, it went to the list of the
		 * CPU (a refill) or straight to the caller, whose mm_page_alloc
		 * then takes it from there just the same.
		 */
		if (ev->order <= m->max_order &&
		    !(ev->pfn & ((1ull << ev->order) - 1)) &&
		    pcp_takes(m, z, ev->order, ev->cpu)) {
			survey(m, idx, ev->order, &st);
			if (st.nfree && !st.npcp && !st.nalloc && !st.nhole) {
				detach(m, z, idx, ev->order);
				attach_pcp(m, z, idx, ev->order, (enum migratetype)
					   ((unsigned)ev->mt < MIGRATE_PCPTYPES ?
					    ev->mt : MIGRATE_MOVABLE), ev->cpu, true);
			}
		}
		break;
	case NR_MM_TRACE_OPS:
		break;
	}
	return div;
}
