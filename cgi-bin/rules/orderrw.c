/* orderrw: the 消费积分 and referral plan of a completed mall order (see
 * orderrw.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "orderrw.h"

int64_t
orderrw_bp(int64_t value, int64_t bp)
{
	if (value < 0 || bp < 0 || (bp > 0 && value > (INT64_MAX - 5000) / bp))
		return -1;
	return (value * bp + 5000) / 10000;
}

int
orderrw_check(const int64_t *bp, size_t n)
{
	size_t i;

	if (n > ORDERRW_MAX_GEN)
		return ORDERRW_EGEN;
	for (i = 0; i < n; i++)
		if (bp[i] < 0 || bp[i] > ORDERRW_BP_MAX)
			return ORDERRW_EBP;
	return ORDERRW_OK;
}

static struct reward_line *
line(struct orderrw_plan *p, long long to, const char *currency,
    const char *source, int64_t amount, const char *kind, long long order)
{
	struct reward_line *l = &p->l[p->n];

	memset(l, 0, sizeof(*l));
	l->act = REWARD_CREDIT;
	l->to = to;
	l->currency = currency;
	l->source = source;
	l->amount = amount;
	l->kind = kind;
	l->key = p->key[p->n];
	l->memo = p->memo[p->n];
	l->ref_type = "order";
	l->ref_id = order;
	p->n++;
	return l;
}

int
orderrw_points(const struct orderrw_order *o, int64_t per_yuan_bp,
    struct orderrw_plan *p)
{
	int64_t		amount;
	char		b[32];

	p->n = 0;
	if (per_yuan_bp < 0)
		return ORDERRW_EBP;
	if ((amount = orderrw_bp(o->value, per_yuan_bp)) < 0 ||
	    amount > AMT_CAP)
		return ORDERRW_ERANGE;
	if (amount == 0)
		return ORDERRW_OK;
	line(p, o->buyer, "MALLPTS", NULL, amount, "order.mallpts", o->id);
	snprintf(p->key[0], sizeof(p->key[0]), "order.mallpts:%lld", o->id);
	snprintf(p->memo[0], sizeof(p->memo[0]),
	    "商城订单 %lld 完成，消费 ¥%s 赠送消费积分", o->id,
	    amount_format(o->value, 2, b));
	return ORDERRW_OK;
}

int
orderrw_referral(const struct orderrw_order *o, const int64_t *bp, size_t n,
    struct orderrw_plan *p)
{
	int64_t	left, amount;
	size_t	i;
	int	rc;

	p->n = 0;
	if ((rc = orderrw_check(bp, n)) != ORDERRW_OK)
		return rc;
	left = o->value > o->cost ? o->value - o->cost : 0;
	for (i = 0; i < n && o->up[i] > 0 && left > 0; i++) {
		if ((amount = orderrw_bp(o->value, bp[i])) < 0) {
			p->n = 0;
			return ORDERRW_ERANGE;
		}
		if (amount > left)
			amount = left;
		if (amount == 0)
			continue;
		left -= amount;
		line(p, o->up[i], "CHANGE", o->change ? "revenue" : NULL,
		    amount, "order.referral", o->id);
		snprintf(p->key[p->n - 1], sizeof(p->key[0]),
		    "order.referral:%lld:%zu", o->id, i + 1);
		snprintf(p->memo[p->n - 1], sizeof(p->memo[0]),
		    "%zu代推荐奖励（商城订单 %lld）", i + 1, o->id);
	}
	return ORDERRW_OK;
}
