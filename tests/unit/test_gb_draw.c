/* Unit tests for the provably fair draw (rules/gb_draw.c): commitment, the
 * group's HMAC-SHA256 stream, rejection sampling, partial Fisher–Yates
 * (the last three in rules/fairrand.c since it became the shared stream;
 * the vectors stay here, where gb_verify_js.test.mjs takes them from).
 *
 * Every expected number below was computed once, while writing this test,
 * by an independent reference in python3 (hmac.new(seed, f"{gid}:{b}"
 * .encode(), hashlib.sha256).digest(), words int.from_bytes(…, "big"),
 * uniform/pick written from the spec in FEATURES D5 / gb.h) and pasted as
 * literals; no python runs with the tests. tests/http/gb_verify_js.test.mjs
 * checks the browser verifier against the same vectors, which is what ties
 * the C and the JS implementations together.
 *
 * Seeds:
 *   A = 00 01 02 … 1f
 *   B = SHA-256("pintuan gb test seed B")
 *     = 73bf72def1a8efccdd93a5e339b2ffa65805d8159544389d01d6cbcf7bfda481
 *   C = ff × 32 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "gb.h"

static uint8_t	seed_a[32], seed_b[32], seed_c[32];

static void
hex_seed(uint8_t out[32], const char *hex)
{
	size_t	 len = 0;

	assert_int_equal(sodium_hex2bin(out, 32, hex, strlen(hex), NULL,
	    &len, NULL), 0);
	assert_int_equal(len, 32);
}

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	for (int i = 0; i < 32; i++)
		seed_a[i] = (uint8_t)i;
	hex_seed(seed_b,
	    "73bf72def1a8efccdd93a5e339b2ffa65805d8159544389d01d6cbcf7bfda481");
	memset(seed_c, 0xff, sizeof(seed_c));
	return 0;
}

static void
commitment_is_sha256_hex_of_the_seed(void **state)
{
	char	 hex[65];

	(void)state;
	memset(hex, 'x', sizeof(hex));
	gb_commitment(seed_a, hex);
	assert_string_equal(hex,
	    "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
	gb_commitment(seed_b, hex);
	assert_string_equal(hex,
	    "a733e33df681c9f0937b78a32ac4d96c6fc52f55b668d383ed054cc379747117");
	gb_commitment(seed_c, hex);
	assert_string_equal(hex,
	    "af9613760f72635fbdb44a5a0a63c39f12af30f950a6ee5c971be188e89c4051");
	/* the seed the commitment was not made for does not match it */
	seed_c[31] = 0xfe;
	gb_commitment(seed_c, hex);
	seed_c[31] = 0xff;
	assert_string_not_equal(hex,
	    "af9613760f72635fbdb44a5a0a63c39f12af30f950a6ee5c971be188e89c4051");
}

static void
stream_reads_hmac_blocks_as_big_endian_words_in_order(void **state)
{
	/* HMAC(A, "42:0") words 0-7, then HMAC(A, "42:1") words 0-1 */
	static const uint32_t want[10] = {
		0xc1bbf5a1, 0x872eddc0, 0xd4d962d5, 0xd2e72d5a,
		0xa2269d60, 0x89c3a63d, 0x4e460e6f, 0x40d4aa75,
		0x129007de, 0x30c5614a,
	};
	struct fairrand s;

	(void)state;
	gb_stream_init(&s, seed_a, 42);
	assert_int_equal(s.block, 0);
	assert_int_equal(s.next, 8);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(fairrand_word(&s), want[i]);
	assert_int_equal(s.block, 2);
	assert_int_equal(s.next, 2);
}

static void
stream_message_is_the_decimal_group_id(void **state)
{
	struct fairrand s;

	(void)state;
	/* HMAC(C, "18446744073709551615:0"): all 20 digits of the id */
	gb_stream_init(&s, seed_c, 18446744073709551615ULL);
	assert_int_equal(fairrand_word(&s), 0xa10d0cb1);
	assert_int_equal(fairrand_word(&s), 0x7481ab0e);
	/* HMAC(C, "0:0") */
	gb_stream_init(&s, seed_c, 0);
	assert_int_equal(fairrand_word(&s), 0x0d9a46e3);
	assert_int_equal(fairrand_word(&s), 0x3892ef26);
}

/* A stream of seed A, group 42 whose next words are the given ones (at the
 * end of w), followed by the real block 0. */
static void
crafted(struct fairrand *s, const uint32_t *words, int k)
{
	gb_stream_init(s, seed_a, 42);
	for (int i = 0; i < k; i++)
		s->w[8 - k + i] = words[i];
	s->next = 8 - k;
}

