/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch_speed.c - batch throughput of the real binary (a benchmark).
 *
 * Writes a batch file of N simple commands (alternating `alloc 0 as p` and
 * `free p` on the tiny machine, plus comments and captions), runs
 * `buddyscope --batch FILE` with output to /dev/null, and prints the
 * commands per second, and whether it meets the target of 1,000,000
 * commands/s (exit 1 if not).
 *
 * Usage: bench-batch BUDDYSCOPE [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIN_RATE 1000000.0

int
main(int argc, char **argv)
{
	char path[] = "/tmp/bs-speed-XXXXXX";
	long n = argc > 2 ? atol(argv[2]) : 2000000;
	struct timespec t0, t1;
	double secs, rate;
	FILE *f;
	int fd, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: %s BUDDYSCOPE [N]\n", argv[0]);
		return 99;
	}
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		perror("mkstemp");
		return 99;
	}
	fputs("machine tiny\n", f);
	for (long i = 1; i < n; i++) {
		switch (i % 10) {
		case 8:
			fputs("# a comment\n", f);
			break;
		case 9:
			fputs("say step\n", f);
			break;
		default:
			fputs(i % 2 ? "alloc 0 as p\n" : "free p\n", f);
		}
	}
	fclose(f);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(98);
		execl(argv[1], argv[1], "--batch", path, (char *)NULL);
		_exit(97);
	}
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	unlink(path);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "buddyscope --batch failed (status %d)\n", status);
		return 1;
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	rate = (double)n / secs;
	printf("batch: %ld commands in %.3f s = %.0f commands/s\n", n, secs, rate);
	printf("target >= %.0f commands/s: %s\n", MIN_RATE,
	       rate >= MIN_RATE ? "met" : "missed");
	return rate >= MIN_RATE ? 0 : 1;
}
