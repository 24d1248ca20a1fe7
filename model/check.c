/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - the invariant checker and the state hash.
 *
 * mm_check() plays the role of CONFIG_DEBUG_VM: it re-derives everything
 * the allocator keeps incrementally (list membership, nr_free, the zone
 * free counters, the order masks, the per-CPU counts) from the page array
 * and reports the first disagreement, plus the rules the kernel keeps
 * implicitly: blocks aligned and inside one zone, every page in exactly
 * one block, no two free buddies left unmerged where the kernel would
 * have merged them, and (6.10+) free pages on the lists of their
 * pageblock's type; the LRU lists, their counters and the task map
 * agree with the allocated blocks.  mm_state_hash() digests the same state, list order
 * included, for determinism tests and save/load checks.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool
mm_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Walk one circular list; count blocks and pages, check every node. */
static bool
check_list(const struct machine *m, const struct zone *z, unsigned zi,
	   uint32_t head, unsigned order, int mt, bool pcp,
	   unsigned long *blocks, long *pages, char *err, size_t len)
{
	uint32_t prev = head, idx = m->links[head].next;
	uint64_t guard = 0;

	*blocks = 0;
	*pages = 0;
	while (idx != head) {
		uint64_t pfn;

		if (idx >= m->nr_pages)
			return mm_fail(err, len, "zone %u: list of order %u type %d "
				    "links to index %u outside the pages", zi,
				    order, mt, idx);
		if (m->links[idx].prev != prev)
			return mm_fail(err, len, "zone %u: broken prev link at PFN 0x%llx",
				    zi, (unsigned long long)idx_to_pfn(m, idx));
		if (++guard > m->nr_pages)
			return mm_fail(err, len, "zone %u: list of order %u type %d loops",
				    zi, order, mt);
		pfn = idx_to_pfn(m, idx);
		if (idx < z->start_idx || idx >= z->end_idx)
			return mm_fail(err, len, "PFN 0x%llx on a list of zone %u lies "
				    "outside it", (unsigned long long)pfn, zi);
		if (pcp) {
			if (!(m->page[idx].flags & PG_PCP))
				return mm_fail(err, len, "PFN 0x%llx on a per-CPU list is "
					    "not marked PCP", (unsigned long long)pfn);
		} else {
			if (!(m->page[idx].flags & PG_BUDDY))
				return mm_fail(err, len, "PFN 0x%llx on a free list is "
					    "not PageBuddy", (unsigned long long)pfn);
			if (m->page[idx].order != order)
				return mm_fail(err, len, "PFN 0x%llx has order %u on the "
					    "order-%u list", (unsigned long long)pfn,
					    m->page[idx].order, order);
			if ((int)page_type(m, idx) != mt)
				return mm_fail(err, len, "PFN 0x%llx on the %s list says "
					    "type %s", (unsigned long long)pfn,
					    migratetype_name((enum migratetype)mt),
					    migratetype_name(page_type(m, idx)));
		}
		(*blocks)++;
		*pages += 1L << m->page[idx].order;
		prev = idx;
		idx = m->links[idx].next;
	}
	if (m->links[head].prev != prev)
		return mm_fail(err, len, "zone %u: list head's prev link is wrong", zi);
	return true;
}

