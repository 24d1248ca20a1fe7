/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import.c - building a machine from a real kernel's counts and page map
 * (see import.h for what is read and where it comes from).
 *
 * The machine is first made by mm_create() with the zones, holes and
 * managed pages read, then wiped (every list empty, every page stateless
 * but the holes) and filled again in three passes per zone:
 *
 *   1. free blocks are found (kpageflags: maximal aligned KPF_BUDDY runs;
 *      synthetic: placed so that no two free buddies could have merged),
 *      used pages become allocated blocks with an owner kind;
 *   2. each pageblock gets a migratetype so that the free blocks on each
 *      type's lists and the pageblocks of each type match pagetypeinfo,
 *      a block larger than a pageblock giving all its pageblocks one type
 *      (the free lists of 6.10+ hold a block on its pageblock's list);
 *   3. the free blocks are put on free_area[order].free_list[type] in
 *      ascending PFN order, as memblock_free_all() leaves them.
 *
 * The synthetic placement puts a free block of order o < MAX_PAGE_ORDER
 * in the first half of an aligned slot of 2^(o+1) pages whose second half
 * is used, so its buddy is never free; a block of pageblock order or more
 * forbids free blocks of its size in its buddy, which may only hold such
 * slots.  Used pages are order-0 allocations whose owner follows the
 * pageblock type, the lowest of them reserved (present - managed).
 */
#include "import.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KPF(b) (1ull << (b))
#define PB_UNSET 0xff
#define PB_NOBIG 0x80	/* in pbstate: no free block >= pageblock here */

static void set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static const char *
import_zone_name(enum zone_type t)
{
	static const char *const names[NR_ZONE_TYPES] = {
		"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
	};

	return (unsigned)t < NR_ZONE_TYPES ? names[t] : "?";
}

void
mm_import_init(struct mm_import *imp)
{
	memset(imp, 0, sizeof(*imp));
	for (unsigned i = 0; i < MM_MAX_ZONES; i++)
		imp->zones[i].pages_free = -1;
}

struct mm_import_zone *
mm_import_zone(struct mm_import *imp, enum zone_type type)
{
	unsigned i;

	for (i = 0; i < imp->nr_zones; i++)
		if (imp->zones[i].type == type)
			return &imp->zones[i];
	if (imp->nr_zones >= MM_MAX_ZONES)
		return NULL;
	/* keep kernel order: insert before the first higher type */
	for (i = 0; i < imp->nr_zones && imp->zones[i].type < type; i++)
		;
	memmove(&imp->zones[i + 1], &imp->zones[i],
		(imp->nr_zones - i) * sizeof(imp->zones[0]));
	memset(&imp->zones[i], 0, sizeof(imp->zones[0]));
	imp->zones[i].type = type;
	imp->zones[i].pages_free = -1;
	imp->nr_zones++;
	return &imp->zones[i];
}

/*
 * The owner kind of a used page: slab pages are reclaimable slab, LRU
 * pages anonymous or page cache (dirty when PG_dirty), memblock-reserved
 * and offline pages reserved, everything else (page tables, vmalloc,
 * kernel stacks, pages on per-CPU lists) kernel.
 */
enum page_owner
mm_import_owner(uint64_t f)
{
	if (f & (KPF(KPF_RESERVED) | KPF(KPF_NOPAGE) | KPF(KPF_OFFLINE)))
		return OWNER_RESERVED;
	if (f & KPF(KPF_SLAB))
		return OWNER_SLAB;
	if (f & KPF(KPF_LRU)) {
		if (f & KPF(KPF_ANON))
			return OWNER_ANON;
		return (f & KPF(KPF_DIRTY)) ? OWNER_PAGECACHE_DIRTY
					    : OWNER_PAGECACHE;
	}
	return OWNER_KERNEL;
}

/* ---- small helpers ------------------------------------------------------ */

struct freeblk {
	uint32_t idx;
	uint8_t order;
};

struct freevec {
	struct freeblk *v;
	size_t n, cap;
};

static bool
freevec_push(struct freevec *fv, uint32_t idx, unsigned order)
{
	if (fv->n == fv->cap) {
		size_t cap = fv->cap ? fv->cap * 2 : 1024;
		struct freeblk *v = realloc(fv->v, cap * sizeof(*v));

		if (!v)
			return false;
		fv->v = v;
		fv->cap = cap;
	}
	fv->v[fv->n].idx = idx;
	fv->v[fv->n].order = (uint8_t)order;
	fv->n++;
	return true;
}

static int
freeblk_cmp(const void *a, const void *b)
{
	const struct freeblk *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Make idx an allocated block of owner o (re-owning it if it already
 * is one): PG_head, its order, its LRU list (account_allocated_block). */
static void
set_used(struct machine *m, uint32_t idx, unsigned order, enum page_owner o)
{
	struct zone *z = &m->zones[zone_of_idx(m, idx)];

	if (m->page[idx].flags & PG_HEAD)
		unaccount_allocated_block(m, z, idx);
	account_allocated_block(m, z, idx, order, o, 0);
}

static uint64_t
kpf_at(const uint64_t *kpf, uint64_t n, uint64_t pfn)
{
	return pfn < n ? kpf[pfn] : KPF(KPF_NOPAGE);
}

/* Empty every list and counter, forget every page's state but holes. */
static void
wipe(struct machine *m)
{
	unsigned nlists = m->era->pcp_high_orders ? NR_PCP_LISTS_MAX
						  : MIGRATE_PCPTYPES;

	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];

		for (unsigned o = 0; o <= m->max_order; o++) {
			struct free_area *a = &z->free_area[o];

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				list_init(m, a->free_list[mt]);
				a->nr_free_mt[mt] = 0;
			}
			a->nr_free = 0;
		}
		memset(z->free_pages_mt, 0, sizeof(z->free_pages_mt));
		memset(z->order_mask, 0, sizeof(z->order_mask));
		z->free_mask = 0;
		z->nr_free_pages = 0;
		z->nr_reserved_highatomic = 0;
		for (unsigned c = 0; c < m->cfg.nr_cpus; c++) {
			for (unsigned l = 0; l < nlists; l++)
				list_init(m, z->pcp[c].lists[l]);
			z->pcp[c].count = 0;
		}
	}
	for (unsigned i = 0; i < m->nr_zones; i++) {
		memset(m->zones[i].nr_lru, 0, sizeof(m->zones[i].nr_lru));
		m->zones[i].nr_dirty = 0;
	}
	for (int l = 0; l < NR_LRU_KINDS; l++)
		list_init(m, m->lru_head[l]);
	for (uint32_t i = 0; i < m->nr_pages; i++) {
		if (m->page[i].flags != PG_HOLE)
			m->page[i].flags = 0;
		m->page[i].order = 0;
	}
	memset(m->pageblock, MIGRATE_MOVABLE, m->nr_pageblocks);
}

