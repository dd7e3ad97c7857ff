/* Unit tests for the queue rebate's rules (rules/queue): the ratio
 * precedence with a worked number per source, tiers at their edges, the
 * lottery, exchange, the 168 example, rounding and FIFO. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "queue.h"

static const uint8_t SEED[32] = "queue-lottery-test-seed-32bytes";

/* The plugin: default 100%, levels leader 120%, lottery [10%,20%,50%]
 * unless told otherwise. */
static struct queue_conf
plugin(int levels, int lottery)
{
	struct queue_conf	c;
	char			err[200];

	queue_conf_init(&c);
	c.ratio_bp = 10000;
	if (levels)
		assert_int_equal(queue_parse_levels(
		    "[{\"level\":\"leader\",\"bp\":12000}]", &c, err,
		    sizeof(err)), QUEUE_OK);
	if (lottery)
		assert_int_equal(queue_parse_lottery("[1000,2000,5000]",
		    &c.lottery, err, sizeof(err)), QUEUE_OK);
	return c;
}

/* A product with every source set: levels owner 150%, tiers 30 days
 * ≥ 2000 → 50%, ≥ 5000 → 80%, lottery range 30–60%, own 130%. */
static struct queue_conf
product_all(void)
{
	struct queue_conf	c;
	char			err[200];

	queue_conf_init(&c);
	assert_int_equal(queue_parse_levels(
	    "[{\"level\":\"owner\",\"bp\":15000}]", &c, err, sizeof(err)),
	    QUEUE_OK);
	assert_int_equal(queue_parse_tiers("{\"days\":30,\"tiers\":["
	    "{\"min\":\"2000.00\",\"bp\":5000},{\"min\":\"5000.00\",\"bp\":8000}]}",
	    &c, err, sizeof(err)), QUEUE_OK);
	assert_int_equal(queue_parse_lottery("[{\"min\":3000,\"max\":6000}]",
	    &c.lottery, err, sizeof(err)), QUEUE_OK);
	c.ratio_bp = 13000;
	return c;
}

static struct queue_member
member(const char *level, const char *label, int64_t spend)
{
	struct queue_member m;

	memset(&m, 0, sizeof(m));
	if (level != NULL) {
		m.levels[0] = level;
		m.labels[0] = label;
		m.nlevels = 1;
	}
	m.spend = spend;
	return m;
}

static void
product_level_wins_over_everything(void **state)
{
	struct queue_conf	p = product_all(), g = plugin(1, 1);
	struct queue_member	m = member("owner", "群主", 999999);
	struct queue_ratio	r;
	int64_t			e;

	(void)state;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PRODUCT_LEVEL);
	assert_int_equal(r.bp, 15000);
	assert_int_equal(r.lottery, QSRC_NONE);
	assert_string_equal(r.words, "按商品会员等级 群主 比例 150%");
	/* ¥100.00 at 150% → 150.00 */
	assert_int_equal(queue_entitlement(10000, r.bp, &e), QUEUE_OK);
	assert_int_equal(e, 15000);
	assert_string_equal(queue_src_code(r.src), "product_level");
}

static void
plugin_level_comes_second(void **state)
{
	struct queue_conf	p = product_all(), g = plugin(1, 1);
	struct queue_member	m = member("leader", "V2", 999999);
	struct queue_ratio	r;
	int64_t			e;

	(void)state;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PLUGIN_LEVEL);
	assert_int_equal(r.bp, 12000);
	assert_string_equal(r.words, "按会员等级 V2 比例 120%");
	/* ¥88.00 at 120% → 105.60 */
	assert_int_equal(queue_entitlement(8800, r.bp, &e), QUEUE_OK);
	assert_int_equal(e, 10560);
	assert_string_equal(queue_src_code(r.src), "level");
}

