/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procfiles.c - the path table of `cat` and the sysctl table (procfiles.h).
 *
 * /proc/vmstat: the kernel prints some two hundred counters; the model
 * keeps the ones of the page allocator, and this file prints those lines,
 * in the kernel's order and spelling (mm/vmstat.c vmstat_text[]), and no
 * others: nr_free_pages, nr_free_cma (6.x zone stat), nr_dirty and
 * nr_vmscan_write (node stats), then the events: pswpout, pgalloc_<zone>
 * and allocstall_<zone> for each zone type the machine configures (except
 * Device), pgfree, the reclaim, migration, compaction and OOM counters.
 */
#include "procfiles.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfpinfo.h"
#include "parse.h"
#include "procfs.h"
#include "reclaim.h"

static void
vmstat_show(const struct machine *m, struct strbuf *out)
{
	static const char *const suffix[NR_ZONE_TYPES] = {
		[ZONE_DMA] = "dma", [ZONE_DMA32] = "dma32",
		[ZONE_NORMAL] = "normal", [ZONE_HIGHMEM] = "high",
		[ZONE_MOVABLE] = "movable", [ZONE_DEVICE] = NULL,
	};
	struct mm_vmstat vs;
	struct zone_info zi;
	long free = 0, cma = 0;

	mm_get_vmstat(m, &vs);
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi))
			continue;
		free += zi.free;
		cma += zi.free_cma;
	}
	long dirty = 0;

	strbuf_addf(out, "nr_free_pages %ld\n", free);
	if (era_rules(mm_era(m))->zoneinfo_boost_promo_cma || mm_have_cma(m))
		strbuf_addf(out, "nr_free_cma %ld\n", cma);
	for (unsigned z = 0; z < mm_nr_zones(m); z++)
		dirty += mm_zone_dirty_pages(m, z);
	strbuf_addf(out, "nr_dirty %ld\n", dirty);
	strbuf_addf(out, "nr_vmscan_write %lu\n", vs.nr_vmscan_write);
	strbuf_addf(out, "pswpout %lu\n", vs.pswpout);
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || (unsigned)zi.type >= NR_ZONE_TYPES ||
		    !suffix[zi.type])
			continue;
		strbuf_addf(out, "pgalloc_%s %lu\n", suffix[zi.type],
			    vs.pgalloc[z]);
	}
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi) || (unsigned)zi.type >= NR_ZONE_TYPES ||
		    !suffix[zi.type])
			continue;
		strbuf_addf(out, "allocstall_%s %lu\n", suffix[zi.type],
			    vs.allocstall[z]);
	}
	strbuf_addf(out, "pgfree %lu\n", vs.pgfree);
	strbuf_addf(out, "pgsteal_kswapd %lu\npgsteal_direct %lu\n"
		    "pgscan_kswapd %lu\npgscan_direct %lu\n"
		    "slabs_scanned %lu\npageoutrun %lu\n"
		    "drop_pagecache %lu\ndrop_slab %lu\noom_kill %lu\n"
		    "pgmigrate_success %lu\npgmigrate_fail %lu\n"
		    "compact_migrate_scanned %lu\ncompact_free_scanned %lu\n"
		    "compact_isolated %lu\ncompact_stall %lu\ncompact_fail %lu\n"
		    "compact_success %lu\ncompact_daemon_wake %lu\n",
		    vs.pgsteal_kswapd, vs.pgsteal_direct, vs.pgscan_kswapd,
		    vs.pgscan_direct, vs.slabs_scanned, vs.pageoutrun,
		    vs.drop_pagecache, vs.drop_slab, vs.oom_kill,
		    vs.pgmigrate_success, vs.pgmigrate_fail,
		    vs.compact_migrate_scanned, vs.compact_free_scanned,
		    vs.compact_isolated, vs.compact_stall, vs.compact_fail,
		    vs.compact_success, vs.compact_daemon_wake);
}

const char *const procfile_paths[] = {
	"/proc/buddyinfo",
	"/proc/pagetypeinfo",
	"/proc/zoneinfo",
	"/proc/vmstat",
	"/sys/kernel/debug/extfrag/extfrag_index",
	"/sys/kernel/debug/extfrag/unusable_index",
	"/proc/sys/vm/min_free_kbytes",
	"/proc/sys/vm/watermark_scale_factor",
	"/proc/sys/vm/watermark_boost_factor",
	"/proc/sys/vm/lowmem_reserve_ratio",
	"/proc/sys/vm/extfrag_threshold",
	"/proc/sys/vm/compaction_proactiveness",
	NULL,
};

bool
procfile_cat(const struct machine *m, const char *path, struct strbuf *out,
	     char *err, size_t errlen)
{
	char q[64];
	int idx;

	if (strcmp(path, "/proc/buddyinfo") == 0)
		procfs_buddyinfo(m, out);
	else if (strcmp(path, "/proc/pagetypeinfo") == 0)
		procfs_pagetypeinfo(m, out);
	else if (strcmp(path, "/proc/zoneinfo") == 0)
		procfs_zoneinfo(m, out);
	else if (strcmp(path, "/proc/vmstat") == 0)
		vmstat_show(m, out);
	else if (strcmp(path, "/sys/kernel/debug/extfrag/extfrag_index") == 0)
		procfs_extfrag_index(m, out);
	else if (strcmp(path, "/sys/kernel/debug/extfrag/unusable_index") == 0)
		procfs_unusable_index(m, out);
	else if (strncmp(path, "/proc/sys/vm/", 13) == 0 &&
		 (idx = sysctl_lookup(path)) >= 0)
		sysctl_value(m, idx, out);
	else {
		snprintf(err, errlen,
			 "%s: no such file (try /proc/buddyinfo, /proc/pagetypeinfo, "
			 "/proc/zoneinfo, /proc/vmstat, /sys/kernel/debug/extfrag/"
			 "{extfrag,unusable}_index or /proc/sys/vm/NAME)",
			 parse_quote(path, q, sizeof(q)));
		return false;
	}
	return true;
}

