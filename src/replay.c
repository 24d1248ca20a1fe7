/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.c - the kmem tracepoint text parser, the replay stepper and the
 * `replay` command (see replay.h for the formats).
 *
 * The whole file is read (and decompressed) into memory once; a cursor
 * walks it line by line.  A line is an event when it holds "mm_page_"
 * after a blank or "kmem:" and the name ends with ':'; its CPU is the
 * last "[NNN]" before the name; its fields are key=value words.  The
 * parser allocates nothing and touches each byte about once, which is
 * what makes millions of events per second possible.
 *
 * The command replays on a copy of the machine and swaps it in only when
 * the whole file was read without a malformed line, so a bad trace
 * leaves the session as it was.
 */
#define _GNU_SOURCE
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "procimport.h"
#include "readfile.h"
#include "session_impl.h"

#define TRACE_MAX_BYTES ((size_t)4 << 30)

struct replay {
	char *path;
	char *buf;
	size_t len;
	size_t pos;		/* offset of the next line */
	unsigned line;
	uint64_t events;
	struct replay_counts counts;
	struct stat st;		/* the file as read, to know it again */
	unsigned long long lost;	/* events the kernel's buffer dropped */
};

/* ---- numbers and fields --------------------------------------------------- */

/* A number as the kernel prints it: 0x hex or decimal, or -1. */
static bool
trace_u64(const char *s, const char *e, uint64_t *v)
{
	uint64_t x = 0;

	if (s == e)
		return false;
	if (e - s == 2 && s[0] == '-' && s[1] == '1') {
		*v = UINT64_MAX;
		return true;
	}
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (e - s > 16)
			return false;
		for (; s < e; s++) {
			unsigned d;

			if (*s >= '0' && *s <= '9')
				d = (unsigned)(*s - '0');
			else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
				d = (unsigned)((*s | 0x20) - 'a' + 10);
			else
				return false;
			x = x << 4 | d;
		}
		*v = x;
		return true;
	}
	for (; s < e; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

static bool
key_is(const char *k, size_t n, const char *lit, size_t ln)
{
	return n == ln && memcmp(k, lit, n) == 0;
}
#define KEY(lit) key_is(k, kn, lit, sizeof(lit) - 1)

enum {
	F_PFN = 1, F_ORDER = 2, F_MT = 4, F_REFILL = 8, F_AORDER = 16,
	F_FORDER = 32, F_AMT = 64, F_FMT = 128, F_CHANGE = 256,
};

int
replay_parse_line(const char *line, size_t len, struct mm_trace_event *ev,
		  char *err, size_t errlen)
{
	const char *end = line + len, *name, *p, *q;
	unsigned need, have = 0;
	bool null_page = false;
	size_t nn;

	p = memmem(line, len, "mm_page_", 8);
	if (!p || (p > line && p[-1] != ' ' && p[-1] != ':' && p[-1] != '\t'))
		return 0;
	name = p + 8;
	q = memchr(name, ':', (size_t)(end - name));
	if (!q)
		return 0;
	nn = (size_t)(q - name);
	memset(ev, 0, sizeof(*ev));
	if (nn == 5 && memcmp(name, "alloc", 5) == 0) {
		ev->op = MM_TRACE_ALLOC;
		need = F_PFN | F_ORDER;
	} else if (nn == 4 && memcmp(name, "free", 4) == 0) {
		ev->op = MM_TRACE_FREE;
		need = F_PFN | F_ORDER;
	} else if (nn == 12 && memcmp(name, "free_batched", 12) == 0) {
		ev->op = MM_TRACE_FREE_BATCHED;
		need = F_PFN;
	} else if (nn == 17 && memcmp(name, "alloc_zone_locked", 17) == 0) {
		ev->op = MM_TRACE_ZONE_LOCKED;
		need = F_PFN | F_ORDER | F_MT;
	} else if (nn == 10 && memcmp(name, "pcpu_drain", 10) == 0) {
		ev->op = MM_TRACE_PCPU_DRAIN;
		need = F_PFN | F_ORDER;
	} else if (nn == 13 && memcmp(name, "alloc_extfrag", 13) == 0) {
		ev->op = MM_TRACE_EXTFRAG;
		need = F_PFN | F_AORDER | F_FORDER | F_AMT;
	} else {
		return 0;
	}
	/* the CPU: the last [NNN] before the event name */
	for (const char *b = p; b > line; b--) {
		if (b[-1] == ']') {
			const char *d = b - 1;
			unsigned cpu = 0, mul = 1;

			while (d > line && d[-1] >= '0' && d[-1] <= '9' && mul < 100000) {
				d--;
				cpu += (unsigned)(*d - '0') * mul;
				mul *= 10;
			}
			if (d > line && d[-1] == '[' && d < b - 1) {
				ev->cpu = cpu;
				break;
			}
		}
	}
	for (p = q + 1; p < end;) {
		const char *k, *v, *ve;
		size_t kn;
		uint64_t x;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		k = p;
		while (p < end && *p != '=' && *p != ' ')
			p++;
		kn = (size_t)(p - k);
		if (p == end || *p != '=') {
			continue;	/* a word that is not key=value */
		}
		v = ++p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		ve = p;
		if (KEY("page")) {
			null_page = (ve - v == 6 && memcmp(v, "(null)", 6) == 0) ||
				    (trace_u64(v, ve, &x) && x == 0) ||
				    (ve - v == 16 && strspn(v, "0") >= 16);
			continue;
		}
		if (KEY("gfp_flags") || KEY("pageblock_order") || KEY("fragmenting"))
			continue;
		if (!trace_u64(v, ve, &x)) {
			snprintf(err, errlen, "%.*s: '%.*s' is not a number",
				 (int)(kn > 24 ? 24 : kn), k,
				 (int)(ve - v > 24 ? 24 : ve - v), v);
			return -1;
		}
		if (KEY("pfn")) {
			ev->pfn = x;
			have |= F_PFN;
		} else if (KEY("order")) {
			ev->order = (unsigned)(x > 255 ? 255 : x);
			have |= F_ORDER;
		} else if (KEY("migratetype")) {
			ev->mt = (int)(x > 255 ? 255 : x);
			have |= F_MT;
		} else if (KEY("percpu_refill")) {
			ev->percpu_refill = x != 0;
			have |= F_REFILL;
		} else if (KEY("alloc_order")) {
			ev->order = (unsigned)(x > 255 ? 255 : x);
			have |= F_AORDER;
		} else if (KEY("fallback_order")) {
			ev->fallback_order = (unsigned)(x > 255 ? 255 : x);
			have |= F_FORDER;
		} else if (KEY("alloc_migratetype")) {
			ev->mt = (int)(x > 255 ? 255 : x);
			have |= F_AMT;
		} else if (KEY("fallback_migratetype")) {
			ev->fallback_mt = (int)(x > 255 ? 255 : x);
			have |= F_FMT;
		} else if (KEY("change_ownership")) {
			ev->change_ownership = x != 0;
			have |= F_CHANGE;
		}
	}
	if ((have & need) != need) {
		static const char *const names[] = {
			"pfn", "order", "migratetype", "percpu_refill",
			"alloc_order", "fallback_order", "alloc_migratetype",
		};
		unsigned miss = need & ~have;
		unsigned i = (unsigned)__builtin_ctz(miss);

		snprintf(err, errlen, "%s without %s=", mm_trace_op_name(ev->op),
			 i < sizeof(names) / sizeof(names[0]) ? names[i] : "?");
		return -1;
	}
	if (ev->op == MM_TRACE_ALLOC && (null_page || ev->pfn == UINT64_MAX))
		ev->failed = true;
	return 1;
}
#undef KEY

/* ---- the stepper ---------------------------------------------------------- */

struct replay *
replay_open(const char *path, char *err, size_t errlen)
{
	struct replay *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->path = strdup(path);
	if (stat(path, &r->st) != 0)
		memset(&r->st, 0, sizeof(r->st));	/* "-": never known again */
	if (!r->path || !readfile_all(path, &r->buf, &r->len, TRACE_MAX_BYTES,
				      err, errlen)) {
		if (!r->path)
			snprintf(err, errlen, "out of memory");
		free(r->path);
		free(r);
		return NULL;
	}
	r->lost = replay_trace_lost(r->buf, r->len);
	return r;
}

bool
replay_same_file(const struct replay *r, const char *path)
{
	struct stat st;

	return r && strcmp(r->path, path) == 0 && r->st.st_ino &&
	       stat(path, &st) == 0 && st.st_dev == r->st.st_dev &&
	       st.st_ino == r->st.st_ino && st.st_size == r->st.st_size &&
	       st.st_mtim.tv_sec == r->st.st_mtim.tv_sec &&
	       st.st_mtim.tv_nsec == r->st.st_mtim.tv_nsec;
}

unsigned long long
replay_trace_lost(const char *buf, size_t len)
{
	static const char key[] = "# entries-in-buffer/entries-written:";
	const char *p = memmem(buf, len < 4096 ? len : 4096, key, sizeof(key) - 1);
	unsigned long long in, written;

	if (!p || sscanf(p + sizeof(key) - 1, "%llu/%llu", &in, &written) != 2)
		return 0;
	return written > in ? written - in : 0;
}

void
replay_close(struct replay *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->path);
	free(r);
}

