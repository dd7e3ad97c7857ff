/* Unit tests for the chain rules (rules/chain, 链动2+1, FEATURES G1–G4):
 * status transitions and the 2+1 split, the rewards of an order with
 * worked numbers, the 见点 cut at 3 generations, 平级奖, freeze and
 * release, the pool split with an empty rank, the 3×3 spillover walk. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "chain.h"

static struct chain_conf
conf(void)
{
	struct chain_conf	c = { .direct_agent = 10000, .direct_boss = 30000,
	    .see = 20000, .see_gens = 3, .peer_bp = 1000, .freeze_bp = 2000,
	    .release_orders = 20, .pool = 4000 };
	char			msg[200];

	assert_int_equal(chain_parse_ranks("[{\"rank\":\"董事\",\"bp\":3000},"
	    "{\"rank\":\"联创\",\"bp\":3000},{\"rank\":\"合伙人\",\"bp\":4000}]",
	    &c, msg, sizeof(msg)), CHAIN_OK);
	return c;
}

static struct chain_who
who(long long id, int status, int frozen)
{
	return (struct chain_who){ .id = id, .status = status,
	    .frozen = frozen };
}

/* One package bought by buyer, nobody above yet. */
static struct chain_order_in
order_by(long long buyer)
{
	return (struct chain_order_in){ .buyer = buyer, .qty = 1 };
}

/* w with a recruiter of status st whose rewards freeze or not. */
static struct chain_who
with_inviter(struct chain_who w, long long id, int st, int frozen)
{
	w.inviter = id;
	w.inviter_status = st;
	w.inviter_frozen = frozen;
	return w;
}

static void
line_is(const struct chain_line *l, long long to, enum chain_kind k, int gen,
    int64_t amount, int64_t frozen)
{
	assert_int_equal(l->to, to);
	assert_int_equal(l->kind, k);
	assert_int_equal(l->gen, gen);
	assert_int_equal(l->amount, amount);
	assert_int_equal(l->frozen, frozen);
}

static void
join_of_recruiter_not_in_chain_is_a_root_agent(void **s)
{
	struct chain_join_in	in = { 5, 4, CHAIN_NONE, 0, 0 };
	struct chain_join_out	o;

	(void)s;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.boss, 0);
	assert_int_equal(o.counted, 0);
	assert_int_equal(o.left_slot, 0);
	assert_int_equal(o.recruiter_to_boss, 0);
	in.recruiter = 0;
	in.recruiter_status = CHAIN_AGENT;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.counted, 0);
	in.member = 0;
	assert_int_equal(chain_join(&in, &o), CHAIN_EINVAL);
}

/* The 2+1 split: recruits 1 and 2 stay in the recruiter's boss's team,
 * the 3rd makes the recruiter a boss and joins their team, later ones
 * join it too. */
static void
join_splits_two_left_behind_then_boss(void **s)
{
	struct chain_join_in	in = { 10, 2, CHAIN_AGENT, 0, 1 };
	struct chain_join_out	o;

	(void)s;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.left_slot, 1);
	assert_int_equal(o.boss, 1);
	assert_int_equal(o.counted, 1);
	assert_int_equal(o.recruiter_to_boss, 0);
	in.recruiter_agents = 1;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.left_slot, 2);
	assert_int_equal(o.boss, 1);
	in.recruiter_agents = 2;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.left_slot, 0);
	assert_int_equal(o.recruiter_to_boss, 1);
	assert_int_equal(o.boss, 2);
	in.recruiter_status = CHAIN_BOSS;
	in.recruiter_agents = 3;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.left_slot, 0);
	assert_int_equal(o.recruiter_to_boss, 0);
	assert_int_equal(o.boss, 2);
	/* a root agent's left-behind recruits are in no team */
	in.recruiter_status = CHAIN_AGENT;
	in.recruiter_agents = 0;
	in.recruiter_boss = 0;
	assert_int_equal(chain_join(&in, &o), CHAIN_OK);
	assert_int_equal(o.left_slot, 1);
	assert_int_equal(o.boss, 0);
}

