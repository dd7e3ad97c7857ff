/* admin/store.c: offline stores (门店, FEATURES F8): the list by status
 * (all by default) and the review (approve, reject with a reason;
 * audited). */
#include <string.h>
#include "app.h"
#include "perm.h"
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
