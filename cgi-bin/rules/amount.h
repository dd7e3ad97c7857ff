/* amount: money amounts as int64 counts of a currency's smallest unit
 * (分 for 2 decimals). Parsing from and formatting to decimal text, the
 * Chinese error messages, and basis-point shares. Pure: no I/O, no globals,
 * never a float. */
#ifndef PT_AMOUNT_H
#define PT_AMOUNT_H
#include <stdint.h>

/* Decimals a currency may have. */
#define AMT_MAX_DECIMALS 6
/* Sanity cap, in smallest units whatever the decimals: 10^15 (10 万亿元
 * at 2 decimals). Parsers refuse any magnitude above it. */
#define AMT_CAP INT64_C(1000000000000000)
/* Basis points in a whole: 100% = 10000 bp. */
#define AMT_BP_WHOLE 10000

enum amt_err {
	AMT_OK		=  0,
	AMT_EEMPTY	= -1,	/* NULL or "" */
	AMT_ESYNTAX	= -2,	/* not digits[.digits] */
	AMT_EPRECISION	= -3,	/* more fraction digits than decimals */
	AMT_ERANGE	= -4,	/* above AMT_CAP (so also above INT64_MAX) */
	AMT_ENEGATIVE	= -5,	/* a leading '-' given to the unsigned parser */
	AMT_EDECIMALS	= -6,	/* decimals outside 0..AMT_MAX_DECIMALS */
};

/* Parses a non-negative decimal amount into smallest units: "12.34" with 2
 * decimals gives 1234. The grammar is DIGITS [ "." DIGITS ] in ASCII,
 * nothing else:
 *   accepted: "12", "12.3", "0.01", "0", "007.5" (leading zeros are fine),
 *             "1.20" (exactly `decimals` fraction digits is fine)
 *   AMT_ESYNTAX:    "12.", ".5", "+1", " 12", "12 ", "1,000", "1e5", "１２",
 *                   "-", "--1", "1.2.3"
 *   AMT_EPRECISION: more fraction digits than `decimals`, even zeros:
 *                   "1.234" and "1.230" with 2, "12.0" with 0. Never rounds.
 *   AMT_ENEGATIVE:  "-" followed by a valid amount, "-0" included; use
 *                   amount_parse_signed() where negatives are meant.
 *   AMT_ERANGE:     more than AMT_CAP units (checked digit by digit, so no
 *                   int64 overflow whatever the length).
 *   AMT_EEMPTY:     s NULL or "".
 *   AMT_EDECIMALS:  decimals outside 0..6.
 * Callers trim the input first. *out is written only on success (0);
 * out must not be NULL. */
int	amount_parse(const char *s, int decimals, int64_t *out);

/* Like amount_parse, but an optional leading '-' makes the amount negative
 * ("-0.05" → -5; "-0" → 0). A leading '+' is still AMT_ESYNTAX. For admin
 * adjustments. Magnitudes above AMT_CAP are AMT_ERANGE. */
int	amount_parse_signed(const char *s, int decimals, int64_t *out);

/* Writes v as decimal text into out and returns out: 1234 with 2 decimals
 * → "12.34", -5 → "-0.05", 0 → "0.00", 12 with 0 decimals → "12". Every
 * int64 fits, INT64_MIN included. No thousands separators. decimals outside
 * 0..6 are clamped into it. out must not be NULL. */
char	*amount_format(int64_t v, int decimals, char out[32]);

/* The Chinese message for an amount_parse code, about "金额": AMT_EEMPTY
 * "请输入金额", AMT_ESYNTAX "金额格式不正确", AMT_EPRECISION
 * "金额最多两位小数" (it assumes the default 2 decimals: see
 * amount_strerror_dec), AMT_ERANGE "金额过大", AMT_ENEGATIVE "金额不能为负".
 * A static string, never NULL ("" for AMT_OK, a generic message for an
 * unknown code). */
const char *amount_strerror(int code);

/* Like amount_strerror, with the precision message naming the currency's
 * decimals: 0 "金额须为整数", 1 "金额最多一位小数", 3 "金额最多三位小数". */
const char *amount_strerror_dec(int code, int decimals);

/* The message without its subject, so that a caller can put a field's label
 * in front: "格式不正确", "最多两位小数", "须为整数", "过大", "不能为负"
 * (so "提现金额" + it reads naturally). AMT_EEMPTY gives "不能为空". A static
 * string, never NULL. */
const char *amount_errpred(int code, int decimals);

/* bp basis points of amount: amount * bp / 10000, rounded half away from
 * zero (half-up on magnitudes): 500 bp of 10 → 0.5 → 1; of 9 → 0.45 → 0;
 * of -10 → -0.5 → -1. The product is computed in 128 bits, so only a result
 * outside int64 can overflow; bp_of then saturates to INT64_MAX or
 * INT64_MIN. Use bp_of_checked where inputs are not known to be sane. */
int64_t	bp_of(int64_t amount, int64_t bp);

/* As bp_of, but returns AMT_ERANGE (and leaves *out alone) when the result
 * does not fit in int64; 0 with *out set otherwise. out must not be NULL. */
int	bp_of_checked(int64_t amount, int64_t bp, int64_t *out);

/* What share of whole part is, in basis points: part * 10000 / whole,
 * rounded half away from zero like bp_of (a margin: 6390 of 39300 →
 * 1625.95… → 1626; -6390 → -1626; 1 of 30000 → 0.33 → 0). Computed in
 * 128 bits; a result outside int64 saturates. 0 when whole <= 0. */
int64_t	bp_ratio(int64_t part, int64_t whole);

#endif
