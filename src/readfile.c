/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * readfile.c - reading whole files, plain or compressed, and writing them
 * atomically.
 *
 * Files are read with read(2) until end of file, never trusting st_size
 * (files under /proc report 0).  A gzip file goes through zlib's inflate
 * (with gzip header detection, concatenated members allowed), an xz file
 * through liblzma's stream decoder; both grow the output buffer by
 * doubling.  Writing goes to NAME.tmp.PID, then fsync and rename, so a
 * reader never sees half a file.
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static bool
grow(char **buf, size_t *cap, size_t need, size_t max)
{
	size_t nc = *cap ? *cap : 65536;
	char *b;

	while (nc < need + 1)
		nc *= 2;
	if (max && nc > max + 1)
		nc = max + 1 > need + 1 ? max + 1 : need + 1;
	b = realloc(*buf, nc);
	if (!b)
		return false;
	*buf = b;
	*cap = nc;
	return true;
}

static bool
read_raw(const char *path, char **buf, size_t *len, size_t max, char *err,
	 size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 0, n = 0;
	struct stat st;

	*buf = NULL;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		close(fd);
		return false;
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    !grow(buf, &cap, (size_t)st.st_size + 65536, 0))
		goto nomem;
	for (;;) {
		ssize_t r;

		if (n + 65536 > cap && !grow(buf, &cap, cap ? cap * 2 : 65536, 0))
			goto nomem;
		/* whole 8-byte words: /proc/kpageflags refuses other sizes */
		r = read(fd, *buf + n, (cap - n - 1) & ~(size_t)7);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			free(*buf);
			*buf = NULL;
			return false;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (max && n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
			close(fd);
			free(*buf);
			*buf = NULL;
			return false;
		}
	}
	close(fd);
	if (!*buf && !grow(buf, &cap, 0, 0))
		goto nomem_closed;
	(*buf)[n] = '\0';
	*len = n;
	return true;
nomem:
	close(fd);
nomem_closed:
	free(*buf);
	*buf = NULL;
	snprintf(err, errlen, "%s: out of memory", path);
	return false;
}

static bool
inflate_gzip(const char *path, const char *in, size_t inlen, char **out,
	     size_t *outlen, size_t max, char *err, size_t errlen)
{
	z_stream zs;
	size_t cap = 0, n = 0;
	int rc = Z_OK;

	memset(&zs, 0, sizeof(zs));
	*out = NULL;
	if (inflateInit2(&zs, 15 + 32) != Z_OK) {
		snprintf(err, errlen, "%s: zlib cannot start", path);
		return false;
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	while (inlen > 0 || rc != Z_STREAM_END) {
		size_t chunk = inlen > (1u << 30) ? (1u << 30) : inlen;

		zs.avail_in = (uInt)chunk;
		if (rc == Z_STREAM_END) {
			if (!zs.avail_in)
				break;
			inflateReset(&zs);	/* another gzip member */
		}
		if (n + 65536 > cap && !grow(out, &cap, cap ? cap * 2 : inlen * 4 + 65536, 0)) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		zs.next_out = (Bytef *)*out + n;
		zs.avail_out = (uInt)((cap - n - 1) > (1u << 30) ? (1u << 30) : cap - n - 1);
		{
			size_t before_out = zs.avail_out;

			rc = inflate(&zs, Z_NO_FLUSH);
			n += before_out - zs.avail_out;
		}
		inlen -= chunk - zs.avail_in;
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			snprintf(err, errlen, "%s: corrupt gzip data (%s)", path,
				 zs.msg ? zs.msg : "inflate failed");
			goto fail;
		}
		if (rc == Z_BUF_ERROR && inlen == 0 && zs.avail_out) {
			snprintf(err, errlen, "%s: the gzip data is cut short", path);
			goto fail;
		}
		if (max && n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes uncompressed",
				 path, max);
			goto fail;
		}
		if (rc == Z_STREAM_END && inlen == 0)
			break;
	}
	inflateEnd(&zs);
	if (!*out && !grow(out, &cap, 0, 0)) {
		snprintf(err, errlen, "%s: out of memory", path);
		return false;
	}
	(*out)[n] = '\0';
	*outlen = n;
	return true;
fail:
	inflateEnd(&zs);
	free(*out);
	*out = NULL;
	return false;
}

