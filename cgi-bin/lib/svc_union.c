/* svc_union: the union queue (see svc_union.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "payout.h"
#include "settings.h"
#include "svc_union.h"
#include "union.h"
#include "view.h"
#include "verify.h"

#define UNION_POOL	"pool.union"
#define BATCH		200

/* --- the subscriber ---------------------------------------------------- */

/* The order's buyer and paid value (in 零钱 fen): a mall order's price,
 * a cashier payment's amount. */
static const char SQL_ORDER[] =
    "SELECT member_id, unit_price * qty FROM orders WHERE id = ?";
static const char SQL_ENT_INSERT[] =
    "INSERT IGNORE INTO union_entitlements (member_id, order_id, "
    "order_source, base, quota_bp, amount, created_at) VALUES (?, ?, ?, ?, "
    "?, ?, NOW())";
static const char SQL_ENT_CANCEL[] =
    "UPDATE union_entitlements SET status = 'cancelled' WHERE "
    "order_source = ? AND order_id = ? AND status = 'waiting'";

int
union_on_order(arena *a, const struct order_ev *ev, char *err, size_t errlen)
{
	db_res	res;
	int64_t	quota, bp;
	int	rc;

	if (strcmp(ev->source, "mall") != 0 && strcmp(ev->source, "cashier")
	    != 0)
		return 0;
	if (strcmp(ev->event, "cancelled") == 0)
		return db_q(a, NULL, SQL_ENT_CANCEL, DB_ARGS(DB_TEXT(ev->source),
		    DB_INT(ev->order)));
	if (strcmp(ev->event, "paid") != 0 || !setting_bool("union.enabled"))
		return 0;
	if ((rc = db_q(a, &res, SQL_ORDER, DB_ARGS(DB_INT(ev->order)))) !=
	    DB_OK || res.nrows == 0) {
		snprintf(err, errlen, "order %lld: %s", ev->order,
		    rc ? db_strerror(rc) : "not found");
		return rc ? rc : DB_ENOTFOUND;
	}
	bp = setting_int("union.quota_bp");
	if (union_quota(db_ll(&res, 0, 1), bp, &quota) != UNION_OK) {
		snprintf(err, errlen, "工会排队额度比例设置有误");
		return -1;
	}
	if (quota <= 0)
		return 0;
	return db_q(a, NULL, SQL_ENT_INSERT, DB_ARGS(DB_INT(db_ll(&res, 0, 0)),
	    DB_INT(ev->order), DB_TEXT(ev->source), DB_INT(db_ll(&res, 0, 1)),
	    DB_INT(bp), DB_INT(quota)));
}

/* --- the day ----------------------------------------------------------- */

/* The parts of a day's profit from the ledger (the definition shown on
 * /admin/union): the platform's revenue from completed mall orders
 * (order.settle) and from store commissions (cashier.pay), and what it
 * issued that day as rewards and subsidies (the kinds below). */
#define REWARD_KINDS "'queue.fund', 'pickup.reward', 'order.referral', " \
    "'gb.reward', 'ad.reward', 'rp.fund'"
/* All three in one pass over the day's system 零钱 postings of these
 * kinds (rather than one scan of the journal per part). */
static const char SQL_PARTS[] =
    "SELECT "
    "COALESCE(SUM(IF(j.kind = 'order.settle' AND ac.kind = 'revenue', "
    "p.amount, 0)), 0), "
    "COALESCE(SUM(IF(j.kind = 'cashier.pay' AND ac.kind = 'revenue', "
    "p.amount, 0)), 0), "
    "COALESCE(-SUM(IF(j.kind IN (" REWARD_KINDS ") AND ac.kind = 'issue', "
    "p.amount, 0)), 0) "
    "FROM journal j JOIN postings p ON p.entry_id = j.id JOIN accounts ac "
    "ON ac.id = p.account_id WHERE j.kind IN ('order.settle', "
    "'cashier.pay', " REWARD_KINDS ") AND j.created_at >= ? AND "
    "j.created_at < ? + INTERVAL 1 DAY AND ac.owner_type = 'system' AND "
    "ac.kind IN ('revenue', 'issue') AND ac.currency = 'CHANGE'";
