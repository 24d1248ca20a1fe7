/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_readfile.c - libFuzzer target for the reader of saved files
 * (readfile_all): the input is a file as `import` and `replay` open it,
 * plain, gzip (1f 8b) or xz (fd 37 7a 58 5a 00) by its first bytes, read
 * through a memfd with a 16 MiB limit after decompression.  A refusal
 * must come with a message; an accepted file must come back NUL-ended
 * with its length.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "readfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	char path[64], err[512];
	char *buf = NULL;
	size_t len = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err[0] = '\0';
	if (readfile_all(path, &buf, &len, (size_t)16 << 20, err, sizeof(err))) {
		if (buf[len] != '\0')
			fuzz_fail("no NUL after the data", NULL);
		if (len > ((size_t)16 << 20))
			fuzz_fail("more than the limit came back", NULL);
		free(buf);
	} else if (!err[0]) {
		fuzz_fail("refused without a message", NULL);
	}
	close(fd);
	return 0;
}
