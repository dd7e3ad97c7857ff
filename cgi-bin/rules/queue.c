/* queue: the queue rebate's pure rules (see queue.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "fairrand.h"
#include "queue.h"

void
queue_conf_init(struct queue_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->ratio_bp = -1;
}

static int
bp_ok(struct json_object *v, int64_t *out)
{
	if (!json_object_is_type(v, json_type_int))
		return 0;
	*out = json_object_get_int64(v);
	return *out >= 0 && *out <= QUEUE_BP_MAX;
}

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return QUEUE_EINVAL;
}

static struct json_object *
parse(const char *json)
{
	return json_tokener_parse(json);
}

int
queue_parse_levels(const char *json, struct queue_conf *c, char *err,
    size_t errlen)
{
	struct json_object	*j, *e, *lv, *bp;
	size_t			 i, n;
	int64_t			 v;
	const char		*s;

	c->nlevels = 0;
	if (json == NULL || *json == '\0')
		return QUEUE_OK;
	if ((j = parse(json)) == NULL || !json_object_is_type(j,
	    json_type_array)) {
		json_object_put(j);
		return fail(err, errlen, "会员等级比例须为列表，如 "
		    "[{\"level\":\"leader\",\"bp\":12000}]");
	}
	if ((n = json_object_array_length(j)) > QUEUE_LEVELS_MAX) {
		json_object_put(j);
		return fail(err, errlen, "会员等级比例最多 8 项");
	}
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(j, i);
		if (!json_object_object_get_ex(e, "level", &lv) ||
		    !json_object_is_type(lv, json_type_string) ||
		    (s = json_object_get_string(lv))[0] == '\0' ||
		    strlen(s) >= sizeof(c->levels[0].level) ||
		    !json_object_object_get_ex(e, "bp", &bp) || !bp_ok(bp, &v)) {
			json_object_put(j);
			c->nlevels = 0;
			return fail(err, errlen, "会员等级比例每项须有 level（等级）"
			    "与 bp（0 到 100000 基点）");
		}
		snprintf(c->levels[i].level, sizeof(c->levels[i].level), "%s", s);
		c->levels[i].bp = v;
		c->nlevels++;
	}
	json_object_put(j);
	return QUEUE_OK;
}

int
queue_parse_tiers(const char *json, struct queue_conf *c, char *err,
    size_t errlen)
{
	struct json_object	*j, *d, *list, *e, *min, *bp;
	struct queue_tiers	 t;
	size_t			 i;
	int64_t			 v, m;

	memset(&c->tiers, 0, sizeof(c->tiers));
	if (json == NULL || *json == '\0')
		return QUEUE_OK;
	memset(&t, 0, sizeof(t));
	if ((j = parse(json)) == NULL || !json_object_is_type(j,
	    json_type_object) || !json_object_object_get_ex(j, "days", &d) ||
	    !json_object_is_type(d, json_type_int) ||
	    json_object_get_int64(d) < 1 ||
	    json_object_get_int64(d) > QUEUE_TIER_DAYS_MAX ||
	    !json_object_object_get_ex(j, "tiers", &list) ||
	    !json_object_is_type(list, json_type_array) ||
	    json_object_array_length(list) > QUEUE_TIERS_MAX) {
		json_object_put(j);
		return fail(err, errlen, "累计消费档位须为 {\"days\":1 到 366,"
		    "\"tiers\":[{\"min\":\"2000.00\",\"bp\":5000}]}，最多 8 档");
	}
	t.days = (int)json_object_get_int64(d);
	for (i = 0; i < json_object_array_length(list); i++) {
		e = json_object_array_get_idx(list, i);
		if (!json_object_object_get_ex(e, "min", &min) ||
		    !json_object_is_type(min, json_type_string) ||
		    amount_parse(json_object_get_string(min), 2, &m) != AMT_OK ||
		    m <= 0 || !json_object_object_get_ex(e, "bp", &bp) ||
		    !bp_ok(bp, &v) || (i > 0 && m <= t.t[i - 1].min)) {
			json_object_put(j);
			return fail(err, errlen, "累计消费档位每档须有 min（金额，"
			    "大于 0，逐档升高）与 bp（0 到 100000 基点）");
		}
		t.t[i].min = m;
		t.t[i].bp = v;
		t.n++;
	}
	json_object_put(j);
	c->tiers = t;
	return QUEUE_OK;
}

int
queue_parse_lottery(const char *json, struct queue_lottery *l, char *err,
    size_t errlen)
{
	struct json_object	*j, *e, *mn, *mx;
	struct queue_lottery	 t;
	size_t			 i, n;

	memset(l, 0, sizeof(*l));
	if (json == NULL || *json == '\0')
		return QUEUE_OK;
	memset(&t, 0, sizeof(t));
	if ((j = parse(json)) == NULL || !json_object_is_type(j,
	    json_type_array) || (n = json_object_array_length(j)) >
	    QUEUE_OPTIONS_MAX)
		goto bad;
	if (n == 1 && json_object_is_type(e = json_object_array_get_idx(j, 0),
	    json_type_object)) {
		if (!json_object_object_get_ex(e, "min", &mn) ||
		    !json_object_object_get_ex(e, "max", &mx) ||
		    !bp_ok(mn, &t.min) || !bp_ok(mx, &t.max) || t.max <= t.min)
			goto bad;
	} else
		for (i = 0; i < n; i++, t.nopt++)
			if (!bp_ok(json_object_array_get_idx(j, i), &t.opt[i]))
				goto bad;
	json_object_put(j);
	*l = t;
	return QUEUE_OK;
bad:
	json_object_put(j);
	return fail(err, errlen, "抽奖比例须为固定选项 [1000,2000,5000]（最多 "
	    "10 项）或范围 [{\"min\":1000,\"max\":5000}]，每项 0 到 100000 基点");
}

int
queue_lottery_on(const struct queue_lottery *l)
{
	return l->nopt > 0 || l->max > 0;
}

char *
queue_pct(int64_t bp, char out[32])
{
	size_t n;

	/* bp / 100 with two decimals, trailing zeros dropped */
	amount_format(bp, 2, out);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0' && strchr(out, '.') != NULL)
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	snprintf(out + n, 32 - n, "%%");
	return out;
}

