/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vmscan.c - the owners of memory and page reclaim: tasks and the map
 * from an allocated block to its task, the node's LRU lists, reclaim
 * (shrink_node), direct reclaim (try_to_free_pages), kswapd
 * (balance_pgdat as a resumable state), drop_caches, swap and the OOM
 * killer (mm/oom_kill.c).
 *
 * Simplifications, each named where it applies: one LRU list per kind
 * (no active/inactive split and no referenced bit: oldest first); file
 * pages are reclaimed before slab and slab before anonymous memory
 * (instead of the swappiness balance); writeback finishes at once.  What
 * the kernel decides from these lists is kept: which zones are eligible,
 * how much is scanned at each priority, when kswapd raises its priority,
 * gives up or sleeps, boosted reclaim, and who the OOM killer picks.
 */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEF_PRIORITY 12
#define MAX_RECLAIM_RETRIES 16

const char *
lru_kind_name(enum lru_kind k)
{
	static const char *const name[NR_LRU_KINDS] = { "file", "anon", "slab" };

	return (unsigned)k < NR_LRU_KINDS ? name[k] : "?";
}

/* ------------------------------------------------------------------ */
/* The task map: allocated head index -> task id, open addressing with
 * linear probing and deletion by backward shift.  Only blocks that
 * belong to a task have an entry (and PG_TASK), so the allocator's fast
 * path never touches it. */

static inline uint32_t
tm_home(const struct task_map *t, uint32_t key)
{
	return (uint32_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >> 32) &
	       (t->cap - 1);
}

static bool
tm_grow(struct task_map *t)
{
	uint32_t ncap = t->cap ? t->cap * 2 : 64;
	uint32_t *key = calloc(ncap, sizeof(*key));
	uint16_t *val = malloc(ncap * sizeof(*val));
	struct task_map n = { key, val, ncap, 0 };

	if (!key || !val) {
		free(key);
		free(val);
		return false;
	}
	for (uint32_t i = 0; i < t->cap; i++) {
		uint32_t j;

		if (!t->key[i])
			continue;
		j = tm_home(&n, t->key[i]);
		while (n.key[j])
			j = (j + 1) & (ncap - 1);
		n.key[j] = t->key[i];
		n.val[j] = t->val[i];
		n.n++;
	}
	free(t->key);
	free(t->val);
	*t = n;
	return true;
}

static bool
tm_put(struct task_map *t, uint32_t idx, uint16_t task)
{
	uint32_t key = idx + 1, j;

	if ((t->n + 1) * 4 > t->cap * 3 && !tm_grow(t))
		return false;
	j = tm_home(t, key);
	while (t->key[j] && t->key[j] != key)
		j = (j + 1) & (t->cap - 1);
	if (!t->key[j])
		t->n++;
	t->key[j] = key;
	t->val[j] = task;
	return true;
}

static long
tm_slot(const struct task_map *t, uint32_t idx)
{
	uint32_t key = idx + 1, j;

	if (!t->cap)
		return -1;
	j = tm_home(t, key);
	while (t->key[j]) {
		if (t->key[j] == key)
			return j;
		j = (j + 1) & (t->cap - 1);
	}
	return -1;
}

static void
tm_del(struct task_map *t, uint32_t idx)
{
	long s = tm_slot(t, idx);
	uint32_t i, j, mask = t->cap - 1;

	if (s < 0)
		return;
	i = (uint32_t)s;
	j = i;
	for (;;) {
		uint32_t k;

		j = (j + 1) & mask;
		if (!t->key[j])
			break;
		k = tm_home(t, t->key[j]);
		/* the entry at j may move to i unless its home lies
		 * cyclically in (i, j] */
		if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->key[i] = t->key[j];
		t->val[i] = t->val[j];
		i = j;
	}
	t->key[i] = 0;
	t->n--;
}

bool
task_map_clone(struct task_map *dst, const struct task_map *src)
{
	*dst = (struct task_map){ 0 };
	if (!src->cap)
		return true;
	dst->key = malloc(src->cap * sizeof(*dst->key));
	dst->val = malloc(src->cap * sizeof(*dst->val));
	if (!dst->key || !dst->val) {
		task_map_free(dst);
		return false;
	}
	memcpy(dst->key, src->key, src->cap * sizeof(*dst->key));
	memcpy(dst->val, src->val, src->cap * sizeof(*dst->val));
	dst->cap = src->cap;
	dst->n = src->n;
	return true;
}

