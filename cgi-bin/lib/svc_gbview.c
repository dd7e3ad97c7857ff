/* svc_gbview: what the group-buy pages show (the view half of
 * svc_groupbuy.h): groups with their seats, commitment and (after the
 * draw) seed and result; activities with their rules in plain Chinese
 * from the same configuration the engine runs; lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "amount.h"
#include "settings.h"
#include "db.h"
#include "svc_groupbuy.h"
#include "svc_image.h"
#include "valid.h"
#include "view.h"

/* A JSON array text from the database as an object (NULL stays NULL). */
static struct json_object *
jarray(const char *s)
{
	struct json_object *j = s ? json_tokener_parse(s) : NULL;

	return j ? j : json_object_new_array();
}

static const char *
status_name(const char *s)
{
	return strcmp(s, "open") == 0 ? "拼团中" : strcmp(s, "drawn") == 0 ?
	    "已开奖" : "未成团";
}

/* Currency names for the rule sentences: read once per process (the
 * list is fixed by migrations). */
static const char *
currency_name(const char *code, void *ud)
{
	return gb_currency_name(ud, code);
}

/* The rules and rewards of a configuration, in Chinese. */
static struct json_object *
describe(arena *a, const struct gb_activity *act)
{
	return gb_activity_describe(act, currency_name, a);
}

/* The activity's prizes, in its order, in one query. */
static void
prizes(arena *a, const struct gb_activity *act, struct json_object *o)
{
	struct json_object	*list = json_object_new_array(), *x, *ids;
	db_res			 pr;
	size_t			 i, k;

	if (act->nproducts > 0) {
		ids = json_object_new_array();
		for (i = 0; i < act->nproducts; i++)
			json_object_array_add(ids, json_object_new_int64(
			    act->products[i]));
		if (db_q(a, &pr, "SELECT p.id, p.title, p.retail_price, p.stock "
		    "FROM JSON_TABLE(?, '$[*]' COLUMNS (v BIGINT PATH '$')) t "
		    "STRAIGHT_JOIN products p ON p.id = t.v", DB_ARGS(db_json(a,
		    ids))) != DB_OK)
			pr.nrows = 0;
		for (i = 0; i < act->nproducts; i++)
			for (k = 0; k < pr.nrows; k++) {
				if (db_ll(&pr, k, 0) != act->products[i])
					continue;
				x = json_object_new_object();
				view_int(x, "id", db_ll(&pr, k, 0));
				view_str(x, "title", db_str(&pr, k, 1));
				view_amount(x, "retail_price", db_ll(&pr, k,
				    2));
				view_bool(x, "sold_out", db_ll(&pr, k, 3) <= 0);
				view_bool(x, "first", i == 0);
				json_object_array_add(list, x);
				break;
			}
	}
	/* D1: the 购物券 options, after the products (radio field voucher) */
	for (i = 0; i < act->nvouchers; i++) {
		char amt[32];

		x = json_object_new_object();
		view_int(x, "voucher", (long long)i + 1);
		amount_format(act->vouchers[i], 2, amt);
		view_str(x, "title", arena_printf(a, "%s %s", amt,
		    currency_display_name("VOUCHER")));
		view_str(x, "note", arena_printf(a, "中奖后 %s %s 直接到账，"
		    "不购买商品", amt, currency_display_name("VOUCHER")));
		view_bool(x, "first", i == 0 && act->nproducts == 0);
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "prizes", list);
}

/* --- a group -------------------------------------------------------------- */

/* The group, its activity's name, leader and owner, and one row per seat
 * (with its member, prize and opened blind box): one query. A group
 * without seats gives one row with NULL seat columns. */
