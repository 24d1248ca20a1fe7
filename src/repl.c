/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * repl.c - the readline prompt (repl.h).
 *
 * Completion: readline splits words at blanks and at '|', '=', '(' and
 * ',', so "GFP_KERNEL|__GFP_Z<TAB>", "zone=No<TAB>" and
 * "alloc_pages(GFP_A<TAB>" complete the part after the separator.  The
 * command table decides what the word is; candidates that end in '='
 * (zone=, Normal=) get no trailing space.
 */
#include "repl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "readfile.h"
#include "strbuf.h"

static struct session *repl_session;

struct matches {
	char **v;
	size_t n, cap;
};

static void
add_match(void *data, const char *word)
{
	struct matches *m = data;

	if (m->n + 1 >= m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		char **v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n] = strdup(word);
	if (m->v[m->n])
		m->n++;
}

static struct matches pending;
static size_t pending_next;

static char *
match_generator(const char *text, int state)
{
	if (pending_next < pending.n)
		return pending.v[pending_next++];
	return NULL;
}

static char **
complete(const char *text, int start, int end)
{
	enum cmd_complete kind = cmd_complete_kind(rl_line_buffer, (size_t)start);
	bool all_eq = true;

	/* Hand out what is left of a previous round. */
	for (size_t i = pending_next; i < pending.n; i++)
		free(pending.v[i]);
	pending.n = 0;
	pending_next = 0;
	if (kind == COMPLETE_PATH)
		return NULL;	/* readline's file name completion */
	rl_attempted_completion_over = 1;
	cmd_complete_each(repl_session, kind, text, add_match, &pending);
	for (size_t i = 0; i < pending.n; i++) {
		size_t n = strlen(pending.v[i]);

		if (!n || pending.v[i][n - 1] != '=')
			all_eq = false;
	}
	if (pending.n && all_eq)
		rl_completion_suppress_append = 1;
	return rl_completion_matches(text, match_generator);
}

void
repl_setup_completion(struct session *s)
{
	repl_session = s;
	rl_readline_name = "buddyscope";
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = " \t|=(,";
	rl_basic_word_break_characters = " \t|=(,";
}

void
repl_pause(void *data, double seconds)
{
	struct termios old, raw;
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	bool tty = isatty(STDIN_FILENO);
	char c;

	fputs(seconds < 0 ? "-- press a key --" : "-- press a key (or wait) --",
	      stdout);
	fflush(stdout);
	if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	} else {
		tty = false;
	}
	if (poll(&pfd, 1, seconds < 0 ? -1 : (int)(seconds * 1000)) > 0)
		if (read(STDIN_FILENO, &c, 1) < 0)
			c = 0;
	if (tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputs("\r\033[K", stdout);
	fflush(stdout);
}

/*
 * replacefile_atomic()'s filler: the history lines, written here rather
 * than by write_history(), which takes a short write (a full disk, a file
 * size limit) for success.
 */
static bool
fill_history(const char *tmp, int fd, void *data)
{
	HIST_ENTRY **list = history_list();
	struct strbuf sb = STRBUF_INIT;
	bool ok;

	for (int i = 0; list && list[i]; i++) {
		strbuf_adds(&sb, list[i]->line);
		strbuf_addc(&sb, '\n');
	}
	if (sb.failed) {
		strbuf_release(&sb);
		errno = ENOMEM;
		return false;
	}
	ok = write_all(fd, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return ok;
}

bool
repl_history_save(const char *path, char *err, size_t errlen)
{
	return replacefile_atomic(path, fill_history, NULL, err, errlen);
}

unsigned
repl_quiz(void *data, const char *question, const char *const *choices,
	  unsigned n)
{
	char prompt[64], *line;
	unsigned long v;
	char *end;

	fputs(question, stdout);
	fputc('\n', stdout);
	for (unsigned i = 0; i < n; i++)
		printf("  %u) %s\n", i + 1, choices[i]);
	snprintf(prompt, sizeof(prompt), "your answer (1-%u, Enter skips)> ", n);
	fflush(stdout);
	line = readline(prompt);
	if (!line)
		return 0;
	v = strtoul(line, &end, 10);
	if (end == line || v < 1 || v > n)
		v = 0;
	free(line);
	return (unsigned)v;
}

int
repl_run(struct session *s, const char *history_path)
{
	struct strbuf out = STRBUF_INIT;
	char *line, err[1024];

	repl_setup_completion(s);
	using_history();
	stifle_history(1000);
	if (history_path)
		read_history(history_path);
	while ((line = readline("buddyscope> ")) != NULL) {
		enum exec_status st;
		size_t len = strlen(line);
		HIST_ENTRY *last;

		if (len) {
			last = history_length ? history_get(history_base +
							    history_length - 1)
					      : NULL;
			if (!last || strcmp(last->line, line) != 0)
				add_history(line);
		}
		strbuf_reset(&out);
		err[0] = '\0';
		session_set_location(s, NULL, 0);
		st = session_execute_line(s, line, len, &out, err, sizeof(err));
		free(line);
		fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
		fflush(stdout);
		if (st == EXEC_ERROR) {
			fprintf(stderr, "error: %s\n", err);
			session_count_error(s);
		} else if (st == EXEC_EXPECT_FAILED) {
			fprintf(stderr, "expect failed: %s\n", err);
			session_count_expect_failed(s);
		} else if (st == EXEC_QUIT) {
			break;
		}
	}
	if (!line)
		fputc('\n', stdout);
	if (history_path && !repl_history_save(history_path, err, sizeof(err)))
		fprintf(stderr, "buddyscope: history not saved: %s\n", err);
	for (size_t i = pending_next; i < pending.n; i++)
		free(pending.v[i]);
	free(pending.v);
	pending.v = NULL;
	pending.n = pending.cap = pending_next = 0;
	strbuf_release(&out);
	return 0;
}
