/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_session.c - issue 8's long-session benchmark: does a session
 * slow down or grow after a million commands?
 *
 * One session on the "small" machine (4096 pages: the machine's size is
 * not what is measured; undo depth 64, daemons auto) runs N commands (default 1,000,000) through
 * session_execute_line(), as the prompt would, from a fixed cycle of 24
 * that touches every kind of state the session keeps: named allocations
 * of orders 0..10 with several GFP types, count= batches, frees, frag,
 * sysctl changes, undo and redo, compaction, explain, where, kswapd, and
 * an error line.  Each cycle frees what it allocated, so the machine is
 * the same at every cycle start: any growth is the session's own.
 *
 * Per window of 10,000 commands it measures the mean CPU time per
 * command (the process's CPU clock, so other programs on the machine do
 * not blur it) and the heap in use (mallinfo2().uordblks: exact, unlike the RSS).  It
 * prints the first window, the last, and every tenth, then exits 1 if
 * the last window is more than 1.5x slower than the second (the first
 * pays the page faults) or holds more than 1 MiB more heap: a history,
 * log or table that is not a ring.
 *
 * Usage: bench-session [N]
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "strbuf.h"

#define WINDOW 10000

static const char *const cycle[] = {
	"alloc 3 GFP_KERNEL as a",
	"alloc 0 GFP_ATOMIC count=8 as b",
	"alloc 9 GFP_HIGHUSER_MOVABLE as c",
	"alloc 10 GFP_TRANSHUGE as d",
	"frag",
	"sysctl vm.watermark_scale_factor=20",
	"undo",
	"redo",
	"explain a",
	"where c",
	"free a",
	"free c",
	"free d",
	"free b.1", "free b.2", "free b.3", "free b.4",
	"free b.5", "free b.6", "free b.7", "free b.8",
	"compact",
	"bogus command",
	"sysctl vm.watermark_scale_factor=10",
};
#define CYCLE (sizeof(cycle) / sizeof(cycle[0]))

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct session_options o;
	struct strbuf out = STRBUF_INIT;
	struct session *s;
	char err[1024];
	double t0, us_second = 0, us_last = 0;
	size_t heap_second = 0, heap_last = 0;
	long windows;
	int status = 0;

	if (n < 3 * WINDOW) {
		fprintf(stderr, "usage: bench-session [N >= %d]\n", 3 * WINDOW);
		return 2;
	}
	windows = n / WINDOW;
	session_options_init(&o);
	o.preset = "small";
	s = session_create(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "bench-session: %s\n", err);
		return 3;
	}
	printf("| commands done | us/command (window of %d) | heap in use (KiB) |\n"
	       "|---:|---:|---:|\n", WINDOW);
	for (long w = 0; w < windows; w++) {
		double us;
		size_t heap;

		t0 = now();
		for (long i = 0; i < WINDOW; i++) {
			long k = w * WINDOW + i;
			const char *line = cycle[k % CYCLE];

			strbuf_reset(&out);
			session_execute_line(s, line, strlen(line), &out, err,
					     sizeof(err));
		}
		us = (now() - t0) / WINDOW * 1e6;
		heap = mallinfo2().uordblks;
		if (w == 1) {
			us_second = us;
			heap_second = heap;
		}
		us_last = us;
		heap_last = heap;
		if (w == 0 || w == 1 || (w + 1) % (windows / 10 ? windows / 10 : 1) == 0)
			printf("| %ld | %.2f | %zu |\n", (w + 1) * WINDOW, us,
			       heap / 1024);
	}
	printf("\nlast window / second: time x%.2f, heap %+ld KiB\n",
	       us_last / us_second, ((long)heap_last - (long)heap_second) / 1024);
	if (us_last > 1.5 * us_second) {
		printf("MISSED: the session slowed down\n");
		status = 1;
	}
	if (heap_last > heap_second + (1u << 20)) {
		printf("MISSED: the session's memory grew\n");
		status = 1;
	}
	strbuf_release(&out);
	session_destroy(s);
	return status;
}
