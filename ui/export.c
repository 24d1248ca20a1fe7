/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export.c - screenshots: a frame as SVG or HTML (export.h).
 *
 * Each row is cut into runs of cells that share a resolved style
 * (foreground, background, bold, underline): one background rectangle
 * and one text element per run, so a 120x40 screen is a few hundred
 * elements.  The grid is exact: x = column * 8.4, y = row * 17 in SVG
 * (the advance of a 14px monospace font) with textLength pinning each
 * run's width, and white-space: pre in HTML.
 */
#include "export.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compose.h"
#include "readfile.h"
#include "session.h"
#include "session_ui.h"
#include "snap.h"
#include "state.h"

#define CELL_W 8.4
#define CELL_H 17.0
#define FONT_PX 14
#define DEFAULT_FG 0xd0d0d0u
#define DEFAULT_BG 0x000000u

/* The xterm 256-colour palette as 0xRRGGBB. */
static unsigned
xterm_rgb(int c, unsigned dflt)
{
	static const unsigned base16[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
		0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
		0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	static const unsigned level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 0 || c > 255)
		return dflt;
	if (c < 16)
		return base16[c];
	if (c < 232) {
		c -= 16;
		return level[c / 36] << 16 | level[(c / 6) % 6] << 8 | level[c % 6];
	}
	c = 8 + (c - 232) * 10;
	return (unsigned)c << 16 | (unsigned)c << 8 | (unsigned)c;
}

struct cell_style {
	unsigned fg, bg;
	bool bold, underline;
};

static struct cell_style
resolve(const struct ui_theme *t, const struct ui_cell *c)
{
	const struct ui_style *st = &t->role[c->role < NR_UI_ROLES ? c->role : 0];
	const struct ui_style *hl = &t->role[UI_HILITE];
	struct cell_style r;
	uint8_t attr = st->attr;
	int fg = st->fg, bg = st->bg;

	if (c->flags & UI_CELL_HILITE) {
		/* screen.c draws changed cells in the hilite role's colours */
		if (hl->fg >= 0)
			fg = hl->fg;
		if (hl->bg >= 0)
			bg = hl->bg;
		attr |= hl->attr;
	}
	r.fg = xterm_rgb(t->mono ? -1 : fg, DEFAULT_FG);
	r.bg = xterm_rgb(t->mono ? -1 : bg, DEFAULT_BG);
	if (attr & UI_ATTR_DIM)
		r.fg = (r.fg >> 1) & 0x7f7f7fu;
	if (((attr & UI_ATTR_REVERSE) != 0) != ((c->flags & UI_CELL_REVERSE) != 0)) {
		unsigned x = r.fg;

		r.fg = r.bg;
		r.bg = x;
	}
	r.bold = (attr & UI_ATTR_BOLD) || (c->flags & UI_CELL_BOLD);
	r.underline = attr & UI_ATTR_UNDERLINE;
	return r;
}

static bool
same_style(const struct cell_style *a, const struct cell_style *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->bold == b->bold &&
	       a->underline == b->underline;
}

/* One code point, escaped for XML text. */
static void
put_escaped(struct strbuf *out, uint32_t ch)
{
	char buf[8];
	size_t n;

	switch (ch) {
	case '<':
		strbuf_adds(out, "&lt;");
		return;
	case '>':
		strbuf_adds(out, "&gt;");
		return;
	case '&':
		strbuf_adds(out, "&amp;");
		return;
	case '"':
		strbuf_adds(out, "&quot;");
		return;
	case '\'':
		strbuf_adds(out, "&#39;");
		return;
	default:
		break;
	}
	/* XML 1.0 allows no C0 controls but tab and newline; a frame holds
	 * none (ui_frame_text turns them into '?'), but be sure. */
	if (ch < 0x20 || ch == 0x7f || (ch >= 0xd800 && ch <= 0xdfff) ||
	    ch == 0xfffe || ch == 0xffff || ch > 0x10ffff)
		ch = '?';
	n = ui_utf8_encode(ch, buf);
	strbuf_add(out, buf, n);
}

/* Call run() for every run of equal style in row y: [x0, x1). */
static int
run_end(const struct ui_frame *f, const struct ui_theme *t, int y, int x0,
	struct cell_style *st)
{
	int x = x0 + 1;

	*st = resolve(t, &f->cells[(size_t)y * (size_t)f->w + (size_t)x0]);
	while (x < f->w) {
		struct cell_style s2 = resolve(t, &f->cells[(size_t)y * (size_t)f->w +
							    (size_t)x]);

		if (!same_style(st, &s2))
			break;
		x++;
	}
	return x;
}

void
ui_frame_svg(const struct ui_frame *f, const struct ui_theme *t,
	     struct strbuf *out)
{
	double width = f->w * CELL_W, height = f->h * CELL_H;

