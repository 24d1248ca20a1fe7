/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * state.c - the screen state's log ring, layout, highlights and samples
 * (state.h).
 *
 * The layout from 80x24 up (W = width, H = height):
 *
 *   row 0        status bar: machine, era, zone, zoom, player, mode
 *   row 1        caption (a script's `say`)
 *   rows 2..     +-- left (56%) ------------+-- right ---------------+
 *                | memory map   title       | free lists & frag      |
 *                |   map rows               |   one row per order    |
 *                |   inspector line         |                        |
 *                | per-order bitmaps        | watermark gauges       |
 *                |   one row per order      | largest block, sparks  |
 *                +--------------------------+------------------------+
 *   rows         event log (title + lines; a third of the extra height)
 *   row H-2      message / completion line
 *   row H-1      the readline command line
 *
 * From 40x12 to 80x24 the reduced layout keeps the status bar, caption,
 * map and inspector, one gauge line, a short log and the command line.
 * Below 40x12 only a message (and the command line) is shown.
 */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim.h"

void
ui_state_init(struct ui_state *st)
{
	memset(st, 0, sizeof(*st));
	st->log = calloc(UI_LOG_SIZE, sizeof(*st->log));
	st->zoom_fit = true;
	st->animate = true;
	st->speed = 1.0;
	st->focus = UI_P_MAP;
	snprintf(st->prompt, sizeof(st->prompt), "buddyscope> ");
	snprintf(st->theme_name, sizeof(st->theme_name), "default");
}

void
ui_state_note_activity(struct ui_state *st, const struct mm_event *ev,
		       uint64_t at)
{
	enum ui_act_kind k;
	char text[48];
	struct ui_act *ac;

	switch (ev->type) {
	case EV_SLOW_STEP:
		if (ev->step == SLOW_DIRECT_RECLAIM) {
			k = UI_ACT_RECLAIM;
			snprintf(text, sizeof(text), "direct reclaim: %ld pages "
				 "reclaimed", ev->count);
		} else if (ev->step == SLOW_DIRECT_COMPACT ||
			   ev->step == SLOW_EARLY_COMPACT) {
			k = UI_ACT_COMPACT;
			snprintf(text, sizeof(text), "direct compaction");
		} else {
			return;
		}
		break;
	case EV_RECLAIM_DONE:
		if (!ev->kswapd)
			return;
		k = UI_ACT_KSWAPD;
		snprintf(text, sizeof(text), "kswapd reclaimed %ld pages",
			 ev->count);
		break;
	case EV_OOM_KILL:
		k = UI_ACT_OOM;
		snprintf(text, sizeof(text), "OOM: a task killed (%ld pages)",
			 ev->count2);
		break;
	default:
		return;
	}
	ac = &st->acts[k];
	if (!ac->seen) {
		ac->seen = true;
		ac->at = at;
		ac->zone = k == UI_ACT_OOM ? -1 : ev->zone;
	} else if (ac->zone >= 0 && (ev->zone < 0 || ev->zone > ac->zone)) {
		ac->zone = ev->zone;
	}
	memcpy(ac->text, text, sizeof(text));
}

void
ui_state_clear_activity(struct ui_state *st)
{
	memset(st->acts, 0, sizeof(st->acts));
}

void
ui_state_free(struct ui_state *st)
{
	if (st->log)
		for (unsigned i = 0; i < UI_LOG_SIZE; i++)
			free(st->log[i].text);
	free(st->log);
	free(st->hl_until);
	ui_anim_free(st);
	free(st->line);
	for (unsigned i = 0; i < st->nmatches; i++)
		free(st->matches[i]);
	free(st->matches);
	memset(st, 0, sizeof(*st));
}

static struct ui_log_entry *
log_next(struct ui_state *st)
{
	struct ui_log_entry *e;

	if (!st->log)
		return NULL;
	e = &st->log[st->log_total % UI_LOG_SIZE];
	free(e->text);
	e->text = NULL;
	st->log_total++;
	return e;
}

void
ui_log_text(struct ui_state *st, enum ui_log_kind kind, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		struct ui_log_entry *e = log_next(st);

		if (!e)
			return;
		e->kind = (uint8_t)kind;
		e->text = strndup(p, n);
		p += n;
		if (*p == '\n')
			p++;
	}
}

void
ui_log_event(struct ui_state *st, const struct mm_event *ev)
{
	struct ui_log_entry *e = log_next(st);

	if (!e)
		return;
	e->kind = UI_LOG_EVENT;
	e->ev = *ev;
}

const struct ui_log_entry *
ui_log_get(const struct ui_state *st, uint64_t i)
{
	if (!st->log || i >= st->log_total || i + UI_LOG_SIZE < st->log_total)
		return NULL;
	return &st->log[i % UI_LOG_SIZE];
}

static struct ui_rect
rect(int x, int y, int w, int h)
{
	struct ui_rect r = { x, y, w < 0 ? 0 : w, h < 0 ? 0 : h };

	return r;
}