void
task_map_free(struct task_map *t)
{
	free(t->key);
	free(t->val);
	*t = (struct task_map){ 0 };
}

int
task_of_mapped(const struct machine *m, uint32_t idx)
{
	long s = tm_slot(&m->tmap, idx);

	return s < 0 ? 0 : m->tmap.val[s];
}

void
task_attach(struct machine *m, uint32_t idx, unsigned order,
	    enum page_owner owner, int task)
{
	if (task <= 0 || (unsigned)task > m->nr_tasks ||
	    !tm_put(&m->tmap, idx, (uint16_t)task))
		return;
	m->page[idx].flags |= PG_TASK;
	m->tasks[task].pages[owner] += 1L << order;
}

void
task_detach(struct machine *m, uint32_t idx)
{
	int task = task_of(m, idx);

	if (task)
		m->tasks[task].pages[page_type(m, idx)] -= 1L << m->page[idx].order;
	tm_del(&m->tmap, idx);
	m->page[idx].flags &= (uint8_t)~PG_TASK;
}

void
emit_free_event(struct machine *m, struct zone *z, uint32_t idx,
		enum free_cause cause)
{
	struct mm_event ev;

	ev_init(&ev, EV_FREE);
	ev.zone = (int)(z - m->zones);
	ev.pfn = idx_to_pfn(m, idx);
	ev.order = m->page[idx].order;
	ev.block_order = m->page[idx].order;
	ev.mt = pageblock_mt(m, idx);
	ev.owner = page_type(m, idx);
	ev.task = task_of(m, idx);
	ev.cause = cause;
	ev_emit(m, &ev);
}

/* ------------------------------------------------------------------ */
/* Tasks */

/* The live task of that name (a killed task's name may be reused by a
 * new task, as a restarted daemon would be). */
int
mm_task_find(const struct machine *m, const char *name)
{
	for (unsigned i = 1; i <= m->nr_tasks; i++)
		if (!m->tasks[i].killed && strcmp(m->tasks[i].name, name) == 0)
			return (int)i;
	return 0;
}

int
mm_task_get(struct machine *m, const char *name, char *err, size_t errlen)
{
	int id = mm_task_find(m, name);
	size_t len = strlen(name);

	if (id)
		return id;
	if (len == 0 || len >= MM_TASK_NAME) {
		if (err && errlen)
			snprintf(err, errlen, "a task name has 1 to %d characters",
				 MM_TASK_NAME - 1);
		return 0;
	}
	if (m->nr_tasks + 1 >= MM_MAX_TASKS) {
		if (err && errlen)
			snprintf(err, errlen, "too many tasks (at most %d)",
				 MM_MAX_TASKS - 1);
		return 0;
	}
	if (m->nr_tasks + 1 >= m->task_cap) {
		unsigned ncap = m->task_cap ? m->task_cap * 2 : 16;
		struct mm_task *t = realloc(m->tasks, ncap * sizeof(*t));

		if (!t) {
			if (err && errlen)
				snprintf(err, errlen, "out of memory for tasks");
			return 0;
		}
		m->tasks = t;
		m->task_cap = ncap;
	}
	id = (int)++m->nr_tasks;
	memset(&m->tasks[id], 0, sizeof(m->tasks[id]));
	memcpy(m->tasks[id].name, name, len + 1);
	/* pids as a freshly booted machine hands them out to user tasks */
	m->tasks[id].pid = 1000 + id;
	return id;
}

unsigned
mm_nr_tasks(const struct machine *m)
{
	return m->nr_tasks;
}

/* oom_badness() in pages: rss (anon, file and pinned pages) plus swap
 * entries; page tables are not modelled. */
static long
task_badness(const struct mm_task *t)
{
	return t->pages[OWNER_ANON] + t->pages[OWNER_PAGECACHE] +
	       t->pages[OWNER_PAGECACHE_DIRTY] + t->pages[OWNER_PINNED] +
	       t->swapents;
}

