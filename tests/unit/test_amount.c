/* test_amount: parsing, formatting, messages and basis-point shares of
 * money amounts (cgi-bin/rules/amount.c), with worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "amount.h"

/* amount_parse(s, decimals) must give want units. */
static void
parses(const char *s, int decimals, int64_t want)
{
	int64_t v = -12345;
	int rc = amount_parse(s, decimals, &v);

	if (rc != AMT_OK)
		fail_msg("amount_parse(\"%s\", %d) = %d, want %lld", s,
		    decimals, rc, (long long)want);
	assert_int_equal(v, want);
}

/* amount_parse(s, decimals) must fail with code and leave *out alone. */
static void
refuses(const char *s, int decimals, int code)
{
	int64_t v = -12345;
	int rc = amount_parse(s, decimals, &v);

	if (rc != code)
		fail_msg("amount_parse(\"%s\", %d) = %d, want %d", s,
		    decimals, rc, code);
	assert_int_equal(v, -12345);
}

static void
parse_accepts_plain_amounts(void **state)
{
	(void)state;
	parses("12.34", 2, 1234);
	parses("12", 2, 1200);
	parses("12.3", 2, 1230);
	parses("0.01", 2, 1);
	parses("0", 2, 0);
	parses("0.00", 2, 0);
	parses("1.20", 2, 120);
	parses("99", 2, 9900);
}

static void
parse_accepts_leading_zeros(void **state)
{
	(void)state;
	parses("007.5", 2, 750);
	parses("00.10", 2, 10);
	parses("000000000000000000000000000001", 2, 100);
}

static void
parse_empty_is_eempty(void **state)
{
	int64_t v;

	(void)state;
	refuses("", 2, AMT_EEMPTY);
	assert_int_equal(amount_parse(NULL, 2, &v), AMT_EEMPTY);
	assert_int_equal(amount_parse_signed(NULL, 2, &v), AMT_EEMPTY);
	assert_int_equal(amount_parse_signed("", 2, &v), AMT_EEMPTY);
}

