/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.c - the session: live state, handles, the explain records, the
 * undo log with its checkpoints, and session_execute_line().
 *
 * The data structures are drawn in session_impl.h.  The one rule that
 * keeps undo honest: only session_execute_line() changes the state, it
 * logs the text of every state-changing command that succeeded, and undo
 * rebuilds a state by running logged text again on a copied checkpoint.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "compaction.h"
#include "preset.h"
#include "reclaim.h"
#include "replay.h"
#include "session_impl.h"
#include "trace.h"
#include "watch.h"

#define MAX_EXEC_DEPTH 24

/* ---- random numbers ---------------------------------------------------- */

/* splitmix64: small, fast, and the same on every machine. */
uint64_t
rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ---- handles ------------------------------------------------------------ */

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static uint32_t
pfn_hash(uint64_t pfn)
{
	return (uint32_t)((pfn * 0x9E3779B97F4A7C15ull) >> 32);
}

/* The PFN slot holding handle index i, or the empty slot for pfn. */
static unsigned
pslot_of(const struct handle_table *t, uint64_t pfn)
{
	unsigned j = pfn_hash(pfn) & (t->nslots - 1);

	while (t->pslots[j] && t->v[t->pslots[j] - 1].pfn != pfn)
		j = (j + 1) & (t->nslots - 1);
	return j;
}

static void
pslot_remove(struct handle_table *t, uint64_t pfn)
{
	unsigned mask = t->nslots - 1, j = pslot_of(t, pfn), k;

	if (!t->pslots[j])
		return;
	t->pslots[j] = 0;
	for (k = (j + 1) & mask; t->pslots[k]; k = (k + 1) & mask) {
		unsigned home = pfn_hash(t->v[t->pslots[k] - 1].pfn) & mask;

		if (((k - home) & mask) >= ((k - j) & mask)) {
			t->pslots[j] = t->pslots[k];
			t->pslots[k] = 0;
			j = k;
		}
	}
}

