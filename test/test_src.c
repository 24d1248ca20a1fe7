/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_src.c - unit tests of src/: the tokenizer and number parsers, the
 * handle table, atomic commands, undo against the model's state hash,
 * completion, and gfp_effective_min().
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cmd.h"
#include "gfpinfo.h"
#include "parse.h"
#include "session.h"
#include "session_impl.h"

static char err[1024];

/* ---- tokenizer -------------------------------------------------------- */

static struct tokens tok = TOKENS_INIT;

static unsigned
split(const char *line)
{
	ck_assert_msg(tokenize(&tok, line, strlen(line), err, sizeof(err)),
		      "%s: %s", line, err);
	return tok.argc;
}

START_TEST(test_tokenize_words)
{
	ck_assert_uint_eq(split("  alloc 3\tGFP_ATOMIC as buf # comment"), 5);
	ck_assert_str_eq(tok.argv[0], "alloc");
	ck_assert_str_eq(tok.argv[4], "buf");
	ck_assert(!tok.call);
	ck_assert_uint_eq(split("say \"two  words\" 'and #this'"), 3);
	ck_assert_str_eq(tok.argv[1], "two  words");
	ck_assert_str_eq(tok.argv[2], "and #this");
	ck_assert_uint_eq(split("# only a comment"), 0);
	ck_assert_uint_eq(split(""), 0);
	ck_assert_uint_eq(split("sysctl vm.lowmem_reserve_ratio=\"1 2\""), 2);
	ck_assert_str_eq(tok.argv[1], "vm.lowmem_reserve_ratio=1 2");
	ck_assert_uint_eq(split("say \"esc \\\" q\""), 2);
	ck_assert_str_eq(tok.argv[1], "esc \" q");
}
END_TEST

START_TEST(test_tokenize_call)
{
	ck_assert_uint_eq(split("alloc_pages(GFP_KERNEL | __GFP_ZERO, 3) as x"), 5);
	ck_assert(tok.call);
	ck_assert_str_eq(tok.argv[0], "alloc_pages");
	ck_assert_str_eq(tok.argv[1], "GFP_KERNEL | __GFP_ZERO");
	ck_assert_str_eq(tok.argv[2], "3");
	ck_assert_str_eq(tok.argv[4], "x");
	ck_assert_uint_eq(split("__free_pages(x, 3);"), 3);
	ck_assert_uint_eq(split("f()"), 1);
	ck_assert(!tokenize(&tok, "f(a,", 4, err, sizeof(err)));
	ck_assert(!tokenize(&tok, "f(a,,b)", 7, err, sizeof(err)));
	ck_assert(!tokenize(&tok, "say \"open", 9, err, sizeof(err)));
	ck_assert(!tokenize(&tok, "a\0b", 3, err, sizeof(err)));
}
END_TEST

START_TEST(test_tokenize_huge)
{
	size_t n = 1 << 20;
	char *line = malloc(n + 1);

	ck_assert_ptr_nonnull(line);
	for (size_t i = 0; i < n; i++)
		line[i] = i % 7 == 6 ? ' ' : "ab(\"'#|"[i % 7];
	line[n] = '\0';
	/* Whatever it says, it must not crash or overrun. */
	tokenize(&tok, line, n, err, sizeof(err));
	memset(line, 'x', n);
	ck_assert(tokenize(&tok, line, n, err, sizeof(err)));
	ck_assert_uint_eq(tok.argc, 1);
	ck_assert_uint_eq(strlen(tok.argv[0]), n);
	free(line);
}
END_TEST

