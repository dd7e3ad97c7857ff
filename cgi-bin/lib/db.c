/* db: MariaDB Connector/C wrapper (see db.h). Statements are prepared once
 * per connection and cached in an open-addressing table keyed by SQL text.
 * A lost connection (the server restarted or was killed) closes it and
 * every cached statement; the next statement connects again and prepares
 * anew. Inside a transaction nothing reconnects: the server has rolled the
 * transaction back, so db_tx runs it again from the start. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <sodium.h>
#include "conf.h"
#include "db.h"

#define CACHE_SIZE	512	/* power of two, > statements per program */
#define CELL_BUF	256
#define MAX_COLS	64
#define TX_ATTEMPTS	8

struct cached {
	const char	*sql;	/* owned copy */
	MYSQL_STMT	*st;
};

/* A connection and its statements: the primary, and the read replica
 * (db_qr) when app.conf names one. cur is the one statements run on:
 * always the primary except inside db_qr. */
struct dbc {
	MYSQL		*conn;
	struct cached	 cache[CACHE_SIZE];
	size_t		 ncached;
	time_t		 connect_logged;
};
static struct dbc	 prim, repl;
static struct dbc	*cur = &prim;
#define conn	(cur->conn)
#define cache	(cur->cache)
#define ncached	(cur->ncached)
static int		 in_tx;
static int		 tx_broken;	/* the transaction cannot commit: lost
					   connection, deadlock, lock wait */
static unsigned int	 lost_err;	/* the error that closed the connection */
static unsigned long	 retries;
static unsigned long	 tx_serial;

static unsigned long
hash_sql(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void
cache_clear(void)
{
	size_t i;

	for (i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].st != NULL)
			mysql_stmt_close(cache[i].st);
		free((char *)cache[i].sql);
		cache[i].st = NULL;
		cache[i].sql = NULL;
	}
	ncached = 0;
}

/* Closes cur's connection and statements. */
static void
close_cur(void)
{
	cache_clear();
	if (conn != NULL)
		mysql_close(conn);
	conn = NULL;
}

void
db_close(void)
{
	struct dbc *was = cur;

	cur = &repl;
	close_cur();
	cur = &prim;
	close_cur();
	cur = was;
}

/* Connects cur: the primary with the keys db_socket (or db_host and
 * db_port), the replica with db_replica_socket (or db_replica_host and
 * db_replica_port); the same user, password and database. */
static int
connect_cur(void)
{
	unsigned int	 timeout = cur == &repl ? 1 : 5;
	const char	*sock, *host;
	unsigned int	 port;

	if (conn != NULL)
		return DB_OK;
	if (cur == &repl) {
		sock = conf_get("db_replica_socket", NULL);
		host = conf_get("db_replica_host", NULL);
		port = (unsigned int)conf_int("db_replica_port", 3306);
	} else {
		sock = conf_get("db_socket", NULL);
		host = conf_get("db_host", NULL);
		port = (unsigned int)conf_int("db_port", 3306);
		if (sock == NULL && host == NULL)
			sock = "var/run/mysqld.sock";
	}
	if (host != NULL && *host == '\0')
		host = NULL;
	if (host != NULL)
		sock = NULL;
	else
		port = 0;
	if ((conn = mysql_init(NULL)) == NULL)
		return DB_ENOMEM;
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(conn, MYSQL_INIT_COMMAND,
	    "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, "
	    "time_zone = '+08:00', tx_isolation = 'READ-COMMITTED'");
	if (mysql_real_connect(conn, host, conf_get("db_user", "pintuan"),
	    conf_get("db_pass", ""), conf_get("db_name", "pintuan"), port,
	    sock, 0) == NULL) {
		/* While the server is down every request fails here: one
		 * line a second is enough for the log. */
		if (time(NULL) != cur->connect_logged) {
			cur->connect_logged = time(NULL);
			fprintf(stderr, "db: connect%s: %s\n", cur == &repl ?
			    " (replica)" : "", mysql_error(conn));
		}
		mysql_close(conn);
		conn = NULL;
		return DB_ECONN;
	}
	return DB_OK;
}

