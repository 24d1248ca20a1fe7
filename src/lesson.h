/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson.h - lessons and quizzes (issue 7): the commands lessons, lesson,
 * quiz, guess and answer.
 *
 * A lesson is a script in the lessons directory (assets/lessons in the
 * source tree, $datadir/buddyscope/lessons when installed, or
 * $BUDDYSCOPE_LESSONS) whose first lines name it:
 *
 *     # lesson: Buddy splitting and merging
 *     # minutes: 3
 *
 * A quiz is three steps in a script, so that the model, not the lesson,
 * decides the answer:
 *
 *     quiz "Will it succeed?" yes no     ask; wait for 1..n (the screen,
 *                                        the plain prompt) or take a later
 *                                        `guess N` line (batch runs)
 *     alloc 2 GFP_ATOMIC                 the reveal: the model runs it
 *     answer 2 "text"                    choice 2 is right: say so,
 *     expect fail                        tell the guess right or wrong, and
 *                                        an expect proves the answer
 */
#ifndef BUDDYSCOPE_LESSON_H
#define BUDDYSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"

/* The lessons directory in use (see above); never NULL. */
const char *lesson_dir(void);

/*
 * The file of lesson name (NAME, NAME.bs, or a path with a '/') into
 * path; false with a message naming the lessons there are.
 */
bool lesson_path(const char *name, char *path, size_t len, char *err,
		 size_t errlen);

/* Title and minutes from a lesson file's header; false if it has none. */
bool lesson_header(const char *path, char *title, size_t tlen,
		   unsigned *minutes);

/* Call fn for every lesson name (no .bs) that starts with prefix. */
void lesson_each(const char *prefix, void (*fn)(void *data, const char *word),
		 void *data);

enum exec_status cmd_exec_lessons(struct cmd_ctx *c);
enum exec_status cmd_exec_lesson(struct cmd_ctx *c);
enum exec_status cmd_exec_quiz(struct cmd_ctx *c);
enum exec_status cmd_exec_guess(struct cmd_ctx *c);
enum exec_status cmd_exec_answer(struct cmd_ctx *c);

#endif
