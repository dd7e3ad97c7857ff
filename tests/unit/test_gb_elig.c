/* Unit tests for draw eligibility (rules/gb_elig.c): each D5 rule on and
 * off at its boundaries, the order of reasons, relaxation, the conflict
 * policies, platform seats, and the per-member state transitions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "gb.h"

#define TODAY		20250301
#define YESTERDAY	20250228
#define BIT(r)		(1u << (r))

/* Every rule off, the default relaxation order, conflict "fail". */
static struct gb_rules
rules_off(void)
{
	struct gb_rules r;

	memset(&r, 0, sizeof(r));
	r.relax_order[0] = GB_R_MEMBER_DAILY;
	r.relax_order[1] = GB_R_NEW_DAILY;
	r.nrelax = 2;
	r.conflict = GB_CONFLICT_FAIL;
	return r;
}

/* n plain member seats numbered 1 … n. */
static void
seats_init(struct gb_seat *s, size_t n)
{
	memset(s, 0, n * sizeof(*s));
	for (size_t i = 0; i < n; i++)
		s[i].no = (int)i + 1;
}

/* The reason of a single seat under r (m = 0, so nothing is relaxed). */
static enum gb_rule
why1(const struct gb_rules *r, struct gb_seat s)
{
	struct gb_eligibility e;

	gb_eligibility(r, &s, 1, 0, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed, 0);
	assert_int_equal(e.neligible, e.why[0] == GB_ELIGIBLE);
	if (e.neligible == 1)
		assert_int_equal(e.eligible[0], s.no);
	return e.why[0];
}

/* A seat numbered no with no flags, no holdings and no history. */
static struct gb_seat
seat(int no)
{
	struct gb_seat s;

	memset(&s, 0, sizeof(s));
	s.no = no;
	return s;
}

