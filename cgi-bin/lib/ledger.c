/* ledger: double-entry posting (see ledger.h).
 *
 * Every statement counts on the hot paths (a join, an order, a draw that
 * posts fifty entries), so: account ids are resolved once and remembered
 * per process (accounts are never deleted, so an id never changes); the
 * legs of an entry move their balances in one UPDATE and are recorded in
 * one INSERT, both over the rows of a JSON document bound as a single
 * parameter (JSON_TABLE), in ascending account id order, still refusing to
 * take a member below zero — or, for the two legs most entries have, the
 * same two statements with plain parameters, which cost less to run; a
 * batch (ledger_batch_*) does the same for many entries at once in four
 * statements. The texts never change with the number of rows, so the
 * prepared-statement cache holds one of each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "posting.h"
#include "verify.h"

#define MAX_LEGS	64
#define ACC_CACHE	4096	/* account ids remembered; a power of two */
#define ACC_PROBE	8

static const char SQL_ACCOUNT[] =
    "SELECT id FROM accounts WHERE owner_type = ? AND owner_id = ? "
    "AND kind = ? AND currency = ? AND slot = ?";
static const char SQL_ACCOUNT_NEW[] =
    "INSERT IGNORE INTO accounts (owner_type, owner_id, kind, currency, "
    "slot, may_go_negative) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_CURRENCY[] =
    "SELECT 1 FROM currencies WHERE code = ?";
static const char SQL_JOURNAL[] =
    "INSERT INTO journal (idem_key, kind, ref_type, ref_id, memo, member_id, "
    "admin_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_JOURNAL_BY_KEY[] =
    "SELECT id FROM journal WHERE idem_key = ?";
static const char SQL_BALANCE[] =
    "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member' "
    "AND owner_id = ? AND kind = ? AND currency = ?";

int
ledger_kind_issues(const char *kind)
{
	return strcmp(kind, "issue") == 0;
}

/* System accounts are slotted, so a debit may take one slot below zero
 * while the account (the sum of its slots) stays positive; every system
 * row may go negative and ctl verify checks the sums of the accounts that
 * do not issue a currency. Member accounts never go below zero. */

/* --- account ids ------------------------------------------------------------ */

struct acc_key {
	long long	 owner_id;
	int		 slot;
	char		 type;		/* 'm' member, 's' system */
	char		 kind[25];
	char		 currency[17];
};

static struct {
	struct acc_key	 k;
	long long	 id;
} acc_cache[ACC_CACHE];
/* The accounts this process created in its current transaction
 * (db_tx_serial): uncommitted rows, which a rollback would take away, so
 * their ids are not remembered while it runs. Ids of accounts that were
 * there before are (a draw that opens a winner's first 购物金 account
 * still caches the system accounts it finds). Should the list not grow,
 * the transaction remembers nothing. */
static struct {
	unsigned long	 serial;
	size_t		 n, cap;
	long long	*id;
	int		 all;		/* the list is incomplete */
} acc_new = { (unsigned long)-1, 0, 0, NULL, 0 };

static void
acc_created(long long id)
{
	long long *p;

	if (!db_in_tx())
		return;
	if (acc_new.serial != db_tx_serial()) {
		acc_new.serial = db_tx_serial();
		acc_new.n = 0;
		acc_new.all = 0;
	}
	if (acc_new.n == acc_new.cap) {
		p = realloc(acc_new.id, (acc_new.cap * 2 + 16) * sizeof(*p));
		if (p == NULL) {
			acc_new.all = 1;
			return;
		}
		acc_new.id = p;
		acc_new.cap = acc_new.cap * 2 + 16;
	}
	acc_new.id[acc_new.n++] = id;
}

/* 1 when id may be an uncommitted row of this transaction. */
static int
acc_uncommitted(long long id)
{
	size_t i;

	if (!db_in_tx() || acc_new.serial != db_tx_serial())
		return 0;
	if (acc_new.all)
		return 1;
	for (i = 0; i < acc_new.n; i++)
		if (acc_new.id[i] == id)
			return 1;
	return 0;
}

/* 0, or -1 when kind or currency is longer than its column (shape_ok
 * refuses such legs before they are posted; a lookup by such a name
 * finds nothing). */
