/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snapshot.h - a fast, read-only walk over the blocks of a PFN range, for
 * the screen (ui/) and anything else that has to summarise millions of
 * pages per frame.
 *
 * mm_page_info() answers for one PFN and searches for its block head each
 * time; the screen needs the whole zone 30 times a second.  This walk
 * visits each block once, in PFN order (a free block of order 10 is one
 * step, not 1024), and hands the blocks out in batches of struct mm_block,
 * so a 16 GiB machine at boot is 4096 steps and a fully fragmented one is
 * one step per page with no per-page function call.  It changes nothing
 * and emits no events.
 */
#ifndef BUDDYSCOPE_SNAPSHOT_H
#define BUDDYSCOPE_SNAPSHOT_H

#include <stdint.h>

#include "mm.h"

/* One block: a buddy block (free, on a per-CPU list, or allocated), or a
 * run of hole pages. */
struct mm_block {
	uint64_t pfn;		/* first page (may be before the walk's start) */
	uint32_t nr_pages;	/* 1 << order, or the length of a hole run */
	uint8_t kind;		/* enum page_kind */
	uint8_t order;		/* order of the block (0 for holes) */
	uint8_t mt;		/* FREE/PCP: the list's enum migratetype */
	uint8_t owner;		/* ALLOCATED: enum page_owner */
};

/*
 * Fill out[] with at most n blocks that cover [*pfn, end), in PFN order,
 * and advance *pfn past the last block given.  The first block of a walk
 * may start before *pfn when *pfn is inside a block.  Returns the number
 * of blocks written; 0 when *pfn >= end.  PFNs outside the machine end the
 * walk.
 */
unsigned mm_snapshot_blocks(const struct machine *m, uint64_t *pfn,
			    uint64_t end, struct mm_block *out, unsigned n);

/* A summary of the pages of one cell of a range (see mm_snapshot_cells). */
#define MM_CELL_MIXED_OWNER	0x01	/* allocated blocks of several owners */
#define MM_CELL_FREE_HEAD	0x02	/* a free block spanning cells starts */
#define MM_CELL_FREE_TAIL	0x04	/* ... and ends here */

struct mm_cell {
	uint32_t free, pcp, alloc, hole;	/* pages of each kind */
	uint8_t owner;		/* enum page_owner of most allocated pages */
	uint8_t flags;		/* MM_CELL_* */
	int8_t max_free_order;	/* largest free block touching it, -1 */
};

/*
 * Summaries of ncells cells of 1 << shift pages each, cell 0 starting at
 * start_pfn (a multiple of 1 << shift).  Only pages in [lo, hi) are
 * looked at (a zone); the others of a cell count as hole.  When
 * free_blocks is not NULL, free_blocks[o * ncells + c] counts the free
 * blocks of order o that lie in or cover cell c, and free_mt[o * ncells +
 * c] is the list type of the last of them.  One pass over the blocks, no
 * call per block: a fully fragmented 16 GiB machine (4M blocks) costs a
 * few milliseconds.  The arrays are written, not added to.
 */
void mm_snapshot_cells(const struct machine *m, uint64_t start_pfn,
		       unsigned shift, unsigned ncells, uint64_t lo,
		       uint64_t hi, struct mm_cell *cells,
		       uint32_t *free_blocks, uint8_t *free_mt);

#endif
