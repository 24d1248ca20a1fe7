/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * save.h - the whole state of a machine as bytes, and back.
 *
 * mm_save() appends a self-describing, versioned image of a machine to a
 * buffer: its config, every zone's counters and watermarks, the page
 * arrays with the free lists' links (so list order, and with it the PFN
 * the next allocation gets, survives), pageblock types, per-CPU lists,
 * LRU order, tasks, swap, kswapd, sysctls, vmstat and the history ring.
 * mm_load() rebuilds a machine from such an image and validates all of
 * it: the config through mm_create(), every index and type against the
 * machine's bounds, then the invariant checker mm_check().  The image is
 * tied to this build's struct layout (a fingerprint in its header); an
 * image from a different layout is refused, not misread.
 *
 * Neither function prints; errors come back as a message.
 */
#ifndef BUDDYSCOPE_SAVE_H
#define BUDDYSCOPE_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "mm.h"
#include "strbuf.h"

#define MM_IMAGE_VERSION 1

/*
 * Append the image of m to out.  A stepped compaction in progress is not
 * part of the image: as with mm_clone(), the free pages it isolated are
 * saved back on their free lists.  False (out may hold part of an image)
 * only on out of memory.
 */
bool mm_save(const struct machine *m, struct strbuf *out);

/*
 * Build a machine from the image in buf[0..len).  On success *used is the
 * number of bytes the image took.  On a truncated, corrupt or foreign
 * image returns NULL and a message saying what was wrong; nothing else
 * changes.  The new machine has no listener.
 */
struct machine *mm_load(const void *buf, size_t len, size_t *used, char *err,
			size_t errlen);

#endif