static int
acc_key_of(struct acc_key *k, enum ledger_owner owner, long long owner_id,
    const char *kind, const char *currency, int slot)
{
	memset(k, 0, sizeof(*k));
	k->type = owner == LEDGER_SYSTEM ? 's' : 'm';
	k->owner_id = owner == LEDGER_SYSTEM ? 0 : owner_id;
	k->slot = slot;
	if (strlen(kind) >= sizeof(k->kind) ||
	    strlen(currency) >= sizeof(k->currency))
		return -1;
	memcpy(k->kind, kind, strlen(kind));
	memcpy(k->currency, currency, strlen(currency));
	return 0;
}

static size_t
acc_hash(const struct acc_key *k)
{
	const unsigned char	*p = (const unsigned char *)k;
	size_t			 i, h = 5381;

	for (i = 0; i < sizeof(*k); i++)
		h = h * 33 + p[i];
	return h;
}

static long long
acc_cached(const struct acc_key *k)
{
	size_t h = acc_hash(k), i, j;

	for (i = 0; i < ACC_PROBE; i++) {
		j = (h + i) & (ACC_CACHE - 1);
		if (acc_cache[j].id == 0)
			return 0;
		if (memcmp(&acc_cache[j].k, k, sizeof(*k)) == 0)
			return acc_cache[j].id;
	}
	return 0;
}

static void
acc_remember(const struct acc_key *k, long long id)
{
	size_t h = acc_hash(k), i, j;

	if (acc_uncommitted(id))
		return;
	for (i = 0; i < ACC_PROBE; i++) {
		j = (h + i) & (ACC_CACHE - 1);
		if (acc_cache[j].id == 0 ||
		    memcmp(&acc_cache[j].k, k, sizeof(*k)) == 0)
			break;
	}
	if (i == ACC_PROBE)	/* full run: the home slot gives way */
		j = h & (ACC_CACHE - 1);
	acc_cache[j].k = *k;
	acc_cache[j].id = id;
}

void
ledger_note_account(enum ledger_owner owner, long long owner_id,
    const char *kind, const char *currency, long long id)
{
	struct acc_key k;

	if (id > 0 && acc_key_of(&k, owner, owner_id, kind, currency, 0) == 0)
		acc_remember(&k, id);
}

/* The id of an account, created on first use. Accounts are never
 * deleted, so the INSERT IGNORE + SELECT pair is race-free. */
static int
account_id(arena *a, const struct ledger_leg *l, int slot, long long *id)
{
	const char	*ot = l->owner == LEDGER_SYSTEM ? "system" : "member";
	long long	 oid = l->owner == LEDGER_SYSTEM ? 0 : l->owner_id;
	struct acc_key	 k;
	db_res		 res;
	int		 rc, cachable;

	cachable = acc_key_of(&k, l->owner, l->owner_id, l->kind, l->currency,
	    slot) == 0;
	if (cachable && (*id = acc_cached(&k)) > 0)
		return DB_OK;
	rc = db_q(a, &res, SQL_ACCOUNT, DB_ARGS(DB_TEXT(ot), DB_INT(oid),
	    DB_TEXT(l->kind), DB_TEXT(l->currency), DB_INT(slot)));
	if (rc != DB_OK)
		return rc;
	if (res.nrows == 0) {
		rc = db_q(a, &res, SQL_CURRENCY, DB_ARGS(DB_TEXT(l->currency)));
		if (rc != DB_OK)
			return rc;
		if (res.nrows == 0)
			return LEDGER_ECURRENCY;
		rc = db_q(a, &res, SQL_ACCOUNT_NEW, DB_ARGS(DB_TEXT(ot),
		    DB_INT(oid), DB_TEXT(l->kind), DB_TEXT(l->currency),
		    DB_INT(slot), DB_INT(l->owner == LEDGER_SYSTEM)));
		if (rc != DB_OK)
			return rc;
		if (res.affected > 0) {		/* ours: its id at once */
			*id = (long long)res.insert_id;
			acc_created(*id);
			return DB_OK;
		}
		/* another transaction's, committed since the SELECT */
		rc = db_q(a, &res, SQL_ACCOUNT, DB_ARGS(DB_TEXT(ot),
		    DB_INT(oid), DB_TEXT(l->kind), DB_TEXT(l->currency),
		    DB_INT(slot)));
		if (rc != DB_OK)
			return rc;
		if (res.nrows == 0)
			return DB_ESQL;
	}
	*id = db_ll(&res, 0, 0);
	if (cachable)
		acc_remember(&k, *id);
	return DB_OK;
}

