/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * script.h - running files of commands: batch files, --script, source.
 *
 * A script is read line by line and every line goes through
 * session_execute_line().  Output goes to the session's io->out; an error
 * is reported to io->err as "FILE:LINE: error: message" and a failed
 * expect as "FILE:LINE: expect failed: message", and both are counted in
 * the session (the batch exit status is derived from the counts).  After
 * an error the run stops unless io->keep_going.
 */
#ifndef BUDDYSCOPE_SCRIPT_H
#define BUDDYSCOPE_SCRIPT_H

#include <stdio.h>

#include "session.h"

/* The longest line a script may have (bytes, without the newline). */
#define SCRIPT_LINE_MAX 65536u

/*
 * Run the file at path ("-": standard input).  Returns EXEC_OK when every
 * line ran (expect failures included), EXEC_STOP when it stopped on an
 * error, EXEC_QUIT on quit, EXEC_ERROR with a message in err when the file
 * cannot be opened (nothing ran).
 */
enum exec_status script_run_file(struct session *s, const char *path,
				 char *err, size_t errlen);

/* The same for an open stream; name is used in messages. */
enum exec_status script_run_stream(struct session *s, FILE *f,
				   const char *name);

#endif
