/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bare_compact.c - a yardstick for issue 3's compaction target, not a
 * model: the least a kernel-style buddy allocator must do for bench_vm.c's
 * workload, so that the model's time can be read against what this
 * machine allows at all.
 *
 * The same data layout as the model (internal.h: 8 bytes of list links
 * and a 2-byte {flags, order} record per page, circular doubly linked
 * free lists through the links, arrays on 2 MiB pages) and the same
 * rules where they cost: __free_one_page() merges with every free buddy
 * and puts the block at the tail when buddy_merge_likely(); the
 * migration scanner walks up from the zone start and isolates up to 32
 * pages in use at a time; the free scanner walks pageblocks down from
 * the zone end and takes free blocks off their lists, split into order-0
 * pages; each page migrates to a free page and its old copy is freed at
 * once; compaction ends when the scanners meet.  Everything else is left
 * out: one migratetype and one zone, no watermarks, counters, pageblock
 * types or skip bits, no LRU lists, owners or tasks, no per-CPU lists,
 * no era differences, no events, no stepping.  The scanners use the
 * model's branch-free tricks (a run of pages in use without a branch per
 * page, four page records as one word).
 *
 * The workload: a zone of `pages` pages (a multiple of 1024) filled with
 * order-0 allocations, the PFNs shuffled with bench_vm.c's xorshift64*
 * and seed, the first half freed (sorted first when `sorted`), then one
 * full compaction, timed.
 */
#define _GNU_SOURCE
#include "bare_compact.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define BARE_MAX_ORDER	10
#define BARE_PB_ORDER	9
#define BARE_NIL	UINT32_MAX
#define BARE_BUDDY	0x01
#define BARE_USED	0x02
#define BARE_CLUSTER	32		/* COMPACT_CLUSTER_MAX */

struct bare_link {
	uint32_t next, prev;
};

struct bare_page {
	uint8_t flags, order;
};

struct bare {
	uint32_t nr_pages;
	struct bare_link *links;	/* nr_pages + one sentinel per order */
	struct bare_page *page;
};

static uint32_t
head_of(const struct bare *b, unsigned order)
{
	return b->nr_pages + order;
}

static void
list_add_at(struct bare *b, uint32_t idx, uint32_t head, bool tail)
{
	struct bare_link *l = b->links;
	uint32_t prev = tail ? l[head].prev : head;
	uint32_t next = tail ? head : l[head].next;

	l[idx].next = next;
	l[idx].prev = prev;
	l[prev].next = idx;
	l[next].prev = idx;
}

static void
list_del_at(struct bare *b, uint32_t idx)
{
	struct bare_link *l = b->links;

	l[l[idx].prev].next = l[idx].next;
	l[l[idx].next].prev = l[idx].prev;
}

static void
add_free(struct bare *b, uint32_t idx, unsigned order, bool tail)
{
	b->page[idx].flags = BARE_BUDDY;
	b->page[idx].order = (uint8_t)order;
	list_add_at(b, idx, head_of(b, order), tail);
}

static void
del_free(struct bare *b, uint32_t idx)
{
	list_del_at(b, idx);
	b->page[idx].flags = 0;
}

/* __free_one_page() */
static void
free_one(struct bare *b, uint32_t idx, unsigned order)
{
	bool tail = false;

	for (; order < BARE_MAX_ORDER; order++) {
		uint32_t buddy = idx ^ (1u << order);

		if (!(b->page[buddy].flags & BARE_BUDDY) ||
		    b->page[buddy].order != order)
			break;
		del_free(b, buddy);
		idx &= buddy;
	}
	if (order + 1 < BARE_MAX_ORDER) {
		uint32_t hb = (idx & ~(1u << order)) ^ (2u << order);

		tail = (b->page[hb].flags & BARE_BUDDY) &&
		       b->page[hb].order == order + 1;
	}
	add_free(b, idx, order, tail);
}

/* __rmqueue_smallest() + expand() of one page */
static uint32_t
alloc_page0(struct bare *b)
{
	for (unsigned o = 0; o <= BARE_MAX_ORDER; o++) {
		uint32_t head = head_of(b, o), idx = b->links[head].next;

		if (idx == head)
			continue;
		del_free(b, idx);
		while (o > 0) {
			o--;
			add_free(b, idx + (1u << o), o, false);
		}
		b->page[idx].flags = BARE_USED;
		b->page[idx].order = 0;
		return idx;
	}
	return BARE_NIL;
}

/* The first free block head at or after idx, end if none: four page
 * records as one word, as the model's free scanner does. */
static uint32_t
next_free(const struct bare *b, uint32_t idx, uint32_t end)
{
	while (idx + 4 <= end) {
		uint64_t w;

		memcpy(&w, &b->page[idx], sizeof(w));
		w &= 0x0001000100010001ull * BARE_BUDDY;
		if (w)
			return idx + (uint32_t)__builtin_ctzll(w) / 16;
		idx += 4;
	}
	while (idx < end && !(b->page[idx].flags & BARE_BUDDY))
		idx++;
	return idx;
}

