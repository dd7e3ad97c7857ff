/* ledger: the one way money moves (DESIGN.md §5, FEATURES B6). A journal
 * entry is a list of legs, each naming an account by owner, kind and
 * currency; ledger_post resolves (and creates) the accounts, checks the
 * entry balances per currency, then applies it inside the caller's
 * transaction: the journal row first (its unique idem_key makes a retry a
 * no-op), then the balances by a conditional UPDATE in ascending account id
 * order, so two entries never wait on each other in opposite orders. */
#ifndef PT_LEDGER_H
#define PT_LEDGER_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

enum ledger_err {
	LEDGER_OK = 0,
	LEDGER_EFUNDS = -20,		/* a member account would go negative */
	LEDGER_EDUP = -21,		/* idem_key seen before: *entry_id is the first entry */
	LEDGER_EUNBALANCED = -22,	/* the legs do not form a valid entry */
	LEDGER_ECURRENCY = -23		/* unknown currency */
};

enum ledger_owner { LEDGER_MEMBER, LEDGER_SYSTEM };

#define LEDGER_SLOTS 16		/* rows per system account */

struct ledger_leg {
	enum ledger_owner owner;
	long long	 owner_id;	/* member id; 0 for system */
	const char	*kind;		/* "main", "frozen"; system: "issue", "escrow", … */
	const char	*currency;
	int64_t		 amount;	/* signed, smallest unit */
};

struct ledger_entry {
	const char	*idem_key;	/* unique per movement, at most 128 bytes */
	const char	*kind;		/* "adjust", "transfer", "withdraw.apply", … */
	const char	*ref_type;	/* what it came from: "order", "group", … or NULL */
	long long	 ref_id;
	const char	*memo;		/* shown to users in their history */
	long long	 member_id;	/* initiating member, or 0 */
	long long	 admin_id;	/* acting admin, or 0 */
};

/* System account kinds whose total may go negative: they issue a
 * currency (every system slot may dip below zero, see ledger.c). */
int	ledger_kind_issues(const char *kind);

/* Posts the entry inside the caller's transaction (call it from a db_tx
 * function). Returns LEDGER_OK with *entry_id set, LEDGER_EDUP with
 * *entry_id the original entry, LEDGER_EFUNDS, LEDGER_EUNBALANCED,
 * LEDGER_ECURRENCY, or a negative db_err (DB_ERETRY: let db_tx retry).
 * On any error the caller must roll back: some balances may have moved. */
int	ledger_post(arena *a, const struct ledger_entry *e,
	    const struct ledger_leg *legs, size_t n, long long *entry_id);

/* A batch of entries posted together (a group's draw posts dozens): the
 * same entries, keys, legs and final balances as ledger_post one by one,
 * in a handful of statements. One difference: funds are checked once, on
 * each account's net movement over the whole batch, so a debit queued
 * before a credit to the same account passes where one-by-one posting
 * would refuse it (the draw relies on this: a winner's 红券→绿券 convert
 * may spend 红券 credited by an earlier line). new: an empty batch in arena a (freed with it).
 * add: checks the shape (LEDGER_EUNBALANCED) and queues a copy of e and
 * legs (their strings must outlive the batch). delta: what the queued legs
 * move on a member's account, for callers that read a balance before the
 * batch is posted. post: inside the caller's transaction, resolves the
 * accounts, writes the journal rows (an entry whose key was posted before
 * is skipped, as ledger_post's LEDGER_EDUP), moves every balance in
 * ascending account order (LEDGER_EFUNDS when a member account would go
 * below zero: roll back) and records the postings. LEDGER_OK or an error
 * as ledger_post's. */
struct ledger_batch;
struct ledger_batch *ledger_batch_new(arena *a);
int	ledger_batch_add(struct ledger_batch *b, const struct ledger_entry *e,
	    const struct ledger_leg *legs, size_t n);
int64_t	ledger_batch_delta(const struct ledger_batch *b, long long member,
	    const char *kind, const char *currency);
/* Reads the accounts (ids and balances) of members[0..n) in one query,
 * for the batch and for ledger_batch_balance: the balance of a member
 * read so, as read (0 without the account), into *out and 1; 0 when the
 * member was not read. */
int	ledger_batch_prefetch(struct ledger_batch *b, const long long *members,
	    size_t n);
int	ledger_batch_balance(const struct ledger_batch *b, long long member,
	    const char *kind, const char *currency, int64_t *out);
int	ledger_batch_post(struct ledger_batch *b);

/* Tells the ledger an account's id, read by the caller with other rows
 * (a join reads the member's 零钱 account with its checks): the next
 * entry need not look it up. The account must exist before the current
 * transaction. */
void	ledger_note_account(enum ledger_owner owner, long long owner_id,
	    const char *kind, const char *currency, long long id);

/* The spendable balance of a member in a currency (0 without account). */
int	ledger_balance(arena *a, long long member_id, const char *kind,
	    const char *currency, int64_t *out);

/* Checks every invariant of DESIGN.md §5 (and the referral tree's),
 * calling report once per violation. Returns the number of violations
 * (0: all hold) or a negative db_err. */
int	ledger_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

const char *ledger_strerror(int code);

#endif
