/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workload.c - the workloads of workload.h.
 *
 * The mixes are tables: each step frees one of the workload's own live
 * allocations (with probability free_pct while it has some) or makes a new
 * one whose kind (GFP type flag, extra bits, order range) is drawn by
 * weight from the mix.  Every draw comes from one splitmix64 stream
 * seeded by the workload's seed, so runs are reproducible.
 *
 * The fragmenter reproduces the classic demonstration of external
 * fragmentation: it fills all memory with order-0 movable pages as a
 * PF_MEMALLOC task (so even the reserves below min are taken), then in
 * every pageblock it frees one page at a random offset and at once
 * allocates one unmovable GFP_KERNEL page, which can only land in that
 * hole, and finally frees the fill.  Each pageblock is left with one
 * pinned unmovable page (pin1, pin2, ...), so no free block of
 * pageblock_order or more survives although nearly all memory is free.
 */
#include "workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mix_kind {
	unsigned weight;
	enum gfp_type type;
	gfp_t extra;
	unsigned min_order, max_order;	/* max_order 99: pageblock_order */
};

struct mix {
	const char *name;
	unsigned free_pct;
	struct mix_kind kinds[6];
};

#define PB_ORDER 99

static const struct mix mixes[] = {
	{ "random", 45, {
		{ 30, GFPT_KERNEL, 0, 0, 3 },
		{ 35, GFPT_HIGHUSER_MOVABLE, 0, 0, 0 },
		{ 15, GFPT_KERNEL, GFPF_RECLAIMABLE, 0, 1 },
		{ 10, GFPT_ATOMIC, 0, 0, 3 },
		{ 5, GFPT_NOWAIT, 0, 0, 2 },
		{ 5, GFPT_TRANSHUGE_LIGHT, 0, PB_ORDER, PB_ORDER },
	} },
	{ "kernel", 45, {
		{ 50, GFPT_KERNEL, 0, 0, 3 },
		{ 30, GFPT_KERNEL, GFPF_RECLAIMABLE, 0, 1 },
		{ 20, GFPT_ATOMIC, 0, 0, 2 },
	} },
	{ "user", 40, {
		{ 85, GFPT_HIGHUSER_MOVABLE, 0, 0, 0 },
		{ 10, GFPT_USER, GFPF_MOVABLE, 0, 2 },
		{ 5, GFPT_TRANSHUGE_LIGHT, 0, PB_ORDER, PB_ORDER },
	} },
};

const struct workload_desc workloads[] = {
	{ "random", "a mix of kernel, user, reclaimable, atomic and THP "
		    "allocations, and frees", 1000 },
	{ "kernel", "unmovable and reclaimable kernel allocations of "
		    "orders 0-3, and frees", 1000 },
	{ "user", "movable user pages and some THPs, and frees", 1000 },
	{ "fragment", "pin one unmovable page in every pageblock (steps = "
		      "how many pageblocks at most)", 0 },
};

const unsigned workloads_len = sizeof(workloads) / sizeof(workloads[0]);

const struct workload_desc *
workload_find(const char *name)
{
	for (unsigned i = 0; i < workloads_len; i++)
		if (strcasecmp(workloads[i].name, name) == 0)
			return &workloads[i];
	return NULL;
}

/* A handle name from prefix and counter that nothing uses yet. */
static void
next_name(struct sess_state *st, const char *prefix, uint64_t *counter,
	  char *name, size_t len)
{
	do
		snprintf(name, len, "%s%llu", prefix,
			 (unsigned long long)(*counter)++);
	while (handle_find(st, name));
}

static uint64_t
below(uint64_t *rng, uint64_t n)
{
	return n ? rng_next(rng) % n : 0;
}

