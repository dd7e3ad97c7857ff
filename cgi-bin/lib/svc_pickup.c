/* svc_pickup: service points and 到店自提 (see svc_pickup.h). */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "payout.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_order.h"
#include "svc_pickup.h"
#include "view.h"
#include "verify.h"

#define PICKUP_REWARD	"pickup.reward"

#define POINT_ADDR_COLS	"pr.name, ci.name, di.name, s.address"
#define POINT_ADDR_JOINS \
    "LEFT JOIN regions pr ON pr.code = s.province " \
    "LEFT JOIN regions ci ON ci.code = s.city " \
    "LEFT JOIN regions di ON di.code = s.district "

/* --- the points -------------------------------------------------------- */

static const char SQL_STAFF[] =
    "SELECT id FROM members WHERE phone = ? AND status = 'active'";
static const char SQL_STORE_OK[] =
    "SELECT 1 FROM stores WHERE id = ? AND status = 'approved'";
static const char SQL_POINT_INSERT[] =
    "INSERT INTO service_points (name, province, city, district, address, "
    "member_id, store_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, "
    "?, ?, NOW())";

struct create_ctx {
	arena			*a;
	const struct point_new	*p;
	long long		 admin, id, staff;
	const char		*ip;
	struct svc_err		*e;
};

static int
create_tx(void *ud)
{
	struct create_ctx	*c = ud;
	const struct point_new	*p = c->p;
	db_res			 res;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_POINT_INSERT, DB_ARGS(DB_TEXT(p->name),
	    DB_TEXT(p->province), DB_TEXT(p->city), DB_TEXT(p->district),
	    DB_TEXT(p->address), DB_INT(c->staff), p->store > 0 ?
	    DB_INT(p->store) : DB_NULL, DB_INT(c->admin)))) != DB_OK)
		return rc;
	c->id = (long long)res.insert_id;
	if ((rc = admin_audit(c->a, c->admin, "pickup.point", "service_point",
	    c->id, NULL, c->ip)) != DB_OK)
		return rc;
	return svc_message(c->a, c->staff, "您已被设为服务点负责人",
	    arena_printf(c->a, "服务点「%s」已开通：会员到店自提时，在「服务点核销」"
	    "输入取货码，核销后您获得自提奖励。", p->name), "/merchant/pickup");
}

int
pickup_point_create(arena *a, const struct point_new *p, long long admin,
    const char *ip, long long *id, struct svc_err *e)
{
	struct create_ctx	c = { a, p, admin, 0, 0, ip, e };
	db_res			res;
	int			rc;

	if (!member_region_ok(a, p->province, p->city, p->district))
		return svc_fail(e, 400, "invalid", "district",
		    "请选择有效的省、市、区");
	if ((rc = db_q(a, &res, SQL_STAFF, DB_ARGS(DB_TEXT(p->staff)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 400, "not_found", "staff",
		    "负责人手机号不是有效会员");
	c.staff = db_ll(&res, 0, 0);
	if (p->store > 0) {
		if ((rc = db_q(a, &res, SQL_STORE_OK, DB_ARGS(DB_INT(p->store))))
		    != DB_OK)
			return svc_dberr(e, rc);
		if (res.nrows == 0)
			return svc_fail(e, 400, "not_found", "store",
			    "门店不存在或未通过审核");
	}
	if ((rc = svc_tx_result(e, db_tx(create_tx, &c))) == 0)
		*id = c.id;
	return rc;
}

static const char SQL_ADMIN_LIST[] =
    "SELECT s.id, s.name, s.store_id, s.status, m.phone AS staff, "
    "(SELECT COUNT(*) FROM pickups p WHERE p.point_id = s.id AND p.status = "
    "'waiting') AS waiting, (SELECT COUNT(*) FROM pickups p WHERE p.point_id "
    "= s.id AND p.status = 'picked_up') AS picked, " POINT_ADDR_COLS
    " FROM service_points s JOIN members m ON m.id = s.member_id "
    POINT_ADDR_JOINS "ORDER BY s.id DESC LIMIT 200";

static struct json_object *
point_rows(arena *a, const db_res *res, size_t addr_col)
{
	struct json_object	*arr = json_object_new_array(), *o;
	const char		*addr;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		o = json_object_new_object();
		view_int(o, "id", db_ll(res, i, 0));
		view_str(o, "name", db_str(res, i, 1));
		addr = member_address_join(a, res, i, addr_col);
		view_str(o, "address", addr ? addr : "");
		json_object_array_add(arr, o);
	}
	return arr;
}

struct json_object *
pickup_points_admin(arena *a)
{
	struct json_object	*v, *arr, *o;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_ADMIN_LIST, NULL, 0) != DB_OK)
		return NULL;
	arr = point_rows(a, &res, 7);
	for (i = 0; i < res.nrows; i++) {
		o = json_object_array_get_idx(arr, i);
		if (db_str(&res, i, 2) != NULL)
			view_int(o, "store_id", db_ll(&res, i, 2));
		view_str(o, "status", db_str(&res, i, 3));
		view_str(o, "status_name", strcmp(db_str(&res, i, 3), "active")
		    == 0 ? "启用中" : "已停用");
		view_str(o, "staff", db_str(&res, i, 4));
		view_int(o, "waiting", db_ll(&res, i, 5));
		view_int(o, "picked", db_ll(&res, i, 6));
	}
	v = json_object_new_object();
	json_object_object_add(v, "points", arr);
	view_amount(v, "reward", setting_amount(PICKUP_REWARD));
	return v;
}

