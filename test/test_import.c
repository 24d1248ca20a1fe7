/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_import.c - import, replay and watch against real and hand-made
 * files.  Expected numbers come from the files themselves (the real
 * buddyinfo lines, the zoneinfo watermarks, the real kpageflags map, the
 * event counts of the real trace), never from buddyscope's own output.
 *
 * The shared 6.18 data is found through $BS_SHARED (meson sets it to
 * ../shared next to the source tree); the hand-made files through
 * $BS_SOURCE_ROOT/test/data.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "import.h"
#include "kmemtrace.h"
#include "mm.h"
#include "procfs.h"
#include "procimport.h"
#include "readfile.h"
#include "replay.h"
#include "session.h"
#include "strbuf.h"
#include "watch.h"
#include "gfp.h"
#include "capture.h"
#include <stdarg.h>
#include <unistd.h>

static char real_dir[4096], data_dir[4096];

static void
setup_paths(void)
{
	const char *sh = getenv("BS_SHARED"), *src = getenv("BS_SOURCE_ROOT");

	snprintf(real_dir, sizeof(real_dir), "%s/data/real/vm618-build",
		 sh ? sh : "../shared");
	snprintf(data_dir, sizeof(data_dir), "%s/test/data", src ? src : ".");
}

static struct machine *
load(const char *dir, const char *snap, bool kpf, struct mm_import_report *rep)
{
	struct procimport_opts o = { dir, snap, 0, kpf, NULL };
	struct mm_import *imp = malloc(sizeof(*imp));
	struct strbuf notes = STRBUF_INIT;
	char err[512] = "";
	struct machine *m;

	ck_assert_ptr_nonnull(imp);
	m = procimport_load(&o, imp, rep, &notes, err, sizeof(err));
	ck_assert_msg(m != NULL, "import %s: %s", dir, err);
	strbuf_release(&notes);
	free(imp);
	return m;
}

/* Line n (0-based) of a text, into buf. */
static void
nth_line(const char *text, unsigned n, char *buf, size_t len)
{
	const char *p = text, *nl;

	while (n-- && (nl = strchr(p, '\n')))
		p = nl + 1;
	nl = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(nl ? nl - p + 1 : (long)strlen(p)), p);
}

static char *
slurp(const char *path)
{
	char *buf, err[256];
	size_t len;

	ck_assert_msg(readfile_all(path, &buf, &len, 0, err, sizeof(err)), "%s", err);
	return buf;
}

/* cat /proc/buddyinfo equals the real file's DMA and DMA32 lines. */
static void
check_buddyinfo(const char *snap, bool kpf, unsigned nlines)
{
	struct mm_import_report rep;
	struct machine *m = load(real_dir, snap, kpf, &rep);
	struct strbuf sb = STRBUF_INIT;
	char path[4200], a[256], b[256], err[256];
	char *real;

	snprintf(path, sizeof(path), "%s/buddyinfo.%s", real_dir, snap);
	real = slurp(path);
	procfs_buddyinfo(m, &sb);
	for (unsigned i = 0; i < nlines; i++) {
		nth_line(real, i, a, sizeof(a));
		nth_line(strbuf_str(&sb), i, b, sizeof(b));
		ck_assert_str_eq(b, a);
	}
	ck_assert_msg(mm_check(m, err, sizeof(err)), "%s", err);
	ck_assert(rep.synthetic == !kpf);
	free(real);
	strbuf_release(&sb);
	mm_destroy(m);
}

START_TEST(real_buddyinfo_kpf_before) { check_buddyinfo("before", true, 2); }
END_TEST
START_TEST(real_buddyinfo_kpf_after) { check_buddyinfo("after", true, 2); }
END_TEST
/* Without kpageflags every count read holds: all three zones. */
START_TEST(real_buddyinfo_synthetic) { check_buddyinfo("before", false, 3); }
END_TEST

/* pagetypeinfo's free rows of DMA and DMA32 equal the real ones. */
START_TEST(real_pagetypeinfo_rows)
{
	struct mm_import_report rep;
	struct machine *m = load(real_dir, "before", true, &rep);
	struct strbuf sb = STRBUF_INIT;
	char path[4200], a[256], b[256];
	char *real;

	snprintf(path, sizeof(path), "%s/pagetypeinfo.before", real_dir);
	real = slurp(path);
	procfs_pagetypeinfo(m, &sb);
	for (unsigned i = 0; i < 14; i++) {	/* header + DMA + DMA32 rows */
		nth_line(real, i, a, sizeof(a));
		nth_line(strbuf_str(&sb), i, b, sizeof(b));
		ck_assert_str_eq(b, a);
	}
	free(real);
	strbuf_release(&sb);
	mm_destroy(m);
}
END_TEST