static bool
run_mix(struct session *s, const struct mix *mx, unsigned long steps,
	uint64_t seed, struct strbuf *out, char *err, size_t errlen)
{
	struct machine *m = s->m;
	enum kernel_era era = mm_era(m);
	unsigned pb = mm_pageblock_order(m), max = mm_max_order(m);
	unsigned long allocs = 0, failed = 0, frees = 0;
	unsigned total = 0;
	uint64_t rng = seed;

	for (unsigned i = 0; i < 6; i++)
		total += mx->kinds[i].weight;
	for (unsigned long step = 0; step < steps; step++) {
		if (s->st.nwl && below(&rng, 100) < mx->free_pct) {
			struct handle *h = &s->st.handles.v[s->st.wl[below(&rng,
							     s->st.nwl)]];

			if (!mm_free_pages(m, h->pfn, err, errlen))
				return false;	/* cannot happen: our own block */
			handle_remove(&s->st, h);
			frees++;
			continue;
		}
		{
			unsigned pick = (unsigned)below(&rng, total), i = 0;
			const struct mix_kind *k;
			struct alloc_request req;
			struct alloc_result res;
			unsigned lo, hi;
			char name[HANDLE_NAME_MAX];

			while (pick >= mx->kinds[i].weight)
				pick -= mx->kinds[i++].weight;
			k = &mx->kinds[i];
			lo = k->min_order == PB_ORDER ? pb : k->min_order;
			hi = k->max_order == PB_ORDER ? pb : k->max_order;
			if (hi > max)
				hi = max;
			if (lo > hi)
				lo = hi;
			mm_request_init(m, &req, lo + (unsigned)below(&rng, hi - lo + 1));
			req.gfp = gfp_type_flag(era, k->type) | k->extra;
			allocs++;
			if (!mm_alloc_pages(m, &req, &res)) {
				failed++;
				continue;
			}
			next_name(&s->st, "w", &s->st.next_wl, name, sizeof(name));
			if (!handle_add(&s->st, name, res.pfn, req.order, true)) {
				mm_free_pages(m, res.pfn, err, errlen);
				snprintf(err, errlen, "out of memory for handles");
				return false;
			}
		}
	}
	strbuf_addf(out, "workload %s, seed %llu: %lu steps, %lu allocations "
		    "(%lu failed), %lu frees; %u workload blocks live\n",
		    mx->name, (unsigned long long)seed, steps, allocs, failed,
		    frees, s->st.nwl);
	return true;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool
run_fragment(struct session *s, unsigned long max_blocks, uint64_t seed,
	     struct strbuf *out, char *err, size_t errlen)
{
	struct machine *m = s->m;
	enum kernel_era era = mm_era(m);
	unsigned pb = mm_pageblock_order(m);
	uint64_t *fill = NULL, rng = seed;
	size_t nfill = 0, cap = 0, i, j;
	unsigned long pinned = 0, failed = 0;
	struct alloc_request req;
	struct alloc_result res;
	char name[HANDLE_NAME_MAX];

	/* 1. Fill everything, reserves included. */
	mm_request_init(m, &req, 0);
	req.gfp = gfp_type_flag(era, GFPT_HIGHUSER_MOVABLE);
	req.ctx = CTX_MEMALLOC;
	req.owner = OWNER_PAGECACHE;
	req.owner_set = true;
	for (;;) {
		if (nfill == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint64_t *p = realloc(fill, ncap * sizeof(*p));

			if (!p)
				goto oom;
			fill = p;
			cap = ncap;
		}
		if (!mm_alloc_pages(m, &req, &res))
			break;
		fill[nfill++] = res.pfn;
	}
	qsort(fill, nfill, sizeof(*fill), cmp_u64);

	/* 2. One hole per pageblock, filled at once by an unmovable page. */
	for (i = 0; i < nfill && (!max_blocks || pinned + failed < max_blocks);
	     i = j) {
		size_t pick;

		for (j = i; j < nfill && fill[j] >> pb == fill[i] >> pb; j++)
			;
		pick = i + (size_t)below(&rng, j - i);
		if (!mm_free_pages(m, fill[pick], err, errlen))
			goto fail;
		fill[pick] = UINT64_MAX;	/* no longer ours */
		if (mm_pcp_enabled(m))
			mm_drain_pcp(m);
		mm_request_init(m, &req, 0);
		req.ctx = CTX_MEMALLOC;	/* the hole is below every watermark */
		req.owner = OWNER_KERNEL;
		req.owner_set = true;
		if (!mm_alloc_pages(m, &req, &res)) {
			failed++;
			continue;
		}
		next_name(&s->st, "pin", &s->st.next_pin, name, sizeof(name));
		if (!handle_add(&s->st, name, res.pfn, 0, false)) {
			mm_free_pages(m, res.pfn, err, errlen);
			goto oom;
		}
		pinned++;
	}

	/* 3. Free the fill. */
	for (i = 0; i < nfill; i++)
		if (fill[i] != UINT64_MAX && !mm_free_pages(m, fill[i], err, errlen))
			goto fail;
	free(fill);
	strbuf_addf(out, "workload fragment, seed %llu: filled %zu pages, pinned "
		    "%lu unmovable pages one per pageblock (pin*), %lu could "
		    "not be pinned; the fill is free again\n",
		    (unsigned long long)seed, nfill, pinned, failed);
	return true;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	/* Give the fill back so the machine is as consistent as we can. */
	for (i = 0; i < nfill; i++)
		if (fill[i] != UINT64_MAX) {
			char msg[128];

			mm_free_pages(m, fill[i], msg, sizeof(msg));
		}
	free(fill);
	return false;
}

bool
workload_run(struct session *s, const struct workload_desc *w,
	     unsigned long steps, uint64_t seed, struct strbuf *out, char *err,
	     size_t errlen)
{
	if (strcmp(w->name, "fragment") == 0)
		return run_fragment(s, steps, seed,
				    out, err, errlen);
	for (size_t i = 0; i < sizeof(mixes) / sizeof(mixes[0]); i++)
		if (strcmp(mixes[i].name, w->name) == 0)
			return run_mix(s, &mixes[i], steps, seed, out, err, errlen);
	snprintf(err, errlen, "workload %s has no generator", w->name);
	return false;
}