/* ---- the counts each type's lists must hold ------------------------------ */

struct targets {
	unsigned long t[MIGRATE_TYPES][MM_IMPORT_ORDERS];
	unsigned long blocks[MIGRATE_TYPES];
	bool have_blocks;
};

/*
 * Free blocks per type and order that add up to buddyinfo's totals:
 * pagetypeinfo's rows, a ">100000" cap taken as what buddyinfo leaves,
 * a difference (the two files are read at different moments) put on or
 * taken from Movable first.  Returns how many entries were adjusted.
 */
static unsigned long
make_targets(const struct mm_import_zone *iz, unsigned nr_orders,
	     struct targets *tg)
{
	unsigned long adjusted = 0;

	memset(tg, 0, sizeof(*tg));
	tg->have_blocks = iz->have_blocks;
	memcpy(tg->blocks, iz->nr_blocks, sizeof(tg->blocks));
	if (nr_orders > MM_IMPORT_ORDERS)
		nr_orders = MM_IMPORT_ORDERS;
	for (unsigned o = 0; o < nr_orders; o++) {
		unsigned long sum = 0, total;

		if (!iz->have_free_mt) {
			tg->t[MIGRATE_MOVABLE][o] = iz->nr_free[o];
			continue;
		}
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			tg->t[mt][o] = iz->nr_free_mt[mt][o];
			sum += tg->t[mt][o];
		}
		if (!iz->have_free)
			continue;
		total = iz->nr_free[o];
		/* a ">100000" cap holds what buddyinfo leaves to it */
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			if (!iz->capped[mt][o])
				continue;
			sum -= tg->t[mt][o];
			tg->t[mt][o] = sum < total ? total - sum : 0;
			sum += tg->t[mt][o];
		}
		if (sum < total) {
			tg->t[MIGRATE_MOVABLE][o] += total - sum;
			adjusted += total - sum;
		}
		for (int k = 0; k < MIGRATE_TYPES && sum > total; k++) {
			int mt = k == 0 ? MIGRATE_MOVABLE : k - (k <= MIGRATE_MOVABLE);
			unsigned long take = tg->t[mt][o] < sum - total ?
					     tg->t[mt][o] : sum - total;

			tg->t[mt][o] -= take;
			sum -= take;
			adjusted += take;
		}
	}
	return adjusted;
}

/* ---- pageblock types --------------------------------------------------- */

/* One block of pageblocks that must share a type, with its free blocks. */
struct unit {
	uint32_t pb, npb;		/* zone-relative pageblock range */
	uint32_t cnt[MM_IMPORT_ORDERS];
};

static bool
unit_fits(const struct unit *u, const unsigned long *rem, unsigned norders)
{
	bool any = false;

	for (unsigned o = 0; o < norders; o++) {
		if (u->cnt[o] > rem[o])
			return false;
		any = any || u->cnt[o];
	}
	return any;
}

/* Types in the order they pick pageblocks; Movable takes the rest. */
static const enum migratetype pick_order[] = {
	MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC,
	MIGRATE_CMA, MIGRATE_ISOLATE,
};

/*
 * Give every pageblock of the zone a type so the free blocks (sorted by
 * PFN) fall on the lists pagetypeinfo shows and the pageblock counts
 * match.  pbtype[] (one per zone pageblock) may already hold types
 * (synthetic placement); only PB_UNSET entries are chosen here.
 */
