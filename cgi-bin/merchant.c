/* merchant.fcgi: the merchant's mobile pages under /merchant (C1): apply
 * to become a merchant, see the review's outcome (and the reason of a
 * rejection), apply again; submit products for review and give them
 * images (C2; raw image bodies, checked by content); see its orders and
 * ship them with carrier and tracking number (C4); offer daily hot
 * items (C5); open offline stores, print their cashier QR poster and
 * watch the till (F8). */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "app.h"
#include "svc_hot.h"
#include "svc_image.h"
#include "svc_merchant.h"
#include "svc_order.h"
#include "svc_pickup.h"
#include "svc_product.h"
#include "svc_store.h"

#define PER_PAGE 20

static int
h_home(struct req *r)
{
	struct json_object *m = merchant_of(r->a, r->member_id);

	view_str(req_view(r), "title", "商家中心");
	json_object_object_add(r->view, "merchant", m);
	if (r->tmpl == NULL)
		r->tmpl = "merchant/home";
	return 200;
}

static const struct field apply_fields[] = {
	{ .name = "name", .label = "店铺名称", .type = V_STR, .required = 1,
	  .min = 2, .max = 60 },
	{ .name = "contact", .label = "联系人", .type = V_STR, .required = 1,
	  .min = 2, .max = 30 },
	{ .name = "phone", .label = "联系电话", .type = V_PHONE, .required = 1 },
	{ .name = "license_no", .label = "营业执照号", .type = V_STR,
	  .required = 1, .min = 8, .max = 40 },
	{ .name = "address", .label = "经营地址", .type = V_STR, .required = 1,
	  .min = 4, .max = 200 },
	{ .name = "description", .label = "经营范围", .type = V_STR, .max = 500,
	  .flags = VF_MULTILINE },
};
#define NAPPLY (sizeof(apply_fields) / sizeof(apply_fields[0]))

