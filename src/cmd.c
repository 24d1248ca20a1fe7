/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.c - the command table (cmd.h) and the handlers of every command.
 *
 * The table at the bottom of this file is the one definition of the
 * command language.  A handler reads its words from the struct cmd_ctx,
 * checks every one of them before it changes anything (commands are
 * atomic), writes its output to c->out and returns EXEC_OK, or writes one
 * message naming what was wrong and what was expected and returns
 * EXEC_ERROR.
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compaction.h"
#include "gfpinfo.h"
#include "lesson.h"
#include "preset.h"
#include "reclaim.h"
#include "procfiles.h"
#include "procimport.h"
#include "replay.h"
#include "capture.h"
#include "watch.h"
#include "script.h"
#include "exports.h"
#include "session_impl.h"
#include "vmcmd.h"
#include "workload.h"

#define MAX_SOURCE_DEPTH 16
#define MAX_COUNT 1048576ul

/* ---- helpers -------------------------------------------------------------- */

enum exec_status
cmd_error(struct cmd_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s: ", c->cmd->name);

	if (n < 0 || (size_t)n >= c->errlen)
		return EXEC_ERROR;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return EXEC_ERROR;
}

/* Prefix the message a parser wrote into c->err with the command name. */
enum exec_status
cmd_fail(struct cmd_ctx *c)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s", c->err);
	return cmd_error(c, "%s", msg);
}

static const char *
q(const char *word, char *buf, size_t len)
{
	return parse_quote(word, buf, len);
}

static const char *const zone_names_kernel[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

bool
cmd_parse_zone(struct cmd_ctx *c, const char *word, unsigned *zone)
{
	const struct machine *m = c->s->m;
	struct zone_info zi;
	char qb[64];
	int z = mm_zone_by_name(m, word);
	struct strbuf names = STRBUF_INIT;

	if (z >= 0) {
		*zone = (unsigned)z;
		return true;
	}
	for (unsigned i = 0; i < mm_nr_zones(m); i++)
		if (mm_zone_info(m, i, &zi) && zi.populated)
			strbuf_addf(&names, "%s%s", names.len ? ", " : "", zi.name);
	cmd_error(c, "unknown zone '%s': this machine's zones with memory are %s",
		  q(word, qb, sizeof(qb)), strbuf_str(&names));
	strbuf_release(&names);
	return false;
}

bool
cmd_parse_pfn(struct cmd_ctx *c, const char *word, uint64_t *pfn)
{
	if (!parse_u64(word, pfn, c->err, c->errlen)) {
		cmd_fail(c);
		return false;
	}
	if (*pfn < mm_start_pfn(c->s->m) || *pfn >= mm_end_pfn(c->s->m)) {
		cmd_error(c, "pfn 0x%llx is outside the machine (pfns 0x%llx..0x%llx)",
			  (unsigned long long)*pfn,
			  (unsigned long long)mm_start_pfn(c->s->m),
			  (unsigned long long)mm_end_pfn(c->s->m) - 1);
		return false;
	}
	return true;
}

static bool
parse_gfp(struct cmd_ctx *c, const char *word, gfp_t *gfp)
{
	if (!gfp_parse(mm_era(c->s->m), word, gfp, c->err, c->errlen)) {
		cmd_fail(c);
		return false;
	}
	return true;
}

static bool
parse_order(struct cmd_ctx *c, const char *word, unsigned *order)
{
	unsigned long v;

	if (!parse_ulong_range(word, "order", 0, mm_max_order(c->s->m), &v,
			       c->err, c->errlen)) {
		cmd_fail(c);
		return false;
	}
	*order = (unsigned)v;
	return true;
}

static bool
parse_migratetype(struct cmd_ctx *c, const char *word, enum migratetype *mt)
{
	char qb[64];

	for (int t = 0; t < MIGRATE_TYPES; t++) {
		const char *name = migratetype_name((enum migratetype)t);
		char full[32];

		snprintf(full, sizeof(full), "MIGRATE_%s", name);
		if (word_eq(word, name) || word_eq(word, full) ||
		    (word[0] && !word[1] &&
		     (word[0] | 0x20) == (migratetype_letter((enum migratetype)t) | 0x20))) {
			if (t == MIGRATE_CMA && !mm_have_cma(c->s->m))
				break;
			*mt = (enum migratetype)t;
			return true;
		}
	}
	cmd_error(c, "unknown migratetype '%s': expected Unmovable, Movable, "
		  "Reclaimable, HighAtomic%s or Isolate",
		  q(word, qb, sizeof(qb)), mm_have_cma(c->s->m) ? ", CMA" : "");
	return false;
}

static const char *
ordinal(uint64_t n, char *buf, size_t len)
{
	const char *suf = "th";

	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	snprintf(buf, len, "%llu%s", (unsigned long long)n, suf);
	return buf;
}

const char *
cmd_zone_name(const struct machine *m, int zone)
{
	struct zone_info zi;

	if (zone < 0 || !mm_zone_info(m, (unsigned)zone, &zi))
		return "?";
	return zi.name;
}

/* ---- machine, era ---------------------------------------------------------- */

static void
machine_show(const struct session *s, struct strbuf *out)
{
	const struct machine *m = s->m;
	uint64_t pages = 0;
	struct zone_info zi;
	unsigned pb = mm_pageblock_order(m);

	strbuf_addf(out, "machine %s, era %s: PFNs 0x%llx..0x%llx\n",
		    s->st.preset, era_rules(mm_era(m))->name,
		    (unsigned long long)mm_start_pfn(m),
		    (unsigned long long)mm_end_pfn(m) - 1);
	strbuf_adds(out, "  zone      start_pfn    end_pfn    spanned    present    managed      min      low     high\n");
	for (unsigned z = 0; z < mm_nr_zones(m); z++) {
		if (!mm_zone_info(m, z, &zi))
			continue;
		if (!zi.populated && !zi.spanned)
			continue;
		pages += zi.present;
		strbuf_addf(out, "  %-8s %10llx %10llx %10llu %10llu %10llu %8lu %8lu %8lu\n",
			    zi.name, (unsigned long long)zi.start_pfn,
			    (unsigned long long)(zi.start_pfn + zi.spanned - 1),
			    (unsigned long long)zi.spanned,
			    (unsigned long long)zi.present,
			    (unsigned long long)zi.managed, zi.wmark[0],
			    zi.wmark[1], zi.wmark[2]);
	}
	strbuf_addf(out, "  orders 0..%u, pageblock order %u (%u pages), %u CPU%s, per-CPU lists %s\n",
		    mm_max_order(m), pb, 1u << pb, mm_config(m)->nr_cpus,
		    mm_config(m)->nr_cpus == 1 ? "" : "s",
		    mm_pcp_enabled(m) ? "on" : "off");
	if (mm_group_by_mobility(m))
		strbuf_addf(out, "  mobility grouping on (%llu pages >= %u)\n",
			    (unsigned long long)pages,
			    (1u << pb) * (mm_have_cma(m) ? 6u : 5u));
	else
		strbuf_addf(out, "  mobility grouping DISABLED: %llu pages < pageblock_nr_pages * MIGRATE_TYPES = %u;\n"
			    "  every allocation is Unmovable and every fallback claims its block\n",
			    (unsigned long long)pages,
			    (1u << pb) * (mm_have_cma(m) ? 6u : 5u));
}

static bool
build_machine(struct cmd_ctx *c, struct machine_config *cfg,
	      const char *preset)
{
	char msg[400];
	struct machine *m;

	if (!session_machine_fits(c->s, cfg, msg, sizeof(msg))) {
		cmd_error(c, "%s", msg);
		return false;
	}
	m = mm_create(cfg, msg, sizeof(msg));
	if (!m) {
		cmd_error(c, "%s", msg);
		return false;
	}
	session_replace_machine(c->s, m, cfg, preset);
	return true;
}

static enum exec_status
machine_custom(struct cmd_ctx *c)
{
	struct machine_config cfg;
	int last = -1;
	char qb[64];

	mm_config_init(&cfg);
	cfg.era = mm_era(c->s->m);
	cfg.nr_zones = 0;
	for (unsigned i = 1; i < c->argc; i++) {
		char *key, *val, word[256];
		uint64_t v;
		int t = -1;

		snprintf(word, sizeof(word), "%s", c->argv[i]);
		if (!parse_keyval(word, &key, &val))
			return cmd_error(c, "expected ZONE=PAGES, cpus=N, max_order=N "
					 "or pageblock_order=N, got '%s'",
					 q(c->argv[i], qb, sizeof(qb)));
		for (int z = 0; z < NR_ZONE_TYPES; z++)
			if (word_eq(key, zone_names_kernel[z]))
				t = z;
		if (t == ZONE_DEVICE)
			return cmd_error(c, "ZONE_DEVICE holds device memory, not "
					 "RAM: it cannot be given pages");
		if (t >= 0) {
			if (!parse_pages(val, &v, c->err, c->errlen))
				return cmd_fail(c);
			if (v == 0)
				return cmd_error(c, "zone %s has 0 pages",
						 zone_names_kernel[t]);
			if (t <= last)
				return cmd_error(c, "zone %s after %s: zones go in the "
						 "kernel's order DMA, DMA32, Normal, "
						 "HighMem, Movable",
						 zone_names_kernel[t],
						 zone_names_kernel[last]);
			if (cfg.nr_zones >= MM_MAX_ZONES)
				return cmd_error(c, "too many zones");
			if (t == ZONE_HIGHMEM)
				cfg.highmem_arch = true;
			cfg.zones[cfg.nr_zones].type = (enum zone_type)t;
			cfg.zones[cfg.nr_zones].spanned = v;
			cfg.nr_zones++;
			last = t;
			continue;
		}
		if (word_eq(key, "cpus")) {
			unsigned long n;

			if (!parse_ulong_range(val, "cpus", 1, MM_MAX_CPUS, &n,
					       c->err, c->errlen))
				return cmd_fail(c);
			cfg.nr_cpus = (unsigned)n;
		} else if (word_eq(key, "max_order")) {
			unsigned long n;

			if (!parse_ulong_range(val, "max_order", 1,
					       MM_MAX_ORDER_LIMIT, &n, c->err,
					       c->errlen))
				return cmd_fail(c);
			cfg.max_page_order = (unsigned)n;
		} else if (word_eq(key, "pageblock_order")) {
			unsigned long n;

			if (!parse_ulong_range(val, "pageblock_order", 0,
					       MM_MAX_ORDER_LIMIT, &n, c->err,
					       c->errlen))
				return cmd_fail(c);
			cfg.pageblock_order = (unsigned)n;
		} else {
			return cmd_error(c, "unknown zone or setting '%s': expected "
					 "DMA, DMA32, Normal, HighMem, Movable, cpus, "
					 "max_order or pageblock_order",
					 q(key, qb, sizeof(qb)));
		}
	}
	if (cfg.highmem_arch) {
		for (unsigned z = 0; z < cfg.nr_zones; z++)
			if (cfg.zones[z].type == ZONE_DMA32)
				return cmd_error(c, "a machine has DMA32 (64-bit) or "
						 "HighMem (32-bit), not both");
	}
	if (cfg.nr_zones == 0)
		return cmd_error(c, "no zones given: e.g. machine custom Normal=8192");
	if (!build_machine(c, &cfg, "custom"))
		return EXEC_ERROR;
	machine_show(c->s, c->out);
	return EXEC_OK;
}

static enum exec_status
exec_machine(struct cmd_ctx *c)
{
	const struct preset *p;
	struct machine_config cfg;
	char qb[64];

	if (c->argc == 0) {
		machine_show(c->s, c->out);
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "list")) {
		if (c->argc > 1)
			return cmd_error(c, "'machine list' takes no more words");
		for (size_t i = 0; i < presets_len; i++)
			strbuf_addf(c->out, "%-16s %s\n", presets[i].name,
				    presets[i].summary);
		strbuf_addf(c->out, "%-16s %s\n", "custom",
			    "ZONE=PAGES ... in kernel order from PFN 0, e.g. "
			    "machine custom DMA32=262144 Normal=786432");
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "custom"))
		return machine_custom(c);
	if (c->argc > 1)
		return cmd_error(c, "a preset takes no more words; "
				 "usage: machine PRESET | list | custom ZONE=PAGES ...");
	p = preset_find(c->argv[0]);
	if (!p)
		return cmd_error(c, "unknown machine preset '%s' ('machine list' "
				 "shows them)", q(c->argv[0], qb, sizeof(qb)));
	preset_config(p, mm_era(c->s->m), &cfg);
	if (!build_machine(c, &cfg, p->name))
		return EXEC_ERROR;
	machine_show(c->s, c->out);
	return EXEC_OK;
}

