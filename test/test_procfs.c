/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_procfs.c - Check tests of model/procfs.c: /proc/buddyinfo,
 * /proc/pagetypeinfo, the zone part of /proc/zoneinfo, the debugfs
 * unusable_index and extfrag_index files, and the fragmentation metrics.
 *
 * Machines are built with mm_create() and their free lists shaped with
 * mm_alloc_pages() and mm_free_pages(); the text is then compared byte
 * for byte with expected files written by hand from the kernel's format
 * strings (mm/vmstat.c; reference 10) and numbers worked out by hand
 * from the reference formulas (sections 4 and 9), never with the code
 * under test.  The hand computations are in the comments next to them.
 */
#include "procfs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"

#define NORMAL 2	/* zone index of Normal on x86-64: DMA, DMA32, Normal */

/*
 * The test's machine and PFN array: the checked teardown frees them, so a
 * failed assertion (which leaves the test at once) leaks nothing under
 * valgrind (CK_FORK=no).
 */
static struct machine *test_machine;
static uint64_t *test_pfns;

/* A machine with one populated zone, Normal, of `pages` pages at PFN 0. */
static struct machine *
make_machine(enum kernel_era era, uint64_t pages, unsigned nr_cpus, bool cma)
{
	struct machine_config cfg;
	struct machine *m;
	char err[256] = "";

	mm_config_init(&cfg);
	cfg.era = era;
	cfg.cma = cma;
	cfg.nr_cpus = nr_cpus;
	cfg.nr_zones = 1;
	cfg.zones[0].type = ZONE_NORMAL;
	cfg.zones[0].spanned = pages;
	m = mm_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "mm_create: %s", err);
	test_machine = m;
	return m;
}

/*
 * Allocate the whole machine in blocks of one order: movable requests
 * (they never leave the Movable pageblocks, so no pageblock changes type)
 * from a PF_MEMALLOC task, which ignores the watermarks, with the per-CPU
 * lists off so no page hides on them.  Returns the number of blocks and
 * leaves their head PFNs in test_pfns; the zone has nothing free
 * afterwards.
 */
static size_t
fill_machine(struct machine *m, unsigned order)
{
	size_t cap = 1024, k = 0;
	uint64_t *pfns = malloc(cap * sizeof(*pfns));
	struct alloc_request req;
	struct alloc_result res;
	struct zone_info zi;

	ck_assert_ptr_nonnull(pfns);
	test_pfns = pfns;
	mm_set_pcp(m, false);
	mm_request_init(m, &req, order);
	req.gfp |= GFPF_MOVABLE;
	req.ctx = CTX_MEMALLOC;
	for (;;) {
		memset(&res, 0, sizeof(res));
		if (!mm_alloc_pages(m, &req, &res) || !res.ok)
			break;
		if (k == cap) {
			cap *= 2;
			pfns = realloc(test_pfns, cap * sizeof(*pfns));
			ck_assert_ptr_nonnull(pfns);
			test_pfns = pfns;
		}
		pfns[k++] = res.pfn;
	}
	ck_assert(mm_zone_info(m, NORMAL, &zi));
	ck_assert_int_eq(zi.free, 0);
	return k;
}

/* Free the allocated block at pfn; fail the test with the message if not. */
static void
must_free(struct machine *m, uint64_t pfn)
{
	char err[256] = "";

	ck_assert_msg(mm_free_pages(m, pfn, err, sizeof(err)),
		      "free pfn %lu: %s", (unsigned long)pfn, err);
}

/* The buffer render() writes into; each test case's teardown frees it. */
static struct strbuf render_sb = STRBUF_INIT;

/* The text one writer produces for m (valid until the next call). */
static const char *
render(const struct machine *m,
       void (*writer)(const struct machine *, struct strbuf *))
{
	strbuf_reset(&render_sb);
	writer(m, &render_sb);
	ck_assert(!render_sb.failed);
	return strbuf_str(&render_sb);
}