/* The slot of every system leg of an entry comes from its key, so a
 * retried entry lands on the same rows and different entries spread. A
 * batch takes the slot of its first entry for all of its system legs:
 * a draw's fifty entries then lock one row of each system account, not
 * most of its slots, and the joins posting to other slots meanwhile do
 * not wait for it. */
static int
slot_of(const char *idem_key)
{
	unsigned char h[32];

	sha256(idem_key, strlen(idem_key), h);
	return h[0] % LEDGER_SLOTS;
}

/* --- statements over many rows (JSON_TABLE) ------------------------------------ */

/* Balances: [[account, delta], …] in ascending account order; the join
 * reads (and locks) the accounts in that order. */
static const char SQL_APPLY[] =
    "UPDATE JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', "
    "d BIGINT PATH '$[1]')) t STRAIGHT_JOIN accounts a ON a.id = t.id "
    "SET a.balance = a.balance + t.d "
    "WHERE a.may_go_negative OR a.balance + t.d >= 0";
/* The same for the two legs of most entries (a stake, an order, a
 * transfer), with plain parameters: cheaper to run than a JSON_TABLE of
 * two rows. Balances: account, delta for each in ascending order; the
 * IN list reads (and locks) them in that order. */
static const char SQL_APPLY2[] =
    "UPDATE accounts SET balance = balance + IF(id = ?, ?, ?) "
    "WHERE id IN (?, ?) AND (may_go_negative OR "
    "balance + IF(id = ?, ?, ?) >= 0)";
static const char SQL_POSTINGS2[] =
    "INSERT INTO postings (entry_id, account_id, currency, amount) "
    "VALUES (?, ?, ?, ?), (?, ?, ?, ?)";
/* Postings of one entry: [[account, currency, amount], …]. */
static const char SQL_POSTINGS[] =
    "INSERT INTO postings (entry_id, account_id, currency, amount) "
    "SELECT ?, t.a, t.c, t.m FROM JSON_TABLE(?, '$[*]' COLUMNS ("
    "a BIGINT PATH '$[0]', c VARCHAR(64) PATH '$[1]', m BIGINT PATH '$[2]')) t";
/* Journal rows: [[key, kind, ref_type, ref_id, memo, member, admin], …]. */
static const char SQL_JOURNAL_MANY[] =
    "INSERT INTO journal (idem_key, kind, ref_type, ref_id, memo, member_id, "
    "admin_id, created_at) SELECT t.k, t.kind, t.rt, t.ri, t.memo, t.mi, "
    "t.ai, NOW() FROM JSON_TABLE(?, '$[*]' COLUMNS (k VARCHAR(512) PATH "
    "'$[0]', kind VARCHAR(128) PATH '$[1]', rt VARCHAR(128) PATH '$[2]', "
    "ri BIGINT PATH '$[3]', memo VARCHAR(2000) PATH '$[4]', mi BIGINT PATH "
    "'$[5]', ai BIGINT PATH '$[6]')) t";
/* Postings of many entries, each found by its key: [[key, account,
 * currency, amount], …]. */
static const char SQL_POSTINGS_MANY[] =
    "INSERT INTO postings (entry_id, account_id, currency, amount) "
    "SELECT j.id, t.a, t.c, t.m FROM JSON_TABLE(?, '$[*]' COLUMNS ("
    "k VARCHAR(512) PATH '$[0]', a BIGINT PATH '$[1]', c VARCHAR(64) PATH "
    "'$[2]', m BIGINT PATH '$[3]')) t STRAIGHT_JOIN journal j ON "
    "j.idem_key = t.k";
/* Every account (and balance) of the members [id, …]. */
static const char SQL_MEMBER_ACCOUNTS[] =
    "SELECT a.owner_id, a.kind, a.currency, a.slot, a.id, a.balance FROM "
    "JSON_TABLE(?, '$[*]' COLUMNS (v BIGINT PATH '$')) t STRAIGHT_JOIN "
    "accounts a ON a.owner_type = 'member' AND a.owner_id = t.v";

