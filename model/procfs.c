/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procfs.c - the kernel's text files about the allocator, written from the
 * public view of a machine (mm.h), and the fragmentation metrics behind
 * the two debugfs files.
 *
 * Each writer mirrors one show function of mm/vmstat.c with the kernel's
 * own format strings, in the layout of the machine's era (era.h text
 * format fields; reference 10):
 *
 *   procfs_buddyinfo()       frag_show_print()            /proc/buddyinfo
 *   procfs_pagetypeinfo()    pagetypeinfo_show()          /proc/pagetypeinfo
 *   procfs_zoneinfo()        zoneinfo_show_print()        /proc/zoneinfo
 *   procfs_unusable_index()  unusable_show_print()        extfrag/unusable_index
 *   procfs_extfrag_index()   extfrag_show_print()         extfrag/extfrag_index
 *
 * The machine is one node, so every "Node %d" is node 0.  Like the kernel,
 * buddyinfo, pagetypeinfo and the debugfs files list populated zones only
 * (walk_zones_in_node(..., assert_populated = true)), zoneinfo lists every
 * configured zone.  The metrics are the kernel's integer formulas
 * (fill_contig_page_info(), unusable_free_index(), __fragmentation_index(),
 * extfrag_for_order(); reference 9); their results are printed with C's
 * truncating '/' and '%', which is what makes the -1000 sentinel read
 * "-1.000" and a small negative index such as -500 read "0.-500", exactly
 * as the kernel prints them.
 */
#include "procfs.h"

#include <stdint.h>

/* MIGRATE_TYPES walk of pagetypeinfo: every type the kernel configures. */
#define PROCFS_MAX_TYPES MIGRATE_TYPES

/*
 * pagetypeinfo_showfree_print() stops walking a free list after this many
 * entries (5.4+, "mm, vmstat: reduce zone->lock holding time by
 * /proc/pagetypeinfo").
 */
#define PAGETYPEINFO_FREECOUNT_CAP 100000UL

/* calculate_normal_threshold() never goes above this. */
#define STAT_THRESHOLD_MAX 125

/*
 * The migratetypes the kernel has, in enum order: MIGRATE_CMA only with
 * CONFIG_CMA, MIGRATE_ISOLATE always (CONFIG_MEMORY_ISOLATION is on in
 * every distribution kernel of both eras).  Fills out[] and returns the
 * count; the order is the column order of both pagetypeinfo tables.
 */
static unsigned
procfs_migratetypes(const struct machine *m,
		    enum migratetype out[PROCFS_MAX_TYPES])
{
	unsigned n = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		if (mt == MIGRATE_CMA && !mm_have_cma(m))
			continue;
		out[n++] = (enum migratetype)mt;
	}
	return n;
}

/* The largest order printed: MAX_PAGE_ORDER, within what zone_info holds. */
static unsigned
procfs_max_order(const struct machine *m)
{
	unsigned max_order = mm_max_order(m);

	return max_order > MM_MAX_ORDER_LIMIT ? MM_MAX_ORDER_LIMIT : max_order;
}

/*
 * zone_page_state(): a vmstat counter read by the kernel is clamped at 0
 * on SMP, because per-CPU deltas not yet folded in can make it negative.
 */
static unsigned long
procfs_page_state(long x)
{
	return x < 0 ? 0 : (unsigned long)x;
}

/* True when the machine has at least one populated zone (N_MEMORY). */
static bool
procfs_node_has_memory(const struct machine *m)
{
	struct zone_info zi;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (mm_zone_info(m, z, &zi) && zi.populated)
			return true;
	}
	return false;
}

/* fls(): the 1-based index of the highest set bit, 0 for 0. */
static int
procfs_fls(unsigned long x)
{
	int r = 0;

	while (x) {
		x >>= 1;
		r++;
	}
	return r;
}

/*
 * calculate_normal_threshold() (mm/vmstat.c, the same in both eras): the
 * per-CPU vmstat drift allowed before a counter is folded, from the
 * number of online CPUs and the zone size in 128 MiB units.  The kernel
 * lowers it to calculate_pressure_threshold() while kswapd runs; the
 * model shows the normal value.  Checked against the sampled 6.18
 * machine (2 CPUs): DMA 3840 pages -> 4, DMA32 772808 -> 24, Normal
 * 458752 -> 20.
 */
static int
procfs_stat_threshold(unsigned nr_cpus, uint64_t managed)
{
	unsigned long mem = (unsigned long)(managed >> (27 - 12));
	int threshold;

	threshold = 2 * procfs_fls(nr_cpus) * (1 + procfs_fls(mem));
	return threshold < STAT_THRESHOLD_MAX ? threshold : STAT_THRESHOLD_MAX;
}

