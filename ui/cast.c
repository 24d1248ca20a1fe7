/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cast.c - the asciinema v2 recorder of cast.h.
 *
 * struct ui_cast keeps the file, the time of the first frame and a copy
 * of the last frame recorded, so each event carries only what changed.
 */
#include "cast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ui_cast {
	FILE *fp;
	char *path;
	bool started, failed;
	double t0;
	struct ui_frame last;
	bool have_last;
	char err[256];
};

void
ui_json_string(struct strbuf *out, const char *s, size_t n)
{
	strbuf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\') {
			strbuf_addc(out, '\\');
			strbuf_addc(out, (char)ch);
		} else if (ch == '\n') {
			strbuf_adds(out, "\\n");
		} else if (ch == '\r') {
			strbuf_adds(out, "\\r");
		} else if (ch == '\t') {
			strbuf_adds(out, "\\t");
		} else if (ch < 0x20 || ch == 0x7f) {
			strbuf_addf(out, "\\u%04x", ch);
		} else {
			strbuf_addc(out, (char)ch);
		}
	}
	strbuf_addc(out, '"');
}

struct sgr {
	int fg, bg;
	uint8_t attr;
};

static struct sgr
cell_sgr(const struct ui_theme *t, const struct ui_cell *c, int ncolors)
{
	const struct ui_style *st = &t->role[c->role < NR_UI_ROLES ? c->role : 0];
	struct sgr r = { st->fg, st->bg, st->attr };

	if (c->flags & UI_CELL_HILITE) {
		const struct ui_style *hl = &t->role[UI_HILITE];

		if (hl->fg >= 0)
			r.fg = hl->fg;
		if (hl->bg >= 0)
			r.bg = hl->bg;
		r.attr |= hl->attr;
	}
	if (c->flags & UI_CELL_BOLD)
		r.attr |= UI_ATTR_BOLD;
	if (c->flags & UI_CELL_REVERSE)
		r.attr ^= UI_ATTR_REVERSE;
	if (t->mono || ncolors == 0) {
		r.fg = r.bg = -1;
	} else {
		r.fg = r.fg >= 0 ? ui_colour_reduce(r.fg, ncolors) : -1;
		r.bg = r.bg >= 0 ? ui_colour_reduce(r.bg, ncolors) : -1;
	}
	return r;
}

static void
put_sgr(struct strbuf *out, const struct sgr *s)
{
	strbuf_adds(out, "\x1b[0");
	if (s->attr & UI_ATTR_BOLD)
		strbuf_adds(out, ";1");
	if (s->attr & UI_ATTR_DIM)
		strbuf_adds(out, ";2");
	if (s->attr & UI_ATTR_UNDERLINE)
		strbuf_adds(out, ";4");
	if (s->attr & UI_ATTR_REVERSE)
		strbuf_adds(out, ";7");
	if (s->fg >= 0)
		strbuf_addf(out, ";38;5;%d", s->fg);
	if (s->bg >= 0)
		strbuf_addf(out, ";48;5;%d", s->bg);
	strbuf_addc(out, 'm');
}

void
ui_cast_encode(const struct ui_frame *prev, const struct ui_frame *f,
	       const struct ui_theme *t, int ncolors, struct strbuf *out)
{
	bool full = !prev || prev->w != f->w || prev->h != f->h;
	struct sgr cur = { -2, -2, 0xff };
	int cx = -1, cy = -1;

	strbuf_adds(out, "\x1b[?25l");
	if (full)
		strbuf_adds(out, "\x1b[0m\x1b[H\x1b[2J");
	for (int y = 0; y < f->h; y++) {
		for (int x = 0; x < f->w; x++) {
			const struct ui_cell *c = &f->cells[(size_t)y * (size_t)f->w +
							    (size_t)x];
			struct sgr s;
			char buf[8];

			if (!full) {
				const struct ui_cell *p = &prev->cells[(size_t)y *
					(size_t)prev->w + (size_t)x];

				if (p->ch == c->ch && p->role == c->role &&
				    p->flags == c->flags)
					continue;
			}
			if (cx != x || cy != y)
				strbuf_addf(out, "\x1b[%d;%dH", y + 1, x + 1);
			s = cell_sgr(t, c, ncolors);
			if (s.fg != cur.fg || s.bg != cur.bg || s.attr != cur.attr) {
				put_sgr(out, &s);
				cur = s;
			}
			strbuf_add(out, buf, ui_utf8_encode(c->ch < 0x20 ? '?' : c->ch,
							    buf));
			cx = x + 1;
			cy = y;
			if (cx >= f->w)
				cx = -1;	/* pending wrap: always move */
		}
	}
	strbuf_adds(out, "\x1b[0m");
	if (f->cursor_visible && f->cursor_x >= 0 && f->cursor_y >= 0)
		strbuf_addf(out, "\x1b[%d;%dH\x1b[?25h", f->cursor_y + 1,
			    f->cursor_x + 1);
}

