/* orderrw: what a completed mall order pays, as reward lines
 * (rules/reward.h) for the payout path: the buyer's 消费积分 (H1) and the
 * referral percentages of up to ORDERRW_MAX_GEN inviters above the buyer
 * (G8). Pure: the order-event subscribers (lib/svc_orderrw.c) read the
 * order, the inviters and the settings, call these, and apply the lines.
 *
 * The rules, in words:
 * - 消费积分: each ¥1 of the order's ¥ value (unit price × quantity,
 *   whatever mall currency it was settled in) gives per_yuan_bp / 10000
 *   消费积分, rounded half-up to 0.01; issued by the platform (a loyalty
 *   currency, not money). Paid once the order is completed; an order
 *   cancelled (refunded) before completion never completes, so pays none.
 * - Referral: the buyer's inviter gets bp[0], the inviter's inviter bp[1]
 *   (default 2% / 1%) of the order's ¥ value in 零钱, rounded half-up to
 *   the fen, on completion. Rewards come from the sale, never from thin
 *   air (DESIGN.md §1): together they are capped at the order's margin
 *   (¥ value − supply cost): when the margin is smaller the nearest
 *   generation is paid first and the farther ones get what is left. A
 *   missing inviter ends the chain.
 * - Never more than 3 generations (DESIGN.md §1): a configuration asking
 *   for more is refused. */
#ifndef PT_ORDERRW_H
#define PT_ORDERRW_H
#include <stddef.h>
#include <stdint.h>
#include "reward.h"

#define ORDERRW_MAX_GEN	3
#define ORDERRW_BP_MAX	10000

enum orderrw_err {
	ORDERRW_OK = 0,
	ORDERRW_EGEN = -1,	/* more than ORDERRW_MAX_GEN generations */
	ORDERRW_EBP = -2,	/* a rate outside 0 … ORDERRW_BP_MAX */
	ORDERRW_ERANGE = -3	/* an amount that does not fit */
};

/* A completed order, as the plan needs it. */
struct orderrw_order {
	long long	 id;
	long long	 buyer;
	int64_t		 value;		/* ¥ fen: unit price × quantity */
	int64_t		 cost;		/* ¥ fen: supply price × quantity */
	int		 change;	/* 1: settled in 零钱: the margin sits in
					 * the platform's revenue account, which
					 * pays the referral. 0: completion
					 * retired the payment and issued the
					 * supply in 零钱, so the referral is
					 * issued against the retired margin */
	long long	 up[ORDERRW_MAX_GEN];	/* inviters, nearest first;
						 * 0: none */
};

/* The lines and the text they point into: the lines point into the
 * plan's own buffers, so a plan must not be copied while used. */
struct orderrw_plan {
	size_t			 n;
	struct reward_line	 l[ORDERRW_MAX_GEN];
	char			 key[ORDERRW_MAX_GEN][48];
	char			 memo[ORDERRW_MAX_GEN][96];
};

/* round_half_up(value × bp / 10000) for value >= 0, 0 <= bp; -1 when the
 * product does not fit. */
int64_t	orderrw_bp(int64_t value, int64_t bp);
/* Checks a referral configuration: n rates (nearest generation first).
 * ORDERRW_OK, ORDERRW_EGEN or ORDERRW_EBP. */
int	orderrw_check(const int64_t *bp, size_t n);
/* The 消费积分 line of order o into p (p->n is 0 or 1: nothing when the
 * order is worth 0 or the rate is 0). ORDERRW_OK or an error. */
int	orderrw_points(const struct orderrw_order *o, int64_t per_yuan_bp,
	    struct orderrw_plan *p);
/* The referral lines of order o into p, one per inviter paid (nearest
 * first), capped together at the margin. ORDERRW_OK or an error (then
 * p->n is 0). */
int	orderrw_referral(const struct orderrw_order *o, const int64_t *bp,
	    size_t n, struct orderrw_plan *p);

#endif
