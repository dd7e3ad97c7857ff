/* svc_groupbuy: activities, groups, joining, the draw and its rewards
 * (see svc_groupbuy.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "economy.h"
#include "events.h"
#include "ledger.h"
#include "payout.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_groupbuy.h"
#include "svc_member.h"
#include "view.h"

/* --- activities ----------------------------------------------------------- */

static const char SQL_VERSION[] = "SELECT config FROM gb_versions WHERE id = ?";
static const char SQL_CURRENCIES[] = "SELECT code FROM currencies ORDER BY sort";
static const char SQL_ACT_INSERT[] =
    "INSERT INTO gb_activities (version_id, name, mode, price, zone, status, "
    "created_at, updated_at) VALUES (0, ?, ?, ?, ?, 'active', NOW(), NOW())";
static const char SQL_ACT_LOCK[] =
    "SELECT id, status, version_id FROM gb_activities WHERE id = ? FOR UPDATE";
static const char SQL_VERSION_INSERT[] =
    "INSERT INTO gb_versions (activity_id, config, admin_id, created_at) "
    "VALUES (?, ?, ?, NOW())";
static const char SQL_ACT_UPDATE[] =
    "UPDATE gb_activities SET version_id = ?, name = ?, mode = ?, price = ?, "
    "zone = ?, updated_at = NOW() WHERE id = ?";
static const char SQL_ACT_STATUS[] =
    "UPDATE gb_activities SET status = ?, updated_at = NOW() WHERE id = ?";
static const char SQL_PRODUCT_LISTED[] =
    "SELECT status FROM products WHERE id = ?";

#define CACHE_N 32
static struct {
	long long		 version;
	struct gb_activity	 act;
} cache[CACHE_N];
static size_t cache_next;

/* Currency codes, read once per process (the list is fixed by
 * migrations); their names are settings (currency_display_name). */
static struct {
	int	 n;
	char	 code[24][GB_CODE_LEN + 1];
	const char *codes[25];
} cur;

static int
currencies_load(arena *a)
{
	db_res	res;
	size_t	i;
	int	rc;

	if (cur.n > 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_CURRENCIES, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows && i < 24; i++) {
		snprintf(cur.code[i], sizeof(cur.code[i]), "%s", db_str(&res, i, 0));
		cur.codes[i] = cur.code[i];
	}
	cur.codes[i] = NULL;
	cur.n = (int)i;
	return 0;
}

static const char *
currency_name(const char *code, void *ud)
{
	int i;

	(void)ud;
	for (i = 0; i < cur.n; i++)
		if (strcmp(cur.code[i], code) == 0)
			return currency_display_name(code);
	return code;
}

const char *
gb_currency_name(arena *a, const char *code)
{
	if (currencies_load(a) != 0)
		return code;
	return currency_name(code, NULL);
}

int
gb_version_load(arena *a, long long version, struct gb_activity *out)
{
	struct json_object	*j;
	struct gb_errors	 err;
	db_res			 res;
	size_t			 i;
	int			 rc;

	for (i = 0; i < CACHE_N; i++)
		if (cache[i].version == version && version > 0) {
			*out = cache[i].act;
			return 0;
		}
	if ((rc = currencies_load(a)) != 0)
		return rc;
	if ((rc = db_q(a, &res, SQL_VERSION, DB_ARGS(DB_INT(version)))) != DB_OK)
		return rc;
	if (res.nrows != 1 || (j = json_tokener_parse(db_str(&res, 0, 0))) ==
	    NULL)
		return -1;
	rc = gb_activity_parse(j, cur.codes, out, &err);
	json_object_put(j);
	if (rc != 0)
		return -1;
	cache[cache_next].version = version;
	cache[cache_next].act = *out;
	cache_next = (cache_next + 1) % CACHE_N;
	return 0;
}

/* The price zone of a stake (D1: 99/299/399/599… plus the large zones,
 * the setting gb.zones, ascending ¥ amounts): the zone nearest its ¥
 * amount (the lower one on a tie); the last zone for anything beyond. */
static long long
zone_of(int64_t price)
{
	struct json_object	*z = setting_json("gb.zones");
	const size_t		 nz = json_object_array_length(z);
	int64_t			 yuan = (price + 50) / 100, lo, hi;
	size_t			 i;

	for (i = 0; i + 1 < nz; i++) {
		lo = json_object_get_int64(json_object_array_get_idx(z, i));
		hi = json_object_get_int64(json_object_array_get_idx(z, i + 1));
		if (yuan - lo <= hi - yuan)
			return lo;
	}
	return json_object_get_int64(json_object_array_get_idx(z, nz - 1));
}

struct save_ctx {
	arena			*a;
	long long		 id, admin;
	const char		*ip, *config;
	struct gb_activity	*act;
	struct svc_err		*e;
	int			 refused;
};

static int
save_tx(void *ud)
{
	struct save_ctx	*c = ud;
	db_res		 res;
	long long	 ver;
	int		 rc;

	c->refused = 0;
	if (c->id == 0) {
		if ((rc = db_q(c->a, &res, SQL_ACT_INSERT, DB_ARGS(
		    DB_TEXT(c->act->name), DB_TEXT(c->act->mode == GB_LEADER ?
		    "leader" : "public"), DB_INT(c->act->price),
		    DB_INT(zone_of(c->act->price))))) != DB_OK)
			return rc;
		c->id = (long long)res.insert_id;
	} else {
		if ((rc = db_q(c->a, &res, SQL_ACT_LOCK, DB_ARGS(DB_INT(c->id))))
		    != DB_OK)
			return rc;
		if (res.nrows == 0) {
			c->refused = svc_fail(c->e, 404, "not_found", NULL,
			    "活动不存在");
			return -1;
		}
	}
	if ((rc = db_q(c->a, &res, SQL_VERSION_INSERT, DB_ARGS(DB_INT(c->id),
	    DB_TEXT(c->config), c->admin > 0 ? DB_INT(c->admin) : DB_NULL))) !=
	    DB_OK)
		return rc;
	ver = (long long)res.insert_id;
	if ((rc = db_q(c->a, NULL, SQL_ACT_UPDATE, DB_ARGS(DB_INT(ver),
	    DB_TEXT(c->act->name), DB_TEXT(c->act->mode == GB_LEADER ? "leader" :
	    "public"), DB_INT(c->act->price), DB_INT(zone_of(c->act->price)),
	    DB_INT(c->id)))) != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, "gb.activity.save", "activity",
	    c->id, arena_printf(c->a, "{\"version\":%lld}", ver), c->ip);
}

int
gb_activity_save(arena *a, long long id, const char *json, long long admin,
    const char *ip, long long *out_id, struct gb_errors *errs,
    struct svc_err *e)
{
	struct gb_activity	 act;
	struct json_object	*j, *canon;
	struct save_ctx		 c;
	db_res			 res;
	size_t			 i;
	int			 rc;

