/* svc_wallet: balances and history (see svc_wallet.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "convert.h"
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "payout.h"
#include "settings.h"
#include "svc_wallet.h"
#include "valid.h"
#include "view.h"

static const char SQL_BALANCES[] =
    "SELECT c.code, c.name, c.decimals, c.transferable, c.withdrawable, "
    "COALESCE(SUM(CASE WHEN a.kind = 'main' THEN a.balance END), 0), "
    "COALESCE(SUM(CASE WHEN a.kind = 'frozen' THEN a.balance END), 0) "
    "FROM currencies c LEFT JOIN accounts a ON a.currency = c.code "
    "AND a.owner_type = 'member' AND a.owner_id = ? "
    "GROUP BY c.code, c.name, c.decimals, c.transferable, c.withdrawable, "
    "c.sort ORDER BY c.sort";
static const char SQL_CUR[] = "SELECT decimals FROM currencies WHERE code = ?";
static const char SQL_COUNT[] =
    "SELECT COUNT(*) FROM postings p JOIN accounts a ON a.id = p.account_id "
    "WHERE a.owner_type = 'member' AND a.owner_id = ? AND a.kind = 'main' "
    "AND (? = '' OR p.currency = ?)";
/* A page of history and, in every row, how many rows there are in all
 * (the count query runs only for a page past the end): one round trip.
 * The page is chosen from the postings' index alone (a posting's currency
 * is its account's) and only its rows are joined to their entries; the
 * count still reads the member's whole index range, so the cost grows
 * with the history, but without touching the journal. */
static const char SQL_PAGE[] =
    "SELECT j.id, j.kind, j.memo, p.currency, c.name, c.decimals, p.amount, "
    "DATE_FORMAT(j.created_at, '%Y-%m-%d %H:%i'), x.total "
    "FROM (SELECT p.id, COUNT(*) OVER () AS total FROM accounts a "
    "JOIN postings p ON p.account_id = a.id "
    "WHERE a.owner_type = 'member' AND a.owner_id = ? AND a.kind = 'main' "
    "AND (? = '' OR a.currency = ?) ORDER BY p.id DESC LIMIT ? OFFSET ?) x "
    "JOIN postings p ON p.id = x.id JOIN journal j ON j.id = p.entry_id "
    "JOIN currencies c ON c.code = p.currency ORDER BY p.id DESC";

