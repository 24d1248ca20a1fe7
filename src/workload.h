/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workload.h - seeded random allocation mixes and the fragmenter.
 *
 * A workload is a named generator of allocations and frees driven by a
 * seed, so the same seed on the same machine gives the same state.  Its
 * allocations are handles like any other (named w1, w2, ...; the
 * fragmenter's pinned pages pin1, pin2, ...) and only its own handles are
 * freed by it.
 */
#ifndef BUDDYSCOPE_WORKLOAD_H
#define BUDDYSCOPE_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "session_impl.h"

struct workload_desc {
	const char *name;
	const char *summary;
	unsigned long default_steps;
};

extern const struct workload_desc workloads[];
extern const unsigned workloads_len;

const struct workload_desc *workload_find(const char *name);

/* Run workload w for steps with the generator seeded by seed; append a
 * summary to out.  False and a message when it cannot start (nothing
 * changed). */
bool workload_run(struct session *s, const struct workload_desc *w,
		  unsigned long steps, uint64_t seed, struct strbuf *out,
		  char *err, size_t errlen);

#endif