/* Checked teardown of every test: the machine, its PFNs, the text. */
static void
teardown(void)
{
	mm_destroy(test_machine);
	test_machine = NULL;
	free(test_pfns);
	test_pfns = NULL;
	strbuf_release(&render_sb);
}

/* ---- A fresh machine: one Normal zone of 8192 pages ------------------ */

/*
 * Boot frees [0, 8192) in the largest aligned chunks: 8 blocks of order
 * 10, all in Movable pageblocks (8192 / 512 = 16 pageblocks).
 */
static const char fresh_buddyinfo[] =
	"Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0      8 \n";

static const char fresh_pagetypeinfo[] =
	"Page block order: 9\n"
	"Pages per block:  512\n"
	"\n"
	"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
	"Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
	"Node    0, zone   Normal, type      Movable      0      0      0      0      0      0      0      0      0      0      8 \n"
	"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
	"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
	"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
	"\n"
	"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
	"Node 0, zone   Normal            0           16            0            0            0 \n";

/*
 * Hand computation of the zoneinfo numbers (reference 4.1-4.3):
 *   min_free_kbytes = int_sqrt(8192 pages * 4 kB * 16) = int_sqrt(524288)
 *                   = 724 (724^2 = 524176, 725^2 = 525625)
 *   pages_min = 724 >> 2 = 181; lowmem_pages = 8192 (only Normal)
 *   Normal: tmp = 181 * 8192 / 8192 = 181
 *           dist = max(181 / 4, 8192 * 10 / 10000) = max(45, 8) = 45
 *           min 181, low 226, high 271, promo 316
 *   DMA, DMA32, Device: managed 0 -> tmp 0, dist 0: all 0
 *   Movable: 6.12 treats it like HighMem: clamp(0 / 1024, 32, 128) = 32
 *            and dist 0, so 32/32/32/32; 4.19: tmp = 0, all 0
 *   lowmem_reserve, ratios DMA 256, DMA32 256, Normal 32, Movable 0:
 *     4.19: DMA[j] = DMA32[j] = (sum of managed of zones above up to j)
 *           / 256 = 8192 / 256 = 32 for j >= Normal; Normal[j] = 0 / 32
 *     6.12: also 0 when the lower zone has no managed pages, so DMA and
 *           DMA32 are all 0 too
 *   pcp: zone_batchsize = rounddown_pow_of_two(8192/1024/4 * 3/2) - 1
 *        = rounddown_pow_of_two(3) - 1 = 1
 *     4.19: high = 6 * batch = 6
 *     6.12: pcp->high starts at BOOT_PAGESET_HIGH = 0 and is only
 *           clamped into [high_min, high_max] when the lists are first
 *           used, which a fresh machine has not done yet
 *   vm stats threshold = 2 * fls(1 CPU) * (1 + fls(8192 >> 15 = 0)) = 2
 */
static const char fresh_zoneinfo_612[] =
	"Node 0, zone      DMA\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        promo    0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone    DMA32\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        promo    0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone   Normal\n"
	"  pages free     8192\n"
	"        boost    0\n"
	"        min      181\n"
	"        low      226\n"
	"        high     271\n"
	"        promo    316\n"
	"        spanned  8192\n"
	"        present  8192\n"
	"        managed  8192\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"      nr_free_pages 8192\n"
	"      nr_free_cma  0\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 0\n"
	"              high:  0\n"
	"              batch: 1\n"
	"  vm stats threshold: 2\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           0\n"
	"Node 0, zone  Movable\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      32\n"
	"        low      32\n"
	"        high     32\n"
	"        promo    32\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone   Device\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        promo    0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n";

