/* upload: image and video type detection and content-addressed storage (see
 * upload.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <magic.h>
#include "crypto.h"
#include "upload.h"

/* One libmagic handle per process, opened on first use. Only the magic
 * tests images need; the parsers for archives, executables and office
 * documents stay off. */
static magic_t	cookie;
static int	cookie_failed;

const char *
upload_sniff(const void *p, size_t n)
{
	const char *m;

	if (n == 0 || p == NULL)
		return NULL;
	if (cookie == NULL && !cookie_failed) {
		cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR |
		    MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
		    MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF);
		if (cookie == NULL || magic_load(cookie, NULL) != 0) {
			fprintf(stderr, "upload: libmagic: %s\n", cookie ?
			    magic_error(cookie) : strerror(errno));
			if (cookie != NULL)
				magic_close(cookie);
			cookie = NULL;
			cookie_failed = 1;
		}
	}
	if (cookie == NULL)
		return NULL;
	/* A buffer libmagic cannot analyse is no image we accept. */
	if ((m = magic_buffer(cookie, p, n)) == NULL) {
		fprintf(stderr, "upload: libmagic: %s\n", magic_error(cookie));
		return "application/octet-stream";
	}
	return m;
}

static const struct {
	const char	*mime, *ext;
	int		 video;
} kinds[] = {
	{ "image/jpeg", "jpg", 0 },
	{ "image/png", "png", 0 },
	{ "image/webp", "webp", 0 },
	{ "video/mp4", "mp4", 1 },
	{ "video/webm", "webm", 1 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *
ext_of(const char *mime, int video)
{
	size_t i;

	if (mime == NULL)
		return NULL;
	for (i = 0; i < NKINDS; i++)
		if (kinds[i].video == video && strcmp(mime, kinds[i].mime) == 0)
			return kinds[i].ext;
	return NULL;
}

const char *
upload_image_ext(const char *mime)
{
	return ext_of(mime, 0);
}

const char *
upload_video_ext(const char *mime)
{
	return ext_of(mime, 1);
}

const char *
upload_ext_mime(const char *name)
{
	const char	*dot = name == NULL ? NULL : strrchr(name, '.');
	size_t		 i;

	if (dot == NULL)
		return NULL;
	for (i = 0; i < NKINDS; i++)
		if (strcmp(dot + 1, kinds[i].ext) == 0)
			return kinds[i].mime;
	return NULL;
}

char *
upload_name(const void *p, size_t n, const char *ext,
    char out[UPLOAD_NAME_MAX])
{
	unsigned char	h[32];
	char		hex[65];

	sha256(p, n, h);
	hex_encode(h, sizeof(h), hex);
	snprintf(out, UPLOAD_NAME_MAX, "%.2s/%s.%.4s", hex, hex, ext);
	return out;
}

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return 1;
}

int
upload_name_ok(const char *name)
{
	if (name == NULL || strlen(name) < 3 + 64 + 2 || !is_hex(name, 2) ||
	    name[2] != '/' || !is_hex(name + 3, 64) || name[67] != '.' ||
	    strncmp(name, name + 3, 2) != 0)
		return 0;
	return upload_ext_mime(name) != NULL && strchr(name + 68, '.') == NULL;
}

/* mkdir -p: every component of path (modified and restored in place). */
static int
mkdirs(char *path)
{
	char *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
upload_store(const char *dir, const char *name, const void *p, size_t n)
{
	char		 sub[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	struct stat	 st;
	int		 fd, saved;

	if (!upload_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)snprintf(sub, sizeof(sub), "%s/%.2s", dir, name) >=
	    sizeof(sub) || (size_t)snprintf(path, sizeof(path), "%s/%s", dir,
	    name) >= sizeof(path) || (size_t)snprintf(tmp, sizeof(tmp),
	    "%s/.tmp-XXXXXX", sub) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == n)
		return 0;
	if (mkdirs(sub) != 0)
		return -1;
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	/* mkostemp makes it 0600; nginx (another user in production)
	 * reads it. */
	if (fchmod(fd, 0644) != 0 || write_all(fd, p, n) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 1;
}

int
upload_remove(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (!upload_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return 0;
}