static const char SQL_GROUP[] =
    "SELECT g.id, g.activity_id, a.name, g.mode, g.status, g.fail_reason, "
    "g.seats, g.winners, g.price, g.taken, g.commitment, g.seed, g.eligible, "
    "g.winner_seats, g.outcome, g.relaxed, g.leader_id, lm.phone, "
    "g.owner_id, om.phone, DATE_FORMAT(g.expires_at, '%Y-%m-%d %H:%i'), "
    "GREATEST(TIMESTAMPDIFF(SECOND, NOW(), g.expires_at), 0), "
    "DATE_FORMAT(g.opened_at, '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(g.drawn_at, '%Y-%m-%d %H:%i'), g.version_id, "
    "g.reopened_from, g.opened_by, "
    "s.seat_no, s.member_id, m.phone, s.platform, s.result, "
    "s.ineligible, COALESCE(p.title, CONCAT(s.voucher DIV 100, '.', "
    "LPAD(s.voucher MOD 100, 2, '0'), ' ', (SELECT c.name FROM currencies c "
    "WHERE c.code = 'VOUCHER'))), s.order_id, "
    "DATE_FORMAT(s.joined_at, '%m-%d %H:%i'), b.label, b.amount, b.currency, "
    "m.nickname, m.avatar, m.private_profile "
    "FROM gb_groups g JOIN gb_activities a ON a.id = g.activity_id "
    "LEFT JOIN members lm ON lm.id = g.leader_id "
    "LEFT JOIN members om ON om.id = g.owner_id "
    "LEFT JOIN gb_seats s ON s.group_id = g.id "
    "LEFT JOIN members m ON m.id = s.member_id "
    "LEFT JOIN products p ON p.id = s.product_id "
    "LEFT JOIN gb_boxes b ON b.group_id = s.group_id AND b.seat_no = s.seat_no "
    "WHERE g.id = ? ORDER BY s.seat_no";
enum { V_ID, V_ACT, V_NAME, V_MODE, V_STATUS, V_FAIL, V_SEATS, V_WINNERS,
    V_PRICE, V_TAKEN, V_COMMIT, V_SEED, V_ELIG, V_WIN, V_OUTCOME, V_RELAXED,
    V_LEADER, V_LPHONE, V_OWNER, V_OPHONE, V_EXPIRES, V_LEFT, V_OPENED,
    V_DRAWN, V_VER, V_REOPENED, V_BYADMIN,
    V_S_NO, V_S_MEMBER, V_S_PHONE, V_S_PLATFORM, V_S_RESULT, V_S_WHY,
    V_S_PRIZE, V_S_ORDER, V_S_JOINED, V_B_LABEL, V_B_AMOUNT, V_B_CURRENCY,
    V_S_NICK, V_S_AVATAR, V_S_PRIVATE };

