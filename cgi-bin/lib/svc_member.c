/* svc_member: registration, login, reset, tree and roles (see svc_member.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "buf.h"
#include "db.h"
#include "ratelimit.h"
#include "settings.h"
#include "sms.h"
#include "svc_member.h"
#include "valid.h"
#include "view.h"

static const char SQL_BY_ID[] = "SELECT id FROM members WHERE id = ?";
static const char SQL_BY_PHONE[] = "SELECT id FROM members WHERE phone = ?";
static const char SQL_LOGIN[] =
    "SELECT id, pass_hash, status FROM members WHERE phone = ?";
/* A city without districts (东莞, 中山, 儋州) stands for its own district. */
static const char SQL_REGION[] =
    "SELECT COUNT(*) FROM regions c WHERE c.code = ? AND c.parent = ? "
    "AND c.level = 2 AND (EXISTS (SELECT 1 FROM regions d WHERE d.code = ? "
    "AND d.parent = c.code AND d.level = 3) OR (c.code = ? AND NOT EXISTS "
    "(SELECT 1 FROM regions d WHERE d.parent = c.code)))";
static const char SQL_INVITER[] =
    "SELECT city, district FROM members WHERE id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO members (phone, pass_hash, inviter_id, province, city, "
    "district, address, wallet_addr, branch_city, region_district, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_TREE[] =
    "INSERT INTO member_tree (ancestor, descendant, depth) "
    "SELECT ancestor, ?, depth + 1 FROM member_tree WHERE descendant = ? "
    "UNION ALL SELECT ?, ?, 0";
static const char SQL_SETPW[] =
    "UPDATE members SET pass_hash = ? WHERE id = ?";
static const char SQL_GRANT[] =
    "INSERT INTO member_roles (member_id, role, scope, recommender_id, "
    "granted_by, granted_at) VALUES (?, ?, ?, ?, ?, NOW())";
static const char SQL_EXISTS[] = "SELECT COUNT(*) FROM members WHERE id = ?";
/* 分公司 is a city; 区域 a district, or a city that has no districts. */
static const char SQL_SCOPE_OK[] =
    "SELECT COUNT(*) FROM regions g WHERE g.code = ? AND (g.level = ? OR "
    "(? = 3 AND g.level = 2 AND NOT EXISTS (SELECT 1 FROM regions d "
    "WHERE d.parent = g.code)))";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (admin_id, action, target_type, target_id, "
    "detail, created_at) VALUES (?, ?, 'member', ?, ?, NOW())";

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static const char SQL_PHONE[] = "SELECT phone FROM members WHERE id = ?";

const char *
member_phone(arena *a, long long id)
{
	db_res res;

	if (db_q(a, &res, SQL_PHONE, DB_ARGS(DB_INT(id))) != DB_OK)
		return NULL;
	return db_str(&res, 0, 0);
}

long long
member_lookup(arena *a, const char *s)
{
	db_res	res;
	int	rc;

	if (s == NULL || !all_digits(s) || strlen(s) > 11)
		return 0;
	if (strlen(s) == 11)
		rc = db_q(a, &res, SQL_BY_PHONE, DB_ARGS(DB_TEXT(s)));
	else
		rc = db_q(a, &res, SQL_BY_ID, DB_ARGS(DB_INT(strtoll(s, NULL,
		    10))));
	if (rc != DB_OK)
		return rc;
	return res.nrows == 1 ? db_ll(&res, 0, 0) : 0;
}

int
member_region_ok(arena *a, const char *province, const char *city,
    const char *district)
{
	db_res	res;
	int	rc;

	rc = db_q(a, &res, SQL_REGION, DB_ARGS(DB_TEXT(city),
	    DB_TEXT(province), DB_TEXT(district), DB_TEXT(district)));
	if (rc != DB_OK)
		return rc;
	return db_ll(&res, 0, 0) == 1;
}

struct create_ctx {
	arena			*a;
	const struct member_new	*m;
	const char		*hash;
	long long		 id;
	struct svc_err		*e;
};

static int
create_tx(void *ud)
{
	struct create_ctx	*c = ud;
	const struct member_new	*m = c->m;
	const char		*bcity = NULL, *rdist = NULL;
	db_res			 res;
	int			 rc;

	if (m->sms_code_id > 0) {
		rc = sms_consume(c->a, m->sms_code_id);
		if (rc == SMS_ENOCODE)
			return svc_fail(c->e, 400, "sms_code", "sms_code",
			    sms_strerror(SMS_ENOCODE));
		if (rc != 0)
			return rc;
	}
	if (m->inviter_id > 0) {
		rc = db_q(c->a, &res, SQL_INVITER, DB_ARGS(DB_INT(m->inviter_id)));
		if (rc != DB_OK)
			return rc;
		if (res.nrows == 0)
			return svc_fail(c->e, 400, "inviter_unknown", "inviter",
			    "邀请人不存在，请核对会员ID或手机号");
		bcity = arena_strdup(c->a, db_str(&res, 0, 0));
		rdist = arena_strdup(c->a, db_str(&res, 0, 1));
	}
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_TEXT(m->phone),
	    DB_TEXT(c->hash), m->inviter_id > 0 ? DB_INT(m->inviter_id) :
	    DB_NULL, DB_TEXT(m->province), DB_TEXT(m->city),
	    DB_TEXT(m->district), DB_TEXT(m->address),
	    DB_TEXT(m->wallet != NULL && *m->wallet ? m->wallet : NULL),
	    DB_TEXT(bcity), DB_TEXT(rdist)));
	if (rc == DB_EDUP)
		return svc_fail(c->e, 409, "phone_taken", "phone",
		    "该手机号已注册，请直接登录");
	if (rc != DB_OK)
		return rc;
	c->id = (long long)res.insert_id;
	return db_q(c->a, NULL, SQL_TREE, DB_ARGS(DB_INT(c->id),
	    DB_INT(m->inviter_id), DB_INT(c->id), DB_INT(c->id)));
}

