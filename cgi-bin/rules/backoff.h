/* backoff: when a failed piece of scheduled work runs again. The n-th
 * retry waits base × 2^(n−1) seconds (10 s, 20 s, 40 s … for base 10, as
 * the jobs table does), never more than cap; after max attempts in all
 * the work is failed for good and waits for an operator. Pure. */
#ifndef PT_BACKOFF_H
#define PT_BACKOFF_H
#include <stdint.h>

struct backoff {
	int64_t	 base;		/* seconds before the first retry, > 0 */
	int64_t	 cap;		/* the longest wait, seconds */
	int	 max;		/* attempts in all, > 0 */
};

/* The wait in seconds after the failure that brings the attempts to
 * `attempts` (1 after the first failure); cap when the doubling would
 * pass it. */
int64_t	backoff_wait(const struct backoff *b, int attempts);
/* 1 when `attempts` failures use up every attempt (the work is failed),
 * else 0. */
int	backoff_exhausted(const struct backoff *b, int attempts);

#endif
