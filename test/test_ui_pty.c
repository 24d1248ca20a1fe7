/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ui_pty.c - the screen of the real binary on a pseudo-terminal
 * (forkpty), decoded by libvterm into the grid a user would see.
 *
 * At 80x24: every panel is there, a typed command runs (its events appear
 * in the log and the free lists change), tab completion shows its matches
 * in the screen, the up arrow recalls history, an error is shown, `?`
 * shows the help; the window is then resized to 40x12 (reduced layout),
 * 20x8 (a message) and 132x43 (wide panels) and each relayout is read
 * back; `quit` leaves the alternate screen with the cursor visible.  Also:
 * a demo script played with its captions, pause, step and step back;
 * the shared kernel trace stepped one event at a time;
 * the first-run tour, skipped with Esc, ending at the prompt with a hint
 * and not played again; a quiz answered with a key; bookmarks;
 * TERM=dumb falls back to the plain command line; SIGTERM restores the
 * terminal; NO_COLOR draws no colours; a non-UTF-8 locale gets ASCII.
 * Issue 8: a storm of 200 resizes from a start at 20x8, an unknown and
 * an empty TERM, LC_ALL=POSIX, and the tty modes back after each exit.
 * Prints TAP.  Every wait is bounded (WAIT_MS).
 *
 * Usage: test_ui_pty BUDDYSCOPE SOURCE_ROOT
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define WAIT_MS 10000

static int tests, failed;
/* RLIMIT_FSIZE for the next child (0: none), SIGXFSZ ignored with it. */
static rlim_t child_fsize;
static char home[64];
static const char *exe, *root;
/* Pass --no-tour (every test but the first-run one: the tour would play
 * in a fresh $HOME). */
static bool no_tour = true;

struct term {
	int fd;
	pid_t pid;
	int rows, cols;
	VTerm *vt;
	VTermScreen *vs;
	bool altscreen, cursor_visible, exited;
	int status;
	struct termios tio_end;	/* the pty's modes after the exit */
};

static void ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int
on_prop(VTermProp prop, VTermValue *val, void *user)
{
	struct term *t = user;

	if (prop == VTERM_PROP_ALTSCREEN)
		t->altscreen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		t->cursor_visible = val->boolean;
	return 1;
}

static void
on_output(const char *s, size_t len, void *user)
{
	struct term *t = user;

	if (write(t->fd, s, len) < 0)
		return;
}

static const VTermScreenCallbacks screen_cb = { .settermprop = on_prop };