static const char *const src_codes[] = {
	[QSRC_NONE] = "",
	[QSRC_PRODUCT_LEVEL] = "product_level",
	[QSRC_PLUGIN_LEVEL] = "level",
	[QSRC_PRODUCT_TIER] = "product_tier",
	[QSRC_PRODUCT_LOTTERY] = "product_lottery",
	[QSRC_PLUGIN_LOTTERY] = "lottery",
	[QSRC_PRODUCT] = "product",
	[QSRC_DEFAULT] = "default",
};

const char *
queue_src_code(enum queue_src s)
{
	return (size_t)s < sizeof(src_codes) / sizeof(src_codes[0]) ?
	    src_codes[s] : "";
}

enum queue_src
queue_src_parse(const char *code)
{
	size_t i;

	for (i = 1; code != NULL && i < sizeof(src_codes) /
	    sizeof(src_codes[0]); i++)
		if (strcmp(src_codes[i], code) == 0)
			return (enum queue_src)i;
	return QSRC_NONE;
}

void
queue_lottery_words(enum queue_src src, int64_t bp, char out[QUEUE_WORDS])
{
	char p[32];

	snprintf(out, QUEUE_WORDS, "按%s抽奖结果 比例 %s",
	    src == QSRC_PRODUCT_LOTTERY ? "商品" : "", queue_pct(bp, p));
}

/* The first of the conf's levels (its order is the priority) that the
 * member holds, or -1. */
static int
level_of(const struct queue_conf *c, const struct queue_member *m,
    const char **label)
{
	size_t i, k;

	for (i = 0; c != NULL && i < c->nlevels; i++)
		for (k = 0; k < m->nlevels; k++)
			if (strcmp(c->levels[i].level, m->levels[k]) == 0) {
				*label = m->labels[k] ? m->labels[k] :
				    m->levels[k];
				return (int)i;
			}
	return -1;
}

int
queue_ratio(const struct queue_conf *product, const struct queue_conf *plugin,
    const struct queue_member *m, struct queue_ratio *out)
{
	const char	*label = NULL;
	char		 p[32], b[32];
	int		 i;
	size_t		 k;

	memset(out, 0, sizeof(*out));
	if (plugin == NULL || m == NULL || plugin->ratio_bp < 0 ||
	    plugin->ratio_bp > QUEUE_BP_MAX)
		return QUEUE_EINVAL;
	if ((i = level_of(product, m, &label)) >= 0) {
		out->src = QSRC_PRODUCT_LEVEL;
		out->bp = product->levels[i].bp;
		snprintf(out->words, sizeof(out->words), "按商品会员等级 %s "
		    "比例 %s", label, queue_pct(out->bp, p));
		return QUEUE_OK;
	}
	if ((i = level_of(plugin, m, &label)) >= 0) {
		out->src = QSRC_PLUGIN_LEVEL;
		out->bp = plugin->levels[i].bp;
		snprintf(out->words, sizeof(out->words), "按会员等级 %s 比例 %s",
		    label, queue_pct(out->bp, p));
		return QUEUE_OK;
	}
	if (product != NULL && product->tiers.n > 0) {
		/* the highest tier reached; its edge (spend == min) counts */
		for (k = product->tiers.n; k > 0; k--)
			if (m->spend >= product->tiers.t[k - 1].min)
				break;
		if (k > 0) {
			out->src = QSRC_PRODUCT_TIER;
			out->bp = product->tiers.t[k - 1].bp;
			snprintf(out->words, sizeof(out->words), "按近 %d 天累计"
			    "消费满 ¥%s 比例 %s", product->tiers.days,
			    amount_format(product->tiers.t[k - 1].min, 2, b),
			    queue_pct(out->bp, p));
			return QUEUE_OK;
		}
	}
	if (product != NULL && queue_lottery_on(&product->lottery))
		out->lottery = QSRC_PRODUCT_LOTTERY;
	else if (queue_lottery_on(&plugin->lottery))
		out->lottery = QSRC_PLUGIN_LOTTERY;
	if (product != NULL && product->ratio_bp >= 0 &&
	    product->ratio_bp <= QUEUE_BP_MAX) {
		out->src = QSRC_PRODUCT;
		out->bp = product->ratio_bp;
		snprintf(out->words, sizeof(out->words), "按商品返利比例 %s",
		    queue_pct(out->bp, p));
		return QUEUE_OK;
	}
	out->src = QSRC_DEFAULT;
	out->bp = plugin->ratio_bp;
	snprintf(out->words, sizeof(out->words), "按默认比例 %s",
	    queue_pct(out->bp, p));
	return QUEUE_OK;
}