static bool
assign_pageblocks(struct machine *m, struct zone *z, const struct freevec *fv,
		  const struct targets *tg, uint8_t *pbtype, uint32_t npb)
{
	unsigned norders = m->max_order + 1;
	uint64_t zpb = z->start_pfn >> m->pageblock_order;
	struct unit *units = NULL;
	size_t nunits = 0, cap = 0;
	unsigned long rem[MIGRATE_TYPES][MM_IMPORT_ORDERS];
	unsigned long have[MIGRATE_TYPES] = { 0 };

	memcpy(rem, tg->t, sizeof(rem));
	for (size_t i = 0; i < fv->n; i++) {
		uint64_t pfn = idx_to_pfn(m, fv->v[i].idx);
		uint32_t pb = (uint32_t)((pfn >> m->pageblock_order) - zpb);
		unsigned o = fv->v[i].order;
		uint32_t n = o > m->pageblock_order ?
			     1u << (o - m->pageblock_order) : 1;

		if (!nunits || units[nunits - 1].pb + units[nunits - 1].npb <= pb) {
			if (nunits == cap) {
				size_t nc = cap ? cap * 2 : 256;
				struct unit *u = realloc(units, nc * sizeof(*u));

				if (!u) {
					free(units);
					return false;
				}
				units = u;
				cap = nc;
			}
			memset(&units[nunits], 0, sizeof(units[0]));
			units[nunits].pb = pb;
			units[nunits].npb = n;
			nunits++;
		}
		units[nunits - 1].cnt[o]++;
	}
	/* Units already typed by the caller count against their type. */
	for (size_t u = 0; u < nunits; u++) {
		uint8_t t = pbtype[units[u].pb];

		if (t == PB_UNSET)
			continue;
		for (unsigned o = 0; o < norders; o++)
			rem[t][o] -= units[u].cnt[o] < rem[t][o] ?
				     units[u].cnt[o] : rem[t][o];
	}
	for (unsigned k = 0; k < sizeof(pick_order) / sizeof(pick_order[0]); k++) {
		enum migratetype t = pick_order[k];

		if (t == MIGRATE_CMA && !m->have_cma)
			continue;
		for (size_t u = 0; u < nunits; u++) {
			if (pbtype[units[u].pb] != PB_UNSET ||
			    !unit_fits(&units[u], rem[t], norders))
				continue;
			for (uint32_t b = 0; b < units[u].npb; b++)
				pbtype[units[u].pb + b] = (uint8_t)t;
			for (unsigned o = 0; o < norders; o++)
				rem[t][o] -= units[u].cnt[o];
		}
	}
	for (size_t u = 0; u < nunits; u++)
		if (pbtype[units[u].pb] == PB_UNSET)
			for (uint32_t b = 0; b < units[u].npb; b++)
				pbtype[units[u].pb + b] = MIGRATE_MOVABLE;
	free(units);
	/* Pageblocks without free pages fill what each count still lacks. */
	for (uint32_t b = 0; b < npb; b++)
		if (pbtype[b] != PB_UNSET)
			have[pbtype[b]]++;
	if (tg->have_blocks) {
		uint32_t b = 0;

		for (unsigned k = 0; k < sizeof(pick_order) / sizeof(pick_order[0]); k++) {
			enum migratetype t = pick_order[k];

			if (t == MIGRATE_CMA && !m->have_cma)
				continue;
			while (have[t] < tg->blocks[t]) {
				while (b < npb && pbtype[b] != PB_UNSET)
					b++;
				if (b == npb)
					break;
				pbtype[b] = (uint8_t)t;
				have[t]++;
			}
		}
	}
	for (uint32_t b = 0; b < npb; b++) {
		if (pbtype[b] == PB_UNSET)
			pbtype[b] = MIGRATE_MOVABLE;
		m->pageblock[(zpb + b) - (m->start_pfn >> m->pageblock_order)] = pbtype[b];
	}
	return true;
}

/* Put the free blocks on their lists and count what differs. */
static void
place_free(struct machine *m, struct zone *z, unsigned zi,
	   const struct freevec *fv, const struct mm_import_zone *iz,
	   const struct targets *tg, struct mm_import_report *rep)
{
	unsigned long got[MIGRATE_TYPES][MM_IMPORT_ORDERS];
	unsigned norders = m->max_order + 1;

	memset(got, 0, sizeof(got));
	for (size_t i = 0; i < fv->n; i++) {
		uint32_t idx = fv->v[i].idx;
		enum migratetype mt = pageblock_mt(m, idx);

		add_to_free_list(m, z, idx, fv->v[i].order, mt, true);
		got[mt][fv->v[i].order]++;
	}
	for (unsigned o = 0; o < norders; o++) {
		unsigned long all = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long want = tg->t[mt][o];

			all += got[mt][o];
			rep->free_mt_diff[zi] += got[mt][o] > want ?
				got[mt][o] - want : want - got[mt][o];
		}
		if (iz->have_free) {
			rep->free_compared[zi] = true;
			rep->free_diff[zi] += all > iz->nr_free[o] ?
				all - iz->nr_free[o] : iz->nr_free[o] - all;
		}
	}
	for (uint32_t idx = z->start_idx; idx < z->end_idx;
	     idx += m->pageblock_nr_pages)
		if (pageblock_mt(m, idx) == MIGRATE_HIGHATOMIC)
			z->nr_reserved_highatomic += m->pageblock_nr_pages;
}

/*
 * Pageblocks per type as pagetypeinfo counts them: only those with
 * memory online (pfn_to_online_page), so not the ones that are all hole
 * or all reserved-and-unmanaged pages.
 */
