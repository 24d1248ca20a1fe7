/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - options and modes of the buddyscope program.
 *
 *   buddyscope                    the screen (ui/) on a terminal; with
 *                                 --plain, or where the terminal cannot
 *                                 show it, the readline command line;
 *                                 from a pipe, the same as --batch -
 *   buddyscope --batch FILE       run FILE ("-": stdin), print to stdout;
 *                                 exit 0 ok, 1 an expect failed, 2 a bad
 *                                 command (FILE:LINE: error: ... on stderr)
 *   buddyscope --script FILE      play FILE, then stay at the prompt
 *   buddyscope --lesson NAME      play a lesson (assets/lessons/NAME.bs);
 *                                 from a pipe, run it headless
 *
 * First run: started with nothing to do (no --script, --lesson, --batch,
 * --import, --replay) on a terminal, the screen plays the short tour
 * (lessons/tour.bs) once: the marker $XDG_STATE_HOME/buddyscope/tour-seen
 * is written when it starts, so later runs open at the prompt.  --tour
 * plays it again, --no-tour never; Esc skips it.
 *
 * The interactive program runs the init file
 * ($XDG_CONFIG_HOME/buddyscope/init) first and keeps its history in
 * $XDG_STATE_HOME/buddyscope/history; batch runs read neither, so they
 * give the same result on every machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"
#include "repl.h"
#include "script.h"
#include "replay.h"
#include "session.h"
#include "export.h"
#include "session_ui.h"
#include "ui.h"

#ifndef BUDDYSCOPE_VERSION
#define BUDDYSCOPE_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_EXPECT = 1, EXIT_BAD = 2 };

static void
usage(FILE *f)
{
	fputs("Usage: buddyscope [OPTION]...\n"
	      "A simulator of the Linux buddy page allocator.\n"
	      "\n"
	      "  -b, --batch FILE       run the commands of FILE ('-': standard input)\n"
	      "                         without a screen and print their output\n"
	      "  -k, --keep-going       in batch mode, go on after a bad command\n"
	      "  -s, --script FILE      play FILE in the interactive program first\n"
	      "  -L, --lesson NAME      play a lesson (see the lessons command);\n"
	      "                         from a pipe, run it without a screen\n"
	      "      --tour             play the first-run tour again\n"
	      "      --no-tour          do not play the first-run tour\n"
	      "  -p, --plain            no screen: the plain readline command line\n"
	      "      --presenter        screen: big cells and a high-contrast theme\n"
	      "      --theme NAME|FILE  screen: colours (assets/themes/NAME.theme)\n"
	      "      --ascii            screen: ASCII glyphs only\n"
	      "      --record FILE.cast screen: record the session as an asciinema\n"
	      "                         v2 cast (play it with asciinema play)\n"
	      "  -t, --trace-out FILE   write every model event as a kernel\n"
	      "                         tracepoint line to FILE ('-': stdout)\n"
	      "  -m, --machine PRESET   the first machine (default classroom)\n"
	      "  -e, --era ERA          the first era: 4.19 or 6.12 (default)\n"
	      "  -u, --undo-depth N     how many states undo keeps (default 64, 0: off)\n"
	      "  -n, --no-init          do not run the init file\n"
	      "  -I, --import 'DIR [SNAPSHOT]'  start from a real machine: /proc or\n"
	      "                         files saved by capture (see help import)\n"
	      "  -R, --replay FILE      then apply a kernel kmem trace (help replay)\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n"
	      "\n"
	      "Batch exit status: 0 every command ran and every expect held,\n"
	      "1 an expect failed, 2 a bad command or bad input.\n"
	      "Type 'help' at the prompt for the commands.\n", f);
}

static void
out_stdout(void *data, const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
}

static void
err_stderr(void *data, const char *text, size_t len)
{
	fflush(stdout);		/* keep messages in order with output */
	fwrite(text, 1, len, stderr);
}

