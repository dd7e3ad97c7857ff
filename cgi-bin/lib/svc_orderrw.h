/* svc_orderrw: the order-event subscribers that pay on completed mall
 * orders (the rules are in rules/orderrw.h): 消费积分 (H1) and the
 * referral percentages (G8). Named in the subscriber table of events.c. */
#ifndef PT_SVC_ORDERRW_H
#define PT_SVC_ORDERRW_H
#include <stddef.h>
#include "events.h"

/* The settings of these subscribers (the registry, lib/settings_table.c,
 * holds their type, default, bounds and label). */
#define ORDERRW_SET_PER_YUAN	"mallpts.per_yuan_bp"
#define ORDERRW_SET_REFERRAL	"referral.mall_bp"
#define ORDERRW_SET_INLINE	"mallpts.inline"

/* Whether the 消费积分 subscriber runs inline, in the order's
 * transaction (the setting ORDERRW_SET_INLINE). */
int	orderrw_points_inline(void);

/* events_fn handlers: run in the delivery's transaction; pay through
 * payout_apply with their own ledger keys (a rerun pays nothing twice).
 * Only a mall order's completed event pays: other events pay nothing,
 * nor do orders of other sources (a group-buy activity pays its own
 * 消费积分 and referral, D6). 0, or a negative code
 * with err filled. */
int	orderrw_on_points(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);
int	orderrw_on_referral(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);

#endif
