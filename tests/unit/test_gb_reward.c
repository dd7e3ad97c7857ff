/* Unit tests for the reward schedule (rules/gb_reward, D6), worked numbers:
 * every action, half-up basis points at awkward prices, caps by what is
 * held and by earlier lines, absent beneficiaries, platform seats,
 * once-per-group lines, pools, shares, and the 链贝行 preset on a full
 * 5-seat group. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "gb.h"

static const char *const currencies[] = { "CHANGE", "CARD", "POINTS", "RED",
	"GREEN", "DIVPTS", "GOLD", "MALLPTS", NULL };

/* What members hold: a small table; anything not listed is 0. */
struct holding {
	long long	 member;
	const char	*currency;
	int64_t		 amount;
};

struct wallet {
	const struct holding *h;
	size_t		 n;
	int		 calls;
};

static int64_t
held(void *ud, long long member, const char *currency)
{
	struct wallet *w = ud;
	size_t i;

	w->calls++;
	for (i = 0; i < w->n; i++)
		if (w->h[i].member == member &&
		    strcmp(w->h[i].currency, currency) == 0)
			return w->h[i].amount;
	return 0;
}

/* An activity from the JSON of its price, seats and reward lines. */
static void
activity(struct gb_activity *a, const char *price, int seats, int winners,
    const char *mode, const char *lines)
{
	char text[8192];
	struct json_object *j;
	struct gb_errors e;
	size_t i;

	snprintf(text, sizeof text, "{\"name\": \"t\", \"mode\": \"%s\", "
	    "\"price\": \"%s\", \"seats\": %d, \"winners\": %d, "
	    "\"rewards\": [%s]}", mode, price, seats, winners, lines);
	j = json_tokener_parse(text);
	assert_non_null(j);
	if (gb_activity_parse(j, currencies, a, &e) != 0)
		for (i = 0; i < e.n; i++)
			print_message("%s: %s\n", e.e[i].field,
			    e.e[i].message);
	assert_int_equal(e.n, 0);
	json_object_put(j);
}

/* Seat no (1-based): self 100+no, upline1 200+no, upline2 300+no, region
 * 400, branch 500, merchant 600. */
static struct gb_draw_seat
seat(int no, int won)
{
	struct gb_draw_seat s;

	memset(&s, 0, sizeof s);
	s.no = no;
	s.won = won;
	s.p.self = 100 + no;
	s.p.upline1 = 200 + no;
	s.p.upline2 = 300 + no;
	s.p.region = 400;
	s.p.branch = 500;
	s.p.merchant = 600;
	return s;
}

static struct gb_draw_seat
platform_seat(int no)
{
	struct gb_draw_seat s;

	memset(&s, 0, sizeof s);
	s.no = no;
	s.platform = 1;
	return s;
}

static void
expect(const struct gb_reward *r, size_t line, int seat_no, long long to,
    enum gb_do act, const char *currency, const char *from, int64_t amount)
{
	assert_int_equal(r->line, line);
	assert_int_equal(r->seat, seat_no);
	assert_int_equal(r->to, to);
	assert_int_equal(r->act, act);
	assert_string_equal(r->currency, currency);
	assert_string_equal(r->from, from);
	assert_int_equal(r->amount, amount);
}

#define CREDIT(on, to, cur, q) "{\"on\": \"" on "\", \"to\": \"" to "\", " \
	"\"do\": \"credit\", \"currency\": \"" cur "\", " q "}"

static void
credit_fixed_pays_every_matching_seat_in_order(void **state)
{
	struct gb_draw_seat s[3] = { seat(1, 0), seat(2, 1), seat(3, 0) };
	struct gb_reward out[8];
	struct gb_activity a;

	(void)state;
	activity(&a, "100.00", 3, 1, "public",
	    CREDIT("won", "self", "CARD", "\"amount\": \"300.00\"") ","
	    CREDIT("lost", "self", "CHANGE", "\"amount\": \"7.00\"") ","
	    CREDIT("seat", "region", "CHANGE", "\"amount\": \"3.00\""));
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, NULL, NULL, out, 8), 6);
	expect(&out[0], 0, 2, 102, GB_DO_CREDIT, "CARD", "", 30000);
	expect(&out[1], 1, 1, 101, GB_DO_CREDIT, "CHANGE", "", 700);
	expect(&out[2], 1, 3, 103, GB_DO_CREDIT, "CHANGE", "", 700);
	expect(&out[3], 2, 1, 400, GB_DO_CREDIT, "CHANGE", "", 300);
	expect(&out[4], 2, 2, 400, GB_DO_CREDIT, "CHANGE", "", 300);
	expect(&out[5], 2, 3, 400, GB_DO_CREDIT, "CHANGE", "", 300);
	assert_string_equal(out[0].pool, "");
}

