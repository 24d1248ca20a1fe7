/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_ui.c - the benchmark of issue 5: what a frame of the screen costs
 * to compute on a 16 GiB machine (x86-64-16g: 4194304 pages), and what one
 * step of an animation costs.
 *
 * A frame is ui_snap_take() (the model snapshot: zone queries, free list
 * heads, fragmentation indices and the block walk over the map's view)
 * plus ui_compose() (every cell of the frame); no curses is involved, as
 * the blit is curses' own work.  An animation step recomputes the frame
 * from the cached snapshot with the next event highlighted: ui_compose()
 * alone.  Each is measured in three machine states and at 80x24 and
 * 240x70 (auto-fit: the map shows the whole Normal zone):
 *
 *   boot        every page free in blocks of order 10 (3072 blocks to walk)
 *   half        random order-0..3 allocations, then half of them freed
 *   worst       every page of the machine allocated as order 0, then every
 *               other page freed: 4194304 blocks of order 0, the most the
 *               walk can meet
 *
 * Medians of RUNS runs, in milliseconds; targets: frame <= 10 ms,
 * animation step <= 2 ms.  Usage: bench-ui [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "anim.h"
#include "compose.h"
#include "mm.h"
#include "preset.h"
#include "snap.h"
#include "state.h"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static struct machine *
machine_16g(void)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	preset_config(preset_find("x86-64-16g"), ERA_6_12, &cfg);
	m = mm_create(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench-ui: %s\n", err);
		exit(1);
	}
	return m;
}

/* Allocate orders 0..max_order until nothing is left; free every other
 * page (or a random half of the blocks). */
static void
fill(struct machine *m, unsigned max_order, bool every_other)
{
	size_t cap = 1 << 23, n = 0;
	uint64_t *held = malloc(cap * sizeof(*held));
	struct alloc_request req;
	struct alloc_result res;
	char err[128];

	for (;;) {
		unsigned o = max_order ? (unsigned)(next() % (max_order + 1)) : 0;

		mm_request_init(m, &req, o);
		req.ctx = CTX_MEMALLOC;	/* no watermarks: take every page */
		if (!mm_alloc_pages(m, &req, &res) || n == cap)
			break;
		held[n++] = res.pfn;
	}
	for (size_t i = 0; i < n; i++)
		if (every_other ? (held[i] & 1) : (next() & 1))
			mm_free_pages(m, held[i], err, sizeof(err));
	free(held);
}

struct result {
	double frame, step;
};

static void
log_event(const struct mm_event *ev, void *data)
{
	ui_log_event(data, ev);
}

static struct result
measure(struct machine *m, int w, int h, int runs)
{
	struct ui_state st;
	struct ui_snap sn = { 0 }, before = { 0 };
	struct ui_frame f = { 0 };
	double *tf = calloc((size_t)runs, sizeof(double));
	double *ts = calloc((size_t)runs, sizeof(double));
	struct mm_event ev = { 0 };
	struct result r;
	unsigned ncells;

	ui_state_init(&st);
	ui_layout_compute(&st.lay, w, h, false, mm_max_order(m), 3);
	ncells = (unsigned)st.lay.map_cols * (unsigned)st.lay.map_rows;
	ui_view_fit(m, ui_default_zone(m), ncells, &st.view);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();

		ui_snap_take(&sn, m, &st.view);
		st.cur_valid = mm_page_info(m, st.cursor_pfn, &st.cur_pi);
		ui_compose(&f, &st, &sn, 0);
		tf[i] = now_ms() - t0;
	}
	/*
	 * An animation as after a command: an order-3 page allocated and
	 * freed with its events logged (splits, then merges), its
	 * in-between states prepared (anim.h).  A step applies the next
	 * event and composes the frame; the first step of each round also
	 * prepares the states again.
	 */
	{
		struct alloc_request req;
		struct alloc_result res;
		char err[128];

		mm_request_init(m, &req, 3);
		req.ctx = CTX_MEMALLOC;	/* also on the full machine */
		before = sn;
		memset(&sn, 0, sizeof(sn));
		ui_snap_take(&before, m, &st.view);
		mm_set_listener(m, log_event, &st);
		if (mm_alloc_pages(m, &req, &res))
			mm_free_pages(m, res.pfn, err, sizeof(err));
		mm_set_listener(m, NULL, NULL);
		ui_snap_take(&sn, m, &st.view);
	}
	if (st.log_total == 0)
		ui_log_event(&st, &ev);	/* nothing to animate: compose only */
	st.anim_active = true;
	st.anim_end = st.log_total;
	for (int i = 0; i < runs; i++) {
		double t0;

		st.anim_pos = (uint64_t)i % st.log_total;
		t0 = now_ms();
		if (st.anim_pos == 0)
			ui_anim_prepare(&st, &before, &sn, 0, st.log_total);
		ui_anim_advance(&st, &sn.view, sn.max_order, st.anim_pos);
		ui_compose(&f, &st, &sn, 1.0);
		ts[i] = now_ms() - t0;
	}
	qsort(tf, (size_t)runs, sizeof(double), cmp);
	qsort(ts, (size_t)runs, sizeof(double), cmp);
	r.frame = tf[runs / 2];
	r.step = ts[runs / 2];
	free(tf);
	free(ts);
	ui_frame_free(&f);
	ui_snap_free(&sn);
	ui_snap_free(&before);
	ui_state_free(&st);
	return r;
}

int
main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	static const char *const states[] = { "boot", "half", "worst" };
	static const int sizes[][2] = { { 80, 24 }, { 240, 70 } };
	bool pass = true;

	if (runs < 1)
		runs = 1;
	printf("| state | screen | frame (ms) | target | animation step (ms) | target |\n");
	printf("|---|---|---:|---:|---:|---:|\n");
	for (int s = 0; s < 3; s++) {
		struct machine *m = machine_16g();

		if (s == 1)
			fill(m, 3, false);
		else if (s == 2)
			fill(m, 0, true);
		for (int z = 0; z < 2; z++) {
			struct result r = measure(m, sizes[z][0], sizes[z][1], runs);
			bool ok = r.frame <= 10.0 && r.step <= 2.0;

			pass = pass && ok;
			printf("| %s | %dx%d | %.2f | <= 10 | %.3f | <= 2 |\n",
			       states[s], sizes[z][0], sizes[z][1], r.frame, r.step);
		}
		mm_destroy(m);
	}
	printf("\nmedians of %d runs; %s\n", runs, pass ? "all targets met" :
	       "TARGETS MISSED");
	return 0;
}
