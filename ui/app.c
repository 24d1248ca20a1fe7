/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app.c - the screen's main loop (ui.h): keys, commands, the script
 * player, animation and highlight timers.
 *
 * One loop: lay out for the terminal's size, take a snapshot when the
 * model or the view changed, compose the frame, blit it, then block in
 * ui_screen_getkey() - with no timeout at all when nothing animates, so an
 * idle screen costs no CPU, and with the time to the next animation step,
 * player step or highlight expiry otherwise.
 *
 * Commands from the command line and the player's lines both go through
 * run_line() -> session_execute_line(); the events the model reports while
 * a command runs arrive through the session's event tap and go to the
 * event log, and then are replayed one by one as the animation (each
 * event's block highlighted in the map while its line is shown).
 *
 * Lessons (issue 7): `lesson NAME` typed at the prompt loads the lesson
 * into the player through the session's play hook; a `quiz` line opens a
 * box and waits here for a key 1..n (the session's quiz hook); the
 * first-run tour is a script played with ui_options.tour, which Esc skips
 * and which ends on a one-line hint.
 */
#include "ui.h"

#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "anim.h"
#include "cmdline.h"
#include "compose.h"
#include "cast.h"
#include "evtext.h"
#include "export.h"
#include "keycodes.h"
#include "keys.h"
#include "player.h"
#include "screen.h"
#include "session_ui.h"
#include "state.h"

#ifndef BUDDYSCOPE_THEMES
#define BUDDYSCOPE_THEMES "assets/themes"
#endif
#ifndef BUDDYSCOPE_THEMES_INSTALLED
#define BUDDYSCOPE_THEMES_INSTALLED "/usr/share/buddyscope/themes"
#endif

#define MAX_EVENTS_PER_COMMAND 3000	/* logged; the rest are counted */
#define MAX_ANIMATED_EVENTS 400		/* more: shown at once */
#define HILITE_SECS 1.5

static const double speeds[] = { 0.25, 0.5, 1, 2, 4, 8, 16 };
static const char *const theme_cycle[] = { "default", "high-contrast", "mono" };

struct app {
	struct session *s;
	struct ui_state st;
	struct ui_snap snap, prev;
	struct ui_frame frame;
	struct ui_theme theme;
	struct ui_cast *cast;		/* --record, or NULL */
	struct ui_screen_caps caps;
	const char *themes_dir;
	unsigned theme_idx;
	char theme_before_presenter[64];

	struct ui_player pl;
	bool have_player;
	double next_at;		/* when the player runs its next line */
	double wait_until;	/* pause S: until then (< 0: a key) */
	bool in_player_line;	/* the player's line is running now */
	bool fast_forward;	/* :goto forward: quizzes are not asked */

	bool quit;
	bool need_layout, need_snap, dirty;
	double hl_end;
	double anim_next;
	uint64_t cmd_events, cmd_dropped;
	int ctrl_c;
};

static struct app *the_app;

static double
now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
set_message(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->st.message, sizeof(a->st.message), fmt, ap);
	va_end(ap);
	a->st.message_error = error;
	a->dirty = true;
}

/* ---- events and session hooks ------------------------------------------- */

static void
on_event(const struct mm_event *ev, void *data)
{
	struct app *a = data;

	/* the compaction scanners, drawn as M and F on the map while a
	 * compaction runs (also between the steps of compact step) */
	if (ev->type == EV_COMPACT_BEGIN || ev->type == EV_COMPACT_BATCH)
		ui_state_set_scanners(&a->st, true, ev->scan_pfn, ev->scan_pfn2);
	else if (ev->type == EV_COMPACT_END)
		ui_state_set_scanners(&a->st, false, 0, 0);
	if (a->cmd_events < MAX_EVENTS_PER_COMMAND) {
		ui_log_event(&a->st, ev);
		a->cmd_events++;
	} else {
		a->cmd_dropped++;
	}
	/* the gauges' zone state: direct reclaim, OOM, ... */
	ui_state_note_activity(&a->st, ev, a->st.log_total - 1);
}

static void
io_out(void *data, const char *text, size_t len)
{
	struct app *a = data;
	char *t = strndup(text, len);

	if (t) {
		ui_log_text(&a->st, UI_LOG_OUTPUT, t);
		free(t);
	}
	a->dirty = true;
}

static void
io_err(void *data, const char *text, size_t len)
{
	struct app *a = data;
	char *t = strndup(text, len);

	if (t) {
		ui_log_text(&a->st, UI_LOG_ERROR, t);
		free(t);
	}
	a->dirty = true;
}

static void redraw(struct app *a, double now);

/* pause typed at the prompt or met in a sourced script: wait here. */
static void
io_pause(void *data, double seconds)
{
	struct app *a = data;
	double end = seconds < 0 ? -1 : now_secs() + seconds;

	set_message(a, false, "-- paused: press a key%s --",
		    seconds < 0 ? "" : " (or wait)");
	for (;;) {
		double now = now_secs();
		int timeout = end < 0 ? -1 : (int)((end - now) * 1000) + 1;
		uint32_t ch;
		int r;

		redraw(a, now);
		if (end >= 0 && now >= end)
			break;
		r = ui_screen_getkey(timeout, &ch);
		if (r == 2 && ch == UI_KEY_RESIZE) {
			ui_screen_redraw();
			a->need_layout = true;
			continue;
		}
		if (r)
			break;
	}
	a->st.message[0] = '\0';
}

/* Between watch's samples: the screen stays live; a key stops. */
static bool
io_wait(void *data, double seconds)
{
	struct app *a = data;
	double end = now_secs() + seconds;

	set_message(a, false, "-- watching: any key stops --");
	for (;;) {
		double now = now_secs();
		uint32_t ch;
		int r;

		a->need_snap = true;
		redraw(a, now);
		if (now >= end)
			break;
		r = ui_screen_getkey((int)((end - now) * 1000) + 1, &ch);
		if (r == 2 && ch == UI_KEY_RESIZE) {
			ui_screen_redraw();
			a->need_layout = true;
			continue;
		}
		if (r) {
			a->st.message[0] = '\0';
			return false;
		}
	}
	a->st.message[0] = '\0';
	return true;
}

#define TOUR_HINT "Type lessons to list the lessons (lesson NAME starts one), " \
	"help for the commands, ? for the keys."

/* quiz in a script or at the prompt: a box until 1..n or Esc. */
static unsigned
io_quiz(void *data, const char *question, const char *const *choices,
	unsigned n)
{
	struct app *a = data;
	unsigned answer = 0, idle = 0;

	if (a->fast_forward || n == 0)
		return 0;
	a->st.quiz_active = true;
	a->st.quiz_n = n > 9 ? 9 : n;
	snprintf(a->st.quiz_question, sizeof(a->st.quiz_question), "%s",
		 question);
	for (unsigned i = 0; i < a->st.quiz_n; i++)
		snprintf(a->st.quiz_choice[i], sizeof(a->st.quiz_choice[i]), "%s",
			 choices[i]);
	set_message(a, false, "quiz: press 1-%u to answer, Esc to skip",
		    a->st.quiz_n);
	for (;;) {
		uint32_t ch;
		int r;

		redraw(a, now_secs());
		r = ui_screen_getkey(-1, &ch);
		if (r == 2 && ch == UI_KEY_RESIZE) {
			ui_screen_redraw();
			a->need_layout = true;
			continue;
		}
		if (r == 1 && ch >= '1' && ch < '1' + a->st.quiz_n) {
			answer = ch - '0';
			break;
		}
		if (r == 1 && (ch == 27 || ch == 3))
			break;
		/* No key though none timed out, again and again: the
		 * terminal is gone; do not spin. */
		if (r == 0 && ++idle > 100)
			break;
	}
	a->st.quiz_active = false;
	a->st.message[0] = '\0';
	a->dirty = true;
	return answer;
}

static bool player_load(struct app *a, const char *path, char *err,
			size_t errlen);

/* lesson NAME at the prompt: play it here with the replay keys. */
static bool
io_play(void *data, const char *path, char *err, size_t errlen)
{
	struct app *a = data;

	if (a->in_player_line) {
		snprintf(err, errlen, "a playing script cannot start a lesson "
			 "(use source FILE inside scripts)");
		return false;
	}
	return player_load(a, path, err, errlen);
}

/* ---- view ------------------------------------------------------------------ */

static const struct ui_zone_snap *
view_zone(struct app *a)
{
	return &a->snap.zones[a->st.view.zone];
}

static void
clamp_view(struct app *a)
{
	struct ui_view *v = &a->st.view;
	struct zone_info zi;
	uint64_t span, zend;

	if (!mm_zone_info(session_machine(a->s), (unsigned)v->zone, &zi))
		return;
	span = v->ppc * v->ncells;
	zend = zi.start_pfn + zi.spanned;
	if (v->start_pfn + span > zend && zend > span)
		v->start_pfn = zend - span;
	v->start_pfn &= ~(v->ppc - 1);
	if (v->start_pfn < (zi.start_pfn & ~(v->ppc - 1)))
		v->start_pfn = zi.start_pfn & ~(v->ppc - 1);
}

/* Keep the cursor inside the zone and the view around it. */
static void
follow_cursor(struct app *a)
{
	struct ui_view *v = &a->st.view;
	struct zone_info zi;
	uint64_t span, row;

	if (!mm_zone_info(session_machine(a->s), (unsigned)v->zone, &zi))
		return;
	if (a->st.cursor_pfn < zi.start_pfn)
		a->st.cursor_pfn = zi.start_pfn;
	if (zi.spanned && a->st.cursor_pfn >= zi.start_pfn + zi.spanned)
		a->st.cursor_pfn = zi.start_pfn + zi.spanned - 1;
	span = v->ppc * v->ncells;
	row = v->ppc * (uint64_t)(a->st.lay.map_cols > 0 ? a->st.lay.map_cols : 1);
	while (a->st.cursor_pfn < v->start_pfn && v->start_pfn >= row)
		v->start_pfn -= row;
	while (a->st.cursor_pfn >= v->start_pfn + span)
		v->start_pfn += row;
	clamp_view(a);
}

static void
layout(struct app *a)
{
	const struct machine *m = session_machine(a->s);
	int w, h;
	unsigned ncells;

	ui_screen_size(&w, &h);
	ui_layout_compute(&a->st.lay, w, h, a->st.presenter, mm_max_order(m),
			  ui_populated_zones(m));
	ncells = (unsigned)(a->st.lay.map_cols > 0 ? a->st.lay.map_cols : 1) *
		 (unsigned)(a->st.lay.map_rows > 0 ? a->st.lay.map_rows : 1);
	if ((unsigned)a->st.view.zone >= mm_nr_zones(m))
		a->st.view.zone = ui_default_zone(m);
	if (a->st.zoom_fit || a->st.view.ppc == 0) {
		ui_view_fit(m, a->st.view.zone, ncells, &a->st.view);
	} else {
		a->st.view.ncells = ncells;
		follow_cursor(a);
	}
	a->need_layout = false;
	a->need_snap = true;
	a->dirty = true;
}

static void
inspect(struct app *a)
{
	const struct machine *m = session_machine(a->s);
	const char *h;

	a->st.cur_valid = mm_page_info(m, a->st.cursor_pfn, &a->st.cur_pi);
	a->st.cur_handle[0] = '\0';
	if (a->st.cur_valid && a->st.cur_pi.kind == PAGE_ALLOCATED &&
	    (h = session_handle_at(a->s, a->st.cur_pi.block_pfn)))
		snprintf(a->st.cur_handle, sizeof(a->st.cur_handle), "%s", h);
}

/* A new snapshot; diff against the last one when the model changed. */
static void
snapshot(struct app *a, bool model_changed, double now)
{
	struct ui_snap tmp;

	if (a->need_layout)
		layout(a);
	tmp = a->prev;
	a->prev = a->snap;
	a->snap = tmp;
	if (!ui_snap_take(&a->snap, session_machine(a->s), &a->st.view))
		set_message(a, true, "out of memory for the map");
	if (model_changed) {
		if (ui_state_diff(&a->st, &a->prev, &a->snap, now, HILITE_SECS))
			a->hl_end = now + HILITE_SECS;
		ui_state_sample(&a->st, &a->snap);
	} else {
		ui_state_diff(&a->st, NULL, &a->snap, now, 0);
	}
	inspect(a);
	a->need_snap = false;
	a->dirty = true;
}

static void
redraw(struct app *a, double now)
{
	if (a->need_layout)
		layout(a);
	if (a->need_snap)
		snapshot(a, false, now);
	ui_compose(&a->frame, &a->st, &a->snap, now);
	ui_screen_blit(&a->frame);
	if (a->cast && !ui_cast_frame(a->cast, &a->frame, &a->theme,
				      a->caps.colors, now)) {
		set_message(a, true, "recording stopped: %s", ui_cast_error(a->cast));
		ui_cast_close(a->cast);
		a->cast = NULL;
	}
	a->dirty = false;
}

/* screenshot: the frame on the screen now, in the theme in use. */
static bool
app_screenshot(void *data, const char *path, char *err, size_t errlen)
{
	struct app *a = data;

	if (!a->frame.cells) {
		snprintf(err, errlen, "%s: the screen has not been drawn yet", path);
		return false;
	}
	return ui_frame_write_picture(&a->frame, &a->theme, path, err, errlen);
}

/* ---- themes ------------------------------------------------------------------ */

static bool
apply_theme(struct app *a, const char *name)
{
	char err[256];
	struct ui_theme t;

	if (!ui_theme_load(a->themes_dir, name, &t, err, sizeof(err))) {
		set_message(a, true, "%s", err);
		return false;
	}
	if (a->caps.colors == 0 && !t.mono)
		t.mono = true;	/* attributes only on this terminal */
	a->theme = t;
	snprintf(a->st.theme_name, sizeof(a->st.theme_name), "%s", t.name);
	ui_screen_set_theme(&a->theme);
	ui_screen_redraw();
	a->dirty = true;
	return true;
}

static void
set_presenter(struct app *a, bool on)
{
	if (on == a->st.presenter)
		return;
	a->st.presenter = on;
	if (on) {
		snprintf(a->theme_before_presenter,
			 sizeof(a->theme_before_presenter), "%s", a->st.theme_name);
		if (strcmp(a->st.theme_name, "mono") != 0)
			apply_theme(a, "high-contrast");
	} else if (a->theme_before_presenter[0]) {
		apply_theme(a, a->theme_before_presenter);
	}
	a->need_layout = true;
	set_message(a, false, "presenter mode %s", on ? "on" : "off");
}

/* ---- running lines ------------------------------------------------------------- */

static void
start_animation(struct app *a, uint64_t first, double now)
{
	uint64_t nvis = 0;

	a->st.anim_active = false;
	if (!a->st.animate || a->cmd_dropped)
		return;
	for (uint64_t i = first; i < a->st.log_total; i++) {
		const struct ui_log_entry *e = ui_log_get(&a->st, i);

		if (e && e->kind == UI_LOG_EVENT && ui_event_is_visual(e->ev.type))
			nvis++;
	}
	if (nvis == 0 || nvis > MAX_ANIMATED_EVENTS)
		return;
	/* Start at the first event. */
	for (uint64_t i = first; i < a->st.log_total; i++) {
		const struct ui_log_entry *e = ui_log_get(&a->st, i);

		if (e && e->kind == UI_LOG_EVENT) {
			a->st.anim_pos = i;
			a->st.anim_end = a->st.log_total;
			a->st.anim_active = true;
			a->anim_next = now + 0.3 / a->st.speed;
			/* the free lists as of each event (anim.h) */
			if (ui_anim_prepare(&a->st, &a->prev, &a->snap, first,
					    a->st.log_total))
				ui_anim_advance(&a->st, &a->snap.view,
						a->snap.max_order, i);
			return;
		}
	}
}

static void
finish_animation(struct app *a)
{
	a->st.anim_active = false;
	a->dirty = true;
}

static void ui_command(struct app *a, const char *line);

static enum exec_status
run_line(struct app *a, const char *line, bool from_player, unsigned lineno)
{
	struct strbuf out = STRBUF_INIT;
	char err[1024];
	enum exec_status st;
	double ps;
	enum ui_line_kind kind = ui_line_kind(line, &ps);
	uint64_t first;
	double now = now_secs();

	finish_animation(a);
	a->st.log_scroll = 0;
	if (!from_player) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ':') {
			ui_command(a, p + 1);
			return EXEC_OK;
		}
	}
	if (kind != UI_LINE_BLANK && kind != UI_LINE_SAY)
		ui_log_text(&a->st, UI_LOG_COMMAND, line);
	a->cmd_events = a->cmd_dropped = 0;
	first = a->st.log_total;
	a->st.cmd_first = first;
	ui_state_clear_activity(&a->st);
	err[0] = '\0';
	session_set_location(a->s, from_player ? a->pl.path : NULL, lineno);
	st = session_execute_line(a->s, line, strlen(line), &out, err,
				  sizeof(err));
	if (kind == UI_LINE_SAY && st == EXEC_OK) {
		/* say, or a quiz's answer with its explanation: the caption
		 * is every line of it; the log keeps them as lines. */
		char *c = a->st.caption;

		snprintf(c, sizeof(a->st.caption), "%s", strbuf_str(&out));
		while (*c && c[strlen(c) - 1] == '\n')
			c[strlen(c) - 1] = '\0';
		ui_log_text(&a->st, UI_LOG_CAPTION, a->st.caption);
		for (char *p = c; *p; p++)
			if (*p == '\n')
				*p = ' ';
	} else if (out.len) {
		ui_log_text(&a->st, UI_LOG_OUTPUT, strbuf_str(&out));
	}
	strbuf_release(&out);
	if (a->cmd_dropped) {
		char msg[96];

		snprintf(msg, sizeof(msg), "  ... and %" PRIu64 " more events "
			 "(not logged)", a->cmd_dropped);
		ui_log_text(&a->st, UI_LOG_INFO, msg);
	}
	switch (st) {
	case EXEC_ERROR:
		ui_log_text(&a->st, UI_LOG_ERROR, err);
		set_message(a, true, "error: %s", err);
		session_count_error(a->s);
		break;
	case EXEC_EXPECT_FAILED:
		ui_log_text(&a->st, UI_LOG_ERROR, err);
		set_message(a, true, "expect failed: %s", err);
		session_count_expect_failed(a->s);
		break;
	case EXEC_QUIT:
		a->quit = true;
		break;
	default:
		if (!from_player)
			a->st.message[0] = '\0';
		break;
	}
	/* The machine may be new (machine, era, undo): lay out again. */
	a->need_layout = true;
	layout(a);
	snapshot(a, true, now);
	start_animation(a, first, now);
	a->dirty = true;
	return st;
}

