/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * save.c - the machine image of save.h: writing it and reading it back
 * with every part checked.
 *
 * Layout (native byte order, recorded by the byte-order mark):
 *
 *   "BSMM" | version u32 | 0x01020304 u32 | layout fingerprint u64
 *   struct machine_config
 *   zone[0..nr_zones)            struct zone with its pcp pointer cleared
 *   pcp[zone][cpu]               struct per_cpu_pages
 *   links[nr_pages+nr_sentinels] page[nr_pages] (flags, order)
 *   pageblock[nr_pageblocks]
 *   sysctl, user_min_free_kbytes, vmstat, pcp_on, kswapd_awake,
 *   kswapd_order, swap_total, swap_used, kswapd, proactive_defer
 *   nr_tasks, task_cap, tasks[task_cap]
 *   tmap.cap, tmap.n, key[cap], val[cap]
 *   history[MM_HISTORY], history_seq
 *   "END!"
 *
 * The fingerprint digests the sizes of every struct stored whole, so an
 * image from a build whose layout differs is refused instead of being
 * misread.  Reading builds the machine from the stored config with
 * mm_create() (which validates the config as for a new machine), checks
 * that the stored zones have the geometry that config gives, overwrites
 * the state, checks every index, flag and type against the machine's
 * bounds and finally runs mm_check(), so what loads is a state the
 * allocator could be in.
 */
#include "save.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define IMAGE_MAGIC "BSMM"
#define IMAGE_END "END!"
#define BYTE_ORDER_MARK 0x01020304u
#define IMAGE_MAX_TASKS 65536u	/* task ids are 16-bit in the task map */

static uint64_t
layout_fingerprint(void)
{
	const uint64_t sizes[] = {
		sizeof(struct machine_config), sizeof(struct zone),
		sizeof(struct per_cpu_pages), sizeof(struct page_link),
		sizeof(struct mm_sysctl), sizeof(struct mm_vmstat),
		sizeof(struct kswapd_state), sizeof(struct mm_task),
		sizeof(struct mm_sample), MM_HISTORY, MM_MAX_ZONES,
		MM_MAX_ORDER_LIMIT, MIGRATE_TYPES, NR_LRU_KINDS, NR_OWNERS,
		NR_PCP_LISTS_MAX,
	};
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		h = (h ^ sizes[i]) * 0x100000001b3ull;
	return h;
}

static void
put(struct strbuf *out, const void *p, size_t n)
{
	strbuf_add(out, (const char *)p, n);
}

/* Whether page idx is linked into a list: a free list, a per-CPU list or
 * (an allocated head of a reclaimable owner) an LRU list. */
static bool
page_on_list(const struct machine *m, uint32_t idx)
{
	uint8_t f = m->page[idx].flags;

	if (f & (PG_BUDDY | PG_PCP))
		return true;
	return (f & PG_HEAD) && lru_of_owner((enum page_owner)page_type(m, idx)) >= 0;
}

/*
 * The links, with those of pages on no list stored as 0: the model never
 * reads them (list_add() sets them) and they hold whatever was there, so
 * leaving them out makes equal states give equal images.
 */
static void
put_links(const struct machine *m, struct strbuf *out)
{
	static const struct page_link none = { 0, 0 };
	size_t at = out->len;

	put(out, m->links, ((size_t)m->nr_pages + m->nr_sentinels) * sizeof(none));
	if (out->failed)
		return;
	for (uint32_t i = 0; i < m->nr_pages; i++)
		if (!page_on_list(m, i))
			memcpy(out->buf + at + (size_t)i * sizeof(none), &none,
			       sizeof(none));
}

