/* Unit tests for the economics simulator (rules/gb_sim, FEATURES D12),
 * with every figure worked by hand in the comments: the shipped presets
 * 链贝行 and 全民拼购 (read from etc/presets, so run from the checkout's
 * root as `make unit` does) under the default assumptions, without uplines
 * and without 购物金 held; the product cost's half-up rounding; converts
 * valued at the difference; a loss-making activity; profit_bp rounding
 * half away from zero on both sides. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "gb.h"
#include "gb_sim.h"

static const char *const currencies[] = { "CHANGE", "CARD", "POINTS", "RED",
	"GREEN", "DIVPTS", "GOLD", "MALLPTS", "VOUCHER", NULL };

static const char *
cur_name(const char *code, void *ud)
{
	static const char *const names[][2] = {
		{ "CHANGE", "零钱" }, { "CARD", "购物卡" }, { "POINTS", "积分" },
		{ "RED", "红券" }, { "GREEN", "绿券" }, { "DIVPTS", "分红积分" },
		{ "GOLD", "购物金" }, { "MALLPTS", "消费积分" },
		{ "VOUCHER", "购物券" },
	};
	size_t i;

	(void)ud;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i][0], code) == 0)
			return names[i][1];
	return NULL;
}

static void
parse(struct json_object *j, struct gb_activity *a)
{
	struct gb_errors e;
	size_t i;

	assert_non_null(j);
	if (gb_activity_parse(j, currencies, a, &e) != 0)
		for (i = 0; i < e.n; i++)
			print_message("%s: %s\n", e.e[i].field, e.e[i].message);
	assert_int_equal(e.n, 0);
	json_object_put(j);
}

static void
preset(struct gb_activity *a, const char *name)
{
	char path[128];
	struct json_object *j;

	snprintf(path, sizeof path, "etc/presets/%s.json", name);
	j = json_object_from_file(path);
	if (j == NULL)
		print_message("cannot read %s (run from the checkout's root)\n",
		    path);
	parse(j, a);
}

/* An activity from its price, seats, winners and reward lines. */
static void
activity(struct gb_activity *a, const char *price, int seats, int winners,
    const char *lines)
{
	char text[4096];

	snprintf(text, sizeof text, "{\"name\": \"t\", \"mode\": \"public\", "
	    "\"price\": \"%s\", \"seats\": %d, \"winners\": %d, "
	    "\"rewards\": [%s]}", price, seats, winners, lines);
	parse(json_tokener_parse(text), a);
}

static void
line_is(const struct gb_sim_result *r, size_t i, int count, int64_t units,
    int value_bp, int64_t amount)
{
	assert_true(i < r->nlines);
	assert_int_equal(r->lines[i].count, count);
	assert_int_equal(r->lines[i].units, units);
	assert_int_equal(r->lines[i].value_bp, value_bp);
	assert_int_equal(r->lines[i].amount, amount);
}

/* The result's money out, profit and profit in bp. */
static void
totals_is(const struct gb_sim_result *r, int64_t outflow, int64_t profit,
    int64_t profit_bp)
{
	assert_int_equal(r->outflow, outflow);
	assert_int_equal(r->profit, profit);
	assert_int_equal(r->profit_bp, profit_bp);
}

/* Simulates a under as into *r, which must succeed; the currencies are
 * named by cur_name. */
static void
sim(const struct gb_activity *a, const struct gb_sim_assume *as,
    struct gb_sim_result *r)
{
	assert_int_equal(gb_simulate(a, as, cur_name, NULL, r), 0);
}