struct json_object *
gb_group_view(arena *a, long long id, long long viewer)
{
	struct json_object	*g, *seats, *s, *relaxed, *x;
	struct json_object	*grid[GB_MAX_SEATS];
	struct gb_activity	 act;
	db_res			 res;
	size_t			 nseats;
	const char		*st;
	size_t			 i;
	int			 mine = 0, drawn, have_act, lead, own;

	if (db_q(a, &res, SQL_GROUP, DB_ARGS(DB_INT(id))) != DB_OK ||
	    res.nrows < 1)
		return NULL;
	st = db_str(&res, 0, V_STATUS);
	drawn = strcmp(st, "drawn") == 0;
	g = json_object_new_object();
	view_int(g, "id", id);
	view_int(g, "activity_id", db_ll(&res, 0, V_ACT));
	view_str(g, "activity", db_str(&res, 0, V_NAME));
	view_str(g, "mode", db_str(&res, 0, V_MODE));
	view_bool(g, "leader_mode", strcmp(db_str(&res, 0, V_MODE),
	    "leader") == 0);
	view_str(g, "status", st);
	view_str(g, "status_name", status_name(st));
	view_bool(g, st, 1);
	view_str(g, "fail_reason", db_str(&res, 0, V_FAIL));
	if (db_str(&res, 0, V_FAIL) != NULL)
		view_bool(g, strcmp(db_str(&res, 0, V_FAIL), "expired") == 0 ?
		    "expired" : "conflict", 1);
	view_int(g, "size", db_ll(&res, 0, V_SEATS));
	view_int(g, "winners_count", db_ll(&res, 0, V_WINNERS));
	view_int(g, "taken", db_ll(&res, 0, V_TAKEN));
	view_int(g, "missing", db_ll(&res, 0, V_SEATS) - db_ll(&res, 0, V_TAKEN));
	view_int(g, "free", db_ll(&res, 0, V_SEATS) - db_ll(&res, 0, V_TAKEN));
	view_amount(g, "price", db_ll(&res, 0, V_PRICE));
	view_str(g, "commitment", db_str(&res, 0, V_COMMIT));
	/* The seed stays secret until the draw. */
	view_str(g, "seed", drawn ? db_str(&res, 0, V_SEED) : NULL);
	json_object_object_add(g, "eligible", db_str(&res, 0, V_ELIG) ?
	    jarray(db_str(&res, 0, V_ELIG)) : NULL);
	json_object_object_add(g, "winners", drawn ?
	    jarray(db_str(&res, 0, V_WIN)) : json_object_new_array());
	view_str(g, "outcome", db_str(&res, 0, V_OUTCOME));
	view_bool(g, "random", db_str(&res, 0, V_OUTCOME) != NULL &&
	    strcmp(db_str(&res, 0, V_OUTCOME), "random") == 0);
	relaxed = json_object_new_array();
	if (db_str(&res, 0, V_RELAXED) != NULL) {
		struct json_object *r = jarray(db_str(&res, 0, V_RELAXED));

		for (i = 0; i < json_object_array_length(r); i++) {
			const char *k = json_object_get_string(
			    json_object_array_get_idx(r, i));

			x = json_object_new_object();
			view_str(x, "rule", k);
			view_str(x, "label", gb_rule_label(gb_rule_by_key(k)));
			json_object_array_add(relaxed, x);
		}
		json_object_put(r);
	}
	json_object_object_add(g, "relaxed", relaxed);
	if (db_str(&res, 0, V_LEADER) != NULL) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, 0, V_LEADER));
		view_str(x, "phone", mask_phone(a, db_str(&res, 0, V_LPHONE)));
		json_object_object_add(g, "leader", x);
	}
	if (db_str(&res, 0, V_OWNER) != NULL) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, 0, V_OWNER));
		view_str(x, "phone", mask_phone(a, db_str(&res, 0, V_OPHONE)));
		json_object_object_add(g, "owner", x);
	}
	view_str(g, "expires_at", db_str(&res, 0, V_EXPIRES));
	if (strcmp(st, "open") == 0 && db_str(&res, 0, V_EXPIRES) != NULL)
		view_int(g, "seconds_left", db_ll(&res, 0, V_LEFT));
	view_str(g, "opened_at", db_str(&res, 0, V_OPENED));
	view_str(g, "drawn_at", db_str(&res, 0, V_DRAWN));
	if (db_str(&res, 0, V_REOPENED) != NULL)
		view_int(g, "reopened_from", db_ll(&res, 0, V_REOPENED));
	view_bool(g, "opened_by_admin", db_str(&res, 0, V_BYADMIN) != NULL);
	if ((have_act = gb_version_load(a, db_ll(&res, 0, V_VER), &act) == 0))
		json_object_object_add(g, "rules", describe(a, &act));

	/* the grid, by seat number: seats taken side by side may commit out
	 * of order, so a free seat can sit between taken ones */
	nseats = (size_t)db_ll(&res, 0, V_SEATS);
	if (nseats > GB_MAX_SEATS)
		nseats = GB_MAX_SEATS;
	memset(grid, 0, sizeof(grid));
	for (i = 0; i < res.nrows; i++) {
		const char *r = db_str(&res, i, V_S_RESULT), *why;
		int plat = db_ll(&res, i, V_S_PLATFORM) != 0;
		long long no = db_ll(&res, i, V_S_NO);

		if (db_str(&res, i, V_S_NO) == NULL || no < 1 ||
		    no > (long long)nseats || grid[no - 1] != NULL)
			continue;	/* no seat yet */
		why = db_str(&res, i, V_S_WHY);
		s = json_object_new_object();
		view_int(s, "no", db_ll(&res, i, V_S_NO));
		json_object_object_add(s, "member_id", plat ? NULL :
		    json_object_new_int64(db_ll(&res, i, V_S_MEMBER)));
		view_str(s, "phone", plat ? NULL : mask_phone(a, db_str(&res, i,
		    V_S_PHONE)));
		if (!plat) {
			/* the seat's face (A9): nickname and avatar, masked
			 * when the member chose privacy */
			x = json_object_new_object();
			view_person(x, db_ll(&res, i, V_S_MEMBER),
			    db_str(&res, i, V_S_PHONE),
			    db_str(&res, i, V_S_NICK),
			    db_str(&res, i, V_S_AVATAR),
			    db_ll(&res, i, V_S_PRIVATE) != 0);
			json_object_object_add(s, "who", x);
		}
		view_bool(s, "platform", plat);
		/* a platform seat never had a chance: shown as such */
		view_str(s, "result", r);
		if (r == NULL)
			r = "pending";
		view_bool(s, arena_printf(a, "is_%s", r), 1);
		view_str(s, "ineligible", plat ? "platform" : why);
		view_str(s, "ineligible_label",
		    plat ? gb_rule_label(GB_R_PLATFORM) :
		    why ? gb_rule_label(gb_rule_by_key(why)) : NULL);
		view_str(s, "prize", db_str(&res, i, V_S_PRIZE));
		view_str(s, "joined_at", db_str(&res, i, V_S_JOINED));
		if (!plat && viewer > 0 && db_ll(&res, i, V_S_MEMBER) == viewer) {
			view_bool(s, "mine", 1);
			mine = (int)db_ll(&res, i, V_S_NO);
			if (db_str(&res, i, V_S_ORDER) != NULL)
				view_int(s, "order_id", db_ll(&res, i,
				    V_S_ORDER));
		}
		/* D11: a blind box opened, on its seat; the viewer's own */
		if (drawn && db_str(&res, i, V_B_LABEL) != NULL) {
			x = json_object_new_object();
			view_str(x, "label", db_str(&res, i, V_B_LABEL));
			view_amount(x, "amount", db_ll(&res, i, V_B_AMOUNT));
			view_str(x, "currency", db_str(&res, i, V_B_CURRENCY));
			json_object_object_add(s, "box", x);
			if (mine == (int)db_ll(&res, i, V_S_NO))
				json_object_object_add(g, "my_box",
				    json_object_get(x));
		}
		grid[no - 1] = s;
	}
	seats = json_object_new_array();
	for (i = 0; i < nseats; i++) {
		if ((s = grid[i]) == NULL) {	/* an empty seat of the grid */
			s = json_object_new_object();
			view_int(s, "no", (long long)i + 1);
			view_bool(s, "empty", 1);
		}
		json_object_array_add(seats, s);
	}
	if (drawn && mine > 0 && !json_object_object_get_ex(g, "my_box", NULL)) {
		struct json_object *ms = json_object_array_get_idx(seats,
		    (size_t)mine - 1), *res_;

		if (ms != NULL && json_object_object_get_ex(ms, "result", &res_) &&
		    strcmp(json_object_get_string(res_), "won") == 0)
			view_bool(g, "can_open_box", 1);
	}
	json_object_object_add(g, "seats", seats);
	if (mine > 0)
		view_int(g, "my_seat", mine);
	/* the group's own leader and owner are told so, not offered a seat
	 * (the join would refuse them: A5) */
	lead = viewer > 0 && db_str(&res, 0, V_LEADER) != NULL &&
	    db_ll(&res, 0, V_LEADER) == viewer;
	own = viewer > 0 && db_str(&res, 0, V_OWNER) != NULL &&
	    db_ll(&res, 0, V_OWNER) == viewer;
	view_bool(g, "i_lead", lead);
	view_bool(g, "i_own", own);
	view_bool(g, "can_join", strcmp(st,
	    "open") == 0 && mine == 0 && !lead &&
	    !own && strcmp(db_str(&res, 0, V_MODE), "leader") == 0);
	if (have_act)
		prizes(a, &act, g);
	return g;
}

