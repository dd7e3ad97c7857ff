/* test_adnet: the ad providers and the network's signed reward callback
 * (cgi-bin/lib/adnet.c). The test plays the network: it makes Ed25519
 * keys with libsodium and signs callbacks; forged ones are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "adnet.h"
#include "crypto.h"

#define NOW	1800000000LL

static unsigned char	pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
static unsigned char	pk2[crypto_sign_PUBLICKEYBYTES], sk2[crypto_sign_SECRETKEYBYTES];
static char		pk_hex[2 * sizeof(pk) + 1];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	hex_encode(pk, sizeof(pk), pk_hex);
	return 0;
}

/* A callback for member, trans at ts, signed with key into sig. */
static struct adnet_cb
signed_cb(const char *member, const char *trans, const char *ts,
    const unsigned char *key, char sig[2 * crypto_sign_BYTES + 1])
{
	struct adnet_cb	cb = { member, trans, ts, sig };
	unsigned char	s[crypto_sign_BYTES];
	char		msg[128];

	snprintf(msg, sizeof(msg), "%s|%s|%s", member, trans, ts);
	crypto_sign_detached(s, NULL, (const unsigned char *)msg, strlen(msg),
	    key);
	hex_encode(s, sizeof(s), sig);
	return cb;
}

static void
a_signed_callback_passes(void **state)
{
	char		sig[2 * crypto_sign_BYTES + 1], msg[128];
	struct adnet_cb	cb = signed_cb("42", "tx-Abc_9", "1800000000", sk, sig);
	long long	member = 0;

	(void)state;
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_OK);
	assert_int_equal(member, 42);
	assert_string_equal(adnet_message(&cb, msg, sizeof(msg)),
	    "42|tx-Abc_9|1800000000");
	/* the providers' table names it */
	assert_non_null(ad_provider_find("network"));
	assert_ptr_equal(ad_provider_find("network")->verify, adnet_verify);
	assert_null(ad_provider_find("house")->verify);
	assert_null(ad_provider_find("nope"));
}

static void
forged_callbacks_refused(void **state)
{
	char		sig[2 * crypto_sign_BYTES + 1];
	struct adnet_cb	cb;
	long long	member = 0;

	(void)state;
	/* a stranger's key */
	cb = signed_cb("42", "tx1", "1800000000", sk2, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESIG);
	/* signed for member 42, sent for 43; another trans; another time */
	cb = signed_cb("42", "tx1", "1800000000", sk, sig);
	cb.member = "43";
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESIG);
	cb.member = "42";
	cb.trans = "tx2";
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESIG);
	cb.trans = "tx1";
	cb.ts = "1800000001";
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESIG);
	/* one bit of the signature flipped */
	cb = signed_cb("42", "tx1", "1800000000", sk, sig);
	sig[0] = sig[0] == '0' ? '1' : '0';
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESIG);
	assert_int_equal(member, 0);
}

static void
stale_and_malformed_refused(void **state)
{
	char		sig[2 * crypto_sign_BYTES + 1];
	struct adnet_cb	cb;
	long long	member = 0;

	(void)state;
	/* 300 s either way is accepted, 301 is not */
	cb = signed_cb("42", "tx1", "1799999700", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_OK);
	member = 0;
	cb = signed_cb("42", "tx1", "1799999699", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESTALE);
	cb = signed_cb("42", "tx1", "1800000301", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_ESTALE);
	/* fields that could make two callbacks sign alike */
	cb = signed_cb("42", "tx|1", "1800000000", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	cb = signed_cb("042", "tx1", "1800000000", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	cb = signed_cb("-1", "tx1", "1800000000", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	cb = signed_cb("42", "", "1800000000", sk, sig);
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	cb = signed_cb("42", "tx1", "1800000000", sk, sig);
	cb.sig = "abcd";
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	cb.sig = NULL;
	assert_int_equal(adnet_verify(pk_hex, &cb, NOW, &member), ADNET_EFIELD);
	/* no key, or not a key: the callback is closed */
	cb = signed_cb("42", "tx1", "1800000000", sk, sig);
	assert_int_equal(adnet_verify("", &cb, NOW, &member), ADNET_EKEY);
	assert_int_equal(adnet_verify("zz", &cb, NOW, &member), ADNET_EKEY);
	assert_int_equal(member, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_signed_callback_passes),
		cmocka_unit_test(forged_callbacks_refused),
		cmocka_unit_test(stale_and_malformed_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
