/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - the screen's entry point for main.c.
 *
 * ui_run() takes over the terminal with curses and shows the allocator
 * live: memory map, per-order bitmaps, free lists, watermark gauges,
 * fragmentation and the event log, with GNU readline at the bottom and a
 * script player.  It returns when the user quits, with the terminal
 * restored.
 */
#ifndef BUDDYSCOPE_UI_H
#define BUDDYSCOPE_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

struct ui_options {
	const char *script;		/* play this script or trace, or NULL */
	const char *history_path;	/* readline history file, or NULL */
	const char *theme;		/* theme name or file, NULL: default */
	bool presenter;			/* big cells, high contrast */
	bool ascii;			/* ASCII glyphs even in UTF-8 */
	const char *record_path;	/* --record: asciinema cast, or NULL */
	bool tour;			/* script is the first-run tour: Esc
					 * skips it; it ends on a hint */
	/* Installs readline's completion for the session's commands. */
	void (*setup_completion)(struct session *s);
};

/*
 * Run the screen.  Returns the exit status (0), or -1 with a message in
 * err when the screen cannot start on this terminal (TERM=dumb, unknown
 * terminal type): the caller then uses the plain command line.
 */
int ui_run(struct session *s, const struct ui_options *o, char *err,
	   size_t errlen);

#endif
