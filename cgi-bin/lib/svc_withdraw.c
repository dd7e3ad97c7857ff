/* svc_withdraw: withdrawals (see svc_withdraw.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_withdraw.h"
#include "view.h"

static const char SQL_ROLES[] =
    "SELECT role FROM member_roles WHERE member_id = ? "
    "AND role IN ('leader', 'owner')";
static const char SQL_INSERT[] =
    "INSERT INTO withdrawals (member_id, amount, fee, deduction, net, role, "
    "idem_key, payee_kind, payee_name, payee_bank, payee_branch, "
    "payee_account, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "NOW())";
static const char SQL_BY_KEY[] =
    "SELECT id, amount, fee, deduction, net, role FROM withdrawals "
    "WHERE idem_key = ?";
static const char SQL_LOCK[] =
    "SELECT member_id, amount, fee, deduction, net, status FROM withdrawals "
    "WHERE id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE withdrawals SET status = ?, reason = ?, decided_by = ?, "
    "decided_at = NOW() WHERE id = ?";
static const char SQL_LIST_N[] =
    "SELECT COUNT(*) FROM withdrawals WHERE (? = 0 OR member_id = ?) "
    "AND (? = '' OR status = ?)";
#define LIST_COLS \
    "SELECT w.id, w.member_id, m.phone, w.amount, w.fee, w.deduction, w.net, " \
    "w.role, w.status, w.reason, DATE_FORMAT(w.created_at, '%Y-%m-%d %H:%i'), " \
    "DATE_FORMAT(w.decided_at, '%Y-%m-%d %H:%i'), w.payee_kind, w.payee_name, " \
    "w.payee_bank, w.payee_branch, w.payee_account, ad.username " \
    "FROM withdrawals w JOIN members m ON m.id = w.member_id " \
    "LEFT JOIN admins ad ON ad.id = w.decided_by "
static const char SQL_LIST[] = LIST_COLS
    "WHERE (? = 0 OR w.member_id = ?) "
    "AND (? = '' OR w.status = ?) ORDER BY w.id DESC LIMIT ? OFFSET ?";
static const char SQL_GET[] = LIST_COLS "WHERE w.id = ?";

int
withdraw_check(arena *a, struct withdrawal *w, struct svc_err *e)
{
	db_res		res;
	int64_t		extra = 0;
	size_t		i;
	int		rc;
	char		b[32];

	if ((rc = db_q(a, &res, SQL_ROLES, DB_ARGS(DB_INT(w->member)))) != DB_OK)
		return svc_dberr(e, rc);
	w->role = "";
	for (i = 0; i < res.nrows; i++) {
		/* A leader who is also an owner has the leader's deduction. */
		if (strcmp(db_str(&res, i, 0), "leader") == 0) {
			w->role = "leader";
			extra = setting_int("withdraw.leader_bp");
		} else if (*w->role == '\0') {
			w->role = "owner";
			extra = setting_int("withdraw.owner_bp");
		}
	}
	if ((rc = payacct_load(a, w->member, &w->acct)) < 0)
		return svc_dberr(e, rc);
	if (rc == 0)
		return svc_fail(e, 400, "no_account", "account",
		    "请先绑定收款账户（银行卡或支付宝）再提现");
	switch (withdraw_quote(w->amount, setting_amount("withdraw.min"),
	    setting_int("withdraw.fee_bp"), extra, &w->q)) {
	case WITHDRAW_OK:
		return 0;
	case WITHDRAW_EMIN:
		return svc_fail(e, 400, "below_min", "amount", arena_printf(a,
		    "提现金额不能低于 %s", amount_format(setting_amount(
		    "withdraw.min"), 2, b)));
	case WITHDRAW_ERANGE:
		return svc_fail(e, 400, "range", "amount", "提现金额不正确");
	default:
		return svc_fail(e, 500, "settings", NULL, "提现费率设置有误，请联系客服");
	}
}

