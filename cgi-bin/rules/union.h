/* union: the pure rules of the union queue (工会排队, FEATURES F7). Each
 * qualifying order of ¥X gives its buyer a quota of X × quota_bp (110% by
 * default: ¥1000 → ¥1100); each day the platform's net profit of the day
 * before, when positive, funds the queue with profit × share_bp (60% by
 * default); the queue pays whole entitlements only, oldest first, and
 * stops at the first it cannot pay in full (strict order: a smaller one
 * behind it waits too). No I/O; lib/svc_union.c applies the plan through
 * the payout path.
 * Net profit (the definition operators see): order margin + supplier
 * spread + store commissions − rewards and subsidies paid that day.
 * Rounding: bp shares half up to the fen (rules/amount.h bp_of). */
#ifndef PT_UNION_H
#define PT_UNION_H
#include <stddef.h>
#include <stdint.h>

enum union_err {
	UNION_OK = 0,
	UNION_EINVAL = -1	/* an amount or bp out of range */
};

/* The day's profit parts, fen. */
struct union_day {
	int64_t	 margin, spread, commission, rewards;
	int64_t	 profit;	/* out: margin + spread + commission − rewards */
	int64_t	 moved;		/* out: profit × share_bp when profit > 0, else 0 */
};

/* Fills d->profit and d->moved for share_bp (0 … 10000). UNION_OK, or
 * UNION_EINVAL (a negative part, share out of range, beyond AMT_CAP). */
int	union_day_plan(struct union_day *d, int64_t share_bp);
/* The quota of an order of base at quota_bp (0 … 100000): UNION_OK or
 * UNION_EINVAL. */
int	union_quota(int64_t base, int64_t quota_bp, int64_t *out);
/* How many of the waiting entitlements owed[0..n) (oldest first) the
 * balance pays in full, in order: the count k, with *left the balance
 * after paying owed[0..k). */
size_t	union_allocate(int64_t balance, const int64_t *owed, size_t n,
	    int64_t *left);

#endif
