/* svc_queue_view: what the queue rebate shows (see svc_queue.h): 我的排队,
 * the back office's queues and entitlements, the obligations row and the
 * ctl verify checks. Reads only. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "queue.h"
#include "settings.h"
#include "svc_queue.h"
#include "svc_queue_int.h"
#include "valid.h"
#include "view.h"
#include "verify.h"

static const char *
status_name(const char *s)
{
	static const char *const map[][2] = {
		{ "waiting", "排队中" }, { "done", "已返还" },
		{ "exchanged", "已兑换" }, { "cleared", "已清零" },
		{ "cancelled", "已取消" },
	};
	size_t i;

	for (i = 0; s != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], s) == 0)
			return map[i][1];
	return s;
}

static void
view_pct(struct json_object *o, const char *k, int64_t bp)
{
	char p[32];

	view_str(o, k, queue_pct(bp, p));
}

/* An exchange rate as units per ¥1: 100000 bp → "10", 9500 → "0.95". */
static void
view_rate(struct json_object *o, const char *k, int64_t bp)
{
	char	b[32];
	size_t	n;

	amount_format(bp, 4, b);
	n = strlen(b);
	while (n > 0 && b[n - 1] == '0')
		b[--n] = '\0';
	if (n > 0 && b[n - 1] == '.')
		b[--n] = '\0';
	view_str(o, k, b);
}

/* --- 我的排队 ------------------------------------------------------------ */

static const char SQL_MINE_N[] =
    "SELECT COUNT(*) FROM queue_entitlements WHERE member_id = ?";
static const char SQL_MINE[] =
    "SELECT e.id, e.order_id, e.queue_id, q.name, e.position, e.amount, "
    "e.paid, e.exchanged, e.ratio_bp, e.source, e.words, e.status, "
    "e.lottery, e.commitment, IF(e.lottery = 'drawn', e.seed, NULL), "
    "e.base, DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i'), q.balance, "
    "q.paused FROM queue_entitlements e JOIN queues q ON q.id = e.queue_id "
    "WHERE e.member_id = ? ORDER BY e.id DESC LIMIT ? OFFSET ?";
enum { M_ID, M_ORDER, M_QUEUE, M_QNAME, M_POS, M_AMOUNT, M_PAID, M_EXCH,
    M_BP, M_SRC, M_WORDS, M_STATUS, M_LOTTERY, M_COMMIT, M_SEED, M_BASE,
    M_CREATED, M_QBAL, M_PAUSED };
/* Where a waiting entitlement stands: how many wait up to it (itself
 * included) and what they are owed. An index range from the head. */
static const char SQL_AHEAD[] =
    "SELECT COUNT(*), COALESCE(SUM(amount - paid - exchanged), 0) FROM "
    "queue_entitlements WHERE queue_id = ? AND status = 'waiting' AND "
    "position <= ?";
static const char SQL_FUNDED7[] =
    "SELECT COALESCE(SUM(amount), 0) FROM queue_fundings WHERE queue_id = ? "
    "AND created_at >= NOW() - INTERVAL 7 DAY";
/* The head of the member's newest queue: who is being paid now
 * (phones masked). */
static const char SQL_PROGRESS[] =
    "SELECT e.position, m.phone, e.amount, e.paid FROM queue_entitlements "
    "e JOIN members m ON m.id = e.member_id JOIN queues q ON q.id = "
    "e.queue_id WHERE e.queue_id = ? AND e.status = 'waiting' AND "
    "e.position >= q.head ORDER BY e.position LIMIT 10";