static void
uniform_skips_words_at_or_above_the_limit(void **state)
{
	struct fairrand s;

	(void)state;
	/* n = 7: 2^32 mod 7 = 4, limit = 0xfffffffc: it is skipped,
	 * 0xfffffffb is taken (4294967291 mod 7 = 6) */
	crafted(&s, (const uint32_t[]){ 0xfffffffc, 0xfffffffb }, 2);
	assert_int_equal(fairrand_uniform(&s, 7), 6);
	assert_int_equal(s.next, 8);
	assert_int_equal(s.block, 0);	/* no block was needed */

	/* n = 3: 2^32 mod 3 = 1, limit = 0xffffffff; 0xfffffffe mod 3 = 2 */
	crafted(&s, (const uint32_t[]){ 0xffffffff, 0xfffffffe }, 2);
	assert_int_equal(fairrand_uniform(&s, 3), 2);
	assert_int_equal(s.next, 8);

	/* n = 2^31 + 1: 2^32 mod n = 2^31 - 1, limit = 2^31 + 1; half the
	 * words are skipped. 0x80000000 = 2^31 < limit is itself. */
	crafted(&s, (const uint32_t[]){ 0xffffffff, 0x80000001, 0x80000000 },
	    3);
	assert_int_equal(fairrand_uniform(&s, 0x80000001u), 0x80000000u);
	assert_int_equal(s.next, 8);

	/* n = 2^32 - 1: limit = 2^32 - 1, only 0xffffffff is skipped */
	crafted(&s, (const uint32_t[]){ 0xffffffff, 0xfffffffe }, 2);
	assert_int_equal(fairrand_uniform(&s, 0xffffffffu), 0xfffffffeu);
	assert_int_equal(s.next, 8);
	crafted(&s, (const uint32_t[]){ 0 }, 1);
	assert_int_equal(fairrand_uniform(&s, 0xffffffffu), 0);

	/* n = 10: limit = 2^32 - 6 = 0xfffffffa is skipped, and the next
	 * word comes from block 0: 0xc1bbf5a1 = 3250320801 → 1 */
	crafted(&s, (const uint32_t[]){ 0xfffffffa }, 1);
	assert_int_equal(fairrand_uniform(&s, 10), 1);
	assert_int_equal(s.block, 1);
	assert_int_equal(s.next, 1);
	/* … while limit - 1 is taken: 4294967289 mod 10 = 9 */
	crafted(&s, (const uint32_t[]){ 0xfffffff9 }, 1);
	assert_int_equal(fairrand_uniform(&s, 10), 9);
	assert_int_equal(s.block, 0);
}

static void
uniform_takes_every_word_when_n_divides_two_to_the_32(void **state)
{
	struct fairrand s;

	(void)state;
	/* n = 2^31 and n = 1: limit = 2^32, nothing is skipped, and n = 1
	 * still takes one word */
	crafted(&s, (const uint32_t[]){ 0xffffffff, 0xffffffff, 0x12345678 },
	    3);
	assert_int_equal(fairrand_uniform(&s, 0x80000000u), 0x7fffffffu);
	assert_int_equal(fairrand_uniform(&s, 1), 0);
	assert_int_equal(s.next, 7);
	assert_int_equal(fairrand_uniform(&s, 256), 0x78);
	assert_int_equal(s.block, 0);
}

static void
uniform_rejects_in_a_real_stream(void **state)
{
	/* uniform(2^31 + 1) on seed A, group 42: the first six words of
	 * block 0 are all >= 2^31 + 1 and skipped; then 0x4e460e6f,
	 * 0x40d4aa75 and block 1's 0x129007de, 0x30c5614a are taken */
	static const uint32_t want[4] = {
		1313214063, 1087679093, 311429086, 818241866,
	};
	struct fairrand s;

	(void)state;
	gb_stream_init(&s, seed_a, 42);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(fairrand_uniform(&s, 0x80000001u), want[i]);
	assert_int_equal(s.block, 2);
	assert_int_equal(s.next, 2);	/* ten words used */
}

static void
uniform_small_n(void **state)
{
	static const uint32_t n[9] = { 3, 3, 3, 7, 7, 7, 10, 10, 10 };
	static const uint32_t want[9] = { 0, 0, 2, 4, 3, 6, 3, 3, 6 };
	struct fairrand s;

	(void)state;
	gb_stream_init(&s, seed_a, 42);
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(fairrand_uniform(&s, n[i]), want[i]);
}

/* Runs fairrand_pick on seed/group over v (n) and checks v[0 … m-1] == want and
 * that v is still a permutation of what it was. */
