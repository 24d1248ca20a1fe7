/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_script.c - libFuzzer target for the script loader: the input is a
 * script file, run by script_run_stream() as --batch --keep-going runs
 * one (getline, line numbers, error reports, expect counting).
 */
#include "fuzz.h"
#include "script.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s;
	FILE *f;

	if (!size || !fuzz_all_lines_allowed(data, size))
		return -1;
	f = fmemopen((void *)(uintptr_t)data, size, "r");
	if (!f)
		return 0;
	s = fuzz_session(true);
	script_run_stream(s, f, "fuzz.bs");
	fclose(f);
	session_destroy(s);
	return 0;
}