static void
tiers_decide_at_their_edges(void **state)
{
	struct queue_conf	p = product_all(), g = plugin(1, 1);
	struct queue_member	m;
	struct queue_ratio	r;
	int64_t			e;

	(void)state;
	/* exactly ¥2000.00 reaches the first tier: 50% */
	m = member(NULL, NULL, 200000);
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PRODUCT_TIER);
	assert_int_equal(r.bp, 5000);
	assert_string_equal(r.words, "按近 30 天累计消费满 ¥2000.00 比例 50%");
	assert_int_equal(queue_entitlement(16800, r.bp, &e), QUEUE_OK);
	assert_int_equal(e, 8400);	/* 168.00 × 50% = 84.00 */
	/* ¥4999.99: still the first; ¥5000.00: the second, 80% */
	m.spend = 499999;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.bp, 5000);
	m.spend = 500000;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PRODUCT_TIER);
	assert_int_equal(r.bp, 8000);
	/* ¥1999.99 reaches none: the product's lottery is offered and its
	 * own 130% decides until the draw */
	m.spend = 199999;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PRODUCT);
	assert_int_equal(r.bp, 13000);
	assert_int_equal(r.lottery, QSRC_PRODUCT_LOTTERY);
	assert_string_equal(r.words, "按商品返利比例 130%");
}

static void
plugin_lottery_when_the_product_has_none(void **state)
{
	struct queue_conf	p, g = plugin(0, 1);
	struct queue_member	m = member(NULL, NULL, 0);
	struct queue_ratio	r;

	(void)state;
	queue_conf_init(&p);
	p.ratio_bp = 13000;
	assert_int_equal(queue_ratio(&p, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_PRODUCT);
	assert_int_equal(r.lottery, QSRC_PLUGIN_LOTTERY);
	/* no product conf at all: the plugin default, lottery offered */
	assert_int_equal(queue_ratio(NULL, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.src, QSRC_DEFAULT);
	assert_int_equal(r.bp, 10000);
	assert_string_equal(r.words, "按默认比例 100%");
	assert_int_equal(r.lottery, QSRC_PLUGIN_LOTTERY);
	/* without a lottery anywhere: none offered */
	g = plugin(0, 0);
	assert_int_equal(queue_ratio(NULL, &g, &m, &r), QUEUE_OK);
	assert_int_equal(r.lottery, QSRC_NONE);
	/* a plugin without its default is refused */
	g.ratio_bp = -1;
	assert_int_equal(queue_ratio(NULL, &g, &m, &r), QUEUE_EINVAL);
}

static void
the_168_example(void **state)
{
	int64_t e, f;

	(void)state;
	/* paid 168, ratio 130%, extraction 65% → 218.40 and 109.20 */
	assert_int_equal(queue_entitlement(16800, 13000, &e), QUEUE_OK);
	assert_int_equal(queue_funding(16800, 6500, &f), QUEUE_OK);
	assert_int_equal(e, 21840);
	assert_int_equal(f, 10920);
}

static void
rounding_is_half_up_to_the_fen(void **state)
{
	int64_t v;

	(void)state;
	/* 0.05 × 50% = 0.025 → 0.03; 0.05 × 30% = 0.015 → 0.02;
	 * 0.01 × 49% = 0.0049 → 0.00; 33.33 × 33.33% = 11.108889 → 11.11 */
	assert_int_equal(queue_entitlement(5, 5000, &v), QUEUE_OK);
	assert_int_equal(v, 3);
	assert_int_equal(queue_funding(5, 3000, &v), QUEUE_OK);
	assert_int_equal(v, 2);
	assert_int_equal(queue_funding(1, 4900, &v), QUEUE_OK);
	assert_int_equal(v, 0);
	assert_int_equal(queue_entitlement(3333, 3333, &v), QUEUE_OK);
	assert_int_equal(v, 1111);
	assert_int_equal(queue_entitlement(-1, 3333, &v), QUEUE_EINVAL);
	assert_int_equal(queue_entitlement(1, QUEUE_BP_MAX + 1, &v),
	    QUEUE_EINVAL);
	assert_int_equal(queue_entitlement(INT64_MAX / 2, 20000, &v),
	    QUEUE_ERANGE);
}

static void
fifo_pays_in_order_and_stops_where_the_money_ends(void **state)
{
	struct queue_wait	w[3] = { { 1, 21840 }, { 2, 5000 }, { 3, 7000 } };
	struct queue_pay	out[3];
	int64_t			left;
	size_t			n;

	(void)state;
	/* 109.20 into 218.40, 50.00, 70.00: the first gets all of it */
	n = queue_allocate(10920, w, 3, out, &left);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, 1);
	assert_int_equal(out[0].amount, 10920);
	assert_false(out[0].done);
	assert_int_equal(left, 0);
	/* 300.00: 218.40 + 50.00 + 31.60 of the third */
	n = queue_allocate(30000, w, 3, out, &left);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].amount, 21840);
	assert_true(out[0].done);
	assert_int_equal(out[1].amount, 5000);
	assert_true(out[1].done);
	assert_int_equal(out[2].amount, 3160);
	assert_false(out[2].done);
	assert_int_equal(left, 0);
	/* more than all of them: everyone done, the rest stays */
	n = queue_allocate(40000, w, 3, out, &left);
	assert_int_equal(n, 3);
	assert_true(out[2].done);
	assert_int_equal(left, 40000 - 33840);
	/* nothing: nothing written */
	assert_int_equal(queue_allocate(0, w, 3, out, &left), 0);
}

