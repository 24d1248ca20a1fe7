/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_proc.c - libFuzzer target for one /proc text parser, chosen at
 * build time: -DFUZZ_PROC=procimport_zoneinfo, procimport_buddyinfo or
 * procimport_pagetypeinfo (one program each, see meson.build).
 *
 * The input is the file's text.  A refusal must come with a
 * "NAME:LINE: ..." message.  What parses is then built into a machine
 * with mm_import_create() without kpageflags (the synthetic placement),
 * when the zones read span at most 2^20 pages (4 GiB, to keep each run
 * short; larger sizes are the same code with bigger loops); a machine
 * that comes back must pass mm_check().
 */
#include "fuzz.h"
#include "import.h"
#include "mm.h"
#include "procimport.h"

#ifndef FUZZ_PROC
#error "build with -DFUZZ_PROC=procimport_zoneinfo (or buddyinfo, pagetypeinfo)"
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procimport_nodes nodes = { 0 };
	struct mm_import imp;
	struct mm_import_report rep;
	struct machine *m;
	char err[512], msg[512];
	uint64_t span = 0;
	/* a copy: the parsers get a length, never a NUL */
	char *text = malloc(size ? size : 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	mm_import_init(&imp);
	err[0] = '\0';
	if (!FUZZ_PROC(&imp, "fuzz", text, size, 0, &nodes, err, sizeof(err))) {
		if (strncmp(err, "fuzz:", 5) != 0)
			fuzz_fail("refused without a fuzz:LINE: message", err);
		free(text);
		return 0;
	}
	free(text);
	for (unsigned z = 0; z < imp.nr_zones; z++) {
		uint64_t n = 0;

		if (imp.zones[z].have_span)
			n = imp.zones[z].spanned;
		else	/* sizes invented: twice the free pages */
			for (unsigned o = 0; o < MM_IMPORT_ORDERS; o++)
				n += ((uint64_t)imp.zones[z].nr_free[o] << o) * 2;
		span += n > (1u << 21) ? (1u << 21) : n;
	}
	if (!imp.nr_orders || span > (1u << 20))
		return 0;
	m = mm_import_create(&imp, NULL, 0, &rep, msg, sizeof(msg));
	if (m) {
		if (!mm_check(m, msg, sizeof(msg)))
			fuzz_fail("imported machine fails mm_check", msg);
		mm_destroy(m);
	} else if (!msg[0]) {
		fuzz_fail("mm_import_create refused without a message", NULL);
	}
	return 0;
}
