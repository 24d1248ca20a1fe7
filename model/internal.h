/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - the model's private data layout.  Only model/ includes it.
 *
 * Pages are numbered by their index idx = pfn - machine start_pfn.  Each
 * page costs 10 bytes:
 *
 *   links[idx]        8 bytes  next/prev list links (free heads, pcp pages)
 *   page[idx].flags   1 byte   PG_buddy | PG_head | PG_pcp | PG_hole + type
 *   page[idx].order   1 byte   order of the block this page heads
 *
 * A page's flags and order sit side by side: every test of a page
 * (page_is_buddy, the scanners) reads both, and with one cache line
 * instead of two a random free or allocation misses less.
 *
 * Every list is circular and doubly linked through `links`.  The list
 * heads are extra entries after the last page (sentinels), one per
 * zone x order x migratetype free list and one per per-CPU list, so
 * list_del() needs no list pointer, exactly as the kernel's list_head:
 *
 *   links: [ page 0 | page 1 | ... | page N-1 | sentinels ... ]
 *                        ^  next/prev              |
 *                        +-------------------------+
 *
 *   zone->free_area[order].free_list[mt]  = sentinel index
 *
 *       free_list[MOVABLE] of order 2:  S <-> 0x1004 <-> 0x2010 <-> S
 *       (0x1004 has PG_buddy, order 2, type MOVABLE in flags)
 *
 * Only the first page of a block carries state: a free block's head has
 * PG_buddy and the free list's type; an allocated block's head has PG_head
 * and the owner kind; the other pages of both have flags 0.  Pages in holes
 * have PG_hole.  A page on a per-CPU list has PG_pcp (and the pcp list's
 * type) and is not PG_buddy: it is free but not counted in NR_FREE_PAGES.
 *
 * Pageblocks are one byte each: the migratetype in the low 3 bits and the
 * compaction skip hint (PB_migrate_skip) in bit 3.
 *
 * Each zone keeps, per migratetype, a bitmask of the orders whose list is
 * non-empty, so searches and the high-order watermark test never walk an
 * empty list, and their union over the types (free_mask), so a request
 * no list can serve fails without looking at the lists at all.
 */
#ifndef BUDDYSCOPE_INTERNAL_H
#define BUDDYSCOPE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "compaction.h"
#include "mm.h"
#include "reclaim.h"

#define NIL UINT32_MAX

/* For the few functions of the per-page paths (the allocation and free
 * paths, merging, compaction's loops) that gcc -O2 would leave out of
 * line because they have several callers. */
#define HOT_INLINE inline __attribute__((always_inline))

#define PG_BUDDY	0x01
#define PG_HEAD		0x02
#define PG_PCP		0x04
#define PG_HOLE		0x08
#define PG_TYPE_SHIFT	4
#define PG_TYPE_MASK	0x70
#define PG_TASK		0x80	/* allocated head with a task map entry */

#define PB_MT_MASK	0x07
#define PB_SKIP		0x08

#define PAGE_ALLOC_COSTLY_ORDER 3
#define SWAP_CLUSTER_MAX 32
#define NR_PCP_LISTS_MAX (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1) + 2)
/* Indices of zone->_watermark[] (enum zone_watermarks). */
enum zone_watermarks {
	WMARK_IDX_MIN,
	WMARK_IDX_LOW,
	WMARK_IDX_HIGH,
	WMARK_IDX_PROMO,
	NR_WMARK,
};

#define ZONE_BOOSTED_WATERMARK 0x1
#define ZONE_BELOW_HIGH 0x2

struct page_link {
	uint32_t next;
	uint32_t prev;
};

/* The rest of a page's state (the layout above). */
struct page_state {
	uint8_t flags;
	uint8_t order;
};

struct free_area {
	uint32_t free_list[MIGRATE_TYPES];	/* sentinel indices */
	unsigned long nr_free;			/* blocks, all types */
	unsigned long nr_free_mt[MIGRATE_TYPES];
};

/* struct per_cpu_pages */
struct per_cpu_pages {
	int count;		/* pages (not blocks) on the lists */
	int high, high_min, high_max;
	int batch;
	int alloc_factor;
	int free_count;
	uint32_t lists[NR_PCP_LISTS_MAX];	/* sentinel indices */
};

