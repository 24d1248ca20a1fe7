/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse.h - turning one command line into words, and words into values.
 *
 * A line is split into a struct tokens: words separated by blanks, with
 * "double" or 'single' quotes grouping blanks into one word and '#' at the
 * start of a word starting a comment.  The kernel's call spelling
 * `alloc_pages(GFP_KERNEL, 3)` is recognised first and split at its commas,
 * so `GFP_KERNEL | __GFP_ZERO` inside the parentheses stays one word.
 *
 *	"alloc 3 GFP_ATOMIC as buf   # comment"
 *	 -> argv = { "alloc", "3", "GFP_ATOMIC", "as", "buf" }, call = false
 *	"__free_pages(buf, 3);"
 *	 -> argv = { "__free_pages", "buf", "3" }, call = true
 *
 * The words point into a private copy of the line owned by the tokens, so
 * handlers may keep pointers to them until tokens_release().  Parsers of
 * values return false and write one sentence naming the bad word and what
 * was expected; they never print.
 */
#ifndef BUDDYSCOPE_PARSE_H
#define BUDDYSCOPE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tokens {
	char *buf;		/* the words, NUL-separated */
	size_t cap;
	char **argv;
	unsigned argc;
	unsigned argv_cap;
	bool call;		/* written as name(arg, ...) */
};

#define TOKENS_INIT { NULL, 0, NULL, 0, 0, false }

void tokens_release(struct tokens *t);

/*
 * Split line (len bytes, need not be NUL-terminated) into t, reusing t's
 * memory.  Returns false with a message for an unterminated quote, an
 * unbalanced parenthesis or a NUL byte; argc is 0 for a blank or comment
 * line.
 */
bool tokenize(struct tokens *t, const char *line, size_t len, char *err,
	      size_t errlen);

/*
 * A word quoted for a message: printable ASCII as is, anything else as
 * \xNN, cut to about 48 characters with "...".  Writes into buf (at least
 * 64 bytes is plenty) and returns it.
 */
const char *parse_quote(const char *word, char *buf, size_t len);

/* An unsigned number: decimal or 0x hex, no sign, no junk, no overflow. */
bool parse_u64(const char *word, uint64_t *out, char *err, size_t errlen);

/* The same, bounded: lo <= value <= hi; what names the value in messages. */
bool parse_ulong_range(const char *word, const char *what, unsigned long lo,
		       unsigned long hi, unsigned long *out, char *err,
		       size_t errlen);

/* A signed decimal number (for sysctls that may be negative). */
bool parse_long(const char *word, long *out, char *err, size_t errlen);

/*
 * A number of pages: a plain number, or a size with a binary suffix
 * (K, M, G, T with optional "iB") that must be a whole number of 4 KiB
 * pages: "8192", "32M", "4GiB".
 */
bool parse_pages(const char *word, uint64_t *out, char *err, size_t errlen);

/* "key=value": split a word; false (and nothing written) when no '='. */
bool parse_keyval(char *word, char **key, char **val);

/* A handle name: a letter or '_' then letters, digits, '_', '.', '-';
 * at most 31 characters. */
bool parse_handle_name(const char *word, char *err, size_t errlen);

/* Case-insensitive equality of ASCII words. */
bool word_eq(const char *a, const char *b);

#endif
