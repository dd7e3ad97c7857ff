/* test_wxpay: WeChat Pay v3 notification verifier (cgi-bin/lib/wxpay.c).
 * The test plays WeChat's side: it makes RSA keys, signs notifications and
 * seals resources with AES-256-GCM under a test APIv3 key. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "wxpay.h"

#define APIV3	"0123456789abcdefABCDEF0123456789"	/* 32 bytes */
#define SERIAL	"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
#define NOW	1700000000LL
#define IV	"fdasflkja484"					/* 12 bytes */
#define TXN \
	"{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\"," \
	"\"out_trade_no\":\"PT20240101000042\"," \
	"\"transaction_id\":\"4200000000202401011234567890\"," \
	"\"trade_type\":\"JSAPI\",\"trade_state\":\"SUCCESS\"," \
	"\"trade_state_desc\":\"支付成功\",\"bank_type\":\"CMC\"," \
	"\"success_time\":\"2024-01-01T10:00:00+08:00\"," \
	"\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}," \
	"\"amount\":{\"total\":12345,\"payer_total\":12345," \
	"\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}"

/* WeChat's platform key, a stranger's key, and their PEMs. */
static EVP_PKEY	*wx_key, *other_key;
static char	*wx_pem, *wx_cert_pem, *ec_pem;

enum tamper { T_NONE, T_CT, T_TAG };

/* A notification as received: headers and body. */
struct note {
	char	 ts[24];
	char	 nonce[40];
	char	*body;
	char	*sig;
};

static char *
bio_string(BIO *b)
{
	char *p, *s;
	long n = BIO_get_mem_data(b, &p);

	s = malloc((size_t)n + 1);
	assert_non_null(s);
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	return s;
}

static char *
b64(const unsigned char *p, size_t n)
{
	char *s = malloc(4 * ((n + 2) / 3) + 1);

	assert_non_null(s);
	EVP_EncodeBlock((unsigned char *)s, p, (int)n);
	return s;
}

/* Self-signed certificate around wx_key, as WeChat's platform cert. */
static char *
cert_pem(EVP_PKEY *k)
{
	X509 *x = X509_new();
	X509_NAME *nm;
	BIO *b = BIO_new(BIO_s_mem());
	char *s;

	assert_non_null(x);
	assert_non_null(b);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 42);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	nm = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)"Tenpay.com Root CA", -1, -1, 0);
	X509_set_issuer_name(x, nm);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	assert_int_equal(PEM_write_bio_X509(b, x), 1);
	s = bio_string(b);
	BIO_free(b);
	X509_free(x);
	return s;
}

static char *
pub_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s;

	assert_non_null(b);
	assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
	s = bio_string(b);
	BIO_free(b);
	return s;
}

static int
group_setup(void **state)
{
	EVP_PKEY *ec;

	(void)state;
	wx_key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	other_key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (wx_key == NULL || other_key == NULL || ec == NULL)
		return -1;
	wx_pem = pub_pem(wx_key);
	wx_cert_pem = cert_pem(wx_key);
	ec_pem = pub_pem(ec);
	EVP_PKEY_free(ec);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(wx_key);
	EVP_PKEY_free(other_key);
	free(wx_pem);
	free(wx_cert_pem);
	free(ec_pem);
	return 0;
}

/* base64(AES-256-GCM(key, IV, aad, plain) || tag), optionally damaged. */
static char *
seal(const char *key, const char *aad, const char *plain, enum tamper t)
{
	size_t n = strlen(plain);
	unsigned char *buf = malloc(n + 16);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	char *s;
	int len;

	assert_non_null(buf);
	assert_non_null(c);
	assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL,
	    (const unsigned char *)key, (const unsigned char *)IV), 1);
	assert_int_equal(EVP_EncryptUpdate(c, NULL, &len,
	    (const unsigned char *)aad, (int)strlen(aad)), 1);
	assert_int_equal(EVP_EncryptUpdate(c, buf, &len,
	    (const unsigned char *)plain, (int)n), 1);
	assert_int_equal(EVP_EncryptFinal_ex(c, buf + len, &len), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16,
	    buf + n), 1);
	EVP_CIPHER_CTX_free(c);
	if (t == T_CT)
		buf[3] ^= 0x01;
	else if (t == T_TAG)
		buf[n + 15] ^= 0x80;
	s = b64(buf, n + 16);
	free(buf);
	return s;
}

/* The notification body around a sealed resource. */
static char *
make_body(const char *algo, const char *key, const char *plain,
    enum tamper t)
{
	char *ct = seal(key, "transaction", plain, t), *s;
	int n;

