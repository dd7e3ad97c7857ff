/* test_form: query/body parsing through liburiparser, JSON bodies through
 * json-c, Cookie headers and kv_get (cgi-bin/lib/form.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "arena.h"
#include "buf.h"
#include "form.h"

static int
setup(void **state)
{
	*state = arena_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* form_parse over a C string. */
static int
parse(void **state, const char *s, kvlist *l)
{
	return form_parse(*state, s, strlen(s), l);
}

static void
assert_pair(const kvlist *l, size_t i, const char *key, const char *val)
{
	assert_true(i < l->n);
	assert_string_equal(l->v[i].key, key);
	assert_string_equal(l->v[i].val, val);
}

static void
parse_empty_input_gives_no_pairs(void **state)
{
	kv junk = { "", "" };
	kvlist l = { &junk, 99 };

	assert_int_equal(form_parse(*state, NULL, 0, &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(parse(state, "", &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse(state, "&&&", &l), FORM_OK);
	assert_int_equal(l.n, 0);
}

static void
parse_plain_pairs_in_order(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "phone=13812345678&code=123456", &l),
	    FORM_OK);
	assert_int_equal(l.n, 2);
	assert_pair(&l, 0, "phone", "13812345678");
	assert_pair(&l, 1, "code", "123456");
}

static void
parse_decodes_plus_and_percent(void **state)
{
	kvlist l;

	assert_int_equal(parse(state,
	    "addr=%E5%8C%97%E4%BA%AC+%E6%9C%9D%E9%98%B3&p=a%2Bb&q=%41%4a%4A"
	    "&k%3D=v%26w", &l), FORM_OK);
	assert_int_equal(l.n, 4);
	assert_pair(&l, 0, "addr", "北京 朝阳");
	assert_pair(&l, 1, "p", "a+b");		/* %2B stays a plus */
	assert_pair(&l, 2, "q", "AJJ");		/* either hex case */
	assert_pair(&l, 3, "k=", "v&w");	/* escaped separators */
}

static void
parse_keeps_raw_utf8(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "name=张三&city=北京", &l), FORM_OK);
	assert_pair(&l, 0, "name", "张三");
	assert_pair(&l, 1, "city", "北京");
}

static void
parse_keeps_repeated_keys(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "id=1&id=2&x=3&id=4", &l), FORM_OK);
	assert_int_equal(l.n, 4);
	assert_pair(&l, 0, "id", "1");
	assert_pair(&l, 1, "id", "2");
	assert_pair(&l, 3, "id", "4");
	assert_string_equal(kv_get(&l, "id"), "1");
}

static void
parse_empty_values_and_missing_equals(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "a=&b&=c&d=1=2&=", &l), FORM_OK);
	assert_int_equal(l.n, 5);
	assert_pair(&l, 0, "a", "");
	assert_pair(&l, 1, "b", "");		/* no '=': value "" */
	assert_pair(&l, 2, "", "c");
	assert_pair(&l, 3, "d", "1=2");		/* split at the first '=' */
	assert_pair(&l, 4, "", "");
}

static void
parse_skips_empty_pieces(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "&a=1&&b=2&", &l), FORM_OK);
	assert_int_equal(l.n, 2);
	assert_pair(&l, 0, "a", "1");
	assert_pair(&l, 1, "b", "2");
}

static void
parse_keeps_invalid_escapes_literally(void **state)
{
	kvlist l;

	/* liburiparser's behaviour: a '%' not followed by two hex digits is
	 * kept as written. */
	assert_int_equal(parse(state, "a=%zz&b=%4&c=%&d=100%25", &l),
	    FORM_OK);
	assert_pair(&l, 0, "a", "%zz");
	assert_pair(&l, 1, "b", "%4");
	assert_pair(&l, 2, "c", "%");
	assert_pair(&l, 3, "d", "100%");
}

static void
parse_semicolon_is_not_a_separator(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "a=1;b=2", &l), FORM_OK);
	assert_int_equal(l.n, 1);
	assert_pair(&l, 0, "a", "1;b=2");
}

static void
parse_respects_len(void **state)
{
	const char *s = "a=1&b=2";
	kvlist l;

	assert_int_equal(form_parse(*state, s, 3, &l), FORM_OK);
	assert_int_equal(l.n, 1);
	assert_pair(&l, 0, "a", "1");
}

