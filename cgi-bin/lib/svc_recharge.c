/* svc_recharge: recharges and the sandbox provider (see svc_recharge.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "sess.h"
#include "settings.h"
#include "svc_recharge.h"

static const char SQL_INSERT[] =
    "INSERT INTO recharges (trade_no, member_id, amount, provider, created_at) "
    "VALUES (?, ?, ?, 'sandbox', NOW())";
static const char SQL_LOCK[] =
    "SELECT member_id, amount, status FROM recharges WHERE trade_no = ? "
    "FOR UPDATE";
static const char SQL_PAID[] =
    "UPDATE recharges SET status = 'paid', paid_at = NOW(), provider_ref = ? "
    "WHERE trade_no = ?";
static const char SQL_GET[] =
    "SELECT trade_no, amount, status FROM recharges WHERE trade_no = ? "
    "AND member_id = ?";

int
recharge_sandbox_enabled(void)
{
	return conf_int("pay_sandbox", 0) == 1 &&
	    setting_bool("recharge.sandbox");
}

int
recharge_create(arena *a, long long member, int64_t amount,
    const char **trade_no, struct svc_err *e)
{
	int64_t	min = setting_amount("recharge.min");
	int64_t	max = setting_amount("recharge.max");
	char	tok[TOKEN_LEN + 1], b1[32], b2[32];
	int	rc;

	if (!recharge_sandbox_enabled())
		return svc_fail(e, 503, "no_provider", NULL,
		    "充值通道暂未开放");
	if (amount < min || amount > max)
		return svc_fail(e, 400, "range", "amount", arena_printf(a,
		    "充值金额须在 %s 到 %s 之间", amount_format(min, 2, b1),
		    amount_format(max, 2, b2)));
	rand_token(tok);
	/* 20 unguessable characters; the callback is signed anyway. */
	*trade_no = arena_printf(a, "R%.20s", tok);
	rc = db_q(a, NULL, SQL_INSERT, DB_ARGS(DB_TEXT(*trade_no),
	    DB_INT(member), DB_INT(amount)));
	return rc == DB_OK ? 0 : svc_dberr(e, rc);
}

const char *
recharge_sandbox_sign(arena *a, const char *trade_no, const char *amount,
    const char *status)
{
	unsigned char	 mac[32];
	char		*msg, *hex;

	msg = arena_printf(a, "sandbox-pay|%s|%s|%s", trade_no, amount, status);
	sess_mac(msg, strlen(msg), mac);
	hex = arena_alloc(a, 65);
	return hex_encode(mac, 32, hex);
}

struct notify_ctx {
	arena		*a;
	const char	*no;
	int64_t		 amount;
	long long	 member;
	int		 already;
	struct svc_err	*e;
};

static int
notify_tx(void *ud)
{
	struct notify_ctx	*c = ud;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e = { NULL, "recharge", "recharge", 0,
				    "充值（沙箱支付）", 0, 0 };
	db_res			 res;
	long long		 entry;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_TEXT(c->no)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL, "充值订单不存在");
	c->member = db_ll(&res, 0, 0);
	if (db_ll(&res, 0, 1) != c->amount)
		return svc_fail(c->e, 400, "amount_mismatch", "amount",
		    "支付金额与订单不符");
	if (strcmp(db_str(&res, 0, 2), "paid") == 0) {
		c->already = 1;
		return 0;
	}
	legs[0] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "issue", "CHANGE",
	    -c->amount };
	legs[1] = (struct ledger_leg){ LEDGER_MEMBER, c->member, "main",
	    "CHANGE", c->amount };
	e.idem_key = arena_printf(c->a, "recharge:%s", c->no);
	e.member_id = c->member;
	if ((rc = ledger_post(c->a, &e, legs, 2, &entry)) != LEDGER_OK)
		return rc;
	return db_q(c->a, NULL, SQL_PAID, DB_ARGS(DB_TEXT(arena_printf(c->a,
	    "sandbox-%lld", entry)), DB_TEXT(c->no)));
}

int
recharge_sandbox_notify(arena *a, const char *trade_no, const char *amount,
    const char *status, const char *sig, long long *member, int *already,
    struct svc_err *e)
{
	struct notify_ctx	 c;
	const char		*want;
	int			 rc;

	if (!recharge_sandbox_enabled())
		return svc_fail(e, 503, "no_provider", NULL, "沙箱支付未开放");
	if (trade_no == NULL || amount == NULL || status == NULL || sig == NULL)
		return svc_fail(e, 400, "bad_notify", NULL, "支付通知不完整");
	want = recharge_sandbox_sign(a, trade_no, amount, status);
	if (strlen(sig) != 64 || !ct_equal(want, sig, 64))
		return svc_fail(e, 400, "bad_signature", NULL, "支付通知签名无效");
	if (strcmp(status, "paid") != 0)
		return svc_fail(e, 400, "not_paid", NULL, "支付未完成");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.no = trade_no;
	c.e = e;
	if (amount_parse(amount, 2, &c.amount) != 0)
		return svc_fail(e, 400, "bad_notify", "amount", "支付金额格式不正确");
	if ((rc = svc_tx_result(e, db_tx(notify_tx, &c))) != 0)
		return rc;
	*member = c.member;
	*already = c.already;
	return 0;
}

struct json_object *
recharge_get(arena *a, const char *trade_no, long long member)
{
	struct json_object	*o;
	db_res			 res;
	char			 b[32];

	if (db_q(a, &res, SQL_GET, DB_ARGS(DB_TEXT(trade_no),
	    DB_INT(member))) != DB_OK || res.nrows != 1)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "trade_no", json_object_new_string(db_str(&res, 0, 0)));
	json_object_object_add(o, "amount", json_object_new_string(
	    amount_format(db_ll(&res, 0, 1), 2, b)));
	json_object_object_add(o, "status", json_object_new_string(db_str(&res, 0, 2)));
	json_object_object_add(o, "paid", json_object_new_boolean(
	    strcmp(db_str(&res, 0, 2), "paid") == 0));
	return o;
}
