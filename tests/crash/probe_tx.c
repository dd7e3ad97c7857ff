/* probe_tx: db_tx against a live database (the test stack's, PINTUAN_CONF;
 * run by tests/crash/crash.test.mjs), in the two ways a transaction can
 * break under a service that takes a failed statement for an answer and
 * goes on (as the draw's helpers do: "no such holder", "balance 0"):
 *
 *   lost    the connection dies inside the transaction (it kills itself);
 *           what the service runs next must not land on a new connection
 *           in autocommit mode, and the transaction must run again;
 *   lock    a statement waits for a row another connection holds and
 *           times out (1205); the transaction must not commit without
 *           it, but run again (the other connection lets go meanwhile).
 *
 * Each prints what it found and the probe exits 1 unless both hold. Uses
 * its own table test_probe, dropped at the end. */
#include <stdio.h>
#include <string.h>
#include <mysql.h>
#include "arena.h"
#include "conf.h"
#include "db.h"

static arena	*A;
static MYSQL	*other;		/* a second connection, holding a row lock */
static int	 attempts;

static long long
count(const char *note)
{
	db_res res;

	if (db_q(A, &res, "SELECT COUNT(*) FROM test_probe WHERE note = ?",
	    DB_ARGS(DB_TEXT(note))) != DB_OK)
		return -1;
	return db_ll(&res, 0, 0);
}

static int
lost_fn(void *ud)
{
	int rc;

	(void)ud;
	attempts++;
	if ((rc = db_q(A, NULL, "INSERT INTO test_probe (note) VALUES "
	    "('lost.before')", DB_NOARGS)) != DB_OK)
		return rc;
	if (attempts == 1)	/* ignored on purpose */
		db_exec_plain("KILL CONNECTION CONNECTION_ID()");
	return db_q(A, NULL, "INSERT INTO test_probe (note) VALUES "
	    "('lost.after')", DB_NOARGS);
}

static int
lock_fn(void *ud)
{
	int rc;

	(void)ud;
	attempts++;
	if (attempts == 2 && mysql_commit(other) != 0)	/* lets go of the row */
		return DB_ESQL;
	if ((rc = db_q(A, NULL, "INSERT INTO test_probe (note) VALUES "
	    "('lock.before')", DB_NOARGS)) != DB_OK)
		return rc;
	/* ignored on purpose: 1205 after a second on the first attempt */
	db_q(A, NULL, "UPDATE test_probe SET note = 'lock.taken' WHERE note = "
	    "'lock.row'", DB_NOARGS);
	return db_q(A, NULL, "INSERT INTO test_probe (note) VALUES "
	    "('lock.after')", DB_NOARGS);
}

int
main(void)
{
	int	rc, bad = 0;

	if (conf_load(NULL) != 0 || (A = arena_new()) == NULL) {
		fputs("probe_tx: no config (PINTUAN_CONF)\n", stderr);
		return 2;
	}
	if (db_exec_plain("CREATE TABLE IF NOT EXISTS test_probe (id SERIAL, "
	    "note VARCHAR(32) NOT NULL) ENGINE=InnoDB") != DB_OK ||
	    db_exec_plain("DELETE FROM test_probe") != DB_OK)
		return 2;

	attempts = 0;
	rc = db_tx(lost_fn, NULL);
	printf("lost: db_tx %d after %d attempts; before %lld, after %lld "
	    "(want 0, 2, 1, 1)\n", rc, attempts, count("lost.before"),
	    count("lost.after"));
	bad += rc != 0 || attempts != 2 || count("lost.before") != 1 ||
	    count("lost.after") != 1;

	if (db_exec_plain("INSERT INTO test_probe (note) VALUES ('lock.row')") !=
	    DB_OK || db_exec_plain("SET SESSION innodb_lock_wait_timeout = 1") !=
	    DB_OK)
		return 2;
	if ((other = mysql_init(NULL)) == NULL ||
	    mysql_real_connect(other, NULL, conf_get("db_user", "pintuan"),
	    conf_get("db_pass", ""), conf_get("db_name", "pintuan"), 0,
	    conf_get("db_socket", NULL), 0) == NULL ||
	    /* as the programs' sessions: no gap locks */
	    mysql_query(other, "SET SESSION tx_isolation = 'READ-COMMITTED'") !=
	    0 || mysql_query(other, "START TRANSACTION") != 0 ||
	    mysql_query(other, "UPDATE test_probe SET note = 'lock.row' "
	    "WHERE note = 'lock.row'") != 0) {
		fprintf(stderr, "probe_tx: second connection: %s\n",
		    other ? mysql_error(other) : "no memory");
		return 2;
	}
	attempts = 0;
	rc = db_tx(lock_fn, NULL);
	printf("lock: db_tx %d after %d attempts; before %lld, taken %lld, "
	    "after %lld (want 0, 2, 1, 1, 1)\n", rc, attempts,
	    count("lock.before"), count("lock.taken"), count("lock.after"));
	bad += rc != 0 || attempts != 2 || count("lock.before") != 1 ||
	    count("lock.taken") != 1 || count("lock.after") != 1;

	mysql_close(other);
	db_exec_plain("DROP TABLE test_probe");
	db_close();
	arena_free(A);
	puts(bad ? "probe_tx: FAILED" : "probe_tx: ok");
	return bad ? 1 : 0;
}
