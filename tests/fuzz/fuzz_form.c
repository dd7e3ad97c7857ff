/* fuzz_form: libFuzzer harness for request input parsing — query strings
 * and urlencoded bodies (form_parse), JSON bodies (form_parse_json), Cookie
 * headers (form_parse_cookies) and the session token test on the cookie
 * (sess_token_valid), and paths against route patterns (route_match) — the
 * real library functions of cgi-bin/lib/form.c, sess.c and app.c.
 *
 * Input: the low two bits of the first byte choose the parser and the
 * remaining bytes are its input, so readable seeds start with a letter:
 *   'p' (0)  "pattern\npath": route_match, then req_id on its parameters
 *   'q' (1)  a query string / urlencoded body: form_parse, then url_encode
 *            every pair and parse that again (must give the same pairs),
 *            kv_get, req_page, local_path_ok on "next"
 *   'j' (2)  a JSON body: form_parse_json
 *   'c' (3)  a Cookie header (cut at the first NUL, as a C string):
 *            form_parse_cookies, kv_get, sess_token_valid on pt / pta
 * Every list handed out must keep form.h's promise: at most FORM_MAX_PAIRS
 * pairs of strict UTF-8 (checked here by an independent decoder) without
 * NUL bytes. A broken promise aborts, which libFuzzer reports as a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "arena.h"
#include "form.h"
#include "sess.h"
#include "fuzz.h"

static arena *A;

/* Clean text: strict UTF-8 (a C string, so no NUL inside). */
static int
clean(const char *s)
{
	return s != NULL && ref_utf8((const unsigned char *)s, strlen(s));
}

static void
check_list(const kvlist *l)
{
	size_t i;

	CHECK(l->n <= FORM_MAX_PAIRS);
	CHECK((l->n == 0) == (l->v == NULL));
	for (i = 0; i < l->n; i++) {
		CHECK(clean(l->v[i].key));
		CHECK(clean(l->v[i].val));
		/* kv_get finds the first pair of a key. */
		CHECK(kv_get(l, l->v[i].key) != NULL);
		if (kv_get(l, l->v[i].key) != l->v[i].val) {
			size_t k;

			for (k = 0; k < i; k++)
				if (strcmp(l->v[k].key, l->v[i].key) == 0)
					break;
			CHECK(k < i);
		}
	}
}

static void
fuzz_query(const char *s, size_t n)
{
	kvlist l, again;
	struct req r;
	char *enc, *p;
	size_t i, len = 0;
	int rc = form_parse(A, s, n, &l);

	CHECK(rc == FORM_OK || rc == FORM_EBAD || rc == FORM_EUTF8 ||
	    rc == FORM_ETOOMANY);
	CHECK(form_strerror(rc) != NULL);
	/* form_utf8_valid agrees with the reference decoder. */
	CHECK(form_utf8_valid(s, n) == ref_utf8((const unsigned char *)s, n));
	if (rc != FORM_OK) {
		CHECK(l.n == 0 && l.v == NULL);
		return;
	}
	check_list(&l);

	/* Encoding the pairs and parsing them again gives them back. */
	for (i = 0; i < l.n; i++)
		len += strlen(l.v[i].key) * 3 + strlen(l.v[i].val) * 3 + 2;
	CHECK((p = arena_alloc(A, len + 1)) != NULL);
	for (i = 0; i < l.n; i++) {
		CHECK((enc = url_encode(A, l.v[i].key)) != NULL);
		strcat(p, i ? "&" : "");
		strcat(p, enc);
		strcat(p, "=");
		CHECK((enc = url_encode(A, l.v[i].val)) != NULL);
		strcat(p, enc);
	}
	CHECK(form_parse(A, p, strlen(p), &again) == FORM_OK);
	/* Pairs with an empty key and value ("=") stay; only empty pieces
	 * are skipped, and "=" is not empty. */
	CHECK(again.n == l.n);
	for (i = 0; i < l.n; i++) {
		CHECK(strcmp(again.v[i].key, l.v[i].key) == 0);
		CHECK(strcmp(again.v[i].val, l.v[i].val) == 0);
	}

	/* What handlers do with the list. */
	memset(&r, 0, sizeof(r));
	r.a = A;
	r.q = l;
	r.form = l;
	CHECK(req_page(&r) >= 1);
	if (local_path_ok(req_form(&r, "next"))) {
		const unsigned char *u = (const unsigned char *)
		    req_form(&r, "next");

		CHECK(u[0] == '/' && u[1] != '/' && u[1] != '\\');
		for (; *u; u++)
			CHECK(*u >= 0x20 && *u != 0x7f && *u != '\\');
	}
}