/* 链贝行: price 393.00, 5 seats, 1 winner, leader mode; defaults: cost
 * 30%, uplines, 购物金 held; values 零钱 1, 绿券 1, 积分 0.1, 红券 0,
 * 购物卡 0 (not configured).
 *   in   = 1 × 393.00                                     = 393.00
 *   cost = 393.00 × 30%                                   = 117.90
 *   [0]  中奖 +300.00 购物卡 ×1: 300.00 × 0                 =   0.00
 *   [1]  中奖 +400.00 积分 ×1:   400.00 × 0.1               =  40.00
 *   [2]  中奖 +600.00 红券 ×1:   600.00 × 0                 =   0.00
 *   [3]  中奖 红券→绿券 40.00 ×1: 40.00 × (1 − 0)           =  40.00
 *   [4]  未中奖 +7.00 零钱 ×4:   4 × 7.00                   =  28.00
 *   [5]  未中奖 一代 红券→绿券 15.00 ×4: 4 × 15.00           =  60.00
 *   [6]  未中奖 二代 红券→绿券 20.00 ×4: 4 × 20.00           =  80.00
 *   [7]  成团 团长 +19.00 零钱 ×1                          =  19.00
 *   [8]  成团 团长推荐人 +2.00 零钱 ×1                      =   2.00
 *   [9]  成团 群主 +5.00 零钱 ×1                           =   5.00
 *   [10] 每席 区域 +3.00 零钱 ×5                           =  15.00
 *   [11] 每席 分公司 +7.00 零钱 ×5                         =  35.00
 *   [12] 每席 一代（推广员）+3.00 零钱 ×5                   =  15.00
 *   rewards 339.00; out = 117.90 + 339.00                 = 456.90
 *   profit = 393.00 − 456.90                              = −63.90
 *   profit_bp = −6390 × 10000 / 39300 = −1625.95…         → −1626 */
static void
lianbeihang_with_the_defaults(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	preset(&a, "lianbeihang");
	gb_sim_defaults(&as);
	sim(&a, &as, &r);
	assert_int_equal(r.nlines, 14);
	assert_int_equal(r.inflow, 39300);
	line_is(&r, 0, 1, 39300, 3000, 11790);
	assert_int_equal(r.lines[0].line, -1);
	assert_string_equal(r.lines[0].label, "商品成本（参团价 × 中奖 1 人 × 30%）");
	line_is(&r, 1, 1, 30000, 0, 0);
	assert_string_equal(r.lines[1].label, "中奖 本人 +300.00 购物卡 ×1");
	line_is(&r, 2, 1, 40000, 1000, 4000);
	line_is(&r, 3, 1, 60000, 0, 0);
	line_is(&r, 4, 1, 4000, 10000, 4000);
	assert_string_equal(r.lines[4].label, "中奖 本人 红券→绿券 40.00 ×1");
	line_is(&r, 5, 4, 2800, 10000, 2800);
	assert_string_equal(r.lines[5].label, "未中奖 本人 +7.00 零钱 ×4");
	line_is(&r, 6, 4, 6000, 10000, 6000);
	line_is(&r, 7, 4, 8000, 10000, 8000);
	assert_string_equal(r.lines[7].label, "未中奖 二代 红券→绿券 20.00 ×4");
	line_is(&r, 8, 1, 1900, 10000, 1900);
	assert_string_equal(r.lines[8].label, "成团 团长 +19.00 零钱 ×1");
	line_is(&r, 9, 1, 200, 10000, 200);
	line_is(&r, 10, 1, 500, 10000, 500);
	line_is(&r, 11, 5, 1500, 10000, 1500);
	line_is(&r, 12, 5, 3500, 10000, 3500);
	line_is(&r, 13, 5, 1500, 10000, 1500);
	assert_string_equal(r.lines[13].label, "每席 一代（推广员） +3.00 零钱 ×5");
	totals_is(&r, 45690, -6390, -1626);
}

/* 链贝行 without uplines: lines [5], [6] (team acceleration) and [12]
 * (the inviter's promoter reward) pay nobody: ×0.
 *   out = 456.90 − 60.00 − 80.00 − 15.00 = 301.90
 *   profit = 393.00 − 301.90 = 91.10
 *   profit_bp = 9110 × 10000 / 39300 = 2318.07… → 2318
 * Without 购物金 held nothing changes: 链贝行 has no release line. */
