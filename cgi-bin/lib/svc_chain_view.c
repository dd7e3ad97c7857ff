/* svc_chain_view: what the member's /team page and the back office show
 * of the chain rewards (see svc_chain.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "svc_chain.h"
#include "svc_product.h"
#include "valid.h"
#include "view.h"

#define TREE_MAX	200
#define HISTORY_MAX	20

static const char SQL_ME[] =
    "SELECT status, boss_id, DATE_FORMAT(agent_at, '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(boss_at, '%Y-%m-%d %H:%i'), released_at IS NOT NULL, "
    "rank_name FROM chain_members WHERE member_id = ?";
static const char SQL_LEFT[] =
    "SELECT l.member_id, l.status, m.phone, l.left_slot, (SELECT "
    "COALESCE(SUM(o.qty), 0) FROM chain_tree t JOIN chain_orders o ON "
    "o.buyer_id = t.descendant WHERE t.ancestor = l.member_id) FROM "
    "chain_members l JOIN members m ON m.id = l.member_id WHERE "
    "l.left_for = ? ORDER BY l.left_slot";
static const char SQL_SUMS[] =
    "SELECT kind, SUM(amount), SUM(IF(released_at IS NULL, frozen, 0)), "
    "SUM(IF(released_at IS NULL, 0, frozen)) FROM chain_rewards WHERE "
    "member_id = ? GROUP BY kind";
static const char SQL_HISTORY[] =
    "SELECT r.order_id, r.kind, r.gen, r.amount, r.frozen, r.released_at "
    "IS NOT NULL, DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i'), o.buyer_id "
    "FROM chain_rewards r JOIN chain_orders o ON o.order_id = r.order_id "
    "WHERE r.member_id = ? ORDER BY r.id DESC LIMIT ?";
static const char SQL_TREE_Q[] =
    "SELECT t.descendant, m.phone, c.status, t.depth, c.parent_id, "
    "c.boss_id, c.left_for FROM chain_tree t JOIN chain_members c ON "
    "c.member_id = t.descendant JOIN members m ON m.id = t.descendant "
    "WHERE t.ancestor = ? AND t.depth BETWEEN 1 AND 3 ORDER BY t.depth, "
    "t.descendant LIMIT ?";
static const char SQL_FROZEN_OF[] =
    "SELECT COALESCE(SUM(frozen), 0) FROM chain_rewards WHERE member_id = ? "
    "AND released_at IS NULL";

struct json_object *
chain_tree_view(arena *a, long long member)
{
	struct json_object	*list, *o;
	db_res			 res;
	size_t			 i;
	int			 st;

	if (db_q(a, &res, SQL_TREE_Q, DB_ARGS(DB_INT(member),
	    DB_INT(TREE_MAX))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		st = chain_status_of(db_str(&res, i, 2));
		view_int(o, "id", db_ll(&res, i, 0));
		view_str(o, "phone", mask_phone(a, db_str(&res, i, 1)));
		view_str(o, "status", chain_status_code(st));
		view_str(o, "status_name", chain_status_name(st));
		view_int(o, "depth", db_ll(&res, i, 3));
		view_int(o, "parent", db_ll(&res, i, 4));
		view_bool(o, "in_my_team", db_ll(&res, i, 5) == member);
		view_bool(o, "left_behind", db_ll(&res, i, 6) > 0);
		view_str(o, "indent", arena_printf(a, "%lld",
		    (db_ll(&res, i, 3) - 1) * 16));
		json_object_array_add(list, o);
	}
	return list;
}

int64_t
chain_frozen_of(arena *a, long long member)
{
	db_res res;

	if (db_q(a, &res, SQL_FROZEN_OF, DB_ARGS(DB_INT(member))) != DB_OK)
		return 0;
	return db_ll(&res, 0, 0);
}

/* The rules in words, from the live configuration c, or (c NULL: the
 * settings are refused) the refusal msg. */
static struct json_object *
rules_words(const struct chain_conf *c, const char *msg)
{
	static char		 w[10][CHAIN_WORDS];
	struct json_object	*list = json_object_new_array();
	size_t			 i, n;

	if (c == NULL) {
		json_object_array_add(list, json_object_new_string(msg));
		return list;
	}
	n = chain_words(c, w, 10);
	for (i = 0; i < n; i++)
		json_object_array_add(list, json_object_new_string(w[i]));
	return list;
}