static void
mine_one(arena *a, struct json_object *x, const db_res *res, size_t i)
{
	const char	*st = db_str(res, i, M_STATUS);
	int64_t		 owed = db_ll(res, i, M_AMOUNT) - db_ll(res, i, M_PAID) -
			    db_ll(res, i, M_EXCH), days;
	db_res		 r;
	int		 waiting = strcmp(st, "waiting") == 0;

	view_int(x, "id", db_ll(res, i, M_ID));
	view_int(x, "order_id", db_ll(res, i, M_ORDER));
	view_int(x, "queue", db_ll(res, i, M_QUEUE));
	view_str(x, "queue_name", db_str(res, i, M_QNAME));
	view_int(x, "seq", db_ll(res, i, M_POS));
	view_amount(x, "base", db_ll(res, i, M_BASE));
	view_amount(x, "amount", db_ll(res, i, M_AMOUNT));
	view_amount(x, "paid", db_ll(res, i, M_PAID));
	view_amount(x, "exchanged", db_ll(res, i, M_EXCH));
	view_amount(x, "owed", waiting ? owed : 0);
	view_int(x, "ratio_bp", db_ll(res, i, M_BP));
	view_pct(x, "ratio", db_ll(res, i, M_BP));
	view_str(x, "source", db_str(res, i, M_SRC));
	view_str(x, "words", db_str(res, i, M_WORDS));
	view_str(x, "status", st);
	view_str(x, "status_name", status_name(st));
	view_bool(x, "waiting", waiting);
	view_str(x, "created_at", db_str(res, i, M_CREATED));
	view_int(x, "progress_pct", db_ll(res, i, M_AMOUNT) > 0 ?
	    (db_ll(res, i, M_PAID) + db_ll(res, i, M_EXCH)) * 100 /
	    db_ll(res, i, M_AMOUNT) : 100);
	view_bool(x, "can_draw", waiting && db_ll(res, i, M_PAID) == 0 &&
	    strcmp(db_str(res, i, M_LOTTERY), "open") == 0);
	view_bool(x, "drawn", strcmp(db_str(res, i, M_LOTTERY), "drawn") == 0);
	view_bool(x, "has_exchanged", db_ll(res, i, M_EXCH) > 0);
	/* the commitment matters while a draw may come and after it */
	view_bool(x, "show_commit", db_str(res, i, M_COMMIT) != NULL &&
	    (strcmp(db_str(res, i, M_LOTTERY), "drawn") == 0 || (waiting &&
	    db_ll(res, i, M_PAID) == 0)));
	view_str(x, "commitment", db_str(res, i, M_COMMIT));
	view_str(x, "seed", db_str(res, i, M_SEED));
	view_int(x, "position", 0);
	if (!waiting)
		return;
	view_bool(x, "paused", db_ll(res, i, M_PAUSED) != 0);
	if (db_q(a, &r, SQL_AHEAD, DB_ARGS(DB_INT(db_ll(res, i, M_QUEUE)),
	    DB_INT(db_ll(res, i, M_POS)))) != DB_OK)
		return;
	view_int(x, "position", db_ll(&r, 0, 0));
	days = db_ll(&r, 0, 1) - db_ll(res, i, M_QBAL);
	if (db_q(a, &r, SQL_FUNDED7, DB_ARGS(DB_INT(db_ll(res, i, M_QUEUE))))
	    != DB_OK)
		return;
	view_amount(x, "funded7", db_ll(&r, 0, 0));
	days = queue_wait_days(days, db_ll(&r, 0, 0));
	view_int(x, "wait_days", days);
	view_bool(x, "no_estimate", days < 0);
}

struct json_object *
queue_member_view(arena *a, long long member, long long page, long long per,
    long long *total)
{
	struct json_object	*o, *list, *x, *prog;
	db_res			 res, n, p;
	size_t			 i, k;
	int64_t			 pts = setting_int(QSET_EXCHANGE_POINTS),
				 vou = setting_int(QSET_EXCHANGE_VOUCHER);

	if (db_q(a, &n, SQL_MINE_N, DB_ARGS(DB_INT(member))) != DB_OK ||
	    db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	*total = db_ll(&n, 0, 0);
	o = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		mine_one(a, x, &res, i);
		view_bool(x, "can_exchange", strcmp(db_str(&res, i, M_STATUS),
		    "waiting") == 0 && (pts > 0 || vou > 0));
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "entitlements", list);
	/* the progress of the queue of the newest entitlement */
	if (res.nrows > 0 && db_q(a, &p, SQL_PROGRESS, DB_ARGS(DB_INT(
	    db_ll(&res, 0, M_QUEUE)))) == DB_OK) {
		prog = json_object_new_array();
		for (k = 0; k < p.nrows; k++) {
			x = json_object_new_object();
			view_int(x, "seq", db_ll(&p, k, 0));
			view_str(x, "who", mask_phone(a, db_str(&p, k, 1)));
			view_amount(x, "amount", db_ll(&p, k, 2));
			view_amount(x, "paid", db_ll(&p, k, 3));
			json_object_array_add(prog, x);
		}
		json_object_object_add(o, "progress", prog);
		view_bool(o, "has_progress", p.nrows > 0);
		view_str(o, "progress_queue", db_str(&res, 0, M_QNAME));
	}
	view_bool(o, "enabled", setting_bool(QSET_ENABLED));
	view_pct(o, "extract", setting_int(QSET_EXTRACT_BP));
	view_pct(o, "default_ratio", setting_int(QSET_DEFAULT_BP));
	view_str(o, "settle_on", setting_str(QSET_SETTLE_ON));
	view_bool(o, "settle_on_paid", strcmp(setting_str(QSET_SETTLE_ON),
	    "paid") == 0);
	view_rate(o, "points_rate", pts);
	view_rate(o, "voucher_rate", vou);
	view_bool(o, "points_open", pts > 0);
	view_bool(o, "voucher_open", vou > 0);
	view_str(o, "points_name", currency_display_name("POINTS"));
	view_str(o, "voucher_name", currency_display_name("VOUCHER"));
	return o;
}