static void
plan_agent_direct_100_with_20_frozen_and_pool_40(void **s)
{
	struct chain_conf	c = conf();
	struct chain_order_in	in;
	struct chain_plan	p;

	(void)s;
	in = order_by(9);
	in.direct = who(8, CHAIN_AGENT, 1);
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 1);
	line_is(&p.l[0], 8, CHAIN_DIRECT, 1, 10000, 2000);
	assert_int_equal(p.pool, 4000);
	/* released: nothing frozen; two packages: twice */
	in.direct.frozen = 0;
	in.qty = 2;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	line_is(&p.l[0], 8, CHAIN_DIRECT, 1, 20000, 0);
	assert_int_equal(p.pool, 8000);
	/* a recruiter who is not an agent earns nothing */
	in.direct.status = CHAIN_NONE;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 0);
}

/* A boss's direct recruit: 300 to the boss and no 见点 on top; the boss's
 * recruiter, a boss, takes 10% of it (平级奖). */
static void
plan_boss_direct_300_and_peer_30(void **s)
{
	struct chain_conf	c = conf();
	struct chain_order_in	in;
	struct chain_plan	p;

	(void)s;
	in = order_by(9);
	in.direct = with_inviter(who(8, CHAIN_BOSS, 1), 7, CHAIN_BOSS, 0);
	in.boss = in.direct;
	in.boss_depth = 1;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 2);
	line_is(&p.l[0], 8, CHAIN_DIRECT, 1, 30000, 6000);
	line_is(&p.l[1], 7, CHAIN_PEER, 2, 3000, 0);
	assert_int_equal(p.l[1].from, 8);
	/* the recruiter's recruiter is only an agent: no 平级奖 */
	in.direct.inviter_status = CHAIN_AGENT;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 1);
}

/* An agent's left-behind recruit buys: the agent gets 100, the team's
 * boss two levels up gets 见点 200, and the boss's boss recruiter 平级奖
 * 20 (generation 3). */
static void
plan_see_and_peer_within_three_generations(void **s)
{
	struct chain_conf	c = conf();
	struct chain_order_in	in;
	struct chain_plan	p;

	(void)s;
	in = order_by(20);
	in.direct = who(19, CHAIN_AGENT, 1);
	in.boss = with_inviter(who(10, CHAIN_BOSS, 1), 3, CHAIN_BOSS, 1);
	in.boss_depth = 2;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 3);
	line_is(&p.l[0], 19, CHAIN_DIRECT, 1, 10000, 2000);
	line_is(&p.l[1], 10, CHAIN_SEE, 2, 20000, 4000);
	line_is(&p.l[2], 3, CHAIN_PEER, 3, 2000, 400);
	/* at depth 3 the 见点 is paid, the 平级奖 would be generation 4: not */
	in.boss_depth = 3;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 2);
	line_is(&p.l[1], 10, CHAIN_SEE, 3, 20000, 4000);
}

/* 见点 stops at 3 generations whatever see_gens says; a smaller setting
 * cuts earlier; a larger one is refused citing DESIGN.md §1. */
static void
see_cut_at_three_generations(void **s)
{
	struct chain_conf	c = conf();
	struct chain_order_in	in;
	struct chain_plan	p;
	char			msg[300];

	(void)s;
	in = order_by(20);
	in.boss = who(10, CHAIN_BOSS, 0);
	in.boss_depth = 4;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 0);
	c.see_gens = 9;		/* even if a caller skipped the check */
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(chain_conf_check(&c, msg, sizeof(msg)), CHAIN_EINVAL);
	assert_non_null(strstr(msg, "DESIGN.md §1"));
	c.see_gens = 2;
	assert_int_equal(chain_conf_check(&c, msg, sizeof(msg)), CHAIN_OK);
	in.boss_depth = 3;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 0);
	in.boss_depth = 2;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 1);
	/* the boss buying themselves earns nothing */
	in.buyer = 10;
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	assert_int_equal(p.n, 0);
}

