/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gfpinfo.c - the `gfp` decoder and gfp_effective_min() (gfpinfo.h).
 *
 * Everything here is read from the model's GFP functions (gfp_parse,
 * gfp_format, gfp_zone, gfp_migratetype, gfp_to_alloc_flags,
 * gfp_pfmemalloc_flags); the only arithmetic of its own is the min
 * reduction of __zone_watermark_ok(), kept in gfp_effective_min() until
 * the model exports it.
 */
#include "gfpinfo.h"

#include <stdio.h>
#include <string.h>

const char *
zone_type_name(enum zone_type t)
{
	static const char *const names[NR_ZONE_TYPES] = {
		[ZONE_DMA] = "DMA", [ZONE_DMA32] = "DMA32",
		[ZONE_NORMAL] = "Normal", [ZONE_HIGHMEM] = "HighMem",
		[ZONE_MOVABLE] = "Movable", [ZONE_DEVICE] = "Device",
	};

	return (unsigned)t < NR_ZONE_TYPES ? names[t] : "?";
}

static long
step(long min, long cut, const char *what, struct strbuf *why)
{
	min -= cut;
	if (why)
		strbuf_addf(why, " -> %ld (%s)", min, what);
	return min;
}

long
gfp_effective_min(enum kernel_era era, unsigned flags, long mark,
		  struct strbuf *why)
{
	long min = mark;

	if (why)
		strbuf_addf(why, "%ld", mark);
	if (!era_rules(era)->new_alloc_flags) {
		/* 4.19 __zone_watermark_ok() */
		if (flags & ALLOC_MIN_RESERVE)
			min = step(min, min / 2, "ALLOC_HIGH halves", why);
		if (flags & ALLOC_OOM)
			min = step(min, min / 2, "ALLOC_OOM halves", why);
		else if (flags & ALLOC_NON_BLOCK)
			min = step(min, min / 4,
				   "ALLOC_HARDER takes a quarter", why);
	} else if (flags & ALLOC_RESERVES) {
		/* 6.3+ __zone_watermark_ok() */
		if (flags & ALLOC_MIN_RESERVE) {
			min = step(min, min / 2, "ALLOC_MIN_RESERVE halves",
				   why);
			if (flags & ALLOC_NON_BLOCK)
				min = step(min, min / 4,
					   "ALLOC_NON_BLOCK takes a further quarter",
					   why);
		}
		if (flags & ALLOC_OOM)
			min = step(min, min / 2, "ALLOC_OOM halves", why);
	}
	if (why && min == mark)
		strbuf_adds(why, " (no reduction)");
	return min;
}

/* The machine's zone of type t, or -1. */
static int
zone_of_type(const struct machine *m, enum zone_type t)
{
	struct zone_info zi;

	for (unsigned z = 0; z < mm_nr_zones(m); z++)
		if (mm_zone_info(m, z, &zi) && zi.type == t)
			return (int)z;
	return -1;
}

void
gfp_describe(const struct machine *m, gfp_t gfp, unsigned order,
	     enum alloc_ctx ctx, struct strbuf *out)
{
	enum kernel_era era = mm_era(m);
	const struct machine_config *cfg = mm_config(m);
	bool have_highmem = cfg->highmem_arch, have_dma32 = !cfg->highmem_arch;
	char buf[512];
	enum zone_type zt;
	unsigned flags, pfm;
	enum migratetype mt;
	bool any = false, direct = gfp & GFPF_DIRECT_RECLAIM;
	int z;

	gfp_format(era, gfp, buf, sizeof(buf));
	strbuf_addf(out, "%s in %s: mode:0x%llx, order %u, %s context\n", buf,
		    era_rules(era)->name,
		    (unsigned long long)gfp_to_kernel(era, gfp), order,
		    alloc_ctx_name(ctx));

	strbuf_adds(out, "  bits:        ");
	for (unsigned b = 0; b < NR_GFP_BITS; b++) {
		if (!(gfp & (1u << b)))
			continue;
		if (gfp_bit_in_era(era, (enum gfp_bit)b))
			strbuf_addf(out, "%s%s (0x%llx)", any ? " " : "",
				    gfp_bit_name((enum gfp_bit)b),
				    (unsigned long long)gfp_to_kernel(era, 1u << b));
		else
			strbuf_addf(out, "%s%s (not in %s)", any ? " " : "",
				    gfp_bit_name((enum gfp_bit)b),
				    era_rules(era)->name);
		any = true;
	}
	strbuf_adds(out, any ? "\n" : "none\n");

