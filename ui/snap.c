/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snap.c - taking a snapshot (snap.h).
 *
 * The cell summaries come from one walk of mm_snapshot_blocks() over the
 * view: a block adds its pages to the cells it covers (a big free block
 * covering many cells is a few stores per cell; many small blocks in one
 * cell are one add each).  Pageblock types are read once per pageblock.
 */
#include "snap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

static bool
ensure(struct ui_snap *s, unsigned ncells)
{
	struct ui_map_cell *c;
	uint32_t *lit;
	uint8_t *lm;

	if (ncells <= s->cap && s->cells)
		return true;
	c = realloc(s->cells, ncells * sizeof(*c));
	if (!c)
		return false;
	s->cells = c;
	lit = realloc(s->lit, (size_t)ncells * UI_ORDERS * sizeof(*lit));
	if (!lit)
		return false;
	s->lit = lit;
	lm = realloc(s->lit_mt, (size_t)ncells * UI_ORDERS);
	if (!lm)
		return false;
	s->lit_mt = lm;
	{
		struct mm_cell *mc = realloc(s->mc, ncells * sizeof(*mc));

		if (!mc)
			return false;
		s->mc = mc;
	}
	s->cap = ncells;
	return true;
}

void
ui_snap_free(struct ui_snap *s)
{
	free(s->cells);
	free(s->lit);
	free(s->lit_mt);
	free(s->mc);
	memset(s, 0, sizeof(*s));
}

int
ui_default_zone(const struct machine *m)
{
	int best = 0;
	uint64_t most = 0;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		struct zone_info zi;

		if (mm_zone_info(m, z, &zi) && zi.populated && zi.spanned > most) {
			most = zi.spanned;
			best = (int)z;
		}
	}
	return best;
}

void
ui_view_fit(const struct machine *m, int zone, unsigned ncells,
	    struct ui_view *v)
{
	struct zone_info zi;
	uint64_t ppc = 1;

	if (!mm_zone_info(m, (unsigned)zone, &zi))
		memset(&zi, 0, sizeof(zi));
	if (ncells == 0)
		ncells = 1;
	while (ppc * ncells < zi.spanned)
		ppc <<= 1;
	v->zone = zone;
	v->ppc = ppc;
	v->ncells = ncells;
	/* Start on a cell boundary at or below the zone's start. */
	v->start_pfn = zi.start_pfn & ~(ppc - 1);
}

static void
snap_zone(struct ui_snap *s, const struct machine *m, unsigned z)
{
	struct ui_zone_snap *zs = &s->zones[z];

	mm_zone_info(m, z, &zs->zi);
	zs->largest_order = -1;
	for (unsigned o = 0; o <= s->max_order; o++) {
		if (zs->zi.nr_free[o])
			zs->largest_order = (int)o;
		for (unsigned mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = mm_nr_free_mt(m, z, o,
							(enum migratetype)mt);

			zs->nr_free_mt[o][mt] = n;
			zs->nheads[o][mt] = n ? (uint8_t)mm_free_list_peek(m, z, o,
					(enum migratetype)mt, zs->heads[o][mt],
					UI_HEADS) : 0;
		}
		zs->unusable[o] = zs->zi.populated ?
			frag_unusable_index(m, z, o) : 0;
		zs->extfrag[o] = zs->zi.populated ?
			frag_extfrag_index(m, z, o) : -1000;
	}
	for (unsigned mt = 0; mt < MIGRATE_TYPES; mt++)
		zs->pageblocks[mt] = mm_nr_pageblocks(m, z, (enum migratetype)mt);
}

