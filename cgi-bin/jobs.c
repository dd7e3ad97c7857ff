/* jobs: the scheduler daemon (DESIGN.md §4). Claims due rows of `jobs`
 * with SELECT … FOR UPDATE SKIP LOCKED and runs each inside the claiming
 * transaction, so a crash mid-job rolls it back and leaves it due; several
 * schedulers may run at once. A failed job is retried with exponential
 * backoff and marked failed after JOB_MAX_ATTEMPTS (the back office lists
 * those). Recurring work is enqueued with a unique key per period, so it
 * runs once per period however many schedulers are up. Each round also
 * fans new order events out into their deliveries and delivers one due
 * delivery to its subscriber (lib/events.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "events.h"
#include "settings.h"
#include "svc_economy.h"
#include "svc_groupbuy.h"
#include "svc_order.h"
#include "svc_queue.h"
#include "svc_chain.h"
#include "svc_rp.h"
#include "svc_union.h"

#define JOB_MAX_ATTEMPTS 6

static volatile sig_atomic_t stop;

struct job {
	arena		*a;
	long long	 id;
	const char	*kind, *payload;
	int		 attempts;
	int		 recorded;	/* the failure is in the claim's tx */
	char		 err[200];
};

typedef int (*job_fn)(struct job *j);

/* --- job kinds ----------------------------------------------------------- */

static const char SQL_CLEAN_SESS[] =
    "DELETE FROM sessions WHERE expires_at < NOW() LIMIT 10000";
static const char SQL_CLEAN_SMS[] =
    "DELETE FROM sms_codes WHERE expires_at < NOW() - INTERVAL 1 DAY "
    "LIMIT 10000";
static const char SQL_CLEAN_RL[] =
    "DELETE FROM rate_limits WHERE window_start < UNIX_TIMESTAMP() - 172800 "
    "LIMIT 10000";
static const char SQL_CLEAN_JOBS[] =
    "DELETE FROM jobs WHERE status = 'done' AND finished_at < NOW() - "
    "INTERVAL 30 DAY LIMIT 10000";

/* Hourly: drops expired sessions and codes, stale rate-limit windows and
 * month-old finished jobs. Deleting what is already gone is harmless, so
 * running it twice is the same as once. */
static int
job_cleanup(struct job *j)
{
	static const char *const sql[] = {
		SQL_CLEAN_SESS, SQL_CLEAN_SMS, SQL_CLEAN_RL, SQL_CLEAN_JOBS
	};
	size_t	i;
	int	rc;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if ((rc = db_q(j->a, NULL, sql[i], DB_NOARGS)) != DB_OK) {
			snprintf(j->err, sizeof(j->err), "cleanup step %zu: %s",
			    i, db_strerror(rc));
			return rc;
		}
	return 0;
}

#define AUTOCONFIRM_BATCH 200

static const char SQL_MORE[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, run_at, created_at) "
    "VALUES (?, CONCAT(?, ':more:', ?), NOW(), NOW())";

/* Hourly: completes orders shipped order.auto_confirm_days ago that the
 * buyer has not confirmed (C4), crediting their merchants. A full batch
 * queues a follow-up job at once. */
static int
job_autoconfirm(struct job *j)
{
	int n = order_autoconfirm(j->a, AUTOCONFIRM_BATCH);

	if (n < 0) {
		snprintf(j->err, sizeof(j->err), "autoconfirm: %d", n);
		return n;
	}
	if (n == AUTOCONFIRM_BATCH)
		return db_q(j->a, NULL, SQL_MORE, DB_ARGS(DB_TEXT(j->kind),
		    DB_TEXT(j->kind), DB_INT(j->id)));
	return 0;
}

#define EXPIRE_BATCH 100

/* Every minute: leader groups past their time limit fail and every stake
 * is refunded (D2); full groups whose joiner's draw did not happen are
 * drawn. A full batch queues a follow-up at once. */
static int
job_gb_expire(struct job *j)
{
	int n = gb_expire_due(j->a, EXPIRE_BATCH);

	if (n < 0) {
		snprintf(j->err, sizeof(j->err), "gb expire: %d", n);
		return n;
	}
	if (n == EXPIRE_BATCH)
		return db_q(j->a, NULL, SQL_MORE, DB_ARGS(DB_TEXT(j->kind),
		    DB_TEXT(j->kind), DB_INT(j->id)));
	return 0;
}