int
db_connect(void)
{
	struct dbc	*was = cur;
	int		 rc;

	cur = &prim;
	rc = connect_cur();
	cur = was;
	return rc;
}

/* The errors after which the connection is gone or useless: the server
 * went away (2006 before the statement was sent, 2013 during it), killed
 * the connection or the statement, or is shutting down. */
static int
lost(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
	    e == CR_CONNECTION_ERROR || e == ER_SERVER_SHUTDOWN ||
	    e == ER_QUERY_INTERRUPTED;
}

static int
map_err(unsigned int e, const char *msg, const char *sql)
{
	if (e == ER_DUP_ENTRY || e == ER_DUP_KEY)
		return DB_EDUP;
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT) {
		/* A deadlock has rolled the transaction back: what follows
		 * would run in autocommit mode. After a lock wait only the
		 * statement was undone, but fn may have taken its failure
		 * for an answer ("no such row"). Either way fn runs again. */
		if (in_tx)
			tx_broken = 1;
		return DB_ERETRY;
	}
	if (lost(e)) {
		fprintf(stderr, "db: connection lost%s (%u: %s)%s\n",
		    cur == &repl ? " (replica)" : "", e, msg,
		    in_tx ? " in a transaction" : "");
		lost_err = e;
		close_cur();
		if (in_tx)
			tx_broken = 1;
		return DB_ERETRY;
	}
	fprintf(stderr, "db: error %u: %s in: %.200s\n", e, msg, sql);
	return DB_ESQL;
}