static bool
cast_fail(struct ui_cast *c, const char *what)
{
	snprintf(c->err, sizeof(c->err), "%s: %s", c->path, what);
	c->failed = true;
	return false;
}

struct ui_cast *
ui_cast_open(const char *path, int w, int h, const char *term, char *err,
	     size_t errlen)
{
	struct ui_cast *c = calloc(1, sizeof(*c));
	struct strbuf sb = STRBUF_INIT;
	const char *shell = getenv("SHELL");

	if (!c || !(c->path = strdup(path))) {
		free(c);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->fp = fopen(path, "w");
	if (!c->fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(c->path);
		free(c);
		return NULL;
	}
	strbuf_addf(&sb, "{\"version\": 2, \"width\": %d, \"height\": %d, "
		    "\"timestamp\": %lld, \"env\": {", w, h, (long long)time(NULL));
	strbuf_adds(&sb, "\"TERM\": ");
	ui_json_string(&sb, term ? term : "xterm-256color",
		       strlen(term ? term : "xterm-256color"));
	if (shell && *shell) {
		strbuf_adds(&sb, ", \"SHELL\": ");
		ui_json_string(&sb, shell, strlen(shell));
	}
	strbuf_adds(&sb, "}, \"title\": \"buddyscope\"}\n");
	if (sb.failed || fwrite(sb.buf, 1, sb.len, c->fp) != sb.len ||
	    fflush(c->fp) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		strbuf_release(&sb);
		fclose(c->fp);
		free(c->path);
		free(c);
		return NULL;
	}
	strbuf_release(&sb);
	return c;
}

bool
ui_cast_frame(struct ui_cast *c, const struct ui_frame *f,
	      const struct ui_theme *t, int ncolors, double now)
{
	struct strbuf data = STRBUF_INIT, line = STRBUF_INIT;
	double at;
	bool ok;

	if (!c || c->failed)
		return false;
	if (!c->started) {
		c->t0 = now;
		c->started = true;
	}
	at = now - c->t0;
	if (c->have_last && (c->last.w != f->w || c->last.h != f->h))
		strbuf_addf(&line, "[%.6f, \"r\", \"%dx%d\"]\n", at, f->w, f->h);
	ui_cast_encode(c->have_last ? &c->last : NULL, f, t, ncolors, &data);
	strbuf_addf(&line, "[%.6f, \"o\", ", at);
	ui_json_string(&line, data.buf ? data.buf : "", data.len);
	strbuf_adds(&line, "]\n");
	ok = !data.failed && !line.failed &&
	     fwrite(line.buf, 1, line.len, c->fp) == line.len && fflush(c->fp) == 0;
	strbuf_release(&data);
	strbuf_release(&line);
	if (!ok)
		return cast_fail(c, strerror(errno ? errno : EIO));
	if (!ui_frame_resize(&c->last, f->w, f->h, f->ascii))
		return cast_fail(c, "out of memory");
	memcpy(c->last.cells, f->cells, (size_t)f->w * (size_t)f->h * sizeof(*f->cells));
	c->have_last = true;
	return true;
}

const char *
ui_cast_error(const struct ui_cast *c)
{
	return c && c->failed ? c->err : NULL;
}

void
ui_cast_close(struct ui_cast *c)
{
	if (!c)
		return;
	if (c->fp)
		fclose(c->fp);
	ui_frame_free(&c->last);
	free(c->path);
	free(c);
}
