/* svc_admin: back-office accounts and member list (see svc_admin.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "crypto.h"
#include "db.h"
#include "perm.h"
#include "ratelimit.h"
#include "settings.h"
#include "sms.h"
#include "svc_admin.h"
#include "view.h"
#include "valid.h"

static const char SQL_CREATE[] =
    "INSERT INTO admins (username, pass_hash, role, created_at) "
    "VALUES (?, ?, ?, NOW())";
static const char SQL_LOGIN[] =
    "SELECT id, pass_hash, status FROM admins WHERE username = ?";
static const char SQL_BY_ID[] = "SELECT pass_hash FROM admins WHERE id = ?";
static const char SQL_SETPW[] = "UPDATE admins SET pass_hash = ? WHERE id = ?";
static const char SQL_SEEN[] =
    "UPDATE admins SET last_login_at = NOW() WHERE id = ?";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (admin_id, action, target_type, target_id, "
    "detail, ip, created_at) VALUES (?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_MEMBERS[] =
    "SELECT m.id, m.phone, m.inviter_id, m.status, "
    "DATE_FORMAT(m.created_at, '%Y-%m-%d %H:%i') AS created_at, "
    "CONCAT_WS(' ', p.name, c.name, d.name) AS region, "
    "(SELECT GROUP_CONCAT(ELT(FIELD(r.role, 'leader', 'owner', 'branch', "
    " 'region', 'promoter', 'merchant'), '团长', '群主', '分公司', '区域', "
    " '推广员', '商家') ORDER BY r.role SEPARATOR '、') FROM member_roles r "
    " WHERE r.member_id = m.id) AS roles, "
    "(SELECT COUNT(*) FROM member_tree t WHERE t.ancestor = m.id "
    " AND t.depth = 1) AS team1 "
    "FROM members m LEFT JOIN regions p ON p.code = m.province "
    "LEFT JOIN regions c ON c.code = m.city "
    "LEFT JOIN regions d ON d.code = m.district "
    "WHERE (? = '' OR m.id = ? OR m.phone LIKE CONCAT('%', ?, '%')) "
    "ORDER BY m.id DESC LIMIT ? OFFSET ?";
static const char SQL_MEMBERS_N[] =
    "SELECT COUNT(*) FROM members m "
    "WHERE (? = '' OR m.id = ? OR m.phone LIKE CONCAT('%', ?, '%'))";
static const char SQL_DASH[] =
    "SELECT (SELECT COUNT(*) FROM members), "
    "(SELECT COUNT(*) FROM members WHERE created_at >= CURDATE()), "
    "(SELECT COUNT(*) FROM member_roles WHERE role = 'leader'), "
    "(SELECT COUNT(*) FROM admins WHERE status = 'active'), "
    "(SELECT COUNT(*) FROM jobs WHERE status = 'failed')";
static const char SQL_ADMINS[] =
    "SELECT id, username, role, status, DATE_FORMAT(created_at, "
    "'%Y-%m-%d %H:%i') AS created_at, DATE_FORMAT(last_login_at, "
    "'%Y-%m-%d %H:%i') AS last_login_at FROM admins ORDER BY id";
static const char SQL_SMS[] =
    "SELECT id, phone, purpose, body, DATE_FORMAT(created_at, "
    "'%Y-%m-%d %H:%i:%s') AS created_at FROM sms_outbox ORDER BY id DESC "
    "LIMIT ? OFFSET ?";
static const char SQL_SMS_N[] = "SELECT COUNT(*) FROM sms_outbox";

int
admin_audit(arena *a, long long admin_id, const char *action,
    const char *target_type, long long target_id, const char *detail,
    const char *ip)
{
	return db_q(a, NULL, SQL_AUDIT, DB_ARGS(admin_id > 0 ? DB_INT(admin_id)
	    : DB_NULL, DB_TEXT(action), DB_TEXT(target_type),
	    target_id > 0 ? DB_INT(target_id) : DB_NULL, DB_TEXT(detail),
	    DB_TEXT(ip)));
}

int
admin_create(arena *a, const char *user, const char *pw, const char *role,
    long long by_admin, struct svc_err *e)
{
	char		hash[PW_HASH_LEN];
	db_res		res;
	size_t		i, n = strlen(user);
	int		rc;

	if (n < 3 || n > 32)
		return svc_fail(e, 400, "invalid", "username",
		    "用户名为 3-32 位字母、数字或下划线");
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)user[i]) && user[i] != '_')
			return svc_fail(e, 400, "invalid", "username",
			    "用户名为 3-32 位字母、数字或下划线");
	if (strlen(pw) < 8)
		return svc_fail(e, 400, "too_short", "password", "密码至少 8 位");
	if (!perm_role_valid(role))
		return svc_fail(e, 400, "invalid", "role",
		    "角色应为 super、operator、finance 或 auditor");
	if (pw_hash(pw, hash) != 0)
		return svc_fail(e, 500, "internal", NULL, "系统繁忙");
	rc = db_q(a, &res, SQL_CREATE, DB_ARGS(DB_TEXT(user), DB_TEXT(hash),
	    DB_TEXT(role)));
	if (rc == DB_EDUP)
		return svc_fail(e, 409, "taken", "username", "用户名已存在");
	if (rc != DB_OK)
		return svc_dberr(e, rc);
	admin_audit(a, by_admin, "admin.create", "admin",
	    (long long)res.insert_id, arena_printf(a,
	    "{\"username\":\"%s\",\"role\":\"%s\"}", user, role), NULL);
	return 0;
}

int
admin_login(arena *a, const char *user, const char *pw, const char *ip,
    long long *id, struct svc_err *e)
{
	const char	*bu = arena_printf(a, "admin:user:%.40s", user);
	const char	*bi = arena_printf(a, "admin:ip:%s", ip);
	long		 win = (long)setting_int("login.fail_window_sec");
	db_res		 res;
	int		 nu, ni, rc;

	/* Counted before the check, atomically (see member_login_password). */
	if ((nu = rl_hit(a, bu, win)) < 0 || (ni = rl_hit(a, bi, win)) < 0)
		return svc_dberr(e, nu < 0 ? nu : ni);
	if (nu > setting_int("login.phone_fail_max") ||
	    ni > setting_int("login.ip_fail_max"))
		return svc_fail(e, 429, "rate_limited", "password",
		    "登录失败次数过多，请稍后再试");
	if ((rc = db_q(a, &res, SQL_LOGIN, DB_ARGS(DB_TEXT(user)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows != 1 || !pw_verify(db_str(&res, 0, 1), pw))
		return svc_fail(e, 400, "bad_login", "password",
		    "用户名或密码不正确");
	rl_reset(a, bu);
	rl_unhit(a, bi);
	if (strcmp(db_str(&res, 0, 2), "active") != 0)
		return svc_fail(e, 403, "disabled", "username", "该账号已停用");
	*id = db_ll(&res, 0, 0);
	db_q(a, NULL, SQL_SEEN, DB_ARGS(DB_INT(*id)));
	admin_audit(a, *id, "admin.login", "admin", *id, NULL, ip);
	return 0;
}

int
admin_change_password(arena *a, long long id, const char *old_pw,
    const char *new_pw, struct svc_err *e)
{
	char	hash[PW_HASH_LEN];
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_BY_ID, DB_ARGS(DB_INT(id)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows != 1 || !pw_verify(db_str(&res, 0, 0), old_pw))
		return svc_fail(e, 400, "bad_password", "old_password",
		    "原密码不正确");
	if (strlen(new_pw) < 8)
		return svc_fail(e, 400, "too_short", "password", "新密码至少 8 位");
	if (pw_hash(new_pw, hash) != 0)
		return svc_fail(e, 500, "internal", NULL, "系统繁忙");
	if ((rc = db_q(a, NULL, SQL_SETPW, DB_ARGS(DB_TEXT(hash),
	    DB_INT(id)))) != DB_OK)
		return svc_dberr(e, rc);
	admin_audit(a, id, "admin.password", "admin", id, NULL, NULL);
	return 0;
}

struct json_object *
admin_member_list(arena *a, const char *q, long long page, long long per,
    long long *total)
{
	struct json_object	*list, *o;
	db_res			 res;
	long long		 idq = 0;
	size_t			 i;

	if (q == NULL)
		q = "";
	if (strlen(q) <= 10 && *q != '\0' && strspn(q, "0123456789") ==
	    strlen(q))
		sscanf(q, "%lld", &idq);
	if (db_q(a, &res, SQL_MEMBERS_N, DB_ARGS(DB_TEXT(q), DB_INT(idq),
	    DB_TEXT(q))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_MEMBERS, DB_ARGS(DB_TEXT(q), DB_INT(idq),
	    DB_TEXT(q), DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = db_row_json(&res, i);
		json_object_object_add(o, "frozen", json_object_new_boolean(
		    strcmp(db_str(&res, i, 3), "frozen") == 0));
		json_object_array_add(list, o);
	}
	return list;
}

/* The read replica on the dashboard (db.h): whether reads go to it, its
 * lag and GTID position against the primary's. */
static struct json_object *
admin_replica_view(arena *a)
{
	struct db_replica_status	 st;
	struct json_object		*o = json_object_new_object();

	db_replica_status(a, &st);
	view_bool(o, "configured", st.configured);
	if (!st.configured)
		return o;
	view_bool(o, "reachable", st.reachable);
	view_bool(o, "io_running", st.io_running);
	view_bool(o, "sql_running", st.sql_running);
	view_bool(o, "serving", st.serving);
	json_object_object_add(o, "lag", st.lag < 0 ? NULL :
	    json_object_new_int(st.lag));
	view_str(o, "lag_text", st.lag < 0 ? "—（复制未在运行）" :
	    arena_printf(a, "%d 秒", st.lag));
	view_int(o, "max_lag", st.max_lag);
	view_str(o, "gtid_primary", st.gtid_primary);
	view_str(o, "gtid_replica", st.gtid_replica);
	view_bool(o, "in_step", st.gtid_replica[0] != '\0' &&
	    strcmp(st.gtid_primary, st.gtid_replica) == 0);
	if (st.error[0] != '\0')
		view_str(o, "error", st.error);
	view_int(o, "reads", (long long)st.reads);
	view_int(o, "fallbacks", (long long)st.fallbacks);
	return o;
}

struct json_object *
admin_dashboard(arena *a)
{
	struct json_object	*o;
	db_res			 res;

	if (db_q(a, &res, SQL_DASH, DB_NOARGS) != DB_OK)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "members", json_object_new_int64(db_ll(&res, 0, 0)));
	json_object_object_add(o, "members_today", json_object_new_int64(db_ll(&res, 0, 1)));
	json_object_object_add(o, "leaders", json_object_new_int64(db_ll(&res, 0, 2)));
	json_object_object_add(o, "admins", json_object_new_int64(db_ll(&res, 0, 3)));
	json_object_object_add(o, "failed_jobs", json_object_new_int64(db_ll(&res, 0, 4)));
	json_object_object_add(o, "has_failed_jobs",
	    json_object_new_boolean(db_ll(&res, 0, 4) > 0));
	json_object_object_add(o, "replica", admin_replica_view(a));
	return o;
}

struct json_object *
admin_list(arena *a)
{
	db_res res;

	if (db_q(a, &res, SQL_ADMINS, DB_NOARGS) != DB_OK)
		return NULL;
	return db_rows_json(&res);
}

struct json_object *
admin_sms_outbox(arena *a, long long page, long long per, long long *total)
{
	db_res res;

	if (db_q(a, &res, SQL_SMS_N, DB_NOARGS) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	struct json_object *list;
	size_t i;

	if (db_q(a, &res, SQL_SMS, DB_ARGS(DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	if ((list = db_rows_json(&res)) == NULL)
		return NULL;
	/* The purpose in Chinese, never its code. */
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *o = json_object_array_get_idx(list, i), *x;

		if (json_object_object_get_ex(o, "purpose", &x))
			json_object_object_add(o, "purpose_name",
			    json_object_new_string(sms_purpose_name(
			    json_object_get_string(x))));
	}
	return list;
}