/* --- activities ----------------------------------------------------------- */

static const char SQL_ACTIVITY[] =
    "SELECT id, name, mode, price, zone, status, version_id FROM gb_activities "
    "WHERE id = ?";
static const char SQL_OPEN_GROUPS[] =
    "SELECT g.id, g.taken, g.seats, m.phone, "
    "GREATEST(TIMESTAMPDIFF(SECOND, NOW(), g.expires_at), 0) "
    "FROM gb_groups g LEFT JOIN members m ON m.id = g.leader_id "
    "WHERE g.activity_id = ? AND g.status = 'open' ORDER BY g.id LIMIT 20";
static const char SQL_RECENT_DRAWN[] =
    "SELECT id, DATE_FORMAT(drawn_at, '%m-%d %H:%i') FROM gb_groups "
    "WHERE activity_id = ? AND status = 'drawn' ORDER BY id DESC LIMIT 5";

struct json_object *
gb_activity_view(arena *a, long long id, long long viewer)
{
	struct json_object	*o, *list, *x;
	struct gb_activity	 act;
	db_res			 res, gr;
	size_t			 i;

	if (db_q(a, &res, SQL_ACTIVITY, DB_ARGS(DB_INT(id))) != DB_OK ||
	    res.nrows != 1 || gb_version_load(a, db_ll(&res, 0, 6), &act) != 0)
		return NULL;
	o = json_object_new_object();
	view_int(o, "id", id);
	view_str(o, "name", db_str(&res, 0, 1));
	view_str(o, "mode", db_str(&res, 0, 2));
	view_bool(o, "leader_mode", act.mode == GB_LEADER);
	view_amount(o, "price", act.price);
	view_int(o, "seats", act.seats);
	view_int(o, "winners", act.winners);
	view_int(o, "time_limit_min", act.time_limit_min);
	view_int(o, "daily_join_limit", act.daily_join_limit);
	view_int(o, "zone", db_ll(&res, 0, 4));
	view_str(o, "status", db_str(&res, 0, 5));
	view_bool(o, "active", strcmp(db_str(&res, 0, 5), "active") == 0);
	json_object_object_add(o, "rules", describe(a, &act));
	prizes(a, &act, o);
	if (viewer > 0 && db_q(a, &gr, "SELECT COUNT(*) FROM gb_seats WHERE "
	    "member_id = ? AND activity_id = ? AND day = CURDATE() AND "
	    "result <> 'refunded'", DB_ARGS(DB_INT(viewer), DB_INT(id))) ==
	    DB_OK) {
		view_int(o, "joined_today", db_ll(&gr, 0, 0));
		if (act.daily_join_limit > 0)
			view_int(o, "joins_left", act.daily_join_limit -
			    db_ll(&gr, 0, 0) > 0 ? act.daily_join_limit -
			    db_ll(&gr, 0, 0) : 0);
	}
	if (db_q(a, &gr, SQL_OPEN_GROUPS, DB_ARGS(DB_INT(id))) == DB_OK) {
		list = json_object_new_array();
		for (i = 0; i < gr.nrows; i++) {
			x = json_object_new_object();
			view_int(x, "id", db_ll(&gr, i, 0));
			view_int(x, "taken", db_ll(&gr, i, 1));
			view_int(x, "seats", db_ll(&gr, i, 2));
			view_int(x, "free", db_ll(&gr, i, 2) - db_ll(&gr, i,
			    1));
			view_str(x, "leader_phone", db_str(&gr, i,
			    3) ? mask_phone(a,
			    db_str(&gr, i, 3)) : NULL);
			if (act.mode == GB_LEADER)
				view_int(x, "minutes_left", (db_ll(&gr, i,
				    4) + 59) /
				    60);
			json_object_array_add(list, x);
		}
		json_object_object_add(o, "open_groups", list);
	}
	if (db_q(a, &gr, SQL_RECENT_DRAWN, DB_ARGS(DB_INT(id))) == DB_OK) {
		list = json_object_new_array();
		for (i = 0; i < gr.nrows; i++) {
			x = json_object_new_object();
			view_int(x, "id", db_ll(&gr, i, 0));
			view_str(x, "drawn_at", db_str(&gr, i, 1));
			json_object_array_add(list, x);
		}
		json_object_object_add(o, "recent", list);
	}
	return o;
}

