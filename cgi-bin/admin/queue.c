/* admin/queue.c: the back office's queue rebate (排队返利, FEATURES F2,
 * F6): every queue with its head, what waits and what it holds, the
 * entitlements search, and pause / resume / reset (audited). The settings
 * are the group 排队返利 on /admin/settings. */
#include <string.h>
#include <json-c/json.h>
#include "admin.h"
#include "perm.h"
#include "svc_queue.h"

int
h_queues(struct req *r)
{
	struct json_object	*v = req_view(r), *o;
	const char		*q = req_query(r, "q"), *st = req_query(r,
				    "status");
	long long		 page = req_page(r), total = 0;

	if (st != NULL && strcmp(st, "waiting") != 0 && strcmp(st, "done") !=
	    0 && strcmp(st, "exchanged") != 0 && strcmp(st, "cleared") != 0 &&
	    strcmp(st, "cancelled") != 0)
		st = NULL;
	if ((o = queue_admin_queues(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_foreach(o, k, x)
		json_object_object_add(v, k, json_object_get(x));
	json_object_put(o);
	if ((o = queue_admin_entitlements(r->a, q, st, page, PER_PAGE,
	    &total)) == NULL)
		return resp_busy(r);
	json_object_object_foreach(o, k2, x2)
		json_object_object_add(v, k2, json_object_get(x2));
	json_object_put(o);
	view_str(v, "q", q);
	view_str(v, "status", st ? st : "");
	view_int(v, "found", total);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "排队返利");
	admin_nav(r, "queue");
	return resp_page(r, "admin/queue");
}

static int
pause_or_resume(struct req *r, int pause)
{
	struct svc_err	e;

	if (queue_pause(r->a, req_id(r, "id"), pause, r->admin_id, r->ip, &e)
	    != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/queue", pause ? "队列已暂停返还（订单照常入队）" :
	    "队列已恢复返还");
}

int
h_queue_pause(struct req *r)
{
	return pause_or_resume(r, 1);
}

int
h_queue_resume(struct req *r)
{
	return pause_or_resume(r, 0);
}

int
h_queue_reset(struct req *r)
{
	struct svc_err	e;

	if (queue_reset(r->a, req_id(r, "id"), r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/queue", "队列已重置");
}
