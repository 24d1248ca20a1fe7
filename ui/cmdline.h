/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmdline.h - GNU readline inside the screen, through its callback
 * interface (the approach of gdb's TUI; see ../shared/style/GUIDE.md).
 *
 * curses owns the terminal.  Keys read by screen.c are fed here; readline
 * reads them through rl_getc_function, edits its line, and instead of
 * printing calls our redisplay hook, which copies the prompt, the line and
 * the cursor into the struct ui_state for the frame to draw.  Completion
 * matches go to the state too (drawn as a box), never to the terminal.
 * Curses key codes of the arrows, Home, End and Delete are fed to readline
 * as the escape sequences it binds by default, so history and editing
 * keys work with keypad() on.
 */
#ifndef BUDDYSCOPE_UI_CMDLINE_H
#define BUDDYSCOPE_UI_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/* Start readline for st; on_line gets each entered line (NULL on Ctrl-D
 * at an empty line), to free with free().  history_path may be NULL. */
void ui_cmdline_start(struct ui_state *st, const char *history_path,
		      void (*on_line)(char *line, void *data), void *data);
/* Feed a character (a code point) or a curses key code. */
void ui_cmdline_feed_char(unsigned cp);
void ui_cmdline_feed_key(int key);
/* Replace the line being edited (e.g. ":goto "), cursor at the end. */
void ui_cmdline_set_line(const char *text);
/* Whether the line being edited is empty. */
bool ui_cmdline_empty(void);
/* Save the history (atomically: a failed write keeps the old file and
 * returns false with a message) and hand the terminal settings back. */
bool ui_cmdline_stop(char *err, size_t errlen);

#endif
