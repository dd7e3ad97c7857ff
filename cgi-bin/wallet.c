/* wallet.fcgi: the member's wallet under /wallet (B1): balances of every
 * currency and the history, filterable by currency; transfers (B3) with a
 * confirmation step for browsers; conversions (B2); recharge through the
 * sandbox provider (B4); withdrawal applications (B5). */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "amount.h"
#include "crypto.h"
#include "settings.h"
#include "svc_payacct.h"
#include "svc_recharge.h"
#include "svc_wallet.h"
#include "svc_chain.h"
#include "svc_withdraw.h"

#define PER_PAGE 20

static int
h_wallet(struct req *r)
{
	struct json_object	*v = req_view(r), *b, *hist, *x;
	const char		*cur = req_query(r, "currency");
	long long		 page = req_page(r), total;

	if (cur != NULL && *cur == '\0')
		cur = NULL;
	if ((b = wallet_balances(r->a, r->member_id)) == NULL)
		return resp_busy(r);
	if (json_object_object_get_ex(b, "balances", &x))
		json_object_object_add(v, "balances", json_object_get(x));
	if (json_object_object_get_ex(b, "currencies", &x)) {
		size_t i;

		/* Mark the filter's currency for the select. */
		for (i = 0; cur != NULL && i < json_object_array_length(x); i++) {
			struct json_object *c = json_object_array_get_idx(x, i), *code;

			if (json_object_object_get_ex(c, "code", &code) &&
			    strcmp(json_object_get_string(code), cur) == 0)
				view_bool(c, "selected", 1);
		}
		json_object_object_add(v, "currencies", json_object_get(x));
	}
	json_object_put(b);
	hist = wallet_history(r->a, r->member_id, cur, page, PER_PAGE, &total);
	if (hist == NULL && total == -1)
		return resp_error(r, 400, "invalid", "currency", "没有这种币种");
	if (hist == NULL)
		return resp_busy(r);
	json_object_object_add(v, "history", hist);
	view_str(v, "currency", cur);
	view_str(v, "title", "钱包");
	view_str(v, "change_name", currency_display_name("CHANGE"));
	{
		/* 链动 rewards' frozen part (G3): its own balance, shown here */
		int64_t cf = chain_frozen_of(r->a, r->member_id);

		view_amount(v, "chain_frozen", cf);
		view_bool(v, "has_chain_frozen", cf > 0);
	}
	view_pager(r, v, total, page, PER_PAGE);
	return resp_page(r, "wallet/index");
}

/* Marks the entry of list whose k is the form's value of name as
 * selected, so a form shown again keeps the option chosen. */
static void
mark_selected(struct req *r, struct json_object *list, const char *k,
    const char *name)
{
	const char		*want = req_form(r, name);
	struct json_object	*x;
	size_t			 i;

	for (i = 0; want != NULL && i < json_object_array_length(list); i++) {
		struct json_object *c = json_object_array_get_idx(list, i);

		if (json_object_object_get_ex(c, k, &x) &&
		    strcmp(json_object_get_string(x), want) == 0)
			view_bool(c, "selected", 1);
	}
}

/* The transfer form: transferable currencies and a fresh idempotency
 * token, so a double-submitted form moves money once. */
static void
transfer_form(struct req *r)
{
	struct json_object	*v = req_view(r), *b, *list, *keep, *c, *x;
	char			 tok[TOKEN_LEN + 1];
	size_t			 i;

	view_str(v, "title", "转账");
	rand_token(tok);
	view_str(v, "idem", tok);
	if ((b = wallet_balances(r->a, r->member_id)) == NULL)
		return;
	keep = json_object_new_array();
	if (json_object_object_get_ex(b, "currencies", &list))
		for (i = 0; i < json_object_array_length(list); i++) {
			c = json_object_array_get_idx(list, i);
			if (json_object_object_get_ex(c, "transferable", &x) &&
			    json_object_get_boolean(x))
				json_object_array_add(keep, json_object_get(c));
		}
	mark_selected(r, keep, "code", "currency");
	json_object_object_add(v, "currencies", keep);
	json_object_put(b);
}

