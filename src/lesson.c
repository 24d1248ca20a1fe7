/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson.c - finding and listing lessons, running one, and the quiz
 * commands (lesson.h).
 *
 * The lessons directory is looked up as the screen looks up its themes:
 * $BUDDYSCOPE_LESSONS, then the source tree's assets/lessons (a build run
 * from the tree), then the installed $datadir/buddyscope/lessons.
 */
#include "lesson.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "session_impl.h"

#ifndef BUDDYSCOPE_LESSONS
#define BUDDYSCOPE_LESSONS "assets/lessons"
#endif
#ifndef BUDDYSCOPE_LESSONS_INSTALLED
#define BUDDYSCOPE_LESSONS_INSTALLED "/usr/local/share/buddyscope/lessons"
#endif

#define LESSON_MAX_DEPTH 16	/* as source: a lesson that runs itself */

const char *
lesson_dir(void)
{
	const char *env = getenv("BUDDYSCOPE_LESSONS");

	if (env && *env)
		return env;
	if (access(BUDDYSCOPE_LESSONS, R_OK) == 0)
		return BUDDYSCOPE_LESSONS;
	return BUDDYSCOPE_LESSONS_INSTALLED;
}

static int
is_lesson_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 3 &&
	       strcmp(d->d_name + n - 3, ".bs") == 0;
}

bool
lesson_header(const char *path, char *title, size_t tlen, unsigned *minutes)
{
	FILE *f = fopen(path, "r");
	char line[512];
	bool have = false;

	*minutes = 0;
	if (tlen)
		title[0] = '\0';
	if (!f)
		return false;
	/* The header is the leading block of # lines. */
	while (fgets(line, sizeof(line), f) && line[0] == '#') {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "# lesson:", 9) == 0) {
			const char *t = line + 9;

			while (*t == ' ')
				t++;
			snprintf(title, tlen, "%s", t);
			have = true;
		} else if (strncmp(line, "# minutes:", 10) == 0) {
			*minutes = (unsigned)strtoul(line + 10, NULL, 10);
		}
	}
	fclose(f);
	return have;
}

/* The names of the lessons there are, for a message; "" if none. */
static void
lesson_names(char *buf, size_t len)
{
	struct dirent **v;
	int n = scandir(lesson_dir(), &v, is_lesson_file, alphasort);
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t k = strlen(v[i]->d_name) - 3;

		if (used + k + 3 < len) {
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s",
						 used ? ", " : "", (int)k,
						 v[i]->d_name);
		}
		free(v[i]);
	}
	if (n > 0)
		free(v);
}

bool
lesson_path(const char *name, char *path, size_t len, char *err,
	    size_t errlen)
{
	size_t n = strlen(name);
	char names[512];

	if (strchr(name, '/'))
		snprintf(path, len, "%s", name);
	else if (n > 3 && strcmp(name + n - 3, ".bs") == 0)
		snprintf(path, len, "%s/%s", lesson_dir(), name);
	else
		snprintf(path, len, "%s/%s.bs", lesson_dir(), name);
	if (access(path, R_OK) == 0)
		return true;
	lesson_names(names, sizeof(names));
	if (names[0])
		snprintf(err, errlen, "no lesson '%s': the lessons are %s",
			 name, names);
	else
		snprintf(err, errlen, "no lesson '%s' and no lessons in %s "
			 "(set BUDDYSCOPE_LESSONS to the lessons directory)",
			 name, lesson_dir());
	return false;
}

void
lesson_each(const char *prefix, void (*fn)(void *data, const char *word),
	    void *data)
{
	struct dirent **v;
	int n = scandir(lesson_dir(), &v, is_lesson_file, alphasort);
	size_t plen = strlen(prefix);

	for (int i = 0; i < n; i++) {
		char name[256];

		snprintf(name, sizeof(name), "%.*s",
			 (int)(strlen(v[i]->d_name) - 3), v[i]->d_name);
		if (strncmp(name, prefix, plen) == 0)
			fn(data, name);
		free(v[i]);
	}
	if (n > 0)
		free(v);
}

enum exec_status
cmd_exec_lessons(struct cmd_ctx *c)
{
	struct dirent **v;
	const char *dir = lesson_dir();
	int n = scandir(dir, &v, is_lesson_file, alphasort);

	if (n < 0)
		return cmd_error(c, "cannot read the lessons directory %s (set "
				 "BUDDYSCOPE_LESSONS to it)", dir);
	strbuf_addf(c->out, "%-14s %4s  %s\n", "LESSON", "MIN", "TITLE");
	for (int i = 0; i < n; i++) {
		char path[4096], title[256];
		unsigned minutes;
		size_t k = strlen(v[i]->d_name) - 3;

		snprintf(path, sizeof(path), "%s/%s", dir, v[i]->d_name);
		if (lesson_header(path, title, sizeof(title), &minutes))
			strbuf_addf(c->out, "%-14.*s %4u  %s\n", (int)k,
				    v[i]->d_name, minutes, title);
		free(v[i]);
	}
	free(v);
	strbuf_addf(c->out, "Start one with: lesson NAME (or buddyscope "
		    "--lesson NAME).\n");
	return EXEC_OK;
}

