/* wxpay: WeChat Pay API v3 notification verifier (see wxpay.h). */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "wxpay.h"

/* Largest decoded signature accepted: RSA-8192. */
#define SIG_MAX		1024
#define GCM_TAG		16
#define GCM_IV		12

/* Value of one base64 character, or -1. */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict standard base64 (with '=' padding, no whitespace) of s[0..n) into
 * out (room for cap bytes). Returns the decoded length, or -1 when s is not
 * canonical base64 or does not fit. */
static long
b64dec(const char *s, size_t n, unsigned char *out, size_t cap)
{
	size_t i, o = 0, pad = 0;

	if (n == 0 || n % 4 != 0)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	if (n / 4 * 3 - pad > cap)
		return -1;
	for (i = 0; i < n; i += 4) {
		int v[4], j;
		int last = i + 4 == n;

		for (j = 0; j < 4; j++) {
			if (last && j >= 4 - (int)pad) {
				if (s[i + j] != '=')
					return -1;
				v[j] = 0;
			} else if ((v[j] = b64val((unsigned char)s[i + j])) < 0)
				return -1;
		}
		/* Bits below the last whole byte must be zero (canonical). */
		if (last && pad == 2 && (v[1] & 0x0f) != 0)
			return -1;
		if (last && pad == 1 && (v[2] & 0x03) != 0)
			return -1;
		out[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (!last || pad < 2)
			out[o++] = (unsigned char)((v[1] & 0x0f) << 4 | v[2] >> 2);
		if (!last || pad < 1)
			out[o++] = (unsigned char)((v[2] & 0x03) << 6 | v[3]);
	}
	return (long)o;
}

/* Parses a Wechatpay-Timestamp (decimal seconds, 1..18 digits). */
static int
parse_ts(const char *s, long long *ts)
{
	long long v = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= 18 || !isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	*ts = v;
	return 0;
}

/* The platform key from PEM: a public key or a certificate; RSA only.
 * Caller frees with EVP_PKEY_free. NULL when unusable. */
static EVP_PKEY *
load_pubkey(const char *pem)
{
	EVP_PKEY *pk = NULL;
	BIO *b;

	if ((b = BIO_new_mem_buf(pem, -1)) == NULL)
		return NULL;
	if (strstr(pem, "-----BEGIN CERTIFICATE-----") != NULL) {
		X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);

		if (x != NULL) {
			pk = X509_get_pubkey(x);
			X509_free(x);
		}
	} else
		pk = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
	BIO_free(b);
	if (pk != NULL && !EVP_PKEY_is_a(pk, "RSA")) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	return pk;
}

/* SHA256-with-RSA (PKCS#1 v1.5) over ts "\n" nonce "\n" body "\n". */
static int
check_sig(const char *pem, const char *ts, const char *nonce,
    const char *sig_b64, const char *body, size_t body_len)
{
	unsigned char sig[SIG_MAX];
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *md = NULL;
	EVP_PKEY *pk = NULL;
	long siglen;
	int rc = WXPAY_ESIG;

	siglen = b64dec(sig_b64, strlen(sig_b64), sig, sizeof(sig));
	if (siglen <= 0)
		return WXPAY_ESIG;
	if ((pk = load_pubkey(pem)) == NULL)
		goto out;
	if ((md = EVP_MD_CTX_new()) == NULL)
		goto out;
	if (EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pk) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
		goto out;
	if (EVP_DigestVerifyUpdate(md, ts, strlen(ts)) != 1 ||
	    EVP_DigestVerifyUpdate(md, "\n", 1) != 1 ||
	    EVP_DigestVerifyUpdate(md, nonce, strlen(nonce)) != 1 ||
	    EVP_DigestVerifyUpdate(md, "\n", 1) != 1 ||
	    EVP_DigestVerifyUpdate(md, body, body_len) != 1 ||
	    EVP_DigestVerifyUpdate(md, "\n", 1) != 1)
		goto out;
	if (EVP_DigestVerifyFinal(md, sig, (size_t)siglen) == 1)
		rc = WXPAY_OK;
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pk);
	return rc;
}

