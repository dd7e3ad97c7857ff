/* svc_economy: daily jobs, 购物金 release, dividends (see svc_economy.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "crypto.h"
#include "db.h"
#include "economy.h"
#include "ledger.h"
#include "payout.h"
#include "settings.h"
#include "svc_ad.h"
#include "svc_cockpit.h"
#include "svc_economy.h"
#include "svc_chain.h"
#include "svc_queue.h"
#include "view.h"

const char *const eco_daily_kinds[] = { "gold.release", "div.daily",
    "div.monthly", NULL };

#define RELEASE_BATCH 500

/* --- the daily queue ------------------------------------------------------ */

static const char SQL_MARK[] =
    "SELECT DATE_FORMAT(last_day, '%Y-%m-%d'), "
    "DATEDIFF(CURDATE() - INTERVAL 1 DAY, last_day) FROM daily_marks "
    "WHERE kind = ? FOR UPDATE";
static const char SQL_MARK_NEW[] =
    "INSERT IGNORE INTO daily_marks (kind, last_day) VALUES "
    "(?, CURDATE() - INTERVAL 1 DAY)";
static const char SQL_MARK_SET[] =
    "UPDATE daily_marks SET last_day = CURDATE() - INTERVAL 1 DAY WHERE kind = ?";
static const char SQL_DAY_JOB[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, payload, run_at, created_at) "
    "SELECT ?, CONCAT(?, ':', DATE_FORMAT(d, '%Y%m%d')), "
    "DATE_FORMAT(d, '%Y-%m-%d'), NOW(), NOW() FROM "
    "(SELECT ? + INTERVAL ? DAY AS d) t";

struct enq_ctx {
	arena	*a;
	int	 queued;
};

static int
enqueue_tx(void *ud)
{
	struct enq_ctx	*c = ud;
	db_res		 res;
	long long	 gap, i;
	size_t		 k;
	int		 rc;

	c->queued = 0;
	for (k = 0; eco_daily_kinds[k] != NULL; k++) {
		const char *kind = eco_daily_kinds[k], *last;

		if ((rc = db_q(c->a, NULL, SQL_MARK_NEW, DB_ARGS(DB_TEXT(kind))))
		    != DB_OK ||
		    (rc = db_q(c->a, &res, SQL_MARK, DB_ARGS(DB_TEXT(kind)))) !=
		    DB_OK)
			return rc;
		if (res.nrows != 1 || (gap = db_ll(&res, 0, 1)) <= 0)
			continue;
		last = arena_strdup(c->a, db_str(&res, 0, 0));
		/* days last+1 … yesterday, at most the last 62 */
		for (i = gap > 62 ? gap - 61 : 1; i <= gap; i++) {
			if ((rc = db_q(c->a, &res, SQL_DAY_JOB, DB_ARGS(
			    DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(last),
			    DB_INT(i)))) != DB_OK)
				return rc;
			c->queued += (int)res.affected;
		}
		if ((rc = db_q(c->a, NULL, SQL_MARK_SET, DB_ARGS(DB_TEXT(kind))))
		    != DB_OK)
			return rc;
	}
	return 0;
}

int
eco_enqueue_daily(arena *a)
{
	struct enq_ctx	c = { a, 0 };
	int		rc = db_tx(enqueue_tx, &c);

	return rc != 0 ? rc : c.queued;
}

/* --- D7: static 购物金 release -------------------------------------------- */

/* Holders of 购物金 with a flag: did they join a group (a seat of their
 * own, not a platform seat) on the day released? */
static const char SQL_GOLD_HOLDERS[] =
    "SELECT a.owner_id, a.balance, EXISTS (SELECT 1 FROM gb_seats s WHERE "
    "s.member_id = a.owner_id AND s.day = ?) FROM accounts a "
    "WHERE a.owner_type = 'member' AND a.kind = 'main' AND "
    "a.currency = 'GOLD' AND a.balance > 0 AND a.owner_id > ? "
    "ORDER BY a.owner_id LIMIT ?";
