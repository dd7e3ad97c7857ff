/* gb_sim: the economics simulator of a group-buy activity (FEATURES D12).
 *
 * It runs the real reward engine (gb_plan in gb_reward.c) on one synthetic
 * full group that draws successfully, and values what the plan pays in
 * cash, so that an operator sees per draw: the money in, every line of
 * money out, the platform's profit and the profit per ¥ taken.
 *
 * The synthetic group: seats 1 … N are all members; seats 1 … M (the
 * activity's winners) win, the others lose. Every seat has its own 1代 and
 * 2代 upline, region and branch (distinct ids); the merchant exists; the
 * group has a leader, a leader's recommender and an owner; everybody is a
 * promoter (A6), so promoter-only lines pay. Everybody holds plenty of
 * every currency (convert and release lines are not capped), except:
 *   - uplines 0: seats have no 1代 / 2代 upline, their lines pay nobody;
 *   - gold_held 0: nobody holds 购物金 before the draw, so a release pays
 *     only out of 购物金 that an earlier line of the same plan credited to
 *     the same member (the engine's own rule: the 全民拼购 winner's 5%
 *     release is covered by the 100% 购物金 just credited; a loser's is 0).
 *
 * Money in: winners × price (the losers' stakes are refunded: neither in
 * nor out). Money out: the product cost, winners × price × cost_bp / 10000
 * half-up — or, for an activity without products but with 购物券 options
 * (D1), the winners' 购物券: winners × (the first option valued at the
 * cash value of VOUCHER, half-up) — then every planned reward valued in cash, each reward on its
 * own and rounded half-up (away from zero), at the currency's cash value
 * (basis points of a fen per smallest unit: 10000 = worth its face, 1000 =
 * a tenth, 0 = no cash value):
 *   credit   amount × value(currency)
 *   convert  amount × (value(to) − value(from)): what the member gains
 *            less what they give up (may be negative)
 *   release  the same as convert, 购物金 → 零钱; with 购物金 valued 0 (the
 *            default: it costs nothing until released) the full amount at
 *            零钱's value
 *   pool     amount × value(currency) (cash set aside for dividends)
 *   share    0: a dividend share is a claim on the daily pool, whose cash
 *            is counted where the pool is funded
 * Profit = in − out; profit_bp = profit × 10000 / in, rounded half away
 * from zero (bp_ratio in amount.h: −1625.95 → −1626; 0 when in is 0).
 *
 * Pure: no I/O, no database, no globals. Amounts are int64 fen. */
#ifndef PT_GB_SIM_H
#define PT_GB_SIM_H
#include <stddef.h>
#include <stdint.h>
#include "gb.h"

#define GB_SIM_MAX_VALUES	32	/* currencies with a cash value */
#define GB_SIM_VALUE_BP_MAX	100000	/* a unit worth at most 10× its face */
#define GB_SIM_COST_BP_MAX	100000	/* product cost at most 1000% of price */
#define GB_SIM_LABEL		384	/* bytes of a line's label, with NUL */

struct gb_sim_assume {
	int		 cost_bp;	/* product cost, bp of the price */
	int		 uplines;	/* bool: seats have 1代 / 2代 uplines */
	int		 gold_held;	/* bool: members hold 购物金 */
	size_t		 nvalues;
	struct {
		char	 code[GB_CODE_LEN + 1];
		int	 bp;		/* 0 … GB_SIM_VALUE_BP_MAX */
	}		 values[GB_SIM_MAX_VALUES];
};

struct gb_sim_line {
	int		 line;		/* the activity's reward line; -1: the prize
					 * (product cost, or D1 购物券) */
	char		 label[GB_SIM_LABEL];	/* Chinese, with "×count" */
	int		 count;		/* rewards the engine planned for it */
	int64_t		 units;		/* their sum, in the line's currency
					 * (share: units; cost line: money in) */
	int		 value_bp;	/* cash value per unit (convert, release:
					 * to − from; share 0; cost line: cost_bp) */
	int64_t		 amount;	/* cash out, fen; may be negative */
};

struct gb_sim_result {
	int64_t		 inflow, outflow, profit;
	int64_t		 profit_bp;
	struct gb_sim_line lines[GB_MAX_LINES + 1];	/* the cost line first */
	size_t		 nlines;
};

/* The default assumptions, which sql/016_simulator.sql mirrors as
 * settings: cost_bp 3000, uplines 1, gold_held 1; cash values CHANGE
 * 10000, GREEN 10000, POINTS 1000 (10 积分 buy 1 零钱), RED 0, GOLD 0;
 * any other currency 0 until configured. as must not be NULL. */
void	gb_sim_defaults(struct gb_sim_assume *as);

/* Sets (or adds) a currency's cash value, bp clamped into
 * 0 … GB_SIM_VALUE_BP_MAX. Returns 0, or -1 when code is NULL, empty or
 * too long, or the table is full. */
int	gb_sim_set_value(struct gb_sim_assume *as, const char *code, int bp);

/* A currency's cash value in bp; 0 when as or code is NULL or the
 * currency is not in the table. */
int	gb_sim_value(const struct gb_sim_assume *as, const char *code);

/* Simulates one successful draw of a (a parsed activity) under as (see
 * above) into *out. name(code, ud) gives a currency's display name for the
 * labels; name may be NULL (or return NULL): the code is shown. Everything
 * is borrowed. Returns 0, or -1 when a, as or out is NULL, the activity is
 * not drawable (seats, winners out of range) or memory ran out; *out is
 * then unspecified. */
int	gb_simulate(const struct gb_activity *a, const struct gb_sim_assume *as,
	    const char *(*name)(const char *code, void *ud), void *ud,
	    struct gb_sim_result *out);

#endif
