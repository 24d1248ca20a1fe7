/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_soak.c - the long random test of issue 8: millions of mixed
 * operations on the model with the invariant checker (mm_check()) run
 * every K operations (default 100) and at the end.
 *
 *	test_soak [--ops N] [--seed S] [--check-every K]
 *
 * The operations, drawn from one xorshift64* stream seeded with S (so a
 * run is reproducible from its seed alone):
 *
 *	alloc	   every order 0..MAX_PAGE_ORDER (small orders more often),
 *		   every GFP type of the era (zone modifiers included), some
 *		   with __GFP_RECLAIMABLE, __GFP_ZERO, __GFP_COMP, __GFP_NOWARN,
 *		   __GFP_NORETRY, __GFP_RETRY_MAYFAIL or __GFP_HIGH added; every
 *		   calling context; owners; tasks; CPUs
 *	free	   a random held block
 *	rare	   kswapd wake + run, direct reclaim, compaction of a zone
 *		   (each priority, orders -1..MAX), proactive compaction,
 *		   kcompactd, drop_caches, dirtying, the OOM killer, a task's
 *		   exit, per-CPU lists on/off/drain, a highatomic unreserve,
 *		   sysctl changes (min_free_kbytes, watermark_scale_factor,
 *		   watermark_boost_factor, lowmem_reserve_ratio,
 *		   extfrag_threshold, compaction_proactiveness) and an era
 *		   change (the machine is rebuilt in the other era, as `era`
 *		   does, and the run goes on there)
 *
 * The run cycles through four machines: one Normal zone of 4096 pages;
 * DMA + DMA32 + Normal (an x86-64 layout, 12288 pages) with 2 CPUs;
 * a 1024-page machine (too small for grouping by mobility); and an
 * i386-like DMA + Normal + HighMem.  It prints one line per machine and
 * a total; on a broken invariant it prints the seed and the operation
 * number and how to rerun with a check after every operation.
 *
 * Output is TAP (one test: the run), so meson runs it as a test.  The
 * default count is 10,000,000 in the normal and the sanitizer builds
 * (about 13 s and 45 s on the development machine); under valgrind
 * (BS_VALGRIND set, some 60 times slower) it is 500,000.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compaction.h"
#include "gfp.h"
#include "mm.h"
#include "reclaim.h"

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned long
pick(unsigned long n)
{
	return (unsigned long)(rng() % n);
}

/* The blocks held, kept in step with what reclaim, the OOM killer and
 * compaction free or move behind the test's back (EV_FREE, EV_MIGRATE). */
struct held_set {
	uint64_t *pfn;
	uint32_t *pos;		/* by PFN - base: index + 1, 0 if not held */
	uint64_t base;
	size_t n;
};

static void
held_add(struct held_set *h, uint64_t pfn)
{
	h->pfn[h->n] = pfn;
	h->pos[pfn - h->base] = (uint32_t)++h->n;
}

static void
held_del(struct held_set *h, uint64_t pfn)
{
	size_t k = h->pos[pfn - h->base] - 1;

	h->pos[pfn - h->base] = 0;
	h->pfn[k] = h->pfn[--h->n];
	if (k < h->n)
		h->pos[h->pfn[k] - h->base] = (uint32_t)k + 1;
}

static void
held_track(const struct mm_event *ev, void *data)
{
	struct held_set *h = data;

	if (ev->type == EV_FREE && ev->cause != FREE_BY_CALLER &&
	    h->pos[ev->pfn - h->base])
		held_del(h, ev->pfn);
	else if (ev->type == EV_MIGRATE && h->pos[ev->pfn - h->base]) {
		held_del(h, ev->pfn);
		held_add(h, ev->buddy_pfn);
	}
}

struct soak {
	struct machine_config cfg;
	struct machine *m;
	struct held_set h;
	int tasks[3];
	uint64_t seed;
	long op;		/* operations done in the whole run */
	unsigned long checks;
	unsigned long allocs, allocs_ok, frees, rare, era_changes;
	unsigned long sysctl_changes;
};

static void
fail(const struct soak *s, const char *what)
{
	printf("not ok 1 - soak: seed %llu op %ld (era %s, %u zones): %s\n",
	       (unsigned long long)s->seed, s->op,
	       era_rules(mm_era(s->m))->name, mm_nr_zones(s->m), what);
	printf("# rerun: test_soak --seed %llu --ops %ld --check-every 1\n",
	       (unsigned long long)s->seed, s->op + 1);
	printf("1..1\n");
	exit(1);
}

static void
check(struct soak *s)
{
	char err[512];

	s->checks++;
	if (!mm_check(s->m, err, sizeof(err)))
		fail(s, err);
}

