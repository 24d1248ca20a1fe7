/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * theme.c - role names, the theme file parser and the built-in themes.
 *
 * The built-in themes are kept as theme-file text, so a theme file in
 * assets/themes/ and a built-in theme are read by the same parser (the
 * files there are these texts; test_ui checks that they agree).
 */
#include "theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[NR_UI_ROLES] = {
	[UI_NORMAL] = "normal", [UI_DIM] = "dim", [UI_TITLE] = "title",
	[UI_TITLE_FOCUS] = "title-focus", [UI_STATUS] = "status",
	[UI_CAPTION] = "caption", [UI_MT_UNMOVABLE] = "mt-unmovable",
	[UI_MT_MOVABLE] = "mt-movable", [UI_MT_RECLAIMABLE] = "mt-reclaimable",
	[UI_MT_HIGHATOMIC] = "mt-highatomic", [UI_MT_CMA] = "mt-cma",
	[UI_MT_ISOLATE] = "mt-isolate", [UI_HOLE] = "hole",
	[UI_CURSOR] = "cursor", [UI_HILITE] = "hilite", [UI_GAUGE] = "gauge",
	[UI_GAUGE_LOW] = "gauge-low", [UI_GAUGE_MIN] = "gauge-min",
	[UI_MARK] = "mark", [UI_OK] = "ok", [UI_WARN] = "warn", [UI_BAD] = "bad",
	[UI_EVENT] = "event", [UI_EVENT_FN] = "event-fn", [UI_TRACE] = "trace",
	[UI_OUTPUT] = "output", [UI_COMMAND] = "command", [UI_ERROR] = "error",
	[UI_CMDLINE] = "cmdline", [UI_POPUP] = "popup", [UI_BAR] = "bar",
	[UI_SCANNER] = "scanner",
};

/* The texts of assets/themes/{default,high-contrast,mono}.theme. */
static const char theme_default[] =
	"# default.theme - buddyscope's colours on a 256-colour terminal.\n"
	"# ROLE FG BG [ATTR,...]: colours 0..255, default, or a name.\n"
	"normal          default default\n"
	"dim             244     default\n"
	"title           default default bold\n"
	"title-focus     229     24      bold\n"
	"status          231     238\n"
	"caption         16      222     bold\n"
	"mt-unmovable    217     52\n"
	"mt-movable      157     22\n"
	"mt-reclaimable  153     18\n"
	"mt-highatomic   223     94\n"
	"mt-cma          219     53\n"
	"mt-isolate      252     239\n"
	"hole            240     default\n"
	"cursor          16      226     bold\n"
	"hilite          16      231     bold\n"
	"gauge           40      default\n"
	"gauge-low       214     default\n"
	"gauge-min       196     default bold\n"
	"mark            231     default bold\n"
	"ok              40      default\n"
	"warn            214     default bold\n"
	"bad             196     default bold\n"
	"event           default default\n"
	"event-fn        117     default\n"
	"trace           244     default\n"
	"output          252     default\n"
	"command         229     default bold\n"
	"error           196     default bold\n"
	"cmdline         default default\n"
	"popup           231     236\n"
	"bar             75      default\n"
	"scanner         16      201     bold\n";

static const char theme_high_contrast[] =
	"# high-contrast.theme - presenter mode: strong colours for a projector.\n"
	"normal          231     16\n"
	"dim             250     16\n"
	"title           231     16      bold,underline\n"
	"title-focus     16      226     bold\n"
	"status          16      231     bold\n"
	"caption         16      226     bold\n"
	"mt-unmovable    231     160     bold\n"
	"mt-movable      16      46      bold\n"
	"mt-reclaimable  231     21      bold\n"
	"mt-highatomic   16      208     bold\n"
	"mt-cma          231     129     bold\n"
	"mt-isolate      16      250     bold\n"
	"hole            244     16\n"
	"cursor          16      226     bold\n"
	"hilite          16      231     bold\n"
	"gauge           46      16      bold\n"
	"gauge-low       226     16      bold\n"
	"gauge-min       196     16      bold\n"
	"mark            231     16      bold\n"
	"ok              46      16      bold\n"
	"warn            226     16      bold\n"
	"bad             196     16      bold\n"
	"event           231     16\n"
	"event-fn        51      16      bold\n"
	"trace           250     16\n"
	"output          231     16\n"
	"command         226     16      bold\n"
	"error           196     16      bold\n"
	"cmdline         231     16      bold\n"
	"popup           16      231\n"
	"bar             51      16      bold\n"
	"scanner         16      201     bold\n";

