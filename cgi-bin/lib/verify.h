/* verify: runs a table of ctl verify checks. Each check is a query whose
 * every row is one violation, its first two columns filled into a
 * printf-style message with two %s. The subsystems' *_verify functions
 * (ledger, red packets, chain, queue, store, pickup, union) keep their
 * checks in such a table and run it here. */
#ifndef PT_VERIFY_H
#define PT_VERIFY_H
#include <stddef.h>
#include "arena.h"

struct verify_check {
	const char	*sql;
	const char	*what;		/* two %s: columns 0 and 1 ("NULL") */
};

/* Runs c[0..n) without parameters, calling report once per row. Returns
 * the number of violations, or a negative db_err. */
int	verify_run(arena *a, const struct verify_check *c, size_t n,
	    void (*report)(const char *msg, void *ud), void *ud);

#endif
