/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_gfp.c - Check tests of model/gfp.c: the GFP values of each era, the
 * parser and its messages, the trace rendering, gfp_zone(),
 * gfp_migratetype() and the slow path's ALLOC_* flags.
 *
 * Expected values are copied by hand from the reference
 * (../shared/reference/linux-page-allocator.md sections 2, 5.4 and 10.5)
 * or worked out by hand from the kernel source, never computed with the
 * code under test.
 */
#include "gfp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"

/* Parse s in era; fail the test with the message if it does not parse. */
static gfp_t
must_parse(enum kernel_era era, const char *s)
{
	char err[256] = "";
	gfp_t g = 0;

	ck_assert_msg(gfp_parse(era, s, &g, err, sizeof(err)),
		      "parse \"%s\": %s", s, err);
	return g;
}

/* Parse must fail with exactly the message want (NULL: any message). */
static void
must_fail(enum kernel_era era, const char *s, const char *want)
{
	char err[256] = "";
	gfp_t g = 0x5a5a;

	ck_assert_msg(!gfp_parse(era, s, &g, err, sizeof(err)),
		      "\"%s\" should not parse", s);
	ck_assert_msg(g == 0x5a5a, "\"%s\": *out changed on error", s);
	ck_assert_msg(err[0] != '\0', "\"%s\": no message", s);
	if (want)
		ck_assert_str_eq(err, want);
}

static const char *
fmt(enum kernel_era era, gfp_t g)
{
	static char buf[256];

	gfp_format(era, g, buf, sizeof(buf));
	return buf;
}

static const char *
afmt(enum kernel_era era, unsigned flags)
{
	static char buf[256];

	alloc_flags_format(era, flags, buf, sizeof(buf));
	return buf;
}

/* Reference 2.2, numeric table, v4.19 and v6.12 columns (hand-copied). */
static const struct {
	enum gfp_type t;
	uint64_t v4_19;
	uint64_t v6_12;
} type_values[] = {
	{ GFPT_ATOMIC, 0x480020, 0x820 },
	{ GFPT_KERNEL, 0x6000c0, 0xcc0 },
	{ GFPT_KERNEL_ACCOUNT, 0x7000c0, 0x400cc0 },
	{ GFPT_NOWAIT, 0x400000, 0x2800 },
	{ GFPT_NOIO, 0x600000, 0xc00 },
	{ GFPT_NOFS, 0x600040, 0xc40 },
	{ GFPT_USER, 0x6200c0, 0x100cc0 },
	{ GFPT_DMA, 0x1, 0x1 },
	{ GFPT_DMA32, 0x4, 0x4 },
	{ GFPT_HIGHUSER, 0x6200c2, 0x100cc2 },
	{ GFPT_HIGHUSER_MOVABLE, 0x6200ca, 0x100cca },
	{ GFPT_TRANSHUGE_LIGHT, 0x342ca, 0x1c20ca },
	{ GFPT_TRANSHUGE, 0x2342ca, 0x1c24ca },
};
#define NR_TYPE_VALUES (sizeof(type_values) / sizeof(type_values[0]))

START_TEST(type_flag_values)
{
	ck_assert_uint_eq(NR_TYPE_VALUES, NR_GFP_TYPES);
	for (size_t i = 0; i < NR_TYPE_VALUES; i++) {
		enum gfp_type t = type_values[i].t;
		uint64_t k4 = gfp_to_kernel(ERA_4_19, gfp_type_flag(ERA_4_19, t));
		uint64_t k6 = gfp_to_kernel(ERA_6_12, gfp_type_flag(ERA_6_12, t));

		ck_assert_msg(k4 == type_values[i].v4_19, "%s 4.19: 0x%llx",
			      gfp_type_name(t), (unsigned long long)k4);
		ck_assert_msg(k6 == type_values[i].v6_12, "%s 6.12: 0x%llx",
			      gfp_type_name(t), (unsigned long long)k6);
	}
}
END_TEST

