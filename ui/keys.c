/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.c - the key table (keys.h).
 *
 * Curses key codes are given by value here (not through curses.h, which
 * only screen.c includes): they are the fixed numbers of ncurses'
 * <curses.h> (KEY_DOWN 0402 ...), checked against it in test_ui_curses.
 */
#include "keys.h"

#include "keycodes.h"

static const char *const action_text[NR_UI_ACTIONS] = {
	[UI_ACT_HELP] = "this help (every key)",
	[UI_ACT_LEGEND] = "legend: colours and letters",
	[UI_ACT_VIEW_MODE] = "view mode: keys drive view",
	[UI_ACT_CMD_MODE] = "back to the command line",
	[UI_ACT_FOCUS_NEXT] = "focus the next panel",
	[UI_ACT_FOCUS_PREV] = "focus the previous panel",
	[UI_ACT_LEFT] = "map: cursor left",
	[UI_ACT_RIGHT] = "map: cursor right",
	[UI_ACT_UP] = "up in the focused panel",
	[UI_ACT_DOWN] = "down in the focused panel",
	[UI_ACT_HOME] = "cursor to the first page",
	[UI_ACT_END] = "cursor to the last page",
	[UI_ACT_ZOOM_IN] = "zoom in (fewer pages/cell)",
	[UI_ACT_ZOOM_OUT] = "zoom out",
	[UI_ACT_ZOOM_FIT] = "auto-fit the zone",
	[UI_ACT_ZONE_NEXT] = "show the next zone",
	[UI_ACT_BITMAP_VIEW] = "bitmaps: buddy / 2.4 pairs",
	[UI_ACT_TRACE] = "trace lines on/off",
	[UI_ACT_PLAY] = "script: play / pause",
	[UI_ACT_STEP] = "script: step forward",
	[UI_ACT_BACK] = "script: step back (undo)",
	[UI_ACT_GOTO] = "script: go to step (:goto)",
	[UI_ACT_MARK] = "script: bookmark on/off",
	[UI_ACT_MARK_NEXT] = "script: next bookmark",
	[UI_ACT_MARK_PREV] = "script: previous bookmark",
	[UI_ACT_SLOWER] = "slower",
	[UI_ACT_FASTER] = "faster",
	[UI_ACT_ANIMATE] = "animation on/off",
	[UI_ACT_SKIP] = "finish the animation",
	[UI_ACT_PRESENTER] = "presenter mode on/off",
	[UI_ACT_THEME] = "next theme",
	[UI_ACT_LOG_UP] = "event log: page up",
	[UI_ACT_LOG_DOWN] = "event log: page down",
	[UI_ACT_REDRAW] = "redraw the screen",
	[UI_ACT_QUIT] = "quit (also quit, Ctrl-D)",
};

