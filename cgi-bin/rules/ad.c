/* ad: the rules of ad rewards (see ad.h). */
#include <stdio.h>
#include <string.h>
#include "ad.h"
#include "amount.h"

int
ad_cfg_check(const struct ad_cfg *c)
{
	size_t	i;

	if (c->nup > AD_MAX_GEN)
		return AD_EGEN;
	for (i = 0; i < c->nup; i++)
		if (c->up_bp[i] < 0 || c->up_bp[i] > AD_BP_MAX)
			return AD_EBP;
	if (c->per_day < 1 || c->tolerance < 0 || c->ttl < 0 ||
	    c->reward <= 0 || c->reward > AMT_CAP || c->points <= 0 ||
	    c->points > AMT_CAP || c->member_cap < 0 || c->budget < 0)
		return AD_ECONFIG;
	return AD_OK;
}

int
ad_start_check(const struct ad_cfg *c, int watched, int ad_done,
    int64_t held, int64_t paid_today, long long ad_left)
{
	if (watched >= c->per_day)
		return AD_ELIMIT;
	if (ad_done)
		return AD_EWATCHED;
	if (held <= 0)
		return AD_ENOPOINTS;
	/* the day's budget cannot pay one more full reward with the
	 * shares of every configured generation: no view starts */
	if (c->member_cap == 0 || c->budget - paid_today < ad_cost(c,
	    c->reward < c->member_cap ? c->reward : c->member_cap, c->nup))
		return AD_EBUDGET;
	if (ad_left == 0)
		return AD_EADBUDGET;
	return AD_OK;
}

long long
ad_wait(const struct ad_cfg *c, const struct ad_view *v, long long now)
{
	long long ready = v->started + v->duration - c->tolerance;

	return now >= ready ? 0 : ready - now;
}

int
ad_done_check(const struct ad_cfg *c, const struct ad_view *v,
    long long member, long long now, long long today, int watched)
{
	if (v->member != member)
		return AD_EMEMBER;
	if (v->done)
		return AD_EUSED;
	/* a token is good for its day and ttl seconds past its duration:
	 * an abandoned view cannot be finished tomorrow */
	if (v->day != today || now > v->started + v->duration + c->ttl)
		return AD_ELATE;
	if (ad_wait(c, v, now) > 0)
		return AD_EEARLY;
	if (watched >= c->per_day)
		return AD_ELIMIT;
	return AD_OK;
}

/* x * num / den rounded down, for 0 <= num <= den (in 128 bits). */
static int64_t
scale_down(int64_t x, int64_t num, int64_t den)
{
	return (int64_t)((__int128)x * num / den);
}

int64_t
ad_cost(const struct ad_cfg *c, int64_t amount, size_t nup)
{
	int64_t	cost = amount, share;
	size_t	i;

	for (i = 0; i < nup && i < c->nup && i < AD_MAX_GEN; i++)
		if ((share = bp_of(amount, c->up_bp[i])) > 0)
			cost += share;
	return cost;
}

int
ad_reward_amount(const struct ad_cfg *c, int64_t held, int64_t paid_today,
    size_t nup, int64_t *amount, int64_t *points)
{
	int64_t	full = c->reward < c->member_cap ? c->reward : c->member_cap;
	int64_t	a, p;

	*amount = *points = 0;
	if (held <= 0)
		return AD_ENOPOINTS;
	if (full <= 0)
		return AD_EBUDGET;
	if (held >= c->points) {
		a = full;
		p = c->points;
	} else {
		/* points running out: the rest of them, paid pro rata */
		if ((a = scale_down(full, held, c->points)) == 0)
			return AD_ENOPOINTS;
		p = held;
	}
	/* the budget counts all a reward pays: the member's part and the
	 * uplines' shares; what is left pays all of it or nothing (no
	 * partial reward, no member paid without their uplines) */
	if (c->budget - paid_today < ad_cost(c, a, nup))
		return AD_EBUDGET;
	*amount = a;
	*points = p;
	return AD_OK;
}

