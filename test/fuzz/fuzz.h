/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz.h - what the libFuzzer targets of test/fuzz share.
 *
 * Each target is one program with LLVMFuzzerTestOneInput() (built with
 * meson -Dfuzz=true and CC=clang, see meson.build); each input is run
 * from a fresh state, so a crash reproduces from its input file alone.
 * A target aborts (a finding) when the code under test breaks a promise
 * it makes: a machine that fails mm_check(), a refused input without a
 * message, a message with a NUL-less buffer.
 *
 * Commands that reach outside the process are not fuzzed through the
 * command and script targets: capture (writes tracefs as root), watch
 * (samples the live /proc with sleeps) and source/import/replay (open
 * arbitrary paths, /dev/stdin among them).  import and replay have their
 * own targets on their parsers; source is the script target itself.
 */
#ifndef BUDDYSCOPE_FUZZ_H
#define BUDDYSCOPE_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: print what broke and abort, so libFuzzer saves the input. */
static inline void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, detail ? detail : "");
	abort();
}

/* False for a line that names a command the targets leave out. */
static inline bool
fuzz_line_allowed(const char *line, size_t len)
{
	static const char *const out[] = {
		"capture", "watch", "source", ".", "import", "replay",
	};
	struct tokens t = TOKENS_INIT;
	char err[256];
	bool ok = true;

	if (tokenize(&t, line, len, err, sizeof(err)) && t.argc) {
		for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
			if (word_eq(t.argv[0], out[i]))
				ok = false;
	}
	tokens_release(&t);
	return ok;
}

/* Every line of data allowed (see above). */
static inline bool
fuzz_all_lines_allowed(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!fuzz_line_allowed(p, n))
			return false;
		p += n + 1;
	}
	return true;
}

static inline void
fuzz_discard(void *data, const char *text, size_t len)
{
	(void)data;
	(void)text;
	(void)len;
}

/* A session on the "small" machine (4096 pages: inputs that want a big
 * one say `machine NAME`) whose output goes nowhere. */
static inline struct session *
fuzz_session(bool keep_going)
{
	struct session_options o;
	struct session_io io = { .out = fuzz_discard, .err = fuzz_discard,
				 .keep_going = keep_going };
	struct session *s;
	char err[512];

	session_options_init(&o);
	o.undo_depth = 4;
	o.preset = "small";
	/* libFuzzer stops at 2 GiB: a machine of a few hundred million
	 * pages is refused with its message instead */
	o.machine_bytes_max = 256u << 20;
	s = session_create(&o, err, sizeof(err));
	if (!s)
		fuzz_fail("session_create", err);
	session_set_io(s, &io);
	return s;
}

#endif