struct json_object *
chain_member_view(arena *a, long long member)
{
	struct json_object	*v, *x, *lb, *ids, *h;
	db_res			 res;
	struct chain_conf	 c;
	int64_t			 sum[3] = { 0, 0, 0 }, frozen = 0, released = 0;
	long long		 team_orders = 0, total;
	size_t			 i;
	int			 st = CHAIN_NONE, k, conf_ok;
	char			 b[32], msg[300];

	/* one reading of the settings for the numbers and the words (a
	 * refused one still fills the amounts: chain_conf_load) */
	conf_ok = chain_conf_load(&c, msg, sizeof(msg)) == CHAIN_OK;
	if (db_q(a, &res, SQL_ME, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	v = json_object_new_object();
	if (res.nrows > 0) {
		st = chain_status_of(db_str(&res, 0, 0));
		view_int(v, "boss_id", db_ll(&res, 0, 1));
		view_str(v, "agent_since", db_str(&res, 0, 2));
		view_str(v, "boss_since", db_str(&res, 0, 3));
		view_bool(v, "unfrozen", db_ll(&res, 0, 4) != 0);
		view_str(v, "rank", db_str(&res, 0, 5));
	} else
		json_object_object_add(v, "boss_id", NULL);
	view_str(v, "status", chain_status_code(st));
	view_str(v, "status_name", chain_status_name(st));
	view_bool(v, "in_chain", st != CHAIN_NONE);
	view_bool(v, "is_boss", st == CHAIN_BOSS);
	view_str(v, "since", st == CHAIN_BOSS ? db_str(&res, 0, 3) :
	    st == CHAIN_AGENT ? db_str(&res, 0, 2) : NULL);
	/* the left-behind recruits and their progress (G3) */
	if (db_q(a, &res, SQL_LEFT, DB_ARGS(DB_INT(member))) != DB_OK)
		goto fail;
	ids = json_object_new_array();
	lb = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		int s2 = chain_status_of(db_str(&res, i, 1));

		json_object_array_add(ids, json_object_new_int64(db_ll(&res, i,
		    0)));
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "phone", mask_phone(a, db_str(&res, i, 2)));
		view_str(x, "status", chain_status_code(s2));
		view_str(x, "status_name", chain_status_name(s2));
		view_int(x, "slot", db_ll(&res, i, 3));
		view_int(x, "team_orders", db_ll(&res, i, 4));
		team_orders += db_ll(&res, i, 4);
		json_object_array_add(lb, x);
	}
	json_object_object_add(v, "left_behind", ids);
	json_object_object_add(v, "left", lb);
	view_int(v, "left_count", (long long)res.nrows);
	view_int(v, "left_missing", res.nrows < CHAIN_LEFT ?
	    CHAIN_LEFT - (long long)res.nrows : 0);
	view_bool(v, "has_left_missing", res.nrows < CHAIN_LEFT);
	view_int(v, "team_orders", team_orders);
	view_int(v, "release_orders", c.release_orders);
	/* rewards by kind, frozen and released */
	if (db_q(a, &res, SQL_SUMS, DB_ARGS(DB_INT(member))) != DB_OK)
		goto fail;
	for (i = 0; i < res.nrows; i++) {
		if ((k = chain_kind_of(db_str(&res, i, 0))) < 0)
			continue;
		sum[k] = db_ll(&res, i, 1);
		frozen += db_ll(&res, i, 2);
		released += db_ll(&res, i, 3);
	}
	x = json_object_new_object();
	view_amount(x, "direct", sum[CHAIN_DIRECT]);
	view_amount(x, "see", sum[CHAIN_SEE]);
	view_amount(x, "peer", sum[CHAIN_PEER]);
	view_amount(x, "total", sum[0] + sum[1] + sum[2]);
	json_object_object_add(v, "rewards", x);
	view_amount(v, "frozen", frozen);
	view_amount(v, "released", released);
	view_bool(v, "has_frozen", frozen > 0);
	/* the last rewards */
	if (db_q(a, &res, SQL_HISTORY, DB_ARGS(DB_INT(member),
	    DB_INT(HISTORY_MAX))) != DB_OK)
		goto fail;
	h = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		k = chain_kind_of(db_str(&res, i, 1));
		x = json_object_new_object();
		view_int(x, "order", db_ll(&res, i, 0));
		view_str(x, "kind", db_str(&res, i, 1));
		view_str(x, "kind_name", k >= 0 ? chain_kind_name(k) : "");
		view_int(x, "gen", db_ll(&res, i, 2));
		view_amount(x, "amount", db_ll(&res, i, 3));
		view_amount(x, "frozen", db_ll(&res, i, 4));
		view_bool(x, "has_frozen", db_ll(&res, i, 4) > 0);
		view_bool(x, "released", db_ll(&res, i, 5) != 0);
		view_str(x, "at", db_str(&res, i, 6));
		view_int(x, "buyer", db_ll(&res, i, 7));
		json_object_array_add(h, x);
	}
	view_bool(v, "has_history", res.nrows > 0);
	json_object_object_add(v, "history", h);
	if ((x = chain_tree_view(a, member)) == NULL)
		goto fail;
	view_bool(v, "tree_empty", json_object_array_length(x) == 0);
	json_object_object_add(v, "tree", x);
	json_object_object_add(v, "rules", rules_words(conf_ok ? &c : NULL,
	    msg));
	if ((x = product_package_list(a, 1, 6, &total)) == NULL)
		goto fail;
	json_object_object_add(v, "packages", x);
	view_int(v, "packages_total", total);
	view_str(v, "pool_per_package", amount_format(c.pool, 2, b));
	return v;
