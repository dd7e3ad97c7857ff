/* svc_cockpit: the operator's cockpit (I7, issue 20): what waits for the
 * back office (to-do counts with the queue each links to), the money that
 * moved through members' accounts by kind (from the ledger: each entry's
 * net over member accounts, so a freeze or a transfer between members is
 * no flow), and daily trends; read-only. */
#ifndef PT_SVC_COCKPIT_H
#define PT_SVC_COCKPIT_H
#include <json-c/json.h>
#include "arena.h"

/* Chinese name of a journal kind ("充值", "提现打款" …; "其他" when
 * unknown, never the code). */
const char	*ledger_kind_name(const char *kind);

/* Chinese name of a scheduled job's kind ("每日分红" …; never the code). */
const char	*job_kind_name(const char *kind);

/* The to-do list: [{label, count, href, warn}] (href NULL when there is
 * no page). New array or NULL on a db error. */
struct json_object *cockpit_todo(arena *a);

/* Money in / out of members' accounts between from and to (dates
 * "YYYY-MM-DD", to inclusive), by kind and currency: {rows: [{kind_name,
 * currency_name, in, out, net}], days: [{date, in, out}] (CHANGE only,
 * every day of the range)}. in and out are decimal strings, out positive.
 * New object or NULL. */
struct json_object *cockpit_flows(arena *a, const char *from, const char *to);

/* Today's headline numbers: new members, draws, orders, recharges,
 * withdrawals paid. New object or NULL. */
struct json_object *cockpit_today(arena *a);

/* The last days (ending today) day by day: {dates: [...], members: [...],
 * draws: [...], recharge: [...], payout: [...]} (amounts as decimal
 * strings). New object or NULL. */
struct json_object *cockpit_trend(arena *a, int days);

#endif

#ifndef PT_SVC_COCKPIT_OBL
#define PT_SVC_COCKPIT_OBL
/* What the platform owes members (unreleased 购物金, queue entitlements,
 * 消费积分 × ad reward, pending withdrawals, goods owed to owners and
 * leaders) next to the money that backs it (the platform's revenue and
 * pools), in fen: {owed: [{label, amount}], owed_total, backing: [...],
 * backing_total, ratio ("85.3%" or "—"), low (below
 * economy.backing_min_bp), min ("100%")}. *ratio_bp is set (-1: nothing
 * owed). New object or NULL. */
struct json_object *cockpit_obligations(arena *a, long long *ratio_bp);

/* The compliance check (issue 20): the live configuration against each
 * rule, [{title, rule, citation, level ("ok", "warn", "bad"),
 * level_name, detail}], and counts {ok, warn, bad}. New object or NULL. */
struct json_object *cockpit_compliance(arena *a);
#endif
