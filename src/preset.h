/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * preset.h - the machines `machine PRESET` builds.
 *
 * Each preset is a name, a one-line summary and a function that fills a
 * struct machine_config (zones, sizes, holes, CPUs) on top of
 * mm_config_init(); the era is set by the caller.  Sizes are chosen so
 * that the watermarks can be checked by hand (see the summaries and the
 * man page).
 */
#ifndef BUDDYSCOPE_PRESET_H
#define BUDDYSCOPE_PRESET_H

#include <stddef.h>

#include "mm.h"

struct preset {
	const char *name;
	const char *summary;
	void (*fill)(struct machine_config *cfg);
};

extern const struct preset presets[];
extern const size_t presets_len;

/* The preset called name (case-insensitive); NULL if none. */
const struct preset *preset_find(const char *name);

/* Fill cfg for preset p in era. */
void preset_config(const struct preset *p, enum kernel_era era,
		   struct machine_config *cfg);

#endif
