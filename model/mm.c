/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mm.c - building a machine as the kernel boots one, its settings (the
 * vm.* sysctls, watermarks, lowmem_reserve, per-CPU list sizes), freeing
 * pages, and the read-only views the screen and the commands use.
 *
 * Boot follows reference 6.5: every pageblock MOVABLE, pages reserved by
 * memblock set aside, the rest handed to the buddy allocator in ascending
 * PFN order in the largest aligned chunks (__free_pages_memory), at the
 * list tail in 6.12 (FPI_TO_TAIL) and through the ordinary path in 4.19.
 * Watermarks come from __setup_per_zone_wmarks() and lowmem_reserve from
 * setup_per_zone_lowmem_reserve(), exactly as each era computes them.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#define MM_MAX_PAGES (1u << 28)		/* 1 TiB of 4 KiB pages */

static const char *const zone_names[NR_ZONE_TYPES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

/* The zone types a kernel configures, in zone index order. */
static const enum zone_type x86_64_zones[] = {
	ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, ZONE_DEVICE,
};
static const enum zone_type x86_32_zones[] = {
	ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM, ZONE_MOVABLE,
};

static const char *const owner_names[NR_OWNERS] = {
	[OWNER_KERNEL] = "kernel",
	[OWNER_SLAB] = "slab",
	[OWNER_PAGECACHE] = "pagecache",
	[OWNER_PAGECACHE_DIRTY] = "dirty",
	[OWNER_ANON] = "anon",
	[OWNER_PINNED] = "pinned",
	[OWNER_RESERVED] = "reserved",
};

const char *
page_owner_name(enum page_owner o)
{
	return (unsigned)o < NR_OWNERS ? owner_names[o] : "?";
}

bool
page_owner_parse(const char *s, enum page_owner *out)
{
	for (unsigned i = 0; i < NR_OWNERS; i++) {
		if (strcasecmp(s, owner_names[i]) == 0) {
			*out = (enum page_owner)i;
			return true;
		}
	}
	return false;
}

enum page_owner
page_owner_from_gfp(gfp_t gfp)
{
	if (gfp & GFPF_MOVABLE)
		return OWNER_ANON;
	if (gfp & GFPF_RECLAIMABLE)
		return OWNER_SLAB;
	return OWNER_KERNEL;
}

void
ev_init(struct mm_event *ev, enum mm_event_type type)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->zone = -1;
	ev->pfn = PFN_NONE;
	ev->buddy_pfn = PFN_NONE;
}

void
ev_emit(struct machine *m, struct mm_event *ev)
{
	if (m->listener)
		m->listener(ev, m->listener_data);
}

void
mm_config_init(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->era = ERA_6_12;
	cfg->max_page_order = 10;
	cfg->pageblock_order = 9;
	cfg->nr_cpus = 1;
}

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

/* int_sqrt() */
static unsigned long
int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1ul << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static bool
is_highmem_like(const struct machine *m, const struct zone *z)
{
	return z->type == ZONE_HIGHMEM ||
	       (m->era->wmark_movable_is_high && z->type == ZONE_MOVABLE);
}

/* __setup_per_zone_wmarks() */
void
setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >> 2;
	unsigned long lowmem_pages = 0;

	for (unsigned i = 0; i < m->nr_zones; i++)
		if (!is_highmem_like(m, &m->zones[i]))
			lowmem_pages += m->zones[i].managed;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];
		unsigned long long tmp = lowmem_pages ?
			(unsigned long long)pages_min * z->managed / lowmem_pages : 0;
		unsigned long scale, dist;

		if (is_highmem_like(m, z)) {
			unsigned long min_pages = z->managed / 1024;

			if (min_pages < SWAP_CLUSTER_MAX)
				min_pages = SWAP_CLUSTER_MAX;
			if (min_pages > 128)
				min_pages = 128;
			z->_watermark[WMARK_IDX_MIN] = min_pages;
		} else {
			z->_watermark[WMARK_IDX_MIN] = (unsigned long)tmp;
		}
		/* mult_frac(managed, watermark_scale_factor, 10000) */
		scale = (z->managed / 10000) * m->sysctl.watermark_scale_factor +
			(z->managed % 10000) * m->sysctl.watermark_scale_factor / 10000;
		dist = (unsigned long)(tmp >> 2);
		if (scale > dist)
			dist = scale;
		z->watermark_boost = 0;
		z->_watermark[WMARK_IDX_LOW] = z->_watermark[WMARK_IDX_MIN] + dist;
		z->_watermark[WMARK_IDX_HIGH] = z->_watermark[WMARK_IDX_LOW] + dist;
		z->_watermark[WMARK_IDX_PROMO] = z->_watermark[WMARK_IDX_HIGH] + dist;
		pcp_setup(m, z);
	}
}