static const char SQL_DAY_SEEN[] =
    "SELECT 1 FROM union_days WHERE day = ?";
static const char SQL_POOL_LOCK[] =
    "SELECT balance FROM union_pool WHERE id = 1 FOR UPDATE";
static const char SQL_POOL_SAVE[] =
    "UPDATE union_pool SET balance = ?, funded = funded + ?, paid_out = "
    "paid_out + ? WHERE id = 1";
static const char SQL_WAITING[] =
    "SELECT id, member_id, amount, order_id FROM union_entitlements WHERE "
    "status = 'waiting' AND id > ? ORDER BY id LIMIT " "200";
static const char SQL_ENT_DONE[] =
    "UPDATE union_entitlements SET status = 'done', day = ?, paid_at = "
    "NOW() WHERE id = ? AND status = 'waiting'";
static const char SQL_DAY_INSERT[] =
    "INSERT INTO union_days (day, margin, spread, commission, rewards, "
    "profit, share_bp, moved, paid_count, paid_amount, note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW())";

struct day_ctx {
	arena		*a;
	const char	*day;
	int		 ran;
	char		*err;
	size_t		 errlen;
};

static int
day_tx(void *ud)
{
	struct day_ctx		*c = ud;
	struct union_day	 d;
	struct payout_opts	 o = { .ref_type = "union_day" };
	struct reward_line	 l;
	db_res			 res, w;
	int64_t			 share = setting_int("union.share_bp"), balance,
				 owed[BATCH], left, paid = 0;
	long long		 after = 0, count = 0;
	size_t			 i, k;
	char			 b1[32], b2[32];
	const char		*note;
	int			 rc;

	c->ran = 0;
	/* the pool's row first: one day runs at a time */
	if ((rc = db_q(c->a, &res, SQL_POOL_LOCK, DB_NOARGS)) != DB_OK)
		return rc;
	balance = db_ll(&res, 0, 0);
	if ((rc = db_q(c->a, &res, SQL_DAY_SEEN, DB_ARGS(DB_TEXT(c->day)))) !=
	    DB_OK || res.nrows > 0)
		return rc;	/* run before: nothing to do */
	if ((rc = db_q(c->a, &res, SQL_PARTS, DB_ARGS(DB_TEXT(c->day),
	    DB_TEXT(c->day)))) != DB_OK)
		return rc;
	memset(&d, 0, sizeof(d));
	d.margin = db_ll(&res, 0, 0);
	d.commission = db_ll(&res, 0, 1);
	d.rewards = db_ll(&res, 0, 2);
	if (d.margin < 0)
		d.margin = 0;	/* refunds of margin net against it */
	if (d.rewards < 0)
		d.rewards = 0;
	if (union_day_plan(&d, share) != UNION_OK) {
		snprintf(c->err, c->errlen, "工会排队：利润注资比例设置有误");
		return -1;
	}
	o.ref_id = 0;
	if (d.moved > 0) {
		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_IN;
		l.currency = "CHANGE";
		l.source = "revenue";
		l.pool = UNION_POOL;
		l.amount = d.moved;
		l.kind = "union.fund";
		l.key = arena_printf(c->a, "union.fund:%s", c->day);
		l.memo = arena_printf(c->a, "%s 净利润 %s 按 %lld 基点注资工会排队 %s",
		    c->day, amount_format(d.profit, 2, b1), (long long)share,
		    amount_format(d.moved, 2, b2));
		if ((rc = payout_apply(c->a, &o, &l, 1, NULL, NULL)) != 0)
			return rc;
		balance += d.moved;
	}
	/* whole entitlements, oldest first, while the next one fits */
	for (;;) {
		if ((rc = db_q(c->a, &w, SQL_WAITING, DB_ARGS(DB_INT(after)))) !=
		    DB_OK)
			return rc;
		for (i = 0; i < w.nrows; i++)
			owed[i] = db_ll(&w, i, 2);
		k = union_allocate(balance, owed, w.nrows, &left);
		for (i = 0; i < k; i++) {
			memset(&l, 0, sizeof(l));
			l.act = REWARD_POOL_SHARE;
			l.to = db_ll(&w, i, 1);
			l.currency = "CHANGE";
			l.pool = UNION_POOL;
			l.amount = owed[i];
			l.kind = "union.pay";
			l.ref_type = "union_ent";
			l.ref_id = db_ll(&w, i, 0);
			l.key = arena_printf(c->a, "union.pay:%lld", db_ll(&w,
			    i, 0));
			l.memo = arena_printf(c->a, "工会排队：订单 %lld 的额度 %s "
			    "全额返还", db_ll(&w, i, 3), amount_format(owed[i],
			    2, b1));
			/* marked done first: one cancelled since the list was
			 * read (the order's cancelled event) is not paid, and
			 * the day runs again on the list as it is now */
			if ((rc = db_q(c->a, &res, SQL_ENT_DONE, DB_ARGS(
			    DB_TEXT(c->day), DB_INT(db_ll(&w, i, 0))))) != DB_OK)
				return rc;
			if (res.affected != 1)
				return DB_ERETRY;
			if ((rc = payout_apply(c->a, &o, &l, 1, NULL, NULL)) != 0)
				return rc;
			paid += owed[i];
			count++;
		}
		balance = left;
		if (k < w.nrows || w.nrows < BATCH)
			break;
		after = db_ll(&w, w.nrows - 1, 0);
	}
	if ((rc = db_q(c->a, NULL, SQL_POOL_SAVE, DB_ARGS(DB_INT(balance),
	    DB_INT(d.moved), DB_INT(paid)))) != DB_OK)
		return rc;
	note = d.profit > 0 ? arena_printf(c->a, "净利润 %s，注资 %s，返还 %lld "
	    "笔共 %s", amount_format(d.profit, 2, b1), amount_format(d.moved, 2,
	    b2), count, amount_format(paid, 2, (char[32]){ 0 })) :
	    arena_printf(c->a, "净利润 %s，不为正，当天不注资%s",
	    amount_format(d.profit, 2, b1), count > 0 ? "（资金池余额返还了排在前面"
	    "的额度）" : "");
	if ((rc = db_q(c->a, NULL, SQL_DAY_INSERT, DB_ARGS(DB_TEXT(c->day),
	    DB_INT(d.margin), DB_INT(d.spread), DB_INT(d.commission),
	    DB_INT(d.rewards), DB_INT(d.profit), DB_INT(share), DB_INT(d.moved),
	    DB_INT(count), DB_INT(paid), DB_TEXT(note)))) != DB_OK)
		return rc;
	c->ran = 1;
	return 0;
}