START_TEST(type_flag_canonical)
{
	ck_assert_uint_eq(gfp_type_flag(ERA_4_19, GFPT_ATOMIC),
			  GFPF_HIGH | GFPF_ATOMIC | GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(gfp_type_flag(ERA_6_12, GFPT_ATOMIC),
			  GFPF_HIGH | GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(gfp_type_flag(ERA_4_19, GFPT_NOWAIT),
			  GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(gfp_type_flag(ERA_6_12, GFPT_NOWAIT),
			  GFPF_KSWAPD_RECLAIM | GFPF_NOWARN);
	ck_assert_uint_eq(gfp_type_flag(ERA_6_12, GFPT_KERNEL),
			  GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO |
			  GFPF_FS);
	ck_assert_uint_eq(gfp_type_flag(ERA_6_12, NR_GFP_TYPES), 0);
	ck_assert_str_eq(gfp_type_name(GFPT_HIGHUSER_MOVABLE),
			 "GFP_HIGHUSER_MOVABLE");
	ck_assert_str_eq(gfp_type_name(GFPT_KERNEL_ACCOUNT),
			 "GFP_KERNEL_ACCOUNT");
	ck_assert_ptr_null(gfp_type_name(NR_GFP_TYPES));
}
END_TEST

/* Reference 2.1: every bit, v4.19 value and v6.12 enum bit. */
static const struct {
	enum gfp_bit b;
	const char *name;
	uint64_t v4_19;		/* 0: absent */
	uint64_t v6_12;
} bit_values[] = {
	{ GFPB_DMA, "__GFP_DMA", 0x01, 0x01 },
	{ GFPB_HIGHMEM, "__GFP_HIGHMEM", 0x02, 0x02 },
	{ GFPB_DMA32, "__GFP_DMA32", 0x04, 0x04 },
	{ GFPB_MOVABLE, "__GFP_MOVABLE", 0x08, 0x08 },
	{ GFPB_RECLAIMABLE, "__GFP_RECLAIMABLE", 0x10, 0x10 },
	{ GFPB_HIGH, "__GFP_HIGH", 0x20, 0x20 },
	{ GFPB_IO, "__GFP_IO", 0x40, 0x40 },
	{ GFPB_FS, "__GFP_FS", 0x80, 0x80 },
	{ GFPB_ZERO, "__GFP_ZERO", 0x8000, 0x100 },
	{ GFPB_ATOMIC, "__GFP_ATOMIC", 0x80000, 0 },
	{ GFPB_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM", 0x200000, 0x400 },
	{ GFPB_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM", 0x400000, 0x800 },
	{ GFPB_WRITE, "__GFP_WRITE", 0x100, 0x1000 },
	{ GFPB_NOWARN, "__GFP_NOWARN", 0x200, 0x2000 },
	{ GFPB_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL", 0x400, 0x4000 },
	{ GFPB_NOFAIL, "__GFP_NOFAIL", 0x800, 0x8000 },
	{ GFPB_NORETRY, "__GFP_NORETRY", 0x1000, 0x10000 },
	{ GFPB_MEMALLOC, "__GFP_MEMALLOC", 0x2000, 0x20000 },
	{ GFPB_COMP, "__GFP_COMP", 0x4000, 0x40000 },
	{ GFPB_NOMEMALLOC, "__GFP_NOMEMALLOC", 0x10000, 0x80000 },
	{ GFPB_HARDWALL, "__GFP_HARDWALL", 0x20000, 0x100000 },
	{ GFPB_THISNODE, "__GFP_THISNODE", 0x40000, 0x200000 },
	{ GFPB_ACCOUNT, "__GFP_ACCOUNT", 0x100000, 0x400000 },
	{ GFPB_ZEROTAGS, "__GFP_ZEROTAGS", 0, 0x800000 },
	{ GFPB_SKIP_ZERO, "__GFP_SKIP_ZERO", 0, 0 },
	{ GFPB_SKIP_KASAN, "__GFP_SKIP_KASAN", 0, 0 },
	{ GFPB_NOLOCKDEP, "__GFP_NOLOCKDEP", 0, 0 },
	{ GFPB_NO_OBJ_EXT, "__GFP_NO_OBJ_EXT", 0, 0x1000000 },
};
#define NR_BIT_VALUES (sizeof(bit_values) / sizeof(bit_values[0]))

START_TEST(bit_values_and_names)
{
	ck_assert_uint_eq(NR_BIT_VALUES, NR_GFP_BITS);
	for (size_t i = 0; i < NR_BIT_VALUES; i++) {
		enum gfp_bit b = bit_values[i].b;
		gfp_t g = 1u << b;
		gfp_t back;

		ck_assert_str_eq(gfp_bit_name(b), bit_values[i].name);
		ck_assert_msg(gfp_to_kernel(ERA_4_19, g) == bit_values[i].v4_19,
			      "%s 4.19", bit_values[i].name);
		ck_assert_msg(gfp_to_kernel(ERA_6_12, g) == bit_values[i].v6_12,
			      "%s 6.12", bit_values[i].name);
		ck_assert(gfp_bit_in_era(ERA_4_19, b) ==
			  (bit_values[i].v4_19 != 0));
		ck_assert(gfp_bit_in_era(ERA_6_12, b) ==
			  (bit_values[i].v6_12 != 0));
		if (bit_values[i].v4_19) {
			ck_assert(gfp_from_kernel(ERA_4_19,
						  bit_values[i].v4_19, &back));
			ck_assert_uint_eq(back, g);
		}
		if (bit_values[i].v6_12) {
			ck_assert(gfp_from_kernel(ERA_6_12,
						  bit_values[i].v6_12, &back));
			ck_assert_uint_eq(back, g);
		}
	}
	ck_assert_ptr_null(gfp_bit_name(NR_GFP_BITS));
	ck_assert(!gfp_bit_in_era(ERA_6_12, NR_GFP_BITS));
}
END_TEST

START_TEST(from_kernel_rejects_unknown_bits)
{
	gfp_t g = 0x77;

	/* 6.12: bit 9 is ___GFP_UNUSED_BIT (old __GFP_ATOMIC). */
	ck_assert(!gfp_from_kernel(ERA_6_12, 0x200, &g));
	ck_assert(!gfp_from_kernel(ERA_6_12, 0xcc0 | 0x200, &g));
	/* 4.19: 0x800000 is __GFP_NOLOCKDEP, absent without LOCKDEP. */
	ck_assert(!gfp_from_kernel(ERA_4_19, 0x800000, &g));
	ck_assert(!gfp_from_kernel(ERA_4_19, UINT64_C(1) << 40, &g));
	ck_assert_uint_eq(g, 0x77);
	ck_assert(gfp_from_kernel(ERA_6_12, 0, &g));
	ck_assert_uint_eq(g, 0);
	ck_assert(gfp_from_kernel(ERA_4_19, 0x6000c0, &g));
	ck_assert_uint_eq(g, gfp_type_flag(ERA_4_19, GFPT_KERNEL));
	/* Canonical bits the era lacks are dropped on the way out. */
	ck_assert_uint_eq(gfp_to_kernel(ERA_6_12, GFPF_ATOMIC | GFPF_HIGH),
			  0x20);
	ck_assert_uint_eq(gfp_to_kernel(ERA_4_19, GFPF_ZEROTAGS), 0);
}
END_TEST

START_TEST(parse_names)
{
	const gfp_t kernel = GFPF_RECLAIM | GFPF_IO | GFPF_FS;

	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_KERNEL"), kernel);
	ck_assert_uint_eq(must_parse(ERA_6_12, "gfp_kernel"), kernel);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_KERNEL|__GFP_ZERO"),
			  kernel | GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_KERNEL | __GFP_ZERO"),
			  kernel | GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "  GFP_KERNEL\t|\t__GFP_ZERO  "),
			  kernel | GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_4_19, "GFP_ATOMIC | __GFP_NOWARN"),
			  GFPF_HIGH | GFPF_ATOMIC | GFPF_KSWAPD_RECLAIM |
			  GFPF_NOWARN);
	/* Bits with and without underscores, prefix, any case. */
	ck_assert_uint_eq(must_parse(ERA_6_12, "__GFP_ZERO"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_ZERO"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "ZERO"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "zero"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "___GFP_ZERO"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "__gfp_kswapd_reclaim"),
			  GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_HIGHMEM"), GFPF_HIGHMEM);
	ck_assert_uint_eq(must_parse(ERA_6_12, "__GFP_RECLAIM"), GFPF_RECLAIM);
	/* GFP_DMA and GFP_DMA32 are type flags equal to the bits. */
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_DMA"), GFPF_DMA);
	ck_assert_uint_eq(must_parse(ERA_6_12, "__GFP_DMA"), GFPF_DMA);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_DMA32"), GFPF_DMA32);
	ck_assert_uint_eq(must_parse(ERA_6_12, "DMA32"), GFPF_DMA32);
	/* GFP_ATOMIC is the type, also in 6.12 where the bit is gone. */
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_ATOMIC"),
			  GFPF_HIGH | GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(must_parse(ERA_4_19, "__GFP_ATOMIC"), GFPF_ATOMIC);
	ck_assert_uint_eq(must_parse(ERA_6_12, "__GFP_ZEROTAGS"), GFPF_ZEROTAGS);
	ck_assert_uint_eq(must_parse(ERA_6_12, "__GFP_NO_OBJ_EXT"),
			  GFPF_NO_OBJ_EXT);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_NOWAIT"),
			  GFPF_KSWAPD_RECLAIM | GFPF_NOWARN);
	ck_assert_uint_eq(must_parse(ERA_4_19, "GFP_NOWAIT"),
			  GFPF_KSWAPD_RECLAIM);
	ck_assert_uint_eq(must_parse(ERA_6_12, "0"), 0);
	ck_assert_uint_eq(must_parse(ERA_6_12, "none"), 0);
	ck_assert_uint_eq(must_parse(ERA_6_12, "NONE"), 0);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_KERNEL|GFP_KERNEL"), kernel);
	/* Every type and every in-era bit parses by its own name. */
	for (unsigned t = 0; t < NR_GFP_TYPES; t++) {
		ck_assert_uint_eq(must_parse(ERA_4_19, gfp_type_name(t)),
				  gfp_type_flag(ERA_4_19, t));
		ck_assert_uint_eq(must_parse(ERA_6_12, gfp_type_name(t)),
				  gfp_type_flag(ERA_6_12, t));
	}
	for (unsigned b = 0; b < NR_GFP_BITS; b++) {
		for (int e = 0; e < NR_ERAS; e++) {
			if (gfp_bit_in_era(e, b))
				ck_assert_uint_eq(must_parse(e, gfp_bit_name(b)),
						  1u << b);
			else
				must_fail(e, gfp_bit_name(b), NULL);
		}
	}
}
END_TEST

START_TEST(parse_numbers)
{
	ck_assert_uint_eq(must_parse(ERA_6_12, "0xcc0"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL));
	ck_assert_uint_eq(must_parse(ERA_6_12, "0XCC0"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL));
	ck_assert_uint_eq(must_parse(ERA_4_19, "0x6000c0"),
			  gfp_type_flag(ERA_4_19, GFPT_KERNEL));
	ck_assert_uint_eq(must_parse(ERA_6_12, "3264"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL));
	ck_assert_uint_eq(must_parse(ERA_6_12, "0x400cc0 | 0x100"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL_ACCOUNT) |
			  GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "GFP_KERNEL|0x100"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL) | GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_4_19, "0x8000"), GFPF_ZERO);
	ck_assert_uint_eq(must_parse(ERA_6_12, "0x0000000000000cc0"),
			  gfp_type_flag(ERA_6_12, GFPT_KERNEL));
	ck_assert_uint_eq(must_parse(ERA_6_12, "0x1000000"), GFPF_NO_OBJ_EXT);
	must_fail(ERA_6_12, "0x200",
		  "mask \"0x200\" has bits that are no GFP flag in kernel "
		  "6.12: 0x200");
	must_fail(ERA_6_12, "0xcc0|0x10200",
		  "mask \"0x10200\" has bits that are no GFP flag in kernel "
		  "6.12: 0x200");
	must_fail(ERA_4_19, "0x800000",
		  "mask \"0x800000\" has bits that are no GFP flag in kernel "
		  "4.19: 0x800000");
	must_fail(ERA_6_12, "0xffffffffffffffff", NULL);
	must_fail(ERA_6_12, "0x1ffffffffffffffff",
		  "number \"0x1ffffffffffffffff\" is too large for a GFP mask");
	must_fail(ERA_6_12, "99999999999999999999999", NULL);
	must_fail(ERA_6_12, "0x",
		  "bad number \"0x\" (expected hex like 0xcc0 or decimal)");
	must_fail(ERA_6_12, "0xg", NULL);
	must_fail(ERA_6_12, "12ab", NULL);
}
END_TEST

START_TEST(parse_errors)
{
	must_fail(ERA_6_12, "GFP_FOO",
		  "unknown GFP flag \"GFP_FOO\" (expected a GFP_* type, a "
		  "__GFP_* bit or a hex mask)");
	must_fail(ERA_6_12, "GFP_KERNEL | GFP_FOO",
		  "unknown GFP flag \"GFP_FOO\" (expected a GFP_* type, a "
		  "__GFP_* bit or a hex mask)");
	must_fail(ERA_6_12, "__GFP_ATOMIC",
		  "__GFP_ATOMIC does not exist in kernel 6.12 (removed in 6.3)");
	must_fail(ERA_6_12, "GFP_KERNEL|atomic",
		  "__GFP_ATOMIC does not exist in kernel 6.12 (removed in 6.3)");
	must_fail(ERA_4_19, "__GFP_ZEROTAGS",
		  "__GFP_ZEROTAGS does not exist in kernel 4.19 (added in 5.12)");
	must_fail(ERA_4_19, "__GFP_NO_OBJ_EXT",
		  "__GFP_NO_OBJ_EXT does not exist in kernel 4.19 (added in "
		  "6.10)");
	must_fail(ERA_6_12, "GFP_KERNEL||__GFP_ZERO",
		  "empty flag in \"GFP_KERNEL||__GFP_ZERO\" (flags are joined "
		  "by single '|')");
	must_fail(ERA_6_12, "GFP_KERNEL|", NULL);
	must_fail(ERA_6_12, "|GFP_KERNEL", NULL);
	must_fail(ERA_6_12, "GFP_KERNEL| |__GFP_ZERO", NULL);
	must_fail(ERA_6_12, "|", NULL);
	must_fail(ERA_6_12, "",
		  "empty GFP mask (expected a GFP_* type, a __GFP_* bit or a "
		  "hex mask)");
	must_fail(ERA_6_12, "   ",
		  "empty GFP mask (expected a GFP_* type, a __GFP_* bit or a "
		  "hex mask)");
	/* Types are not accepted without their prefix or with underscores. */
	must_fail(ERA_6_12, "KERNEL", NULL);
	must_fail(ERA_6_12, "__GFP_KERNEL", NULL);
	must_fail(ERA_6_12, "____GFP_ZERO", NULL);
	must_fail(ERA_6_12, "__ZERO", NULL);
	must_fail(ERA_6_12, "GFP_", NULL);
	must_fail(ERA_6_12, "__", NULL);
	must_fail(ERA_6_12, "GFP_KERNEL __GFP_ZERO", NULL);
	must_fail(ERA_6_12, "-1", NULL);
	/* Unprintable input is quoted as '?', long input is cut. */
	must_fail(ERA_6_12, "GFP_\x01\x7f",
		  "unknown GFP flag \"GFP_??\" (expected a GFP_* type, a "
		  "__GFP_* bit or a hex mask)");
	must_fail(ERA_6_12,
		  "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJXYZ",
		  "unknown GFP flag \"ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ"
		  "...\" (expected a GFP_* type, a __GFP_* bit or a hex mask)");
}
END_TEST

START_TEST(parse_error_buffers)
{
	char small[8];
	gfp_t g = 1;

	/* A NULL or tiny err is fine; *out stays unchanged. */
	ck_assert(!gfp_parse(ERA_6_12, "GFP_FOO", &g, NULL, 0));
	ck_assert(!gfp_parse(ERA_6_12, "GFP_FOO", &g, small, sizeof(small)));
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert(!gfp_parse(ERA_6_12, "GFP_FOO", &g, small, 1));
	ck_assert_uint_eq(small[0], '\0');
	ck_assert_uint_eq(g, 1);
}
END_TEST

/* Never crash: long strings, random bytes, many parts. */
START_TEST(parse_garbage)
{
	char err[128];
	size_t n = 100000;
	char *s = malloc(n + 1);
	unsigned seed = 12345;
	gfp_t g;

	ck_assert_ptr_nonnull(s);
	memset(s, 'A', n);
	s[n] = '\0';
	ck_assert(!gfp_parse(ERA_6_12, s, &g, err, sizeof(err)));
	for (size_t i = 0; i < n; i += 2) {
		s[i] = '|';
		s[i + 1] = 'Z';
	}
	ck_assert(!gfp_parse(ERA_6_12, s, &g, err, sizeof(err)));
	for (size_t i = 0; i + 11 <= n; i += 11)
		memcpy(s + i, "__GFP_ZERO|", 11);
	s[n - n % 11 - 1] = '\0';
	ck_assert(gfp_parse(ERA_6_12, s, &g, err, sizeof(err)));
	ck_assert_uint_eq(g, GFPF_ZERO);
	memset(s, '0', n);
	s[n] = '\0';
	ck_assert(gfp_parse(ERA_6_12, s, &g, err, sizeof(err)));
	ck_assert_uint_eq(g, 0);
	s[1] = 'x';
	ck_assert(gfp_parse(ERA_6_12, s, &g, err, sizeof(err)));
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rand_r(&seed) % 64);

		for (size_t i = 0; i < len; i++) {
			char c = (char)(rand_r(&seed) % 255 + 1);

			if (rand_r(&seed) % 4 == 0)
				c = "|_x0 GFPZ"[rand_r(&seed) % 9];
			s[i] = c;
		}
		s[len] = '\0';
		for (int e = 0; e < NR_ERAS; e++)
			if (!gfp_parse(e, s, &g, err, sizeof(err)))
				ck_assert(strlen(err) > 0 &&
					  strlen(err) < sizeof(err));
	}
	free(s);
}
END_TEST