struct zone {
	enum zone_type type;
	uint64_t start_pfn;		/* absolute PFN */
	uint64_t spanned, present, managed;
	uint32_t start_idx, end_idx;	/* page index range [start, end) */
	unsigned long _watermark[4];	/* MIN, LOW, HIGH, PROMO */
	unsigned long watermark_boost;
	long lowmem_reserve[MM_MAX_ZONES];
	long free_pages_mt[MIGRATE_TYPES];	/* pages on each type's lists */
	long nr_free_pages;		/* NR_FREE_PAGES: all but ISOLATE */
	long nr_reserved_highatomic;
	unsigned flags;			/* ZONE_BOOSTED_WATERMARK, ... */
	uint32_t order_mask[MIGRATE_TYPES];	/* bit o: list of order o non-empty */
	uint32_t free_mask;		/* bit o: free_area[o].nr_free != 0 */
	struct free_area free_area[MM_MAX_ORDER_LIMIT + 1];
	struct per_cpu_pages *pcp;	/* nr_cpus entries */
	/* reclaim: pages on the node LRUs that live in this zone */
	long nr_lru[NR_LRU_KINDS];
	long nr_dirty;
	/* compaction (struct zone's compact_* fields) */
	uint64_t compact_cached_free_pfn;
	uint64_t compact_cached_migrate_pfn[2];	/* [async, sync] */
	unsigned compact_considered, compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;
};

/* The open-addressing map from an allocated head to its task. */
struct task_map {
	uint32_t *key;		/* idx + 1; 0 = empty */
	uint16_t *val;
	uint32_t cap, n;	/* cap is a power of two (or 0) */
};

struct mm_task {
	char name[MM_TASK_NAME];
	int pid;
	long pages[NR_OWNERS];
	long swapents;
	bool killed;
};

/* kswapd's balance_pgdat() as a resumable state. */
struct kswapd_state {
	int highest_zoneidx;
	int priority;
	unsigned long pass_target, pass_reclaimed;
	unsigned long pass_scanned, pass_budget;
	bool may_writepage, may_swap;
	unsigned long boost_left;
	bool boosted;
	bool in_pass;
	unsigned long reclaimed;
	int failures;
	bool kcompactd_woken;
	int kcompactd_order, kcompactd_highest_zoneidx;
};

struct capture_control {
	int zone;
	unsigned order;
	enum migratetype mt;
	uint32_t page;		/* NIL until captured */
};

struct compact_control;

/*
 * What mm_alloc_pages() derives from a request before it looks at any
 * zone: pure functions of the request's fields and of the machine's fixed
 * configuration (era, zone types present, CMA, mobility grouping), kept
 * for the last request shape that decoded without an error.
 */
struct alloc_decode {
	bool valid;
	/* the key: the request's fields the decoding reads */
	gfp_t gfp;
	enum alloc_ctx ctx;
	int zone;
	bool owner_set;
	enum page_owner owner;
	/* the decoding */
	int highest_zoneidx, preferred_zone;
	struct zone *pref_z;		/* &zones[preferred_zone] (mm_clone()
					 * drops the decoding with it) */
	enum migratetype migratetype;
	enum page_owner ac_owner;
	unsigned fast_flags;		/* the fast path's alloc_flags */
	gfp_t slow_gfp;			/* 4.19 strips __GFP_ATOMIC */
	unsigned slow_flags[2];		/* gfp_to_alloc_flags(), [order != 0] */
	unsigned pfmemalloc_flags;	/* gfp_pfmemalloc_flags() */
	bool can_direct_reclaim;
	bool nowait;			/* neither reclaim nor pfmemalloc */
	bool own_plain;			/* the own-list test is only the lists' */
	int ridx;			/* the lowmem_reserve index (reserve_idx) */
};

struct machine {
	struct machine_config cfg;
	const struct era_rules *era;
	unsigned max_order;		/* MAX_PAGE_ORDER */
	unsigned pageblock_order;
	uint32_t pcp_orders;		/* pcp_allowed_order() as a mask */
	unsigned merge_limit;		/* __free_one_page()'s first merge bound */
	uint32_t pageblock_nr_pages;
	uint64_t start_pfn;
	uint32_t nr_pages;		/* pages indexed (spans all zones) */
	uint32_t nr_sentinels;
	unsigned nr_zones;
	struct zone zones[MM_MAX_ZONES];
	struct zone *largest_z;		/* the most spanned pages (page_zone) */
	bool have_dma32, have_highmem, have_cma;
	bool group_by_mobility;		/* !page_group_by_mobility_disabled */
	/* Zone index of each zone type (-1: not configured), and for each
	 * highest_zoneidx the first populated zone at or below it. */
	int type_to_idx[NR_ZONE_TYPES];
	int preferred[MM_MAX_ZONES];
	bool pcp_on;
	bool kswapd_awake;
	int kswapd_order;