const struct ui_keybind ui_keys[] = {
	{ UI_KEY_F(1), UI_ACT_HELP, 0, "F1" },
	{ '?', UI_ACT_HELP, UI_KEY_VIEW, "?" },
	{ UI_KEY_F(2), UI_ACT_LEGEND, 0, "F2" },
	{ 'l', UI_ACT_LEGEND, UI_KEY_VIEW, "l" },
	{ 27, UI_ACT_VIEW_MODE, 0, "Esc" },
	{ 'i', UI_ACT_CMD_MODE, UI_KEY_VIEW, "i" },
	{ ':', UI_ACT_CMD_MODE, UI_KEY_VIEW, ":" },
	{ '\n', UI_ACT_CMD_MODE, UI_KEY_VIEW, "Enter" },
	{ '\t', UI_ACT_FOCUS_NEXT, UI_KEY_VIEW, "Tab" },
	{ UI_KEY_BTAB, UI_ACT_FOCUS_PREV, UI_KEY_VIEW, "S-Tab" },
	{ UI_KEY_LEFT, UI_ACT_LEFT, UI_KEY_VIEW, "Left" },
	{ 'h', UI_ACT_LEFT, UI_KEY_VIEW, "h" },
	{ UI_KEY_RIGHT, UI_ACT_RIGHT, UI_KEY_VIEW, "Right" },
	{ UI_KEY_UP, UI_ACT_UP, UI_KEY_VIEW, "Up" },
	{ 'k', UI_ACT_UP, UI_KEY_VIEW, "k" },
	{ UI_KEY_DOWN, UI_ACT_DOWN, UI_KEY_VIEW, "Down" },
	{ 'j', UI_ACT_DOWN, UI_KEY_VIEW, "j" },
	{ UI_KEY_HOME, UI_ACT_HOME, UI_KEY_VIEW, "Home" },
	{ UI_KEY_END, UI_ACT_END, UI_KEY_VIEW, "End" },
	{ '+', UI_ACT_ZOOM_IN, UI_KEY_VIEW, "+" },
	{ '=', UI_ACT_ZOOM_IN, UI_KEY_VIEW, "=" },
	{ '-', UI_ACT_ZOOM_OUT, UI_KEY_VIEW, "-" },
	{ 'f', UI_ACT_ZOOM_FIT, UI_KEY_VIEW, "f" },
	{ 'z', UI_ACT_ZONE_NEXT, UI_KEY_VIEW, "z" },
	{ 'b', UI_ACT_BITMAP_VIEW, UI_KEY_VIEW, "b" },
	{ 't', UI_ACT_TRACE, UI_KEY_VIEW, "t" },
	{ UI_KEY_F(5), UI_ACT_PLAY, 0, "F5" },
	{ ' ', UI_ACT_PLAY, UI_KEY_VIEW, "Space" },
	{ UI_KEY_F(8), UI_ACT_STEP, 0, "F8" },
	{ 'n', UI_ACT_STEP, UI_KEY_VIEW, "n" },
	{ UI_KEY_F(7), UI_ACT_BACK, 0, "F7" },
	{ 'p', UI_ACT_BACK, UI_KEY_VIEW, "p" },
	{ 'g', UI_ACT_GOTO, UI_KEY_VIEW, "g" },
	{ 'm', UI_ACT_MARK, UI_KEY_VIEW, "m" },
	{ UI_KEY_F(6), UI_ACT_MARK_NEXT, 0, "F6" },
	{ '\'', UI_ACT_MARK_NEXT, UI_KEY_VIEW, "'" },
	{ '"', UI_ACT_MARK_PREV, UI_KEY_VIEW, "\"" },
	{ '[', UI_ACT_SLOWER, UI_KEY_VIEW, "[" },
	{ ']', UI_ACT_FASTER, UI_KEY_VIEW, "]" },
	{ 'a', UI_ACT_ANIMATE, UI_KEY_VIEW, "a" },
	{ '.', UI_ACT_SKIP, UI_KEY_VIEW, "." },
	{ UI_KEY_F(9), UI_ACT_PRESENTER, 0, "F9" },
	{ 'P', UI_ACT_PRESENTER, UI_KEY_VIEW, "P" },
	{ 'T', UI_ACT_THEME, UI_KEY_VIEW, "T" },
	{ UI_KEY_PPAGE, UI_ACT_LOG_UP, 0, "PgUp" },
	{ UI_KEY_NPAGE, UI_ACT_LOG_DOWN, 0, "PgDn" },
	{ 12, UI_ACT_REDRAW, 0, "C-l" },
	{ UI_KEY_F(10), UI_ACT_QUIT, 0, "F10" },
	{ 'q', UI_ACT_QUIT, UI_KEY_VIEW, "q" },
};
const size_t ui_keys_len = sizeof(ui_keys) / sizeof(ui_keys[0]);

const char *
ui_action_text(enum ui_action a)
{
	return (unsigned)a < NR_UI_ACTIONS && action_text[a] ? action_text[a]
							     : "";
}

enum ui_action
ui_key_action(int key, bool view_mode)
{
	for (size_t i = 0; i < ui_keys_len; i++)
		if (ui_keys[i].key == key &&
		    (view_mode || !(ui_keys[i].flags & UI_KEY_VIEW)))
			return ui_keys[i].act;
	return UI_ACT_NONE;
}
