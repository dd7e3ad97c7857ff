/* wallet.fcgi: the member's wallet under /wallet (B1): balances of every
 * currency and the history, filterable by currency. Transfers,
 * conversions, recharge and withdrawals (B2–B5) arrive with issue 3. */
#include <string.h>
#include "app.h"
#include "svc_wallet.h"

#define PER_PAGE 20

static int
h_wallet(struct req *r)
{
	struct json_object	*v = req_view(r), *b, *hist, *x;
	const char		*cur = req_query(r, "currency");
	long long		 page = req_page(r), total;

	if (cur != NULL && *cur == '\0')
		cur = NULL;
	if ((b = wallet_balances(r->a, r->member_id)) == NULL)
		return resp_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试");
	if (json_object_object_get_ex(b, "balances", &x))
		json_object_object_add(v, "balances", json_object_get(x));
	if (json_object_object_get_ex(b, "currencies", &x)) {
		size_t i;

		/* Mark the filter's currency for the select. */
		for (i = 0; cur != NULL && i < json_object_array_length(x); i++) {
			struct json_object *c = json_object_array_get_idx(x, i), *code;

			if (json_object_object_get_ex(c, "code", &code) &&
			    strcmp(json_object_get_string(code), cur) == 0)
				view_bool(c, "selected", 1);
		}
		json_object_object_add(v, "currencies", json_object_get(x));
	}
	json_object_put(b);
	hist = wallet_history(r->a, r->member_id, cur, page, PER_PAGE, &total);
	if (hist == NULL && total == -1)
		return resp_error(r, 400, "invalid", "currency", "没有这种币种");
	if (hist == NULL)
		return resp_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试");
	json_object_object_add(v, "history", hist);
	view_str(v, "currency", cur);
	view_str(v, "title", "钱包");
	view_pager(r, v, total, page, PER_PAGE);
	return resp_page(r, "wallet/index");
}

static const struct route routes[] = {
	{ "GET", "/wallet",	h_wallet, ACC_MEMBER, NULL, 0 },
	{ "GET", "/wallet/",	h_wallet, ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"wallet", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
