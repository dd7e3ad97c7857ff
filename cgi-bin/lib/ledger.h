/* ledger: the one way money moves (DESIGN.md §5, FEATURES B6). A journal
 * entry is a list of legs, each naming an account by owner, kind and
 * currency; ledger_post resolves (and creates) the accounts, checks the
 * entry balances per currency, then applies it inside the caller's
 * transaction: the journal row first (its unique idem_key makes a retry a
 * no-op), then each balance by a conditional UPDATE in ascending account id
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