	struct page_link *links;	/* nr_pages + nr_sentinels */
	struct page_state *page;	/* nr_pages */
	uint8_t *pageblock;		/* one per pageblock of the index space */
	uint32_t nr_pageblocks;

	struct mm_sysctl sysctl;
	long user_min_free_kbytes;	/* -1 until written */
	struct mm_vmstat vmstat;

	mm_event_fn listener;
	void *listener_data;

	/* reclaim.h: LRU sentinels, tasks, swap, kswapd */
	uint32_t lru_head[NR_LRU_KINDS];
	struct task_map tmap;
	struct mm_task *tasks;		/* tasks[0] unused */
	unsigned nr_tasks, task_cap;
	unsigned long swap_total, swap_used;
	struct kswapd_state kswapd;
	/* compaction.h */
	uint32_t cc_free_head;		/* max_order+1 sentinels: cc->freepages */
	struct compact_control *cc;	/* the stepped compaction, if any */
	struct capture_control *capc;	/* a direct compactor's capture */
	unsigned proactive_defer;
	struct mm_sample history[MM_HISTORY];
	uint64_t history_seq;
	struct alloc_decode adec;	/* alloc.c: the last request decoded */
};

/* ---- helpers shared across the model's files ---- */

static inline uint32_t
pfn_to_idx(const struct machine *m, uint64_t pfn)
{
	return (uint32_t)(pfn - m->start_pfn);
}

static inline uint64_t
idx_to_pfn(const struct machine *m, uint32_t idx)
{
	return m->start_pfn + idx;
}

static inline enum migratetype
page_type(const struct machine *m, uint32_t idx)
{
	return (enum migratetype)((m->page[idx].flags & PG_TYPE_MASK) >> PG_TYPE_SHIFT);
}

static inline void
set_page_flags(struct machine *m, uint32_t idx, uint8_t f, unsigned type)
{
	m->page[idx].flags = (uint8_t)(f | (type << PG_TYPE_SHIFT));
}

/* get_pageblock_migratetype() of a page index. */
static inline enum migratetype
pageblock_mt(const struct machine *m, uint32_t idx)
{
	return (enum migratetype)(m->pageblock[(idx + (uint32_t)(m->start_pfn &
		(m->pageblock_nr_pages - 1))) >> m->pageblock_order] & PB_MT_MASK);
}

uint8_t *pageblock_byte(struct machine *m, uint32_t idx);

static inline bool
mm_has_listener(const struct machine *m)
{
	return __builtin_expect(m->listener != NULL, 0);
}

/* Send an event (fills zone -1 and PFN_NONE defaults done by ev_init). */
void ev_init(struct mm_event *ev, enum mm_event_type type);
void ev_emit(struct machine *m, struct mm_event *ev);

/* buddy.c */
void list_init(struct machine *m, uint32_t head);

static inline bool
list_empty_idx(const struct machine *m, uint32_t head)
{
	return m->links[head].next == head;
}

/* list_add() / list_add_tail() and list_del() on m->links. */
static inline void
list_add_idx(struct machine *m, uint32_t idx, uint32_t head, bool tail)
{
	struct page_link *l = m->links;

	if (tail) {
		uint32_t prev = l[head].prev;

		l[idx].next = head;
		l[idx].prev = prev;
		l[prev].next = idx;
		l[head].prev = idx;
	} else {
		uint32_t next = l[head].next;

		l[idx].next = next;
		l[idx].prev = head;
		l[next].prev = idx;
		l[head].next = idx;
	}
}

static inline void
list_del_idx(struct machine *m, uint32_t idx)
{
	struct page_link *l = m->links;
	uint32_t next = l[idx].next, prev = l[idx].prev;

	l[prev].next = next;
	l[next].prev = prev;
}

/*
 * Free-list bookkeeping (__add_to_free_list, __del_page_from_free_list,
 * account_freepages).  A free block's pages are counted per migratetype
 * of the list it is on; NR_FREE_PAGES is their sum minus ISOLATE.  Inline:
 * every allocation, free, merge, split and compaction step runs them.
 */
