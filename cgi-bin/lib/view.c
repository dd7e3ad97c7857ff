/* view: helpers for building the JSON views (see view.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "app.h"
#include "buf.h"
#include "view.h"

void
view_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v == NULL ? NULL :
	    json_object_new_string(v));
}

void
view_int(struct json_object *o, const char *k, long long v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

void
view_bool(struct json_object *o, const char *k, int v)
{
	json_object_object_add(o, k, json_object_new_boolean(v != 0));
}

void
view_merge(struct json_object *o, struct json_object *from)
{
	if (from == NULL)
		return;
	json_object_object_foreach(from, k, x)
		json_object_object_add(o, k, json_object_get(x));
	json_object_put(from);
}

void
view_amount_dec(struct json_object *o, const char *k, int64_t v, int dec)
{
	char b[32];

	json_object_object_add(o, k,
	    json_object_new_string(amount_format(v, dec, b)));
}

void
view_amount(struct json_object *o, const char *k, int64_t v)
{
	view_amount_dec(o, k, v, 2);
}

/* The link to the current page's list with ?page=n: the routed path (never
 * the raw REQUEST_URI, which may start with "//" or hide dot segments) and
 * the query parameters other than page, each encoded again. */
static const char *
enc(arena *a, const char *s)
{
	const char *e = url_encode(a, s);

	return e != NULL ? e : "";
}

static const char *
pager_link(struct req *r, long long n)
{
	buf		 b;
	const char	*seg, *out;
	size_t		 i;

	buf_init(&b);
	/* Each path segment encoded, so the link can only name this path. */
	for (seg = r->path; *seg == '/'; ) {
		const char	*end = strchr(seg + 1, '/');
		size_t		 len = end != NULL ? (size_t)(end - seg - 1) :
				    strlen(seg + 1);

		buf_puts(&b, "/");
		buf_puts(&b, enc(r->a, arena_strndup(r->a, seg + 1, len)));
		seg += len + 1;
	}
	if (b.len == 0 || !local_path_ok(buf_str(&b))) {
		buf_reset(&b);
		buf_puts(&b, "/");
	}
	buf_puts(&b, "?");
	for (i = 0; i < r->q.n; i++) {
		if (strcmp(r->q.v[i].key, "page") == 0)
			continue;
		buf_printf(&b, "%s=%s&", enc(r->a, r->q.v[i].key),
		    enc(r->a, r->q.v[i].val));
	}
	buf_printf(&b, "page=%lld", n);
	out = arena_strdup(r->a, buf_str(&b));
	buf_clear(&b);
	return out;
}

void
view_pager(struct req *r, struct json_object *o, long long total,
    long long page, long long per)
{
	struct json_object	*p = json_object_new_object();
	long long		 pages = per > 0 ? (total + per - 1) / per : 1;

	if (pages < 1)
		pages = 1;
	view_int(p, "page", page);
	view_int(p, "pages", pages);
	view_int(p, "total", total);
	if (page > 1)
		view_str(p, "prev", pager_link(r, page - 1));
	if (page < pages)
		view_str(p, "next", pager_link(r, page + 1));
	view_bool(p, "many", pages > 1);
	json_object_object_add(o, "pager", p);
}

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t
u8len(const char *s)
{
	size_t n = 1;

	while (s[n] != '\0' && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

void
view_person(struct json_object *o, long long id, const char *phone,
    const char *nickname, const char *avatar, int private)
{
	char	name[80], ini[8];
	size_t	n, pl = phone != NULL ? strlen(phone) : 0;

	if (nickname != NULL && *nickname != '\0' && strlen(nickname) < 64)
		snprintf(name, sizeof(name), "%s", nickname);
	else
		snprintf(name, sizeof(name), "用户%s", pl >= 4 ?
		    phone + pl - 4 : "");
	n = u8len(name);
	if (n >= sizeof(ini))
		n = 1;
	memcpy(ini, name, n);
	ini[n] = '\0';
	if (private)
		snprintf(name, sizeof(name), "%s**", ini);
	view_str(o, "name", name);
	view_str(o, "initial", ini);
	view_int(o, "hue", (id * 47) % 360);
	view_bool(o, "private", private);
	if (!private && avatar != NULL && *avatar != '\0' &&
	    strlen(avatar) < 100) {
		char url[128];

		snprintf(url, sizeof(url), "/uploads/%s", avatar);
		view_str(o, "avatar", url);
	}
}
