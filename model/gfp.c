/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gfp.c - GFP flags: their values in each era, parsing, the trace
 * rendering, gfp_zone(), gfp_migratetype() and the ALLOC_* flags the slow
 * path derives from them.
 *
 * Everything era-specific is a table indexed by enum kernel_era: the value
 * of every __GFP_* bit (gfp_bits[], reference 2.1), the show_gfp_flags()
 * name table (trace_names[], include/trace/events/mmflags.h) and the names
 * of the ALLOC_* flags (alloc_names[], mm/internal.h).  The model itself
 * only ever sees canonical masks (gfp.h); the kernel's numbers appear at
 * the edges, when a user types hex or a trace line is printed.
 */
#include "gfp.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * One __GFP_* bit: its name, its kernel value in each era (0 when the era
 * does not have it) and, for the eras without it, why not, so a parse
 * error can say so.
 */
struct gfp_bit_desc {
	const char *name;
	uint64_t value[NR_ERAS];
	const char *why_absent[NR_ERAS];
};

#define GFP_BIT_6_12(n)	(UINT64_C(1) << (n))

/*
 * Reference 2.1.  4.19 values are the hex #defines of include/linux/gfp.h;
 * 6.12 values are 1 << the bit number of the enum in
 * include/linux/gfp_types.h (6.10+), with CONFIG_LOCKDEP and
 * CONFIG_KASAN_HW_TAGS off, so the flags that only exist with those
 * configs are absent in both eras.
 *
 * __GFP_NO_OBJ_EXT exists only with CONFIG_SLAB_OBJ_EXT (selected by
 * MEMCG, which distribution kernels enable); with LOCKDEP and KASAN_HW_TAGS
 * off it is the next free enum bit, 24, as on the sampled 6.18 machine.
 * We include it in 6.12 at bit 24 on that basis.
 */
static const struct gfp_bit_desc gfp_bits[NR_GFP_BITS] = {
	[GFPB_DMA] = { "__GFP_DMA", { 0x01, GFP_BIT_6_12(0) }, { 0 } },
	[GFPB_HIGHMEM] = { "__GFP_HIGHMEM", { 0x02, GFP_BIT_6_12(1) }, { 0 } },
	[GFPB_DMA32] = { "__GFP_DMA32", { 0x04, GFP_BIT_6_12(2) }, { 0 } },
	[GFPB_MOVABLE] = { "__GFP_MOVABLE", { 0x08, GFP_BIT_6_12(3) }, { 0 } },
	[GFPB_RECLAIMABLE] = { "__GFP_RECLAIMABLE",
			       { 0x10, GFP_BIT_6_12(4) }, { 0 } },
	[GFPB_HIGH] = { "__GFP_HIGH", { 0x20, GFP_BIT_6_12(5) }, { 0 } },
	[GFPB_IO] = { "__GFP_IO", { 0x40, GFP_BIT_6_12(6) }, { 0 } },
	[GFPB_FS] = { "__GFP_FS", { 0x80, GFP_BIT_6_12(7) }, { 0 } },
	[GFPB_ZERO] = { "__GFP_ZERO", { 0x8000, GFP_BIT_6_12(8) }, { 0 } },
	/* 6.12: bit 9 is ___GFP_UNUSED_BIT. */
	[GFPB_ATOMIC] = { "__GFP_ATOMIC", { 0x80000, 0 },
			  { NULL, "removed in 6.3" } },
	[GFPB_DIRECT_RECLAIM] = { "__GFP_DIRECT_RECLAIM",
				  { 0x200000, GFP_BIT_6_12(10) }, { 0 } },
	[GFPB_KSWAPD_RECLAIM] = { "__GFP_KSWAPD_RECLAIM",
				  { 0x400000, GFP_BIT_6_12(11) }, { 0 } },
	[GFPB_WRITE] = { "__GFP_WRITE", { 0x100, GFP_BIT_6_12(12) }, { 0 } },
	[GFPB_NOWARN] = { "__GFP_NOWARN", { 0x200, GFP_BIT_6_12(13) }, { 0 } },
	[GFPB_RETRY_MAYFAIL] = { "__GFP_RETRY_MAYFAIL",
				 { 0x400, GFP_BIT_6_12(14) }, { 0 } },
	[GFPB_NOFAIL] = { "__GFP_NOFAIL", { 0x800, GFP_BIT_6_12(15) }, { 0 } },
	[GFPB_NORETRY] = { "__GFP_NORETRY",
			   { 0x1000, GFP_BIT_6_12(16) }, { 0 } },
	[GFPB_MEMALLOC] = { "__GFP_MEMALLOC",
			    { 0x2000, GFP_BIT_6_12(17) }, { 0 } },
	[GFPB_COMP] = { "__GFP_COMP", { 0x4000, GFP_BIT_6_12(18) }, { 0 } },
	[GFPB_NOMEMALLOC] = { "__GFP_NOMEMALLOC",
			      { 0x10000, GFP_BIT_6_12(19) }, { 0 } },
	[GFPB_HARDWALL] = { "__GFP_HARDWALL",
			    { 0x20000, GFP_BIT_6_12(20) }, { 0 } },
	[GFPB_THISNODE] = { "__GFP_THISNODE",
			    { 0x40000, GFP_BIT_6_12(21) }, { 0 } },
	[GFPB_ACCOUNT] = { "__GFP_ACCOUNT",
			   { 0x100000, GFP_BIT_6_12(22) }, { 0 } },
	[GFPB_ZEROTAGS] = { "__GFP_ZEROTAGS", { 0, GFP_BIT_6_12(23) },
			    { "added in 5.12", NULL } },
	[GFPB_SKIP_ZERO] = { "__GFP_SKIP_ZERO", { 0, 0 },
			     { "added in 6.0, only with CONFIG_KASAN_HW_TAGS",
			       "it is 0 without CONFIG_KASAN_HW_TAGS" } },
	[GFPB_SKIP_KASAN] = { "__GFP_SKIP_KASAN", { 0, 0 },
			      { "added in 6.x, only with CONFIG_KASAN_HW_TAGS",
				"it is 0 without CONFIG_KASAN_HW_TAGS" } },
	[GFPB_NOLOCKDEP] = { "__GFP_NOLOCKDEP", { 0, 0 },
			     { "it is 0 without CONFIG_LOCKDEP",
			       "it is 0 without CONFIG_LOCKDEP" } },
	[GFPB_NO_OBJ_EXT] = { "__GFP_NO_OBJ_EXT", { 0, GFP_BIT_6_12(24) },
			      { "added in 6.10", NULL } },
};