static const char SQL_RELEASE_RUN[] =
    "INSERT INTO release_runs (day, bp, fast_bp, members, fast_members, "
    "amount, created_at) VALUES (?, ?, ?, ?, ?, ?, NOW()) ON DUPLICATE KEY "
    "UPDATE members = members + VALUES(members), fast_members = "
    "fast_members + VALUES(fast_members), amount = amount + VALUES(amount)";

/* yyyymmdd of "YYYY-MM-DD" */
static long long
day_num(const char *day)
{
	return strtoll(day, NULL, 10) * 10000 + strtoll(day + 5, NULL, 10) *
	    100 + strtoll(day + 8, NULL, 10);
}

/* "0.03%" of bp */
static const char *
bp_pct(arena *a, int64_t bp)
{
	return arena_printf(a, "%lld.%02lld%%", (long long)(bp / 100),
	    (long long)(bp % 100));
}

int
eco_gold_release(arena *a, const char *day, long long *cursor)
{
	int64_t			 base = setting_int("gold.release_bp");
	int64_t			 fast = release_bp_for(base,
				    setting_int("gold.release_join_bp"), 1);
	int64_t			 total = 0;
	struct payout_opts	 o = { 0 };
	struct reward_line	*l;
	db_res			 res;
	size_t			 i, n = 0;
	int			*state, *joined, rc, members = 0, fasts = 0;

	if ((rc = db_q(a, &res, SQL_GOLD_HOLDERS, DB_ARGS(DB_TEXT(day),
	    DB_INT(*cursor), DB_INT(RELEASE_BATCH)))) != DB_OK)
		return rc;
	l = arena_alloc(a, (res.nrows + 1) * sizeof(*l));
	state = arena_alloc(a, (res.nrows + 1) * sizeof(*state));
	joined = arena_alloc(a, (res.nrows + 1) * sizeof(*joined));
	if (l == NULL || state == NULL || joined == NULL)
		return DB_ENOMEM;
	for (i = 0; i < res.nrows; i++) {
		long long	m = db_ll(&res, i, 0);
		int		j = db_ll(&res, i, 2) != 0;
		int64_t		bp = release_bp_for(base, fast, j);
		int64_t		amt = release_amount(db_ll(&res, i, 1), bp);

		if (amt <= 0)
			continue;
		memset(&l[n], 0, sizeof(l[n]));
		l[n].act = REWARD_RELEASE;
		l[n].to = m;
		l[n].from = "GOLD";
		l[n].currency = "CHANGE";
		l[n].amount = amt;
		l[n].kind = "gold.release";
		l[n].key = arena_printf(a, "gold.release:%s:%lld", day, m);
		/* the memo is what the member's wallet shows: the rate and
		 * why it applied */
		l[n].memo = j && fast > base ? arena_printf(a,
		    "购物金每日释放 %s（当日参与拼团，加速释放；平日 %s）（%s）",
		    bp_pct(a, bp), bp_pct(a, base), day) : arena_printf(a,
		    "购物金每日释放 %s（%s）", bp_pct(a, bp), day);
		joined[n] = j && fast > base;
		n++;
	}
	o.ref_type = "day";
	o.ref_id = day_num(day);
	if ((rc = payout_apply(a, &o, l, n, state, NULL)) != 0)
		return rc;
	/* a member released before (the job rerun) is not counted again */
	for (i = 0; i < n; i++)
		if (state[i] == PAYOUT_PAID) {
			members++;
			fasts += joined[i];
			total += l[i].amount;
		}
	*cursor = res.nrows == RELEASE_BATCH ? db_ll(&res, res.nrows - 1, 0) : 0;
	return db_q(a, NULL, SQL_RELEASE_RUN, DB_ARGS(DB_TEXT(day), DB_INT(base),
	    DB_INT(fast), DB_INT(members), DB_INT(fasts), DB_INT(total)));
}

/* --- D8: dividends -------------------------------------------------------- */