/* Start the binary with extra arguments (NULL-terminated) and env. */
static bool
term_start(struct term *t, int rows, int cols, const char *termname,
	   const char *lang, const char *const *env, const char *const *args)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
			      .ws_col = (unsigned short)cols };

	memset(t, 0, sizeof(*t));
	t->rows = rows;
	t->cols = cols;
	t->cursor_visible = true;
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	t->vs = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->vs, 1);
	vterm_screen_set_callbacks(t->vs, &screen_cb, t);
	vterm_output_set_callback(t->vt, on_output, t);
	vterm_screen_reset(t->vs, 1);
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return false;
	if (t->pid == 0) {
		const char *argv[16];
		int n = 0;
		char state[128];

		snprintf(state, sizeof(state), "%s/state", home);
		setenv("HOME", home, 1);
		setenv("XDG_STATE_HOME", state, 1);
		setenv("XDG_CONFIG_HOME", home, 1);
		setenv("TERM", termname, 1);
		setenv("LANG", lang, 1);
		setenv("LC_ALL", lang, 1);
		unsetenv("NO_COLOR");
		unsetenv("INPUTRC");
		setenv("ESCDELAY", "25", 1);
		for (; env && *env; env += 2)
			setenv(env[0], env[1], 1);
		if (child_fsize) {
			struct rlimit rl = { child_fsize, child_fsize };

			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		argv[n++] = exe;
		argv[n++] = "-n";
		if (no_tour)
			argv[n++] = "--no-tour";
		for (; args && *args && n < 15; args++)
			argv[n++] = *args;
		argv[n] = NULL;
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	return true;
}

/* Read what is there (waiting at most ms) into the emulator. */
static void
pump(struct term *t, int ms)
{
	struct pollfd p = { .fd = t->fd, .events = POLLIN };
	char buf[8192];
	ssize_t n;

	if (t->exited)
		return;
	if (poll(&p, 1, ms) <= 0)
		return;
	n = read(t->fd, buf, sizeof(buf));
	if (n > 0)
		vterm_input_write(t->vt, buf, (size_t)n);
	else if (n <= 0 && errno != EINTR && errno != EAGAIN)
		t->exited = true;
}

static void
row_text(struct term *t, int r, char *buf, size_t len)
{
	VTermRect rect = { .start_row = r, .end_row = r + 1, .start_col = 0,
			   .end_col = t->cols };
	size_t n = vterm_screen_get_text(t->vs, buf, len - 1, rect);

	buf[n] = '\0';
}

/* The whole screen, rows separated by newlines. */
static char *
screen_text(struct term *t)
{
	static char all[300 * 200 * 4];
	size_t at = 0;

	for (int r = 0; r < t->rows; r++) {
		char row[2048];

		row_text(t, r, row, sizeof(row));
		at += (size_t)snprintf(all + at, sizeof(all) - at, "%s\n", row);
		if (at >= sizeof(all))
			break;
	}
	return all;
}

/* Wait until the screen shows text (bounded). */
static bool
term_wait(struct term *t, const char *text)
{
	long end = now_ms() + WAIT_MS;

	for (;;) {
		if (strstr(screen_text(t), text))
			return true;
		if (now_ms() >= end || t->exited)
			return false;
		pump(t, 50);
	}
}

/* Let the screen settle: read until nothing arrives for quiet ms. */
static void
term_settle(struct term *t, int quiet)
{
	long end = now_ms() + WAIT_MS;
	struct pollfd p = { .fd = t->fd, .events = POLLIN };

	while (now_ms() < end && !t->exited && poll(&p, 1, quiet) > 0)
		pump(t, 0);
}

static void
term_send(struct term *t, const char *keys)
{
	size_t n = strlen(keys);

	while (n) {
		ssize_t w = write(t->fd, keys, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		keys += w;
		n -= (size_t)w;
	}
}

static void
term_resize(struct term *t, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
			      .ws_col = (unsigned short)cols };

	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	ioctl(t->fd, TIOCSWINSZ, &ws);
	kill(t->pid, SIGWINCH);
}

/* Wait for the child to exit (bounded); kill it if it does not. */
static bool
term_end(struct term *t)
{
	long end = now_ms() + WAIT_MS;
	bool exited = false;

	while (now_ms() < end) {
		pid_t r = waitpid(t->pid, &t->status, WNOHANG);

		pump(t, 20);
		if (r == t->pid) {
			exited = true;
			break;
		}
	}
	if (!exited) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &t->status, 0);
	}
	/* What was written before the exit. */
	for (int i = 0; i < 20; i++)
		pump(t, 10);
	tcgetattr(t->fd, &t->tio_end);
	close(t->fd);
	return exited;
}

static void
term_free(struct term *t)
{
	vterm_free(t->vt);
}

static void
dump(struct term *t)
{
	char *s = screen_text(t);

	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		printf("# |%s\n", line);
}

static bool
row_has(struct term *t, int r, const char *text)
{
	char buf[2048];

	row_text(t, r, buf, sizeof(buf));
	return strstr(buf, text) != NULL;
}

/* ---- the tests ------------------------------------------------------------ */

