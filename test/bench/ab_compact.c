/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ab_compact.c - an in-process A/B of two builds of the model on
 * bench_vm.c's compaction workload (ab_compact.sh builds it).  On a
 * shared virtual machine the speed of the host drifts by more than the
 * few percent a change to the model makes, between runs and within one;
 * two builds timed in turn in one process, pair by pair, see the same
 * host, and the ratio of each pair is what is compared.
 *
 * Compiled three times: with AB_FN=ab_run_a against build A's model,
 * with AB_FN=ab_run_b against build B's (whose symbols ab_compact.sh
 * renames B_*), and with AB_MAIN for main().  Every pair must end in
 * the same state (mm_state_hash), or the run stops.
 *
 *	ab_compact PAIRS [sorted]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef AB_MAIN

double ab_run_a(int sorted, uint64_t *hash);
double ab_run_b(int sorted, uint64_t *hash);

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int pairs = argc > 1 ? atoi(argv[1]) : 20;
	int sorted = argc > 2 && !strcmp(argv[2], "sorted");
	double *a, *b, *r;

	if (pairs < 1 || pairs > 1000) {
		fprintf(stderr, "usage: ab_compact PAIRS [sorted]\n");
		return 2;
	}
	a = malloc(3 * (size_t)pairs * sizeof(*a));
	if (!a)
		return 3;
	b = a + pairs;
	r = b + pairs;
	for (int i = 0; i < pairs; i++) {
		uint64_t ha, hb;

		/* alternate which build goes first */
		if (i & 1) {
			b[i] = ab_run_b(sorted, &hb);
			a[i] = ab_run_a(sorted, &ha);
		} else {
			a[i] = ab_run_a(sorted, &ha);
			b[i] = ab_run_b(sorted, &hb);
		}
		if (ha != hb) {
			fprintf(stderr, "ab_compact: the builds end in different "
				"states (pair %d)\n", i + 1);
			return 1;
		}
		r[i] = b[i] / a[i];
	}
	qsort(a, (size_t)pairs, sizeof(*a), cmp_double);
	qsort(b, (size_t)pairs, sizeof(*b), cmp_double);
	qsort(r, (size_t)pairs, sizeof(*r), cmp_double);
	printf("%d pairs%s: A median %.2f ms (best %.2f), B median %.2f ms "
	       "(best %.2f); B/A per pair: median %.3f, quartiles %.3f %.3f\n",
	       pairs, sorted ? " (PFN order)" : "", a[pairs / 2], a[0],
	       b[pairs / 2], b[0], r[pairs / 2], r[pairs / 4], r[3 * pairs / 4]);
	free(a);
	return 0;
}

#else

#include "bench_machine.h"
#include "compaction.h"
#include "gfp.h"
#include "mm.h"

/* bench_vm.c's compaction run 0: returns ms, the end state's hash. */
double AB_FN(int sorted, uint64_t *hash);

double
AB_FN(int sorted, uint64_t *hash)
{
	struct compact_info ci;
	struct timespec t0, t1;
	struct machine *m;
	char err[256];

	m = bench_machine_1m(err, sizeof(err));
	if (!m || !bench_half_free_scene(m, 42, sorted, err, sizeof(err))) {
		fprintf(stderr, "ab_compact: %s\n", err);
		exit(3);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mm_compact_zone(m, (unsigned)mm_zone_by_name(m, "Normal"), -1,
			COMPACT_PRIO_SYNC_FULL, &ci);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*hash = mm_state_hash(m);
	mm_destroy(m);
	return (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

#endif
