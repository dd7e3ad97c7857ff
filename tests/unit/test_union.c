/* Unit tests for the union queue's rules (rules/union): the day's profit
 * and what it moves, the quota (¥1000 → ¥1100), whole payments in strict
 * order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "union.h"

static void
profit_moves_60_percent(void **state)
{
	struct union_day d = { 50000, 0, 30000, 20000, 0, 0 };

	(void)state;
	assert_int_equal(union_day_plan(&d, 6000), UNION_OK);
	assert_int_equal(d.profit, 60000);	/* 500 + 300 − 200 */
	assert_int_equal(d.moved, 36000);
	d.margin = 1;
	d.commission = 0;
	d.rewards = 0;
	assert_int_equal(union_day_plan(&d, 5000), UNION_OK);
	assert_int_equal(d.moved, 1);		/* 0.005 → 0.01 */
}

static void
zero_or_negative_profit_moves_nothing(void **state)
{
	struct union_day d = { 10000, 0, 0, 10000, 0, -1 };

	(void)state;
	assert_int_equal(union_day_plan(&d, 6000), UNION_OK);
	assert_int_equal(d.profit, 0);
	assert_int_equal(d.moved, 0);
	d.rewards = 30000;
	assert_int_equal(union_day_plan(&d, 6000), UNION_OK);
	assert_int_equal(d.profit, -20000);
	assert_int_equal(d.moved, 0);
	d.rewards = -1;
	assert_int_equal(union_day_plan(&d, 6000), UNION_EINVAL);
	d.rewards = 0;
	assert_int_equal(union_day_plan(&d, 10001), UNION_EINVAL);
}

static void
quota_1000_gives_1100(void **state)
{
	int64_t q = 0;

	(void)state;
	assert_int_equal(union_quota(100000, 11000, &q), UNION_OK);
	assert_int_equal(q, 110000);
	assert_int_equal(union_quota(16800, 11000, &q), UNION_OK);
	assert_int_equal(q, 18480);
	assert_int_equal(union_quota(-1, 11000, &q), UNION_EINVAL);
	assert_int_equal(union_quota(100, 100001, &q), UNION_EINVAL);
}

static void
allocate_pays_whole_in_order_and_stops(void **state)
{
	const int64_t	owed[] = { 11000, 22000, 33000, 1100 };
	int64_t		left = -1;

	(void)state;
	/* 500.00: 110 + 220 paid, 330 does not fit, so 11 behind it waits */
	assert_int_equal(union_allocate(50000, owed, 4, &left), 2);
	assert_int_equal(left, 17000);
	assert_int_equal(union_allocate(66000, owed, 4, &left), 3);
	assert_int_equal(left, 0);
	assert_int_equal(union_allocate(10999, owed, 4, &left), 0);
	assert_int_equal(left, 10999);
	assert_int_equal(union_allocate(100000, owed, 4, &left), 4);
	assert_int_equal(left, 100000 - 67100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(profit_moves_60_percent),
		cmocka_unit_test(zero_or_negative_profit_moves_nothing),
		cmocka_unit_test(quota_1000_gives_1100),
		cmocka_unit_test(allocate_pays_whole_in_order_and_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
