/* admin/members.c: members (I2) and their role applications. */
#include <string.h>
#include "app.h"
#include "perm.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_roles.h"
#include "svc_wallet.h"

#include "admin.h"

int
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

int
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

int
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


int
h_applications(struct req *r)
{
	const char		*s = admin_queue_status(r);
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

static const struct review role_review = { role_decide,
    "/admin/applications", "申请不存在", "已通过", "已驳回" };

int h_app_approve(struct req *r) { return admin_review(r, &role_review, 1); }
int h_app_reject(struct req *r) { return admin_review(r, &role_review, 0); }