/* An array on 2 MiB pages, as the model's page_array_alloc(); *map and
 * *len are the mapping to unmap. */
static void *
huge_alloc(size_t bytes, void **map, size_t *len)
{
	size_t huge = 2u << 20;
	void *p = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;

	*map = NULL;
	if (p == MAP_FAILED)
		return NULL;
	*map = p;
	*len = bytes + huge;
	a = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
	madvise((void *)a, bytes, MADV_HUGEPAGE);
	return (void *)a;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* compact_zone() of the whole zone; returns the pages migrated. */
static unsigned long
bare_compact_zone(struct bare *b)
{
	uint32_t migrate = 0, free_block = (b->nr_pages >> BARE_PB_ORDER) - 1;
	uint32_t free_pos = free_block << BARE_PB_ORDER;
	uint32_t iso[BARE_CLUSTER + 1], freepages[BARE_CLUSTER + (1u << BARE_MAX_ORDER)];
	unsigned nr_free = 0;
	unsigned long migrated = 0;

	for (;;) {
		unsigned nr_iso = 0;

		/* isolate_migratepages(): pages in use, up to 32, below the
		 * free scanner's pageblock */
		while (nr_iso < BARE_CLUSTER && (migrate >> BARE_PB_ORDER) < free_block) {
			struct bare_page p = b->page[migrate];

			iso[nr_iso] = migrate;
			nr_iso += (p.flags & BARE_USED) != 0;
			migrate += (p.flags & BARE_BUDDY) ? 1u << p.order : 1u;
		}
		if (!nr_iso)
			break;
		for (unsigned k = 0; k < nr_iso; k++) {
			uint32_t dst;

			/* isolate_freepages(): pageblocks from the top, down
			 * to the one after the migration scanner's */
			while (!nr_free && free_block > (migrate >> BARE_PB_ORDER)) {
				uint32_t end = (free_block + 1) << BARE_PB_ORDER;

				while (nr_free < BARE_CLUSTER) {
					unsigned o;

					free_pos = next_free(b, free_pos, end);
					if (free_pos >= end)
						break;
					o = b->page[free_pos].order;
					del_free(b, free_pos);
					for (uint32_t q = free_pos; q < free_pos + (1u << o); q++) {
						b->page[q].order = 0;
						freepages[nr_free++] = q;
					}
					free_pos += 1u << o;
				}
				if (free_pos >= end) {
					free_block--;
					free_pos = free_block << BARE_PB_ORDER;
				}
			}
			if (!nr_free)
				goto done;
			/* migrate_pages(): the new copy, then the old one freed */
			dst = freepages[--nr_free];
			b->page[dst].flags = BARE_USED;
			b->page[iso[k]].flags = 0;
			free_one(b, iso[k], 0);
			migrated++;
		}
	}
done:
	/* release_freepages() */
	while (nr_free) {
		uint32_t q = freepages[--nr_free];

		free_one(b, q, 0);
	}
	return migrated;
}

double
bare_compact_ms(uint32_t pages, uint64_t seed, bool sorted,
		unsigned long *migrated)
{
	struct bare b = { .nr_pages = pages };
	uint32_t *pfns = malloc(pages * sizeof(*pfns));
	uint32_t n = 0, idx;
	struct timespec t0, t1;
	uint64_t rs = seed;
	void *links_map, *page_map;
	size_t links_len = 0, page_len = 0;
	double ms = -1;

	b.links = huge_alloc(((size_t)pages + BARE_MAX_ORDER + 1) * sizeof(*b.links),
			     &links_map, &links_len);
	b.page = huge_alloc((size_t)pages * sizeof(*b.page), &page_map, &page_len);
	if (!pfns || !b.links || !b.page || !pages || pages % (1u << BARE_MAX_ORDER))
		goto out;
	memset(b.page, 0, (size_t)pages * sizeof(*b.page));
	for (unsigned o = 0; o <= BARE_MAX_ORDER; o++)
		b.links[head_of(&b, o)].next = b.links[head_of(&b, o)].prev = head_of(&b, o);
	for (uint32_t i = 0; i < pages; i += 1u << BARE_MAX_ORDER)
		add_free(&b, i, BARE_MAX_ORDER, true);
	while ((idx = alloc_page0(&b)) != BARE_NIL)
		pfns[n++] = idx;
	for (uint32_t i = n - 1; i > 0; i--) {
		uint64_t x = rs, j;
		uint32_t t;

		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		rs = x;
		j = (x * 0x2545f4914f6cdd1dull) % (i + 1);
		t = pfns[i];
		pfns[i] = pfns[j];
		pfns[j] = t;
	}
	if (sorted)
		qsort(pfns, n / 2, sizeof(*pfns), cmp_u32);
	for (uint32_t i = 0; i < n / 2; i++) {
		b.page[pfns[i]].flags = 0;
		free_one(&b, pfns[i], 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	*migrated = bare_compact_zone(&b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
out:
	free(pfns);
	if (links_map)
		munmap(links_map, links_len);
	if (page_map)
		munmap(page_map, page_len);
	return ms;
}