static void
test_80x24(void)
{
	struct term t;
	bool b;

	ok(term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL),
	   "80x24: started");
	b = term_wait(&t, "buddyscope>") && term_wait(&t, "Memory map");
	ok(b, "80x24: the screen appears with the command line");
	ok(t.altscreen, "80x24: on the alternate screen");
	ok(row_has(&t, 0, "buddyscope | classroom | era 6.12 | zone Normal"),
	   "80x24: status bar names machine, era and zone");
	b = term_wait(&t, "Per-order bitmaps") && term_wait(&t, "Watermarks") &&
	    term_wait(&t, "Event log") && term_wait(&t, "unus  extf") &&
	    term_wait(&t, "largest o10");
	ok(b, "80x24: map, bitmaps, free lists, gauges, fragmentation and log "
	   "all visible");
	ok(row_has(&t, 23, "buddyscope>"), "80x24: readline prompt on the last row");
	ok(term_wait(&t, "10    .  256"), "80x24: 256 Movable blocks of order 10");
	if (failed)
		dump(&t);

	term_send(&t, "alloc 3 GFP_KERNEL as x\r");
	b = term_wait(&t, "> alloc 3 GFP_KERNEL as x") &&
	    term_wait(&t, "allocated order 3 at 0x0");
	ok(b, "80x24: the command and its events appear in the log");
	ok(term_wait(&t, "3     1    .    .    ."),
	   "80x24: the free lists show the split (one Unmovable block of order 3)");
	ok(term_wait(&t, "0x0: 0x0/o3  kernel pb U handle x"),
	   "80x24: the inspector names the block and its handle");

	term_send(&t, "alloc 0 GFP_HIGH\t");
	b = term_wait(&t, "GFP_HIGHUSER_MOVABLE") && term_wait(&t, "matches");
	ok(b, "80x24: completion matches are shown inside the screen");
	if (!b)
		dump(&t);
	term_send(&t, "\025");	/* Ctrl-U: discard the line */
	term_settle(&t, 200);

	term_send(&t, "\033OA");	/* Up, as xterm sends it in keypad mode */
	ok(term_wait(&t, "buddyscope> alloc 3 GFP_KERNEL as x"),
	   "80x24: the up arrow recalls the previous command");
	term_send(&t, "\025\033[A");	/* Up in the ANSI form terminfo lacks */
	ok(term_wait(&t, "buddyscope> alloc 3 GFP_KERNEL as x"),
	   "80x24: the ANSI up arrow recalls it too");
	term_send(&t, "\025bogus\r");
	ok(term_wait(&t, "error: unknown command"),
	   "80x24: an unknown command gets an error message");

	term_send(&t, "\033");
	term_settle(&t, 150);
	term_send(&t, "?");
	ok(term_wait(&t, "this help (every key)") && term_wait(&t, "presenter mode on/off"),
	   "80x24: ? shows the help with the keys");
	term_send(&t, "x");
	term_settle(&t, 150);
	ok(!strstr(screen_text(&t), "this help (every key)"),
	   "80x24: any key closes the help");
	term_send(&t, "b");
	ok(term_wait(&t, "one bit per buddy pair"), "80x24: b switches the "
	   "bitmaps to the 2.4 one-bit-per-pair view");
	term_send(&t, "++");
	ok(term_wait(&t, "512 pages/cell"), "80x24: + zooms in");
	term_send(&t, "i");
	term_settle(&t, 100);

	term_resize(&t, 12, 40);
	b = term_wait(&t, "Memory map") && term_wait(&t, "Normal 0") &&
	    term_wait(&t, "Event log");
	ok(b && !strstr(screen_text(&t), "Per-order"),
	   "40x12: a reduced layout: map, gauge and log, no bitmaps");
	if (!b)
		dump(&t);
	term_resize(&t, 8, 20);
	b = term_wait(&t, "Terminal 20x8 is too");
	ok(b, "20x8: a message instead of panels");
	if (!b)
		dump(&t);
	term_resize(&t, 43, 132);
	b = term_wait(&t, "list heads") && term_wait(&t, "bit per buddy pair") &&
	    term_wait(&t, "400 800 c0");
	ok(b, "132x43: the wide layout with list heads");
	ok(term_wait(&t, "min 1024 low 1286 high 1548"),
	   "132x43: the gauge shows the watermark numbers");
	if (!b)
		dump(&t);

	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0,
	   "quit: exits with status 0");
	ok(!t.altscreen && t.cursor_visible,
	   "quit: the alternate screen is left and the cursor is visible");
	term_free(&t);
}

static void
test_script(void)
{
	struct term t;
	char path[4096];
	const char *args[] = { "--script", path, NULL };
	bool b;

	snprintf(path, sizeof(path), "%s/assets/demos/intro.bs", root);
	term_start(&t, 40, 120, "xterm-256color", "C.UTF-8", NULL, args);
	b = term_wait(&t, "This is a 1 GiB machine");
	ok(b, "script: the first caption is shown");
	ok(row_has(&t, 1, "This is a 1 GiB machine"),
	   "script: captions go to the caption line at the top");
	ok(term_wait(&t, "paused by the script"), "script: pause stops the "
	   "player");
	ok(term_wait(&t, "intro.bs"), "script: the status bar shows the script");
	term_send(&t, " ");
	ok(term_wait(&t, "A GFP_KERNEL request"), "script: Space goes on "
	   "after a pause");
	term_send(&t, "\033");
	term_settle(&t, 100);
	term_send(&t, " ");	/* pause playback */
	term_settle(&t, 300);
	term_send(&t, "n");
	term_settle(&t, 300);
	term_send(&t, "p");
	ok(term_wait(&t, "(stepped back)"), "script: p steps back");
	term_send(&t, "q");
	ok(term_end(&t) && !t.altscreen, "script: q quits and restores");
	if (failed)
		dump(&t);
	term_free(&t);
}

/* A kernel trace in the screen: one event a step, forward and back. */
static void
test_trace(void)
{
	struct term t;
	char dir[4096], imp[4200], trace[4200];
	const char *sh = getenv("BS_SHARED");
	const char *args[] = { "--import", imp, "--replay", trace, NULL };
	bool b;

	snprintf(dir, sizeof(dir), "%s/data/real/vm618-build",
		 sh ? sh : "../shared");
	snprintf(imp, sizeof(imp), "%s before", dir);
	snprintf(trace, sizeof(trace), "%s/trace.txt.xz", dir);
	term_start(&t, 40, 120, "xterm-256color", "C.UTF-8", NULL, args);
	b = term_wait(&t, "trace trace.txt.xz, 11065 events");
	ok(b, "trace: the player holds one step per event, paused");
	if (!b)
		dump(&t);
	term_send(&t, "\033");
	term_settle(&t, 100);
	term_send(&t, "n");
	b = term_wait(&t, "event 1: mm_page_alloc pfn=0x10c646 order=1");
	ok(b, "trace: n applies the first event and names it");
	term_send(&t, "n");
	b = term_wait(&t, "event 2: mm_page_alloc pfn=0x16a5f6 order=0");
	ok(b, "trace: n again applies the second");
	term_send(&t, "p");
	ok(term_wait(&t, "(stepped back)"), "trace: p steps back");
	term_send(&t, "n");
	ok(term_wait(&t, "event 2: mm_page_alloc pfn=0x16a5f6"),
	   "trace: and n applies the second event again");
	term_send(&t, "q");
	ok(term_end(&t) && !t.altscreen, "trace: q quits and restores");
	if (failed)
		dump(&t);
	term_free(&t);
}

