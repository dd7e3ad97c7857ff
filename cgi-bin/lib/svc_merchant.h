/* svc_merchant: merchant onboarding (C1). A member applies with business
 * details; an admin approves (the member becomes a 商家) or rejects with a
 * reason, which the member sees and may answer by applying again. */
#ifndef PT_SVC_MERCHANT_H
#define PT_SVC_MERCHANT_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct merchant_app {
	const char *name, *contact, *phone, *license_no, *address, *description;
};

/* Applies, or re-applies after a rejection. 0, or SVC_EREFUSED with e
 * (already a merchant, already pending). *id is the merchant id. */
int	merchant_apply(arena *a, long long member, const struct merchant_app *m,
	    long long *id, struct svc_err *e);
/* Approves (approve = 1) or rejects with reason; audited; the member
 * gets a site message. 0, or SVC_EREFUSED with e. */
int	merchant_decide(arena *a, long long id, int approve, const char *reason,
	    long long admin, const char *ip, struct svc_err *e);
/* The member's merchant record, or NULL when none (or on a db error). */
struct json_object *merchant_of(arena *a, long long member);
/* Merchants with a status, one page. New array or NULL. */
struct json_object *merchant_list(arena *a, const char *status, long long page,
	    long long per, long long *total);

#endif
