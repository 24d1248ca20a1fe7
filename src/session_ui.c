/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_ui.c - the screen's accessors of a session (session_ui.h).
 */
#include "session_ui.h"

#include <stdio.h>

#include "session_impl.h"

void
session_set_event_tap(struct session *s, mm_event_fn fn, void *data)
{
	s->tap = fn;
	s->tap_data = data;
}

void
session_set_screenshot(struct session *s, session_screenshot_fn fn, void *data)
{
	s->shot = fn;
	s->shot_data = data;
}

bool
session_screenshot(struct session *s, const char *path, char *err,
		   size_t errlen)
{
	if (!s->shot) {
		snprintf(err, errlen, "there is no screen to take a picture of");
		return false;
	}
	return s->shot(s->shot_data, path, err, errlen);
}

uint64_t
session_state_pos(const struct session *s)
{
	return s->pos;
}

uint64_t
session_state_oldest(const struct session *s)
{
	uint64_t oldest = s->pos > s->undo_depth ? s->pos - s->undo_depth : 0;

	if (s->nck && s->ck[0].pos > oldest)
		oldest = s->ck[0].pos;
	return oldest;
}

const char *
session_handle_at(const struct session *s, uint64_t pfn)
{
	/* handle_by_pfn() only reads the table. */
	struct handle *h = handle_by_pfn((struct sess_state *)&s->st, pfn);

	return h ? h->name : NULL;
}

const char *
session_preset_name(const struct session *s)
{
	return s->st.preset;
}
