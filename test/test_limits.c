/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_limits.c - issue 8's limits through session_execute_line(), as a
 * user would type them: absurd machine sizes, orders, counts, steps and
 * line lengths are refused with one message (one line, naming the bad
 * value) and leave the machine exactly as it was (mm_state_hash() and the
 * handles unchanged); a script that sources itself stops at a depth
 * limit; a long session's heap stays flat (undo log, checkpoints, event
 * and explain rings, command history are all bounded).  Also the
 * regression tests of what the fuzz targets found (test/fuzz).
 */
#define _GNU_SOURCE
#include <check.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "kmemtrace.h"
#include "mm.h"
#include "replay.h"
#include "script.h"
#include "session.h"
#include "strbuf.h"

static char err[1024];

static struct session *
new_session(const char *preset)
{
	struct session_options o;
	struct session *s;

	session_options_init(&o);
	o.preset = preset;
	s = session_create(&o, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static enum exec_status
run(struct session *s, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	enum exec_status st;

	err[0] = '\0';
	st = session_execute_line(s, line, strlen(line), &out, err, sizeof(err));
	strbuf_release(&out);
	return st;
}

/* Each line, its expected piece of message. */
static const char *const absurd[][2] = {
	{ "machine custom Normal=1PiB", "bad size '1PiB'" },
	{ "machine custom Normal=0", "0 pages" },
	{ "machine custom Normal=268435457", "1..268435456" },
	{ "machine custom Normal=99999999999999999999999", "too large" },
	{ "alloc 99", "order 99 is out of range" },
	{ "alloc -1", "bad order '-1'" },
	{ "alloc 11", "order 11 is out of range: expected 0..10" },
	{ "alloc 0 count=1000000000000", "count 1000000000000 is out of range" },
	{ "alloc 0 count=1e12", "bad count '1e12'" },
	{ "alloc 0 count=0", "count" },
	{ "alloc_pages(GFP_KERNEL, 4294967296)", "4294967296" },
	{ "undo 1000000001", "out of range" },
	{ "redo 99999999999999999999", "redo" },
	{ "reclaim 99999999999999999999", "bad pages" },
	{ "kswapd step 99999999999", "out of range" },
	{ "compact step 99999999999", "out of range" },
	{ "compact order=99", "order 99 is out of range" },
	{ "tick 99999999999999", "out of range" },
	{ "workload random steps=99999999999", "out of range" },
	{ "seed 99999999999999999999999", "too large" },
	{ "swap 99999999999999", "out of range" },
	{ "sysctl vm.min_free_kbytes=99999999999999999999",
	  "vm.min_free_kbytes: '99999999999999999999' is out of range" },
	{ "sysctl vm.watermark_scale_factor=-1", "watermark_scale_factor" },
	{ "watermark Normal min=99999999999 low=99999999999 high=99999999999",
	  "managed pages" },
	{ "contig 99", "99" },
	{ "gfp GFP_KERNEL order=99", "order 99" },
	{ "free 0xffffffffffffffff", "free" },
	{ "where 99999999999999999999", "where" },
};

START_TEST(absurd_values_refused)
{
	struct session *s = new_session("small");
	uint64_t before;

	ck_assert_int_eq(run(s, "alloc 3 as keep"), EXEC_OK);
	before = mm_state_hash(session_machine(s));
	for (size_t i = 0; i < sizeof(absurd) / sizeof(absurd[0]); i++) {
		enum exec_status st = run(s, absurd[i][0]);

		ck_assert_msg(st == EXEC_ERROR, "'%s' ran (%d)", absurd[i][0], st);
		ck_assert_msg(strstr(err, absurd[i][1]) != NULL,
			      "'%s': message '%s' lacks '%s'", absurd[i][0], err,
			      absurd[i][1]);
		ck_assert_msg(!strchr(err, '\n'), "'%s': message of several "
			      "lines: %s", absurd[i][0], err);
		ck_assert_msg(mm_state_hash(session_machine(s)) == before,
			      "'%s' changed the machine", absurd[i][0]);
	}
	/* the handle made before is still there */
	ck_assert_int_eq(run(s, "free keep"), EXEC_OK);
	session_destroy(s);
}
END_TEST

/* A session of the small preset that may hold 16 MiB of model state. */
static struct session *
session_16mib(void)
{
	struct session_options o;
	struct session *s;

	session_options_init(&o);
	o.preset = "small";
	o.machine_bytes_max = 16u << 20;
	s = session_create(&o, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

/*
 * A machine whose model state would not fit is refused before it is
 * built (fuzz_command found `machine custom DMA=4096 Normal=225786432`:
 * 2.1 GiB of state, and a process that may not have it is OOM-killed with
 * the user's session).  With a 16 MiB limit a 16 GiB machine (4194304
 * pages at 10 bytes, plus 8192 pageblock bytes: 41951233 bytes, 41 MiB
 * rounded up) is refused and the machine stays; a 4 GiB one (about 10
 * MiB) is built.
 */
START_TEST(machine_too_large_for_memory)
{
	struct session *s = session_16mib();
	uint64_t before;

	before = mm_state_hash(session_machine(s));
	ck_assert_int_eq(run(s, "machine custom Normal=4194304"), EXEC_ERROR);
	ck_assert_str_eq(err, "machine: that machine needs 41 MiB of model "
			 "state, more than this session's limit (16 MiB)");
	ck_assert(mm_state_hash(session_machine(s)) == before);
	ck_assert_int_eq(run(s, "machine custom Normal=1048576"), EXEC_OK);
	{
		const struct machine *m = session_machine(s);
		struct zone_info zi;

		ck_assert(mm_zone_info(m, (unsigned)mm_zone_by_name(m, "Normal"),
				       &zi));
		ck_assert_uint_eq(zi.spanned, 1048576);
	}
	session_destroy(s);
}
END_TEST

/* A fresh directory /tmp/bs-limits-NAME-PID for a buddyinfo file. */
static void
buddyinfo_dir(const char *name, char *dir, size_t dirlen, char *path,
	      size_t pathlen)
{
	snprintf(dir, dirlen, "/tmp/bs-limits-%s-%d", name, (int)getpid());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, pathlen, "%s/buddyinfo", dir);
}

/* A buddyinfo of one Normal zone whose free blocks are all order 10. */
static void
write_normal_buddyinfo(const char *path, unsigned order10)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "Node 0, zone   Normal      0      0      0      0      0      "
		"0      0      0      0      0 %6u\n", order10);
	fclose(f);
}

/*
 * import builds a machine from /proc files, and a buddyinfo of a large
 * machine is a few lines: the same check as for machine.  4096 free
 * order-10 blocks are 4194304 free pages; without zoneinfo the zone's
 * span is invented as twice the free pages (aligned to 1024): 8388608
 * pages, at 10 bytes each plus one pageblock byte per 512 pages and 1:
 * 83902465 bytes, 81 MiB rounded up.  256 blocks make a 524288-page zone
 * (about 5 MiB), which fits.
 */
START_TEST(import_too_large_for_memory)
{
	struct session *s = session_16mib();
	char dir[64], path[96], line[128], want[256];
	uint64_t before;

	buddyinfo_dir("bigimport", dir, sizeof(dir), path, sizeof(path));
	write_normal_buddyinfo(path, 4096);
	before = mm_state_hash(session_machine(s));
	snprintf(line, sizeof(line), "import %s", dir);
	ck_assert_int_eq(run(s, line), EXEC_ERROR);
	snprintf(want, sizeof(want), "import: %s: that machine needs 81 MiB of "
		 "model state, more than this session's limit (16 MiB)", dir);
	ck_assert_str_eq(err, want);
	ck_assert(mm_state_hash(session_machine(s)) == before);

	write_normal_buddyinfo(path, 256);
	ck_assert_msg(run(s, line) == EXEC_OK, "%s", err);
	{
		const struct machine *m = session_machine(s);
		struct zone_info zi;

		ck_assert(mm_zone_info(m, (unsigned)mm_zone_by_name(m, "Normal"),
				       &zi));
		ck_assert_uint_eq(zi.spanned, 524288);
		ck_assert_uint_eq(zi.free, 262144);
	}
	unlink(path);
	rmdir(dir);
	session_destroy(s);
}
END_TEST

/* A 10 MB line given to the session directly (the screen's command line
 * has no script reader in front): one message, nothing changes. */
START_TEST(huge_line_refused)
{
	struct session *s = new_session("small");
	size_t n = 10u << 20;
	char *line = malloc(n);
	struct strbuf out = STRBUF_INIT;
	uint64_t before = mm_state_hash(session_machine(s));

	ck_assert_ptr_nonnull(line);
	memset(line, 'a', n);
	memcpy(line, "alloc ", 6);
	ck_assert_int_eq(session_execute_line(s, line, n, &out, err, sizeof(err)),
			 EXEC_ERROR);
	ck_assert_msg(err[0] && !strchr(err, '\n') && strlen(err) < 300,
		      "message: %s", err);
	ck_assert(mm_state_hash(session_machine(s)) == before);
	strbuf_release(&out);
	free(line);
	session_destroy(s);
}
END_TEST

static void
discard(void *data, const char *text, size_t len)
{
	(void)data;
	(void)text;
	(void)len;
}

static char errs[4096];

static void
keep_err(void *data, const char *text, size_t len)
{
	size_t at = strlen(errs);

	(void)data;
	if (at + len < sizeof(errs)) {
		memcpy(errs + at, text, len);
		errs[at + len] = '\0';
	}
}

/* A script that sources itself: refused at the depth limit with one
 * message naming the file and line, the machine as it was. */
START_TEST(recursive_source_refused)
{
	struct session *s = new_session("small");
	struct session_io io = { .out = discard, .err = keep_err };
	char path[64], e[256];
	uint64_t before = mm_state_hash(session_machine(s));
	FILE *f;
	unsigned msgs = 0;

	snprintf(path, sizeof(path), "/tmp/bs-limits-%d.bs", (int)getpid());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "source %s\n", path);
	fclose(f);
	errs[0] = '\0';
	session_set_io(s, &io);
	ck_assert_int_eq(script_run_file(s, path, e, sizeof(e)), EXEC_STOP);
	unlink(path);
	for (const char *p = errs; (p = strchr(p, '\n')); p++)
		msgs++;
	ck_assert_msg(msgs == 1 && strstr(errs, "nested more than 16 deep"),
		      "errors: %s", errs);
	ck_assert_msg(strstr(errs, path) && strstr(errs, ":1: error:"),
		      "errors: %s", errs);
	ck_assert(mm_state_hash(session_machine(s)) == before);
	session_destroy(s);
}
END_TEST

