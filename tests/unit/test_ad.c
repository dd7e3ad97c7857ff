/* Unit tests for ad rewards (rules/ad): the view token's state machine,
 * the daily count and caps, points running out, with worked numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "ad.h"

#define T0	1800000000LL	/* a start time, seconds */
#define DAY	20833LL		/* its day number */

/* The defaults: 4 a day, 2 s tolerance, 1.00 零钱 for 1 消费积分, 10%
 * and 5% to the uplines, ¥10 per member, ¥10,000 for the platform. */
static struct ad_cfg
cfg(void)
{
	struct ad_cfg c;

	memset(&c, 0, sizeof(c));
	c.per_day = 4;
	c.tolerance = 2;
	c.ttl = 600;
	c.reward = 100;
	c.points = 100;
	c.member_cap = 1000;
	c.budget = 1000000;
	c.up_bp[0] = 1000;
	c.up_bp[1] = 500;
	c.nup = 2;
	return c;
}

static struct ad_view
view(void)
{
	struct ad_view v = { .member = 7, .ad = 3, .started = T0, .day = DAY,
	    .duration = 30, .done = 0 };

	return v;
}

static void
token_early_then_in_time(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_view	v = view();

	(void)state;
	/* 30 s ad, 2 s tolerance: ready at T0 + 28 */
	assert_int_equal(ad_done_check(&c, &v, 7, T0, DAY, 0), AD_EEARLY);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 27, DAY, 0), AD_EEARLY);
	assert_int_equal(ad_wait(&c, &v, T0 + 27), 1);
	assert_int_equal(ad_wait(&c, &v, T0 + 10), 18);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 28, DAY, 0), AD_OK);
	assert_int_equal(ad_wait(&c, &v, T0 + 28), 0);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 31, DAY, 3), AD_OK);
	assert_string_equal(ad_code(AD_EEARLY), "too_early");
}

static void
token_late(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_view	v = view();

	(void)state;
	/* good until duration + ttl = T0 + 630, on its day */
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 630, DAY, 0), AD_OK);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 631, DAY, 0), AD_ELATE);
	/* the day turned: yesterday's view no longer counts */
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 60, DAY + 1, 0),
	    AD_ELATE);
	assert_string_equal(ad_code(AD_ELATE), "expired");
}

static void
token_reused(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_view	v = view();

	(void)state;
	v.done = 1;
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 40, DAY, 1), AD_EUSED);
	/* used wins over late and early: the answer is stable */
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 5, DAY, 1), AD_EUSED);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 9999, DAY, 1), AD_EUSED);
	assert_string_equal(ad_code(AD_EUSED), "used");
}

static void
token_wrong_member(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_view	v = view();

	(void)state;
	assert_int_equal(ad_done_check(&c, &v, 8, T0 + 40, DAY, 0), AD_EMEMBER);
	v.done = 1;
	/* another member learns nothing, not even that it was used */
	assert_int_equal(ad_done_check(&c, &v, 8, T0 + 40, DAY, 0), AD_EMEMBER);
}

static void
over_the_daily_count(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_view	v = view();

	(void)state;
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 30, DAY, 3), AD_OK);
	assert_int_equal(ad_done_check(&c, &v, 7, T0 + 30, DAY, 4), AD_ELIMIT);
	assert_string_equal(ad_code(AD_ELIMIT), "daily_limit");
	/* starting a fifth is refused too, and an ad watched today */
	assert_int_equal(ad_start_check(&c, 4, 0, 100, 0, -1), AD_ELIMIT);
	assert_int_equal(ad_start_check(&c, 3, 0, 100, 0, -1), AD_OK);
	assert_int_equal(ad_start_check(&c, 1, 1, 100, 0, -1), AD_EWATCHED);
	/* the ad's own daily views used up */
	assert_int_equal(ad_start_check(&c, 1, 0, 100, 0, 0), AD_EADBUDGET);
	assert_int_equal(ad_start_check(&c, 1, 0, 100, 0, 5), AD_OK);
	/* nothing held: nothing to watch for */
	assert_int_equal(ad_start_check(&c, 0, 0, 0, 0, -1), AD_ENOPOINTS);
}

