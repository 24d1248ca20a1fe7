/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * script.c - the line runner behind --batch, --script and source.
 *
 * Lines are read into one buffer of SCRIPT_LINE_MAX bytes: a longer line
 * (a binary file, /dev/zero, a runaway generator) is one "line too long"
 * error and is skipped to its newline, so memory stays bounded whatever
 * the input; the tokenizer refuses NUL bytes, so binary garbage becomes
 * one error per line.  Output is handed to io->out once per line, which
 * batch mode points at a large stdio buffer: the runner itself allocates
 * nothing per line.
 */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static void
report(struct session *s, const char *name, unsigned line, const char *kind,
       const char *msg)
{
	const struct session_io *io = session_io(s);
	char buf[1200];
	int n = snprintf(buf, sizeof(buf), "%s:%u: %s: %s\n", name, line, kind,
			 msg);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1;
	if (io->err)
		io->err(io->data, buf, (size_t)n);
}

/*
 * The next line of f into buf (SCRIPT_LINE_MAX + 2 bytes), newline kept:
 * its length, or -1 at the end of the file.  A line longer than
 * SCRIPT_LINE_MAX is read to its end and dropped: *too_long is set and
 * the length returned is 0.
 */
static ssize_t
read_line(FILE *f, char *buf, bool *too_long)
{
	size_t n = 0;
	int c;

	*too_long = false;
	while ((c = getc_unlocked(f)) != EOF) {
		if (n < SCRIPT_LINE_MAX + 1)
			buf[n] = (char)c;
		n++;
		if (c == '\n')
			break;
	}
	if (n == 0)
		return -1;
	if (n > SCRIPT_LINE_MAX + 1 ||
	    (n == SCRIPT_LINE_MAX + 1 && buf[n - 1] != '\n')) {
		*too_long = true;
		return 0;
	}
	return (ssize_t)n;
}

enum exec_status
script_run_stream(struct session *s, FILE *f, const char *name)
{
	const struct session_io *io = session_io(s);
	struct strbuf out = STRBUF_INIT;
	char *line = malloc(SCRIPT_LINE_MAX + 2), err[1024];
	ssize_t n;
	bool too_long;
	unsigned lineno = 0;
	enum exec_status ret = EXEC_OK;

	if (!line) {
		report(s, name, 1, "error", "out of memory");
		session_count_error(s);
		return EXEC_STOP;
	}
	while ((n = read_line(f, line, &too_long)) >= 0) {
		enum exec_status st;

		lineno++;
		session_set_location(s, name, lineno);
		strbuf_reset(&out);
		err[0] = '\0';
		if (too_long) {
			snprintf(err, sizeof(err), "line too long: more than %u "
				 "bytes (not run)", SCRIPT_LINE_MAX);
			st = EXEC_ERROR;
		} else {
			st = session_execute_line(s, line, (size_t)n, &out, err,
						  sizeof(err));
		}
		if (out.len && io->out)
			io->out(io->data, out.buf, out.len);
		if (st == EXEC_ERROR) {
			report(s, name, lineno, "error", err);
			session_count_error(s);
			if (!io->keep_going) {
				ret = EXEC_STOP;
				break;
			}
		} else if (st == EXEC_EXPECT_FAILED) {
			report(s, name, lineno, "expect failed", err);
			session_count_expect_failed(s);
		} else if (st == EXEC_STOP) {
			ret = EXEC_STOP;
			break;
		} else if (st == EXEC_QUIT) {
			ret = EXEC_QUIT;
			break;
		}
	}
	if (ferror(f) && ret == EXEC_OK) {
		snprintf(err, sizeof(err), "read error: %s", strerror(errno));
		report(s, name, lineno + 1, "error", err);
		session_count_error(s);
		ret = EXEC_STOP;
	}
	free(line);
	strbuf_release(&out);
	return ret;
}

enum exec_status
script_run_file(struct session *s, const char *path, char *err,
		size_t errlen)
{
	FILE *f;
	enum exec_status st;

	if (strcmp(path, "-") == 0)
		return script_run_stream(s, stdin, "<stdin>");
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return EXEC_ERROR;
	}
	st = script_run_stream(s, f, path);
	fclose(f);
	return st;
}
