/* reward: a reward line's ledger legs and its action's name (see
 * reward.h). Pure: no I/O, no account ids; lib/payout.c applies the legs. */
#include <string.h>
#include "reward.h"

static int
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* What every line needs, then what its action needs. */
static int
reward_valid(const struct reward_line *l)
{
	if (l == NULL || l->amount <= 0 || blank(l->currency) ||
	    blank(l->kind) || blank(l->key))
		return 0;
	switch (l->act) {
	case REWARD_CREDIT:
		return l->to > 0;
	case REWARD_CONVERT:
	case REWARD_RELEASE:
		if (l->to <= 0 || blank(l->from) ||
		    strcmp(l->from, l->currency) == 0 || l->amount_from < 0)
			return 0;
		/* capping scales both sides together: 1:1 only */
		return !l->capped || l->amount_from == 0 ||
		    l->amount_from == l->amount;
	case REWARD_POOL_IN:
		return l->to == 0 && !blank(l->pool) &&
		    (l->source == NULL || strcmp(l->source, l->pool) != 0);
	case REWARD_POOL_SHARE:
		return l->to > 0 && !blank(l->pool);
	default:
		return 0;
	}
}

int
reward_legs(const struct reward_line *l, struct reward_leg out[4])
{
	int64_t from_amt;

	if (!reward_valid(l))
		return REWARD_EINVAL;
	switch (l->act) {
	case REWARD_CREDIT:
		out[0] = (struct reward_leg){ 1, 0, l->source ? l->source :
		    "issue", l->currency, -l->amount };
		out[1] = (struct reward_leg){ 0, l->to, "main", l->currency,
		    l->amount };
		return 2;
	case REWARD_CONVERT:
	case REWARD_RELEASE:
		from_amt = l->amount_from ? l->amount_from : l->amount;
		out[0] = (struct reward_leg){ 0, l->to, "main", l->from,
		    -from_amt };
		out[1] = (struct reward_leg){ 1, 0, "issue", l->from, from_amt };
		out[2] = (struct reward_leg){ 1, 0, "issue", l->currency,
		    -l->amount };
		out[3] = (struct reward_leg){ 0, l->to, "main", l->currency,
		    l->amount };
		return 4;
	case REWARD_POOL_IN:
		out[0] = (struct reward_leg){ 1, 0, l->source ? l->source :
		    "issue", l->currency, -l->amount };
		out[1] = (struct reward_leg){ 1, 0, l->pool, l->currency,
		    l->amount };
		return 2;
	case REWARD_POOL_SHARE:
		out[0] = (struct reward_leg){ 1, 0, l->pool, l->currency,
		    -l->amount };
		out[1] = (struct reward_leg){ 0, l->to, "main", l->currency,
		    l->amount };
		return 2;
	}
	return REWARD_EINVAL;
}

const char *
reward_act_label(enum reward_act act)
{
	switch (act) {
	case REWARD_CREDIT:	return "发放";
	case REWARD_CONVERT:	return "转换";
	case REWARD_RELEASE:	return "释放";
	case REWARD_POOL_IN:	return "计入奖池";
	case REWARD_POOL_SHARE:	return "奖池分配";
	}
	return "";
}