int
union_run_day(arena *a, const char *day, int *ran, char *err, size_t errlen)
{
	struct day_ctx	c = { a, day, 0, err, errlen };
	db_res		res;
	int		rc;

	err[0] = '\0';
	if (day == NULL) {	/* yesterday, by the database's calendar */
		if ((rc = db_q(a, &res, "SELECT DATE_FORMAT(CURDATE() - "
		    "INTERVAL 1 DAY, '%Y-%m-%d')", DB_NOARGS)) != DB_OK)
			return rc;
		day = c.day = arena_strdup(a, db_str(&res, 0, 0));
	}
	if (strlen(day) != 10) {
		snprintf(err, errlen, "union: bad day");
		return -1;
	}
	rc = db_tx(day_tx, &c);
	*ran = c.ran;
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "union %s: %s", day, db_strerror(rc));
	return rc;
}

/* --- views ------------------------------------------------------------- */

static const char SQL_POOL[] =
    "SELECT balance, funded, paid_out, (SELECT COUNT(*) FROM "
    "union_entitlements WHERE status = 'waiting'), (SELECT "
    "COALESCE(SUM(amount), 0) FROM union_entitlements WHERE status = "
    "'waiting') FROM union_pool WHERE id = 1";
/* The place in the queue (what waits ahead) only for the waiting ones:
 * each is a scan of the waiting queue below it. */