/* /proc/buddyinfo: frag_show_print(). */
void
procfs_buddyinfo(const struct machine *m, struct strbuf *sb)
{
	unsigned max_order = procfs_max_order(m);
	struct zone_info zi;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.populated)
			continue;
		strbuf_addf(sb, "Node %d, zone %8s ", 0, zi.name);
		for (unsigned order = 0; order <= max_order; order++)
			strbuf_addf(sb, "%6lu ", zi.nr_free[order]);
		strbuf_addc(sb, '\n');
	}
}

/*
 * pagetypeinfo_showfree_print(): one row per zone and migratetype with
 * the length of each free list.  From 5.4 the kernel stops counting at
 * the 100000th entry (the test is ++freecount >= 100000, so a list of
 * exactly 100000 blocks already prints ">100000").
 */
static void
procfs_pagetypeinfo_free(const struct machine *m, struct strbuf *sb,
			 unsigned zone, const struct zone_info *zi,
			 const enum migratetype *types, unsigned nr_types)
{
	bool cap = era_rules(mm_era(m))->pagetypeinfo_cap;
	unsigned max_order = procfs_max_order(m);

	for (unsigned t = 0; t < nr_types; t++) {
		strbuf_addf(sb, "Node %4d, zone %8s, type %12s ", 0, zi->name,
			    migratetype_name(types[t]));
		for (unsigned order = 0; order <= max_order; order++) {
			unsigned long freecount;
			bool overflow = false;

			freecount = mm_nr_free_mt(m, zone, order, types[t]);
			if (cap && freecount >= PAGETYPEINFO_FREECOUNT_CAP) {
				freecount = PAGETYPEINFO_FREECOUNT_CAP;
				overflow = true;
			}
			if (cap)
				strbuf_addf(sb, "%s%6lu ", overflow ? ">" : "",
					    freecount);
			else
				strbuf_addf(sb, "%6lu ", freecount);
		}
		strbuf_addc(sb, '\n');
	}
}

/*
 * /proc/pagetypeinfo: pagetypeinfo_show() with pagetypeinfo_showfree()
 * and pagetypeinfo_showblockcount().  The "Number of mixed blocks" table
 * needs CONFIG_PAGE_OWNER with page_owner=on, off by default in both
 * eras, so it is not written.  A node without memory prints nothing.
 */
void
procfs_pagetypeinfo(const struct machine *m, struct strbuf *sb)
{
	enum migratetype types[PROCFS_MAX_TYPES];
	unsigned nr_types = procfs_migratetypes(m, types);
	unsigned max_order = procfs_max_order(m);
	unsigned pb_order = mm_pageblock_order(m);
	struct zone_info zi;

	if (!procfs_node_has_memory(m))
		return;

	strbuf_addf(sb, "Page block order: %d\n", (int)pb_order);
	strbuf_addf(sb, "Pages per block:  %lu\n", 1UL << pb_order);
	strbuf_addc(sb, '\n');

	/* pagetypeinfo_showfree() */
	strbuf_addf(sb, "%-43s ", "Free pages count per migrate type at order");
	for (unsigned order = 0; order <= max_order; order++)
		strbuf_addf(sb, "%6d ", (int)order);
	strbuf_addc(sb, '\n');
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.populated)
			continue;
		procfs_pagetypeinfo_free(m, sb, z, &zi, types, nr_types);
	}

	/* pagetypeinfo_showblockcount() */
	strbuf_addf(sb, "\n%-23s", "Number of blocks type ");
	for (unsigned t = 0; t < nr_types; t++)
		strbuf_addf(sb, "%12s ", migratetype_name(types[t]));
	strbuf_addc(sb, '\n');
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.populated)
			continue;
		strbuf_addf(sb, "Node %d, zone %8s ", 0, zi.name);
		for (unsigned t = 0; t < nr_types; t++)
			strbuf_addf(sb, "%12lu ",
				    mm_nr_pageblocks(m, z, types[t]));
		strbuf_addc(sb, '\n');
	}
}

/*
 * The pagesets part of one populated zone.  The public view has one pcp
 * count for the whole zone (zone_info.pcp_count, all CPUs together) and
 * one high and batch, so the count is shown on CPU 0 and every other CPU
 * shows count 0 with the zone's high and batch; with the default single
 * CPU this is exact.  6.12 prints the four lines of 4.19 (high_min and
 * high_max joined them in 6.13); "vm stats threshold" (CONFIG_SMP) is
 * printed once per CPU, inside the loop, as the kernel does.
 */