/* Nearest first: the member's district, then their city, then the rest
 * (each by id). */
static const char SQL_NEAR[] =
    "SELECT s.id, s.name, (s.district = m.district) + (s.city = m.city), "
    POINT_ADDR_COLS " FROM service_points s JOIN members m ON m.id = ? "
    POINT_ADDR_JOINS "WHERE s.status = 'active' ORDER BY s.district = "
    "m.district DESC, s.city = m.city DESC, s.id LIMIT 100";

struct json_object *
pickup_points_near(arena *a, long long member)
{
	struct json_object	*arr;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_NEAR, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	arr = point_rows(a, &res, 3);
	for (i = 0; i < res.nrows; i++) {
		long long n = db_ll(&res, i, 2);

		view_str(json_object_array_get_idx(arr, i), "near", n >= 2 ?
		    "同区" : n == 1 ? "同城" : "");
	}
	return arr;
}

/* --- placing an order -------------------------------------------------- */

static const char SQL_POINT[] =
    "SELECT s.id, s.name, " POINT_ADDR_COLS " FROM service_points s "
    POINT_ADDR_JOINS "WHERE s.id = ? AND s.status = 'active' LOCK IN SHARE "
    "MODE";
static const char SQL_PICKUP_INSERT[] =
    "INSERT INTO pickups (order_id, point_id, code, open_code, created_at) "
    "VALUES (?, ?, ?, ?, NOW())";

int
pickup_address(arena *a, long long point, const char **address,
    struct svc_err *e)
{
	db_res		 res;
	const char	*addr;
	int		 rc;