/* What a pool holds for period `day`: every contribution posted before
 * the end of that day, less the payouts of earlier periods — the same
 * figure however late the job runs (payouts carry the period in ref_id). */
static const char SQL_DISTRIBUTABLE[] =
    "SELECT COALESCE(SUM(p.amount), 0) FROM postings p "
    "JOIN accounts ac ON ac.id = p.account_id "
    "JOIN journal j ON j.id = p.entry_id "
    "WHERE ac.owner_type = 'system' AND ac.kind = ? AND ac.currency = 'CHANGE' "
    "AND ((j.kind <> ? AND j.created_at < ? + INTERVAL 1 DAY) OR "
    "(j.kind = ? AND j.ref_id < ?))";
static const char SQL_DAY_SHARES[] =
    "SELECT member_id, SUM(units) FROM gb_shares WHERE day = ? "
    "GROUP BY member_id ORDER BY member_id";
static const char SQL_POOL_POINTS[] =
    "SELECT owner_id, balance FROM accounts WHERE owner_type = 'member' AND "
    "kind = 'divpool' AND currency = 'DIVPTS' AND balance > 0 "
    "ORDER BY owner_id";
static const char SQL_RUN_INSERT[] =
    "INSERT INTO dividend_runs (kind, period, pool, paid, units, members, "
    "created_at) VALUES (?, ?, ?, 0, 0, 0, NOW())";
static const char SQL_RUN_DONE[] =
    "UPDATE dividend_runs SET paid = ?, units = ?, members = ? WHERE id = ?";
static const char SQL_PAYOUT[] =
    "INSERT INTO dividend_payouts (run_id, member_id, units, amount) "
    "VALUES (?, ?, ?, ?)";

/* Shares a pool (kind "pool.daily" / "pool.monthly") for a period among
 * holders (rows of member id, units). Once per period: the run row's
 * unique key refuses a second one, the ledger keys a second payout. */
