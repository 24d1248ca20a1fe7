/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sessfile.c - the session file of save and load.
 *
 * Layout (native byte order; the machine image checks it):
 *
 *   "buddyscope session\n"   magic line, so `head -1` tells what it is
 *   version u32              SESSION_FILE_VERSION
 *   body length u64
 *   body                     sessfile_encode(): the session, then the
 *                            machine image of model/save.h
 *   checksum u64             FNV-1a 64 of every byte before it
 *
 * The session part:
 *
 *   seed rng next_auto next_wl next_pin now_ms   u64 each
 *   daemons_manual u8, preset char[32], struct machine_config
 *   nr_handles u32, then per handle: name char[32], pfn u64, order u32,
 *     wl_pos i32 (its place in the workload list, -1 if none)
 *   nr_wl u32, then the handle index of each workload entry (u32)
 *
 * Handles are stored in their table's order and the workload list in
 * its own order, because a workload's random frees index into it: the
 * same order is what makes the loaded session behave as the saved one.
 */
#include "sessfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"
#include "save.h"
#include "session_impl.h"

#define SESSION_MAGIC "buddyscope session\n"
#define SESSION_MAGIC_LEN (sizeof(SESSION_MAGIC) - 1)
#define SESSION_FILE_MAX ((size_t)4 << 30)

static uint64_t
fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ull;
	return h;
}

#define FNV_INIT 0xcbf29ce484222325ull

static void
put(struct strbuf *out, const void *p, size_t n)
{
	strbuf_add(out, (const char *)p, n);
}

static void
put_u64(struct strbuf *out, uint64_t v)
{
	put(out, &v, sizeof(v));
}

static void
put_u32(struct strbuf *out, uint32_t v)
{
	put(out, &v, sizeof(v));
}

bool
sessfile_encode(const struct session *s, struct strbuf *out)
{
	const struct sess_state *st = &s->st;
	uint8_t b = st->daemons_manual;
	char preset[sizeof(st->preset)];

	put_u64(out, st->seed);
	put_u64(out, st->rng);
	put_u64(out, st->next_auto);
	put_u64(out, st->next_wl);
	put_u64(out, st->next_pin);
	put_u64(out, st->now_ms);
	put(out, &b, 1);
	memset(preset, 0, sizeof(preset));
	memcpy(preset, st->preset, strnlen(st->preset, sizeof(preset) - 1));
	put(out, preset, sizeof(preset));
	put(out, &st->cfg, sizeof(st->cfg));
	put_u32(out, st->handles.n);
	for (unsigned i = 0; i < st->handles.n; i++) {
		const struct handle *h = &st->handles.v[i];
		char name[HANDLE_NAME_MAX];
		int32_t wl = h->wl_pos;

		memset(name, 0, sizeof(name));
		memcpy(name, h->name, strnlen(h->name, sizeof(name) - 1));
		put(out, name, sizeof(name));
		put_u64(out, h->pfn);
		put_u32(out, h->order);
		put(out, &wl, sizeof(wl));
	}
	put_u32(out, st->nwl);
	for (unsigned i = 0; i < st->nwl; i++)
		put_u32(out, st->wl[i]);
	return mm_save(s->m, out) && !out->failed;
}

bool
sessfile_state_hash(const struct session *s, uint64_t *out)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = sessfile_encode(s, &sb);

	if (ok)
		*out = fnv64(FNV_INIT, sb.buf, sb.len);
	strbuf_release(&sb);
	return ok;
}

bool
sessfile_save(const struct session *s, const char *path, char *err,
	      size_t errlen)
{
	struct strbuf file = STRBUF_INIT;
	size_t body_at;
	uint64_t body_len, sum;
	bool ok = false;

	/* One buffer: the header with the body's length patched in after. */
	put(&file, SESSION_MAGIC, SESSION_MAGIC_LEN);
	put_u32(&file, SESSION_FILE_VERSION);
	put_u64(&file, 0);
	body_at = file.len;
	if (!sessfile_encode(s, &file) || file.failed) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	body_len = file.len - body_at;
	memcpy(file.buf + body_at - 8, &body_len, 8);
	sum = fnv64(FNV_INIT, file.buf, file.len);
	put_u64(&file, sum);
	if (file.failed) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	ok = writefile_atomic(path, file.buf, file.len, false, err, errlen);
out:
	strbuf_release(&file);
	return ok;
}