static const char fresh_zoneinfo_419[] =
	"Node 0, zone      DMA\n"
	"  pages free     0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        protection: (0, 0, 32, 32, 32)\n"
	"Node 0, zone    DMA32\n"
	"  pages free     0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        protection: (0, 0, 32, 32, 32)\n"
	"Node 0, zone   Normal\n"
	"  pages free     8192\n"
	"        min      181\n"
	"        low      226\n"
	"        high     271\n"
	"        spanned  8192\n"
	"        present  8192\n"
	"        managed  8192\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"      nr_free_pages 8192\n"
	"      nr_free_cma  0\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 0\n"
	"              high:  6\n"
	"              batch: 1\n"
	"  vm stats threshold: 2\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           0\n"
	"Node 0, zone  Movable\n"
	"  pages free     0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone   Device\n"
	"  pages free     0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        protection: (0, 0, 0, 0, 0)\n";

/* Every order is available as a whole block: nothing unusable, every
 * extfrag index the -1000 sentinel. */
static const char fresh_unusable[] =
	"Node 0, zone   Normal 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 \n";
static const char fresh_extfrag[] =
	"Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 \n";

static const enum kernel_era eras[] = { ERA_4_19, ERA_6_12 };

START_TEST(test_fresh_buddyinfo)
{
	struct machine *m = make_machine(eras[_i], 8192, 1, false);

	ck_assert_str_eq(render(m, procfs_buddyinfo), fresh_buddyinfo);
}
END_TEST

START_TEST(test_fresh_pagetypeinfo)
{
	struct machine *m = make_machine(eras[_i], 8192, 1, false);

	ck_assert_str_eq(render(m, procfs_pagetypeinfo), fresh_pagetypeinfo);
}
END_TEST

START_TEST(test_fresh_zoneinfo_612)
{
	struct machine *m = make_machine(ERA_6_12, 8192, 1, false);

	ck_assert_str_eq(render(m, procfs_zoneinfo), fresh_zoneinfo_612);
}
END_TEST

START_TEST(test_fresh_zoneinfo_419)
{
	struct machine *m = make_machine(ERA_4_19, 8192, 1, false);

	/* per-CPU lists on, as a booted 4.19 kernel has them: zone_batchsize
	 * = rounddown_pow_of_two(2 + 1) - 1 = 1, high = 6 * 1 */
	mm_set_pcp(m, true);
	ck_assert_str_eq(render(m, procfs_zoneinfo), fresh_zoneinfo_419);
}
END_TEST

START_TEST(test_fresh_indices)
{
	struct machine *m = make_machine(eras[_i], 8192, 1, false);

	/* -1.000 is as wide as "%2d.%03d " makes it: same text in both eras. */
	ck_assert_str_eq(render(m, procfs_unusable_index), fresh_unusable);
	ck_assert_str_eq(render(m, procfs_extfrag_index), fresh_extfrag);
}
END_TEST

/*
 * Two CPUs: each CPU gets its own cpu/count/high/batch block followed by
 * its "vm stats threshold" line, as in the kernel's loop; the threshold
 * is 2 * fls(2) * (1 + fls(0)) = 4.
 */
START_TEST(test_zoneinfo_two_cpus)
{
	struct machine *m = make_machine(ERA_4_19, 8192, 2, false);
	const char *want;

	mm_set_pcp(m, true);
	want =
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: 0\n"
		"              high:  6\n"
		"              batch: 1\n"
		"  vm stats threshold: 4\n"
		"    cpu: 1\n"
		"              count: 0\n"
		"              high:  6\n"
		"              batch: 1\n"
		"  vm stats threshold: 4\n"
		"  node_unreclaimable:  0\n"
		"  start_pfn:           0\n"
		"Node 0, zone  Movable\n";

	ck_assert_ptr_nonnull(strstr(render(m, procfs_zoneinfo), want));
}
END_TEST

/*
 * With CONFIG_CMA the kernel has a MIGRATE_CMA type between HighAtomic
 * and Isolate, and both tables get its column.  The machine has no CMA
 * area, so the counts are 0.
 */