static void
lianbeihang_without_uplines(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	preset(&a, "lianbeihang");
	gb_sim_defaults(&as);
	as.uplines = 0;
	sim(&a, &as, &r);
	line_is(&r, 6, 0, 0, 10000, 0);
	assert_string_equal(r.lines[6].label, "未中奖 一代 红券→绿券 15.00 ×0");
	line_is(&r, 7, 0, 0, 10000, 0);
	line_is(&r, 13, 0, 0, 10000, 0);
	line_is(&r, 5, 4, 2800, 10000, 2800);	/* the seats themselves still */
	line_is(&r, 11, 5, 1500, 10000, 1500);	/* region still */
	totals_is(&r, 30190, 9110, 2318);

	gb_sim_defaults(&as);
	as.gold_held = 0;
	sim(&a, &as, &r);
	assert_int_equal(r.outflow, 45690);
	assert_int_equal(r.profit_bp, -1626);
}

/* 全民拼购: price 100.00, 10 seats, 3 winners, public; defaults.
 *   in   = 3 × 100.00                                     = 300.00
 *   cost = 300.00 × 30%                                   =  90.00
 *   [0]  中奖 +100% 分红积分 ×3: value 0                    =   0.00
 *   [1]  中奖 +100% 购物金 ×3: value 0 (until released)     =   0.00
 *   [2]  中奖 释放 购物金→零钱 5% ×3: 3 × 5.00 × (1 − 0)     =  15.00
 *   [3]  中奖 +100% 分红份额 ×3: 300.00 units, no cash      =   0.00
 *   [4]  中奖 +100% 消费积分 ×3: value 0                    =   0.00
 *   [5]  未中奖 +5% 零钱 ×7: 7 × 5.00                       =  35.00
 *   [6]  未中奖 释放 购物金→零钱 5% ×7: 7 × 5.00            =  35.00
 *   [7]  未中奖 +100% 消费积分 ×7                           =   0.00
 *   [8]  中奖 一代 +2% 零钱 ×3: 3 × 2.00                    =   6.00
 *   [9]  中奖 二代 +1% 零钱 ×3: 3 × 1.00                    =   3.00
 *   [10] 中奖 分公司 +2% 零钱 ×3                            =   6.00
 *   [11] 中奖 区域 +1% 零钱 ×3                              =   3.00
 *   [12] 中奖 3% 零钱计入月度分红池 ×3: 3 × 3.00             =   9.00
 *   [13] 中奖 2% 零钱计入每日分红池 ×3: 3 × 2.00             =   6.00
 *   rewards 118.00; out = 90.00 + 118.00                  = 208.00
 *   profit = 92.00; profit_bp = 9200 × 10000 / 30000 = 3066.67 → 3067 */
static void
quanmin_with_the_defaults(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	preset(&a, "quanmin");
	gb_sim_defaults(&as);
	sim(&a, &as, &r);
	assert_int_equal(r.nlines, 15);
	assert_int_equal(r.inflow, 30000);
	line_is(&r, 0, 3, 30000, 3000, 9000);
	line_is(&r, 1, 3, 30000, 0, 0);
	line_is(&r, 2, 3, 30000, 0, 0);
	line_is(&r, 3, 3, 1500, 10000, 1500);
	assert_string_equal(r.lines[3].label, "中奖 本人 释放 购物金→零钱 5% ×3");
	line_is(&r, 4, 3, 30000, 0, 0);
	assert_string_equal(r.lines[4].label,
	    "中奖 本人 +100% 分红份额（不计现金：已在奖池入账时计入） ×3");
	line_is(&r, 5, 3, 30000, 0, 0);
	line_is(&r, 6, 7, 3500, 10000, 3500);
	assert_string_equal(r.lines[6].label, "未中奖 本人 +5% 零钱 ×7");
	line_is(&r, 7, 7, 3500, 10000, 3500);
	line_is(&r, 8, 7, 70000, 0, 0);
	line_is(&r, 9, 3, 600, 10000, 600);
	line_is(&r, 10, 3, 300, 10000, 300);
	line_is(&r, 11, 3, 600, 10000, 600);
	line_is(&r, 12, 3, 300, 10000, 300);
	line_is(&r, 13, 3, 900, 10000, 900);
	assert_string_equal(r.lines[13].label, "中奖 3% 零钱计入月度分红池 ×3");
	line_is(&r, 14, 3, 600, 10000, 600);
	totals_is(&r, 20800, 9200, 3067);
}