static void
bp_is_of_the_price_rounded_half_up(void **state)
{
	struct gb_draw_seat s[2] = { seat(1, 1), seat(2, 0) };
	struct gb_reward out[8];
	struct gb_activity a;

	(void)state;
	/* 393.00 × 5% = 19.65 exactly; × 0.01% = 0.0393 → 0.04 */
	activity(&a, "393.00", 2, 1, "public",
	    CREDIT("won", "self", "CHANGE", "\"bp\": 500") ","
	    CREDIT("won", "self", "CHANGE", "\"bp\": 1"));
	assert_int_equal(gb_plan(&a, 1, NULL, s, 2, NULL, NULL, out, 8), 2);
	assert_int_equal(out[0].amount, 1965);
	assert_int_equal(out[1].amount, 4);

	/* 0.01 × 50% = 0.005 → 0.01; × 49.99% = 0.004999 → 0.00, left out */
	activity(&a, "0.01", 2, 1, "public",
	    CREDIT("won", "self", "CHANGE", "\"bp\": 5000") ","
	    CREDIT("won", "self", "CARD", "\"bp\": 4999"));
	assert_int_equal(gb_plan(&a, 1, NULL, s, 2, NULL, NULL, out, 8), 1);
	expect(&out[0], 0, 1, 101, GB_DO_CREDIT, "CHANGE", "", 1);

	/* 333.33 × 3.33% = 11.099889 → 11.10; × 1000% = 3333.30 */
	activity(&a, "333.33", 2, 1, "public",
	    CREDIT("lost", "self", "CHANGE", "\"bp\": 333") ","
	    CREDIT("lost", "self", "CHANGE", "\"bp\": 100000"));
	assert_int_equal(gb_plan(&a, 1, NULL, s, 2, NULL, NULL, out, 8), 2);
	expect(&out[0], 0, 2, 102, GB_DO_CREDIT, "CHANGE", "", 1110);
	assert_int_equal(out[1].amount, 333330);
}

static void
convert_is_capped_by_what_is_held(void **state)
{
	static const struct holding h[] = {
		{ 201, "RED", 1000 },	/* 10.00: less than 15.00 */
		{ 203, "RED", 100000 },	/* plenty */
		{ 201, "GREEN", 999999 },	/* the wrong currency */
	};
	struct wallet w = { h, 3, 0 };
	struct gb_draw_seat s[4] = { seat(1, 0), seat(2, 0), seat(3, 0),
		seat(4, 1) };
	struct gb_reward out[8];
	struct gb_activity a;

	(void)state;
	activity(&a, "393.00", 4, 1, "public",
	    "{\"on\": \"lost\", \"to\": \"upline1\", \"do\": \"convert\", "
	    "\"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"15.00\"}");
	/* seat 2's upline holds none: left out; seat 4 won */
	assert_int_equal(gb_plan(&a, 1, NULL, s, 4, held, &w, out, 8), 2);
	expect(&out[0], 0, 1, 201, GB_DO_CONVERT, "GREEN", "RED", 1000);
	expect(&out[1], 0, 3, 203, GB_DO_CONVERT, "GREEN", "RED", 1500);
	assert_int_equal(w.calls, 3);
	/* held NULL: nobody holds anything */
	assert_int_equal(gb_plan(&a, 1, NULL, s, 4, NULL, NULL, out, 8), 0);
}