	n = asprintf(&s,
	    "{\"id\":\"EV-2018022511223320873\","
	    "\"create_time\":\"2024-01-01T10:00:01+08:00\","
	    "\"resource_type\":\"encrypt-resource\","
	    "\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\","
	    "\"resource\":{\"original_type\":\"transaction\","
	    "\"algorithm\":\"%s\",\"ciphertext\":\"%s\","
	    "\"associated_data\":\"transaction\",\"nonce\":\"%s\"}}",
	    algo, ct, IV);
	assert_true(n > 0);
	free(ct);
	return s;
}

/* base64 SHA256-with-RSA signature by k over ts\nnonce\nbody\n. */
static char *
sign(EVP_PKEY *k, const char *ts, const char *nonce, const char *body)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char sig[512];
	size_t siglen = sizeof(sig);
	char *msg;

	assert_non_null(md);
	assert_true(asprintf(&msg, "%s\n%s\n%s\n", ts, nonce, body) > 0);
	assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k),
	    1);
	assert_int_equal(EVP_DigestSign(md, sig, &siglen,
	    (const unsigned char *)msg, strlen(msg)), 1);
	EVP_MD_CTX_free(md);
	free(msg);
	return b64(sig, siglen);
}

/* A notification sent at ts, signed by signer, body as given (owned). */
static void
note_signed(struct note *n, long long ts, char *body, EVP_PKEY *signer)
{
	snprintf(n->ts, sizeof(n->ts), "%lld", ts);
	snprintf(n->nonce, sizeof(n->nonce), "%s",
	    "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
	n->body = body;
	n->sig = sign(signer, n->ts, n->nonce, n->body);
}

/* A well-formed notification at ts carrying plain under key and algo. */
static void
note_make(struct note *n, long long ts, const char *algo, const char *key,
    const char *plain, enum tamper t)
{
	note_signed(n, ts, make_body(algo, key, plain, t), wx_key);
}

static void
note_free(struct note *n)
{
	free(n->body);
	free(n->sig);
}

static const struct wxpay_keys keys = { NULL, APIV3, SERIAL };

/* Verifies n with keys k (pem filled in if NULL) at now. */
static int
verify_k(struct wxpay_keys k, const struct note *n, long long now,
    struct wxpay_txn *t)
{
	if (k.platform_pubkey_pem == NULL)
		k.platform_pubkey_pem = wx_pem;
	return wxpay_verify_notify(&k, n->ts, n->nonce, n->sig, SERIAL,
	    n->body, strlen(n->body), now, t);
}

static int
verify(const struct note *n, long long now, struct wxpay_txn *t)
{
	return verify_k(keys, n, now, t);
}

/* The whole round trip with n, expecting code. */
static void
expect(struct note *n, int code)
{
	struct wxpay_txn t;

	assert_int_equal(verify(n, NOW, &t), code);
	if (code != WXPAY_OK)
		assert_string_equal(t.out_trade_no, "");
	note_free(n);
}

static void
check_txn(const struct wxpay_txn *t)
{
	assert_string_equal(t->out_trade_no, "PT20240101000042");
	assert_string_equal(t->transaction_id, "4200000000202401011234567890");
	assert_string_equal(t->trade_state, "SUCCESS");
	assert_int_equal(t->total_fen, 12345);
	assert_string_equal(t->currency, "CNY");
	assert_string_equal(t->mchid, "1230000109");
	assert_string_equal(t->appid, "wxd678efh567hg6787");
}

static void
valid_notification_decodes_fields(void **state)
{
	struct wxpay_txn t;
	struct note n;

	(void)state;
	note_make(&n, NOW - 5, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	assert_int_equal(verify(&n, NOW, &t), WXPAY_OK);
	check_txn(&t);
	note_free(&n);
}

static void
body_length_is_honoured_without_nul(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;
	char *copy;
	size_t len;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	len = strlen(n.body);
	copy = malloc(len);		/* exactly len bytes, no NUL */
	assert_non_null(copy);
	memcpy(copy, n.body, len);
	k.platform_pubkey_pem = wx_pem;
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, SERIAL,
	    copy, len, NOW, &t), WXPAY_OK);
	check_txn(&t);
	/* One byte short: the signature no longer matches. */
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, SERIAL,
	    copy, len - 1, NOW, &t), WXPAY_ESIG);
	free(copy);
	note_free(&n);
}

static void
platform_certificate_pem_is_accepted(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;

	(void)state;
	k.platform_pubkey_pem = wx_cert_pem;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_OK);
	check_txn(&t);
	note_free(&n);
}

static void
body_altered_one_byte_is_esig(void **state)
{
	struct note n;
	char *p;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	p = strstr(n.body, "TRANSACTION.SUCCESS");
	assert_non_null(p);
	p[0] = 'X';
	expect(&n, WXPAY_ESIG);
}

