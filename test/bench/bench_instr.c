/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_instr.c - one workload of build/bench or build/bench-vm at a time,
 * for counting its instructions with callgrind while the machine is too
 * loaded for wall-clock figures to mean anything:
 *
 *   valgrind --tool=callgrind --instr-atstart=no build/bench-instr MODE N
 *
 * Only the timed part runs instrumented (CALLGRIND_START/STOP), so the
 * "Collected" count divided by N is the cost of one operation, harness
 * included.  Modes (the workloads of the benchmarks, on one Normal zone of
 * 1048576 pages, defaults of mm_config_init(), no listener):
 *
 *   rand0     N random alloc/free of order 0 (GFP_KERNEL) at 50% +- 1%
 *             after a fill and 1,000,000 untimed operations
 *   randmix   the same with orders drawn from 0..10
 *   fail9     N failing order-9 GFP_ATOMIC attempts on a zone whose every
 *             even PFN is free (fail4: order 4)
 *   compact   one full compaction of the zone filled with anonymous pages,
 *             a random half freed (compacts: the half freed in PFN order);
 *             N is ignored
 *
 * It prints the wall-clock time per operation (meaningless under
 * callgrind), and mm_state_hash() and a hash of the vmstat counters at
 * the end, so two builds can be shown to do exactly the same work.
 * Exit status: 0 done, 2 bad usage, 3 the model misbehaved.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_machine.h"
#include "compaction.h"
#include "gfp.h"
#include "mm.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#define WARMUP_OPS 1000000L

static uint64_t rng_state;

/* xorshift64*, as in bench.c. */
static uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* A number in [0, n) from the high 32 bits of r. */
static uint32_t
below(uint64_t r, uint32_t n)
{
	return (uint32_t)(((r >> 32) * (uint64_t)n) >> 32);
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench-instr: %s\n", what);
	exit(3);
}

static struct machine *
machine_1m(int *zone)
{
	char err[256];
	struct machine *m = bench_machine_1m(err, sizeof(err));

	if (!m)
		die(err);
	*zone = mm_zone_by_name(m, "Normal");
	return m;
}

/* Random alloc/free at 50% of the zone; returns ns per timed operation. */
static double
run_random(struct machine *m, unsigned max_order, long ops)
{
	uint32_t *v = malloc(PAGES_1M * sizeof(*v));
	uint64_t pages = 0, target = PAGES_1M / 2;
	uint64_t lo = target - PAGES_1M / 100, hi = target + PAGES_1M / 100;
	struct alloc_request req;
	struct alloc_result res;
	uint32_t n = 0;
	char err[256];
	double t0 = 0, t1;

	if (!v)
		die("out of memory");
	mm_request_init(m, &req, 0);
	while (pages < target) {
		req.order = max_order ? below(rng() << 1, max_order + 1) : 0;
		if (!mm_alloc_pages(m, &req, &res))
			die("fill failed");
		v[n++] = (uint32_t)(res.pfn << 4 | req.order);
		pages += 1u << req.order;
	}
	for (long i = 0; i < WARMUP_OPS + ops; i++) {
		uint64_t r;
		bool alloc;

		if (i == WARMUP_OPS) {
			CALLGRIND_START_INSTRUMENTATION;
			t0 = now_ns();
		}
		r = rng();
		if (pages >= hi)
			alloc = false;
		else if (pages <= lo || !n)
			alloc = true;
		else
			alloc = r & 1;
		if (alloc) {
			req.order = max_order ? below(r << 1, max_order + 1) : 0;
			if (mm_alloc_pages(m, &req, &res)) {
				v[n++] = (uint32_t)(res.pfn << 4 | req.order);
				pages += 1u << req.order;
			}
		} else {
			uint32_t j = below(r, n), e = v[j];

			v[j] = v[--n];
			pages -= 1u << (e & 15);
			if (!mm_free_pages(m, e >> 4, err, sizeof(err)))
				die(err);
		}
	}
	t1 = now_ns();
	CALLGRIND_STOP_INSTRUMENTATION;
	free(v);
	return (t1 - t0) / (double)ops;
}

