/* ratelimit: fixed-window counters in the `rate_limits` table, keyed by a
 * bucket name such as "login:phone:13800000000" or "sms:ip:1.2.3.4". The
 * counter lives in the database so every process and host shares it. */
#ifndef PT_RATELIMIT_H
#define PT_RATELIMIT_H
#include "arena.h"

/* Counts one hit; returns the hits in the current window (>= 1) or a
 * negative db_err. A window older than window_sec starts over at 1. */
int	rl_hit(arena *a, const char *bucket, long window_sec);
/* Hits in the current window without counting (0 when none or expired),
 * or a negative db_err. */
int	rl_count(arena *a, const char *bucket, long window_sec);
/* Takes back one hit (a login attempt counted before its check turned
 * out right); 0 or a negative db_err. */
int	rl_unhit(arena *a, const char *bucket);
/* Forgets the bucket (a successful login clears its failures). */
int	rl_reset(arena *a, const char *bucket);

#endif