static void
caps_account_for_what_earlier_lines_take_and_give(void **state)
{
	static const struct holding h[] = {
		{ 200, "RED", 2000 },	/* the shared upline: 20.00 */
		{ 101, "GOLD", 300 },	/* loser 1: 3.00 购物金 */
	};
	struct wallet w = { h, 2, 0 };
	struct gb_draw_seat s[3] = { seat(1, 0), seat(2, 0), seat(3, 1) };
	struct gb_reward out[16];
	struct gb_activity a;

	(void)state;
	/* seats 1 and 2 have the same upline */
	s[0].p.upline1 = s[1].p.upline1 = 200;
	activity(&a, "100.00", 3, 1, "public",
	    /* 0: 15.00 + 15.00 asked of 20.00 → 15.00, 5.00 */
	    "{\"on\": \"lost\", \"to\": \"upline1\", \"do\": \"convert\", "
	    "\"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"15.00\"},"
	    /* 1: nothing left for the next line */
	    "{\"on\": \"lost\", \"to\": \"upline1\", \"do\": \"convert\", "
	    "\"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"1.00\"},"
	    /* 2, 3: the winner is credited 600.00 红券 and then converts
	     * 40.00 of it, holding none before */
	    CREDIT("won", "self", "RED", "\"amount\": \"600.00\"") ","
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"convert\", "
	    "\"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"40.00\"},"
	    /* 4: the winner is credited 100% 购物金, 5: releases 5% of it;
	     * losers release 5% of what they hold: 3.00 and nothing */
	    CREDIT("won", "self", "GOLD", "\"bp\": 10000") ","
	    "{\"on\": \"seat\", \"to\": \"self\", \"do\": \"release\", "
	    "\"bp\": 500},"
	    /* 6: a second release finds 3.00 − 3.00 = 0 for loser 1 and
	     * 100.00 − 5.00 for the winner */
	    "{\"on\": \"seat\", \"to\": \"self\", \"do\": \"release\", "
	    "\"amount\": \"96.00\"}");
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, held, &w, out, 16), 8);
	expect(&out[0], 0, 1, 200, GB_DO_CONVERT, "GREEN", "RED", 1500);
	expect(&out[1], 0, 2, 200, GB_DO_CONVERT, "GREEN", "RED", 500);
	expect(&out[2], 2, 3, 103, GB_DO_CREDIT, "RED", "", 60000);
	expect(&out[3], 3, 3, 103, GB_DO_CONVERT, "GREEN", "RED", 4000);
	expect(&out[4], 4, 3, 103, GB_DO_CREDIT, "GOLD", "", 10000);
	expect(&out[5], 5, 1, 101, GB_DO_RELEASE, "CHANGE", "GOLD", 300);
	expect(&out[6], 5, 3, 103, GB_DO_RELEASE, "CHANGE", "GOLD", 500);
	expect(&out[7], 6, 3, 103, GB_DO_RELEASE, "CHANGE", "GOLD", 9500);
}

static void
absent_beneficiaries_are_left_out(void **state)
{
	struct gb_draw_seat s[2] = { seat(1, 1), seat(2, 0) };
	struct gb_reward out[8];
	struct gb_activity a;

	(void)state;
	s[0].p.upline2 = 0;	/* the winner has a 1代 upline only */
	s[1].p.region = 0;
	activity(&a, "100.00", 2, 1, "leader",
	    CREDIT("won", "upline2", "CHANGE", "\"bp\": 100") ","
	    CREDIT("seat", "region", "CHANGE", "\"amount\": \"3.00\"") ","
	    CREDIT("success", "leader", "CHANGE", "\"amount\": \"19.00\"") ","
	    CREDIT("success", "owner", "CHANGE", "\"amount\": \"5.00\""));
	/* no group people at all: leader and owner lines pay nothing */
	assert_int_equal(gb_plan(&a, 1, NULL, s, 2, NULL, NULL, out, 8), 1);
	expect(&out[0], 1, 1, 400, GB_DO_CREDIT, "CHANGE", "", 300);
	/* a leader without an owner */
	{
		struct gb_group_people g = { 900, 0, 0, 0 };

		assert_int_equal(gb_plan(&a, 1, &g, s, 2, NULL, NULL, out, 8),
		    2);
		expect(&out[1], 2, 0, 900, GB_DO_CREDIT, "CHANGE", "", 1900);
	}
}