static enum exec_status
exec_era(struct cmd_ctx *c)
{
	struct machine_config cfg;
	enum kernel_era era;
	char qb[64], preset[32];

	if (c->argc == 0) {
		strbuf_addf(c->out, "era %s\n", era_rules(mm_era(c->s->m))->name);
		return EXEC_OK;
	}
	if (!era_parse(c->argv[0], &era))
		return cmd_error(c, "unknown era '%s': expected 4.19 or 6.12",
				 q(c->argv[0], qb, sizeof(qb)));
	cfg = c->s->st.cfg;
	cfg.era = era;
	snprintf(preset, sizeof(preset), "%s", c->s->st.preset);
	if (!build_machine(c, &cfg, preset))
		return EXEC_ERROR;
	strbuf_addf(c->out, "era %s: the machine was rebuilt\n",
		    era_rules(era)->name);
	machine_show(c->s, c->out);
	return EXEC_OK;
}

/* ---- sysctl, echo, watermark, pcp ------------------------------------------- */

static enum exec_status
sysctl_assign(struct cmd_ctx *c, int idx, const char *value, bool show)
{
	if (!sysctl_set(c->s->m, idx, value, c->err, c->errlen))
		return cmd_fail(c);
	if (show)
		sysctl_show(c->s->m, idx, c->out);
	return EXEC_OK;
}

#define MAX_SYSCTL_WORDS 16

static enum exec_status
exec_sysctl(struct cmd_ctx *c)
{
	struct {
		int idx;
		bool set;
		struct strbuf val;
	} w[MAX_SYSCTL_WORDS];
	unsigned i = 0, n = 0, nset = 0;
	enum exec_status st = EXEC_OK;
	char qb[64];

	if (c->argc && (strcmp(c->argv[0], "-w") == 0 ||
			strcmp(c->argv[0], "-a") == 0))
		i = 1;
	if (i == c->argc) {
		for (int k = 0; sysctl_names[k]; k++)
			sysctl_show(c->s->m, k, c->out);
		return EXEC_OK;
	}
	/* Read every word first. */
	for (unsigned k = i; k < c->argc; k++) {
		char word[256], *eq;

		if (n == MAX_SYSCTL_WORDS) {
			st = cmd_error(c, "more than %d sysctls in one command",
				       MAX_SYSCTL_WORDS);
			goto out;
		}
		snprintf(word, sizeof(word), "%s", c->argv[k]);
		eq = strchr(word, '=');
		if (eq)
			*eq = '\0';
		if (vm_action_sysctl(word) &&
		    (strncmp(word, "vm.", 3) == 0 ||
		     strncmp(word, "/proc/sys/vm/", 13) == 0)) {
			/* drop_caches, compact_memory: actions, run in order */
			if (!eq) {
				strbuf_addf(c->out, "%s = 0\n", word);
				continue;
			}
			st = vm_action_write(c, word, eq + 1);
			if (st != EXEC_OK)
				goto out;
			continue;
		}
		w[n].idx = sysctl_lookup(word);
		w[n].set = eq != NULL;
		strbuf_init(&w[n].val);
		n++;
		if (w[n - 1].idx < 0) {
			st = cmd_error(c, "unknown sysctl '%s': expected one of "
				       "vm.min_free_kbytes, vm.watermark_scale_factor, "
				       "vm.watermark_boost_factor, "
				       "vm.lowmem_reserve_ratio, vm.extfrag_threshold, "
				       "vm.compaction_proactiveness, vm.drop_caches, "
				       "vm.compact_memory",
				       q(word, qb, sizeof(qb)));
			goto out;
		}
		if (!eq)
			continue;
		nset++;
		strbuf_adds(&w[n - 1].val, strchr(c->argv[k], '=') + 1);
		/* vm.lowmem_reserve_ratio=256 256 32: the numbers after it
		 * belong to it. */
		while (k + 1 < c->argc && !strchr(c->argv[k + 1], '=') &&
		       sysctl_lookup(c->argv[k + 1]) < 0) {
			strbuf_addc(&w[n - 1].val, ' ');
			strbuf_adds(&w[n - 1].val, c->argv[++k]);
		}
	}
	/* Several assignments are all or nothing: try them on a copy. */
	if (nset > 1) {
		struct machine *tmp = mm_clone(c->s->m);

		if (!tmp) {
			st = cmd_error(c, "out of memory");
			goto out;
		}
		for (unsigned k = 0; k < n && st == EXEC_OK; k++)
			if (w[k].set && !sysctl_set(tmp, w[k].idx,
						    strbuf_str(&w[k].val), c->err,
						    c->errlen))
				st = cmd_fail(c);
		mm_destroy(tmp);
		if (st != EXEC_OK)
			goto out;
	}
	for (unsigned k = 0; k < n; k++) {
		if (!w[k].set)
			sysctl_show(c->s->m, w[k].idx, c->out);
		else if (sysctl_assign(c, w[k].idx, strbuf_str(&w[k].val), true) !=
			 EXEC_OK) {
			st = EXEC_ERROR;
			break;
		}
	}
out:
	for (unsigned k = 0; k < n; k++)
		strbuf_release(&w[k].val);
	return st;
}

static enum exec_status
exec_echo(struct cmd_ctx *c)
{
	struct strbuf val = STRBUF_INIT;
	const char *path = NULL;
	char qb[64];
	int idx;
	enum exec_status st;

	for (unsigned k = 0; k < c->argc; k++) {
		char *gt = strchr(c->argv[k], '>');

		if (!gt) {
			if (path)
				goto junk;
			strbuf_addf(&val, "%s%s", val.len ? " " : "", c->argv[k]);
			continue;
		}
		if (path)
			goto junk;
		*gt = '\0';
		if (c->argv[k][0])
			strbuf_addf(&val, "%s%s", val.len ? " " : "", c->argv[k]);
		if (gt[1] == '>')
			gt++;
		if (gt[1])
			path = gt + 1;
		else if (k + 1 < c->argc)
			path = c->argv[++k];
		else {
			strbuf_release(&val);
			return cmd_error(c, "missing file after '>'");
		}
	}
	if (!path) {
		/* Plain echo prints its words, as the shell's does. */
		strbuf_addf(c->out, "%s\n", strbuf_str(&val));
		strbuf_release(&val);
		return EXEC_OK;
	}
	if (strncmp(path, "/proc/sys/vm/", 13) == 0 && vm_action_sysctl(path)) {
		st = vm_action_write(c, path, strbuf_str(&val));
		strbuf_release(&val);
		return st;
	}
	idx = strncmp(path, "/proc/sys/vm/", 13) == 0 ? sysctl_lookup(path) : -1;
	if (idx < 0) {
		strbuf_release(&val);
		return cmd_error(c, "cannot write %s: only /proc/sys/vm/NAME is "
				 "writable (min_free_kbytes, watermark_scale_factor, "
				 "watermark_boost_factor, lowmem_reserve_ratio, "
				 "extfrag_threshold, compaction_proactiveness, "
				 "drop_caches, compact_memory)",
				 q(path, qb, sizeof(qb)));
	}
	st = sysctl_assign(c, idx, strbuf_str(&val), false);
	strbuf_release(&val);
	return st;
junk:
	strbuf_release(&val);
	return cmd_error(c, "unexpected '%s' after the file name",
			 q(c->argv[c->argc - 1], qb, sizeof(qb)));
}

static enum exec_status
exec_watermark(struct cmd_ctx *c)
{
	struct zone_info zi;
	unsigned zone;
	unsigned long w[3];
	char qb[64], msg[256];

	if (!cmd_parse_zone(c, c->argv[0], &zone))
		return EXEC_ERROR;
	mm_zone_info(c->s->m, zone, &zi);
	w[0] = zi.wmark[0];
	w[1] = zi.wmark[1];
	w[2] = zi.wmark[2];
	for (unsigned k = 1; k < c->argc; k++) {
		static const char *const names[] = { "min", "low", "high" };
		char word[128], *key, *val;
		int which = -1;

		snprintf(word, sizeof(word), "%s", c->argv[k]);
		if (parse_keyval(word, &key, &val))
			for (int i = 0; i < 3; i++)
				if (word_eq(key, names[i]))
					which = i;
		if (which < 0)
			return cmd_error(c, "expected min=N, low=N or high=N, got '%s'",
					 q(c->argv[k], qb, sizeof(qb)));
		if (!parse_ulong_range(val, names[which], 0, 1ul << 40, &w[which],
				       c->err, c->errlen))
			return cmd_fail(c);
	}
	if (c->argc == 1) {
		strbuf_addf(c->out, "%s: min %lu low %lu high %lu\n", zi.name,
			    w[0], w[1], w[2]);
		return EXEC_OK;
	}
	if (!mm_set_watermarks(c->s->m, zone, w[0], w[1], w[2], msg,
			       sizeof(msg)))
		return cmd_error(c, "%s", msg);
	mm_zone_info(c->s->m, zone, &zi);
	strbuf_addf(c->out, "%s: min %lu low %lu high %lu\n", zi.name,
		    zi.wmark[0], zi.wmark[1], zi.wmark[2]);
	return EXEC_OK;
}

static enum exec_status
exec_pcp(struct cmd_ctx *c)
{
	char qb[64];

	if (c->argc == 0) {
		strbuf_addf(c->out, "per-CPU lists %s\n",
			    mm_pcp_enabled(c->s->m) ? "on" : "off");
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "on"))
		mm_set_pcp(c->s->m, true);
	else if (word_eq(c->argv[0], "off"))
		mm_set_pcp(c->s->m, false);
	else if (word_eq(c->argv[0], "drain"))
		mm_drain_pcp(c->s->m);
	else
		return cmd_error(c, "expected on, off or drain, got '%s'",
				 q(c->argv[0], qb, sizeof(qb)));
	strbuf_addf(c->out, "per-CPU lists %s%s\n",
		    mm_pcp_enabled(c->s->m) ? "on" : "off",
		    word_eq(c->argv[0], "drain") ? " (drained)" : "");
	return EXEC_OK;
}

/* ---- alloc and free ---------------------------------------------------------- */

struct alloc_args {
	struct alloc_request req;
	const char *name;	/* as NAME, or NULL */
	unsigned long count;
	const char *task;	/* task=NAME, or NULL */
};

/* Which lists of a zone hold a block >= order, for a failure report. */
static void
report_lists(const struct machine *m, unsigned zone, unsigned order,
	     struct strbuf *out)
{
	unsigned max = mm_max_order(m);

	strbuf_addf(out, "  free lists of %s at order >= %u:", cmd_zone_name(m, (int)zone),
		    order);
	for (int t = 0; t < MIGRATE_TYPES; t++) {
		int best = -1;

		if (t == MIGRATE_CMA && !mm_have_cma(m))
			continue;
		if (t == MIGRATE_ISOLATE)
			continue;
		for (unsigned o = order; o <= max; o++)
			if (mm_nr_free_mt(m, zone, o, (enum migratetype)t))
				best = (int)o;
		if (best < 0)
			strbuf_addf(out, " %s empty;", migratetype_name((enum migratetype)t));
		else
			strbuf_addf(out, " %s up to order %d;",
				    migratetype_name((enum migratetype)t), best);
	}
	out->buf[out->len - 1] = '\n';
}

