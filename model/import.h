/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import.h - a machine built from what a real kernel reported about
 * itself: /proc/zoneinfo (zones, spans, managed pages, watermarks,
 * protection, per-CPU list sizes), /proc/buddyinfo (free blocks per
 * order), /proc/pagetypeinfo (free blocks per migratetype and pageblock
 * counts) and, when it was readable, /proc/kpageflags (what every PFN is).
 *
 * The text files are parsed outside the model (src/procimport.c) into a
 * struct mm_import; mm_import_create() turns it into a machine:
 *
 *   with kpageflags   every page of a free buddy block has KPF_BUDDY, so
 *                     free blocks are rebuilt as maximal aligned runs of
 *                     KPF_BUDDY pages (never above MAX_PAGE_ORDER, never
 *                     across a zone edge or a hole); used pages become
 *                     allocated blocks (compound pages keep their order)
 *                     with an owner kind read from their flags;
 *   without it        a synthetic layout that agrees with every count
 *                     that was read: free blocks per order and type,
 *                     pageblocks per type, spanned/present/managed.
 *
 * In both cases pageblock types are chosen to match pagetypeinfo, and the
 * watermarks, lowmem_reserve and per-CPU high/batch are the values read,
 * not recomputed.  The result passes mm_check() or is not returned.
 */
#ifndef BUDDYSCOPE_IMPORT_H
#define BUDDYSCOPE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm.h"

#define MM_IMPORT_ORDERS (MM_MAX_ORDER_LIMIT + 1)

/* /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h, and the
 * kernel-internal ones of include/linux/kernel-page-flags.h). */
#define KPF_LOCKED		0
#define KPF_DIRTY		4
#define KPF_LRU			5
#define KPF_ACTIVE		6
#define KPF_SLAB		7
#define KPF_WRITEBACK		8
#define KPF_BUDDY		10
#define KPF_MMAP		11
#define KPF_ANON		12
#define KPF_SWAPBACKED		14
#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_HUGE		17
#define KPF_UNEVICTABLE		18
#define KPF_NOPAGE		20
#define KPF_KSM			21
#define KPF_THP			22
#define KPF_OFFLINE		23
#define KPF_ZERO_PAGE		24
#define KPF_PGTABLE		26
#define KPF_RESERVED		32
#define KPF_MLOCKED		33

/* The owner kind of a used page from its kpageflags (see import.c). */
enum page_owner mm_import_owner(uint64_t kpf);

/* What was read about one zone.  Counts not read stay 0 with their
 * have_ flag false. */
struct mm_import_zone {
	enum zone_type type;
	/* zoneinfo */
	bool have_span;
	uint64_t start_pfn, spanned, present, managed;
	bool have_wmark;
	unsigned long boost, min, low, high, promo;	/* min..promo include boost */
	unsigned nr_protection;
	long protection[MM_MAX_ZONES];
	long pages_free;		/* "pages free", -1 if not read */
	unsigned nr_pcp;		/* CPUs listed under pagesets */
	struct {
		int count, high, batch, high_min, high_max;
	} pcp[MM_MAX_CPUS];
	/* buddyinfo */
	bool have_free;
	unsigned long nr_free[MM_IMPORT_ORDERS];
	/* pagetypeinfo */
	bool have_free_mt;
	unsigned long nr_free_mt[MIGRATE_TYPES][MM_IMPORT_ORDERS];
	bool capped[MIGRATE_TYPES][MM_IMPORT_ORDERS];	/* printed ">100000" */
	bool have_blocks;
	unsigned long nr_blocks[MIGRATE_TYPES];
};

struct mm_import {
	unsigned nr_orders;		/* NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1 */
	unsigned pageblock_order;	/* 0: not read (default 9) */
	bool cma;			/* a CMA column in pagetypeinfo */
	unsigned nr_cpus;		/* 0: not read (1) */
	unsigned nr_zones;		/* zones of the node, kernel order */
	struct mm_import_zone zones[MM_MAX_ZONES];
};

void mm_import_init(struct mm_import *imp);
/* The zone of that type, added in kernel order if new; NULL if there is
 * no room. */
struct mm_import_zone *mm_import_zone(struct mm_import *imp,
				      enum zone_type type);

/* How the build went, zone by zone, for the command to report. */
struct mm_import_report {
	bool synthetic;			/* no kpageflags: placement invented */
	bool synthetic_sizes;		/* no zoneinfo: spans invented */
	/* Free blocks rebuilt from kpageflags that differ from buddyinfo
	 * (sum over orders of |rebuilt - read|), per zone index. */
	unsigned long free_diff[MM_MAX_ZONES];
	bool free_compared[MM_MAX_ZONES];
	/* Pageblocks whose type could not follow pagetypeinfo. */
	unsigned long blocks_diff[MM_MAX_ZONES];
	/* Free blocks per type that differ from pagetypeinfo. */
	unsigned long free_mt_diff[MM_MAX_ZONES];
	/* pagetypeinfo rows that disagreed with buddyinfo (read apart). */
	unsigned long mt_adjusted[MM_MAX_ZONES];
	uint64_t holes[MM_MAX_ZONES];	/* pages placed as holes */
	uint64_t reserved[MM_MAX_ZONES];	/* pages made OWNER_RESERVED */
	uint64_t owner_pages[MM_MAX_ZONES][NR_OWNERS];
};

/*
 * Build the machine.  kpf (may be NULL) holds kpf_pfns u64 flags from
 * PFN 0.  Returns NULL and a message when the numbers cannot describe a
 * machine (no zones, overlapping zones, more free pages than fit); the
 * message names the zone and the count.  Never prints.
 */
struct machine *mm_import_create(const struct mm_import *imp,
				 const uint64_t *kpf, uint64_t kpf_pfns,
				 struct mm_import_report *rep, char *err,
				 size_t errlen);

/* The bytes of model state (mm_config_state_bytes) the machine
 * mm_import_create() would build takes, with or without kpageflags, to
 * refuse one the system cannot hold before reading those or building it;
 * 0 when the numbers describe no machine. */
uint64_t mm_import_state_bytes(const struct mm_import *imp);

#endif