static int
h_apply(struct req *r)
{
	struct fval		v[NAPPLY];
	struct merchant_app	m;
	struct svc_err		e;
	long long		id;
	int			st;

	r->tmpl = "merchant/home";
	h_home(r);
	if ((st = req_valid(r, apply_fields, NAPPLY, v)) != 0)
		return st;
	m.name = v[0].s;
	m.contact = v[1].s;
	m.phone = v[2].s;
	m.license_no = v[3].s;
	m.address = v[4].s;
	m.description = v[5].s;
	if (merchant_apply(r->a, r->member_id, &m, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_int(r->view, "merchant_id", id);
	return resp_done(r, "/merchant", "入驻申请已提交，请等待审核");
}

static int
h_products(struct req *r)
{
	struct json_object *list = product_of_merchant(r->a, r->member_id);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "products", list);
	view_str(r->view, "title", "我的商品");
	if (r->tmpl == NULL)
		r->tmpl = "merchant/products";
	return 200;
}

static const char *const malls[] = { "CARD", "POINTS", "CHANGE", "DIVPTS",
    NULL };

static const struct field product_fields[] = {
	{ .name = "title", .label = "商品名称", .type = V_STR, .required = 1,
	  .min = 2, .max = 80 },
	{ .name = "mall", .label = "所属商城", .type = V_ENUM, .required = 1,
	  .choices = malls },
	{ .name = "supply_price", .label = "供货价", .type = V_AMOUNT,
	  .required = 1, .min = 1 },
	{ .name = "retail_price", .label = "建议零售价", .type = V_AMOUNT,
	  .required = 1, .min = 1 },
	{ .name = "stock", .label = "库存", .type = V_INT, .required = 1,
	  .min = 0, .max = 1000000 },
	{ .name = "description", .label = "商品描述", .type = V_STR, .max = 2000,
	  .flags = VF_MULTILINE },
};
#define NPRODUCT (sizeof(product_fields) / sizeof(product_fields[0]))

static int
h_product_create(struct req *r)
{
	struct fval		 v[NPRODUCT];
	struct product_new	 p;
	struct svc_err		 e;
	struct json_object	*o;
	long long		 id;
	int			 st;

	r->tmpl = "merchant/products";
	h_products(r);
	if ((st = req_valid(r, product_fields, NPRODUCT, v)) != 0)
		return st;
	p.title = v[0].s;
	p.mall = v[1].s;
	p.supply_price = v[2].amount;
	p.retail_price = v[3].amount;
	p.stock = v[4].i;
	p.description = v[5].s;
	if (product_create(r->a, r->member_id, &p, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	o = json_object_new_object();
	view_int(o, "id", id);
	view_str(o, "status", "pending");
	json_object_object_add(r->view, "product", o);
	return resp_done(r, "/merchant/products", "商品已提交，等待平台审核");
}

static const char *const order_states[] = { "paid", "shipped", "completed",
    "cancelled", NULL };

/* The merchant's orders, to ship first: the tab defaults to 待发货. */
static int
h_orders(struct req *r)
{
	long long		 page = req_page(r), total;
	const char		*st = req_tab(r, "status", order_states, "paid");
	struct json_object	*list, *v = req_view(r);

	if ((list = order_list(r->a, ORDER_MERCHANT, r->member_id, st, 0, page,
	    PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "orders", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "订单管理");
	return resp_page(r, "merchant/orders");
}

static int
order_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*o = id > 0 ? order_get(r->a, id, ORDER_MERCHANT,
				    r->member_id) : NULL;

	if (o == NULL)
		return resp_error(r, 404, "not_found", NULL, "订单不存在");
	json_object_object_add(req_view(r), "order", o);
	view_str(r->view, "title", "订单详情");
	r->tmpl = "merchant/order";
	return 200;
}

static int
h_order(struct req *r)
{
	int st = order_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const struct field ship_fields[] = {
	{ .name = "carrier", .label = "快递公司", .type = V_STR, .required = 1,
	  .min = 2, .max = 30 },
	{ .name = "tracking", .label = "运单号", .type = V_STR, .required = 1,
	  .min = 6, .max = 40 },
};

/* A tracking number: letters, digits and dashes. */
static int
tracking_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || *s == '-'))
			return 0;
	return 1;
}

static int
h_ship(struct req *r)
{
	long long	id = req_id(r, "id");
	struct fval	v[2];
	struct svc_err	e;
	int		st;

	if ((st = order_page(r)) != 200)
		return st;
	if ((st = req_valid(r, ship_fields, 2, v)) != 0)
		return st;
	if (!tracking_ok(v[1].s))
		return resp_error(r, 400, "invalid", "tracking",
		    "运单号只能包含字母、数字和短横线");
	if (order_ship(r->a, id, r->member_id, v[0].s, v[1].s, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = NULL;
	return resp_done(r, arena_printf(r->a, "/merchant/orders/%lld", id),
	    "已发货，买家会收到通知");
}

/* POST /merchant/products/:id/images: the body is the image itself
 * (fetch() with the File; not multipart), checked by content. */
static int
h_image_upload(struct req *r)
{
	struct image_added	 img;
	struct svc_err		 e;
	struct json_object	*o;
	const char		*p;
	size_t			 n;

	p = req_body(r, &n);
	if (image_add(r->a, r->member_id, req_id(r, "id"), p, n, &img, &e) != 0)
		return resp_svc(r, &e);
	o = json_object_new_object();
	view_int(o, "id", img.id);
	view_str(o, "url", img.url);
	view_str(o, "mime", img.mime);
	view_int(o, "bytes", (long long)img.bytes);
	json_object_object_add(req_view(r), "image", o);
	return resp_done(r, "/merchant/products", "图片已上传");
}

static int
h_image_delete(struct req *r)
{
	struct svc_err e;

	r->tmpl = "merchant/products";
	h_products(r);
	if (image_delete(r->a, r->member_id, req_id(r, "id"), req_id(r, "img"),
	    &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	return resp_done(r, "/merchant/products", "图片已删除");
}

/* --- daily hot items, 每日爆品 (C5) ---------------------------------------- */

/* The hot-items page's view: my offers, my listed products for the form
 * (the one just submitted marked selected). 0, or the refusal prepared. */
static int
hot_view(struct req *r)
{
	struct json_object	*m = merchant_of(r->a, r->member_id), *x, *o;
	struct json_object	*hot, *products;
	const char		*chosen = req_form(r, "product");
	size_t			 i;
	int			 approved;

	approved = m != NULL && json_object_object_get_ex(m, "approved", &x);
	json_object_put(m);
	view_str(req_view(r), "title", "每日爆品");
	if (!approved)
		return resp_error(r, 403, "not_merchant", NULL,
		    "只有审核通过的商家才能设置爆品");
	hot = hot_of_merchant(r->a, r->member_id);
	products = product_of_merchant(r->a, r->member_id);
	if (hot == NULL || products == NULL) {
		json_object_put(hot);
		json_object_put(products);
		return resp_busy(r);
	}
	for (i = 0; i < json_object_array_length(products); i++) {
		o = json_object_array_get_idx(products, i);
		if (chosen != NULL && json_object_object_get_ex(o, "id", &x) &&
		    json_object_get_int64(x) == strtoll(chosen, NULL, 10))
			view_bool(o, "selected", 1);
	}
	json_object_object_add(r->view, "hot", hot);
	json_object_object_add(r->view, "products", products);
	return 0;
}

static int
h_hot(struct req *r)
{
	int st;

	if ((st = hot_view(r)) != 0)
		return st;
	return resp_page(r, "merchant/hot");
}

static const struct field hot_fields[] = {
	{ .name = "product", .label = "商品", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL, .msg_required = "请选择商品" },
	{ .name = "day", .label = "日期", .type = V_STR, .required = 1,
	  .max = 10, .msg_required = "请选择爆品日期" },
	{ .name = "price", .label = "爆品价", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
	{ .name = "qty", .label = "爆品数量", .type = V_INT, .required = 1,
	  .min = 1, .max = 1000000 },
};
#define NHOT (sizeof(hot_fields) / sizeof(hot_fields[0]))

static int
h_hot_create(struct req *r)
{
	struct fval		 v[NHOT];
	struct hot_new		 h;
	struct svc_err		 e;
	struct json_object	*o;
	long long		 id;
	int			 st;

	if ((st = hot_view(r)) != 0)
		return st;
	r->tmpl = "merchant/hot";
	if ((st = req_valid(r, hot_fields, NHOT, v)) != 0)
		return st;
	h.product = v[0].i;
	h.day = v[1].s;
	h.price = v[2].amount;
	h.qty = v[3].i;
	if (hot_offer(r->a, r->member_id, &h, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	o = json_object_new_object();
	view_int(o, "id", id);
	json_object_object_add(r->view, "hot", o);
	return resp_done(r, "/merchant/hot", "爆品已设置");
}

/* --- stores (F8) ----------------------------------------------------------- */

static int
h_stores(struct req *r)
{
	struct json_object *list = store_mine(r->a, r->member_id);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "stores", list);
	view_str(r->view, "title", "我的门店");
	if (r->tmpl == NULL)
		r->tmpl = "merchant/stores";
	return 200;
}

static const char *const queue_modes[] = { "own", "all", NULL };

enum { S_NAME, S_PROVINCE, S_CITY, S_DISTRICT, S_ADDRESS, S_HOURS, S_COMM,
    S_QMODE, S_RATIO, S_EXTRACT, S__MAX };
static const struct field store_fields[S__MAX] = {
	[S_NAME] = { .name = "name", .label = "门店名称", .type = V_STR,
	  .required = 1, .min = 2, .max = 40 },
	[S_PROVINCE] = { .name = "province", .label = "省份", .type = V_REGION,
	  .required = 1 },
	[S_CITY] = { .name = "city", .label = "城市", .type = V_REGION,
	  .required = 1 },
	[S_DISTRICT] = { .name = "district", .label = "区县", .type = V_REGION,
	  .required = 1 },
	[S_ADDRESS] = { .name = "address", .label = "详细地址", .type = V_STR,
	  .required = 1, .min = 4, .max = 200 },
	[S_HOURS] = { .name = "hours", .label = "营业时间", .type = V_STR,
	  .required = 1, .min = 2, .max = 60 },
	[S_COMM] = { .name = "commission_bp", .label = "平台佣金（基点）",
	  .type = V_INT, .required = 1, .min = 0, .max = 5000 },
	[S_QMODE] = { .name = "queue_mode", .label = "排队方式", .type = V_ENUM,
	  .required = 1, .choices = queue_modes },
	[S_RATIO] = { .name = "ratio_bp", .label = "返利比例（基点）",
	  .type = V_INT, .min = 0, .max = 100000 },
	[S_EXTRACT] = { .name = "extract_bp", .label = "提取比例（基点）",
	  .type = V_INT, .min = 0, .max = 10000 },
};

static int
h_store_open(struct req *r)
{
	struct fval		v[S__MAX];
	struct store_new	s;
	struct svc_err		e;
	long long		id;
	int			st;

	r->tmpl = "merchant/stores";
	if ((st = h_stores(r)) != 200)
		return st;
	if ((st = req_valid(r, store_fields, S__MAX, v)) != 0)
		return st;
	s.name = v[S_NAME].s;
	s.province = v[S_PROVINCE].s;
	s.city = v[S_CITY].s;
	s.district = v[S_DISTRICT].s;
	s.address = v[S_ADDRESS].s;
	s.hours = v[S_HOURS].s;
	s.commission_bp = v[S_COMM].i;
	s.queue_mode = v[S_QMODE].s;
	s.ratio_bp = v[S_RATIO].present ? v[S_RATIO].i : -1;
	s.extract_bp = v[S_EXTRACT].present ? v[S_EXTRACT].i : -1;
	if (store_open(r->a, r->member_id, &s, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_int(r->view, "store_id", id);
	return resp_done(r, "/merchant/stores", "门店已提交，请等待平台审核");
}

/* The staff's till: today's total and the last payments (the page polls
 * its own list with htmx). */
static int
h_till(struct req *r)
{
	struct json_object	*o;
	int			 busy;

	if ((o = store_till(r->a, r->member_id, req_id(r, "id"), &busy)) ==
	    NULL)
		return busy ? resp_busy(r) : resp_error(r, 404, "not_found",
		    NULL, "门店不存在");
	view_merge(req_view(r), o);
	view_str(r->view, "title", "门店收款");
	return resp_page(r, req_query(r, "part") ? "merchant/till_list" :
	    "merchant/till");
}

/* --- service point pickups (C6) -------------------------------------------- */

static int
pickup_page(struct req *r)
{
	struct json_object *o = pickup_staff_view(r->a, r->member_id);

	if (o == NULL)
		return resp_busy(r);
	view_merge(req_view(r), o);
	view_str(r->view, "title", "服务点核销");
	r->tmpl = "merchant/pickup";
	return 0;
}

static int
h_pickup_page(struct req *r)
{
	int st;

	if ((st = pickup_page(r)) != 0)
		return st;
	return 200;
}

static const struct field pickup_fields[] = {
	{ .name = "code", .label = "取货码", .type = V_CODE, .required = 1,
	  .min = 6, .max = 6 },
};

static int
h_pickup(struct req *r)
{
	struct fval	 v[1];
	struct svc_err	 e;
	long long	 order = 0;
	int64_t		 reward = 0;
	char		 b[32];
	int		 st;

	if ((st = pickup_page(r)) != 0)
		return st;
	if ((st = req_valid(r, pickup_fields, 1, v)) != 0)
		return st;
	if (pickup_verify(r->a, r->member_id, v[0].s, &order, &reward, &e) != 0)
		return resp_svc(r, &e);
	view_int(r->view, "order", order);
	view_amount(r->view, "reward", reward);
	return resp_done(r, "/merchant/pickup", arena_printf(r->a,
	    "核销成功：订单 %lld 已取货，奖励 %s", order, amount_format(reward,
	    2, b)));
}

static const struct route routes[] = {
	{ "GET",  "/merchant",		h_home,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/",		h_home,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/apply",	h_apply, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/products",	h_products, ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/products",	h_product_create, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/orders",	h_orders, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/orders/:id", h_order, ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/orders/:id/ship", h_ship, ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/products/:id/images", h_image_upload, ACC_MEMBER,
	  NULL, RF_BIGBODY },
	{ "POST", "/merchant/products/:id/images/:img/delete", h_image_delete,
	  ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/hot",	h_hot,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/hot",	h_hot_create, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/stores",	h_stores, ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/stores",	h_store_open, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/stores/:id/till", h_till, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/pickup",	h_pickup_page, ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/pickup",	h_pickup, ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"merchant", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
