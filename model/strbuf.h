/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strbuf.h - a growable text buffer.
 *
 * The model never prints: text it produces (the /proc files, trace lines,
 * explanations) is appended to a struct strbuf that the caller owns and
 * prints.  The buffer is always NUL-terminated.  If memory runs out the
 * buffer keeps what it had and sets `failed`; appends after that do
 * nothing, so callers check once at the end.
 */
#ifndef BUDDYSCOPE_STRBUF_H
#define BUDDYSCOPE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool failed;
};

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* printf-style append. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
/* The text so far ("" when empty). */
const char *strbuf_str(const struct strbuf *sb);

#endif
