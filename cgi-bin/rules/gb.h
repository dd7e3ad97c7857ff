/* gb: the pure rules of the group-buy (拼团) engine, FEATURES D1, D5, D6.
 * No I/O, no database, no globals: the service (lib/svc_gb_*.c) reads
 * the state, calls these, and applies what they return through the ledger.
 *
 *   gb_activity.c  an activity's configuration: parse and validate the JSON
 *                  (a message per field), export it, describe every rule and
 *                  reward line in plain Chinese for the activity page.
 *   gb_draw.c      the provably fair draw: commitment, and the group's
 *                  stream of the fair random stream (fairrand.h).
 *   gb_elig.c      eligibility of each seat under the rules (D5 order),
 *                  relaxation, the conflict policy, and the per-member state
 *                  the streak/cumulative/window rules run on.
 *   gb_reward.c    the reward schedule (D6): which lines pay whom how much.
 *   gb_sim.c       the economics simulator (D12), declared in gb_sim.h: one
 *                  synthetic draw through gb_plan, valued in cash.
 *
 * Amounts are int64 in the currency's smallest unit (every currency has 2
 * decimals); bp is basis points of the activity's price, rounded half-up
 * (bp_of in amount.h). */
#ifndef PT_GB_H
#define PT_GB_H
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "fairrand.h"

#define GB_MAX_SEATS	100	/* seats per group */
#define GB_MAX_PRODUCTS	10	/* product options per activity */
#define GB_MAX_LINES	32	/* reward lines per activity */
#define GB_CODE_LEN	16	/* currency code, without the NUL */

enum gb_mode { GB_LEADER, GB_PUBLIC };
enum gb_conflict { GB_CONFLICT_FAIL, GB_CONFLICT_RANDOM };

/* The eligibility rules in the order D5 applies them. A seat's reason is
 * the first rule (not relaxed) that excludes it. */
enum gb_rule {
	GB_ELIGIBLE = 0,
	GB_R_PLATFORM,		/* "platform": a platform seat (D9), never relaxed */
	GB_R_RED_CAP,		/* "red_cap": holds >= red_cap 红券 */
	GB_R_MEMBER_DAILY,	/* "member_daily_wins": today's wins in this activity */
	GB_R_NEW_DAILY,		/* "new_member_daily_wins": same, for a new member (A7) */
	GB_R_FIRST_OF_DAY,	/* "first_of_day_seat1": first join of the day, in seat 1 */
	GB_R_NEW_FIRST,		/* "new_first_seat1": a new member's first join ever, in seat 1 */
	GB_R_STREAK,		/* "streak": after X consecutive wins, Y joins without */
	GB_R_CUMULATIVE,	/* "cumulative": after X wins in all, Y joins without */
	GB_R_WINDOW,		/* "window": at most Y wins in any X consecutive joins */
	GB_NRULES
};

/* The JSON key of a rule ("red_cap", …) and back (GB_ELIGIBLE when
 * unknown). Static strings. */
const char	*gb_rule_key(enum gb_rule r);
enum gb_rule	 gb_rule_by_key(const char *key);
/* A short Chinese label ("持有红券超限", "平台补位", …). Static. */
const char	*gb_rule_label(enum gb_rule r);

struct gb_rules {
	int64_t		 red_cap;		/* 0: off */
	int		 member_daily_wins;	/* 0: off */
	int		 new_member_daily_wins;	/* 0: off */
	int		 first_of_day_seat1;	/* bool */
	int		 new_first_seat1;	/* bool */
	int		 streak_wins, streak_skip;	/* 0: off */
	int		 cum_wins, cum_skip;		/* 0: off */
	int		 window_joins, window_max_wins;	/* 0: off; joins <= 64 */
	enum gb_rule	 relax_order[GB_NRULES];	/* default: member daily, new daily */
	size_t		 nrelax;
	enum gb_conflict conflict;			/* default: fail */
};

enum gb_on { GB_ON_WON, GB_ON_LOST, GB_ON_SEAT, GB_ON_SUCCESS, GB_ON_FAILURE };
enum gb_to { GB_TO_SELF, GB_TO_UPLINE1, GB_TO_UPLINE2, GB_TO_LEADER,
	GB_TO_LEADER_RECOMMENDER, GB_TO_OWNER, GB_TO_REGION, GB_TO_BRANCH,
	GB_TO_MERCHANT };
enum gb_do { GB_DO_CREDIT, GB_DO_CONVERT, GB_DO_RELEASE, GB_DO_POOL,
	GB_DO_SHARE };

/* One reward line (D6). JSON: {"on","to","do","currency","from","amount"
 * | "bp","pool"}. */
