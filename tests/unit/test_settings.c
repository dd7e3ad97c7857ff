/* Unit tests for the settings registry (lib/settings_table.c): the table
 * is well formed, every default is valid for its own type and bounds,
 * validation names the field, and no SQL migration writes a default a
 * second time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "settings.h"

static void
keys_are_unique_and_described(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(settings_table_n > 40);
	for (i = 0; i < settings_table_n; i++) {
		const struct setting_def *d = &settings_table[i];

		assert_non_null(d->group);
		assert_true(*d->label != '\0');
		assert_true(d->help != NULL && *d->help != '\0');
		if (d->type == SET_ENUM)
			assert_non_null(d->choices);
		for (j = i + 1; j < settings_table_n; j++)
			if (strcmp(d->key, settings_table[j].key) == 0)
				fail_msg("key %s twice", d->key);
		assert_ptr_equal(setting_find(d->key), d);
	}
	assert_null(setting_find("no.such.key"));
}

static void
every_default_parses_as_its_type_within_bounds(void **state)
{
	struct json_object	*v, *back;
	char			 msg[200], buf[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < settings_table_n; i++) {
		const struct setting_def *d = &settings_table[i];

		v = json_tokener_parse(d->def);
		if (v == NULL)
			fail_msg("%s: default %s is not JSON", d->key, d->def);
		if (setting_check(d, v, msg, sizeof(msg)) != 0)
			fail_msg("%s: default %s refused: %s", d->key, d->def,
			    msg);
		/* what the page shows parses back to the same value */
		back = setting_parse(d, setting_format(d, v, buf, sizeof(buf)),
		    msg, sizeof(msg));
		if (back == NULL || !json_object_equal(v, back))
			fail_msg("%s: default does not round-trip", d->key);
		json_object_put(back);
		json_object_put(v);
	}
}

static void
every_group_has_settings_and_the_named_groups_exist(void **state)
{
	static const char *const want[] = { "会员", "钱包与提现", "商城",
	    "拼团", "购物金与分红", "短信与登录", "上传", "币种名称", NULL };
	size_t i, k, n;

	(void)state;
	for (k = 0; want[k] != NULL; k++) {
		for (i = n = 0; i < settings_table_n; i++)
			n += strcmp(settings_table[i].group, want[k]) == 0;
		if (n == 0)
			fail_msg("group %s is empty", want[k]);
	}
}

/* Whether setting_parse refuses text for key with a message that names
 * the field by its label. */
static void
refused(const char *key, const char *text)
{
	const struct setting_def	*d = setting_find(key);
	struct json_object		*v;
	char				 msg[200] = "";

	assert_non_null(d);
	v = setting_parse(d, text, msg, sizeof(msg));
	if (v != NULL)
		fail_msg("%s = %s accepted", key, text);
	if (strstr(msg, d->label) == NULL)
		fail_msg("%s: message \"%s\" does not name %s", key, msg,
		    d->label);
}

static void
values_out_of_type_or_bounds_are_refused_naming_the_field(void **state)
{
	(void)state;
	refused("withdraw.fee_bp", "5001");
	refused("withdraw.fee_bp", "-1");
	refused("withdraw.fee_bp", "5%");
	refused("withdraw.fee_bp", "");
	refused("withdraw.min", "1.001");
	refused("withdraw.min", "0.00");
	refused("withdraw.min", "abc");
	refused("convert.POINTS.CHANGE", "0:1");
	refused("convert.POINTS.CHANGE", "10");
	refused("recharge.sandbox", "maybe");
	refused("sms.provider", "aliyun");
	refused("currency.CHANGE.name", "");
	refused("currency.CHANGE.name", "一二三四五六七八九");
	refused("gb.zones", "[299, 99]");
	refused("gb.zones", "[]");
	refused("gb.zones", "{\"a\": 1}");
	refused("gb.blindbox", "not json");
}

static void
values_in_bounds_parse_to_their_stored_form(void **state)
{
	struct json_object	*v;
	char			 msg[200];

	(void)state;
	v = setting_parse(setting_find("withdraw.fee_bp"), "800", msg,
	    sizeof(msg));
	assert_int_equal(json_object_get_int64(v), 800);
	json_object_put(v);
	v = setting_parse(setting_find("withdraw.min"), "2.5", msg,
	    sizeof(msg));
	assert_string_equal(json_object_get_string(v), "2.50");
	json_object_put(v);
	v = setting_parse(setting_find("recharge.sandbox"), "0", msg,
	    sizeof(msg));
	assert_true(json_object_is_type(v, json_type_boolean));
	assert_false(json_object_get_boolean(v));
	json_object_put(v);
	v = setting_parse(setting_find("currency.CHANGE.name"), "钱包币", msg,
	    sizeof(msg));
	assert_string_equal(json_object_get_string(v), "钱包币");
	json_object_put(v);
}

static void
accessors_read_the_registry_default_without_a_row(void **state)
{
	(void)state;
	/* no settings_refresh: no stored rows, every key reads its default */
	assert_int_equal(setting_int("withdraw.fee_bp"), 500);
	assert_int_equal(setting_amount("withdraw.min"), 100);
	assert_int_equal(setting_amount("recharge.max"), 5000000);
	assert_true(setting_bool("recharge.sandbox"));
	assert_string_equal(setting_str("mall.POINTS.rate"), "10:1");
	assert_int_equal(json_object_array_length(setting_json("gb.zones")),
	    13);
	assert_string_equal(currency_display_name("CHANGE"), "零钱");
	assert_string_equal(currency_display_name("NOPE"), "NOPE");
	assert_false(setting_is_set("withdraw.fee_bp"));
}

