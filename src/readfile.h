/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * readfile.h - whole files into memory, plain, gzip or xz.
 *
 * The compression is told by the first bytes (1f 8b: gzip, fd 37 7a 58
 * 5a 00: xz), not by the name, so a saved /proc file may be compressed
 * or not under any name.  Errors come back as one message naming the
 * file and what went wrong.
 */
#ifndef BUDDYSCOPE_READFILE_H
#define BUDDYSCOPE_READFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Read path (decompressing) into a malloc'd buffer with a NUL after the
 * last byte; *len excludes the NUL.  max: refuse more than this many
 * bytes after decompression (0: no limit). */
bool readfile_all(const char *path, char **buf, size_t *len, size_t max,
		  char *err, size_t errlen);

/* True if path exists as a file we could open. */
bool readfile_exists(const char *path);

/*
 * Write len bytes to path atomically: a temporary file PATH.tmp.XXXXXX
 * in the same directory, fsync'd and renamed over path.  gzip: compress with zlib.
 */
bool writefile_atomic(const char *path, const void *data, size_t len,
		      bool gzip, char *err, size_t errlen);

/* write(2) all of data, going on after short writes and EINTR; false
 * with errno set on the first error. */
bool write_all(int fd, const void *data, size_t len);

/*
 * The general form: fill(tmp, fd, data) writes the new contents into the
 * temporary file tmp (open as fd, or by name) and returns false with errno
 * set on failure; then the file is fsync'd and renamed over path, and
 * the directory synced.  On any failure the temporary file is removed,
 * path is left as it was, and err says "PATH: reason (the old file is
 * unchanged)".  The new file keeps the old one's permissions.
 */
bool replacefile_atomic(const char *path,
			bool (*fill)(const char *tmp, int fd, void *data),
			void *data, char *err, size_t errlen);

#endif