struct json_object *
wallet_balances(arena *a, long long member)
{
	struct json_object	*out, *bal, *list, *c;
	db_res			 res;
	size_t			 i;
	int			 dec;

	if (db_q(a, &res, SQL_BALANCES, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	out = json_object_new_object();
	bal = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		dec = (int)db_ll(&res, i, 2);
		view_amount_dec(bal, db_str(&res, i, 0), db_ll(&res, i, 5),
		    dec);
		c = json_object_new_object();
		json_object_object_add(c, "code",
		    json_object_new_string(db_str(&res, i, 0)));
		json_object_object_add(c, "name",
		    json_object_new_string(db_str(&res, i, 1)));
		view_amount_dec(c, "balance", db_ll(&res, i, 5), dec);
		view_amount_dec(c, "frozen", db_ll(&res, i, 6), dec);
		json_object_object_add(c, "has_frozen",
		    json_object_new_boolean(db_ll(&res, i, 6) != 0));
		json_object_object_add(c, "transferable",
		    json_object_new_boolean(db_ll(&res, i, 3) != 0));
		json_object_object_add(c, "withdrawable",
		    json_object_new_boolean(db_ll(&res, i, 4) != 0));
		json_object_array_add(list, c);
	}
	json_object_object_add(out, "balances", bal);
	json_object_object_add(out, "currencies", list);
	return out;
}

struct json_object *
wallet_history(arena *a, long long member, const char *currency,
    long long page, long long per, long long *total)
{
	struct json_object	*list, *o;
	db_res			 res;
	const char		*cur = currency != NULL ? currency : "";
	size_t			 i;

	*total = 0;
	if (*cur != '\0') {
		if (db_q(a, &res, SQL_CUR, DB_ARGS(DB_TEXT(cur))) != DB_OK)
			return NULL;
		if (res.nrows == 0) {
			*total = -1;
			return NULL;
		}
	}
	/* The member's own history, from the read replica once it has
	 * everything the primary has now (what they just did included). */
	db_replica_sync(a, (int)setting_int("db.replica_wait_ms"));
	if (db_qr(a, &res, SQL_PAGE, DB_ARGS(DB_INT(member), DB_TEXT(cur),
	    DB_TEXT(cur), DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	if (res.nrows > 0)
		*total = db_ll(&res, 0, 8);
	else {
		db_res n;

		if (db_qr(a, &n, SQL_COUNT, DB_ARGS(DB_INT(member), DB_TEXT(cur),
		    DB_TEXT(cur))) != DB_OK)
			return NULL;
		*total = db_ll(&n, 0, 0);
	}
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		int64_t v = db_ll(&res, i, 6);

		o = json_object_new_object();
		json_object_object_add(o, "entry",
		    json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "kind",
		    json_object_new_string(db_str(&res, i, 1)));
		json_object_object_add(o, "memo",
		    json_object_new_string(db_str(&res, i, 2)));
		json_object_object_add(o, "currency",
		    json_object_new_string(db_str(&res, i, 3)));
		json_object_object_add(o, "currency_name",
		    json_object_new_string(db_str(&res, i, 4)));
		view_amount_dec(o, "amount", v, (int)db_ll(&res, i, 5));
		json_object_object_add(o, "credit", json_object_new_boolean(v > 0));
		json_object_object_add(o, "at",
		    json_object_new_string(db_str(&res, i, 7)));
		json_object_array_add(list, o);
	}
	return list;
}

/* --- transfers (B3) --------------------------------------------------------- */

static const char SQL_RECIPIENT[] =
    "SELECT id, phone, status FROM members WHERE id = ? OR phone = ?";
static const char SQL_TRANSFERABLE[] =
    "SELECT name, transferable FROM currencies WHERE code = ?";
static const char SQL_NO_TRANSFER_ROLE[] =
    "SELECT COUNT(*) FROM member_roles WHERE member_id = ? "
    "AND role IN ('leader', 'owner')";

int
wallet_transfer_check(arena *a, struct transfer *t, struct svc_err *e)
{
	db_res		 res;
	long long	 id = 0;
	int		 rc;

	if (t->amount <= 0)
		return svc_fail(e, 400, "invalid", "amount", "转账金额须大于 0");
	if ((rc = db_q(a, &res, SQL_TRANSFERABLE,
	    DB_ARGS(DB_TEXT(t->currency)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 400, "invalid", "currency", "没有这种币种");
	if (db_ll(&res, 0, 1) == 0)
		return svc_fail(e, 400, "not_transferable", "currency",
		    arena_printf(a, "%s不能转账", db_str(&res, 0, 0)));
	t->currency_name = arena_strdup(a, db_str(&res, 0, 0));
	if ((rc = db_q(a, &res, SQL_NO_TRANSFER_ROLE,
	    DB_ARGS(DB_INT(t->from)))) != DB_OK)
		return svc_dberr(e, rc);
	if (db_ll(&res, 0, 0) > 0)
		return svc_fail(e, 403, "role_forbidden", NULL,
		    "团长和群主不能转出资产");
	if (t->to != NULL && strlen(t->to) <= 11 &&
	    strspn(t->to, "0123456789") == strlen(t->to) && *t->to != '\0') {
		if (strlen(t->to) < 11)
			id = strtoll(t->to, NULL, 10);
		if ((rc = db_q(a, &res, SQL_RECIPIENT, DB_ARGS(DB_INT(id),
		    DB_TEXT(t->to)))) != DB_OK)
			return svc_dberr(e, rc);
	} else
		res.nrows = 0;
	if (res.nrows != 1)
		return svc_fail(e, 404, "recipient_unknown", "to",
		    "收款会员不存在，请核对会员ID或手机号");
	t->to_id = db_ll(&res, 0, 0);
	if (t->to_id == t->from)
		return svc_fail(e, 400, "self", "to", "不能转账给自己");
	if (strcmp(db_str(&res, 0, 2), "active") != 0)
		return svc_fail(e, 400, "recipient_frozen", "to",
		    "收款会员账号已冻结");
	t->to_masked = mask_phone(a, db_str(&res, 0, 1));
	return 0;
}

struct xfer_ctx {
	arena		*a;
	struct transfer	*t;
	const char	*key;
};

static int
xfer_tx(void *ud)
{
	struct xfer_ctx		*c = ud;
	struct transfer		*t = c->t;
	struct ledger_leg	 legs[2] = {
		{ LEDGER_MEMBER, t->from, "main", t->currency, -t->amount },
		{ LEDGER_MEMBER, t->to_id, "main", t->currency, t->amount },
	};
	struct ledger_entry	 e = { c->key, "transfer", "member", t->to_id,
				    NULL, t->from, 0 };

	e.memo = arena_printf(c->a, "转账：会员 %lld → 会员 %lld", t->from,
	    t->to_id);
	return ledger_post(c->a, &e, legs, 2, &t->entry);
}

int
wallet_transfer(arena *a, struct transfer *t, struct svc_err *e)
{
	struct xfer_ctx	 c = { a, t, NULL };
	int		 rc;

	if ((rc = wallet_transfer_check(a, t, e)) != 0)
		return rc;
	c.key = svc_idem_key(a, "transfer", t->from, t->idem);
	if ((rc = svc_idem_bind(a, t->idem, c.key, arena_printf(a,
	    "to=%lld&currency=%s&amount=%lld", t->to_id, t->currency,
	    (long long)t->amount), e)) != 0)
		return rc;
	rc = db_tx(xfer_tx, &c);
	if (rc == LEDGER_EDUP) {
		/* The first request did it: report that, move nothing. */
		t->replayed = 1;
		return 0;
	}
	if (rc == LEDGER_EFUNDS)
		return svc_fail(e, 400, "insufficient", "amount",
		    arena_printf(a, "%s余额不足", t->currency_name));
	if (rc != 0)
		return svc_dberr(e, rc);
	return 0;
}

/* --- conversions (B2) ------------------------------------------------------- */

static const char SQL_CUR_NAME[] = "SELECT name FROM currencies WHERE code = ?";

int
wallet_convert_check(arena *a, struct conversion *c, struct svc_err *e)
{
	const char	*rate;
	long long	 f = 0, t = 0;
	char		 tail;
	db_res		 res;
	int		 rc;

	if (c->amount <= 0)
		return svc_fail(e, 400, "invalid", "amount", "兑换数量须大于 0");
	if ((rc = db_q(a, &res, SQL_CUR_NAME, DB_ARGS(DB_TEXT(c->from)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 400, "invalid", "from", "没有这种币种");
	c->from_name = arena_strdup(a, db_str(&res, 0, 0));
	if ((rc = db_q(a, &res, SQL_CUR_NAME, DB_ARGS(DB_TEXT(c->to)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 400, "invalid", "to", "没有这种币种");
	c->to_name = arena_strdup(a, db_str(&res, 0, 0));
	rate = arena_printf(a, "convert.%s.%s", c->from, c->to);
	rate = setting_find(rate) != NULL ? setting_str(rate) : NULL;
	if (rate == NULL || sscanf(rate, "%lld:%lld%c", &f, &t, &tail) != 2 ||
	    f <= 0 || t <= 0)
		return svc_fail(e, 400, "no_rate", "to", arena_printf(a,
		    "%s不能兑换为%s", c->from_name, c->to_name));
	c->rate = arena_strdup(a, rate);
	switch (convert_exact(c->amount, f, t, &c->out)) {
	case CONVERT_OK:
		return 0;
	case CONVERT_EINEXACT: {
		char step[32];

		return svc_fail(e, 400, "inexact", "amount", arena_printf(a,
		    "按 %s 兑换，数量须为 %s 的整数倍", rate,
		    amount_format(convert_step(f, t), 2, step)));
	}
	default:
		return svc_fail(e, 400, "range", "amount", "兑换数量超出范围");
	}
}

static const char SQL_HELD[] =
    "SELECT COALESCE(SUM(a.balance), 0), MAX(c.decimals) FROM currencies c "
    "LEFT JOIN accounts a ON a.currency = c.code AND a.owner_type = 'member' "
    "AND a.owner_id = ? AND a.kind = 'main' WHERE c.code = ?";

int
wallet_funds_check(arena *a, long long member, const char *currency,
    const char *name, int64_t amount, struct svc_err *e)
{
	db_res	res;
	char	b[32];
	int	rc;

	if ((rc = db_q(a, &res, SQL_HELD, DB_ARGS(DB_INT(member),
	    DB_TEXT(currency)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 1 && db_ll(&res, 0, 0) >= amount)
		return 0;
	return svc_fail(e, 400, "insufficient", "amount", arena_printf(a,
	    "%s余额不足，可用 %s", name != NULL ? name : "",
	    amount_format(res.nrows == 1 ? db_ll(&res, 0, 0) : 0,
	    res.nrows == 1 ? (int)db_ll(&res, 0, 1) : 2, b)));
}

struct conv_ctx {
	arena			*a;
	struct conversion	*c;
	const char		*key;
};

/* The conversion is a reward line of the payout path (a CONVERT at the
 * rate: amount_from given up, out received), so its four legs are
 * written once (rules/reward.c). */
static int
conv_tx(void *ud)
{
	struct conv_ctx		*x = ud;
	struct conversion	*c = x->c;
	struct reward_line	 l;
	struct payout_opts	 o = { 0 };
	char			 fa[32], ta[32];
	int			 state, rc;

	memset(&l, 0, sizeof(l));
	l.act = REWARD_CONVERT;
	l.to = c->member;
	l.from = c->from;
	l.amount_from = c->amount;
	l.currency = c->to;
	l.amount = c->out;
	l.kind = "convert";
	l.key = x->key;
	l.memo = arena_printf(x->a, "兑换：%s %s → %s %s",
	    amount_format(c->amount, 2, fa), c->from_name,
	    amount_format(c->out, 2, ta), c->to_name);
	o.ref_type = "member";
	o.ref_id = c->member;
	o.entry = &c->entry;
	if ((rc = payout_apply(x->a, &o, &l, 1, &state, NULL)) != 0)
		return rc;
	/* the first request did it: report that, move nothing */
	c->replayed = state == PAYOUT_DUP;
	return 0;
}

int
wallet_convert(arena *a, struct conversion *c, struct svc_err *e)
{
	struct conv_ctx	x = { a, c, NULL };
	int		rc;

	if ((rc = wallet_convert_check(a, c, e)) != 0)
		return rc;
	x.key = svc_idem_key(a, "convert", c->member, c->idem);
	if ((rc = svc_idem_bind(a, c->idem, x.key, arena_printf(a,
	    "from=%s&to=%s&amount=%lld", c->from, c->to, (long long)c->amount),
	    e)) != 0)
		return rc;
	rc = db_tx(conv_tx, &x);
	if (rc == LEDGER_EFUNDS)
		return svc_fail(e, 400, "insufficient", "amount",
		    arena_printf(a, "%s余额不足", c->from_name));
	return rc == 0 ? 0 : svc_dberr(e, rc);
}
