/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ui_curses.c - the curses layer (ui/screen.c) on a screen without a
 * terminal: newterm("xterm-256color") writing to /dev/null.  A frame
 * composed from a real machine is blitted and read back from curses'
 * own screen: the text of every row, the colour pair of each role, the
 * highlight, mono themes without colours, a resize, the key codes of
 * keycodes.h against <curses.h>, and TERM=dumb refused with a message.
 * Prints TAP.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "keycodes.h"
#include "screen.h"
#include "session.h"
#include "snap.h"
#include "state.h"
#include "theme.h"

static int tests, failed;

static void ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void
compose_for(struct ui_state *st, struct ui_snap *sn, struct ui_frame *f,
	    const struct machine *m, int w, int h)
{
	unsigned ncells;

	ui_layout_compute(&st->lay, w, h, false, mm_max_order(m), 1);
	ncells = (unsigned)(st->lay.map_cols > 0 ? st->lay.map_cols : 1) *
		 (unsigned)(st->lay.map_rows > 0 ? st->lay.map_rows : 1);
	ui_view_fit(m, ui_default_zone(m), ncells, &st->view);
	ui_snap_take(sn, m, &st->view);
	st->cursor_pfn = sn->zones[st->view.zone].zi.start_pfn;
	st->cur_valid = mm_page_info(m, st->cursor_pfn, &st->cur_pi);
	ui_compose(f, st, sn, 0);
}

/* Every row of curses' screen equals the frame's row. */
static bool
rows_match(const struct ui_frame *f)
{
	for (int y = 0; y < f->h; y++) {
		char got[4096];
		struct strbuf sb = STRBUF_INIT;
		bool same;

		ui_screen_row(y, got, sizeof(got));
		ui_frame_row_text(f, y, &sb);
		same = strcmp(got, strbuf_str(&sb)) == 0;
		if (!same)
			printf("# row %d:\n#  got  '%s'\n#  want '%s'\n", y, got,
			       strbuf_str(&sb));
		strbuf_release(&sb);
		if (!same)
			return false;
	}
	return true;
}