/* setup_per_zone_lowmem_reserve() */
void
setup_per_zone_lowmem_reserve(struct machine *m)
{
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];
		unsigned ratio = m->sysctl.lowmem_reserve_ratio[i];
		bool clear = !ratio ||
			     (m->era->reserve_zero_if_empty && !z->managed);
		unsigned long managed = 0;

		z->lowmem_reserve[i] = 0;
		for (unsigned j = i + 1; j < m->nr_zones; j++) {
			managed += m->zones[j].managed;
			z->lowmem_reserve[j] = clear ? 0 : (long)(managed / ratio);
		}
	}
}

/* The default lowmem_reserve_ratio of a zone type (4.18+). */
static unsigned
default_reserve_ratio(enum zone_type t)
{
	switch (t) {
	case ZONE_DMA:
	case ZONE_DMA32:
		return 256;
	case ZONE_NORMAL:
		return 32;
	default:
		return 0;
	}
}

/* calculate_min_free_kbytes(): 4 * sqrt(lowmem kB), clamped. */
static long
default_min_free_kbytes(const struct machine *m)
{
	unsigned long lowmem = 0, v;

	/* nr_free_buffer_pages(): zones up to gfp_zone(GFP_USER) = Normal */
	for (unsigned i = 0; i < m->nr_zones; i++) {
		enum zone_type t = m->zones[i].type;

		if (t == ZONE_DMA || t == ZONE_DMA32 || t == ZONE_NORMAL)
			lowmem += m->zones[i].managed;
	}
	v = int_sqrt(lowmem * PAGE_SIZE_KB * 16);
	if (v < 128)
		v = 128;
	if (v > m->era->min_free_kbytes_max)
		v = m->era->min_free_kbytes_max;
	return (long)v;
}

static bool
validate_config(const struct machine_config *cfg, const enum zone_type *types,
		unsigned ntypes, char *err, size_t errlen)
{
	uint64_t total = 0;
	unsigned pos = 0;

	if ((unsigned)cfg->era >= NR_ERAS) {
		set_err(err, errlen, "unknown kernel era %d", (int)cfg->era);
		return false;
	}
	if (cfg->max_page_order < 1 || cfg->max_page_order > MM_MAX_ORDER_LIMIT) {
		set_err(err, errlen, "MAX_PAGE_ORDER %u is out of range (1..12)", cfg->max_page_order);
		return false;
	}
	if (cfg->pageblock_order < 1 || cfg->pageblock_order > cfg->max_page_order) {
		set_err(err, errlen,
			"pageblock_order %u must be 1..MAX_PAGE_ORDER", cfg->pageblock_order);
		return false;
	}
	if (cfg->nr_cpus < 1 || cfg->nr_cpus > MM_MAX_CPUS) {
		set_err(err, errlen, "%u CPUs: expected 1..64", cfg->nr_cpus);
		return false;
	}
	if (cfg->nr_zones < 1 || cfg->nr_zones > MM_MAX_ZONES) {
		set_err(err, errlen, "a machine needs 1..%d zones", MM_MAX_ZONES);
		return false;
	}
	for (unsigned i = 0; i < cfg->nr_zones; i++) {
		const struct zone_config *zc = &cfg->zones[i];
		const char *name = (unsigned)zc->type < NR_ZONE_TYPES ?
				   zone_names[zc->type] : "?";
		uint64_t holes = 0;

		while (pos < ntypes && types[pos] != zc->type)
			pos++;
		if (pos == ntypes) {
			set_err(err, errlen,
				"zone %s is not configured on this architecture or "
				"not in kernel order (%u)", name, i);
			return false;
		}
		pos++;
		if (zc->spanned == 0 || zc->spanned > MM_MAX_PAGES) {
			set_err(err, errlen,
				"zone %s: size must be 1..%u pages", name,
				MM_MAX_PAGES);
			return false;
		}
		if (zc->nr_holes > MM_MAX_HOLES) {
			set_err(err, errlen, "zone %s: more than %d holes", name,
				MM_MAX_HOLES);
			return false;
		}
		for (unsigned h = 0; h < zc->nr_holes; h++) {
			if (zc->hole_len[h] == 0 || zc->hole_start[h] >= zc->spanned ||
			    zc->hole_len[h] > zc->spanned - zc->hole_start[h]) {
				set_err(err, errlen,
					"zone %s: hole %u lies outside the zone",
					name, h);
				return false;
			}
			for (unsigned k = 0; k < h; k++) {
				if (zc->hole_start[h] < zc->hole_start[k] + zc->hole_len[k] &&
				    zc->hole_start[k] < zc->hole_start[h] + zc->hole_len[h]) {
					set_err(err, errlen,
						"zone %s: holes %u overlap", name, h);
					return false;
				}
			}
			holes += zc->hole_len[h];
		}
		if (zc->present && zc->present != zc->spanned - holes) {
			set_err(err, errlen,
				"zone %s: present must equal spanned minus holes (%lu)",
				name, (unsigned long)(zc->spanned - holes));
			return false;
		}
		if (zc->managed > zc->spanned - holes) {
			set_err(err, errlen,
				"zone %s: managed exceeds present (%lu)", name,
				(unsigned long)(zc->spanned - holes));
			return false;
		}
		if (zc->cma_pages && (!cfg->cma ||
				      zc->cma_pages % (1ull << cfg->pageblock_order) ||
				      zc->cma_pages > zc->spanned)) {
			set_err(err, errlen,
				"zone %s: a CMA area needs CONFIG_CMA (cma) and a "
				"whole number of pageblocks inside the zone", name);
			return false;
		}
		total += zc->spanned;
	}
	if (cfg->start_pfn + total > MM_MAX_PAGES) {
		set_err(err, errlen, "the machine is too large (at most %u pages)", MM_MAX_PAGES);
		return false;
	}
	return true;
}