/* Watermarks and protection as zoneinfo.before says. */
START_TEST(real_zoneinfo_values)
{
	struct mm_import_report rep;
	struct machine *m = load(real_dir, "before", true, &rep);
	struct zone_info zi;
	static const long prot_dma[] = { 0, 3018, 4810, 4810, 4810 };

	ck_assert(mm_zone_info(m, 1, &zi));
	ck_assert_str_eq(zi.name, "DMA32");
	ck_assert_uint_eq(zi.wmark[0], 10569);
	ck_assert_uint_eq(zi.wmark[1], 13211);
	ck_assert_uint_eq(zi.wmark[2], 15853);
	ck_assert_uint_eq(zi.wmark[3], 18495);
	ck_assert_uint_eq(zi.spanned, 1044480);
	ck_assert_uint_eq(zi.present, 782336);
	ck_assert_uint_eq(zi.managed, 772808);
	ck_assert_uint_eq(zi.start_pfn, 4096);
	ck_assert_int_eq(zi.pcp_high_min, 6605);
	ck_assert_int_eq(zi.pcp_batch, 63);
	ck_assert(mm_zone_info(m, 0, &zi));
	for (unsigned i = 0; i < 5; i++)
		ck_assert_int_eq(zi.lowmem_reserve[i], prot_dma[i]);
	ck_assert_uint_eq(zi.start_pfn, 1);
	ck_assert_uint_eq(zi.present, 3998);
	ck_assert(mm_zone_info(m, 2, &zi));
	ck_assert_uint_eq(zi.managed, 458752);
	mm_destroy(m);
}
END_TEST

/*
 * Against the real kpageflags map: every page of every free block has
 * KPF_BUDDY, no block is above order 10 or crosses a zone edge, and every
 * KPF_BUDDY page of the zones lies in a free block.
 */
START_TEST(real_kpageflags_map)
{
	struct mm_import_report rep;
	struct machine *m = load(real_dir, "before", true, &rep);
	char path[4200], err[256], *raw;
	size_t len;
	const uint64_t *kpf;
	uint64_t buddy_pages = 0, free_pages = 0;

	snprintf(path, sizeof(path), "%s/kpageflags.before.gz", real_dir);
	ck_assert_msg(readfile_all(path, &raw, &len, 0, err, sizeof(err)), "%s", err);
	kpf = (const uint64_t *)(const void *)raw;
	ck_assert_uint_eq(len / 8, 6553600);
	/* under valgrind: DMA and DMA32 only (a million PFNs) */
	uint64_t end = getenv("BS_VALGRIND") ? 1048576 : mm_end_pfn(m);

	for (uint64_t pfn = mm_start_pfn(m); pfn < end;) {
		struct page_info pi;
		bool buddy = (kpf[pfn] >> KPF_BUDDY) & 1;

		ck_assert(mm_page_info(m, pfn, &pi));
		if (pi.kind == PAGE_FREE && pi.block_pfn == pfn) {
			struct page_info last;
			uint64_t n = 1ull << pi.order;

			ck_assert_uint_le(pi.order, 10);
			ck_assert(mm_page_info(m, pfn + n - 1, &last));
			ck_assert_int_eq(last.zone, pi.zone);
			for (uint64_t i = 0; i < n; i++)
				ck_assert_msg((kpf[pfn + i] >> KPF_BUDDY) & 1,
					      "pfn 0x%llx in a free block lacks KPF_BUDDY",
					      (unsigned long long)(pfn + i));
			free_pages += n;
			buddy_pages += n;
			pfn += n;
			continue;
		}
		if (pi.kind != PAGE_HOLE)
			ck_assert_msg(!buddy, "KPF_BUDDY pfn 0x%llx is not free",
				      (unsigned long long)pfn);
		pfn++;
	}
	ck_assert_uint_eq(free_pages, buddy_pages);
	/* 3840 + 772808 + 195106 KPF_BUDDY pages in the three zones */
	ck_assert_uint_eq(free_pages, 3840 + 772808 +
			  (getenv("BS_VALGRIND") ? 0 : 195106));
	free(raw);
	mm_destroy(m);
}
END_TEST

/* Owner kinds from page flags, as the issue maps them. */
START_TEST(owner_mapping)
{
#define B(x) (1ull << (x))
	ck_assert_int_eq(mm_import_owner(B(KPF_SLAB)), OWNER_SLAB);
	ck_assert_int_eq(mm_import_owner(B(KPF_LRU) | B(KPF_ANON)), OWNER_ANON);
	ck_assert_int_eq(mm_import_owner(B(KPF_LRU)), OWNER_PAGECACHE);
	ck_assert_int_eq(mm_import_owner(B(KPF_LRU) | B(KPF_DIRTY)),
			 OWNER_PAGECACHE_DIRTY);
	ck_assert_int_eq(mm_import_owner(B(KPF_RESERVED)), OWNER_RESERVED);
	ck_assert_int_eq(mm_import_owner(B(KPF_PGTABLE)), OWNER_KERNEL);
	ck_assert_int_eq(mm_import_owner(0), OWNER_KERNEL);
#undef B
}
END_TEST