/* ---- the script player ----------------------------------------------------------- */

static void
player_status(struct app *a)
{
	a->st.play_active = a->have_player;
	if (a->have_player) {
		snprintf(a->st.play_name, sizeof(a->st.play_name), "%s", a->pl.name);
		a->st.play_step = a->pl.next;
		a->st.play_total = a->pl.n;
		a->st.play_marks = a->pl.nmarks;
		a->st.play_marked = ui_player_is_marked(&a->pl, a->pl.next);
	} else {
		a->st.play_marks = 0;
		a->st.play_marked = false;
	}
	a->dirty = true;
}

/* Load path into the player (replacing a script loaded before) and play
 * it from its first line. */
static bool
player_load(struct app *a, const char *path, char *err, size_t errlen)
{
	struct ui_player p;

	if (!ui_player_load(&p, path, err, errlen))
		return false;
	if (a->have_player)
		ui_player_free(&a->pl);
	a->pl = p;
	a->have_player = true;
	/* a trace is thousands of steps: it waits for Space */
	a->st.playing = !p.trace;
	a->st.play_waiting = false;
	a->next_at = now_secs() + 0.3;
	if (p.trace)
		set_message(a, false, "trace %s, %u events: Space plays and "
			    "pauses, Esc n steps, Esc p steps back, Esc m "
			    "bookmarks", a->pl.name, a->pl.n);
	else
		set_message(a, false, "playing %s: Space pauses and goes on; "
			    "Esc n steps, Esc p steps back, Esc m bookmarks",
			    a->pl.name);
	player_status(a);
	return true;
}