/* ---- sysctls ------------------------------------------------------------ */

enum sysctl_kind { SK_LONG, SK_UINT, SK_UINT_ZONES };

static const struct {
	const char *name;
	size_t offset;
	enum sysctl_kind kind;
} sysctls[] = {
	{ "min_free_kbytes", offsetof(struct mm_sysctl, min_free_kbytes), SK_LONG },
	{ "watermark_scale_factor",
	  offsetof(struct mm_sysctl, watermark_scale_factor), SK_UINT },
	{ "watermark_boost_factor",
	  offsetof(struct mm_sysctl, watermark_boost_factor), SK_UINT },
	{ "lowmem_reserve_ratio",
	  offsetof(struct mm_sysctl, lowmem_reserve_ratio), SK_UINT_ZONES },
	{ "extfrag_threshold", offsetof(struct mm_sysctl, extfrag_threshold),
	  SK_UINT },
	{ "compaction_proactiveness",
	  offsetof(struct mm_sysctl, compaction_proactiveness), SK_UINT },
};

#define NR_SYSCTLS (sizeof(sysctls) / sizeof(sysctls[0]))

const char *const sysctl_names[] = {
	"min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor",
	"lowmem_reserve_ratio", "extfrag_threshold",
	"compaction_proactiveness", NULL,
};

int
sysctl_lookup(const char *name)
{
	static const char *const prefixes[] = {
		"/proc/sys/vm/", "vm.", "vm/", "",
	};

	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		size_t n = strlen(prefixes[p]);

		if (strncmp(name, prefixes[p], n) != 0)
			continue;
		for (size_t i = 0; i < NR_SYSCTLS; i++)
			if (strcmp(name + n, sysctls[i].name) == 0)
				return (int)i;
	}
	return -1;
}

void
sysctl_value(const struct machine *m, int idx, struct strbuf *out)
{
	struct mm_sysctl sc;
	const char *base = (const char *)&sc;

	mm_get_sysctl(m, &sc);
	switch (sysctls[idx].kind) {
	case SK_LONG:
		strbuf_addf(out, "%ld\n",
			    *(const long *)(base + sysctls[idx].offset));
		break;
	case SK_UINT:
		strbuf_addf(out, "%u\n",
			    *(const unsigned *)(base + sysctls[idx].offset));
		break;
	case SK_UINT_ZONES:
		for (unsigned z = 0; z < mm_nr_zones(m); z++)
			strbuf_addf(out, "%s%u", z ? "\t" : "",
				    sc.lowmem_reserve_ratio[z]);
		strbuf_addc(out, '\n');
		break;
	}
}

void
sysctl_show(const struct machine *m, int idx, struct strbuf *out)
{
	strbuf_addf(out, "vm.%s = ", sysctls[idx].name);
	sysctl_value(m, idx, out);
}

bool
sysctl_set(struct machine *m, int idx, const char *value, char *err,
	   size_t errlen)
{
	struct mm_sysctl sc;
	char *base = (char *)&sc, *copy, *word, *save = NULL;
	unsigned n = 0;
	bool ok = false;
	long v;

	mm_get_sysctl(m, &sc);
	copy = strdup(value);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (word = strtok_r(copy, " \t,", &save); word;
	     word = strtok_r(NULL, " \t,", &save), n++) {
		if (!parse_long(word, &v, err, errlen)) {
			/* name the sysctl, as the range errors below do */
			char why[200];

			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "vm.%s: %s", sysctls[idx].name, why);
			goto out;
		}
		if (sysctls[idx].kind == SK_LONG) {
			if (n > 0)
				goto one;
			*(long *)(base + sysctls[idx].offset) = v;
			continue;
		}
		if (v < 0 || v > 0x7fffffffL) {
			snprintf(err, errlen, "vm.%s: %ld is out of range "
				 "(expected 0..2147483647)", sysctls[idx].name, v);
			goto out;
		}
		if (sysctls[idx].kind == SK_UINT) {
			if (n > 0)
				goto one;
			*(unsigned *)(base + sysctls[idx].offset) = (unsigned)v;
			continue;
		}
		if (n >= mm_nr_zones(m)) {
			snprintf(err, errlen,
				 "vm.lowmem_reserve_ratio: more than %u values "
				 "(one per zone type)", mm_nr_zones(m));
			goto out;
		}
		sc.lowmem_reserve_ratio[n] = (unsigned)v;
	}
	if (n == 0) {
		snprintf(err, errlen, "vm.%s: no value given", sysctls[idx].name);
		goto out;
	}
	ok = mm_set_sysctl(m, &sc, err, errlen);
	goto out;
one:
	snprintf(err, errlen, "vm.%s takes one number", sysctls[idx].name);
out:
	free(copy);
	return ok;
}
