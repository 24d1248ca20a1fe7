/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evtext.h - one model event in plain words, with the kernel function that
 * takes the decision, for the screen's event log.
 *
 * Every event type has a row in one table (kernel function, short name);
 * types the table does not know yet (the model grows: reclaim, migration,
 * compaction, OOM) are shown generically with their number and fields, so
 * the screen never needs a change to survive a new event.
 */
#ifndef BUDDYSCOPE_UI_EVTEXT_H
#define BUDDYSCOPE_UI_EVTEXT_H

#include <stddef.h>

#include "event.h"
#include "mm.h"

/* The kernel function that makes the decision ("expand", ...); a generic
 * "mm" for unknown types. */
const char *ui_event_function(enum mm_event_type t);
/* The words of the event, without the function name; returns
 * snprintf's length. */
int ui_event_text(const struct machine *m, const struct mm_event *ev,
		  char *buf, size_t len);
/* Whether the event changes what the memory map shows (split, merge,
 * take, retype, ...) and so is worth an animation step. */
int ui_event_is_visual(enum mm_event_type t);

#endif