static void
reward_one_yuan_for_one_point_and_uplines(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_plan	p;
	long long	up[AD_MAX_GEN] = { 5, 3, 1 };

	(void)state;
	/* 200 消费积分 held: 1.00 零钱 for 1.00 消费积分; 10% → 0.10 and
	 * 5% → 0.05 to the two uplines (the third is not configured) */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 0, up, &p), AD_OK);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.amount, 100);
	assert_int_equal(p.points, 100);
	assert_int_equal(p.upline, 15);
	assert_int_equal(p.l[0].act, REWARD_CONVERT);
	assert_string_equal(p.l[0].from, "MALLPTS");
	assert_string_equal(p.l[0].currency, "CHANGE");
	assert_int_equal(p.l[0].amount, 100);
	assert_int_equal(p.l[0].amount_from, 100);
	assert_string_equal(p.l[0].key, "ad.reward:7:2027-01-15");
	assert_int_equal(p.l[1].act, REWARD_CREDIT);
	assert_int_equal(p.l[1].to, 5);
	assert_int_equal(p.l[1].amount, 10);
	assert_string_equal(p.l[1].key, "ad.upline:7:2027-01-15:1");
	assert_int_equal(p.l[2].to, 3);
	assert_int_equal(p.l[2].amount, 5);
	/* no inviter: only the member's line */
	up[0] = 0;
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 0, up, &p), AD_OK);
	assert_int_equal(p.n, 1);
}

static void
points_running_out_mid_day(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_plan	p;
	int64_t		amount, points;

	(void)state;
	/* 0.40 消费积分 left (the rest spent since the first view): paid
	 * 0.40 of the reward, 0.40 taken */
	assert_int_equal(ad_reward_amount(&c, 40, 0, 0, &amount, &points), AD_OK);
	assert_int_equal(amount, 40);
	assert_int_equal(points, 40);
	/* 3.00 零钱 per 2.00 消费积分, 0.33 held: 3.00 × 33 / 200 = 0.495
	 * → 0.49 (down to the fen) */
	c.reward = 300;
	c.points = 200;
	assert_int_equal(ad_reward_amount(&c, 33, 0, 0, &amount, &points), AD_OK);
	assert_int_equal(amount, 49);
	assert_int_equal(points, 33);
	/* 0.01 held of 2.00 per reward: 1.5 fen → 1 fen */
	assert_int_equal(ad_reward_amount(&c, 1, 0, 0, &amount, &points), AD_OK);
	assert_int_equal(amount, 1);
	/* used up: nothing, and no lines */
	assert_int_equal(ad_reward_amount(&c, 0, 0, 0, &amount, &points),
	    AD_ENOPOINTS);
	assert_int_equal(amount, 0);
	c = cfg();
	c.points = 1000;	/* 0.01 held of 10.00 at 1.00: 0.1 fen → 0 */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 1, 0, NULL, &p),
	    AD_ENOPOINTS);
	assert_int_equal(p.n, 0);
}

static void
daily_caps(void **state)
{
	struct ad_cfg	c = cfg();
	int64_t		amount, points;

	(void)state;
	/* a member cap of 0.60 below the 1.00 reward: 0.60 for 1 point */
	c.member_cap = 60;
	assert_int_equal(ad_reward_amount(&c, 500, 0, 0, &amount, &points),
	    AD_OK);
	assert_int_equal(amount, 60);
	assert_int_equal(points, 100);
	/* the platform budget: 10,000.00 less 9,999.50 paid cannot pay
	 * 0.60: nothing (今日额度已发完), and no start either */
	assert_int_equal(ad_reward_amount(&c, 500, 999950, 0, &amount,
	    &points), AD_EBUDGET);
	assert_int_equal(amount, 0);
	assert_int_equal(ad_start_check(&c, 0, 0, 500, 999950, -1),
	    AD_EBUDGET);
	/* exactly enough left is paid (no inviter: 0.60 costs 0.60) */
	assert_int_equal(ad_reward_amount(&c, 500, 999940, 0, &amount,
	    &points), AD_OK);
	assert_int_equal(amount, 60);
	assert_string_equal(ad_message(AD_EBUDGET), "今日额度已发完，明天再来");
	/* a cap of 0 pays nobody */
	c.member_cap = 0;
	assert_int_equal(ad_start_check(&c, 0, 0, 500, 0, -1), AD_EBUDGET);
}

/* The budget counts the uplines' shares: a 1.00 reward with 10% and 5%
 * to two inviters costs 1.00 + 0.10 + 0.05 = 1.15 of the day's budget;
 * what is left pays all of it or nothing. */