START_TEST(test_pagetypeinfo_cma_columns)
{
	struct machine *m = make_machine(ERA_6_12, 8192, 1, true);
	const char *want =
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Movable      0      0      0      0      0      0      0      0      0      0      8 \n"
		"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type          CMA      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		"Node 0, zone   Normal            0           16            0            0            0            0 \n";

	ck_assert_str_eq(render(m, procfs_pagetypeinfo), want);
}
END_TEST

/* ---- The reference's hand examples (section 9) ------------------------ */

static void
check_contig(const struct machine *m, unsigned order, unsigned long pages,
	     unsigned long total, unsigned long suitable)
{
	struct contig_page_info info;

	frag_contig_page_info(m, NORMAL, order, &info);
	ck_assert_uint_eq(info.free_pages, pages);
	ck_assert_uint_eq(info.free_blocks_total, total);
	ck_assert_uint_eq(info.free_blocks_suitable, suitable);
}

/*
 * 20000 free pages as 5000 order-2 blocks.  A 40960-page zone is
 * allocated entirely in order-2 blocks; then the block at the start of
 * each of the first 5000 8-page runs is freed: its buddy (+4) is still
 * allocated, so nothing merges.
 *   unusable(o) = 0 for o <= 2 (every free page is in a usable block),
 *                 1000 above
 *   extfrag(o)  = -1000 for o <= 2, else
 *                 1000 - (1000 + 20000000 / 2^o) / 5000:
 *     o=3: 1000 - 2501000/5000 = 1000 - 500 = 500
 *     o=4: 1000 - 1251000/5000 = 1000 - 250 = 750   (the reference's)
 *     o=5: 1000 - 626000/5000 = 875      o=6: 1000 - 313500/5000 = 938
 *     o=7: 1000 - 157250/5000 = 969      o=8: 1000 - 79125/5000 = 985
 *     o=9: 1000 - 40062/5000 = 992       o=10: 1000 - 20531/5000 = 996
 */
START_TEST(test_5000_order2)
{
	enum kernel_era era = eras[_i];
	struct machine *m = make_machine(era, 40960, 1, false);
	size_t n = fill_machine(m, 2), freed = 0;
	const uint64_t *pfns = test_pfns;
	const char *unusable =
		"Node 0, zone   Normal 0.000 0.000 0.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n";
	const char *extfrag = era == ERA_4_19 ?
		"Node 0, zone   Normal -1.000 -1.000 -1.000 0.500 0.750 0.875 0.938 0.969 0.985 0.992 0.996 \n" :
		"Node 0, zone   Normal -1.000 -1.000 -1.000  0.500  0.750  0.875  0.938  0.969  0.985  0.992  0.996 \n";

	ck_assert_uint_eq(n, 40960 / 4);
	for (size_t i = 0; i < n && freed < 5000; i++) {
		if (pfns[i] % 8 == 0) {
			must_free(m, pfns[i]);
			freed++;
		}
	}
	ck_assert_uint_eq(freed, 5000);

	ck_assert_str_eq(render(m, procfs_buddyinfo),
		"Node 0, zone   Normal      0      0   5000      0      0      0      0      0      0      0      0 \n");
	check_contig(m, 4, 20000, 5000, 0);
	check_contig(m, 1, 20000, 5000, 10000);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 4), 1000);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 4), 750);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 2), -1000);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 4), 100);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 2), 0);
	ck_assert_str_eq(render(m, procfs_unusable_index), unusable);
	ck_assert_str_eq(render(m, procfs_extfrag_index), extfrag);
}
END_TEST

/*
 * 4096 free pages as 8 order-9 blocks, order-10 request: an 8192-page
 * zone allocated in 16 order-9 blocks, the lower half of each order-10
 * block freed (its buddy, the upper half, stays allocated).
 *   extfrag(10) = 1000 - (1000 + 4096000/1024) / 8 = 1000 - 625 = 375
 *   unusable(10) = 1000, unusable(9) = 0
 */
