/* settings: the registry's values, cached per process (see settings.h). */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "amount.h"
#include "db.h"
#include "mallprice.h"
#include "settings.h"

static const char SQL_VERSION[] = "SELECT version FROM settings_meta WHERE id = 1";
static const char SQL_ALL[] = "SELECT k, v FROM settings";
static const char SQL_GET[] = "SELECT v FROM settings WHERE k = ? FOR UPDATE";
static const char SQL_SET[] =
    "INSERT INTO settings (k, v, updated_at) VALUES (?, ?, NOW()) "
    "ON DUPLICATE KEY UPDATE v = VALUES(v), updated_at = NOW()";
static const char SQL_BUMP[] =
    "UPDATE settings_meta SET version = version + 1 WHERE id = 1";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (admin_id, action, target_type, target_id, "
    "detail, ip, created_at) VALUES (?, 'settings.set', 'setting', NULL, "
    "JSON_OBJECT('key', ?, 'old', ?, 'new', ?), ?, NOW())";
static const char SQL_CUR_RENAME[] =
    "UPDATE currencies SET name = ? WHERE code = ?";
static const char SQL_CUR_NAMES[] = "SELECT code, name FROM currencies";

static struct json_object	*cache;		/* the stored rows */
static struct json_object	*defaults;	/* parsed registry defaults */
static long long		 cached_version = -1;
static time_t			 checked_at;

const struct setting_def *
setting_find(const char *key)
{
	size_t i;

	for (i = 0; key != NULL && i < settings_table_n; i++)
		if (strcmp(settings_table[i].key, key) == 0)
			return &settings_table[i];
	return NULL;
}

const char *
setting_type_name(enum setting_type t)
{
	static const char *const n[] = { "整数", "金额", "基点", "比例",
	    "开关", "选项", "文字", "列表" };

	return (size_t)t < sizeof(n) / sizeof(n[0]) ? n[t] : "?";
}

const char *
setting_type_code(enum setting_type t)
{
	static const char *const n[] = { "int", "amount", "bp", "ratio",
	    "bool", "enum", "text", "json" };

	return (size_t)t < sizeof(n) / sizeof(n[0]) ? n[t] : "?";
}

/* Counts the UTF-8 characters of s. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
setting_check(const struct setting_def *d, struct json_object *v, char *msg,
    size_t msgsz)
{
	const char	*s;
	int64_t		 n, x, y;
	size_t		 i;
	char		 lo[32], hi[32];

	switch (d->type) {
	case SET_INT:
	case SET_BP:
		if (!json_object_is_type(v, json_type_int))
			goto type;
		n = json_object_get_int64(v);
		if (n < d->min || n > d->max)
			goto range;
		return 0;
	case SET_AMOUNT:
		if (!json_object_is_type(v, json_type_string) ||
		    amount_parse(json_object_get_string(v), 2, &n) != 0)
			goto type;
		if (n < d->min || n > d->max) {
			snprintf(msg, msgsz, "%s须在 %s 到 %s 元之间", d->label,
			    amount_format(d->min, 2, lo),
			    amount_format(d->max, 2, hi));
			return -1;
		}
		return 0;
	case SET_RATIO:
		if (!json_object_is_type(v, json_type_string) ||
		    mall_rate_parse(json_object_get_string(v), &x, &y) != 0)
			goto type;
		if (x > d->max || y > d->max) {
			snprintf(msg, msgsz, "%s的两个数都不能超过 %lld", d->label,
			    d->max);
			return -1;
		}
		return 0;
	case SET_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			goto type;
		return 0;
	case SET_ENUM:
		if (!json_object_is_type(v, json_type_string))
			goto type;
		s = json_object_get_string(v);
		for (i = 0; d->choices[i] != NULL; i++)
			if (strcmp(d->choices[i], s) == 0)
				return 0;
		snprintf(msg, msgsz, "%s不是可选的值", d->label);
		return -1;
	case SET_TEXT:
		if (!json_object_is_type(v, json_type_string))
			goto type;
		i = utf8_len(json_object_get_string(v));
		if ((long long)i < d->min || (long long)i > d->max) {
			snprintf(msg, msgsz, "%s须为 %lld 到 %lld 个字", d->label,
			    d->min, d->max);
			return -1;
		}
		return 0;
	case SET_JSON:
		if (!json_object_is_type(v, json_type_array))
			goto type;
		/* a list of numbers has bounds: ascending, within them */
		for (i = 0; d->max > 0 && i < json_object_array_length(v);
		    i++) {
			struct json_object *e = json_object_array_get_idx(v, i);

			n = json_object_get_int64(e);
			if (!json_object_is_type(e, json_type_int) ||
			    n < d->min || n > d->max || (i > 0 && n <=
			    json_object_get_int64(json_object_array_get_idx(v,
			    i - 1)))) {
				snprintf(msg, msgsz, "%s须为升序的整数列表，每项在 "
				    "%lld 到 %lld 之间", d->label, d->min, d->max);
				return -1;
			}
		}
		if (d->max > 0 && json_object_array_length(v) == 0) {
			snprintf(msg, msgsz, "%s不能为空", d->label);
			return -1;
		}
		return 0;
	}
