/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vmcmd.c - the commands of reclaim, compaction and the OOM killer
 * (their rows are in cmd.c's table): kswapd, reclaim, compact, oom,
 * tasks, kill, swap, dirty, frag, contig, daemons, tick, and the two
 * action sysctls vm.drop_caches and vm.compact_memory.  Also the
 * daemons' turn after each state-changing command.
 *
 * Nothing here decides policy: every number comes from the model
 * (reclaim.h, compaction.h, procfs.h); this file parses words and prints.
 */
#include "vmcmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compaction.h"
#include "parse.h"
#include "procfs.h"
#include "reclaim.h"
#include "session_impl.h"

/* kswapd steps the daemons may take after one command: far more than a
 * balance needs (at most 16 hopeless runs of 12 priorities). */
#define DAEMON_MAX_STEPS 1000000ul


static void
kswapd_summary(struct session *s, unsigned long steps, struct strbuf *out)
{
	struct kswapd_info k;

	mm_kswapd_info(s->m, &k);
	strbuf_addf(out, "kswapd: %lu step%s, %lu pages reclaimed; %s\n", steps,
		    steps == 1 ? "" : "s", k.reclaimed,
		    k.awake ? "still awake" :
		    k.failures >= 16 ? "asleep: node hopeless (kswapd_failures 16)" :
		    "asleep: node balanced at the high watermark");
}

static void
kcompactd_run(struct session *s, struct strbuf *out)
{
	struct kswapd_info k;
	struct mm_vmstat before, after;

	mm_kswapd_info(s->m, &k);
	mm_get_vmstat(s->m, &before);
	mm_kcompactd_run(s->m);
	mm_get_vmstat(s->m, &after);
	if (out)
		strbuf_addf(out, "kcompactd: order %d, %lu pages migrated\n",
			    k.kcompactd_order,
			    after.pgmigrate_success - before.pgmigrate_success);
}

void
session_run_daemons(struct session *s, struct strbuf *out)
{
	if (mm_kswapd_awake(s->m)) {
		unsigned long steps = mm_kswapd_run(s->m, DAEMON_MAX_STEPS);

		if (!s->replaying)
			kswapd_summary(s, steps, out);
	}
	if (mm_kcompactd_pending(s->m))
		kcompactd_run(s, s->replaying ? NULL : out);
}

/* ---- kswapd ------------------------------------------------------------- */

static void
kswapd_status(struct session *s, struct strbuf *out)
{
	struct kswapd_info k;

	mm_kswapd_info(s->m, &k);
	if (!k.awake) {
		strbuf_addf(out, "kswapd: asleep (kswapd_failures %d)%s\n", k.failures,
			    k.kcompactd_woken ? "; kcompactd woken" : "");
		return;
	}
	strbuf_addf(out, "kswapd: awake for order %d, zones up to %s, priority %d\n"
		    "  this pass: %lu of %lu pages reclaimed; boost to pay back %lu; "
		    "%lu reclaimed since woken\n", k.order,
		    cmd_zone_name(s->m, k.highest_zoneidx), k.priority ? k.priority : 12,
		    k.pass_reclaimed, k.pass_target, k.boost_left, k.reclaimed);
}

enum exec_status
exec_kswapd(struct cmd_ctx *c)
{
	struct session *s = c->s;
	unsigned long n = 1;

	if (c->argc == 0 || word_eq(c->argv[0], "status")) {
		kswapd_status(s, c->out);
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "wake")) {
		unsigned long order = 0;

		if (c->argc > 1 && !parse_ulong_range(c->argv[1], "order", 0,
						      mm_max_order(s->m), &order,
						      c->err, c->errlen))
			return cmd_fail(c);
		mm_kswapd_wake(s->m, (unsigned)order);
		kswapd_status(s, c->out);
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "run")) {
		unsigned long steps = mm_kswapd_run(s->m, DAEMON_MAX_STEPS);

		kswapd_summary(s, steps, c->out);
		return EXEC_OK;
	}
	if (!word_eq(c->argv[0], "step"))
		return cmd_error(c, "expected status, wake [ORDER], step [N] or run");
	if (c->argc > 1 && !parse_ulong_range(c->argv[1], "steps", 1, DAEMON_MAX_STEPS,
					      &n, c->err, c->errlen))
		return cmd_fail(c);
	if (!mm_kswapd_awake(s->m)) {
		strbuf_adds(c->out, "kswapd: asleep; nothing to step (kswapd wake "
				    "wakes it)\n");
		return EXEC_OK;
	}
	for (unsigned long i = 0; i < n && mm_kswapd_step(s->m); i++)
		;
	kswapd_status(s, c->out);
	return EXEC_OK;
}