static inline void
add_to_free_list(struct machine *m, struct zone *z, uint32_t idx,
		 unsigned order, enum migratetype mt, bool tail)
{
	struct free_area *area = &z->free_area[order];

	set_page_flags(m, idx, PG_BUDDY, mt);
	m->page[idx].order = (uint8_t)order;
	list_add_idx(m, idx, area->free_list[mt], tail);
	area->nr_free++;
	area->nr_free_mt[mt]++;
	z->free_mask |= 1u << order;
	z->order_mask[mt] |= 1u << order;
	z->free_pages_mt[mt] += 1L << order;
	if (mt != MIGRATE_ISOLATE)
		z->nr_free_pages += 1L << order;
}

/* __del_page_from_free_list(): the caller knows the block's order and
 * the type of its list. */
static HOT_INLINE void
del_page_from_free_list(struct machine *m, struct zone *z, uint32_t idx,
			unsigned order, enum migratetype mt)
{
	struct free_area *area = &z->free_area[order];

	list_del_idx(m, idx);
	if (--area->nr_free == 0)
		z->free_mask &= ~(1u << order);
	if (--area->nr_free_mt[mt] == 0)
		z->order_mask[mt] &= ~(1u << order);
	z->free_pages_mt[mt] -= 1L << order;
	if (mt != MIGRATE_ISOLATE)
		z->nr_free_pages -= 1L << order;
	m->page[idx].flags = 0;
}

/* The same, reading them from the page. */
static inline void
del_from_free_list(struct machine *m, struct zone *z, uint32_t idx)
{
	del_page_from_free_list(m, z, idx, m->page[idx].order, page_type(m, idx));
}

/*
 * The free-list counters of blocks blocks (negative: taken off) of one
 * order and type, added at once by code that sums them on the way and
 * reads none of them meanwhile.  An order's bit in free_mask and
 * order_mask follows from the final count, as it does on the way.
 */
static inline void
free_area_count(struct zone *z, enum migratetype mt, unsigned order,
		long blocks)
{
	struct free_area *area = &z->free_area[order];
	long pages = blocks * (1L << order);

	area->nr_free += (unsigned long)blocks;
	area->nr_free_mt[mt] += (unsigned long)blocks;
	if (area->nr_free)
		z->free_mask |= 1u << order;
	else
		z->free_mask &= ~(1u << order);
	if (area->nr_free_mt[mt])
		z->order_mask[mt] |= 1u << order;
	else
		z->order_mask[mt] &= ~(1u << order);
	z->free_pages_mt[mt] += pages;
	if (mt != MIGRATE_ISOLATE)
		z->nr_free_pages += pages;
}

static inline uint32_t
first_on_list(const struct machine *m, const struct zone *z, unsigned order,
	      enum migratetype mt)
{
	uint32_t head = z->free_area[order].free_list[mt];
	uint32_t idx = m->links[head].next;

	return idx == head ? NIL : idx;
}

void emit_split(struct machine *m, struct zone *z, uint32_t idx, unsigned high,
		unsigned low, enum migratetype mt);
void emit_list_take(struct machine *m, struct zone *z, uint32_t idx,
		    unsigned order, unsigned current_order,
		    enum migratetype mt);

/*
 * expand(): the block of order `high` at idx is split down to order `low`;
 * the lower half is kept each time and the upper half goes to the head of
 * the free list of its order.
 */
static HOT_INLINE void
expand(struct machine *m, struct zone *z, uint32_t idx, unsigned low,
       unsigned high, enum migratetype mt)
{
	while (high > low) {
		high--;
		add_to_free_list(m, z, idx + (1u << high), high, mt, false);
		if (mm_has_listener(m))
			emit_split(m, z, idx, high, low, mt);
	}
}

/*
 * __rmqueue_smallest(): the smallest block of at least `order` on the
 * lists of type mt, taken from the list head and split.  The order mask
 * finds the first non-empty order without walking empty lists.
 */
static HOT_INLINE uint32_t
rmqueue_smallest(struct machine *m, struct zone *z, unsigned order,
		 enum migratetype mt)
{
	uint32_t mask = z->order_mask[mt] >> order;
	unsigned current_order;
	uint32_t idx;

	if (!mask)
		return NIL;
	current_order = order + (unsigned)__builtin_ctz(mask);
	idx = first_on_list(m, z, current_order, mt);
	del_page_from_free_list(m, z, idx, current_order, mt);
	expand(m, z, idx, order, current_order, mt);
	if (mm_has_listener(m))
		emit_list_take(m, z, idx, order, current_order, mt);
	return idx;
}

