/* gb_elig: which seats of a full group may win (FEATURES D5.1, D5.2, D5.4),
 * and the per-member state the streak, cumulative and window rules run on.
 *
 * A seat's reason (why) is the first rule, in enum gb_rule order, that
 * excludes it, skipping relaxed rules; GB_ELIGIBLE when none does. A rule
 * applies only when it is on in the activity (its numbers > 0 / its flag
 * set), so a rule that is not shown on the activity page never excludes
 * anyone. "Wins today" is st.day_wins when st.day is the draw's day, else 0.
 *
 *   platform		 a platform seat (D9): always, never relaxed, even
 *			 under the "random" conflict policy.
 *   red_cap		 red_held >= red_cap (on when red_cap > 0).
 *   member_daily_wins	 wins today >= member_daily_wins (on when > 0).
 *   new_member_daily_wins  is_new and wins today >= new_member_daily_wins
 *			 (on when > 0; a new member is subject to both caps).
 *   first_of_day_seat1	 seat no 1 and the member's first join today.
 *   new_first_seat1	 seat no 1, is_new and the member's first join ever.
 *			 (These two: on when their flag is set.)
 *   streak		 st.streak_skip > 0 (joins left after X consecutive
 *			 wins; on when streak_wins and streak_skip > 0, so a
 *			 skip left over from before it was switched off
 *			 does not count).
 *   cumulative		 st.cum_skip > 0 (joins left after X wins in all;
 *			 on when cum_wins and cum_skip > 0).
 *   window		 at most Y wins in any X consecutive joins: the wins
 *			 among the member's latest X-1 drawn joins (bits 0 …
 *			 X-2 of st.recent, only the nrecent valid ones) >= Y,
 *			 so that winning this join would make Y+1 in X
 *			 (on when window_joins and window_max_wins > 0).
 *
 * eligible[] lists the seat numbers whose why is GB_ELIGIBLE, ascending.
 * When fewer than m are eligible, the rules of relax_order are relaxed one
 * at a time, cumulatively, recomputing after each, and only until m are
 * eligible; `relaxed` has a bit for every rule relaxed so far — exactly
 * the rules left out of the final why[], whether or not a seat came back
 * by it. Entries that cannot be relaxed (platform, GB_ELIGIBLE, out of
 * range), rules that are off in the activity (relaxing them would change
 * nothing, and the page should not say a rule was relaxed that was never
 * on) and repeats are passed over without a bit and without counting as a
 * step. Still short, with every relaxation applied:
 * conflict "fail" gives GB_DRAW_FAIL with the eligibility as computed;
 * "random" makes every member (non-platform) seat eligible with why
 * GB_ELIGIBLE (privileges void) and gives GB_DRAW_RANDOM — unless there
 * are fewer member seats than m, which is GB_DRAW_FAIL as well. */
#include <assert.h>
#include <limits.h>
#include <string.h>
#include "gb.h"

static const struct {
	const char	*key;
	const char	*label;
} rules[GB_NRULES] = {
	[GB_ELIGIBLE]		= { "eligible", "可中奖" },
	[GB_R_PLATFORM]		= { "platform", "平台补位" },
	[GB_R_RED_CAP]		= { "red_cap", "持有红券超限" },
	[GB_R_MEMBER_DAILY]	= { "member_daily_wins", "今日中奖已达上限" },
	[GB_R_NEW_DAILY]	= { "new_member_daily_wins",
				    "新会员今日中奖已达上限" },
	[GB_R_FIRST_OF_DAY]	= { "first_of_day_seat1", "当日首次参团排1号位" },
	[GB_R_NEW_FIRST]	= { "new_first_seat1", "新会员首次参团排1号位" },
	[GB_R_STREAK]		= { "streak", "连续中奖后暂停" },
	[GB_R_CUMULATIVE]	= { "cumulative", "累计中奖后暂停" },
	[GB_R_WINDOW]		= { "window", "近期中奖次数超限" },
};