/*
 * The page arrays (links and page state) of a large machine take tens of
 * megabytes, touched at random: with 4 KiB pages, building a 16 GiB machine
 * spends most of its time in the page faults of the first touch (one per
 * 4 KiB of links, since boot writes one free block head per pageblock),
 * and random allocations miss the TLB.  Arrays of at least
 * PAGE_ARRAY_HUGE bytes are therefore mapped 2 MiB-aligned and marked for
 * transparent huge pages (MADV_HUGEPAGE), as the kernel maps its own
 * memmap with huge pages.  Smaller arrays, and systems without
 * MADV_HUGEPAGE, use calloc().  Both come zeroed.  The choice depends on
 * the size alone, so page_array_free() needs only the size.
 */
#define HUGE_PAGE_SIZE ((size_t)2 << 20)
#define PAGE_ARRAY_HUGE HUGE_PAGE_SIZE

static size_t
page_array_mapped(size_t bytes)
{
	return (bytes + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
}

static void *
page_array_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
	if (bytes >= PAGE_ARRAY_HUGE) {
		size_t len = page_array_mapped(bytes);
		uint8_t *p = mmap(NULL, len + HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uintptr_t head;

		if (p == MAP_FAILED)
			return NULL;
		/* keep the 2 MiB-aligned part, give back the rest */
		head = (HUGE_PAGE_SIZE - ((uintptr_t)p & (HUGE_PAGE_SIZE - 1))) &
		       (HUGE_PAGE_SIZE - 1);
		if (head)
			munmap(p, head);
		munmap(p + head + len, HUGE_PAGE_SIZE - head);
		p += head;
		/* advice only: without THP the mapping works as it is */
		(void)madvise(p, len, MADV_HUGEPAGE);
		return p;
	}
#endif
	return calloc(bytes ? bytes : 1, 1);
}

static void
page_array_free(void *p, size_t bytes)
{
	if (!p)
		return;
#ifdef MADV_HUGEPAGE
	if (bytes >= PAGE_ARRAY_HUGE) {
		munmap(p, page_array_mapped(bytes));
		return;
	}
#endif
	free(p);
}

/* A copy of a page array, allocated as page_array_alloc() does. */
static void *
page_array_dup(const void *src, size_t bytes)
{
	void *p = page_array_alloc(bytes);

	if (p)
		memcpy(p, src, bytes);
	return p;
}

static size_t
links_bytes(const struct machine *m)
{
	return ((size_t)m->nr_pages + m->nr_sentinels) * sizeof(*m->links);
}

static size_t
page_bytes(const struct machine *m)
{
	return (size_t)m->nr_pages * sizeof(*m->page);
}

/* Allocate the page arrays and the list sentinels. */
static bool
alloc_arrays(struct machine *m)
{
	uint32_t pb = m->pageblock_nr_pages;
	uint64_t span = (m->start_pfn & (pb - 1)) + m->nr_pages;
	uint32_t s;
	unsigned nlists = m->era->pcp_high_orders ? NR_PCP_LISTS_MAX
						  : MIGRATE_PCPTYPES;

	m->nr_pageblocks = (uint32_t)((span + pb - 1) / pb);
	m->nr_sentinels = m->nr_zones * ((m->max_order + 1) * MIGRATE_TYPES +
					 m->cfg.nr_cpus * nlists) +
			  NR_LRU_KINDS + m->max_order + 1;
	m->links = page_array_alloc(links_bytes(m));
	m->page = page_array_alloc(page_bytes(m));
	m->pageblock = malloc(m->nr_pageblocks ? m->nr_pageblocks : 1);
	if (!m->links || !m->page || !m->pageblock)
		return false;
	memset(m->pageblock, MIGRATE_MOVABLE, m->nr_pageblocks);
	s = m->nr_pages;
	for (unsigned i = 0; i < m->nr_zones; i++) {
		struct zone *z = &m->zones[i];

		z->pcp = calloc(m->cfg.nr_cpus, sizeof(*z->pcp));
		if (!z->pcp)
			return false;
		for (unsigned o = 0; o <= m->max_order; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				z->free_area[o].free_list[mt] = s;
				list_init(m, s++);
			}
		for (unsigned c = 0; c < m->cfg.nr_cpus; c++)
			for (unsigned l = 0; l < nlists; l++) {
				z->pcp[c].lists[l] = s;
				list_init(m, s++);
			}
	}
	for (int l = 0; l < NR_LRU_KINDS; l++) {
		m->lru_head[l] = s;
		list_init(m, s++);
	}
	m->cc_free_head = s;
	for (unsigned o = 0; o <= m->max_order; o++)
		list_init(m, s++);
	return true;
}

/* __free_pages_memory(): free [start, end) in the largest aligned chunks. */
static void
free_range(struct machine *m, struct zone *z, uint64_t start, uint64_t end)
{
	bool tail = m->era->boot_pos == LIST_TAIL_POS;

	while (start < end) {
		unsigned order = start ? (unsigned)__builtin_ctzll(start) : m->max_order;

		if (order > m->max_order)
			order = m->max_order;
		while (start + (1ull << order) > end)
			order--;
		free_one_page(m, z, pfn_to_idx(m, start), order, tail);
		start += 1ull << order;
	}
}

static bool
in_hole(const struct zone_config *zc, uint64_t off)
{
	for (unsigned h = 0; h < zc->nr_holes; h++)
		if (off >= zc->hole_start[h] && off < zc->hole_start[h] + zc->hole_len[h])
			return true;
	return false;
}

/* memblock_free_all() for one zone: holes marked, reserved pages set
 * aside at the lowest present PFNs, the rest freed in ascending order.
 * A CMA area is freed afterwards, one pageblock at a time, as
 * init_cma_reserved_pageblock() does. */
static void
boot_zone(struct machine *m, struct zone *z, const struct zone_config *zc)
{
	uint64_t reserved = z->present - z->managed;
	uint64_t run = UINT64_MAX;
	uint64_t cma_start = z->start_pfn + z->spanned - zc->cma_pages;

	for (uint64_t pfn = z->start_pfn; pfn < cma_start; pfn++) {
		uint32_t idx = pfn_to_idx(m, pfn);
		bool usable = true;

		if (zc->nr_holes && in_hole(zc, pfn - z->start_pfn)) {
			m->page[idx].flags = PG_HOLE;
			usable = false;
		} else if (reserved) {
			set_page_flags(m, idx, PG_HEAD, OWNER_RESERVED);
			m->page[idx].order = 0;
			reserved--;
			usable = false;
		}
		if (usable && run == UINT64_MAX)
			run = pfn;
		if (!usable && run != UINT64_MAX) {
			free_range(m, z, run, pfn);
			run = UINT64_MAX;
		}
		/* Fast path: no holes and no reservations left. */
		if (usable && !reserved && !zc->nr_holes)
			break;
	}
	if (run != UINT64_MAX)
		free_range(m, z, run, cma_start);
	for (uint64_t p = cma_start; p < z->start_pfn + z->spanned;
	     p += m->pageblock_nr_pages) {
		uint32_t idx = pfn_to_idx(m, p);

		*pageblock_byte(m, idx) = MIGRATE_CMA;
		free_one_page(m, z, idx, m->pageblock_order, false);
	}
}

struct machine *
mm_create(const struct machine_config *cfg, char *err, size_t errlen)
{
	const enum zone_type *types = cfg->highmem_arch ? x86_32_zones : x86_64_zones;
	unsigned ntypes = cfg->highmem_arch ? 4 : 5;
	struct machine *m;
	uint64_t pfn;
	unsigned next_cfg = 0;
	unsigned long total_managed = 0;

	if (!validate_config(cfg, types, ntypes, err, errlen))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->era = era_rules(cfg->era);
	m->max_order = cfg->max_page_order;
	m->pageblock_order = cfg->pageblock_order;
	m->pcp_orders = pcp_orders_of(m);
	/* 6.x merges up to MAX_PAGE_ORDER checking types past a pageblock;
	 * 4.19 merges to pageblock_order first, then checks Isolate */
	m->merge_limit = m->era->merge_mergeable_types ? m->max_order :
		(m->pageblock_order < m->max_order ? m->pageblock_order :
		 m->max_order);
	m->pageblock_nr_pages = 1u << cfg->pageblock_order;
	m->start_pfn = cfg->start_pfn;
	m->have_cma = cfg->cma;
	m->nr_zones = ntypes;
	m->largest_z = &m->zones[0];
	pfn = cfg->start_pfn;
	for (unsigned i = 0; i < ntypes; i++) {
		struct zone *z = &m->zones[i];

		z->type = types[i];
		if (types[i] == ZONE_DMA32)
			m->have_dma32 = true;
		if (types[i] == ZONE_HIGHMEM)
			m->have_highmem = true;
		if (next_cfg < cfg->nr_zones && cfg->zones[next_cfg].type == types[i]) {
			const struct zone_config *zc = &cfg->zones[next_cfg];
			uint64_t holes = 0;

			if (cfg->zone_start_pfn[next_cfg] > pfn)
				pfn = cfg->zone_start_pfn[next_cfg];
			for (unsigned h = 0; h < zc->nr_holes; h++)
				holes += zc->hole_len[h];
			z->start_pfn = pfn;
			z->spanned = zc->spanned;
			z->present = zc->spanned - holes;
			z->managed = zc->managed ? zc->managed : z->present;
			pfn += zc->spanned;
			next_cfg++;
			/* cma_init_reserved_mem(): the area, at the end of
			 * the zone, must start on a pageblock boundary */
			if (zc->cma_pages &&
			    (pfn - zc->cma_pages) % m->pageblock_nr_pages) {
				set_err(err, errlen,
					"zone %s: its CMA area would start at PFN %#llx, "
					"which is not on a pageblock boundary (%u pages)",
					zone_names[zc->type],
					(unsigned long long)(pfn - zc->cma_pages),
					m->pageblock_nr_pages);
				free(m);
				return NULL;
			}
		} else {
			/* An unpopulated zone: the kernel prints start_pfn 0. */
			z->start_pfn = 0;
		}
		total_managed += z->managed;
	}
	if (pfn - m->start_pfn > MM_MAX_PAGES) {
		set_err(err, errlen, "the machine is too large (at most %u pages)", MM_MAX_PAGES);
		free(m);
		return NULL;
	}
	m->nr_pages = (uint32_t)(pfn - m->start_pfn);
	for (unsigned t = 0; t < NR_ZONE_TYPES; t++)
		m->type_to_idx[t] = -1;
	for (unsigned i = 0; i < ntypes; i++) {
		m->type_to_idx[types[i]] = (int)i;
		m->preferred[i] = -1;
		for (int k = (int)i; k >= 0; k--)
			if (populated_zone(&m->zones[k])) {
				m->preferred[i] = k;
				break;
			}
	}
	for (unsigned i = 0; i < ntypes; i++) {
		struct zone *z = &m->zones[i];

		z->start_idx = z->spanned ? pfn_to_idx(m, z->start_pfn) : 0;
		z->end_idx = z->spanned ? z->start_idx + (uint32_t)z->spanned : 0;
		if (z->spanned > m->largest_z->spanned)
			m->largest_z = z;
	}
	if (!alloc_arrays(m)) {
		mm_destroy(m);
		set_err(err, errlen, "out of memory building the machine");
		return NULL;
	}
	for (unsigned i = 0; i < ntypes; i++) {
		struct zone *z = &m->zones[i];
		uint64_t last = z->spanned ? z->start_pfn + z->spanned - 1 : z->start_pfn;

		/* the compaction scanners start at the zone's two ends */
		z->compact_cached_migrate_pfn[0] = z->start_pfn;
		z->compact_cached_migrate_pfn[1] = z->start_pfn;
		z->compact_cached_free_pfn = last & ~(uint64_t)(m->pageblock_nr_pages - 1);
	}
	/* build_all_zonelists(): mobility grouping needs enough pages. */
	m->group_by_mobility = total_managed >=
		(unsigned long)m->pageblock_nr_pages * (m->have_cma ? 6 : 5);
	m->user_min_free_kbytes = -1;
	m->sysctl.watermark_scale_factor = 10;
	m->sysctl.watermark_boost_factor = m->era->has_boost ? 15000 : 0;
	m->sysctl.extfrag_threshold = 500;
	m->sysctl.compaction_proactiveness = m->era->has_boost ? 20 : 0;
	for (unsigned i = 0; i < ntypes; i++)
		m->sysctl.lowmem_reserve_ratio[i] = default_reserve_ratio(types[i]);
	m->sysctl.min_free_kbytes = default_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	next_cfg = 0;
	for (unsigned i = 0; i < ntypes; i++) {
		if (next_cfg < cfg->nr_zones && cfg->zones[next_cfg].type == types[i]) {
			boot_zone(m, &m->zones[i], &cfg->zones[next_cfg]);
			next_cfg++;
		}
	}
	memset(&m->vmstat, 0, sizeof(m->vmstat));
	return m;
}

void
mm_destroy(struct machine *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->nr_zones; i++)
		free(m->zones[i].pcp);
	free(m->cc);
	free(m->tasks);
	task_map_free(&m->tmap);
	page_array_free(m->links, links_bytes(m));
	page_array_free(m->page, page_bytes(m));
	free(m->pageblock);
	free(m);
}