static void
procfs_zoneinfo_pagesets(const struct machine *m, struct strbuf *sb,
			 const struct zone_info *zi)
{
	unsigned nr_cpus = mm_config(m)->nr_cpus;
	int threshold;

	if (nr_cpus == 0)
		nr_cpus = 1;
	threshold = procfs_stat_threshold(nr_cpus, zi->managed);
	strbuf_adds(sb, "\n  pagesets");
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		strbuf_addf(sb,
			    "\n    cpu: %i"
			    "\n              count: %i"
			    "\n              high:  %i"
			    "\n              batch: %i",
			    (int)cpu, cpu == 0 ? (int)zi->pcp_count : 0,
			    zi->pcp_high, zi->pcp_batch);
		strbuf_addf(sb, "\n  vm stats threshold: %d", threshold);
	}
}

/*
 * One zone of /proc/zoneinfo: zoneinfo_show_print().  What the model does
 * not have is left out rather than invented:
 *   - the "per-node stats" block the first populated zone prints (LRU,
 *     slab, dirty... counters of the node): the model has no node stats;
 *   - of the per-zone vmstat items ("%-12s %lu" lines) only the two the
 *     allocator keeps, nr_free_pages and nr_free_cma, in kernel order;
 *     the LRU, mlock, zspages and the NUMA counters are omitted;
 *   - node_unreclaimable is 0: the model does not count kswapd failures.
 * In 6.x min/low/high/promo include watermark_boost (wmark_pages()).
 */
static void
procfs_zoneinfo_zone(const struct machine *m, struct strbuf *sb,
		     unsigned zone, const struct zone_info *zi)
{
	const struct era_rules *rules = era_rules(mm_era(m));
	unsigned long boost = rules->has_boost ? zi->boost : 0;
	unsigned nr_zones = mm_nr_zones(m);

	strbuf_addf(sb, "Node %d, zone %8s", 0, zi->name);
	strbuf_addf(sb, "\n  pages free     %lu", procfs_page_state(zi->free));
	if (rules->zoneinfo_boost_promo_cma)
		strbuf_addf(sb, "\n        boost    %lu", zi->boost);
	strbuf_addf(sb,
		    "\n        min      %lu"
		    "\n        low      %lu"
		    "\n        high     %lu",
		    zi->wmark[0] + boost, zi->wmark[1] + boost,
		    zi->wmark[2] + boost);
	if (rules->zoneinfo_boost_promo_cma)
		strbuf_addf(sb, "\n        promo    %lu", zi->wmark[3] + boost);
	strbuf_addf(sb,
		    "\n        spanned  %lu"
		    "\n        present  %lu"
		    "\n        managed  %lu",
		    (unsigned long)zi->spanned, (unsigned long)zi->present,
		    (unsigned long)zi->managed);
	if (rules->zoneinfo_boost_promo_cma) {
		/*
		 * zone_cma_pages(): pages the CMA areas gave the zone, one
		 * pageblock each (init_cma_reserved_pageblock()); counted
		 * here as the zone's CMA pageblocks.
		 */
		unsigned long cma = 0;

		if (mm_have_cma(m) && zi->populated)
			cma = mm_nr_pageblocks(m, zone, MIGRATE_CMA)
			      << mm_pageblock_order(m);
		strbuf_addf(sb, "\n        cma      %lu", cma);
	}

	strbuf_addf(sb, "\n        protection: (%ld", zi->lowmem_reserve[0]);
	for (unsigned i = 1; i < nr_zones && i < MM_MAX_ZONES; i++)
		strbuf_addf(sb, ", %ld", zi->lowmem_reserve[i]);
	strbuf_addc(sb, ')');

	/* If unpopulated, no other information is useful. */
	if (!zi->populated) {
		strbuf_addc(sb, '\n');
		return;
	}

	strbuf_addf(sb, "\n      %-12s %lu", "nr_free_pages",
		    procfs_page_state(zi->free));
	strbuf_addf(sb, "\n      %-12s %lu", "nr_free_cma",
		    procfs_page_state(zi->free_cma));

	procfs_zoneinfo_pagesets(m, sb, zi);

	strbuf_addf(sb,
		    "\n  node_unreclaimable:  %u"
		    "\n  start_pfn:           %lu",
		    0u, (unsigned long)zi->start_pfn);
	strbuf_addc(sb, '\n');
}

/* /proc/zoneinfo, zone part: every configured zone, populated or not. */
void
procfs_zoneinfo(const struct machine *m, struct strbuf *sb)
{
	struct zone_info zi;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (mm_zone_info(m, z, &zi))
			procfs_zoneinfo_zone(m, sb, z, &zi);
	}
}

