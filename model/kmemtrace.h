/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmemtrace.h - applying what a real kernel's kmem tracepoints say it did
 * to a machine, honouring the PFNs the kernel chose.
 *
 * A struct mm_trace_event is one decoded tracepoint line (the text is
 * parsed in src/replay.c).  mm_trace_apply() checks the event against the
 * model first and reports a divergence when the model disagrees (pages
 * allocated that the model holds allocated, a free of free pages, a PFN
 * in no zone, a drain of a page not on a per-CPU list).  Then, unless the
 * PFN is outside the zones or the event is malformed, it makes the named
 * pages what the kernel says they are now (adopt), so that later events
 * keep matching; with strict it leaves the model unchanged instead.
 * Either way the model stays consistent (mm_check() holds).
 *
 * The lower-level moves are public too, for the screen and tests:
 * mm_alloc_at(), mm_free_at(), mm_pcp_refill_at(), mm_pcp_drain_at().
 */
#ifndef BUDDYSCOPE_KMEMTRACE_H
#define BUDDYSCOPE_KMEMTRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm.h"

enum mm_trace_op {
	MM_TRACE_ALLOC,		/* mm_page_alloc */
	MM_TRACE_FREE,		/* mm_page_free */
	MM_TRACE_FREE_BATCHED,	/* mm_page_free_batched */
	MM_TRACE_ZONE_LOCKED,	/* mm_page_alloc_zone_locked */
	MM_TRACE_PCPU_DRAIN,	/* mm_page_pcpu_drain */
	MM_TRACE_EXTFRAG,	/* mm_page_alloc_extfrag */
	NR_MM_TRACE_OPS,
};
const char *mm_trace_op_name(enum mm_trace_op op);	/* "mm_page_alloc" */

struct mm_trace_event {
	enum mm_trace_op op;
	uint64_t pfn;
	unsigned order;		/* alloc_order for extfrag */
	int mt;			/* migratetype; alloc_migratetype for extfrag */
	int fallback_mt;	/* extfrag */
	unsigned fallback_order;	/* extfrag */
	bool percpu_refill;	/* zone_locked */
	bool change_ownership;	/* extfrag */
	bool failed;		/* mm_page_alloc that returned no page */
	unsigned cpu;
};

enum mm_trace_div {
	MM_DIV_NONE,
	MM_DIV_ALLOC_ALLOCATED,	/* pages taken that the model holds allocated */
	MM_DIV_FREE_FREE,	/* a free of pages the model holds free */
	MM_DIV_NO_ZONE,		/* a PFN in no zone of the machine, or a hole */
	MM_DIV_DRAIN_NOT_PCP,	/* drained pages not on a per-CPU list */
	MM_DIV_REFILL_PCP,	/* taken from the buddy lists, model has them per-CPU */
	MM_DIV_BAD_ORDER,	/* order above MAX_PAGE_ORDER or PFN not aligned */
	NR_MM_DIVS,
};
const char *mm_trace_div_text(enum mm_trace_div d);

/* What the model held at the event's PFN before it was applied. */
struct mm_trace_seen {
	enum page_kind kind;
	uint64_t block_pfn;
	unsigned order;
	enum page_owner owner;
	int zone;
};

/*
 * Apply one event.  Returns MM_DIV_NONE, or the divergence with what the
 * model held in *seen (may be NULL).  strict: a divergent event changes
 * nothing; otherwise the model adopts the kernel's state where the event
 * defines it.
 */
enum mm_trace_div mm_trace_apply(struct machine *m,
				 const struct mm_trace_event *ev, bool strict,
				 struct mm_trace_seen *seen);

/*
 * The moves, each on the 2^order pages from pfn (aligned, inside one
 * zone).  They return false and change nothing when the pages are not in
 * the state the move starts from:
 *   mm_alloc_at       free (buddy or per-CPU) -> allocated to owner
 *   mm_free_at        allocated -> per-CPU list of cpu (to_pcp and an
 *                     order the lists take) or the buddy lists (merging)
 *   mm_pcp_refill_at  buddy -> per-CPU list of cpu for migratetype mt
 *   mm_pcp_drain_at   per-CPU -> buddy lists (merging)
 */
bool mm_alloc_at(struct machine *m, uint64_t pfn, unsigned order,
		 enum page_owner owner);
bool mm_free_at(struct machine *m, uint64_t pfn, unsigned order, unsigned cpu,
		bool to_pcp);
bool mm_pcp_refill_at(struct machine *m, uint64_t pfn, unsigned order,
		      enum migratetype mt, unsigned cpu);
bool mm_pcp_drain_at(struct machine *m, uint64_t pfn, unsigned order);

/* The CPU whose per-CPU list holds the block at pfn; -1 if none. */
int mm_pcp_cpu_of(const struct machine *m, uint64_t pfn);

#endif