/* GFP_NOWAIT gained __GFP_NOWARN in 6.8 (reference 2.2). */
static const bool nowait_has_nowarn[NR_ERAS] = {
	[ERA_4_19] = false,
	[ERA_6_12] = true,
};

static const char *const gfp_type_names[NR_GFP_TYPES] = {
	[GFPT_ATOMIC] = "GFP_ATOMIC",
	[GFPT_KERNEL] = "GFP_KERNEL",
	[GFPT_KERNEL_ACCOUNT] = "GFP_KERNEL_ACCOUNT",
	[GFPT_NOWAIT] = "GFP_NOWAIT",
	[GFPT_NOIO] = "GFP_NOIO",
	[GFPT_NOFS] = "GFP_NOFS",
	[GFPT_USER] = "GFP_USER",
	[GFPT_DMA] = "GFP_DMA",
	[GFPT_DMA32] = "GFP_DMA32",
	[GFPT_HIGHUSER] = "GFP_HIGHUSER",
	[GFPT_HIGHUSER_MOVABLE] = "GFP_HIGHUSER_MOVABLE",
	[GFPT_TRANSHUGE_LIGHT] = "GFP_TRANSHUGE_LIGHT",
	[GFPT_TRANSHUGE] = "GFP_TRANSHUGE",
};

/* An era number that indexes the tables even if the caller's is bad. */
static enum kernel_era
era_index(enum kernel_era era)
{
	return (unsigned)era < NR_ERAS ? era : ERA_6_12;
}

/*
 * A bounded output buffer that behaves like snprintf(): it writes at most
 * len bytes including the NUL and counts how many it needed.
 */
struct outbuf {
	char *buf;
	size_t len;
	size_t need;
};

static void
outbuf_add(struct outbuf *ob, const char *s)
{
	size_t n = strlen(s);

	if (ob->len > 0 && ob->need < ob->len - 1) {
		size_t room = ob->len - 1 - ob->need;
		size_t copy = n < room ? n : room;

		memcpy(ob->buf + ob->need, s, copy);
		ob->buf[ob->need + copy] = '\0';
	}
	ob->need += n;
}