/* Daily (D7, D8): the payload is the day settled, "YYYY-MM-DD"; a
 * gold.release batch that did not finish queues the next one with
 * "YYYY-MM-DD:<last member>". */
static const char SQL_NEXT_BATCH[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, payload, run_at, created_at) "
    "VALUES (?, ?, ?, NOW(), NOW())";

static int
job_gold_release(struct job *j)
{
	long long	 cursor = 0;
	const char	*colon;
	char		 day[11];
	int		 rc;

	if (j->payload == NULL || strlen(j->payload) < 10) {
		snprintf(j->err, sizeof(j->err), "gold.release: no day");
		return -1;
	}
	snprintf(day, sizeof(day), "%.10s", j->payload);
	if ((colon = strchr(j->payload + 10, ':')) != NULL)
		cursor = strtoll(colon + 1, NULL, 10);
	if ((rc = eco_gold_release(j->a, day, &cursor)) != 0)
		return rc;
	if (cursor == 0)
		return 0;
	return db_q(j->a, NULL, SQL_NEXT_BATCH, DB_ARGS(DB_TEXT(j->kind),
	    DB_TEXT(arena_printf(j->a, "gold.release:%s:after:%lld", day,
	    cursor)), DB_TEXT(arena_printf(j->a, "%s:%lld", day, cursor))));
}

static int
job_div_daily(struct job *j)
{
	return j->payload ? eco_div_daily(j->a, j->payload) : -1;
}

static int
job_div_monthly(struct job *j)
{
	return j->payload ? eco_div_monthly(j->a, j->payload) : -1;
}

/* Daily (F6): resets the queues whose reset is due (queue.reset_period,
 * queue.reset_mode); a queue reset today is not reset again. */
static int
job_queue_reset(struct job *j)
{
	return queue_reset_due_all(j->a, j->err, sizeof(j->err));
}

/* Daily (G2): shares the chain dividend pool by rank when its period
 * (chain.pool_period: last month, or yesterday) was not shared yet. */
static int
job_chain_pool(struct job *j)
{
	int settled;

	return chain_pool_settle(j->a, &settled, j->err, sizeof(j->err));
}

/* At a rain's end_at (payload: the rain id): the unclaimed packets go
 * back to the platform and the seed is revealed (E1). rp_end leaves a
 * rain already closed alone, so a rerun does nothing. */
static int
job_rp_end(struct job *j)
{
	long long	id = j->payload ? strtoll(j->payload, NULL, 10) : 0;
	int		rc;

	if (id <= 0) {
		snprintf(j->err, sizeof(j->err), "rp.end: no rain");
		return -1;
	}
	if ((rc = rp_end(j->a, id)) != 0)
		snprintf(j->err, sizeof(j->err), "rp.end %lld: %s", id,
		    db_strerror(rc));
	return rc;
}

/* Daily at 00:00 (F7): the union queue's day for yesterday: its net
 * profit, the share moved into the pool, the whole entitlements it pays.
 * A day run before is left alone. */
static int
job_union_daily(struct job *j)
{
	int ran;

	return union_run_day(j->a, j->payload && strlen(j->payload) == 10 ?
	    j->payload : NULL, &ran, j->err, sizeof(j->err));
}

static const struct {
	const char	*kind;
	job_fn		 fn;
} kinds[] = {
	{ "union.daily", job_union_daily },
	{ "queue.reset", job_queue_reset },
	{ "gold.release", job_gold_release },
	{ "div.daily", job_div_daily },
	{ "div.monthly", job_div_monthly },
	{ "gb.expire", job_gb_expire },
	{ "cleanup", job_cleanup },
	{ "orders.autoconfirm", job_autoconfirm },
	{ "rp.end", job_rp_end },
	{ "chain.pool", job_chain_pool },
};