static bool
check_lists(const struct machine *m, char *err, size_t len)
{
	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		const struct zone *z = &m->zones[zi];
		long mt_pages[MIGRATE_TYPES] = { 0 };

		for (unsigned o = 0; o <= m->max_order; o++) {
			const struct free_area *area = &z->free_area[o];
			unsigned long total = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				unsigned long blocks;
				long pages;
				bool nonempty;

				if (!check_list(m, z, zi, area->free_list[mt], o, mt,
						false, &blocks, &pages, err, len))
					return false;
				if (blocks != area->nr_free_mt[mt])
					return mm_fail(err, len, "zone %u order %u %s: "
						    "%lu blocks listed, count says %lu",
						    zi, o, migratetype_name((enum migratetype)mt),
						    blocks, area->nr_free_mt[mt]);
				nonempty = (z->order_mask[mt] >> o) & 1;
				if (nonempty != (blocks > 0))
					return mm_fail(err, len, "zone %u order %u %s: order "
						    "mask disagrees with the list", zi, o,
						    migratetype_name((enum migratetype)mt));
				total += blocks;
				mt_pages[mt] += pages;
			}
			if (total != area->nr_free)
				return mm_fail(err, len, "zone %u order %u: nr_free %lu but "
					    "%lu blocks listed", zi, o, area->nr_free,
					    total);
			if (((z->free_mask >> o) & 1) != (total > 0))
				return mm_fail(err, len, "zone %u order %u: free mask "
					    "disagrees with the lists", zi, o);
		}
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (mt_pages[mt] != z->free_pages_mt[mt])
				return mm_fail(err, len, "zone %u: %ld free %s pages listed, "
					    "counter says %ld", zi, mt_pages[mt],
					    migratetype_name((enum migratetype)mt),
					    z->free_pages_mt[mt]);
		for (unsigned c = 0; c < m->cfg.nr_cpus; c++) {
			const struct per_cpu_pages *pcp = &z->pcp[c];
			unsigned nl = m->era->pcp_high_orders ? NR_PCP_LISTS_MAX
							      : MIGRATE_PCPTYPES;
			long count = 0;

			for (unsigned l = 0; l < nl; l++) {
				unsigned long blocks;
				long pages;

				if (!check_list(m, z, zi, pcp->lists[l], 0, -1, true,
						&blocks, &pages, err, len))
					return false;
				count += pages;
			}
			if (count != pcp->count)
				return mm_fail(err, len, "zone %u cpu %u: %ld per-CPU pages "
					    "listed, count says %d", zi, c, count,
					    pcp->count);
		}
	}
	return true;
}

/* Would the kernel have merged this free block with its buddy? */
static bool
should_have_merged(const struct machine *m, const struct zone *z, uint32_t idx)
{
	unsigned order = m->page[idx].order;
	uint64_t pfn = idx_to_pfn(m, idx);
	uint64_t bpfn = pfn ^ (1ull << order);
	uint32_t b;
	enum migratetype mt, bmt;

	if (order >= m->max_order || bpfn < m->start_pfn)
		return false;
	b = pfn_to_idx(m, bpfn);
	if (b < z->start_idx || b >= z->end_idx)
		return false;
	if (!(m->page[b].flags & PG_BUDDY) || m->page[b].order != order)
		return false;
	if (order < m->pageblock_order)
		return true;
	mt = pageblock_mt(m, idx);
	bmt = pageblock_mt(m, b);
	if (m->era->merge_mergeable_types)
		return mt == bmt || (mt < MIGRATE_PCPTYPES && bmt < MIGRATE_PCPTYPES);
	return !(mt != bmt && (mt == MIGRATE_ISOLATE || bmt == MIGRATE_ISOLATE));
}

/* Counts check_pages() gathers for check_lru(). */
struct owner_counts {
	unsigned long lru_blocks;
	unsigned long task_blocks;
	long task_pages[NR_OWNERS];	/* summed over tasks */
};

/* The heads of the free blocks a stepped compaction holds isolated
 * (on cc->freepages, off the buddy lists), as a map; NULL if none. */
static uint8_t *
isolated_map(const struct machine *m)
{
	uint8_t *map = NULL;

	for (unsigned o = 0; o <= m->max_order; o++) {
		uint32_t head = m->cc_free_head + o;

		for (uint32_t i = m->links[head].next; i != head;
		     i = m->links[i].next) {
			if (!map)
				map = calloc(m->nr_pages, 1);
			if (!map)
				return NULL;
			if (i < m->nr_pages)
				map[i] = 1;
		}
	}
	return map;
}

