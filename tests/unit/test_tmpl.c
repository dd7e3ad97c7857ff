/* test_tmpl: the mustache engine (cgi-bin/lib/tmpl.c) against every case of
 * the mustache spec in $MUSTACHE_SPEC_DIR (default tests/unit/mustache-spec, a copy of ../shared/mustache-spec),
 * plus escaping, errors, caching, depth limits and the directory loader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"

/* --- helpers ------------------------------------------------------------- */

/* Loader over a JSON object of name -> source (a spec case's "partials"). */
static int
load_json(void *ud, const char *name, buf *out)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(ud, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return -1;
	return buf_add(out, json_object_get_string(v),
	    (size_t)json_object_get_string_len(v));
}

struct counting {
	const char	*names[4];
	const char	*srcs[4];
	int		 calls;
};

/* Loader over a small table that counts its calls. */
static int
load_counting(void *ud, const char *name, buf *out)
{
	struct counting	*c = ud;
	size_t		 i;

	c->calls++;
	for (i = 0; i < 4 && c->names[i] != NULL; i++)
		if (strcmp(c->names[i], name) == 0)
			return buf_puts(out, c->srcs[i]);
	return -1;
}

/* Renders src (added as "t") over the JSON text data; returns the code
 * and leaves the output in out. */
static int
render_str(tmpl_set *s, const char *src, const char *data, buf *out)
{
	struct json_object	*ctx = NULL;
	int			 rc;

	if (data != NULL)
		assert_non_null(ctx = json_tokener_parse(data));
	buf_reset(out);
	rc = tmpl_set_add(s, "t", src, strlen(src));
	if (rc == TMPL_OK)
		rc = tmpl_render(s, "t", ctx, out);
	json_object_put(ctx);
	return rc;
}

static void
assert_renders(const char *src, const char *data, const char *want)
{
	tmpl_set	*s = tmpl_set_new(NULL, NULL);
	buf		 out;

	assert_non_null(s);
	buf_init(&out);
	assert_int_equal(render_str(s, src, data, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), want);
	buf_clear(&out);
	tmpl_set_free(s);
}

/* --- the spec ------------------------------------------------------------ */

static void
print_quoted(const char *label, const char *s)
{
	fprintf(stderr, "      %s: \"", label);
	for (; *s != '\0'; s++)
		if (*s == '\n')
			fputs("\\n", stderr);
		else if (*s == '\r')
			fputs("\\r", stderr);
		else
			fputc(*s, stderr);
	fputs("\"\n", stderr);
}