static const char SQL_HOME[] =
    "SELECT a.id, a.name, a.mode, a.price, a.zone, "
    "(SELECT COUNT(*) FROM gb_groups g WHERE g.activity_id = a.id AND "
    "g.status = 'open'), a.version_id FROM gb_activities a "
    "WHERE a.status = 'active' ORDER BY a.zone, a.price, a.id";

/* The home page's zones, kept by the process for a second: the page
 * every visitor opens first need not ask the database each time, and
 * what it shows (activities, their open groups) is at most that old —
 * like the settings, which each process rereads at most once a second. */
static struct json_object	*home_cache;
static struct timespec		 home_at;

struct json_object *
gb_home(arena *a)
{
	struct json_object	*zones, *z = NULL, *list = NULL, *x;
	struct gb_activity	 act;
	struct timespec		 now;
	db_res			 res;
	long long		 zone = -1;
	size_t			 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (home_cache != NULL && (now.tv_sec - home_at.tv_sec) * 1000000000L +
	    (now.tv_nsec - home_at.tv_nsec) < 1000000000L)
		return json_object_get(home_cache);
	if (db_qr(a, &res, SQL_HOME, DB_NOARGS) != DB_OK)
		return NULL;
	zones = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		if (db_ll(&res, i, 4) != zone) {
			zone = db_ll(&res, i, 4);
			z = json_object_new_object();
			view_int(z, "zone", zone);
			view_str(z, "label", zone == 10000 ? "万元区" :
			    zone >= 10000 && zone % 10000 == 0 ?
			    arena_printf(a, "%lld 万元区", zone / 10000) :
			    arena_printf(a, "%lld 元区", zone));
			list = json_object_new_array();
			json_object_object_add(z, "activities", list);
			json_object_array_add(zones, z);
		}
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "name", db_str(&res, i, 1));
		view_bool(x, "leader_mode", strcmp(db_str(&res, i, 2),
		    "leader") == 0);
		view_amount(x, "price", db_ll(&res, i, 3));
		view_int(x, "open_groups", db_ll(&res, i, 5));
		if (gb_version_load(a, db_ll(&res, i, 6), &act) == 0) {
			view_int(x, "seats", act.seats);
			view_int(x, "winners", act.winners);
		}
		json_object_array_add(list, x);
	}
	json_object_put(home_cache);
	home_cache = json_object_get(zones);
	home_at = now;
	return zones;
}

