/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench.c - the benchmark of issues 2 and 4: what the model costs in
 * memory and time, measured against the targets the README promises.
 *
 * It prints one Markdown table, one row per metric, each the median of
 * RUNS runs, followed by the raw numbers of every run:
 *
 *   metric                                   target      unit
 *   model state per simulated page, 16 GiB   <= 12       bytes/page
 *   mm_create() of a 16 GiB machine          <= 50       ms
 *   random alloc/free, order 0, 50% full     <= 30       ns/op
 *   random alloc/free, orders 0..10          <= 25       ns/op
 *   failing order-9 (and 4) GFP_ATOMIC       <= 10       ns/attempt
 *   batch commands through the session       >= 1000000  commands/s
 *
 * The 16 GiB machine is an x86-64 layout without holes: DMA 0..4095,
 * DMA32 4096..1048575 and Normal 1048576..4194303 (4194304 pages).  The
 * other model metrics use one Normal zone of 1048576 pages (4 GiB) with
 * the defaults of mm_config_init(): era 6.12, orders 0..10, pageblock
 * order 9, one CPU, per-CPU lists off, no event listener.
 *
 * The random alloc/free metrics allocate with GFP_KERNEL, the mask that
 * `alloc 0` and mm_request_init() use, so the numbers are those of the
 * commands a reader types (GFP_HIGHUSER_MOVABLE measured the same within
 * a nanosecond).  The setup fills the zone to 50% (in pages), then runs
 * WARMUP_OPS operations; neither is timed.  The warm-up matters: the fill
 * leaves much of the 8 MiB link array untouched, and faulting it in
 * costs microseconds a page on a virtual machine.  Each timed operation
 * draws one random number that decides between allocating (order 0, or
 * an order drawn uniformly from 0..10) and freeing a held block drawn
 * uniformly, kept inside 50% +- 1% of the zone.  Held blocks sit in one
 * array and leave it by swap-remove, and the entry the next free will
 * take is prefetched one operation ahead, so the harness costs a few
 * nanoseconds per operation; its cost alone is measured and printed with
 * the details.
 *
 * The failing attempt runs on a zone that was filled completely with
 * order-0 pages and then had every even PFN freed: half the zone is free,
 * all of it as single pages, so any request of order >= 1 fails at the
 * watermark check's order test (FAIL_NO_BLOCK) in the fast path and again
 * in the slow path.  GFP_ATOMIC cannot reclaim, so the attempt ends there.
 *
 * Batch throughput runs the same command mix as test/bench/batch_speed.c
 * (machine tiny, then alloc 0 as p / free p with a comment and a `say`
 * every ten lines) from a temporary file through script_run_stream(),
 * with output to /dev/null through a 1 MiB stdio buffer as in
 * `buddyscope --batch`.  The timed part is session_create() to the end of
 * the run: everything the batch mode does except exec and exit.
 *
 * Random numbers come from xorshift64* with fixed seeds (run r uses
 * SEED + r), so two runs of the program do the same work; the state hash
 * of every run's machine is printed to show it.
 *
 * Usage: bench [--quick]
 *   --quick  a tenth of the operations, for a smoke run.
 * Exit status: 0 every target met, 1 a target missed, 2 bad usage, 3 the
 * model misbehaved (an invariant broke, a free failed, a fill failed).
 */
#define _GNU_SOURCE

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_machine.h"
#include "gfp.h"
#include "mm.h"
#include "script.h"
#include "session.h"

#define RUNS 5
#define SEED 0x6275646479ull	/* "buddy" */

#define PAGES_16G 4194304u
#define WARMUP_OPS 1000000L

/* What a metric's target means. */
enum bench_goal {
	GOAL_AT_MOST,
	GOAL_AT_LEAST,
};

/* One row of the table: the runs and what they are compared with. */
struct metric {
	const char *name;
	const char *unit;
	enum bench_goal goal;
	double target;
	int decimals;		/* of the printed numbers */
	double v[RUNS];
};

struct bench_opts {
	long random_ops;	/* timed operations per random run */
	long fail_attempts;	/* timed attempts per failing run */
	long commands;		/* batch lines per run */
	bool quick;
};

/* The facts of one run that are not the timing itself. */
struct run_notes {
	unsigned long alloc_fail;	/* random: allocations that failed */
	double pages_held_pct;		/* random: occupancy at the end */
	uint64_t hash;			/* mm_state_hash() at the end */
	double harness_ns;		/* random: the loop without the model */
};