START_TEST(format_examples)
{
	const gfp_t kernel = GFPF_RECLAIM | GFPF_IO | GFPF_FS;

	ck_assert_str_eq(fmt(ERA_6_12, kernel | GFPF_ACCOUNT),
			 "GFP_KERNEL_ACCOUNT");
	ck_assert_str_eq(fmt(ERA_4_19, kernel | GFPF_ACCOUNT),
			 "GFP_KERNEL_ACCOUNT");
	ck_assert_str_eq(fmt(ERA_4_19, gfp_type_flag(ERA_4_19, GFPT_ATOMIC) |
				       GFPF_NOWARN),
			 "GFP_ATOMIC|__GFP_NOWARN");
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12, GFPT_ATOMIC) |
				       GFPF_NOWARN),
			 "GFP_ATOMIC|__GFP_NOWARN");
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12,
						     GFPT_HIGHUSER_MOVABLE) |
				       GFPF_WRITE),
			 "GFP_HIGHUSER_MOVABLE|__GFP_WRITE");
	ck_assert_str_eq(fmt(ERA_4_19, gfp_type_flag(ERA_4_19,
						     GFPT_HIGHUSER_MOVABLE) |
				       GFPF_WRITE),
			 "GFP_HIGHUSER_MOVABLE|__GFP_WRITE");
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12, GFPT_NOWAIT)),
			 "GFP_NOWAIT");
	ck_assert_str_eq(fmt(ERA_4_19, gfp_type_flag(ERA_4_19, GFPT_NOWAIT)),
			 "GFP_NOWAIT");
	/* 6.18 trace line: page=0x1254f8 ... gfp_flags=GFP_HIGHUSER|__GFP_ACCOUNT */
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12, GFPT_HIGHUSER) |
				       GFPF_ACCOUNT),
			 "GFP_HIGHUSER|__GFP_ACCOUNT");
	/*
	 * mmflags.h up to 6.14 lists __GFP_COMP before __GFP_ZERO, so 4.19
	 * and 6.12 print COMP first; the 6.18 machine's bit-order table
	 * prints "GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP" instead.
	 */
	ck_assert_str_eq(fmt(ERA_6_12, kernel | GFPF_ZERO | GFPF_COMP),
			 "GFP_KERNEL|__GFP_COMP|__GFP_ZERO");
	ck_assert_str_eq(fmt(ERA_6_12, kernel | GFPF_ACCOUNT | GFPF_ZERO |
				       GFPF_COMP),
			 "GFP_KERNEL_ACCOUNT|__GFP_COMP|__GFP_ZERO");
	ck_assert_str_eq(fmt(ERA_4_19, kernel | GFPF_ZERO | GFPF_COMP),
			 "GFP_KERNEL|__GFP_COMP|__GFP_ZERO");
	ck_assert_str_eq(fmt(ERA_6_12, 0), "none");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_ATOMIC), "none");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_KSWAPD_RECLAIM),
			 "__GFP_KSWAPD_RECLAIM");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_RECLAIM), "GFP_NOIO");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_DMA), "GFP_DMA");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_DMA32 | GFPF_HIGHMEM),
			 "__GFP_HIGHMEM|GFP_DMA32");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_MOVABLE | GFPF_RECLAIMABLE),
			 "__GFP_RECLAIMABLE|__GFP_MOVABLE");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_DIRECT_RECLAIM),
			 "__GFP_DIRECT_RECLAIM");
	ck_assert_str_eq(fmt(ERA_4_19, GFPF_HIGH | GFPF_ATOMIC),
			 "__GFP_HIGH|__GFP_ATOMIC");
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12, GFPT_TRANSHUGE)),
			 "GFP_TRANSHUGE");
	ck_assert_str_eq(fmt(ERA_4_19, gfp_type_flag(ERA_4_19,
						     GFPT_TRANSHUGE_LIGHT)),
			 "GFP_TRANSHUGE_LIGHT");
	ck_assert_str_eq(fmt(ERA_6_12, gfp_type_flag(ERA_6_12,
						     GFPT_TRANSHUGE_LIGHT) |
				       GFPF_KSWAPD_RECLAIM),
			 "GFP_TRANSHUGE_LIGHT|__GFP_KSWAPD_RECLAIM");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_ZEROTAGS | GFPF_HIGH),
			 "__GFP_HIGH|__GFP_ZEROTAGS");
	/* 6.12's table has no __GFP_NO_OBJ_EXT entry: leftover hex. */
	ck_assert_str_eq(fmt(ERA_6_12, kernel | GFPF_NO_OBJ_EXT),
			 "GFP_KERNEL|0x1000000");
	ck_assert_str_eq(fmt(ERA_6_12, GFPF_NO_OBJ_EXT), "0x1000000");
}
END_TEST

