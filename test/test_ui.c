/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ui.c - the screen's frame model without a terminal (Check, TAP):
 * the frame grid and its text, themes and colour reduction, the snapshot
 * of the memory map, the glyphs of map cells, the layout at every size
 * from 1x1 up, what each panel shows at 80x24 and larger, highlights,
 * animation, the compaction scanner hook, the event texts (unknown event
 * types included), the key table and help, and the script player's line
 * kinds.  Machines are built and driven through a session, as the screen
 * does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim.h"
#include "check_main.h"
#include "compose.h"
#include "cast.h"
#include "evtext.h"
#include "export.h"
#include "frame.h"
#include "keys.h"
#include "player.h"
#include "session.h"
#include "session_ui.h"
#include "snap.h"
#include "state.h"
#include "theme.h"

/* ---- helpers ---------------------------------------------------------- */

static struct session *
new_session(const char *preset)
{
	struct session_options o;
	char err[256];
	struct session *s;

	session_options_init(&o);
	o.preset = preset;
	s = session_create(&o, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static void
run(struct session *s, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	char err[512] = "";
	enum exec_status st = session_execute_line(s, line, strlen(line), &out,
						   err, sizeof(err));

	ck_assert_msg(st == EXEC_OK, "%s: %s", line, err);
	strbuf_release(&out);
}

/* A screen state laid out for w x h on the session's machine. */
static void
setup(struct ui_state *st, struct ui_snap *sn, struct session *s, int w,
      int h)
{
	const struct machine *m = session_machine(s);
	unsigned nz = 0, ncells;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		struct zone_info zi;

		if (mm_zone_info(m, z, &zi) && zi.populated)
			nz++;
	}
	ui_layout_compute(&st->lay, w, h, st->presenter, mm_max_order(m), nz);
	ncells = (unsigned)(st->lay.map_cols > 0 ? st->lay.map_cols : 1) *
		 (unsigned)(st->lay.map_rows > 0 ? st->lay.map_rows : 1);
	ui_view_fit(m, ui_default_zone(m), ncells, &st->view);
	ck_assert(ui_snap_take(sn, m, &st->view));
	st->cursor_pfn = sn->zones[st->view.zone].zi.start_pfn;
	st->cur_valid = mm_page_info(m, st->cursor_pfn, &st->cur_pi);
}

static char *
row(const struct ui_frame *f, int y)
{
	static char buf[8192];
	struct strbuf sb = STRBUF_INIT;

	ui_frame_row_text(f, y, &sb);
	snprintf(buf, sizeof(buf), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return buf;
}

static bool
frame_has(const struct ui_frame *f, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	bool r;

	ui_frame_to_text(f, &sb);
	r = strstr(strbuf_str(&sb), text) != NULL;
	strbuf_release(&sb);
	return r;
}

/* ---- frame ---------------------------------------------------------------- */

START_TEST(test_frame_text)
{
	struct ui_frame f = { 0 };
	struct strbuf sb = STRBUF_INIT;

	ck_assert(ui_frame_resize(&f, 10, 2, false));
	ck_assert_int_eq(ui_frame_text(&f, 2, 0, -1, UI_TITLE, "héllo, world"), 8);
	ck_assert_str_eq(row(&f, 0), "  héllo, w");
	ck_assert_int_eq(ui_frame_at(&f, 2, 0)->role, UI_TITLE);
	/* Clipped left of and below the frame. */
	ui_frame_text(&f, 0, 5, -1, UI_NORMAL, "x");
	ui_frame_put(&f, -1, 0, 'x', UI_NORMAL);
	/* Control characters and wide characters become '?'. */
	ui_frame_text(&f, 0, 1, -1, UI_NORMAL, "a\tb\xe4\xb8\xad");
	ck_assert_str_eq(row(&f, 1), "a?b?      ");
	ui_frame_to_text(&f, &sb);
	ck_assert_str_eq(strbuf_str(&sb), "  héllo, w\na?b?\n");
	strbuf_release(&sb);
	/* An ASCII frame stores no code point above 0x7e. */
	ck_assert(ui_frame_resize(&f, 10, 1, true));
	ui_frame_text(&f, 0, 0, -1, UI_NORMAL, "é█·");
	ck_assert_str_eq(row(&f, 0), "???       ");
	ui_frame_free(&f);
}
END_TEST

START_TEST(test_utf8)
{
	uint32_t cp;
	char buf[4];

	ck_assert_uint_eq(ui_utf8_decode("\xe2\x96\x88", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x2588);
	ck_assert_uint_eq(ui_utf8_decode("\xe2\x96", 2, &cp), 1);	/* short */
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(ui_utf8_decode("\xc0\x80", 2, &cp), 2);	/* overlong */
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(ui_utf8_decode("\xff", 1, &cp), 1);
	ck_assert_uint_eq(ui_utf8_encode(0x1f600, buf), 4);
	ck_assert_uint_eq(ui_utf8_decode(buf, 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f600);
}
END_TEST

/* ---- themes ---------------------------------------------------------------- */

START_TEST(test_theme_builtin_and_files)
{
	static const char *const names[] = { "default", "high-contrast", "mono" };
	const char *root = getenv("BS_SOURCE_ROOT");
	char dir[4096], err[256];

	ck_assert_ptr_nonnull(root);
	snprintf(dir, sizeof(dir), "%s/assets/themes", root);
	for (size_t i = 0; i < 3; i++) {
		struct ui_theme a, b;

		ck_assert(ui_theme_builtin(names[i], &a));
		ck_assert_msg(ui_theme_load(dir, names[i], &b, err, sizeof(err)),
			      "%s", err);
		/* The file in assets/themes is the built-in theme. */
		ck_assert_int_eq(a.mono, b.mono);
		for (int r = 0; r < NR_UI_ROLES; r++) {
			ck_assert_msg(a.role[r].fg == b.role[r].fg &&
				      a.role[r].bg == b.role[r].bg &&
				      a.role[r].attr == b.role[r].attr,
				      "%s: role %s differs", names[i],
				      ui_role_name((enum ui_role)r));
		}
	}
	ck_assert(!ui_theme_builtin("nope", &(struct ui_theme){ 0 }));
}
END_TEST

START_TEST(test_theme_parse_errors)
{
	struct ui_theme t;
	char err[128];

	ui_theme_builtin("default", &t);
	ck_assert(ui_theme_parse("# c\nmt-movable 1 2 bold\n", &t, err,
				 sizeof(err)));
	ck_assert_int_eq(t.role[UI_MT_MOVABLE].fg, 1);
	ck_assert_int_eq(t.role[UI_MT_MOVABLE].attr, UI_ATTR_BOLD);
	ck_assert(ui_theme_parse("caption bright-red default\n", &t, err,
				 sizeof(err)));
	ck_assert_int_eq(t.role[UI_CAPTION].fg, 9);
	ck_assert(!ui_theme_parse("\nfoo 1 2\n", &t, err, sizeof(err)));
	ck_assert_str_eq(err, "2: unknown role 'foo'");
	ck_assert(!ui_theme_parse("normal 256 1\n", &t, err, sizeof(err)));
	ck_assert(strstr(err, "1: bad colour") != NULL);
	ck_assert(!ui_theme_parse("normal 1 1 blink\n", &t, err, sizeof(err)));
	ck_assert(strstr(err, "bad attribute") != NULL);
	ck_assert(!ui_theme_parse("normal 1\n", &t, err, sizeof(err)));
	/* On error the theme is unchanged. */
	ck_assert_int_eq(t.role[UI_MT_MOVABLE].fg, 1);
}
END_TEST

START_TEST(test_colour_reduce)
{
	ck_assert_int_eq(ui_colour_reduce(-1, 8), -1);
	ck_assert_int_eq(ui_colour_reduce(5, 8), 5);
	ck_assert_int_eq(ui_colour_reduce(196, 8), 1);		/* red */
	ck_assert_int_eq(ui_colour_reduce(196, 16), 9);		/* bright red */
	ck_assert_int_eq(ui_colour_reduce(52, 8), 1);		/* dark red */
	ck_assert_int_eq(ui_colour_reduce(22, 8), 2);		/* dark green */
	ck_assert_int_eq(ui_colour_reduce(18, 8), 4);		/* dark blue */
	ck_assert_int_eq(ui_colour_reduce(94, 8), 3);		/* brown */
	ck_assert_int_eq(ui_colour_reduce(53, 8), 5);		/* purple */
	ck_assert_int_eq(ui_colour_reduce(236, 8), 0);		/* dark grey */
	ck_assert_int_eq(ui_colour_reduce(252, 8), 7);		/* light grey */
	ck_assert_int_eq(ui_colour_reduce(231, 16), 15);	/* white */
	ck_assert_int_eq(ui_colour_reduce(12, 8), 4);
}
END_TEST

/* ---- snapshot ------------------------------------------------------------ */

START_TEST(test_snap_boot)
{
	struct session *s = new_session("classroom");
	struct ui_view v;
	struct ui_snap sn = { 0 };
	const struct machine *m = session_machine(s);

	/* 256 cells of 1024 pages: one order-10 block each. */
	ui_view_fit(m, ui_default_zone(m), 256, &v);
	ck_assert_uint_eq(v.ppc, 1024);
	ck_assert(ui_snap_take(&sn, m, &v));
	for (unsigned c = 0; c < 256; c++) {
		ck_assert_uint_eq(sn.cells[c].free, 1024);
		ck_assert_uint_eq(sn.cells[c].alloc, 0);
		ck_assert_int_eq(sn.cells[c].mt, MIGRATE_MOVABLE);
		ck_assert_int_eq(sn.cells[c].max_free_order, 10);
		ck_assert_uint_eq(sn.lit[10 * 256 + c], 1);
		ck_assert_uint_eq(sn.lit[9 * 256 + c], 0);
	}
	{
		const struct ui_zone_snap *zs = &sn.zones[v.zone];

		ck_assert_uint_eq(zs->nr_free_mt[10][MIGRATE_MOVABLE], 256);
		ck_assert_int_eq(zs->largest_order, 10);
		ck_assert_uint_eq(zs->nheads[10][MIGRATE_MOVABLE], UI_HEADS);
		ck_assert_uint_eq(zs->heads[10][MIGRATE_MOVABLE][0], 0);
		ck_assert_uint_eq(zs->heads[10][MIGRATE_MOVABLE][1], 0x400);
	}
	ui_snap_free(&sn);
	session_destroy(s);
}
END_TEST

START_TEST(test_snap_split)
{
	struct session *s = new_session("classroom");
	struct ui_view v = { .zone = 0, .start_pfn = 0, .ppc = 1, .ncells = 64 };
	struct ui_snap sn = { 0 };
	const struct machine *m;
	int z;

	run(s, "alloc 3 GFP_KERNEL as x");
	m = session_machine(s);
	z = ui_default_zone(m);
	v.zone = z;
	ck_assert(ui_snap_take(&sn, m, &v));
	/* Pages 0..7 allocated (kernel), 8..15 the free order-3 buddy,
	 * 16..31 order 4, 32..63 order 5: each lit in its row. */
	for (unsigned c = 0; c < 8; c++) {
		ck_assert_uint_eq(sn.cells[c].alloc, 1);
		ck_assert_int_eq(sn.cells[c].owner, OWNER_KERNEL);
	}
	for (unsigned c = 8; c < 16; c++)
		ck_assert_uint_eq(sn.lit[3 * 64 + c], 1);
	for (unsigned c = 16; c < 32; c++)
		ck_assert_uint_eq(sn.lit[4 * 64 + c], 1);
	ck_assert(sn.cells[8].flags & UI_MC_FREE_HEAD);
	ck_assert(sn.cells[15].flags & UI_MC_FREE_TAIL);
	ck_assert(sn.cells[0].flags & UI_MC_PB_START);
	ck_assert_int_eq(sn.cells[0].mt, MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(sn.zones[z].nr_free_mt[3][MIGRATE_UNMOVABLE], 1);
	ck_assert_uint_eq(sn.zones[z].nr_free_mt[3][MIGRATE_UNMOVABLE],
			  mm_nr_free_mt(m, (unsigned)z, 3, MIGRATE_UNMOVABLE));
	ck_assert_str_eq(session_handle_at(s, 0), "x");
	ck_assert_ptr_null(session_handle_at(s, 8));
	/* A walk started inside a block begins at its head. */
	v.start_pfn = 4;
	ck_assert(ui_snap_take(&sn, m, &v));
	ck_assert_uint_eq(sn.cells[0].alloc, 1);
	ck_assert_uint_eq(sn.cells[4].free, 1);
	ui_snap_free(&sn);
	session_destroy(s);
}
END_TEST

START_TEST(test_snap_holes_and_zones)
{
	struct session *s = new_session("x86-64-4g");
	const struct machine *m = session_machine(s);
	struct ui_view v;
	struct ui_snap sn = { 0 };
	uint64_t pages = 0, holes = 0;

	/* Every page of each zone is in exactly one cell. */
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		struct zone_info zi;

		if (!mm_zone_info(m, z, &zi) || !zi.populated)
			continue;
		ui_view_fit(m, (int)z, 300, &v);
		ck_assert(ui_snap_take(&sn, m, &v));
		pages = holes = 0;
		for (unsigned c = 0; c < v.ncells; c++) {
			const struct ui_map_cell *cl = &sn.cells[c];

			pages += cl->free + cl->alloc + cl->pcp + cl->hole;
			holes += cl->hole;
		}
		ck_assert_uint_eq(pages, v.ppc * v.ncells);
		ck_assert_uint_ge(holes, v.ppc * v.ncells - zi.spanned);
	}
	ui_snap_free(&sn);
	session_destroy(s);
}
END_TEST

START_TEST(test_map_glyphs)
{
	const struct ui_glyphs *g = ui_glyphs(false);
	struct ui_map_cell c = { 0 };
	enum ui_role role;

	/* Coarse cells (a pageblock or more): the type's letter, lower
	 * case when mostly free. */
	c.free = 2048;
	c.mt = MIGRATE_MOVABLE;
	ck_assert_uint_eq(ui_map_glyph(&c, 2048, 9, g, &role), 'm');
	ck_assert_int_eq(role, UI_MT_MOVABLE);
	c.free = 0;
	c.alloc = 2048;
	c.mt = MIGRATE_UNMOVABLE;
	ck_assert_uint_eq(ui_map_glyph(&c, 2048, 9, g, &role), 'U');
	ck_assert_int_eq(role, UI_MT_UNMOVABLE);
	/* Fine cells. */
	memset(&c, 0, sizeof(c));
	c.alloc = 1;
	c.owner = OWNER_ANON;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), 'a');
	c.flags = UI_MC_PB_START;
	c.mt = MIGRATE_RECLAIMABLE;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), 'R');
	memset(&c, 0, sizeof(c));
	c.free = 1;
	c.flags = UI_MC_FREE_HEAD;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), '[');
	c.flags = UI_MC_FREE_TAIL;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), ']');
	c.flags = 0;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), g->free_page);
	c.free = 0;
	c.hole = 1;
	ck_assert_uint_eq(ui_map_glyph(&c, 1, 9, g, &role), ' ');
	ck_assert_int_eq(role, UI_HOLE);
	/* Mixed: shaded by the share in use. */
	memset(&c, 0, sizeof(c));
	c.free = 3;
	c.alloc = 1;
	ck_assert_uint_eq(ui_map_glyph(&c, 4, 9, g, &role), g->shade[0]);
	c.free = 0;
	c.alloc = 2;
	c.pcp = 2;
	ck_assert_uint_eq(ui_map_glyph(&c, 4, 9, g, &role), g->shade[3]);
}
END_TEST