bool
mm_task_info(const struct machine *m, int id, struct mm_task_info *out)
{
	const struct mm_task *t;

	if (id <= 0 || (unsigned)id > m->nr_tasks)
		return false;
	t = &m->tasks[id];
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->pid = t->pid;
	memcpy(out->name, t->name, sizeof(out->name));
	memcpy(out->pages, t->pages, sizeof(out->pages));
	out->swapents = t->swapents;
	out->rss = task_badness(t) - t->swapents;
	out->killed = t->killed;
	return true;
}

int
mm_block_task(const struct machine *m, uint64_t pfn)
{
	if (pfn < m->start_pfn || pfn - m->start_pfn >= m->nr_pages)
		return 0;
	return task_of(m, pfn_to_idx(m, pfn));
}

/* ------------------------------------------------------------------ */
/* Page state queries */

void
mm_set_swap(struct machine *m, unsigned long pages)
{
	m->swap_total = pages;
}

unsigned long mm_swap_total(const struct machine *m) { return m->swap_total; }
unsigned long mm_swap_used(const struct machine *m) { return m->swap_used; }

bool
mm_set_dirty(struct machine *m, uint64_t pfn, bool dirty, char *err,
	     size_t errlen)
{
	uint32_t idx;
	enum page_owner o;
	struct zone *z;
	long pages;

	if (pfn < m->start_pfn || pfn - m->start_pfn >= m->nr_pages ||
	    !(m->page[pfn_to_idx(m, pfn)].flags & PG_HEAD)) {
		if (err && errlen)
			snprintf(err, errlen, "PFN 0x%llx does not start an allocated block",
				 (unsigned long long)pfn);
		return false;
	}
	idx = pfn_to_idx(m, pfn);
	o = (enum page_owner)page_type(m, idx);
	if (o != OWNER_PAGECACHE && o != OWNER_PAGECACHE_DIRTY) {
		if (err && errlen)
			snprintf(err, errlen, "only page cache can be dirty; PFN 0x%llx is %s",
				 (unsigned long long)pfn, page_owner_name(o));
		return false;
	}
	if ((o == OWNER_PAGECACHE_DIRTY) == dirty)
		return true;
	z = &m->zones[zone_of_idx(m, idx)];
	pages = 1L << m->page[idx].order;
	z->nr_dirty += dirty ? pages : -pages;
	if (m->page[idx].flags & PG_TASK) {
		int t = task_of(m, idx);

		m->tasks[t].pages[o] -= pages;
		m->tasks[t].pages[dirty ? OWNER_PAGECACHE_DIRTY : OWNER_PAGECACHE] += pages;
	}
	m->page[idx].flags = (uint8_t)((m->page[idx].flags & ~PG_TYPE_MASK) |
		((dirty ? OWNER_PAGECACHE_DIRTY : OWNER_PAGECACHE) << PG_TYPE_SHIFT));
	return true;
}

long
mm_zone_lru_pages(const struct machine *m, unsigned zone, enum lru_kind k)
{
	if (zone >= m->nr_zones || (unsigned)k >= NR_LRU_KINDS)
		return 0;
	return m->zones[zone].nr_lru[k];
}

long
mm_zone_dirty_pages(const struct machine *m, unsigned zone)
{
	return zone < m->nr_zones ? m->zones[zone].nr_dirty : 0;
}

static bool
can_swap(const struct machine *m)
{
	return m->swap_used < m->swap_total;
}

long
mm_zone_reclaimable_pages(const struct machine *m, unsigned zone)
{
	const struct zone *z;

	if (zone >= m->nr_zones)
		return 0;
	z = &m->zones[zone];
	return z->nr_lru[LRU_FILE] + (can_swap(m) ? z->nr_lru[LRU_ANON] : 0);
}

/* ------------------------------------------------------------------ */
/* shrink_node() */

/* Mark a page cache block clean (writeback done). */
static void
clean_block(struct machine *m, struct zone *z, uint32_t idx)
{
	long pages = 1L << m->page[idx].order;

	z->nr_dirty -= pages;
	if (m->page[idx].flags & PG_TASK) {
		int t = task_of(m, idx);

		m->tasks[t].pages[OWNER_PAGECACHE_DIRTY] -= pages;
		m->tasks[t].pages[OWNER_PAGECACHE] += pages;
	}
	m->page[idx].flags = (uint8_t)((m->page[idx].flags & ~PG_TYPE_MASK) |
				  (OWNER_PAGECACHE << PG_TYPE_SHIFT));
}