/* ---- direct reclaim, drop_caches, swap, dirty ----------------------------- */

enum exec_status
exec_reclaim(struct cmd_ctx *c)
{
	struct session *s = c->s;
	unsigned long pages = 32;
	unsigned zone = mm_nr_zones(s->m) - 1;
	struct reclaim_result r;
	struct zone_info zi;

	/* by default every zone with memory, as GFP_HIGHUSER_MOVABLE */
	while (zone > 0 && mm_zone_info(s->m, zone, &zi) && !zi.populated)
		zone--;

	for (unsigned k = 0; k < c->argc; k++) {
		if (strncmp(c->argv[k], "zone=", 5) == 0) {
			if (!cmd_parse_zone(c, c->argv[k] + 5, &zone))
				return EXEC_ERROR;
		} else if (!parse_ulong_range(c->argv[k], "pages", 1, 1ul << 32,
					      &pages, c->err, c->errlen)) {
			return cmd_fail(c);
		}
	}
	mm_direct_reclaim(s->m, (int)zone, pages, &r);
	strbuf_addf(c->out, "try_to_free_pages: %lu pages scanned, %lu reclaimed "
		    "(zones up to %s), %lu dirty pages written back\n",
		    r.nr_scanned, r.nr_reclaimed, cmd_zone_name(s->m, (int)zone),
		    r.nr_writeback);
	return EXEC_OK;
}

enum exec_status
exec_swap(struct cmd_ctx *c)
{
	struct session *s = c->s;
	unsigned long pages;

	if (c->argc == 0) {
		strbuf_addf(c->out, "swap: %lu pages, %lu used\n",
			    mm_swap_total(s->m), mm_swap_used(s->m));
		return EXEC_OK;
	}
	if (word_eq(c->argv[0], "off"))
		pages = 0;
	else if (!parse_ulong_range(c->argv[0], "swap pages", 0, 1ul << 32,
				    &pages, c->err, c->errlen))
		return cmd_fail(c);
	if (pages < mm_swap_used(s->m))
		return cmd_error(c, "%lu pages are in swap; swap cannot shrink below "
				 "that (swapoff would have to read them back)",
				 mm_swap_used(s->m));
	mm_set_swap(s->m, pages);
	strbuf_addf(c->out, "swap: %lu pages, %lu used; anonymous memory is %s\n",
		    pages, mm_swap_used(s->m),
		    pages > mm_swap_used(s->m) ? "reclaimable" : "not reclaimable");
	return EXEC_OK;
}

/* A handle or PFN naming the head of an allocated block. */
static bool
block_target(struct cmd_ctx *c, const char *word, uint64_t *pfn)
{
	struct handle *h = handle_find(&c->s->st, word);

	if (h) {
		*pfn = h->pfn;
		return true;
	}
	return cmd_parse_pfn(c, word, pfn);
}

enum exec_status
exec_dirty(struct cmd_ctx *c)
{
	uint64_t pfn;
	bool dirty = true;
	char msg[160];

	if (c->argc == 2) {
		if (!word_eq(c->argv[1], "clean") && !word_eq(c->argv[1], "dirty"))
			return cmd_error(c, "expected clean or dirty after the block");
		dirty = word_eq(c->argv[1], "dirty");
	}
	if (!block_target(c, c->argv[0], &pfn))
		return EXEC_ERROR;
	if (!mm_set_dirty(c->s->m, pfn, dirty, msg, sizeof(msg)))
		return cmd_error(c, "%s", msg);
	strbuf_addf(c->out, "pfn 0x%llx is now %s page cache\n",
		    (unsigned long long)pfn, dirty ? "dirty" : "clean");
	return EXEC_OK;
}

/* ---- tasks and the OOM killer ----------------------------------------------- */

