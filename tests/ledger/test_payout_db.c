/* test_payout_db: payout_apply (lib/payout.c) against the live test
 * database (PINTUAN_CONF; run by tests/http/ledger_db.test.mjs with three
 * fresh members, each credited 100.00 零钱: ./test_payout_db A B C). Each
 * action posts the balances its legs say; the same lines again are
 * PAYOUT_DUP and move nothing; a capped release takes at most what the
 * member holds, less what earlier lines of the call took, and is
 * PAYOUT_SKIPPED when nothing is left; with a ledger batch the lines are
 * queued and moved by ledger_batch_post; a bad line or an overdraft rolls
 * the transaction back.
 *
 * Pool legs go to a system kind of the run's own (issued into first, so
 * `ctl verify` keeps holding); keys carry the process id, so the program
 * can run again on the same database. */
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
#include "payout.h"

static arena		*A;
static long long	 member[3];
static const char	*POOL;		/* this run's pool kind */

static const char *
key(const char *what)
{
	return arena_printf(A, "payout.probe:%ld:%s", (long)getpid(), what);
}

static int64_t
balance(long long m, const char *currency)
{
	int64_t v = -1;

	assert_int_equal(ledger_balance(A, m, "main", currency, &v), DB_OK);
	return v;
}

static int64_t
pool_balance(void)
{
	db_res res;

	assert_int_equal(db_q(A, &res, "SELECT COALESCE(SUM(balance), 0) FROM "
	    "accounts WHERE owner_type = 'system' AND kind = ? AND "
	    "currency = 'CHANGE'", DB_ARGS(DB_TEXT(POOL))), DB_OK);
	return db_ll(&res, 0, 0);
}

static long long
journal_rows(const char *k)
{
	db_res res;

	assert_int_equal(db_q(A, &res, "SELECT COUNT(*) FROM journal WHERE "
	    "idem_key = ?", DB_ARGS(DB_TEXT(k))), DB_OK);
	return db_ll(&res, 0, 0);
}

static struct reward_line
line(enum reward_act act, long long to, const char *currency,
    int64_t amount, const char *what)
{
	struct reward_line l;

	memset(&l, 0, sizeof(l));
	l.act = act;
	l.to = to;
	l.currency = currency;
	l.amount = amount;
	l.kind = "probe";
	l.key = key(what);
	l.memo = "payout probe";
	return l;
}

/* One payout_apply in a transaction, optionally on a batch that is then
 * posted; fail_after makes it roll back after. */
struct job {
	const struct reward_line	*l;
	size_t				 n;
	int				 batch;
	int				 state[8];
	int64_t				 amount[8];
	long long			 entry[8];
	int64_t				 queued_delta;	/* member[0] CHANGE, before post */
};

static int
job_tx(void *ud)
{
	struct job		*j = ud;
	struct payout_opts	 o;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.ref_type = "probe";
	o.ref_id = 7;
	o.entry = j->entry;
	if (j->batch)
		o.batch = ledger_batch_new(A);
	if ((rc = payout_apply(A, &o, j->l, j->n, j->state, j->amount)) != 0)
		return rc;
	if (o.batch != NULL) {
		j->queued_delta = ledger_batch_delta(o.batch, member[0], "main",
		    "CHANGE");
		return ledger_batch_post(o.batch);
	}
	return 0;
}

static int
run(struct job *j, const struct reward_line *l, size_t n, int batch)
{
	memset(j, 0, sizeof(*j));
	j->l = l;
	j->n = n;
	j->batch = batch;
	return db_tx(job_tx, j);
}

/* Credit, release, conversion at a rate, pool in and pool share, posted
 * one by one; then the same lines again: all DUP, nothing moves. */