/*
 * Memory stays bounded: 60,000 commands that allocate, free, undo, redo,
 * explain and fail, each cycle leaving the machine as it found it; the
 * heap in use (mallinfo2, exact) after them must be within 256 KiB of
 * what it was after the first 12,000.  Under valgrind and the sanitizers
 * malloc is not glibc's and mallinfo2 says nothing: skipped there (the
 * normal build runs it).
 */
START_TEST(long_session_heap_flat)
{
	static const char *const cycle[] = {
		"alloc 3 as a", "alloc 0 GFP_ATOMIC count=4 as b",
		"frag", "undo", "redo", "explain a", "free a", "free b.1",
		"free b.2", "free b.3", "free b.4", "bogus",
		"sysctl vm.watermark_scale_factor=20",
		"sysctl vm.watermark_scale_factor=10",
	};
	struct session *s = new_session("small");
	size_t heap_early = 0, heap_late;

	if (getenv("BS_VALGRIND") || mallinfo2().uordblks == 0) {
		session_destroy(s);
		return;
	}
#if defined(__SANITIZE_ADDRESS__)
	session_destroy(s);
	return;
#endif
	for (long i = 0; i < 60000; i++) {
		run(s, cycle[i % 14]);
		if (i == 12000 - 1)
			heap_early = mallinfo2().uordblks;
	}
	heap_late = mallinfo2().uordblks;
	ck_assert_msg(heap_late <= heap_early + 256 * 1024,
		      "heap grew from %zu to %zu bytes", heap_early, heap_late);
	session_destroy(s);
}
END_TEST

