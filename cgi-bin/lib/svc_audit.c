/* svc_audit: the audit log as the back office reads it (see svc_audit.h). */
#include <stdio.h>
#include <string.h>
#include "db.h"
#include "view.h"
#include "settings.h"
#include "svc_audit.h"

/* The filter, bound as (admin ×3, action ×2, from ×2, to ×2). */
#define AUDIT_WHERE \
    "(? < 0 OR (? = 0 AND l.admin_id IS NULL) OR l.admin_id = ?) " \
    "AND (? IS NULL OR l.action = ?) " \
    "AND (? IS NULL OR l.created_at >= ?) " \
    "AND (? IS NULL OR l.created_at < DATE_ADD(?, INTERVAL 1 DAY))"

static const char SQL_LIST[] =
    "SELECT l.id, l.admin_id, ad.username, l.action, l.target_type, "
    "l.target_id, l.detail, l.ip, "
    "DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i:%s') "
    "FROM audit_log l LEFT JOIN admins ad ON ad.id = l.admin_id "
    "WHERE " AUDIT_WHERE " ORDER BY l.id DESC LIMIT ? OFFSET ?";
static const char SQL_COUNT[] =
    "SELECT COUNT(*) FROM audit_log l WHERE " AUDIT_WHERE;
static const char SQL_ADMINS[] =
    "SELECT id, username FROM admins ORDER BY username";

enum { L_ID, L_ADMIN_ID, L_USERNAME, L_ACTION, L_TTYPE, L_TID, L_DETAIL,
    L_IP, L_AT };

const struct audit_action audit_actions[] = {
	{ "settings.set",	"修改系统设置" },
	{ "admin.login",	"管理员登录" },
	{ "admin.create",	"新建管理员" },
	{ "admin.password",	"修改密码" },
	{ "member.role.grant",	"授予会员角色" },
	{ "role.approve",	"通过角色申请" },
	{ "role.reject",	"驳回角色申请" },
	{ "merchant.approve",	"通过商家入驻" },
	{ "merchant.reject",	"驳回商家入驻" },
	{ "product.list",	"商品上架" },
	{ "product.unlist",	"商品下架" },
	{ "product.reject",	"驳回商品" },
	{ "order.cancel",	"取消订单" },
	{ "withdraw.approve",	"通过提现" },
	{ "withdraw.reject",	"驳回提现" },
	{ "shipment.confirm",	"确认货款发货" },
	{ "shipment.cancel",	"取消货款发货" },
	{ "gb.activity.save",	"保存拼团活动" },
	{ "gb.activity.pause",	"暂停拼团活动" },
	{ "gb.activity.resume",	"恢复拼团活动" },
	{ "gb.group.open",	"开团" },
	{ "gb.group.fill",	"平台补位" },
	{ "ledger.adjust",	"账户调整（入账）" },
	{ "ad.create",		"新建广告" },
	{ "ad.pause",		"暂停广告" },
	{ "ad.resume",		"恢复广告" },
	{ "ad.budget",		"修改广告排期与预算" },
	{ "rp.create",		"新建红包雨" },
	{ "rp.cancel",		"取消红包雨" },
};
const size_t audit_actions_n = sizeof(audit_actions) /
    sizeof(audit_actions[0]);

/* What an action was done on, by target_type. */
static const struct { const char *type, *name; } targets[] = {
	{ "member",		"会员" },
	{ "admin",		"管理员" },
	{ "order",		"订单" },
	{ "activity",		"拼团活动" },
	{ "group",		"拼团" },
	{ "role_application",	"角色申请" },
	{ "product",		"商品" },
	{ "merchant",		"商家" },
	{ "withdrawal",		"提现" },
	{ "setting",		"设置" },
	{ "ad",			"广告" },
	{ "rp",			"红包雨" },
};

/* The words for the members of a line's detail other than key, old and
 * new; a member not named here is shown by its own name. */
static const struct { const char *key, *name; } detail_names[] = {
	{ "username",		"用户名" },
	{ "role",		"角色" },
	{ "scope",		"地区" },
	{ "member",		"会员" },
	{ "currency",		"币种" },
	{ "amount",		"金额（分）" },
	{ "entry",		"分录" },
	{ "version",		"版本" },
	{ "platform_seats",	"补位席位" },
	{ "retail_price",	"零售价（分）" },
};

const char *
audit_action_name(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < audit_actions_n; i++)
		if (strcmp(audit_actions[i].code, code) == 0)
			return audit_actions[i].name;
	return "其他操作";
}

static const char *
target_name(const char *type)
{
	size_t i;

	for (i = 0; type != NULL && i < sizeof(targets) / sizeof(targets[0]);
	    i++)
		if (strcmp(targets[i].type, type) == 0)
			return targets[i].name;
	return "对象";
}

/* A setting's stored JSON text as an operator types it ("1.00", 500,
 * the name…), in arena a; the text itself when it does not parse. */