static void
platform_seats_neither_trigger_nor_receive(void **state)
{
	struct gb_draw_seat s[4] = { seat(1, 1), platform_seat(2),
		seat(3, 0), platform_seat(4) };
	struct gb_group_people g = { 900, 901, 902, 0 };
	struct gb_reward out[16];
	struct gb_activity a;

	(void)state;
	/* a platform seat's people would be garbage if it were used */
	s[1].p.self = s[1].p.upline1 = s[1].p.region = 777;
	activity(&a, "100.00", 4, 1, "leader",
	    CREDIT("lost", "self", "CHANGE", "\"amount\": \"7.00\"") ","
	    CREDIT("seat", "upline1", "CHANGE", "\"amount\": \"3.00\"") ","
	    CREDIT("success", "self", "POINTS", "\"amount\": \"1.00\"") ","
	    CREDIT("seat", "leader", "CHANGE", "\"amount\": \"0.50\"") ","
	    "{\"on\": \"seat\", \"do\": \"pool\", \"pool\": \"daily\", "
	    "\"amount\": \"1.00\"}");
	assert_int_equal(gb_plan(&a, 1, &g, s, 4, NULL, NULL, out, 16), 9);
	expect(&out[0], 0, 3, 103, GB_DO_CREDIT, "CHANGE", "", 700);
	expect(&out[1], 1, 1, 201, GB_DO_CREDIT, "CHANGE", "", 300);
	expect(&out[2], 1, 3, 203, GB_DO_CREDIT, "CHANGE", "", 300);
	expect(&out[3], 2, 1, 101, GB_DO_CREDIT, "POINTS", "", 100);
	expect(&out[4], 2, 3, 103, GB_DO_CREDIT, "POINTS", "", 100);
	expect(&out[5], 3, 1, 900, GB_DO_CREDIT, "CHANGE", "", 50);
	expect(&out[6], 3, 3, 900, GB_DO_CREDIT, "CHANGE", "", 50);
	expect(&out[7], 4, 1, 0, GB_DO_POOL, "CHANGE", "", 100);
	expect(&out[8], 4, 3, 0, GB_DO_POOL, "CHANGE", "", 100);

	/* only platform seats: nothing at all, not even once-per-group */
	activity(&a, "100.00", 4, 1, "leader",
	    CREDIT("success", "leader", "CHANGE", "\"amount\": \"19.00\"") ","
	    CREDIT("failure", "owner", "CHANGE", "\"amount\": \"1.00\""));
	s[0] = platform_seat(1);
	s[2] = platform_seat(3);
	assert_int_equal(gb_plan(&a, 1, &g, s, 4, NULL, NULL, out, 16), 0);
	assert_int_equal(gb_plan(&a, 0, &g, s, 4, NULL, NULL, out, 16), 0);
}

static void
success_and_failure_pay_the_group_once_and_seats_each(void **state)
{
	struct gb_draw_seat s[3] = { seat(1, 1), seat(2, 0), seat(3, 0) };
	struct gb_group_people g = { 900, 901, 902, 0 };
	struct gb_reward out[16];
	struct gb_activity a;

	(void)state;
	activity(&a, "100.00", 3, 1, "leader",
	    CREDIT("success", "leader", "CHANGE", "\"amount\": \"19.00\"") ","
	    CREDIT("success", "leader_recommender", "CHANGE",
	    "\"amount\": \"2.00\"") ","
	    CREDIT("success", "owner", "CHANGE", "\"amount\": \"5.00\"") ","
	    CREDIT("success", "self", "POINTS", "\"amount\": \"1.00\"") ","
	    CREDIT("failure", "owner", "CHANGE", "\"amount\": \"0.50\"") ","
	    CREDIT("failure", "upline1", "CHANGE", "\"amount\": \"0.20\"") ","
	    CREDIT("won", "leader", "CARD", "\"amount\": \"1.00\"") ","
	    CREDIT("lost", "self", "CHANGE", "\"amount\": \"7.00\""));
	/* drawn */
	assert_int_equal(gb_plan(&a, 1, &g, s, 3, NULL, NULL, out, 16), 9);
	expect(&out[0], 0, 0, 900, GB_DO_CREDIT, "CHANGE", "", 1900);
	expect(&out[1], 1, 0, 901, GB_DO_CREDIT, "CHANGE", "", 200);
	expect(&out[2], 2, 0, 902, GB_DO_CREDIT, "CHANGE", "", 500);
	expect(&out[3], 3, 1, 101, GB_DO_CREDIT, "POINTS", "", 100);
	expect(&out[4], 3, 2, 102, GB_DO_CREDIT, "POINTS", "", 100);
	expect(&out[5], 3, 3, 103, GB_DO_CREDIT, "POINTS", "", 100);
	expect(&out[6], 6, 1, 900, GB_DO_CREDIT, "CARD", "", 100);
	expect(&out[7], 7, 2, 102, GB_DO_CREDIT, "CHANGE", "", 700);
	expect(&out[8], 7, 3, 103, GB_DO_CREDIT, "CHANGE", "", 700);
	/* failed (nobody won): only the failure lines */
	s[0].won = 0;
	assert_int_equal(gb_plan(&a, 0, &g, s, 3, NULL, NULL, out, 16), 4);
	expect(&out[0], 4, 0, 902, GB_DO_CREDIT, "CHANGE", "", 50);
	expect(&out[1], 5, 1, 201, GB_DO_CREDIT, "CHANGE", "", 20);
	expect(&out[2], 5, 2, 202, GB_DO_CREDIT, "CHANGE", "", 20);
	expect(&out[3], 5, 3, 203, GB_DO_CREDIT, "CHANGE", "", 20);
}