/* 1000 fundings of 0.07 over entitlements 1.00, 2.50, 0.33, … (the
 * same queue kept between fundings as the service keeps it): every
 * entitlement is paid in order, none above its amount, and the sum paid
 * equals the sum funded while anyone waits. */
static void
fifo_across_many_small_fundings(void **state)
{
	enum { N = 40, FUND = 1000 };
	int64_t			owed[N], amount[N], paid[N], left = 0, funded = 0,
				total_paid = 0;
	struct queue_wait	w[N];
	struct queue_pay	out[N];
	size_t			i, k, n, head = 0;
	long long		last = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		amount[i] = owed[i] = 33 + (int64_t)(i * 97 % 250);
		paid[i] = 0;
	}
	for (k = 0; k < FUND; k++) {
		left += 7;
		funded += 7;
		for (i = head, n = 0; i < N; i++, n++) {
			w[n].id = (long long)i + 1;
			w[n].owed = owed[i];
		}
		n = queue_allocate(left, w, n, out, &left);
		for (i = 0; i < n; i++) {
			size_t e = (size_t)out[i].id - 1;

			assert_true(out[i].id >= last);	/* never backwards */
			last = out[i].id;
			owed[e] -= out[i].amount;
			paid[e] += out[i].amount;
			total_paid += out[i].amount;
			assert_true(paid[e] <= amount[e]);
			if (out[i].done) {
				assert_int_equal(owed[e], 0);
				head = e + 1;
			}
		}
		if (head < N)
			assert_int_equal(total_paid, funded);
	}
	/* 7000 funded over a queue owing less: everyone paid in full */
	for (i = 0; i < N; i++)
		assert_int_equal(paid[i], amount[i]);
	assert_int_equal(total_paid + left, funded);
}

