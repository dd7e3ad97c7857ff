/* pay.fcgi: the store cashier under /pay (门店收银台, FEATURES F8). The
 * page a store's QR poster opens: the store, the amount the member types,
 * the queue entitlement that amount will give them (from the same rules
 * the queue applies), a confirmation step, then the payment from 零钱
 * (the recharge page when it is short). The poster itself is a PNG the
 * phone can save. */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "amount.h"
#include "crypto.h"
#include "db.h"
#include "poster.h"
#include "queue.h"
#include "settings.h"
#include "svc_queue.h"
#include "svc_store.h"

/* The store into the view; 0, or the status of a refusal. */
static int
pay_store(struct req *r, long long *id)
{
	struct json_object	*s, *pub;
	int			 busy;

	*id = req_id(r, "store");
	if ((s = store_public(r->a, *id, &busy)) == NULL)
		return busy ? resp_busy(r) : resp_error(r, 404, "not_found",
		    NULL, "门店不存在或未开通收款");
	/* what the page shows of it: never its commission */
	pub = json_object_new_object();
	static const char *const keep[] = { "id", "name", "merchant_name",
	    "address", "hours", "queue_words" };
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		struct json_object *x;

		if (json_object_object_get_ex(s, keep[i], &x))
			json_object_object_add(pub, keep[i], json_object_get(x));
	}
	json_object_put(s);
	json_object_object_add(req_view(r), "store", pub);
	return 0;
}

/* The entitlement amount would give the member, into the view as
 * preview {on, amount, ratio, words, queue, entitlement, funding}. */
static int
pay_preview(struct req *r, long long store, int64_t amount)
{
	struct queue_preview	 p;
	struct json_object	*o = json_object_new_object();
	char			 b[32];

	if (queue_cashier_preview(r->a, r->member_id, store, amount, &p) != 0) {
		json_object_put(o);
		return -1;
	}
	view_amount(o, "amount", amount);
	view_bool(o, "on", p.on);
	if (p.on) {
		view_amount(o, "entitlement", p.amount);
		view_amount(o, "funding", p.fund);
		view_int(o, "ratio_bp", p.bp);
		view_str(o, "ratio", queue_pct(p.bp, b));
		view_str(o, "words", p.words);
		view_str(o, "queue", p.queue);
		view_bool(o, "lottery", p.lottery);
	}
	json_object_object_add(r->view, "preview", o);
	return 0;
}

static int
h_page(struct req *r)
{
	const char	*q = req_query(r, "amount"), *paid = req_query(r, "paid");
	long long	 id;
	int64_t		 amount;
	char		 tok[TOKEN_LEN + 1];
	int		 st;

	if ((st = pay_store(r, &id)) != 0)
		return st;
	view_str(r->view, "title", "门店付款");
	view_bool(r->view, "member", r->member_id > 0);
	view_bool(r->view, "queue_on", setting_bool("queue.enabled"));
	view_str(r->view, "login_next", arena_printf(r->a, "/member/login?next="
	    "%s", url_encode(r->a, arena_printf(r->a, "/pay/%lld", id))));
	rand_token(tok);
	view_str(r->view, "idem", tok);
	if (paid != NULL)
		view_str(r->view, "paid", paid);
	if (q != NULL && *q != '\0') {
		if (amount_parse(q, 2, &amount) != AMT_OK || amount <= 0 ||
		    amount > AMT_CAP)
			view_str(r->view, "amount_error", "请输入正确的付款金额");
		else if (pay_preview(r, id, amount) != 0)
			return resp_busy(r);
	}
	return resp_page(r, "pay/index");
}

enum { F_AMOUNT, F_IDEM, F_CONFIRM, F__MAX };
static const struct field pay_fields[F__MAX] = {
	[F_AMOUNT] = { .name = "amount", .label = "付款金额", .type = V_AMOUNT,
	  .required = 1, .min = 1 },
	[F_IDEM] = { .name = "idem", .label = "请求标识", .type = V_STR,
	  .max = 80 },
	[F_CONFIRM] = { .name = "confirm", .label = "确认", .type = V_BOOL },
};

static int
h_pay(struct req *r)
{
	struct fval		 v[F__MAX];
	struct svc_err		 e;
	struct json_object	*o;
	const char		*idem;
	long long		 id, order = 0;
	int			 st;

	if ((st = pay_store(r, &id)) != 0)
		return st;
	view_str(r->view, "title", "门店付款");
	view_bool(r->view, "member", 1);
	r->tmpl = "pay/index";
	if ((st = req_valid(r, pay_fields, F__MAX, v)) != 0)
		return st;
	if ((idem = req_env(r, "HTTP_IDEMPOTENCY_KEY")) == NULL)
		idem = v[F_IDEM].s;
	/* A browser confirms first, seeing the store, the amount and the
	 * entitlement it will get. */
	if (!r->want_json && !v[F_CONFIRM].i) {
		if (pay_preview(r, id, v[F_AMOUNT].amount) != 0)
			return resp_busy(r);
		view_str(r->view, "idem", idem);
		view_str(r->view, "title", "确认付款");
		return resp_page(r, "pay/confirm");
	}
	if (store_pay(r->a, r->member_id, id, v[F_AMOUNT].amount, idem, &order,
	    &e) != 0) {
		if (strcmp(e.code, "insufficient") == 0)
			view_str(r->view, "recharge", "/wallet/recharge");
		return resp_svc(r, &e);
	}
	o = json_object_new_object();
	view_int(o, "id", order);
	view_amount(o, "amount", v[F_AMOUNT].amount);
	view_str(o, "source", "cashier");
	json_object_object_add(r->view, "order", o);
	return resp_done(r, arena_printf(r->a, "/pay/%lld?paid=%lld", id,
	    order), "付款成功");
}

/* The printable 收银码: a PNG of the store's name and its cashier URL. */
static int
h_poster(struct req *r)
{
	struct json_object	*s, *x;
	buf			 png;
	long long		 id;
	int			 busy, st;

	id = req_id(r, "store");
	if ((s = store_public(r->a, id, &busy)) == NULL)
		return busy ? resp_busy(r) : resp_error(r, 404, "not_found",
		    NULL, "门店不存在或未开通收款");
	json_object_object_get_ex(s, "name", &x);
	buf_init(&png);
	if (poster_qr_png(json_object_get_string(x), "扫码输入金额，确认后付款",
	    arena_printf(r->a, "%s/pay/%lld", req_base_url(r), id), &png) !=
	    0) {
		json_object_put(s);
		buf_clear(&png);
		return resp_error(r, 500, "poster", NULL, "收银码生成失败");
	}
	json_object_put(s);
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "inline; filename=\"store-%lld.png\"", id));
	st = resp_raw(r, "image/png", png.p, png.len);
	buf_clear(&png);
	return st;
}

static const struct route routes[] = {
	{ "GET",  "/pay/:store",		h_page,   ACC_PUBLIC, NULL, 0 },
	{ "POST", "/pay/:store",		h_pay,    ACC_MEMBER, NULL, 0 },
	{ "GET",  "/pay/:store/poster.png",	h_poster, ACC_PUBLIC, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"pay", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
