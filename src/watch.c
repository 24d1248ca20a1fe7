/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * watch.c - sampling a real machine's buddyinfo into a ring buffer and
 * telling what changed (see watch.h), and the `watch` command.
 *
 * The ring holds `capacity` struct watch_sample; head is the slot of the
 * oldest, n how many are held; a new sample overwrites the oldest when
 * the ring is full.  The files are parsed with procimport.c's parsers,
 * once per node present.
 */
#include "watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "procimport.h"
#include "readfile.h"
#include "session_impl.h"

struct watch {
	struct watch_sample *ring;
	unsigned cap, head, n;
	struct timespec t0;
	bool started;
	bool show_time;		/* print the time between samples */
};

struct watch *
watch_create(unsigned capacity)
{
	struct watch *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->cap = capacity ? capacity : 1;
	w->ring = calloc(w->cap, sizeof(*w->ring));
	if (!w->ring) {
		free(w);
		return NULL;
	}
	return w;
}

void
watch_destroy(struct watch *w)
{
	if (!w)
		return;
	free(w->ring);
	free(w);
}

void
watch_show_time(struct watch *w, bool on)
{
	w->show_time = on;
}

unsigned
watch_nr_samples(const struct watch *w)
{
	return w->n;
}

const struct watch_sample *
watch_get(const struct watch *w, unsigned i)
{
	if (i >= w->n)
		return NULL;
	return &w->ring[(w->head + i) % w->cap];
}

long
watch_nr_free(const struct watch *w, unsigned i, const char *zone,
	      unsigned order)
{
	const struct watch_sample *s = watch_get(w, i);

	if (!s || order >= s->nr_orders)
		return -1;
	for (unsigned z = 0; z < s->nr_zones; z++)
		if (strcmp(s->zones[z].name, zone) == 0)
			return (long)s->zones[z].nr_free[order];
	return -1;
}

/* unusable_free_index() and __fragmentation_index() (mm/vmstat.c) from
 * the counts of one zone. */
static void
indices(struct watch_zone *z, unsigned nr_orders)
{
	unsigned long blocks = 0;

	z->free_pages = 0;
	for (unsigned o = 0; o < nr_orders; o++) {
		z->free_pages += z->nr_free[o] << o;
		blocks += z->nr_free[o];
	}
	for (unsigned o = 0; o < nr_orders; o++) {
		unsigned long suitable = 0, suitable_pages = 0;

		for (unsigned k = o; k < nr_orders; k++) {
			suitable += z->nr_free[k] << (k - o);
			suitable_pages += z->nr_free[k] << k;
		}
		z->unusable[o] = z->free_pages ?
			(int)((z->free_pages - suitable_pages) * 1000ul / z->free_pages) : 1000;
		if (!blocks)
			z->extfrag[o] = 0;
		else if (suitable)
			z->extfrag[o] = -1000;
		else
			z->extfrag[o] = (int)(1000 - (1000 + z->free_pages * 1000ul /
						      (1ul << o)) / blocks);
	}
}

