/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.h - --trace-out: the model's events as kernel tracepoint lines.
 *
 * Each event that has a kmem tracepoint in the kernel (mm_page_alloc,
 * mm_page_free, mm_page_alloc_zone_locked, mm_page_pcpu_drain,
 * mm_page_alloc_extfrag) becomes one line in the layout of
 * /sys/kernel/tracing/trace, with the field formats of the machine's era
 * (pfn=%lu in 4.19, pfn=0x%lx in 6.12; reference 10.5), so tools written
 * for real traces can read it.  Events without a tracepoint (watermark
 * checks, splits, merges) are not written.
 */
#ifndef BUDDYSCOPE_TRACE_H
#define BUDDYSCOPE_TRACE_H

#include <stddef.h>

#include "event.h"
#include "mm.h"
#include "strbuf.h"

struct trace;

/* Open (truncate) path for writing; "-" is stdout.  NULL and a message on
 * failure. */
struct trace *trace_open(const char *path, char *err, size_t errlen);
/* Flush and close; the stdout stream is flushed, not closed. */
void trace_close(struct trace *t);

/* Write the line of one event of machine m (nothing for events without a
 * tracepoint). */
void trace_event(struct trace *t, const struct machine *m,
		 const struct mm_event *ev);

/* The TP_printk text of an event (without the ftrace prefix); false for
 * events that have no tracepoint. */
bool trace_format(const struct machine *m, const struct mm_event *ev,
		  struct strbuf *sb);

#endif
