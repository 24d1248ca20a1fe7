/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * anim.h - the in-between states of an animation: while the events of a
 * command are shown one by one, the per-order bitmaps and the free list
 * counts show the free lists as they were at the event shown, so a class
 * sees an order-10 block leave its list, then its halves appear one
 * order at a time (expand), or a freed page swallow its buddies one
 * order at a time (__free_one_page).
 *
 * The states are computed, not recorded: the snapshot taken before the
 * command, with the list moves the events name applied to it in order
 * (EV_LIST_TAKE and EV_FALLBACK take a block off a list, EV_SPLIT and
 * EV_FREE_PLACE put one on, EV_MERGE takes the buddy off).  The model
 * reports expand()'s halves before the take of the block they came from;
 * the take is applied first, as the kernel does it.  Before any state is
 * shown, all the command's events are applied once and the result
 * compared with the snapshot taken after the command; only when they
 * agree (ui_anim.lit_ok, .fl_ok) are the in-between states shown.  The
 * map's pageblock colours follow EV_PAGEBLOCK_RETYPE the same way (when a
 * cell is no bigger than a pageblock, .map_ok).  A
 * command that moves free pages in ways the events do not spell out
 * (compaction's free scanner, a pageblock's pages moved to another list)
 * is animated with highlights only: the screen never shows a state that
 * did not exist.
 */
#ifndef BUDDYSCOPE_UI_ANIM_H
#define BUDDYSCOPE_UI_ANIM_H

#include <stdbool.h>
#include <stdint.h>

#include "snap.h"

struct ui_state;

/*
 * Prepare the in-between states of the events log[first..end) of a
 * command, from the snapshots before and after it (same view).  Sets
 * st->anim.lit_ok / fl_ok; false when none can be shown.
 */
bool ui_anim_prepare(struct ui_state *st, const struct ui_snap *before,
		     const struct ui_snap *after, uint64_t first, uint64_t end);

/* Apply the events up to and including log entry pos (the one shown). */
void ui_anim_advance(struct ui_state *st, const struct ui_view *v,
		     unsigned max_order, uint64_t pos);

/* The lit counts, list types and free list counts to draw now: the
 * in-between state while one is shown, else the snapshot's. */
const uint32_t *ui_anim_lit(const struct ui_state *st, const struct ui_snap *sn);
const uint8_t *ui_anim_lit_mt(const struct ui_state *st,
			      const struct ui_snap *sn);
unsigned long ui_anim_nr_free(const struct ui_state *st,
			      const struct ui_snap *sn, unsigned order,
			      unsigned mt);
unsigned ui_anim_cell_mt(const struct ui_state *st, const struct ui_snap *sn,
			 unsigned cell);

void ui_anim_free(struct ui_state *st);

#endif