/* Issue 7: the first run opens on the tour; Esc skips it at once. */
static void
test_tour(void)
{
	struct term t;
	char marker[256], *scr;
	struct stat sb;

	snprintf(marker, sizeof(marker), "%s/state/buddyscope/tour-seen", home);
	unlink(marker);
	no_tour = false;
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Welcome to buddyscope"), "tour: the first run opens "
	   "on the tour");
	ok(row_has(&t, 0, "tour") && term_wait(&t, "Esc skips it"),
	   "tour: the status bar and message say it is a tour and Esc skips it");
	ok(stat(marker, &sb) == 0, "tour: the first-run marker is written");
	term_send(&t, "\033");
	ok(term_wait(&t, "Tour skipped. Type lessons to list the lessons"),
	   "tour: one key (Esc) skips it and leaves a hint of what to type");
	term_settle(&t, 300);
	scr = screen_text(&t);
	ok(!row_has(&t, 1, "Welcome to buddyscope") && !strstr(scr, "tour "),
	   "tour: the caption and the player are gone");
	ok(row_has(&t, 23, "buddyscope>"), "tour: it ends at the prompt");
	if (failed)
		dump(&t);
	term_send(&t, "lessons\r");
	ok(term_wait(&t, "Watermarks min, low and high") &&
	   term_wait(&t, "Start one with"),
	   "tour: the hinted command lists the lessons");
	term_send(&t, "lesson buddy-split\r");
	ok(term_wait(&t, "A small machine: one Normal zone") &&
	   term_wait(&t, "buddy-split.bs step"),
	   "lesson NAME at the prompt plays it in the player");
	term_send(&t, " ");	/* pause it */
	term_settle(&t, 200);
	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status), "tour: quit");
	term_free(&t);

	/* The second run opens at the prompt. */
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Memory map"), "tour: second run starts");
	term_settle(&t, 800);
	ok(!strstr(screen_text(&t), "Welcome to buddyscope"),
	   "tour: the second run does not play it again");
	term_send(&t, "quit\r");
	term_end(&t);
	term_free(&t);

	/* --tour plays it again; a tour played to its end leaves the hint. */
	{
		const char *args[] = { "--tour", NULL };

		term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, args);
		ok(term_wait(&t, "Welcome to buddyscope"), "tour: --tour plays "
		   "it again");
		term_send(&t, "\033");
		ok(term_wait(&t, "Tour skipped."), "tour: skipped again");
		term_send(&t, "quit\r");
		term_end(&t);
		term_free(&t);
	}
	no_tour = true;
}

/* Issue 7: a quiz waits for a key, then the answer is the caption; the
 * step counter; bookmarks with m and '. */
static void
test_quiz_and_marks(void)
{
	struct term t;
	char path[256];
	const char *args[] = { "--script", path, NULL };
	FILE *f;

	snprintf(path, sizeof(path), "%s/quiz.bs", home);
	f = fopen(path, "w");
	if (!f) {
		ok(false, "quiz: cannot write %s", path);
		return;
	}
	fputs("say Quiz time.\n"
	      "quiz \"Will an order-0 allocation succeed?\" yes no\n"
	      "alloc 0 as q\n"
	      "answer 1 \"Plenty of memory is free.\"\n"
	      "expect ok\n"
	      "say The end.\n", f);
	fclose(f);
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, args);
	ok(term_wait(&t, "QUIZ - what do you think?") &&
	   term_wait(&t, "1) yes") && term_wait(&t, "Press 1-2 to answer"),
	   "quiz: the box shows the question and the choices");
	ok(term_wait(&t, "step 2/6"), "quiz: the step counter shows the step");
	term_send(&t, "1");
	ok(term_wait(&t, "ANSWER: 1) yes - right!"), "quiz: key 1 answers; "
	   "the reveal says it was right");
	ok(term_wait(&t, "Plenty of memory is free."), "quiz: the explanation "
	   "is shown");
	ok(term_wait(&t, "The end.") && term_wait(&t, "step 6/6"),
	   "quiz: the script plays on to its end");
	term_send(&t, "\033");
	term_settle(&t, 100);
	term_send(&t, "m");
	ok(term_wait(&t, "bookmark at step 6") && term_wait(&t, "*1 mark"),
	   "marks: m bookmarks the current step");
	term_send(&t, "p");
	ok(term_wait(&t, "(stepped back)"), "marks: p steps back");
	term_send(&t, "'");
	ok(term_wait(&t, "at bookmark: step 6 of 6"), "marks: ' goes to the "
	   "next bookmark");
	term_send(&t, "q");
	ok(term_end(&t) && !t.altscreen, "quiz: q quits");
	if (failed)
		dump(&t);
	term_free(&t);
}

