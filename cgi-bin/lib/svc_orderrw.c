/* svc_orderrw: the 消费积分 and referral subscribers of completed mall
 * orders (see svc_orderrw.h, rules/orderrw.h). Their settings are rows
 * of the registry (lib/settings_table.c, group 商城). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "db.h"
#include "orderrw.h"
#include "payout.h"
#include "settings.h"
#include "svc_orderrw.h"

/* The int setting key, or -1 when it is outside its bounds (a value
 * stored other than through the settings page is refused visibly). */
static long long
get_int(const char *key)
{
	const struct setting_def	*d = setting_find(key);
	long long			 v = setting_int(key);

	return d == NULL || v < d->min || v > d->max ? -1 : v;
}

int
orderrw_points_inline(void)
{
	return setting_bool(ORDERRW_SET_INLINE);
}

static const char SQL_ORDER[] =
    "SELECT member_id, unit_price * qty, supply_price * qty, currency "
    "FROM orders WHERE id = ?";
static const char SQL_UP[] =
    "SELECT ancestor, depth FROM member_tree WHERE descendant = ? AND "
    "depth BETWEEN 1 AND ? ORDER BY depth";

/* Reads the order (and with gen > 0 its buyer's inviters, nearest first)
 * into o. 0, or a db_err with err filled. */
static int
order_load(arena *a, const struct order_ev *ev, size_t gen,
    struct orderrw_order *o, char *err, size_t errlen)
{
	db_res	res;
	size_t	i;
	int	rc;

	memset(o, 0, sizeof(*o));
	if ((rc = db_q(a, &res, SQL_ORDER, DB_ARGS(DB_INT(ev->order)))) !=
	    DB_OK || res.nrows == 0) {
		snprintf(err, errlen, "order %lld: %s", ev->order,
		    rc ? db_strerror(rc) : "not found");
		return rc ? rc : DB_ENOTFOUND;
	}
	o->id = ev->order;
	o->buyer = db_ll(&res, 0, 0);
	o->value = db_ll(&res, 0, 1);
	o->cost = db_ll(&res, 0, 2);
	o->change = strcmp(db_str(&res, 0, 3), "CHANGE") == 0;
	if (gen == 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_UP, DB_ARGS(DB_INT(o->buyer),
	    DB_INT(gen)))) != DB_OK) {
		snprintf(err, errlen, "inviters: %s", db_strerror(rc));
		return rc;
	}
	/* depth d is generation d: a gap (none) ends the chain */
	for (i = 0; i < res.nrows && (size_t)db_ll(&res, i, 1) == i + 1; i++)
		o->up[i] = db_ll(&res, i, 0);
	return 0;
}

static int
pay(arena *a, const struct order_ev *ev, const struct orderrw_plan *p,
    char *err, size_t errlen)
{
	struct payout_opts	o = { .ref_type = "order", .ref_id = ev->order };
	int			rc;

	if (p->n == 0)
		return 0;
	if ((rc = payout_apply(a, &o, p->l, p->n, NULL, NULL)) != 0)
		snprintf(err, errlen, "payout: %d", rc);
	return rc;
}

int
orderrw_on_points(arena *a, const struct order_ev *ev, char *err,
    size_t errlen)
{
	struct orderrw_order	o;
	struct orderrw_plan	p;
	int			rc;

	if (strcmp(ev->source, "mall") != 0 ||
	    strcmp(ev->event, "completed") != 0)
		return 0;
	if ((rc = order_load(a, ev, 0, &o, err, errlen)) != 0)
		return rc;
	if ((rc = orderrw_points(&o, get_int(ORDERRW_SET_PER_YUAN), &p)) !=
	    ORDERRW_OK) {
		snprintf(err, errlen, "消费积分设置有误（%s）",
		    ORDERRW_SET_PER_YUAN);
		return rc;
	}
	return pay(a, ev, &p, err, errlen);
}

/* The referral rates: the setting's list, or its default. *n is the number of entries (more than ORDERRW_MAX_GEN are counted, so
 * the rule refuses them). 0, or -1 when an entry is not a number. */
static int
referral_rates(int64_t bp[ORDERRW_MAX_GEN + 1], size_t *n)
{
	struct json_object	*j = setting_json(ORDERRW_SET_REFERRAL), *x;
	size_t			 i, len;

	if (!json_object_is_type(j, json_type_array))
		return -1;
	len = json_object_array_length(j);
	*n = len > ORDERRW_MAX_GEN ? ORDERRW_MAX_GEN + 1 : len;
	for (i = 0; i < *n; i++) {
		x = json_object_array_get_idx(j, i);
		if (!json_object_is_type(x, json_type_int))
			return -1;
		bp[i] = json_object_get_int64(x);
	}
	return 0;
}

int
orderrw_on_referral(arena *a, const struct order_ev *ev, char *err,
    size_t errlen)
{
	struct orderrw_order	o;
	struct orderrw_plan	p;
	int64_t			bp[ORDERRW_MAX_GEN + 1];
	size_t			n = 0;
	int			rc;

	if (strcmp(ev->source, "mall") != 0 ||
	    strcmp(ev->event, "completed") != 0)
		return 0;
	if (referral_rates(bp, &n) != 0 ||
	    (rc = orderrw_check(bp, n)) != ORDERRW_OK) {
		snprintf(err, errlen, n > ORDERRW_MAX_GEN ?
		    "推荐奖励最多 3 代（" ORDERRW_SET_REFERRAL "）" :
		    "推荐奖励比例设置有误（" ORDERRW_SET_REFERRAL "）");
		return -1;
	}
	if ((rc = order_load(a, ev, n, &o, err, errlen)) != 0)
		return rc;
	if ((rc = orderrw_referral(&o, bp, n, &p)) != ORDERRW_OK) {
		snprintf(err, errlen, "推荐奖励金额超出范围");
		return rc;
	}
	return pay(a, ev, &p, err, errlen);
}