/* Failing attempts on the fragmented zone of bench.c. */
static double
run_fail(struct machine *m, int zone, unsigned order, long ops)
{
	struct alloc_request req;
	struct alloc_result res;
	struct zone_info zi;
	unsigned long ok = 0;
	char err[256];
	double t0, t1;

	mm_zone_info(m, (unsigned)zone, &zi);
	if (!mm_set_watermarks(m, (unsigned)zone, 0, 0, 0, err, sizeof(err)))
		die(err);
	mm_request_init(m, &req, 0);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_HIGHUSER_MOVABLE);
	while (mm_alloc_pages(m, &req, &res))
		;
	for (uint64_t p = zi.start_pfn; p < zi.start_pfn + zi.spanned; p += 2)
		if (!mm_free_pages(m, p, err, sizeof(err)))
			die(err);
	if (!mm_set_watermarks(m, (unsigned)zone, zi.wmark[0], zi.wmark[1],
			       zi.wmark[2], err, sizeof(err)))
		die(err);
	mm_request_init(m, &req, order);
	req.gfp = gfp_type_flag(mm_era(m), GFPT_ATOMIC);
	req.ctx = CTX_ATOMIC;
	for (int i = 0; i < 1000; i++)
		ok += mm_alloc_pages(m, &req, &res);
	CALLGRIND_START_INSTRUMENTATION;
	t0 = now_ns();
	for (long i = 0; i < ops; i++)
		ok += mm_alloc_pages(m, &req, &res);
	t1 = now_ns();
	CALLGRIND_STOP_INSTRUMENTATION;
	if (ok)
		die("a failing attempt succeeded");
	return (t1 - t0) / (double)ops;
}

/* The compaction of bench_vm.c, run 0 (seed 42); ms. */
static double
run_compact(struct machine *m, int zone, bool sorted)
{
	struct compact_info ci;
	char err[256];
	double t0, t1;

	if (!bench_half_free_scene(m, 42, sorted, err, sizeof(err)))
		die(err);
	CALLGRIND_START_INSTRUMENTATION;
	t0 = now_ns();
	mm_compact_zone(m, (unsigned)zone, -1, COMPACT_PRIO_SYNC_FULL, &ci);
	t1 = now_ns();
	CALLGRIND_STOP_INSTRUMENTATION;
	printf("migrated %lu pages\n", ci.nr_migrated);
	return (t1 - t0) / 1e6;
}

int
main(int argc, char **argv)
{
	struct mm_vmstat vs;
	const unsigned char *b = (const unsigned char *)&vs;
	uint64_t vh = 0xcbf29ce484222325ull;
	const char *mode;
	struct machine *m;
	char err[512];
	long ops;
	int zone;

	if (argc != 3 || (ops = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: bench-instr rand0|randmix|fail9|fail4|"
			"compact|compacts N\n");
		return 2;
	}
	mode = argv[1];
	m = machine_1m(&zone);
	rng_state = 0x6275646479ull;
	if (!strcmp(mode, "rand0") || !strcmp(mode, "randmix"))
		printf("%s: %.1f ns/op\n", mode,
		       run_random(m, mode[4] == 'm' ? 10 : 0, ops));
	else if (!strcmp(mode, "fail9") || !strcmp(mode, "fail4"))
		printf("%s: %.1f ns/attempt\n", mode,
		       run_fail(m, zone, mode[4] == '9' ? 9 : 4, ops));
	else if (!strcmp(mode, "compact") || !strcmp(mode, "compacts"))
		printf("%s: %.2f ms\n", mode,
		       run_compact(m, zone, mode[7] == 's'));
	else {
		fprintf(stderr, "bench-instr: unknown mode %s\n", mode);
		return 2;
	}
	if (!mm_check(m, err, sizeof(err)))
		die(err);
	mm_get_vmstat(m, &vs);
	for (size_t i = 0; i < sizeof(vs); i++) {
		vh ^= b[i];
		vh *= 0x100000001b3ull;
	}
	printf("state hash %016llx, vmstat hash %016llx\n",
	       (unsigned long long)mm_state_hash(m), (unsigned long long)vh);
	mm_destroy(m);
	return 0;
}
