/* svc_store: offline stores and their cashier (see svc_store.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "events.h"
#include "ledger.h"
#include "queue.h"
#include "store.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_store.h"
#include "valid.h"
#include "view.h"
#include "verify.h"

/* The address of a store row: province, city and district names, then
 * the street (columns from col). */
#define STORE_ADDR_COLS	"pr.name, ci.name, di.name, s.address"
#define STORE_ADDR_JOINS \
    "LEFT JOIN regions pr ON pr.code = s.province " \
    "LEFT JOIN regions ci ON ci.code = s.city " \
    "LEFT JOIN regions di ON di.code = s.district "

static const char SQL_MERCHANT[] =
    "SELECT id, status FROM merchants WHERE member_id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO stores (merchant_id, name, province, city, district, "
    "address, hours, commission_bp, queue_mode, ratio_bp, extract_bp, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "NOW(), NOW())";
static const char SQL_LOCK[] =
    "SELECT m.member_id, s.status, s.name FROM stores s JOIN merchants m "
    "ON m.id = s.merchant_id WHERE s.id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE stores SET status = ?, reason = ?, decided_by = ?, decided_at = "
    "NOW(), updated_at = NOW() WHERE id = ?";
static const char SQL_LIST_N[] =
    "SELECT COUNT(*) FROM stores WHERE ? IS NULL OR status = ?";
/* A store row as store_json reads it (the S_* columns), then the
 * condition. */
#define STORE_SELECT \
    "SELECT s.id, s.name, s.merchant_id, m.name AS merchant_name, s.status, " \
    "s.hours, s.commission_bp, s.queue_mode, s.ratio_bp, s.extract_bp, " \
    "s.reason, DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i') AS created_at, " \
    STORE_ADDR_COLS " FROM stores s JOIN merchants m ON m.id = " \
    "s.merchant_id " STORE_ADDR_JOINS
enum { S_ID, S_NAME, S_MERCHANT, S_MNAME, S_STATUS, S_HOURS, S_COMM, S_QMODE,
    S_RATIO, S_EXTRACT, S_REASON, S_CREATED, S_ADDR };
static const char SQL_LIST[] = STORE_SELECT
    "WHERE ? IS NULL OR s.status = ? ORDER BY s.id DESC LIMIT ? OFFSET ?";
static const char SQL_MINE[] = STORE_SELECT
    "WHERE m.member_id = ? ORDER BY s.id DESC LIMIT 100";
static const char SQL_PUBLIC[] = STORE_SELECT "WHERE s.id = ?";

static const char *
status_name(const char *s)
{
	return strcmp(s, "approved") == 0 ? "已通过" : strcmp(s, "rejected") ==
	    0 ? "未通过" : "审核中";
}

/* The words of a store's queue choice. */
static const char *
queue_words(arena *a, const db_res *res, size_t i)
{
	char p1[32], p2[32];
	const char *own = strcmp(db_str(res, i, S_QMODE), "own") == 0 ?
	    "本店收银排队" : "全部门店收银排队";

	if (db_str(res, i, S_RATIO) == NULL && db_str(res, i, S_EXTRACT) ==
	    NULL)
		return arena_printf(a, "%s（比例按平台设置）", own);
	return arena_printf(a, "%s（返利比例 %s，提取比例 %s）", own,
	    db_str(res, i, S_RATIO) ? queue_pct(db_ll(res, i, S_RATIO), p1) :
	    "按平台设置", db_str(res, i, S_EXTRACT) ? queue_pct(db_ll(res, i,
	    S_EXTRACT), p2) : "按平台设置");
}

