/* admin.fcgi: the back office (管理后台) under /admin: login, dashboard,
 * members (I2), admin accounts and password (I1), the SMS log (A3),
 * group-buy activities and groups (I4) with the economics simulator (D12). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "buf.h"
#include "conf.h"
#include "perm.h"
#include "sess.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_economy.h"
#include "svc_groupbuy.h"
#include "svc_merchant.h"
#include "svc_order.h"
#include "svc_product.h"
#include "svc_roles.h"
#include "svc_wallet.h"
#include "svc_withdraw.h"

#include "admin/admin.h"

static const char *
admin_next(const struct req *r)
{
	const char *n = req_form(r, "next");

	if (n == NULL)
		n = req_query(r, "next");
	if (!local_path_ok(n) || strncmp(n, "/admin", 6) != 0 ||
	    strncmp(n, "/admin/log", 10) == 0)
		return "/admin";
	return n;
}

void
admin_nav(struct req *r, const char *active)
{
	struct json_object *v = req_view(r), *n = json_object_new_object();

	view_bool(n, active, 1);
	json_object_object_add(v, "nav", n);
}

static const struct field login_fields[] = {
	{ .name = "username", .label = "用户名", .type = V_STR, .required = 1,
	  .max = 32 },
	{ .name = "password", .label = "密码", .type = V_STR, .required = 1,
	  .max = 64, .flags = VF_RAW },
};

static int
h_login_page(struct req *r)
{
	if (r->admin_id > 0)
		return resp_redirect(r, admin_next(r));
	view_str(req_view(r), "title", "管理后台登录");
	view_str(r->view, "next", admin_next(r));
	return resp_page(r, "admin/login");
}

static int
h_login(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	long long	id;
	int		st;

	view_str(req_view(r), "title", "管理后台登录");
	view_str(r->view, "next", admin_next(r));
	r->tmpl = "admin/login";
	if ((st = req_valid(r, login_fields, 2, v)) != 0)
		return st;
	if (admin_login(r->a, v[0].s, v[1].s, r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	if (sess_login(r, id) != 0)
		return resp_busy(r);
	view_int(r->view, "admin_id", id);
	return resp_done(r, admin_next(r), "欢迎回来");
}

static int
h_logout(struct req *r)
{
	sess_logout(r);
	return resp_done(r, "/admin/login", "已退出");
}

static int
h_dashboard(struct req *r)
{
	struct json_object *d = admin_dashboard(r->a);

	if (d == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "stats", d);
	view_str(r->view, "title", "概览");
	admin_nav(r, "dashboard");
	return resp_page(r, "admin/dashboard");
}

static int
h_members(struct req *r)
{
	struct json_object	*v = req_view(r), *list;
	const char		*q = req_query(r, "q");
	long long		 page = req_page(r), total;

	if (q != NULL && strlen(q) > 20)
		return resp_error(r, 400, "invalid", "q", "搜索内容过长");
	list = admin_member_list(r->a, q, page, PER_PAGE, &total);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "members", list);
	view_str(v, "q", q);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "会员");
	admin_nav(r, "members");
	return resp_page(r, "admin/members");
}

static int
h_member(struct req *r)
{
	long long		 id = req_id(r, "id"), total;
	struct json_object	*m, *team, *v = req_view(r);

	if (id == 0 || (m = member_profile(r->a, id)) == NULL)
		return resp_error(r, 404, "not_found", NULL, "会员不存在");
	/* Admins see the full number (members see it masked). */
	view_str(m, "phone", member_phone(r->a, id));
	json_object_object_add(v, "member", m);
	team = member_team_page(r->a, id, 1, req_page(r), PER_PAGE, &total,
	    NULL);
	json_object_object_add(v, "downline", team);
	view_pager(r, v, total, req_page(r), PER_PAGE);
	view_str(v, "title", arena_printf(r->a, "会员 %lld", id));
	view_bool(v, "can_edit", perm_allows(r->admin_role, "members.edit"));
	/* Balances and the latest ledger lines for those who may see money. */
	if (perm_allows(r->admin_role, "ledger.view")) {
		struct json_object *b = wallet_balances(r->a, id), *x;
		long long n;

		if (b != NULL && json_object_object_get_ex(b, "currencies", &x))
			json_object_object_add(v, "balances", json_object_get(x));
		json_object_put(b);
		json_object_object_add(v, "ledger",
		    wallet_history(r->a, id, NULL, 1, PER_PAGE, &n));
		view_bool(v, "can_see_money", 1);
	}
	admin_nav(r, "members");
	return resp_page(r, "admin/member");
}

static const char *const roles[] = {
	"leader", "owner", "branch", "region", "promoter", "merchant", NULL
};