/* The tour is over (played to its end or skipped): drop it and leave the
 * prompt with a hint of what to type. */
static void
tour_end(struct app *a, bool skipped)
{
	a->st.tour = false;
	a->st.playing = a->st.play_waiting = false;
	if (a->have_player)
		ui_player_free(&a->pl);
	a->have_player = false;
	if (skipped)
		a->st.caption[0] = '\0';
	set_message(a, false, "%s%s", skipped ? "Tour skipped. " : "", TOUR_HINT);
	player_status(a);
}

/* Run the player's next line; returns the kind of line it was. */
static enum ui_line_kind
player_step(struct app *a, double now)
{
	const char *line;
	enum ui_line_kind kind;
	double ps = -1;

	if (!a->have_player || a->pl.next >= a->pl.n)
		return UI_LINE_BLANK;
	line = a->pl.lines[a->pl.next];
	kind = ui_line_kind(line, &ps);
	a->pl.pos_before[a->pl.next] = session_state_pos(a->s);
	a->pl.next++;
	if (kind == UI_LINE_PAUSE) {
		a->st.play_waiting = a->st.playing;
		a->wait_until = ps >= 0 ? now + ps : -1;
		if (a->st.playing)
			set_message(a, false, "paused by the script: Space, "
				    "Enter or F5 goes on");
	} else {
		/* The counter shows this step while it runs (a quiz waits). */
		player_status(a);
		a->in_player_line = true;
		run_line(a, line, true, a->pl.next);
		a->in_player_line = false;
	}
	if (a->st.tour && a->pl.next >= a->pl.n) {
		tour_end(a, false);
		return kind;
	}
	if (a->pl.next >= a->pl.n && a->st.playing) {
		a->st.playing = false;
		set_message(a, false, "%s finished (%u lines): type commands, "
			    "or p steps back", a->pl.name, a->pl.n);
	}
	player_status(a);
	return kind;
}