static void
compare_blocks(struct machine *m, struct zone *z, unsigned zi,
	       const struct targets *tg, struct mm_import_report *rep)
{
	/* [0]: pageblocks with a page not reserved; [1]: with any page */
	unsigned long have[2][MIGRATE_TYPES] = { { 0 } }, d[2] = { 0, 0 };
	uint32_t last[2] = { UINT32_MAX, UINT32_MAX };

	if (!tg->have_blocks)
		return;
	for (uint32_t idx = z->start_idx; idx < z->end_idx;) {
		uint8_t f = m->page[idx].flags;
		uint32_t n = f & (PG_BUDDY | PG_PCP | PG_HEAD) ? 1u << m->page[idx].order : 1;
		bool any = f & (PG_BUDDY | PG_PCP | PG_HEAD);
		bool online = (f & (PG_BUDDY | PG_PCP)) ||
			      ((f & PG_HEAD) &&
			       (enum page_owner)page_type(m, idx) != OWNER_RESERVED);

		for (uint32_t i = idx; any && i < idx + n;
		     i += m->pageblock_nr_pages) {
			uint32_t pb = (uint32_t)(((uint64_t)i + (m->start_pfn &
				(m->pageblock_nr_pages - 1))) >> m->pageblock_order);

			for (int k = 0; k < 2; k++) {
				if ((k == 0 && !online) || pb == last[k])
					continue;
				have[k][pageblock_mt(m, i)]++;
				last[k] = pb;
			}
		}
		idx += n;
	}
	/*
	 * The kernel skips offline memory, which the model holds as reserved
	 * pages, like firmware reservations it does count: take the closer.
	 */
	for (int k = 0; k < 2; k++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			d[k] += have[k][mt] > tg->blocks[mt] ?
				have[k][mt] - tg->blocks[mt] :
				tg->blocks[mt] - have[k][mt];
	rep->blocks_diff[zi] = (d[0] < d[1] ? d[0] : d[1]) / 2;
}

/* ---- placement from kpageflags ---------------------------------------- */

static bool
layout_kpf(struct machine *m, struct zone *z, unsigned zi,
	   const uint64_t *kpf, uint64_t nkpf, struct freevec *fv,
	   struct mm_import_report *rep)
{
	uint32_t idx = z->start_idx, end = z->end_idx;
	uint64_t reserved = 0, want_reserved = z->present - z->managed;

	while (idx < end) {
		uint64_t pfn = idx_to_pfn(m, idx);
		uint64_t f;

		if (m->page[idx].flags == PG_HOLE) {
			idx++;
			continue;
		}
		f = kpf_at(kpf, nkpf, pfn);
		if (f & KPF(KPF_BUDDY)) {
			uint32_t run = idx;

			while (run < end && m->page[run].flags != PG_HOLE &&
			       (kpf_at(kpf, nkpf, idx_to_pfn(m, run)) & KPF(KPF_BUDDY)))
				run++;
			/* maximal aligned blocks, as __free_pages_memory() */
			while (idx < run) {
				uint64_t p = idx_to_pfn(m, idx);
				unsigned o = p ? (unsigned)__builtin_ctzll(p) : m->max_order;

				if (o > m->max_order)
					o = m->max_order;
				while (idx + (1ull << o) > run)
					o--;
				if (!freevec_push(fv, idx, o))
					return false;
				idx += 1u << o;
			}
			continue;
		}
		if (f & KPF(KPF_COMPOUND_HEAD)) {
			uint32_t n = 1;
			enum page_owner ow = mm_import_owner(f);

			while (idx + n < end && m->page[idx + n].flags != PG_HOLE) {
				uint64_t g = kpf_at(kpf, nkpf, pfn + n);

				if (!(g & KPF(KPF_COMPOUND_TAIL)) ||
				    (g & (KPF(KPF_BUDDY) | KPF(KPF_COMPOUND_HEAD))))
					break;
				n++;
			}
			if (!(n & (n - 1)) && !(pfn & (n - 1))) {
				unsigned o = (unsigned)__builtin_ctz(n);
				unsigned step = o > m->max_order ? m->max_order : o;

				for (uint32_t i = 0; i < n; i += 1u << step)
					set_used(m, idx + i, step, ow);
			} else {
				for (uint32_t i = 0; i < n; i++)
					set_used(m, idx + i, 0, ow);
			}
			if (ow == OWNER_RESERVED)
				reserved += n;
			rep->owner_pages[zi][ow] += n;
			idx += n;
			continue;
		}
		set_used(m, idx, 0, mm_import_owner(f));
		if (mm_import_owner(f) == OWNER_RESERVED)
			reserved++;
		rep->owner_pages[zi][mm_import_owner(f)]++;
		idx++;
	}
	/*
	 * Pages the zone spans but does not manage and that carry no flag
	 * (memory not online, per the counts) are reserved too, from the top
	 * of the zone, where hot-added memory sits.
	 */
	for (idx = end; idx-- > z->start_idx && reserved < want_reserved;) {
		if ((m->page[idx].flags & PG_HEAD) && m->page[idx].order == 0 &&
		    kpf_at(kpf, nkpf, idx_to_pfn(m, idx)) == 0) {
			set_used(m, idx, 0, OWNER_RESERVED);
			rep->owner_pages[zi][OWNER_KERNEL]--;
			rep->owner_pages[zi][OWNER_RESERVED]++;
			reserved++;
		}
	}
	rep->reserved[zi] = reserved;
	return true;
}

/* ---- synthetic placement ---------------------------------------------- */

struct synth {
	struct machine *m;
	struct zone *z;
	uint64_t zpb;		/* absolute pageblock number of the zone's first */
	uint32_t npb;
	uint64_t lo, hi;	/* usable PFNs [lo, hi) */
	uint8_t *pbtype;
	uint8_t *pbflag;
	uint32_t scan;		/* next pageblock a type may take */
};

static uint64_t
pb_start(const struct synth *s, uint32_t b)
{
	return (s->zpb + b) << s->m->pageblock_order;
}

static bool
pb_whole(const struct synth *s, uint32_t b)
{
	uint64_t p = pb_start(s, b);

	return p >= s->lo && p + s->m->pageblock_nr_pages <= s->hi;
}

/* Free blocks of pageblock order and more, largest first. */
static bool
synth_big(struct synth *s, const struct targets *tg, struct freevec *fv)
{
	struct machine *m = s->m;
	unsigned pbo = m->pageblock_order;

	for (unsigned o = m->max_order + 1; o-- > pbo;) {
		uint32_t n = 1u << (o - pbo), cur = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			for (unsigned long k = 0; k < tg->t[mt][o]; k++) {
				bool ok = false;

				for (; cur + n <= s->npb; cur++) {
					if ((s->zpb + cur) & (n - 1))
						continue;
					ok = true;
					for (uint32_t b = 0; b < n && ok; b++)
						ok = pb_whole(s, cur + b) &&
						     s->pbtype[cur + b] == PB_UNSET &&
						     !(s->pbflag[cur + b] & PB_NOBIG);
					if (ok)
						break;
				}
				if (!ok)
					return false;
				for (uint32_t b = 0; b < n; b++)
					s->pbtype[cur + b] = (uint8_t)mt;
				if (o < m->max_order) {
					uint64_t bud = ((s->zpb + cur) ^ n) - s->zpb;

					for (uint32_t b = 0; b < n && bud + b < s->npb; b++)
						s->pbflag[bud + b] |= PB_NOBIG;
				}
				if (!freevec_push(fv, pfn_to_idx(m, pb_start(s, cur)), o))
					return false;
				cur += n;
			}
		}
	}
	return true;
}

