/* Unit tests for the red-packet rain's split (rules/rp.c).
 *
 * The expected amounts were computed once, while writing this test, by an
 * independent reference in python3 (hmac.new(seed, f"rp-{id}:{b}".encode(),
 * hashlib.sha256), words big-endian, uniform by rejection, hi =
 * min(2R // k, R - (k - 1)) as rp.h states) and pasted as literals; no
 * python runs with the tests. tests/http/rp_verify_js.test.mjs checks the
 * browser verifier (static/js/rp-verify.js) against the same vectors.
 *
 * Seeds: A = 00 01 … 1f; B = SHA-256("pintuan gb test seed B"); C = ff × 32. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "rp.h"

static uint8_t	seed_a[32], seed_b[32], seed_c[32];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	for (int i = 0; i < 32; i++)
		seed_a[i] = (uint8_t)i;
	crypto_hash_sha256(seed_b, (const unsigned char *)
	    "pintuan gb test seed B", strlen("pintuan gb test seed B"));
	memset(seed_c, 0xff, sizeof(seed_c));
	return 0;
}

static int64_t
sum(const int64_t *v, size_t n)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

static void
split_matches_reference_seed_a(void **state)
{
	static const int64_t want[10] = { 58, 48, 190, 199, 153, 106, 86, 73,
	    77, 10 };
	int64_t out[10];

	(void)state;
	assert_int_equal(rp_split(seed_a, 7, 1000, 10, out), RP_OK);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(sum(out, 10), 1000);
}

static void
split_matches_reference_seed_b(void **state)
{
	static const int64_t want[8] = { 744, 1821, 2019, 108, 965, 2447, 667,
	    1229 };
	int64_t out[8];

	(void)state;
	assert_int_equal(rp_split(seed_b, 123, 10000, 8, out), RP_OK);
	assert_memory_equal(out, want, sizeof(want));
}

/* 0.01 × n exactly: no room to draw, every packet is 0.01. */
static void
split_of_one_fen_each(void **state)
{
	int64_t out[3], big[500];

	(void)state;
	assert_int_equal(rp_split(seed_c, 1, 3, 3, out), RP_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(out[i], 1);
	assert_int_equal(rp_split(seed_a, 77, 500, 500, big), RP_OK);
	for (int i = 0; i < 500; i++)
		assert_int_equal(big[i], 1);
}

static void
split_of_one_packet_is_the_total(void **state)
{
	int64_t out[1];

	(void)state;
	assert_int_equal(rp_split(seed_c, 1, 50, 1, out), RP_OK);
	assert_int_equal(out[0], 50);
}

/* 10,000 packets of ¥10,000: the reference's first and last amounts, the
 * sum, the smallest and the largest. */
static void
split_of_many_packets(void **state)
{
	static const int64_t head[5] = { 26, 32, 94, 78, 120 };
	static const int64_t tail[3] = { 183, 129, 10 };
	int64_t	*out = calloc(10000, sizeof(*out)), lo = INT64_MAX, hi = 0;

	(void)state;
	assert_non_null(out);
	assert_int_equal(rp_split(seed_a, 42, 1000000, 10000, out), RP_OK);
	assert_memory_equal(out, head, sizeof(head));
	assert_memory_equal(out + 9997, tail, sizeof(tail));
	for (int i = 0; i < 10000; i++) {
		lo = out[i] < lo ? out[i] : lo;
		hi = out[i] > hi ? out[i] : hi;
	}
	assert_int_equal(sum(out, 10000), 1000000);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 210);
	free(out);
}

/* A large total (¥2,000,000 in 100): 2R/k is near 2^32 / 2. */
static void
split_of_a_large_total(void **state)
{
	int64_t out[100];

	(void)state;
	assert_int_equal(rp_split(seed_b, 9, 200000000, 100, out), RP_OK);
	assert_int_equal(out[0], 298372);
	assert_int_equal(out[1], 432382);
	assert_int_equal(out[2], 3515658);
	assert_int_equal(out[3], 2696233);
	assert_int_equal(out[98], 953836);
	assert_int_equal(out[99], 2961629);
	assert_int_equal(sum(out, 100), 200000000);
}

/* Any total and count: the sum is exact, each packet at least 0.01 and
 * at most twice the mean of what remained when it was cut (the last
 * excepted), and the same seed gives the same split. */
