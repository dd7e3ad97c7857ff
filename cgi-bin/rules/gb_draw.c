/* gb_draw: the provably fair draw of a group (FEATURES D5.3, DESIGN §1).
 *
 * A group publishes commitment = hex(SHA-256(seed)) when it opens. Its
 * random stream is the words of the blocks
 *
 *	block b = HMAC-SHA256(key = seed, message = ASCII "<group_id>:<b>")
 *
 * for b = 0, 1, …, group_id and b in decimal without leading zeros; each
 * 32-byte block is read as eight big-endian uint32 words, consumed in
 * order. uniform(n) draws from it without modulo bias by rejection, and the
 * winners are the first m places of a partial Fisher–Yates shuffle of the
 * eligible seat numbers (ascending). Everything here is recomputed in the
 * browser by static/js/gb-verify.js; the two must stay word for word equal
 * (tests/unit/test_gb_draw.c and tests/http/gb_verify_js.test.mjs check the
 * same vectors).
 *
 * libsodium's SHA-256 and HMAC-SHA256 have no runtime state; the programs
 * call sodium_init() at start-up anyway (crypto_init). */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "gb.h"

/* 2^32, the number of values of a stream word. */
#define WORD_VALUES	(UINT64_C(1) << 32)

void
gb_stream_init(struct gb_stream *s, const uint8_t seed[32],
    unsigned long long group_id)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->seed, seed, sizeof(s->seed));
	s->group = group_id;
	s->block = 0;
	s->next = 8;
}

/* Computes block s->block into s->w and moves to the next block. */
static void
stream_fill(struct gb_stream *s)
{
	char		 msg[48];	/* two 20-digit numbers, ':' and NUL */
	uint8_t		 mac[crypto_auth_hmacsha256_BYTES];
	int		 len;

	static_assert(sizeof(s->seed) == crypto_auth_hmacsha256_KEYBYTES,
	    "the seed is the HMAC key");
	len = snprintf(msg, sizeof(msg), "%llu:%llu", s->group, s->block);
	assert(len > 0 && (size_t)len < sizeof(msg));
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg,
	    (unsigned long long)len, s->seed);
	for (size_t i = 0; i < 8; i++)
		s->w[i] = (uint32_t)mac[4 * i] << 24 |
		    (uint32_t)mac[4 * i + 1] << 16 |
		    (uint32_t)mac[4 * i + 2] << 8 |
		    (uint32_t)mac[4 * i + 3];
	s->block++;
	s->next = 0;
}

/* The next word of the stream; computes a block when w is used up. */
uint32_t
gb_stream_word(struct gb_stream *s)
{
	if (s->next < 0 || s->next >= 8)
		stream_fill(s);
	return s->w[s->next++];
}

/* uniform(n) for n >= 1: limit = 2^32 - (2^32 mod n) is the largest
 * multiple of n that fits the word range, so x mod n for x < limit is
 * exactly uniform; words x >= limit are skipped. In uint64: 2^32 and limit
 * itself (2^32 when n divides it) do not fit a uint32. n = 1 still takes
 * one word (and returns 0), so the stream advances the same way for every
 * n. n = 0 is a caller's bug. */
uint32_t
gb_uniform(struct gb_stream *s, uint32_t n)
{
	uint64_t	 limit;
	uint32_t	 x;

	assert(n >= 1);
	limit = WORD_VALUES - WORD_VALUES % n;
	do
		x = gb_stream_word(s);
	while ((uint64_t)x >= limit);
	return x % n;
}

/* Partial Fisher–Yates over v[0 … n-1]: place i (0 … m-1) gets v[j] for
 * j = i + uniform(n - i), swapped with what was there. Afterwards v[0 …
 * m-1] are the winners in the order drawn; v[m …] holds the rest. m <= n
 * (and n < 2^32) are the caller's to ensure. */
void
gb_pick(struct gb_stream *s, int *v, size_t n, size_t m)
{
	assert(m <= n && n <= UINT32_MAX);
	for (size_t i = 0; i < m; i++) {
		size_t	 j = i + gb_uniform(s, (uint32_t)(n - i));
		int	 t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

/* hex[0 … 63] = lowercase hex of SHA-256 over the 32 seed bytes; hex[64]
 * = NUL. */
void
gb_commitment(const uint8_t seed[32], char hex[65])
{
	uint8_t		 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, seed, 32);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}