int
replay_next(struct replay *r, struct mm_trace_event *ev, char *err,
	    size_t errlen)
{
	while (r->pos < r->len) {
		const char *s = r->buf + r->pos;
		const char *nl = memchr(s, '\n', r->len - r->pos);
		size_t n = nl ? (size_t)(nl - s) : r->len - r->pos;
		char msg[256];
		int rc;

		r->pos += n + (nl != NULL);
		r->line++;
		if (n && s[n - 1] == '\r')
			n--;
		rc = replay_parse_line(s, n, ev, msg, sizeof(msg));
		if (rc < 0) {
			snprintf(err, errlen, "%s:%u: %s", r->path, r->line, msg);
			return -1;
		}
		if (rc == 0) {
			r->counts.skipped_lines++;
			continue;
		}
		return 1;
	}
	return 0;
}

int
replay_step(struct replay *r, struct machine *m, bool strict,
	    struct replay_step *st, char *err, size_t errlen)
{
	int rc = replay_next(r, &st->ev, err, errlen);

	if (rc <= 0)
		return rc;
	st->line = r->line;
	st->div = mm_trace_apply(m, &st->ev, strict, &st->seen);
	r->events++;
	r->counts.ops[st->ev.op]++;
	r->counts.divs[st->div]++;
	if (st->ev.op == MM_TRACE_ALLOC && st->ev.failed)
		r->counts.failed_allocs++;
	return 1;
}

