/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.h - the screen's keys, once: one table of (key, action) pairs that
 * both the key dispatcher (app.c) and the help box (`?`) read, so help
 * lists every key there is.
 *
 * Keys are curses key codes or characters.  Bindings marked UI_KEY_VIEW
 * act only in view mode (after Esc), where letters are not typed into the
 * command line; the others act in both modes.
 */
#ifndef BUDDYSCOPE_UI_KEYS_H
#define BUDDYSCOPE_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum ui_action {
	UI_ACT_NONE,
	UI_ACT_HELP,
	UI_ACT_LEGEND,
	UI_ACT_VIEW_MODE,	/* Esc: keys drive the view */
	UI_ACT_CMD_MODE,	/* back to the command line */
	UI_ACT_FOCUS_NEXT,
	UI_ACT_FOCUS_PREV,
	UI_ACT_LEFT,
	UI_ACT_RIGHT,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_HOME,
	UI_ACT_END,
	UI_ACT_ZOOM_IN,
	UI_ACT_ZOOM_OUT,
	UI_ACT_ZOOM_FIT,
	UI_ACT_ZONE_NEXT,
	UI_ACT_BITMAP_VIEW,	/* buddy bitmaps / 2.4 one bit per pair */
	UI_ACT_TRACE,		/* trace lines in the event log */
	UI_ACT_PLAY,		/* play / pause the script */
	UI_ACT_STEP,
	UI_ACT_BACK,
	UI_ACT_GOTO,
	UI_ACT_MARK,		/* bookmark the current step (or clear it) */
	UI_ACT_MARK_NEXT,	/* go to the next bookmark */
	UI_ACT_MARK_PREV,
	UI_ACT_SLOWER,
	UI_ACT_FASTER,
	UI_ACT_ANIMATE,		/* animation on / off */
	UI_ACT_SKIP,		/* finish the running animation */
	UI_ACT_PRESENTER,
	UI_ACT_THEME,
	UI_ACT_LOG_UP,
	UI_ACT_LOG_DOWN,
	UI_ACT_REDRAW,
	UI_ACT_QUIT,
	NR_UI_ACTIONS,
};

#define UI_KEY_VIEW 0x1		/* only in view mode */

struct ui_keybind {
	int key;
	enum ui_action act;
	unsigned flags;
	const char *label;	/* how help writes the key */
};

extern const struct ui_keybind ui_keys[];
extern const size_t ui_keys_len;

/* What an action does, one line. */
const char *ui_action_text(enum ui_action a);
/* The action of key in a mode; UI_ACT_NONE if unbound. */
enum ui_action ui_key_action(int key, bool view_mode);

#endif