/* "unknown" / "未知" for a value outside the enum. */
const char *
gb_rule_key(enum gb_rule r)
{
	return (unsigned)r < GB_NRULES ? rules[r].key : "unknown";
}

/* GB_ELIGIBLE for NULL, "eligible" and every unknown key. */
enum gb_rule
gb_rule_by_key(const char *key)
{
	if (key == NULL)
		return GB_ELIGIBLE;
	for (int r = 0; r < GB_NRULES; r++)
		if (strcmp(key, rules[r].key) == 0)
			return (enum gb_rule)r;
	return GB_ELIGIBLE;
}

const char *
gb_rule_label(enum gb_rule r)
{
	return (unsigned)r < GB_NRULES ? rules[r].label : "未知";
}

/* The member's wins in this activity on day today. */
static int
wins_today(const struct gb_member_state *st, int today)
{
	return st->day == today ? st->day_wins : 0;
}

/* How many of the latest k drawn joins (bits 0 … k-1 of recent, at most
 * the nrecent valid ones) were wins. */
static int
recent_wins(const struct gb_member_state *st, int k)
{
	uint64_t	 bits;
	int		 wins = 0;

	if (k > st->nrecent)
		k = st->nrecent;
	if (k > 64)
		k = 64;
	if (k <= 0)
		return 0;
	bits = k == 64 ? st->recent : st->recent & ((UINT64_C(1) << k) - 1);
	for (; bits != 0; bits &= bits - 1)
		wins++;
	return wins;
}

/* Whether rule is on in the activity (platform always is). */
static int
rule_on(const struct gb_rules *r, enum gb_rule rule)
{
	switch (rule) {
	case GB_R_PLATFORM:
		return 1;
	case GB_R_RED_CAP:
		return r->red_cap > 0;
	case GB_R_MEMBER_DAILY:
		return r->member_daily_wins > 0;
	case GB_R_NEW_DAILY:
		return r->new_member_daily_wins > 0;
	case GB_R_FIRST_OF_DAY:
		return r->first_of_day_seat1 != 0;
	case GB_R_NEW_FIRST:
		return r->new_first_seat1 != 0;
	case GB_R_STREAK:
		return r->streak_wins > 0 && r->streak_skip > 0;
	case GB_R_CUMULATIVE:
		return r->cum_wins > 0 && r->cum_skip > 0;
	case GB_R_WINDOW:
		return r->window_joins > 0 && r->window_max_wins > 0;
	default:
		return 0;
	}
}

/* Whether rule, when on, excludes seat s. */
static int
excludes(const struct gb_rules *r, const struct gb_seat *s, int today,
    enum gb_rule rule)
{
	switch (rule) {
	case GB_R_PLATFORM:
		return s->platform != 0;
	case GB_R_RED_CAP:
		return s->red_held >= r->red_cap;
	case GB_R_MEMBER_DAILY:
		return wins_today(&s->st, today) >= r->member_daily_wins;
	case GB_R_NEW_DAILY:
		return s->is_new &&
		    wins_today(&s->st, today) >= r->new_member_daily_wins;
	case GB_R_FIRST_OF_DAY:
		return s->no == 1 && s->first_today;
	case GB_R_NEW_FIRST:
		return s->no == 1 && s->is_new && s->first_ever;
	case GB_R_STREAK:
		return s->st.streak_skip > 0;
	case GB_R_CUMULATIVE:
		return s->st.cum_skip > 0;
	case GB_R_WINDOW:
		return recent_wins(&s->st, r->window_joins - 1) >=
		    r->window_max_wins;
	default:
		return 0;
	}
}

/* Fills why, eligible and neligible for the rules not in relaxed. */
static void
evaluate(const struct gb_rules *r, const struct gb_seat *seats, size_t n,
    int today, unsigned relaxed, struct gb_eligibility *out)
{
	out->neligible = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gb_seat *s = &seats[i];
		enum gb_rule	 why = GB_ELIGIBLE;

		if (s->platform)
			why = GB_R_PLATFORM;
		else
			for (int k = GB_R_RED_CAP; k < GB_NRULES; k++)
				if (!(relaxed & (1u << k)) &&
				    rule_on(r, (enum gb_rule)k) &&
				    excludes(r, s, today, (enum gb_rule)k)) {
					why = (enum gb_rule)k;
					break;
				}
		out->why[i] = why;
		if (why == GB_ELIGIBLE)
			out->eligible[out->neligible++] = s->no;
	}
}

