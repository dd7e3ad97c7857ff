/* Unit tests for withdrawal arithmetic (rules/withdraw), worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "amount.h"
#include "withdraw.h"

static void
member_pays_five_percent(void **state)
{
	struct withdraw_quote q;

	(void)state;
	/* 100.00 → fee 5.00, net 95.00 */
	assert_int_equal(withdraw_quote(10000, 100, 500, 0, &q), WITHDRAW_OK);
	assert_int_equal(q.fee, 500);
	assert_int_equal(q.deduction, 0);
	assert_int_equal(q.net, 9500);
}

static void
owner_and_leader_deductions(void **state)
{
	struct withdraw_quote q;

	(void)state;
	/* owner: 100.00 → fee 5.00, goods 10.00, net 85.00 */
	assert_int_equal(withdraw_quote(10000, 100, 500, 1000, &q), WITHDRAW_OK);
	assert_int_equal(q.fee, 500);
	assert_int_equal(q.deduction, 1000);
	assert_int_equal(q.net, 8500);
	/* leader: 100.00 → fee 5.00, goods 20.00, net 75.00 */
	assert_int_equal(withdraw_quote(10000, 100, 500, 2000, &q), WITHDRAW_OK);
	assert_int_equal(q.deduction, 2000);
	assert_int_equal(q.net, 7500);
}

static void
parts_round_half_up_separately(void **state)
{
	struct withdraw_quote q;

	(void)state;
	/* 0.10: 5% = 0.005 → 0.01; 10% = 0.01; net 0.08 */
	assert_int_equal(withdraw_quote(10, 1, 500, 1000, &q), WITHDRAW_OK);
	assert_int_equal(q.fee, 1);
	assert_int_equal(q.deduction, 1);
	assert_int_equal(q.net, 8);
	/* 0.09: 5% = 0.0045 → 0.00; net 0.09 */
	assert_int_equal(withdraw_quote(9, 1, 500, 0, &q), WITHDRAW_OK);
	assert_int_equal(q.fee, 0);
	assert_int_equal(q.net, 9);
	/* the parts always add up to the amount */
	for (int64_t a = 1; a < 5000; a += 7) {
		assert_int_equal(withdraw_quote(a, 1, 500, 2000, &q), WITHDRAW_OK);
		assert_int_equal(q.fee + q.deduction + q.net, a);
		assert_true(q.net >= 0);
	}
}

static void
minimum_rates_and_range(void **state)
{
	struct withdraw_quote q;

	(void)state;
	assert_int_equal(withdraw_quote(9999, 10000, 500, 0, &q), WITHDRAW_EMIN);
	assert_int_equal(withdraw_quote(10000, 10000, 500, 0, &q), WITHDRAW_OK);
	assert_int_equal(withdraw_quote(0, 0, 500, 0, &q), WITHDRAW_ERANGE);
	assert_int_equal(withdraw_quote(-1, 0, 500, 0, &q), WITHDRAW_ERANGE);
	assert_int_equal(withdraw_quote(AMT_CAP + 1, 0, 500, 0, &q), WITHDRAW_ERANGE);
	assert_int_equal(withdraw_quote(100, 0, -1, 0, &q), WITHDRAW_EBP);
	assert_int_equal(withdraw_quote(100, 0, 5000, 5001, &q), WITHDRAW_EBP);
	/* everything deducted: nothing paid, parts still add up */
	assert_int_equal(withdraw_quote(3, 0, 5000, 5000, &q), WITHDRAW_OK);
	assert_int_equal(q.fee + q.deduction, 3);
	assert_int_equal(q.net, 0);
}

static void
shipments_fall_due_at_each_threshold(void **state)
{
	(void)state;
	/* owner: 500 of goods per 5000.00 deducted */
	assert_int_equal(withdraw_shipments_due(499999, 500000, 0), 0);
	assert_int_equal(withdraw_shipments_due(500000, 500000, 0), 1);
	assert_int_equal(withdraw_shipments_due(999999, 500000, 0), 1);
	assert_int_equal(withdraw_shipments_due(1000000, 500000, 0), 2);
	assert_int_equal(withdraw_shipments_due(1000000, 500000, 1), 1);
	assert_int_equal(withdraw_shipments_due(1000000, 500000, 3), 0);
	/* leader: 2000 per 10000.00 */
	assert_int_equal(withdraw_shipments_due(2500000, 1000000, 0), 2);
	assert_int_equal(withdraw_shipments_due(100, 0, 0), 0);
	assert_int_equal(withdraw_shipments_due(-5, 500000, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(member_pays_five_percent),
		cmocka_unit_test(owner_and_leader_deductions),
		cmocka_unit_test(parts_round_half_up_separately),
		cmocka_unit_test(minimum_rates_and_range),
		cmocka_unit_test(shipments_fall_due_at_each_threshold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
