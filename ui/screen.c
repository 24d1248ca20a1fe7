/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen.c - the one file that talks to curses (screen.h).
 *
 * The frame is drawn with one mvadd_wch() per cell on stdscr and sent
 * with doupdate(), which diffs against what the terminal shows (the
 * "virtual screen drawn first and diffed" of tmux).  Roles become colour
 * pairs 1..NR_UI_ROLES; the highlight of changed cells uses the hilite
 * role's pair.  Colours of a 256-colour theme are reduced to the 8 or 16
 * the terminal has with ui_colour_reduce().
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
/* term.h defines terminfo capability names as macros; one of them is a
 * field name of struct ui_frame. */
#undef cursor_visible
#include <termios.h>
#include <unistd.h>

static SCREEN *scr;
static bool is_open;
static int ncolors;
static bool mono;
static attr_t role_attr[NR_UI_ROLES];
static short role_pair[NR_UI_ROLES];

/* What the signal handler needs, prepared while it is safe to. */
static struct termios saved_tio;
static bool have_tio;
static int tty_fd = -1;
static char leave_seq[128];
static size_t leave_len;
static bool atexit_done;

/*
 * SIGWINCH: our own handler writes to a pipe that ui_screen_getkey()
 * polls together with the terminal, so a resize wakes a screen that
 * blocks without a timeout.  (curses' own handler only sets a flag: a
 * blocking read(2) restarted after the signal would not see it until the
 * next key.)
 */
static int winch_pipe[2] = { -1, -1 };
static int in_fd = -1;

static void
on_winch(int sig)
{
	int saved = errno;
	char c = 0;

	if (winch_pipe[1] >= 0 && write(winch_pipe[1], &c, 1) < 0)
		errno = saved;
	errno = saved;
}

static void
restore_now(void)
{
	if (!is_open)
		return;
	is_open = false;
	curs_set(1);
	endwin();
	if (have_tio)
		tcsetattr(tty_fd, TCSANOW, &saved_tio);
	if (scr) {
		delscreen(scr);
		scr = NULL;
	}
}

