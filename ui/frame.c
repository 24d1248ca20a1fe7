/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * frame.c - the cell grid of frame.h, its text writers and its text dump.
 */
#include "frame.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct ui_glyphs glyphs_utf8 = {
	.free_page = 0x00b7,			/* · */
	.shade = { 0x2591, 0x2592, 0x2593, 0x2588 },	/* ░▒▓█ */
	.full = 0x2588,
	.vline = 0x2502, .hline = 0x2500,
	.spark = { 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587,
		   0x2588 },
	.gauge_full = 0x2588, .gauge_empty = 0x00b7,
	.arrow = 0x25b8,
	.bar = { ' ', 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589,
		 0x2588 },
};

static const struct ui_glyphs glyphs_ascii = {
	.free_page = '.',
	.shade = { '.', ':', '+', '#' },
	.full = '#',
	.vline = '|', .hline = '-',
	.spark = { '_', '_', '.', '.', '-', '-', '^', '#' },
	.gauge_full = '=', .gauge_empty = '.',
	.arrow = '>',
	.bar = { ' ', ' ', ' ', '-', '-', '-', '=', '=', '#' },
};

const struct ui_glyphs *
ui_glyphs(bool ascii)
{
	return ascii ? &glyphs_ascii : &glyphs_utf8;
}

bool
ui_frame_resize(struct ui_frame *f, int w, int h, bool ascii)
{
	size_t n;

	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	n = (size_t)w * (size_t)h;
	if (n > f->cap) {
		struct ui_cell *c = realloc(f->cells, n * sizeof(*c));

		if (!c)
			return false;
		f->cells = c;
		f->cap = n;
	}
	f->w = w;
	f->h = h;
	f->ascii = ascii;
	f->cursor_x = f->cursor_y = 0;
	f->cursor_visible = false;
	ui_frame_clear(f, UI_NORMAL);
	return true;
}

void
ui_frame_free(struct ui_frame *f)
{
	free(f->cells);
	memset(f, 0, sizeof(*f));
}

void
ui_frame_clear(struct ui_frame *f, enum ui_role role)
{
	size_t n = (size_t)f->w * (size_t)f->h;

	for (size_t i = 0; i < n; i++) {
		f->cells[i].ch = ' ';
		f->cells[i].role = (uint8_t)role;
		f->cells[i].flags = 0;
	}
}

void
ui_frame_put(struct ui_frame *f, int x, int y, uint32_t ch, enum ui_role role)
{
	struct ui_cell *c;

	if (x < 0 || y < 0 || x >= f->w || y >= f->h)
		return;
	if (f->ascii && ch > 0x7e)
		ch = '?';
	if (ch < 0x20 || ch == 0x7f)
		ch = '?';
	c = ui_frame_at(f, x, y);
	c->ch = ch;
	c->role = (uint8_t)role;
	c->flags = 0;
}

size_t
ui_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned need;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		need = 1;
		c = s[0] & 0x1fu;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 2;
		c = s[0] & 0x0fu;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 3;
		c = s[0] & 0x07u;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len < need + 1) {
		*cp = 0xfffd;
		return 1;
	}
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and out of range. */
	if ((need == 1 && c < 0x80) || (need == 2 && c < 0x800) ||
	    (need == 3 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	*cp = c;
	return need + 1;
}

size_t
ui_utf8_encode(uint32_t cp, char *buf)
{
	unsigned char *b = (unsigned char *)buf;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | (cp >> 18));
	b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Code points that take other than one column are shown as '?', so that
 * the grid stays aligned whatever the terminal's wcwidth says. */
static uint32_t
one_column(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return '?';
	if (cp >= 0x0300 && cp < 0x0370)	/* combining marks */
		return '?';
	if (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) ||
			     (cp >= 0xac00 && cp <= 0xd7a3) ||
			     (cp >= 0xf900 && cp <= 0xfaff) ||
			     (cp >= 0xfe30 && cp <= 0xfe4f) ||
			     (cp >= 0xff00 && cp <= 0xff60) ||
			     (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f000))
		return '?';
	return cp;
}

int
ui_frame_text(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
	      const char *s)
{
	size_t len = strlen(s), i = 0;
	int n = 0;

	if (y < 0 || y >= f->h)
		return 0;
	if (maxw < 0 || x + maxw > f->w)
		maxw = f->w - x;
	while (i < len && n < maxw) {
		uint32_t cp;

		i += ui_utf8_decode(s + i, len - i, &cp);
		ui_frame_put(f, x + n, y, one_column(cp), role);
		n++;
	}
	return n;
}

int
ui_frame_textf(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
	       const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_frame_text(f, x, y, maxw, role, buf);
}

void
ui_frame_fill(struct ui_frame *f, int x, int y, int n, uint32_t ch,
	      enum ui_role role)
{
	for (int i = 0; i < n; i++)
		ui_frame_put(f, x + i, y, ch, role);
}

void
ui_frame_flag(struct ui_frame *f, int x, int y, int w, int h, uint8_t flags)
{
	for (int r = y; r < y + h; r++)
		for (int c = x; c < x + w; c++)
			if (r >= 0 && c >= 0 && r < f->h && c < f->w)
				ui_frame_at(f, c, r)->flags |= flags;
}

void
ui_frame_row_text(const struct ui_frame *f, int y, struct strbuf *sb)
{
	char buf[4];

	if (y < 0 || y >= f->h)
		return;
	for (int x = 0; x < f->w; x++) {
		size_t n = ui_utf8_encode(f->cells[(size_t)y * (size_t)f->w +
						   (size_t)x].ch, buf);

		strbuf_add(sb, buf, n);
	}
}

void
ui_frame_to_text(const struct ui_frame *f, struct strbuf *sb)
{
	for (int y = 0; y < f->h; y++) {
		size_t start = sb->len;

		ui_frame_row_text(f, y, sb);
		while (sb->len > start && sb->buf[sb->len - 1] == ' ')
			sb->len--;
		if (sb->buf)
			sb->buf[sb->len] = '\0';
		strbuf_addc(sb, '\n');
	}
}
