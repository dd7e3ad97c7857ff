/* svc_recharge: buying 零钱 1:1 (B4) through a payment provider. The
 * built-in sandbox provider has a hosted pay page and an HMAC-signed
 * callback, so the whole flow is real in development and tests; WeChat
 * Pay's callback is verified by wxpay.c. A callback is idempotent: the
 * ledger key recharge:<trade no> makes a repeat a no-op. */
#ifndef PT_SVC_RECHARGE_H
#define PT_SVC_RECHARGE_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* 1 when the sandbox provider may be used: the config of a local stack
 * says pay_sandbox = 1 (etc/stack.sh writes it; production configs leave
 * it out) and the setting recharge.sandbox is on. */
int	recharge_sandbox_enabled(void);
/* Creates a pending recharge; *trade_no is its number (arena). */
int	recharge_create(arena *a, long long member, int64_t amount,
	    const char **trade_no, struct svc_err *e);
/* The sandbox provider's signature over (trade no, amount, status) as
 * lower-case hex (arena). */
const char *recharge_sandbox_sign(arena *a, const char *trade_no,
	    const char *amount, const char *status);
/* The sandbox callback: checks the signature, the amount against the
 * recharge, and credits once. *member and *already tell the caller whom
 * and whether it was paid before. 0, or SVC_EREFUSED with e. */
int	recharge_sandbox_notify(arena *a, const char *trade_no,
	    const char *amount, const char *status, const char *sig,
	    long long *member, int *already, struct svc_err *e);
/* One recharge for its owner ({trade_no, amount, status}), or NULL. */
struct json_object *recharge_get(arena *a, const char *trade_no,
	    long long member);

#endif