static void
outbuf_start(struct outbuf *ob, char *buf, size_t len)
{
	ob->buf = buf;
	ob->len = buf ? len : 0;
	ob->need = 0;
	if (ob->len > 0)
		ob->buf[0] = '\0';
}

/* Write one sentence to err (which may be NULL). */
static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Copy a piece of user input into dst for quoting in a message: at most 40
 * characters, anything unprintable as '?', "..." when cut.
 */
static void
quote_input(char *dst, size_t dstlen, const char *s, size_t n)
{
	const size_t max = 40;
	size_t i, o = 0;

	if (dstlen < max + 4)
		n = 0;
	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (n > max) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	if (dstlen > 0)
		dst[o] = '\0';
}

gfp_t
gfp_type_flag(enum kernel_era era, enum gfp_type t)
{
	const gfp_t user = GFPF_RECLAIM | GFPF_IO | GFPF_FS | GFPF_HARDWALL;
	const gfp_t highuser_movable = user | GFPF_HIGHMEM | GFPF_MOVABLE;
	const gfp_t transhuge_light = (highuser_movable | GFPF_COMP |
				       GFPF_NOMEMALLOC | GFPF_NOWARN) &
				      ~GFPF_RECLAIM;
	gfp_t g;

	era = era_index(era);
	switch (t) {
	case GFPT_ATOMIC:
		/* __GFP_ATOMIC is part of it for as long as it exists. */
		g = GFPF_HIGH | GFPF_KSWAPD_RECLAIM;
		if (gfp_bit_in_era(era, GFPB_ATOMIC))
			g |= GFPF_ATOMIC;
		return g;
	case GFPT_KERNEL:
		return GFPF_RECLAIM | GFPF_IO | GFPF_FS;
	case GFPT_KERNEL_ACCOUNT:
		return GFPF_RECLAIM | GFPF_IO | GFPF_FS | GFPF_ACCOUNT;
	case GFPT_NOWAIT:
		g = GFPF_KSWAPD_RECLAIM;
		if (nowait_has_nowarn[era])
			g |= GFPF_NOWARN;
		return g;
	case GFPT_NOIO:
		return GFPF_RECLAIM;
	case GFPT_NOFS:
		return GFPF_RECLAIM | GFPF_IO;
	case GFPT_USER:
		return user;
	case GFPT_DMA:
		return GFPF_DMA;
	case GFPT_DMA32:
		return GFPF_DMA32;
	case GFPT_HIGHUSER:
		return user | GFPF_HIGHMEM;
	case GFPT_HIGHUSER_MOVABLE:
		/* Plus __GFP_SKIP_KASAN, which is 0 without KASAN_HW_TAGS. */
		return highuser_movable;
	case GFPT_TRANSHUGE_LIGHT:
		return transhuge_light;
	case GFPT_TRANSHUGE:
		return transhuge_light | GFPF_DIRECT_RECLAIM;
	case NR_GFP_TYPES:
		break;
	}
	return 0;
}

const char *
gfp_type_name(enum gfp_type t)
{
	if ((unsigned)t >= NR_GFP_TYPES)
		return NULL;
	return gfp_type_names[t];
}

const char *
gfp_bit_name(enum gfp_bit b)
{
	if ((unsigned)b >= NR_GFP_BITS)
		return NULL;
	return gfp_bits[b].name;
}

bool
gfp_bit_in_era(enum kernel_era era, enum gfp_bit b)
{
	if ((unsigned)b >= NR_GFP_BITS)
		return false;
	return gfp_bits[b].value[era_index(era)] != 0;
}

uint64_t
gfp_to_kernel(enum kernel_era era, gfp_t gfp)
{
	uint64_t k = 0;

	era = era_index(era);
	for (unsigned b = 0; b < NR_GFP_BITS; b++)
		if (gfp & (1u << b))
			k |= gfp_bits[b].value[era];
	return k;
}

/* Every kernel bit that is some flag in the era. */
static uint64_t
gfp_known_kernel_bits(enum kernel_era era)
{
	return gfp_to_kernel(era, (gfp_t)((UINT64_C(1) << NR_GFP_BITS) - 1));
}