static void
assert_eligible(const struct gb_eligibility *e, const int *want, size_t n)
{
	assert_int_equal(e->neligible, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(e->eligible[i], want[i]);
}

static void
rule_keys_labels_and_back(void **state)
{
	static const char *const keys[GB_NRULES] = {
		"eligible", "platform", "red_cap", "member_daily_wins",
		"new_member_daily_wins", "first_of_day_seat1",
		"new_first_seat1", "streak", "cumulative", "window",
	};

	(void)state;
	for (int r = 0; r < GB_NRULES; r++) {
		assert_string_equal(gb_rule_key((enum gb_rule)r), keys[r]);
		assert_int_equal(gb_rule_by_key(keys[r]), r);
		assert_true(gb_rule_label((enum gb_rule)r)[0] != '\0');
		for (int q = 0; q < r; q++)
			assert_string_not_equal(gb_rule_label((enum gb_rule)q),
			    gb_rule_label((enum gb_rule)r));
	}
	assert_string_equal(gb_rule_label(GB_R_PLATFORM), "平台补位");
	assert_string_equal(gb_rule_label(GB_R_RED_CAP), "持有红券超限");
	assert_int_equal(gb_rule_by_key("Red_cap"), GB_ELIGIBLE);
	assert_int_equal(gb_rule_by_key(""), GB_ELIGIBLE);
	assert_int_equal(gb_rule_by_key(NULL), GB_ELIGIBLE);
	assert_string_equal(gb_rule_key(GB_NRULES), "unknown");
}

static void
no_rules_every_member_seat_is_eligible(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s[5];
	struct gb_eligibility e;

	(void)state;
	seats_init(s, 5);
	s[2].platform = 1;
	/* history and holdings do not matter with every rule off */
	s[0].red_held = 99999999;
	s[0].is_new = s[0].first_today = s[0].first_ever = 1;
	s[1].st = (struct gb_member_state){ .day = TODAY, .day_wins = 9,
	    .streak_skip = 3, .cum_skip = 3, .recent = ~UINT64_C(0),
	    .nrecent = 64 };
	gb_eligibility(&r, s, 5, 2, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed, 0);
	assert_eligible(&e, (const int[]){ 1, 2, 4, 5 }, 4);
	assert_int_equal(e.why[0], GB_ELIGIBLE);
	assert_int_equal(e.why[2], GB_R_PLATFORM);
}

static void
red_cap_excludes_at_the_cap_and_above(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(2);

	(void)state;
	r.red_cap = 120000;		/* 1200.00 红券 */
	s.red_held = 119999;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.red_held = 120000;
	assert_int_equal(why1(&r, s), GB_R_RED_CAP);
	s.red_held = 500000;
	assert_int_equal(why1(&r, s), GB_R_RED_CAP);
	r.red_cap = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
member_daily_cap_counts_todays_wins_only(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(2);

	(void)state;
	r.member_daily_wins = 2;
	s.st.day = TODAY;
	s.st.day_wins = 1;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.day_wins = 2;
	assert_int_equal(why1(&r, s), GB_R_MEMBER_DAILY);
	/* yesterday's wins are no wins today */
	s.st.day = YESTERDAY;
	s.st.day_wins = 5;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.day = TODAY;
	s.is_new = 1;			/* a new member is a member too */
	assert_int_equal(why1(&r, s), GB_R_MEMBER_DAILY);
	r.member_daily_wins = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
new_member_daily_cap_is_for_new_members(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(2);

	(void)state;
	r.member_daily_wins = 3;
	r.new_member_daily_wins = 1;
	s.st.day = TODAY;
	s.st.day_wins = 0;
	s.is_new = 1;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.day_wins = 1;
	assert_int_equal(why1(&r, s), GB_R_NEW_DAILY);
	s.is_new = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* both caps reached: the member cap comes first */
	s.is_new = 1;
	s.st.day_wins = 3;
	assert_int_equal(why1(&r, s), GB_R_MEMBER_DAILY);
	/* the new-member cap alone */
	r.member_daily_wins = 0;
	assert_int_equal(why1(&r, s), GB_R_NEW_DAILY);
	s.is_new = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.is_new = 1;
	s.st.day = YESTERDAY;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	r.new_member_daily_wins = 0;
	s.st.day = TODAY;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
first_join_of_the_day_in_seat_one(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(1);

	(void)state;
	r.first_of_day_seat1 = 1;
	s.first_today = 1;
	assert_int_equal(why1(&r, s), GB_R_FIRST_OF_DAY);
	s.first_today = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s = seat(2);
	s.first_today = 1;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.no = 1;
	r.first_of_day_seat1 = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
new_members_first_join_ever_in_seat_one(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(1);

	(void)state;
	r.new_first_seat1 = 1;
	s.is_new = 1;
	s.first_ever = 1;
	assert_int_equal(why1(&r, s), GB_R_NEW_FIRST);
	s.first_ever = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.first_ever = 1;
	s.is_new = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.is_new = 1;
	s.no = 2;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* a first join ever is also the first of the day: that rule first */
	s.no = 1;
	s.first_today = 1;
	r.first_of_day_seat1 = 1;
	assert_int_equal(why1(&r, s), GB_R_FIRST_OF_DAY);
	r.first_of_day_seat1 = 0;
	r.new_first_seat1 = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
streak_and_cumulative_skips_exclude_while_left(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(3);

	(void)state;
	r.streak_wins = 3;
	r.streak_skip = 2;
	s.st.streak_skip = 1;
	assert_int_equal(why1(&r, s), GB_R_STREAK);
	s.st.streak_skip = 0;
	s.st.streak = 2;		/* a streak alone excludes nobody */
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* switched off: a skip left over does not apply */
	s.st.streak_skip = 2;
	r.streak_wins = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);

	r = rules_off();
	r.cum_wins = 5;
	r.cum_skip = 1;
	s = seat(3);
	s.st.cum_skip = 1;
	assert_int_equal(why1(&r, s), GB_R_CUMULATIVE);
	s.st.cum_skip = 0;
	s.st.cum = 4;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.cum_skip = 1;
	r.cum_skip = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* both skipping: streak is first */
	r.cum_skip = 1;
	r.streak_wins = 1;
	r.streak_skip = 1;
	s.st.streak_skip = 1;
	assert_int_equal(why1(&r, s), GB_R_STREAK);
}

static void
window_counts_wins_in_the_latest_x_minus_one_joins(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(2);

	(void)state;
	/* at most 2 wins in any 5 joins: look at the latest 4 */
	r.window_joins = 5;
	r.window_max_wins = 2;
	s.st.recent = 0x3;		/* won the latest two */
	s.st.nrecent = 4;
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	s.st.recent = 0x9;		/* latest and the 4th latest */
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	s.st.recent = 0x11;		/* the 5th latest is out of the window */
	s.st.nrecent = 5;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.recent = 0x1;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* only the nrecent valid bits count */
	s.st.recent = 0x3;
	s.st.nrecent = 1;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.nrecent = 2;
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	/* off */
	r.window_joins = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	r.window_joins = 5;
	r.window_max_wins = 0;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* one join: no earlier join shares its window */
	r.window_joins = 1;
	r.window_max_wins = 1;
	s.st.recent = ~UINT64_C(0);
	s.st.nrecent = 64;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	/* the widest window: 63 earlier joins */
	r.window_joins = 64;
	r.window_max_wins = 63;
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	s.st.nrecent = 63;
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	s.st.nrecent = 62;
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
	s.st.nrecent = 64;
	s.st.recent = ~UINT64_C(0) << 1;	/* bit 63 is out of the window */
	assert_int_equal(why1(&r, s), GB_ELIGIBLE);
}

static void
reason_is_the_first_rule_in_order(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s = seat(1);

	(void)state;
	r.red_cap = 100;
	r.member_daily_wins = 1;
	r.window_joins = 2;
	r.window_max_wins = 1;
	s.red_held = 100;
	s.st = (struct gb_member_state){ .day = TODAY, .day_wins = 1,
	    .recent = 1, .nrecent = 1 };
	assert_int_equal(why1(&r, s), GB_R_RED_CAP);
	s.red_held = 0;
	assert_int_equal(why1(&r, s), GB_R_MEMBER_DAILY);
	s.st.day = YESTERDAY;
	assert_int_equal(why1(&r, s), GB_R_WINDOW);
	/* a platform seat is a platform seat, whatever else is true */
	s.platform = 1;
	s.red_held = 100;
	assert_int_equal(why1(&r, s), GB_R_PLATFORM);
}

/* Four seats: 1 at the member daily cap, 2 a new member at the new-member
 * cap, 3 over the 红券 cap, 4 free. */
static void
relax_fixture(struct gb_rules *r, struct gb_seat *s)
{
	*r = rules_off();
	r->red_cap = 1000;
	r->member_daily_wins = 2;
	r->new_member_daily_wins = 1;
	seats_init(s, 4);
	s[0].st.day = TODAY;
	s[0].st.day_wins = 2;
	s[1].is_new = 1;
	s[1].st.day = TODAY;
	s[1].st.day_wins = 1;
	s[2].red_held = 1000;
}

static void
relaxes_in_order_only_as_far_as_needed(void **state)
{
	struct gb_rules	 r;
	struct gb_seat	 s[4];
	struct gb_eligibility e;

	(void)state;
	relax_fixture(&r, s);
	/* m = 1: enough without relaxing */
	gb_eligibility(&r, s, 4, 1, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed, 0);
	assert_eligible(&e, (const int[]){ 4 }, 1);
	assert_int_equal(e.why[0], GB_R_MEMBER_DAILY);
	assert_int_equal(e.why[1], GB_R_NEW_DAILY);
	assert_int_equal(e.why[2], GB_R_RED_CAP);

	/* m = 2: the member cap goes, the new-member cap stays */
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed, BIT(GB_R_MEMBER_DAILY));
	assert_eligible(&e, (const int[]){ 1, 4 }, 2);
	assert_int_equal(e.why[1], GB_R_NEW_DAILY);

	/* m = 3: both caps go */
	gb_eligibility(&r, s, 4, 3, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed,
	    BIT(GB_R_MEMBER_DAILY) | BIT(GB_R_NEW_DAILY));
	assert_eligible(&e, (const int[]){ 1, 2, 4 }, 3);
	assert_int_equal(e.why[2], GB_R_RED_CAP);

	/* the other order: the new-member cap first */
	r.relax_order[0] = GB_R_NEW_DAILY;
	r.relax_order[1] = GB_R_MEMBER_DAILY;
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	assert_int_equal(e.relaxed, BIT(GB_R_NEW_DAILY));
	assert_eligible(&e, (const int[]){ 2, 4 }, 2);
	assert_int_equal(e.why[0], GB_R_MEMBER_DAILY);

	/* no relaxation configured: short is short */
	r.nrelax = 0;
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
	assert_int_equal(e.relaxed, 0);
	assert_eligible(&e, (const int[]){ 4 }, 1);
}

static void
relaxing_uncovers_the_next_rule(void **state)
{
	struct gb_rules	 r;
	struct gb_seat	 s[4];
	struct gb_eligibility e;

	(void)state;
	relax_fixture(&r, s);
	/* seat 1 is also skipping after a streak */
	r.streak_wins = 2;
	r.streak_skip = 1;
	s[0].st.streak_skip = 1;
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	/* member cap relaxed: seat 1 still out (streak), so the new-member
	 * cap goes too and seat 2 makes two */
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed,
	    BIT(GB_R_MEMBER_DAILY) | BIT(GB_R_NEW_DAILY));
	assert_int_equal(e.why[0], GB_R_STREAK);
	assert_eligible(&e, (const int[]){ 2, 4 }, 2);
}

static void
relax_order_passes_over_what_cannot_be_relaxed(void **state)
{
	struct gb_rules	 r;
	struct gb_seat	 s[4];
	struct gb_eligibility e;

	(void)state;
	relax_fixture(&r, s);
	s[3].platform = 1;
	r.relax_order[0] = GB_R_PLATFORM;
	r.relax_order[1] = GB_ELIGIBLE;
	r.relax_order[2] = GB_R_WINDOW;		/* off: relaxes nobody */
	r.relax_order[3] = GB_R_RED_CAP;
	r.relax_order[4] = GB_R_RED_CAP;
	r.relax_order[5] = GB_R_MEMBER_DAILY;
	r.nrelax = 6;
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	/* platform and "eligible" cannot be relaxed, the window rule is off;
	 * the 红券 cap: one eligible; the repeat is passed over; then the
	 * member cap: two */
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_int_equal(e.relaxed, BIT(GB_R_RED_CAP) | BIT(GB_R_MEMBER_DAILY));
	assert_eligible(&e, (const int[]){ 1, 3 }, 2);
	assert_int_equal(e.why[3], GB_R_PLATFORM);

	/* a rule that is on but keeps nobody out is still a step taken */
	s[2].red_held = 0;
	r.relax_order[0] = GB_R_RED_CAP;
	r.relax_order[1] = GB_R_NEW_DAILY;
	r.nrelax = 2;
	gb_eligibility(&r, s, 4, 2, TODAY, &e);
	assert_int_equal(e.relaxed, BIT(GB_R_RED_CAP) | BIT(GB_R_NEW_DAILY));
	assert_eligible(&e, (const int[]){ 2, 3 }, 2);
	assert_int_equal(e.why[0], GB_R_MEMBER_DAILY);
}

static void
conflict_fail_keeps_the_relaxed_eligibility(void **state)
{
	struct gb_rules	 r;
	struct gb_seat	 s[4];
	struct gb_eligibility e;

	(void)state;
	relax_fixture(&r, s);
	gb_eligibility(&r, s, 4, 4, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
	assert_int_equal(e.relaxed,
	    BIT(GB_R_MEMBER_DAILY) | BIT(GB_R_NEW_DAILY));
	assert_eligible(&e, (const int[]){ 1, 2, 4 }, 3);
	assert_int_equal(e.why[2], GB_R_RED_CAP);
}

static void
conflict_random_opens_every_member_seat(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s[6];
	struct gb_eligibility e;

	(void)state;
	r.red_cap = 1000;
	r.streak_wins = 1;
	r.streak_skip = 1;
	r.conflict = GB_CONFLICT_RANDOM;
	seats_init(s, 6);
	s[0].platform = 1;
	s[1].red_held = 5000;
	s[3].st.streak_skip = 1;
	s[4].platform = 1;
	s[4].red_held = 5000;
	s[5].red_held = 1000;
	/* 3 winners, one eligible seat (3): every member seat is drawn from,
	 * platform seats 1 and 5 still not */
	gb_eligibility(&r, s, 6, 3, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_RANDOM);
	assert_int_equal(e.relaxed, 0);	/* the caps were not on */
	assert_eligible(&e, (const int[]){ 2, 3, 4, 6 }, 4);
	for (int i = 0; i < 6; i++)
		assert_int_equal(e.why[i],
		    s[i].platform ? GB_R_PLATFORM : GB_ELIGIBLE);

	/* one winner is possible without it: a normal draw */
	gb_eligibility(&r, s, 6, 1, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_OK);
	assert_eligible(&e, (const int[]){ 3 }, 1);

	/* all four member seats can win, five cannot: fail, eligibility as
	 * the rules left it */
	gb_eligibility(&r, s, 6, 4, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_RANDOM);
	gb_eligibility(&r, s, 6, 5, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
	assert_eligible(&e, (const int[]){ 3 }, 1);
	assert_int_equal(e.why[1], GB_R_RED_CAP);
	assert_int_equal(e.why[3], GB_R_STREAK);

	/* the same group under "fail" */
	r.conflict = GB_CONFLICT_FAIL;
	gb_eligibility(&r, s, 6, 3, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
	assert_eligible(&e, (const int[]){ 3 }, 1);
}

static void
random_after_relaxing_keeps_the_relaxed_bits(void **state)
{
	struct gb_rules	 r;
	struct gb_seat	 s[4];
	struct gb_eligibility e;

	(void)state;
	relax_fixture(&r, s);
	r.conflict = GB_CONFLICT_RANDOM;
	gb_eligibility(&r, s, 4, 4, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_RANDOM);
	assert_int_equal(e.relaxed,
	    BIT(GB_R_MEMBER_DAILY) | BIT(GB_R_NEW_DAILY));
	assert_eligible(&e, (const int[]){ 1, 2, 3, 4 }, 4);
	assert_int_equal(e.why[2], GB_ELIGIBLE);
}

static void
platform_seats_only_is_a_failure_under_any_policy(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_seat	 s[3];
	struct gb_eligibility e;

	(void)state;
	seats_init(s, 3);
	s[0].platform = s[1].platform = s[2].platform = 1;
	r.conflict = GB_CONFLICT_RANDOM;
	gb_eligibility(&r, s, 3, 1, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
	assert_int_equal(e.neligible, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(e.why[i], GB_R_PLATFORM);
	r.conflict = GB_CONFLICT_FAIL;
	gb_eligibility(&r, s, 3, 1, TODAY, &e);
	assert_int_equal(e.outcome, GB_DRAW_FAIL);
}

static void
state_day_rolls_over(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_member_state st = { .day = YESTERDAY, .day_wins = 3 };

	(void)state;
	gb_state_next(&r, &st, TODAY, 0);
	assert_int_equal(st.day, TODAY);
	assert_int_equal(st.day_wins, 0);
	gb_state_next(&r, &st, TODAY, 1);
	gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.day_wins, 2);
	gb_state_next(&r, &st, 20250302, 1);
	assert_int_equal(st.day, 20250302);
	assert_int_equal(st.day_wins, 1);
}

/* One drawn join of a member in seat 2 of a group on TODAY: whether the
 * rules let them win, and then the state after it (won if asked and
 * allowed). Returns the reason. */
static enum gb_rule
join(const struct gb_rules *r, struct gb_member_state *st, int win)
{
	struct gb_seat	 s = seat(2);
	enum gb_rule	 why;

	s.st = *st;
	why = why1(r, s);
	gb_state_next(r, st, TODAY, win && why == GB_ELIGIBLE);
	return why;
}

static void
state_streak_x_wins_then_y_skips(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_member_state st = { 0 };

	(void)state;
	r.streak_wins = 3;
	r.streak_skip = 2;
	/* win, win, lose: the streak ends */
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.streak, 2);
	assert_int_equal(join(&r, &st, 0), GB_ELIGIBLE);
	assert_int_equal(st.streak, 0);
	assert_int_equal(st.streak_skip, 0);
	/* three in a row: the next two joins cannot win */
	join(&r, &st, 1);
	join(&r, &st, 1);
	join(&r, &st, 1);
	assert_int_equal(st.streak, 0);
	assert_int_equal(st.streak_skip, 2);
	assert_int_equal(join(&r, &st, 1), GB_R_STREAK);
	assert_int_equal(st.streak_skip, 1);
	assert_int_equal(join(&r, &st, 1), GB_R_STREAK);
	assert_int_equal(st.streak_skip, 0);
	/* winnable again, and a new streak starts from nothing */
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.streak, 1);
	/* a win while skipping (the "random" policy) starts no streak */
	st.streak_skip = 1;
	gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.streak_skip, 0);
	assert_int_equal(st.streak, 0);
}

static void
state_streak_off_counts_but_never_skips(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_member_state st = { 0 };

	(void)state;
	for (int i = 0; i < 10; i++)
		gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.streak, 10);
	assert_int_equal(st.streak_skip, 0);
	/* switched on at 3 later: the next win ends the long streak */
	r.streak_wins = 3;
	r.streak_skip = 1;
	gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.streak, 0);
	assert_int_equal(st.streak_skip, 1);
}

static void
state_cumulative_x_wins_then_y_skips(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_member_state st = { 0 };

	(void)state;
	r.cum_wins = 3;
	r.cum_skip = 2;
	/* losses in between do not reset the count */
	join(&r, &st, 1);
	join(&r, &st, 0);
	join(&r, &st, 1);
	join(&r, &st, 0);
	assert_int_equal(st.cum, 2);
	assert_int_equal(st.cum_skip, 0);
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.cum, 0);
	assert_int_equal(st.cum_skip, 2);
	assert_int_equal(join(&r, &st, 1), GB_R_CUMULATIVE);
	assert_int_equal(join(&r, &st, 1), GB_R_CUMULATIVE);
	assert_int_equal(st.cum_skip, 0);
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.cum, 1);
	/* a win while skipping does not count */
	st.cum_skip = 1;
	gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.cum, 1);
	assert_int_equal(st.cum_skip, 0);
	/* with the rule off nothing is counted */
	r.cum_wins = 0;
	gb_state_next(&r, &st, TODAY, 1);
	assert_int_equal(st.cum, 1);
}