/* The hand-made machine: owners and a compound page. */
START_TEST(small_kpageflags)
{
	struct mm_import_report rep;
	char dir[4200];
	struct machine *m;
	struct page_info pi;

	snprintf(dir, sizeof(dir), "%s/import/full", data_dir);
	m = load(dir, NULL, true, &rep);
	ck_assert(mm_page_info(m, 0x2209, &pi));
	ck_assert_int_eq(pi.kind, PAGE_ALLOCATED);
	ck_assert_uint_eq(pi.block_pfn, 0x2208);
	ck_assert_uint_eq(pi.order, 2);
	ck_assert_int_eq(pi.owner, OWNER_SLAB);
	ck_assert(mm_page_info(m, 0x2202, &pi));
	ck_assert_int_eq(pi.owner, OWNER_PAGECACHE_DIRTY);
	/* a maximal aligned run 0x201..0x20f: orders 0, 1, 2, 3 */
	ck_assert(mm_page_info(m, 0x20c, &pi));
	ck_assert_int_eq(pi.kind, PAGE_FREE);
	ck_assert_uint_eq(pi.block_pfn, 0x208);
	ck_assert_uint_eq(pi.order, 3);
	/* two order-10 blocks side by side stay two (MAX_PAGE_ORDER) */
	ck_assert(mm_page_info(m, 0x1400, &pi));
	ck_assert_uint_eq(pi.block_pfn, 0x1400);
	ck_assert_uint_eq(pi.order, 10);
	ck_assert_uint_eq(rep.reserved[0], 95);	/* PFN 1..95: 4095 - 4000 */
	mm_destroy(m);
}
END_TEST

/* The three text formats and both PFN formats (reference 10.5 lines). */
START_TEST(parse_formats)
{
	struct mm_trace_event ev;
	char err[128];
	static const char ftrace[] =
		"            bash-4202    [001] .....   213.195377: mm_page_alloc: "
		"page=00000000890a6245 pfn=0x10c646 order=1 migratetype=0 "
		"gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP";
	static const char perf[] =
		"              sh 13427 [000]   944.085178: kmem:mm_page_alloc_zone_locked: "
		"page=0x11c13c pfn=0x11c13c order=2 migratetype=1 percpu_refill=1";
	static const char old[] =
		"          <idle>-0     [003] d.s1  1234.5: mm_page_pcpu_drain: "
		"page=ffffea0001234567 pfn=1205480 order=0 migratetype=2";
	static const char tc[] =
		"       perf-exec-13427 [000]   944.083888: mm_page_free_batched: "
		"page=0x119e6e pfn=0x119e6e order=0";
	static const char fail[] =
		"    a-1 [000] .... 1.0: mm_page_alloc: page=(null) pfn=0 order=3 "
		"migratetype=0 gfp_flags=GFP_ATOMIC";

	ck_assert_int_eq(replay_parse_line(ftrace, strlen(ftrace), &ev, err,
					   sizeof(err)), 1);
	ck_assert_int_eq(ev.op, MM_TRACE_ALLOC);
	ck_assert_uint_eq(ev.pfn, 0x10c646);
	ck_assert_uint_eq(ev.order, 1);
	ck_assert_uint_eq(ev.cpu, 1);
	ck_assert(!ev.failed);
	ck_assert_int_eq(replay_parse_line(perf, strlen(perf), &ev, err,
					   sizeof(err)), 1);
	ck_assert_int_eq(ev.op, MM_TRACE_ZONE_LOCKED);
	ck_assert_uint_eq(ev.pfn, 0x11c13c);
	ck_assert(ev.percpu_refill);
	ck_assert_int_eq(ev.mt, 1);
	ck_assert_int_eq(replay_parse_line(old, strlen(old), &ev, err,
					   sizeof(err)), 1);
	ck_assert_int_eq(ev.op, MM_TRACE_PCPU_DRAIN);
	ck_assert_uint_eq(ev.pfn, 1205480);
	ck_assert_uint_eq(ev.cpu, 3);
	ck_assert_int_eq(replay_parse_line(tc, strlen(tc), &ev, err,
					   sizeof(err)), 1);
	ck_assert_int_eq(ev.op, MM_TRACE_FREE_BATCHED);
	ck_assert_int_eq(replay_parse_line(fail, strlen(fail), &ev, err,
					   sizeof(err)), 1);
	ck_assert(ev.failed);
	ck_assert_int_eq(replay_parse_line("# tracer: nop", 13, &ev, err,
					   sizeof(err)), 0);
	ck_assert_int_eq(replay_parse_line("x: mm_page_free: order=1", 24, &ev,
					   err, sizeof(err)), -1);
	ck_assert_str_eq(err, "mm_page_free without pfn=");
}
END_TEST

