/* svc: what every service returns when it refuses: an HTTP status, a
 * stable code, the offending field (or NULL) and a Chinese message. The
 * program turns it into a response with resp_svc(). */
#ifndef PT_SVC_H
#define PT_SVC_H

struct svc_err {
	int		 status;
	const char	*code;
	const char	*field;
	const char	*message;
};

/* A service refused; e is filled. What a service, or a db_tx callback
 * of one, returns when it refuses (svc_fail, svc_dberr). Distinct from
 * every db_err (db.h), so a refusal passed up through db_tx is never
 * taken for a database error nor a DB_ENOTFOUND ("no such row") for a
 * refusal; and from the other codes callbacks return (ledger.h, sms.h,
 * events.c's and jobs.c's -100); tests/unit/test_svc.c checks. */
#define SVC_EREFUSED	(-64)

/* Fills e and returns SVC_EREFUSED, so a service, or a db_tx callback,
 * can `return svc_fail(…)`. */
int	svc_fail(struct svc_err *e, int status, const char *code,
	    const char *field, const char *message);
/* The refusal for a database error code (busy → 503, else 500):
 * SVC_EREFUSED. */
int	svc_dberr(struct svc_err *e, int db_rc);

#include "arena.h"
#include "db.h"

/* The decision of a review queue (role applications, withdrawals,
 * merchants): approve (1) or reject with reason, by admin from ip.
 * 0, or SVC_EREFUSED with e filled. */
typedef int (*svc_decide_fn)(arena *a, long long id, int approve,
	    const char *reason, long long admin, const char *ip,
	    struct svc_err *e);

/* A review decision (svc_decide_fn's arguments) as the context of its
 * transaction. */
struct svc_decision {
	arena		*a;
	long long	 id, admin;
	int		 approve;
	const char	*reason, *ip;
	struct svc_err	*e;
};
/* The shape every svc_decide_fn shares: a rejection without a reason is
 * refused (400 on reason), else tx runs in one transaction with a
 * struct svc_decision of the arguments; the result as svc_tx_result's. */
int	svc_decide(arena *a, long long id, int approve, const char *reason,
	    long long admin, const char *ip, struct svc_err *e,
	    int (*tx)(void *));
/* Row 0 of res is a review locked FOR UPDATE with its status in column
 * col: 0 when it is still pending, else SVC_EREFUSED with e filled (404
 * with missing when there is no row, 409 when it was decided before). */
int	svc_pending(struct svc_err *e, const db_res *res, size_t col,
	    const char *missing);
/* What a service returns after rc = db_tx(…): 0 when rc is 0;
 * SVC_EREFUSED when the callback refused (e already filled); any other
 * code, a database error, as a refusal through svc_dberr(). A refusal
 * from an attempt db_tx abandoned (the transaction broke under it) never
 * comes back: db_tx runs the callback again, or returns DB_ERETRY. */
int	svc_tx_result(struct svc_err *e, int rc);

/* The ledger key of a member's request: "<prefix>:<member>:<client key>"
 * when the client sent one (Idempotency-Key header or the form's token),
 * so a retry finds the first result; otherwise a fresh random key. */
const char *svc_idem_key(arena *a, const char *prefix, long long member,
	    const char *client_key);
/* Binds the client's key (the ledger key from svc_idem_key) to request,
 * the request's parameters as a string: the first use records its hash,
 * a later use with another request is refused (409 idem_conflict, the
 * key named), the same request goes on to replay. Nothing is recorded
 * when the client sent no key. 0, or SVC_EREFUSED with e filled. */
int	svc_idem_bind(arena *a, const char *client_key, const char *key,
	    const char *request, struct svc_err *e);

/* Adds a site message (J4) for a member inside the caller's
 * transaction; link is a local path or NULL. A db_err. */
int	svc_message(arena *a, long long member, const char *title,
	    const char *body, const char *link);

/* Several site messages in a few statements (a draw tells every seat). */
struct svc_msg {
	long long	 member;
	const char	*title, *body, *link;
};
int	svc_messages(arena *a, const struct svc_msg *m, size_t n);

struct req;
/* The response for a refused service call; returns its status. */
int	resp_svc(struct req *r, const struct svc_err *e);

#endif
