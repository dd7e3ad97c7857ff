/* svc_union: the union queue (工会排队, FEATURES F7): the order-event
 * subscriber that gives a qualifying order (mall, cashier) its buyer's
 * quota, the daily run that computes the previous day's net profit and
 * moves its share into the pool (the ledger's pool.union) and pays whole
 * entitlements in order, the member's and the back office's views and
 * ctl verify. Rules in rules/union.h; money only through the payout
 * path. */
#ifndef PT_SVC_UNION_H
#define PT_SVC_UNION_H
#include <stddef.h>
#include <json-c/json.h>
#include "arena.h"
#include "events.h"
#include "svc.h"

/* events_fn, the subscriber "union": on paid of a mall or cashier order,
 * when union.enabled, the buyer's entitlement (paid × union.quota_bp);
 * on cancelled, a waiting one is cancelled. 0 or a negative code. */
int	union_on_order(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);

/* The union day of day ("YYYY-MM-DD"; NULL: yesterday), once: its profit from the ledger
 * (the parts kept in union_days), the share moved into the pool when
 * positive, then the waiting entitlements paid in full, oldest first,
 * while the pool covers the next one. Run again for a day already run: a
 * no-op (*ran 0). 0, or a negative code with err filled. */
int	union_run_day(arena *a, const char *day, int *ran, char *err,
	    size_t errlen);

/* The member's union entitlements with their position among those
 * waiting and the pool ({union: {pool, waiting_before…, entitlements:
 * […]}}); NULL on a database error. */
struct json_object *union_member_view(arena *a, long long member);
/* The back office: the definition, the pool, the last 30 days, the
 * waiting total. NULL on a database error. */
struct json_object *union_admin_view(arena *a);

/* ctl verify: the pool row's money adds up and equals the ledger's
 * pool.union; each done entitlement has exactly one payment entry of its
 * amount; none waits older than one paid on a later day. */
int	union_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
