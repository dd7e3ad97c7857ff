/* svc_roles: role applications (see svc_roles.h). */
#include <string.h>
#include "db.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_roles.h"

static const char SQL_HAS_ROLE[] =
    "SELECT COUNT(*) FROM member_roles WHERE member_id = ? AND role = ?";
static const char SQL_MEMBER[] =
    "SELECT m.inviter_id, m.city, m.district, "
    "(SELECT COUNT(*) FROM member_roles r WHERE r.member_id = m.inviter_id "
    " AND r.role = 'leader') FROM members m WHERE m.id = ?";
static const char SQL_SCOPE_TAKEN[] =
    "SELECT COUNT(*) FROM member_roles WHERE role = ? AND scope = ?";
static const char SQL_INSERT[] =
    "INSERT INTO role_applications (member_id, role, scope, recommender_id, "
    "note, created_at) VALUES (?, ?, ?, ?, ?, NOW())";
static const char SQL_LOCK[] =
    "SELECT member_id, role, scope, recommender_id, status FROM "
    "role_applications WHERE id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE role_applications SET status = ?, reason = ?, decided_by = ?, "
    "decided_at = NOW() WHERE id = ?";
static const char SQL_MINE[] =
    "SELECT a.id, a.role, a.status, a.reason, a.note, a.recommender_id, "
    "g.name AS scope_name, DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i') AS "
    "created_at FROM role_applications a LEFT JOIN regions g ON g.code = "
    "a.scope WHERE a.member_id = ? ORDER BY a.id DESC LIMIT 50";
static const char SQL_ADMIN_N[] =
    "SELECT COUNT(*) FROM role_applications WHERE status = ?";
static const char SQL_ADMIN[] =
    "SELECT a.id, a.member_id, m.phone, a.role, a.status, a.reason, a.note, "
    "a.recommender_id, g.name AS scope_name, DATE_FORMAT(a.created_at, "
    "'%Y-%m-%d %H:%i') AS created_at FROM role_applications a "
    "JOIN members m ON m.id = a.member_id LEFT JOIN regions g ON g.code = "
    "a.scope WHERE a.status = ? ORDER BY a.id LIMIT ? OFFSET ?";

static const char *
role_cn(const char *role)
{
	if (strcmp(role, "leader") == 0)
		return "团长";
	if (strcmp(role, "owner") == 0)
		return "群主";
	if (strcmp(role, "branch") == 0)
		return "分公司";
	return "区域";
}

static int
has_role(arena *a, long long member, const char *role)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_HAS_ROLE, DB_ARGS(DB_INT(member),
	    DB_TEXT(role)))) != DB_OK)
		return rc;
	return db_ll(&res, 0, 0) > 0;
}

static int
insert_app(arena *a, long long member, const char *role, const char *scope,
    long long rec, const char *note, long long *id, struct svc_err *e)
{
	db_res	res;
	int	rc;

	rc = db_q(a, &res, SQL_INSERT, DB_ARGS(DB_INT(member), DB_TEXT(role),
	    DB_TEXT(scope), rec > 0 ? DB_INT(rec) : DB_NULL,
	    DB_TEXT(note ? note : "")));
	if (rc == DB_EDUP)
		return svc_fail(e, 409, "pending", "role",
		    "已有一份待审核的申请，请耐心等待");
	if (rc != DB_OK)
		return svc_dberr(e, rc);
	*id = (long long)res.insert_id;
	return 0;
}

