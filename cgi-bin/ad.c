/* ad.fcgi: ad rewards under /ad (广告电商, FEATURES H1): the member's page
 * (points held, today's progress, the ads, the player, the history), the
 * server-timed view (start → token, done → counted and, on the day's N-th,
 * the reward), and a third-party network's signed reward callback. */
#include <stdio.h>
#include <string.h>
#include "app.h"
#include "amount.h"
#include "settings.h"
#include "svc_ad.h"

#define PER_PAGE 20

static int
h_ad(struct req *r)
{
	struct json_object	*v = req_view(r), *o, *x;
	long long		 page = req_page(r), total;

	if ((o = ad_home(r->a, r->member_id, page, PER_PAGE, &total)) == NULL)
		return resp_busy(r);
	json_object_object_foreach(o, k, val)
		json_object_object_add(v, k, json_object_get(val));
	json_object_put(o);
	if (json_object_object_get_ex(v, "ads", &x) &&
	    json_object_array_length(x) > 0)
		view_bool(v, "has_ads", 1);
	view_str(v, "title", "看广告赚零钱");
	view_str(v, "change_name", currency_display_name("CHANGE"));
	view_str(v, "points_name", currency_display_name("MALLPTS"));
	view_pager(r, v, total, page, PER_PAGE);
	return resp_page(r, "ad/index");
}

static int
h_start(struct req *r)
{
	struct svc_err	 e;
	const char	*token;
	int		 duration;

	if (ad_start(r->a, r->member_id, req_id(r, "id"), &token, &duration,
	    &e) != 0)
		return resp_svc(r, &e);
	view_str(req_view(r), "token", token);
	view_int(r->view, "duration_sec", duration);
	return resp_done(r, "/ad", NULL);
}

static void
result_view(struct req *r, const struct ad_result *res)
{
	struct json_object	*v = req_view(r);
	char			 b[32], p[32];

	view_bool(v, "rewarded", res->rewarded);
	view_int(v, "watched", res->watched);
	view_int(v, "required", res->required);
	if (res->rewarded) {
		amount_format(res->amount, 2, b);
		amount_format(res->points, 2, p);
		view_str(v, "amount", b);
		view_str(v, "points", p);
		view_str(v, "message", arena_printf(r->a, "今日任务完成：获得"
		    "%s %s 元，扣除%s %s", currency_display_name("CHANGE"), b,
		    currency_display_name("MALLPTS"), p));
	} else if (res->note != NULL)
		view_str(v, "message", arena_printf(r->a, "今天的 %d 个广告已看完，"
		    "但没有发放奖励：%s", res->required, res->note));
	else
		view_str(v, "message", arena_printf(r->a, "已看完 %d/%d",
		    res->watched, res->required));
}

static int
h_done(struct req *r)
{
	struct svc_err		e;
	struct ad_result	res;

	if (ad_done(r->a, r->member_id, req_param(r, "token"), &res, &e) != 0)
		return resp_svc(r, &e);
	result_view(r, &res);
	return resp_done(r, "/ad", NULL);
}

/* A network calls this when one of its ads was watched to the end: the
 * signature is the proof, not a session. */
static int
h_network(struct req *r)
{
	struct adnet_cb		cb = { req_form(r, "member"),
				    req_form(r, "trans"), req_form(r, "ts"),
				    req_form(r, "sig") };
	struct svc_err		e;
	struct ad_result	res;

	if (ad_network_callback(r->a, &cb, &res, &e) != 0)
		return resp_svc(r, &e);
	r->want_json = 1;
	result_view(r, &res);
	view_bool(r->view, "duplicate", res.duplicate);
	return resp_done(r, "/ad", NULL);
}

static const struct route routes[] = {
	{ "GET",  "/ad",		h_ad,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/ad/",		h_ad,		ACC_MEMBER, NULL, 0 },
	{ "POST", "/ad/:id/start",	h_start,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/ad/view/:token/done", h_done,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/ad/network/callback", h_network,	ACC_PUBLIC, NULL, RF_NOCSRF },
};

int
main(void)
{
	static const struct app app = {
		"ad", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
