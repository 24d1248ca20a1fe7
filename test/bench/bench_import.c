/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_import.c - the speed targets of issue 6, measured (not a test).
 *
 *   import  the shared 24 GiB 6.18 machine with its kpageflags (6,553,600
 *           PFNs, gzip): read + decompress + parse + build, and the build
 *           alone (mm_import_create on the decompressed map); target <= 1 s.
 *   replay  parse + apply of kmem trace text, target >= 5,000,000
 *           events/s.  The text is made by running the model's own
 *           allocator (order 0..3 and 9 allocations and frees, per-CPU
 *           lists on, 2 CPUs) on a 16 GiB machine and writing its events
 *           as tracefs lines; replaying it on a copy of the starting
 *           machine must give no divergence, which checks the replay too.
 *
 * Usage: bench-import [SHARED_DIR] [EVENTS]   (defaults ../shared, 3000000)
 * Prints medians of 5 runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import.h"
#include "kmemtrace.h"
#include "mm.h"
#include "procimport.h"
#include "readfile.h"
#include "replay.h"
#include "strbuf.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median5(double *v)
{
	qsort(v, 5, sizeof(v[0]), dcmp);
	return v[2];
}

/* ---- the trace writer: model events as tracefs lines -------------------- */

struct gen {
	struct strbuf *sb;
	unsigned long n;
	unsigned cpu;
	int req_mt;		/* the request's migratetype */
	bool mobility;
};

static void
on_event(const struct mm_event *ev, void *data)
{
	struct gen *g = data;

	switch (ev->type) {
	case EV_ALLOC_START:
		g->req_mt = (int)gfp_migratetype(ev->gfp, g->mobility);
		return;
	case EV_ALLOC_DONE:
		if (!ev->ok)
			return;
		strbuf_addf(g->sb, "       bench-1       [%03u] .....   100.000000: ", g->cpu);
		strbuf_addf(g->sb, "mm_page_alloc: page=00000000deadbeef pfn=0x%llx "
			    "order=%u migratetype=%d gfp_flags=GFP_KERNEL\n",
			    (unsigned long long)ev->pfn, ev->order, ev->mt);
		break;
	case EV_FREE:
		strbuf_addf(g->sb, "       bench-1       [%03u] .....   100.000000: ", g->cpu);
		strbuf_addf(g->sb, "mm_page_free: page=00000000deadbeef pfn=0x%llx "
			    "order=%u\n", (unsigned long long)ev->pfn, ev->order);
		break;
	case EV_LIST_TAKE:	/* __rmqueue_smallest: mm_page_alloc_zone_locked,
				 * with the requested type as the kernel prints */
		strbuf_addf(g->sb, "       bench-1       [%03u] .....   100.000000: ", g->cpu);
		strbuf_addf(g->sb, "mm_page_alloc_zone_locked: page=00000000deadbeef "
			    "pfn=0x%llx order=%u migratetype=%d percpu_refill=%d\n",
			    (unsigned long long)ev->pfn, ev->order, g->req_mt,
			    ev->percpu);
		break;
	case EV_FALLBACK:	/* mm_page_alloc_extfrag */
		strbuf_addf(g->sb, "       bench-1       [%03u] .....   100.000000: ", g->cpu);
		strbuf_addf(g->sb, "mm_page_alloc_extfrag: page=00000000deadbeef "
			    "pfn=0x%llx alloc_order=%u fallback_order=%u "
			    "pageblock_order=9 alloc_migratetype=%d "
			    "fallback_migratetype=%d fragmenting=%d "
			    "change_ownership=%d\n", (unsigned long long)ev->pfn,
			    ev->order, ev->block_order, ev->mt, ev->fallback_mt,
			    ev->block_order < 9, ev->claimed);
		break;
	case EV_PCP_DRAIN:
		strbuf_addf(g->sb, "       bench-1       [%03u] .....   100.000000: ", g->cpu);
		strbuf_addf(g->sb, "mm_page_pcpu_drain: page=00000000deadbeef "
			    "pfn=0x%llx order=%u migratetype=%d\n",
			    (unsigned long long)ev->pfn, ev->order, ev->mt);
		break;
	default:
		return;
	}
	g->n++;
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
bench_replay(unsigned long target)
{
	struct machine_config cfg;
	struct machine *m0, *m;
	struct strbuf sb = STRBUF_INIT;
	struct gen g = { &sb, 0, 0, 0, true };
	uint64_t *live = NULL, seed = 42;
	size_t nlive = 0, cap = 0;
	char err[256];
	double rate[5];
	unsigned long ndiv = 0, nev = 0, kinds[NR_MM_DIVS];

	mm_config_init(&cfg);
	cfg.nr_cpus = 2;
	cfg.nr_zones = 3;
	cfg.zones[0].type = ZONE_DMA;
	cfg.zones[0].spanned = 4096;
	cfg.zones[1].type = ZONE_DMA32;
	cfg.zones[1].spanned = 1044480;
	cfg.zones[2].type = ZONE_NORMAL;
	cfg.zones[2].spanned = 3145728;
	m0 = mm_create(&cfg, err, sizeof(err));
	if (!m0) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	mm_set_pcp(m0, true);
	m = mm_clone(m0);
	g.mobility = mm_group_by_mobility(m);
	mm_set_listener(m, on_event, &g);
	while (g.n < target) {
		bool do_alloc = nlive < 1000 || (nlive < 400000 && rnd(&seed) % 2);

		g.cpu = (unsigned)(rnd(&seed) & 1);
		if (do_alloc) {
			struct alloc_request req;
			struct alloc_result res;
			static const unsigned orders[] = { 0, 0, 0, 0, 0, 1, 2, 3, 9 };

			mm_request_init(m, &req, orders[rnd(&seed) % 9]);
			req.cpu = g.cpu;
			if (mm_alloc_pages(m, &req, &res) && res.ok) {
				if (nlive == cap) {
					cap = cap ? cap * 2 : 1024;
					live = realloc(live, cap * sizeof(*live));
				}
				live[nlive++] = res.pfn;
			}
		} else {
			size_t k = rnd(&seed) % nlive;

			g.cpu = 0;	/* mm_free_pages() frees on CPU 0 */

			mm_free_pages(m, live[k], err, sizeof(err));
			live[k] = live[--nlive];
		}
	}
	mm_destroy(m);
	free(live);
	for (int run = 0; run < 5; run++) {
		const char *p = strbuf_str(&sb), *end = p + strlen(p);
		struct mm_trace_event ev;
		double t0;

		m = mm_clone(m0);
		ndiv = nev = 0;
		memset(kinds, 0, sizeof(kinds));
		t0 = now();
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

			if (replay_parse_line(p, n, &ev, err, sizeof(err)) == 1) {
				enum mm_trace_div d = mm_trace_apply(m, &ev, false, NULL);

				ndiv += d != MM_DIV_NONE;
				kinds[d]++;
				nev++;
			}
			p += n + 1;
		}
		rate[run] = (double)nev / (now() - t0);
		if (run == 4 && !mm_check(m, err, sizeof(err)))
			printf("replay broke an invariant: %s\n", err);
		mm_destroy(m);
	}
	printf("replay (parse + apply), %lu events, %lu divergences: "
	       "%.0f events/s (median of 5; target >= 5000000)\n",
	       nev, ndiv, median5(rate));
	for (int d = 1; d < NR_MM_DIVS; d++)
		if (kinds[d])
			printf("  %lu: %s\n", kinds[d], mm_trace_div_text((enum mm_trace_div)d));
	mm_destroy(m0);
	strbuf_release(&sb);
}