/* 全民拼购 without 购物金 held: the losers' releases [6] pay 0 (×0); the
 * winners' [2] still pay 3 × 5.00, out of the 100.00 购物金 line [1]
 * credited them in the same plan (the engine's cap counts earlier lines).
 *   out = 208.00 − 35.00 = 173.00; profit = 127.00;
 *   profit_bp = 12700 × 10000 / 30000 = 4233.33 → 4233
 * Without uplines: [8] and [9] pay nobody.
 *   out = 208.00 − 6.00 − 3.00 = 199.00; profit = 101.00;
 *   profit_bp = 10100 × 10000 / 30000 = 3366.67 → 3367 */
static void
quanmin_without_gold_or_uplines(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	preset(&a, "quanmin");
	gb_sim_defaults(&as);
	as.gold_held = 0;
	sim(&a, &as, &r);
	line_is(&r, 3, 3, 1500, 10000, 1500);
	line_is(&r, 7, 0, 0, 10000, 0);
	assert_string_equal(r.lines[7].label, "未中奖 本人 释放 购物金→零钱 5% ×0");
	totals_is(&r, 17300, 12700, 4233);

	gb_sim_defaults(&as);
	as.uplines = 0;
	sim(&a, &as, &r);
	line_is(&r, 9, 0, 0, 10000, 0);
	line_is(&r, 10, 0, 0, 10000, 0);
	line_is(&r, 7, 7, 3500, 10000, 3500);
	totals_is(&r, 19900, 10100, 3367);
}

/* The product cost is rounded once, half-up, on winners × price:
 *   1 × 3.33 × 33.33%  = 1.109889  → 1.11
 *   1 × 0.05 × 50%     = 0.025     → 0.03 (half-up)
 *   3 × 0.01 × 50%     = 0.015     → 0.02 (not 3 × round(0.005) = 0.03)
 *   1 × 0.05 × 0%      = 0 */
static void
cost_is_rounded_half_up_once(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	gb_sim_defaults(&as);
	activity(&a, "3.33", 2, 1, "");
	as.cost_bp = 3333;
	sim(&a, &as, &r);
	assert_int_equal(r.nlines, 1);
	line_is(&r, 0, 1, 333, 3333, 111);
	assert_string_equal(r.lines[0].label,
	    "商品成本（参团价 × 中奖 1 人 × 33.33%）");
	/* in 3.33, out 1.11: profit 2.22 = 6666.67 bp → 6667 */
	assert_int_equal(r.profit, 222);
	assert_int_equal(r.profit_bp, 6667);

	activity(&a, "0.05", 2, 1, "");
	as.cost_bp = 5000;
	sim(&a, &as, &r);
	assert_int_equal(r.lines[0].amount, 3);

	activity(&a, "0.01", 4, 3, "");
	sim(&a, &as, &r);
	assert_int_equal(r.inflow, 3);
	assert_int_equal(r.lines[0].amount, 2);

	activity(&a, "0.05", 2, 1, "");
	as.cost_bp = 0;
	sim(&a, &as, &r);
	assert_int_equal(r.outflow, 0);
	assert_int_equal(r.profit_bp, 10000);
}