static void
pools_and_shares(void **state)
{
	struct gb_draw_seat s[3] = { seat(1, 1), seat(2, 0), seat(3, 1) };
	struct gb_reward out[16];
	struct gb_activity a;

	(void)state;
	activity(&a, "99.90", 3, 2, "public",
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"monthly\", "
	    "\"bp\": 300},"
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"daily\", "
	    "\"currency\": \"POINTS\", \"amount\": \"2.00\"},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"share\", "
	    "\"bp\": 10000},"
	    "{\"on\": \"lost\", \"to\": \"upline1\", \"do\": \"share\", "
	    "\"amount\": \"0.01\"}");
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, NULL, NULL, out, 16), 7);
	/* 99.90 × 3% = 2.997 → 3.00 */
	expect(&out[0], 0, 1, 0, GB_DO_POOL, "CHANGE", "", 300);
	assert_string_equal(out[0].pool, "monthly");
	expect(&out[1], 0, 3, 0, GB_DO_POOL, "CHANGE", "", 300);
	expect(&out[2], 1, 1, 0, GB_DO_POOL, "POINTS", "", 200);
	assert_string_equal(out[2].pool, "daily");
	expect(&out[3], 1, 3, 0, GB_DO_POOL, "POINTS", "", 200);
	/* shares: units, no currency */
	expect(&out[4], 2, 1, 101, GB_DO_SHARE, "", "", 9990);
	expect(&out[5], 2, 3, 103, GB_DO_SHARE, "", "", 9990);
	expect(&out[6], 3, 2, 202, GB_DO_SHARE, "", "", 1);
	assert_string_equal(out[6].pool, "");
}

static void
a_full_out_array_is_reported(void **state)
{
	struct gb_draw_seat s[3] = { seat(1, 1), seat(2, 0), seat(3, 0) };
	struct gb_reward out[3];
	struct gb_activity a;

	(void)state;
	activity(&a, "100.00", 3, 1, "public",
	    CREDIT("seat", "self", "CHANGE", "\"amount\": \"1.00\""));
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, NULL, NULL, out, 3), 3);
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, NULL, NULL, out, 2), -1);
	assert_int_equal(gb_plan(&a, 1, NULL, s, 3, NULL, NULL, NULL, 0), -1);
	/* nothing to plan fits in nothing */
	assert_int_equal(gb_plan(&a, 0, NULL, s, 3, NULL, NULL, NULL, 0), 0);
	assert_int_equal(gb_plan(NULL, 1, NULL, s, 3, NULL, NULL, out, 3), -1);
	assert_int_equal(gb_plan(&a, 1, NULL, NULL, 3, NULL, NULL, out, 3), -1);
	assert_int_equal(gb_plan(&a, 1, NULL, NULL, 0, NULL, NULL, out, 3), 0);
}

/* 链贝行 (etc/presets/lianbeihang.json) on a full 5-seat leader group,
 * seat 3 wins; every upline holds 100.00 红券, the winner none. */
