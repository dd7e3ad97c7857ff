/* svc_cockpit: dashboard and report figures (see svc_cockpit.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "amount.h"
#include "clock.h"
#include "db.h"
#include "settings.h"
#include "svc_ad.h"
#include "svc_queue.h"
#include "svc_cockpit.h"
#include "view.h"

static const struct {
	const char	*kind, *name;
} kinds[] = {
	{ "recharge", "充值" },
	{ "order.pay", "订单支付" },
	{ "order.refund", "订单退款" },
	{ "order.settle", "订单结算" },
	{ "order.cancel", "订单取消" },
	{ "order.referral", "推荐奖励" },
	{ "order.mallpts", "商城积分" },
	{ "gb.join", "拼团参团" },
	{ "gb.refund", "拼团退款" },
	{ "gb.reward", "拼团奖励" },
	{ "gb.won", "拼团中奖" },
	{ "gb.pool", "奖池" },
	{ "gb.box", "盲盒" },
	{ "gb.release", "释放" },
	{ "gb.convert", "拼团兑换" },
	{ "gb.expire", "拼团过期" },
	{ "gold.release", "购物金释放" },
	{ "queue.pay", "排队返利" },
	{ "queue.fund", "排队资金" },
	{ "queue.exchange", "排队兑换" },
	{ "rp.fund", "红包充值" },
	{ "rp.grab", "抢红包" },
	{ "rp.return", "红包退回" },
	{ "ad.reward", "广告奖励" },
	{ "ad.upline", "广告上级奖励" },
	{ "withdraw.apply", "提现申请" },
	{ "withdraw.approve", "提现打款" },
	{ "withdraw.reject", "提现驳回" },
	{ "transfer", "转账" },
	{ "convert", "兑换" },
	{ "adjust", "人工调整" },
	{ "shipment", "货款发货" },
	{ "shipment.cancel", "取消发货" },
	{ "revenue", "平台收入" },
	{ "pool.daily", "日分红" },
	{ "pool.monthly", "月分红" },
	{ "pool.queue", "排队分红" },
};

const char *
ledger_kind_name(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].name;
	return "其他";
}

const char *
job_kind_name(const char *kind)
{
	static const struct { const char *kind, *name; } jobs[] = {
		{ "queue.reset", "排队周期重置" },
		{ "gold.release", "购物金每日释放" },
		{ "div.daily", "每日分红" },
		{ "div.monthly", "月度分红" },
		{ "gb.expire", "过期拼团处理" },
		{ "cleanup", "数据清理" },
		{ "orders.autoconfirm", "订单自动确认收货" },
		{ "rp.end", "红包雨结束退款" },
		{ "mallpts", "发放消费积分" },
		{ "order.events", "订单事件投递" },
	};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(jobs) / sizeof(jobs[0]); i++)
		if (strcmp(jobs[i].kind, kind) == 0)
			return jobs[i].name;
	return "其他任务";
}

static const char SQL_TODO[] =
    "SELECT (SELECT COUNT(*) FROM withdrawals WHERE status = 'pending'), "
    "(SELECT COUNT(*) FROM merchants WHERE status = 'pending'), "
    "(SELECT COUNT(*) FROM products WHERE status = 'pending'), "
    "(SELECT COUNT(*) FROM role_applications WHERE status = 'pending'), "
    "(SELECT COUNT(*) FROM gb_groups WHERE status = 'open' AND taken < seats), "
    "(SELECT COUNT(*) FROM jobs WHERE status = 'failed'), "
    "(SELECT COUNT(*) FROM order_event_deliveries WHERE status = 'failed')";

struct json_object *
cockpit_todo(arena *a)
{
	static const struct {
		const char	*label, *href;
		int		 warn;
	} rows[] = {
		{ "待审核提现", "/admin/withdrawals?status=pending", 0 },
		{ "待审核商家", "/admin/merchants?status=pending", 0 },
		{ "待审核商品", "/admin/products?status=pending", 0 },
		{ "待审核角色申请", "/admin/applications", 0 },
		{ "未满员的拼团", "/admin/gb/groups?status=open", 0 },
		{ "失败的计划任务", NULL, 1 },
		{ "失败的订单事件", "/admin/events?status=failed", 1 },
	};
	struct json_object	*list, *o;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_TODO, DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		long long n = db_ll(&res, 0, i);

		o = json_object_new_object();
		view_str(o, "label", rows[i].label);
		view_int(o, "count", n);
		view_str(o, "href", rows[i].href);
		view_bool(o, "warn", rows[i].warn && n > 0);
		view_bool(o, "some", n > 0);
		json_object_array_add(list, o);
	}
	return list;
}

/* Each entry's net over member accounts, by day, kind and currency. */
static const char SQL_FLOWS[] =
    "SELECT d, kind, currency, SUM(GREATEST(net, 0)), SUM(LEAST(net, 0)) "
    "FROM (SELECT DATE(j.created_at) d, j.kind, p.currency, j.id, "
    " SUM(p.amount) net FROM journal j JOIN postings p ON p.entry_id = j.id "
    " JOIN accounts ac ON ac.id = p.account_id AND ac.owner_type = 'member' "
    " WHERE j.created_at >= ? AND j.created_at < ? + INTERVAL 1 DAY "
    " GROUP BY j.id, p.currency) x WHERE net <> 0 "
    "GROUP BY d, kind, currency ORDER BY d, kind, currency";

