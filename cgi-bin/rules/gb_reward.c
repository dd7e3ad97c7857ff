/* gb_reward: the reward schedule of a group (FEATURES D6). Turns an
 * activity's ordered reward lines and a drawn (or failed) group into the
 * list of rewards to apply: who gets what, of which currency, how much.
 * Pure: the service applies the plan through the ledger, in plan order. */
#include <string.h>

#include "amount.h"
#include "gb.h"

/* Whether a line fires for a seat (won: 1, lost: 0) of a drawn (success)
 * or failed group. */
static int
fires(enum gb_on on, int success, int won)
{
	switch (on) {
	case GB_ON_WON:
		return success && won;
	case GB_ON_LOST:
		return success && !won;
	case GB_ON_SEAT:
	case GB_ON_SUCCESS:
		return success;
	case GB_ON_FAILURE:
		return !success;
	}
	return 0;
}

/* The group's own people, paid once per group on success / failure. */
static int
group_person(enum gb_to to)
{
	return to == GB_TO_LEADER || to == GB_TO_LEADER_RECOMMENDER ||
	    to == GB_TO_OWNER;
}

static long long
beneficiary(enum gb_to to, const struct gb_people *p,
    const struct gb_group_people *g)
{
	switch (to) {
	case GB_TO_SELF:
		return p->self;
	case GB_TO_UPLINE1:
		return p->upline1;
	case GB_TO_UPLINE2:
		return p->upline2;
	case GB_TO_REGION:
		return p->region;
	case GB_TO_BRANCH:
		return p->branch;
	case GB_TO_MERCHANT:
		return p->merchant;
	case GB_TO_LEADER:
		return g != NULL ? g->leader : 0;
	case GB_TO_LEADER_RECOMMENDER:
		return g != NULL ? g->leader_recommender : 0;
	case GB_TO_OWNER:
		return g != NULL ? g->owner : 0;
	}
	return 0;
}

/* What member will hold of currency once the k rewards planned so far are
 * applied in order, starting from held (clamped to 0 … AMT_CAP): credits
 * and the proceeds of conversions add, what conversions and releases give
 * up subtracts. Amounts are bounded, so no overflow. */
static int64_t
holding(int64_t held, const struct gb_reward *out, size_t k,
    long long member, const char *currency)
{
	int64_t h = held < 0 ? 0 : held > AMT_CAP ? AMT_CAP : held;
	size_t i;

	for (i = 0; i < k; i++) {
		if (out[i].to != member || out[i].act == GB_DO_POOL ||
		    out[i].act == GB_DO_SHARE)
			continue;
		if (strcmp(out[i].currency, currency) == 0)
			h += out[i].amount;
		if ((out[i].act == GB_DO_CONVERT ||
		    out[i].act == GB_DO_RELEASE) &&
		    strcmp(out[i].from, currency) == 0)
			h -= out[i].amount;
	}
	return h;
}

/* Plans line l for beneficiary to (0: a pool) of seat (0: the group).
 * Returns 0 (planned or nothing to plan) or -1 when out is full. */
static int
plan_one(const struct gb_activity *a, size_t li, int seat, long long to,
    gb_held_fn held, void *ud, struct gb_reward *out, size_t *k, size_t max)
{
	const struct gb_line *l = &a->lines[li];
	struct gb_reward *r;
	int64_t amount, have;

	amount = l->bp > 0 ? bp_of(a->price, l->bp) : l->amount;
	if (l->act == GB_DO_CONVERT || l->act == GB_DO_RELEASE) {
		have = holding(held != NULL ? held(ud, to, l->from) : 0, out,
		    *k, to, l->from);
		if (amount > have)
			amount = have;
	}
	if (amount <= 0)
		return 0;
	if (*k >= max)
		return -1;
	r = &out[(*k)++];
	memset(r, 0, sizeof *r);
	r->line = li;
	r->seat = seat;
	r->to = to;
	r->act = l->act;
	if (l->act != GB_DO_SHARE)
		memcpy(r->currency, l->currency, sizeof r->currency);
	if (l->act == GB_DO_CONVERT || l->act == GB_DO_RELEASE)
		memcpy(r->from, l->from, sizeof r->from);
	if (l->act == GB_DO_POOL)
		memcpy(r->pool, l->pool, sizeof r->pool);
	r->amount = amount;
	return 0;
}

/* Plans a group's rewards (see gb.h). Everything is borrowed. a must be a
 * parsed activity; NULL gives -1. g may be NULL (no leader, recommender or
 * owner: their lines pay nothing). seats may be NULL only when n is 0. held
 * may be NULL: then every member holds nothing, and convert and release
 * lines pay only out of what earlier lines of this plan credited. out may be
 * NULL only when max is 0. A line paying once per group (leader,
 * recommender, owner on success / failure) needs at least one member seat.
 * Returns the number of rewards written to out[0 …], or -1 when they do not
 * fit in max (out then holds the first max, and is not a plan to apply). */
int
gb_plan(const struct gb_activity *a, int success,
    const struct gb_group_people *g, const struct gb_draw_seat *seats,
    size_t n, gb_held_fn held, void *ud, struct gb_reward *out, size_t max)
{
	const struct gb_line *l;
	size_t li, i, k = 0, members = 0;
	long long to;

	if (a == NULL || (seats == NULL && n > 0) || (out == NULL && max > 0))
		return -1;
	for (i = 0; i < n; i++)
		if (!seats[i].platform)
			members++;
	for (li = 0; li < a->nlines && li < GB_MAX_LINES; li++) {
		l = &a->lines[li];
		if (l->act != GB_DO_POOL && group_person(l->to) &&
		    (l->on == GB_ON_SUCCESS || l->on == GB_ON_FAILURE)) {
			if (members == 0 || !fires(l->on, success, 0))
				continue;
			if ((to = beneficiary(l->to, NULL, g)) == 0 ||
			    (l->promoter_only && !(g != NULL &&
			    (g->promoters & (1u << l->to)))))
				continue;
			if (plan_one(a, li, 0, to, held, ud, out, &k, max) != 0)
				return -1;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (seats[i].platform ||
			    !fires(l->on, success, seats[i].won))
				continue;
			to = 0;
			if (l->act != GB_DO_POOL &&
			    (to = beneficiary(l->to, &seats[i].p, g)) == 0)
				continue;
			if (l->promoter_only && !(((group_person(l->to) ?
			    (g ? g->promoters : 0u) : seats[i].p.promoters) &
			    (1u << l->to))))
				continue;
			if (plan_one(a, li, seats[i].no, to, held, ud, out, &k,
			    max) != 0)
				return -1;
		}
	}
	return (int)k;
}
