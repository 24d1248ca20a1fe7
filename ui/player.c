/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * player.c - loading a script (or a kmem trace) for replay, the
 * bookmarks, and the kinds of its lines
 * (player.h).
 */
#include "player.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"

static bool load_text(struct ui_player *p, const char *path, char *err,
		      size_t errlen);

/* Is the file a kmem trace?  Its first line that is not blank or a
 * comment parses as a kmem page event. */
static bool
looks_like_trace(const struct ui_player *p)
{
	for (unsigned i = 0; i < p->n; i++) {
		const char *s = p->lines[i];
		struct mm_trace_event ev;
		char err[128];

		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		return replay_parse_line(s, strlen(s), &ev, err, sizeof(err)) != 0;
	}
	return false;
}

bool
ui_player_load(struct ui_player *p, const char *path, char *err,
	       size_t errlen)
{
	size_t plen = strlen(path);
	bool packed = (plen > 3 && strcmp(path + plen - 3, ".gz") == 0) ||
		      (plen > 3 && strcmp(path + plen - 3, ".xz") == 0);
	long n;

	if (!packed) {
		if (!load_text(p, path, err, errlen))
			return false;
		if (!looks_like_trace(p))
			return true;
		ui_player_free(p);
	}
	/* a kmem trace: one step per event, `replay FILE from=K count=1` */
	memset(p, 0, sizeof(*p));
	n = replay_count_events(path, err, errlen);
	if (n < 0)
		return false;
	return ui_player_load_trace(p, path, (unsigned long)n, err, errlen);
}

static bool
load_text(struct ui_player *p, const char *path, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? NULL : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	const char *base;

	memset(p, 0, sizeof(*p));
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strcmp(path, "-") == 0 ? "standard input is the terminal"
						: strerror(errno));
		return false;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **v;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		v = realloc(p->lines, (p->n + 1) * sizeof(*v));
		if (!v)
			break;
		p->lines = v;
		p->lines[p->n] = strdup(line);
		if (!p->lines[p->n])
			break;
		p->n++;
	}
	free(line);
	fclose(f);
	p->pos_before = calloc(p->n + 1, sizeof(*p->pos_before));
	p->path = strdup(path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(p->name, sizeof(p->name), "%s", base);
	if (!p->pos_before || !p->path) {
		ui_player_free(p);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	return true;
}

bool
ui_player_load_trace(struct ui_player *p, const char *path,
		     unsigned long nevents, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t cap = strlen(path) * 2 + 64;

	memset(p, 0, sizeof(*p));
	if (nevents == 0 || nevents > UI_PLAYER_MAX_TRACE_STEPS) {
		snprintf(err, errlen, "%s: %lu events; the screen steps through "
			 "1 to %u (replay it with `replay FILE` instead)", path,
			 nevents, UI_PLAYER_MAX_TRACE_STEPS);
		return false;
	}
	p->lines = calloc(nevents, sizeof(*p->lines));
	p->pos_before = calloc(nevents + 1, sizeof(*p->pos_before));
	p->path = strdup(path);
	if (!p->lines || !p->pos_before || !p->path)
		goto oom;
	for (unsigned long k = 1; k <= nevents; k++) {
		char *line = malloc(cap), *q = line;

		if (!line)
			goto oom;
		/* the path in double quotes, with " and \ escaped */
		q += sprintf(q, "replay \"");
		for (const char *c = path; *c; c++) {
			if (*c == '"' || *c == '\\')
				*q++ = '\\';
			*q++ = *c;
		}
		sprintf(q, "\" from=%lu count=1", k);
		p->lines[p->n++] = line;
	}
	snprintf(p->name, sizeof(p->name), "%s", base);
	p->trace = true;
	return true;
oom:
	ui_player_free(p);
	snprintf(err, errlen, "out of memory");
	return false;
}

void
ui_player_free(struct ui_player *p)
{
	for (unsigned i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->pos_before);
	free(p->marks);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

bool
ui_player_is_marked(const struct ui_player *p, unsigned step)
{
	for (unsigned i = 0; i < p->nmarks; i++)
		if (p->marks[i] == step)
			return true;
	return false;
}

bool
ui_player_toggle_mark(struct ui_player *p, unsigned step)
{
	unsigned i = 0, *v;

	while (i < p->nmarks && p->marks[i] < step)
		i++;
	if (i < p->nmarks && p->marks[i] == step) {
		memmove(p->marks + i, p->marks + i + 1,
			(p->nmarks - i - 1) * sizeof(*p->marks));
		p->nmarks--;
		return false;
	}
	v = realloc(p->marks, (p->nmarks + 1) * sizeof(*v));
	if (!v)
		return false;
	p->marks = v;
	memmove(v + i + 1, v + i, (p->nmarks - i) * sizeof(*v));
	v[i] = step;
	p->nmarks++;
	return true;
}

bool
ui_player_next_mark(const struct ui_player *p, unsigned step, int dir,
		    unsigned *out)
{
	if (dir > 0) {
		for (unsigned i = 0; i < p->nmarks; i++)
			if (p->marks[i] > step) {
				*out = p->marks[i];
				return true;
			}
	} else {
		for (unsigned i = p->nmarks; i-- > 0;)
			if (p->marks[i] < step) {
				*out = p->marks[i];
				return true;
			}
	}
	return false;
}

enum ui_line_kind
ui_line_kind(const char *line, double *pause_secs)
{
	const char *s = line;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return UI_LINE_BLANK;
	n = strcspn(s, " \t");
	if ((n == 3 && strncmp(s, "say", 3) == 0) ||
	    (n == 6 && strncmp(s, "answer", 6) == 0))
		return UI_LINE_SAY;
	if (n == 5 && strncmp(s, "pause", 5) == 0) {
		char *end;
		double v;

		s += 5;
		while (isspace((unsigned char)*s))
			s++;
		*pause_secs = -1;
		if (*s) {
			v = strtod(s, &end);
			if (end != s && v >= 0 && v <= 3600)
				*pause_secs = v;
		}
		return UI_LINE_PAUSE;
	}
	return UI_LINE_COMMAND;
}