static void
lianbeihang_preset_on_a_full_group(void **state)
{
	static const struct holding h[] = {
		{ 201, "RED", 10000 }, { 202, "RED", 10000 },
		{ 204, "RED", 10000 }, { 205, "RED", 10000 },
		{ 301, "RED", 10000 }, { 302, "RED", 10000 },
		{ 304, "RED", 10000 }, { 305, "RED", 10000 },
	};
	static const struct {
		size_t line;
		int seat;
		long long to;
		enum gb_do act;
		const char *currency, *from;
		int64_t amount;
	} want[] = {
		/* the winner: 300 购物卡, 400 积分, 600 红券, converts 40 */
		{ 0, 3, 103, GB_DO_CREDIT, "CARD", "", 30000 },
		{ 1, 3, 103, GB_DO_CREDIT, "POINTS", "", 40000 },
		{ 2, 3, 103, GB_DO_CREDIT, "RED", "", 60000 },
		{ 3, 3, 103, GB_DO_CONVERT, "GREEN", "RED", 4000 },
		/* each loser +7.00 零钱 */
		{ 4, 1, 101, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 4, 2, 102, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 4, 4, 104, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 4, 5, 105, GB_DO_CREDIT, "CHANGE", "", 700 },
		/* team acceleration: 1代 15.00, 2代 20.00 红券 → 绿券 */
		{ 5, 1, 201, GB_DO_CONVERT, "GREEN", "RED", 1500 },
		{ 5, 2, 202, GB_DO_CONVERT, "GREEN", "RED", 1500 },
		{ 5, 4, 204, GB_DO_CONVERT, "GREEN", "RED", 1500 },
		{ 5, 5, 205, GB_DO_CONVERT, "GREEN", "RED", 1500 },
		{ 6, 1, 301, GB_DO_CONVERT, "GREEN", "RED", 2000 },
		{ 6, 2, 302, GB_DO_CONVERT, "GREEN", "RED", 2000 },
		{ 6, 4, 304, GB_DO_CONVERT, "GREEN", "RED", 2000 },
		{ 6, 5, 305, GB_DO_CONVERT, "GREEN", "RED", 2000 },
		/* once per group: leader 19, recommender 2, owner 5 */
		{ 7, 0, 900, GB_DO_CREDIT, "CHANGE", "", 1900 },
		{ 8, 0, 901, GB_DO_CREDIT, "CHANGE", "", 200 },
		{ 9, 0, 902, GB_DO_CREDIT, "CHANGE", "", 500 },
		/* per seat: region 3, branch 7, the seat's inviter 3 */
		{ 10, 1, 400, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 10, 2, 400, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 10, 3, 400, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 10, 4, 400, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 10, 5, 400, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 11, 1, 500, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 11, 2, 500, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 11, 3, 500, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 11, 4, 500, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 11, 5, 500, GB_DO_CREDIT, "CHANGE", "", 700 },
		{ 12, 1, 201, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 12, 2, 202, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 12, 3, 203, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 12, 4, 204, GB_DO_CREDIT, "CHANGE", "", 300 },
		{ 12, 5, 205, GB_DO_CREDIT, "CHANGE", "", 300 },
	};
	struct wallet w = { h, sizeof h / sizeof h[0], 0 };
	struct gb_draw_seat s[5] = { seat(1, 0), seat(2, 0), seat(3, 1),
		seat(4, 0), seat(5, 0) };
	struct gb_group_people g = { 900, 901, 902, 0 };
	struct gb_reward out[64];
	struct gb_activity a;
	struct json_object *j;
	struct gb_errors e;
	size_t i;
	int n;

	(void)state;
	j = json_object_from_file("etc/presets/lianbeihang.json");
	assert_non_null(j);
	assert_int_equal(gb_activity_parse(j, currencies, &a, &e), 0);
	json_object_put(j);
	/* the 推广员 line (12) pays inviters who are promoters (A6): with
	 * none it is left out, with all five it pays each */
	assert_int_equal(gb_plan(&a, 1, &g, s, 5, held, &w, out, 64),
	    (int)(sizeof want / sizeof want[0]) - 5);
	for (i = 0; i < 5; i++)
		s[i].p.promoters = 1u << GB_TO_UPLINE1;
	n = gb_plan(&a, 1, &g, s, 5, held, &w, out, 64);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < (size_t)n; i++)
		expect(&out[i], want[i].line, want[i].seat, want[i].to,
		    want[i].act, want[i].currency, want[i].from,
		    want[i].amount);
	/* expired (failed): 链贝行 has no failure line, the stake refund is
	 * the engine's */
	assert_int_equal(gb_plan(&a, 0, &g, s, 5, held, &w, out, 64), 0);
}