/* Recurring jobs: kind and the period of its unique key (strftime). */
static const struct {
	const char	*kind;
	const char	*period;	/* MariaDB DATE_FORMAT pattern */
} recurring[] = {
	{ "cleanup", "%Y%m%d%H" },
	{ "queue.reset", "%Y%m%d" },
	{ "chain.pool", "%Y%m%d" },
	{ "union.daily", "%Y%m%d" },
	{ "orders.autoconfirm", "%Y%m%d%H" },
	{ "gb.expire", "%Y%m%d%H%i" },
};

/* --- the loop ------------------------------------------------------------ */

static const char SQL_ENQUEUE[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, run_at, created_at) "
    "VALUES (?, CONCAT(?, ':', DATE_FORMAT(NOW(), ?)), NOW(), NOW())";
static const char SQL_CLAIM[] =
    "SELECT id, kind, payload, attempts FROM jobs WHERE status = 'due' "
    "AND run_at <= NOW() ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char SQL_DONE[] =
    "UPDATE jobs SET status = 'done', attempts = attempts + 1, "
    "finished_at = NOW(), last_error = NULL WHERE id = ?";
/* attempts is incremented in the last clause and the others read
 * attempts + 1, so the statement means the same whether the SET clauses
 * see earlier assignments (MariaDB's default) or not
 * (SIMULTANEOUS_ASSIGNMENT). */
static const char SQL_FAILED[] =
    "UPDATE jobs SET last_error = ?, "
    "status = IF(attempts + 1 >= ?, 'failed', 'due'), "
    "run_at = NOW() + INTERVAL (10 * POW(2, attempts)) SECOND, "
    "finished_at = IF(attempts + 1 >= ?, NOW(), NULL), "
    "attempts = attempts + 1 WHERE id = ? AND attempts = ? "
    "AND status = 'due'";

/* Records j's failure: the next run later (backoff) or, at the last
 * attempt, failed for good. Counted once per claim: the attempts seen at
 * the claim must still be there. */
static int
record_failure(struct job *j)
{
	/* "attempts + 1 >= max" is true on the JOB_MAX_ATTEMPTS-th failure. */
	return db_q(j->a, NULL, SQL_FAILED, DB_ARGS(DB_TEXT(j->err),
	    DB_INT(JOB_MAX_ATTEMPTS), DB_INT(JOB_MAX_ATTEMPTS), DB_INT(j->id),
	    DB_INT(j->attempts)));
}

/* Claims the next due job and runs it. A failure is undone back to the
 * savepoint after the claim and recorded in the same transaction, so
 * the row stays locked until its new run_at is committed: recorded after
 * a rollback, another scheduler could claim the job in between, run it
 * again at once and count the attempt twice. */
static int
claim_and_run(void *ud)
{
	struct job	*j = ud;
	db_res		 res;
	size_t		 i;
	int		 rc;

	j->recorded = 0;
	if ((rc = db_q(j->a, &res, SQL_CLAIM, DB_NOARGS)) != DB_OK)
		return rc;
	if (res.nrows == 0) {
		j->id = 0;
		return 0;
	}
	j->id = db_ll(&res, 0, 0);
	j->kind = arena_strdup(j->a, db_str(&res, 0, 1));
	j->payload = arena_strdup(j->a, db_str(&res, 0, 2));
	j->attempts = (int)db_ll(&res, 0, 3);
	j->err[0] = '\0';
	if ((rc = db_exec_plain("SAVEPOINT job")) != DB_OK)
		return rc;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, j->kind) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0])) {
		snprintf(j->err, sizeof(j->err), "unknown job kind %s", j->kind);
		rc = -100;
	} else if ((rc = kinds[i].fn(j)) == 0)
		return db_q(j->a, NULL, SQL_DONE, DB_ARGS(DB_INT(j->id)));
	if (rc == DB_ERETRY)
		return rc;	/* the whole transaction is gone: run again */
	if (j->err[0] == '\0')
		snprintf(j->err, sizeof(j->err), "%s failed (%d)", j->kind, rc);
	/* undone to the claim, the failure recorded under its lock; if the
	 * connection cannot do that, run_one records it after the rollback */
	if (db_exec_plain("ROLLBACK TO SAVEPOINT job") != DB_OK ||
	    record_failure(j) != DB_OK)
		return -100;
	j->recorded = 1;
	return 0;
}

