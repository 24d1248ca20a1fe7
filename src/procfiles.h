/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procfiles.h - the files `cat` knows and the vm.* sysctls.
 *
 * One table maps each path to the writer that produces the kernel's text
 * for it (procfs.h for the allocator files); another lists the sysctls
 * with where they live in struct mm_sysctl.  `cat`, `sysctl`, `echo ... >
 * /proc/sys/vm/NAME` and tab completion all read these tables.
 */
#ifndef BUDDYSCOPE_PROCFILES_H
#define BUDDYSCOPE_PROCFILES_H

#include <stdbool.h>
#include <stddef.h>

#include "mm.h"
#include "strbuf.h"

/* Paths cat knows, NULL-terminated ("/proc/buddyinfo", ...). */
extern const char *const procfile_paths[];

/* Append the text of path; false and a message for an unknown path. */
bool procfile_cat(const struct machine *m, const char *path,
		  struct strbuf *out, char *err, size_t errlen);

/* The sysctls, by their short name ("min_free_kbytes"). */
extern const char *const sysctl_names[];

/* "vm.min_free_kbytes", "vm/min_free_kbytes", "/proc/sys/vm/min..." or
 * "min_free_kbytes" -> index in sysctl_names; -1 if unknown. */
int sysctl_lookup(const char *name);

/* "vm.NAME = VALUE\n" as sysctl(8) prints it (arrays tab-separated). */
void sysctl_show(const struct machine *m, int idx, struct strbuf *out);
/* The value alone, as /proc/sys/vm/NAME reads. */
void sysctl_value(const struct machine *m, int idx, struct strbuf *out);

/*
 * Set a sysctl from text: one number, or for vm.lowmem_reserve_ratio up
 * to one per zone separated by blanks or commas (fewer values leave the
 * rest as they are, as proc_dointvec does).  The model validates the
 * kernel's ranges; on any error nothing changes.
 */
bool sysctl_set(struct machine *m, int idx, const char *value, char *err,
		size_t errlen);

#endif
