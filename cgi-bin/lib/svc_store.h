/* svc_store: offline stores and their cashier (门店/收银台, FEATURES F8).
 * A merchant opens stores; the platform approves them. A member pays at
 * a store's cashier (the page its QR poster opens) from 零钱: the payment
 * is an order of source "cashier" (orders.store_id set, no product),
 * completed at once, that records its paid and completed events (so the
 * queue subscriber gives the entitlement and the funding: the store's own
 * cashier queue or the all-cashiers queue); the merchant is credited the
 * payment less the platform's commission (rules/store.h) in the same
 * ledger entry. The store's staff (the merchant) see today's payments on
 * their till page. */
#ifndef PT_SVC_STORE_H
#define PT_SVC_STORE_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct store_new {
	const char	*name, *province, *city, *district, *address, *hours;
	int64_t		 commission_bp;
	const char	*queue_mode;		/* "own" or "all" */
	int64_t		 ratio_bp, extract_bp;	/* -1: the plugin's */
};

/* The approved merchant of member opens a store (pending review). *id
 * receives it. 0, or SVC_EREFUSED with e filled (not a merchant, a region
 * that does not exist, a bound broken: the field named). */
int	store_open(arena *a, long long member, const struct store_new *s,
	    long long *id, struct svc_err *e);
/* svc_decide_fn: approves or rejects (with reason) pending store id;
 * audited, the merchant told. */
int	store_decide(arena *a, long long id, int approve, const char *reason,
	    long long admin, const char *ip, struct svc_err *e);
/* The back office's list: status "pending", "approved", "rejected" or
 * NULL for all, one page, *total counts them: [{id, name, merchant_id,
 * merchant_name, status, address, hours, commission_bp, commission,
 * queue_mode, …}]. NULL on a database error. */
struct json_object *store_admin_list(arena *a, const char *status,
	    long long page, long long per, long long *total);
/* The stores of member's merchant, newest first, each with its status
 * and cashier path ([{id, name, status, status_name, address, hours,
 * commission, queue_words, pay_path…}]); NULL on a database error. */
struct json_object *store_mine(arena *a, long long member);
/* An approved store as its cashier page shows it ({id, name, merchant,
 * address, hours, queue_words}); NULL when there is none (or on a
 * database error: *busy set). */
struct json_object *store_public(arena *a, long long id, int *busy);

/* member pays amount (fen) at approved store id: the order, the ledger
 * entry (member −amount, merchant +amount − commission, the platform
 * +commission) and the order's paid and completed events, in one
 * transaction. idem: the client's key (NULL: none): the same key again
 * answers the first order. *order receives the order id. 0, or
 * SVC_EREFUSED with e filled (400 insufficient when 零钱 is short). */
int	store_pay(arena *a, long long member, long long id, int64_t amount,
	    const char *idem, long long *order, struct svc_err *e);
/* The till page of store id for member (its merchant): {store: {id,
 * name}, today_total, today_count, payments: [{id, amount, phone (masked),
 * time}]} — the last 20 of today, newest first. NULL when the store is
 * not member's (*busy 0) or on a database error (*busy 1). */
struct json_object *store_till(arena *a, long long member, long long id,
	    int *busy);

/* ctl verify: every cashier order is of an approved store, paid, and has
 * its one ledger entry moving exactly the order's amount: the member
 * −paid, the merchant +paid − commission, the platform +commission.
 * Calls report per violation; returns their number or a negative
 * db_err. */
int	store_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