static void
parse_refuses_encoded_nul(void **state)
{
	kv junk = { "", "" };
	kvlist l = { &junk, 99 };

	assert_int_equal(parse(state, "a=1&b=x%00y", &l), FORM_EBAD);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(parse(state, "k%00=v", &l), FORM_EBAD);
	assert_int_equal(parse(state, "a=%%00", &l), FORM_EBAD);
	/* "%2500" is the text "%00", not a NUL. */
	assert_int_equal(parse(state, "a=%2500", &l), FORM_OK);
	assert_pair(&l, 0, "a", "%00");
}

static void
parse_refuses_raw_nul(void **state)
{
	static const char s[] = "a=1\0&b=2";
	kvlist l;

	assert_int_equal(form_parse(*state, s, sizeof(s) - 1, &l), FORM_EBAD);
	assert_int_equal(l.n, 0);
}

static void
parse_refuses_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"a=%FF",		/* never valid */
		"a=%C3",		/* truncated */
		"a=%E4%B8",		/* truncated three-byte */
		"a=%80",		/* lone continuation */
		"a=%C0%AF",		/* overlong '/' */
		"a=%E0%80%AF",		/* overlong, three bytes */
		"a=%ED%A0%80",		/* surrogate U+D800 */
		"a=%F4%90%80%80",	/* above U+10FFFF */
		"%FF=1",		/* in a key too */
		"a=\xff",		/* raw, not escaped */
	};
	kv junk = { "", "" };
	kvlist l = { &junk, 99 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(state, bad[i], &l) != FORM_EUTF8)
			fail_msg("\"%s\" was not refused as invalid UTF-8",
			    bad[i]);
		assert_int_equal(l.n, 0);
		assert_null(l.v);
	}
}

static void
parse_accepts_edge_utf8(void **state)
{
	kvlist l;

	/* U+007F, U+0080, U+FFFF, U+10FFFF (the last one allowed). */
	assert_int_equal(parse(state,
	    "a=%7F&b=%C2%80&c=%EF%BF%BF&d=%F4%8F%BF%BF", &l), FORM_OK);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[3].val, "\xf4\x8f\xbf\xbf");
}

static void
parse_caps_pairs(void **state)
{
	buf b;
	kv junk = { "", "" };
	kvlist l = { &junk, 99 };
	int i;

	buf_init(&b);
	for (i = 0; i < FORM_MAX_PAIRS; i++)
		assert_int_equal(buf_printf(&b, "%sk%d=%d", i ? "&" : "", i,
		    i), 0);
	assert_int_equal(form_parse(*state, b.p, b.len, &l), FORM_OK);
	assert_int_equal(l.n, FORM_MAX_PAIRS);
	assert_pair(&l, FORM_MAX_PAIRS - 1, "k255", "255");

	/* Empty pieces do not count. */
	assert_int_equal(buf_puts(&b, "&&&"), 0);
	assert_int_equal(form_parse(*state, b.p, b.len, &l), FORM_OK);
	assert_int_equal(l.n, FORM_MAX_PAIRS);

	assert_int_equal(buf_puts(&b, "x"), 0);
	assert_int_equal(form_parse(*state, b.p, b.len, &l), FORM_ETOOMANY);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	buf_clear(&b);
}

static void
kv_get_finds_first_or_null(void **state)
{
	kvlist l;

	assert_int_equal(parse(state, "a=1&b=&a=2", &l), FORM_OK);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "");
	assert_null(kv_get(&l, "c"));
	assert_null(kv_get(&l, "A"));		/* case-sensitive */
	assert_null(kv_get(NULL, "a"));
	assert_null(kv_get(&l, NULL));
	l.n = 0;
	l.v = NULL;
	assert_null(kv_get(&l, "a"));
}

static void
cookies_split_and_trim(void **state)
{
	kvlist l;

	assert_int_equal(form_parse_cookies(*state,
	    "sid=abc123;  csrf = tok ;\tlang=zh-CN", &l), FORM_OK);
	assert_int_equal(l.n, 3);
	assert_pair(&l, 0, "sid", "abc123");
	assert_pair(&l, 1, "csrf", "tok");
	assert_pair(&l, 2, "lang", "zh-CN");
	assert_string_equal(kv_get(&l, "csrf"), "tok");
}

