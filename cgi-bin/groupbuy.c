/* groupbuy.fcgi: the group-buy pages under /gb (D1–D6, D9): the home page
 * by price zone, an activity with its rules in plain Chinese, a group with
 * its seats, commitment and result, the verify page that recomputes the
 * draw in the browser, joining (public activities and leader groups),
 * "my groups", the leader's page to open and share groups and the owner's
 * page to promote one. The engine is lib/svc_gb_*.c. */
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "buf.h"
#include "poster.h"
#include "qr.h"
#include "svc_groupbuy.h"
#include "svc_image.h"
#include "svc_member.h"

#define PER_PAGE 20

static int
h_home(struct req *r)
{
	struct json_object *z = gb_home(r->a);

	if (z == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "zones", z);
	view_bool(r->view, "empty", json_object_array_length(z) == 0);
	view_str(r->view, "title", "拼团");
	return resp_page(r, "gb/home");
}

static int
activity_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*a = id > 0 ? gb_activity_view(r->a, id,
				    r->member_id) : NULL;

	if (a == NULL)
		return resp_error(r, 404, "not_found", NULL, "活动不存在");
	json_object_object_add(req_view(r), "activity", a);
	view_str(r->view, "title", "拼团活动");
	r->tmpl = "gb/activity";
	return 200;
}