int
member_create(arena *a, const struct member_new *m, long long *id,
    struct svc_err *e)
{
	struct create_ctx	c;
	char			hash[PW_HASH_LEN];
	int			rc;

	if (pw_hash(m->password, hash) != 0)
		return svc_fail(e, 500, "internal", NULL, "系统繁忙，请稍后再试");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.m = m;
	c.hash = hash;
	c.e = e;
	if ((rc = svc_tx_result(e, db_tx(create_tx, &c))) != 0)
		return rc;
	*id = c.id;
	return 0;
}

int
member_register(arena *a, const struct member_new *in, const char *inviter,
    const char *sms_code, long long *id, struct svc_err *e)
{
	struct member_new	m = *in;
	long long		inv;
	int			rc;

	if ((inv = member_lookup(a, inviter)) < 0)
		return svc_dberr(e, (int)inv);
	if (inv == 0)
		return svc_fail(e, 400, "inviter_unknown", "inviter",
		    "邀请人不存在，请核对会员ID或手机号");
	if ((rc = member_region_ok(a, m.province, m.city, m.district)) < 0)
		return svc_dberr(e, rc);
	if (rc == 0)
		return svc_fail(e, 400, "region", "district",
		    "请选择正确的省、市、区");
	/* The code before the phone: a registered phone is sent no code
	 * (member_send_sms), so whoever tries one learns nothing more here
	 * than from asking for a code. */
	rc = sms_check(a, m.phone, "register", sms_code, &m.sms_code_id);
	if (rc != 0)
		return rc < -9 ? svc_fail(e, 400, "sms_code", "sms_code",
		    sms_strerror(rc)) : svc_dberr(e, rc);
	if ((rc = (int)member_lookup(a, m.phone)) < 0)
		return svc_dberr(e, rc);
	if (rc > 0)
		return svc_fail(e, 409, "phone_taken", "phone",
		    "该手机号已注册，请直接登录");
	m.inviter_id = inv;
	return member_create(a, &m, id, e);
}

