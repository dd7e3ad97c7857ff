/* gb_sim: the economics simulator (FEATURES D12): one synthetic successful
 * draw through the real reward engine (gb_plan), valued in cash. See
 * gb_sim.h for the model and every rounding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "gb.h"
#include "gb_sim.h"

/* Synthetic ids: seat s (1-based) is member 1000 + s, its 1代 2000 + s,
 * its 2代 3000 + s, region 4000 + s, branch 5000 + s; one merchant; the
 * group's leader, recommender and owner. All distinct. */
#define SIM_SELF	1000
#define SIM_UP1		2000
#define SIM_UP2		3000
#define SIM_REGION	4000
#define SIM_BRANCH	5000
#define SIM_MERCHANT	6001
#define SIM_LEADER	7001
#define SIM_RECOMMENDER	7002
#define SIM_OWNER	7003

void
gb_sim_defaults(struct gb_sim_assume *as)
{
	memset(as, 0, sizeof *as);
	as->cost_bp = 3000;
	as->uplines = 1;
	as->gold_held = 1;
	(void)gb_sim_set_value(as, "CHANGE", 10000);
	(void)gb_sim_set_value(as, "GREEN", 10000);
	(void)gb_sim_set_value(as, "POINTS", 1000);
	(void)gb_sim_set_value(as, "RED", 0);
	(void)gb_sim_set_value(as, "GOLD", 0);
}

int
gb_sim_set_value(struct gb_sim_assume *as, const char *code, int bp)
{
	size_t i;

	if (as == NULL || code == NULL || *code == '\0' ||
	    strlen(code) > GB_CODE_LEN)
		return -1;
	if (bp < 0)
		bp = 0;
	if (bp > GB_SIM_VALUE_BP_MAX)
		bp = GB_SIM_VALUE_BP_MAX;
	for (i = 0; i < as->nvalues && i < GB_SIM_MAX_VALUES; i++)
		if (strcmp(as->values[i].code, code) == 0) {
			as->values[i].bp = bp;
			return 0;
		}
	if (as->nvalues >= GB_SIM_MAX_VALUES)
		return -1;
	snprintf(as->values[as->nvalues].code,
	    sizeof as->values[as->nvalues].code, "%s", code);
	as->values[as->nvalues++].bp = bp;
	return 0;
}

int
gb_sim_value(const struct gb_sim_assume *as, const char *code)
{
	size_t i;

	if (as == NULL || code == NULL)
		return 0;
	for (i = 0; i < as->nvalues && i < GB_SIM_MAX_VALUES; i++)
		if (strcmp(as->values[i].code, code) == 0)
			return as->values[i].bp;
	return 0;
}

/* "Plenty": the engine clamps what is held to AMT_CAP, so nothing caps a
 * convert or a release, except 购物金 when gold_held is off. */
static int64_t
sim_held(void *ud, long long member, const char *currency)
{
	const struct gb_sim_assume *as = ud;

	(void)member;
	if (!as->gold_held && strcmp(currency, "GOLD") == 0)
		return 0;
	return AMT_CAP;
}

/* The cash value bp of one unit a line moves. */
static int
line_value(const struct gb_line *l, const struct gb_sim_assume *as)
{
	switch (l->act) {
	case GB_DO_CREDIT:
	case GB_DO_POOL:
		return gb_sim_value(as, l->currency);
	case GB_DO_CONVERT:
	case GB_DO_RELEASE:
		return gb_sim_value(as, l->currency) - gb_sim_value(as, l->from);
	case GB_DO_SHARE:
		return 0;
	}
	return 0;
}

static const char *
cname(const char *(*name)(const char *, void *), void *ud, const char *code)
{
	const char *s = name != NULL ? name(code, ud) : NULL;

	return s != NULL && *s != '\0' ? s : code;
}

/* The line's label: "<trigger> <who> <action> ×<count>", e.g.
 * "未中奖 本人 +5% 零钱 ×7", "中奖 本人 红券→绿券 40.00 ×1",
 * "中奖 3% 零钱计入月度分红池 ×3". */
static void
label_line(const struct gb_line *l, int count,
    const char *(*name)(const char *, void *), void *ud, char *out,
    size_t size)
{
	static const char *const on[] = { "中奖", "未中奖", "每席", "成团",
		"拼团失败" };
	static const char *const to[] = { "本人", "一代", "二代", "团长",
		"团长推荐人", "群主", "区域", "分公司", "商家" };
	char amt[32], who[64], act[160];

	if (l->bp > 0)
		gb_pct_format(l->bp, amt);
	else
		amount_format(l->amount, 2, amt);
	who[0] = '\0';
	if (l->act != GB_DO_POOL && (unsigned)l->to <= GB_TO_MERCHANT)
		snprintf(who, sizeof who, " %s%s", to[l->to],
		    l->promoter_only ? "（推广员）" : "");
	switch (l->act) {
	case GB_DO_CREDIT:
		snprintf(act, sizeof act, "+%s %s", amt,
		    cname(name, ud, l->currency));
		break;
	case GB_DO_CONVERT:
		snprintf(act, sizeof act, "%s→%s %s", cname(name, ud, l->from),
		    cname(name, ud, l->currency), amt);
		break;
	case GB_DO_RELEASE:
		snprintf(act, sizeof act, "释放 %s→%s %s",
		    cname(name, ud, l->from), cname(name, ud, l->currency), amt);
		break;
	case GB_DO_POOL:
		snprintf(act, sizeof act, "%s %s计入%s", amt,
		    cname(name, ud, l->currency), strcmp(l->pool, "daily") == 0 ?
		    "每日分红池" : "月度分红池");
		break;
	case GB_DO_SHARE:
		snprintf(act, sizeof act, "+%s 分红份额（不计现金：已在奖池入账时计入）",
		    amt);
		break;
	default:
		snprintf(act, sizeof act, "?");
		break;
	}
	snprintf(out, size, "%s%s %s ×%d%s", (unsigned)l->on <= GB_ON_FAILURE ?
	    on[l->on] : "?", who, act, count, l->on == GB_ON_FAILURE ?
	    "（仅拼团失败时发放，本模拟按成团计算）" : "");
}

