/* admin/gb.c: group-buy activities, groups (I4) and the economics
 * simulator (D12). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "buf.h"
#include "conf.h"
#include "perm.h"
#include "svc_groupbuy.h"

#include "admin.h"

static const char *const presets[] = { "lianbeihang", "quanmin", "tequan",
    NULL };

/* A preset's JSON from etc/presets (the config's "presets" directory). */
static const char *
preset_json(struct req *r, const char *name)
{
	char	 chunk[4096];
	FILE	*f;
	buf	 b;
	size_t	 n, i;
	const char *out;

	for (i = 0; presets[i] != NULL; i++)
		if (strcmp(presets[i], name) == 0)
			break;
	if (presets[i] == NULL || (f = fopen(arena_printf(r->a, "%s/%s.json",
	    conf_get("presets", "etc/presets"), name), "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	out = arena_strdup(r->a, buf_str(&b));
	buf_clear(&b);
	return out;
}

/* --- D12: the economics simulator ---------------------------------------- */

/* The validator's messages as a new array [{"field", "message"}, …]. */
static struct json_object *
errors_json(const struct gb_errors *errs)
{
	struct json_object	*list = json_object_new_array(), *x;
	size_t			 i;

	for (i = 0; i < errs->n; i++) {
		x = json_object_new_object();
		view_str(x, "field", errs->e[i].field);
		view_str(x, "message", errs->e[i].message);
		json_object_array_add(list, x);
	}
	return list;
}

/* Simulates the configuration cfg (borrowed) under as and puts the result
 * under "sim" in the view. Returns 0; 400 (already prepared, with every
 * validator message: "errors" for JSON, "errors_list" for the page) when
 * the configuration is invalid; 503 when the database or memory failed. */
static int
sim_attach(struct req *r, struct json_object *cfg,
    const struct gb_sim_assume *as)
{
	struct gb_activity	*act;
	struct gb_errors	 errs;
	struct json_object	*list, *sim;
	int			 rc, st;

	if ((act = arena_alloc(r->a, sizeof(*act))) == NULL)
		return resp_busy(r);
	if ((rc = gb_activity_check(r->a, cfg, act, &errs)) < 0)
		return resp_busy(r);
	if (rc > 0) {
		list = errors_json(&errs);
		st = resp_error(r, 400, "invalid", arena_strdup(r->a,
		    errs.e[0].field), arena_strdup(r->a, errs.e[0].message));
		json_object_object_add(req_view(r), r->want_json ? "errors" :
		    "errors_list", list);
		return st;
	}
	if ((sim = gb_sim_view(r->a, act, as)) == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "sim", sim);
	return 0;
}

/* The configuration text (an activity's stored one; NULL: none) under the
 * default assumptions, as "sim" in the view; nothing when it cannot be had
 * (the page still shows the editor). */
static void
sim_of_config(struct req *r, const char *text)
{
	struct json_object	*cfg = text ? json_tokener_parse(text) : NULL;
	struct gb_sim_assume	 as;
	struct gb_activity	 act;
	struct gb_errors	 errs;
	struct json_object	*sim;

	if (cfg != NULL && gb_sim_assume_load(r->a, &as) == 0 &&
	    gb_activity_check(r->a, cfg, &act, &errs) == 0 &&
	    (sim = gb_sim_view(r->a, &act, &as)) != NULL)
		json_object_object_add(req_view(r), "sim", sim);
	if (cfg != NULL)
		json_object_put(cfg);
}

static const struct field sim_fields[] = {
	{ .name = "activity", .label = "活动", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
	{ .name = "cost_bp", .label = "商品成本比例（基点）", .type = V_INT,
	  .min = 0, .max = GB_SIM_COST_BP_MAX },
	{ .name = "uplines", .label = "“有上一代、上二代”", .type = V_BOOL },
	{ .name = "gold_held", .label = "“持有购物金”", .type = V_BOOL },
	{ .name = "preset", .label = "预设", .type = V_ENUM,
	  .choices = presets },
};

/* The JSON body's "assume" object into *as (over the defaults already in
 * it). 0, or the 400 response already prepared. */
static int
sim_assume_json(struct req *r, struct json_object *o, struct gb_sim_assume *as)
{
	struct json_object_iterator	 it, end;
	struct json_object		*v;
	const char			*k;
	int64_t				 n;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return resp_error(r, 400, "invalid", "assume",
		    "assume 须为对象：{\"cost_bp\": 3000, \"uplines\": true, "
		    "\"gold_held\": true}");
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		k = json_object_iter_peek_name(&it);
		v = json_object_iter_peek_value(&it);
		if (strcmp(k, "cost_bp") == 0) {
			n = json_object_get_int64(v);
			if (!json_object_is_type(v, json_type_int) || n < 0 ||
			    n > GB_SIM_COST_BP_MAX)
				return resp_error(r, 400, "range",
				    "assume.cost_bp", arena_printf(r->a,
				    "商品成本比例须为 0 到 %d 之间的整数（基点，"
				    "3000 即 30%%）", GB_SIM_COST_BP_MAX));
			as->cost_bp = (int)n;
		} else if (strcmp(k, "uplines") == 0 ||
		    strcmp(k, "gold_held") == 0) {
			if (!json_object_is_type(v, json_type_boolean))
				return resp_error(r, 400, "invalid",
				    arena_printf(r->a, "assume.%s", k),
				    arena_printf(r->a, "%s须为 true 或 false",
				    strcmp(k, "uplines") == 0 ?
				    "“有上一代、上二代”" : "“持有购物金”"));
			if (strcmp(k, "uplines") == 0)
				as->uplines = json_object_get_boolean(v);
			else
				as->gold_held = json_object_get_boolean(v);
		} else
			return resp_error(r, 400, "invalid", arena_printf(r->a,
			    "assume.%s", k), arena_printf(r->a, "假设中没有"
			    "“%s”这一项（可用 cost_bp、uplines、gold_held）", k));
	}
	return 0;
}

/* GET and POST /admin/gb/simulate: the simulator (see the template for
 * what each figure means). Input, from a JSON body {"activity": <activity
 * JSON> | <activity id>, "assume": {"cost_bp", "uplines", "gold_held"}},
 * or from the form (POST) or the query (GET): config (pasted JSON, wins),
 * activity (an id), preset, cost_bp, uplines, gold_held (1/0). A JSON POST
 * answers {"ok":true, inflow, lines, outflow, profit, profit_bp, …} (see
 * gb_sim_view); a page shows the form and, once there is an activity, the
 * result under "sim" (also in the GET page's JSON view). Side-effect free:
 * nothing is saved. */
int
h_gb_simulate(struct req *r)
{
	struct json_object	*v = req_view(r), *cfg = NULL, *x, *list = NULL,
				*in;
	struct gb_sim_assume	 as;
	struct fval		 f[sizeof(sim_fields) / sizeof(sim_fields[0])];
	struct ferr		 fe;
	const char		*text = NULL;
	long long		 id = 0;
	size_t			 i;
	int			 post = strcmp(r->method, "POST") == 0, st;

	view_str(v, "title", "经济模型模拟");
	admin_nav(r, "gb_sim");
	r->tmpl = "admin/gb_sim";
	/* the activity picker: for the page, not for a JSON body's answer */
	if (r->jbody == NULL && (list = gb_activity_choices(r->a)) != NULL)
		json_object_object_add(v, "activities", list);
	if (gb_sim_assume_load(r->a, &as) != 0)
		return resp_busy(r);

	if (r->jbody != NULL) {
		json_object_object_foreach(r->jbody, key, val) {
			(void)val;
			if (strcmp(key, "activity") != 0 &&
			    strcmp(key, "assume") != 0)
				return resp_error(r, 400, "unknown", key,
				    arena_printf(r->a, "不支持的字段“%s”"
				    "（只有 activity 与 assume；假设放在 assume "
				    "中）", key));
		}
		x = NULL;
		if (!json_object_object_get_ex(r->jbody, "activity", &x) ||
		    x == NULL)
			return resp_error(r, 400, "required", "activity",
			    "请提供活动配置（activity）");
		if (json_object_is_type(x, json_type_int))
			id = json_object_get_int64(x);
		else if (json_object_is_type(x, json_type_object))
			cfg = json_object_get(x);
		else
			return resp_error(r, 400, "invalid", "activity",
			    "activity 须为活动配置（JSON 对象）或活动 ID");
		if (id < 0 || (cfg == NULL && id == 0))
			return resp_error(r, 400, "invalid", "activity",
			    "活动 ID 无效");
		x = NULL;
		json_object_object_get_ex(r->jbody, "assume", &x);
		if ((st = sim_assume_json(r, x, &as)) != 0) {
			json_object_put(cfg);
			return st;
		}
	} else {
		if (valid_form(r->a, post ? &r->form : &r->q, sim_fields,
		    sizeof(sim_fields) / sizeof(sim_fields[0]), f, &fe) != 0)
			return resp_error(r, 400, fe.code, fe.field, fe.message);
		text = post ? req_form(r, "config") : req_query(r, "config");
		while (text != NULL && (*text == ' ' || *text == '\n' ||
		    *text == '\r' || *text == '\t'))
			text++;
		if (text != NULL && *text == '\0')
			text = NULL;
		if (text == NULL && f[4].present)
			text = preset_json(r, f[4].s);
		if (text == NULL && f[0].present)
			id = f[0].i;
		if (f[1].present)
			as.cost_bp = (int)f[1].i;
		if (f[2].present)
			as.uplines = (int)f[2].i;
		if (f[3].present)
			as.gold_held = (int)f[3].i;
	}

	/* what the form shows again */
	in = json_object_new_object();
	view_str(in, "config", text != NULL ? text : "");
	view_int(in, "cost_bp", as.cost_bp);
	view_bool(in, "uplines", as.uplines);
	view_bool(in, "gold_held", as.gold_held);
	if (id > 0)
		view_int(in, "activity", id);
	json_object_object_add(v, "in", in);
	for (i = 0; list != NULL && i < json_object_array_length(list); i++) {
		x = json_object_array_get_idx(list, i);
		view_bool(x, "selected", id > 0 && json_object_get_int64(
		    json_object_object_get(x, "id")) == id);
	}

	if (id > 0) {
		if ((text = gb_activity_config(r->a, id)) == NULL)
			return resp_error(r, 404, "not_found", "activity",
			    "活动不存在");
	}
	if (cfg == NULL && text != NULL &&
	    ((cfg = json_tokener_parse(text)) == NULL ||
	    !json_object_is_type(cfg, json_type_object))) {
		json_object_put(cfg);
		return resp_error(r, 400, "invalid", "config",
		    "活动配置不是有效的 JSON 对象");
	}
	if (cfg == NULL) {
		if (post)
			return resp_error(r, 400, "required", "config",
			    "请选择活动，或粘贴活动配置（JSON）");
		return resp_page(r, r->tmpl);	/* the empty form */
	}
	st = sim_attach(r, cfg, &as);
	json_object_put(cfg);
	if (st != 0)
		return st;
	if (r->want_json && post) {
		/* the answer is the simulation itself, with ok */
		x = json_object_get(json_object_object_get(r->view, "sim"));
		json_object_put(r->view);
		r->view = x;
		return resp_done(r, "/admin/gb/simulate", NULL);
	}
	return resp_page(r, r->tmpl);
}

int
h_gb_activities(struct req *r)
{
	struct json_object *list = gb_admin_activities(r->a), *v = req_view(r);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "activities", list);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	view_str(v, "title", "拼团活动");
	admin_nav(r, "gb");
	return resp_page(r, "admin/gb_activities");
}

/* The editor: the activity's configuration (or a preset's, or the text
 * just refused) with its rules described, for id (0: a new one). */
static int
gb_editor(struct req *r, long long id, const char *text)
{
	struct json_object	*v = req_view(r), *a;
	const char		*p = req_query(r, "preset");

	if (id > 0) {
		if ((a = gb_activity_view(r->a, id, 0)) == NULL)
			return resp_error(r, 404, "not_found", NULL, "活动不存在");
		json_object_object_add(v, "activity", a);
		/* the stored configuration, and what it yields per draw; a
		 * refused save shows the text sent back, without the table */
		if (text == NULL) {
			text = gb_activity_config(r->a, id);
			sim_of_config(r, text);
		}
		view_str(v, "title", arena_printf(r->a, "编辑活动 #%lld", id));
		view_str(v, "action", arena_printf(r->a,
		    "/admin/gb/activities/%lld", id));
	} else {
		if (text == NULL)
			text = p ? preset_json(r, p) : NULL;
		if (text == NULL)
			text = preset_json(r, "quanmin");
		view_str(v, "title", "新建拼团活动");
		view_str(v, "action", "/admin/gb/activities");
	}
	view_str(v, "config", text ? text : "{}");
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	admin_nav(r, "gb");
	r->tmpl = "admin/gb_activity";
	return 200;
}

int
h_gb_activity(struct req *r)
{
	int st = gb_editor(r, req_id(r, "id"), NULL);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

int
h_gb_activity_new(struct req *r)
{
	int st = gb_editor(r, 0, NULL);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

int
h_gb_activity_save(struct req *r)
{
	long long		 id = req_id(r, "id"), out;
	const char		*text = req_form(r, "config");
	struct gb_errors	 errs;
	struct svc_err		 e;
	struct json_object	*x;
	int			 st;

	if (id < 0)
		id = 0;
	if ((st = gb_editor(r, id, text)) != 200)
		return st;
	if (gb_activity_save(r->a, id, text, r->admin_id, r->ip, &out, &errs,
	    &e) != 0) {
		json_object_object_add(r->view, "errors_list",
		    errors_json(&errs));
		return resp_svc(r, &e);
	}
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", out);
	json_object_object_add(r->view, "activity", x);
	return resp_done(r, arena_printf(r->a, "/admin/gb/activities/%lld", out),
	    id > 0 ? "已保存为新版本；已开的团仍按开团时的规则开奖" : "活动已创建");
}

static int
gb_status(struct req *r, const char *status)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (gb_activity_status(r->a, id, status, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/gb/activities", strcmp(status, "active") ==
	    0 ? "活动已恢复" : "活动已暂停");
}

int h_gb_pause(struct req *r) { return gb_status(r, "paused"); }
int h_gb_resume(struct req *r) { return gb_status(r, "active"); }

int
h_gb_groups(struct req *r)
{
	static const char *const st[] = { "unfilled", "drawn", "failed", NULL };
	const char		*s = req_tab(r, "status", st, "");
	const char		*act = req_query(r, "activity");
	long long		 page = req_page(r), total, aid = 0;
	struct json_object	*list, *v = req_view(r);

	if (act != NULL && *act != '\0')
		aid = strtoll(act, NULL, 10);
	if ((list = gb_admin_groups(r->a, s, aid, page, PER_PAGE, &total)) ==
	    NULL)
		return resp_busy(r);
	json_object_object_add(v, "groups", list);
	if ((list = gb_admin_activities(r->a)) != NULL)
		json_object_object_add(v, "activities", list);
	if (aid > 0)
		view_int(v, "activity", aid);
	view_int(v, "total", total);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "groups.edit"));
	view_str(v, "title", "拼团");
	admin_nav(r, "gb_groups");
	return resp_page(r, "admin/gb_groups");
}

static int
gb_group_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*g = id > 0 ? gb_group_view(r->a, id, 0) : NULL;
	char			 msg[200];

	if (g == NULL)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	json_object_object_add(req_view(r), "group", g);
	if (gb_verify_draw(r->a, id, msg, sizeof(msg)) == 0)
		view_bool(r->view, "verified", 1);
	view_str(r->view, "verify_msg", msg);
	view_bool(r->view, "can_edit", perm_allows(r->admin_role,
	    "groups.edit"));
	view_str(r->view, "title", arena_printf(r->a, "拼团 #%lld", id));
	admin_nav(r, "gb_groups");
	r->tmpl = "admin/gb_group";
	return 200;
}

int
h_gb_group(struct req *r)
{
	int st = gb_group_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

int
h_gb_fill(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;
	int		st;

	if ((st = gb_group_page(r)) != 200)
		return st;
	if (gb_fill(r->a, id, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = NULL;
	return resp_done(r, arena_printf(r->a, "/admin/gb/groups/%lld", id),
	    "已平台补位并开奖");
}

static const struct field gb_open_fields[] = {
	{ .name = "activity", .label = "活动", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL },
	{ .name = "leader", .label = "团长会员ID", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
};

int
h_gb_open(struct req *r)
{
	struct fval		 v[2];
	struct svc_err		 e;
	struct json_object	*x;
	long long		 id;
	int			 st;

	if ((st = req_valid(r, gb_open_fields, 2, v)) != 0)
		return st;
	if (gb_open(r->a, v[0].i, v[1].present ? v[1].i : 0, 0, r->admin_id,
	    r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", id);
	json_object_object_add(r->view, "group", x);
	return resp_done(r, arena_printf(r->a, "/admin/gb/groups/%lld", id),
	    "已手动开团");
}