/* ---- plumbing -------------------------------------------------------- */

/* The one fatal path: the model or the system did something impossible. */
static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						       noreturn));

static void
fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* xorshift64*: one multiply per number, good enough to pick pages. */
static inline uint64_t
bench_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* A number in [0, n) from the high 32 bits of r (Lemire's reduction). */
static inline uint32_t
bench_below(uint64_t r, uint32_t n)
{
	return (uint32_t)(((r >> 32) * (uint64_t)n) >> 32);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(const double *v)
{
	double s[RUNS];

	memcpy(s, v, sizeof(s));
	qsort(s, RUNS, sizeof(s[0]), cmp_double);
	return s[RUNS / 2];
}

static bool
metric_pass(const struct metric *mt)
{
	double med = median(mt->v);

	return mt->goal == GOAL_AT_MOST ? med <= mt->target : med >= mt->target;
}

/* ---- machines -------------------------------------------------------- */

static struct machine *
machine_16g(void)
{
	struct machine_config cfg;
	struct machine *m;
	char err[256];

	mm_config_init(&cfg);
	cfg.nr_zones = 3;
	cfg.zones[0].type = ZONE_DMA;
	cfg.zones[0].spanned = 4096;
	cfg.zones[1].type = ZONE_DMA32;
	cfg.zones[1].spanned = 1048576 - 4096;
	cfg.zones[2].type = ZONE_NORMAL;
	cfg.zones[2].spanned = PAGES_16G - 1048576;
	m = mm_create(&cfg, err, sizeof(err));
	if (!m)
		fatal("mm_create (16 GiB): %s", err);
	return m;
}

static struct machine *
machine_1m(int *zone)
{
	char err[256];
	struct machine *m = bench_machine_1m(err, sizeof(err));

	if (!m)
		fatal("mm_create (1M pages): %s", err);
	*zone = mm_zone_by_name(m, "Normal");
	if (*zone < 0)
		fatal("the 1M-page machine has no Normal zone");
	return m;
}

static void
check_machine(const struct machine *m, const char *what)
{
	char err[512];

	if (!mm_check(m, err, sizeof(err)))
		fatal("%s: invariant broken: %s", what, err);
}

/* ---- metrics 1 and 2: building a 16 GiB machine ---------------------- */

/*
 * The process's data address space in bytes (VmData of /proc/self/status:
 * the heap and private writable mappings, where the model's large page
 * arrays live since they are mapped for huge pages rather than malloc'd).
 */
static double
vm_data_bytes(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmData: %lf kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static void
bench_create(struct metric *bytes, struct metric *ms, double *data_bpp)
{
	for (int r = 0; r < RUNS; r++) {
		double data_before = vm_data_bytes(), data_after;
		struct machine *m;
		double t0, t1;

		t0 = now_ns();
		m = machine_16g();
		t1 = now_ns();
		data_after = vm_data_bytes();
		ms->v[r] = (t1 - t0) / 1e6;
		bytes->v[r] = mm_bytes_per_page(m);
		/* An independent count: the address space the machine took
		 * (mappings round up to 2 MiB, malloc's arena in steps). */
		data_bpp[r] = (data_after - data_before) / PAGES_16G;
		mm_destroy(m);
	}
}

/* ---- metrics 3 and 4: random alloc/free at 50% ----------------------- */

/*
 * A held block is packed as pfn << 4 | order in 32 bits (PFNs stay below
 * 2^28, orders below 16), so the array of a million pages is 4 MiB.
 */
struct held {
	uint32_t *v;
	uint32_t n;
	uint64_t pages;
};

static inline void
held_push(struct held *h, uint64_t pfn, unsigned order)
{
	h->v[h->n++] = (uint32_t)(pfn << 4 | order);
	h->pages += 1ull << order;
}

/* Remove entry j by moving the last one into its place. */
static inline uint32_t
held_take(struct held *h, uint32_t j)
{
	uint32_t e = h->v[j];

	h->v[j] = h->v[--h->n];
	h->pages -= 1ull << (e & 15);
	return e;
}

/*
 * The decision of one operation: free when above the band, allocate
 * when below it (or nothing is held), else the low bit of r decides.
 */
static inline bool
want_alloc(const struct held *h, uint64_t r, uint64_t lo, uint64_t hi)
{
	if (h->pages >= hi)
		return false;
	if (h->pages <= lo || h->n == 0)
		return true;
	return r & 1;
}

/* The order of an allocation: 0, or uniform in 0..max_order. */
static inline unsigned
pick_order(uint64_t r, unsigned max_order)
{
	return max_order ? bench_below(r << 1, max_order + 1) : 0;
}

/*
 * The timed loop without the model: the same random numbers, decisions
 * and array traffic, with a fake PFN in place of each allocation, so the
 * harness's own cost can be printed next to the result.
 */
static double
harness_only(uint32_t *v, uint32_t n, uint64_t pages, uint64_t lo,
	     uint64_t hi, unsigned max_order, long ops, uint64_t seed)
{
	struct held h = { v, n, pages };
	uint64_t rs = seed, fake = 0, next;
	volatile uint64_t sink;
	double t0, t1;

	t0 = now_ns();
	next = bench_rand(&rs);
	for (long i = 0; i < ops; i++) {
		uint64_t r = next;

		next = bench_rand(&rs);
		__builtin_prefetch(&h.v[bench_below(next, h.n)]);
		if (want_alloc(&h, r, lo, hi)) {
			unsigned order = pick_order(r, max_order);

			held_push(&h, fake++ & 0xfffff, order);
		} else {
			fake += held_take(&h, bench_below(r, h.n));
		}
	}
	t1 = now_ns();
	sink = fake;
	(void)sink;
	return (t1 - t0) / (double)ops;
}

/*
 * `ops` random operations on the machine: allocate (order 0, or uniform in
 * 0..max_order) or free a held block, as want_alloc() decides.  Returns
 * the allocations that failed.
 */
static unsigned long
random_ops(struct machine *m, struct alloc_request *req, struct held *h,
	   uint64_t *rs, long ops, uint64_t lo, uint64_t hi, unsigned max_order)
{
	struct alloc_result res;
	unsigned long fails = 0;
	uint64_t next = bench_rand(rs);

	for (long i = 0; i < ops; i++) {
		uint64_t r = next;

		/*
		 * The entry the next free would take (within one of it), fetched
		 * ahead so that the harness's own cache miss does not land on
		 * the model's time.
		 */
		next = bench_rand(rs);
		__builtin_prefetch(&h->v[bench_below(next, h->n)]);

		if (want_alloc(h, r, lo, hi)) {
			req->order = pick_order(r, max_order);
			if (mm_alloc_pages(m, req, &res))
				held_push(h, res.pfn, req->order);
			else
				fails++;
		} else {
			uint32_t e = held_take(h, bench_below(r, h->n));

			if (!mm_free_pages(m, e >> 4, NULL, 0))
				fatal("freeing pfn 0x%x failed", e >> 4);
		}
	}
	return fails;
}

/*
 * One run: fill to 50%, WARMUP_OPS untimed operations (they fault in the
 * model's page arrays, which the fill leaves partly untouched, and settle
 * the lists), then `ops` timed ones; ns per operation.
 */
static double
run_random(unsigned max_order, gfp_t gfp, long ops, uint64_t seed,
	   struct run_notes *notes)
{
	struct alloc_request req;
	struct alloc_result res;
	struct zone_info zi;
	struct held h = { NULL, 0, 0 };
	uint64_t rs = seed, target, slack, lo, hi;
	uint32_t *copy;
	double t0, t1;
	int zone;
	struct machine *m = machine_1m(&zone);

	mm_zone_info(m, (unsigned)zone, &zi);
	h.v = malloc(PAGES_1M * sizeof(*h.v));
	copy = malloc(PAGES_1M * sizeof(*copy));
	if (!h.v || !copy)
		fatal("out of memory");
	target = zi.managed / 2;
	slack = zi.managed / 100;
	lo = target - slack;
	hi = target + slack;

	mm_request_init(m, &req, 0);
	req.gfp = gfp;
	while (h.pages < target) {
		req.order = pick_order(bench_rand(&rs), max_order);
		if (!mm_alloc_pages(m, &req, &res))
			fatal("filling to 50%%: order-%u allocation failed "
			      "with %lu of %lu pages held", req.order,
			      (unsigned long)h.pages, (unsigned long)zi.managed);
		held_push(&h, res.pfn, req.order);
	}
	random_ops(m, &req, &h, &rs, WARMUP_OPS, lo, hi, max_order);
	memcpy(copy, h.v, h.n * sizeof(*copy));
	notes->harness_ns = harness_only(copy, h.n, h.pages, lo, hi, max_order,
					 ops, seed ^ 0x5eedull);

	t0 = now_ns();
	notes->alloc_fail = random_ops(m, &req, &h, &rs, ops, lo, hi,
				       max_order);
	t1 = now_ns();

	check_machine(m, "after random alloc/free");
	notes->pages_held_pct = 100.0 * (double)h.pages / (double)zi.managed;
	notes->hash = mm_state_hash(m);
	free(copy);
	free(h.v);
	mm_destroy(m);
	return (t1 - t0) / (double)ops;
}

static void
bench_random(struct metric *mt, unsigned max_order, gfp_t gfp,
	     const struct bench_opts *o, struct run_notes *notes)
{
	for (int r = 0; r < RUNS; r++)
		mt->v[r] = run_random(max_order, gfp, o->random_ops,
				      SEED + (uint64_t)r, &notes[r]);
}

/* ---- metric 5: a failing high-order attempt -------------------------- */

/*
 * A zone where half the pages are free and none has a free buddy: fill
 * it with order-0 pages (watermarks set to 0 so nothing is held back),
 * free every even PFN, put the watermarks back.
 */
static struct machine *
fragmented_zone(int *zone)
{
	struct machine *m = machine_1m(zone);
	struct alloc_request req;
	struct alloc_result res;
	struct zone_info zi;
	char err[256];
	uint64_t start, end;

	mm_zone_info(m, (unsigned)*zone, &zi);
	if (!mm_set_watermarks(m, (unsigned)*zone, 0, 0, 0, err, sizeof(err)))
		fatal("watermarks to 0: %s", err);
	mm_request_init(m, &req, 0);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_HIGHUSER_MOVABLE);
	while (mm_alloc_pages(m, &req, &res))
		;
	start = zi.start_pfn;
	end = start + zi.spanned;
	for (uint64_t pfn = start; pfn < end; pfn += 2)
		if (!mm_free_pages(m, pfn, err, sizeof(err)))
			fatal("fragmenting: %s", err);
	if (!mm_set_watermarks(m, (unsigned)*zone, zi.wmark[0], zi.wmark[1],
			       zi.wmark[2], err, sizeof(err)))
		fatal("restoring watermarks: %s", err);
	mm_zone_info(m, (unsigned)*zone, &zi);
	if ((uint64_t)zi.free != zi.spanned / 2 || zi.nr_free[0] != zi.spanned / 2)
		fatal("fragmenting left %ld free pages, %lu order-0 blocks",
		      zi.free, zi.nr_free[0]);
	check_machine(m, "after fragmenting");
	return m;
}

static double
run_fail(unsigned order, long attempts, struct run_notes *notes)
{
	struct alloc_request req;
	struct alloc_result res;
	unsigned long ok = 0;
	double t0, t1;
	int zone;
	struct machine *m = fragmented_zone(&zone);

	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_ATOMIC);
	req.ctx = CTX_ATOMIC;
	/* Warm up: the first failure wakes kswapd, later ones find it awake. */
	for (int i = 0; i < 1000; i++)
		ok += mm_alloc_pages(m, &req, &res);
	if (res.reason != FAIL_NO_RECLAIM)
		fatal("order-%u GFP_ATOMIC on the fragmented zone: reason %d, "
		      "expected FAIL_NO_RECLAIM", order, (int)res.reason);

	t0 = now_ns();
	for (long i = 0; i < attempts; i++)
		ok += mm_alloc_pages(m, &req, &res);
	t1 = now_ns();
	if (ok)
		fatal("order-%u GFP_ATOMIC succeeded %lu times on a zone "
		      "without a free block of order >= 1", order, ok);
	check_machine(m, "after failing attempts");
	notes->hash = mm_state_hash(m);
	mm_destroy(m);
	return (t1 - t0) / (double)attempts;
}

static void
bench_fail(struct metric *mt, unsigned order, const struct bench_opts *o,
	   struct run_notes *notes)
{
	for (int r = 0; r < RUNS; r++)
		mt->v[r] = run_fail(order, o->fail_attempts, &notes[r]);
}

/* ---- metric 6: batch commands through the session -------------------- */

static void
sink_out(void *data, const char *text, size_t len)
{
	fwrite(text, 1, len, data);
}

static void
sink_err(void *data, const char *text, size_t len)
{
	fwrite(text, 1, len, stderr);
}

/* The command mix of test/bench/batch_speed.c, n lines. */
static void
write_commands(FILE *f, long n)
{
	fputs("machine tiny\n", f);
	for (long i = 1; i < n; i++) {
		switch (i % 10) {
		case 8:
			fputs("# a comment\n", f);
			break;
		case 9:
			fputs("say step\n", f);
			break;
		default:
			fputs(i % 2 ? "alloc 0 as p\n" : "free p\n", f);
		}
	}
}

static double
run_batch(const char *path, long n)
{
	static char buf[1 << 20];
	struct session_options so;
	struct session_counts c;
	struct session_io io;
	struct session *s;
	enum exec_status st;
	char err[512];
	FILE *in, *out;
	double t0, t1;

	out = fopen("/dev/null", "w");
	in = fopen(path, "r");
	if (!out || !in)
		fatal("opening %s or /dev/null: %s", path, strerror(errno));
	setvbuf(out, buf, _IOFBF, sizeof(buf));
	memset(&io, 0, sizeof(io));
	io.out = sink_out;
	io.err = sink_err;
	io.data = out;
	session_options_init(&so);

	t0 = now_ns();
	s = session_create(&so, err, sizeof(err));
	if (!s)
		fatal("session_create: %s", err);
	session_set_io(s, &io);
	st = script_run_stream(s, in, path);
	fflush(out);
	t1 = now_ns();

	session_get_counts(s, &c);
	if (st != EXEC_OK || c.errors || c.expects_failed)
		fatal("batch run: status %d, %lu errors", (int)st, c.errors);
	session_destroy(s);
	fclose(in);
	fclose(out);
	return (double)n / ((t1 - t0) / 1e9);
}

static void
bench_batch(struct metric *mt, const struct bench_opts *o)
{
	char path[] = "/tmp/bs-bench-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0 || !(f = fdopen(fd, "w")))
		fatal("mkstemp: %s", strerror(errno));
	write_commands(f, o->commands);
	if (fclose(f) != 0)
		fatal("writing %s: %s", path, strerror(errno));
	for (int r = 0; r < RUNS; r++)
		mt->v[r] = run_batch(path, o->commands);
	unlink(path);
}

/* ---- the report ------------------------------------------------------ */

/* "model name" of the first CPU in /proc/cpuinfo. */
static void
cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || !colon)
			continue;
		colon++;
		colon += strspn(colon, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, len, "%s", colon);
		break;
	}
	fclose(f);
}

