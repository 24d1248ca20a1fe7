/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gfp.h - GFP flags, the input that decides everything.
 *
 * The kernel renumbered its __GFP_* bits between eras (reference 2.1), so
 * the model works on a canonical, era-independent mask: one bit per
 * __GFP_* flag, named GFPF_<FLAG> (the kernel's __GFP_<FLAG> without the
 * reserved leading underscores).  gfp_to_kernel() and gfp_from_kernel()
 * translate to and from an era's real numeric values, which are what users
 * type as hex and what trace lines print.  Type flags (GFP_KERNEL,
 * GFP_ATOMIC, ...) also differ per era and come from gfp_type_flag().
 *
 * The ALLOC_* flags are the allocator's internal view of a request
 * (mm/internal.h).  They too are canonical: ALLOC_NON_BLOCK is the bit the
 * 4.19 kernel called ALLOC_HARDER and ALLOC_MIN_RESERVE the one it called
 * ALLOC_HIGH; the meaning of each in the watermark check is era-specific
 * and lives in the model's watermark code.
 */
#ifndef BUDDYSCOPE_GFP_H
#define BUDDYSCOPE_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "era.h"

typedef uint32_t gfp_t;		/* canonical mask, see enum gfp_bit */

/* Canonical bit numbers, in the kernel's own order of declaration. */
enum gfp_bit {
	GFPB_DMA,
	GFPB_HIGHMEM,
	GFPB_DMA32,
	GFPB_MOVABLE,
	GFPB_RECLAIMABLE,
	GFPB_HIGH,
	GFPB_IO,
	GFPB_FS,
	GFPB_ZERO,
	GFPB_ATOMIC,		/* 4.19 only: removed in 6.3 */
	GFPB_DIRECT_RECLAIM,
	GFPB_KSWAPD_RECLAIM,
	GFPB_WRITE,
	GFPB_NOWARN,
	GFPB_RETRY_MAYFAIL,
	GFPB_NOFAIL,
	GFPB_NORETRY,
	GFPB_MEMALLOC,
	GFPB_COMP,
	GFPB_NOMEMALLOC,
	GFPB_HARDWALL,
	GFPB_THISNODE,
	GFPB_ACCOUNT,
	GFPB_ZEROTAGS,		/* 5.12+ */
	GFPB_SKIP_ZERO,		/* 6.0+, KASAN_HW_TAGS only */
	GFPB_SKIP_KASAN,	/* 6.1+, KASAN_HW_TAGS only */
	GFPB_NOLOCKDEP,		/* LOCKDEP only */
	GFPB_NO_OBJ_EXT,	/* 6.10+, SLAB_OBJ_EXT only */
	NR_GFP_BITS,
};

#define GFPF_DMA		(1u << GFPB_DMA)
#define GFPF_HIGHMEM		(1u << GFPB_HIGHMEM)
#define GFPF_DMA32		(1u << GFPB_DMA32)
#define GFPF_MOVABLE		(1u << GFPB_MOVABLE)
#define GFPF_RECLAIMABLE	(1u << GFPB_RECLAIMABLE)
#define GFPF_HIGH		(1u << GFPB_HIGH)
#define GFPF_IO			(1u << GFPB_IO)
#define GFPF_FS			(1u << GFPB_FS)
#define GFPF_ZERO		(1u << GFPB_ZERO)
#define GFPF_ATOMIC		(1u << GFPB_ATOMIC)
#define GFPF_DIRECT_RECLAIM	(1u << GFPB_DIRECT_RECLAIM)
#define GFPF_KSWAPD_RECLAIM	(1u << GFPB_KSWAPD_RECLAIM)
#define GFPF_WRITE		(1u << GFPB_WRITE)
#define GFPF_NOWARN		(1u << GFPB_NOWARN)
#define GFPF_RETRY_MAYFAIL	(1u << GFPB_RETRY_MAYFAIL)
#define GFPF_NOFAIL		(1u << GFPB_NOFAIL)
#define GFPF_NORETRY		(1u << GFPB_NORETRY)
#define GFPF_MEMALLOC		(1u << GFPB_MEMALLOC)
#define GFPF_COMP		(1u << GFPB_COMP)
#define GFPF_NOMEMALLOC		(1u << GFPB_NOMEMALLOC)
#define GFPF_HARDWALL		(1u << GFPB_HARDWALL)
#define GFPF_THISNODE		(1u << GFPB_THISNODE)
#define GFPF_ACCOUNT		(1u << GFPB_ACCOUNT)
#define GFPF_ZEROTAGS		(1u << GFPB_ZEROTAGS)
#define GFPF_SKIP_ZERO		(1u << GFPB_SKIP_ZERO)
#define GFPF_SKIP_KASAN		(1u << GFPB_SKIP_KASAN)
#define GFPF_NOLOCKDEP		(1u << GFPB_NOLOCKDEP)
#define GFPF_NO_OBJ_EXT		(1u << GFPB_NO_OBJ_EXT)
#define GFPF_RECLAIM		(GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM)
#define GFPF_ZONEMASK		(GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32 | GFPF_MOVABLE)

/* The GFP_* type flags (include/linux/gfp_types.h). */
enum gfp_type {
	GFPT_ATOMIC,
	GFPT_KERNEL,
	GFPT_KERNEL_ACCOUNT,
	GFPT_NOWAIT,
	GFPT_NOIO,
	GFPT_NOFS,
	GFPT_USER,
	GFPT_DMA,
	GFPT_DMA32,
	GFPT_HIGHUSER,
	GFPT_HIGHUSER_MOVABLE,
	GFPT_TRANSHUGE_LIGHT,
	GFPT_TRANSHUGE,
	NR_GFP_TYPES,
};

