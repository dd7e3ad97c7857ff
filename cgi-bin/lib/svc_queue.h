/* svc_queue: the queue rebate (排队返利, FEATURES F1–F6): the order-event
 * subscriber that gives a qualifying order's buyer an entitlement and
 * puts the order's funding into its queue, the payouts in strict queue
 * order (one row lock on the queue: SELECT … FOR UPDATE; every writer of
 * a queue's entitlements takes it first), the member's lottery and
 * exchange, pause and reset, the pages' views and ctl verify. The rules
 * are in rules/queue.h; the money moves only through the payout path:
 * funding is a POOL_IN from issuance into the system account pool.queue,
 * each payment a POOL_SHARE from it into the buyer's 零钱. */
#ifndef PT_SVC_QUEUE_H
#define PT_SVC_QUEUE_H
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "events.h"
#include "svc.h"

/* events_fn: the subscriber "queue". On the event named by the setting
 * queue.settle_on (paid or completed) of a mall order (the mall's or the
 * product's queue) or a cashier order (the store's own cashier queue or
 * the all-cashiers queue, with the store's ratio and extraction when it
 * has them), when queue.enabled:
 * the entitlement, the funding and the payouts it allows, in the
 * delivery's transaction (a rerun finds the order's funding and does
 * nothing). On cancelled: what a waiting entitlement of the order still
 * has owing is cancelled. 0, or a negative code with err filled. */
int	queue_on_order(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);
/* What a cashier payment of value at store would give member (0: a
 * visitor) now, for the page before they confirm: on 0 when the queue is
 * off (or its settings are wrong: words say so); else the ratio, the
 * words that say why, the entitlement, the funding and the queue's name.
 * A lottery the member may draw afterwards sets lottery. 0, DB_ENOTFOUND
 * (no such store) or a db_err. */
struct queue_preview {
	int		 on, lottery;
	int64_t		 bp, extract_bp, amount, fund;
	char		 words[160], queue[160];
};
int	queue_cashier_preview(arena *a, long long member, long long store,
	    int64_t value, struct queue_preview *out);
/* Whether the subscriber runs inline, in the order's transaction (the
 * setting queue.inline). */
int	queue_inline(void);

/* 我的排队: the member's entitlements, newest first, one page:
 * {entitlements: [{id, order_id, queue, queue_name, amount, paid, owed,
 * ratio_bp, ratio, source, words, position, status, status_name,
 * wait_days, lottery, commitment, seed…}], progress…}; *total counts them.
 * A new object, or NULL on a database error. */
struct json_object *queue_member_view(arena *a, long long member,
	    long long page, long long per, long long *total);

/* The member draws the lottery of their waiting, unpaid entitlement ent:
 * the drawn ratio replaces the one that decided. *bp receives it. 0, or
 * SVC_EREFUSED with e filled. */
int	queue_draw(arena *a, long long member, long long ent, int64_t *bp,
	    struct svc_err *e);

/* The member exchanges amount (fen of entitlement) of their waiting
 * entitlement ent for currency (POINTS or VOUCHER) at its rate setting;
 * idem: the client's key (may be NULL). *credit receives what was
 * credited. 0, or SVC_EREFUSED with e filled. */
int	queue_exchange_do(arena *a, long long member, long long ent,
	    const char *currency, int64_t amount, const char *idem,
	    int64_t *credit, struct svc_err *e);

/* Back office: every queue with its head, waiting count and total owed,
 * balance and funding ({queues: […]}); NULL on a database error. */
struct json_object *queue_admin_queues(arena *a);
/* Entitlements matching q (member id or phone, or order id; NULL/""
 * all) and status (NULL/"" all), newest first, one page. */
struct json_object *queue_admin_entitlements(arena *a, const char *q,
	    const char *status, long long page, long long per,
	    long long *total);
/* Pauses (1) or resumes (0) queue id; resuming pays what it holds.
 * Audited. 0, or SVC_EREFUSED with e filled. */
int	queue_pause(arena *a, long long id, int pause, long long admin,
	    const char *ip, struct svc_err *e);
/* Resets queue id now, as the scheduled reset does (queue.reset_mode:
 * clear its waiting entitlements, or keep them). Audited. */
int	queue_reset(arena *a, long long id, long long admin, const char *ip,
	    struct svc_err *e);

/* A product's own queue settings (F1, F6): enabled (0: its orders take
 * no part), its own ratio (ratio_bp < 0: none), member-level ratios,
 * cumulative-spend tiers and lottery in rules/queue.h's formats (NULL or
 * "": none). Checked by the engine's parsers; audited. 0, or
 * SVC_EREFUSED with e filled (the field named). */
struct queue_product_conf {
	long long	 product;
	int		 enabled;
	long long	 ratio_bp;
	const char	*levels, *tiers, *lottery;
};
int	queue_product_save(arena *a, const struct queue_product_conf *p,
	    long long admin, const char *ip, struct svc_err *e);
/* 一键启用: every product with its own settings takes part again
 * (products without them always do). Audited; *n receives how many. */
int	queue_products_enable_all(arena *a, long long admin, const char *ip,
	    long long *n, struct svc_err *e);
/* The products with their own settings, for the back office: a new
 * array, or NULL on a database error. */
struct json_object *queue_admin_products(arena *a);

/* The job queue.reset, in the scheduler's transaction: each queue whose
 * reset is due today (queue.reset_period) is reset. 0 or a db_err. */
int	queue_reset_due_all(arena *a, char *err, size_t errlen);

/* What the queues owe (Σ owed of waiting entitlements) and hold (Σ
 * balances), for the obligations report. 0 or a db_err. */
int	queue_obligations(arena *a, int64_t *owed, int64_t *held);

/* ctl verify: paid + exchanged ≤ amount and paid = Σ its payouts;
 * payouts in queue order (no entitlement paid ahead of an older one still
 * waiting, positions never going back); the head never past a waiting
 * entitlement; funded = paid_out + balance = Σ fundings − … per queue,
 * and Σ balances = pool.queue. Calls report once per violation; returns
 * their number or a negative db_err. */
int	queue_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
