/* admin/cockpit.c: the compliance check (/admin/compliance) and the money
 * report (/admin/reports, its CSV) of the operator's cockpit (issue 20);
 * the dashboard itself is h_dashboard in account.c. */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "db.h"
#include "svc_cockpit.h"

#include "admin.h"

int
h_compliance(struct req *r)
{
	struct json_object *c = cockpit_compliance(r->a);

	if (c == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "compliance", c);
	view_str(r->view, "title", "合规自检");
	admin_nav(r, "compliance");
	return resp_page(r, "admin/compliance");
}

/* A date "YYYY-MM-DD" that MariaDB agrees is one, else NULL. */
static const char *
valid_date(struct req *r, const char *s)
{
	int	y, m, d;
	char	tail;
	db_res	res;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    strlen(s) != 10)
		return NULL;
	if (db_q(r->a, &res, "SELECT CAST(STR_TO_DATE(?, '%Y-%m-%d') AS CHAR)",
	    DB_ARGS(DB_TEXT(s))) != DB_OK || res.nrows == 0 ||
	    db_str(&res, 0, 0) == NULL || strcmp(db_str(&res, 0, 0), s) != 0)
		return NULL;
	return s;
}

/* The report's range (?from=&to=, default the last 30 days, at most 366
 * days); 0, or an error response's status. */
static int
report_range(struct req *r, const char **from, const char **to)
{
	const char	*f = req_query(r, "from"), *t = req_query(r, "to");
	db_res		 res;

	if (f == NULL || *f == '\0' || t == NULL || *t == '\0') {
		if (db_q(r->a, &res, "SELECT CAST(CURDATE() - INTERVAL 29 DAY AS "
		    "CHAR), CAST(CURDATE() AS CHAR)", DB_NOARGS) != DB_OK)
			return resp_busy(r);
		if (f == NULL || *f == '\0')
			f = arena_strdup(r->a, db_str(&res, 0, 0));
		if (t == NULL || *t == '\0')
			t = arena_strdup(r->a, db_str(&res, 0, 1));
	}
	if ((*from = valid_date(r, f)) == NULL)
		return resp_error(r, 400, "invalid", "from",
		    "开始日期格式应为 2026-01-31");
	if ((*to = valid_date(r, t)) == NULL)
		return resp_error(r, 400, "invalid", "to",
		    "结束日期格式应为 2026-01-31");
	if (db_q(r->a, &res, "SELECT DATEDIFF(?, ?)", DB_ARGS(DB_TEXT(*to),
	    DB_TEXT(*from))) != DB_OK)
		return resp_busy(r);
	if (db_ll(&res, 0, 0) < 0)
		return resp_error(r, 400, "invalid", "to",
		    "结束日期不能早于开始日期");
	if (db_ll(&res, 0, 0) > 365)
		return resp_error(r, 400, "invalid", "from",
		    "一次最多查询 366 天");
	return 0;
}

int
h_reports(struct req *r)
{
	const char		*from, *to;
	struct json_object	*f, *days;
	int			 st;

	view_str(req_view(r), "title", "资金报表");
	admin_nav(r, "reports");
	if ((st = report_range(r, &from, &to)) != 0)
		return st;
	if ((f = cockpit_flows(r->a, from, to)) == NULL)
		return resp_busy(r);
	if (json_object_object_get_ex(f, "days", &days))
		view_str(r->view, "days_json", json_object_to_json_string_ext(
		    days, JSON_C_TO_STRING_PLAIN));
	json_object_object_add(r->view, "report", f);
	view_str(r->view, "from", from);
	view_str(r->view, "to", to);
	return resp_page(r, "admin/reports");
}

int
h_reports_csv(struct req *r)
{
	const char		*from, *to;
	struct json_object	*f, *rows, *x;
	buf			 b;
	size_t			 i;
	int			 st;

	if ((st = report_range(r, &from, &to)) != 0)
		return st;
	if ((f = cockpit_flows(r->a, from, to)) == NULL)
		return resp_busy(r);
	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF类型,币种,入账,出账,净额\r\n");
	if (json_object_object_get_ex(f, "rows", &rows))
		for (i = 0; i < json_object_array_length(rows); i++) {
			x = json_object_array_get_idx(rows, i);
			admin_csv_field(&b, admin_jget(x, "kind_name"), 0);
			admin_csv_field(&b, admin_jget(x, "currency_name"), 0);
			admin_csv_field(&b, admin_jget(x, "in"), 0);
			admin_csv_field(&b, admin_jget(x, "out"), 0);
			admin_csv_field(&b, admin_jget(x, "net"), 1);
		}
	json_object_put(f);
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"report-%s-%s.csv\"", from, to));
	st = resp_raw(r, "text/csv; charset=utf-8", b.p, b.len);
	buf_clear(&b);
	return st;
}
