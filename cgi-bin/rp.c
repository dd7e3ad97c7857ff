/* rp.fcgi: the red-packet rain under /rp (FEATURES E1–E3): the poster of
 * the next rain and the recent ones, a rain's page (countdown from the
 * server's time, the full-screen rain that grabs on each tap, my packets
 * and the results), the grab itself, and the verify page that recomputes
 * the split in the browser. The engine is lib/svc_rp.c.
 *
 * POST /rp/:id/grab is the rush route: nginx limits it per member and
 * overall (etc/nginx.conf.in, etc/stack.sh) before it gets here. */
#include <string.h>
#include "amount.h"
#include "app.h"
#include "svc_rp.h"

#define PER_PAGE 20

static int
h_home(struct req *r)
{
	struct json_object	*v = req_view(r), *next, *list;
	long long		 page = req_page(r), total;

	if ((list = rp_list(r->a, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	if ((next = rp_next(r->a)) != NULL)
		json_object_object_add(v, "rp_next", next);
	json_object_object_add(v, "rains", list);
	view_bool(v, "empty", total == 0);
	view_pager(r, v, total, page, PER_PAGE);
	view_str(v, "title", "红包雨");
	return resp_page(r, "rp/home");
}

static int
h_rain(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*o;
	int			 found = 0;

	if (id <= 0 || (o = rp_view(r->a, id, r->member_id, &found)) == NULL)
		return found ? resp_busy(r) : resp_error(r, 404, "not_found",
		    NULL, "红包雨不存在");
	json_object_object_add(req_view(r), "rain", o);
	view_bool(r->view, "signed_in_member", r->member_id > 0);
	view_str(r->view, "title", arena_printf(r->a, "红包雨 #%lld", id));
	return resp_page(r, "rp/rain");
}

static const struct field grab_fields[] = {
	{ .name = "idem", .label = "请求标识", .type = V_STR, .max = 80 },
};

static int
h_grab(struct req *r)
{
	struct fval		 v[1];
	struct rp_grab		 g;
	struct svc_err		 e;
	char			 t[32];
	int			 st;

	if ((st = req_valid(r, grab_fields, 1, v)) != 0)
		return st;
	memset(&g, 0, sizeof(g));
	g.rain = req_id(r, "id");
	g.member = r->member_id;
	g.client_key = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (g.client_key == NULL)
		g.client_key = v[0].s;
	if (g.rain <= 0)
		return resp_error(r, 404, "not_found", NULL, "红包雨不存在");
	if (rp_grab(r->a, &g, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_amount(r->view, "amount", g.amount);
	view_int(r->view, "seq", g.seq);
	view_int(r->view, "count", g.count);
	view_amount(r->view, "mine", g.mine);
	view_bool(r->view, "replayed", g.replayed);
	return resp_done(r, arena_printf(r->a, "/rp/%lld", g.rain),
	    arena_printf(r->a, "抢到红包 %s 元", amount_format(g.amount, 2, t)));
}

static int
h_verify(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*o, *d, *x, *list, *p;
	size_t			 i;
	int			 found = 0;

	if (id <= 0 || (o = rp_view(r->a, id, 0, &found)) == NULL)
		return found ? resp_busy(r) : resp_error(r, 404, "not_found",
		    NULL, "红包雨不存在");
	if (json_object_object_get(o, "seed") != NULL) {
		json_object_put(o);
		if ((o = rp_packets(r->a, id)) == NULL)
			return resp_busy(r);
	}
	/* what the browser recomputes (static/js/rp-verify.js): numbers
	 * and hex only, so no "</" can occur inside the <script> element */
	d = json_object_new_object();
	view_int(d, "id", id);
	if (json_object_object_get_ex(o, "commitment", &x))
		json_object_object_add(d, "commitment", json_object_get(x));
	if (json_object_object_get_ex(o, "seed", &x))
		json_object_object_add(d, "seed", json_object_get(x));
	if (json_object_object_get_ex(o, "count", &x))
		json_object_object_add(d, "count", json_object_get(x));
	if (json_object_object_get_ex(o, "packets", &list)) {
		int64_t total = 0;

		p = json_object_new_array();
		for (i = 0; i < json_object_array_length(list); i++) {
			x = json_object_object_get(json_object_array_get_idx(
			    list, i), "fen");
			total += json_object_get_int64(x);
			json_object_array_add(p, json_object_get(x));
		}
		json_object_object_add(d, "packets", p);
		view_int(d, "total_fen", total);
	}
	view_str(req_view(r), "rain_json", arena_strdup(r->a,
	    json_object_to_json_string_ext(d, JSON_C_TO_STRING_PLAIN)));
	json_object_put(d);
	json_object_object_add(r->view, "rain", o);
	view_str(r->view, "title", arena_printf(r->a, "红包雨 #%lld 验证", id));
	return resp_page(r, "rp/verify");
}

static const struct route routes[] = {
	{ "GET",  "/rp",		h_home,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/rp/",		h_home,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/rp/:id",		h_rain,		ACC_PUBLIC, NULL, 0 },
	{ "POST", "/rp/:id/grab",	h_grab,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/rp/:id/verify",	h_verify,	ACC_PUBLIC, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"rp", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