enum exec_status
exec_tasks(struct cmd_ctx *c)
{
	const struct machine *m = c->s->m;
	unsigned n = mm_nr_tasks(m);

	if (!n) {
		strbuf_adds(c->out, "no tasks (alloc ... task=NAME starts one)\n");
		return EXEC_OK;
	}
	strbuf_addf(c->out, "%6s %-16s %9s %9s %9s %9s %9s %s\n", "pid", "name",
		    "rss", "anon", "file", "pinned", "swap", "oom_badness");
	for (unsigned i = 1; i <= n; i++) {
		struct mm_task_info t;

		if (!mm_task_info(m, (int)i, &t))
			continue;
		strbuf_addf(c->out, "%6d %-16s %9ld %9ld %9ld %9ld %9ld %ld%s\n",
			    t.pid, t.name, t.rss, t.pages[OWNER_ANON],
			    t.pages[OWNER_PAGECACHE] + t.pages[OWNER_PAGECACHE_DIRTY],
			    t.pages[OWNER_PINNED], t.swapents, t.rss + t.swapents,
			    t.killed ? " (killed)" : "");
	}
	strbuf_adds(c->out, "(pages; oom_badness = rss + swap, the largest is "
			    "killed first)\n");
	return EXEC_OK;
}

enum exec_status
exec_oom(struct cmd_ctx *c)
{
	struct oom_result r;
	struct mm_task_info t;

	if (!mm_out_of_memory(c->s->m, &r)) {
		strbuf_adds(c->out, "out_of_memory: no task to kill (the kernel "
				    "would panic)\n");
		return EXEC_OK;
	}
	mm_task_info(c->s->m, r.task, &t);
	strbuf_addf(c->out, "out_of_memory: killed %s (pid %d), oom_badness %ld, "
		    "%ld pages freed\n", t.name, t.pid, r.badness, r.freed);
	return EXEC_OK;
}

enum exec_status
exec_kill(struct cmd_ctx *c)
{
	int t = mm_task_find(c->s->m, c->argv[0]);
	long freed;
	char qb[64];

	if (!t)
		return cmd_error(c, "no live task '%s' (tasks lists them)",
				 parse_quote(c->argv[0], qb, sizeof(qb)));
	if (!mm_task_exit(c->s->m, t, &freed))
		return cmd_error(c, "task '%s' has already exited",
				 parse_quote(c->argv[0], qb, sizeof(qb)));
	strbuf_addf(c->out, "%s exited: %ld anonymous and pinned pages freed; "
		    "its page cache stays cached\n", c->argv[0], freed);
	(void)t;
	return EXEC_OK;
}

/* ---- compaction --------------------------------------------------------------- */

static void
compact_report(const struct machine *m, const struct compact_info *ci,
	       struct strbuf *out)
{
	strbuf_addf(out, "compact_zone %s", cmd_zone_name(m, ci->zone));
	if (ci->order >= 0)
		strbuf_addf(out, " order %d", ci->order);
	else
		strbuf_adds(out, " (whole zone)");
	strbuf_addf(out, " %s: migrate scanner 0x%llx, free scanner 0x%llx; "
		    "%lu pages migrated, %lu scanned by the migrate scanner, %lu "
		    "by the free scanner; %s\n", compact_priority_name(ci->prio),
		    (unsigned long long)ci->migrate_pfn,
		    (unsigned long long)ci->free_pfn, ci->nr_migrated,
		    ci->nr_migrate_scanned, ci->nr_free_scanned,
		    ci->active ? "running" : compact_result_name(ci->result));
	if (ci->active || ci->nr_migrate_scanned || ci->nr_free_scanned)
		return;
	if (ci->result == COMPACT_SKIPPED)
		strbuf_adds(out, "  compaction_suitable said no: too few free pages "
				 "above the watermark to migrate into, or the "
				 "fragmentation index is at or below "
				 "vm.extfrag_threshold (the failure is a lack of "
				 "memory: reclaim helps, compaction does not)\n");
	else if (ci->result == COMPACT_SUCCESS)
		strbuf_adds(out, "  an allocation of that order would already "
				 "succeed: nothing to do\n");
}