/* watch in the screen: samples show while it waits, a key stops it. */
static void
test_watch(void)
{
	struct term t;
	bool b;

	term_start(&t, 40, 120, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Memory map"), "watch: screen up");
	term_send(&t, "watch 1 30\r");
	b = term_wait(&t, "watching: any key stops") &&
	    term_wait(&t, "zone");
	ok(b, "watch: the first sample is shown while it waits");
	term_send(&t, "x");
	b = term_wait(&t, "watch stopped by a key after 1 of 30 samples") ||
	    term_wait(&t, "watch stopped by a key after 2 of 30 samples");
	ok(b, "watch: a key stops it");
	if (!b)
		dump(&t);
	term_send(&t, "quit\r");
	ok(term_end(&t) && !t.altscreen, "watch: quits and restores");
	term_free(&t);
}

/* Focus: Up and Down act on the focused panel (gauges: the zone shown). */
static void
test_focus(void)
{
	struct term t;
	bool b;

	term_start(&t, 40, 120, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Memory map"), "focus: screen up");
	term_send(&t, "machine custom DMA32=16384 Normal=65536\r");
	b = term_wait(&t, "zone Normal");
	ok(b, "focus: the biggest zone is shown first");
	term_send(&t, "\033");
	term_settle(&t, 100);
	term_send(&t, "\t\t\t");	/* map -> bitmaps -> lists -> gauges */
	term_settle(&t, 100);
	term_send(&t, "k");		/* up: the zone before */
	b = term_wait(&t, "zone DMA32");
	ok(b, "focus: Up in the gauges shows the zone before");
	if (!b)
		dump(&t);
	term_send(&t, "j");
	ok(term_wait(&t, "zone Normal"), "focus: Down shows the next again");
	term_send(&t, "q");
	ok(term_end(&t) && !t.altscreen, "focus: q quits and restores");
	term_free(&t);
}

/* A packed kmem trace given to --script, played step by step on the
 * machine it came from: it waits for Space, then plays to the end. */
static void
test_trace_player(void)
{
	struct term t;
	char dir[4096], trace[4096];
	const char *args[] = { "--import", dir, "--script", trace, NULL };

	snprintf(dir, sizeof(dir), "%s/test/data/import/full", root);
	snprintf(trace, sizeof(trace), "%s/test/data/trace/ftrace.txt.xz", root);
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, args);
	ok(term_wait(&t, "ftrace.txt.xz step"), "trace: the player shows the "
	   "trace's step counter");
	term_send(&t, "\033");
	term_settle(&t, 100);
	term_send(&t, " ");
	ok(term_wait(&t, "ftrace.txt.xz:4: event 1: mm_page_alloc pfn=0x201 order=0"),
	   "trace: Space plays its events one step at a time");
	term_wait(&t, "ftrace.txt.xz step 18/18");
	term_send(&t, "p");
	ok(term_wait(&t, "(stepped back)"), "trace: p steps back over an event");
	term_send(&t, "q");
	ok(term_end(&t), "trace: q quits");
	if (failed)
		dump(&t);
	term_free(&t);
}

static void
test_dumb(void)
{
	struct term t;

	term_start(&t, 24, 80, "dumb", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "using the plain command line"),
	   "TERM=dumb: says why there is no screen");
	ok(term_wait(&t, "buddyscope>"), "TERM=dumb: the plain prompt works");
	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status), "TERM=dumb: quits");
	term_free(&t);
}

static void
test_sigterm(void)
{
	struct term t;

	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Memory map") && t.altscreen, "SIGTERM: screen up");
	kill(t.pid, SIGTERM);
	term_end(&t);
	ok(WIFSIGNALED(t.status) && WTERMSIG(t.status) == SIGTERM,
	   "SIGTERM: the program dies of the signal");
	ok(!t.altscreen && t.cursor_visible,
	   "SIGTERM: the terminal is restored first");
	term_free(&t);
}