struct apply_ctx {
	arena			*a;
	struct withdrawal	*w;
	const char		*key;
};

static int
apply_tx(void *ud)
{
	struct apply_ctx	*c = ud;
	struct withdrawal	*w = c->w;
	struct ledger_leg	 legs[2] = {
		{ LEDGER_MEMBER, w->member, "main", "CHANGE", -w->amount },
		{ LEDGER_MEMBER, w->member, "frozen", "CHANGE", w->amount },
	};
	struct ledger_entry	 e = { NULL, "withdraw.apply", "withdrawal", 0,
				    "提现申请（冻结）", w->member, 0 };
	db_res			 res;
	long long		 entry;
	int			 rc;

	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(w->member),
	    DB_INT(w->q.amount), DB_INT(w->q.fee), DB_INT(w->q.deduction),
	    DB_INT(w->q.net), DB_TEXT(w->role), DB_TEXT(c->key),
	    DB_TEXT(w->acct.kind), DB_TEXT(w->acct.name), DB_TEXT(w->acct.bank),
	    DB_TEXT(w->acct.branch), DB_TEXT(w->acct.account)));
	if (rc == DB_EDUP)
		return LEDGER_EDUP;
	if (rc != DB_OK)
		return rc;
	w->id = (long long)res.insert_id;
	e.ref_id = w->id;
	e.idem_key = arena_printf(c->a, "withdraw.apply:%lld", w->id);
	return ledger_post(c->a, &e, legs, 2, &entry);
}

int
withdraw_apply(arena *a, struct withdrawal *w, struct svc_err *e)
{
	struct apply_ctx	c = { a, w, NULL };
	db_res			res;
	int			rc;

	if ((rc = withdraw_check(a, w, e)) != 0)
		return rc;
	c.key = svc_idem_key(a, "withdraw", w->member, w->idem);
	if ((rc = svc_idem_bind(a, w->idem, c.key, arena_printf(a,
	    "amount=%lld", (long long)w->amount), e)) != 0)
		return rc;
	rc = db_tx(apply_tx, &c);
	if (rc == LEDGER_EDUP) {
		/* The first request applied: report it, freeze nothing more. */
		if ((rc = db_q(a, &res, SQL_BY_KEY, DB_ARGS(DB_TEXT(c.key)))) !=
		    DB_OK || res.nrows != 1)
			return svc_dberr(e, rc ? rc : DB_ESQL);
		w->id = db_ll(&res, 0, 0);
		w->q.amount = db_ll(&res, 0, 1);
		w->q.fee = db_ll(&res, 0, 2);
		w->q.deduction = db_ll(&res, 0, 3);
		w->q.net = db_ll(&res, 0, 4);
		w->role = arena_strdup(a, db_str(&res, 0, 5));
		w->replayed = 1;
		return 0;
	}
	if (rc == LEDGER_EFUNDS)
		return svc_fail(e, 400, "insufficient", "amount",
		    arena_printf(a, "%s余额不足",
		    currency_display_name("CHANGE")));
	return rc == 0 ? 0 : svc_dberr(e, rc);
}

