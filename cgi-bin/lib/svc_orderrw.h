/* svc_orderrw: the order-event subscribers that pay on completed mall
 * orders (the rules are in rules/orderrw.h): 消费积分 (H1) and the
 * referral percentages (G8). Named in the subscriber table of events.c. */
#ifndef PT_SVC_ORDERRW_H
#define PT_SVC_ORDERRW_H
#include "events.h"

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