/* Verifies pw against a real hash made once per process, so an unknown
 * phone costs as much time as a wrong password. */
static void
burn_verify(const char *pw)
{
	static char	dummy[PW_HASH_LEN];

	if (dummy[0] == '\0' && pw_hash("unused-password", dummy) != 0)
		return;
	(void)pw_verify(dummy, pw);
}

int
member_login_password(arena *a, const char *phone, const char *pw,
    const char *ip, long long *id, struct svc_err *e)
{
	const char	*bp = arena_printf(a, "login:phone:%s", phone);
	const char	*bi = arena_printf(a, "login:ip:%s", ip);
	long		 win = (long)setting_int("login.fail_window_sec");
	db_res		 res;
	int		 np, ni, rc, ok;

	/* The attempt counts before the password is checked, in one atomic
	 * step, so parallel guesses cannot all see the old count; a right
	 * password takes its hits back below. */
	if ((np = rl_hit(a, bp, win)) < 0 || (ni = rl_hit(a, bi, win)) < 0)
		return svc_dberr(e, np < 0 ? np : ni);
	if (np > setting_int("login.phone_fail_max") ||
	    ni > setting_int("login.ip_fail_max"))
		return svc_fail(e, 429, "rate_limited", "password",
		    arena_printf(a, "密码错误次数过多，请 %ld 分钟后再试，"
		    "或使用验证码登录", win / 60));
	if ((rc = db_q(a, &res, SQL_LOGIN, DB_ARGS(DB_TEXT(phone)))) != DB_OK)
		return svc_dberr(e, rc);
	ok = res.nrows == 1 && pw_verify(db_str(&res, 0, 1), pw);
	if (!ok) {
		if (res.nrows == 0)	/* the same cost either way */
			burn_verify(pw);
		return svc_fail(e, 400, "bad_login", "password",
		    "手机号或密码不正确");
	}
	rl_reset(a, bp);
	rl_unhit(a, bi);
	if (strcmp(db_str(&res, 0, 2), "active") != 0)
		return svc_fail(e, 403, "frozen", "phone",
		    "该账号已被冻结，请联系客服");
	*id = db_ll(&res, 0, 0);
	return 0;
}

static int
check_code(arena *a, const char *phone, const char *purpose,
    const char *code, long long *member, long long *code_id,
    struct svc_err *e)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_LOGIN, DB_ARGS(DB_TEXT(phone)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 404, "phone_unknown", "phone",
		    "该手机号未注册");
	if (strcmp(db_str(&res, 0, 2), "active") != 0)
		return svc_fail(e, 403, "frozen", "phone",
		    "该账号已被冻结，请联系客服");
	rc = sms_check(a, phone, purpose, code, code_id);
	if (rc != 0)
		return rc < -9 ? svc_fail(e, 400, "sms_code", "sms_code",
		    sms_strerror(rc)) : svc_dberr(e, rc);
	*member = db_ll(&res, 0, 0);
	return 0;
}

int
member_login_sms(arena *a, const char *phone, const char *code,
    long long *id, struct svc_err *e)
{
	long long	cid;
	int		rc;

	if (check_code(a, phone, "login", code, id, &cid, e) != 0)
		return SVC_EREFUSED;
	if ((rc = sms_consume(a, cid)) != 0)
		return rc == SMS_ENOCODE ? svc_fail(e, 400, "sms_code",
		    "sms_code", sms_strerror(rc)) : svc_dberr(e, rc);
	return 0;
}

struct reset_ctx {
	arena		*a;
	long long	 id, cid;
	const char	*hash;
};

static int
reset_tx(void *ud)
{
	struct reset_ctx	*c = ud;
	int			 rc;

	if ((rc = sms_consume(c->a, c->cid)) != 0)
		return rc;
	return db_q(c->a, NULL, SQL_SETPW, DB_ARGS(DB_TEXT(c->hash),
	    DB_INT(c->id)));
}