static void
freeze_rounds_half_up(void **s)
{
	struct chain_conf	c = conf();
	struct chain_order_in	in;
	struct chain_plan	p;

	(void)s;
	c.direct_agent = 5;	/* 20% of 0.05 = 0.01 */
	in = order_by(2);
	in.direct = who(1, CHAIN_AGENT, 1);
	assert_int_equal(chain_plan_order(&c, &in, &p), CHAIN_OK);
	line_is(&p.l[0], 1, CHAIN_DIRECT, 1, 5, 1);
}

static void
release_needs_both_left_behind_and_more_than_n_orders(void **s)
{
	struct chain_conf c = conf();

	(void)s;
	assert_false(chain_release_due(&c, 1, 100));
	assert_false(chain_release_due(&c, 2, 20));
	assert_true(chain_release_due(&c, 2, 21));
	c.release_orders = 0;
	assert_false(chain_release_due(&c, 0, 5));
	assert_true(chain_release_due(&c, 2, 1));
}

/* 1000.00 in the pool: 董事 1 member → 300.00; 联创 nobody → its 300.00
 * stays; 合伙人 3 members → 400.00 / 3 = 133.33 each, 0.01 stays. */
static void
pool_split_by_rank_empty_rank_keeps_share(void **s)
{
	struct chain_conf	c = conf();
	long long		count[3] = { 1, 0, 3 };
	int64_t			per[3], paid;

	(void)s;
	assert_int_equal(chain_pool_split(&c, 100000, count, per, &paid),
	    CHAIN_OK);
	assert_int_equal(per[0], 30000);
	assert_int_equal(per[1], 0);
	assert_int_equal(per[2], 13333);
	assert_int_equal(paid, 30000 + 39999);
	assert_int_equal(chain_pool_split(&c, -1, count, per, &paid),
	    CHAIN_EINVAL);
}

static void
ranks_parse_and_check(void **s)
{
	struct chain_conf	c = conf();
	char			msg[200];

	(void)s;
	assert_int_equal(c.nranks, 3);
	assert_string_equal(c.ranks[2].name, "合伙人");
	assert_int_equal(c.ranks[2].bp, 4000);
	assert_int_equal(chain_parse_ranks("[{\"rank\":\"a\",\"bp\":6000},"
	    "{\"rank\":\"b\",\"bp\":6000}]", &c, msg, sizeof(msg)), CHAIN_OK);
	assert_int_equal(chain_conf_check(&c, msg, sizeof(msg)), CHAIN_EINVAL);
	assert_int_equal(chain_parse_ranks("{}", &c, msg, sizeof(msg)),
	    CHAIN_EINVAL);
	assert_int_equal(chain_parse_ranks("[{\"rank\":\"a\",\"bp\":1},"
	    "{\"rank\":\"a\",\"bp\":1}]", &c, msg, sizeof(msg)), CHAIN_EINVAL);
	assert_int_equal(chain_parse_ranks("[{\"rank\":\"a\"}]", &c, msg,
	    sizeof(msg)), CHAIN_EINVAL);
	/* a name that is not UTF-8 (found by fuzz_chain) */
	assert_int_equal(chain_parse_ranks("[{\"rank\":\"\x9b\x9f\",\"bp\":1}]",
	    &c, msg, sizeof(msg)), CHAIN_EINVAL);
}

