/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.h - reading a kernel's kmem tracepoint text and stepping a
 * machine through it, and the `replay` command.
 *
 * Three writers are understood, line by line: tracefs `trace`
 * ("task-pid [CPU] flags secs: mm_page_alloc: page=... pfn=0x..."),
 * `trace-cmd report` (the same without the flags column, or with it) and
 * `perf script` ("comm pid [CPU] secs: kmem:mm_page_alloc: ...").  PFNs
 * may be printed as pfn=0x%lx (5.14+) or pfn=%lu (older kernels).  Lines
 * of other events, comments and headers are skipped.  The file may be
 * plain, gzip or xz.
 *
 * The screen drives a replay one event at a time: replay_open(), then
 * replay_step() on the machine shown, replay_position() for where it is;
 * replay_rewind() goes back to the first event (the caller restores the
 * machine it started from, e.g. an mm_clone() taken before the first
 * step, to step back).
 */
#ifndef BUDDYSCOPE_REPLAY_H
#define BUDDYSCOPE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "kmemtrace.h"

struct replay;

struct replay *replay_open(const char *path, char *err, size_t errlen);
void replay_close(struct replay *r);

/*
 * Parse one line (no newline).  Returns 1 and fills ev for a kmem page
 * event, 0 for a line to skip, -1 with a message (no file or line) for a
 * malformed event line.
 */
int replay_parse_line(const char *line, size_t len, struct mm_trace_event *ev,
		      char *err, size_t errlen);

/* The next event: 1, 0 at the end, -1 and "FILE:LINE: ..." on bad input. */
int replay_next(struct replay *r, struct mm_trace_event *ev, char *err,
		size_t errlen);

struct replay_step {
	struct mm_trace_event ev;
	enum mm_trace_div div;
	struct mm_trace_seen seen;
	unsigned line;		/* line of the event in the file */
};

/* Parse and apply the next event to m (see mm_trace_apply); same returns
 * as replay_next.  On -1 the machine is unchanged. */
int replay_step(struct replay *r, struct machine *m, bool strict,
		struct replay_step *st, char *err, size_t errlen);

uint64_t replay_position(const struct replay *r);	/* events done */
unsigned replay_line(const struct replay *r);		/* lines read */
const char *replay_path(const struct replay *r);
void replay_rewind(struct replay *r);

/* Go to just after event number `events` (0: the start), reading the
 * events before it without applying them, and zero the counters.  1, 0
 * when the file has fewer events, -1 and "FILE:LINE: ..." on bad input. */
int replay_seek(struct replay *r, uint64_t events, char *err, size_t errlen);

/* Whether r was read from this path and the file has not changed since
 * (same inode, size and modification time), so it can be stepped on. */
bool replay_same_file(const struct replay *r, const char *path);

/* Counters since open or rewind. */
struct replay_counts {
	uint64_t ops[NR_MM_TRACE_OPS];
	uint64_t divs[NR_MM_DIVS];
	uint64_t failed_allocs;
	uint64_t skipped_lines;
};
void replay_get_counts(const struct replay *r, struct replay_counts *c);

/* One divergence as a line of text (no newline). */
void replay_describe(const struct replay *r, const struct replay_step *st,
		     struct strbuf *out);

/* From tracefs's header "# entries-in-buffer/entries-written: A/B": the
 * events the kernel's ring buffer dropped (B - A), or 0. */
unsigned long long replay_trace_lost(const char *buf, size_t len);

/* How many kmem page events a file holds; -1 and a message if it cannot
 * be read or is malformed. */
long replay_count_events(const char *path, char *err, size_t errlen);

enum exec_status cmd_exec_replay(struct cmd_ctx *c);

/* tracepoint LINE: apply one kmem trace line (the screen's player steps
 * through a trace file with it, so undo, goto and bookmarks work). */
enum exec_status cmd_exec_tracepoint(struct cmd_ctx *c);

#endif