/* A convert is worth what is gained less what is given up, per reward,
 * rounded half-up: price 100.00, 4 seats, 1 winner, cost 0; defaults.
 *   [0] 中奖 积分→绿券 10.00 ×1:       10.00 × (1 − 0.1)  =   9.00
 *   [1] 未中奖 绿券→红券 10.00 ×3: 3 × 10.00 × (0 − 1)    = −30.00
 *   [2] 中奖 一代 红券→绿券 0.05 ×1:    0.05 × (1 − 0)     =   0.05
 *   [3] 中奖 +1.00 购物卡 ×1:           1.00 × 0           =   0.00
 *   out = −20.95 (the platform gains); profit = 120.95 → 12095 bp
 * With 绿券 at 0.5 and 购物卡 at 0.8:
 *   [0] 10.00 × (0.5 − 0.1) = 4.00; [1] 3 × 10.00 × (0 − 0.5) = −15.00;
 *   [2] 0.05 × 0.5 = 0.025 → 0.03; [3] 1.00 × 0.8 = 0.80
 *   out = −10.17; profit = 110.17 → 11017 bp
 * With only 购物卡 at 0.8: out = 9.00 − 30.00 + 0.05 + 0.80 = −20.15;
 *   profit = 120.15 → 12015 bp */
static void
convert_is_valued_at_the_difference(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	activity(&a, "100.00", 4, 1,
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"convert\", "
	    "\"from\": \"POINTS\", \"currency\": \"GREEN\", \"amount\": \"10.00\"},"
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"convert\", "
	    "\"from\": \"GREEN\", \"currency\": \"RED\", \"amount\": \"10.00\"},"
	    "{\"on\": \"won\", \"to\": \"upline1\", \"do\": \"convert\", "
	    "\"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"0.05\"},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CARD\", \"amount\": \"1.00\"}");
	gb_sim_defaults(&as);
	as.cost_bp = 0;
	sim(&a, &as, &r);
	line_is(&r, 1, 1, 1000, 9000, 900);
	assert_string_equal(r.lines[1].label, "中奖 本人 积分→绿券 10.00 ×1");
	line_is(&r, 2, 3, 3000, -10000, -3000);
	line_is(&r, 3, 1, 5, 10000, 5);
	assert_string_equal(r.lines[2].label, "未中奖 本人 绿券→红券 10.00 ×3");
	line_is(&r, 4, 1, 100, 0, 0);
	totals_is(&r, -2095, 12095, 12095);

	assert_int_equal(gb_sim_set_value(&as, "GREEN", 5000), 0);
	assert_int_equal(gb_sim_set_value(&as, "CARD", 8000), 0);
	sim(&a, &as, &r);
	/* with 绿券 at 0.5: [0] 10.00 × (0.5 − 0.1) = 4.00,
	 * [1] 3 × 10.00 × (0 − 0.5) = −15.00 */
	line_is(&r, 1, 1, 1000, 4000, 400);
	line_is(&r, 2, 3, 3000, -5000, -1500);
	line_is(&r, 3, 1, 5, 5000, 3);
	line_is(&r, 4, 1, 100, 8000, 80);
	totals_is(&r, -1017, 11017, 11017);

	gb_sim_defaults(&as);
	as.cost_bp = 0;
	assert_int_equal(gb_sim_set_value(&as, "CARD", 8000), 0);
	sim(&a, &as, &r);
	totals_is(&r, 900 - 3000 + 5 + 80, 12015, 12015);
}

/* A loss: price 10.00, 2 seats, 1 winner, the loser gets 20.00 零钱 and
 * the winner a share (no cash) and a 4.00 pool contribution; cost 30%.
 *   in 10.00; out = 3.00 + 20.00 + 0 + 4.00 = 27.00; profit = −17.00
 *   profit_bp = −1700 × 10000 / 1000 = −17000 (−170%) */