static void
lottery_draws_from_its_options_on_the_fair_stream(void **state)
{
	struct queue_lottery	l;
	char			err[200];
	int64_t			bp, again;
	int			seen[3] = { 0, 0, 0 };
	long long		id;

	(void)state;
	assert_int_equal(queue_parse_lottery("[1000,2000,5000]", &l, err,
	    sizeof(err)), QUEUE_OK);
	assert_int_equal(l.nopt, 3);
	for (id = 1; id <= 200; id++) {
		assert_int_equal(queue_lottery_draw(&l, SEED, sizeof(SEED), id,
		    &bp), QUEUE_OK);
		assert_true(bp == 1000 || bp == 2000 || bp == 5000);
		seen[bp == 1000 ? 0 : bp == 2000 ? 1 : 2]++;
		/* the same seed and id give the same draw (verifiable) */
		assert_int_equal(queue_lottery_draw(&l, SEED, sizeof(SEED), id,
		    &again), QUEUE_OK);
		assert_int_equal(again, bp);
	}
	assert_true(seen[0] > 30 && seen[1] > 30 && seen[2] > 30);
	/* a range: every draw inside, both ends reachable over many ids */
	assert_int_equal(queue_parse_lottery("[{\"min\":3000,\"max\":3003}]",
	    &l, err, sizeof(err)), QUEUE_OK);
	memset(seen, 0, sizeof(seen));
	for (id = 1; id <= 200; id++) {
		assert_int_equal(queue_lottery_draw(&l, SEED, sizeof(SEED), id,
		    &bp), QUEUE_OK);
		assert_true(bp >= 3000 && bp <= 3003);
		if (bp == 3000)
			seen[0]++;
		if (bp == 3003)
			seen[2]++;
	}
	assert_true(seen[0] > 0 && seen[2] > 0);
	{
		char w[QUEUE_WORDS];

		queue_lottery_words(QSRC_PLUGIN_LOTTERY, 2000, w);
		assert_string_equal(w, "按抽奖结果 比例 20%");
		queue_lottery_words(QSRC_PRODUCT_LOTTERY, 1250, w);
		assert_string_equal(w, "按商品抽奖结果 比例 12.5%");
	}
}

static void
lottery_config_is_checked(void **state)
{
	struct queue_lottery	l;
	char			err[200];

	(void)state;
	assert_int_equal(queue_parse_lottery("[]", &l, err, sizeof(err)),
	    QUEUE_OK);
	assert_false(queue_lottery_on(&l));
	assert_int_equal(queue_parse_lottery("[1000,\"x\"]", &l, err,
	    sizeof(err)), QUEUE_EINVAL);
	assert_false(queue_lottery_on(&l));
	assert_int_equal(queue_parse_lottery("[{\"min\":5000,\"max\":1000}]",
	    &l, err, sizeof(err)), QUEUE_EINVAL);
	assert_int_equal(queue_parse_lottery("[100001]", &l, err,
	    sizeof(err)), QUEUE_EINVAL);
	assert_int_equal(queue_parse_lottery("{", &l, err, sizeof(err)),
	    QUEUE_EINVAL);
	assert_non_null(strstr(err, "抽奖比例"));
}

static void
tiers_and_levels_config_is_checked(void **state)
{
	struct queue_conf	c;
	char			err[200];

	(void)state;
	queue_conf_init(&c);
	/* tiers must rise */
	assert_int_equal(queue_parse_tiers("{\"days\":30,\"tiers\":["
	    "{\"min\":\"50.00\",\"bp\":5000},{\"min\":\"20.00\",\"bp\":8000}]}",
	    &c, err, sizeof(err)), QUEUE_EINVAL);
	assert_int_equal(c.tiers.n, 0);
	assert_int_equal(queue_parse_tiers("{\"days\":0,\"tiers\":[]}", &c,
	    err, sizeof(err)), QUEUE_EINVAL);
	assert_int_equal(queue_parse_levels("[{\"level\":\"leader\"}]", &c,
	    err, sizeof(err)), QUEUE_EINVAL);
	assert_int_equal(queue_parse_levels(NULL, &c, err, sizeof(err)),
	    QUEUE_OK);
	assert_int_equal(c.nlevels, 0);
}

