/* events: the order-event outbox, its one subscriber table and the
 * delivery of events to subscribers (see events.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "backoff.h"
#include "db.h"
#include "view.h"
#include "events.h"
#include "orderrw.h"
#include "svc.h"
#include "svc_admin.h"
#include "svc_chain.h"
#include "svc_orderrw.h"
#include "svc_queue.h"
#include "svc_union.h"

/* --- the subscribers ------------------------------------------------------- */

enum {
	EV_PAID = 1 << 0,
	EV_COMPLETED = 1 << 1,
	EV_REFUNDED = 1 << 2,
	EV_CANCELLED = 1 << 3
};

static const struct {
	const char	*name;
	int		 bit;
	const char	*label;
} evnames[] = {
	{ "paid", EV_PAID, "已支付" },
	{ "completed", EV_COMPLETED, "已完成" },
	{ "refunded", EV_REFUNDED, "已退款" },
	{ "cancelled", EV_CANCELLED, "已取消" },
};

/* Every subscriber, by name (the name is part of its deliveries' keys:
 * never rename one). wants: the events it gets. inline_on: when it
 * returns true (the subscriber's setting), the subscriber runs in the
 * order's own transaction (the user sees its effect at once; a failure
 * refuses the order change) instead of from the scheduler; NULL: always
 * from the scheduler. kind
 * and per_order: the journal kind it pays with and how many entries an
 * order may have of it, for ctl verify. */
static const struct subscriber {
	const char	*name;
	const char	*label;
	events_fn	 fn;
	int		 wants;
	int		(*inline_on)(void);
	const char	*kind;
	int		 per_order;
} subs[] = {
	{ "mallpts", "消费积分", orderrw_on_points, EV_COMPLETED,
	    orderrw_points_inline, "order.mallpts", 1 },
	{ "referral", "推荐奖励", orderrw_on_referral, EV_COMPLETED, NULL,
	    "order.referral", ORDERRW_MAX_GEN },
	{ "queue", "排队返利", queue_on_order, EV_PAID | EV_COMPLETED |
	    EV_CANCELLED, queue_inline, "queue.fund", 1 },
	{ "chain", "链动奖励", chain_on_order, EV_PAID | EV_COMPLETED,
	    chain_inline, "chain.pool", 1 },
	{ "union", "工会排队", union_on_order, EV_PAID | EV_CANCELLED, NULL,
	    NULL, 0 },
};
#define NSUBS (sizeof(subs) / sizeof(subs[0]))
#define NEVS (sizeof(evnames) / sizeof(evnames[0]))

/* Retries: 10 s, 20 s, 40 s … at most an hour apart, 6 attempts. */
static const struct backoff retry = { 10, 3600, 6 };

static int
ev_bit(const char *event)
{
	size_t i;

	for (i = 0; event != NULL && i < NEVS; i++)
		if (strcmp(evnames[i].name, event) == 0)
			return evnames[i].bit;
	return 0;
}

static const char *
ev_label(const char *event)
{
	size_t i;

	for (i = 0; event != NULL && i < NEVS; i++)
		if (strcmp(evnames[i].name, event) == 0)
			return evnames[i].label;
	return event;
}

static const struct subscriber *
sub_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NSUBS; i++)
		if (strcmp(subs[i].name, name) == 0)
			return &subs[i];
	return NULL;
}

/* --- recording ------------------------------------------------------------- */

/* The next number of the order's events. The order's own transaction
 * holds the order's row, so two events of one order are never numbered
 * at once; under READ COMMITTED the MAX reads without locking. */
static const char SQL_EV_INSERT[] =
    "INSERT INTO order_events (order_id, seq, event, source, created_at) "
    "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, NOW() FROM order_events "
    "WHERE order_id = ?";
static const char SQL_EV_SEQ[] = "SELECT seq FROM order_events WHERE id = ?";
/* An inline subscriber keeps an order's events in order: it runs inline
 * only when everything before this event reached it (no earlier event
 * waits for its fan-out, no delivery of it is undone). */
static const char SQL_EV_BEHIND[] =
    "SELECT EXISTS (SELECT 1 FROM order_events WHERE order_id = ? AND "
    "seq < ? AND fanned = 0) OR EXISTS (SELECT 1 FROM "
    "order_event_deliveries WHERE order_id = ? AND subscriber = ? AND "
    "status <> 'done')";
