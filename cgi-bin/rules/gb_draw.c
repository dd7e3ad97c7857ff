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
 * eligible seat numbers (ascending). The stream, uniform and the shuffle
 * are the shared fair random stream (rules/fairrand.c, label = the group
 * id); this file keeps what is the draw's own. Everything here is recomputed in the
 * browser by static/js/gb-verify.js; the two must stay word for word equal
 * (tests/unit/test_gb_draw.c and tests/http/gb_verify_js.test.mjs check the
 * same vectors).
 *
 * libsodium's SHA-256 has no runtime state; the programs call
 * sodium_init() at start-up anyway (crypto_init). */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "gb.h"

/* The group's stream: fairrand named by the decimal group id (all 20
 * digits at most, well inside FAIRRAND_LABEL_MAX, and a 32-byte seed, so
 * fairrand_init cannot refuse). */
void
gb_stream_init(struct fairrand *s, const uint8_t seed[32],
    unsigned long long group_id)
{
	char	 label[24];
	int	 rc;

	snprintf(label, sizeof(label), "%llu", group_id);
	rc = fairrand_init(s, seed, 32, label);
	assert(rc == 0);
	(void)rc;
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