/* Found by fuzz_buddyinfo: a zone whose every count is 0 passed NULL to
 * qsort() while building the machine (UBSan).  The import must work and
 * show an empty zone. */
START_TEST(import_zone_without_free_blocks)
{
	struct session *s = new_session("small");
	struct strbuf out = STRBUF_INIT;
	char dir[64], path[96], line[128];

	buddyinfo_dir("nofree", dir, sizeof(dir), path, sizeof(path));
	write_normal_buddyinfo(path, 0);
	snprintf(line, sizeof(line), "import %s", dir);
	ck_assert_msg(session_execute_line(s, line, strlen(line), &out, err,
					   sizeof(err)) == EXEC_OK, "%s", err);
	strbuf_reset(&out);
	ck_assert_int_eq(session_execute_line(s, "frag", 4, &out, err,
					      sizeof(err)), EXEC_OK);
	ck_assert_msg(strstr(strbuf_str(&out), "Normal: 0 pages free"),
		      "%s", strbuf_str(&out));
	unlink(path);
	rmdir(dir);
	strbuf_release(&out);
	session_destroy(s);
}
END_TEST

/* The machine of the trace tests: one Normal zone of 16384 pages. */
static struct machine *
normal_16k_machine(void)
{
	struct machine_config cfg;
	struct machine *m;

	mm_config_init(&cfg);
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = 16384;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	return m;
}