static void
emit_writeback(struct machine *m, int zone, uint32_t idx, bool is_kswapd)
{
	struct mm_event ev;

	ev_init(&ev, EV_WRITEBACK);
	ev.zone = zone;
	ev.pfn = idx_to_pfn(m, idx);
	ev.block_order = m->page[idx].order;
	ev.kswapd = is_kswapd;
	ev_emit(m, &ev);
}

/*
 * Scan one LRU list from its old end: shrink_inactive_list() and
 * shrink_folio_list() in one.  Blocks of zones above reclaim_idx are
 * skipped without counting (isolate_lru_folios).  A dirty page cache
 * block is written back: by kswapd in place (pageout(), reclaimed when
 * next met), by direct reclaim through the flusher threads, the block
 * going back to the young end (activated, NR_VMSCAN_IMMEDIATE).
 */
static void
shrink_list(struct machine *m, enum lru_kind lru, int reclaim_idx,
	    unsigned long nr_to_reclaim, unsigned long nr_to_scan,
	    bool is_kswapd, bool may_writepage, struct reclaim_result *res)
{
	uint32_t head = m->lru_head[lru];
	uint32_t idx = m->links[head].prev;
	unsigned long scanned = 0, rotated = 0;
	/* each block is looked at once per call: the rotated ones come back
	 * at the young end, so stop after as many as the list holds */
	unsigned long limit = 0;

	for (int i = 0; i <= reclaim_idx; i++)
		limit += (unsigned long)m->zones[i].nr_lru[lru];
	while (idx != head && scanned < nr_to_scan &&
	       res->nr_reclaimed < nr_to_reclaim && rotated <= limit) {
		uint32_t prev = m->links[idx].prev;
		int zi = zone_of_idx(m, idx);
		struct zone *z = &m->zones[zi];
		enum page_owner o = (enum page_owner)page_type(m, idx);
		unsigned long pages = 1ul << m->page[idx].order;

		if (zi > reclaim_idx) {
			idx = prev;
			continue;
		}
		scanned += pages;
		if (o == OWNER_PAGECACHE_DIRTY) {
			if (!may_writepage) {
				idx = prev;
				continue;
			}
			clean_block(m, z, idx);
			res->nr_writeback += pages;
			/* pageout() by kswapd; direct reclaim leaves it to the
			 * flusher threads */
			if (is_kswapd)
				m->vmstat.nr_vmscan_write += pages;
			if (mm_has_listener(m))
				emit_writeback(m, zi, idx, is_kswapd);
			if (!is_kswapd) {
				list_del_idx(m, idx);
				list_add_idx(m, idx, head, false);
				rotated += pages;
			}
			idx = prev;
			continue;
		}
		if (o == OWNER_ANON) {
			int t = task_of(m, idx);

			m->swap_used += pages;
			m->vmstat.pswpout += pages;
			m->vmstat.nr_vmscan_write += pages;	/* pageout() to swap */
			if (t)
				m->tasks[t].swapents += (long)pages;
		}
		free_allocated_block(m, z, idx, FREE_BY_RECLAIM);
		res->nr_reclaimed += pages;
		idx = prev;
	}
	res->nr_scanned += scanned;
	if (lru == LRU_SLAB)
		m->vmstat.slabs_scanned += scanned;
}

/* Pages on the eligible part of a list. */
static unsigned long
lru_eligible(const struct machine *m, enum lru_kind lru, int reclaim_idx)
{
	unsigned long n = 0;

	for (int i = 0; i <= reclaim_idx; i++)
		n += (unsigned long)m->zones[i].nr_lru[lru];
	return n;
}

/*
 * shrink_node() at one priority: each list may be scanned for its
 * eligible size >> priority pages (get_scan_count), file first, then
 * slab, then anonymous memory while swap has room and may_swap; stop
 * once nr_to_reclaim pages came back.
 */
