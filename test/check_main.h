/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_main.h - the common main() of the Check test programs: run one
 * suite, print TAP on stdout (meson reads it with protocol 'tap'), exit 1
 * if any test failed.
 */
#ifndef BUDDYSCOPE_CHECK_MAIN_H
#define BUDDYSCOPE_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int
check_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