/* $XDG_<var> or $HOME/<fallback>, plus "/buddyscope"; created if mkdirs. */
static char *
xdg_dir(const char *var, const char *fallback, bool mkdirs)
{
	const char *base = getenv(var), *home = getenv("HOME");
	char *path;
	size_t n;

	if (base && base[0] == '/') {
		n = strlen(base) + 16;
		path = malloc(n);
		if (path)
			snprintf(path, n, "%s/buddyscope", base);
	} else if (home && home[0]) {
		n = strlen(home) + strlen(fallback) + 16;
		path = malloc(n);
		if (path)
			snprintf(path, n, "%s/%s/buddyscope", home, fallback);
	} else {
		return NULL;
	}
	if (path && mkdirs) {
		/* mkdir -p */
		for (char *p = path + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
		mkdir(path, 0700);
	}
	return path;
}

/* The first-run tour's marker: $XDG_STATE_HOME/buddyscope/tour-seen. */
static char *
tour_marker(bool mkdirs)
{
	char *dir = xdg_dir("XDG_STATE_HOME", ".local/state", mkdirs), *path;
	size_t n;

	if (!dir)
		return NULL;
	n = strlen(dir) + 16;
	path = malloc(n);
	if (path)
		snprintf(path, n, "%s/tour-seen", dir);
	free(dir);
	return path;
}

static bool
tour_seen(void)
{
	char *path = tour_marker(false);
	bool seen = !path || access(path, F_OK) == 0;

	free(path);	/* no home at all: no tour either */
	return seen;
}

static void
mark_tour_seen(void)
{
	char *path = tour_marker(true);
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fputs("The buddyscope first-run tour was played; delete this "
		      "file (or run buddyscope --tour) to see it again.\n", f);
		fclose(f);
	}
	free(path);
}

/* Run "NAME ARG" as a command line; print its output, or the error. */
static bool
run_option(struct session *s, const char *name, const char *arg)
{
	struct strbuf out = STRBUF_INIT;
	size_t n = strlen(name) + strlen(arg) + 2;
	char *line = malloc(n), err[1024];
	bool ok;

	if (!line)
		return false;
	snprintf(line, n, "%s %s", name, arg);
	ok = session_execute_line(s, line, strlen(line), &out, err,
				  sizeof(err)) == EXEC_OK;
	fwrite(strbuf_str(&out), 1, strlen(strbuf_str(&out)), stdout);
	fflush(stdout);
	if (!ok)
		fprintf(stderr, "buddyscope: --%s: %s\n", name, err);
	strbuf_release(&out);
	free(line);
	return ok;
}

static bool
fd_closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0 && errno == EBADF;
}

/*
 * Standard streams that were closed (`buddyscope <&-`): a file opened
 * later would get their number, and the history file or a script would
 * then be read as the terminal or written as the output.  stdin is
 * needed unless a file of commands was given; stdout always (it is what
 * the program is for); stderr is put on /dev/null.  False with a message
 * when the run cannot go on.
 */
static bool
std_fds_ok(const char *batch, const char *script)
{
	bool need_stdin = !script && (!batch || strcmp(batch, "-") == 0);

	if (fd_closed(STDERR_FILENO) &&
	    open("/dev/null", O_WRONLY) != STDERR_FILENO)
		return false;
	if (fd_closed(STDOUT_FILENO)) {
		fprintf(stderr, "buddyscope: standard output is closed: "
			"nowhere to show anything\n");
		return false;
	}
	if (fd_closed(STDIN_FILENO)) {
		if (need_stdin) {
			fprintf(stderr, "buddyscope: standard input is closed: "
				"give the commands with --batch FILE, or run "
				"it in a terminal\n");
			return false;
		}
		if (open("/dev/null", O_RDONLY) != STDIN_FILENO)
			return false;
	}
	return true;
}

