/* admin/money.c: withdrawal review — the payee and account of each (in
 * full for roles holding withdrawals.account, masked for others), a
 * confirmation before approving, batch approval and the CSV of the bank's
 * bulk transfer — and the shipments of 群主/团长 goods payments. */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "app.h"
#include "perm.h"
#include "svc_withdraw.h"

#include "admin.h"

static int
full_accounts(struct req *r)
{
	return perm_allows(r->admin_role, "withdrawals.account");
}

static const struct review withdraw_review = { withdraw_decide,
    "/admin/withdrawals", "提现申请不存在", "已通过，请线下打款",
    "已驳回，金额已退回会员账户" };

int h_withdraw_reject(struct req *r) { return admin_review(r, &withdraw_review, 0); }

/* POST approve: a browser is shown the confirmation first (amount and
 * the account it goes to), unless the form says confirm=1; a JSON client
 * decides at once. */
int
h_withdraw_approve(struct req *r)
{
	const char		*c = req_form(r, "confirm");

	if (!r->want_json && (c == NULL || strcmp(c, "1") != 0))
		return h_withdraw_confirm(r);
	return admin_review(r, &withdraw_review, 1);
}

int
h_withdraw_confirm(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*w;

	if (id == 0 || (w = withdraw_get(r->a, id, full_accounts(r))) == NULL)
		return resp_error(r, 404, "not_found", NULL, "提现申请不存在");
	json_object_object_add(req_view(r), "withdrawal", w);
	view_bool(r->view, "full_accounts", full_accounts(r));
	view_str(r->view, "title", "确认打款");
	admin_nav(r, "withdrawals");
	return resp_page(r, "admin/withdraw_confirm");
}

int
h_withdrawals(struct req *r)
{
	const char		*s = admin_queue_status(r);
	long long		 page = req_page(r), total;
	struct json_object	*list, *v = req_view(r);
	list = withdraw_list(r->a, 0, s, page, PER_PAGE, &total,
	    full_accounts(r));
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "withdrawals", list);
	view_pager(r, v, total, page, PER_PAGE);
	view_bool(v, "can_edit", perm_allows(r->admin_role, "withdrawals.edit"));
	view_bool(v, "full_accounts", full_accounts(r));
	view_str(v, "title", "提现审核");
	admin_nav(r, "withdrawals");
	return resp_page(r, "admin/withdrawals");
}

#define BATCH_MAX 200

/* The ids of a batch: every "ids" form value, each a list of ids split
 * at commas; at most BATCH_MAX. Returns how many, or -1 on a bad id. */
static int
batch_ids(struct req *r, long long *ids)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < r->form.n; i++) {
		const char	*s = r->form.v[i].val;
		char		*end;
		long long	 id;

		if (strcmp(r->form.v[i].key, "ids") != 0)
			continue;
		while (*s) {
			if (*s == ',' || *s == ' ') {
				s++;
				continue;
			}
			id = strtoll(s, &end, 10);
			if (end == s || id <= 0 || n >= BATCH_MAX)
				return -1;
			ids[n++] = id;
			s = end;
		}
	}
	return n;
}

/* POST /admin/withdrawals/batch: ids (checkboxes or "1,2,3"). A browser
 * sees the confirmation (count, total, each account) first; confirm=1
 * approves each, in order, and reports which were approved and why the
 * others were not. */