bool
gfp_from_kernel(enum kernel_era era, uint64_t kernel, gfp_t *out)
{
	gfp_t g = 0;

	era = era_index(era);
	if (kernel & ~gfp_known_kernel_bits(era))
		return false;
	for (unsigned b = 0; b < NR_GFP_BITS; b++)
		if (gfp_bits[b].value[era] && (kernel & gfp_bits[b].value[era]))
			g |= 1u << b;
	*out = g;
	return true;
}

/* s[0..n) equals the NUL-terminated word, ignoring case. */
static bool
word_eq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* The generic message for a part that is no flag. */
static bool
unknown_flag(const char *tok, size_t n, char *err, size_t errlen)
{
	char q[64];

	quote_input(q, sizeof(q), tok, n);
	set_err(err, errlen, "unknown GFP flag \"%s\" (expected a GFP_* type, "
		"a __GFP_* bit or a hex mask)", q);
	return false;
}

/* A hex ("0x...") or decimal number, as the era's kernel value. */
static bool
parse_number(enum kernel_era era, const char *tok, size_t n, gfp_t *out,
	      char *err, size_t errlen)
{
	uint64_t v = 0, unknown;
	unsigned base = 10;
	size_t i = 0;
	char q[64];

	quote_input(q, sizeof(q), tok, n);
	if (n >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n) {
		set_err(err, errlen, "bad number \"%s\" (expected hex like "
			"0xcc0 or decimal)", q);
		return false;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)tok[i];
		unsigned d;

		if (isdigit(c))
			d = c - '0';
		else if (base == 16 && isxdigit(c))
			d = (unsigned)(tolower(c) - 'a' + 10);
		else {
			set_err(err, errlen, "bad number \"%s\" (expected hex "
				"like 0xcc0 or decimal)", q);
			return false;
		}
		if (v > (UINT64_MAX - d) / base) {
			set_err(err, errlen, "number \"%s\" is too large for a "
				"GFP mask", q);
			return false;
		}
		v = v * base + d;
	}
	unknown = v & ~gfp_known_kernel_bits(era);
	if (unknown) {
		set_err(err, errlen, "mask \"%s\" has bits that are no GFP flag "
			"in kernel %s: 0x%" PRIx64, q, era_rules(era)->name,
			unknown);
		return false;
	}
	return gfp_from_kernel(era, v, out);
}

/*
 * A name: a type ("GFP_KERNEL"), a bit with or without its underscores and
 * GFP_ prefix ("__GFP_ZERO", "GFP_ZERO", "ZERO"), or the __GFP_RECLAIM
 * shorthand.  Type names win over bit names when written without
 * underscores: "GFP_DMA" is the type (whose value is the bit anyway).
 */
static bool
parse_name(enum kernel_era era, const char *tok, size_t n, gfp_t *out,
	   char *err, size_t errlen)
{
	size_t under = 0, blen;
	const char *body;
	bool prefix;

	while (under < n && tok[under] == '_')
		under++;
	body = tok + under;
	blen = n - under;
	prefix = blen >= 4 && strncasecmp(body, "GFP_", 4) == 0;
	if (prefix) {
		body += 4;
		blen -= 4;
	}
	if (under == 0 && prefix) {
		for (unsigned t = 0; t < NR_GFP_TYPES; t++) {
			if (word_eq(body, blen, gfp_type_names[t] + 4)) {
				*out = gfp_type_flag(era, (enum gfp_type)t);
				return true;
			}
		}
	}
	if (under > 3 || (under > 0 && !prefix) || blen == 0)
		return unknown_flag(tok, n, err, errlen);
	if (word_eq(body, blen, "RECLAIM")) {
		*out = GFPF_RECLAIM;
		return true;
	}
	for (unsigned b = 0; b < NR_GFP_BITS; b++) {
		const struct gfp_bit_desc *d = &gfp_bits[b];

		if (!word_eq(body, blen, d->name + 6))
			continue;
		if (!d->value[era]) {
			set_err(err, errlen, "%s does not exist in kernel %s (%s)",
				d->name, era_rules(era)->name,
				d->why_absent[era] ? d->why_absent[era]
						   : "not in this era");
			return false;
		}
		*out = 1u << b;
		return true;
	}
	return unknown_flag(tok, n, err, errlen);
}

