/* admin/shop.c: merchants, product review, orders (I3, D10) and their
 * CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "buf.h"
#include "perm.h"
#include "svc_merchant.h"
#include "svc_order.h"
#include "svc_product.h"

#include "admin.h"

static const struct review merchant_review = { merchant_decide,
    "/admin/merchants", "商家申请不存在", "已通过入驻申请", "已驳回" };

int h_merchant_approve(struct req *r) { return admin_review(r, &merchant_review, 1); }
int h_merchant_reject(struct req *r) { return admin_review(r, &merchant_review, 0); }

int
h_merchants(struct req *r)
{
	const char		*s = admin_queue_status(r);
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);

	if ((list = merchant_list(r->a, s, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "merchants", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "merchants.edit"));
	view_str(v, "title", "商家入驻");
	admin_nav(r, "merchants");
	return resp_page(r, "admin/merchants");
}

int
h_products(struct req *r)
{
	static const char *const st[] = { "pending", "listed", "unlisted",
	    "rejected", NULL };
	const char		*s = req_tab(r, "status", st, "pending");
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);

	if ((list = product_admin_list(r->a, s, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "products", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "products.edit"));
	view_str(v, "title", "商品审核");
	admin_nav(r, "products");
	return resp_page(r, "admin/products");
}

static const struct field list_fields[] = {
	{ .name = "retail_price", .label = "零售价", .type = V_AMOUNT, .min = 1 },
};

static int
product_action(struct req *r, const char *action)
{
	long long	id = req_id(r, "id");
	struct fval	v[1];
	struct svc_err	e;
	int		st;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, "商品不存在");
	memset(v, 0, sizeof(v));
	if (strcmp(action, "list") == 0 &&
	    (st = req_valid(r, list_fields, 1, v)) != 0)
		return st;
	if (strcmp(action, "reject") == 0 &&
	    (st = req_valid(r, admin_reject_fields, 1, v)) != 0)
		return st;
	if (product_review(r->a, id, action, strcmp(action, "list") == 0 ?
	    v[0].amount : 0, strcmp(action, "reject") == 0 ? v[0].s : NULL,
	    r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/products", strcmp(action, "list") == 0 ?
	    "已上架" : strcmp(action, "unlist") == 0 ? "已下架" : "已驳回");
}

int
h_product_list(struct req *r)
{
	return product_action(r, "list");
}

int
h_product_unlist(struct req *r)
{
	return product_action(r, "unlist");
}

int
h_product_reject(struct req *r)
{
	return product_action(r, "reject");
}

static const char *const order_states[] = { "paid", "shipped", "completed",
    "cancelled", NULL };

/* The filters of the order list and its CSV: ?status, ?member=ID and
 * ?gb=1 (group-buy orders only, D10). */
struct order_filter {
	const char	*status, *member;
	long long	 who;
	int		 gb;
};

static void
order_filter(struct req *r, struct order_filter *f)
{
	const char *g = req_query(r, "gb");

	f->status = req_tab(r, "status", order_states, "");
	f->member = req_query(r, "member");
	f->who = 0;
	if (f->member != NULL && *f->member != '\0' &&
	    (f->who = strtoll(f->member, NULL, 10)) <= 0)
		f->who = -1;	/* matches nobody */
	f->gb = g != NULL && strcmp(g, "1") == 0;
}

/* Orders (I3, D10), all or one member's, by status, optionally only
 * group-buy orders. */
int
h_orders(struct req *r)
{
	long long		 page = req_page(r), total;
	struct order_filter	 f;
	struct json_object	*list, *v = req_view(r);

	order_filter(r, &f);
	if ((list = order_list(r->a, ORDER_ADMIN, f.who, f.status, f.gb, page,
	    PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "orders", list);
	if (f.who != 0)
		view_str(v, "member", f.member);
	view_bool(v, "gb", f.gb);
	view_str(v, "csv", arena_printf(r->a, "/admin/orders.csv?status=%s"
	    "&member=%s&gb=%d", f.status, f.who ? url_encode(r->a, f.member) :
	    "", f.gb));
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "orders.edit"));
	view_str(v, "title", "订单");
	admin_nav(r, "orders");
	return resp_page(r, "admin/orders");
}

/* The filtered orders as CSV (UTF-8 with a BOM for spreadsheet programs),
 * at most 10000 rows. */
int
h_orders_csv(struct req *r)
{
	static const char *const cols[] = { "id", "created_at", "member_id",
	    "title", "qty", "currency_name", "paid_amount", "supply_total",
	    "status_name", "group_id", "seat_no", "group_status", "merchant",
	    "receiver", "phone", "address", "carrier", "tracking", NULL };
	struct order_filter	 f;
	struct json_object	*list;
	long long		 page, total;
	buf			 b;
	size_t			 i, k;
	int			 st;

	order_filter(r, &f);
	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF订单号,下单时间,买家会员ID,商品,数量,币种,实付,"
	    "货款,订单状态,拼团号,排位,拼团状态,商家,收货人,电话,地址,快递,运单号\r\n");
	for (page = 1; page <= 10; page++) {
		if ((list = order_list(r->a, ORDER_ADMIN, f.who, f.status, f.gb,
		    page, 1000, &total)) == NULL) {
			buf_clear(&b);
			return resp_busy(r);
		}
		for (i = 0; i < json_object_array_length(list); i++)
			for (k = 0; cols[k] != NULL; k++)
				admin_csv_field(&b, admin_jget(json_object_array_get_idx(list,
				    i), cols[k]), cols[k + 1] == NULL);
		k = json_object_array_length(list);
		json_object_put(list);
		if (k < 1000)
			break;
	}
	resp_header(r, "Content-Disposition",
	    "attachment; filename=\"orders.csv\"");
	st = resp_raw(r, "text/csv; charset=utf-8", b.p, b.len);
	buf_clear(&b);
	return st;
}

/* Fills the view of one order (and its template); 200 or 404. */
static int
order_view(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*o = id > 0 ? order_get(r->a, id, ORDER_ADMIN, 0) :
				    NULL;

	if (o == NULL)
		return resp_error(r, 404, "not_found", NULL, "订单不存在");
	json_object_object_add(req_view(r), "order", o);
	view_bool(r->view, "can_edit", perm_allows(r->admin_role,
	    "orders.edit"));
	view_str(r->view, "title", arena_printf(r->a, "订单 %lld", id));
	admin_nav(r, "orders");
	r->tmpl = "admin/order";
	return 200;
}

int
h_order(struct req *r)
{
	int st = order_view(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const struct field cancel_fields[] = {
	{ .name = "reason", .label = "取消原因", .type = V_STR, .required = 1,
	  .min = 2, .max = 100 },
};

int
h_order_cancel(struct req *r)
{
	long long	id = req_id(r, "id");
	struct fval	v[1];
	struct svc_err	e;
	int		st;

	if ((st = order_view(r)) != 200 ||
	    (st = req_valid(r, cancel_fields, 1, v)) != 0)
		return st;
	if (order_cancel(r->a, id, 0, r->admin_id, v[0].s, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, arena_printf(r->a, "/admin/orders/%lld", id),
	    "订单已取消，已全额退款给买家");
}
