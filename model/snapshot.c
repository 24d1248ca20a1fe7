/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snapshot.c - the block walk of snapshot.h.
 *
 * It reads the layout described in internal.h directly: the flags and
 * order of block heads only, jumping 1 << order pages at a time.  Only
 * the first block of a walk needs mm_page_info() to find its head.
 */
#include "snapshot.h"

#include <stdbool.h>
#include <string.h>

#include "internal.h"

unsigned
mm_snapshot_blocks(const struct machine *m, uint64_t *pfn, uint64_t end,
		   struct mm_block *out, unsigned n)
{
	uint64_t last = m->start_pfn + m->nr_pages;
	uint32_t idx, end_idx;
	unsigned k = 0;

	if (end > last)
		end = last;
	if (*pfn < m->start_pfn)
		*pfn = m->start_pfn;
	if (*pfn >= end || n == 0)
		return 0;
	idx = pfn_to_idx(m, *pfn);
	end_idx = pfn_to_idx(m, end);
	if (!(m->page[idx].flags & (PG_HOLE | PG_BUDDY | PG_PCP | PG_HEAD))) {
		struct page_info pi;

		/* Inside a block: start at its head. */
		if (mm_page_info(m, *pfn, &pi) && pi.kind != PAGE_HOLE)
			idx = pfn_to_idx(m, pi.block_pfn);
	}
	while (idx < end_idx && k < n) {
		uint8_t f = m->page[idx].flags;
		struct mm_block *b = &out[k++];

		b->pfn = idx_to_pfn(m, idx);
		b->mt = 0;
		b->owner = 0;
		if (f & PG_HOLE) {
			uint32_t j = idx + 1;

			while (j < end_idx && (m->page[j].flags & PG_HOLE))
				j++;
			b->kind = PAGE_HOLE;
			b->order = 0;
			b->nr_pages = j - idx;
			idx = j;
			continue;
		}
		b->order = m->page[idx].order;
		b->nr_pages = 1u << b->order;
		if (f & PG_BUDDY) {
			b->kind = PAGE_FREE;
			b->mt = (uint8_t)page_type(m, idx);
		} else if (f & PG_PCP) {
			b->kind = PAGE_PCP;
			b->mt = (uint8_t)page_type(m, idx);
		} else if (f & PG_HEAD) {
			b->kind = PAGE_ALLOCATED;
			b->owner = (uint8_t)page_type(m, idx);
		} else {
			/* Not a head where one must be: show one page as
			 * reserved rather than guess (mm_check reports it). */
			b->kind = PAGE_ALLOCATED;
			b->owner = OWNER_RESERVED;
			b->order = 0;
			b->nr_pages = 1;
		}
		idx += b->nr_pages;
	}
	*pfn = idx_to_pfn(m, idx);
	return k;
}

/* Pages [a, e) of one kind to the cells they cover (slow path: blocks
 * bigger than a cell, hole runs, the clipped first and last blocks). */
static void
cells_add_span(struct mm_cell *cells, uint64_t base, unsigned shift,
	       unsigned ncells, uint64_t a, uint64_t e, unsigned kind,
	       unsigned order, unsigned type, uint32_t *fb, uint8_t *fm)
{
	uint64_t c0 = (a - base) >> shift, c1 = (e - 1 - base) >> shift;

	if (c1 >= ncells)
		c1 = ncells - 1;
	for (uint64_t c = c0; c <= c1; c++) {
		uint64_t cs = base + (c << shift), ce = cs + ((uint64_t)1 << shift);
		uint32_t n = (uint32_t)((e < ce ? e : ce) - (a > cs ? a : cs));
		struct mm_cell *cl = &cells[c];

		switch (kind) {
		case PAGE_FREE:
			cl->free += n;
			if ((int)order > cl->max_free_order)
				cl->max_free_order = (int8_t)order;
			if (fb) {
				fb[(size_t)order * ncells + c]++;
				fm[(size_t)order * ncells + c] = (uint8_t)type;
			}
			break;
		case PAGE_PCP:
			cl->pcp += n;
			break;
		case PAGE_ALLOCATED:
			if (cl->alloc && cl->owner != type)
				cl->flags |= MM_CELL_MIXED_OWNER;
			if (!cl->alloc || n * 2 > cl->alloc)
				cl->owner = (uint8_t)type;
			cl->alloc += n;
			break;
		default:
			cl->hole += n;
			break;
		}
	}
	if (kind == PAGE_FREE && c1 > c0) {
		cells[c0].flags |= MM_CELL_FREE_HEAD;
		cells[c1].flags |= MM_CELL_FREE_TAIL;
	}
}

void
mm_snapshot_cells(const struct machine *m, uint64_t start_pfn, unsigned shift,
		  unsigned ncells, uint64_t lo, uint64_t hi,
		  struct mm_cell *cells, uint32_t *fb, uint8_t *fm)
{
	uint64_t span = (uint64_t)ncells << shift, last = m->start_pfn + m->nr_pages;
	uint32_t idx, end;
	const struct page_state *pg = m->page;