type:
	switch (d->type) {
	case SET_AMOUNT:
		snprintf(msg, msgsz, "%s须为金额，如 12.34", d->label);
		break;
	case SET_RATIO:
		snprintf(msg, msgsz, "%s须为“a:b”形式的两个正整数，如 10:1",
		    d->label);
		break;
	case SET_BOOL:
		snprintf(msg, msgsz, "%s须为开或关", d->label);
		break;
	case SET_JSON:
		snprintf(msg, msgsz, "%s须为 JSON 列表", d->label);
		break;
	case SET_INT:
	case SET_BP:
		snprintf(msg, msgsz, "%s须为整数", d->label);
		break;
	default:
		snprintf(msg, msgsz, "%s格式不正确", d->label);
	}
	return -1;
range:
	snprintf(msg, msgsz, "%s须在 %lld 到 %lld%s之间", d->label, d->min,
	    d->max, d->unit != NULL ? d->unit : "");
	return -1;
}

/* A whole number with nothing after it, or -1. */
static int
parse_ll(const char *s, long long *out)
{
	char *end;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

struct json_object *
setting_parse(const struct setting_def *d, const char *text, char *msg,
    size_t msgsz)
{
	struct json_object	*v = NULL;
	long long		 n;
	int64_t			 fen;
	char			 b[32];

	if (text == NULL)
		text = "";
	switch (d->type) {
	case SET_INT:
	case SET_BP:
		if (parse_ll(text, &n) != 0) {
			snprintf(msg, msgsz, "%s须为整数", d->label);
			return NULL;
		}
		v = json_object_new_int64(n);
		break;
	case SET_AMOUNT:
		if (amount_parse(text, 2, &fen) != 0) {
			snprintf(msg, msgsz, "%s须为金额，如 12.34", d->label);
			return NULL;
		}
		v = json_object_new_string(amount_format(fen, 2, b));
		break;
	case SET_BOOL:
		if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0 ||
		    strcmp(text, "on") == 0)
			v = json_object_new_boolean(1);
		else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0 ||
		    strcmp(text, "off") == 0)
			v = json_object_new_boolean(0);
		else {
			snprintf(msg, msgsz, "%s须为开或关", d->label);
			return NULL;
		}
		break;
	case SET_JSON:
		if ((v = json_tokener_parse(text)) == NULL) {
			snprintf(msg, msgsz, "%s须为 JSON 列表", d->label);
			return NULL;
		}
		break;
	default:
		v = json_object_new_string(text);
	}
	if (setting_check(d, v, msg, msgsz) != 0 ||
	    setting_rule_check(d, v, msg, msgsz) != 0) {
		json_object_put(v);
		return NULL;
	}
	return v;
}

const char *
setting_format(const struct setting_def *d, struct json_object *v, char *buf,
    size_t bufsz)
{
	switch (d->type) {
	case SET_INT:
	case SET_BP:
		snprintf(buf, bufsz, "%lld", (long long)json_object_get_int64(v));
		return buf;
	case SET_BOOL:
		return json_object_get_boolean(v) ? "true" : "false";
	case SET_JSON:
		return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
	default:
		return v != NULL ? json_object_get_string(v) : "";
	}
}

/* The parsed defaults, built once; NULL when out of memory. */
static struct json_object *
defaults_get(void)
{
	size_t i;

	if (defaults != NULL)
		return defaults;
	defaults = json_object_new_object();
	for (i = 0; defaults != NULL && i < settings_table_n; i++)
		json_object_object_add(defaults, settings_table[i].key,
		    json_tokener_parse(settings_table[i].def));
	return defaults;
}

