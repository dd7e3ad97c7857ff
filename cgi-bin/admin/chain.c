/* admin/chain.c: the back office's chain rewards (链动2+1, FEATURES
 * G1–G3): the dividend pool's balance and last settlements, the frozen
 * total, the packages (a product becomes a package granting agent status
 * or a rank; audited) and the team tree of any member. The settings are
 * the group 链动2+1 on /admin/settings. */
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "admin.h"
#include "perm.h"
#include "svc_chain.h"

/* What a package may grant, for the form's choice: agent, then the ranks
 * of chain.pool_ranks (none when the settings are refused). */
static struct json_object *
grant_options(void)
{
	struct json_object	*l = json_object_new_array(), *x;
	struct chain_conf	 c;
	char			 msg[300];
	size_t			 i, n;

	n = chain_conf_load(&c, msg, sizeof(msg)) == CHAIN_OK ? c.nranks : 0;
	for (i = 0; i <= n; i++) {
		x = json_object_new_object();
		view_str(x, "value", i == 0 ? "agent" : c.ranks[i - 1].name);
		view_str(x, "name", chain_grants_name(i == 0 ? "agent" :
		    c.ranks[i - 1].name));
		json_object_array_add(l, x);
	}
	return l;
}

/* Fills the page's view: 0, or the status of a busy refusal. */
static int
chain_page(struct req *r)
{
	struct json_object	*v = req_view(r), *o;
	const char		*m = req_query(r, "member");
	long long		 member = m ? strtoll(m, NULL, 10) : 0;

	if ((o = chain_admin_view(r->a)) == NULL)
		return resp_busy(r);
	view_merge(v, o);
	if (member > 0) {
		if ((o = chain_member_view(r->a, member)) == NULL)
			return resp_busy(r);
		view_int(o, "id", member);
		json_object_object_add(v, "member", o);
	}
	view_bool(v, "can_edit", perm_allows(r->admin_role, "activities.edit"));
	json_object_object_add(v, "grant_options", grant_options());
	view_str(v, "title", "链动2+1");
	admin_nav(r, "chain");
	return 0;
}

int
h_chain(struct req *r)
{
	int st;

	if ((st = chain_page(r)) != 0)
		return st;
	return resp_page(r, "admin/chain");
}

enum { K_PRODUCT, K_GRANTS, K__MAX };
static const struct field package_fields[K__MAX] = {
	[K_PRODUCT] = { .name = "product", .label = "商品ID", .type = V_INT,
	  .required = 1, .min = 1, .max = 999999999999 },
	[K_GRANTS] = { .name = "grants", .label = "授予", .type = V_STR,
	  .max = 23 },
};

/* POST /admin/chain/packages: product becomes a package granting
 * `grants` ("agent" or a rank); an empty grants makes it no package. */
int
h_chain_package(struct req *r)
{
	struct fval	v[K__MAX];
	struct svc_err	e;
	int		st;

	if ((st = chain_page(r)) != 0)
		return st;
	r->tmpl = "admin/chain";
	if ((st = req_valid(r, package_fields, K__MAX, v)) != 0)
		return st;
	if (chain_package_set(r->a, v[K_PRODUCT].i, v[K_GRANTS].present ?
	    v[K_GRANTS].s : NULL, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/chain", v[K_GRANTS].present ?
	    "礼包已保存" : "已取消礼包");
}
