/* svc_withdraw: withdrawals (B5): apply (the amount is frozen), approve
 * (paid offline; the frozen amount leaves: net paid out, fee to revenue,
 * owner/leader deduction into the goods credit) or reject with a reason
 * (unfrozen). Each step is one ledger entry keyed by the withdrawal, so a
 * repeated click never moves money twice; the member gets a message. */
#ifndef PT_SVC_WITHDRAW_H
#define PT_SVC_WITHDRAW_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"
#include "svc_payacct.h"
#include "withdraw.h"

struct withdrawal {
	long long		 member;
	int64_t			 amount;
	const char		*idem;		/* client key or NULL */
	/* out */
	struct withdraw_quote	 q;
	struct payacct		 acct;		/* where it is paid */
	const char		*role;		/* "leader", "owner" or "" */
	long long		 id;
	int			 replayed;
};

/* Quotes for the member (role deduction, minimum) and loads the payout
 * account it will be paid to (none bound: refused, code no_account);
 * 0, or SVC_EREFUSED with e. */
int	withdraw_check(arena *a, struct withdrawal *w, struct svc_err *e);
/* Applies: freezes the amount. 0, or SVC_EREFUSED with e. */
int	withdraw_apply(arena *a, struct withdrawal *w, struct svc_err *e);
/* Approves (approve = 1) or rejects with reason. 0, or SVC_EREFUSED
 * with e. */
int	withdraw_decide(arena *a, long long id, int approve,
	    const char *reason, long long admin, const char *ip,
	    struct svc_err *e);
/* Lists: a member's own (member > 0) or all with a status; one page.
 * Amounts as decimal strings; each with its payee (the account copied at
 * apply) under "payee", the account in full when full, else masked, and
 * who decided it (decided_by_name). New array or NULL. */
struct json_object *withdraw_list(arena *a, long long member,
	    const char *status, long long page, long long per,
	    long long *total, int full);
/* One withdrawal as in withdraw_list, or NULL (none, or a db error). */
struct json_object *withdraw_get(arena *a, long long id, int full);

#endif

#ifndef PT_SVC_SHIPMENTS
#define PT_SVC_SHIPMENTS
/* The B5 goods menu: every owner and leader with role, phone, address,
 * total withdrawn and deducted, shipments made, shipments due and whether
 * the threshold is reached. New array or NULL. */
struct json_object *shipment_menu(arena *a);
/* Shipment records, newest first, one page. New array or NULL. */
struct json_object *shipment_list(arena *a, long long page, long long per,
	    long long *total);
/* Confirms one due shipment for member: 0, or SVC_EREFUSED with e (none
 * due …). */
int	shipment_confirm(arena *a, long long member, const char *note,
	    long long admin, const char *ip, long long *id, struct svc_err *e);
/* Cancels a shipped record, reversing its posting. 0, or SVC_EREFUSED
 * with e. */
int	shipment_cancel(arena *a, long long id, long long admin,
	    const char *ip, struct svc_err *e);
#endif
