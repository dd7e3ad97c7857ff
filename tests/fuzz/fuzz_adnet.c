/* fuzz_adnet: libFuzzer harness for the network's reward callback
 * (cgi-bin/lib/adnet.c): adnet_message and adnet_verify on arbitrary
 * fields, against a fixed key.
 *
 * Input: four fields, member, trans, ts and sig, separated by '\n' (a
 * missing field is NULL).
 *
 * Checked: adnet_message accepts exactly a decimal member and ts without
 * sign or leading zero (1 … 18 digits) and a trans of 1 … 64 of
 * [A-Za-z0-9_-], and then writes "member|trans|ts" — so no two different
 * callbacks sign the same message; adnet_verify never says ADNET_OK for
 * these inputs (nobody here holds the key), and sets the member only when
 * it does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adnet.h"
#include "fuzz.h"

/* a public key whose secret half nobody has (32 bytes of a hash) */
#define KEY "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

static int
ref_decimal(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	return n > 0 && n <= 18 && s[0] != '0' &&
	    strspn(s, "0123456789") == n;
}

static int
ref_trans(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*buf = malloc(size + 1), *f[4] = { NULL }, *p, msg[128];
	char		 want[160];
	struct adnet_cb	 cb;
	long long	 member = -7;
	const char	*m;
	size_t		 i;
	int		 ok;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0, p = buf; i < 4 && p != NULL; i++) {
		f[i] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	cb = (struct adnet_cb){ f[0], f[1], f[2], f[3] };
	m = adnet_message(&cb, msg, sizeof(msg));
	ok = ref_decimal(f[0]) && ref_trans(f[1]) && ref_decimal(f[2]);
	CHECK((m != NULL) == ok);
	if (ok) {
		snprintf(want, sizeof(want), "%s|%s|%s", f[0], f[1], f[2]);
		CHECK(strcmp(m, want) == 0);
	}
	CHECK(adnet_verify(KEY, &cb, 1800000000LL, &member) != ADNET_OK);
	CHECK(member == -7);
	free(buf);
	return 0;
}