static void
altered_nonce_or_timestamp_is_esig(void **state)
{
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	n.nonce[0] ^= 1;
	expect(&n, WXPAY_ESIG);
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	snprintf(n.ts, sizeof(n.ts), "%lld", NOW - 1);
	expect(&n, WXPAY_ESIG);
}

static void
signature_from_other_key_is_esig(void **state)
{
	struct note n;

	(void)state;
	note_signed(&n, NOW, make_body("AEAD_AES_256_GCM", APIV3, TXN, T_NONE),
	    other_key);
	expect(&n, WXPAY_ESIG);
}

static void
garbage_base64_signature_is_esig(void **state)
{
	static const char *bad[] = {
		"not base64 at all!", "AAAA", "QUJD=", "QU==", "QUI=A===",
		"@@@@", "",
	};
	struct wxpay_txn t;
	struct note n;
	size_t i;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	free(n.sig);
	n.sig = NULL;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n.sig = (char *)(uintptr_t)bad[i];
		assert_int_equal(verify(&n, NOW, &t),
		    bad[i][0] == '\0' ? WXPAY_EHEADER : WXPAY_ESIG);
	}
	/* A valid signature with its last base64 character changed. */
	n.sig = sign(wx_key, n.ts, n.nonce, n.body);
	n.sig[strlen(n.sig) - 3] ^= 0x01;
	assert_int_equal(verify(&n, NOW, &t), WXPAY_ESIG);
	note_free(&n);
}

static void
timestamp_301s_old_is_estale_299s_ok(void **state)
{
	struct wxpay_txn t;
	struct note n;

	(void)state;
	note_make(&n, NOW - 301, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	expect(&n, WXPAY_ESTALE);
	note_make(&n, NOW + 301, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	expect(&n, WXPAY_ESTALE);
	note_make(&n, NOW - 299, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	assert_int_equal(verify(&n, NOW, &t), WXPAY_OK);
	check_txn(&t);
	note_free(&n);
	note_make(&n, NOW + 300, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	expect(&n, WXPAY_OK);
}

static void
wrong_serial_is_eserial(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;

	(void)state;
	k.serial = "0000000000000000000000000000000000000000";
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_ESERIAL);
	/* No expected serial: any (or none) is accepted. */
	k.serial = NULL;
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_OK);
	k.platform_pubkey_pem = wx_pem;
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, NULL,
	    n.body, strlen(n.body), NOW, &t), WXPAY_OK);
	note_free(&n);
}

static void
tampered_ciphertext_is_edecrypt(void **state)
{
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_CT);
	expect(&n, WXPAY_EDECRYPT);
}

static void
tampered_tag_is_edecrypt(void **state)
{
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_TAG);
	expect(&n, WXPAY_EDECRYPT);
}

static void
wrong_apiv3_key_is_edecrypt(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", "X123456789abcdefABCDEF0123456789",
	    TXN, T_NONE);
	expect(&n, WXPAY_EDECRYPT);
	/* A key of the wrong length is refused, not padded. */
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	k.apiv3_key = "0123456789abcdefABCDEF012345678";
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_EDECRYPT);
	note_free(&n);
}

static void
other_algorithm_is_ealgo(void **state)
{
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_CHACHA20_POLY1305", APIV3, TXN, T_NONE);
	expect(&n, WXPAY_EALGO);
}

static void
malformed_json_is_ejson(void **state)
{
	struct note n;

	(void)state;
	note_signed(&n, NOW, strdup("{\"id\":\"EV-1\",\"resource\":{"), wx_key);
	expect(&n, WXPAY_EJSON);
	note_signed(&n, NOW, strdup("[1,2,3]"), wx_key);
	expect(&n, WXPAY_EJSON);
	note_signed(&n, NOW, strdup("{\"a\":1} trailing"), wx_key);
	expect(&n, WXPAY_EJSON);
}

static void
missing_resource_is_ejson(void **state)
{
	struct note n;

	(void)state;
	note_signed(&n, NOW, strdup("{\"id\":\"EV-1\",\"event_type\":"
	    "\"TRANSACTION.SUCCESS\"}"), wx_key);
	expect(&n, WXPAY_EJSON);
	note_signed(&n, NOW, strdup("{\"resource\":{\"algorithm\":"
	    "\"AEAD_AES_256_GCM\",\"nonce\":\"" IV "\"}}"), wx_key);
	expect(&n, WXPAY_EJSON);
	note_signed(&n, NOW, strdup("{\"resource\":{\"algorithm\":"
	    "\"AEAD_AES_256_GCM\",\"nonce\":\"" IV "\",\"ciphertext\":"
	    "\"!!!!\"}}"), wx_key);
	expect(&n, WXPAY_EJSON);
}