	memset(cells, 0, ncells * sizeof(*cells));
	for (unsigned c = 0; c < ncells; c++)
		cells[c].max_free_order = -1;
	if (fb) {
		memset(fb, 0, (size_t)(m->max_order + 1) * ncells * sizeof(*fb));
		memset(fm, 0, (size_t)(m->max_order + 1) * ncells);
	}
	if (lo < start_pfn)
		lo = start_pfn;
	if (hi > start_pfn + span)
		hi = start_pfn + span;
	if (lo < m->start_pfn)
		lo = m->start_pfn;
	if (hi > last)
		hi = last;
	/* Pages of the cells outside [lo, hi) are holes. */
	if (lo >= hi) {
		for (unsigned c = 0; c < ncells; c++)
			cells[c].hole = 1u << shift;
		return;
	}
	if (lo > start_pfn)
		cells_add_span(cells, start_pfn, shift, ncells, start_pfn, lo,
			       PAGE_HOLE, 0, 0, NULL, NULL);
	if (hi < start_pfn + span)
		cells_add_span(cells, start_pfn, shift, ncells, hi,
			       start_pfn + span, PAGE_HOLE, 0, 0, NULL, NULL);
	idx = pfn_to_idx(m, lo);
	end = pfn_to_idx(m, hi);
	/* The block holding lo may start before it. */
	if (!(pg[idx].flags & (PG_HOLE | PG_BUDDY | PG_PCP | PG_HEAD))) {
		struct page_info pi;

		if (mm_page_info(m, lo, &pi) && pi.kind != PAGE_HOLE)
			idx = pfn_to_idx(m, pi.block_pfn);
	}
	while (idx < end) {
		uint8_t f = pg[idx].flags;
		unsigned o, kind, type;
		uint64_t pfn, bend, c;
		uint32_t cend, nfree = 0, nalloc = 0, npcp = 0;
		uint32_t cnt[MM_MAX_ORDER_LIMIT + 1];
		uint8_t mt[MM_MAX_ORDER_LIMIT + 1];
		int maxo = -1;
		struct mm_cell *cl;
		int owner = -1;
		bool mixed = false;

		pfn = idx_to_pfn(m, idx);
		c = (pfn - start_pfn) >> shift;
		/* The fast path: the blocks that lie inside this cell, counted
		 * in registers and stored once per cell. */
		cend = pfn_to_idx(m, start_pfn + ((c + 1) << shift));
		if (cend > end)
			cend = end;
		if (pfn >= lo && fb)
			memset(cnt, 0, sizeof(cnt[0]) * (m->max_order + 1));
		while (pfn >= lo && idx < cend) {
			f = pg[idx].flags;
			o = pg[idx].order;
			if ((f & PG_HOLE) || o > shift ||
			    !(f & (PG_BUDDY | PG_PCP | PG_HEAD)) ||
			    idx + (1u << o) > cend)
				break;
			if (f & PG_BUDDY) {
				nfree += 1u << o;
				if ((int)o > maxo)
					maxo = (int)o;
				if (fb) {
					cnt[o]++;
					mt[o] = (uint8_t)((f & PG_TYPE_MASK) >>
							  PG_TYPE_SHIFT);
				}
			} else if (f & PG_PCP) {
				npcp += 1u << o;
			} else {
				int t = (f & PG_TYPE_MASK) >> PG_TYPE_SHIFT;

				if (owner >= 0 && owner != t)
					mixed = true;
				if (owner < 0 || (1u << o) * 2 > nalloc)
					owner = t;
				nalloc += 1u << o;
			}
			idx += 1u << o;
		}
		if (nfree | nalloc | npcp) {
			cl = &cells[c];
			if (nalloc) {
				if (cl->alloc && cl->owner != owner)
					mixed = true;
				if (!cl->alloc || nalloc * 2 > cl->alloc)
					cl->owner = (uint8_t)owner;
				if (mixed)
					cl->flags |= MM_CELL_MIXED_OWNER;
			}
			cl->free += nfree;
			cl->alloc += nalloc;
			cl->pcp += npcp;
			if (maxo > cl->max_free_order)
				cl->max_free_order = (int8_t)maxo;
			if (fb && nfree)
				for (unsigned k = 0; k <= m->max_order; k++)
					if (cnt[k]) {
						fb[(size_t)k * ncells + c] += cnt[k];
						fm[(size_t)k * ncells + c] = mt[k];
					}
		}
		if (idx >= end)
			break;
		if (idx >= cend && pfn >= lo)
			continue;
		/* The slow path: one block that is a hole run, bigger than a
		 * cell, clipped at the zone's edge, or not a head. */
		f = pg[idx].flags;
		if (f & PG_HOLE) {
			uint32_t j = idx + 1;

			while (j < end && (pg[j].flags & PG_HOLE))
				j++;
			cells_add_span(cells, start_pfn, shift, ncells,
				       idx_to_pfn(m, idx), idx_to_pfn(m, j),
				       PAGE_HOLE, 0, 0, NULL, NULL);
			idx = j;
			continue;
		}
		o = pg[idx].order;
		type = (f & PG_TYPE_MASK) >> PG_TYPE_SHIFT;
		kind = (f & PG_BUDDY) ? PAGE_FREE : (f & PG_PCP) ? PAGE_PCP :
		       PAGE_ALLOCATED;
		if (!(f & (PG_BUDDY | PG_PCP | PG_HEAD))) {
			/* Not a head where one must be (mm_check reports
			 * it): one reserved page. */
			o = 0;
			type = OWNER_RESERVED;
		}
		pfn = idx_to_pfn(m, idx);
		bend = pfn + (1u << o);
		cells_add_span(cells, start_pfn, shift, ncells,
			       pfn > lo ? pfn : lo, bend < hi ? bend : hi,
			       kind, o, type, fb, fm);
		idx += 1u << o;
	}
}