struct gb_line {
	enum gb_on	 on;
	enum gb_to	 to;
	enum gb_do	 act;
	char		 currency[GB_CODE_LEN + 1];	/* credited / converted into;
							 * pool: contributed (CHANGE) */
	char		 from[GB_CODE_LEN + 1];	/* convert, release: given up */
	int64_t		 amount;		/* fixed amount, or 0 with bp */
	int		 bp;			/* basis points of the price */
	char		 pool[8];		/* pool: "daily" or "monthly" */
	int		 promoter_only;		/* pays only a beneficiary who is a
						 * promoter (A6) at the draw */
};

struct gb_activity {
	char		 name[121];		/* UTF-8, at most 40 characters */
	enum gb_mode	 mode;
	int64_t		 price;			/* the stake, 零钱 fen */
	int		 seats, winners;	/* 2..GB_MAX_SEATS, 1..seats-1 */
	int		 time_limit_min;	/* leader groups expire after it */
	int		 daily_join_limit;	/* per member per day; 0: none */
	long long	 products[GB_MAX_PRODUCTS];	/* product ids; may be none */
	size_t		 nproducts;
	/* D1 購物券 options: a winner who picks one is credited this amount
	 * of 购物券 (VOUCHER) instead of a product; products and vouchers
	 * together at most GB_MAX_PRODUCTS */
	int64_t		 vouchers[GB_MAX_PRODUCTS];
	size_t		 nvouchers;
	struct gb_rules	 rules;
	struct gb_line	 lines[GB_MAX_LINES];
	size_t		 nlines;
};

/* --- gb_activity.c --------------------------------------------------------- */

#define GB_MAX_ERRORS	16
struct gb_errors {
	size_t		 n;
	struct {
		char	 field[48];	/* "seats", "rules.streak.wins", "rewards[2].currency" */
		char	 message[160];	/* Chinese, names the field */
	}		 e[GB_MAX_ERRORS];
};

/* Parses and validates an activity's JSON into *out. currencies is the
 * NULL-terminated list of known currency codes. Returns 0, or the number
 * of errors (> 0) with every problem found listed in *err (at most
 * GB_MAX_ERRORS) and *out unspecified. Defaults for absent optional
 * fields: mode "public", time_limit_min 1440, daily_join_limit 0, rules
 * all off, relax_order [member_daily_wins, new_member_daily_wins],
 * conflict "fail", no products, no vouchers, no rewards. "vouchers" is a
 * list of 购物券 amounts ("50.00"), each an option a winner may pick
 * instead of a product (D1); it needs the currency VOUCHER. */
int	gb_activity_parse(struct json_object *j, const char *const *currencies,
	    struct gb_activity *out, struct gb_errors *err);
/* D1: the price zone of a stake of price (fen) among zones (¥, ascending,
 * the setting gb.zones): the smallest zone that is at least the price, so
 * the 99 元区 holds what costs up to ¥99.00 and ¥100.00 is in the next one;
 * a price past the last zone is in the last (the largest of the large
 * zones). 0 when there is no zone. */
int64_t	gb_zone_of(int64_t price, const int64_t *zones, size_t n);
/* Basis points as a percentage for people: "5%", "2.5%", "0.01%",
 * "-16.26%" into out (24 bytes), returned. */
char	*gb_pct_format(int bp, char out[24]);
/* The canonical JSON of an activity (what parse accepts; amounts as
 * "12.34" strings; rules that are off left out). New object. */
struct json_object *gb_activity_json(const struct gb_activity *a);
/* Every active rule and every reward line of the activity as Chinese
 * sentences with their numbers, for the activity page: a new object
 * {"rules": ["…", …], "rewards": ["…", …], "vouchers": ["…", …]} (the
 * 购物券 options, when there are any). name(code, ud) gives a
 * currency's display name. */
struct json_object *gb_activity_describe(const struct gb_activity *a,
	    const char *(*name)(const char *code, void *ud), void *ud);

/* --- gb_draw.c ------------------------------------------------------------- */

/* The random stream of a group: the fair random stream (fairrand.h) of
 * its seed named by the decimal group id, so block b (0, 1, …) is
 * HMAC-SHA256(key = seed, message = ASCII "<group_id>:<b>"). The draw is
 * fairrand_pick over the eligible seat numbers, ascending. */
void	 gb_stream_init(struct fairrand *s, const uint8_t seed[32],
	    unsigned long long group_id);
/* hex(SHA-256(seed)), 64 lowercase hex digits and a NUL. */
void	 gb_commitment(const uint8_t seed[32], char hex[65]);

/* --- gb_elig.c ------------------------------------------------------------- */