/* Runs one due job; returns 1 when one ran (or failed), 0 when none was
 * due, -1 on a database problem. */
static int
run_one(arena *a)
{
	struct job	j;
	int		rc;

	memset(&j, 0, sizeof(j));
	j.a = a;
	rc = db_tx(claim_and_run, &j);
	if (rc == 0 && !j.recorded)
		return j.id > 0;
	if (j.id == 0)
		return -1;
	fprintf(stderr, "jobs: job %lld (%s) failed: %s\n", j.id,
	    j.kind ? j.kind : "?", j.err);
	if (!j.recorded)
		record_failure(&j);
	return 1;
}

static void
enqueue_recurring(arena *a)
{
	size_t i;

	if (eco_enqueue_daily(a) < 0)
		fprintf(stderr, "jobs: cannot queue the daily jobs\n");
	for (i = 0; i < sizeof(recurring) / sizeof(recurring[0]); i++)
		db_q(a, NULL, SQL_ENQUEUE, DB_ARGS(DB_TEXT(recurring[i].kind),
		    DB_TEXT(recurring[i].kind), DB_TEXT(recurring[i].period)));
}

/* Test mode only: <var>/test-events-hold names an order whose event
 * deliveries the tests drive themselves. A scheduler started with
 * PINTUAN_TEST_FAULT=events.kill_before_commit delivers only that order's
 * and kills itself (SIGKILL) after the handler ran and the delivery was
 * marked done, before the COMMIT: the
 * crash tests/http/order_events.test.mjs recovers from. Every other
 * scheduler leaves the order alone while the file names it. */
static void
kill_before_commit(const struct order_ev *ev)
{
	fprintf(stderr, "jobs: test fault: killed delivering order %lld %s\n",
	    ev->order, ev->event);
	kill(getpid(), SIGKILL);
}

static void
test_hooks(struct events_hooks *h)
{
	const char	*fault = getenv("PINTUAN_TEST_FAULT");
	char		 path[512], line[32];
	long long	 held = 0;
	FILE		*f;

	memset(h, 0, sizeof(*h));
	if (!conf_test_mode())
		return;
	snprintf(path, sizeof(path), "%s/test-events-hold",
	    conf_get("var", "var"));
	if ((f = fopen(path, "r")) == NULL)
		return;
	if (fgets(line, sizeof(line), f) != NULL)
		held = strtoll(line, NULL, 10);
	fclose(f);
	if (held <= 0)
		return;
	if (fault != NULL && strcmp(fault, "events.kill_before_commit") == 0) {
		h->only = held;
		h->before_commit = kill_before_commit;
	} else
		h->skip = held;
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	arena			*a;
	struct events_hooks	 hooks;
	int			 once = argc > 1 &&
				    strcmp(argv[1], "--once") == 0;
	int			 rc, fan, ev;
	time_t			 last_enqueue = 0;

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (conf_load(NULL) != 0)
		fputs("jobs: no config file (PINTUAN_CONF)\n", stderr);
	if (crypto_init() != 0 || (a = arena_new()) == NULL)
		return 1;
	fprintf(stderr, "jobs: started\n");
	while (!stop) {
		clock_apply();
		/* A changed setting reaches the jobs as it does the programs:
		 * checked (at most once a second; on failure the cache stays)
		 * right before each unit of work, as a request checks before
		 * it runs. Checked once per round, a unit claimed after a slow
		 * one ran with settings older than a second. */
		settings_refresh();
		if (time(NULL) - last_enqueue >= 60) {
			enqueue_recurring(a);
			last_enqueue = time(NULL);
		}
		rc = run_one(a);
		arena_reset(a);
		settings_refresh();
		fan = events_fanout(a);
		arena_reset(a);
		settings_refresh();
		test_hooks(&hooks);
		ev = events_deliver_one(a, &hooks);
		arena_reset(a);
		if (rc == 1 || fan > 0 || ev == 1)
			continue;
		if (once)
			break;
		if (rc < 0 || fan < 0 || ev < 0)
			db_close();	/* reconnect on the next round */
		sleep(1);
	}
	fprintf(stderr, "jobs: stopped\n");
	db_close();
	arena_free(a);
	return 0;
}