/* One '|'-separated part, already trimmed and not empty. */
static bool
parse_part(enum kernel_era era, const char *tok, size_t n, gfp_t *out,
	   char *err, size_t errlen)
{
	if (word_eq(tok, n, "none")) {
		*out = 0;
		return true;
	}
	if (isdigit((unsigned char)tok[0]))
		return parse_number(era, tok, n, out, err, errlen);
	return parse_name(era, tok, n, out, err, errlen);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool
gfp_parse(enum kernel_era era, const char *s, gfp_t *out,
	  char *err, size_t errlen)
{
	gfp_t mask = 0;
	const char *p = s;
	char q[64];

	era = era_index(era);
	if (!s || !*s) {
		set_err(err, errlen, "empty GFP mask (expected a GFP_* type, "
			"a __GFP_* bit or a hex mask)");
		return false;
	}
	for (;;) {
		const char *bar = strchr(p, '|');
		const char *end = bar ? bar : p + strlen(p);
		const char *start = p;
		gfp_t part;

		while (start < end && is_blank(*start))
			start++;
		while (end > start && is_blank(end[-1]))
			end--;
		if (start == end) {
			quote_input(q, sizeof(q), s, strlen(s));
			if (!bar && p == s)
				set_err(err, errlen, "empty GFP mask (expected a "
					"GFP_* type, a __GFP_* bit or a hex "
					"mask)");
			else
				set_err(err, errlen, "empty flag in \"%s\" (flags "
					"are joined by single '|')", q);
			return false;
		}
		if (!parse_part(era, start, (size_t)(end - start), &part, err,
				errlen))
			return false;
		mask |= part;
		if (!bar)
			break;
		p = bar + 1;
	}
	*out = mask;
	return true;
}

/*
 * The show_gfp_flags() table of include/trace/events/mmflags.h, the same
 * list in 4.19 and 6.12 (checked against both): composite masks first, then
 * the single bits in the order the file lists them (not bit order: 6.15
 * replaced the single bits by a bit-order list, which is why a 6.18 trace
 * prints "__GFP_ZERO|__GFP_COMP" where 6.12 prints "__GFP_COMP|__GFP_ZERO").
 * Entries whose flag the era lacks are skipped (__GFP_ATOMIC in 6.12,
 * __GFP_ZEROTAGS in 4.19).  6.12 lists no __GFP_NO_OBJ_EXT, so that bit is
 * printed as a leftover hex value, as the kernel does.
 */
enum trace_kind {
	TRACE_TYPE,
	TRACE_BIT,
	TRACE_RECLAIM,
};

struct trace_name {
	enum trace_kind kind;
	int which;
};

static const struct trace_name trace_names[] = {
	{ TRACE_TYPE, GFPT_TRANSHUGE },
	{ TRACE_TYPE, GFPT_TRANSHUGE_LIGHT },
	{ TRACE_TYPE, GFPT_HIGHUSER_MOVABLE },
	{ TRACE_TYPE, GFPT_HIGHUSER },
	{ TRACE_TYPE, GFPT_USER },
	{ TRACE_TYPE, GFPT_KERNEL_ACCOUNT },
	{ TRACE_TYPE, GFPT_KERNEL },
	{ TRACE_TYPE, GFPT_NOFS },
	{ TRACE_TYPE, GFPT_ATOMIC },
	{ TRACE_TYPE, GFPT_NOIO },
	{ TRACE_TYPE, GFPT_NOWAIT },
	{ TRACE_TYPE, GFPT_DMA },
	{ TRACE_BIT, GFPB_HIGHMEM },
	{ TRACE_TYPE, GFPT_DMA32 },
	{ TRACE_BIT, GFPB_HIGH },
	{ TRACE_BIT, GFPB_ATOMIC },
	{ TRACE_BIT, GFPB_IO },
	{ TRACE_BIT, GFPB_FS },
	{ TRACE_BIT, GFPB_NOWARN },
	{ TRACE_BIT, GFPB_RETRY_MAYFAIL },
	{ TRACE_BIT, GFPB_NOFAIL },
	{ TRACE_BIT, GFPB_NORETRY },
	{ TRACE_BIT, GFPB_COMP },
	{ TRACE_BIT, GFPB_ZERO },
	{ TRACE_BIT, GFPB_NOMEMALLOC },
	{ TRACE_BIT, GFPB_MEMALLOC },
	{ TRACE_BIT, GFPB_HARDWALL },
	{ TRACE_BIT, GFPB_THISNODE },
	{ TRACE_BIT, GFPB_RECLAIMABLE },
	{ TRACE_BIT, GFPB_MOVABLE },
	{ TRACE_BIT, GFPB_ACCOUNT },
	{ TRACE_BIT, GFPB_WRITE },
	{ TRACE_RECLAIM, 0 },
	{ TRACE_BIT, GFPB_DIRECT_RECLAIM },
	{ TRACE_BIT, GFPB_KSWAPD_RECLAIM },
	{ TRACE_BIT, GFPB_ZEROTAGS },
};

size_t
gfp_format(enum kernel_era era, gfp_t gfp, char *buf, size_t len)
{
	uint64_t k;
	struct outbuf ob;
	bool first = true;

	era = era_index(era);
	k = gfp_to_kernel(era, gfp);
	outbuf_start(&ob, buf, len);
	if (k == 0) {
		outbuf_add(&ob, "none");
		return ob.need;
	}
	/* trace_print_flags_seq(): take each entry whose bits are all set. */
	for (size_t i = 0; i < sizeof(trace_names) / sizeof(trace_names[0]) &&
			   k; i++) {
		const struct trace_name *t = &trace_names[i];
		const char *name;
		uint64_t mask;

		switch (t->kind) {
		case TRACE_TYPE:
			mask = gfp_to_kernel(era, gfp_type_flag(era,
						(enum gfp_type)t->which));
			name = gfp_type_names[t->which];
			break;
		case TRACE_BIT:
			mask = gfp_bits[t->which].value[era];
			name = gfp_bits[t->which].name;
			break;
		default:
			mask = gfp_to_kernel(era, GFPF_RECLAIM);
			name = "__GFP_RECLAIM";
			break;
		}
		if (mask == 0 || (k & mask) != mask)
			continue;
		k &= ~mask;
		if (!first)
			outbuf_add(&ob, "|");
		first = false;
		outbuf_add(&ob, name);
	}
	if (k) {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%" PRIx64, k);
		if (!first)
			outbuf_add(&ob, "|");
		outbuf_add(&ob, hex);
	}
	return ob.need;
}

bool
gfp_zone(gfp_t gfp, bool have_dma32, bool have_highmem, enum zone_type *out)
{
	/* OPT_ZONE_*: an unconfigured zone type collapses to NORMAL. */
	const enum zone_type opt_dma32 = have_dma32 ? ZONE_DMA32 : ZONE_NORMAL;
	const enum zone_type opt_highmem =
		have_highmem ? ZONE_HIGHMEM : ZONE_NORMAL;
	enum zone_type z;

	/* GFP_ZONE_TABLE and GFP_ZONE_BAD, indexed by the low four bits. */
	switch (gfp & GFPF_ZONEMASK) {
	case 0:
		z = ZONE_NORMAL;
		break;
	case GFPF_DMA:
		z = ZONE_DMA;
		break;
	case GFPF_HIGHMEM:
		z = opt_highmem;
		break;
	case GFPF_DMA32:
		z = opt_dma32;
		break;
	case GFPF_MOVABLE:
		z = ZONE_NORMAL;
		break;
	case GFPF_MOVABLE | GFPF_DMA:
		z = ZONE_DMA;
		break;
	case GFPF_MOVABLE | GFPF_HIGHMEM:
		z = ZONE_MOVABLE;
		break;
	case GFPF_MOVABLE | GFPF_DMA32:
		z = opt_dma32;
		break;
	default:
		return false;
	}
	*out = z;
	return true;
}

static const char *const migratetype_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable",
	[MIGRATE_MOVABLE] = "Movable",
	[MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_HIGHATOMIC] = "HighAtomic",
	[MIGRATE_CMA] = "CMA",
	[MIGRATE_ISOLATE] = "Isolate",
};

