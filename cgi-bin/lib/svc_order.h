/* svc_order: mall orders (C3, C4, C5).
 *
 * Placing an order is one transaction: the stock is taken by
 * `UPDATE … SET stock = stock - qty WHERE stock >= qty` (so it is never
 * oversold; a hot item's day quantity the same way), the total is
 * converted at the mall's rate and paid through the ledger into the
 * platform's order account.
 *
 * Then: paid → shipped (the merchant, with carrier and tracking number) →
 * completed (the buyer confirms receipt, or the scheduler does
 * order.auto_confirm_days after shipping); paid → cancelled (the buyer or
 * an admin, before shipping: refund, stock back). Every change is a
 * conditional update on the current status inside a transaction with the
 * money it moves, so a race between shipping and cancelling has one
 * winner. On completion the merchant is credited the supply price in 零钱;
 * an order paid in 零钱 leaves the margin in the platform's revenue
 * account, one paid in 购物卡 or 积分 retires that currency. */
#ifndef PT_SVC_ORDER_H
#define PT_SVC_ORDER_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct order_new {
	long long	 member, product, qty;
	long long	 hot;		/* today's hot item id, or 0 */
	const char	*receiver, *phone;
	const char	*address;	/* NULL: the member's home address */
	const char	*idem;		/* client key or NULL */
	long long	 pickup;	/* 到店自提 at this service point, or 0 */
	/* out */
	long long	 id;
	int		 replayed;
};

int	order_place(arena *a, struct order_new *o, struct svc_err *e);

/* What buying qty of a product (or of today's hot item hot) costs, for
 * the confirmation page: the unit price (¥ fen; a hot item's in 零钱),
 * the currency paid, the total in it, and how many are left. */
struct order_quote {
	int64_t		 unit_price, total;
	const char	*currency, *currency_name;
	long long	 max_qty;
	const char	*closed;	/* why it cannot be paid today (D8), or NULL */
};
int	order_quote(arena *a, long long product, long long hot, long long qty,
	    struct order_quote *q, struct svc_err *e);


/* Who is looking: the buyer (who = member id), the merchant (who = the
 * merchant's member id) or the back office (who = a member id to filter
 * by, or 0 for all). Someone else's order looks exactly like a missing
 * one. The supply price is shown to the merchant and the back office. */
enum order_scope { ORDER_BUYER, ORDER_MERCHANT, ORDER_ADMIN };

struct json_object *order_get(arena *a, long long id, enum order_scope s,
	    long long who);
/* One page, newest first; status NULL or "" for all; gb_only (back
 * office): only group-buy orders (D10). NULL on a database error. */
struct json_object *order_list(arena *a, enum order_scope s, long long who,
	    const char *status, int gb_only, long long page, long long per,
	    long long *total);

/* The merchant (by member id) ships its paid order. */
int	order_ship(arena *a, long long id, long long merchant_member,
	    const char *carrier, const char *tracking, struct svc_err *e);
/* The buyer confirms receipt of a shipped order: completes it and
 * credits the merchant. */
int	order_confirm(arena *a, long long id, long long member,
	    struct svc_err *e);
/* Inside the caller's transaction (svc_pickup.c): completes paid order
 * id picked up at its service point, as a confirmed receipt does (the
 * merchant credited, the completed event). 0, SVC_EREFUSED with e filled
 * (409 when it is not paid), or a db/ledger error (roll back). */
int	order_pickup_complete(arena *a, long long id, struct svc_err *e);
/* Cancels a paid (not yet shipped) order: by its buyer (member, admin 0)
 * or by an admin (member 0; reason required, audited from ip). */
int	order_cancel(arena *a, long long id, long long member, long long admin,
	    const char *reason, const char *ip, struct svc_err *e);
/* For the scheduler, inside its transaction: completes at most limit
 * orders shipped more than order.auto_confirm_days ago. Returns how many,
 * or a negative db/ledger error (the caller rolls back). */
int	order_autoconfirm(arena *a, int limit);

#endif