static int
h_activity(struct req *r)
{
	int st = activity_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static int
group_page(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*g = id > 0 ? gb_group_view(r->a, id,
				    r->member_id) : NULL;

	if (g == NULL)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	json_object_object_add(req_view(r), "group", g);
	view_str(r->view, "title", arena_printf(r->a, "拼团 #%lld", id));
	view_str(r->view, "share_url", arena_printf(r->a, "%s/gb/group/%lld",
	    req_base_url(r), id));
	r->tmpl = "gb/group";
	return 200;
}

static int
h_group(struct req *r)
{
	int st = group_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const struct field join_fields[] = {
	{ .name = "product", .label = "奖品", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
	{ .name = "voucher", .label = "购物券选项", .type = V_INT, .min = 1,
	  .max = GB_MAX_PRODUCTS },
};

/* Both joins: a leader group (group > 0) or a public activity. A refusal
 * shows a browser the page it came from (built by page, after the join
 * so that it shows the state the refusal saw); a JSON client, and a
 * join that succeeds (answered with a redirect), never build it. */
static int
join(struct req *r, long long group, long long activity,
    int (*page)(struct req *))
{
	struct fval		 v[3];
	struct ferr		 ferr;
	struct gb_join		 j;
	struct svc_err		 e;
	struct json_object	*x;
	int			 st;

	if (valid_form(r->a, &r->form, join_fields, 3, v, &ferr) != 0) {
		if (!r->want_json && (st = page(r)) != 200)
			return st;
		return resp_error(r, 400, ferr.code, ferr.field, ferr.message);
	}
	memset(&j, 0, sizeof(j));
	j.member = r->member_id;
	j.group = group;
	j.activity = activity;
	j.product = v[0].present ? v[0].i : 0;
	j.voucher = v[2].present ? (int)v[2].i : 0;
	j.idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (j.idem == NULL)
		j.idem = v[1].s;
	if (gb_join(r->a, &j, &e) != 0) {
		if (!r->want_json && (st = page(r)) != 200)
			return st;
		return resp_svc(r, &e);
	}
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", j.group_out);
	json_object_object_add(r->view, "group", x);
	view_int(r->view, "seat", j.seat);
	view_bool(r->view, "full", j.full);
	view_bool(r->view, "drawn", j.drawn);
	view_bool(r->view, "replayed", j.replayed);
	return resp_done(r, arena_printf(r->a, "/gb/group/%lld", j.group_out),
	    j.drawn ? "参团成功，已满员开奖！" : j.full ?
	    "参团成功，已满员，稍后开奖" : arena_printf(r->a,
	    "参团成功，您是第 %d 位", j.seat));
}

static int
h_group_join(struct req *r)
{
	long long id = req_id(r, "id");

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	return join(r, id, 0, group_page);
}

static int
h_activity_join(struct req *r)
{
	long long id = req_id(r, "id");

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "活动不存在");
	return join(r, 0, id, activity_page);
}

static const struct field open_fields[] = {
	{ .name = "activity", .label = "活动", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL },
	{ .name = "owner", .label = "群主", .type = V_INT, .min = 1,
	  .max = 999999999999LL },
};

static int lead_page(struct req *r);

static int
h_open(struct req *r)
{
	struct fval		 v[2];
	struct svc_err		 e;
	struct json_object	*x;
	long long		 id;
	int			 st;

	if ((st = lead_page(r)) != 200)
		return st;
	if ((st = req_valid(r, open_fields, 2, v)) != 0)
		return st;
	if (gb_open(r->a, v[0].i, r->member_id, v[1].present ? v[1].i : 0, 0,
	    r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	x = json_object_new_object();
	view_int(x, "id", id);
	json_object_object_add(r->view, "group", x);
	return resp_done(r, arena_printf(r->a, "/gb/group/%lld", id),
	    "开团成功，快分享给好友吧");
}

/* The verify page: the group's public draw data for the browser to
 * recompute (static/js/gb-verify.js), with no server call. */
static int
h_verify(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*g = id > 0 ? gb_group_view(r->a, id, 0) : NULL;
	struct json_object	*d, *x;

	if (g == NULL)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	d = json_object_new_object();
	if (json_object_object_get_ex(g, "id", &x))
		json_object_object_add(d, "id", json_object_get(x));
	if (json_object_object_get_ex(g, "commitment", &x))
		json_object_object_add(d, "commitment", json_object_get(x));
	if (json_object_object_get_ex(g, "seed", &x))
		json_object_object_add(d, "seed", json_object_get(x));
	if (json_object_object_get_ex(g, "eligible", &x))
		json_object_object_add(d, "eligible", json_object_get(x));
	if (json_object_object_get_ex(g, "winners", &x))
		json_object_object_add(d, "winners", json_object_get(x));
	if (json_object_object_get_ex(g, "winners_count", &x))
		json_object_object_add(d, "winners_count", json_object_get(x));
	/* "</" cannot occur in this JSON (numbers and hex), so it is safe
	 * inside a <script> element. */
	view_str(req_view(r), "group_json", arena_strdup(r->a,
	    json_object_to_json_string_ext(d, JSON_C_TO_STRING_PLAIN)));
	json_object_put(d);
	json_object_object_add(r->view, "group", g);
	view_str(r->view, "title", arena_printf(r->a, "验证拼团 #%lld", id));
	return resp_page(r, "gb/verify");
}

static int
h_group_qr(struct req *r)
{
	long long	id = req_id(r, "id");
	buf		svg;
	int		st;

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	buf_init(&svg);
	if (qr_svg(arena_printf(r->a, "%s/gb/group/%lld", req_base_url(r), id),
	    &svg) != 0) {
		buf_clear(&svg);
		return resp_error(r, 500, "qr", NULL, "二维码生成失败");
	}
	st = resp_raw(r, "image/svg+xml", svg.p, svg.len);
	buf_clear(&svg);
	return st;
}

/* The string g.k of a view, or NULL. */
static const char *
jstr(struct json_object *g, const char *k)
{
	struct json_object *x;

	return json_object_object_get_ex(g, k, &x) && x != NULL ?
	    json_object_get_string(x) : NULL;
}

/* A stored upload name from its public URL ("/uploads/ab/….png"). */
static const char *
upload_of(const char *url)
{
	return url != NULL && strncmp(url, "/uploads/", 9) == 0 ? url + 9 :
	    NULL;
}

/* GET /gb/group/:id/poster.png: the group's share poster — its first
 * prize's picture, the price, how many seats are missing, the viewer as
 * the inviter (nickname and avatar) and the QR code of the group. */
static int
h_group_poster(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*g, *f, *x, *pic;
	struct poster		 p;
	void			*png;
	int			 len, st;

	if (id <= 0 || (g = gb_group_view(r->a, id, r->member_id)) == NULL)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	memset(&p, 0, sizeof(p));
	p.title = jstr(g, "activity");
	p.price = jstr(g, "price");
	json_object_object_get_ex(g, "missing", &x);
	p.line = strcmp(jstr(g, "status"), "open") == 0 ?
	    arena_printf(r->a, "还差 %lld 人成团", (long long)
	    json_object_get_int64(x)) : jstr(g, "status_name");
	if (json_object_object_get_ex(g, "prizes", &x) &&
	    json_object_array_length(x) > 0) {
		pic = json_object_new_object();
		json_object_object_get_ex(json_object_array_get_idx(x, 0), "id",
		    &x);
		if (image_view(r->a, json_object_get_int64(x), pic) == 0)
			p.picture = upload_of(arena_strdup(r->a, jstr(pic,
			    "cover") != NULL ? jstr(pic, "cover") : ""));
		json_object_put(pic);
	}
	if (r->member_id > 0 && (f = member_face(r->a, r->member_id)) != NULL) {
		json_object_object_get_ex(f, "me", &x);
		p.who = arena_strdup(r->a, jstr(x, "name"));
		p.initial = arena_strdup(r->a, jstr(x, "initial"));
		json_object_object_get_ex(x, "hue", &pic);
		p.hue = json_object_get_int(pic);
		if (jstr(x, "avatar") != NULL)
			p.avatar = upload_of(arena_strdup(r->a,
			    jstr(x, "avatar")));
		json_object_put(f);
	}
	p.title = arena_strdup(r->a, p.title);
	p.price = arena_strdup(r->a, p.price);
	p.line = arena_strdup(r->a, p.line);
	p.url = arena_printf(r->a, "%s/gb/group/%lld", req_base_url(r), id);
	p.hint = "扫码查看本团，满员即开奖";
	json_object_put(g);
	if (poster_png(&p, &png, &len) != 0)
		return resp_error(r, 500, "poster", NULL, "海报生成失败");
	st = resp_raw(r, "image/png", png, (size_t)len);
	poster_free(png);
	return st;
}

static int
h_my(struct req *r)
{
	long long		 page = req_page(r), total;
	struct json_object	*list = gb_my_groups(r->a, r->member_id, page,
				    PER_PAGE, &total);

	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "groups", list);
	view_int(r->view, "total", total);
	view_pager(r, r->view, total, page, PER_PAGE);
	view_str(r->view, "title", "我的拼团");
	return resp_page(r, "gb/my");
}

/* The leader's page: the leader-mode activities to open, the owners the
 * leader invited, and the groups opened so far. */
static int
lead_page(struct req *r)
{
	long long		 page = req_page(r), total;
	struct json_object	*v = req_view(r), *z, *list;
	db_res			 res;
	size_t			 i;

	if (db_q(r->a, &res, "SELECT 1 FROM member_roles WHERE member_id = ? "
	    "AND role = 'leader'", DB_ARGS(DB_INT(r->member_id))) != DB_OK)
		return resp_busy(r);
	view_bool(v, "is_leader", res.nrows > 0);
	if ((z = gb_home(r->a)) != NULL) {
		struct json_object *acts = json_object_new_array(), *zone, *al, *a;
		size_t k;

		for (i = 0; i < json_object_array_length(z); i++) {
			zone = json_object_array_get_idx(z, i);
			json_object_object_get_ex(zone, "activities", &al);
			for (k = 0; k < json_object_array_length(al); k++) {
				struct json_object *lm;

				a = json_object_array_get_idx(al, k);
				if (json_object_object_get_ex(a, "leader_mode",
				    &lm) && json_object_get_boolean(lm))
					json_object_array_add(acts,
					    json_object_get(a));
			}
		}
		json_object_put(z);
		json_object_object_add(v, "activities", acts);
	}
	if (db_q(r->a, &res, "SELECT m.id, m.phone FROM members m JOIN "
	    "member_roles o ON o.member_id = m.id AND o.role = 'owner' WHERE "
	    "m.inviter_id = ? ORDER BY m.id", DB_ARGS(DB_INT(r->member_id))) ==
	    DB_OK) {
		list = json_object_new_array();
		for (i = 0; i < res.nrows; i++) {
			struct json_object *o = json_object_new_object();

			view_int(o, "id", db_ll(&res, i, 0));
			view_str(o, "phone", mask_phone(r->a, db_str(&res, i,
			    1)));
			json_object_array_add(list, o);
		}
		json_object_object_add(v, "owners", list);
	}
	if ((list = gb_led_groups(r->a, r->member_id, 0, page, PER_PAGE,
	    &total)) != NULL) {
		json_object_object_add(v, "groups", list);
		view_pager(r, v, total, page, PER_PAGE);
	}
	view_str(v, "title", "团长开团");
	r->tmpl = "gb/lead";
	return 200;
}

static int
h_lead(struct req *r)
{
	int st = lead_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static int
h_promote_page(struct req *r)
{
	long long		 page = req_page(r), total;
	struct json_object	*v = req_view(r), *list;

	if ((list = gb_promotable(r->a, r->member_id)) == NULL)
		return resp_busy(r);
	json_object_object_add(v, "promotable", list);
	if ((list = gb_led_groups(r->a, r->member_id, 1, page, PER_PAGE,
	    &total)) != NULL) {
		json_object_object_add(v, "groups", list);
		view_pager(r, v, total, page, PER_PAGE);
	}
	view_str(v, "title", "群主推广");
	return resp_page(r, "gb/promote");
}

static int
h_promote(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (id <= 0)
		return resp_error(r, 404, "not_found", NULL, "拼团不存在");
	if (gb_promote(r->a, id, r->member_id, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, arena_printf(r->a, "/gb/group/%lld", id),
	    "已设为您推广的团，分享给好友吧");
}

/* D11: the winner opens their blind box. */
static int
h_box(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*box;
	struct svc_err		 e;
	int			 st;

	if ((st = group_page(r)) != 200)
		return st;
	if (gb_box_open(r->a, id, r->member_id, &box, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	json_object_object_add(r->view, "box", box);
	return resp_done(r, arena_printf(r->a, "/gb/group/%lld", id),
	    arena_printf(r->a, "盲盒开出：%s", json_object_get_string(
	    json_object_object_get(box, "label"))));
}

static const struct route routes[] = {
	{ "GET",  "/gb",			h_home,		ACC_PUBLIC, NULL, RF_NOSESS },
	{ "GET",  "/gb/",			h_home,		ACC_PUBLIC, NULL, RF_NOSESS },
	{ "GET",  "/gb/activity/:id",		h_activity,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/gb/activity/:id/join",	h_activity_join, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/group/:id",		h_group,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/gb/group/:id/join",		h_group_join,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/group/:id/qr.svg",	h_group_qr,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/gb/group/:id/poster.png",	h_group_poster,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/gb/group/:id/promote",	h_promote,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/gb/group/:id/box",		h_box,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/verify/:id",		h_verify,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/gb/open",			h_open,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/my",			h_my,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/lead",			h_lead,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/gb/promote",		h_promote_page,	ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"groupbuy", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