static bool
check_pages(const struct machine *m, struct owner_counts *oc, char *err,
	    size_t len)
{
	uint8_t *iso = isolated_map(m);
	bool ok = false;

	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		const struct zone *z = &m->zones[zi];
		uint32_t idx = z->start_idx;

		while (idx < z->end_idx) {
			uint8_t f = m->page[idx].flags;
			uint64_t pfn = idx_to_pfn(m, idx);
			uint32_t n;

			if (f & PG_HOLE) {
				idx++;
				continue;
			}
			if (!(f & (PG_BUDDY | PG_HEAD | PG_PCP)) &&
			    !(iso && iso[idx])) {
				mm_fail(err, len, "PFN 0x%llx belongs to no block",
				     (unsigned long long)pfn);
				goto out;
			}
			if (f & PG_HEAD) {
				enum page_owner o = (enum page_owner)page_type(m, idx);

				if (lru_of_owner(o) >= 0)
					oc->lru_blocks++;
				if (f & PG_TASK) {
					oc->task_blocks++;
					oc->task_pages[o] += 1L << m->page[idx].order;
				}
			}
			if (m->page[idx].order > m->max_order)
				{ mm_fail(err, len, "PFN 0x%llx has order %u",
					    (unsigned long long)pfn, m->page[idx].order); goto out; }
			n = 1u << m->page[idx].order;
			if (pfn & (n - 1))
				{ mm_fail(err, len, "block at PFN 0x%llx is not aligned "
					    "to its order %u", (unsigned long long)pfn,
					    m->page[idx].order); goto out; }
			if ((uint64_t)idx + n > z->end_idx)
				{ mm_fail(err, len, "block at PFN 0x%llx crosses the "
					    "end of its zone", (unsigned long long)pfn); goto out; }
			for (uint32_t i = 1; i < n; i++)
				if (m->page[idx + i].flags || (iso && iso[idx + i]))
					{ mm_fail(err, len, "PFN 0x%llx inside the "
						    "block at 0x%llx has its own state",
						    (unsigned long long)(pfn + i),
						    (unsigned long long)pfn); goto out; }
			if ((f & PG_BUDDY) && should_have_merged(m, z, idx))
				{ mm_fail(err, len, "free block 0x%llx order %u and "
					    "its free buddy were not merged",
					    (unsigned long long)pfn, m->page[idx].order); goto out; }
			if ((f & PG_BUDDY) && m->era->merge_mergeable_types) {
				enum migratetype lt = page_type(m, idx);

				for (uint32_t i = 0; i < n; i += m->pageblock_nr_pages)
					if (pageblock_mt(m, idx + i) != lt)
						{ mm_fail(err, len, "free block 0x%llx is on "
							    "the %s list but its pageblock "
							    "is %s", (unsigned long long)pfn,
							    migratetype_name(lt),
							    migratetype_name(pageblock_mt(m, idx + i))); goto out; }
			}
			idx += n;
		}
	}
	ok = true;
out:
	free(iso);
	return ok;
}


/*
 * The owners' bookkeeping: every LRU list well linked, holding allocated
 * heads of its kind, every such head on one, the per-zone LRU and dirty
 * counts right; the task map holding exactly the PG_TASK heads, and the
 * tasks' page counts adding up.
 */
