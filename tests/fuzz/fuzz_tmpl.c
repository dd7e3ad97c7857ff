/* fuzz_tmpl: libFuzzer harness for the mustache engine (cgi-bin/lib/tmpl.c):
 * an arbitrary template, partials and data.
 *
 * Input: parts separated by the line "~~" ("\n~~\n"):
 *   part 0  the data, JSON parsed by json-c (not JSON: render with NULL)
 *   part 1  template "main", added with tmpl_set_add
 *   part 2… templates "a", "b", "c", served by the set's loader when a
 *           partial or parent names them (any other name is a miss)
 * For example: {"x":"<b>","l":[1,2]}\n~~\n{{x}}{{#l}}{{>a}}{{/l}}\n~~\n[{{.}}]
 *
 * Checked: the render returns TMPL_OK, TMPL_ESYNTAX, TMPL_EDEPTH or
 * TMPL_ELIMIT (the set's limits are lowered to 1 MiB and 100000 steps, so
 * that inputs near them stay quick; they still end in milliseconds, not in
 * a libFuzzer timeout, as without limits they did); a failed render leaves the output buffer as it was; a
 * syntax error has a message; the loader is asked at most once per name;
 * rendering again (from the cache) and after adding "main" again gives the
 * same result; a template without "{{" renders as itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"
#include "fuzz.h"

#define SEP	"\n~~\n"
#define NPART	5

struct part {
	const char	*p;
	size_t		 n;
};

struct input {
	struct part	 part[NPART];
	size_t		 npart;
	int		 asked[NPART];	/* loader calls per partial */
};

static int
loader(void *ud, const char *name, buf *out)
{
	struct input *in = ud;
	size_t k;

	if (name[0] < 'a' || name[0] > 'c' || name[1] != '\0')
		return -1;
	k = (size_t)(name[0] - 'a') + 2;
	CHECK(in->asked[k] == 0);	/* cached after the first time */
	in->asked[k]++;
	if (k >= in->npart)
		return -1;
	CHECK(out->len == 0);
	return buf_add(out, in->part[k].p, in->part[k].n) == -1 ? -1 : 0;
}

static int
render(tmpl_set *s, struct json_object *ctx, buf *out)
{
	int rc;

	buf_reset(out);
	buf_puts(out, "X");
	rc = tmpl_render(s, "main", ctx, out);
	CHECK(rc == TMPL_OK || rc == TMPL_ESYNTAX || rc == TMPL_EDEPTH ||
	    rc == TMPL_ELIMIT);
	CHECK(tmpl_strerror(rc) != NULL);
	if (rc != TMPL_OK)
		CHECK(out->len == 1 && strcmp(buf_str(out), "X") == 0);
	else
		CHECK(out->len >= 1 && out->p[0] == 'X');
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	struct json_object *ctx = NULL;
	json_tokener *tok;
	const char *p = (const char *)data, *end = p + size, *q;
	tmpl_set *s;
	buf out1, out2;
	int rc1, rc2, rc;

	memset(&in, 0, sizeof(in));
	while (in.npart < NPART) {
		q = in.npart + 1 < NPART ?
		    memmem(p, (size_t)(end - p), SEP, strlen(SEP)) : NULL;
		in.part[in.npart].p = p;
		in.part[in.npart].n = q != NULL ? (size_t)(q - p) :
		    (size_t)(end - p);
		in.npart++;
		if (q == NULL)
			break;
		p = q + strlen(SEP);
	}
	if (in.npart < 2)
		return 0;

	CHECK((tok = json_tokener_new()) != NULL);
	ctx = json_tokener_parse_ex(tok, in.part[0].p, (int)in.part[0].n);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(ctx);
		ctx = NULL;
	}
	json_tokener_free(tok);

	CHECK((s = tmpl_set_new(loader, &in)) != NULL);
	tmpl_set_limits(s, (size_t)1 << 20, 100000);
	rc = tmpl_set_add(s, "main", in.part[1].p, in.part[1].n);
	CHECK(rc == TMPL_OK || rc == TMPL_ESYNTAX);
	if (rc == TMPL_ESYNTAX)
		CHECK(tmpl_set_errmsg(s)[0] != '\0');

	buf_init(&out1);
	buf_init(&out2);
	rc1 = render(s, ctx, &out1);
	if (rc == TMPL_ESYNTAX)
		CHECK(rc1 == TMPL_ESYNTAX);
	rc2 = render(s, ctx, &out2);
	CHECK(rc1 == rc2);
	CHECK(out1.len == out2.len && memcmp(out1.p, out2.p, out1.len) == 0);

	/* Adding "main" again replaces it with an equal template. */
	CHECK(tmpl_set_add(s, "main", in.part[1].p, in.part[1].n) == rc);
	rc2 = render(s, ctx, &out2);
	CHECK(rc1 == rc2);
	CHECK(out1.len == out2.len && memcmp(out1.p, out2.p, out1.len) == 0);

	/* Text without tags comes out as it is. */
	if (rc1 == TMPL_OK && memmem(in.part[1].p, in.part[1].n, "{{", 2) ==
	    NULL)
		CHECK(out1.len == in.part[1].n + 1 && memcmp(out1.p + 1,
		    in.part[1].p, in.part[1].n) == 0);

	buf_clear(&out1);
	buf_clear(&out2);
	tmpl_set_free(s);
	json_object_put(ctx);
	return 0;
}