static void
each_action_posts_its_balances_and_a_rerun_is_dup(void **state)
{
	long long		m = member[0];
	struct reward_line	l[5];
	struct job		j;
	int64_t			change = balance(m, "CHANGE"),
				gold = balance(m, "GOLD"),
				pts = balance(m, "POINTS"),
				pool = pool_balance();
	long long		first[5];
	db_res			res;
	size_t			i;

	(void)state;
	l[0] = line(REWARD_CREDIT, m, "GOLD", 1000, "each.credit");
	l[1] = line(REWARD_RELEASE, m, "CHANGE", 300, "each.release");
	l[1].from = "GOLD";
	/* 10.00 零钱 become 100.00 积分 */
	l[2] = line(REWARD_CONVERT, m, "POINTS", 10000, "each.convert");
	l[2].from = "CHANGE";
	l[2].amount_from = 1000;
	l[3] = line(REWARD_POOL_IN, 0, "CHANGE", 500, "each.pool_in");
	l[3].pool = POOL;
	l[4] = line(REWARD_POOL_SHARE, m, "CHANGE", 200, "each.share");
	l[4].pool = POOL;
	l[4].ref_type = "day";
	l[4].ref_id = 20260101;
	assert_int_equal(run(&j, l, 5, 0), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(j.state[i], PAYOUT_PAID);
		assert_int_equal(j.amount[i], l[i].amount);
		assert_true(j.entry[i] > 0);
		first[i] = j.entry[i];
	}
	assert_int_equal(balance(m, "GOLD"), gold + 1000 - 300);
	assert_int_equal(balance(m, "CHANGE"), change + 300 - 1000 + 200);
	assert_int_equal(balance(m, "POINTS"), pts + 10000);
	assert_int_equal(pool_balance(), pool + 500 - 200);
	/* the entries: kind, memo, the member, the default or own ref */
	assert_int_equal(db_q(A, &res, "SELECT kind, memo, member_id, ref_type, "
	    "ref_id FROM journal WHERE idem_key = ?", DB_ARGS(DB_TEXT(l[1].key))),
	    DB_OK);
	assert_string_equal(db_str(&res, 0, 0), "probe");
	assert_string_equal(db_str(&res, 0, 1), "payout probe");
	assert_int_equal(db_ll(&res, 0, 2), m);
	assert_string_equal(db_str(&res, 0, 3), "probe");
	assert_int_equal(db_ll(&res, 0, 4), 7);
	assert_int_equal(db_q(A, &res, "SELECT ref_type, ref_id FROM journal "
	    "WHERE idem_key = ?", DB_ARGS(DB_TEXT(l[4].key))), DB_OK);
	assert_string_equal(db_str(&res, 0, 0), "day");
	assert_int_equal(db_ll(&res, 0, 1), 20260101);
	/* again, one by one and as a batch: DUP, the first entries, no move */
	for (int batch = 0; batch < 2; batch++) {
		assert_int_equal(run(&j, l, 5, batch), 0);
		for (i = 0; i < 5; i++) {
			assert_int_equal(j.state[i], PAYOUT_DUP);
			assert_int_equal(j.amount[i], 0);
			assert_int_equal(j.entry[i], first[i]);
			assert_int_equal(journal_rows(l[i].key), 1);
		}
		assert_int_equal(balance(m, "GOLD"), gold + 700);
		assert_int_equal(balance(m, "CHANGE"), change - 500);
		assert_int_equal(balance(m, "POINTS"), pts + 10000);
		assert_int_equal(pool_balance(), pool + 300);
	}
}

/* A member given 5.00 购物金, then three capped releases of 3.00 in one
 * call: 3.00, the 2.00 left, then nothing (SKIPPED, no entry). One by one
 * and on a batch. */
