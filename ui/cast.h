/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cast.h - recording the screen as an asciinema v2 cast (--record).
 *
 * The file is a header line of JSON (version 2, width, height, timestamp,
 * env TERM and SHELL) and then one JSON array per event: [seconds, "o",
 * "output"] for what the terminal is sent, [seconds, "r", "WxH"] for a
 * resize.  The output is produced from the frames the screen shows: each
 * frame is sent as the difference from the previous one (cursor moves,
 * SGR colours from the theme, UTF-8 text), a full redraw after a resize,
 * so playing the cast in any terminal emulator gives the screen's text
 * and colours.  (ncurses 6 writes with write(2) on the terminal's file
 * descriptor, bypassing any FILE*, so a tee of its output through
 * fopencookie() would record nothing; the frame is also what the tests
 * can check.)  Every event is flushed at once: a crash loses nothing
 * that was already shown.
 */
#ifndef BUDDYSCOPE_UI_CAST_H
#define BUDDYSCOPE_UI_CAST_H

#include <stdbool.h>
#include <stddef.h>

#include "frame.h"
#include "strbuf.h"
#include "theme.h"

struct ui_cast;

/* Create path and write the header for a w x h terminal; NULL and
 * "PATH: reason" on failure.  term may be NULL. */
struct ui_cast *ui_cast_open(const char *path, int w, int h, const char *term,
			     char *err, size_t errlen);
/*
 * Record frame f shown at time now (seconds, any clock: the first call
 * is time 0).  ncolors is what the terminal has (0: attributes only).
 * False when the file could not be written (then recording stops and
 * ui_cast_error() says why).
 */
bool ui_cast_frame(struct ui_cast *c, const struct ui_frame *f,
		   const struct ui_theme *t, int ncolors, double now);
const char *ui_cast_error(const struct ui_cast *c);
/* Close the file (flushed); NULL is fine. */
void ui_cast_close(struct ui_cast *c);

/* The terminal output that turns frame prev (NULL: an unknown screen)
 * into f, appended to out (exposed for tests). */
void ui_cast_encode(const struct ui_frame *prev, const struct ui_frame *f,
		    const struct ui_theme *t, int ncolors, struct strbuf *out);
/* s[0..n) as a JSON string with quotes, appended to out. */
void ui_json_string(struct strbuf *out, const char *s, size_t n);

#endif
