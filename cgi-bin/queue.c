/* queue.fcgi: the member's queue rebate under /queue (排队返利, FEATURES
 * F1–F6): 我的排队 — each entitlement with its queue, position, what is
 * paid of it, the ratio and the rule that decided it, a wait estimate —
 * the lottery while it is allowed, and the exchange for 积分 or 购物券
 * (a confirmation step for browsers). */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "amount.h"
#include "crypto.h"
#include "queue.h"
#include "settings.h"
#include "svc_queue.h"
#include "svc_union.h"

#define PER_PAGE 20

static int
h_index(struct req *r)
{
	struct json_object	*v = req_view(r), *o;
	long long		 page = req_page(r), total = 0;

	if ((o = queue_member_view(r->a, r->member_id, page, PER_PAGE,
	    &total)) == NULL)
		return resp_busy(r);
	json_object_object_foreach(o, k, x)
		json_object_object_add(v, k, json_object_get(x));
	json_object_put(o);
	/* the union queue (F7): position and estimate */
	if ((o = union_member_view(r->a, r->member_id)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "union", o);
	view_str(v, "title", "我的排队");
	view_pager(r, v, total, page, PER_PAGE);
	return resp_page(r, "queue/index");
}

static int
h_draw(struct req *r)
{
	struct svc_err	e;
	int64_t		bp = 0;
	char		p[32];

	if (queue_draw(r->a, r->member_id, req_id(r, "id"), &bp, &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "ratio_bp", bp);
	view_str(r->view, "ratio", queue_pct(bp, p));
	return resp_done(r, "/queue", arena_printf(r->a, "抽中返利比例 %s", p));
}

/* One entitlement of the member's, for the exchange pages; NULL when
 * it is not theirs or not waiting. */
static struct json_object *
find_mine(struct req *r, long long id)
{
	struct json_object	*o, *list, *x, *idv;
	long long		 total, page;
	size_t			 i;

	/* the member's list is short; the page holding id is found by
	 * walking it (20 a page) */
	for (page = 1; page < 1000; page++) {
		if ((o = queue_member_view(r->a, r->member_id, page, PER_PAGE,
		    &total)) == NULL)
			return NULL;
		json_object_object_get_ex(o, "entitlements", &list);
		for (i = 0; i < json_object_array_length(list); i++) {
			x = json_object_array_get_idx(list, i);
			json_object_object_get_ex(x, "id", &idv);
			if (json_object_get_int64(idv) == id) {
				json_object_get(x);
				json_object_put(o);
				return x;
			}
		}
		json_object_put(o);
		if (page * PER_PAGE >= total)
			break;
	}
	return NULL;
}

static int
exchange_form(struct req *r)
{
	struct json_object	*v = req_view(r), *x, *o;
	char			 tok[TOKEN_LEN + 1];
	long long		 total;

	if ((x = find_mine(r, req_id(r, "id"))) == NULL)
		return 404;
	json_object_object_add(v, "ent", x);
	if ((o = queue_member_view(r->a, r->member_id, 1, 1, &total)) != NULL) {
		static const char *const keep[] = { "points_rate",
			"voucher_rate", "points_open", "voucher_open",
			"points_name", "voucher_name" };
		struct json_object *y;
		size_t i;

		for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
			if (json_object_object_get_ex(o, keep[i], &y))
				json_object_object_add(v, keep[i],
				    json_object_get(y));
		json_object_put(o);
	}
	rand_token(tok);
	view_str(v, "idem", tok);
	view_str(v, "title", "兑换排队权益");
	return 0;
}

static int
h_exchange_page(struct req *r)
{
	if (exchange_form(r) != 0)
		return resp_error(r, 404, "not_found", NULL, "没有这条排队权益");
	return resp_page(r, "queue/exchange");
}

static const char *const currencies[] = { "POINTS", "VOUCHER", NULL };

enum { F_CURRENCY, F_AMOUNT, F_IDEM, F_CONFIRM, F__MAX };
static const struct field exchange_fields[F__MAX] = {
	[F_CURRENCY] = { .name = "currency", .label = "兑换为", .type = V_ENUM,
	  .required = 1, .choices = currencies },
	[F_AMOUNT] = { .name = "amount", .label = "兑换金额", .type = V_AMOUNT,
	  .required = 1, .min = 1 },
	[F_IDEM] = { .name = "idem", .label = "请求标识", .type = V_STR,
	  .max = 80 },
	[F_CONFIRM] = { .name = "confirm", .label = "确认", .type = V_BOOL },
};

static int
h_exchange(struct req *r)
{
	struct fval	 v[F__MAX];
	struct svc_err	 e;
	const char	*idem;
	int64_t		 credit = 0;
	char		 b1[32], b2[32];
	int		 st;

	if (exchange_form(r) != 0)
		return resp_error(r, 404, "not_found", NULL, "没有这条排队权益");
	r->tmpl = "queue/exchange";
	if ((st = req_valid(r, exchange_fields, F__MAX, v)) != 0)
		return st;
	if ((idem = req_env(r, "HTTP_IDEMPOTENCY_KEY")) == NULL)
		idem = v[F_IDEM].s;
	/* A browser confirms first, seeing what it will get. */
	if (!r->want_json && !v[F_CONFIRM].i) {
		struct json_object *x;

		if (json_object_object_get_ex(r->view, strcmp(v[F_CURRENCY].s,
		    "POINTS") == 0 ? "points_rate" : "voucher_rate", &x))
			view_str(r->view, "x_rate", json_object_get_string(x));
		/* x_…: the page shows them inside the entitlement's section,
		 * whose own amount would hide a plain "amount" */
		view_str(r->view, "x_currency", v[F_CURRENCY].s);
		view_str(r->view, "x_currency_name", currency_display_name(
		    v[F_CURRENCY].s));
		view_str(r->view, "x_amount", amount_format(v[F_AMOUNT].amount,
		    2, b1));
		view_str(r->view, "idem", idem);
		view_str(r->view, "title", "确认兑换");
		return resp_page(r, "queue/exchange_confirm");
	}
	if (queue_exchange_do(r->a, r->member_id, req_id(r, "id"),
	    v[F_CURRENCY].s, v[F_AMOUNT].amount, idem, &credit, &e) != 0)
		return resp_svc(r, &e);
	view_str(req_view(r), "credited", amount_format(credit, 2, b2));
	view_str(r->view, "currency", v[F_CURRENCY].s);
	return resp_done(r, "/queue", arena_printf(r->a, "已兑换 %s %s",
	    b2, currency_display_name(v[F_CURRENCY].s)));
}

static const struct route routes[] = {
	{ "GET",  "/queue",		h_index,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/queue/",		h_index,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/queue/:id/draw",	h_draw,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/queue/:id/exchange", h_exchange_page, ACC_MEMBER, NULL, 0 },
	{ "POST", "/queue/:id/exchange", h_exchange,	ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"queue", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