static void
capped_release_takes_at_most_what_is_held(void **state)
{
	struct reward_line	l[4];
	struct job		j;
	int			batch;

	(void)state;
	for (batch = 0; batch < 2; batch++) {
		long long	m = member[1 + batch];
		int64_t		change = balance(m, "CHANGE"),
				gold = balance(m, "GOLD");
		const char	*p = batch ? "cap.b." : "cap.p.";
		int		i;

		assert_int_equal(gold, 0);
		l[0] = line(REWARD_CREDIT, m, "GOLD", 500,
		    arena_printf(A, "%scredit", p));
		for (i = 1; i < 4; i++) {
			l[i] = line(REWARD_RELEASE, m, "CHANGE", 300,
			    arena_printf(A, "%s%d", p, i));
			l[i].from = "GOLD";
			l[i].capped = 1;
		}
		assert_int_equal(run(&j, l, 4, batch), 0);
		assert_int_equal(j.state[0], PAYOUT_PAID);
		assert_int_equal(j.state[1], PAYOUT_PAID);
		assert_int_equal(j.amount[1], 300);
		assert_int_equal(j.state[2], PAYOUT_PAID);
		assert_int_equal(j.amount[2], 200);
		assert_int_equal(j.state[3], PAYOUT_SKIPPED);
		assert_int_equal(j.amount[3], 0);
		assert_int_equal(j.entry[3], 0);
		assert_int_equal(journal_rows(l[3].key), 0);
		assert_int_equal(balance(m, "GOLD"), 0);
		assert_int_equal(balance(m, "CHANGE"), change + 500);
	}
}

/* On a batch nothing moves until ledger_batch_post: the batch holds the
 * legs (its delta), the journal has no row yet inside the call. */
static void
batched_lines_are_queued_then_posted(void **state)
{
	long long		m = member[0];
	struct reward_line	l[2];
	struct job		j;
	int64_t			change = balance(m, "CHANGE");

	(void)state;
	l[0] = line(REWARD_CREDIT, m, "CHANGE", 150, "batch.1");
	l[1] = line(REWARD_CREDIT, m, "CHANGE", 250, "batch.2");
	assert_int_equal(run(&j, l, 2, 1), 0);
	assert_int_equal(j.queued_delta, 400);
	assert_int_equal(j.state[0], PAYOUT_PAID);
	assert_int_equal(j.state[1], PAYOUT_PAID);
	assert_int_equal(j.entry[0], 0);	/* queued: no id yet */
	assert_int_equal(balance(m, "CHANGE"), change + 400);
	assert_int_equal(journal_rows(l[0].key), 1);
	assert_int_equal(journal_rows(l[1].key), 1);
}

/* A bad line, or an uncapped release beyond the balance, fails the call
 * and the transaction rolls back: the lines before it move nothing. */
static void
bad_line_or_overdraft_rolls_back(void **state)
{
	long long		m = member[0];
	struct reward_line	l[2];
	struct job		j;
	int64_t			change = balance(m, "CHANGE"),
				gold = balance(m, "GOLD");

	(void)state;
	l[0] = line(REWARD_CREDIT, m, "CHANGE", 100, "bad.1");
	l[1] = line(REWARD_CREDIT, m, "CHANGE", 0, "bad.2");
	assert_int_equal(run(&j, l, 2, 0), LEDGER_EUNBALANCED);
	assert_int_equal(run(&j, l, 2, 1), LEDGER_EUNBALANCED);
	l[1] = line(REWARD_RELEASE, m, "CHANGE", gold + 1, "over.2");
	l[1].from = "GOLD";
	assert_int_equal(run(&j, l, 2, 0), LEDGER_EFUNDS);
	assert_int_equal(run(&j, l, 2, 1), LEDGER_EFUNDS);
	assert_int_equal(balance(m, "CHANGE"), change);
	assert_int_equal(balance(m, "GOLD"), gold);
	assert_int_equal(journal_rows(l[0].key), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    each_action_posts_its_balances_and_a_rerun_is_dup),
		cmocka_unit_test(capped_release_takes_at_most_what_is_held),
		cmocka_unit_test(batched_lines_are_queued_then_posted),
		cmocka_unit_test(bad_line_or_overdraft_rolls_back),
	};
	int	i, rc;

	if (argc != 4) {
		fputs("usage: test_payout_db MEMBER MEMBER MEMBER\n", stderr);
		return 2;
	}
	for (i = 0; i < 3; i++)
		if ((member[i] = strtoll(argv[i + 1], NULL, 10)) <= 0)
			return 2;
	if (conf_load(NULL) != 0 || (A = arena_new()) == NULL) {
		fputs("test_payout_db: no config (PINTUAN_CONF)\n", stderr);
		return 2;
	}
	POOL = arena_printf(A, "probe.pool%ld", (long)getpid() % 100000000);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	db_close();
	arena_free(A);
	return rc;
}