	strbuf_addf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.1f\" "
		    "height=\"%.1f\" viewBox=\"0 0 %.1f %.1f\">\n"
		    "<title>buddyscope</title>\n"
		    "<rect x=\"0\" y=\"0\" width=\"%.1f\" height=\"%.1f\" "
		    "fill=\"#%06x\"/>\n"
		    "<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" "
		    "font-size=\"%d\" xml:space=\"preserve\">\n",
		    width, height, width, height, width, height, DEFAULT_BG, FONT_PX);
	for (int y = 0; y < f->h; y++) {
		for (int x = 0; x < f->w;) {
			struct cell_style st;
			int end = run_end(f, t, y, x, &st);
			bool blank = true;

			if (st.bg != DEFAULT_BG)
				strbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
					    "height=\"%.1f\" fill=\"#%06x\"/>\n",
					    x * CELL_W, y * CELL_H, (end - x) * CELL_W,
					    CELL_H, st.bg);
			for (int i = x; i < end; i++)
				if (f->cells[(size_t)y * (size_t)f->w + (size_t)i].ch != ' ')
					blank = false;
			if (!blank) {
				strbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" "
					    "textLength=\"%.1f\" fill=\"#%06x\"%s%s>",
					    x * CELL_W, y * CELL_H + CELL_H * 0.78,
					    (end - x) * CELL_W, st.fg,
					    st.bold ? " font-weight=\"bold\"" : "",
					    st.underline ? " text-decoration=\"underline\"" : "");
				for (int i = x; i < end; i++)
					put_escaped(out, f->cells[(size_t)y * (size_t)f->w +
								  (size_t)i].ch);
				strbuf_adds(out, "</text>\n");
			}
			x = end;
		}
	}
	strbuf_adds(out, "</g>\n</svg>\n");
}

void
ui_frame_html(const struct ui_frame *f, const struct ui_theme *t,
	      struct strbuf *out)
{
	strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<title>buddyscope</title>\n"
		    "<style>\n"
		    "pre.bs { font-family: \"DejaVu Sans Mono\", Menlo, Consolas, "
		    "monospace; font-size: %dpx; line-height: %.0fpx; color: #%06x; "
		    "background: #%06x; padding: 0.5em; margin: 0; "
		    "display: inline-block; white-space: pre; }\n"
		    "</style>\n</head>\n<body>\n<pre class=\"bs\">",
		    FONT_PX, CELL_H, DEFAULT_FG, DEFAULT_BG);
	for (int y = 0; y < f->h; y++) {
		for (int x = 0; x < f->w;) {
			struct cell_style st;
			int end = run_end(f, t, y, x, &st);
			bool plain = st.fg == DEFAULT_FG && st.bg == DEFAULT_BG &&
				     !st.bold && !st.underline;

			if (!plain)
				strbuf_addf(out, "<span style=\"color:#%06x;"
					    "background-color:#%06x%s%s\">", st.fg, st.bg,
					    st.bold ? ";font-weight:bold" : "",
					    st.underline ? ";text-decoration:underline" : "");
			for (int i = x; i < end; i++)
				put_escaped(out, f->cells[(size_t)y * (size_t)f->w +
							  (size_t)i].ch);
			if (!plain)
				strbuf_adds(out, "</span>");
			x = end;
		}
		strbuf_addc(out, '\n');
	}
	strbuf_adds(out, "</pre>\n</body>\n</html>\n");
}

static const char *
extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');

	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

bool
ui_frame_write_picture(const struct ui_frame *f, const struct ui_theme *t,
		       const char *path, char *err, size_t errlen)
{
	const char *ext = extension(path);
	struct strbuf sb = STRBUF_INIT;
	bool ok;

	if (strcasecmp(ext, "svg") == 0) {
		ui_frame_svg(f, t, &sb);
	} else if (strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0) {
		ui_frame_html(f, t, &sb);
	} else {
		snprintf(err, errlen, "%s: unknown picture type '.%s': expected .svg "
			 "or .html", path, ext);
		return false;
	}
	if (sb.failed) {
		strbuf_release(&sb);
		snprintf(err, errlen, "%s: out of memory", path);
		return false;
	}
	ok = writefile_atomic(path, sb.buf, sb.len, false, err, errlen);
	strbuf_release(&sb);
	return ok;
}

bool
ui_compose_fresh(const struct session *s, int w, int h, bool ascii,
		 struct ui_frame *f)
{
	const struct machine *m = session_machine(s);
	struct ui_state st;
	struct ui_snap sn;
	unsigned ncells;
	bool ok;

	memset(&sn, 0, sizeof(sn));
	ui_state_init(&st);
	st.ascii = ascii;
	ui_layout_compute(&st.lay, w, h, false, mm_max_order(m),
			  ui_populated_zones(m));
	ncells = (unsigned)(st.lay.map_cols > 0 ? st.lay.map_cols : 1) *
		 (unsigned)(st.lay.map_rows > 0 ? st.lay.map_rows : 1);
	st.view.zone = ui_default_zone(m);
	ui_view_fit(m, st.view.zone, ncells, &st.view);
	ok = ui_snap_take(&sn, m, &st.view);
	if (ok) {
		ui_state_diff(&st, NULL, &sn, 0, 0);
		ui_state_sample(&st, &sn);
		st.cursor_pfn = sn.zones[st.view.zone].zi.start_pfn;
		st.cur_valid = mm_page_info(m, st.cursor_pfn, &st.cur_pi);
		ui_compose(f, &st, &sn, 0);
		ok = f->w == w && f->h == h;
	}
	ui_snap_free(&sn);
	ui_state_free(&st);
	return ok;
}

bool
ui_batch_screenshot(void *data, const char *path, char *err, size_t errlen)
{
	const struct session *s = data;
	struct ui_frame f;
	struct ui_theme t;
	bool ok;

	memset(&f, 0, sizeof(f));
	ui_theme_builtin("default", &t);
	if (!ui_compose_fresh(s, UI_SHOT_DEFAULT_W, UI_SHOT_DEFAULT_H, false, &f)) {
		ui_frame_free(&f);
		snprintf(err, errlen, "%s: out of memory composing the screen", path);
		return false;
	}
	ok = ui_frame_write_picture(&f, &t, path, err, errlen);
	ui_frame_free(&f);
	return ok;
}