/* Moves the balances by d[0..n) (sorted by account, distinct, non-zero;
 * the currencies are not read). LEDGER_EFUNDS when one would take a
 * member account below zero. */
static int
apply(arena *a, const struct posting *d, size_t n)
{
	struct json_object	*j, *x;
	db_res			 res;
	size_t			 i;
	int			 rc;

	if (n == 0)
		return DB_OK;
	if (n == 2) {
		if ((rc = db_q(a, &res, SQL_APPLY2, DB_ARGS(DB_INT(d[0].account),
		    DB_INT(d[0].amount), DB_INT(d[1].amount),
		    DB_INT(d[0].account), DB_INT(d[1].account),
		    DB_INT(d[0].account), DB_INT(d[0].amount),
		    DB_INT(d[1].amount)))) != DB_OK)
			return rc;
		return res.affected == n ? DB_OK : LEDGER_EFUNDS;
	}
	j = json_object_new_array();
	for (i = 0; i < n; i++) {
		x = json_object_new_array();
		json_object_array_add(x, json_object_new_int64(d[i].account));
		json_object_array_add(x, json_object_new_int64(d[i].amount));
		json_object_array_add(j, x);
	}
	if ((rc = db_q(a, &res, SQL_APPLY, DB_ARGS(db_json(a, j)))) != DB_OK)
		return rc;
	return res.affected == n ? DB_OK : LEDGER_EFUNDS;
}

/* Records the postings p[0..n) of entry id. */
static int
record(arena *a, long long id, const struct posting *p, size_t n)
{
	struct json_object	*j, *x;
	size_t			 i;

	if (n == 2)
		return db_q(a, NULL, SQL_POSTINGS2, DB_ARGS(DB_INT(id),
		    DB_INT(p[0].account), DB_TEXT(p[0].currency),
		    DB_INT(p[0].amount), DB_INT(id), DB_INT(p[1].account),
		    DB_TEXT(p[1].currency), DB_INT(p[1].amount)));
	j = json_object_new_array();
	for (i = 0; i < n; i++) {
		x = json_object_new_array();
		json_object_array_add(x, json_object_new_int64(p[i].account));
		json_object_array_add(x, json_object_new_string(p[i].currency));
		json_object_array_add(x, json_object_new_int64(p[i].amount));
		json_object_array_add(j, x);
	}
	return db_q(a, NULL, SQL_POSTINGS, DB_ARGS(DB_INT(id), db_json(a, j)));
}

static void
journal_args(db_arg *args, const struct ledger_entry *e)
{
	args[0] = DB_TEXT(e->idem_key);
	args[1] = DB_TEXT(e->kind);
	args[2] = DB_TEXT(e->ref_type);
	args[3] = e->ref_id > 0 ? DB_INT(e->ref_id) : DB_NULL;
	args[4] = DB_TEXT(e->memo ? e->memo : "");
	args[5] = e->member_id > 0 ? DB_INT(e->member_id) : DB_NULL;
	args[6] = e->admin_id > 0 ? DB_INT(e->admin_id) : DB_NULL;
}

/* Checks the shape of legs[0..n) before anything touches the database:
 * the key, and the account names (kind and currency) within their
 * columns, which INSERT IGNORE would otherwise cut short. */
static int
shape_ok(const struct ledger_entry *e, const struct ledger_leg *legs,
    size_t n)
{
	struct posting	p[MAX_LEGS];
	struct acc_key	k;
	size_t		i;

	if (n > MAX_LEGS || e->idem_key == NULL || strlen(e->idem_key) > 128)
		return 0;
	memset(p, 0, sizeof(p));
	for (i = 0; i < n; i++) {
		if (legs[i].kind == NULL || legs[i].currency == NULL ||
		    acc_key_of(&k, legs[i].owner, legs[i].owner_id,
		    legs[i].kind, legs[i].currency, 0) != 0)
			return 0;
		p[i].account = (long long)i + 1;	/* placeholder ids */
		p[i].currency = legs[i].currency;
		p[i].amount = legs[i].amount;
	}
	return posting_check(p, n) == POSTING_OK;
}

