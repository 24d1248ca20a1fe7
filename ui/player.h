/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * player.h - a script held as lines, for replay in the screen: play and
 * pause, step forward and back, go to a step, speed.
 *
 * The player only keeps the lines and the position; app.c runs each line
 * with session_execute_line().  Before a line runs, the session's undo
 * position is recorded, so stepping back is `undo` by the difference
 * (within the session's undo depth).  A step is a line of the file; in a
 * kmem trace, an event.
 */
#ifndef BUDDYSCOPE_UI_PLAYER_H
#define BUDDYSCOPE_UI_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui_player {
	char **lines;
	unsigned n;		/* lines in the file */
	unsigned next;		/* index of the next line to run */
	uint64_t *pos_before;	/* undo position before line i ran */
	unsigned *marks;	/* bookmarked steps, ascending */
	unsigned nmarks;
	char name[64];		/* the file's base name */
	bool trace;		/* a kmem trace: a step is an event */
	char *path;
};

/* Load a file; false with a message.  Lines keep no newline.  A kmem
 * trace (packed with gzip or xz, or plain text whose first line that is
 * not blank or # is a kmem page event) is loaded with
 * ui_player_load_trace(), one step per event. */
bool ui_player_load(struct ui_player *p, const char *path, char *err,
		    size_t errlen);
void ui_player_free(struct ui_player *p);

/*
 * A kernel kmem trace of nevents events as a script of one step per
 * event: line K is `replay "PATH" from=K count=1`, so stepping back is
 * undo like any line.  The session keeps the file open between steps.
 */
#define UI_PLAYER_MAX_TRACE_STEPS 10000000u
bool ui_player_load_trace(struct ui_player *p, const char *path,
			  unsigned long nevents, char *err, size_t errlen);

/*
 * Bookmarks: steps (0..n, the number of lines run) a teacher can jump
 * back to.  toggle sets or clears one at step and returns whether it is
 * set now (false also when out of memory).
 */
bool ui_player_toggle_mark(struct ui_player *p, unsigned step);
bool ui_player_is_marked(const struct ui_player *p, unsigned step);
/* The nearest bookmark after (dir > 0) or before (dir < 0) step; false
 * when there is none. */
bool ui_player_next_mark(const struct ui_player *p, unsigned step, int dir,
			 unsigned *out);

/* What a line is, for the player's timing. */
enum ui_line_kind {
	UI_LINE_BLANK,		/* blank or # comment: no pause after it */
	UI_LINE_SAY,		/* a caption (say, or a quiz's answer): held
				 * longer */
	UI_LINE_PAUSE,		/* pause [S]: the player waits */
	UI_LINE_COMMAND,
};
enum ui_line_kind ui_line_kind(const char *line, double *pause_secs);

#endif