	if ((rc = db_q(a, &res, SQL_POINT, DB_ARGS(DB_INT(point)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(e, 404, "not_found", "pickup",
		    "服务点不存在或已停用");
	addr = member_address_join(a, &res, 0, 2);
	*address = arena_printf(a, "到店自提：%.40s，%.150s", db_str(&res, 0, 1),
	    addr ? addr : "");
	return 0;
}

int
pickup_attach(arena *a, long long order, long long point)
{
	char	code[7];
	int	i, rc = DB_EDUP;

	/* a code no waiting order of the point has: a clash (1 in 10^6 per
	 * waiting order) draws again */
	for (i = 0; i < 20 && rc == DB_EDUP; i++) {
		snprintf(code, sizeof(code), "%06u",
		    (unsigned)randombytes_uniform(1000000));
		rc = db_q(a, NULL, SQL_PICKUP_INSERT, DB_ARGS(DB_INT(order),
		    DB_INT(point), DB_TEXT(code), DB_TEXT(code)));
	}
	return rc;
}

static const char SQL_OF_ORDER[] =
    "SELECT p.code, s.name, p.status, DATE_FORMAT(p.picked_at, "
    "'%Y-%m-%d %H:%i'), " POINT_ADDR_COLS " FROM pickups p JOIN orders o ON "
    "o.id = p.order_id JOIN service_points s ON s.id = p.point_id "
    POINT_ADDR_JOINS "WHERE p.order_id = ? AND o.member_id = ?";

struct json_object *
pickup_of_order(arena *a, long long order, long long member)
{
	struct json_object	*o;
	const char		*addr, *st;
	db_res			 res;

	if (db_q(a, &res, SQL_OF_ORDER, DB_ARGS(DB_INT(order), DB_INT(member)))
	    != DB_OK || res.nrows == 0)
		return NULL;
	o = json_object_new_object();
	st = db_str(&res, 0, 2);
	view_str(o, "code", db_str(&res, 0, 0));
	view_str(o, "point", db_str(&res, 0, 1));
	addr = member_address_join(a, &res, 0, 4);
	view_str(o, "address", addr ? addr : "");
	view_str(o, "status", st);
	view_bool(o, "waiting", strcmp(st, "waiting") == 0);
	view_str(o, "status_name", strcmp(st, "waiting") == 0 ? "待取货" :
	    strcmp(st, "picked_up") == 0 ? "已取货" : "已取消");
	view_str(o, "picked_at", db_str(&res, 0, 3));
	view_str(o, "qr", arena_printf(a, "/shop/order/%lld/pickup.svg", order));
	return o;
}

const char *
pickup_code(arena *a, long long order, long long member)
{
	db_res res;

	if (db_q(a, &res, SQL_OF_ORDER, DB_ARGS(DB_INT(order), DB_INT(member)))
	    != DB_OK || res.nrows == 0 || strcmp(db_str(&res, 0, 2), "waiting")
	    != 0)
		return NULL;
	return arena_strdup(a, db_str(&res, 0, 0));
}

/* --- verification ------------------------------------------------------ */

/* The staff member's pickup with code: a waiting one first, else the
 * latest picked up (to say so). Locked. */
static const char SQL_FIND[] =
    "SELECT p.order_id, p.point_id, p.status, s.name, o.status FROM pickups "
    "p JOIN service_points s ON s.id = p.point_id JOIN orders o ON o.id = "
    "p.order_id WHERE s.member_id = ? AND p.code = ? ORDER BY p.status = "
    "'waiting' DESC, p.order_id DESC LIMIT 1 FOR UPDATE";
static const char SQL_PICKED[] =
    "UPDATE pickups SET status = 'picked_up', open_code = NULL, reward = ?, "
    "picked_by = ?, picked_at = NOW() WHERE order_id = ? AND status = "
    "'waiting'";
static const char SQL_CANCELLED[] =
    "UPDATE pickups SET status = 'cancelled', open_code = NULL WHERE "
    "order_id = ? AND status = 'waiting'";

struct verify_ctx {
	arena		*a;
	long long	 staff, order;
	const char	*code;
	int64_t		 reward;
	struct svc_err	*e;
};

static int
verify_tx(void *ud)
{
	struct verify_ctx	*c = ud;
	struct payout_opts	 o = { .ref_type = "order" };
	struct reward_line	 l;
	db_res			 res;
	char			 b[32];
	int			 rc, state;

	if ((rc = db_q(c->a, &res, SQL_FIND, DB_ARGS(DB_INT(c->staff),
	    DB_TEXT(c->code)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", "code",
		    "取货码不存在，请核对后再试");
	c->order = db_ll(&res, 0, 0);
	if (strcmp(db_str(&res, 0, 2), "picked_up") == 0)
		return svc_fail(c->e, 409, "picked_up", "code", arena_printf(
		    c->a, "订单 %lld 已取货，不能重复核销", c->order));
	if (strcmp(db_str(&res, 0, 2), "waiting") != 0 ||
	    strcmp(db_str(&res, 0, 4), "paid") != 0) {
		/* cancelled meanwhile: the code is freed */
		if (strcmp(db_str(&res, 0, 4), "cancelled") == 0 &&
		    (rc = db_q(c->a, NULL, SQL_CANCELLED, DB_ARGS(DB_INT(
		    c->order)))) != DB_OK)
			return rc;
		return svc_fail(c->e, 409, "state", "code", arena_printf(c->a,
		    "订单 %lld 已取消或状态不符，不能核销", c->order));
	}
	c->reward = setting_amount(PICKUP_REWARD);
	if ((rc = db_q(c->a, NULL, SQL_PICKED, DB_ARGS(DB_INT(c->reward),
	    DB_INT(c->staff), DB_INT(c->order)))) != DB_OK)
		return rc;
	if ((rc = order_pickup_complete(c->a, c->order, c->e)) != 0)
		return rc;
	if (c->reward <= 0)
		return 0;
	memset(&l, 0, sizeof(l));
	l.act = REWARD_CREDIT;
	l.to = c->staff;
	l.currency = "CHANGE";
	l.amount = c->reward;
	l.kind = "pickup.reward";
	l.key = arena_printf(c->a, "pickup.reward:%lld", c->order);
	l.memo = arena_printf(c->a, "服务点「%s」核销自提订单 %lld，奖励 %s",
	    db_str(&res, 0, 3), c->order, amount_format(c->reward, 2, b));
	o.ref_id = c->order;
	return payout_apply(c->a, &o, &l, 1, &state, NULL);
}

int
pickup_verify(arena *a, long long staff, const char *code, long long *order,
    int64_t *reward, struct svc_err *e)
{
	struct verify_ctx	c;
	int			rc;

	/* code's form (6 digits) is the handler's V_CODE field: any other
	 * text matches no pickup (404) */
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.staff = staff;
	c.code = code;
	c.e = e;
	rc = svc_tx_result(e, db_tx(verify_tx, &c));
	if (rc == 0) {
		*order = c.order;
		*reward = c.reward;
	}
	return rc;
}

static const char SQL_MY_POINTS[] =
    "SELECT s.id, s.name, " POINT_ADDR_COLS " FROM service_points s "
    POINT_ADDR_JOINS "WHERE s.member_id = ? AND s.status = 'active' ORDER "
    "BY s.id";
static const char SQL_RECENT[] =
    "SELECT p.order_id, p.code, DATE_FORMAT(p.picked_at, '%m-%d %H:%i'), "
    "p.reward, s.name FROM pickups p JOIN service_points s ON s.id = "
    "p.point_id WHERE s.member_id = ? AND p.status = 'picked_up' ORDER BY "
    "p.picked_at DESC, p.order_id DESC LIMIT 20";

struct json_object *
pickup_staff_view(arena *a, long long member)
{
	struct json_object	*v, *arr, *o;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_MY_POINTS, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	v = json_object_new_object();
	json_object_object_add(v, "points", point_rows(a, &res, 2));
	if (db_q(a, &res, SQL_RECENT, DB_ARGS(DB_INT(member))) != DB_OK) {
		json_object_put(v);
		return NULL;
	}
	arr = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		view_int(o, "order", db_ll(&res, i, 0));
		view_str(o, "code", db_str(&res, i, 1));
		view_str(o, "picked_at", db_str(&res, i, 2));
		view_amount(o, "reward", db_ll(&res, i, 3));
		view_str(o, "point", db_str(&res, i, 4));
		json_object_array_add(arr, o);
	}
	json_object_object_add(v, "recent", arr);
	return v;
}

/* --- ctl verify -------------------------------------------------------- */

/* A picked-up order is completed with one reward entry paying the
 * pickup's reward to the point's staff (none when the reward was 0); a
 * waiting or cancelled one has none. */
static const struct verify_check checks[] = {
	{ "SELECT id, CONCAT(ps, '、订单 ', os, '、奖励 ', COALESCE(reward, 0), "
	  "'、记录 ', n, ' 笔共 ', paid) FROM (SELECT p.order_id id, p.status "
	  "ps, o.status os, p.reward, (SELECT COUNT(*) FROM journal j WHERE "
	  "j.kind = 'pickup.reward' AND j.ref_type = 'order' AND j.ref_id = "
	  "p.order_id) n, (SELECT COALESCE(SUM(x.amount), 0) FROM journal j JOIN "
	  "postings x ON x.entry_id = j.id JOIN accounts ac ON ac.id = "
	  "x.account_id WHERE j.kind = 'pickup.reward' AND j.ref_type = "
	  "'order' AND j.ref_id = p.order_id AND ac.owner_type = 'member' AND "
	  "ac.owner_id = s.member_id) paid FROM pickups p JOIN orders o ON o.id "
	  "= p.order_id JOIN service_points s ON s.id = p.point_id) t WHERE "
	  "IF(ps = 'picked_up', os <> 'completed' OR IF(reward > 0, n <> 1 OR "
	  "paid <> reward, n <> 0), n <> 0) LIMIT 50",
	  "自提订单 %s：取货状态与奖励记录不符（%s）" },
};

int
pickup_verify_all(arena *a, void (*report)(const char *msg, void *ud),
    void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
