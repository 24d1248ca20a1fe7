/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compose.h - computing a frame from a snapshot and the screen state.
 *
 * ui_compose() is a pure function of (state, snapshot, time): it writes
 * every cell of the frame and touches neither the model nor the terminal.
 * It is what the tests check and what the benchmark times.
 */
#ifndef BUDDYSCOPE_UI_COMPOSE_H
#define BUDDYSCOPE_UI_COMPOSE_H

#include "frame.h"
#include "snap.h"
#include "state.h"

/* Resize f to the layout's size and draw everything into it. */
void ui_compose(struct ui_frame *f, const struct ui_state *st,
		const struct ui_snap *sn, double now);

/* The glyph and role of one map cell (exposed for tests). */
uint32_t ui_map_glyph(const struct ui_map_cell *c, uint64_t ppc,
		      unsigned pageblock_order, const struct ui_glyphs *g,
		      enum ui_role *role);

/* "262144" -> "262k" etc. in at most width columns. */
void ui_fmt_count(unsigned long v, int width, char *buf, size_t len);

/* The first map cell and row-major position of a PFN in the view; -1 if
 * outside. */
long ui_view_cell(const struct ui_view *v, uint64_t pfn);

#endif
