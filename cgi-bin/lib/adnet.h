/* adnet: where ads come from, behind a provider interface like SMS and
 * payments (sms.h, wxpay.h). Two providers:
 *   house    the platform's own ads (the `ads` table: an uploaded image,
 *            or a listed product), timed by our server with view tokens
 *            (lib/svc_ad.c);
 *   network  a third-party ad network that plays its own ads in its SDK
 *            and tells us of each completed view by a reward callback.
 * A network callback proves itself by signature, never by a session: the
 * network signs "<member>|<trans_id>|<ts>" with its Ed25519 key (the
 * public half is the setting ad.network_pubkey, hex); a callback with a
 * bad or missing signature, another key, a changed field or a timestamp
 * more than ADNET_MAX_SKEW from now is refused. Pure: no I/O, no clock
 * (the caller passes now). */
#ifndef PT_ADNET_H
#define PT_ADNET_H
#include <stddef.h>

#define ADNET_MAX_SKEW	300	/* seconds */

enum adnet_err {
	ADNET_OK = 0,
	ADNET_EFIELD = -1,	/* a field missing or malformed */
	ADNET_EKEY = -2,	/* no key configured, or not 32 bytes of hex */
	ADNET_ESTALE = -3,	/* the timestamp is too far from now */
	ADNET_ESIG = -4		/* the signature does not verify */
};

/* A reward callback as received. */
struct adnet_cb {
	const char	*member;	/* our member id, decimal */
	const char	*trans;		/* the network's transaction id:
					 * 1 … 64 of [A-Za-z0-9_-] */
	const char	*ts;		/* unix seconds, decimal */
	const char	*sig;		/* 128 hex digits */
};

struct ad_provider {
	const char	*name;		/* "house", "network" */
	const char	*label;		/* Chinese, for the back office */
	/* Verifies a reward callback with the provider's key (hex);
	 * NULL: the provider has no callbacks (house). ADNET_* */
	int		(*verify)(const char *key, const struct adnet_cb *cb,
			    long long now, long long *member);
};

/* The provider named name, or NULL. */
const struct ad_provider *ad_provider_find(const char *name);
extern const struct ad_provider ad_providers[];
extern const size_t ad_providers_n;

/* The network's verifier (ad_providers' "network"): ADNET_OK with
 * *member set, or an error. */
int	adnet_verify(const char *key_hex, const struct adnet_cb *cb,
	    long long now, long long *member);
/* The message the network signs for cb, into buf; NULL when a field is
 * malformed. */
const char *adnet_message(const struct adnet_cb *cb, char *buf, size_t n);
const char *adnet_strerror(int err);

#endif
