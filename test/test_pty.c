/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_pty.c - the readline command line of the real binary on a
 * pseudo-terminal (forkpty): tab completion of commands, presets, GFP
 * names and handles; history recall with the up arrow; the history file
 * kept across runs in $XDG_STATE_HOME/buddyscope/history; the init file.
 * Prints TAP.  Every wait is bounded (10 s).
 *
 * Usage: test_pty BUDDYSCOPE
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 10000

static int tests, failed;
static char home[64];

struct term {
	int fd;
	pid_t pid;
	char buf[1 << 16];
	size_t len;
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

/* RLIMIT_FSIZE of the next child (0: none), with SIGXFSZ ignored. */
static rlim_t child_fsize;

static bool
term_start(struct term *t, const char *exe)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 200 };

	t->len = 0;
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return false;
	if (t->pid == 0) {
		char state[128], config[128];

		snprintf(state, sizeof(state), "%s/state", home);
		snprintf(config, sizeof(config), "%s/config", home);
		setenv("HOME", home, 1);
		setenv("XDG_STATE_HOME", state, 1);
		setenv("XDG_CONFIG_HOME", config, 1);
		setenv("TERM", "xterm", 1);
		unsetenv("INPUTRC");
		if (child_fsize) {
			struct rlimit rl = { child_fsize, child_fsize };

			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		/* The readline command line, not the screen (test_ui_pty). */
		execl(exe, exe, "--plain", (char *)NULL);
		_exit(127);
	}
	return true;
}

/* Read until text appears after position `from` (or the time is up). */
static bool
term_wait(struct term *t, size_t from, const char *text)
{
	long end = now_ms() + WAIT_MS;

	for (;;) {
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		long left = end - now_ms();
		ssize_t n;

		t->buf[t->len] = '\0';
		if (from <= t->len && strstr(t->buf + from, text))
			return true;
		if (left <= 0 || t->len + 1 >= sizeof(t->buf))
			return false;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		n = read(t->fd, t->buf + t->len, sizeof(t->buf) - 1 - t->len);
		if (n <= 0)
			return false;
		t->len += (size_t)n;
	}
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

/* Send keys and wait for text in what comes after. */
static bool
term_do(struct term *t, const char *keys, const char *text)
{
	size_t from = t->len;

	term_send(t, keys);
	return term_wait(t, from, text);
}

static int
term_end(struct term *t)
{
	int status = -1;
	long end = now_ms() + WAIT_MS;

	while (now_ms() < end) {
		pid_t r = waitpid(t->pid, &status, WNOHANG);
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		char drain[4096];

		if (r == t->pid)
			break;
		/* Keep the terminal drained, never blocking on it. */
		if (poll(&p, 1, 10) > 0 && read(t->fd, drain, sizeof(drain)) <= 0)
			usleep(10000);
	}
	if (waitpid(t->pid, &status, WNOHANG) == 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &status, 0);
	}
	close(t->fd);
	return status;
}

static bool
file_contains(const char *path, const char *text)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, text) != NULL;
}