static bool
inflate_xz(const char *path, const char *in, size_t inlen, char **out,
	   size_t *outlen, size_t max, char *err, size_t errlen)
{
	lzma_stream xs = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret rc;

	*out = NULL;
	if (lzma_stream_decoder(&xs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(err, errlen, "%s: liblzma cannot start", path);
		return false;
	}
	xs.next_in = (const uint8_t *)in;
	xs.avail_in = inlen;
	for (;;) {
		size_t n = (size_t)xs.total_out;

		if (n + 65536 > cap && !grow(out, &cap, cap ? cap * 2 : inlen * 8 + 65536, 0)) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		xs.next_out = (uint8_t *)*out + n;
		xs.avail_out = cap - n - 1;
		rc = lzma_code(&xs, LZMA_FINISH);
		if (rc == LZMA_STREAM_END)
			break;
		if (rc != LZMA_OK) {
			snprintf(err, errlen, "%s: %s", path,
				 rc == LZMA_BUF_ERROR ? "the xz data is cut short"
						      : "corrupt xz data");
			goto fail;
		}
		if (max && xs.total_out > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes uncompressed",
				 path, max);
			goto fail;
		}
	}
	*outlen = (size_t)xs.total_out;
	lzma_end(&xs);
	(*out)[*outlen] = '\0';
	return true;
fail:
	lzma_end(&xs);
	free(*out);
	*out = NULL;
	return false;
}

bool
readfile_all(const char *path, char **buf, size_t *len, size_t max, char *err,
	     size_t errlen)
{
	char *raw;
	size_t n;
	bool ok;

	if (!read_raw(path, &raw, &n, 0, err, errlen))
		return false;
	if (n >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		ok = inflate_gzip(path, raw, n, buf, len, max, err, errlen);
		free(raw);
		return ok;
	}
	if (n >= 6 && memcmp(raw, "\xfd" "7zXZ\0", 6) == 0) {
		ok = inflate_xz(path, raw, n, buf, len, max, err, errlen);
		free(raw);
		return ok;
	}
	if (max && n > max) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
		free(raw);
		return false;
	}
	*buf = raw;
	*len = n;
	return true;
}

bool
readfile_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		len -= (size_t)w;
	}
	return true;
}

bool
replacefile_atomic(const char *path,
		   bool (*fill)(const char *tmp, int fd, void *data),
		   void *data, char *err, size_t errlen)
{
	char tmp[4096], dir[4096];
	struct stat old;
	const char *slash;
	mode_t mask;
	int fd, saved = 0;
	bool ok, existed;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return false;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file beside it: %s",
			 path, strerror(errno));
		return false;
	}
	/* The new file gets the old one's permissions, or the umask's. */
	mask = umask(0);
	umask(mask);
	existed = stat(path, &old) == 0;
	if (fchmod(fd, existed ? old.st_mode & 07777 : 0666 & ~mask) != 0)
		saved = errno;
	ok = !saved && fill(tmp, fd, data);
	if (ok && fsync(fd) != 0)
		ok = false;
	if (!ok && !saved)
		saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		snprintf(err, errlen, "%s: %s%s", path, strerror(saved ? saved : EIO),
			 existed ? " (the old file is unchanged)" : "");
		unlink(tmp);
		return false;
	}
	/* Make the rename itself durable. */
	slash = strrchr(path, '/');
	if (slash && (size_t)(slash - path) < sizeof(dir)) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	} else {
		snprintf(dir, sizeof(dir), ".");
	}
	fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	return true;
}

struct buffer_fill {
	const void *data;
	size_t len;
};

static bool
fill_buffer(const char *tmp, int fd, void *data)
{
	const struct buffer_fill *b = data;

	return write_all(fd, b->data, b->len);
}

bool
writefile_atomic(const char *path, const void *data, size_t len, bool gzip,
		 char *err, size_t errlen)
{
	unsigned char *z = NULL;
	struct buffer_fill b;
	bool ok;

	if (gzip) {
		z_stream zs;
		size_t bound;

		memset(&zs, 0, sizeof(zs));
		if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			snprintf(err, errlen, "%s: zlib cannot start", path);
			return false;
		}
		bound = deflateBound(&zs, (uLong)len) + 64;
		z = malloc(bound);
		if (!z) {
			deflateEnd(&zs);
			snprintf(err, errlen, "%s: out of memory", path);
			return false;
		}
		zs.next_in = (Bytef *)(uintptr_t)data;
		zs.avail_in = (uInt)len;
		zs.next_out = z;
		zs.avail_out = (uInt)bound;
		if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
			deflateEnd(&zs);
			free(z);
			snprintf(err, errlen, "%s: compression failed", path);
			return false;
		}
		len = zs.total_out;
		data = z;
		deflateEnd(&zs);
	}
	b.data = data;
	b.len = len;
	ok = replacefile_atomic(path, fill_buffer, &b, err, errlen);
	free(z);
	return ok;
}
