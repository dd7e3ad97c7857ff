/* payout: the one library module that applies reward lines (rules/reward.h)
 * through the ledger, inside the caller's transaction (call it from a
 * db_tx function). Each line is one journal entry keyed by its own key, so
 * a rerun pays nothing twice: a line whose key was posted before is
 * reported as PAYOUT_DUP and moves nothing, and the caller decides whether
 * that is fine (a job rerun) or not. CONVERT / RELEASE lines with capped
 * set take at most what the member holds (less what earlier lines of the
 * same call take); a capped line that finds nothing is PAYOUT_SKIPPED.
 *
 * Batched: with a ledger batch (the draw posts dozens of lines) the entries
 * are queued on it and written by the caller's ledger_batch_post; without
 * one each line is posted at once. */
#ifndef PT_PAYOUT_H
#define PT_PAYOUT_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "reward.h"

struct ledger_batch;

enum payout_state {
	PAYOUT_PAID = 0,	/* posted (or queued on the batch) */
	PAYOUT_DUP = 1,		/* key posted before: nothing moved */
	PAYOUT_SKIPPED = 2	/* capped to zero: nothing to move */
};

struct payout_opts {
	const char		*ref_type;	/* default ref of the entries */
	long long		 ref_id;
	long long		 admin_id;	/* acting admin, or 0 */
	struct ledger_batch	*batch;		/* NULL: post each line now */
	long long		*entry;		/* NULL, or receives each line's
						 * journal entry id (the first
						 * one when DUP; 0 when queued
						 * on the batch or SKIPPED) */
};

/* Applies l[0..n) in order. state (may be NULL) receives each line's
 * enum payout_state and amount (may be NULL) what it really moved to the
 * beneficiary (after capping; 0 when DUP or SKIPPED). Returns 0, or a
 * negative LEDGER_* / db_err code (the caller must roll back; DB_ERETRY
 * lets db_tx retry). REWARD_EINVAL lines are LEDGER_EUNBALANCED; an
 * uncapped line the member cannot cover is LEDGER_EFUNDS (at once, or
 * from ledger_batch_post). o must not be NULL; the lines' strings must
 * outlive the batch. With a batch, the keys of the call are looked up in
 * one query: a line posted before is DUP and not queued. */
int	payout_apply(arena *a, const struct payout_opts *o,
	    const struct reward_line *l, size_t n, int *state,
	    int64_t *amount);

#endif