static void
player_schedule(struct app *a, enum ui_line_kind kind, double now)
{
	double d = kind == UI_LINE_BLANK ? 0.0 : kind == UI_LINE_SAY ? 2.5 : 1.2;

	a->next_at = now + d / a->st.speed;
}

static void
player_play(struct app *a, double now)
{
	if (!a->have_player) {
		set_message(a, true, "no script to play: start with --script FILE");
		return;
	}
	if (a->st.play_waiting) {
		a->st.play_waiting = false;
		a->st.message[0] = '\0';
		a->next_at = now;
	} else if (a->st.playing) {
		a->st.playing = false;
		set_message(a, false, "playback paused");
	} else if (a->pl.next >= a->pl.n) {
		set_message(a, false, "the script has ended (p steps back, "
			    ":goto N jumps)");
	} else {
		a->st.playing = true;
		a->next_at = now;
		a->st.message[0] = '\0';
	}
	player_status(a);
}

/* Go to the state after the first n lines. */
static void
player_goto(struct app *a, unsigned n, double now)
{
	char err[256], cmd[48];
	struct strbuf out = STRBUF_INIT;

	if (!a->have_player) {
		set_message(a, true, "no script loaded");
		return;
	}
	if (n > a->pl.n)
		n = a->pl.n;
	a->st.playing = a->st.play_waiting = false;
	finish_animation(a);
	if (n < a->pl.next) {
		uint64_t target = a->pl.pos_before[n], pos = session_state_pos(a->s);

		if (target < session_state_oldest(a->s)) {
			set_message(a, true, "cannot go back to step %u: undo "
				    "keeps only the last states (--undo-depth)", n);
			return;
		}
		if (pos > target) {
			snprintf(cmd, sizeof(cmd), "undo %" PRIu64, pos - target);
			if (session_execute_line(a->s, cmd, strlen(cmd), &out, err,
						 sizeof(err)) != EXEC_OK) {
				set_message(a, true, "step back: %s", err);
				strbuf_release(&out);
				return;
			}
		}
		strbuf_release(&out);
		a->pl.next = n;
		ui_log_text(&a->st, UI_LOG_INFO, "(stepped back)");
		a->need_layout = true;
		layout(a);
		snapshot(a, true, now);
		set_message(a, false, "at step %u of %u", n, a->pl.n);
	} else {
		bool anim = a->st.animate;

		a->st.animate = false;
		a->fast_forward = true;
		while (a->have_player && a->pl.next < n && !a->quit)
			player_step(a, now);
		a->fast_forward = false;
		a->st.animate = anim;
		if (!a->have_player)
			return;
		a->st.playing = a->st.play_waiting = false;
		set_message(a, false, "at step %u of %u", a->pl.next, a->pl.n);
	}
	player_status(a);
}