/* seats[i] is seat number i + 1 (ascending, as the service lists them);
 * why[i] is its reason. n <= GB_MAX_SEATS. *out is overwritten entirely. */
void
gb_eligibility(const struct gb_rules *r, const struct gb_seat *seats,
    size_t n, size_t m, int today, struct gb_eligibility *out)
{
	size_t		 members = 0;

	assert(n <= GB_MAX_SEATS);
	memset(out, 0, sizeof(*out));
	evaluate(r, seats, n, today, 0, out);
	for (size_t k = 0; k < r->nrelax && k < GB_NRULES &&
	    out->neligible < m; k++) {
		enum gb_rule	 rule = r->relax_order[k];

		if (rule <= GB_R_PLATFORM || rule >= GB_NRULES ||
		    !rule_on(r, rule) || (out->relaxed & (1u << rule)))
			continue;
		out->relaxed |= 1u << rule;
		evaluate(r, seats, n, today, out->relaxed, out);
	}
	if (out->neligible >= m) {
		out->outcome = GB_DRAW_OK;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!seats[i].platform)
			members++;
	if (r->conflict != GB_CONFLICT_RANDOM || members < m) {
		out->outcome = GB_DRAW_FAIL;
		return;
	}
	out->neligible = 0;
	for (size_t i = 0; i < n; i++) {
		out->why[i] = seats[i].platform ? GB_R_PLATFORM : GB_ELIGIBLE;
		if (!seats[i].platform)
			out->eligible[out->neligible++] = seats[i].no;
	}
	out->outcome = GB_DRAW_RANDOM;
}

/* Adds one to a counter, stopping at INT_MAX. */
static void
bump(int *v)
{
	if (*v < INT_MAX)
		(*v)++;
}

/* The state after one more drawn join on day today, won or not:
 *   day	 a new day starts with no wins; a win counts for today.
 *   streak	 while skipping: one skip used, no streak (a win under the
 *		 "random" policy does not start one). Else a win extends the
 *		 streak and the streak_wins-th (or more, should the setting
 *		 have dropped) starts streak_skip skips; a loss ends it. The
 *		 streak is counted even with the rule off.
 *   cumulative	 while skipping: one skip used. Else, with the rule on, a
 *		 win counts and the cum_wins-th (or more) starts cum_skip skips.
 *   recent	 shifts the join in as bit 0 (1 = won); nrecent <= 64.
 * Counters stop at INT_MAX. */
void
gb_state_next(const struct gb_rules *r, struct gb_member_state *st,
    int today, int won)
{
	won = won != 0;
	if (st->day != today) {
		st->day = today;
		st->day_wins = 0;
	}
	if (won)
		bump(&st->day_wins);

	if (st->streak_skip > 0) {
		st->streak_skip--;
		st->streak = 0;
	} else if (won) {
		bump(&st->streak);
		if (r->streak_wins > 0 && st->streak >= r->streak_wins) {
			st->streak = 0;
			st->streak_skip = r->streak_skip > 0 ? r->streak_skip : 0;
		}
	} else
		st->streak = 0;

	if (st->cum_skip > 0)
		st->cum_skip--;
	else if (won && r->cum_wins > 0) {
		bump(&st->cum);
		if (st->cum >= r->cum_wins) {
			st->cum = 0;
			st->cum_skip = r->cum_skip > 0 ? r->cum_skip : 0;
		}
	}

	st->recent = st->recent << 1 | (uint64_t)won;
	st->nrecent = st->nrecent < 0 ? 1 :
	    st->nrecent < 64 ? st->nrecent + 1 : 64;
}