void
shrink_node(struct machine *m, int reclaim_idx, unsigned long nr_to_reclaim,
	    unsigned long scan_limit, bool is_kswapd, bool may_writepage,
	    bool may_swap, int priority, struct reclaim_result *res)
{
	static const enum lru_kind order[] = { LRU_FILE, LRU_SLAB, LRU_ANON };
	unsigned long before = res->nr_reclaimed, scanned_before = res->nr_scanned;

	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum lru_kind lru = order[i];
		unsigned long scan;

		if (res->nr_reclaimed >= nr_to_reclaim)
			break;
		if (lru == LRU_ANON && (!may_swap || !can_swap(m)))
			continue;
		scan = lru_eligible(m, lru, reclaim_idx) >> priority;
		if (lru == LRU_ANON && scan > m->swap_total - m->swap_used)
			scan = m->swap_total - m->swap_used;
		if (scan > scan_limit - (res->nr_scanned - scanned_before))
			scan = scan_limit - (res->nr_scanned - scanned_before);
		if (scan)
			shrink_list(m, lru, reclaim_idx, nr_to_reclaim, scan,
				    is_kswapd, may_writepage, res);
	}
	if (is_kswapd) {
		m->vmstat.pgscan_kswapd += res->nr_scanned - scanned_before;
		m->vmstat.pgsteal_kswapd += res->nr_reclaimed - before;
	} else {
		m->vmstat.pgscan_direct += res->nr_scanned - scanned_before;
		m->vmstat.pgsteal_direct += res->nr_reclaimed - before;
	}
	/* a node that gave back pages is not hopeless (shrink_node) */
	if (res->nr_reclaimed > before)
		m->kswapd.failures = 0;
	if (mm_has_listener(m) && res->nr_scanned > scanned_before) {
		struct mm_event ev;

		ev_init(&ev, EV_RECLAIM_DONE);
		ev.zone = reclaim_idx;
		ev.count = (long)(res->nr_reclaimed - before);
		ev.count2 = (long)(res->nr_scanned - scanned_before);
		ev.step = priority;
		ev.kswapd = is_kswapd;
		ev_emit(m, &ev);
	}
}

/*
 * compaction_ready(): for a costly order, a zone where compaction could
 * already run (high watermark plus compact_gap free) needs no reclaim.
 */
static bool
compaction_ready(struct machine *m, struct zone *z, unsigned order,
		 int reclaim_idx)
{
	if (zone_wmark_ok_free(m, z, order, z->_watermark[WMARK_IDX_MIN] +
			       z->watermark_boost, reclaim_idx, 0,
			       zone_free_pages(z)))
		return true;
	return zone_wmark_ok_free(m, z, 0, wmark_pages(z, WMARK_IDX_HIGH) +
				  (2ul << order), reclaim_idx, 0,
				  zone_free_pages(z));
}

/*
 * try_to_free_pages() -> do_try_to_free_pages(): priority DEF_PRIORITY
 * down to 0 until nr_to_reclaim pages are back.  Direct reclaim may write
 * (through the flushers) and swap.  For costly orders it stops when every
 * eligible zone is ready for compaction instead.
 */
void
mm_direct_reclaim(struct machine *m, int highest_zoneidx,
		  unsigned long nr_to_reclaim, struct reclaim_result *res)
{
	memset(res, 0, sizeof(*res));
	if (highest_zoneidx < 0 || (unsigned)highest_zoneidx >= m->nr_zones)
		highest_zoneidx = (int)m->nr_zones - 1;
	m->vmstat.allocstall[highest_zoneidx]++;
	for (int prio = DEF_PRIORITY; prio >= 0; prio--) {
		/* Global direct reclaim at DEF_PRIORITY scans its whole
		 * target, not stopping at nr_to_reclaim (shrink_lruvec's
		 * proportional_reclaim; scan_adjusted in 4.19). */
		shrink_node(m, highest_zoneidx,
			    prio == DEF_PRIORITY ? ULONG_MAX : nr_to_reclaim,
			    ULONG_MAX, false, true, true, prio, res);
		if (res->nr_reclaimed >= nr_to_reclaim)
			break;
	}
}

/* The same, for the allocator: skips reclaim for a costly order when
 * every eligible zone is ready for compaction. */
