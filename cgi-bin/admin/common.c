/* admin/common.c: what several back-office areas share: the navigation
 * mark, the tabs and decisions of the review queues, CSV fields. */
#include <string.h>
#include "app.h"
#include "buf.h"

#include "admin.h"

void
admin_nav(struct req *r, const char *active)
{
	struct json_object *v = req_view(r), *n = json_object_new_object();

	view_bool(n, active, 1);
	json_object_object_add(v, "nav", n);
}

/* The tab of a review queue (?status=pending|approved|rejected, default
 * pending), marked in the view as show_<status>. */
const char *
admin_queue_status(struct req *r)
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

const struct field admin_reject_fields[1] = {
	{ .name = "reason", .label = "驳回原因", .type = V_STR, .required = 1,
	  .max = 200 },
};

/* POST …/:id/approve or …/:id/reject (with a reason). */
int
admin_review(struct req *r, const struct review *rv, int approve)
{
	long long	id = req_id(r, "id");
	struct fval	v[1];
	struct svc_err	e;
	int		st;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, rv->missing);
	if (!approve && (st = req_valid(r, admin_reject_fields, 1, v)) != 0)
		return st;
	if (rv->decide(r->a, id, approve, approve ? NULL : v[0].s, r->admin_id,
	    r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, rv->back, approve ? rv->approved : rv->rejected);
}

/* One CSV field: quoted when it holds a comma, quote or line break, a
 * leading = + - @ neutralised (spreadsheet formula injection). */
void
admin_csv_field(buf *b, const char *s, int last)
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

const char *
admin_jget(struct json_object *o, const char *k)
{
	struct json_object *x;

	return json_object_object_get_ex(o, k, &x) && x != NULL ?
	    json_object_get_string(x) : NULL;
}
