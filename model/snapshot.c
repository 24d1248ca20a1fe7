/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snapshot.c - the block walk of snapshot.h.
 *
 * It reads the layout described in internal.h directly: flags[] and
 * order[] of block heads only, jumping 1 << order pages at a time.  Only
 * the first block of a walk needs mm_page_info() to find its head.
 */
#include "snapshot.h"

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
	if (!(m->flags[idx] & (PG_HOLE | PG_BUDDY | PG_PCP | PG_HEAD))) {
		struct page_info pi;

		/* Inside a block: start at its head. */
		if (mm_page_info(m, *pfn, &pi) && pi.kind != PAGE_HOLE)
			idx = pfn_to_idx(m, pi.block_pfn);
	}
	while (idx < end_idx && k < n) {
		uint8_t f = m->flags[idx];
		struct mm_block *b = &out[k++];

		b->pfn = idx_to_pfn(m, idx);
		b->mt = 0;
		b->owner = 0;
		if (f & PG_HOLE) {
			uint32_t j = idx + 1;

			while (j < end_idx && (m->flags[j] & PG_HOLE))
				j++;
			b->kind = PAGE_HOLE;
			b->order = 0;
			b->nr_pages = j - idx;
			idx = j;
			continue;
		}
		b->order = m->order[idx];
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