int
member_reset_password(arena *a, const char *phone, const char *code,
    const char *pw, long long *id, struct svc_err *e)
{
	struct reset_ctx	c;
	char			hash[PW_HASH_LEN];
	int			rc;

	memset(&c, 0, sizeof(c));
	if (check_code(a, phone, "reset", code, &c.id, &c.cid, e) != 0)
		return SVC_EREFUSED;
	if (pw_hash(pw, hash) != 0)
		return svc_fail(e, 500, "internal", NULL, "系统繁忙，请稍后再试");
	c.a = a;
	c.hash = hash;
	rc = db_tx(reset_tx, &c);
	if (rc == SMS_ENOCODE)
		return svc_fail(e, 400, "sms_code", "sms_code", sms_strerror(rc));
	if (rc != 0)
		return svc_dberr(e, rc);
	rl_reset(a, arena_printf(a, "login:phone:%s", phone));
	*id = c.id;
	return 0;
}

int
member_send_sms(arena *a, const char *phone, const char *purpose,
    const char *ip, struct svc_err *e)
{
	long long	id = member_lookup(a, phone);
	int		rc;

	if (id < 0)
		return svc_dberr(e, (int)id);
	if (strcmp(purpose, "register") != 0 && id == 0)
		return svc_fail(e, 404, "phone_unknown", "phone",
		    "该手机号未注册");
	/* Registering a number that is taken: the same answer as for a free
	 * one (who asks must not learn which numbers are members); the
	 * owner of the phone is told by SMS instead. */
	if (strcmp(purpose, "register") == 0 && id > 0)
		rc = sms_send_notice(a, phone, purpose, ip, "【拼团】该手机号已注册，"
		    "请直接登录；如忘记密码，可在登录页重置。");
	else
		rc = sms_send_code(a, phone, purpose, ip);
	if (rc == 0)
		return 0;
	if (rc < -9)
		return svc_fail(e, 429, "sms_rate", "phone", sms_strerror(rc));
	return svc_dberr(e, rc);
}

static const char *const role_names[] = {
	"leader", "owner", "branch", "region", "promoter", "merchant", NULL
};

int
member_grant_role(arena *a, long long member_id, const char *role,
    const char *scope, long long recommender_id, long long admin_id,
    struct svc_err *e)
{
	db_res	res;
	size_t	i;
	int	rc, scoped;

