/* admin/rp.c: the red-packet rain in the back office (E1): the list of
 * rains (status, grabbed, paid, unclaimed, top grabbers), creating one
 * (its total moves into escrow at once) and cancelling one that has not
 * started. Both actions are audited by the service (svc_rp.c). */
#include <string.h>
#include "app.h"
#include "perm.h"
#include "svc_rp.h"

#include "admin.h"

/* The list page; also the form page a refused create shows again. */
static int
rp_page(struct req *r)
{
	static const char *const st[] = { "scheduled", "live", "ended",
	    "cancelled", NULL };
	const char		*s = req_tab(r, "status", st, "");
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);

	if ((list = rp_admin_list(r->a, s, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "rains", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	view_str(v, "title", "红包雨");
	admin_nav(r, "rp");
	r->tmpl = "admin/rp";
	return 200;
}

int
h_rp_list(struct req *r)
{
	int st = rp_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const struct field rp_fields[] = {
	{ .name = "title", .label = "标题", .type = V_STR, .required = 1,
	  .min = 1, .max = 60 },
	{ .name = "total", .label = "总金额", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
	{ .name = "count", .label = "红包个数", .type = V_INT, .required = 1,
	  .min = 1, .max = 100000 },
	{ .name = "start_at", .label = "开始时间", .type = V_STR, .required = 1,
	  .max = 19 },
	{ .name = "end_at", .label = "结束时间", .type = V_STR, .required = 1,
	  .max = 19 },
	{ .name = "cap", .label = "每人可抢个数", .type = V_INT, .required = 1,
	  .min = 1, .max = 1000 },
	{ .name = "joined_before", .label = "参与资格（注册早于）",
	  .type = V_STR, .max = 19 },
};
enum { F_TITLE, F_TOTAL, F_COUNT, F_START, F_END, F_CAP, F_JOINED, F__MAX };

int
h_rp_create(struct req *r)
{
	struct fval	 v[F__MAX];
	struct rp_new	 n;
	struct svc_err	 e;
	struct json_object *x;
	long long	 id;
	int		 st;

	if (!r->want_json && (st = rp_page(r)) != 200)
		return st;
	if ((st = req_valid(r, rp_fields, F__MAX, v)) != 0)
		return st;
	memset(&n, 0, sizeof(n));
	n.title = v[F_TITLE].s;
	n.total = v[F_TOTAL].amount;
	n.count = v[F_COUNT].i;
	n.cap = v[F_CAP].i;
	n.start_at = v[F_START].s;
	n.end_at = v[F_END].s;
	n.joined_before = v[F_JOINED].s;
	if (rp_create(r->a, &n, r->admin_id, r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", id);
	json_object_object_add(r->view, "rain", x);
	return resp_done(r, "/admin/rp", arena_printf(r->a,
	    "红包雨 #%lld 已创建，奖金已转入托管", id));
}

int
h_rp_cancel(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (rp_cancel(r->a, id, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/rp", arena_printf(r->a,
	    "红包雨 #%lld 已取消，奖金已退回平台", id));
}