bool
ui_snap_take(struct ui_snap *s, const struct machine *m,
	     const struct ui_view *v)
{
	uint64_t lo, hi, pbn;
	unsigned shift, pbo;
	struct ui_zone_snap *zs;

	if (!ensure(s, v->ncells ? v->ncells : 1))
		return false;
	s->m = m;
	snprintf(s->era, sizeof(s->era), "%s", era_rules(mm_era(m))->name);
	s->nr_zones = mm_nr_zones(m);
	s->max_order = mm_max_order(m);
	s->pageblock_order = mm_pageblock_order(m);
	s->start_pfn = mm_start_pfn(m);
	s->end_pfn = mm_end_pfn(m);
	s->kswapd_awake = mm_kswapd_awake(m);
	s->pcp_on = mm_pcp_enabled(m);
	s->cma = mm_have_cma(m);
	mm_get_vmstat(m, &s->vmstat);
	for (unsigned z = 0; z < s->nr_zones && z < MM_MAX_ZONES; z++)
		snap_zone(s, m, z);

	s->view = *v;
	if (s->view.zone < 0 || (unsigned)s->view.zone >= s->nr_zones)
		s->view.zone = 0;
	if (s->view.ppc == 0 || (s->view.ppc & (s->view.ppc - 1)))
		s->view.ppc = 1;
	if (s->view.ncells == 0)
		s->view.ncells = 1;
	zs = &s->zones[s->view.zone];
	shift = (unsigned)__builtin_ctzll(s->view.ppc);
	lo = zs->zi.start_pfn;
	hi = zs->zi.start_pfn + zs->zi.spanned;
	mm_snapshot_cells(m, s->view.start_pfn, shift, s->view.ncells, lo, hi,
			  s->mc, s->lit, s->lit_mt);
	for (unsigned c = 0; c < s->view.ncells; c++) {
		const struct mm_cell *mc = &s->mc[c];
		struct ui_map_cell *cl = &s->cells[c];

		cl->free = mc->free;
		cl->alloc = mc->alloc;
		cl->pcp = mc->pcp;
		cl->hole = mc->hole;
		cl->owner = mc->owner;
		cl->max_free_order = mc->max_free_order;
		cl->mt = 0;
		cl->flags = (uint8_t)(((mc->flags & MM_CELL_MIXED_OWNER) ?
				       UI_MC_MIXED_OWNER : 0) |
				      ((mc->flags & MM_CELL_FREE_HEAD) ?
				       UI_MC_FREE_HEAD : 0) |
				      ((mc->flags & MM_CELL_FREE_TAIL) ?
				       UI_MC_FREE_TAIL : 0));
	}
	lo = lo > s->view.start_pfn ? lo : s->view.start_pfn;
	if (hi > s->view.start_pfn + ((uint64_t)s->view.ncells << shift))
		hi = s->view.start_pfn + ((uint64_t)s->view.ncells << shift);
	/* Pageblock types: the type at each pageblock, counted per cell. */
	pbo = s->pageblock_order;
	if (lo < hi) {
		uint32_t count[MIGRATE_TYPES];
		unsigned cur = UINT32_MAX;

		memset(count, 0, sizeof(count));
		for (pbn = lo >> pbo; (pbn << pbo) < hi; pbn++) {
			uint64_t p = pbn << pbo;
			unsigned c = (unsigned)(((p > lo ? p : lo) -
						 s->view.start_pfn) >> shift);
			enum migratetype mt = mm_pageblock_type(m, p > lo ? p : lo);
			uint64_t span = (uint64_t)1 << pbo;
			unsigned clast;

			if (c != cur) {
				memset(count, 0, sizeof(count));
				cur = c;
			}
			count[mt]++;
			if (count[mt] >= count[s->cells[c].mt] ||
			    count[s->cells[c].mt] == 0)
				s->cells[c].mt = (uint8_t)mt;
			if (p >= lo)
				s->cells[c].flags |= UI_MC_PB_START;
			/* A pageblock bigger than a cell tints all its cells. */
			clast = (unsigned)(((p + span < hi ? p + span : hi) - 1 -
					    s->view.start_pfn) >> shift);
			for (unsigned k = c + 1; k <= clast; k++)
				s->cells[k].mt = (uint8_t)mt;
		}
	}
	return true;
}

unsigned
ui_populated_zones(const struct machine *m)
{
	unsigned n = 0;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		struct zone_info zi;

		if (mm_zone_info(m, z, &zi) && zi.populated)
			n++;
	}
	return n;
}
