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

/* Fills e and returns -1, so a service can `return svc_fail(…)`. */
int	svc_fail(struct svc_err *e, int status, const char *code,
	    const char *field, const char *message);
/* The refusal for a database error code (busy → 503, else 500). */
int	svc_dberr(struct svc_err *e, int db_rc);

#include "arena.h"
/* The ledger key of a member's request: "<prefix>:<member>:<client key>"
 * when the client sent one (Idempotency-Key header or the form's token),
 * so a retry finds the first result; otherwise a fresh random key. */
const char *svc_idem_key(arena *a, const char *prefix, long long member,
	    const char *client_key);

struct req;
/* The response for a refused service call; returns its status. */
int	resp_svc(struct req *r, const struct svc_err *e);

#endif
