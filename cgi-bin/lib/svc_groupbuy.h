/* svc_groupbuy: the group-buy engine (FEATURES D1–D6, D9, D10; I4).
 *
 * Activities are JSON configurations (rules/gb.h) kept as immutable
 * versions; a group keeps the version it opened under. Joining is one
 * transaction: the member's row is locked (daily limit, one join at a
 * time), a free seat is claimed (public groups: the lowest free seat of
 * the oldest open group, found with SKIP LOCKED in gb_free_seats, so
 * joiners of one group take its seats side by side), the seat row's unique
 * key (group, member) refuses a second seat, the stake moves from the
 * member's 零钱 into escrow through the ledger, and last — so these rows
 * are held only until the COMMIT — the group's `taken` is counted and the
 * chosen product's stock reserved. The join that takes the last seat draws
 * the group at once, in a second transaction (the scheduler draws a full
 * group whose joiner could not): eligibility (rules/gb_elig), the provably
 * fair pick (rules/gb_draw), winners' stakes become orders the merchant
 * ships, losers are refunded, the reward schedule (rules/gb_reward) is
 * posted one journal entry per line and beneficiary (in one ledger batch),
 * with a key unique per group, so nothing can pay twice. */
#ifndef PT_SVC_GROUPBUY_H
#define PT_SVC_GROUPBUY_H
#include <json-c/json.h>
#include "arena.h"
#include "gb.h"
#include "gb_sim.h"
#include "svc.h"

/* Loads an activity version's configuration (parsed once per process and
 * cached; versions never change). 0, or a db_err / -1 when the stored
 * configuration no longer parses. */
int	gb_version_load(arena *a, long long version, struct gb_activity *out);

/* A currency's name (零钱 for CHANGE), read once per process; the code
 * itself when unknown. */
const char *gb_currency_name(arena *a, const char *code);
/* Creates (id 0) or edits an activity from its JSON text, as a new
 * version; products must exist and be listed. admin 0 for ctl. On a
 * validation failure returns SVC_EREFUSED with e filled from the first
 * error and *errs listing every one; on success 0 with *id set. Audited. */
int	gb_activity_save(arena *a, long long id, const char *json,
	    long long admin, const char *ip, long long *out_id,
	    struct gb_errors *errs, struct svc_err *e);
/* Pauses or resumes ("active" / "paused") an activity. Audited. */
int	gb_activity_status(arena *a, long long id, const char *status,
	    long long admin, const char *ip, struct svc_err *e);

/* Opens a group: by a leader (admin 0: the activity must be in leader
 * mode and leader must hold 团长; owner 0 or a 群主 the leader invited),
 * or by an admin by hand (D9; leader required only in leader mode). */
int	gb_open(arena *a, long long activity, long long leader, long long owner,
	    long long admin, const char *ip, long long *group,
	    struct svc_err *e);

struct gb_join {
	long long	 member;
	long long	 group;		/* leader mode: the group */
	long long	 activity;	/* public mode: the activity */
	long long	 product;	/* the prize chosen; 0: the first */
	int		 voucher;	/* or the n-th 购物券 option (1-based,
					 * D1); 0: none (without products the
					 * first) */
	const char	*idem;		/* client key or NULL */
	/* out */
	long long	 group_out;
	int		 seat;
	int		 full;		/* this join took the last seat */
	int		 drawn;		/* … and the group's draw ran (else the
					 * scheduler draws it shortly) */
	int		 replayed;
};
int	gb_join(arena *a, struct gb_join *j, struct svc_err *e);

/* D9: fills a group's empty seats with platform seats (never winning)
 * and draws it. Audited. */
int	gb_fill(arena *a, long long group, long long admin, const char *ip,
	    struct svc_err *e);
/* An owner promotes one of their leader's open groups (becomes its
 * owner, D2). */
int	gb_promote(arena *a, long long group, long long owner,
	    struct svc_err *e);

/* D11: a winner opens the blind box of their won seat, once: the prize
 * table is the setting gb.blindbox, the draw is the group's stream after
 * the winners (verifiable like the draw). *out (new object: label,
 * currency, amount, draw) on success. */
