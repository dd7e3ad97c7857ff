/* admin/account.c: login and logout, the dashboard, admin accounts and
 * password (I1), the SMS log (A3). */
#include <string.h>
#include "app.h"
#include "db.h"
#include "svc_cockpit.h"
#include "perm.h"
#include "sess.h"
#include "svc_admin.h"

#include "admin.h"

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

static const struct field login_fields[] = {
	{ .name = "username", .label = "用户名", .type = V_STR, .required = 1,
	  .max = 32 },
	{ .name = "password", .label = "密码", .type = V_STR, .required = 1,
	  .max = 64, .flags = VF_RAW },
};

int
h_login_page(struct req *r)
{
	if (r->admin_id > 0)
		return resp_redirect(r, admin_next(r));
	view_str(req_view(r), "title", "管理后台登录");
	view_str(r->view, "next", admin_next(r));
	return resp_page(r, "admin/login");
}

int
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

int
h_logout(struct req *r)
{
	sess_logout(r);
	return resp_done(r, "/admin/login", "已退出");
}

int
h_dashboard(struct req *r)
{
	struct json_object	*d = admin_dashboard(r->a), *todo, *today, *flows,
				*trend;
	db_res			 res;
	const char		*day;

	if (d == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "stats", d);
	/* The cockpit: what waits, today's money by kind, 30-day trends. */
	if (db_q(r->a, &res, "SELECT CAST(CURDATE() AS CHAR)", DB_NOARGS) !=
	    DB_OK)
		return resp_busy(r);
	day = arena_strdup(r->a, db_str(&res, 0, 0));
	if ((todo = cockpit_todo(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_add(r->view, "todo", todo);
	if ((today = cockpit_today(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_add(r->view, "today", today);
	if ((flows = cockpit_flows(r->a, day, day)) == NULL)
		return resp_busy(r);
	json_object_object_add(r->view, "flows", flows);
	if ((trend = cockpit_trend(r->a, 30)) == NULL)
		return resp_busy(r);
	/* The charts read it from a data attribute (the CSP allows no
	 * inline script). */
	view_str(r->view, "trend_json", json_object_to_json_string_ext(trend,
	    JSON_C_TO_STRING_PLAIN));
	json_object_object_add(r->view, "trend", trend);
	view_str(r->view, "today_date", day);
	view_str(r->view, "title", "概览");
	admin_nav(r, "dashboard");
	return resp_page(r, "admin/dashboard");
}

int
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

int
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

int
h_password_page(struct req *r)
{
	view_str(req_view(r), "title", "修改密码");
	admin_nav(r, "password");
	return resp_page(r, "admin/password");
}

int
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

int
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
