/* team.fcgi: the member's chain team under /team (链动2+1, FEATURES
 * G1–G3): my status (agent or boss, since when), my team as a tree (the
 * placement, not the inviter tree: that one stays at /member/team), my
 * left-behind recruits and their progress toward unfreezing, my rewards
 * by kind, frozen and released amounts, the package zone, and the rules
 * in words from the same configuration the engine uses. GET /team/chain
 * is the same view for JSON clients. */
#include <string.h>
#include "app.h"
#include "svc_chain.h"

static int
fill(struct req *r)
{
	struct json_object *v = req_view(r), *o;

	if ((o = chain_member_view(r->a, r->member_id)) == NULL)
		return resp_busy(r);
	view_merge(v, o);
	view_str(v, "title", "链动团队");
	return 0;
}

static int
h_index(struct req *r)
{
	int st;

	if ((st = fill(r)) != 0)
		return st;
	return resp_page(r, "team/index");
}

static const struct route routes[] = {
	{ "GET",  "/team",		h_index,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/team/",		h_index,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/team/chain",	h_index,	ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"team", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