static const char theme_mono[] =
	"# mono.theme - no colours (monochrome terminals, NO_COLOR):\n"
	"# attributes only; migratetypes are read from their letters.\n"
	"mono yes\n"
	"normal          default default\n"
	"dim             default default dim\n"
	"title           default default bold\n"
	"title-focus     default default reverse,bold\n"
	"status          default default reverse\n"
	"caption         default default bold,underline\n"
	"mt-unmovable    default default bold\n"
	"mt-movable      default default\n"
	"mt-reclaimable  default default underline\n"
	"mt-highatomic   default default bold,underline\n"
	"mt-cma          default default dim\n"
	"mt-isolate      default default dim\n"
	"hole            default default dim\n"
	"cursor          default default reverse,bold\n"
	"hilite          default default reverse\n"
	"gauge           default default\n"
	"gauge-low       default default bold\n"
	"gauge-min       default default reverse\n"
	"mark            default default bold\n"
	"ok              default default\n"
	"warn            default default bold\n"
	"bad             default default reverse\n"
	"event           default default\n"
	"event-fn        default default bold\n"
	"trace           default default dim\n"
	"output          default default\n"
	"command         default default bold\n"
	"error           default default bold\n"
	"cmdline         default default\n"
	"popup           default default reverse\n"
	"bar             default default\n"
	"scanner         default default reverse,bold\n";

enum ui_role
ui_role_of_mt(unsigned mt)
{
	return mt < 6 ? (enum ui_role)(UI_MT_UNMOVABLE + mt) : UI_NORMAL;
}

const char *
ui_role_name(enum ui_role r)
{
	return (unsigned)r < NR_UI_ROLES ? role_names[r] : NULL;
}

static bool
parse_colour(const char *w, int16_t *out)
{
	static const char *const names[] = { "black", "red", "green", "yellow",
		"blue", "magenta", "cyan", "white" };
	char *end;
	long v;

	if (strcasecmp(w, "default") == 0 || strcmp(w, "-1") == 0) {
		*out = -1;
		return true;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(w, names[i]) == 0) {
			*out = (int16_t)i;
			return true;
		}
		if (strncasecmp(w, "bright-", 7) == 0 &&
		    strcasecmp(w + 7, names[i]) == 0) {
			*out = (int16_t)(i + 8);
			return true;
		}
	}
	errno = 0;
	v = strtol(w, &end, 10);
	if (end == w || *end || errno || v < 0 || v > 255)
		return false;
	*out = (int16_t)v;
	return true;
}

static bool
parse_attrs(char *w, uint8_t *out)
{
	*out = 0;
	for (char *save = NULL, *a = strtok_r(w, ",", &save); a;
	     a = strtok_r(NULL, ",", &save)) {
		if (strcmp(a, "bold") == 0)
			*out |= UI_ATTR_BOLD;
		else if (strcmp(a, "reverse") == 0)
			*out |= UI_ATTR_REVERSE;
		else if (strcmp(a, "underline") == 0)
			*out |= UI_ATTR_UNDERLINE;
		else if (strcmp(a, "dim") == 0)
			*out |= UI_ATTR_DIM;
		else if (strcmp(a, "none") != 0)
			return false;
	}
	return true;
}

