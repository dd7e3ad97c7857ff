/* ledger: double-entry posting (see ledger.h). */
#include <stdio.h>
#include <string.h>
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "posting.h"

#define MAX_LEGS 64

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
static const char SQL_APPLY[] =
    "UPDATE accounts SET balance = balance + ? WHERE id = ? "
    "AND (may_go_negative OR balance + ? >= 0)";
static const char SQL_POSTING[] =
    "INSERT INTO postings (entry_id, account_id, currency, amount) "
    "VALUES (?, ?, ?, ?)";
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

/* The id of an account, created on first use. Accounts are never
 * deleted, so the INSERT IGNORE + SELECT pair is race-free. */
static int
account_id(arena *a, const struct ledger_leg *l, int slot, long long *id)
{
	const char	*ot = l->owner == LEDGER_SYSTEM ? "system" : "member";
	long long	 oid = l->owner == LEDGER_SYSTEM ? 0 : l->owner_id;
	db_res		 res;
	int		 rc;

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
		rc = db_q(a, NULL, SQL_ACCOUNT_NEW, DB_ARGS(DB_TEXT(ot),
		    DB_INT(oid), DB_TEXT(l->kind), DB_TEXT(l->currency),
		    DB_INT(slot), DB_INT(l->owner == LEDGER_SYSTEM)));
		if (rc != DB_OK)
			return rc;
		rc = db_q(a, &res, SQL_ACCOUNT, DB_ARGS(DB_TEXT(ot),
		    DB_INT(oid), DB_TEXT(l->kind), DB_TEXT(l->currency),
		    DB_INT(slot)));
		if (rc != DB_OK)
			return rc;
		if (res.nrows == 0)
			return DB_ESQL;
	}
	*id = db_ll(&res, 0, 0);
	return DB_OK;
}

int
ledger_post(arena *a, const struct ledger_entry *e,
    const struct ledger_leg *legs, size_t n, long long *entry_id)
{
	struct posting	 p[MAX_LEGS];
	unsigned char	 h[32];
	db_res		 res;
	size_t		 i;
	int		 rc, slot;

	*entry_id = 0;
	memset(p, 0, sizeof(p));
	if (n > MAX_LEGS || e->idem_key == NULL || strlen(e->idem_key) > 128)
		return LEDGER_EUNBALANCED;
	/* Check the shape before touching anything. */
	for (i = 0; i < n; i++) {
		p[i].account = (long long)i + 1;	/* placeholder ids */
		p[i].currency = legs[i].currency;
		p[i].amount = legs[i].amount;
	}
	if (posting_check(p, n) != POSTING_OK)
		return LEDGER_EUNBALANCED;
	/* The slot of every system leg comes from the key, so a retried
	 * entry lands on the same rows and different entries spread. */
	sha256(e->idem_key, strlen(e->idem_key), h);
	slot = h[0] % LEDGER_SLOTS;
	for (i = 0; i < n; i++) {
		rc = account_id(a, &legs[i], legs[i].owner == LEDGER_SYSTEM ?
		    slot : 0, &p[i].account);
		if (rc != DB_OK)
			return rc;
	}
	if (posting_check(p, n) != POSTING_OK)	/* two legs, one account */
		return LEDGER_EUNBALANCED;
	rc = db_q(a, &res, SQL_JOURNAL, DB_ARGS(DB_TEXT(e->idem_key),
	    DB_TEXT(e->kind), DB_TEXT(e->ref_type), e->ref_id > 0 ?
	    DB_INT(e->ref_id) : DB_NULL, DB_TEXT(e->memo ? e->memo : ""),
	    e->member_id > 0 ? DB_INT(e->member_id) : DB_NULL,
	    e->admin_id > 0 ? DB_INT(e->admin_id) : DB_NULL));
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
	for (i = 0; i < n; i++) {
		rc = db_q(a, &res, SQL_APPLY, DB_ARGS(DB_INT(p[i].amount),
		    DB_INT(p[i].account), DB_INT(p[i].amount)));
		if (rc != DB_OK)
			return rc;
		if (res.affected != 1)
			return LEDGER_EFUNDS;
		rc = db_q(a, NULL, SQL_POSTING, DB_ARGS(DB_INT(*entry_id),
		    DB_INT(p[i].account), DB_TEXT(p[i].currency),
		    DB_INT(p[i].amount)));
		if (rc != DB_OK)
			return rc;
	}
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
static const struct {
	const char *sql, *what;
} checks[] = {
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
	db_res	res;
	size_t	i, r;
	int	rc, bad = 0;
	char	msg[256];

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if ((rc = db_q(a, &res, checks[i].sql, DB_NOARGS)) != DB_OK)
			return rc;
		for (r = 0; r < res.nrows; r++, bad++) {
			const char *x = db_str(&res, r, 0), *y = db_str(&res, r, 1);

			snprintf(msg, sizeof(msg), checks[i].what, x ? x : "NULL",
			    y ? y : "NULL");
			report(msg, ud);
		}
	}
	return bad;
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