/* Simulates one successful draw (see gb_sim.h). */
int
gb_simulate(const struct gb_activity *a, const struct gb_sim_assume *as,
    const char *(*name)(const char *code, void *ud), void *ud,
    struct gb_sim_result *out)
{
	struct gb_draw_seat	 seats[GB_MAX_SEATS];
	struct gb_group_people	 g;
	struct gb_reward	*plan;
	struct gb_sim_line	*sl;
	size_t			 max, li, i;
	int			 n, s;
	char			 p[24];

	if (a == NULL || as == NULL || out == NULL || a->seats < 2 ||
	    a->seats > GB_MAX_SEATS || a->winners < 1 ||
	    a->winners >= a->seats || a->nlines > GB_MAX_LINES ||
	    a->price < 0 || as->cost_bp < 0)
		return -1;
	memset(out, 0, sizeof *out);
	memset(seats, 0, sizeof seats);
	for (s = 1; s <= a->seats; s++) {
		struct gb_draw_seat *st = &seats[s - 1];

		st->no = s;
		st->won = s <= a->winners;
		st->p.self = SIM_SELF + s;
		st->p.upline1 = as->uplines ? SIM_UP1 + s : 0;
		st->p.upline2 = as->uplines ? SIM_UP2 + s : 0;
		st->p.region = SIM_REGION + s;
		st->p.branch = SIM_BRANCH + s;
		st->p.merchant = SIM_MERCHANT;
		st->p.promoters = ~0u;
	}
	g.leader = SIM_LEADER;
	g.leader_recommender = SIM_RECOMMENDER;
	g.owner = SIM_OWNER;
	g.promoters = ~0u;

	/* every line pays at most once per seat, or once per group */
	max = (a->nlines + 1) * (size_t)a->seats;
	if ((plan = calloc(max, sizeof *plan)) == NULL)
		return -1;
	n = gb_plan(a, 1, &g, seats, (size_t)a->seats, sim_held, (void *)as,
	    plan, max);
	if (n < 0) {
		free(plan);
		return -1;
	}

	out->inflow = (int64_t)a->winners * a->price;
	sl = &out->lines[0];
	sl->line = -1;
	sl->count = a->winners;
	if (a->nproducts == 0 && a->nvouchers > 0) {
		/* D1: without products the winners take the default option,
		 * the first 购物券 option, valued as 购物券 */
		char amt[32];
		const char *vn = name != NULL ? name("VOUCHER", ud) : NULL;

		sl->units = (int64_t)a->winners * a->vouchers[0];
		sl->value_bp = gb_sim_value(as, "VOUCHER");
		sl->amount = (int64_t)a->winners * bp_of(a->vouchers[0],
		    sl->value_bp);
		gb_pct_format(sl->value_bp, p);
		snprintf(sl->label, sizeof sl->label, "中奖者所选%s（%s × 中奖 "
		    "%d 人，每单位按 %s 计）", vn != NULL ? vn : "VOUCHER",
		    amount_format(a->vouchers[0], 2, amt), a->winners, p);
	} else {
		sl->units = out->inflow;
		sl->value_bp = as->cost_bp;
		sl->amount = bp_of(out->inflow, as->cost_bp);
		gb_pct_format(as->cost_bp, p);
		snprintf(sl->label, sizeof sl->label, "商品成本（参团价 × 中奖 "
		    "%d 人 × %s）", a->winners, p);
	}
	out->nlines = 1;

	for (li = 0; li < a->nlines; li++) {
		sl = &out->lines[out->nlines++];
		sl->line = (int)li;
		sl->value_bp = line_value(&a->lines[li], as);
		for (i = 0; i < (size_t)n; i++) {
			if (plan[i].line != li)
				continue;
			sl->count++;
			sl->units += plan[i].amount;
			sl->amount += bp_of(plan[i].amount, sl->value_bp);
		}
		label_line(&a->lines[li], sl->count, name, ud, sl->label,
		    sizeof sl->label);
	}
	free(plan);

	for (i = 0; i < out->nlines; i++)
		out->outflow += out->lines[i].amount;
	out->profit = out->inflow - out->outflow;
	out->profit_bp = bp_ratio(out->profit, out->inflow);
	return 0;
}
