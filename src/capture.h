/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture.h - saving a real machine's allocator state into a directory
 * that import and replay read back: buddyinfo, zoneinfo, pagetypeinfo
 * (if readable), kpageflags.gz (if readable: root) and, given SECONDS and
 * a writable tracefs (root), trace.txt.gz with the kmem page events of
 * that many seconds.  Every file is written atomically (temp + rename).
 */
#ifndef BUDDYSCOPE_CAPTURE_H
#define BUDDYSCOPE_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "strbuf.h"

/* Capture from src (normally "/proc") into dir; what was saved and what
 * was skipped is appended to out. */
bool capture_run(const char *src, const char *dir, double seconds,
		 struct strbuf *out, char *err, size_t errlen);

enum exec_status cmd_exec_capture(struct cmd_ctx *c);

#endif