/* Print a message into err (when err and len) and return false: the
 * checks' and the image reader's way to fail (check.c). */
bool mm_fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void free_one_page(struct machine *m, struct zone *z, uint32_t idx,
		   unsigned order, bool to_tail);
void free_one_page_mt(struct machine *m, struct zone *z, uint32_t idx,
		      unsigned order, enum migratetype mt, bool to_tail);
uint32_t rmqueue(struct machine *m, struct zone *z, unsigned order,
		 unsigned alloc_flags, enum migratetype mt, unsigned cpu);
void free_unref_page(struct machine *m, struct zone *z, uint32_t idx,
		     unsigned order, unsigned cpu);
/*
 * free_unref_page() of CPU 0 for each block idxs[0..n) in turn (their
 * order read from the page), per-CPU lists off, no listener, no capture:
 * compaction's old copies (buddy.c).  fs holds the free-list counts on
 * the way; it is zero before and after each call (kept by the caller so
 * a call need not clear it).
 */
struct free_sums {
	uint32_t orders[MIGRATE_TYPES];		/* bit o: blocks[t][o] moved */
	long blocks[MIGRATE_TYPES][MM_MAX_ORDER_LIMIT + 1];
};
void free_unref_pages_compacted(struct machine *m, struct zone *z,
				const uint32_t *idxs, unsigned n,
				struct free_sums *fs);
void pcp_setup(struct machine *m, struct zone *z);
void pcp_drain_zone(struct machine *m, struct zone *z);

/* pcp_allowed_order(): the orders the per-CPU lists serve, as the mask
 * pcp_orders_of() computes once per machine. */
static inline uint32_t
pcp_orders_of(const struct machine *m)
{
	if (!m->era->pcp_high_orders)
		return 1u;
	return ((1u << (PAGE_ALLOC_COSTLY_ORDER + 1)) - 1) |
	       (1u << m->pageblock_order);
}

static inline bool
pcp_allowed_order(const struct machine *m, unsigned order)
{
	return (m->pcp_orders >> order) & 1;
}

void reserve_highatomic_pageblock(struct machine *m, struct zone *z,
				  uint32_t idx, unsigned order);
void set_pageblock_migratetype(struct machine *m, struct zone *z,
			       uint32_t idx, enum migratetype mt);

/* zone_spans_pfn() on page indices (an empty zone spans none). */
static inline bool
zone_spans_idx(const struct zone *z, uint32_t idx)
{
	return idx - z->start_idx < z->end_idx - z->start_idx;
}

/* The zone that holds page index idx, -1 for none (zones do not overlap).
 * The largest zone, where most pages are, is asked first. */
static inline int
zone_of_idx(const struct machine *m, uint32_t idx)
{
	if (zone_spans_idx(m->largest_z, idx))
		return (int)(m->largest_z - m->zones);
	for (unsigned i = 0; i < m->nr_zones; i++)
		if (zone_spans_idx(&m->zones[i], idx))
			return (int)i;
	return -1;
}

/* page_zone() of a page that is in a zone (a block head, say).  The
 * largest zone comes as a pointer loaded from the machine, which keeps
 * the compiler from recomputing it from an index at every use. */
static inline struct zone *
page_zone(struct machine *m, uint32_t idx)
{
	if (zone_spans_idx(m->largest_z, idx))
		return m->largest_z;
	return &m->zones[zone_of_idx(m, idx)];
}

/* vmscan.c: the owner bookkeeping of allocated blocks */
void task_attach(struct machine *m, uint32_t idx, unsigned order,
		 enum page_owner owner, int task);
void task_detach(struct machine *m, uint32_t idx);
void emit_free_event(struct machine *m, struct zone *z, uint32_t idx,
		     enum free_cause cause);

/* The LRU list an owner kind lives on, -1 for none. */
static inline int
lru_of_owner(enum page_owner o)
{
	switch (o) {
	case OWNER_PAGECACHE:
	case OWNER_PAGECACHE_DIRTY:
		return LRU_FILE;
	case OWNER_ANON:
		return LRU_ANON;
	case OWNER_SLAB:
		return LRU_SLAB;
	default:
		return -1;
	}
}

/*
 * Make idx the head of an allocated block of owner (and task): PG_head,
 * its order, the newest end of its LRU list (lru_cache_add), the task's
 * counters.  unaccount_allocated_block() undoes it and clears the flags.
 */
