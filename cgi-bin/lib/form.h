/* form: request input parsing. Query strings and urlencoded bodies (through
 * liburiparser), JSON bodies (through json-c) and Cookie headers become
 * key/value lists in the request's arena. Everything handed out is valid
 * UTF-8 without embedded NULs. */
#ifndef PT_FORM_H
#define PT_FORM_H
#include <stddef.h>

#include "arena.h"

struct json_object;

/* Most pairs a query string, a body or a Cookie header may carry. */
#define FORM_MAX_PAIRS 256

typedef struct kv {
	const char	*key;	/* decoded, never NULL */
	const char	*val;	/* decoded, never NULL ("" when no '=') */
} kv;

typedef struct kvlist {
	kv	*v;		/* n pairs in input order, NULL when n == 0 */
	size_t	 n;
} kvlist;

enum form_err {
	FORM_OK		=  0,
	FORM_EBAD	= -1,	/* a NUL in the input or decoded from "%00" */
	FORM_EUTF8	= -2,	/* a key or value decodes to invalid UTF-8 */
	FORM_ETOOMANY	= -3,	/* more than FORM_MAX_PAIRS pairs */
	FORM_ENOMEM	= -4,	/* out of memory (arena or liburiparser) */
};

/* Parses application/x-www-form-urlencoded text or a query string (without
 * its '?'): s[0..len) split at '&', each piece at its first '='; '+'
 * becomes a space and %XX escapes are decoded (liburiparser's
 * uriDissectQueryMallocA). Keys and values are copied into a; the pairs
 * keep input order, repeated keys included.
 *   "a&b=" → {a,""} {b,""};  "=x" → {"",x};  empty pieces ("a&&b", a
 *   trailing '&') are skipped;  "" → 0 pairs.
 *   Malformed escapes are kept literally, as liburiparser does: "%zz",
 *   "%4" and a lone "%" stay as written.
 * Returns FORM_OK; FORM_EBAD for a NUL byte in s[0..len) or a "%00"
 * anywhere; FORM_EUTF8 when a decoded key or value is not strict UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF refused);
 * FORM_ETOOMANY above FORM_MAX_PAIRS pairs (counted before anything is
 * decoded); FORM_ENOMEM. On error *out is {NULL, 0}. s may be NULL only
 * when len is 0. */
int	form_parse(arena *a, const char *s, size_t len, kvlist *out);

/* Parses a JSON request body s[0..len): one JSON object, only whitespace
 * after it. Its top-level members whose values are scalars become pairs
 * in input order for the validators (strings as they are, numbers and
 * booleans as json-c prints them, null as ""); members holding objects or
 * arrays are left out of the list. The same rules as form_parse hold:
 * the text must be strict UTF-8 (so every decoded string is) and may not
 * hold a NUL, raw or as the escape \u0000. On success *obj is the parsed
 * object (a new reference the caller puts) and the pairs live in a.
 * Returns FORM_OK; FORM_EBAD for an empty body, a NUL or "\u0000", text
 * that is not a JSON object or has more after it; FORM_EUTF8; FORM_ETOOMANY
 * above FORM_MAX_PAIRS members; FORM_ENOMEM. On error *obj is NULL and
 * *out {NULL, 0}. */
int	form_parse_json(arena *a, const char *s, size_t len,
	    struct json_object **obj, kvlist *out);

/* Parses a Cookie request header ("a=b; c=d") into a. Pieces are split at
 * ';', names and values are trimmed of spaces and tabs, a value wrapped in
 * double quotes loses them, nothing is percent-decoded. Tolerant, as a
 * browser is: pieces without '=', with an empty name, or with control
 * characters or invalid UTF-8 are skipped, and so is everything after the
 * first FORM_MAX_PAIRS pairs. header NULL or "" gives 0 pairs. Returns
 * FORM_OK or FORM_ENOMEM (then *out is {NULL, 0}). */
int	form_parse_cookies(arena *a, const char *header, kvlist *out);

/* The value of the first pair whose key is exactly key (case-sensitive), or
 * NULL when there is none, or when l or key is NULL. Owned by the list's
 * arena. */
const char *kv_get(const kvlist *l, const char *key);

/* 1 when s[0..len) is strict UTF-8 (as RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0. NUL bytes count as valid
 * UTF-8 here; s may be NULL only when len is 0. */
int	form_utf8_valid(const char *s, size_t len);

/* A static Chinese message for a form_err code, never NULL. */
const char *form_strerror(int code);

#endif
