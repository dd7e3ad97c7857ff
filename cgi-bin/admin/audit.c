/* admin/audit.c: the audit log page (I8): every admin action, filtered by
 * admin, action and date range, paged, and the same lines as CSV. The old
 * address /admin/log leads here. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "buf.h"
#include "svc_audit.h"

#include "admin.h"

/* 1 when s is a calendar day "YYYY-MM-DD" (2000 … 2099). */
static int
day_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int i, y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0);
}

/* A query parameter, NULL when absent or empty. */
static const char *
param(struct req *r, const char *name)
{
	const char *s = req_query(r, name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* The filter from ?admin=ID (0: the system), ?action=code, ?from= and
 * ?to= (days); 0, or the status of a 400 naming the bad field. The
 * filter's values are put in the view for the form. */
static int
audit_filter(struct req *r, struct audit_filter *f)
{
	struct json_object	*v = req_view(r);
	const char		*s;
	char			*end;
	size_t			 i;

	f->admin = -1;
	if ((s = param(r, "admin")) != NULL) {
		f->admin = strtoll(s, &end, 10);
		if (*end != '\0' || f->admin < 0 || strlen(s) > 18)
			return resp_error(r, 400, "invalid", "admin",
			    "管理员须为管理员编号");
		view_str(v, "f_admin", s);
	}
	if ((f->action = param(r, "action")) != NULL) {
		for (i = 0; i < audit_actions_n; i++)
			if (strcmp(audit_actions[i].code, f->action) == 0)
				break;
		if (i == audit_actions_n)
			return resp_error(r, 400, "invalid", "action",
			    "没有这种操作");
		view_str(v, "f_action", f->action);
	}
	if ((f->from = param(r, "from")) != NULL && !day_ok(f->from))
		return resp_error(r, 400, "invalid", "from",
		    "开始日期须为 YYYY-MM-DD 形式的日期");
	if ((f->to = param(r, "to")) != NULL && !day_ok(f->to))
		return resp_error(r, 400, "invalid", "to",
		    "结束日期须为 YYYY-MM-DD 形式的日期");
	if (f->from != NULL && f->to != NULL && strcmp(f->from, f->to) > 0)
		return resp_error(r, 400, "invalid", "to",
		    "结束日期不能早于开始日期");
	view_str(v, "f_from", f->from);
	view_str(v, "f_to", f->to);
	return 0;
}

/* The filter as a query string (for the CSV link). */
static const char *
filter_query(struct req *r, const struct audit_filter *f)
{
	return arena_printf(r->a, "admin=%s&action=%s&from=%s&to=%s",
	    f->admin >= 0 ? arena_printf(r->a, "%lld", f->admin) : "",
	    f->action ? url_encode(r->a, f->action) : "",
	    f->from ? f->from : "", f->to ? f->to : "");
}

/* The choices of the filter form, the current ones marked. */
static int
filter_choices(struct req *r, const struct audit_filter *f)
{
	struct json_object	*v = req_view(r), *adm, *acts, *o;
	size_t			 i;

	if ((adm = audit_admins(r->a)) == NULL)
		return -1;
	for (i = 0; i < json_object_array_length(adm); i++) {
		o = json_object_array_get_idx(adm, i);
		view_bool(o, "selected", json_object_get_int64(
		    json_object_object_get(o, "id")) == f->admin);
	}
	json_object_object_add(v, "admins", adm);
	view_bool(v, "system_selected", f->admin == 0);
	acts = json_object_new_array();
	for (i = 0; i < audit_actions_n; i++) {
		o = json_object_new_object();
		view_str(o, "code", audit_actions[i].code);
		view_str(o, "name", audit_actions[i].name);
		view_bool(o, "selected", f->action != NULL &&
		    strcmp(f->action, audit_actions[i].code) == 0);
		json_object_array_add(acts, o);
	}
	json_object_object_add(v, "actions", acts);
	return 0;
}

int
h_audit(struct req *r)
{
	struct audit_filter	 f;
	struct json_object	*list, *v = req_view(r);
	long long		 page = req_page(r), total;
	int			 st;

	view_str(v, "title", "操作日志");
	admin_nav(r, "audit");
	r->tmpl = "admin/audit";
	if ((st = audit_filter(r, &f)) != 0)
		return st;
	if ((list = audit_list(r->a, &f, page, PER_PAGE, &total)) == NULL ||
	    filter_choices(r, &f) != 0) {
		json_object_put(list);
		return resp_busy(r);
	}
	json_object_object_add(v, "entries", list);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "csv", arena_printf(r->a, "/admin/audit.csv?%s",
	    filter_query(r, &f)));
	view_bool(v, "filtered", f.admin >= 0 || f.action || f.from || f.to);
	return resp_page(r, "admin/audit");
}

/* The filtered lines as CSV (UTF-8 with a BOM for spreadsheet programs),
 * newest first, at most 10000 lines. */
int
h_audit_csv(struct req *r)
{
	static const char *const cols[] = { "at", "admin", "ip", "action",
	    "target", "old", "new", "detail", NULL };
	struct audit_filter	 f;
	struct json_object	*list;
	long long		 page, total;
	buf			 b;
	size_t			 i, k, n;
	int			 st;

	if ((st = audit_filter(r, &f)) != 0)
		return st;
	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF时间,管理员,IP,操作,对象,原值,新值,详情\r\n");
	for (page = 1; page <= 10; page++) {
		if ((list = audit_list(r->a, &f, page, 1000, &total)) ==
		    NULL) {
			buf_clear(&b);
			return resp_busy(r);
		}
		for (i = 0; i < json_object_array_length(list); i++)
			for (k = 0; cols[k] != NULL; k++)
				admin_csv_field(&b, admin_jget(
				    json_object_array_get_idx(list, i),
				    cols[k]), cols[k + 1] == NULL);
		n = json_object_array_length(list);
		json_object_put(list);
		if (n < 1000)
			break;
	}
	resp_header(r, "Content-Disposition",
	    "attachment; filename=\"audit.csv\"");
	st = resp_raw(r, "text/csv; charset=utf-8", b.p, b.len);
	buf_clear(&b);
	return st;
}

/* /admin/log: the page's old address (it was a 404 that lost the
 * navigation); the query, if any, is kept. */
int
h_audit_old(struct req *r)
{
	const char *q = strchr(r->uri, '?');

	return resp_redirect(r, q != NULL ? arena_printf(r->a,
	    "/admin/audit%s", q) : "/admin/audit");
}