/* A store row as a view. */
static struct json_object *
store_json(arena *a, const db_res *res, size_t i)
{
	struct json_object	*o = db_row_json(res, i);
	const char		*addr = member_address_join(a, res, i, S_ADDR);
	char			 p[32];

	json_object_object_del(o, "name");	/* the street's name column */
	view_str(o, "name", db_str(res, i, S_NAME));
	json_object_object_del(o, "address");
	view_str(o, "address", addr ? addr : "");
	view_str(o, "status_name", status_name(db_str(res, i, S_STATUS)));
	view_bool(o, db_str(res, i, S_STATUS), 1);
	view_str(o, "commission", queue_pct(db_ll(res, i, S_COMM), p));
	view_str(o, "queue_words", queue_words(a, res, i));
	view_str(o, "pay_path", arena_printf(a, "/pay/%lld", db_ll(res, i,
	    S_ID)));
	return o;
}

static struct json_object *
store_rows(arena *a, const db_res *res)
{
	struct json_object	*arr = json_object_new_array();
	size_t			 i;

	for (i = 0; i < res->nrows; i++)
		json_object_array_add(arr, store_json(a, res, i));
	return arr;
}

/* --- opening and review ------------------------------------------------ */

int
store_open(arena *a, long long member, const struct store_new *s,
    long long *id, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if (s->commission_bp < 0 || s->commission_bp > STORE_COMMISSION_MAX)
		return svc_fail(e, 400, "range", "commission_bp",
		    "平台佣金比例须在 0 到 50% 之间");
	if (s->ratio_bp > QUEUE_BP_MAX)
		return svc_fail(e, 400, "range", "ratio_bp",
		    "返利比例最高 1000%");
	if (s->extract_bp > AMT_BP_WHOLE)
		return svc_fail(e, 400, "range", "extract_bp",
		    "提取比例最高 100%");
	if (strcmp(s->queue_mode, "own") != 0 && strcmp(s->queue_mode, "all")
	    != 0)
		return svc_fail(e, 400, "invalid", "queue_mode",
		    "请选择排队方式");
	if ((rc = db_q(a, &res, SQL_MERCHANT, DB_ARGS(DB_INT(member)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0 || strcmp(db_str(&res, 0, 1), "approved") != 0)
		return svc_fail(e, 403, "not_merchant", NULL,
		    "通过商家入驻审核后才能开设门店");
	if (!member_region_ok(a, s->province, s->city, s->district))
		return svc_fail(e, 400, "invalid", "district",
		    "请选择有效的省、市、区");
	if ((rc = db_q(a, &res, SQL_INSERT, DB_ARGS(DB_INT(db_ll(&res, 0, 0)),
	    DB_TEXT(s->name), DB_TEXT(s->province), DB_TEXT(s->city),
	    DB_TEXT(s->district), DB_TEXT(s->address), DB_TEXT(s->hours),
	    DB_INT(s->commission_bp), DB_TEXT(s->queue_mode),
	    s->ratio_bp >= 0 ? DB_INT(s->ratio_bp) : DB_NULL,
	    s->extract_bp >= 0 ? DB_INT(s->extract_bp) : DB_NULL))) != DB_OK)
		return svc_dberr(e, rc);
	*id = (long long)res.insert_id;
	return 0;
}

static int
decide_tx(void *ud)
{
	struct svc_decision	*d = ud;
	db_res			 res;
	int			 rc;

	if ((rc = db_q(d->a, &res, SQL_LOCK, DB_ARGS(DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = svc_pending(d->e, &res, 1, "门店不存在")) != 0)
		return rc;
	if ((rc = db_q(d->a, NULL, SQL_DECIDE, DB_ARGS(DB_TEXT(d->approve ?
	    "approved" : "rejected"), d->approve ? DB_NULL :
	    DB_TEXT(d->reason), DB_INT(d->admin), DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = admin_audit(d->a, d->admin, d->approve ? "store.approve" :
	    "store.reject", "store", d->id, NULL, d->ip)) != DB_OK)
		return rc;
	return svc_message(d->a, db_ll(&res, 0, 0), d->approve ?
	    "门店已通过审核" : "门店未通过审核", d->approve ? arena_printf(d->a,
	    "门店「%s」已通过审核，可以打印收银码开始收款。", db_str(&res, 0, 2)) :
	    arena_printf(d->a, "门店「%s」未通过审核。原因：%s。", db_str(&res, 0,
	    2), d->reason), "/merchant/stores");
}

int
store_decide(arena *a, long long id, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e)
{
	return svc_decide(a, id, approve, reason, admin, ip, e, decide_tx);
}

struct json_object *
store_admin_list(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	db_res		res;
	db_arg		st = status ? DB_TEXT(status) : DB_NULL;

	if (db_q(a, &res, SQL_LIST_N, DB_ARGS(st, st)) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LIST, DB_ARGS(st, st, DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	return store_rows(a, &res);
}

struct json_object *
store_mine(arena *a, long long member)
{
	db_res res;

	if (db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	return store_rows(a, &res);
}

struct json_object *
store_public(arena *a, long long id, int *busy)
{
	db_res res;

	*busy = 0;
	if (db_q(a, &res, SQL_PUBLIC, DB_ARGS(DB_INT(id))) != DB_OK) {
		*busy = 1;
		return NULL;
	}
	if (res.nrows == 0 || strcmp(db_str(&res, 0, S_STATUS), "approved") !=
	    0)
		return NULL;
	return store_json(a, &res, 0);
}

/* --- the cashier ------------------------------------------------------- */

static const char SQL_PAY_STORE[] =
    "SELECT s.status, s.commission_bp, s.name, m.member_id, s.address, "
    "mb.phone FROM stores s JOIN merchants m ON m.id = s.merchant_id JOIN "
    "members mb ON mb.id = ? WHERE s.id = ? LOCK IN SHARE MODE";
static const char SQL_PAY_INSERT[] =
    "INSERT INTO orders (member_id, product_id, store_id, merchant_id, qty, "
    "unit_price, supply_price, currency, paid_amount, commission, receiver, "
    "phone, address, status, idem_key, created_at, updated_at, "
    "completed_at) SELECT ?, NULL, s.id, s.merchant_id, 1, ?, ?, 'CHANGE', "
    "?, ?, '到店付款', ?, ?, 'completed', ?, NOW(), NOW(), NOW() FROM "
    "stores s WHERE s.id = ?";
static const char SQL_BY_IDEM[] =
    "SELECT id FROM orders WHERE idem_key = ?";

struct pay_ctx {
	arena		*a;
	long long	 member, store, order;
	int64_t		 amount;
	const char	*key;
	struct svc_err	*e;
};

static int
pay_tx(void *ud)
{
	struct pay_ctx		*c = ud;
	struct ledger_leg	 legs[3];
	struct ledger_entry	 le = { NULL, "cashier.pay", "order", 0, NULL,
				    c->member, 0 };
	db_res			 res;
	int64_t			 comm, net;
	long long		 merchant, entry;
	size_t			 n = 0;
	char			 b1[32], b2[32];
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_BY_IDEM, DB_ARGS(DB_TEXT(c->key)))) !=
	    DB_OK)
		return rc;
	if (res.nrows > 0) {	/* the same request again: its first order */
		c->order = db_ll(&res, 0, 0);
		return 0;
	}
	if ((rc = db_q(c->a, &res, SQL_PAY_STORE, DB_ARGS(DB_INT(c->member),
	    DB_INT(c->store)))) != DB_OK)
		return rc;
	if (res.nrows == 0 || strcmp(db_str(&res, 0, 0), "approved") != 0)
		return svc_fail(c->e, 404, "not_found", NULL,
		    "门店不存在或未开通收款");
	merchant = db_ll(&res, 0, 3);
	if (merchant == c->member)
		return svc_fail(c->e, 409, "own_store", "amount",
		    "不能向自己的门店付款");
	if (store_split(c->amount, db_ll(&res, 0, 1), &comm, &net) !=
	    STORE_OK)
		return svc_fail(c->e, 400, "range", "amount",
		    "付款金额超出范围");
	rc = db_q(c->a, &res, SQL_PAY_INSERT, DB_ARGS(DB_INT(c->member),
	    DB_INT(c->amount), DB_INT(net), DB_INT(c->amount), DB_INT(comm),
	    DB_TEXT(db_str(&res, 0, 5)), DB_TEXT(arena_printf(c->a, "%.40s %.200s",
	    db_str(&res, 0, 2), db_str(&res, 0, 4))), DB_TEXT(c->key),
	    DB_INT(c->store)));
	if (rc == DB_EDUP)
		return DB_ERETRY;	/* the same key at once: look again */
	if (rc != DB_OK)
		return rc;
	c->order = (long long)res.insert_id;
	legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, c->member, "main",
	    "CHANGE", -c->amount };
	legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, merchant, "main",
	    "CHANGE", net };
	if (comm > 0)
		legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "revenue",
		    "CHANGE", comm };
	le.ref_id = c->order;
	le.idem_key = arena_printf(c->a, "cashier.pay:%lld", c->order);
	le.memo = arena_printf(c->a, "门店付款 %s（订单 %lld，平台佣金 %s）",
	    amount_format(c->amount, 2, b1), c->order,
	    amount_format(comm, 2, b2));
	rc = ledger_post(c->a, &le, legs, n, &entry);
	if (rc == LEDGER_EFUNDS)
		return svc_fail(c->e, 400, "insufficient", "amount",
		    "零钱余额不足，请先充值");
	if (rc != LEDGER_OK)
		return rc;
	if ((rc = events_record(c->a, c->order, "cashier", "paid")) != 0 ||
	    (rc = events_record(c->a, c->order, "cashier", "completed")) != 0)
		return rc;
	return svc_message(c->a, merchant, "门店收款", arena_printf(c->a,
	    "收到门店付款 %s（订单 %lld），扣除平台佣金 %s 后入账 %s。",
	    amount_format(c->amount, 2, b1), c->order, amount_format(comm, 2,
	    b2), amount_format(net, 2, (char[32]){ 0 })), arena_printf(c->a,
	    "/merchant/stores/%lld/till", c->store));
}

int
store_pay(arena *a, long long member, long long id, int64_t amount,
    const char *idem, long long *order, struct svc_err *e)
{
	struct pay_ctx	c;
	int		rc;

	if (amount < STORE_PAY_MIN || amount > AMT_CAP)
		return svc_fail(e, 400, "range", "amount", "请输入付款金额");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.member = member;
	c.store = id;
	c.amount = amount;
	c.key = svc_idem_key(a, "cashier", member, idem);
	c.e = e;
	if ((rc = svc_idem_bind(a, idem, c.key, arena_printf(a, "%lld:%lld",
	    id, (long long)amount), e)) != 0)
		return rc;
	rc = svc_tx_result(e, db_tx(pay_tx, &c));
	if (rc == 0)
		*order = c.order;
	return rc;
}

/* --- the till ---------------------------------------------------------- */

static const char SQL_TILL_STORE[] =
    "SELECT s.id, s.name FROM stores s JOIN merchants m ON m.id = "
    "s.merchant_id WHERE s.id = ? AND m.member_id = ?";
static const char SQL_TILL_SUM[] =
    "SELECT COUNT(*), COALESCE(SUM(paid_amount), 0) FROM orders WHERE "
    "store_id = ? AND product_id IS NULL AND created_at >= CURDATE()";
static const char SQL_TILL_LAST[] =
    "SELECT o.id, o.paid_amount, o.commission, m.phone, "
    "DATE_FORMAT(o.created_at, '%H:%i:%s') FROM orders o JOIN members m ON "
    "m.id = o.member_id WHERE o.store_id = ? AND o.product_id IS NULL AND "
    "o.created_at >= CURDATE() ORDER BY o.id DESC LIMIT 20";

struct json_object *
store_till(arena *a, long long member, long long id, int *busy)
{
	struct json_object	*v, *s, *arr, *p;
	db_res			 res;
	size_t			 i;

	*busy = 1;	/* until the view is whole, but for no such store */
	if (db_q(a, &res, SQL_TILL_STORE, DB_ARGS(DB_INT(id), DB_INT(member)))
	    != DB_OK)
		return NULL;
	if (res.nrows == 0) {
		*busy = 0;
		return NULL;
	}
	v = json_object_new_object();
	s = json_object_new_object();
	view_int(s, "id", db_ll(&res, 0, 0));
	view_str(s, "name", db_str(&res, 0, 1));
	json_object_object_add(v, "store", s);
	if (db_q(a, &res, SQL_TILL_SUM, DB_ARGS(DB_INT(id))) != DB_OK)
		goto fail;
	view_int(v, "today_count", db_ll(&res, 0, 0));
	view_amount(v, "today_total", db_ll(&res, 0, 1));
	if (db_q(a, &res, SQL_TILL_LAST, DB_ARGS(DB_INT(id))) != DB_OK)
		goto fail;
	arr = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		p = json_object_new_object();
		view_int(p, "id", db_ll(&res, i, 0));
		view_amount(p, "amount", db_ll(&res, i, 1));
		view_amount(p, "commission", db_ll(&res, i, 2));
		view_amount(p, "net", db_ll(&res, i, 1) - db_ll(&res, i, 2));
		view_str(p, "phone", mask_phone(a, db_str(&res, i, 3)));
		view_str(p, "time", db_str(&res, i, 4));
		json_object_array_add(arr, p);
	}
	json_object_object_add(v, "payments", arr);
	*busy = 0;
	return v;
fail:
	json_object_put(v);
	return NULL;
}

/* --- ctl verify -------------------------------------------------------- */

/* Each cashier order against its ledger entry: the legs' sum on the
 * member, the merchant and the platform's revenue. */
#define CASHIER_LEGS(who) \
    "(SELECT COALESCE(SUM(p.amount), 0) FROM journal j JOIN postings p ON " \
    "p.entry_id = j.id JOIN accounts ac ON ac.id = p.account_id WHERE " \
    "j.kind = 'cashier.pay' AND j.ref_type = 'order' AND j.ref_id = o.id " \
    "AND " who ")"
static const struct verify_check checks[] = {
	{ "SELECT o.id, COALESCE(s.status, 'none') FROM orders o LEFT JOIN "
	  "stores s ON s.id = o.store_id WHERE o.store_id IS NOT NULL AND "
	  "o.product_id IS NULL AND (s.status IS NULL OR s.status <> "
	  "'approved' OR o.status <> 'completed') LIMIT 50",
	  "门店付款订单 %s 的门店未通过审核或订单未完成（门店 %s）" },
	{ "SELECT id, CONCAT('实付 ', paid, '，佣金 ', comm, '，分录 ', n, "
	  "'，会员 ', mem, '，商家 ', mer, '，平台 ', rev) FROM (SELECT o.id, "
	  "o.paid_amount paid, o.commission comm, (SELECT COUNT(*) FROM journal "
	  "j WHERE j.kind = 'cashier.pay' AND j.ref_type = 'order' AND j.ref_id "
	  "= o.id) n, " CASHIER_LEGS("ac.owner_type = 'member' AND ac.owner_id "
	  "= o.member_id") " mem, " CASHIER_LEGS("ac.owner_type = 'member' AND "
	  "ac.owner_id = m.member_id") " mer, " CASHIER_LEGS("ac.owner_type = "
	  "'system' AND ac.kind = 'revenue'") " rev FROM orders o LEFT JOIN "
	  "stores s ON s.id = o.store_id LEFT JOIN merchants m ON m.id = "
	  "s.merchant_id WHERE o.store_id IS NOT NULL AND o.product_id IS "
	  "NULL) t WHERE n <> 1 OR mem <> -paid OR mer <> paid - comm OR rev "
	  "<> comm OR comm < 0 OR comm > paid LIMIT 50",
	  "门店付款订单 %s 的账目与订单不符（%s）" },
};

int
store_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
