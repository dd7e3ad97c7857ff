/* payout: applies reward lines through the ledger (see payout.h). The
 * legs of a line come from reward_legs (rules/reward.c), so the shapes
 * of a credit, a conversion and a pool movement are written once. */
#include <string.h>
#include <json-c/json.h>
#include "db.h"
#include "ledger.h"
#include "payout.h"

/* The keys of lines[0..n) already in the journal, in one statement. */
static const char SQL_KEYS_POSTED[] =
    "SELECT t.k, j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (k VARCHAR(512) "
    "PATH '$')) t STRAIGHT_JOIN journal j ON j.idem_key = t.k";

/* Marks dup[i] (and entry[i]) for each line whose key was posted before. */
static int
keys_posted(arena *a, const struct reward_line *l, size_t n, char *dup,
    long long *entry)
{
	struct json_object	*j;
	db_res			 res;
	size_t			 i, r;
	int			 rc;

	j = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(j, json_object_new_string(l[i].key ?
		    l[i].key : ""));
	if ((rc = db_q(a, &res, SQL_KEYS_POSTED, DB_ARGS(db_json(a, j)))) !=
	    DB_OK)
		return rc;
	for (r = 0; r < res.nrows; r++)
		for (i = 0; i < n; i++)
			if (l[i].key != NULL &&
			    strcmp(l[i].key, db_str(&res, r, 0)) == 0) {
				dup[i] = 1;
				entry[i] = db_ll(&res, r, 1);
			}
	return 0;
}

/* What member holds of currency now, with what the batch queued. */
static int
held(arena *a, const struct ledger_batch *b, long long member,
    const char *currency, int64_t *out)
{
	int rc;

	*out = 0;
	if (b == NULL || !ledger_batch_balance(b, member, "main", currency,
	    out))
		if ((rc = ledger_balance(a, member, "main", currency, out)) !=
		    DB_OK)
			return rc;
	*out += ledger_batch_delta(b, member, "main", currency);
	return 0;
}

int
payout_apply(arena *a, const struct payout_opts *o,
    const struct reward_line *l, size_t n, int *state, int64_t *amount)
{
	struct reward_line	 c;
	struct reward_leg	 rl[4];
	struct ledger_leg	 legs[4];
	struct ledger_entry	 e;
	char			*dup = NULL;
	long long		*ent = NULL, id;
	int64_t			 have;
	size_t			 i;
	int			 k, nl, rc;

	if (o->batch != NULL && n > 0) {
		dup = arena_alloc(a, n);
		ent = arena_alloc(a, n * sizeof(*ent));
		if (dup == NULL || ent == NULL)
			return DB_ENOMEM;
		memset(dup, 0, n);
		memset(ent, 0, n * sizeof(*ent));
		if ((rc = keys_posted(a, l, n, dup, ent)) != 0)
			return rc;
	}
	for (i = 0; i < n; i++) {
		if (state != NULL)
			state[i] = PAYOUT_DUP;
		if (amount != NULL)
			amount[i] = 0;
		if (o->entry != NULL)
			o->entry[i] = 0;
		c = l[i];
		if (reward_legs(&c, rl) < 0)
			return LEDGER_EUNBALANCED;
		if (dup != NULL && dup[i]) {
			if (o->entry != NULL)
				o->entry[i] = ent[i];
			continue;
		}
		if (c.capped && (c.act == REWARD_CONVERT ||
		    c.act == REWARD_RELEASE)) {
			if ((rc = held(a, o->batch, c.to, c.from, &have)) != 0)
				return rc;
			if (have <= 0) {
				if (state != NULL)
					state[i] = PAYOUT_SKIPPED;
				continue;
			}
			if (have < c.amount) {
				c.amount = have;
				c.amount_from = 0;
			}
		}
		if ((nl = reward_legs(&c, rl)) < 0)
			return LEDGER_EUNBALANCED;
		for (k = 0; k < nl; k++)
			legs[k] = (struct ledger_leg){ rl[k].system ?
			    LEDGER_SYSTEM : LEDGER_MEMBER, rl[k].system ? 0 :
			    rl[k].member, rl[k].kind, rl[k].currency,
			    rl[k].amount };
		memset(&e, 0, sizeof(e));
		e.idem_key = c.key;
		e.kind = c.kind;
		e.ref_type = c.ref_type != NULL ? c.ref_type : o->ref_type;
		e.ref_id = c.ref_type != NULL ? c.ref_id : o->ref_id;
		e.memo = c.memo;
		e.member_id = c.to;
		e.admin_id = o->admin_id;
		id = 0;
		if (o->batch != NULL)
			rc = ledger_batch_add(o->batch, &e, legs, (size_t)nl);
		else
			rc = ledger_post(a, &e, legs, (size_t)nl, &id);
		if (rc == LEDGER_EDUP) {
			if (o->entry != NULL)
				o->entry[i] = id;
			continue;
		}
		if (rc != 0)
			return rc;
		if (state != NULL)
			state[i] = PAYOUT_PAID;
		if (amount != NULL)
			amount[i] = c.amount;
		if (o->entry != NULL)
			o->entry[i] = id;
	}
	return 0;
}
