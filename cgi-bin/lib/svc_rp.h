/* svc_rp: the red-packet rain (红包雨, FEATURES E1–E3): creating a rain
 * (its total into escrow through the ledger, its packets split at once
 * by rules/rp.h), grabbing a packet, cancelling a scheduled rain, ending
 * one (the job rp.end returns what is unclaimed), the pages' views and
 * the `ctl verify` checks.
 *
 * Money: the platform funds a rain from the 零钱 issuing account into
 * the system account rp_escrow (journal kind rp.fund, reference rp/<id>);
 * each grab pays one packet from rp_escrow into the member's 零钱 (rp.grab,
 * one journal entry per packet, memo "红包雨 #<id> 抢到红包"); the end or
 * a cancellation returns the open packets' sum to the issuing account
 * (rp.return). So the rain's share of rp_escrow is always total − paid −
 * returned, which `ctl verify` checks. */
#ifndef PT_SVC_RP_H
#define PT_SVC_RP_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* A new rain as the operator typed it. start_at, end_at: "YYYY-MM-DD
 * HH:MM[:SS]" (or with a T, as a datetime-local input sends), Beijing
 * time; joined_before: "" / NULL for every member, else a date time in
 * the same form. */
struct rp_new {
	const char	*title;
	int64_t		 total;		/* fen */
	long long	 count, cap;
	const char	*start_at, *end_at, *joined_before;
};

/* Creates the rain; *id receives its id. 0, or SVC_EREFUSED with e filled (400
 * with the field for bad input). Audited (rp.create). */
int	rp_create(arena *a, const struct rp_new *n, long long admin,
	    const char *ip, long long *id, struct svc_err *e);
/* Cancels a rain that has not started: every packet returns to the
 * platform. 0, or SVC_EREFUSED (404, 409 not_scheduled). Audited (rp.cancel). */
int	rp_cancel(arena *a, long long id, long long admin, const char *ip,
	    struct svc_err *e);
/* Ends the rain id when its end_at has passed (the job rp.end, payload
 * the id): the open packets return to the platform, the seed is
 * revealed. Idempotent: an ended or cancelled rain is left alone. 0 or a
 * db_err. */
int	rp_end(arena *a, long long id);

/* One grab by member of rain (client_key: the Idempotency-Key, or
 * NULL). On success amount, count (the member's packets in the rain
 * now), mine (their sum) and replayed (the key's first result) are set. */
struct rp_grab {
	long long	 rain, member;
	const char	*client_key;
	int64_t		 amount, mine;
	long long	 count, seq;
	int		 replayed;
};
/* 0, or SVC_EREFUSED with e filled: 404 not_found; 409 not_live (not started, over
 * or cancelled), cap (the member took cap packets), empty (none left),
 * not_eligible (registered after the rain's date). */
int	rp_grab(arena *a, struct rp_grab *g, struct svc_err *e);

/* The rain as the pages show it: {id, title, status (scheduled|live|
 * ended|cancelled), status_label, total, count, cap, grabbed, paid,
 * left, commitment, seed (ended or cancelled only), start_at, end_at,
 * start_ts, end_ts, now_ts} and, for member > 0, mine {count, total,
 * packets[{seq, amount, at}]}. NULL when there is no such rain (*found
 * 0) or on a database error (*found 1). */
struct json_object *rp_view(arena *a, long long id, long long member,
	    int *found);
/* The rain to show on the home page and /rp: the live one ending
 * soonest, else the next scheduled one (within rp.poster_hours), as
 * rp_view without mine; NULL when none (or on error). */
struct json_object *rp_next(arena *a);
/* Recent rains for /rp: live and scheduled first, then the ended ones,
 * one page. New array or NULL. */
struct json_object *rp_list(arena *a, long long page, long long per,
	    long long *total);
/* The packets of an ended rain in split order, [{seq, amount}] with the
 * seed for the verify page; NULL unless ended or cancelled. */
struct json_object *rp_packets(arena *a, long long id);

/* The back office: rains by status ("" all, "scheduled", "live",
 * "ended", "cancelled"), newest first, each with grabbed, paid, left,
 * returned and its top grabbers (phones masked). */
struct json_object *rp_admin_list(arena *a, const char *status,
	    long long page, long long per, long long *total);

/* ctl verify: per rain, escrow share = total − paid − returned; grabbed
 * packets = rp.grab journal entries; nobody above the cap; an ended
 * rain's escrow share is 0. Calls report per violation; returns their
 * number or a db_err. */
int	rp_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