static void *
dup_mem(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	if (q && n)
		memcpy(q, p, n);
	return q;
}

struct machine *
mm_clone(const struct machine *src)
{
	struct machine *m = malloc(sizeof(*m));
	bool ok = true;

	if (!m)
		return NULL;
	*m = *src;
	/* pointers into src's zones */
	m->adec.valid = false;
	m->largest_z = &m->zones[src->largest_z - src->zones];
	m->listener = NULL;
	m->listener_data = NULL;
	m->links = page_array_dup(src->links, links_bytes(src));
	m->page = page_array_dup(src->page, page_bytes(src));
	m->pageblock = dup_mem(src->pageblock, src->nr_pageblocks);
	m->cc = NULL;
	m->capc = NULL;
	m->tmap = (struct task_map){ 0 };
	m->tasks = src->task_cap ? dup_mem(src->tasks, src->task_cap *
					     sizeof(*src->tasks)) : NULL;
	ok = m->links && m->page && m->pageblock &&
	     (m->tasks || !src->task_cap) && task_map_clone(&m->tmap, &src->tmap);
	for (unsigned i = 0; i < m->nr_zones; i++) {
		m->zones[i].pcp = ok ? dup_mem(src->zones[i].pcp, src->cfg.nr_cpus *
					       sizeof(*src->zones[i].pcp)) : NULL;
		ok = ok && m->zones[i].pcp;
	}
	if (!ok) {
		mm_destroy(m);
		return NULL;
	}
	/* A stepped compaction is not copied: the free pages it isolated
	 * go back to the copy's free lists. */
	for (unsigned o = 0; o <= m->max_order; o++) {
		uint32_t head = m->cc_free_head + o;

		while (!list_empty_idx(m, head)) {
			uint32_t idx = m->links[head].next;

			list_del_idx(m, idx);
			free_one_page(m, &m->zones[zone_of_idx(m, idx)], idx, o, false);
		}
	}
	return m;
}