uint64_t
replay_position(const struct replay *r)
{
	return r->events;
}

unsigned
replay_line(const struct replay *r)
{
	return r->line;
}

const char *
replay_path(const struct replay *r)
{
	return r->path;
}

void
replay_rewind(struct replay *r)
{
	r->pos = 0;
	r->line = 0;
	r->events = 0;
	memset(&r->counts, 0, sizeof(r->counts));
}

int
replay_seek(struct replay *r, uint64_t events, char *err, size_t errlen)
{
	struct mm_trace_event ev;

	if (r->events > events)
		replay_rewind(r);
	while (r->events < events) {
		int rc = replay_next(r, &ev, err, errlen);

		if (rc <= 0)
			return rc;
		r->events++;
	}
	memset(&r->counts, 0, sizeof(r->counts));
	return 1;
}

void
replay_get_counts(const struct replay *r, struct replay_counts *c)
{
	*c = r->counts;
}

static const char *
kind_text(const struct mm_trace_seen *s, char *buf, size_t len)
{
	switch (s->kind) {
	case PAGE_HOLE:
		return s->zone < 0 ? "outside every zone" : "a hole";
	case PAGE_FREE:
		snprintf(buf, len, "free, in the order-%u block at 0x%llx",
			 s->order, (unsigned long long)s->block_pfn);
		return buf;
	case PAGE_PCP:
		snprintf(buf, len, "on a per-CPU list, order-%u block at 0x%llx",
			 s->order, (unsigned long long)s->block_pfn);
		return buf;
	case PAGE_ALLOCATED:
		snprintf(buf, len, "allocated (%s), order-%u block at 0x%llx",
			 page_owner_name(s->owner), s->order,
			 (unsigned long long)s->block_pfn);
		return buf;
	}
	return "?";
}

void
replay_describe(const struct replay *r, const struct replay_step *st,
		struct strbuf *out)
{
	char kb[128];

	strbuf_addf(out, "%s:%u: divergence: %s pfn=0x%llx order=%u: %s; the "
		    "model had it %s", r->path, st->line,
		    mm_trace_op_name(st->ev.op), (unsigned long long)st->ev.pfn,
		    st->ev.op == MM_TRACE_EXTFRAG ? st->ev.fallback_order
						  : st->ev.order,
		    mm_trace_div_text(st->div), kind_text(&st->seen, kb, sizeof(kb)));
}

/* ---- the commands ---------------------------------------------------------- */

