/* svc_gb_settle: settling a locked group: the draw (D5), refunds, the
 * winners' orders, the reward schedule and the member states, or its
 * failure; see svc_groupbuy.h. */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "events.h"
#include "ledger.h"
#include "payout.h"
#include "settings.h"
#include "svc_gb_int.h"
#include "svc_groupbuy.h"
#include "svc_member.h"

/* --- settling: draw, refunds, rewards ------------------------------------- */

const char gb_sql_group_lock[] =
    "SELECT id, activity_id, version_id, mode, leader_id, owner_id, seats, "
    "winners, price, taken, status, seed, "
    "CAST(DATE_FORMAT(CURDATE(), '%Y%m%d') AS SIGNED) "
    "FROM gb_groups WHERE id = ? FOR UPDATE";
static const char SQL_SEATS[] =
    "SELECT s.seat_no, s.member_id, s.platform, s.first_today, s.first_ever, "
    "s.product_id, s.stake, "
    "m.created_at + INTERVAL ? DAY + INTERVAL ? HOUR > NOW(), m.inviter_id, "
    "m.region_district, m.branch_city, i.inviter_id, pm.member_id, "
    "p.supply_price, p.title, s.voucher, " MEMBER_ADDRESS_COLS " "
    "FROM gb_seats s LEFT JOIN members m ON m.id = s.member_id "
    "LEFT JOIN members i ON i.id = m.inviter_id "
    "LEFT JOIN products p ON p.id = s.product_id "
    "LEFT JOIN merchants pm ON pm.id = p.merchant_id " MEMBER_ADDRESS_JOINS
    "WHERE s.group_id = ? ORDER BY s.seat_no";
enum { S_NO, S_MEMBER, S_PLATFORM, S_FIRST_TODAY, S_FIRST_EVER, S_PRODUCT,
    S_STAKE, S_NEW, S_INVITER, S_REGION, S_BRANCH, S_INVITER2,
    S_MERCHANT, S_SUPPLY, S_TITLE, S_VOUCHER, S_PROVINCE_NAME, S_CITY_NAME,
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
	inv = gb_inviter_of(a, leader);
	if (inv > 0 && gb_has_role(a, inv, "leader", &yes) == 0 && yes)
		return inv;
	return 0;
}

static int
is_promoter(arena *a, long long member)
{
	int yes = 0;

	return member > 0 && gb_has_role(a, member, "promoter", &yes) == 0 && yes;
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
	if ((pay = arena_alloc(st->a, ((size_t)cnt + n) * sizeof(*pay) + 1)) ==
	    NULL)
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
			    gb_currency_label(r->from, NULL),
			    gb_currency_label(r->currency, NULL));
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
	/* D1: a winner who picked a 购物券 option is credited its amount
	 * (their stake is the platform's revenue: winner_purchase) */
	for (i = 0; success && won_flags != NULL && i < n; i++) {
		struct reward_line *p = &pay[npay];

		if (!won_flags[i] || seats[i].platform ||
		    db_str(&st->s, i, S_VOUCHER) == NULL)
			continue;
		memset(p, 0, sizeof(*p));
		p->act = REWARD_CREDIT;
		p->to = seats[i].p.self;
		p->currency = "VOUCHER";
		p->amount = db_ll(&st->s, i, S_VOUCHER);
		p->kind = "gb.voucher";
		p->key = arena_printf(st->a, "gb.voucher:%lld:%d", st->id,
		    seats[i].no);
		p->memo = arena_printf(st->a, "拼团 #%lld 中奖，所选%s到账",
		    st->id, currency_display_name("VOUCHER"));
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
int
gb_fail_group(struct settle *st, const char *reason, const char *eligible,
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
int
gb_draw_group(struct settle *st)
{
	struct gb_seat		 seats[GB_MAX_SEATS];
	struct mstate		 ms[GB_MAX_SEATS + 1];
	struct gb_member_state	*ps;
	struct json_object	*results;
	struct gb_eligibility	 el;
	struct fairrand	 rs;
	uint8_t			 seed[32];
	int			 pick[GB_MAX_SEATS], won[GB_MAX_SEATS];
	char			 vb[32];
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

		/* why each ineligible seat was (gb_fail_group refunds them) */
		results = json_object_new_array();
		for (i = 0; i < n; i++)
			if (el.why[i] != GB_ELIGIBLE)
				seat_result(results, seats[i].no, seats[i].platform ?
				    "pending" : "refunded", gb_rule_key(el.why[i]),
				    0);
		if ((rc = db_q(st->a, NULL, SQL_SEAT_RESULTS, DB_ARGS(db_json(
		    st->a, results), DB_INT(st->id)))) != DB_OK)
			return rc;
		if ((rc = gb_fail_group(st, "conflict", int_list(st->a,
		    el.eligible, el.neligible), relaxed_list(st->a,
		    el.relaxed))) != 0)
			return rc;
		/* "fail": reopen (D5) — a fresh group of the same leader and
		 * owner, or of the public activity, where the next joiners
		 * are seated */
		return gb_group_create(st->a, st->activity, db_ll(&st->g, 0,
		    G_VER), &st->act, st->act.mode == GB_LEADER ? db_ll(&st->g,
		    0, G_LEADER) : 0, st->act.mode == GB_LEADER && db_str(&st->g,
		    0, G_OWNER) ? db_ll(&st->g, 0, G_OWNER) : 0, 0, st->id, 1,
		    &new_id);
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
		    db_str(&st->s, i, S_VOUCHER) != NULL ? arena_printf(st->a,
		    "，所选 %s %s已到账", amount_format(db_ll(&st->s, i,
		    S_VOUCHER), 2, vb), currency_display_name("VOUCHER")) :
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
int
gb_settle_load(arena *a, long long id, struct settle *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	st->a = a;
	st->id = id;
	if ((st->lb = ledger_batch_new(a)) == NULL)
		return DB_ENOMEM;
	if ((rc = db_q(a, &st->g, gb_sql_group_lock, DB_ARGS(DB_INT(id)))) != DB_OK)
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
