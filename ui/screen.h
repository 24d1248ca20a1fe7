/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen.h - the terminal, through curses.  screen.c is the only file of
 * buddyscope that includes curses.h: it opens and restores the terminal,
 * turns a theme into colour pairs, blits a frame and reads keys.
 *
 * The terminal is restored on every way out: ui_screen_close(), exit()
 * (atexit) and the signals SIGTERM, SIGHUP, SIGINT and SIGQUIT (the
 * handler puts back the saved termios and leaves the alternate screen
 * with write(2), then dies of the signal as it would have).
 */
#ifndef BUDDYSCOPE_UI_SCREEN_H
#define BUDDYSCOPE_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frame.h"
#include "theme.h"

struct ui_screen_caps {
	int colors;		/* 0 (mono), 8, 16 or 256 */
	bool utf8;		/* the locale's code set is UTF-8 */
};

/*
 * Open the screen on the process's terminal (term NULL: $TERM) or, for
 * tests, on the given streams with a named terminal type.  False with a
 * message when the terminal cannot address the cursor (TERM=dumb, unknown
 * types).
 */
bool ui_screen_open(const char *term, FILE *out, FILE *in,
		    struct ui_screen_caps *caps, char *err, size_t errlen);
void ui_screen_close(void);
bool ui_screen_is_open(void);

/* The size now (after KEY_RESIZE too). */
void ui_screen_size(int *w, int *h);
/* Resize the curses screen itself (tests: no terminal to ask). */
void ui_screen_resize(int w, int h);

/* Colour pairs and attributes of every role (no colours when
 * caps.colors is 0 or theme->mono). */
void ui_screen_set_theme(const struct ui_theme *t);

/* Draw f and update the terminal (curses sends only what changed). */
void ui_screen_blit(const struct ui_frame *f);
/* Clear and redraw everything (Ctrl-L). */
void ui_screen_redraw(void);

/*
 * Wait at most timeout_ms (< 0: until something happens) for a key.
 * Returns 0 on timeout, 1 with a character in *ch, 2 with a curses key
 * code (keycodes.h) in *ch.
 */
int ui_screen_getkey(int timeout_ms, uint32_t *ch);

/* The text of row y of the curses screen (tests). */
void ui_screen_row(int y, char *buf, size_t len);
/* The colour pair and attributes of a cell, as curses holds them (tests):
 * the pair number and whether it is bold/reverse. */
int ui_screen_cell_pair(int x, int y, bool *bold, bool *reverse);

#endif
