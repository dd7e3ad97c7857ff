/* Unit tests for reward lines (rules/reward): every action's legs with
 * worked numbers, and the lines that are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "reward.h"

static void
leg_is(const struct reward_leg *g, int system, long long member,
    const char *kind, const char *currency, int64_t amount)
{
	assert_int_equal(g->system, system);
	if (!system)
		assert_int_equal(g->member, member);
	assert_string_equal(g->kind, kind);
	assert_string_equal(g->currency, currency);
	assert_int_equal(g->amount, amount);
}

static int64_t
sum(const struct reward_leg *g, int n, const char *currency)
{
	int64_t	s = 0;
	int	i;

	for (i = 0; i < n; i++)
		if (strcmp(g[i].currency, currency) == 0)
			s += g[i].amount;
	return s;
}

static struct reward_line
line(enum reward_act act)
{
	struct reward_line l;

	memset(&l, 0, sizeof(l));
	l.act = act;
	l.to = 42;
	l.currency = "CHANGE";
	l.amount = 1250;		/* 12.50 */
	l.kind = "gb.reward";
	l.key = "gb.rw:7:0:3";
	l.memo = "拼团 #7 中奖奖励";
	return l;
}

static void
credit_pays_from_issue_by_default(void **state)
{
	struct reward_line	l = line(REWARD_CREDIT);
	struct reward_leg	g[4];

	(void)state;
	assert_int_equal(reward_legs(&l, g), 2);
	leg_is(&g[0], 1, 0, "issue", "CHANGE", -1250);
	leg_is(&g[1], 0, 42, "main", "CHANGE", 1250);
}

static void
credit_pays_from_the_named_source(void **state)
{
	struct reward_line	l = line(REWARD_CREDIT);
	struct reward_leg	g[4];

	(void)state;
	l.source = "revenue";
	l.currency = "POINTS";
	l.amount = 5500;	/* ¥55 order → 55.00 消费积分 */
	assert_int_equal(reward_legs(&l, g), 2);
	leg_is(&g[0], 1, 0, "revenue", "POINTS", -5500);
	leg_is(&g[1], 0, 42, "main", "POINTS", 5500);
}

static void
convert_one_to_one_is_four_legs(void **state)
{
	struct reward_line	l = line(REWARD_CONVERT);
	struct reward_leg	g[4];

	(void)state;
	l.from = "RED";
	l.currency = "GREEN";
	l.amount = 300;
	assert_int_equal(reward_legs(&l, g), 4);
	leg_is(&g[0], 0, 42, "main", "RED", -300);
	leg_is(&g[1], 1, 0, "issue", "RED", 300);
	leg_is(&g[2], 1, 0, "issue", "GREEN", -300);
	leg_is(&g[3], 0, 42, "main", "GREEN", 300);
	assert_int_equal(sum(g, 4, "RED"), 0);
	assert_int_equal(sum(g, 4, "GREEN"), 0);
}

static void
convert_at_a_rate_gives_up_amount_from(void **state)
{
	struct reward_line	l = line(REWARD_CONVERT);
	struct reward_leg	g[4];

	(void)state;
	/* 10:1 — 123.40 积分 become 12.34 零钱 */
	l.from = "POINTS";
	l.currency = "CHANGE";
	l.amount_from = 12340;
	l.amount = 1234;
	assert_int_equal(reward_legs(&l, g), 4);
	leg_is(&g[0], 0, 42, "main", "POINTS", -12340);
	leg_is(&g[1], 1, 0, "issue", "POINTS", 12340);
	leg_is(&g[2], 1, 0, "issue", "CHANGE", -1234);
	leg_is(&g[3], 0, 42, "main", "CHANGE", 1234);
}