static bool
save_one(const struct machine *m, struct strbuf *out)
{
	uint32_t version = MM_IMAGE_VERSION, bom = BYTE_ORDER_MARK;
	uint64_t fp = layout_fingerprint();
	uint8_t b;

	put(out, IMAGE_MAGIC, 4);
	put(out, &version, sizeof(version));
	put(out, &bom, sizeof(bom));
	put(out, &fp, sizeof(fp));
	put(out, &m->cfg, sizeof(m->cfg));
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone z = m->zones[i];

		z.pcp = NULL;
		put(out, &z, sizeof(z));
	}
	for (unsigned i = 0; i < m->nr_zones; i++)
		put(out, m->zones[i].pcp, m->cfg.nr_cpus * sizeof(*m->zones[i].pcp));
	put_links(m, out);
	put(out, m->page, (size_t)m->nr_pages * sizeof(*m->page));
	put(out, m->pageblock, m->nr_pageblocks);
	put(out, &m->sysctl, sizeof(m->sysctl));
	put(out, &m->user_min_free_kbytes, sizeof(m->user_min_free_kbytes));
	put(out, &m->vmstat, sizeof(m->vmstat));
	b = m->pcp_on;
	put(out, &b, 1);
	b = m->kswapd_awake;
	put(out, &b, 1);
	put(out, &m->kswapd_order, sizeof(m->kswapd_order));
	put(out, &m->swap_total, sizeof(m->swap_total));
	put(out, &m->swap_used, sizeof(m->swap_used));
	put(out, &m->kswapd, sizeof(m->kswapd));
	put(out, &m->proactive_defer, sizeof(m->proactive_defer));
	put(out, &m->nr_tasks, sizeof(m->nr_tasks));
	put(out, &m->task_cap, sizeof(m->task_cap));
	/* Only tasks 1..nr_tasks hold data; the rest of the table is
	 * stored as zeroes so equal states give equal images. */
	for (unsigned i = 0; i < m->task_cap; i++) {
		struct mm_task t;

		memset(&t, 0, sizeof(t));
		if (i >= 1 && i <= m->nr_tasks)
			memcpy(&t, &m->tasks[i], sizeof(t));
		put(out, &t, sizeof(t));
	}
	put(out, &m->tmap.cap, sizeof(m->tmap.cap));
	put(out, &m->tmap.n, sizeof(m->tmap.n));
	if (m->tmap.cap) {
		put(out, m->tmap.key, m->tmap.cap * sizeof(*m->tmap.key));
		for (uint32_t i = 0; i < m->tmap.cap; i++) {
			uint16_t v = m->tmap.key[i] ? m->tmap.val[i] : 0;

			put(out, &v, sizeof(v));
		}
	}
	put(out, m->history, sizeof(m->history));
	put(out, &m->history_seq, sizeof(m->history_seq));
	put(out, IMAGE_END, 4);
	return !out->failed;
}

bool
mm_save(const struct machine *m, struct strbuf *out)
{
	struct machine *copy;
	bool ok;

	if (!m->cc)
		return save_one(m, out);
	/* mm_clone() returns a stepped compaction's isolated pages. */
	copy = mm_clone(m);
	if (!copy)
		return false;
	ok = save_one(copy, out);
	mm_destroy(copy);
	return ok;
}

/* ---- reading ------------------------------------------------------------- */

struct reader {
	const uint8_t *p;
	size_t len, off;
	bool short_read;
	const char *what;	/* the part being read, for the message */
};

static bool
get(struct reader *r, void *dst, size_t n, const char *what)
{
	r->what = what;
	if (r->short_read || n > r->len - r->off) {
		r->short_read = true;
		return false;
	}
	memcpy(dst, r->p + r->off, n);
	r->off += n;
	return true;
}

/* The zone fields that follow from the config: they must match. */
static bool
zone_geometry_ok(const struct zone *a, const struct zone *b)
{
	if (a->type != b->type || a->start_pfn != b->start_pfn ||
	    a->spanned != b->spanned || a->present != b->present ||
	    a->managed != b->managed || a->start_idx != b->start_idx ||
	    a->end_idx != b->end_idx)
		return false;
	for (unsigned o = 0; o <= MM_MAX_ORDER_LIMIT; o++)
		if (memcmp(a->free_area[o].free_list, b->free_area[o].free_list,
			   sizeof(a->free_area[o].free_list)) != 0)
			return false;
	return true;
}

