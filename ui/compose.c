/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compose.c - the panels: status bar, caption, memory map with inspector,
 * per-order bitmaps, free lists with fragmentation, watermark gauges, the
 * event log, the message and command lines, and the help, legend and
 * completion boxes (compose.h).
 *
 * Each panel draws into its rectangle of the layout (state.c) from the
 * snapshot only.  Nothing here decides allocator policy: the numbers
 * (watermarks, reserves, indices) are the model's, and the marks a gauge
 * shows (__GFP_HIGH at min/2, GFP_ATOMIC at 3/8 of min, PF_MEMALLOC at 0)
 * are where the model's watermark check puts them.
 */
#include "compose.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "anim.h"
#include "evtext.h"
#include "keys.h"
#include "trace.h"

long
ui_view_cell(const struct ui_view *v, uint64_t pfn)
{
	uint64_t c;

	if (pfn < v->start_pfn || v->ppc == 0)
		return -1;
	c = (pfn - v->start_pfn) / v->ppc;
	return c < v->ncells ? (long)c : -1;
}

void
ui_fmt_count(unsigned long v, int width, char *buf, size_t len)
{
	static const char suffix[] = "kMGT";
	int n = snprintf(buf, len, "%lu", v);
	double d = (double)v;

	if (n <= width)
		return;
	for (int i = 0; suffix[i]; i++) {
		d /= 1000.0;
		if (d < 10 && width >= 4)
			n = snprintf(buf, len, "%.1f%c", d, suffix[i]);
		else
			n = snprintf(buf, len, "%.0f%c", d, suffix[i]);
		if (n <= width)
			return;
	}
}

static char
owner_letter(unsigned owner)
{
	static const char letters[NR_OWNERS] = {
		[OWNER_KERNEL] = 'k', [OWNER_SLAB] = 's',
		[OWNER_PAGECACHE] = 'f', [OWNER_PAGECACHE_DIRTY] = 'd',
		[OWNER_ANON] = 'a', [OWNER_PINNED] = 'p',
		[OWNER_RESERVED] = 'r',
	};

	return owner < NR_OWNERS ? letters[owner] : '?';
}

uint32_t
ui_map_glyph(const struct ui_map_cell *c, uint64_t ppc,
	     unsigned pageblock_order, const struct ui_glyphs *g,
	     enum ui_role *role)
{
	uint64_t total = ppc - c->hole, used = c->alloc + c->pcp;
	char letter = migratetype_letter((enum migratetype)c->mt);

	*role = ui_role_of_mt(c->mt);
	if (c->hole >= ppc || total == 0) {
		*role = UI_HOLE;
		return ' ';
	}
	if (ppc >= ((uint64_t)1 << pageblock_order)) {
		/* Coarse: the pageblock's letter, lower case when the cell
		 * is mostly free. */
		if (used * 2 <= total)
			letter = (char)(letter - 'A' + 'a');
		return (uint32_t)letter;
	}
	if (c->flags & UI_MC_PB_START)
		return (uint32_t)letter;
	if (c->free == total) {
		if (c->flags & UI_MC_FREE_HEAD)
			return '[';
		if (c->flags & UI_MC_FREE_TAIL)
			return ']';
		return g->free_page;
	}
	if (c->alloc == total)
		return (uint32_t)owner_letter(c->owner);
	if (c->pcp == total)
		return '*';
	/* Mixed: shaded by the share in use. */
	return g->shade[used * 4 / (total + 1) > 3 ? 3 : used * 4 / (total + 1)];
}

/* ---- small helpers ------------------------------------------------------ */

static void
title(struct ui_frame *f, const struct ui_rect *r, bool focus, const char *t)
{
	ui_frame_fill(f, r->x, r->y, r->w, ' ', focus ? UI_TITLE_FOCUS : UI_TITLE);
	ui_frame_text(f, r->x, r->y, r->w, focus ? UI_TITLE_FOCUS : UI_TITLE, t);
}

static bool
hl(double until, double now)
{
	return until > now;
}

/* ---- status bar and caption ------------------------------------------------ */

static void
draw_status(struct ui_frame *f, const struct ui_state *st,
	    const struct ui_snap *sn)
{
	const struct ui_rect *r = &st->lay.status;
	const struct ui_zone_snap *zs = &sn->zones[sn->view.zone];
	char buf[512], play[160] = "", marks[32] = "";
	int n;

	/* The step counter; bookmarks: how many, and '*' when this step
	 * has one. */
	if (st->play_marks)
		snprintf(marks, sizeof(marks), " %s%u mark%s",
			 st->play_marked ? "*" : "", st->play_marks,
			 st->play_marks == 1 ? "" : "s");
	/* The player's part goes first, so that the step counter shows
	 * even at 80 columns. */
	if (st->play_active)
		snprintf(play, sizeof(play), " %s%s %s step %u/%u x%g%s |",
			 st->tour ? "tour " : "",
			 st->playing ? (st->play_waiting ? "paused at pause" :
					"playing") : "stopped",
			 st->play_name, st->play_step, st->play_total, st->speed,
			 marks);
	n = snprintf(buf, sizeof(buf),
		     " buddyscope |%s %s | era %s | zone %s 0x%" PRIx64 "-0x%" PRIx64
		     " | %" PRIu64 " page%s/cell%s | %s", play,
		     st->machine_name ? st->machine_name : "machine", sn->era,
		     zs->zi.name, zs->zi.start_pfn,
		     zs->zi.start_pfn + zs->zi.spanned - 1, sn->view.ppc,
		     sn->view.ppc == 1 ? "" : "s", st->zoom_fit ? " (fit)" : "",
		     st->view_mode ? "VIEW: ? keys, i types" :
		     "Esc: view keys, F1 help");
	ui_frame_fill(f, r->x, r->y, r->w, ' ', UI_STATUS);
	if (n > 0)
		ui_frame_text(f, r->x, r->y, r->w, UI_STATUS, buf);
}

#define CAPTION_ROWS 3	/* a long caption wraps over the map's top rows */