void
direct_reclaim_for(struct machine *m, unsigned order, int highest_zoneidx,
		   struct reclaim_result *res)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		bool all_ready = true, any = false;

		for (int i = 0; i <= highest_zoneidx; i++) {
			struct zone *z = &m->zones[i];

			if (!z->managed)
				continue;
			any = true;
			if (!compaction_ready(m, z, order, highest_zoneidx))
				all_ready = false;
		}
		if (any && all_ready) {
			memset(res, 0, sizeof(*res));
			m->vmstat.allocstall[highest_zoneidx]++;
			/* shrink_zones() skipped them all; progress is
			 * reported so that compaction runs next */
			res->nr_reclaimed = 0;
			return;
		}
	}
	mm_direct_reclaim(m, highest_zoneidx, SWAP_CLUSTER_MAX, res);
}

unsigned long
mm_drop_caches(struct machine *m, int what)
{
	unsigned long dropped = 0;

	for (int lru = LRU_FILE; lru <= LRU_SLAB; lru++) {
		uint32_t head = m->lru_head[lru], idx;

		if (lru == LRU_ANON || !(what & (lru == LRU_FILE ? 1 : 2)))
			continue;
		idx = m->links[head].prev;
		while (idx != head) {
			uint32_t prev = m->links[idx].prev;

			/* invalidate_mapping_pages() leaves dirty pages */
			if ((enum page_owner)page_type(m, idx) != OWNER_PAGECACHE_DIRTY) {
				dropped += 1ul << m->page[idx].order;
				free_allocated_block(m, &m->zones[zone_of_idx(m, idx)],
						     idx, FREE_BY_DROP);
			}
			idx = prev;
		}
	}
	if (what & 1)
		m->vmstat.drop_pagecache++;
	if (what & 2)
		m->vmstat.drop_slab++;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_DROP_CACHES);
		ev.count = (long)dropped;
		ev.step = what;
		ev_emit(m, &ev);
	}
	return dropped;
}

/* ------------------------------------------------------------------ */
/* kswapd */

void
wakeup_kcompactd(struct machine *m, int order, int highest_zoneidx)
{
	struct kswapd_state *k = &m->kswapd;

	if (order <= 0)
		return;
	if (!k->kcompactd_woken || order > k->kcompactd_order)
		k->kcompactd_order = order;
	if (!k->kcompactd_woken || highest_zoneidx > k->kcompactd_highest_zoneidx)
		k->kcompactd_highest_zoneidx = highest_zoneidx;
	k->kcompactd_woken = true;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_KCOMPACTD_WAKE);
		ev.order = (unsigned)order;
		ev.zone = highest_zoneidx;
		ev_emit(m, &ev);
	}
}

void
mm_kswapd_info(const struct machine *m, struct kswapd_info *out)
{
	const struct kswapd_state *k = &m->kswapd;

	memset(out, 0, sizeof(*out));
	out->awake = m->kswapd_awake;
	out->order = m->kswapd_order;
	out->highest_zoneidx = k->highest_zoneidx;
	out->priority = k->priority;
	out->pass_target = k->pass_target;
	out->pass_reclaimed = k->pass_reclaimed;
	out->boost_left = k->boost_left;
	out->reclaimed = k->reclaimed;
	out->failures = k->failures;
	out->kcompactd_woken = k->kcompactd_woken;
	out->kcompactd_order = k->kcompactd_order;
}

void
mm_kswapd_wake(struct machine *m, unsigned order)
{
	int idx = (int)m->nr_zones - 1;

	while (idx > 0 && !populated_zone(&m->zones[idx]))
		idx--;
	wakeup_kswapd(m, &m->zones[idx], GFPF_KSWAPD_RECLAIM, order, idx);
}

static void
kswapd_sleep(struct machine *m, bool hopeless)
{
	struct kswapd_state *k = &m->kswapd;
	bool flush = false;

	/* kswapd_try_to_sleep(): clear the skip hints direct compaction
	 * asked for, wake kcompactd for the order kswapd was woken for */
	for (unsigned i = 0; i < m->nr_zones; i++)
		if (m->zones[i].compact_blockskip_flush)
			flush = true;
	if (flush)
		reset_isolation_suitable(m);
	(void)hopeless;
	wakeup_kcompactd(m, m->kswapd_order, k->highest_zoneidx);
	m->kswapd_awake = false;
	if (mm_has_listener(m)) {
		struct mm_event ev;

		ev_init(&ev, EV_KSWAPD_SLEEP);
		ev.order = (unsigned)m->kswapd_order;
		ev.count = (long)k->reclaimed;
		ev.ok = !hopeless;
		ev.step = k->failures;
		ev_emit(m, &ev);
	}
	k->priority = 0;
	k->in_pass = false;
	k->boost_left = 0;
	k->boosted = false;
	m->kswapd_order = 0;
	k->highest_zoneidx = 0;
}