int
role_apply(arena *a, long long member, const char *role, const char *note,
    long long *id, struct svc_err *e)
{
	const char	*scope = NULL;
	db_res		 res;
	int		 rc;

	if ((rc = has_role(a, member, role)) < 0)
		return svc_dberr(e, rc);
	if (rc > 0)
		return svc_fail(e, 409, "has_role", "role",
		    "您已经是该角色，无需申请");
	if ((rc = db_q(a, &res, SQL_MEMBER, DB_ARGS(DB_INT(member)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows != 1)
		return svc_fail(e, 404, "not_found", NULL, "会员不存在");
	if (strcmp(role, "owner") == 0 && db_ll(&res, 0, 3) == 0)
		return svc_fail(e, 400, "inviter_not_leader", "role",
		    "只有邀请人是团长的会员才能申请群主");
	if (strcmp(role, "branch") == 0 || strcmp(role, "region") == 0) {
		scope = arena_strdup(a, db_str(&res, 0,
		    strcmp(role, "branch") == 0 ? 1 : 2));
		if ((rc = db_q(a, &res, SQL_SCOPE_TAKEN, DB_ARGS(DB_TEXT(role),
		    DB_TEXT(scope)))) != DB_OK)
			return svc_dberr(e, rc);
		if (db_ll(&res, 0, 0) > 0)
			return svc_fail(e, 409, "scope_taken", "role",
			    strcmp(role, "branch") == 0 ?
			    "您所在城市已有分公司" : "您所在区县已有区域代理");
	}
	return insert_app(a, member, role, scope, 0, note, id, e);
}

int
role_recommend(arena *a, long long leader, const char *who,
    const char *note, long long *id, struct svc_err *e)
{
	long long	target;
	int		rc;

	if ((rc = has_role(a, leader, "leader")) < 0)
		return svc_dberr(e, rc);
	if (rc == 0)
		return svc_fail(e, 403, "not_leader", NULL,
		    "只有团长可以推荐团长");
	if ((target = member_lookup(a, who)) < 0)
		return svc_dberr(e, (int)target);
	if (target == 0)
		return svc_fail(e, 404, "not_found", "member",
		    "没有这个会员，请核对会员ID或手机号");
	if (target == leader)
		return svc_fail(e, 400, "self", "member", "不能推荐自己");
	if ((rc = has_role(a, target, "leader")) < 0)
		return svc_dberr(e, rc);
	if (rc > 0)
		return svc_fail(e, 409, "has_role", "member", "该会员已经是团长");
	return insert_app(a, target, "leader", NULL, leader, note, id, e);
}

static int
decide_tx(void *ud)
{
	struct svc_decision	*d = ud;
	db_res			 res;
	long long		 member, rec;
	const char		*role, *scope;
	int			 rc;

	if ((rc = db_q(d->a, &res, SQL_LOCK, DB_ARGS(DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = svc_pending(d->e, &res, 4, "申请不存在")) != 0)
		return rc;
	member = db_ll(&res, 0, 0);
	role = arena_strdup(d->a, db_str(&res, 0, 1));
	scope = arena_strdup(d->a, db_str(&res, 0, 2));
	rec = db_ll(&res, 0, 3);
	if (d->approve && (rc = member_grant_role(d->a, member, role, scope,
	    rec, d->admin, d->e)) != 0)
		return rc;
	if ((rc = db_q(d->a, NULL, SQL_DECIDE, DB_ARGS(DB_TEXT(d->approve ?
	    "approved" : "rejected"), DB_TEXT(d->reason), DB_INT(d->admin),
	    DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = admin_audit(d->a, d->admin, d->approve ? "role.approve" :
	    "role.reject", "role_application", d->id, arena_printf(d->a,
	    "{\"member\":%lld,\"role\":\"%s\"}", member, role), d->ip)) !=
	    DB_OK)
		return rc;
	return svc_message(d->a, member, arena_printf(d->a, "%s申请%s", role_cn(role),
	    d->approve ? "已通过" : "未通过"), d->approve ? arena_printf(d->a, "恭喜，您已成为%s。",
	    role_cn(role)) : arena_printf(d->a, "原因：%s", d->reason), "/member/roles");
}

int
role_decide(arena *a, long long app, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e)
{
	return svc_decide(a, app, approve, reason, admin, ip, e, decide_tx);
}

static void
label_roles(struct json_object *list)
{
	size_t i;

	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *o = json_object_array_get_idx(list, i), *x;

		if (json_object_object_get_ex(o, "role", &x))
			json_object_object_add(o, "role_name",
			    json_object_new_string(role_cn(
			    json_object_get_string(x))));
		if (json_object_object_get_ex(o, "status", &x)) {
			const char *s = json_object_get_string(x);

			json_object_object_add(o, s, json_object_new_boolean(1));
			json_object_object_add(o, "status_name",
			    json_object_new_string(strcmp(s, "pending") == 0 ?
			    "审核中" : strcmp(s, "approved") == 0 ? "已通过" :
			    "未通过"));
		}
	}
}

struct json_object *
role_member_apps(arena *a, long long member)
{
	struct json_object	*list;
	db_res			 res;

	if (db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	list = db_rows_json(&res);
	label_roles(list);
	return list;
}

struct json_object *
role_admin_apps(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	struct json_object	*list;
	db_res			 res;

	if (db_q(a, &res, SQL_ADMIN_N, DB_ARGS(DB_TEXT(status))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_ADMIN, DB_ARGS(DB_TEXT(status), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = db_rows_json(&res);
	label_roles(list);
	return list;
}