START_TEST(format_snprintf_contract)
{
	char buf[8];
	const char *full = "GFP_KERNEL|__GFP_COMP|__GFP_ZERO";
	gfp_t g = GFPF_RECLAIM | GFPF_IO | GFPF_FS | GFPF_ZERO | GFPF_COMP;

	ck_assert_uint_eq(gfp_format(ERA_6_12, g, NULL, 0), strlen(full));
	memset(buf, 'x', sizeof(buf));
	ck_assert_uint_eq(gfp_format(ERA_6_12, g, buf, sizeof(buf)),
			  strlen(full));
	ck_assert_str_eq(buf, "GFP_KER");
	memset(buf, 'x', sizeof(buf));
	ck_assert_uint_eq(gfp_format(ERA_6_12, g, buf, 1), strlen(full));
	ck_assert_uint_eq(buf[0], '\0');
	ck_assert_uint_eq(buf[1], 'x');
	ck_assert_uint_eq(gfp_format(ERA_6_12, 0, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "none");
	ck_assert_uint_eq(gfp_format(ERA_6_12, GFPF_DMA, buf, 8), 7);
	ck_assert_str_eq(buf, "GFP_DMA");
}
END_TEST

/* Whatever format prints, parse reads back (names and leftover hex). */
START_TEST(format_parse_roundtrip)
{
	unsigned seed = 4242;

	for (int e = 0; e < NR_ERAS; e++) {
		gfp_t in_era = 0;

		for (unsigned b = 0; b < NR_GFP_BITS; b++)
			if (gfp_bit_in_era(e, b))
				in_era |= 1u << b;
		for (int i = 0; i < 5000; i++) {
			gfp_t g = ((gfp_t)rand_r(&seed) ^
				   ((gfp_t)rand_r(&seed) << 16)) & in_era;
			char buf[512];

			if (i < NR_GFP_TYPES)
				g = gfp_type_flag(e, i);
			ck_assert_uint_lt(gfp_format(e, g, buf, sizeof(buf)),
					  sizeof(buf));
			ck_assert_msg(must_parse(e, buf) == g,
				      "era %d: %s", e, buf);
		}
	}
}
END_TEST

START_TEST(zone_table)
{
	/* Reference 2.3, x86_64 (DMA32, no HIGHMEM) and a HIGHMEM machine. */
	static const struct {
		gfp_t low;
		bool ok;
		enum zone_type x86_64;		/* dma32, no highmem */
		enum zone_type highmem;		/* highmem, no dma32 */
		enum zone_type both;
	} rows[16] = {
		{ 0x0, true, ZONE_NORMAL, ZONE_NORMAL, ZONE_NORMAL },
		{ 0x1, true, ZONE_DMA, ZONE_DMA, ZONE_DMA },
		{ 0x2, true, ZONE_NORMAL, ZONE_HIGHMEM, ZONE_HIGHMEM },
		{ 0x3, false, 0, 0, 0 },
		{ 0x4, true, ZONE_DMA32, ZONE_NORMAL, ZONE_DMA32 },
		{ 0x5, false, 0, 0, 0 },
		{ 0x6, false, 0, 0, 0 },
		{ 0x7, false, 0, 0, 0 },
		{ 0x8, true, ZONE_NORMAL, ZONE_NORMAL, ZONE_NORMAL },
		{ 0x9, true, ZONE_DMA, ZONE_DMA, ZONE_DMA },
		{ 0xa, true, ZONE_MOVABLE, ZONE_MOVABLE, ZONE_MOVABLE },
		{ 0xb, false, 0, 0, 0 },
		{ 0xc, true, ZONE_DMA32, ZONE_NORMAL, ZONE_DMA32 },
		{ 0xd, false, 0, 0, 0 },
		{ 0xe, false, 0, 0, 0 },
		{ 0xf, false, 0, 0, 0 },
	};

	for (unsigned i = 0; i < 16; i++) {
		enum zone_type z = NR_ZONE_TYPES;
		gfp_t g = rows[i].low | GFPF_IO | GFPF_FS | GFPF_ZERO;

		ck_assert_uint_eq(rows[i].low, i);
		ck_assert_msg(gfp_zone(g, true, false, &z) == rows[i].ok,
			      "0x%x", i);
		if (!rows[i].ok) {
			ck_assert(!gfp_zone(g, false, true, &z));
			ck_assert(!gfp_zone(g, true, true, &z));
			ck_assert(!gfp_zone(g, false, false, &z));
			ck_assert_uint_eq(z, NR_ZONE_TYPES);
			continue;
		}
		ck_assert_msg(z == rows[i].x86_64, "0x%x x86_64: %d", i, z);
		ck_assert(gfp_zone(g, false, true, &z));
		ck_assert_msg(z == rows[i].highmem, "0x%x highmem: %d", i, z);
		ck_assert(gfp_zone(g, true, true, &z));
		ck_assert_msg(z == rows[i].both, "0x%x both: %d", i, z);
	}
	{
		enum zone_type z;

		ck_assert(gfp_zone(gfp_type_flag(ERA_6_12,
						 GFPT_HIGHUSER_MOVABLE),
				   true, false, &z));
		ck_assert_uint_eq(z, ZONE_MOVABLE);
		ck_assert(gfp_zone(gfp_type_flag(ERA_4_19, GFPT_KERNEL),
				   true, false, &z));
		ck_assert_uint_eq(z, ZONE_NORMAL);
		ck_assert(gfp_zone(GFPF_DMA32, false, false, &z));
		ck_assert_uint_eq(z, ZONE_NORMAL);
	}
}
END_TEST

START_TEST(migratetypes)
{
	static const char *const names[] = {
		"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA",
		"Isolate",
	};

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		ck_assert_str_eq(migratetype_name(mt), names[mt]);
		ck_assert_int_eq(migratetype_letter(mt), "UMRHCI"[mt]);
	}
	ck_assert_ptr_null(migratetype_name(MIGRATE_TYPES));
	ck_assert_int_eq(migratetype_letter(MIGRATE_TYPES), '?');

	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_UNMOVABLE, false), 0);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_MOVABLE, false), 1);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_RECLAIMABLE, true), 2);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_HIGHATOMIC, true), 3);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_CMA, true), 4);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_CMA, false), -1);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_ISOLATE, true), 5);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_ISOLATE, false), 4);
	ck_assert_int_eq(migratetype_kernel_nr(MIGRATE_TYPES, false), -1);

	/* Reference 2.4 examples. */
	ck_assert_int_eq(gfp_migratetype(gfp_type_flag(ERA_6_12, GFPT_KERNEL),
					 true), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(gfp_migratetype(gfp_type_flag(ERA_4_19,
						       GFPT_HIGHUSER_MOVABLE),
					 true), MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_migratetype(gfp_type_flag(ERA_6_12, GFPT_KERNEL) |
					 GFPF_RECLAIMABLE, true),
			 MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(gfp_migratetype(gfp_type_flag(ERA_6_12, GFPT_NOFS) |
					 GFPF_MOVABLE, true), MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFPF_MOVABLE | GFPF_RECLAIMABLE, true),
			 MIGRATE_HIGHATOMIC);
	ck_assert_int_eq(gfp_migratetype(gfp_type_flag(ERA_6_12,
						       GFPT_HIGHUSER_MOVABLE),
					 false), MIGRATE_UNMOVABLE);
}
END_TEST