static void
fuzz_json(const char *s, size_t n)
{
	struct json_object *j = NULL;
	kvlist l;
	int rc = form_parse_json(A, s, n, &j, &l);

	CHECK(rc == FORM_OK || rc == FORM_EBAD || rc == FORM_EUTF8 ||
	    rc == FORM_ETOOMANY);
	if (rc != FORM_OK) {
		CHECK(j == NULL && l.n == 0 && l.v == NULL);
		return;
	}
	CHECK(j != NULL && json_object_is_type(j, json_type_object));
	check_list(&l);
	json_object_put(j);
}

static void
fuzz_cookies(const char *s)
{
	const char *t;
	kvlist l;
	size_t i, k;

	CHECK(form_parse_cookies(A, s, &l) == FORM_OK);
	check_list(&l);
	for (i = 0; i < l.n; i++) {
		const char *key = l.v[i].key, *val = l.v[i].val;

		CHECK(*key != '\0');
		for (k = 0; key[k]; k++)
			CHECK((unsigned char)key[k] >= 0x20 && key[k] != 0x7f &&
			    key[k] != ';' && key[k] != '=');
		for (k = 0; val[k]; k++)
			CHECK((unsigned char)val[k] >= 0x20 && val[k] != 0x7f &&
			    val[k] != ';');
		CHECK(key[0] != ' ' && key[0] != '\t');
		CHECK(key[strlen(key) - 1] != ' ' && key[strlen(key) - 1] != '\t');
	}
	/* The session cookies: a token is a letter and base64url. */
	t = kv_get(&l, "pt");
	if (sess_token_valid(t)) {
		CHECK(strlen(t) == TOKEN_LEN + 1 && (t[0] == 'a' || t[0] == 's'));
		CHECK(strspn(t + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == TOKEN_LEN);
	}
	(void)sess_token_valid(kv_get(&l, "pta"));
}

static void
fuzz_route(const char *s, size_t n)
{
	const char *names[REQ_MAXPARAM], *vals[REQ_MAXPARAM], *nl;
	char *pat, *path;
	struct req r;
	size_t np, i;

	if ((nl = memchr(s, '\n', n)) == NULL)
		return;
	CHECK((pat = arena_strndup(A, s, (size_t)(nl - s))) != NULL);
	CHECK((path = arena_strndup(A, nl + 1, n - (size_t)(nl - s) - 1)) !=
	    NULL);
	np = route_match(A, pat, path, names, vals, REQ_MAXPARAM);
	if (np == (size_t)-1)
		return;
	CHECK(np <= REQ_MAXPARAM);
	CHECK(pat[0] == '/' && path[0] == '/');
	memset(&r, 0, sizeof(r));
	r.a = A;
	r.np = np;
	for (i = 0; i < np; i++) {
		CHECK(names[i] != NULL && vals[i] != NULL);
		CHECK(vals[i][0] != '\0' && strchr(vals[i], '/') == NULL);
		CHECK(strstr(path, vals[i]) != NULL);
		r.pname[i] = names[i];
		r.pval[i] = vals[i];
	}
	for (i = 0; i < np; i++) {
		CHECK(req_param(&r, names[i]) != NULL);
		CHECK(req_id(&r, names[i]) >= 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	size_t n;

	if (A == NULL && (A = arena_new()) == NULL)
		abort();
	if (size == 0)
		return 0;
	n = size - 1;
	switch (data[0] & 3) {
	case 0:
		fuzz_route(s, n);
		break;
	/* s[0..n) runs to the end of libFuzzer's exact-size heap copy of
	 * the input, so ASan sees any read past it without a copy here. */
	case 1:
		fuzz_query(s, n);
		break;
	case 2:
		fuzz_json(s, n);
		break;
	case 3: {
		/* form_parse_cookies takes a C string: a copy with its NUL. */
		char *q = malloc(n + 1);

		CHECK(q != NULL);
		memcpy(q, s, n);
		q[n] = '\0';
		fuzz_cookies(q);
		free(q);
		break;
	}
	}
	arena_reset(A);
	return 0;
}
