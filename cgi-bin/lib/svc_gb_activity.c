/* svc_gb_activity: activities (their versions, the currencies they name,
 * saving and pausing them) and the economics simulator over them (D12);
 * see svc_groupbuy.h. */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "db.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_gb_int.h"
#include "svc_groupbuy.h"
#include "view.h"

/* --- activities ----------------------------------------------------------- */

static const char SQL_VERSION[] = "SELECT config FROM gb_versions WHERE id = ?";
static const char SQL_CURRENCIES[] = "SELECT code FROM currencies ORDER BY sort";
static const char SQL_ACT_INSERT[] =
    "INSERT INTO gb_activities (version_id, name, mode, price, zone, status, "
    "created_at, updated_at) VALUES (0, ?, ?, ?, ?, 'active', NOW(), NOW())";
static const char SQL_ACT_LOCK[] =
    "SELECT id, status, version_id FROM gb_activities WHERE id = ? FOR UPDATE";
static const char SQL_VERSION_INSERT[] =
    "INSERT INTO gb_versions (activity_id, config, admin_id, created_at) "
    "VALUES (?, ?, ?, NOW())";
static const char SQL_ACT_UPDATE[] =
    "UPDATE gb_activities SET version_id = ?, name = ?, mode = ?, price = ?, "
    "zone = ?, updated_at = NOW() WHERE id = ?";
static const char SQL_ACT_STATUS[] =
    "UPDATE gb_activities SET status = ?, updated_at = NOW() WHERE id = ?";
static const char SQL_PRODUCT_LISTED[] =
    "SELECT status FROM products WHERE id = ?";

#define CACHE_N 32
static struct {
	long long		 version;
	struct gb_activity	 act;
} cache[CACHE_N];
static size_t cache_next;

/* Currency codes, read once per process (the list is fixed by
 * migrations); their names are settings (currency_display_name). */
static struct {
	int	 n;
	char	 code[24][GB_CODE_LEN + 1];
	const char *codes[25];
} cur;

static int
currencies_load(arena *a)
{
	db_res	res;
	size_t	i;
	int	rc;

	if (cur.n > 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_CURRENCIES, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows && i < 24; i++) {
		snprintf(cur.code[i], sizeof(cur.code[i]), "%s", db_str(&res, i, 0));
		cur.codes[i] = cur.code[i];
	}
	cur.codes[i] = NULL;
	cur.n = (int)i;
	return 0;
}

const char *
gb_currency_label(const char *code, void *ud)
{
	int i;

	(void)ud;
	for (i = 0; i < cur.n; i++)
		if (strcmp(cur.code[i], code) == 0)
			return currency_display_name(code);
	return code;
}

const char *
gb_currency_name(arena *a, const char *code)
{
	if (currencies_load(a) != 0)
		return code;
	return gb_currency_label(code, NULL);
}

int
gb_version_load(arena *a, long long version, struct gb_activity *out)
{
	struct json_object	*j;
	struct gb_errors	 err;
	db_res			 res;
	size_t			 i;
	int			 rc;

	for (i = 0; i < CACHE_N; i++)
		if (cache[i].version == version && version > 0) {
			*out = cache[i].act;
			return 0;
		}
	if ((rc = currencies_load(a)) != 0)
		return rc;
	if ((rc = db_q(a, &res, SQL_VERSION, DB_ARGS(DB_INT(version)))) != DB_OK)
		return rc;
	if (res.nrows != 1 || (j = json_tokener_parse(db_str(&res, 0, 0))) ==
	    NULL)
		return -1;
	rc = gb_activity_parse(j, cur.codes, out, &err);
	json_object_put(j);
	if (rc != 0)
		return -1;
	cache[cache_next].version = version;
	cache[cache_next].act = *out;
	cache_next = (cache_next + 1) % CACHE_N;
	return 0;
}

