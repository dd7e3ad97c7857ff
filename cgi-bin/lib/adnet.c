/* adnet: the ad providers and the network's signed reward callback (see
 * adnet.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "adnet.h"
#include "crypto.h"

const struct ad_provider ad_providers[] = {
	{ "house", "平台自有广告", NULL },
	{ "network", "第三方广告网络", adnet_verify },
};
const size_t ad_providers_n = sizeof(ad_providers) / sizeof(ad_providers[0]);

const struct ad_provider *
ad_provider_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < ad_providers_n; i++)
		if (strcmp(ad_providers[i].name, name) == 0)
			return &ad_providers[i];
	return NULL;
}

/* A decimal number of 1 … 19 digits without sign or leading zero into
 * *v; 0 or -1. */
static int
decimal(const char *s, long long *v)
{
	size_t	n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > 18 || s[0] == '0' ||
	    strspn(s, "0123456789") != n)
		return -1;
	*v = strtoll(s, NULL, 10);
	return 0;
}

const char *
adnet_message(const struct adnet_cb *cb, char *buf, size_t n)
{
	long long	m, t;
	size_t		len = cb->trans != NULL ? strlen(cb->trans) : 0;

	if (decimal(cb->member, &m) != 0 || decimal(cb->ts, &t) != 0 ||
	    len == 0 || len > 64 || strspn(cb->trans, "abcdefghijklmnopqrstu"
	    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != len)
		return NULL;
	if ((size_t)snprintf(buf, n, "%lld|%s|%lld", m, cb->trans, t) >= n)
		return NULL;
	return buf;
}

int
adnet_verify(const char *key_hex, const struct adnet_cb *cb, long long now,
    long long *member)
{
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	char		 msg[128];
	long long	 ts;

	if (key_hex == NULL || strlen(key_hex) != 2 * sizeof(pk) ||
	    hex_decode(key_hex, pk, sizeof(pk)) != 0)
		return ADNET_EKEY;
	if (adnet_message(cb, msg, sizeof(msg)) == NULL || cb->sig == NULL ||
	    strlen(cb->sig) != 2 * sizeof(sig) ||
	    hex_decode(cb->sig, sig, sizeof(sig)) != 0)
		return ADNET_EFIELD;
	ts = strtoll(cb->ts, NULL, 10);
	if (ts > now + ADNET_MAX_SKEW || ts < now - ADNET_MAX_SKEW)
		return ADNET_ESTALE;
	if (crypto_sign_verify_detached(sig, (const unsigned char *)msg,
	    strlen(msg), pk) != 0)
		return ADNET_ESIG;
	*member = strtoll(cb->member, NULL, 10);
	return ADNET_OK;
}

const char *
adnet_strerror(int err)
{
	switch (err) {
	case ADNET_OK:		return "正常";
	case ADNET_EFIELD:	return "回调参数不完整或格式不正确";
	case ADNET_EKEY:	return "广告网络回调未开放（未配置公钥）";
	case ADNET_ESTALE:	return "回调时间与服务器相差太大";
	case ADNET_ESIG:	return "回调签名无效";
	}
	return "回调无效";
}