static void
parse_refuses_bad_syntax(void **state)
{
	static const char *const bad[] = {
		"12.", ".5", "+1", " 12", "12 ", "1,000", "1e5", "abc",
		"12a", "1.2.3", "1..2", ".", "-", "--1", "0x10", "1_000",
		"\xef\xbc\x91\xef\xbc\x92" /* fullwidth "１２" */, "1.2x",
		"1.234x", "12\n", "¥12",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refuses(bad[i], 2, AMT_ESYNTAX);
}

static void
parse_refuses_extra_fraction_digits_without_rounding(void **state)
{
	(void)state;
	refuses("1.234", 2, AMT_EPRECISION);
	refuses("1.230", 2, AMT_EPRECISION);	/* even zeros */
	refuses("0.001", 2, AMT_EPRECISION);
	refuses("0.999", 2, AMT_EPRECISION);
}

static void
parse_refuses_negative_in_unsigned(void **state)
{
	(void)state;
	refuses("-1", 2, AMT_ENEGATIVE);
	refuses("-0.05", 2, AMT_ENEGATIVE);
	refuses("-0", 2, AMT_ENEGATIVE);
	/* A bad number after the sign is a syntax error, not a negative. */
	refuses("-abc", 2, AMT_ESYNTAX);
	refuses("-1.234", 2, AMT_EPRECISION);
}

static void
parse_range_at_cap_and_int64(void **state)
{
	(void)state;
	/* AMT_CAP units = 10^15 = 10,000,000,000,000.00 at 2 decimals. */
	parses("10000000000000", 2, AMT_CAP);
	parses("10000000000000.00", 2, AMT_CAP);
	refuses("10000000000000.01", 2, AMT_ERANGE);
	refuses("10000000000001", 2, AMT_ERANGE);
	parses("1000000000000000", 0, AMT_CAP);
	refuses("1000000000000001", 0, AMT_ERANGE);
	parses("1000000000", 6, AMT_CAP);
	refuses("1000000000.000001", 6, AMT_ERANGE);
	/* INT64_MAX and beyond: refused, never wrapped. */
	refuses("9223372036854775807", 0, AMT_ERANGE);
	refuses("92233720368547758.07", 2, AMT_ERANGE);
	refuses("99999999999999999999999999999999999999", 2, AMT_ERANGE);
}

static void
parse_three_decimals(void **state)
{
	(void)state;
	parses("1.234", 3, 1234);
	parses("1.2", 3, 1200);
	parses("1", 3, 1000);
	parses("0.001", 3, 1);
	refuses("1.2345", 3, AMT_EPRECISION);
}

static void
parse_zero_decimals(void **state)
{
	(void)state;
	parses("12", 0, 12);
	parses("0", 0, 0);
	refuses("12.0", 0, AMT_EPRECISION);
	refuses("12.5", 0, AMT_EPRECISION);
	refuses("12.", 0, AMT_ESYNTAX);
}

static void
parse_six_decimals(void **state)
{
	(void)state;
	parses("0.000001", 6, 1);
	parses("1.5", 6, 1500000);
	refuses("0.0000001", 6, AMT_EPRECISION);
}

static void
parse_refuses_bad_decimals(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(amount_parse("1", -1, &v), AMT_EDECIMALS);
	assert_int_equal(amount_parse("1", 7, &v), AMT_EDECIMALS);
	assert_int_equal(amount_parse_signed("1", 7, &v), AMT_EDECIMALS);
}

static void
parse_signed_accepts_minus_only(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(amount_parse_signed("-0.05", 2, &v), AMT_OK);
	assert_int_equal(v, -5);
	assert_int_equal(amount_parse_signed("12.34", 2, &v), AMT_OK);
	assert_int_equal(v, 1234);
	assert_int_equal(amount_parse_signed("-0", 2, &v), AMT_OK);
	assert_int_equal(v, 0);
	assert_int_equal(amount_parse_signed("-10000000000000", 2, &v),
	    AMT_OK);
	assert_int_equal(v, -AMT_CAP);
	assert_int_equal(amount_parse_signed("-10000000000000.01", 2, &v),
	    AMT_ERANGE);
	assert_int_equal(amount_parse_signed("+1", 2, &v), AMT_ESYNTAX);
	assert_int_equal(amount_parse_signed("--1", 2, &v), AMT_ESYNTAX);
	assert_int_equal(amount_parse_signed("-", 2, &v), AMT_ESYNTAX);
	assert_int_equal(amount_parse_signed("-1.234", 2, &v),
	    AMT_EPRECISION);
}

static void
format_two_decimals(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(amount_format(1234, 2, b), "12.34");
	assert_string_equal(amount_format(0, 2, b), "0.00");
	assert_string_equal(amount_format(1, 2, b), "0.01");
	assert_string_equal(amount_format(10, 2, b), "0.10");
	assert_string_equal(amount_format(100, 2, b), "1.00");
	assert_ptr_equal(amount_format(5, 2, b), b);
}

static void
format_negatives(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(amount_format(-5, 2, b), "-0.05");
	assert_string_equal(amount_format(-1234, 2, b), "-12.34");
	assert_string_equal(amount_format(-100, 2, b), "-1.00");
	assert_string_equal(amount_format(-7, 0, b), "-7");
}

static void
format_extremes(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(amount_format(INT64_MAX, 2, b),
	    "92233720368547758.07");
	assert_string_equal(amount_format(INT64_MIN, 2, b),
	    "-92233720368547758.08");
	assert_string_equal(amount_format(INT64_MIN, 0, b),
	    "-9223372036854775808");
	assert_string_equal(amount_format(INT64_MIN, 6, b),
	    "-9223372036854.775808");
	assert_string_equal(amount_format(AMT_CAP, 2, b),
	    "10000000000000.00");
}

static void
format_other_decimals(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(amount_format(1234, 3, b), "1.234");
	assert_string_equal(amount_format(1, 3, b), "0.001");
	assert_string_equal(amount_format(12, 0, b), "12");
	assert_string_equal(amount_format(0, 0, b), "0");
	assert_string_equal(amount_format(1, 6, b), "0.000001");
	/* Out-of-range decimals are clamped, never overrun the buffer. */
	assert_string_equal(amount_format(12, -3, b), "12");
	assert_string_equal(amount_format(1, 99, b), "0.000001");
}

static void
format_then_parse_round_trips(void **state)
{
	static const int64_t vals[] = { 0, 1, 9, 10, 99, 100, 12345, 1000001,
	    AMT_CAP };
	char b[32];
	int64_t v;
	size_t i;
	int d;

	(void)state;
	for (d = 0; d <= AMT_MAX_DECIMALS; d++)
		for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			assert_int_equal(amount_parse(amount_format(vals[i], d,
			    b), d, &v), AMT_OK);
			assert_int_equal(v, vals[i]);
			assert_int_equal(amount_parse_signed(amount_format(
			    -vals[i], d, b), d, &v), AMT_OK);
			assert_int_equal(v, -vals[i]);
		}
}