static const char SQL_MINE_N[] = "SELECT COUNT(*) FROM gb_seats WHERE member_id = ?";
static const char SQL_MINE[] =
    "SELECT s.group_id, s.seat_no, s.result, g.status, a.name, g.price, "
    "g.taken, g.seats, DATE_FORMAT(s.joined_at, '%Y-%m-%d %H:%i'), "
    "s.order_id FROM gb_seats s JOIN gb_groups g ON g.id = s.group_id "
    "JOIN gb_activities a ON a.id = g.activity_id WHERE s.member_id = ? "
    "ORDER BY s.joined_at DESC, s.group_id DESC LIMIT ? OFFSET ?";

struct json_object *
gb_my_groups(arena *a, long long member, long long page, long long per,
    long long *total)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_MINE_N, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		const char *r = db_str(&res, i, 2), *st = db_str(&res, i, 3);

		x = json_object_new_object();
		view_int(x, "group_id", db_ll(&res, i, 0));
		view_int(x, "seat", db_ll(&res, i, 1));
		view_str(x, "result", r);
		view_bool(x, arena_printf(a, "is_%s", r), 1);
		view_str(x, "status", st);
		view_str(x, "status_name", status_name(st));
		view_str(x, "activity", db_str(&res, i, 4));
		view_amount(x, "price", db_ll(&res, i, 5));
		view_int(x, "taken", db_ll(&res, i, 6));
		view_int(x, "seats", db_ll(&res, i, 7));
		view_str(x, "joined_at", db_str(&res, i, 8));
		if (db_str(&res, i, 9) != NULL)
			view_int(x, "order_id", db_ll(&res, i, 9));
		json_object_array_add(list, x);
	}
	return list;
}

static const char SQL_LED_N[] =
    "SELECT COUNT(*) FROM gb_groups WHERE (? = 0 AND leader_id = ?) OR "
    "(? = 1 AND owner_id = ?)";
