/* Unit tests for the core library pieces that need no database: the
 * route matcher and app_main's route-table check, admin permissions, the
 * arena and buffer, and crypto helpers (tokens, hex, passwords, HMAC
 * against RFC 4231). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "crypto.h"
#include "perm.h"

static void
route_static_path_matches_exactly(void **state)
{
	arena		*a = arena_new();
	const char	*n[4], *v[4];

	(void)state;
	assert_int_equal(route_match(a, "/member/me", "/member/me", n, v, 4), 0);
	assert_int_equal(route_match(a, "/member/me", "/member/me/", n, v, 4),
	    (size_t)-1);
	assert_int_equal(route_match(a, "/member/me", "/member/m", n, v, 4),
	    (size_t)-1);
	assert_int_equal(route_match(a, "/", "/", n, v, 4), 0);
	assert_int_equal(route_match(a, "/", "/x", n, v, 4), (size_t)-1);
	arena_free(a);
}

static int
h_none(struct req *r)
{
	(void)r;
	return 200;
}

/* RF_NOSESS skips the session lookup, so app_main refuses to start (before
 * reading any config or socket) when a route that is not a public GET
 * carries it. */
static void
app_main_refuses_nosess_off_public_get(void **state)
{
	static const struct route post[] = {
		{ "GET",  "/x", h_none, ACC_PUBLIC, NULL, RF_NOSESS },
		{ "POST", "/x", h_none, ACC_PUBLIC, NULL, RF_NOSESS },
	};
	static const struct route member[] = {
		{ "GET",  "/m", h_none, ACC_MEMBER, NULL, RF_NOSESS },
	};
	static const struct route head[] = {
		{ "HEAD", "/h", h_none, ACC_PUBLIC, NULL, RF_NOSESS },
	};
	struct app app = { "test", post, 2, SESS_MEMBER };

	(void)state;
	assert_int_equal(app_main(&app), 1);
	app.routes = member;
	app.nroutes = 1;
	assert_int_equal(app_main(&app), 1);
	app.routes = head;
	assert_int_equal(app_main(&app), 1);
}

static void
route_parameters_capture_one_segment(void **state)
{
	arena		*a = arena_new();
	const char	*n[4], *v[4];

	(void)state;
	assert_int_equal(route_match(a, "/gb/group/:id", "/gb/group/42", n, v,
	    4), 1);
	assert_string_equal(n[0], "id");
	assert_string_equal(v[0], "42");
	assert_int_equal(route_match(a, "/gb/group/:id/join",
	    "/gb/group/7/join", n, v, 4), 1);
	assert_string_equal(v[0], "7");
	assert_int_equal(route_match(a, "/a/:x/b/:y", "/a/1/b/two", n, v, 4), 2);
	assert_string_equal(n[1], "y");
	assert_string_equal(v[1], "two");
	/* empty segment, extra segment, too many parameters */
	assert_int_equal(route_match(a, "/gb/group/:id", "/gb/group/", n, v, 4),
	    (size_t)-1);
	assert_int_equal(route_match(a, "/gb/group/:id", "/gb/group/1/2", n, v,
	    4), (size_t)-1);
	assert_int_equal(route_match(a, "/a/:x/b/:y", "/a/1/b/2", n, v, 1),
	    (size_t)-1);
	arena_free(a);
}

static void
perm_roles_hold_their_permissions(void **state)
{
	(void)state;
	assert_true(perm_allows("super", "anything.at.all"));
	assert_true(perm_allows("operator", "members.edit"));
	assert_false(perm_allows("operator", "withdrawals.edit"));
	assert_true(perm_allows("finance", "withdrawals.edit"));
	assert_false(perm_allows("finance", "members.edit"));
	assert_true(perm_allows("auditor", "audit.view"));
	assert_false(perm_allows("auditor", "members.edit"));
	assert_false(perm_allows("auditor", "admins"));
	assert_false(perm_allows(NULL, "dashboard"));
	assert_false(perm_allows("nobody", "dashboard"));
	assert_true(perm_allows("auditor", NULL));
	assert_true(perm_role_valid("finance"));
	assert_false(perm_role_valid("root"));
	assert_string_equal(perm_role_name("super"), "超级管理员");
}