/* What `nproc` prints: the CPUs this process may run on. */
static int
nr_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static void
print_header(int argc, char **argv, const struct bench_opts *o)
{
	char cpu[256];

	cpu_model(cpu, sizeof(cpu));
	printf("Machine: %s, nproc %d. Command: `", cpu, nr_cpus());
	for (int i = 0; i < argc; i++)
		printf("%s%s", i ? " " : "", argv[i]);
	printf("`. Build: gcc %s, %s, %s. %d runs per metric%s.\n\n",
	       __VERSION__,
#ifdef __OPTIMIZE__
	       "optimized",
#else
	       "not optimized",
#endif
#ifdef NDEBUG
	       "NDEBUG",
#else
	       "assertions on",
#endif
	       RUNS, o->quick ? " (--quick: a tenth of the operations)" : "");
}

static void
print_table(const struct metric *mt, size_t n)
{
	printf("| metric | target | measured (median of %d runs) | unit | pass/fail |\n",
	       RUNS);
	printf("|---|---:|---:|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		printf("| %s | %s %.*f | %.*f | %s | %s |\n", mt[i].name,
		       mt[i].goal == GOAL_AT_MOST ? "<=" : ">=",
		       mt[i].target >= 1000 ? 0 : mt[i].decimals, mt[i].target,
		       mt[i].decimals, median(mt[i].v), mt[i].unit,
		       metric_pass(&mt[i]) ? "pass" : "FAIL");
	}
}