static const char SQL_LED[] =
    "SELECT g.id, a.name, g.status, g.taken, g.seats, g.price, "
    "DATE_FORMAT(g.opened_at, '%Y-%m-%d %H:%i'), "
    "GREATEST(TIMESTAMPDIFF(SECOND, NOW(), g.expires_at), 0), om.phone "
    "FROM gb_groups g JOIN gb_activities a ON a.id = g.activity_id "
    "LEFT JOIN members om ON om.id = g.owner_id "
    "WHERE (? = 0 AND g.leader_id = ?) OR (? = 1 AND g.owner_id = ?) "
    "ORDER BY g.id DESC LIMIT ? OFFSET ?";

static struct json_object *
group_rows(arena *a, const db_res *res)
{
	struct json_object	*list = json_object_new_array(), *x;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		const char *st = db_str(res, i, 2);

		x = json_object_new_object();
		view_int(x, "id", db_ll(res, i, 0));
		view_str(x, "activity", db_str(res, i, 1));
		view_str(x, "status", st);
		view_str(x, "status_name", status_name(st));
		view_bool(x, st, 1);
		view_int(x, "taken", db_ll(res, i, 3));
		view_int(x, "seats", db_ll(res, i, 4));
		view_amount(x, "price", db_ll(res, i, 5));
		view_str(x, "opened_at", db_str(res, i, 6));
		if (strcmp(st, "open") == 0 && db_str(res, i, 7) != NULL)
			view_int(x, "minutes_left", (db_ll(res, i,
			    7) + 59) / 60);
		if (db_str(res, i, 8) != NULL)
			view_str(x, "owner_phone", mask_phone(a, db_str(res, i,
			    8)));
		json_object_array_add(list, x);
	}
	return list;
}

struct json_object *
gb_led_groups(arena *a, long long member, int as_owner, long long page,
    long long per, long long *total)
{
	db_res res;

	if (db_q(a, &res, SQL_LED_N, DB_ARGS(DB_INT(as_owner), DB_INT(member),
	    DB_INT(as_owner), DB_INT(member))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LED, DB_ARGS(DB_INT(as_owner), DB_INT(member),
	    DB_INT(as_owner), DB_INT(member), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	return group_rows(a, &res);
}

struct json_object *
gb_promotable(arena *a, long long owner)
{
	db_res res;

	if (db_q(a, &res, "SELECT g.id, a.name, g.status, g.taken, g.seats, "
	    "g.price, DATE_FORMAT(g.opened_at, '%Y-%m-%d %H:%i'), "
	    "GREATEST(TIMESTAMPDIFF(SECOND, NOW(), g.expires_at), 0), NULL "
	    "FROM gb_groups g JOIN gb_activities a ON a.id = g.activity_id "
	    "JOIN members o ON o.id = ? WHERE g.leader_id = o.inviter_id AND "
	    "g.status = 'open' AND g.owner_id IS NULL ORDER BY g.id DESC LIMIT 50",
	    DB_ARGS(DB_INT(owner))) != DB_OK)
		return NULL;
	return group_rows(a, &res);
}

/* --- back office ---------------------------------------------------------- */

struct json_object *
gb_admin_activities(arena *a)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, "SELECT a.id, a.name, a.mode, a.price, a.zone, "
	    "a.status, DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i'), "
	    "(SELECT COUNT(*) FROM gb_groups g WHERE g.activity_id = a.id AND "
	    "g.status = 'open'), (SELECT COUNT(*) FROM gb_groups g WHERE "
	    "g.activity_id = a.id AND g.status = 'drawn'), (SELECT COUNT(*) FROM "
	    "gb_versions v WHERE v.activity_id = a.id) FROM gb_activities a "
	    "ORDER BY a.status, a.zone, a.id", DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "name", db_str(&res, i, 1));
		view_str(x, "mode", db_str(&res, i, 2));
		view_bool(x, "leader_mode", strcmp(db_str(&res, i, 2),
		    "leader") == 0);
		view_amount(x, "price", db_ll(&res, i, 3));
		view_int(x, "zone", db_ll(&res, i, 4));
		view_str(x, "status", db_str(&res, i, 5));
		view_bool(x, "active", strcmp(db_str(&res, i, 5),
		    "active") == 0);
		view_str(x, "updated_at", db_str(&res, i, 6));
		view_int(x, "open_groups", db_ll(&res, i, 7));
		view_int(x, "drawn_groups", db_ll(&res, i, 8));
		view_int(x, "versions", db_ll(&res, i, 9));
		json_object_array_add(list, x);
	}
	return list;
}