int
main(int argc, char **argv)
{
	struct term t;
	char path[160];
	int status;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: %s BUDDYSCOPE\n", argv[0]);
		return 99;
	}
	snprintf(home, sizeof(home), "/tmp/bs-pty-XXXXXX");
	if (!mkdtemp(home)) {
		perror("mkdtemp");
		return 99;
	}
	snprintf(path, sizeof(path), "%s/config", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/config/buddyscope", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/config/buddyscope/init", home);
	f = fopen(path, "w");
	if (f) {
		fputs("say init file ran\n", f);
		fclose(f);
	}

	printf("1..18\n");
	if (!term_start(&t, argv[1])) {
		printf("Bail out! forkpty failed\n");
		return 1;
	}
	ok(term_wait(&t, 0, "init file ran"), "the init file runs at start");
	ok(term_wait(&t, 0, "buddyscope> "), "the prompt appears");
	ok(term_do(&t, "mach\t ti\t\r", "machine tiny, era 6.12"),
	   "tab completes a command and a preset");
	ok(term_do(&t, "alloc 0 as first\r", "page=first pfn=0x0"),
	   "alloc at the prompt");
	ok(term_do(&t, "\033[A\r", "already names the block"),
	   "the up arrow recalls the last line");
	ok(term_do(&t, "free fi\t\r", "mm_page_free: page=first"),
	   "tab completes a handle");
	ok(term_do(&t, "alloc 1 GFP_KERNEL|__GFP_ZE\t\r",
		   "gfp_flags=GFP_KERNEL|__GFP_ZERO"),
	   "tab completes a GFP bit after '|'");
	ok(term_do(&t, "alloc 0 zone=No\tas z\r", "page=z "),
	   "tab completes a zone after zone=");
	ok(term_do(&t, "bogus\r", "error: unknown command 'bogus'"),
	   "errors are reported and the prompt goes on");
	ok(term_do(&t, "quiz \"Is it free?\" yes no\r", "your answer (1-2, "
		   "Enter skips)> "), "a quiz asks at the plain prompt");
	ok(term_do(&t, "2\r", "You answered 2) no."), "the typed number "
	   "answers it");
	ok(term_do(&t, "answer 2\r", "ANSWER: 2) no - right!"), "answer "
	   "reveals it and scores the guess");
	term_send(&t, "quit\r");
	status = term_end(&t);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "quit exits with 0");
	snprintf(path, sizeof(path), "%s/state/buddyscope/history", home);
	ok(file_contains(path, "alloc 0 as first"),
	   "the history file is written under $XDG_STATE_HOME");

	/* A second run recalls the first run's lines. */
	if (term_start(&t, argv[1]) && term_wait(&t, 0, "buddyscope> ")) {
		size_t from = t.len;

		/* quit, answer, quiz, bogus, then the alloc (the quiz's
		 * typed answer is not a history line). */
		ok(term_do(&t, "\033[A\033[A\033[A\033[A\033[A\r", "page=z "),
		   "history is recalled across runs");
		/* End of input at an empty prompt leaves the program. */
		{
			char *z = strstr(t.buf + from, "page=z ");

			term_wait(&t, z ? (size_t)(z - t.buf) : from, "buddyscope> ");
		}
		term_send(&t, "\004");
		term_end(&t);
	} else {
		ok(false, "history is recalled across runs");
	}
	/* A history write that fails (a real EFBIG under a 300-byte file size
	 * limit) is reported and keeps the old file, with no temporary file. */
	snprintf(path, sizeof(path), "%s/state/buddyscope/history", home);
	{
		char before[8192], after[8192], line[600], ls[300];
		FILE *hf = fopen(path, "r");
		size_t n = hf ? fread(before, 1, sizeof(before) - 1, hf) : 0;

		before[n] = '\0';
		if (hf)
			fclose(hf);
		child_fsize = 300;
		if (term_start(&t, argv[1]) && term_wait(&t, 0, "buddyscope> ")) {
			memset(line, 0, sizeof(line));
			strcpy(line, "say ");
			memset(line + 4, 'y', 400);
			strcat(line, "\r");
			term_do(&t, line, "yyyy\r\n");
			ok(term_do(&t, "quit\r", "history not saved"),
			   "a failed history write is reported");
			term_end(&t);
		} else {
			ok(false, "a failed history write is reported");
		}
		child_fsize = 0;
		hf = fopen(path, "r");
		n = hf ? fread(after, 1, sizeof(after) - 1, hf) : 0;
		after[n] = '\0';
		if (hf)
			fclose(hf);
		ok(n > 0 && strcmp(before, after) == 0,
		   "a failed history write leaves the old history file");
		snprintf(ls, sizeof(ls), "ls '%s/state/buddyscope' | grep -q tmp", home);
		ok(system(ls) != 0, "no temporary history file is left");
	}
	snprintf(path, sizeof(path), "rm -rf '%s'", home);
	if (system(path) != 0)
		fprintf(stderr, "could not remove %s\n", home);
	if (failed)
		fprintf(stderr, "terminal output:\n%.*s\n", (int)t.len, t.buf);
	return failed ? 1 : 0;
}