/* The real trace: every event parsed and applied, counts as in the file. */
START_TEST(real_trace_replay)
{
	struct mm_import_report rep;
	struct machine *m = load(real_dir, "before", true, &rep);
	char path[4200], err[256];
	struct replay *r;
	struct replay_step st;
	struct replay_counts c;
	int rc;

	snprintf(path, sizeof(path), "%s/trace.txt.xz", real_dir);
	r = replay_open(path, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	while ((rc = replay_step(r, m, false, &st, err, sizeof(err))) > 0)
		;
	ck_assert_msg(rc == 0, "%s", err);
	replay_get_counts(r, &c);
	/* grep -c of each event name in trace.txt */
	ck_assert_uint_eq(replay_position(r), 11065);
	ck_assert_uint_eq(c.ops[MM_TRACE_ALLOC], 4748);
	ck_assert_uint_eq(c.ops[MM_TRACE_FREE], 3263);
	ck_assert_uint_eq(c.ops[MM_TRACE_FREE_BATCHED], 3009);
	ck_assert_uint_eq(c.ops[MM_TRACE_ZONE_LOCKED], 45);
	ck_assert_msg(mm_check(m, err, sizeof(err)), "%s", err);
	/* rewinding gives the same events again */
	replay_rewind(r);
	ck_assert_int_eq(replay_step(r, m, true, &st, err, sizeof(err)), 1);
	ck_assert_uint_eq(st.line, 13);
	ck_assert_uint_eq(st.ev.pfn, 0x10c646);
	replay_close(r);
	mm_destroy(m);
}
END_TEST

/* The PFN moves: take a page out of a big free block and put it back. */
START_TEST(moves_split_and_merge)
{
	struct machine_config cfg;
	struct machine *m;
	struct zone_info a, b;
	char err[256];

	mm_config_init(&cfg);
	cfg.nr_cpus = 2;
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = 8192;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_ptr_nonnull(m);
	mm_set_pcp(m, true);
	mm_zone_info(m, 2, &a);
	ck_assert(mm_alloc_at(m, 0x123, 0, OWNER_ANON));
	ck_assert(!mm_alloc_at(m, 0x123, 0, OWNER_ANON));
	ck_assert(mm_check(m, err, sizeof(err)));
	ck_assert(mm_free_at(m, 0x123, 0, 1, true));
	ck_assert_int_eq(mm_pcp_cpu_of(m, 0x123), 1);
	ck_assert(!mm_free_at(m, 0x123, 0, 1, true));
	ck_assert(mm_pcp_drain_at(m, 0x123, 0));
	ck_assert(mm_check(m, err, sizeof(err)));
	mm_zone_info(m, 2, &b);
	for (unsigned o = 0; o <= 10; o++)
		ck_assert_uint_eq(a.nr_free[o], b.nr_free[o]);
	ck_assert(mm_pcp_refill_at(m, 0x400, 3, MIGRATE_MOVABLE, 0));
	ck_assert_int_eq(mm_pcp_cpu_of(m, 0x400), 0);
	ck_assert(mm_alloc_at(m, 0x400, 3, OWNER_KERNEL));
	ck_assert(mm_free_at(m, 0x400, 3, 0, false));
	ck_assert(mm_check(m, err, sizeof(err)));
	mm_zone_info(m, 2, &b);
	for (unsigned o = 0; o <= 10; o++)
		ck_assert_uint_eq(a.nr_free[o], b.nr_free[o]);
	mm_destroy(m);
}
END_TEST

/* A machine of two zones and two CPUs, defaults otherwise. */
static struct machine *
two_zone_machine(enum zone_type t0, uint64_t n0, enum zone_type t1,
		 uint64_t n1)
{
	struct machine_config cfg;
	struct machine *m;
	char err[256];

	mm_config_init(&cfg);
	cfg.nr_cpus = 2;
	cfg.nr_zones = 2;
	cfg.zones[0].type = t0;
	cfg.zones[0].spanned = n0;
	cfg.zones[1].type = t1;
	cfg.zones[1].spanned = n1;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	return m;
}

/*
 * A fuzzing find (fuzz_trace, CI of 23 Nov 2026): an extfrag event that
 * claims a whole order-10 block for Unmovable retyped its two pageblocks
 * but left the two free order-9 halves unmerged, one of them from an
 * Isolate pageblock that had kept them apart.  In the kernel's state they
 * are one free block, and mm_check() says so.  The events: an order-10
 * allocation at 0x1000, an extfrag that makes its first pageblock
 * Isolate, a drain of the whole block (freed pageblock by pageblock,
 * split_large_buddy), then the claim.
 */
START_TEST(extfrag_claim_merges_halves)
{
	struct machine *m;
	struct page_info pi;
	char err[256];
	const struct mm_trace_event ev[] = {
		{ .op = MM_TRACE_ALLOC, .pfn = 0x1000, .order = 10 },
		{ .op = MM_TRACE_EXTFRAG, .pfn = 0x1000, .order = 0,
		  .mt = MIGRATE_ISOLATE, .fallback_mt = MIGRATE_UNMOVABLE,
		  .fallback_order = 1, .change_ownership = true, .cpu = 1 },
		{ .op = MM_TRACE_PCPU_DRAIN, .pfn = 0x1000, .order = 10 },
		{ .op = MM_TRACE_EXTFRAG, .pfn = 0x1000, .order = 10,
		  .mt = MIGRATE_UNMOVABLE, .fallback_mt = MIGRATE_MOVABLE,
		  .fallback_order = 10, .change_ownership = true, .cpu = 1 },
	};

	m = two_zone_machine(ZONE_DMA, 4096, ZONE_DMA32, 12288);
	for (unsigned i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		mm_trace_apply(m, &ev[i], false, NULL);
		if (!mm_check(m, err, sizeof(err)))
			ck_abort_msg("after event %u: %s", i + 1, err);
	}
	/* the drain left an Isolate half and a Movable half */
	ck_assert(mm_page_info(m, 0x1000, &pi));
	ck_assert_int_eq(pi.kind, PAGE_FREE);
	ck_assert_uint_eq(pi.block_pfn, 0x1000);
	ck_assert_uint_eq(pi.order, 10);
	ck_assert_int_eq(pi.list_mt, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(mm_pageblock_type(m, 0x1200), MIGRATE_UNMOVABLE);
	mm_destroy(m);
}
END_TEST

/* Malformed text: one message naming the file and the line. */
START_TEST(malformed_messages)
{
	struct mm_import imp;
	struct procimport_nodes nodes = { 0 };
	char err[256];
	static const char bad[] = "Node 0, zone      DMA      0      1\n"
				  "Node 0, zone    DMA32      2      x\n";
	static const char zi[] = "Node 0, zone      DMA\n  pages free     x\n";

	mm_import_init(&imp);
	ck_assert(!procimport_buddyinfo(&imp, "bi", bad, strlen(bad), 0, &nodes,
					err, sizeof(err)));
	ck_assert_str_eq(err, "bi:2: expected a count of free blocks, found 'x'");
	mm_import_init(&imp);
	ck_assert(!procimport_zoneinfo(&imp, "zi", zi, strlen(zi), 0, &nodes,
				       err, sizeof(err)));
	ck_assert_str_eq(err, "zi:2: expected a number after 'pages free', found 'x'");
}
END_TEST

/* watch against saved files: what changed between before and after. */
START_TEST(watch_saved)
{
	struct watch *w = watch_create(8);
	char err[256], path[4200];
	struct strbuf out = STRBUF_INIT;

	ck_assert_ptr_nonnull(w);
	ck_assert_msg(watch_sample(w, real_dir, "before", &out, err, sizeof(err)),
		      "%s", err);
	ck_assert_msg(watch_sample(w, real_dir, "after", &out, err, sizeof(err)),
		      "%s", err);
	ck_assert_uint_eq(watch_nr_samples(w), 2);
	/* Normal order 1 went from 3 to 146 blocks (the two real files) */
	ck_assert_int_eq(watch_nr_free(w, 1, "Normal", 1), 146);
	ck_assert_int_eq(watch_nr_free(w, 0, "Normal", 1), 3);
	ck_assert_int_eq(watch_nr_free(w, 1, "DMA32", 10), 752);
	ck_assert(strstr(strbuf_str(&out), "Normal") != NULL);
	snprintf(path, sizeof(path), "%s/nonexistent", real_dir);
	ck_assert(!watch_sample(w, path, NULL, &out, err, sizeof(err)));
	ck_assert_uint_eq(watch_nr_samples(w), 2);
	strbuf_release(&out);
	watch_destroy(w);
}
END_TEST


/* ---- the model's own trace, replayed, gives the model's own state ---- */

struct gen {
	struct strbuf *sb;
	unsigned cpu;
	int req_mt;
};

static void
gen_event(const struct mm_event *ev, void *data)
{
	struct gen *g = data;

	switch (ev->type) {
	case EV_ALLOC_START:
		g->req_mt = (int)gfp_migratetype(ev->gfp, true);
		return;
	case EV_ALLOC_DONE:
		if (ev->ok)
			strbuf_addf(g->sb, "t-1 [%03u] .... 1.0: mm_page_alloc: "
				    "pfn=0x%llx order=%u migratetype=%d\n", g->cpu,
				    (unsigned long long)ev->pfn, ev->order, ev->mt);
		return;
	case EV_FREE:
		strbuf_addf(g->sb, "t-1 [%03u] .... 1.0: mm_page_free: pfn=%llu "
			    "order=%u\n", g->cpu, (unsigned long long)ev->pfn,
			    ev->order);
		return;
	case EV_LIST_TAKE:
		strbuf_addf(g->sb, "t-1 [%03u] .... 1.0: mm_page_alloc_zone_locked: "
			    "pfn=0x%llx order=%u migratetype=%d percpu_refill=%d\n",
			    g->cpu, (unsigned long long)ev->pfn, ev->order,
			    g->req_mt, ev->percpu);
		return;
	case EV_FALLBACK:
		strbuf_addf(g->sb, "t-1 [%03u] .... 1.0: mm_page_alloc_extfrag: "
			    "pfn=0x%llx alloc_order=%u fallback_order=%u "
			    "alloc_migratetype=%d fallback_migratetype=%d "
			    "change_ownership=%d\n", g->cpu,
			    (unsigned long long)ev->pfn, ev->order, ev->block_order,
			    ev->mt, ev->fallback_mt, ev->claimed);
		return;
	case EV_PCP_DRAIN:
		strbuf_addf(g->sb, "t-1 [%03u] .... 1.0: mm_page_pcpu_drain: "
			    "pfn=0x%llx order=%u migratetype=%d\n", g->cpu,
			    (unsigned long long)ev->pfn, ev->order, ev->mt);
		return;
	default:
		return;
	}
}

/*
 * Run the model's allocator (orders 0..3 and 9, 2 CPUs, per-CPU lists
 * on), write its events as trace lines, replay them on a copy of the
 * starting machine: after every operation the two states hash the same,
 * with no divergence.
 */
START_TEST(replay_reproduces_model)
{
	struct machine *mg, *mr;
	struct strbuf sb = STRBUF_INIT;
	struct gen g = { &sb, 0, 0 };
	static uint64_t live[20000];
	size_t nlive = 0;
	uint64_t seed = 7;
	char err[256];
	unsigned ops = getenv("BS_VALGRIND") ? 3000 : 30000;

	mg = two_zone_machine(ZONE_DMA32, 16384, ZONE_NORMAL, 65536);
	mm_set_pcp(mg, true);
	mr = mm_clone(mg);
	mm_set_listener(mg, gen_event, &g);
	for (unsigned op = 0; op < ops; op++) {
		const char *p, *end;

		strbuf_reset(&sb);
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		g.cpu = (unsigned)(seed >> 20 & 1);
		if (nlive < 100 || (nlive < 20000 && (seed >> 8) % 2)) {
			static const unsigned orders[] = { 0, 0, 0, 0, 1, 2, 3, 9 };
			struct alloc_request req;
			struct alloc_result res;

			mm_request_init(mg, &req, orders[(seed >> 30) % 8]);
			if ((seed >> 40) % 3 == 0)
				req.gfp = gfp_type_flag(mm_era(mg), GFPT_HIGHUSER_MOVABLE);
			req.cpu = g.cpu;
			if (mm_alloc_pages(mg, &req, &res) && res.ok)
				live[nlive++] = res.pfn;
		} else {
			size_t k = (seed >> 24) % nlive;

			g.cpu = 0;	/* mm_free_pages() frees on CPU 0 */
			ck_assert(mm_free_pages(mg, live[k], err, sizeof(err)));
			live[k] = live[--nlive];
		}
		p = strbuf_str(&sb);
		end = p + strlen(p);
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			struct mm_trace_event ev;

			ck_assert_int_eq(replay_parse_line(p, (size_t)(nl - p), &ev,
							   err, sizeof(err)), 1);
			ck_assert_int_eq(mm_trace_apply(mr, &ev, false, NULL),
					 MM_DIV_NONE);
			p = nl + 1;
		}
		ck_assert_msg(mm_state_hash(mg) == mm_state_hash(mr),
			      "states differ after operation %u:\n%s", op,
			      strbuf_str(&sb));
	}
	ck_assert(mm_check(mr, err, sizeof(err)));
	strbuf_release(&sb);
	mm_destroy(mg);
	mm_destroy(mr);
}
END_TEST


/* capture from a saved directory into a new one; import reads it back. */
START_TEST(capture_roundtrip)
{
	char tmpl[] = "/tmp/bs-capture-XXXXXX", src[4200], err[512], path[4300];
	struct strbuf out = STRBUF_INIT, sb = STRBUF_INIT;
	struct mm_import_report rep;
	struct machine *m;
	char *real;
	static const char *const names[] = {
		"buddyinfo", "pagetypeinfo", "zoneinfo", "kpageflags.gz",
	};

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	snprintf(src, sizeof(src), "%s/import/full", data_dir);
	ck_assert_msg(capture_run(src, tmpl, 0, &out, err, sizeof(err)), "%s", err);
	m = load(tmpl, NULL, true, &rep);
	ck_assert(!rep.synthetic);
	procfs_buddyinfo(m, &sb);
	snprintf(path, sizeof(path), "%s/buddyinfo", src);
	real = slurp(path);
	ck_assert_str_eq(strbuf_str(&sb), real);
	free(real);
	mm_destroy(m);
	for (unsigned i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpl, names[i]);
		ck_assert_msg(unlink(path) == 0, "%s missing", path);
	}
	ck_assert_int_eq(rmdir(tmpl), 0);	/* no temporary file left */
	strbuf_release(&out);
	strbuf_release(&sb);
}
END_TEST