void
mm_set_listener(struct machine *m, mm_event_fn fn, void *data)
{
	m->listener = fn;
	m->listener_data = data;
}

const struct machine_config *mm_config(const struct machine *m) { return &m->cfg; }
enum kernel_era mm_era(const struct machine *m) { return m->cfg.era; }
unsigned mm_max_order(const struct machine *m) { return m->max_order; }
unsigned mm_pageblock_order(const struct machine *m) { return m->pageblock_order; }
unsigned mm_nr_zones(const struct machine *m) { return m->nr_zones; }
uint64_t mm_start_pfn(const struct machine *m) { return m->start_pfn; }
uint64_t mm_end_pfn(const struct machine *m) { return m->start_pfn + m->nr_pages; }
bool mm_group_by_mobility(const struct machine *m) { return m->group_by_mobility; }
bool mm_have_cma(const struct machine *m) { return m->have_cma; }
bool mm_pcp_enabled(const struct machine *m) { return m->pcp_on; }
bool mm_kswapd_awake(const struct machine *m) { return m->kswapd_awake; }

bool
mm_zone_info(const struct machine *m, unsigned zone, struct zone_info *out)
{
	const struct zone *z;

	if (zone >= m->nr_zones)
		return false;
	z = &m->zones[zone];
	memset(out, 0, sizeof(*out));
	out->type = z->type;
	out->name = zone_names[z->type];
	out->start_pfn = z->start_pfn;
	out->spanned = z->spanned;
	out->present = z->present;
	out->managed = z->managed;
	out->free = zone_free_pages(z);
	out->free_cma = z->free_pages_mt[MIGRATE_CMA];
	memcpy(out->wmark, z->_watermark, sizeof(out->wmark));
	out->boost = z->watermark_boost;
	memcpy(out->lowmem_reserve, z->lowmem_reserve, sizeof(out->lowmem_reserve));
	out->nr_reserved_highatomic = z->nr_reserved_highatomic;
	out->nr_free_highatomic = z->free_pages_mt[MIGRATE_HIGHATOMIC];
	for (unsigned c = 0; c < m->cfg.nr_cpus; c++)
		out->pcp_count += z->pcp[c].count;
	out->pcp_high = z->pcp[0].high;
	out->pcp_batch = z->pcp[0].batch;
	out->pcp_high_min = z->pcp[0].high_min;
	out->pcp_high_max = z->pcp[0].high_max;
	for (unsigned o = 0; o <= m->max_order; o++)
		out->nr_free[o] = z->free_area[o].nr_free;
	out->populated = populated_zone(z);
	return true;
}