static void
player_back(struct app *a, double now)
{
	unsigned n;
	double ps;

	if (!a->have_player || a->pl.next == 0) {
		set_message(a, true, "nothing to step back over");
		return;
	}
	/* Back over blank lines and comments to the previous real step. */
	n = a->pl.next - 1;
	while (n > 0 && ui_line_kind(a->pl.lines[n], &ps) == UI_LINE_BLANK)
		n--;
	player_goto(a, n, now);
}

static void
player_forward(struct app *a, double now)
{
	enum ui_line_kind k;

	if (!a->have_player || a->pl.next >= a->pl.n) {
		set_message(a, true, "no script step left");
		return;
	}
	a->st.playing = false;
	a->st.play_waiting = false;
	/* Skip blank lines so that one key runs one real step. */
	do {
		k = player_step(a, now);
	} while (k == UI_LINE_BLANK && a->pl.next < a->pl.n);
	player_status(a);
}

/* m: bookmark the current step; F6 / ' and ": go to the next / previous. */
static void
player_mark(struct app *a)
{
	if (!a->have_player) {
		set_message(a, true, "no script to bookmark: start one with "
			    "lesson NAME or --script FILE");
		return;
	}
	if (ui_player_toggle_mark(&a->pl, a->pl.next))
		set_message(a, false, "bookmark at step %u (F6 or ' goes to the "
			    "next one, \" to the previous)", a->pl.next);
	else
		set_message(a, false, "no bookmark at step %u any more", a->pl.next);
	player_status(a);
}

static void
player_jump_mark(struct app *a, int dir, double now)
{
	unsigned to;

	if (!a->have_player) {
		set_message(a, true, "no script loaded");
		return;
	}
	if (!ui_player_next_mark(&a->pl, a->pl.next, dir, &to)) {
		set_message(a, true, "no bookmark %s step %u (m sets one)",
			    dir > 0 ? "after" : "before", a->pl.next);
		return;
	}
	player_goto(a, to, now);
	if (a->have_player && a->pl.next == to)
		set_message(a, false, "at bookmark: step %u of %u", to, a->pl.n);
}

/* ---- : commands (the screen's own) -------------------------------------------------- */

static void
change_speed(struct app *a, int dir)
{
	size_t n = sizeof(speeds) / sizeof(speeds[0]), i = 0;

	while (i < n && speeds[i] < a->st.speed)
		i++;
	if (dir > 0 && i + 1 < n)
		i++;
	else if (dir < 0 && i > 0)
		i--;
	a->st.speed = speeds[i < n ? i : n - 1];
	set_message(a, false, "speed x%g", a->st.speed);
}

static void
zoom(struct app *a, int dir)
{
	struct ui_view fit;
	const struct machine *m = session_machine(a->s);

	ui_view_fit(m, a->st.view.zone, a->st.view.ncells, &fit);
	if (dir > 0) {
		if (a->st.view.ppc <= 1) {
			set_message(a, false, "already one page per cell");
			return;
		}
		a->st.view.ppc >>= 1;
		a->st.zoom_fit = false;
	} else if (dir < 0) {
		if (a->st.view.ppc >= fit.ppc) {
			a->st.zoom_fit = true;
		} else {
			a->st.view.ppc <<= 1;
		}
	} else {
		a->st.zoom_fit = true;
	}
	if (!a->st.zoom_fit) {
		/* Centre the cursor. */
		uint64_t half = a->st.view.ppc * (a->st.view.ncells / 2);

		a->st.view.start_pfn = a->st.cursor_pfn > half ?
			a->st.cursor_pfn - half : 0;
		clamp_view(a);
		follow_cursor(a);
	}
	a->need_layout = true;
	a->need_snap = true;
}