/* 全民拼购 on a 10-seat group, 3 winners; nobody holds 购物金 before. */
static void
quanmin_preset_on_a_full_group(void **state)
{
	struct gb_draw_seat s[10];
	struct gb_reward out[128];
	struct gb_activity a;
	struct json_object *j;
	struct gb_errors e;
	int64_t pool_m = 0, pool_d = 0, change = 0, gold_release = 0;
	int i, n;

	(void)state;
	for (i = 0; i < 10; i++)
		s[i] = seat(i + 1, i == 1 || i == 4 || i == 8);
	j = json_object_from_file("etc/presets/quanmin.json");
	assert_non_null(j);
	assert_int_equal(gb_activity_parse(j, currencies, &a, &e), 0);
	json_object_put(j);
	n = gb_plan(&a, 1, NULL, s, 10, NULL, NULL, out, 128);
	/* winners: 5 lines each (the release out of the credited 购物金);
	 * losers: 100% 消费积分 and 5% 零钱, no 购物金 to release;
	 * per winner upline1, upline2, branch, region, 2 pools */
	assert_int_equal(n, 3 * 5 + 7 * 2 + 3 * 6);
	for (i = 0; i < n; i++) {
		if (out[i].act == GB_DO_POOL &&
		    strcmp(out[i].pool, "monthly") == 0)
			pool_m += out[i].amount;
		if (out[i].act == GB_DO_POOL &&
		    strcmp(out[i].pool, "daily") == 0)
			pool_d += out[i].amount;
		if (out[i].act == GB_DO_CREDIT &&
		    strcmp(out[i].currency, "CHANGE") == 0)
			change += out[i].amount;
		if (out[i].act == GB_DO_RELEASE)
			gold_release += out[i].amount;
	}
	assert_int_equal(pool_m, 3 * 300);
	assert_int_equal(pool_d, 3 * 200);
	/* losers 7 × 5.00; per winner 2.00 + 1.00 + 2.00 + 1.00 */
	assert_int_equal(change, 7 * 500 + 3 * 600);
	assert_int_equal(gold_release, 3 * 500);
}

/* A6: a promoter_only line pays the inviter only while a promoter; the
 * same line without the flag pays regardless. */
static void
promoter_only_pays_promoters_alone(void **state)
{
	struct gb_activity	a;
	struct gb_draw_seat	s[2] = { seat(1, 1), seat(2, 0) };
	struct gb_group_people	g = { 900, 0, 0, 1u << GB_TO_LEADER };
	struct gb_reward	out[8];

	(void)state;
	activity(&a, "393.00", 2, 1, "leader",
	    "{\"on\": \"seat\", \"to\": \"upline1\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"3.00\", "
	    "\"promoter_only\": true},"
	    "{\"on\": \"success\", \"to\": \"leader\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"19.00\", "
	    "\"promoter_only\": true}");
	assert_int_equal(a.lines[0].promoter_only, 1);
	s[1].p.promoters = 1u << GB_TO_UPLINE1;	/* seat 2's inviter is one */
	assert_int_equal(gb_plan(&a, 1, &g, s, 2, NULL, NULL, out, 8), 2);
	expect(&out[0], 0, 2, 202, GB_DO_CREDIT, "CHANGE", "", 300);
	expect(&out[1], 1, 0, 900, GB_DO_CREDIT, "CHANGE", "", 1900);
	g.promoters = 0;
	s[1].p.promoters = 0;
	assert_int_equal(gb_plan(&a, 1, &g, s, 2, NULL, NULL, out, 8), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(credit_fixed_pays_every_matching_seat_in_order),
		cmocka_unit_test(promoter_only_pays_promoters_alone),
		cmocka_unit_test(bp_is_of_the_price_rounded_half_up),
		cmocka_unit_test(convert_is_capped_by_what_is_held),
		cmocka_unit_test(caps_account_for_what_earlier_lines_take_and_give),
		cmocka_unit_test(absent_beneficiaries_are_left_out),
		cmocka_unit_test(platform_seats_neither_trigger_nor_receive),
		cmocka_unit_test(success_and_failure_pay_the_group_once_and_seats_each),
		cmocka_unit_test(pools_and_shares),
		cmocka_unit_test(a_full_out_array_is_reported),
		cmocka_unit_test(lianbeihang_preset_on_a_full_group),
		cmocka_unit_test(quanmin_preset_on_a_full_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