/* A pageblock not yet typed that holds usable pages, or npb. */
static uint32_t
synth_take(struct synth *s)
{
	while (s->scan < s->npb) {
		uint32_t b = s->scan++;
		uint64_t p = pb_start(s, b);

		if (s->pbtype[b] == PB_UNSET &&
		    p + s->m->pageblock_nr_pages > s->lo && p < s->hi)
			return b;
	}
	return s->npb;
}

/* Free blocks below pageblock order, in slots of twice their size. */
static bool
synth_small(struct synth *s, const struct targets *tg, struct freevec *fv)
{
	struct machine *m = s->m;
	unsigned pbo = m->pageblock_order;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		uint32_t b = s->npb;
		uint64_t p = 0, end = 0;

		for (unsigned o = pbo; o-- > 0;) {
			uint64_t half = 1ull << o, slot = 2ull << o;

			for (unsigned long k = 0; k < tg->t[mt][o]; k++) {
				uint64_t at = UINT64_MAX;

				while (at == UINT64_MAX) {
					p = (p + slot - 1) & ~(slot - 1);
					if (b == s->npb || p + slot > end) {
						b = synth_take(s);
						if (b == s->npb)
							return false;
						s->pbtype[b] = (uint8_t)mt;
						p = pb_start(s, b);
						end = p + m->pageblock_nr_pages;
						continue;
					}
					/* the free half inside the zone, the other
					 * half used or a hole */
					if (p >= s->lo && p + half <= s->hi)
						at = p;
					else if (p + half >= s->lo && p + slot <= s->hi)
						at = p + half;
					p += slot;
				}
				if (!freevec_push(fv, pfn_to_idx(m, at), o))
					return false;
			}
		}
	}
	return true;
}

static enum page_owner
synth_owner(enum migratetype mt)
{
	switch (mt) {
	case MIGRATE_MOVABLE:
	case MIGRATE_CMA:
		return OWNER_PAGECACHE;
	case MIGRATE_RECLAIMABLE:
		return OWNER_SLAB;
	default:
		return OWNER_KERNEL;
	}
}

static bool
layout_synth(struct machine *m, struct zone *z, unsigned zi,
	     const struct targets *tg, struct freevec *fv, uint8_t *pbtype,
	     uint32_t npb, struct mm_import_report *rep)
{
	struct synth s = { 0 };
	bool ok;

	s.m = m;
	s.z = z;
	s.zpb = z->start_pfn >> m->pageblock_order;
	s.npb = npb;
	/* the hole, if any, is at the start or at the end */
	s.lo = z->start_pfn;
	s.hi = z->start_pfn + z->spanned;
	if (z->present < z->spanned) {
		if (m->page[z->start_idx].flags == PG_HOLE)
			s.lo += z->spanned - z->present;
		else
			s.hi -= z->spanned - z->present;
	}
	s.pbtype = pbtype;
	s.pbflag = calloc(npb ? npb : 1, 1);
	if (!s.pbflag)
		return false;
	ok = synth_big(&s, tg, fv) && synth_small(&s, tg, fv);
	free(s.pbflag);
	if (!ok)
		return false;
	rep->reserved[zi] = 0;
	return true;
}

/*
 * Every present page that is not free becomes an order-0 allocation; the
 * unmanaged ones (present - managed) are reserved: at the bottom of the
 * zone, where memblock reservations sit, or at the top when most of the
 * zone is unmanaged (memory not online, which hotplug adds at the top).
 */
