/* amount: parsing, formatting and basis-point shares of money held as int64
 * smallest units. See amount.h for the grammar and the rounding rule. */
#include <stddef.h>
#include <stdint.h>

#include "amount.h"

/* Parses the magnitude s (no sign) into *out. */
static int
parse_magnitude(const char *s, int decimals, int64_t *out)
{
	const char *p = s;
	int64_t v = 0;
	int frac = 0;

	if (*p < '0' || *p > '9')
		return AMT_ESYNTAX;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		if (v > AMT_CAP)	/* v <= cap before, so no overflow here */
			return AMT_ERANGE;
		p++;
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return AMT_ESYNTAX;
		while (*p >= '0' && *p <= '9') {
			if (frac == decimals) {
				/* Too many digits; still tell syntax errors
				 * further on apart from precision ones. */
				while (*p >= '0' && *p <= '9')
					p++;
				return *p == '\0' ? AMT_EPRECISION : AMT_ESYNTAX;
			}
			v = v * 10 + (*p - '0');
			if (v > AMT_CAP)
				return AMT_ERANGE;
			frac++;
			p++;
		}
	}
	if (*p != '\0')
		return AMT_ESYNTAX;
	for (; frac < decimals; frac++) {
		v *= 10;
		if (v > AMT_CAP)
			return AMT_ERANGE;
	}
	*out = v;
	return AMT_OK;
}

int
amount_parse(const char *s, int decimals, int64_t *out)
{
	int64_t v;
	int rc;

	if (decimals < 0 || decimals > AMT_MAX_DECIMALS)
		return AMT_EDECIMALS;
	if (s == NULL || *s == '\0')
		return AMT_EEMPTY;
	if (*s == '-') {
		rc = parse_magnitude(s + 1, decimals, &v);
		return rc == AMT_OK ? AMT_ENEGATIVE : rc;
	}
	if ((rc = parse_magnitude(s, decimals, &v)) != AMT_OK)
		return rc;
	*out = v;
	return AMT_OK;
}

int
amount_parse_signed(const char *s, int decimals, int64_t *out)
{
	int64_t v;
	int rc, neg = 0;

	if (decimals < 0 || decimals > AMT_MAX_DECIMALS)
		return AMT_EDECIMALS;
	if (s == NULL || *s == '\0')
		return AMT_EEMPTY;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if ((rc = parse_magnitude(s, decimals, &v)) != AMT_OK)
		return rc;
	*out = neg ? -v : v;
	return AMT_OK;
}

char *
amount_format(int64_t v, int decimals, char out[32])
{
	char tmp[32];
	uint64_t mag;
	size_t n = 0, i = 0;
	int d;

	if (decimals < 0)
		decimals = 0;
	if (decimals > AMT_MAX_DECIMALS)
		decimals = AMT_MAX_DECIMALS;
	/* Magnitude in unsigned arithmetic: -(INT64_MIN) does not fit int64. */
	mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	/* Digits in reverse: the fraction, then at least one integer digit. */
	for (d = 0; d < decimals; d++) {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	}
	if (decimals > 0)
		tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0);

	if (v < 0)
		out[i++] = '-';
	while (n > 0)
		out[i++] = tmp[--n];
	out[i] = '\0';
	return out;
}

/* The precision predicate for each number of decimals. */
static const char *const prec_pred[AMT_MAX_DECIMALS + 1] = {
	"须为整数", "最多一位小数", "最多两位小数", "最多三位小数",
	"最多四位小数", "最多五位小数", "最多六位小数",
};
static const char *const prec_full[AMT_MAX_DECIMALS + 1] = {
	"金额须为整数", "金额最多一位小数", "金额最多两位小数",
	"金额最多三位小数", "金额最多四位小数", "金额最多五位小数",
	"金额最多六位小数",
};

const char *
amount_strerror_dec(int code, int decimals)
{
	switch (code) {
	case AMT_OK:
		return "";
	case AMT_EEMPTY:
		return "请输入金额";
	case AMT_ESYNTAX:
		return "金额格式不正确";
	case AMT_EPRECISION:
		if (decimals < 0 || decimals > AMT_MAX_DECIMALS)
			return "金额小数位数过多";
		return prec_full[decimals];
	case AMT_ERANGE:
		return "金额过大";
	case AMT_ENEGATIVE:
		return "金额不能为负";
	case AMT_EDECIMALS:
		return "币种小数位数设置有误";
	default:
		return "金额有误";
	}
}

const char *
amount_strerror(int code)
{
	return amount_strerror_dec(code, 2);
}

const char *
amount_errpred(int code, int decimals)
{
	switch (code) {
	case AMT_OK:
		return "";
	case AMT_EEMPTY:
		return "不能为空";
	case AMT_ESYNTAX:
		return "格式不正确";
	case AMT_EPRECISION:
		if (decimals < 0 || decimals > AMT_MAX_DECIMALS)
			return "小数位数过多";
		return prec_pred[decimals];
	case AMT_ERANGE:
		return "过大";
	case AMT_ENEGATIVE:
		return "不能为负";
	case AMT_EDECIMALS:
		return "的币种小数位数设置有误";
	default:
		return "有误";
	}
}

__extension__ typedef __int128 i128;

/* num / den rounded half away from zero; den > 0 and small enough that
 * 2 × den fits (bp_of divides by 10000, bp_ratio by an int64). */
static i128
div_half_away(i128 num, i128 den)
{
	i128 q = num / den;	/* truncates toward zero */
	i128 r = num % den;	/* same sign as num */

	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return q;
}

/* i128 into int64, saturating. */
static int64_t
saturate(i128 q)
{
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

/* amount * bp / 10000 rounded half away from zero, in 128 bits. */
static i128
bp_wide(int64_t amount, int64_t bp)
{
	/* |amount × bp| <= 2^126: fits */
	return div_half_away((i128)amount * (i128)bp, AMT_BP_WHOLE);
}

int
bp_of_checked(int64_t amount, int64_t bp, int64_t *out)
{
	i128 q = bp_wide(amount, bp);

	if (q > INT64_MAX || q < INT64_MIN)
		return AMT_ERANGE;
	*out = (int64_t)q;
	return AMT_OK;
}

int64_t
bp_of(int64_t amount, int64_t bp)
{
	return saturate(bp_wide(amount, bp));
}

int64_t
bp_ratio(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return 0;
	/* |part × 10000| < 2^77 */
	return saturate(div_half_away((i128)part * AMT_BP_WHOLE, whole));
}
