/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_command.c - libFuzzer target for the command parser: each line of
 * the input (at most 64) goes through session_execute_line() on a fresh
 * session, as the prompt would send it.  A command that fails must say
 * why: EXEC_ERROR with an empty message is a finding.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct strbuf out = STRBUF_INIT;
	struct session *s;
	unsigned lines = 0;

	if (!fuzz_all_lines_allowed(data, size))
		return -1;
	s = fuzz_session(false);
	while (p < end && lines++ < 64) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char err[1024];
		enum exec_status st;

		err[0] = '\0';
		strbuf_reset(&out);
		st = session_execute_line(s, p, n, &out, err, sizeof(err));
		if ((st == EXEC_ERROR || st == EXEC_EXPECT_FAILED) && !err[0])
			fuzz_fail("a command failed without a message", NULL);
		if (!memchr(err, '\0', sizeof(err)))
			fuzz_fail("message not terminated", NULL);
		if (st == EXEC_QUIT)
			break;
		p += n + 1;
	}
	strbuf_release(&out);
	session_destroy(s);
	return 0;
}