static bool
check_lru(const struct machine *m, const struct owner_counts *oc, char *err,
	  size_t len)
{
	long pages[MM_MAX_ZONES][NR_LRU_KINDS] = { { 0 } }, dirty[MM_MAX_ZONES] = { 0 };
	unsigned long blocks = 0;
	long tsum[NR_OWNERS] = { 0 };

	for (int l = 0; l < NR_LRU_KINDS; l++) {
		uint32_t head = m->lru_head[l], prev = head;

		for (uint32_t i = m->links[head].next; i != head;
		     prev = i, i = m->links[i].next) {
			enum page_owner o;
			int zi;

			if (i >= m->nr_pages || !(m->page[i].flags & PG_HEAD))
				return mm_fail(err, len, "the %s LRU holds index %u, "
					    "not an allocated block",
					    lru_kind_name((enum lru_kind)l), i);
			if (m->links[i].prev != prev)
				return mm_fail(err, len, "the %s LRU has a broken prev "
					    "link at PFN 0x%llx",
					    lru_kind_name((enum lru_kind)l),
					    (unsigned long long)idx_to_pfn(m, i));
			o = (enum page_owner)page_type(m, i);
			if (lru_of_owner(o) != l)
				return mm_fail(err, len, "a %s block at PFN 0x%llx is on "
					    "the %s LRU", page_owner_name(o),
					    (unsigned long long)idx_to_pfn(m, i),
					    lru_kind_name((enum lru_kind)l));
			if (++blocks > m->nr_pages)
				return mm_fail(err, len, "an LRU list loops");
			zi = zone_of_idx(m, i);
			pages[zi][l] += 1L << m->page[i].order;
			if (o == OWNER_PAGECACHE_DIRTY)
				dirty[zi] += 1L << m->page[i].order;
		}
	}
	if (blocks != oc->lru_blocks)
		return mm_fail(err, len, "%lu blocks on the LRU lists but %lu "
			    "allocated blocks of LRU kinds", blocks, oc->lru_blocks);
	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		for (int l = 0; l < NR_LRU_KINDS; l++)
			if (pages[zi][l] != m->zones[zi].nr_lru[l])
				return mm_fail(err, len, "zone %u: %ld pages on the %s "
					    "LRU but the counter says %ld", zi,
					    pages[zi][l], lru_kind_name((enum lru_kind)l),
					    m->zones[zi].nr_lru[l]);
		if (dirty[zi] != m->zones[zi].nr_dirty)
			return mm_fail(err, len, "zone %u: %ld dirty pages but the "
				    "counter says %ld", zi, dirty[zi],
				    m->zones[zi].nr_dirty);
	}
	if (oc->task_blocks != m->tmap.n)
		return mm_fail(err, len, "%lu blocks belong to tasks but the task "
			    "map holds %u", oc->task_blocks, m->tmap.n);
	for (unsigned t = 1; t <= m->nr_tasks; t++)
		for (int o = 0; o < NR_OWNERS; o++)
			tsum[o] += m->tasks[t].pages[o];
	for (int o = 0; o < NR_OWNERS; o++)
		if (tsum[o] != oc->task_pages[o])
			return mm_fail(err, len, "the tasks count %ld %s pages, the "
				    "blocks %ld", tsum[o],
				    page_owner_name((enum page_owner)o),
				    oc->task_pages[o]);
	return true;
}

/* A pageblock has pages in two populated zones. */
static bool
shared_pageblock(const struct machine *m)
{
	uint64_t mask = m->pageblock_nr_pages - 1;

	for (unsigned i = 0; i < m->nr_zones; i++) {
		const struct zone *z = &m->zones[i];
		uint64_t first = z->start_pfn & ~mask;

		if (!z->spanned || !(z->start_pfn & mask))
			continue;
		/* the pageblock of the zone's first page begins before it */
		for (unsigned k = 0; k < m->nr_zones; k++) {
			const struct zone *o = &m->zones[k];

			if (k != i && o->spanned && o->start_pfn < z->start_pfn &&
			    o->start_pfn + o->spanned > first)
				return true;
		}
	}
	return false;
}

/*
 * The pageblock types, and HighAtomic pageblocks against
 * nr_reserved_highatomic.  6.x: per zone, exactly.  4.19 merges free
 * blocks across pageblocks of any type but Isolate, and
 * steal_suitable_fallback() re-types a whole stolen block of order >=
 * pageblock_order with change_pageblock_range(), HighAtomic pageblocks
 * inside it included, without touching nr_reserved_highatomic: the
 * counter can only run ahead there.  And where a pageblock has pages in
 * two zones, 4.19's reserve_highatomic_pageblock() counts it in the zone
 * that allocated while the type is the pageblock's, and
 * unreserve_highatomic_pageblock() takes min(pageblock, count) off the
 * zone whose HighAtomic list held a page of it: the kernel's counts then
 * follow no zone's pageblocks.  What holds is the machine's sum: each
 * reserve adds a pageblock to both, each unreserve re-types one and takes
 * at most as much off the counts.
 */