static void
ui_command(struct app *a, const char *line)
{
	char w1[32] = "", w2[96] = "";
	double now = now_secs();

	sscanf(line, "%31s %95s", w1, w2);
	if (strcmp(w1, "goto") == 0 && w2[0]) {
		player_goto(a, (unsigned)strtoul(w2, NULL, 10), now);
	} else if (strcmp(w1, "speed") == 0 && w2[0]) {
		double v = strtod(w2, NULL);

		if (v < 0.25 || v > 16) {
			set_message(a, true, ":speed takes 0.25 .. 16");
			return;
		}
		a->st.speed = v;
		set_message(a, false, "speed x%g", v);
	} else if (strcmp(w1, "theme") == 0 && w2[0]) {
		if (apply_theme(a, w2))
			set_message(a, false, "theme %s", a->st.theme_name);
	} else if (strcmp(w1, "zoom") == 0 && w2[0]) {
		unsigned long v = strtoul(w2, NULL, 10);

		if (strcmp(w2, "fit") == 0 || v == 0) {
			zoom(a, 0);
		} else {
			uint64_t p = 1;

			while (p < v)
				p <<= 1;
			a->st.view.ppc = p;
			a->st.zoom_fit = false;
			zoom(a, 1);
			zoom(a, -1);
		}
	} else if (strcmp(w1, "zone") == 0 && w2[0]) {
		int z = mm_zone_by_name(session_machine(a->s), w2);

		if (z < 0) {
			set_message(a, true, "no zone '%s'", w2);
			return;
		}
		a->st.view.zone = z;
		a->st.zoom_fit = true;
		a->need_layout = true;
	} else if (strcmp(w1, "presenter") == 0) {
		set_presenter(a, strcmp(w2, "off") != 0);
	} else if (strcmp(w1, "play") == 0 || strcmp(w1, "pause") == 0) {
		player_play(a, now);
	} else if (strcmp(w1, "step") == 0) {
		player_forward(a, now);
	} else if (strcmp(w1, "back") == 0) {
		player_back(a, now);
	} else if (strcmp(w1, "mark") == 0) {
		player_mark(a);
	} else if (strcmp(w1, "marks") == 0) {
		char buf[200];
		size_t n = 0;

		buf[0] = '\0';
		for (unsigned i = 0; a->have_player && i < a->pl.nmarks &&
		     n + 12 < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %u",
					      a->pl.marks[i]);
		set_message(a, false, "bookmarks at steps:%s", buf[0] ? buf :
			    " none (m or :mark sets one)");
	} else if (strcmp(w1, "next-mark") == 0) {
		player_jump_mark(a, 1, now);
	} else if (strcmp(w1, "prev-mark") == 0) {
		player_jump_mark(a, -1, now);
	} else if (strcmp(w1, "trace") == 0) {
		a->st.show_trace = !a->st.show_trace;
	} else if (strcmp(w1, "help") == 0) {
		a->st.show_help = true;
	} else if (strcmp(w1, "legend") == 0) {
		a->st.show_legend = true;
	} else if (strcmp(w1, "quit") == 0 || strcmp(w1, "q") == 0) {
		a->quit = true;
	} else {
		set_message(a, true, "screen commands: :goto N, :speed X, :theme "
			    "NAME, :zoom N|fit, :zone NAME, :presenter [off], "
			    ":play, :step, :back, :mark, :marks, :next-mark, "
			    ":prev-mark, :trace, :help, :legend, :quit");
	}
	a->dirty = true;
}

/* ---- keys ---------------------------------------------------------------------------- */

static void
on_line(char *line, void *data)
{
	struct app *a = data;

	if (!line) {
		a->quit = true;
		return;
	}
	if (*line)
		run_line(a, line, false, 0);
	free(line);
}

static void
move_cursor(struct app *a, long cells)
{
	uint64_t d = a->st.view.ppc * (uint64_t)(cells < 0 ? -cells : cells);

	if (cells < 0)
		a->st.cursor_pfn = a->st.cursor_pfn > d ? a->st.cursor_pfn - d : 0;
	else
		a->st.cursor_pfn += d;
	follow_cursor(a);
	a->need_snap = true;
}

/* The next (dir 1) or previous (-1) populated zone, shown whole. */
static void
switch_zone(struct app *a, int dir)
{
	const struct machine *m = session_machine(a->s);
	unsigned n = mm_nr_zones(m);

	for (unsigned k = 1; k <= n; k++) {
		unsigned z = (unsigned)(((int)a->st.view.zone + dir * (int)k +
					 (int)n * 2) % (int)n);
		struct zone_info zi;

		if (mm_zone_info(m, z, &zi) && zi.populated) {
			a->st.view.zone = (int)z;
			a->st.cursor_pfn = zi.start_pfn;
			break;
		}
	}
	a->st.zoom_fit = true;
	a->need_layout = true;
}

