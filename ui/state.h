/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * state.h - everything the screen shows besides the model snapshot: focus,
 * cursor and zoom, the event log, the caption, the command line as
 * readline last drew it, the script player's position, animation and
 * highlight timers, and the layout computed from the terminal's size.
 *
 * app.c changes it in response to keys, commands and events; compose.c
 * reads it (with a struct ui_snap) to compute a frame; tests fill it by
 * hand.  Times are seconds on a monotonic clock.
 */
#ifndef BUDDYSCOPE_UI_STATE_H
#define BUDDYSCOPE_UI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "mm.h"
#include "snap.h"

enum ui_panel {
	UI_P_MAP,
	UI_P_BITMAP,
	UI_P_FREELIST,
	UI_P_GAUGES,
	UI_P_LOG,
	NR_UI_PANELS,
};

enum ui_log_kind {
	UI_LOG_EVENT,
	UI_LOG_COMMAND,
	UI_LOG_OUTPUT,
	UI_LOG_ERROR,
	UI_LOG_CAPTION,
	UI_LOG_INFO,
};

/* What a zone went through in the last command, mildest first. */
enum ui_act_kind {
	UI_ACT_KSWAPD,		/* kswapd reclaimed from it */
	UI_ACT_COMPACT,		/* direct compaction */
	UI_ACT_RECLAIM,		/* direct reclaim */
	UI_ACT_OOM,		/* the OOM killer ran */
	NR_UI_ACTS,
};

struct ui_log_entry {
	uint8_t kind;		/* enum ui_log_kind */
	struct mm_event ev;	/* UI_LOG_EVENT */
	char *text;		/* the others (owned) */
};

#define UI_LOG_SIZE 4096
#define UI_SPARK 64

/* Rectangles of the layout. */
struct ui_rect {
	int x, y, w, h;
};

enum ui_layout_kind {
	UI_LAYOUT_TOO_SMALL,	/* a message only */
	UI_LAYOUT_REDUCED,	/* map, one gauge, log, command line */
	UI_LAYOUT_FULL,		/* every panel */
};

struct ui_layout {
	enum ui_layout_kind kind;
	int w, h;
	struct ui_rect status, caption, map, bitmap, freelist, gauges, log,
		message, cmdline;
	int cell_w;		/* columns per map cell (2 in presenter mode) */
	int map_cols, map_rows;	/* cells */
};

/* Minimum sizes. */
#define UI_MIN_W 40
#define UI_MIN_H 12
#define UI_FULL_W 80
#define UI_FULL_H 24

struct ui_state {
	struct ui_layout lay;
	bool ascii;
	bool presenter;
	bool view_mode;		/* keys drive the view, not readline */
	enum ui_panel focus;

	/* Map */
	struct ui_view view;
	bool zoom_fit;		/* recompute the fit on resize */
	uint64_t cursor_pfn;
	struct page_info cur_pi;
	bool cur_valid;
	char cur_handle[40];
	unsigned sel_order;	/* free list panel: selected order */
	bool pair_view;		/* bitmaps: one bit per pair (2.4) */

	/* Highlights: until when each map cell / list is shown changed. */
	double *hl_until;	/* view.ncells */
	unsigned hl_cap;
	double fl_hl[UI_ORDERS][MIGRATE_TYPES];
	double gauge_hl[MM_MAX_ZONES];

	/* Animation: events log[anim_pos..anim_end) still to show. */
	bool animate;
	uint64_t anim_pos, anim_end;
	bool anim_active;

	/* The in-between states (anim.h): the view zone's free lists as of
	 * log entry applied - 1. */
	struct ui_anim {
		uint32_t *lit;		/* as ui_snap.lit */
		uint8_t *lit_mt;
		size_t cap;		/* entries of lit and lit_mt */
		unsigned long nr_free[UI_ORDERS][MIGRATE_TYPES];
		bool lit_ok, fl_ok;	/* shown (checked against the end) */
		uint64_t applied;	/* log entries before it are applied */
		uint64_t pre;		/* a take applied before its turn */
		uint64_t end;		/* the command's last entry + 1 */
		struct ui_view view;	/* the view the counts are for */
		unsigned max_order;
		bool lit_bad, fl_bad;	/* a move the counts cannot follow */
		uint8_t *cell_mt;	/* the map's pageblock types */
		size_t cell_cap;
		unsigned pageblock_order;
		bool map_ok, map_bad;
	} anim;

