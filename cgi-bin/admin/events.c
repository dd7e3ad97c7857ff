/* admin/events.c: the back office's order-event deliveries (/admin/events,
 * DESIGN.md §4 "Order events"): the failed and the waiting deliveries with
 * their error and attempts, failed first, and a retry for those who may
 * change money. */
#include <string.h>
#include <json-c/json.h>
#include "admin.h"
#include "events.h"
#include "perm.h"
#include "svc.h"

int
h_events(struct req *r)
{
	const char		*st = req_query(r, "status");
	long long		 page = req_page(r), total = 0;
	struct json_object	*o, *v = req_view(r);

	if (st != NULL && strcmp(st, "failed") != 0 &&
	    strcmp(st, "pending") != 0)
		st = NULL;
	if ((o = events_list(r->a, st, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_foreach(o, k, x)
		json_object_object_add(v, k, json_object_get(x));
	json_object_put(o);
	view_str(v, "status", st ? st : "");
	view_bool(v, "show_failed", st != NULL && strcmp(st, "failed") == 0);
	view_bool(v, "show_pending", st != NULL && strcmp(st, "pending") == 0);
	view_bool(v, "show_all", st == NULL);
	view_bool(v, "can_retry", perm_allows(r->admin_role, "ledger.edit"));
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "订单事件投递");
	admin_nav(r, "events");
	return resp_page(r, "admin/events");
}

int
h_event_retry(struct req *r)
{
	struct svc_err	e;

	if (events_retry(r->a, req_id(r, "id"), r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/events", "已重新安排投递");
}