enum exec_status
exec_compact(struct cmd_ctx *c)
{
	struct session *s = c->s;
	struct compact_info ci;
	enum compact_priority prio = COMPACT_PRIO_SYNC_FULL;
	unsigned zone = 0;
	long order = -1;
	bool have_zone = false, step = false;
	char qb[64], msg[160];

	if (c->argc && word_eq(c->argv[0], "status")) {
		mm_compact_info(s->m, &ci);
		if (!ci.active && !ci.nr_migrate_scanned && !ci.nr_free_scanned)
			strbuf_adds(c->out, "no compaction is being stepped\n");
		else
			compact_report(s->m, &ci, c->out);
		return EXEC_OK;
	}
	if (c->argc && word_eq(c->argv[0], "step")) {
		unsigned long n = 1;

		if (c->argc > 2)
			return cmd_error(c, "compact step takes one number");
		if (c->argc == 2 && !parse_ulong_range(c->argv[1], "steps", 1,
						       1ul << 30, &n, c->err,
						       c->errlen))
			return cmd_fail(c);
		mm_compact_info(s->m, &ci);
		if (!ci.active)
			return cmd_error(c, "no compaction is running: start one with "
					 "compact ZONE [order=N] step");
		for (unsigned long i = 0; i < n && mm_compact_step(s->m); i++)
			;
		mm_compact_info(s->m, &ci);
		compact_report(s->m, &ci, c->out);
		return EXEC_OK;
	}
	for (unsigned k = 0; k < c->argc; k++) {
		const char *w = c->argv[k];

		if (strncmp(w, "order=", 6) == 0) {
			unsigned long o;

			if (!parse_ulong_range(w + 6, "order", 0, mm_max_order(s->m),
					       &o, c->err, c->errlen))
				return cmd_fail(c);
			order = (long)o;
		} else if (strncmp(w, "prio=", 5) == 0) {
			if (!compact_priority_parse(w + 5, &prio))
				return cmd_error(c, "unknown priority '%s': expected "
						 "async, sync-light or sync-full",
						 parse_quote(w + 5, qb, sizeof(qb)));
		} else if (word_eq(w, "step")) {
			step = true;
		} else if (!have_zone && !word_eq(w, "all")) {
			if (!cmd_parse_zone(c, w, &zone))
				return EXEC_ERROR;
			have_zone = true;
		} else if (!word_eq(w, "all")) {
			return cmd_error(c, "unexpected '%s'", parse_quote(w, qb, sizeof(qb)));
		}
	}
	if (!have_zone) {
		if (step)
			return cmd_error(c, "compact ZONE ... step: name the zone to step");
		if (order >= 0)
			return cmd_error(c, "compact order=N needs a zone");
		mm_compact_memory(s->m);
		for (unsigned z = 0; z < mm_nr_zones(s->m); z++) {
			struct zone_info zi;

			if (mm_zone_info(s->m, z, &zi) && zi.populated)
				strbuf_addf(c->out, "%s: largest free block order %d\n",
					    zi.name, mm_largest_free_order(s->m, z));
		}
		return EXEC_OK;
	}
	if (step) {
		if (!mm_compact_begin(s->m, zone, (int)order, prio, msg, sizeof(msg)))
			return cmd_error(c, "%s", msg);
		mm_compact_info(s->m, &ci);
		compact_report(s->m, &ci, c->out);
		return EXEC_OK;
	}
	if (!mm_zone_info(s->m, zone, &(struct zone_info){ 0 }))
		return cmd_error(c, "no such zone");
	mm_compact_zone(s->m, zone, (int)order, prio, &ci);
	compact_report(s->m, &ci, c->out);
	return EXEC_OK;
}

/* ---- metrics ------------------------------------------------------------------ */

static void
frag_zone(const struct machine *m, unsigned z, struct strbuf *out)
{
	struct zone_info zi;
	unsigned max = mm_max_order(m);

	mm_zone_info(m, z, &zi);
	strbuf_addf(out, "%s: %ld pages free, largest free block order %d\n",
		    zi.name, zi.free, mm_largest_free_order(m, z));
	strbuf_adds(out, "  order        ");
	for (unsigned o = 0; o <= max; o++)
		strbuf_addf(out, "%7u", o);
	strbuf_adds(out, "\n  unusable     ");
	for (unsigned o = 0; o <= max; o++) {
		int v = frag_unusable_index(m, z, o);

		strbuf_addf(out, "  %d.%03d", v / 1000, v % 1000);
	}
	strbuf_adds(out, "\n  extfrag      ");
	for (unsigned o = 0; o <= max; o++) {
		int v = frag_extfrag_index(m, z, o);

		if (v < 0)
			strbuf_adds(out, " -1.000");
		else
			strbuf_addf(out, "  %d.%03d", v / 1000, v % 1000);
	}
	strbuf_adds(out, "\n  free pages by type:");
	for (int t = 0; t < MIGRATE_TYPES; t++) {
		if (t == MIGRATE_CMA && !mm_have_cma(m))
			continue;
		strbuf_addf(out, " %s %ld", migratetype_name((enum migratetype)t),
			    mm_free_pages_mt(m, z, (enum migratetype)t));
	}
	strbuf_addc(out, '\n');
}

