/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_kpageflags.c - libFuzzer target for the kpageflags reader: the
 * input is /proc/kpageflags (8-byte little-endian words from PFN 0), laid
 * over the zones of test/data/import/full (DMA 4095 pages from PFN 1,
 * Normal 8192), and built with mm_import_create() as `import` does.  A
 * machine that comes back must pass mm_check(); a refusal needs a message.
 */
#include "fuzz.h"
#include "import.h"
#include "mm.h"
#include "procimport.h"
#include "readfile.h"

static struct mm_import base;

static void
load(const char *file, bool (*fn)(struct mm_import *, const char *,
				  const char *, size_t, int,
				  struct procimport_nodes *, char *, size_t))
{
	char path[4096], err[512];
	struct procimport_nodes nodes = { 0 };
	char *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", FUZZ_IMPORT_DIR, file);
	if (!readfile_all(path, &text, &len, 0, err, sizeof(err)) ||
	    !fn(&base, path, text, len, 0, &nodes, err, sizeof(err)))
		fuzz_fail("seed machine", err);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct mm_import_report rep;
	struct machine *m;
	uint64_t *kpf;
	size_t n = size / 8;
	char msg[512];

	if (!ready) {
		mm_import_init(&base);
		load("zoneinfo", procimport_zoneinfo);
		load("buddyinfo", procimport_buddyinfo);
		load("pagetypeinfo", procimport_pagetypeinfo);
		ready = true;
	}
	kpf = malloc(n ? n * 8 : 8);
	if (!kpf)
		return 0;
	memcpy(kpf, data, n * 8);
	msg[0] = '\0';
	m = mm_import_create(&base, kpf, n, &rep, msg, sizeof(msg));
	free(kpf);
	if (m) {
		if (!mm_check(m, msg, sizeof(msg)))
			fuzz_fail("imported machine fails mm_check", msg);
		mm_destroy(m);
	} else if (!msg[0]) {
		fuzz_fail("mm_import_create refused without a message", NULL);
	}
	return 0;
}
