/* settings: the business numbers of FEATURES.md, stored as JSON values in
 * the `settings` table (key → JSON), cached per process and reloaded when
 * the version counter in `settings_meta` changes (checked at most once a
 * second). Every number has a default in sql/ so code never guesses. */
#ifndef PT_SETTINGS_H
#define PT_SETTINGS_H
#include <stdint.h>
#include <json-c/json.h>

/* Reloads the cache when the stored version changed; 0 or a db_err. */
int		 settings_refresh(void);
/* Typed accessors; def when the key is absent or of another type. */
long long	 setting_int(const char *key, long long def);
/* A money value stored as a decimal string ("12.34"), in fen. */
int64_t		 setting_amount(const char *key, int64_t def);
int		 setting_bool(const char *key, int def);
/* The string, owned by the cache (valid until the next refresh). */
const char	*setting_str(const char *key, const char *def);
/* The JSON value (borrowed, valid until the next refresh), or NULL. */
struct json_object *setting_json(const char *key);
/* Every setting as one object (borrowed, valid until the next refresh),
 * for pages that list a family of keys such as "convert.*". */
struct json_object *settings_all(void);
/* Stores key = json (a JSON text), bumps the version, records an audit
 * line with old and new values. 0, or -1 when json does not parse, or a
 * db_err. Runs in the caller's transaction if there is one. */
int		 settings_set(const char *key, const char *json,
		    long long admin_id);

#endif