static void
synth_fill_used(struct machine *m, struct zone *z, unsigned zi,
		const struct freevec *fv, struct mm_import_report *rep)
{
	uint64_t want_reserved = z->present - z->managed;
	bool top = want_reserved > z->present / 2;
	uint32_t idx = z->start_idx;
	size_t k = 0;

	while (idx < z->end_idx) {
		enum page_owner ow;

		if (k < fv->n && fv->v[k].idx == idx) {
			idx += 1u << fv->v[k].order;
			k++;
			continue;
		}
		if (m->page[idx].flags == PG_HOLE) {
			idx++;
			continue;
		}
		ow = synth_owner(pageblock_mt(m, idx));
		set_used(m, idx, 0, ow);
		rep->owner_pages[zi][ow]++;
		idx++;
	}
	rep->reserved[zi] = 0;
	for (uint32_t n = z->end_idx - z->start_idx, i = 0;
	     i < n && rep->reserved[zi] < want_reserved; i++) {
		uint32_t p = top ? z->end_idx - 1 - i : z->start_idx + i;

		if (!(m->page[p].flags & PG_HEAD))
			continue;
		rep->owner_pages[zi][page_type(m, p)]--;
		set_used(m, p, 0, OWNER_RESERVED);
		rep->owner_pages[zi][OWNER_RESERVED]++;
		rep->reserved[zi]++;
	}
}

/* ---- holes ------------------------------------------------------------ */

struct run {
	uint64_t start, len;	/* zone-relative */
};

/* Keep the MM_MAX_HOLES longest runs. */
static void
run_keep(struct run *best, unsigned *n, uint64_t start, uint64_t len)
{
	unsigned i;

	if (*n == MM_MAX_HOLES && best[*n - 1].len >= len)
		return;
	if (*n < MM_MAX_HOLES)
		(*n)++;
	for (i = *n - 1; i > 0 && best[i - 1].len < len; i--)
		best[i] = best[i - 1];
	best[i].start = start;
	best[i].len = len;
}

/*
 * Where the zone's spanned - present pages are.  kpageflags: the longest
 * runs of pages with no flags at all (no memmap behind them), then of
 * reserved pages (firmware areas the kernel marks PageReserved); without
 * it (or when they do not add up) one hole at the zone's end.
 */
static void
choose_holes(struct zone_config *zc, uint64_t start_pfn, uint64_t present,
	     const uint64_t *kpf, uint64_t nkpf, bool at_start)
{
	uint64_t need = zc->spanned - present;
	struct run best[MM_MAX_HOLES];
	unsigned nbest = 0, nh = 0;

	zc->nr_holes = 0;
	if (!need)
		return;
	for (int pass = 0; kpf && pass < 2 && need; pass++) {
		uint64_t mask = pass == 0 ? ~0ull : ~KPF(KPF_RESERVED);
		uint64_t run = 0;

		nbest = 0;
		for (uint64_t off = 0; off <= zc->spanned; off++) {
			bool c = false;

			if (off < zc->spanned) {
				uint64_t f = kpf_at(kpf, nkpf, start_pfn + off);

				c = pass == 0 ? (f == 0 || f == KPF(KPF_NOPAGE))
					      : ((f & mask) == 0 && (f & KPF(KPF_RESERVED)));
				for (unsigned h = 0; h < nh && c; h++)
					if (off >= zc->hole_start[h] &&
					    off < zc->hole_start[h] + zc->hole_len[h])
						c = false;
			}
			if (c) {
				run++;
				continue;
			}
			if (run)
				run_keep(best, &nbest, off - run, run);
			run = 0;
		}
		for (unsigned i = 0; i < nbest && need && nh < MM_MAX_HOLES; i++) {
			uint64_t take = best[i].len < need ? best[i].len : need;

			zc->hole_start[nh] = best[i].start + best[i].len - take;
			zc->hole_len[nh] = take;
			nh++;
			need -= take;
		}
	}
	if (need) {
		nh = 0;
		zc->hole_start[0] = at_start ? 0 : present;
		zc->hole_len[0] = zc->spanned - present;
		nh = 1;
	}
	zc->nr_holes = nh;
	for (unsigned i = 1; i < nh; i++)
		for (unsigned j = i; j > 0 && zc->hole_start[j - 1] > zc->hole_start[j]; j--) {
			uint64_t s = zc->hole_start[j], l = zc->hole_len[j];

			zc->hole_start[j] = zc->hole_start[j - 1];
			zc->hole_len[j] = zc->hole_len[j - 1];
			zc->hole_start[j - 1] = s;
			zc->hole_len[j - 1] = l;
		}
}

/* ---- the build -------------------------------------------------------- */