fail:
	json_object_put(v);
	return NULL;
}

static const char SQL_ADMIN[] =
    "SELECT (SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE "
    "owner_type = 'system' AND kind = '" CHAIN_POOL "' AND currency = "
    "'CHANGE'), (SELECT COALESCE(SUM(frozen), 0) FROM chain_rewards WHERE "
    "released_at IS NULL), (SELECT COUNT(*) FROM chain_members WHERE "
    "status = 'agent'), (SELECT COUNT(*) FROM chain_members WHERE status = "
    "'boss'), (SELECT COUNT(*) FROM chain_orders), (SELECT "
    "COALESCE(SUM(amount), 0) FROM chain_rewards)";
static const char SQL_SETTLEMENTS[] =
    "SELECT id, period, balance, paid, detail, DATE_FORMAT(created_at, "
    "'%Y-%m-%d %H:%i') FROM chain_settlements ORDER BY id DESC LIMIT 10";
static const char SQL_PACKAGES[] =
    "SELECT p.id, p.title, p.retail_price, p.status, k.grants FROM "
    "chain_packages k JOIN products p ON p.id = k.product_id ORDER BY p.id "
    "DESC LIMIT 100";

struct json_object *
chain_admin_view(arena *a)
{
	struct json_object	*v, *l, *x, *d;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_ADMIN, DB_NOARGS) != DB_OK)
		return NULL;
	v = json_object_new_object();
	view_amount(v, "pool", db_ll(&res, 0, 0));
	view_amount(v, "frozen", db_ll(&res, 0, 1));
	view_int(v, "agents", db_ll(&res, 0, 2));
	view_int(v, "bosses", db_ll(&res, 0, 3));
	view_int(v, "orders", db_ll(&res, 0, 4));
	view_amount(v, "rewards", db_ll(&res, 0, 5));
	if (db_q(a, &res, SQL_SETTLEMENTS, DB_NOARGS) != DB_OK)
		goto fail;
	l = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "period", db_str(&res, i, 1));
		view_amount(x, "balance", db_ll(&res, i, 2));
		view_amount(x, "paid", db_ll(&res, i, 3));
		d = json_tokener_parse(db_str(&res, i, 4) ? db_str(&res, i, 4) :
		    "[]");
		json_object_object_add(x, "ranks", d);
		view_str(x, "at", db_str(&res, i, 5));
		json_object_array_add(l, x);
	}
	view_bool(v, "no_settlements", res.nrows == 0);
	json_object_object_add(v, "settlements", l);
	if (db_q(a, &res, SQL_PACKAGES, DB_NOARGS) != DB_OK)
		goto fail;
	l = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "title", db_str(&res, i, 1));
		view_amount(x, "price", db_ll(&res, i, 2));
		view_str(x, "status", db_str(&res, i, 3));
		view_bool(x, "listed", strcmp(db_str(&res, i, 3), "listed") == 0);
		view_str(x, "grants", db_str(&res, i, 4));
		view_str(x, "grants_name", chain_grants_name(db_str(&res, i, 4)));
		json_object_array_add(l, x);
	}
	view_bool(v, "no_packages", res.nrows == 0);
	json_object_object_add(v, "packages", l);
	return v;
fail:
	json_object_put(v);
	return NULL;
}
