/* test_upload: image type detection by content (libmagic), the
 * content-hash names and the atomic store (cgi-bin/lib/upload.c). */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "crypto.h"
#include "upload.h"

/* A 1×1 RGB PNG (IHDR, one IDAT, IEND, CRCs right). */
static const unsigned char png1[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
	0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x78, 0xe1, 0xaa, 0x03,
	0x00, 0x03, 0x72, 0x01, 0x5a, 0x09, 0xf1, 0x3e, 0x8e, 0x00, 0x00, 0x00,
	0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

/* An 8×8 grey baseline JPEG: SOI, DQT, SOF0, two one-code DHTs, SOS,
 * one DC-only block, EOI. */
static unsigned char jpg1[141];

static void
make_jpeg(void)
{
	static const unsigned char head[] = {
		0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00 };
	static const unsigned char tail[] = {
		0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01,
		0x01, 0x11, 0x00,
		0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x00,
		0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x00,
		0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
		0x3f, 0xff, 0xd9 };

	memcpy(jpg1, head, sizeof(head));
	memset(jpg1 + sizeof(head), 1, 64);	/* quantisation table */
	memcpy(jpg1 + sizeof(head) + 64, tail, sizeof(tail));
	assert_int_equal(sizeof(head) + 64 + sizeof(tail), sizeof(jpg1));
}

/* The start of a lossless WebP (RIFF, WEBP, VP8L chunk). */
static const unsigned char webp1[] = {
	'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8',
	'L', 0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88,
	0x88, 0xfe, 0x07, 0
};

static const char gif1[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
static const char svg1[] = "<svg xmlns=\"http://www.w3.org/2000/svg\">"
    "<script>alert(1)</script></svg>";
static const char text1[] = "这不是图片，只是改了扩展名的文本文件。\n";

static const char *
ext_of(const void *p, size_t n)
{
	return upload_image_ext(upload_sniff(p, n));
}

static void
jpeg_png_webp_are_accepted_by_content(void **state)
{
	(void)state;
	make_jpeg();
	assert_string_equal(upload_sniff(png1, sizeof(png1)), "image/png");
	assert_string_equal(ext_of(png1, sizeof(png1)), "png");
	assert_string_equal(upload_sniff(jpg1, sizeof(jpg1)), "image/jpeg");
	assert_string_equal(ext_of(jpg1, sizeof(jpg1)), "jpg");
	assert_string_equal(upload_sniff(webp1, sizeof(webp1)), "image/webp");
	assert_string_equal(ext_of(webp1, sizeof(webp1)), "webp");
}

static void
other_types_are_refused(void **state)
{
	(void)state;
	assert_null(ext_of(gif1, sizeof(gif1) - 1));
	assert_string_equal(upload_sniff(svg1, strlen(svg1)), "image/svg+xml");
	assert_null(ext_of(svg1, strlen(svg1)));
	assert_null(ext_of(text1, strlen(text1)));
	/* a PNG signature alone is not a PNG */
	assert_null(ext_of(png1, 8));
	assert_null(upload_sniff(png1, 0));
	assert_null(upload_image_ext(NULL));
	assert_null(upload_image_ext("image/svg+xml"));
	assert_null(upload_image_ext("image/png; charset=binary"));
}

/* The ads' videos (H1): the smallest files libmagic calls MP4 and WebM. */
static const unsigned char mp4[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p',
    'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'i', 's', 'o', '2',
    'a', 'v', 'c', '1', 'm', 'p', '4', '1', 0, 0, 0, 8, 'f', 'r', 'e', 'e' };
static const unsigned char webm[] = { 0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42,
    0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42,
    0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm', 0x42, 0x87,
    0x81, 0x04, 0x42, 0x85, 0x81, 0x02 };

static void
videos_are_videos_not_images(void **state)
{
	(void)state;
	assert_string_equal(upload_sniff(mp4, sizeof(mp4)), "video/mp4");
	assert_string_equal(upload_video_ext(upload_sniff(mp4, sizeof(mp4))),
	    "mp4");
	assert_string_equal(upload_sniff(webm, sizeof(webm)), "video/webm");
	assert_string_equal(upload_video_ext("video/webm"), "webm");
	/* a video is no image, an image no video, text neither */
	assert_null(upload_image_ext("video/mp4"));
	assert_null(upload_video_ext("image/png"));
	assert_null(upload_video_ext(upload_sniff(text1, strlen(text1))));
	assert_null(upload_video_ext(NULL));
	assert_string_equal(upload_ext_mime("ab/x.mp4"), "video/mp4");
	assert_string_equal(upload_ext_mime("ab/x.webm"), "video/webm");
}

static void
ext_and_mime_map_both_ways(void **state)
{
	(void)state;
	assert_string_equal(upload_ext_mime("ab/x.jpg"), "image/jpeg");
	assert_string_equal(upload_ext_mime("ab/x.png"), "image/png");
	assert_string_equal(upload_ext_mime("ab/x.webp"), "image/webp");
	assert_null(upload_ext_mime("ab/x.gif"));
	assert_null(upload_ext_mime("ab/x"));
	assert_null(upload_ext_mime(NULL));
}

static void
names_are_the_sha256_of_the_content(void **state)
{
	char n[UPLOAD_NAME_MAX], m[UPLOAD_NAME_MAX];

	(void)state;
	/* sha256("abc") */
	upload_name("abc", 3, "png", n);
	assert_string_equal(n, "ba/ba7816bf8f01cfea414140de5dae2223b00361a3"
	    "96177a9cb410ff61f20015ad.png");
	assert_true(upload_name_ok(n));
	upload_name("abd", 3, "png", m);
	assert_string_not_equal(n, m);
	upload_name("abc", 3, "webp", m);
	assert_int_equal(strlen(m), 3 + 64 + 5);
	assert_true(upload_name_ok(m));
}

static void
only_well_formed_names_pass(void **state)
{
	char n[UPLOAD_NAME_MAX];

	(void)state;
	upload_name(png1, sizeof(png1), "jpg", n);
	assert_true(upload_name_ok(n));
	n[0] = n[0] == 'a' ? 'b' : 'a';		/* directory ≠ hash prefix */
	assert_false(upload_name_ok(n));
	assert_false(upload_name_ok(NULL));
	assert_false(upload_name_ok(""));
	assert_false(upload_name_ok("../../etc/passwd"));
	assert_false(upload_name_ok("ba/ba7816bf8f01cfea414140de5dae2223b0036"
	    "1a396177a9cb410ff61f20015ad.html"));
	assert_false(upload_name_ok("ba/BA7816BF8F01CFEA414140DE5DAE2223B0036"
	    "1A396177A9CB410FF61F20015AD.png"));
	assert_false(upload_name_ok("ba/ba7816bf8f01cfea414140de5dae2223b0036"
	    "1a396177a9cb410ff61f20015ad.png/x"));
	assert_false(upload_name_ok("ba/ba7816bf8f01cfea414140de5dae2223b0036"
	    "1a396177a9cb410ff61f20015ad.png.png"));
}

/* How many entries (besides . and ..) dir holds. */
static int
entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
store_creates_directories_and_writes_once(void **state)
{
	char		 tmpl[] = "/tmp/pt-upload-XXXXXX", dir[128], sub[160],
			 path[256], n[UPLOAD_NAME_MAX], back[sizeof(png1)];
	struct stat	 st;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	/* the uploads directory itself does not exist yet */
	snprintf(dir, sizeof(dir), "%s/var/uploads", tmpl);
	upload_name(png1, sizeof(png1), "png", n);
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, n);
	snprintf(path, sizeof(path), "%s/%s", dir, n);
	assert_int_equal(upload_store(dir, n, png1, sizeof(png1)), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof(png1));
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fread(back, 1, sizeof(back), f), sizeof(back));
	fclose(f);
	assert_memory_equal(back, png1, sizeof(png1));
	/* no temporary file left beside it */
	assert_int_equal(entries(sub), 1);
	/* the same content again: already there, nothing written */
	assert_int_equal(upload_store(dir, n, png1, sizeof(png1)), 0);
	assert_int_equal(entries(sub), 1);
	/* a bad name is refused before anything is touched */
	assert_int_equal(upload_store(dir, "../evil.png", png1, sizeof(png1)),
	    -1);
	assert_int_equal(upload_remove(dir, n), 0);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(upload_remove(dir, n), 0);	/* already gone */
	assert_int_equal(entries(sub), 0);
	rmdir(sub);
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/var", tmpl);
	rmdir(dir);
	assert_int_equal(rmdir(tmpl), 0);
}

static void
store_fails_cleanly_where_it_cannot_write(void **state)
{
	char	tmpl[] = "/tmp/pt-upload-XXXXXX", file[128], dir[160],
		n[UPLOAD_NAME_MAX];
	FILE	*f;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	/* a plain file where the uploads directory should be */
	snprintf(file, sizeof(file), "%s/uploads", tmpl);
	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	snprintf(dir, sizeof(dir), "%s", file);
	upload_name(png1, sizeof(png1), "png", n);
	assert_int_equal(upload_store(dir, n, png1, sizeof(png1)), -1);
	assert_int_equal(entries(tmpl), 1);
	unlink(file);
	assert_int_equal(rmdir(tmpl), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jpeg_png_webp_are_accepted_by_content),
		cmocka_unit_test(other_types_are_refused),
		cmocka_unit_test(videos_are_videos_not_images),
		cmocka_unit_test(ext_and_mime_map_both_ways),
		cmocka_unit_test(names_are_the_sha256_of_the_content),
		cmocka_unit_test(only_well_formed_names_pass),
		cmocka_unit_test(store_creates_directories_and_writes_once),
		cmocka_unit_test(store_fails_cleanly_where_it_cannot_write),
	};

	if (crypto_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