START_TEST(test_numbers)
{
	uint64_t v;
	unsigned long u;

	ck_assert(parse_u64("0x1f", &v, err, sizeof(err)) && v == 31);
	ck_assert(parse_u64("42", &v, err, sizeof(err)) && v == 42);
	ck_assert(parse_u64("18446744073709551615", &v, err, sizeof(err)));
	ck_assert(!parse_u64("18446744073709551616", &v, err, sizeof(err)));
	ck_assert(!parse_u64("-1", &v, err, sizeof(err)));
	ck_assert(!parse_u64("0x", &v, err, sizeof(err)));
	ck_assert(!parse_u64("12k", &v, err, sizeof(err)));
	ck_assert(!parse_u64("", &v, err, sizeof(err)));
	ck_assert(parse_pages("4GiB", &v, err, sizeof(err)) && v == 1048576);
	ck_assert(parse_pages("64M", &v, err, sizeof(err)) && v == 16384);
	ck_assert(parse_pages("8192", &v, err, sizeof(err)) && v == 8192);
	ck_assert(!parse_pages("6K", &v, err, sizeof(err)));
	ck_assert(!parse_pages("3X", &v, err, sizeof(err)));
	ck_assert(parse_ulong_range("10", "order", 0, 10, &u, err, sizeof(err)));
	ck_assert(!parse_ulong_range("11", "order", 0, 10, &u, err, sizeof(err)));
	ck_assert(strstr(err, "order 11 is out of range"));
	ck_assert(parse_handle_name("a.b-c_1", err, sizeof(err)));
	ck_assert(!parse_handle_name("1a", err, sizeof(err)));
	ck_assert(!parse_handle_name("a b", err, sizeof(err)));
}
END_TEST

/* ---- sessions ----------------------------------------------------------- */

static struct session *
new_session(const char *preset)
{
	struct session_options o;
	struct session *s;

	session_options_init(&o);
	o.preset = preset;
	s = session_create(&o, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static enum exec_status
run(struct session *s, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	enum exec_status st;

	err[0] = '\0';
	st = session_execute_line(s, line, strlen(line), &out, err, sizeof(err));
	strbuf_release(&out);
	return st;
}

START_TEST(test_handles)
{
	struct sess_state st;
	char name[32];

	memset(&st, 0, sizeof(st));
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "h%u", i);
		ck_assert(handle_add(&st, name, i, 0, i % 3 == 0));
	}
	/* Remove every other one, in a scrambled order. */
	for (unsigned i = 0; i < 5000; i += 2) {
		unsigned k = (i * 7919) % 5000;

		snprintf(name, sizeof(name), "h%u", k);
		if (handle_find(&st, name))
			handle_remove(&st, handle_find(&st, name));
	}
	for (unsigned i = 0; i < 5000; i++) {
		struct handle *h;

		snprintf(name, sizeof(name), "h%u", i);
		h = handle_find(&st, name);
		/* the PFN index agrees with the name index */
		ck_assert_ptr_eq(handle_by_pfn(&st, i), h);
		if (h) {
			ck_assert_uint_eq(h->pfn, i);
			if (h->wl_pos >= 0)
				ck_assert_uint_eq(st.wl[h->wl_pos],
						  (unsigned)(h - st.handles.v));
		}
	}
	for (unsigned i = 0; i < st.nwl; i++)
		ck_assert_int_eq(st.handles.v[st.wl[i]].wl_pos, (int)i);
	free(st.handles.v);
	free(st.handles.slots);
	free(st.handles.pslots);
	free(st.wl);
}
END_TEST

