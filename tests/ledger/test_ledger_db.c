/* test_ledger_db: the ledger against the live test database (PINTUAN_CONF;
 * run by tests/http/ledger_db.test.mjs with three fresh members, each
 * credited 100.00 零钱: ./test_ledger_db A B C). What only a database
 * shows: a batch that meets an entry posted before, an entry or a batch
 * that would overdraw a member (through the two-row and the many-row
 * balance UPDATE), a batch whose debit comes before the credit that
 * covers it, a batch in which an account nets to zero, and accounts
 * created by a transaction that rolls back, which the process must not
 * remember.
 *
 * System legs go to a kind of its own ("probe"), never to escrow or the
 * pools, so `ctl verify` keeps holding; every key carries the process id,
 * so the program can run again on the same database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "ledger.h"

static arena		*A;
static long long	 member[3];
#define PROBE	"probe"		/* the system kind the tests pay into */

static const char *
key(const char *what)
{
	return arena_printf(A, "probe:%ld:%s", (long)getpid(), what);
}

static int64_t
balance(long long m, const char *currency)
{
	int64_t v = -1;

	assert_int_equal(ledger_balance(A, m, "main", currency, &v), DB_OK);
	return v;
}

static long long
count(const char *sql, const char *text)
{
	db_res res;

	assert_int_equal(db_q(A, &res, sql, DB_ARGS(DB_TEXT(text))), DB_OK);
	return db_ll(&res, 0, 0);
}

static long long
journal_rows(const char *k)
{
	return count("SELECT COUNT(*) FROM journal WHERE idem_key = ?", k);
}

static long long
posting_rows(const char *k)
{
	return count("SELECT COUNT(*) FROM postings p JOIN journal j ON "
	    "j.id = p.entry_id WHERE j.idem_key = ?", k);
}

/* A transaction of the steps below; fail_after makes it roll back. */
struct step {
	const char		*key;
	struct ledger_leg	 legs[4];
	size_t			 n;
};

struct job {
	const struct step	*steps;
	size_t			 n;
	int			 batch;		/* one batch, else ledger_post each */
	int			 fail_after;	/* return this once posted (rollback) */
	int			 rc;		/* what the ledger said */
};

static int
job_tx(void *ud)
{
	struct job		*j = ud;
	struct ledger_batch	*b = NULL;
	struct ledger_entry	 e;
	long long		 id;
	size_t			 i;

	j->rc = 0;
	if (j->batch)
		b = ledger_batch_new(A);
	for (i = 0; i < j->n; i++) {
		memset(&e, 0, sizeof(e));
		e.idem_key = j->steps[i].key;
		e.kind = "probe";
		e.memo = "ledger probe";
		if (b != NULL)
			j->rc = ledger_batch_add(b, &e, j->steps[i].legs,
			    j->steps[i].n);
		else
			j->rc = ledger_post(A, &e, j->steps[i].legs,
			    j->steps[i].n, &id);
		if (j->rc != 0 && j->rc != LEDGER_EDUP)
			return j->rc;
	}
	if (b != NULL && (j->rc = ledger_batch_post(b)) != 0)
		return j->rc;
	return j->fail_after ? j->fail_after : 0;
}

static int
run(const struct step *steps, size_t n, int batch, int fail_after)
{
	struct job j = { steps, n, batch, fail_after, 0 };
	int rc = db_tx(job_tx, &j);

	return rc == 0 ? j.rc : rc;
}

/* A member's 零钱 moved to or from the probe account. */
static struct step
move(const char *k, long long m, int64_t to_member)
{
	struct step s;

	memset(&s, 0, sizeof(s));
	s.key = k;
	s.n = 2;
	s.legs[0] = (struct ledger_leg){ LEDGER_MEMBER, m, "main", "CHANGE",
	    to_member };
	s.legs[1] = (struct ledger_leg){ LEDGER_SYSTEM, 0, PROBE, "CHANGE",
	    -to_member };
	return s;
}

static void
batch_skips_an_entry_posted_before(void **state)
{
	long long	m = member[0];
	int64_t		before = balance(m, "CHANGE");
	struct step	s[2];

	(void)state;
	s[0] = move(key("dup.1"), m, -1000);
	s[1] = move(key("dup.2"), m, -2000);
	assert_int_equal(run(s, 1, 0, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), before - 1000);
	/* the batch meets dup.1 again: skipped, dup.2 posted */
	assert_int_equal(run(s, 2, 1, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), before - 3000);
	assert_int_equal(journal_rows(s[0].key), 1);
	assert_int_equal(posting_rows(s[0].key), 2);
	assert_int_equal(journal_rows(s[1].key), 1);
	assert_int_equal(posting_rows(s[1].key), 2);
	/* and the whole batch again moves nothing */
	assert_int_equal(run(s, 2, 1, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), before - 3000);
}

