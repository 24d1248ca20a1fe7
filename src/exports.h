/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exports.h - the commands that take a session out of buddyscope and
 * back: save, load, hash, export (history as CSV) and screenshot.
 */
#ifndef BUDDYSCOPE_EXPORTS_H
#define BUDDYSCOPE_EXPORTS_H

#include "cmd.h"
#include "mm.h"
#include "strbuf.h"

enum exec_status cmd_exec_save(struct cmd_ctx *c);
enum exec_status cmd_exec_load(struct cmd_ctx *c);
enum exec_status cmd_exec_hash(struct cmd_ctx *c);
enum exec_status cmd_exec_export(struct cmd_ctx *c);
enum exec_status cmd_exec_screenshot(struct cmd_ctx *c);

/*
 * The model's history ring as CSV: a header row, then one row per sample
 * per populated zone, oldest first: seq, zone, free pages, the min, low
 * and high watermarks, nr_free of each order, then the unusable index and
 * the extfrag index of each order (as decimals, x.xxx, the kernel's
 * integer formulas divided by 1000).  Returns the number of samples.
 */
unsigned exports_history_csv(const struct machine *m, struct strbuf *out);

#endif