/* The price zone of a stake (D1): gb_zone_of over the setting gb.zones. */
static long long
zone_of(int64_t price)
{
	struct json_object	*z = setting_json("gb.zones");
	int64_t			 zones[64];
	size_t			 i, nz = json_object_array_length(z);

	if (nz > sizeof(zones) / sizeof(zones[0]))
		nz = sizeof(zones) / sizeof(zones[0]);
	for (i = 0; i < nz; i++)
		zones[i] = json_object_get_int64(json_object_array_get_idx(z, i));
	return gb_zone_of(price, zones, nz);
}

struct save_ctx {
	arena			*a;
	long long		 id, admin;
	const char		*ip, *config;
	struct gb_activity	*act;
	struct svc_err		*e;
};

static int
save_tx(void *ud)
{
	struct save_ctx	*c = ud;
	db_res		 res;
	long long	 ver;
	int		 rc;

	if (c->id == 0) {
		if ((rc = db_q(c->a, &res, SQL_ACT_INSERT, DB_ARGS(
		    DB_TEXT(c->act->name), DB_TEXT(c->act->mode == GB_LEADER ?
		    "leader" : "public"), DB_INT(c->act->price),
		    DB_INT(zone_of(c->act->price))))) != DB_OK)
			return rc;
		c->id = (long long)res.insert_id;
	} else {
		if ((rc = db_q(c->a, &res, SQL_ACT_LOCK, DB_ARGS(DB_INT(c->id))))
		    != DB_OK)
			return rc;
		if (res.nrows == 0)
			return svc_fail(c->e, 404, "not_found", NULL,
			    "活动不存在");
	}
	if ((rc = db_q(c->a, &res, SQL_VERSION_INSERT, DB_ARGS(DB_INT(c->id),
	    DB_TEXT(c->config), c->admin > 0 ? DB_INT(c->admin) : DB_NULL))) !=
	    DB_OK)
		return rc;
	ver = (long long)res.insert_id;
	if ((rc = db_q(c->a, NULL, SQL_ACT_UPDATE, DB_ARGS(DB_INT(ver),
	    DB_TEXT(c->act->name), DB_TEXT(c->act->mode == GB_LEADER ? "leader" :
	    "public"), DB_INT(c->act->price), DB_INT(zone_of(c->act->price)),
	    DB_INT(c->id)))) != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, "gb.activity.save", "activity",
	    c->id, arena_printf(c->a, "{\"version\":%lld}", ver), c->ip);
}

int
gb_activity_save(arena *a, long long id, const char *json, long long admin,
    const char *ip, long long *out_id, struct gb_errors *errs,
    struct svc_err *e)
{
	struct gb_activity	 act;
	struct json_object	*j, *canon;
	struct save_ctx		 c;
	db_res			 res;
	size_t			 i;
	int			 rc;