/* Runs one case; 1 when it passes. */
static int
spec_case(const char *file, struct json_object *tc)
{
	struct json_object	*name, *tpl, *data, *partials, *want;
	tmpl_set		*s;
	buf			 out;
	int			 rc, ok;

	if (!json_object_object_get_ex(tc, "name", &name) ||
	    !json_object_object_get_ex(tc, "template", &tpl) ||
	    !json_object_object_get_ex(tc, "expected", &want)) {
		fprintf(stderr, "  %s: malformed case\n", file);
		return 0;
	}
	json_object_object_get_ex(tc, "data", &data);
	json_object_object_get_ex(tc, "partials", &partials);
	assert_non_null(s = tmpl_set_new(load_json, partials));
	buf_init(&out);
	rc = tmpl_set_add(s, "spec case", json_object_get_string(tpl),
	    (size_t)json_object_get_string_len(tpl));
	if (rc == TMPL_OK)
		rc = tmpl_render(s, "spec case", data, &out);
	ok = rc == TMPL_OK &&
	    strcmp(buf_str(&out), json_object_get_string(want)) == 0;
	if (!ok) {
		fprintf(stderr, "  FAIL %s: %s (%s%s%s)\n", file,
		    json_object_get_string(name), tmpl_strerror(rc),
		    rc == TMPL_ESYNTAX ? ": " : "",
		    rc == TMPL_ESYNTAX ? tmpl_set_errmsg(s) : "");
		print_quoted("template", json_object_get_string(tpl));
		print_quoted("expected", json_object_get_string(want));
		print_quoted("got     ", buf_str(&out));
	}
	buf_clear(&out);
	tmpl_set_free(s);
	return ok;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
spec_suite_passes(void **state)
{
	const char		*dir = getenv("MUSTACHE_SPEC_DIR");
	char			*files[64], path[4096];
	struct json_object	*doc, *tests;
	struct dirent		*de;
	DIR			*d;
	size_t			 nfiles = 0, i, k, n, len;
	int			 pass = 0, total = 0;

	(void)state;
	if (dir == NULL || dir[0] == '\0')
		dir = "tests/unit/mustache-spec";
	if ((d = opendir(dir)) == NULL)
		fail_msg("cannot open spec directory %s", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (nfiles == sizeof(files) / sizeof(files[0]))
			fail_msg("too many files in %s", dir);
		/* Lambdas need code in the host language: not in JSON. */
		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0 &&
		    strstr(de->d_name, "lambdas") == NULL)
			assert_non_null(files[nfiles++] = strdup(de->d_name));
	}
	closedir(d);
	qsort(files, nfiles, sizeof(files[0]), cmp_names);
	assert_true(nfiles > 0);

	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if ((doc = json_object_from_file(path)) == NULL)
			fail_msg("cannot parse %s", path);
		assert_true(json_object_object_get_ex(doc, "tests", &tests));
		n = json_object_array_length(tests);
		for (k = 0; k < n; k++) {
			total++;
			pass += spec_case(files[i],
			    json_object_array_get_idx(tests, k));
		}
		json_object_put(doc);
		free(files[i]);
	}
	printf("mustache spec: %d/%d passed\n", pass, total);
	assert_true(total > 0);
	assert_int_equal(pass, total);
}

/* --- our own cases ------------------------------------------------------- */