/* ---- layout ------------------------------------------------------------------ */

static bool
inside(const struct ui_rect *r, int w, int h)
{
	return r->x >= 0 && r->y >= 0 && r->x + r->w <= w && r->y + r->h <= h;
}

static bool
overlap(const struct ui_rect *a, const struct ui_rect *b)
{
	if (!a->w || !a->h || !b->w || !b->h)
		return false;
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
	       b->y < a->y + a->h;
}

START_TEST(test_layout_sizes)
{
	for (int w = 1; w <= 260; w += 7) {
		for (int h = 1; h <= 90; h += 5) {
			struct ui_layout l;
			const struct ui_rect *rs[9];

			ui_layout_compute(&l, w, h, w % 2, 10, 3);
			rs[0] = &l.status;
			rs[1] = &l.caption;
			rs[2] = &l.map;
			rs[3] = &l.bitmap;
			rs[4] = &l.freelist;
			rs[5] = &l.gauges;
			rs[6] = &l.log;
			rs[7] = &l.message;
			rs[8] = &l.cmdline;
			if (w < UI_MIN_W || h < UI_MIN_H) {
				ck_assert_int_eq(l.kind, UI_LAYOUT_TOO_SMALL);
				continue;
			}
			ck_assert_int_eq(l.kind, w >= 80 && h >= 24 ?
					 UI_LAYOUT_FULL : UI_LAYOUT_REDUCED);
			ck_assert_int_ge(l.map_rows, 1);
			ck_assert_int_ge(l.map_cols, 1);
			for (int i = 0; i < 9; i++) {
				ck_assert_msg(inside(rs[i], w, h), "%dx%d: rect %d "
					      "outside", w, h, i);
				for (int j = i + 1; j < 9; j++)
					ck_assert_msg(!overlap(rs[i], rs[j]),
						      "%dx%d: rects %d and %d overlap",
						      w, h, i, j);
			}
			if (l.kind == UI_LAYOUT_FULL) {
				/* Every order has its row in the bitmaps and
				 * free lists at 80x24 and up. */
				ck_assert_int_ge(l.bitmap.h, 12);
				ck_assert_int_ge(l.freelist.h, 12);
			}
		}
	}
}
END_TEST