enum exec_status
exec_frag(struct cmd_ctx *c)
{
	const struct machine *m = c->s->m;
	struct mm_vmstat vs;
	struct mm_sysctl sc;

	if (c->argc == 1) {
		unsigned z;

		if (!cmd_parse_zone(c, c->argv[0], &z))
			return EXEC_ERROR;
		frag_zone(m, z, c->out);
	} else {
		for (unsigned z = 0; z < mm_nr_zones(m); z++) {
			struct zone_info zi;

			if (mm_zone_info(m, z, &zi) && zi.populated)
				frag_zone(m, z, c->out);
		}
	}
	mm_get_vmstat(m, &vs);
	mm_get_sysctl(m, &sc);
	{
		/* fragmentation_score_wmark(): low max(100 - p, 5), high
		 * min(low + 10, 100) */
		unsigned p = sc.compaction_proactiveness;
		unsigned wlow = p >= 95 ? 5 : 100 - p;
		unsigned long stalls = 0;

		for (unsigned z = 0; z < MM_MAX_ZONES; z++)
			stalls += vs.allocstall[z];
		strbuf_addf(c->out, "fragmentation score %u (proactive compaction "
			    "starts above %u, stops at %u)\n"
			    "compact_stall %lu compact_success %lu compact_fail %lu "
			    "pgsteal %lu allocstall %lu oom_kill %lu\n",
			    mm_fragmentation_score(m), wlow + 10 > 100 ? 100 : wlow + 10,
			    wlow, vs.compact_stall, vs.compact_success,
			    vs.compact_fail, vs.pgsteal_kswapd + vs.pgsteal_direct,
			    stalls, vs.oom_kill);
	}
	return EXEC_OK;
}

/* ORDER, or a size: 2M, 4MiB, 1G. */
static bool
parse_contig_order(struct cmd_ctx *c, const char *w, unsigned *order)
{
	unsigned long v;
	char *end;

	v = strtoul(w, &end, 10);
	if (end == w)
		goto bad;
	if (!*end) {
		if (v > 30)
			goto bad;
		*order = (unsigned)v;
		return true;
	}
	if (!strcmp(end, "M") || !strcmp(end, "MiB") || !strcmp(end, "MB"))
		v <<= 20;
	else if (!strcmp(end, "G") || !strcmp(end, "GiB") || !strcmp(end, "GB"))
		v <<= 30;
	else if (!strcmp(end, "K") || !strcmp(end, "KiB") || !strcmp(end, "kB"))
		v <<= 10;
	else
		goto bad;
	if (v < 4096 || (v & (v - 1)))
		goto bad;
	*order = (unsigned)__builtin_ctzl(v >> 12);
	return true;
bad:
	cmd_error(c, "expected an order (0..30) or a power-of-two size like 2M "
		  "or 1G, got '%s'", w);
	return false;
}

