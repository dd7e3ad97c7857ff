/* convert: currency conversion arithmetic (B2). A rate is "from:to", e.g.
 * 积分→零钱 10:1 means 10.00 积分 buy 1.00 零钱. Conversions are exact:
 * an amount that would leave a fraction of the smallest unit is refused,
 * never rounded, so no one gains or loses a fen. */
#ifndef PT_CONVERT_H
#define PT_CONVERT_H
#include <stdint.h>

enum convert_err {
	CONVERT_OK = 0,
	CONVERT_ERATE = -1,	/* a rate part is not positive */
	CONVERT_EINEXACT = -2,	/* amount × to / from is not whole */
	CONVERT_ERANGE = -3,	/* overflow, or amount not positive */
};

/* *out = amount × to / from (both currencies in their smallest unit, same
 * decimals). Returns CONVERT_OK or an error; *out untouched on error. */
int	convert_exact(int64_t amount, int64_t from, int64_t to, int64_t *out);
/* The smallest amount of the source currency that converts exactly:
 * from / gcd(from, to) — 10 for 10:1 (0.10 积分), 1 for 1:1. */
int64_t	convert_step(int64_t from, int64_t to);
/* A conversion capped by what is held (the 红券→绿券 accelerations):
 * min(want, held), never negative. */
int64_t	convert_capped(int64_t held, int64_t want);

#endif