/* ---- compose ----------------------------------------------------------------- */

START_TEST(test_compose_80x24)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };
	const char *r;

	ui_state_init(&st);
	st.machine_name = "classroom";
	setup(&st, &sn, s, 80, 24);
	ui_compose(&f, &st, &sn, 0);
	ck_assert_int_eq(f.w, 80);
	ck_assert_int_eq(f.h, 24);
	ck_assert(strstr(row(&f, 0), "buddyscope | classroom | era 6.12 | zone "
			 "Normal 0x0-0x3ffff | 2048 pages/cell"));
	ck_assert(strstr(row(&f, 2), "Memory map: Normal"));
	ck_assert(frame_has(&f, "Per-order bitmaps"));
	ck_assert(frame_has(&f, "Watermarks"));
	ck_assert(frame_has(&f, "Event log"));
	ck_assert(frame_has(&f, "unus  extf"));
	/* The map: 128 cells of 2048 pages, every one a Movable pageblock
	 * group, mostly free. */
	ck_assert(strncmp(row(&f, 3), "mmmmmmmmmm", 10) == 0);
	ck_assert_int_eq(ui_frame_at(&f, 0, 3)->role, UI_CURSOR);
	ck_assert_int_eq(ui_frame_at(&f, 1, 3)->role, UI_MT_MOVABLE);
	/* The inspector. */
	ck_assert(strstr(row(&f, 6), "0x0: 0x0/o10 free Movable pb M"));
	/* Free lists: order 10 has 256 Movable blocks. */
	r = row(&f, 13);
	ck_assert_msg(strstr(r, "10    .  256    .    . 0.000   -"), "%s", r);
	/* The gauge: marks in order 0 a H m l h. */
	{
		const char *g = NULL;
		int pos[6], k = 0;
		const char marks[] = "0aHmlh";

		for (int y = 2; y < 24; y++)
			if (strstr(row(&f, y), "Normal 0")) {
				g = row(&f, y);
				break;
			}
		ck_assert_ptr_nonnull(g);
		g = strstr(g, "Normal 0");
		for (int i = 0; i < 6; i++) {
			const char *p = strchr(g + 7, marks[i]);

			ck_assert_msg(p != NULL, "mark %c missing in '%s'",
				      marks[i], g);
			pos[k++] = (int)(p - g);
		}
		for (int i = 1; i < 6; i++)
			ck_assert_int_lt(pos[i - 1], pos[i]);
	}
	ck_assert(frame_has(&f, "min/low/high 1024/1286/1548"));
	ck_assert(frame_has(&f, "largest o10 4096K"));
	/* The command line: prompt and cursor. */
	ck_assert(strncmp(row(&f, 23), "buddyscope> ", 12) == 0);
	ck_assert(f.cursor_visible);
	ck_assert_int_eq(f.cursor_x, 12);
	ck_assert_int_eq(f.cursor_y, 23);
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_compose_all_sizes)
{
	struct session *s = new_session("x86-64-4g");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };

	ui_state_init(&st);
	run(s, "alloc 2 GFP_KERNEL as a");
	for (int w = 1; w <= 250; w += 31) {
		for (int h = 1; h <= 80; h += 11) {
			for (int p = 0; p < 2; p++) {
				st.presenter = p;
				st.ascii = (w + h) % 2;
				setup(&st, &sn, s, w, h);
				st.show_help = (w % 3) == 0;
				st.show_legend = (w % 3) == 1;
				ui_compose(&f, &st, &sn, 0);
				ck_assert_int_eq(f.w, w);
				ck_assert_int_eq(f.h, h);
				if (st.ascii)
					for (int i = 0; i < w * h; i++)
						ck_assert_uint_lt(f.cells[i].ch, 0x7f);
				for (int i = 0; i < w * h; i++)
					ck_assert_uint_lt(f.cells[i].role,
							  NR_UI_ROLES);
			}
		}
	}
	st.show_help = st.show_legend = false;
	st.presenter = false;
	setup(&st, &sn, s, 40, 12);
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "reduced layout: 80x24 shows every panel"));
	ck_assert(!frame_has(&f, "Per-order"));
	setup(&st, &sn, s, 20, 8);
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "Terminal 20x8 is too"));
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_compose_wide_and_presenter)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };

	ui_state_init(&st);
	setup(&st, &sn, s, 160, 50);
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "list heads"));
	ck_assert(frame_has(&f, "0 400 800 c00"));
	ck_assert(frame_has(&f, "reserve for") || frame_has(&f, "ok"));
	/* Presenter mode: two columns per map cell. */
	st.presenter = true;
	setup(&st, &sn, s, 160, 50);
	ck_assert_int_eq(st.lay.cell_w, 2);
	ck_assert_int_eq(st.lay.map_cols, st.lay.map.w / 2);
	ui_compose(&f, &st, &sn, 0);
	ck_assert_int_eq(ui_frame_at(&f, 0, st.lay.map.y + 1)->role, UI_CURSOR);
	ck_assert_int_eq(ui_frame_at(&f, 1, st.lay.map.y + 1)->role, UI_CURSOR);
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_bitmaps_and_pair_view)
{
	struct session *s = new_session("tiny");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };
	int y3, y2;

	ui_state_init(&st);
	run(s, "alloc 2 GFP_KERNEL as a");
	setup(&st, &sn, s, 80, 24);
	/* tiny: 1024 pages; at 80x24 the map has 3 rows of 44 cells, so
	 * 8 pages per cell.  Block 0x0 o2 allocated; free: 0x4 o2, 0x8 o3,
	 * 0x10 o4 ... */
	ck_assert_uint_eq(sn.view.ppc, 8);
	ui_compose(&f, &st, &sn, 0);
	y3 = st.lay.bitmap.y + 1 + (int)(sn.max_order - 3);
	y2 = st.lay.bitmap.y + 1 + (int)(sn.max_order - 2);
	/* Order 3: the block at 0x8 is cell 1, lit; cell 0 is not. */
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 1, y3)->ch, 0x2588);
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 0, y3)->ch, 0x00b7);
	/* Order 2: one of two order-2 blocks in cell 0 is free. */
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 0, y2)->ch, 0x2592);
	/* The 2.4 map: one bit per pair; pair (0x0, 0x4) of order 2 has
	 * one free buddy, so its bit is set; order 3's pair (0x0, 0x8)
	 * too. */
	st.pair_view = true;
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "one bit per buddy pair"));
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 0, y2)->ch, '1');
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 0, y3)->ch, '1');
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 1, y3)->ch, '1');
	ck_assert_uint_eq(ui_frame_at(&f, 4 + 2, y3)->ch, '0');
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_highlight_animation_scanners)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap old = { 0 }, sn = { 0 };
	struct ui_frame f = { 0 };
	struct mm_event ev = { 0 };
	int y = 0;

	ui_state_init(&st);
	setup(&st, &old, s, 80, 24);
	run(s, "alloc 0 GFP_KERNEL");
	ck_assert(ui_snap_take(&sn, session_machine(s), &st.view));
	ck_assert(ui_state_diff(&st, &old, &sn, 10.0, 1.5));
	ui_compose(&f, &st, &sn, 10.5);
	/* Cell 0 changed (a page allocated, pageblock retyped). */
	y = st.lay.map.y + 1;
	ck_assert(ui_frame_at(&f, 0, y)->flags & UI_CELL_HILITE);
	ck_assert(!(ui_frame_at(&f, 5, y)->flags & UI_CELL_HILITE));
	ck_assert(frame_has(&f, "1"));
	/* ... and is no longer highlighted 1.5 s later. */
	ui_compose(&f, &st, &sn, 12.0);
	ck_assert(!(ui_frame_at(&f, 0, y)->flags & UI_CELL_HILITE));
	/* Animation: the block of the event shown is highlighted and the
	 * log stops at that event. */
	ev.type = EV_SPLIT;
	ev.zone = 0;
	ev.pfn = 0x10000;
	ev.block_order = 10;
	ev.mt = MIGRATE_MOVABLE;
	ui_log_event(&st, &ev);
	ev.pfn = 0x20000;
	ui_log_event(&st, &ev);
	st.anim_active = true;
	st.anim_pos = 0;
	st.anim_end = 2;
	ui_compose(&f, &st, &sn, 20.0);
	{
		long c = ui_view_cell(&sn.view, 0x10000);
		int x = (int)(c % st.lay.map_cols);
		int yy = st.lay.map.y + 1 + (int)(c / st.lay.map_cols);

		ck_assert(ui_frame_at(&f, x, yy)->flags & UI_CELL_HILITE);
	}
	ck_assert(frame_has(&f, "split: upper half 0x10000"));
	ck_assert(!frame_has(&f, "split: upper half 0x20000"));
	st.anim_active = false;
	ui_compose(&f, &st, &sn, 20.0);
	ck_assert(frame_has(&f, "split: upper half 0x20000"));
	/* The compaction hook: two markers. */
	ui_state_set_scanners(&st, true, 0, 0x3f000);
	ui_compose(&f, &st, &sn, 20.0);
	ck_assert_uint_eq(ui_frame_at(&f, 0, y)->ch, 'M');
	ck_assert_int_eq(ui_frame_at(&f, 0, y)->role, UI_SCANNER);
	ck_assert(frame_has(&f, "F"));
	ui_frame_free(&f);
	ui_snap_free(&old);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