/*
 * One debugfs line: "Node %d, zone %8s " and, per order, the index as
 * index / 1000 '.' index % 1000 with C's truncation.  The extfrag_index
 * of 6.x pads the integer part to two columns ("%2d.%03d ").
 */
static void
procfs_index_file(const struct machine *m, struct strbuf *sb, bool extfrag)
{
	bool padded = extfrag && era_rules(mm_era(m))->extfrag_padded;
	unsigned max_order = procfs_max_order(m);
	struct zone_info zi;

	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || !zi.populated)
			continue;
		strbuf_addf(sb, "Node %d, zone %8s ", 0, zi.name);
		for (unsigned order = 0; order <= max_order; order++) {
			int index = extfrag ? frag_extfrag_index(m, z, order)
					    : frag_unusable_index(m, z, order);

			if (padded)
				strbuf_addf(sb, "%2d.%03d ", index / 1000,
					    index % 1000);
			else
				strbuf_addf(sb, "%d.%03d ", index / 1000,
					    index % 1000);
		}
		strbuf_addc(sb, '\n');
	}
}

/* extfrag/unusable_index: unusable_show_print(). */
void
procfs_unusable_index(const struct machine *m, struct strbuf *sb)
{
	procfs_index_file(m, sb, false);
}

/* extfrag/extfrag_index: extfrag_show_print(). */
void
procfs_extfrag_index(const struct machine *m, struct strbuf *sb)
{
	procfs_index_file(m, sb, true);
}

/*
 * fill_contig_page_info(): walk every order of the zone; nr_free counts
 * the blocks of all migratetypes (HighAtomic and Isolate lists included).
 * An unknown zone reads as a zone with nothing free.
 */
void
frag_contig_page_info(const struct machine *m, unsigned zone, unsigned order,
		      struct contig_page_info *info)
{
	unsigned max_order = procfs_max_order(m);
	struct zone_info zi;

	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	if (!mm_zone_info(m, zone, &zi))
		return;
	for (unsigned o = 0; o <= max_order; o++) {
		unsigned long blocks = zi.nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

void
frag_contig_info_counts(const uint32_t *nr_free, unsigned max_order,
			unsigned order, struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned o = 0; o <= max_order && o <= MM_MAX_ORDER_LIMIT; o++) {
		unsigned long blocks = nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

int
frag_unusable_from(const struct contig_page_info *info, unsigned order)
{
	unsigned long usable;

	if (info->free_pages == 0)
		return 1000;
	/* Suitable blocks exist only for orders up to MAX_PAGE_ORDER. */
	usable = info->free_blocks_suitable ?
		 info->free_blocks_suitable << order : 0;
	return (int)((info->free_pages - usable) * 1000 / info->free_pages);
}

int
frag_extfrag_from(const struct contig_page_info *info, unsigned order)
{
	unsigned long requested = 1UL << order;

	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info->free_pages * 1000 / requested) /
			    info->free_blocks_total);
}

/*
 * unusable_free_index(): the part of free memory, x1000, in blocks too
 * small for the order; 1000 when nothing is free.
 */
int
frag_unusable_index(const struct machine *m, unsigned zone, unsigned order)
{
	struct contig_page_info info;

	frag_contig_page_info(m, zone, order, &info);
	return frag_unusable_from(&info, order);
}

/*
 * __fragmentation_index(): 0 with nothing free, -1000 when a block of the
 * order exists, else 1000 - (1000 + free_pages * 1000 / requested) /
 * free_blocks_total.  The last form goes below 0 when the zone has a
 * single free block (e.g. one order-0 page and an order-1 request:
 * 1000 - 1500 = -500); the kernel returns that as it is, and so do we.
 * Orders above MAX_PAGE_ORDER give 0 (the kernel WARNs and returns 0).
 */
int
frag_extfrag_index(const struct machine *m, unsigned zone, unsigned order)
{
	struct contig_page_info info;

	if (order > mm_max_order(m))
		return 0;
	frag_contig_page_info(m, zone, order, &info);
	return frag_extfrag_from(&info, order);
}

/*
 * extfrag_for_order() (5.9+): the unusable index in percent, 0 when
 * nothing is free; proactive compaction scores zones with it.
 */
int
frag_extfrag_for_order(const struct machine *m, unsigned zone, unsigned order)
{
	struct contig_page_info info;
	unsigned long usable;

	frag_contig_page_info(m, zone, order, &info);
	if (info.free_pages == 0)
		return 0;
	usable = info.free_blocks_suitable ?
		 info.free_blocks_suitable << order : 0;
	return (int)((info.free_pages - usable) * 100 / info.free_pages);
}