int
main(void)
{
	struct ui_screen_caps caps;
	struct session_options o;
	struct session *s;
	struct ui_state st;
	struct ui_snap sn = { 0 };
	struct ui_frame f = { 0 };
	struct ui_theme theme;
	char err[256];
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	bool bold, rev;
	int pair;

	setlocale(LC_CTYPE, "C.UTF-8");
	/* Key codes ui/ uses by value. */
	ok(UI_KEY_DOWN == KEY_DOWN && UI_KEY_UP == KEY_UP &&
	   UI_KEY_LEFT == KEY_LEFT && UI_KEY_RIGHT == KEY_RIGHT &&
	   UI_KEY_HOME == KEY_HOME && UI_KEY_END == KEY_END &&
	   UI_KEY_BACKSPACE == KEY_BACKSPACE && UI_KEY_F(1) == KEY_F(1) &&
	   UI_KEY_DC == KEY_DC && UI_KEY_NPAGE == KEY_NPAGE &&
	   UI_KEY_PPAGE == KEY_PPAGE && UI_KEY_ENTER == KEY_ENTER &&
	   UI_KEY_BTAB == KEY_BTAB && UI_KEY_RESIZE == KEY_RESIZE &&
	   UI_KEY_IC == KEY_IC, "keycodes.h agrees with <curses.h>");

	ok(!ui_screen_open("dumb", out, in, &caps, err, sizeof(err)) &&
	   strstr(err, "TERM is dumb"), "TERM=dumb is refused: %s", err);
	ok(!ui_screen_open("no-such-terminal-xyz", out, in, &caps, err,
			   sizeof(err)) && strstr(err, "no-such-terminal-xyz"),
	   "an unknown terminal type is refused: %s", err);

	if (!ui_screen_open("xterm-256color", out, in, &caps, err, sizeof(err))) {
		ok(false, "newterm on /dev/null: %s", err);
		printf("1..%d\n", tests);
		return 1;
	}
	ok(caps.colors == 256, "xterm-256color has 256 colours");
	ok(caps.utf8, "the C.UTF-8 locale is UTF-8");
	ui_screen_resize(80, 24);
	ui_theme_builtin("default", &theme);
	ui_screen_set_theme(&theme);

	session_options_init(&o);
	s = session_create(&o, err, sizeof(err));
	ui_state_init(&st);
	compose_for(&st, &sn, &f, session_machine(s), 80, 24);
	ui_screen_blit(&f);
	ok(rows_match(&f), "80x24: curses holds exactly the frame's text");
	pair = ui_screen_cell_pair(1, 3, &bold, &rev);
	ok(pair == UI_MT_MOVABLE + 1, "a Movable map cell has the Movable "
	   "pair (%d)", pair);
	pair = ui_screen_cell_pair(0, 3, &bold, &rev);
	ok(pair == UI_CURSOR + 1 && bold, "the cursor cell has the cursor "
	   "pair, bold");
	{
		short fg, bg;

		pair_content(UI_MT_MOVABLE + 1, &fg, &bg);
		ok(fg == 157 && bg == 22, "the Movable pair has the theme's "
		   "colours (%d on %d)", fg, bg);
	}
	/* A highlighted cell takes the hilite pair. */
	ui_frame_flag(&f, 5, 3, 1, 1, UI_CELL_HILITE);
	ui_screen_blit(&f);
	pair = ui_screen_cell_pair(5, 3, &bold, &rev);
	ok(pair == UI_HILITE + 1, "a changed cell is drawn highlighted");

	/* Mono: no colour pairs, attributes only, letters still there. */
	ui_theme_builtin("mono", &theme);
	ui_screen_set_theme(&theme);
	ui_screen_blit(&f);
	pair = ui_screen_cell_pair(1, 3, &bold, &rev);
	ok(pair == 0, "mono theme: no colour pair");
	pair = ui_screen_cell_pair(0, 0, &bold, &rev);
	ok(pair == 0 && rev, "mono theme: the status bar is reverse video");
	pair = ui_screen_cell_pair(5, 3, &bold, &rev);
	ok(rev, "mono theme: a highlight is reverse video");

	/* Resize: a reduced layout, then a big one. */
	ui_screen_resize(40, 12);
	{
		int w, h;

		ui_screen_size(&w, &h);
		ok(w == 40 && h == 12, "resized to 40x12");
	}
	compose_for(&st, &sn, &f, session_machine(s), 40, 12);
	ui_screen_blit(&f);
	ok(rows_match(&f), "40x12: the reduced frame is on the screen");
	ui_screen_resize(200, 60);
	compose_for(&st, &sn, &f, session_machine(s), 200, 60);
	ui_screen_blit(&f);
	ok(rows_match(&f), "200x60: the large frame is on the screen");

	ui_screen_close();
	ok(!ui_screen_is_open(), "closed");

	/* An 8-colour terminal: the theme's colours reduced. */
	if (ui_screen_open("xterm", out, in, &caps, err, sizeof(err))) {
		short fg, bg;

		ok(caps.colors == 8, "xterm has 8 colours");
		ui_theme_builtin("default", &theme);
		ui_screen_set_theme(&theme);
		pair_content(UI_MT_MOVABLE + 1, &fg, &bg);
		ok(fg == COLOR_WHITE && bg == COLOR_GREEN, "8 colours: Movable "
		   "is white on green (%d on %d)", fg, bg);
		pair_content(UI_MT_UNMOVABLE + 1, &fg, &bg);
		ok(bg == COLOR_RED, "8 colours: Unmovable on red");
		ui_screen_close();
	} else {
		ok(false, "xterm: %s", err);
	}
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_state_free(&st);
	session_destroy(s);
	fclose(out);
	fclose(in);
	printf("1..%d\n", tests);
	return failed ? 1 : 0;
}