	memset(errs, 0, sizeof(*errs));
	if ((rc = currencies_load(a)) != 0)
		return svc_dberr(e, rc);
	if (json == NULL || (j = json_tokener_parse(json)) == NULL ||
	    !json_object_is_type(j, json_type_object)) {
		if (json != NULL && j != NULL)
			json_object_put(j);
		return svc_fail(e, 400, "invalid", "config",
		    "活动配置不是有效的 JSON 对象");
	}
	rc = gb_activity_parse(j, cur.codes, &act, errs);
	json_object_put(j);
	if (rc != 0)
		return svc_fail(e, 400, "invalid", arena_strdup(a,
		    errs->e[0].field), arena_strdup(a, errs->e[0].message));
	for (i = 0; i < act.nproducts; i++) {
		if ((rc = db_q(a, &res, SQL_PRODUCT_LISTED, DB_ARGS(DB_INT(
		    act.products[i])))) != DB_OK)
			return svc_dberr(e, rc);
		if (res.nrows == 0 || strcmp(db_str(&res, 0, 0), "listed") != 0) {
			errs->n = 1;
			snprintf(errs->e[0].field, sizeof(errs->e[0].field),
			    "products[%zu]", i);
			snprintf(errs->e[0].message, sizeof(errs->e[0].message),
			    "商品 %lld 不存在或未上架", act.products[i]);
			return svc_fail(e, 400, "invalid", arena_strdup(a,
			    errs->e[0].field), arena_strdup(a,
			    errs->e[0].message));
		}
	}
	canon = gb_activity_json(&act);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.admin = admin;
	c.ip = ip;
	c.config = arena_strdup(a, json_object_to_json_string_ext(canon,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(canon);
	c.act = &act;
	c.e = e;
	rc = db_tx(save_tx, &c);
	if (rc == 0)
		*out_id = c.id;
	return svc_tx_result(e, rc);
}

int
gb_activity_status(arena *a, long long id, const char *status,
    long long admin, const char *ip, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if (strcmp(status, "active") != 0 && strcmp(status, "paused") != 0)
		return svc_fail(e, 400, "invalid", "status", "状态无效");
	if ((rc = db_q(a, &res, SQL_ACT_STATUS, DB_ARGS(DB_TEXT(status),
	    DB_INT(id)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.affected == 0 && db_q(a, &res, "SELECT 1 FROM gb_activities "
	    "WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK && res.nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, "活动不存在");
	admin_audit(a, admin, strcmp(status, "active") == 0 ?
	    "gb.activity.resume" : "gb.activity.pause", "activity", id, NULL, ip);
	return 0;
}

const char *
gb_activity_config(arena *a, long long id)
{
	db_res	res;

	if (db_q(a, &res, "SELECT v.config FROM gb_activities g JOIN gb_versions "
	    "v ON v.id = g.version_id WHERE g.id = ?", DB_ARGS(DB_INT(id))) !=
	    DB_OK || res.nrows != 1)
		return NULL;
	return arena_strdup(a, db_str(&res, 0, 0));
}

/* --- D12: the economics simulator ----------------------------------------- */

int
gb_activity_check(arena *a, struct json_object *config,
    struct gb_activity *out, struct gb_errors *errs)
{
	int rc;

	memset(errs, 0, sizeof(*errs));
	if ((rc = currencies_load(a)) != 0)
		return rc;
	return gb_activity_parse(config, cur.codes, out, errs);
}

int
gb_sim_assume_load(arena *a, struct gb_sim_assume *as)
{
	long long	v;
	int		i, rc;

	const char	*k;

	/* the settings registry bounds these (GB_SIM_*_MAX) */
	gb_sim_defaults(as);
	as->cost_bp = (int)setting_int("sim.cost_bp");
	as->uplines = setting_bool("sim.uplines");
	as->gold_held = setting_bool("sim.gold_held");
	if ((rc = currencies_load(a)) != 0)
		return rc;
	for (i = 0; i < cur.n; i++) {
		k = arena_printf(a, "currency.%s.cash_value_bp", cur.code[i]);
		if (setting_find(k) == NULL)
			continue;	/* a currency with no setting: rule default */
		v = setting_int(k);
		(void)gb_sim_set_value(as, cur.code[i], (int)v);
	}
	return 0;
}

/* bp as a percentage with two decimals: 3000 → "30.00%", -1626 →
 * "-16.26%". */
static const char *
bp_pct(arena *a, int64_t bp)
{
	char s[32];

	return arena_printf(a, "%s%%", amount_format(bp, 2, s));
}

/* Adds the cash value of currency code to the values list, once. */
static void
sim_value_row(arena *a, struct json_object *list,
    const struct gb_sim_assume *as, const char *code)
{
	struct json_object	*x;
	size_t			 i;

	if (code == NULL || *code == '\0')
		return;
	for (i = 0; i < json_object_array_length(list); i++) {
		x = json_object_array_get_idx(list, i);
		if (strcmp(json_object_get_string(json_object_object_get(x,
		    "code")), code) == 0)
			return;
	}
	x = json_object_new_object();
	json_object_object_add(x, "code", json_object_new_string(code));
	json_object_object_add(x, "name", json_object_new_string(
	    gb_currency_label(code, NULL)));
	json_object_object_add(x, "bp", json_object_new_int(gb_sim_value(as,
	    code)));
	json_object_object_add(x, "pct", json_object_new_string(bp_pct(a,
	    gb_sim_value(as, code))));
	json_object_array_add(list, x);
}

struct json_object *
gb_sim_view(arena *a, const struct gb_activity *act,
    const struct gb_sim_assume *as)
{
	static const char *const kinds[] = { "credit", "convert", "release",
		"pool", "share" };
	struct gb_sim_result	*res;
	struct json_object	*o, *lines, *x, *values;
	const struct gb_line	*l;
	size_t			 i;
	char			 s[32];

	if (act == NULL || as == NULL ||
	    (res = arena_alloc(a, sizeof(*res))) == NULL ||
	    gb_simulate(act, as, gb_currency_label, NULL, res) != 0)
		return NULL;
	o = json_object_new_object();
	view_amount(o, "inflow", res->inflow);
	lines = json_object_new_array();
	values = json_object_new_array();
	for (i = 0; i < res->nlines; i++) {
		const struct gb_sim_line *sl = &res->lines[i];

		x = json_object_new_object();
		json_object_object_add(x, "label", json_object_new_string(
		    sl->label));
		view_amount(x, "amount", sl->amount);
		json_object_object_add(x, "count", json_object_new_int(
		    sl->count));
		view_amount(x, "units", sl->units);
		json_object_object_add(x, "value", json_object_new_string(
		    bp_pct(a, sl->value_bp)));
		json_object_object_add(x, "negative", json_object_new_boolean(
		    sl->amount < 0));
		if (sl->line < 0) {
			json_object_object_add(x, "kind",
			    json_object_new_string("cost"));
			json_object_object_add(x, "unit",
			    json_object_new_string("参团款"));
		} else {
			l = &act->lines[sl->line];
			json_object_object_add(x, "kind", json_object_new_string(
			    (unsigned)l->act <= GB_DO_SHARE ? kinds[l->act] :
			    "?"));
			if (l->act == GB_DO_SHARE)
				json_object_object_add(x, "unit",
				    json_object_new_string("份额"));
			else if (l->act == GB_DO_CONVERT ||
			    l->act == GB_DO_RELEASE)
				json_object_object_add(x, "unit",
				    json_object_new_string(arena_printf(a,
				    "%s→%s", gb_currency_label(l->from, NULL),
				    gb_currency_label(l->currency, NULL))));
			else
				json_object_object_add(x, "unit",
				    json_object_new_string(gb_currency_label(
				    l->currency, NULL)));
			if (l->act != GB_DO_SHARE)
				sim_value_row(a, values, as, l->currency);
			sim_value_row(a, values, as, l->from);
		}
		json_object_array_add(lines, x);
	}
	json_object_object_add(o, "lines", lines);
	view_amount(o, "outflow", res->outflow);
	view_amount(o, "profit", res->profit);
	json_object_object_add(o, "profit_bp", json_object_new_int64(
	    res->profit_bp));
	json_object_object_add(o, "profit_pct", json_object_new_string(
	    bp_pct(a, res->profit_bp)));
	json_object_object_add(o, "per_yuan", json_object_new_string(
	    amount_format(res->profit_bp, 4, s)));
	json_object_object_add(o, "loss", json_object_new_boolean(
	    res->profit < 0));
	x = json_object_new_object();
	json_object_object_add(x, "cost_bp", json_object_new_int(as->cost_bp));
	json_object_object_add(x, "cost_pct", json_object_new_string(bp_pct(a,
	    as->cost_bp)));
	json_object_object_add(x, "uplines", json_object_new_boolean(
	    as->uplines));
	json_object_object_add(x, "gold_held", json_object_new_boolean(
	    as->gold_held));
	json_object_object_add(o, "assume", x);
	json_object_object_add(o, "values", values);
	x = json_object_new_object();
	json_object_object_add(x, "name", json_object_new_string(act->name));
	view_amount(x, "price", act->price);
	json_object_object_add(x, "seats", json_object_new_int(act->seats));
	json_object_object_add(x, "winners", json_object_new_int(
	    act->winners));
	json_object_object_add(x, "mode", json_object_new_string(act->mode ==
	    GB_LEADER ? "leader" : "public"));
	json_object_object_add(o, "activity", x);
	return o;
}