enum exec_status
cmd_exec_lesson(struct cmd_ctx *c)
{
	struct session *s = c->s;
	char path[4096], msg[512];

	if (!lesson_path(c->argv[0], path, sizeof(path), c->err, c->errlen))
		return EXEC_ERROR;
	/* The screen plays it step by step with its replay keys. */
	if (s->io.play && !s->replaying) {
		if (!s->io.play(s->io.data, path, msg, sizeof(msg)))
			return cmd_error(c, "%s", msg);
		return EXEC_OK;
	}
	if (s->source_depth >= LESSON_MAX_DEPTH)
		return cmd_error(c, "scripts nested more than %d deep (does a "
				 "lesson run itself?)", LESSON_MAX_DEPTH);
	return cmd_run_nested(c, path);
}

/* ---- quizzes ---------------------------------------------------------------- */

enum exec_status
cmd_exec_quiz(struct cmd_ctx *c)
{
	struct session *s = c->s;
	const char *choices[QUIZ_MAX_CHOICES];
	unsigned n = c->argc - 1;

	if (n < 2 || n > QUIZ_MAX_CHOICES)
		return cmd_error(c, "a quiz takes a question and 2..%d choices, "
				 "each quoted if it has blanks; got %u choices",
				 QUIZ_MAX_CHOICES, n);
	s->quiz.open = true;
	s->quiz.n = n;
	s->quiz.guess = 0;
	s->quiz.asked++;
	strbuf_addf(c->out, "QUIZ: %s\n", c->argv[0]);
	for (unsigned i = 0; i < n; i++) {
		snprintf(s->quiz.choice[i], sizeof(s->quiz.choice[i]), "%s",
			 c->argv[i + 1]);
		choices[i] = s->quiz.choice[i];
		strbuf_addf(c->out, "  %u) %s\n", i + 1, c->argv[i + 1]);
	}
	if (s->io.quiz && !s->replaying) {
		unsigned g = s->io.quiz(s->io.data, c->argv[0], choices, n);

		if (g >= 1 && g <= n) {
			s->quiz.guess = g;
			strbuf_addf(c->out, "You answered %u) %s.\n", g,
				    s->quiz.choice[g - 1]);
		} else {
			strbuf_adds(c->out, "(skipped: the answer follows)\n");
		}
	} else {
		strbuf_adds(c->out, "(no one to ask in a batch run: a `guess N` "
			    "line answers, else the answer is only revealed)\n");
	}
	return EXEC_OK;
}

static bool
quiz_choice(struct cmd_ctx *c, const char *word, unsigned *k)
{
	struct session *s = c->s;
	char *end;
	unsigned long v = strtoul(word, &end, 10);

	if (!s->quiz.open) {
		cmd_error(c, "no quiz is open (quiz \"QUESTION\" CHOICE CHOICE ... "
			  "comes first)");
		return false;
	}
	if (end == word || *end || v < 1 || v > s->quiz.n) {
		cmd_error(c, "bad choice '%s': expected 1..%u", word, s->quiz.n);
		return false;
	}
	*k = (unsigned)v;
	return true;
}

enum exec_status
cmd_exec_guess(struct cmd_ctx *c)
{
	unsigned k;

	if (!quiz_choice(c, c->argv[0], &k))
		return EXEC_ERROR;
	c->s->quiz.guess = k;
	strbuf_addf(c->out, "You answered %u) %s.\n", k, c->s->quiz.choice[k - 1]);
	return EXEC_OK;
}

enum exec_status
cmd_exec_answer(struct cmd_ctx *c)
{
	struct session *s = c->s;
	unsigned k, g;

	if (!quiz_choice(c, c->argv[0], &k))
		return EXEC_ERROR;
	g = s->quiz.guess;
	strbuf_addf(c->out, "ANSWER: %u) %s", k, s->quiz.choice[k - 1]);
	if (g == k) {
		s->quiz.right++;
		strbuf_adds(c->out, " - right!");
	} else if (g) {
		strbuf_addf(c->out, " - you answered %u) %s", g,
			    s->quiz.choice[g - 1]);
	} else {
		strbuf_adds(c->out, " (no answer was given)");
	}
	strbuf_addf(c->out, "  [%u of %u right so far]\n", s->quiz.right,
		    s->quiz.asked);
	if (c->argc > 1) {
		for (unsigned i = 1; i < c->argc; i++)
			strbuf_addf(c->out, "%s%s", i > 1 ? " " : "", c->argv[i]);
		strbuf_addc(c->out, '\n');
	}
	/* The quiz stays known (a step back in the screen may reveal it
	 * again); the guess is spent. */
	s->quiz.guess = 0;
	return EXEC_OK;
}