static void
cookies_empty_header(void **state)
{
	kv junk = { "", "" };
	kvlist l = { &junk, 99 };

	assert_int_equal(form_parse_cookies(*state, NULL, &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(form_parse_cookies(*state, "", &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(form_parse_cookies(*state, " ; ;; ", &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void
cookies_skip_malformed_pieces(void **state)
{
	kvlist l;

	assert_int_equal(form_parse_cookies(*state,
	    "novalue; =anon; a=1; bad\x01name=2; b=x\x7fy; c=\xff; d=", &l),
	    FORM_OK);
	assert_int_equal(l.n, 2);
	assert_pair(&l, 0, "a", "1");
	assert_pair(&l, 1, "d", "");		/* an empty value is fine */
}

static void
cookies_keep_equals_and_percent_in_values(void **state)
{
	kvlist l;

	assert_int_equal(form_parse_cookies(*state,
	    "t=YWJj==; p=a%20b; q=\"quoted\"; r=\"", &l), FORM_OK);
	assert_int_equal(l.n, 4);
	assert_pair(&l, 0, "t", "YWJj==");	/* split at the first '=' */
	assert_pair(&l, 1, "p", "a%20b");	/* not decoded */
	assert_pair(&l, 2, "q", "quoted");	/* DQUOTEs removed */
	assert_pair(&l, 3, "r", "\"");		/* a lone quote stays */
}

static void
cookies_repeated_names_first_wins(void **state)
{
	kvlist l;

	assert_int_equal(form_parse_cookies(*state, "sid=new; sid=old", &l),
	    FORM_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "sid"), "new");
}

static void
cookies_beyond_the_cap_are_ignored(void **state)
{
	buf b;
	kvlist l;
	int i;

	buf_init(&b);
	for (i = 0; i < FORM_MAX_PAIRS + 10; i++)
		assert_int_equal(buf_printf(&b, "c%d=%d; ", i, i), 0);
	assert_int_equal(form_parse_cookies(*state, buf_str(&b), &l),
	    FORM_OK);
	assert_int_equal(l.n, FORM_MAX_PAIRS);
	assert_string_equal(kv_get(&l, "c0"), "0");
	assert_null(kv_get(&l, "c256"));
	buf_clear(&b);
}

/* form_parse_json over a C string; the object is put at once. */
static int
pjson(void **state, const char *s, kvlist *l)
{
	struct json_object *j = (struct json_object *)1;
	int rc = form_parse_json(*state, s, strlen(s), &j, l);

	if (rc == FORM_OK)
		assert_non_null(j);
	else {
		assert_null(j);
		assert_int_equal(l->n, 0);
		assert_null(l->v);
	}
	json_object_put(j);
	return rc;
}

static void
json_scalars_become_pairs_nested_are_left_out(void **state)
{
	kvlist l;

	assert_int_equal(pjson(state, "{\"phone\":\"13812345678\","
	    "\"agree\":true,\"n\":12,\"x\":1.50,\"z\":null,"
	    "\"list\":[1,2],\"o\":{\"a\":\"b\"},\"nick\":\"\\u5f20\"}",
	    &l), FORM_OK);
	assert_int_equal(l.n, 6);
	assert_pair(&l, 0, "phone", "13812345678");
	assert_pair(&l, 1, "agree", "true");
	assert_pair(&l, 2, "n", "12");
	assert_pair(&l, 3, "x", "1.50");
	assert_pair(&l, 4, "z", "");
	assert_pair(&l, 5, "nick", "张");
}

static void
json_empty_object_gives_no_pairs(void **state)
{
	kvlist l;

	assert_int_equal(pjson(state, " {} \r\n", &l), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

/* Found by fuzz_form (tests/fuzz/corpus/form/json-invalid-utf8): raw
 * bytes that are not UTF-8 went through json-c into the pairs. */
static void
json_refuses_invalid_utf8(void **state)
{
	kvlist l;

	assert_int_equal(pjson(state, "{\"phone\":\"138\xc9\xcd\"}", &l),
	    FORM_EUTF8);
	assert_int_equal(pjson(state, "{\"\xff\":\"1\"}", &l), FORM_EUTF8);
	assert_int_equal(pjson(state, "{\"a\":\"1\",\"o\":{\"b\":"
	    "\"\xed\xa0\x80\"}}", &l), FORM_EUTF8);	/* nested, surrogate */
}

static void
json_lone_surrogate_escape_becomes_replacement(void **state)
{
	kvlist l;

	assert_int_equal(pjson(state, "{\"a\":\"\\ud800x\"}", &l), FORM_OK);
	assert_pair(&l, 0, "a", "\xef\xbf\xbdx");
}

static void
json_refuses_nul_raw_or_escaped(void **state)
{
	struct json_object *j;
	kvlist l;

	assert_int_equal(pjson(state, "{\"a\":\"\\u0000x\"}", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "{\"a\\u0000b\":\"1\"}", &l),
	    FORM_EBAD);
	/* A raw NUL in a string of a complete document (all 9 bytes). */
	assert_int_equal(form_parse_json(*state, "{\"a\":\"\0\"}", 9, &j, &l),
	    FORM_EBAD);
	assert_null(j);
	/* An escaped backslash before "u0000" is just text. */
	assert_int_equal(pjson(state, "{\"a\":\"\\\\u0000\"}", &l), FORM_OK);
	assert_pair(&l, 0, "a", "\\u0000");
}

static void
json_refuses_non_objects_and_trailing_text(void **state)
{
	struct json_object *j;
	kvlist l;

	assert_int_equal(pjson(state, "", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "[1,2]", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "\"a\"", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "{\"a\":1", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "{\"a\":1} x", &l), FORM_EBAD);
	assert_int_equal(pjson(state, "{\"a\":1}{}", &l), FORM_EBAD);
	/* len counts, not the NUL: the text is cut short. */
	assert_int_equal(form_parse_json(*state, "{\"a\":1}", 5, &j, &l),
	    FORM_EBAD);
}

static void
json_caps_members(void **state)
{
	kvlist l;
	buf b;
	int i;

	buf_init(&b);
	buf_putc(&b, '{');
	for (i = 0; i < FORM_MAX_PAIRS; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_putc(&b, '}');
	assert_int_equal(pjson(state, buf_str(&b), &l), FORM_OK);
	assert_int_equal(l.n, FORM_MAX_PAIRS);
	b.len--;
	buf_printf(&b, ",\"more\":1}");
	assert_int_equal(pjson(state, buf_str(&b), &l), FORM_ETOOMANY);
	buf_clear(&b);
}

static void
utf8_validator_cases(void **state)
{
	(void)state;
	assert_true(form_utf8_valid("", 0));
	assert_true(form_utf8_valid(NULL, 0));
	assert_true(form_utf8_valid("中文 ok", strlen("中文 ok")));
	assert_true(form_utf8_valid("\xf0\x9f\x98\x80", 4));	/* emoji */
	assert_false(form_utf8_valid("\xf0\x9f\x98", 3));
	assert_false(form_utf8_valid("\xe4\xb8\xad", 2));	/* cut */
	assert_false(form_utf8_valid("\xc1\xbf", 2));
	assert_false(form_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(form_utf8_valid("\xe4\x41\xad", 3));
}

static void
strerror_has_messages(void **state)
{
	(void)state;
	assert_string_equal(form_strerror(FORM_ETOOMANY), "请求参数过多");
	assert_non_null(form_strerror(FORM_EBAD));
	assert_non_null(form_strerror(FORM_EUTF8));
	assert_non_null(form_strerror(FORM_ENOMEM));
	assert_non_null(form_strerror(-42));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(parse_empty_input_gives_no_pairs),
		T(parse_plain_pairs_in_order),
		T(parse_decodes_plus_and_percent),
		T(parse_keeps_raw_utf8),
		T(parse_keeps_repeated_keys),
		T(parse_empty_values_and_missing_equals),
		T(parse_skips_empty_pieces),
		T(parse_keeps_invalid_escapes_literally),
		T(parse_semicolon_is_not_a_separator),
		T(parse_respects_len),
		T(parse_refuses_encoded_nul),
		T(parse_refuses_raw_nul),
		T(parse_refuses_invalid_utf8),
		T(parse_accepts_edge_utf8),
		T(parse_caps_pairs),
		T(kv_get_finds_first_or_null),
		T(cookies_split_and_trim),
		T(cookies_empty_header),
		T(cookies_skip_malformed_pieces),
		T(cookies_keep_equals_and_percent_in_values),
		T(cookies_repeated_names_first_wins),
		T(cookies_beyond_the_cap_are_ignored),
		T(json_scalars_become_pairs_nested_are_left_out),
		T(json_empty_object_gives_no_pairs),
		T(json_refuses_invalid_utf8),
		T(json_lone_surrogate_escape_becomes_replacement),
		T(json_refuses_nul_raw_or_escaped),
		T(json_refuses_non_objects_and_trailing_text),
		T(json_caps_members),
		T(utf8_validator_cases),
		T(strerror_has_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
