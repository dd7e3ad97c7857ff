/* form: query strings, urlencoded and JSON bodies and Cookie headers into
 * arena key/value lists, refusing anything that is not clean UTF-8 text. */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include <json-c/json.h>
#include <uriparser/Uri.h>

#include "arena.h"
#include "form.h"

int
form_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, need, k;
	unsigned int cp, min;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;	/* continuation byte, 0xc0/0xc1, 0xf5.. */
		}
		if (len - i <= need)
			return 0;	/* truncated sequence */
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* Pieces liburiparser would turn into pairs: the non-empty runs between
 * '&'. Counting them first keeps a hostile body from costing a malloc per
 * pair before the cap applies. */
static size_t
count_pieces(const char *s, size_t len)
{
	size_t i, n = 0;
	int in_piece = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '&')
			in_piece = 0;
		else if (!in_piece) {
			in_piece = 1;
			n++;
		}
	}
	return n;
}

/* 1 when s[0..len) holds "%00", the only way decoding yields a NUL (it is
 * a single pass, and no valid escape can swallow the '%' of a "%00"). */
static int
has_pct_nul(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i++)
		if (s[i] == '%' && s[i + 1] == '0' && s[i + 2] == '0')
			return 1;
	return 0;
}

int
form_parse(arena *a, const char *s, size_t len, kvlist *out)
{
	UriQueryListA *list = NULL, *it;
	int count = 0, rc = FORM_OK;
	size_t n = 0;
	kv *v;

	out->v = NULL;
	out->n = 0;
	if (len == 0)
		return FORM_OK;
	if (memchr(s, '\0', len) != NULL || has_pct_nul(s, len))
		return FORM_EBAD;
	if (count_pieces(s, len) > FORM_MAX_PAIRS)
		return FORM_ETOOMANY;

	if (uriDissectQueryMallocA(&list, &count, s, s + len) != URI_SUCCESS)
		return FORM_ENOMEM;	/* its only failure is malloc */
	if (count <= 0)
		goto done;
	if ((size_t)count > FORM_MAX_PAIRS) {
		rc = FORM_ETOOMANY;	/* not reached: count_pieces agrees */
		goto done;
	}
	if ((v = arena_alloc(a, (size_t)count * sizeof(*v))) == NULL) {
		rc = FORM_ENOMEM;
		goto done;
	}
	for (it = list; it != NULL && n < (size_t)count; it = it->next) {
		const char *val = it->value != NULL ? it->value : "";

		if (!form_utf8_valid(it->key, strlen(it->key)) ||
		    !form_utf8_valid(val, strlen(val))) {
			rc = FORM_EUTF8;
			goto done;
		}
		v[n].key = arena_strdup(a, it->key);
		v[n].val = arena_strdup(a, val);
		if (v[n].key == NULL || v[n].val == NULL) {
			rc = FORM_ENOMEM;
			goto done;
		}
		n++;
	}
	out->v = v;
	out->n = n;
done:
	uriFreeQueryListA(list);
	return rc;
}

/* 1 when the JSON text s[0..len) holds the escape "\u0000": decoded it
 * is a NUL, which would cut a key or value short in silence. An escaped
 * backslash ("\\") is skipped whole, so "\\u0000" is not one. */
static int
has_json_nul(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (s[i] != '\\') {
			i++;
			continue;
		}
		if (len - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
			return 1;
		i += 2;
	}
	return 0;
}

