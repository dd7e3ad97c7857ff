/* admin/economy.c: the economy over time (D7, D8; I7 obligations). */
#include "app.h"
#include "svc_cockpit.h"
#include "svc_economy.h"

#include "admin.h"

int
h_economy(struct req *r)
{
	struct json_object	*o = eco_admin_view(r->a), *ob;
	long long		 ratio;

	if (o == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "economy", o);
	/* What the platform owes next to the money backing it (issue 20). */
	if ((ob = cockpit_obligations(r->a, &ratio)) == NULL)
		return resp_busy(r);
	json_object_object_add(r->view, "backing", ob);
	view_str(r->view, "title", "资金池与分红");
	admin_nav(r, "economy");
	return resp_page(r, "admin/economy");
}

int
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
