/* Unit tests for the retry schedule (rules/backoff), worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "backoff.h"

static const struct backoff B = { 10, 3600, 6 };

static void
waits_double_from_ten_seconds(void **state)
{
	(void)state;
	assert_int_equal(backoff_wait(&B, 1), 10);
	assert_int_equal(backoff_wait(&B, 2), 20);
	assert_int_equal(backoff_wait(&B, 3), 40);
	assert_int_equal(backoff_wait(&B, 5), 160);
}

static void
waits_never_pass_the_cap(void **state)
{
	(void)state;
	assert_int_equal(backoff_wait(&B, 9), 2560);
	assert_int_equal(backoff_wait(&B, 10), 3600);
	assert_int_equal(backoff_wait(&B, 1000000), 3600);
}

static void
the_last_attempt_fails_for_good(void **state)
{
	(void)state;
	assert_false(backoff_exhausted(&B, 1));
	assert_false(backoff_exhausted(&B, 5));
	assert_true(backoff_exhausted(&B, 6));
	assert_true(backoff_exhausted(&B, 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waits_double_from_ten_seconds),
		cmocka_unit_test(waits_never_pass_the_cap),
		cmocka_unit_test(the_last_attempt_fails_for_good),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
