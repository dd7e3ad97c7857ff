/* fuzz_gb_activity: libFuzzer harness for an activity's configuration
 * (cgi-bin/rules/gb_activity.c). The input is JSON text, parsed by json-c
 * (not JSON, or not an object: the parser must say so).
 *
 * Checked: gb_activity_parse returns the number of errors (0..
 * GB_MAX_ERRORS), each with a field and a message of strict UTF-8, and the
 * same count without out or err; an accepted activity keeps the documented
 * bounds, and its canonical JSON (gb_activity_json), printed and parsed
 * again, is accepted and gives the same activity and the same JSON (the
 * round trip an admin's saved configuration takes); gb_activity_describe
 * gives one sentence per reward line, all strict UTF-8, with and without
 * currency names. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "amount.h"
#include "gb.h"
#include "fuzz.h"

static const char *const currencies[] = { "CHANGE", "CARD", "POINTS", "RED",
	"GREEN", "DIVPTS", "GOLD", "MALLPTS", "VOUCHER", "GREENPTS", "LOVE",
	NULL };

static int
clean_in(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	return n < size && ref_utf8((const unsigned char *)s, n);
}

static const char *
cur_name(const char *code, void *ud)
{
	(void)ud;
	if (strcmp(code, "CHANGE") == 0)
		return "零钱";
	if (strcmp(code, "RED") == 0)
		return "红券";
	if (strcmp(code, "GOLD") == 0)
		return "";	/* "" or NULL: the code is shown */
	return NULL;
}

static void
check_sentences(struct json_object *arr)
{
	size_t i;

	CHECK(json_object_is_type(arr, json_type_array));
	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *s = json_object_array_get_idx(arr, i);

		CHECK(json_object_is_type(s, json_type_string));
		CHECK(json_object_get_string_len(s) > 0);
		CHECK(ref_utf8((const unsigned char *)json_object_get_string(s),
		    (size_t)json_object_get_string_len(s)));
	}
}

static void
check_describe(const struct gb_activity *a, int named)
{
	struct json_object *d, *rules, *rewards;

	d = gb_activity_describe(a, named ? cur_name : NULL, NULL);
	CHECK(d != NULL);
	CHECK(json_object_object_get_ex(d, "rules", &rules));
	CHECK(json_object_object_get_ex(d, "rewards", &rewards));
	check_sentences(rules);
	check_sentences(rewards);
	CHECK(json_object_array_length(rules) >= 3);
	CHECK(json_object_array_length(rewards) == a->nlines);
	json_object_put(d);
}

static void
check_bounds(const struct gb_activity *a)
{
	size_t i, k;

	CHECK(a->name[0] != '\0' && clean_in(a->name, sizeof(a->name)));
	CHECK(a->mode == GB_LEADER || a->mode == GB_PUBLIC);
	CHECK(a->price >= 1 && a->price <= INT64_C(100000000));
	CHECK(a->seats >= 2 && a->seats <= GB_MAX_SEATS);
	CHECK(a->winners >= 1 && a->winners < a->seats);
	CHECK(a->time_limit_min >= 1 && a->time_limit_min <= 10080);
	CHECK(a->daily_join_limit >= 0 && a->daily_join_limit <= 1000);
	CHECK(a->nproducts <= GB_MAX_PRODUCTS && a->nlines <= GB_MAX_LINES);
	for (i = 0; i < a->nproducts; i++) {
		CHECK(a->products[i] > 0);
		for (k = 0; k < i; k++)
			CHECK(a->products[k] != a->products[i]);
	}
	CHECK(a->rules.nrelax <= GB_NRULES - 2);
	CHECK(a->rules.window_joins >= 0 && a->rules.window_joins <= 64);
	if (a->rules.window_joins > 0)
		CHECK(a->rules.window_max_wins >= 1 &&
		    a->rules.window_max_wins < a->rules.window_joins);
	CHECK((a->rules.streak_wins > 0) == (a->rules.streak_skip > 0));
	CHECK((a->rules.cum_wins > 0) == (a->rules.cum_skip > 0));
	for (i = 0; i < a->rules.nrelax; i++)
		CHECK(a->rules.relax_order[i] > GB_R_PLATFORM &&
		    a->rules.relax_order[i] < GB_NRULES);
	for (i = 0; i < a->nlines; i++) {
		const struct gb_line *l = &a->lines[i];

		CHECK((l->amount > 0) != (l->bp > 0));
		CHECK(l->amount <= INT64_C(100000000) && l->bp <= 100000);
		CHECK(clean_in(l->currency, sizeof(l->currency)));
		CHECK(clean_in(l->from, sizeof(l->from)));
		if (l->act != GB_DO_SHARE)
			CHECK(l->currency[0] != '\0');
		if (l->act == GB_DO_POOL)
			CHECK(strcmp(l->pool, "daily") == 0 ||
			    strcmp(l->pool, "monthly") == 0);
	}
}

/* The canonical JSON, printed, parsed again and accepted, gives the same
 * activity and prints the same. */
static void
check_round_trip(const struct gb_activity *a)
{
	struct json_object *j1, *j2, *j3;
	struct gb_activity *b;
	struct gb_errors err;
	const char *t1, *t3;

	CHECK((j1 = gb_activity_json(a)) != NULL);
	t1 = json_object_to_json_string_ext(j1, JSON_C_TO_STRING_PLAIN);
	CHECK(t1 != NULL);
	j2 = json_tokener_parse(t1);
	CHECK(j2 != NULL);
	CHECK((b = malloc(sizeof(*b))) != NULL);
	if (gb_activity_parse(j2, currencies, b, &err) != 0) {
		fprintf(stderr, "canonical JSON refused: %s\n  %s: %s\n", t1,
		    err.e[0].field, err.e[0].message);
		CHECK(!"canonical JSON accepted");
	}
	CHECK(memcmp(a, b, sizeof(*b)) == 0);
	CHECK((j3 = gb_activity_json(b)) != NULL);
	t3 = json_object_to_json_string_ext(j3, JSON_C_TO_STRING_PLAIN);
	CHECK(strcmp(t1, t3) == 0);
	json_object_put(j1);
	json_object_put(j2);
	json_object_put(j3);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gb_activity *a;
	struct gb_errors err;
	struct json_object *j;
	json_tokener *tok;
	size_t i;
	int n;

	if (size > 65536)
		return 0;
	CHECK((tok = json_tokener_new()) != NULL);
	j = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(j);
		j = NULL;
	}
	json_tokener_free(tok);

	CHECK((a = malloc(sizeof(*a))) != NULL);
	n = gb_activity_parse(j, currencies, a, &err);
	CHECK(n >= 0 && n <= GB_MAX_ERRORS && (size_t)n == err.n);
	CHECK(gb_activity_parse(j, currencies, NULL, NULL) == n);
	if (j == NULL || !json_object_is_type(j, json_type_object))
		CHECK(n == 1);
	for (i = 0; i < err.n; i++) {
		CHECK(clean_in(err.e[i].field, sizeof(err.e[i].field)));
		CHECK(clean_in(err.e[i].message, sizeof(err.e[i].message)));
		CHECK(err.e[i].message[0] != '\0');
	}
	if (n == 0) {
		check_bounds(a);
		check_round_trip(a);
		check_describe(a, 1);
		check_describe(a, 0);
	}
	free(a);
	json_object_put(j);
	return 0;
}
