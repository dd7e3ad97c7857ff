/* svc_gb_box: the blind boxes of a group's winners (D11), and the
 * verification of a draw and of its boxes; see svc_groupbuy.h. */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "crypto.h"
#include "db.h"
#include "economy.h"
#include "payout.h"
#include "settings.h"
#include "svc_groupbuy.h"

static int parse_ints(const char *s, int *v, int max);

/* --- D11 blind boxes ----------------------------------------------------- */

struct box_table {
	size_t		 n;
	int64_t		 weight[16], amount[16];
	char		 label[16][61], currency[16][GB_CODE_LEN + 1];
	uint64_t	 total;
};

/* The prize table (setting gb.blindbox, or the JSON kept with a box): a
 * list of {label, currency, amount, weight}. 0, or -1 when malformed. */
static int
box_table_parse(struct json_object *j, struct box_table *t)
{
	struct json_object	*p, *x;
	size_t			 i;

	memset(t, 0, sizeof(*t));
	if (j == NULL || !json_object_is_type(j, json_type_array) ||
	    json_object_array_length(j) == 0 || json_object_array_length(j) > 16)
		return -1;
	for (i = 0; i < json_object_array_length(j); i++) {
		p = json_object_array_get_idx(j, i);
		if (!json_object_object_get_ex(p, "label", &x) || x == NULL)
			return -1;
		snprintf(t->label[i], sizeof(t->label[i]), "%s",
		    json_object_get_string(x));
		if (!json_object_object_get_ex(p, "currency", &x) || x == NULL)
			return -1;
		snprintf(t->currency[i], sizeof(t->currency[i]), "%s",
		    json_object_get_string(x));
		if (!json_object_object_get_ex(p, "amount", &x) || x == NULL ||
		    amount_parse(json_object_get_string(x), 2, &t->amount[i]) != 0 ||
		    t->amount[i] <= 0)
			return -1;
		if (!json_object_object_get_ex(p, "weight", &x) || x == NULL ||
		    (t->weight[i] = json_object_get_int64(x)) <= 0 ||
		    t->weight[i] > 1000000)
			return -1;
		t->total += (uint64_t)t->weight[i];
	}
	t->n = i;
	return 0;
}

/* The k-th winner's box draw: the group's stream after the winners were
 * picked (the same words the verify page consumes), then one
 * uniform(total weight) per winner in draw order; box k takes the k-th. */
static uint64_t
box_draw(const uint8_t seed[32], long long group, const int *eligible,
    size_t ne, size_t m, size_t k, uint64_t total)
{
	struct fairrand	rs;
	int			pick[GB_MAX_SEATS];
	uint32_t		u = 0;
	size_t			i;

	memcpy(pick, eligible, ne * sizeof(int));
	gb_stream_init(&rs, seed, (unsigned long long)group);
	fairrand_pick(&rs, pick, ne, m);
	for (i = 0; i <= k; i++)
		u = fairrand_uniform(&rs, (uint32_t)total);
	return u;
}

struct box_ctx {
	arena			*a;
	long long		 group, member;
	struct svc_err		*e;
	struct json_object	*out;
};

