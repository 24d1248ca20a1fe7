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
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define WAIT_MS 10000

static int tests, failed;
static char home[64];
static const char *exe, *root;

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
		argv[n++] = exe;
		argv[n++] = "-n";
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
	test_dumb();
	test_sigterm();
	test_no_color_ascii();
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