int
settings_refresh(void)
{
	arena			*a;
	db_res			 res;
	long long		 v;
	size_t			 i;
	int			 rc;
	time_t			 now = time(NULL);

	if (cache != NULL && now == checked_at)
		return 0;
	if ((a = arena_new()) == NULL)
		return DB_ENOMEM;
	rc = db_q(a, &res, SQL_VERSION, DB_NOARGS);
	if (rc != DB_OK)
		goto out;
	checked_at = now;
	v = db_ll(&res, 0, 0);
	if (cache != NULL && v == cached_version)
		goto out;
	if ((rc = db_q(a, &res, SQL_ALL, DB_NOARGS)) != DB_OK)
		goto out;
	if (cache != NULL)
		json_object_put(cache);
	cache = json_object_new_object();
	for (i = 0; i < res.nrows; i++) {
		struct json_object *j = json_tokener_parse(db_str(&res, i, 1));

		if (j == NULL && strcmp(db_str(&res, i, 1), "null") != 0)
			fprintf(stderr, "settings: %s is not JSON\n",
			    db_str(&res, i, 0));
		json_object_object_add(cache, db_str(&res, i, 0), j);
	}
	cached_version = v;
out:
	arena_free(a);
	return rc;
}

struct json_object *
setting_json(const char *key)
{
	const struct setting_def	*d = setting_find(key);
	struct json_object		*j = NULL;
	char				 msg[200];

	if (d == NULL) {
		fprintf(stderr, "settings: %s is not in the registry\n", key);
		assert(!"setting not in the registry");
		return NULL;
	}
	if (cache != NULL && json_object_object_get_ex(cache, key, &j)) {
		if (setting_check(d, j, msg, sizeof(msg)) == 0)
			return j;
		fprintf(stderr, "settings: stored %s refused (%s): the default "
		    "applies\n", key, msg);
	}
	return json_object_object_get_ex(defaults_get(), key, &j) ? j : NULL;
}

int
setting_is_set(const char *key)
{
	return cache != NULL && json_object_object_get_ex(cache, key, NULL);
}

long long
setting_int(const char *key)
{
	return json_object_get_int64(setting_json(key));
}

int
setting_bool(const char *key)
{
	return json_object_get_boolean(setting_json(key));
}

const char *
setting_str(const char *key)
{
	struct json_object *j = setting_json(key);

	return json_object_is_type(j, json_type_string) ?
	    json_object_get_string(j) : "";
}

int64_t
setting_amount(const char *key)
{
	int64_t v;

	return amount_parse(setting_str(key), 2, &v) == 0 ? v : 0;
}

const char *
currency_display_name(const char *code)
{
	char key[64];

	snprintf(key, sizeof(key), "currency.%s.name", code);
	return setting_find(key) != NULL ? setting_str(key) : code;
}

struct json_object *
currency_names_json(void)
{
	struct json_object	*o = json_object_new_object();
	const char		*k;
	char			 code[32];
	size_t			 i, n;

	for (i = 0; o != NULL && i < settings_table_n; i++) {
		k = settings_table[i].key;
		n = strlen(k);
		if (strncmp(k, "currency.", 9) != 0 || n < 15 ||
		    strcmp(k + n - 5, ".name") != 0 || n - 14 >= sizeof(code))
			continue;
		memcpy(code, k + 9, n - 14);
		code[n - 14] = '\0';
		json_object_object_add(o, code, json_object_new_string(
		    setting_str(k)));
	}
	return o;
}

struct set_ctx {
	arena				*a;
	const struct setting_change	*c;
	size_t				 n;
	struct json_object		**v;
	long long			 admin_id;
	const char			*ip;
};