static void
strerror_gives_chinese_messages(void **state)
{
	(void)state;
	assert_string_equal(amount_strerror(AMT_EEMPTY), "请输入金额");
	assert_string_equal(amount_strerror(AMT_ESYNTAX), "金额格式不正确");
	assert_string_equal(amount_strerror(AMT_EPRECISION),
	    "金额最多两位小数");
	assert_string_equal(amount_strerror(AMT_ERANGE), "金额过大");
	assert_string_equal(amount_strerror(AMT_ENEGATIVE), "金额不能为负");
	assert_string_equal(amount_strerror(AMT_OK), "");
	assert_non_null(amount_strerror(-99));
	assert_non_null(amount_strerror(AMT_EDECIMALS));
}

static void
strerror_names_the_decimals(void **state)
{
	(void)state;
	assert_string_equal(amount_strerror_dec(AMT_EPRECISION, 0),
	    "金额须为整数");
	assert_string_equal(amount_strerror_dec(AMT_EPRECISION, 1),
	    "金额最多一位小数");
	assert_string_equal(amount_strerror_dec(AMT_EPRECISION, 3),
	    "金额最多三位小数");
	assert_string_equal(amount_strerror_dec(AMT_EPRECISION, 6),
	    "金额最多六位小数");
	assert_non_null(amount_strerror_dec(AMT_EPRECISION, 9));
	assert_string_equal(amount_strerror_dec(AMT_ERANGE, 3), "金额过大");
}

static void
errpred_reads_after_a_label(void **state)
{
	(void)state;
	assert_string_equal(amount_errpred(AMT_ESYNTAX, 2), "格式不正确");
	assert_string_equal(amount_errpred(AMT_EPRECISION, 2), "最多两位小数");
	assert_string_equal(amount_errpred(AMT_EPRECISION, 0), "须为整数");
	assert_string_equal(amount_errpred(AMT_ERANGE, 2), "过大");
	assert_string_equal(amount_errpred(AMT_ENEGATIVE, 2), "不能为负");
	assert_non_null(amount_errpred(-99, 2));
}

static void
bp_of_rounds_exact_halves_up(void **state)
{
	(void)state;
	/* 5% of 0.10 = 0.005 → 0.01; 5% of 0.09 = 0.0045 → 0.00. */
	assert_int_equal(bp_of(10, 500), 1);
	assert_int_equal(bp_of(9, 500), 0);
	/* 5% of 123.45 = 6.1725 → 6.17; 5% of 123.50 = 6.175 → 6.18. */
	assert_int_equal(bp_of(12345, 500), 617);
	assert_int_equal(bp_of(12350, 500), 618);
	/* 1 bp of 0.50 = 0.00005 → 0; 1 bp of 50.00 = 0.5 分 → 1 分. */
	assert_int_equal(bp_of(50, 1), 0);
	assert_int_equal(bp_of(5000, 1), 1);
	assert_int_equal(bp_of(4999, 1), 0);
	/* Whole and zero. */
	assert_int_equal(bp_of(9900, 10000), 9900);
	assert_int_equal(bp_of(9900, 0), 0);
	assert_int_equal(bp_of(0, 500), 0);
	/* 15% of 99.00 = 14.85; 33.33% of 1.00 = 0.3333 → 0.33. */
	assert_int_equal(bp_of(9900, 1500), 1485);
	assert_int_equal(bp_of(100, 3333), 33);
	/* 66.67% of 0.01 = 0.006667 → 0.01. */
	assert_int_equal(bp_of(1, 6667), 1);
}

