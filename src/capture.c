/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture.c - the `capture` command (see capture.h).
 *
 * Order of capture, as for the shared 6.18 data: buddyinfo,
 * pagetypeinfo, zoneinfo, kpageflags, then the trace.  The trace uses
 * tracefs (/sys/kernel/tracing, else /sys/kernel/debug/tracing): the six
 * kmem page events are enabled, the buffer cleared, tracing switched on
 * for SECONDS, then off, the text read and the events switched off
 * again, and tracing_on and the events are left as they were found.  As
 * root, tracefs is mounted at /sys/kernel/tracing when it is not mounted
 * (as trace-cmd does).  Events the kernel's ring buffer had to drop
 * (entries-written above entries-in-buffer in the header) are reported.
 * Files that cannot be read (pagetypeinfo and kpageflags are root-only)
 * are reported and skipped; a failure to write is an error.
 */
#include "capture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "procimport.h"
#include "readfile.h"
#include "replay.h"

static const char *const trace_events[] = {
	"mm_page_alloc", "mm_page_free", "mm_page_free_batched",
	"mm_page_alloc_zone_locked", "mm_page_pcpu_drain",
	"mm_page_alloc_extfrag",
};

static bool
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Copy src/name to dir/name (gzip: dir/name.gz); false only on a
 * write error; a missing or unreadable source is noted. */
static bool
save(const char *src, const char *dir, const char *name, bool gzip,
     struct strbuf *out, char *err, size_t errlen)
{
	char from[4096], to[4200], msg[512];
	char *buf;
	size_t len;

	if (!procimport_find(src, name, NULL, from, sizeof(from))) {
		strbuf_addf(out, "  %-14s not there, skipped\n", name);
		return true;
	}
	if (!readfile_all(from, &buf, &len, 0, msg, sizeof(msg))) {
		strbuf_addf(out, "  %-14s not readable (%s), skipped\n", name,
			    strstr(msg, "ermission") ? "root only" : msg);
		return true;
	}
	snprintf(to, sizeof(to), "%s/%s%s", dir, name, gzip ? ".gz" : "");
	if (!writefile_atomic(to, buf, len, gzip, err, errlen)) {
		free(buf);
		return false;
	}
	strbuf_addf(out, "  %-14s %zu bytes%s\n", name, len, gzip ? ", gzip" : "");
	free(buf);
	return true;
}

/* The first line of a small tracefs file ("1\n"), or def. */
static char
get_flag(const char *path, char def)
{
	FILE *f = fopen(path, "r");
	int c = f ? fgetc(f) : EOF;

	if (f)
		fclose(f);
	return c == '0' || c == '1' ? (char)c : def;
}

static bool
trace_capture(const char *dir, double seconds, struct strbuf *out, char *err,
	      size_t errlen)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	const char *root = NULL;
	char path[512], to[4200], msg[512];
	char *buf;
	size_t len;
	struct timespec ts;
	char was_on, was_enabled[6];
	unsigned long long lost;
	bool ok;

	for (unsigned pass = 0; pass < 2 && !root; pass++) {
		for (unsigned i = 0; i < 2 && !root; i++) {
			snprintf(path, sizeof(path), "%s/tracing_on", roots[i]);
			if (access(path, W_OK) == 0)
				root = roots[i];
		}
		/* not mounted: as root, mount it where the kernel expects */
		if (!root && pass == 0 && geteuid() == 0 &&
		    mount("nodev", roots[0], "tracefs", 0, NULL) == 0)
			strbuf_addf(out, "  (tracefs mounted at %s)\n", roots[0]);
	}
	if (!root) {
		strbuf_adds(out, "  trace          tracefs not writable (needs root "
			    "and tracefs), skipped\n");
		return true;
	}
	snprintf(path, sizeof(path), "%s/tracing_on", root);
	was_on = get_flag(path, '1');
	put(path, "0\n");
	snprintf(path, sizeof(path), "%s/trace", root);
	put(path, "");
	for (unsigned i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "%s/events/kmem/%s/enable", root,
			 trace_events[i]);
		was_enabled[i] = get_flag(path, '0');
		put(path, "1\n");
	}
	snprintf(path, sizeof(path), "%s/tracing_on", root);
	put(path, "1\n");
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
	put(path, "0\n");
	for (unsigned i = 0; i < 6; i++) {
		char v[3] = { was_enabled[i], '\n', '\0' };

		snprintf(path, sizeof(path), "%s/events/kmem/%s/enable", root,
			 trace_events[i]);
		put(path, v);
	}
	snprintf(path, sizeof(path), "%s/trace", root);
	if (!readfile_all(path, &buf, &len, (size_t)1 << 31, msg, sizeof(msg))) {
		strbuf_addf(out, "  trace          %s, skipped\n", msg);
		return true;
	}
	if (was_on == '1') {
		char on[4200];

		snprintf(on, sizeof(on), "%s/tracing_on", root);
		put(on, "1\n");
	}
	snprintf(to, sizeof(to), "%s/trace.txt.gz", dir);
	ok = writefile_atomic(to, buf, len, true, err, errlen);
	lost = replay_trace_lost(buf, len);
	if (ok)
		strbuf_addf(out, "  trace.txt      %zu bytes of %s over %.1f s, gzip\n",
			    len, path, seconds);
	if (ok && lost)
		strbuf_addf(out, "  warning: the kernel's trace buffer dropped %llu "
			    "events (raise %s/buffer_size_kb or capture for less "
			    "time); a replay will diverge\n", lost, root);
	free(buf);
	return ok;
}

bool
capture_run(const char *src, const char *dir, double seconds,
	    struct strbuf *out, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return false;
	}
	strbuf_addf(out, "capture %s into %s:\n", src, dir);
	if (!save(src, dir, "buddyinfo", false, out, err, errlen) ||
	    !save(src, dir, "pagetypeinfo", false, out, err, errlen) ||
	    !save(src, dir, "zoneinfo", false, out, err, errlen) ||
	    !save(src, dir, "kpageflags", true, out, err, errlen))
		return false;
	if (seconds > 0 && !trace_capture(dir, seconds, out, err, errlen))
		return false;
	return true;
}

enum exec_status
cmd_exec_capture(struct cmd_ctx *c)
{
	char dir[4096], src[4096] = "/proc", msg[512];
	double seconds = 0;
	bool have_secs = false;

	for (unsigned i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		char *end;

		if (strncmp(a, "from=", 5) == 0) {
			procimport_resolve(c, a + 5, src, sizeof(src));
		} else if (!have_secs) {
			seconds = strtod(a, &end);
			if (*end || end == a || seconds < 0 || seconds > 3600)
				return cmd_error(c, "SECONDS must be 0..3600, got "
						 "'%.40s'", a);
			have_secs = true;
		} else {
			return cmd_error(c, "expected SECONDS or from=DIR, got "
					 "'%.40s'", a);
		}
	}
	procimport_resolve(c, c->argv[0], dir, sizeof(dir));
	if (!capture_run(src, dir, seconds, c->out, msg, sizeof(msg)))
		return cmd_error(c, "%s", msg);
	return EXEC_OK;
}
