/* crypto: libsodium wrappers (see crypto.h). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "crypto.h"

int
crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
rand_token(char out[TOKEN_LEN + 1])
{
	unsigned char b[32];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(out, TOKEN_LEN + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
rand_bytes(void *p, size_t n)
{
	randombytes_buf(p, n);
}

unsigned int
rand_below(unsigned int n)
{
	return randombytes_uniform(n);
}

void
sha256(const void *p, size_t n, unsigned char out[32])
{
	crypto_hash_sha256(out, p, n);
}

void
hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[32])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, n);
	crypto_auth_hmacsha256_final(&st, out);
}

char *
hex_encode(const unsigned char *p, size_t n, char *out)
{
	return sodium_bin2hex(out, 2 * n + 1, p, n);
}

int
hex_decode(const char *hex, unsigned char *out, size_t n)
{
	size_t got = 0;

	if (strlen(hex) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0)
		return -1;
	return got == n ? 0 : -1;
}

static int pw_fast;

void
pw_fast_for_tests(int on)
{
	pw_fast = on;
}

int
pw_hash(const char *pw, char out[PW_HASH_LEN])
{
	unsigned long long	 ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t			 mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (pw_fast) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	return crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
pw_verify(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
ct_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}
