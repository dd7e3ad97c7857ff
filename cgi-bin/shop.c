/* shop.fcgi: the malls under /shop (C3): the mall index, each mall's list
 * with search, today's hot items (C5), the page of a listed product
 * (C2: only listed products are visible); the confirmation page, placing
 * an order paid at once in the mall's currency (or a hot item's in 零钱,
 * C5); the buyer's orders, confirming receipt and cancelling before
 * shipping (C4); 到店自提 at a service point with its pickup code and
 * QR (C6). */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "app.h"
#include "crypto.h"
#include "svc_wallet.h"
#include "svc_hot.h"
#include "svc_member.h"
#include "svc_order.h"
#include "svc_pickup.h"
#include "qr.h"
#include "svc_product.h"

#define PER_PAGE 20

static int
h_product(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*p = id > 0 ? product_public(r->a, id) : NULL;
	struct hot_item		 hot;
	const char		*h;

	if (p == NULL)
		return resp_error(r, 404, "not_found", NULL,
		    "商品不存在或已下架");
	/* From the home page's 抢购: today's offer of this product, if it is
	 * one; the buy form then carries it. */
	if ((h = req_query(r, "hot")) != NULL &&
	    hot_get_today(r->a, strtoll(h, NULL, 10), &hot) == 0 &&
	    hot.product_id == id) {
		view_int(p, "hot", hot.id);
		json_object_object_add(p, "hot_item", hot_item_json(&hot));
	}
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
	{ .name = "pickup", .label = "自提服务点", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
};
#define NORDER (sizeof(order_fields) / sizeof(order_fields[0]))

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
	view_str(x, "closed", oq.closed);
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
	view_str(x, "address", member_home_address(r->a, r->member_id));
	json_object_object_add(v, "form", x);
	if ((x = pickup_points_near(r->a, r->member_id)) != NULL)
		json_object_object_add(v, "points", x);
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
	o.address = v[4].present ? v[4].s : NULL;	/* NULL: the home one */
	o.pickup = v[7].present ? v[7].i : 0;	/* 到店自提 */
	o.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (o.idem == NULL)
		o.idem = v[5].s;
	if (o.phone == NULL)
		return resp_error(r, 400, "required", "phone", "请填写收货人手机号");
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
	if ((o = pickup_of_order(r->a, id, r->member_id)) != NULL)
		json_object_object_add(r->view, "pickup", o);
	view_str(r->view, "title", "订单详情");
	return resp_page(r, "shop/order");
}

/* The pickup code's QR (the staff may scan it instead of typing it). */
static int
h_pickup_qr(struct req *r)
{
	const char	*code = pickup_code(r->a, req_id(r, "id"), r->member_id);
	buf		 svg;
	int		 st;

	if (code == NULL)
		return resp_error(r, 404, "not_found", NULL, "没有待取货的取货码");
	buf_init(&svg);
	if (qr_svg(code, &svg) != 0) {
		buf_clear(&svg);
		return resp_error(r, 500, "qr", NULL, "二维码生成失败");
	}
	st = resp_raw(r, "image/svg+xml", svg.p, svg.len);
	buf_clear(&svg);
	return st;
}

static const char *const order_states[] = { "paid", "shipped", "completed",
    "cancelled", NULL };

