/* upload: checking and storing uploaded images (C2 product images) and
 * the videos of ads (H1: MP4, WebM). The
 * type comes from the bytes (libmagic), never from a file name or the
 * client's Content-Type. A file is named by the SHA-256 of its content, so
 * one image uploaded twice is one file and a name never changes meaning
 * (nginx may cache it for ever): <dir>/ab/abcdef….png, written to a
 * temporary file first and renamed into place. No database here. */
#ifndef PT_UPLOAD_H
#define PT_UPLOAD_H
#include <stddef.h>

/* "ab/" + 64 hex + "." + extension (at most 4) + NUL */
#define UPLOAD_NAME_MAX	(3 + 64 + 1 + 4 + 1)

/* The MIME type libmagic finds in p[0..n), such as "image/png"
 * ("application/octet-stream" when it cannot tell). The string belongs to
 * libmagic and is valid until the next call; NULL when n is 0 or the magic
 * database cannot be loaded (logged once). */
const char *upload_sniff(const void *p, size_t n);
/* The extension for an accepted image type: "jpg" for image/jpeg, "png",
 * "webp"; NULL for any other type and for NULL. */
const char *upload_image_ext(const char *mime);
/* The extension for an accepted video type (the ad player's, H1): "mp4"
 * for video/mp4, "webm"; NULL for any other type and for NULL. */
const char *upload_video_ext(const char *mime);
/* The MIME type of a stored name by its extension, NULL when it is none
 * of the accepted ones. */
const char *upload_ext_mime(const char *name);
/* The relative name of content p[0..n) with extension ext into out:
 * "<first 2 hex>/<64 hex of sha256>.<ext>". Returns out. ext must be
 * at most 4 characters. */
char	*upload_name(const void *p, size_t n, const char *ext,
	    char out[UPLOAD_NAME_MAX]);
/* 1 when name has the shape upload_name makes (so it is safe to join to
 * a directory): two hex, '/', 64 lower-case hex, '.', an accepted
 * extension. */
int	 upload_name_ok(const char *name);
/* Stores p[0..n) as dir/name (a name from upload_name), creating dir and
 * the subdirectory as needed (0755), through a temporary file in the same
 * directory that is synced and renamed into place, so a reader never sees
 * half a file. A file already there with n bytes is left alone (same
 * name, same content). Returns 1 when it wrote the file, 0 when it was
 * there, -1 on failure (errno set; nothing is left behind). */
int	 upload_store(const char *dir, const char *name, const void *p,
	    size_t n);
/* Removes dir/name; 0 (also when it was already gone) or -1 (errno). */
int	 upload_remove(const char *dir, const char *name);

#endif