/* ---- loading --------------------------------------------------------------- */

struct cursor {
	const unsigned char *p;
	size_t len, off;
};

static bool
take(struct cursor *c, void *dst, size_t n)
{
	if (n > c->len - c->off)
		return false;
	memcpy(dst, c->p + c->off, n);
	c->off += n;
	return true;
}

static void
state_release(struct sess_state *st)
{
	free(st->handles.v);
	free(st->handles.slots);
	free(st->handles.pslots);
	free(st->wl);
	memset(st, 0, sizeof(*st));
}

/* Read the session part into st (handles checked against m). */
static bool
decode_state(struct cursor *c, struct sess_state *st, const struct machine *m,
	     char *err, size_t errlen)
{
	uint32_t n, nwl;
	uint8_t b;

	if (!take(c, &st->seed, 8) || !take(c, &st->rng, 8) ||
	    !take(c, &st->next_auto, 8) || !take(c, &st->next_wl, 8) ||
	    !take(c, &st->next_pin, 8) || !take(c, &st->now_ms, 8) ||
	    !take(c, &b, 1) || !take(c, st->preset, sizeof(st->preset)) ||
	    !take(c, &st->cfg, sizeof(st->cfg)) || !take(c, &n, 4))
		goto short_read;
	st->daemons_manual = b != 0;
	if (b > 1 || memchr(st->preset, '\0', sizeof(st->preset)) == NULL) {
		snprintf(err, errlen, "the session settings are corrupt");
		return false;
	}
	if ((uint64_t)n * (HANDLE_NAME_MAX + 16) > c->len - c->off)
		goto short_read;
	for (uint32_t i = 0; i < n; i++) {
		char name[HANDLE_NAME_MAX];
		uint64_t pfn, head;
		uint32_t order;
		int32_t wl;
		unsigned border;
		enum page_owner owner;

		if (!take(c, name, sizeof(name)) || !take(c, &pfn, 8) ||
		    !take(c, &order, 4) || !take(c, &wl, 4))
			goto short_read;
		if (!memchr(name, '\0', sizeof(name)) || !name[0]) {
			snprintf(err, errlen, "handle %u has no valid name", i + 1);
			return false;
		}
		if (!mm_find_allocation(m, pfn, &head, &border, &owner) ||
		    head != pfn || border != order) {
			snprintf(err, errlen, "handle '%s' names PFN 0x%llx order %u, "
				 "which is not an allocated block of the saved machine",
				 name, (unsigned long long)pfn, order);
			return false;
		}
		if (handle_find(st, name) || handle_by_pfn(st, pfn)) {
			snprintf(err, errlen, "handle '%s' is listed twice", name);
			return false;
		}
		if (!handle_add(st, name, pfn, order, false)) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
		st->handles.v[i].wl_pos = wl;
	}
	if (!take(c, &nwl, 4))
		goto short_read;
	if (nwl > n) {
		snprintf(err, errlen, "%u workload entries for %u handles", nwl, n);
		return false;
	}
	st->wl = malloc((nwl ? nwl : 1) * sizeof(*st->wl));
	if (!st->wl) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	st->wlcap = nwl ? nwl : 1;
	for (uint32_t k = 0; k < nwl; k++) {
		if (!take(c, &st->wl[k], 4))
			goto short_read;
		if (st->wl[k] >= n || st->handles.v[st->wl[k]].wl_pos != (int)k) {
			snprintf(err, errlen, "workload entry %u does not match its "
				 "handle", k);
			return false;
		}
	}
	st->nwl = nwl;
	for (uint32_t i = 0; i < n; i++)
		if (st->handles.v[i].wl_pos < -1 ||
		    st->handles.v[i].wl_pos >= (int)nwl) {
			snprintf(err, errlen, "handle '%s' has a bad workload place",
				 st->handles.v[i].name);
			return false;
		}
	return true;
short_read:
	snprintf(err, errlen, "the session part is truncated");
	return false;
}