/* ---- in-between states of an animation (anim.h) ---- */

static void
tap_to_log(const struct mm_event *ev, void *data)
{
	struct ui_state *st = data;

	ui_log_event(st, ev);
	ui_state_note_activity(st, ev, st->log_total - 1);
}

/* lit count of order o in the cell of pfn, as the bitmaps draw it now */
static uint32_t
lit_at(const struct ui_state *st, const struct ui_snap *sn, unsigned o,
       uint64_t pfn)
{
	long c = ui_view_cell(&sn->view, pfn);

	ck_assert_int_ge(c, 0);
	return ui_anim_lit(st, sn)[(size_t)o * sn->view.ncells + (size_t)c];
}

/* Run a command with the events logged; before/after snapshots. */
static uint64_t
run_logged(struct session *s, struct ui_state *st, struct ui_snap *before,
	   struct ui_snap *after, const char *line)
{
	uint64_t first = st->log_total;

	st->cmd_first = first;
	ui_state_clear_activity(st);
	ck_assert(ui_snap_take(before, session_machine(s), &st->view));
	session_set_event_tap(s, tap_to_log, st);
	run(s, line);
	session_set_event_tap(s, NULL, NULL);
	ck_assert(ui_snap_take(after, session_machine(s), &st->view));
	return first;
}

/* Index of the k-th (0-based) event of a type in log[first..end). */
static uint64_t
find_event(const struct ui_state *st, uint64_t first, enum mm_event_type t,
	   unsigned k)
{
	for (uint64_t i = first; i < st->log_total; i++) {
		const struct ui_log_entry *e = ui_log_get(st, i);

		if (e && e->kind == UI_LOG_EVENT && e->ev.type == t && k-- == 0)
			return i;
	}
	ck_abort_msg("event %d #%u not logged", (int)t, k);
	return 0;
}