static void
batch_refuses_to_overdraw_and_leaves_nothing(void **state)
{
	long long	m = member[1];
	int64_t		before = balance(m, "CHANGE");
	struct step	s[2];

	(void)state;
	s[0] = move(key("over.1"), m, -1);
	s[1] = move(key("over.2"), m, -before);	/* one unit too many */
	assert_int_equal(run(s, 2, 1, 0), LEDGER_EFUNDS);
	assert_int_equal(balance(m, "CHANGE"), before);
	assert_int_equal(journal_rows(s[0].key), 0);
	assert_int_equal(journal_rows(s[1].key), 0);
}

static void
batch_checks_each_accounts_net_movement(void **state)
{
	long long	m = member[1];
	int64_t		before = balance(m, "CHANGE");
	struct step	s[2];

	(void)state;
	/* the debit first, one unit more than the balance, then a credit of
	 * that unit: refused one by one, posted as a batch */
	s[0] = move(key("net.1"), m, -(before + 1));
	s[1] = move(key("net.2"), m, 1);
	assert_int_equal(run(s, 2, 0, 0), LEDGER_EFUNDS);
	assert_int_equal(balance(m, "CHANGE"), before);
	assert_int_equal(run(s, 2, 1, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), 0);
	/* give it back for the tests after */
	s[0] = move(key("net.back"), m, before);
	assert_int_equal(run(s, 1, 0, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), before);
}

/* Three accounts move: the balances go through the many-row UPDATE, not
 * the two-row one; an overdraft there is refused too, for one entry and
 * for a batch, and nothing moves. */
static void
three_account_overdraft_refused_and_leaves_nothing(void **state)
{
	long long	m0 = member[0], m2 = member[2];
	int64_t		b0 = balance(m0, "CHANGE"), b2 = balance(m2, "CHANGE");
	struct step	s[2];

	(void)state;
	memset(s, 0, sizeof(s));
	s[0].key = key("three.one");
	s[0].n = 3;
	s[0].legs[0] = (struct ledger_leg){ LEDGER_MEMBER, m0, "main",
	    "CHANGE", -1 };
	s[0].legs[1] = (struct ledger_leg){ LEDGER_MEMBER, m2, "main",
	    "CHANGE", -(b2 + 1) };
	s[0].legs[2] = (struct ledger_leg){ LEDGER_SYSTEM, 0, PROBE, "CHANGE",
	    b2 + 2 };
	assert_int_equal(run(s, 1, 0, 0), LEDGER_EFUNDS);
	/* as a batch: one debit per entry, three accounts in all */
	s[0] = move(key("three.a"), m0, -1);
	s[1] = move(key("three.b"), m2, -(b2 + 1));
	assert_int_equal(run(s, 2, 1, 0), LEDGER_EFUNDS);
	assert_int_equal(balance(m0, "CHANGE"), b0);
	assert_int_equal(balance(m2, "CHANGE"), b2);
	assert_int_equal(journal_rows(key("three.one")), 0);
	assert_int_equal(journal_rows(s[0].key), 0);
}

/* An account whose movements in a batch sum to zero is left out of the
 * balance UPDATE (which would count it as not moved, an overdraft), and
 * its postings are still recorded. */
static void
batch_skips_accounts_that_net_to_zero(void **state)
{
	long long	m0 = member[0], m1 = member[1];
	int64_t		b0 = balance(m0, "CHANGE"), b1 = balance(m1, "CHANGE");
	struct step	s[3];

	(void)state;
	s[0] = move(key("zero.out"), m0, -100);
	s[1] = move(key("zero.back"), m0, 100);
	s[2] = move(key("zero.other"), m1, -50);
	assert_int_equal(run(s, 3, 1, 0), LEDGER_OK);
	assert_int_equal(balance(m0, "CHANGE"), b0);
	assert_int_equal(balance(m1, "CHANGE"), b1 - 50);
	assert_int_equal(posting_rows(s[0].key), 2);
	assert_int_equal(posting_rows(s[1].key), 2);
	assert_int_equal(posting_rows(s[2].key), 2);
	s[0] = move(key("zero.return"), m1, 50);
	assert_int_equal(run(s, 1, 0, 0), LEDGER_OK);
	assert_int_equal(balance(m1, "CHANGE"), b1);
}