/* The simulator's activity picker: only what an option shows, in the order
 * of gb_admin_activities, without its per-activity group and version
 * counts. */
struct json_object *
gb_activity_choices(arena *a)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, "SELECT id, name, price FROM gb_activities "
	    "ORDER BY status, zone, id", DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "name", db_str(&res, i, 1));
		view_amount(x, "price", db_ll(&res, i, 2));
		json_object_array_add(list, x);
	}
	return list;
}

static const char SQL_ADMIN_GROUPS_N[] =
    "SELECT COUNT(*) FROM gb_groups g WHERE (? = 0 OR g.activity_id = ?) AND "
    "(? = '' OR (? = 'unfilled' AND g.status = 'open') OR g.status = ?)";
static const char SQL_ADMIN_GROUPS[] =
    "SELECT g.id, a.name, g.status, g.taken, g.seats, g.price, "
    "DATE_FORMAT(g.opened_at, '%Y-%m-%d %H:%i'), "
    "GREATEST(TIMESTAMPDIFF(SECOND, NOW(), g.expires_at), 0), om.phone, "
    "g.mode, lm.phone, g.fail_reason, "
    "(SELECT COUNT(*) FROM gb_seats s WHERE s.group_id = g.id AND s.platform) "
    "FROM gb_groups g JOIN gb_activities a ON a.id = g.activity_id "
    "LEFT JOIN members om ON om.id = g.owner_id "
    "LEFT JOIN members lm ON lm.id = g.leader_id "
    "WHERE (? = 0 OR g.activity_id = ?) AND "
    "(? = '' OR (? = 'unfilled' AND g.status = 'open') OR g.status = ?) "
    "ORDER BY g.id DESC LIMIT ? OFFSET ?";

struct json_object *
gb_admin_groups(arena *a, const char *status, long long activity,
    long long page, long long per, long long *total)
{
	struct json_object	*list, *x;
	db_res			 res;
	const char		*s = status ? status : "";
	size_t			 i;

	if (db_q(a, &res, SQL_ADMIN_GROUPS_N, DB_ARGS(DB_INT(activity),
	    DB_INT(activity), DB_TEXT(s), DB_TEXT(s), DB_TEXT(s))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_ADMIN_GROUPS, DB_ARGS(DB_INT(activity),
	    DB_INT(activity), DB_TEXT(s), DB_TEXT(s), DB_TEXT(s), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = group_rows(a, &res);
	for (i = 0; i < res.nrows; i++) {
		x = json_object_array_get_idx(list, i);
		view_bool(x, "leader_mode", strcmp(db_str(&res, i, 9),
		    "leader") == 0);
		if (db_str(&res, i, 10) != NULL)
			view_str(x, "leader_phone", mask_phone(a, db_str(&res,
			    i, 10)));
		view_str(x, "fail_reason", db_str(&res, i, 11));
		view_int(x, "platform_seats", db_ll(&res, i, 12));
		view_int(x, "free", db_ll(&res, i, 4) - db_ll(&res, i, 3));
	}
	return list;
}

/* Open groups with seats taken, the soonest to close first (the
 * k_expire index: no sort over every open group). */
static const char SQL_LIVE[] =
    "SELECT g.id, a.name, g.taken, g.seats, g.price FROM gb_groups g "
    "JOIN gb_activities a ON a.id = g.activity_id WHERE g.status = 'open' "
    "AND g.taken > 0 ORDER BY g.expires_at, g.id LIMIT ?";

struct json_object *
gb_live(arena *a, int n)
{
	struct json_object	*list, *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_LIVE, DB_ARGS(DB_INT(n))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "activity", db_str(&res, i, 1));
		view_int(x, "taken", db_ll(&res, i, 2));
		view_int(x, "size", db_ll(&res, i, 3));
		view_int(x, "missing", db_ll(&res, i, 3) - db_ll(&res, i, 2));
		view_amount(x, "price", db_ll(&res, i, 4));
		json_object_array_add(list, x);
	}
	return list;
}
