/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * frame.h - the frame: what the screen shows, as plain data.
 *
 * A struct ui_frame is a grid of cells, each a Unicode code point (always
 * one column wide), a colour role (theme.h) and a few flags, plus where the
 * terminal cursor goes.  ui/ computes a frame from a model snapshot
 * (compose.c) and only screen.c turns it into curses calls, so the frame
 * can be tested, dumped as text and benchmarked without a terminal.
 *
 * Text is written in UTF-8; in an ASCII frame (locale not UTF-8) every
 * non-ASCII code point is stored as '?', and the panels choose ASCII
 * glyphs from struct ui_glyphs.
 */
#ifndef BUDDYSCOPE_UI_FRAME_H
#define BUDDYSCOPE_UI_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "theme.h"

/* Cell flags. */
#define UI_CELL_HILITE	0x01	/* changed a moment ago: drawn highlighted */
#define UI_CELL_BOLD	0x02
#define UI_CELL_REVERSE	0x04

struct ui_cell {
	uint32_t ch;		/* code point, one column */
	uint8_t role;		/* enum ui_role */
	uint8_t flags;		/* UI_CELL_* */
};

struct ui_frame {
	int w, h;
	bool ascii;		/* store only ASCII */
	struct ui_cell *cells;	/* h rows of w */
	int cursor_x, cursor_y;	/* where the terminal cursor goes */
	bool cursor_visible;
	size_t cap;
};

/* The glyphs the panels draw with, in UTF-8 and in ASCII. */
struct ui_glyphs {
	uint32_t free_page;	/* a free page inside a block */
	uint32_t shade[4];	/* 1/4, 1/2, 3/4, full */
	uint32_t full;		/* a lit bitmap cell */
	uint32_t vline, hline;
	uint32_t spark[8];	/* sparkline levels */
	uint32_t gauge_full, gauge_empty;
	uint32_t arrow;		/* beyond the gauge's scale */
	uint32_t bar[9];	/* horizontal bar eighths 0..8 */
};
const struct ui_glyphs *ui_glyphs(bool ascii);

/* Resize (and clear) to w x h; false on out of memory (frame unchanged). */
bool ui_frame_resize(struct ui_frame *f, int w, int h, bool ascii);
void ui_frame_free(struct ui_frame *f);
/* Fill with blanks of role. */
void ui_frame_clear(struct ui_frame *f, enum ui_role role);

static inline struct ui_cell *
ui_frame_at(struct ui_frame *f, int x, int y)
{
	return &f->cells[(size_t)y * (size_t)f->w + (size_t)x];
}

/* One cell, clipped to the frame. */
void ui_frame_put(struct ui_frame *f, int x, int y, uint32_t ch,
		  enum ui_role role);
/*
 * UTF-8 text at (x, y), at most maxw columns (clipped to the frame as
 * well); control characters become '?'.  Returns the columns written.
 */
int ui_frame_text(struct ui_frame *f, int x, int y, int maxw,
		  enum ui_role role, const char *s);
int ui_frame_textf(struct ui_frame *f, int x, int y, int maxw,
		   enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Fill a run of cells. */
void ui_frame_fill(struct ui_frame *f, int x, int y, int n, uint32_t ch,
		   enum ui_role role);
/* Set flags on a rectangle. */
void ui_frame_flag(struct ui_frame *f, int x, int y, int w, int h,
		   uint8_t flags);

/* Row y as UTF-8 text (trailing blanks kept) into sb. */
void ui_frame_row_text(const struct ui_frame *f, int y, struct strbuf *sb);
/* The whole frame as text, one line per row, trailing blanks trimmed. */
void ui_frame_to_text(const struct ui_frame *f, struct strbuf *sb);

/* Decode one UTF-8 sequence at s (len bytes left); returns its length
 * (at least 1) and stores the code point, or U+FFFD for bad input. */
size_t ui_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into buf (4 bytes at least); returns the length. */
size_t ui_utf8_encode(uint32_t cp, char *buf);

#endif
