/* Unit tests for the completed mall order's 消费积分 and referral plan
 * (rules/orderrw), worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "orderrw.h"

static const int64_t G8[] = { 200, 100 };

static struct orderrw_order
order(int64_t value, int64_t cost)
{
	struct orderrw_order o;

	memset(&o, 0, sizeof(o));
	o.id = 42;
	o.buyer = 7;
	o.value = value;
	o.cost = cost;
	o.change = 1;
	o.up[0] = 5;
	o.up[1] = 3;
	o.up[2] = 1;
	return o;
}

static void
points_one_per_yuan(void **state)
{
	struct orderrw_order	o = order(5500, 3000);
	struct orderrw_plan	p;

	(void)state;
	/* ¥55.00 at 1 消费积分 per ¥1 (10000 bp) → 55.00 消费积分 */
	assert_int_equal(orderrw_points(&o, 10000, &p), ORDERRW_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.l[0].act, REWARD_CREDIT);
	assert_int_equal(p.l[0].to, 7);
	assert_string_equal(p.l[0].currency, "MALLPTS");
	assert_null(p.l[0].source);
	assert_int_equal(p.l[0].amount, 5500);
	assert_string_equal(p.l[0].key, "order.mallpts:42");
	assert_string_equal(p.l[0].kind, "order.mallpts");
	assert_string_equal(p.l[0].ref_type, "order");
	assert_int_equal(p.l[0].ref_id, 42);
}

static void
points_rate_rounds_half_up(void **state)
{
	struct orderrw_order	o = order(333, 0);
	struct orderrw_plan	p;

	(void)state;
	/* ¥3.33 at 1.5 per ¥1 → 4.995 → 5.00 (half up) */
	assert_int_equal(orderrw_points(&o, 15000, &p), ORDERRW_OK);
	assert_int_equal(p.l[0].amount, 500);
	/* ¥3.33 at 0.5 per ¥1 → 1.665 → 1.67 */
	assert_int_equal(orderrw_points(&o, 5000, &p), ORDERRW_OK);
	assert_int_equal(p.l[0].amount, 167);
}

static void
points_zero_rate_or_value_pays_nothing(void **state)
{
	struct orderrw_order	o = order(5500, 0);
	struct orderrw_plan	p;

	(void)state;
	assert_int_equal(orderrw_points(&o, 0, &p), ORDERRW_OK);
	assert_int_equal(p.n, 0);
	o.value = 0;
	assert_int_equal(orderrw_points(&o, 10000, &p), ORDERRW_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(orderrw_points(&o, -1, &p), ORDERRW_EBP);
}

static void
referral_two_levels_two_and_one_percent(void **state)
{
	struct orderrw_order	o = order(5500, 3000);
	struct orderrw_plan	p;

	(void)state;
	/* 2% and 1% of ¥55.00: 1.10 and 0.55 零钱, from the revenue */
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.l[0].to, 5);
	assert_int_equal(p.l[0].amount, 110);
	assert_string_equal(p.l[0].currency, "CHANGE");
	assert_string_equal(p.l[0].source, "revenue");
	assert_string_equal(p.l[0].key, "order.referral:42:1");
	assert_int_equal(p.l[1].to, 3);
	assert_int_equal(p.l[1].amount, 55);
	assert_string_equal(p.l[1].key, "order.referral:42:2");
	assert_string_equal(p.l[1].kind, "order.referral");
}

static void
referral_stops_at_a_missing_inviter(void **state)
{
	struct orderrw_order	o = order(5500, 3000);
	struct orderrw_plan	p;

	(void)state;
	o.up[1] = 0;
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 1);
	o.up[0] = 0;
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 0);
}

static void
referral_capped_at_the_margin_nearest_first(void **state)
{
	struct orderrw_order	o = order(10000, 9850);
	struct orderrw_plan	p;

	(void)state;
	/* ¥100.00 sold at a ¥1.50 margin: 2.00 + 1.00 wanted, 1.50 there */
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.l[0].amount, 150);
	o.cost = 9750;	/* margin 2.50: 2.00, then 0.50 */
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.l[1].amount, 50);
	o.cost = 12000;	/* sold below cost: nothing */
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_int_equal(p.n, 0);
}

static void
referral_outside_change_is_issued(void **state)
{
	struct orderrw_order	o = order(5500, 3000);
	struct orderrw_plan	p;

	(void)state;
	o.change = 0;
	assert_int_equal(orderrw_referral(&o, G8, 2, &p), ORDERRW_OK);
	assert_null(p.l[0].source);
	assert_null(p.l[1].source);
}

static void
more_than_three_generations_refused(void **state)
{
	static const int64_t four[] = { 100, 100, 100, 100 };
	static const int64_t bad[] = { 200, 10001 };
	struct orderrw_order	o = order(5500, 0);
	struct orderrw_plan	p;

	(void)state;
	assert_int_equal(orderrw_check(four, 3), ORDERRW_OK);
	assert_int_equal(orderrw_check(four, 4), ORDERRW_EGEN);
	assert_int_equal(orderrw_referral(&o, four, 4, &p), ORDERRW_EGEN);
	assert_int_equal(p.n, 0);
	assert_int_equal(orderrw_check(bad, 2), ORDERRW_EBP);
	/* three are fine: 1% each of ¥55.00 */
	assert_int_equal(orderrw_referral(&o, four, 3, &p), ORDERRW_OK);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.l[2].to, 1);
	assert_int_equal(p.l[2].amount, 55);
}

static void
bp_overflow_is_refused(void **state)
{
	(void)state;
	assert_int_equal(orderrw_bp(INT64_MAX / 2, 10000), -1);
	assert_int_equal(orderrw_bp(1, 5000), 1);
	assert_int_equal(orderrw_bp(1, 4999), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(points_one_per_yuan),
		cmocka_unit_test(points_rate_rounds_half_up),
		cmocka_unit_test(points_zero_rate_or_value_pays_nothing),
		cmocka_unit_test(referral_two_levels_two_and_one_percent),
		cmocka_unit_test(referral_stops_at_a_missing_inviter),
		cmocka_unit_test(referral_capped_at_the_margin_nearest_first),
		cmocka_unit_test(referral_outside_change_is_issued),
		cmocka_unit_test(more_than_three_generations_refused),
		cmocka_unit_test(bp_overflow_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