static int
decide_tx(void *ud)
{
	struct svc_decision	*d = ud;
	struct ledger_leg	 legs[4];
	struct ledger_entry	 e = { NULL, NULL, "withdrawal", d->id, NULL, 0,
				    d->admin };
	db_res			 res;
	long long		 member, entry;
	int64_t			 amount, fee, ded, net;
	size_t			 n = 0;
	char			 b[32], b2[32];
	int			 rc;

	if ((rc = db_q(d->a, &res, SQL_LOCK, DB_ARGS(DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = svc_pending(d->e, &res, 5, "提现申请不存在")) != 0)
		return rc;
	member = db_ll(&res, 0, 0);
	amount = db_ll(&res, 0, 1);
	fee = db_ll(&res, 0, 2);
	ded = db_ll(&res, 0, 3);
	net = db_ll(&res, 0, 4);
	legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, member, "frozen",
	    "CHANGE", -amount };
	if (d->approve) {
		if (net > 0)
			legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0,
			    "payout", "CHANGE", net };
		if (fee > 0)
			legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0,
			    "revenue", "CHANGE", fee };
		if (ded > 0)
			legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0,
			    "goods_fund", "CHANGE", ded };
		e.kind = "withdraw.approve";
		e.memo = arena_printf(d->a, "提现到账 %s（已扣手续费%s）",
		    amount_format(net, 2, b), ded > 0 ? "及货款" : "");
	} else {
		legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, member, "main",
		    "CHANGE", amount };
		e.kind = "withdraw.reject";
		e.memo = "提现驳回（解冻）";
	}
	e.idem_key = arena_printf(d->a, "%s:%lld", e.kind, d->id);
	if ((rc = ledger_post(d->a, &e, legs, n, &entry)) != LEDGER_OK)
		return rc;
	if ((rc = db_q(d->a, NULL, SQL_DECIDE, DB_ARGS(DB_TEXT(d->approve ?
	    "approved" : "rejected"), DB_TEXT(d->reason), DB_INT(d->admin),
	    DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = admin_audit(d->a, d->admin, e.kind, "withdrawal", d->id,
	    arena_printf(d->a, "{\"member\":%lld,\"amount\":%lld,\"net\":%lld,"
	    "\"entry\":%lld}", member, (long long)amount, (long long)net, entry),
	    d->ip)) != DB_OK)
		return rc;
	return svc_message(d->a, member, d->approve ? "提现已通过" : "提现未通过", d->approve ? arena_printf(d->a, "您申请的 %s 元提现已通过，"
	    "到账 %s 元。", amount_format(amount, 2, b), amount_format(net, 2,
	    b2)) : arena_printf(d->a, "您申请的 %s 元提现未通过，"
	    "金额已退回%s。原因：%s", amount_format(amount, 2, b),
	    currency_display_name("CHANGE"), d->reason), "/wallet/withdraw");
}

int
withdraw_decide(arena *a, long long id, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e)
{
	return svc_decide(a, id, approve, reason, admin, ip, e, decide_tx);
}

/* One row of LIST_COLS as JSON. */
static struct json_object *
row_json(arena *a, const db_res *res, size_t i, int full)
{
	struct json_object	*o = json_object_new_object(), *p;
	const char		*s = db_str(res, i, 8);
	struct payacct		 acct;
	char			 b[32];

	json_object_object_add(o, "id", json_object_new_int64(db_ll(res, i, 0)));
	json_object_object_add(o, "member_id", json_object_new_int64(db_ll(res, i, 1)));
	json_object_object_add(o, "phone", json_object_new_string(db_str(res, i, 2)));
	json_object_object_add(o, "amount", json_object_new_string(amount_format(db_ll(res, i, 3), 2, b)));
	json_object_object_add(o, "fee", json_object_new_string(amount_format(db_ll(res, i, 4), 2, b)));
	json_object_object_add(o, "deduction", json_object_new_string(amount_format(db_ll(res, i, 5), 2, b)));
	json_object_object_add(o, "net", json_object_new_string(amount_format(db_ll(res, i, 6), 2, b)));
	json_object_object_add(o, "role", json_object_new_string(db_str(res, i, 7)));
	json_object_object_add(o, "status", json_object_new_string(s));
	json_object_object_add(o, s, json_object_new_boolean(1));
	json_object_object_add(o, "status_name", json_object_new_string(
	    strcmp(s, "pending") == 0 ? "审核中" : strcmp(s, "approved")
	    == 0 ? "已通过" : "已驳回"));
	json_object_object_add(o, "reason", db_str(res, i, 9) ?
	    json_object_new_string(db_str(res, i, 9)) : NULL);
	json_object_object_add(o, "created_at", json_object_new_string(db_str(res, i, 10)));
	json_object_object_add(o, "decided_at", db_str(res, i, 11) ?
	    json_object_new_string(db_str(res, i, 11)) : NULL);
	if (*db_str(res, i, 12) != '\0') {
		acct.kind = db_str(res, i, 12);
		acct.name = db_str(res, i, 13);
		acct.bank = db_str(res, i, 14);
		acct.branch = db_str(res, i, 15);
		acct.account = db_str(res, i, 16);
		p = json_object_new_object();
		payacct_view(a, p, &acct, full);
		/* The back office always sees the payee's name; only the
		 * account number is masked for roles without full access. */
		view_str(p, "name", acct.name);
		json_object_object_add(o, "payee", p);
	}
	view_str(o, "decided_by_name", db_str(res, i, 17));
	return o;
}

struct json_object *
withdraw_get(arena *a, long long id, int full)
{
	db_res res;

	if (db_q(a, &res, SQL_GET, DB_ARGS(DB_INT(id))) != DB_OK ||
	    res.nrows == 0)
		return NULL;
	return row_json(a, &res, 0, full);
}

struct json_object *
withdraw_list(arena *a, long long member, const char *status,
    long long page, long long per, long long *total, int full)
{
	struct json_object	*list;
	db_res			 res;
	const char		*st = status ? status : "";
	size_t			 i;

	if (db_q(a, &res, SQL_LIST_N, DB_ARGS(DB_INT(member), DB_INT(member),
	    DB_TEXT(st), DB_TEXT(st))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LIST, DB_ARGS(DB_INT(member), DB_INT(member),
	    DB_TEXT(st), DB_TEXT(st), DB_INT(per), DB_INT((page - 1) * per))) !=
	    DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++)
		json_object_array_add(list, row_json(a, &res, i, full));
	return list;
}

/* --- goods shipments for owners and leaders (B5) ---------------------------- */

static const char SQL_MENU[] =
    "SELECT m.id, MIN(r.role), m.phone, CONCAT_WS(' ', p.name, c.name, d.name, "
    "m.address), (SELECT COALESCE(SUM(w.amount), 0) FROM withdrawals w "
    " WHERE w.member_id = m.id AND w.status = 'approved'), "
    "(SELECT COALESCE(SUM(w.deduction), 0) FROM withdrawals w "
    " WHERE w.member_id = m.id AND w.status = 'approved'), "
    "(SELECT COUNT(*) FROM shipments s WHERE s.member_id = m.id "
    " AND s.status = 'shipped'), "
    "(SELECT pa.real_name FROM payout_accounts pa WHERE pa.member_id = m.id) "
    "FROM member_roles r JOIN members m ON m.id = r.member_id "
    "LEFT JOIN regions p ON p.code = m.province "
    "LEFT JOIN regions c ON c.code = m.city "
    "LEFT JOIN regions d ON d.code = m.district "
    "WHERE r.role IN ('leader', 'owner') GROUP BY m.id ORDER BY m.id";
static const char SQL_ONE[] =
    "SELECT (SELECT MIN(r.role) FROM member_roles r WHERE r.member_id = m.id "
    " AND r.role IN ('leader', 'owner')), "
    "(SELECT COALESCE(SUM(w.deduction), 0) FROM withdrawals w "
    " WHERE w.member_id = m.id AND w.status = 'approved'), "
    "(SELECT COUNT(*) FROM shipments s WHERE s.member_id = m.id "
    " AND s.status = 'shipped'), "
    "(SELECT COALESCE(MAX(seq), 0) FROM shipments s WHERE s.member_id = m.id "
    " AND s.status = 'shipped') FROM members m WHERE m.id = ? FOR UPDATE";
static const char SQL_SHIP[] =
    "INSERT INTO shipments (member_id, role, amount, seq, note, admin_id, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_SHIP_LOCK[] =
    "SELECT member_id, amount, status FROM shipments WHERE id = ? FOR UPDATE";
static const char SQL_SHIP_CANCEL[] =
    "UPDATE shipments SET status = 'cancelled', cancelled_at = NOW() "
    "WHERE id = ?";
static const char SQL_SHIP_N[] = "SELECT COUNT(*) FROM shipments";
static const char SQL_SHIP_LIST[] =
    "SELECT s.id, s.member_id, m.phone, s.role, s.amount, s.seq, s.status, "
    "s.note, DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(s.cancelled_at, '%Y-%m-%d %H:%i') FROM shipments s "
    "JOIN members m ON m.id = s.member_id ORDER BY s.id DESC LIMIT ? OFFSET ?";

static void
role_terms(const char *role, int64_t *threshold, int64_t *value)
{
	int leader = role != NULL && strcmp(role, "leader") == 0;

	*threshold = setting_amount(leader ? "withdraw.leader_threshold" :
	    "withdraw.owner_threshold");
	*value = setting_amount(leader ? "withdraw.leader_shipment" :
	    "withdraw.owner_shipment");
}

struct json_object *
shipment_menu(arena *a)
{
	struct json_object	*list, *o;
	db_res			 res;
	size_t			 i;
	int64_t			 th, val, due;

	if (db_q(a, &res, SQL_MENU, DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		const char *role = db_str(&res, i, 1);

		role_terms(role, &th, &val);
		due = withdraw_shipments_due(db_ll(&res, i, 5), th,
		    db_ll(&res, i, 6));
		o = json_object_new_object();
		json_object_object_add(o, "member_id", json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "role", json_object_new_string(role));
		json_object_object_add(o, "role_name", json_object_new_string(
		    strcmp(role, "leader") == 0 ? "团长" : "群主"));
		json_object_object_add(o, "phone", json_object_new_string(db_str(&res, i, 2)));
		/* 姓名: the payee's real name of the payout account, if bound. */
		view_str(o, "name", db_str(&res, i, 7) ? db_str(&res, i, 7) : "");
		json_object_object_add(o, "address", json_object_new_string(db_str(&res, i, 3)));
		view_amount(o, "withdrawn", db_ll(&res, i, 4));
		view_amount(o, "deducted", db_ll(&res, i, 5));
		view_amount(o, "threshold", th);
		view_amount(o, "shipment_value", val);
		json_object_object_add(o, "shipped", json_object_new_int64(db_ll(&res, i, 6)));
		json_object_object_add(o, "due", json_object_new_int64(due));
		json_object_object_add(o, "reached", json_object_new_boolean(due > 0));
		json_object_array_add(list, o);
	}
	return list;
}

struct json_object *
shipment_list(arena *a, long long page, long long per, long long *total)
{
	struct json_object	*list, *o;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_SHIP_N, DB_NOARGS) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_SHIP_LIST, DB_ARGS(DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		const char *st = db_str(&res, i, 6);

		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "member_id", json_object_new_int64(db_ll(&res, i, 1)));
		json_object_object_add(o, "phone", json_object_new_string(db_str(&res, i, 2)));
		json_object_object_add(o, "role_name", json_object_new_string(
		    strcmp(db_str(&res, i, 3), "leader") == 0 ? "团长" : "群主"));
		view_amount(o, "amount", db_ll(&res, i, 4));
		json_object_object_add(o, "seq", json_object_new_int64(db_ll(&res, i, 5)));
		json_object_object_add(o, "status", json_object_new_string(st));
		json_object_object_add(o, st, json_object_new_boolean(1));
		json_object_object_add(o, "note", json_object_new_string(db_str(&res, i, 7)));
		json_object_object_add(o, "created_at", json_object_new_string(db_str(&res, i, 8)));
		json_object_object_add(o, "cancelled_at", db_str(&res, i, 9) ?
		    json_object_new_string(db_str(&res, i, 9)) : NULL);
		json_object_array_add(list, o);
	}
	return list;
}

