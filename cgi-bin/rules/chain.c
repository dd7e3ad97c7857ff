/* chain: the pure rules of 链动2+1 (see chain.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "chain.h"

#define BP_ALL	10000

int
chain_conf_check(const struct chain_conf *c, char *msg, size_t msgsz)
{
	int64_t	sum = 0;
	size_t	i;

	if (c == NULL)
		return CHAIN_EINVAL;
	if (c->see_gens > CHAIN_MAX_GEN) {
		snprintf(msg, msgsz, "见点奖最多 %d 代（DESIGN.md §1 合规规则："
		    "奖励最多到买家以上 3 代），现为 %d 代", CHAIN_MAX_GEN,
		    c->see_gens);
		return CHAIN_EINVAL;
	}
	if (c->see_gens < 1) {
		snprintf(msg, msgsz, "见点奖代数须为 1 到 %d", CHAIN_MAX_GEN);
		return CHAIN_EINVAL;
	}
	if (c->direct_agent < 0 || c->direct_boss < 0 || c->see < 0 ||
	    c->pool < 0 || c->release_orders < 0) {
		snprintf(msg, msgsz, "金额与单数不能为负");
		return CHAIN_EINVAL;
	}
	if (c->peer_bp < 0 || c->peer_bp > BP_ALL || c->freeze_bp < 0 ||
	    c->freeze_bp > BP_ALL) {
		snprintf(msg, msgsz, "比例须为 0 到 10000 基点");
		return CHAIN_EINVAL;
	}
	for (i = 0; i < c->nranks; i++) {
		if (c->ranks[i].bp < 0 || c->ranks[i].bp > BP_ALL) {
			snprintf(msg, msgsz, "等级分红比例须为 0 到 10000 基点");
			return CHAIN_EINVAL;
		}
		sum += c->ranks[i].bp;
	}
	if (sum > BP_ALL) {
		snprintf(msg, msgsz, "各等级分红比例之和不能超过 10000 基点（100%%），"
		    "现为 %lld", (long long)sum);
		return CHAIN_EINVAL;
	}
	return CHAIN_OK;
}

/* 1 when s is well-formed UTF-8 (no overlongs, surrogates or code points
 * past U+10FFFF): a rank name is shown on pages and in messages. */