const char *
migratetype_name(enum migratetype mt)
{
	if ((unsigned)mt >= MIGRATE_TYPES)
		return NULL;
	return migratetype_names[mt];
}

char
migratetype_letter(enum migratetype mt)
{
	static const char letters[MIGRATE_TYPES] = "UMRHCI";

	if ((unsigned)mt >= MIGRATE_TYPES)
		return '?';
	return letters[mt];
}

int
migratetype_kernel_nr(enum migratetype mt, bool have_cma)
{
	switch (mt) {
	case MIGRATE_UNMOVABLE:
	case MIGRATE_MOVABLE:
	case MIGRATE_RECLAIMABLE:
	case MIGRATE_HIGHATOMIC:
		return (int)mt;
	case MIGRATE_CMA:
		return have_cma ? 4 : -1;
	case MIGRATE_ISOLATE:
		return have_cma ? 5 : 4;
	case MIGRATE_TYPES:
		break;
	}
	return -1;
}

enum migratetype
gfp_migratetype(gfp_t gfp, bool group_by_mobility)
{
	if (!group_by_mobility)
		return MIGRATE_UNMOVABLE;
	/*
	 * GFP_MOVABLE_SHIFT is 3 in every era.  Both bits set gives 3,
	 * MIGRATE_HIGHATOMIC: the kernel only VM_WARNs and returns it too.
	 */
	return (enum migratetype)((gfp & (GFPF_RECLAIMABLE | GFPF_MOVABLE)) >>
				  GFPB_MOVABLE);
}