static void
state_window_shifts_the_latest_join_in(void **state)
{
	struct gb_rules	 r = rules_off();
	struct gb_member_state st = { 0 };

	(void)state;
	/* at most 1 win in any 3 joins */
	r.window_joins = 3;
	r.window_max_wins = 1;
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.recent, 0x1);
	assert_int_equal(st.nrecent, 1);
	assert_int_equal(join(&r, &st, 1), GB_R_WINDOW);
	assert_int_equal(st.recent, 0x2);
	assert_int_equal(join(&r, &st, 1), GB_R_WINDOW);
	assert_int_equal(st.recent, 0x4);
	assert_int_equal(st.nrecent, 3);
	/* the win is now three joins back */
	assert_int_equal(join(&r, &st, 1), GB_ELIGIBLE);
	assert_int_equal(st.recent, 0x9);
	/* nrecent stops at 64; the oldest bits fall off */
	for (int i = 0; i < 70; i++)
		gb_state_next(&r, &st, TODAY, i == 69);
	assert_int_equal(st.nrecent, 64);
	assert_int_equal(st.recent, 0x1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_keys_labels_and_back),
		cmocka_unit_test(no_rules_every_member_seat_is_eligible),
		cmocka_unit_test(red_cap_excludes_at_the_cap_and_above),
		cmocka_unit_test(member_daily_cap_counts_todays_wins_only),
		cmocka_unit_test(new_member_daily_cap_is_for_new_members),
		cmocka_unit_test(first_join_of_the_day_in_seat_one),
		cmocka_unit_test(new_members_first_join_ever_in_seat_one),
		cmocka_unit_test(streak_and_cumulative_skips_exclude_while_left),
		cmocka_unit_test(window_counts_wins_in_the_latest_x_minus_one_joins),
		cmocka_unit_test(reason_is_the_first_rule_in_order),
		cmocka_unit_test(relaxes_in_order_only_as_far_as_needed),
		cmocka_unit_test(relaxing_uncovers_the_next_rule),
		cmocka_unit_test(relax_order_passes_over_what_cannot_be_relaxed),
		cmocka_unit_test(conflict_fail_keeps_the_relaxed_eligibility),
		cmocka_unit_test(conflict_random_opens_every_member_seat),
		cmocka_unit_test(random_after_relaxing_keeps_the_relaxed_bits),
		cmocka_unit_test(platform_seats_only_is_a_failure_under_any_policy),
		cmocka_unit_test(state_day_rolls_over),
		cmocka_unit_test(state_streak_x_wins_then_y_skips),
		cmocka_unit_test(state_streak_off_counts_but_never_skips),
		cmocka_unit_test(state_cumulative_x_wins_then_y_skips),
		cmocka_unit_test(state_window_shifts_the_latest_join_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