int
ad_plan(const struct ad_cfg *c, long long member, const char *day,
    int64_t held, int64_t paid_today, const long long *up, struct ad_plan *p)
{
	struct reward_line	*l;
	char			 b1[32], b2[32];
	int64_t			 amount, points, share;
	size_t			 i, nup;
	int			 rc;

	memset(p, 0, sizeof(*p));
	if ((rc = ad_cfg_check(c)) != AD_OK)
		return rc;
	/* the inviters who will be paid: the chain up to the first 0 */
	for (nup = 0; up != NULL && nup < c->nup && up[nup] > 0; nup++)
		;
	if ((rc = ad_reward_amount(c, held, paid_today, nup, &amount,
	    &points)) != AD_OK)
		return rc;
	p->amount = amount;
	p->points = points;
	l = &p->l[p->n];
	l->act = REWARD_CONVERT;
	l->to = member;
	l->currency = "CHANGE";
	l->from = "MALLPTS";
	l->amount = amount;
	l->amount_from = points;
	l->kind = "ad.reward";
	l->key = p->key[p->n];
	l->memo = p->memo[p->n];
	l->ref_type = "ad_day";
	l->ref_id = member;
	snprintf(p->key[p->n], sizeof(p->key[0]), "ad.reward:%lld:%s", member,
	    day);
	snprintf(p->memo[p->n], sizeof(p->memo[0]),
	    "%s 看完广告：消费积分 %s 兑得零钱 %s", day,
	    amount_format(points, 2, b1), amount_format(amount, 2, b2));
	p->n++;
	for (i = 0; i < nup; i++) {
		if ((share = bp_of(amount, c->up_bp[i])) <= 0)
			continue;
		l = &p->l[p->n];
		l->act = REWARD_CREDIT;
		l->to = up[i];
		l->currency = "CHANGE";
		l->amount = share;
		l->kind = "ad.upline";
		l->key = p->key[p->n];
		l->memo = p->memo[p->n];
		l->ref_type = "ad_day";
		l->ref_id = member;
		snprintf(p->key[p->n], sizeof(p->key[0]),
		    "ad.upline:%lld:%s:%zu", member, day, i + 1);
		snprintf(p->memo[p->n], sizeof(p->memo[0]),
		    "%zu代看广告奖励（会员 %lld，%s）", i + 1, member, day);
		p->upline += share;
		p->n++;
	}
	return AD_OK;
}

const char *
ad_words(const struct ad_cfg *c, char *buf, size_t n)
{
	char	r[32], pts[32], tot[32], cap[32], bud[32], fc[32];
	int64_t	full = c->reward < c->member_cap ? c->reward : c->member_cap;
	int64_t	held = 20000, days, rem;

	/* the worked example: 200 消费积分 held, watched every day; the
	 * last day pays the remainder pro rata */
	days = held / c->points;
	rem = held % c->points;
	amount_format(full * days + scale_down(full, rem, c->points), 2, tot);
	if (rem > 0)
		days++;
	amount_format(c->reward, 2, r);
	amount_format(c->points, 2, pts);
	amount_format(c->member_cap, 2, cap);
	amount_format(c->budget, 2, bud);
	amount_format(ad_cost(c, full, c->nup), 2, fc);
	snprintf(buf, n,
	    "每天看完 %d 个广告（每个须完整观看，计时以服务器为准），"
	    "即得 %s 元零钱，同时扣除 %s 消费积分，每天一次，直到消费积分用完；"
	    "消费积分不足 %s 时按剩余比例发放（向下取整到分）。"
	    "持有 200 消费积分、每天都看完的会员，%lld 天共得 %s 元零钱。"
	    "每人每天最多 %s 元；全平台每天额度 %s 元，"
	    "会员所得与上级分成一并计入（一次完整奖励连同分成最多 %s 元）；"
	    "剩余额度不够支付一次奖励连同其上级分成时，这次不发放，"
	    "也不开始新的观看（今日额度已发完）。",
	    c->per_day, r, pts, pts, (long long)days, tot, cap, bud, fc);
	return buf;
}

static const struct {
	int		 err;
	const char	*code, *msg;
} errs[] = {
	{ AD_EEARLY, "too_early", "广告还没有看完，本次不计入，也不发放奖励" },
	{ AD_EUSED, "used", "这次观看已经记录过了" },
	{ AD_EMEMBER, "not_found", "没有这次观看记录" },
	{ AD_ELATE, "expired", "这次观看已过期，请重新观看" },
	{ AD_ELIMIT, "daily_limit", "今天的广告已经看完了，明天再来" },
	{ AD_EWATCHED, "watched", "这个广告今天已经看过了" },
	{ AD_ENOPOINTS, "no_points", "没有消费积分：商城购物可获得消费积分" },
	{ AD_EBUDGET, "budget", "今日额度已发完，明天再来" },
	{ AD_EADBUDGET, "ad_budget", "这个广告今天的播放次数已满，请看其他广告" },
	{ AD_EGEN, "config", "广告奖励上级分成最多 3 代" },
	{ AD_EBP, "config", "广告奖励上级分成比例设置有误" },
	{ AD_ECONFIG, "config", "广告奖励设置有误" },
};

const char *
ad_code(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].err == err)
			return errs[i].code;
	return "error";
}

const char *
ad_message(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].err == err)
			return errs[i].msg;
	return "广告奖励出错";
}