static MYSQL_STMT *
prepare(const char *sql, int *err)
{
	unsigned long	 h = hash_sql(sql);
	size_t		 i, slot;
	MYSQL_STMT	*st;

	for (i = 0; i < CACHE_SIZE; i++) {
		slot = (h + i) & (CACHE_SIZE - 1);
		if (cache[slot].sql == NULL)
			break;
		if (strcmp(cache[slot].sql, sql) == 0)
			return cache[slot].st;
	}
	/* Three quarters full (more texts than the services have): start
	 * over rather than refuse, so the cache stays bounded and fast (and
	 * the probe above always ends at an empty slot). */
	if (ncached >= CACHE_SIZE / 4 * 3) {
		/* said, so that SQL built per request (which would empty the
		 * cache over and over) shows in the log */
		fprintf(stderr, "db: statement cache full (%zu texts): starting "
		    "over\n", (size_t)ncached);
		cache_clear();
		slot = h & (CACHE_SIZE - 1);
	}
	if ((st = mysql_stmt_init(conn)) == NULL) {
		*err = DB_ENOMEM;
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		*err = map_err(mysql_stmt_errno(st), mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	if ((cache[slot].sql = strdup(sql)) == NULL) {
		mysql_stmt_close(st);
		*err = DB_ENOMEM;
		return NULL;
	}
	cache[slot].st = st;
	ncached++;
	return st;
}

static int
fetch_rows(arena *a, MYSQL_STMT *st, MYSQL_RES *meta, db_res *res)
{
	MYSQL_BIND	 b[MAX_COLS];
	char		 cellbuf[MAX_COLS][CELL_BUF];
	unsigned long	 len[MAX_COLS];
	my_bool		 isnull[MAX_COLS], trunc[MAX_COLS];
	MYSQL_FIELD	*f;
	size_t		 nc, nr, r, c, cap;
	int		 rc;
	char		**cells;
	unsigned long	*lens;

	nc = mysql_num_fields(meta);
	if (nc > MAX_COLS)
		return DB_ESQL;
	f = mysql_fetch_fields(meta);
	res->ncols = nc;
	res->names = arena_alloc(a, nc * sizeof(char *));
	res->isint = arena_alloc(a, nc ? nc : 1);
	for (c = 0; c < nc; c++) {
		res->names[c] = arena_strdup(a, f[c].name);
		res->isint[c] = f[c].type == MYSQL_TYPE_LONGLONG ||
		    f[c].type == MYSQL_TYPE_LONG || f[c].type == MYSQL_TYPE_INT24 ||
		    f[c].type == MYSQL_TYPE_SHORT || f[c].type == MYSQL_TYPE_TINY;
	}
	memset(b, 0, sizeof(b));
	for (c = 0; c < nc; c++) {
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = cellbuf[c];
		b[c].buffer_length = CELL_BUF;
		b[c].length = &len[c];
		b[c].is_null = &isnull[c];
		b[c].error = &trunc[c];
	}
	if (mysql_stmt_bind_result(st, b) != 0)
		return map_err(mysql_stmt_errno(st), mysql_stmt_error(st), "bind");
	if (mysql_stmt_store_result(st) != 0)
		return map_err(mysql_stmt_errno(st), mysql_stmt_error(st), "store");
	nr = (size_t)mysql_stmt_num_rows(st);
	cap = nr * nc;
	cells = arena_alloc(a, (cap ? cap : 1) * sizeof(char *));
	lens = arena_alloc(a, (cap ? cap : 1) * sizeof(unsigned long));
	for (r = 0; r < nr; r++) {
		rc = mysql_stmt_fetch(st);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc == 1) {
			mysql_stmt_free_result(st);
			return map_err(mysql_stmt_errno(st),
			    mysql_stmt_error(st), "fetch");
		}
		for (c = 0; c < nc; c++) {
			char *p;

			if (isnull[c]) {
				cells[r * nc + c] = NULL;
				continue;
			}
			if ((p = arena_alloc(a, len[c] + 1)) == NULL)
				return DB_ENOMEM;
			if (len[c] > CELL_BUF) {
				MYSQL_BIND big;

				memset(&big, 0, sizeof(big));
				big.buffer_type = MYSQL_TYPE_STRING;
				big.buffer = p;
				big.buffer_length = len[c] + 1;
				mysql_stmt_fetch_column(st, &big, (unsigned)c, 0);
			} else
				memcpy(p, cellbuf[c], len[c]);
			p[len[c]] = '\0';
			cells[r * nc + c] = p;
			lens[r * nc + c] = len[c];
		}
	}
	res->nrows = r;
	res->cells = cells;
	res->lens = lens;
	mysql_stmt_free_result(st);
	return DB_OK;
}

static int
run_once(arena *a, db_res *res, const char *sql, const db_arg *args,
    size_t nargs)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	*pb = NULL;
	MYSQL_RES	*meta;
	int		 err = DB_ESQL, rc;
	size_t		 i;

	/* Lost in this transaction: a new connection would run the rest of
	 * it outside any transaction (so would this one after a deadlock).
	 * db_tx starts it again instead. */
	if (in_tx && (conn == NULL || tx_broken))
		return DB_ERETRY;
	if ((rc = connect_cur()) != DB_OK)
		return in_tx ? DB_ERETRY : rc;
	if ((st = prepare(sql, &err)) == NULL)
		return err;
	if (mysql_stmt_param_count(st) != nargs) {
		fprintf(stderr, "db: %zu args for %lu placeholders in: %.200s\n",
		    nargs, mysql_stmt_param_count(st), sql);
		return DB_ESQL;
	}
	if (nargs > 0) {
		pb = calloc(nargs, sizeof(*pb));
		if (pb == NULL)
			return DB_ENOMEM;
		for (i = 0; i < nargs; i++) {
			switch (args[i].t) {
			case DB_T_NULL:
				pb[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			case DB_T_INT:
				pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				pb[i].buffer = (void *)&args[i].i;
				break;
			case DB_T_TEXT:
				pb[i].buffer_type = MYSQL_TYPE_STRING;
				pb[i].buffer = (void *)args[i].s;
				pb[i].buffer_length = args[i].len;
				break;
			}
		}
		if (mysql_stmt_bind_param(st, pb) != 0) {
			free(pb);
			return map_err(mysql_stmt_errno(st),
			    mysql_stmt_error(st), sql);
		}
	}
	rc = mysql_stmt_execute(st);
	free(pb);
	if (rc != 0)
		return map_err(mysql_stmt_errno(st), mysql_stmt_error(st), sql);
	meta = mysql_stmt_result_metadata(st);
	if (meta == NULL) {
		if (res != NULL) {
			memset(res, 0, sizeof(*res));
			res->affected = mysql_stmt_affected_rows(st);
			res->insert_id = mysql_stmt_insert_id(st);
		}
		return DB_OK;
	}
	if (res == NULL) {
		mysql_stmt_free_result(st);
		mysql_free_result(meta);
		return DB_OK;
	}
	memset(res, 0, sizeof(*res));
	rc = fetch_rows(a, st, meta, res);
	mysql_free_result(meta);
	return rc;
}

/* A statement that changes nothing, so running it twice is harmless. */
static int
is_read(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0;
}

int
db_q(arena *a, db_res *res, const char *sql, const db_arg *args, size_t nargs)
{
	int rc;

	lost_err = 0;
	rc = run_once(a, res, sql, args, nargs);
	/* Outside a transaction a lost connection is retried once on a new
	 * one, when that cannot run the statement twice: a read, or a write
	 * the old connection could not send (2006: the server had gone
	 * away before it). A write lost in flight may have been done. */
	if (rc == DB_ERETRY && !in_tx && conn == NULL && lost_err != 0 &&
	    (lost_err == CR_SERVER_GONE_ERROR || is_read(sql)))
		rc = run_once(a, res, sql, args, nargs);
	return rc;
}

db_arg
db_json(arena *a, struct json_object *j)
{
	db_arg v = DB_TEXT(arena_strdup(a, json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN)));

	json_object_put(j);
	return v;
}