static const char *
setting_text(arena *a, const struct setting_def *d, const char *stored)
{
	struct json_object	*v;
	const char		*s;
	char			 b[64];

	if (stored == NULL)
		return NULL;
	if (d == NULL || (v = json_tokener_parse(stored)) == NULL)
		return arena_strdup(a, stored);
	s = arena_strdup(a, setting_format(d, v, b, sizeof(b)));
	json_object_put(v);
	return s;
}

/* The detail's other members as "角色：leader；地区：…", or NULL. */
static const char *
detail_text(arena *a, struct json_object *d)
{
	const char	*out = NULL, *name;
	size_t		 i;

	if (!json_object_is_type(d, json_type_object))
		return NULL;
	json_object_object_foreach(d, k, v) {
		if (strcmp(k, "key") == 0 || strcmp(k, "old") == 0 ||
		    strcmp(k, "new") == 0)
			continue;
		name = k;
		for (i = 0; i < sizeof(detail_names) /
		    sizeof(detail_names[0]); i++)
			if (strcmp(detail_names[i].key, k) == 0)
				name = detail_names[i].name;
		out = arena_printf(a, "%s%s%s：%s", out ? out : "", out ?
		    "；" : "", name, v ? json_object_get_string(v) : "");
	}
	return out;
}

/* One line of the result as an entry. */
static struct json_object *
entry(arena *a, const db_res *r, size_t i)
{
	struct json_object		*o = json_object_new_object(), *d, *x;
	const struct setting_def	*sd = NULL;
	const char			*s, *key = NULL, *old = NULL,
					*nv = NULL;

	json_object_object_add(o, "id", json_object_new_int64(
	    db_ll(r, i, L_ID)));
	if (db_str(r, i, L_ADMIN_ID) == NULL)
		view_str(o, "admin", "系统");
	else if ((s = db_str(r, i, L_USERNAME)) != NULL)
		view_str(o, "admin", s);
	else
		view_str(o, "admin", arena_printf(a, "管理员 #%lld",
		    db_ll(r, i, L_ADMIN_ID)));
	json_object_object_add(o, "admin_id", db_str(r, i, L_ADMIN_ID) ?
	    json_object_new_int64(db_ll(r, i, L_ADMIN_ID)) : NULL);
	view_str(o, "action", audit_action_name(db_str(r, i, L_ACTION)));
	view_str(o, "action_code", db_str(r, i, L_ACTION));

	d = db_str(r, i, L_DETAIL) ? json_tokener_parse(db_str(r, i,
	    L_DETAIL)) : NULL;
	if (json_object_is_type(d, json_type_object)) {
		if (json_object_object_get_ex(d, "key", &x) && x != NULL)
			key = json_object_get_string(x);
		if (json_object_object_get_ex(d, "old", &x) && x != NULL)
			old = json_object_get_string(x);
		if (json_object_object_get_ex(d, "new", &x) && x != NULL)
			nv = json_object_get_string(x);
	}
	if (key != NULL) {
		sd = setting_find(key);
		view_str(o, "target", sd != NULL ? arena_printf(a, "%s（%s）",
		    sd->label, key) : key);
	} else if (db_str(r, i, L_TTYPE) != NULL)
		view_str(o, "target", db_str(r, i, L_TID) ? arena_printf(a,
		    "%s #%lld", target_name(db_str(r, i, L_TTYPE)),
		    db_ll(r, i, L_TID)) : target_name(db_str(r, i, L_TTYPE)));
	else
		view_str(o, "target", NULL);
	if (key != NULL) {
		old = setting_text(a, sd, old);
		nv = setting_text(a, sd, nv);
	} else {
		old = old ? arena_strdup(a, old) : NULL;
		nv = nv ? arena_strdup(a, nv) : NULL;
	}
	view_str(o, "old", old);
	view_str(o, "new", nv);
	view_str(o, "detail", detail_text(a, d));
	view_str(o, "ip", db_str(r, i, L_IP));
	view_str(o, "at", db_str(r, i, L_AT));
	json_object_put(d);
	return o;
}

struct json_object *
audit_list(arena *a, const struct audit_filter *f, long long page,
    long long per, long long *total)
{
	struct json_object	*list;
	db_res			 res;
	db_arg			 adm = DB_INT(f->admin);
	db_arg			 act = f->action ? DB_TEXT(f->action) : DB_NULL;
	db_arg			 from = f->from ? DB_TEXT(f->from) : DB_NULL;
	db_arg			 to = f->to ? DB_TEXT(f->to) : DB_NULL;
	size_t			 i;

	if (page < 1)
		page = 1;
	if (db_q(a, &res, SQL_COUNT, DB_ARGS(adm, adm, adm, act, act, from,
	    from, to, to)) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LIST, DB_ARGS(adm, adm, adm, act, act, from,
	    from, to, to, DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++)
		json_object_array_add(list, entry(a, &res, i));
	return list;
}

struct json_object *
audit_admins(arena *a)
{
	db_res res;

	if (db_q(a, &res, SQL_ADMINS, DB_NOARGS) != DB_OK)
		return NULL;
	return db_rows_json(&res);
}