unsigned long
mm_nr_free_mt(const struct machine *m, unsigned zone, unsigned order,
	      enum migratetype mt)
{
	if (zone >= m->nr_zones || order > m->max_order || (unsigned)mt >= MIGRATE_TYPES)
		return 0;
	return m->zones[zone].free_area[order].nr_free_mt[mt];
}

unsigned long
mm_nr_pageblocks(const struct machine *m, unsigned zone, enum migratetype mt)
{
	const struct zone *z;
	unsigned long n = 0;
	uint64_t pfn, end;

	if (zone >= m->nr_zones)
		return 0;
	z = &m->zones[zone];
	if (!z->spanned)
		return 0;
	/* pagetypeinfo_showblockcount_print(): every pageblock_nr_pages
	 * from zone_start_pfn; holes have a memmap and count too. */
	end = z->start_pfn + z->spanned;
	for (pfn = z->start_pfn; pfn < end; pfn += m->pageblock_nr_pages)
		if (pageblock_mt(m, pfn_to_idx(m, pfn)) == mt)
			n++;
	return n;
}

unsigned
mm_free_list_peek(const struct machine *m, unsigned zone, unsigned order,
		  enum migratetype mt, uint64_t *pfns, unsigned n)
{
	const struct zone *z;
	uint32_t head, idx;
	unsigned k = 0;