static const struct field role_fields[] = {
	{ .name = "role", .label = "角色", .type = V_ENUM, .required = 1,
	  .choices = roles },
	{ .name = "scope", .label = "地区代码", .type = V_REGION },
	{ .name = "recommender", .label = "推荐团长", .type = V_STR, .max = 11 },
};

static int
h_grant_role(struct req *r)
{
	long long	id = req_id(r, "id"), rec = 0;
	struct fval	v[3];
	struct svc_err	e;
	int		st;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, "会员不存在");
	if ((st = req_valid(r, role_fields, 3, v)) != 0)
		return st;
	if (v[2].present && (rec = member_lookup(r->a, v[2].s)) <= 0)
		return resp_error(r, 400, "invalid", "recommender",
		    "推荐团长不存在");
	if (member_grant_role(r->a, id, v[0].s, v[1].s, rec, r->admin_id,
	    &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, arena_printf(r->a, "/admin/members/%lld", id),
	    "角色已授予");
}

static int
h_admins(struct req *r)
{
	struct json_object *list = admin_list(r->a);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "admins", list);
	view_str(r->view, "title", "管理员");
	admin_nav(r, "admins");
	return resp_page(r, "admin/admins");
}

static const char *const admin_roles[] = {
	"super", "operator", "finance", "auditor", NULL
};

static const struct field admin_fields[] = {
	{ .name = "username", .label = "用户名", .type = V_STR, .required = 1,
	  .min = 3, .max = 32 },
	{ .name = "password", .label = "密码", .type = V_STR, .required = 1,
	  .min = 8, .max = 64, .unit = "位", .flags = VF_RAW },
	{ .name = "role", .label = "角色", .type = V_ENUM, .required = 1,
	  .choices = admin_roles },
};

static int
h_admin_create(struct req *r)
{
	struct fval	v[3];
	struct svc_err	e;
	int		st;

	r->tmpl = "admin/admins";
	json_object_object_add(req_view(r), "admins", admin_list(r->a));
	view_str(r->view, "title", "管理员");
	admin_nav(r, "admins");
	if ((st = req_valid(r, admin_fields, 3, v)) != 0)
		return st;
	if (admin_create(r->a, v[0].s, v[1].s, v[2].s, r->admin_id, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/admins", "管理员已创建");
}

static const struct field pw_fields[] = {
	{ .name = "old_password", .label = "原密码", .type = V_STR,
	  .required = 1, .max = 64, .flags = VF_RAW },
	{ .name = "password", .label = "新密码", .type = V_STR, .required = 1,
	  .min = 8, .max = 64, .unit = "位", .flags = VF_RAW },
};

static int
h_password_page(struct req *r)
{
	view_str(req_view(r), "title", "修改密码");
	admin_nav(r, "password");
	return resp_page(r, "admin/password");
}

static int
h_password(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	int		st;

	h_password_page(r);
	if ((st = req_valid(r, pw_fields, 2, v)) != 0)
		return st;
	if (admin_change_password(r->a, r->admin_id, v[0].s, v[1].s, &e) != 0)
		return resp_svc(r, &e);
	/* Whoever held another session (a stolen cookie) is out; this one
	 * goes on under a new token, as after a member's reset. */
	if (sess_drop_admin(r, r->admin_id) != 0 ||
	    sess_login(r, r->admin_id) != 0)
		return resp_error(r, 503, "busy", NULL, "密码已修改，请重新登录");
	return resp_done(r, "/admin", "密码已修改");
}

static int
h_sms(struct req *r)
{
	long long		 page = req_page(r), total;
	struct json_object	*list = admin_sms_outbox(r->a, page, PER_PAGE,
				    &total);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "messages", list);
	view_pager(r, r->view, total, page, PER_PAGE);
	view_str(r->view, "title", "短信记录");
	admin_nav(r, "sms");
	return resp_page(r, "admin/sms");
}

/* The tab of a review queue (?status=pending|approved|rejected, default
 * pending), marked in the view as show_<status>. */
static const char *
queue_status(struct req *r)
{
	static const char *const st[] = { "pending", "approved", "rejected" };
	const char	*s = req_query(r, "status");
	size_t		 i;

	for (i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, st[i]) == 0)
			break;
	s = st[i == 3 ? 0 : i];
	view_bool(req_view(r), arena_printf(r->a, "show_%s", s), 1);
	view_str(r->view, "status", s);
	return s;
}

static int
h_applications(struct req *r)
{
	const char		*s = queue_status(r);
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);
	if ((list = role_admin_apps(r->a, s, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "applications", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "members.edit"));
	view_str(v, "title", "角色申请");
	admin_nav(r, "applications");
	return resp_page(r, "admin/applications");
}

