/* crypto: the few libsodium calls the platform needs, named for what they
 * do: random tokens, SHA-256, HMAC-SHA256, argon2id passwords, hex. */
#ifndef PT_CRYPTO_H
#define PT_CRYPTO_H
#include <stddef.h>

#define TOKEN_LEN	43	/* base64url of 32 random bytes, no padding */
#define PW_HASH_LEN	128	/* >= crypto_pwhash_STRBYTES */

/* Initialises libsodium; 0 or -1. Safe to call more than once. */
int	crypto_init(void);
/* 32 random bytes as base64url into out (TOKEN_LEN + 1 bytes). */
void	rand_token(char out[TOKEN_LEN + 1]);
/* n random bytes from the system's CSPRNG into p. */
void	rand_bytes(void *p, size_t n);
/* Uniform integer in [0, n). */
unsigned int rand_below(unsigned int n);
void	sha256(const void *p, size_t n, unsigned char out[32]);
void	hmac_sha256(const void *key, size_t keylen, const void *msg,
	    size_t n, unsigned char out[32]);
/* Lower-case hex of n bytes into out (2n + 1 bytes). Returns out. */
char	*hex_encode(const unsigned char *p, size_t n, char *out);
/* Decodes exactly n bytes of hex; 0 or -1. */
int	hex_decode(const char *hex, unsigned char *out, size_t n);
/* argon2id with libsodium's INTERACTIVE limits into out; 0 or -1. */
int	pw_hash(const char *pw, char out[PW_HASH_LEN]);
/* Switches pw_hash to the MIN limits. Only ctl calls it: when the stack
 * runs in test mode, so fixtures with hundreds of members are quick, and
 * for the bench members of bench-seed, who never log in by password. */
void	pw_fast_for_tests(int on);
/* 1 when pw matches the stored hash, 0 otherwise. */
int	pw_verify(const char *hash, const char *pw);
/* Constant-time equality of n bytes: 1 equal, 0 not. */
int	ct_equal(const void *a, const void *b, size_t n);

#endif
