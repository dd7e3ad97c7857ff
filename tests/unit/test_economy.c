/* Unit tests for the economy arithmetic (rules/economy): worked numbers
 * for the 购物金 release, dividend splits, the monthly pool calendar and
 * blind-box weights. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "economy.h"

static void
release_is_bp_of_the_balance_half_up(void **state)
{
	(void)state;
	/* 0.03% (3 bp) of 10000.00 购物金 = 3.00 */
	assert_int_equal(release_amount(1000000, 3), 300);
	/* of 1234.56: 0.370368 → 0.37 */
	assert_int_equal(release_amount(123456, 3), 37);
	/* of 1666.67: 0.500001 → 0.50; of 1650.00: 0.495 → 0.50 (half-up) */
	assert_int_equal(release_amount(166667, 3), 50);
	assert_int_equal(release_amount(165000, 3), 50);
	/* of 1616.66: 0.484998 → 0.48 */
	assert_int_equal(release_amount(161666, 3), 48);
	/* tiny balances release nothing until 0.005 is reached */
	assert_int_equal(release_amount(16, 3), 0);
	assert_int_equal(release_amount(1667, 3), 1);
	assert_int_equal(release_amount(0, 3), 0);
	assert_int_equal(release_amount(-5, 3), 0);
	assert_int_equal(release_amount(100, 0), 0);
}

static void
release_rate_is_accelerated_on_a_day_with_a_join(void **state)
{
	(void)state;
	/* base 0.03%, 0.06% on a day with a join */
	assert_int_equal(release_bp_for(3, 6, 1), 6);
	assert_int_equal(release_bp_for(3, 6, 0), 3);
	/* an accelerated rate below the base never slows a release down */
	assert_int_equal(release_bp_for(3, 1, 1), 3);
	assert_int_equal(release_bp_for(3, 0, 1), 3);
	/* of 100.00 购物金: 0.06 on a join day, 0.03 otherwise; of 99.94
	 * at 6 bp: 0.059964 → 0.06 (half-up) */
	assert_int_equal(release_amount(10000, release_bp_for(3, 6, 1)), 6);
	assert_int_equal(release_amount(10000, release_bp_for(3, 6, 0)), 3);
	assert_int_equal(release_amount(9994, 6), 6);
	/* of 1650.00 at 0.05%: 0.825 → 0.83 */
	assert_int_equal(release_amount(165000, release_bp_for(3, 5, 1)), 83);
}

/* D8: 分红积分 buy products on days 1–5 of the month only. */
static void
divpts_redeem_on_days_one_to_five(void **state)
{
	int d;

	(void)state;
	for (d = 1; d <= 5; d++)
		assert_null(divpts_redeem_check(d));
	for (d = 6; d <= 31; d++)
		assert_non_null(strstr(divpts_redeem_check(d), "1–5 日"));
	assert_non_null(divpts_redeem_check(0));
}

static void
release_never_exceeds_what_is_held(void **state)
{
	(void)state;
	/* 150% of 0.01 would round to 0.02: capped at 0.01 */
	assert_int_equal(release_amount(1, 15000), 1);
	assert_int_equal(release_amount(200, 10000), 200);
	assert_int_equal(release_amount(200, 20000), 200);
}

static void
split_rounds_down_and_keeps_the_remainder(void **state)
{
	int64_t	units[3] = { 10000, 20000, 30000 }, out[3], rem = -1;

	(void)state;
	/* 100.00 by 1:2:3 → 16.66, 33.33, 50.00, 0.01 stays */
	assert_int_equal(split_pro_rata(10000, units, 3, out, &rem), 0);
	assert_int_equal(out[0], 1666);
	assert_int_equal(out[1], 3333);
	assert_int_equal(out[2], 5000);
	assert_int_equal(rem, 1);
	/* an exact split leaves nothing */
	assert_int_equal(split_pro_rata(60000, units, 3, out, &rem), 0);
	assert_int_equal(out[0], 10000);
	assert_int_equal(rem, 0);
}

static void
split_of_a_pool_smaller_than_the_holders(void **state)
{
	int64_t	units[4] = { 1, 1, 1, 1 }, out[4], rem = -1;

	(void)state;
	/* 0.03 among four equal holders: nobody gets 0.01, 0.03 stays */
	assert_int_equal(split_pro_rata(3, units, 4, out, &rem), 0);
	assert_int_equal(out[0] + out[1] + out[2] + out[3], 0);
	assert_int_equal(rem, 3);
}

