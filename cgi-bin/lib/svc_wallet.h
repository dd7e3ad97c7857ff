/* svc_wallet: a member's wallet (B1): every currency's balance and the
 * history of postings with the journal's readable memo. */
#ifndef PT_SVC_WALLET_H
#define PT_SVC_WALLET_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"

/* {"balances": {"CHANGE": "12.34", …}, "currencies": [{code, name,
 * balance, frozen, transferable, withdrawable}]} for every currency,
 * zero included. New object, or NULL on a database error. */
struct json_object *wallet_balances(arena *a, long long member);
/* The confirmation step's look at the purse (a browser's 下一步 on a
 * conversion or a withdrawal): SVC_EREFUSED (400 insufficient, field
 * amount, the balance named with name) when the member's main account
 * holds less of currency than amount, else 0. Not part of the services'
 * own checks: a replayed request must find its first result whatever
 * the balance is now. */
struct svc_err;
int	wallet_funds_check(arena *a, long long member, const char *currency,
	    const char *name, int64_t amount, struct svc_err *e);
/* One page of the member's history (spendable accounts), newest first,
 * optionally one currency; *total counts the matching lines. 1 when the
 * currency is unknown is reported by returning NULL with *total = -1. */
struct json_object *wallet_history(arena *a, long long member,
	    const char *currency, long long page, long long per,
	    long long *total);

#endif

#ifndef PT_SVC_WALLET_TRANSFER
#define PT_SVC_WALLET_TRANSFER
#include <stdint.h>
#include "svc.h"

struct transfer {
	long long	 from;		/* sender member id */
	const char	*to;		/* recipient: member ID or phone */
	const char	*currency;
	int64_t		 amount;	/* > 0, smallest unit */
	const char	*idem;		/* client's idempotency key, or NULL */
	/* out */
	long long	 to_id;
	const char	*to_masked;	/* "138****0006" */
	const char	*currency_name;
	long long	 entry;		/* journal entry id */
	int		 replayed;	/* the key was used before: first result */
};

/* Checks a transfer without moving money (the confirmation step): the
 * recipient exists, is not the sender, is active; the currency may be
 * transferred; the sender's role allows it (A5). Fills to_id, to_masked
 * and currency_name. 0, or SVC_EREFUSED with e. */
int	wallet_transfer_check(arena *a, struct transfer *t, struct svc_err *e);
/* Checks and moves the money in one transaction. A repeated idem key
 * returns the first result with replayed = 1. 0, or SVC_EREFUSED with e. */
int	wallet_transfer(arena *a, struct transfer *t, struct svc_err *e);
#endif

#ifndef PT_SVC_WALLET_CONVERT
#define PT_SVC_WALLET_CONVERT
struct conversion {
	long long	 member;
	const char	*from, *to;	/* currency codes */
	int64_t		 amount;	/* of from, > 0 */
	const char	*idem;
	/* out */
	int64_t		 out;		/* of to */
	const char	*from_name, *to_name, *rate;
	long long	 entry;
	int		 replayed;
};

/* Checks a conversion (B2) against the rate setting convert.FROM.TO
 * ("10:1") and computes out; refuses pairs without a rate and amounts
 * that do not convert exactly. 0, or SVC_EREFUSED with e. */
int	wallet_convert_check(arena *a, struct conversion *c, struct svc_err *e);
/* Checks and converts in one transaction through the ledger: the source
 * currency returns to its issuing account, the target is issued. A
 * repeated idem key returns the first result with replayed = 1. */
int	wallet_convert(arena *a, struct conversion *c, struct svc_err *e);
#endif
