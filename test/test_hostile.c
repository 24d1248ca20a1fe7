/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_hostile.c - the real binary where there is no terminal, or less
 * than one (issue 8): standard input from a pipe without --batch,
 * standard input, output or error closed, output to a full disk, a
 * 10 MB line on standard input.  Each case must end with a clear message
 * (or the output) and the documented exit status, never a crash.  The
 * cases on a pseudo-terminal (resize storms, 20x8, unknown TERM, POSIX
 * locale, terminal modes restored) are in test_ui_pty.c.  Prints TAP.
 *
 * Usage: test_hostile BUDDYSCOPE
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int tests, failed;
static const char *exe;
static char home[64];

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

/* Where each standard stream of the child goes. */
enum how { PIPE, CLOSED, DEVFULL, DEVNULL };

struct run {
	int status;
	char out[65536], err[8192];
	size_t outlen, errlen;
};

/*
 * Run the binary with args (NULL-terminated); stdin gets input (when a
 * pipe), stdout and stderr are collected (when pipes).  Bounded: the
 * child is killed after 60 s.
 */
static void
run(struct run *r, enum how in, enum how out, enum how errh,
    const char *input, size_t inlen, const char *const *args)
{
	int pin[2], pout[2], perr[2];
	pid_t pid;
	size_t done = 0;
	int waited = 0;

	memset(r, 0, sizeof(*r));
	if (pipe(pin) || pipe(pout) || pipe(perr))
		abort();
	pid = fork();
	if (pid == 0) {
		const char *argv[16];
		int n = 0;
		enum how hows[3] = { in, out, errh };
		int ends[3] = { pin[0], pout[1], perr[1] };

		setenv("HOME", home, 1);
		setenv("XDG_STATE_HOME", home, 1);
		setenv("XDG_CONFIG_HOME", home, 1);
		for (int fd = 0; fd < 3; fd++) {
			if (hows[fd] == PIPE) {
				dup2(ends[fd], fd);
			} else if (hows[fd] == CLOSED) {
				close(fd);
			} else {
				int f = open(hows[fd] == DEVFULL ? "/dev/full" :
					     "/dev/null", fd ? O_WRONLY : O_RDONLY);

				dup2(f, fd);
				close(f);
			}
		}
		for (int i = 0; i < 2; i++) {
			close(pin[i]);
			close(pout[i]);
			close(perr[i]);
		}
		argv[n++] = exe;
		for (; args && *args && n < 15; args++)
			argv[n++] = *args;
		argv[n] = NULL;
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	if (in != PIPE)
		close(pin[1]);
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = pout[0], .events = POLLIN },
			{ .fd = perr[0], .events = POLLIN },
			{ .fd = in == PIPE && done < inlen ? pin[1] : -1,
			  .events = POLLOUT },
		};

		if (in == PIPE && done >= inlen && pin[1] >= 0) {
			close(pin[1]);
			pin[1] = -1;
			p[2].fd = -1;
		}
		if (p[0].fd < 0 && p[1].fd < 0)
			break;
		if (poll(p, 3, 1000) == 0 && ++waited > 60) {
			kill(pid, SIGKILL);
			break;
		}
		if (p[2].revents & (POLLOUT | POLLERR)) {
			ssize_t w = write(pin[1], input + done, inlen - done);

			if (w > 0)
				done += (size_t)w;
			else if (errno != EAGAIN)
				done = inlen;
		}
		for (int i = 0; i < 2; i++) {
			char *buf = i ? r->err : r->out;
			size_t *len = i ? &r->errlen : &r->outlen;
			size_t cap = i ? sizeof(r->err) : sizeof(r->out);
			char sink[4096];

			if (!(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			ssize_t n = read(p[i].fd, *len + 1 < cap ? buf + *len :
					 sink, *len + 1 < cap ?
					 cap - 1 - *len : sizeof(sink));
			if (n <= 0) {
				close(i ? perr[0] : pout[0]);
				if (i)
					perr[0] = -1;
				else
					pout[0] = -1;
			} else if (*len + 1 < cap) {
				*len += (size_t)n;
				buf[*len] = '\0';
			}
		}
		if (pout[0] < 0 && perr[0] < 0)
			break;
	}
	if (pin[1] >= 0)
		close(pin[1]);
	waitpid(pid, &r->status, 0);
}

static bool
exited(const struct run *r, int code)
{
	return WIFEXITED(r->status) && WEXITSTATUS(r->status) == code;
}

static bool
one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && nl[1] == '\0';
}

