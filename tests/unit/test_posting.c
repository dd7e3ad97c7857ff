/* Unit tests for journal entry validation (rules/posting). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "amount.h"
#include "posting.h"

static void
balanced_two_leg_entry_passes(void **state)
{
	struct posting p[] = { { 1, "CHANGE", -1000 }, { 2, "CHANGE", 1000 } };

	(void)state;
	assert_int_equal(posting_check(p, 2), POSTING_OK);
}

static void
multi_currency_entry_balances_per_currency(void **state)
{
	/* A conversion: 10.00 积分 out, 1.00 零钱 in, each leg balanced. */
	struct posting ok[] = {
		{ 1, "POINTS", -1000 }, { 9, "POINTS", 1000 },
		{ 2, "CHANGE", 100 }, { 8, "CHANGE", -100 },
	};
	/* Sums to zero overall but not per currency: refused. */
	struct posting bad[] = {
		{ 1, "POINTS", -1000 }, { 2, "CHANGE", 1000 },
	};

	(void)state;
	assert_int_equal(posting_check(ok, 4), POSTING_OK);
	assert_int_equal(posting_check(bad, 2), POSTING_EUNBALANCED);
}

static void
off_by_one_fen_is_unbalanced(void **state)
{
	struct posting p[] = {
		{ 1, "CHANGE", -10000 }, { 2, "CHANGE", 9500 }, { 3, "CHANGE", 499 },
	};

	(void)state;
	assert_int_equal(posting_check(p, 3), POSTING_EUNBALANCED);
	p[2].amount = 500;
	assert_int_equal(posting_check(p, 3), POSTING_OK);
}

static void
single_posting_zero_amount_and_missing_currency_refused(void **state)
{
	struct posting one[] = { { 1, "CHANGE", 0 } };
	struct posting zero[] = { { 1, "CHANGE", 0 }, { 2, "CHANGE", 0 } };
	struct posting nocur[] = { { 1, NULL, -5 }, { 2, "CHANGE", 5 } };

	(void)state;
	assert_int_equal(posting_check(one, 1), POSTING_ETOOFEW);
	assert_int_equal(posting_check(zero, 2), POSTING_EZERO);
	assert_int_equal(posting_check(nocur, 2), POSTING_ECURRENCY);
}

static void
same_account_twice_refused(void **state)
{
	struct posting p[] = {
		{ 1, "CHANGE", -5 }, { 2, "CHANGE", 10 }, { 1, "CHANGE", -5 },
	};

	(void)state;
	assert_int_equal(posting_check(p, 3), POSTING_EDUPACCOUNT);
}

static void
amounts_beyond_the_cap_refused(void **state)
{
	struct posting p[] = {
		{ 1, "CHANGE", -(AMT_CAP + 1) }, { 2, "CHANGE", AMT_CAP + 1 },
	};
	struct posting edge[] = {
		{ 1, "CHANGE", -AMT_CAP }, { 2, "CHANGE", AMT_CAP },
	};
	struct posting huge[] = {
		{ 1, "CHANGE", INT64_MIN }, { 2, "CHANGE", INT64_MAX },
	};

	(void)state;
	assert_int_equal(posting_check(p, 2), POSTING_ERANGE);
	assert_int_equal(posting_check(edge, 2), POSTING_OK);
	assert_int_equal(posting_check(huge, 2), POSTING_ERANGE);
}

static void
sort_orders_by_account_for_locking(void **state)
{
	struct posting p[] = {
		{ 30, "CHANGE", 1 }, { 4, "CHANGE", -3 }, { 17, "CHANGE", 2 },
	};

	(void)state;
	posting_sort(p, 3);
	assert_int_equal(p[0].account, 4);
	assert_int_equal(p[1].account, 17);
	assert_int_equal(p[2].account, 30);
	assert_int_equal(p[0].amount, -3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(balanced_two_leg_entry_passes),
		cmocka_unit_test(multi_currency_entry_balances_per_currency),
		cmocka_unit_test(off_by_one_fen_is_unbalanced),
		cmocka_unit_test(single_posting_zero_amount_and_missing_currency_refused),
		cmocka_unit_test(same_account_twice_refused),
		cmocka_unit_test(amounts_beyond_the_cap_refused),
		cmocka_unit_test(sort_orders_by_account_for_locking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
