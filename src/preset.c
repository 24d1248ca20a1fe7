/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * preset.c - the table of machine presets.
 *
 * The x86 layouts follow a real PC: pfn 0 belongs to the firmware, so
 * ZONE_DMA spans pfns 1..4095; ZONE_DMA32 runs to the 4 GiB line with the
 * PCI hole (3..4 GiB) as a hole at its top; ZONE_NORMAL holds the memory
 * remapped above 4 GiB.  The 4 GiB preset therefore has the same DMA32
 * numbers as the sampled 6.18 machine of the reference (spanned 1044480,
 * present 782336).  The 32-bit preset is a PAE PC with 2 GiB: DMA below
 * 16 MiB, Normal up to the 896 MiB lowmem line, HighMem above.
 *
 *   tiny       [Normal 0..1023]                           4 MiB
 *   small      [Normal 0..4095]                          16 MiB
 *   classroom  [Normal 0..262143]                         1 GiB  (M1)
 *   classroom-dma32 [DMA32 0..262143][Normal ..1048575]   4 GiB  (M2)
 *   x86-64-4g  [DMA 1..4095][DMA32 4096..1048575, hole 786432..][Normal 1048576..1310719]
 *   x86-64-16g as 4g, Normal 1048576..4456447
 *   i386-2g    [DMA 0..4095][Normal 4096..229375][HighMem 229376..524287]
 */
#include "preset.h"

#include <string.h>
#include <strings.h>

static void
add_zone(struct machine_config *cfg, enum zone_type type, uint64_t spanned)
{
	struct zone_config *z = &cfg->zones[cfg->nr_zones++];

	memset(z, 0, sizeof(*z));
	z->type = type;
	z->spanned = spanned;
}

static void
fill_tiny(struct machine_config *cfg)
{
	add_zone(cfg, ZONE_NORMAL, 1024);
}

static void
fill_small(struct machine_config *cfg)
{
	add_zone(cfg, ZONE_NORMAL, 4096);
}

static void
fill_classroom(struct machine_config *cfg)
{
	add_zone(cfg, ZONE_NORMAL, 262144);
}

static void
fill_classroom_dma32(struct machine_config *cfg)
{
	add_zone(cfg, ZONE_DMA32, 262144);
	add_zone(cfg, ZONE_NORMAL, 786432);
}

/* DMA 1..4095 and DMA32 4096..1048575 with the PCI hole at 3..4 GiB. */
static void
fill_x86_low(struct machine_config *cfg)
{
	struct zone_config *z;

	cfg->nr_cpus = 2;
	cfg->start_pfn = 1;
	add_zone(cfg, ZONE_DMA, 4095);
	add_zone(cfg, ZONE_DMA32, 1044480);
	z = &cfg->zones[1];
	z->nr_holes = 1;
	z->hole_start[0] = 786432 - 4096;	/* from the zone's start */
	z->hole_len[0] = 262144;
	z->present = 1044480 - 262144;
}

static void
fill_x86_64_4g(struct machine_config *cfg)
{
	fill_x86_low(cfg);
	add_zone(cfg, ZONE_NORMAL, 262144);
}

static void
fill_x86_64_16g(struct machine_config *cfg)
{
	fill_x86_low(cfg);
	add_zone(cfg, ZONE_NORMAL, 3407872);
}

static void
fill_i386_2g(struct machine_config *cfg)
{
	cfg->highmem_arch = true;
	cfg->nr_cpus = 2;
	add_zone(cfg, ZONE_DMA, 4096);
	add_zone(cfg, ZONE_NORMAL, 225280);
	add_zone(cfg, ZONE_HIGHMEM, 294912);
}

const struct preset presets[] = {
	{ "tiny", "one Normal zone of 1024 pages (4 MiB): a single order-10 block; "
		  "too small for mobility grouping", fill_tiny },
	{ "small", "one Normal zone of 4096 pages (16 MiB): 8 pageblocks, "
		   "mobility grouping on", fill_small },
	{ "classroom", "one Normal zone of 262144 pages (1 GiB): min 1024, low 1286, "
		       "high 1548 (the reference's M1)", fill_classroom },
	{ "classroom-dma32", "DMA32 262144 + Normal 786432 pages (4 GiB): "
			     "lowmem_reserve lessons (the reference's M2)",
	  fill_classroom_dma32 },
	{ "x86-64-4g", "x86-64 PC with 4 GiB: DMA 1..4095, DMA32 4096..1048575 "
		       "(PCI hole from 786432), Normal 1048576..1310719; 2 CPUs",
	  fill_x86_64_4g },
	{ "x86-64-16g", "x86-64 PC with 16 GiB: as x86-64-4g with Normal "
			"1048576..4456447; 2 CPUs", fill_x86_64_16g },
	{ "i386-2g", "32-bit PAE PC with 2 GiB: DMA 0..4095, Normal 4096..229375, "
		     "HighMem 229376..524287; 2 CPUs", fill_i386_2g },
};

const size_t presets_len = sizeof(presets) / sizeof(presets[0]);

const struct preset *
preset_find(const char *name)
{
	for (size_t i = 0; i < presets_len; i++)
		if (strcasecmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

void
preset_config(const struct preset *p, enum kernel_era era,
	      struct machine_config *cfg)
{
	mm_config_init(cfg);
	cfg->era = era;
	cfg->nr_zones = 0;
	p->fill(cfg);
}
