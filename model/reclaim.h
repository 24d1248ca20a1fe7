/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reclaim.h - what happens when the free lists run low: the owners of
 * memory (tasks and the LRU lists), page reclaim by kswapd and by the
 * allocating task, /proc/sys/vm/drop_caches, swap, and the OOM killer.
 *
 * Every allocated block has an owner kind (enum page_owner in mm.h) and
 * may belong to a task.  Page cache and anonymous blocks sit on the
 * node's file and anon LRU lists, reclaimable slab on a slab list, each
 * oldest first; reclaim frees from the old end (mm/vmscan.c
 * shrink_inactive_list, shrink_slab).  Anonymous memory is reclaimable
 * only while swap has room (no swap by default).  Tasks own anonymous,
 * page cache and pinned blocks; the OOM killer picks the task with the
 * most pages (oom_badness) and frees its anonymous and pinned memory.
 *
 * kswapd is a state machine driven in steps (one batch of at most
 * SWAP_CLUSTER_MAX pages per step), so a screen can show it working:
 * mm_kswapd_step() until it sleeps.  Direct reclaim and compaction run
 * inside mm_alloc_pages() as the slow path orders them.
 */
#ifndef BUDDYSCOPE_RECLAIM_H
#define BUDDYSCOPE_RECLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm.h"

#define MM_TASK_NAME 24
#define MM_MAX_TASKS 4096

/* The node's LRU lists, as the model keeps them (one list per kind, no
 * active/inactive split). */
enum lru_kind {
	LRU_FILE,		/* page cache, clean and dirty */
	LRU_ANON,		/* anonymous memory */
	LRU_SLAB,		/* reclaimable slab (shrinkers) */
	NR_LRU_KINDS,
};
const char *lru_kind_name(enum lru_kind k);

/* ---- tasks ---- */
struct mm_task_info {
	int id;				/* 1.. (0 means "no task") */
	int pid;
	char name[MM_TASK_NAME];
	long pages[NR_OWNERS];		/* pages it owns, by kind */
	long swapents;			/* pages it has in swap */
	long rss;			/* anon + page cache + pinned */
	bool killed;			/* killed by the OOM killer */
};
/* The task named name (created on first use); 0 with a message when the
 * name is invalid or the table is full. */
int mm_task_get(struct machine *m, const char *name, char *err, size_t errlen);
int mm_task_find(const struct machine *m, const char *name);
unsigned mm_nr_tasks(const struct machine *m);
/* Task by id (1..mm_nr_tasks); false if none. */
bool mm_task_info(const struct machine *m, int id, struct mm_task_info *out);
/* The task a block belongs to (0 none). */
int mm_block_task(const struct machine *m, uint64_t pfn);

/* ---- swap and page state ---- */
/* Swap space in pages (0 = no swap, the default). */
void mm_set_swap(struct machine *m, unsigned long pages);
unsigned long mm_swap_total(const struct machine *m);
unsigned long mm_swap_used(const struct machine *m);
/* Mark an allocated page cache block dirty or clean (a write to a file). */
bool mm_set_dirty(struct machine *m, uint64_t pfn, bool dirty, char *err,
		  size_t errlen);

/* Pages on each LRU of a zone, and dirty page cache pages. */
long mm_zone_lru_pages(const struct machine *m, unsigned zone, enum lru_kind k);
long mm_zone_dirty_pages(const struct machine *m, unsigned zone);
/* zone_reclaimable_pages(): file pages, plus anon pages while swap has
 * room (slab is not counted, as in the kernel). */
long mm_zone_reclaimable_pages(const struct machine *m, unsigned zone);

/* ---- reclaim ---- */
struct reclaim_result {
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
	unsigned long nr_writeback;	/* dirty pages sent to writeback */
};
/*
 * try_to_free_pages() for a request that may use zones 0..highest_zoneidx:
 * reclaim up to nr_to_reclaim pages (SWAP_CLUSTER_MAX for the allocator)
 * from the old end of the LRU lists, priority DEF_PRIORITY (12) down to 0.
 */
void mm_direct_reclaim(struct machine *m, int highest_zoneidx,
		       unsigned long nr_to_reclaim, struct reclaim_result *res);
/* echo N > /proc/sys/vm/drop_caches: 1 clean page cache, 2 slab, 3 both.
 * Returns the pages dropped. */
unsigned long mm_drop_caches(struct machine *m, int what);

/* ---- kswapd ---- */
struct kswapd_info {
	bool awake;
	int order;			/* kswapd_order */
	int highest_zoneidx;		/* kswapd_highest_zoneidx */
	int priority;			/* sc.priority of balance_pgdat */
	unsigned long pass_target;	/* nr_to_reclaim of this pass */
	unsigned long pass_reclaimed;
	unsigned long boost_left;	/* nr_boost_reclaim */
	unsigned long reclaimed;	/* this wakeup */
	int failures;			/* kswapd_failures */
	bool kcompactd_woken;
	int kcompactd_order;
};
void mm_kswapd_info(const struct machine *m, struct kswapd_info *out);
/* One step of balance_pgdat(): a batch of at most SWAP_CLUSTER_MAX pages,
 * or the balance check that puts kswapd to sleep.  Returns true while
 * kswapd stays awake. */
bool mm_kswapd_step(struct machine *m);
/* Steps until kswapd sleeps, at most max_steps; returns steps taken. */
unsigned long mm_kswapd_run(struct machine *m, unsigned long max_steps);
/* Wake kswapd as an allocation of this order failing LOW would. */
void mm_kswapd_wake(struct machine *m, unsigned order);

/* ---- OOM ---- */
struct oom_result {
	bool killed;
	int task;			/* victim, 0 if none */
	long freed;			/* pages freed by the oom reaper */
	long badness;			/* its oom_badness() in pages */
};
/* out_of_memory(): kill the task with the largest oom_badness and free its
 * anonymous and pinned blocks; its page cache stays as cache. */
bool mm_out_of_memory(struct machine *m, struct oom_result *res);
/* A task exits: all its anonymous and pinned memory is freed. */
bool mm_task_exit(struct machine *m, int task, long *freed);

#endif
