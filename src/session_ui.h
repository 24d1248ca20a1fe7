/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_ui.h - what the screen (ui/) needs from a session beyond
 * session.h: every model event as it happens, the position in the undo
 * history (for the script player's step back), and the handle naming an
 * allocated block (for the inspector).  Kept apart from session.h so the
 * screen's needs stay in one small place.
 */
#ifndef BUDDYSCOPE_SESSION_UI_H
#define BUDDYSCOPE_SESSION_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "session.h"

/*
 * Call fn for every model event of the live machine (not for the commands
 * undo and redo replay), after the session has recorded it; NULL detaches.
 * fn must not run commands.
 */
void session_set_event_tap(struct session *s, mm_event_fn fn, void *data);

/*
 * The screenshot command's writer: put the screen as it is now into path
 * (SVG or HTML by its extension); false with "PATH: reason".  The screen
 * installs one that writes its current frame; batch runs install
 * ui_batch_screenshot() (ui/export.h).  NULL: screenshot says there is
 * no screen to take.
 */
typedef bool (*session_screenshot_fn)(void *data, const char *path, char *err,
				      size_t errlen);
void session_set_screenshot(struct session *s, session_screenshot_fn fn,
			    void *data);
/* Write a screenshot through the installed writer (false and a message
 * when there is none). */
bool session_screenshot(struct session *s, const char *path, char *err,
			size_t errlen);

/* The number of state-changing commands applied (undo N moves it back by
 * N, any new command forward). */
uint64_t session_state_pos(const struct session *s);
/* The oldest position undo can still reach. */
uint64_t session_state_oldest(const struct session *s);

/* The name of the machine's preset ("classroom", "custom", ...). */
const char *session_preset_name(const struct session *s);

/* The handle of the allocated block whose head is pfn, or NULL. */
const char *session_handle_at(const struct session *s, uint64_t pfn);

#endif
