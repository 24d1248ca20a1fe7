/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.c - kernel tracepoint lines from model events (trace.h).
 *
 * Line layout, as /sys/kernel/tracing/trace prints it (4.19 has a 5-wide
 * pid and four latency flags, 6.12 a 7-wide pid and five):
 *
 *       buddyscope-1       [000] .....     0.000001: mm_page_alloc: page=...
 *
 * The timestamp counts events (one microsecond each), so traces of the
 * same run are identical.  The page= field prints what %px would: the
 * struct page address in the x86-64 vmemmap (0xffffea0000000000 + 64 *
 * pfn); the kernel hashes %p, which a simulator cannot reproduce.  A
 * failed mm_page_alloc prints a NULL page and pfn 0, as the kernel does.
 */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VMEMMAP_BASE 0xffffea0000000000ull

struct trace {
	FILE *f;
	bool is_stdout;
	unsigned long long seq;
	struct strbuf line;
};

struct trace *
trace_open(const char *path, char *err, size_t errlen)
{
	struct trace *t = calloc(1, sizeof(*t));

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		t->f = stdout;
		t->is_stdout = true;
	} else {
		t->f = fopen(path, "w");
		if (!t->f) {
			snprintf(err, errlen, "cannot write the trace to %s: %s",
				 path, strerror(errno));
			free(t);
			return NULL;
		}
	}
	strbuf_init(&t->line);
	return t;
}

void
trace_close(struct trace *t)
{
	if (!t)
		return;
	if (t->is_stdout)
		fflush(t->f);
	else
		fclose(t->f);
	strbuf_release(&t->line);
	free(t);
}

static void
add_page(struct strbuf *sb, uint64_t pfn, bool hex)
{
	strbuf_addf(sb, "page=%016llx ",
		    (unsigned long long)(VMEMMAP_BASE + pfn * 64));
	if (hex)
		strbuf_addf(sb, "pfn=0x%llx", (unsigned long long)pfn);
	else
		strbuf_addf(sb, "pfn=%llu", (unsigned long long)pfn);
}

bool
trace_format(const struct machine *m, const struct mm_event *ev,
	     struct strbuf *sb)
{
	enum kernel_era era = mm_era(m);
	const struct era_rules *r = era_rules(era);
	bool hex = r->trace_pfn_hex, cma = mm_have_cma(m);
	char gfp[256];

	switch (ev->type) {
	case EV_ALLOC_DONE:
		strbuf_adds(sb, "mm_page_alloc: ");
		if (ev->ok) {
			add_page(sb, ev->pfn, hex);
		} else {
			strbuf_adds(sb, hex ? "page=0000000000000000 pfn=0x0"
					    : "page=(null) pfn=0");
		}
		gfp_format(era, ev->gfp, gfp, sizeof(gfp));
		strbuf_addf(sb, " order=%u migratetype=%d gfp_flags=%s",
			    ev->order, migratetype_kernel_nr(ev->mt, cma), gfp);
		return true;
	case EV_FREE:
		strbuf_adds(sb, "mm_page_free: ");
		add_page(sb, ev->pfn, hex);
		strbuf_addf(sb, " order=%u", ev->order);
		return true;
	case EV_LIST_TAKE:
		/* __rmqueue_smallest() (6.x) / __rmqueue() (4.19) under
		 * zone->lock; percpu_refill as the era computes it. */
		strbuf_adds(sb, "mm_page_alloc_zone_locked: ");
		add_page(sb, ev->pfn, hex);
		strbuf_addf(sb, " order=%u migratetype=%d percpu_refill=%d",
			    ev->order, migratetype_kernel_nr(ev->mt, cma),
			    ev->percpu ? 1 : 0);
		return true;
	case EV_PCP_DRAIN:
		strbuf_adds(sb, "mm_page_pcpu_drain: ");
		add_page(sb, ev->pfn, hex);
		strbuf_addf(sb, " order=%u migratetype=%d", ev->order,
			    migratetype_kernel_nr(ev->mt, cma));
		return true;
	case EV_FALLBACK:
		strbuf_adds(sb, "mm_page_alloc_extfrag: ");
		add_page(sb, ev->pfn, hex);
		strbuf_addf(sb,
			    " alloc_order=%u fallback_order=%u pageblock_order=%u"
			    " alloc_migratetype=%d fallback_migratetype=%d"
			    " fragmenting=%d change_ownership=%d",
			    ev->order, ev->block_order, mm_pageblock_order(m),
			    migratetype_kernel_nr(ev->mt, cma),
			    migratetype_kernel_nr(ev->fallback_mt, cma),
			    ev->block_order < mm_pageblock_order(m),
			    ev->claimed ? 1 : 0);
		return true;
	default:
		return false;
	}
}

void
trace_event(struct trace *t, const struct machine *m,
	    const struct mm_event *ev)
{
	bool new_fmt = era_rules(mm_era(m))->trace_pfn_hex;
	unsigned long long us;

	strbuf_reset(&t->line);
	if (!trace_format(m, ev, &t->line))
		return;
	us = ++t->seq;
	if (new_fmt)
		fprintf(t->f, "%16s-%-7d [%03u] ..... %5llu.%06llu: %s\n",
			"buddyscope", 1, 0u, us / 1000000, us % 1000000,
			strbuf_str(&t->line));
	else
		fprintf(t->f, "%16s-%-5d [%03u] .... %5llu.%06llu: %s\n",
			"buddyscope", 1, 0u, us / 1000000, us % 1000000,
			strbuf_str(&t->line));
}
