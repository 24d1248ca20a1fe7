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

#endif