static void
test_no_color_ascii(void)
{
	struct term t;
	const char *env[] = { "NO_COLOR", "1", NULL };
	VTermScreenCell cell;
	VTermPos pos = { .row = 3, .col = 0 };
	bool colourless = true;

	term_start(&t, 24, 80, "xterm-256color", "C", env, NULL);
	ok(term_wait(&t, "Memory map") && term_wait(&t, "o10 #"),
	   "LANG=C: ASCII glyphs in the bitmaps");
	for (pos.col = 0; pos.col < 40; pos.col++) {
		vterm_screen_get_cell(t.vs, pos, &cell);
		if (!VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) ||
		    !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg))
			colourless = false;
	}
	ok(colourless, "NO_COLOR: the map is drawn without colours");
	ok(row_has(&t, 3, "mmmm"), "NO_COLOR: migratetype letters carry the "
	   "meaning");
	term_send(&t, "\004");	/* Ctrl-D on an empty line */
	ok(term_end(&t) && !t.altscreen, "Ctrl-D quits and restores");
	term_free(&t);
}


/* ---- --record: the cast plays back to the screen the user saw ------------ */

/* Parse a JSON string at *p (after its opening quote) into out (UTF-8);
 * strict: only the escapes JSON has, no raw control characters. */
static bool
json_string(const char **p, char *out, size_t cap, size_t *len)
{
	const char *s = *p;

	*len = 0;
	for (;;) {
		unsigned ch = (unsigned char)*s++;

		if (ch == '"')
			break;
		if (ch < 0x20 || *len + 4 >= cap)
			return false;
		if (ch == '\\') {
			char e = *s++;
			unsigned u;

			switch (e) {
			case '"': ch = '"'; break;
			case '\\': ch = '\\'; break;
			case '/': ch = '/'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u':
				if (sscanf(s, "%4x", &u) != 1)
					return false;
				s += 4;
				if (u >= 0x800) {
					out[(*len)++] = (char)(0xe0 | u >> 12);
					out[(*len)++] = (char)(0x80 | ((u >> 6) & 0x3f));
					ch = 0x80 | (u & 0x3f);
				} else if (u >= 0x80) {
					out[(*len)++] = (char)(0xc0 | u >> 6);
					ch = 0x80 | (u & 0x3f);
				} else {
					ch = u;
				}
				break;
			default:
				return false;
			}
		}
		out[(*len)++] = (char)ch;
	}
	*p = s;
	return true;
}

/* Drop the blanks at the end of each line: curses clears to the end of a
 * row where the cast writes blanks, and both look the same. */
static void
rtrim_lines(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == '\n') {
			while (w > s && w[-1] == ' ')
				w--;
		}
		*w++ = *r;
	}
	*w = '\0';
}