static int
set_tx(void *ud)
{
	struct set_ctx	*c = ud;
	db_res		 res;
	size_t		 i;
	int		 rc;
	char		 code[24];
	const char	*old, *nv;

	for (i = 0; i < c->n; i++) {
		nv = json_object_to_json_string_ext(c->v[i],
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if ((rc = db_q(c->a, &res, SQL_GET, DB_ARGS(DB_TEXT(
		    c->c[i].key)))) != DB_OK)
			return rc;
		old = res.nrows > 0 ? db_str(&res, 0, 0) :
		    setting_find(c->c[i].key)->def;
		if ((rc = db_q(c->a, NULL, SQL_SET, DB_ARGS(DB_TEXT(c->c[i].key),
		    DB_TEXT(nv)))) != DB_OK)
			return rc;
		if ((rc = db_q(c->a, NULL, SQL_AUDIT, DB_ARGS(c->admin_id > 0 ?
		    DB_INT(c->admin_id) : DB_NULL, DB_TEXT(c->c[i].key),
		    DB_TEXT(old), DB_TEXT(nv), DB_TEXT(c->ip)))) != DB_OK)
			return rc;
		/* currencies.name mirrors the setting for the queries that
		 * join it */
		if (sscanf(c->c[i].key, "currency.%23[A-Z].name", code) == 1 &&
		    (rc = db_q(c->a, NULL, SQL_CUR_RENAME, DB_ARGS(DB_TEXT(
		    json_object_get_string(c->v[i])), DB_TEXT(code)))) != DB_OK)
			return rc;
	}
	return db_q(c->a, NULL, SQL_BUMP, DB_NOARGS);
}

int
settings_set(const struct setting_change *ch, size_t n, long long admin_id,
    const char *ip, const char **field, char *msg, size_t msgsz)
{
	const struct setting_def	*d;
	struct set_ctx			 c;
	size_t				 i, j;
	int				 rc = 0;

	*field = NULL;
	if ((c.a = arena_new()) == NULL)
		return DB_ENOMEM;
	c.v = arena_alloc(c.a, (n + 1) * sizeof(*c.v));
	if (c.v == NULL) {
		arena_free(c.a);
		return DB_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		c.v[i] = NULL;
		for (j = 0; j < i; j++)
			if (strcmp(ch[j].key, ch[i].key) == 0)
				break;
		if (j < i) {
			snprintf(msg, msgsz, "设置项“%s”重复", ch[i].key);
			rc = -1;
		} else if ((d = setting_find(ch[i].key)) == NULL) {
			snprintf(msg, msgsz, "没有设置项“%s”", ch[i].key);
			rc = -1;
		} else if ((c.v[i] = setting_parse(d, ch[i].text, msg,
		    msgsz)) == NULL)
			rc = -1;
		if (rc != 0) {
			*field = ch[i].key;
			n = i;
			goto out;
		}
	}
	c.c = ch;
	c.n = n;
	c.admin_id = admin_id;
	c.ip = ip;
	rc = db_tx(set_tx, &c);
	checked_at = 0;
out:
	for (i = 0; i < n; i++)
		json_object_put(c.v[i]);
	arena_free(c.a);
	return rc;
}

int
settings_verify(void)
{
	const struct setting_def	*d;
	arena				*a;
	db_res				 res;
	size_t				 i;
	int				 bad = 0, rc;
	char				 msg[200];

	if ((rc = settings_refresh()) != DB_OK)
		return rc;
	if ((a = arena_new()) == NULL)
		return DB_ENOMEM;
	if ((rc = db_q(a, &res, SQL_ALL, DB_NOARGS)) != DB_OK)
		goto out;
	for (i = 0; i < res.nrows; i++) {
		struct json_object *j;

		if ((d = setting_find(db_str(&res, i, 0))) == NULL) {
			fprintf(stderr, "verify: setting %s is not in the "
			    "registry (settings_table.c)\n", db_str(&res, i, 0));
			bad++;
			continue;
		}
		j = json_tokener_parse(db_str(&res, i, 1));
		if (setting_check(d, j, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "verify: setting %s = %s is refused: "
			    "%s\n", d->key, db_str(&res, i, 1), msg);
			bad++;
		}
		json_object_put(j);
	}
	if ((rc = db_q(a, &res, SQL_CUR_NAMES, DB_NOARGS)) != DB_OK)
		goto out;
	for (i = 0; i < res.nrows; i++) {
		const char *want = currency_display_name(db_str(&res, i, 0));

		if (strcmp(want, db_str(&res, i, 1)) != 0) {
			fprintf(stderr, "verify: currency %s is named %s in "
			    "currencies but %s in its setting\n",
			    db_str(&res, i, 0), db_str(&res, i, 1), want);
			bad++;
		}
	}
	rc = bad;
out:
	arena_free(a);
	return rc;
}