bool
sessfile_load(struct session *s, const char *path, char *err, size_t errlen)
{
	char *buf = NULL, msg[512];
	size_t len, used;
	struct cursor c;
	struct sess_state st;
	struct machine *m = NULL;
	uint32_t version;
	uint64_t body_len, sum, want;
	size_t body_at, state_at;

	memset(&st, 0, sizeof(st));
	if (!readfile_all(path, &buf, &len, SESSION_FILE_MAX, err, errlen))
		return false;
	c = (struct cursor){ (const unsigned char *)buf, len, 0 };
	if (len < SESSION_MAGIC_LEN || memcmp(buf, SESSION_MAGIC, SESSION_MAGIC_LEN) != 0) {
		snprintf(msg, sizeof(msg), "not a buddyscope session file");
		goto bad;
	}
	c.off = SESSION_MAGIC_LEN;
	if (!take(&c, &version, 4) || !take(&c, &body_len, 8)) {
		snprintf(msg, sizeof(msg), "the file is truncated (in its header)");
		goto bad;
	}
	if (version != SESSION_FILE_VERSION) {
		snprintf(msg, sizeof(msg), "session file version %u, this build reads "
			 "version %u", version, SESSION_FILE_VERSION);
		goto bad;
	}
	body_at = c.off;
	if (body_len > len - body_at || len - body_at - body_len < 8) {
		snprintf(msg, sizeof(msg), "the file is truncated (%zu bytes, the "
			 "header announces %llu)", len,
			 (unsigned long long)(body_at + body_len + 8));
		goto bad;
	}
	if (len - body_at - body_len > 8) {
		snprintf(msg, sizeof(msg), "%zu bytes of garbage after the end",
			 (size_t)(len - body_at - body_len - 8));
		goto bad;
	}
	memcpy(&sum, buf + body_at + body_len, 8);
	want = fnv64(FNV_INIT, buf, body_at + body_len);
	if (sum != want) {
		snprintf(msg, sizeof(msg), "checksum mismatch: the file is corrupt");
		goto bad;
	}
	/* The machine image follows the session part; find where it
	 * starts by reading the session part once without the machine. */
	c.len = body_at + body_len;
	state_at = c.off;
	{
		struct cursor skip = c;
		uint32_t n, nwl;

		skip.off += 6 * 8 + 1 + sizeof(st.preset) + sizeof(st.cfg);
		if (!take(&skip, &n, 4) ||
		    (uint64_t)n * (HANDLE_NAME_MAX + 16) > skip.len - skip.off) {
			snprintf(msg, sizeof(msg), "the session part is truncated");
			goto bad;
		}
		skip.off += (size_t)n * (HANDLE_NAME_MAX + 16);
		if (!take(&skip, &nwl, 4) || (uint64_t)nwl * 4 > skip.len - skip.off) {
			snprintf(msg, sizeof(msg), "the session part is truncated");
			goto bad;
		}
		skip.off += (size_t)nwl * 4;
		m = mm_load(buf + skip.off, skip.len - skip.off, &used, msg, sizeof(msg));
		if (!m)
			goto bad;
		if (skip.off + used != skip.len) {
			snprintf(msg, sizeof(msg), "the machine image ends before the file");
			goto bad;
		}
	}
	c.off = state_at;
	if (!decode_state(&c, &st, m, msg, sizeof(msg)))
		goto bad;
	/* Everything checked: replace the session's state. */
	{
		struct machine_config cfg = st.cfg;
		struct sess_state old;

		session_replace_machine(s, m, &cfg, st.preset);
		old = s->st;
		s->st = st;
		s->st.cfg = cfg;
		state_release(&old);
	}
	free(buf);
	return true;
bad:
	snprintf(err, errlen, "%s: %s", path, msg);
	mm_destroy(m);
	state_release(&st);
	free(buf);
	return false;
}
