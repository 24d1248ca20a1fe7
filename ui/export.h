/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export.h - a frame as a picture for slides: SVG or HTML with the
 * theme's colours, and the frame the batch mode composes for it.
 *
 * Both writers draw a monospace grid: one <text>/<span> run per stretch
 * of cells with the same style, the background as rectangles (SVG) or
 * span backgrounds (HTML), every character escaped for XML.  Colours are
 * the theme's xterm-256 indices turned into RGB; "default" colours become
 * a light grey on black, as on a dark terminal.
 */
#ifndef BUDDYSCOPE_UI_EXPORT_H
#define BUDDYSCOPE_UI_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "frame.h"
#include "strbuf.h"
#include "theme.h"

struct session;

/* The size of the frame a screenshot composes when there is no screen. */
#define UI_SHOT_DEFAULT_W 120
#define UI_SHOT_DEFAULT_H 40

void ui_frame_svg(const struct ui_frame *f, const struct ui_theme *t,
		  struct strbuf *out);
void ui_frame_html(const struct ui_frame *f, const struct ui_theme *t,
		   struct strbuf *out);

/*
 * Write f to path as SVG (.svg) or HTML (.html, .htm), atomically.  False
 * with "PATH: reason" on an unknown extension or a write error.
 */
bool ui_frame_write_picture(const struct ui_frame *f, const struct ui_theme *t,
			    const char *path, char *err, size_t errlen);

/*
 * The session's screen as a fresh screen would first show it, w x h,
 * (the default zone fitted to the map, no highlights); false on out of
 * memory.
 */
bool ui_compose_fresh(const struct session *s, int w, int h, bool ascii,
		      struct ui_frame *f);

/* A screenshot hook (session_ui.h) for runs without a screen: composes
 * UI_SHOT_DEFAULT_W x UI_SHOT_DEFAULT_H with the default theme.  data is
 * the session. */
bool ui_batch_screenshot(void *data, const char *path, char *err,
			 size_t errlen);

#endif