static bool
make_config(const struct mm_import *imp, const uint64_t *kpf, uint64_t nkpf,
	    struct machine_config *cfg, int *zmap, struct mm_import_report *rep,
	    unsigned hole_at_start, char *err, size_t errlen)
{
	uint64_t next = 0;
	bool first = true;

	mm_config_init(cfg);
	if (imp->nr_orders < 2 || imp->nr_orders > MM_IMPORT_ORDERS) {
		set_err(err, errlen, "%u orders: the model takes 2..%d",
			imp->nr_orders, MM_IMPORT_ORDERS);
		return false;
	}
	cfg->max_page_order = imp->nr_orders - 1;
	cfg->pageblock_order = imp->pageblock_order ? imp->pageblock_order :
		(cfg->max_page_order < 9 ? cfg->max_page_order : 9);
	if (cfg->pageblock_order > cfg->max_page_order) {
		set_err(err, errlen, "pageblock order %u is above the largest "
			"order %u", cfg->pageblock_order, cfg->max_page_order);
		return false;
	}
	cfg->nr_cpus = imp->nr_cpus ? imp->nr_cpus : 1;
	if (cfg->nr_cpus > MM_MAX_CPUS)
		cfg->nr_cpus = MM_MAX_CPUS;
	cfg->cma = imp->cma;
	cfg->nr_zones = 0;
	for (unsigned i = 0; i < imp->nr_zones; i++) {
		const struct mm_import_zone *iz = &imp->zones[i];
		struct zone_config *zc;
		uint64_t spanned, present, managed, start, free = 0;

		zmap[i] = -1;
		for (unsigned o = 0; o < imp->nr_orders && o < MM_IMPORT_ORDERS; o++)
			free += (uint64_t)iz->nr_free[o] << o;
		if (iz->have_span) {
			start = iz->start_pfn;
			spanned = iz->spanned;
			present = iz->present;
			managed = iz->managed;
		} else {
			/* sizes not read: twice the free pages, whole MAX blocks */
			uint64_t a = 1ull << cfg->max_page_order;

			rep->synthetic_sizes = true;
			start = (next + a - 1) & ~(a - 1);
			spanned = (2 * free + a - 1) & ~(a - 1);
			if (!spanned)
				spanned = a;
			present = managed = spanned;
		}
		if (!spanned) {
			if (free) {
				set_err(err, errlen, "zone %s spans no pages but "
					"has %llu free", import_zone_name(iz->type),
					(unsigned long long)free);
				return false;
			}
			continue;
		}
		if (present > spanned || managed > present) {
			set_err(err, errlen, "zone %s: managed %llu <= present "
				"%llu <= spanned %llu does not hold",
				import_zone_name(iz->type), (unsigned long long)managed,
				(unsigned long long)present, (unsigned long long)spanned);
			return false;
		}
		if (!present) {
			set_err(err, errlen, "zone %s spans %llu pages but has "
				"none present", import_zone_name(iz->type),
				(unsigned long long)spanned);
			return false;
		}
		if (!first && start < next) {
			set_err(err, errlen, "zone %s starts at PFN 0x%llx, inside "
				"the zone before it", import_zone_name(iz->type),
				(unsigned long long)start);
			return false;
		}
		if (free > managed) {
			set_err(err, errlen, "zone %s: %llu free pages but only "
				"%llu managed", import_zone_name(iz->type),
				(unsigned long long)free, (unsigned long long)managed);
			return false;
		}
		if (cfg->nr_zones == MM_MAX_ZONES)
			break;
		if (first)
			cfg->start_pfn = start;
		first = false;
		zmap[i] = (int)cfg->nr_zones;
		zc = &cfg->zones[cfg->nr_zones];
		zc->type = iz->type;
		zc->spanned = spanned;
		zc->managed = managed;
		if (iz->type == ZONE_HIGHMEM)
			cfg->highmem_arch = true;
		choose_holes(zc, start, present, kpf, nkpf,
			     (hole_at_start >> cfg->nr_zones) & 1);
		cfg->zone_start_pfn[cfg->nr_zones] = start;
		cfg->nr_zones++;
		next = start + spanned;
	}
	if (!cfg->nr_zones) {
		set_err(err, errlen, "no populated zone was read");
		return false;
	}
	return true;
}

/* Watermarks, protection and per-CPU sizes as read. */
static void
apply_settings(struct machine *m, const struct mm_import *imp,
	       const int *zmap)
{
	long min_total = 0;
	bool pcp = false;

	for (unsigned i = 0; i < imp->nr_zones; i++) {
		const struct mm_import_zone *iz = &imp->zones[i];
		int t = m->type_to_idx[iz->type];
		struct zone *z;

		if (t < 0)
			continue;
		z = &m->zones[t];
		if (zmap[i] >= 0 && iz->have_span)
			z->managed = iz->managed;
		if (iz->have_wmark) {
			unsigned long b = iz->boost;

			z->watermark_boost = b;
			z->_watermark[WMARK_IDX_MIN] = iz->min > b ? iz->min - b : 0;
			z->_watermark[WMARK_IDX_LOW] = iz->low > b ? iz->low - b : 0;
			z->_watermark[WMARK_IDX_HIGH] = iz->high > b ? iz->high - b : 0;
			z->_watermark[WMARK_IDX_PROMO] = iz->promo > b ? iz->promo - b :
				z->_watermark[WMARK_IDX_HIGH];
			if (b)
				z->flags |= ZONE_BOOSTED_WATERMARK;
		}
		for (unsigned j = 0; j < iz->nr_protection && j < m->nr_zones; j++)
			z->lowmem_reserve[j] = iz->protection[j];
		for (unsigned c = 0; c < iz->nr_pcp && c < m->cfg.nr_cpus; c++) {
			struct per_cpu_pages *p = &z->pcp[c];

			p->high = iz->pcp[c].high;
			p->batch = iz->pcp[c].batch > 0 ? iz->pcp[c].batch : 1;
			p->high_min = iz->pcp[c].high_min;
			p->high_max = iz->pcp[c].high_max;
			if (p->high_max < p->high)
				p->high_max = p->high;
			if (p->high > 0 || p->high_min > 0)
				pcp = true;
		}
	}
	if (pcp)
		m->pcp_on = true;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];

		if (z->type != ZONE_HIGHMEM && z->type != ZONE_MOVABLE)
			min_total += (long)z->_watermark[WMARK_IDX_MIN];
	}
	{
		unsigned long managed = 0;

		for (unsigned i = 0; i < m->nr_zones; i++)
			managed += m->zones[i].managed;
		m->group_by_mobility = managed >=
			(unsigned long)m->pageblock_nr_pages * (m->have_cma ? 6 : 5);
	}
	if (min_total)
		m->sysctl.min_free_kbytes = min_total * PAGE_SIZE_KB;
}