int	gb_box_open(arena *a, long long group, long long member,
	    struct json_object **out, struct svc_err *e);

/* For the scheduler, inside its transaction: fails at most limit expired
 * leader groups that are not full, refunding every stake, and draws the
 * full groups left undrawn. Returns how many, or an error. */
int	gb_expire_due(arena *a, int limit);

/* Recomputes a drawn group's winners from its revealed seed and checks
 * the commitment and the recorded results. 0 when everything matches; 1
 * with msg saying what differs; a negative db_err. */
int	gb_verify_draw(arena *a, long long group, char *msg, size_t len);

/* Views (new objects, NULL when absent or on a db error). viewer is the
 * member looking (0: a visitor). */
struct json_object *gb_group_view(arena *a, long long id, long long viewer);
struct json_object *gb_activity_view(arena *a, long long id, long long viewer);
/* Active activities by price zone, for the group-buy home page: a new
 * reference to an array the process keeps for up to a second (read it,
 * do not change it). */
struct json_object *gb_home(arena *a);
/* Groups filling now, for the home page: up to n open groups with seats
 * taken, the soonest to close first: [{id, activity, taken, size,
 * missing, price}]. New array, or NULL on a database error. */
struct json_object *gb_live(arena *a, int n);
/* The member's seats, newest first. */
struct json_object *gb_my_groups(arena *a, long long member, long long page,
	    long long per, long long *total);
/* Groups a leader opened, or an owner promotes (as_owner), newest first. */
struct json_object *gb_led_groups(arena *a, long long member, int as_owner,
	    long long page, long long per, long long *total);
/* Open groups of the owner's inviting leader not yet promoted by anyone. */
struct json_object *gb_promotable(arena *a, long long owner);
/* Back office: activities; groups by status ("open", "unfilled" = open
 * with free seats, "drawn", "failed", "" all). */
struct json_object *gb_admin_activities(arena *a);
struct json_object *gb_admin_groups(arena *a, const char *status,
	    long long activity, long long page, long long per,
	    long long *total);
/* Every activity as {id, name, price}, in gb_admin_activities' order: the
 * lean list for a picker. */
struct json_object *gb_activity_choices(arena *a);
/* The activity's current configuration as JSON text (for the editor and
 * export); NULL when absent. */
const char *gb_activity_config(arena *a, long long id);

/* --- D12: the economics simulator ---------------------------------------- */

/* Parses and validates an activity's configuration (a JSON object,
 * borrowed; NULL is refused) against the stored currencies, without saving
 * it. 0 with *out filled; the number of problems (> 0) with every one in
 * *errs (field names as gb_activity_parse gives them); or a negative
 * db_err (errs->n 0) when the currencies could not be read. */
int	gb_activity_check(arena *a, struct json_object *config,
	    struct gb_activity *out, struct gb_errors *errs);

/* The simulator's default assumptions: gb_sim_defaults, overridden by the
 * settings sim.cost_bp, sim.uplines, sim.gold_held and, for every stored
 * currency, currency.<CODE>.cash_value_bp (sql/016_simulator.sql); a key
 * absent, of another type or out of range (cost and values 0 … 100000 bp)
 * keeps the built-in default. 0, or a db_err (*as then holds the built-in
 * defaults and the settings read so far). */
int	gb_sim_assume_load(arena *a, struct gb_sim_assume *as);

/* Simulates act under as (rules/gb_sim) and returns the result as a new
 * view object: {inflow, outflow, profit (amounts "12.34"), profit_bp,
 * profit_pct ("-16.26%"), per_yuan ("-0.1626": profit per ¥1 taken),
 * loss (bool), lines: [{label, amount, count, units, unit, value ("100.00%"),
 * kind ("cost", "credit", "convert", "release", "pool", "share"),
 * negative (bool)}], assume: {cost_bp, cost_pct, uplines, gold_held},
 * values: [{code, name, bp, pct}] (the cash value of every currency a line
 * uses), activity: {name, price, seats, winners, mode}}. NULL when the
 * simulation fails (an undrawable activity) or memory ran out. */
struct json_object *gb_sim_view(arena *a, const struct gb_activity *act,
	    const struct gb_sim_assume *as);

#endif