/* Read one sample of every node's zones. */
static bool
read_sample(const char *dir, const char *snap, struct watch_sample *s,
	    char *err, size_t errlen)
{
	char path[4096];
	char *text;
	size_t len;
	struct procimport_nodes nodes = { 0 };
	struct mm_import *imp;

	if (!procimport_find(dir, "buddyinfo", snap, path, sizeof(path))) {
		snprintf(err, errlen, "%s: no buddyinfo%s%s there", dir,
			 snap ? "." : "", snap ? snap : "");
		return false;
	}
	if (!readfile_all(path, &text, &len, (size_t)16 << 20, err, errlen))
		return false;
	imp = malloc(sizeof(*imp));
	if (!imp) {
		free(text);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	memset(s, 0, sizeof(*s));
	for (int node = 0; node < 64; node++) {
		if (node && !(nodes.seen >> node & 1))
			continue;
		mm_import_init(imp);
		if (!procimport_buddyinfo(imp, path, text, len, node, &nodes, err,
					  errlen)) {
			free(imp);
			free(text);
			return false;
		}
		s->nr_orders = imp->nr_orders;
		for (unsigned i = 0; i < imp->nr_zones; i++) {
			const struct mm_import_zone *iz = &imp->zones[i];
			struct watch_zone *z;
			static const char *const names[] = {
				"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
			};

			if (!iz->have_free || s->nr_zones == WATCH_MAX_ZONES)
				continue;
			z = &s->zones[s->nr_zones++];
			if (node)
				snprintf(z->name, sizeof(z->name), "%d:%s", node,
					 names[iz->type]);
			else
				snprintf(z->name, sizeof(z->name), "%s", names[iz->type]);
			memcpy(z->nr_free, iz->nr_free, sizeof(z->nr_free));
			indices(z, s->nr_orders);
		}
	}
	free(text);
	/* more detail when pagetypeinfo is readable (root only on 5.4+) */
	if (procimport_find(dir, "pagetypeinfo", snap, path, sizeof(path)) &&
	    readfile_all(path, &text, &len, (size_t)16 << 20, err, errlen)) {
		struct procimport_nodes pn = { 0 };

		mm_import_init(imp);
		if (procimport_pagetypeinfo(imp, path, text, len, 0, &pn, err,
					    errlen)) {
			for (unsigned i = 0; i < imp->nr_zones; i++) {
				static const char *const names[] = {
					"DMA", "DMA32", "Normal", "HighMem",
					"Movable", "Device",
				};
				struct watch_zone *z = NULL;

				for (unsigned k = 0; k < s->nr_zones; k++)
					if (!strcmp(s->zones[k].name,
						    names[imp->zones[i].type]))
						z = &s->zones[k];
				if (!z || !imp->zones[i].have_free_mt)
					continue;
				z->have_mt = true;
				memcpy(z->nr_free_mt, imp->zones[i].nr_free_mt,
				       sizeof(z->nr_free_mt));
			}
		}
		free(text);
	}
	err[0] = '\0';
	free(imp);
	return true;
}

static const struct watch_zone *
find_zone(const struct watch_sample *s, const char *name)
{
	for (unsigned z = 0; z < s->nr_zones; z++)
		if (strcmp(s->zones[z].name, name) == 0)
			return &s->zones[z];
	return NULL;
}

void
watch_sparkline(const double *v, unsigned n, struct strbuf *out)
{
	static const char *const bars[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	double lo = 0, hi = 0;

	for (unsigned i = 0; i < n; i++) {
		if (!i || v[i] < lo)
			lo = v[i];
		if (!i || v[i] > hi)
			hi = v[i];
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned k = hi > lo ? (unsigned)((v[i] - lo) * 7.0 / (hi - lo) + 0.5) : 0;

		strbuf_adds(out, bars[k > 7 ? 7 : k]);
	}
}

static void
describe(const struct watch *w, const char *dir, struct strbuf *out)
{
	const struct watch_sample *cur = watch_get(w, w->n - 1);
	const struct watch_sample *prev = w->n > 1 ? watch_get(w, w->n - 2) : NULL;

	strbuf_addf(out, "watch %s: sample %u", dir, w->n);
	if (prev && w->show_time)
		strbuf_addf(out, " (+%.1f s)", cur->time - prev->time);
	strbuf_addc(out, '\n');
	for (unsigned zi = 0; zi < cur->nr_zones; zi++) {
		const struct watch_zone *z = &cur->zones[zi];
		const struct watch_zone *p = prev ? find_zone(prev, z->name) : NULL;
		double series[1024];
		unsigned ns = 0;
		bool changed = false;

		strbuf_addf(out, "  %-8s %10lu free pages", z->name, z->free_pages);
		if (p && p->free_pages != z->free_pages)
			strbuf_addf(out, " (%+ld)", (long)z->free_pages - (long)p->free_pages);
		for (unsigned i = 0; i < w->n && ns < 1024; i++) {
			const struct watch_zone *h = find_zone(watch_get(w, i), z->name);

			if (h)
				series[ns++] = (double)h->free_pages;
		}
		strbuf_adds(out, "  ");
		watch_sparkline(series, ns, out);
		{
			/* unusable_index at pageblock order 9 (or the largest) */
			unsigned uo = cur->nr_orders > 9 ? 9 : cur->nr_orders - 1;

			ns = 0;
			for (unsigned i = 0; i < w->n && ns < 1024; i++) {
				const struct watch_zone *h =
					find_zone(watch_get(w, i), z->name);

				if (h)
					series[ns++] = (double)h->unusable[uo];
			}
			strbuf_addf(out, "  unusable(%u) %d.%03d ", uo,
				    z->unusable[uo] / 1000, z->unusable[uo] % 1000);
			watch_sparkline(series, ns, out);
		}
		strbuf_addc(out, '\n');
		if (!p)
			continue;
		for (unsigned o = 0; o < cur->nr_orders; o++) {
			if (z->nr_free[o] == p->nr_free[o])
				continue;
			if (!changed)
				strbuf_adds(out, "          ");
			changed = true;
			strbuf_addf(out, " order %u: %lu -> %lu (%+ld)", o, p->nr_free[o],
				    z->nr_free[o], (long)z->nr_free[o] - (long)p->nr_free[o]);
		}
		if (changed)
			strbuf_addc(out, '\n');
		if (z->have_mt && p->have_mt) {
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				bool any = false;

				for (unsigned o = 0; o < cur->nr_orders; o++) {
					if (z->nr_free_mt[mt][o] == p->nr_free_mt[mt][o])
						continue;
					if (!any)
						strbuf_addf(out, "           %-11s",
							    migratetype_name((enum migratetype)mt));
					any = true;
					strbuf_addf(out, " order %u: %lu -> %lu", o,
						    p->nr_free_mt[mt][o], z->nr_free_mt[mt][o]);
				}
				if (any)
					strbuf_addc(out, '\n');
			}
		}
		for (unsigned o = 0; o < cur->nr_orders; o++) {
			if (z->unusable[o] == p->unusable[o])
				continue;
			strbuf_addf(out, "           unusable_index order %u: %d.%03d -> %d.%03d\n",
				    o, p->unusable[o] / 1000, p->unusable[o] % 1000,
				    z->unusable[o] / 1000, z->unusable[o] % 1000);
			break;	/* the lowest order that changed */
		}
	}
}

bool
watch_sample(struct watch *w, const char *dir, const char *snap,
	     struct strbuf *out, char *err, size_t errlen)
{
	struct watch_sample s;
	struct timespec now;

	if (!read_sample(dir, snap, &s, err, errlen))
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!w->started) {
		w->t0 = now;
		w->started = true;
	}
	s.time = (double)(now.tv_sec - w->t0.tv_sec) +
		 (double)(now.tv_nsec - w->t0.tv_nsec) / 1e9;
	if (w->n == w->cap) {
		w->ring[w->head] = s;
		w->head = (w->head + 1) % w->cap;
	} else {
		w->ring[(w->head + w->n) % w->cap] = s;
		w->n++;
	}
	describe(w, dir, out);
	return true;
}