static int
box_tx(void *ud)
{
	struct box_ctx		*c = ud;
	struct box_table	 t;
	struct json_object	*tj;
	struct reward_line	 prize_line;
	db_res			 res;
	uint8_t			 seed[32];
	int			 el[GB_MAX_SEATS], win[GB_MAX_SEATS];
	int			 ne, nw, k, prize, seat = 0, rc;
	uint64_t		 u;
	char			 b[32];

	if ((rc = db_q(c->a, &res, "SELECT status, seed, eligible, winner_seats "
	    "FROM gb_groups WHERE id = ? FOR UPDATE", DB_ARGS(DB_INT(c->group))))
	    != DB_OK)
		return rc;
	if (res.nrows != 1 || strcmp(db_str(&res, 0, 0), "drawn") != 0)
		return svc_fail(c->e, 409, "not_drawn", NULL, "该团尚未开奖");
	if (hex_decode(db_str(&res, 0, 1), seed, sizeof(seed)) != 0 ||
	    (ne = parse_ints(db_str(&res, 0, 2), el, GB_MAX_SEATS)) < 0 ||
	    (nw = parse_ints(db_str(&res, 0, 3), win, GB_MAX_SEATS)) < 0)
		return DB_ESQL;
	if ((rc = db_q(c->a, &res, "SELECT seat_no FROM gb_seats WHERE "
	    "group_id = ? AND member_id = ? AND result = 'won'",
	    DB_ARGS(DB_INT(c->group), DB_INT(c->member)))) != DB_OK)
		return rc;
	if (res.nrows != 1)
		return svc_fail(c->e, 403, "not_winner", NULL,
		    "只有本团中奖者可以开盲盒");
	seat = (int)db_ll(&res, 0, 0);
	for (k = 0; k < nw && win[k] != seat; k++)
		;
	if (k == nw)
		return DB_ESQL;
	tj = setting_json("gb.blindbox");
	if (box_table_parse(tj, &t) != 0)
		return svc_fail(c->e, 409, "no_boxes", NULL,
		    "盲盒活动未开启");
	u = box_draw(seed, c->group, el, (size_t)ne, (size_t)nw, (size_t)k,
	    t.total);
	prize = box_pick(t.weight, t.n, u);
	if (prize < 0)
		return DB_ESQL;
	rc = db_q(c->a, NULL, "INSERT INTO gb_boxes (group_id, seat_no, "
	    "member_id, k, draw, prize, label, currency, amount, prizes, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW())",
	    DB_ARGS(DB_INT(c->group), DB_INT(seat), DB_INT(c->member), DB_INT(k),
	    DB_INT((long long)u), DB_INT(prize), DB_TEXT(t.label[prize]),
	    DB_TEXT(t.currency[prize]), DB_INT(t.amount[prize]),
	    DB_TEXT(json_object_to_json_string_ext(tj, JSON_C_TO_STRING_PLAIN))));
	if (rc == DB_EDUP)
		return svc_fail(c->e, 409, "opened", NULL, "盲盒已经开过了");
	if (rc != DB_OK)
		return rc;
	/* the prize: a credit from the issuing account (a box opened before
	 * was refused above by gb_boxes' key, so a DUP here pays nothing and
	 * shows the prize again) */
	memset(&prize_line, 0, sizeof(prize_line));
	prize_line.act = REWARD_CREDIT;
	prize_line.to = c->member;
	prize_line.currency = t.currency[prize];
	prize_line.amount = t.amount[prize];
	prize_line.kind = "gb.box";
	prize_line.key = arena_printf(c->a, "gb.box:%lld:%d", c->group, seat);
	prize_line.memo = arena_printf(c->a, "拼团 #%lld 中奖盲盒：%s",
	    c->group, t.label[prize]);
	if ((rc = payout_apply(c->a, &(struct payout_opts){ .ref_type = "group",
	    .ref_id = c->group }, &prize_line, 1, NULL, NULL)) != 0)
		return rc;
	c->out = json_object_new_object();
	json_object_object_add(c->out, "label", json_object_new_string(
	    t.label[prize]));
	json_object_object_add(c->out, "currency", json_object_new_string(
	    t.currency[prize]));
	json_object_object_add(c->out, "amount", json_object_new_string(
	    amount_format(t.amount[prize], 2, b)));
	json_object_object_add(c->out, "draw", json_object_new_int64((int64_t)u));
	return 0;
}

int
gb_box_open(arena *a, long long group, long long member,
    struct json_object **out, struct svc_err *e)
{
	struct box_ctx	c = { a, group, member, e, NULL };
	int		rc = db_tx(box_tx, &c);

	if (rc != 0 && c.out != NULL) {
		json_object_put(c.out);
		c.out = NULL;
	}
	*out = c.out;
	return svc_tx_result(e, rc);
}

/* --- verification --------------------------------------------------------- */

/* Parses a JSON array of ints into v (at most max); the count or -1. */
static int
parse_ints(const char *s, int *v, int max)
{
	struct json_object	*j = s ? json_tokener_parse(s) : NULL;
	int			 n, i;

	if (j == NULL || !json_object_is_type(j, json_type_array)) {
		if (j != NULL)
			json_object_put(j);
		return -1;
	}
	n = (int)json_object_array_length(j);
	if (n > max)
		n = -1;
	for (i = 0; i < n; i++)
		v[i] = json_object_get_int(json_object_array_get_idx(j, (size_t)i));
	json_object_put(j);
	return n;
}

