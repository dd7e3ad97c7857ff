/* settings: cached key → JSON business settings (see settings.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "amount.h"
#include "db.h"
#include "settings.h"

static const char SQL_VERSION[] = "SELECT version FROM settings_meta WHERE id = 1";
static const char SQL_ALL[] = "SELECT k, v FROM settings";
static const char SQL_GET[] = "SELECT v FROM settings WHERE k = ?";
static const char SQL_SET[] =
    "INSERT INTO settings (k, v, updated_at) VALUES (?, ?, NOW()) "
    "ON DUPLICATE KEY UPDATE v = VALUES(v), updated_at = NOW()";
static const char SQL_BUMP[] =
    "UPDATE settings_meta SET version = version + 1 WHERE id = 1";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (admin_id, action, target_type, target_id, "
    "detail, created_at) VALUES (?, 'settings.set', 'setting', NULL, "
    "JSON_OBJECT('key', ?, 'old', ?, 'new', ?), NOW())";

static struct json_object	*cache;
static long long		 cached_version = -1;
static time_t			 checked_at;

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
	struct json_object *j = NULL;

	if (cache == NULL || !json_object_object_get_ex(cache, key, &j))
		return NULL;
	return j;
}

struct json_object *
settings_all(void)
{
	return cache;
}

long long
setting_int(const char *key, long long def)
{
	struct json_object *j = setting_json(key);

	return json_object_is_type(j, json_type_int) ? json_object_get_int64(j)
	    : def;
}

int
setting_bool(const char *key, int def)
{
	struct json_object *j = setting_json(key);

	return json_object_is_type(j, json_type_boolean) ?
	    json_object_get_boolean(j) : def;
}

const char *
setting_str(const char *key, const char *def)
{
	struct json_object *j = setting_json(key);

	return json_object_is_type(j, json_type_string) ?
	    json_object_get_string(j) : def;
}

int64_t
setting_amount(const char *key, int64_t def)
{
	const char	*s = setting_str(key, NULL);
	int64_t		 v;

	if (s == NULL || amount_parse(s, 2, &v) != 0)
		return def;
	return v;
}

struct set_ctx {
	arena		*a;
	const char	*key, *json;
	long long	 admin_id;
};

static int
set_tx(void *ud)
{
	struct set_ctx	*c = ud;
	db_res		 res;
	int		 rc;
	const char	*old;

	if ((rc = db_q(c->a, &res, SQL_GET, DB_ARGS(DB_TEXT(c->key)))) != DB_OK)
		return rc;
	old = db_str(&res, 0, 0);
	if ((rc = db_q(c->a, NULL, SQL_SET, DB_ARGS(DB_TEXT(c->key),
	    DB_TEXT(c->json)))) != DB_OK)
		return rc;
	if ((rc = db_q(c->a, NULL, SQL_BUMP, DB_NOARGS)) != DB_OK)
		return rc;
	return db_q(c->a, NULL, SQL_AUDIT, DB_ARGS(c->admin_id > 0 ?
	    DB_INT(c->admin_id) : DB_NULL, DB_TEXT(c->key), DB_TEXT(old),
	    DB_TEXT(c->json)));
}

int
settings_set(const char *key, const char *json, long long admin_id)
{
	struct json_object	*j = json_tokener_parse(json);
	struct set_ctx		 c;
	int			 rc;

	if (j == NULL && strcmp(json, "null") != 0)
		return -1;
	json_object_put(j);
	if ((c.a = arena_new()) == NULL)
		return DB_ENOMEM;
	c.key = key;
	c.json = json;
	c.admin_id = admin_id;
	rc = db_tx(set_tx, &c);
	arena_free(c.a);
	checked_at = 0;
	return rc;
}