int
main(int argc, char **argv)
{
	static struct run r;
	const char *frag[] = { "--batch", "-", NULL };
	char script[128];
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: test_hostile BUDDYSCOPE\n");
		return 2;
	}
	exe = argv[1];
	signal(SIGPIPE, SIG_IGN);
	snprintf(home, sizeof(home), "/tmp/bs-hostile-%d", (int)getpid());
	if (mkdir(home, 0700) != 0) {
		perror(home);
		return 2;
	}
	snprintf(script, sizeof(script), "%s/frag.bs", home);
	f = fopen(script, "w");
	if (!f)
		return 2;
	fputs("machine small\nfrag\n", f);
	fclose(f);

	/* no terminal at all: commands from a pipe run as --batch - */
	run(&r, PIPE, PIPE, PIPE, "machine small\nalloc 3 as x\nfrag\n", 32,
	    NULL);
	ok(exited(&r, 0) && strstr(r.out, "Normal: 4088 pages free") &&
	   r.errlen == 0, "no terminal, no --batch: runs the piped commands");
	run(&r, PIPE, PIPE, PIPE, "machine small\nalloc 99\nfrag\n", 28, NULL);
	ok(exited(&r, 2) && strstr(r.err, "<stdin>:2: error: alloc: order 99") &&
	   one_line(r.err) && !strstr(r.out, "pages free"),
	   "no terminal: a bad line is one <stdin>:2: message, exit 2");
	run(&r, DEVNULL, PIPE, PIPE, NULL, 0, NULL);
	ok(exited(&r, 0) && r.outlen == 0 && r.errlen == 0,
	   "stdin /dev/null: nothing to do, exit 0");

	/* closed streams */
	run(&r, CLOSED, PIPE, PIPE, NULL, 0, NULL);
	ok(exited(&r, 2) && one_line(r.err) &&
	   strstr(r.err, "standard input is closed"),
	   "stdin closed: one message, exit 2");
	{
		const char *a[] = { "--batch", script, NULL };

		run(&r, CLOSED, PIPE, PIPE, NULL, 0, a);
		ok(exited(&r, 0) && strstr(r.out, "4096 pages free"),
		   "stdin closed with --batch FILE: runs the file");
		run(&r, DEVNULL, PIPE, CLOSED, NULL, 0, a);
		ok(exited(&r, 0) && strstr(r.out, "4096 pages free"),
		   "stderr closed: still runs");
		run(&r, DEVNULL, CLOSED, PIPE, NULL, 0, a);
		ok(exited(&r, 2) && one_line(r.err) &&
		   strstr(r.err, "standard output is closed"),
		   "stdout closed: one message, exit 2");
		run(&r, DEVNULL, DEVFULL, PIPE, NULL, 0, a);
		ok(exited(&r, 2) && one_line(r.err) &&
		   strstr(r.err, "cannot write the output: No space left"),
		   "stdout on a full disk: one message, exit 2 (not a silent 0)");
	}

	/* a 10 MB line on standard input, then a good command */
	{
		size_t n = 10u << 20;
		char *big = malloc(n + 16);

		memset(big, 'x', n);
		memcpy(big + n, "\nfrag\n", 6);
		run(&r, PIPE, PIPE, PIPE, big, n + 6, frag);
		ok(exited(&r, 2) && one_line(r.err) &&
		   strstr(r.err, "<stdin>:1: error: line too long"),
		   "10 MB line on stdin: one message naming <stdin>:1:");
		free(big);
	}

	/* a 10 MB line in a script file, a /proc file and a trace */
	{
		size_t n = 10u << 20;
		char path[160], line[256];
		const char *a[] = { "--batch", path, NULL };
		FILE *w;

		snprintf(path, sizeof(path), "%s/big.bs", home);
		w = fopen(path, "w");
		fputs("machine small\n", w);
		for (size_t i = 0; i < n; i++)
			putc('a', w);
		fputs("\nfrag\n", w);
		fclose(w);
		run(&r, DEVNULL, PIPE, PIPE, NULL, 0, a);
		snprintf(line, sizeof(line), "%s:2: error: line too long", path);
		ok(exited(&r, 2) && one_line(r.err) && strstr(r.err, line) &&
		   !strstr(r.out, "pages free"),
		   "10 MB line in a script: one FILE:2: message, the run stops");

		snprintf(path, sizeof(path), "%s/buddyinfo", home);
		w = fopen(path, "w");
		fputs("Node 0, zone   Normal", w);
		for (size_t i = 0; i < n / 2; i++)
			fputs(" 1", w);
		fputs("\n", w);
		fclose(w);
		snprintf(line, sizeof(line), "import %s\nfrag\n", home);
		run(&r, PIPE, PIPE, PIPE, line, strlen(line), frag);
		snprintf(line, sizeof(line), "%s:1: more than", path);
		ok(exited(&r, 2) && one_line(r.err) && strstr(r.err, line) &&
		   !strstr(r.out, "pages free"),
		   "10 MB line in /proc/buddyinfo: one NAME:1: message");

		snprintf(path, sizeof(path), "%s/trace.txt", home);
		w = fopen(path, "w");
		for (size_t i = 0; i < n; i++)
			putc('t', w);
		fputs("\n", w);
		fclose(w);
		snprintf(line, sizeof(line), "replay %s\n", path);
		run(&r, PIPE, PIPE, PIPE, line, strlen(line), frag);
		ok(exited(&r, 0) && strstr(r.out, "0 events") &&
		   strstr(r.out, "1 other lines"),
		   "10 MB line in a trace: skipped as a line of no event");
	}

	printf("1..%d\n", tests);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", home);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", home);
	}
	return failed ? 1 : 0;
}
