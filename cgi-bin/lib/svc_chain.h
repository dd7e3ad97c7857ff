/* svc_chain: chain rewards (链动2+1, FEATURES G1–G3) and packages (礼包):
 * the order-event subscriber "chain" that, on the event named by the
 * setting chain.grant_on (paid or completed) of a package order, makes
 * the buyer an agent (the 2+1 split, their place in the team tree, the
 * rank the package grants), pays the order's rewards (direct, 见点,
 * 平级奖) through the payout path with their frozen part held in the
 * system account pool.chainfrozen, funds the dividend pool pool.chain, and
 * releases the frozen rewards of every member whose condition the order
 * completes; the pool's settlement by rank (a job); the member's and the
 * back office's views; ctl verify. The rules are in rules/chain.h. */
#ifndef PT_SVC_CHAIN_H
#define PT_SVC_CHAIN_H
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "chain.h"
#include "events.h"
#include "svc.h"

#define CHAIN_POOL	"pool.chain"
#define CHAIN_FROZEN	"pool.chainfrozen"

/* The configuration from the settings chain.*: CHAIN_OK, or CHAIN_EINVAL
 * with msg filled (a stored value the rules refuse). The amounts, counts
 * and switches are filled either way. */
int	chain_conf_load(struct chain_conf *c, char *msg, size_t msgsz);

/* events_fn: the subscriber "chain" (see above). A rerun finds the
 * order's chain_orders row and does nothing. */
int	chain_on_order(arena *a, const struct order_ev *ev, char *err,
	    size_t errlen);
/* Whether it runs inline, in the order's transaction (chain.inline). */
int	chain_inline(void);

/* --- packages ------------------------------------------------------------ */

/* Makes product a package granting grants ("agent" or a rank of
 * chain.pool_ranks), or (grants NULL or "") no package any more. Audited.
 * 0, or SVC_EREFUSED with e filled (the field named). */
int	chain_package_set(arena *a, long long product, const char *grants,
	    long long admin, const char *ip, struct svc_err *e);
/* The package zone's list is product_package_list (svc_product.h). */

/* --- views --------------------------------------------------------------- */

/* GET /team/chain: {status, status_name, since, boss_id, rank, unfrozen
 * (bool), left_behind: [ids], left: [{id, phone, status, slot,
 * team_orders}], team_orders, release_orders, rewards: {direct, see,
 * peer, total} (text ¥), frozen, released (text ¥), history: [...],
 * tree: [...], rules: [words], packages: [...]}. A new object, or NULL
 * on a database error. */
struct json_object *chain_member_view(arena *a, long long member);
/* The team tree under member (placement), at most 3 levels and 200
 * members: a new array of {id, phone, status, depth, parent}. */
struct json_object *chain_tree_view(arena *a, long long member);
/* Σ the member's unreleased frozen chain rewards (for the wallet). */
int64_t	chain_frozen_of(arena *a, long long member);
/* Back office: pool balance, frozen total, counts, packages, the last
 * settlements. A new object, or NULL on a database error. */
struct json_object *chain_admin_view(arena *a);

/* --- the dividend pool (G2) ---------------------------------------------- */

/* The job chain.pool: shares the pool when the period (chain.pool_period:
 * the previous month, or yesterday) was not shared yet. *settled: 1 when
 * it shared. 0 or a db_err. */
int	chain_pool_settle(arena *a, int *settled, char *err, size_t errlen);

/* ctl verify: every reward traces to a package order (chain_orders and
 * orders), the pool.chainfrozen balance is Σ unreleased frozen parts,
 * pool.chain is Σ pools in − Σ settled, every reward's paid part and
 * frozen part have their ledger entries, at most 3 generations. Calls
 * report once per violation; returns their number or a negative db_err. */
int	chain_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