static inline void
account_allocated_block(struct machine *m, struct zone *z, uint32_t idx,
			unsigned order, enum page_owner owner, int task)
{
	int lru = lru_of_owner(owner);

	set_page_flags(m, idx, PG_HEAD, owner);
	m->page[idx].order = (uint8_t)order;
	if (lru >= 0) {
		list_add_idx(m, idx, m->lru_head[lru], false);
		z->nr_lru[lru] += 1L << order;
		if (owner == OWNER_PAGECACHE_DIRTY)
			z->nr_dirty += 1L << order;
	}
	if (task > 0)
		task_attach(m, idx, order, owner, task);
}

static inline void
unaccount_allocated_block(struct machine *m, struct zone *z, uint32_t idx)
{
	enum page_owner owner = (enum page_owner)page_type(m, idx);
	int lru = lru_of_owner(owner);

	if (lru >= 0) {
		list_del_idx(m, idx);
		z->nr_lru[lru] -= 1L << m->page[idx].order;
		if (owner == OWNER_PAGECACHE_DIRTY)
			z->nr_dirty -= 1L << m->page[idx].order;
	}
	if (m->page[idx].flags & PG_TASK)
		task_detach(m, idx);
	m->page[idx].flags = 0;
}

/* The common end of every free: the event, the owner's bookkeeping and
 * free_unref_page() (through the per-CPU lists when they are on). */
void free_allocated_block(struct machine *m, struct zone *z, uint32_t idx,
			  enum free_cause cause);

/* vmscan.c */
int task_of_mapped(const struct machine *m, uint32_t idx);

/* The task an allocated head belongs to, 0 for none (the map is looked up
 * only for heads with PG_TASK). */
static inline int
task_of(const struct machine *m, uint32_t idx)
{
	return m->page[idx].flags & PG_TASK ? task_of_mapped(m, idx) : 0;
}
bool task_map_clone(struct task_map *dst, const struct task_map *src);
void task_map_free(struct task_map *t);
bool pgdat_balanced(struct machine *m, unsigned order, int highest_zoneidx);
void shrink_node(struct machine *m, int reclaim_idx, unsigned long nr_to_reclaim,
		 unsigned long scan_limit, bool is_kswapd, bool may_writepage,
		 bool may_swap, int priority, struct reclaim_result *res);
void direct_reclaim_for(struct machine *m, unsigned order, int highest_zoneidx,
			struct reclaim_result *res);
void wakeup_kcompactd(struct machine *m, int order, int highest_zoneidx);
void reset_isolation_suitable(struct machine *m);

/* compaction.c */
bool migratable_owner(enum page_owner o);
enum compact_result try_to_compact_pages(struct machine *m, gfp_t gfp,
					 unsigned order, unsigned alloc_flags,
					 int highest_zoneidx,
					 enum migratetype mt,
					 enum compact_priority prio,
					 uint32_t *captured, int *captured_zone);
void compaction_defer_reset(struct machine *m, struct zone *z, int order,
			    bool alloc_success);
bool compaction_zonelist_suitable(struct machine *m, unsigned order,
				  int highest_zoneidx);
int find_suitable_fallback(const struct machine *m, const struct zone *z,
			   unsigned order, enum migratetype start_mt,
			   bool only_stealable, bool *can_steal);
bool compaction_capture(struct machine *m, struct zone *z, uint32_t idx,
			unsigned order, enum migratetype mt);

static inline long
zone_free_pages(const struct zone *z)
{
	return z->nr_free_pages;
}

static inline bool
populated_zone(const struct zone *z)
{
	return z->present > 0;
}

void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);

/* alloc.c */
static inline unsigned long
wmark_pages(const struct zone *z, int i)
{
	return z->_watermark[i] + z->watermark_boost;
}
/* free - unusable - (reduced min + lowmem_reserve) of an order-0
 * __zone_watermark_ok: the check passes while this is > 0. */
long zone_wmark_slack(struct machine *m, struct zone *z, unsigned long mark,
		      int highest_zoneidx, unsigned alloc_flags);
bool zone_wmark_ok_free(struct machine *m, struct zone *z, unsigned order,
			unsigned long mark, int highest_zoneidx,
			unsigned alloc_flags, long free);
void wakeup_kswapd(struct machine *m, struct zone *z, gfp_t gfp,
		   unsigned order, int highest_zoneidx);

#endif
