/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.h - one user's simulation: the machine, its named allocations,
 * the undo history, and the entry point that runs one command line.
 *
 * Everything that drives buddyscope (the readline prompt, the screen of
 * ui/, scripts, batch files, the benchmark) goes through
 * session_execute_line().  It never touches the terminal: output goes to a
 * strbuf the caller prints, messages to an error buffer, and the few things
 * that need the outside world (pausing, output of nested scripts) go
 * through the struct session_io hooks.
 *
 * Commands are atomic: a line that is malformed or names something that
 * does not exist gets EXEC_ERROR and one message, and changes nothing.
 * A failed allocation is not an error: it is an outcome that expect can
 * test.
 */
#ifndef BUDDYSCOPE_SESSION_H
#define BUDDYSCOPE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct session;
struct machine;
struct machine_config;

enum exec_status {
	EXEC_OK,		/* ran; an allocation failure is OK too */
	EXEC_ERROR,		/* bad command or input: message in err */
	EXEC_EXPECT_FAILED,	/* an expect did not hold: message in err */
	EXEC_STOP,		/* a sourced script stopped on an error that
				 * was already reported: stop this run too */
	EXEC_QUIT,		/* quit/exit */
};

/* The hooks to the outside world.  Any of them may be NULL. */
struct session_io {
	/* Output and error reports of nested scripts (source). */
	void (*out)(void *data, const char *text, size_t len);
	void (*err)(void *data, const char *text, size_t len);
	/* pause: wait for a key, or at most seconds (< 0: no limit).
	 * NULL in batch runs, where pause does nothing. */
	void (*pause)(void *data, double seconds);
	/* wait: between a command's samples (watch), at most seconds while
	 * the screen stays live; false when the user pressed a key to stop.
	 * NULL: sleep. */
	bool (*wait)(void *data, double seconds);
	/* quiz (lesson.c): ask question with n choices and return the one
	 * picked, 1..n, or 0 when skipped.  NULL in batch runs, where a
	 * `guess N` line of the script answers. */
	unsigned (*quiz)(void *data, const char *question,
			 const char *const *choices, unsigned n);
	/* lesson NAME: play the file in the screen's player (replay keys);
	 * NULL: run it at once, as source does. */
	bool (*play)(void *data, const char *path, char *err, size_t errlen);
	void *data;
	bool keep_going;	/* batch --keep-going */
};

struct session_options {
	unsigned undo_depth;	/* steps undo can go back; 0: no undo */
	const char *trace_path;	/* --trace-out, or NULL */
	const char *preset;	/* first machine, NULL: "classroom" */
	/* the most model state a `machine` or `import` command may build,
	 * in bytes; 0: half the memory the system has available
	 * (MemAvailable) */
	uint64_t machine_bytes_max;
};

#define SESSION_UNDO_DEPTH 64

void session_options_init(struct session_options *o);

/* A session with its first machine; NULL and a message on failure. */
struct session *session_create(const struct session_options *o, char *err,
			       size_t errlen);
void session_destroy(struct session *s);

/*
 * Whether a machine of this configuration may be built in this session:
 * false, with a message saying how much its state needs and how much may
 * be had, when it needs more than machine_bytes_max.  Building one the
 * system cannot hold would end in the OOM killer and lose the session.
 */
bool session_machine_fits(const struct session *s,
			  const struct machine_config *cfg, char *err,
			  size_t errlen);
/* The same for a machine whose state takes need bytes. */
bool session_state_fits(const struct session *s, uint64_t need, char *err,
			size_t errlen);

void session_set_io(struct session *s, const struct session_io *io);
const struct session_io *session_io(const struct session *s);

/*
 * Run one line (len bytes; no NUL needed).  Output is appended to out; on
 * EXEC_ERROR or EXEC_EXPECT_FAILED one message (no "error:" prefix, no
 * newline) is written to err.  Blank and comment lines are EXEC_OK.
 */
enum exec_status session_execute_line(struct session *s, const char *line,
				      size_t len, struct strbuf *out,
				      char *err, size_t errlen);

/* The machine now shown (for the screen).  Valid until the next command. */
const struct machine *session_machine(const struct session *s);

/* Counts of what the reporters saw, for exit statuses. */
struct session_counts {
	unsigned long commands;
	unsigned long errors;
	unsigned long expects;
	unsigned long expects_failed;
};
void session_get_counts(const struct session *s, struct session_counts *c);
/* Reporters (script.c, repl.c) count what they print with these. */
void session_count_error(struct session *s);
void session_count_expect_failed(struct session *s);

/* Handle names starting with prefix, for completion; calls fn for each. */
void session_each_handle(const struct session *s, const char *prefix,
			 void (*fn)(void *data, const char *name), void *data);

/* The file and line being run (for source's relative paths and nested
 * messages); set by the script runner. */
void session_set_location(struct session *s, const char *file,
			  unsigned line);
const char *session_location_file(const struct session *s);

#endif