	strbuf_adds(out, "  zone:        ");
	if (!gfp_zone(gfp, have_dma32, have_highmem, &zt)) {
		strbuf_adds(out, "GFP_ZONE_BAD: more than one of __GFP_DMA, "
				 "__GFP_DMA32, __GFP_HIGHMEM (the kernel would "
				 "BUG)\n");
	} else {
		z = zone_of_type(m, zt);
		strbuf_addf(out, "gfp_zone() = %s: the highest zone it may use",
			    zone_type_name(zt));
		if (z < 0)
			strbuf_adds(out, " (this machine has no such zone)");
		strbuf_adds(out, "; lower zones are tried after it\n");
	}

	mt = gfp_migratetype(gfp, mm_group_by_mobility(m));
	strbuf_addf(out, "  migratetype: gfp_migratetype() = %s (%d)%s\n",
		    migratetype_name(mt),
		    migratetype_kernel_nr(mt, mm_have_cma(m)),
		    mm_group_by_mobility(m) ? ""
		    : " (mobility grouping is off on this machine)");

	strbuf_adds(out, "  fast path:   ALLOC_WMARK_LOW: must stay above "
			 "the low watermark\n");
	flags = gfp_to_alloc_flags(era, gfp, order, ctx, mm_have_cma(m));
	alloc_flags_format(era, flags, buf, sizeof(buf));
	strbuf_addf(out, "  slow path:   gfp_to_alloc_flags() = %s\n", buf);
	pfm = gfp_pfmemalloc_flags(gfp, ctx);
	if (pfm) {
		alloc_flags_format(era, pfm, buf, sizeof(buf));
		strbuf_addf(out, "               then %s from "
				 "__gfp_pfmemalloc_flags() replace them\n", buf);
	}

	strbuf_adds(out, "  below min:   ");
	if (pfm & ALLOC_NO_WATERMARKS) {
		strbuf_adds(out, "no watermark check at all "
				 "(ALLOC_NO_WATERMARKS)\n");
	} else {
		struct strbuf why = STRBUF_INIT;

		gfp_effective_min(era, flags | (pfm & ALLOC_OOM), 1000, &why);
		strbuf_addf(out, "a min watermark of 1000 pages becomes %s\n",
			    strbuf_str(&why));
		strbuf_release(&why);
	}

	strbuf_addf(out, "  may sleep:   %s\n",
		    ctx == CTX_ATOMIC ? "no (atomic context)"
		    : direct ? "yes (__GFP_DIRECT_RECLAIM)"
			     : "no (no __GFP_DIRECT_RECLAIM)");
	strbuf_addf(out, "  kswapd:      %s\n",
		    gfp & GFPF_KSWAPD_RECLAIM ? "woken when below low "
						"(__GFP_KSWAPD_RECLAIM)"
					      : "not woken");
	strbuf_addf(out, "  reclaim:     %s\n",
		    !direct ? "no direct reclaim"
		    : ctx == CTX_MEMALLOC ? "no: a PF_MEMALLOC task does not "
					    "reclaim recursively"
		    : (gfp & GFPF_FS) ? "direct reclaim, may call into file systems"
		    : (gfp & GFPF_IO) ? "direct reclaim, may start I/O but not "
					"call file systems"
				      : "direct reclaim without I/O");
	strbuf_addf(out, "  compact:     %s\n",
		    !direct ? "no (needs __GFP_DIRECT_RECLAIM)"
		    : !(gfp & GFPF_IO) ? "no (needs __GFP_IO)"
		    : order == 0 ? "not for order 0"
				 : "direct compaction may run");
	strbuf_addf(out, "  on failure:  %s\n",
		    gfp & GFPF_NOFAIL ? "never fails (__GFP_NOFAIL retries forever)"
		    : !direct ? "fails at once after the reserve attempt"
		    : gfp & GFPF_NORETRY ? "one reclaim and compaction round, "
					   "no OOM kill"
		    : gfp & GFPF_RETRY_MAYFAIL ? "retries while reclaim makes "
						 "progress, no OOM kill"
		    : order > 3 ? "costly order: gives up after one round, no "
				  "OOM kill"
				: "retries, and OOM-kills rather than fail");
	if (!(gfp & GFPF_NOWARN))
		strbuf_adds(out, "  warning:     a failure logs \"page "
				 "allocation failure\" (no __GFP_NOWARN)\n");
}