/* --- one entry ------------------------------------------------------------------ */

int
ledger_post(arena *a, const struct ledger_entry *e,
    const struct ledger_leg *legs, size_t n, long long *entry_id)
{
	struct posting		 p[MAX_LEGS];
	db_arg			 args[7];
	db_res			 res;
	size_t			 i;
	int			 rc, slot;

	*entry_id = 0;
	if (!shape_ok(e, legs, n))
		return LEDGER_EUNBALANCED;
	memset(p, 0, sizeof(p));
	slot = slot_of(e->idem_key);
	for (i = 0; i < n; i++) {
		p[i].currency = legs[i].currency;
		p[i].amount = legs[i].amount;
		rc = account_id(a, &legs[i], legs[i].owner == LEDGER_SYSTEM ?
		    slot : 0, &p[i].account);
		if (rc != DB_OK)
			return rc;
	}
	if (posting_check(p, n) != POSTING_OK)	/* two legs, one account */
		return LEDGER_EUNBALANCED;
	journal_args(args, e);
	rc = db_q(a, &res, SQL_JOURNAL, args, 7);
	if (rc == DB_EDUP) {
		rc = db_q(a, &res, SQL_JOURNAL_BY_KEY,
		    DB_ARGS(DB_TEXT(e->idem_key)));
		if (rc != DB_OK)
			return rc;
		*entry_id = db_ll(&res, 0, 0);
		return LEDGER_EDUP;
	}
	if (rc != DB_OK)
		return rc;
	*entry_id = (long long)res.insert_id;
	posting_sort(p, n);
	if ((rc = apply(a, p, n)) != DB_OK ||
	    (rc = record(a, *entry_id, p, n)) != DB_OK)
		return rc;
	return LEDGER_OK;
}

/* --- many entries ------------------------------------------------------------------ */

struct lb_entry {
	struct ledger_entry	 e;
	size_t			 leg0, n;
	int			 skip;	/* posted before (same key) */
};

struct lb_acc {
	struct acc_key		 k;
	long long		 id;
	int64_t			 balance;
};

struct ledger_batch {
	arena			*a;
	struct lb_entry		*ent;
	size_t			 n, cap;
	struct ledger_leg	*leg;
	size_t			 nleg, legcap;
	/* member accounts read for this batch (the cache may not keep them
	 * while the transaction has created accounts), with their balances */
	struct lb_acc		*found;
	size_t			 nfound, foundcap;
	long long		*read;		/* members whose accounts were read */
	size_t			 nread, readcap;
};

struct ledger_batch *
ledger_batch_new(arena *a)
{
	struct ledger_batch *b = arena_alloc(a, sizeof(*b));

	if (b != NULL)
		b->a = a;
	return b;
}

/* Grows an arena array of *cap elements of size sz to hold need. */
static void *
grow(arena *a, void *p, size_t *cap, size_t need, size_t sz)
{
	size_t	 ncap = *cap ? *cap : 16;
	void	*q;

	if (need <= *cap)
		return p;
	while (ncap < need)
		ncap *= 2;
	if ((q = arena_alloc(a, ncap * sz)) == NULL)
		return NULL;
	if (p != NULL)
		memcpy(q, p, *cap * sz);
	*cap = ncap;
	return q;
}

int
ledger_batch_add(struct ledger_batch *b, const struct ledger_entry *e,
    const struct ledger_leg *legs, size_t n)
{
	struct ledger_leg	*nl;
	struct lb_entry		*ne;

	if (!shape_ok(e, legs, n))
		return LEDGER_EUNBALANCED;
	if ((ne = grow(b->a, b->ent, &b->cap, b->n + 1, sizeof(*ne))) == NULL)
		return DB_ENOMEM;
	b->ent = ne;
	if ((nl = grow(b->a, b->leg, &b->legcap, b->nleg + n, sizeof(*nl))) ==
	    NULL)
		return DB_ENOMEM;
	b->leg = nl;
	memset(&b->ent[b->n], 0, sizeof(b->ent[b->n]));
	b->ent[b->n].e = *e;
	b->ent[b->n].leg0 = b->nleg;
	b->ent[b->n].n = n;
	b->n++;
	memcpy(&b->leg[b->nleg], legs, n * sizeof(*legs));
	b->nleg += n;
	return LEDGER_OK;
}