/* --- the back office ----------------------------------------------------- */

static const char SQL_QUEUES[] =
    "SELECT q.id, q.scope, q.scope_id, q.name, q.head, q.tail, q.balance, "
    "q.funded, q.paid_out, q.paused, COALESCE(DATE_FORMAT(q.last_reset, "
    "'%Y-%m-%d'), ''), (SELECT COUNT(*) FROM queue_entitlements e WHERE "
    "e.queue_id = q.id AND e.status = 'waiting'), (SELECT COALESCE(SUM("
    "e.amount - e.paid - e.exchanged), 0) FROM queue_entitlements e WHERE "
    "e.queue_id = q.id AND e.status = 'waiting') FROM queues q ORDER BY q.id";

struct json_object *
queue_admin_queues(arena *a)
{
	static const char *const scopes[][2] = {
		{ "mall", "全商城" }, { "product", "单品" }, { "store", "门店" },
		{ "cashier", "收银台" }, { "stores", "全部门店" },
		{ "cashiers", "全部收银台" },
	};
	struct json_object	*o, *list, *x;
	db_res			 res;
	size_t			 i, k;

	if (db_q(a, &res, SQL_QUEUES, DB_NOARGS) != DB_OK)
		return NULL;
	o = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "scope", db_str(&res, i, 1));
		for (k = 0; k < sizeof(scopes) / sizeof(scopes[0]); k++)
			if (strcmp(scopes[k][0], db_str(&res, i, 1)) == 0)
				view_str(x, "scope_name", scopes[k][1]);
		view_int(x, "scope_id", db_ll(&res, i, 2));
		view_str(x, "name", db_str(&res, i, 3));
		view_int(x, "head", db_ll(&res, i, 4));
		view_int(x, "tail", db_ll(&res, i, 5));
		view_amount(x, "balance", db_ll(&res, i, 6));
		view_amount(x, "funded", db_ll(&res, i, 7));
		view_amount(x, "paid_out", db_ll(&res, i, 8));
		view_bool(x, "paused", db_ll(&res, i, 9) != 0);
		view_str(x, "last_reset", db_str(&res, i, 10));
		view_int(x, "waiting", db_ll(&res, i, 11));
		view_amount(x, "owed", db_ll(&res, i, 12));
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "queues", list);
	view_str(o, "reset_period", setting_str(QSET_RESET_PERIOD));
	view_str(o, "reset_mode", setting_str(QSET_RESET_MODE));
	view_bool(o, "reset_clears", strcmp(setting_str(QSET_RESET_MODE),
	    "clear") == 0);
	return o;
}

static const char SQL_PRODUCTS[] =
    "SELECT qp.product_id, p.title, qp.enabled, qp.ratio_bp, "
    "COALESCE(qp.levels, ''), COALESCE(qp.tiers, ''), COALESCE(qp.lottery, "
    "''), p.status FROM queue_products qp JOIN products p ON p.id = "
    "qp.product_id ORDER BY qp.product_id DESC LIMIT 200";

