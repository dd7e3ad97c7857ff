/* Unit tests for mall prices (rules/mallprice): the rate setting's syntax
 * and the ¥ → mall currency conversion, worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "amount.h"
#include "convert.h"
#include "mallprice.h"

static void
rate_parses_units_then_yuan(void **state)
{
	int64_t u = 0, y = 0;

	(void)state;
	assert_int_equal(mall_rate_parse("10:1", &u, &y), CONVERT_OK);
	assert_int_equal(u, 10);
	assert_int_equal(y, 1);
	assert_int_equal(mall_rate_parse("3:2", &u, &y), CONVERT_OK);
	assert_int_equal(u, 3);
	assert_int_equal(y, 2);
}

static void
bad_rates_are_refused_and_leave_outputs(void **state)
{
	const char	*bad[] = { NULL, "", "10", "10:", ":1", "0:1", "1:0",
			    "-1:1", "1:-1", "10:1x", "10:1:1", "a:b", "10/1" };
	int64_t		 u = 7, y = 9;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mall_rate_parse(bad[i], &u, &y), CONVERT_ERATE);
	assert_int_equal(u, 7);
	assert_int_equal(y, 9);
}

static void
points_mall_ten_to_one(void **state)
{
	int64_t out = -1;

	(void)state;
	/* ¥45.00 at 10:1 costs 450.00 积分; ¥0.01 costs 0.10 */
	assert_int_equal(mall_price(4500, 10, 1, &out), CONVERT_OK);
	assert_int_equal(out, 45000);
	assert_int_equal(mall_price(1, 10, 1, &out), CONVERT_OK);
	assert_int_equal(out, 10);
}

static void
one_to_one_is_the_same_amount(void **state)
{
	int64_t out = -1;

	(void)state;
	assert_int_equal(mall_price(4990, 1, 1, &out), CONVERT_OK);
	assert_int_equal(out, 4990);
}

static void
inexact_prices_are_refused_not_rounded(void **state)
{
	int64_t out = 77;

	(void)state;
	/* 1:2 — ¥2.00 per unit: ¥0.03 would be 0.015 */
	assert_int_equal(mall_price(3, 1, 2, &out), CONVERT_EINEXACT);
	assert_int_equal(out, 77);
	assert_int_equal(mall_price(4, 1, 2, &out), CONVERT_OK);
	assert_int_equal(out, 2);
	/* 3:2 — ¥1.00 is 1.50 */
	assert_int_equal(mall_price(100, 3, 2, &out), CONVERT_OK);
	assert_int_equal(out, 150);
}

static void
out_of_range_is_refused(void **state)
{
	int64_t out = 5;

	(void)state;
	assert_int_equal(mall_price(0, 10, 1, &out), CONVERT_ERANGE);
	assert_int_equal(mall_price(-100, 10, 1, &out), CONVERT_ERANGE);
	assert_int_equal(mall_price(AMT_CAP, 10, 1, &out), CONVERT_ERANGE);
	assert_int_equal(mall_price(100, 0, 1, &out), CONVERT_ERATE);
	assert_int_equal(out, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_parses_units_then_yuan),
		cmocka_unit_test(bad_rates_are_refused_and_leave_outputs),
		cmocka_unit_test(points_mall_ten_to_one),
		cmocka_unit_test(one_to_one_is_the_same_amount),
		cmocka_unit_test(inexact_prices_are_refused_not_rounded),
		cmocka_unit_test(out_of_range_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