static void
bench_import(const char *shared)
{
	char dir[4096], path[4200], err[512];
	double total[5], build[5];
	struct mm_import *imp = malloc(sizeof(*imp));
	struct mm_import_report rep;
	char *raw;
	size_t len;

	snprintf(dir, sizeof(dir), "%s/data/real/vm618-build", shared);
	for (int run = 0; run < 5; run++) {
		struct procimport_opts o = { dir, "before", 0, true, NULL };
		struct strbuf notes = STRBUF_INIT;
		double t0 = now();
		struct machine *m = procimport_load(&o, imp, &rep, &notes, err,
						    sizeof(err));

		total[run] = now() - t0;
		if (!m) {
			fprintf(stderr, "bench: %s\n", err);
			exit(1);
		}
		mm_destroy(m);
		strbuf_release(&notes);
	}
	snprintf(path, sizeof(path), "%s/kpageflags.before.gz", dir);
	if (!readfile_all(path, &raw, &len, 0, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	for (int run = 0; run < 5; run++) {
		double t0 = now();
		struct machine *m = mm_import_create(imp, (const uint64_t *)(void *)raw,
						     len / 8, &rep, err, sizeof(err));

		build[run] = now() - t0;
		mm_destroy(m);
	}
	printf("import of the 24 GiB 6.18 machine with kpageflags (6553600 PFNs, "
	       "gzip): %.3f s total, %.3f s building (median of 5; target <= 1 s)\n",
	       median5(total), median5(build));
	free(raw);
	free(imp);
}

int
main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : "../shared";
	unsigned long events = argc > 2 ? strtoul(argv[2], NULL, 10) : 3000000;

	bench_import(shared);
	bench_replay(events);
	return 0;
}