/* ---- the command --------------------------------------------------------- */

#define WATCH_HISTORY 600

enum exec_status
cmd_exec_watch(struct cmd_ctx *c)
{
	struct session *s = c->s;
	double interval = 1.0;
	unsigned long count = 1;
	unsigned nums = 0;
	const char *snap = NULL;
	char dir[4096] = "/proc", msg[512];

	for (unsigned i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];
		char *end;

		if (strncmp(a, "dir=", 4) == 0) {
			procimport_resolve(c, a + 4, dir, sizeof(dir));
		} else if (a[0] >= '0' && a[0] <= '9' && nums < 2) {
			double v = strtod(a, &end);

			if (*end || v < 0 || v > 86400 || (nums == 1 && (v < 1 || v != (unsigned long)v)))
				return cmd_error(c, "expected INTERVAL (seconds) then "
						 "COUNT (1 or more), got '%.40s'", a);
			if (nums++ == 0)
				interval = v;
			else
				count = (unsigned long)v;
		} else if (!snap && !strchr(a, '=') && !strchr(a, '/')) {
			snap = a;
		} else {
			return cmd_error(c, "expected INTERVAL, COUNT, dir=DIR or "
					 "SNAPSHOT, got '%.40s'", a);
		}
	}
	if (!s->watch) {
		s->watch = watch_create(WATCH_HISTORY);
		if (!s->watch)
			return cmd_error(c, "out of memory");
	}
	/* saved files at interval 0 (tests): no clock in the output */
	watch_show_time(s->watch, interval > 0);
	for (unsigned long k = 0; k < count; k++) {
		if (k && interval > 0) {
			struct timespec ts = {
				(time_t)interval,
				(long)((interval - (double)(time_t)interval) * 1e9),
			};

			/* print what we have before sleeping */
			if (s->io.out) {
				s->io.out(s->io.data, strbuf_str(c->out),
					  strlen(strbuf_str(c->out)));
				strbuf_reset(c->out);
			}
			if (!s->io.wait) {
				nanosleep(&ts, NULL);
			} else if (!s->io.wait(s->io.data, interval)) {
				strbuf_addf(c->out, "watch stopped by a key after "
					    "%lu of %lu samples\n", k, count);
				break;
			}
		}
		if (!watch_sample(s->watch, dir, snap, c->out, msg, sizeof(msg)))
			return cmd_error(c, "%s", msg);
	}
	return EXEC_OK;
}