START_TEST(test_inbetween_states)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap before = { 0 }, after = { 0 };
	uint64_t first, i;
	unsigned animated = 0, cmds = 0;

	ui_state_init(&st);
	setup(&st, &before, s, 120, 40);
	/* 512 pages a cell: an order-9 block fills one, order 10 two */
	ck_assert_uint_eq(before.view.ppc, 512);

	/* alloc_pages order 0 on a fresh machine: __rmqueue_claim takes the
	 * order-10 block at 0x0, expand() leaves halves of orders 9..0 at
	 * 0x200, 0x100, ..., 0x1 (hand-computed: upper half of each split) */
	first = run_logged(s, &st, &before, &after, "alloc 0 GFP_KERNEL as a");
	ck_assert(ui_anim_prepare(&st, &before, &after, first, st.log_total));
	ck_assert(st.anim.lit_ok);
	ck_assert(st.anim.map_ok);
	st.anim_active = true;
	/* the pageblock at 0x0 is claimed: Movable until the retype */
	ui_anim_advance(&st, &after.view, after.max_order, first);
	ck_assert_uint_eq(ui_anim_cell_mt(&st, &after, 0), MIGRATE_MOVABLE);
	i = find_event(&st, first, EV_PAGEBLOCK_RETYPE, 0);
	ui_anim_advance(&st, &after.view, after.max_order, i);
	ck_assert_uint_eq(ui_anim_cell_mt(&st, &after, 0), MIGRATE_UNMOVABLE);
	i = find_event(&st, first, EV_SPLIT, 0);
	ui_anim_advance(&st, &after.view, after.max_order, i);
	/* the block left its list before its first half appeared */
	ck_assert_uint_eq(lit_at(&st, &after, 10, 0x0), 0);
	ck_assert_uint_eq(lit_at(&st, &after, 9, 0x200), 1);
	ck_assert_uint_eq(lit_at(&st, &after, 8, 0x100), 0);
	ck_assert_uint_eq(ui_anim_nr_free(&st, &after, 10, MIGRATE_MOVABLE), 255);
	/* the next split: order 8 at 0x100 */
	i = find_event(&st, first, EV_SPLIT, 1);
	ui_anim_advance(&st, &after.view, after.max_order, i);
	ck_assert_uint_eq(lit_at(&st, &after, 8, 0x100), 1);
	ck_assert_uint_eq(lit_at(&st, &after, 7, 0x80), 0);
	/* at the end, the snapshot after the command */
	ui_anim_advance(&st, &after.view, after.max_order, st.log_total - 1);
	ck_assert_mem_eq(ui_anim_lit(&st, &after), after.lit,
			 (after.max_order + 1) * after.view.ncells * sizeof(uint32_t));
	for (unsigned o = 0; o <= after.max_order; o++)
		ck_assert_uint_eq(ui_anim_nr_free(&st, &after, o, MIGRATE_UNMOVABLE),
				  after.zones[after.view.zone].nr_free_mt[o][MIGRATE_UNMOVABLE]);
	st.anim_active = false;

	/* __free_pages merges with each buddy in turn: after the first
	 * merge the order-0 buddy at 0x1 is off its list, the order-9 one
	 * still on */
	first = run_logged(s, &st, &before, &after, "free a");
	ck_assert(ui_anim_prepare(&st, &before, &after, first, st.log_total));
	st.anim_active = true;
	i = find_event(&st, first, EV_MERGE, 0);
	ui_anim_advance(&st, &after.view, after.max_order, i);
	ck_assert_uint_eq(ui_anim_nr_free(&st, &after, 0, MIGRATE_UNMOVABLE), 0);
	ck_assert_uint_eq(ui_anim_nr_free(&st, &after, 9, MIGRATE_UNMOVABLE), 1);
	ck_assert_uint_eq(lit_at(&st, &after, 10, 0x0), 0);
	ui_anim_advance(&st, &after.view, after.max_order, st.log_total - 1);
	ck_assert_uint_eq(lit_at(&st, &after, 10, 0x0), 1);
	st.anim_active = false;

	/* Many ordinary commands: most are shown with in-between states,
	 * and whenever they are, the last one is the real end state. */
	for (unsigned k = 0; k < 120; k++) {
		char line[64];

		if (k % 3 == 2)
			snprintf(line, sizeof(line), "free h%u", k - 1);
		else
			snprintf(line, sizeof(line), "alloc %u %s as h%u", k % 5,
				 k % 2 ? "GFP_KERNEL" : "GFP_HIGHUSER_MOVABLE", k);
		first = run_logged(s, &st, &before, &after, line);
		cmds++;
		if (!ui_anim_prepare(&st, &before, &after, first, st.log_total))
			continue;
		animated++;
		st.anim_active = true;
		ui_anim_advance(&st, &after.view, after.max_order, st.log_total - 1);
		if (st.anim.lit_ok)
			ck_assert_mem_eq(ui_anim_lit(&st, &after), after.lit,
					 (after.max_order + 1) * after.view.ncells *
					 sizeof(uint32_t));
		st.anim_active = false;
	}
	ck_assert_msg(animated * 10 >= cmds * 9, "%u of %u commands animated",
		      animated, cmds);
	ui_snap_free(&before);
	ui_snap_free(&after);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

/* The gauges say what the last command put a zone through: direct
 * reclaim, an OOM kill; and, while animating, only as of the event shown. */
START_TEST(test_zone_activity)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap before = { 0 }, after = { 0 };
	struct ui_frame f = { 0 };
	uint64_t first;

	ui_state_init(&st);
	run(s, "machine custom Normal=1024 pageblock_order=7");
	run(s, "daemons manual");
	setup(&st, &before, s, 120, 40);
	run(s, "alloc 4 GFP_HIGHUSER_MOVABLE owner=pagecache count=48 as pc");
	run(s, "alloc 4 GFP_HIGHUSER_MOVABLE task=db count=12 as db");
	/* 64 pages free or so (min 64): 100 GFP_KERNEL pages need direct
	 * reclaim of the page cache (kswapd is not run: daemons manual) */
	first = run_logged(s, &st, &before, &after,
			   "alloc 0 GFP_KERNEL count=100 as k");
	st.cmd_first = first;
	ui_compose(&f, &st, &after, 1.0);
	ck_assert_msg(frame_has(&f, "direct reclaim: "), "%s",
		      row(&f, st.lay.gauges.y + 3));
	/* while the animation shows the first event, not yet */
	st.anim_active = true;
	st.anim_pos = first;
	ui_compose(&f, &st, &after, 1.0);
	ck_assert(!frame_has(&f, "direct reclaim: "));
	st.anim_active = false;
	/* no page cache left and no swap: the OOM killer takes db */
	run(s, "sysctl vm.drop_caches=1");
	first = run_logged(s, &st, &before, &after,
			   "alloc 0 GFP_KERNEL count=900 as k2");
	st.cmd_first = first;
	ui_compose(&f, &st, &after, 2.0);
	ck_assert_msg(frame_has(&f, "OOM: a task killed"), "%s",
		      row(&f, st.lay.gauges.y + 3));
	/* the next command starts afresh */
	first = run_logged(s, &st, &before, &after, "free k.1");
	st.cmd_first = first;
	ui_compose(&f, &st, &after, 3.0);
	ck_assert(!frame_has(&f, "OOM: a task killed"));
	ui_frame_free(&f);
	ui_snap_free(&before);
	ui_snap_free(&after);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

