/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vmcmd.h - the handlers of the reclaim, compaction and OOM commands
 * (vmcmd.c); their rows are in cmd.c's table.
 */
#ifndef BUDDYSCOPE_VMCMD_H
#define BUDDYSCOPE_VMCMD_H

#include <stdbool.h>

#include "cmd.h"

enum exec_status exec_kswapd(struct cmd_ctx *c);
enum exec_status exec_reclaim(struct cmd_ctx *c);
enum exec_status exec_swap(struct cmd_ctx *c);
enum exec_status exec_dirty(struct cmd_ctx *c);
enum exec_status exec_tasks(struct cmd_ctx *c);
enum exec_status exec_oom(struct cmd_ctx *c);
enum exec_status exec_kill(struct cmd_ctx *c);
enum exec_status exec_compact(struct cmd_ctx *c);
enum exec_status exec_frag(struct cmd_ctx *c);
enum exec_status exec_contig(struct cmd_ctx *c);
enum exec_status exec_daemons(struct cmd_ctx *c);
enum exec_status exec_tick(struct cmd_ctx *c);

/* vm.drop_caches and vm.compact_memory: write-only actions, not
 * settings.  vm_action_sysctl() says whether name (vm.X, /proc/sys/vm/X
 * or X) is one; vm_action_write() performs it. */
bool vm_action_sysctl(const char *name);
enum exec_status vm_action_write(struct cmd_ctx *c, const char *name,
				 const char *value);

#endif