/* Build (or rebuild, for an era change) the machine of s->cfg. */
static void
boot(struct soak *s)
{
	char err[512];
	uint64_t span;

	if (s->m)
		mm_destroy(s->m);
	free(s->h.pfn);
	free(s->h.pos);
	s->m = mm_create(&s->cfg, err, sizeof(err));
	if (!s->m)
		fail(s, err);
	span = mm_end_pfn(s->m) - mm_start_pfn(s->m);
	s->h.base = mm_start_pfn(s->m);
	s->h.pfn = calloc(span, sizeof(uint64_t));
	s->h.pos = calloc(span, sizeof(uint32_t));
	s->h.n = 0;
	if (!s->h.pfn || !s->h.pos)
		fail(s, "out of memory");
	mm_set_listener(s->m, held_track, &s->h);
	mm_set_swap(s->m, (unsigned long)(span / 8));
	for (int i = 0; i < 3; i++) {
		char name[2] = { (char)('a' + i), 0 };

		s->tasks[i] = mm_task_get(s->m, name, err, sizeof(err));
	}
}

static void
op_alloc(struct soak *s)
{
	static const gfp_t extra[] = {
		GFPF_RECLAIMABLE, GFPF_ZERO, GFPF_COMP, GFPF_NOWARN,
		GFPF_NORETRY, GFPF_RETRY_MAYFAIL, GFPF_HIGH,
	};
	enum kernel_era era = mm_era(s->m);
	unsigned max = mm_max_order(s->m);
	struct alloc_request req;
	struct alloc_result res;

	mm_request_init(s->m, &req, 0);
	req.order = pick(4) ? (unsigned)pick(4) : (unsigned)pick(max + 1);
	req.gfp = gfp_type_flag(era, (enum gfp_type)pick(NR_GFP_TYPES));
	if (pick(3) == 0)
		req.gfp |= extra[pick(sizeof(extra) / sizeof(extra[0]))];
	/* __GFP_MOVABLE|__GFP_RECLAIMABLE is MIGRATE_HIGHATOMIC's index, a
	 * mask the kernel warns about: keep the request one the kernel takes */
	if ((req.gfp & GFPF_MOVABLE) && (req.gfp & GFPF_RECLAIMABLE))
		req.gfp &= ~GFPF_RECLAIMABLE;
	req.ctx = (enum alloc_ctx)pick(NR_ALLOC_CTX);
	if (pick(4) == 0) {
		req.owner = (enum page_owner)pick(OWNER_RESERVED);
		req.owner_set = true;
	}
	req.cpu = (unsigned)pick(s->cfg.nr_cpus);
	req.task = s->tasks[pick(3)] * (int)pick(2);
	s->allocs++;
	if (mm_alloc_pages(s->m, &req, &res)) {
		s->allocs_ok++;
		held_add(&s->h, res.pfn);
	}
}

static void
op_free(struct soak *s)
{
	char err[512];
	uint64_t pfn = s->h.pfn[pick(s->h.n)];

	if (!mm_free_pages(s->m, pfn, err, sizeof(err)))
		fail(s, err);
	held_del(&s->h, pfn);
	s->frees++;
}

static void
op_sysctl(struct soak *s)
{
	struct mm_sysctl sc;
	char err[512];

	mm_get_sysctl(s->m, &sc);
	switch (pick(6)) {
	case 0:
		sc.min_free_kbytes = 128 + (long)pick(8192);
		break;
	case 1:
		sc.watermark_scale_factor = 1 + (unsigned)pick(3000);
		break;
	case 2:
		sc.watermark_boost_factor = (unsigned)pick(30001);
		break;
	case 3:
		sc.lowmem_reserve_ratio[pick(MM_MAX_ZONES)] = 1 + (unsigned)pick(512);
		break;
	case 4:
		sc.extfrag_threshold = (unsigned)pick(1001);
		break;
	default:
		sc.compaction_proactiveness = (unsigned)pick(101);
		break;
	}
	/* a value the era refuses is refused whole: the machine stays */
	if (mm_set_sysctl(s->m, &sc, err, sizeof(err)))
		s->sysctl_changes++;
}

