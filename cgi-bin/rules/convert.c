/* convert: exact conversion arithmetic (see convert.h). */
#include "amount.h"
#include "convert.h"

static int64_t
gcd(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

int64_t
convert_step(int64_t from, int64_t to)
{
	if (from <= 0 || to <= 0)
		return 0;
	return from / gcd(from, to);
}

int
convert_exact(int64_t amount, int64_t from, int64_t to, int64_t *out)
{
	__int128 p;

	if (from <= 0 || to <= 0)
		return CONVERT_ERATE;
	if (amount <= 0 || amount > AMT_CAP)
		return CONVERT_ERANGE;
	p = (__int128)amount * to;
	if (p % from != 0)
		return CONVERT_EINEXACT;
	p /= from;
	if (p <= 0 || p > AMT_CAP)
		return CONVERT_ERANGE;
	*out = (int64_t)p;
	return CONVERT_OK;
}

int64_t
convert_capped(int64_t held, int64_t want)
{
	if (held <= 0 || want <= 0)
		return 0;
	return want < held ? want : held;
}
