/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.h - the command table: every command of buddyscope, once.
 *
 * One struct cmd_desc per command (as tmux's cmd_entry): its name and
 * aliases, how many words it takes, the argument spec shown as usage, a
 * one-line summary and a help text, what tab completion offers for its
 * arguments, flags, and the handler.  Dispatch, `help`, tab completion,
 * the man page's command list and script replay all read this table, so
 * a command exists exactly when it has a row here.
 */
#ifndef BUDDYSCOPE_CMD_H
#define BUDDYSCOPE_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "session.h"
#include "strbuf.h"

/* What tab completion offers for a word. */
enum cmd_complete {
	COMPLETE_NONE,
	COMPLETE_COMMAND,	/* command names (help) */
	COMPLETE_PRESET,	/* machine presets, "list", "custom" */
	COMPLETE_ZONE_SIZE,	/* DMA= DMA32= Normal= ... (machine custom) */
	COMPLETE_ERA,
	COMPLETE_SYSCTL,	/* vm.* names */
	COMPLETE_ZONE,
	COMPLETE_GFP,		/* GFP_* and __GFP_* names */
	COMPLETE_ALLOC_OPT,	/* GFP names plus zone= ctx= owner= as count= */
	COMPLETE_HANDLE,
	COMPLETE_PROCFILE,	/* /proc and /sys paths cat knows */
	COMPLETE_PATH,		/* a file of the file system */
	COMPLETE_WORKLOAD,
	COMPLETE_EXPECT,	/* expect's first word */
	COMPLETE_ONOFF,		/* on off (drain) */
	COMPLETE_CTX,		/* after ctx= */
	COMPLETE_OWNER,		/* after owner= */
	COMPLETE_LESSON,	/* lesson names (lesson.c) */
};

/* The command changes the model state: it is logged for undo. */
#define CMD_MUTATES	0x1
/* It builds a new machine: a checkpoint follows it. */
#define CMD_RESETS	0x2
/* It does not count as "the previous command" for expect ok / fail. */
#define CMD_QUIET	0x4
/* It restores a saved state as it was (load): neither the daemons nor a
 * history sample run after it, so the state equals the saved one. */
#define CMD_RESTORES	0x8

#define CMD_ANY_ARGS 0xffffu

struct cmd_ctx {
	struct session *s;
	const struct cmd_desc *cmd;
	unsigned argc;		/* words after the command name */
	char **argv;		/* argv[0] is the first argument */
	bool call;		/* written as name(arg, ...) */
	struct strbuf *out;
	char *err;
	size_t errlen;
	/* Set by handlers that run an allocation: the outcome for expect. */
	bool outcome_set;
	bool outcome_ok;
	/* Set by a CMD_RESETS handler that changed the machine only a little
	 * this time (replay count=1): no undo checkpoint is taken for it. */
	bool small_step;
};

struct cmd_desc {
	const char *name;
	const char *aliases;	/* blank-separated, or NULL */
	unsigned min_args, max_args;
	const char *args;	/* "ORDER [GFP] [zone=ZONE] ..." */
	const char *summary;	/* one line */
	const char *help;	/* the rest: lines of text */
	enum cmd_complete complete[3];	/* by argument; the last repeats */
	unsigned flags;
	enum exec_status (*exec)(struct cmd_ctx *c);
};

extern const struct cmd_desc cmd_table[];
extern const size_t cmd_table_len;

/* The command called name (or one of its aliases); NULL if none. */
const struct cmd_desc *cmd_find(const char *name);

/* "usage: alloc ORDER [GFP] ..." into buf. */
void cmd_usage(const struct cmd_desc *d, char *buf, size_t len);

/*
 * Completion.  cmd_complete_kind() says what the word starting at byte
 * `start` of line is (reading the words before it and, for key=value, the
 * key); cmd_complete_each() calls fn for every candidate of that kind that
 * starts with prefix (COMPLETE_PATH candidates come from the caller).
 */
enum cmd_complete cmd_complete_kind(const char *line, size_t start);
void cmd_complete_each(struct session *s, enum cmd_complete kind,
		       const char *prefix,
		       void (*fn)(void *data, const char *word), void *data);

/* Helpers shared with the other command files. */
bool cmd_parse_zone(struct cmd_ctx *c, const char *word, unsigned *zone);
bool cmd_parse_pfn(struct cmd_ctx *c, const char *word, uint64_t *pfn);
/* Run a script file inside a command (source, lesson): one level deeper,
 * the location restored after; an error becomes the command's. */
enum exec_status cmd_run_nested(struct cmd_ctx *c, const char *path);
enum exec_status cmd_error(struct cmd_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The name of a zone index ("Normal"), "?" if none. */
const char *cmd_zone_name(const struct machine *m, int zone);
/* cmd_error() with the message a parser left in c->err. */
enum exec_status cmd_fail(struct cmd_ctx *c);

#endif