static bool
has_scanner(struct ui_frame *f, const struct ui_state *st)
{
	for (int y = st->lay.map.y; y < st->lay.map.y + st->lay.map.h; y++)
		for (int x = st->lay.map.x; x < st->lay.map.x + st->lay.map.w; x++)
			if (ui_frame_at(f, x, y)->role == UI_SCANNER)
				return true;
	return false;
}

/* The glyph at the map cell of the migrate scanner of log entry i. */
static uint32_t
scanner_at(struct ui_frame *f, const struct ui_state *st,
	   const struct ui_snap *sn, uint64_t i)
{
	const struct ui_log_entry *e = ui_log_get(st, i);
	long c = ui_view_cell(&sn->view, e->ev.scan_pfn);

	const struct ui_cell *cell;

	ck_assert_int_ge(c, 0);
	cell = ui_frame_at(f, st->lay.map.x + (int)(c % st->lay.map_cols) *
			   st->lay.cell_w,
			   st->lay.map.y + 1 + (int)(c / st->lay.map_cols));
	/* 'M' is also the letter of a Movable pageblock: the role tells */
	return cell->role == UI_SCANNER ? cell->ch : 0;
}

/* The compaction scanners move with the animation: M and F where the
 * event shown left them, gone after mm_compaction_end. */
START_TEST(test_scanners_animated)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap before = { 0 }, after = { 0 };
	struct ui_frame f = { 0 };
	uint64_t first, b0, b1;
	char line[32];

	ui_state_init(&st);
	run(s, "machine custom Normal=1024 pageblock_order=7");
	run(s, "daemons manual");
	setup(&st, &before, s, 120, 40);
	run(s, "alloc 5 GFP_HIGHUSER_MOVABLE ctx=memalloc count=32 as u");
	for (unsigned k = 2; k <= 32; k += 2) {
		snprintf(line, sizeof(line), "free u.%u", k);
		run(s, line);
	}
	first = run_logged(s, &st, &before, &after, "compact");
	b0 = find_event(&st, first, EV_COMPACT_BEGIN, 0);
	b1 = b0;
	for (uint64_t i = b0; i < st.log_total; i++) {
		const struct ui_log_entry *e = ui_log_get(&st, i);

		if (e && e->kind == UI_LOG_EVENT && e->ev.type == EV_COMPACT_BATCH)
			b1 = i;		/* the last batch */
	}
	ck_assert_uint_gt(b1, b0);
	st.anim_active = true;
	st.anim_end = st.log_total;
	st.anim_pos = b0;
	ui_compose(&f, &st, &after, 1.0);
	ck_assert_uint_eq(scanner_at(&f, &st, &after, b0), 'M');
	st.anim_pos = b1;
	ui_compose(&f, &st, &after, 1.0);
	ck_assert_uint_eq(scanner_at(&f, &st, &after, b1), 'M');
	/* the migrate scanner moved on: not where it began */
	ck_assert_uint_ne(scanner_at(&f, &st, &after, b0), 'M');
	st.anim_pos = st.log_total - 1;	/* after mm_compaction_end */
	ui_compose(&f, &st, &after, 1.0);
	ck_assert(!has_scanner(&f, &st));
	ui_frame_free(&f);
	ui_snap_free(&before);
	ui_snap_free(&after);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_log_and_cmdline)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };
	static char *matches[] = { "GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE" };

	ui_state_init(&st);
	setup(&st, &sn, s, 80, 24);
	ui_log_text(&st, UI_LOG_OUTPUT, "one\ntwo\nthree\n");
	ck_assert_uint_eq(st.log_total, 3);
	for (int i = 0; i < UI_LOG_SIZE + 10; i++)
		ui_log_text(&st, UI_LOG_INFO, "x");
	ck_assert_ptr_null(ui_log_get(&st, 0));
	ck_assert_ptr_nonnull(ui_log_get(&st, st.log_total - 1));
	ui_log_text(&st, UI_LOG_CAPTION, "A caption");
	ui_log_text(&st, UI_LOG_ERROR, "error: bad");
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "# A caption"));
	ck_assert(frame_has(&f, "error: bad"));
	/* A caption at the top. */
	snprintf(st.caption, sizeof(st.caption), "Splitting a block");
	ui_compose(&f, &st, &sn, 0);
	ck_assert(strstr(row(&f, 1), "Splitting a block"));
	ck_assert_int_eq(ui_frame_at(&f, 1, 1)->role, UI_CAPTION);
	/* A long line scrolls so the cursor stays visible; UTF-8 counts
	 * one column per character. */
	st.line = strdup("say ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé");
	st.point = (int)strlen(st.line);
	ui_compose(&f, &st, &sn, 0);
	ck_assert_int_eq(f.cursor_x, 78);
	ck_assert_uint_eq(ui_frame_at(&f, 77, 23)->ch, 0xe9);
	free(st.line);
	st.line = strdup("é");
	st.point = 2;
	ui_compose(&f, &st, &sn, 0);
	ck_assert_int_eq(f.cursor_x, 13);
	/* Completion matches in a box above the command line. */
	st.matches = matches;
	st.nmatches = 2;
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "GFP_HIGHUSER_MOVABLE"));
	ck_assert(strstr(row(&f, 22), "2 matches"));
	st.matches = NULL;
	st.nmatches = 0;
	/* Trace lines on demand. */
	{
		struct mm_event ev = { .type = EV_FREE, .zone = 2, .pfn = 0x40,
				       .order = 0, .buddy_pfn = PFN_NONE };

		ui_log_event(&st, &ev);
		st.show_trace = true;
		ui_compose(&f, &st, &sn, 0);
		ck_assert(frame_has(&f, "__free_pages: free order 0 at 0x40"));
		ck_assert(frame_has(&f, "trace: mm_page_free: page="));
	}
	/* View mode hides the cursor and says which keys work. */
	st.view_mode = true;
	ui_compose(&f, &st, &sn, 0);
	ck_assert(!f.cursor_visible);
	ck_assert(strstr(row(&f, 23), "-- view keys"));
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

/* ---- events, keys, player --------------------------------------------------------- */

START_TEST(test_event_texts)
{
	struct session *s = new_session("classroom");
	const struct machine *m = session_machine(s);
	char buf[512];

	for (int t = 0; t < NR_MM_EVENTS + 3; t++) {
		struct mm_event ev = { 0 };

		ev.type = (enum mm_event_type)t;
		ev.zone = ui_default_zone(m);
		ev.pfn = 0x1000;
		ev.buddy_pfn = PFN_NONE;
		ck_assert_int_gt(ui_event_text(m, &ev, buf, sizeof(buf)), 0);
		ck_assert_ptr_nonnull(ui_event_function(ev.type));
		if (t >= NR_MM_EVENTS) {
			/* An event type this screen does not know yet. */
			char want[64];

			snprintf(want, sizeof(want), "event %d: zone Normal", t);
			ck_assert_msg(strstr(buf, want), "%s", buf);
			ck_assert_str_eq(ui_event_function(ev.type), "mm");
		} else {
			ck_assert_str_ne(ui_event_function(ev.type), "mm");
		}
	}
	{
		struct mm_event ev = { .type = EV_WMARK_CHECK,
				       .zone = ui_default_zone(m),
				       .wmark = ALLOC_WMARK_LOW, .mark = 1286,
				       .free = 1000, .min = 1286, .ok = false };

		ui_event_text(m, &ev, buf, sizeof(buf));
		ck_assert_str_eq(buf, "Normal: low mark 1286: free 1000 - unusable 0 "
				 "<= min 1286 + reserve 0: FAILS");
	}
	session_destroy(s);
}
END_TEST

