/* ratelimit: fixed-window counters (see ratelimit.h). One upsert counts a
 * hit and yields the new count (LAST_INSERT_ID(expr)) atomically;
 * concurrent hits on a bucket serialise on its row only. */
#include <time.h>
#include "db.h"
#include "ratelimit.h"

static const char SQL_HIT[] =
    "INSERT INTO rate_limits (bucket, window_start, hits) "
    "VALUES (?, ?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE "
    "hits = LAST_INSERT_ID(IF(window_start + ? <= ?, 1, hits + 1)), "
    "window_start = IF(window_start + ? <= ?, ?, window_start)";
static const char SQL_GET[] =
    "SELECT hits, window_start FROM rate_limits WHERE bucket = ?";
static const char SQL_DEL[] = "DELETE FROM rate_limits WHERE bucket = ?";
static const char SQL_UNHIT[] =
    "UPDATE rate_limits SET hits = hits - 1 WHERE bucket = ? AND hits > 0";

int
rl_hit(arena *a, const char *bucket, long window_sec)
{
	long long	now = (long long)time(NULL);
	int		rc;

	db_res		res;

	rc = db_q(a, &res, SQL_HIT, DB_ARGS(DB_TEXT(bucket), DB_INT(now),
	    DB_INT(window_sec), DB_INT(now), DB_INT(window_sec), DB_INT(now),
	    DB_INT(now)));
	if (rc != DB_OK)
		return rc;
	return res.insert_id > 0 ? (int)res.insert_id : 1;
}

int
rl_unhit(arena *a, const char *bucket)
{
	return db_q(a, NULL, SQL_UNHIT, DB_ARGS(DB_TEXT(bucket)));
}

int
rl_count(arena *a, const char *bucket, long window_sec)
{
	long long	now = (long long)time(NULL);
	db_res		res;
	int		rc;

	if ((rc = db_q(a, &res, SQL_GET, DB_ARGS(DB_TEXT(bucket)))) != DB_OK)
		return rc;
	if (res.nrows == 0 || db_ll(&res, 0, 1) + window_sec <= now)
		return 0;
	return (int)db_ll(&res, 0, 0);
}

int
rl_reset(arena *a, const char *bucket)
{
	return db_q(a, NULL, SQL_DEL, DB_ARGS(DB_TEXT(bucket)));
}