struct json_object *
cockpit_flows(arena *a, const char *from, const char *to)
{
	struct json_object	*o, *rows, *days, *r, *dd;
	db_res			 res;
	size_t			 i, j, n = 0;
	struct tm		 tm;
	time_t			 t, end;
	char			 b[32], day[16];
	/* per kind/currency totals over the range */
	struct {
		const char	*kind, *cur;
		long long	 in, out;
	} *acc;

	if (db_q(a, &res, SQL_FLOWS, DB_ARGS(DB_TEXT(from), DB_TEXT(to))) !=
	    DB_OK)
		return NULL;
	acc = arena_alloc(a, (res.nrows + 1) * sizeof(*acc));
	for (i = 0; i < res.nrows; i++) {
		const char *k = db_str(&res, i, 1), *c = db_str(&res, i, 2);

		for (j = 0; j < n; j++)
			if (strcmp(acc[j].kind, k) == 0 &&
			    strcmp(acc[j].cur, c) == 0)
				break;
		if (j == n) {
			acc[n].kind = arena_strdup(a, k);
			acc[n].cur = arena_strdup(a, c);
			acc[n].in = acc[n].out = 0;
			n++;
		}
		acc[j].in += db_ll(&res, i, 3);
		acc[j].out += -db_ll(&res, i, 4);
	}
	o = json_object_new_object();
	rows = json_object_new_array();
	for (j = 0; j < n; j++) {
		r = json_object_new_object();
		view_str(r, "kind_name", ledger_kind_name(acc[j].kind));
		view_str(r, "currency_name", currency_display_name(acc[j].cur));
		view_str(r, "in", amount_format(acc[j].in, 2, b));
		view_str(r, "out", amount_format(acc[j].out, 2, b));
		view_str(r, "net", amount_format(acc[j].in - acc[j].out, 2, b));
		json_object_array_add(rows, r);
	}
	json_object_object_add(o, "rows", rows);
	/* CHANGE by day, every day of the range (at most a year). */
	days = json_object_new_array();
	memset(&tm, 0, sizeof(tm));
	if (sscanf(from, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		t = timegm(&tm);
		memset(&tm, 0, sizeof(tm));
		sscanf(to, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		end = timegm(&tm);
		for (n = 0; t <= end && n < 370; t += 86400, n++) {
			long long in = 0, out = 0;

			gmtime_r(&t, &tm);
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
			for (i = 0; i < res.nrows; i++)
				if (strcmp(db_str(&res, i, 0), day) == 0 &&
				    strcmp(db_str(&res, i, 2), "CHANGE") == 0) {
					in += db_ll(&res, i, 3);
					out += -db_ll(&res, i, 4);
				}
			dd = json_object_new_object();
			view_str(dd, "date", day);
			view_str(dd, "in", amount_format(in, 2, b));
			view_str(dd, "out", amount_format(out, 2, b));
			json_object_array_add(days, dd);
		}
	}
	json_object_object_add(o, "days", days);
	view_str(o, "change_name", currency_display_name("CHANGE"));
	return o;
}

static const char SQL_TODAY[] =
    "SELECT (SELECT COUNT(*) FROM members WHERE created_at >= CURDATE()), "
    "(SELECT COUNT(*) FROM gb_groups WHERE status = 'drawn' "
    " AND drawn_at >= CURDATE()), "
    "(SELECT COUNT(*) FROM orders WHERE created_at >= CURDATE()), "
    "(SELECT COALESCE(SUM(amount), 0) FROM recharges WHERE status = 'paid' "
    " AND paid_at >= CURDATE()), "
    "(SELECT COALESCE(SUM(net), 0) FROM withdrawals WHERE status = 'approved' "
    " AND decided_at >= CURDATE()), "
    "(SELECT COUNT(*) FROM members)";

struct json_object *
cockpit_today(arena *a)
{
	struct json_object	*o;
	db_res			 res;

	if (db_q(a, &res, SQL_TODAY, DB_NOARGS) != DB_OK)
		return NULL;
	o = json_object_new_object();
	view_int(o, "members_today", db_ll(&res, 0, 0));
	view_int(o, "draws_today", db_ll(&res, 0, 1));
	view_int(o, "orders_today", db_ll(&res, 0, 2));
	view_amount(o, "recharge_today", db_ll(&res, 0, 3));
	view_amount(o, "payout_today", db_ll(&res, 0, 4));
	view_int(o, "members", db_ll(&res, 0, 5));
	return o;
}

static const char SQL_TREND[] =
    "SELECT 'm', DATE(created_at), COUNT(*) FROM members "
    " WHERE created_at >= CURDATE() - INTERVAL ? DAY GROUP BY 2 "
    "UNION ALL SELECT 'd', DATE(drawn_at), COUNT(*) FROM gb_groups "
    " WHERE status = 'drawn' AND drawn_at >= CURDATE() - INTERVAL ? DAY "
    " GROUP BY 2 "
    "UNION ALL SELECT 'r', DATE(paid_at), SUM(amount) FROM recharges "
    " WHERE status = 'paid' AND paid_at >= CURDATE() - INTERVAL ? DAY "
    " GROUP BY 2 "
    "UNION ALL SELECT 'w', DATE(decided_at), SUM(net) FROM withdrawals "
    " WHERE status = 'approved' AND decided_at >= CURDATE() - INTERVAL ? DAY "
    " GROUP BY 2";

struct json_object *
cockpit_trend(arena *a, int days)
{
	static const char series[] = "mdrw";
	static const char *const names[] = { "members", "draws", "recharge",
	    "payout" };
	struct json_object	*o, *dates, *s[4];
	db_res			 res, now;
	size_t			 i, k;
	int			 d;
	char			 day[16], b[32];
	struct tm		 tm;
	time_t			 t;

	if (db_q(a, &res, SQL_TREND, DB_ARGS(DB_INT(days - 1), DB_INT(days - 1),
	    DB_INT(days - 1), DB_INT(days - 1))) != DB_OK)
		return NULL;
	/* Today as the database sees it; calendar arithmetic from there. */
	if (db_q(a, &now, "SELECT CAST(CURDATE() AS CHAR)", DB_NOARGS) !=
	    DB_OK)
		return NULL;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(db_str(&now, 0, 0), "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return NULL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	o = json_object_new_object();
	dates = json_object_new_array();
	for (k = 0; k < 4; k++)
		s[k] = json_object_new_array();
	for (d = days - 1; d >= 0; d--) {
		time_t td = t - (time_t)d * 86400;

		gmtime_r(&td, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		json_object_array_add(dates, json_object_new_string(day + 5));
		for (k = 0; k < 4; k++) {
			long long v = 0;

			for (i = 0; i < res.nrows; i++)
				if (db_str(&res, i, 0)[0] == series[k] &&
				    db_str(&res, i, 1) != NULL &&
				    strcmp(db_str(&res, i, 1), day) == 0)
					v = db_ll(&res, i, 2);
			json_object_array_add(s[k], k < 2 ?
			    json_object_new_int64(v) :
			    json_object_new_string(amount_format(v, 2, b)));
		}
	}
	json_object_object_add(o, "dates", dates);
	for (k = 0; k < 4; k++)
		json_object_object_add(o, names[k], s[k]);
	return o;
}

/* --- obligations (issue 20, I7) ------------------------------------------ */

static int64_t
one_ll(arena *a, const char *q)
{
	db_res res;

	if (db_q(a, &res, q, DB_NOARGS) != DB_OK || res.nrows == 0)
		return -1;
	return db_ll(&res, 0, 0);
}

static void
add_row(struct json_object *list, const char *label, int64_t v)
{
	struct json_object *x = json_object_new_object();

	view_str(x, "label", label);
	view_amount(x, "amount", v);
	json_object_array_add(list, x);
}

struct json_object *
cockpit_obligations(arena *a, long long *ratio_bp)
{
	static const struct { const char *kind, *label; } backs[] = {
		{ "revenue", "平台收入" },
		{ "pool.queue", "排队返利资金池" },
		{ "pool.daily", "每日分红池" },
		{ "pool.monthly", "月度分红池" },
	};
	struct json_object	*o, *owed, *back;
	int64_t			 gold, queue_owed, queue_held, ad, wd, goods, v;
	int64_t			 owed_total = 0, back_total = 0;
	long long		 min = setting_int("economy.backing_min_bp");
	size_t			 i;
	char			 b[32];

	gold = one_ll(a, "SELECT COALESCE(SUM(balance), 0) FROM accounts "
	    "WHERE owner_type = 'member' AND currency = 'GOLD'");
	wd = one_ll(a, "SELECT COALESCE(SUM(amount), 0) FROM withdrawals "
	    "WHERE status = 'pending'");
	goods = one_ll(a, "SELECT COALESCE(SUM(balance), 0) FROM accounts "
	    "WHERE owner_type = 'system' AND kind = 'goods_fund' AND "
	    "currency = 'CHANGE'");
	if (gold < 0 || wd < 0 || goods < 0 ||
	    queue_obligations(a, &queue_owed, &queue_held) != 0 ||
	    (ad = ad_obligation(a)) < 0)
		return NULL;
	o = json_object_new_object();
	owed = json_object_new_array();
	add_row(owed, arena_printf(a, "未释放%s（按面值）",
	    currency_display_name("GOLD")), gold);
	add_row(owed, "排队返利待返权益", queue_owed);
	add_row(owed, arena_printf(a, "广告奖励待兑（%s × 每次奖励）",
	    currency_display_name("MALLPTS")), ad);
	add_row(owed, "待审核提现", wd);
	add_row(owed, "群主/团长货款（待发货）", goods);
	owed_total = gold + queue_owed + ad + wd + goods;
	back = json_object_new_array();
	for (i = 0; i < sizeof(backs) / sizeof(backs[0]); i++) {
		v = one_ll(a, arena_printf(a, "SELECT COALESCE(SUM(balance), 0) "
		    "FROM accounts WHERE owner_type = 'system' AND kind = '%s' "
		    "AND currency = 'CHANGE'", backs[i].kind));
		if (v < 0) {
			json_object_put(o);
			json_object_put(owed);
			json_object_put(back);
			return NULL;
		}
		add_row(back, backs[i].label, v);
		back_total += v;
	}
	json_object_object_add(o, "owed", owed);
	json_object_object_add(o, "backing", back);
	view_amount(o, "owed_total", owed_total);
	view_amount(o, "backing_total", back_total);
	if (owed_total > 0) {
		*ratio_bp = (long long)(back_total * 10000 / owed_total);
		view_str(o, "ratio", arena_printf(a, "%lld.%lld%%",
		    *ratio_bp / 100, (*ratio_bp % 100) / 10));
	} else {
		*ratio_bp = -1;
		view_str(o, "ratio", "无待兑付义务");
	}
	view_bool(o, "low", *ratio_bp >= 0 && *ratio_bp < min);
	view_str(o, "min", arena_printf(a, "%lld%%", min / 100));
	(void)b;
	return o;
}

/* --- the compliance check -------------------------------------------------- */

/* o[k] as a string (borrowed), "" when absent. */
static const char *
admin_jget_str(struct json_object *o, const char *k)
{
	struct json_object *x;

	return json_object_object_get_ex(o, k, &x) && x != NULL ?
	    json_object_get_string(x) : "";
}

/* Generations in a per-generation rate list (a JSON array setting): up to
 * the last non-zero rate. */
static int
gens(const char *key)
{
	struct json_object	*v = setting_json(key);
	int			 n = 0, i;

	if (v != NULL && json_object_is_type(v, json_type_array))
		for (i = 0; i < (int)json_object_array_length(v); i++)
			if (json_object_get_int64(json_object_array_get_idx(v,
			    i)) > 0)
				n = i + 1;
	return n;
}

static void
rule(struct json_object *list, struct json_object *counts, const char *title,
    const char *text, const char *citation, const char *level,
    const char *detail)
{
	struct json_object	*x = json_object_new_object(), *c;
	static const char	*names[][2] = { { "ok", "符合" },
				    { "warn", "警示" }, { "bad", "不合规" } };
	size_t			 i;

	view_str(x, "title", title);
	view_str(x, "rule", text);
	view_str(x, "citation", citation);
	view_str(x, "level", level);
	view_bool(x, level, 1);
	for (i = 0; i < 3; i++)
		if (strcmp(names[i][0], level) == 0)
			view_str(x, "level_name", names[i][1]);
	view_str(x, "detail", detail);
	json_object_array_add(list, x);
	json_object_object_get_ex(counts, level, &c);
	json_object_object_add(counts, level, json_object_new_int64(
	    json_object_get_int64(c) + 1));
}

#define TOP_PRIZE_MAX 5000000	/* ¥50,000 in fen */

/* The largest prize a winner of an active group-buy activity gets: the
 * dearest prize product plus what the reward lines credit the winner
 * ("won" → "self"), at face value. Names the activity in *which. */
static int64_t
top_prize(arena *a, const char **which)
{
	db_res			 res, pr;
	size_t			 i, j;
	int64_t			 best = 0;
	struct json_object	*cfg, *x, *l, *f;

	*which = NULL;
	if (db_q(a, &res, "SELECT g.name, v.config, g.price FROM gb_activities g "
	    "JOIN gb_versions v ON v.id = g.version_id WHERE g.status = "
	    "'active'", DB_NOARGS) != DB_OK)
		return -1;
	for (i = 0; i < res.nrows; i++) {
		int64_t prize = 0, amt;

		if ((cfg = json_tokener_parse(db_str(&res, i, 1))) == NULL)
			continue;
		if (json_object_object_get_ex(cfg, "products", &x))
			for (j = 0; j < json_object_array_length(x); j++) {
				long long id = json_object_get_int64(
				    json_object_array_get_idx(x, j));

				if (db_q(a, &pr, "SELECT retail_price FROM "
				    "products WHERE id = ?", DB_ARGS(DB_INT(id)))
				    == DB_OK && pr.nrows > 0 &&
				    db_ll(&pr, 0, 0) > prize)
					prize = db_ll(&pr, 0, 0);
			}
		if (json_object_object_get_ex(cfg, "rewards", &x))
			for (j = 0; j < json_object_array_length(x); j++) {
				l = json_object_array_get_idx(x, j);
				if (!json_object_object_get_ex(l, "on", &f) ||
				    strcmp(json_object_get_string(f), "won") != 0 ||
				    !json_object_object_get_ex(l, "to", &f) ||
				    strcmp(json_object_get_string(f), "self") != 0 ||
				    !json_object_object_get_ex(l, "do", &f) ||
				    strcmp(json_object_get_string(f), "credit") != 0)
					continue;
				if (json_object_object_get_ex(l, "amount", &f) &&
				    amount_parse(json_object_get_string(f), 2,
				    &amt) == 0)
					prize += amt;
				else if (json_object_object_get_ex(l, "bp", &f))
					prize += db_ll(&res, i, 2) *
					    json_object_get_int64(f) / 10000;
			}
		json_object_put(cfg);
		if (prize > best) {
			best = prize;
			*which = arena_strdup(a, db_str(&res, i, 0));
		}
	}
	return best;
}

struct json_object *
cockpit_compliance(arena *a)
{
	struct json_object	*o = json_object_new_object(), *list, *counts,
				*obl;
	int			 g_mall = gens("referral.mall_bp");
	int			 g_ad = gens("ad.upline_bp"), g_gb = 0, g;
	int64_t			 prize, bad_versions, platform_wins, headless;
	long long		 ratio;
	const char		*which;
	char			 b[32];

	list = json_object_new_array();
	counts = json_object_new_object();
	json_object_object_add(counts, "ok", json_object_new_int64(0));
	json_object_object_add(counts, "warn", json_object_new_int64(0));
	json_object_object_add(counts, "bad", json_object_new_int64(0));

	/* 1. reward generations */
	if (one_ll(a, "SELECT COUNT(*) FROM gb_activities g JOIN gb_versions v "
	    "ON v.id = g.version_id WHERE g.status = 'active' AND v.config "
	    "LIKE '%\"upline2\"%'") > 0)
		g_gb = 2;
	else if (one_ll(a, "SELECT COUNT(*) FROM gb_activities g JOIN "
	    "gb_versions v ON v.id = g.version_id WHERE g.status = 'active' "
	    "AND v.config LIKE '%\"upline1\"%'") > 0)
		g_gb = 1;
	g = g_mall > g_ad ? g_mall : g_ad;
	g = g > g_gb ? g : g_gb;
	rule(list, counts, "奖励代数",
	    "推荐、广告与拼团奖励最多发给上两代；超过两代属于多级分销",
	    "《微信外部链接内容管理规范》禁止多级分销（两级以上）；"
	    "超过三代已由系统拒绝（DESIGN.md §1，《禁止传销条例》第七条）",
	    g > 3 ? "bad" : g > 2 ? "warn" : "ok", arena_printf(a,
	    "当前最多 %d 代：商城推荐 %d 代，广告上级奖励 %d 代，拼团奖励 %d 代",
	    g, g_mall, g_ad, g_gb));

	/* 2. the top prize */
	if ((prize = top_prize(a, &which)) < 0)
		goto fail;
	rule(list, counts, "抽奖式有奖销售最高奖",
	    "拼团中奖者所得（奖品与中奖奖励，按面值计）不得超过 ¥50,000",
	    "《中华人民共和国反不正当竞争法》（2019 年修正）第十条第（三）项："
	    "抽奖式的有奖销售，最高奖的金额不得超过五万元",
	    prize > TOP_PRIZE_MAX ? "bad" : "ok", which ? arena_printf(a,
	    "进行中活动的最高奖为 ¥%s（%s）", amount_format(prize, 2, b),
	    which) : "没有进行中的拼团活动");

	/* 3. rules fixed per version */
	bad_versions = one_ll(a, "SELECT COUNT(*) FROM gb_groups g LEFT JOIN "
	    "gb_versions v ON v.id = g.version_id WHERE v.id IS NULL OR "
	    "v.activity_id <> g.activity_id");
	if (bad_versions < 0)
		goto fail;
	rule(list, counts, "开团后规则不变",
	    "活动每次修改都生成新版本；已开的团按开团时的版本开奖，修改只影响之后开的团",
	    "《规范促销行为暂行规定》（国家市场监督管理总局令第 32 号）："
	    "有奖销售信息公布后不得变更兑奖条件、奖品种类与金额",
	    bad_versions > 0 ? "bad" : "ok", bad_versions > 0 ?
	    arena_printf(a, "%lld 个团的规则版本与活动不符", (long long)
	    bad_versions) : "每个团都绑定开团时的规则版本");

	/* 4. platform seats never win */
	platform_wins = one_ll(a, "SELECT COUNT(*) FROM gb_seats WHERE platform "
	    "AND result = 'won'");
	if (platform_wins < 0)
		goto fail;
	rule(list, counts, "平台补位不中奖",
	    "平台补位的座位不参与中奖，奖品只给真实参团的会员",
	    "DESIGN.md §1 诚实规则；《规范促销行为暂行规定》禁止内定中奖人",
	    platform_wins > 0 ? "bad" : "ok", platform_wins > 0 ?
	    arena_printf(a, "发现 %lld 个平台座位中奖", (long long)
	    platform_wins) : "开奖程序排除平台座位；历史开奖中平台座位中奖 0 次");

	/* 5. rewards per sale, not per head */
	headless = one_ll(a, "SELECT COUNT(*) FROM journal WHERE kind IN "
	    "('gb.reward', 'ad.upline', 'order.referral') AND ref_id IS NULL");
	if (headless < 0)
		goto fail;
	rule(list, counts, "按销售计奖，不按人头",
	    "奖励只由真实订单、参团或观看广告产生，注册或拉人本身不产生奖励",
	    "《禁止传销条例》第七条第（一）项：以发展人员的数量作为计酬依据属传销",
	    headless > 0 ? "bad" : "ok", headless > 0 ? arena_printf(a,
	    "%lld 笔奖励找不到对应的订单或活动", (long long)headless) :
	    "每笔奖励都追溯到一笔订单、一次参团或一次广告观看");

	/* 6. obligations above their backing */
	if ((obl = cockpit_obligations(a, &ratio)) == NULL)
		goto fail;
	rule(list, counts, "待兑付义务有资金保障",
	    arena_printf(a, "排队返利、购物金、积分等待兑付义务应有平台资金保障，"
	    "保障率不低于 %s", admin_jget_str(obl, "min")),
	    "六部门联合发布的《关于防范以“消费返利”为名进行非法集资的风险"
	    "提示》",
	    json_object_get_boolean(json_object_object_get(obl, "low")) ?
	    "warn" : "ok", arena_printf(a, "待兑付 ¥%s，备付资金 ¥%s，保障率 %s",
	    admin_jget_str(obl, "owed_total"), admin_jget_str(obl,
	    "backing_total"), admin_jget_str(obl, "ratio")));
	json_object_put(obl);

	json_object_object_add(o, "rules", list);
	json_object_object_add(o, "counts", counts);
	return o;
fail:
	json_object_put(list);
	json_object_put(counts);
	json_object_put(o);
	return NULL;
}
