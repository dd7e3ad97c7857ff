/* svc_gb_group: opening a group, joining (D4), the platform's fill of a
 * group and the expiry of groups past their time; see svc_groupbuy.h. */
#include <stdio.h>
#include <string.h>
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_gb_int.h"
#include "svc_groupbuy.h"

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

int
gb_has_role(arena *a, long long member, const char *role, int *yes)
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

long long
gb_inviter_of(arena *a, long long member)
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
int
gb_group_create(arena *a, long long activity, long long ver,
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
		if ((rc = gb_has_role(a, leader, "leader", &yes)) != 0)
			return svc_dberr(e, rc);
		if (!yes)
			return svc_fail(e, 403, "not_leader", "leader",
			    "只有团长可以开团");
	} else if (admin == 0)
		return svc_fail(e, 409, "public", "activity",
		    "全民拼团无需开团，直接参团即可");
	if (owner > 0) {
		if ((rc = gb_has_role(a, owner, "owner", &yes)) != 0)
			return svc_dberr(e, rc);
		if (!yes || gb_inviter_of(a, owner) != leader)
			return svc_fail(e, 400, "owner", "owner",
			    "群主须持有群主身份，且由您邀请");
	}
	if ((rc = gb_group_create(a, activity, ver, &act, act.mode == GB_LEADER ?
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

	if ((rc = gb_has_role(a, owner, "owner", &yes)) != 0)
		return svc_dberr(e, rc);
	if (!yes)
		return svc_fail(e, 403, "not_owner", NULL, "只有群主可以推广拼团");
	if ((rc = db_q(a, &res, "UPDATE gb_groups SET owner_id = ? WHERE id = ? "
	    "AND status = 'open' AND owner_id IS NULL AND leader_id = ?",
	    DB_ARGS(DB_INT(owner), DB_INT(group), DB_INT(gb_inviter_of(a,
	    owner))))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.affected != 1)
		return svc_fail(e, 409, "not_promotable", NULL,
		    "只能推广邀请您的团长开的、尚未成团且无人推广的团");
	return 0;
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
/* A6: every day with a join adds promoter.days_per_join_day days to the
 * member's promoter status (from the later of now and its expiry); a new
 * member's (A7) first join ever adds promoter.new_member_days more, so
 * seed 001's new member who joins on the first day is a promoter for 2
 * days (1 for being new, 1 for joining that day). */
static const char SQL_PROMOTER[] =
    "INSERT INTO member_roles (member_id, role, expires_at, granted_at) "
    "SELECT m.id, 'promoter', NOW() + INTERVAL (? + IF(? AND m.created_at > "
    "NOW() - INTERVAL ? DAY - INTERVAL ? HOUR, ?, 0)) DAY, NOW() "
    "FROM members m WHERE m.id = ? "
    "ON DUPLICATE KEY UPDATE expires_at = GREATEST(COALESCE("
    "member_roles.expires_at, NOW()), NOW()) + INTERVAL (? + IF(? AND "
    "m.created_at > NOW() - INTERVAL ? DAY - INTERVAL ? HOUR, ?, 0)) DAY";
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
    "platform, product_id, voucher, stake, first_today, first_ever, "
    "idem_key, day, joined_at) VALUES (?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, "
    "CURDATE(), NOW())";
static const char SQL_SEAT_BY_KEY[] =
    "SELECT group_id, seat_no FROM gb_seats WHERE idem_key = ?";

struct join_ctx {
	arena		*a;
	struct gb_join	*j;
	const char	*key;
	struct svc_err	*e;
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
			return gb_group_create(c->a, activity, ver, act, 0, 0, 0, 0,
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
			return svc_fail(c->e, 409, "closed", "group",
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
	long long		 activity, ver, group, product = 0, seat = 0, taken;
	int64_t			 voucher = 0;
	long long		 entry;
	long long		 act_ver;
	char			 act_status[16], act_mode[16];
	int			 rc, first_today, first_ever, first_any_today;
	int			 fresh, opened = 0;
	size_t			 i;

	c->full = 0;
	j->full = j->drawn = 0;
	/* Which activity, and for leader mode which group. */
	memset(&g, 0, sizeof(g));
	if (j->group > 0) {
		if ((rc = db_q(c->a, &g, SQL_GROUP_OF, DB_ARGS(
		    DB_INT(j->group)))) != DB_OK)
			return rc;
		if (g.nrows == 0)
			return svc_fail(c->e, 404, "not_found", NULL, "拼团不存在");
		activity = db_ll(&g, 0, 0);
	} else
		activity = j->activity;
	if ((rc = db_q(c->a, &look, SQL_JOIN_LOOK, DB_ARGS(DB_INT(activity),
	    DB_INT(activity), DB_INT(j->member)))) != DB_OK)
		return rc;
	if (look.nrows != 1 || strcmp(db_str(&look, 0, L_STATUS), "active") != 0)
		return svc_fail(c->e, 403, "frozen", NULL, "账户已冻结，不能参团");
	if (role_bars(db_str(&look, 0, L_ROLE)))
		return svc_fail(c->e, 403, "role", NULL,
		    "团长、群主、分公司和区域身份不能参团");
	if (db_str(&look, 0, L_ACT) == NULL || sscanf(db_str(&look, 0, L_ACT),
	    "%15s %15s %lld", act_status, act_mode, &act_ver) != 3)
		return svc_fail(c->e, 404, "not_found", NULL, "活动不存在");
	if (db_str(&look, 0, L_ACCOUNT) != NULL)
		ledger_note_account(LEDGER_MEMBER, j->member, "main", "CHANGE",
		    db_ll(&look, 0, L_ACCOUNT));
	if (j->group > 0) {
		if (strcmp(db_str(&g, 0, 2), "open") != 0 || db_ll(&g, 0, 5))
			return svc_fail(c->e, 409, "closed", "group",
			    strcmp(db_str(&g, 0, 2), "open") != 0 ? "该团已结束" :
			    "该团已超过时限");
		ver = db_ll(&g, 0, 1);
	} else {
		if (strcmp(act_mode, "public") != 0)
			return svc_fail(c->e, 409, "leader_mode", "activity",
			    "该活动需加入团长开的团");
		ver = act_ver;
	}
	if (strcmp(act_status, "active") != 0)
		return svc_fail(c->e, 409, "paused", "activity", "活动已暂停");
	if (gb_version_load(c->a, ver, &act) != 0)
		return svc_fail(c->e, 500, "config", NULL, "活动配置有误");
	/* The prize: one of the activity's products (default the first), or
	 * one of its 购物券 options (D1; the default without products). */
	if (j->voucher > 0 && j->product > 0)
		return svc_fail(c->e, 400, "product", "voucher",
		    "奖品只能选一个：商品或购物券");
	if (j->voucher > 0 || (act.nproducts == 0 && act.nvouchers > 0)) {
		if (j->voucher > (int)act.nvouchers || (j->voucher == 0 &&
		    j->product > 0))
			return svc_fail(c->e, 400, "product", "voucher",
			    "请选择本活动的奖品");
		voucher = act.vouchers[j->voucher > 0 ? j->voucher - 1 : 0];
	} else if (act.nproducts > 0) {
		product = j->product > 0 ? j->product : act.products[0];
		for (i = 0; i < act.nproducts; i++)
			if (act.products[i] == product)
				break;
		if (i == act.nproducts)
			return svc_fail(c->e, 400, "product", "product",
			    "请选择本活动的奖品");
	}
	first_today = !db_ll(&look, 0, L_TODAY);
	if (act.daily_join_limit > 0 && !first_today) {
		if ((rc = db_q(c->a, &res, SQL_TODAY_KEPT, DB_ARGS(
		    DB_INT(j->member), DB_INT(activity),
		    DB_INT(act.daily_join_limit)))) != DB_OK)
			return rc;
		if (db_ll(&res, 0, 0) >= act.daily_join_limit)
			return svc_fail(c->e, 409, "daily_limit", NULL,
			    arena_printf(c->a, "本活动每天最多参团 %d 次，"
			    "今天已达上限", act.daily_join_limit));
	}
	first_ever = db_str(&look, 0, L_LAST) == NULL;
	first_any_today = !db_ll(&look, 0, L_LAST);
	if (first_any_today) {
		long long day = setting_int("promoter.days_per_join_day");
		long long bonus = setting_int("promoter.new_member_days");
		long long nd = setting_int("member.new_days");
		long long nh = setting_int("member.new_hours");

		if ((rc = db_q(c->a, NULL, SQL_PROMOTER, DB_ARGS(DB_INT(day),
		    DB_INT(first_ever), DB_INT(nd), DB_INT(nh), DB_INT(bonus),
		    DB_INT(j->member), DB_INT(day), DB_INT(first_ever),
		    DB_INT(nd), DB_INT(nh), DB_INT(bonus)))) != DB_OK)
			return rc;
	}
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
		    product > 0 ? DB_INT(product) : DB_NULL,
		    voucher > 0 ? DB_INT(voucher) : DB_NULL, DB_INT(act.price),
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
			return svc_fail(c->e, 409, "already", "group",
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
		return svc_fail(c->e, 400, "insufficient", NULL,
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
			return svc_fail(c->e, 409, "closed", "group",
			    strcmp(db_str(&res, 0, 2), "open") != 0 ?
			    "该团已结束" : db_ll(&res, 0, 5) ? "该团已超过时限" :
			    "该团已满员");
		return svc_fail(c->e, 409, "sold_out", "product",
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
	if ((rc = gb_settle_load(d->a, d->id, &st)) != 0)
		return rc;
	if (strcmp(db_str(&st.g, 0, G_STATUS), "open") != 0) {
		d->drawn = 1;
		return 0;
	}
	if (db_ll(&st.g, 0, G_TAKEN) < db_ll(&st.g, 0, G_SEATS))
		return 0;
	d->drawn = 1;
	return gb_draw_group(&st);
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
	    "group=%lld&activity=%lld&product=%lld&voucher=%d", j->group,
	    j->activity, j->product, j->voucher), e) != 0)
		return SVC_EREFUSED;
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
		return svc_tx_result(e, rc);
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
	int		 filled;
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

	/* The free seats first, as a joiner takes them (seat, then group):
	 * this waits for the joins in flight, and the seats left are the
	 * platform's. */
	if ((rc = db_q(c->a, &fr, "SELECT seat_no FROM gb_free_seats WHERE "
	    "group_id = ? ORDER BY seat_no FOR UPDATE", DB_ARGS(DB_INT(c->id))))
	    != DB_OK)
		return rc;
	if ((rc = db_q(c->a, &res, gb_sql_group_lock, DB_ARGS(DB_INT(c->id)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL, "拼团不存在");
	if (strcmp(db_str(&res, 0, G_STATUS), "open") != 0)
		return svc_fail(c->e, 409, "closed", NULL, "该团已结束");
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
	if ((rc = gb_settle_load(c->a, c->id, &st)) != 0)
		return rc;
	return gb_draw_group(&st);
}

int
gb_fill(arena *a, long long group, long long admin, const char *ip,
    struct svc_err *e)
{
	struct fill_ctx	c = { a, group, admin, ip, e, 0 };

	return svc_tx_result(e, db_tx(fill_tx, &c));
}

/* Leader groups past their time that are not full (a full one is drawn,
 * even late); their free seats are removed before the group is locked
 * (gb_settle_load), in the order joiners take them. The lock waits (a join
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
		    (rc = gb_settle_load(a, id, &st)) != 0)
			return rc;
		if (strcmp(db_str(&st.g, 0, G_STATUS), "open") != 0 ||
		    db_ll(&st.g, 0, G_TAKEN) >= db_ll(&st.g, 0, G_SEATS))
			continue;	/* failed by another, or now full */
		if ((rc = gb_fail_group(&st, "expired", NULL, NULL)) != 0)
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
		if ((rc = gb_settle_load(a, id, &st)) == 0 &&
		    (rc = gb_draw_group(&st)) == 0) {
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