static const char SQL_DLV_INSERT[] =
    "INSERT INTO order_event_deliveries (idem_key, subscriber, event_id, "
    "order_id, seq, event, source, status, attempts, run_at, created_at, "
    "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(), NOW(), "
    "IF(? = 'done', NOW(), NULL)) ON DUPLICATE KEY UPDATE id = id";

static int
dlv_insert(arena *a, const struct subscriber *s, const struct order_ev *ev,
    int done)
{
	return db_q(a, NULL, SQL_DLV_INSERT, DB_ARGS(DB_TEXT(arena_printf(a,
	    "%s:%lld:%s", s->name, ev->order, ev->event)), DB_TEXT(s->name),
	    DB_INT(ev->id), DB_INT(ev->order), DB_INT(ev->seq),
	    DB_TEXT(ev->event), DB_TEXT(ev->source),
	    DB_TEXT(done ? "done" : "pending"), DB_INT(done),
	    DB_TEXT(done ? "done" : "pending")));
}

static int
is_inline(const struct subscriber *s, int bit)
{
	return (s->wants & bit) != 0 && s->inline_on != NULL &&
	    s->inline_on();
}

/* The inline subscribers that want ev, in the order's transaction: each
 * one that may run does, and its delivery row is written done; the others
 * are left to the fan-out. */
static int
run_inline(arena *a, struct order_ev *ev, int bit)
{
	db_res	res;
	char	err[200];
	size_t	i;
	int	rc;

	if ((rc = db_q(a, &res, SQL_EV_SEQ, DB_ARGS(DB_INT(ev->id)))) !=
	    DB_OK)
		return rc;
	ev->seq = (int)db_ll(&res, 0, 0);
	for (i = 0; i < NSUBS; i++) {
		if (!is_inline(&subs[i], bit))
			continue;
		if ((rc = db_q(a, &res, SQL_EV_BEHIND, DB_ARGS(DB_INT(ev->order),
		    DB_INT(ev->seq), DB_INT(ev->order), DB_TEXT(subs[i].name))))
		    != DB_OK)
			return rc;
		if (db_ll(&res, 0, 0) != 0)
			continue;	/* the scheduler delivers it, in order */
		err[0] = '\0';
		if ((rc = subs[i].fn(a, ev, err, sizeof(err))) != 0) {
			fprintf(stderr, "events: %s on order %lld %s: %s\n",
			    subs[i].name, ev->order, ev->event, err);
			return rc;
		}
		if ((rc = dlv_insert(a, &subs[i], ev, 1)) != DB_OK)
			return rc;
	}
	return 0;
}

int
events_record(arena *a, long long order, const char *source,
    const char *event)
{
	struct order_ev	 ev;
	db_res		 res;
	size_t		 i;
	int		 bit = ev_bit(event), rc;

	if (bit == 0 || source == NULL || order <= 0)
		return DB_ESQL;
	rc = db_q(a, &res, SQL_EV_INSERT, DB_ARGS(DB_INT(order),
	    DB_TEXT(event), DB_TEXT(source), DB_INT(order)));
	if (rc == DB_EDUP)
		return 0;	/* recorded before */
	if (rc != DB_OK)
		return rc;
	for (i = 0; i < NSUBS && !is_inline(&subs[i], bit); i++)
		;
	if (i == NSUBS)
		return 0;	/* the usual case: that one INSERT */
	memset(&ev, 0, sizeof(ev));
	ev.id = (long long)res.insert_id;
	ev.order = order;
	ev.event = event;
	ev.source = source;
	return run_inline(a, &ev, bit);
}

/* --- fan-out --------------------------------------------------------------- */

/* New events, oldest first; a batch per transaction. */
static const char SQL_FAN_CLAIM[] =
    "SELECT id, order_id, seq, event, source FROM order_events WHERE "
    "fanned = 0 ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED";
static const char SQL_FAN_DONE[] =
    "UPDATE order_events SET fanned = 1 WHERE id = ?";

struct fan_ctx {
	arena	*a;
	int	 n;
};