static bool
check_pages(const struct machine *m, char *err, size_t errlen)
{
	uint32_t nlinks = m->nr_pages + m->nr_sentinels;
	unsigned long tasks = 0;

	for (uint32_t i = 0; i < nlinks; i++)
		if (m->links[i].next >= nlinks || m->links[i].prev >= nlinks)
			return mm_fail(err, errlen, "list link %u points outside the "
					"machine", i);
	for (uint32_t i = 0; i < m->nr_pages; i++) {
		uint8_t f = m->page[i].flags;
		unsigned type = (f & PG_TYPE_MASK) >> PG_TYPE_SHIFT;
		unsigned long long pfn = idx_to_pfn(m, i);

		if (m->page[i].order > m->max_order)
			return mm_fail(err, errlen, "PFN 0x%llx has order %u, above "
					"MAX_PAGE_ORDER %u", pfn, m->page[i].order,
					m->max_order);
		if ((f & PG_HEAD) && type >= NR_OWNERS)
			return mm_fail(err, errlen, "PFN 0x%llx has an unknown owner "
					"kind %u", pfn, type);
		if ((f & (PG_BUDDY | PG_PCP)) && type >= MIGRATE_TYPES)
			return mm_fail(err, errlen, "PFN 0x%llx is on a list of an "
					"unknown migratetype %u", pfn, type);
		if ((f & PG_TASK) && !(f & PG_HEAD))
			return mm_fail(err, errlen, "PFN 0x%llx belongs to a task but "
					"is not an allocated block", pfn);
		if (f & PG_TASK)
			tasks++;
	}
	for (uint32_t i = 0; i < m->nr_pageblocks; i++)
		if ((m->pageblock[i] & PB_MT_MASK) >= MIGRATE_TYPES ||
		    (m->pageblock[i] & ~(PB_MT_MASK | PB_SKIP)))
			return mm_fail(err, errlen, "pageblock %u has an unknown "
					"type 0x%x", i, m->pageblock[i]);
	if (tasks != m->tmap.n)
		return mm_fail(err, errlen, "%lu blocks are marked as a task's but the "
				"task map holds %u", tasks, m->tmap.n);
	return true;
}

static bool
check_state(const struct machine *m, const struct machine *fresh, char *err,
	    size_t errlen)
{
	unsigned nlists = m->era->pcp_high_orders ? NR_PCP_LISTS_MAX
						  : MIGRATE_PCPTYPES;
	unsigned filled = 0;

	for (unsigned i = 0; i < m->nr_zones; i++) {
		if (!zone_geometry_ok(&m->zones[i], &fresh->zones[i]))
			return mm_fail(err, errlen, "zone %u does not have the size "
					"and place its config gives", i);
		for (unsigned c = 0; c < m->cfg.nr_cpus; c++)
			if (memcmp(m->zones[i].pcp[c].lists, fresh->zones[i].pcp[c].lists,
				   nlists * sizeof(uint32_t)) != 0)
				return mm_fail(err, errlen, "zone %u cpu %u: per-CPU list "
						"heads are not where they belong", i, c);
	}
	if (!check_pages(m, err, errlen))
		return false;
	for (unsigned o = 0; o <= m->max_order; o++)
		if (!list_empty_idx(m, m->cc_free_head + o))
			return mm_fail(err, errlen, "compaction's isolated-page list "
					"of order %u is not empty", o);
	if (m->kswapd_order < 0 || (unsigned)m->kswapd_order > m->max_order ||
	    m->kswapd.highest_zoneidx < 0 ||
	    (unsigned)m->kswapd.highest_zoneidx >= m->nr_zones ||
	    m->kswapd.kcompactd_highest_zoneidx < 0 ||
	    (unsigned)m->kswapd.kcompactd_highest_zoneidx >= m->nr_zones)
		return mm_fail(err, errlen, "kswapd's order or zone is out of range");
	if (m->swap_used > m->swap_total)
		return mm_fail(err, errlen, "swap used (%lu) exceeds swap total (%lu)",
				m->swap_used, m->swap_total);
	if (m->nr_tasks > m->task_cap || m->task_cap > IMAGE_MAX_TASKS)
		return mm_fail(err, errlen, "%u tasks in a table of %u", m->nr_tasks,
				m->task_cap);
	if (m->tmap.cap & (m->tmap.cap - 1) || m->tmap.n > m->tmap.cap ||
	    m->tmap.cap > 2 * m->nr_pages + 2)
		return mm_fail(err, errlen, "the task map's size is invalid");
	for (uint32_t i = 0; i < m->tmap.cap; i++) {
		uint32_t key = m->tmap.key[i];

		if (!key)
			continue;
		filled++;
		if (key > m->nr_pages || !(m->page[key - 1].flags & PG_TASK) ||
		    !m->tmap.val[i] || m->tmap.val[i] > m->nr_tasks)
			return mm_fail(err, errlen, "task map entry %u is invalid", i);
	}
	if (filled != m->tmap.n)
		return mm_fail(err, errlen, "the task map says %u entries but holds %u",
				m->tmap.n, filled);
	return mm_check(m, err, errlen);
}

