/* admin/money.c: withdrawal review and the shipments of 群主/团长 goods
 * payments. */
#include <string.h>
#include "app.h"
#include "perm.h"
#include "svc_withdraw.h"

#include "admin.h"

static const struct review withdraw_review = { withdraw_decide,
    "/admin/withdrawals", "提现申请不存在", "已通过，请线下打款",
    "已驳回，金额已退回会员账户" };

int h_withdraw_approve(struct req *r) { return admin_review(r, &withdraw_review, 1); }
int h_withdraw_reject(struct req *r) { return admin_review(r, &withdraw_review, 0); }

int
h_withdrawals(struct req *r)
{
	const char		*s = admin_queue_status(r);
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);
	list = withdraw_list(r->a, 0, s, page, PER_PAGE, &total);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "withdrawals", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "withdrawals.edit"));
	view_str(v, "title", "提现审核");
	admin_nav(r, "withdrawals");
	return resp_page(r, "admin/withdrawals");
}

int
h_shipments(struct req *r)
{
	struct json_object	*v = req_view(r), *menu, *list;
	long long		 page = req_page(r), total;

	if ((menu = shipment_menu(r->a)) == NULL ||
	    (list = shipment_list(r->a, page, PER_PAGE, &total)) == NULL) {
		json_object_put(menu);
		return resp_busy(r);
	}
	json_object_object_add(v, "members", menu);
	json_object_object_add(v, "shipments", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "withdrawals.edit"));
	view_str(v, "title", "群主/团长货款发货");
	admin_nav(r, "shipments");
	return resp_page(r, "admin/shipments");
}

static const struct field ship_fields[] = {
	{ .name = "member", .label = "会员ID", .type = V_INT, .required = 1,
	  .min = 1, .max = 999999999999LL },
	{ .name = "note", .label = "备注", .type = V_STR, .max = 200 },
};

int
h_ship(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	long long	id;
	int		st;

	if ((st = req_valid(r, ship_fields, 2, v)) != 0)
		return st;
	if (shipment_confirm(r->a, v[0].i, v[1].s, r->admin_id, r->ip, &id,
	    &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "shipment_id", id);
	return resp_done(r, "/admin/shipments", "已确认发货");
}

int
h_ship_cancel(struct req *r)
{
	long long	id = req_id(r, "id");
	struct svc_err	e;

	if (id == 0)
		return resp_error(r, 404, "not_found", NULL, "发货记录不存在");
	if (shipment_cancel(r->a, id, r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/shipments", "已取消发货");
}
