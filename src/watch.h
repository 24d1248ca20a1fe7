/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * watch.h - watching a real machine: samples of /proc/buddyinfo (and
 * zoneinfo when present) at an interval, what changed between two
 * samples, and a bounded history for the screen's sparklines.
 *
 * The history is a ring of the last `capacity` samples; each holds, per
 * zone, the free blocks per order, the free pages, and the kernel's two
 * fragmentation indices per order (unusable_free_index and
 * __fragmentation_index of mm/vmstat.c, 0..1000, -1000 for "a block is
 * free") computed from the counts.  Index 0 is the oldest sample.  No
 * root is needed: buddyinfo is world-readable; when pagetypeinfo is
 * readable (root) the free blocks per migratetype are kept and compared
 * too.
 */
#ifndef BUDDYSCOPE_WATCH_H
#define BUDDYSCOPE_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "import.h"
#include "strbuf.h"

#define WATCH_MAX_ZONES 8	/* zones of all nodes, per sample */

struct watch_zone {
	char name[16];		/* "Normal", or "1:Normal" for node 1 */
	unsigned long nr_free[MM_IMPORT_ORDERS];
	unsigned long free_pages;
	int unusable[MM_IMPORT_ORDERS];	/* unusable_free_index, 0..1000 */
	int extfrag[MM_IMPORT_ORDERS];	/* __fragmentation_index */
	/* pagetypeinfo, when readable (root): free blocks per type */
	bool have_mt;
	unsigned long nr_free_mt[MIGRATE_TYPES][MM_IMPORT_ORDERS];
};

struct watch_sample {
	double time;		/* seconds since the first sample */
	unsigned nr_orders;
	unsigned nr_zones;
	struct watch_zone zones[WATCH_MAX_ZONES];
};

struct watch;

struct watch *watch_create(unsigned capacity);
void watch_destroy(struct watch *w);

/*
 * Read DIR/buddyinfo (DIR is /proc for the running machine; snap a
 * file suffix as for import, or NULL), add it to the history and append
 * to out what changed since the previous sample.  On error nothing is
 * added and one message is written.
 */
bool watch_sample(struct watch *w, const char *dir, const char *snap,
		  struct strbuf *out, char *err, size_t errlen);

unsigned watch_nr_samples(const struct watch *w);
/* Whether watch_sample() prints the seconds between samples. */
void watch_show_time(struct watch *w, bool on);
/* Sample i (0: oldest); NULL past the end. */
const struct watch_sample *watch_get(const struct watch *w, unsigned i);
/* Free blocks of a zone and order in sample i; -1 if not there. */
long watch_nr_free(const struct watch *w, unsigned i, const char *zone,
		   unsigned order);

/* A sparkline of v[0..n) in UTF-8 block characters. */
void watch_sparkline(const double *v, unsigned n, struct strbuf *out);

enum exec_status cmd_exec_watch(struct cmd_ctx *c);

#endif