int
h_withdraw_batch(struct req *r)
{
	long long		 ids[BATCH_MAX];
	int			 n = batch_ids(r, ids), i, ok = 0;
	const char		*c = req_form(r, "confirm");
	struct json_object	*v = req_view(r), *list, *w, *failed;
	struct svc_err		 e;
	int64_t			 sum = 0, cents;
	char			 b[32];
	buf			 idl;

	if (n < 0)
		return resp_error(r, 400, "invalid", "ids", "提现编号不正确");
	if (n == 0)
		return resp_error(r, 400, "required", "ids",
		    "请先勾选要通过的提现申请");
	if (!r->want_json && (c == NULL || strcmp(c, "1") != 0)) {
		list = json_object_new_array();
		for (i = 0; i < n; i++) {
			if ((w = withdraw_get(r->a, ids[i], full_accounts(r))) ==
			    NULL)
				continue;
			if (amount_parse(admin_jget(w, "net"), 2, &cents) == 0)
				sum += cents;
			json_object_array_add(list, w);
		}
		json_object_object_add(v, "withdrawals", list);
		view_int(v, "count", (long long)json_object_array_length(list));
		view_str(v, "total", amount_format(sum, 2, b));
		buf_init(&idl);
		for (i = 0; i < n; i++)
			buf_puts(&idl, arena_printf(r->a, "%s%lld", i ? "," : "",
			    ids[i]));
		view_str(v, "ids", arena_strndup(r->a, idl.p, idl.len));
		buf_clear(&idl);
		view_bool(v, "batch", 1);
		view_bool(v, "full_accounts", full_accounts(r));
		view_str(v, "title", "确认批量打款");
		admin_nav(r, "withdrawals");
		return resp_page(r, "admin/withdraw_confirm");
	}
	failed = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (withdraw_decide(r->a, ids[i], 1, NULL, r->admin_id, r->ip,
		    &e) == 0) {
			ok++;
			continue;
		}
		w = json_object_new_object();
		view_int(w, "id", ids[i]);
		view_str(w, "message", e.message);
		json_object_array_add(failed, w);
	}
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_int(r->view, "approved", ok);
	json_object_object_add(r->view, "failed", failed);
	return resp_done(r, "/admin/withdrawals", n == ok ?
	    arena_printf(r->a, "已通过 %d 笔提现，请按导出的清单线下打款", ok) :
	    arena_printf(r->a, "已通过 %d 笔，%d 笔未通过（已处理过或不存在）",
	    ok, n - ok));
}

/* GET /admin/withdrawals.csv?status=…: the bank's bulk-transfer list
 * (payee, account, bank, branch, net amount, a memo naming the
 * withdrawal), full accounts, so finance roles only. */
int
h_withdrawals_csv(struct req *r)
{
	const char		*s = admin_queue_status(r);
	struct json_object	*list, *w, *p;
	long long		 page, total;
	size_t			 i, k;
	buf			 b;
	int			 st;

	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF序号,收款人姓名,收款方式,收款账号,开户银行,"
	    "开户支行,打款金额,提现金额,手续费,货款,会员ID,申请时间,备注\r\n");
	for (page = 1; page <= 50; page++) {
		if ((list = withdraw_list(r->a, 0, s, page, 1000, &total, 1)) ==
		    NULL) {
			buf_clear(&b);
			return resp_busy(r);
		}
		for (i = 0; i < json_object_array_length(list); i++) {
			w = json_object_array_get_idx(list, i);
			if (!json_object_object_get_ex(w, "payee", &p))
				p = NULL;
			admin_csv_field(&b, admin_jget(w, "id"), 0);
			admin_csv_field(&b, p ? admin_jget(p, "name") : "", 0);
			admin_csv_field(&b, p ? admin_jget(p, "kind_name") : "", 0);
			admin_csv_field(&b, p ? admin_jget(p, "account") : "", 0);
			admin_csv_field(&b, p ? admin_jget(p, "bank") : "", 0);
			admin_csv_field(&b, p ? admin_jget(p, "branch") : "", 0);
			admin_csv_field(&b, admin_jget(w, "net"), 0);
			admin_csv_field(&b, admin_jget(w, "amount"), 0);
			admin_csv_field(&b, admin_jget(w, "fee"), 0);
			admin_csv_field(&b, admin_jget(w, "deduction"), 0);
			admin_csv_field(&b, admin_jget(w, "member_id"), 0);
			admin_csv_field(&b, admin_jget(w, "created_at"), 0);
			admin_csv_field(&b, arena_printf(r->a, "提现%s",
			    admin_jget(w, "id")), 1);
		}
		k = json_object_array_length(list);
		json_object_put(list);
		if (k < 1000)
			break;
	}
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"withdrawals-%s.csv\"", s));
	st = resp_raw(r, "text/csv; charset=utf-8", b.p, b.len);
	buf_clear(&b);
	return st;
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