static const struct field reject_fields[] = {
	{ .name = "reason", .label = "驳回原因", .type = V_STR, .required = 1,
	  .max = 200 },
};

/* A review queue: the service that decides an item, where to go back to,
 * and what to say. */
struct review {
	svc_decide_fn	 decide;
	const char	*back, *missing, *approved, *rejected;
};

static const struct review role_review = { role_decide,
    "/admin/applications", "申请不存在", "已通过", "已驳回" };
static const struct review withdraw_review = { withdraw_decide,
    "/admin/withdrawals", "提现申请不存在", "已通过，请线下打款",
    "已驳回，金额已退回会员零钱" };
static const struct review merchant_review = { merchant_decide,
    "/admin/merchants", "商家申请不存在", "已通过入驻申请", "已驳回" };

/* POST …/:id/approve or …/:id/reject (with a reason). */
static int
review(struct req *r, const struct review *rv, int approve)
{
	long long	id = req_id(r, "id");
	struct fval	v[1];
	struct svc_err	e;
	int		st;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, rv->missing);
	if (!approve && (st = req_valid(r, reject_fields, 1, v)) != 0)
		return st;
	if (rv->decide(r->a, id, approve, approve ? NULL : v[0].s, r->admin_id,
	    r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, rv->back, approve ? rv->approved : rv->rejected);
}

static int h_app_approve(struct req *r) { return review(r, &role_review, 1); }
static int h_app_reject(struct req *r) { return review(r, &role_review, 0); }
static int h_withdraw_approve(struct req *r) { return review(r, &withdraw_review, 1); }
static int h_withdraw_reject(struct req *r) { return review(r, &withdraw_review, 0); }
static int h_merchant_approve(struct req *r) { return review(r, &merchant_review, 1); }
static int h_merchant_reject(struct req *r) { return review(r, &merchant_review, 0); }

static int
h_withdrawals(struct req *r)
{
	const char		*s = queue_status(r);
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);
	list = withdraw_list(r->a, 0, s, page, PER_PAGE, &total);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "withdrawals", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role,
	    "withdrawals.edit"));
	view_str(v, "title", "提现审核");
	admin_nav(r, "withdrawals");
	return resp_page(r, "admin/withdrawals");
}

static int
h_shipments(struct req *r)
{
	struct json_object	*v = req_view(r), *menu, *list;
	long long		 page = req_page(r), total;

	if ((menu = shipment_menu(r->a)) == NULL ||
	    (list = shipment_list(r->a, page, PER_PAGE, &total)) == NULL) {
		json_object_put(menu);
		return resp_busy(r);
	}
	json_object_object_add(v, "members", menu);
	json_object_object_add(v, "shipments", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role,
	    "withdrawals.edit"));
	view_str(v, "title", "群主/团长货款发货");
	admin_nav(r, "shipments");
	return resp_page(r, "admin/shipments");
}

static const struct field ship_fields[] = {
	{ .name = "member", .label = "会员ID", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL },
	{ .name = "note", .label = "备注", .type = V_STR, .max = 200 },
};