int64_t
ledger_batch_delta(const struct ledger_batch *b, long long member,
    const char *kind, const char *currency)
{
	int64_t	sum = 0;
	size_t	i;

	for (i = 0; b != NULL && i < b->nleg; i++)
		if (b->leg[i].owner == LEDGER_MEMBER &&
		    b->leg[i].owner_id == member &&
		    strcmp(b->leg[i].kind, kind) == 0 &&
		    strcmp(b->leg[i].currency, currency) == 0)
			sum += b->leg[i].amount;
	return sum;
}

static int
was_read(const struct ledger_batch *b, long long member)
{
	size_t i;

	for (i = 0; i < b->nread; i++)
		if (b->read[i] == member)
			return 1;
	return 0;
}

int
ledger_batch_prefetch(struct ledger_batch *b, const long long *members,
    size_t n)
{
	struct json_object	*j = json_object_new_array();
	struct acc_key		 k;
	struct lb_acc		*f;
	long long		*rd;
	db_res			 res;
	size_t			 i, m = 0, r;
	int			 rc;

	for (i = 0; i < n; i++)
		if (!was_read(b, members[i])) {
			if ((rd = grow(b->a, b->read, &b->readcap, b->nread + 1,
			    sizeof(*rd))) == NULL) {
				json_object_put(j);
				return DB_ENOMEM;
			}
			b->read = rd;
			b->read[b->nread++] = members[i];
			json_object_array_add(j, json_object_new_int64(members[i]));
			m++;
		}
	if (m == 0) {
		json_object_put(j);
		return DB_OK;
	}
	if ((rc = db_q(b->a, &res, SQL_MEMBER_ACCOUNTS, DB_ARGS(db_json(b->a,
	    j)))) != DB_OK)
		return rc;
	if (res.nrows == 0)	/* none has an account yet */
		return DB_OK;
	if ((f = grow(b->a, b->found, &b->foundcap, b->nfound + res.nrows,
	    sizeof(*f))) == NULL)
		return DB_ENOMEM;
	b->found = f;
	for (r = 0; r < res.nrows; r++) {
		if (acc_key_of(&k, LEDGER_MEMBER, db_ll(&res, r, 0),
		    db_str(&res, r, 1), db_str(&res, r, 2),
		    (int)db_ll(&res, r, 3)) != 0)
			continue;
		acc_remember(&k, db_ll(&res, r, 4));
		b->found[b->nfound].k = k;
		b->found[b->nfound].id = db_ll(&res, r, 4);
		b->found[b->nfound].balance = db_ll(&res, r, 5);
		b->nfound++;
	}
	return DB_OK;
}

int
ledger_batch_balance(const struct ledger_batch *b, long long member,
    const char *kind, const char *currency, int64_t *out)
{
	struct acc_key	k;
	size_t		i;

	*out = 0;
	if (b == NULL || !was_read(b, member))
		return 0;
	if (acc_key_of(&k, LEDGER_MEMBER, member, kind, currency, 0) == 0)
		for (i = 0; i < b->nfound; i++)
			if (memcmp(&b->found[i].k, &k, sizeof(k)) == 0)
				*out = b->found[i].balance;
	return 1;
}

/* The account of leg l (slot for system legs): the cache, what the
 * prefetch found, else the database (created on first use). */
static int
batch_account(struct ledger_batch *b, const struct ledger_leg *l, int slot,
    long long *id)
{
	struct acc_key	k;
	size_t		i;

	if (l->owner == LEDGER_MEMBER && acc_key_of(&k, l->owner, l->owner_id,
	    l->kind, l->currency, 0) == 0)
		for (i = 0; i < b->nfound; i++)
			if (memcmp(&b->found[i].k, &k, sizeof(k)) == 0) {
				*id = b->found[i].id;
				return DB_OK;
			}
	return account_id(b->a, l, l->owner == LEDGER_SYSTEM ? slot : 0, id);
}

