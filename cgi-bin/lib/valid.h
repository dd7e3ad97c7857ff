/* valid: input validation from a table of fields. A handler declares its
 * inputs as a `struct field` array, calls valid_form() once, and reads only
 * the validated values; the first bad field comes back with a natural
 * Chinese message that names it ("请填写手机号", "密码至少 8 位"). */
#ifndef PT_VALID_H
#define PT_VALID_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "form.h"

enum vtype {
	V_STR,		/* text: trimmed, length in code points, no controls */
	V_INT,		/* [+-]digits, a long long within [min, max] */
	V_AMOUNT,	/* money through amount_parse(), in smallest units */
	V_PHONE,	/* mainland mobile: 11 digits, 1[3-9]xxxxxxxxx */
	V_ENUM,		/* one of choices, exactly */
	V_REGION,	/* 6 digits (GB/T 2260); existence is the caller's job */
	V_BOOL,		/* a checkbox: "1", "on", "true" / "0", "off", "false" */
	V_CODE,		/* SMS code: ASCII digits, length min..max */
};

/* Field flags. */
#define VF_RAW		0x01u	/* V_STR: keep surrounding whitespace (passwords) */
#define VF_MULTILINE	0x02u	/* V_STR: allow '\n' and '\r' (descriptions) */
#define VF_SIGNED	0x04u	/* V_AMOUNT: allow a leading '-' (adjustments) */

/* V_AMOUNT's decimals: 0 in a table means the default 2 (分), so a
 * forgotten initialiser can never read "12" as 12 分. A currency without
 * decimals is written VALID_DEC0; valid_decimals() converts a currency's
 * configured decimals into this encoding. */
#define VALID_DEC0	(-1)

/* A currency's decimals (0..6) as a struct field's decimals member. */
static inline int
valid_decimals(int currency_decimals)
{
	return currency_decimals == 0 ? VALID_DEC0 : currency_decimals;
}

struct field {
	const char	*name;		/* form key */
	const char	*label;		/* Chinese label for messages, "手机号" */
	enum vtype	 type;
	int		 required;	/* absent or empty (after trimming) is an
					 * error; V_BOOL: must be ticked */
	/* V_STR: length in code points, max 0 = no maximum.
	 * V_CODE: length in digits; min = max = 0 means exactly 6.
	 * V_INT: value bounds; min = max = 0 means any long long.
	 * V_AMOUNT: bounds in smallest units; max 0 = no maximum (but
	 *   AMT_CAP); the parser already refuses negatives unless VF_SIGNED,
	 *   and with VF_SIGNED, min = max = 0 means no bounds at all.
	 * Ignored by the other types. */
	long long	 min, max;
	int		 decimals;	/* V_AMOUNT: see VALID_DEC0 */
	const char *const *choices;	/* V_ENUM: NULL-terminated */
	/* Optional, zero means the default: */
	const char	*unit;		/* V_STR: counting word in length messages,
					 * default "个字"; "位" for passwords */
	const char	*msg_required;	/* the whole message when a required field
					 * is missing, e.g. "请先同意《用户协议》";
					 * default by type: "请填写<label>",
					 * "请选择<label>" (V_ENUM, V_REGION),
					 * "请阅读并同意<label>" (V_BOOL) */
	unsigned	 flags;		/* VF_* */
};

/* One validated value. Absent (or empty after trimming) optional fields
 * have present 0, s NULL, i 0, amount 0. */
struct fval {
	const char	*s;	/* V_STR, V_PHONE, V_REGION, V_CODE, V_INT,
				 * V_AMOUNT: the trimmed text (arena); V_ENUM:
				 * the matching choices[] string; V_BOOL: NULL */
	long long	 i;	/* V_INT: the value; V_ENUM: the choice's index;
				 * V_BOOL: 0 or 1; V_REGION: the code as a
				 * number; V_STR: the length in code points */
	int64_t		 amount;/* V_AMOUNT: smallest units */
	int		 present;
};

/* The first invalid field. code is one of "required", "invalid",
 * "too_short", "too_long", "range", "precision"; message is complete,
 * Chinese, and names the field. */
struct ferr {
	const char	*field;		/* the field's name (the table's string) */
	const char	*code;		/* static */
	const char	*message;	/* arena (static if the arena ran dry) */
};

/* Validates the pairs in `in` against the n fields of f, in table order,
 * reading each field's first value (later repeats of a key are ignored;
 * keys not in the table are ignored). out must have room for n values;
 * out[k] answers f[k]. Returns 0 when every field is valid; -1 at the
 * first invalid field, with *err filled and out[] valid only for the
 * fields before it. in may be NULL (every field absent); f, out and err
 * must not be. Strings are copied into a. */
int	valid_form(arena *a, const kvlist *in, const struct field *f, size_t n,
	    struct fval *out, struct ferr *err);

/* 1 when s is exactly a mainland mobile number (11 ASCII digits, "1" then
 * 3..9 then 9 digits), else 0; NULL gives 0. No trimming. */
int	valid_phone(const char *s);

/* "13812345678" → "138****5678", in a. Any other string of at least 8
 * ASCII characters keeps its first 3 and last 4 around "****"; anything
 * shorter or non-ASCII becomes "****". NULL in or out of memory gives
 * NULL. */
char	*mask_phone(arena *a, const char *phone);

/* Length of the UTF-8 string s in code points, or -1 when s is not strict
 * UTF-8; NULL counts as 0. "中文" is 2. */
long long valid_utf8_len(const char *s);

#endif
