/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * golden_run.c - one golden-file test of the real binary.
 *
 * golden_run BUDDYSCOPE DIR NAME runs `BUDDYSCOPE --batch NAME.bs [opts]`
 * in DIR (so sourced files and messages use relative names), with the
 * options of NAME.opts (one line, blank-separated) if it exists, and
 * compares standard output with NAME.out, standard error with NAME.err
 * (empty when absent) and the exit status with NAME.rc (0 when absent).
 * With BS_GOLDEN_UPDATE=1 it writes those files instead.  Under the
 * valgrind test setup (BS_VALGRIND=1) the binary itself runs under
 * valgrind, so its leaks and errors fail the test.
 *
 * It is a C program rather than a shell script so that the valgrind
 * setup checks buddyscope and not the shell.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (n + 4096 > cap) {
			char *p = realloc(buf, cap = cap * 2 + 65536);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf ? buf : calloc(1, 1);
}

static bool
spit(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* Compare and show the first differing line. */
static bool
same(const char *what, const char *want, size_t wlen, const char *got,
     size_t glen)
{
	size_t i = 0, line = 1, start = 0;

	if (wlen == glen && (!wlen || memcmp(want, got, wlen) == 0))
		return true;
	while (i < wlen && i < glen && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	printf("%s differs at line %zu:\n", what, line);
	printf("  expected: %.*s\n", (int)strcspn(want + start, "\n") > 300 ? 300
	       : (int)strcspn(want + start, "\n"), start < wlen ? want + start : "");
	printf("  got:      %.*s\n", (int)strcspn(got + start, "\n") > 300 ? 300
	       : (int)strcspn(got + start, "\n"), start < glen ? got + start : "");
	return false;
}

int
main(int argc, char **argv)
{
	char path[4096], out_path[] = "/tmp/bs-golden-out-XXXXXX",
	     err_path[] = "/tmp/bs-golden-err-XXXXXX";
	char *args[64], *opts = NULL, *save = NULL;
	size_t n = 0, optlen, olen, elen, wlen;
	char *out, *err, *want;
	const char *name;
	bool update = getenv("BS_GOLDEN_UPDATE") &&
		      strcmp(getenv("BS_GOLDEN_UPDATE"), "1") == 0;
	int ofd, efd, status, rc, want_rc = 0;
	bool ok = true;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: %s BUDDYSCOPE DIR NAME\n", argv[0]);
		return 99;
	}
	name = argv[3];
	if (chdir(argv[2]) != 0) {
		perror(argv[2]);
		return 99;
	}
	if (getenv("BS_VALGRIND")) {
		args[n++] = "valgrind";
		args[n++] = "--error-exitcode=99";
		args[n++] = "--leak-check=full";
		args[n++] = "--errors-for-leak-kinds=definite";
		args[n++] = "--quiet";
	}
	args[n++] = argv[1];
	args[n++] = "--batch";
	snprintf(path, sizeof(path), "%s.bs", name);
	args[n++] = strdup(path);
	snprintf(path, sizeof(path), "%s.opts", name);
	opts = slurp(path, &optlen);
	if (opts) {
		opts[optlen ? optlen - (opts[optlen - 1] == '\n') : 0] = '\0';
		for (char *w = strtok_r(opts, " \t\n", &save); w && n < 60;
		     w = strtok_r(NULL, " \t\n", &save))
			args[n++] = w;
	}
	args[n] = NULL;

	ofd = mkstemp(out_path);
	efd = mkstemp(err_path);
	if (ofd < 0 || efd < 0) {
		perror("mkstemp");
		return 99;
	}
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "r", stdin))
			_exit(98);
		dup2(ofd, STDOUT_FILENO);
		dup2(efd, STDERR_FILENO);
		execvp(args[0], args);
		_exit(97);
	}
	waitpid(pid, &status, 0);
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	out = slurp(out_path, &olen);
	err = slurp(err_path, &elen);
	unlink(out_path);
	unlink(err_path);
	if (!out || !err)
		return 99;

	if (update) {
		snprintf(path, sizeof(path), "%s.out", name);
		spit(path, out, olen);
		snprintf(path, sizeof(path), "%s.err", name);
		if (elen)
			spit(path, err, elen);
		else
			unlink(path);
		snprintf(path, sizeof(path), "%s.rc", name);
		if (rc) {
			char num[16];

			snprintf(num, sizeof(num), "%d\n", rc);
			spit(path, num, strlen(num));
		} else {
			unlink(path);
		}
		return 0;
	}

	snprintf(path, sizeof(path), "%s.out", name);
	want = slurp(path, &wlen);
	if (!want) {
		printf("cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	ok &= same("stdout", want, wlen, out, olen);
	free(want);
	snprintf(path, sizeof(path), "%s.err", name);
	want = slurp(path, &wlen);
	ok &= same("stderr", want ? want : "", want ? wlen : 0, err, elen);
	free(want);
	snprintf(path, sizeof(path), "%s.rc", name);
	want = slurp(path, &wlen);
	if (want)
		want_rc = atoi(want);
	free(want);
	if (rc != want_rc) {
		printf("exit status %d, expected %d\n", rc, want_rc);
		ok = false;
	}
	free(out);
	free(err);
	free(opts);
	free(args[getenv("BS_VALGRIND") ? 7 : 2]);
	return ok ? 0 : 1;
}