static int
exit_status(struct session *s)
{
	struct session_counts c;

	session_get_counts(s, &c);
	if (c.errors)
		return EXIT_BAD;
	if (c.expects_failed)
		return EXIT_EXPECT;
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", required_argument, NULL, 'b' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "script", required_argument, NULL, 's' },
		{ "trace-out", required_argument, NULL, 't' },
		{ "machine", required_argument, NULL, 'm' },
		{ "era", required_argument, NULL, 'e' },
		{ "undo-depth", required_argument, NULL, 'u' },
		{ "no-init", no_argument, NULL, 'n' },
		{ "import", required_argument, NULL, 'I' },
		{ "replay", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "plain", no_argument, NULL, 'p' },
		{ "presenter", no_argument, NULL, 'P' },
		{ "theme", required_argument, NULL, 'T' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "record", required_argument, NULL, 'C' },
		{ "lesson", required_argument, NULL, 'L' },
		{ "tour", no_argument, NULL, 'O' },
		{ "no-tour", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_options o;
	struct session_io io = { 0 };
	struct session *s;
	const char *batch = NULL, *script = NULL, *era = NULL;
	const char *import_arg = NULL, *replay_arg = NULL, *trace = NULL;
	bool no_init = false, plain = false, screen;
	const char *lesson = NULL;
	int tour = -1;		/* -1: first run decides; 0 no; 1 yes */
	char lesson_file[4096];
	struct ui_options uo = { 0 };
	char err[512];
	int c, ret;

	session_options_init(&o);
	while ((c = getopt_long(argc, argv, "b:ks:t:m:e:u:nhVI:R:pL:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'b':
			batch = optarg;
			break;
		case 'k':
			io.keep_going = true;
			break;
		case 's':
			script = optarg;
			break;
		case 't':
			o.trace_path = optarg;
			break;
		case 'm':
			o.preset = optarg;
			break;
		case 'e':
			era = optarg;
			break;
		case 'u': {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || errno || v > 100000) {
				fprintf(stderr, "buddyscope: --undo-depth: '%s' is not "
					"a number 0..100000\n", optarg);
				return EXIT_BAD;
			}
			o.undo_depth = (unsigned)v;
			break;
		}
		case 'n':
			no_init = true;
			break;
		case 'I':
			import_arg = optarg;
			break;
		case 'R':
			replay_arg = optarg;
			break;
		case 'p':
			plain = true;
			break;
		case 'P':
			uo.presenter = true;
			break;
		case 'T':
			uo.theme = optarg;
			break;
		case 'A':
			uo.ascii = true;
			break;
		case 'C':
			uo.record_path = optarg;
			break;
		case 'L':
			lesson = optarg;
			break;
		case 'O':
			tour = 1;
			break;
		case 'N':
			tour = 0;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("buddyscope %s\n", BUDDYSCOPE_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_BAD;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "buddyscope: unexpected argument '%s' (commands "
			"go in a --batch file or at the prompt)\n", argv[optind]);
		return EXIT_BAD;
	}
	if (batch && script) {
		fprintf(stderr, "buddyscope: --batch and --script exclude each "
			"other (a batch file is a script without a screen)\n");
		return EXIT_BAD;
	}
	if (uo.record_path && (batch || plain || !isatty(STDIN_FILENO) ||
			       !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "buddyscope: --record records the screen: it needs a "
			"terminal and no --batch or --plain\n");
		return EXIT_BAD;
	}
	if (lesson && (batch || script)) {
		fprintf(stderr, "buddyscope: --lesson excludes --batch and "
			"--script (a lesson is a script)\n");
		return EXIT_BAD;
	}
	if (lesson) {
		if (!lesson_path(lesson, lesson_file, sizeof(lesson_file), err,
				 sizeof(err))) {
			fprintf(stderr, "buddyscope: --lesson: %s\n", err);
			return EXIT_BAD;
		}
		if (isatty(STDIN_FILENO))
			script = lesson_file;
		else
			batch = lesson_file;	/* headless: the test suite */
	}
	if (!std_fds_ok(batch, script))
		return EXIT_BAD;
	if (!batch && !script && !isatty(STDIN_FILENO))
		batch = "-";
	/* The first-run tour: nothing else to do, and a terminal. */
	if (tour < 0)
		tour = !script && !batch && !import_arg && !replay_arg &&
		       !plain && isatty(STDOUT_FILENO) && !tour_seen();
	if (tour && !script && !batch && !plain &&
	    lesson_path("tour", lesson_file, sizeof(lesson_file), err,
			sizeof(err))) {
		script = lesson_file;
		uo.tour = true;
	}

	s = session_create(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "buddyscope: %s\n", err);
		return EXIT_BAD;
	}
	io.out = out_stdout;
	io.err = err_stderr;
	io.data = s;
	if (!batch) {
		io.pause = repl_pause;
		io.quiz = repl_quiz;
	}
	session_set_io(s, &io);
	/* screenshot without a screen: the frame a fresh 120x40 screen shows */
	session_set_screenshot(s, ui_batch_screenshot, s);
	if (era) {
		struct strbuf out = STRBUF_INIT;
		char line[64];

		snprintf(line, sizeof(line), "era %s", era);
		if (session_execute_line(s, line, strlen(line), &out, err,
					 sizeof(err)) != EXEC_OK) {
			fprintf(stderr, "buddyscope: --era: %s\n", err);
			strbuf_release(&out);
			session_destroy(s);
			return EXIT_BAD;
		}
		strbuf_release(&out);
	}

	/*
	 * --import 'DIR [SNAPSHOT]' and --replay FILE: the commands, run
	 * first.  In the screen, a trace alone is not applied at once but
	 * stepped through by the player, one event a step.
	 */
	screen = !batch && !plain && isatty(STDIN_FILENO) &&
		 isatty(STDOUT_FILENO);
	if (screen && replay_arg && !script) {
		char path[4096];
		long n;

		snprintf(path, sizeof(path), "%s", replay_arg);
		n = replay_count_events(path, err, sizeof(err));
		if (n <= 0) {
			if (n == 0)
				snprintf(err, sizeof(err), "%.400s: no kmem page events "
					 "(mm_page_alloc, mm_page_free, ...) in it",
					 path);
			fprintf(stderr, "buddyscope: --replay: %s\n", err);
			session_destroy(s);
			return EXIT_BAD;
		}
		trace = replay_arg;
	}
	if ((import_arg && !run_option(s, "import", import_arg)) ||
	    (replay_arg && !trace && !run_option(s, "replay", replay_arg))) {
		session_destroy(s);
		return EXIT_BAD;
	}
	if (batch) {
		static char buf[1 << 20];
		enum exec_status st;

		setvbuf(stdout, buf, _IOFBF, sizeof(buf));
		st = script_run_file(s, batch, err, sizeof(err));
		if (st == EXEC_ERROR) {
			fflush(stdout);
			fprintf(stderr, "buddyscope: %s\n", err);
			ret = EXIT_BAD;
		} else {
			ret = exit_status(s);
		}
		/* output that could not be written is a failed run (a full
		 * disk, a closed pipe), never a silent exit 0 */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "buddyscope: cannot write the output: "
				"%s\n", strerror(errno));
			ret = EXIT_BAD;
		}
		session_destroy(s);
		return ret;
	}

	if (!no_init) {
		char *dir = xdg_dir("XDG_CONFIG_HOME", ".config", false);

		if (dir) {
			size_t n = strlen(dir) + 8;
			char *path = malloc(n);

			if (path) {
				snprintf(path, n, "%s/init", dir);
				if (access(path, R_OK) == 0)
					script_run_file(s, path, err, sizeof(err));
				free(path);
			}
			free(dir);
		}
	}
	/* The screen when both ends are a terminal; it plays the script
	 * itself.  Where it cannot start, the plain command line. */
	if (screen) {
		char *dir = xdg_dir("XDG_STATE_HOME", ".local/state", true);
		char *hist = NULL;

		if (dir) {
			size_t n = strlen(dir) + 16;

			hist = malloc(n);
			if (hist)
				snprintf(hist, n, "%s/history", dir);
			free(dir);
		}
		uo.script = script ? script : trace;
		uo.history_path = hist;
		uo.setup_completion = repl_setup_completion;
		if (uo.tour)
			mark_tour_seen();
		ret = ui_run(s, &uo, err, sizeof(err));
		if (ret < 0 && uo.tour) {
			/* No screen, no tour: it is still to be seen. */
			char *marker = tour_marker(false);

			if (marker)
				unlink(marker);
			free(marker);
		}
		free(hist);
		if (ret >= 0) {
			session_destroy(s);
			return ret;
		}
		if (uo.record_path) {
			/* Asked to record the screen: no silent fallback. */
			fprintf(stderr, "buddyscope: --record: %s\n", err);
			session_destroy(s);
			return EXIT_BAD;
		}
		fprintf(stderr, "buddyscope: no screen: %s; using the plain "
			"command line (--plain)\n", err);
		if (trace && !run_option(s, "replay", trace)) {
			session_destroy(s);
			return EXIT_BAD;
		}
	}
	if (script && !uo.tour) {
		struct session_io sio = io;

		/* A demo goes on after a bad line: the teacher is watching. */
		sio.keep_going = true;
		session_set_io(s, &sio);
		if (script_run_file(s, script, err, sizeof(err)) == EXEC_ERROR)
			fprintf(stderr, "buddyscope: %s\n", err);
		session_set_io(s, &io);
	}
	{
		char *dir = xdg_dir("XDG_STATE_HOME", ".local/state", true);
		char *hist = NULL;

		if (dir) {
			size_t n = strlen(dir) + 16;

			hist = malloc(n);
			if (hist)
				snprintf(hist, n, "%s/history", dir);
			free(dir);
		}
		ret = repl_run(s, hist);
		free(hist);
	}
	session_destroy(s);
	return ret;
}