static int
share_pool(arena *a, const char *pool, const char *jkind, const char *runkind,
    const char *day, const db_res *holders, const char *what)
{
	int64_t			*units, *out, remainder, distributable, paid = 0,
				 tu = 0;
	struct payout_opts	 o = { 0 };
	struct reward_line	*l;
	db_res			 res;
	long long		 run, dn = day_num(day);
	size_t			 i, k, n = holders->nrows;
	int			 rc, members = 0;

	if ((rc = db_q(a, &res, SQL_DISTRIBUTABLE, DB_ARGS(DB_TEXT(pool),
	    DB_TEXT(jkind), DB_TEXT(day), DB_TEXT(jkind), DB_INT(dn)))) != DB_OK)
		return rc;
	distributable = db_ll(&res, 0, 0);
	rc = db_q(a, &res, SQL_RUN_INSERT, DB_ARGS(DB_TEXT(runkind),
	    DB_TEXT(day), DB_INT(distributable)));
	if (rc == DB_EDUP)
		return 0;	/* this period was settled before */
	if (rc != DB_OK)
		return rc;
	run = (long long)res.insert_id;
	units = arena_alloc(a, (n + 1) * sizeof(*units));
	out = arena_alloc(a, (n + 1) * sizeof(*out));
	for (i = 0; i < n; i++) {
		units[i] = db_ll(holders, i, 1);
		tu += units[i];
	}
	if (split_pro_rata(distributable, units, n, out, &remainder) != 0)
		return DB_ESQL;
	if ((l = arena_alloc(a, (n + 1) * sizeof(*l))) == NULL)
		return DB_ENOMEM;
	for (i = 0, k = 0; i < n; i++) {
		char b[32];

		if (out[i] <= 0)
			continue;
		memset(&l[k], 0, sizeof(l[k]));
		l[k].act = REWARD_POOL_SHARE;
		l[k].to = db_ll(holders, i, 0);
		l[k].pool = pool;
		l[k].currency = "CHANGE";
		l[k].amount = out[i];
		l[k].kind = jkind;
		l[k].key = arena_printf(a, "%s:%s:%lld", jkind, day, l[k].to);
		l[k].memo = arena_printf(a, "%s（%s，%s 份）", what, day,
		    amount_format(units[i], 2, b));
		k++;
	}
	/* the run row above is this period's once-only guard; a share
	 * posted before (DUP) is still this run's payout */
	o.ref_type = "day";
	o.ref_id = dn;
	if ((rc = payout_apply(a, &o, l, k, NULL, NULL)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (out[i] <= 0)
			continue;
		if ((rc = db_q(a, NULL, SQL_PAYOUT, DB_ARGS(DB_INT(run),
		    DB_INT(db_ll(holders, i, 0)), DB_INT(units[i]),
		    DB_INT(out[i])))) != DB_OK)
			return rc;
		paid += out[i];
		members++;
	}
	return db_q(a, NULL, SQL_RUN_DONE, DB_ARGS(DB_INT(paid), DB_INT(tu),
	    DB_INT(members), DB_INT(run)));
}

int
eco_div_daily(arena *a, const char *day)
{
	db_res	holders;
	int	rc;

	if ((rc = db_q(a, &holders, SQL_DAY_SHARES, DB_ARGS(DB_TEXT(day)))) !=
	    DB_OK)
		return rc;
	return share_pool(a, "pool.daily", "div.daily", "daily", day, &holders,
	    "每日分红");
}

int
eco_div_monthly(arena *a, const char *day)
{
	db_res	res, holders;
	int	rc;

	if ((rc = db_q(a, &res, "SELECT DAY(? + INTERVAL 1 DAY) = 1",
	    DB_ARGS(DB_TEXT(day)))) != DB_OK)
		return rc;
	if (db_ll(&res, 0, 0) != 1)
		return 0;	/* not the month's last day */
	if ((rc = db_q(a, &holders, SQL_POOL_POINTS, DB_NOARGS)) != DB_OK)
		return rc;
	return share_pool(a, "pool.monthly", "div.monthly", "monthly", day,
	    &holders, "月度分红");
}

/* --- the member's 分红积分 pool ------------------------------------------- */

struct move_ctx {
	arena		*a;
	long long	 member;
	int		 in;
	int64_t		 amount;
	struct svc_err	*e;
};

static int
move_tx(void *ud)
{
	struct move_ctx		*c = ud;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e;
	const char		*why;
	db_res			 res;
	long long		 entry;
	char			 b[32], tok[TOKEN_LEN + 1];
	int			 rc;

	if ((rc = db_q(c->a, &res, "SELECT DAY(CURDATE())", DB_NOARGS)) != DB_OK)
		return rc;
	if ((why = divpool_move_check((int)db_ll(&res, 0, 0), c->in, c->amount,
	    setting_int("divpool.step"))) != NULL)
		return svc_fail(c->e, 409, "window", "amount", why);
	legs[0] = (struct ledger_leg){ LEDGER_MEMBER, c->member,
	    c->in ? "main" : "divpool", "DIVPTS", -c->amount };
	legs[1] = (struct ledger_leg){ LEDGER_MEMBER, c->member,
	    c->in ? "divpool" : "main", "DIVPTS", c->amount };
	rand_token(tok);
	e = (struct ledger_entry){ arena_printf(c->a, "divpool:%lld:%s",
	    c->member, tok), "divpool.move", "member", c->member,
	    arena_printf(c->a, "分红积分%s %s", c->in ? "移入分红池" :
	    "移出分红池", amount_format(c->amount, 2, b)), c->member, 0 };
	rc = ledger_post(c->a, &e, legs, 2, &entry);
	if (rc == LEDGER_EDUP)
		rc = 0;		/* a fresh random key: cannot happen */
	if (rc == LEDGER_EFUNDS)
		return svc_fail(c->e, 400, "insufficient", "amount",
		    c->in ? "分红积分余额不足" : "分红池中的积分不足");
	return rc;
}

int
eco_divpool_move(arena *a, long long member, int in, int64_t amount,
    struct svc_err *e)
{
	struct move_ctx	c = { a, member, in, amount, e };

	return svc_tx_result(e, db_tx(move_tx, &c));
}

/* --- views ---------------------------------------------------------------- */

static int64_t
system_balance(arena *a, const char *kind, const char *cur)
{
	db_res res;

	if (db_q(a, &res, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE "
	    "owner_type = 'system' AND kind = ? AND currency = ?",
	    DB_ARGS(DB_TEXT(kind), DB_TEXT(cur))) != DB_OK)
		return 0;
	return db_ll(&res, 0, 0);
}

static int64_t
member_sum(arena *a, const char *kind, const char *cur, long long member)
{
	db_res res;

	if (db_q(a, &res, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE "
	    "owner_type = 'member' AND kind = ? AND currency = ? AND "
	    "(? = 0 OR owner_id = ?)", DB_ARGS(DB_TEXT(kind), DB_TEXT(cur),
	    DB_INT(member), DB_INT(member))) != DB_OK)
		return 0;
	return db_ll(&res, 0, 0);
}

struct json_object *
eco_member_view(arena *a, long long member)
{
	struct json_object	*o = json_object_new_object(), *list, *x, *cal;
	db_res			 res;
	int			 y, m, d, n, i;
	size_t			 k;

	if (db_q(a, &res, "SELECT YEAR(CURDATE()), MONTH(CURDATE()), "
	    "DAY(CURDATE()), DATE_FORMAT(CURDATE(), '%Y-%m-%d')", DB_NOARGS) !=
	    DB_OK) {
		json_object_put(o);
		return NULL;
	}
	y = (int)db_ll(&res, 0, 0);
	m = (int)db_ll(&res, 0, 1);
	d = (int)db_ll(&res, 0, 2);
	json_object_object_add(o, "today", json_object_new_string(db_str(&res,
	    0, 3)));
	/* daily: today's pool (all of it is shared at midnight among today's
	 * winners) and my shares today */
	view_amount(o, "daily_pool", system_balance(a, "pool.daily", "CHANGE"));
	if (db_q(a, &res, "SELECT COALESCE(SUM(units), 0), (SELECT "
	    "COALESCE(SUM(units), 0) FROM gb_shares WHERE day = CURDATE()) "
	    "FROM gb_shares WHERE day = CURDATE() AND member_id = ?",
	    DB_ARGS(DB_INT(member))) == DB_OK) {
		view_amount(o, "my_units", db_ll(&res, 0, 0));
		view_amount(o, "all_units", db_ll(&res, 0, 1));
	}
	/* D7: today's static release rate and why */
	{
		int64_t	base = setting_int("gold.release_bp");
		int64_t	fast = release_bp_for(base,
			    setting_int("gold.release_join_bp"), 1);
		int	joined = db_q(a, &res, "SELECT EXISTS (SELECT 1 FROM "
			    "gb_seats WHERE member_id = ? AND day = CURDATE())",
			    DB_ARGS(DB_INT(member))) == DB_OK &&
			    db_ll(&res, 0, 0) != 0;
		int64_t	bp = release_bp_for(base, fast, joined);

		x = json_object_new_object();
		view_amount(x, "held", member_sum(a, "main", "GOLD", member));
		json_object_object_add(x, "base_pct", json_object_new_string(
		    bp_pct(a, base)));
		json_object_object_add(x, "fast_pct", json_object_new_string(
		    bp_pct(a, fast)));
		json_object_object_add(x, "today_pct", json_object_new_string(
		    bp_pct(a, bp)));
		json_object_object_add(x, "accelerated",
		    json_object_new_boolean(fast > base));
		json_object_object_add(x, "joined_today",
		    json_object_new_boolean(joined));
		json_object_object_add(x, "why", json_object_new_string(
		    fast <= base ? "每日按持有购物金的固定比例释放" : joined ?
		    "今天已参与拼团，今日按加速比例释放" :
		    "今天还没有参与拼团，按平日比例释放；参与拼团当日加速释放"));
		json_object_object_add(o, "release", x);
	}
	/* monthly */
	view_amount(o, "monthly_pool", system_balance(a, "pool.monthly",
	    "CHANGE"));
	view_amount(o, "my_points_in", member_sum(a, "divpool", "DIVPTS",
	    member));
	view_amount(o, "my_points", member_sum(a, "main", "DIVPTS", member));
	view_amount(o, "all_points_in", member_sum(a, "divpool", "DIVPTS", 0));
	json_object_object_add(o, "window", json_object_new_string(
	    divpool_window(d) == DIVPOOL_INOUT ? "inout" :
	    divpool_window(d) == DIVPOOL_IN_ONLY ? "in" : "frozen"));
	json_object_object_add(o, divpool_window(d) == DIVPOOL_INOUT ?
	    "can_in_out" : divpool_window(d) == DIVPOOL_IN_ONLY ? "can_in" :
	    "frozen", json_object_new_boolean(1));
	json_object_object_add(o, "step", json_object_new_int64(setting_int(
	    "divpool.step")));
	cal = json_object_new_array();
	n = days_in_month(y, m);
	for (i = 1; i <= n; i++) {
		enum divpool_window w = divpool_window(i);

		x = json_object_new_object();
		json_object_object_add(x, "day", json_object_new_int(i));
		json_object_object_add(x, w == DIVPOOL_INOUT ? "inout" :
		    w == DIVPOOL_IN_ONLY ? "in" : "frozen",
		    json_object_new_boolean(1));
		json_object_object_add(x, "today", json_object_new_boolean(i == d));
		json_object_array_add(cal, x);
	}
	json_object_object_add(o, "calendar", cal);
	json_object_object_add(o, "month", json_object_new_string(
	    arena_printf(a, "%d 年 %d 月", y, m)));
	/* my payouts */
	if (db_q(a, &res, "SELECT r.kind, DATE_FORMAT(r.period, '%Y-%m-%d'), "
	    "p.units, p.amount FROM dividend_payouts p JOIN dividend_runs r ON "
	    "r.id = p.run_id WHERE p.member_id = ? ORDER BY r.id DESC LIMIT 30",
	    DB_ARGS(DB_INT(member))) == DB_OK) {
		list = json_object_new_array();
		for (k = 0; k < res.nrows; k++) {
			x = json_object_new_object();
			json_object_object_add(x, "kind", json_object_new_string(
			    strcmp(db_str(&res, k, 0), "daily") == 0 ? "每日分红" :
			    "月度分红"));
			json_object_object_add(x, "period", json_object_new_string(
			    db_str(&res, k, 1)));
			view_amount(x, "units", db_ll(&res, k, 2));
			view_amount(x, "amount", db_ll(&res, k, 3));
			json_object_array_add(list, x);
		}
		json_object_object_add(o, "payouts", list);
	}
	return o;
}

struct json_object *
eco_admin_view(arena *a)
{
	static const struct { const char *kind, *cur, *label; } pools[] = {
		{ "pool.daily", "CHANGE", "每日分红池" },
		{ "pool.monthly", "CHANGE", "月度分红池" },
		{ "escrow", "CHANGE", "拼团参团款（待开奖）" },
		{ "rp_escrow", "CHANGE", "红包雨托管（未抢、未退回）" },
		{ "orders", "CHANGE", "商城订单款（待结算）" },
		{ "revenue", "CHANGE", "平台收入" },
		{ "goods_fund", "CHANGE", "货款扣留" },
		{ "pool.queue", "CHANGE", "排队返利资金池" },
		{ "pool.chain", "CHANGE", "链动分红池（待分配）" },
		{ "pool.chainfrozen", "CHANGE", "链动奖励冻结（待解冻）" },
	};
	struct json_object	*o = json_object_new_object(), *list, *x;
	db_res			 res;
	size_t			 i;
	int64_t			 ob;

	list = json_object_new_array();
	for (i = 0; i < sizeof(pools) / sizeof(pools[0]); i++) {
		x = json_object_new_object();
		json_object_object_add(x, "label", json_object_new_string(
		    pools[i].label));
		json_object_object_add(x, "kind", json_object_new_string(
		    pools[i].kind));
		view_amount(x, "balance", system_balance(a, pools[i].kind,
		    pools[i].cur));
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "pools", list);
	/* obligations: what members hold that the platform owes */
	list = json_object_new_array();
	if (db_q(a, &res, "SELECT c.name, a.kind, COALESCE(SUM(a.balance), 0) "
	    "FROM accounts a JOIN currencies c ON c.code = a.currency WHERE "
	    "a.owner_type = 'member' GROUP BY c.sort, c.name, a.kind "
	    "HAVING SUM(a.balance) <> 0 ORDER BY c.sort, a.kind", DB_NOARGS) ==
	    DB_OK)
		for (i = 0; i < res.nrows; i++) {
			const char *k = db_str(&res, i, 1);

			x = json_object_new_object();
			json_object_object_add(x, "label", json_object_new_string(
			    arena_printf(a, "%s%s", db_str(&res, i, 0),
			    strcmp(k, "main") == 0 ? "" : strcmp(k, "frozen") == 0 ?
			    "（冻结）" : strcmp(k, "divpool") == 0 ? "（分红池中）" :
			    "")));
			view_amount(x, "balance", db_ll(&res, i, 2));
			json_object_array_add(list, x);
		}
	/* the queue rebate (F2): what waits to be returned, next to the
	 * money the queues hold for it */
	{
		int64_t owed, held;

		if (queue_obligations(a, &owed, &held) == 0 && (owed != 0 ||
		    held != 0)) {
			x = json_object_new_object();
			view_str(x, "label", arena_printf(a, "排队返利待返权益"
			    "（队列资金池 %s）", amount_format(held, 2,
			    (char[32]){ 0 })));
			view_amount(x, "balance", owed);
			json_object_array_add(list, x);
		}
	}
	/* chain rewards (G2, G3): the frozen parts members are owed, held
	 * in pool.chainfrozen, and the dividend pool not yet shared */
	{
		struct json_object *c = chain_admin_view(a), *f, *pl;

		if (c != NULL && json_object_object_get_ex(c, "frozen", &f) &&
		    json_object_object_get_ex(c, "pool", &pl)) {
			x = json_object_new_object();
			view_str(x, "label", arena_printf(a, "链动奖励冻结待解冻"
			    "（分红池待分配 %s）", json_object_get_string(pl)));
			json_object_object_add(x, "balance", json_object_get(f));
			json_object_array_add(list, x);
		}
		json_object_put(c);
	}
	/* ad rewards (H1): what the 消费积分 held can still become */
	if ((ob = ad_obligation(a)) >= 0) {
		x = json_object_new_object();
		view_str(x, "label", "广告奖励待兑（消费积分 × 每分奖励）");
		view_amount(x, "balance", ob);
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "obligations", list);
	list = json_object_new_array();
	if (db_q(a, &res, "SELECT id, kind, DATE_FORMAT(period, '%Y-%m-%d'), "
	    "pool, paid, units, members, DATE_FORMAT(created_at, '%Y-%m-%d "
	    "%H:%i') FROM dividend_runs ORDER BY id DESC LIMIT 20", DB_NOARGS) ==
	    DB_OK)
		for (i = 0; i < res.nrows; i++) {
			x = json_object_new_object();
			json_object_object_add(x, "id", json_object_new_int64(
			    db_ll(&res, i, 0)));
			json_object_object_add(x, "kind", json_object_new_string(
			    strcmp(db_str(&res, i, 1), "daily") == 0 ? "每日分红" :
			    "月度分红"));
			json_object_object_add(x, "period", json_object_new_string(
			    db_str(&res, i, 2)));
			view_amount(x, "pool", db_ll(&res, i, 3));
			view_amount(x, "paid", db_ll(&res, i, 4));
			view_amount(x, "units", db_ll(&res, i, 5));
			json_object_object_add(x, "members", json_object_new_int64(
			    db_ll(&res, i, 6)));
			json_object_object_add(x, "at", json_object_new_string(
			    db_str(&res, i, 7)));
			json_object_array_add(list, x);
		}
	json_object_object_add(o, "dividend_runs", list);
	list = json_object_new_array();
	if (db_q(a, &res, "SELECT DATE_FORMAT(day, '%Y-%m-%d'), bp, members, "
	    "amount, fast_bp, fast_members FROM release_runs ORDER BY day DESC "
	    "LIMIT 20", DB_NOARGS) ==
	    DB_OK)
		for (i = 0; i < res.nrows; i++) {
			x = json_object_new_object();
			json_object_object_add(x, "day", json_object_new_string(
			    db_str(&res, i, 0)));
			json_object_object_add(x, "bp", json_object_new_int64(
			    db_ll(&res, i, 1)));
			json_object_object_add(x, "members", json_object_new_int64(
			    db_ll(&res, i, 2)));
			view_amount(x, "amount", db_ll(&res, i, 3));
			json_object_object_add(x, "fast_bp", json_object_new_int64(
			    db_ll(&res, i, 4)));
			json_object_object_add(x, "fast_members",
			    json_object_new_int64(db_ll(&res, i, 5)));
			json_object_array_add(list, x);
		}
	json_object_object_add(o, "release_runs", list);
	list = json_object_new_array();
	if (db_q(a, &res, "SELECT id, kind, unique_key, status, attempts, "
	    "last_error, DATE_FORMAT(run_at, '%Y-%m-%d %H:%i:%s'), "
	    "DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s') FROM jobs "
	    "WHERE status <> 'done' OR finished_at > NOW() - INTERVAL 1 HOUR "
	    "ORDER BY status = 'failed' DESC, id DESC LIMIT 30", DB_NOARGS) ==
	    DB_OK)
		for (i = 0; i < res.nrows; i++) {
			x = json_object_new_object();
			json_object_object_add(x, "id", json_object_new_int64(
			    db_ll(&res, i, 0)));
			json_object_object_add(x, "kind", json_object_new_string(
			    job_kind_name(db_str(&res, i, 1))));
			json_object_object_add(x, "key", json_object_new_string(
			    db_str(&res, i, 2)));
			/* the batch (a date, an hour) without the job's code */
			json_object_object_add(x, "batch", json_object_new_string(
			    strchr(db_str(&res, i, 2), ':') != NULL ?
			    strchr(db_str(&res, i, 2), ':') + 1 :
			    db_str(&res, i, 2)));
			json_object_object_add(x, "status", json_object_new_string(
			    db_str(&res, i, 3)));
			json_object_object_add(x, db_str(&res, i, 3),
			    json_object_new_boolean(1));
			json_object_object_add(x, "attempts", json_object_new_int64(
			    db_ll(&res, i, 4)));
			if (db_str(&res, i, 5) != NULL)
				json_object_object_add(x, "error",
				    json_object_new_string(db_str(&res, i, 5)));
			json_object_object_add(x, "run_at", json_object_new_string(
			    db_str(&res, i, 6)));
			if (db_str(&res, i, 7) != NULL)
				json_object_object_add(x, "finished_at",
				    json_object_new_string(db_str(&res, i, 7)));
			json_object_array_add(list, x);
		}
	json_object_object_add(o, "jobs", list);
	return o;
}

struct json_object *
eco_run_payouts(arena *a, long long run)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, "SELECT p.member_id, m.phone, p.units, p.amount FROM "
	    "dividend_payouts p JOIN members m ON m.id = p.member_id WHERE "
	    "p.run_id = ? ORDER BY p.amount DESC, p.member_id LIMIT 1000",
	    DB_ARGS(DB_INT(run))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		json_object_object_add(x, "member_id", json_object_new_int64(
		    db_ll(&res, i, 0)));
		view_amount(x, "units", db_ll(&res, i, 2));
		view_amount(x, "amount", db_ll(&res, i, 3));
		json_object_array_add(list, x);
	}
	return list;
}