static void
do_action(struct app *a, enum ui_action act, double now)
{
	const struct ui_zone_snap *zs = view_zone(a);
	int cols = a->st.lay.map_cols > 0 ? a->st.lay.map_cols : 1;

	switch (act) {
	case UI_ACT_HELP:
		a->st.show_help = !a->st.show_help;
		a->st.show_legend = false;
		break;
	case UI_ACT_LEGEND:
		a->st.show_legend = !a->st.show_legend;
		a->st.show_help = false;
		break;
	case UI_ACT_VIEW_MODE:
		a->st.view_mode = !a->st.view_mode;
		break;
	case UI_ACT_CMD_MODE:
		a->st.view_mode = false;
		if (ui_cmdline_empty())
			ui_cmdline_set_line("");
		break;
	case UI_ACT_FOCUS_NEXT:
		a->st.focus = (enum ui_panel)((a->st.focus + 1) % NR_UI_PANELS);
		break;
	case UI_ACT_FOCUS_PREV:
		a->st.focus = (enum ui_panel)((a->st.focus + NR_UI_PANELS - 1) %
					      NR_UI_PANELS);
		break;
	case UI_ACT_LEFT:
		move_cursor(a, -1);
		break;
	case UI_ACT_RIGHT:
		move_cursor(a, 1);
		break;
	/* Up and Down act on the focused panel: the map's cursor, the
	 * order selected in the bitmaps and free lists (the bitmaps draw
	 * the higher orders on top), the zone of the gauges, the log. */
	case UI_ACT_UP:
		if (a->st.focus == UI_P_FREELIST) {
			if (a->st.sel_order > 0)
				a->st.sel_order--;
		} else if (a->st.focus == UI_P_BITMAP) {
			if (a->st.sel_order < a->snap.max_order)
				a->st.sel_order++;
		} else if (a->st.focus == UI_P_GAUGES) {
			switch_zone(a, -1);
		} else if (a->st.focus == UI_P_LOG) {
			a->st.log_scroll++;
		} else {
			move_cursor(a, -cols);
		}
		break;
	case UI_ACT_DOWN:
		if (a->st.focus == UI_P_FREELIST) {
			if (a->st.sel_order < a->snap.max_order)
				a->st.sel_order++;
		} else if (a->st.focus == UI_P_BITMAP) {
			if (a->st.sel_order > 0)
				a->st.sel_order--;
		} else if (a->st.focus == UI_P_GAUGES) {
			switch_zone(a, 1);
		} else if (a->st.focus == UI_P_LOG) {
			if (a->st.log_scroll)
				a->st.log_scroll--;
		} else {
			move_cursor(a, cols);
		}
		break;
	case UI_ACT_HOME:
		a->st.cursor_pfn = zs->zi.start_pfn;
		follow_cursor(a);
		a->need_snap = true;
		break;
	case UI_ACT_END:
		a->st.cursor_pfn = zs->zi.start_pfn + zs->zi.spanned - 1;
		follow_cursor(a);
		a->need_snap = true;
		break;
	case UI_ACT_ZOOM_IN:
		zoom(a, 1);
		break;
	case UI_ACT_ZOOM_OUT:
		zoom(a, -1);
		break;
	case UI_ACT_ZOOM_FIT:
		zoom(a, 0);
		break;
	case UI_ACT_ZONE_NEXT:
		switch_zone(a, 1);
		break;
	case UI_ACT_BITMAP_VIEW:
		a->st.pair_view = !a->st.pair_view;
		break;
	case UI_ACT_TRACE:
		a->st.show_trace = !a->st.show_trace;
		break;
	case UI_ACT_PLAY:
		player_play(a, now);
		break;
	case UI_ACT_STEP:
		player_forward(a, now);
		break;
	case UI_ACT_BACK:
		player_back(a, now);
		break;
	case UI_ACT_GOTO:
		a->st.view_mode = false;
		ui_cmdline_set_line(":goto ");
		break;
	case UI_ACT_MARK:
		player_mark(a);
		break;
	case UI_ACT_MARK_NEXT:
		player_jump_mark(a, 1, now);
		break;
	case UI_ACT_MARK_PREV:
		player_jump_mark(a, -1, now);
		break;
	case UI_ACT_SLOWER:
		change_speed(a, -1);
		break;
	case UI_ACT_FASTER:
		change_speed(a, 1);
		break;
	case UI_ACT_ANIMATE:
		a->st.animate = !a->st.animate;
		set_message(a, false, "animation %s", a->st.animate ? "on" : "off");
		if (!a->st.animate)
			finish_animation(a);
		break;
	case UI_ACT_SKIP:
		finish_animation(a);
		break;
	case UI_ACT_PRESENTER:
		set_presenter(a, !a->st.presenter);
		break;
	case UI_ACT_THEME:
		a->theme_idx = (a->theme_idx + 1) %
			(unsigned)(sizeof(theme_cycle) / sizeof(theme_cycle[0]));
		if (apply_theme(a, theme_cycle[a->theme_idx]))
			set_message(a, false, "theme %s", a->st.theme_name);
		break;
	case UI_ACT_LOG_UP:
		a->st.log_scroll += (unsigned)(a->st.lay.log.h > 2 ?
					       a->st.lay.log.h - 2 : 1);
		break;
	case UI_ACT_LOG_DOWN: {
		unsigned p = (unsigned)(a->st.lay.log.h > 2 ? a->st.lay.log.h - 2 : 1);

		a->st.log_scroll = a->st.log_scroll > p ? a->st.log_scroll - p : 0;
		break;
	}
	case UI_ACT_REDRAW:
		ui_screen_redraw();
		break;
	case UI_ACT_QUIT:
		a->quit = true;
		break;
	default:
		break;
	}
	a->dirty = true;
}

static void
handle_key(struct app *a, int r, uint32_t ch, double now)
{
	int key = (int)ch;
	enum ui_action act;

	if (r == 2 && key == UI_KEY_RESIZE) {
		/* Terminals move the old contents around when they shrink
		 * (keeping the cursor's row): repaint everything rather
		 * than trust curses' idea of what is there. */
		ui_screen_redraw();
		a->need_layout = true;
		return;
	}
	a->dirty = true;
	/* The first-run tour: Esc skips it, at once. */
	if (a->st.tour && r == 1 && key == 27) {
		tour_end(a, true);
		return;
	}
	if (a->st.show_help || a->st.show_legend) {
		/* Any key closes the box; the box keys toggle it. */
		act = ui_key_action(key, true);
		if (act != UI_ACT_HELP && act != UI_ACT_LEGEND) {
			a->st.show_help = a->st.show_legend = false;
			return;
		}
	}
	if (r == 1 && key != 3)
		a->ctrl_c = 0;
	if (!a->st.view_mode) {
		bool empty = ui_cmdline_empty();

		if (r == 1 && empty && key == '?') {
			do_action(a, UI_ACT_HELP, now);
			return;
		}
		/* With a script loaded, Space on an empty line plays and
		 * pauses it (and Enter goes on after a pause). */
		if (r == 1 && empty && ((a->st.play_waiting &&
		     (key == ' ' || key == '\r' || key == '\n')) ||
		    (key == ' ' && a->have_player && a->pl.next < a->pl.n))) {
			player_play(a, now);
			return;
		}
		if (r == 1 && key == 3) {
			if (!empty) {
				ui_cmdline_set_line("");
				set_message(a, false, "line cleared (Ctrl-C on an "
					    "empty line, Ctrl-D, F10 or quit quit)");
			} else {
				a->quit = true;
			}
			return;
		}
	}
	/* Esc starts escape sequences the terminfo entry does not know and
	 * Alt-keys: when another key follows at once, both go to readline;
	 * Esc alone switches to view mode. */
	if (r == 1 && key == 27 && !a->st.view_mode) {
		uint32_t next;
		int r2 = ui_screen_getkey(40, &next);

		if (r2 == 1) {
			ui_cmdline_feed_char(27);
			ui_cmdline_feed_char(next);
			return;
		}
		if (r2 == 2) {
			handle_key(a, r2, next, now);
			return;
		}
	}
	act = ui_key_action(key == '\r' ? '\n' : key, a->st.view_mode);
	if (r == 1 && key > 0x7f)
		act = UI_ACT_NONE;
	if (act != UI_ACT_NONE) {
		do_action(a, act, now);
		return;
	}
	if (a->st.view_mode) {
		set_message(a, false, "view mode: that key does nothing here; ? "
			    "lists the keys, i goes back to typing");
		return;
	}
	if (r == 2)
		ui_cmdline_feed_key(key);
	else
		ui_cmdline_feed_char(ch);
}

/* ---- timers ------------------------------------------------------------------------- */

