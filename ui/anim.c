/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * anim.c - the in-between states of an animation (see anim.h): the
 * snapshot before a command, with the free list moves of its events
 * applied one at a time.
 */
#include "anim.h"

#include <stdlib.h>
#include <string.h>

#include "state.h"

#define NO_ENTRY UINT64_MAX

static bool
same_view(const struct ui_snap *a, const struct ui_snap *b)
{
	return a->lit && b->lit && a->max_order == b->max_order &&
	       a->nr_zones == b->nr_zones && a->view.zone == b->view.zone &&
	       a->view.start_pfn == b->view.start_pfn &&
	       a->view.ppc == b->view.ppc && a->view.ncells == b->view.ncells;
}

static size_t
lit_len(const struct ui_view *v, unsigned max_order)
{
	return (size_t)(max_order + 1) * v->ncells;
}

/* Start from the snapshot sn: its lit counts and the view zone's lists. */
static void
load(struct ui_anim *an, const struct ui_snap *sn, uint64_t first)
{
	size_t n = lit_len(&sn->view, sn->max_order);

	memcpy(an->lit, sn->lit, n * sizeof(*an->lit));
	memcpy(an->lit_mt, sn->lit_mt, n);
	memcpy(an->nr_free, sn->zones[sn->view.zone].nr_free_mt,
	       sizeof(an->nr_free));
	for (unsigned c = 0; c < sn->view.ncells; c++)
		an->cell_mt[c] = sn->cells[c].mt;
	an->view = sn->view;
	an->max_order = sn->max_order;
	an->pageblock_order = sn->pageblock_order;
	an->applied = first;
	an->pre = NO_ENTRY;
	an->lit_bad = an->fl_bad = an->map_bad = false;
}

/* The cells [*c0, *c1] of the view that pages [pfn, end) lie in; false
 * when none. */
static bool
view_cells(const struct ui_view *v, uint64_t pfn, uint64_t end, uint64_t *c0,
	   uint64_t *c1)
{
	uint64_t lo = v->start_pfn, hi = lo + v->ppc * v->ncells;

	if (end <= lo || pfn >= hi)
		return false;
	*c0 = ((pfn > lo ? pfn : lo) - lo) / v->ppc;
	*c1 = ((end < hi ? end : hi) - 1 - lo) / v->ppc;
	return true;
}

/* set_pageblock_migratetype: the cells of the pageblock at pfn take its
 * new type (a cell that holds several pageblocks cannot be followed). */
static void
retype(struct ui_anim *an, uint64_t pfn, unsigned mt)
{
	uint64_t pb = (uint64_t)1 << an->pageblock_order, c0, c1;

	if (an->view.ppc > pb || mt >= MIGRATE_TYPES) {
		an->map_bad = true;
		return;
	}
	if (view_cells(&an->view, pfn, pfn + pb, &c0, &c1))
		for (uint64_t c = c0; c <= c1; c++)
			an->cell_mt[c] = (uint8_t)mt;
}

/* A block of 2^order pages at pfn put on (delta 1) or taken off (-1) the
 * mt list: the free list count and the bitmap cells it lies in or covers. */
static void
move_block(struct ui_anim *an, uint64_t pfn, unsigned order, unsigned mt,
	   int delta)
{
	const struct ui_view *v = &an->view;
	uint64_t c0, c1;

	if (order > an->max_order || mt >= MIGRATE_TYPES) {
		an->lit_bad = an->fl_bad = true;
		return;
	}
	if (delta > 0)
		an->nr_free[order][mt]++;
	else if (an->nr_free[order][mt])
		an->nr_free[order][mt]--;
	else
		an->fl_bad = true;
	if (!view_cells(v, pfn, pfn + ((uint64_t)1 << order), &c0, &c1))
		return;
	for (uint64_t c = c0; c <= c1; c++) {
		size_t k = (size_t)order * v->ncells + (size_t)c;

		if (delta > 0) {
			an->lit[k]++;
			an->lit_mt[k] = (uint8_t)mt;
		} else if (an->lit[k]) {
			an->lit[k]--;
		} else {
			an->lit_bad = true;
		}
	}
}

static const struct mm_event *
event_at(const struct ui_state *st, uint64_t i)
{
	const struct ui_log_entry *e = ui_log_get(st, i);

	return e && e->kind == UI_LOG_EVENT ? &e->ev : NULL;
}

/* EV_LIST_TAKE and EV_FALLBACK take a block off a list: which list. */
static bool
is_take(const struct mm_event *ev, unsigned *mt)
{
	if (ev->type == EV_LIST_TAKE) {
		*mt = (unsigned)ev->mt;
		return true;
	}
	if (ev->type == EV_FALLBACK) {
		*mt = (unsigned)ev->fallback_mt;
		return true;
	}
	return false;
}

/*
 * The model reports expand()'s halves before the take of the block they
 * were split from (the take's event carries what expand left).  At the
 * first half, find that take (after more halves, retypes and moves) and
 * apply it first, as the kernel's __rmqueue_smallest() does.
 */
static void
take_before_halves(struct ui_state *st, uint64_t i, const struct mm_event *half)
{
	struct ui_anim *an = &st->anim;

	if (an->pre != NO_ENTRY && an->pre > i)
		return;
	for (uint64_t j = i + 1; j < an->end; j++) {
		const struct mm_event *ev = event_at(st, j);
		unsigned mt;

		if (!ev || ev->type == EV_SPLIT || ev->type == EV_PAGEBLOCK_RETYPE ||
		    ev->type == EV_MOVE_FREEPAGES)
			continue;
		if (is_take(ev, &mt) && ev->zone == half->zone &&
		    ev->block_order > half->block_order && ev->block_order < 64 &&
		    half->pfn >= ev->pfn &&
		    half->pfn < ev->pfn + ((uint64_t)1 << ev->block_order)) {
			move_block(an, ev->pfn, ev->block_order, mt, -1);
			an->pre = j;
		}
		return;
	}
}