/* The end of balance_pgdat(): settle the boost, then sleep if the node
 * is balanced or hopeless, else start over. */
static void
balance_pgdat_out(struct machine *m)
{
	struct kswapd_state *k = &m->kswapd;
	int idx = k->highest_zoneidx;
	bool balanced;

	if (k->boosted) {
		for (int i = 0; i <= idx; i++) {
			struct zone *z = &m->zones[i];

			if (!z->watermark_boost)
				continue;
			z->watermark_boost = 0;
			if (mm_has_listener(m)) {
				struct mm_event ev;

				ev_init(&ev, EV_BOOST_CLEAR);
				ev.zone = i;
				ev_emit(m, &ev);
			}
		}
		wakeup_kcompactd(m, (int)m->pageblock_order, idx);
		k->boosted = false;
	}
	k->in_pass = false;
	k->priority = 0;
	/* prepare_kswapd_sleep() */
	balanced = pgdat_balanced(m, (unsigned)m->kswapd_order, idx);
	if (k->failures >= MAX_RECLAIM_RETRIES)
		kswapd_sleep(m, true);
	else if (balanced)
		kswapd_sleep(m, false);
}

bool
mm_kswapd_step(struct machine *m)
{
	struct kswapd_state *k = &m->kswapd;
	struct reclaim_result r = { 0 };
	int idx = k->highest_zoneidx;
	unsigned long want;

	if (!m->kswapd_awake)
		return false;
	if (!k->in_pass) {
		bool balanced;

		if (k->priority == 0) {
			/* balance_pgdat() entry: how much boost to pay back */
			k->boost_left = 0;
			for (int i = 0; i <= idx; i++)
				k->boost_left += m->zones[i].watermark_boost;
			k->boosted = k->boost_left > 0;
			k->priority = DEF_PRIORITY;
			k->reclaimed = 0;
			m->vmstat.pageoutrun++;
		}
		balanced = pgdat_balanced(m, (unsigned)m->kswapd_order, idx);
		if (!balanced && k->boost_left) {
			/* imbalanced: forget the boost, reclaim for real */
			k->boost_left = 0;
			k->priority = DEF_PRIORITY;
		}
		if (!k->boost_left && balanced) {
			balance_pgdat_out(m);
			return m->kswapd_awake;
		}
		/* kswapd_shrink_node(): nr_to_reclaim for the pass */
		k->pass_target = 0;
		for (int i = 0; i <= idx; i++) {
			struct zone *z = &m->zones[i];
			unsigned long high = wmark_pages(z, WMARK_IDX_HIGH);

			if (z->managed)
				k->pass_target += high > SWAP_CLUSTER_MAX ? high
								       : SWAP_CLUSTER_MAX;
		}
		k->pass_reclaimed = 0;
		k->pass_scanned = 0;
		k->may_writepage = !k->boost_left ||
				   k->priority < DEF_PRIORITY - 2;
		k->may_swap = !k->boost_left;
		/* get_scan_count(): each list's eligible size >> priority */
		k->pass_budget = 0;
		for (int l = 0; l < NR_LRU_KINDS; l++)
			if (l != LRU_ANON || (k->may_swap && can_swap(m)))
				k->pass_budget += lru_eligible(m, (enum lru_kind)l,
							       idx) >> k->priority;
		k->in_pass = true;
	}
	/* One batch of the pass: SWAP_CLUSTER_MAX pages at most. */
	want = k->pass_target - k->pass_reclaimed;
	if (want > SWAP_CLUSTER_MAX)
		want = SWAP_CLUSTER_MAX;
	if (k->pass_scanned < k->pass_budget)
		shrink_node(m, idx, want, k->pass_budget - k->pass_scanned, true,
			    k->may_writepage, k->may_swap, k->priority, &r);
	k->pass_scanned += r.nr_scanned;
	k->pass_reclaimed += r.nr_reclaimed;
	k->reclaimed += r.nr_reclaimed;
	if (k->pass_reclaimed < k->pass_target && r.nr_scanned &&
	    k->pass_scanned < k->pass_budget)
		return true;
	/* End of a balance_pgdat() iteration. */
	k->in_pass = false;
	if (m->kswapd_order && k->reclaimed >= (2ul << m->kswapd_order))
		m->kswapd_order = 0;	/* compaction's job from here */
	{
		bool raise = k->pass_scanned < k->pass_target;

		if (k->boost_left && k->priority == DEF_PRIORITY - 2)
			raise = false;
		k->boost_left -= k->boost_left < k->pass_reclaimed ?
				 k->boost_left : k->pass_reclaimed;
		if (k->boost_left && !k->pass_reclaimed) {
			/* boosted reclaim without progress stops */
			balance_pgdat_out(m);
			return m->kswapd_awake;
		}
		if (raise || !k->pass_reclaimed)
			k->priority--;
	}
	if (k->priority < 1) {
		if (!k->reclaimed)
			k->failures++;
		balance_pgdat_out(m);
	}
	return m->kswapd_awake;
}

