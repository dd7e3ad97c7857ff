/* admin/queue.c: the back office's queue rebate (排队返利, FEATURES F2,
 * F6): every queue with its head, what waits and what it holds, the
 * entitlements search, and pause / resume / reset (audited). The settings
 * are the group 排队返利 on /admin/settings. */
#include <string.h>
#include <json-c/json.h>
#include "admin.h"
#include "perm.h"
#include "svc_queue.h"

/* Fills the page's view (queues, entitlements found, products): 0, or
 * the status of a busy refusal. */
static int
queue_page(struct req *r)
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
	if ((o = queue_admin_products(r->a)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "products", o);
	view_str(v, "q", q);
	view_str(v, "status", st ? st : "");
	view_int(v, "found", total);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "排队返利");
	admin_nav(r, "queue");
	return 0;
}

int
h_queues(struct req *r)
{
	int st;

	if ((st = queue_page(r)) != 0)
		return st;
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

enum { P_PRODUCT, P_ENABLED, P_RATIO, P_LEVELS, P_TIERS, P_LOTTERY, P__MAX };
static const struct field product_fields[P__MAX] = {
	[P_PRODUCT] = { .name = "product", .label = "商品ID", .type = V_INT,
	  .required = 1, .min = 1, .max = 999999999999 },
	[P_ENABLED] = { .name = "enabled", .label = "参与排队", .type = V_BOOL },
	[P_RATIO] = { .name = "ratio_bp", .label = "商品返利比例", .type = V_INT,
	  .min = 0, .max = 100000 },
	[P_LEVELS] = { .name = "levels", .label = "会员等级比例", .type = V_STR,
	  .max = 1000 },
	[P_TIERS] = { .name = "tiers", .label = "累计消费档位", .type = V_STR,
	  .max = 1000 },
	[P_LOTTERY] = { .name = "lottery", .label = "抽奖比例", .type = V_STR,
	  .max = 400 },
};

/* A product's own queue settings (POST /admin/queue/products): an empty
 * ratio leaves the plugin's; the lists in the engine's formats. */
int
h_queue_product(struct req *r)
{
	struct fval			v[P__MAX];
	struct queue_product_conf	p;
	struct svc_err			e;
	const char			*ratio = req_form(r, "ratio_bp");
	int				st;

	if ((st = queue_page(r)) != 0)
		return st;
	r->tmpl = "admin/queue";
	if ((st = req_valid(r, product_fields, P__MAX, v)) != 0)
		return st;
	memset(&p, 0, sizeof(p));
	p.product = v[P_PRODUCT].i;
	p.enabled = v[P_ENABLED].i;
	p.ratio_bp = ratio != NULL && *ratio != '\0' ? v[P_RATIO].i : -1;
	p.levels = v[P_LEVELS].s;
	p.tiers = v[P_TIERS].s;
	p.lottery = v[P_LOTTERY].s;
	if (queue_product_save(r->a, &p, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/queue", "商品排队设置已保存");
}

/* 一键启用 */
int
h_queue_enable_all(struct req *r)
{
	struct svc_err	e;
	long long	n = 0;

	if (queue_products_enable_all(r->a, r->admin_id, r->ip, &n, &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "enabled", n);
	return resp_done(r, "/admin/queue", arena_printf(r->a,
	    "已启用全部商品的排队返利（%lld 个商品从关闭改为参与）", n));
}