static void
release_is_gold_into_change(void **state)
{
	struct reward_line	l = line(REWARD_RELEASE);
	struct reward_leg	g[4];

	(void)state;
	/* 3‱ of 1000.00 购物金: 0.30 released */
	l.from = "GOLD";
	l.amount = 30;
	l.capped = 1;
	assert_int_equal(reward_legs(&l, g), 4);
	leg_is(&g[0], 0, 42, "main", "GOLD", -30);
	leg_is(&g[1], 1, 0, "issue", "GOLD", 30);
	leg_is(&g[2], 1, 0, "issue", "CHANGE", -30);
	leg_is(&g[3], 0, 42, "main", "CHANGE", 30);
}

static void
pool_in_moves_between_system_accounts(void **state)
{
	struct reward_line	l = line(REWARD_POOL_IN);
	struct reward_leg	g[4];

	(void)state;
	l.to = 0;
	l.pool = "pool.daily";
	l.amount = 99;
	assert_int_equal(reward_legs(&l, g), 2);
	leg_is(&g[0], 1, 0, "issue", "CHANGE", -99);
	leg_is(&g[1], 1, 0, "pool.daily", "CHANGE", 99);
	l.source = "revenue";
	assert_int_equal(reward_legs(&l, g), 2);
	leg_is(&g[0], 1, 0, "revenue", "CHANGE", -99);
}

static void
pool_share_pays_a_member_from_the_pool(void **state)
{
	struct reward_line	l = line(REWARD_POOL_SHARE);
	struct reward_leg	g[4];

	(void)state;
	l.pool = "pool.monthly";
	l.amount = 3333;
	assert_int_equal(reward_legs(&l, g), 2);
	leg_is(&g[0], 1, 0, "pool.monthly", "CHANGE", -3333);
	leg_is(&g[1], 0, 42, "main", "CHANGE", 3333);
}

static void
lines_missing_what_they_need_are_refused(void **state)
{
	struct reward_line	l;
	struct reward_leg	g[4];

	(void)state;
	l = line(REWARD_CREDIT); l.amount = 0;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.amount = -5;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.to = 0;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.key = NULL;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.key = "";
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.kind = NULL;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_CREDIT); l.currency = NULL;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	/* a conversion without its source currency, or into itself */
	l = line(REWARD_CONVERT);
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.from = "CHANGE";
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.from = "GOLD"; l.amount_from = -1;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	/* capping scales both sides together: a rate cannot be capped */
	l.amount_from = 2500; l.capped = 1;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.amount_from = 1250;
	assert_int_equal(reward_legs(&l, g), 4);
	/* pools: named, pool-in pays no member, a share pays one */
	l = line(REWARD_POOL_IN); l.to = 0;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.pool = "pool.daily"; l.to = 42;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.to = 0; l.source = "pool.daily";
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line(REWARD_POOL_SHARE);
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l.pool = "pool.daily"; l.to = 0;
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	l = line((enum reward_act)17);
	assert_int_equal(reward_legs(&l, g), REWARD_EINVAL);
	assert_int_equal(reward_legs(NULL, g), REWARD_EINVAL);
}

static void
actions_have_chinese_labels(void **state)
{
	(void)state;
	assert_string_equal(reward_act_label(REWARD_CREDIT), "发放");
	assert_string_equal(reward_act_label(REWARD_CONVERT), "转换");
	assert_string_equal(reward_act_label(REWARD_RELEASE), "释放");
	assert_string_equal(reward_act_label(REWARD_POOL_IN), "计入奖池");
	assert_string_equal(reward_act_label(REWARD_POOL_SHARE), "奖池分配");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(credit_pays_from_issue_by_default),
		cmocka_unit_test(credit_pays_from_the_named_source),
		cmocka_unit_test(convert_one_to_one_is_four_legs),
		cmocka_unit_test(convert_at_a_rate_gives_up_amount_from),
		cmocka_unit_test(release_is_gold_into_change),
		cmocka_unit_test(pool_in_moves_between_system_accounts),
		cmocka_unit_test(pool_share_pays_a_member_from_the_pool),
		cmocka_unit_test(lines_missing_what_they_need_are_refused),
		cmocka_unit_test(actions_have_chinese_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
