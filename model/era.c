/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * era.c - the table of kernel-era differences.
 *
 * One row per era; one field per behaviour that changed between 4.19 and
 * 6.12.  The comment on each field in era.h names the kernel change; the
 * reference (../shared/reference/linux-page-allocator.md section 1) has
 * the version timeline these rows were read from.
 */
#include "era.h"

#include <string.h>
#include <strings.h>

static const struct era_rules eras[NR_ERAS] = {
	[ERA_4_19] = {
		.name = "4.19",
		.boot_pos = LIST_HEAD_POS,	/* ordinary free path */
		.move_pos = LIST_HEAD_POS,	/* list_move */
		.min_free_kbytes_max = 65536,
		.wsf_max = 1000,
		.wmark_movable_is_high = false,
		.has_boost = false,
		.has_nofragment = false,
		.reserve_by_highest_zoneidx = false,	/* classzone_idx */
		.reserve_zero_if_empty = false,
		.fast_subtracts_unusable = false,
		.new_alloc_flags = false,
		.claim_steal_split = false,
		.merge_mergeable_types = false,
		.pcp_high_orders = false,
		.highatomic_aligned_limit = false,
		.highatomic_subtract_free = false,
		.zoneinfo_boost_promo_cma = false,
		.pagetypeinfo_cap = false,
		.extfrag_padded = false,
		.trace_pfn_hex = false,
		.compaction_capture = false,
		.proactive_compaction = false,
		.compaction_6x = false,
	},
	[ERA_6_12] = {
		.name = "6.12",
		.boot_pos = LIST_TAIL_POS,	/* FPI_TO_TAIL, 5.10+ */
		.move_pos = LIST_TAIL_POS,	/* list_move_tail, 5.10+ */
		.min_free_kbytes_max = 262144,
		.wsf_max = 3000,
		.wmark_movable_is_high = true,
		.has_boost = true,
		.has_nofragment = true,
		.reserve_by_highest_zoneidx = true,
		.reserve_zero_if_empty = true,
		.fast_subtracts_unusable = true,
		.new_alloc_flags = true,
		.claim_steal_split = true,
		.merge_mergeable_types = true,
		.pcp_high_orders = true,
		.highatomic_aligned_limit = true,
		.highatomic_subtract_free = true,
		.zoneinfo_boost_promo_cma = true,
		.pagetypeinfo_cap = true,
		.extfrag_padded = true,
		.trace_pfn_hex = true,
		.compaction_capture = true,
		.proactive_compaction = true,
		.compaction_6x = true,
	},
};

const struct era_rules *
era_rules(enum kernel_era era)
{
	if ((unsigned)era >= NR_ERAS)
		era = ERA_6_12;
	return &eras[era];
}

bool
era_parse(const char *s, enum kernel_era *out)
{
	static const struct {
		const char *word;
		enum kernel_era era;
	} words[] = {
		{ "4.19", ERA_4_19 }, { "4", ERA_4_19 }, { "old", ERA_4_19 },
		{ "6.12", ERA_6_12 }, { "6", ERA_6_12 }, { "new", ERA_6_12 },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].era;
			return true;
		}
	}
	return false;
}