struct json_object *
queue_admin_products(arena *a)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_PRODUCTS, DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "product", db_ll(&res, i, 0));
		view_str(x, "title", db_str(&res, i, 1));
		view_bool(x, "enabled", db_ll(&res, i, 2) != 0);
		if (db_str(&res, i, 3) != NULL) {
			view_int(x, "ratio_bp", db_ll(&res, i, 3));
			view_pct(x, "ratio", db_ll(&res, i, 3));
		}
		view_str(x, "levels", db_str(&res, i, 4));
		view_str(x, "tiers", db_str(&res, i, 5));
		view_str(x, "lottery", db_str(&res, i, 6));
		view_bool(x, "listed", strcmp(db_str(&res, i, 7), "listed") == 0);
		json_object_array_add(list, x);
	}
	return list;
}

/* q: a member id or phone, or an order id (all three are numbers: a
 * phone has 11 digits, ids fewer). */
#define ENT_WHERE \
    "WHERE (? = '' OR (LENGTH(?) = 11 AND m.phone = ?) OR (LENGTH(?) < 11 " \
    "AND (e.member_id = ? OR e.order_id = ?))) AND (? = '' OR e.status = ?)"
static const char SQL_ENTS_N[] =
    "SELECT COUNT(*) FROM queue_entitlements e JOIN members m ON m.id = "
    "e.member_id " ENT_WHERE;
static const char SQL_ENTS[] =
    "SELECT e.id, e.queue_id, q.name, e.position, e.member_id, m.phone, "
    "e.order_id, e.base, e.ratio_bp, e.words, e.amount, e.paid, "
    "e.exchanged, e.status, DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i') "
    "FROM queue_entitlements e JOIN members m ON m.id = e.member_id JOIN "
    "queues q ON q.id = e.queue_id " ENT_WHERE " ORDER BY e.id DESC LIMIT ? "
    "OFFSET ?";

struct json_object *
queue_admin_entitlements(arena *a, const char *q, const char *status,
    long long page, long long per, long long *total)
{
	struct json_object	*o, *list, *x;
	const char		*qq = q ? q : "", *st = status ? status : "";
	long long		 num = 0;
	db_res			 res, n;
	size_t			 i;

	if (*qq != '\0' && strspn(qq, "0123456789") == strlen(qq) &&
	    strlen(qq) < 19)
		num = strtoll(qq, NULL, 10);
	else if (*qq != '\0')
		num = -1;	/* matches no id */
#define ARGS DB_TEXT(qq), DB_TEXT(qq), DB_TEXT(qq), DB_TEXT(qq), DB_INT(num), \
	    DB_INT(num), DB_TEXT(st), DB_TEXT(st)
	if (db_q(a, &n, SQL_ENTS_N, DB_ARGS(ARGS)) != DB_OK ||
	    db_q(a, &res, SQL_ENTS, DB_ARGS(ARGS, DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
#undef ARGS
	*total = db_ll(&n, 0, 0);
	o = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_int(x, "queue", db_ll(&res, i, 1));
		view_str(x, "queue_name", db_str(&res, i, 2));
		view_int(x, "seq", db_ll(&res, i, 3));
		view_int(x, "member_id", db_ll(&res, i, 4));
		view_str(x, "phone", db_str(&res, i, 5));
		view_int(x, "order_id", db_ll(&res, i, 6));
		view_amount(x, "base", db_ll(&res, i, 7));
		view_int(x, "ratio_bp", db_ll(&res, i, 8));
		view_pct(x, "ratio", db_ll(&res, i, 8));
		view_str(x, "words", db_str(&res, i, 9));
		view_amount(x, "amount", db_ll(&res, i, 10));
		view_amount(x, "paid", db_ll(&res, i, 11));
		view_amount(x, "exchanged", db_ll(&res, i, 12));
		view_str(x, "status", db_str(&res, i, 13));
		view_str(x, "status_name", status_name(db_str(&res, i, 13)));
		view_str(x, "created_at", db_str(&res, i, 14));
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "entitlements", list);
	return o;
}

/* --- obligations and verify --------------------------------------------- */

static const char SQL_OBLIG[] =
    "SELECT COALESCE(SUM(amount - paid - exchanged), 0), (SELECT "
    "COALESCE(SUM(balance), 0) FROM queues) FROM queue_entitlements WHERE "
    "status = 'waiting'";

int
queue_obligations(arena *a, int64_t *owed, int64_t *held)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_OBLIG, DB_NOARGS)) != DB_OK)
		return rc;
	*owed = db_ll(&res, 0, 0);
	*held = db_ll(&res, 0, 1);
	return 0;
}

/* Each check: a query returning the rows that break it, and the message
 * for one row (two columns). */
