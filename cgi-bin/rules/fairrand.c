/* fairrand: the HMAC-SHA256 block stream, rejection sampling and the
 * partial Fisher–Yates (see fairrand.h). Moved here from gb_draw.c with
 * its outputs unchanged: tests/unit/test_gb_draw.c and
 * tests/http/gb_verify_js.test.mjs pin the group's stream, and
 * tests/unit/test_fairrand.c other labels and seed lengths.
 *
 * libsodium's HMAC-SHA256 has no runtime state; the programs call
 * sodium_init() at start-up anyway (crypto_init). */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "fairrand.h"

/* 2^32, the number of values of a stream word. */
#define WORD_VALUES	(UINT64_C(1) << 32)

int
fairrand_init(struct fairrand *s, const uint8_t *seed, size_t seedlen,
    const char *label)
{
	memset(s, 0, sizeof(*s));
	s->next = 8;
	if (seed == NULL || seedlen == 0 || seedlen > sizeof(s->key) ||
	    label == NULL || strlen(label) >= sizeof(s->label))
		return -1;
	memcpy(s->key, seed, seedlen);
	s->keylen = seedlen;
	memcpy(s->label, label, strlen(label) + 1);
	return 0;
}

/* Computes block s->block into s->w and moves to the next block. The key
 * goes to HMAC as given (any length up to the block size), so a 32-byte
 * seed gives what crypto_auth_hmacsha256 gave the draw before. */
static void
stream_fill(struct fairrand *s)
{
	crypto_auth_hmacsha256_state	 h;
	char				 msg[FAIRRAND_LABEL_MAX + 22];
	uint8_t				 mac[crypto_auth_hmacsha256_BYTES];
	int				 len;

	assert(s->keylen > 0);
	len = snprintf(msg, sizeof(msg), "%s:%llu", s->label, s->block);
	assert(len > 0 && (size_t)len < sizeof(msg));
	crypto_auth_hmacsha256_init(&h, s->key, s->keylen);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)msg,
	    (unsigned long long)len);
	crypto_auth_hmacsha256_final(&h, mac);
	for (size_t i = 0; i < 8; i++)
		s->w[i] = (uint32_t)mac[4 * i] << 24 |
		    (uint32_t)mac[4 * i + 1] << 16 |
		    (uint32_t)mac[4 * i + 2] << 8 |
		    (uint32_t)mac[4 * i + 3];
	s->block++;
	s->next = 0;
}

uint32_t
fairrand_word(struct fairrand *s)
{
	if (s->next < 0 || s->next >= 8)
		stream_fill(s);
	return s->w[s->next++];
}

/* limit = 2^32 - (2^32 mod n) is the largest multiple of n that fits the
 * word range, so x mod n for x < limit is exactly uniform; words x >=
 * limit are skipped. In uint64: 2^32 and limit itself (2^32 when n
 * divides it) do not fit a uint32. n = 1 still takes one word, so the
 * stream advances the same way for every n. n = 0 is a caller's bug. */
uint32_t
fairrand_uniform(struct fairrand *s, uint32_t n)
{
	uint64_t	 limit;
	uint32_t	 x;

	assert(n >= 1);
	limit = WORD_VALUES - WORD_VALUES % n;
	do
		x = fairrand_word(s);
	while ((uint64_t)x >= limit);
	return x % n;
}

void
fairrand_pick(struct fairrand *s, int *v, size_t n, size_t m)
{
	assert(m <= n && n <= UINT32_MAX);
	for (size_t i = 0; i < m; i++) {
		size_t	 j = i + fairrand_uniform(s, (uint32_t)(n - i));
		int	 t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}