/* Reference 5.4, v4.19 column, worked out by hand from 4.19 source. */
START_TEST(alloc_flags_4_19)
{
	const enum kernel_era e = ERA_4_19;
	/* Canonical flags: ALLOC_KSWAPD kept for the model in 4.19. */
	const unsigned K = ALLOC_KSWAPD;

	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_KERNEL),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_ATOMIC),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
			  ALLOC_NON_BLOCK | K);
	/* No HIGHATOMIC flag in 4.19, whatever the order. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_ATOMIC),
					     3, CTX_ATOMIC, true),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
			  ALLOC_NON_BLOCK | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_NOWAIT),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_NOWAIT),
					     2, CTX_ATOMIC, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_HIGHUSER_MOVABLE),
					     0, CTX_PROCESS, true),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_CMA | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_HIGHUSER_MOVABLE),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_TRANSHUGE_LIGHT),
					     9, CTX_PROCESS, true),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_CMA);
	/* __GFP_ATOMIC with __GFP_NOMEMALLOC: no HARDER, CPUSET dropped. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_ATOMIC) |
					     GFPF_NOMEMALLOC, 0, CTX_PROCESS,
					     false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | K);
	/* RT task without __GFP_ATOMIC gets HARDER. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_KERNEL),
					     0, CTX_RT, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_NON_BLOCK | K);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, GFPF_HIGH, 0, CTX_PROCESS,
					     false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_MIN_RESERVE);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, 0, 0, CTX_ATOMIC, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET);
}
END_TEST

/* Reference 5.4, v6.12-stable column, from the 6.12.107 source. */
START_TEST(alloc_flags_6_12)
{
	const enum kernel_era e = ERA_6_12;

	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_KERNEL),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_ATOMIC),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
			  ALLOC_NON_BLOCK | ALLOC_KSWAPD);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_ATOMIC),
					     1, CTX_ATOMIC, false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
			  ALLOC_NON_BLOCK | ALLOC_HIGHATOMIC | ALLOC_KSWAPD);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_NOWAIT),
					     0, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_NON_BLOCK |
			  ALLOC_KSWAPD);
	/* 6.12-stable: no HIGHATOMIC without __GFP_HIGH. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_NOWAIT),
					     3, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_NON_BLOCK |
			  ALLOC_KSWAPD);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_HIGHUSER_MOVABLE),
					     0, CTX_PROCESS, true),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_CMA |
			  ALLOC_KSWAPD);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_TRANSHUGE_LIGHT),
					     9, CTX_PROCESS, true),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_CMA);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e,
							GFPT_TRANSHUGE),
					     9, CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET);
	/* RT task that may reclaim gets MIN_RESERVE, keeps CPUSET. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_KERNEL),
					     0, CTX_RT, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_MIN_RESERVE |
			  ALLOC_KSWAPD);
	/* RT without direct reclaim: the non-blocking branch wins. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_NOWAIT),
					     0, CTX_RT, false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_NON_BLOCK |
			  ALLOC_KSWAPD);
	/* __GFP_HIGH|__GFP_NOMEMALLOC, order 2: HIGHATOMIC is nested in
	 * the NOMEMALLOC test, CPUSET still dropped for MIN_RESERVE. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, GFPF_HIGH | GFPF_NOMEMALLOC, 2,
					     CTX_PROCESS, false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE);
	ck_assert_uint_eq(gfp_to_alloc_flags(e, GFPF_HIGH, 2, CTX_PROCESS,
					     false),
			  ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
			  ALLOC_NON_BLOCK | ALLOC_HIGHATOMIC);
	/* A stray canonical __GFP_ATOMIC means nothing in 6.12. */
	ck_assert_uint_eq(gfp_to_alloc_flags(e, gfp_type_flag(e, GFPT_KERNEL) |
					     GFPF_ATOMIC, 0, CTX_PROCESS,
					     false),
			  ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD);
}
END_TEST