static int
share(int64_t paid, int64_t bp, int64_t *out)
{
	int64_t v;

	if (paid < 0 || bp < 0 || bp > QUEUE_BP_MAX)
		return QUEUE_EINVAL;
	if (bp_of_checked(paid, bp, &v) != 0 || v > AMT_CAP)
		return QUEUE_ERANGE;
	*out = v;
	return QUEUE_OK;
}

int
queue_entitlement(int64_t paid, int64_t ratio_bp, int64_t *out)
{
	return share(paid, ratio_bp, out);
}

int
queue_funding(int64_t paid, int64_t extract_bp, int64_t *out)
{
	return share(paid, extract_bp, out);
}

size_t
queue_allocate(int64_t balance, const struct queue_wait *w, size_t n,
    struct queue_pay *out, int64_t *left)
{
	size_t	i, k = 0;
	int64_t	pay;

	for (i = 0; i < n && balance >= 0; i++) {
		if (w[i].owed > 0 && balance == 0)
			break;	/* the money does not reach it */
		pay = w[i].owed < balance ? w[i].owed : balance;
		if (pay < 0)
			pay = 0;
		out[k].id = w[i].id;
		out[k].amount = pay;
		out[k].done = pay == w[i].owed || w[i].owed <= 0;
		k++;
		balance -= pay;
	}
	*left = balance;
	return k;
}

int
queue_lottery_draw(const struct queue_lottery *l, const uint8_t *seed,
    size_t seedlen, long long id, int64_t *bp)
{
	struct fairrand	s;
	char		label[FAIRRAND_LABEL_MAX];

	if (!queue_lottery_on(l) || id <= 0)
		return QUEUE_EINVAL;
	snprintf(label, sizeof(label), "queue:%lld", id);
	if (fairrand_init(&s, seed, seedlen, label) != 0)
		return QUEUE_EINVAL;
	if (l->nopt > 0)
		*bp = l->opt[fairrand_uniform(&s, (uint32_t)l->nopt)];
	else
		*bp = l->min + fairrand_uniform(&s, (uint32_t)(l->max -
		    l->min + 1));
	return QUEUE_OK;
}

int
queue_exchange(int64_t owed, int64_t amount, int64_t rate_bp, int64_t *credit)
{
	int64_t v;

	if (amount <= 0 || amount > owed || rate_bp <= 0 ||
	    rate_bp > QUEUE_BP_MAX)
		return QUEUE_EINVAL;
	if (bp_of_checked(amount, rate_bp, &v) != 0 || v <= 0)
		return QUEUE_EINVAL;
	*credit = v;
	return QUEUE_OK;
}

/* Days since 1970-01-01 of "YYYY-MM-DD" (the civil calendar), or -1. */
static long
day_number(const char *s, int *y, int *mo)
{
	int	 d;
	long	 yy, era, yoe, doy, doe;
	char	 tail;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c", y, mo, &d, &tail) != 3 ||
	    strlen(s) != 10 || *mo < 1 || *mo > 12 || d < 1 || d > 31 ||
	    *y < 1970)
		return -1;
	yy = *mo <= 2 ? *y - 1 : *y;
	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (*mo + (*mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
queue_reset_due(const char *period, const char *last, const char *today)
{
	long	lt, td;
	int	ly, lm, ty, tm;

	if (period == NULL || (td = day_number(today, &ty, &tm)) < 0)
		return QUEUE_EINVAL;
	if (strcmp(period, "never") == 0)
		return 0;
	if (strcmp(period, "daily") != 0 && strcmp(period, "weekly") != 0 &&
	    strcmp(period, "monthly") != 0)
		return QUEUE_EINVAL;
	if (last == NULL || *last == '\0')
		return 0;
	if ((lt = day_number(last, &ly, &lm)) < 0)
		return QUEUE_EINVAL;
	if (td <= lt)
		return 0;
	if (strcmp(period, "daily") == 0)
		return 1;
	if (strcmp(period, "weekly") == 0)	/* 1970-01-01 was a Thursday */
		return (td + 3) / 7 != (lt + 3) / 7;
	return ty != ly || tm != lm;
}

int64_t
queue_wait_days(int64_t ahead, int64_t funded7)
{
	if (ahead <= 0)
		return 0;
	if (funded7 <= 0)
		return -1;
	/* ahead / (funded7 / 7), rounded up; ahead ≤ AMT_CAP so ×7 fits */
	return (ahead * 7 + funded7 - 1) / funded7;
}
