/* settings: the business numbers of FEATURES.md. One table in C (the
 * registry, settings_table.c) declares every setting: its key, type,
 * default, bounds, unit, group, Chinese label and help. The `settings`
 * table (key → JSON) holds only what an operator changed; a key without a
 * row reads its registry default. Values are cached per process and
 * reloaded when the version counter in `settings_meta` changes (checked
 * at most once a second), so a change reaches every process within a
 * second. Nothing outside the registry carries a default. */
#ifndef PT_SETTINGS_H
#define PT_SETTINGS_H
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

enum setting_type {
	SET_INT,	/* a whole number in [min, max] */
	SET_AMOUNT,	/* money, stored "12.34", in fen in [min, max] */
	SET_BP,		/* basis points (100 = 1%), in [min, max] */
	SET_RATIO,	/* "a:b", two positive whole numbers (each ≤ max) */
	SET_BOOL,	/* true or false */
	SET_ENUM,	/* one of choices */
	SET_TEXT,	/* a string of min … max characters */
	SET_JSON,	/* a JSON list */
};

struct setting_def {
	const char		*key;
	enum setting_type	 type;
	const char		*def;	/* the default, as stored JSON text */
	long long		 min, max;
	const char *const	*choices;	/* SET_ENUM: NULL-terminated */
	const char		*unit;		/* "天", "元", "基点"…, or NULL */
	const char		*group;		/* the page's section */
	const char		*label;		/* Chinese, names the field */
	const char		*help;
};

/* The further rules of a few settings (settings_table.c), beyond type and
 * bounds, that a new value must pass on the page: 0, or -1 with msg
 * filled. A value stored otherwise is left to the code that uses it,
 * which refuses it visibly. */
int	setting_rule_check(const struct setting_def *d, struct json_object *v,
	    char *msg, size_t msgsz);

/* The registry, in page order (groups in the order they first appear). */
extern const struct setting_def	settings_table[];
extern const size_t		settings_table_n;

/* The registry entry of key, or NULL when key is not registered. */
const struct setting_def *setting_find(const char *key);
/* The Chinese name of a type ("整数", "金额"…); static. */
const char	*setting_type_name(enum setting_type t);
/* The type's name for the JSON view ("int", "amount", "bp", …); static. */
const char	*setting_type_code(enum setting_type t);

/* Checks the JSON value v (borrowed; NULL is JSON null) against d's type
 * and bounds. 0, or -1 with a Chinese message naming d's label in msg. */
int		 setting_check(const struct setting_def *d,
		    struct json_object *v, char *msg, size_t msgsz);
/* Parses what an operator typed (amounts "12.34", bp and ints as whole
 * numbers, bools "true"/"false"/"1"/"0", ratios "a:b", text as is, JSON
 * lists as JSON) into the JSON value to store (a new reference, the
 * caller puts it). NULL with a Chinese message naming the field in msg
 * when it does not parse or is out of bounds. */
struct json_object *setting_parse(const struct setting_def *d,
		    const char *text, char *msg, size_t msgsz);
/* The value v (borrowed) as an operator types it (the inverse of
 * setting_parse): "12.34", "500", "true", "1:1", the text, the JSON. A
 * string owned by v, or by a buffer of buf (≥ 32 bytes). */
const char	*setting_format(const struct setting_def *d,
		    struct json_object *v, char *buf, size_t bufsz);

/* Reloads the cache when the stored version changed; 0 or a db_err. */
int		 settings_refresh(void);

/* The current value of key (borrowed, valid until the next refresh): the
 * stored one when it passes setting_check, else (logged) the default. An
 * unregistered key is a programming error: it asserts in debug builds,
 * and is logged and reads as NULL otherwise. */
struct json_object *setting_json(const char *key);
/* Typed accessors of setting_json. */
long long	 setting_int(const char *key);
/* A money value stored as a decimal string ("12.34"), in fen. */
int64_t		 setting_amount(const char *key);
int		 setting_bool(const char *key);
/* SET_TEXT, SET_ENUM, SET_RATIO: the string (borrowed, valid until the
 * next refresh); "" for an unregistered key. */
const char	*setting_str(const char *key);
/* 1 when the stored row exists (an operator set it), else 0. */
int		 setting_is_set(const char *key);

/* The name shown to users of a currency (B1), the setting
 * currency.<CODE>.name; code itself when no such setting is registered.
 * Borrowed, valid until the next refresh. */
const char	*currency_display_name(const char *code);

/* Every registered currency's name, {"CHANGE": "零钱", …}: a new object
 * (the caller puts it). The pages read it as {{cur.CHANGE}}. */
struct json_object *currency_names_json(void);

/* One change of a settings_set: key = text as an operator typed it. */
struct setting_change {
	const char	*key, *text;
};

/* Validates and stores the n changes in one transaction: all or none.
 * Each change is an audit line (settings.set, with key, old and new
 * value) by admin_id (≤ 0: ctl or the system) from ip (may be NULL); the
 * version is bumped once; a currency name is also written to
 * currencies.name so that every page showing a name from the database
 * shows the new one. Returns 0; -1 when a change was refused (nothing
 * stored), with the key in *field and a Chinese message in msg; or a
 * db_err. */
int		 settings_set(const struct setting_change *c, size_t n,
		    long long admin_id, const char *ip, const char **field,
		    char *msg, size_t msgsz);

/* For `ctl verify`: prints a line to stderr for each key of the settings
 * table the registry does not know, for each stored value that fails its
 * check, and for each currency whose currencies.name differs from its
 * setting. Returns how many such problems there are (0: none), or a
 * negative db_err. */
int		 settings_verify(void);

#endif