static const struct verify_check checks[] = {
	{ "SELECT id, CONCAT(paid, '+', exchanged, '>', amount) FROM "
	  "queue_entitlements WHERE paid < 0 OR exchanged < 0 OR paid + "
	  "exchanged > amount LIMIT 50",
	  "queue entitlement %s: paid more than its amount (%s)" },
	{ "SELECT e.id, CONCAT(e.paid, ' vs ', COALESCE(SUM(p.amount), 0)) "
	  "FROM queue_entitlements e LEFT JOIN queue_payouts p ON "
	  "p.entitlement_id = e.id GROUP BY e.id, e.paid HAVING e.paid <> "
	  "COALESCE(SUM(p.amount), 0) LIMIT 50",
	  "queue entitlement %s: paid differs from its payouts (%s)" },
	{ "SELECT id, status FROM queue_entitlements WHERE (status = 'done' "
	  "AND paid + exchanged <> amount) OR (status = 'waiting' AND paid + "
	  "exchanged >= amount AND amount > 0) LIMIT 50",
	  "queue entitlement %s: status %s disagrees with its amounts" },
	/* strict order: no entitlement was paid while an older one of its
	 * queue still waits, and the payouts never go back in the queue */
	{ "SELECT w.queue_id, CONCAT(MIN(w.position), ' < ', x.pmax) FROM "
	  "queue_entitlements w JOIN (SELECT queue_id, MAX(position) pmax FROM "
	  "queue_entitlements WHERE paid > 0 GROUP BY queue_id) x ON "
	  "x.queue_id = w.queue_id WHERE w.status = 'waiting' GROUP BY "
	  "w.queue_id, x.pmax HAVING MIN(w.position) < x.pmax LIMIT 50",
	  "queue %s: a waiting entitlement is older than a paid one (%s)" },
	{ "SELECT queue_id, id FROM (SELECT p.queue_id, p.id, e.position, "
	  "LAG(e.position) OVER (PARTITION BY p.queue_id ORDER BY p.id) prev "
	  "FROM queue_payouts p JOIN queue_entitlements e ON e.id = "
	  "p.entitlement_id) t WHERE position < prev LIMIT 50",
	  "queue %s: payout %s went back in the queue" },
	{ "SELECT q.id, CONCAT(q.head, ' > ', MIN(e.position)) FROM queues q "
	  "JOIN queue_entitlements e ON e.queue_id = q.id AND e.status = "
	  "'waiting' GROUP BY q.id, q.head HAVING q.head > MIN(e.position) "
	  "LIMIT 50",
	  "queue %s: the head is past a waiting entitlement (%s)" },
	{ "SELECT q.id, CONCAT(q.funded, ' <> ', q.paid_out, ' + ', q.balance, "
	  "' / ', COALESCE((SELECT SUM(f.amount) FROM queue_fundings f WHERE "
	  "f.queue_id = q.id), 0), ' / ', COALESCE((SELECT SUM(p.amount) FROM "
	  "queue_payouts p WHERE p.queue_id = q.id), 0)) FROM queues q WHERE "
	  "q.funded <> q.paid_out + q.balance OR q.balance < 0 OR q.funded <> "
	  "COALESCE((SELECT SUM(f.amount) FROM queue_fundings f WHERE "
	  "f.queue_id = q.id), 0) OR q.paid_out <> COALESCE((SELECT "
	  "SUM(p.amount) FROM queue_payouts p WHERE p.queue_id = q.id), 0) "
	  "LIMIT 50",
	  "queue %s: funding is not payouts + balance (%s)" },
	{ "SELECT 'pool.queue', CONCAT(COALESCE((SELECT SUM(balance) FROM "
	  "accounts WHERE owner_type = 'system' AND kind = '" QUEUE_POOL "' AND "
	  "currency = 'CHANGE'), 0), ' <> ', COALESCE((SELECT SUM(balance) "
	  "FROM queues), 0)) FROM DUAL WHERE COALESCE((SELECT SUM(balance) "
	  "FROM accounts WHERE owner_type = 'system' AND kind = '" QUEUE_POOL
	  "' AND currency = 'CHANGE'), 0) <> COALESCE((SELECT SUM(balance) "
	  "FROM queues), 0)",
	  "%s: the ledger holds other than the queues' balances (%s)" },
};

int
queue_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