static void
two_legs_overdraft_refused_exact_balance_passes(void **state)
{
	long long	m = member[2];
	int64_t		before = balance(m, "CHANGE");
	struct step	s;

	(void)state;
	assert_true(before > 0);
	s = move(key("two.over"), m, -(before + 1));
	assert_int_equal(run(&s, 1, 0, 0), LEDGER_EFUNDS);
	assert_int_equal(balance(m, "CHANGE"), before);
	assert_int_equal(journal_rows(s.key), 0);
	s = move(key("two.exact"), m, -before);
	assert_int_equal(run(&s, 1, 0, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), 0);
	assert_int_equal(posting_rows(s.key), 2);
	s = move(key("two.back"), m, before);
	assert_int_equal(run(&s, 1, 0, 0), LEDGER_OK);
	assert_int_equal(balance(m, "CHANGE"), before);
}

/* Accounts first used by a transaction that rolls back are gone with it;
 * had the process remembered their ids, the same entry posted again would
 * move rows that do not exist (LEDGER_EFUNDS: fewer rows than legs)
 * instead of creating the accounts again. One entry makes two: the
 * member's in a currency they hold none of yet (issued to them) and a
 * system kind no run used (paid by the member's 零钱). The same key both
 * times, so the same slot of the system account. For ledger_post and
 * for a batch. */
static void
accounts_of_a_rolled_back_transaction_are_not_remembered(void **state)
{
	long long	m = member[2];
	const char	*cur, *kind;
	int64_t		change = balance(m, "CHANGE");
	struct step	s;
	db_res		res;
	int		batch;

	(void)state;
	for (batch = 0; batch < 2; batch++) {
		kind = arena_printf(A, "probe%ld%c", (long)getpid() % 100000000,
		    batch ? 'b' : 'p');
		assert_int_equal(db_q(A, &res, "SELECT c.code FROM currencies c "
		    "WHERE c.code <> 'CHANGE' AND NOT EXISTS (SELECT 1 FROM "
		    "accounts a WHERE a.owner_type = 'member' AND a.owner_id = ? "
		    "AND a.currency = c.code) ORDER BY c.code LIMIT 1", DB_ARGS(
		    DB_INT(m))), DB_OK);
		assert_int_equal(res.nrows, 1);
		cur = arena_printf(A, "%s", db_str(&res, 0, 0));
		memset(&s, 0, sizeof(s));
		s.key = key(batch ? "new.batch" : "new.post");
		s.n = 4;
		s.legs[0] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "issue", cur,
		    -500 };
		s.legs[1] = (struct ledger_leg){ LEDGER_MEMBER, m, "main", cur,
		    500 };
		s.legs[2] = (struct ledger_leg){ LEDGER_MEMBER, m, "main",
		    "CHANGE", -100 };
		s.legs[3] = (struct ledger_leg){ LEDGER_SYSTEM, 0, kind,
		    "CHANGE", 100 };
		assert_int_equal(run(&s, 1, batch, -99), -99);
		assert_int_equal(count("SELECT COUNT(*) FROM accounts WHERE "
		    "kind = ?", kind), 0);
		assert_int_equal(count(arena_printf(A, "SELECT COUNT(*) FROM "
		    "accounts WHERE owner_type = 'member' AND owner_id = %lld "
		    "AND currency = ?", m), cur), 0);
		assert_int_equal(balance(m, cur), 0);
		assert_int_equal(balance(m, "CHANGE"), change);
		assert_int_equal(run(&s, 1, batch, 0), LEDGER_OK);
		assert_int_equal(balance(m, cur), 500);
		assert_int_equal(balance(m, "CHANGE"), change - 100);
		assert_int_equal(posting_rows(s.key), 4);
		change -= 100;
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_skips_an_entry_posted_before),
		cmocka_unit_test(batch_refuses_to_overdraw_and_leaves_nothing),
		cmocka_unit_test(batch_checks_each_accounts_net_movement),
		cmocka_unit_test(
		    three_account_overdraft_refused_and_leaves_nothing),
		cmocka_unit_test(batch_skips_accounts_that_net_to_zero),
		cmocka_unit_test(two_legs_overdraft_refused_exact_balance_passes),
		cmocka_unit_test(
		    accounts_of_a_rolled_back_transaction_are_not_remembered),
	};
	int	i, rc;

	if (argc != 4) {
		fputs("usage: test_ledger_db MEMBER MEMBER MEMBER\n", stderr);
		return 2;
	}
	for (i = 0; i < 3; i++)
		if ((member[i] = strtoll(argv[i + 1], NULL, 10)) <= 0)
			return 2;
	if (conf_load(NULL) != 0 || (A = arena_new()) == NULL) {
		fputs("test_ledger_db: no config (PINTUAN_CONF)\n", stderr);
		return 2;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	db_close();
	arena_free(A);
	return rc;
}
