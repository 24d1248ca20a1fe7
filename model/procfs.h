/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procfs.h - the kernel's text files about the allocator, and the
 * fragmentation metrics behind two of them.
 *
 * Writers for /proc/buddyinfo, /proc/pagetypeinfo, the zone part of
 * /proc/zoneinfo and /sys/kernel/debug/extfrag/{unusable_index,
 * extfrag_index}, identical in layout and spacing to the kernel's of the
 * machine's era (mm/vmstat.c; reference 10).  They append to a strbuf.
 * The indices are the kernel's integer formulas (reference 9).
 */
#ifndef BUDDYSCOPE_PROCFS_H
#define BUDDYSCOPE_PROCFS_H

#include "mm.h"
#include "strbuf.h"

void procfs_buddyinfo(const struct machine *m, struct strbuf *sb);
void procfs_pagetypeinfo(const struct machine *m, struct strbuf *sb);
void procfs_zoneinfo(const struct machine *m, struct strbuf *sb);
void procfs_unusable_index(const struct machine *m, struct strbuf *sb);
void procfs_extfrag_index(const struct machine *m, struct strbuf *sb);

/* fill_contig_page_info() for one zone and order. */
struct contig_page_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};
void frag_contig_page_info(const struct machine *m, unsigned zone,
			   unsigned order, struct contig_page_info *info);
/* fill_contig_page_info() from a zone's nr_free[0..max_order], as
 * recorded in a history sample. */
void frag_contig_info_counts(const uint32_t *nr_free, unsigned max_order,
			     unsigned order, struct contig_page_info *info);
/* The two indices from such counts (order <= max_order). */
int frag_unusable_from(const struct contig_page_info *info, unsigned order);
int frag_extfrag_from(const struct contig_page_info *info, unsigned order);
/* unusable_free_index(): 0..1000. */
int frag_unusable_index(const struct machine *m, unsigned zone, unsigned order);
/* __fragmentation_index(): -1000, or 0..1000. */
int frag_extfrag_index(const struct machine *m, unsigned zone, unsigned order);
/* extfrag_for_order(): 0..100 (proactive compaction score). */
int frag_extfrag_for_order(const struct machine *m, unsigned zone,
			   unsigned order);

#endif