START_TEST(test_atomic_errors)
{
	static const char *const bad[] = {
		"alloc 11", "alloc 0 GFP_NOPE", "alloc 0 zone=Nowhere",
		"alloc 0 as 1x", "free nothing", "free 0x3", "machine custom Normal=0",
		"sysctl vm.watermark_scale_factor=5 vm.min_free_kbytes=-1",
		"watermark Normal min=5 low=4 high=6", "era 3.0", "cat /nope",
		"alloc 0 count=3 as dup", "__free_pages(dup.1, 2)", "expect nonsense",
		"\xff\xfe", "say \"x", "workload nope", "undo 999",
	};
	struct session *s = new_session("small");
	uint64_t hash;
	struct strbuf out = STRBUF_INIT;

	ck_assert_int_eq(run(s, "alloc 0 as dup.1"), EXEC_OK);
	hash = mm_state_hash(session_machine(s));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum exec_status st = run(s, bad[i]);

		ck_assert_msg(st == EXEC_ERROR, "'%s' gave %d", bad[i], st);
		ck_assert_msg(err[0], "'%s' gave no message", bad[i]);
		ck_assert_msg(mm_state_hash(session_machine(s)) == hash,
			      "'%s' changed the machine", bad[i]);
	}
	/* The sysctl pair was checked as a whole: scale factor unchanged. */
	ck_assert_int_eq(session_execute_line(s, "sysctl vm.watermark_scale_factor",
					      32, &out, err, sizeof(err)), EXEC_OK);
	ck_assert_str_eq(strbuf_str(&out), "vm.watermark_scale_factor = 10\n");
	strbuf_release(&out);
	session_destroy(s);
}
END_TEST

/*
 * Undo must give back exactly the state after each command: run a long
 * seeded mix (past several checkpoints), remember the state hash after
 * every command, then undo step by step and compare.
 */
START_TEST(test_undo_exact)
{
	struct session_options o;
	struct session *s;
	uint64_t hashes[700];
	char line[64];
	unsigned n = 0, k;
	uint64_t rng = 12345;

	session_options_init(&o);
	o.preset = "small";
	o.undo_depth = 600;
	s = session_create(&o, err, sizeof(err));
	ck_assert_ptr_nonnull(s);
	hashes[n++] = mm_state_hash(session_machine(s));
	for (unsigned i = 0; i < 650; i++) {
		unsigned r = (unsigned)(rng_next(&rng) % 100);

		if (r < 50)
			snprintf(line, sizeof(line), "alloc %u", r % 4);
		else if (r < 60)
			snprintf(line, sizeof(line), "alloc 0 GFP_HIGHUSER_MOVABLE");
		else if (r < 62)
			snprintf(line, sizeof(line), "workload random steps=20");
		else if (r < 63)
			snprintf(line, sizeof(line), "pcp %s", r % 2 ? "on" : "off");
		else
			snprintf(line, sizeof(line), "free a%u",
				 (unsigned)(rng_next(&rng) % (i + 1)) + 1);
		if (run(s, line) != EXEC_OK)
			continue;	/* freeing a name that is gone */
		hashes[n++] = mm_state_hash(session_machine(s));
	}
	ck_assert_uint_gt(n, 300);
	for (k = 1; k <= 600 && k < n; k++) {
		ck_assert_int_eq(run(s, "undo"), EXEC_OK);
		ck_assert_msg(mm_state_hash(session_machine(s)) == hashes[n - 1 - k],
			      "undo %u: state differs", k);
	}
	k--;	/* undone so far */
	ck_assert_int_eq(run(s, "redo 5"), EXEC_OK);
	ck_assert(mm_state_hash(session_machine(s)) == hashes[n - 1 - k + 5]);
	session_destroy(s);
}
END_TEST

START_TEST(test_expect_and_outcome)
{
	struct session *s = new_session("tiny");

	ck_assert_int_eq(run(s, "alloc 10"), EXEC_OK);	/* fails: an outcome */
	ck_assert_int_eq(run(s, "expect fail"), EXEC_OK);
	ck_assert_int_eq(run(s, "expect ok"), EXEC_EXPECT_FAILED);
	ck_assert_int_eq(run(s, "alloc 0"), EXEC_OK);
	ck_assert_int_eq(run(s, "say hello"), EXEC_OK);
	ck_assert_int_eq(run(s, "expect ok"), EXEC_OK);
	ck_assert_int_eq(run(s, "expect free Normal == 1023"), EXEC_OK);
	ck_assert_int_eq(run(s, "expect free Normal > 1023"), EXEC_EXPECT_FAILED);
	ck_assert(strstr(err, "1023"));
	ck_assert_int_eq(run(s, "expect nr_free Normal 0 1"), EXEC_OK);
	ck_assert_int_eq(run(s, "quit"), EXEC_QUIT);
	session_destroy(s);
}
END_TEST