enum exec_status
cmd_exec_tracepoint(struct cmd_ctx *c)
{
	struct session *s = c->s;
	struct strbuf line = STRBUF_INIT;
	struct mm_trace_event ev;
	struct mm_trace_seen seen;
	enum mm_trace_div div;
	char msg[256];
	int rc;

	for (unsigned i = 0; i < c->argc; i++)
		strbuf_addf(&line, "%s%s", i ? " " : "", c->argv[i]);
	rc = replay_parse_line(strbuf_str(&line), line.len, &ev, msg, sizeof(msg));
	strbuf_release(&line);
	if (rc < 0)
		return cmd_error(c, "%s", msg);
	if (rc == 0)
		return cmd_error(c, "not a kmem page event (mm_page_alloc, "
				 "mm_page_free, mm_page_free_batched, "
				 "mm_page_alloc_zone_locked, mm_page_pcpu_drain, "
				 "mm_page_alloc_extfrag)");
	/* As replay: the kernel frees through the per-CPU lists. */
	if (!mm_pcp_enabled(s->m)) {
		mm_set_pcp(s->m, true);
		strbuf_adds(c->out, "note: per-CPU lists switched on (the trace's "
			    "frees and drains go through them)\n");
	}
	div = mm_trace_apply(s->m, &ev, false, &seen);
	if (div == MM_DIV_NONE) {
		strbuf_addf(c->out, "%s pfn=0x%llx order=%u cpu=%u: applied\n",
			    mm_trace_op_name(ev.op), (unsigned long long)ev.pfn,
			    ev.op == MM_TRACE_EXTFRAG ? ev.fallback_order : ev.order,
			    ev.cpu);
	} else {
		char kb[128];

		strbuf_addf(c->out, "divergence: %s pfn=0x%llx order=%u: %s; the "
			    "model had it %s; it takes the kernel's state\n",
			    mm_trace_op_name(ev.op), (unsigned long long)ev.pfn,
			    ev.op == MM_TRACE_EXTFRAG ? ev.fallback_order : ev.order,
			    mm_trace_div_text(div), kind_text(&seen, kb, sizeof(kb)));
	}
	return EXEC_OK;
}


long
replay_count_events(const char *path, char *err, size_t errlen)
{
	struct replay *r = replay_open(path, err, errlen);
	struct mm_trace_event ev;
	long n = 0;
	int rc;

	if (!r)
		return -1;
	while ((rc = replay_next(r, &ev, err, errlen)) > 0)
		n++;
	replay_close(r);
	return rc < 0 ? -1 : n;
}

/*
 * The file last replayed stays open in the session (s->replay), with its
 * cursor where the command left it, so `replay FILE from=K count=1`, the
 * screen's step through a trace, costs one event and not a re-read of the
 * file: the next step starts where the previous one ended.
 */
static struct replay *
replay_get(struct session *s, const char *path, char *err, size_t errlen)
{
	if (!replay_same_file(s->replay, path)) {
		replay_close(s->replay);
		s->replay = replay_open(path, err, errlen);
	}
	return s->replay;
}

static void
replay_drop(struct session *s)
{
	replay_close(s->replay);
	s->replay = NULL;
}

/* count=1: the event applied, as one line (and its divergence). */
static void
describe_step(const struct replay *r, const struct replay_step *st,
	      struct strbuf *out)
{
	const char *base = strrchr(replay_path(r), '/');

	/* the file's base name: the line fits the screen's log */
	strbuf_addf(out, "%s:%u: event %llu: %s pfn=0x%llx order=%u cpu=%u%s\n",
		    base ? base + 1 : replay_path(r), st->line,
		    (unsigned long long)replay_position(r),
		    mm_trace_op_name(st->ev.op), (unsigned long long)st->ev.pfn,
		    st->ev.op == MM_TRACE_EXTFRAG ? st->ev.fallback_order
						  : st->ev.order,
		    st->ev.cpu,
		    st->ev.op == MM_TRACE_ALLOC && st->ev.failed ? " (failed)" : "");
	if (st->div != MM_DIV_NONE) {
		replay_describe(r, st, out);
		strbuf_addc(out, '\n');
	}
}

