/* db: the MariaDB layer. One connection per process (reconnected when the
 * server goes away), prepared statements cached by their SQL text (each
 * service keeps its SQL in one table of named constants), bound parameters
 * only, and transactions retried on deadlock (1213) and lock wait (1205). */
#ifndef PT_DB_H
#define PT_DB_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "arena.h"

enum db_err {
	DB_OK = 0,
	DB_ENOTFOUND = -1,	/* used by services: no such row */
	DB_EDUP = -2,		/* duplicate key (1062) */
	DB_ERETRY = -3,		/* deadlock / lock wait / lost connection in a transaction */
	DB_ECONN = -4,		/* cannot connect */
	DB_ESQL = -5,		/* any other server error (logged) */
	DB_ENOMEM = -6,
	DB_EUNSURE = -7		/* connection lost during COMMIT: done or not */
};

enum db_type { DB_T_NULL, DB_T_INT, DB_T_TEXT };

typedef struct db_arg {
	enum db_type	 t;
	long long	 i;
	const char	*s;
	size_t		 len;
} db_arg;

static inline db_arg
db_text(const char *s)
{
	db_arg a = { DB_T_NULL, 0, NULL, 0 };

	if (s != NULL) {
		a.t = DB_T_TEXT;
		a.s = s;
		a.len = strlen(s);
	}
	return a;
}

static inline db_arg
db_blob(const void *p, size_t n)
{
	db_arg a = { DB_T_TEXT, 0, (const char *)p, n };
	return a;
}

#define DB_INT(x)	((db_arg){ DB_T_INT, (long long)(x), NULL, 0 })
#define DB_TEXT(x)	db_text(x)
#define DB_NULL		((db_arg){ DB_T_NULL, 0, NULL, 0 })
/* DB_ARGS(a, b, …) expands to the two parameters `args, nargs`. */
#define DB_ARGS(...)	(const db_arg[]){ __VA_ARGS__ }, \
			(sizeof((db_arg[]){ __VA_ARGS__ }) / sizeof(db_arg))
#define DB_NOARGS	NULL, 0

/* A result set copied into the request arena. Cells are NUL-terminated;
 * NULL for SQL NULL. */
typedef struct db_res {
	size_t		  nrows, ncols;
	char		**cells;	/* nrows * ncols */
	unsigned long	 *lens;
	const char	**names;	/* column names */
	unsigned char	 *isint;	/* column is an integer type */
	uint64_t	  affected;	/* rows changed (INSERT/UPDATE/DELETE) */
	uint64_t	  insert_id;
} db_res;

/* Connects using conf (db_socket, db_user, db_pass, db_name). Returns 0 or
 * DB_ECONN. Called lazily by db_q, so programs need not call it. */
int	db_connect(void);
/* Closes the connection and every cached statement. */
void	db_close(void);
/* Runs one statement with bound parameters. When res is non-NULL the rows
 * (if any) are copied into arena a, and affected/insert_id are set.
 * Returns DB_OK or a negative db_err. */
int	db_q(arena *a, db_res *res, const char *sql, const db_arg *args,
	    size_t nargs);
/* A JSON document as one bound parameter, for statements that take many
 * rows at once through JSON_TABLE(?, …) (one text whatever the count):
 * j is serialised into arena a and released (json_object_put). */
struct json_object;
db_arg	db_json(arena *a, struct json_object *j);
/* Cell accessors: NULL / 0 for SQL NULL or out of range. */
const char *db_str(const db_res *r, size_t row, size_t col);
long long   db_ll(const db_res *r, size_t row, size_t col);

/* A row as a new json object keyed by column name (integer columns as
 * numbers, NULL as null); all rows as a new array. Caller owns them. */
struct json_object *db_row_json(const db_res *r, size_t row);
struct json_object *db_rows_json(const db_res *r);

/* Runs fn(ud) inside a transaction (READ COMMITTED). fn returns 0 to
 * commit, or a negative code to roll back; DB_ERETRY (or a deadlock seen
 * by COMMIT) makes the whole transaction run again, up to a few times with
 * jittered backoff. fn must therefore have no effect outside the database
 * besides arena allocations. A db_tx inside a db_tx runs fn directly.
 * A connection lost during fn makes it run again too (the server rolled
 * it back); one lost during COMMIT does not: the outcome is unknown, and
 * db_tx returns DB_EUNSURE. An idempotency key lets the client's retry
 * find out (the first attempt's row, or none).
 * Returns fn's result, DB_ECONN when the server cannot be reached, or
 * DB_ERETRY when all attempts deadlocked or lost the connection. */
typedef int (*db_tx_fn)(void *ud);
int	db_tx(db_tx_fn fn, void *ud);
int	db_in_tx(void);
/* Counts transaction attempts since the process started: a value that
 * changes whenever db_tx starts (or retries) a transaction, so a cache
 * can tell rows it saw created by the current one. */
unsigned long db_tx_serial(void);
/* How many transactions were retried since the process started. */
unsigned long db_retries(void);
const char *db_strerror(int code);
/* Reads that may lag: the read replica (app.conf db_replica_socket, or
 * db_replica_host and db_replica_port; same user, password and database
 * as the primary). db_qr runs a SELECT like db_q, on the replica when one
 * is configured, no transaction is open, and the replica was seen (at most
 * a second ago) replicating with Seconds_Behind_Master no more than the
 * maximum given to db_request_start for this request; otherwise, or when
 * the replica fails, on the primary. Only for what may show slightly old
 * data: public lists and pages, reports. Never inside db_tx (it goes to
 * the primary there anyway), never for a read a write decides on. */
int	db_qr(arena *a, db_res *res, const char *sql, const db_arg *args,
	    size_t nargs);
/* Called by app.c at the start of every request with the setting
 * db.replica_max_lag (seconds); -1 (the default, e.g. in jobs and ctl):
 * db_qr reads the primary. */
void	db_request_start(int max_lag);
/* For a page of the member's own data (read-your-writes): waits up to
 * wait_ms for the replica to have applied everything the primary had
 * committed when called (MASTER_GTID_WAIT on the primary's
 * @@gtid_binlog_pos). 1: db_qr may use the replica for the rest of the
 * request; 0: db_qr reads the primary for the rest of the request. */
int	db_replica_sync(arena *a, int wait_ms);
int	db_replica_configured(void);
/* The replica as the dashboard shows it, looked at now. */
struct db_replica_status {
	int		 configured, reachable, io_running, sql_running;
	int		 lag;		/* Seconds_Behind_Master, -1: NULL */
	int		 max_lag;	/* this request's setting */
	int		 serving;	/* db_qr would read the replica now */
	unsigned long	 reads, fallbacks;	/* this process */
	char		 gtid_primary[128], gtid_replica[128];
	char		 error[160];
};
int	db_replica_status(arena *a, struct db_replica_status *st);
/* Runs a plain statement without parameters (DDL, SET …); DB_OK or error. */
int	db_exec_plain(const char *sql);

#endif