/* The first 40 recruits under 3×3 spillover, worked by hand. */
static void
spill_walks_the_first_40_recruits(void **s)
{
	static const struct { int line, level; long long index; } want[40] = {
		{ 1, 1, 0 }, { 2, 1, 0 }, { 3, 1, 0 },			/* 1–3 */
		{ 3, 2, 0 }, { 3, 2, 1 },				/* 4–5 */
		{ 1, 2, 0 }, { 2, 2, 0 }, { 1, 2, 1 }, { 2, 2, 1 },	/* 6–9 */
		{ 3, 3, 0 }, { 3, 3, 1 }, { 3, 3, 2 }, { 3, 3, 3 },	/* 10–13 */
		{ 1, 3, 0 }, { 2, 3, 0 }, { 1, 3, 1 }, { 2, 3, 1 },	/* 14–21 */
		{ 1, 3, 2 }, { 2, 3, 2 }, { 1, 3, 3 }, { 2, 3, 3 },
		{ 3, 4, 0 }, { 3, 4, 1 }, { 3, 4, 2 }, { 3, 4, 3 },	/* 22–29 */
		{ 3, 4, 4 }, { 3, 4, 5 }, { 3, 4, 6 }, { 3, 4, 7 },
		{ 1, 4, 0 }, { 2, 4, 0 }, { 1, 4, 1 }, { 2, 4, 1 },	/* 30–45 */
		{ 1, 4, 2 }, { 2, 4, 2 }, { 1, 4, 3 }, { 2, 4, 3 },
		{ 1, 4, 4 }, { 2, 4, 4 }, { 1, 4, 5 },
	};
	int		line, level, i;
	long long	index;

	(void)s;
	for (i = 0; i < 40; i++) {
		assert_int_equal(chain_spill(i + 1, &line, &level, &index),
		    CHAIN_OK);
		assert_int_equal(line, want[i].line);
		assert_int_equal(level, want[i].level);
		assert_int_equal(index, want[i].index);
	}
	assert_int_equal(chain_spill(0, &line, &level, &index), CHAIN_EINVAL);
}

static void
words_come_from_the_configuration(void **s)
{
	struct chain_conf	c = conf();
	char			w[8][CHAIN_WORDS];
	size_t			n, i;
	int			found = 0;

	(void)s;
	c.see_gens = 2;
	c.release_orders = 5;
	n = chain_words(&c, w, 8);
	assert_true(n >= 6);
	for (i = 0; i < n; i++) {
		if (strstr(w[i], "¥300.00") && strstr(w[i], "2 代以内"))
			found |= 1;
		if (strstr(w[i], "超过 5 单") && strstr(w[i], "20%"))
			found |= 2;
		if (strstr(w[i], "合伙人 40%"))
			found |= 4;
	}
	assert_int_equal(found, 7);
	for (i = 0; i < n; i++)
		assert_null(strstr(w[i], "三三滑落"));
	c.spill = 1;
	n = chain_words(&c, w, 8);
	for (i = 0, found = 0; i < n; i++)
		if (strstr(w[i], "三三滑落") && strstr(w[i], "第 6–9 位"))
			found = 1;
	assert_int_equal(found, 1);
}

/* The codes stored in chain_members.status and chain_rewards.kind read
 * back as what wrote them; no chain row is CHAIN_NONE. */
static void
codes_read_back(void **state)
{
	int	k;

	(void)state;
	assert_int_equal(chain_status_of(NULL), CHAIN_NONE);
	assert_int_equal(chain_status_of("agent"), CHAIN_AGENT);
	assert_int_equal(chain_status_of("boss"), CHAIN_BOSS);
	for (k = CHAIN_DIRECT; k <= CHAIN_PEER; k++)
		assert_int_equal(chain_kind_of(chain_kind_code(k)), k);
	assert_int_equal(chain_kind_of("bonus"), -1);
	assert_int_equal(chain_kind_of(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(join_of_recruiter_not_in_chain_is_a_root_agent),
		cmocka_unit_test(join_splits_two_left_behind_then_boss),
		cmocka_unit_test(plan_agent_direct_100_with_20_frozen_and_pool_40),
		cmocka_unit_test(plan_boss_direct_300_and_peer_30),
		cmocka_unit_test(plan_see_and_peer_within_three_generations),
		cmocka_unit_test(see_cut_at_three_generations),
		cmocka_unit_test(freeze_rounds_half_up),
		cmocka_unit_test(release_needs_both_left_behind_and_more_than_n_orders),
		cmocka_unit_test(pool_split_by_rank_empty_rank_keeps_share),
		cmocka_unit_test(ranks_parse_and_check),
		cmocka_unit_test(spill_walks_the_first_40_recruits),
		cmocka_unit_test(words_come_from_the_configuration),
		cmocka_unit_test(codes_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
