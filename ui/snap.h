/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snap.h - a snapshot of the model for one frame.
 *
 * struct ui_snap holds what the panels show, copied out of the model with
 * its public queries (mm.h, procfs.h) and the block walk of
 * model/snapshot.h: per zone the zone_info, order x migratetype counts,
 * list heads and fragmentation indices; for the memory map's view (a zone,
 * a first PFN, pages per cell, a number of cells) one summary per cell and
 * per order the free blocks that fall in each cell.  Tests build one from
 * a machine, or fill one by hand.  The panels (compose.c) read only this.
 */
#ifndef BUDDYSCOPE_UI_SNAP_H
#define BUDDYSCOPE_UI_SNAP_H

#include <stdbool.h>
#include <stdint.h>

#include "mm.h"
#include "snapshot.h"

#define UI_HEADS 4		/* list head PFNs kept per list */
#define UI_ORDERS (MM_MAX_ORDER_LIMIT + 1)

struct ui_zone_snap {
	struct zone_info zi;
	unsigned long nr_free_mt[UI_ORDERS][MIGRATE_TYPES];
	uint64_t heads[UI_ORDERS][MIGRATE_TYPES][UI_HEADS];
	uint8_t nheads[UI_ORDERS][MIGRATE_TYPES];
	int unusable[UI_ORDERS];	/* unusable_free_index, 0..1000 */
	int extfrag[UI_ORDERS];		/* __fragmentation_index, -1000/0..1000 */
	int largest_order;		/* largest free order, -1: none */
	unsigned long pageblocks[MIGRATE_TYPES];
};

/* Cell flags. */
#define UI_MC_PB_START	0x01	/* a pageblock starts in the cell */
#define UI_MC_FREE_HEAD	0x02	/* a free block spanning cells starts here */
#define UI_MC_FREE_TAIL	0x04	/* ... and ends here */
#define UI_MC_MIXED_OWNER 0x08

struct ui_map_cell {
	uint32_t free, alloc, hole, pcp;	/* pages of each kind */
	uint8_t mt;		/* pageblock type (the dominant one) */
	uint8_t owner;		/* owner kind of the most allocated pages */
	uint8_t flags;		/* UI_MC_* */
	int8_t max_free_order;	/* largest free block touching it, -1 */
};

/* What the memory map shows. */
struct ui_view {
	int zone;		/* zone index */
	uint64_t start_pfn;	/* first PFN of cell 0 */
	uint64_t ppc;		/* pages per cell, a power of two */
	unsigned ncells;
};

struct ui_snap {
	const struct machine *m;	/* valid while the snapshot is used */
	char era[8];
	unsigned nr_zones, max_order, pageblock_order;
	uint64_t start_pfn, end_pfn;
	bool kswapd_awake, pcp_on, cma;
	struct mm_vmstat vmstat;
	struct ui_zone_snap zones[MM_MAX_ZONES];

	struct ui_view view;
	struct ui_map_cell *cells;	/* view.ncells */
	/* Per order o: lit[o * ncells + c] = free blocks of order o in cell
	 * c (1 for each cell a bigger block covers); lit_mt their list. */
	uint32_t *lit;
	uint8_t *lit_mt;
	struct mm_cell *mc;	/* the model's cell summaries */
	unsigned cap;
};

/*
 * Take a snapshot of m for view v (the view is clipped to the zone).
 * Reuses the arrays of s; false on out of memory.  Costs one walk of the
 * blocks in the view plus a few queries per zone.
 */
bool ui_snap_take(struct ui_snap *s, const struct machine *m,
		  const struct ui_view *v);
void ui_snap_free(struct ui_snap *s);

/* The view that shows all of zone in ncells cells (auto-fit), and the
 * first zone with the most pages (the default). */
void ui_view_fit(const struct machine *m, int zone, unsigned ncells,
		 struct ui_view *v);
int ui_default_zone(const struct machine *m);
/* How many zones have pages (the gauges' rows). */
unsigned ui_populated_zones(const struct machine *m);

#endif
