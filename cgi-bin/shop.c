/* shop.fcgi: the malls under /shop (C3): the page of a listed product
 * (C2: only listed products are visible); the confirmation page, placing
 * an order paid at once in the mall's currency (or a hot item's in 零钱,
 * C5); the buyer's orders, confirming receipt and cancelling before
 * shipping (C4). */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "app.h"
#include "crypto.h"
#include "svc_wallet.h"
#include "svc_member.h"
#include "svc_order.h"
#include "svc_product.h"

#define PER_PAGE 20

static int
h_product(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*p = id > 0 ? product_public(r->a, id) : NULL;

	if (p == NULL)
		return resp_error(r, 404, "not_found", NULL,
		    "商品不存在或已下架");
	if (req_query(r, "hot") != NULL && strtoll(req_query(r, "hot"), NULL,
	    10) > 0)
		view_int(p, "hot", strtoll(req_query(r, "hot"), NULL, 10));
	json_object_object_add(req_view(r), "product", p);
	view_str(r->view, "title", "商品详情");
	return resp_page(r, "shop/product");
}

static const struct field order_fields[] = {
	{ .name = "product", .label = "商品", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
	{ .name = "qty", .label = "购买数量", .type = V_INT, .required = 1,
	  .min = 1, .max = 99 },
	{ .name = "receiver", .label = "收货人", .type = V_STR, .min = 1,
	  .max = 30 },
	{ .name = "phone", .label = "收货电话", .type = V_PHONE },
	{ .name = "address", .label = "收货地址", .type = V_STR, .min = 4,
	  .max = 200 },
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
	{ .name = "hot", .label = "每日爆品", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
};
#define NORDER (sizeof(order_fields) / sizeof(order_fields[0]))

/* The member's registered address, the default delivery address. */
static const char *
home_address(struct req *r)
{
	struct json_object	*p = member_profile(r->a, r->member_id), *x;
	const char		*parts[4] = { "province_name", "city_name",
				    "district_name", "address" };
	buf			 b;
	const char		*out;
	size_t			 i;

	if (p == NULL)
		return NULL;
	buf_init(&b);
	for (i = 0; i < 4; i++)
		if (json_object_object_get_ex(p, parts[i], &x) && x != NULL) {
			if (b.len)
				buf_putc(&b, ' ');
			buf_puts(&b, json_object_get_string(x));
		}
	out = b.len ? arena_strdup(r->a, buf_str(&b)) : NULL;
	buf_clear(&b);
	json_object_put(p);
	return out;
}

/* The confirmation page before paying: what is bought, what it costs in
 * the mall's currency, the balance, and the delivery address (defaults
 * from the member's registration). GET /shop/buy/:id?qty=&hot= */
static int
h_buy(struct req *r)
{
	long long		 id = req_id(r, "id"), qty, hot;
	const char		*q = req_query(r, "qty"), *h = req_query(r, "hot");
	struct json_object	*v = req_view(r), *p, *b, *x;
	struct order_quote	 oq;
	struct svc_err		 e;
	char			 tok[TOKEN_LEN + 1], buf1[32];

	qty = q ? strtoll(q, NULL, 10) : 1;
	hot = h ? strtoll(h, NULL, 10) : 0;
	if (qty < 1 || qty > 99)
		qty = 1;
	if (id <= 0 || (p = product_public(r->a, id)) == NULL)
		return resp_error(r, 404, "not_found", NULL, "商品不存在或已下架");
	json_object_object_add(v, "product", p);
	r->tmpl = "shop/product";
	if (order_quote(r->a, id, hot > 0 ? hot : 0, qty, &oq, &e) != 0)
		return resp_svc(r, &e);
	if (oq.max_qty < qty)
		return resp_error(r, 409, "sold_out", "qty", oq.max_qty > 0 ?
		    arena_printf(r->a, "库存不足，最多可购买 %lld 件",
		    oq.max_qty) : "已售罄");
	x = json_object_new_object();
	view_int(x, "qty", qty);
	view_amount(x, "unit_price", oq.unit_price);
	view_str(x, "currency", oq.currency);
	view_str(x, "currency_name", oq.currency_name);
	view_str(x, "total", amount_format(oq.total, 2, buf1));
	if (hot > 0)
		view_int(x, "hot", hot);
	view_int(x, "max", oq.max_qty);
	if ((b = wallet_balances(r->a, r->member_id)) != NULL) {
		struct json_object *bal, *c;

		if (json_object_object_get_ex(b, "balances", &bal) &&
		    json_object_object_get_ex(bal, oq.currency, &c)) {
			int64_t have = 0;

			view_str(x, "balance", json_object_get_string(c));
			amount_parse(json_object_get_string(c), 2, &have);
			view_bool(x, "short", have < oq.total);
			view_bool(x, "can_recharge", strcmp(oq.currency,
			    "CHANGE") == 0);
		}
		json_object_put(b);
	}
	json_object_object_add(v, "quote", x);
	x = json_object_new_object();
	view_str(x, "phone", r->member_phone);
	view_str(x, "address", home_address(r));
	json_object_object_add(v, "form", x);
	rand_token(tok);
	view_str(v, "idem", tok);
	view_str(v, "title", "确认订单");
	return resp_page(r, "shop/buy");
}

static int
h_order(struct req *r)
{
	struct fval		 v[NORDER];
	struct order_new	 o;
	struct svc_err		 e;
	struct json_object	*x;
	int			 st;

	r->tmpl = "shop/buy";
	if ((st = req_valid(r, order_fields, NORDER, v)) != 0)
		return st;
	memset(&o, 0, sizeof(o));
	o.member = r->member_id;
	o.product = v[0].present ? v[0].i : 0;
	o.qty = v[1].i;
	o.hot = v[6].present ? v[6].i : 0;
	if (o.product == 0 && o.hot == 0)
		return resp_error(r, 400, "required", "product", "请选择商品");
	o.receiver = v[2].present ? v[2].s : arena_printf(r->a, "会员 %lld",
	    r->member_id);
	o.phone = v[3].present ? v[3].s : r->member_phone;
	o.address = v[4].present ? v[4].s : home_address(r);
	o.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (o.idem == NULL)
		o.idem = v[5].s;
	if (o.phone == NULL || o.address == NULL)
		return resp_error(r, 400, "required", "address", "请填写收货地址");
	if (order_place(r->a, &o, &e) != 0)
		return resp_svc(r, &e);
	x = json_object_new_object();
	view_int(x, "id", o.id);
	view_str(x, "status", "paid");
	view_bool(x, "replayed", o.replayed);
	json_object_object_add(req_view(r), "order", x);
	return resp_done(r, arena_printf(r->a, "/shop/order/%lld", o.id),
	    "下单成功，已支付");
}

static int
h_order_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*o = id > 0 ? order_get(r->a, id, ORDER_BUYER,
				    r->member_id) : NULL;

	/* Someone else's order looks exactly like a missing one. */
	if (o == NULL)
		return resp_error(r, 404, "not_found", NULL, "订单不存在");
	json_object_object_add(req_view(r), "order", o);
	view_str(r->view, "title", "订单详情");
	return resp_page(r, "shop/order");
}

static const char *const order_states[] = { "paid", "shipped", "completed",
    "cancelled", NULL };

static int
h_orders(struct req *r)
{
	long long		 page = req_page(r), total;
	const char		*st = req_tab(r, "status", order_states, "");
	struct json_object	*list, *v = req_view(r);

	if ((list = order_list(r->a, ORDER_BUYER, r->member_id, st, page,
	    PER_PAGE, &total)) == NULL)
		return resp_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试");
	json_object_object_add(v, "orders", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "我的订单");
	return resp_page(r, "shop/orders");
}

static int
h_confirm(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "订单不存在");
	if (order_confirm(r->a, id, r->member_id, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, arena_printf(r->a, "/shop/order/%lld", id),
	    "已确认收货，订单完成");
}

static int
h_cancel(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "订单不存在");
	if (order_cancel(r->a, id, r->member_id, 0, NULL, NULL, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, arena_printf(r->a, "/shop/order/%lld", id),
	    "订单已取消，款项已原路退回");
}

static const struct route routes[] = {
	{ "GET",  "/shop/product/:id",	h_product,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/shop/order",	h_order,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/order/:id",	h_order_page,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/buy/:id",	h_buy,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/orders",	h_orders,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/shop/order/:id/confirm", h_confirm,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/shop/order/:id/cancel", h_cancel,	ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"shop", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
