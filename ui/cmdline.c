/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmdline.c - readline's callback interface wired to the screen
 * (cmdline.h).
 *
 * Bytes wait in a small queue; rl_getc_function takes them one by one and
 * rl_input_available_hook says whether more are queued, so an escape
 * sequence fed at once is read as one key.  Readline writes nothing to
 * the terminal: rl_outstream is /dev/null and redisplay is ours.
 */
#include "cmdline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "frame.h"
#include "keycodes.h"
#include "readfile.h"
#include "repl.h"
#include "strbuf.h"

static struct ui_state *cl_st;
static void (*cl_on_line)(char *line, void *data);
static void *cl_data;
static char *cl_history;
static FILE *cl_null;
static bool cl_started;

static unsigned char queue[256];
static size_t q_head, q_tail;

static int
q_getc(FILE *f)
{
	if (q_head == q_tail)
		return EOF;
	return queue[q_head++ % sizeof(queue)];
}

static int
q_available(void)
{
	return q_head != q_tail;
}

static void
q_push(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (q_tail - q_head < sizeof(queue))
			queue[q_tail++ % sizeof(queue)] = (unsigned char)s[i];
}

static void
clear_matches(void)
{
	for (unsigned i = 0; i < cl_st->nmatches; i++)
		free(cl_st->matches[i]);
	free(cl_st->matches);
	cl_st->matches = NULL;
	cl_st->nmatches = 0;
}

static void
redisplay(void)
{
	const char *p = rl_display_prompt ? rl_display_prompt : "";
	char *line;

	if (!cl_st)
		return;
	snprintf(cl_st->prompt, sizeof(cl_st->prompt), "%s", p);
	line = strdup(rl_line_buffer ? rl_line_buffer : "");
	if (line) {
		free(cl_st->line);
		cl_st->line = line;
	}
	cl_st->point = rl_point;
}

static void
display_matches(char **matches, int num, int max_length)
{
	clear_matches();
	if (num <= 0)
		return;
	cl_st->matches = calloc((size_t)num, sizeof(char *));
	if (!cl_st->matches)
		return;
	for (int i = 0; i < num; i++) {
		cl_st->matches[i] = strdup(matches[i + 1]);
		if (!cl_st->matches[i])
			break;
		cl_st->nmatches++;
	}
}

static void
line_handler(char *line)
{
	if (line && *line) {
		HIST_ENTRY *last = history_length ?
			history_get(history_base + history_length - 1) : NULL;

		if (!last || strcmp(last->line, line) != 0)
			add_history(line);
	}
	clear_matches();
	if (cl_on_line)
		cl_on_line(line, cl_data);
	else
		free(line);
}

static void
pump(void)
{
	while (q_available())
		rl_callback_read_char();
}

void
ui_cmdline_start(struct ui_state *st, const char *history_path,
		 void (*on_line)(char *line, void *data), void *data)
{
	cl_st = st;
	cl_on_line = on_line;
	cl_data = data;
	free(cl_history);
	cl_history = history_path ? strdup(history_path) : NULL;
	if (!cl_null)
		cl_null = fopen("/dev/null", "w");
	rl_outstream = cl_null;
	rl_getc_function = q_getc;
	rl_input_available_hook = q_available;
	rl_redisplay_function = redisplay;
	rl_completion_display_matches_hook = display_matches;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("horizontal-scroll-mode", "on");
	/* The matches go to a box in the screen: show them at the first Tab. */
	rl_variable_bind("show-all-if-ambiguous", "on");
	using_history();
	stifle_history(1000);
	if (cl_history)
		read_history(cl_history);
	rl_callback_handler_install(st->prompt, line_handler);
	cl_started = true;
	redisplay();
}

void
ui_cmdline_feed_char(unsigned cp)
{
	char buf[4];
	size_t n;

	if (!cl_started)
		return;
	clear_matches();
	if (cp == '\r')
		cp = '\n';
	n = ui_utf8_encode(cp, buf);
	q_push(buf, n);
	pump();
}

void
ui_cmdline_feed_key(int key)
{
	const char *seq = NULL;

	if (!cl_started)
		return;
	if (key != '\t')
		clear_matches();
	switch (key) {
	case UI_KEY_UP:
		seq = "\033[A";
		break;
	case UI_KEY_DOWN:
		seq = "\033[B";
		break;
	case UI_KEY_RIGHT:
		seq = "\033[C";
		break;
	case UI_KEY_LEFT:
		seq = "\033[D";
		break;
	case UI_KEY_HOME:
		seq = "\033[H";
		break;
	case UI_KEY_END:
		seq = "\033[F";
		break;
	case UI_KEY_DC:
		seq = "\033[3~";
		break;
	case UI_KEY_BACKSPACE:
		seq = "\177";
		break;
	case UI_KEY_ENTER:
		seq = "\n";
		break;
	default:
		return;
	}
	q_push(seq, strlen(seq));
	pump();
}

void
ui_cmdline_set_line(const char *text)
{
	if (!cl_started)
		return;
	rl_replace_line(text, 0);
	rl_point = rl_end;
	redisplay();
}

bool
ui_cmdline_empty(void)
{
	return !rl_line_buffer || rl_end == 0;
}

bool
ui_cmdline_stop(char *err, size_t errlen)
{
	bool ok = true;

	if (!cl_started)
		return true;
	rl_callback_handler_remove();
	if (cl_history)
		ok = repl_history_save(cl_history, err, errlen);
	clear_history();
	free(cl_history);
	cl_history = NULL;
	if (cl_null) {
		fclose(cl_null);
		cl_null = NULL;
	}
	rl_outstream = NULL;
	cl_started = false;
	cl_st = NULL;
	return ok;
}