static void
a_loss_making_activity(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	activity(&a, "10.00", 2, 1,
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"20.00\"},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"share\", "
	    "\"amount\": \"10.00\"},"
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"daily\", "
	    "\"bp\": 4000},"
	    "{\"on\": \"failure\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"1.00\"}");
	gb_sim_defaults(&as);
	sim(&a, &as, &r);
	line_is(&r, 0, 1, 1000, 3000, 300);
	line_is(&r, 1, 1, 2000, 10000, 2000);
	line_is(&r, 2, 1, 1000, 0, 0);
	line_is(&r, 3, 1, 400, 10000, 400);
	assert_string_equal(r.lines[3].label, "中奖 40% 零钱计入每日分红池 ×1");
	line_is(&r, 4, 0, 0, 10000, 0);	/* failure lines: never, on success */
	assert_string_equal(r.lines[4].label, "拼团失败 本人 +1.00 零钱 ×0"
	    "（仅拼团失败时发放，本模拟按成团计算）");
	assert_int_equal(r.inflow, 1000);
	totals_is(&r, 2700, -1700, -17000);
}

/* profit_bp rounds half away from zero: price 200.00, cost 0, the loser
 * gets 200.01 → profit −0.01 = −0.5 bp → −1; 199.99 → +0.5 bp → +1;
 * 199.995 cannot occur (fen). */
static void
profit_bp_rounds_half_away_from_zero(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;

	(void)state;
	gb_sim_defaults(&as);
	as.cost_bp = 0;
	activity(&a, "200.00", 2, 1,
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"200.01\"}");
	sim(&a, &as, &r);
	assert_int_equal(r.profit, -1);
	assert_int_equal(r.profit_bp, -1);
	activity(&a, "200.00", 2, 1,
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"199.99\"}");
	sim(&a, &as, &r);
	assert_int_equal(r.profit, 1);
	assert_int_equal(r.profit_bp, 1);
	/* −0.33 bp → 0: price 300.00, loser 300.01 → −1/30000 × 10000 */
	activity(&a, "300.00", 2, 1,
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"300.01\"}");
	sim(&a, &as, &r);
	assert_int_equal(r.profit_bp, 0);
}

/* D1: an activity whose winners take a 购物券 option instead of a
 * product: price 100.00, 4 seats, 2 winners, option 80.00 购物券
 * valued at 0.5 (5000 bp), one reward (losers +5% 零钱).
 *   in    = 2 × 100.00                             = 200.00
 *   prize = 2 × 80.00 × 0.5 (no product cost)      =  80.00
 *   [0]   未中奖 +5.00 零钱 ×2                      =  10.00
 *   profit = 200.00 − 90.00 = 110.00 → 5500 bp
 * With a product as well the winners take the product (the default):
 * the cost line is back (30% of 200.00 = 60.00). */
static void
voucher_option_is_the_prize_line(void **state)
{
	struct gb_activity	 a;
	struct gb_sim_assume	 as;
	struct gb_sim_result	 r;

	(void)state;
	parse(json_tokener_parse("{\"name\": \"购物券团\", \"price\": "
	    "\"100.00\", \"seats\": 4, \"winners\": 2, \"vouchers\": "
	    "[\"80.00\"], \"rewards\": [{\"on\": \"lost\", \"to\": "
	    "\"self\", \"do\": \"credit\", \"currency\": \"CHANGE\", "
	    "\"bp\": 500}]}"), &a);
	gb_sim_defaults(&as);
	assert_int_equal(gb_sim_set_value(&as, "VOUCHER", 5000), 0);
	sim(&a, &as, &r);
	assert_int_equal(r.inflow, 20000);
	assert_int_equal(r.lines[0].line, -1);
	assert_int_equal(r.lines[0].count, 2);
	assert_int_equal(r.lines[0].units, 16000);
	assert_int_equal(r.lines[0].value_bp, 5000);
	assert_int_equal(r.lines[0].amount, 8000);
	assert_non_null(strstr(r.lines[0].label, "购物券"));
	assert_int_equal(r.lines[1].amount, 1000);
	totals_is(&r, 9000, 11000, 5500);
	/* valued 0 (the default until configured): the prize costs nothing */
	gb_sim_defaults(&as);
	sim(&a, &as, &r);
	assert_int_equal(r.lines[0].amount, 0);
	/* products first: the default option is a product */
	a.products[0] = 7;
	a.nproducts = 1;
	sim(&a, &as, &r);
	assert_int_equal(r.lines[0].amount, 6000);
	assert_null(strstr(r.lines[0].label, "购物券"));
}