static void
escapes_all_five_characters(void **state)
{
	(void)state;
	assert_renders("{{x}}", "{\"x\":\"a&b<c>d\\\"e'f\"}",
	    "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	assert_renders("{{{x}}}|{{&x}}", "{\"x\":\"&<>\\\"'\"}",
	    "&<>\"'|&<>\"'");
	assert_renders("{{x}}", "{\"x\":\"plain\"}", "plain");
}

static void
scalars_interpolate_as_json_c_prints_them(void **state)
{
	(void)state;
	assert_renders("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	    "{\"a\":1.21,\"b\":-7,\"c\":true,\"d\":null,\"e\":[1,2],"
	    "\"f\":18446744073709551615}",
	    "1.21 -7 true  [1,2] 18446744073709551615");
}

static void
empty_string_is_falsy_and_zero_truthy(void **state)
{
	(void)state;
	assert_renders("{{#s}}S{{/s}}{{^s}}!S{{/s}}", "{\"s\":\"\"}", "!S");
	assert_renders("{{#n}}N{{/n}}{{^n}}!N{{/n}}", "{\"n\":0}", "N");
	assert_renders("{{#d}}D{{/d}}", "{\"d\":0.0}", "D");
	assert_renders("{{#o}}O{{/o}}", "{\"o\":{}}", "O");
	assert_renders("{{#a}}A{{/a}}{{^a}}!A{{/a}}", "{\"a\":[]}", "!A");
	assert_renders("{{#m}}M{{/m}}{{^m}}!M{{/m}}", NULL, "!M");
}

static void
syntax_errors_return_esyntax(void **state)
{
	static const char *const bad[] = {
		"{{#a}}open",			/* unclosed section */
		"{{#a}}x{{/b}}",		/* mismatched close */
		"x{{/a}}",			/* close without open */
		"{{name",			/* unclosed tag */
		"{{}}",				/* empty tag */
		"{{a b}}",			/* space in name */
		"{{a..b}}",			/* empty segment */
		"{{=<%%>=}}",			/* one delimiter */
		"{{<p}}{{$b}}x{{/p}}{{/b}}",	/* crossed */
		"{{{x}}",			/* triple not closed */
	};
	tmpl_set	*s;
	buf		 out;
	size_t		 i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_non_null(s = tmpl_set_new(NULL, NULL));
		assert_int_equal(render_str(s, bad[i], NULL, &out),
		    TMPL_ESYNTAX);
		assert_true(strlen(tmpl_set_errmsg(s)) > 0);
		/* The broken template stays broken when rendered. */
		assert_int_equal(tmpl_render(s, "t", NULL, &out),
		    TMPL_ESYNTAX);
		assert_int_equal(out.len, 0);
		tmpl_set_free(s);
	}
	buf_clear(&out);
}

static void
syntax_error_message_names_template_and_line(void **state)
{
	tmpl_set	*s;

	(void)state;
	assert_non_null(s = tmpl_set_new(NULL, NULL));
	assert_int_equal(tmpl_set_add(s, "page", "a\nb\n{{#items}}\n", 15),
	    TMPL_ESYNTAX);
	assert_string_equal(tmpl_set_errmsg(s),
	    "page: line 3: unclosed section \"items\"");
	tmpl_set_free(s);
}

static void
broken_partial_fails_the_render(void **state)
{
	struct counting	 c = { { "p" }, { "{{#x}}" }, 0 };
	tmpl_set	*s;
	buf		 out;

	(void)state;
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	assert_int_equal(buf_puts(&out, "keep"), 0);
	assert_int_equal(tmpl_set_add(s, "t", "a{{>p}}b", 8), TMPL_OK);
	assert_int_equal(tmpl_render(s, "t", NULL, &out), TMPL_ESYNTAX);
	assert_string_equal(buf_str(&out), "keep");	/* restored */
	assert_int_equal(tmpl_render(s, "t", NULL, &out), TMPL_ESYNTAX);
	assert_int_equal(c.calls, 1);
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
templates_are_loaded_and_parsed_once(void **state)
{
	struct counting	 c = {
		{ "page", "item" },
		{ "<ul>{{#xs}}{{>item}}{{/xs}}{{>missing}}</ul>",
		  "<li>{{.}}</li>" },
		0
	};
	struct json_object	*ctx;
	tmpl_set		*s;
	buf			 out;
	int			 i;

	(void)state;
	assert_non_null(ctx = json_tokener_parse("{\"xs\":[1,2,3]}"));
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	for (i = 0; i < 3; i++) {
		buf_reset(&out);
		assert_int_equal(tmpl_render(s, "page", ctx, &out), TMPL_OK);
		assert_string_equal(buf_str(&out),
		    "<ul><li>1</li><li>2</li><li>3</li></ul>");
	}
	assert_int_equal(c.calls, 3);	/* page, item, missing: once each */
	assert_int_equal(tmpl_render(s, "nope", ctx, &out), TMPL_ENOTFOUND);
	assert_int_equal(tmpl_render(s, "nope", ctx, &out), TMPL_ENOTFOUND);
	assert_int_equal(c.calls, 4);
	buf_clear(&out);
	tmpl_set_free(s);
	json_object_put(ctx);
}

static void
add_replaces_a_template(void **state)
{
	tmpl_set	*s;
	buf		 out;

	(void)state;
	assert_non_null(s = tmpl_set_new(NULL, NULL));
	buf_init(&out);
	assert_int_equal(render_str(s, "one", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "one");
	assert_int_equal(render_str(s, "two", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "two");
	assert_int_equal(render_str(s, "", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "");
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
runaway_recursion_returns_edepth(void **state)
{
	struct counting	 c = { { "self" }, { "x{{>self}}" }, 0 };
	tmpl_set	*s;
	buf		 out;

	(void)state;
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	assert_int_equal(tmpl_render(s, "self", NULL, &out), TMPL_EDEPTH);
	assert_int_equal(out.len, 0);
	/* A block that expands to itself. */
	assert_int_equal(render_str(s,
	    "{{<self}}{{$a}}{{$a}}{{/a}}{{/a}}{{/self}}", NULL, &out),
	    TMPL_EDEPTH);
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
deep_but_bounded_recursion_renders(void **state)
{
	struct counting	 c = { { "node" },
	    { "({{#kid}}{{>node}}{{/kid}})" }, 0 };
	struct json_object	*ctx, *cur, *kid;
	tmpl_set		*s;
	buf			 out, want;
	int			 i, depth = 40;

	(void)state;
	assert_non_null(ctx = cur = json_object_new_object());
	for (i = 0; i < depth; i++) {
		assert_non_null(kid = json_object_new_object());
		json_object_object_add(cur, "kid", kid);
		cur = kid;
	}
	/* Without it the innermost lookup would find its parent's "kid". */
	json_object_object_add(cur, "kid", json_object_new_boolean(0));
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	buf_init(&want);
	for (i = 0; i <= depth; i++)
		assert_int_equal(buf_putc(&want, '('), 0);
	for (i = 0; i <= depth; i++)
		assert_int_equal(buf_putc(&want, ')'), 0);
	assert_int_equal(tmpl_render(s, "node", ctx, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), buf_str(&want));
	/* Sixty levels of section + partial is beyond the cap. */
	for (i = depth; i < depth + 60; i++) {
		assert_non_null(kid = json_object_new_object());
		json_object_object_add(cur, "kid", kid);
		cur = kid;
	}
	json_object_object_add(cur, "kid", json_object_new_boolean(0));
	buf_reset(&out);
	assert_int_equal(tmpl_render(s, "node", ctx, &out), TMPL_EDEPTH);
	buf_clear(&out);
	buf_clear(&want);
	tmpl_set_free(s);
	json_object_put(ctx);
}

static void
null_arguments(void **state)
{
	tmpl_set	*s;
	buf		 out;

	(void)state;
	tmpl_set_free(NULL);
	buf_init(&out);
	assert_int_equal(tmpl_render(NULL, "x", NULL, &out), TMPL_EINVAL);
	assert_non_null(s = tmpl_set_new(NULL, NULL));
	assert_int_equal(tmpl_render(s, NULL, NULL, &out), TMPL_EINVAL);
	assert_int_equal(tmpl_render(s, "x", NULL, NULL), TMPL_EINVAL);
	assert_int_equal(tmpl_set_add(s, NULL, "", 0), TMPL_EINVAL);
	assert_int_equal(tmpl_set_add(s, "x", NULL, 3), TMPL_EINVAL);
	assert_int_equal(tmpl_set_add(s, "x", NULL, 0), TMPL_OK);
	assert_int_equal(tmpl_render(s, "x", NULL, &out), TMPL_OK);
	assert_int_equal(tmpl_render(s, "y", NULL, &out), TMPL_ENOTFOUND);
	assert_null(tmpl_set_new_dir(NULL));
	assert_string_equal(tmpl_set_errmsg(NULL), "");
	tmpl_set_free(s);
	buf_clear(&out);
}

/* A list of n numbers as JSON text, {"l":[0,1,…]}. */
static void
list_json(buf *b, int n)
{
	int i;

	buf_reset(b);
	buf_puts(b, "{\"l\":[");
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%d", i ? "," : "", i);
	buf_puts(b, "]}");
}

/* Found by fuzz_tmpl's seeds grown by hand: depth does not bound a
 * render's work. A partial that includes itself twice per level of
 * 30-deep data would take 2^30 includes; it stops at TMPL_MAX_STEPS. */
static void
self_doubling_partial_stops_at_the_step_limit(void **state)
{
	struct counting	 c = { { "a" }, { "{{#t}}{{>a}}{{>a}}{{/t}}" }, 0 };
	struct json_object	*ctx, *cur, *kid;
	tmpl_set		*s;
	buf			 out;
	int			 i;

	(void)state;
	assert_non_null(ctx = cur = json_object_new_object());
	for (i = 0; i < 30; i++) {
		assert_non_null(kid = json_object_new_object());
		json_object_object_add(cur, "t", kid);
		cur = kid;
	}
	json_object_object_add(cur, "t", json_object_new_boolean(0));
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	buf_puts(&out, "kept");
	assert_int_equal(tmpl_render(s, "a", ctx, &out), TMPL_ELIMIT);
	assert_string_equal(buf_str(&out), "kept");
	/* With 10 levels it is 2^10 includes: well within. */
	json_object_put(ctx);
	assert_non_null(ctx = cur = json_object_new_object());
	for (i = 0; i < 10; i++) {
		assert_non_null(kid = json_object_new_object());
		json_object_object_add(cur, "t", kid);
		cur = kid;
	}
	json_object_object_add(cur, "t", json_object_new_boolean(0));
	assert_int_equal(tmpl_render(s, "a", ctx, &out), TMPL_OK);
	json_object_put(ctx);
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
nested_loops_stop_at_the_output_limit(void **state)
{
	struct json_object	*ctx;
	tmpl_set		*s;
	buf			 out, data;

	(void)state;
	assert_non_null(s = tmpl_set_new(NULL, NULL));
	buf_init(&out);
	buf_init(&data);
	list_json(&data, 100);
	/* 100 × 100 × "xx" is 20000 bytes. */
	tmpl_set_limits(s, 20000, 0);
	assert_int_equal(render_str(s, "{{#l}}{{#l}}xx{{/l}}{{/l}}",
	    buf_str(&data), &out), TMPL_OK);
	assert_int_equal(out.len, 20000);
	tmpl_set_limits(s, 19999, 0);
	assert_int_equal(render_str(s, "{{#l}}{{#l}}xx{{/l}}{{/l}}",
	    buf_str(&data), &out), TMPL_ELIMIT);
	assert_int_equal(out.len, 0);
	/* The limit counts only what this render writes, not what out held
	 * before: after "kept" the 20000 bytes still fit a limit of 20000,
	 * and a limit of 19999 fails with out back to "kept". */
	assert_non_null(ctx = json_tokener_parse(buf_str(&data)));
	buf_reset(&out);
	buf_puts(&out, "kept");
	tmpl_set_limits(s, 20000, 0);
	assert_int_equal(tmpl_render(s, "t", ctx, &out), TMPL_OK);
	assert_int_equal(out.len, 4 + 20000);
	assert_memory_equal(out.p, "keptxx", 6);
	buf_reset(&out);
	buf_puts(&out, "kept");
	tmpl_set_limits(s, 19999, 0);
	assert_int_equal(tmpl_render(s, "t", ctx, &out), TMPL_ELIMIT);
	assert_string_equal(buf_str(&out), "kept");
	json_object_put(ctx);
	/* Indentation counts too: "  a\n  b\n" is 8 bytes. */
	assert_int_equal(tmpl_set_add(s, "p", "a\nb\n", 4), TMPL_OK);
	tmpl_set_limits(s, 7, 0);
	assert_int_equal(render_str(s, "  {{>p}}\n", NULL, &out),
	    TMPL_ELIMIT);
	tmpl_set_limits(s, 8, 0);
	assert_int_equal(render_str(s, "  {{>p}}\n", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "  a\n  b\n");
	buf_clear(&data);
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
step_limit_counts_empty_section_passes(void **state)
{
	tmpl_set	*s;
	buf		 out, data;

	(void)state;
	assert_non_null(s = tmpl_set_new(NULL, NULL));
	buf_init(&out);
	buf_init(&data);
	list_json(&data, 1000);
	/* No output at all, yet 10^6 passes: the steps still count. */
	tmpl_set_limits(s, 0, 100000);
	assert_int_equal(render_str(s, "{{#l}}{{#l}}{{/l}}{{/l}}",
	    buf_str(&data), &out), TMPL_ELIMIT);
	tmpl_set_limits(s, 0, 0);	/* back to the defaults */
	assert_int_equal(render_str(s, "{{#l}}{{#l}}{{/l}}{{/l}}",
	    buf_str(&data), &out), TMPL_OK);
	assert_int_equal(render_str(s, "{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}",
	    buf_str(&data), &out), TMPL_ELIMIT);
	tmpl_set_limits(NULL, 1, 1);	/* a no-op */
	buf_clear(&data);
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
strerror_has_messages(void **state)
{
	int	 codes[] = { TMPL_OK, TMPL_ENOTFOUND, TMPL_ESYNTAX,
	    TMPL_ENOMEM, TMPL_EDEPTH, TMPL_EINVAL, TMPL_ELIMIT, -99 };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_non_null(tmpl_strerror(codes[i]));
		assert_true(strlen(tmpl_strerror(codes[i])) > 0);
	}
}

static void
blank_lines_of_an_indented_partial_stay_empty(void **state)
{
	struct counting	 c = { { "p" }, { "a\n\nb\n" }, 0 };
	tmpl_set	*s;
	buf		 out;

	(void)state;
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	assert_int_equal(render_str(s, "<div>\n  {{>p}}\n</div>\n", NULL,
	    &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "<div>\n  a\n\n  b\n</div>\n");
	buf_clear(&out);
	tmpl_set_free(s);
}

static void
blocks_in_partials_of_a_parent_take_the_outermost_argument(void **state)
{
	struct counting	 c = {
		{ "layout", "head", "mid" },
		{ "{{>head}}|{{$body}}b{{/body}}",
		  "<title>{{$title}}default{{/title}}</title>",
		  "{{<layout}}{{$title}}mid{{/title}}{{/layout}}" },
		0
	};
	tmpl_set	*s;
	buf		 out;

	(void)state;
	assert_non_null(s = tmpl_set_new(load_counting, &c));
	buf_init(&out);
	assert_int_equal(render_str(s,
	    "{{<layout}}{{$title}}page{{/title}}{{/layout}}", NULL, &out),
	    TMPL_OK);
	assert_string_equal(buf_str(&out), "<title>page</title>|b");
	assert_int_equal(render_str(s,
	    "{{<mid}}{{$title}}top{{/title}}{{/mid}}", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "<title>top</title>|b");
	assert_int_equal(render_str(s, "{{<mid}}{{/mid}}", NULL, &out),
	    TMPL_OK);
	assert_string_equal(buf_str(&out), "<title>mid</title>|b");
	buf_clear(&out);
	tmpl_set_free(s);
}

/* --- the directory loader ------------------------------------------------ */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
remove_file(const char *dir, const char *name)
{
	char	 path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void
dir_loader_renders_a_layout_with_blocks(void **state)
{
	char			 dir[] = "/tmp/test_tmpl.XXXXXX";
	struct json_object	*ctx;
	tmpl_set		*s;
	buf			 out;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "layout.html",
	    "<html>\n"
	    "<head><title>{{$title}}Pintuan{{/title}}</title></head>\n"
	    "<body>\n"
	    "  {{>nav}}\n"
	    "  <main>\n"
	    "    {{$body}}\n"
	    "    <p>nothing here</p>\n"
	    "    {{/body}}\n"
	    "  </main>\n"
	    "</body>\n"
	    "</html>\n");
	write_file(dir, "nav.html", "<nav>{{user}}</nav>\n");
	write_file(dir, "page.html",
	    "{{<layout}}\n"
	    "{{$title}}Deals &middot; {{site}}{{/title}}\n"
	    "{{$body}}\n"
	    "<ul>\n"
	    "{{#deals}}\n"
	    "  <li>{{name}}</li>\n"
	    "{{/deals}}\n"
	    "</ul>\n"
	    "{{/body}}\n"
	    "{{/layout}}\n");
	assert_non_null(ctx = json_tokener_parse(
	    "{\"site\":\"Pintuan\",\"user\":\"<b>amy</b>\","
	    "\"deals\":[{\"name\":\"tea\"},{\"name\":\"rice\"}]}"));
	assert_non_null(s = tmpl_set_new_dir(dir));
	buf_init(&out);
	assert_int_equal(tmpl_render(s, "page", ctx, &out), TMPL_OK);
	assert_string_equal(buf_str(&out),
	    "<html>\n"
	    "<head><title>Deals &middot; Pintuan</title></head>\n"
	    "<body>\n"
	    "  <nav>&lt;b&gt;amy&lt;/b&gt;</nav>\n"
	    "  <main>\n"
	    "    <ul>\n"
	    "      <li>tea</li>\n"
	    "      <li>rice</li>\n"
	    "    </ul>\n"
	    "  </main>\n"
	    "</body>\n"
	    "</html>\n");
	/* The layout alone renders its defaults. */
	buf_reset(&out);
	assert_int_equal(tmpl_render(s, "layout", ctx, &out), TMPL_OK);
	assert_non_null(strstr(buf_str(&out),
	    "<title>Pintuan</title>"));
	assert_non_null(strstr(buf_str(&out),
	    "\n    <p>nothing here</p>\n"));
	/* Names that would leave the directory are refused. */
	assert_int_equal(tmpl_render(s, "../etc/passwd", ctx, &out),
	    TMPL_ENOTFOUND);
	assert_int_equal(tmpl_render(s, "/etc/passwd", ctx, &out),
	    TMPL_ENOTFOUND);
	assert_int_equal(tmpl_render(s, "nope", ctx, &out), TMPL_ENOTFOUND);
	buf_clear(&out);
	tmpl_set_free(s);
	json_object_put(ctx);
	remove_file(dir, "layout.html");
	remove_file(dir, "nav.html");
	remove_file(dir, "page.html");
	assert_int_equal(rmdir(dir), 0);
}

/* "list.0" indexes an array, so a page can test "has at least one". */
static void
digit_segments_index_arrays(void **state)
{
	(void)state;
	assert_renders("{{#list.0}}some{{/list.0}}{{^list.0}}none{{/list.0}}",
	    "{\"list\":[1,2]}", "some");
	assert_renders("{{#list.0}}some{{/list.0}}{{^list.0}}none{{/list.0}}",
	    "{\"list\":[]}", "none");
	assert_renders("{{list.1.name}}|{{list.2.name}}|{{obj.0}}",
	    "{\"list\":[{\"name\":\"a\"},{\"name\":\"b<\"}],"
	    "\"obj\":{\"0\":\"zero\"}}", "b&lt;||zero");
}

#define T(f)	cmocka_unit_test(f)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(spec_suite_passes),
		T(escapes_all_five_characters),
		T(scalars_interpolate_as_json_c_prints_them),
		T(empty_string_is_falsy_and_zero_truthy),
		T(syntax_errors_return_esyntax),
		T(syntax_error_message_names_template_and_line),
		T(broken_partial_fails_the_render),
		T(templates_are_loaded_and_parsed_once),
		T(add_replaces_a_template),
		T(runaway_recursion_returns_edepth),
		T(deep_but_bounded_recursion_renders),
		T(null_arguments),
		T(self_doubling_partial_stops_at_the_step_limit),
		T(nested_loops_stop_at_the_output_limit),
		T(step_limit_counts_empty_section_passes),
		T(strerror_has_messages),
		T(blank_lines_of_an_indented_partial_stay_empty),
		T(blocks_in_partials_of_a_parent_take_the_outermost_argument),
		T(dir_loader_renders_a_layout_with_blocks),
		T(digit_segments_index_arrays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