	if (zone >= m->nr_zones || order > m->max_order || (unsigned)mt >= MIGRATE_TYPES)
		return 0;
	z = &m->zones[zone];
	head = z->free_area[order].free_list[mt];
	for (idx = m->links[head].next; idx != head && k < n; idx = m->links[idx].next)
		pfns[k++] = idx_to_pfn(m, idx);
	return k;
}

int
mm_zone_by_name(const struct machine *m, const char *name)
{
	for (unsigned i = 0; i < m->nr_zones; i++)
		if (strcasecmp(name, zone_names[m->zones[i].type]) == 0)
			return (int)i;
	return -1;
}

/* The block of `want` flags of exactly order o that holds pfn, if any. */
static bool
find_block(const struct machine *m, uint64_t pfn, uint8_t want, uint32_t *head,
	   unsigned *order)
{
	for (unsigned o = 0; o <= m->max_order; o++) {
		uint64_t h = pfn & ~((1ull << o) - 1);
		uint32_t idx;

		if (h < m->start_pfn)
			break;
		idx = pfn_to_idx(m, h);
		/* the first head at or below pfn whose block covers pfn */
		if ((m->page[idx].flags & (PG_BUDDY | PG_HEAD | PG_PCP)) &&
		    m->page[idx].order >= o) {
			if (!(m->page[idx].flags & want))
				return false;
			*head = idx;
			*order = m->page[idx].order;
			return true;
		}
	}
	return false;
}

bool
mm_find_allocation(const struct machine *m, uint64_t pfn, uint64_t *head,
		   unsigned *order, enum page_owner *owner)
{
	uint32_t h;
	unsigned o;

	if (pfn < m->start_pfn || pfn >= m->start_pfn + m->nr_pages)
		return false;
	if (!find_block(m, pfn, PG_HEAD, &h, &o))
		return false;
	*head = idx_to_pfn(m, h);
	*order = o;
	if (owner)
		*owner = (enum page_owner)page_type(m, h);
	return true;
}

enum migratetype
mm_pageblock_type(const struct machine *m, uint64_t pfn)
{
	if (pfn < m->start_pfn || pfn >= m->start_pfn + m->nr_pages)
		return MIGRATE_MOVABLE;
	return pageblock_mt(m, pfn_to_idx(m, pfn));
}

bool
mm_page_info(const struct machine *m, uint64_t pfn, struct page_info *out)
{
	uint32_t idx, h;
	unsigned o;

	if (pfn < m->start_pfn || pfn >= m->start_pfn + m->nr_pages)
		return false;
	idx = pfn_to_idx(m, pfn);
	memset(out, 0, sizeof(*out));
	out->zone = zone_of_idx(m, idx);
	out->block_pfn = pfn;
	out->pageblock_mt = pageblock_mt(m, idx);
	if (m->page[idx].flags & PG_HOLE || out->zone < 0) {
		out->kind = PAGE_HOLE;
		return true;
	}
	if (find_block(m, pfn, PG_BUDDY | PG_PCP | PG_HEAD, &h, &o)) {
		uint8_t f = m->page[h].flags;

		out->block_pfn = idx_to_pfn(m, h);
		out->order = o;
		if (f & PG_HEAD) {
			out->kind = PAGE_ALLOCATED;
			out->owner = (enum page_owner)page_type(m, h);
		} else {
			out->kind = (f & PG_PCP) ? PAGE_PCP : PAGE_FREE;
			out->list_mt = page_type(m, h);
		}
		return true;
	}
	out->kind = PAGE_HOLE;
	return true;
}

void
mm_get_sysctl(const struct machine *m, struct mm_sysctl *out)
{
	*out = m->sysctl;
}