static int
h_transfer_page(struct req *r)
{
	transfer_form(r);
	return resp_page(r, "wallet/transfer");
}

static const struct field transfer_fields[] = {
	{ .name = "to", .label = "收款人", .type = V_STR, .required = 1,
	  .max = 11, .msg_required = "请填写收款会员的ID或手机号" },
	{ .name = "currency", .label = "币种", .type = V_STR, .required = 1,
	  .max = 16 },
	{ .name = "amount", .label = "转账金额", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
	{ .name = "confirm", .label = "确认", .type = V_BOOL },
};
#define NTRANSFER (sizeof(transfer_fields) / sizeof(transfer_fields[0]))

static int
h_transfer(struct req *r)
{
	struct fval		 v[NTRANSFER];
	struct transfer		 t;
	struct svc_err		 e;
	struct json_object	*o;
	char			 amt[32];
	int			 st;

	transfer_form(r);
	r->tmpl = "wallet/transfer";
	if ((st = req_valid(r, transfer_fields, NTRANSFER, v)) != 0)
		return st;
	memset(&t, 0, sizeof(t));
	t.from = r->member_id;
	t.to = v[0].s;
	t.currency = v[1].s;
	t.amount = v[2].amount;
	t.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (t.idem == NULL)
		t.idem = v[3].s;
	/* A browser confirms first, seeing whom the money goes to. */
	if (!r->want_json && !v[4].i) {
		if (wallet_transfer_check(r->a, &t, &e) != 0)
			return resp_svc(r, &e);
		o = json_object_new_object();
		view_str(o, "to", t.to);
		view_int(o, "to_id", t.to_id);
		view_str(o, "to_phone", t.to_masked);
		view_str(o, "currency", t.currency);
		view_str(o, "currency_name", t.currency_name);
		view_str(o, "amount", amount_format(t.amount, 2, amt));
		view_str(o, "idem", t.idem);
		json_object_object_add(req_view(r), "confirm", o);
		view_str(r->view, "title", "确认转账");
		return resp_page(r, "wallet/transfer_confirm");
	}
	if (wallet_transfer(r->a, &t, &e) != 0)
		return resp_svc(r, &e);
	o = json_object_new_object();
	view_int(o, "entry", t.entry);
	view_int(o, "to", t.to_id);
	view_str(o, "to_phone", t.to_masked);
	view_str(o, "currency", t.currency);
	view_str(o, "amount", amount_format(t.amount, 2, amt));
	view_bool(o, "replayed", t.replayed);
	json_object_put(r->view);
	r->view = json_object_new_object();
	json_object_object_add(r->view, "transfer", o);
	return resp_done(r, "/wallet", arena_printf(r->a, "已向 %s 转账 %s %s",
	    t.to_masked, amt, t.currency_name));
}

/* 1 when a pair of the list converts from or to code. */
static int
pair_names(struct json_object *pairs, const char *code)
{
	struct json_object	*p, *x;
	size_t			 i;

	for (i = 0; i < json_object_array_length(pairs); i++) {
		p = json_object_array_get_idx(pairs, i);
		if ((json_object_object_get_ex(p, "from", &x) &&
		    strcmp(json_object_get_string(x), code) == 0) ||
		    (json_object_object_get_ex(p, "to", &x) &&
		    strcmp(json_object_get_string(x), code) == 0))
			return 1;
	}
	return 0;
}

/* The conversion form: every pair with a rate setting convert.FROM.TO in
 * the registry. */
static void
convert_form(struct req *r)
{
	struct json_object	*v = req_view(r), *pairs, *o, *b;
	char			 tok[TOKEN_LEN + 1], from[17], to[17];
	size_t			 i;

	view_str(v, "title", "兑换");
	rand_token(tok);
	view_str(v, "idem", tok);
	pairs = json_object_new_array();
	for (i = 0; i < settings_table_n; i++) {
		const char *k = settings_table[i].key;

		if (sscanf(k, "convert.%16[A-Z].%16[A-Z]", from, to) != 2)
			continue;
		o = json_object_new_object();
		view_str(o, "from", from);
		view_str(o, "to", to);
		view_str(o, "from_name", currency_display_name(from));
		view_str(o, "to_name", currency_display_name(to));
		view_str(o, "rate", setting_str(k));
		json_object_array_add(pairs, o);
	}
	mark_selected(r, pairs, "from", "from");
	json_object_object_add(v, "pairs", pairs);
	/* the balances, on the form and on the form shown again */
	b = wallet_balances(r->a, r->member_id);
	if (b != NULL && json_object_object_get_ex(b, "currencies", &o)) {
		struct json_object *keep = json_object_new_array(), *c, *x;
		const char *code;

		/* only the currencies a pair names */
		for (i = 0; i < json_object_array_length(o); i++) {
			c = json_object_array_get_idx(o, i);
			json_object_object_get_ex(c, "code", &x);
			code = json_object_get_string(x);
			if (pair_names(pairs, code))
				json_object_array_add(keep, json_object_get(c));
		}
		json_object_object_add(v, "currencies", keep);
	}
	json_object_put(b);
}

static int
h_convert_page(struct req *r)
{
	convert_form(r);
	return resp_page(r, "wallet/convert");
}

static const struct field convert_fields[] = {
	{ .name = "from", .label = "兑出币种", .type = V_STR, .required = 1,
	  .max = 16 },
	{ .name = "to", .label = "兑入币种", .type = V_STR, .required = 1,
	  .max = 16 },
	{ .name = "amount", .label = "兑换数量", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
	{ .name = "confirm", .label = "确认", .type = V_BOOL },
};
#define NCONVERT (sizeof(convert_fields) / sizeof(convert_fields[0]))

static int
h_convert(struct req *r)
{
	struct fval		 v[NCONVERT];
	struct conversion	 c;
	struct svc_err		 e;
	struct json_object	*o;
	char			 fa[32], ta[32];
	int			 st;

	convert_form(r);
	r->tmpl = "wallet/convert";
	if ((st = req_valid(r, convert_fields, NCONVERT, v)) != 0)
		return st;
	memset(&c, 0, sizeof(c));
	c.member = r->member_id;
	c.from = v[0].s;
	c.to = v[1].s;
	c.amount = v[2].amount;
	c.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (c.idem == NULL)
		c.idem = v[3].s;
	if (!r->want_json && !v[4].i) {
		if (wallet_convert_check(r->a, &c, &e) != 0 ||
		    wallet_funds_check(r->a, c.member, c.from, c.from_name,
		    c.amount, &e) != 0)
			return resp_svc(r, &e);
		o = json_object_new_object();
		view_str(o, "from", c.from);
		view_str(o, "to", c.to);
		view_str(o, "from_name", c.from_name);
		view_str(o, "to_name", c.to_name);
		view_str(o, "amount", amount_format(c.amount, 2, fa));
		view_str(o, "out", amount_format(c.out, 2, ta));
		view_str(o, "rate", c.rate);
		view_str(o, "idem", c.idem);
		json_object_object_add(req_view(r), "confirm", o);
		view_str(r->view, "title", "确认兑换");
		return resp_page(r, "wallet/convert_confirm");
	}
	if (wallet_convert(r->a, &c, &e) != 0)
		return resp_svc(r, &e);
	o = json_object_new_object();
	view_int(o, "entry", c.entry);
	view_str(o, "from", c.from);
	view_str(o, "to", c.to);
	view_str(o, "amount", amount_format(c.amount, 2, fa));
	view_str(o, "out", amount_format(c.out, 2, ta));
	view_bool(o, "replayed", c.replayed);
	json_object_put(r->view);
	r->view = json_object_new_object();
	json_object_object_add(r->view, "conversion", o);
	return resp_done(r, "/wallet", arena_printf(r->a, "已用 %s %s 兑换 %s %s",
	    fa, c.from_name, ta, c.to_name));
}

/* The member's payout account, masked, as v.account (absent when none
 * is bound). */
static void
account_into(struct req *r, struct json_object *v)
{
	struct payacct		 p;
	struct json_object	*o;

	if (payacct_load(r->a, r->member_id, &p) != 1)
		return;
	o = json_object_new_object();
	payacct_view(r->a, o, &p, 0);
	json_object_object_add(v, "account", o);
}

static void
withdraw_form(struct req *r)
{
	struct json_object	*v = req_view(r), *b, *x, *list;
	char			 tok[TOKEN_LEN + 1], m[32];
	long long		 total;

	view_str(v, "title", "提现");
	view_str(v, "change_name", currency_display_name("CHANGE"));
	rand_token(tok);
	view_str(v, "idem", tok);
	view_str(v, "min", amount_format(setting_amount("withdraw.min"), 2,
	    m));
	view_str(v, "fee_pct", arena_printf(r->a, "%lld.%02lld",
	    setting_int("withdraw.fee_bp") / 100,
	    setting_int("withdraw.fee_bp") % 100));
	if ((b = wallet_balances(r->a, r->member_id)) != NULL) {
		if (json_object_object_get_ex(b, "balances", &x) &&
		    json_object_object_get_ex(x, "CHANGE", &x))
			view_str(v, "available", json_object_get_string(x));
		json_object_put(b);
	}
	list = withdraw_list(r->a, r->member_id, NULL, req_page(r), 20, &total,
	    0);
	json_object_object_add(v, "withdrawals", list);
	view_pager(r, v, total, req_page(r), 20);
	account_into(r, v);
}

static int
h_withdraw_page(struct req *r)
{
	withdraw_form(r);
	return resp_page(r, "wallet/withdraw");
}

static const struct field withdraw_fields[] = {
	{ .name = "amount", .label = "提现金额", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
	{ .name = "confirm", .label = "确认", .type = V_BOOL },
};

static void
view_quote(struct json_object *o, const struct withdrawal *w)
{
	char b[32];

	view_str(o, "amount", amount_format(w->q.amount, 2, b));
	view_str(o, "fee", amount_format(w->q.fee, 2, b));
	view_str(o, "deduction", amount_format(w->q.deduction, 2, b));
	view_str(o, "net", amount_format(w->q.net, 2, b));
	view_str(o, "role", w->role);
}

static int
h_withdraw(struct req *r)
{
	struct fval		 v[3];
	struct withdrawal	 w;
	struct svc_err		 e;
	struct json_object	*o, *x;
	int			 st;

	withdraw_form(r);
	r->tmpl = "wallet/withdraw";
	if ((st = req_valid(r, withdraw_fields, 3, v)) != 0)
		return st;
	memset(&w, 0, sizeof(w));
	w.member = r->member_id;
	w.amount = v[0].amount;
	w.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (w.idem == NULL)
		w.idem = v[1].s;
	if (!r->want_json && !v[2].i) {
		if (withdraw_check(r->a, &w, &e) != 0 ||
		    wallet_funds_check(r->a, w.member, "CHANGE",
		    currency_display_name("CHANGE"), w.amount, &e) != 0)
			return resp_svc(r, &e);
		o = json_object_new_object();
		view_quote(o, &w);
		view_str(o, "idem", w.idem);
		x = json_object_new_object();
		payacct_view(r->a, x, &w.acct, 0);
		json_object_object_add(o, "account", x);
		json_object_object_add(req_view(r), "confirm", o);
		view_str(r->view, "title", "确认提现");
		return resp_page(r, "wallet/withdraw_confirm");
	}
	if (withdraw_apply(r->a, &w, &e) != 0)
		return resp_svc(r, &e);
	o = json_object_new_object();
	view_int(o, "id", w.id);
	view_quote(o, &w);
	view_bool(o, "replayed", w.replayed);
	x = json_object_new_object();
	payacct_view(r->a, x, &w.acct, 0);
	json_object_object_add(o, "account", x);
	json_object_put(r->view);
	r->view = json_object_new_object();
	json_object_object_add(r->view, "withdrawal", o);
	return resp_done(r, "/wallet/withdraw", "提现申请已提交，金额已冻结，"
	    "审核通过后打款");
}

/* --- the payout account (B5) ---------------------------------------------- */

static void
account_form(struct req *r)
{
	struct json_object *v = req_view(r);

	struct json_object	*x;
	const char		*k = req_form(r, "kind");

	view_str(v, "title", "收款账户");
	account_into(r, v);
	/* Which kind the form shows: what was posted, else what is bound. */
	if (k == NULL && json_object_object_get_ex(v, "account", &x) &&
	    json_object_object_get_ex(x, "kind", &x))
		k = json_object_get_string(x);
	view_bool(v, "kind_alipay", k != NULL && strcmp(k, "alipay") == 0);
	view_bool(v, "sent", req_query(r, "sent") != NULL);
	view_str(v, "next", req_query(r, "next") != NULL &&
	    local_path_ok(req_query(r, "next")) ? req_query(r, "next") : NULL);
}

static int
h_account_page(struct req *r)
{
	account_form(r);
	return resp_page(r, "wallet/account");
}

static const char *const account_kinds[] = { "bank", "alipay", NULL };

static const struct field account_fields[] = {
	{ .name = "kind", .label = "收款方式", .type = V_ENUM, .required = 1,
	  .choices = account_kinds, .msg_required = "请选择银行卡或支付宝" },
	{ .name = "name", .label = "收款人姓名", .type = V_STR, .max = 40 },
	{ .name = "bank", .label = "开户银行", .type = V_STR, .max = 40 },
	{ .name = "branch", .label = "开户支行", .type = V_STR, .max = 60 },
	{ .name = "account", .label = "账号", .type = V_STR, .max = 64 },
	{ .name = "sms_code", .label = "短信验证码", .type = V_STR, .max = 6 },
	{ .name = "next", .label = "返回", .type = V_STR, .max = 200 },
};
#define NACCOUNT (sizeof(account_fields) / sizeof(account_fields[0]))

/* Drops the spaces people type inside card numbers ("6222 0202 …"). */
static const char *
squeeze(arena *a, const char *s)
{
	char	*o, *p;

	if (s == NULL)
		return NULL;
	o = p = arena_strdup(a, s);
	for (; *s; s++)
		if (*s != ' ' && *s != '-')
			*p++ = *s;
	*p = '\0';
	return o;
}

static int
h_account(struct req *r)
{
	struct fval	 v[NACCOUNT];
	struct payacct	 p;
	struct svc_err	 e;
	int		 st, had;
	const char	*next;

	account_form(r);
	r->tmpl = "wallet/account";
	if ((st = req_valid(r, account_fields, NACCOUNT, v)) != 0)
		return st;
	had = json_object_object_get_ex(r->view, "account", NULL);
	p.kind = v[0].s;
	p.name = v[1].s;
	p.bank = v[2].s;
	p.branch = v[3].s;
	p.account = strcmp(v[0].s, "bank") == 0 ? squeeze(r->a, v[4].s) : v[4].s;
	if (payacct_bind(r->a, r->member_id, r->member_phone, &p, v[5].s,
	    &e) != 0)
		return resp_svc(r, &e);
	next = v[6].s != NULL && local_path_ok(v[6].s) ? v[6].s :
	    "/wallet/withdraw";
	json_object_put(r->view);
	r->view = json_object_new_object();
	account_into(r, r->view);
	return resp_done(r, next, had ? "收款账户已更换" : "收款账户已绑定");
}

static int
h_account_sms(struct req *r)
{
	struct svc_err e;

	if (payacct_send_code(r->a, r->member_phone, r->ip, &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "interval", setting_int("sms.phone_interval_sec"));
	return resp_done(r, "/wallet/account?sent=1",
	    "验证码已发送到您的手机");
}

/* --- recharge (B4) --------------------------------------------------------- */

static int
h_recharge_page(struct req *r)
{
	char b[32];

	view_str(req_view(r), "title", "充值");
	view_str(r->view, "change_name", currency_display_name("CHANGE"));
	view_str(r->view, "min", amount_format(setting_amount("recharge.min"),
	    2, b));
	/* quick amounts: the common ones at or above the minimum */
	{
		static const int64_t	 quick[] = { 5000, 10000, 20000, 50000,
					    100000, 200000 };
		struct json_object	*chips = json_object_new_array();
		size_t			 i;

		for (i = 0; i < sizeof(quick) / sizeof(quick[0]); i++)
			if (quick[i] >= setting_amount("recharge.min"))
				json_object_array_add(chips,
				    json_object_new_string(amount_format(
				    quick[i], 2, b)));
		json_object_object_add(r->view, "chips", chips);
	}
	return resp_page(r, "wallet/recharge");
}

static const struct field recharge_fields[] = {
	{ .name = "amount", .label = "充值金额", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
};

static int
h_recharge(struct req *r)
{
	struct fval	 v[1];
	struct svc_err	 e;
	const char	*no, *url;
	int		 st;

	h_recharge_page(r);
	if ((st = req_valid(r, recharge_fields, 1, v)) != 0)
		return st;
	if (recharge_create(r->a, r->member_id, v[0].amount, &no, &e) != 0)
		return resp_svc(r, &e);
	url = arena_printf(r->a, "/wallet/pay/sandbox/%s", no);
	if (!r->want_json)
		return resp_redirect(r, url);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_str(r->view, "trade_no", no);
	view_str(r->view, "pay_url", url);
	return resp_done(r, url, NULL);
}

/* The sandbox provider's hosted pay page: it signs what it will report,
 * as a real provider would with its own key, and the payer's confirmation
 * posts the signed notification to our callback. */
static int
h_sandbox_pay(struct req *r)
{
	const char		*no = req_param(r, "no");
	struct json_object	*rc = recharge_get(r->a, no, r->member_id), *x;
	const char		*amount;

	if (rc == NULL)
		return resp_error(r, 404, "not_found", NULL, "充值订单不存在");
	json_object_object_get_ex(rc, "amount", &x);
	amount = json_object_get_string(x);
	view_str(rc, "sig", recharge_sandbox_sign(r->a, no, amount, "paid"));
	json_object_object_add(req_view(r), "recharge", rc);
	view_str(r->view, "title", "沙箱支付");
	return resp_page(r, "wallet/sandbox_pay");
}

static int
h_sandbox_notify(struct req *r)
{
	struct svc_err	e;
	long long	member;
	int		already;

	if (recharge_sandbox_notify(r->a, req_form(r, "trade_no"),
	    req_form(r, "amount"), req_form(r, "status"), req_form(r, "sig"),
	    &member, &already, &e) != 0)
		return resp_svc(r, &e);
	view_bool(req_view(r), "already_paid", already);
	return resp_done(r, "/wallet", already ? "该订单已支付" :
	    arena_printf(r->a, "充值成功，%s已到账",
	    currency_display_name("CHANGE")));
}

static const struct route routes[] = {
	{ "GET",  "/wallet",		h_wallet,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/",		h_wallet,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/transfer",	h_transfer_page, ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/transfer",	h_transfer,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/convert",	h_convert_page,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/convert",	h_convert,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/recharge",	h_recharge_page, ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/recharge",	h_recharge,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/pay/sandbox/:no", h_sandbox_pay, ACC_MEMBER, NULL, 0 },
	/* The provider calls this: its signature is the proof, not a session. */
	{ "POST", "/wallet/recharge/notify/sandbox", h_sandbox_notify, ACC_PUBLIC, NULL, RF_NOCSRF },
	{ "GET",  "/wallet/account",	h_account_page,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/account",	h_account,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/account/sms", h_account_sms,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/wallet/withdraw",	h_withdraw_page, ACC_MEMBER, NULL, 0 },
	{ "POST", "/wallet/withdraw",	h_withdraw,	ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"wallet", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