struct ship_ctx {
	arena		*a;
	long long	 member, id, admin;
	const char	*note, *ip;
	struct svc_err	*e;
};

static int
goods_entry(arena *a, const char *kind, long long ref, long long admin,
    int64_t amount, const char *memo)
{
	struct ledger_leg	legs[2] = {
		{ LEDGER_SYSTEM, 0, "goods_fund", "CHANGE", -amount },
		{ LEDGER_SYSTEM, 0, "goods_cost", "CHANGE", amount },
	};
	struct ledger_entry	e = { NULL, kind, "shipment", ref, memo, 0, admin };
	long long		entry;

	e.idem_key = arena_printf(a, "%s:%lld", kind, ref);
	return ledger_post(a, &e, legs, 2, &entry);
}

static int
confirm_tx(void *ud)
{
	struct ship_ctx	*c = ud;
	db_res		 res;
	const char	*role;
	int64_t		 th, val;
	int		 rc;

	if ((rc = db_q(c->a, &res, SQL_ONE, DB_ARGS(DB_INT(c->member)))) != DB_OK)
		return rc;
	if (res.nrows == 0 || db_str(&res, 0, 0) == NULL)
		return svc_fail(c->e, 404, "not_found", "member",
		    "该会员不是群主或团长");
	role = arena_strdup(c->a, db_str(&res, 0, 0));
	role_terms(role, &th, &val);
	if (withdraw_shipments_due(db_ll(&res, 0, 1), th,
	    db_ll(&res, 0, 2)) <= 0)
		return svc_fail(c->e, 409, "none_due", "member",
		    "该会员的货款未达到发货门槛，没有待发货");
	rc = db_q(c->a, &res, SQL_SHIP, DB_ARGS(DB_INT(c->member), DB_TEXT(role),
	    DB_INT(val), DB_INT(db_ll(&res, 0, 3) + 1), DB_TEXT(c->note ?
	    c->note : ""), DB_INT(c->admin)));
	if (rc != DB_OK)
		return rc;
	c->id = (long long)res.insert_id;
	if ((rc = goods_entry(c->a, "shipment", c->id, c->admin, val,
	    "群主/团长货款发货")) != LEDGER_OK)
		return rc;
	return admin_audit(c->a, c->admin, "shipment.confirm", "member",
	    c->member, arena_printf(c->a, "{\"shipment\":%lld,\"amount\":%lld}",
	    c->id, (long long)val), c->ip);
}