/* ---- completion ---------------------------------------------------------- */

static char seen[4096];

static void
collect(void *data, const char *word)
{
	strncat(seen, word, sizeof(seen) - strlen(seen) - 2);
	strcat(seen, " ");
}

START_TEST(test_completion)
{
	struct session *s = new_session("small");

	ck_assert_int_eq(cmd_complete_kind("al", 0), COMPLETE_COMMAND);
	ck_assert_int_eq(cmd_complete_kind("machine ", 8), COMPLETE_PRESET);
	ck_assert_int_eq(cmd_complete_kind("machine custom ", 15), COMPLETE_ZONE_SIZE);
	ck_assert_int_eq(cmd_complete_kind("alloc 3 ", 8), COMPLETE_ALLOC_OPT);
	ck_assert_int_eq(cmd_complete_kind("alloc 3 GFP_KERNEL|", 19), COMPLETE_GFP);
	ck_assert_int_eq(cmd_complete_kind("alloc 3 zone=", 13), COMPLETE_ZONE);
	ck_assert_int_eq(cmd_complete_kind("alloc 3 ctx=", 12), COMPLETE_CTX);
	ck_assert_int_eq(cmd_complete_kind("free ", 5), COMPLETE_HANDLE);
	ck_assert_int_eq(cmd_complete_kind("cat ", 4), COMPLETE_PROCFILE);
	ck_assert_int_eq(cmd_complete_kind("source ", 7), COMPLETE_PATH);
	ck_assert_int_eq(cmd_complete_kind("sysctl ", 7), COMPLETE_SYSCTL);
	ck_assert_int_eq(cmd_complete_kind("alloc_pages(", 12), COMPLETE_GFP);
	ck_assert_int_eq(cmd_complete_kind("__free_pages(", 13), COMPLETE_HANDLE);
	ck_assert_int_eq(run(s, "alloc 0 as buffer"), EXEC_OK);
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_HANDLE, "bu", collect, NULL);
	ck_assert_str_eq(seen, "buffer ");
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_COMMAND, "whe", collect, NULL);
	ck_assert_str_eq(seen, "where ");
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_GFP, "__GFP_ZE", collect, NULL);
	ck_assert_str_eq(seen, "__GFP_ZERO __GFP_ZEROTAGS ");
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_ZONE, "", collect, NULL);
	ck_assert_str_eq(seen, "Normal ");
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_GFP, "__GFP_ATOM", collect, NULL);
	ck_assert_str_eq(seen, "");	/* not in 6.12 */
	/* lesson NAME completes the lessons of assets/lessons. */
	ck_assert_int_eq(cmd_complete_kind("lesson ", 7), COMPLETE_LESSON);
	seen[0] = '\0';
	cmd_complete_each(s, COMPLETE_LESSON, "gfp", collect, NULL);
	ck_assert_str_eq(seen, "gfp-anatomy gfp-atomic ");
	/* Every command has usage, a summary and a handler. */
	for (size_t i = 0; i < cmd_table_len; i++) {
		ck_assert(cmd_table[i].exec != NULL);
		ck_assert_ptr_nonnull(cmd_table[i].summary);
		ck_assert_ptr_nonnull(cmd_table[i].args);
		ck_assert_ptr_eq(cmd_find(cmd_table[i].name), &cmd_table[i]);
	}
	session_destroy(s);
}
END_TEST

