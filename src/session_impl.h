/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_impl.h - the inside of struct session, shared by the command
 * handlers (cmd.c), workloads, explain, the trace writer and the scripts.
 * Nothing outside src/ includes it.
 *
 * The session keeps the live state (machine + struct sess_state) and an
 * undo history built from two things: the text of every command that
 * changed the state since the oldest undoable point (the log), and a few
 * checkpoints (mm_clone() of the machine plus a copy of sess_state).  To
 * go back, the latest checkpoint at or before the target is copied and the
 * logged commands up to the target are run again; the model is
 * deterministic, so that is the state the user saw.
 *
 *   log:    [log_base] ... [pos-1] | [pos] ... [redo_end-1]
 *                 ^ckpt     ^ckpt  ^ now   ^ undone, kept for redo
 *
 * A checkpoint is taken after a command that built a new machine and
 * otherwise every ck_interval logged commands, where ck_interval grows
 * with the machine's size so that cloning costs well under a microsecond
 * per command on average; checkpoints and log lines older than the undo
 * depth are dropped.
 *
 * Handles name allocations: a dense array of struct handle plus two
 * open-addressing hashes, of their names and of their PFNs (linear
 * probing, deletion by backward shift), so allocating, finding by name or
 * PFN and freeing are O(1).  Handles follow their blocks: the model's
 * events say when reclaim, the OOM killer or compaction freed or moved
 * one (on_event in session.c).
 * Allocations made by a workload are handles too; wl lists them so the
 * workload can pick a random one to free in O(1).
 */
#ifndef BUDDYSCOPE_SESSION_IMPL_H
#define BUDDYSCOPE_SESSION_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "mm.h"
#include "parse.h"
#include "session.h"
#include "session_ui.h"
#include "strbuf.h"

#define HANDLE_NAME_MAX 32

struct handle {
	char name[HANDLE_NAME_MAX];
	uint64_t pfn;
	unsigned order;
	int wl_pos;		/* index in sess_state.wl, -1 if not a workload's */
};

struct handle_table {
	struct handle *v;
	unsigned n, cap;
	uint32_t *slots;	/* index + 1; 0 = empty */
	unsigned nslots;	/* power of two */
	uint32_t *pslots;	/* the same, keyed by PFN; nslots entries */
};

/* What undo restores besides the machine. */
struct sess_state {
	struct handle_table handles;
	uint32_t *wl;		/* handle indices made by workloads */
	unsigned nwl, wlcap;
	uint64_t next_auto;	/* a1, a2, ... */
	uint64_t next_wl;	/* w1, w2, ... */
	uint64_t next_pin;	/* pin1, pin2, ... */
	uint64_t rng;		/* the session's random stream (seed N) */
	uint64_t seed;
	char preset[32];
	struct machine_config cfg;
	/* kswapd and kcompactd run after each state-changing command
	 * unless the user steps them (daemons manual) */
	bool daemons_manual;
	/* simulated milliseconds, for the kcompactd timer (tick) */
	uint64_t now_ms;
};

struct checkpoint {
	struct machine *m;
	struct sess_state st;
	uint64_t pos;
};

/* The events of one allocation, for explain. */
struct alloc_record {
	char name[HANDLE_NAME_MAX];
	uint64_t first_ev;	/* absolute index in the event ring */
	uint64_t nev;
	bool ok;
};

#define QUIZ_MAX_CHOICES 9
#define EVENT_RING 16384
#define RECORD_RING 1024

struct trace;
struct watch;
struct replay;

struct session {
	struct machine *m;
	struct sess_state st;

	/* undo */
	char **log;		/* log[i - log_base] */
	size_t log_cap;
	uint64_t log_base, pos, redo_end;
	struct checkpoint *ck;
	unsigned nck, ck_cap;
	uint64_t ck_interval;
	unsigned undo_depth;
	bool replaying;
	uint64_t machine_bytes_max;	/* session_options */

	/* explain */
	struct mm_event *ev;	/* EVENT_RING */
	uint64_t ev_total;
	struct alloc_record *rec;	/* RECORD_RING */
	uint64_t rec_total;
	bool recording;

	struct trace *trace;
	struct watch *watch;	/* watch's history (issue 6), or NULL */
	struct replay *replay;	/* the trace last replayed, at its cursor */
	struct session_io io;
	/* the output of the command running now, for the kernel log lines
	 * the model's events cause (OOM kills) */
	struct strbuf *out_now;
	/* The screen's event tap (session_ui.h). */
	mm_event_fn tap;
	void *tap_data;
	/* The screenshot writer (session_ui.h), or NULL. */
	session_screenshot_fn shot;
	void *shot_data;

	/* the outcome of the previous command, for expect ok / fail */
	bool last_ok;
	bool have_last;
	const char *last_what;	/* a command name, or "the previous line" */

	struct session_counts counts;
	/* The open quiz of a lesson (lesson.c): its choices, the guess. */
	struct {
		bool open;
		unsigned n, guess;	/* guess 0: none yet */
		char choice[QUIZ_MAX_CHOICES][96];
		unsigned asked, right;
	} quiz;
	/* gfp_format() of the last mask printed (cmd.c) */
	bool gfp_cache_valid;
	enum kernel_era gfp_cache_era;
	gfp_t gfp_cache_gfp;
	char gfp_cache_text[256];
	struct tokens tok;
	const char *file;
	unsigned line;
	unsigned source_depth;
	unsigned exec_depth;
};

/* Handles (session.c). */
struct handle *handle_find(struct sess_state *st, const char *name);
bool handle_add(struct sess_state *st, const char *name, uint64_t pfn,
		unsigned order, bool workload);
void handle_remove(struct sess_state *st, struct handle *h);
struct handle *handle_by_pfn(struct sess_state *st, uint64_t pfn);
void handle_set_pfn(struct sess_state *st, struct handle *h, uint64_t pfn);

/* Allocation records for explain (session.c). */
void session_record_begin(struct session *s);
void session_record_end(struct session *s, const char *name, bool ok);
const struct alloc_record *session_record_find(const struct session *s,
					       const char *name);
const struct mm_event *session_record_event(const struct session *s,
					    const struct alloc_record *r,
					    uint64_t i);

/* Undo (session.c). */
bool session_undo(struct session *s, unsigned long n, char *err,
		  size_t errlen);
bool session_redo(struct session *s, unsigned long n, char *err,
		  size_t errlen);
void session_history(struct session *s, struct strbuf *out);
/* Replace the machine (machine, era): the old one is destroyed. */
void session_replace_machine(struct session *s, struct machine *m,
			     const struct machine_config *cfg,
			     const char *preset);

/* Let kswapd and kcompactd work after a command (vmcmd.c). */
void session_run_daemons(struct session *s, struct strbuf *out);

/* A random number from the session's stream, and a seeded generator. */
uint64_t rng_next(uint64_t *state);

/* Explain (explain.c). */
void explain_record(const struct session *s, const struct alloc_record *r,
		    struct strbuf *out);

#endif