	/* Compaction scanners (for issue 3's compaction): two markers. */
	bool scanners;
	uint64_t migrate_pfn, free_pfn;

	/* Event log: a ring of entries, absolute indices. */
	struct ui_log_entry *log;
	uint64_t log_total;
	uint64_t cmd_first;	/* the last command's first entry */

	/* What the last command put zones through, for the gauges, by
	 * kind (enum ui_act_kind, the worst shown): where the first event of
	 * the kind is in the log, the zones it touched, the latest words. */
	struct ui_act {
		bool seen;
		uint64_t at;	/* log index of the first such event */
		int zone;	/* this zone and those below it; -1: all */
		char text[48];
	} acts[NR_UI_ACTS];
	unsigned log_scroll;	/* lines from the bottom */
	bool show_trace;

	/* Sparklines: samples over commands for the shown zone. */
	long spark_free[UI_SPARK];
	int spark_frag[UI_SPARK];	/* unusable index at pageblock order */
	unsigned nspark;

	char caption[512];
	char message[256];	/* one line above the command line */
	bool message_error;

	/* The command line as readline drew it. */
	char prompt[64];
	char *line;
	int point;		/* byte offset of the cursor in line */
	char **matches;		/* completion matches to show */
	unsigned nmatches;

	/* Script player. */
	bool play_active;
	char play_name[64];
	unsigned play_step, play_total;
	bool playing, play_waiting;
	double speed;		/* 1.0 = one line per second */
	unsigned play_marks;	/* bookmarks set in the script */
	bool play_marked;	/* one is set at the current step */
	bool tour;		/* the player plays the first-run tour */

	/* The open quiz (the quiz command of a lesson), shown as a box
	 * until a key 1..quiz_n answers it or Esc skips it. */
	bool quiz_active;
	char quiz_question[256];
	char quiz_choice[9][96];
	unsigned quiz_n;

	bool show_help, show_legend;
	char theme_name[32];
	const char *machine_name;
};

void ui_state_init(struct ui_state *st);
void ui_state_free(struct ui_state *st);

/* Append to the log (text is copied; multi-line text is one entry per
 * line). */
void ui_log_text(struct ui_state *st, enum ui_log_kind kind, const char *text);
void ui_log_event(struct ui_state *st, const struct mm_event *ev);
/* Entry i (absolute), NULL when gone from the ring. */
const struct ui_log_entry *ui_log_get(const struct ui_state *st, uint64_t i);

/* The layout for w x h (presenter: 2-column cells); max_order decides the
 * rows of the bitmaps and free lists, nzones the gauge rows. */
void ui_layout_compute(struct ui_layout *l, int w, int h, bool presenter,
		       unsigned max_order, unsigned nzones);

/* Mark the map cells and free lists that differ between old and new as
 * changed until now + secs (old may be NULL or of another view). */
bool ui_state_diff(struct ui_state *st, const struct ui_snap *old,
		   const struct ui_snap *new_snap, double now, double secs);
/* Note what an event (logged at index at) does to zones for the gauges:
 * direct reclaim, direct compaction, kswapd's reclaim, an OOM kill.
 * Others are ignored.  ui_state_clear_activity() starts a command. */
void ui_state_note_activity(struct ui_state *st, const struct mm_event *ev,
			    uint64_t at);
void ui_state_clear_activity(struct ui_state *st);
/* Add a sparkline sample from the shown zone of sn. */
void ui_state_sample(struct ui_state *st, const struct ui_snap *sn);

/* Hook for compaction: show the migrate and free scanners at two PFNs
 * (on = false hides them). */
void ui_state_set_scanners(struct ui_state *st, bool on, uint64_t migrate_pfn,
			   uint64_t free_pfn);

#endif
