/* events: the order-event outbox (DESIGN.md §4 "Order events"). Every
 * order source records paid / completed / refunded / cancelled with
 * events_record inside the order's own transaction; the subscribers, named
 * in one table in events.c, get each event they want exactly once: the
 * scheduler (jobs) calls events_fanout, which writes one delivery per
 * subscriber that wants a new event, and events_deliver_one, which claims
 * a due delivery with SELECT … FOR UPDATE SKIP LOCKED and runs the subscriber's handler
 * in the transaction that marks the delivery done (a crash between them
 * redoes both or neither). An order's deliveries reach a subscriber in the
 * order its events happened: a later one waits while an earlier one is
 * pending or failed. A handler that fails is retried with exponential
 * backoff (rules/backoff.h), then marked failed for /admin/events. A
 * subscriber whose effect the user must see at once runs inline, in the
 * order's transaction, instead. Handlers pay only through the payout path
 * (lib/payout.h), with ledger keys of their own, so even a delivery run
 * twice pays once. */
#ifndef PT_EVENTS_H
#define PT_EVENTS_H
#include <stddef.h>
#include "arena.h"

struct json_object;
struct svc_err;

/* One event as a handler sees it. Strings live in the caller's arena. */
struct order_ev {
	long long	 id;		/* the order_events row */
	long long	 order;
	int		 seq;		/* 1, 2, … per order */
	const char	*event;		/* "paid", "completed", … */
	const char	*source;	/* "mall", "groupbuy", … */
};

/* A subscriber's handler: runs in the caller's transaction (the
 * delivery's, or the order's for inline subscribers). Returns 0, or a
 * negative code with err filled (DB_ERETRY lets db_tx retry). */
typedef int (*events_fn)(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);

/* Records event ("paid", "completed", "refunded", "cancelled") of order
 * from source ("mall", "groupbuy", …) inside the caller's transaction
 * (call it from a db_tx function): the outbox row, one INSERT; the
 * scheduler writes the deliveries. When an inline subscriber wants the
 * event (its setting is on) and nothing earlier of the order waits for
 * it, it runs here and its delivery is written done. The same event of
 * the same order again is a no-op. Returns 0, a negative db_err, or an
 * inline handler's error (the caller rolls back). */
int	events_record(arena *a, long long order, const char *source,
	    const char *event);

/* What events_deliver_one may be told by a test harness (jobs.c in test
 * mode): deliver only `only` (0: any order), never `skip` (0: none), and
 * call before_commit after the handler ran and the delivery was marked
 * done, before the COMMIT. NULL: no restriction. */
struct events_hooks {
	long long	 only, skip;
	void		(*before_commit)(const struct order_ev *ev);
};

/* Fans new events out into their deliveries (a batch, in one
 * transaction). Returns how many events it fanned out, or a negative
 * db_err. */
int	events_fanout(arena *a);

/* Claims one due delivery and runs it in its own transaction. Returns 1
 * when one ran (done, or failed and rescheduled), 0 when none was due, or
 * a negative db_err. Failures are logged on stderr. */
int	events_deliver_one(arena *a, const struct events_hooks *h);

/* ctl verify: every completed or cancelled order that has its paid event
 * has the event of its state; every event has a delivery for each
 * subscriber that wants it (done, pending or failed: visible); no order
 * was paid by a subscriber more often than the subscriber pays, nor
 * without its delivery being done. Calls report once per violation;
 * returns their number or a negative db_err. */
int	events_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

/* The deliveries for /admin/events, newest first: status "failed",
 * "pending" or NULL/"" for both; one page; *total counts them. A new
 * object ({deliveries: […], failed: n, pending: n, unfanned: n}: events
 * whose deliveries are not written yet), or NULL on a
 * database error. */
struct json_object *events_list(arena *a, const char *status,
	    long long page, long long per, long long *total);

/* An operator asks a failed (or waiting) delivery to run now with a
 * fresh set of attempts; audited. 0, or SVC_EREFUSED with e filled (404
 * when there is no such delivery, 409 when it is done). */
int	events_retry(arena *a, long long id, long long admin,
	    const char *ip, struct svc_err *e);

#endif