int
shipment_confirm(arena *a, long long member, const char *note,
    long long admin, const char *ip, long long *id, struct svc_err *e)
{
	struct ship_ctx	c = { a, member, 0, admin, note, ip, e };
	int		rc = svc_tx_result(e, db_tx(confirm_tx, &c));

	if (rc == 0)
		*id = c.id;
	return rc;
}

static int
cancel_tx(void *ud)
{
	struct ship_ctx	*c = ud;
	db_res		 res;
	int64_t		 amount;
	int		 rc;

	if ((rc = db_q(c->a, &res, SQL_SHIP_LOCK, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL, "发货记录不存在");
	if (strcmp(db_str(&res, 0, 2), "shipped") != 0)
		return svc_fail(c->e, 409, "cancelled", NULL,
		    "该发货记录已经取消");
	c->member = db_ll(&res, 0, 0);
	amount = db_ll(&res, 0, 1);
	if ((rc = db_q(c->a, NULL, SQL_SHIP_CANCEL, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	/* The reverse posting: the goods' value returns to the fund. */
	if ((rc = goods_entry(c->a, "shipment.cancel", c->id, c->admin, -amount,
	    "取消发货")) != LEDGER_OK)
		return rc;
	return admin_audit(c->a, c->admin, "shipment.cancel", "member",
	    c->member, arena_printf(c->a, "{\"shipment\":%lld}", c->id), c->ip);
}

int
shipment_cancel(arena *a, long long id, long long admin, const char *ip,
    struct svc_err *e)
{
	struct ship_ctx	c = { a, 0, id, admin, NULL, ip, e };

	return svc_tx_result(e, db_tx(cancel_tx, &c));
}
