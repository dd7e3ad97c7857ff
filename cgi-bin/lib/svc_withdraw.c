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

static const char SQL_ROLES[] =
    "SELECT role FROM member_roles WHERE member_id = ? "
    "AND role IN ('leader', 'owner')";
static const char SQL_INSERT[] =
    "INSERT INTO withdrawals (member_id, amount, fee, deduction, net, role, "
    "idem_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_BY_KEY[] =
    "SELECT id, amount, fee, deduction, net, role FROM withdrawals "
    "WHERE idem_key = ?";
static const char SQL_LOCK[] =
    "SELECT member_id, amount, fee, deduction, net, status FROM withdrawals "
    "WHERE id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE withdrawals SET status = ?, reason = ?, decided_by = ?, "
    "decided_at = NOW() WHERE id = ?";
static const char SQL_MESSAGE[] =
    "INSERT INTO messages (member_id, title, body, link, created_at) "
    "VALUES (?, ?, ?, '/wallet/withdraw', NOW())";
static const char SQL_LIST_N[] =
    "SELECT COUNT(*) FROM withdrawals WHERE (? = 0 OR member_id = ?) "
    "AND (? = '' OR status = ?)";
static const char SQL_LIST[] =
    "SELECT w.id, w.member_id, m.phone, w.amount, w.fee, w.deduction, w.net, "
    "w.role, w.status, w.reason, DATE_FORMAT(w.created_at, '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(w.decided_at, '%Y-%m-%d %H:%i') FROM withdrawals w "
    "JOIN members m ON m.id = w.member_id WHERE (? = 0 OR w.member_id = ?) "
    "AND (? = '' OR w.status = ?) ORDER BY w.id DESC LIMIT ? OFFSET ?";

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
			extra = setting_int("withdraw.leader_bp", 2000);
		} else if (*w->role == '\0') {
			w->role = "owner";
			extra = setting_int("withdraw.owner_bp", 1000);
		}
	}
	switch (withdraw_quote(w->amount, setting_amount("withdraw.min", 100),
	    setting_int("withdraw.fee_bp", 500), extra, &w->q)) {
	case WITHDRAW_OK:
		return 0;
	case WITHDRAW_EMIN:
		return svc_fail(e, 400, "below_min", "amount", arena_printf(a,
		    "提现金额不能低于 %s", amount_format(setting_amount(
		    "withdraw.min", 100), 2, b)));
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
	    DB_INT(w->q.net), DB_TEXT(w->role), DB_TEXT(c->key)));
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

	if (withdraw_check(a, w, e) != 0)
		return -1;
	c.key = svc_idem_key(a, "withdraw", w->member, w->idem);
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
		    "零钱余额不足");
	return rc == 0 ? 0 : svc_dberr(e, rc);
}

struct decide_ctx {
	arena		*a;
	long long	 id, admin;
	int		 approve;
	const char	*reason, *ip;
	struct svc_err	*e;
	int		 refused;
};

static int
decide_tx(void *ud)
{
	struct decide_ctx	*d = ud;
	struct ledger_leg	 legs[4];
	struct ledger_entry	 e = { NULL, NULL, "withdrawal", d->id, NULL, 0,
				    d->admin };
	db_res			 res;
	long long		 member, entry;
	int64_t			 amount, fee, ded, net;
	size_t			 n = 0;
	char			 b[32];
	int			 rc;

	d->refused = 0;
	if ((rc = db_q(d->a, &res, SQL_LOCK, DB_ARGS(DB_INT(d->id)))) != DB_OK)
		return rc;
	if (res.nrows == 0) {
		d->refused = svc_fail(d->e, 404, "not_found", NULL,
		    "提现申请不存在");
		return -1;
	}
	if (strcmp(db_str(&res, 0, 5), "pending") != 0) {
		d->refused = svc_fail(d->e, 409, "decided", NULL,
		    "该提现申请已经处理过了");
		return -1;
	}
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
			legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, member,
			    "goods", "CHANGE", ded };
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
	return db_q(d->a, NULL, SQL_MESSAGE, DB_ARGS(DB_INT(member),
	    DB_TEXT(d->approve ? "提现已通过" : "提现未通过"),
	    DB_TEXT(d->approve ? arena_printf(d->a, "您申请的 %s 元提现已通过，"
	    "到账 %s 元。", amount_format(amount, 2, b), amount_format(net, 2,
	    (char[32]){ 0 })) : arena_printf(d->a, "您申请的 %s 元提现未通过，"
	    "金额已退回零钱。原因：%s", amount_format(amount, 2, b),
	    d->reason))));
}

int
withdraw_decide(arena *a, long long id, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e)
{
	struct decide_ctx	d = { a, id, admin, approve, reason, ip, e, 0 };
	int			rc;

	if (!approve && (reason == NULL || *reason == '\0'))
		return svc_fail(e, 400, "required", "reason", "请填写驳回原因");
	rc = db_tx(decide_tx, &d);
	if (rc == 0)
		return 0;
	if (d.refused)
		return -1;
	return svc_dberr(e, rc);
}

struct json_object *
withdraw_list(arena *a, long long member, const char *status,
    long long page, long long per, long long *total)
{
	struct json_object	*list, *o;
	db_res			 res;
	const char		*st = status ? status : "";
	size_t			 i;
	char			 b[32];

	if (db_q(a, &res, SQL_LIST_N, DB_ARGS(DB_INT(member), DB_INT(member),
	    DB_TEXT(st), DB_TEXT(st))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LIST, DB_ARGS(DB_INT(member), DB_INT(member),
	    DB_TEXT(st), DB_TEXT(st), DB_INT(per), DB_INT((page - 1) * per))) !=
	    DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		const char *s = db_str(&res, i, 8);

		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "member_id", json_object_new_int64(db_ll(&res, i, 1)));
		json_object_object_add(o, "phone", json_object_new_string(db_str(&res, i, 2)));
		json_object_object_add(o, "amount", json_object_new_string(amount_format(db_ll(&res, i, 3), 2, b)));
		json_object_object_add(o, "fee", json_object_new_string(amount_format(db_ll(&res, i, 4), 2, b)));
		json_object_object_add(o, "deduction", json_object_new_string(amount_format(db_ll(&res, i, 5), 2, b)));
		json_object_object_add(o, "net", json_object_new_string(amount_format(db_ll(&res, i, 6), 2, b)));
		json_object_object_add(o, "role", json_object_new_string(db_str(&res, i, 7)));
		json_object_object_add(o, "status", json_object_new_string(s));
		json_object_object_add(o, s, json_object_new_boolean(1));
		json_object_object_add(o, "status_name", json_object_new_string(
		    strcmp(s, "pending") == 0 ? "审核中" : strcmp(s, "approved")
		    == 0 ? "已通过" : "已驳回"));
		json_object_object_add(o, "reason", db_str(&res, i, 9) ?
		    json_object_new_string(db_str(&res, i, 9)) : NULL);
		json_object_object_add(o, "created_at", json_object_new_string(db_str(&res, i, 10)));
		json_object_object_add(o, "decided_at", db_str(&res, i, 11) ?
		    json_object_new_string(db_str(&res, i, 11)) : NULL);
		json_object_array_add(list, o);
	}
	return list;
}