/* The text of path, NUL-terminated (malloc'd), or NULL. */
static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*p;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((p = malloc((size_t)n + 1)) != NULL &&
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (p != NULL)
		p[n] = '\0';
	fclose(f);
	return p;
}

/* "No setting default is written twice": no migration inserts into the
 * settings table (the registry is the only place for a default). */
static void
no_sql_file_seeds_a_setting(void **state)
{
	const char	*dir = getenv("SQL_DIR") ? getenv("SQL_DIR") : "sql";
	DIR		*d = opendir(dir);
	struct dirent	*e;
	char		 path[512], *text, *p;
	int		 files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_non_null(text = slurp(path));
		files++;
		for (p = text; (p = strcasestr(p, "INTO settings")) != NULL;
		    p++) {
			/* "INTO settings_meta" is the version counter */
			if (p[13] != '_')
				fail_msg("%s writes into settings: %.60s", path,
				    p);
		}
		free(text);
	}
	closedir(d);
	assert_true(files > 10);
}

/* The text of the SQL file name under SQL_DIR (malloc'd); fails when
 * missing. */
static char *
sql_file(const char *name)
{
	const char	*dir = getenv("SQL_DIR") ? getenv("SQL_DIR") : "sql";
	char		 path[512], *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((text = slurp(path)) == NULL)
		fail_msg("cannot read %s", path);
	return text;
}

/* The walk of the registry against the SQL seed of currencies (002):
 * every seeded currency has a name setting whose default is the seeded
 * name (currencies.name mirrors the setting, so a fresh database passes
 * `ctl verify`) and a cash value for the simulator; every currency the
 * registry names is seeded. */
static void
currency_settings_match_the_currencies_seed(void **state)
{
	const struct setting_def	*d;
	char				*text, *p, *end, code[32], name[64],
					 key[96], want[80];
	size_t				 i, k, seeded = 0, named = 0;

	(void)state;
	text = sql_file("002_ledger.sql");
	assert_non_null(p = strstr(text, "INSERT INTO currencies"));
	assert_non_null(p = strstr(p, "VALUES"));
	assert_non_null(end = strchr(p, ';'));
	/* rows ('CODE', 'name', …) up to the statement's ';' */
	while ((p = strchr(p, '(')) != NULL && p < end) {
		if (sscanf(p, "('%31[^']', '%63[^']'", code, name) != 2)
			fail_msg("a currencies row does not parse: %.40s", p);
		seeded++;
		snprintf(key, sizeof(key), "currency.%s.name", code);
		if ((d = setting_find(key)) == NULL)
			fail_msg("currency %s has no setting %s", code, key);
		snprintf(want, sizeof(want), "\"%s\"", name);
		if (strcmp(d->def, want) != 0)
			fail_msg("%s: default %s, the seed names it %s", key,
			    d->def, want);
		snprintf(key, sizeof(key), "currency.%s.cash_value_bp", code);
		if (setting_find(key) == NULL)
			fail_msg("currency %s has no setting %s", code, key);
		p++;
	}
	for (i = 0; i < settings_table_n; i++) {
		k = strlen(settings_table[i].key);
		if (strncmp(settings_table[i].key, "currency.", 9) == 0 &&
		    k > 5 && strcmp(settings_table[i].key + k - 5, ".name") == 0)
			named++;
	}
	assert_true(seeded > 10);
	assert_int_equal(named, seeded);
	free(text);
}

/* The walk of the registry against the seeds that 019 removed: every key
 * the migrations once seeded is registered (its default now lives in the
 * table), except the one 019 deletes outright. */
static void
every_once_seeded_key_is_registered(void **state)
{
	char	*text, *p, key[96];
	size_t	 n = 0;

	(void)state;
	text = sql_file("019_settings_registry.sql");
	assert_non_null(p = strstr(text, "INSERT INTO old_seeds"));
	while ((p = strstr(p, "\n  ('")) != NULL) {
		if (sscanf(p, "\n  ('%95[^']'", key) != 1)
			fail_msg("an old_seeds row does not parse: %.40s", p);
		if (setting_find(key) == NULL && strcmp(key,
		    "member.password_min") != 0)
			fail_msg("%s was seeded but is not in the registry", key);
		n++;
		p++;
	}
	assert_true(n > 40);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_are_unique_and_described),
		cmocka_unit_test(every_default_parses_as_its_type_within_bounds),
		cmocka_unit_test(every_group_has_settings_and_the_named_groups_exist),
		cmocka_unit_test(values_out_of_type_or_bounds_are_refused_naming_the_field),
		cmocka_unit_test(values_in_bounds_parse_to_their_stored_form),
		cmocka_unit_test(accessors_read_the_registry_default_without_a_row),
		cmocka_unit_test(no_sql_file_seeds_a_setting),
		cmocka_unit_test(currency_settings_match_the_currencies_seed),
		cmocka_unit_test(every_once_seeded_key_is_registered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