static void
print_runs(const struct metric *mt, size_t n)
{
	printf("\nEvery run (in order):\n\n");
	for (size_t i = 0; i < n; i++) {
		printf("- %s:", mt[i].name);
		for (int r = 0; r < RUNS; r++)
			printf(" %.*f", mt[i].decimals, mt[i].v[r]);
		printf(" %s\n", mt[i].unit);
	}
}

static void
print_random_notes(const char *what, const struct run_notes *nt)
{
	double h[RUNS];

	for (int r = 0; r < RUNS; r++)
		h[r] = nt[r].harness_ns;
	printf("- %s: harness alone %.1f ns/op (median); failed allocations",
	       what, median(h));
	for (int r = 0; r < RUNS; r++)
		printf(" %lu", nt[r].alloc_fail);
	printf("; pages held at the end");
	for (int r = 0; r < RUNS; r++)
		printf(" %.2f%%", nt[r].pages_held_pct);
	printf("; state hashes");
	for (int r = 0; r < RUNS; r++)
		printf(" %016llx", (unsigned long long)nt[r].hash);
	printf("\n");
}

static void
usage(FILE *f, const char *argv0)
{
	fprintf(f, "usage: %s [--quick]\n"
		"  --quick  a tenth of the operations, for a smoke run\n", argv0);
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { 10000000, 10000000, 2000000, false };
	struct run_notes n0[RUNS], nmix[RUNS], nf9[RUNS], nf4[RUNS];
	double data_bpp[RUNS];
	gfp_t kernel = gfp_type_flag(ERA_6_12, GFPT_KERNEL);
	struct metric mt[] = {
		{ "model state per simulated page, 16 GiB machine (4194304 pages)",
		  "bytes/page", GOAL_AT_MOST, 12, 3, { 0 } },
		{ "mm_create() of a 16 GiB machine (DMA + DMA32 + Normal)",
		  "ms", GOAL_AT_MOST, 50, 2, { 0 } },
		{ "random alloc/free, order 0, GFP_KERNEL, 50% of a 1M-page zone",
		  "ns/op", GOAL_AT_MOST, 30, 1, { 0 } },
		{ "random alloc/free, orders 0..10, GFP_KERNEL, 50% of a 1M-page zone",
		  "ns/op", GOAL_AT_MOST, 25, 1, { 0 } },
		{ "failing order-9 GFP_ATOMIC attempt, fragmented 1M-page zone",
		  "ns/attempt", GOAL_AT_MOST, 10, 1, { 0 } },
		{ "failing order-4 GFP_ATOMIC attempt, fragmented 1M-page zone",
		  "ns/attempt", GOAL_AT_MOST, 10, 1, { 0 } },
		{ "batch commands through session_execute_line()",
		  "commands/s", GOAL_AT_LEAST, 1000000, 0, { 0 } },
	};
	size_t nmt = sizeof(mt) / sizeof(mt[0]);
	bool all = true;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			o.quick = true;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			usage(stdout, argv[0]);
			return 0;
		} else {
			fprintf(stderr, "bench: unknown argument '%s'\n", argv[i]);
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (o.quick) {
		o.random_ops /= 10;
		o.fail_attempts /= 10;
		o.commands /= 10;
	}

	bench_create(&mt[0], &mt[1], data_bpp);
	bench_random(&mt[2], 0, kernel, &o, n0);
	bench_random(&mt[3], 10, kernel, &o, nmix);
	bench_fail(&mt[4], 9, &o, nf9);
	bench_fail(&mt[5], 4, &o, nf4);
	bench_batch(&mt[6], &o);

	print_header(argc, argv, &o);
	print_table(mt, nmt);
	print_runs(mt, nmt);
	printf("\nDetails:\n\n");
	printf("- address space taken by the 16 GiB machine (VmData of "
	       "/proc/self/status): %.3f bytes/page\n", median(data_bpp));
	print_random_notes("order 0", n0);
	print_random_notes("orders 0..10", nmix);
	printf("- fragmented zone state hash after the order-9 runs: %016llx\n",
	       (unsigned long long)nf9[0].hash);
	printf("- operations: %ld per random run, %ld attempts per failing run, "
	       "%ld commands per batch run; seeds %#llx + run\n",
	       o.random_ops, o.fail_attempts, o.commands,
	       (unsigned long long)SEED);
	for (size_t i = 0; i < nmt; i++)
		all = all && metric_pass(&mt[i]);
	return all ? 0 : 1;
}