static bool
slots_rebuild(struct handle_table *t, unsigned nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	uint32_t *pslots = calloc(nslots, sizeof(*pslots));

	if (!slots || !pslots) {
		free(slots);
		free(pslots);
		return false;
	}
	for (unsigned i = 0; i < t->n; i++) {
		unsigned j = pfn_hash(t->v[i].pfn) & (nslots - 1);

		while (pslots[j])
			j = (j + 1) & (nslots - 1);
		pslots[j] = i + 1;
	}
	free(t->pslots);
	t->pslots = pslots;
	for (unsigned i = 0; i < t->n; i++) {
		unsigned j = name_hash(t->v[i].name) & (nslots - 1);

		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return true;
}

/* The slot holding name, or the empty slot where it would go. */
static unsigned
slot_of(const struct handle_table *t, const char *name)
{
	unsigned j = name_hash(name) & (t->nslots - 1);

	while (t->slots[j] && strcmp(t->v[t->slots[j] - 1].name, name) != 0)
		j = (j + 1) & (t->nslots - 1);
	return j;
}

struct handle *
handle_find(struct sess_state *st, const char *name)
{
	struct handle_table *t = &st->handles;
	unsigned j;

	if (!t->nslots)
		return NULL;
	j = slot_of(t, name);
	return t->slots[j] ? &t->v[t->slots[j] - 1] : NULL;
}

bool
handle_add(struct sess_state *st, const char *name, uint64_t pfn,
	   unsigned order, bool workload)
{
	struct handle_table *t = &st->handles;
	struct handle *h;

	if (t->n == t->cap) {
		unsigned cap = t->cap ? t->cap * 2 : 64;
		struct handle *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return false;
		t->v = v;
		t->cap = cap;
	}
	if ((t->n + 1) * 2 > t->nslots &&
	    !slots_rebuild(t, t->nslots ? t->nslots * 2 : 128))
		return false;
	if (workload && st->nwl == st->wlcap) {
		unsigned cap = st->wlcap ? st->wlcap * 2 : 64;
		uint32_t *wl = realloc(st->wl, cap * sizeof(*wl));

		if (!wl)
			return false;
		st->wl = wl;
		st->wlcap = cap;
	}
	h = &t->v[t->n];
	{
		size_t n = strlen(name);

		if (n >= sizeof(h->name))
			n = sizeof(h->name) - 1;
		memcpy(h->name, name, n);
		h->name[n] = '\0';
	}
	h->pfn = pfn;
	h->order = order;
	h->wl_pos = -1;
	if (workload) {
		h->wl_pos = (int)st->nwl;
		st->wl[st->nwl++] = t->n;
	}
	t->slots[slot_of(t, h->name)] = t->n + 1;
	t->pslots[pslot_of(t, pfn)] = t->n + 1;
	t->n++;
	return true;
}

void
handle_set_pfn(struct sess_state *st, struct handle *h, uint64_t pfn)
{
	struct handle_table *t = &st->handles;

	pslot_remove(t, h->pfn);
	h->pfn = pfn;
	t->pslots[pslot_of(t, pfn)] = (uint32_t)(h - t->v) + 1;
}

void
handle_remove(struct sess_state *st, struct handle *h)
{
	struct handle_table *t = &st->handles;
	unsigned idx = (unsigned)(h - t->v), last = t->n - 1;
	unsigned mask = t->nslots - 1, j, k;

	pslot_remove(t, h->pfn);
	/* Out of the name hash, closing the gap (backward shift). */
	j = slot_of(t, h->name);
	t->slots[j] = 0;
	for (k = (j + 1) & mask; t->slots[k]; k = (k + 1) & mask) {
		unsigned home = name_hash(t->v[t->slots[k] - 1].name) & mask;

		/* Move k into the gap j unless its home lies in (j, k]. */
		if (((k - home) & mask) >= ((k - j) & mask)) {
			t->slots[j] = t->slots[k];
			t->slots[k] = 0;
			j = k;
		}
	}
	/* Out of the workload list. */
	if (h->wl_pos >= 0) {
		unsigned p = (unsigned)h->wl_pos, wl_last = st->nwl - 1;

		if (p != wl_last) {
			st->wl[p] = st->wl[wl_last];
			t->v[st->wl[p]].wl_pos = (int)p;
		}
		st->nwl--;
	}
	/* Out of the dense array: the last handle takes its place. */
	if (idx != last) {
		t->v[idx] = t->v[last];
		t->slots[slot_of(t, t->v[idx].name)] = idx + 1;
		t->pslots[pslot_of(t, t->v[idx].pfn)] = idx + 1;
		if (t->v[idx].wl_pos >= 0)
			st->wl[t->v[idx].wl_pos] = idx;
	}
	t->n--;
}

struct handle *
handle_by_pfn(struct sess_state *st, uint64_t pfn)
{
	struct handle_table *t = &st->handles;
	unsigned j;

	if (!t->nslots)
		return NULL;
	j = pslot_of(t, pfn);
	return t->pslots[j] ? &t->v[t->pslots[j] - 1] : NULL;
}

void
session_each_handle(const struct session *s, const char *prefix,
		    void (*fn)(void *data, const char *name), void *data)
{
	size_t n = strlen(prefix);

	for (unsigned i = 0; i < s->st.handles.n; i++)
		if (strncmp(s->st.handles.v[i].name, prefix, n) == 0)
			fn(data, s->st.handles.v[i].name);
}

static void
state_free(struct sess_state *st)
{
	free(st->handles.v);
	free(st->handles.slots);
	free(st->handles.pslots);
	free(st->wl);
	memset(st, 0, sizeof(*st));
}

static void *
dup_mem(const void *p, size_t n)
{
	void *q;

	if (!p || !n)
		return NULL;
	q = malloc(n);
	if (q)
		memcpy(q, p, n);
	return q;
}

static bool
state_copy(struct sess_state *dst, const struct sess_state *src)
{
	*dst = *src;
	dst->handles.v = dup_mem(src->handles.v,
				 src->handles.cap * sizeof(*src->handles.v));
	dst->handles.slots = dup_mem(src->handles.slots,
				     src->handles.nslots * sizeof(uint32_t));
	dst->handles.pslots = dup_mem(src->handles.pslots,
				      src->handles.nslots * sizeof(uint32_t));
	dst->wl = dup_mem(src->wl, src->wlcap * sizeof(*src->wl));
	if ((src->handles.v && !dst->handles.v) ||
	    (src->handles.slots && !dst->handles.slots) ||
	    (src->handles.pslots && !dst->handles.pslots) ||
	    (src->wl && !dst->wl)) {
		state_free(dst);
		return false;
	}
	return true;
}

/* ---- events and explain records ----------------------------------------- */

/* The kernel's oom_kill_process() log line (dump_header left out). */
static void
session_log_oom(struct session *s, const struct mm_event *ev)
{
	struct mm_task_info t;

	if (!s->out_now || !mm_task_info(s->m, ev->task, &t))
		return;
	strbuf_addf(s->out_now, "Out of memory: Killed process %d (%s) "
		    "total-vm:%ldkB, anon-rss:%ldkB, file-rss:%ldkB, "
		    "shmem-rss:0kB, UID:0 pgtables:0kB oom_score_adj:0\n",
		    t.pid, t.name, (t.rss + t.swapents) * PAGE_SIZE_KB,
		    (t.pages[OWNER_ANON] + t.pages[OWNER_PINNED]) * PAGE_SIZE_KB,
		    (t.pages[OWNER_PAGECACHE] + t.pages[OWNER_PAGECACHE_DIRTY]) *
		    PAGE_SIZE_KB);
}

static void
on_event(const struct mm_event *ev, void *data)
{
	struct session *s = data;

	/* Handles follow their blocks, also while undo replays commands. */
	if (ev->type == EV_MIGRATE) {
		struct handle *h = handle_by_pfn(&s->st, ev->pfn);

		if (h)
			handle_set_pfn(&s->st, h, ev->buddy_pfn);
	} else if (ev->type == EV_FREE && ev->cause != FREE_BY_CALLER) {
		struct handle *h = handle_by_pfn(&s->st, ev->pfn);

		if (h)
			handle_remove(&s->st, h);
	}
	if (s->replaying)
		return;
	if (ev->type == EV_OOM_KILL)
		session_log_oom(s, ev);
	if (s->recording)
		s->ev[s->ev_total++ % EVENT_RING] = *ev;
	if (s->trace)
		trace_event(s->trace, s->m, ev);
	if (s->tap)
		s->tap(ev, s->tap_data);
}

void
session_record_begin(struct session *s)
{
	s->recording = !s->replaying;
	s->rec[s->rec_total % RECORD_RING].first_ev = s->ev_total;
}

void
session_record_end(struct session *s, const char *name, bool ok)
{
	struct alloc_record *r = &s->rec[s->rec_total % RECORD_RING];

	if (!s->recording)
		return;
	if (!name)
		name = "";
	memcpy(r->name, name, strnlen(name, sizeof(r->name) - 1));
	r->name[strnlen(name, sizeof(r->name) - 1)] = '\0';
	r->nev = s->ev_total - r->first_ev;
	r->ok = ok;
	s->rec_total++;
	s->recording = false;
}

const struct alloc_record *
session_record_find(const struct session *s, const char *name)
{
	uint64_t n = s->rec_total < RECORD_RING ? s->rec_total : RECORD_RING;

	for (uint64_t i = 1; i <= n; i++) {
		const struct alloc_record *r =
			&s->rec[(s->rec_total - i) % RECORD_RING];

		if (!name || strcmp(r->name, name) == 0)
			return r;
	}
	return NULL;
}

/* Event i of r, or NULL when the ring has overwritten it. */
const struct mm_event *
session_record_event(const struct session *s, const struct alloc_record *r,
		     uint64_t i)
{
	uint64_t abs = r->first_ev + i;

	if (i >= r->nev || abs + EVENT_RING < s->ev_total)
		return NULL;
	return &s->ev[abs % EVENT_RING];
}

/* ---- undo: the log and the checkpoints ----------------------------------- */

static void
checkpoint_free(struct checkpoint *ck)
{
	mm_destroy(ck->m);
	state_free(&ck->st);
}

/* Drop checkpoints and log lines no undo can reach any more. */
static void
history_prune(struct session *s)
{
	uint64_t oldest = s->pos > s->undo_depth ? s->pos - s->undo_depth : 0;
	unsigned keep = 0;
	uint64_t base;

	for (unsigned i = 0; i < s->nck; i++)
		if (s->ck[i].pos <= oldest)
			keep = i;
	for (unsigned i = 0; i < keep; i++)
		checkpoint_free(&s->ck[i]);
	memmove(s->ck, s->ck + keep, (s->nck - keep) * sizeof(*s->ck));
	s->nck -= keep;
	base = s->nck ? s->ck[0].pos : s->pos;
	if (base > s->log_base) {
		size_t drop = (size_t)(base - s->log_base);

		for (size_t i = 0; i < drop; i++)
			free(s->log[i]);
		memmove(s->log, s->log + drop,
			(size_t)(s->redo_end - base) * sizeof(*s->log));
		s->log_base = base;
	}
}

static void
checkpoint_take(struct session *s)
{
	struct checkpoint ck;

	if (!s->undo_depth)
		return;
	if (s->nck && s->ck[s->nck - 1].pos == s->pos)
		return;
	if (s->nck == s->ck_cap) {
		unsigned cap = s->ck_cap ? s->ck_cap * 2 : 8;
		struct checkpoint *p = realloc(s->ck, cap * sizeof(*p));

		if (!p)
			return;	/* undo goes further back instead */
		s->ck = p;
		s->ck_cap = cap;
	}
	ck.m = mm_clone(s->m);
	if (!ck.m)
		return;
	if (!state_copy(&ck.st, &s->st)) {
		mm_destroy(ck.m);
		return;
	}
	ck.pos = s->pos;
	s->ck[s->nck++] = ck;
	history_prune(s);
}

/* Forget the undone future (a new command was run after undo). */
static void
history_cut(struct session *s)
{
	for (uint64_t p = s->pos; p < s->redo_end; p++)
		free(s->log[p - s->log_base]);
	s->redo_end = s->pos;
	while (s->nck && s->ck[s->nck - 1].pos > s->pos)
		checkpoint_free(&s->ck[--s->nck]);
}

static void
history_append(struct session *s, const char *line, size_t len, bool reset)
{
	char *copy;
	uint64_t last;

	history_cut(s);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if ((size_t)(s->pos - s->log_base) == s->log_cap) {
		size_t cap = s->log_cap ? s->log_cap * 2 : 256;
		char **p = realloc(s->log, cap * sizeof(*p));

		if (!p)
			goto lost;
		s->log = p;
		s->log_cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		goto lost;
	memcpy(copy, line, len);
	copy[len] = '\0';
	s->log[s->pos - s->log_base] = copy;
	s->pos++;
	s->redo_end = s->pos;
	last = s->nck ? s->ck[s->nck - 1].pos : 0;
	if (reset || s->pos - last >= s->ck_interval)
		checkpoint_take(s);
	return;
lost:
	/* Out of memory: start the history afresh from here. */
	for (unsigned i = 0; i < s->nck; i++)
		checkpoint_free(&s->ck[i]);
	s->nck = 0;
	for (uint64_t p = s->log_base; p < s->pos; p++)
		free(s->log[p - s->log_base]);
	s->log_base = s->pos = s->redo_end = 0;
	checkpoint_take(s);
}

/* Run logged lines [from, to) on the current state, silently. */
static bool
history_replay(struct session *s, uint64_t from, uint64_t to, char *err,
	       size_t errlen)
{
	struct strbuf out = STRBUF_INIT;
	char msg[512];
	bool ok = true;

	s->replaying = true;
	for (uint64_t p = from; p < to; p++) {
		const char *line = s->log[p - s->log_base];

		strbuf_reset(&out);
		if (session_execute_line(s, line, strlen(line), &out, msg,
					 sizeof(msg)) != EXEC_OK) {
			snprintf(err, errlen, "replaying '%.60s' failed: %s",
				 line, msg);
			ok = false;
			break;
		}
	}
	s->replaying = false;
	strbuf_release(&out);
	return ok;
}

bool
session_undo(struct session *s, unsigned long n, char *err, size_t errlen)
{
	uint64_t oldest, target;
	struct checkpoint *ck = NULL;
	struct machine *old_m, *m;
	struct sess_state old_st, st;

	if (!s->undo_depth) {
		snprintf(err, errlen, "undo is off (--undo-depth 0)");
		return false;
	}
	oldest = s->pos > s->undo_depth ? s->pos - s->undo_depth : 0;
	if (s->nck && s->ck[0].pos > oldest)
		oldest = s->ck[0].pos;
	if (n > s->pos - oldest) {
		snprintf(err, errlen,
			 "cannot undo %lu step%s: %llu can be undone (the history keeps %u)",
			 n, n == 1 ? "" : "s",
			 (unsigned long long)(s->pos - oldest), s->undo_depth);
		return false;
	}
	target = s->pos - n;
	for (unsigned i = 0; i < s->nck; i++)
		if (s->ck[i].pos <= target)
			ck = &s->ck[i];
	if (!ck) {
		snprintf(err, errlen, "no checkpoint to undo from");
		return false;
	}
	m = mm_clone(ck->m);
	if (!m || !state_copy(&st, &ck->st)) {
		mm_destroy(m);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	old_m = s->m;
	old_st = s->st;
	s->m = m;
	s->st = st;
	mm_set_listener(s->m, on_event, s);
	if (!history_replay(s, ck->pos, target, err, errlen)) {
		mm_destroy(s->m);
		state_free(&s->st);
		s->m = old_m;
		s->st = old_st;
		return false;
	}
	mm_destroy(old_m);
	state_free(&old_st);
	s->pos = target;
	return true;
}

bool
session_redo(struct session *s, unsigned long n, char *err, size_t errlen)
{
	uint64_t avail = s->redo_end - s->pos, last;

	if (n > avail) {
		snprintf(err, errlen,
			 "cannot redo %lu step%s: %llu can be redone", n,
			 n == 1 ? "" : "s", (unsigned long long)avail);
		return false;
	}
	for (unsigned long i = 0; i < n; i++) {
		if (!history_replay(s, s->pos, s->pos + 1, err, errlen))
			return false;
		s->pos++;
		last = s->nck ? s->ck[s->nck - 1].pos : 0;
		if (s->pos - last >= s->ck_interval)
			checkpoint_take(s);
	}
	return true;
}

void
session_history(struct session *s, struct strbuf *out)
{
	uint64_t oldest = s->pos > s->undo_depth ? s->pos - s->undo_depth : 0;

	if (s->nck && s->ck[0].pos > oldest)
		oldest = s->ck[0].pos;
	if (!s->undo_depth) {
		strbuf_adds(out, "undo is off (--undo-depth 0)\n");
		return;
	}
	strbuf_addf(out, "%6llu  (state %s)\n", (unsigned long long)oldest,
		    oldest == 0 ? "at start" : "before the lines below");
	for (uint64_t p = oldest; p < s->redo_end; p++)
		strbuf_addf(out, "%c%5llu  %s%s\n", p + 1 == s->pos ? '*' : ' ',
			    (unsigned long long)(p + 1),
			    s->log[p - s->log_base],
			    p >= s->pos ? "   (undone; redo brings it back)" : "");
	strbuf_addf(out, "now at state %llu; undo N goes back N states (at most %u)\n",
		    (unsigned long long)s->pos, s->undo_depth);
}

/* ---- the machine ---------------------------------------------------------- */

void
session_replace_machine(struct session *s, struct machine *m,
			const struct machine_config *cfg, const char *preset)
{
	uint64_t pages = mm_end_pfn(m) - mm_start_pfn(m);

	mm_destroy(s->m);
	s->m = m;
	mm_set_listener(m, on_event, s);
	s->st.cfg = *cfg;
	snprintf(s->st.preset, sizeof(s->st.preset), "%s", preset);
	/* Forget the handles: they named blocks of the old machine. */
	s->st.handles.n = 0;
	if (s->st.handles.slots)
		memset(s->st.handles.slots, 0,
		       s->st.handles.nslots * sizeof(uint32_t));
	if (s->st.handles.pslots)
		memset(s->st.handles.pslots, 0,
		       s->st.handles.nslots * sizeof(uint32_t));
	s->st.nwl = 0;
	s->st.next_auto = s->st.next_wl = s->st.next_pin = 1;
	/* explain's records describe blocks of the old machine. */
	s->rec_total = 0;
	/*
	 * A checkpoint costs about one copy of the machine, replaying a
	 * command far less: checkpoint every 256 commands, more rarely on
	 * big machines, so the copy is amortised to a few bytes per page
	 * per command and undo replays at most a few thousand commands.
	 */
	s->ck_interval = pages / 1024 > 256 ? pages / 1024 : 256;
}

const struct machine *
session_machine(const struct session *s)
{
	return s->m;
}

/* ---- life cycle -------------------------------------------------------------- */

void
session_options_init(struct session_options *o)
{
	memset(o, 0, sizeof(*o));
	o->undo_depth = SESSION_UNDO_DEPTH;
}

/* MemAvailable of /proc/meminfo in bytes, 0 when it cannot be read. */
static uint64_t
mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

bool
session_machine_fits(const struct session *s, const struct machine_config *cfg,
		     char *err, size_t errlen)
{
	return session_state_fits(s, mm_config_state_bytes(cfg), err, errlen);
}

bool
session_state_fits(const struct session *s, uint64_t need, char *err,
		   size_t errlen)
{
	uint64_t limit = s->machine_bytes_max;
	const char *why = "this session's limit";

	if (!limit) {
		limit = mem_available() / 2;
		why = "half the memory this system has available";
		if (!limit)
			return true;	/* nothing known: let mm_create() try */
	}
	if (need <= limit)
		return true;
	snprintf(err, errlen,
		 "that machine needs %llu MiB of model state, more "
		 "than %s (%llu MiB)",
		 (unsigned long long)((need + (1u << 20) - 1) >> 20), why,
		 (unsigned long long)(limit >> 20));
	return false;
}

struct session *
session_create(const struct session_options *o, char *err, size_t errlen)
{
	struct session *s = calloc(1, sizeof(*s));
	const struct preset *p;
	struct machine_config cfg;
	struct machine *m;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->ev = calloc(EVENT_RING, sizeof(*s->ev));
	s->rec = calloc(RECORD_RING, sizeof(*s->rec));
	if (!s->ev || !s->rec) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	s->undo_depth = o->undo_depth;
	s->machine_bytes_max = o->machine_bytes_max;
	p = preset_find(o->preset ? o->preset : "classroom");
	if (!p) {
		snprintf(err, errlen, "unknown machine preset '%s'", o->preset);
		goto fail;
	}
	preset_config(p, ERA_6_12, &cfg);
	m = mm_create(&cfg, err, errlen);
	if (!m)
		goto fail;
	session_replace_machine(s, m, &cfg, p->name);
	s->st.seed = 1;
	s->st.rng = 1;
	if (o->trace_path) {
		s->trace = trace_open(o->trace_path, err, errlen);
		if (!s->trace)
			goto fail;
	}
	checkpoint_take(s);
	return s;
fail:
	session_destroy(s);
	return NULL;
}

void
session_destroy(struct session *s)
{
	if (!s)
		return;
	if (s->trace)
		trace_close(s->trace);
	replay_close(s->replay);
	watch_destroy(s->watch);
	for (unsigned i = 0; i < s->nck; i++)
		checkpoint_free(&s->ck[i]);
	free(s->ck);
	for (uint64_t p = s->log_base; p < s->redo_end; p++)
		free(s->log[p - s->log_base]);
	free(s->log);
	mm_destroy(s->m);
	state_free(&s->st);
	free(s->ev);
	free(s->rec);
	tokens_release(&s->tok);
	free(s);
}

void
session_set_io(struct session *s, const struct session_io *io)
{
	s->io = *io;
}

const struct session_io *
session_io(const struct session *s)
{
	return &s->io;
}

void
session_get_counts(const struct session *s, struct session_counts *c)
{
	*c = s->counts;
}

void
session_count_error(struct session *s)
{
	s->counts.errors++;
}

void
session_count_expect_failed(struct session *s)
{
	s->counts.expects_failed++;
}

void
session_set_location(struct session *s, const char *file, unsigned line)
{
	s->file = file;
	s->line = line;
}

const char *
session_location_file(const struct session *s)
{
	return s->file;
}

/* ---- running one line ----------------------------------------------------------- */

enum exec_status
session_execute_line(struct session *s, const char *line, size_t len,
		     struct strbuf *out, char *err, size_t errlen)
{
	struct tokens local = TOKENS_INIT, *tok;
	const struct cmd_desc *d;
	struct cmd_ctx c;
	enum exec_status st;
	char q[64], usage[256];

	if (s->exec_depth >= MAX_EXEC_DEPTH) {
		snprintf(err, errlen, "commands nested too deeply (source loop?)");
		return EXEC_ERROR;
	}
	/* The outermost line reuses the session's words; nested ones
	 * (source, undo's replay) get their own. */
	tok = s->exec_depth == 0 ? &s->tok : &local;
	if (!tokenize(tok, line, len, err, errlen)) {
		st = EXEC_ERROR;
		goto done_nocmd;
	}
	if (tok->argc == 0) {
		st = EXEC_OK;
		goto out;
	}
	d = cmd_find(tok->argv[0]);
	if (!d) {
		snprintf(err, errlen,
			 "unknown command '%s' (type 'help' for the list)",
			 parse_quote(tok->argv[0], q, sizeof(q)));
		st = EXEC_ERROR;
		goto done_nocmd;
	}
	if (tok->argc - 1 < d->min_args || tok->argc - 1 > d->max_args) {
		cmd_usage(d, usage, sizeof(usage));
		snprintf(err, errlen, "%s: %s; %s", d->name,
			 tok->argc - 1 < d->min_args ? "missing argument"
						     : "too many arguments",
			 usage);
		st = EXEC_ERROR;
		goto done;
	}
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.cmd = d;
	c.argc = tok->argc - 1;
	c.argv = tok->argv + 1;
	c.call = tok->call;
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	s->exec_depth++;
	{
		struct strbuf *saved = s->out_now;

		s->out_now = out;
		st = d->exec(&c);
		if (st == EXEC_OK && (d->flags & CMD_MUTATES) &&
		    !(d->flags & CMD_RESTORES)) {
			if (!s->st.daemons_manual)
				session_run_daemons(s, out);
			/* one sample per state-changing command (sparklines) */
			mm_history_sample(s->m);
		}
		s->out_now = saved;
	}
	s->exec_depth--;
	if (!s->replaying)
		s->counts.commands++;
	if (st == EXEC_OK && (d->flags & CMD_MUTATES) && !s->replaying &&
	    s->undo_depth)
		history_append(s, line, len,
			       (d->flags & CMD_RESETS) && !c.small_step);
	if (d->flags & CMD_QUIET)
		goto out;
	s->have_last = true;
	s->last_ok = st == EXEC_OK && (!c.outcome_set || c.outcome_ok);
	s->last_what = d->name;
	goto out;
done_nocmd:
done:
	s->have_last = true;
	s->last_ok = false;
	s->last_what = "the previous line";
out:
	if (tok == &local)
		tokens_release(&local);
	return st;
}
