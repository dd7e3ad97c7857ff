/* Unit tests for the fair random stream (rules/fairrand.c) beyond the
 * group-buy's labels, which tests/unit/test_gb_draw.c pins (with the
 * rejection-sampling edge cases) and gb_verify_js.test.mjs mirrors.
 *
 * Every expected number was computed once, while writing this test, by an
 * independent reference in python3 (hmac.new(seed, f"{label}:{b}"
 * .encode(), hashlib.sha256).digest(), words int.from_bytes(…, "big"),
 * uniform and pick from the spec in fairrand.h) and pasted as literals.
 *
 * Seeds: A = 00 01 … 1f (32 bytes), S16 = 00 01 … 0f, S64 = ab × 64. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "fairrand.h"

static uint8_t	seed_a[32], seed_16[16], seed_64[64];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	for (int i = 0; i < 32; i++)
		seed_a[i] = (uint8_t)i;
	for (int i = 0; i < 16; i++)
		seed_16[i] = (uint8_t)i;
	memset(seed_64, 0xab, sizeof(seed_64));
	return 0;
}

static void
words_of_a_named_stream(void **state)
{
	struct fairrand s;

	(void)state;
	/* HMAC(A, "rp:7:0") words 0-2 */
	assert_int_equal(fairrand_init(&s, seed_a, 32, "rp:7"), 0);
	assert_int_equal(fairrand_word(&s), 0xff6ec61e);
	assert_int_equal(fairrand_word(&s), 0x568448ec);
	assert_int_equal(fairrand_word(&s), 0xfbf257fe);
}

static void
label_42_is_the_group_stream(void **state)
{
	struct fairrand s;

	(void)state;
	/* the group-buy's group 42 (test_gb_draw.c): HMAC(A, "42:0") */
	assert_int_equal(fairrand_init(&s, seed_a, 32, "42"), 0);
	assert_int_equal(fairrand_word(&s), 0xc1bbf5a1);
	assert_int_equal(fairrand_word(&s), 0x872eddc0);
}

static void
uniform_pinned_for_a_fixed_seed(void **state)
{
	static const uint32_t want[6] = { 58, 96, 54, 41, 4, 33 };
	struct fairrand s;

	(void)state;
	assert_int_equal(fairrand_init(&s, seed_a, 32, "rp:7"), 0);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(fairrand_uniform(&s, 100), want[i]);
}

static void
seeds_of_other_lengths_are_the_hmac_key(void **state)
{
	static const uint32_t want[4] = { 213, 419, 456, 940 };
	struct fairrand s;

	(void)state;
	assert_int_equal(fairrand_init(&s, seed_16, 16, "queue:2026-12-05"), 0);
	assert_int_equal(fairrand_word(&s), 0x64f7d3cd);
	assert_int_equal(fairrand_word(&s), 0x9b79237b);
	assert_int_equal(fairrand_init(&s, seed_16, 16, "queue:2026-12-05"), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(fairrand_uniform(&s, 1000), want[i]);
	/* a whole HMAC block of key */
	assert_int_equal(fairrand_init(&s, seed_64, 64, "x"), 0);
	assert_int_equal(fairrand_word(&s), 0x5f1d47a3);
	assert_int_equal(fairrand_word(&s), 0x1c37d727);
}

static void
pick_three_of_eight(void **state)
{
	int		 v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct fairrand	 s;

	(void)state;
	assert_int_equal(fairrand_init(&s, seed_a, 32, "rp:7"), 0);
	fairrand_pick(&s, v, 8, 3);
	assert_int_equal(v[0], 7);
	assert_int_equal(v[1], 8);
	assert_int_equal(v[2], 3);
}

static void
init_refuses_bad_seeds_and_labels(void **state)
{
	uint8_t		 big[FAIRRAND_KEY_MAX + 1];
	char		 label[FAIRRAND_LABEL_MAX + 1];
	struct fairrand	 s;

	(void)state;
	memset(big, 1, sizeof(big));
	memset(label, 'x', sizeof(label));
	label[FAIRRAND_LABEL_MAX] = '\0';
	assert_int_equal(fairrand_init(&s, seed_a, 0, "a"), -1);
	assert_int_equal(fairrand_init(&s, NULL, 32, "a"), -1);
	assert_int_equal(fairrand_init(&s, big, sizeof(big), "a"), -1);
	assert_int_equal(fairrand_init(&s, seed_a, 32, NULL), -1);
	/* 64 characters leave no room for the NUL; 63 fit */
	assert_int_equal(fairrand_init(&s, seed_a, 32, label), -1);
	label[FAIRRAND_LABEL_MAX - 1] = '\0';
	assert_int_equal(fairrand_init(&s, seed_a, 32, label), 0);
	/* the empty label is a name like any other */
	assert_int_equal(fairrand_init(&s, seed_a, 32, ""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_of_a_named_stream),
		cmocka_unit_test(label_42_is_the_group_stream),
		cmocka_unit_test(uniform_pinned_for_a_fixed_seed),
		cmocka_unit_test(seeds_of_other_lengths_are_the_hmac_key),
		cmocka_unit_test(pick_three_of_eight),
		cmocka_unit_test(init_refuses_bad_seeds_and_labels),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