static int
h_orders(struct req *r)
{
	long long		 page = req_page(r), total;
	const char		*st = req_tab(r, "status", order_states, "");
	struct json_object	*list, *v = req_view(r);

	if ((list = order_list(r->a, ORDER_BUYER, r->member_id, st, 0, page,
	    PER_PAGE, &total)) == NULL)
		return resp_busy(r);
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

/* --- mall lists and search (C3), today's hot items (C5) ----------------- */

#define MALL_PER_PAGE	10	/* products on a page of a mall's list */
#define INDEX_PER_MALL	6	/* newest products of each mall on /shop */

static const struct field search_fields[] = {
	{ .name = "q", .label = "搜索词", .type = V_STR, .max = 40 },
};

/* The validated search words (?q=, trimmed) into *q, NULL when there are
 * none. 0, or the 400 already prepared (the page's template, when set,
 * shows the message). */
static int
search_words(struct req *r, const char **q)
{
	struct fval	v[1];
	struct ferr	err;

	*q = NULL;
	if (valid_form(r->a, &r->q, search_fields, 1, v, &err) != 0)
		return resp_error(r, 400, err.code, err.field, err.message);
	if (v[0].present)
		*q = v[0].s;
	return 0;
}

/* The link to a mall's list, keeping the search words. */
static const char *
mall_href(struct req *r, const char *code, const char *q)
{
	if (q == NULL)
		return arena_printf(r->a, "/shop/mall/%s", code);
	return arena_printf(r->a, "/shop/mall/%s?q=%s", code, url_encode(r->a, q));
}

static const char *
obj_str(struct json_object *o, const char *k)
{
	struct json_object *x;

	return json_object_object_get_ex(o, k, &x) ? json_object_get_string(x) :
	    NULL;
}

/* GET /shop: the three malls, each with its newest products (or, with
 * ?q=, the products matching in each), and the search box. */
static int
h_shop(struct req *r)
{
	struct json_object	*v = req_view(r), *malls, *m, *list;
	const char		*q, *code;
	long long		 total, found = 0;
	size_t			 i;
	int			 st;

	view_str(v, "title", "商城");
	r->tmpl = "shop/index";
	if ((malls = product_malls(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "malls", malls);
	if ((st = search_words(r, &q)) != 0)
		return st;
	view_str(v, "q", q);
	for (i = 0; i < json_object_array_length(malls); i++) {
		m = json_object_array_get_idx(malls, i);
		code = obj_str(m, "code");
		list = product_mall_list(r->a, code, q, 1, INDEX_PER_MALL, &total);
		if (list == NULL)
			return resp_busy(r);
		json_object_object_add(m, "products", list);
		view_int(m, "total", total);
		view_str(m, "href", mall_href(r, code, q));
		found += total;
	}
	view_int(v, "found", found);
	view_bool(v, "nothing", found == 0);
	/* the package zone (礼包专区, G1): packages are sold only there */
	if (q == NULL) {
		m = json_object_new_object();
		json_object_object_add(v, "package_zone", m);
		view_str(m, "name", "礼包专区");
		view_str(m, "href", "/shop/packages");
		if ((list = product_package_list(r->a, 1, INDEX_PER_MALL,
		    &total)) == NULL)
			return resp_busy(r);
		json_object_object_add(m, "products", list);
		view_int(m, "total", total);
		view_bool(m, "any", total > 0);
	}
	return 200;
}

/* GET /shop/packages: the package zone, newest first, one page; each
 * item with its package object (what buying it grants). */
static int
h_packages(struct req *r)
{
	struct json_object	*v = req_view(r), *list;
	long long		 page = req_page(r), total;

	list = product_package_list(r->a, page, MALL_PER_PAGE, &total);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "products", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, MALL_PER_PAGE);
	view_str(v, "title", "礼包专区");
	return resp_page(r, "shop/packages");
}

/* GET /shop/mall/:mall — one mall's listed products, newest first, one
 * page, optionally only those whose title contains ?q=. */
static int
h_mall(struct req *r)
{
	struct json_object	*v = req_view(r), *malls, *m, *cur = NULL, *list;
	const char		*code = req_param(r, "mall"), *q;
	long long		 page = req_page(r), total;
	size_t			 i;
	int			 st;

	if (!product_mall_ok(code))
		return resp_error(r, 404, "not_found", NULL,
		    "没有这个商城，请从商城首页进入");
	if ((malls = product_malls(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "malls", malls);
	r->tmpl = "shop/mall";
	for (i = 0; i < json_object_array_length(malls); i++) {
		m = json_object_array_get_idx(malls, i);
		if (strcmp(obj_str(m, "code"), code) == 0) {
			cur = m;
			view_bool(m, "on", 1);
		}
	}
	json_object_object_add(v, "mall", json_object_get(cur));
	view_str(v, "title", obj_str(cur, "name"));
	if ((st = search_words(r, &q)) != 0)
		return st;
	for (i = 0; i < json_object_array_length(malls); i++) {
		m = json_object_array_get_idx(malls, i);
		view_str(m, "href", mall_href(r, obj_str(m, "code"), q));
	}
	list = product_mall_list(r->a, code, q, page, MALL_PER_PAGE, &total);
	if (list == NULL)
		return resp_busy(r);
	view_str(v, "q", q);
	json_object_object_add(v, "products", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, MALL_PER_PAGE);
	return 200;
}

/* GET /shop/hot: today's hot items (C5). */
static int
h_hot(struct req *r)
{
	struct json_object *list = hot_today(r->a, 100);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "hot", list);
	view_str(r->view, "title", "每日爆品");
	return resp_page(r, "shop/hot");
}

static const struct route routes[] = {
	{ "GET",  "/shop/product/:id",	h_product,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/shop/order",	h_order,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/order/:id",	h_order_page,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/buy/:id",	h_buy,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/order/:id/pickup.svg", h_pickup_qr, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop/orders",	h_orders,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/shop/order/:id/confirm", h_confirm,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/shop/order/:id/cancel", h_cancel,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/shop",		h_shop,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/shop/",		h_shop,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/shop/mall/:mall",	h_mall,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/shop/hot",		h_hot,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/shop/packages",	h_packages,	ACC_PUBLIC, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"shop", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