/* Parses exactly s[0..n) as one JSON object (trailing whitespace allowed).
 * Caller puts the result. NULL when not a JSON object. */
static json_object *
parse_obj(const char *s, size_t n)
{
	json_tokener *tok;
	json_object *o;
	size_t end;

	if (n > INT_MAX || (tok = json_tokener_new()) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (o != NULL && json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		o = NULL;
	}
	end = o != NULL ? json_tokener_get_parse_end(tok) : 0;
	json_tokener_free(tok);
	if (o == NULL)
		return NULL;
	for (; end < n; end++)
		if (!isspace((unsigned char)s[end]))
			break;
	if (end != n || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The string member key of o, or NULL when absent or not a string. */
static const char *
get_str(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Copies string member key of o into dst[cap]; -1 when absent, not a
 * string, empty, holding a NUL, or too long. */
static int
copy_str(json_object *o, const char *key, char *dst, size_t cap)
{
	json_object *v;
	size_t n;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return -1;
	n = (size_t)json_object_get_string_len(v);
	if (n == 0 || n >= cap || strlen(json_object_get_string(v)) != n)
		return -1;
	memcpy(dst, json_object_get_string(v), n + 1);
	return 0;
}

/* AES-256-GCM open: in = ciphertext || tag. plain gets inlen - 16 bytes
 * (caller's buffer of at least that size). */
static int
gcm_open(const char *key, const char *iv, const char *aad,
    const unsigned char *in, size_t inlen, unsigned char *plain)
{
	EVP_CIPHER_CTX *c;
	size_t ctlen;
	int n, rc = WXPAY_EDECRYPT;

	if (strlen(key) != 32 || strlen(iv) != GCM_IV || inlen < GCM_TAG ||
	    inlen - GCM_TAG > INT_MAX || strlen(aad) > INT_MAX)
		return WXPAY_EDECRYPT;
	ctlen = inlen - GCM_TAG;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return WXPAY_EDECRYPT;
	if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, GCM_IV, NULL) != 1 ||
	    EVP_DecryptInit_ex(c, NULL, NULL, (const unsigned char *)key,
	    (const unsigned char *)iv) != 1)
		goto out;
	if (aad[0] != '\0' && EVP_DecryptUpdate(c, NULL, &n,
	    (const unsigned char *)aad, (int)strlen(aad)) != 1)
		goto out;
	if (ctlen > 0 &&
	    EVP_DecryptUpdate(c, plain, &n, in, (int)ctlen) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, GCM_TAG,
	    (void *)(in + ctlen)) != 1)
		goto out;
	if (EVP_DecryptFinal_ex(c, plain + ctlen, &n) == 1)
		rc = WXPAY_OK;
out:
	EVP_CIPHER_CTX_free(c);
	if (rc != WXPAY_OK)
		OPENSSL_cleanse(plain, ctlen);
	return rc;
}

/* Reads the transaction out of the decrypted resource. */
static int
read_txn(const unsigned char *plain, size_t n, struct wxpay_txn *t)
{
	json_object *o, *amount, *total;
	int rc = WXPAY_EJSON;

	if ((o = parse_obj((const char *)plain, n)) == NULL)
		return WXPAY_EJSON;
	if (copy_str(o, "out_trade_no", t->out_trade_no,
	    sizeof(t->out_trade_no)) != 0 ||
	    copy_str(o, "transaction_id", t->transaction_id,
	    sizeof(t->transaction_id)) != 0 ||
	    copy_str(o, "trade_state", t->trade_state,
	    sizeof(t->trade_state)) != 0 ||
	    copy_str(o, "mchid", t->mchid, sizeof(t->mchid)) != 0 ||
	    copy_str(o, "appid", t->appid, sizeof(t->appid)) != 0)
		goto out;
	if (!json_object_object_get_ex(o, "amount", &amount) ||
	    !json_object_is_type(amount, json_type_object) ||
	    !json_object_object_get_ex(amount, "total", &total) ||
	    !json_object_is_type(total, json_type_int) ||
	    copy_str(amount, "currency", t->currency, sizeof(t->currency)) != 0)
		goto out;
	t->total_fen = json_object_get_int64(total);
	if (t->total_fen < 0 || t->total_fen == INT64_MAX)
		goto out;
	rc = WXPAY_OK;
out:
	json_object_put(o);
	return rc;
}

int
wxpay_verify_notify(const struct wxpay_keys *k, const char *timestamp,
    const char *nonce, const char *signature_b64, const char *serial,
    const char *body, size_t body_len, long long now, struct wxpay_txn *out)
{
	json_object *root = NULL, *res;
	const char *algo, *ct, *iv, *aad;
	unsigned char *blob = NULL;
	long long ts;
	size_t ctlen;
	long bloblen;
	int rc;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (k == NULL || k->platform_pubkey_pem == NULL ||
	    k->apiv3_key == NULL || timestamp == NULL || nonce == NULL ||
	    signature_b64 == NULL || body == NULL || out == NULL)
		return WXPAY_EHEADER;
	if (serial == NULL && k->serial != NULL)
		return WXPAY_EHEADER;
	if (nonce[0] == '\0' || signature_b64[0] == '\0' ||
	    parse_ts(timestamp, &ts) != 0)
		return WXPAY_EHEADER;
	if (k->serial != NULL && strcmp(serial, k->serial) != 0)
		return WXPAY_ESERIAL;
	if (now < 0 || (ts > now && ts - now > WXPAY_MAX_SKEW) ||
	    (ts < now && now - ts > WXPAY_MAX_SKEW))
		return WXPAY_ESTALE;
	if ((rc = check_sig(k->platform_pubkey_pem, timestamp, nonce,
	    signature_b64, body, body_len)) != WXPAY_OK)
		return rc;

	/* Signed by WeChat from here on, but still checked field by field. */
	if (body_len > WXPAY_MAX_BODY ||
	    (root = parse_obj(body, body_len)) == NULL)
		return WXPAY_EJSON;
	rc = WXPAY_EJSON;
	if (!json_object_object_get_ex(root, "resource", &res) ||
	    !json_object_is_type(res, json_type_object) ||
	    (algo = get_str(res, "algorithm")) == NULL ||
	    (ct = get_str(res, "ciphertext")) == NULL ||
	    (iv = get_str(res, "nonce")) == NULL)
		goto out;
	if (json_object_object_get_ex(res, "associated_data", NULL)) {
		if ((aad = get_str(res, "associated_data")) == NULL)
			goto out;
	} else
		aad = "";
	if (strcmp(algo, "AEAD_AES_256_GCM") != 0) {
		rc = WXPAY_EALGO;
		goto out;
	}
	ctlen = strlen(ct);
	if ((blob = malloc(ctlen / 4 * 3 + 1)) == NULL)
		goto out;
	if ((bloblen = b64dec(ct, ctlen, blob, ctlen / 4 * 3 + 1)) < 0)
		goto out;
	if ((rc = gcm_open(k->apiv3_key, iv, aad, blob, (size_t)bloblen,
	    blob)) != WXPAY_OK)
		goto out;
	rc = read_txn(blob, (size_t)bloblen - GCM_TAG, out);
	OPENSSL_cleanse(blob, (size_t)bloblen);
out:
	free(blob);
	json_object_put(root);
	if (rc != WXPAY_OK)
		memset(out, 0, sizeof(*out));
	return rc;
}

const char *
wxpay_strerror(int code)
{
	switch (code) {
	case WXPAY_OK:
		return "ok";
	case WXPAY_EHEADER:
		return "missing or malformed Wechatpay header";
	case WXPAY_ESTALE:
		return "notification timestamp out of range";
	case WXPAY_ESIG:
		return "bad notification signature";
	case WXPAY_EJSON:
		return "malformed notification body or resource";
	case WXPAY_EDECRYPT:
		return "resource decryption failed";
	case WXPAY_ESERIAL:
		return "unknown platform certificate serial";
	case WXPAY_EALGO:
		return "unsupported resource algorithm";
	}
	return "unknown wxpay error";
}