static void
resource_without_transaction_fields_is_ejson(void **state)
{
	struct note n;

	(void)state;
	/* Decrypts fine, but is not a transaction. */
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3,
	    "{\"out_trade_no\":\"PT1\",\"refund_status\":\"SUCCESS\"}", T_NONE);
	expect(&n, WXPAY_EJSON);
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, "not json", T_NONE);
	expect(&n, WXPAY_EJSON);
	/* amount.total as a string, then negative. */
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3,
	    "{\"mchid\":\"1\",\"appid\":\"wx1\",\"out_trade_no\":\"PT1\","
	    "\"transaction_id\":\"42\",\"trade_state\":\"SUCCESS\","
	    "\"amount\":{\"total\":\"100\",\"currency\":\"CNY\"}}", T_NONE);
	expect(&n, WXPAY_EJSON);
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3,
	    "{\"mchid\":\"1\",\"appid\":\"wx1\",\"out_trade_no\":\"PT1\","
	    "\"transaction_id\":\"42\",\"trade_state\":\"SUCCESS\","
	    "\"amount\":{\"total\":-1,\"currency\":\"CNY\"}}", T_NONE);
	expect(&n, WXPAY_EJSON);
	/* out_trade_no too long for struct wxpay_txn. */
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3,
	    "{\"mchid\":\"1\",\"appid\":\"wx1\",\"out_trade_no\":\""
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "\",\"transaction_id\":\"42\",\"trade_state\":\"SUCCESS\","
	    "\"amount\":{\"total\":1,\"currency\":\"CNY\"}}", T_NONE);
	expect(&n, WXPAY_EJSON);
}

static void
missing_headers_is_eheader(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;
	size_t len;

	(void)state;
	k.platform_pubkey_pem = wx_pem;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	len = strlen(n.body);
	assert_int_equal(wxpay_verify_notify(&k, NULL, n.nonce, n.sig, SERIAL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, NULL, n.sig, SERIAL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, NULL, SERIAL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, NULL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, SERIAL,
	    NULL, 0, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, n.nonce, n.sig, SERIAL,
	    n.body, len, NOW, NULL), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(NULL, n.ts, n.nonce, n.sig,
	    SERIAL, n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, "", n.nonce, n.sig, SERIAL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, "17e8", n.nonce, n.sig,
	    SERIAL, n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, " 1700000000", n.nonce, n.sig,
	    SERIAL, n.body, len, NOW, &t), WXPAY_EHEADER);
	assert_int_equal(wxpay_verify_notify(&k, n.ts, "", n.sig, SERIAL,
	    n.body, len, NOW, &t), WXPAY_EHEADER);
	k.apiv3_key = NULL;
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_EHEADER);
	note_free(&n);
}

static void
unusable_platform_key_is_esig(void **state)
{
	struct wxpay_keys k = keys;
	struct wxpay_txn t;
	struct note n;

	(void)state;
	note_make(&n, NOW, "AEAD_AES_256_GCM", APIV3, TXN, T_NONE);
	k.platform_pubkey_pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n"
	    "-----END PUBLIC KEY-----\n";
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_ESIG);
	k.platform_pubkey_pem = ec_pem;		/* not RSA */
	assert_int_equal(verify_k(k, &n, NOW, &t), WXPAY_ESIG);
	note_free(&n);
}

static void
strerror_names_every_code(void **state)
{
	int c;

	(void)state;
	for (c = WXPAY_EALGO; c <= WXPAY_OK; c++)
		assert_string_not_equal(wxpay_strerror(c),
		    "unknown wxpay error");
	assert_string_equal(wxpay_strerror(-99), "unknown wxpay error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_notification_decodes_fields),
		cmocka_unit_test(body_length_is_honoured_without_nul),
		cmocka_unit_test(platform_certificate_pem_is_accepted),
		cmocka_unit_test(body_altered_one_byte_is_esig),
		cmocka_unit_test(altered_nonce_or_timestamp_is_esig),
		cmocka_unit_test(signature_from_other_key_is_esig),
		cmocka_unit_test(garbage_base64_signature_is_esig),
		cmocka_unit_test(timestamp_301s_old_is_estale_299s_ok),
		cmocka_unit_test(wrong_serial_is_eserial),
		cmocka_unit_test(tampered_ciphertext_is_edecrypt),
		cmocka_unit_test(tampered_tag_is_edecrypt),
		cmocka_unit_test(wrong_apiv3_key_is_edecrypt),
		cmocka_unit_test(other_algorithm_is_ealgo),
		cmocka_unit_test(malformed_json_is_ejson),
		cmocka_unit_test(missing_resource_is_ejson),
		cmocka_unit_test(resource_without_transaction_fields_is_ejson),
		cmocka_unit_test(missing_headers_is_eheader),
		cmocka_unit_test(unusable_platform_key_is_esig),
		cmocka_unit_test(strerror_names_every_code),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