START_TEST(pfmemalloc_flags)
{
	const gfp_t kernel = GFPF_RECLAIM | GFPF_IO | GFPF_FS;

	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel, CTX_PROCESS), 0);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel, CTX_ATOMIC), 0);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel, CTX_RT), 0);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel | GFPF_MEMALLOC,
					       CTX_PROCESS),
			  ALLOC_NO_WATERMARKS);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel | GFPF_MEMALLOC |
					       GFPF_NOMEMALLOC, CTX_PROCESS), 0);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel, CTX_MEMALLOC),
			  ALLOC_NO_WATERMARKS);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel | GFPF_NOMEMALLOC,
					       CTX_MEMALLOC), 0);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel, CTX_OOM_VICTIM),
			  ALLOC_OOM);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel | GFPF_MEMALLOC,
					       CTX_OOM_VICTIM),
			  ALLOC_NO_WATERMARKS);
	ck_assert_uint_eq(gfp_pfmemalloc_flags(kernel | GFPF_NOMEMALLOC,
					       CTX_OOM_VICTIM), 0);
}
END_TEST

START_TEST(alloc_flags_text)
{
	const unsigned atomic = ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
				ALLOC_NON_BLOCK | ALLOC_KSWAPD;
	char buf[10];

	ck_assert_str_eq(afmt(ERA_4_19, atomic),
			 "ALLOC_WMARK_MIN|ALLOC_HARDER|ALLOC_HIGH");
	ck_assert_str_eq(afmt(ERA_6_12, atomic),
			 "ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|"
			 "ALLOC_KSWAPD");
	ck_assert_str_eq(afmt(ERA_6_12, atomic | ALLOC_HIGHATOMIC),
			 "ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|"
			 "ALLOC_HIGHATOMIC|ALLOC_KSWAPD");
	ck_assert_str_eq(afmt(ERA_6_12, ALLOC_WMARK_LOW | ALLOC_CPUSET |
				       ALLOC_NOFRAGMENT),
			 "ALLOC_WMARK_LOW|ALLOC_CPUSET|ALLOC_NOFRAGMENT");
	ck_assert_str_eq(afmt(ERA_4_19, ALLOC_WMARK_LOW | ALLOC_CPUSET |
				       ALLOC_NOFRAGMENT),
			 "ALLOC_WMARK_LOW|ALLOC_CPUSET");
	ck_assert_str_eq(afmt(ERA_4_19, ALLOC_WMARK_HIGH), "ALLOC_WMARK_HIGH");
	ck_assert_str_eq(afmt(ERA_6_12, ALLOC_NO_WATERMARKS | ALLOC_OOM |
				       ALLOC_CMA),
			 "ALLOC_WMARK_MIN|ALLOC_NO_WATERMARKS|ALLOC_OOM|"
			 "ALLOC_CMA");
	ck_assert_str_eq(afmt(ERA_6_12, 0x400 | 0x3),
			 "0x3|0x400");
	ck_assert_uint_eq(alloc_flags_format(ERA_6_12, 0, buf, sizeof(buf)),
			  strlen("ALLOC_WMARK_MIN"));
	ck_assert_str_eq(buf, "ALLOC_WMA");
	ck_assert_uint_eq(alloc_flags_format(ERA_6_12, 0, NULL, 0),
			  strlen("ALLOC_WMARK_MIN"));

	/* Kernel numbers: 4.19 has no NOFRAGMENT, HIGHATOMIC or KSWAPD. */
	ck_assert_uint_eq(alloc_flags_to_kernel(ERA_4_19, atomic), 0x30);
	ck_assert_uint_eq(alloc_flags_to_kernel(ERA_6_12, atomic), 0x830);
	ck_assert_uint_eq(alloc_flags_to_kernel(ERA_4_19,
						ALLOC_WMARK_HIGH | ALLOC_CPUSET |
						ALLOC_CMA | ALLOC_NOFRAGMENT |
						ALLOC_HIGHATOMIC),
			  0xc2);
	ck_assert_uint_eq(alloc_flags_to_kernel(ERA_6_12,
						ALLOC_WMARK_HIGH | ALLOC_CPUSET |
						ALLOC_CMA | ALLOC_NOFRAGMENT |
						ALLOC_HIGHATOMIC),
			  0x3c2);
	ck_assert_uint_eq(alloc_flags_to_kernel(ERA_4_19, ALLOC_NO_WATERMARKS |
						ALLOC_OOM), 0x0c);
}
END_TEST