static void
test_record(void)
{
	static char data[1 << 20];
	struct term t;
	char path[256], expected[300 * 200 * 4], line[1 << 20], cmd[300];
	const char *args[] = { "--record", path, NULL };
	FILE *f;
	VTerm *vt;
	VTermScreen *vs;
	int w = 0, h = 0, events = 0, resizes = 0, bad = 0;
	double last = -1;
	bool b;

	snprintf(path, sizeof(path), "%s/session.cast", home);
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, args);
	b = term_wait(&t, "buddyscope>") && term_wait(&t, "Memory map");
	ok(b, "record: the screen starts with --record");
	term_send(&t, "alloc 3 GFP_KERNEL as x\r");
	b = term_wait(&t, "mm_page_alloc");
	term_resize(&t, 30, 100);
	term_settle(&t, 300);
	snprintf(cmd, sizeof(cmd), "screenshot %s/screen.html\r", home);
	term_send(&t, cmd);
	b = b && term_wait(&t, "wrote the screen to");
	term_send(&t, "alloc 5 as \xc3\xa9t\xc3\xa9\r");	/* UTF-8 in the log */
	b = b && term_wait(&t, "\xc3\xa9t\xc3\xa9");
	term_settle(&t, 300);
	ok(b, "record: commands run while recording");
	snprintf(expected, sizeof(expected), "%s", screen_text(&t));
	/* F10 quits without drawing again: the last frame is this screen. */
	term_send(&t, "\033[21~");
	ok(term_end(&t) && WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0,
	   "record: F10 quits cleanly");
	term_free(&t);

	snprintf(cmd, sizeof(cmd), "%s/screen.html", home);
	f = fopen(cmd, "r");
	{
		size_t n = f ? fread(line, 1, sizeof(line) - 1, f) : 0;

		line[n] = '\0';
		if (f)
			fclose(f);
		/* the screen at 100x30 with the theme's colours, command line and all */
		ok(strstr(line, "<pre class=\"bs\">") && strstr(line, "Memory map: Normal") &&
		   strstr(line, "screenshot ") && strstr(line, "color:#"),
		   "screenshot on the screen writes the frame shown, with colours");
	}
	f = fopen(path, "r");
	ok(f != NULL, "record: the cast file exists");
	if (!f)
		return;
	b = fgets(line, sizeof(line), f) &&
	    sscanf(line, "{\"version\": 2, \"width\": %d, \"height\": %d,", &w, &h) == 2;
	ok(b && w == 80 && h == 24 && strstr(line, "\"timestamp\": ") &&
	   strstr(line, "\"TERM\": \"xterm-256color\""),
	   "record: the header is asciinema v2 with the terminal's size and TERM");
	vt = vterm_new(h > 0 ? h : 24, w > 0 ? w : 80);
	vterm_set_utf8(vt, 1);
	vs = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(vs, 1);
	vterm_screen_reset(vs, 1);
	while (fgets(line, sizeof(line), f)) {
		const char *p = line;
		double at;
		char kind;
		size_t len;
		int n = 0;

		if (sscanf(p, "[%lf, \"%c\", \"%n", &at, &kind, &n) != 2 || !n ||
		    (kind != 'o' && kind != 'r') || at < last) {
			bad++;
			continue;
		}
		last = at;
		p += n;
		if (!json_string(&p, data, sizeof(data), &len) || strcmp(p, "]\n") != 0) {
			bad++;
			continue;
		}
		events++;
		if (kind == 'r') {
			int rw, rh;

			data[len] = '\0';
			if (sscanf(data, "%dx%d", &rw, &rh) == 2) {
				vterm_set_size(vt, rh, rw);
				w = rw;
				h = rh;
				resizes++;
			} else {
				bad++;
			}
		} else {
			vterm_input_write(vt, data, len);
		}
	}
	fclose(f);
	ok(bad == 0 && events > 3, "record: %d events, each a valid [time, "
	   "\"o\"|\"r\", \"...\"] line in time order (%d bad)", events, bad);
	ok(resizes >= 1 && w == 100 && h == 30, "record: the resize is an \"r\" "
	   "event (%dx%d at the end)", w, h);
	{
		static char got[300 * 200 * 4];
		size_t at = 0;

		for (int r = 0; r < h; r++) {
			char row[2048];
			VTermRect rect = { .start_row = r, .end_row = r + 1,
					   .start_col = 0, .end_col = w };
			size_t n = vterm_screen_get_text(vs, row, sizeof(row) - 1, rect);

			row[n] = '\0';
			at += (size_t)snprintf(got + at, sizeof(got) - at, "%s\n", row);
		}
		rtrim_lines(got);
		rtrim_lines(expected);
		b = strcmp(got, expected) == 0;
		ok(b, "record: the cast plays back to the screen the user saw");
		if (!b) {
			printf("# expected:\n");
			for (char *l = strtok(expected, "\n"); l; l = strtok(NULL, "\n"))
				printf("# |%s\n", l);
			printf("# played back:\n");
			for (char *l = strtok(got, "\n"); l; l = strtok(NULL, "\n"))
				printf("# |%s\n", l);
		}
	}
	vterm_free(vt);
}

/* ---- the history file is replaced atomically -------------------------------- */

static bool
read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return true;
}

static void
test_history_atomic(void)
{
	static const char old[] = "alloc 1 as first\nsay old history\n";
	char dir[256], path[320], got[8192], cmd[1200], ls[512];
	struct term t;
	FILE *f;
	bool b;

	snprintf(dir, sizeof(dir), "%s/state", home);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/state/buddyscope", home);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/history", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(old, f);
		fclose(f);
	}
	/* A real failure: the new history (old lines plus a long one) does
	 * not fit under a 512-byte file size limit, so write(2) fails. */
	child_fsize = 512;
	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL);
	child_fsize = 0;
	b = term_wait(&t, "buddyscope>");
	memset(cmd, 0, sizeof(cmd));
	strcpy(cmd, "say ");
	memset(cmd + 4, 'x', 700);
	strcat(cmd, "\r");
	term_send(&t, cmd);
	term_settle(&t, 300);
	term_send(&t, "quit\r");
	b = term_end(&t) && b;
	ok(b && strstr(screen_text(&t), "history not saved"),
	   "history: a failed write is reported after the screen closes");
	b = read_small(path, got, sizeof(got)) && strcmp(got, old) == 0;
	if (!b)
		printf("# after the failed write:\n# %.300s\n", got);
	ok(b,
	   "history: a failed write leaves the old history file intact");
	snprintf(ls, sizeof(ls), "ls %s | grep -q tmp", dir);
	ok(system(ls) != 0, "history: no temporary file is left behind");
	term_free(&t);

	term_start(&t, 24, 80, "xterm-256color", "C.UTF-8", NULL, NULL);
	b = term_wait(&t, "buddyscope>");
	term_send(&t, "say history-now\r");
	term_settle(&t, 300);
	term_send(&t, "quit\r");
	b = term_end(&t) && b;
	ok(b && read_small(path, got, sizeof(got)) && strstr(got, "say old history\n") &&
	   strstr(got, "say history-now\n"),
	   "history: a good write replaces the file with old and new lines");
	if (failed)
		printf("# history file:\n# %s\n", got);
	term_free(&t);
}

