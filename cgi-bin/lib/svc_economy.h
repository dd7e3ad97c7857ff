/* svc_economy: the group-buy economy over time (FEATURES A6, D7, D8): the
 * daily jobs and their catch-up, the static 购物金 release, the daily and
 * monthly dividends, the member's 分红积分 pool moves, and what members
 * and the back office see of it. Every payout is one ledger entry with a
 * key unique per day (or month) and member, so a job run twice, or run
 * late after downtime, pays exactly once. */
#ifndef PT_SVC_ECONOMY_H
#define PT_SVC_ECONOMY_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* The daily job kinds, each settling one day (payload "YYYY-MM-DD"). */
extern const char *const eco_daily_kinds[];

/* Queues each daily kind's job for every day after its mark up to
 * yesterday (Asia/Shanghai), at most 62 days back, and moves the mark; the
 * first call marks yesterday. Returns how many jobs were queued or a
 * db_err. Call outside a transaction (it runs its own). */
int	eco_enqueue_daily(arena *a);

/* The jobs, inside the scheduler's transaction. gold.release works in
 * batches of members after *cursor (0 first); *cursor is set to the last
 * member done, or 0 when finished. */
int	eco_gold_release(arena *a, const char *day, long long *cursor);
int	eco_div_daily(arena *a, const char *day);
/* Settles the month when day is its last day; otherwise does nothing. */
int	eco_div_monthly(arena *a, const char *day);

/* A member moves 分红积分 into (in 1) or out of the monthly pool: amount
 * in the smallest unit, a multiple of divpool.step whole points, within
 * the calendar's window. */
int	eco_divpool_move(arena *a, long long member, int in, int64_t amount,
	    struct svc_err *e);

/* The member's dividend page: today's daily pool and shares, payouts,
 * monthly pool points and the calendar. New object or NULL. */
struct json_object *eco_member_view(arena *a, long long member);
/* Back office: pool balances and obligations, runs, failed jobs. */
struct json_object *eco_admin_view(arena *a);
/* One dividend run's payouts. */
struct json_object *eco_run_payouts(arena *a, long long run);

#endif