static struct json_object *
journal_row(const struct ledger_entry *e)
{
	struct json_object *x = json_object_new_array();

	json_object_array_add(x, json_object_new_string(e->idem_key));
	json_object_array_add(x, json_object_new_string(e->kind));
	json_object_array_add(x, e->ref_type ? json_object_new_string(
	    e->ref_type) : NULL);
	json_object_array_add(x, e->ref_id > 0 ? json_object_new_int64(
	    e->ref_id) : NULL);
	json_object_array_add(x, json_object_new_string(e->memo ? e->memo : ""));
	json_object_array_add(x, e->member_id > 0 ? json_object_new_int64(
	    e->member_id) : NULL);
	json_object_array_add(x, e->admin_id > 0 ? json_object_new_int64(
	    e->admin_id) : NULL);
	return x;
}

/* The journal rows, in one statement; when a key was posted before, the
 * statement leaves nothing behind and the entries go one at a time, those
 * posted before marked skip. */
static int
batch_journal(struct ledger_batch *b)
{
	struct json_object	*j = json_object_new_array();
	db_arg			 args[7];
	db_res			 res;
	size_t			 i;
	int			 rc;

	for (i = 0; i < b->n; i++)
		json_object_array_add(j, journal_row(&b->ent[i].e));
	rc = db_q(b->a, NULL, SQL_JOURNAL_MANY, DB_ARGS(db_json(b->a, j)));
	if (rc != DB_EDUP)
		return rc;
	for (i = 0; i < b->n; i++) {
		journal_args(args, &b->ent[i].e);
		rc = db_q(b->a, &res, SQL_JOURNAL, args, 7);
		if (rc == DB_EDUP)
			b->ent[i].skip = 1;
		else if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
ledger_batch_post(struct ledger_batch *b)
{
	struct posting		 p[MAX_LEGS];
	struct json_object	*pj, *x;
	long long		*acc, *mem;
	struct posting		*d;
	size_t			 i, j, nd, nm;
	int			 rc, slot;

	if (b == NULL || b->n == 0)
		return LEDGER_OK;
	if ((acc = arena_alloc(b->a, b->nleg * sizeof(*acc))) == NULL ||
	    (mem = arena_alloc(b->a, b->nleg * sizeof(*mem))) == NULL ||
	    (d = arena_alloc(b->a, b->nleg * sizeof(*d))) == NULL)
		return DB_ENOMEM;
	/* the accounts: members' not cached read at once */
	for (i = 0, nm = 0; i < b->nleg; i++) {
		const struct ledger_leg	*l = &b->leg[i];
		struct acc_key		 k;

		if (l->owner == LEDGER_MEMBER && (acc_key_of(&k, l->owner,
		    l->owner_id, l->kind, l->currency, 0) != 0 ||
		    acc_cached(&k) == 0))
			mem[nm++] = l->owner_id;
	}
	if ((rc = ledger_batch_prefetch(b, mem, nm)) != DB_OK)
		return rc;
	slot = slot_of(b->ent[0].e.idem_key);
	for (i = 0; i < b->n; i++) {
		struct lb_entry *e = &b->ent[i];

		for (j = 0; j < e->n; j++) {
			if ((rc = batch_account(b, &b->leg[e->leg0 + j], slot,
			    &acc[e->leg0 + j])) != DB_OK)
				return rc;
			p[j].account = acc[e->leg0 + j];
			p[j].currency = b->leg[e->leg0 + j].currency;
			p[j].amount = b->leg[e->leg0 + j].amount;
		}
		if (posting_check(p, e->n) != POSTING_OK)
			return LEDGER_EUNBALANCED;
	}
	if ((rc = batch_journal(b)) != DB_OK)
		return rc;
	/* the balances, one delta per account in ascending order; the
	 * postings, found by their entries' keys */
	pj = json_object_new_array();
	for (i = 0, nd = 0; i < b->n; i++) {
		struct lb_entry *e = &b->ent[i];

		if (e->skip)
			continue;
		for (j = e->leg0; j < e->leg0 + e->n; j++) {
			d[nd].account = acc[j];
			d[nd].currency = b->leg[j].currency;
			d[nd++].amount = b->leg[j].amount;
			x = json_object_new_array();
			json_object_array_add(x, json_object_new_string(
			    e->e.idem_key));
			json_object_array_add(x, json_object_new_int64(acc[j]));
			json_object_array_add(x, json_object_new_string(
			    b->leg[j].currency));
			json_object_array_add(x, json_object_new_int64(
			    b->leg[j].amount));
			json_object_array_add(pj, x);
		}
	}
	posting_sort(d, nd);
	for (i = 0, j = 0; i < nd; i++) {
		if (j > 0 && d[j - 1].account == d[i].account)
			d[j - 1].amount += d[i].amount;
		else
			d[j++] = d[i];
	}
	for (i = 0, nd = 0; i < j; i++)
		if (d[i].amount != 0)
			d[nd++] = d[i];
	if ((rc = apply(b->a, d, nd)) != DB_OK) {
		json_object_put(pj);
		return rc;
	}
	if (json_object_array_length(pj) == 0) {
		json_object_put(pj);
		return LEDGER_OK;
	}
	if ((rc = db_q(b->a, NULL, SQL_POSTINGS_MANY, DB_ARGS(db_json(b->a,
	    pj)))) != DB_OK)
		return rc;
	return LEDGER_OK;
}

int
ledger_balance(arena *a, long long member_id, const char *kind,
    const char *currency, int64_t *out)
{
	db_res	res;
	int	rc;

	rc = db_q(a, &res, SQL_BALANCE, DB_ARGS(DB_INT(member_id),
	    DB_TEXT(kind), DB_TEXT(currency)));
	if (rc != DB_OK)
		return rc;
	*out = (int64_t)db_ll(&res, 0, 0);
	return DB_OK;
}

/* The invariants of DESIGN.md §5, each a query that returns the rows that
 * break it, with a message template for one row. */
static const struct verify_check checks[] = {
	{ "SELECT currency, SUM(balance) FROM accounts GROUP BY currency "
	  "HAVING SUM(balance) <> 0",
	  "currency %s: balances sum to %s, not 0" },
	{ "SELECT a.id, a.balance - COALESCE(SUM(p.amount), 0) FROM accounts a "
	  "LEFT JOIN postings p ON p.account_id = a.id GROUP BY a.id, a.balance "
	  "HAVING a.balance <> COALESCE(SUM(p.amount), 0)",
	  "account %s: balance differs from its postings by %s" },
	{ "SELECT id, balance FROM accounts WHERE owner_type = 'member' "
	  "AND balance < 0",
	  "account %s: negative balance %s" },
	{ "SELECT CONCAT(kind, ' ', currency), SUM(balance) FROM accounts "
	  "WHERE owner_type = 'system' AND kind <> 'issue' "
	  "GROUP BY kind, currency HAVING SUM(balance) < 0",
	  "system account %s: slots sum to %s, below zero" },
	{ "SELECT entry_id, currency FROM postings GROUP BY entry_id, currency "
	  "HAVING SUM(amount) <> 0",
	  "journal entry %s: %s does not balance" },
	{ "SELECT j.id, COUNT(p.id) FROM journal j LEFT JOIN postings p "
	  "ON p.entry_id = j.id GROUP BY j.id HAVING COUNT(p.id) < 2",
	  "journal entry %s: %s postings (needs two or more)" },
	{ "SELECT p.id, p.currency FROM postings p JOIN accounts a "
	  "ON a.id = p.account_id WHERE p.currency <> a.currency",
	  "posting %s: currency %s differs from its account's" },
	{ "SELECT m.id, COALESCE(t.ancestor, 'none') FROM members m "
	  "LEFT JOIN member_tree t ON t.descendant = m.id AND t.depth = 1 "
	  "WHERE NOT (m.inviter_id <=> t.ancestor)",
	  "member %s: referral tree says the inviter is %s" },
	{ "SELECT m.id, 'no' FROM members m LEFT JOIN member_tree t "
	  "ON t.descendant = m.id AND t.ancestor = m.id AND t.depth = 0 "
	  "WHERE t.ancestor IS NULL",
	  "member %s: %s self row in the referral tree" },
};

int
ledger_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}

const char *
ledger_strerror(int code)
{
	switch (code) {
	case LEDGER_OK:		return "ok";
	case LEDGER_EFUNDS:	return "余额不足";
	case LEDGER_EDUP:	return "重复的请求";
	case LEDGER_EUNBALANCED: return "分录不平衡";
	case LEDGER_ECURRENCY:	return "未知的币种";
	}
	return db_strerror(code);
}