static void
bp_of_rounds_negatives_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(bp_of(-10, 500), -1);		/* -0.5 → -1 */
	assert_int_equal(bp_of(-9, 500), 0);		/* -0.45 → 0 */
	assert_int_equal(bp_of(10, -500), -1);
	assert_int_equal(bp_of(-10, -500), 1);
	assert_int_equal(bp_of(-12350, 500), -618);
	assert_int_equal(bp_of(-12345, 500), -617);
}

static void
bp_of_handles_huge_products(void **state)
{
	int64_t v = 7;

	(void)state;
	/* The product overflows int64 but the result does not. */
	assert_int_equal(bp_of(INT64_MAX, 10000), INT64_MAX);
	assert_int_equal(bp_of(INT64_MAX, 5000), INT64_MAX / 2 + 1);
	assert_int_equal(bp_of(INT64_MIN, 10000), INT64_MIN);
	assert_int_equal(bp_of_checked(INT64_MAX, 9999, &v), AMT_OK);
	assert_int_equal(v, 9222449699651090329LL);
	/* Results outside int64: checked refuses, plain saturates. */
	v = 7;
	assert_int_equal(bp_of_checked(INT64_MAX, 10001, &v), AMT_ERANGE);
	assert_int_equal(v, 7);
	assert_int_equal(bp_of_checked(INT64_MIN, 10001, &v), AMT_ERANGE);
	assert_int_equal(bp_of_checked(INT64_MIN, -10000, &v), AMT_ERANGE);
	assert_int_equal(bp_of_checked(INT64_MAX, INT64_MAX, &v), AMT_ERANGE);
	assert_int_equal(bp_of(INT64_MAX, INT64_MAX), INT64_MAX);
	assert_int_equal(bp_of(INT64_MIN, INT64_MAX), INT64_MIN);
	assert_int_equal(bp_of(INT64_MIN, -10000), INT64_MAX);
	assert_int_equal(bp_of_checked(12350, 500, &v), AMT_OK);
	assert_int_equal(v, 618);
}

/* A share in basis points, rounded half away from zero like bp_of. */
static void
bp_ratio_rounds_half_away_and_guards_the_whole(void **state)
{
	(void)state;
	assert_int_equal(bp_ratio(6390, 39300), 1626);	/* 1625.95… */
	assert_int_equal(bp_ratio(-6390, 39300), -1626);
	assert_int_equal(bp_ratio(1, 30000), 0);	/* 0.33 */
	assert_int_equal(bp_ratio(1, 20000), 1);	/* 0.5 → 1 */
	assert_int_equal(bp_ratio(-1, 20000), -1);
	assert_int_equal(bp_ratio(39300, 39300), 10000);
	assert_int_equal(bp_ratio(5, 0), 0);
	assert_int_equal(bp_ratio(5, -3), 0);
	assert_int_equal(bp_ratio(INT64_MAX, 1), INT64_MAX);	/* saturates */
	assert_int_equal(bp_ratio(INT64_MIN, 1), INT64_MIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_accepts_plain_amounts),
		cmocka_unit_test(parse_accepts_leading_zeros),
		cmocka_unit_test(parse_empty_is_eempty),
		cmocka_unit_test(parse_refuses_bad_syntax),
		cmocka_unit_test(parse_refuses_extra_fraction_digits_without_rounding),
		cmocka_unit_test(parse_refuses_negative_in_unsigned),
		cmocka_unit_test(parse_range_at_cap_and_int64),
		cmocka_unit_test(parse_three_decimals),
		cmocka_unit_test(parse_zero_decimals),
		cmocka_unit_test(parse_six_decimals),
		cmocka_unit_test(parse_refuses_bad_decimals),
		cmocka_unit_test(parse_signed_accepts_minus_only),
		cmocka_unit_test(format_two_decimals),
		cmocka_unit_test(format_negatives),
		cmocka_unit_test(format_extremes),
		cmocka_unit_test(format_other_decimals),
		cmocka_unit_test(format_then_parse_round_trips),
		cmocka_unit_test(strerror_gives_chinese_messages),
		cmocka_unit_test(strerror_names_the_decimals),
		cmocka_unit_test(errpred_reads_after_a_label),
		cmocka_unit_test(bp_of_rounds_exact_halves_up),
		cmocka_unit_test(bp_of_rounds_negatives_away_from_zero),
		cmocka_unit_test(bp_of_handles_huge_products),
		cmocka_unit_test(bp_ratio_rounds_half_away_and_guards_the_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
