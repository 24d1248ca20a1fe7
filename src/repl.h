/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * repl.h - the GNU readline command line on a plain terminal.
 *
 * Reads lines with readline(), runs them with session_execute_line(),
 * prints output to stdout and messages to stderr.  Tab completion asks the
 * command table (cmd_complete_kind / cmd_complete_each); file names come
 * from readline's own completer where a path is expected.  The history is
 * loaded from and saved to history_path (NULL: no file).
 */
#ifndef BUDDYSCOPE_REPL_H
#define BUDDYSCOPE_REPL_H

#include "session.h"

/* Run until quit or end of input; returns 0. */
int repl_run(struct session *s, const char *history_path);

/* The pause hook of the interactive program: wait for a key on the
 * terminal, or at most seconds (< 0: no limit). */
void repl_pause(void *data, double seconds);

/* The quiz hook of the plain command line: a number and Enter; 0 when
 * the answer is empty or not a choice (skipped). */
unsigned repl_quiz(void *data, const char *question,
		   const char *const *choices, unsigned n);

/* Install tab completion for s (also used by the pty test). */
void repl_setup_completion(struct session *s);

/* Write readline's history list to path atomically (replacefile_atomic);
 * false with a message, the old file kept. */
bool repl_history_save(const char *path, char *err, size_t errlen);

#endif