static const char *const alloc_ctx_names[NR_ALLOC_CTX] = {
	[CTX_PROCESS] = "process",
	[CTX_ATOMIC] = "atomic",
	[CTX_MEMALLOC] = "memalloc",
	[CTX_OOM_VICTIM] = "oom-victim",
	[CTX_RT] = "rt",
};

const char *
alloc_ctx_name(enum alloc_ctx c)
{
	if ((unsigned)c >= NR_ALLOC_CTX)
		return NULL;
	return alloc_ctx_names[c];
}

bool
alloc_ctx_parse(const char *s, enum alloc_ctx *out)
{
	if (!s)
		return false;
	for (unsigned c = 0; c < NR_ALLOC_CTX; c++) {
		if (strcasecmp(s, alloc_ctx_names[c]) == 0) {
			*out = (enum alloc_ctx)c;
			return true;
		}
	}
	if (strcasecmp(s, "oom_victim") == 0) {
		*out = CTX_OOM_VICTIM;
		return true;
	}
	return false;
}

/*
 * gfp_to_alloc_flags() of mm/page_alloc.c, both eras (reference 5.4).
 * In 4.19 ALLOC_KSWAPD does not exist (the slow path tests the gfp bit);
 * we set the canonical bit anyway so the model knows to wake kswapd, and
 * alloc_flags_to_kernel() drops it for display.
 */
unsigned
gfp_to_alloc_flags(enum kernel_era era, gfp_t gfp, unsigned order,
		   enum alloc_ctx ctx, bool have_cma)
{
	unsigned flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	era = era_index(era);
	/* __GFP_HIGH is ALLOC_HIGH / ALLOC_MIN_RESERVE in the kernel. */
	if (gfp & GFPF_HIGH)
		flags |= ALLOC_MIN_RESERVE;
	if (gfp & GFPF_KSWAPD_RECLAIM)
		flags |= ALLOC_KSWAPD;

	if (!era_rules(era)->new_alloc_flags) {
		/* 4.19: __GFP_ATOMIC decides; RT tasks also get HARDER. */
		if (gfp & GFPF_ATOMIC) {
			if (!(gfp & GFPF_NOMEMALLOC))
				flags |= ALLOC_NON_BLOCK;
			flags &= ~ALLOC_CPUSET;
		} else if (ctx == CTX_RT) {
			flags |= ALLOC_NON_BLOCK;
		}
	} else {
		/*
		 * 6.3+: a caller that cannot reclaim may dip further, unless
		 * it said __GFP_NOMEMALLOC.  HIGHATOMIC only for __GFP_HIGH
		 * (6.17, in 6.12-stable), and nested in the NOMEMALLOC test as
		 * in the source.
		 */
		if (!(gfp & GFPF_DIRECT_RECLAIM)) {
			if (!(gfp & GFPF_NOMEMALLOC)) {
				flags |= ALLOC_NON_BLOCK;
				if (order > 0 && (flags & ALLOC_MIN_RESERVE))
					flags |= ALLOC_HIGHATOMIC;
			}
			if (flags & ALLOC_MIN_RESERVE)
				flags &= ~ALLOC_CPUSET;
		} else if (ctx == CTX_RT) {
			flags |= ALLOC_MIN_RESERVE;
		}
	}
	/* CONFIG_CMA: movable requests may use CMA pageblocks. */
	if (have_cma && gfp_migratetype(gfp, true) == MIGRATE_MOVABLE)
		flags |= ALLOC_CMA;
	return flags;
}