START_TEST(test_keys_and_help)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };

	/* Every action has a key and a text, and the help lists them all
	 * at 80x24. */
	ui_state_init(&st);
	setup(&st, &sn, s, 80, 24);
	st.show_help = true;
	ui_compose(&f, &st, &sn, 0);
	for (int a = 1; a < NR_UI_ACTIONS; a++) {
		bool bound = false;

		for (size_t k = 0; k < ui_keys_len; k++)
			if ((int)ui_keys[k].act == a)
				bound = true;
		ck_assert_msg(bound, "action %d has no key", a);
		ck_assert_str_ne(ui_action_text((enum ui_action)a), "");
		ck_assert_msg(frame_has(&f, ui_action_text((enum ui_action)a)),
			      "help lacks '%s'", ui_action_text((enum ui_action)a));
	}
	/* Letters act only in view mode; F-keys in both. */
	ck_assert_int_eq(ui_key_action('q', false), UI_ACT_NONE);
	ck_assert_int_eq(ui_key_action('q', true), UI_ACT_QUIT);
	ck_assert_int_eq(ui_key_action(27, false), UI_ACT_VIEW_MODE);
	/* The legend names every migratetype letter. */
	st.show_help = false;
	st.show_legend = true;
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "U Unmovable  M Movable  R Reclaimable  H "
			    "HighAtomic  C CMA  I Isolate"));
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

START_TEST(test_player_lines)
{
	struct ui_player p;
	char err[256], path[4096];
	const char *root = getenv("BS_SOURCE_ROOT");
	double secs = 0;

	ck_assert_int_eq(ui_line_kind("", &secs), UI_LINE_BLANK);
	ck_assert_int_eq(ui_line_kind("  # note", &secs), UI_LINE_BLANK);
	ck_assert_int_eq(ui_line_kind("say hello", &secs), UI_LINE_SAY);
	ck_assert_int_eq(ui_line_kind("sayx", &secs), UI_LINE_COMMAND);
	ck_assert_int_eq(ui_line_kind("pause", &secs), UI_LINE_PAUSE);
	ck_assert(secs < 0);
	ck_assert_int_eq(ui_line_kind("pause 2.5", &secs), UI_LINE_PAUSE);
	ck_assert(secs == 2.5);
	ck_assert_int_eq(ui_line_kind("alloc 0", &secs), UI_LINE_COMMAND);
	snprintf(path, sizeof(path), "%s/assets/demos/intro.bs", root);
	ck_assert_msg(ui_player_load(&p, path, err, sizeof(err)), "%s", err);
	ck_assert_str_eq(p.name, "intro.bs");
	ck_assert_uint_gt(p.n, 10);
	ck_assert_str_eq(p.lines[3], "machine classroom");
	ui_player_free(&p);
	ck_assert(!ui_player_load(&p, "/nonexistent/x.bs", err, sizeof(err)));
	ck_assert(strstr(err, "cannot open /nonexistent/x.bs"));
}
END_TEST


/* Screenshots and casts escape what they write: markup characters in
 * SVG and HTML, control characters and quotes in the cast's JSON. */
START_TEST(test_picture_and_cast_escaping)
{
	struct ui_frame f;
	struct ui_theme t;
	struct strbuf sb = STRBUF_INIT;

	memset(&f, 0, sizeof(f));
	ck_assert(ui_theme_builtin("default", &t));
	ck_assert(ui_frame_resize(&f, 20, 2, false));
	ui_frame_clear(&f, UI_NORMAL);
	ui_frame_text(&f, 0, 0, 20, UI_ERROR, "<a & \"b\"> \xc3\xa9");
	ui_frame_text(&f, 0, 1, 20, UI_MT_MOVABLE, "]]> 'q'");
	ui_frame_svg(&f, &t, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "&lt;a &amp; &quot;b&quot;&gt; \xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "]]&gt; &#39;q&#39;"));
	ck_assert_ptr_null(strstr(sb.buf, "<a &"));
	strbuf_reset(&sb);
	ui_frame_html(&f, &t, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "&lt;a &amp; &quot;b&quot;&gt; \xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "color:#"));
	strbuf_reset(&sb);
	ui_json_string(&sb, "\x1b[1m\"q\"\\\n\x01", 10);
	ck_assert_str_eq(sb.buf, "\"\\u001b[1m\\\"q\\\"\\\\\\n\\u0001\"");
	/* a diff after a one-cell change: one move, the cell, nothing else */
	{
		struct ui_frame g;
		const char *p;

		memset(&g, 0, sizeof(g));
		ck_assert(ui_frame_resize(&g, 20, 2, false));
		memcpy(g.cells, f.cells, sizeof(*f.cells) * 40);
		ui_frame_put(&g, 5, 1, 'Z', UI_MT_MOVABLE);
		strbuf_reset(&sb);
		ui_cast_encode(&f, &g, &t, 256, &sb);
		ck_assert_ptr_nonnull((p = strstr(sb.buf, "\x1b[2;6H")));
		ck_assert_ptr_nonnull(strchr(p, 'Z'));
		ck_assert_ptr_null(strstr(sb.buf, "]]>"));
		ck_assert_ptr_null(strstr(sb.buf, "\x1b[2J"));
		ui_frame_free(&g);
	}
	strbuf_release(&sb);
	ui_frame_free(&f);
}
END_TEST

/* Issue 7: bookmarks of the player (pure), the step counter and marks in
 * the status bar, and the quiz box drawn from the state. */
START_TEST(test_player_bookmarks)
{
	struct ui_player p;
	char err[256], path[4096];
	const char *root = getenv("BS_SOURCE_ROOT");
	unsigned to = 99;
	double secs;

	ck_assert_int_eq(ui_line_kind("answer 2 \"why\"", &secs), UI_LINE_SAY);
	ck_assert_int_eq(ui_line_kind("answers", &secs), UI_LINE_COMMAND);
	snprintf(path, sizeof(path), "%s/assets/lessons/buddy-split.bs", root);
	ck_assert_msg(ui_player_load(&p, path, err, sizeof(err)), "%s", err);
	ck_assert(!ui_player_next_mark(&p, 0, 1, &to));
	ck_assert(ui_player_toggle_mark(&p, 12));
	ck_assert(ui_player_toggle_mark(&p, 3));
	ck_assert(ui_player_toggle_mark(&p, 30));
	ck_assert_uint_eq(p.nmarks, 3);
	ck_assert(ui_player_is_marked(&p, 12));
	ck_assert(!ui_player_is_marked(&p, 13));
	ck_assert(ui_player_next_mark(&p, 3, 1, &to));
	ck_assert_uint_eq(to, 12);
	ck_assert(ui_player_next_mark(&p, 12, -1, &to));
	ck_assert_uint_eq(to, 3);
	ck_assert(ui_player_next_mark(&p, 0, 1, &to));
	ck_assert_uint_eq(to, 3);
	ck_assert(!ui_player_next_mark(&p, 30, 1, &to));
	ck_assert(!ui_player_next_mark(&p, 3, -1, &to));
	/* Toggling again clears it. */
	ck_assert(!ui_player_toggle_mark(&p, 12));
	ck_assert(ui_player_next_mark(&p, 3, 1, &to));
	ck_assert_uint_eq(to, 30);
	ui_player_free(&p);
}
END_TEST