/*
 * Break text at blanks into at most max lines of at most w bytes (lesson
 * captions are ASCII; ui_frame_text still cuts a line that is too wide).
 * The last line takes the rest.  Returns the number of lines.
 */
static int
wrap_text(const char *s, int w, const char **start, int *len, int max)
{
	int n = 0;

	while (*s && n < max) {
		int l = (int)strlen(s), cut = l;

		if (l > w && n + 1 < max) {
			cut = w;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w;
		}
		start[n] = s;
		len[n++] = cut;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return n;
}

static void
caption_rows(const struct ui_state *st, const char **start, int *len, int *n)
{
	const struct ui_rect *r = &st->lay.caption;

	*n = wrap_text(st->caption, r->w - 2, start, len, CAPTION_ROWS);
}

static void
draw_caption(struct ui_frame *f, const struct ui_state *st)
{
	const struct ui_rect *r = &st->lay.caption;

	if (st->caption[0]) {
		const char *start[CAPTION_ROWS];
		int len[CAPTION_ROWS], n;
		char line[512];

		caption_rows(st, start, len, &n);
		ui_frame_fill(f, r->x, r->y, r->w, ' ', UI_CAPTION);
		snprintf(line, sizeof(line), "%.*s", n ? len[0] : 0,
			 n ? start[0] : "");
		ui_frame_text(f, r->x + 1, r->y, r->w - 1, UI_CAPTION, line);
	} else {
		ui_frame_text(f, r->x + 1, r->y, r->w - 1, UI_DIM,
			      "Type a command (Tab completes, Ctrl-R searches); "
			      "Esc for view keys; F1 help; F2 legend");
	}
}

/* The rest of a long caption, over the rows under it (drawn after the
 * panels, so it stays readable at 80 columns). */
static void
draw_caption_more(struct ui_frame *f, const struct ui_state *st)
{
	const struct ui_rect *r = &st->lay.caption;
	const char *start[CAPTION_ROWS];
	int len[CAPTION_ROWS], n;
	char line[512];

	if (!st->caption[0])
		return;
	caption_rows(st, start, len, &n);
	for (int i = 1; i < n && r->y + i < st->lay.message.y; i++) {
		ui_frame_fill(f, r->x, r->y + i, r->w, ' ', UI_CAPTION);
		snprintf(line, sizeof(line), "%.*s", len[i], start[i]);
		ui_frame_text(f, r->x + 1, r->y + i, r->w - 1, UI_CAPTION, line);
	}
}

/* ---- memory map ------------------------------------------------------------ */

/* Where the compaction scanners were at the event the animation shows:
 * the latest EV_COMPACT_BEGIN or _BATCH of the command up to it, none
 * after an EV_COMPACT_END; unchanged when the command has no compaction. */
static void
scanners_at(const struct ui_state *st, bool *on, uint64_t *mpfn,
	    uint64_t *fpfn)
{
	uint64_t lo = st->cmd_first;

	if (st->log_total > UI_LOG_SIZE && lo < st->log_total - UI_LOG_SIZE)
		lo = st->log_total - UI_LOG_SIZE;
	for (uint64_t i = st->anim_pos + 1; i-- > lo;) {
		const struct ui_log_entry *e = ui_log_get(st, i);

		if (!e || e->kind != UI_LOG_EVENT)
			continue;
		if (e->ev.type == EV_COMPACT_END) {
			*on = false;
			return;
		}
		if (e->ev.type == EV_COMPACT_BEGIN || e->ev.type == EV_COMPACT_BATCH) {
			*on = true;
			*mpfn = e->ev.scan_pfn;
			*fpfn = e->ev.scan_pfn2;
			return;
		}
	}
}

static void
draw_scanners(struct ui_frame *f, const struct ui_state *st,
	      const struct ui_view *v, uint64_t mpfn, uint64_t fpfn)
{
	const struct ui_layout *l = &st->lay;
	const struct ui_rect *r = &l->map;
	unsigned cw = (unsigned)l->cell_w;
	long a = ui_view_cell(v, mpfn);
	long b = ui_view_cell(v, fpfn);

	if (a >= 0 && (unsigned)a / (unsigned)l->map_cols < (unsigned)l->map_rows)
		ui_frame_put(f, r->x + (int)((unsigned)a % (unsigned)l->map_cols * cw),
			     r->y + 1 + (int)((unsigned)a / (unsigned)l->map_cols),
			     'M', UI_SCANNER);
	if (b >= 0 && (unsigned)b / (unsigned)l->map_cols < (unsigned)l->map_rows)
		ui_frame_put(f, r->x + (int)((unsigned)b % (unsigned)l->map_cols * cw),
			     r->y + 1 + (int)((unsigned)b / (unsigned)l->map_cols),
			     'F', UI_SCANNER);
}

static void
draw_map(struct ui_frame *f, const struct ui_state *st,
	 const struct ui_snap *sn, double now)
{
	const struct ui_layout *l = &st->lay;
	const struct ui_rect *r = &l->map;
	const struct ui_glyphs *g = ui_glyphs(f->ascii);
	const struct ui_view *v = &sn->view;
	long cur = ui_view_cell(v, st->cursor_pfn);
	long anim_lo = -1, anim_hi = -1;
	char t[160];
	unsigned cw = (unsigned)l->cell_w;

	snprintf(t, sizeof(t), " Memory map: %s, %u cells x %" PRIu64 " page%s ",
		 sn->zones[v->zone].zi.name, v->ncells, v->ppc,
		 v->ppc == 1 ? "" : "s");
	title(f, r, st->focus == UI_P_MAP, t);
	/* The block of the event being animated. */
	if (st->anim_active) {
		const struct ui_log_entry *e = ui_log_get(st, st->anim_pos);

		if (e && e->kind == UI_LOG_EVENT && e->ev.pfn != PFN_NONE &&
		    e->ev.block_order <= MM_MAX_ORDER_LIMIT) {
			uint64_t a = e->ev.pfn;
			uint64_t b = a + ((uint64_t)1 << e->ev.block_order) - 1;

			anim_lo = ui_view_cell(v, a);
			anim_hi = ui_view_cell(v, b);
			if (anim_lo >= 0 && anim_hi < 0)
				anim_hi = (long)v->ncells - 1;
		}
	}
	for (unsigned c = 0; c < v->ncells; c++) {
		int row = (int)(c / (unsigned)l->map_cols);
		int col = (int)(c % (unsigned)l->map_cols);
		int x = r->x + col * (int)cw, y = r->y + 1 + row;
		struct ui_map_cell cell;
		enum ui_role role;
		uint32_t ch;

		if (row >= l->map_rows)
			break;
		cell = sn->cells[c];
		cell.mt = (uint8_t)ui_anim_cell_mt(st, sn, c);
		ch = ui_map_glyph(&cell, v->ppc, sn->pageblock_order, g, &role);
		if ((long)c == cur)
			role = UI_CURSOR;
		for (unsigned k = 0; k < cw; k++)
			ui_frame_put(f, x + (int)k, y, k ? (ch == '[' ? g->free_page :
						     ch) : ch, role);
		if ((st->hl_until && c < st->hl_cap && hl(st->hl_until[c], now)) ||
		    ((long)c >= anim_lo && (long)c <= anim_hi && anim_lo >= 0))
			ui_frame_flag(f, x, y, (int)cw, 1, UI_CELL_HILITE);
	}
	/* Compaction scanners: M where the migrate scanner is, F where the
	 * free scanner is: as of the event the animation shows, else where
	 * the model left them (between the steps of compact step). */
	{
		bool on = st->scanners;
		uint64_t mpfn = st->migrate_pfn, fpfn = st->free_pfn;

		if (st->anim_active)
			scanners_at(st, &on, &mpfn, &fpfn);
		if (on)
			draw_scanners(f, st, v, mpfn, fpfn);
	}

	/* Inspector line. */
	{
		int y = r->y + r->h - 1;
		const struct page_info *pi = &st->cur_pi;

		ui_frame_fill(f, r->x, y, r->w, ' ', UI_NORMAL);
		if (!st->cur_valid) {
			ui_frame_textf(f, r->x, y, r->w, UI_DIM,
				       "pfn 0x%" PRIx64 ": outside the machine",
				       st->cursor_pfn);
		} else if (pi->kind == PAGE_HOLE) {
			ui_frame_textf(f, r->x, y, r->w, UI_NORMAL,
				       "pfn 0x%" PRIx64 ": hole | pageblock %c",
				       st->cursor_pfn,
				       migratetype_letter(pi->pageblock_mt));
		} else {
			const char *kind = pi->kind == PAGE_FREE ? "free" :
				pi->kind == PAGE_PCP ? "per-CPU" : "allocated";

			const char *what = pi->kind == PAGE_ALLOCATED ?
				page_owner_name(pi->owner) :
				migratetype_name(pi->list_mt);

			if (r->w >= 70)
				ui_frame_textf(f, r->x, y, r->w, UI_NORMAL,
					       "pfn 0x%" PRIx64 " | block 0x%" PRIx64
					       " order %u %s %s | pageblock %s%s%s",
					       st->cursor_pfn, pi->block_pfn, pi->order,
					       kind, what,
					       migratetype_name(pi->pageblock_mt),
					       st->cur_handle[0] ? " | handle " : "",
					       st->cur_handle);
			else
				ui_frame_textf(f, r->x, y, r->w, UI_NORMAL,
					       "0x%" PRIx64 ": 0x%" PRIx64 "/o%u %s "
					       "%s pb %c%s%s", st->cursor_pfn,
					       pi->block_pfn, pi->order,
					       pi->kind == PAGE_ALLOCATED ? "" : kind,
					       what, migratetype_letter(pi->pageblock_mt),
					       st->cur_handle[0] ? " handle " : "",
					       st->cur_handle);
		}
	}
}

/* ---- per-order bitmaps ------------------------------------------------------ */

static uint32_t
density(const struct ui_glyphs *g, uint32_t count, uint64_t max)
{
	if (count == 0)
		return ' ';
	if (max <= 1 || count >= max)
		return g->shade[3];
	return g->shade[(uint64_t)count * 3 / max];
}

static void
draw_bitmaps(struct ui_frame *f, const struct ui_state *st,
	     const struct ui_snap *sn)
{
	const struct ui_rect *r = &st->lay.bitmap;
	const struct ui_glyphs *g = ui_glyphs(f->ascii);
	const struct ui_view *v = &sn->view;
	int lab = 4, width = r->w - lab;
	unsigned ncols = (unsigned)width < v->ncells ? (unsigned)width : v->ncells;
	char t[120];

	unsigned first = 0;
	long cur = ui_view_cell(v, st->cursor_pfn);

	/* The bitmaps show as many cells of the view as fit, starting
	 * with the stretch that holds the cursor. */
	if (ncols && cur >= 0)
		first = (unsigned)cur / ncols * ncols;
	if (first + ncols > v->ncells)
		ncols = v->ncells - first;
	if (width > 50)
		snprintf(t, sizeof(t), st->pair_view ?
			 " Bitmaps, 2.4 style: one bit per buddy pair (b), 0x%" PRIx64 "- " :
			 " Per-order bitmaps: lit = on a free list (b), 0x%" PRIx64 "- ",
			 v->start_pfn + first * v->ppc);
	else
		snprintf(t, sizeof(t), st->pair_view ?
			 " Bitmaps, 2.4 style: one bit per buddy pair (b) " :
			 " Per-order bitmaps: lit = on a free list (b) ");
	title(f, r, st->focus == UI_P_BITMAP, t);
	if (r->h < 2 || width < 4)
		return;
	for (unsigned o = 0; o <= sn->max_order && (int)o < r->h - 1; o++) {
		int y = r->y + 1 + (int)(sn->max_order - o);
		const uint32_t *litrow = ui_anim_lit(st, sn) + (size_t)o * v->ncells;
		const uint32_t *lit = litrow + first;
		const uint8_t *lm = ui_anim_lit_mt(st, sn) + (size_t)o * v->ncells +
				    first;
		uint64_t bs = (uint64_t)1 << o;

		if (y >= r->y + r->h)
			continue;
		ui_frame_textf(f, r->x, y, lab, st->focus == UI_P_BITMAP &&
			       o == st->sel_order ? UI_CURSOR : UI_DIM, "o%-2u", o);
		for (unsigned c = 0; c < ncols; c++) {
			uint32_t ch;
			enum ui_role role = UI_DIM;

			if (!st->pair_view) {
				if (bs >= v->ppc)
					ch = lit[c] ? g->full : g->free_page;
				else
					ch = lit[c] ? density(g, lit[c], v->ppc / bs)
						    : g->free_page;
				if (lit[c])
					role = ui_role_of_mt(lm[c]);
			} else if (o == sn->max_order) {
				ch = ' ';
			} else {
				uint64_t ps = bs << 1;
				uint32_t n = 0;

				if (ps >= v->ppc) {
					/* The pair covers cells [p0, p1). */
					uint64_t per = ps / v->ppc;
					unsigned abs_c = first + c;
					unsigned p0 = (unsigned)(abs_c / per * per);

					for (unsigned k = p0; k < p0 + per &&
					     k < v->ncells; k++)
						n |= litrow[k] ? 1u : 0u;
					ch = n ? '1' : '0';
				} else {
					n = lit[c];
					ch = n ? density(g, n, v->ppc / ps) : '0';
				}
				if (n)
					role = UI_BAR;
			}
			ui_frame_put(f, r->x + lab + (int)c, y, ch, role);
		}
	}
}

/* ---- free lists and fragmentation -------------------------------------------- */

static void
draw_freelists(struct ui_frame *f, const struct ui_state *st,
	       const struct ui_snap *sn, double now)
{
	const struct ui_rect *r = &st->lay.freelist;
	const struct ui_zone_snap *zs = &sn->zones[sn->view.zone];
	const struct ui_glyphs *g = ui_glyphs(f->ascii);
	unsigned mts[MIGRATE_TYPES], nmt = 0;
	int cw = 5, x, wide;
	unsigned long most = 1;

	mts[nmt++] = MIGRATE_UNMOVABLE;
	mts[nmt++] = MIGRATE_MOVABLE;
	mts[nmt++] = MIGRATE_RECLAIMABLE;
	mts[nmt++] = MIGRATE_HIGHATOMIC;
	if (sn->cma)
		mts[nmt++] = MIGRATE_CMA;
	wide = r->w >= 2 + (int)nmt * cw + 13 + 22;
	if (!sn->cma && r->w >= 2 + 6 * cw + 13 + 40)
		mts[nmt++] = MIGRATE_ISOLATE;
	title(f, r, st->focus == UI_P_FREELIST, "");
	x = r->x;
	ui_frame_text(f, x, r->y, 3, st->focus == UI_P_FREELIST ?
		      UI_TITLE_FOCUS : UI_TITLE, "o");
	x += 2;
	for (unsigned i = 0; i < nmt; i++, x += cw) {
		char h[8];

		snprintf(h, sizeof(h), "%4c", migratetype_letter(
				 (enum migratetype)mts[i]));
		ui_frame_text(f, x, r->y, cw, ui_role_of_mt(mts[i]), h);
	}
	ui_frame_text(f, x, r->y, r->x + r->w - x,
		      st->focus == UI_P_FREELIST ? UI_TITLE_FOCUS : UI_TITLE,
		      wide ? " unus  extf blocks   list heads" : " unus  extf");
	for (unsigned o = 0; o <= sn->max_order; o++) {
		unsigned long tot = 0;

		for (unsigned mt = 0; mt < MIGRATE_TYPES; mt++)
			tot += ui_anim_nr_free(st, sn, o, mt);
		if (tot > most)
			most = tot;
	}
	for (unsigned o = 0; o <= sn->max_order; o++) {
		int y = r->y + 1 + (int)o;
		unsigned long tot = 0;
		char buf[32];

		if (y >= r->y + r->h)
			break;
		x = r->x;
		ui_frame_textf(f, x, y, 2, o == st->sel_order &&
			       st->focus == UI_P_FREELIST ? UI_CURSOR : UI_DIM,
			       "%-2u", o);
		x += 2;
		for (unsigned i = 0; i < nmt; i++, x += cw) {
			unsigned long n = ui_anim_nr_free(st, sn, o, mts[i]);
			char num[16];

			tot += n;
			ui_fmt_count(n, cw - 1, num, sizeof(num));
			snprintf(buf, sizeof(buf), "%*s", cw - 1, n ? num : ".");
			ui_frame_text(f, x + 1, y, cw - 1,
				      n ? UI_NORMAL : UI_DIM, buf);
			if (hl(st->fl_hl[o][mts[i]], now))
				ui_frame_flag(f, x + 1, y, cw - 1, 1,
					      UI_CELL_HILITE);
		}
		ui_frame_textf(f, x + 1, y, 5, UI_NORMAL, "%d.%03d",
			       zs->unusable[o] / 1000, zs->unusable[o] % 1000);
		if (zs->extfrag[o] < 0)
			ui_frame_text(f, x + 7, y, 5, UI_DIM, "  -  ");
		else
			ui_frame_textf(f, x + 7, y, 5, UI_NORMAL, "%d.%03d",
				       zs->extfrag[o] / 1000, zs->extfrag[o] % 1000);
		x += 13;
		if (wide && x < r->x + r->w) {
			/* A bar on a log scale, then the heads of the
			 * fullest list. */
			int bw = 8, fill = 0;
			unsigned long t = tot;
			unsigned best = 0;
			uint8_t nh;
			int bits = 0, maxbits = 0;

			while (t) {
				bits++;
				t >>= 1;
			}
			for (t = most; t; t >>= 1)
				maxbits++;
			fill = maxbits ? bits * bw * 8 / maxbits : 0;
			for (int k = 0; k < bw; k++) {
				int e = fill - k * 8;

				ui_frame_put(f, x + k, y, g->bar[e < 0 ? 0 : e > 8 ? 8 : e],
					     UI_BAR);
			}
			x += bw + 1;
			for (unsigned mt = 0; mt < MIGRATE_TYPES; mt++)
				if (ui_anim_nr_free(st, sn, o, mt) >
				    ui_anim_nr_free(st, sn, o, best))
					best = mt;
			nh = zs->nheads[o][best];
			for (unsigned k = 0; k < nh && x < r->x + r->w; k++)
				x += ui_frame_textf(f, x, y, r->x + r->w - x,
						    ui_role_of_mt(best), "%s%" PRIx64,
						    k ? " " : "", zs->heads[o][best][k]);
		}
	}
}

/* ---- watermark gauges ---------------------------------------------------------- */

static int
gpos(unsigned long v, unsigned long scale, int gw)
{
	unsigned long long p = (unsigned long long)v * (unsigned long long)gw /
			       (scale ? scale : 1);

	return p >= (unsigned long long)gw ? gw - 1 : (int)p;
}

static const char *
zone_state(const struct ui_zone_snap *zs, bool kswapd)
{
	long min = (long)(zs->zi.wmark[0] + zs->zi.boost);
	long low = (long)(zs->zi.wmark[1] + zs->zi.boost);

	if (!zs->zi.populated)
		return "empty";
	if (zs->zi.free <= min)
		return "below min: direct reclaim";
	if (zs->zi.free <= low)
		return kswapd ? "below low: kswapd awake" : "below low";
	return kswapd ? "ok (kswapd awake)" : "ok";
}

/*
 * What the last command put the zone through, as of the event shown: the
 * worst of direct reclaim, compaction, kswapd's reclaim and an OOM kill
 * (see ui_state_note_activity).  NULL when nothing.
 */
static const char *
zone_activity(const struct ui_state *st, unsigned z)
{
	uint64_t end = st->anim_active ? st->anim_pos + 1 : UINT64_MAX;
	const char *text = NULL;

	for (unsigned k = 0; k < NR_UI_ACTS; k++) {
		const struct ui_act *ac = &st->acts[k];

		if (ac->seen && ac->at < end &&
		    (ac->zone < 0 || z <= (unsigned)ac->zone))
			text = ac->text;
	}
	return text;
}

static void
draw_one_gauge(struct ui_frame *f, const struct ui_state *st,
	       const struct ui_snap *sn, unsigned z, int x, int y, int w,
	       int rows, double now)
{
	const struct ui_zone_snap *zs = &sn->zones[z];
	const struct ui_glyphs *g = ui_glyphs(f->ascii);
	unsigned long boost = zs->zi.boost;
	unsigned long min = zs->zi.wmark[0] + boost, low = zs->zi.wmark[1] + boost,
		      high = zs->zi.wmark[2] + boost;
	unsigned long scale = high * 2 > 16 ? high * 2 : 16;
	long fr = zs->zi.free;
	int lab = 7, gw, fp;
	enum ui_role fill_role = fr <= (long)min ? UI_GAUGE_MIN :
				 fr <= (long)low ? UI_GAUGE_LOW : UI_GAUGE;
	char num[16];

	ui_frame_textf(f, x, y, lab, (int)z == sn->view.zone ? UI_TITLE : UI_NORMAL,
		       "%-6.6s", zs->zi.name);
	ui_fmt_count((unsigned long)(fr < 0 ? 0 : fr), 5, num, sizeof(num));
	gw = w - lab - 7;
	if (gw < 8) {
		ui_frame_textf(f, x + lab, y, w - lab, fill_role, "%s free", num);
		return;
	}
	fp = fr > 0 ? gpos((unsigned long)fr, scale, gw) + 1 : 0;
	for (int k = 0; k < gw; k++)
		ui_frame_put(f, x + lab + k, y, k < fp ? g->gauge_full :
			     g->gauge_empty, k < fp ? fill_role : UI_DIM);
	if ((unsigned long)fr >= scale)
		ui_frame_put(f, x + lab + gw - 1, y, g->arrow, fill_role);
	/* The marks: where each kind of request stops. */
	ui_frame_put(f, x + lab, y, '0', UI_MARK);	/* PF_MEMALLOC */
	ui_frame_put(f, x + lab + gpos(min * 3 / 8, scale, gw), y, 'a', UI_MARK);
	ui_frame_put(f, x + lab + gpos(min / 2, scale, gw), y, 'H', UI_MARK);
	ui_frame_put(f, x + lab + gpos(min, scale, gw), y, 'm', UI_MARK);
	ui_frame_put(f, x + lab + gpos(low, scale, gw), y, 'l', UI_MARK);
	ui_frame_put(f, x + lab + gpos(high, scale, gw), y, 'h', UI_MARK);
	ui_frame_textf(f, x + lab + gw + 1, y, 6, fill_role, "%5s", num);
	if (hl(st->gauge_hl[z], now))
		ui_frame_flag(f, x + lab + gw + 1, y, 6, 1, UI_CELL_HILITE);
	if (rows >= 2) {
		if (w - lab >= 40)
			ui_frame_textf(f, x + lab, y + 1, w - lab, UI_DIM,
				       "min %lu low %lu high %lu boost %lu",
				       min - boost, low - boost, high - boost,
				       boost);
		else
			ui_frame_textf(f, x + lab, y + 1, w - lab, UI_DIM,
				       "min/low/high %lu/%lu/%lu%s", min - boost,
				       low - boost, high - boost,
				       boost ? " boosted" : "");
	}
	if (rows >= 3) {
		char res[160] = "";
		size_t n = 0;

		for (unsigned j = z + 1; j < sn->nr_zones && n < sizeof(res); j++)
			if (sn->zones[j].zi.populated)
				n += (size_t)snprintf(res + n, sizeof(res) - n,
					"%s%s +%ld", n ? ", " : "",
					sn->zones[j].zi.name,
					zs->zi.lowmem_reserve[j]);
		const char *act = zone_activity(st, z);
		int k = 0;

		if (act)
			k = ui_frame_textf(f, x + lab, y + 2, w - lab, UI_BAD,
					   "%s | ", act);
		ui_frame_textf(f, x + lab + k, y + 2, w - lab - k, UI_DIM, "%s%s%s",
			       zone_state(zs, sn->kswapd_awake),
			       n ? " | reserve for " : "", res);
	} else {
		/* One line: the state goes after the name when it is not ok. */
		const char *s = zone_state(zs, sn->kswapd_awake);

		if (strncmp(s, "ok", 2) != 0 || zone_activity(st, z))
			ui_frame_put(f, x + lab - 1, y, '!', UI_BAD);
	}
}

static void
spark(struct ui_frame *f, int x, int y, int w, const long *v, unsigned n,
      const struct ui_glyphs *g)
{
	long max = 1, min = 0;
	unsigned first = n > (unsigned)w ? n - (unsigned)w : 0;

	if (n)
		min = v[first];
	for (unsigned i = first; i < n; i++) {
		if (v[i] > max)
			max = v[i];
		if (v[i] < min)
			min = v[i];
	}
	for (unsigned i = first; i < n; i++) {
		long span = max - min;
		int lev = span > 0 ? (int)((v[i] - min) * 7 / span) : 3;

		ui_frame_put(f, x + (int)(i - first), y, g->spark[lev], UI_BAR);
	}
}

static void
draw_gauges(struct ui_frame *f, const struct ui_state *st,
	    const struct ui_snap *sn, double now)
{
	const struct ui_rect *r = &st->lay.gauges;
	const struct ui_glyphs *g = ui_glyphs(f->ascii);
	unsigned nz = 0;
	int y, rows, avail;

	for (unsigned z = 0; z < sn->nr_zones; z++)
		if (sn->zones[z].zi.populated)
			nz++;
	if (nz == 0)
		nz = 1;
	if (st->lay.kind == UI_LAYOUT_REDUCED) {
		draw_one_gauge(f, st, sn, (unsigned)sn->view.zone, r->x, r->y,
			       r->w, 1, now);
		return;
	}
	title(f, r, st->focus == UI_P_GAUGES,
	      " Watermarks: 0 memalloc a atomic H high m min l low h high");
	avail = r->h - 2;	/* title and the fragmentation line */
	rows = avail / (int)nz;
	if (rows > 3)
		rows = 3;
	if (rows < 1)
		rows = 1;
	y = r->y + 1;
	for (unsigned z = 0; z < sn->nr_zones; z++) {
		if (!sn->zones[z].zi.populated)
			continue;
		if (y + rows > r->y + r->h - 1 && y >= r->y + r->h - 1)
			break;
		draw_one_gauge(f, st, sn, z, r->x, y, r->w, rows, now);
		y += rows;
	}
	/* Fragmentation: largest free block and sparklines over time. */
	{
		const struct ui_zone_snap *zs = &sn->zones[sn->view.zone];
		int fy = r->y + r->h - 1, x = r->x, sw;
		long frag[UI_SPARK];
		char big[32];

		if (zs->largest_order >= 0)
			snprintf(big, sizeof(big), "o%d %luK", zs->largest_order,
				 (unsigned long)PAGE_SIZE_KB << zs->largest_order);
		else
			snprintf(big, sizeof(big), "none");
		x += ui_frame_textf(f, x, fy, r->w, UI_NORMAL, "largest %s ", big);
		sw = (r->x + r->w - x - 10) / 2;
		if (sw < 2)
			return;
		x += ui_frame_text(f, x, fy, 5, UI_DIM, "free ");
		spark(f, x, fy, sw, st->spark_free, st->nspark, g);
		x += sw + 1;
		x += ui_frame_text(f, x, fy, 5, UI_DIM, "frag ");
		for (unsigned i = 0; i < st->nspark; i++)
			frag[i] = st->spark_frag[i];
		spark(f, x, fy, sw, frag, st->nspark, g);
	}
}

/* ---- event log ----------------------------------------------------------------- */

static int
log_lines_of(const struct ui_state *st, const struct ui_snap *sn,
	     const struct ui_log_entry *e)
{
	if (e->kind == UI_LOG_EVENT && st->show_trace)
		return 2;
	return 1;
}

static void
draw_log_entry(struct ui_frame *f, const struct ui_state *st,
	       const struct ui_snap *sn, const struct ui_log_entry *e, int x,
	       int y, int w, int line, bool current)
{
	char buf[512];

	switch (e->kind) {
	case UI_LOG_EVENT:
		if (line == 0) {
			int n = ui_frame_textf(f, x, y, w, UI_EVENT_FN, "  %s: ",
					       ui_event_function(e->ev.type));

			ui_event_text(sn->m, &e->ev, buf, sizeof(buf));
			ui_frame_text(f, x + n, y, w - n, UI_EVENT, buf);
		} else {
			struct strbuf sb = STRBUF_INIT;

			if (sn->m && trace_format(sn->m, &e->ev, &sb))
				ui_frame_textf(f, x, y, w, UI_TRACE, "    trace: %s",
					       strbuf_str(&sb));
			else
				ui_frame_text(f, x, y, w, UI_TRACE,
					      "    (no tracepoint)");
			strbuf_release(&sb);
		}
		if (current)
			ui_frame_flag(f, x, y, w, 1, UI_CELL_HILITE);
		break;
	case UI_LOG_COMMAND:
		ui_frame_textf(f, x, y, w, UI_COMMAND, "> %s", e->text);
		break;
	case UI_LOG_ERROR:
		ui_frame_text(f, x, y, w, UI_ERROR, e->text);
		break;
	case UI_LOG_CAPTION:
		ui_frame_textf(f, x, y, w, UI_CAPTION, "# %s", e->text);
		break;
	case UI_LOG_INFO:
		ui_frame_text(f, x, y, w, UI_DIM, e->text);
		break;
	default:
		ui_frame_text(f, x, y, w, UI_OUTPUT, e->text ? e->text : "");
		break;
	}
}

static void
draw_log(struct ui_frame *f, const struct ui_state *st,
	 const struct ui_snap *sn)
{
	const struct ui_rect *r = &st->lay.log;
	uint64_t end = st->anim_active ? st->anim_pos + 1 : st->log_total;
	int y = r->y + r->h - 1, skip = (int)st->log_scroll, top = r->y + 1;
	char t[120];

	if (end > st->log_total)
		end = st->log_total;
	snprintf(t, sizeof(t), " Event log%s%s (PgUp/PgDn%s) ",
		 st->show_trace ? " with trace lines" : "",
		 st->anim_active ? ", animating" : "",
		 st->log_scroll ? ", scrolled" : "");
	title(f, r, st->focus == UI_P_LOG, t);
	for (uint64_t i = end; i > 0 && y >= top; i--) {
		const struct ui_log_entry *e = ui_log_get(st, i - 1);
		int n;

		if (!e)
			break;
		n = log_lines_of(st, sn, e);
		for (int line = n - 1; line >= 0 && y >= top; line--) {
			if (skip > 0) {
				skip--;
				continue;
			}
			draw_log_entry(f, st, sn, e, r->x, y, r->w, line,
				       st->anim_active && i - 1 == st->anim_pos);
			y--;
		}
	}
}

/* ---- command line, message, boxes ------------------------------------------------ */

static void
draw_cmdline(struct ui_frame *f, const struct ui_state *st)
{
	const struct ui_rect *r = &st->lay.cmdline;
	const char *line = st->line ? st->line : "";
	int pw, cur, start = 0, x;
	size_t plen = strlen(st->prompt);
	uint32_t cp;

	if (r->w <= 0)
		return;
	ui_frame_fill(f, r->x, r->y, r->w, ' ', UI_CMDLINE);
	if (st->view_mode) {
		ui_frame_text(f, r->x, r->y, r->w, UI_DIM,
			      "-- view keys: arrows, +/-, z, b, Space, n, p, ?, "
			      "q; i or Enter to type --");
		f->cursor_visible = false;
		return;
	}
	pw = ui_frame_text(f, r->x, r->y, r->w, UI_CMDLINE, st->prompt);
	(void)plen;
	/* Columns before the cursor (one per code point). */
	cur = 0;
	for (int i = 0; i < st->point && line[i];) {
		i += (int)ui_utf8_decode(line + i, strlen(line + i), &cp);
		cur++;
	}
	if (pw + cur >= r->w - 1)
		start = pw + cur - (r->w - 2);
	x = r->x + pw;
	{
		int col = 0;
		size_t len = strlen(line);

		for (size_t i = 0; i < len;) {
			i += ui_utf8_decode(line + i, len - i, &cp);
			if (col >= start && x < r->x + r->w)
				ui_frame_put(f, x++, r->y, cp, UI_CMDLINE);
			col++;
		}
	}
	f->cursor_x = r->x + pw + cur - start;
	f->cursor_y = r->y;
	f->cursor_visible = true;
}

static void
draw_message(struct ui_frame *f, const struct ui_state *st)
{
	const struct ui_rect *r = &st->lay.message;

	if (r->w <= 0)
		return;
	if (st->message[0])
		ui_frame_text(f, r->x, r->y, r->w, st->message_error ? UI_ERROR :
			      UI_DIM, st->message);
}

static void
box(struct ui_frame *f, int x, int y, int w, int h)
{
	for (int r = y; r < y + h; r++)
		ui_frame_fill(f, x, r, w, ' ', UI_POPUP);
}

static void
draw_matches(struct ui_frame *f, const struct ui_state *st)
{
	int colw = 1, cols, rows, y0, maxrows;
	unsigned shown;

	if (!st->nmatches || st->lay.kind == UI_LAYOUT_TOO_SMALL)
		return;
	for (unsigned i = 0; i < st->nmatches; i++) {
		int n = (int)strlen(st->matches[i]) + 2;

		if (n > colw)
			colw = n;
	}
	if (colw > f->w)
		colw = f->w;
	cols = f->w / colw;
	if (cols < 1)
		cols = 1;
	rows = ((int)st->nmatches + cols - 1) / cols;
	maxrows = st->lay.message.y - 2;
	if (maxrows > 8)
		maxrows = 8;
	if (rows > maxrows)
		rows = maxrows;
	y0 = st->lay.message.y - rows;
	box(f, 0, y0, f->w, rows);
	shown = (unsigned)(rows * cols);
	for (unsigned i = 0; i < st->nmatches && i < shown; i++)
		ui_frame_text(f, (int)(i / (unsigned)rows) * colw,
			      y0 + (int)(i % (unsigned)rows), colw - 1, UI_POPUP,
			      st->matches[i]);
	ui_frame_fill(f, 0, st->lay.message.y, f->w, ' ', UI_POPUP);
	ui_frame_textf(f, 0, st->lay.message.y, f->w, UI_POPUP,
		       "%u matches%s (Tab again cycles through them)",
		       st->nmatches, st->nmatches > shown ? ", not all shown" : "");
}

static void
draw_help(struct ui_frame *f, const struct ui_state *st)
{
	int w = f->w > 78 ? 76 : f->w - 2, x = (f->w - w) / 2, y = 1;
	int h = f->h - 2, row = 0, col = 0, colw = w / 2;
	char keys[64];

	box(f, x, y, w, h);
	ui_frame_text(f, x + 1, y, w - 2, UI_POPUP,
		      "Keys (? or F1 closes; letters act in view mode: Esc)");
	row = 1;
	for (int a = 1; a < NR_UI_ACTIONS; a++) {
		size_t n = 0;

		keys[0] = '\0';
		for (size_t k = 0; k < ui_keys_len; k++)
			if ((int)ui_keys[k].act == a)
				n += (size_t)snprintf(keys + n, sizeof(keys) - n,
						      "%s%s", n ? " " : "",
						      ui_keys[k].label);
		if (row >= h) {
			row = 1;
			col++;
		}
		if (w < 60) {
			if (col > 0)
				break;
			ui_frame_textf(f, x + 1, y + row, w - 2, UI_POPUP,
				       "%-10s %s", keys, ui_action_text((enum ui_action)a));
		} else {
			if (col > 1)
				break;
			ui_frame_textf(f, x + 1 + col * colw, y + row, colw - 1,
				       UI_POPUP, "%-9s %s", keys,
				       ui_action_text((enum ui_action)a));
		}
		row++;
	}
}

/* The open quiz: question, numbered choices, the keys that answer. */
static void
draw_quiz(struct ui_frame *f, const struct ui_state *st)
{
	int w = f->w > 78 ? 76 : f->w - 2, x = (f->w - w) / 2;
	int qlen = (int)strlen(st->quiz_question), tw = w - 4;
	int qrows = tw > 0 ? (qlen + tw - 1) / tw : 1;
	int h = 4 + qrows + (int)st->quiz_n, y;

	if (w < 20)
		return;
	if (h > f->h - 2)
		h = f->h - 2;
	y = (f->h - h) / 2;
	if (y < 1)
		y = 1;
	box(f, x, y, w, h);
	ui_frame_text(f, x + 1, y, w - 2, UI_POPUP, "QUIZ - what do you think?");
	for (int i = 0; i < qrows && 1 + i < h; i++)
		ui_frame_text(f, x + 2, y + 1 + i, tw, UI_POPUP,
			      st->quiz_question + i * tw);
	for (unsigned i = 0; i < st->quiz_n && 2 + qrows + (int)i < h; i++)
		ui_frame_textf(f, x + 2, y + 2 + qrows + (int)i, w - 4, UI_POPUP,
			       "%u) %s", i + 1, st->quiz_choice[i]);
	ui_frame_textf(f, x + 1, y + h - 1, w - 2, UI_POPUP,
		       "Press 1-%u to answer, Esc to skip", st->quiz_n);
}

static void
draw_legend(struct ui_frame *f, const struct ui_state *st)
{
	static const char *const lines[] = {
		"Legend (F2 or l closes)",
		"Pageblock colours and letters (migratetypes):",
		"  U Unmovable  M Movable  R Reclaimable  H HighAtomic  C CMA  I Isolate",
		"Map cells, one page or more per cell:",
		"  letter: a pageblock starts here (zoomed out: lower case = mostly free)",
		"  [ . ]  a free block  spanning cells;  . free page",
		"  k kernel  s slab  f page cache  d dirty  a anon  p pinned  r reserved",
		"  * per-CPU list   shades: partly used   M/F compaction scanners",
		"Bitmaps: row o lit where an order-o block is free; 2.4 view: 1 bit",
		"  per buddy pair, set when one buddy of the pair is free",
		"Gauges: free pages; 0 PF_MEMALLOC  a GFP_ATOMIC (3/8 min)",
		"  H __GFP_HIGH (min/2)  m min  l low  h high; ! below low",
		"Free lists: blocks per order x type; unus = unusable index,",
		"  extf = fragmentation index (kernel formulas, /1000)",
		"Highlighted cells changed a moment ago.",
	};
	int n = (int)(sizeof(lines) / sizeof(lines[0]));
	int w = f->w > 78 ? 76 : f->w - 2, x = (f->w - w) / 2;
	int h = n < f->h - 2 ? n : f->h - 2;

	box(f, x, 1, w, h);
	for (int i = 0; i < h; i++)
		ui_frame_text(f, x + 1, 1 + i, w - 2, UI_POPUP, lines[i]);
}

static void
draw_too_small(struct ui_frame *f, const struct ui_state *st)
{
	char msg[200];
	int len, y = f->h / 2 - 1;

	len = snprintf(msg, sizeof(msg), "Terminal %dx%d is too small: "
		       "buddyscope needs %dx%d (%dx%d for every panel). "
		       "Enlarge the window; F10 quits.", f->w, f->h, UI_MIN_W,
		       UI_MIN_H, UI_FULL_W, UI_FULL_H);
	if (y < 0)
		y = 0;
	/* Wrap the message over the rows there are. */
	for (int i = 0; i < len && y < f->h; i += f->w, y++)
		ui_frame_text(f, 0, y, f->w, UI_ERROR, msg + i);
}

void
ui_compose(struct ui_frame *f, const struct ui_state *st,
	   const struct ui_snap *sn, double now)
{
	const struct ui_layout *l = &st->lay;

	if (f->w != l->w || f->h != l->h || f->ascii != st->ascii)
		ui_frame_resize(f, l->w, l->h, st->ascii);
	ui_frame_clear(f, UI_NORMAL);
	f->cursor_visible = false;
	if (l->kind == UI_LAYOUT_TOO_SMALL) {
		draw_too_small(f, st);
		if (l->cmdline.w)
			draw_cmdline(f, st);
		return;
	}
	draw_status(f, st, sn);
	draw_caption(f, st);
	draw_map(f, st, sn, now);
	if (l->kind == UI_LAYOUT_FULL) {
		draw_bitmaps(f, st, sn);
		draw_freelists(f, st, sn, now);
		for (int y = l->map.y; y < l->log.y; y++)
			ui_frame_put(f, l->freelist.x - 1, y,
				     ui_glyphs(f->ascii)->vline, UI_DIM);
	}
	draw_gauges(f, st, sn, now);
	draw_log(f, st, sn);
	draw_caption_more(f, st);
	draw_message(f, st);
	draw_cmdline(f, st);
	draw_matches(f, st);
	if (l->kind == UI_LAYOUT_REDUCED && !st->message[0])
		ui_frame_text(f, 0, l->message.y, l->message.w, UI_DIM,
			      "reduced layout: 80x24 shows every panel");
	if (st->show_help)
		draw_help(f, st);
	else if (st->show_legend)
		draw_legend(f, st);
	else if (st->quiz_active)
		draw_quiz(f, st);
}
