/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sessfile.h - save and load a whole session (the save and load
 * commands), and the state hash that says two sessions are the same.
 *
 * A session file holds the machine (model/save.h's image: config, era,
 * sysctls, free lists in order, pageblocks, owners, LRUs, tasks, per-CPU
 * lists, counters, history) and the session around it (handles, the
 * workload list, the random stream and seed, the preset name, daemons
 * mode and simulated clock).  It is written atomically (a temporary file
 * in the same directory, fsync'd, renamed over the old one) and checked
 * whole on load: a truncated, corrupt or foreign file is refused with one
 * message and the session is left as it was.  The undo history and
 * explain's records are not saved.
 */
#ifndef BUDDYSCOPE_SESSFILE_H
#define BUDDYSCOPE_SESSFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct session;

#define SESSION_FILE_VERSION 1

/* The session's bytes as save writes them, without the file's header and
 * checksum.  False only on out of memory. */
bool sessfile_encode(const struct session *s, struct strbuf *out);

/* Write s to path atomically; on failure the old file is untouched and
 * err says why ("PATH: reason"). */
bool sessfile_save(const struct session *s, const char *path, char *err,
		   size_t errlen);

/* Replace s's state with the one saved in path.  On any error s is
 * unchanged and err holds "PATH: what is wrong". */
bool sessfile_load(struct session *s, const char *path, char *err,
		   size_t errlen);

/* FNV-1a of sessfile_encode(): equal states have equal hashes. */
bool sessfile_state_hash(const struct session *s, uint64_t *out);

#endif