/* The line discipline as the shell needs it back: canonical input,
 * echo, signals, CR to NL, output processing. */
static bool
modes_restored(const struct term *t)
{
	return (t->tio_end.c_lflag & (ICANON | ECHO | ISIG)) ==
		       (ICANON | ECHO | ISIG) &&
	       (t->tio_end.c_iflag & ICRNL) && (t->tio_end.c_oflag & OPOST);
}

/* Issue 8: a storm of resizes (200 in a row, down to 1x1 and up to
 * 300x100, without waiting), then the screen must still work at 80x24
 * and quit must restore the terminal. */
static void
test_resize_storm(void)
{
	static const int sizes[][2] = {
		{ 8, 20 }, { 1, 1 }, { 100, 300 }, { 24, 80 }, { 3, 10 },
		{ 12, 40 }, { 43, 132 }, { 7, 19 }, { 2, 200 }, { 60, 30 },
	};
	struct term t;
	bool b;

	term_start(&t, 8, 20, "xterm-256color", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "Terminal 20x8 is too"),
	   "starting at 20x8: a message instead of panels");
	for (int i = 0; i < 200; i++) {
		term_resize(&t, sizes[i % 10][0], sizes[i % 10][1]);
		pump(&t, 0);
	}
	term_resize(&t, 24, 80);
	b = term_wait(&t, "Memory map") && term_wait(&t, "buddyscope>");
	ok(b && !t.exited, "resize storm: 200 resizes, then the full screen "
	   "at 80x24");
	if (!b)
		dump(&t);
	term_send(&t, "alloc 3 as storm\r");
	ok(term_wait(&t, "allocated order 3"), "resize storm: commands still run");
	{
		struct termios up;

		/* so that the check after quit can fail: curses has the
		 * terminal in cbreak mode without echo while it runs */
		tcgetattr(t.fd, &up);
		ok(!(up.c_lflag & (ICANON | ECHO)),
		   "resize storm: while the screen is up, no canonical mode");
	}
	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0,
	   "resize storm: quit exits with status 0");
	ok(!t.altscreen && t.cursor_visible && modes_restored(&t),
	   "resize storm: alternate screen left, cursor visible, tty modes "
	   "restored");
	term_free(&t);
}

/* Issue 8: a TERM that terminfo does not know falls back to the plain
 * command line with one message; a POSIX locale gets the ASCII screen;
 * both restore the terminal. */
static void
test_unknown_term_posix(void)
{
	struct term t;

	term_start(&t, 24, 80, "no-such-terminal-9000", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "using the plain command line") &&
	   term_wait(&t, "buddyscope>"),
	   "unknown TERM: one message, then the plain prompt");
	term_send(&t, "machine small\r");
	ok(term_wait(&t, "machine small, era 6.12"),
	   "unknown TERM: commands run at the plain prompt");
	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0 &&
	   modes_restored(&t), "unknown TERM: quits, tty modes restored");
	term_free(&t);

	term_start(&t, 24, 80, "", "C.UTF-8", NULL, NULL);
	ok(term_wait(&t, "TERM is not set") && term_wait(&t, "buddyscope>"),
	   "empty TERM: one message, then the plain prompt");
	term_send(&t, "quit\r");
	ok(term_end(&t) && WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0 &&
	   modes_restored(&t), "empty TERM: quits, tty modes restored");
	term_free(&t);

	term_start(&t, 24, 80, "xterm", "POSIX", NULL, NULL);
	ok(term_wait(&t, "Memory map") && term_wait(&t, "o10 #"),
	   "LC_ALL=POSIX: the screen in ASCII");
	term_send(&t, "quit\r");
	ok(term_end(&t) && !t.altscreen && t.cursor_visible &&
	   modes_restored(&t), "LC_ALL=POSIX: quit restores the terminal");
	term_free(&t);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: test_ui_pty BUDDYSCOPE SOURCE_ROOT\n");
		return 2;
	}
	exe = argv[1];
	root = argv[2];
	snprintf(home, sizeof(home), "/tmp/bs-ui-pty-%d", (int)getpid());
	if (mkdir(home, 0700) != 0) {
		perror(home);
		return 2;
	}
	test_80x24();
	test_script();
	test_trace();
	test_watch();
	test_focus();
	test_tour();
	test_quiz_and_marks();
	test_trace_player();
	test_dumb();
	test_sigterm();
	test_no_color_ascii();
	test_record();
	test_history_atomic();
	test_resize_storm();
	test_unknown_term_posix();
	printf("1..%d\n", tests);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", home);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", home);
	}
	return failed ? 1 : 0;
}
