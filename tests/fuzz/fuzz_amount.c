/* fuzz_amount: libFuzzer harness for money amounts (cgi-bin/rules/
 * amount.c): amount_parse, amount_parse_signed, amount_format, bp_of,
 * bp_of_checked and the message functions, checked against a reference
 * written here from amount.h's contract.
 *
 * Input: the first byte gives the decimals ('0'…'9' as that digit, so
 * readable seeds look like "212.34"; any other byte b gives b % 9 - 1,
 * -1…7, so out-of-range decimals are tried too); the rest is the text to
 * parse (cut at its first NUL, as a C string). The same rest, read as two
 * little-endian int64 (zero-padded), feeds amount_format and bp_of.
 *
 * Checked: parse accepts exactly DIGITS [ "." DIGITS ] with at most
 * `decimals` fraction digits and at most AMT_CAP units, and its value is
 * the reference value; format(parse(s)) is s without leading zeros and
 * with the fraction padded; parse_signed(format(x)) == x for every x
 * within AMT_CAP; bp_of is amount * bp / 10000 rounded half away from
 * zero, saturated, and bp_of_checked agrees or says AMT_ERANGE. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "fuzz.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

struct ref {
	int		 syntax_ok;	/* DIGITS [ "." DIGITS ] */
	int		 precision_ok;	/* fraction digits <= decimals */
	int		 over;		/* the digits read before the first
					 * error are worth more than AMT_CAP */
	int64_t		 value;		/* when all three say yes */
};

/* The reference reading of the magnitude s with dec (0..6) decimals. */
static struct ref
ref_magnitude(const char *s, int dec)
{
	struct ref r = { 0, 0, 0, 0 };
	size_t ni = strspn(s, "0123456789"), nf = 0, i;
	u128 v = 0;

	r.syntax_ok = ni > 0 && (s[ni] == '\0' || (s[ni] == '.' &&
	    (nf = strspn(s + ni + 1, "0123456789")) > 0 &&
	    s[ni + 1 + nf] == '\0'));
	r.precision_ok = nf <= (size_t)dec;
	/* Value of the integer digits and of up to dec fraction digits, in
	 * units; saturates far above AMT_CAP. */
	for (i = 0; i < ni; i++)
		if ((v = v * 10 + (u128)(s[i] - '0')) > (u128)AMT_CAP * 1000)
			v = (u128)AMT_CAP * 1000;
	if (s[ni] == '.')
		nf = strspn(s + ni + 1, "0123456789");
	for (i = 0; i < (size_t)dec; i++)
		v = v * 10 + (i < nf ? (u128)(s[ni + 1 + i] - '0') : 0);
	r.over = v > (u128)AMT_CAP;
	r.value = r.over ? 0 : (int64_t)v;
	return r;
}

/* The canonical text of an accepted magnitude: no leading zeros in the
 * integer part (but one digit), the fraction padded to dec digits. */
static void
canonical(const char *s, int dec, char *out, size_t size)
{
	size_t ni = strspn(s, "0123456789"), nf = 0, z = 0, o = 0;
	int i;

	if (s[ni] == '.')
		nf = strspn(s + ni + 1, "0123456789");
	while (z + 1 < ni && s[z] == '0')
		z++;
	CHECK(ni - z + (size_t)dec + 2 < size);
	memcpy(out, s + z, ni - z);
	o = ni - z;
	if (dec > 0) {
		out[o++] = '.';
		for (i = 0; i < dec; i++)
			out[o++] = (size_t)i < nf ? s[ni + 1 + (size_t)i] : '0';
	}
	out[o] = '\0';
}

