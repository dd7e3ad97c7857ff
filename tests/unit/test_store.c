/* Unit tests for the store rules (rules/store): the cashier split with
 * worked numbers, rounding at the half fen, and the bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "amount.h"
#include "store.h"

static void
split_168_at_5_percent(void **state)
{
	int64_t c = -1, m = -1;

	(void)state;
	assert_int_equal(store_split(16800, 500, &c, &m), STORE_OK);
	assert_int_equal(c, 840);
	assert_int_equal(m, 15960);
}

static void
split_rounds_half_up_and_adds_up(void **state)
{
	int64_t c = -1, m = -1;

	(void)state;
	assert_int_equal(store_split(10, 500, &c, &m), STORE_OK);
	assert_int_equal(c, 1);		/* 0.005 → 0.01 */
	assert_int_equal(m, 9);
	assert_int_equal(store_split(9, 500, &c, &m), STORE_OK);
	assert_int_equal(c, 0);		/* 0.0045 → 0 */
	assert_int_equal(m, 9);
	assert_int_equal(store_split(12345, 0, &c, &m), STORE_OK);
	assert_int_equal(c + m, 12345);
	assert_int_equal(c, 0);
}

static void
split_refuses_bad_input(void **state)
{
	int64_t c = 7, m = 7;

	(void)state;
	assert_int_equal(store_split(0, 500, &c, &m), STORE_EINVAL);
	assert_int_equal(store_split(-100, 500, &c, &m), STORE_EINVAL);
	assert_int_equal(store_split(AMT_CAP + 1, 500, &c, &m), STORE_EINVAL);
	assert_int_equal(store_split(100, -1, &c, &m), STORE_EINVAL);
	assert_int_equal(store_split(100, STORE_COMMISSION_MAX + 1, &c, &m),
	    STORE_EINVAL);
	assert_int_equal(c, 7);
	assert_int_equal(m, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_168_at_5_percent),
		cmocka_unit_test(split_rounds_half_up_and_adds_up),
		cmocka_unit_test(split_refuses_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