START_TEST(test_8_order9)
{
	enum kernel_era era = eras[_i];
	struct machine *m = make_machine(era, 8192, 1, false);
	size_t n = fill_machine(m, 9);
	const uint64_t *pfns = test_pfns;
	const char *unusable =
		"Node 0, zone   Normal 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 1.000 \n";
	const char *extfrag = era == ERA_4_19 ?
		"Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 0.375 \n" :
		"Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000  0.375 \n";

	ck_assert_uint_eq(n, 16);
	for (size_t i = 0; i < n; i++)
		if (pfns[i] % 1024 == 0)
			must_free(m, pfns[i]);

	ck_assert_str_eq(render(m, procfs_buddyinfo),
		"Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      8      0 \n");
	check_contig(m, 10, 4096, 8, 0);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 10), 375);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 10), 1000);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 9), 0);
	ck_assert_str_eq(render(m, procfs_unusable_index), unusable);
	ck_assert_str_eq(render(m, procfs_extfrag_index), extfrag);
}
END_TEST

/*
 * 1024 free order-0 pages: an 8192-page zone allocated page by page, then
 * the even PFNs 0, 2, ..., 2046 freed (each buddy, the odd PFN, stays).
 *   extfrag(o) = 1000 - (1000 + 1024000 / 2^o) / 1024:
 *     o=1: 1000 - 513000/1024 = 500    o=2: 1000 - 257000/1024 = 750
 *     o=3: 1000 - 129000/1024 = 875    o=4: 1000 - 65000/1024 = 937
 *     o=5: 1000 - 33000/1024 = 968     o=6: 1000 - 17000/1024 = 984
 *     o=7: 1000 - 9000/1024 = 992      o=8: 1000 - 5000/1024 = 996
 *     o=9: 1000 - 3000/1024 = 998      o=10: 1000 - 2000/1024 = 999
 */
START_TEST(test_1024_order0)
{
	enum kernel_era era = eras[_i];
	struct machine *m = make_machine(era, 8192, 1, false);
	size_t n = fill_machine(m, 0);
	const char *unusable =
		"Node 0, zone   Normal 0.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n";
	const char *extfrag = era == ERA_4_19 ?
		"Node 0, zone   Normal -1.000 0.500 0.750 0.875 0.937 0.968 0.984 0.992 0.996 0.998 0.999 \n" :
		"Node 0, zone   Normal -1.000  0.500  0.750  0.875  0.937  0.968  0.984  0.992  0.996  0.998  0.999 \n";

	ck_assert_uint_eq(n, 8192);
	for (uint64_t pfn = 0; pfn < 2048; pfn += 2)
		must_free(m, pfn);

	ck_assert_str_eq(render(m, procfs_buddyinfo),
		"Node 0, zone   Normal   1024      0      0      0      0      0      0      0      0      0      0 \n");
	check_contig(m, 4, 1024, 1024, 0);
	check_contig(m, 0, 1024, 1024, 1024);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 4), 937);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 4), 100);
	ck_assert_str_eq(render(m, procfs_unusable_index), unusable);
	ck_assert_str_eq(render(m, procfs_extfrag_index), extfrag);
}
END_TEST

/*
 * A single free page.  __fragmentation_index() then goes below zero:
 * 1000 - (1000 + 1000 / 2^o) / 1, i.e. -500, -250, -125, -62, -31, -15,
 * -7, -3, -1 for orders 1..9 and 0 for order 10 (1000/1024 = 0).  The
 * kernel prints index/1000 = 0 and index%1000 = -500 with "%03d", so the
 * file reads "0.-500"; "%03d" pads -7 to "-07".
 */