static void
exchange_at_a_rate(void **state)
{
	int64_t c;

	(void)state;
	/* 218.40 owed, 100.00 exchanged at 10 积分 per ¥1 (100000 bp) →
	 * 1000.00 积分; at 95% → 95.00 */
	assert_int_equal(queue_exchange(21840, 10000, 100000, &c), QUEUE_OK);
	assert_int_equal(c, 100000);
	assert_int_equal(queue_exchange(21840, 10000, 9500, &c), QUEUE_OK);
	assert_int_equal(c, 9500);
	/* all of it; half up: 0.01 at 50% → 0.01 */
	assert_int_equal(queue_exchange(21840, 21840, 10000, &c), QUEUE_OK);
	assert_int_equal(c, 21840);
	assert_int_equal(queue_exchange(1, 1, 5000, &c), QUEUE_OK);
	assert_int_equal(c, 1);
	/* more than owed, nothing, a closed rate, a credit of 0 */
	assert_int_equal(queue_exchange(21840, 21841, 10000, &c), QUEUE_EINVAL);
	assert_int_equal(queue_exchange(21840, 0, 10000, &c), QUEUE_EINVAL);
	assert_int_equal(queue_exchange(21840, 100, 0, &c), QUEUE_EINVAL);
	assert_int_equal(queue_exchange(21840, 1, 4900, &c), QUEUE_EINVAL);
}

static void
reset_calendar(void **state)
{
	(void)state;
	assert_int_equal(queue_reset_due("daily", NULL, "2026-12-06"), 0);
	assert_int_equal(queue_reset_due("daily", "2026-12-05", "2026-12-06"), 1);
	assert_int_equal(queue_reset_due("daily", "2026-12-06", "2026-12-06"), 0);
	/* 2026-12-06 is a Sunday, 12-07 a Monday */
	assert_int_equal(queue_reset_due("weekly", "2026-12-01", "2026-12-06"), 0);
	assert_int_equal(queue_reset_due("weekly", "2026-12-06", "2026-12-07"), 1);
	assert_int_equal(queue_reset_due("monthly", "2026-12-01", "2026-12-31"), 0);
	assert_int_equal(queue_reset_due("monthly", "2026-11-30", "2026-12-01"), 1);
	assert_int_equal(queue_reset_due("never", "2020-01-01", "2026-12-01"), 0);
	assert_int_equal(queue_reset_due("hourly", "2026-12-01", "2026-12-02"),
	    QUEUE_EINVAL);
	assert_int_equal(queue_reset_due("daily", "2026-12-01", "12/02/2026"),
	    QUEUE_EINVAL);
}

static void
wait_estimate(void **state)
{
	char p[32];

	(void)state;
	/* 500.00 ahead, 700.00 funded in 7 days (100.00 a day) → 5 days;
	 * 500.01 → 6; nothing ahead → 0; no funding → no estimate */
	assert_int_equal(queue_wait_days(50000, 70000), 5);
	assert_int_equal(queue_wait_days(50001, 70000), 6);
	assert_int_equal(queue_wait_days(0, 70000), 0);
	assert_int_equal(queue_wait_days(100, 0), -1);
	assert_string_equal(queue_pct(13000, p), "130%");
	assert_string_equal(queue_pct(1234, p), "12.34%");
	assert_string_equal(queue_pct(0, p), "0%");
	assert_int_equal(queue_src_parse("product_tier"), QSRC_PRODUCT_TIER);
	assert_int_equal(queue_src_parse("nope"), QSRC_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(product_level_wins_over_everything),
		cmocka_unit_test(plugin_level_comes_second),
		cmocka_unit_test(tiers_decide_at_their_edges),
		cmocka_unit_test(plugin_lottery_when_the_product_has_none),
		cmocka_unit_test(the_168_example),
		cmocka_unit_test(rounding_is_half_up_to_the_fen),
		cmocka_unit_test(fifo_pays_in_order_and_stops_where_the_money_ends),
		cmocka_unit_test(fifo_across_many_small_fundings),
		cmocka_unit_test(lottery_draws_from_its_options_on_the_fair_stream),
		cmocka_unit_test(lottery_config_is_checked),
		cmocka_unit_test(tiers_and_levels_config_is_checked),
		cmocka_unit_test(exchange_at_a_rate),
		cmocka_unit_test(reset_calendar),
		cmocka_unit_test(wait_estimate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