static bool
check_pageblocks(const struct machine *m, char *err, size_t len)
{
	bool per_zone = m->era->merge_mergeable_types || !shared_pageblock(m);
	long machine_ha = 0, machine_reserved = 0;

	for (uint32_t pb = 0; pb < m->nr_pageblocks; pb++)
		if ((m->pageblock[pb] & PB_MT_MASK) == MIGRATE_HIGHATOMIC)
			machine_ha += m->pageblock_nr_pages;
	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		const struct zone *z = &m->zones[zi];
		long highatomic = 0;

		machine_reserved += z->nr_reserved_highatomic;
		for (uint32_t idx = z->start_idx; idx < z->end_idx;
		     idx += m->pageblock_nr_pages) {
			enum migratetype mt = pageblock_mt(m, idx);

			if (mt >= MIGRATE_TYPES || (mt == MIGRATE_CMA && !m->have_cma))
				return mm_fail(err, len, "pageblock at PFN 0x%llx has "
					    "invalid type %d",
					    (unsigned long long)idx_to_pfn(m, idx), mt);
			if (mt == MIGRATE_HIGHATOMIC)
				highatomic += m->pageblock_nr_pages;
		}
		if (per_zone && (m->era->merge_mergeable_types ?
				 highatomic != z->nr_reserved_highatomic :
				 highatomic > z->nr_reserved_highatomic))
			return mm_fail(err, len, "zone %u: %ld pages of HighAtomic "
				    "pageblocks but nr_reserved_highatomic %ld", zi,
				    highatomic, z->nr_reserved_highatomic);
	}
	if (!m->era->merge_mergeable_types && machine_ha > machine_reserved)
		return mm_fail(err, len, "%ld pages of HighAtomic pageblocks but "
			    "%ld reserved in all zones", machine_ha,
			    machine_reserved);
	return true;
}

bool
mm_check(const struct machine *m, char *err, size_t errlen)
{
	struct owner_counts oc = { 0 };

	return check_lists(m, err, errlen) && check_pages(m, &oc, err, errlen) &&
	       check_lru(m, &oc, err, errlen) && check_pageblocks(m, err, errlen);
}

/* FNV-1a, 64 bit. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t
mm_state_hash(const struct machine *m)
{
	uint64_t h = 0xcbf29ce484222325ull;

	/* flags of every page, then orders: the byte stream of the two
	 * arrays the page state once was, so hashes stay comparable */
	for (uint32_t i = 0; i < m->nr_pages; i++)
		h = fnv(h, &m->page[i].flags, 1);
	for (uint32_t i = 0; i < m->nr_pages; i++)
		h = fnv(h, &m->page[i].order, 1);
	h = fnv(h, m->pageblock, m->nr_pageblocks);
	for (unsigned zi = 0; zi < m->nr_zones; zi++) {
		const struct zone *z = &m->zones[zi];

		h = fnv(h, z->_watermark, sizeof(z->_watermark));
		h = fnv(h, &z->watermark_boost, sizeof(z->watermark_boost));
		h = fnv(h, &z->nr_reserved_highatomic,
			sizeof(z->nr_reserved_highatomic));
		for (unsigned o = 0; o <= m->max_order; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				uint32_t head = z->free_area[o].free_list[mt];

				for (uint32_t i = m->links[head].next; i != head;
				     i = m->links[i].next)
					h = fnv(h, &i, sizeof(i));
				h = fnv(h, "|", 1);
			}
		h = fnv(h, z->nr_lru, sizeof(z->nr_lru));
		for (unsigned c = 0; c < m->cfg.nr_cpus; c++) {
			unsigned nl = m->era->pcp_high_orders ? NR_PCP_LISTS_MAX
							      : MIGRATE_PCPTYPES;

			for (unsigned l = 0; l < nl; l++) {
				uint32_t head = z->pcp[c].lists[l];

				for (uint32_t i = m->links[head].next; i != head;
				     i = m->links[i].next)
					h = fnv(h, &i, sizeof(i));
				h = fnv(h, "/", 1);
			}
		}
	}
	/* the LRU lists in order: what reclaim will take next */
	for (int l = 0; l < NR_LRU_KINDS; l++) {
		uint32_t head = m->lru_head[l];

		for (uint32_t i = m->links[head].next; i != head; i = m->links[i].next)
			h = fnv(h, &i, sizeof(i));
		h = fnv(h, "#", 1);
	}
	h = fnv(h, &m->swap_used, sizeof(m->swap_used));
	return h;
}