bool
ui_theme_parse(const char *text, struct ui_theme *out, char *err,
	       size_t errlen)
{
	struct ui_theme t = *out;
	unsigned lineno = 0;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[256], *w[5], *save = NULL;
		unsigned n = 0;

		lineno++;
		if (len >= sizeof(line)) {
			snprintf(err, errlen, "%u: line too long", lineno);
			return false;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		for (char *tok = strtok_r(line, " \t\r", &save); tok && n < 5;
		     tok = strtok_r(NULL, " \t\r", &save))
			w[n++] = tok;
		if (n == 0)
			continue;
		if (strcmp(w[0], "mono") == 0 && n == 2) {
			t.mono = strcmp(w[1], "yes") == 0;
			continue;
		}
		{
			int r = -1;
			struct ui_style st;

			for (int i = 0; i < NR_UI_ROLES; i++)
				if (strcmp(w[0], role_names[i]) == 0)
					r = i;
			if (r < 0) {
				snprintf(err, errlen, "%u: unknown role '%.40s'",
					 lineno, w[0]);
				return false;
			}
			if (n < 3 || n > 4) {
				snprintf(err, errlen, "%u: expected ROLE FG BG "
					 "[ATTR,...]", lineno);
				return false;
			}
			if (!parse_colour(w[1], &st.fg) ||
			    !parse_colour(w[2], &st.bg)) {
				snprintf(err, errlen, "%u: bad colour: expected "
					 "0..255, default or a colour name",
					 lineno);
				return false;
			}
			st.attr = 0;
			if (n == 4 && !parse_attrs(w[3], &st.attr)) {
				snprintf(err, errlen, "%u: bad attribute: expected "
					 "bold, reverse, underline, dim or none",
					 lineno);
				return false;
			}
			t.role[r] = st;
		}
	}
	*out = t;
	return true;
}

bool
ui_theme_builtin(const char *name, struct ui_theme *out)
{
	const char *text;
	char err[128];

	if (strcmp(name, "default") == 0)
		text = theme_default;
	else if (strcmp(name, "high-contrast") == 0)
		text = theme_high_contrast;
	else if (strcmp(name, "mono") == 0)
		text = theme_mono;
	else
		return false;
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < NR_UI_ROLES; i++)
		out->role[i].fg = out->role[i].bg = -1;
	snprintf(out->name, sizeof(out->name), "%s", name);
	return ui_theme_parse(text, out, err, sizeof(err));
}

bool
ui_theme_load(const char *dir, const char *name, struct ui_theme *out,
	      char *err, size_t errlen)
{
	char path[4096], msg[160];
	struct ui_theme t;
	FILE *f;
	char *text;
	long n;
	const char *base;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s.theme", dir ? dir : ".", name);
	f = fopen(path, "r");
	if (!f) {
		if (!strchr(name, '/') && ui_theme_builtin(name, out))
			return true;
		snprintf(err, errlen, "cannot open theme %s: %s", path,
			 strerror(errno));
		return false;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 65536 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		snprintf(err, errlen, "theme %s: not a small text file", path);
		return false;
	}
	text = calloc(1, (size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		fclose(f);
		snprintf(err, errlen, "theme %s: read error", path);
		return false;
	}
	fclose(f);
	ui_theme_builtin("default", &t);
	t.mono = false;
	if (!ui_theme_parse(text, &t, msg, sizeof(msg))) {
		snprintf(err, errlen, "theme %s:%s", path, msg);
		free(text);
		return false;
	}
	free(text);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(t.name, sizeof(t.name), "%.*s", (int)strcspn(base, "."), base);
	*out = t;
	return true;
}

/* The RGB value of an xterm colour index. */
static void
xterm_rgb(int c, int *r, int *g, int *b)
{
	static const unsigned char base[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 },
		{ 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 },
		{ 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 },
		{ 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		*r = base[c][0];
		*g = base[c][1];
		*b = base[c][2];
	} else if (c < 232) {
		c -= 16;
		*r = level[c / 36];
		*g = level[(c / 6) % 6];
		*b = level[c % 6];
	} else {
		*r = *g = *b = 8 + 10 * (c - 232);
	}
}

int
ui_colour_reduce(int c, int ncolors)
{
	int r, g, b, max, idx;

	if (c < 0 || c < ncolors)
		return c;
	xterm_rgb(c, &r, &g, &b);
	max = r > g ? r : g;
	max = max > b ? max : b;
	if (max - (r < g ? (r < b ? r : b) : (g < b ? g : b)) < 40) {
		/* A grey: black, white, or the bright variants. */
		if (ncolors >= 16)
			return max < 64 ? 0 : max < 160 ? 8 : max < 236 ? 7 : 15;
		return max < 128 ? 0 : 7;
	}
	/* A hue: the channels that stand out make the ANSI index. */
	idx = (r * 2 > max ? 1 : 0) | (g * 2 > max ? 2 : 0) |
	      (b * 2 > max ? 4 : 0);
	if (ncolors >= 16 && max > 215)
		idx += 8;
	return idx;
}