static void
check_parse(const char *s, int dec)
{
	char fmt[32], canon[64];
	int64_t v = -77, w = -77;
	int rc = amount_parse(s, dec, &v);
	int rs = amount_parse_signed(s, dec, &w);
	int neg = s[0] == '-';
	struct ref r;

	CHECK(amount_strerror(rc) != NULL && amount_strerror_dec(rc, dec) !=
	    NULL && amount_errpred(rc, dec) != NULL);
	if (dec < 0 || dec > AMT_MAX_DECIMALS) {
		CHECK(rc == AMT_EDECIMALS && rs == AMT_EDECIMALS);
		CHECK(v == -77 && w == -77);
		return;
	}
	if (s[0] == '\0') {
		CHECK(rc == AMT_EEMPTY && rs == AMT_EEMPTY);
		return;
	}
	r = ref_magnitude(s + neg, dec);

	/* The signed parser: the magnitude's verdict, with the sign. */
	if (r.syntax_ok && r.precision_ok && !r.over) {
		CHECK(rs == AMT_OK);
		CHECK(w == (neg ? -r.value : r.value));
	} else {
		CHECK(rs == AMT_ESYNTAX || rs == AMT_EPRECISION ||
		    rs == AMT_ERANGE);
		CHECK(w == -77);	/* untouched */
		if (rs == AMT_EPRECISION)
			CHECK(!r.precision_ok);
		if (rs == AMT_ERANGE)
			CHECK(r.over);
		if (rs == AMT_ESYNTAX)
			CHECK(!r.syntax_ok);
		if (r.syntax_ok && r.precision_ok)
			CHECK(rs == AMT_ERANGE);
		if (r.syntax_ok && !r.over)
			CHECK(rs == AMT_EPRECISION);
	}

	/* The unsigned one: the same, but a valid negative is refused. */
	if (neg)
		CHECK(rc == (rs == AMT_OK ? AMT_ENEGATIVE : rs));
	else
		CHECK(rc == rs);
	if (rc != AMT_OK) {
		CHECK(v == -77);
		return;
	}
	CHECK(v == w && v >= 0 && v <= AMT_CAP);
	amount_format(v, dec, fmt);
	canonical(s, dec, canon, sizeof(canon));
	CHECK(strcmp(fmt, canon) == 0);
}

static void
check_format(int64_t x, int dec)
{
	char out[32];
	int64_t back = -77;
	int d = dec < 0 ? 0 : dec > AMT_MAX_DECIMALS ? AMT_MAX_DECIMALS : dec;
	size_t n, i, dot;
	const char *p;

	CHECK(amount_format(x, dec, out) == out);
	n = strlen(out);
	CHECK(n < 32);
	p = out + (x < 0);
	CHECK((x < 0) == (out[0] == '-'));
	/* digits, then "." and exactly d digits when d > 0 */
	dot = strspn(p, "0123456789");
	CHECK(dot >= 1);
	if (d == 0)
		CHECK(p[dot] == '\0');
	else {
		CHECK(p[dot] == '.');
		for (i = 0; i < (size_t)d; i++)
			CHECK(p[dot + 1 + i] >= '0' && p[dot + 1 + i] <= '9');
		CHECK(p[dot + 1 + (size_t)d] == '\0');
	}
	if (dot > 1)
		CHECK(p[0] != '0');
	if (x >= -AMT_CAP && x <= AMT_CAP) {
		CHECK(amount_parse_signed(out, d, &back) == AMT_OK);
		CHECK(back == x);
	}
}

static void
check_bp(int64_t a, int64_t bp)
{
	i128 p = (i128)a * bp;
	u128 mag = p < 0 ? (u128)0 - (u128)p : (u128)p;
	u128 q = (mag * 2 + AMT_BP_WHOLE) / (2 * AMT_BP_WHOLE);
	i128 want = p < 0 ? -(i128)q : (i128)q;
	int64_t got = bp_of(a, bp), chk = 12345;
	int rc = bp_of_checked(a, bp, &chk);

	if (want > INT64_MAX) {
		CHECK(got == INT64_MAX && rc == AMT_ERANGE && chk == 12345);
	} else if (want < INT64_MIN) {
		CHECK(got == INT64_MIN && rc == AMT_ERANGE && chk == 12345);
	} else {
		CHECK(got == (int64_t)want);
		CHECK(rc == AMT_OK && chk == got);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t raw[16] = { 0 };
	int64_t x, y;
	char *s;
	int dec;

	if (size == 0)
		return 0;
	dec = data[0] >= '0' && data[0] <= '9' ? data[0] - '0' :
	    (int)(data[0] % 9) - 1;
	CHECK((s = malloc(size)) != NULL);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	check_parse(s, dec);
	free(s);

	memcpy(raw, data + 1, size - 1 < sizeof(raw) ? size - 1 : sizeof(raw));
	memcpy(&x, raw, 8);
	memcpy(&y, raw + 8, 8);
	check_format(x, dec);
	check_format(y, (int)(data[0] & 7));
	check_bp(x, y);
	/* Realistic sizes too: amounts within the cap, bp within ±1000%. */
	check_bp(x % (AMT_CAP + 1), y % 100001);
	return 0;
}
