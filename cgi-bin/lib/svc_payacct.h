/* svc_payacct: a member's payout account (B5, issue 20): where a
 * withdrawal is paid. Bound once before the first withdrawal (the payee's
 * real name and a bank card — bank, branch, number with its Luhn digit —
 * or an Alipay account); changing it needs an SMS code sent to the
 * member's phone (purpose "payout", sms.h) and tells the member by site
 * message. Withdrawals keep a copy of the account they were applied for
 * (svc_withdraw.c). */
#ifndef PT_SVC_PAYACCT_H
#define PT_SVC_PAYACCT_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct payacct {
	const char	*kind;		/* "bank" or "alipay" */
	const char	*name;		/* the payee's real name */
	const char	*bank, *branch;	/* bank cards only, else "" */
	const char	*account;	/* card number or Alipay account */
};

/* Loads member's account into p (strings in a): 1 when bound, 0 when
 * not, or a negative db_err. */
int	payacct_load(arena *a, long long member, struct payacct *p);
/* Binds (first time: code may be NULL) or changes (code required: the
 * SMS code sent to phone) member's account after checking every field.
 * 0, or SVC_EREFUSED with e (field named). */
int	payacct_bind(arena *a, long long member, const char *phone,
	    const struct payacct *p, const char *code, struct svc_err *e);
/* Sends the SMS code that a change needs to the member's phone. 0, or
 * SVC_EREFUSED with e (rate limits, 429). */
int	payacct_send_code(arena *a, const char *phone, const char *ip,
	    struct svc_err *e);
/* Adds p to o: kind, kind_name (银行卡/支付宝), bank, branch, name and
 * account — in full when full, else masked — and a one-line label
 * ("招商银行 6222****3441 张三"). */
void	payacct_view(arena *a, struct json_object *o, const struct payacct *p,
	    int full);
/* Chinese name of a kind ("银行卡", "支付宝"). */
const char *payacct_kind_name(const char *kind);

#endif