	memset(errs, 0, sizeof(*errs));
	if ((rc = currencies_load(a)) != 0)
		return svc_dberr(e, rc);
	if (json == NULL || (j = json_tokener_parse(json)) == NULL ||
	    !json_object_is_type(j, json_type_object)) {
		if (json != NULL && j != NULL)
			json_object_put(j);
		return svc_fail(e, 400, "invalid", "config",
		    "活动配置不是有效的 JSON 对象");
	}
	rc = gb_activity_parse(j, cur.codes, &act, errs);
	json_object_put(j);
	if (rc != 0)
		return svc_fail(e, 400, "invalid", arena_strdup(a,
		    errs->e[0].field), arena_strdup(a, errs->e[0].message));
	for (i = 0; i < act.nproducts; i++) {
		if ((rc = db_q(a, &res, SQL_PRODUCT_LISTED, DB_ARGS(DB_INT(
		    act.products[i])))) != DB_OK)
			return svc_dberr(e, rc);
		if (res.nrows == 0 || strcmp(db_str(&res, 0, 0), "listed") != 0) {
			errs->n = 1;
			snprintf(errs->e[0].field, sizeof(errs->e[0].field),
			    "products[%zu]", i);
			snprintf(errs->e[0].message, sizeof(errs->e[0].message),
			    "商品 %lld 不存在或未上架", act.products[i]);
			return svc_fail(e, 400, "invalid", arena_strdup(a,
			    errs->e[0].field), arena_strdup(a,
			    errs->e[0].message));
		}
	}
	canon = gb_activity_json(&act);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.admin = admin;
	c.ip = ip;
	c.config = arena_strdup(a, json_object_to_json_string_ext(canon,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(canon);
	c.act = &act;
	c.e = e;
	rc = db_tx(save_tx, &c);
	if (rc == 0)
		*out_id = c.id;
	return svc_tx_result(e, rc, c.refused);
}

int
gb_activity_status(arena *a, long long id, const char *status,
    long long admin, const char *ip, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if (strcmp(status, "active") != 0 && strcmp(status, "paused") != 0)
		return svc_fail(e, 400, "invalid", "status", "状态无效");
	if ((rc = db_q(a, &res, SQL_ACT_STATUS, DB_ARGS(DB_TEXT(status),
	    DB_INT(id)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.affected == 0 && db_q(a, &res, "SELECT 1 FROM gb_activities "
	    "WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK && res.nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, "活动不存在");
	admin_audit(a, admin, strcmp(status, "active") == 0 ?
	    "gb.activity.resume" : "gb.activity.pause", "activity", id, NULL, ip);
	return 0;
}

const char *
gb_activity_config(arena *a, long long id)
{
	db_res	res;

	if (db_q(a, &res, "SELECT v.config FROM gb_activities g JOIN gb_versions "
	    "v ON v.id = g.version_id WHERE g.id = ?", DB_ARGS(DB_INT(id))) !=
	    DB_OK || res.nrows != 1)
		return NULL;
	return arena_strdup(a, db_str(&res, 0, 0));
}

/* --- opening a group ------------------------------------------------------ */

static const char SQL_ACT_GET[] =
    "SELECT status, version_id, mode FROM gb_activities WHERE id = ?";
static const char SQL_HAS_ROLE[] =
    "SELECT 1 FROM member_roles WHERE member_id = ? AND role = ? AND "
    "(expires_at IS NULL OR expires_at > NOW())";
static const char SQL_INVITER[] = "SELECT inviter_id FROM members WHERE id = ?";
static const char SQL_GROUP_INSERT[] =
    "INSERT INTO gb_groups (activity_id, version_id, mode, leader_id, "
    "owner_id, seats, winners, price, seed, commitment, opened_by, "
    "reopened_from, expires_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, IF(? > 0, NOW() + INTERVAL ? MINUTE, NULL), NOW())";

static int
has_role(arena *a, long long member, const char *role, int *yes)
{
	db_res	res;
	int	rc;

	*yes = 0;
	if ((rc = db_q(a, &res, SQL_HAS_ROLE, DB_ARGS(DB_INT(member),
	    DB_TEXT(role)))) != DB_OK)
		return rc;
	*yes = res.nrows > 0;
	return 0;
}

static long long
inviter_of(arena *a, long long member)
{
	db_res	res;

	if (member <= 0 || db_q(a, &res, SQL_INVITER, DB_ARGS(DB_INT(member))) !=
	    DB_OK || res.nrows != 1 || db_str(&res, 0, 0) == NULL)
		return 0;
	return db_ll(&res, 0, 0);
}

/* Adds the free seats from..to of a new group (gb_free_seats). */
static int
free_seats_add(arena *a, long long group, long long activity, int from,
    int to)
{
	struct json_object	*j;
	int			 k;

	if (from > to)
		return DB_OK;
	j = json_object_new_array();
	for (k = from; k <= to; k++)
		json_object_array_add(j, json_object_new_int(k));
	return db_q(a, NULL, "INSERT INTO gb_free_seats (group_id, seat_no, "
	    "activity_id) SELECT ?, t.n, ? FROM JSON_TABLE(?, '$[*]' COLUMNS "
	    "(n INT PATH '$')) t", DB_ARGS(DB_INT(group), DB_INT(activity),
	    db_json(a, j)));
}

/* Inserts an open group of the activity at version ver with its free
 * seats from seat first_free on (2: the opener takes seat 1); *id set. */
static int
group_create(arena *a, long long activity, long long ver,
    const struct gb_activity *act, long long leader, long long owner,
    long long admin, long long reopened_from, int first_free, long long *id)
{
	uint8_t		seed[32];
	char		hex[65], com[65];
	db_res		res;
	int		rc, expires = act->mode == GB_LEADER;

	rand_bytes(seed, sizeof(seed));
	hex_encode(seed, sizeof(seed), hex);
	gb_commitment(seed, com);
	rc = db_q(a, &res, SQL_GROUP_INSERT, DB_ARGS(DB_INT(activity),
	    DB_INT(ver), DB_TEXT(act->mode == GB_LEADER ? "leader" : "public"),
	    leader > 0 ? DB_INT(leader) : DB_NULL,
	    owner > 0 ? DB_INT(owner) : DB_NULL, DB_INT(act->seats),
	    DB_INT(act->winners), DB_INT(act->price), DB_TEXT(hex), DB_TEXT(com),
	    admin > 0 ? DB_INT(admin) : DB_NULL,
	    reopened_from > 0 ? DB_INT(reopened_from) : DB_NULL,
	    DB_INT(expires), DB_INT(act->time_limit_min)));
	if (rc != DB_OK)
		return rc;
	*id = (long long)res.insert_id;
	return free_seats_add(a, *id, activity, first_free, act->seats);
}

int
gb_open(arena *a, long long activity, long long leader, long long owner,
    long long admin, const char *ip, long long *group, struct svc_err *e)
{
	struct gb_activity	act;
	db_res			res;
	long long		ver;
	int			rc, yes;

	if ((rc = db_q(a, &res, SQL_ACT_GET, DB_ARGS(DB_INT(activity)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 404, "not_found", "activity", "活动不存在");
	if (strcmp(db_str(&res, 0, 0), "active") != 0)
		return svc_fail(e, 409, "paused", "activity", "活动已暂停");
	ver = db_ll(&res, 0, 1);
	if (gb_version_load(a, ver, &act) != 0)
		return svc_fail(e, 500, "config", NULL, "活动配置有误");
	if (act.mode == GB_LEADER) {
		if (leader <= 0)
			return svc_fail(e, 400, "required", "leader",
			    "请指定开团的团长");
		if ((rc = has_role(a, leader, "leader", &yes)) != 0)
			return svc_dberr(e, rc);
		if (!yes)
			return svc_fail(e, 403, "not_leader", "leader",
			    "只有团长可以开团");
	} else if (admin == 0)
		return svc_fail(e, 409, "public", "activity",
		    "全民拼团无需开团，直接参团即可");
	if (owner > 0) {
		if ((rc = has_role(a, owner, "owner", &yes)) != 0)
			return svc_dberr(e, rc);
		if (!yes || inviter_of(a, owner) != leader)
			return svc_fail(e, 400, "owner", "owner",
			    "群主须持有群主身份，且由您邀请");
	}
	if ((rc = group_create(a, activity, ver, &act, act.mode == GB_LEADER ?
	    leader : 0, owner, admin, 0, 1, group)) != 0)
		return svc_dberr(e, rc);
	if (admin > 0)
		admin_audit(a, admin, "gb.group.open", "group", *group, NULL, ip);
	return 0;
}

int
gb_promote(arena *a, long long group, long long owner, struct svc_err *e)
{
	db_res	res;
	int	rc, yes;

	if ((rc = has_role(a, owner, "owner", &yes)) != 0)
		return svc_dberr(e, rc);
	if (!yes)
		return svc_fail(e, 403, "not_owner", NULL, "只有群主可以推广拼团");
	if ((rc = db_q(a, &res, "UPDATE gb_groups SET owner_id = ? WHERE id = ? "
	    "AND status = 'open' AND owner_id IS NULL AND leader_id = ?",
	    DB_ARGS(DB_INT(owner), DB_INT(group), DB_INT(inviter_of(a,
	    owner))))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.affected != 1)
		return svc_fail(e, 409, "not_promotable", NULL,
		    "只能推广邀请您的团长开的、尚未成团且无人推广的团");
	return 0;
}

/* --- settling: draw, refunds, rewards ------------------------------------- */

static const char SQL_GROUP_LOCK[] =
    "SELECT id, activity_id, version_id, mode, leader_id, owner_id, seats, "
    "winners, price, taken, status, seed, "
    "CAST(DATE_FORMAT(CURDATE(), '%Y%m%d') AS SIGNED) "
    "FROM gb_groups WHERE id = ? FOR UPDATE";
enum { G_ID, G_ACT, G_VER, G_MODE, G_LEADER, G_OWNER, G_SEATS, G_WINNERS,
    G_PRICE, G_TAKEN, G_STATUS, G_SEED, G_TODAY };
static const char SQL_SEATS[] =
    "SELECT s.seat_no, s.member_id, s.platform, s.first_today, s.first_ever, "
    "s.product_id, s.stake, "
    "m.created_at + INTERVAL ? DAY + INTERVAL ? HOUR > NOW(), m.inviter_id, "
    "m.region_district, m.branch_city, i.inviter_id, pm.member_id, "
    "p.supply_price, p.title, " MEMBER_ADDRESS_COLS " "
    "FROM gb_seats s LEFT JOIN members m ON m.id = s.member_id "
    "LEFT JOIN members i ON i.id = m.inviter_id "
    "LEFT JOIN products p ON p.id = s.product_id "
    "LEFT JOIN merchants pm ON pm.id = p.merchant_id " MEMBER_ADDRESS_JOINS
    "WHERE s.group_id = ? ORDER BY s.seat_no";
enum { S_NO, S_MEMBER, S_PLATFORM, S_FIRST_TODAY, S_FIRST_EVER, S_PRODUCT,
    S_STAKE, S_NEW, S_INVITER, S_REGION, S_BRANCH, S_INVITER2,
    S_MERCHANT, S_SUPPLY, S_TITLE, S_PROVINCE_NAME, S_CITY_NAME,
    S_DISTRICT_NAME, S_ADDRESS };
/* The region and branch holders of the scopes [[role, scope], …]. */
static const char SQL_SCOPE_HOLDERS[] =
    "SELECT r.role, r.scope, r.member_id FROM JSON_TABLE(?, '$[*]' COLUMNS "
    "(ro VARCHAR(16) PATH '$[0]', sc VARCHAR(16) PATH '$[1]')) t "
    "STRAIGHT_JOIN member_roles r ON r.role = t.ro AND r.scope = t.sc";
static const char SQL_RECOMMENDER[] =
    "SELECT recommender_id FROM member_roles WHERE member_id = ? AND "
    "role = 'leader'";
static const char SQL_DRAWN[] =
    "UPDATE gb_groups SET status = 'drawn', eligible = ?, winner_seats = ?, "
    "outcome = ?, relaxed = ?, drawn_at = NOW() WHERE id = ?";
static const char SQL_FAILED[] =
    "UPDATE gb_groups SET status = 'failed', fail_reason = ?, eligible = ?, "
    "relaxed = ?, drawn_at = NOW() WHERE id = ?";
static const char SQL_RESTOCK_N[] =
    "UPDATE products SET stock = stock + ?, updated_at = NOW() WHERE id = ?";
static const char SQL_ORDER_INSERT[] =
    "INSERT INTO orders (member_id, product_id, group_id, seat_no, "
    "merchant_id, qty, unit_price, supply_price, currency, paid_amount, "
    "receiver, phone, address, idem_key, created_at, updated_at) "
    "SELECT ?, p.id, ?, ?, p.merchant_id, 1, ?, p.supply_price, 'CHANGE', ?, "
    "?, m.phone, ?, ?, NOW(), NOW() FROM products p, members m "
    "WHERE p.id = ? AND m.id = ?";
/* Share units: [[line, seat, member, units], …]. */
static const char SQL_SHARES[] =
    "INSERT IGNORE INTO gb_shares (group_id, line_no, seat_no, member_id, "
    "day, units, created_at) SELECT ?, t.l, t.s, t.m, CURDATE(), t.u, NOW() "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (l INT PATH '$[0]', s INT PATH "
    "'$[1]', m BIGINT PATH '$[2]', u BIGINT PATH '$[3]')) t";

/* A group being settled (drawn or failed) inside one transaction. What
 * it pays is queued in one ledger batch and posted at the end with the
 * messages, the member states and the stock given back, so a draw of ten
 * seats and fifty payments is a few dozen statements, and the rows other
 * requests need too (system accounts, the prize's stock) are held only
 * from the last statements to the COMMIT. */
struct settle {
	arena			*a;
	db_res			 g;		/* the locked group */
	db_res			 s;		/* its seats */
	long long		 id, activity;
	struct gb_activity	 act;
	int64_t			 price;
	struct ledger_batch	*lb;		/* what it pays */
	struct json_object	*shares;	/* gb_shares rows */
	struct svc_msg		 msg[GB_MAX_SEATS];
	size_t			 nmsg;
	struct { long long product; long long n; } restock[GB_MAX_SEATS];
	size_t			 nrestock;
	/* the region and branch holders of the seats' scopes: two a seat */
	struct { const char *role, *scope; long long who; }
				 holder[2 * GB_MAX_SEATS];
	size_t			 nholder;
};

/* An entry of the settlement, queued (posted by settle_flush). */
static int
settle_post(struct settle *st, const char *key, const char *kind,
    long long member, const char *memo, const struct ledger_leg *legs,
    size_t n)
{
	struct ledger_entry e = { key, kind, "group", st->id, memo, member, 0 };

	return ledger_batch_add(st->lb, &e, legs, n);
}

static int
settle_message(struct settle *st, long long member, const char *title,
    const char *body)
{
	if (st->nmsg == GB_MAX_SEATS)
		return DB_ESQL;
	st->msg[st->nmsg].member = member;
	st->msg[st->nmsg].title = title;
	st->msg[st->nmsg].body = body;
	st->msg[st->nmsg].link = arena_printf(st->a, "/gb/group/%lld", st->id);
	st->nmsg++;
	return 0;
}

/* Writes what the settlement queued: messages, payments, then the stock
 * given back (the prize's row is the one every join of the activity
 * updates: it is held from here to the COMMIT only). */
static int
settle_flush(struct settle *st)
{
	size_t	i;
	int	rc;

	if (st->shares != NULL && (rc = db_q(st->a, NULL, SQL_SHARES,
	    DB_ARGS(DB_INT(st->id), db_json(st->a, st->shares)))) != DB_OK)
		return rc;
	if ((rc = svc_messages(st->a, st->msg, st->nmsg)) != DB_OK ||
	    (rc = ledger_batch_post(st->lb)) != 0)
		return rc;
	for (i = 0; i < st->nrestock; i++)
		if ((rc = db_q(st->a, NULL, SQL_RESTOCK_N, DB_ARGS(DB_INT(
		    st->restock[i].n), DB_INT(st->restock[i].product)))) != DB_OK)
			return rc;
	return 0;
}

/* The stake of seat i back to its member (result 'lost' or 'refunded'),
 * and its reserved product back to stock. */
static int
refund_seat(struct settle *st, size_t i, const char *why)
{
	long long		member = db_ll(&st->s, i, S_MEMBER);
	int64_t			stake = db_ll(&st->s, i, S_STAKE);
	struct ledger_leg	legs[2] = {
		{ LEDGER_SYSTEM, 0, "escrow", "CHANGE", -stake },
		{ LEDGER_MEMBER, member, "main", "CHANGE", stake },
	};
	size_t			k;

	if (db_str(&st->s, i, S_PRODUCT) != NULL) {
		long long p = db_ll(&st->s, i, S_PRODUCT);

		for (k = 0; k < st->nrestock && st->restock[k].product != p; k++)
			;
		if (k == st->nrestock) {
			if (k == GB_MAX_SEATS)
				return DB_ESQL;
			st->restock[k].product = p;
			st->restock[k].n = 0;
			st->nrestock++;
		}
		st->restock[k].n++;
	}
	if (stake == 0)
		return 0;
	return settle_post(st, arena_printf(st->a, "gb.refund:%lld:%lld", st->id,
	    db_ll(&st->s, i, S_NO)), "gb.refund", member,
	    arena_printf(st->a, "拼团 #%lld %s，参团款退回", st->id, why), legs, 2);
}

/* A winner's stake becomes the purchase of the product they chose: an
 * order the merchant ships (shop C4); without a product (a voucher-style
 * activity) it is the platform's revenue. *order set (0 without one). */
static int
winner_purchase(struct settle *st, size_t i, long long *order)
{
	long long		member = db_ll(&st->s, i, S_MEMBER);
	long long		no = db_ll(&st->s, i, S_NO);
	int64_t			stake = db_ll(&st->s, i, S_STAKE);
	struct ledger_leg	legs[2] = {
		{ LEDGER_SYSTEM, 0, "escrow", "CHANGE", -stake },
		{ LEDGER_SYSTEM, 0, "orders", "CHANGE", stake },
	};
	const char		*addr;
	db_res			 res;
	int			 rc;

	*order = 0;
	if (db_str(&st->s, i, S_PRODUCT) == NULL) {
		legs[1].kind = "revenue";
		return settle_post(st, arena_printf(st->a, "gb.won:%lld:%lld",
		    st->id, no), "gb.won", member, arena_printf(st->a,
		    "拼团 #%lld 中奖，参团款用于兑换奖励", st->id), legs, 2);
	}
	addr = member_address_join(st->a, &st->s, i, S_PROVINCE_NAME);
	if ((rc = db_q(st->a, &res, SQL_ORDER_INSERT, DB_ARGS(DB_INT(member),
	    DB_INT(st->id), DB_INT(no), DB_INT(stake), DB_INT(stake),
	    DB_TEXT(arena_printf(st->a, "会员 %lld", member)),
	    DB_TEXT(addr ? addr : "（请联系客服补充地址）"),
	    DB_TEXT(arena_printf(st->a, "gb.order:%lld:%lld", st->id, no)),
	    DB_INT(db_ll(&st->s, i, S_PRODUCT)), DB_INT(member)))) != DB_OK)
		return rc;
	*order = (long long)res.insert_id;
	if ((rc = events_record(st->a, *order, "groupbuy", "paid")) != 0)
		return rc;
	return settle_post(st, arena_printf(st->a, "gb.won:%lld:%lld", st->id,
	    no), "gb.won", member, arena_printf(st->a,
	    "拼团 #%lld 中奖，参团款转为订单 %lld（%s）", st->id, *order,
	    db_str(&st->s, i, S_TITLE)), legs, 2);
}

/* The seat members' accounts and balances, read once per settlement
 * (one query, not one per seat and currency): for the eligibility rules,
 * for what convert and release may take, and for the ledger batch. */
static int
balances_load(struct settle *st)
{
	long long	ids[GB_MAX_SEATS];
	size_t		i, n = 0;

	for (i = 0; i < st->s.nrows && n < GB_MAX_SEATS; i++)
		if (!db_ll(&st->s, i, S_PLATFORM))
			ids[n++] = db_ll(&st->s, i, S_MEMBER);
	return ledger_batch_prefetch(st->lb, ids, n);
}

/* What a member holds of a currency now: as read at the start of the
 * settlement, plus what the settlement has queued for them so far (the
 * refunds and purchases posted one by one before did move it). */
static int64_t
held(void *ud, long long member, const char *currency)
{
	struct settle	*st = ud;
	int64_t		 v = 0;

	if (!ledger_batch_balance(st->lb, member, "main", currency, &v) &&
	    ledger_balance(st->a, member, "main", currency, &v) != DB_OK)
		return 0;
	return v + ledger_batch_delta(st->lb, member, "main", currency);
}

/* Who holds the region and branch roles of the seats' scopes: one query
 * for the group (its seats mostly share a few scopes). */
static int
holders_load(struct settle *st)
{
	struct json_object	*j = json_object_new_array(), *x;
	const char		*role, *scope;
	db_res			 res;
	size_t			 i, k, r;
	int			 rc;

	st->nholder = 0;
	for (i = 0; i < st->s.nrows; i++)
		for (r = 0; r < 2 && !db_ll(&st->s, i, S_PLATFORM); r++) {
			role = r == 0 ? "region" : "branch";
			scope = db_str(&st->s, i, r == 0 ? S_REGION : S_BRANCH);
			if (scope == NULL)
				continue;
			for (k = 0; k < st->nholder; k++)
				if (strcmp(st->holder[k].role, role) == 0 &&
				    strcmp(st->holder[k].scope, scope) == 0)
					break;
			if (k < st->nholder)
				continue;
			st->holder[st->nholder].role = role;
			st->holder[st->nholder].scope = scope;
			st->holder[st->nholder++].who = 0;
			x = json_object_new_array();
			json_object_array_add(x, json_object_new_string(role));
			json_object_array_add(x, json_object_new_string(scope));
			json_object_array_add(j, x);
		}
	if (st->nholder == 0) {
		json_object_put(j);
		return 0;
	}
	if ((rc = db_q(st->a, &res, SQL_SCOPE_HOLDERS, DB_ARGS(db_json(st->a,
	    j)))) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++)
		for (k = 0; k < st->nholder; k++)
			if (strcmp(st->holder[k].role, db_str(&res, i, 0)) == 0 &&
			    strcmp(st->holder[k].scope, db_str(&res, i, 1)) == 0)
				st->holder[k].who = db_ll(&res, i, 2);
	return 0;
}

/* Who holds a region or branch role for a scope, as holders_load read
 * it (every scope of the seats); 0 for nobody. */
static long long
scope_holder(const struct settle *st, const char *role, const char *scope)
{
	size_t i;

	for (i = 0; scope != NULL && i < st->nholder; i++)
		if (strcmp(st->holder[i].role, role) == 0 &&
		    strcmp(st->holder[i].scope, scope) == 0)
			return st->holder[i].who;
	return 0;
}

/* The leader's recommender (A5): who recommended them, else their inviter
 * when that inviter is a leader, else nobody. */
static long long
leader_recommender(arena *a, long long leader)
{
	db_res		res;
	long long	inv;
	int		yes;

	if (leader <= 0)
		return 0;
	if (db_q(a, &res, SQL_RECOMMENDER, DB_ARGS(DB_INT(leader))) == DB_OK &&
	    res.nrows == 1 && db_str(&res, 0, 0) != NULL)
		return db_ll(&res, 0, 0);
	inv = inviter_of(a, leader);
	if (inv > 0 && has_role(a, inv, "leader", &yes) == 0 && yes)
		return inv;
	return 0;
}

static int
is_promoter(arena *a, long long member)
{
	int yes = 0;

	return member > 0 && has_role(a, member, "promoter", &yes) == 0 && yes;
}

static const char *
on_label(enum gb_on on)
{
	switch (on) {
	case GB_ON_WON:		return "中奖奖励";
	case GB_ON_LOST:	return "未中奖奖励";
	case GB_ON_SEAT:	return "参团奖励";
	case GB_ON_SUCCESS:	return "成团奖励";
	default:		return "未成团补偿";
	}
}

static const char *
to_label(enum gb_to to)
{
	switch (to) {
	case GB_TO_UPLINE1:	return "（直推）";
	case GB_TO_UPLINE2:	return "（间推）";
	case GB_TO_LEADER:	return "（团长）";
	case GB_TO_LEADER_RECOMMENDER: return "（推荐团长）";
	case GB_TO_OWNER:	return "（群主）";
	case GB_TO_REGION:	return "（区域）";
	case GB_TO_BRANCH:	return "（分公司）";
	case GB_TO_MERCHANT:	return "（商家）";
	default:		return "";
	}
}

/* Runs the reward schedule: one reward line per planned reward (share
 * units are recorded, not paid), keyed by group, line and seat, so a
 * rerun pays nothing twice; the payout path queues them on the
 * settlement's batch. */
static int
rewards(struct settle *st, int success, int won_flags[])
{
	struct gb_draw_seat	 seats[GB_MAX_SEATS];
	struct gb_group_people	 gp;
	struct gb_reward	*out;
	size_t			 i, n = st->s.nrows, max = GB_MAX_LINES *
				    (GB_MAX_SEATS + 1);
	long long		 ids[5 * GB_MAX_SEATS + 3];
	size_t			 nids = 0, npay = 0;
	struct reward_line	*pay;
	struct payout_opts	 o = { 0 };
	int			 k, cnt, rc;

	/* the region and branch holders, when a line pays them */
	st->nholder = 0;
	for (k = 0; k < (int)st->act.nlines; k++)
		if (st->act.lines[k].to == GB_TO_REGION ||
		    st->act.lines[k].to == GB_TO_BRANCH)
			break;
	if (k < (int)st->act.nlines && (rc = holders_load(st)) != 0)
		return rc;
	memset(seats, 0, sizeof(seats));
	for (i = 0; i < n; i++) {
		seats[i].no = (int)db_ll(&st->s, i, S_NO);
		seats[i].platform = db_ll(&st->s, i, S_PLATFORM) != 0;
		seats[i].won = won_flags ? won_flags[i] : 0;
		if (seats[i].platform)
			continue;
		seats[i].p.self = db_ll(&st->s, i, S_MEMBER);
		seats[i].p.upline1 = db_str(&st->s, i, S_INVITER) ?
		    db_ll(&st->s, i, S_INVITER) : 0;
		seats[i].p.upline2 = db_str(&st->s, i, S_INVITER2) ?
		    db_ll(&st->s, i, S_INVITER2) : 0;
		seats[i].p.region = scope_holder(st, "region",
		    db_str(&st->s, i, S_REGION));
		seats[i].p.branch = scope_holder(st, "branch",
		    db_str(&st->s, i, S_BRANCH));
		seats[i].p.merchant = db_str(&st->s, i, S_MERCHANT) ?
		    db_ll(&st->s, i, S_MERCHANT) : 0;
	}
	gp.leader = db_str(&st->g, 0, G_LEADER) ? db_ll(&st->g, 0, G_LEADER) : 0;
	gp.owner = db_str(&st->g, 0, G_OWNER) ? db_ll(&st->g, 0, G_OWNER) : 0;
	gp.leader_recommender = leader_recommender(st->a, gp.leader);
	/* everyone the lines may pay, read at once with their balances (for
	 * held(): a convert or a release takes from what they hold); the
	 * seat members are read already */
	for (i = 0; i < n; i++) {
		ids[nids++] = seats[i].p.upline1;
		ids[nids++] = seats[i].p.upline2;
		ids[nids++] = seats[i].p.region;
		ids[nids++] = seats[i].p.branch;
		ids[nids++] = seats[i].p.merchant;
	}
	ids[nids++] = gp.leader;
	ids[nids++] = gp.owner;
	ids[nids++] = gp.leader_recommender;
	for (i = 0, k = 0; i < nids; i++)
		if (ids[i] > 0)
			ids[k++] = ids[i];
	if ((rc = ledger_batch_prefetch(st->lb, ids, (size_t)k)) != DB_OK)
		return rc;
	gp.promoters = 0;
	/* A6: who is a promoter now, for the lines that pay promoters only */
	for (k = 0; k < (int)st->act.nlines; k++)
		if (st->act.lines[k].promoter_only)
			break;
	if (k < (int)st->act.nlines) {
		for (i = 0; i < n; i++) {
			const struct { enum gb_to to; long long who; } p[] = {
				{ GB_TO_SELF, seats[i].p.self },
				{ GB_TO_UPLINE1, seats[i].p.upline1 },
				{ GB_TO_UPLINE2, seats[i].p.upline2 },
				{ GB_TO_REGION, seats[i].p.region },
				{ GB_TO_BRANCH, seats[i].p.branch },
				{ GB_TO_MERCHANT, seats[i].p.merchant },
			};
			size_t q;

			for (q = 0; q < sizeof(p) / sizeof(p[0]); q++)
				if (p[q].who > 0 && is_promoter(st->a, p[q].who))
					seats[i].p.promoters |= 1u << p[q].to;
		}
		if (is_promoter(st->a, gp.leader))
			gp.promoters |= 1u << GB_TO_LEADER;
		if (is_promoter(st->a, gp.owner))
			gp.promoters |= 1u << GB_TO_OWNER;
		if (is_promoter(st->a, gp.leader_recommender))
			gp.promoters |= 1u << GB_TO_LEADER_RECOMMENDER;
	}
	out = arena_alloc(st->a, max * sizeof(*out));
	if ((cnt = gb_plan(&st->act, success, &gp, seats, n, held, st, out,
	    max)) < 0)
		return DB_ESQL;
	if ((pay = arena_alloc(st->a, (size_t)cnt * sizeof(*pay) + 1)) == NULL)
		return DB_ENOMEM;
	for (k = 0; k < cnt; k++) {
		struct gb_reward	*r = &out[k];
		const struct gb_line	*l = &st->act.lines[r->line];
		struct reward_line	*p = &pay[npay];
		const char		*memo = arena_printf(st->a,
					    "拼团 #%lld %s%s", st->id,
					    on_label(l->on), to_label(l->to));

		memset(p, 0, sizeof(*p));
		p->to = r->to;
		p->currency = r->currency;
		p->amount = r->amount;
		p->key = arena_printf(st->a, "gb.rw:%lld:%zu:%d", st->id,
		    r->line, r->seat);
		switch (r->act) {
		case GB_DO_CREDIT:
			p->act = REWARD_CREDIT;
			p->kind = "gb.reward";
			p->memo = memo;
			break;
		case GB_DO_CONVERT:
		case GB_DO_RELEASE:
			p->act = r->act == GB_DO_CONVERT ? REWARD_CONVERT :
			    REWARD_RELEASE;
			p->from = r->from;
			p->kind = r->act == GB_DO_CONVERT ? "gb.convert" :
			    "gb.release";
			p->memo = arena_printf(st->a, "%s：%s转%s", memo,
			    currency_name(r->from, NULL),
			    currency_name(r->currency, NULL));
			break;
		case GB_DO_POOL:
			p->act = REWARD_POOL_IN;
			p->to = 0;
			p->pool = strcmp(r->pool, "daily") == 0 ? "pool.daily" :
			    "pool.monthly";
			p->kind = "gb.pool";
			p->memo = arena_printf(st->a, "拼团 #%lld 计入%s分红池",
			    st->id, strcmp(r->pool, "daily") == 0 ? "每日" :
			    "月度");
			break;
		case GB_DO_SHARE: {
			struct json_object *x = json_object_new_array();

			json_object_array_add(x, json_object_new_int64(
			    (long long)r->line));
			json_object_array_add(x, json_object_new_int(r->seat));
			json_object_array_add(x, json_object_new_int64(r->to));
			json_object_array_add(x, json_object_new_int64(r->amount));
			if (st->shares == NULL)
				st->shares = json_object_new_array();
			json_object_array_add(st->shares, x);
			continue;
		}
		default:
			return DB_ESQL;
		}
		npay++;
	}
	/* queued on the settlement's batch; a line paid before (a rerun) is
	 * PAYOUT_DUP and pays nothing again, which is what a rerun wants */
	o.ref_type = "group";
	o.ref_id = st->id;
	o.batch = st->lb;
	return payout_apply(st->a, &o, pay, npay, NULL, NULL);
}

static const char *
int_list(arena *a, const int *v, size_t n)
{
	buf	b;
	size_t	i;
	const char *s;

	buf_init(&b);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%d", i ? "," : "", v[i]);
	buf_putc(&b, ']');
	s = arena_strdup(a, buf_str(&b));
	buf_clear(&b);
	return s;
}

static const char *
relaxed_list(arena *a, unsigned mask)
{
	buf	b;
	int	r, first = 1;
	const char *s;

	buf_init(&b);
	buf_putc(&b, '[');
	for (r = 1; r < GB_NRULES; r++)
		if (mask & (1u << r)) {
			buf_printf(&b, "%s\"%s\"", first ? "" : ",",
			    gb_rule_key((enum gb_rule)r));
			first = 0;
		}
	buf_putc(&b, ']');
	s = arena_strdup(a, buf_str(&b));
	buf_clear(&b);
	return s;
}

/* Fails the locked group: every stake back, reserved stock back, the
 * failure lines of the reward schedule, members told. It has no free
 * seats: expiry takes them first, and a group drawn is full. */
static int
fail_group(struct settle *st, const char *reason, const char *eligible,
    const char *relaxed)
{
	size_t	i;
	int	rc;

	if ((rc = db_q(st->a, NULL, "UPDATE gb_seats SET result = 'refunded' "
	    "WHERE group_id = ? AND NOT platform", DB_ARGS(DB_INT(st->id)))) !=
	    DB_OK)
		return rc;
	for (i = 0; i < st->s.nrows; i++) {
		if (db_ll(&st->s, i, S_PLATFORM))
			continue;
		if ((rc = refund_seat(st, i, "未成团")) != 0)
			return rc;
		if ((rc = settle_message(st, db_ll(&st->s, i, S_MEMBER),
		    "拼团未成团", arena_printf(st->a, "拼团 #%lld %s，"
		    "参团款已全额退回您的%s。", st->id, strcmp(reason,
		    "expired") == 0 ? "在时限内未满员" :
		    "可中奖的席位不足，按活动规则本团失败",
		    currency_display_name("CHANGE")))) != 0)
			return rc;
	}
	if ((rc = db_q(st->a, NULL, SQL_FAILED, DB_ARGS(DB_TEXT(reason),
	    eligible ? DB_TEXT(eligible) : DB_NULL,
	    relaxed ? DB_TEXT(relaxed) : DB_NULL, DB_INT(st->id)))) != DB_OK)
		return rc;
	if ((rc = rewards(st, 0, NULL)) != 0)
		return rc;
	return settle_flush(st);
}

/* The member states of a draw (rules/gb.h), as loaded and locked. */
struct mstate {
	long long		 member;
	struct gb_member_state	 st;
	int			 found;
};

static int
by_member(const void *x, const void *y)
{
	const struct mstate *a = x, *b = y;

	return a->member < b->member ? -1 : a->member > b->member;
}

/* Loads and locks the states of the seat members of st, in member order
 * (no two draws wait on each other in opposite orders), into ms[0..n)
 * sorted by member (terminated by member 0). Returns n or a db_err. */
static int
states_lock(struct settle *st, struct mstate *ms)
{
	struct json_object	*j = json_object_new_array();
	db_arg			 ids;
	db_res			 res;
	size_t			 i, k, n = 0;
	int			 rc;

	for (i = 0; i < st->s.nrows; i++)
		if (!db_ll(&st->s, i, S_PLATFORM)) {
			memset(&ms[n], 0, sizeof(ms[n]));
			ms[n++].member = db_ll(&st->s, i, S_MEMBER);
		}
	qsort(ms, n, sizeof(*ms), by_member);
	ms[n].member = 0;
	for (i = 0; i < n; i++)
		json_object_array_add(j, json_object_new_int64(ms[i].member));
	ids = db_json(st->a, j);
	if ((rc = db_q(st->a, NULL, "INSERT IGNORE INTO gb_member_state "
	    "(member_id, activity_id) SELECT t.v, ? FROM JSON_TABLE(?, '$[*]' "
	    "COLUMNS (v BIGINT PATH '$')) t", DB_ARGS(DB_INT(st->activity),
	    ids))) != DB_OK)
		return rc;
	if ((rc = db_q(st->a, &res, "SELECT s.member_id, s.day, s.day_wins, "
	    "s.streak, s.streak_skip, s.cum, s.cum_skip, s.recent, s.nrecent "
	    "FROM JSON_TABLE(?, '$[*]' COLUMNS (v BIGINT PATH '$')) t "
	    "STRAIGHT_JOIN gb_member_state s ON s.member_id = t.v AND "
	    "s.activity_id = ? FOR UPDATE", DB_ARGS(ids,
	    DB_INT(st->activity)))) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++)
		for (k = 0; k < n; k++)
			if (ms[k].member == db_ll(&res, i, 0)) {
				ms[k].st.day = (int)db_ll(&res, i, 1);
				ms[k].st.day_wins = (int)db_ll(&res, i, 2);
				ms[k].st.streak = (int)db_ll(&res, i, 3);
				ms[k].st.streak_skip = (int)db_ll(&res, i, 4);
				ms[k].st.cum = (int)db_ll(&res, i, 5);
				ms[k].st.cum_skip = (int)db_ll(&res, i, 6);
				ms[k].st.recent = (uint64_t)strtoull(db_str(&res,
				    i, 7), NULL, 10);
				ms[k].st.nrecent = (int)db_ll(&res, i, 8);
				ms[k].found = 1;
			}
	for (i = 0; i < n; i++)
		if (!ms[i].found)
			return DB_ESQL;
	return (int)n;
}

static struct gb_member_state *
state_of(struct mstate *ms, long long member)
{
	size_t k;

	for (k = 0; ms[k].member != 0; k++)
		if (ms[k].member == member)
			return &ms[k].st;
	return NULL;
}

/* Saves the states (every row exists and is locked: states_lock). */
static int
states_save(struct settle *st, const struct mstate *ms, size_t n)
{
	struct json_object	*j = json_object_new_array(), *x;
	size_t			 i;

	for (i = 0; i < n; i++) {
		x = json_object_new_array();
		json_object_array_add(x, json_object_new_int64(ms[i].member));
		json_object_array_add(x, json_object_new_int(ms[i].st.day));
		json_object_array_add(x, json_object_new_int(ms[i].st.day_wins));
		json_object_array_add(x, json_object_new_int(ms[i].st.streak));
		json_object_array_add(x, json_object_new_int(ms[i].st.streak_skip));
		json_object_array_add(x, json_object_new_int(ms[i].st.cum));
		json_object_array_add(x, json_object_new_int(ms[i].st.cum_skip));
		json_object_array_add(x, json_object_new_string(arena_printf(
		    st->a, "%llu", (unsigned long long)ms[i].st.recent)));
		json_object_array_add(x, json_object_new_int(ms[i].st.nrecent));
		json_object_array_add(j, x);
	}
	return db_q(st->a, NULL, "UPDATE JSON_TABLE(?, '$[*]' COLUMNS ("
	    "m BIGINT PATH '$[0]', d INT PATH '$[1]', dw INT PATH '$[2]', "
	    "s INT PATH '$[3]', ss INT PATH '$[4]', c INT PATH '$[5]', "
	    "cs INT PATH '$[6]', r VARCHAR(24) PATH '$[7]', nr INT PATH '$[8]')) "
	    "t STRAIGHT_JOIN gb_member_state g ON g.member_id = t.m AND "
	    "g.activity_id = ? SET g.day = t.d, g.day_wins = t.dw, "
	    "g.streak = t.s, g.streak_skip = t.ss, g.cum = t.c, "
	    "g.cum_skip = t.cs, g.recent = t.r, g.nrecent = t.nr",
	    DB_ARGS(db_json(st->a, j), DB_INT(st->activity)));
}

/* The seats' results, in one statement: [[seat, result, why, order], …]. */
static const char SQL_SEAT_RESULTS[] =
    "UPDATE JSON_TABLE(?, '$[*]' COLUMNS (n INT PATH '$[0]', "
    "r VARCHAR(16) PATH '$[1]', w VARCHAR(64) PATH '$[2]', o BIGINT PATH "
    "'$[3]')) t STRAIGHT_JOIN gb_seats s ON s.group_id = ? AND "
    "s.seat_no = t.n SET s.result = t.r, s.ineligible = t.w, s.order_id = t.o";

static void
seat_result(struct json_object *j, int no, const char *result,
    const char *why, long long order)
{
	struct json_object *x = json_object_new_array();

	json_object_array_add(x, json_object_new_int(no));
	json_object_array_add(x, json_object_new_string(result));
	json_object_array_add(x, why ? json_object_new_string(why) : NULL);
	json_object_array_add(x, order > 0 ? json_object_new_int64(order) : NULL);
	json_object_array_add(j, x);
}

/* Draws the locked, full group (D5) and settles it. */
static int
draw_group(struct settle *st)
{
	struct gb_seat		 seats[GB_MAX_SEATS];
	struct mstate		 ms[GB_MAX_SEATS + 1];
	struct gb_member_state	*ps;
	struct json_object	*results;
	struct gb_eligibility	 el;
	struct fairrand	 rs;
	uint8_t			 seed[32];
	int			 pick[GB_MAX_SEATS], won[GB_MAX_SEATS];
	long long		 today, order, m = st->act.winners;
	size_t			 i, j, n = st->s.nrows;
	int			 rc, nms;

	if (n != (size_t)st->act.seats || n > GB_MAX_SEATS)
		return DB_ESQL;
	today = db_ll(&st->g, 0, G_TODAY);
	if ((rc = balances_load(st)) != DB_OK)
		return rc;
	if ((nms = states_lock(st, ms)) < 0)
		return nms;
	memset(seats, 0, sizeof(seats));
	for (i = 0; i < n; i++) {
		long long mem;

		seats[i].no = (int)db_ll(&st->s, i, S_NO);
		seats[i].platform = db_ll(&st->s, i, S_PLATFORM) != 0;
		if (seats[i].platform)
			continue;
		mem = db_ll(&st->s, i, S_MEMBER);
		seats[i].is_new = db_ll(&st->s, i, S_NEW) != 0;
		seats[i].first_today = db_ll(&st->s, i, S_FIRST_TODAY) != 0;
		seats[i].first_ever = db_ll(&st->s, i, S_FIRST_EVER) != 0;
		ledger_batch_balance(st->lb, mem, "main", "RED",
		    &seats[i].red_held);
		if ((ps = state_of(ms, mem)) == NULL)
			return DB_ESQL;
		seats[i].st = *ps;
	}
	gb_eligibility(&st->act.rules, seats, n, (size_t)m, (int)today, &el);
	if (el.outcome == GB_DRAW_FAIL) {
		long long new_id;

		/* why each ineligible seat was (fail_group refunds them) */
		results = json_object_new_array();
		for (i = 0; i < n; i++)
			if (el.why[i] != GB_ELIGIBLE)
				seat_result(results, seats[i].no, seats[i].platform ?
				    "pending" : "refunded", gb_rule_key(el.why[i]),
				    0);
		if ((rc = db_q(st->a, NULL, SQL_SEAT_RESULTS, DB_ARGS(db_json(
		    st->a, results), DB_INT(st->id)))) != DB_OK)
			return rc;
		if ((rc = fail_group(st, "conflict", int_list(st->a,
		    el.eligible, el.neligible), relaxed_list(st->a,
		    el.relaxed))) != 0)
			return rc;
		/* "fail": reopen — a fresh group of the same leader and owner
		 * (public activities simply seat the next joiners anew). */
		if (st->act.mode == GB_LEADER)
			return group_create(st->a, st->activity, db_ll(&st->g, 0,
			    G_VER), &st->act, db_ll(&st->g, 0, G_LEADER),
			    db_str(&st->g, 0, G_OWNER) ? db_ll(&st->g, 0,
			    G_OWNER) : 0, 0, st->id, 1, &new_id);
		return 0;
	}
	if (hex_decode(db_str(&st->g, 0, G_SEED), seed, sizeof(seed)) != 0)
		return DB_ESQL;
	memcpy(pick, el.eligible, el.neligible * sizeof(int));
	gb_stream_init(&rs, seed, (unsigned long long)st->id);
	fairrand_pick(&rs, pick, el.neligible, (size_t)m);
	memset(won, 0, sizeof(won));
	for (j = 0; j < (size_t)m; j++)
		won[pick[j] - 1] = 1;
	results = json_object_new_array();
	for (i = 0; i < n; i++) {
		long long mem;

		if (seats[i].platform) {
			seat_result(results, seats[i].no, "lost", "platform", 0);
			continue;
		}
		mem = db_ll(&st->s, i, S_MEMBER);
		order = 0;
		if (won[i])
			rc = winner_purchase(st, i, &order);
		else
			rc = refund_seat(st, i, "未中奖");
		if (rc != 0) {
			json_object_put(results);
			return rc;
		}
		seat_result(results, seats[i].no, won[i] ? "won" : "lost",
		    el.why[i] != GB_ELIGIBLE ? gb_rule_key(el.why[i]) : NULL,
		    order);
		ps = state_of(ms, mem);
		gb_state_next(&st->act.rules, ps, (int)today, won[i]);
		if ((rc = settle_message(st, mem, won[i] ? "拼团中奖" :
		    "拼团未中奖", won[i] ? arena_printf(st->a,
		    "恭喜！拼团 #%lld 已开奖，您（第 %d 位）中奖了%s。", st->id,
		    seats[i].no, order > 0 ? "，商品订单已生成，等待商家发货" :
		    "") : arena_printf(st->a, "拼团 #%lld 已开奖，您（第 %d 位）"
		    "未中奖，参团款已退回%s，未中奖奖励已发放。", st->id,
		    seats[i].no, currency_display_name("CHANGE")))) != 0) {
			json_object_put(results);
			return rc;
		}
	}
	if ((rc = db_q(st->a, NULL, SQL_SEAT_RESULTS, DB_ARGS(db_json(st->a,
	    results), DB_INT(st->id)))) != DB_OK)
		return rc;
	if ((rc = states_save(st, ms, (size_t)nms)) != DB_OK)
		return rc;
	if ((rc = db_q(st->a, NULL, SQL_DRAWN, DB_ARGS(
	    DB_TEXT(int_list(st->a, el.eligible, el.neligible)),
	    DB_TEXT(int_list(st->a, pick, (size_t)m)),
	    DB_TEXT(el.outcome == GB_DRAW_RANDOM ? "random" : "ok"),
	    DB_TEXT(relaxed_list(st->a, el.relaxed)), DB_INT(st->id)))) !=
	    DB_OK)
		return rc;
	if ((rc = rewards(st, 1, won)) != 0)
		return rc;
	return settle_flush(st);
}

/* Loads the locked group id, its configuration and its seats into st. */
static int
settle_load(arena *a, long long id, struct settle *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	st->a = a;
	st->id = id;
	if ((st->lb = ledger_batch_new(a)) == NULL)
		return DB_ENOMEM;
	if ((rc = db_q(a, &st->g, SQL_GROUP_LOCK, DB_ARGS(DB_INT(id)))) != DB_OK)
		return rc;
	if (st->g.nrows != 1)
		return DB_ENOTFOUND;
	st->activity = db_ll(&st->g, 0, G_ACT);
	st->price = db_ll(&st->g, 0, G_PRICE);
	if (gb_version_load(a, db_ll(&st->g, 0, G_VER), &st->act) != 0)
		return DB_ESQL;
	return db_q(a, &st->s, SQL_SEATS, DB_ARGS(DB_INT(setting_int(
	    "member.new_days")), DB_INT(setting_int("member.new_hours")),
	    DB_INT(id)));
}

/* --- joining -------------------------------------------------------------- */

/* What a join looks at, in one statement: the member's row, locked (one
 * join of theirs at a time), the member's first role in the enum's order
 * (leader, owner, branch and region come first and bar joining, A5), the
 * activity's status, mode and version, whether the member joined it
 * today, when the member last joined anything (NULL: never; 1: today) and
 * the member's 零钱 account (for the ledger, saving it a lookup).
 * Every subquery is one index probe the optimizer resolves while it plans
 * (MAX over an index prefix, a const row, the first row of a primary key
 * prefix): a statement is planned again on every execution, and the
 * EXISTS probes this replaced cost more to plan than to run.
 * Rows read by the subqueries are not locked (MariaDB locks the FROM
 * tables of a SELECT … FOR UPDATE only): the activity's row stays free for
 * every other joiner. */
static const char SQL_JOIN_LOOK[] =
    "SELECT m.status, (SELECT r.role FROM member_roles r WHERE "
    "r.member_id = m.id ORDER BY r.role LIMIT 1), "
    "(SELECT CONCAT(a.status, ' ', a.mode, ' ', a.version_id) FROM "
    "gb_activities a WHERE a.id = ?), "
    "COALESCE((SELECT MAX(s.day) FROM gb_seats s WHERE s.member_id = m.id "
    "AND s.activity_id = ?) >= CURDATE(), 0), "
    "(SELECT MAX(s.joined_at) FROM gb_seats s WHERE s.member_id = m.id) >= "
    "CURDATE(), "
    "(SELECT c.id FROM accounts c WHERE c.owner_type = 'member' AND "
    "c.owner_id = m.id AND c.kind = 'main' AND c.currency = 'CHANGE' AND "
    "c.slot = 0) "
    "FROM members m WHERE m.id = ? FOR UPDATE";
enum { L_STATUS, L_ROLE, L_ACT, L_TODAY, L_LAST, L_ACCOUNT };
/* The member's joins of the activity today that count for its daily
 * limit (not refunded), counted up to the limit. */
static const char SQL_TODAY_KEPT[] =
    "SELECT COUNT(*) FROM (SELECT 1 FROM gb_seats WHERE member_id = ? AND "
    "activity_id = ? AND day = CURDATE() AND result <> 'refunded' LIMIT ?) t";
/* A6: the first join ever makes a member a promoter for a few days (the
 * setting promoter.days_per_join_day); each day with a join adds as many
 * (from the later of now and the expiry). */
static const char SQL_PROMOTER[] =
    "INSERT INTO member_roles (member_id, role, expires_at, granted_at) "
    "VALUES (?, 'promoter', NOW() + INTERVAL ? DAY, NOW()) "
    "ON DUPLICATE KEY UPDATE expires_at = GREATEST(COALESCE(expires_at, "
    "NOW()), NOW()) + INTERVAL ? DAY";
static const char SQL_GROUP_OF[] =
    "SELECT activity_id, version_id, status, taken, seats, "
    "expires_at IS NOT NULL AND expires_at <= NOW() FROM gb_groups WHERE id = ?";
/* The lowest free seat of the oldest open group of the activity,
 * skipping seats other joiners are taking right now. The scan starts at
 * the activity's oldest open group (an index lookup), not at its first
 * group: the seats taken since are deleted rows that InnoDB's purge
 * removes only a moment later, and a scan from the start of the activity
 * would walk over all of them. It does not ask whether the member is in
 * that group already (a probe per seat it passes, costlier to plan than
 * the whole claim): the seat's insert answers that with the one seat per
 * member key, and only then does the join claim again with
 * SQL_FREE_CLAIM_NEW, which leaves out the groups the member is in. */
static const char SQL_FREE_CLAIM[] =
    "SELECT f.group_id, f.seat_no FROM gb_free_seats f WHERE "
    "f.activity_id = ? AND f.group_id >= (SELECT MIN(g.id) FROM gb_groups g "
    "WHERE g.activity_id = ? AND g.status = 'open') "
    "ORDER BY f.group_id, f.seat_no LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char SQL_FREE_CLAIM_NEW[] =
    "SELECT f.group_id, f.seat_no FROM gb_free_seats f WHERE "
    "f.activity_id = ? AND f.group_id >= (SELECT MIN(g.id) FROM gb_groups g "
    "WHERE g.activity_id = ? AND g.status = 'open') AND NOT EXISTS (SELECT 1 "
    "FROM gb_seats s WHERE s.group_id = f.group_id AND s.member_id = ?) "
    "ORDER BY f.group_id, f.seat_no LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char SQL_GROUP_FREE_CLAIM[] =
    "SELECT seat_no FROM gb_free_seats WHERE group_id = ? ORDER BY seat_no "
    "LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char SQL_GROUP_FREE_PEEK[] =
    "SELECT seat_no FROM gb_free_seats WHERE group_id = ? ORDER BY seat_no "
    "LIMIT 1";
static const char SQL_FREE_WAIT[] =
    "SELECT seat_no FROM gb_free_seats WHERE group_id = ? AND seat_no = ? "
    "FOR UPDATE";
static const char SQL_FREE_TAKE[] =
    "DELETE FROM gb_free_seats WHERE group_id = ? AND seat_no = ?";
static const char SQL_ACT_LOCK_ROW[] =
    "SELECT version_id FROM gb_activities WHERE id = ? FOR UPDATE";
/* The count, last: LAST_INSERT_ID(expr) hands back the new value; with
 * the prize's stock in the same statement (the group's row first, the
 * product's — which more requests update — held for the least time). */
static const char SQL_TAKE_SEAT_RESERVE[] =
    "UPDATE gb_groups g STRAIGHT_JOIN products p SET "
    "g.taken = LAST_INSERT_ID(g.taken + 1), p.stock = p.stock - 1, "
    "p.updated_at = NOW() WHERE g.id = ? AND g.status = 'open' AND "
    "g.taken < g.seats AND (g.expires_at IS NULL OR g.expires_at > NOW()) "
    "AND p.id = ? AND p.status = 'listed' AND p.stock >= 1";
static const char SQL_TAKE_SEAT[] =
    "UPDATE gb_groups SET taken = LAST_INSERT_ID(taken + 1) WHERE id = ? AND "
    "status = 'open' AND taken < seats AND (expires_at IS NULL OR "
    "expires_at > NOW())";
static const char SQL_SEAT_INSERT[] =
    "INSERT INTO gb_seats (group_id, seat_no, activity_id, member_id, "
    "platform, product_id, stake, first_today, first_ever, idem_key, day, "
    "joined_at) VALUES (?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, CURDATE(), NOW())";
static const char SQL_SEAT_BY_KEY[] =
    "SELECT group_id, seat_no FROM gb_seats WHERE idem_key = ?";

struct join_ctx {
	arena		*a;
	struct gb_join	*j;
	const char	*key;
	struct svc_err	*e;
	int		 refused;
	int		 full;		/* this join took the last seat */
};

/* A role that bars joining (A5); NULL (no role) does not. */
static int
role_bars(const char *role)
{
	static const char *const barred[] = { "leader", "owner", "branch",
	    "region" };
	size_t	i;

	for (i = 0; role != NULL && i < sizeof(barred) / sizeof(*barred); i++)
		if (strcmp(role, barred[i]) == 0)
			return 1;
	return 0;
}

static int
jrefuse(struct join_ctx *c, int status, const char *code, const char *field,
    const char *msg)
{
	c->refused = svc_fail(c->e, status, code, field, msg);
	return -1;
}

/* Takes the claimed free seat (its row is locked by this transaction). */
static int
free_take(struct join_ctx *c, long long group, long long seat)
{
	return db_q(c->a, NULL, SQL_FREE_TAKE, DB_ARGS(DB_INT(group),
	    DB_INT(seat)));
}

/* Public mode: the lowest free seat of the oldest open group with one
 * (with fresh set: of a group the member is not in). Seats being taken
 * right now are skipped (no queue on one row: joiners of a group take its
 * seats side by side). When every free seat is taken or being taken, the
 * join takes the activity's lock and looks again (another joiner may
 * have opened a group meanwhile, or a failing join given a seat back);
 * only when there is still none does it open a group, whose first seat
 * it takes (*opened set: that seat has no free row). Joiners who found
 * no seat meanwhile wait on the lock and find the new group's seats once
 * this join commits. So groups fill in order and a group is opened only
 * when the open ones have no seat left to take; a seat a failing join
 * gives back goes to the next joiner, oldest group first. A claimed
 * seat's row stays locked, not yet taken (free_take). *group and *seat
 * set. */
static int
public_seat(struct join_ctx *c, long long activity, long long ver,
    const struct gb_activity *act, int fresh, long long *group,
    long long *seat, int *opened)
{
	db_res	res;
	int	rc;

	*opened = 0;
	if (fresh)
		rc = db_q(c->a, &res, SQL_FREE_CLAIM_NEW, DB_ARGS(DB_INT(activity),
		    DB_INT(activity), DB_INT(c->j->member)));
	else
		rc = db_q(c->a, &res, SQL_FREE_CLAIM, DB_ARGS(DB_INT(activity),
		    DB_INT(activity)));
	if (rc != DB_OK)
		return rc;
	if (res.nrows == 0) {
		if ((rc = db_q(c->a, &res, SQL_ACT_LOCK_ROW, DB_ARGS(DB_INT(
		    activity)))) != DB_OK)
			return rc;
		if (res.nrows != 1 || db_ll(&res, 0, 0) != ver)
			return DB_ERETRY;	/* a new version: join again */
		if ((rc = db_q(c->a, &res, SQL_FREE_CLAIM_NEW, DB_ARGS(DB_INT(
		    activity), DB_INT(activity), DB_INT(c->j->member)))) !=
		    DB_OK)
			return rc;
		if (res.nrows == 0) {
			*seat = 1;
			*opened = 1;
			return group_create(c->a, activity, ver, act, 0, 0, 0, 0,
			    2, group);
		}
	}
	*group = db_ll(&res, 0, 0);
	*seat = db_ll(&res, 0, 1);
	return 0;
}

/* Leader mode: the lowest free seat of the group; 0 with *seat set, or a
 * refusal when it is full, over or past its time. The seat's row stays
 * locked, not yet taken (free_take). */
static int
group_seat(struct join_ctx *c, long long group, const db_res *g,
    long long *seat)
{
	db_res	res;
	int	rc, tries;

	for (tries = 0; tries < 20; tries++) {
		if ((rc = db_q(c->a, &res, SQL_GROUP_FREE_CLAIM, DB_ARGS(
		    DB_INT(group)))) != DB_OK)
			return rc;
		if (res.nrows == 1) {
			*seat = db_ll(&res, 0, 0);
			return 0;
		}
		if ((rc = db_q(c->a, &res, SQL_GROUP_FREE_PEEK, DB_ARGS(
		    DB_INT(group)))) != DB_OK)
			return rc;
		if (res.nrows == 0)
			return jrefuse(c, 409, "closed", "group",
			    strcmp(db_str(g, 0, 2), "open") != 0 ? "该团已结束" :
			    db_ll(g, 0, 5) ? "该团已超过时限" : "该团已满员");
		*seat = db_ll(&res, 0, 0);
		if ((rc = db_q(c->a, &res, SQL_FREE_WAIT, DB_ARGS(DB_INT(group),
		    DB_INT(*seat)))) != DB_OK)
			return rc;
		if (res.nrows == 1)
			return 0;
	}
	return DB_ERETRY;
}

/* One join (D4). The member's own rows first, then a free seat, the seat
 * row and the stake; the rows every joiner of the group or the activity
 * updates — the group's count, then the prize's stock — come last, so
 * they are held only from there to the COMMIT. Taking the last seat sets
 * c->full: the group is drawn right after, in its own transaction. */
static int
join_tx(void *ud)
{
	struct join_ctx		*c = ud;
	struct gb_join		*j = c->j;
	struct gb_activity	 act;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e;
	db_res			 res, g, look;
	long long		 activity, ver, group, product = 0, seat, taken;
	long long		 entry;
	long long		 act_ver;
	char			 act_status[16], act_mode[16];
	int			 rc, first_today, first_ever, first_any_today;
	int			 fresh, opened = 0;
	size_t			 i;

	c->refused = 0;
	c->full = 0;
	j->full = j->drawn = 0;
	/* Which activity, and for leader mode which group. */
	memset(&g, 0, sizeof(g));
	if (j->group > 0) {
		if ((rc = db_q(c->a, &g, SQL_GROUP_OF, DB_ARGS(
		    DB_INT(j->group)))) != DB_OK)
			return rc;
		if (g.nrows == 0)
			return jrefuse(c, 404, "not_found", NULL, "拼团不存在");
		activity = db_ll(&g, 0, 0);
	} else
		activity = j->activity;
	if ((rc = db_q(c->a, &look, SQL_JOIN_LOOK, DB_ARGS(DB_INT(activity),
	    DB_INT(activity), DB_INT(j->member)))) != DB_OK)
		return rc;
	if (look.nrows != 1 || strcmp(db_str(&look, 0, L_STATUS), "active") != 0)
		return jrefuse(c, 403, "frozen", NULL, "账户已冻结，不能参团");
	if (role_bars(db_str(&look, 0, L_ROLE)))
		return jrefuse(c, 403, "role", NULL,
		    "团长、群主、分公司和区域身份不能参团");
	if (db_str(&look, 0, L_ACT) == NULL || sscanf(db_str(&look, 0, L_ACT),
	    "%15s %15s %lld", act_status, act_mode, &act_ver) != 3)
		return jrefuse(c, 404, "not_found", NULL, "活动不存在");
	if (db_str(&look, 0, L_ACCOUNT) != NULL)
		ledger_note_account(LEDGER_MEMBER, j->member, "main", "CHANGE",
		    db_ll(&look, 0, L_ACCOUNT));
	if (j->group > 0) {
		if (strcmp(db_str(&g, 0, 2), "open") != 0 || db_ll(&g, 0, 5))
			return jrefuse(c, 409, "closed", "group",
			    strcmp(db_str(&g, 0, 2), "open") != 0 ? "该团已结束" :
			    "该团已超过时限");
		ver = db_ll(&g, 0, 1);
	} else {
		if (strcmp(act_mode, "public") != 0)
			return jrefuse(c, 409, "leader_mode", "activity",
			    "该活动需加入团长开的团");
		ver = act_ver;
	}
	if (strcmp(act_status, "active") != 0)
		return jrefuse(c, 409, "paused", "activity", "活动已暂停");
	if (gb_version_load(c->a, ver, &act) != 0)
		return jrefuse(c, 500, "config", NULL, "活动配置有误");
	/* The prize: one of the activity's products (default the first). */
	if (act.nproducts > 0) {
		product = j->product > 0 ? j->product : act.products[0];
		for (i = 0; i < act.nproducts; i++)
			if (act.products[i] == product)
				break;
		if (i == act.nproducts)
			return jrefuse(c, 400, "product", "product",
			    "请选择本活动的奖品");
	}
	first_today = !db_ll(&look, 0, L_TODAY);
	if (act.daily_join_limit > 0 && !first_today) {
		if ((rc = db_q(c->a, &res, SQL_TODAY_KEPT, DB_ARGS(
		    DB_INT(j->member), DB_INT(activity),
		    DB_INT(act.daily_join_limit)))) != DB_OK)
			return rc;
		if (db_ll(&res, 0, 0) >= act.daily_join_limit)
			return jrefuse(c, 409, "daily_limit", NULL, arena_printf(
			    c->a, "本活动每天最多参团 %d 次，今天已达上限",
			    act.daily_join_limit));
	}
	first_ever = db_str(&look, 0, L_LAST) == NULL;
	first_any_today = !db_ll(&look, 0, L_LAST);
	if (first_any_today && (rc = db_q(c->a, NULL, SQL_PROMOTER, DB_ARGS(
	    DB_INT(j->member), DB_INT(setting_int("promoter.days_per_join_day")),
	    DB_INT(setting_int("promoter.days_per_join_day"))))) != DB_OK)
		return rc;
	/* The seat: claimed, its row inserted (which refuses a second seat
	 * of the member in one group), then taken off the free seats. A
	 * member who joined the activity today may be in an open group: the
	 * claim leaves the member's groups out from the start (fresh). */
	for (fresh = !first_today;; fresh = 1) {
		if (j->group > 0) {
			group = j->group;
			if ((rc = group_seat(c, group, &g, &seat)) != 0)
				return rc;
		} else if ((rc = public_seat(c, activity, ver, &act, fresh,
		    &group, &seat, &opened)) != 0)
			return rc;
		rc = db_q(c->a, &res, SQL_SEAT_INSERT, DB_ARGS(DB_INT(group),
		    DB_INT(seat), DB_INT(activity), DB_INT(j->member),
		    product > 0 ? DB_INT(product) : DB_NULL, DB_INT(act.price),
		    DB_INT(first_today), DB_INT(first_ever), DB_TEXT(c->key)));
		if (rc != DB_EDUP)
			break;
		/* the idempotency key (a retry) or the one seat per member
		 * key: in leader mode a refusal, in public mode a claim of a
		 * seat in a group the member is not in */
		if (db_q(c->a, &res, SQL_SEAT_BY_KEY, DB_ARGS(DB_TEXT(c->key))) ==
		    DB_OK && res.nrows == 1)
			return LEDGER_EDUP;
		if (j->group > 0 || fresh)
			return jrefuse(c, 409, "already", "group",
			    "您已在这个团里了");
	}
	if (rc != DB_OK || (!opened && (rc = free_take(c, group, seat)) !=
	    DB_OK))
		return rc;
	legs[0] = (struct ledger_leg){ LEDGER_MEMBER, j->member, "main",
	    "CHANGE", -act.price };
	legs[1] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "escrow", "CHANGE",
	    act.price };
	e = (struct ledger_entry){ arena_printf(c->a, "gb.stake:%lld:%lld",
	    group, seat), "gb.join", "group", group, arena_printf(c->a,
	    "参加拼团 #%lld（第 %lld 位）", group, seat), j->member, 0 };
	rc = ledger_post(c->a, &e, legs, 2, &entry);
	if (rc == LEDGER_EDUP)
		rc = 0;		/* the seat's stake is in: nothing to move */
	if (rc == LEDGER_EFUNDS)
		return jrefuse(c, 400, "insufficient", NULL,
		    arena_printf(c->a, "%s余额不足，请先充值",
		    currency_display_name("CHANGE")));
	if (rc != 0)
		return rc;
	/* The hot rows, last. */
	if (product > 0)
		rc = db_q(c->a, &res, SQL_TAKE_SEAT_RESERVE, DB_ARGS(DB_INT(group),
		    DB_INT(product)));
	else
		rc = db_q(c->a, &res, SQL_TAKE_SEAT, DB_ARGS(DB_INT(group)));
	if (rc != DB_OK)
		return rc;
	if (res.affected != (product > 0 ? 2 : 1)) {
		if ((rc = db_q(c->a, &res, SQL_GROUP_OF, DB_ARGS(
		    DB_INT(group)))) != DB_OK)
			return rc;
		if (strcmp(db_str(&res, 0, 2), "open") != 0 || db_ll(&res, 0, 5) ||
		    db_ll(&res, 0, 3) >= db_ll(&res, 0, 4))
			return jrefuse(c, 409, "closed", "group",
			    strcmp(db_str(&res, 0, 2), "open") != 0 ?
			    "该团已结束" : db_ll(&res, 0, 5) ? "该团已超过时限" :
			    "该团已满员");
		return jrefuse(c, 409, "sold_out", "product",
		    "该奖品库存不足，请选择其他奖品");
	}
	taken = (long long)res.insert_id;
	j->group_out = group;
	j->seat = (int)seat;
	c->full = taken >= act.seats;
	return 0;
}

struct draw_ctx {
	arena		*a;
	long long	 id;
	int		 drawn;
};

/* Draws a full open group (the join that filled it, or the scheduler
 * for one whose joiner did not get to it); a group drawn already, or
 * not full, is left alone. */
static int
draw_tx(void *ud)
{
	struct draw_ctx	*d = ud;
	struct settle	 st;
	int		 rc;

	d->drawn = 0;
	if ((rc = settle_load(d->a, d->id, &st)) != 0)
		return rc;
	if (strcmp(db_str(&st.g, 0, G_STATUS), "open") != 0) {
		d->drawn = 1;
		return 0;
	}
	if (db_ll(&st.g, 0, G_TAKEN) < db_ll(&st.g, 0, G_SEATS))
		return 0;
	d->drawn = 1;
	return draw_group(&st);
}

int
gb_join(arena *a, struct gb_join *j, struct svc_err *e)
{
	struct join_ctx	c;
	struct draw_ctx	d;
	db_res		res;
	int		rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.j = j;
	c.e = e;
	c.key = svc_idem_key(a, "gb", j->member, j->idem);
	if (svc_idem_bind(a, j->idem, c.key, arena_printf(a,
	    "group=%lld&activity=%lld&product=%lld", j->group, j->activity,
	    j->product), e) != 0)
		return -1;
	j->replayed = 0;
	rc = db_tx(join_tx, &c);
	if (rc == LEDGER_EDUP) {
		if (db_q(a, &res, SQL_SEAT_BY_KEY, DB_ARGS(DB_TEXT(c.key))) !=
		    DB_OK || res.nrows != 1)
			return svc_dberr(e, DB_ESQL);
		j->group_out = db_ll(&res, 0, 0);
		j->seat = (int)db_ll(&res, 0, 1);
		j->replayed = 1;
		return 0;
	}
	if (rc != 0 || !c.full)
		return svc_tx_result(e, rc, c.refused);
	/* The last seat: the draw, at once. Should it fail, the seat stands
	 * and the scheduler draws the full group (gb_expire_due). */
	d.a = a;
	d.id = j->group_out;
	if ((rc = db_tx(draw_tx, &d)) != 0)
		fprintf(stderr, "gb: group %lld: draw after the last seat: %s\n",
		    d.id, db_strerror(rc));
	j->full = 1;
	j->drawn = rc == 0 && d.drawn;
	return 0;
}

/* --- platform fill, expiry ----------------------------------------------- */

struct fill_ctx {
	arena		*a;
	long long	 id, admin;
	const char	*ip;
	struct svc_err	*e;
	int		 refused, filled;
};

static int
fill_tx(void *ud)
{
	struct fill_ctx	*c = ud;
	struct settle	 st;
	struct json_object *seatj;
	db_res		 res, fr;
	size_t		 k;
	int		 rc;

	c->refused = 0;
	/* The free seats first, as a joiner takes them (seat, then group):
	 * this waits for the joins in flight, and the seats left are the
	 * platform's. */
	if ((rc = db_q(c->a, &fr, "SELECT seat_no FROM gb_free_seats WHERE "
	    "group_id = ? ORDER BY seat_no FOR UPDATE", DB_ARGS(DB_INT(c->id))))
	    != DB_OK)
		return rc;
	if ((rc = db_q(c->a, &res, SQL_GROUP_LOCK, DB_ARGS(DB_INT(c->id)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0) {
		c->refused = svc_fail(c->e, 404, "not_found", NULL, "拼团不存在");
		return -1;
	}
	if (strcmp(db_str(&res, 0, G_STATUS), "open") != 0) {
		c->refused = svc_fail(c->e, 409, "closed", NULL, "该团已结束");
		return -1;
	}
	seatj = json_object_new_array();
	for (k = 0; k < fr.nrows; k++)
		json_object_array_add(seatj, json_object_new_int64(db_ll(&fr, k,
		    0)));
	if ((rc = db_q(c->a, NULL, "INSERT INTO gb_seats (group_id, seat_no, "
	    "activity_id, member_id, platform, stake, day, joined_at) "
	    "SELECT ?, t.n, ?, NULL, TRUE, 0, CURDATE(), NOW() FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (n INT PATH '$')) t", DB_ARGS(
	    DB_INT(c->id), DB_INT(db_ll(&res, 0, G_ACT)), db_json(c->a,
	    seatj)))) != DB_OK)
		return rc;
	if ((rc = db_q(c->a, NULL, "DELETE FROM gb_free_seats WHERE group_id = ?",
	    DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if ((rc = db_q(c->a, NULL, "UPDATE gb_groups SET taken = seats WHERE "
	    "id = ?", DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	c->filled = (int)fr.nrows;
	if ((rc = admin_audit(c->a, c->admin, "gb.group.fill", "group", c->id,
	    arena_printf(c->a, "{\"platform_seats\":%d}", c->filled), c->ip)) !=
	    0)
		return rc;
	if ((rc = settle_load(c->a, c->id, &st)) != 0)
		return rc;
	return draw_group(&st);
}

int
gb_fill(arena *a, long long group, long long admin, const char *ip,
    struct svc_err *e)
{
	struct fill_ctx	c = { a, group, admin, ip, e, 0, 0 };
	int		rc = db_tx(fill_tx, &c);

	return svc_tx_result(e, rc, c.refused);
}

/* Leader groups past their time that are not full (a full one is drawn,
 * even late); their free seats are removed before the group is locked
 * (settle_load), in the order joiners take them. The lock waits (a join
 * in flight holds the group's row only from its last statement to its
 * COMMIT; another scheduler, until it has failed the group): skipping a
 * locked group would leave it open with its free seats gone. Once
 * locked, a group that is no longer both open and short of seats is left
 * alone: a join in flight took its last seat (it had no free seat to
 * lose, and is drawn), or another scheduler failed it. */
static const char SQL_EXPIRED[] =
    "SELECT id FROM gb_groups WHERE status = 'open' AND expires_at <= NOW() "
    "AND taken < seats ORDER BY expires_at, id LIMIT ?";
/* Full groups left undrawn (their last joiner's draw did not happen). */
static const char SQL_UNDRAWN[] =
    "SELECT id FROM gb_groups WHERE status = 'open' AND taken >= seats "
    "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";

int
gb_expire_due(arena *a, int limit)
{
	struct settle	st;
	db_res		due;
	size_t		i;
	int		rc, n = 0;

	if ((rc = db_q(a, &due, SQL_EXPIRED, DB_ARGS(DB_INT(limit)))) != DB_OK)
		return rc;
	for (i = 0; i < due.nrows; i++) {
		long long id = db_ll(&due, i, 0);

		if ((rc = db_q(a, NULL, "DELETE FROM gb_free_seats WHERE "
		    "group_id = ?", DB_ARGS(DB_INT(id)))) != DB_OK ||
		    (rc = settle_load(a, id, &st)) != 0)
			return rc;
		if (strcmp(db_str(&st.g, 0, G_STATUS), "open") != 0 ||
		    db_ll(&st.g, 0, G_TAKEN) >= db_ll(&st.g, 0, G_SEATS))
			continue;	/* failed by another, or now full */
		if ((rc = fail_group(&st, "expired", NULL, NULL)) != 0)
			return rc;
		n++;
	}
	if ((rc = db_q(a, &due, SQL_UNDRAWN, DB_ARGS(DB_INT(limit - n)))) !=
	    DB_OK)
		return rc;
	for (i = 0; i < due.nrows; i++) {
		/* A group that cannot be drawn (its configuration no longer
		 * loads, a statement fails) is undone and named in the log,
		 * not allowed to stop every other group's expiry with it. */
		long long id = db_ll(&due, i, 0);

		if ((rc = db_exec_plain("SAVEPOINT gb_draw")) != DB_OK)
			return rc;
		if ((rc = settle_load(a, id, &st)) == 0 &&
		    (rc = draw_group(&st)) == 0) {
			n++;
			continue;
		}
		if (rc == DB_ERETRY || rc == DB_ECONN || rc == DB_EUNSURE)
			return rc;	/* the whole job runs again */
		fprintf(stderr, "gb: group %lld: cannot be drawn (%d), left "
		    "open\n", id, rc);
		if ((rc = db_exec_plain("ROLLBACK TO SAVEPOINT gb_draw")) !=
		    DB_OK)
			return rc;
	}
	return n;
}

static int parse_ints(const char *s, int *v, int max);

/* --- D11 blind boxes ----------------------------------------------------- */

struct box_table {
	size_t		 n;
	int64_t		 weight[16], amount[16];
	char		 label[16][61], currency[16][GB_CODE_LEN + 1];
	uint64_t	 total;
};

/* The prize table (setting gb.blindbox, or the JSON kept with a box): a
 * list of {label, currency, amount, weight}. 0, or -1 when malformed. */
static int
box_table_parse(struct json_object *j, struct box_table *t)
{
	struct json_object	*p, *x;
	size_t			 i;

	memset(t, 0, sizeof(*t));
	if (j == NULL || !json_object_is_type(j, json_type_array) ||
	    json_object_array_length(j) == 0 || json_object_array_length(j) > 16)
		return -1;
	for (i = 0; i < json_object_array_length(j); i++) {
		p = json_object_array_get_idx(j, i);
		if (!json_object_object_get_ex(p, "label", &x) || x == NULL)
			return -1;
		snprintf(t->label[i], sizeof(t->label[i]), "%s",
		    json_object_get_string(x));
		if (!json_object_object_get_ex(p, "currency", &x) || x == NULL)
			return -1;
		snprintf(t->currency[i], sizeof(t->currency[i]), "%s",
		    json_object_get_string(x));
		if (!json_object_object_get_ex(p, "amount", &x) || x == NULL ||
		    amount_parse(json_object_get_string(x), 2, &t->amount[i]) != 0 ||
		    t->amount[i] <= 0)
			return -1;
		if (!json_object_object_get_ex(p, "weight", &x) || x == NULL ||
		    (t->weight[i] = json_object_get_int64(x)) <= 0 ||
		    t->weight[i] > 1000000)
			return -1;
		t->total += (uint64_t)t->weight[i];
	}
	t->n = i;
	return 0;
}

/* The k-th winner's box draw: the group's stream after the winners were
 * picked (the same words the verify page consumes), then one
 * uniform(total weight) per winner in draw order; box k takes the k-th. */
static uint64_t
box_draw(const uint8_t seed[32], long long group, const int *eligible,
    size_t ne, size_t m, size_t k, uint64_t total)
{
	struct fairrand	rs;
	int			pick[GB_MAX_SEATS];
	uint32_t		u = 0;
	size_t			i;

	memcpy(pick, eligible, ne * sizeof(int));
	gb_stream_init(&rs, seed, (unsigned long long)group);
	fairrand_pick(&rs, pick, ne, m);
	for (i = 0; i <= k; i++)
		u = fairrand_uniform(&rs, (uint32_t)total);
	return u;
}

struct box_ctx {
	arena			*a;
	long long		 group, member;
	struct svc_err		*e;
	int			 refused;
	struct json_object	*out;
};

static int
box_tx(void *ud)
{
	struct box_ctx		*c = ud;
	struct box_table	 t;
	struct json_object	*tj;
	struct reward_line	 prize_line;
	db_res			 res;
	uint8_t			 seed[32];
	int			 el[GB_MAX_SEATS], win[GB_MAX_SEATS];
	int			 ne, nw, k, prize, seat = 0, rc;
	uint64_t		 u;
	char			 b[32];

	c->refused = 0;
	if ((rc = db_q(c->a, &res, "SELECT status, seed, eligible, winner_seats "
	    "FROM gb_groups WHERE id = ? FOR UPDATE", DB_ARGS(DB_INT(c->group))))
	    != DB_OK)
		return rc;
	if (res.nrows != 1 || strcmp(db_str(&res, 0, 0), "drawn") != 0) {
		c->refused = svc_fail(c->e, 409, "not_drawn", NULL, "该团尚未开奖");
		return -1;
	}
	if (hex_decode(db_str(&res, 0, 1), seed, sizeof(seed)) != 0 ||
	    (ne = parse_ints(db_str(&res, 0, 2), el, GB_MAX_SEATS)) < 0 ||
	    (nw = parse_ints(db_str(&res, 0, 3), win, GB_MAX_SEATS)) < 0)
		return DB_ESQL;
	if ((rc = db_q(c->a, &res, "SELECT seat_no FROM gb_seats WHERE "
	    "group_id = ? AND member_id = ? AND result = 'won'",
	    DB_ARGS(DB_INT(c->group), DB_INT(c->member)))) != DB_OK)
		return rc;
	if (res.nrows != 1) {
		c->refused = svc_fail(c->e, 403, "not_winner", NULL,
		    "只有本团中奖者可以开盲盒");
		return -1;
	}
	seat = (int)db_ll(&res, 0, 0);
	for (k = 0; k < nw && win[k] != seat; k++)
		;
	if (k == nw)
		return DB_ESQL;
	tj = setting_json("gb.blindbox");
	if (box_table_parse(tj, &t) != 0) {
		c->refused = svc_fail(c->e, 409, "no_boxes", NULL,
		    "盲盒活动未开启");
		return -1;
	}
	u = box_draw(seed, c->group, el, (size_t)ne, (size_t)nw, (size_t)k,
	    t.total);
	prize = box_pick(t.weight, t.n, u);
	if (prize < 0)
		return DB_ESQL;
	rc = db_q(c->a, NULL, "INSERT INTO gb_boxes (group_id, seat_no, "
	    "member_id, k, draw, prize, label, currency, amount, prizes, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW())",
	    DB_ARGS(DB_INT(c->group), DB_INT(seat), DB_INT(c->member), DB_INT(k),
	    DB_INT((long long)u), DB_INT(prize), DB_TEXT(t.label[prize]),
	    DB_TEXT(t.currency[prize]), DB_INT(t.amount[prize]),
	    DB_TEXT(json_object_to_json_string_ext(tj, JSON_C_TO_STRING_PLAIN))));
	if (rc == DB_EDUP) {
		c->refused = svc_fail(c->e, 409, "opened", NULL, "盲盒已经开过了");
		return -1;
	}
	if (rc != DB_OK)
		return rc;
	/* the prize: a credit from the issuing account (a box opened before
	 * was refused above by gb_boxes' key, so a DUP here pays nothing and
	 * shows the prize again) */
	memset(&prize_line, 0, sizeof(prize_line));
	prize_line.act = REWARD_CREDIT;
	prize_line.to = c->member;
	prize_line.currency = t.currency[prize];
	prize_line.amount = t.amount[prize];
	prize_line.kind = "gb.box";
	prize_line.key = arena_printf(c->a, "gb.box:%lld:%d", c->group, seat);
	prize_line.memo = arena_printf(c->a, "拼团 #%lld 中奖盲盒：%s",
	    c->group, t.label[prize]);
	if ((rc = payout_apply(c->a, &(struct payout_opts){ .ref_type = "group",
	    .ref_id = c->group }, &prize_line, 1, NULL, NULL)) != 0)
		return rc;
	c->out = json_object_new_object();
	json_object_object_add(c->out, "label", json_object_new_string(
	    t.label[prize]));
	json_object_object_add(c->out, "currency", json_object_new_string(
	    t.currency[prize]));
	json_object_object_add(c->out, "amount", json_object_new_string(
	    amount_format(t.amount[prize], 2, b)));
	json_object_object_add(c->out, "draw", json_object_new_int64((int64_t)u));
	return 0;
}

int
gb_box_open(arena *a, long long group, long long member,
    struct json_object **out, struct svc_err *e)
{
	struct box_ctx	c = { a, group, member, e, 0, NULL };
	int		rc = db_tx(box_tx, &c);

	if (rc != 0 && c.out != NULL) {
		json_object_put(c.out);
		c.out = NULL;
	}
	*out = c.out;
	return svc_tx_result(e, rc, c.refused);
}

/* --- verification --------------------------------------------------------- */

/* Parses a JSON array of ints into v (at most max); the count or -1. */
static int
parse_ints(const char *s, int *v, int max)
{
	struct json_object	*j = s ? json_tokener_parse(s) : NULL;
	int			 n, i;

	if (j == NULL || !json_object_is_type(j, json_type_array)) {
		if (j != NULL)
			json_object_put(j);
		return -1;
	}
	n = (int)json_object_array_length(j);
	if (n > max)
		n = -1;
	for (i = 0; i < n; i++)
		v[i] = json_object_get_int(json_object_array_get_idx(j, (size_t)i));
	json_object_put(j);
	return n;
}

int
gb_verify_draw(arena *a, long long group, char *msg, size_t len)
{
	db_res			res;
	struct fairrand	rs;
	uint8_t			seed[32];
	char			com[65];
	int			el[GB_MAX_SEATS], win[GB_MAX_SEATS], pick[GB_MAX_SEATS];
	int			ne, nw, m, i, rc;

	if ((rc = db_q(a, &res, "SELECT status, seed, commitment, eligible, "
	    "winner_seats, winners FROM gb_groups WHERE id = ?",
	    DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	if (res.nrows != 1) {
		snprintf(msg, len, "group %lld: not found", group);
		return 1;
	}
	if (strcmp(db_str(&res, 0, 0), "drawn") != 0) {
		snprintf(msg, len, "group %lld: not drawn (%s)", group,
		    db_str(&res, 0, 0));
		return 1;
	}
	if (hex_decode(db_str(&res, 0, 1), seed, sizeof(seed)) != 0) {
		snprintf(msg, len, "group %lld: bad seed", group);
		return 1;
	}
	gb_commitment(seed, com);
	if (strcmp(com, db_str(&res, 0, 2)) != 0) {
		snprintf(msg, len, "group %lld: sha256(seed) differs from the "
		    "commitment", group);
		return 1;
	}
	m = (int)db_ll(&res, 0, 5);
	ne = parse_ints(db_str(&res, 0, 3), el, GB_MAX_SEATS);
	nw = parse_ints(db_str(&res, 0, 4), win, GB_MAX_SEATS);
	if (ne < m || nw != m) {
		snprintf(msg, len, "group %lld: %d eligible, %d winners, %d "
		    "expected", group, ne, nw, m);
		return 1;
	}
	memcpy(pick, el, (size_t)ne * sizeof(int));
	gb_stream_init(&rs, seed, (unsigned long long)group);
	fairrand_pick(&rs, pick, (size_t)ne, (size_t)m);
	for (i = 0; i < m; i++)
		if (pick[i] != win[i]) {
			snprintf(msg, len, "group %lld: winner %d is seat %d, "
			    "recomputed %d", group, i + 1, win[i], pick[i]);
			return 1;
		}
	/* the recorded seat results agree */
	if ((rc = db_q(a, &res, "SELECT seat_no, platform FROM gb_seats WHERE "
	    "group_id = ? AND result = 'won' ORDER BY seat_no",
	    DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	if ((int)res.nrows != m) {
		snprintf(msg, len, "group %lld: %zu seats won, %d expected",
		    group, res.nrows, m);
		return 1;
	}
	for (i = 0; i < m; i++) {
		int j, found = 0;

		if (db_ll(&res, (size_t)i, 1)) {
			snprintf(msg, len, "group %lld: platform seat %lld won",
			    group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
		for (j = 0; j < m; j++)
			found |= win[j] == (int)db_ll(&res, (size_t)i, 0);
		if (!found) {
			snprintf(msg, len, "group %lld: seat %lld won but was not "
			    "drawn", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
	}
	/* every blind box opened (D11) */
	if ((rc = db_q(a, &res, "SELECT seat_no, k, draw, prize, prizes FROM "
	    "gb_boxes WHERE group_id = ?", DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	for (i = 0; i < (int)res.nrows; i++) {
		struct box_table	 t;
		struct json_object	*tj = json_tokener_parse(db_str(&res,
					    (size_t)i, 4));
		uint64_t		 u;
		int			 k = (int)db_ll(&res, (size_t)i, 1);

		if (box_table_parse(tj, &t) != 0 || k < 0 || k >= m ||
		    win[k] != (int)db_ll(&res, (size_t)i, 0)) {
			if (tj != NULL)
				json_object_put(tj);
			snprintf(msg, len, "group %lld: blind box of seat %lld is "
			    "malformed", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
		json_object_put(tj);
		u = box_draw(seed, group, el, (size_t)ne, (size_t)m, (size_t)k,
		    t.total);
		if ((long long)u != db_ll(&res, (size_t)i, 2) ||
		    box_pick(t.weight, t.n, u) != (int)db_ll(&res, (size_t)i, 3)) {
			snprintf(msg, len, "group %lld: blind box of seat %lld does "
			    "not recompute", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
	}
	snprintf(msg, len, "group %lld: draw verified", group);
	return 0;
}

/* --- D12: the economics simulator ----------------------------------------- */

int
gb_activity_check(arena *a, struct json_object *config,
    struct gb_activity *out, struct gb_errors *errs)
{
	int rc;

	memset(errs, 0, sizeof(*errs));
	if ((rc = currencies_load(a)) != 0)
		return rc;
	return gb_activity_parse(config, cur.codes, out, errs);
}

int
gb_sim_assume_load(arena *a, struct gb_sim_assume *as)
{
	long long	v;
	int		i, rc;

	const char	*k;

	/* the settings registry bounds these (GB_SIM_*_MAX) */
	gb_sim_defaults(as);
	as->cost_bp = (int)setting_int("sim.cost_bp");
	as->uplines = setting_bool("sim.uplines");
	as->gold_held = setting_bool("sim.gold_held");
	if ((rc = currencies_load(a)) != 0)
		return rc;
	for (i = 0; i < cur.n; i++) {
		k = arena_printf(a, "currency.%s.cash_value_bp", cur.code[i]);
		if (setting_find(k) == NULL)
			continue;	/* a currency with no setting: rule default */
		v = setting_int(k);
		(void)gb_sim_set_value(as, cur.code[i], (int)v);
	}
	return 0;
}

/* bp as a percentage with two decimals: 3000 → "30.00%", -1626 →
 * "-16.26%". */
static const char *
bp_pct(arena *a, int64_t bp)
{
	char s[32];

	return arena_printf(a, "%s%%", amount_format(bp, 2, s));
}

/* Adds the cash value of currency code to the values list, once. */
static void
sim_value_row(arena *a, struct json_object *list,
    const struct gb_sim_assume *as, const char *code)
{
	struct json_object	*x;
	size_t			 i;

	if (code == NULL || *code == '\0')
		return;
	for (i = 0; i < json_object_array_length(list); i++) {
		x = json_object_array_get_idx(list, i);
		if (strcmp(json_object_get_string(json_object_object_get(x,
		    "code")), code) == 0)
			return;
	}
	x = json_object_new_object();
	json_object_object_add(x, "code", json_object_new_string(code));
	json_object_object_add(x, "name", json_object_new_string(
	    currency_name(code, NULL)));
	json_object_object_add(x, "bp", json_object_new_int(gb_sim_value(as,
	    code)));
	json_object_object_add(x, "pct", json_object_new_string(bp_pct(a,
	    gb_sim_value(as, code))));
	json_object_array_add(list, x);
}

struct json_object *
gb_sim_view(arena *a, const struct gb_activity *act,
    const struct gb_sim_assume *as)
{
	static const char *const kinds[] = { "credit", "convert", "release",
		"pool", "share" };
	struct gb_sim_result	*res;
	struct json_object	*o, *lines, *x, *values;
	const struct gb_line	*l;
	size_t			 i;
	char			 s[32];

	if (act == NULL || as == NULL ||
	    (res = arena_alloc(a, sizeof(*res))) == NULL ||
	    gb_simulate(act, as, currency_name, NULL, res) != 0)
		return NULL;
	o = json_object_new_object();
	view_amount(o, "inflow", res->inflow);
	lines = json_object_new_array();
	values = json_object_new_array();
	for (i = 0; i < res->nlines; i++) {
		const struct gb_sim_line *sl = &res->lines[i];

		x = json_object_new_object();
		json_object_object_add(x, "label", json_object_new_string(
		    sl->label));
		view_amount(x, "amount", sl->amount);
		json_object_object_add(x, "count", json_object_new_int(
		    sl->count));
		view_amount(x, "units", sl->units);
		json_object_object_add(x, "value", json_object_new_string(
		    bp_pct(a, sl->value_bp)));
		json_object_object_add(x, "negative", json_object_new_boolean(
		    sl->amount < 0));
		if (sl->line < 0) {
			json_object_object_add(x, "kind",
			    json_object_new_string("cost"));
			json_object_object_add(x, "unit",
			    json_object_new_string("参团款"));
		} else {
			l = &act->lines[sl->line];
			json_object_object_add(x, "kind", json_object_new_string(
			    (unsigned)l->act <= GB_DO_SHARE ? kinds[l->act] :
			    "?"));
			if (l->act == GB_DO_SHARE)
				json_object_object_add(x, "unit",
				    json_object_new_string("份额"));
			else if (l->act == GB_DO_CONVERT ||
			    l->act == GB_DO_RELEASE)
				json_object_object_add(x, "unit",
				    json_object_new_string(arena_printf(a,
				    "%s→%s", currency_name(l->from, NULL),
				    currency_name(l->currency, NULL))));
			else
				json_object_object_add(x, "unit",
				    json_object_new_string(currency_name(
				    l->currency, NULL)));
			if (l->act != GB_DO_SHARE)
				sim_value_row(a, values, as, l->currency);
			sim_value_row(a, values, as, l->from);
		}
		json_object_array_add(lines, x);
	}
	json_object_object_add(o, "lines", lines);
	view_amount(o, "outflow", res->outflow);
	view_amount(o, "profit", res->profit);
	json_object_object_add(o, "profit_bp", json_object_new_int64(
	    res->profit_bp));
	json_object_object_add(o, "profit_pct", json_object_new_string(
	    bp_pct(a, res->profit_bp)));
	json_object_object_add(o, "per_yuan", json_object_new_string(
	    amount_format(res->profit_bp, 4, s)));
	json_object_object_add(o, "loss", json_object_new_boolean(
	    res->profit < 0));
	x = json_object_new_object();
	json_object_object_add(x, "cost_bp", json_object_new_int(as->cost_bp));
	json_object_object_add(x, "cost_pct", json_object_new_string(bp_pct(a,
	    as->cost_bp)));
	json_object_object_add(x, "uplines", json_object_new_boolean(
	    as->uplines));
	json_object_object_add(x, "gold_held", json_object_new_boolean(
	    as->gold_held));
	json_object_object_add(o, "assume", x);
	json_object_object_add(o, "values", values);
	x = json_object_new_object();
	json_object_object_add(x, "name", json_object_new_string(act->name));
	view_amount(x, "price", act->price);
	json_object_object_add(x, "seats", json_object_new_int(act->seats));
	json_object_object_add(x, "winners", json_object_new_int(
	    act->winners));
	json_object_object_add(x, "mode", json_object_new_string(act->mode ==
	    GB_LEADER ? "leader" : "public"));
	json_object_object_add(o, "activity", x);
	return o;
}