START_TEST(test_effective_min)
{
	enum kernel_era e[2] = { ERA_4_19, ERA_6_12 };

	for (int i = 0; i < 2; i++) {
		unsigned atomic = gfp_to_alloc_flags(e[i], gfp_type_flag(e[i], GFPT_ATOMIC),
						     0, CTX_PROCESS, false);
		unsigned kernel = gfp_to_alloc_flags(e[i], gfp_type_flag(e[i], GFPT_KERNEL),
						     0, CTX_PROCESS, false);
		unsigned rt = gfp_to_alloc_flags(e[i], gfp_type_flag(e[i], GFPT_KERNEL),
						 0, CTX_RT, false);

		ck_assert_int_eq(gfp_effective_min(e[i], atomic, 1000, NULL), 375);
		ck_assert_int_eq(gfp_effective_min(e[i], atomic, 1024, NULL), 384);
		ck_assert_int_eq(gfp_effective_min(e[i], kernel, 1024, NULL), 1024);
		ck_assert_int_eq(gfp_effective_min(e[i], rt, 1024, NULL),
				 e[i] == ERA_4_19 ? 768 : 512);
		ck_assert_int_eq(gfp_effective_min(e[i], ALLOC_OOM, 1024, NULL), 512);
	}
}
END_TEST

/* Issue 7: a lesson cannot lie.  In every lesson each quiz is followed by
 * the answer, and each answer by an expect before the next quiz or the
 * end, so the model proves the declared answer; every lesson has a title
 * and a length. */
START_TEST(test_lessons_prove_their_answers)
{
	static const char *const names[] = {
		"buddy-split", "fragmentation", "watermarks", "gfp-atomic",
		"gfp-anatomy", "migratetypes", "compaction", "real-machine", "tour",
	};
	const char *root = getenv("BS_SOURCE_ROOT");
	unsigned quizzes = 0;

	ck_assert_ptr_nonnull(root);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[4096], line[2048];
		FILE *f;
		unsigned lineno = 0, open_line = 0, answer_line = 0;
		bool have_title = false, have_minutes = false;

		snprintf(path, sizeof(path), "%s/assets/lessons/%s.bs", root,
			 names[i]);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "cannot open %s", path);
		while (fgets(line, sizeof(line), f)) {
			lineno++;
			if (strncmp(line, "# lesson: ", 10) == 0)
				have_title = true;
			if (strncmp(line, "# minutes: ", 11) == 0)
				have_minutes = atoi(line + 11) >= 1 &&
					       atoi(line + 11) <= 5;
			if (strncmp(line, "quiz ", 5) == 0) {
				ck_assert_msg(!open_line && !answer_line,
					      "%s:%u: a quiz before the last one "
					      "was answered and proved", path,
					      lineno);
				open_line = lineno;
				quizzes++;
			} else if (strncmp(line, "answer ", 7) == 0) {
				ck_assert_msg(open_line, "%s:%u: answer without "
					      "a quiz", path, lineno);
				open_line = 0;
				answer_line = lineno;
			} else if (strncmp(line, "expect ", 7) == 0) {
				answer_line = 0;
			}
		}
		fclose(f);
		ck_assert_msg(!open_line, "%s:%u: quiz never answered", path,
			      open_line);
		ck_assert_msg(!answer_line, "%s:%u: no expect proves this "
			      "answer", path, answer_line);
		ck_assert_msg(have_title && have_minutes, "%s: no '# lesson:' "
			      "title or '# minutes: 1..5'", path);
	}
	ck_assert_uint_ge(quizzes, 7);
}
END_TEST

static Suite *
src_suite(void)
{
	Suite *s = suite_create("src");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_tokenize_words);
	tcase_add_test(tc, test_tokenize_call);
	tcase_add_test(tc, test_tokenize_huge);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	tc = tcase_create("session");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_handles);
	tcase_add_test(tc, test_atomic_errors);
	tcase_add_test(tc, test_undo_exact);
	tcase_add_test(tc, test_expect_and_outcome);
	suite_add_tcase(s, tc);
	tc = tcase_create("complete");
	tcase_add_test(tc, test_completion);
	tcase_add_test(tc, test_lessons_prove_their_answers);
	tcase_add_test(tc, test_effective_min);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int r = check_run_suite(src_suite());

	tokens_release(&tok);
	return r;
}