enum exec_status
exec_contig(struct cmd_ctx *c)
{
	unsigned orders[2] = { mm_pageblock_order(c->s->m), 18 }, n = 2;

	if (c->argc == 1) {
		if (!parse_contig_order(c, c->argv[0], &orders[0]))
			return EXEC_ERROR;
		n = 1;
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t blockers[8];
		struct contig_info ci;
		unsigned long kb = 4ul << orders[i];

		mm_contig_check(c->s->m, orders[i], &ci, blockers, 8);
		strbuf_addf(c->out, "%lu %s contiguous (order %u): ",
			    kb >= 1048576 ? kb >> 20 : kb >= 1024 ? kb >> 10 : kb,
			    kb >= 1048576 ? "GiB" : kb >= 1024 ? "MiB" : "KiB", orders[i]);
		if (!ci.nr_ranges) {
			strbuf_adds(c->out, "no zone is that large\n");
			continue;
		}
		if (ci.free_now)
			strbuf_adds(c->out, "free now\n");
		else if (ci.after_compaction)
			strbuf_addf(c->out, "not free now; compaction could make one "
				    "(e.g. at pfn 0x%llx)\n",
				    (unsigned long long)ci.best_pfn);
		else
			strbuf_addf(c->out, "not possible: every one of the %lu ranges "
				    "holds pages that cannot move\n", ci.nr_ranges);
		if (!ci.free_now && ci.nr_blockers) {
			strbuf_addf(c->out, "  %lu pageblock%s with unmovable, pinned or "
				    "reserved pages stand in the way:", ci.nr_blockers,
				    ci.nr_blockers == 1 ? "" : "s");
			for (unsigned b = 0; b < ci.nr_blockers && b < 8; b++)
				strbuf_addf(c->out, " 0x%llx", (unsigned long long)blockers[b]);
			strbuf_adds(c->out, ci.nr_blockers > 8 ? " ...\n" : "\n");
		}
	}
	return EXEC_OK;
}

/* ---- daemons and time ------------------------------------------------------------ */

enum exec_status
exec_daemons(struct cmd_ctx *c)
{
	struct session *s = c->s;

	if (c->argc) {
		if (word_eq(c->argv[0], "auto"))
			s->st.daemons_manual = false;
		else if (word_eq(c->argv[0], "manual"))
			s->st.daemons_manual = true;
		else
			return cmd_error(c, "expected auto or manual");
	}
	strbuf_addf(c->out, "daemons: %s\n", s->st.daemons_manual ?
		    "manual (kswapd step / compact step / tick drive them)" :
		    "auto (kswapd and kcompactd run after each command)");
	return EXEC_OK;
}

enum exec_status
exec_tick(struct cmd_ctx *c)
{
	struct session *s = c->s;
	unsigned long ms = 500;
	unsigned long runs = 0;
	uint64_t before = s->st.now_ms;

	if (c->argc && !parse_ulong_range(c->argv[0], "milliseconds", 1,
					  3600000ul, &ms, c->err, c->errlen))
		return cmd_fail(c);
	s->st.now_ms += ms;
	/* kcompactd's timer: HPAGE_FRAG_CHECK_INTERVAL_MSEC = 500 */
	for (uint64_t t = before / 500 + 1; t <= s->st.now_ms / 500; t++)
		if (mm_proactive_compact(s->m))
			runs++;
	strbuf_addf(c->out, "time %llu ms; fragmentation score %u; proactive "
		    "compaction ran %lu time%s\n", (unsigned long long)s->st.now_ms,
		    mm_fragmentation_score(s->m), runs, runs == 1 ? "" : "s");
	return EXEC_OK;
}

/* ---- the action sysctls ------------------------------------------------------------ */

bool
vm_action_sysctl(const char *name)
{
	const char *base = strrchr(name, '.');
	const char *slash = strrchr(name, '/');

	if (slash && (!base || slash > base))
		base = slash;
	base = base ? base + 1 : name;
	return !strcmp(base, "drop_caches") || !strcmp(base, "compact_memory");
}

enum exec_status
vm_action_write(struct cmd_ctx *c, const char *name, const char *value)
{
	struct session *s = c->s;
	long v;

	if (!parse_long(value, &v, c->err, c->errlen))
		return cmd_fail(c);
	if (strstr(name, "drop_caches")) {
		unsigned long n;

		/* proc_dointvec_minmax with 1..4 */
		if (v < 1 || v > 4)
			return cmd_error(c, "vm.drop_caches: %ld is out of range "
					 "(1 page cache, 2 slab, 3 both, 4 quiet)", v);
		n = v & 3 ? mm_drop_caches(s->m, (int)(v & 3)) : 0;
		strbuf_addf(c->out, "drop_caches: %lu pages dropped\n", n);
		return EXEC_OK;
	}
	if (v != 1 && mm_era(s->m) != ERA_4_19)
		return cmd_error(c, "vm.compact_memory: only 1 is accepted");
	mm_compact_memory(s->m);
	strbuf_adds(c->out, "compact_memory: every populated zone compacted\n");
	return EXEC_OK;
}