START_TEST(test_single_page_negative)
{
	enum kernel_era era = eras[_i];
	struct machine *m = make_machine(era, 8192, 1, false);
	size_t n = fill_machine(m, 0);
	const char *unusable =
		"Node 0, zone   Normal 0.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n";
	const char *extfrag = era == ERA_4_19 ?
		"Node 0, zone   Normal -1.000 0.-500 0.-250 0.-125 0.-62 0.-31 0.-15 0.-07 0.-03 0.-01 0.000 \n" :
		"Node 0, zone   Normal -1.000  0.-500  0.-250  0.-125  0.-62  0.-31  0.-15  0.-07  0.-03  0.-01  0.000 \n";

	ck_assert_uint_eq(n, 8192);
	must_free(m, 4000);
	check_contig(m, 1, 1, 1, 0);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 1), -500);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 7), -7);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 10), 0);
	ck_assert_str_eq(render(m, procfs_unusable_index), unusable);
	ck_assert_str_eq(render(m, procfs_extfrag_index), extfrag);
}
END_TEST

/*
 * A mix: pages 0..7 freed (they merge into one order-3 block; its buddy
 * 8..15 is allocated) and the 8 even pages 16, 18, ..., 30 (order 0).
 * free_pages 16, blocks 9.
 *   order 2: suitable = 1 << (3 - 2) = 2
 *   unusable(1..3) = (16 - 8) * 1000 / 16 = 500; unusable(4) = 1000
 *   extfrag_for_order(3) = (16 - 8) * 100 / 16 = 50
 *   extfrag(3) = -1000; extfrag(4) = 1000 - (1000 + 16000/16) / 9
 *              = 1000 - 222 = 778
 */
START_TEST(test_mixed)
{
	struct machine *m = make_machine(ERA_6_12, 8192, 1, false);
	size_t n = fill_machine(m, 0);

	ck_assert_uint_eq(n, 8192);
	for (uint64_t pfn = 0; pfn < 8; pfn++)
		must_free(m, pfn);
	for (uint64_t pfn = 16; pfn < 32; pfn += 2)
		must_free(m, pfn);

	ck_assert_str_eq(render(m, procfs_buddyinfo),
		"Node 0, zone   Normal      8      0      0      1      0      0      0      0      0      0      0 \n");
	check_contig(m, 2, 16, 9, 2);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 0), 0);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 1), 500);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 3), 500);
	ck_assert_int_eq(frag_unusable_index(m, NORMAL, 4), 1000);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 0), 0);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 3), 50);
	ck_assert_int_eq(frag_extfrag_for_order(m, NORMAL, 4), 100);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 3), -1000);
	ck_assert_int_eq(frag_extfrag_index(m, NORMAL, 4), 778);
	ck_assert_str_eq(render(m, procfs_unusable_index),
		"Node 0, zone   Normal 0.000 0.500 0.500 0.500 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n");
}
END_TEST

/*
 * Nothing free: unusable 1000 (no free memory counts as all unusable),
 * extfrag 0 (no blocks at all), extfrag_for_order 0.  The same for an
 * unpopulated zone (DMA) and for a zone index that does not exist.
 */
START_TEST(test_nothing_free)
{
	struct machine *m = make_machine(ERA_6_12, 8192, 1, false);
	size_t n = fill_machine(m, 10);

	ck_assert_uint_eq(n, 8);
	check_contig(m, 0, 0, 0, 0);
	for (unsigned zone = 0; zone <= MM_MAX_ZONES; zone += NORMAL) {
		ck_assert_int_eq(frag_unusable_index(m, zone, 3), 1000);
		ck_assert_int_eq(frag_extfrag_index(m, zone, 3), 0);
		ck_assert_int_eq(frag_extfrag_for_order(m, zone, 3), 0);
	}
	ck_assert_str_eq(render(m, procfs_unusable_index),
		"Node 0, zone   Normal 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n");
	ck_assert_str_eq(render(m, procfs_extfrag_index),
		"Node 0, zone   Normal  0.000  0.000  0.000  0.000  0.000  0.000  0.000  0.000  0.000  0.000  0.000 \n");
}
END_TEST