struct machine *
mm_load(const void *buf, size_t len, size_t *used, char *err, size_t errlen)
{
	struct reader r = { buf, len, 0, false, "the header" };
	struct machine_config cfg;
	struct machine *m = NULL, *fresh = NULL;
	uint32_t version = 0, bom = 0;
	uint64_t fp = 0;
	char magic[4];
	char cerr[200];
	uint8_t b;

	if (!get(&r, magic, 4, "the header") || memcmp(magic, IMAGE_MAGIC, 4) != 0) {
		if (!r.short_read)
			mm_fail(err, errlen, "not a buddyscope machine image");
		goto bad;
	}
	if (!get(&r, &version, sizeof(version), "the header") ||
	    !get(&r, &bom, sizeof(bom), "the header") ||
	    !get(&r, &fp, sizeof(fp), "the header"))
		goto bad;
	if (version != MM_IMAGE_VERSION) {
		mm_fail(err, errlen, "machine image version %u, this build reads "
			 "version %u", version, MM_IMAGE_VERSION);
		goto bad;
	}
	if (bom != BYTE_ORDER_MARK || fp != layout_fingerprint()) {
		mm_fail(err, errlen, "the machine image was written by a build with "
			 "another byte order or layout");
		goto bad;
	}
	if (!get(&r, &cfg, sizeof(cfg), "the machine config"))
		goto bad;
	/* Before building anything: the pages the config spans need 10
	 * bytes each in the image, so a config bigger than the bytes left
	 * is a truncated or forged image, not a reason to allocate. */
	{
		uint64_t pages = 0;

		for (unsigned i = 0; i < cfg.nr_zones && i < MM_MAX_ZONES; i++)
			pages += cfg.zones[i].spanned < UINT32_MAX ? cfg.zones[i].spanned
								   : UINT32_MAX;
		if (cfg.nr_zones > MM_MAX_ZONES || pages > (r.len - r.off) / 10) {
			r.short_read = cfg.nr_zones <= MM_MAX_ZONES;
			r.what = "the page arrays";
			if (!r.short_read)
				mm_fail(err, errlen, "the machine config is invalid: "
					 "%u zones", cfg.nr_zones);
			goto bad;
		}
	}
	fresh = mm_create(&cfg, cerr, sizeof(cerr));
	if (!fresh) {
		mm_fail(err, errlen, "the machine config is invalid: %s", cerr);
		goto bad;
	}
	m = mm_create(&cfg, cerr, sizeof(cerr));
	if (!m) {
		mm_fail(err, errlen, "%s", cerr);
		goto bad;
	}
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct per_cpu_pages *pcp = m->zones[i].pcp;

		if (!get(&r, &m->zones[i], sizeof(m->zones[i]), "the zones")) {
			m->zones[i].pcp = pcp;
			goto bad;
		}
		m->zones[i].pcp = pcp;
	}
	for (unsigned i = 0; i < m->nr_zones; i++)
		if (!get(&r, m->zones[i].pcp, m->cfg.nr_cpus * sizeof(*m->zones[i].pcp),
			 "the per-CPU lists"))
			goto bad;
	if (!get(&r, m->links, ((size_t)m->nr_pages + m->nr_sentinels) *
		 sizeof(*m->links), "the list links") ||
	    !get(&r, m->page, (size_t)m->nr_pages * sizeof(*m->page),
		 "the page flags and orders") ||
	    !get(&r, m->pageblock, m->nr_pageblocks, "the pageblocks") ||
	    !get(&r, &m->sysctl, sizeof(m->sysctl), "the sysctls") ||
	    !get(&r, &m->user_min_free_kbytes, sizeof(m->user_min_free_kbytes),
		 "the sysctls") ||
	    !get(&r, &m->vmstat, sizeof(m->vmstat), "the counters") ||
	    !get(&r, &b, 1, "the daemons"))
		goto bad;
	m->pcp_on = b != 0;
	if (!get(&r, &b, 1, "the daemons"))
		goto bad;
	m->kswapd_awake = b != 0;
	if (!get(&r, &m->kswapd_order, sizeof(m->kswapd_order), "the daemons") ||
	    !get(&r, &m->swap_total, sizeof(m->swap_total), "swap") ||
	    !get(&r, &m->swap_used, sizeof(m->swap_used), "swap") ||
	    !get(&r, &m->kswapd, sizeof(m->kswapd), "the daemons") ||
	    !get(&r, &m->proactive_defer, sizeof(m->proactive_defer), "the daemons") ||
	    !get(&r, &m->nr_tasks, sizeof(m->nr_tasks), "the tasks") ||
	    !get(&r, &m->task_cap, sizeof(m->task_cap), "the tasks"))
		goto bad;
	if (m->task_cap > IMAGE_MAX_TASKS || m->nr_tasks > m->task_cap) {
		mm_fail(err, errlen, "%u tasks in a table of %u", m->nr_tasks,
			 m->task_cap);
		m->nr_tasks = m->task_cap = 0;
		goto bad;
	}
	if (m->task_cap) {
		m->tasks = calloc(m->task_cap, sizeof(*m->tasks));
		if (!m->tasks) {
			m->task_cap = 0;
			mm_fail(err, errlen, "out of memory");
			goto bad;
		}
		if (!get(&r, m->tasks, m->task_cap * sizeof(*m->tasks), "the tasks"))
			goto bad;
	}
	if (!get(&r, &m->tmap.cap, sizeof(m->tmap.cap), "the task map") ||
	    !get(&r, &m->tmap.n, sizeof(m->tmap.n), "the task map")) {
		m->tmap.cap = m->tmap.n = 0;
		goto bad;
	}
	if (m->tmap.cap > 2u * m->nr_pages + 2 || (m->tmap.cap & (m->tmap.cap - 1))) {
		mm_fail(err, errlen, "the task map's size %u is invalid", m->tmap.cap);
		m->tmap.cap = m->tmap.n = 0;
		goto bad;
	}
	if (m->tmap.cap) {
		m->tmap.key = calloc(m->tmap.cap, sizeof(*m->tmap.key));
		m->tmap.val = calloc(m->tmap.cap, sizeof(*m->tmap.val));
		if (!m->tmap.key || !m->tmap.val) {
			mm_fail(err, errlen, "out of memory");
			goto bad;
		}
		if (!get(&r, m->tmap.key, m->tmap.cap * sizeof(*m->tmap.key),
			 "the task map") ||
		    !get(&r, m->tmap.val, m->tmap.cap * sizeof(*m->tmap.val),
			 "the task map"))
			goto bad;
	}
	if (!get(&r, m->history, sizeof(m->history), "the history") ||
	    !get(&r, &m->history_seq, sizeof(m->history_seq), "the history") ||
	    !get(&r, magic, 4, "the end mark"))
		goto bad;
	if (memcmp(magic, IMAGE_END, 4) != 0) {
		mm_fail(err, errlen, "the machine image does not end where it should");
		goto bad;
	}
	if (!check_state(m, fresh, cerr, sizeof(cerr))) {
		mm_fail(err, errlen, "inconsistent machine state: %s", cerr);
		goto bad;
	}
	mm_destroy(fresh);
	if (used)
		*used = r.off;
	return m;
bad:
	if (r.short_read)
		mm_fail(err, errlen, "the machine image is truncated (in %s)", r.what);
	mm_destroy(fresh);
	mm_destroy(m);
	return NULL;
}