static void
split_always_sums_and_is_reproducible(void **state)
{
	static const int64_t totals[] = { 1, 2, 7, 99, 100, 101, 12345,
	    999999, 2000000000LL };
	static const uint32_t counts[] = { 1, 2, 3, 7, 99, 100, 1000 };
	int64_t	*a = calloc(1000, sizeof(*a)), *b = calloc(1000, sizeof(*b));

	(void)state;
	for (size_t t = 0; t < sizeof(totals) / sizeof(totals[0]); t++)
		for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
			int64_t	 r = totals[t];
			uint32_t n = counts[c];

			if (totals[t] < n) {
				assert_int_equal(rp_split(seed_a, t, totals[t],
				    n, a), RP_EINVAL);
				continue;
			}
			assert_int_equal(rp_split(seed_a, t * 100 + c,
			    totals[t], n, a), RP_OK);
			assert_int_equal(rp_split(seed_a, t * 100 + c,
			    totals[t], n, b), RP_OK);
			assert_memory_equal(a, b, n * sizeof(*a));
			assert_int_equal(sum(a, n), totals[t]);
			for (uint32_t i = 0; i < n; i++) {
				assert_true(a[i] >= 1);
				if (i + 1 < n)
					assert_true(a[i] <= 2 * r / (n - i));
				r -= a[i];
			}
		}
	/* another rain id, another split */
	assert_int_equal(rp_split(seed_a, 1, 100000, 100, a), RP_OK);
	assert_int_equal(rp_split(seed_a, 2, 100000, 100, b), RP_OK);
	assert_memory_not_equal(a, b, 100 * sizeof(*a));
	free(a);
	free(b);
}

static void
split_refuses_what_cannot_be_split(void **state)
{
	int64_t out[4] = { -5, -5, -5, -5 };

	(void)state;
	assert_int_equal(rp_split(seed_a, 1, 3, 4, out), RP_EINVAL);
	assert_int_equal(rp_split(seed_a, 1, 100, 0, out), RP_EINVAL);
	assert_int_equal(rp_split(seed_a, 1, RP_TOTAL_MAX + 1, 4, out),
	    RP_EINVAL);
	assert_int_equal(out[0], -5);
}

static void
hi_is_twice_the_mean_left_and_leaves_a_fen_each(void **state)
{
	(void)state;
	assert_int_equal(rp_hi(1000, 10), 200);	/* 2 × 100 */
	assert_int_equal(rp_hi(1001, 10), 200);	/* 200.2 rounded down */
	assert_int_equal(rp_hi(10, 9), 2);	/* 2.2 → 2 = 10 − 8 */
	assert_int_equal(rp_hi(9, 9), 1);	/* 0.01 each */
	assert_int_equal(rp_hi(11, 10), 2);	/* 2.2 → 2 = 11 − 9 */
}

static void
plan_check_names_the_field(void **state)
{
	struct rp_plan	 p = { 10000, 100, 3, 1000, 2000, 100000000, 10000 };
	const char	*f = NULL, *m = NULL;

	(void)state;
	assert_int_equal(rp_plan_check(&p, &f, &m), 0);
	p.total = 99;
	assert_int_equal(rp_plan_check(&p, &f, &m), -1);
	assert_string_equal(f, "total");
	p.total = 100000001;
	assert_int_equal(rp_plan_check(&p, &f, &m), -1);
	assert_string_equal(f, "total");
	p.total = 10000;
	p.end = 1000;
	assert_int_equal(rp_plan_check(&p, &f, &m), -1);
	assert_string_equal(f, "end_at");
	p.end = 2000;
	p.count = 10001;
	assert_int_equal(rp_plan_check(&p, &f, &m), -1);
	assert_string_equal(f, "count");
	p.count = 100;
	p.cap = 0;
	assert_int_equal(rp_plan_check(&p, &f, &m), -1);
	assert_string_equal(f, "cap");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_matches_reference_seed_a),
		cmocka_unit_test(split_matches_reference_seed_b),
		cmocka_unit_test(split_of_one_fen_each),
		cmocka_unit_test(split_of_one_packet_is_the_total),
		cmocka_unit_test(split_of_many_packets),
		cmocka_unit_test(split_of_a_large_total),
		cmocka_unit_test(split_always_sums_and_is_reproducible),
		cmocka_unit_test(split_refuses_what_cannot_be_split),
		cmocka_unit_test(hi_is_twice_the_mean_left_and_leaves_a_fen_each),
		cmocka_unit_test(plan_check_names_the_field),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