	for (i = 0; role_names[i] != NULL; i++)
		if (strcmp(role_names[i], role) == 0)
			break;
	if (role_names[i] == NULL)
		return svc_fail(e, 400, "role", "role", "未知的角色");
	scoped = strcmp(role, "branch") == 0 || strcmp(role, "region") == 0;
	if (scoped && (scope == NULL || strlen(scope) != 6))
		return svc_fail(e, 400, "scope", "scope",
		    "分公司需指定城市，区域需指定区县");
	if ((rc = db_q(a, &res, SQL_EXISTS, DB_ARGS(DB_INT(member_id)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (db_ll(&res, 0, 0) == 0)
		return svc_fail(e, 404, "not_found", NULL, "会员不存在");
	if (scoped) {
		int level = strcmp(role, "branch") == 0 ? 2 : 3;

		if ((rc = db_q(a, &res, SQL_SCOPE_OK, DB_ARGS(DB_TEXT(scope),
		    DB_INT(level), DB_INT(level)))) != DB_OK)
			return svc_dberr(e, rc);
		if (db_ll(&res, 0, 0) == 0)
			return svc_fail(e, 400, "scope", "scope", level == 2 ?
			    "分公司的地区代码应为城市（地级市）代码" :
			    "区域的地区代码应为区县代码");
	}
	rc = db_q(a, NULL, SQL_GRANT, DB_ARGS(DB_INT(member_id),
	    DB_TEXT(role), DB_TEXT(scoped ? scope : NULL),
	    recommender_id > 0 ? DB_INT(recommender_id) : DB_NULL,
	    admin_id > 0 ? DB_INT(admin_id) : DB_NULL));
	if (rc == DB_EDUP)
		return svc_fail(e, 409, "role_taken", "role",
		    scoped ? "该地区已有人担任此角色，或会员已有此角色" :
		    "会员已有此角色");
	if (rc != DB_OK)
		return svc_dberr(e, rc);
	rc = db_q(a, NULL, SQL_AUDIT, DB_ARGS(admin_id > 0 ? DB_INT(admin_id) :
	    DB_NULL, DB_TEXT("member.role.grant"), DB_INT(member_id),
	    DB_TEXT(arena_printf(a, "{\"role\":\"%s\",\"scope\":\"%s\"}", role,
	    scoped ? scope : ""))));
	return rc == DB_OK ? 0 : svc_dberr(e, rc);
}

/* --- read models --------------------------------------------------------- */

static const char SQL_PROFILE[] =
    "SELECT m.id, m.phone, m.inviter_id, i.phone AS inviter_phone, "
    "m.address, m.wallet_addr, DATE_FORMAT(m.created_at, '%Y-%m-%d %H:%i'), "
    "pr.name, ci.name, di.name, "
    "m.created_at + INTERVAL ? DAY + INTERVAL ? HOUR > NOW() AS is_new, "
    "DATE_FORMAT(m.created_at + INTERVAL ? DAY + INTERVAL ? HOUR, "
    "'%Y-%m-%d %H:%i'), m.province, m.city, m.district, "
    "m.branch_city, bc.name, m.region_district, rd.name "
    "FROM members m LEFT JOIN members i ON i.id = m.inviter_id "
    "LEFT JOIN regions bc ON bc.code = m.branch_city "
    "LEFT JOIN regions rd ON rd.code = m.region_district "
    MEMBER_ADDRESS_JOINS "WHERE m.id = ?";
static const char SQL_ROLES[] =
    "SELECT r.role, r.scope, g.name, DATE_FORMAT(r.expires_at, "
    "'%Y-%m-%d %H:%i') FROM member_roles r "
    "LEFT JOIN regions g ON g.code = r.scope WHERE r.member_id = ? "
    "AND (r.expires_at IS NULL OR r.expires_at > NOW()) ORDER BY r.role";
static const char SQL_COUNTS[] =
    "SELECT depth, COUNT(*) FROM member_tree WHERE ancestor = ? "
    "AND depth IN (1, 2) GROUP BY depth";
static const char SQL_TEAM[] =
    "SELECT m.id, m.phone, DATE_FORMAT(m.created_at, '%Y-%m-%d'), "
    "(SELECT COUNT(*) FROM member_tree c WHERE c.ancestor = m.id "
    "AND c.depth = 1) FROM member_tree t JOIN members m ON m.id = t.descendant "
    "WHERE t.ancestor = ? AND t.depth = ? ORDER BY m.id DESC LIMIT ? OFFSET ?";
static const char SQL_REGIONS_TOP[] =
    "SELECT code, name FROM regions WHERE level = 1 ORDER BY code";
static const char SQL_REGIONS_SUB[] =
    "SELECT code, name FROM regions WHERE parent = ? ORDER BY code";
static const char SQL_REGION_SELF[] =
    "SELECT code, CONCAT(name, '（全市）') FROM regions WHERE code = ? "
    "AND level = 2";

const char *
member_role_label(const char *role)
{
	static const char *const map[][2] = {
		{ "leader", "团长" }, { "owner", "群主" }, { "branch", "分公司" },
		{ "region", "区域" }, { "promoter", "推广员" },
		{ "merchant", "商家" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], role) == 0)
			return map[i][1];
	return role;
}

/* {gen1, gen2}: the sizes of the first two generations below id, also
 * stored in *g1 / *g2 when given. New object, or NULL on a db error. */
static struct json_object *
team_counts(arena *a, long long id, long long *g1, long long *g2)
{
	struct json_object	*team;
	db_res			 res;
	long long		 n[3] = { 0, 0, 0 };
	size_t			 i;

	if (db_q(a, &res, SQL_COUNTS, DB_ARGS(DB_INT(id))) != DB_OK)
		return NULL;
	for (i = 0; i < res.nrows; i++)
		n[db_ll(&res, i, 0) == 1 ? 1 : 2] = db_ll(&res, i, 1);
	team = json_object_new_object();
	json_object_object_add(team, "gen1", json_object_new_int64(n[1]));
	json_object_object_add(team, "gen2", json_object_new_int64(n[2]));
	if (g1 != NULL)
		*g1 = n[1];
	if (g2 != NULL)
		*g2 = n[2];
	return team;
}

struct json_object *
member_profile(arena *a, long long id)
{
	struct json_object	*m, *roles, *r, *team;
	db_res			 res;
	long long		 d = setting_int("member.new_days");
	long long		 h = setting_int("member.new_hours");
	size_t			 i;

	if (db_q(a, &res, SQL_PROFILE, DB_ARGS(DB_INT(d), DB_INT(h), DB_INT(d),
	    DB_INT(h), DB_INT(id))) != DB_OK || res.nrows != 1)
		return NULL;
	m = json_object_new_object();
	json_object_object_add(m, "id", json_object_new_int64(id));
	view_str(m, "phone", mask_phone(a, db_str(&res, 0, 1)));
	if (db_str(&res, 0, 2) != NULL) {
		r = json_object_new_object();
		json_object_object_add(r, "id",
		    json_object_new_int64(db_ll(&res, 0, 2)));
		view_str(r, "phone", mask_phone(a, db_str(&res, 0, 3)));
		json_object_object_add(m, "inviter", r);
	}
	view_str(m, "address", db_str(&res, 0, 4));
	view_str(m, "wallet", db_str(&res, 0, 5));
	view_str(m, "registered_at", db_str(&res, 0, 6));
	view_str(m, "province_name", db_str(&res, 0, 7));
	view_str(m, "city_name", db_str(&res, 0, 8));
	view_str(m, "district_name", db_str(&res, 0, 9));
	json_object_object_add(m, "is_new",
	    json_object_new_boolean(db_ll(&res, 0, 10) != 0));
	view_str(m, "new_until", db_str(&res, 0, 11));
	view_str(m, "province", db_str(&res, 0, 12));
	view_str(m, "city", db_str(&res, 0, 13));
	view_str(m, "district", db_str(&res, 0, 14));
	/* A8: fixed at registration from the inviter's address. */
	view_str(m, "branch_city", db_str(&res, 0, 15));
	view_str(m, "branch_city_name", db_str(&res, 0, 16));
	view_str(m, "region_district", db_str(&res, 0, 17));
	view_str(m, "region_district_name", db_str(&res, 0, 18));

	if (db_q(a, &res, SQL_ROLES, DB_ARGS(DB_INT(id))) != DB_OK) {
		json_object_put(m);
		return NULL;
	}
	roles = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		r = json_object_new_object();
		view_str(r, "role", db_str(&res, i, 0));
		view_str(r, "name", member_role_label(db_str(&res, i, 0)));
		view_str(r, "scope", db_str(&res, i, 1));
		view_str(r, "scope_name", db_str(&res, i, 2));
		view_str(r, "expires_at", db_str(&res, i, 3));
		json_object_array_add(roles, r);
	}
	json_object_object_add(m, "roles", roles);

	if ((team = team_counts(a, id, NULL, NULL)) == NULL) {
		json_object_put(m);
		return NULL;
	}
	json_object_object_add(m, "team", team);
	return m;
}

struct json_object *
member_team_page(arena *a, long long id, int gen, long long page,
    long long per, long long *total, struct json_object **counts)
{
	struct json_object	*list, *o, *team;
	db_res			 res;
	long long		 g1, g2;
	size_t			 i;

	if ((team = team_counts(a, id, &g1, &g2)) == NULL)
		return NULL;
	*total = gen == 1 ? g1 : g2;
	if (counts != NULL)
		*counts = team;
	else
		json_object_put(team);
	if (db_q(a, &res, SQL_TEAM, DB_ARGS(DB_INT(id), DB_INT(gen),
	    DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id",
		    json_object_new_int64(db_ll(&res, i, 0)));
		view_str(o, "phone", mask_phone(a, db_str(&res, i, 1)));
		view_str(o, "joined", db_str(&res, i, 2));
		json_object_object_add(o, "team1",
		    json_object_new_int64(db_ll(&res, i, 3)));
		json_object_array_add(list, o);
	}
	return list;
}

static const char SQL_MSG_N[] =
    "SELECT COUNT(*), COALESCE(SUM(read_at IS NULL), 0) FROM messages "
    "WHERE member_id = ?";
static const char SQL_MSG[] =
    "SELECT id, title, body, link, read_at IS NULL AS unread, "
    "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') AS created_at FROM messages "
    "WHERE member_id = ? ORDER BY id DESC LIMIT ? OFFSET ?";
static const char SQL_MSG_READ[] =
    "UPDATE messages SET read_at = NOW() WHERE member_id = ? AND id >= ? "
    "AND id <= ? AND read_at IS NULL";

struct json_object *
member_messages(arena *a, long long id, long long page, long long per,
    long long *total, long long *unread)
{
	struct json_object	*list;
	db_res			 res;

	if (db_q(a, &res, SQL_MSG_N, DB_ARGS(DB_INT(id))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	*unread = db_ll(&res, 0, 1);
	if (db_q(a, &res, SQL_MSG, DB_ARGS(DB_INT(id), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = db_rows_json(&res);
	if (res.nrows > 0)
		db_q(a, NULL, SQL_MSG_READ, DB_ARGS(DB_INT(id),
		    DB_INT(db_ll(&res, res.nrows - 1, 0)),
		    DB_INT(db_ll(&res, 0, 0))));
	return list;
}

struct json_object *
member_regions(arena *a, const char *parent)
{
	struct json_object	*list, *o;
	db_res			 res;
	size_t			 i;
	int			 rc;

	if (parent == NULL || *parent == '\0')
		rc = db_q(a, &res, SQL_REGIONS_TOP, DB_NOARGS);
	else
		rc = db_q(a, &res, SQL_REGIONS_SUB, DB_ARGS(DB_TEXT(parent)));
	/* A city without districts offers itself as the district. */
	if (rc == DB_OK && res.nrows == 0 && parent != NULL && *parent != '\0')
		rc = db_q(a, &res, SQL_REGION_SELF, DB_ARGS(DB_TEXT(parent)));
	if (rc != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		view_str(o, "code", db_str(&res, i, 0));
		view_str(o, "name", db_str(&res, i, 1));
		json_object_array_add(list, o);
	}
	return list;
}

/* The address alone (an order's default): the region names and the
 * street, one query, not the whole profile. */
static const char SQL_HOME_ADDRESS[] =
    "SELECT " MEMBER_ADDRESS_COLS " FROM members m " MEMBER_ADDRESS_JOINS
    "WHERE m.id = ?";

const char *
member_home_address(arena *a, long long id)
{
	db_res		 res;

	if (db_q(a, &res, SQL_HOME_ADDRESS, DB_ARGS(DB_INT(id))) != DB_OK ||
	    res.nrows != 1)
		return NULL;
	return member_address_join(a, &res, 0, 0);
}

const char *
member_address_join(arena *a, const db_res *res, size_t row, size_t col)
{
	buf		 b;
	const char	*out;
	size_t		 i;

	buf_init(&b);
	for (i = col; i < col + 4; i++)
		if (db_str(res, row, i) != NULL) {
			if (b.len)
				buf_putc(&b, ' ');
			buf_puts(&b, db_str(res, row, i));
		}
	out = b.len ? arena_strdup(a, buf_str(&b)) : NULL;
	buf_clear(&b);
	return out;
}

/* --- profile (A9) ---------------------------------------------------------- */

static const char SQL_FACE[] =
    "SELECT phone, nickname, avatar, private_profile FROM members "
    "WHERE id = ?";
static const char SQL_FACE_SAVE[] =
    "UPDATE members SET nickname = ?, private_profile = ? WHERE id = ?";

struct json_object *
member_face(arena *a, long long member)
{
	struct json_object	*o, *who;
	db_res			 res;

	if (db_q(a, &res, SQL_FACE, DB_ARGS(DB_INT(member))) != DB_OK ||
	    res.nrows != 1)
		return NULL;
	o = json_object_new_object();
	view_str(o, "nickname", db_str(&res, 0, 1));
	view_bool(o, "private", db_ll(&res, 0, 3) != 0);
	view_str(o, "phone", mask_phone(a, db_str(&res, 0, 0)));
	/* how others see the member, and the face without privacy */
	who = json_object_new_object();
	view_person(who, member, db_str(&res, 0, 0), db_str(&res, 0, 1),
	    db_str(&res, 0, 2), db_ll(&res, 0, 3) != 0);
	json_object_object_add(o, "seen_as", who);
	who = json_object_new_object();
	view_person(who, member, db_str(&res, 0, 0), db_str(&res, 0, 1),
	    db_str(&res, 0, 2), 0);
	json_object_object_add(o, "me", who);
	return o;
}

int
member_face_save(arena *a, long long member, const char *nickname,
    int private, struct svc_err *e)
{
	int rc;

	if (nickname != NULL && *nickname == '\0')
		nickname = NULL;
	if (nickname != NULL && strspn(nickname, "0123456789") >= 7)
		return svc_fail(e, 400, "invalid", "nickname",
		    "昵称不能是手机号或一长串数字");
	rc = db_q(a, NULL, SQL_FACE_SAVE, DB_ARGS(DB_TEXT(nickname),
	    DB_INT(private != 0), DB_INT(member)));
	return rc == DB_OK ? 0 : svc_dberr(e, rc);
}

/* --- 我的: counts for the shortcuts ----------------------------------------- */

static const char SQL_DASH[] =
    "SELECT (SELECT COUNT(*) FROM orders WHERE member_id = ? AND "
    "status = 'paid'), (SELECT COUNT(*) FROM orders WHERE member_id = ? AND "
    "status = 'shipped'), (SELECT COUNT(*) FROM orders WHERE member_id = ? "
    "AND status = 'completed'), (SELECT COUNT(*) FROM messages WHERE "
    "member_id = ? AND read_at IS NULL), (SELECT COUNT(*) FROM member_roles "
    "WHERE member_id = ? AND role = 'leader'), (SELECT COUNT(*) FROM "
    "member_roles WHERE member_id = ? AND role = 'owner')";

struct json_object *
member_dashboard(arena *a, long long member)
{
	static const char *const keys[] = { "to_ship", "to_receive",
	    "completed", "unread" };
	struct json_object	*o;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_DASH, DB_ARGS(DB_INT(member), DB_INT(member),
	    DB_INT(member), DB_INT(member), DB_INT(member), DB_INT(member))) !=
	    DB_OK || res.nrows != 1)
		return NULL;
	o = json_object_new_object();
	/* a count, or null when there is none (no badge) */
	for (i = 0; i < 4; i++)
		json_object_object_add(o, keys[i], db_ll(&res, 0, i) > 0 ?
		    json_object_new_int64(db_ll(&res, 0, i)) : NULL);
	view_bool(o, "is_leader", db_ll(&res, 0, 4) > 0);
	view_bool(o, "is_owner", db_ll(&res, 0, 5) > 0);
	/* a leader or owner cannot take a seat (A5): no join shortcut */
	view_bool(o, "can_join", db_ll(&res, 0, 4) == 0 &&
	    db_ll(&res, 0, 5) == 0);
	return o;
}