int
gb_verify_draw(arena *a, long long group, char *msg, size_t len)
{
	db_res			res;
	struct fairrand	rs;
	uint8_t			seed[32];
	char			com[65];
	int			el[GB_MAX_SEATS], win[GB_MAX_SEATS], pick[GB_MAX_SEATS];
	int			ne, nw, m, i, rc;

	if ((rc = db_q(a, &res, "SELECT status, seed, commitment, eligible, "
	    "winner_seats, winners FROM gb_groups WHERE id = ?",
	    DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	if (res.nrows != 1) {
		snprintf(msg, len, "group %lld: not found", group);
		return 1;
	}
	if (strcmp(db_str(&res, 0, 0), "drawn") != 0) {
		snprintf(msg, len, "group %lld: not drawn (%s)", group,
		    db_str(&res, 0, 0));
		return 1;
	}
	if (hex_decode(db_str(&res, 0, 1), seed, sizeof(seed)) != 0) {
		snprintf(msg, len, "group %lld: bad seed", group);
		return 1;
	}
	gb_commitment(seed, com);
	if (strcmp(com, db_str(&res, 0, 2)) != 0) {
		snprintf(msg, len, "group %lld: sha256(seed) differs from the "
		    "commitment", group);
		return 1;
	}
	m = (int)db_ll(&res, 0, 5);
	ne = parse_ints(db_str(&res, 0, 3), el, GB_MAX_SEATS);
	nw = parse_ints(db_str(&res, 0, 4), win, GB_MAX_SEATS);
	if (ne < m || nw != m) {
		snprintf(msg, len, "group %lld: %d eligible, %d winners, %d "
		    "expected", group, ne, nw, m);
		return 1;
	}
	memcpy(pick, el, (size_t)ne * sizeof(int));
	gb_stream_init(&rs, seed, (unsigned long long)group);
	fairrand_pick(&rs, pick, (size_t)ne, (size_t)m);
	for (i = 0; i < m; i++)
		if (pick[i] != win[i]) {
			snprintf(msg, len, "group %lld: winner %d is seat %d, "
			    "recomputed %d", group, i + 1, win[i], pick[i]);
			return 1;
		}
	/* the recorded seat results agree */
	if ((rc = db_q(a, &res, "SELECT seat_no, platform FROM gb_seats WHERE "
	    "group_id = ? AND result = 'won' ORDER BY seat_no",
	    DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	if ((int)res.nrows != m) {
		snprintf(msg, len, "group %lld: %zu seats won, %d expected",
		    group, res.nrows, m);
		return 1;
	}
	for (i = 0; i < m; i++) {
		int j, found = 0;

		if (db_ll(&res, (size_t)i, 1)) {
			snprintf(msg, len, "group %lld: platform seat %lld won",
			    group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
		for (j = 0; j < m; j++)
			found |= win[j] == (int)db_ll(&res, (size_t)i, 0);
		if (!found) {
			snprintf(msg, len, "group %lld: seat %lld won but was not "
			    "drawn", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
	}
	/* every blind box opened (D11) */
	if ((rc = db_q(a, &res, "SELECT seat_no, k, draw, prize, prizes FROM "
	    "gb_boxes WHERE group_id = ?", DB_ARGS(DB_INT(group)))) != DB_OK)
		return rc;
	for (i = 0; i < (int)res.nrows; i++) {
		struct box_table	 t;
		struct json_object	*tj = json_tokener_parse(db_str(&res,
					    (size_t)i, 4));
		uint64_t		 u;
		int			 k = (int)db_ll(&res, (size_t)i, 1);

		if (box_table_parse(tj, &t) != 0 || k < 0 || k >= m ||
		    win[k] != (int)db_ll(&res, (size_t)i, 0)) {
			if (tj != NULL)
				json_object_put(tj);
			snprintf(msg, len, "group %lld: blind box of seat %lld is "
			    "malformed", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
		json_object_put(tj);
		u = box_draw(seed, group, el, (size_t)ne, (size_t)m, (size_t)k,
		    t.total);
		if ((long long)u != db_ll(&res, (size_t)i, 2) ||
		    box_pick(t.weight, t.n, u) != (int)db_ll(&res, (size_t)i, 3)) {
			snprintf(msg, len, "group %lld: blind box of seat %lld does "
			    "not recompute", group, db_ll(&res, (size_t)i, 0));
			return 1;
		}
	}
	snprintf(msg, len, "group %lld: draw verified", group);
	return 0;
}