/* __gfp_pfmemalloc_flags() of mm/page_alloc.c, the same in both eras. */
unsigned
gfp_pfmemalloc_flags(gfp_t gfp, enum alloc_ctx ctx)
{
	if (gfp & GFPF_NOMEMALLOC)
		return 0;
	if (gfp & GFPF_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (ctx == CTX_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (ctx == CTX_OOM_VICTIM)
		return ALLOC_OOM;
	return 0;
}

/*
 * The ALLOC_* flags above the watermark index, with each era's name; NULL
 * where the era has no such flag (4.19 has no NOFRAGMENT, HIGHATOMIC or
 * KSWAPD).  The canonical values are the kernel's in both eras.
 */
struct alloc_flag_desc {
	unsigned flag;
	const char *name[NR_ERAS];
};

static const struct alloc_flag_desc alloc_names[] = {
	{ ALLOC_NO_WATERMARKS, { "ALLOC_NO_WATERMARKS", "ALLOC_NO_WATERMARKS" } },
	{ ALLOC_OOM, { "ALLOC_OOM", "ALLOC_OOM" } },
	{ ALLOC_NON_BLOCK, { "ALLOC_HARDER", "ALLOC_NON_BLOCK" } },
	{ ALLOC_MIN_RESERVE, { "ALLOC_HIGH", "ALLOC_MIN_RESERVE" } },
	{ ALLOC_CPUSET, { "ALLOC_CPUSET", "ALLOC_CPUSET" } },
	{ ALLOC_CMA, { "ALLOC_CMA", "ALLOC_CMA" } },
	{ ALLOC_NOFRAGMENT, { NULL, "ALLOC_NOFRAGMENT" } },
	{ ALLOC_HIGHATOMIC, { NULL, "ALLOC_HIGHATOMIC" } },
	{ ALLOC_KSWAPD, { NULL, "ALLOC_KSWAPD" } },
};

#define NR_ALLOC_NAMES (sizeof(alloc_names) / sizeof(alloc_names[0]))

/* The canonical flags the era has no such flag for. */
static unsigned
alloc_flags_absent(enum kernel_era era)
{
	unsigned absent = 0;

	for (size_t i = 0; i < NR_ALLOC_NAMES; i++)
		if (!alloc_names[i].name[era])
			absent |= alloc_names[i].flag;
	return absent;
}

unsigned
alloc_flags_to_kernel(enum kernel_era era, unsigned flags)
{
	unsigned known = ALLOC_WMARK_MASK;

	era = era_index(era);
	for (size_t i = 0; i < NR_ALLOC_NAMES; i++)
		if (alloc_names[i].name[era])
			known |= alloc_names[i].flag;
	return flags & known;
}

size_t
alloc_flags_format(enum kernel_era era, unsigned flags, char *buf, size_t len)
{
	static const char *const wmark_names[] = {
		"ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH",
	};
	unsigned wmark, rest;
	struct outbuf ob;
	char hex[16];

	era = era_index(era);
	outbuf_start(&ob, buf, len);
	wmark = flags & ALLOC_WMARK_MASK;
	if (wmark < sizeof(wmark_names) / sizeof(wmark_names[0])) {
		outbuf_add(&ob, wmark_names[wmark]);
	} else {
		snprintf(hex, sizeof(hex), "0x%x", wmark);
		outbuf_add(&ob, hex);
	}
	rest = flags & ~ALLOC_WMARK_MASK & ~alloc_flags_absent(era);
	for (size_t i = 0; i < NR_ALLOC_NAMES; i++) {
		if (!(rest & alloc_names[i].flag))
			continue;
		rest &= ~alloc_names[i].flag;
		outbuf_add(&ob, "|");
		outbuf_add(&ob, alloc_names[i].name[era]);
	}
	if (rest) {
		snprintf(hex, sizeof(hex), "0x%x", rest);
		outbuf_add(&ob, "|");
		outbuf_add(&ob, hex);
	}
	return ob.need;
}
