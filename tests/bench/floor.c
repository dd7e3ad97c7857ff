/* floor.fcgi: the floor of `make bench` — the least a request that writes
 * money-like state can cost on this stack. Per request it does what every
 * write of the app does at least: one InnoDB transaction over the same
 * Connector/C connection, two single-row updates by prepared statement, and
 * a durable COMMIT (innodb_flush_log_at_trx_commit as the stack's my.cnf
 * sets it). Nothing else: no session, no routing, no template.
 *
 * The rows are two distinct random ones of bench_floor (tests/bench/run.sh
 * creates it with BENCH_FLOOR_ROWS rows), updated in ascending id order, so
 * concurrent requests neither deadlock nor queue on one row: the floor
 * measures nginx + FastCGI + InnoDB commits, not a hot row.
 *
 * Reads db_socket, db_user, db_pass and db_name from $PINTUAN_CONF like the
 * programs do. Answers "ok", or 500 (and a line on stderr) when the
 * database refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcgiapp.h>
#include <mysql.h>
#include <sodium.h>
#include "conf.h"

static MYSQL		*conn;
static MYSQL_STMT	*upd;
static long long	 nrows;

static void
disconnect(void)
{
	if (upd != NULL)
		mysql_stmt_close(upd);
	if (conn != NULL)
		mysql_close(conn);
	upd = NULL;
	conn = NULL;
}

static int
connect_db(void)
{
	static const char sql[] = "UPDATE bench_floor SET n = n + 1 WHERE id = ?";
	MYSQL_RES	*r;
	MYSQL_ROW	 row;

	if (conn != NULL)
		return 0;
	if ((conn = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(conn, NULL, conf_get("db_user", "pintuan"),
	    conf_get("db_pass", ""), conf_get("db_name", "pintuan"), 0,
	    conf_get("db_socket", "var/run/mysqld.sock"), 0) == NULL ||
	    mysql_query(conn, "SET SESSION tx_isolation = 'READ-COMMITTED'") != 0 ||
	    mysql_query(conn, "SELECT COUNT(*) FROM bench_floor") != 0 ||
	    (r = mysql_store_result(conn)) == NULL) {
		fprintf(stderr, "floor: %s\n", mysql_error(conn));
		disconnect();
		return -1;
	}
	row = mysql_fetch_row(r);
	nrows = row != NULL && row[0] != NULL ? strtoll(row[0], NULL, 10) : 0;
	mysql_free_result(r);
	if (nrows < 2 || (upd = mysql_stmt_init(conn)) == NULL ||
	    mysql_stmt_prepare(upd, sql, sizeof(sql) - 1) != 0) {
		fprintf(stderr, "floor: bench_floor has %lld rows: %s\n", nrows,
		    mysql_error(conn));
		disconnect();
		return -1;
	}
	return 0;
}

static int
update(long long id)
{
	MYSQL_BIND b;

	memset(&b, 0, sizeof(b));
	b.buffer_type = MYSQL_TYPE_LONGLONG;
	b.buffer = &id;
	if (mysql_stmt_bind_param(upd, &b) != 0 || mysql_stmt_execute(upd) != 0 ||
	    mysql_stmt_affected_rows(upd) != 1)
		return -1;
	return 0;
}

/* One transaction: two distinct rows, ascending. 0 or -1. */
static int
two_rows(void)
{
	long long a, b, t;

	if (connect_db() != 0)
		return -1;
	a = 1 + (long long)randombytes_uniform((uint32_t)nrows);
	do
		b = 1 + (long long)randombytes_uniform((uint32_t)nrows);
	while (b == a);
	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	if (mysql_query(conn, "START TRANSACTION") != 0)
		goto fail;
	if (update(a) != 0 || update(b) != 0) {
		fprintf(stderr, "floor: update: %s\n", mysql_stmt_error(upd));
		mysql_rollback(conn);
		return -1;
	}
	if (mysql_commit(conn) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "floor: %s\n", mysql_error(conn));
	disconnect();
	return -1;
}

int
main(void)
{
	FCGX_Request fr;

	if (conf_load(NULL) != 0)
		fprintf(stderr, "floor: no config file (PINTUAN_CONF)\n");
	if (sodium_init() < 0 || FCGX_Init() != 0)
		return 1;
	FCGX_InitRequest(&fr, 0, 0);
	while (FCGX_Accept_r(&fr) >= 0) {
		if (two_rows() == 0)
			FCGX_PutS("Status: 200 OK\r\nContent-Type: text/plain\r\n"
			    "Content-Length: 3\r\n\r\nok\n", fr.out);
		else
			FCGX_PutS("Status: 500 Internal Server Error\r\n"
			    "Content-Type: text/plain\r\nContent-Length: 6\r\n\r\n"
			    "error\n", fr.out);
		FCGX_Finish_r(&fr);
	}
	disconnect();
	return 0;
}