static void
apply(struct ui_state *st, uint64_t i)
{
	struct ui_anim *an = &st->anim;
	const struct mm_event *ev = event_at(st, i);
	unsigned mt;

	if (i == an->pre) {
		an->pre = NO_ENTRY;
		return;
	}
	if (!ev || ev->zone != an->view.zone)
		return;
	if (is_take(ev, &mt)) {
		move_block(an, ev->pfn, ev->block_order, mt, -1);
		return;
	}
	switch (ev->type) {
	case EV_SPLIT:
		take_before_halves(st, i, ev);
		move_block(an, ev->pfn, ev->block_order, (unsigned)ev->mt, 1);
		break;
	case EV_MERGE:
		move_block(an, ev->buddy_pfn, ev->block_order, (unsigned)ev->mt, -1);
		break;
	case EV_FREE_PLACE:
		move_block(an, ev->pfn, ev->block_order, (unsigned)ev->mt, 1);
		break;
	case EV_PAGEBLOCK_RETYPE:
		retype(an, ev->pfn, (unsigned)ev->mt);
		break;
	default:
		break;
	}
}

void
ui_anim_advance(struct ui_state *st, const struct ui_view *v,
		unsigned max_order, uint64_t pos)
{
	struct ui_anim *an = &st->anim;

	if (!an->lit_ok && !an->fl_ok && !an->map_ok)
		return;
	if (memcmp(v, &an->view, sizeof(*v)) != 0 || max_order != an->max_order) {
		/* zoomed: the final state only */
		an->lit_ok = an->fl_ok = an->map_ok = false;
		return;
	}
	for (; an->applied <= pos && an->applied < an->end; an->applied++)
		apply(st, an->applied);
}

bool
ui_anim_prepare(struct ui_state *st, const struct ui_snap *before,
		const struct ui_snap *after, uint64_t first, uint64_t end)
{
	struct ui_anim *an = &st->anim;
	size_t n;

	an->lit_ok = an->fl_ok = an->map_ok = false;
	if (!same_view(before, after) || first >= end)
		return false;
	if (after->view.ncells > an->cell_cap) {
		uint8_t *cm = realloc(an->cell_mt, after->view.ncells);

		if (!cm)
			return false;
		an->cell_mt = cm;
		an->cell_cap = after->view.ncells;
	}
	n = lit_len(&after->view, after->max_order);
	if (n > an->cap) {
		uint32_t *l = realloc(an->lit, n * sizeof(*l));
		uint8_t *lm;

		if (!l)
			return false;
		an->lit = l;
		lm = realloc(an->lit_mt, n);
		if (!lm)
			return false;
		an->lit_mt = lm;
		an->cap = n;
	}
	an->end = end;
	/* every event once; then compare with the snapshot after */
	load(an, before, first);
	an->lit_ok = an->fl_ok = an->map_ok = true;
	ui_anim_advance(st, &before->view, before->max_order, end - 1);
	an->lit_ok = !an->lit_bad &&
		     memcmp(an->lit, after->lit, n * sizeof(*an->lit)) == 0;
	an->fl_ok = !an->fl_bad &&
		    memcmp(an->nr_free, after->zones[after->view.zone].nr_free_mt,
			   sizeof(an->nr_free)) == 0;
	an->map_ok = !an->map_bad;
	for (unsigned c = 0; an->map_ok && c < after->view.ncells; c++)
		if (an->cell_mt[c] != after->cells[c].mt)
			an->map_ok = false;
	if (!an->lit_ok && !an->fl_ok && !an->map_ok)
		return false;
	{
		bool lit_ok = an->lit_ok, fl_ok = an->fl_ok, map_ok = an->map_ok;

		load(an, before, first);
		an->lit_ok = lit_ok;
		an->fl_ok = fl_ok;
		an->map_ok = map_ok;
	}
	return true;
}

/* An in-between state is shown for this snapshot's view. */
static bool
showing(const struct ui_state *st, const struct ui_snap *sn, bool ok)
{
	return st->anim_active && ok && sn->max_order == st->anim.max_order &&
	       memcmp(&sn->view, &st->anim.view, sizeof(sn->view)) == 0;
}

const uint32_t *
ui_anim_lit(const struct ui_state *st, const struct ui_snap *sn)
{
	return showing(st, sn, st->anim.lit_ok) ? st->anim.lit : sn->lit;
}

const uint8_t *
ui_anim_lit_mt(const struct ui_state *st, const struct ui_snap *sn)
{
	return showing(st, sn, st->anim.lit_ok) ? st->anim.lit_mt : sn->lit_mt;
}

unsigned long
ui_anim_nr_free(const struct ui_state *st, const struct ui_snap *sn,
		unsigned order, unsigned mt)
{
	if (showing(st, sn, st->anim.fl_ok) && order < UI_ORDERS &&
	    mt < MIGRATE_TYPES)
		return st->anim.nr_free[order][mt];
	return sn->zones[sn->view.zone].nr_free_mt[order][mt];
}

unsigned
ui_anim_cell_mt(const struct ui_state *st, const struct ui_snap *sn,
		unsigned cell)
{
	if (showing(st, sn, st->anim.map_ok) && cell < sn->view.ncells)
		return st->anim.cell_mt[cell];
	return sn->cells[cell].mt;
}

void
ui_anim_free(struct ui_state *st)
{
	free(st->anim.lit);
	free(st->anim.lit_mt);
	free(st->anim.cell_mt);
	memset(&st->anim, 0, sizeof(st->anim));
}