/* Canonical mask of a type flag in an era (e.g. GFP_ATOMIC has
 * GFPF_ATOMIC in 4.19 only, GFP_NOWAIT has GFPF_NOWARN in 6.12 only). */
gfp_t gfp_type_flag(enum kernel_era era, enum gfp_type t);

/* "GFP_KERNEL", without the era. */
const char *gfp_type_name(enum gfp_type t);

/* "__GFP_ZERO" for a canonical bit; NULL when out of range. */
const char *gfp_bit_name(enum gfp_bit b);

/* True when the bit exists in the era (e.g. __GFP_ATOMIC not in 6.12). */
bool gfp_bit_in_era(enum kernel_era era, enum gfp_bit b);

/* The era's real numeric value of a canonical mask, and back.  Bits the
 * era does not have are dropped by gfp_to_kernel(); kernel bits that have
 * no flag in the era make gfp_from_kernel() return false. */
uint64_t gfp_to_kernel(enum kernel_era era, gfp_t gfp);
bool gfp_from_kernel(enum kernel_era era, uint64_t kernel, gfp_t *out);

/*
 * Parse a mask as users and kernel sources write it: type flags, __GFP_
 * bits (with or without the underscores, case-insensitive, also without
 * the GFP_ prefix for bits: "ZERO"), hex (era values) and decimal, joined
 * by '|' with optional spaces: "GFP_KERNEL|__GFP_ZERO", "0xcc0",
 * "GFP_ATOMIC | __GFP_NOWARN".  On error returns false and writes one
 * sentence naming the bad part to err.  *out is unchanged on error.
 */
bool gfp_parse(enum kernel_era era, const char *s, gfp_t *out,
	       char *err, size_t errlen);

/*
 * Print a mask the way the kernel's trace output does (show_gfp_flags():
 * the mmflags.h table walked in order, composite names first, leftover
 * kernel bits as 0x%lx, "none" for 0).  Writes at most len bytes including
 * the NUL; returns the length it needed (like snprintf).
 */
size_t gfp_format(enum kernel_era era, gfp_t gfp, char *buf, size_t len);

/* Zones a request may use, as zone types (see mm.h enum zone_type). */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	NR_ZONE_TYPES,
};

/*
 * gfp_zone(): the highest zone type a mask allows (GFP_ZONE_TABLE).
 * Types the machine does not configure collapse as the kernel's OPT_ZONE_*
 * do: no DMA32 -> NORMAL, no HIGHMEM -> NORMAL.  Returns false for the
 * combinations GFP_ZONE_BAD marks.
 */
bool gfp_zone(gfp_t gfp, bool have_dma32, bool have_highmem,
	      enum zone_type *out);

/* Migratetypes (enum migratetype).  MIGRATE_CMA exists only with CMA, so
 * the numbers printed by traces are era/config dependent: see
 * migratetype_kernel_nr(). */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_HIGHATOMIC,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES,
};
#define MIGRATE_PCPTYPES 3

const char *migratetype_name(enum migratetype mt);	/* "Unmovable" */
char migratetype_letter(enum migratetype mt);		/* 'U' */
/* The number the kernel prints for mt (ISOLATE is 4 without CMA). */
int migratetype_kernel_nr(enum migratetype mt, bool have_cma);

/* gfp_migratetype(): (gfp & (RECLAIMABLE|MOVABLE)) >> 3, UNMOVABLE when
 * mobility grouping is disabled. */
enum migratetype gfp_migratetype(gfp_t gfp, bool group_by_mobility);

/* Internal allocation flags (mm/internal.h), canonical values. */
#define ALLOC_WMARK_MIN		0x00
#define ALLOC_WMARK_LOW		0x01
#define ALLOC_WMARK_HIGH	0x02
#define ALLOC_WMARK_MASK	0x03
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10	/* 4.19: ALLOC_HARDER */
#define ALLOC_MIN_RESERVE	0x20	/* 4.19: ALLOC_HIGH */
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* Who is allocating: the calling context the kernel reads from current. */
enum alloc_ctx {
	CTX_PROCESS,		/* ordinary task, may sleep if gfp allows */
	CTX_ATOMIC,		/* interrupt / atomic: cannot sleep */
	CTX_MEMALLOC,		/* task with PF_MEMALLOC (reclaimer, kswapd) */
	CTX_OOM_VICTIM,		/* task chosen by the OOM killer */
	CTX_RT,			/* real-time task in task context */
	NR_ALLOC_CTX,
};
const char *alloc_ctx_name(enum alloc_ctx c);	/* "process", "atomic", ... */
bool alloc_ctx_parse(const char *s, enum alloc_ctx *out);

/*
 * gfp_to_alloc_flags(): the slow path's alloc_flags for a request of order
 * in the era (reference 5.4), including ALLOC_KSWAPD and ALLOC_CMA (when
 * have_cma and the request is movable).  Does not include the
 * __gfp_pfmemalloc_flags() part; see gfp_pfmemalloc_flags().
 */
unsigned gfp_to_alloc_flags(enum kernel_era era, gfp_t gfp, unsigned order,
			    enum alloc_ctx ctx, bool have_cma);

/* __gfp_pfmemalloc_flags(): ALLOC_NO_WATERMARKS, ALLOC_OOM or 0. */
unsigned gfp_pfmemalloc_flags(gfp_t gfp, enum alloc_ctx ctx);

/* "ALLOC_WMARK_MIN|ALLOC_HARDER|..." with the era's names. */
size_t alloc_flags_format(enum kernel_era era, unsigned flags, char *buf,
			  size_t len);

/* The era's numeric value of canonical alloc flags (for display). */
unsigned alloc_flags_to_kernel(enum kernel_era era, unsigned flags);

#endif