static void
tick(struct app *a, double now)
{
	if (a->st.anim_active && now >= a->anim_next) {
		const struct ui_log_entry *e;
		uint64_t i = a->st.anim_pos + 1;

		/* Next event; each takes a beat, the visual ones longer. */
		while (i < a->st.anim_end) {
			e = ui_log_get(&a->st, i);
			if (e && e->kind == UI_LOG_EVENT)
				break;
			i++;
		}
		if (i >= a->st.anim_end) {
			finish_animation(a);
		} else {
			a->st.anim_pos = i;
			ui_anim_advance(&a->st, &a->snap.view, a->snap.max_order, i);
			e = ui_log_get(&a->st, i);
			a->anim_next = now + (e && ui_event_is_visual(e->ev.type) ?
					      0.35 : 0.1) / a->st.speed;
		}
		a->dirty = true;
	}
	if (a->st.play_waiting && a->wait_until >= 0 && now >= a->wait_until) {
		a->st.play_waiting = false;
		a->st.message[0] = '\0';
		a->next_at = now;
	}
	if (a->st.playing && !a->st.play_waiting && !a->st.anim_active &&
	    now >= a->next_at) {
		enum ui_line_kind k = player_step(a, now);

		player_schedule(a, k, now);
	}
	if (a->hl_end > 0 && now >= a->hl_end) {
		a->hl_end = 0;
		a->dirty = true;
	}
}

/* Milliseconds until the next timer, -1 for none (block). */
static int
next_timeout(struct app *a, double now)
{
	double t = -1;

#define CONSIDER(x) do { if ((x) > 0 && (t < 0 || (x) < t)) t = (x); } while (0)
	if (a->st.anim_active)
		CONSIDER(a->anim_next);
	if (a->st.playing && !a->st.play_waiting && !a->st.anim_active)
		CONSIDER(a->next_at);
	if (a->st.play_waiting && a->wait_until >= 0)
		CONSIDER(a->wait_until);
	if (a->hl_end > 0)
		CONSIDER(a->hl_end);
#undef CONSIDER
	if (t < 0)
		return -1;
	t -= now;
	if (t <= 0)
		return 0;
	return (int)(t * 1000) + 1;
}

/* ---- entry -------------------------------------------------------------------------- */

static const char *
find_themes_dir(void)
{
	const char *env = getenv("BUDDYSCOPE_THEMES");

	if (env && *env)
		return env;
	if (access(BUDDYSCOPE_THEMES, R_OK) == 0)
		return BUDDYSCOPE_THEMES;
	return BUDDYSCOPE_THEMES_INSTALLED;
}

int
ui_run(struct session *s, const struct ui_options *o, char *err,
       size_t errlen)
{
	struct app *a = calloc(1, sizeof(*a));
	struct session_io io = *session_io(s), saved_io = io;
	const char *nc = getenv("NO_COLOR");
	char hist_err[512];
	bool hist_ok;
	double now;

	if (!a) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	setlocale(LC_CTYPE, "");
	if (!ui_screen_open(NULL, NULL, NULL, &a->caps, err, errlen)) {
		free(a);
		return -1;
	}
	if (o->record_path) {
		int w, h;

		ui_screen_size(&w, &h);
		a->cast = ui_cast_open(o->record_path, w, h, getenv("TERM"), err,
				       errlen);
		if (!a->cast) {
			ui_screen_close();
			free(a);
			return -1;
		}
	}
	the_app = a;
	a->s = s;
	ui_state_init(&a->st);
	a->st.ascii = o->ascii || !a->caps.utf8;
	a->st.view.zone = ui_default_zone(session_machine(s));
	a->st.cursor_pfn = view_zone(a)->zi.start_pfn;
	a->themes_dir = find_themes_dir();
	if (nc && *nc)
		a->caps.colors = 0;	/* NO_COLOR: no colours at all */
	if (!apply_theme(a, o->theme ? o->theme : a->caps.colors ? "default" :
			 "mono"))
		apply_theme(a, "default");
	if (o->presenter)
		set_presenter(a, true);
	io.out = io_out;
	io.err = io_err;
	io.pause = io_pause;
	io.wait = io_wait;
	io.quiz = io_quiz;
	io.play = io_play;
	io.data = a;
	io.keep_going = true;
	session_set_io(s, &io);
	session_set_event_tap(s, on_event, a);
	session_set_screenshot(s, app_screenshot, a);
	if (o->setup_completion)
		o->setup_completion(s);
	ui_cmdline_start(&a->st, o->history_path, on_line, a);
	now = now_secs();
	a->need_layout = true;
	layout(a);
	snapshot(a, true, now);
	a->st.machine_name = session_preset_name(s);
	if (o->script) {
		char msg[256];

		if (player_load(a, o->script, msg, sizeof(msg))) {
			if (o->tour) {
				a->st.tour = true;
				set_message(a, false, "A short tour: Esc skips it, "
					    "Space pauses it");
			}
		} else {
			set_message(a, true, "%s", msg);
		}
		player_status(a);
	}
	while (!a->quit) {
		uint32_t ch = 0;
		int r;

		now = now_secs();
		a->st.machine_name = session_preset_name(s);
		if (a->need_layout || a->need_snap || a->dirty)
			redraw(a, now);
		r = ui_screen_getkey(next_timeout(a, now_secs()), &ch);
		now = now_secs();
		if (r)
			handle_key(a, r, ch, now);
		tick(a, now);
	}
	hist_ok = ui_cmdline_stop(hist_err, sizeof(hist_err));
	ui_screen_close();
	if (!hist_ok)
		fprintf(stderr, "buddyscope: history not saved: %s\n", hist_err);
	session_set_event_tap(s, NULL, NULL);
	session_set_screenshot(s, ui_batch_screenshot, s);
	session_set_io(s, &saved_io);
	ui_player_free(&a->pl);
	ui_snap_free(&a->snap);
	ui_snap_free(&a->prev);
	ui_frame_free(&a->frame);
	ui_cast_close(a->cast);
	ui_state_free(&a->st);
	free(a);
	the_app = NULL;
	return 0;
}