/* A plain kmem trace given to the player becomes one tracepoint step per
 * event; played through it ends where replay ends (test/golden/replay). */
START_TEST(test_player_trace)
{
	struct session *s = new_session("small");
	struct ui_player p;
	char err[512], path[4096], line[4200];
	const char *root = getenv("BS_SOURCE_ROOT");
	unsigned steps = 0;

	snprintf(line, sizeof(line), "import %s/test/data/import/full", root);
	run(s, line);
	snprintf(path, sizeof(path), "%s/test/data/trace/ftrace.txt", root);
	ck_assert_msg(ui_player_load(&p, path, err, sizeof(err)), "%s", err);
	ck_assert(p.trace);
	/* one step per event: replay "FILE" from=K count=1 */
	snprintf(line, sizeof(line), "replay \"%s\" from=1 count=1", path);
	ck_assert_str_eq(p.lines[0], line);
	for (unsigned i = 0; i < p.n; i++) {
		double secs;

		if (ui_line_kind(p.lines[i], &secs) == UI_LINE_COMMAND)
			steps++;
		run(s, p.lines[i]);
	}
	ck_assert_uint_gt(steps, 5);
	run(s, "expect nr_free DMA 2 == 0");
	run(s, "expect nr_free Normal 10 == 6");
	run(s, "expect pageblocks Normal Unmovable == 2");
	ui_player_free(&p);
	/* A script is not a trace; a packed trace steps the same events. */
	snprintf(path, sizeof(path), "%s/assets/lessons/tour.bs", root);
	ck_assert_msg(ui_player_load(&p, path, err, sizeof(err)), "%s", err);
	ck_assert(!p.trace);
	ui_player_free(&p);
	snprintf(path, sizeof(path), "%s/test/data/trace/ftrace.txt.xz", root);
	ck_assert_msg(ui_player_load(&p, path, err, sizeof(err)), "%s", err);
	ck_assert(p.trace);
	ck_assert_uint_eq(p.n, steps);
	ui_player_free(&p);
	session_destroy(s);
}
END_TEST

START_TEST(test_quiz_box_and_step_counter)
{
	struct session *s = new_session("classroom");
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };

	ui_state_init(&st);
	st.machine_name = "classroom";
	setup(&st, &sn, s, 160, 40);
	st.play_active = true;
	snprintf(st.play_name, sizeof(st.play_name), "gfp-atomic.bs");
	st.play_step = 7;
	st.play_total = 52;
	st.playing = true;
	st.play_marks = 2;
	st.play_marked = true;
	snprintf(st.caption, sizeof(st.caption), "GFP_ATOMIC may go below min.");
	ui_compose(&f, &st, &sn, 0);
	ck_assert_msg(strstr(row(&f, 0), "playing gfp-atomic.bs step 7/52 x1 "
			     "*2 marks"), "%s", row(&f, 0));
	ck_assert(strstr(row(&f, 1), "GFP_ATOMIC may go below min."));
	ck_assert(!frame_has(&f, "QUIZ"));
	st.quiz_active = true;
	st.quiz_n = 2;
	snprintf(st.quiz_question, sizeof(st.quiz_question),
		 "Will a GFP_ATOMIC order-2 allocation succeed?");
	snprintf(st.quiz_choice[0], sizeof(st.quiz_choice[0]), "yes");
	snprintf(st.quiz_choice[1], sizeof(st.quiz_choice[1]), "no");
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "QUIZ - what do you think?"));
	ck_assert(frame_has(&f, "Will a GFP_ATOMIC order-2 allocation succeed?"));
	ck_assert(frame_has(&f, "1) yes"));
	ck_assert(frame_has(&f, "2) no"));
	ck_assert(frame_has(&f, "Press 1-2 to answer, Esc to skip"));
	/* The help box covers it while open; the quiz comes back after. */
	st.show_help = true;
	ui_compose(&f, &st, &sn, 0);
	ck_assert(!frame_has(&f, "QUIZ - what"));
	ck_assert(frame_has(&f, "script: bookmark on/off"));
	/* A long question wraps inside the box at 80 columns. */
	st.show_help = false;
	setup(&st, &sn, s, 80, 24);
	snprintf(st.quiz_question, sizeof(st.quiz_question), "%s",
		 "alloc_pages(GFP_KERNEL, 0) asks for one page. Which orders have "
		 "a free block afterwards? Think of expand().");
	ui_compose(&f, &st, &sn, 0);
	ck_assert(frame_has(&f, "alloc_pages(GFP_KERNEL, 0) asks for one page."));
	ck_assert(frame_has(&f, "Think of expand()."));
	/* A long caption wraps over the rows under it, at word breaks. */
	st.quiz_active = false;
	snprintf(st.caption, sizeof(st.caption), "%s",
		 "The buddy of the order-N block at pfn P is at P ^ (1 << N): for "
		 "order 0, pfns 2 and 3 are buddies; pfns 1 and 2 are neighbours "
		 "but not buddies.");
	ui_compose(&f, &st, &sn, 0);
	ck_assert_msg(strstr(row(&f, 1), "The buddy of the order-N block") &&
		      strstr(row(&f, 2), "but not buddies."), "%s|%s",
		      row(&f, 1), row(&f, 2));
	ck_assert(!strstr(row(&f, 1), "but not"));
	/* The step counter stays visible at 80 columns. */
	ck_assert_msg(strstr(row(&f, 0), "step 7/52"), "%s", row(&f, 0));
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
}
END_TEST

static Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("frame");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_frame_text);
	tcase_add_test(tc, test_picture_and_cast_escaping);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_theme_builtin_and_files);
	tcase_add_test(tc, test_theme_parse_errors);
	tcase_add_test(tc, test_colour_reduce);
	tcase_add_test(tc, test_snap_boot);
	tcase_add_test(tc, test_snap_split);
	tcase_add_test(tc, test_snap_holes_and_zones);
	tcase_add_test(tc, test_map_glyphs);
	tcase_add_test(tc, test_layout_sizes);
	tcase_add_test(tc, test_compose_80x24);
	tcase_add_test(tc, test_compose_all_sizes);
	tcase_add_test(tc, test_compose_wide_and_presenter);
	tcase_add_test(tc, test_bitmaps_and_pair_view);
	tcase_add_test(tc, test_highlight_animation_scanners);
	tcase_add_test(tc, test_inbetween_states);
	tcase_add_test(tc, test_zone_activity);
	tcase_add_test(tc, test_scanners_animated);
	tcase_add_test(tc, test_log_and_cmdline);
	tcase_add_test(tc, test_event_texts);
	tcase_add_test(tc, test_keys_and_help);
	tcase_add_test(tc, test_player_lines);
	tcase_add_test(tc, test_player_bookmarks);
	tcase_add_test(tc, test_player_trace);
	tcase_add_test(tc, test_quiz_box_and_step_counter);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(ui_suite());
}