/* ---- the screen's steps through a trace: one event a command ---- */

static struct session *
import_session(void)
{
	struct session_options o;
	struct session *s;
	char err[512], line[4400];
	struct strbuf out = STRBUF_INIT;

	session_options_init(&o);
	s = session_create(&o, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(line, sizeof(line), "import %s before", real_dir);
	ck_assert_msg(session_execute_line(s, line, strlen(line), &out, err,
					   sizeof(err)) == EXEC_OK, "%s", err);
	strbuf_release(&out);
	return s;
}

static enum exec_status run_line(struct session *s, struct strbuf *out,
				  char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static enum exec_status
run_line(struct session *s, struct strbuf *out, char *err, size_t errlen,
	 const char *fmt, ...)
{
	char line[4400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	strbuf_reset(out);
	err[0] = '\0';
	return session_execute_line(s, line, strlen(line), out, err, errlen);
}

/*
 * Stepping the real trace one event a command (what the screen's player
 * does) leaves the same machine as replaying the same events at once;
 * stepping back with undo and forward again too; a step past the end
 * or into a changed file is refused and changes nothing.
 */
START_TEST(replay_steps_match_whole)
{
	struct session *a = import_session(), *b = import_session();
	struct strbuf out = STRBUF_INIT;
	char path[4200], err[512];
	uint64_t h;
	const unsigned n = 700;

	snprintf(path, sizeof(path), "%s/trace.txt.xz", real_dir);
	for (unsigned k = 1; k <= n; k++)
		ck_assert_msg(run_line(a, &out, err, sizeof(err),
				       "replay %s from=%u count=1", path, k) ==
			      EXEC_OK, "step %u: %s", k, err);
	/* the last step's line names the event and where it is */
	ck_assert_msg(strstr(strbuf_str(&out), "event 700: ") != NULL, "%s",
		      strbuf_str(&out));
	ck_assert_int_eq(run_line(b, &out, err, sizeof(err),
				  "replay %s count=%u quiet", path, n), EXEC_OK);
	ck_assert_uint_eq(mm_state_hash(session_machine(a)),
			  mm_state_hash(session_machine(b)));
	/* back 20 steps and forward again */
	ck_assert_msg(run_line(a, &out, err, sizeof(err), "undo 20") == EXEC_OK,
		      "%s", err);
	for (unsigned k = n - 19; k <= n; k++)
		ck_assert_msg(run_line(a, &out, err, sizeof(err),
				       "replay %s from=%u count=1", path, k) ==
			      EXEC_OK, "step %u: %s", k, err);
	ck_assert_uint_eq(mm_state_hash(session_machine(a)),
			  mm_state_hash(session_machine(b)));
	/* steps out of order give the events asked for */
	ck_assert_int_eq(run_line(a, &out, err, sizeof(err),
				  "replay %s from=3 count=1", path), EXEC_OK);
	ck_assert_msg(strstr(strbuf_str(&out), ":15: event 3: mm_page_alloc "
			     "pfn=0x10be49 order=0 cpu=1") != NULL, "%s",
		      strbuf_str(&out));
	/* past the end (11065 events): refused, nothing changed */
	h = mm_state_hash(session_machine(a));
	ck_assert_int_eq(run_line(a, &out, err, sizeof(err),
				  "replay %s from=11066 count=1", path),
			 EXEC_ERROR);
	ck_assert_msg(strstr(err, "fewer than 11066 events") != NULL, "%s", err);
	ck_assert_uint_eq(mm_state_hash(session_machine(a)), h);
	ck_assert_int_eq(run_line(a, &out, err, sizeof(err),
				  "replay %s from=0 count=1", path), EXEC_ERROR);
	ck_assert_int_eq(run_line(a, &out, err, sizeof(err),
				  "replay %s count=-1", path), EXEC_ERROR);
	ck_assert_uint_eq(mm_state_hash(session_machine(a)), h);
	strbuf_release(&out);
	session_destroy(a);
	session_destroy(b);
}
END_TEST

/* A trace file that changes between steps is read again, and a bad line
 * met by a step is reported with its line and changes nothing. */
START_TEST(replay_step_file_changes)
{
	struct session *s = import_session();
	struct strbuf out = STRBUF_INIT;
	char tmpl[] = "/tmp/bs-step-XXXXXX", path[64], err[512];
	uint64_t h;
	FILE *f;
	int fd = mkstemp(tmpl);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(path, sizeof(path), "%s", tmpl);
	f = fopen(path, "w");
	fputs("cc1-1 [001] ..... 1.000: mm_page_free: page=0 pfn=0x1000 order=0\n"
	      "cc1-1 [001] ..... 1.001: mm_page_free: page=0 pfn=0x1001 order=0\n",
	      f);
	fclose(f);
	ck_assert_msg(run_line(s, &out, err, sizeof(err),
			       "replay %s from=1 count=1", path) == EXEC_OK, "%s", err);
	ck_assert_msg(strstr(strbuf_str(&out), ":1: event 1: mm_page_free "
			     "pfn=0x1000") != NULL, "%s", strbuf_str(&out));
	f = fopen(path, "w");
	fputs("cc1-1 [001] ..... 1.000: mm_page_free: page=0 pfn=0x1000 order=0\n"
	      "cc1-1 [001] ..... 1.001: mm_page_free: page=0 pfn=zz order=0\n",
	      f);
	fclose(f);
	h = mm_state_hash(session_machine(s));
	ck_assert_int_eq(run_line(s, &out, err, sizeof(err),
				  "replay %s from=2 count=1", path), EXEC_ERROR);
	ck_assert_msg(strstr(err, ":2: ") != NULL, "%s", err);
	ck_assert_uint_eq(mm_state_hash(session_machine(s)), h);
	unlink(path);
	strbuf_release(&out);
	session_destroy(s);
}
END_TEST


/*
 * capture with a trace, for real when this machine lets us (root and
 * tracefs, which capture mounts when it is not mounted): the trace file
 * reads back as a kmem trace and tracing is left as it was found.
 * Without root or tracefs, the trace is reported as skipped.
 */
START_TEST(capture_tracefs)
{
	char tmpl[] = "/tmp/bs-cap-trace-XXXXXX", path[4300], err[512];
	struct strbuf out = STRBUF_INIT;
	char on_before = '?', on_after = '!';
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	f = fopen("/sys/kernel/tracing/tracing_on", "r");
	if (f) {
		on_before = (char)fgetc(f);
		fclose(f);
	}
	ck_assert_msg(capture_run("/proc", tmpl, 0.5, &out, err, sizeof(err)),
		      "%s", err);
	snprintf(path, sizeof(path), "%s/trace.txt.gz", tmpl);
	if (access(path, R_OK) == 0) {
		long n = replay_count_events(path, err, sizeof(err));

		ck_assert_msg(n >= 0, "%s", err);
		ck_assert_msg(strstr(strbuf_str(&out), "trace.txt ") != NULL,
			      "%s", strbuf_str(&out));
		f = fopen("/sys/kernel/tracing/tracing_on", "r");
		ck_assert_ptr_nonnull(f);
		on_after = (char)fgetc(f);
		fclose(f);
		if (on_before != '?')
			ck_assert_int_eq(on_after, on_before);
		f = fopen("/sys/kernel/tracing/events/kmem/mm_page_alloc/enable", "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fgetc(f), '0');
		fclose(f);
		unlink(path);
	} else {
		ck_assert_msg(strstr(strbuf_str(&out), "trace          tracefs not "
				     "writable") != NULL, "%s", strbuf_str(&out));
	}
	{
		static const char *const names[] = {
			"buddyinfo", "pagetypeinfo", "zoneinfo", "kpageflags.gz",
		};

		for (unsigned i = 0; i < 4; i++) {
			snprintf(path, sizeof(path), "%s/%s", tmpl, names[i]);
			unlink(path);
		}
	}
	ck_assert_int_eq(rmdir(tmpl), 0);
	strbuf_release(&out);
}
END_TEST

/* A trace whose header says the ring buffer dropped events gets a note. */
START_TEST(replay_notes_lost_events)
{
	struct session *s = import_session();
	struct strbuf out = STRBUF_INIT;
	char tmpl[] = "/tmp/bs-lost-XXXXXX", err[512];
	int fd = mkstemp(tmpl);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("# tracer: nop\n#\n"
	      "# entries-in-buffer/entries-written: 1/6   #P:2\n#\n"
	      "cc1-1 [001] ..... 1.000: mm_page_free: page=0 pfn=0x1000 order=0\n",
	      f);
	fclose(f);
	ck_assert_msg(run_line(s, &out, err, sizeof(err), "replay %s", tmpl) ==
		      EXEC_OK, "%s", err);
	ck_assert_msg(strstr(strbuf_str(&out), "buffer dropped 5 events") != NULL,
		      "%s", strbuf_str(&out));
	ck_assert_uint_eq(replay_trace_lost("x", 1), 0);
	unlink(tmpl);
	strbuf_release(&out);
	session_destroy(s);
}
END_TEST

static Suite *
import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *t = tcase_create("import");

	tcase_set_timeout(t, 600);
	tcase_add_test(t, owner_mapping);
	tcase_add_test(t, parse_formats);
	tcase_add_test(t, malformed_messages);
	tcase_add_test(t, moves_split_and_merge);
	tcase_add_test(t, extfrag_claim_merges_halves);
	tcase_add_test(t, replay_reproduces_model);
	tcase_add_test(t, small_kpageflags);
	tcase_add_test(t, real_buddyinfo_kpf_before);
	tcase_add_test(t, real_buddyinfo_kpf_after);
	tcase_add_test(t, real_buddyinfo_synthetic);
	tcase_add_test(t, real_pagetypeinfo_rows);
	tcase_add_test(t, real_zoneinfo_values);
	tcase_add_test(t, real_kpageflags_map);
	tcase_add_test(t, real_trace_replay);
	tcase_add_test(t, watch_saved);
	tcase_add_test(t, capture_roundtrip);
	tcase_add_test(t, replay_steps_match_whole);
	tcase_add_test(t, replay_step_file_changes);
	tcase_add_test(t, capture_tracefs);
	tcase_add_test(t, replay_notes_lost_events);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	setup_paths();
	return check_run_suite(import_suite());
}
