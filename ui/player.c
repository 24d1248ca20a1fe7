/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * player.c - loading a script for replay, and the kinds of its lines
 * (player.h).
 */
#include "player.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
ui_player_load(struct ui_player *p, const char *path, char *err,
	       size_t errlen)
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
	free(p->path);
	memset(p, 0, sizeof(*p));
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
	if (n == 3 && strncmp(s, "say", 3) == 0)
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