bool
mm_set_sysctl(struct machine *m, const struct mm_sysctl *s, char *err,
	      size_t errlen)
{
	bool wmarks, reserve;

	if (s->min_free_kbytes < 0 || s->min_free_kbytes > (1L << 30)) {
		set_err(err, errlen, "vm.min_free_kbytes must be 0..%lu", 1ul << 30);
		return false;
	}
	if (s->watermark_scale_factor < 1 ||
	    s->watermark_scale_factor > m->era->wsf_max) {
		set_err(err, errlen, "vm.watermark_scale_factor must be 1..%u", m->era->wsf_max);
		return false;
	}
	if (!m->era->has_boost && s->watermark_boost_factor) {
		set_err(err, errlen,
			"vm.watermark_boost_factor does not exist in kernel 4.19 "
			"(added in 5.0)");
		return false;
	}
	if (s->extfrag_threshold > 1000) {
		set_err(err, errlen, "vm.extfrag_threshold must be 0..1000");
		return false;
	}
	if (s->compaction_proactiveness > 100 ||
	    (!m->era->has_boost && s->compaction_proactiveness)) {
		set_err(err, errlen, "vm.compaction_proactiveness must be 0..100"
			" (and does not exist in 4.19)");
		return false;
	}
	for (unsigned i = 0; i < m->nr_zones; i++) {
		if (s->lowmem_reserve_ratio[i] > (1u << 30)) {
			set_err(err, errlen,
				"vm.lowmem_reserve_ratio: value %u is too large", i);
			return false;
		}
	}
	wmarks = s->min_free_kbytes != m->sysctl.min_free_kbytes ||
		 s->watermark_scale_factor != m->sysctl.watermark_scale_factor;
	reserve = memcmp(s->lowmem_reserve_ratio, m->sysctl.lowmem_reserve_ratio,
			 sizeof(s->lowmem_reserve_ratio)) != 0;
	if (s->min_free_kbytes != m->sysctl.min_free_kbytes)
		m->user_min_free_kbytes = s->min_free_kbytes;
	m->sysctl = *s;
	if (wmarks)
		setup_per_zone_wmarks(m);
	if (reserve)
		setup_per_zone_lowmem_reserve(m);
	return true;
}

bool
mm_set_watermarks(struct machine *m, unsigned zone, unsigned long min,
		  unsigned long low, unsigned long high, char *err, size_t errlen)
{
	struct zone *z;

	if (zone >= m->nr_zones) {
		set_err(err, errlen, "no zone %u", zone);
		return false;
	}
	if (!(min <= low && low <= high)) {
		set_err(err, errlen, "watermarks must satisfy min <= low <= high");
		return false;
	}
	z = &m->zones[zone];
	if (high > z->managed) {
		set_err(err, errlen, "high must not exceed the zone's managed pages (%lu)", z->managed);
		return false;
	}
	z->_watermark[WMARK_IDX_MIN] = min;
	z->_watermark[WMARK_IDX_LOW] = low;
	z->_watermark[WMARK_IDX_HIGH] = high;
	/* promo keeps the kernel's spacing: high + (high - low) */
	z->_watermark[WMARK_IDX_PROMO] = high + (high - low);
	pcp_setup(m, z);
	return true;
}

void
mm_set_pcp(struct machine *m, bool on)
{
	if (m->pcp_on == on)
		return;
	if (!on)
		mm_drain_pcp(m);
	m->pcp_on = on;
	for (unsigned i = 0; i < m->nr_zones; i++)
		pcp_setup(m, &m->zones[i]);
}

void
mm_drain_pcp(struct machine *m)
{
	for (unsigned i = 0; i < m->nr_zones; i++)
		pcp_drain_zone(m, &m->zones[i]);
}

void
mm_get_vmstat(const struct machine *m, struct mm_vmstat *out)
{
	*out = m->vmstat;
}

uint64_t
mm_config_state_bytes(const struct machine_config *cfg)
{
	uint64_t pages = 0;

	for (unsigned i = 0; i < cfg->nr_zones && i < MM_MAX_ZONES; i++)
		pages += cfg->zones[i].spanned;
	return pages * (sizeof(struct page_link) + sizeof(struct page_state)) +
	       (pages >> cfg->pageblock_order) + 1;
}

double
mm_bytes_per_page(const struct machine *m)
{
	size_t bytes = ((size_t)m->nr_pages + m->nr_sentinels) * sizeof(*m->links) +
		       (size_t)m->nr_pages * sizeof(*m->page) + m->nr_pageblocks +
		       sizeof(*m);

	for (unsigned i = 0; i < m->nr_zones; i++)
		bytes += m->cfg.nr_cpus * sizeof(*m->zones[i].pcp);
	return m->nr_pages ? (double)bytes / m->nr_pages : 0.0;
}