static void
arena_allocations_are_aligned_zeroed_and_reset(void **state)
{
	arena	*a = arena_new();
	char	*p, *big;
	int	 i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		p = arena_alloc(a, (size_t)i % 37 + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
		memset(p, 0xff, (size_t)i % 37 + 1);
	}
	big = arena_alloc(a, 200000);	/* larger than a block */
	assert_non_null(big);
	assert_int_equal(big[199999], 0);
	assert_string_equal(arena_printf(a, "%d-%s", 7, "x"), "7-x");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_null(arena_strdup(a, NULL));
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	p = arena_alloc(a, 8);
	assert_int_equal(p[0], 0);
	arena_free(a);
	arena_free(NULL);
}

static void
buf_grows_and_formats(void **state)
{
	buf	b;
	char	*s;
	int	 i;

	(void)state;
	buf_init(&b);
	assert_string_equal(buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.p[b.len], '\0');
	buf_reset(&b);
	buf_puts(&b, "中文");
	buf_putc(&b, '!');
	assert_string_equal(buf_str(&b), "中文!");
	s = buf_steal(&b);
	assert_string_equal(s, "中文!");
	assert_null(b.p);
	free(s);
	buf_clear(&b);
	buf_clear(NULL);
}

static void
url_encode_keeps_unreserved_only(void **state)
{
	arena *a = arena_new();

	(void)state;
	assert_string_equal(url_encode(a, "/member/me?x=1&y=中"),
	    "%2Fmember%2Fme%3Fx%3D1%26y%3D%E4%B8%AD");
	assert_string_equal(url_encode(a, "aZ09-_.~"), "aZ09-_.~");
	arena_free(a);
}

static void
tokens_are_random_base64url(void **state)
{
	char	t1[TOKEN_LEN + 1], t2[TOKEN_LEN + 1];
	size_t	i;

	(void)state;
	rand_token(t1);
	rand_token(t2);
	assert_int_equal(strlen(t1), TOKEN_LEN);
	assert_string_not_equal(t1, t2);
	for (i = 0; i < TOKEN_LEN; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
		    "opqrstuvwxyz0123456789-_", t1[i]));
}

static void
hmac_sha256_matches_rfc4231_case2(void **state)
{
	unsigned char	mac[32];
	char		hex[65];

	(void)state;
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	assert_string_equal(hex_encode(mac, 32, hex),
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
sha256_and_hex_round_trip(void **state)
{
	unsigned char	h[32], back[32];
	char		hex[65];

	(void)state;
	sha256("abc", 3, h);
	assert_string_equal(hex_encode(h, 32, hex),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(hex_decode(hex, back, 32), 0);
	assert_memory_equal(h, back, 32);
	assert_int_equal(hex_decode("abc", back, 32), -1);
	assert_int_equal(hex_decode("zz", back, 1), -1);
}

static void
passwords_hash_with_argon2id_and_verify(void **state)
{
	char h[PW_HASH_LEN];

	(void)state;
	pw_fast_for_tests(1);
	assert_int_equal(pw_hash("correct horse", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(pw_verify(h, "correct horse"));
	assert_false(pw_verify(h, "correct horsE"));
	assert_false(pw_verify(h, ""));
	assert_false(pw_verify(NULL, "x"));
	assert_true(ct_equal("abc", "abc", 3));
	assert_false(ct_equal("abc", "abd", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_static_path_matches_exactly),
		cmocka_unit_test(route_parameters_capture_one_segment),
		cmocka_unit_test(app_main_refuses_nosess_off_public_get),
		cmocka_unit_test(perm_roles_hold_their_permissions),
		cmocka_unit_test(arena_allocations_are_aligned_zeroed_and_reset),
		cmocka_unit_test(buf_grows_and_formats),
		cmocka_unit_test(url_encode_keeps_unreserved_only),
		cmocka_unit_test(tokens_are_random_base64url),
		cmocka_unit_test(hmac_sha256_matches_rfc4231_case2),
		cmocka_unit_test(sha256_and_hex_round_trip),
		cmocka_unit_test(passwords_hash_with_argon2id_and_verify),
	};

	if (crypto_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