static void
split_without_units_keeps_the_pool(void **state)
{
	int64_t	units[2] = { 0, 0 }, out[2] = { 9, 9 }, rem = -1, neg[1] = { -1 };

	(void)state;
	assert_int_equal(split_pro_rata(500, units, 2, out, &rem), 0);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	assert_int_equal(rem, 500);
	assert_int_equal(split_pro_rata(500, NULL, 0, NULL, &rem), 0);
	assert_int_equal(rem, 500);
	assert_int_equal(split_pro_rata(500, neg, 1, out, &rem), -1);
}

static void
split_does_not_overflow_with_large_numbers(void **state)
{
	int64_t	units[2] = { INT64_C(900000000000000), INT64_C(100000000000000) };
	int64_t	out[2], rem;

	(void)state;
	/* 10^15 fen by 9:1 — the product needs 128 bits */
	assert_int_equal(split_pro_rata(INT64_C(1000000000000000), units, 2,
	    out, &rem), 0);
	assert_true(out[0] == INT64_C(900000000000000));
	assert_true(out[1] == INT64_C(100000000000000));
	assert_int_equal(rem, 0);
}

static void
months_have_their_days(void **state)
{
	(void)state;
	assert_int_equal(days_in_month(2026, 1), 31);
	assert_int_equal(days_in_month(2026, 2), 28);
	assert_int_equal(days_in_month(2028, 2), 29);
	assert_int_equal(days_in_month(2100, 2), 28);
	assert_int_equal(days_in_month(2000, 2), 29);
	assert_int_equal(days_in_month(2026, 4), 30);
	assert_int_equal(days_in_month(2026, 12), 31);
	assert_int_equal(days_in_month(2026, 13), 0);
	assert_int_equal(days_in_month(2026, 0), 0);
}

static void
pool_window_edges(void **state)
{
	(void)state;
	assert_int_equal(divpool_window(1), DIVPOOL_INOUT);
	assert_int_equal(divpool_window(5), DIVPOOL_INOUT);
	assert_int_equal(divpool_window(6), DIVPOOL_IN_ONLY);
	assert_int_equal(divpool_window(24), DIVPOOL_IN_ONLY);
	assert_int_equal(divpool_window(25), DIVPOOL_FROZEN);
	/* the last day of every month length is frozen */
	assert_int_equal(divpool_window(28), DIVPOOL_FROZEN);
	assert_int_equal(divpool_window(29), DIVPOOL_FROZEN);
	assert_int_equal(divpool_window(30), DIVPOOL_FROZEN);
	assert_int_equal(divpool_window(31), DIVPOOL_FROZEN);
}

static void
pool_moves_in_hundreds_and_by_window(void **state)
{
	(void)state;
	/* 100 points = 100.00 = 10000 units */
	assert_null(divpool_move_check(3, 1, 10000, 100));
	assert_null(divpool_move_check(3, 0, 20000, 100));
	assert_null(divpool_move_check(24, 1, 10000, 100));
	assert_non_null(divpool_move_check(6, 0, 10000, 100));
	assert_non_null(divpool_move_check(24, 0, 10000, 100));
	assert_non_null(divpool_move_check(25, 1, 10000, 100));
	assert_non_null(divpool_move_check(31, 0, 10000, 100));
	/* not a multiple of 100 points */
	assert_non_null(divpool_move_check(3, 1, 9900, 100));
	assert_non_null(divpool_move_check(3, 1, 10050, 100));
	assert_non_null(divpool_move_check(3, 1, 0, 100));
}

static void
box_weights_pick_in_order(void **state)
{
	int64_t	w[3] = { 50, 30, 20 }, bad[2] = { 5, 0 };

	(void)state;
	assert_int_equal(box_pick(w, 3, 0), 0);
	assert_int_equal(box_pick(w, 3, 49), 0);
	assert_int_equal(box_pick(w, 3, 50), 1);
	assert_int_equal(box_pick(w, 3, 79), 1);
	assert_int_equal(box_pick(w, 3, 80), 2);
	assert_int_equal(box_pick(w, 3, 99), 2);
	assert_int_equal(box_pick(w, 3, 100), -1);
	assert_int_equal(box_pick(bad, 2, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(release_is_bp_of_the_balance_half_up),
		cmocka_unit_test(release_rate_is_accelerated_on_a_day_with_a_join),
		cmocka_unit_test(release_never_exceeds_what_is_held),
		cmocka_unit_test(divpts_redeem_on_days_one_to_five),
		cmocka_unit_test(split_rounds_down_and_keeps_the_remainder),
		cmocka_unit_test(split_of_a_pool_smaller_than_the_holders),
		cmocka_unit_test(split_without_units_keeps_the_pool),
		cmocka_unit_test(split_does_not_overflow_with_large_numbers),
		cmocka_unit_test(months_have_their_days),
		cmocka_unit_test(pool_window_edges),
		cmocka_unit_test(pool_moves_in_hundreds_and_by_window),
		cmocka_unit_test(box_weights_pick_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