static void
budget_counts_upline_shares(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_plan	p;
	long long	up[AD_MAX_GEN] = { 5, 3, 0 }, one[AD_MAX_GEN] = { 5 };
	int64_t		amount, points;

	(void)state;
	assert_int_equal(ad_cost(&c, 100, 0), 100);
	assert_int_equal(ad_cost(&c, 100, 1), 110);
	assert_int_equal(ad_cost(&c, 100, 2), 115);
	/* at most the configured generations count */
	assert_int_equal(ad_cost(&c, 100, 3), 115);
	/* pro rata 0.33: 0.033 → 0.03 and 0.0165 → 0.02 (half-up): 0.38 */
	assert_int_equal(ad_cost(&c, 33, 2), 38);

	/* 10,000.00 less 9,998.85 paid: 1.15 left pays the whole reward */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 999885, up, &p),
	    AD_OK);
	assert_int_equal(p.amount + p.upline, 115);
	/* 1.14 left: the member's 1.00 would fit, the shares not: nothing */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 999886, up, &p),
	    AD_EBUDGET);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.amount, 0);
	/* with one inviter the same 1.14 pays 1.00 + 0.10 = 1.10 */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 999886, one, &p),
	    AD_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.amount + p.upline, 110);
	/* 1.09 left: not even that */
	assert_int_equal(ad_reward_amount(&c, 20000, 999891, 1, &amount,
	    &points), AD_EBUDGET);
	/* no inviter: 1.00 left pays 1.00 */
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 20000, 999900, NULL, &p),
	    AD_OK);
	assert_int_equal(p.amount, 100);
	/* no start once what is left cannot pay a full reward with every
	 * configured share (1.15), even for a member without inviters */
	assert_int_equal(ad_start_check(&c, 0, 0, 500, 999885, -1), AD_OK);
	assert_int_equal(ad_start_check(&c, 0, 0, 500, 999886, -1),
	    AD_EBUDGET);
}

static void
config_refused(void **state)
{
	struct ad_cfg	c = cfg();
	struct ad_plan	p;

	(void)state;
	c.nup = 4;	/* DESIGN.md §1: at most 3 generations */
	assert_int_equal(ad_cfg_check(&c), AD_EGEN);
	assert_int_equal(ad_plan(&c, 7, "2027-01-15", 100, 0, NULL, &p),
	    AD_EGEN);
	c = cfg();
	c.up_bp[1] = 10001;
	assert_int_equal(ad_cfg_check(&c), AD_EBP);
	c = cfg();
	c.per_day = 0;
	assert_int_equal(ad_cfg_check(&c), AD_ECONFIG);
	c = cfg();
	c.nup = 3;
	assert_int_equal(ad_cfg_check(&c), AD_OK);
}

static void
words_say_the_worked_example(void **state)
{
	struct ad_cfg	c = cfg();
	char		buf[1024];

	(void)state;
	ad_words(&c, buf, sizeof(buf));
	assert_non_null(strstr(buf, "每天看完 4 个广告"));
	assert_non_null(strstr(buf, "会员所得与上级分成一并计入（一次完整奖励"
	    "连同分成最多 1.15 元）"));
	assert_non_null(strstr(buf, "今日额度已发完"));
	assert_non_null(strstr(buf, "持有 200 消费积分、每天都看完的会员，"
	    "200 天共得 200.00 元零钱"));
	/* 1.50 per 2 points: 100 days, 150.00 */
	c.reward = 150;
	c.points = 200;
	ad_words(&c, buf, sizeof(buf));
	assert_non_null(strstr(buf, "100 天共得 150.00 元零钱"));
	/* 3 points each: 66 days and 0.02 points pro rata on day 67:
	 * 66.00 + 1.00 × 2 / 3 = 66.66 */
	c.reward = 100;
	c.points = 300;
	ad_words(&c, buf, sizeof(buf));
	assert_non_null(strstr(buf, "67 天共得 66.66 元零钱"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_early_then_in_time),
		cmocka_unit_test(token_late),
		cmocka_unit_test(token_reused),
		cmocka_unit_test(token_wrong_member),
		cmocka_unit_test(over_the_daily_count),
		cmocka_unit_test(reward_one_yuan_for_one_point_and_uplines),
		cmocka_unit_test(points_running_out_mid_day),
		cmocka_unit_test(daily_caps),
		cmocka_unit_test(budget_counts_upline_shares),
		cmocka_unit_test(config_refused),
		cmocka_unit_test(words_say_the_worked_example),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