START_TEST(alloc_ctx_names)
{
	static const char *const names[NR_ALLOC_CTX] = {
		"process", "atomic", "memalloc", "oom-victim", "rt",
	};
	enum alloc_ctx c;

	for (int i = 0; i < NR_ALLOC_CTX; i++) {
		ck_assert_str_eq(alloc_ctx_name(i), names[i]);
		ck_assert(alloc_ctx_parse(names[i], &c));
		ck_assert_int_eq(c, i);
	}
	ck_assert(alloc_ctx_parse("oom_victim", &c));
	ck_assert_int_eq(c, CTX_OOM_VICTIM);
	ck_assert(alloc_ctx_parse("RT", &c));
	ck_assert_int_eq(c, CTX_RT);
	c = CTX_ATOMIC;
	ck_assert(!alloc_ctx_parse("kswapd", &c));
	ck_assert(!alloc_ctx_parse("", &c));
	ck_assert(!alloc_ctx_parse("process ", &c));
	ck_assert_int_eq(c, CTX_ATOMIC);
	ck_assert_ptr_null(alloc_ctx_name(NR_ALLOC_CTX));
}
END_TEST

static Suite *
gfp_suite(void)
{
	Suite *s = suite_create("gfp");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, type_flag_values);
	tcase_add_test(tc, type_flag_canonical);
	tcase_add_test(tc, bit_values_and_names);
	tcase_add_test(tc, from_kernel_rejects_unknown_bits);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, parse_names);
	tcase_add_test(tc, parse_numbers);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, parse_error_buffers);
	tcase_add_test(tc, parse_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, format_examples);
	tcase_add_test(tc, format_snprintf_contract);
	tcase_add_test(tc, format_parse_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("zone_migratetype");
	tcase_add_test(tc, zone_table);
	tcase_add_test(tc, migratetypes);
	suite_add_tcase(s, tc);

	tc = tcase_create("alloc_flags");
	tcase_add_test(tc, alloc_flags_4_19);
	tcase_add_test(tc, alloc_flags_6_12);
	tcase_add_test(tc, pfmemalloc_flags);
	tcase_add_test(tc, alloc_flags_text);
	tcase_add_test(tc, alloc_ctx_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(gfp_suite());
}
