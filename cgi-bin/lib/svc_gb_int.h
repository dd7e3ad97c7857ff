/* svc_gb_int: what the svc_gb_*.c files of the group-buy engine share;
 * private to them (the interface is svc_groupbuy.h). */
#ifndef PT_SVC_GB_INT_H
#define PT_SVC_GB_INT_H
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "db.h"
#include "gb.h"
#include "ledger.h"
#include "svc.h"

/* --- svc_gb_activity.c ---------------------------------------------------- */

/* A known currency's display name, else the code itself (the currencies
 * are loaded already; the form gb_simulate takes). */
const char	*gb_currency_label(const char *code, void *ud);

/* --- svc_gb_group.c ------------------------------------------------------- */

/* Whether member holds role now (*yes); 0 or a db_err. */
int		 gb_has_role(arena *a, long long member, const char *role,
		    int *yes);
/* Who invited member; 0 for nobody (or on a db error). */
long long	 gb_inviter_of(arena *a, long long member);
/* Inserts an open group of the activity at version ver with its free
 * seats from seat first_free on (2: the opener takes seat 1); *id set. */
int		 gb_group_create(arena *a, long long activity, long long ver,
		    const struct gb_activity *act, long long leader,
		    long long owner, long long admin, long long reopened_from,
		    int first_free, long long *id);

/* --- svc_gb_settle.c ------------------------------------------------------ */

/* Locks a group: its columns G_*. */
extern const char gb_sql_group_lock[];
enum { G_ID, G_ACT, G_VER, G_MODE, G_LEADER, G_OWNER, G_SEATS, G_WINNERS,
    G_PRICE, G_TAKEN, G_STATUS, G_SEED, G_TODAY };

/* A group being settled (drawn or failed) inside one transaction. What
 * it pays is queued in one ledger batch and posted at the end with the
 * messages, the member states and the stock given back, so a draw of ten
 * seats and fifty payments is a few dozen statements, and the rows other
 * requests need too (system accounts, the prize's stock) are held only
 * from the last statements to the COMMIT. */
struct settle {
	arena			*a;
	db_res			 g;		/* the locked group */
	db_res			 s;		/* its seats */
	long long		 id, activity;
	struct gb_activity	 act;
	int64_t			 price;
	struct ledger_batch	*lb;		/* what it pays */
	struct json_object	*shares;	/* gb_shares rows */
	struct svc_msg		 msg[GB_MAX_SEATS];
	size_t			 nmsg;
	struct { long long product; long long n; } restock[GB_MAX_SEATS];
	size_t			 nrestock;
	/* the region and branch holders of the seats' scopes: two a seat */
	struct { const char *role, *scope; long long who; }
				 holder[2 * GB_MAX_SEATS];
	size_t			 nholder;
};

/* Loads the locked group id, its configuration and its seats into st. */
int		 gb_settle_load(arena *a, long long id, struct settle *st);
/* Draws the locked, full group (D5) and settles it. */
int		 gb_draw_group(struct settle *st);
/* Fails the locked group: every stake back, reserved stock back, the
 * failure lines of the reward schedule, members told. */
int		 gb_fail_group(struct settle *st, const char *reason,
		    const char *eligible, const char *relaxed);

#endif