unsigned long
mm_kswapd_run(struct machine *m, unsigned long max_steps)
{
	unsigned long n = 0;

	while (n < max_steps && m->kswapd_awake) {
		mm_kswapd_step(m);
		n++;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* The OOM killer */

/* Free every anonymous and pinned block of a task; its page cache stays
 * as cache, no longer mapped by it. */
static long
reap_task(struct machine *m, int task)
{
	long freed = 0;
	struct task_map *t = &m->tmap;

	for (uint32_t s = 0; s < t->cap;) {
		uint32_t idx;
		enum page_owner o;

		if (!t->key[s] || t->val[s] != task) {
			s++;
			continue;
		}
		idx = t->key[s] - 1;
		o = (enum page_owner)page_type(m, idx);
		if (o == OWNER_ANON || o == OWNER_PINNED) {
			freed += 1L << m->page[idx].order;
			free_allocated_block(m, &m->zones[zone_of_idx(m, idx)],
					     idx, FREE_BY_OOM);
		} else {
			task_detach(m, idx);
		}
		/* deletion shifted a later entry into slot s: look again */
	}
	m->swap_used -= (unsigned long)m->tasks[task].swapents;
	m->tasks[task].swapents = 0;
	return freed;
}

bool
mm_task_exit(struct machine *m, int task, long *freed)
{
	if (task <= 0 || (unsigned)task > m->nr_tasks || m->tasks[task].killed)
		return false;
	*freed = reap_task(m, task);
	m->tasks[task].killed = true;	/* gone: its name may be reused */
	return true;
}

/*
 * out_of_memory() -> select_bad_process(): the task with the largest
 * oom_badness; on a tie the later task wins, as oom_evaluate_task() skips
 * only smaller scores while walking the tasks in creation order;
 * oom_kill_process() and the OOM reaper free its anonymous memory.
 */
bool
mm_out_of_memory(struct machine *m, struct oom_result *res)
{
	long best = 0;
	int victim = 0;

	memset(res, 0, sizeof(*res));
	for (unsigned i = 1; i <= m->nr_tasks; i++) {
		long b = task_badness(&m->tasks[i]);

		if (m->tasks[i].killed || b <= 0)
			continue;
		if (b >= best) {
			best = b;
			victim = (int)i;
		}
	}
	if (!victim)
		return false;
	res->task = victim;
	res->badness = best;
	if (mm_has_listener(m)) {
		struct mm_event ev;
		const struct mm_task *t = &m->tasks[victim];

		ev_init(&ev, EV_OOM_KILL);
		ev.task = victim;
		ev.count = best;
		ev.count2 = t->pages[OWNER_ANON] + t->pages[OWNER_PINNED];
		ev_emit(m, &ev);
	}
	res->freed = reap_task(m, victim);
	m->tasks[victim].killed = true;
	m->vmstat.oom_kill++;
	res->killed = true;
	return true;
}
