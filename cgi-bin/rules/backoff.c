/* backoff: the retry schedule of scheduled work (see backoff.h). */
#include "backoff.h"

int64_t
backoff_wait(const struct backoff *b, int attempts)
{
	int64_t	w = b->base;
	int	i;

	for (i = 1; i < attempts && w < b->cap; i++)
		w = w > INT64_MAX / 2 ? INT64_MAX : w * 2;
	return w > b->cap ? b->cap : w;
}

int
backoff_exhausted(const struct backoff *b, int attempts)
{
	return attempts >= b->max;
}
