/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gfpinfo.h - what a GFP mask means for the allocator, in words: the
 * `gfp` command's decoder and the reserve arithmetic of the watermark
 * check.
 */
#ifndef BUDDYSCOPE_GFPINFO_H
#define BUDDYSCOPE_GFPINFO_H

#include "gfp.h"
#include "mm.h"
#include "strbuf.h"

/*
 * How far below a watermark a request with these (canonical) alloc_flags
 * may go: the min reductions of __zone_watermark_ok() in the era
 * (reference 5.3).  4.19: ALLOC_HIGH halves; then ALLOC_OOM halves or
 * ALLOC_HARDER takes a quarter.  6.12: only with an ALLOC_RESERVES bit:
 * ALLOC_MIN_RESERVE halves and with ALLOC_NON_BLOCK takes a further
 * quarter; ALLOC_OOM halves.  Returns the effective min; when why is not
 * NULL, appends the steps: "1000 -> 500 (ALLOC_HIGH halves) -> 375
 * (ALLOC_HARDER takes a quarter)".  ALLOC_NO_WATERMARKS is not looked at:
 * the caller says "no check at all" for it.
 */
long gfp_effective_min(enum kernel_era era, unsigned alloc_flags, long mark,
		       struct strbuf *why);

/*
 * The `gfp` command: decode mask for an order and context on machine m
 * (its era, zones and CMA): bits with the era's values, zone,
 * migratetype, fast and slow path alloc_flags, how deep below min, may it
 * sleep, reclaim, compact.
 */
void gfp_describe(const struct machine *m, gfp_t gfp, unsigned order,
		  enum alloc_ctx ctx, struct strbuf *out);

/* "Normal" for a zone type (the kernel's zone_names[]). */
const char *zone_type_name(enum zone_type t);

#endif