static void
values_and_bad_input(void **state)
{
	struct gb_sim_assume as;
	struct gb_sim_result r;
	struct gb_activity a;
	char code[8];
	int i;

	(void)state;
	gb_sim_defaults(&as);
	assert_int_equal(as.cost_bp, 3000);
	assert_int_equal(gb_sim_value(&as, "CHANGE"), 10000);
	assert_int_equal(gb_sim_value(&as, "GREEN"), 10000);
	assert_int_equal(gb_sim_value(&as, "POINTS"), 1000);
	assert_int_equal(gb_sim_value(&as, "RED"), 0);
	assert_int_equal(gb_sim_value(&as, "GOLD"), 0);
	assert_int_equal(gb_sim_value(&as, "CARD"), 0);
	assert_int_equal(gb_sim_value(&as, NULL), 0);
	assert_int_equal(gb_sim_value(NULL, "CHANGE"), 0);
	/* clamped; replaced in place */
	assert_int_equal(gb_sim_set_value(&as, "CARD", -5), 0);
	assert_int_equal(gb_sim_value(&as, "CARD"), 0);
	assert_int_equal(gb_sim_set_value(&as, "CARD", 999999), 0);
	assert_int_equal(gb_sim_value(&as, "CARD"), GB_SIM_VALUE_BP_MAX);
	assert_int_equal(gb_sim_set_value(&as, "", 1), -1);
	assert_int_equal(gb_sim_set_value(&as, "ABCDEFGHIJKLMNOPQ", 1), -1);
	assert_int_equal(gb_sim_set_value(NULL, "CHANGE", 1), -1);
	for (i = 0; as.nvalues < GB_SIM_MAX_VALUES; i++) {
		snprintf(code, sizeof code, "X%d", i);
		assert_int_equal(gb_sim_set_value(&as, code, 1), 0);
	}
	assert_int_equal(gb_sim_set_value(&as, "ONEMORE", 1), -1);
	assert_int_equal(gb_sim_set_value(&as, "CHANGE", 5), 0);

	gb_sim_defaults(&as);
	/* without a name function a label names the currency by its code */
	activity(&a, "1.00", 2, 1,
	    "{\"on\": \"lost\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"0.50\"}");
	assert_int_equal(gb_simulate(&a, &as, NULL, NULL, &r), 0);
	assert_string_equal(r.lines[1].label, "未中奖 本人 +0.50 CHANGE ×1");

	activity(&a, "1.00", 2, 1, "");
	assert_int_equal(gb_simulate(NULL, &as, NULL, NULL, &r), -1);
	assert_int_equal(gb_simulate(&a, NULL, NULL, NULL, &r), -1);
	assert_int_equal(gb_simulate(&a, &as, NULL, NULL, NULL), -1);
	a.winners = 2;	/* not drawable: every seat would win */
	assert_int_equal(gb_simulate(&a, &as, NULL, NULL, &r), -1);
	a.winners = 1;
	as.cost_bp = -1;
	assert_int_equal(gb_simulate(&a, &as, NULL, NULL, &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lianbeihang_with_the_defaults),
		cmocka_unit_test(lianbeihang_without_uplines),
		cmocka_unit_test(quanmin_with_the_defaults),
		cmocka_unit_test(quanmin_without_gold_or_uplines),
		cmocka_unit_test(cost_is_rounded_half_up_once),
		cmocka_unit_test(convert_is_valued_at_the_difference),
		cmocka_unit_test(a_loss_making_activity),
		cmocka_unit_test(profit_bp_rounds_half_away_from_zero),
		cmocka_unit_test(values_and_bad_input),
		cmocka_unit_test(voucher_option_is_the_prize_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