static const char SQL_MINE[] =
    "SELECT e.id, e.order_id, e.order_source, e.amount, e.status, "
    "DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i'), e.day, IF(e.status = "
    "'waiting', (SELECT COUNT(*) FROM union_entitlements x WHERE x.status = "
    "'waiting' AND x.id < e.id), 0), IF(e.status = 'waiting', (SELECT "
    "COALESCE(SUM(x.amount), 0) FROM union_entitlements x WHERE x.status = "
    "'waiting' AND x.id < e.id), 0) FROM union_entitlements e WHERE "
    "e.member_id = ? ORDER BY e.id DESC LIMIT 50";
static const char SQL_AVG[] =
    "SELECT COALESCE(AVG(moved), 0) FROM (SELECT moved FROM union_days "
    "ORDER BY day DESC LIMIT 7) t";

static void
pool_json(struct json_object *v, const db_res *res)
{
	view_amount(v, "pool", db_ll(res, 0, 0));
	view_amount(v, "funded", db_ll(res, 0, 1));
	view_amount(v, "paid_out", db_ll(res, 0, 2));
	view_int(v, "waiting", db_ll(res, 0, 3));
	view_amount(v, "waiting_amount", db_ll(res, 0, 4));
}

struct json_object *
union_member_view(arena *a, long long member)
{
	struct json_object	*v, *arr, *o;
	db_res			 res, avg;
	int64_t			 ahead, perday;
	size_t			 i;

	if (db_q(a, &res, SQL_POOL, DB_NOARGS) != DB_OK || db_q(a, &avg,
	    SQL_AVG, DB_NOARGS) != DB_OK)
		return NULL;
	v = json_object_new_object();
	pool_json(v, &res);
	view_bool(v, "enabled", setting_bool("union.enabled"));
	perday = db_ll(&avg, 0, 0);
	if (db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member))) != DB_OK) {
		json_object_put(v);
		return NULL;
	}
	arr = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		const char *st = db_str(&res, i, 4);

		o = json_object_new_object();
		view_int(o, "id", db_ll(&res, i, 0));
		view_int(o, "order_id", db_ll(&res, i, 1));
		view_str(o, "source", db_str(&res, i, 2));
		view_amount(o, "amount", db_ll(&res, i, 3));
		view_str(o, "status", st);
		view_str(o, "status_name", strcmp(st, "waiting") == 0 ?
		    "排队中" : strcmp(st, "done") == 0 ? "已全额返还" : "已取消");
		view_str(o, "created_at", db_str(&res, i, 5));
		view_str(o, "paid_day", db_str(&res, i, 6));
		if (strcmp(st, "waiting") == 0) {
			ahead = db_ll(&res, i, 8);
			view_int(o, "position", db_ll(&res, i, 7) + 1);
			view_amount(o, "ahead", ahead);
			/* the estimate: what waits ahead and this one, over the
			 * last 7 days' average funding; none without funding */
			if (perday > 0)
				view_int(o, "estimate_days", (ahead + db_ll(&res,
				    i, 3) + perday - 1) / perday);
		}
		json_object_array_add(arr, o);
	}
	json_object_object_add(v, "entitlements", arr);
	return v;
}

static const char SQL_DAYS[] =
    "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, margin, spread, commission, "
    "rewards, profit, share_bp, moved, paid_count, paid_amount, note FROM "
    "union_days ORDER BY day DESC LIMIT 30";

