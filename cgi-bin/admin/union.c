/* admin/union.c: the union queue (工会排队, FEATURES F7) for operators:
 * the net-profit definition the daily run uses, the pool and what waits,
 * and each day's parts, funding and payouts (or why nothing moved). The
 * settings are the group 工会排队 on /admin/settings. */
#include "app.h"
#include "svc_union.h"

#include "admin.h"

int
h_union(struct req *r)
{
	struct json_object *o = union_admin_view(r->a);

	if (o == NULL)
		return resp_busy(r);
	view_merge(req_view(r), o);
	view_str(r->view, "title", "工会排队");
	admin_nav(r, "union");
	return resp_page(r, "admin/union");
}