static int
fan_tx(void *ud)
{
	struct fan_ctx	*c = ud;
	struct order_ev	 ev;
	db_res		 res;
	size_t		 i, k;
	int		 rc, bit;

	c->n = 0;
	if ((rc = db_q(c->a, &res, SQL_FAN_CLAIM, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++) {
		ev.id = db_ll(&res, i, 0);
		ev.order = db_ll(&res, i, 1);
		ev.seq = (int)db_ll(&res, i, 2);
		ev.event = db_str(&res, i, 3);
		ev.source = db_str(&res, i, 4);
		bit = ev_bit(ev.event);
		for (k = 0; k < NSUBS; k++)
			if ((subs[k].wants & bit) != 0 &&
			    (rc = dlv_insert(c->a, &subs[k], &ev, 0)) != DB_OK)
				return rc;
		if ((rc = db_q(c->a, NULL, SQL_FAN_DONE,
		    DB_ARGS(DB_INT(ev.id)))) != DB_OK)
			return rc;
		c->n++;
	}
	return 0;
}

int
events_fanout(arena *a)
{
	struct fan_ctx	c = { a, 0 };
	int		rc;

	if ((rc = db_tx(fan_tx, &c)) != 0)
		return rc < 0 ? rc : DB_ESQL;
	return c.n;
}

/* --- delivering ------------------------------------------------------------ */

/* The oldest due delivery whose earlier events (same order) are all
 * fanned out and, for the same subscriber, done. The subqueries read
 * without locking, so a delivery another scheduler holds counts as not
 * done: its successor waits for that scheduler's COMMIT. */
static const char SQL_CLAIM[] =
    "SELECT d.id, d.subscriber, d.event_id, d.order_id, d.seq, d.event, "
    "d.source, d.attempts FROM order_event_deliveries d "
    "WHERE d.status = 'pending' AND d.run_at <= NOW() "
    "AND (? = 0 OR d.order_id = ?) AND d.order_id <> ? "
    "AND NOT EXISTS (SELECT 1 FROM order_event_deliveries p "
    "WHERE p.order_id = d.order_id AND p.subscriber = d.subscriber "
    "AND p.seq < d.seq AND p.status <> 'done') "
    "AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = "
    "d.order_id AND e.seq < d.seq AND e.fanned = 0) "
    "ORDER BY d.run_at, d.id LIMIT 1 FOR UPDATE SKIP LOCKED";
enum { D_ID, D_SUB, D_EVENT_ID, D_ORDER, D_SEQ, D_EVENT, D_SOURCE,
    D_ATTEMPTS };
static const char SQL_DONE[] =
    "UPDATE order_event_deliveries SET status = 'done', attempts = "
    "attempts + 1, finished_at = NOW(), last_error = NULL WHERE id = ?";
static const char SQL_FAILED[] =
    "UPDATE order_event_deliveries SET last_error = ?, "
    "status = IF(? = 1, 'failed', 'pending'), "
    "run_at = NOW() + INTERVAL ? SECOND, "
    "finished_at = IF(? = 1, NOW(), NULL), attempts = attempts + 1 "
    "WHERE id = ? AND status = 'pending' AND attempts = ?";

#define EV_EFAIL (-100)		/* the handler failed: roll back, reschedule */

struct deliver_ctx {
	arena			*a;
	const struct events_hooks *h;
	long long		 id;
	const char		*sub;
	int			 attempts;
	int			 recorded;	/* the failure, in this tx */
	struct order_ev		 ev;
	char			 err[200];
};

/* Records c's failure with its backoff (or failed for good); counted
 * once per claim: the attempts seen at the claim must still be there. */
static int
record_failure(struct deliver_ctx *c)
{
	int out = backoff_exhausted(&retry, c->attempts + 1);

	return db_q(c->a, NULL, SQL_FAILED, DB_ARGS(DB_TEXT(c->err),
	    DB_INT(out), DB_INT(backoff_wait(&retry, c->attempts + 1)),
	    DB_INT(out), DB_INT(c->id), DB_INT(c->attempts)));
}

static int
deliver_tx(void *ud)
{
	struct deliver_ctx		*c = ud;
	const struct subscriber		*s;
	long long			 only = c->h ? c->h->only : 0;
	long long			 skip = c->h ? c->h->skip : 0;
	db_res				 res;
	int				 rc;

	c->id = 0;
	c->recorded = 0;
	c->err[0] = '\0';
	if ((rc = db_q(c->a, &res, SQL_CLAIM, DB_ARGS(DB_INT(only),
	    DB_INT(only), DB_INT(skip)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return 0;
	c->id = db_ll(&res, 0, D_ID);
	c->sub = arena_strdup(c->a, db_str(&res, 0, D_SUB));
	c->attempts = (int)db_ll(&res, 0, D_ATTEMPTS);
	c->ev.id = db_ll(&res, 0, D_EVENT_ID);
	c->ev.order = db_ll(&res, 0, D_ORDER);
	c->ev.seq = (int)db_ll(&res, 0, D_SEQ);
	c->ev.event = arena_strdup(c->a, db_str(&res, 0, D_EVENT));
	c->ev.source = arena_strdup(c->a, db_str(&res, 0, D_SOURCE));
	/* A failure is undone back to here and recorded in this
	 * transaction, under the claim's lock (as jobs.c does): recorded
	 * after a rollback, another scheduler could deliver it again at once
	 * and count the attempt twice. */
	if ((rc = db_exec_plain("SAVEPOINT delivery")) != DB_OK)
		return rc;
	if ((s = sub_find(c->sub)) == NULL) {
		snprintf(c->err, sizeof(c->err), "unknown subscriber %s", c->sub);
		rc = EV_EFAIL;
	} else
		rc = s->fn(c->a, &c->ev, c->err, sizeof(c->err));
	if (rc != 0) {
		if (rc == DB_ERETRY)
			return rc;
		if (c->err[0] == '\0')
			snprintf(c->err, sizeof(c->err), "%s failed (%d)",
			    c->sub, rc);
		if (db_exec_plain("ROLLBACK TO SAVEPOINT delivery") != DB_OK ||
		    record_failure(c) != DB_OK)
			return EV_EFAIL;
		c->recorded = 1;
		return 0;
	}
	if ((rc = db_q(c->a, NULL, SQL_DONE, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if (c->h != NULL && c->h->before_commit != NULL)
		c->h->before_commit(&c->ev);
	return 0;
}

int
events_deliver_one(arena *a, const struct events_hooks *h)
{
	struct deliver_ctx	c;
	int			rc, out;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.h = h;
	rc = db_tx(deliver_tx, &c);
	if (rc == 0 && !c.recorded)
		return c.id > 0;
	if (c.id == 0)
		return rc < 0 ? rc : DB_ESQL;
	if (c.err[0] == '\0')
		snprintf(c.err, sizeof(c.err), "%s", db_strerror(rc));
	out = backoff_exhausted(&retry, c.attempts + 1);
	fprintf(stderr, "events: delivery %lld (%s, order %lld %s) failed%s: "
	    "%s\n", c.id, c.sub, c.ev.order, c.ev.event, out ? " for good" :
	    "", c.err);
	if (c.recorded)
		return 1;
	rc = record_failure(&c);
	return rc == DB_OK ? 1 : rc;
}

/* --- ctl verify ------------------------------------------------------------ */

/* Orders placed since the outbox exists (they have their paid event)
 * whose state has no event, and events their order's state denies. */
static const char SQL_V_STATE[] =
    "SELECT o.id, o.status FROM orders o JOIN order_events p ON "
    "p.order_id = o.id AND p.event = 'paid' WHERE o.status IN "
    "('completed', 'cancelled') AND NOT EXISTS (SELECT 1 FROM order_events "
    "e WHERE e.order_id = o.id AND e.event = o.status) LIMIT 50";
static const char SQL_V_DENIED[] =
    "SELECT e.order_id, e.event, o.status FROM order_events e JOIN orders o "
    "ON o.id = e.order_id WHERE e.event IN ('completed', 'cancelled') AND "
    "o.status <> e.event LIMIT 50";
/* Fanned-out events a subscriber wants with no delivery row (events not
 * yet fanned out wait, visibly, on /admin/events), from the subscriber's
 * first delivery on (a subscriber added later does not get the events
 * from before it). */
static const char SQL_V_MISSING[] =
    "SELECT e.order_id, e.event FROM order_events e WHERE e.fanned = 1 "
    "AND FIND_IN_SET(e.event, ?) AND e.id >= (SELECT MIN(d.event_id) FROM "
    "order_event_deliveries d WHERE d.subscriber = ?) AND NOT EXISTS "
    "(SELECT 1 FROM order_event_deliveries d WHERE d.event_id = e.id AND "
    "d.subscriber = ?) LIMIT 50";
static const char SQL_V_TWICE[] =
    "SELECT ref_id, COUNT(*) FROM journal WHERE kind = ? AND ref_type = "
    "'order' GROUP BY ref_id HAVING COUNT(*) > ? LIMIT 50";
static const char SQL_V_UNDELIVERED[] =
    "SELECT DISTINCT j.ref_id FROM journal j WHERE j.kind = ? AND "
    "j.ref_type = 'order' AND NOT EXISTS (SELECT 1 FROM "
    "order_event_deliveries d WHERE d.order_id = j.ref_id AND "
    "d.subscriber = ? AND d.status = 'done') LIMIT 50";

int
events_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	db_res	res;
	size_t	i, k, j;
	int	bad = 0, rc;
	char	wants[64];

	if ((rc = db_q(a, &res, SQL_V_STATE, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++, bad++)
		report(arena_printf(a, "order %s is %s without its %s event",
		    db_str(&res, i, 0), db_str(&res, i, 1),
		    db_str(&res, i, 1)), ud);
	if ((rc = db_q(a, &res, SQL_V_DENIED, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++, bad++)
		report(arena_printf(a, "order %s has a %s event but is %s",
		    db_str(&res, i, 0), db_str(&res, i, 1),
		    db_str(&res, i, 2)), ud);
	for (k = 0; k < NSUBS; k++) {
		wants[0] = '\0';
		for (j = 0; j < NEVS; j++)
			if (subs[k].wants & evnames[j].bit)
				snprintf(wants + strlen(wants), sizeof(wants) -
				    strlen(wants), "%s%s", wants[0] ? "," : "",
				    evnames[j].name);
		if ((rc = db_q(a, &res, SQL_V_MISSING, DB_ARGS(DB_TEXT(wants),
		    DB_TEXT(subs[k].name), DB_TEXT(subs[k].name)))) != DB_OK)
			return rc;
		for (i = 0; i < res.nrows; i++, bad++)
			report(arena_printf(a, "order %s: event %s has no %s "
			    "delivery", db_str(&res, i, 0), db_str(&res, i, 1),
			    subs[k].name), ud);
		if (subs[k].kind == NULL)
			continue;
		if ((rc = db_q(a, &res, SQL_V_TWICE, DB_ARGS(DB_TEXT(
		    subs[k].kind), DB_INT(subs[k].per_order)))) != DB_OK)
			return rc;
		for (i = 0; i < res.nrows; i++, bad++)
			report(arena_printf(a, "order %s: %s paid %s times (at "
			    "most %d)", db_str(&res, i, 0), subs[k].name,
			    db_str(&res, i, 1), subs[k].per_order), ud);
		if ((rc = db_q(a, &res, SQL_V_UNDELIVERED, DB_ARGS(DB_TEXT(
		    subs[k].kind), DB_TEXT(subs[k].name)))) != DB_OK)
			return rc;
		for (i = 0; i < res.nrows; i++, bad++)
			report(arena_printf(a, "order %s: %s paid without a done "
			    "delivery", db_str(&res, i, 0), subs[k].name), ud);
	}
	return bad;
}

/* --- the back office ------------------------------------------------------- */

#define STATUS_F "(? = '' AND status <> 'done' OR status = ?)"
static const char SQL_LIST[] =
    "SELECT id, subscriber, order_id, seq, event, source, status, attempts, "
    "last_error, DATE_FORMAT(run_at, '%Y-%m-%d %H:%i:%s'), "
    "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM "
    "order_event_deliveries WHERE " STATUS_F " ORDER BY status = 'failed' "
    "DESC, id DESC LIMIT ? OFFSET ?";
enum { LS_ID, LS_SUB, LS_ORDER, LS_SEQ, LS_EVENT, LS_SOURCE, LS_STATUS,
    LS_ATTEMPTS, LS_ERROR, LS_RUN_AT, LS_CREATED };
static const char SQL_COUNTS[] =
    "SELECT COALESCE(SUM(status = 'failed'), 0), "
    "COALESCE(SUM(status = 'pending'), 0), (SELECT COUNT(*) FROM "
    "order_events WHERE fanned = 0) FROM order_event_deliveries "
    "WHERE status <> 'done'";
static const char SQL_N[] =
    "SELECT COUNT(*) FROM order_event_deliveries WHERE " STATUS_F;

struct json_object *
events_list(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	struct json_object	*out, *list, *o;
	const struct subscriber	*s;
	const char		*st = status ? status : "";
	db_res			 res, n;
	size_t			 i;

	if (db_q(a, &n, SQL_N, DB_ARGS(DB_TEXT(st), DB_TEXT(st))) != DB_OK ||
	    db_q(a, &res, SQL_LIST, DB_ARGS(DB_TEXT(st), DB_TEXT(st),
	    DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	*total = db_ll(&n, 0, 0);
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		s = sub_find(db_str(&res, i, LS_SUB));
		json_object_object_add(o, "id",
		    json_object_new_int64(db_ll(&res, i, LS_ID)));
		view_str(o, "subscriber", db_str(&res, i, LS_SUB));
		view_str(o, "subscriber_name", s ? s->label :
		    db_str(&res, i, LS_SUB));
		json_object_object_add(o, "order_id",
		    json_object_new_int64(db_ll(&res, i, LS_ORDER)));
		json_object_object_add(o, "seq",
		    json_object_new_int64(db_ll(&res, i, LS_SEQ)));
		view_str(o, "event", db_str(&res, i, LS_EVENT));
		view_str(o, "event_name", ev_label(db_str(&res, i, LS_EVENT)));
		view_str(o, "source", db_str(&res, i, LS_SOURCE));
		view_str(o, "status", db_str(&res, i, LS_STATUS));
		json_object_object_add(o, "failed", json_object_new_boolean(
		    strcmp(db_str(&res, i, LS_STATUS), "failed") == 0));
		json_object_object_add(o, "attempts",
		    json_object_new_int64(db_ll(&res, i, LS_ATTEMPTS)));
		view_str(o, "error", db_str(&res, i, LS_ERROR));
		view_str(o, "run_at", db_str(&res, i, LS_RUN_AT));
		view_str(o, "created_at", db_str(&res, i, LS_CREATED));
		json_object_array_add(list, o);
	}
	out = json_object_new_object();
	json_object_object_add(out, "deliveries", list);
	if (db_q(a, &n, SQL_COUNTS, DB_NOARGS) != DB_OK) {
		json_object_put(out);
		return NULL;
	}
	json_object_object_add(out, "failed",
	    json_object_new_int64(db_ll(&n, 0, 0)));
	json_object_object_add(out, "pending",
	    json_object_new_int64(db_ll(&n, 0, 1)));
	json_object_object_add(out, "unfanned",
	    json_object_new_int64(db_ll(&n, 0, 2)));
	return out;
}

static const char SQL_LOCK[] =
    "SELECT status, idem_key FROM order_event_deliveries WHERE id = ? "
    "FOR UPDATE";
static const char SQL_RETRY[] =
    "UPDATE order_event_deliveries SET status = 'pending', attempts = 0, "
    "run_at = NOW(), finished_at = NULL WHERE id = ?";

struct retry_ctx {
	arena		*a;
	long long	 id, admin;
	const char	*ip;
	struct svc_err	*e;
};

static int
retry_tx(void *ud)
{
	struct retry_ctx	*c = ud;
	db_res			 res;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL,
		    "没有这条投递");
	if (strcmp(db_str(&res, 0, 0), "done") == 0)
		return svc_fail(c->e, 409, "done", NULL,
		    "该投递已完成，无需重试");
	if ((rc = db_q(c->a, NULL, SQL_RETRY, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, "events.retry", "delivery", c->id,
	    db_str(&res, 0, 1), c->ip);
}

int
events_retry(arena *a, long long id, long long admin, const char *ip,
    struct svc_err *e)
{
	struct retry_ctx	c = { a, id, admin, ip, e };

	return svc_tx_result(e, db_tx(retry_tx, &c));
}