struct json_object *
union_admin_view(arena *a)
{
	struct json_object	*v, *arr, *o;
	db_res			 res;
	size_t			 i;
	static const char *const money[] = { "margin", "spread", "commission",
	    "rewards", "profit", "moved", "paid_amount" };
	static const int col[] = { 1, 2, 3, 4, 5, 7, 9 };

	if (db_q(a, &res, SQL_POOL, DB_NOARGS) != DB_OK)
		return NULL;
	v = json_object_new_object();
	pool_json(v, &res);
	view_str(v, "definition", "净利润 = 订单毛利（商城订单完成时平台所得差价） + "
	    "供应商差价（暂无此项记录，计为 0） + 门店佣金 − 当天发放的奖励与补贴（排队返利"
	    "注资、自提奖励、推荐奖励、拼团奖励、广告奖励、红包雨注资）；为正时按注资比例"
	    "转入工会排队资金池，为零或负时不注资");
	if (db_q(a, &res, SQL_DAYS, DB_NOARGS) != DB_OK) {
		json_object_put(v);
		return NULL;
	}
	arr = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		view_str(o, "day", db_str(&res, i, 0));
		for (size_t k = 0; k < sizeof(col) / sizeof(col[0]); k++)
			view_amount(o, money[k], db_ll(&res, i, col[k]));
		view_int(o, "share_bp", db_ll(&res, i, 6));
		view_int(o, "paid_count", db_ll(&res, i, 8));
		view_str(o, "note", db_str(&res, i, 10));
		view_bool(o, "nothing", db_ll(&res, i, 7) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(v, "days", arr);
	return v;
}

/* --- ctl verify -------------------------------------------------------- */

static const struct verify_check checks[] = {
	{ "SELECT 'union_pool', CONCAT(funded, ' <> ', paid_out, ' + ', "
	  "balance) FROM union_pool WHERE funded <> paid_out + balance OR "
	  "balance < 0",
	  "%s: funded is not paid out + balance (%s)" },
	{ "SELECT 'pool.union', CONCAT(COALESCE((SELECT SUM(balance) FROM "
	  "accounts WHERE owner_type = 'system' AND kind = '" UNION_POOL "' AND "
	  "currency = 'CHANGE'), 0), ' <> ', (SELECT balance FROM union_pool "
	  "WHERE id = 1)) FROM DUAL WHERE COALESCE((SELECT SUM(balance) FROM "
	  "accounts WHERE owner_type = 'system' AND kind = '" UNION_POOL "' AND "
	  "currency = 'CHANGE'), 0) <> (SELECT balance FROM union_pool WHERE "
	  "id = 1)",
	  "%s: the ledger holds other than the union pool (%s)" },
	{ "SELECT 'union_pool', CONCAT(u.funded, ' <> ', COALESCE((SELECT "
	  "SUM(moved) FROM union_days), 0)) FROM union_pool u WHERE u.funded <> "
	  "COALESCE((SELECT SUM(moved) FROM union_days), 0)",
	  "%s: funded differs from the days' funding (%s)" },
	{ "SELECT e.id, CONCAT(e.amount, ' vs ', COALESCE(SUM(p.amount), 0), "
	  "' in ', COUNT(DISTINCT j.id)) FROM union_entitlements e LEFT JOIN "
	  "journal j ON j.kind = 'union.pay' AND j.ref_type = 'union_ent' AND "
	  "j.ref_id = e.id LEFT JOIN postings p ON p.entry_id = j.id AND "
	  "p.account_id IN (SELECT id FROM accounts WHERE owner_type = "
	  "'member' AND owner_id = e.member_id) GROUP BY e.id, e.amount, "
	  "e.status HAVING (e.status = 'done' AND (COUNT(DISTINCT j.id) <> 1 "
	  "OR COALESCE(SUM(p.amount), 0) <> e.amount)) OR (e.status <> 'done' "
	  "AND COUNT(DISTINCT j.id) <> 0) LIMIT 50",
	  "union entitlement %s: payments disagree with its status (%s)" },
	/* strict order: none waited through a day that paid one behind it */
	{ "SELECT w.id, x.id FROM union_entitlements w JOIN union_entitlements "
	  "x ON x.status = 'done' AND x.id > w.id JOIN union_days d ON d.day = "
	  "x.day WHERE w.status = 'waiting' AND w.created_at < d.created_at "
	  "LIMIT 1",
	  "union entitlement %s waited while %s behind it was paid" },
};

int
union_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