enum exec_status
cmd_exec_replay(struct cmd_ctx *c)
{
	struct session *s = c->s;
	bool strict = false, quiet = false;
	unsigned long max = ~0ul, shown = 0;
	unsigned long from = 1, count = ~0ul;	/* events from..from+count-1 */
	struct replay *r;
	struct machine *m;
	struct replay_step st;
	struct replay_counts cnt;
	char path[4096], msg[512];
	int rc;

	for (unsigned i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (strcmp(a, "strict") == 0) {
			strict = true;
		} else if (strcmp(a, "quiet") == 0) {
			quiet = true;
		} else if (strncmp(a, "from=", 5) == 0 ||
			   strncmp(a, "count=", 6) == 0) {
			bool is_from = a[0] == 'f';
			const char *v = a + (is_from ? 5 : 6);
			char *e;
			unsigned long n = strtoul(v, &e, 10);

			if (e == v || *e || n == 0 || v[0] == '-')
				return cmd_error(c, "%s takes a number of at least 1",
						 is_from ? "from=" : "count=");
			if (is_from)
				from = n;
			else
				count = n;
		} else if (strncmp(a, "max=", 4) == 0) {
			char *e;

			max = strtoul(a + 4, &e, 10);
			if (e == a + 4 || *e)
				return cmd_error(c, "max= takes a number of "
						 "divergences to print");
		} else {
			return cmd_error(c, "expected strict, quiet, from=N, "
					 "count=N or max=N, got '%.40s'", a);
		}
	}
	procimport_resolve(c, c->argv[0], path, sizeof(path));
	r = replay_get(s, path, msg, sizeof(msg));
	if (!r)
		return cmd_error(c, "%s", msg);
	rc = replay_seek(r, from - 1, msg, sizeof(msg));
	if (rc <= 0) {
		replay_drop(s);
		if (rc < 0)
			return cmd_error(c, "%s", msg);
		return cmd_error(c, "%s has fewer than %lu events", c->argv[0], from);
	}
	/*
	 * One event is applied to the machine itself: replay_step() leaves
	 * it unchanged when the line is malformed.  More are replayed on a
	 * copy that is swapped in only when every line read well, so a bad
	 * trace leaves the session as it was.
	 */
	if (count == 1) {
		m = s->m;
		c->small_step = true;
	} else {
		m = mm_clone(s->m);
		if (!m)
			return cmd_error(c, "out of memory");
	}
	/* The kernel frees through the per-CPU lists and drains them with
	 * mm_page_pcpu_drain events; the model follows only with them on. */
	if (!mm_pcp_enabled(m)) {
		mm_set_pcp(m, true);
		strbuf_adds(c->out, "note: per-CPU lists switched on (the trace's "
			    "frees and drains go through them)\n");
	}
	if (count == 1) {
		rc = replay_step(r, m, strict, &st, msg, sizeof(msg));
		if (rc <= 0) {
			replay_drop(s);
			if (rc < 0)
				return cmd_error(c, "%s", msg);
			return cmd_error(c, "%s has fewer than %lu events",
					 c->argv[0], from);
		}
		if (!quiet)
			describe_step(r, &st, c->out);
		return EXEC_OK;
	}
	while (count && (rc = replay_step(r, m, strict, &st, msg, sizeof(msg))) > 0) {
		count--;
		if (st.div == MM_DIV_NONE || quiet)
			continue;
		if (shown++ < max) {
			replay_describe(r, &st, c->out);
			strbuf_addc(c->out, '\n');
		}
	}
	if (rc < 0) {
		mm_destroy(m);
		replay_drop(s);
		return cmd_error(c, "%s", msg);
	}
	replay_get_counts(r, &cnt);
	{
		uint64_t ndiv = 0;

		for (int d = 1; d < NR_MM_DIVS; d++)
			ndiv += cnt.divs[d];
		if (shown > max)
			strbuf_addf(c->out, "(%lu more divergences not shown)\n",
				    shown - max);
		strbuf_addf(c->out, "replayed %s: %llu events", c->argv[0],
			    (unsigned long long)replay_position(r));
		for (int op = 0; op < NR_MM_TRACE_OPS; op++)
			if (cnt.ops[op])
				strbuf_addf(c->out, ", %llu %s",
					    (unsigned long long)cnt.ops[op],
					    mm_trace_op_name((enum mm_trace_op)op));
		strbuf_addf(c->out, "; %llu failed allocations; %llu other lines\n",
			    (unsigned long long)cnt.failed_allocs,
			    (unsigned long long)cnt.skipped_lines);
		if (r->lost)
			strbuf_addf(c->out, "note: the trace's header says the "
				    "kernel's buffer dropped %llu events; the "
				    "model cannot follow what it never saw\n",
				    r->lost);
		strbuf_addf(c->out, "%llu divergences%s\n", (unsigned long long)ndiv,
			    ndiv ? (strict ? " (skipped: strict)" :
				    " (the model took the kernel's state after each)")
				 : "");
		for (int d = 1; d < NR_MM_DIVS; d++)
			if (cnt.divs[d])
				strbuf_addf(c->out, "  %8llu  %s\n",
					    (unsigned long long)cnt.divs[d],
					    mm_trace_div_text((enum mm_trace_div)d));
	}
	if (!mm_check(m, msg, sizeof(msg))) {
		/* never expected: the moves keep every invariant */
		mm_destroy(m);
		replay_drop(s);
		return cmd_error(c, "replay broke an invariant: %s", msg);
	}
	session_replace_machine(s, m, mm_config(m), s->st.preset);
	return EXEC_OK;
}