const char *
db_str(const db_res *r, size_t row, size_t col)
{
	if (r == NULL || row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

long long
db_ll(const db_res *r, size_t row, size_t col)
{
	const char *s = db_str(r, row, col);

	return s == NULL ? 0 : strtoll(s, NULL, 10);
}

struct json_object *
db_row_json(const db_res *r, size_t row)
{
	struct json_object	*o = json_object_new_object();
	const char		*v;
	size_t			 c;

	for (c = 0; c < r->ncols; c++) {
		v = db_str(r, row, c);
		json_object_object_add(o, r->names[c], v == NULL ? NULL :
		    r->isint[c] ? json_object_new_int64(strtoll(v, NULL, 10)) :
		    json_object_new_string(v));
	}
	return o;
}

struct json_object *
db_rows_json(const db_res *r)
{
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < r->nrows; i++)
		json_object_array_add(a, db_row_json(r, i));
	return a;
}

int
db_exec_plain(const char *sql)
{
	int rc;

	if (in_tx && (conn == NULL || tx_broken))
		return DB_ERETRY;	/* as in run_once */
	if ((rc = connect_cur()) != DB_OK)
		return rc;
	if (mysql_query(conn, sql) != 0)
		return map_err(mysql_errno(conn), mysql_error(conn), sql);
	return DB_OK;
}

static void
backoff(int attempt)
{
	unsigned int ms = 1u + randombytes_uniform(5u * (unsigned)attempt + 5u);
	struct timespec ts = { 0, (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

int
db_tx(db_tx_fn fn, void *ud)
{
	int attempt, rc;

	if (in_tx)
		return fn(ud);
	for (attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (attempt > 0) {
			retries++;
			backoff(attempt);
		}
		if ((rc = db_exec_plain("START TRANSACTION")) != DB_OK) {
			if (rc == DB_ERETRY)
				continue;
			return rc;
		}
		in_tx = 1;
		tx_broken = 0;
		tx_serial++;
		rc = fn(ud);
		in_tx = 0;
		if (tx_broken) {
			/* Rolled back by the server (connection dropped,
			 * deadlock) or to be rolled back here: whatever fn
			 * concluded after that, a refusal included, rests
			 * on a failed statement. */
			tx_broken = 0;
			if (conn != NULL)
				mysql_rollback(conn);
			continue;
		}
		if (rc != DB_OK) {
			if (conn != NULL)
				mysql_rollback(conn);
			if (rc == DB_ERETRY)
				continue;
			return rc;
		}
		if (mysql_commit(conn) != 0) {
			unsigned int e = mysql_errno(conn);

			rc = map_err(e, mysql_error(conn), "COMMIT");
			/* Lost while committing: the server may have made it
			 * durable before it went away, or not. Running the
			 * transaction again could do it twice. */
			if (lost(e))
				return DB_EUNSURE;
			if (conn != NULL)
				mysql_rollback(conn);
			if (rc == DB_ERETRY)
				continue;
			return rc;
		}
		return DB_OK;
	}
	return DB_ERETRY;
}

int
db_in_tx(void)
{
	return in_tx;
}

unsigned long
db_tx_serial(void)
{
	return tx_serial;
}

unsigned long
db_retries(void)
{
	return retries;
}

const char *
db_strerror(int code)
{
	switch (code) {
	case DB_OK:		return "ok";
	case DB_ENOTFOUND:	return "not found";
	case DB_EDUP:		return "duplicate key";
	case DB_ERETRY:		return "deadlock or lost connection";
	case DB_ECONN:		return "cannot connect to the database";
	case DB_ESQL:		return "database error";
	case DB_ENOMEM:		return "out of memory";
	case DB_EUNSURE:	return "connection lost during COMMIT: outcome unknown";
	}
	return "unknown database error";
}

/* --- the read replica -------------------------------------------------------
 * db_qr sends a read to the replica when app.conf names one, no
 * transaction is open, this request allows it (db_request_start was given a
 * maximum lag, db_replica_sync did not give up) and the replica's own
 * account of itself, looked at again at most every REPL_CHECK_MS, says both
 * replication threads run and it is at most that many seconds behind. Any
 * failure there sends the read (and the following ones, until the next
 * look) to the primary. */

#define REPL_CHECK_MS	1000	/* how long a look at the replica holds */

static int		 repl_max_lag = -1;	/* -1: primary only */
static int		 repl_forced;		/* this request: primary */
static long long	 repl_checked_ms;	/* 0: never */
static int		 repl_ok;
static unsigned long	 repl_reads, repl_fallbacks;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
db_replica_configured(void)
{
	const char *s = conf_get("db_replica_socket", NULL),
	    *h = conf_get("db_replica_host", NULL);

	return (s != NULL && *s != '\0') || (h != NULL && *h != '\0');
}

void
db_request_start(int max_lag)
{
	repl_max_lag = max_lag;
	repl_forced = 0;
}

/* SHOW SLAVE STATUS on the replica into st (replica fields only). Returns
 * DB_OK, or an error with st->error set. Runs with cur = &repl. */
static int
repl_look(struct db_replica_status *st)
{
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	MYSQL_FIELD	*f;
	unsigned int	 i, n;
	int		 rc;

	if ((rc = connect_cur()) != DB_OK) {
		snprintf(st->error, sizeof(st->error), "连接不上备库");
		return rc;
	}
	st->reachable = 1;
	if (mysql_query(conn, "SHOW SLAVE STATUS") != 0 ||
	    (r = mysql_store_result(conn)) == NULL) {
		snprintf(st->error, sizeof(st->error), "%.150s",
		    mysql_error(conn));
		rc = map_err(mysql_errno(conn), mysql_error(conn),
		    "SHOW SLAVE STATUS");
		return rc == DB_OK ? DB_ESQL : rc;
	}
	if ((row = mysql_fetch_row(r)) == NULL) {
		snprintf(st->error, sizeof(st->error), "备库未配置复制");
		mysql_free_result(r);
		return DB_ESQL;
	}
	n = mysql_num_fields(r);
	f = mysql_fetch_fields(r);
	for (i = 0; i < n; i++) {
		const char *v = row[i];

		if (strcmp(f[i].name, "Slave_IO_Running") == 0)
			st->io_running = v != NULL && strcmp(v, "Yes") == 0;
		else if (strcmp(f[i].name, "Slave_SQL_Running") == 0)
			st->sql_running = v != NULL && strcmp(v, "Yes") == 0;
		else if (strcmp(f[i].name, "Seconds_Behind_Master") == 0)
			st->lag = v == NULL ? -1 : atoi(v);
		else if ((strcmp(f[i].name, "Last_IO_Error") == 0 ||
		    strcmp(f[i].name, "Last_SQL_Error") == 0) && v != NULL &&
		    *v != '\0' && st->error[0] == '\0')
			snprintf(st->error, sizeof(st->error), "%.150s", v);
	}
	mysql_free_result(r);
	return DB_OK;
}

/* Whether the replica may serve a read now (see above). */
static int
repl_usable(void)
{
	struct db_replica_status	 st;
	struct dbc			*was;
	long long			 t;

	if (in_tx || repl_max_lag < 0 || repl_forced ||
	    !db_replica_configured())
		return 0;
	t = now_ms();
	if (repl_checked_ms != 0 && t - repl_checked_ms < REPL_CHECK_MS)
		return repl_ok;
	memset(&st, 0, sizeof(st));
	st.lag = -1;
	was = cur;
	cur = &repl;
	repl_ok = repl_look(&st) == DB_OK && st.io_running &&
	    st.sql_running && st.lag >= 0 && st.lag <= repl_max_lag;
	cur = was;
	repl_checked_ms = t;
	return repl_ok;
}

/* The look failed in the middle of a read: primary until the next look. */
static void
repl_down(void)
{
	repl_ok = 0;
	repl_checked_ms = now_ms();
	repl_fallbacks++;
}

int
db_qr(arena *a, db_res *res, const char *sql, const db_arg *args,
    size_t nargs)
{
	int rc;

	if (!is_read(sql) || !repl_usable())
		return db_q(a, res, sql, args, nargs);
	cur = &repl;
	lost_err = 0;
	rc = run_once(a, res, sql, args, nargs);
	cur = &prim;
	if (rc == DB_OK) {
		repl_reads++;
		return rc;
	}
	repl_down();
	return db_q(a, res, sql, args, nargs);
}

int
db_replica_sync(arena *a, int wait_ms)
{
	db_res		 res;
	const char	*pos;
	int		 rc;

	if (!repl_usable())
		return 0;
	if (db_q(a, &res, "SELECT @@gtid_binlog_pos", DB_NOARGS) != DB_OK ||
	    (pos = db_str(&res, 0, 0)) == NULL) {
		repl_forced = 1;
		return 0;
	}
	cur = &repl;
	lost_err = 0;
	rc = run_once(a, &res, "SELECT MASTER_GTID_WAIT(?, ? / 1000)",
	    DB_ARGS(DB_TEXT(pos), DB_INT(wait_ms)));
	cur = &prim;
	if (rc != DB_OK) {
		repl_down();
		repl_forced = 1;
		return 0;
	}
	if (db_ll(&res, 0, 0) != 0) {
		repl_forced = 1;	/* not there in time */
		repl_fallbacks++;
		return 0;
	}
	return 1;
}

int
db_replica_status(arena *a, struct db_replica_status *st)
{
	db_res	res;
	int	rc;

	memset(st, 0, sizeof(st[0]));
	st->lag = -1;
	st->max_lag = repl_max_lag;
	st->configured = db_replica_configured();
	st->reads = repl_reads;
	st->fallbacks = repl_fallbacks;
	if (db_q(a, &res, "SELECT @@gtid_binlog_pos", DB_NOARGS) == DB_OK &&
	    db_str(&res, 0, 0) != NULL)
		snprintf(st->gtid_primary, sizeof(st->gtid_primary), "%s",
		    db_str(&res, 0, 0));
	if (!st->configured)
		return DB_OK;
	cur = &repl;
	rc = repl_look(st);
	if (rc == DB_OK && run_once(a, &res, "SELECT @@gtid_slave_pos",
	    DB_NOARGS) == DB_OK && db_str(&res, 0, 0) != NULL)
		snprintf(st->gtid_replica, sizeof(st->gtid_replica), "%s",
		    db_str(&res, 0, 0));
	cur = &prim;
	st->serving = rc == DB_OK && st->io_running && st->sql_running &&
	    st->lag >= 0 && repl_max_lag >= 0 && st->lag <= repl_max_lag;
	return DB_OK;
}
