/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procimport.c - parsers for /proc/buddyinfo, /proc/pagetypeinfo and
 * /proc/zoneinfo as the kernel writes them (mm/vmstat.c, reference 10),
 * the reading of /proc/kpageflags, and the `import` command.
 *
 * The parsers walk the text line by line with a cursor (struct cur) and
 * accept what real kernels print: any number of orders (the header or the
 * first line fixes it, every line must agree), any set of migratetypes
 * (pagetypeinfo's own header names the columns), counts printed as
 * ">100000" where 5.4+ stopped walking a list, empty zones, several
 * nodes.  Anything else is one "NAME:LINE: ..." message.  Unknown
 * "key value" lines of zoneinfo are skipped, so new kernel counters do not
 * break the import.
 *
 * `import DIR [SNAPSHOT]` reads DIR/zoneinfo, DIR/buddyinfo,
 * DIR/pagetypeinfo and DIR/kpageflags (each maybe .gz or .xz, or with a
 * .SNAPSHOT suffix as in ../shared/data/real), builds a new machine with
 * mm_import_create() and only then replaces the session's machine.
 */
#include "procimport.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readfile.h"
#include "session_impl.h"

/* kpageflags of up to 1 TiB of 4 KiB pages. */
#define KPF_MAX_BYTES ((size_t)8 << 28)
#define TEXT_MAX_BYTES ((size_t)64 << 20)

/* ---- a cursor over one line -------------------------------------------- */

struct cur {
	const char *p, *end;
};

struct lines {
	const char *p, *end;
	unsigned no;
	struct cur c;		/* the current line */
};

static bool
next_line(struct lines *l)
{
	const char *nl;

	if (l->p >= l->end)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	l->c.p = l->p;
	l->c.end = nl ? nl : l->end;
	if (l->c.end > l->c.p && l->c.end[-1] == '\r')
		l->c.end--;
	l->p = nl ? nl + 1 : l->end;
	l->no++;
	return true;
}

static void
skip_ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static bool
at_end(struct cur *c)
{
	skip_ws(c);
	return c->p >= c->end;
}

/* The next blank-separated word; false at the end of the line. */
static bool
word(struct cur *c, const char **w, size_t *n)
{
	skip_ws(c);
	if (c->p >= c->end)
		return false;
	*w = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	*n = (size_t)(c->p - *w);
	return true;
}

static bool
lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	skip_ws(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* A decimal number (no sign); stops at a non-digit. */
static bool
number(struct cur *c, unsigned long long *v)
{
	unsigned long long x = 0;
	const char *s;

	skip_ws(c);
	s = c->p;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned d = (unsigned)(*c->p - '0');

		if (x > (~0ull - d) / 10)
			return false;
		x = x * 10 + d;
		c->p++;
	}
	*v = x;
	return c->p > s;
}

static bool
snumber(struct cur *c, long long *v)
{
	unsigned long long u;
	bool neg;

	skip_ws(c);
	neg = c->p < c->end && *c->p == '-';
	if (neg)
		c->p++;
	if (!number(c, &u) || u > (unsigned long long)1 << 62)
		return false;
	*v = neg ? -(long long)u : (long long)u;
	return true;
}

/* What was found, quoted and made printable, for messages. */
static const char *
found(const struct cur *c, char *buf, size_t len)
{
	struct cur t = *c;
	size_t n = 0;

	skip_ws(&t);
	if (t.p >= t.end)
		return "the end of the line";
	buf[n++] = '\'';
	while (t.p < t.end && *t.p != ' ' && *t.p != '\t' && n + 5 < len &&
	       n < 24) {
		unsigned char ch = (unsigned char)*t.p++;

		buf[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return buf;
}

static bool lerr(char *err, size_t errlen, const char *name, unsigned line,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool
lerr(char *err, size_t errlen, const char *name, unsigned line,
     const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u: %s", name, line, msg);
	return false;
}

static const char *const kernel_zone_names[NR_ZONE_TYPES] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

int
procimport_zone_type(const char *name, size_t len)
{
	for (int t = 0; t < NR_ZONE_TYPES; t++)
		if (strlen(kernel_zone_names[t]) == len &&
		    memcmp(kernel_zone_names[t], name, len) == 0)
			return t;
	return -1;
}

static int
migratetype_by_name(const char *w, size_t n)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		const char *s = migratetype_name((enum migratetype)mt);

		if (strlen(s) == n && memcmp(s, w, n) == 0)
			return mt;
	}
	return -1;
}

/*
 * "Node N, zone NAME" (with the comma glued to NAME or not, as the free
 * rows of pagetypeinfo print "zone      DMA, type").  On success *zone is
 * the zone of imp to fill, or NULL when the line is about another node.
 */
static bool
node_zone(struct lines *l, struct mm_import *imp, int node,
	  struct procimport_nodes *nodes, const char *name,
	  struct mm_import_zone **zone, bool *comma, char *err, size_t errlen)
{
	unsigned long long n;
	const char *w;
	size_t wn;
	int t;
	char fb[40];

	if (!lit(&l->c, "Node"))
		return lerr(err, errlen, name, l->no, "expected 'Node N, zone NAME', "
			    "found %s", found(&l->c, fb, sizeof(fb)));
	if (!number(&l->c, &n) || n > 63)
		return lerr(err, errlen, name, l->no, "expected a node number 0..63, "
			    "found %s", found(&l->c, fb, sizeof(fb)));
	if (!lit(&l->c, ",") || !lit(&l->c, "zone"))
		return lerr(err, errlen, name, l->no, "expected ', zone' after the "
			    "node number, found %s", found(&l->c, fb, sizeof(fb)));
	if (!word(&l->c, &w, &wn))
		return lerr(err, errlen, name, l->no, "expected a zone name");
	*comma = wn && w[wn - 1] == ',';
	if (*comma)
		wn--;
	t = procimport_zone_type(w, wn);
	if (t < 0)
		return lerr(err, errlen, name, l->no, "unknown zone '%.*s' (expected "
			    "DMA, DMA32, Normal, HighMem, Movable or Device)",
			    (int)(wn > 20 ? 20 : wn), w);
	nodes->seen |= 1ull << n;
	*zone = NULL;
	if ((int)n != node)
		return true;
	*zone = mm_import_zone(imp, (enum zone_type)t);
	if (!*zone)
		return lerr(err, errlen, name, l->no, "too many zones");
	return true;
}

/* The orders' count from a row: set it or check it. */
static bool
check_orders(struct mm_import *imp, unsigned n, const char *name,
	     unsigned line, char *err, size_t errlen)
{
	if (n < 2 || n > MM_IMPORT_ORDERS)
		return lerr(err, errlen, name, line, "%u orders: expected 2..%d "
			    "(MAX_PAGE_ORDER 1..%d)", n, MM_IMPORT_ORDERS,
			    MM_MAX_ORDER_LIMIT);
	if (imp->nr_orders && imp->nr_orders != n)
		return lerr(err, errlen, name, line, "%u orders here, %u before",
			    n, imp->nr_orders);
	imp->nr_orders = n;
	return true;
}

/* ---- /proc/buddyinfo ----------------------------------------------------- */

bool
procimport_buddyinfo(struct mm_import *imp, const char *name, const char *text,
		     size_t len, int node, struct procimport_nodes *nodes,
		     char *err, size_t errlen)
{
	struct lines l = { text, text + len, 0, { NULL, NULL } };
	bool any = false;

	while (next_line(&l)) {
		struct mm_import_zone *z;
		unsigned long v[MM_IMPORT_ORDERS];
		unsigned n = 0;
		bool comma;
		char fb[40];

		if (at_end(&l.c))
			continue;
		if (!node_zone(&l, imp, node, nodes, name, &z, &comma, err, errlen))
			return false;
		while (!at_end(&l.c)) {
			unsigned long long x;

			if (!number(&l.c, &x) ||
			    (l.c.p < l.c.end && *l.c.p != ' ' && *l.c.p != '\t'))
				return lerr(err, errlen, name, l.no, "expected a count "
					    "of free blocks, found %s",
					    found(&l.c, fb, sizeof(fb)));
			if (n == MM_IMPORT_ORDERS)
				return lerr(err, errlen, name, l.no, "more than %d "
					    "orders", MM_IMPORT_ORDERS);
			if (x > (1ull << 40))
				return lerr(err, errlen, name, l.no, "%llu free "
					    "blocks is more than any machine has", x);
			v[n++] = (unsigned long)x;
		}
		if (!check_orders(imp, n, name, l.no, err, errlen))
			return false;
		any = true;
		if (!z)
			continue;
		if (z->have_free)
			return lerr(err, errlen, name, l.no, "zone %s of node %d "
				    "listed twice", kernel_zone_names[z->type], node);
		z->have_free = true;
		memcpy(z->nr_free, v, n * sizeof(v[0]));
	}
	if (!any)
		return lerr(err, errlen, name, l.no ? l.no : 1, "no zone lines "
			    "('Node N, zone NAME COUNTS...')");
	return true;
}

/* ---- /proc/pagetypeinfo ------------------------------------------------- */

bool
procimport_pagetypeinfo(struct mm_import *imp, const char *name,
			const char *text, size_t len, int node,
			struct procimport_nodes *nodes, char *err,
			size_t errlen)
{
	struct lines l = { text, text + len, 0, { NULL, NULL } };
	int cols[MIGRATE_TYPES];
	unsigned ncols = 0, ptb = 0;
	enum { TOP, FREE, BLOCKS, MIXED } sect = TOP;
	char fb[40];

	while (next_line(&l)) {
		struct mm_import_zone *z;
		unsigned long long x;
		bool comma;

		if (at_end(&l.c))
			continue;
		if (lit(&l.c, "Page block order:")) {
			if (!number(&l.c, &x) || !at_end(&l.c) || x < 1 ||
			    x > MM_MAX_ORDER_LIMIT)
				return lerr(err, errlen, name, l.no, "expected a "
					    "pageblock order 1..%d",
					    MM_MAX_ORDER_LIMIT);
			imp->pageblock_order = (unsigned)x;
			continue;
		}
		if (lit(&l.c, "Pages per block:")) {
			if (!number(&l.c, &x) || !at_end(&l.c) ||
			    !imp->pageblock_order ||
			    x != 1ull << imp->pageblock_order)
				return lerr(err, errlen, name, l.no, "expected %llu "
					    "pages per block (2 to the pageblock "
					    "order)", imp->pageblock_order ?
					    1ull << imp->pageblock_order : 0ull);
			ptb = 1;
			continue;
		}
		if (lit(&l.c, "Free pages count per migrate type at order")) {
			unsigned n = 0;

			while (!at_end(&l.c)) {
				if (!number(&l.c, &x) || x != n)
					return lerr(err, errlen, name, l.no,
						    "expected order %u in the header, "
						    "found %s", n,
						    found(&l.c, fb, sizeof(fb)));
				n++;
			}
			if (!check_orders(imp, n, name, l.no, err, errlen))
				return false;
			sect = FREE;
			continue;
		}
		if (lit(&l.c, "Number of blocks type")) {
			const char *w;
			size_t wn;

			ncols = 0;
			while (word(&l.c, &w, &wn)) {
				int mt = migratetype_by_name(w, wn);

				if (mt < 0)
					return lerr(err, errlen, name, l.no,
						    "unknown migratetype '%.*s'",
						    (int)(wn > 20 ? 20 : wn), w);
				if (ncols == MIGRATE_TYPES)
					return lerr(err, errlen, name, l.no,
						    "too many migratetypes");
				if (mt == MIGRATE_CMA)
					imp->cma = true;
				cols[ncols++] = mt;
			}
			sect = BLOCKS;
			continue;
		}
		if (lit(&l.c, "Number of mixed blocks")) {
			sect = MIXED;
			continue;
		}
		if (sect == TOP)
			return lerr(err, errlen, name, l.no, "expected 'Page block "
				    "order:' or a table header, found %s",
				    found(&l.c, fb, sizeof(fb)));
		if (!node_zone(&l, imp, node, nodes, name, &z, &comma, err, errlen))
			return false;
		if (sect == MIXED)
			continue;
		if (sect == FREE) {
			const char *w;
			size_t wn;
			unsigned n = 0;
			int mt;

			if (!comma || !lit(&l.c, "type") || !word(&l.c, &w, &wn))
				return lerr(err, errlen, name, l.no, "expected "
					    "'zone NAME, type TYPE' in a free "
					    "count row");
			mt = migratetype_by_name(w, wn);
			if (mt < 0)
				return lerr(err, errlen, name, l.no, "unknown "
					    "migratetype '%.*s'",
					    (int)(wn > 20 ? 20 : wn), w);
			if (mt == MIGRATE_CMA)
				imp->cma = true;
			while (!at_end(&l.c)) {
				bool cap = lit(&l.c, ">");

				if (!number(&l.c, &x) || x > (1ull << 40) ||
				    (l.c.p < l.c.end && *l.c.p != ' ' && *l.c.p != '\t'))
					return lerr(err, errlen, name, l.no,
						    "expected a count of free blocks, "
						    "found %s", found(&l.c, fb, sizeof(fb)));
				if (n >= imp->nr_orders)
					return lerr(err, errlen, name, l.no, "more "
						    "counts than the header's %u orders",
						    imp->nr_orders);
				if (z) {
					z->nr_free_mt[mt][n] = (unsigned long)x;
					z->capped[mt][n] = cap;
				}
				n++;
			}
			if (n != imp->nr_orders)
				return lerr(err, errlen, name, l.no, "%u counts, the "
					    "header has %u orders", n, imp->nr_orders);
			if (z)
				z->have_free_mt = true;
			continue;
		}
		/* BLOCKS */
		for (unsigned k = 0; k < ncols; k++) {
			if (!number(&l.c, &x) || x > (1ull << 40))
				return lerr(err, errlen, name, l.no, "expected the "
					    "number of %s pageblocks, found %s",
					    migratetype_name((enum migratetype)cols[k]),
					    found(&l.c, fb, sizeof(fb)));
			if (z)
				z->nr_blocks[cols[k]] = (unsigned long)x;
		}
		if (!at_end(&l.c))
			return lerr(err, errlen, name, l.no, "more columns than the "
				    "header's %u migratetypes", ncols);
		if (z)
			z->have_blocks = true;
	}
	if (!imp->pageblock_order || !ptb)
		return lerr(err, errlen, name, l.no ? l.no : 1, "no 'Page block "
			    "order:' and 'Pages per block:' lines");
	return true;
}

/* ---- /proc/zoneinfo ------------------------------------------------------ */

static bool
zi_num(struct lines *l, const char *name, const char *key, long long *v,
       char *err, size_t errlen)
{
	char fb[40];

	if (!snumber(&l->c, v) || !at_end(&l->c))
		return lerr(err, errlen, name, l->no, "expected a number after "
			    "'%s', found %s", key, found(&l->c, fb, sizeof(fb)));
	return true;
}

bool
procimport_zoneinfo(struct mm_import *imp, const char *name, const char *text,
		    size_t len, int node, struct procimport_nodes *nodes,
		    char *err, size_t errlen)
{
	struct lines l = { text, text + len, 0, { NULL, NULL } };
	struct mm_import_zone *z = NULL;
	bool in_zone = false, pagesets = false;
	int cpu = -1;
	unsigned ncpu = 0;
	char fb[40];

	while (next_line(&l)) {
		const char *w;
		size_t wn;
		long long v;
		bool comma;

		if (at_end(&l.c))
			continue;
		if (*l.c.p == 'N') {
			if (!node_zone(&l, imp, node, nodes, name, &z, &comma, err,
				       errlen))
				return false;
			if (!at_end(&l.c) || comma)
				return lerr(err, errlen, name, l.no, "unexpected %s "
					    "after the zone name",
					    found(&l.c, fb, sizeof(fb)));
			if (z && z->have_span)
				return lerr(err, errlen, name, l.no, "zone %s of node "
					    "%d listed twice", kernel_zone_names[z->type],
					    node);
			if (z)
				z->have_span = true;
			in_zone = true;
			pagesets = false;
			cpu = -1;
			continue;
		}
		if (!in_zone)
			return lerr(err, errlen, name, l.no, "expected 'Node N, zone "
				    "NAME', found %s", found(&l.c, fb, sizeof(fb)));
		if (lit(&l.c, "pages free")) {
			if (!zi_num(&l, name, "pages free", &v, err, errlen))
				return false;
			if (z)
				z->pages_free = (long)v;
			continue;
		}
		if (lit(&l.c, "protection:")) {
			unsigned n = 0;

			if (!lit(&l.c, "("))
				return lerr(err, errlen, name, l.no, "expected "
					    "'protection: (N, N, ...)'");
			for (;;) {
				if (!snumber(&l.c, &v))
					return lerr(err, errlen, name, l.no, "expected "
						    "a number in protection, found %s",
						    found(&l.c, fb, sizeof(fb)));
				if (z && n < MM_MAX_ZONES)
					z->protection[n] = (long)v;
				n++;
				if (lit(&l.c, ")"))
					break;
				if (!lit(&l.c, ","))
					return lerr(err, errlen, name, l.no, "expected "
						    "',' or ')' in protection, found %s",
						    found(&l.c, fb, sizeof(fb)));
			}
			if (!at_end(&l.c))
				return lerr(err, errlen, name, l.no, "unexpected %s "
					    "after protection",
					    found(&l.c, fb, sizeof(fb)));
			if (z)
				z->nr_protection = n < MM_MAX_ZONES ? n : MM_MAX_ZONES;
			continue;
		}
		if (lit(&l.c, "pagesets")) {
			pagesets = true;
			continue;
		}
		if (lit(&l.c, "per-node stats") || lit(&l.c, "vm stats threshold:") ||
		    lit(&l.c, "node_unreclaimable:"))
			continue;
		if (!word(&l.c, &w, &wn))
			continue;
#define KEY(s) (wn == sizeof(s) - 1 && memcmp(w, s, wn) == 0)
		if (pagesets && KEY("cpu:")) {
			if (!zi_num(&l, name, "cpu:", &v, err, errlen))
				return false;
			if (v < 0 || v >= 4096)
				return lerr(err, errlen, name, l.no, "CPU %lld out of "
					    "range", v);
			cpu = (int)v;
			if ((unsigned)cpu + 1 > ncpu)
				ncpu = (unsigned)cpu + 1;
			if (z && cpu < MM_MAX_CPUS && (unsigned)cpu + 1 > z->nr_pcp)
				z->nr_pcp = (unsigned)cpu + 1;
			continue;
		}
		if (pagesets && cpu >= 0 && (KEY("count:") || KEY("high:") ||
					     KEY("batch:") || KEY("high_min:") ||
					     KEY("high_max:"))) {
			char key[24];

			snprintf(key, sizeof(key), "%.*s", (int)(wn < 20 ? wn : 20), w);
			if (!zi_num(&l, name, key, &v, err, errlen))
				return false;
			if (v < 0 || v > (1ll << 30))
				return lerr(err, errlen, name, l.no, "%lld is out of "
					    "range for %.*s", v, (int)wn, w);
			if (z && cpu < MM_MAX_CPUS) {
				if (KEY("count:"))
					z->pcp[cpu].count = (int)v;
				else if (KEY("high:"))
					z->pcp[cpu].high = (int)v;
				else if (KEY("batch:"))
					z->pcp[cpu].batch = (int)v;
				else if (KEY("high_min:"))
					z->pcp[cpu].high_min = (int)v;
				else
					z->pcp[cpu].high_max = (int)v;
			}
			continue;
		}
		if (KEY("boost") || KEY("min") || KEY("low") || KEY("high") ||
		    KEY("promo") || KEY("spanned") || KEY("present") ||
		    KEY("managed") || KEY("start_pfn:")) {
			char key[24];

			snprintf(key, sizeof(key), "%.*s", (int)(wn < 20 ? wn : 20), w);
			if (!zi_num(&l, name, key, &v, err, errlen))
				return false;
			if (v < 0 || v > (1ll << 40))
				return lerr(err, errlen, name, l.no, "%lld is out of "
					    "range for %.*s", v, (int)wn, w);
			if (!z)
				continue;
			if (KEY("boost"))
				z->boost = (unsigned long)v;
			else if (KEY("min"))
				z->min = (unsigned long)v, z->have_wmark = true;
			else if (KEY("low"))
				z->low = (unsigned long)v;
			else if (KEY("high"))
				z->high = (unsigned long)v;
			else if (KEY("promo"))
				z->promo = (unsigned long)v;
			else if (KEY("spanned"))
				z->spanned = (uint64_t)v;
			else if (KEY("present"))
				z->present = (uint64_t)v;
			else if (KEY("managed"))
				z->managed = (uint64_t)v;
			else
				z->start_pfn = (uint64_t)v;
			continue;
		}
#undef KEY
		/* any other "name value" counter: not needed */
	}
	if (!imp->nr_zones && !nodes->seen)
		return lerr(err, errlen, name, l.no ? l.no : 1, "no zones "
			    "('Node N, zone NAME')");
	if (ncpu > imp->nr_cpus)
		imp->nr_cpus = ncpu;
	return true;
}

/* ---- files --------------------------------------------------------------- */

bool
procimport_find(const char *dir, const char *base, const char *snap,
		char *path, size_t len)
{
	static const char *const ext[] = { "", ".gz", ".xz" };

	for (unsigned i = 0; i < 3; i++) {
		if (snap)
			snprintf(path, len, "%s/%s.%s%s", dir, base, snap, ext[i]);
		else
			snprintf(path, len, "%s/%s%s", dir, base, ext[i]);
		if (readfile_exists(path))
			return true;
	}
	return false;
}

/* The snapshot suffixes a directory holds for buddyinfo, for a hint. */
static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The snapshot suffixes a directory holds for buddyinfo, sorted, for a
 * hint. */
static void
list_snapshots(const char *dir, char *buf, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[32];
	unsigned k = 0;
	size_t n = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && k < 32) {
		if (strncmp(e->d_name, "buddyinfo.", 10) == 0 &&
		    strcmp(e->d_name + 10, "gz") != 0 &&
		    strcmp(e->d_name + 10, "xz") != 0) {
			char *s = strdup(e->d_name + 10);
			char *dot = s ? strchr(s, '.') : NULL;

			if (dot)
				*dot = '\0';
			if (s)
				names[k++] = s;
		}
	}
	closedir(d);
	qsort(names, k, sizeof(names[0]), str_cmp);
	for (unsigned i = 0; i < k; i++) {
		if (n + strlen(names[i]) + 3 < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? ", " : "", names[i]);
		free(names[i]);
	}
}

typedef bool (*parse_fn)(struct mm_import *, const char *, const char *,
			 size_t, int, struct procimport_nodes *, char *, size_t);

/* Read and parse one text file; *present false if it is missing or not
 * readable (a note says so) and optional. */
static bool
load_text(const char *path, parse_fn fn, struct mm_import *imp, int node,
	  struct procimport_nodes *nodes, char *err, size_t errlen)
{
	char *text;
	size_t len;
	bool ok;

	if (!readfile_all(path, &text, &len, TEXT_MAX_BYTES, err, errlen))
		return false;
	ok = fn(imp, path, text, len, node, nodes, err, errlen);
	free(text);
	return ok;
}

static bool
readable(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return false;
	fclose(f);
	return true;
}

struct machine *
procimport_load(const struct procimport_opts *o, struct mm_import *imp,
		struct mm_import_report *rep, struct strbuf *notes, char *err,
		size_t errlen)
{
	char pb[4096], pp[4096], pz[4096], pk[4096];
	struct procimport_nodes nodes = { 0 };
	bool hb, hp, hz, hk;
	uint64_t *kpf = NULL;
	uint64_t nkpf = 0;
	struct machine *m;
	char msg[400];

	mm_import_init(imp);
	hb = procimport_find(o->dir, "buddyinfo", o->snapshot, pb, sizeof(pb));
	hp = procimport_find(o->dir, "pagetypeinfo", o->snapshot, pp, sizeof(pp));
	hz = procimport_find(o->dir, "zoneinfo", o->snapshot, pz, sizeof(pz));
	hk = o->kpageflags &&
	     procimport_find(o->dir, "kpageflags", o->snapshot, pk, sizeof(pk));
	if (!hb && !hp) {
		char snaps[256];

		list_snapshots(o->dir, snaps, sizeof(snaps));
		if (!o->snapshot && snaps[0])
			snprintf(err, errlen, "%s holds snapshots (%s): say which, "
				 "e.g. import %s %.*s", o->dir, snaps, o->dir,
				 (int)strcspn(snaps, ","), snaps);
		else
			snprintf(err, errlen, "%s: no buddyinfo%s%s or pagetypeinfo "
				 "there", o->dir, o->snapshot ? "." : "",
				 o->snapshot ? o->snapshot : "");
		return NULL;
	}
	/* root-only files of a live machine are optional */
	if (hp && !readable(pp)) {
		strbuf_addf(notes, "note: %s is not readable (root only): free "
			    "blocks per migratetype are not known\n", pp);
		hp = false;
	}
	if (hk && !readable(pk)) {
		strbuf_addf(notes, "note: %s is not readable (root only)\n", pk);
		hk = false;
	}
	if (hz && !load_text(pz, procimport_zoneinfo, imp, o->node, &nodes, err,
			     errlen))
		return NULL;
	if (hb && !load_text(pb, procimport_buddyinfo, imp, o->node, &nodes, err,
			     errlen))
		return NULL;
	if (hp && !load_text(pp, procimport_pagetypeinfo, imp, o->node, &nodes,
			     err, errlen))
		return NULL;
	if (!hz)
		strbuf_addf(notes, "note: no zoneinfo: zone sizes are invented "
			    "(twice the free pages), watermarks computed\n");
	if (!(nodes.seen & (1ull << o->node))) {
		snprintf(err, errlen, "%s: no zones of node %d", o->dir, o->node);
		return NULL;
	}
	if (nodes.seen & ~(1ull << o->node)) {
		strbuf_adds(notes, "note: the model is one node; imported node ");
		strbuf_addf(notes, "%d, not", o->node);
		for (int n = 0; n < 64; n++)
			if ((nodes.seen >> n & 1) && n != o->node)
				strbuf_addf(notes, " %d", n);
		strbuf_addf(notes, " (node=N picks another)\n");
	}
	if (!imp->nr_orders) {
		snprintf(err, errlen, "%s: no free counts were read", o->dir);
		return NULL;
	}
	if (o->session &&
	    !session_state_fits(o->session, mm_import_state_bytes(imp), msg,
				sizeof(msg))) {
		snprintf(err, errlen, "%s: %s", o->dir, msg);
		return NULL;
	}
	if (hk) {
		char *raw;
		size_t len;

		if (!readfile_all(pk, &raw, &len, KPF_MAX_BYTES, err, errlen))
			return NULL;
		if (len % 8) {
			snprintf(err, errlen, "%s: %zu bytes is not a whole number of "
				 "8-byte page flag words", pk, len);
			free(raw);
			return NULL;
		}
		nkpf = len / 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		for (size_t i = 0; i < nkpf; i++)
			((uint64_t *)(void *)raw)[i] =
				__builtin_bswap64(((uint64_t *)(void *)raw)[i]);
#endif
		kpf = (uint64_t *)(void *)raw;
	}
	m = mm_import_create(imp, kpf, nkpf, rep, msg, sizeof(msg));
	free(kpf);
	if (!m)
		snprintf(err, errlen, "%s: %s", o->dir, msg);
	return m;
}

void
procimport_resolve(struct cmd_ctx *c, const char *arg, char *path, size_t len)
{
	const char *cur = session_location_file(c->s);

	if (arg[0] != '/' && cur && strcmp(cur, "-") != 0 &&
	    strcmp(cur, "<stdin>") != 0 && strrchr(cur, '/'))
		snprintf(path, len, "%.*s/%s", (int)(strrchr(cur, '/') - cur),
			 cur, arg);
	else
		snprintf(path, len, "%s", arg);
}

/* ---- the command ------------------------------------------------------------ */

static void
report(struct cmd_ctx *c, const struct machine *m, const struct mm_import *imp,
       const struct mm_import_report *rep, const char *arg, const char *snap)
{
	struct strbuf *out = c->out;
	struct zone_info zi;

	strbuf_addf(out, "imported %s%s%s: orders 0..%u, pageblock order %u, "
		    "%u CPU%s, per-CPU lists %s\n", arg, snap ? " " : "",
		    snap ? snap : "", mm_max_order(m), mm_pageblock_order(m),
		    mm_config(m)->nr_cpus, mm_config(m)->nr_cpus == 1 ? "" : "s",
		    mm_pcp_enabled(m) ? "on" : "off");
	strbuf_adds(out, "  zone       start_pfn    spanned    present    managed"
		    "       free  free blocks vs buddyinfo\n");
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.spanned)
			continue;
		strbuf_addf(out, "  %-8s %11llu %10llu %10llu %10llu %10ld  ",
			    zi.name, (unsigned long long)zi.start_pfn,
			    (unsigned long long)zi.spanned,
			    (unsigned long long)zi.present,
			    (unsigned long long)zi.managed, zi.free);
		if (!rep->free_compared[z])
			strbuf_adds(out, "(no buddyinfo)\n");
		else if (!rep->free_diff[z])
			strbuf_adds(out, "equal\n");
		else
			strbuf_addf(out, "%lu blocks differ\n", rep->free_diff[z]);
	}
	if (rep->synthetic)
		strbuf_adds(out, "placement: SYNTHETIC (no kpageflags): where the "
			    "free blocks sit is invented; the counts read hold\n");
	else
		strbuf_adds(out, "placement: from kpageflags (free blocks rebuilt "
			    "from KPF_BUDDY runs, owners from the page flags)\n");
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.spanned)
			continue;
		if (rep->blocks_diff[z])
			strbuf_addf(out, "note: %s: %lu pageblocks could not take "
				    "the type pagetypeinfo counts\n", zi.name,
				    rep->blocks_diff[z]);
		if (rep->mt_adjusted[z])
			strbuf_addf(out, "note: %s: pagetypeinfo and buddyinfo "
				    "disagree by %lu blocks (read at different "
				    "moments); buddyinfo counted\n", zi.name,
				    rep->mt_adjusted[z]);
	}
	(void)imp;
}