void
ui_layout_compute(struct ui_layout *l, int w, int h, bool presenter,
		  unsigned max_order, unsigned nzones)
{
	int orders = (int)max_order + 1, mid_y, mid_h, lw, rw, logh, fl_h;

	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->cell_w = presenter ? 2 : 1;
	if (nzones == 0)
		nzones = 1;
	if (w < UI_MIN_W || h < UI_MIN_H) {
		l->kind = UI_LAYOUT_TOO_SMALL;
		if (h >= 3)
			l->cmdline = rect(0, h - 1, w, 1);
		return;
	}
	l->status = rect(0, 0, w, 1);
	l->caption = rect(0, 1, w, 1);
	l->cmdline = rect(0, h - 1, w, 1);
	l->message = rect(0, h - 2, w, 1);
	if (w < UI_FULL_W || h < UI_FULL_H) {
		/* Reduced: map + inspector, one gauge line, log. */
		l->kind = UI_LAYOUT_REDUCED;
		logh = h >= 16 ? 4 : 3;
		l->log = rect(0, h - 2 - logh, w, logh);
		l->gauges = rect(0, l->log.y - 1, w, 1);
		l->map = rect(0, 2, w, l->gauges.y - 2);
		l->map_cols = w / l->cell_w;
		l->map_rows = l->map.h - 2;
		if (l->map_rows < 1)
			l->map_rows = 1;
		return;
	}
	l->kind = UI_LAYOUT_FULL;
	logh = 3 + (h - UI_FULL_H) / 3;
	l->log = rect(0, h - 2 - logh, w, logh);
	mid_y = 2;
	mid_h = l->log.y - mid_y;
	lw = w * 56 / 100;
	rw = w - lw - 1;
	/* Left: map (title, rows, inspector) over the bitmaps (title,
	 * one row per order). */
	{
		int bm_h = orders + 1, map_h = mid_h - bm_h;

		if (map_h < 3) {
			map_h = 3;
			bm_h = mid_h - map_h;
		}
		l->map = rect(0, mid_y, lw, map_h);
		l->bitmap = rect(0, mid_y + map_h, lw, bm_h);
		l->map_cols = lw / l->cell_w;
		l->map_rows = map_h - 2;
	}
	/* Right: free lists (title + orders), then gauges (title, a line
	 * per zone, more when there is room) and the fragmentation line. */
	fl_h = orders + 1;
	if (fl_h > mid_h - (int)nzones - 2)
		fl_h = mid_h - (int)nzones - 2;
	if (fl_h < 2)
		fl_h = 2;
	l->freelist = rect(lw + 1, mid_y, rw, fl_h);
	l->gauges = rect(lw + 1, mid_y + fl_h, rw, mid_h - fl_h);
}

bool
ui_state_diff(struct ui_state *st, const struct ui_snap *old,
	      const struct ui_snap *sn, double now, double secs)
{
	bool any = false;
	unsigned n = sn->view.ncells;

	if (n > st->hl_cap) {
		double *h = realloc(st->hl_until, n * sizeof(*h));

		if (!h)
			return false;
		st->hl_until = h;
		st->hl_cap = n;
		memset(h, 0, n * sizeof(*h));
	}
	if (!old || old->m == NULL || old->view.ncells != n ||
	    old->view.start_pfn != sn->view.start_pfn ||
	    old->view.ppc != sn->view.ppc || old->view.zone != sn->view.zone) {
		memset(st->hl_until, 0, n * sizeof(double));
		return false;
	}
	for (unsigned c = 0; c < n; c++) {
		const struct ui_map_cell *a = &old->cells[c], *b = &sn->cells[c];

		if (a->free != b->free || a->alloc != b->alloc ||
		    a->pcp != b->pcp || a->mt != b->mt ||
		    a->max_free_order != b->max_free_order) {
			st->hl_until[c] = now + secs;
			any = true;
		}
	}
	for (unsigned z = 0; z < sn->nr_zones && z < MM_MAX_ZONES; z++) {
		const struct ui_zone_snap *a = &old->zones[z], *b = &sn->zones[z];

		if (a->zi.free != b->zi.free)
			st->gauge_hl[z] = now + secs;
		if ((int)z != sn->view.zone)
			continue;
		for (unsigned o = 0; o < UI_ORDERS; o++)
			for (unsigned mt = 0; mt < MIGRATE_TYPES; mt++)
				if (a->nr_free_mt[o][mt] != b->nr_free_mt[o][mt]) {
					st->fl_hl[o][mt] = now + secs;
					any = true;
				}
	}
	return any;
}

void
ui_state_sample(struct ui_state *st, const struct ui_snap *sn)
{
	const struct ui_zone_snap *zs = &sn->zones[sn->view.zone];
	unsigned i;

	if (st->nspark == UI_SPARK) {
		memmove(st->spark_free, st->spark_free + 1,
			(UI_SPARK - 1) * sizeof(st->spark_free[0]));
		memmove(st->spark_frag, st->spark_frag + 1,
			(UI_SPARK - 1) * sizeof(st->spark_frag[0]));
		st->nspark--;
	}
	i = st->nspark++;
	st->spark_free[i] = zs->zi.free;
	st->spark_frag[i] = zs->unusable[sn->pageblock_order < UI_ORDERS ?
					 sn->pageblock_order : 0];
}

void
ui_state_set_scanners(struct ui_state *st, bool on, uint64_t migrate_pfn,
		      uint64_t free_pfn)
{
	st->scanners = on;
	st->migrate_pfn = migrate_pfn;
	st->free_pfn = free_pfn;
}