int
form_parse_json(arena *a, const char *s, size_t len, struct json_object **obj,
    kvlist *out)
{
	struct json_object_iterator it, end;
	struct json_object *j;
	json_tokener *tok;
	size_t n = 0, k = 0, at;
	kv *v = NULL;
	int rc = FORM_OK;

	*obj = NULL;
	out->v = NULL;
	out->n = 0;
	if (len == 0 || len > INT_MAX || memchr(s, '\0', len) != NULL ||
	    has_json_nul(s, len))
		return FORM_EBAD;
	/* Raw bytes go through json-c as they are; escapes decode to valid
	 * UTF-8 (a lone surrogate becomes U+FFFD). So a valid text gives
	 * valid keys and values. */
	if (!form_utf8_valid(s, len))
		return FORM_EUTF8;
	if ((tok = json_tokener_new()) == NULL)
		return FORM_ENOMEM;
	j = json_tokener_parse_ex(tok, s, (int)len);
	at = json_tokener_get_parse_end(tok);
	if (j == NULL || json_tokener_get_error(tok) != json_tokener_success)
		rc = FORM_EBAD;
	json_tokener_free(tok);
	/* One value and nothing after it but whitespace. */
	for (; rc == FORM_OK && at < len; at++)
		if (s[at] != ' ' && s[at] != '\t' && s[at] != '\n' &&
		    s[at] != '\r')
			rc = FORM_EBAD;
	if (rc == FORM_OK && !json_object_is_type(j, json_type_object))
		rc = FORM_EBAD;
	if (rc == FORM_OK &&
	    (n = (size_t)json_object_object_length(j)) > FORM_MAX_PAIRS)
		rc = FORM_ETOOMANY;
	if (rc != FORM_OK) {
		json_object_put(j);
		return rc;
	}
	if (n > 0 && (v = arena_alloc(a, n * sizeof(*v))) == NULL) {
		json_object_put(j);
		return FORM_ENOMEM;
	}
	/* Top-level scalars feed the validators. */
	it = json_object_iter_begin(j);
	end = json_object_iter_end(j);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *x = json_object_iter_peek_value(&it);

		if (json_object_is_type(x, json_type_object) ||
		    json_object_is_type(x, json_type_array))
			continue;
		v[k].key = arena_strdup(a, json_object_iter_peek_name(&it));
		v[k].val = arena_strdup(a, x == NULL ? "" :
		    json_object_get_string(x));
		if (v[k].key == NULL || v[k].val == NULL) {
			json_object_put(j);
			return FORM_ENOMEM;
		}
		k++;
	}
	if (k > 0) {
		out->v = v;
		out->n = k;
	}
	*obj = j;
	return FORM_OK;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* s[0..len) trimmed of spaces and tabs on both sides. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_ows(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_ows((*s)[*len - 1]))
		(*len)--;
}

/* 1 when s[0..len) has no control character and is valid UTF-8. */
static int
clean_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return form_utf8_valid(s, len);
}

int
form_parse_cookies(arena *a, const char *header, kvlist *out)
{
	const char *p, *end, *eq, *name, *val;
	size_t n = 0, cap, nlen, vlen;
	kv *v;

	out->v = NULL;
	out->n = 0;
	if (header == NULL || *header == '\0')
		return FORM_OK;

	/* Upper bound on pieces: one more than the separators. */
	cap = 1;
	for (p = header; *p != '\0'; p++)
		if (*p == ';')
			cap++;
	if (cap > FORM_MAX_PAIRS)
		cap = FORM_MAX_PAIRS;
	if ((v = arena_alloc(a, cap * sizeof(*v))) == NULL)
		return FORM_ENOMEM;

	for (p = header; *p != '\0' && n < cap; p = *end == ';' ? end + 1 : end) {
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL)
			continue;
		name = p;
		nlen = (size_t)(eq - p);
		val = eq + 1;
		vlen = (size_t)(end - val);
		trim(&name, &nlen);
		trim(&val, &vlen);
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			val++;
			vlen -= 2;
		}
		if (nlen == 0 || !clean_text(name, nlen) ||
		    !clean_text(val, vlen))
			continue;
		v[n].key = arena_strndup(a, name, nlen);
		v[n].val = arena_strndup(a, val, vlen);
		if (v[n].key == NULL || v[n].val == NULL)
			return FORM_ENOMEM;
		n++;
	}
	if (n > 0) {
		out->v = v;
		out->n = n;
	}
	return FORM_OK;
}

const char *
kv_get(const kvlist *l, const char *key)
{
	size_t i;

	if (l == NULL || key == NULL)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

const char *
form_strerror(int code)
{
	switch (code) {
	case FORM_OK:
		return "";
	case FORM_EBAD:
		return "请求内容包含非法字符";
	case FORM_EUTF8:
		return "请求内容不是有效的 UTF-8 文本";
	case FORM_ETOOMANY:
		return "请求参数过多";
	case FORM_ENOMEM:
		return "服务器繁忙，请稍后再试";
	default:
		return "请求内容有误";
	}
}