static int
utf8_ok(const unsigned char *s)
{
	unsigned	c, cp, n, k;

	while ((c = *s++) != 0) {
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (k = 0; k < n; k++, s++) {
			if ((*s & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (*s & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

int
chain_parse_ranks(const char *json, struct chain_conf *c, char *msg,
    size_t msgsz)
{
	struct json_object	*j, *e, *r, *b;
	size_t			 i, k, n;
	int			 rc = CHAIN_EINVAL;

	c->nranks = 0;
	if (json == NULL || (j = json_tokener_parse(json)) == NULL) {
		snprintf(msg, msgsz, "等级分红须为 JSON 列表");
		return CHAIN_EINVAL;
	}
	if (!json_object_is_type(j, json_type_array)) {
		snprintf(msg, msgsz, "等级分红须为 JSON 列表");
		goto out;
	}
	if ((n = json_object_array_length(j)) > CHAIN_RANKS_MAX) {
		snprintf(msg, msgsz, "最多 %d 个等级", CHAIN_RANKS_MAX);
		goto out;
	}
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(j, i);
		if (!json_object_object_get_ex(e, "rank", &r) ||
		    !json_object_is_type(r, json_type_string) ||
		    json_object_get_string_len(r) < 1 ||
		    json_object_get_string_len(r) >= CHAIN_RANK_LEN ||
		    !utf8_ok((const unsigned char *)json_object_get_string(r)) ||
		    !json_object_object_get_ex(e, "bp", &b) ||
		    !json_object_is_type(b, json_type_int)) {
			snprintf(msg, msgsz, "第 %zu 项须为 {\"rank\":名称,\"bp\":"
			    "基点}，名称 1 到 7 个字", i + 1);
			goto out;
		}
		for (k = 0; k < i; k++)
			if (strcmp(c->ranks[k].name, json_object_get_string(r))
			    == 0) {
				snprintf(msg, msgsz, "等级“%s”重复",
				    json_object_get_string(r));
				goto out;
			}
		snprintf(c->ranks[i].name, sizeof(c->ranks[i].name), "%s",
		    json_object_get_string(r));
		c->ranks[i].bp = json_object_get_int64(b);
		c->nranks = i + 1;
	}
	rc = CHAIN_OK;
	for (i = 0; i < c->nranks; i++)
		if (c->ranks[i].bp < 0 || c->ranks[i].bp > BP_ALL) {
			snprintf(msg, msgsz, "等级分红比例须为 0 到 10000 基点");
			rc = CHAIN_EINVAL;
		}
out:
	json_object_put(j);
	return rc;
}

int
chain_join(const struct chain_join_in *in, struct chain_join_out *out)
{
	if (in == NULL || out == NULL || in->member <= 0)
		return CHAIN_EINVAL;
	memset(out, 0, sizeof(*out));
	if (in->recruiter <= 0 || in->recruiter_status == CHAIN_NONE)
		return CHAIN_OK;	/* no team: a root agent */
	out->counted = 1;
	if (in->recruiter_status == CHAIN_BOSS) {
		out->boss = in->recruiter;
		return CHAIN_OK;
	}
	if (in->recruiter_agents < CHAIN_LEFT) {
		/* 留给上级: stays in the recruiter's boss's team */
		out->left_slot = (int)in->recruiter_agents + 1;
		out->boss = in->recruiter_boss;
		return CHAIN_OK;
	}
	out->recruiter_to_boss = 1;
	out->boss = in->recruiter;
	return CHAIN_OK;
}

static int
add_line(struct chain_plan *p, long long to, enum chain_kind k, int gen,
    long long from, int64_t amount, int frozen, int64_t freeze_bp)
{
	struct chain_line *l;

	if (to <= 0 || amount <= 0 || gen > CHAIN_MAX_GEN)
		return 0;
	if (p->n >= CHAIN_LINES_MAX)
		return CHAIN_EINVAL;
	l = &p->l[p->n++];
	l->to = to;
	l->kind = k;
	l->gen = gen;
	l->from = from;
	l->amount = amount;
	l->frozen = frozen ? bp_of(amount, freeze_bp) : 0;
	return 0;
}

/* The 平级奖 on what boss w earned (amount, at generation gen). */
static int
add_peer(const struct chain_conf *c, struct chain_plan *p,
    const struct chain_who *w, int gen, int64_t amount)
{
	int64_t	share;

	if (w->status != CHAIN_BOSS || w->inviter <= 0 ||
	    w->inviter_status != CHAIN_BOSS || gen + 1 > CHAIN_MAX_GEN)
		return 0;
	if (bp_of_checked(amount, c->peer_bp, &share) != 0)
		return CHAIN_ERANGE;
	return add_line(p, w->inviter, CHAIN_PEER, gen + 1, w->id, share,
	    w->inviter_frozen, c->freeze_bp);
}

static int
mul(int64_t a, long long qty, int64_t *out)
{
	if (a < 0 || qty < 1 || (a > 0 && qty > INT64_MAX / a))
		return CHAIN_ERANGE;
	*out = a * qty;
	return 0;
}

int
chain_plan_order(const struct chain_conf *c, const struct chain_order_in *in,
    struct chain_plan *p)
{
	const struct chain_who	*d, *b;
	int64_t			 amt;
	int			 rc, gens;

	if (c == NULL || in == NULL || p == NULL || in->buyer <= 0 ||
	    in->qty < 1)
		return CHAIN_EINVAL;
	memset(p, 0, sizeof(*p));
	d = &in->direct;
	b = &in->boss;
	gens = c->see_gens > CHAIN_MAX_GEN ? CHAIN_MAX_GEN : c->see_gens;
	if ((rc = mul(c->pool, in->qty, &p->pool)) != 0)
		return rc;
	if (d->id > 0 && d->id != in->buyer && d->status != CHAIN_NONE) {
		if ((rc = mul(d->status == CHAIN_BOSS ? c->direct_boss :
		    c->direct_agent, in->qty, &amt)) != 0 ||
		    (rc = add_line(p, d->id, CHAIN_DIRECT, 1, 0, amt,
		    d->frozen, c->freeze_bp)) != 0 ||
		    (rc = add_peer(c, p, d, 1, amt)) != 0)
			return rc;
	}
	if (b->id > 0 && b->id != in->buyer && b->id != d->id &&
	    b->status == CHAIN_BOSS && in->boss_depth >= 1 &&
	    in->boss_depth <= gens) {
		if ((rc = mul(c->see, in->qty, &amt)) != 0 ||
		    (rc = add_line(p, b->id, CHAIN_SEE, in->boss_depth, 0,
		    amt, b->frozen, c->freeze_bp)) != 0 ||
		    (rc = add_peer(c, p, b, in->boss_depth, amt)) != 0)
			return rc;
	}
	return CHAIN_OK;
}

int
chain_release_due(const struct chain_conf *c, int left, long long team_orders)
{
	return c != NULL && left >= CHAIN_LEFT &&
	    team_orders > c->release_orders;
}

int
chain_pool_split(const struct chain_conf *c, int64_t balance,
    const long long count[], int64_t per[], int64_t *paid)
{
	size_t	i;
	int64_t	share;

	if (c == NULL || count == NULL || per == NULL || paid == NULL ||
	    balance < 0)
		return CHAIN_EINVAL;
	*paid = 0;
	for (i = 0; i < c->nranks; i++) {
		per[i] = 0;
		if (count[i] <= 0)
			continue;	/* nobody: the share stays in the pool */
		/* floor, so the members of a rank never take more than it */
		share = (int64_t)(((__int128)balance * c->ranks[i].bp) / BP_ALL);
		per[i] = share / count[i];
		*paid += per[i] * count[i];
	}
	return CHAIN_OK;
}

int
chain_spill(long long n, int *line, int *level, long long *index)
{
	long long	k, size, off;
	int		lvl;

	if (n < 1 || line == NULL || level == NULL || index == NULL)
		return CHAIN_EINVAL;
	if (n <= 3) {
		*line = (int)n;
		*level = 1;
		*index = 0;
		return CHAIN_OK;
	}
	off = n - 4;
	for (lvl = 2; lvl <= 40; lvl++) {
		size = 1LL << (lvl - 1);	/* places on this level of a line */
		if (off < size) {		/* line 3's block */
			*line = 3;
			*level = lvl;
			*index = off;
			return CHAIN_OK;
		}
		off -= size;
		if (off < 2 * size) {		/* lines 1 and 2, alternately */
			*line = (int)(off % 2) + 1;
			*level = lvl;
			k = off / 2;
			*index = k;
			return CHAIN_OK;
		}
		off -= 2 * size;
	}
	return CHAIN_EINVAL;
}

/* bp as a percentage without trailing zeros: 2000 → "20", 1250 → "12.5". */
static const char *
pct(int64_t bp, char out[32])
{
	size_t n;

	amount_format(bp, 2, out);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

size_t
chain_words(const struct chain_conf *c, char out[][CHAIN_WORDS], size_t max)
{
	char	a1[32], a2[32], a3[32], a4[32], bp1[32], bp2[32];
	size_t	n = 0, i;
	int	off;

	if (c == NULL || out == NULL)
		return 0;
	amount_format(c->direct_agent, 2, a1);
	amount_format(c->direct_boss, 2, a2);
	amount_format(c->see, 2, a3);
	amount_format(c->pool, 2, a4);
	pct(c->peer_bp, bp1);
	pct(c->freeze_bp, bp2);
#define W(...) do { if (n < max) snprintf(out[n++], CHAIN_WORDS, __VA_ARGS__); } while (0)
	W("购买礼包即成为代理。奖励只来自礼包销售，不收取任何加入费用。");
	W("代理：直推的会员每购买一份礼包，得直推奖 ¥%s。", a1);
	W("2+1：代理直推的前 %d 位成为代理的会员留在代理上级老板的团队（留给上级）；"
	    "第 %d 位使代理成为老板，此后直推的会员都进入自己的团队。", CHAIN_LEFT,
	    CHAIN_LEFT + 1);
	W("老板：直推的会员每购买一份礼包得 ¥%s；团队中其他会员每购买一份礼包得"
	    "见点奖 ¥%s，只计老板以下 %d 代以内（法规上限 %d 代）。", a2, a3,
	    c->see_gens > CHAIN_MAX_GEN ? CHAIN_MAX_GEN : c->see_gens,
	    CHAIN_MAX_GEN);
	W("平级奖：自己直推、后来成为老板的会员所得直推奖与见点奖的 %s%%，"
	    "同样不超过买家以上 %d 代。", bp1, CHAIN_MAX_GEN);
	W("冻结：每笔奖励的 %s%% 先冻结，直到两位留给上级的会员都是代理或老板、"
	    "且他们的团队礼包订单合计超过 %lld 单，冻结部分立即全部解冻到零钱。",
	    bp2, c->release_orders);
	if (c->spill)
		W("三三滑落：每人最多三条线（前 3 位直推会员各开一条）；第 4、5 位安置在"
		    "第 3 条线下，第 6–9 位轮流安置在两条留给上级的线下，第 10–13 位再到"
		    "第 3 条线，之后两边轮流逐层填满，帮助留给上级的线尽快达到解冻条件。");
	if (n < max) {
		off = snprintf(out[n], CHAIN_WORDS, "分红池：每份礼包 ¥%s 计入分红池，"
		    "按等级分配", a4);
		for (i = 0; i < c->nranks && off > 0 && off < CHAIN_WORDS; i++) {
			pct(c->ranks[i].bp, a1);
			off += snprintf(out[n] + off, CHAIN_WORDS - (size_t)off,
			    "%s%s %s%%", i ? "、" : "：", c->ranks[i].name, a1);
		}
		if (off > 0 && off < CHAIN_WORDS)
			snprintf(out[n] + off, CHAIN_WORDS - (size_t)off,
			    "，同一等级平分；没有人的等级，其份额留在池中。");
		n++;
	}
#undef W
	return n;
}

static const char *const kind_names[] = { "直推奖", "见点奖", "平级奖" };
static const char *const kind_codes[] = { "direct", "see", "peer" };

const char *
chain_kind_name(enum chain_kind k)
{
	return (unsigned)k < 3 ? kind_names[k] : "";
}

const char *
chain_kind_code(enum chain_kind k)
{
	return (unsigned)k < 3 ? kind_codes[k] : "";
}

const char *
chain_status_code(int status)
{
	return status == CHAIN_BOSS ? "boss" : status == CHAIN_AGENT ?
	    "agent" : "none";
}

const char *
chain_status_name(int status)
{
	return status == CHAIN_BOSS ? "老板" : status == CHAIN_AGENT ?
	    "代理" : "会员";
}

int
chain_status_of(const char *code)
{
	if (code == NULL)
		return CHAIN_NONE;
	return strcmp(code, "boss") == 0 ? CHAIN_BOSS : CHAIN_AGENT;
}

int
chain_kind_of(const char *code)
{
	int	k;

	for (k = 0; code != NULL && k < 3; k++)
		if (strcmp(code, kind_codes[k]) == 0)
			return k;
	return -1;
}

const char *
chain_grants_name(const char *grants)
{
	if (grants == NULL)
		return "";
	return strcmp(grants, "agent") == 0 ? "代理资格" : grants;
}
