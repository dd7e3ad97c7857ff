/* wxpay: WeChat Pay API v3 payment notifications (B4). Checks the
 * Wechatpay-* headers and the SHA256-with-RSA signature over
 * "timestamp\nnonce\nbody\n" with the platform public key, then opens the
 * AEAD_AES_256_GCM resource with the merchant's APIv3 key and reads the
 * transaction out of it. Pure function of its arguments: no global state,
 * no I/O, no clock (the caller passes now). OpenSSL EVP + json-c. */
#ifndef PT_WXPAY_H
#define PT_WXPAY_H
#include <stddef.h>

/* Largest body accepted (bytes); WeChat's notifications are ~1 KiB. */
#define WXPAY_MAX_BODY	65536
/* Largest accepted |now - Wechatpay-Timestamp|, in seconds. */
#define WXPAY_MAX_SKEW	300

struct wxpay_keys {
	/* Platform key, PEM: either "-----BEGIN PUBLIC KEY-----" (the WeChat
	 * Pay public key, serial "PUB_KEY_ID_…") or the platform certificate
	 * "-----BEGIN CERTIFICATE-----"; must be RSA. Required. */
	const char	*platform_pubkey_pem;
	/* The merchant's APIv3 key: exactly 32 bytes, NUL-terminated. */
	const char	*apiv3_key;
	/* Expected Wechatpay-Serial, or NULL to accept any serial. */
	const char	*serial;
};

struct wxpay_txn {
	char		out_trade_no[64];	/* our order number */
	char		transaction_id[64];	/* WeChat's */
	char		trade_state[32];	/* "SUCCESS", "REFUND", "CLOSED"… */
	long long	total_fen;		/* amount.total, >= 0 */
	char		currency[8];		/* amount.currency, "CNY" */
	char		mchid[32];
	char		appid[40];
};

enum {
	WXPAY_OK = 0,
	WXPAY_EHEADER = -1,	/* a header/argument missing or malformed */
	WXPAY_ESTALE = -2,	/* timestamp more than WXPAY_MAX_SKEW from now */
	WXPAY_ESIG = -3,	/* signature bad, undecodable, or key unusable */
	WXPAY_EJSON = -4,	/* body or decrypted resource not as expected */
	WXPAY_EDECRYPT = -5,	/* GCM authentication failed / bad key or IV */
	WXPAY_ESERIAL = -6,	/* Wechatpay-Serial is not k->serial */
	WXPAY_EALGO = -7	/* resource.algorithm is not AEAD_AES_256_GCM */
};

/* Verifies one notification and decodes its transaction into *out.
 * k, k->platform_pubkey_pem and k->apiv3_key must be non-NULL (else
 * WXPAY_EHEADER); timestamp, nonce, signature_b64 (the four Wechatpay-*
 * header values as received, NUL-terminated), body (body_len bytes, need
 * not be NUL-terminated) and out must be non-NULL (else WXPAY_EHEADER);
 * serial may be NULL only when k->serial is NULL. Nothing is kept: the
 * caller owns every argument. Checks, in order: arguments and headers
 * (EHEADER), serial (ESERIAL), timestamp against now (ESTALE), the
 * signature (ESIG), the body's JSON (EJSON), the algorithm (EALGO), the
 * decryption (EDECRYPT), then the transaction's fields (EJSON: missing,
 * wrong type, or too long for *out). Returns WXPAY_OK with *out filled;
 * on any failure *out is zeroed. A trade_state other than "SUCCESS" is
 * still WXPAY_OK: the caller decides. Duplicate notifications are not
 * detected here (the caller must be idempotent on out_trade_no). */
int	wxpay_verify_notify(const struct wxpay_keys *k, const char *timestamp,
	    const char *nonce, const char *signature_b64, const char *serial,
	    const char *body, size_t body_len, long long now,
	    struct wxpay_txn *out);
/* Static English message for a WXPAY_* code (for logs, not for users);
 * never NULL. */
const char *wxpay_strerror(int code);

#endif
