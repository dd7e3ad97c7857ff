/* Unit tests for the service refusal code (lib/svc): SVC_EREFUSED is
 * no other code a db_tx callback returns, and svc_tx_result() maps what
 * db_tx gave back: 0, the callback's refusal (e kept), or a database
 * error as a refusal of its own (e overwritten). Pure: no database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "db.h"
#include "ledger.h"
#include "sms.h"
#include "svc.h"

/* The callback's refusal, as a db_tx callback leaves it in e. */
static int
refuse(struct svc_err *e)
{
	return svc_fail(e, 409, "state", "field", "订单已发货，不能取消");
}

static void
erefused_is_no_other_code(void **state)
{
	/* every db_err, and the codes callbacks pass up through db_tx
	 * (ledger, sms, events' and jobs' -100) */
	static const int others[] = { DB_OK, DB_ENOTFOUND, DB_EDUP,
	    DB_ERETRY, DB_ECONN, DB_ESQL, DB_ENOMEM, DB_EUNSURE,
	    LEDGER_EFUNDS, LEDGER_EDUP, LEDGER_EUNBALANCED, LEDGER_ECURRENCY,
	    SMS_ETOOSOON, SMS_EDAILY, SMS_EIP, SMS_ENOCODE, SMS_EWRONG,
	    SMS_EATTEMPTS, SMS_EPROVIDER, -100 };
	size_t i;

	(void)state;
	assert_true(SVC_EREFUSED < 0);
	for (i = 0; i < sizeof(others) / sizeof(*others); i++)
		assert_int_not_equal(SVC_EREFUSED, others[i]);
}

static void
fail_fills_and_returns_erefused(void **state)
{
	struct svc_err e;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_int_equal(refuse(&e), SVC_EREFUSED);
	assert_int_equal(e.status, 409);
	assert_string_equal(e.code, "state");
	assert_string_equal(e.field, "field");
	assert_string_equal(e.message, "订单已发货，不能取消");
}

static void
tx_result_ok(void **state)
{
	struct svc_err e;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_int_equal(svc_tx_result(&e, 0), 0);
	assert_null(e.code);
}

/* The callback refused: its e is the answer, unchanged. */
static void
tx_result_refusal_kept(void **state)
{
	struct svc_err	e;
	int		rc;

	(void)state;
	rc = refuse(&e);
	assert_int_equal(svc_tx_result(&e, rc), SVC_EREFUSED);
	assert_int_equal(e.status, 409);
	assert_string_equal(e.code, "state");
	assert_string_equal(e.field, "field");
}

/* DB_ENOTFOUND (-1, the old refusal value) from db_tx is a database
 * error now, never taken for a refusal: 500, whatever e held before. */
static void
tx_result_notfound_is_db_error(void **state)
{
	struct svc_err e;

	(void)state;
	(void)refuse(&e);	/* left by an earlier attempt */
	assert_int_equal(svc_tx_result(&e, DB_ENOTFOUND), SVC_EREFUSED);
	assert_int_equal(e.status, 500);
	assert_string_equal(e.code, "internal");
	assert_null(e.field);
	memset(&e, 0, sizeof(e));
	assert_int_equal(svc_tx_result(&e, DB_ESQL), SVC_EREFUSED);
	assert_int_equal(e.status, 500);
	/* a ledger code the service did not map is no refusal either */
	assert_int_equal(svc_tx_result(&e, LEDGER_EFUNDS), SVC_EREFUSED);
	assert_int_equal(e.status, 500);
}

/* db_tx gave up (deadlocks, the server away, COMMIT lost): 503, and a
 * refusal left in e by an abandoned attempt does not show. */
static void
tx_result_busy(void **state)
{
	struct svc_err e;

	(void)state;
	(void)refuse(&e);
	assert_int_equal(svc_tx_result(&e, DB_ERETRY), SVC_EREFUSED);
	assert_int_equal(e.status, 503);
	assert_string_equal(e.code, "busy");
	assert_null(e.field);
	(void)refuse(&e);
	assert_int_equal(svc_tx_result(&e, DB_ECONN), SVC_EREFUSED);
	assert_int_equal(e.status, 503);
	assert_string_equal(e.code, "busy");
	(void)refuse(&e);
	assert_int_equal(svc_tx_result(&e, DB_EUNSURE), SVC_EREFUSED);
	assert_int_equal(e.status, 503);
	assert_string_equal(e.code, "unsure");
}

static void
dberr_returns_erefused(void **state)
{
	struct svc_err e;

	(void)state;
	assert_int_equal(svc_dberr(&e, DB_ERETRY), SVC_EREFUSED);
	assert_int_equal(e.status, 503);
	assert_int_equal(svc_dberr(&e, DB_EDUP), SVC_EREFUSED);
	assert_int_equal(e.status, 500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(erefused_is_no_other_code),
		cmocka_unit_test(fail_fills_and_returns_erefused),
		cmocka_unit_test(tx_result_ok),
		cmocka_unit_test(tx_result_refusal_kept),
		cmocka_unit_test(tx_result_notfound_is_db_error),
		cmocka_unit_test(tx_result_busy),
		cmocka_unit_test(dberr_returns_erefused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