static void
op_rare(struct soak *s)
{
	unsigned nz = mm_nr_zones(s->m), max = mm_max_order(s->m);

	s->rare++;
	switch (pick(16)) {
	case 0:
		mm_kswapd_wake(s->m, (unsigned)pick(max + 1));
		mm_kswapd_run(s->m, 1000);
		break;
	case 1: {
		struct reclaim_result r;

		mm_direct_reclaim(s->m, (int)pick(nz), 32, &r);
		break;
	}
	case 2:
		mm_compact_zone(s->m, (unsigned)pick(nz), (int)pick(max + 2) - 1,
				(enum compact_priority)pick(3), NULL);
		break;
	case 3:
		mm_proactive_compact(s->m);
		break;
	case 4:
		mm_kcompactd_run(s->m);
		break;
	case 5:
		mm_drop_caches(s->m, (int)pick(3) + 1);
		break;
	case 6:
		if (s->h.n)
			mm_set_dirty(s->m, s->h.pfn[pick(s->h.n)], pick(2), NULL,
				     0);
		break;
	case 7: {
		struct oom_result o;

		mm_out_of_memory(s->m, &o);
		break;
	}
	case 8: {
		long freed;

		mm_task_exit(s->m, s->tasks[pick(3)], &freed);
		break;
	}
	case 9:
		mm_set_pcp(s->m, !mm_pcp_enabled(s->m));
		break;
	case 10:
		mm_drain_pcp(s->m);
		break;
	case 11:
		mm_unreserve_highatomic(s->m, (int)pick(nz),
					(enum migratetype)pick(3), pick(2));
		break;
	case 12:
	case 13:
		op_sysctl(s);
		break;
	case 14:
		mm_compact_memory(s->m);
		break;
	default:
		/* an era change: `era` rebuilds the machine in the other era */
		if (pick(16) == 0) {
			s->cfg.era = s->cfg.era == ERA_6_12 ? ERA_4_19 : ERA_6_12;
			boot(s);
			s->era_changes++;
		}
		break;
	}
}

static void
config(struct soak *s, unsigned which)
{
	struct machine_config *c = &s->cfg;
	enum kernel_era era = c->era;

	mm_config_init(c);
	c->era = era;
	switch (which % 4) {
	case 0:
		c->nr_zones = 1;
		c->zones[0].type = ZONE_NORMAL;
		c->zones[0].spanned = 4096;
		break;
	case 1:
		c->nr_cpus = 2;
		c->start_pfn = 1;
		c->nr_zones = 3;
		c->zones[0].type = ZONE_DMA;
		c->zones[0].spanned = 4095;
		c->zones[1].type = ZONE_DMA32;
		c->zones[1].spanned = 4096;
		c->zones[2].type = ZONE_NORMAL;
		c->zones[2].spanned = 4096;
		break;
	case 2:
		c->nr_zones = 1;
		c->zones[0].type = ZONE_NORMAL;
		c->zones[0].spanned = 1024;
		break;
	default:
		c->highmem_arch = true;
		c->nr_zones = 3;
		c->zones[0].type = ZONE_DMA;
		c->zones[0].spanned = 4096;
		c->zones[1].type = ZONE_NORMAL;
		c->zones[1].spanned = 4096;
		c->zones[2].type = ZONE_HIGHMEM;
		c->zones[2].spanned = 4096;
		break;
	}
}

int
main(int argc, char **argv)
{
	struct soak s;
	long ops, every = 100;
	struct timespec t0, t1;
	double secs;

	memset(&s, 0, sizeof(s));
	s.seed = 1;
	ops = getenv("BS_VALGRIND") ? 500000 : 10000000;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--ops") == 0)
			ops = strtol(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "--seed") == 0)
			s.seed = strtoull(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "--check-every") == 0)
			every = strtol(argv[i + 1], NULL, 0);
	}
	if (ops < 1 || every < 1 || !s.seed) {
		fprintf(stderr, "usage: test_soak [--ops N>0] [--seed S>0] "
			"[--check-every K>0]\n");
		return 2;
	}
	rng_state = s.seed;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* four machines, a quarter of the operations each */
	for (unsigned mc = 0; mc < 4; mc++) {
		long end = ops / 4 * (mc + 1) + (mc == 3 ? ops % 4 : 0);

		config(&s, mc);
		s.cfg.era = mc & 1 ? ERA_4_19 : ERA_6_12;
		boot(&s);
		for (; s.op < end; s.op++) {
			uint64_t r = pick(1000);

			if (r < 8)
				op_rare(&s);
			else if (s.h.n && r < 8 + 460)
				op_free(&s);
			else
				op_alloc(&s);
			if ((s.op + 1) % every == 0)
				check(&s);
		}
		check(&s);
		printf("# machine %u (%llu pages, era %s at the end): %lu blocks "
		       "held\n", mc, (unsigned long long)(mm_end_pfn(s.m) - mm_start_pfn(s.m)), era_rules(mm_era(s.m))->name,
		       (unsigned long)s.h.n);
		mm_destroy(s.m);
		s.m = NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("ok 1 - soak: %ld operations, seed %llu, %lu invariant checks "
	       "(every %ld), %.1f s\n", ops, (unsigned long long)s.seed,
	       s.checks, every, secs);
	printf("# allocations %lu (%lu succeeded), frees %lu, other %lu "
	       "(sysctl changes %lu, era changes %lu)\n", s.allocs, s.allocs_ok,
	       s.frees, s.rare, s.sysctl_changes, s.era_changes);
	printf("1..1\n");
	free(s.h.pfn);
	free(s.h.pos);
	return 0;
}
