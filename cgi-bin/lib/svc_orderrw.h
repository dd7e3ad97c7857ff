/* svc_orderrw: the order-event subscribers that pay on completed mall
 * orders (the rules are in rules/orderrw.h): 消费积分 (H1) and the
 * referral percentages (G8). Named in the subscriber table of events.c. */
#ifndef PT_SVC_ORDERRW_H
#define PT_SVC_ORDERRW_H
#include <stddef.h>
#include "events.h"

/* The settings of these subscribers: keys here, type, default, bounds,
 * label and help in orderrw_settings (svc_orderrw.c), the one place that
 * holds them until the settings registry does. */
#define ORDERRW_SET_PER_YUAN	"mallpts.per_yuan_bp"
#define ORDERRW_SET_REFERRAL	"referral.mall_bp"
#define ORDERRW_SET_INLINE	"mallpts.inline"

struct orderrw_setting {
	const char	*key;
	const char	*type;		/* bp, bool, JSON list (bp) */
	const char	*def;		/* the default, as JSON */
	long long	 min, max;	/* bounds (of each entry of a list) */
	const char	*unit;		/* NULL: none */
	const char	*group;
	const char	*label;
	const char	*help;
};
extern const struct orderrw_setting	orderrw_settings[];
extern const size_t			orderrw_nsettings;

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