/* The last failed watermark check of the allocation just recorded. */
static const struct mm_event *
last_failed_check(const struct session *s, int zone)
{
	const struct alloc_record *r = session_record_find(s, NULL);
	const struct mm_event *found = NULL;

	if (!r)
		return NULL;
	for (uint64_t i = 0; i < r->nev; i++) {
		const struct mm_event *ev = session_record_event(s, r, i);

		/* the HIGH check of __alloc_pages_may_oom only looks for a
		 * parallel OOM kill; the decisive check is the one before */
		if (ev && ev->type == EV_WMARK_CHECK && !ev->ok && ev->zone == zone &&
		    ev->wmark != ALLOC_WMARK_HIGH)
			found = ev;
	}
	return found;
}

/* What the slow path tried after the reserves: reclaim, compaction,
 * OOM (nothing when it did not get that far). */
static void
report_slowpath(struct cmd_ctx *c, const struct alloc_result *res)
{
	if (res->reclaim_rounds)
		strbuf_addf(c->out, "  direct reclaim: %u round%s, %lu page%s reclaimed\n",
			    res->reclaim_rounds, res->reclaim_rounds == 1 ? "" : "s",
			    res->reclaimed, res->reclaimed == 1 ? "" : "s");
	if (res->compact_rounds)
		strbuf_addf(c->out, "  direct compaction: %u run%s, the last %s\n",
			    res->compact_rounds, res->compact_rounds == 1 ? "" : "s",
			    compact_result_name((enum compact_result)res->compact_result));
	if (res->oom_killed) {
		struct mm_task_info t;

		if (mm_task_info(c->s->m, res->oom_victim, &t))
			strbuf_addf(c->out, "  the OOM killer killed %s (pid %d)\n",
				    t.name, t.pid);
	}
}

static void
report_failure(struct cmd_ctx *c, const struct alloc_request *req,
	       const struct alloc_result *res)
{
	const struct machine *m = c->s->m;
	enum kernel_era era = mm_era(m);
	const struct mm_event *ev = NULL;
	static const char *const marks[] = { "min", "low", "high", "promo" };
	char gfp[256];

	gfp_format(era, req->gfp, gfp, sizeof(gfp));
	strbuf_addf(c->out,
		    "page allocation failure: order:%u, mode:0x%llx(%s), nodemask=(null)\n",
		    req->order, (unsigned long long)gfp_to_kernel(era, req->gfp), gfp);
	if (res->fail_zone >= 0 && !c->s->replaying)
		ev = last_failed_check(c->s, res->fail_zone);
	if (ev) {
		strbuf_addf(c->out, "  %s: __zone_watermark_ok at the %s mark %ld: free %ld - "
			    "unusable %ld %s min %ld + lowmem_reserve %ld\n",
			    cmd_zone_name(m, ev->zone),
			    marks[ev->wmark >= 0 && ev->wmark < 4 ? ev->wmark : 0],
			    ev->mark, ev->free, ev->unusable,
			    ev->free - ev->unusable <= ev->min + ev->reserve ? "<=" : ">",
			    ev->min, ev->reserve);
	} else if (res->fail_zone >= 0) {
		strbuf_addf(c->out, "  %s: usable free %ld, min %ld + lowmem_reserve %ld\n",
			    cmd_zone_name(m, res->fail_zone), res->fail_free,
			    res->fail_min, res->fail_reserve);
	}
	if (res->fail_zone >= 0 && res->reason != FAIL_BAD_GFP_ZONE &&
	    res->reason != FAIL_NO_ZONE)
		report_lists(m, (unsigned)res->fail_zone, req->order, c->out);
	report_slowpath(c, res);
	strbuf_addf(c->out, "  so it fails: %s\n", alloc_fail_reason_text(res->reason));
	if (res->detail)
		strbuf_addf(c->out, "  (%s)\n", res->detail);
	if (req->gfp & GFPF_NOWARN)
		strbuf_adds(c->out, "  (with __GFP_NOWARN the kernel would not log this)\n");
}

/* Decimal and hex without printf: the success and free lines are the
 * hottest output of batch runs. */