enum exec_status
cmd_exec_import(struct cmd_ctx *c)
{
	struct procimport_opts o = { NULL, NULL, 0, true, c->s };
	struct strbuf notes = STRBUF_INIT;
	struct mm_import *imp;
	struct mm_import_report rep;
	struct machine *m;
	char dir[4096], msg[512];
	const char *snap = NULL;

	for (unsigned i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (strncmp(a, "node=", 5) == 0) {
			char *end;
			long n = strtol(a + 5, &end, 10);

			if (*end || end == a + 5 || n < 0 || n > 63)
				return cmd_error(c, "node= takes 0..63");
			o.node = (int)n;
		} else if (strcmp(a, "synthetic") == 0) {
			o.kpageflags = false;
		} else if (!snap && !strchr(a, '=') && !strchr(a, '/')) {
			snap = a;
		} else {
			return cmd_error(c, "expected SNAPSHOT, node=N or synthetic, "
					 "got '%.40s'", a);
		}
	}
	procimport_resolve(c, c->argv[0], dir, sizeof(dir));
	o.dir = dir;
	o.snapshot = snap;
	imp = malloc(sizeof(*imp));
	if (!imp)
		return cmd_error(c, "out of memory");
	m = procimport_load(&o, imp, &rep, &notes, msg, sizeof(msg));
	if (!m) {
		free(imp);
		strbuf_release(&notes);
		return cmd_error(c, "%s", msg);
	}
	report(c, m, imp, &rep, c->argv[0], snap);
	strbuf_adds(c->out, strbuf_str(&notes));
	session_replace_machine(c->s, m, mm_config(m), "import");
	free(imp);
	strbuf_release(&notes);
	return EXEC_OK;
}
