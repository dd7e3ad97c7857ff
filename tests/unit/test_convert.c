/* Unit tests for conversion arithmetic (rules/convert), worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "amount.h"
#include "convert.h"

static void
points_to_change_ten_to_one(void **state)
{
	int64_t out = -1;

	(void)state;
	/* 10.00 积分 → 1.00 零钱; 123.40 → 12.34 */
	assert_int_equal(convert_exact(1000, 10, 1, &out), CONVERT_OK);
	assert_int_equal(out, 100);
	assert_int_equal(convert_exact(12340, 10, 1, &out), CONVERT_OK);
	assert_int_equal(out, 1234);
	/* 0.10 积分 is the smallest exact step: 0.01 零钱 */
	assert_int_equal(convert_exact(10, 10, 1, &out), CONVERT_OK);
	assert_int_equal(out, 1);
	assert_int_equal(convert_step(10, 1), 10);
}

static void
inexact_amounts_are_refused_not_rounded(void **state)
{
	int64_t out = 77;

	(void)state;
	/* 12.35 积分 would be 1.235 零钱 */
	assert_int_equal(convert_exact(1235, 10, 1, &out), CONVERT_EINEXACT);
	assert_int_equal(convert_exact(9, 10, 1, &out), CONVERT_EINEXACT);
	assert_int_equal(out, 77);
	/* 3:2 — step 3 */
	assert_int_equal(convert_step(3, 2), 3);
	assert_int_equal(convert_exact(300, 3, 2, &out), CONVERT_OK);
	assert_int_equal(out, 200);
	assert_int_equal(convert_exact(301, 3, 2, &out), CONVERT_EINEXACT);
}

static void
green_to_change_one_to_one(void **state)
{
	int64_t out = 0;

	(void)state;
	assert_int_equal(convert_exact(1, 1, 1, &out), CONVERT_OK);
	assert_int_equal(out, 1);
	assert_int_equal(convert_step(1, 1), 1);
	assert_int_equal(convert_exact(AMT_CAP, 1, 1, &out), CONVERT_OK);
	assert_int_equal(out, AMT_CAP);
}

static void
bad_rates_and_ranges_are_refused(void **state)
{
	int64_t out;

	(void)state;
	assert_int_equal(convert_exact(100, 0, 1, &out), CONVERT_ERATE);
	assert_int_equal(convert_exact(100, 1, -1, &out), CONVERT_ERATE);
	assert_int_equal(convert_exact(0, 1, 1, &out), CONVERT_ERANGE);
	assert_int_equal(convert_exact(-100, 1, 1, &out), CONVERT_ERANGE);
	assert_int_equal(convert_exact(AMT_CAP + 1, 1, 1, &out), CONVERT_ERANGE);
	/* 1:2 would double past the cap */
	assert_int_equal(convert_exact(AMT_CAP, 1, 2, &out), CONVERT_ERANGE);
	assert_int_equal(convert_step(0, 1), 0);
}

static void
accelerations_are_capped_by_what_is_held(void **state)
{
	(void)state;
	/* B2: a loser's 1代 upline converts 15.00 红券, 2代 20.00, a winner 40.00 */
	assert_int_equal(convert_capped(100000, 1500), 1500);
	assert_int_equal(convert_capped(1200, 1500), 1200);
	assert_int_equal(convert_capped(0, 4000), 0);
	assert_int_equal(convert_capped(-5, 4000), 0);
	assert_int_equal(convert_capped(5000, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(points_to_change_ten_to_one),
		cmocka_unit_test(inexact_amounts_are_refused_not_rounded),
		cmocka_unit_test(green_to_change_one_to_one),
		cmocka_unit_test(bad_rates_and_ranges_are_refused),
		cmocka_unit_test(accelerations_are_capped_by_what_is_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
