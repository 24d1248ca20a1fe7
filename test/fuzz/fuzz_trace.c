/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_trace.c - libFuzzer target for the trace parser: each line of the
 * input goes through replay_parse_line() (tracefs, trace-cmd and perf
 * layouts), and each event it yields is applied with mm_trace_apply() to
 * a small machine (DMA 4096 + DMA32 12288 pages, 2 CPUs), strict for
 * odd lines and adopting for even ones.  The model promises to stay
 * consistent either way: mm_check() must hold after every event.  A
 * malformed event line must come with a message.
 */
#include "fuzz.h"
#include "kmemtrace.h"
#include "mm.h"
#include "replay.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct machine_config cfg;
	struct machine *m;
	unsigned lineno = 0;
	char err[512];

	mm_config_init(&cfg);
	cfg.nr_cpus = 2;
	cfg.nr_zones = 2;
	cfg.zones[0].type = ZONE_DMA;
	cfg.zones[0].spanned = 4096;
	cfg.zones[1].type = ZONE_DMA32;
	cfg.zones[1].spanned = 12288;
	m = mm_create(&cfg, err, sizeof(err));
	if (!m)
		fuzz_fail("mm_create", err);
	while (p < end && lineno < 256) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct mm_trace_event ev;
		int r;

		lineno++;
		err[0] = '\0';
		r = replay_parse_line(p, n, &ev, err, sizeof(err));
		if (r < 0 && !err[0])
			fuzz_fail("malformed line without a message", NULL);
		if (r > 0) {
			mm_trace_apply(m, &ev, lineno & 1, NULL);
			if (!mm_check(m, err, sizeof(err)))
				fuzz_fail("machine fails mm_check after an event",
					  err);
		}
		p += n + 1;
	}
	mm_destroy(m);
	return 0;
}
