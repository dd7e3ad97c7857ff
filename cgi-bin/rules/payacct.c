/* payacct: payout account checks and masks (see payacct.h). */
#include <stdio.h>
#include <string.h>
#include "payacct.h"

int
payacct_luhn(const char *s)
{
	size_t	len = strlen(s), i;
	int	sum = 0, d;

	if (len < 2)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[len - 1 - i] < '0' || s[len - 1 - i] > '9')
			return 0;
		d = s[len - 1 - i] - '0';
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0;
}

int
payacct_card_check(const char *s)
{
	size_t i, len = strlen(s);

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return PAYACCT_ECHARS;
	if (len < 12 || len > 19)
		return PAYACCT_ELEN;
	return payacct_luhn(s) ? PAYACCT_OK : PAYACCT_ELUHN;
}

static int
mobile(const char *s)
{
	size_t i;

	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3')
		return 0;
	for (i = 0; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
payacct_alipay_check(const char *s)
{
	const char	*at = strchr(s, '@'), *p;
	size_t		 len = strlen(s);

	if (mobile(s))
		return PAYACCT_OK;
	if (at == NULL || at == s || len > 64 || strchr(at + 1, '@') != NULL)
		return PAYACCT_EALIPAY;
	for (p = s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>,;()[]\\", *p))
			return PAYACCT_EALIPAY;
	p = strchr(at + 1, '.');
	if (p == NULL || p == at + 1 || p[1] == '\0' || s[len - 1] == '.')
		return PAYACCT_EALIPAY;
	return PAYACCT_OK;
}

/* The code point at s (valid UTF-8 assumed) and its length in *n. */
static unsigned
cp(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80)
		return *n = 1, s[0];
	if ((s[0] & 0xe0) == 0xc0)
		return *n = 2, ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	if ((s[0] & 0xf0) == 0xe0)
		return *n = 3, ((s[0] & 0x0fu) << 12) |
		    ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	return *n = 4, ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
	    ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
}

int
payacct_name_check(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, count = 0;
	unsigned		 c;

	while (*p) {
		c = cp(p, &n);
		for (size_t k = 1; k < n; k++)
			if (p[k] == '\0')
				return PAYACCT_ENAME;
		/* CJK ideographs, Latin letters, a space between Latin words,
		 * the middle dot of transliterated names. */
		if (!((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 &&
		    c <= 0x4dbf) || (c >= 'A' && c <= 'Z') || (c >= 'a' &&
		    c <= 'z') || c == ' ' || c == 0xb7 || c == 0x30fb))
			return PAYACCT_ENAME;
		p += n;
		count++;
	}
	if (count < 2 || count > 20 || s[0] == ' ' || s[strlen(s) - 1] == ' ')
		return PAYACCT_ENAME;
	return PAYACCT_OK;
}

void
payacct_mask(const char *a, char *out, size_t n)
{
	const char	*at = strchr(a, '@');
	size_t		 len = strlen(a);

	if (at != NULL)
		snprintf(out, n, "%c***%s", a[0], at);
	else if (len == 11)
		snprintf(out, n, "%.3s****%s", a, a + 7);
	else if (len > 8)
		snprintf(out, n, "%.4s****%s", a, a + len - 4);
	else
		snprintf(out, n, "****");
}

void
payacct_mask_name(const char *name, char *out, size_t n)
{
	const unsigned char	*p = (const unsigned char *)name, *last = p;
	size_t			 k, o = 0;

	while (*p) {
		cp(p, &k);
		last = p;
		p += k;
	}
	for (p = (const unsigned char *)name; p < last && o + 2 < n; p += k) {
		cp(p, &k);
		out[o++] = '*';
	}
	snprintf(out + o, n - o, "%s", (const char *)last);
}