static void
on_fatal_signal(int sig)
{
	/* Only async-signal-safe calls: tcsetattr and write. */
	if (is_open) {
		if (have_tio)
			tcsetattr(tty_fd, TCSANOW, &saved_tio);
		if (leave_len && write(tty_fd, leave_seq, leave_len) < 0)
			leave_len = 0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
add_cap(const char *name)
{
	char *s = tigetstr(name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	/* Skip padding-free capabilities with parameters: these have none. */
	if (leave_len + n < sizeof(leave_seq)) {
		memcpy(leave_seq + leave_len, s, n);
		leave_len += n;
	}
}

bool
ui_screen_open(const char *term, FILE *out, FILE *in,
	       struct ui_screen_caps *caps, char *err, size_t errlen)
{
	const char *t = term ? term : getenv("TERM");
	struct sigaction sa;
	const char *cs;

	memset(caps, 0, sizeof(*caps));
	if (!t || !*t || strcmp(t, "dumb") == 0) {
		snprintf(err, errlen, "TERM is %s: the screen needs a terminal "
			 "that can move the cursor", t && *t ? t : "not set");
		return false;
	}
	if (!out)
		out = stdout;
	if (!in)
		in = stdin;
	tty_fd = fileno(out);
	have_tio = isatty(tty_fd) && tcgetattr(tty_fd, &saved_tio) == 0;
	scr = newterm(t, out, in);
	if (!scr) {
		snprintf(err, errlen, "cannot use terminal type '%s' (no "
			 "terminfo entry?)", t);
		return false;
	}
	set_term(scr);
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(scr);
		scr = NULL;
		snprintf(err, errlen, "terminal type '%s' cannot address the "
			 "cursor", t);
		return false;
	}
	leave_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmcup");
	is_open = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	intrflush(stdscr, FALSE);
	leaveok(stdscr, FALSE);
	ncolors = 0;
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		ncolors = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 :
			  COLORS >= 8 ? 8 : 0;
	}
	caps->colors = ncolors;
	cs = nl_langinfo(CODESET);
	caps->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!atexit_done) {
		atexit(restore_now);
		atexit_done = true;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	in_fd = fileno(in);
	if (winch_pipe[0] < 0 && pipe(winch_pipe) == 0) {
		fcntl(winch_pipe[0], F_SETFL, O_NONBLOCK);
		fcntl(winch_pipe[1], F_SETFL, O_NONBLOCK);
		fcntl(winch_pipe[0], F_SETFD, FD_CLOEXEC);
		fcntl(winch_pipe[1], F_SETFD, FD_CLOEXEC);
	}
	if (winch_pipe[0] >= 0) {
		sa.sa_handler = on_winch;
		sa.sa_flags = 0;
		sigaction(SIGWINCH, &sa, NULL);
	}
	return true;
}

void
ui_screen_close(void)
{
	restore_now();
}

bool
ui_screen_is_open(void)
{
	return is_open;
}

void
ui_screen_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void
ui_screen_resize(int w, int h)
{
	resize_term(h, w);
}

void
ui_screen_set_theme(const struct ui_theme *t)
{
	mono = t->mono || ncolors == 0;
	for (int r = 0; r < NR_UI_ROLES; r++) {
		const struct ui_style *s = &t->role[r];
		attr_t a = 0;

		if (s->attr & UI_ATTR_BOLD)
			a |= A_BOLD;
		if (s->attr & UI_ATTR_REVERSE)
			a |= A_REVERSE;
		if (s->attr & UI_ATTR_UNDERLINE)
			a |= A_UNDERLINE;
		if (s->attr & UI_ATTR_DIM)
			a |= A_DIM;
		role_attr[r] = a;
		role_pair[r] = 0;
		if (!mono && r + 1 < COLOR_PAIRS) {
			int fg = ui_colour_reduce(s->fg, ncolors);
			int bg = ui_colour_reduce(s->bg, ncolors);

			init_pair((short)(r + 1), (short)fg, (short)bg);
			role_pair[r] = (short)(r + 1);
		}
	}
}

void
ui_screen_blit(const struct ui_frame *f)
{
	int w, h;

	getmaxyx(stdscr, h, w);
	for (int y = 0; y < h && y < f->h; y++) {
		for (int x = 0; x < w && x < f->w; x++) {
			const struct ui_cell *c = &f->cells[(size_t)y * (size_t)f->w +
							    (size_t)x];
			unsigned role = c->role < NR_UI_ROLES ? c->role : 0;
			attr_t a = role_attr[role];
			short pair = role_pair[role];
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			cchar_t cc;

			if (c->flags & UI_CELL_HILITE) {
				if (mono) {
					a |= A_REVERSE;
				} else {
					pair = role_pair[UI_HILITE];
					a = role_attr[UI_HILITE];
				}
			}
			if (c->flags & UI_CELL_BOLD)
				a |= A_BOLD;
			if (c->flags & UI_CELL_REVERSE)
				a |= A_REVERSE;
			setcchar(&cc, wc, a, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	if (f->cursor_visible && f->cursor_x < w && f->cursor_y < h) {
		curs_set(1);
		move(f->cursor_y, f->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void
ui_screen_redraw(void)
{
	clearok(curscr, TRUE);
}

int
ui_screen_getkey(int timeout_ms, uint32_t *ch)
{
	wint_t wc;
	int r;

	struct pollfd p[2];
	int n;

	/* Keys curses has already read (the rest of a sequence). */
	timeout(0);
	r = get_wch(&wc);
	if (r != ERR)
		goto got;
	p[0].fd = in_fd;
	p[0].events = POLLIN;
	p[1].fd = winch_pipe[0];
	p[1].events = POLLIN;
	n = poll(p, winch_pipe[0] >= 0 ? 2 : 1, timeout_ms);
	if (n <= 0)
		return 0;
	if (winch_pipe[0] >= 0 && (p[1].revents & POLLIN)) {
		char buf[64];
		struct winsize ws;

		while (read(winch_pipe[0], buf, sizeof(buf)) > 0)
			;
		if (ioctl(tty_fd, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_row > 0 && ws.ws_col > 0)
			resize_term(ws.ws_row, ws.ws_col);
		*ch = KEY_RESIZE;
		return 2;
	}
	if (p[0].revents & (POLLHUP | POLLERR) && !(p[0].revents & POLLIN)) {
		/* The terminal is gone: as if the user pressed F10 (quit). */
		*ch = KEY_F(10);
		return 2;
	}
	/* Input is there; wait briefly for the rest of a sequence. */
	timeout(50);
	r = get_wch(&wc);
	if (r == ERR)
		return 0;
got:
	*ch = (uint32_t)wc;
	return r == KEY_CODE_YES ? 2 : 1;
}

void
ui_screen_row(int y, char *buf, size_t len)
{
	int w, h, n;
	wchar_t wbuf[1024];

	getmaxyx(stdscr, h, w);
	buf[0] = '\0';
	if (y >= h || len == 0)
		return;
	n = w < 1023 ? w : 1023;
	if (mvinnwstr(y, 0, wbuf, n) == ERR)
		return;
	wbuf[n] = 0;
	if (wcstombs(buf, wbuf, len) == (size_t)-1) {
		/* Not representable in this locale: ASCII only. */
		size_t i;

		for (i = 0; i + 1 < len && wbuf[i]; i++)
			buf[i] = wbuf[i] < 128 ? (char)wbuf[i] : '?';
		buf[i] = '\0';
	}
	buf[len - 1] = '\0';
}

int
ui_screen_cell_pair(int x, int y, bool *bold, bool *reverse)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;

	if (mvin_wch(y, x, &cc) == ERR)
		return -1;
	getcchar(&cc, wc, &a, &pair, NULL);
	*bold = (a & A_BOLD) != 0;
	*reverse = (a & A_REVERSE) != 0;
	return pair;
}
