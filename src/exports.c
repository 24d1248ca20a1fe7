/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exports.c - save, load, hash, export and screenshot (exports.h).
 *
 * The file formats live elsewhere: the session file in sessfile.c (and
 * the machine image in model/save.c), the pictures in ui/export.c behind
 * the session's screenshot hook.  This file holds the commands and the
 * CSV writer.  Every file is written atomically (writefile_atomic: a
 * temporary file beside it, fsync, rename), so an interrupted write
 * leaves the old file as it was.
 */
#include "exports.h"

#include <stdio.h>
#include <stdlib.h>

#include "compaction.h"
#include "era.h"
#include "procfs.h"
#include "readfile.h"
#include "session_impl.h"
#include "session_ui.h"
#include "sessfile.h"

enum exec_status
cmd_exec_save(struct cmd_ctx *c)
{
	if (!sessfile_save(c->s, c->argv[0], c->err, c->errlen))
		return cmd_fail(c);
	strbuf_addf(c->out, "saved the session to %s (%u handle%s)\n", c->argv[0],
		    c->s->st.handles.n, c->s->st.handles.n == 1 ? "" : "s");
	return EXEC_OK;
}

enum exec_status
cmd_exec_load(struct cmd_ctx *c)
{
	const struct machine *m;

	if (!sessfile_load(c->s, c->argv[0], c->err, c->errlen))
		return cmd_fail(c);
	m = c->s->m;
	strbuf_addf(c->out, "loaded %s: machine %s, era %s, %llu pages, "
		    "%u handle%s\n", c->argv[0], c->s->st.preset,
		    era_rules(mm_era(m))->name,
		    (unsigned long long)(mm_end_pfn(m) - mm_start_pfn(m)),
		    c->s->st.handles.n, c->s->st.handles.n == 1 ? "" : "s");
	return EXEC_OK;
}

enum exec_status
cmd_exec_hash(struct cmd_ctx *c)
{
	uint64_t h;

	if (!sessfile_state_hash(c->s, &h))
		return cmd_error(c, "out of memory");
	strbuf_addf(c->out, "state hash 0x%016llx (allocator 0x%016llx)\n",
		    (unsigned long long)h,
		    (unsigned long long)mm_state_hash(c->s->m));
	return EXEC_OK;
}

/* An index x1000 as a decimal: -1000 -> -1.000, 125 -> 0.125. */
static void
put_index(struct strbuf *out, int v)
{
	unsigned a = (unsigned)(v < 0 ? -v : v);

	strbuf_addf(out, ",%s%u.%03u", v < 0 ? "-" : "", a / 1000, a % 1000);
}

unsigned
exports_history_csv(const struct machine *m, struct strbuf *out)
{
	unsigned max_order = mm_max_order(m), n;
	struct mm_sample *hist = malloc(MM_HISTORY * sizeof(*hist));

	strbuf_adds(out, "seq,zone,free_pages,wmark_min,wmark_low,wmark_high");
	for (unsigned o = 0; o <= max_order; o++)
		strbuf_addf(out, ",nr_free_%u", o);
	for (unsigned o = 0; o <= max_order; o++)
		strbuf_addf(out, ",unusable_%u", o);
	for (unsigned o = 0; o <= max_order; o++)
		strbuf_addf(out, ",extfrag_%u", o);
	strbuf_addc(out, '\n');
	if (!hist) {
		out->failed = true;
		return 0;
	}
	n = mm_history(m, hist, MM_HISTORY);
	for (unsigned i = 0; i < n; i++) {
		const struct mm_sample *s = &hist[i];

		for (unsigned z = 0; z < mm_nr_zones(m) && z < MM_MAX_ZONES; z++) {
			struct zone_info zi;

			if (!mm_zone_info(m, z, &zi) || !zi.populated)
				continue;
			strbuf_addf(out, "%llu,%s,%ld,%u,%u,%u",
				    (unsigned long long)s->seq, zi.name, s->free[z],
				    s->wmark[z][0], s->wmark[z][1], s->wmark[z][2]);
			for (unsigned o = 0; o <= max_order; o++)
				strbuf_addf(out, ",%u", s->nr_free[z][o]);
			for (unsigned o = 0; o <= max_order; o++) {
				struct contig_page_info info;

				frag_contig_info_counts(s->nr_free[z], max_order, o, &info);
				put_index(out, frag_unusable_from(&info, o));
			}
			for (unsigned o = 0; o <= max_order; o++) {
				struct contig_page_info info;

				frag_contig_info_counts(s->nr_free[z], max_order, o, &info);
				put_index(out, frag_extfrag_from(&info, o));
			}
			strbuf_addc(out, '\n');
		}
	}
	free(hist);
	return n;
}

enum exec_status
cmd_exec_export(struct cmd_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned n = exports_history_csv(c->s->m, &sb);
	bool ok;

	if (sb.failed) {
		strbuf_release(&sb);
		return cmd_error(c, "out of memory");
	}
	ok = writefile_atomic(c->argv[0], sb.buf, sb.len, false, c->err, c->errlen);
	strbuf_release(&sb);
	if (!ok)
		return cmd_fail(c);
	if (n)
		strbuf_addf(c->out, "exported %u sample%s of the history to %s\n", n,
			    n == 1 ? "" : "s", c->argv[0]);
	else
		strbuf_addf(c->out, "exported the header only to %s: the history "
			    "has no samples yet (one is taken after each command "
			    "that changes the state)\n", c->argv[0]);
	return EXEC_OK;
}

enum exec_status
cmd_exec_screenshot(struct cmd_ctx *c)
{
	if (!session_screenshot(c->s, c->argv[0], c->err, c->errlen))
		return cmd_fail(c);
	strbuf_addf(c->out, "wrote the screen to %s\n", c->argv[0]);
	return EXEC_OK;
}