/* ---- The ">100000" cap of pagetypeinfo -------------------------------- */

/* The Movable free-count row of a pagetypeinfo text, newline included. */
static const char *
movable_row(const char *text)
{
	static char line[256];
	const char *p = strstr(text, "type      Movable");
	const char *nl;

	ck_assert_ptr_nonnull(p);
	while (p > text && p[-1] != '\n')
		p--;
	nl = strchr(p, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert_uint_lt((size_t)(nl - p) + 1, sizeof(line));
	memcpy(line, p, (size_t)(nl - p) + 1);
	line[nl - p + 1] = '\0';
	return line;
}

/*
 * A 200704-page zone (196 order-10 blocks, 392 pageblocks) allocated
 * page by page, then the even PFNs freed one by one: every free page is
 * an order-0 Movable block.  The kernel (5.4+) stops walking a list when
 * ++freecount >= 100000, so 99999 blocks print " 99999" and 100000 or
 * more print ">100000"; 4.19 counts the whole list.
 */
START_TEST(test_pagetypeinfo_cap)
{
	enum kernel_era era = eras[_i];
	struct machine *m = make_machine(era, 200704, 1, false);
	size_t n = fill_machine(m, 0);
	uint64_t pfn;

	ck_assert_uint_eq(n, 200704);
	for (pfn = 0; pfn < 2 * 99999; pfn += 2)
		must_free(m, pfn);
	ck_assert_str_eq(movable_row(render(m, procfs_pagetypeinfo)),
		"Node    0, zone   Normal, type      Movable  99999      0      0      0      0      0      0      0      0      0      0 \n");

	must_free(m, pfn);
	pfn += 2;
	ck_assert_str_eq(movable_row(render(m, procfs_pagetypeinfo)), era == ERA_6_12 ?
		"Node    0, zone   Normal, type      Movable >100000      0      0      0      0      0      0      0      0      0      0 \n" :
		"Node    0, zone   Normal, type      Movable 100000      0      0      0      0      0      0      0      0      0      0 \n");

	for (; pfn < 2 * 100352; pfn += 2)
		must_free(m, pfn);
	ck_assert_str_eq(render(m, procfs_buddyinfo),
		"Node 0, zone   Normal 100352      0      0      0      0      0      0      0      0      0      0 \n");
	ck_assert_str_eq(render(m, procfs_pagetypeinfo), era == ERA_6_12 ?
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Movable >100000      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		"Node 0, zone   Normal            0          392            0            0            0 \n" :
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Movable 100352      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		"Node 0, zone   Normal            0          392            0            0            0 \n");
}
END_TEST

static Suite *
procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *tc;
	int ne = (int)(sizeof(eras) / sizeof(eras[0]));

	tc = tcase_create("fresh");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_fresh_buddyinfo, 0, ne);
	tcase_add_loop_test(tc, test_fresh_pagetypeinfo, 0, ne);
	tcase_add_test(tc, test_fresh_zoneinfo_612);
	tcase_add_test(tc, test_fresh_zoneinfo_419);
	tcase_add_loop_test(tc, test_fresh_indices, 0, ne);
	tcase_add_test(tc, test_zoneinfo_two_cpus);
	tcase_add_test(tc, test_pagetypeinfo_cma_columns);
	suite_add_tcase(s, tc);

	tc = tcase_create("indices");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_5000_order2, 0, ne);
	tcase_add_loop_test(tc, test_8_order9, 0, ne);
	tcase_add_loop_test(tc, test_1024_order0, 0, ne);
	tcase_add_loop_test(tc, test_single_page_negative, 0, ne);
	tcase_add_test(tc, test_mixed);
	tcase_add_test(tc, test_nothing_free);
	suite_add_tcase(s, tc);

	tc = tcase_create("cap");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_pagetypeinfo_cap, 0, ne);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run_suite(procfs_suite());
}