/* What the streak, cumulative and window rules remember of one member in
 * one activity, over the joins drawn so far (all zero at first). */
struct gb_member_state {
	int		 day;		/* yyyymmdd day_wins counts for */
	int		 day_wins;
	int		 streak;	/* consecutive wins so far */
	int		 streak_skip;	/* joins left that cannot win */
	int		 cum;		/* wins since the last cumulative penalty */
	int		 cum_skip;
	uint64_t	 recent;	/* bit 0: the latest drawn join (1 = won) */
	int		 nrecent;	/* valid bits in recent, <= 64 */
};

/* One seat of a full group, as the service found it. */
struct gb_seat {
	int		 no;		/* 1-based, seats in ascending order */
	int		 platform;	/* a platform seat: never eligible */
	int64_t		 red_held;	/* the member's 红券 */
	int		 is_new;	/* A7 new member, at the draw */
	int		 first_today;	/* the member's first join today in this activity */
	int		 first_ever;	/* the member's first join ever, any activity */
	struct gb_member_state st;
};

enum gb_outcome {
	GB_DRAW_OK,	/* winners among eligible seats */
	GB_DRAW_RANDOM,	/* conflict "random": among all member seats */
	GB_DRAW_FAIL	/* conflict "fail", or fewer member seats than winners */
};

struct gb_eligibility {
	enum gb_rule	 why[GB_MAX_SEATS];	/* by seat index (no - 1) */
	int		 eligible[GB_MAX_SEATS];	/* seat numbers, ascending */
	size_t		 neligible;
	unsigned	 relaxed;	/* bit (1u << rule) per relaxed rule */
	enum gb_outcome	 outcome;
};

/* Applies the rules (D5 order) to the n seats of a full group needing m
 * winners on day today (yyyymmdd; a state whose day differs has no wins
 * today). When fewer than m are eligible, relaxes rules one at a time in
 * relax_order (cumulatively); still short: conflict "fail" → GB_DRAW_FAIL,
 * "random" → GB_DRAW_RANDOM with every member seat eligible and their why
 * GB_ELIGIBLE (privileges void). Platform seats are GB_R_PLATFORM always. */
void	gb_eligibility(const struct gb_rules *r, const struct gb_seat *seats,
	    size_t n, size_t m, int today, struct gb_eligibility *out);
/* The member's state after one more drawn join (won or not) on day today.
 * Not called for a failed draw (no privilege consumed). */
void	gb_state_next(const struct gb_rules *r, struct gb_member_state *st,
	    int today, int won);

/* --- gb_reward.c ----------------------------------------------------------- */

/* Who a seat's beneficiaries are (0: nobody, the line pays nothing). */
struct gb_people {
	long long	 self, upline1, upline2, region, branch, merchant;
	unsigned	 promoters;	/* bit (1u << GB_TO_x): that one is a
					 * promoter (for promoter_only lines) */
};

struct gb_draw_seat {
	int		 no;
	int		 platform;	/* platform seats earn and cause nothing */
	int		 won;
	struct gb_people p;
};

struct gb_group_people {
	long long	 leader, leader_recommender, owner;
	unsigned	 promoters;	/* as in gb_people */
};

struct gb_reward {
	size_t		 line;		/* index into activity lines */
	int		 seat;		/* seat number, or 0 for a once-per-group line */
	long long	 to;		/* member id; 0 for a pool */
	enum gb_do	 act;
	char		 currency[GB_CODE_LEN + 1];
	char		 from[GB_CODE_LEN + 1];
	char		 pool[8];
	int64_t		 amount;	/* > 0 */
};

/* What a member holds of a currency (for capping convert and release). */
typedef int64_t (*gb_held_fn)(void *ud, long long member, const char *currency);

/* Plans the reward schedule of a drawn (success 1) or failed (success 0)
 * group: for each line in order, for each member seat in seat order whose
 * trigger matches (won / lost / seat: any member seat of a drawn group;
 * success / failure: every member seat of the group), the beneficiary of
 * that seat. A line whose beneficiary is the leader, the leader's
 * recommender or the owner and whose trigger is success or failure pays
 * once per group (seat 0). Amount: the fixed amount, or bp of the price
 * half-up. Convert and release are capped by what the member holds, less
 * what earlier planned lines already take. Zero amounts and absent
 * beneficiaries are left out. Writes at most max rewards; returns how many,
 * or -1 when max was too small. */
int	gb_plan(const struct gb_activity *a, int success,
	    const struct gb_group_people *g, const struct gb_draw_seat *seats,
	    size_t n, gb_held_fn held, void *ud, struct gb_reward *out,
	    size_t max);

#endif
