/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bare_compact.h - the bare kernel-style compaction of bare_compact.c,
 * the yardstick bench_vm.c prints beside the model's time.
 */
#ifndef BUDDYSCOPE_BARE_COMPACT_H
#define BUDDYSCOPE_BARE_COMPACT_H

#include <stdbool.h>
#include <stdint.h>

/* Fill a zone of `pages` pages (a multiple of 1024) with order-0 pages,
 * free a half chosen by bench_vm.c's shuffle of `seed` (in PFN order when
 * sorted), compact it whole; returns the compaction's milliseconds (-1
 * when out of memory) and the pages migrated. */
double bare_compact_ms(uint32_t pages, uint64_t seed, bool sorted,
		       unsigned long *migrated);

#endif