static int
h_ship(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	long long	id;
	int		st;

	if ((st = req_valid(r, ship_fields, 2, v)) != 0)
		return st;
	if (shipment_confirm(r->a, v[0].i, v[1].s, r->admin_id, r->ip, &id,
	    &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "shipment_id", id);
	return resp_done(r, "/admin/shipments", "已确认发货");
}

static int
h_ship_cancel(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, "发货记录不存在");
	if (shipment_cancel(r->a, id, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/shipments", "已取消发货");
}

static int
h_merchants(struct req *r)
{
	const char		*s = queue_status(r);
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

static int
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
	    (st = req_valid(r, reject_fields, 1, v)) != 0)
		return st;
	if (product_review(r->a, id, action, strcmp(action, "list") == 0 ?
	    v[0].amount : 0, strcmp(action, "reject") == 0 ? v[0].s : NULL,
	    r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/products", strcmp(action, "list") == 0 ?
	    "已上架" : strcmp(action, "unlist") == 0 ? "已下架" : "已驳回");
}

static int
h_product_list(struct req *r)
{
	return product_action(r, "list");
}

static int
h_product_unlist(struct req *r)
{
	return product_action(r, "unlist");
}

static int
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
static int
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

/* One CSV field: quoted when it holds a comma, quote or line break, a
 * leading = + - @ neutralised (spreadsheet formula injection). */
static void
csv_field(buf *b, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (strchr("=+-@", *s) != NULL && *s != '\0')
		buf_putc(b, '\'');
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	} else
		buf_puts(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}

static const char *
jget(struct json_object *o, const char *k)
{
	struct json_object *x;

	return json_object_object_get_ex(o, k, &x) && x != NULL ?
	    json_object_get_string(x) : NULL;
}

/* The filtered orders as CSV (UTF-8 with a BOM for spreadsheet programs),
 * at most 10000 rows. */
static int
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
				csv_field(&b, jget(json_object_array_get_idx(list,
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

static int
h_order(struct req *r)
{
	int st = order_view(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const struct field cancel_fields[] = {
	{ .name = "reason", .label = "取消原因", .type = V_STR, .required = 1,
	  .min = 2, .max = 100 },
};

static int
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

/* --- group-buy (I4) ------------------------------------------------------ */

static const char *const presets[] = { "lianbeihang", "quanmin", "tequan",
    NULL };

/* A preset's JSON from etc/presets (the config's "presets" directory). */
static const char *
preset_json(struct req *r, const char *name)
{
	char	 chunk[4096];
	FILE	*f;
	buf	 b;
	size_t	 n, i;
	const char *out;

	for (i = 0; presets[i] != NULL; i++)
		if (strcmp(presets[i], name) == 0)
			break;
	if (presets[i] == NULL || (f = fopen(arena_printf(r->a, "%s/%s.json",
	    conf_get("presets", "etc/presets"), name), "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	out = arena_strdup(r->a, buf_str(&b));
	buf_clear(&b);
	return out;
}

/* --- D12: the economics simulator ---------------------------------------- */

/* The validator's messages as a new array [{"field", "message"}, …]. */
static struct json_object *
errors_json(const struct gb_errors *errs)
{
	struct json_object	*list = json_object_new_array(), *x;
	size_t			 i;

	for (i = 0; i < errs->n; i++) {
		x = json_object_new_object();
		view_str(x, "field", errs->e[i].field);
		view_str(x, "message", errs->e[i].message);
		json_object_array_add(list, x);
	}
	return list;
}

/* Simulates the configuration cfg (borrowed) under as and puts the result
 * under "sim" in the view. Returns 0; 400 (already prepared, with every
 * validator message: "errors" for JSON, "errors_list" for the page) when
 * the configuration is invalid; 503 when the database or memory failed. */
static int
sim_attach(struct req *r, struct json_object *cfg,
    const struct gb_sim_assume *as)
{
	struct gb_activity	*act;
	struct gb_errors	 errs;
	struct json_object	*list, *sim;
	int			 rc, st;

	if ((act = arena_alloc(r->a, sizeof(*act))) == NULL)
		return resp_busy(r);
	if ((rc = gb_activity_check(r->a, cfg, act, &errs)) < 0)
		return resp_busy(r);
	if (rc > 0) {
		list = errors_json(&errs);
		st = resp_error(r, 400, "invalid", arena_strdup(r->a,
		    errs.e[0].field), arena_strdup(r->a, errs.e[0].message));
		json_object_object_add(req_view(r), r->want_json ? "errors" :
		    "errors_list", list);
		return st;
	}
	if ((sim = gb_sim_view(r->a, act, as)) == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "sim", sim);
	return 0;
}

/* The configuration text (an activity's stored one; NULL: none) under the
 * default assumptions, as "sim" in the view; nothing when it cannot be had
 * (the page still shows the editor). */
static void
sim_of_config(struct req *r, const char *text)
{
	struct json_object	*cfg = text ? json_tokener_parse(text) : NULL;
	struct gb_sim_assume	 as;
	struct gb_activity	 act;
	struct gb_errors	 errs;
	struct json_object	*sim;

	if (cfg != NULL && gb_sim_assume_load(r->a, &as) == 0 &&
	    gb_activity_check(r->a, cfg, &act, &errs) == 0 &&
	    (sim = gb_sim_view(r->a, &act, &as)) != NULL)
		json_object_object_add(req_view(r), "sim", sim);
	if (cfg != NULL)
		json_object_put(cfg);
}

static const struct field sim_fields[] = {
	{ .name = "activity", .label = "活动", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
	{ .name = "cost_bp", .label = "商品成本比例（基点）", .type = V_INT,
	  .min = 0, .max = GB_SIM_COST_BP_MAX },
	{ .name = "uplines", .label = "“有上一代、上二代”", .type = V_BOOL },
	{ .name = "gold_held", .label = "“持有购物金”", .type = V_BOOL },
	{ .name = "preset", .label = "预设", .type = V_ENUM,
	  .choices = presets },
};

/* The JSON body's "assume" object into *as (over the defaults already in
 * it). 0, or the 400 response already prepared. */
static int
sim_assume_json(struct req *r, struct json_object *o, struct gb_sim_assume *as)
{
	struct json_object_iterator	 it, end;
	struct json_object		*v;
	const char			*k;
	int64_t				 n;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return resp_error(r, 400, "invalid", "assume",
		    "assume 须为对象：{\"cost_bp\": 3000, \"uplines\": true, "
		    "\"gold_held\": true}");
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		k = json_object_iter_peek_name(&it);
		v = json_object_iter_peek_value(&it);
		if (strcmp(k, "cost_bp") == 0) {
			n = json_object_get_int64(v);
			if (!json_object_is_type(v, json_type_int) || n < 0 ||
			    n > GB_SIM_COST_BP_MAX)
				return resp_error(r, 400, "range",
				    "assume.cost_bp", arena_printf(r->a,
				    "商品成本比例须为 0 到 %d 之间的整数（基点，"
				    "3000 即 30%%）", GB_SIM_COST_BP_MAX));
			as->cost_bp = (int)n;
		} else if (strcmp(k, "uplines") == 0 ||
		    strcmp(k, "gold_held") == 0) {
			if (!json_object_is_type(v, json_type_boolean))
				return resp_error(r, 400, "invalid",
				    arena_printf(r->a, "assume.%s", k),
				    arena_printf(r->a, "%s须为 true 或 false",
				    strcmp(k, "uplines") == 0 ?
				    "“有上一代、上二代”" : "“持有购物金”"));
			if (strcmp(k, "uplines") == 0)
				as->uplines = json_object_get_boolean(v);
			else
				as->gold_held = json_object_get_boolean(v);
		} else
			return resp_error(r, 400, "invalid", arena_printf(r->a,
			    "assume.%s", k), arena_printf(r->a, "假设中没有"
			    "“%s”这一项（可用 cost_bp、uplines、gold_held）", k));
	}
	return 0;
}

/* GET and POST /admin/gb/simulate: the simulator (see the template for
 * what each figure means). Input, from a JSON body {"activity": <activity
 * JSON> | <activity id>, "assume": {"cost_bp", "uplines", "gold_held"}},
 * or from the form (POST) or the query (GET): config (pasted JSON, wins),
 * activity (an id), preset, cost_bp, uplines, gold_held (1/0). A JSON POST
 * answers {"ok":true, inflow, lines, outflow, profit, profit_bp, …} (see
 * gb_sim_view); a page shows the form and, once there is an activity, the
 * result under "sim" (also in the GET page's JSON view). Side-effect free:
 * nothing is saved. */
static int
h_gb_simulate(struct req *r)
{
	struct json_object	*v = req_view(r), *cfg = NULL, *x, *list = NULL,
				*in;
	struct gb_sim_assume	 as;
	struct fval		 f[sizeof(sim_fields) / sizeof(sim_fields[0])];
	struct ferr		 fe;
	const char		*text = NULL;
	long long		 id = 0;
	size_t			 i;
	int			 post = strcmp(r->method, "POST") == 0, st;

	view_str(v, "title", "经济模型模拟");
	admin_nav(r, "gb_sim");
	r->tmpl = "admin/gb_sim";
	/* the activity picker: for the page, not for a JSON body's answer */
	if (r->jbody == NULL && (list = gb_activity_choices(r->a)) != NULL)
		json_object_object_add(v, "activities", list);
	if (gb_sim_assume_load(r->a, &as) != 0)
		return resp_busy(r);

	if (r->jbody != NULL) {
		json_object_object_foreach(r->jbody, key, val) {
			(void)val;
			if (strcmp(key, "activity") != 0 &&
			    strcmp(key, "assume") != 0)
				return resp_error(r, 400, "unknown", key,
				    arena_printf(r->a, "不支持的字段“%s”"
				    "（只有 activity 与 assume；假设放在 assume "
				    "中）", key));
		}
		x = NULL;
		if (!json_object_object_get_ex(r->jbody, "activity", &x) ||
		    x == NULL)
			return resp_error(r, 400, "required", "activity",
			    "请提供活动配置（activity）");
		if (json_object_is_type(x, json_type_int))
			id = json_object_get_int64(x);
		else if (json_object_is_type(x, json_type_object))
			cfg = json_object_get(x);
		else
			return resp_error(r, 400, "invalid", "activity",
			    "activity 须为活动配置（JSON 对象）或活动 ID");
		if (id < 0 || (cfg == NULL && id == 0))
			return resp_error(r, 400, "invalid", "activity",
			    "活动 ID 无效");
		x = NULL;
		json_object_object_get_ex(r->jbody, "assume", &x);
		if ((st = sim_assume_json(r, x, &as)) != 0) {
			json_object_put(cfg);
			return st;
		}
	} else {
		if (valid_form(r->a, post ? &r->form : &r->q, sim_fields,
		    sizeof(sim_fields) / sizeof(sim_fields[0]), f, &fe) != 0)
			return resp_error(r, 400, fe.code, fe.field, fe.message);
		text = post ? req_form(r, "config") : req_query(r, "config");
		while (text != NULL && (*text == ' ' || *text == '\n' ||
		    *text == '\r' || *text == '\t'))
			text++;
		if (text != NULL && *text == '\0')
			text = NULL;
		if (text == NULL && f[4].present)
			text = preset_json(r, f[4].s);
		if (text == NULL && f[0].present)
			id = f[0].i;
		if (f[1].present)
			as.cost_bp = (int)f[1].i;
		if (f[2].present)
			as.uplines = (int)f[2].i;
		if (f[3].present)
			as.gold_held = (int)f[3].i;
	}

	/* what the form shows again */
	in = json_object_new_object();
	view_str(in, "config", text != NULL ? text : "");
	view_int(in, "cost_bp", as.cost_bp);
	view_bool(in, "uplines", as.uplines);
	view_bool(in, "gold_held", as.gold_held);
	if (id > 0)
		view_int(in, "activity", id);
	json_object_object_add(v, "in", in);
	for (i = 0; list != NULL && i < json_object_array_length(list); i++) {
		x = json_object_array_get_idx(list, i);
		view_bool(x, "selected", id > 0 && json_object_get_int64(
		    json_object_object_get(x, "id")) == id);
	}

	if (id > 0) {
		if ((text = gb_activity_config(r->a, id)) == NULL)
			return resp_error(r, 404, "not_found", "activity",
			    "活动不存在");
	}
	if (cfg == NULL && text != NULL &&
	    ((cfg = json_tokener_parse(text)) == NULL ||
	    !json_object_is_type(cfg, json_type_object))) {
		json_object_put(cfg);
		return resp_error(r, 400, "invalid", "config",
		    "活动配置不是有效的 JSON 对象");
	}
	if (cfg == NULL) {
		if (post)
			return resp_error(r, 400, "required", "config",
			    "请选择活动，或粘贴活动配置（JSON）");
		return resp_page(r, r->tmpl);	/* the empty form */
	}
	st = sim_attach(r, cfg, &as);
	json_object_put(cfg);
	if (st != 0)
		return st;
	if (r->want_json && post) {
		/* the answer is the simulation itself, with ok */
		x = json_object_get(json_object_object_get(r->view, "sim"));
		json_object_put(r->view);
		r->view = x;
		return resp_done(r, "/admin/gb/simulate", NULL);
	}
	return resp_page(r, r->tmpl);
}

static int
h_gb_activities(struct req *r)
{
	struct json_object *list = gb_admin_activities(r->a), *v = req_view(r);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "activities", list);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	view_str(v, "title", "拼团活动");
	admin_nav(r, "gb");
	return resp_page(r, "admin/gb_activities");
}

/* The editor: the activity's configuration (or a preset's, or the text
 * just refused) with its rules described, for id (0: a new one). */
static int
gb_editor(struct req *r, long long id, const char *text)
{
	struct json_object	*v = req_view(r), *a;
	const char		*p = req_query(r, "preset");

	if (id > 0) {
		if ((a = gb_activity_view(r->a, id, 0)) == NULL)
			return resp_error(r, 404, "not_found", NULL, "活动不存在");
		json_object_object_add(v, "activity", a);
		/* the stored configuration, and what it yields per draw; a
		 * refused save shows the text sent back, without the table */
		if (text == NULL) {
			text = gb_activity_config(r->a, id);
			sim_of_config(r, text);
		}
		view_str(v, "title", arena_printf(r->a, "编辑活动 #%lld", id));
		view_str(v, "action", arena_printf(r->a,
		    "/admin/gb/activities/%lld", id));
	} else {
		if (text == NULL)
			text = p ? preset_json(r, p) : NULL;
		if (text == NULL)
			text = preset_json(r, "quanmin");
		view_str(v, "title", "新建拼团活动");
		view_str(v, "action", "/admin/gb/activities");
	}
	view_str(v, "config", text ? text : "{}");
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	admin_nav(r, "gb");
	r->tmpl = "admin/gb_activity";
	return 200;
}

static int
h_gb_activity(struct req *r)
{
	int st = gb_editor(r, req_id(r, "id"), NULL);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static int
h_gb_activity_new(struct req *r)
{
	int st = gb_editor(r, 0, NULL);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static int
h_gb_activity_save(struct req *r)
{
	long long		 id = req_id(r, "id"), out;
	const char		*text = req_form(r, "config");
	struct gb_errors	 errs;
	struct svc_err		 e;
	struct json_object	*x;
	int			 st;

	if (id < 0)
		id = 0;
	if ((st = gb_editor(r, id, text)) != 200)
		return st;
	if (gb_activity_save(r->a, id, text, r->admin_id, r->ip, &out, &errs,
	    &e) != 0) {
		json_object_object_add(r->view, "errors_list",
		    errors_json(&errs));
		return resp_svc(r, &e);
	}
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", out);
	json_object_object_add(r->view, "activity", x);
	return resp_done(r, arena_printf(r->a, "/admin/gb/activities/%lld", out),
	    id > 0 ? "已保存为新版本；已开的团仍按开团时的规则开奖" : "活动已创建");
}

static int
gb_status(struct req *r, const char *status)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (gb_activity_status(r->a, id, status, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/gb/activities", strcmp(status, "active") ==
	    0 ? "活动已恢复" : "活动已暂停");
}

static int h_gb_pause(struct req *r) { return gb_status(r, "paused"); }
static int h_gb_resume(struct req *r) { return gb_status(r, "active"); }

static int
h_gb_groups(struct req *r)
{
	static const char *const st[] = { "unfilled", "drawn", "failed", NULL };
	const char		*s = req_tab(r, "status", st, "");
	const char		*act = req_query(r, "activity");
	long long		 page = req_page(r), total, aid = 0;
	struct json_object	*list, *v = req_view(r);

	if (act != NULL && *act != '\0')
		aid = strtoll(act, NULL, 10);
	if ((list = gb_admin_groups(r->a, s, aid, page, PER_PAGE, &total)) ==
	    NULL)
		return resp_busy(r);
	json_object_object_add(v, "groups", list);
	if ((list = gb_admin_activities(r->a)) != NULL)
		json_object_object_add(v, "activities", list);
	if (aid > 0)
		view_int(v, "activity", aid);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "groups.edit"));
	view_str(v, "title", "拼团");
	admin_nav(r, "gb_groups");
	return resp_page(r, "admin/gb_groups");
}

static int
gb_group_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*g = id > 0 ? gb_group_view(r->a, id, 0) : NULL;
	char			 msg[200];

	if (g == NULL)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	json_object_object_add(req_view(r), "group", g);
	if (gb_verify_draw(r->a, id, msg, sizeof(msg)) == 0)
		view_bool(r->view, "verified", 1);
	view_str(r->view, "verify_msg", msg);
	view_bool(r->view, "can_edit", perm_allows(r->admin_role,
	    "groups.edit"));
	view_str(r->view, "title", arena_printf(r->a, "拼团 #%lld", id));
	admin_nav(r, "gb_groups");
	r->tmpl = "admin/gb_group";
	return 200;
}

static int
h_gb_group(struct req *r)
{
	int st = gb_group_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static int
h_gb_fill(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;
	int		st;

	if ((st = gb_group_page(r)) != 200)
		return st;
	if (gb_fill(r->a, id, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = NULL;
	return resp_done(r, arena_printf(r->a, "/admin/gb/groups/%lld", id),
	    "已平台补位并开奖");
}

static const struct field gb_open_fields[] = {
	{ .name = "activity", .label = "活动", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL },
	{ .name = "leader", .label = "团长会员ID", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
};

static int
h_gb_open(struct req *r)
{
	struct fval		 v[2];
	struct svc_err		 e;
	struct json_object	*x;
	long long		 id;
	int			 st;

	if ((st = req_valid(r, gb_open_fields, 2, v)) != 0)
		return st;
	if (gb_open(r->a, v[0].i, v[1].present ? v[1].i : 0, 0, r->admin_id,
	    r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", id);
	json_object_object_add(r->view, "group", x);
	return resp_done(r, arena_printf(r->a, "/admin/gb/groups/%lld", id),
	    "已手动开团");
}

/* --- the economy over time (D7, D8; I7 obligations) ---------------------- */

static int
h_economy(struct req *r)
{
	struct json_object *o = eco_admin_view(r->a);

	if (o == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "economy", o);
	view_str(r->view, "title", "资金池与分红");
	admin_nav(r, "economy");
	return resp_page(r, "admin/economy");
}

static int
h_economy_run(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*list = id > 0 ? eco_run_payouts(r->a, id) : NULL;

	if (list == NULL)
		return resp_error(r, 404, "not_found", NULL, "分红记录不存在");
	json_object_object_add(req_view(r), "payouts", list);
	view_int(r->view, "run", id);
	view_str(r->view, "title", arena_printf(r->a, "分红 #%lld", id));
	admin_nav(r, "economy");
	return resp_page(r, "admin/economy_run");
}

static const struct route routes[] = {
	{ "GET",  "/admin/login",	h_login_page,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/admin/login",	h_login,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/admin/logout",	h_logout,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/admin",		h_dashboard,	ACC_ADMIN, "dashboard", 0 },
	{ "GET",  "/admin/",		h_dashboard,	ACC_ADMIN, "dashboard", 0 },
	{ "GET",  "/admin/members",	h_members,	ACC_ADMIN, "members.view", 0 },
	{ "GET",  "/admin/members/:id",	h_member,	ACC_ADMIN, "members.view", 0 },
	{ "POST", "/admin/members/:id/roles", h_grant_role, ACC_ADMIN, "members.edit", 0 },
	{ "GET",  "/admin/applications", h_applications, ACC_ADMIN, "members.view", 0 },
	{ "POST", "/admin/applications/:id/approve", h_app_approve, ACC_ADMIN, "members.edit", 0 },
	{ "POST", "/admin/applications/:id/reject", h_app_reject, ACC_ADMIN, "members.edit", 0 },
	{ "GET",  "/admin/withdrawals",	h_withdrawals,	ACC_ADMIN, "withdrawals.view", 0 },
	{ "POST", "/admin/withdrawals/:id/approve", h_withdraw_approve, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "POST", "/admin/withdrawals/:id/reject", h_withdraw_reject, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "GET",  "/admin/shipments",	h_shipments,	ACC_ADMIN, "withdrawals.view", 0 },
	{ "POST", "/admin/shipments",	h_ship,		ACC_ADMIN, "withdrawals.edit", 0 },
	{ "POST", "/admin/shipments/:id/cancel", h_ship_cancel, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "GET",  "/admin/merchants",	h_merchants,	ACC_ADMIN, "merchants.view", 0 },
	{ "POST", "/admin/merchants/:id/approve", h_merchant_approve, ACC_ADMIN, "merchants.edit", 0 },
	{ "POST", "/admin/merchants/:id/reject", h_merchant_reject, ACC_ADMIN, "merchants.edit", 0 },
	{ "GET",  "/admin/products",	h_products,	ACC_ADMIN, "products.view", 0 },
	{ "POST", "/admin/products/:id/list", h_product_list, ACC_ADMIN, "products.edit", 0 },
	{ "POST", "/admin/products/:id/unlist", h_product_unlist, ACC_ADMIN, "products.edit", 0 },
	{ "POST", "/admin/products/:id/reject", h_product_reject, ACC_ADMIN, "products.edit", 0 },
	{ "GET",  "/admin/orders",	h_orders,	ACC_ADMIN, "orders.view", 0 },
	{ "GET",  "/admin/orders.csv",	h_orders_csv,	ACC_ADMIN, "orders.view", 0 },
	{ "GET",  "/admin/orders/:id",	h_order,	ACC_ADMIN, "orders.view", 0 },
	{ "POST", "/admin/orders/:id/cancel", h_order_cancel, ACC_ADMIN, "orders.edit", 0 },
	{ "GET",  "/admin/gb/activities", h_gb_activities, ACC_ADMIN, "activities.view", 0 },
	{ "GET",  "/admin/gb/activities/new", h_gb_activity_new, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities", h_gb_activity_save, ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/gb/activities/:id", h_gb_activity, ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/gb/activities/:id", h_gb_activity_save, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities/:id/pause", h_gb_pause, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities/:id/resume", h_gb_resume, ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/gb/simulate",	h_gb_simulate,	ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/gb/simulate",	h_gb_simulate,	ACC_ADMIN, "activities.view", 0 },
	{ "GET",  "/admin/gb/groups",	h_gb_groups,	ACC_ADMIN, "groups.view", 0 },
	{ "GET",  "/admin/gb/groups/:id", h_gb_group,	ACC_ADMIN, "groups.view", 0 },
	{ "POST", "/admin/gb/groups/:id/fill", h_gb_fill, ACC_ADMIN, "groups.edit", 0 },
	{ "POST", "/admin/gb/open",	h_gb_open,	ACC_ADMIN, "groups.edit", 0 },
	{ "GET",  "/admin/economy",	h_economy,	ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/economy/runs/:id", h_economy_run, ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/admins",	h_admins,	ACC_ADMIN, "admins", 0 },
	{ "POST", "/admin/admins",	h_admin_create,	ACC_ADMIN, "admins", 0 },
	{ "GET",  "/admin/password",	h_password_page, ACC_ADMIN, NULL, 0 },
	{ "POST", "/admin/password",	h_password,	ACC_ADMIN, NULL, 0 },
	{ "GET",  "/admin/sms",		h_sms,		ACC_ADMIN, "sms.view", 0 },
};

int
main(void)
{
	static const struct app app = {
		"admin", routes, sizeof(routes) / sizeof(routes[0]), SESS_ADMIN
	};

	return app_main(&app);
}