/* Found by fuzz_trace: a mm_page_pcpu_drain of an order-10 block the
 * model did not hold on a per-CPU list, adopted, was freed as one block
 * over two pageblocks of different types (the first retyped Unmovable by
 * an mm_page_alloc_extfrag with change_ownership): mm_check() failed.
 * The adopted free must split at pageblock boundaries as
 * split_large_buddy() does, leaving a consistent machine. */
START_TEST(trace_drain_across_pageblocks)
{
	static const char *const lines[] = {
		"t 1 [000] 1.0: mm_page_alloc: page=0x1000 pfn=0x1000 order=1 "
		"migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE",
		"t 1 [000] 1.0: mm_page_alloc_extfrag: page=0x1000 pfn=0x1000 "
		"alloc_order=0 fallback_order=1 pageblock_order=9 "
		"alloc_migratetype=0 fallback_migratetype=1 fragmenting=1 "
		"change_ownership=1",
		"t 1 [000] 1.0: mm_page_pcpu_drain: page=0x1000 pfn=0x1000 "
		"order=10 migratetype=0",
	};
	struct zone_info zi;
	struct machine *m;
	unsigned normal;
	long free0;

	m = normal_16k_machine();
	normal = (unsigned)mm_zone_by_name(m, "Normal");
	ck_assert(mm_zone_info(m, normal, &zi));
	free0 = zi.free;
	ck_assert_int_eq(free0, 16384);
	for (unsigned i = 0; i < 3; i++) {
		struct mm_trace_event ev;

		ck_assert_int_eq(replay_parse_line(lines[i], strlen(lines[i]), &ev,
						   err, sizeof(err)), 1);
		mm_trace_apply(m, &ev, false, NULL);
		ck_assert_msg(mm_check(m, err, sizeof(err)), "after line %u: %s",
			      i + 1, err);
	}
	/* the drain names all 1024 pages from 0x1000: every page is free
	 * again; the two halves merge back (the buddy takes the type of
	 * the block freed last, as __free_one_page does) */
	ck_assert(mm_zone_info(m, normal, &zi));
	ck_assert_int_eq(zi.free, free0);
	mm_destroy(m);
}
END_TEST

/*
 * Found by fuzz_trace: an mm_page_alloc_extfrag that claims the pageblock
 * of PFN 0x1000 for HighAtomic (change_ownership=1, fallback_order=1)
 * while the model holds 0x1000-0x13ff as one free order-10 block.  The
 * whole block is retyped, both its pageblocks, but only the first was
 * counted in nr_reserved_highatomic: mm_check() failed (1024 pages of
 * HighAtomic pageblocks, 512 reserved).  Each retyped pageblock must be
 * counted: 2 x 512 = 1024.
 */
START_TEST(trace_claim_of_block_past_its_pageblock)
{
	static const char line[] =
		"t 1 [001] 1.0: mm_page_alloc_extfrag: page=0x1000 pfn=0x1000 "
		"alloc_order=0 fallback_order=1 pageblock_order=9 "
		"alloc_migratetype=3 fallback_migratetype=0 fragmenting=1 "
		"change_ownership=1";
	struct mm_trace_event ev;
	struct zone_info zi;
	struct machine *m;
	unsigned normal;

	m = normal_16k_machine();
	ck_assert_int_eq(replay_parse_line(line, strlen(line), &ev, err,
					   sizeof(err)), 1);
	mm_trace_apply(m, &ev, true, NULL);
	ck_assert_msg(mm_check(m, err, sizeof(err)), "%s", err);
	normal = (unsigned)mm_zone_by_name(m, "Normal");
	ck_assert(mm_zone_info(m, normal, &zi));
	ck_assert_int_eq(zi.nr_reserved_highatomic, 1024);
	ck_assert_uint_eq(mm_nr_pageblocks(m, normal, MIGRATE_HIGHATOMIC), 2);
	mm_destroy(m);
}
END_TEST

static Suite *
limits_suite(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("limits");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, absurd_values_refused);
	tcase_add_test(tc, huge_line_refused);
	tcase_add_test(tc, machine_too_large_for_memory);
	tcase_add_test(tc, import_too_large_for_memory);
	tcase_add_test(tc, recursive_source_refused);
	tcase_add_test(tc, long_session_heap_flat);
	tcase_add_test(tc, import_zone_without_free_blocks);
	tcase_add_test(tc, trace_drain_across_pageblocks);
	tcase_add_test(tc, trace_claim_of_block_past_its_pageblock);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(limits_suite());
}
