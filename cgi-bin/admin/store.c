/* admin/store.c: offline stores (门店, FEATURES F8): the list by status
 * (all by default) and the review (approve, reject with a reason;
 * audited); service points (C6): appointed with their staff member.
 * The pickup reward is the setting pickup.reward. */
#include <string.h>
#include "app.h"
#include "perm.h"
#include "svc_pickup.h"
#include "svc_store.h"

#include "admin.h"

static const struct review store_review = { store_decide,
    "/admin/stores", "门店不存在", "已通过门店审核", "已驳回" };

int h_store_approve(struct req *r) { return admin_review(r, &store_review, 1); }
int h_store_reject(struct req *r) { return admin_review(r, &store_review, 0); }

int
h_stores(struct req *r)
{
	static const char *const st[] = { "pending", "approved", "rejected",
	    NULL };
	const char		*s = req_tab(r, "status", st, "");
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);

	if ((list = store_admin_list(r->a, *s == '\0' ? NULL : s,
	    page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "stores", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "merchants.edit"));
	view_str(v, "title", "门店");
	admin_nav(r, "stores");
	return resp_page(r, "admin/stores");
}

/* --- service points (C6) ----------------------------------------------- */

static int
points_page(struct req *r)
{
	struct json_object *o = pickup_points_admin(r->a);

	if (o == NULL)
		return resp_busy(r);
	view_merge(req_view(r), o);
	view_bool(r->view, "can_edit", perm_allows(r->admin_role,
	    "merchants.edit"));
	view_str(r->view, "title", "服务点");
	admin_nav(r, "points");
	r->tmpl = "admin/points";
	return 0;
}

int
h_points(struct req *r)
{
	int st;

	if ((st = points_page(r)) != 0)
		return st;
	return 200;
}

enum { P_NAME, P_PROVINCE, P_CITY, P_DISTRICT, P_ADDRESS, P_STAFF, P_STORE,
    P__MAX };
static const struct field point_fields[P__MAX] = {
	[P_NAME] = { .name = "name", .label = "服务点名称", .type = V_STR,
	  .required = 1, .min = 2, .max = 40 },
	[P_PROVINCE] = { .name = "province", .label = "省份", .type = V_REGION,
	  .required = 1 },
	[P_CITY] = { .name = "city", .label = "城市", .type = V_REGION,
	  .required = 1 },
	[P_DISTRICT] = { .name = "district", .label = "区县", .type = V_REGION,
	  .required = 1 },
	[P_ADDRESS] = { .name = "address", .label = "详细地址", .type = V_STR,
	  .required = 1, .min = 4, .max = 200 },
	[P_STAFF] = { .name = "staff", .label = "负责人手机号", .type = V_PHONE,
	  .required = 1 },
	[P_STORE] = { .name = "store", .label = "门店编号", .type = V_INT,
	  .min = 1, .max = 999999999999LL },
};

int
h_point_create(struct req *r)
{
	struct fval		v[P__MAX];
	struct point_new	p;
	struct svc_err		e;
	long long		id;
	int			st;

	if ((st = points_page(r)) != 0)
		return st;
	if ((st = req_valid(r, point_fields, P__MAX, v)) != 0)
		return st;
	p.name = v[P_NAME].s;
	p.province = v[P_PROVINCE].s;
	p.city = v[P_CITY].s;
	p.district = v[P_DISTRICT].s;
	p.address = v[P_ADDRESS].s;
	p.staff = v[P_STAFF].s;
	p.store = v[P_STORE].present ? v[P_STORE].i : 0;
	if (pickup_point_create(r->a, &p, r->admin_id, r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	view_int(r->view, "point_id", id);
	return resp_done(r, "/admin/service-points", "服务点已设立");
}
