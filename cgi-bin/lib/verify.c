/* verify: the loop that runs a table of ctl verify checks (verify.h). */
#include <stdio.h>
#include "db.h"
#include "verify.h"

int
verify_run(arena *a, const struct verify_check *c, size_t n,
    void (*report)(const char *msg, void *ud), void *ud)
{
	db_res	res;
	size_t	i, r;
	int	rc, bad = 0;
	char	msg[300];

	for (i = 0; i < n; i++) {
		if ((rc = db_q(a, &res, c[i].sql, DB_NOARGS)) != DB_OK)
			return rc;
		for (r = 0; r < res.nrows; r++, bad++) {
			const char *x = db_str(&res, r, 0), *y = db_str(&res, r, 1);

			snprintf(msg, sizeof(msg), c[i].what, x ? x : "NULL",
			    y ? y : "NULL");
			report(msg, ud);
		}
	}
	return bad;
}
