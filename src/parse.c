/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse.c - the tokenizer and the value parsers of parse.h.
 *
 * The tokenizer works in one pass over the line and writes the words,
 * each NUL-terminated, into a buffer of twice the line's length (a word
 * never grows, and each adds at most one NUL), so it allocates only when a
 * longer line than any before arrives.  That keeps batch runs fast.
 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
tokens_release(struct tokens *t)
{
	free(t->buf);
	free(t->argv);
	t->buf = NULL;
	t->argv = NULL;
	t->cap = 0;
	t->argc = 0;
	t->argv_cap = 0;
	t->call = false;
}

static bool
tokens_push(struct tokens *t, char *word)
{
	if (t->argc + 1 >= t->argv_cap) {
		unsigned cap = t->argv_cap ? t->argv_cap * 2 : 16;
		char **p = realloc(t->argv, cap * sizeof(*p));

		if (!p)
			return false;
		t->argv = p;
		t->argv_cap = cap;
	}
	t->argv[t->argc++] = word;
	t->argv[t->argc] = NULL;
	return true;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static bool
is_ident(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' ||
	       (!first && isdigit((unsigned char)c));
}

/*
 * Split the plain part of a line (from *pos to len) into words, appending
 * them to t; w is where the next word's bytes go in t->buf.
 */
static bool
split_words(struct tokens *t, const char *line, size_t pos, size_t len,
	    char *w, char *err, size_t errlen)
{
	while (pos < len) {
		char *word;
		bool any = false;

		while (pos < len && is_blank(line[pos]))
			pos++;
		if (pos >= len || line[pos] == '#')
			break;
		word = w;
		while (pos < len && !is_blank(line[pos])) {
			char q = line[pos];

			if (q == '"' || q == '\'') {
				size_t start = pos++;

				while (pos < len && line[pos] != q) {
					if (q == '"' && line[pos] == '\\' &&
					    pos + 1 < len &&
					    (line[pos + 1] == '"' ||
					     line[pos + 1] == '\\'))
						pos++;
					*w++ = line[pos++];
				}
				if (pos >= len) {
					snprintf(err, errlen,
						 "unterminated %s quote starting at column %zu",
						 q == '"' ? "double" : "single",
						 start + 1);
					return false;
				}
				pos++;
				any = true;
				continue;
			}
			*w++ = line[pos++];
			any = true;
		}
		*w++ = '\0';
		if (any && !tokens_push(t, word)) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
	}
	return true;
}

/*
 * name(arg, arg, ...) [rest]: the kernel's call spelling.  Arguments are
 * split at top-level commas and trimmed; the rest of the line after ')'
 * (and an optional ';') is split as plain words.
 */
static bool
split_call(struct tokens *t, const char *line, size_t pos, size_t len,
	   char *w, char *err, size_t errlen)
{
	size_t start = pos;
	int depth = 0;

	while (pos < len && is_ident(line[pos], pos == start))
		*w++ = line[pos++];
	*w++ = '\0';
	if (!tokens_push(t, t->buf)) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	pos++;			/* '(' */
	for (;;) {
		char *arg = w, *end;

		while (pos < len && is_blank(line[pos]))
			pos++;
		while (pos < len && (depth > 0 ||
				     (line[pos] != ',' && line[pos] != ')'))) {
			if (line[pos] == '(')
				depth++;
			else if (line[pos] == ')')
				depth--;
			*w++ = line[pos++];
		}
		if (pos >= len) {
			snprintf(err, errlen,
				 "missing ')' after the arguments of %s()",
				 t->argv[0]);
			return false;
		}
		end = w;
		while (end > arg && is_blank(end[-1]))
			end--;
		*end = '\0';
		w = end + 1;
		if (end == arg) {
			if (line[pos] == ')' && t->argc == 1) {
				pos++;
				break;	/* name() */
			}
			snprintf(err, errlen, "empty argument %u in %s()",
				 t->argc, t->argv[0]);
			return false;
		}
		if (!tokens_push(t, arg)) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
		if (line[pos++] == ')')
			break;
	}
	while (pos < len && is_blank(line[pos]))
		pos++;
	if (pos < len && line[pos] == ';')
		pos++;
	t->call = true;
	return split_words(t, line, pos, len, w, err, errlen);
}

bool
tokenize(struct tokens *t, const char *line, size_t len, char *err,
	 size_t errlen)
{
	size_t pos = 0, need;

	t->argc = 0;
	t->call = false;
	if (memchr(line, '\0', len)) {
		snprintf(err, errlen,
			 "the line contains a NUL byte (binary input?)");
		return false;
	}
	if (len > SIZE_MAX / 2 - 2) {
		snprintf(err, errlen, "the line is too long");
		return false;
	}
	need = 2 * len + 2;
	if (need > t->cap) {
		char *p = realloc(t->buf, need);

		if (!p) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
		t->buf = p;
		t->cap = need;
	}
	if (!t->argv && !tokens_push(t, NULL)) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	t->argc = 0;
	while (pos < len && is_blank(line[pos]))
		pos++;
	if (pos < len && is_ident(line[pos], true)) {
		size_t p = pos;

		while (p < len && is_ident(line[p], false))
			p++;
		if (p < len && line[p] == '(')
			return split_call(t, line, pos, len, t->buf, err,
					  errlen);
	}
	return split_words(t, line, pos, len, t->buf, err, errlen);
}

const char *
parse_quote(const char *word, char *buf, size_t len)
{
	size_t o = 0;

	if (len < 8) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
		if (o + 8 >= len || o >= 48) {
			memcpy(buf + o, "...", 4);
			return buf;
		}
		if (*p >= 0x20 && *p < 0x7f)
			buf[o++] = (char)*p;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", *p);
	}
	buf[o] = '\0';
	return buf;
}