static void
add_u64(struct strbuf *sb, uint64_t v, bool hex)
{
	char buf[24], *p = buf + sizeof(buf);

	do {
		unsigned d = (unsigned)(hex ? v & 15 : v % 10);

		*--p = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v = hex ? v >> 4 : v / 10;
	} while (v);
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* gfp_format() of the last mask, remembered (batch runs repeat masks). */
static const char *
gfp_text(struct session *s, gfp_t gfp)
{
	enum kernel_era era = mm_era(s->m);

	if (!s->gfp_cache_valid || s->gfp_cache_gfp != gfp ||
	    s->gfp_cache_era != era) {
		gfp_format(era, gfp, s->gfp_cache_text, sizeof(s->gfp_cache_text));
		s->gfp_cache_gfp = gfp;
		s->gfp_cache_era = era;
		s->gfp_cache_valid = true;
	}
	return s->gfp_cache_text;
}

static void
report_success(struct cmd_ctx *c, const char *name,
	       const struct alloc_request *req, const struct alloc_result *res)
{
	const struct machine *m = c->s->m;
	int mt = migratetype_kernel_nr(res->mt, mm_have_cma(m));
	struct strbuf *o = c->out;

	/* mm_page_alloc: page=NAME pfn=0x%lx order=%u migratetype=%d gfp_flags=%s */
	strbuf_add(o, "mm_page_alloc: page=", 20);
	strbuf_adds(o, name);
	strbuf_add(o, " pfn=0x", 7);
	add_u64(o, res->pfn, true);
	strbuf_add(o, " order=", 7);
	add_u64(o, req->order, false);
	strbuf_add(o, " migratetype=", 13);
	add_u64(o, (uint64_t)mt, false);
	strbuf_add(o, " gfp_flags=", 11);
	strbuf_adds(o, gfp_text(c->s, req->gfp));
	strbuf_addc(o, '\n');
}

static enum exec_status
alloc_run(struct cmd_ctx *c, struct alloc_args *a)
{
	struct session *s = c->s;
	char name[HANDLE_NAME_MAX], qb[64];
	unsigned long done = 0;
	bool ok = true;

	/* Every name must be free before anything is allocated. */
	if (a->name) {
		if (!parse_handle_name(a->name, c->err, c->errlen))
			return cmd_fail(c);
		if (a->count == 1 && handle_find(&s->st, a->name))
			return cmd_error(c, "handle '%s' already names the block at "
					 "pfn 0x%llx; free it or pick another name",
					 a->name,
					 (unsigned long long)handle_find(&s->st, a->name)->pfn);
		if (a->count > 1) {
			if (strlen(a->name) + 8 >= HANDLE_NAME_MAX)
				return cmd_error(c, "handle name '%s' is too long for "
						 "count=%lu (NAME.N must fit 31 characters)",
						 q(a->name, qb, sizeof(qb)), a->count);
			for (unsigned long i = 1; i <= a->count; i++) {
				snprintf(name, sizeof(name), "%s.%lu", a->name, i);
				if (handle_find(&s->st, name))
					return cmd_error(c, "handle '%s' already exists",
							 name);
			}
		}
	}
	if (a->task) {
		int t = mm_task_get(s->m, a->task, c->err, c->errlen);

		if (!t)
			return cmd_fail(c);
		a->req.task = t;
	}
	for (unsigned long i = 1; i <= a->count; i++) {
		struct alloc_result res;

		if (a->name && a->count == 1)
			memcpy(name, a->name, strlen(a->name) + 1);
		else if (a->name)
			snprintf(name, sizeof(name), "%s.%lu", a->name, i);
		else
			for (;;) {
				snprintf(name, sizeof(name), "a%llu",
					 (unsigned long long)s->st.next_auto);
				if (!handle_find(&s->st, name))
					break;
				s->st.next_auto++;
			}
		session_record_begin(s);
		mm_alloc_pages(s->m, &a->req, &res);
		session_record_end(s, name, res.ok);
		if (!res.ok) {
			report_failure(c, &a->req, &res);
			ok = false;
			break;
		}
		if (!handle_add(&s->st, name, res.pfn, a->req.order, false)) {
			char msg[128];

			/* Keep the model and the handles in step. */
			mm_free_pages(s->m, res.pfn, msg, sizeof(msg));
			return cmd_error(c, "out of memory for handles");
		}
		if (!a->name)
			s->st.next_auto++;
		report_success(c, name, &a->req, &res);
		if (res.reclaim_rounds || res.compact_rounds || res.oom_killed)
			report_slowpath(c, &res);
		done++;
	}
	if (a->count > 1 && !ok)
		strbuf_addf(c->out, "  %lu of count=%lu allocated; the rest not tried\n",
			    done, a->count);
	c->outcome_set = true;
	c->outcome_ok = ok;
	return EXEC_OK;
}

/* Words after ORDER: GFP words, zone= ctx= owner= count= and "as NAME". */
static enum exec_status
alloc_parse_opts(struct cmd_ctx *c, unsigned from, struct alloc_args *a,
		 bool gfp_allowed)
{
	struct strbuf gfpw = STRBUF_INIT;
	char qb[64];
	enum exec_status st = EXEC_OK;

	for (unsigned k = from; k < c->argc; k++) {
		char word[256], *key, *val;

		if (word_eq(c->argv[k], "as")) {
			if (k + 1 >= c->argc) {
				st = cmd_error(c, "'as' needs a handle name");
				goto out;
			}
			a->name = c->argv[++k];
			continue;
		}
		snprintf(word, sizeof(word), "%s", c->argv[k]);
		if (strlen(c->argv[k]) < sizeof(word) &&
		    parse_keyval(word, &key, &val)) {
			if (word_eq(key, "zone")) {
				unsigned z;

				if (!cmd_parse_zone(c, val, &z)) {
					st = EXEC_ERROR;
					goto out;
				}
				a->req.zone = (int)z;
			} else if (word_eq(key, "ctx")) {
				if (!alloc_ctx_parse(val, &a->req.ctx)) {
					st = cmd_error(c, "unknown context '%s': expected "
						       "process, atomic, memalloc, "
						       "oom-victim or rt", q(val, qb, sizeof(qb)));
					goto out;
				}
			} else if (word_eq(key, "owner")) {
				if (!page_owner_parse(val, &a->req.owner)) {
					st = cmd_error(c, "unknown owner '%s': expected "
						       "kernel, slab, pagecache, "
						       "pagecache_dirty, anon or pinned",
						       q(val, qb, sizeof(qb)));
					goto out;
				}
				a->req.owner_set = true;
			} else if (word_eq(key, "count")) {
				if (!parse_ulong_range(val, "count", 1, MAX_COUNT,
						       &a->count, c->err, c->errlen)) {
					st = cmd_fail(c);
					goto out;
				}
			} else if (word_eq(key, "task")) {
				if (!*val || strlen(val) >= MM_TASK_NAME) {
					st = cmd_error(c, "task=NAME: a name of 1 to %d "
						       "characters", MM_TASK_NAME - 1);
					goto out;
				}
				/* word is a copy; keep a pointer into argv */
				a->task = c->argv[k] + (val - word);
			} else if (word_eq(key, "cpu")) {
				unsigned long n;

				if (!parse_ulong_range(val, "cpu", 0,
						       mm_config(c->s->m)->nr_cpus - 1,
						       &n, c->err, c->errlen)) {
					st = cmd_fail(c);
					goto out;
				}
				a->req.cpu = (unsigned)n;
			} else {
				st = cmd_error(c, "unknown option '%s=': expected zone=, "
					       "ctx=, owner=, task=, count= or cpu=",
					       q(key, qb, sizeof(qb)));
				goto out;
			}
			continue;
		}
		if (!gfp_allowed) {
			st = cmd_error(c, "unexpected '%s'", q(c->argv[k], qb, sizeof(qb)));
			goto out;
		}
		/* "GFP_KERNEL | __GFP_ZERO" may come as several words. */
		strbuf_addf(&gfpw, "%s%s", gfpw.len ? " " : "", c->argv[k]);
	}
	if (gfpw.len && !parse_gfp(c, strbuf_str(&gfpw), &a->req.gfp))
		st = EXEC_ERROR;
out:
	strbuf_release(&gfpw);
	return st;
}

static void
alloc_args_init(struct cmd_ctx *c, struct alloc_args *a, unsigned order)
{
	memset(a, 0, sizeof(*a));
	mm_request_init(c->s->m, &a->req, order);
	a->count = 1;
}

static enum exec_status
exec_alloc(struct cmd_ctx *c)
{
	struct alloc_args a;
	unsigned order;

	if (!parse_order(c, c->argv[0], &order))
		return EXEC_ERROR;
	alloc_args_init(c, &a, order);
	if (alloc_parse_opts(c, 1, &a, true) != EXEC_OK)
		return EXEC_ERROR;
	return alloc_run(c, &a);
}

/*
 * The kernel's spellings: alloc_pages(GFP, ORDER), alloc_page(GFP),
 * __get_free_pages(GFP, ORDER), __get_free_page(GFP),
 * get_zeroed_page(GFP).  Options (as NAME, zone=...) may follow.
 */
static enum exec_status
exec_kalloc(struct cmd_ctx *c)
{
	const char *n = c->cmd->name;
	bool has_order = strcmp(n, "alloc_pages") == 0 ||
			 strcmp(n, "__get_free_pages") == 0;
	unsigned order = 0, nargs = has_order ? 2 : 1;
	struct alloc_args a;
	gfp_t gfp;
	char usage[160];

	if (c->argc < nargs) {
		cmd_usage(c->cmd, usage, sizeof(usage));
		return cmd_error(c, "missing argument; %s", usage);
	}
	if (has_order && !parse_order(c, c->argv[1], &order))
		return EXEC_ERROR;
	if (!parse_gfp(c, c->argv[0], &gfp))
		return EXEC_ERROR;
	alloc_args_init(c, &a, order);
	a.req.gfp = gfp;
	if (strcmp(n, "get_zeroed_page") == 0)
		a.req.gfp |= GFPF_ZERO;
	if (alloc_parse_opts(c, nargs, &a, false) != EXEC_OK)
		return EXEC_ERROR;
	return alloc_run(c, &a);
}

/* Find what NAME or PFN names; the handle may be NULL for a PFN. */
static bool
free_target(struct cmd_ctx *c, const char *word, uint64_t *pfn,
	    unsigned *order, struct handle **hp)
{
	struct session *s = c->s;
	struct handle *h = handle_find(&s->st, word);
	uint64_t head;
	enum page_owner owner;
	char qb[64];

	*hp = h;
	if (h) {
		*pfn = h->pfn;
		*order = h->order;
		return true;
	}
	if (word[0] < '0' || word[0] > '9') {
		cmd_error(c, "no handle '%s' (handles lists them; a PFN is a "
			  "number like 0x1000)", q(word, qb, sizeof(qb)));
		return false;
	}
	if (!cmd_parse_pfn(c, word, pfn))
		return false;
	if (!mm_find_allocation(s->m, *pfn, &head, order, &owner)) {
		cmd_error(c, "pfn 0x%llx is not allocated", (unsigned long long)*pfn);
		return false;
	}
	if (head != *pfn) {
		cmd_error(c, "pfn 0x%llx is inside the order-%u block at pfn 0x%llx; "
			  "free takes the block's first pfn",
			  (unsigned long long)*pfn, *order,
			  (unsigned long long)head);
		return false;
	}
	if (owner == OWNER_RESERVED) {
		cmd_error(c, "pfn 0x%llx is memblock-reserved at boot and is "
			  "never freed", (unsigned long long)*pfn);
		return false;
	}
	*hp = handle_by_pfn(&s->st, *pfn);
	return true;
}

static enum exec_status
free_run(struct cmd_ctx *c, const char *word, bool check_order,
	 unsigned want_order)
{
	struct session *s = c->s;
	struct handle *h;
	uint64_t pfn;
	unsigned order;
	char msg[256], name[HANDLE_NAME_MAX] = "";

	if (!free_target(c, word, &pfn, &order, &h))
		return EXEC_ERROR;
	if (check_order && order != want_order)
		return cmd_error(c, "order %u does not match: %s is an order-%u "
				 "block (the kernel would free the wrong pages)",
				 want_order, h ? h->name : word, order);
	if (!mm_free_pages(s->m, pfn, msg, sizeof(msg)))
		return cmd_error(c, "%s", msg);
	if (h) {
		memcpy(name, h->name, sizeof(name));
		handle_remove(&s->st, h);
	}
	strbuf_add(c->out, "mm_page_free: page=", 19);
	strbuf_adds(c->out, name[0] ? name : "-");
	strbuf_add(c->out, " pfn=0x", 7);
	add_u64(c->out, pfn, true);
	strbuf_add(c->out, " order=", 7);
	add_u64(c->out, order, false);
	strbuf_addc(c->out, '\n');
	return EXEC_OK;
}

static enum exec_status
exec_free(struct cmd_ctx *c)
{
	return free_run(c, c->argv[0], false, 0);
}

/* __free_pages(NAME, ORDER), free_pages(NAME, ORDER), __free_page(NAME),
 * free_page(NAME): the order must match the block's. */
static enum exec_status
exec_kfree(struct cmd_ctx *c)
{
	bool has_order = strcmp(c->cmd->name, "__free_pages") == 0 ||
			 strcmp(c->cmd->name, "free_pages") == 0;
	unsigned order = 0;
	char usage[160];

	if (c->argc != (has_order ? 2u : 1u)) {
		cmd_usage(c->cmd, usage, sizeof(usage));
		return cmd_error(c, "%s; %s", c->argc < (has_order ? 2u : 1u)
				 ? "missing argument" : "too many arguments", usage);
	}
	if (has_order && !parse_order(c, c->argv[1], &order))
		return EXEC_ERROR;
	return free_run(c, c->argv[0], true, order);
}

static int
handle_cmp(const void *a, const void *b)
{
	const struct handle *x = *(struct handle *const *)a;
	const struct handle *y = *(struct handle *const *)b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static enum exec_status
exec_handles(struct cmd_ctx *c)
{
	struct sess_state *st = &c->s->st;
	struct handle **v;
	const char *prefix = c->argc ? c->argv[0] : "";
	size_t plen = strlen(prefix);
	unsigned n = 0;

	if (st->handles.n == 0) {
		strbuf_adds(c->out, "no handles\n");
		return EXEC_OK;
	}
	v = malloc(st->handles.n * sizeof(*v));
	if (!v)
		return cmd_error(c, "out of memory");
	for (unsigned i = 0; i < st->handles.n; i++)
		if (strncmp(st->handles.v[i].name, prefix, plen) == 0)
			v[n++] = &st->handles.v[i];
	qsort(v, n, sizeof(*v), handle_cmp);
	for (unsigned i = 0; i < n; i++) {
		struct page_info pi;

		mm_page_info(c->s->m, v[i]->pfn, &pi);
		strbuf_addf(c->out, "%-12s pfn=0x%llx order=%u zone=%s owner=%s\n",
			    v[i]->name, (unsigned long long)v[i]->pfn, v[i]->order,
			    cmd_zone_name(c->s->m, pi.zone), page_owner_name(pi.owner));
	}
	strbuf_addf(c->out, "%u handle%s\n", n, n == 1 ? "" : "s");
	free(v);
	return EXEC_OK;
}

/* ---- looking: cat, where, gfp, explain -------------------------------------- */

static enum exec_status
exec_cat(struct cmd_ctx *c)
{
	/* All paths are checked before anything is printed. */
	for (unsigned k = 0; k < c->argc; k++) {
		struct strbuf probe = STRBUF_INIT;
		bool ok = procfile_cat(c->s->m, c->argv[k], &probe, c->err,
				       c->errlen);

		strbuf_release(&probe);
		if (!ok)
			return cmd_fail(c);
		if (k + 1 == c->argc)
			break;
	}
	for (unsigned k = 0; k < c->argc; k++)
		procfile_cat(c->s->m, c->argv[k], c->out, c->err, c->errlen);
	return EXEC_OK;
}

static enum exec_status
exec_where(struct cmd_ctx *c)
{
	const struct machine *m = c->s->m;
	struct page_info pi;
	struct handle *h = NULL;
	uint64_t pfn, pb_start;
	unsigned pb = mm_pageblock_order(m);
	char nth[48];

	if (!(c->argv[0][0] >= '0' && c->argv[0][0] <= '9')) {
		h = handle_find(&c->s->st, c->argv[0]);
		if (!h) {
			char qb[64];

			return cmd_error(c, "'%s' is neither a PFN nor a handle",
					 q(c->argv[0], qb, sizeof(qb)));
		}
		pfn = h->pfn;
	} else if (!cmd_parse_pfn(c, c->argv[0], &pfn)) {
		return EXEC_ERROR;
	}
	if (!mm_page_info(m, pfn, &pi))
		return cmd_error(c, "pfn 0x%llx is outside the machine",
				 (unsigned long long)pfn);
	pb_start = pfn >> pb << pb;
	if (pi.kind == PAGE_HOLE) {
		strbuf_addf(c->out, "pfn 0x%llx is in a hole: no memory there",
			    (unsigned long long)pfn);
		if (pi.zone >= 0)
			strbuf_addf(c->out, " (inside zone %s)", cmd_zone_name(m, pi.zone));
		strbuf_addc(c->out, '\n');
		return EXEC_OK;
	}
	if (pi.order == 0) {
		snprintf(nth, sizeof(nth), "the only page");
	} else {
		char o[24];

		snprintf(nth, sizeof(nth), "the %s of %u pages",
			 ordinal(pfn - pi.block_pfn + 1, o, sizeof(o)), 1u << pi.order);
	}
	switch (pi.kind) {
	case PAGE_FREE:
		strbuf_addf(c->out,
			    "pfn 0x%llx is %s of a free order-%u block at pfn 0x%llx\n"
			    "  zone %s, free_area[%u].free_list[MIGRATE_%s]\n",
			    (unsigned long long)pfn, nth, pi.order,
			    (unsigned long long)pi.block_pfn, cmd_zone_name(m, pi.zone),
			    pi.order, migratetype_name(pi.list_mt));
		break;
	case PAGE_PCP:
		strbuf_addf(c->out,
			    "pfn 0x%llx is %s of an order-%u block at pfn 0x%llx on a per-CPU list\n"
			    "  zone %s, %s list: free, but not counted in NR_FREE_PAGES\n",
			    (unsigned long long)pfn, nth, pi.order,
			    (unsigned long long)pi.block_pfn, cmd_zone_name(m, pi.zone),
			    migratetype_name(pi.list_mt));
		break;
	default: {
		struct handle *owner = h ? h : handle_by_pfn(&c->s->st, pi.block_pfn);

		strbuf_addf(c->out,
			    "pfn 0x%llx is %s of the allocated order-%u block at pfn 0x%llx\n"
			    "  zone %s, owner %s, handle %s\n",
			    (unsigned long long)pfn, nth, pi.order,
			    (unsigned long long)pi.block_pfn, cmd_zone_name(m, pi.zone),
			    page_owner_name(pi.owner), owner ? owner->name : "(none)");
		break;
	}
	}
	strbuf_addf(c->out, "  pageblock %llu (pfns 0x%llx..0x%llx): MIGRATE_%s\n",
		    (unsigned long long)(pfn >> pb), (unsigned long long)pb_start,
		    (unsigned long long)(pb_start + (1u << pb) - 1),
		    migratetype_name(pi.pageblock_mt));
	return EXEC_OK;
}

static enum exec_status
exec_gfp(struct cmd_ctx *c)
{
	struct strbuf w = STRBUF_INIT;
	unsigned order = 0;
	enum alloc_ctx ctx = CTX_PROCESS;
	gfp_t gfp;
	char qb[64];

	for (unsigned k = 0; k < c->argc; k++) {
		char word[128], *key, *val;

		snprintf(word, sizeof(word), "%s", c->argv[k]);
		if (strlen(c->argv[k]) < sizeof(word) &&
		    parse_keyval(word, &key, &val)) {
			if (word_eq(key, "order")) {
				if (!parse_order(c, val, &order))
					goto bad;
			} else if (word_eq(key, "ctx")) {
				if (!alloc_ctx_parse(val, &ctx)) {
					cmd_error(c, "unknown context '%s': expected process, "
						  "atomic, memalloc, oom-victim or rt",
						  q(val, qb, sizeof(qb)));
					goto bad;
				}
			} else {
				cmd_error(c, "unknown option '%s=': expected order= or ctx=",
					  q(key, qb, sizeof(qb)));
				goto bad;
			}
			continue;
		}
		strbuf_addf(&w, "%s%s", w.len ? " " : "", c->argv[k]);
	}
	if (!w.len) {
		cmd_error(c, "no GFP mask given, e.g. gfp GFP_ATOMIC");
		goto bad;
	}
	if (!parse_gfp(c, strbuf_str(&w), &gfp))
		goto bad;
	gfp_describe(c->s->m, gfp, order, ctx, c->out);
	strbuf_release(&w);
	return EXEC_OK;
bad:
	strbuf_release(&w);
	return EXEC_ERROR;
}

static enum exec_status
exec_explain(struct cmd_ctx *c)
{
	const char *name = c->argc ? c->argv[0] : "last";
	const struct alloc_record *r;
	char qb[64];

	r = session_record_find(c->s, word_eq(name, "last") ? NULL : name);
	if (!r) {
		if (c->s->rec_total == 0)
			return cmd_error(c, "no allocation has been made yet");
		return cmd_error(c, "no recorded allocation '%s' (the last %u are "
				 "kept)", q(name, qb, sizeof(qb)), RECORD_RING);
	}
	explain_record(c->s, r, c->out);
	return EXEC_OK;
}

/* ---- workloads, seed, undo ------------------------------------------------------ */

static enum exec_status
exec_workload(struct cmd_ctx *c)
{
	const struct workload_desc *w;
	unsigned long steps;
	uint64_t seed;
	bool have_seed = false;
	char qb[64];

	if (c->argc == 0 || word_eq(c->argv[0], "list")) {
		for (unsigned i = 0; i < workloads_len; i++)
			strbuf_addf(c->out, "%-10s %s (steps=%lu)\n", workloads[i].name,
				    workloads[i].summary, workloads[i].default_steps);
		return EXEC_OK;
	}
	w = workload_find(c->argv[0]);
	if (!w)
		return cmd_error(c, "unknown workload '%s' ('workload list' shows them)",
				 q(c->argv[0], qb, sizeof(qb)));
	steps = w->default_steps;
	for (unsigned k = 1; k < c->argc; k++) {
		char word[128], *key, *val;

		snprintf(word, sizeof(word), "%s", c->argv[k]);
		if (strlen(c->argv[k]) >= sizeof(word) ||
		    !parse_keyval(word, &key, &val))
			return cmd_error(c, "expected steps=N or seed=N, got '%s'",
					 q(c->argv[k], qb, sizeof(qb)));
		if (word_eq(key, "steps")) {
			if (!parse_ulong_range(val, "steps", 1, 100000000ul, &steps,
					       c->err, c->errlen))
				return cmd_fail(c);
		} else if (word_eq(key, "seed")) {
			if (!parse_u64(val, &seed, c->err, c->errlen))
				return cmd_fail(c);
			have_seed = true;
		} else {
			return cmd_error(c, "unknown option '%s=': expected steps= or seed=",
					 q(key, qb, sizeof(qb)));
		}
	}
	if (!have_seed)
		seed = rng_next(&c->s->st.rng);
	if (!workload_run(c->s, w, steps, seed, c->out, c->err, c->errlen))
		return cmd_fail(c);
	return EXEC_OK;
}

static enum exec_status
exec_seed(struct cmd_ctx *c)
{
	uint64_t v;

	if (c->argc == 0) {
		strbuf_addf(c->out, "seed %llu\n", (unsigned long long)c->s->st.seed);
		return EXEC_OK;
	}
	if (!parse_u64(c->argv[0], &v, c->err, c->errlen))
		return cmd_fail(c);
	c->s->st.seed = v;
	c->s->st.rng = v;
	strbuf_addf(c->out, "seed %llu\n", (unsigned long long)v);
	return EXEC_OK;
}

static bool
parse_steps(struct cmd_ctx *c, unsigned long *n)
{
	*n = 1;
	if (c->argc == 0)
		return true;
	if (!parse_ulong_range(c->argv[0], "steps", 1, 1000000ul, n, c->err,
			       c->errlen)) {
		cmd_fail(c);
		return false;
	}
	return true;
}

static enum exec_status
exec_undo(struct cmd_ctx *c)
{
	unsigned long n;

	if (!parse_steps(c, &n))
		return EXEC_ERROR;
	if (!session_undo(c->s, n, c->err, c->errlen))
		return cmd_fail(c);
	strbuf_addf(c->out, "undo: back to state %llu\n",
		    (unsigned long long)c->s->pos);
	return EXEC_OK;
}

static enum exec_status
exec_redo(struct cmd_ctx *c)
{
	unsigned long n;

	if (!parse_steps(c, &n))
		return EXEC_ERROR;
	if (!session_redo(c->s, n, c->err, c->errlen))
		return cmd_fail(c);
	strbuf_addf(c->out, "redo: forward to state %llu\n",
		    (unsigned long long)c->s->pos);
	return EXEC_OK;
}

static enum exec_status
exec_history(struct cmd_ctx *c)
{
	session_history(c->s, c->out);
	return EXEC_OK;
}

/* ---- scripts: source, say, pause, expect ---------------------------------------- */

enum exec_status
cmd_run_nested(struct cmd_ctx *c, const char *path)
{
	struct session *s = c->s;
	const char *saved_file = s->file;
	unsigned saved_line = s->line;
	char msg[512];
	enum exec_status st;

	s->source_depth++;
	st = script_run_file(s, path, msg, sizeof(msg));
	s->source_depth--;
	s->file = saved_file;
	s->line = saved_line;
	if (st == EXEC_ERROR)
		return cmd_error(c, "%s", msg);
	return st;
}

static enum exec_status
exec_source(struct cmd_ctx *c)
{
	struct session *s = c->s;
	const char *cur = session_location_file(s);
	char path[4096];

	if (s->source_depth >= MAX_SOURCE_DEPTH)
		return cmd_error(c, "scripts nested more than %d deep (does a "
				 "script source itself?)", MAX_SOURCE_DEPTH);
	/* A relative path is relative to the script that sources it. */
	if (c->argv[0][0] != '/' && cur && strcmp(cur, "-") != 0 &&
	    strcmp(cur, "<stdin>") != 0 && strrchr(cur, '/'))
		snprintf(path, sizeof(path), "%.*s/%s",
			 (int)(strrchr(cur, '/') - cur), cur, c->argv[0]);
	else
		snprintf(path, sizeof(path), "%s", c->argv[0]);
	return cmd_run_nested(c, path);
}

static enum exec_status
exec_say(struct cmd_ctx *c)
{
	for (unsigned k = 0; k < c->argc; k++)
		strbuf_addf(c->out, "%s%s", k ? " " : "", c->argv[k]);
	strbuf_addc(c->out, '\n');
	return EXEC_OK;
}

static enum exec_status
exec_pause(struct cmd_ctx *c)
{
	double secs = -1;

	if (c->argc) {
		char *end;

		secs = strtod(c->argv[0], &end);
		if (end == c->argv[0] || *end || !(secs >= 0 && secs <= 3600)) {
			char qb[64];

			return cmd_error(c, "bad time '%s': expected seconds 0..3600",
					 q(c->argv[0], qb, sizeof(qb)));
		}
	}
	if (c->s->io.pause && !c->s->replaying)
		c->s->io.pause(c->s->io.data, secs);
	return EXEC_OK;
}

enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static bool
parse_op(const char *w, enum cmp_op *op)
{
	static const struct {
		const char *s;
		enum cmp_op op;
	} ops[] = {
		{ "==", OP_EQ }, { "=", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT },
		{ "<=", OP_LE }, { ">", OP_GT }, { ">=", OP_GE },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(w, ops[i].s) == 0) {
			*op = ops[i].op;
			return true;
		}
	return false;
}

static const char *
op_text(enum cmp_op op)
{
	static const char *const t[] = { "==", "!=", "<", "<=", ">", ">=" };

	return t[op];
}

static bool
op_holds(enum cmp_op op, long long a, long long b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

static enum exec_status
expect_number(struct cmd_ctx *c, const char *what, long long actual,
	      unsigned k)
{
	enum cmp_op op = OP_EQ;
	uint64_t want;
	char qb[64];

	if (k < c->argc && parse_op(c->argv[k], &op))
		k++;
	else if (k + 1 < c->argc)
		return cmd_error(c, "unknown comparison '%s': expected ==, !=, <, "
				 "<=, > or >=", q(c->argv[k], qb, sizeof(qb)));
	if (k >= c->argc)
		return cmd_error(c, "missing the number to compare %s with", what);
	if (k + 1 < c->argc)
		return cmd_error(c, "unexpected '%s' after the number",
				 q(c->argv[k + 1], qb, sizeof(qb)));
	if (!parse_u64(c->argv[k], &want, c->err, c->errlen))
		return cmd_fail(c);
	c->s->counts.expects++;
	if (op_holds(op, actual, (long long)want))
		return EXEC_OK;
	snprintf(c->err, c->errlen, "%s: %lld, expected %s %llu", what, actual,
		 op_text(op), (unsigned long long)want);
	return EXEC_EXPECT_FAILED;
}

static enum exec_status
exec_expect(struct cmd_ctx *c)
{
	struct session *s = c->s;
	const char *kind = c->argv[0];
	char what[160], qb[64];
	struct zone_info zi;
	unsigned zone;

	if (word_eq(kind, "ok") || word_eq(kind, "fail")) {
		bool want_ok = word_eq(kind, "ok");

		if (c->argc > 1)
			return cmd_error(c, "'expect %s' takes no more words", kind);
		if (!s->have_last)
			return cmd_error(c, "there is no previous command to check");
		s->counts.expects++;
		if (s->last_ok == want_ok)
			return EXEC_OK;
		snprintf(c->err, c->errlen, "expected %s to %s, but it %s",
			 s->last_what, want_ok ? "succeed" : "fail",
			 s->last_ok ? "succeeded" : "failed");
		return EXEC_EXPECT_FAILED;
	}
	if (word_eq(kind, "handles")) {
		return expect_number(c, "the number of handles",
				     s->st.handles.n, 1);
	}
	if (word_eq(kind, "pfn") || word_eq(kind, "order")) {
		struct handle *h;

		if (c->argc < 2)
			return cmd_error(c, "usage: expect %s NAME [OP] N", kind);
		h = handle_find(&s->st, c->argv[1]);
		if (!h)
			return cmd_error(c, "no handle '%s'", q(c->argv[1], qb, sizeof(qb)));
		snprintf(what, sizeof(what), "the %s of %s", kind, h->name);
		return expect_number(c, what, word_eq(kind, "pfn")
				     ? (long long)h->pfn : (long long)h->order, 2);
	}
	if (c->argc < 2)
		return cmd_error(c, "expected ok, fail, free ZONE, nr_free ZONE ORDER "
				 "[TYPE], pageblocks ZONE TYPE, wmark ZONE "
				 "min|low|high|promo|boost, handles, pfn NAME or "
				 "order NAME; got '%s'", q(kind, qb, sizeof(qb)));
	if (!cmd_parse_zone(c, c->argv[1], &zone))
		return EXEC_ERROR;
	mm_zone_info(s->m, zone, &zi);
	if (word_eq(kind, "free")) {
		snprintf(what, sizeof(what), "free pages of %s", zi.name);
		return expect_number(c, what, zi.free, 2);
	}
	if (word_eq(kind, "nr_free")) {
		enum cmp_op op;
		unsigned order;
		enum migratetype mt;

		if (c->argc < 4)
			return cmd_error(c, "usage: expect nr_free ZONE ORDER [TYPE] [OP] N");
		if (!parse_order(c, c->argv[2], &order))
			return EXEC_ERROR;
		/* A word after ORDER that is neither OP nor the last is TYPE. */
		if (c->argc >= 5 && !parse_op(c->argv[3], &op)) {
			if (!parse_migratetype(c, c->argv[3], &mt))
				return EXEC_ERROR;
			snprintf(what, sizeof(what), "nr_free of %s order %u %s",
				 zi.name, order, migratetype_name(mt));
			return expect_number(c, what, (long long)mm_nr_free_mt(s->m,
					     zone, order, mt), 4);
		}
		snprintf(what, sizeof(what), "nr_free of %s order %u", zi.name, order);
		return expect_number(c, what, (long long)zi.nr_free[order], 3);
	}
	if (word_eq(kind, "pageblocks")) {
		enum migratetype mt;

		if (c->argc < 3)
			return cmd_error(c, "usage: expect pageblocks ZONE TYPE [OP] N");
		if (!parse_migratetype(c, c->argv[2], &mt))
			return EXEC_ERROR;
		snprintf(what, sizeof(what), "%s pageblocks of %s",
			 migratetype_name(mt), zi.name);
		return expect_number(c, what,
				     (long long)mm_nr_pageblocks(s->m, zone, mt), 3);
	}
	if (word_eq(kind, "wmark") || word_eq(kind, "watermark")) {
		static const char *const names[] = { "min", "low", "high", "promo" };
		int which = -1;

		if (c->argc < 3)
			return cmd_error(c, "usage: expect wmark ZONE min|low|high|promo|boost [OP] N");
		for (int i = 0; i < 4; i++)
			if (word_eq(c->argv[2], names[i]))
				which = i;
		snprintf(what, sizeof(what), "the %s watermark of %s", c->argv[2],
			 zi.name);
		if (word_eq(c->argv[2], "boost"))
			return expect_number(c, what, (long long)zi.boost, 3);
		if (which < 0)
			return cmd_error(c, "unknown watermark '%s': expected min, low, "
					 "high, promo or boost",
					 q(c->argv[2], qb, sizeof(qb)));
		return expect_number(c, what, (long long)zi.wmark[which], 3);
	}
	return cmd_error(c, "unknown check '%s': expected ok, fail, free, nr_free, "
			 "pageblocks, wmark, handles, pfn or order",
			 q(kind, qb, sizeof(qb)));
}

/* ---- help, quit ------------------------------------------------------------------- */

void
cmd_usage(const struct cmd_desc *d, char *buf, size_t len)
{
	snprintf(buf, len, "usage: %s%s%s", d->name,
		 d->args[0] && d->args[0] != '(' ? " " : "", d->args);
}

static enum exec_status
exec_help(struct cmd_ctx *c)
{
	const struct cmd_desc *d;
	char usage[256], qb[64];

	if (c->argc == 0) {
		strbuf_adds(c->out, "Commands (help COMMAND tells more):\n");
		for (size_t i = 0; i < cmd_table_len; i++) {
			char head[48];

			d = &cmd_table[i];
			snprintf(head, sizeof(head), "%s%s", d->name,
				 d->aliases ? "*" : "");
			strbuf_addf(c->out, "  %-18s %s\n", head, d->summary);
		}
		strbuf_adds(c->out, "(* has aliases.)  # starts a comment.\n");
		return EXEC_OK;
	}
	d = cmd_find(c->argv[0]);
	if (!d)
		return cmd_error(c, "no command '%s' (help lists them)",
				 q(c->argv[0], qb, sizeof(qb)));
	cmd_usage(d, usage, sizeof(usage));
	strbuf_addf(c->out, "%s\n  %s\n", usage, d->summary);
	if (d->aliases)
		strbuf_addf(c->out, "  aliases: %s\n", d->aliases);
	if (d->help && d->help[0]) {
		const char *p = d->help;

		strbuf_addc(c->out, '\n');
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			strbuf_adds(c->out, "  ");
			strbuf_add(c->out, p, n);
			strbuf_addc(c->out, '\n');
			p += n + (nl ? 1 : 0);
		}
	}
	return EXEC_OK;
}

static enum exec_status
exec_quit(struct cmd_ctx *c)
{
	return EXEC_QUIT;
}

/* ---- the table ---------------------------------------------------------------------- */

#define C(...) { __VA_ARGS__ }

const struct cmd_desc cmd_table[] = {
	{ "help", "?", 0, 1, "[COMMAND]", "list the commands, or tell about one",
	  "", C(COMPLETE_COMMAND), CMD_QUIET, exec_help },
	{ "machine", NULL, 0, CMD_ANY_ARGS, "[PRESET | list | custom ZONE=PAGES ...]",
	  "build a machine from a preset or zone sizes, or show this one",
	  "machine list shows the presets.  machine custom builds zones in the\n"
	  "kernel's order from PFN 0: machine custom Normal=8192, or\n"
	  "machine custom DMA=4096 DMA32=258048 Normal=786432.  Sizes are pages\n"
	  "or 64M / 4GiB.  Also cpus=N, max_order=N, pageblock_order=N.\n"
	  "Building a machine keeps the era and forgets every handle.",
	  C(COMPLETE_PRESET, COMPLETE_ZONE_SIZE), CMD_MUTATES | CMD_RESETS,
	  exec_machine },
	{ "era", NULL, 0, 1, "[4.19 | 6.12]",
	  "choose which kernel's rules the model follows (rebuilds the machine)",
	  "4.19: __GFP_ATOMIC, ALLOC_HARDER, no boost, steal-all fallback,\n"
	  "pfn=%lu in traces.  6.12: ALLOC_NON_BLOCK/MIN_RESERVE, boost,\n"
	  "claim/steal fallback.  The machine is rebuilt from its config.",
	  C(COMPLETE_ERA), CMD_MUTATES | CMD_RESETS, exec_era },
	{ "sysctl", NULL, 0, CMD_ANY_ARGS, "[NAME | NAME=VALUE ...]",
	  "show or set vm.* sysctls",
	  "vm.min_free_kbytes, vm.watermark_scale_factor, vm.watermark_boost_factor,\n"
	  "vm.lowmem_reserve_ratio (one value per zone type), vm.extfrag_threshold,\n"
	  "vm.compaction_proactiveness.  As sysctl(8): sysctl vm.min_free_kbytes=8192.\n"
	  "vm.drop_caches=1|2|3 drops clean page cache, slab or both;\n"
	  "vm.compact_memory=1 compacts every zone whole.\n"
	  "The kernel's handler recomputes watermarks and lowmem_reserve.\n"
	  "Also: echo VALUE > /proc/sys/vm/NAME, cat /proc/sys/vm/NAME.",
	  C(COMPLETE_SYSCTL), CMD_MUTATES, exec_sysctl },
	{ "echo", NULL, 0, CMD_ANY_ARGS, "VALUE > /proc/sys/vm/NAME",
	  "write a sysctl the procfs way (or print words)",
	  "echo 8192 > /proc/sys/vm/min_free_kbytes is sysctl vm.min_free_kbytes=8192.",
	  C(COMPLETE_NONE, COMPLETE_NONE, COMPLETE_PROCFILE), CMD_MUTATES, exec_echo },
	{ "watermark", "wmark", 1, 4, "ZONE [min=N] [low=N] [high=N]",
	  "set a zone's watermarks directly (pages), or show them",
	  "Overrides what vm.min_free_kbytes computed, until the next sysctl\n"
	  "change recomputes them.  Needs min <= low <= high.",
	  C(COMPLETE_ZONE, COMPLETE_NONE), CMD_MUTATES, exec_watermark },
	{ "pcp", NULL, 0, 1, "[on | off | drain]",
	  "switch the per-CPU page lists (off by default), or drain them",
	  "off is the kernel's zone_pcp_disable() state: high 0, batch 1.",
	  C(COMPLETE_ONOFF), CMD_MUTATES, exec_pcp },
	{ "alloc", "a", 1, CMD_ANY_ARGS,
	  "ORDER [GFP] [zone=ZONE] [ctx=process|atomic|memalloc] [owner=KIND] [task=NAME] [as NAME] [count=N]",
	  "allocate 2^ORDER pages (__alloc_pages)",
	  "GFP is any mix of type flags, __GFP_ bits and hex joined by |, default\n"
	  "GFP_KERNEL: alloc 3 GFP_KERNEL|__GFP_ZERO.  zone= caps the highest zone;\n"
	  "ctx= is the calling context (process, atomic, memalloc, oom-victim,\n"
	  "rt); owner= what the pages are\n"
	  "(kernel, slab, pagecache, pagecache_dirty, anon, pinned); task= the\n"
	  "task that owns them (the OOM killer picks among tasks); cpu= the\n"
	  "per-CPU list.  The block gets the handle NAME, or a1, a2, ...;\n"
	  "count=N makes N allocations named NAME.1 .. NAME.N (or a-names),\n"
	  "stopping at the first failure.  Success prints the mm_page_alloc\n"
	  "trace line; failure the kernel's 'page allocation failure' line and\n"
	  "why.  A failure is an outcome (expect fail), not an error.\n"
	  "Kernel spellings: alloc_pages(GFP, ORDER), alloc_page(GFP),\n"
	  "__get_free_pages(GFP, ORDER), __get_free_page(GFP), get_zeroed_page(GFP).",
	  C(COMPLETE_NONE, COMPLETE_ALLOC_OPT), CMD_MUTATES, exec_alloc },
	{ "alloc_pages", NULL, 1, CMD_ANY_ARGS, "(GFP, ORDER) [as NAME]",
	  "alloc in the kernel's spelling", "", C(COMPLETE_GFP, COMPLETE_NONE),
	  CMD_MUTATES, exec_kalloc },
	{ "alloc_page", NULL, 1, CMD_ANY_ARGS, "(GFP) [as NAME]",
	  "alloc of order 0 in the kernel's spelling", "", C(COMPLETE_GFP, COMPLETE_NONE),
	  CMD_MUTATES, exec_kalloc },
	{ "__get_free_pages", NULL, 1, CMD_ANY_ARGS, "(GFP, ORDER) [as NAME]",
	  "alloc in the kernel's spelling", "", C(COMPLETE_GFP, COMPLETE_NONE),
	  CMD_MUTATES, exec_kalloc },
	{ "__get_free_page", NULL, 1, CMD_ANY_ARGS, "(GFP) [as NAME]",
	  "alloc of order 0 in the kernel's spelling", "",
	  C(COMPLETE_GFP, COMPLETE_NONE), CMD_MUTATES, exec_kalloc },
	{ "get_zeroed_page", NULL, 1, CMD_ANY_ARGS, "(GFP) [as NAME]",
	  "alloc of order 0 with __GFP_ZERO", "", C(COMPLETE_GFP, COMPLETE_NONE),
	  CMD_MUTATES, exec_kalloc },
	{ "free", "f", 1, 1, "NAME | PFN",
	  "free an allocation by handle or by its first PFN (__free_pages)",
	  "PFN is 0x hex or decimal and must be the block's first page.",
	  C(COMPLETE_HANDLE), CMD_MUTATES, exec_free },
	{ "__free_pages", NULL, 1, 2, "(NAME, ORDER)",
	  "free in the kernel's spelling; the order must match", "",
	  C(COMPLETE_HANDLE, COMPLETE_NONE), CMD_MUTATES, exec_kfree },
	{ "free_pages", NULL, 1, 2, "(NAME, ORDER)",
	  "free in the kernel's spelling; the order must match", "",
	  C(COMPLETE_HANDLE, COMPLETE_NONE), CMD_MUTATES, exec_kfree },
	{ "__free_page", NULL, 1, 1, "(NAME)", "free an order-0 page, kernel spelling",
	  "", C(COMPLETE_HANDLE), CMD_MUTATES, exec_kfree },
	{ "free_page", NULL, 1, 1, "(NAME)", "free an order-0 page, kernel spelling",
	  "", C(COMPLETE_HANDLE), CMD_MUTATES, exec_kfree },
	{ "kswapd", NULL, 0, 2, "[status | wake [ORDER] | step [N] | run]",
	  "show kswapd, or wake it, step it or run it until it sleeps",
	  "kswapd reclaims the oldest reclaimable pages (balance_pgdat) until\n"
	  "some zone is above its high watermark (pgdat_balanced), in passes of\n"
	  "max(high, 32) pages per zone at priority 12 down to 1; a step is one\n"
	  "batch of at most 32 pages.  Boosted reclaim pays back watermark_boost\n"
	  "without writeback or swap.  With daemons auto (the default) kswapd\n"
	  "runs after every command that changed memory; daemons manual lets you\n"
	  "step it.",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_kswapd },
	{ "reclaim", NULL, 0, 2, "[PAGES] [zone=ZONE]",
	  "direct reclaim (try_to_free_pages) of PAGES pages, default 32",
	  "Reclaims from the old end of the LRU lists: clean page cache, then\n"
	  "slab, then anonymous memory while swap has room; dirty page cache is\n"
	  "written back first.  zone= limits it to zones up to ZONE.",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_reclaim },
	{ "compact", NULL, 0, 4, "[ZONE] [order=N] [prio=async|sync-light|sync-full] [step] | step [N] | status",
	  "compact memory (compact_zone), whole or for an order, or step by step",
	  "compact alone is echo 1 > /proc/sys/vm/compact_memory: every zone,\n"
	  "whole.  compact ZONE order=N runs compact_zone for an allocation of\n"
	  "that order (it stops at the first suitable free block).  Adding step\n"
	  "starts it without running; compact step [N] moves both scanners one\n"
	  "batch (32 pages) at a time; compact status shows where they are.",
	  C(COMPLETE_ZONE, COMPLETE_NONE), CMD_MUTATES, exec_compact },
	{ "oom", NULL, 0, 0, "", "invoke the OOM killer (out_of_memory)",
	  "Kills the task with the largest oom_badness (rss + swap pages) and\n"
	  "frees its anonymous and pinned memory, as sysrq-f does.",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_oom },
	{ "tasks", "ps", 0, 0, "", "list the tasks and the memory they own",
	  "Tasks are made by alloc ... task=NAME.", C(COMPLETE_NONE), 0, exec_tasks },
	{ "kill", NULL, 1, 1, "TASK", "let a task exit, freeing its memory",
	  "Its anonymous and pinned blocks are freed; its page cache stays.",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_kill },
	{ "swap", NULL, 0, 1, "[PAGES | off]",
	  "show or set the swap space in pages (none by default)",
	  "Without swap, anonymous memory cannot be reclaimed.",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_swap },
	{ "dirty", NULL, 1, 2, "NAME | PFN [clean | dirty]",
	  "mark a page cache block dirty (or clean)",
	  "Dirty page cache must be written back before reclaim can free it.",
	  C(COMPLETE_HANDLE, COMPLETE_NONE), CMD_MUTATES, exec_dirty },
	{ "frag", NULL, 0, 1, "[ZONE]",
	  "fragmentation: unusable and extfrag indices per order, largest block",
	  "The indices use the kernel's formulas (mm/vmstat.c): unusable free\n"
	  "space index and __fragmentation_index, x1000 printed as 0.000..1.000;\n"
	  "-1.000 means a suitable block exists.  Also the proactive compaction\n"
	  "score and the reclaim and compaction counters.",
	  C(COMPLETE_ZONE), 0, exec_frag },
	{ "contig", NULL, 0, 1, "[ORDER | SIZE]",
	  "could a contiguous range (2M, 1G, ...) be had now, or by compaction?",
	  "Without an argument checks a pageblock (2 MiB) and 1 GiB.  Names the\n"
	  "pageblocks whose unmovable, pinned or reserved pages stand in the way.",
	  C(COMPLETE_NONE), 0, exec_contig },
	{ "daemons", NULL, 0, 1, "[auto | manual]",
	  "run kswapd and kcompactd after each command (auto), or by hand",
	  "", C(COMPLETE_NONE), CMD_MUTATES, exec_daemons },
	{ "tick", NULL, 0, 1, "[MS]",
	  "let simulated time pass (default 500 ms): kcompactd's timer",
	  "Every 500 ms kcompactd checks the fragmentation score and compacts\n"
	  "proactively above min(100 - vm.compaction_proactiveness + 10, 100).",
	  C(COMPLETE_NONE), CMD_MUTATES, exec_tick },
	{ "handles", NULL, 0, 1, "[PREFIX]", "list the named allocations",
	  "", C(COMPLETE_HANDLE), 0, exec_handles },
	{ "cat", NULL, 1, CMD_ANY_ARGS, "FILE ...",
	  "print a kernel file exactly as the kernel would",
	  "/proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo, /proc/vmstat\n"
	  "(the allocator's counters only), /sys/kernel/debug/extfrag/extfrag_index,\n"
	  "/sys/kernel/debug/extfrag/unusable_index, /proc/sys/vm/NAME.",
	  C(COMPLETE_PROCFILE), 0, exec_cat },
	{ "where", "kmem", 1, 1, "PFN | NAME",
	  "which block holds a page: free or allocated, order, list, pageblock",
	  "Like crash's kmem -f ADDR: the block's head and order, the free list\n"
	  "or the owner and handle, and the pageblock's migratetype.",
	  C(COMPLETE_HANDLE), 0, exec_where },
	{ "gfp", NULL, 1, CMD_ANY_ARGS, "FLAGS [order=N] [ctx=CONTEXT]",
	  "decode a GFP mask: bits, zone, migratetype, alloc flags, reserves",
	  "Shows the era's value of every bit, gfp_zone(), gfp_migratetype(),\n"
	  "gfp_to_alloc_flags() and how far below min it may go (for a min of\n"
	  "1000 pages), whether it may sleep, reclaim, compact.",
	  C(COMPLETE_GFP), CMD_QUIET, exec_gfp },
	{ "explain", NULL, 0, 1, "[NAME | last]",
	  "the decision path of an allocation, in kernel function names",
	  "Every decision the model reported for that allocation: watermark\n"
	  "checks with their numbers, the list the block came from, splits,\n"
	  "fallbacks, boosts.  The last 1024 allocations are kept.",
	  C(COMPLETE_HANDLE), CMD_QUIET, exec_explain },
	{ "workload", NULL, 0, 3, "NAME [steps=N] [seed=N]",
	  "run a seeded random mix or the fragmenter",
	  "workload list shows them.  Without seed= the session's seed stream\n"
	  "picks one (seed N resets it), so runs are reproducible.",
	  C(COMPLETE_WORKLOAD, COMPLETE_NONE), CMD_MUTATES, exec_workload },
	{ "seed", NULL, 0, 1, "[N]", "set or show the random seed of workloads",
	  "", C(COMPLETE_NONE), CMD_MUTATES | CMD_QUIET, exec_seed },
	{ "undo", NULL, 0, 1, "[N]",
	  "go back N states (default 1; at most 64 by default)",
	  "Every command that changed the state can be undone, up to the\n"
	  "history depth (64, or --undo-depth).  redo goes forward again until\n"
	  "a new command is run; history lists the states.",
	  C(COMPLETE_NONE), 0, exec_undo },
	{ "redo", NULL, 0, 1, "[N]", "go forward again after undo", "",
	  C(COMPLETE_NONE), 0, exec_redo },
	{ "history", NULL, 0, 0, "", "list the states undo can go back to", "",
	  C(COMPLETE_NONE), CMD_QUIET, exec_history },
	{ "source", ".", 1, 1, "FILE", "run the commands of a script file",
	  "A relative FILE is relative to the script that sources it.",
	  C(COMPLETE_PATH), CMD_QUIET, exec_source },
	{ "say", NULL, 0, CMD_ANY_ARGS, "TEXT", "print a caption", "",
	  C(COMPLETE_NONE), CMD_QUIET, exec_say },
	{ "pause", NULL, 0, 1, "[SECONDS]",
	  "wait for a key (or SECONDS) at the prompt; nothing in batch runs", "",
	  C(COMPLETE_NONE), CMD_QUIET, exec_pause },
	{ "expect", NULL, 1, CMD_ANY_ARGS, "ok | fail | WHAT ... [OP] N",
	  "check the previous command's outcome or a number",
	  "expect ok / expect fail: about the previous command.\n"
	  "expect free ZONE [OP] N                   free pages of a zone\n"
	  "expect nr_free ZONE ORDER [TYPE] [OP] N   blocks on free_area[ORDER]\n"
	  "expect pageblocks ZONE TYPE [OP] N        pageblocks of a migratetype\n"
	  "expect wmark ZONE min|low|high|promo|boost [OP] N\n"
	  "expect handles [OP] N,  expect pfn NAME [OP] N,  expect order NAME [OP] N\n"
	  "OP is ==, !=, <, <=, >, >= (default ==).  A failed expect makes a\n"
	  "batch run exit 1.",
	  C(COMPLETE_EXPECT, COMPLETE_ZONE, COMPLETE_NONE), CMD_QUIET, exec_expect },
	{ "lessons", NULL, 0, 0, "", "list the lessons: name, minutes, title",
	  "Lessons are scripts in assets/lessons (installed: the data directory;\n"
	  "or $BUDDYSCOPE_LESSONS).  lesson NAME starts one.",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_lessons },
	{ "lesson", NULL, 1, 1, "NAME",
	  "start a lesson (captions, pauses, quizzes and checks)",
	  "In the screen the lesson plays with the replay keys (Space, n, p, g,\n"
	  "m, [ ]); elsewhere it runs at once, as source does.",
	  C(COMPLETE_LESSON), CMD_QUIET, cmd_exec_lesson },
	{ "quiz", NULL, 3, 10, "\"QUESTION\" CHOICE CHOICE ...",
	  "ask a question with 2..9 choices and wait for the answer",
	  "In the screen keys 1..9 answer (Esc skips); at the plain prompt a\n"
	  "number and Enter.  A batch run asks no one: a later guess N answers.\n"
	  "Then a lesson runs the command that reveals it and says answer N.",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_quiz },
	{ "guess", NULL, 1, 1, "N", "answer the open quiz with choice N", "",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_guess },
	{ "answer", NULL, 1, CMD_ANY_ARGS, "N [EXPLANATION]",
	  "reveal that choice N of the open quiz is right, and explain",
	  "Says whether the guess was right.  Put an expect after it so the\n"
	  "model proves the answer.",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_answer },
	{ "import", NULL, 1, 4, "DIR [SNAPSHOT] [node=N] [synthetic]",
	  "build the machine of a real kernel from /proc or saved files",
	  "import /proc reads the running machine; import DIR reads files saved\n"
	  "by capture (or copied from /proc): zoneinfo, buddyinfo, pagetypeinfo,\n"
	  "kpageflags, each maybe .gz or .xz, or NAME.SNAPSHOT as in\n"
	  "import ../shared/data/real/vm618-build before.  With kpageflags the\n"
	  "free blocks and owners are the real ones; without it (or with\n"
	  "synthetic) the placement is invented to fit every count read.\n"
	  "node=N picks the node (the model has one).",
	  C(COMPLETE_PATH, COMPLETE_NONE), CMD_MUTATES | CMD_RESETS,
	  cmd_exec_import },
	{ "replay", NULL, 1, 6, "FILE [strict] [quiet] [max=N] [from=K] [count=N]",
	  "apply a kernel's kmem trace (mm_page_alloc, mm_page_free, ...) at its PFNs",
	  "FILE is tracefs trace text, trace-cmd report or perf script output\n"
	  "(plain, .gz or .xz) of mm_page_alloc, mm_page_free, mm_page_free_batched,\n"
	  "mm_page_alloc_zone_locked, mm_page_pcpu_drain, mm_page_alloc_extfrag.\n"
	  "Each divergence (pages allocated that the model holds allocated, a free\n"
	  "of free pages, a PFN in no zone) is printed with its line; then the\n"
	  "model takes the kernel's state, or with strict skips the event.\n"
	  "from=K starts at the K-th event and count=N applies N events;\n"
	  "count=1 prints the event applied (the screen steps a trace this\n"
	  "way: the file stays open, so the next step starts where it ended).\n"
	  "Start from the snapshot taken before the trace: import DIR before.",
	  C(COMPLETE_PATH, COMPLETE_NONE), CMD_MUTATES | CMD_RESETS,
	  cmd_exec_replay },
	{ "tracepoint", "tp", 1, CMD_ANY_ARGS, "LINE",
	  "apply one kmem trace line (mm_page_alloc, mm_page_free, ...) at its PFN",
	  "A line of tracefs, trace-cmd or perf text, quoted if it holds '#'.\n"
	  "A divergence is printed and the model takes the kernel's state, as\n"
	  "replay does.  The screen plays a plain-text trace file given to\n"
	  "--script as one tracepoint per step (step, step back, goto, marks).",
	  C(COMPLETE_NONE), CMD_MUTATES, cmd_exec_tracepoint },
	{ "watch", NULL, 0, 4, "[INTERVAL] [COUNT] [dir=DIR] [SNAPSHOT]",
	  "sample a real machine's buddyinfo and show what changed",
	  "Reads /proc/buddyinfo (no root needed), or DIR/buddyinfo[.SNAPSHOT],\n"
	  "COUNT times (default 1) every INTERVAL seconds (default 1), and prints\n"
	  "per zone the free pages with a sparkline of their history and the\n"
	  "free blocks per order that changed since the previous sample.  The\n"
	  "last 600 samples are kept for the screen.  The model is not touched.",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_watch },
	{ "capture", NULL, 1, 3, "DIR [SECONDS] [from=DIR]",
	  "save this machine's /proc state (and a kmem trace) for import and replay",
	  "Writes DIR/buddyinfo, zoneinfo, pagetypeinfo (if readable) and\n"
	  "kpageflags.gz (root), each atomically; with SECONDS and root, also\n"
	  "DIR/trace.txt.gz: the kmem page events of that many seconds through\n"
	  "tracefs.  Then: import DIR, replay DIR/trace.txt.gz.",
	  C(COMPLETE_PATH, COMPLETE_NONE), CMD_QUIET, cmd_exec_capture },
	{ "save", NULL, 1, 1, "FILE",
	  "save the whole session (machine, history, handles) to FILE",
	  "Writes the machine (config, era, sysctls, every free list in its\n"
	  "order, pageblocks, owners, LRUs, tasks, per-CPU lists, counters,\n"
	  "history) and the session (handles, workload list, seed and random\n"
	  "stream, daemons mode, clock) to FILE.  The write is atomic: a\n"
	  "temporary file beside FILE, synced, then renamed over it, so a\n"
	  "failure leaves the old FILE as it was.  Undo history is not saved.",
	  C(COMPLETE_PATH), CMD_QUIET, cmd_exec_save },
	{ "load", NULL, 1, 1, "FILE",
	  "replace the session with one written by save",
	  "Reads FILE whole and checks it (checksum, version, every list and\n"
	  "index, the invariant checker, every handle) before anything\n"
	  "changes: a truncated or corrupt file is refused with one message\n"
	  "and the session stays as it was.  After load, hash gives the hash\n"
	  "the saved session had, and the next allocations get the same PFNs.\n"
	  "undo goes back to the state before load.",
	  C(COMPLETE_PATH), CMD_MUTATES | CMD_RESETS | CMD_RESTORES,
	  cmd_exec_load },
	{ "hash", NULL, 0, 0, "",
	  "print the state hash (equal states, equal hashes)",
	  "The state hash digests everything save writes; the allocator hash\n"
	  "only the free lists (in order), pages, pageblocks, watermarks, per-CPU\n"
	  "and LRU lists.  Two sessions with the same state hash behave the same.",
	  C(COMPLETE_NONE), CMD_QUIET, cmd_exec_hash },
	{ "export", NULL, 1, 1, "FILE.csv",
	  "write the history of free counts, watermarks and indices as CSV",
	  "One row per history sample per populated zone (a sample is taken\n"
	  "after each command that changes the state; the newest 256 are\n"
	  "kept): seq, zone, free_pages, wmark_min/low/high (boost included),\n"
	  "nr_free_N per order as in /proc/buddyinfo, then unusable_N and\n"
	  "extfrag_N per order (the kernel's unusable_index and extfrag_index,\n"
	  "as decimals).  Written atomically.",
	  C(COMPLETE_PATH), CMD_QUIET, cmd_exec_export },
	{ "screenshot", "shot", 1, 1, "FILE.svg | FILE.html",
	  "write the screen as SVG or HTML with its colours, for slides",
	  "The picture is the frame the screen shows now, cell for cell, in the\n"
	  "theme's colours on a monospace grid.  Without a screen (--batch,\n"
	  "plain prompt) it is the screen a 120x40 terminal would first show for\n"
	  "this state, in the default theme.  Written atomically.",
	  C(COMPLETE_PATH), CMD_QUIET, cmd_exec_screenshot },
	{ "quit", "exit q", 0, 0, "", "leave buddyscope", "",
	  C(COMPLETE_NONE), CMD_QUIET, exec_quit },
};

const size_t cmd_table_len = sizeof(cmd_table) / sizeof(cmd_table[0]);

static bool
alias_match(const char *aliases, const char *name)
{
	size_t n = strlen(name);

	while (aliases && *aliases) {
		const char *sp = strchr(aliases, ' ');
		size_t len = sp ? (size_t)(sp - aliases) : strlen(aliases);

		if (len == n && strncmp(aliases, name, n) == 0)
			return true;
		aliases = sp ? sp + 1 : NULL;
	}
	return false;
}

const struct cmd_desc *
cmd_find(const char *name)
{
	/* Exact names first (the common case in batch runs). */
	for (size_t i = 0; i < cmd_table_len; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	for (size_t i = 0; i < cmd_table_len; i++)
		if (alias_match(cmd_table[i].aliases, name))
			return &cmd_table[i];
	return NULL;
}

/* ---- completion ----------------------------------------------------------------------- */

enum cmd_complete
cmd_complete_kind(const char *line, size_t start)
{
	char cmd[64];
	size_t i = 0, n = 0;
	unsigned argi = 0;
	const struct cmd_desc *d;
	char prev = start ? line[start - 1] : ' ';

	while (i < start && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < start && line[i] != ' ' && line[i] != '\t' && line[i] != '(' &&
	       n + 1 < sizeof(cmd))
		cmd[n++] = line[i++];
	cmd[n] = '\0';
	if (i >= start && prev != '(')
		return COMPLETE_COMMAND;
	d = cmd_find(cmd);
	if (!d)
		return COMPLETE_NONE;
	/* key=VALUE: the key decides. */
	if (prev == '=') {
		size_t k = start - 1;

		while (k > 0 && line[k - 1] != ' ' && line[k - 1] != '\t' &&
		       line[k - 1] != '(' && line[k - 1] != ',')
			k--;
		if (strncmp(line + k, "zone=", 5) == 0)
			return COMPLETE_ZONE;
		if (strncmp(line + k, "ctx=", 4) == 0)
			return COMPLETE_CTX;
		if (strncmp(line + k, "owner=", 6) == 0)
			return COMPLETE_OWNER;
		return COMPLETE_NONE;
	}
	if (prev == '|')
		return COMPLETE_GFP;
	/* Count the words between the command and start. */
	for (bool inword = false; i < start; i++) {
		bool sep = line[i] == ' ' || line[i] == '\t' || line[i] == '(' ||
			   line[i] == ',';

		if (sep && inword)
			argi++;
		inword = !sep;
	}
	if (strcmp(d->name, "alloc") == 0 || strcmp(d->name, "free") == 0 ||
	    strcmp(d->name, "where") == 0) {
		/* "as NAME" wants a new name: nothing to offer. */
		if (start >= 3 && strncmp(line + start - 3, "as ", 3) == 0)
			return COMPLETE_NONE;
	}
	if (strcmp(d->name, "machine") == 0 && argi > 0)
		return COMPLETE_ZONE_SIZE;
	return d->complete[argi < 3 ? argi : 2];
}

static void
offer(const char *word, const char *prefix, size_t plen,
      void (*fn)(void *data, const char *word), void *data)
{
	if (strncasecmp(word, prefix, plen) == 0)
		fn(data, word);
}

void
cmd_complete_each(struct session *s, enum cmd_complete kind, const char *prefix,
		  void (*fn)(void *data, const char *word), void *data)
{
	size_t plen = strlen(prefix);
	enum kernel_era era = mm_era(s->m);
	struct zone_info zi;
	char buf[64];

	switch (kind) {
	case COMPLETE_COMMAND:
		for (size_t i = 0; i < cmd_table_len; i++)
			if (strncmp(cmd_table[i].name, prefix, plen) == 0)
				fn(data, cmd_table[i].name);
		break;
	case COMPLETE_PRESET:
		for (size_t i = 0; i < presets_len; i++)
			offer(presets[i].name, prefix, plen, fn, data);
		offer("list", prefix, plen, fn, data);
		offer("custom", prefix, plen, fn, data);
		break;
	case COMPLETE_ZONE_SIZE:
		for (int z = 0; z < ZONE_DEVICE; z++) {
			snprintf(buf, sizeof(buf), "%s=", zone_names_kernel[z]);
			offer(buf, prefix, plen, fn, data);
		}
		offer("cpus=", prefix, plen, fn, data);
		offer("max_order=", prefix, plen, fn, data);
		offer("pageblock_order=", prefix, plen, fn, data);
		break;
	case COMPLETE_ERA:
		offer("4.19", prefix, plen, fn, data);
		offer("6.12", prefix, plen, fn, data);
		break;
	case COMPLETE_SYSCTL:
		for (int i = 0; sysctl_names[i]; i++) {
			snprintf(buf, sizeof(buf), "vm.%s", sysctl_names[i]);
			offer(buf, prefix, plen, fn, data);
		}
		break;
	case COMPLETE_ZONE:
		for (unsigned z = 0; z < mm_nr_zones(s->m); z++)
			if (mm_zone_info(s->m, z, &zi) && zi.populated)
				offer(zi.name, prefix, plen, fn, data);
		break;
	case COMPLETE_ALLOC_OPT:
		offer("zone=", prefix, plen, fn, data);
		offer("ctx=", prefix, plen, fn, data);
		offer("owner=", prefix, plen, fn, data);
		offer("count=", prefix, plen, fn, data);
		offer("as", prefix, plen, fn, data);
		/* fall through */
	case COMPLETE_GFP:
		for (int t = 0; t < NR_GFP_TYPES; t++)
			offer(gfp_type_name((enum gfp_type)t), prefix, plen, fn, data);
		for (int b = 0; b < NR_GFP_BITS; b++)
			if (gfp_bit_in_era(era, (enum gfp_bit)b))
				offer(gfp_bit_name((enum gfp_bit)b), prefix, plen, fn,
				      data);
		break;
	case COMPLETE_HANDLE:
		session_each_handle(s, prefix, fn, data);
		break;
	case COMPLETE_PROCFILE:
		for (int i = 0; procfile_paths[i]; i++)
			offer(procfile_paths[i], prefix, plen, fn, data);
		break;
	case COMPLETE_WORKLOAD:
		for (unsigned i = 0; i < workloads_len; i++)
			offer(workloads[i].name, prefix, plen, fn, data);
		offer("list", prefix, plen, fn, data);
		break;
	case COMPLETE_EXPECT: {
		static const char *const w[] = {
			"ok", "fail", "free", "nr_free", "pageblocks", "wmark",
			"handles", "pfn", "order",
		};

		for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
			offer(w[i], prefix, plen, fn, data);
		break;
	}
	case COMPLETE_ONOFF:
		offer("on", prefix, plen, fn, data);
		offer("off", prefix, plen, fn, data);
		offer("drain", prefix, plen, fn, data);
		break;
	case COMPLETE_CTX:
		for (int i = 0; i < NR_ALLOC_CTX; i++)
			offer(alloc_ctx_name((enum alloc_ctx)i), prefix, plen, fn, data);
		break;
	case COMPLETE_OWNER:
		for (int i = 0; i < NR_OWNERS; i++)
			if (i != OWNER_RESERVED)
				offer(page_owner_name((enum page_owner)i), prefix, plen,
				      fn, data);
		break;
	case COMPLETE_LESSON:
		lesson_each(prefix, fn, data);
		break;
	case COMPLETE_PATH:
	case COMPLETE_NONE:
		break;
	}
}