/* One build with the holes of the zones in hole_at_start (cfg zone
 * indices) at their start; *retry_zone is set to the cfg index of a zone
 * whose synthetic layout did not fit. */
static struct machine *
build_once(const struct mm_import *imp, const uint64_t *kpf,
	   uint64_t kpf_pfns, struct mm_import_report *rep,
	   unsigned hole_at_start, int *retry_zone, char *err, size_t errlen)
{
	struct machine_config cfg;
	struct machine *m;
	int zmap[MM_MAX_ZONES];
	char msg[300];
	bool ok = true;

	memset(rep, 0, sizeof(*rep));
	rep->synthetic = kpf == NULL;
	*retry_zone = -1;
	if (!make_config(imp, kpf, kpf_pfns, &cfg, zmap, rep, hole_at_start,
			 err, errlen))
		return NULL;
	m = mm_create(&cfg, msg, sizeof(msg));
	if (!m) {
		set_err(err, errlen, "%s", msg);
		return NULL;
	}
	wipe(m);
	apply_settings(m, imp, zmap);
	for (unsigned i = 0; i < imp->nr_zones && ok; i++) {
		const struct mm_import_zone *iz = &imp->zones[i];
		int zi = zmap[i] >= 0 ? m->type_to_idx[iz->type] : -1;
		struct freevec fv = { 0 };
		struct targets tg;
		struct zone *z;
		uint32_t npb;
		uint8_t *pbtype;

		if (zi < 0)
			continue;
		z = &m->zones[zi];
		npb = (uint32_t)(((z->start_pfn + z->spanned - 1) >> m->pageblock_order) -
				 (z->start_pfn >> m->pageblock_order) + 1);
		rep->mt_adjusted[zi] = make_targets(iz, imp->nr_orders, &tg);
		for (uint32_t idx = z->start_idx; idx < z->end_idx; idx++)
			rep->holes[zi] += m->page[idx].flags == PG_HOLE;
		pbtype = malloc(npb);
		if (!pbtype) {
			set_err(err, errlen, "out of memory");
			ok = false;
			break;
		}
		memset(pbtype, PB_UNSET, npb);
		if (kpf) {
			ok = layout_kpf(m, z, (unsigned)zi, kpf, kpf_pfns, &fv, rep);
			if (!ok)
				set_err(err, errlen, "out of memory");
		} else {
			ok = layout_synth(m, z, (unsigned)zi, &tg, &fv, pbtype, npb, rep);
			if (!ok && z->present < z->spanned &&
			    !(hole_at_start >> zmap[i] & 1))
				*retry_zone = zmap[i];
			if (!ok)
				set_err(err, errlen, "zone %s: the free blocks read "
					"do not fit its %llu present pages in a "
					"layout the buddy allocator could have",
					import_zone_name(iz->type),
					(unsigned long long)z->present);
			else if (fv.n)	/* none free: fv.v is NULL */
				qsort(fv.v, fv.n, sizeof(fv.v[0]), freeblk_cmp);
		}
		if (ok)
			ok = assign_pageblocks(m, z, &fv, &tg, pbtype, npb);
		if (ok) {
			place_free(m, z, (unsigned)zi, &fv, iz, &tg, rep);
			if (!kpf)
				synth_fill_used(m, z, (unsigned)zi, &fv, rep);
			compare_blocks(m, z, (unsigned)zi, &tg, rep);
		}
		free(pbtype);
		free(fv.v);
	}
	if (ok && !mm_check(m, msg, sizeof(msg))) {
		set_err(err, errlen, "the imported state is inconsistent: %s", msg);
		ok = false;
	}
	if (!ok) {
		mm_destroy(m);
		return NULL;
	}
	memset(&m->vmstat, 0, sizeof(m->vmstat));
	return m;
}

uint64_t
mm_import_state_bytes(const struct mm_import *imp)
{
	struct machine_config cfg;
	struct mm_import_report rep;
	int zmap[MM_MAX_ZONES];
	char err[300];

	/* where the holes go (what kpageflags decides) changes no size */
	memset(&rep, 0, sizeof(rep));
	if (!make_config(imp, NULL, 0, &cfg, zmap, &rep, 0, err, sizeof(err)))
		return 0;
	return mm_config_state_bytes(&cfg);
}

struct machine *
mm_import_create(const struct mm_import *imp, const uint64_t *kpf,
		 uint64_t kpf_pfns, struct mm_import_report *rep, char *err,
		 size_t errlen)
{
	unsigned mask = 0;

	/* Synthetic holes go to a zone's end (x86's PCI hole) or, if the
	 * free blocks do not fit that way, to its start (the ISA hole). */
	for (;;) {
		int retry;
		struct machine *m = build_once(imp, kpf, kpf_pfns, rep, mask,
					       &retry, err, errlen);

		if (m || retry < 0)
			return m;
		mask |= 1u << retry;
	}
}