static void
check_pick(const uint8_t *seed, unsigned long long group, int *v, size_t n,
    size_t m, const int *want)
{
	struct fairrand s;
	long long	 before = 0, after = 0;

	for (size_t i = 0; i < n; i++)
		before += (long long)v[i] * v[i];
	gb_stream_init(&s, seed, group);
	fairrand_pick(&s, v, n, m);
	for (size_t i = 0; i < m; i++)
		assert_int_equal(v[i], want[i]);
	for (size_t i = 0; i < n; i++)
		after += (long long)v[i] * v[i];
	assert_int_equal(before, after);
}

static void
pick_three_of_ten(void **state)
{
	int	 v[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

	(void)state;
	/* seed A, group 42: uniform(10) = 1, uniform(9) = 3, uniform(8) = 5 */
	check_pick(seed_a, 42, v, 10, 3, (const int[]){ 2, 5, 8 });
}

static void
pick_among_eligible_seat_numbers(void **state)
{
	int	 v[6] = { 2, 3, 5, 6, 8, 9 };

	(void)state;
	/* seed B, group 1001, seats 1, 4, 7 not eligible */
	check_pick(seed_b, 1001, v, 6, 2, (const int[]){ 3, 2 });
}

static void
pick_all_is_a_full_shuffle(void **state)
{
	int	 v[5] = { 1, 2, 3, 4, 5 };

	(void)state;
	/* m = n: seed A, group 7 */
	check_pick(seed_a, 7, v, 5, 5, (const int[]){ 4, 3, 5, 2, 1 });
}

static void
pick_one_of_twenty(void **state)
{
	int	 v[20];

	(void)state;
	for (int i = 0; i < 20; i++)
		v[i] = i + 1;
	/* m = 1: seed C, group 123 */
	check_pick(seed_c, 123, v, 20, 1, (const int[]){ 13 });
}

static void
pick_one_of_one(void **state)
{
	int		 v[1] = { 4 };
	struct fairrand s;

	(void)state;
	/* n = 1, m = 1: seat 4 wins, and one word is used */
	gb_stream_init(&s, seed_b, 5);
	fairrand_pick(&s, v, 1, 1);
	assert_int_equal(v[0], 4);
	assert_int_equal(s.next, 1);
	/* m = 0: nothing moves, nothing is drawn */
	gb_stream_init(&s, seed_b, 5);
	fairrand_pick(&s, v, 1, 0);
	assert_int_equal(v[0], 4);
	assert_int_equal(s.next, 8);
}

static void
pick_ninety_nine_of_a_hundred_spans_blocks(void **state)
{
	static const int want[99] = {
		28, 29, 19, 66, 83, 65, 24, 82, 32, 91, 26, 58, 86, 53, 96,
		47, 10, 44, 11, 36, 48, 73, 21, 94, 34, 75, 52, 77, 81, 40,
		76, 60, 42, 12, 20, 74, 59, 79, 37, 71, 72, 23, 61, 45, 6,
		9, 78, 95, 84, 33, 5, 14, 27, 67, 97, 25, 49, 90, 64, 92,
		22, 31, 3, 69, 55, 7, 63, 4, 39, 51, 68, 80, 17, 2, 87, 88,
		46, 30, 62, 89, 54, 99, 41, 35, 85, 8, 93, 57, 16, 50, 13,
		18, 15, 43, 100, 56, 70, 38, 98,
	};
	int	 v[100];

	(void)state;
	for (int i = 0; i < 100; i++)
		v[i] = i + 1;
	/* seed B, group 99999: 99 words, blocks 0 … 12; the one left is 1 */
	check_pick(seed_b, 99999, v, 100, 99, want);
	assert_int_equal(v[99], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commitment_is_sha256_hex_of_the_seed),
		cmocka_unit_test(stream_reads_hmac_blocks_as_big_endian_words_in_order),
		cmocka_unit_test(stream_message_is_the_decimal_group_id),
		cmocka_unit_test(uniform_skips_words_at_or_above_the_limit),
		cmocka_unit_test(uniform_takes_every_word_when_n_divides_two_to_the_32),
		cmocka_unit_test(uniform_rejects_in_a_real_stream),
		cmocka_unit_test(uniform_small_n),
		cmocka_unit_test(pick_three_of_ten),
		cmocka_unit_test(pick_among_eligible_seat_numbers),
		cmocka_unit_test(pick_all_is_a_full_shuffle),
		cmocka_unit_test(pick_one_of_twenty),
		cmocka_unit_test(pick_one_of_one),
		cmocka_unit_test(pick_ninety_nine_of_a_hundred_spans_blocks),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