bool
parse_u64(const char *word, uint64_t *out, char *err, size_t errlen)
{
	char q[64];
	const char *p = word;
	uint64_t v = 0;
	unsigned base = 10;
	bool any = false;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			goto bad;
		if (v > (UINT64_MAX - d) / base) {
			snprintf(err, errlen, "'%s' is too large",
				 parse_quote(word, q, sizeof(q)));
			return false;
		}
		v = v * base + d;
		any = true;
	}
	if (!any)
		goto bad;
	*out = v;
	return true;
bad:
	snprintf(err, errlen,
		 "'%s' is not a number (expected decimal or 0x hex)",
		 parse_quote(word, q, sizeof(q)));
	return false;
}

bool
parse_ulong_range(const char *word, const char *what, unsigned long lo,
		  unsigned long hi, unsigned long *out, char *err,
		  size_t errlen)
{
	char q[64];
	uint64_t v;

	if (!parse_u64(word, &v, err, errlen)) {
		snprintf(err, errlen,
			 "bad %s '%s': expected a number %lu..%lu", what,
			 parse_quote(word, q, sizeof(q)), lo, hi);
		return false;
	}
	if (v < lo || v > hi) {
		snprintf(err, errlen, "%s %s is out of range: expected %lu..%lu",
			 what, parse_quote(word, q, sizeof(q)), lo, hi);
		return false;
	}
	*out = (unsigned long)v;
	return true;
}

bool
parse_long(const char *word, long *out, char *err, size_t errlen)
{
	char q[64];
	char *end;
	long v;

	errno = 0;
	v = strtol(word, &end, 10);
	if (end == word || *end || isspace((unsigned char)word[0])) {
		snprintf(err, errlen, "'%s' is not a decimal number",
			 parse_quote(word, q, sizeof(q)));
		return false;
	}
	if (errno == ERANGE) {
		snprintf(err, errlen, "'%s' is out of range",
			 parse_quote(word, q, sizeof(q)));
		return false;
	}
	*out = v;
	return true;
}

bool
parse_pages(const char *word, uint64_t *out, char *err, size_t errlen)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = {
		{ "k", 10 }, { "kib", 10 }, { "m", 20 }, { "mib", 20 },
		{ "g", 30 }, { "gib", 30 }, { "t", 40 }, { "tib", 40 },
	};
	char q[64], num[32];
	size_t n = 0;
	uint64_t v;

	if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X'))
		return parse_u64(word, out, err, errlen);
	while (isdigit((unsigned char)word[n]))
		n++;
	if (n == 0 || n >= sizeof(num) || word[n] == '\0')
		return parse_u64(word, out, err, errlen);
	memcpy(num, word, n);
	num[n] = '\0';
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t bytes;

		if (strcasecmp(word + n, units[i].suffix) != 0)
			continue;
		if (!parse_u64(num, &v, err, errlen))
			return false;
		if (v > (UINT64_MAX >> units[i].shift)) {
			snprintf(err, errlen, "'%s' is too large",
				 parse_quote(word, q, sizeof(q)));
			return false;
		}
		bytes = v << units[i].shift;
		if (bytes % 4096) {
			snprintf(err, errlen,
				 "'%s' is not a whole number of 4 KiB pages",
				 parse_quote(word, q, sizeof(q)));
			return false;
		}
		*out = bytes / 4096;
		return true;
	}
	snprintf(err, errlen,
		 "bad size '%s': expected pages, or a size like 64M or 4GiB",
		 parse_quote(word, q, sizeof(q)));
	return false;
}

bool
parse_keyval(char *word, char **key, char **val)
{
	char *eq = strchr(word, '=');

	if (!eq || eq == word)
		return false;
	*eq = '\0';
	*key = word;
	*val = eq + 1;
	return true;
}

bool
parse_handle_name(const char *word, char *err, size_t errlen)
{
	char q[64];
	size_t n = strlen(word);

	if (n == 0 || n > 31 || !is_ident(word[0], true))
		goto bad;
	for (size_t i = 1; i < n; i++) {
		char c = word[i];

		if (!is_ident(c, false) && c != '.' && c != '-')
			goto bad;
	}
	return true;
bad:
	snprintf(err, errlen,
		 "bad handle name '%s': expected a letter or '_' then letters, digits, '_', '.' or '-' (at most 31)",
		 parse_quote(word, q, sizeof(q)));
	return false;
}

bool
word_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}
