/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procimport.h - reading a real machine's /proc files (live or saved in a
 * directory) into a struct mm_import, and the `import` command.
 *
 * Each parser takes the text of one file and the name to put in messages;
 * a malformed line gives exactly one "NAME:LINE: what was expected"
 * message and false.  Only the zones of the chosen node are taken (the
 * model is one node); the nodes seen are reported in a bit mask.
 */
#ifndef BUDDYSCOPE_PROCIMPORT_H
#define BUDDYSCOPE_PROCIMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "import.h"
#include "strbuf.h"

struct procimport_nodes {
	uint64_t seen;		/* bit n: node n appeared */
};

bool procimport_buddyinfo(struct mm_import *imp, const char *name,
			  const char *text, size_t len, int node,
			  struct procimport_nodes *nodes, char *err,
			  size_t errlen);
bool procimport_pagetypeinfo(struct mm_import *imp, const char *name,
			     const char *text, size_t len, int node,
			     struct procimport_nodes *nodes, char *err,
			     size_t errlen);
bool procimport_zoneinfo(struct mm_import *imp, const char *name,
			 const char *text, size_t len, int node,
			 struct procimport_nodes *nodes, char *err,
			 size_t errlen);

/* Zone type of a kernel zone name ("DMA32"); -1 if unknown. */
int procimport_zone_type(const char *name, size_t len);

/*
 * The file BASE of a saved directory (or /proc): DIR/BASE[.SNAP][.gz|.xz],
 * the first that exists, into path; false if none.
 */
bool procimport_find(const char *dir, const char *base, const char *snap,
		     char *path, size_t len);

struct procimport_opts {
	const char *dir;
	const char *snapshot;	/* file suffix ("before"), or NULL */
	int node;
	bool kpageflags;	/* read kpageflags when present */
	/* refuse a machine this session cannot hold (NULL: no check) */
	const struct session *session;
};

/*
 * Read the files of a directory and build the machine.  notes gets what
 * the user should know (files missing, synthetic placement, per-zone
 * agreement).  NULL and one message on failure; nothing else changes.
 */
struct machine *procimport_load(const struct procimport_opts *o,
				struct mm_import *imp,
				struct mm_import_report *rep,
				struct strbuf *notes, char *err, size_t errlen);

/* The command. */
enum exec_status cmd_exec_import(struct cmd_ctx *c);
/* A path given to a command, relative to the running script if any. */
void procimport_resolve(struct cmd_ctx *c, const char *arg, char *path,
			size_t len);

#endif
