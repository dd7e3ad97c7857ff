/* svc_wallet: a member's wallet (B1): every currency's balance and the
 * history of postings with the journal's readable memo. */
#ifndef PT_SVC_WALLET_H
#define PT_SVC_WALLET_H
#include <json-c/json.h>
#include "arena.h"

/* {"balances": {"CHANGE": "12.34", …}, "currencies": [{code, name,
 * balance, frozen, transferable, withdrawable}]} for every currency,
 * zero included. New object, or NULL on a database error. */
struct json_object *wallet_balances(arena *a, long long member);
/* One page of the member's history (spendable accounts), newest first,
 * optionally one currency; *total counts the matching lines. 1 when the
 * currency is unknown is reported by returning NULL with *total = -1. */
struct json_object *wallet_history(arena *a, long long member,
	    const char *currency, long long page, long long per,
	    long long *total);

#endif
