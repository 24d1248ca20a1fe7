/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * theme.h - colour roles and themes.
 *
 * Panels never name a colour: they give each cell a role (the migratetype
 * tint of a pageblock, a watermark mark, a caption, ...), as htop's
 * CRT_colors[] does.  A theme maps every role to a foreground, a
 * background (0..255 in the xterm palette, or -1 for the terminal's
 * default) and attributes.  Themes are small text files in
 * assets/themes/ (one "role fg bg [attr,...]" line per role; see
 * default.theme); three are built in so the program works without its
 * assets: "default", "high-contrast" (presenter mode) and "mono".
 * ui_colour_reduce() maps a 256-colour index to the 16 or 8 a terminal
 * has; mono terminals and NO_COLOR use attributes only, and every
 * migratetype also carries its letter (U M R H C I).
 */
#ifndef BUDDYSCOPE_UI_THEME_H
#define BUDDYSCOPE_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ui_role {
	UI_NORMAL,
	UI_DIM,
	UI_TITLE,		/* a panel's title */
	UI_TITLE_FOCUS,		/* the title of the panel with focus */
	UI_STATUS,		/* the top bar */
	UI_CAPTION,		/* a script's `say` caption */
	UI_MT_UNMOVABLE,	/* pageblock tints, in enum migratetype order */
	UI_MT_MOVABLE,
	UI_MT_RECLAIMABLE,
	UI_MT_HIGHATOMIC,
	UI_MT_CMA,
	UI_MT_ISOLATE,
	UI_HOLE,
	UI_CURSOR,		/* the memory map's cursor */
	UI_HILITE,		/* a cell that just changed */
	UI_GAUGE,		/* free pages in a gauge */
	UI_GAUGE_LOW,		/* ... below the low mark */
	UI_GAUGE_MIN,		/* ... below the min mark */
	UI_MARK,		/* watermark marks */
	UI_OK,
	UI_WARN,
	UI_BAD,
	UI_EVENT,		/* an event's words */
	UI_EVENT_FN,		/* its kernel function name */
	UI_TRACE,		/* a trace line */
	UI_OUTPUT,		/* command output */
	UI_COMMAND,		/* an echoed command line */
	UI_ERROR,
	UI_CMDLINE,		/* the readline line */
	UI_POPUP,		/* help, legend and completion boxes */
	UI_BAR,			/* free list bars */
	UI_SCANNER,		/* compaction scanner markers */
	NR_UI_ROLES,
};

/* Attributes of a role. */
#define UI_ATTR_BOLD		0x01
#define UI_ATTR_REVERSE		0x02
#define UI_ATTR_UNDERLINE	0x04
#define UI_ATTR_DIM		0x08

struct ui_style {
	int16_t fg, bg;		/* 0..255, -1: terminal default */
	uint8_t attr;		/* UI_ATTR_* */
};

struct ui_theme {
	char name[32];
	bool mono;		/* attributes only */
	struct ui_style role[NR_UI_ROLES];
};

/* The role of a migratetype tint. */
enum ui_role ui_role_of_mt(unsigned mt);
/* "mt-unmovable" etc.; NULL for a bad role. */
const char *ui_role_name(enum ui_role r);

/* A built-in theme: "default", "high-contrast" or "mono"; false if none. */
bool ui_theme_builtin(const char *name, struct ui_theme *out);
/*
 * Parse a theme file's text on top of out (start from a built-in theme).
 * Lines: "# comment", "mono yes|no", or "ROLE FG BG [ATTR[,ATTR]...]" with
 * colours as 0..255, "default" or a name (black red green yellow blue
 * magenta cyan white, bright-*).  False with "LINE: message" in err.
 */
bool ui_theme_parse(const char *text, struct ui_theme *out, char *err,
		    size_t errlen);
/* Load a theme by name from dir (dir/NAME.theme) or by path; false with a
 * message in err. */
bool ui_theme_load(const char *dir, const char *name, struct ui_theme *out,
		   char *err, size_t errlen);

/* An xterm 256-colour index reduced to a terminal of ncolors (8 or 16);
 * -1 stays -1. */
int ui_colour_reduce(int c, int ncolors);

#endif
